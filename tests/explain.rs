//! `redline explain` works for every rule by code and by name, and every rule's
//! documentation has its four parts and no placeholder.

mod common;

use common::{redline, stdout};

#[test]
fn every_rule_is_documented_and_explained() {
    for m in redline::rules::registry::all() {
        for key in [m.code, m.name, &m.code.to_lowercase()] {
            let out = redline(&["explain", key]);
            assert_eq!(out.status.code(), Some(0), "explain {key}");
            let text = stdout(&out);
            assert!(
                text.starts_with(&format!("{} {} (", m.code, m.name)),
                "{text}"
            );
            for part in [
                "## What it checks",
                "## Why it matters",
                "## Example",
                "## How to fix",
            ] {
                assert!(text.contains(part), "{}: no '{part}'", m.code);
            }
            assert!(
                !text.lines().any(|l| l.trim() == "TODO"),
                "{}: a documentation part is still TODO",
                m.code
            );
        }
    }
    let out = redline(&["explain", "no-such-rule"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn rules_json_lists_every_rule() {
    let out = redline(&["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), redline::rules::registry::all().len());
    assert!(codes.contains(&"S001") && codes.contains(&"L003") && codes.contains(&"M001"));
}
