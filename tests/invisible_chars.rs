//! Invisible and no-break characters (issue #6, point 5): zero-width space, non-joiner,
//! joiner (U+200B-U+200D), word joiner (U+2060), a mid-text U+FEFF, the soft hyphen, and the
//! no-break spaces U+00A0 / U+202F inside dates, e-mail addresses and headings do not break
//! recognition, and every span still points at the original characters.

mod common;

use redline::ast::{DateRole, Document, Format, SectionKind};
use redline::source::Source;

fn parse(text: &str, format: Format) -> Document {
    redline::parse::parse(&Source::from_text("t", text, format))
}

fn at(text: &str, span: redline::ast::Span) -> &str {
    &text[span.start..span.end]
}

const MD: &str = "# Privacy\u{a0}Policy\n\n\
Last updated:\u{a0}2024-03-01\n\n\
Effective\u{202f}date: 1\u{a0}March\u{200b}\u{a0}2024\n\n\
## \u{200b}Your\u{a0}rights\n\n\
You have the right of access.\n\n\
## 3.\u{a0}Data\u{200b} Re\u{ad}tention\n\n\
We keep data for a year.\n\n\
## Contact\u{2060}\u{a0}us\n\n\
Write to privacy\u{200b}@\u{200b}example-corp.eu or hello\u{a0}[at]\u{a0}acme\u{202f}[dot]\u{a0}com.\n";

#[test]
fn dates_with_no_break_and_zero_width_spaces() {
    let doc = parse(MD, Format::Markdown);
    let dates: Vec<_> = doc
        .metadata
        .dates
        .iter()
        .map(|d| (d.date.to_string(), d.role, at(MD, d.span)))
        .collect();
    assert_eq!(
        dates,
        [
            (
                "2024-03-01".to_string(),
                DateRole::LastUpdated,
                "2024-03-01"
            ),
            (
                "2024-03-01".to_string(),
                DateRole::Effective,
                "1\u{a0}March\u{200b}\u{a0}2024"
            ),
        ]
    );

    // A German "Stand" date with a no-break space after the day's dot, in a text file, and
    // a narrow no-break space in an ISO-like label.
    let txt = "Datenschutz\n\nStand:\u{200b} 28.\u{a0}April\u{202f}2021\n\nWir erheben nichts.\n";
    let doc = parse(txt, Format::Text);
    let d = &doc.metadata.dates[0];
    assert_eq!(d.date.to_string(), "2021-04-28");
    assert_eq!(d.role, DateRole::LastUpdated);
    assert_eq!(at(txt, d.span), "28.\u{a0}April\u{202f}2021");
}

#[test]
fn g7_date_line_with_zero_width_spaces() {
    // ota-g7-privacy-fr.md line 4: "Dernière mise à jour ​​​: le ​​​​2 Juin 2021", with
    // three U+200B before the colon and four before the day.
    let path = common::root().join("tests/fixtures/corpus/ota-g7-privacy-fr.md");
    let source = redline::source::read_source(&path, None).unwrap();
    let doc = redline::parse::parse(&source);
    let d = &doc.metadata.dates[0];
    assert_eq!(
        (d.date.to_string(), d.role),
        ("2021-06-02".to_string(), DateRole::LastUpdated)
    );
    assert_eq!(at(&source.text, d.span), "2 Juin 2021");
    assert_eq!(source.line_col(d.span.start), (4, 34));
    assert!(at(&source.text, d.mention_span).starts_with("Dernière mise à jour \u{200b}"));
}

#[test]
fn headings_with_invisible_characters_are_found_and_classified() {
    let doc = parse(MD, Format::Markdown);
    let secs: Vec<_> = doc
        .sections
        .iter()
        .map(|s| {
            (
                s.number.as_ref().map(|n| n.text.to_string()),
                redline::parse::normalise_title(&s.title),
                s.kinds.clone(),
            )
        })
        .collect();
    assert_eq!(
        secs,
        [
            (None, "your rights".to_string(), vec![SectionKind::Rights]),
            (
                Some("3".to_string()),
                "data retention".to_string(),
                vec![SectionKind::Retention]
            ),
            (None, "contact us".to_string(), vec![SectionKind::Contact]),
        ]
    );
    // Titles keep the characters as written, and their spans point at them.
    let s = &doc.sections[1];
    assert_eq!(s.title, "Data\u{200b} Re\u{ad}tention");
    assert_eq!(at(MD, s.title_span), "Data\u{200b} Re\u{ad}tention");
    assert_eq!(doc.title.as_ref().unwrap().text, "Privacy\u{a0}Policy");

    // Plain text: a numbered heading with a narrow no-break space and a leading BOM, a
    // labelled one with a no-break space.
    let txt = "Privacy\n\n\u{feff}1.\u{202f}Who we are\n\nAcme Ltd.\n\nSection\u{a0}2: Cookies\n\nWe use none.\n";
    let doc = parse(txt, Format::Text);
    let secs: Vec<_> = doc
        .sections
        .iter()
        .map(|s| (s.number.as_ref().unwrap().parts.to_vec(), s.title.as_str()))
        .collect();
    assert_eq!(secs, [(vec![1], "Who we are"), (vec![2], "Cookies")]);
    assert_eq!(at(txt, doc.sections[0].title_span), "Who we are");
    assert_eq!(
        doc.sections[1].kinds,
        [SectionKind::Cookies],
        "{:?}",
        doc.sections[1]
    );
}

#[test]
fn emails_with_invisible_characters() {
    let doc = parse(MD, Format::Markdown);
    let facts = redline::analyze::analyze(&doc);
    let emails: Vec<_> = facts
        .emails
        .iter()
        .map(|e| (e.address.as_str(), e.problem.is_none(), at(MD, e.span)))
        .collect();
    assert_eq!(
        emails,
        [
            (
                "privacy@example-corp.eu",
                true,
                "privacy\u{200b}@\u{200b}example-corp.eu"
            ),
            (
                "hello@acme.com",
                true,
                "hello\u{a0}[at]\u{a0}acme\u{202f}[dot]\u{a0}com"
            ),
        ]
    );

    // The CLI reports no invalid e-mail, and finds a contact.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("zw.md");
    std::fs::write(&p, MD).unwrap();
    let out = common::redline(&[
        "check",
        p.to_str().unwrap(),
        "--format",
        "json",
        "--today",
        "2024-06-01",
        "--select",
        "C001,C002,D002",
        "--no-config",
    ]);
    let v = common::json(&out);
    assert_eq!(v["files"][0]["diagnostics"], serde_json::json!([]));
}
