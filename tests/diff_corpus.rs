//! `redline diff` on real consecutive versions from `../shared/corpus/history` (issue #4).
//!
//! Each test names the real edit, checked by hand against `diff -u` of the two files,
//! asserts it, and snapshots a compact summary of the report (verdict, counts, one line per
//! section change, the material facts) — not the whole JSON, so a snapshot change is
//! readable in review.
//!
//! Without `../shared/corpus` the tests skip loudly; under `CI=true` they fail.

mod common;

use common::{json, redline, shared_corpus};
use serde_json::Value;

/// `redline diff OLD NEW --format json` on two versions of `history/<policy>`.
fn diff(policy: &str, old: &str, new: &str) -> Option<Value> {
    let corpus = shared_corpus()?;
    let dir = corpus.join("history").join(policy);
    let (old, new) = (dir.join(old), dir.join(new));
    let out = redline(&[
        "diff",
        &old.display().to_string(),
        &new.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    Some(json(&out))
}

fn title(r: &Value) -> String {
    if r.is_null() {
        return "-".into();
    }
    match r["number"].as_str() {
        Some(n) => format!("{n} {}", r["title"].as_str().unwrap_or("")),
        None => r["title"].as_str().unwrap_or("").to_string(),
    }
}

/// The compact summary that is snapshotted.
fn summary(v: &Value) -> String {
    let mut out = format!(
        "verdict: {}\nsummary: {} material, {} substantive, {} editorial{}\n",
        v["verdict"].as_str().unwrap(),
        v["summary"]["material"],
        v["summary"]["substantive"],
        v["summary"]["editorial"],
        if v["degraded"] == true {
            " (degraded)"
        } else {
            ""
        },
    );
    for s in v["sections"].as_array().unwrap() {
        let flags: Vec<&str> = [
            ("renamed", s["renamed"] == true),
            ("renumbered", s["renumbered"] == true),
            ("moved", s["moved"] == true),
        ]
        .iter()
        .filter(|(_, on)| *on)
        .map(|(name, _)| *name)
        .collect();
        let title = match (s["old"].is_null(), s["new"].is_null()) {
            (false, false) if title(&s["old"]) != title(&s["new"]) => {
                format!("{} → {}", title(&s["old"]), title(&s["new"]))
            }
            (true, _) => title(&s["new"]),
            _ => title(&s["old"]),
        };
        out.push_str(&format!(
            "{} [{}] {:?} {} ({} blocks): {}\n",
            s["kind"].as_str().unwrap(),
            flags.join(","),
            title,
            s["materiality"].as_str().unwrap(),
            s["blocks"].as_array().unwrap().len(),
            s["reason"].as_str().unwrap(),
        ));
    }
    let preamble = v["preamble"].as_array().unwrap();
    if !preamble.is_empty() {
        out.push_str(&format!("preamble: {} block changes\n", preamble.len()));
    }
    for f in v["facts"].as_array().unwrap() {
        if f["fact"] != "url" {
            out.push_str(&format!(
                "fact {}: {}\n",
                f["materiality"].as_str().unwrap(),
                f["reason"].as_str().unwrap()
            ));
        }
    }
    out
}

fn sections(v: &Value) -> &Vec<Value> {
    v["sections"].as_array().unwrap()
}

/// The section change whose new (or else old) title is `t`.
fn section<'a>(v: &'a Value, t: &str) -> &'a Value {
    sections(v)
        .iter()
        .find(|s| s["new"]["title"] == t || (s["new"].is_null() && s["old"]["title"] == t))
        .unwrap_or_else(|| panic!("no section change {t:?} in\n{}", summary(v)))
}

fn blocks(s: &Value) -> &Vec<Value> {
    s["blocks"].as_array().unwrap()
}

fn fact<'a>(v: &'a Value, kind: &str) -> Vec<&'a Value> {
    v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["fact"] == kind)
        .collect()
}

/// activist.org 2023-04-18 → 2023-04-23: the new version hard-wraps every paragraph
/// (a line diff touches nearly every line) and adds "at this time" to "does not collect
/// any personal information from our users". Only that sentence may be reported.
#[test]
fn activist_rewrap_reports_only_the_qualifier() {
    let Some(v) = diff(
        "activist-privacy-txt",
        "01-2023-04-18.txt",
        "02-2023-04-23.txt",
    ) else {
        return;
    };
    assert_eq!(sections(&v).len(), 1, "{}", summary(&v));
    assert!(v["preamble"].as_array().unwrap().is_empty());
    let s = section(&v, "Information We Collect");
    assert_eq!(blocks(s).len(), 1);
    let words: Vec<&str> = blocks(s)[0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["op"] == "insert")
        .map(|w| w["text"].as_str().unwrap())
        .collect();
    assert_eq!(words, ["users at this time."]);
    insta::assert_snapshot!("activist_01_02", summary(&v));
}

/// Privacy Guides 2020-12-04 → 2022-04-05: the privacy contact
/// `privacy@aragon.ventures` became `jonah@privacyguides.org` (and the postal address was
/// dropped) under "How can I contact the Privacy Guides team about privacy?".
#[test]
fn privacyguides_contact_change_is_material() {
    let Some(v) = diff(
        "privacyguides-privacy-policy",
        "01-2020-12-04.md",
        "02-2022-04-05.md",
    ) else {
        return;
    };
    assert_eq!(v["verdict"], "material");
    let email = fact(&v, "email");
    assert_eq!(email.len(), 1, "{}", summary(&v));
    assert_eq!(
        email[0]["reason"],
        "contact changed: privacy@aragon.ventures → jonah@privacyguides.org"
    );
    let s = section(
        &v,
        "How can I contact the Privacy Guides team about privacy?",
    );
    assert_eq!(s["materiality"], "material");
    assert_eq!(
        s["reason"],
        "contact changed: privacy@aragon.ventures → jonah@privacyguides.org"
    );
    // "We collect account data." lost its full stop: the same section, not a rename.
    assert_eq!(section(&v, "We collect account data")["renamed"], false);
    insta::assert_snapshot!("privacyguides_01_02", summary(&v));
}

/// GitHub 2017-06-09 → 2018-05-29 (the GDPR rewrite): "Data Retention and Deletion" is
/// renamed "Data retention and deletion of data" and moves (the access-and-control section
/// now precedes it), and the account deletion period goes from 30 to 90 days. Whole
/// sections move ("How we respond to compelled disclosure").
#[test]
fn github_gdpr_rewrite_lengthens_retention_in_a_renamed_section() {
    let Some(v) = diff(
        "github-privacy-statement",
        "01-2017-06-09.md",
        "02-2018-05-29.md",
    ) else {
        return;
    };
    assert_eq!(v["verdict"], "material");
    let s = section(&v, "Data retention and deletion of data");
    assert_eq!(s["kind"], "changed");
    assert_eq!(s["old"]["title"], "Data Retention and Deletion");
    assert_eq!(s["renamed"], true);
    assert_eq!(s["materiality"], "material");
    assert_eq!(
        s["reason"],
        "retention period lengthened: 30 days → 90 days"
    );
    let b = blocks(s)
        .iter()
        .find(|b| b["materiality"] == "material")
        .unwrap();
    assert!(
        b["new"]
            .as_str()
            .unwrap()
            .contains("we will delete your full profile (within reason) within 90 days"),
        "{b:#}"
    );
    let c = section(&v, "How we respond to compelled disclosure");
    assert_eq!(c["kind"], "restructured");
    assert_eq!(c["moved"], true);
    assert_eq!(c["materiality"], "editorial");
    // The rewrite adds GDPR rights and purposes the 2017 text never stated; "we do not
    // sell your personal information" states no purpose.
    let rights: Vec<&str> = fact(&v, "right")
        .iter()
        .filter(|f| f["change"] == "added")
        .map(|f| f["new"].as_str().unwrap())
        .collect();
    assert_eq!(rights, ["access", "data portability"]);
    let purposes: Vec<&str> = fact(&v, "purpose")
        .iter()
        .map(|f| f["new"].as_str().unwrap())
        .collect();
    assert!(
        purposes.contains(&"profiling and automated decisions"),
        "{purposes:?}"
    );
    assert!(
        !purposes.contains(&"sale of personal information"),
        "{purposes:?}"
    );
    insta::assert_snapshot!("github_01_02", summary(&v));
}

/// GitHub 2018-05-29 → 2019-03-14: "Information from users with accounts" moves before
/// "Information from website browsers", and the two "Why we collect this information"
/// subsections merge into one — the removed one's sentences are moves, not deletions.
#[test]
fn github_2019_moves_a_section_and_merges_two() {
    let Some(v) = diff(
        "github-privacy-statement",
        "02-2018-05-29.md",
        "03-2019-03-14.md",
    ) else {
        return;
    };
    let s = section(&v, "Information from users with accounts");
    assert_eq!(s["moved"], true, "{}", summary(&v));
    assert_eq!(s["materiality"], "editorial");
    let merged: Vec<&Value> = sections(&v)
        .iter()
        .filter(|s| {
            s["kind"] == "removed" && s["old"]["title"] == "Why we collect this information"
        })
        .collect();
    assert_eq!(merged.len(), 1, "{}", summary(&v));
    assert_eq!(merged[0]["materiality"], "editorial");
    assert_eq!(
        merged[0]["reason"],
        "section removed, its text moved: Why we collect this information"
    );
    let kept = sections(&v)
        .iter()
        .find(|s| s["kind"] == "changed" && s["new"]["title"] == "Why we collect this information")
        .unwrap();
    let moved = blocks(kept).iter().filter(|b| b["kind"] == "moved").count();
    assert!(moved >= 5, "{kept:#}");
    insta::assert_snapshot!("github_02_03", summary(&v));
}

/// Bitwarden 2022-06-15 → 2023-10-17: the "Privacy Shield" section becomes "EU-U.S. Data
/// Privacy Framework" (and its "Privacy Shield Principles (Principles)" subsection
/// "EU-U.S. Data Privacy Framework (Principles)"); "such as EU Standard Contractual Clauses
/// (SCCs), or the EU - U.S. Privacy Shield" now ends "or the EU-U.S. Data Privacy
/// Framework"; the contact lines stop being `#####` headings.
#[test]
fn bitwarden_privacy_shield_to_data_privacy_framework() {
    let Some(v) = diff(
        "ota-bitwarden-privacy",
        "02-2022-06-15.md",
        "03-2023-10-17.md",
    ) else {
        return;
    };
    assert_eq!(v["verdict"], "material");
    let s = section(&v, "EU-U.S. Data Privacy Framework");
    assert_eq!(s["old"]["title"], "Privacy Shield");
    assert_eq!(s["renamed"], true);
    assert_eq!(s["materiality"], "material");
    assert_eq!(
        s["reason"],
        "transfer mechanism changed: Privacy Shield → Data Privacy Framework"
    );
    let p = section(&v, "EU-U.S. Data Privacy Framework (Principles)");
    assert_eq!(p["old"]["title"], "Privacy Shield Principles (Principles)");
    assert_eq!(p["kind"], "restructured");
    let t = section(
        &v,
        "International Transfer And Storage Of Information Collected",
    );
    let b = blocks(t)
        .iter()
        .find(|b| b["kind"] == "changed" && b["materiality"] == "material")
        .unwrap_or_else(|| panic!("{t:#}"));
    assert!(
        b["old"]
            .as_str()
            .unwrap()
            .ends_with("or the EU - U.S. Privacy Shield.")
    );
    assert!(
        b["new"]
            .as_str()
            .unwrap()
            .ends_with("or the EU-U.S. Data Privacy Framework.")
    );
    let m = fact(&v, "transfer-mechanism");
    assert_eq!(m.len(), 1);
    assert_eq!(
        m[0]["reason"],
        "transfer mechanism changed: Privacy Shield → Data Privacy Framework"
    );
    // "##### Email: privacypolicy@bitwarden.com" became a line under "Contact Us".
    let e = section(&v, "Email: privacypolicy@bitwarden.com");
    assert_eq!(e["kind"], "removed");
    assert_eq!(e["materiality"], "editorial");
    let c = section(&v, "Contact Us");
    assert!(blocks(c).iter().all(|b| b["kind"] == "moved"), "{c:#}");
    assert!(fact(&v, "email").is_empty());
    insta::assert_snapshot!("bitwarden_02_03", summary(&v));
}

/// Basecamp 2022-05-18 → 2022-07-11 (Basecamp LLC → 37signals): the trash retention goes
/// from 30 to 25 days in the renamed "What happens when you delete data/content in your
/// product accounts"; "Cookies and Do Not Track" is rewritten as "Advertising and
/// Cookies"; the contact becomes privacy@37signals.com (and, in one place, the typo
/// privacy@b37signals.com).
#[test]
fn basecamp_2022_shortens_trash_retention() {
    let Some(v) = diff("basecamp-privacy", "05-2022-05-18.md", "06-2022-07-11.md") else {
        return;
    };
    let s = section(
        &v,
        "What happens when you delete content in your product accounts",
    );
    assert_eq!(
        s["old"]["title"],
        "What happens when you delete data in your product accounts"
    );
    assert_eq!(s["renamed"], true);
    let b = blocks(s)
        .iter()
        .find(|b| b["reason"] == "retention period shortened: 30 days → 25 days")
        .unwrap_or_else(|| panic!("{s:#}"));
    assert_eq!(b["materiality"], "substantive");
    let c = section(&v, "Advertising and Cookies");
    assert_eq!(c["old"]["title"], "Cookies and Do Not Track");
    assert_eq!(c["kind"], "changed");
    assert_eq!(
        section(&v, "Changes & questions")["reason"],
        "contact changed: privacy@basecamp.com → privacy@b37signals.com"
    );
    // The new version sends data to an ad network (line 46): a new recipient, material,
    // its span on the words in the new file.
    let r = fact(&v, "recipient");
    let ad = r
        .iter()
        .find(|f| f["new"] == "advertising partners")
        .unwrap_or_else(|| panic!("{r:#?}"));
    assert_eq!(ad["change"], "added");
    assert_eq!(ad["materiality"], "material");
    let new_text = std::fs::read_to_string(
        shared_corpus()
            .unwrap()
            .join("history/basecamp-privacy/06-2022-07-11.md"),
    )
    .unwrap();
    let (a, b) = (
        ad["new_span"]["start"].as_u64().unwrap() as usize,
        ad["new_span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&new_text[a..b], "ad network");
    assert_eq!(new_text[..a].matches('\n').count() + 1, 46);
    // "We also do not collect any biometric data" is no mention of biometric data.
    assert!(
        fact(&v, "data-category")
            .iter()
            .all(|f| f["old"] != "biometric data")
    );
    insta::assert_snapshot!("basecamp_05_06", summary(&v));
}

/// Basecamp 2022-07-11 → 2023-04-20: "Changes & questions" becomes "Changes and
/// questions" (no rename) and its contact typo privacy@b37signals.com is fixed to
/// privacy@37signals.com — a one-letter edit, but another address: material.
#[test]
fn basecamp_2023_fixes_the_contact_address() {
    let Some(v) = diff("basecamp-privacy", "06-2022-07-11.md", "07-2023-07-27.md") else {
        return;
    };
    let s = section(&v, "Changes and questions");
    assert_eq!(s["old"]["title"], "Changes & questions");
    assert_eq!(s["renamed"], false);
    assert_eq!(s["materiality"], "material");
    assert_eq!(
        s["reason"],
        "contact changed: privacy@b37signals.com → privacy@37signals.com"
    );
    let r = section(&v, "When we access or disclose your information");
    assert_eq!(
        r["old"]["title"],
        "When we access or share your information"
    );
    assert_eq!(r["renamed"], true);
    insta::assert_snapshot!("basecamp_06_07", summary(&v));
}

/// Bitwarden 2024-04-19 → 2025-07-03: "EU-U.S. Data Privacy Framework" is renamed "Data
/// Privacy Framework"; the wording is tidied ("we adhere" → "it adheres"), no mechanism
/// changes.
#[test]
fn bitwarden_2025_renames_the_dpf_section() {
    let Some(v) = diff(
        "ota-bitwarden-privacy",
        "04-2024-04-19.md",
        "05-2025-07-03.md",
    ) else {
        return;
    };
    let s = section(&v, "Data Privacy Framework");
    assert_eq!(s["old"]["title"], "EU-U.S. Data Privacy Framework");
    assert_eq!(s["renamed"], true);
    assert!(fact(&v, "transfer-mechanism").is_empty());
    assert_ne!(v["verdict"], "material", "{}", summary(&v));
    insta::assert_snapshot!("bitwarden_04_05", summary(&v));
}

/// Nebulo 2019-05-15 → 2019-07-27 (HTML): the second version re-indents and re-wraps the
/// whole page (167 changed lines in `diff`), and its only real edit turns the paragraph
/// "Your rights" into a bold pseudo-heading, so the sentences after it form a section of
/// their own. The report names exactly that: one section made of existing text, its
/// heading and five sentences moved there, no word inserted or deleted, editorial.
#[test]
fn nebulo_reindented_page_reports_only_the_promoted_heading() {
    let Some(v) = diff(
        "nebulo-privacy-policy-html",
        "01-2019-05-15.html",
        "02-2019-07-27.html",
    ) else {
        return;
    };
    assert_eq!(v["verdict"], "editorial", "{}", summary(&v));
    assert_eq!(sections(&v).len(), 1, "{}", summary(&v));
    let s = section(&v, "Your rights");
    assert_eq!(s["kind"], "added");
    assert_eq!(s["reason"], "section made of existing text: Your rights");
    let b = blocks(s);
    assert_eq!(b.len(), 6);
    assert_eq!(b[0]["reason"], "text turned into a heading");
    assert!(b.iter().all(|b| b["kind"] == "moved"));
    // No word-level change anywhere: every word operation (if any) is "equal".
    assert!(
        b.iter()
            .flat_map(|b| b["words"].as_array().cloned().unwrap_or_default())
            .all(|w| w["op"] == "equal")
    );
    assert!(v["preamble"].as_array().unwrap().is_empty());
    assert!(
        v["facts"].as_array().unwrap().is_empty(),
        "{:#}",
        v["facts"]
    );
    insta::assert_snapshot!("nebulo_01_02", summary(&v));
}
