//! Benchmarks of the semantic diff (issue #4): realistic ~100 KB and ~1 MB versions built
//! from the corpus histories, and pathological inputs. Parsing is outside the measured
//! loop; each iteration is one `redline::diff::diff` under the default 2 s deadline.
//!
//! `cargo bench --bench diff -- --quick` for a fast run. The corpus benchmarks need
//! `../shared/corpus` and are skipped (with a message) without it.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use redline::ast::{Document, Format};
use redline::diff::{DiffOptions, diff};
use redline::source::Source;

fn parsed(name: &str, text: &str) -> (Source, Document) {
    let src = Source::from_text(name, text, Format::Markdown);
    let doc = redline::parse::parse(&src);
    (src, doc)
}

fn bench_pair(c: &mut Criterion, name: &str, old: &str, new: &str) {
    let (os, od) = parsed("old.md", old);
    let (ns, nd) = parsed("new.md", new);
    let options = DiffOptions::default();
    let report = diff(&os, &od, &ns, &nd, &options);
    eprintln!(
        "{name}: {} KB → {} KB, {} section changes, degraded: {}",
        old.len() / 1024,
        new.len() / 1024,
        report.sections.len(),
        report.degraded
    );
    c.bench_function(name, |b| {
        b.iter(|| black_box(diff(&os, &od, &ns, &nd, &options)))
    });
}

/// Consecutive versions of every Markdown history, concatenated: "old" is every version
/// but the last of each policy, "new" every version but the first, so the pair differs
/// the way real consecutive versions do. Cut at a line boundary near `limit` bytes.
fn corpus_pair(limit: usize) -> Option<(String, String)> {
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/history");
    let mut dirs: Vec<_> = std::fs::read_dir(&history)
        .ok()?
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let (mut old, mut new) = (String::new(), String::new());
    while old.len() < limit {
        for d in &dirs {
            let mut files: Vec<_> = std::fs::read_dir(d)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .collect();
            files.sort();
            for w in files.windows(2) {
                old.push_str(&std::fs::read_to_string(&w[0]).unwrap());
                old.push('\n');
                new.push_str(&std::fs::read_to_string(&w[1]).unwrap());
                new.push('\n');
            }
        }
    }
    let cut = |s: &mut String| {
        let at = s[..limit.min(s.len())].rfind('\n').unwrap_or(0);
        s.truncate(at + 1);
    };
    cut(&mut old);
    cut(&mut new);
    Some((old, new))
}

fn corpus(c: &mut Criterion) {
    for (name, limit) in [("corpus_100k", 100_000), ("corpus_1m", 1_000_000)] {
        match corpus_pair(limit) {
            Some((old, new)) => bench_pair(c, name, &old, &new),
            None => eprintln!("*** SKIPPED {name}: ../shared/corpus not found ***"),
        }
    }
}

fn pathological(c: &mut Criterion) {
    // ~1 MB of one identical sentence per paragraph; the new version changes one in the
    // middle.
    let line = "We collect your name and email address when you register.\n\n";
    let n = 1_000_000 / line.len();
    let old = format!("# Privacy Policy\n\n{}", line.repeat(n));
    let mut new = format!("# Privacy Policy\n\n{}", line.repeat(n / 2));
    new.push_str("We collect your name and postal address when you register.\n\n");
    new.push_str(&line.repeat(n - n / 2 - 1));
    bench_pair(c, "identical_lines_1m", &old, &new);

    // One ~1 MB paragraph of distinct sentences; the new version changes one word.
    let para: String = (0..16_000)
        .map(|k| format!("We keep record {k} for 30 days. "))
        .collect();
    let old = format!("# Privacy Policy\n\n{para}\n");
    let new = old.replacen("record 8000 for 30 days", "record 8000 for 90 days", 1);
    bench_pair(c, "one_paragraph_1m", &old, &new);

    // 20,000 tiny sections; the new version inserts one at the top (all others shift).
    let sections = |extra: bool| -> String {
        let mut s = String::from("# Privacy Policy\n\n");
        if extra {
            s.push_str("## About the new item\n\nA new section.\n\n");
        }
        for k in 0..20_000 {
            s.push_str(&format!(
                "## About item {k} here\n\nText of section {k}.\n\n"
            ));
        }
        s
    };
    bench_pair(c, "tiny_sections_20k", &sections(false), &sections(true));

    // 20,000 tiny sections, every title new: nothing aligns by title.
    let old = sections(false);
    let new = old.replace("## About item ", "## Regarding item ");
    bench_pair(c, "tiny_sections_20k_all_renamed", &old, &new);

    // The same, every text reworded too: no title or text hash matches, every section
    // goes through the windowed similarity search (the worst case of the alignment).
    let new = new.replace("Text of section ", "Text for section ");
    bench_pair(c, "tiny_sections_20k_renamed_reworded", &old, &new);
}

/// A section rewritten (no sentence kept), at 20 KB and 80 KB per version, as one
/// paragraph and as a paragraph per sentence. Throughput is in bytes of both versions:
/// equal throughput at both sizes means the diff is linear in the rewrite (it was
/// quadratic: every removed sentence compared with every added one, and Myers's diff of
/// the sentence sequences O((N+M)·D)).
fn rewritten_section(c: &mut Criterion) {
    let mut group = c.benchmark_group("rewritten_section");
    for n in [1, 4] {
        let cases = [
            (
                "paragraph",
                "Alpha beta gamma now. ".repeat(20_000 * n / 22),
                "Delta epsilon zeta. ".repeat(20_000 * n / 20),
            ),
            (
                "sentences",
                "Alpha beta gamma now.\n\n".repeat(909 * n),
                "Delta epsilon zeta.\n\n".repeat(1000 * n),
            ),
        ];
        for (shape, old_body, new_body) in cases {
            let old = format!("# Privacy\n\n## Contact\n{old_body}\n");
            let new = format!("# Privacy\n\n## Contact\n{new_body}\n");
            let (os, od) = parsed("old.md", &old);
            let (ns, nd) = parsed("new.md", &new);
            let options = DiffOptions::default();
            let report = diff(&os, &od, &ns, &nd, &options);
            eprintln!(
                "rewritten_section/{shape}_{}k: {} section changes, degraded: {}",
                20 * n,
                report.sections.len(),
                report.degraded
            );
            group.throughput(Throughput::Bytes((old.len() + new.len()) as u64));
            group.bench_function(format!("{shape}_{}k", 20 * n), |b| {
                b.iter(|| black_box(diff(&os, &od, &ns, &nd, &options)))
            });
        }
    }
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = corpus, pathological, rewritten_section
}
criterion_main!(benches);
