//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the real `redline` binary from the repository root.
pub fn redline(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the redline binary runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Parses JSON output.
pub fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&o.stdout)
        )
    })
}

/// `../shared/corpus` when it exists. Outside CI its absence skips the calling test with a
/// loud message; under `CI=true` it fails the test.
pub fn shared_corpus() -> Option<PathBuf> {
    let p = root().join("../shared/corpus");
    if p.is_dir() {
        return Some(p);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("../shared/corpus is missing under CI=true: the corpus tests cannot run");
    }
    eprintln!("\n*** SKIPPED: ../shared/corpus not found; corpus tests did not run ***\n");
    None
}

/// Every Markdown, text and HTML file under `dir`, sorted.
pub fn policy_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable corpus directory") {
            let p = e.expect("directory entry").path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("md" | "markdown" | "txt" | "html" | "htm")
            ) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The findings of one rule code in the first file of a JSON report.
pub fn diagnostics(v: &serde_json::Value, code: &str) -> Vec<serde_json::Value> {
    v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .filter(|d| d["code"] == code)
        .cloned()
        .collect()
}

/// Whether `git` runs. Without it the git tests are skipped loudly, except under
/// `CI=true`, where they fail (`.ci/run` installs git).
pub fn git_available() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("git is not installed under CI=true: the git-based tests cannot run");
        }
        eprintln!("\n*** SKIPPED: git not installed ***\n");
    }
    ok
}

/// Runs git in `dir` with a throwaway identity and no user or system configuration.
pub fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Redline Test",
            "-c",
            "user.email=test@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The temporary-files folder: git must not look above it for a repository (the folder
/// holding the tests' repositories might itself be inside one).
pub fn ceiling() -> std::path::PathBuf {
    let t = std::env::temp_dir();
    t.canonicalize().unwrap_or(t)
}

/// Runs redline in `dir`.
pub fn redline_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CEILING_DIRECTORIES", ceiling())
        .output()
        .expect("the redline binary runs")
}

/// The document title's text.
pub fn title(doc: &redline::ast::Document) -> Option<&str> {
    doc.title.as_ref().map(|t| t.text.as_str())
}

/// The titles of `sections`, in order.
pub fn titles(sections: &[redline::ast::Section]) -> Vec<&str> {
    sections.iter().map(|s| s.title.as_str()).collect()
}

/// Dates that describe the policy itself (role other than `Other`), as `YYYY-MM-DD`.
pub fn policy_dates(doc: &redline::ast::Document) -> Vec<(String, redline::ast::DateRole)> {
    doc.metadata
        .dates
        .iter()
        .filter(|d| d.role.is_policy_date())
        .map(|d| (d.date.to_string(), d.role))
        .collect()
}

/// The first section (pre-order) titled `title`; panics naming it when there is none.
pub fn titled<'a>(doc: &'a redline::ast::Document, title: &str) -> &'a redline::ast::Section {
    doc.all_sections()
        .into_iter()
        .find(|s| s.title == title)
        .unwrap_or_else(|| panic!("no section titled {title:?}"))
}
