//! The CI output formats of `redline check --format` (issue #5) on the seed policy.

mod common;

use std::process::Output;

use common::{json, redline, stdout};
use serde_json::Value;

const SEED: &str = "policies/cgtonlinea-privacy.txt";

fn seed(format: &str) -> Output {
    redline(&["check", SEED, "--today", "2026-11-30", "--format", format])
}

fn seed_json() -> Value {
    json(&seed("json"))
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
