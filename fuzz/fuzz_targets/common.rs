#![allow(dead_code)] // each target uses part of it
//! Shared by the fuzz targets (and by `tests/fuzz_regressions.rs`, which replays kept
//! crash inputs through the same code): the whole check pipeline on one input, with the
//! invariants that must hold for every input (no panic, every span inside the source and
//! on character boundaries), and how the diff target cuts its input in two versions.

use redline::ast::Format;
use redline::lint::{Settings, lint};
use redline::source::Source;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// Asserts that `start..end` is a valid span of `text`.
pub fn check_span(text: &str, start: usize, end: usize) {
    assert!(
        start <= end && end <= text.len(),
        "span {start}..{end} of {}",
        text.len()
    );
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
}

/// Decodes `bytes` as a file of `format` would be, then parses and lints it.
pub fn check_bytes(bytes: &[u8], format: Format) {
    let Ok(source) = Source::from_bytes("fuzz", bytes, format, None) else {
        return;
    };
    check_source(&source);
}

/// Parses and lints a decoded source; checks every finding's spans.
pub fn check_source(source: &Source) {
    let checked = lint(source, &Settings::new(today()));
    for d in &checked.diagnostics {
        check_span(&source.text, d.span.start, d.span.end);
        for l in &d.labels {
            check_span(&source.text, l.span.start, l.span.end);
        }
    }
    for s in checked.document.all_sections() {
        check_span(&source.text, s.span.start, s.span.end);
        check_span(&source.text, s.title_span.start, s.title_span.end);
    }
}

/// The diff target's two versions: `text` split at its first `\n===\n`, or in the middle
/// (at a character boundary) when it has none.
pub fn split_versions(text: &str) -> (&str, &str) {
    match text.find("\n===\n") {
        Some(k) => (&text[..k], &text[k + 5..]),
        None => {
            let mut k = text.len() / 2;
            while !text.is_char_boundary(k) {
                k -= 1;
            }
            text.split_at(k)
        }
    }
}
