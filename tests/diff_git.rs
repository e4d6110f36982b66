//! `redline diff --git REV` / `--staged` against a temporary git repository, and the
//! Markdown and `--stat` outputs (issue #4, points 1 and 7).

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const POLICY: &str = "# Privacy Policy\n\nLast updated: 2026-01-15\n\n## Information we collect\n\nWe collect your name and email address when you register.\n\n## How long we keep your information\n\nWe delete your account data within 30 days after you close your account.\n\n## Your rights\n\nYou have the right to access your data and the right to data portability.\n\n## Contact us\n\nWrite to privacy@example.org with any question.\n";

use common::{git, git_available, redline_in};

fn json_ok(dir: &Path, args: &[&str]) -> Value {
    let out = redline_in(dir, args);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    common::json(&out)
}

/// A repository with `docs/privacy.md` (POLICY) and `code.rs` committed.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/privacy.md"), POLICY).unwrap();
    std::fs::write(dir.path().join("code.rs"), "fn main() {}\n").unwrap();
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "-q", "-m", "first"]);
    dir
}

fn retention_90(dir: &Path) {
    std::fs::write(
        dir.join("docs/privacy.md"),
        POLICY.replace("within 30 days", "within 90 days"),
    )
    .unwrap();
}

#[test]
fn git_head_compares_the_working_tree_and_staged_the_index() {
    if !git_available() {
        return;
    }
    let repo = repo();
    let dir = repo.path();
    retention_90(dir);
    std::fs::write(dir.join("code.rs"), "fn main() { changed() }\n").unwrap();

    let v = json_ok(dir, &["diff", "--git", "HEAD", "--format", "json"]);
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "only the policy file, not code.rs: {v:#}");
    assert_eq!(files[0]["old_path"], "HEAD:docs/privacy.md");
    assert_eq!(files[0]["new_path"], "docs/privacy.md");
    assert_eq!(files[0]["verdict"], "material");
    assert_eq!(
        files[0]["sections"][0]["reason"],
        "retention period lengthened: 30 days → 90 days"
    );

    // Nothing staged yet.
    let v = json_ok(dir, &["diff", "--staged", "--format", "json"]);
    assert_eq!(v["files"].as_array().unwrap().len(), 0, "{v:#}");

    // Stage the retention change, then change the working tree again.
    git(dir, &["add", "docs/privacy.md"]);
    std::fs::write(
        dir.join("docs/privacy.md"),
        POLICY.replace("within 30 days", "within 90 days").replace(
            "when you register.",
            "when you register. We also collect your precise geolocation.",
        ),
    )
    .unwrap();
    let v = json_ok(dir, &["diff", "--staged", "--format", "json"]);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{v:#}");
    assert_eq!(files[0]["new_path"], "docs/privacy.md (staged)");
    let reasons: Vec<&str> = files[0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        ["retention period lengthened: 30 days → 90 days"],
        "the staged version has no geolocation yet"
    );

    let v = json_ok(dir, &["diff", "--git", "HEAD", "--format", "json"]);
    let reasons: Vec<&str> = v["files"][0]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        [
            "new data category: precise geolocation",
            "retention period lengthened: 30 days → 90 days"
        ]
    );

    // From a subfolder, with a path relative to it; --fail-on material.
    let out = redline_in(
        &dir.join("docs"),
        &[
            "diff",
            "--git",
            "HEAD",
            "privacy.md",
            "--fail-on",
            "material",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    assert!(
        text.starts_with("HEAD:docs/privacy.md → privacy.md: material changes\n"),
        "{text}"
    );
    assert!(text.contains("within [-30-]{+90+} days"), "{text}");
}

#[test]
fn several_files_give_one_report_each() {
    if !git_available() {
        return;
    }
    let repo = repo();
    let dir = repo.path();
    std::fs::write(dir.join("terms.txt"), "Terms\n\nWe keep logs for 7 days.\n").unwrap();
    git(dir, &["add", "terms.txt"]);
    git(dir, &["commit", "-q", "-m", "terms"]);
    retention_90(dir);
    std::fs::write(
        dir.join("terms.txt"),
        "Terms\n\nWe keep logs for 70 days.\n",
    )
    .unwrap();

    let v = json_ok(dir, &["diff", "--git", "HEAD~0", "--format", "json"]);
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["new_path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["docs/privacy.md", "terms.txt"]);

    let out = redline_in(dir, &["diff", "--git", "HEAD"]);
    assert_eq!(out.status.code(), Some(0));
    let text = common::stdout(&out);
    let a = text
        .find("HEAD:docs/privacy.md → docs/privacy.md: material changes")
        .expect(&text);
    let b = text.find("HEAD:terms.txt → terms.txt:").expect(&text);
    assert!(a < b, "{text}");

    // An explicit file limits the comparison to it.
    let v = json_ok(
        dir,
        &["diff", "--git", "HEAD", "terms.txt", "--format", "json"],
    );
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert_eq!(v["files"][0]["old_path"], "HEAD:terms.txt");
}

#[test]
fn git_errors_name_the_problem_and_exit_2() {
    if !git_available() {
        return;
    }
    let repo = repo();
    let dir = repo.path();
    retention_90(dir);

    let out = redline_in(dir, &["diff", "--git", "no-such-rev"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(
        err.contains("unknown revision `no-such-rev`: no commit by that name in this repository"),
        "{err}"
    );
    assert!(common::stdout(&out).is_empty());

    std::fs::write(dir.join("new.md"), POLICY).unwrap();
    let out = redline_in(dir, &["diff", "--git", "HEAD", "new.md"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.contains("HEAD:new.md: not in revision HEAD"), "{err}");

    let plain = tempfile::tempdir().unwrap();
    let out = redline_in(plain.path(), &["diff", "--git", "HEAD"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(err.contains("not a git repository"), "{err}");
}

#[test]
fn missing_git_is_a_clear_error() {
    // Runs whether or not git is installed: PATH points at an empty folder.
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["diff", "--git", "HEAD"])
        .current_dir(empty.path())
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(
        err.contains("git is not installed (no `git` program on PATH)"),
        "{err}"
    );
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn markdown_output_for_a_pull_request() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.md", POLICY);
    let new = write(
        dir.path(),
        "new.md",
        &POLICY.replace("within 30 days", "within 90 days"),
    );
    let out = common::redline(&["diff", &old, &new, "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0));
    let text = common::stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("### redline: material changes in `"),
        "{text}"
    );
    let table = [
        "| Change | Section | Reason |",
        "|---|---|---|",
        "| changed | How long we keep your information | retention period lengthened: 30 days → 90 days |",
    ];
    let at = lines.iter().position(|l| *l == table[0]).expect(&text);
    assert_eq!(&lines[at..at + 3], table, "{text}");
    assert!(
        text.contains(
            "<details><summary>How long we keep your information — changed: material — retention period lengthened: 30 days → 90 days</summary>\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "  We delete your account data within ~~30~~**90** days after you close your account.\n\n</details>"
        ),
        "{text}"
    );
    // The table comes before the details.
    assert!(text.find("| Change |").unwrap() < text.find("<details>").unwrap());
}

#[test]
fn markdown_escapes_document_text() {
    let dir = tempfile::tempdir().unwrap();
    // Plain text, so that the angle brackets and brackets stay in the document text.
    let old = write(dir.path(), "old.txt", POLICY);
    let new = write(
        dir.path(),
        "new.txt",
        &POLICY.replace(
            "with any question.",
            "with any question. See <script>x</script> | a_b [c](d) & ~e~.",
        ),
    );
    let out = common::redline(&["diff", &old, &new, "--format", "markdown"]);
    let text = common::stdout(&out);
    assert!(!text.contains("<script>"), "{text}");
    assert!(
        text.contains("**See &lt;script&gt;x&lt;/script&gt; \\| a\\_b \\[c\\](d) &amp; \\~e\\~.**"),
        "{text}"
    );
}

#[test]
fn stat_gives_one_line_per_section_and_totals() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.md", POLICY);
    let new = write(
        dir.path(),
        "new.md",
        &POLICY
            .replace("within 30 days", "within 90 days")
            .replace("## Your rights", "## Your choices")
            .replace(
                "## Contact us\n\nWrite to privacy@example.org with any question.\n",
                "",
            ),
    );
    let out = common::redline(&["diff", &old, &new, "--stat"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let text = common::stdout(&out);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[0].ends_with("new.md: material changes"), "{text}");
    let line = |flag: &str, title: &str| {
        lines
            .iter()
            .find(|l| l.starts_with(&format!(" {flag:<4} {title}")))
            .unwrap_or_else(|| panic!("no `{flag} {title}` line:\n{text}"))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        line("~", "How long we keep your information"),
        "~ How long we keep your information material retention period lengthened: 30 days → 90 days"
    );
    assert!(line("R", "Your choices").starts_with("R Your choices (was 'Your rights') "));
    assert!(line("-", "Contact us").starts_with("- Contact us material "));
    let v = common::json(&common::redline(&["diff", &old, &new, "--format", "json"]));
    let s = &v["summary"];
    assert_eq!(
        lines[4],
        format!(
            "3 sections changed (0 added, 1 removed, 2 changed); {} material, {} substantive, {} editorial",
            s["material"], s["substantive"], s["editorial"]
        )
    );
}
