//! Property tests (issue #8, proptest): invariants that must hold for every input, not just
//! the corpus.
//!
//! - parsing never panics on arbitrary bytes or strings, in every front end;
//! - every span in the AST and in every finding lies inside the source, on character
//!   boundaries, with `start <= end`;
//! - `diff(a, a)` reports no change;
//! - every sentence of both versions is accounted for by a diff: unchanged, or in a
//!   removed / added / changed / moved block; a changed block's word operations rebuild
//!   both texts exactly;
//! - findings are identical for the LF and CRLF versions of a file.
//!
//! `PROPTEST_CASES=10000 cargo test --test properties` for a longer run.

use proptest::prelude::*;
use redline::ast::{Document, Format};
use redline::diff::{DiffOptions, diff};
use redline::lint::{Settings, lint};
use redline::source::{Source, decode};

/// 64 cases per property by default (the suite stays fast on two cores);
/// `PROPTEST_CASES` raises it.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    ProptestConfig::with_cases(cases)
}

const FORMATS: [Format; 2] = [Format::Text, Format::Markdown];

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// Every `{start, end}` object in the serialised document, with the path to it.
fn spans(v: &serde_json::Value, path: &str, out: &mut Vec<(String, u64, u64)>) {
    match v {
        serde_json::Value::Object(m) => {
            if let (Some(s), Some(e)) = (
                m.get("start").and_then(|x| x.as_u64()),
                m.get("end").and_then(|x| x.as_u64()),
            ) {
                out.push((path.to_string(), s, e));
            }
            for (k, x) in m {
                spans(x, &format!("{path}.{k}"), out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                spans(x, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn check_span(text: &str, what: &str, start: usize, end: usize) -> Result<(), TestCaseError> {
    prop_assert!(start <= end, "{what}: start {start} > end {end}");
    prop_assert!(end <= text.len(), "{what}: end {end} > len {}", text.len());
    prop_assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: {start}..{end} not on character boundaries"
    );
    Ok(())
}

fn check_document(src: &Source, doc: &Document) -> Result<(), TestCaseError> {
    let v = serde_json::to_value(doc).unwrap();
    let mut found = Vec::new();
    spans(&v, "doc", &mut found);
    for (path, s, e) in found {
        check_span(&src.text, &path, s as usize, e as usize)?;
    }
    Ok(())
}

/// Policy-shaped text: headings, numbered lines, TOC cues, dates, e-mail addresses, lists,
/// Markdown punctuation and odd characters, in any order.
fn policy_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("# Privacy Policy".to_string()),
        Just("Table of Contents".to_string()),
        Just("Last updated: 2022-02-10".to_string()),
        Just("Effective date: March 3, 2024".to_string()),
        Just("Contact us at privacy@example.org or +1 415 555 0100.".to_string()),
        Just("We keep your data for 30 days.".to_string()),
        Just("* [Cookies](#cookies)".to_string()),
        Just("> quoted **bold** _text_".to_string()),
        Just("| a | b |\n|---|---|\n| 1 | 2 |".to_string()),
        Just("---\ntitle: x\n---".to_string()),
        Just("第四条 个人信息".to_string()),
        Just("\u{200b}\u{a0}\u{feff}é💡".to_string()),
        (1u32..15, "[A-Za-z ]{0,30}").prop_map(|(n, t)| format!("Section {n}: {t}")),
        (1u32..15, "[A-Za-z ]{0,30}").prop_map(|(n, t)| format!("{n}. {t}")),
        (1u8..7, "[A-Za-z ]{0,30}").prop_map(|(n, t)| format!("{} {t}", "#".repeat(n as usize))),
        "[ -~]{0,60}",
        "\\PC{0,40}",
    ];
    prop::collection::vec(line, 0..40).prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn decoding_and_parsing_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok(text) = decode(&bytes) {
            for f in FORMATS {
                let src = Source::from_text("x", &text, f);
                let doc = redline::parse::parse(&src);
                check_document(&src, &doc)?;
            }
        }
    }

    #[test]
    fn spans_lie_inside_the_source_on_char_boundaries(text in policy_like()) {
        for f in FORMATS {
            let src = Source::from_text("x", &text, f);
            let checked = lint(&src, &Settings::new(today()));
            check_document(&src, &checked.document)?;
            for d in &checked.diagnostics {
                check_span(&src.text, d.code, d.span.start, d.span.end)?;
                for l in &d.labels {
                    check_span(&src.text, d.code, l.span.start, l.span.end)?;
                }
            }
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(text in "\\PC{0,500}") {
        for f in FORMATS {
            let src = Source::from_text("x", &text, f);
            let checked = lint(&src, &Settings::new(today()));
            check_document(&src, &checked.document)?;
            // Built run by run, the lower-case body equals lower-casing the whole body
            // (Greek final sigma and other context-dependent mappings included).
            prop_assert_eq!(
                checked.document.lower_body_text(),
                checked.document.body_text().to_lowercase()
            );
        }
    }

    #[test]
    fn a_version_diffed_with_itself_has_no_change(text in policy_like()) {
        for f in FORMATS {
            let src = Source::from_text("x", &text, f);
            let doc = redline::parse::parse(&src);
            let r = diff(&src, &doc, &src, &doc, &DiffOptions::default());
            prop_assert!(r.sections.is_empty(), "{:?}", r.sections);
            prop_assert!(r.preamble.is_empty(), "{:?}", r.preamble);
            prop_assert!(r.facts.is_empty(), "{:?}", r.facts);
            prop_assert_eq!(r.verdict, redline::diff::Materiality::None);
        }
    }

    #[test]
    fn lf_and_crlf_give_the_same_findings(text in policy_like()) {
        let settings = Settings::new(today());
        for f in FORMATS {
            let lf = Source::from_text("x", &text, f);
            let crlf = Source::from_text("x", &text.replace('\n', "\r\n"), f);
            let a: Vec<_> = lint(&lf, &settings).diagnostics.iter()
                .map(|d| (d.code, d.message.clone(), lf.line_col(d.span.start)))
                .collect();
            let b: Vec<_> = lint(&crlf, &settings).diagnostics.iter()
                .map(|d| (d.code, d.message.clone(), crlf.line_col(d.span.start)))
                .collect();
            prop_assert_eq!(a, b);
        }
    }
}

/// A sentence of 3–8 words from a small vocabulary (so that versions share words and the
/// similarity pairing is exercised), ending with a full stop.
fn sentence() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "we",
        "collect",
        "your",
        "email",
        "address",
        "share",
        "data",
        "with",
        "partners",
        "retain",
        "records",
        "for",
        "days",
        "cookies",
        "analytics",
        "rights",
        "access",
        "delete",
        "contact",
        "processor",
        "location",
        "payment",
        "children",
    ]);
    prop::collection::vec(word, 3..9).prop_map(|w| {
        let mut s = w.join(" ");
        s[..1].make_ascii_uppercase();
        s.push('.');
        s
    })
}

/// Sections of paragraphs of sentences, and an edited copy: sentences deleted, inserted,
/// reworded (one word replaced) and sections dropped.
fn version_pair() -> impl Strategy<Value = (Vec<Vec<String>>, Vec<Vec<String>>)> {
    prop::collection::vec(prop::collection::vec(sentence(), 1..6), 1..6).prop_flat_map(|old| {
        let n = old.len();
        let edits = prop::collection::vec((0u8..4, any::<prop::sample::Index>(), sentence()), 0..8);
        (Just(old), edits, prop::collection::vec(any::<bool>(), n)).prop_map(
            |(old, edits, keep)| {
                let mut new: Vec<Vec<String>> = old.clone();
                for (op, at, s) in edits {
                    let sec = at.index(new.len());
                    let body = &mut new[sec];
                    match op {
                        0 if body.len() > 1 => {
                            let k = at.index(body.len());
                            body.remove(k);
                        }
                        1 => {
                            let k = at.index(body.len() + 1);
                            body.insert(k, s);
                        }
                        2 => {
                            let k = at.index(body.len());
                            body[k] = body[k].replacen(' ', " really ", 1);
                        }
                        _ => {}
                    }
                }
                let new = new
                    .into_iter()
                    .zip(keep)
                    .enumerate()
                    .filter(|(i, (_, k))| *k || *i == 0)
                    .map(|(_, (s, _))| s)
                    .collect();
                (old, new)
            },
        )
    })
}

fn render(sections: &[Vec<String>]) -> String {
    let mut out = String::from("# Privacy Policy\n\n");
    for (i, s) in sections.iter().enumerate() {
        out.push_str(&format!("## Topic number {i}\n\n{}\n\n", s.join(" ")));
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn every_sentence_is_accounted_for((old, new) in version_pair()) {
        let (a, b) = (render(&old), render(&new));
        let (sa, sb) = (
            Source::from_text("a.md", &a, Format::Markdown),
            Source::from_text("b.md", &b, Format::Markdown),
        );
        let (da, db) = (redline::parse::parse(&sa), redline::parse::parse(&sb));
        let r = diff(&sa, &da, &sb, &db, &DiffOptions::default());
        prop_assert!(!r.degraded);
        let blocks: Vec<&redline::diff::BlockChange> = r
            .sections
            .iter()
            .flat_map(|s| s.blocks.iter())
            .chain(r.preamble.iter())
            .collect();
        // Word operations rebuild both sides of every changed or moved block.
        for blk in &blocks {
            if blk.words.is_empty() {
                continue;
            }
            let side = |keep: &str| -> String {
                blk.words.iter().filter(|w| w.op == "equal" || w.op == keep)
                    .map(|w| w.text.as_str()).collect()
            };
            prop_assert_eq!(Some(side("delete")), blk.old.clone());
            prop_assert_eq!(Some(side("insert")), blk.new.clone());
        }
        let olds: Vec<&str> = blocks.iter().filter_map(|b| b.old.as_deref()).collect();
        let news: Vec<&str> = blocks.iter().filter_map(|b| b.new.as_deref()).collect();
        let all_old: Vec<&String> = old.iter().flatten().collect();
        let all_new: Vec<&String> = new.iter().flatten().collect();
        // An old sentence is still in the new version, or a block change holds it.
        for s in &all_old {
            prop_assert!(
                all_new.contains(s) || olds.iter().any(|o| o.contains(s.as_str())),
                "old sentence {:?} unaccounted for\nold:\n{}\nnew:\n{}", s, a, b
            );
        }
        for s in &all_new {
            prop_assert!(
                all_old.contains(s) || news.iter().any(|n| n.contains(s.as_str())),
                "new sentence {:?} unaccounted for\nold:\n{}\nnew:\n{}", s, a, b
            );
        }
        if old == new {
            prop_assert!(r.sections.is_empty() && r.preamble.is_empty());
        }
    }
}
