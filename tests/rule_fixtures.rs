//! Every rule has a failing and a passing fixture under `tests/fixtures/rules/<CODE>/`:
//! `fail.md` or `fail.txt` must produce at least one finding of that rule (snapshotted),
//! `pass.md` or `pass.txt` none. An optional `redline.toml` beside them is used as the
//! configuration (profiles, organisation facts); otherwise no configuration is read. An
//! optional `select` file names further rules to run alongside. The
//! real binary runs with `--select CODE --today 2026-11-30`, as a user would.

mod common;

use std::path::{Path, PathBuf};

use common::{json, redline};

fn fixture(dir: &Path, stem: &str) -> Option<PathBuf> {
    ["md", "txt"]
        .iter()
        .map(|ext| dir.join(format!("{stem}.{ext}")))
        .find(|p| p.is_file())
}

fn run(dir: &Path, file: &Path, code: &str) -> (i32, serde_json::Value) {
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
    for meta in redline::rules::registry::all() {
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
