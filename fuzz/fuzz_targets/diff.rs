//! Fuzzes the semantic diff: the input is split at its first `\n===\n` (or in the
//! middle) into an old and a new version, both parsed as Markdown and diffed under a short
//! deadline. Invariants: no panic; diffing a version with itself reports no change.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use redline::ast::Format;
use redline::diff::{DiffOptions, diff};
use redline::source::Source;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (old, new) = common::split_versions(text);
    let (a, b) = (
        Source::from_text("old.md", old, Format::Markdown),
        Source::from_text("new.md", new, Format::Markdown),
    );
    let (da, db) = (redline::parse::parse(&a), redline::parse::parse(&b));
    let options = DiffOptions {
        deadline: std::time::Duration::from_millis(200),
    };
    let r = diff(&a, &da, &b, &db, &options);
    for s in &r.sections {
        for blk in &s.blocks {
            if let Some(sp) = blk.old_span {
                common::check_span(&a.text, sp.start, sp.end);
            }
            if let Some(sp) = blk.new_span {
                common::check_span(&b.text, sp.start, sp.end);
            }
        }
    }
    let same = diff(&a, &da, &a, &da, &options);
    assert!(same.sections.is_empty() && same.facts.is_empty() || same.degraded);
});
