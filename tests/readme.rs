//! The README stays true: its first lines give the two commands, its rule table is the
//! one generated from the registry, and its output excerpts are real output.

use std::path::PathBuf;

fn readme() -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

#[test]
fn rule_table_matches_registry() {
    let text = readme();
    let start =
        text.find("<!-- rules:start -->\n").expect("start marker") + "<!-- rules:start -->\n".len();
    let end = text.find("<!-- rules:end -->").expect("end marker");
    let generated = redline::rules::registry::markdown_table();
    assert_eq!(
        &text[start..end],
        generated,
        "README rule table is out of date; replace it with:\n{generated}"
    );
}

#[test]
fn first_lines_give_the_two_commands() {
    let text = readme();
    let head: String = text.lines().take(12).collect::<Vec<_>>().join("\n");
    assert!(
        head.contains("cargo run --release -- check policies/cgtonlinea-privacy.txt"),
        "{head}"
    );
    assert!(head.contains("cargo test"), "{head}");
}

#[test]
fn output_excerpts_are_real_output() {
    // Every fenced block of human output in the README must appear verbatim in the seed's
    // human snapshot (which the seed test checks against the real binary).
    let text = readme();
    let snap = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/seed__seed_human.snap"),
    )
    .expect("seed snapshot");
    let mut checked = 0;
    for block in text.split("```\n").skip(1).step_by(2) {
        let block = block.trim_end();
        if block.starts_with("S0") || block.starts_with("policies/cgtonlinea-privacy.txt:") {
            assert!(
                snap.contains(block),
                "README excerpt is not real output:\n{block}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 3, "expected the S001, S003 and summary excerpts");
}

#[test]
fn ci_format_excerpts_are_real_output() {
    // A README block that starts with `$ redline check <seed> --today 2026-11-30 --format F`
    // must show lines that appear, in that order and together, in the seed's snapshot of F
    // (which `tests/formats.rs` checks against the real binary).
    let text = readme();
    let prefix = "$ redline check policies/cgtonlinea-privacy.txt --today 2026-11-30 --format ";
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.lines() {
        if line.starts_with("```") {
            match current.take() {
                Some(b) => blocks.push(b),
                None => current = Some(Vec::new()),
            }
        } else if let Some(b) = current.as_mut() {
            b.push(line);
        }
    }
    let mut checked = 0;
    for b in blocks {
        let Some(format) = b.first().and_then(|l| l.strip_prefix(prefix)) else {
            continue;
        };
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(format!("tests/snapshots/formats__seed_{format}.snap"));
        let snap = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("no snapshot for --format {format} ({e})"));
        let excerpt = b[1..].join("\n");
        assert!(
            snap.contains(&format!("{excerpt}\n")),
            "README excerpt of --format {format} is not real output:\n{excerpt}"
        );
        checked += 1;
    }
    assert!(checked >= 1, "expected at least the concise excerpt");
}

/// Every heading is there once: an edit once appended a second copy of 760 lines (from the
/// middle of "Usage" to the end), which every other test here still passed.
#[test]
fn no_heading_is_repeated() {
    let text = readme();
    let mut seen = std::collections::HashSet::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with('#') {
            assert!(seen.insert(line), "README heading repeated: {line}");
        }
    }
    assert!(seen.contains("## Performance"), "{seen:?}");
}
