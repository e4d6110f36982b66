//! Rules over documents with thousands of sections, comments and placeholders (issue #8,
//! one large file in linear time): the findings are those of the small case, repeated.
//! These steps were quadratic once (every section compared with every earlier one, every
//! comment with every section, every placeholder with every earlier one); the inputs are
//! large enough to show a regression as a slow suite, and no test measures time.

use chrono::NaiveDate;
use redline::ast::Format;
use redline::diagnostic::Diagnostic;
use redline::lint::{Settings, lint};
use redline::source::Source;

fn findings(name: &str, text: &str, format: Format, rule: &str) -> (Source, Vec<Diagnostic>) {
    let source = Source::from_text(name, text, format);
    let mut settings = Settings::new(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    settings.select(&[rule]);
    let checked = lint(&source, &settings);
    (source, checked.diagnostics)
}

/// 1-based line of a byte offset.
fn line(source: &Source, offset: usize) -> usize {
    source.line_col(offset).0
}

/// Five copies of sections `1.`..`999.` (the largest heading number the text parser takes:
/// `1000.` could be a year): every section after the first copy repeats a number, and
/// names the first section with it (in the first copy), not the previous one.
#[test]
fn duplicate_section_numbers_in_thousands_of_sections() {
    const N: usize = 999;
    const COPIES: [&str; 5] = ["alpha", "beta", "gamma", "delta", "epsilon"];
    let mut text = String::from("Privacy Policy\n\n");
    for copy in COPIES {
        for i in 1..=N {
            text.push_str(&format!("{i}. Section {copy} {i}\n\nWe keep data {i}.\n\n"));
        }
    }
    let (source, found) = findings("many.txt", &text, Format::Text, "S004");
    assert_eq!(found.len(), 4 * N);
    assert!(found.iter().all(|d| d.code == "S004"));
    // Section `k` of copy `c` (0-based) is on line 3 + 4 * (c * N + k - 1).
    let heading_line = |copy: usize, k: usize| 3 + 4 * (copy * N + k - 1);
    for (n, d) in found.iter().enumerate() {
        let (copy, k) = (1 + n / N, 1 + n % N);
        let second = COPIES[copy];
        assert_eq!(
            &*d.message,
            format!(
                "Section number {k} is used twice: 'Section alpha {k}' and 'Section {second} {k}'"
            )
        );
        assert_eq!(line(&source, d.labels[0].span.start), heading_line(copy, k));
        assert_eq!(line(&source, d.labels[1].span.start), heading_line(0, k));
    }
}

/// Markdown sections whose only content is a comment are empty; raw HTML after a heading
/// is content; comments elsewhere change nothing. 1500 sections, 1000 comments.
#[test]
fn empty_sections_among_thousands_of_comments() {
    const N: usize = 500;
    let mut text = String::from("# Privacy\n\n");
    for i in 0..N {
        text.push_str(&format!(
            "## Empty {i}\n\n<!-- note {i} -->\n\n## Raw {i}\n\n<table><tr><td>x{i}</td></tr></table>\n\n## Full {i}\n\nSome text {i}.\n\n<!-- tail {i} -->\n"
        ));
    }
    let (source, found) = findings("comments.md", &text, Format::Markdown, "S006");
    let got: Vec<(usize, &str)> = found
        .iter()
        .map(|d| (line(&source, d.span.start), &*d.message))
        .collect();
    let want: Vec<(usize, String)> = (0..N)
        .map(|i| (3 + 13 * i, format!("Section 'Empty {i}' has no content")))
        .collect();
    assert_eq!(got.len(), want.len());
    for ((gl, gm), (wl, wm)) in got.iter().zip(&want) {
        assert_eq!((gl, *gm), (wl, wm.as_str()));
    }
}

/// 3000 paragraphs, each with a bracketed placeholder and an address on a reserved
/// domain: every placeholder is found once, the address's own domain is not reported
/// again as a bracket or filler hit inside it.
#[test]
fn thousands_of_placeholders() {
    const N: usize = 3000;
    let mut text = String::from("Privacy Policy\n\n");
    for i in 0..N {
        text.push_str(&format!(
            "[Company Name] keeps record {i}. Write to privacy{i}@example.com.\n\n"
        ));
    }
    let (source, found) = findings("placeholders.txt", &text, Format::Text, "L003");
    let brackets: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.message.contains("`[Company Name]`"))
        .collect();
    let addresses: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.message.contains("@example.com`"))
        .collect();
    assert_eq!(brackets.len(), N);
    assert_eq!(addresses.len(), N);
    assert_eq!(found.len(), 2 * N);
    for (i, (b, a)) in brackets.iter().zip(&addresses).enumerate() {
        assert_eq!(line(&source, b.span.start), 3 + 2 * i);
        assert_eq!(&source.text[b.span.start..b.span.end], "[Company Name]");
        assert_eq!(
            &source.text[a.span.start..a.span.end],
            format!("privacy{i}@example.com")
        );
    }
}
