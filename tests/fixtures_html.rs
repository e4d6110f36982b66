//! The HTML front end on real pages: title, top-level sections, dates, tables, links, and
//! that spans point at the real lines of the HTML file, checked against values read from
//! each page by hand (`grep -n` on the file, not redline's output).
//!
//! The fixtures are verbatim copies of pages from `../shared/corpus` (see
//! `tests/fixtures/corpus/SOURCES.md`); the last test reads every HTML page of the shared
//! corpus when it is there.

mod common;

use std::path::{Path, PathBuf};

use redline::ast::{Block, DateRole, Document, Span, Text};
use redline::source::Source;

use common::{diagnostics, json, policy_dates, redline, shared_corpus, title, titled, titles};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name)
}

/// Reads and parses a file the way `redline` does.
fn load_path(path: &Path) -> (Source, Document) {
    let source = redline::source::read_source(path, None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = redline::parse::parse(&source);
    (source, doc)
}

fn load(name: &str) -> (Source, Document) {
    load_path(&fixture(name))
}

fn paragraphs(blocks: &[Block]) -> Vec<&str> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) => Some(t.text.as_str()),
            _ => None,
        })
        .collect()
}

/// 1-based line of the first occurrence of `needle` in the raw file, found by plain text
/// search (independent of the parser).
fn line_of(raw: &str, needle: &str) -> usize {
    let at = raw
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the file"));
    raw[..at].matches('\n').count() + 1
}

fn line(source: &Source, span: Span) -> usize {
    source.line_col(span.start).0
}

/// Every span is inside the text and on character boundaries, and every verbatim segment
/// really is a copy of the HTML source.
fn check_spans(source: &Source, doc: &Document) {
    let src = &source.text;
    let ok = |s: Span, what: &str| {
        assert!(
            s.start <= s.end
                && s.end <= src.len()
                && src.is_char_boundary(s.start)
                && src.is_char_boundary(s.end),
            "{}: bad {what} span {s:?}",
            source.name()
        );
    };
    let mut texts: Vec<&Text> = doc.title.iter().collect();
    for b in doc.all_blocks() {
        texts.extend(b.texts());
    }
    for t in texts {
        ok(t.span, "text");
        for (off, seg) in t.source_segments() {
            ok(seg, "segment");
            assert_eq!(
                t.text.get(off..off + seg.len()),
                Some(&src[seg.start..seg.end]),
                "{}: segment {seg:?} of {:?}",
                source.name(),
                t.text
            );
        }
        for l in &t.links {
            ok(l.span, "link");
        }
    }
    for s in doc.all_sections() {
        ok(s.span, "section");
        ok(s.title_span, "title");
        assert_eq!(
            &src[s.title_span.start..s.title_span.end],
            s.title,
            "{}: title span",
            source.name()
        );
    }
    for c in &doc.comments {
        ok(c.span, "comment");
    }
}

// ---------------------------------------------------------------------------------------
// Mozilla accounts privacy notice (generated from Markdown: h1, h2, h3 with ids; tables)
// ---------------------------------------------------------------------------------------

const MOZILLA_EN_TOP: [&str; 9] = [
    "At Mozilla, we believe that privacy is fundamental to a healthy internet",
    "How Mozilla processes your data",
    "How we share your personal data",
    "International transfers of data",
    "How long we keep your data",
    "Your rights and choices",
    "Changes",
    "Data definitions",
    "Lawful bases",
];

#[test]
fn mozilla_accounts_en_structure() {
    let (source, doc) = load("mozilla-accounts-privacy-notice-en.html");
    check_spans(&source, &doc);
    assert_eq!(title(&doc), Some("Mozilla Accounts Privacy Notice"));
    assert_eq!(titles(&doc.sections), MOZILLA_EN_TOP);
    assert!(doc.sections.iter().all(|s| s.level == 1));
    assert_eq!(
        titles(&doc.sections[1].children),
        [
            "To provide you with your Mozilla account",
            "To provide and improve Mozilla accounts and connected services",
            "To provide and improve security",
            "To pseudonymize, de-identify, aggregate or anonymize data",
            "To communicate with you, including when marketing our services",
            "To comply with applicable laws, and identify and prevent harmful, unauthorized or illegal activity",
        ]
    );
    assert_eq!(
        titles(&doc.sections[5].children),
        ["Your rights", "Your choices"]
    );
    assert!(doc.sections[1].children.iter().all(|s| s.level == 2));
    // `<p datetime="2026-02-10">Effective February 10, 2026</p>` under the title.
    assert_eq!(
        policy_dates(&doc),
        [("2026-02-10".to_string(), DateRole::Effective)]
    );
    assert!(doc.toc.is_none());
    // The element ids are anchors of their sections.
    assert!(
        doc.sections[2]
            .anchors
            .contains(&"how-we-share-your-personal-data".to_string())
    );
}

#[test]
fn mozilla_accounts_en_tables_and_links() {
    let (source, doc) = load("mozilla-accounts-privacy-notice-en.html");
    let raw = &source.text;
    // "Data definitions": a header row and ten data types.
    let Block::Table { rows, .. } = &titled(&doc, "Data definitions").blocks[0] else {
        panic!("no table")
    };
    assert_eq!(rows.len(), 11);
    let header: Vec<&str> = rows[0].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        header,
        [
            "Data Type",
            "Description",
            "Examples for Mozilla account users"
        ]
    );
    assert_eq!(rows[1][0].text, "Account data");
    assert_eq!(rows[10][0].text, "Unique identifiers");
    // "Lawful bases": the first body row; the list in the second cell joins into its text.
    let Block::Table { rows, .. } = &titled(&doc, "Lawful bases").blocks[0] else {
        panic!("no table")
    };
    assert_eq!(rows[1][0].text, "To provide you with your Mozilla account");
    assert!(
        rows[1][1]
            .text
            .starts_with("Technical data Unique identifiers System performance"),
        "{}",
        rows[1][1].text
    );
    // Line 8: `Mozilla also collects <a href="#bookmark-how-we-use-data">certain data</a>`.
    let collect = &titled(&doc, "To provide you with your Mozilla account").blocks[1];
    let Block::Paragraph(p) = collect else {
        panic!("{collect:?}")
    };
    let link = &p.links[0];
    assert_eq!(link.text, "certain data");
    assert_eq!(link.target, "#bookmark-how-we-use-data");
    assert_eq!(line(&source, link.span), 8);
    assert_eq!(&raw[link.span.start..link.span.end], "certain data");
    // The DPO address after `<br/>` line breaks is one paragraph, lines folded.
    let rights = titled(&doc, "Your rights");
    assert!(
        paragraphs(&rights.blocks)
            .contains(&"Bird & Bird DPO Services SRL Avenue Louise 235 b 1 1050 Brussels Belgium"),
        "{:?}",
        paragraphs(&rights.blocks)
    );
}

#[test]
fn mozilla_accounts_de_structure() {
    let (source, doc) = load("mozilla-accounts-privacy-notice-de.html");
    check_spans(&source, &doc);
    assert_eq!(title(&doc), Some("Datenschutzhinweis für Mozilla-Konten"));
    assert_eq!(
        titles(&doc.sections),
        [
            "Wir bei Mozilla glauben, dass Datenschutz für ein gesundes Internet von grundlegender Bedeutung ist.",
            "So verarbeitet Mozilla Ihre Daten",
            "Weitergabe Ihrer personenbezogenen Daten",
            "Internationale Datenübermittlung",
            "Wie lange wir Ihre Daten aufbewahren",
            "Ihre Rechte und Optionen",
            "Änderungen",
            "Datendefinitionen",
            "Rechtsgrundlagen",
        ]
    );
    assert_eq!(doc.sections[1].children.len(), 6);
    assert_eq!(
        titles(&doc.sections[5].children),
        ["Ihre Rechte", "Ihre Optionen"]
    );
    // "Gültig ab 10. Februar 2026" (with a no-break space after "10.").
    assert_eq!(
        policy_dates(&doc),
        [("2026-02-10".to_string(), DateRole::Effective)]
    );
    let date = &doc.metadata.dates[0];
    assert_eq!(line(&source, date.span), 2);
    assert!(doc.toc.is_none());
}

#[test]
fn mozilla_heading_spans_are_the_real_html_lines() {
    for name in [
        "mozilla-accounts-privacy-notice-en.html",
        "mozilla-accounts-privacy-notice-de.html",
    ] {
        let (source, doc) = load(name);
        let raw = &source.text;
        let all = doc.all_sections();
        assert_eq!(all.len(), 17, "{name}: 9 h2 and 8 h3 headings");
        for s in all {
            let tag = format!("h{}", s.level + 1);
            let expected = line_of(raw, &format!(">{}</{tag}>", s.title));
            assert_eq!(line(&source, s.title_span), expected, "{name}: {}", s.title);
            assert_eq!(
                line(&source, s.heading_span),
                expected,
                "{name}: {}",
                s.title
            );
        }
        // The title: `<h1 id="...">` then the text, on line 1.
        let t = doc.title.as_ref().unwrap();
        let (l, col) = source.line_col(t.span.start);
        assert_eq!(l, 1);
        assert_eq!(col, raw.find(&t.text).unwrap() + 1);
    }
}

#[test]
fn mozilla_de_findings_point_at_html_lines() {
    let path = fixture("mozilla-accounts-privacy-notice-de.html");
    let path = path.display().to_string();
    let out = redline(&["check", &path, "--format", "json", "--today", "2026-11-30"]);
    let v = json(&out);
    assert!(v["files"][0].get("error").is_none(), "{}", v["files"][0]);
    // No cookies section (the page has none; its purposes are found through the German
    // synonyms): the finding points at the title's text on line 1, column 48 (after the
    // 47 characters of `<h1 id="...">`).
    let missing = diagnostics(&v, "R001");
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(
        missing[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Missing section `cookies`"),
        "{missing:?}"
    );
    for d in &missing {
        assert_eq!(d["span"]["line"], 1);
        assert_eq!(d["span"]["column"], 48);
    }
    let raw = std::fs::read_to_string(&path).unwrap();
    let start = missing[0]["span"]["start"].as_u64().unwrap() as usize;
    let end = missing[0]["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&raw[start..end], "Datenschutzhinweis für Mozilla-Konten");
}

// ---------------------------------------------------------------------------------------
// AKILIMO (a standalone page: <head> with <style>, h1 and h2, lists, mailto links)
// ---------------------------------------------------------------------------------------

#[test]
fn akilimo_structure() {
    let (source, doc) = load("akilimo-privacy-policy.html");
    check_spans(&source, &doc);
    assert_eq!(title(&doc), Some("Privacy Policy"));
    assert_eq!(line(&source, doc.title.as_ref().unwrap().span), 17);
    assert_eq!(
        titles(&doc.sections),
        [
            "Information Collection and Use",
            "Third Party Access",
            "Opt-Out Rights",
            "Data Retention Policy",
            "Children",
            "Security",
            "Changes",
            "Your Consent",
            "Contact Us",
        ]
    );
    let preamble = paragraphs(&doc.preamble);
    assert_eq!(preamble.len(), 1);
    assert!(preamble[0].starts_with(
        "This privacy policy applies to the AKILIMO Mobile App (hereby referred to as \"Application\") for mobile devices"
    ));
    // "This privacy policy is effective as of 2025-06-12." on line 153.
    assert_eq!(
        policy_dates(&doc),
        [("2025-06-12".to_string(), DateRole::Effective)]
    );
    assert_eq!(line(&source, doc.metadata.dates[0].span), 153);
    // The CSS in <head> is not text.
    assert!(!doc.body_text().contains("font-family"));
    let collect = &doc.sections[0];
    let Block::List { items, .. } = &collect.blocks[1] else {
        panic!("{:?}", collect.blocks[1])
    };
    assert_eq!(items.len(), 4);
    assert_eq!(
        items[3].text,
        "The operating system you use on your mobile device"
    );
    // Line 118: `<a href="mailto:akilimo@cgiar.org">akilimo@cgiar.org</a>`.
    let retention = titled(&doc, "Data Retention Policy");
    let Block::Paragraph(p) = &retention.blocks[0] else {
        panic!()
    };
    assert_eq!(p.links.len(), 1);
    assert_eq!(p.links[0].target, "mailto:akilimo@cgiar.org");
    assert_eq!(line(&source, p.links[0].span), 118);
    for s in doc.all_sections() {
        assert_eq!(
            line(&source, s.title_span),
            line_of(&source.text, &format!("<h2>{}</h2>", s.title)),
            "{}",
            s.title
        );
    }
}

#[test]
fn akilimo_stale_date_finding_and_suppression_comment() {
    let path = fixture("akilimo-privacy-policy.html");
    let out = redline(&[
        "check",
        &path.display().to_string(),
        "--format",
        "json",
        "--today",
        "2026-11-30",
    ]);
    let v = json(&out);
    let stale = diagnostics(&v, "D001");
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0]["span"]["line"], 153);
    assert_eq!(stale[0]["span"]["column"], 43);

    // The same page with HTML suppression comments: one before line 153 silences D001,
    // one naming S001 (no such finding) is reported unused at its own line.
    let raw = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = raw.split('\n').collect();
    lines.insert(
        152,
        "<!-- redline-disable-next-line D001: known, being updated -->",
    );
    lines.insert(25, "<!-- redline-disable-next-line S001 -->");
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("akilimo.html");
    std::fs::write(&copy, lines.join("\n")).unwrap();
    let out = redline(&[
        "check",
        &copy.display().to_string(),
        "--format",
        "json",
        "--today",
        "2026-11-30",
    ]);
    let v = json(&out);
    assert!(diagnostics(&v, "D001").is_empty(), "{v}");
    let unused = diagnostics(&v, "M001");
    assert_eq!(unused.len(), 1, "{unused:?}");
    assert_eq!(unused[0]["span"]["line"], 26);
}

// ---------------------------------------------------------------------------------------
// Nebulo (generator output: bold paragraphs instead of headings, <br> line breaks)
// ---------------------------------------------------------------------------------------

const NEBULO_SECTIONS: [&str; 9] = [
    "Information Collection and Use",
    "Log Data",
    "Cookies",
    "Service Providers",
    "Security",
    "Links to Other Sites",
    "Children’s Privacy",
    "Changes to This Privacy Policy",
    "Contact Us",
];

#[test]
fn nebulo_2019_05_bold_pseudo_headings() {
    let (source, doc) = load("01-2019-05-15.html");
    check_spans(&source, &doc);
    // `<h2>Privacy Policy</h2>` is the page's only heading (line 10).
    assert_eq!(title(&doc), Some("Privacy Policy"));
    assert_eq!(line(&source, doc.title.as_ref().unwrap().span), 10);
    // Nine `<p><strong>...</strong></p>`; "Your rights" is not bold in this version
    // (`<p><p>Your rights</p> As an user ...`), so it is not a heading.
    assert_eq!(titles(&doc.sections), NEBULO_SECTIONS);
    assert!(doc.sections.iter().all(|s| s.level == 1));
    for s in &doc.sections {
        assert_eq!(
            line(&source, s.title_span),
            line_of(&source.text, &format!("<strong>{}</strong>", s.title)),
            "{}",
            s.title
        );
    }
    assert_eq!(paragraphs(&doc.preamble).len(), 3);
    assert!(
        paragraphs(&titled(&doc, "Changes to This Privacy Policy").blocks).contains(&"Your rights")
    );
    assert!(doc.metadata.dates.is_empty());
    assert!(doc.toc.is_none());
}

#[test]
fn nebulo_2019_10_line_breaks_and_links() {
    let (source, doc) = load("03-2019-10-12.html");
    check_spans(&source, &doc);
    assert_eq!(title(&doc), Some("Privacy Policy"));
    let mut expected = NEBULO_SECTIONS.to_vec();
    expected.insert(8, "Your rights");
    assert_eq!(titles(&doc.sections), expected);
    assert_eq!(line(&source, titled(&doc, "Your rights").title_span), 96);
    // `called Log Data.<br><br>` ends a paragraph; single `<br>`s fold to spaces.
    let log = paragraphs(&titled(&doc, "Log Data").blocks);
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(
        log[0].ends_with("on your phone called Log Data."),
        "{}",
        log[0]
    );
    assert!(log[1].starts_with(
        "By default this log data contains no sensitive or individual-related data and only transmits the app version, the version of your operating system and the crash message. If consent"
    ));
    assert!(log[1].ends_with("neither inside, nor outside of this service."));
    let Block::Paragraph(p) = &titled(&doc, "Log Data").blocks[1] else {
        panic!()
    };
    assert_eq!(line(&source, p.span), 38);
    // The generator credit: the second link starts on line 111 (`... generated by <a
    // href="...">App`) and its text runs on to line 112.
    let contact = titled(&doc, "Contact Us");
    let Block::Paragraph(credit) = &contact.blocks[1] else {
        panic!()
    };
    let targets: Vec<(&str, &str)> = credit
        .links
        .iter()
        .map(|l| (l.text.as_str(), l.target.as_str()))
        .collect();
    assert_eq!(
        targets,
        [
            (
                "privacypolicytemplate.net",
                "https://privacypolicytemplate.net"
            ),
            (
                "App Privacy Policy Generator",
                "https://app-privacy-policy-generator.firebaseapp.com/"
            ),
        ]
    );
    assert_eq!(line(&source, credit.links[1].span), 111);
}

// ---------------------------------------------------------------------------------------
// Every HTML page of the shared corpus
// ---------------------------------------------------------------------------------------

/// Title and number of top-level sections of each page, read from the HTML.
const CORPUS_HTML: &[(&str, &str, usize)] = &[
    ("docs/akilimo-privacy-policy.html", "Privacy Policy", 9),
    (
        "docs/mozilla-accounts-privacy-notice-de.html",
        "Datenschutzhinweis für Mozilla-Konten",
        9,
    ),
    (
        "docs/mozilla-accounts-privacy-notice-en.html",
        "Mozilla Accounts Privacy Notice",
        9,
    ),
    // Nine bold paragraphs; "Your rights" became bold in the second version.
    (
        "history/nebulo-privacy-policy-html/01-2019-05-15.html",
        "Privacy Policy",
        9,
    ),
    (
        "history/nebulo-privacy-policy-html/02-2019-07-27.html",
        "Privacy Policy",
        10,
    ),
    (
        "history/nebulo-privacy-policy-html/03-2019-10-12.html",
        "Privacy Policy",
        10,
    ),
];

#[test]
fn every_corpus_html_page_parses_into_its_outline() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let mut found: Vec<String> = common::policy_files(&corpus)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html" || e == "htm"))
        .map(|p| {
            p.strip_prefix(&corpus)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    found.sort();
    let listed: Vec<&str> = CORPUS_HTML.iter().map(|(p, _, _)| *p).collect();
    assert_eq!(found, listed, "corpus HTML pages and this table differ");
    for (path, expected_title, count) in CORPUS_HTML {
        let (source, doc) = load_path(&corpus.join(path));
        check_spans(&source, &doc);
        assert_eq!(title(&doc), Some(*expected_title), "{path}");
        assert_eq!(
            doc.sections.len(),
            *count,
            "{path}: {:?}",
            titles(&doc.sections)
        );
        // Every top-level heading is on the line where the page has its text.
        for s in &doc.sections {
            let l = line(&source, s.title_span);
            let (ls, le) = source.lines.line_span(l).unwrap();
            assert!(
                source.text[ls..le].contains(&s.title),
                "{path}: {} not on line {l}",
                s.title
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Rules that look at the raw source between headings (a small synthetic page)
// ---------------------------------------------------------------------------------------

#[test]
fn empty_html_section_is_reported() {
    // The markup between two headings (and a script) is not content; the text after the
    // second heading is.
    let src = "<h1>Privacy</h1>\n<h2>Empty one</h2>\n<script>var x;</script>\n<h2>Full</h2>\n<p>Text.</p>\n";
    let source = Source::from_text("empty.html", src, redline::ast::Format::Html);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let checked = redline::lint::lint(&source, &redline::lint::Settings::new(today));
    let empty: Vec<(usize, &str)> = checked
        .diagnostics
        .iter()
        .filter(|d| d.code == "S006")
        .map(|d| (source.line_col(d.span.start).0, &*d.message))
        .collect();
    assert_eq!(empty, [(2, "Section 'Empty one' has no content")]);
}
