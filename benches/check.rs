//! Benchmarks of `redline check`'s stages on real documents (issue #8): parsing (each front
//! end), section-kind classification, fact extraction and the whole lint, reported as
//! throughput in bytes per second.
//!
//! `cargo bench --bench check` (add `-- --quick` for a fast run). Documents come from
//! `policies/` and `tests/fixtures/corpus/` (committed copies of corpus files), so the
//! benchmarks run on a clean clone.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use redline::ast::Format;
use redline::lint::{Settings, lint};
use redline::source::Source;

/// (name, path relative to the crate, format): one document per front end, of the sizes
/// policies have (9 KB text, 49 KB Markdown, 22 KB HTML).
const DOCS: &[(&str, &str, Format)] = &[
    (
        "seed_txt_9k",
        "policies/cgtonlinea-privacy.txt",
        Format::Text,
    ),
    (
        "firefox_md_49k",
        "tests/fixtures/corpus/mozilla-firefox-privacy-notice-en.md",
        Format::Markdown,
    ),
    (
        "mozilla_accounts_html_22k",
        "tests/fixtures/corpus/mozilla-accounts-privacy-notice-en.html",
        Format::Html,
    ),
];

fn source(path: &str, format: Format) -> Option<Source> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    let bytes = std::fs::read(&p).ok()?;
    Source::from_bytes(path, &bytes, format, None).ok()
}

fn stages(c: &mut Criterion) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let settings = Settings::new(today);
    for (name, path, format) in DOCS {
        let Some(src) = source(path, *format) else {
            eprintln!("*** SKIPPED {name}: {path} not found ***");
            continue;
        };
        let mut g = c.benchmark_group(*name);
        g.throughput(Throughput::Bytes(src.text.len() as u64));
        g.bench_function("parse", |b| {
            b.iter(|| black_box(redline::parse::parse(&src)))
        });
        let doc = redline::parse::parse(&src);
        g.bench_function("classify", |b| {
            b.iter_batched(
                || doc.clone(),
                |mut d| {
                    redline::analyze::kinds::classify_document(&mut d);
                    d
                },
                criterion::BatchSize::SmallInput,
            )
        });
        g.bench_function("facts", |b| {
            b.iter(|| black_box(redline::analyze::analyze(&doc)))
        });
        g.bench_function("lint", |b| b.iter(|| black_box(lint(&src, &settings))));
        g.finish();
    }
}

/// One Markdown paragraph on a single line: `unit` repeated `n` times.
fn one_long_line(unit: &str, n: usize) -> String {
    let mut s = String::from("# Privacy Policy\n\n");
    for _ in 0..n {
        s.push_str(unit);
    }
    s.push('\n');
    s
}

/// Paragraph contents that were quadratic in the paragraph's length: bracketed
/// placeholders with reserved addresses (columns, the example look-back), mentions of
/// another document (the tokens before each), impossible dates (the label look-back), web
/// addresses (containment tests), one long word holding many section-label stems (the
/// word around each stem), `http:` repeated without white space (the address's end
/// searched from each `http:`) and a run of one placeholder character (`?`, `_`: counted
/// to its end from each of its characters).
const LONG_LINE_UNITS: &[(&str, &str)] = &[
    (
        "placeholders",
        "Contact [COMPANY NAME] at foo@example.com \u{e9}. ",
    ),
    ("document_mentions", "Read our Cookie Policy now. "),
    ("impossible_dates", "Dated 2023-02-30 now. "),
    ("web_addresses", "Visit http://x now. "),
    ("label_stems_in_one_word", "particular"),
    ("schemes_in_one_word", "http:"),
    ("placeholder_characters", "?"),
];

/// Many findings on one long line, linted and written as JSON, at two sizes: equal
/// throughput at both means linear time (columns were counted from the line start for
/// each finding, and each placeholder looked back over the line: quadratic).
fn long_line(c: &mut Criterion) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let settings = Settings::new(today);
    let mut g = c.benchmark_group("one_line_many_findings");
    for ((name, unit), n) in LONG_LINE_UNITS
        .iter()
        .flat_map(|u| [(u, 138_000 / u.1.len()), (u, 552_000 / u.1.len())])
    {
        let text = one_long_line(unit, n);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("{name}_{}k", text.len() / 1000), |b| {
            b.iter(|| {
                let source = Source::from_text("one-line.md", &text, Format::Markdown);
                let diagnostics = lint(&source, &settings).diagnostics;
                let results = [redline::report::FileResult::Checked {
                    source,
                    diagnostics,
                }];
                let mut out = Vec::new();
                redline::report::json::write(&results, &mut out).unwrap();
                black_box(out.len())
            })
        });
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = stages, long_line
}
criterion_main!(benches);
