//! `redline check` as a CI gate in a temporary git repository (issue #5): `--base REV` and
//! the diff-aware P rules, `--staged` reading the index, and the configuration's
//! `exclude` with `--force-exclude`.

mod common;

use std::path::Path;
use std::process::Output;

use common::{git, git_available, redline_in};
use serde_json::Value;

const GEOLOCATION: &str = "We also collect your precise geolocation.";

/// The reference policy (clean on 2026-11-30, `Last updated: 2026-11-02`).
fn reference() -> String {
    std::fs::read_to_string(common::root().join("policies/reference-privacy.md")).unwrap()
}

/// The reference policy with the geolocation sentence added to "Information we collect".
fn with_geolocation(policy: &str) -> String {
    let anchor = " We do not ask for special categories";
    assert!(policy.contains(anchor));
    policy.replacen(anchor, &format!(" {GEOLOCATION}{anchor}"), 1)
}

/// A repository on branch `main` with `privacy.md` (the reference policy) committed, plus
/// the given extra files.
fn repo(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("privacy.md"), reference()).unwrap();
    for (name, text) in extra {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "first"]);
    dir
}

fn check(dir: &Path, extra: &[&str]) -> (Output, Value) {
    let mut args = vec!["check", "--today", "2026-11-30", "--format", "json"];
    args.extend_from_slice(extra);
    let out = redline_in(dir, &args);
    let v = if out.stdout.is_empty() {
        Value::Null
    } else {
        common::json(&out)
    };
    (out, v)
}

/// Every finding of every file as (code, message).
fn findings(v: &Value) -> Vec<(String, String)> {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().cloned().unwrap_or_default())
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn codes(v: &Value) -> Vec<String> {
    findings(v).into_iter().map(|(c, _)| c).collect()
}

#[test]
fn material_change_without_date_bump_fails_and_a_bumped_date_passes() {
    if !git_available() {
        return;
    }
    let repo = repo(&[]);
    let dir = repo.path();
    std::fs::write(dir.join("privacy.md"), with_geolocation(&reference())).unwrap();

    let (out, v) = check(dir, &["privacy.md", "--base", "main"]);
    assert_eq!(out.status.code(), Some(1), "{v:#}");
    let found = findings(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, message) = &found[0];
    assert_eq!(code, "P001");
    assert!(message.contains("precise geolocation"), "{message}");
    assert!(message.contains("2026-11-02"), "{message}");
    // It points at the date line, and labels the change.
    let d = &v["files"][0]["diagnostics"][0];
    assert_eq!(d["span"]["line"], 3);
    assert!(
        d["labels"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["message"] == "material change: new data category: precise geolocation"),
        "{d:#}"
    );

    // Without --base the P rules do not run.
    let (out, v) = check(dir, &["privacy.md"]);
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert!(codes(&v).is_empty(), "{v:#}");

    // Bumping the date passes.
    std::fs::write(
        dir.join("privacy.md"),
        with_geolocation(&reference())
            .replace("Last updated: 2026-11-02", "Last updated: 2026-11-20"),
    )
    .unwrap();
    let (out, v) = check(dir, &["privacy.md", "--base", "main"]);
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert!(!codes(&v).contains(&"P001".to_string()), "{v:#}");

    // A directory works too, and an editorial change is no material change.
    std::fs::write(
        dir.join("privacy.md"),
        reference().replace("Privacy Policy explains", "Privacy Policy  explains"),
    )
    .unwrap();
    let (out, v) = check(dir, &[".", "--base", "main"]);
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert!(codes(&v).is_empty(), "{v:#}");
}

#[test]
fn staged_reads_the_index_not_the_working_tree() {
    if !git_available() {
        return;
    }
    let repo = repo(&[]);
    let dir = repo.path();
    // Stage the geolocation sentence, then revert the working tree file.
    std::fs::write(dir.join("privacy.md"), with_geolocation(&reference())).unwrap();
    git(dir, &["add", "privacy.md"]);
    std::fs::write(dir.join("privacy.md"), reference()).unwrap();

    let (out, v) = check(dir, &["privacy.md", "--staged", "--base", "main"]);
    assert_eq!(out.status.code(), Some(1), "{v:#}");
    assert_eq!(codes(&v), ["P001"], "{v:#}");
    assert!(findings(&v)[0].1.contains("precise geolocation"));
    // The report names the file as given.
    assert_eq!(v["files"][0]["path"], "privacy.md");

    let (out, v) = check(dir, &["privacy.md", "--base", "main"]);
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert!(codes(&v).is_empty(), "{v:#}");

    // --staged with a folder lists the index; without --base it lints the staged text.
    let (out, v) = check(dir, &[".", "--staged", "--base", "main"]);
    assert_eq!(out.status.code(), Some(1), "{v:#}");
    assert_eq!(codes(&v), ["P001"]);
    let (out, v) = check(dir, &["privacy.md", "--staged"]);
    assert_eq!(out.status.code(), Some(0), "{v:#}");

    // Staged text differs from the working tree in a lint finding too: a placeholder.
    std::fs::write(
        dir.join("privacy.md"),
        reference().replace(
            "Northwind Analytics Ltd collects",
            "[COMPANY NAME] collects",
        ),
    )
    .unwrap();
    git(dir, &["add", "privacy.md"]);
    std::fs::write(dir.join("privacy.md"), reference()).unwrap();
    let (out, v) = check(dir, &["privacy.md", "--staged"]);
    assert_eq!(out.status.code(), Some(1), "{v:#}");
    assert!(codes(&v).contains(&"L003".to_string()), "{v:#}");
    let (out, _) = check(dir, &["privacy.md"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_new_file_gets_no_policy_change_findings() {
    if !git_available() {
        return;
    }
    let repo = repo(&[]);
    let dir = repo.path();
    std::fs::write(dir.join("terms.md"), with_geolocation(&reference())).unwrap();
    let (out, v) = check(dir, &["terms.md", "--base", "main"]);
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert!(codes(&v).is_empty(), "{v:#}");
    // Staged, the same.
    git(dir, &["add", "terms.md"]);
    let (out, v) = check(dir, &["terms.md", "--staged", "--base", "main"]);
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert!(codes(&v).is_empty(), "{v:#}");
}

#[test]
fn changelog_must_change_with_a_material_change() {
    if !git_available() {
        return;
    }
    let config = "[diff]\nchangelog = \"CHANGELOG.md\"\nnotice-days = 30\n";
    let repo = repo(&[
        ("redline.toml", config),
        ("CHANGELOG.md", "# Changes\n\n- 2026-11-02: first version\n"),
    ]);
    let dir = repo.path();
    let changed = with_geolocation(&reference()).replace(
        "Last updated: 2026-11-02",
        "Last updated: 2026-11-30\n\nEffective date: 2027-01-15",
    );
    std::fs::write(dir.join("privacy.md"), &changed).unwrap();
    let (out, v) = check(dir, &["privacy.md", "--base", "main"]);
    // P002 is a warning: exit 0 at the default threshold.
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    let found = findings(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "P002");
    assert!(
        found[0].1.contains("precise geolocation") && found[0].1.contains("CHANGELOG.md"),
        "{}",
        found[0].1
    );

    // Touched in the working tree: fine; but --staged looks at the index, where it is not.
    std::fs::write(
        dir.join("CHANGELOG.md"),
        "# Changes\n\n- 2027-01-15: we now collect precise geolocation\n- 2026-11-02: first version\n",
    )
    .unwrap();
    let (_, v) = check(dir, &["privacy.md", "--base", "main"]);
    assert!(codes(&v).is_empty(), "{v:#}");
    git(dir, &["add", "privacy.md"]);
    let (_, v) = check(dir, &["privacy.md", "--base", "main", "--staged"]);
    assert_eq!(codes(&v), ["P002"], "{v:#}");
    git(dir, &["add", "CHANGELOG.md"]);
    let (_, v) = check(dir, &["privacy.md", "--base", "main", "--staged"]);
    assert!(codes(&v).is_empty(), "{v:#}");

    // P003: an effective date 5 days out, with 30 days' notice required.
    std::fs::write(
        dir.join("privacy.md"),
        changed.replace("Effective date: 2027-01-15", "Effective date: 2026-12-05"),
    )
    .unwrap();
    let (out, v) = check(dir, &["privacy.md", "--base", "main"]);
    assert_eq!(out.status.code(), Some(1), "{v:#}");
    let found = findings(&v);
    assert_eq!(codes(&v), ["P003"], "{found:?}");
    assert!(found[0].1.contains("5 days after today"), "{}", found[0].1);
}

#[test]
fn a_suppressed_policy_change_rule_is_not_unused_without_base() {
    if !git_available() {
        return;
    }
    let repo = repo(&[]);
    let dir = repo.path();
    let policy = reference().replace(
        "Last updated: 2026-11-02",
        "<!-- redline-disable-next-line P001: reviewed with legal -->\nLast updated: 2026-11-02",
    );
    git(dir, &["rm", "-q", "--cached", "privacy.md"]);
    std::fs::write(dir.join("privacy.md"), &policy).unwrap();
    git(dir, &["add", "privacy.md"]);
    git(dir, &["commit", "-q", "-m", "suppression"]);
    let (_, v) = check(dir, &["privacy.md"]);
    assert!(codes(&v).is_empty(), "{v:#}");
    std::fs::write(dir.join("privacy.md"), with_geolocation(&policy)).unwrap();
    let (out, v) = check(dir, &["privacy.md", "--base", "HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert!(codes(&v).is_empty(), "suppressed: {v:#}");
}

#[test]
fn git_problems_are_errors() {
    if !git_available() {
        return;
    }
    let repo = repo(&[]);
    let dir = repo.path();
    let out = redline_in(dir, &["check", "privacy.md", "--base", "no-such-rev"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        common::stderr(&out).contains("unknown revision `no-such-rev`"),
        "{}",
        common::stderr(&out)
    );
    let out = redline_in(dir, &["check", "-", "--staged"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("standard input has no version in git"));
    std::fs::write(dir.join("untracked.md"), reference()).unwrap();
    let out = redline_in(dir, &["check", "untracked.md", "--staged"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        common::stderr(&out).contains("not in the index"),
        "{}",
        common::stderr(&out)
    );
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(plain.path().join("p.md"), reference()).unwrap();
    let out = redline_in(plain.path(), &["check", "p.md", "--base", "main"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("not a git repository"));
}

#[test]
fn excludes_apply_to_walked_files_and_to_named_files_with_force_exclude() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("redline.toml"),
        "today = \"2026-11-30\"\nexclude = [\"README.md\", \"drafts\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("privacy.md"), reference()).unwrap();
    // README.md and the draft would fail (no date, placeholder).
    std::fs::write(d.join("README.md"), "# Readme\n\nEmail [EMAIL ADDRESS].\n").unwrap();
    std::fs::create_dir(d.join("drafts")).unwrap();
    std::fs::write(
        d.join("drafts/next.md"),
        "# Draft\n\nEmail [EMAIL ADDRESS].\n",
    )
    .unwrap();

    let paths = |v: &Value| -> Vec<String> {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    };
    // Walking: excluded files are skipped.
    let (out, v) = check(d, &["."]);
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert_eq!(paths(&v), ["./privacy.md"]);
    // Named: checked, as ruff does ...
    let (out, v) = check(d, &["privacy.md", "README.md", "drafts/next.md"]);
    assert_eq!(out.status.code(), Some(1), "{v:#}");
    assert_eq!(paths(&v), ["privacy.md", "README.md", "drafts/next.md"]);
    // ... unless --force-exclude (what the pre-commit hook passes).
    let (out, v) = check(
        d,
        &[
            "privacy.md",
            "README.md",
            "drafts/next.md",
            "--force-exclude",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert_eq!(paths(&v), ["privacy.md"]);
    // Everything excluded: nothing to check is no error.
    let (out, v) = check(d, &["README.md", "--force-exclude"]);
    assert_eq!(out.status.code(), Some(0), "{v:#}");
    assert_eq!(v["summary"]["files"], 0);
}

#[test]
fn diff_git_leaves_out_excluded_files() {
    if !git_available() {
        return;
    }
    let repo = repo(&[
        ("redline.toml", "exclude = [\"README.md\"]\n"),
        ("README.md", "# Readme\n\nWe keep logs for 30 days.\n"),
    ]);
    let dir = repo.path();
    std::fs::write(
        dir.join("README.md"),
        "# Readme\n\nWe keep logs for 90 days.\n",
    )
    .unwrap();
    std::fs::write(dir.join("privacy.md"), with_geolocation(&reference())).unwrap();
    let out = redline_in(dir, &["diff", "--git", "main", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let v = common::json(&out);
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["new_path"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["privacy.md"]);
    // Named explicitly, it is compared.
    let out = redline_in(dir, &["diff", "--git", "main", "README.md", "--stat"]);
    assert!(
        common::stdout(&out).contains("retention period lengthened"),
        "{}",
        common::stdout(&out)
    );
}
