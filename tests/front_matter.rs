//! Front matter (issue #6, point 3): YAML (`---`) and TOML (`+++`) front matter is read for
//! title, dates and version; the date rules use its dates; malformed front matter is the
//! warning S007 `invalid-front-matter`, never a crash.

mod common;

use std::path::PathBuf;

use common::{diagnostics, json, redline};
use redline::ast::{DateRole, Document, FrontMatterSyntax};

fn load(path: &str) -> (String, Document) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path);
    let source = redline::source::read_source(&path, None).unwrap();
    let doc = redline::parse::parse(&source);
    (source.text, doc)
}

fn check(path: &str, select: &str) -> serde_json::Value {
    json(&redline(&[
        "check",
        path,
        "--format",
        "json",
        "--today",
        "2026-11-30",
        "--select",
        select,
    ]))
}

#[test]
fn real_front_matter_is_read_without_problems() {
    // github-ccpa-notice.md: the title exists only in the front matter (lines 1-9).
    let (text, doc) = load("tests/fixtures/corpus/github-ccpa-notice.md");
    let fm = doc.metadata.front_matter.as_ref().expect("front matter");
    assert_eq!(fm.syntax, FrontMatterSyntax::Yaml);
    assert!(fm.problems.is_empty());
    assert!(text[fm.span.start..fm.span.end].ends_with("- Legal\n---\n"));
    let title = doc.title.as_ref().unwrap();
    assert_eq!(
        title.text,
        "GitHub's Notice about the California Consumer Privacy Act"
    );
    assert_eq!(&text[title.span.start..title.span.end], title.text);
    // Its one policy date is in the body ("Effective January 1, 2020"), not the front matter.
    let policy_dates: Vec<_> = doc
        .metadata
        .dates
        .iter()
        .filter(|d| d.role.is_policy_date())
        .map(|d| (d.date.to_string(), d.role))
        .collect();
    assert_eq!(
        policy_dates,
        [("2020-01-01".to_string(), DateRole::Effective)]
    );

    // nettailor-datenschutz-de.md: `layout: default` only; the title is the `#` heading.
    let (_, doc) = load("tests/fixtures/corpus/nettailor-datenschutz-de.md");
    let fm = doc.metadata.front_matter.as_ref().expect("front matter");
    assert_eq!(fm.span.end, "---\nlayout: default\n---\n".len());
    assert!(fm.problems.is_empty());
    assert_eq!(doc.title.unwrap().text, "Datenschutzerklärung");
    assert_eq!(doc.metadata.version, None);

    // basecamp-recruitment-privacy.md: title and description.
    let (_, doc) = load("tests/fixtures/corpus/basecamp-recruitment-privacy.md");
    assert!(
        doc.metadata
            .front_matter
            .as_ref()
            .is_some_and(|f| f.problems.is_empty())
    );

    // No file of the corpus has a front matter problem.
    if let Some(corpus) = common::shared_corpus() {
        let mut with_front_matter = 0;
        for path in common::policy_files(&corpus) {
            let Ok(source) = redline::source::read_source(&path, None) else {
                continue;
            };
            let doc = redline::parse::parse(&source);
            if let Some(fm) = &doc.metadata.front_matter {
                with_front_matter += 1;
                assert!(
                    fm.problems.is_empty(),
                    "{}: {:?}",
                    path.display(),
                    fm.problems
                );
            }
        }
        assert!(with_front_matter >= 20, "{with_front_matter}");
    }
}

#[test]
fn yaml_dates_and_version_feed_the_date_rules() {
    let path = "tests/fixtures/front-matter/jekyll-yaml.md";
    let (text, doc) = load(path);
    let dates: Vec<_> = doc
        .metadata
        .dates
        .iter()
        .map(|d| {
            (
                d.date.to_string(),
                d.role,
                &text[d.span.start..d.span.end],
                &text[d.mention_span.start..d.mention_span.end],
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            (
                "2026-10-01".to_string(),
                DateRole::LastUpdated,
                "2026-10-01",
                "last_updated: 2026-10-01"
            ),
            (
                "2026-10-15".to_string(),
                DateRole::Effective,
                "2026-10-15",
                "effective_date: 2026-10-15"
            ),
        ]
    );
    let version = doc.metadata.version.as_ref().unwrap();
    assert_eq!(version.text, "3.1");
    assert_eq!(&text[version.span.start..version.span.end], "3.1");
    assert_eq!(doc.title.unwrap().text, "Northwind Privacy Notice");
    // Dated and recent: neither stale nor undated.
    let v = check(path, "D001,D002,S007");
    assert_eq!(v["files"][0]["diagnostics"], serde_json::json!([]));
    // The JSON AST carries the front matter and the version.
    let v = json(&redline(&["parse", path]));
    assert_eq!(v["metadata"]["version"]["text"], "3.1");
    assert_eq!(v["metadata"]["front_matter"]["syntax"], "yaml");
}

#[test]
fn toml_lastmod_makes_the_policy_stale() {
    let path = "tests/fixtures/front-matter/hugo-toml.md";
    let v = check(path, "D001,D002,S007");
    let stale = diagnostics(&v, "D001");
    assert_eq!(stale.len(), 1);
    // The finding points at the value on line 3: `lastmod = 2024-01-05T10:30:00+01:00`.
    assert_eq!(stale[0]["span"]["line"], 3);
    assert_eq!(stale[0]["span"]["column"], 11);
    assert_eq!(
        stale[0]["span"]["end"].as_u64().unwrap() - stale[0]["span"]["start"].as_u64().unwrap(),
        10
    );
    assert!(
        stale[0]["message"]
            .as_str()
            .unwrap()
            .contains("2024-01-05 (last-updated date), 1060 days before 2026-11-30")
    );
    assert!(diagnostics(&v, "S007").is_empty());
    let (_, doc) = load(path);
    assert_eq!(doc.title.unwrap().text, "Datenschutzerklärung");
}

#[test]
fn malformed_front_matter_is_a_warning() {
    let cases = [
        (
            "broken-yaml.md",
            4,
            "The YAML front matter does not parse: while parsing a flow sequence, expected ',' or ']' (front matter line 4)",
        ),
        (
            "bad-date.md",
            3,
            "`updated: next week` is not a date; give it as YYYY-MM-DD",
        ),
        (
            "unterminated.md",
            1,
            "The front matter opened by `---` on line 1 is never closed by a `---` line",
        ),
    ];
    for (name, line, message) in cases {
        let path = format!("tests/fixtures/front-matter/{name}");
        let out = redline(&[
            "check",
            &path,
            "--format",
            "json",
            "--today",
            "2026-11-30",
            "--select",
            "S007",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: a warning fails nothing"
        );
        let found = diagnostics(&json(&out), "S007");
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(found[0]["span"]["line"], line, "{name}");
        assert_eq!(found[0]["message"], message, "{name}");
        assert_eq!(found[0]["severity"], "warning");
    }
    // The body's own date still counts when the front matter's is broken.
    let (_, doc) = load("tests/fixtures/front-matter/bad-date.md");
    let dates: Vec<_> = doc
        .metadata
        .dates
        .iter()
        .map(|d| (d.date.to_string(), d.role))
        .collect();
    assert_eq!(dates, [("2026-09-01".to_string(), DateRole::LastUpdated)]);
}
