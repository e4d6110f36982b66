//! The seed policy under the law profiles (issue #3): findings carry requirement IDs and
//! citations in every output format.

mod common;

use common::{json, redline, stdout};
use serde_json::Value;

const SEED: &str = "policies/cgtonlinea-privacy.txt";

fn check(profile: &str) -> Value {
    let out = redline(&[
        "check",
        SEED,
        "--today",
        "2026-11-30",
        "--format",
        "json",
        "--no-config",
        "--profile",
        profile,
    ]);
    assert_eq!(out.status.code(), Some(1));
    json(&out)
}

/// `(code, severity, requirement id, citation)` of every finding that has a requirement.
fn requirements(v: &Value) -> Vec<(String, String, String, String)> {
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| !d["requirement"].is_null())
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["requirement"]["id"].as_str().unwrap().to_string(),
                d["requirement"]["citation"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn has(reqs: &[(String, String, String, String)], id: &str, severity: &str, citation: &str) {
    assert!(
        reqs.iter()
            .any(|(_, s, i, c)| i == id && s == severity && c == citation),
        "{id} ({citation}, {severity}) not found in {reqs:#?}"
    );
}

#[test]
fn gdpr_findings_carry_ids_and_citations() {
    let reqs = requirements(&check("gdpr"));
    has(
        &reqs,
        "GDPR-13-2-a",
        "error",
        "Art. 13(2)(a), 14(2)(a) GDPR",
    );
    has(
        &reqs,
        "GDPR-13-2-b",
        "error",
        "Art. 13(2)(b), 14(2)(c) GDPR",
    );
    has(
        &reqs,
        "GDPR-13-2-d",
        "error",
        "Art. 13(2)(d), 14(2)(e), 77 GDPR",
    );
    has(
        &reqs,
        "GDPR-13-1-e",
        "error",
        "Art. 13(1)(e), 14(1)(e) GDPR",
    );
    // Met by the seed: it says who the controller is and what it collects.
    assert!(
        !reqs
            .iter()
            .any(|r| r.2 == "GDPR-13-1-a" || r.2 == "GDPR-14-1-d"),
        "{reqs:#?}"
    );
    // Only the GDPR profile ran: no generic-profile IDs.
    assert!(!reqs.iter().any(|r| r.2.starts_with("GEN-")), "{reqs:#?}");
}

#[test]
fn pdpa_reports_missing_dpo_business_contact() {
    let v = check("pdpa-sg");
    let reqs = requirements(&v);
    has(
        &reqs,
        "PDPA-11-5",
        "error",
        "PDPA s.11(3), (5); PDPR 2021 Part 1A; PDPC Key Concepts",
    );
    let d = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["requirement"]["id"] == "PDPA-11-5")
        .unwrap();
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("Data Protection Officer"),
        "{d}"
    );
}

#[test]
fn ccpa_makes_staleness_an_error_citing_the_civil_code() {
    let v = check("ccpa");
    let d001: Vec<&Value> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "D001")
        .collect();
    assert_eq!(d001.len(), 1);
    assert_eq!(d001[0]["severity"], "error");
    assert_eq!(d001[0]["requirement"]["id"], "CCPA-130-a5-U");
    assert_eq!(
        d001[0]["requirement"]["citation"],
        "Cal. Civ. Code §1798.130(a)(5)"
    );
    assert!(d001[0]["message"].as_str().unwrap().contains("1754 days"));
}

#[test]
fn profiles_combine_and_show_in_human_output() {
    let out = redline(&[
        "check",
        SEED,
        "--today",
        "2026-11-30",
        "--no-config",
        "--profile",
        "gdpr",
        "--profile",
        "ccpa",
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("requirement GDPR-13-2-a (Art. 13(2)(a), 14(2)(a) GDPR), profile gdpr"),
        "{text}"
    );
    assert!(
        text.contains("requirement CCPA-130-a5-U (Cal. Civ. Code §1798.130(a)(5)), profile ccpa"),
        "{text}"
    );
}

#[test]
fn unknown_profile_is_a_usage_error() {
    let out = redline(&["check", SEED, "--no-config", "--profile", "hipaa"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("no built-in profile is called `hipaa`"));
}
