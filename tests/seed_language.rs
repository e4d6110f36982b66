//! The seed policy (`policies/cgtonlinea-privacy.txt`): what the reference (X) and language
//! (L) rules must report on it, exactly.

mod common;

use common::{diagnostics, json, redline};
use serde_json::Value;

const SEED: &str = "policies/cgtonlinea-privacy.txt";

fn seed_json() -> Value {
    let out = redline(&["check", SEED, "--today", "2026-11-30", "--format", "json"]);
    json(&out)
}

#[test]
fn other_documents_are_named_but_not_linked() {
    let v = seed_json();
    let x002 = diagnostics(&v, "X002");
    let got: Vec<(u64, u64, &str, &str)> = x002
        .iter()
        .map(|d| {
            (
                d["span"]["line"].as_u64().unwrap(),
                d["span"]["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                29,
                138,
                "The policy refers to the `Terms of Service` but does not link to it",
                "warning"
            ),
            (
                41,
                403,
                "The policy refers to the `Cookies Policy` but does not link to it",
                "warning"
            ),
        ]
    );
    // The span is the name itself.
    for (d, name) in x002.iter().zip(["Terms of Service", "Cookies Policy"]) {
        let len = d["span"]["end"].as_u64().unwrap() - d["span"]["start"].as_u64().unwrap();
        assert_eq!(len as usize, name.len());
        assert_eq!(d["name"], "unlinked-document-reference");
    }
}

#[test]
fn chinese_title_over_english_body() {
    let v = seed_json();
    let l001 = diagnostics(&v, "L001");
    assert_eq!(l001.len(), 1, "{l001:#?}");
    assert_eq!(
        l001[0]["message"],
        "The title `隐私&安全` is in Chinese, but the body of the policy is in English"
    );
    assert_eq!(l001[0]["severity"], "warning");
    assert_eq!(l001[0]["span"]["line"], 1);
    assert_eq!(l001[0]["span"]["column"], 1);
    assert_eq!(l001[0]["span"]["end"], "隐私&安全".len());
}

#[test]
fn author_differs_from_legal_entity() {
    let v = seed_json();
    let l002 = diagnostics(&v, "L002");
    assert_eq!(l002.len(), 1, "{l002:#?}");
    let d = &l002[0];
    assert_eq!(
        d["message"],
        "The author `StrongShop` differs from the organisation the policy names, `CGTONLINEA ASIA PTE. LTD.`"
    );
    assert_eq!(d["severity"], "warning");
    // Primary span on the byline's author, a second label on the entity in Section 1.
    assert_eq!(
        (&d["span"]["line"], &d["span"]["column"]),
        (&3.into(), &8.into())
    );
    assert_eq!(d["labels"][1]["span"]["line"], 21);
    assert_eq!(d["labels"][1]["message"], "organisation named in the text");
}

#[test]
fn no_dangling_references_or_placeholders() {
    let v = seed_json();
    assert!(diagnostics(&v, "X001").is_empty(), "{v:#}");
    assert!(diagnostics(&v, "L003").is_empty(), "{v:#}");
}

/// The seed written out twelve times in one file names the Terms of Service twelve times:
/// one finding, at the first mention, whose message counts the eleven others and whose
/// labels show the first ten mentions (one label per mention made reports of long
/// documents unreadable, and rendering them quadratic).
#[test]
fn many_mentions_give_one_finding_with_ten_labels() {
    let seed = std::fs::read_to_string(common::root().join(SEED)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("twelve.txt"), seed.repeat(12)).unwrap();
    let out = common::redline_in(
        dir.path(),
        &[
            "check",
            "twelve.txt",
            "--today",
            "2026-11-30",
            "--format",
            "json",
        ],
    );
    let v = json(&out);
    let x002 = diagnostics(&v, "X002");
    let terms: Vec<&Value> = x002
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("Terms of Service"))
        .collect();
    assert_eq!(terms.len(), 1, "{x002:#?}");
    let d = terms[0];
    assert_eq!(
        d["message"],
        "The policy refers to the `Terms of Service` but does not link to it (named 11 more times later)"
    );
    assert_eq!(d["span"]["line"], 29);
    let labels = d["labels"].as_array().unwrap();
    assert_eq!(labels.len(), 10);
    assert_eq!(labels[0]["message"], "not linked");
    assert_eq!(labels[9]["message"], "also not linked");
    // The mentions are one copy of the seed apart (its line breaks; it has no final one).
    let lines = seed.matches('\n').count() as u64;
    assert_eq!(labels[1]["span"]["line"].as_u64().unwrap(), 29 + lines);
}
