//! The seed policy (`policies/cgtonlinea-privacy.txt`, a copy of
//! `../shared/seed/000_f96bf02fbb56d78c.txt`): what issue #2 says redline must report.

mod common;

use common::{diagnostics, json, redline, stdout};
use serde_json::Value;

const SEED: &str = "policies/cgtonlinea-privacy.txt";

fn seed_json() -> (i32, Value) {
    let out = redline(&["check", SEED, "--today", "2026-11-30", "--format", "json"]);
    (out.status.code().expect("exit code"), json(&out))
}

#[test]
fn exits_one_with_errors() {
    let (code, v) = seed_json();
    assert_eq!(code, 1);
    assert_eq!(v["version"], 1);
    assert_eq!(v["files"][0]["path"], SEED);
}

#[test]
fn toc_entries_4_to_10_are_missing() {
    let (_, v) = seed_json();
    let s001 = diagnostics(&v, "S001");
    let expected = [
        (4, "Who we share personal information with and why", 12),
        (5, "How we protect personal information", 13),
        (
            6,
            "Where we store personal information and international transfers",
            14,
        ),
        (7, "How long we keep personal information", 15),
        (8, "How to access and control your personal information", 16),
        (9, "Cookies", 17),
        (10, "Dispute resolution", 18),
    ];
    assert_eq!(s001.len(), 7, "{s001:#?}");
    for (d, (n, title, line)) in s001.iter().zip(expected) {
        assert_eq!(d["name"], "toc-entry-missing");
        assert_eq!(d["severity"], "error");
        assert_eq!(
            d["message"],
            format!(
                "Section {n} '{title}' is listed in the table of contents but has no heading in the document"
            )
        );
        // The span is the whole TOC line; the label is under the title.
        assert_eq!(d["span"]["line"], line);
        assert_eq!(d["span"]["column"], 1);
        let len = d["span"]["end"].as_u64().unwrap() - d["span"]["start"].as_u64().unwrap();
        assert_eq!(len as usize, format!("Section {n}: {title}").len());
        assert_eq!(d["labels"][0]["span"]["line"], line);
        assert_eq!(
            d["labels"][0]["span"]["column"],
            format!("Section {n}: ").len() + 1
        );
    }
}

#[test]
fn numbering_jumps_from_3_to_11() {
    let (_, v) = seed_json();
    let s003 = diagnostics(&v, "S003");
    assert_eq!(s003.len(), 1);
    assert_eq!(
        s003[0]["message"],
        "Section numbering jumps from 3 to 11: sections 4 to 10 are missing"
    );
    assert_eq!(s003[0]["span"]["line"], 66);
    assert_eq!(s003[0]["severity"], "warning");
}

#[test]
fn stale_byline_date_and_no_effective_date() {
    let (_, v) = seed_json();
    let d001 = diagnostics(&v, "D001");
    assert_eq!(d001.len(), 1);
    let msg = d001[0]["message"].as_str().unwrap();
    assert!(msg.contains("2022-02-10"), "{msg}");
    assert!(msg.contains("1754 days"), "{msg}");
    assert_eq!(d001[0]["span"]["line"], 3);
    assert_eq!(d001[0]["span"]["column"], 20);

    let d002 = diagnostics(&v, "D002");
    assert_eq!(d002.len(), 1);
    let msg = d002[0]["message"].as_str().unwrap();
    assert!(msg.contains("byline date 2022-02-10"), "{msg}");
}

#[test]
fn required_sections_missing() {
    let (_, v) = seed_json();
    let kinds: Vec<String> = diagnostics(&v, "R001")
        .iter()
        .map(|d| {
            let m = d["message"].as_str().unwrap();
            let open = m.find('`').unwrap();
            let close = m[open + 1..].find('`').unwrap();
            m[open + 1..open + 1 + close].to_string()
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "policy-changes",
            "sharing",
            "security",
            "international-transfers",
            "retention",
            "rights",
            "cookies"
        ]
    );
}

#[test]
fn contact_email_is_valid_and_found() {
    let (_, v) = seed_json();
    assert!(diagnostics(&v, "C001").is_empty());
    assert!(diagnostics(&v, "C002").is_empty());
    let out = redline(&["parse", SEED, "--format", "json"]);
    let ast = json(&out);
    let sections = ast["sections"].as_array().unwrap();
    let titles: Vec<&str> = sections
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "WHO WE ARE",
            "WHAT TYPE OF PERSONAL INFORMATION WE COLLECT",
            "WHY WE COLLECT PERSONAL INFORMATION AND HOW WE USE IT",
            "HOW TO CONTACT US"
        ]
    );
    let numbers: Vec<&str> = sections
        .iter()
        .map(|s| s["number"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["1", "2", "3", "11"]);
    assert_eq!(ast["title"]["text"], "隐私&安全");
    assert_eq!(ast["metadata"]["author"]["text"], "StrongShop");
    assert_eq!(ast["metadata"]["dates"][0]["date"], "2022-02-10");
    assert_eq!(ast["metadata"]["dates"][0]["role"], "byline");
    assert_eq!(ast["toc"]["entries"].as_array().unwrap().len(), 11);
    // The unnumbered sub-headings of Section 2.
    let subs: Vec<&str> = sections[1]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        subs,
        [
            "Information you provide directly to us",
            "Information we collect automatically when you visit our websites",
            "Information we get from third parties",
            "Information collected in connection with your use of services delivered via our platform"
        ]
    );
}

#[test]
fn human_output_labels_the_toc_title() {
    let out = redline(&["check", SEED, "--today", "2026-11-30"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    // Section 9's TOC line, with the label drawn under "Cookies" (columns 12–18).
    let needle = " 17 │ Section 9: Cookies\n    ·            ───┬───\n    ·               ╰── no section with this title in the body";
    assert!(text.contains(needle), "{text}");
    assert!(
        text.contains("policies/cgtonlinea-privacy.txt: 7 errors, 15 warnings, 0 infos\n"),
        "{text}"
    );
    assert!(
        text.ends_with("Checked 1 file: 7 errors, 15 warnings, 0 infos\n"),
        "{text}"
    );
}

#[test]
fn snapshot_human() {
    let out = redline(&["check", SEED, "--today", "2026-11-30"]);
    insta::assert_snapshot!("seed_human", stdout(&out));
}

#[test]
fn snapshot_json() {
    let out = redline(&["check", SEED, "--today", "2026-11-30", "--format", "json"]);
    insta::assert_snapshot!("seed_json", stdout(&out));
}
