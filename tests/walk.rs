//! `redline check` over many files (issue #8): the directory walk (`--exclude`, hidden
//! files), parallel checking (`--threads`, output identical for any number of threads),
//! `--format jsonl`, and the size limit (`--max-file-size`, `max-file-size`).

mod common;

use std::path::Path;

use common::{json, redline, redline_in, stderr, stdout};

const TODAY: &str = "2026-11-30";

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

const POLICY: &str = "# Privacy\n\nLast updated: 2026-01-01\n\nContact privacy@example.com.\n";

#[test]
fn threads_1_and_4_give_identical_output_on_the_corpus() {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    let docs = corpus.join("docs").display().to_string();
    for format in ["json", "jsonl"] {
        let run = |threads: &str| {
            redline(&[
                "check",
                &docs,
                "--today",
                TODAY,
                "--format",
                format,
                "--threads",
                threads,
                "--no-config",
            ])
        };
        let (one, four) = (run("1"), run("4"));
        assert_eq!(one.status.code(), four.status.code(), "{format}");
        assert!(
            matches!(one.status.code(), Some(0..=2)),
            "{format}: {}",
            stderr(&one)
        );
        assert_eq!(stdout(&one), stdout(&four), "{format}: --threads 1 vs 4");
    }
    // The order is the walk's: sorted paths.
    let out = redline(&["check", &docs, "--today", TODAY, "--format", "json"]);
    let v = json(&out);
    let paths: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert!(paths.len() > 10);
}

#[test]
fn jsonl_is_json_s_files_one_per_line_then_the_summary() {
    let Some(corpus) = common::shared_corpus() else {
        return;
    };
    let docs = corpus.join("docs").display().to_string();
    let missing = "no-such-policy.md";
    let args = |format: &'static str| {
        vec![
            "check".to_string(),
            docs.clone(),
            missing.to_string(),
            "--today".into(),
            TODAY.into(),
            "--format".into(),
            format.into(),
        ]
    };
    let run = |format| {
        let a = args(format);
        redline(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let (whole, lines) = (run("json"), run("jsonl"));
    assert_eq!(whole.status.code(), Some(2));
    assert_eq!(lines.status.code(), Some(2));
    let v = json(&whole);
    let files = v["files"].as_array().unwrap();
    let text = stdout(&lines);
    let parsed: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert_eq!(
        parsed.len(),
        files.len() + 1,
        "a line per file, then the summary"
    );
    assert_eq!(&parsed[..files.len()], files.as_slice());
    assert_eq!(
        parsed.last().unwrap(),
        &serde_json::json!({"summary": v["summary"]})
    );
    assert_eq!(
        parsed[files.len() - 1]["error"],
        "no such file or directory"
    );
}

#[test]
fn jsonl_with_a_baseline_is_the_same_lines() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", POLICY);
    write(dir.path(), "b.md", "# Other\n\nText.\n");
    let base = dir.path().join("baseline.json").display().to_string();
    let d = dir.path().display().to_string();
    let w = redline(&["check", &d, "--today", TODAY, "--write-baseline", &base]);
    assert_eq!(w.status.code(), Some(0), "{}", stderr(&w));
    let out = redline(&[
        "check",
        &d,
        "--today",
        TODAY,
        "--format",
        "jsonl",
        "--baseline",
        &base,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["diagnostics"], serde_json::json!([]));
    assert_eq!(lines[2]["summary"]["files"], 2);
}

#[test]
fn exclude_flag_prunes_the_walk_and_adds_to_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "redline.toml", "exclude = [\"README.md\"]\n");
    write(d, "policy.md", POLICY);
    write(d, "README.md", POLICY);
    write(d, "drafts/next.md", POLICY);
    write(d, "legal/old/v1.md", POLICY);
    write(d, "legal/cookies.md", POLICY);
    write(d, ".hidden/secret.md", POLICY);
    write(d, ".dotfile.md", POLICY);
    let paths = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["check", ".", "--today", TODAY, "--format", "json"];
        a.extend_from_slice(args);
        let out = redline_in(d, &a);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
        json(&out)["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        paths(&[]),
        [
            "./drafts/next.md",
            "./legal/cookies.md",
            "./legal/old/v1.md",
            "./policy.md"
        ],
        "hidden files and folders are skipped, the configuration's exclude applies"
    );
    assert_eq!(
        paths(&["--exclude", "drafts", "--exclude", "legal/old/**"]),
        ["./legal/cookies.md", "./policy.md"]
    );
    assert_eq!(
        paths(&["--exclude", "*.md"]),
        Vec::<String>::new(),
        "excluding everything checks nothing, without an error"
    );
    // A file named on the command line is checked unless --force-exclude.
    let out = redline_in(
        d,
        &[
            "check",
            "drafts/next.md",
            "--exclude",
            "drafts",
            "--today",
            TODAY,
        ],
    );
    assert!(stdout(&out).contains("Checked 1 file"), "{}", stdout(&out));
    let out = redline_in(
        d,
        &[
            "check",
            "drafts/next.md",
            "--exclude",
            "drafts",
            "--force-exclude",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("Checked 0 files"), "{}", stdout(&out));
    // An invalid glob is a usage error.
    let out = redline_in(d, &["check", ".", "--exclude", "a[", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid glob `a[`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_and_the_others_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let big = format!("{POLICY}\n{}\n", "More text. ".repeat(100));
    write(d, "big.md", &big);
    write(d, "small.md", POLICY);
    let size = big.len();
    assert!(size > 1000);
    let out = redline_in(
        d,
        &[
            "check",
            "big.md",
            "small.md",
            "--max-file-size",
            "1000",
            "--today",
            TODAY,
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let v = json(&out);
    let err = v["files"][0]["error"].as_str().unwrap();
    assert_eq!(
        err,
        format!(
            "the file is {size} bytes, more than the limit of 1000 bytes; raise the limit with --max-file-size BYTES (or `max-file-size` in redline.toml)"
        )
    );
    assert!(v["files"][1]["diagnostics"].is_array(), "small.md checked");
    // Human output names it too.
    let out = redline_in(
        d,
        &[
            "check",
            "big.md",
            "--max-file-size",
            "1000",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--max-file-size"), "{}", stderr(&out));
    // Suffixes; raising the limit lets it through.
    for limit in ["1K", "1KiB", "1k"] {
        let out = redline_in(d, &["check", "big.md", "--max-file-size", limit]);
        assert_eq!(out.status.code(), Some(2), "{limit}");
    }
    let out = redline_in(
        d,
        &["check", "big.md", "--max-file-size", "1M", "--today", TODAY],
    );
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    for bad in ["0", "10MB", "-5", "lots"] {
        let flag = format!("--max-file-size={bad}");
        let out = redline_in(d, &["check", "big.md", &flag]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(stderr(&out).contains("size"), "{bad}: {}", stderr(&out));
    }
}

#[test]
fn the_size_limit_applies_to_standard_input_and_comes_from_the_configuration() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let big = format!("{POLICY}\n{}\n", "More text. ".repeat(100));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redline"))
        .args([
            "check",
            "-",
            "--max-file-size",
            "1000",
            "--format",
            "json",
            "--no-config",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The writer may see a broken pipe once redline stops reading: that is fine.
    let _ = child.stdin.take().unwrap().write_all(big.as_bytes());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = json(&out)["files"][0]["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        err.starts_with("the file is at least 1001 bytes, more than the limit of 1000 bytes"),
        "{err}"
    );

    write(d, "redline.toml", "max-file-size = \"1K\"\n");
    write(d, "big.md", &big);
    let out = redline_in(d, &["check", "big.md", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        json(&out)["files"][0]["error"]
            .as_str()
            .unwrap()
            .contains("more than the limit of 1024 bytes")
    );
    // The flag overrides the configuration.
    let out = redline_in(d, &["check", "big.md", "--max-file-size", "2K"]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    // A bad value in the configuration is a configuration error naming the key.
    write(d, "redline.toml", "max-file-size = \"big\"\n");
    let out = redline_in(d, &["check", "big.md"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid `max-file-size`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn jsonl_reader_going_away_stops_the_run_without_a_panic() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    for i in 0..600 {
        write(dir.path(), &format!("p{i:04}.md"), POLICY);
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["check", ".", "--format", "jsonl", "--today", TODAY])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("{\"path\":\"./p0000.md\""), "{first}");
    // The pipe is closed here (`| head -1`).
    let out = child.wait_with_output().unwrap();
    assert!(
        matches!(out.status.code(), Some(1 | 2)),
        "{:?} {}",
        out.status,
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}
