//! `redline check --write-baseline FILE` and `--baseline FILE` (issue #5, point 6): the
//! round trip on the seed policy, line shifts, exactly the new finding reported, recorded
//! findings that went away, and unusable baseline files.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn seed() -> String {
    std::fs::read_to_string(common::root().join("policies/cgtonlinea-privacy.txt")).unwrap()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["check", "--today", "2026-11-30", "--no-config"])
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the redline binary runs")
}

fn diagnostics(out: &Output) -> Vec<Value> {
    common::json(out)["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn round_trip_then_exactly_the_new_finding() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("policies")).unwrap();
    std::fs::write(d.join("policies/privacy.txt"), seed()).unwrap();

    let out = run(
        d,
        &["policies", "--write-baseline", "redline-baseline.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert!(
        common::stderr(&out)
            .contains("wrote baseline redline-baseline.json: 22 findings in 1 file"),
        "{}",
        common::stderr(&out)
    );
    let b: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("redline-baseline.json")).unwrap())
            .unwrap();
    assert_eq!(b["version"], 1);
    let s001 = b["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["code"] == "S001")
        .unwrap();
    assert_eq!(s001["path"], "policies/privacy.txt");
    assert_eq!(s001["name"], "toc-entry-missing");
    assert_eq!(s001["count"], 7);
    assert_eq!(s001["fingerprints"].as_array().unwrap().len(), 7);

    // Round trip: nothing beyond the baseline, exit 0, in every format.
    let out = run(
        d,
        &[
            "policies",
            "--baseline",
            "redline-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    assert!(diagnostics(&out).is_empty());
    assert!(common::stderr(&out).contains("22 known findings not shown"));
    // From another folder, with another spelling of the path: the same keys.
    let out = run(
        &d.join("policies"),
        &["./privacy.txt", "--baseline", "../redline-baseline.json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", common::stdout(&out));

    // Lines added above every finding, and one new problem at the end (X001) and one
    // more of a recorded rule (a third X002): exactly those two are reported.
    let changed = format!(
        "{}\nFor details see Section 14. Please also read our Acceptable Use Policy.\n",
        seed().replacen('\n', "\n\nA new paragraph at the top.\n\n", 1)
    );
    std::fs::write(d.join("policies/privacy.txt"), changed).unwrap();
    let out = run(
        d,
        &[
            "policies",
            "--baseline",
            "redline-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let found = diagnostics(&out);
    let codes: Vec<&str> = found.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["X001", "X002"], "{found:#?}");
    assert!(
        found[1]["message"]
            .as_str()
            .unwrap()
            .contains("Acceptable Use Policy"),
        "the new X002 is shown, not a recorded one: {:#}",
        found[1]
    );
    // The same from the policy's folder: fingerprints use the baseline's paths.
    let out = run(
        &d.join("policies"),
        &[
            "./privacy.txt",
            "--baseline",
            "../redline-baseline.json",
            "--format",
            "json",
        ],
    );
    let again = diagnostics(&out);
    assert_eq!(again.len(), 2);
    assert!(
        again[1]["message"]
            .as_str()
            .unwrap()
            .contains("Acceptable Use Policy")
    );
    let out = run(
        d,
        &[
            "policies",
            "--baseline",
            "redline-baseline.json",
            "--format",
            "concise",
        ],
    );
    let text = common::stdout(&out);
    assert!(text.contains("error X001 `Section 14`"), "{text}");
    assert!(
        text.ends_with("Checked 1 file: 1 error, 1 warning, 0 infos\n"),
        "{text}"
    );
}

#[test]
fn recorded_findings_that_went_away_are_noted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("privacy.txt"), seed()).unwrap();
    let out = run(d, &["privacy.txt", "--write-baseline", "b.json"]);
    assert_eq!(out.status.code(), Some(0));
    // Link the Terms of Service: one X002 fewer.
    std::fs::write(
        d.join("privacy.txt"),
        seed().replace(
            "as set out in the Terms of Service.",
            "as set out in the Terms of Service (https://www.cgtonlinea.com/terms).",
        ),
    )
    .unwrap();
    let out = run(d, &["privacy.txt", "--baseline", "b.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stdout(&out));
    let err = common::stderr(&out);
    assert!(
        err.contains("1 recorded finding no longer occurs (privacy.txt X002: 2 recorded, 1 now)"),
        "{err}"
    );
    assert!(err.contains("--write-baseline b.json"), "{err}");
}

#[test]
fn missing_or_malformed_baselines_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("privacy.txt"), seed()).unwrap();
    let out = run(d, &["privacy.txt", "--baseline", "missing.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = common::stderr(&out);
    assert!(
        err.contains("missing.json: cannot read the baseline file"),
        "{err}"
    );
    assert!(err.contains("--write-baseline"), "{err}");
    assert!(common::stdout(&out).is_empty(), "nothing is checked");

    for (text, want) in [
        ("{\"version\": 1, \"entries\": [", "not a redline baseline"),
        (
            "{\"version\": 7, \"entries\": []}",
            "baseline version 7 is not supported",
        ),
        ("{\"entries\": []}", "missing field `version`"),
    ] {
        std::fs::write(d.join("bad.json"), text).unwrap();
        let out = run(d, &["privacy.txt", "--baseline", "bad.json"]);
        assert_eq!(out.status.code(), Some(2), "{text}");
        assert!(
            common::stderr(&out).contains(want),
            "{}",
            common::stderr(&out)
        );
    }

    // A baseline is not written when an input could not be read.
    let out = run(d, &["privacy.txt", "nope.md", "--write-baseline", "b.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!d.join("b.json").exists());
    assert!(common::stderr(&out).contains("not writing the baseline"));
}

/// `--write-baseline` through a symbolic link writes the file the link names and keeps the
/// link (it was replaced by a regular file, the named file left as it was); a FIFO or other
/// non-regular file is refused rather than replaced.
#[cfg(unix)]
#[test]
fn baseline_written_through_a_link_and_never_over_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("policy.txt"), seed()).unwrap();
    // An earlier baseline (an empty one), which may be replaced.
    std::fs::write(d.join("real.json"), r#"{"version": 1, "entries": []}"#).unwrap();
    std::os::unix::fs::symlink("real.json", d.join("link.json")).unwrap();
    let out = run(d, &["policy.txt", "--write-baseline", "link.json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::symlink_metadata(d.join("link.json"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let real: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("real.json")).unwrap()).unwrap();
    // The seed policy's 22 findings (generic profile) are recorded in real.json.
    let recorded: u64 = real["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["count"].as_u64().unwrap())
        .sum();
    assert_eq!(recorded, 22, "{real}");

    let fifo = d.join("fifo.json");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "mkfifo is missing under CI=true"
        );
        eprintln!("SKIPPED the FIFO half of this test: no mkfifo");
        return;
    }
    let out = run(d, &["policy.txt", "--write-baseline", "fifo.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("error: cannot write the baseline fifo.json: it is not a regular file")
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
}

/// `--write-baseline` never replaces a file it did not write: a policy it is checking
/// (`--write-baseline policy.txt other.txt` takes the policy for the baseline's name, or
/// the same file given twice), a link to one, or any other file that is not a baseline.
/// Each is refused with exit code 2 and left byte for byte as it was; a new, empty or
/// earlier baseline file is written.
#[test]
fn baseline_never_replaces_a_policy_or_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("policy.txt"), seed()).unwrap();
    std::fs::write(d.join("other.txt"), seed()).unwrap();
    std::fs::write(d.join("notes.json"), "{\"todo\": 1}\n").unwrap();
    std::os::unix::fs::symlink("policy.txt", d.join("link.json")).unwrap();
    for (args, why) in [
        (
            &["--write-baseline", "policy.txt", "other.txt"][..],
            "the file exists and is not a redline baseline",
        ),
        (
            &["policy.txt", "other.txt", "--write-baseline", "policy.txt"][..],
            "it is one of the files being checked",
        ),
        (
            &["other.txt", "--write-baseline", "link.json"][..],
            "the file exists and is not a redline baseline",
        ),
        (
            &["other.txt", "--write-baseline", "notes.json"][..],
            "the file exists and is not a redline baseline",
        ),
    ] {
        let out = run(d, args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: not writing the baseline"),
            "{stderr}"
        );
        assert!(stderr.contains(why), "{args:?}: {stderr}");
        assert_eq!(
            std::fs::read_to_string(d.join("policy.txt")).unwrap(),
            seed()
        );
        assert_eq!(
            std::fs::read_to_string(d.join("notes.json")).unwrap(),
            "{\"todo\": 1}\n"
        );
    }
    std::fs::write(d.join("empty.json"), "").unwrap();
    for target in ["new.json", "empty.json", "new.json"] {
        let out = run(d, &["other.txt", "--write-baseline", target]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{target}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let written: Value =
            serde_json::from_str(&std::fs::read_to_string(d.join(target)).unwrap()).unwrap();
        assert_eq!(written["version"], 1);
        // The seed policy's 22 findings, under 9 rules.
        let entries = written["entries"].as_array().unwrap();
        let recorded: u64 = entries.iter().map(|e| e["count"].as_u64().unwrap()).sum();
        assert_eq!((entries.len(), recorded), (9, 22), "{written}");
    }
}

/// A baseline file named with control characters is written and read under that name, and
/// the lines about it on standard error show `␛` instead of the escape character.
#[test]
fn baseline_name_with_control_characters_is_shown_safely() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("policy.txt"), seed()).unwrap();
    let name = "b\u{1b}[31mx.json";
    for args in [
        ["policy.txt", "--write-baseline", name],
        ["policy.txt", "--baseline", name],
    ] {
        let out = run(d, &args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
        assert!(stderr.contains("b␛[31mx.json"), "{stderr:?}");
    }
    assert!(d.join(name).is_file());
}

/// A file name with a C1 control (U+009B, the one-character CSI) is written to the
/// committed baseline file as a `\u` escape, reads back as the same name, and is shown with
/// a stand-in in the list of recorded findings that no longer occur.
#[test]
fn control_characters_in_baseline_paths_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let name = "p\u{9b}2J.txt";
    std::fs::write(
        d.join(name),
        "Privacy Policy\n\nContact us at a@example.com.\n",
    )
    .unwrap();
    let out = run(d, &[name, "--write-baseline", "b.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let text = std::fs::read_to_string(d.join("b.json")).unwrap();
    assert!(!text.contains('\u{9b}'), "{text}");
    assert!(text.contains(r#""path": "p\u009b2J.txt""#), "{text}");
    // The placeholder address is replaced: its L003 no longer occurs.
    std::fs::write(
        d.join(name),
        "Privacy Policy\n\nContact us at privacy@acme.org.\n",
    )
    .unwrap();
    let out = run(d, &[name, "--baseline", "b.json"]);
    let err = common::stderr(&out);
    assert!(!err.contains('\u{9b}'), "{err:?}");
    assert!(
        err.contains(
            r"1 recorded finding no longer occurs (p\u{9b}2J.txt L003: 1 recorded, 0 now)"
        ),
        "{err}"
    );
}
