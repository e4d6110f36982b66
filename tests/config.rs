//! redline.toml: discovery, precedence, per-path overrides, errors with file and line,
//! `redline init`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{json, stderr};

const SEED: &str = "policies/cgtonlinea-privacy.txt";

fn copy_seed(dir: &Path, name: &str) -> String {
    let p = dir.join(name);
    std::fs::copy(common::root().join(SEED), &p).unwrap();
    p.display().to_string()
}

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

fn codes(v: &serde_json::Value, file: usize) -> Vec<String> {
    v["files"][file]["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn unknown_key_is_an_error_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("redline.toml"),
        "profiles = [\"gdpr\"]\n\n[rules]\nselekt = [\"S001\"]\n",
    )
    .unwrap();
    let seed = copy_seed(dir.path(), "policy.txt");
    let out = run_in(dir.path(), &["check", &seed, "--today", "2026-11-30"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let cfg = dir.path().join("redline.toml").display().to_string();
    assert!(
        err.contains(&format!(
            "invalid configuration {cfg}:4:1: unknown field `selekt`"
        )),
        "{err}"
    );
    // The excerpt shows the offending line.
    assert!(err.contains("4 │ selekt = [\"S001\"]"), "{err}");
    assert_eq!(err.matches("unknown field `selekt`").count(), 2, "{err}");
    // Once: the per-file input error is not repeated on standard error.
    assert_eq!(err.matches("redline::config").count(), 1, "{err}");
    assert!(!err.contains("redline::input"), "{err}");
}

#[test]
fn bad_values_are_errors_with_line() {
    let dir = tempfile::tempdir().unwrap();
    let seed = copy_seed(dir.path(), "policy.txt");
    for (toml, line, needle) in [
        (
            "today = \"30/11/2026\"\n",
            1,
            "`today` must be a date in the form YYYY-MM-DD",
        ),
        (
            "fail-on = \"sometimes\"\n",
            1,
            "unknown variant `sometimes`",
        ),
        (
            "\n[rules]\nignore = [\"no-such-rule\"]\n",
            3,
            "unknown rule `no-such-rule` in `rules.ignore`",
        ),
        ("stale-after-days = \"soon\"\n", 1, "invalid type"),
        ("[rules\n", 1, ""),
    ] {
        std::fs::write(dir.path().join("redline.toml"), toml).unwrap();
        let out = run_in(dir.path(), &["check", &seed, "--format", "json"]);
        assert_eq!(out.status.code(), Some(2), "{toml}");
        let v = json(&out);
        let error = v["files"][0]["error"].as_str().unwrap();
        assert!(
            error.contains(&format!("redline.toml:{line}:")),
            "{toml}: {error}"
        );
        assert!(error.contains(needle), "{toml}: {error}");
    }
}

#[test]
fn config_is_discovered_upward_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("redline.toml"),
        "today = \"2026-11-30\"\nprofiles = [\"ccpa\"]\n\n[rules]\nignore = [\"R\", \"C\", \"L\", \"X\"]\nseverity = { section-numbering-gap = \"error\", toc-entry-missing = \"off\" }\n",
    )
    .unwrap();
    let sub = dir.path().join("policies/en");
    std::fs::create_dir_all(&sub).unwrap();
    let seed = copy_seed(&sub, "privacy.txt");
    let out = run_in(dir.path(), &["check", &seed, "--format", "json"]);
    let v = json(&out);
    let c = codes(&v, 0);
    assert!(
        !c.iter().any(|c| c.starts_with('R') || c == "S001"),
        "{c:?}"
    );
    let s003 = &v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "S003")
        .unwrap();
    assert_eq!(s003["severity"], "error");
    // The CCPA profile from the file makes staleness an error, measured against its `today`.
    let d001 = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "D001")
        .unwrap();
    assert_eq!(d001["severity"], "error");
    assert!(d001["message"].as_str().unwrap().contains("1754 days"));
    // Flags win: --profile generic and --select R bring R001 back.
    let out = run_in(
        dir.path(),
        &[
            "check",
            &seed,
            "--format",
            "json",
            "--profile",
            "generic",
            "--select",
            "R001",
            "--ignore",
            "D",
        ],
    );
    let c = codes(&json(&out), 0);
    assert!(c.iter().all(|c| c == "R001") && !c.is_empty(), "{c:?}");
    // --no-config ignores the file: S001 is back.
    let out = run_in(
        dir.path(),
        &[
            "check",
            &seed,
            "--format",
            "json",
            "--no-config",
            "--today",
            "2026-11-30",
        ],
    );
    assert!(codes(&json(&out), 0).contains(&"S001".to_string()));
}

#[test]
fn per_path_overrides() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("redline.toml"),
        "today = \"2026-11-30\"\n\n[[overrides]]\npaths = [\"legacy/**\"]\nignore = [\"stale-policy\", \"S001\"]\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("legacy")).unwrap();
    let current = copy_seed(dir.path(), "current.txt");
    let legacy = copy_seed(&dir.path().join("legacy"), "old.txt");
    let out = run_in(
        dir.path(),
        &["check", &current, &legacy, "--format", "json"],
    );
    let v = json(&out);
    let (a, b) = (codes(&v, 0), codes(&v, 1));
    assert!(
        a.contains(&"D001".to_string()) && a.contains(&"S001".to_string()),
        "{a:?}"
    );
    assert!(
        !b.contains(&"D001".to_string()) && !b.contains(&"S001".to_string()),
        "{b:?}"
    );
    assert!(b.contains(&"S003".to_string()), "{b:?}");
}

#[test]
fn init_writes_a_valid_starter_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("redline.toml")).unwrap();
    assert_eq!(text, redline::config::STARTER);
    let out = run_in(dir.path(), &["init"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("already exists"));
    // The starter is picked up and valid.
    let seed = copy_seed(dir.path(), "p.txt");
    let out = run_in(
        dir.path(),
        &["check", &seed, "--today", "2026-11-30", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(codes(&json(&out), 0).contains(&"S001".to_string()));
}

#[test]
fn suppression_comments() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("p.md");
    std::fs::write(
        &policy,
        "# Privacy Policy\n\n## 1. Who we are\n\nExample Ltd.\n\n<!-- redline-disable-next-line section-numbering-gap: sections 2-3 are in the annex -->\n## 4. Contact\n\nprivacy@example.org\n\n<!-- redline-disable S006 -->\n## 5. Children\n\n## 6. Security\n<!-- redline-enable S006 -->\n\n## 7. Retention\n",
    )
    .unwrap();
    let p = policy.display().to_string();
    let out = run_in(
        dir.path(),
        &[
            "check",
            &p,
            "--no-config",
            "--today",
            "2026-11-30",
            "--select",
            "S,M",
            "--format",
            "json",
        ],
    );
    let v = json(&out);
    let found: Vec<(String, u64)> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["span"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    // The gap 1 -> 4 is suppressed; the empty sections 5 and 6 are inside the disabled range;
    // 7 is empty and reported.
    assert_eq!(found, [("S006".to_string(), 18)], "{v:#}");
}

/// `--config DIR`: one report, on standard error, with the path as given and no `:0:0`
/// position; nothing is checked, and nothing is written on standard output (exit 2).
#[test]
fn config_flag_naming_a_directory_is_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("conf")).unwrap();
    copy_seed(dir.path(), "policy.txt");
    for format in ["human", "json", "sarif"] {
        let out = run_in(
            dir.path(),
            &[
                "check",
                "policy.txt",
                "--config",
                "conf",
                "--today",
                "2026-11-30",
                "--format",
                format,
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{format}");
        assert_eq!(common::stdout(&out), "", "{format}");
        let err = stderr(&out);
        assert!(
            err.contains(
                "× invalid configuration conf: this is a directory, not a configuration file"
            ),
            "{format}: {err}"
        );
        assert_eq!(err.matches("this is a directory").count(), 1, "{err}");
        assert_eq!(err.matches("redline::config").count(), 1, "{err}");
        assert!(!err.contains("redline::input"), "{err}");
        assert!(!err.contains(":0:0"), "{err}");
    }
}

/// A broken redline.toml found by discovery governs two files: its report (with the
/// excerpt) is on standard error once, not once more per file; the path found has no
/// `./` in it; each file's summary line says why it was not checked (exit 2).
#[test]
fn discovered_broken_config_is_reported_once_for_all_its_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("redline.toml"),
        "profiles = [\"gdpr\"]\n\n[rules]\nselekt = [\"S001\"]\n",
    )
    .unwrap();
    copy_seed(dir.path(), "a.txt");
    copy_seed(dir.path(), "b.txt");
    let out = run_in(
        dir.path(),
        &["check", "a.txt", "b.txt", "--today", "2026-11-30"],
    );
    assert_eq!(out.status.code(), Some(2));
    let cfg = dir
        .path()
        .join("redline.toml")
        .components()
        .collect::<std::path::PathBuf>()
        .display()
        .to_string();
    let message = format!(
        "invalid configuration {cfg}:4:1: unknown field `selekt`, expected one of `select`, `ignore`, `severity`"
    );
    let err = stderr(&out);
    assert_eq!(err.matches("redline::config").count(), 1, "{err}");
    assert!(!err.contains("redline::input"), "{err}");
    assert!(!err.contains("/./"), "{err}");
    assert!(err.contains(&format!("╭─[{cfg}:4:1]")), "{err}");
    assert_eq!(
        common::stdout(&out),
        format!(
            "a.txt: not checked ({message})\nb.txt: not checked ({message})\n\nChecked 0 files: 0 errors, 0 warnings, 0 infos; 2 could not be read\n"
        )
    );
}

/// A configuration that is not UTF-8 is an error at the first bad byte; an empty one and
/// one that starts with a UTF-8 byte order mark are accepted.
#[test]
fn config_encoding_empty_and_bom() {
    let dir = tempfile::tempdir().unwrap();
    copy_seed(dir.path(), "policy.txt");
    let cfg = dir.path().join("redline.toml");
    let json_of = |args: &[&str]| {
        let out = run_in(dir.path(), args);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        json(&out)
    };
    let pinned = json_of(&[
        "check",
        "policy.txt",
        "--no-config",
        "--today",
        "2026-11-30",
        "--format",
        "json",
    ]);

    std::fs::write(&cfg, b"today = \"2026-11-30\"\n# caf\xe9\n").unwrap();
    let out = run_in(dir.path(), &["check", "policy.txt", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let cfg_s = cfg
        .components()
        .collect::<std::path::PathBuf>()
        .display()
        .to_string();
    assert_eq!(
        json(&out)["files"][0]["error"],
        format!(
            "invalid configuration {cfg_s}:2:6: the configuration file is not UTF-8 text (TOML files must be UTF-8): save it as UTF-8"
        )
    );
    assert!(
        stderr(&out).contains("2 │ # caf\u{fffd}"),
        "{}",
        stderr(&out)
    );

    std::fs::write(&cfg, "").unwrap();
    let v = json_of(&[
        "check",
        "policy.txt",
        "--today",
        "2026-11-30",
        "--format",
        "json",
    ]);
    assert_eq!(v, pinned);

    // The BOM is skipped and `today` is read.
    std::fs::write(&cfg, "\u{feff}today = \"2026-11-30\"\n").unwrap();
    let v = json_of(&["check", "policy.txt", "--format", "json"]);
    assert_eq!(v, pinned);
}

/// A profile named in redline.toml that is neither built in nor a file: the error names
/// the configuration and the name as written there, not only the path it was resolved to.
#[test]
fn missing_profile_in_config_names_the_config() {
    let dir = tempfile::tempdir().unwrap();
    copy_seed(dir.path(), "policy.txt");
    let cfg = dir.path().join("redline.toml");
    std::fs::write(&cfg, "profiles = [\"gpdr\"]\n").unwrap();
    let out = run_in(
        dir.path(),
        &[
            "check",
            &cfg.with_file_name("policy.txt").display().to_string(),
            "--today",
            "2026-11-30",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(common::stdout(&out), "");
    let resolved = dir.path().join("gpdr").display().to_string();
    assert_eq!(
        stderr(&out),
        format!(
            "error: invalid configuration {}: `profiles` names `gpdr`, which is neither a built-in profile (generic, gdpr, uk-gdpr, ccpa, caloppa, pdpa-sg, pipl, lgpd, pipeda, coppa) nor a file ({resolved} does not exist)\n",
            cfg.display()
        )
    );
}

/// A `redline.toml` that is a symbolic link to nowhere, or a loop of links, is reported
/// (exit 2, the link's target named), never skipped as if there were no configuration.
#[test]
fn discovered_dangling_or_looping_link_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    copy_seed(dir.path(), "policy.txt");
    let link = dir.path().join("redline.toml");
    std::os::unix::fs::symlink("nowhere.toml", &link).unwrap();
    let args = [
        "check",
        "policy.txt",
        "--today",
        "2026-11-30",
        "--format",
        "concise",
    ];
    let out = run_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    // miette wraps the message: compare its words.
    let words = |out: &std::process::Output| {
        stderr(out)
            .split_whitespace()
            .filter(|w| *w != "│")
            .collect::<Vec<_>>()
            .join(" ")
    };
    let err = words(&out);
    assert!(
        err.contains("it is a symbolic link to nowhere.toml, which cannot be read"),
        "{err}"
    );
    std::fs::remove_file(&link).unwrap();
    std::os::unix::fs::symlink("redline.toml", &link).unwrap();
    let out = run_in(dir.path(), &args);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        words(&out).contains("it is a symbolic link to redline.toml, which cannot be read"),
        "{}",
        words(&out)
    );
}
