//! Every rule has a failing and a passing fixture under `tests/fixtures/rules/<CODE>/`:
//! `fail.md` or `fail.txt` must produce at least one finding of that rule (snapshotted),
//! `pass.md` or `pass.txt` none. An optional `redline.toml` beside them is used as the
//! configuration (profiles, organisation facts); otherwise no configuration is read. An
//! optional `select` file names further rules to run alongside. The
//! real binary runs with `--select CODE --today 2026-11-30`, as a user would.
//!
//! The diff-aware `P` rules need a version to compare with: their folder also has
//! `base.md`, committed as `policy.md` in a temporary git repository (with `redline.toml`
//! and `CHANGELOG.md` when the folder has them); then `fail.md` or `pass.md` replaces it
//! (and `pass.CHANGELOG.md`, when present, the changelog) and redline runs in the
//! repository with `--base HEAD`. Without git these fixtures are skipped loudly (and fail
//! under `CI=true`).

mod common;

use std::path::{Path, PathBuf};

use common::{json, redline};

fn fixture(dir: &Path, stem: &str) -> Option<PathBuf> {
    ["md", "txt"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|p| p.is_file())
}

/// Runs a `P` rule's fixture in a temporary git repository against `base.md` at HEAD.
fn run_against_base(dir: &Path, file: &Path, code: &str) -> (i32, serde_json::Value) {
    let repo = tempfile::tempdir().unwrap();
    let r = repo.path();
    let base = fixture(dir, "base").expect("P fixtures have a base version");
    let name = format!(
        "policy.{}",
        base.extension().and_then(|e| e.to_str()).unwrap_or("md")
    );
    std::fs::copy(&base, r.join(&name)).unwrap();
    for extra in ["redline.toml", "CHANGELOG.md"] {
        if dir.join(extra).is_file() {
            std::fs::copy(dir.join(extra), r.join(extra)).unwrap();
        }
    }
    common::git(r, &["init", "-q"]);
    common::git(r, &["add", "."]);
    common::git(r, &["commit", "-q", "-m", "base"]);
    std::fs::copy(file, r.join(&name)).unwrap();
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let log = dir.join(format!("{stem}.CHANGELOG.md"));
    if log.is_file() {
        std::fs::copy(log, r.join("CHANGELOG.md")).unwrap();
    }
    let mut args = vec![
        "check",
        &name,
        "--base",
        "HEAD",
        "--select",
        code,
        "--today",
        "2026-11-30",
        "--format",
        "json",
        "--fail-on",
        "never",
    ];
    if !r.join("redline.toml").is_file() {
        args.push("--no-config");
    }
    let out = common::redline_in(r, &args);
    (out.status.code().unwrap_or(-1), json(&out))
}

fn run(dir: &Path, file: &Path, code: &str) -> (i32, serde_json::Value) {
    if code.starts_with('P') {
        return run_against_base(dir, file, code);
    }
    let file_s = file.display().to_string();
    // A `select` file names other rules to run alongside (M001 needs one to suppress).
    let select = match std::fs::read_to_string(dir.join("select")) {
        Ok(extra) => format!("{code},{}", extra.trim()),
        Err(_) => code.to_string(),
    };
    let mut args = vec![
        "check",
        &file_s,
        "--select",
        &select,
        "--today",
        "2026-11-30",
        "--format",
        "json",
        "--fail-on",
        "never",
    ];
    let config = dir.join("redline.toml");
    let config_s = config.display().to_string();
    if config.is_file() {
        args.extend(["--config", &config_s]);
    } else {
        args.push("--no-config");
    }
    let out = redline(&args);
    (out.status.code().unwrap_or(-1), json(&out))
}

/// `code line:column message` per finding of the rule.
fn findings(v: &serde_json::Value, code: &str) -> Vec<String> {
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no diagnostics: {v}"))
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| {
            let req = d["requirement"]["id"]
                .as_str()
                .map(|r| format!(" [{r}]"))
                .unwrap_or_default();
            format!(
                "{} {} {}:{} {}{req}",
                d["code"].as_str().unwrap(),
                d["severity"].as_str().unwrap(),
                d["span"]["line"],
                d["span"]["column"],
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn every_rule_has_failing_and_passing_fixtures() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut missing = Vec::new();
    let with_git = common::git_available();
    for meta in redline::rules::registry::all() {
        if meta.code.starts_with('P') && !with_git {
            continue;
        }
        let dir = root.join(meta.code);
        let (Some(fail), Some(pass)) = (fixture(&dir, "fail"), fixture(&dir, "pass")) else {
            missing.push(format!("{} {}", meta.code, meta.name));
            continue;
        };
        let (code, v) = run(&dir, &fail, meta.code);
        assert_eq!(code, 0, "{}: {v}", meta.code);
        let got = findings(&v, meta.code);
        assert!(
            !got.is_empty(),
            "{}: fail fixture gives no finding:\n{v:#}",
            meta.code
        );
        insta::assert_snapshot!(meta.code, got.join("\n"));

        let (code, v) = run(&dir, &pass, meta.code);
        assert_eq!(code, 0, "{}: {v}", meta.code);
        let got = findings(&v, meta.code);
        assert!(
            got.is_empty(),
            "{}: pass fixture gives findings:\n{}",
            meta.code,
            got.join("\n")
        );
    }
    assert!(missing.is_empty(), "rules without fixtures: {missing:?}");
}
