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

/// One Markdown paragraph on a single line holding `n` bracketed placeholders (two
/// findings each: the placeholder and a reserved example address).
fn one_long_line(n: usize) -> String {
    let mut s = String::from("# Privacy Policy\n\n");
    for _ in 0..n {
        s.push_str("Contact [COMPANY NAME] at foo@example.com \u{e9}. ");
    }
    s.push('\n');
    s
}

/// Many findings on one long line, linted and written as JSON, at two sizes: equal
/// throughput at both means linear time (columns were counted from the line start for
/// each finding, and each placeholder looked back over the line: quadratic).
fn long_line(c: &mut Criterion) {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let settings = Settings::new(today);
    let mut g = c.benchmark_group("one_line_many_findings");
    for n in [3_000, 12_000] {
        let text = one_long_line(n);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("lint_and_json_{}k", text.len() / 1000), |b| {
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
