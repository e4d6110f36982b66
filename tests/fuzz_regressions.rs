//! Inputs that crashed a fuzz target (`fuzz/`, `scripts/fuzz.sh`), kept so the crash stays
//! fixed: `tests/fixtures/fuzz/<target>/<artifact>`, each run through the same code as its
//! target (the front end and every rule; for `diff`, both halves split at `\n===\n` or in
//! the middle, parsed as Markdown and diffed).

#[path = "../fuzz/fuzz_targets/common.rs"]
mod fuzz_common;

use redline::ast::Format;
use redline::diff::{DiffOptions, diff};
use redline::lint::{Settings, lint};
use redline::source::Source;
use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|d| {
            d.map(|e| {
                let p = e.unwrap().path();
                (p.display().to_string(), std::fs::read(&p).unwrap())
            })
            .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

#[test]
fn diff_crashes_stay_fixed() {
    let cases = inputs("diff");
    assert!(
        !cases.is_empty(),
        "tests/fixtures/fuzz/diff holds the kept crash inputs"
    );
    for (name, data) in cases {
        let text = String::from_utf8_lossy(&data);
        let (old, new) = fuzz_common::split_versions(&text);
        let (a, b) = (
            Source::from_text("old.md", old, Format::Markdown),
            Source::from_text("new.md", new, Format::Markdown),
        );
        let (da, db) = (redline::parse::parse(&a), redline::parse::parse(&b));
        let r = diff(&a, &da, &b, &db, &DiffOptions::default());
        // Both halves are Bitwarden policy text: they have sections, and the diff ran to
        // the end (the crash was in the fact delta, after the alignment).
        assert!(!da.sections.is_empty() && !db.sections.is_empty(), "{name}");
        assert!(!r.degraded, "{name}");
        // And each half lints without a panic.
        for s in [&a, &b] {
            lint(s, &Settings::new(today()));
        }
    }
}
