//! The CI output formats of `redline check --format` (issue #5): concise, github and gitlab
//! on the seed policy and their fingerprints. SARIF has its own file (`tests/sarif.rs`).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{json, redline, stdout};
use serde_json::Value;

const SEED: &str = "policies/cgtonlinea-privacy.txt";

fn seed(format: &str) -> Output {
    redline(&["check", SEED, "--today", "2026-11-30", "--format", format])
}

fn seed_json() -> Value {
    json(&seed("json"))
}

/// Runs redline in `dir` (not the repository root), without configuration.
fn redline_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .arg("--no-config")
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the redline binary runs")
}

/// A folder holding the seed at its usual relative path, shifted down by `blank` lines.
fn shifted_seed(blank: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let text = std::fs::read_to_string(common::root().join(SEED)).expect("seed");
    std::fs::create_dir_all(dir.path().join("policies")).expect("policies folder");
    std::fs::write(dir.path().join(SEED), "\n".repeat(blank) + &text).expect("write copy");
    dir
}

/// The seed's (S001 line, section number, title) for sections 4–10.
const S001: [(u64, u32, &str); 7] = [
    (12, 4, "Who we share personal information with and why"),
    (13, 5, "How we protect personal information"),
    (
        14,
        6,
        "Where we store personal information and international transfers",
    ),
    (15, 7, "How long we keep personal information"),
    (16, 8, "How to access and control your personal information"),
    (17, 9, "Cookies"),
    (18, 10, "Dispute resolution"),
];

#[test]
fn snapshot_concise() {
    let out = seed("concise");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("seed_concise", stdout(&out));
}

#[test]
fn snapshot_github() {
    let out = seed("github");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("seed_github", stdout(&out));
}

#[test]
fn snapshot_gitlab() {
    let out = seed("gitlab");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("seed_gitlab", stdout(&out));
}

#[test]
fn concise_has_one_line_per_finding_then_the_total() {
    let v = seed_json();
    let text = stdout(&seed("concise"));
    let lines: Vec<&str> = text.lines().collect();
    let n = v["files"][0]["diagnostics"].as_array().unwrap().len();
    assert_eq!(n, 22);
    assert_eq!(lines.len(), n + 1, "{text}");
    assert_eq!(
        lines[n], "Checked 1 file: 7 errors, 15 warnings, 0 infos",
        "{text}"
    );
    for (line, d) in lines
        .iter()
        .zip(v["files"][0]["diagnostics"].as_array().unwrap())
    {
        let expected = format!(
            "{SEED}:{}:{}: {} {} {}",
            d["span"]["line"],
            d["span"]["column"],
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert_eq!(*line, expected);
    }
    for (line, n, title) in S001 {
        let expected = format!(
            "{SEED}:{line}:1: error S001 Section {n} '{title}' is listed in the table of contents but has no heading in the document"
        );
        assert!(lines.contains(&expected.as_str()), "missing {expected}");
    }
}

#[test]
fn github_annotations_match_the_findings_and_escape_properties() {
    let v = seed_json();
    let text = stdout(&seed("github"));
    let annotations: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")
        })
        .collect();
    assert_eq!(annotations.len(), 22);
    assert_eq!(
        annotations
            .iter()
            .filter(|l| l.starts_with("::error "))
            .count() as u64,
        v["summary"]["errors"].as_u64().unwrap()
    );
    assert_eq!(
        annotations
            .iter()
            .filter(|l| l.starts_with("::warning "))
            .count() as u64,
        v["summary"]["warnings"].as_u64().unwrap()
    );
    // Section 9's TOC line "Section 9: Cookies" is 18 characters: columns 1 to 19 (exclusive).
    let s001_9 = format!(
        "::error file={SEED},line=17,endLine=17,col=1,endColumn=19,title=S001 toc-entry-missing::Section 9 'Cookies' is listed in the table of contents but has no heading in the document%0Ahelp: add the section to the document, or remove the entry from the table of contents"
    );
    assert!(annotations.contains(&s001_9.as_str()), "{text}");
    // A property value with `:` and `,` (the D001 title has neither, the S001 message has
    // neither in a property): the failed-file title does.
    let out = redline(&[
        "check",
        SEED,
        "missing.md",
        "--today",
        "2026-11-30",
        "--format",
        "github",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains(
            "::error file=missing.md,title=redline%3A input error::missing.md: not checked (no such file or directory)\n"
        ),
        "{}",
        stdout(&out)
    );
    // The full human log follows, fenced by stop-commands with a matching token.
    let stop = text
        .lines()
        .find_map(|l| l.strip_prefix("::stop-commands::"))
        .expect("stop-commands line");
    assert!(stop.starts_with("redline-") && stop.len() == "redline-".len() + 16);
    assert!(text.ends_with(&format!(
        "Checked 1 file: 7 errors, 15 warnings, 0 infos\n::{stop}::\n"
    )));
    assert!(text.contains(" 17 │ Section 9: Cookies\n"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour codes");
}

fn gitlab(dir: &Path) -> Vec<Value> {
    let out = redline_in(
        dir,
        &["check", SEED, "--today", "2026-11-30", "--format", "gitlab"],
    );
    assert_eq!(out.status.code(), Some(1));
    json(&out).as_array().expect("a JSON array").clone()
}

#[test]
fn gitlab_issues_match_the_findings() {
    let v = seed_json();
    let issues = gitlab(&common::root());
    let ds = v["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(issues.len(), ds.len());
    for (i, d) in issues.iter().zip(ds) {
        assert_eq!(i["check_name"], d["code"]);
        assert_eq!(
            i["description"],
            format!(
                "{} {}: {}",
                d["code"].as_str().unwrap(),
                d["name"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        );
        let severity = match d["severity"].as_str().unwrap() {
            "error" => "major",
            "warning" => "minor",
            _ => "info",
        };
        assert_eq!(i["severity"], severity);
        assert_eq!(i["location"]["path"], SEED);
        assert_eq!(i["location"]["lines"]["begin"], d["span"]["line"]);
        let fp = i["fingerprint"].as_str().unwrap();
        assert!(fp.len() == 64 && fp.chars().all(|c| c.is_ascii_hexdigit()));
    }
    let s001: Vec<&Value> = issues
        .iter()
        .filter(|i| i["check_name"] == "S001")
        .collect();
    let lines: Vec<u64> = s001
        .iter()
        .map(|i| i["location"]["lines"]["begin"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, S001.map(|(l, _, _)| l));
    assert!(s001.iter().all(|i| i["severity"] == "major"));
}

#[test]
fn gitlab_fingerprints_are_unique_and_survive_shifted_lines() {
    let fingerprints = |issues: &[Value]| -> Vec<String> {
        issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    let first = gitlab(&common::root());
    let fps = fingerprints(&first);
    let unique: std::collections::HashSet<&String> = fps.iter().collect();
    assert_eq!(unique.len(), fps.len(), "fingerprints are unique: {fps:#?}");
    // Stable across runs.
    assert_eq!(fingerprints(&gitlab(&common::root())), fps);
    // Three blank lines on top: same fingerprints, every line three further down.
    let dir = shifted_seed(3);
    let shifted = gitlab(dir.path());
    assert_eq!(fingerprints(&shifted), fps);
    for (a, b) in first.iter().zip(&shifted) {
        for end in ["begin", "end"] {
            assert_eq!(
                b["location"]["lines"][end].as_u64().unwrap(),
                a["location"]["lines"][end].as_u64().unwrap() + 3
            );
        }
        assert_eq!(a["description"], b["description"]);
    }
}
