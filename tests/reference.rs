//! The reference policy (`policies/reference-privacy.md`) covers every section of the
//! generic profile, has a current "Last updated" date and valid contacts: it passes clean.

mod common;

use common::{json, redline, stdout};

const REFERENCE: &str = "policies/reference-privacy.md";

#[test]
fn passes_clean() {
    let out = redline(&["check", REFERENCE, "--today", "2026-11-30"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out),
        "policies/reference-privacy.md: 0 errors, 0 warnings, 0 infos\n\nChecked 1 file: 0 errors, 0 warnings, 0 infos\n"
    );
}

#[test]
fn goes_stale_a_year_later() {
    // The same file checked on 2028-01-01: 425 days after its "Last updated: 2026-11-02".
    let out = redline(&[
        "check",
        REFERENCE,
        "--today",
        "2028-01-01",
        "--format",
        "json",
    ]);
    // Staleness is a warning: exit 0 under the default --fail-on error ...
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let d = &v["files"][0]["diagnostics"];
    assert_eq!(d.as_array().unwrap().len(), 1, "{d}");
    assert_eq!(d[0]["code"], "D001");
    assert_eq!(
        d[0]["message"],
        "The policy's newest date is 2026-11-02 (last-updated date), 425 days before 2028-01-01: more than 365 days old"
    );
    // ... and exit 1 under --fail-on warning.
    let out = redline(&[
        "check",
        REFERENCE,
        "--today",
        "2028-01-01",
        "--fail-on",
        "warning",
    ]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn sections_and_kinds() {
    let v = json(&redline(&["parse", REFERENCE]));
    let kinds: Vec<String> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}={}",
                s["title"].as_str().unwrap(),
                s["kinds"][0].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "Who we are=controller-identity",
            "Information we collect=data-collected",
            "How we use your information=purposes",
            "Legal bases for processing=legal-bases",
            "Who we share your information with=sharing",
            "International transfers=international-transfers",
            "How long we keep your information=retention",
            "How we protect your information=security",
            "Your rights=rights",
            "Cookies and similar technologies=cookies",
            "Children=children",
            "Changes to this policy=policy-changes",
            "Contact us=contact",
        ]
    );
}
