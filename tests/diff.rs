//! `redline diff`: the semantic diff on real version pairs and on the cases issue #4 names.

mod common;

use common::{json, redline, shared_corpus};
use serde_json::Value;

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn diff_json(old: &str, new: &str) -> Value {
    let out = redline(&["diff", old, new, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    json(&out)
}

const POLICY: &str = "# Privacy Policy\n\nLast updated: 2026-01-15\n\n## Information we collect\n\nWe collect your name and email address when you register.\n\n## How long we keep your information\n\nWe delete your account data within 30 days after you close your account.\n\n## Your rights\n\nYou have the right to access your data and the right to data portability.\n\n## Contact us\n\nWrite to privacy@example.org with any question.\n";

#[test]
fn presentation_only_changes_are_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.md", POLICY);
    let reflowed = POLICY.replace(
        "We delete your account data within 30 days after you close your account.",
        "We delete your account data\nwithin 30 days after you close\nyour account.",
    );
    let nbsp = POLICY.replace("your name", "your\u{a0}name");
    let crlf = POLICY.replace('\n', "\r\n");
    let bom = format!("\u{feff}{POLICY}");
    for (name, text) in [
        ("reflow.md", reflowed),
        ("nbsp.md", nbsp),
        ("crlf.md", crlf),
        ("bom.md", bom),
    ] {
        let new = write(dir.path(), name, &text);
        let v = diff_json(&old, &new);
        assert_eq!(v["verdict"], "none", "{name}: {v:#}");
        assert!(
            v["sections"].as_array().unwrap().is_empty(),
            "{name}: {v:#}"
        );
    }
}

#[test]
fn curly_quotes_and_emphasis_are_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let straight = write(
        dir.path(),
        "a.md",
        &POLICY.replace("with any question", "with \"any\" question"),
    );
    let curly = write(
        dir.path(),
        "b.md",
        &POLICY.replace("with any question", "with “any” *question*"),
    );
    let v = diff_json(&straight, &curly);
    assert_eq!(v["verdict"], "none", "{v:#}");
}

#[test]
fn a_date_only_change_is_one_editorial_change() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.md", POLICY);
    let new = write(
        dir.path(),
        "new.md",
        &POLICY.replace("2026-01-15", "2026-11-02"),
    );
    let v = diff_json(&old, &new);
    assert_eq!(v["verdict"], "editorial");
    assert_eq!(v["summary"]["editorial"], 1, "{v:#}");
    assert_eq!(v["summary"]["substantive"], 0);
    assert_eq!(v["preamble"][0]["reason"], "date changed");
    let date = v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fact"] == "date")
        .unwrap();
    assert_eq!(
        date["reason"],
        "policy date changed: 2026-01-15 → 2026-11-02"
    );
}

#[test]
fn new_data_category_is_material() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.md", POLICY);
    let new = write(
        dir.path(),
        "new.md",
        &POLICY.replace(
            "when you register.",
            "when you register. We also collect your precise geolocation.",
        ),
    );
    let v = diff_json(&old, &new);
    assert_eq!(v["verdict"], "material");
    let s = &v["sections"][0];
    assert_eq!(s["new"]["title"], "Information we collect");
    assert_eq!(s["materiality"], "material");
    assert_eq!(s["reason"], "new data category: precise geolocation");
    let out = redline(&["diff", &old, &new, "--fail-on", "material"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(common::stdout(&out).contains("Material:\n  - new data category: precise geolocation"));
}

#[test]
fn longer_retention_is_material_and_a_typo_is_editorial() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.md", POLICY);
    let new = write(
        dir.path(),
        "new.md",
        &POLICY.replace("within 30 days", "within 90 days"),
    );
    let v = diff_json(&old, &new);
    assert_eq!(v["verdict"], "material");
    assert_eq!(
        v["sections"][0]["reason"],
        "retention period lengthened: 30 days → 90 days"
    );
    // The same change in the fact delta, with spans on both sides pointing at the number.
    let f = v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["fact"] == "retention-period")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(f["change"], "changed");
    assert_eq!(
        (&f["old"], &f["new"]),
        (&"30 days".into(), &"90 days".into())
    );
    assert_eq!(f["materiality"], "material");
    let old_text = std::fs::read_to_string(&old).unwrap();
    let at = f["old_span"]["start"].as_u64().unwrap() as usize;
    assert_eq!(&old_text[at..at + 2], "30");

    let typo = write(
        dir.path(),
        "typo.md",
        &POLICY.replace("register", "registr"),
    );
    let v = diff_json(&typo, &old);
    assert_eq!(v["verdict"], "editorial", "{v:#}");
    assert_eq!(v["sections"][0]["reason"], "typo or punctuation fix");
}

#[test]
fn new_recipient_purpose_phone_and_response_time_are_facts() {
    let dir = tempfile::tempdir().unwrap();
    let base = POLICY.replace(
        "Write to privacy@example.org with any question.",
        "Write to privacy@example.org or call +1 415 555 0100. We respond within 30 days.",
    );
    let old = write(dir.path(), "old.md", &base);
    let changed = base
        .replace("+1 415 555 0100", "+1 415 555 0199")
        .replace("within 30 days.", "within 45 days.")
        .replace(
            "when you register.",
            "when you register. We share your email address with advertising partners for targeted advertising.",
        );
    let new = write(dir.path(), "new.md", &changed);
    let v = diff_json(&old, &new);
    let facts: Vec<(String, String, String)> = v["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["fact"].as_str().unwrap().to_string(),
                f["materiality"].as_str().unwrap().to_string(),
                f["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has = |fact: &str, m: &str, reason: &str| {
        assert!(
            facts.contains(&(fact.into(), m.into(), reason.into())),
            "missing {fact} {m} {reason:?} in {facts:#?}"
        )
    };
    has(
        "phone",
        "material",
        "contact changed: +1 415 555 0100 → +1 415 555 0199",
    );
    has(
        "response-time",
        "substantive",
        "response time lengthened: 30 days → 45 days",
    );
    has(
        "recipient",
        "material",
        "new recipient: advertising partners",
    );
    has("purpose", "material", "new purpose: targeted advertising");
    assert_eq!(v["verdict"], "material");
}

#[test]
fn removing_a_right_is_material() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.md", POLICY);
    let new = write(
        dir.path(),
        "new.md",
        &POLICY.replace(" and the right to data portability", ""),
    );
    let v = diff_json(&old, &new);
    assert_eq!(v["verdict"], "material");
    assert_eq!(
        v["sections"][0]["reason"],
        "right removed: right to data portability"
    );
}

#[test]
fn inserting_section_4_renumbers_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let titles = [
        "Who we are",
        "What we collect",
        "How we use it",
        "Who we share it with",
        "Transfers",
        "Retention",
        "Security",
        "Your rights",
        "Cookies",
        "Contact",
    ];
    let render = |titles: &[&str]| {
        let mut s = String::from("Privacy Policy\n\n");
        for (k, t) in titles.iter().enumerate() {
            s.push_str(&format!(
                "{}. {t}\nThis section explains {} in detail for our users.\n\n",
                k + 1,
                t.to_lowercase()
            ));
        }
        s
    };
    let mut new_titles = titles.to_vec();
    new_titles.insert(3, "Children");
    let old = write(dir.path(), "old.txt", &render(&titles));
    let new = write(dir.path(), "new.txt", &render(&new_titles));
    let v = diff_json(&old, &new);
    let sections = v["sections"].as_array().unwrap();
    let added: Vec<&Value> = sections.iter().filter(|s| s["kind"] == "added").collect();
    assert_eq!(added.len(), 1, "{v:#}");
    assert_eq!(added[0]["new"]["title"], "Children");
    assert_eq!(added[0]["new"]["number"], "4");
    let renumbered: Vec<(String, String)> = sections
        .iter()
        .filter(|s| s["renumbered"] == true)
        .map(|s| {
            (
                s["old"]["number"].as_str().unwrap().into(),
                s["new"]["number"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = (4..=10)
        .map(|n| (n.to_string(), (n + 1).to_string()))
        .collect();
    assert_eq!(renumbered, want);
    assert!(
        sections
            .iter()
            .all(|s| s["kind"] == "added" || s["kind"] == "restructured"),
        "{v:#}"
    );
    assert!(sections.iter().all(|s| s["moved"] == false));
}

#[test]
fn rewrapped_version_reports_only_the_inserted_words() {
    // history/activist-privacy-txt: the 2023-04-23 version re-wraps every paragraph and
    // adds "at this time" to one sentence.
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let dir = corpus.join("history/activist-privacy-txt");
    let v = diff_json(
        &dir.join("01-2023-04-18.txt").display().to_string(),
        &dir.join("02-2023-04-23.txt").display().to_string(),
    );
    let blocks: Vec<&Value> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["blocks"].as_array().unwrap())
        .chain(v["preamble"].as_array().unwrap())
        .collect();
    assert_eq!(blocks.len(), 1, "{v:#}");
    let inserted: Vec<&str> = blocks[0]["words"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["op"] != "equal")
        .map(|w| w["text"].as_str().unwrap())
        .collect();
    assert_eq!(inserted, ["users.", "users at this time."]);
    assert_eq!(v["sections"][0]["new"]["title"], "Information We Collect");
}

#[test]
fn every_consecutive_corpus_pair_diffs() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let mut pairs = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(corpus.join("history"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for d in dirs {
        let mut files: Vec<_> = std::fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x == "md" || x == "txt" || x == "html")
            })
            .collect();
        files.sort();
        for w in files.windows(2) {
            let out = redline(&[
                "diff",
                &w[0].display().to_string(),
                &w[1].display().to_string(),
                "--format",
                "json",
            ]);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{:?}: {}",
                w,
                common::stderr(&out)
            );
            let v = json(&out);
            assert_eq!(v["version"], 1);
            pairs += 1;
        }
    }
    assert!(pairs >= 50, "{pairs} pairs");
}

/// A section rewritten at 80 KB per version (sentences sharing common words: "We keep the
/// data now." → "We share the data later."), under a short deadline: the diff stops
/// refining and says so (`degraded`), but still accounts for every word of both versions:
/// each is kept, inserted or deleted in some block change of the one changed section.
#[test]
fn a_rewritten_section_past_the_deadline_is_degraded_but_complete() {
    use redline::ast::Format;
    use redline::diff::{BlockChangeKind, DiffOptions, SectionChangeKind, diff};
    use redline::source::Source;
    use std::time::Duration;

    let body = |s: &str, n: usize| format!("# Privacy\n\n## Contact\n\n{}\n", s.repeat(n));
    let (old, new) = (
        body("We keep the data now. ", 3636),
        body("We share the data later. ", 3200),
    );
    let words = |t: &str| -> Vec<String> {
        let mut v: Vec<String> = t.split_whitespace().map(str::to_string).collect();
        v.sort();
        v
    };
    let (so, sn) = (
        Source::from_text("old.md", &old, Format::Markdown),
        Source::from_text("new.md", &new, Format::Markdown),
    );
    let (dold, dnew) = (redline::parse::parse(&so), redline::parse::parse(&sn));
    for deadline in [Duration::ZERO, Duration::from_millis(50)] {
        let r = diff(&so, &dold, &sn, &dnew, &DiffOptions { deadline });
        if deadline.is_zero() {
            assert!(r.degraded);
        }
        assert_eq!(r.sections.len(), 1, "{deadline:?}");
        let s = &r.sections[0];
        assert_eq!(s.kind, SectionChangeKind::Changed);
        assert!(r.preamble.is_empty());
        let (mut old_side, mut new_side) = (String::new(), String::new());
        for b in &s.blocks {
            match b.kind {
                BlockChangeKind::Removed => old_side += b.old.as_deref().unwrap(),
                BlockChangeKind::Added => new_side += b.new.as_deref().unwrap(),
                BlockChangeKind::Changed | BlockChangeKind::Moved => {
                    let side = |keep: &str| -> String {
                        b.words
                            .iter()
                            .filter(|w| w.op == "equal" || w.op == keep)
                            .map(|w| w.text.as_str())
                            .collect()
                    };
                    let (o, n) = (b.old.clone().unwrap(), b.new.clone().unwrap());
                    if !b.words.is_empty() {
                        assert_eq!(side("delete"), o);
                        assert_eq!(side("insert"), n);
                    }
                    old_side += &o;
                    new_side += &n;
                }
            }
            old_side.push(' ');
            new_side.push(' ');
        }
        let section = |t: &str| t.split_once("## Contact").unwrap().1.to_string();
        assert_eq!(words(&old_side), words(&section(&old)), "{deadline:?}");
        assert_eq!(words(&new_side), words(&section(&new)), "{deadline:?}");
    }
}
