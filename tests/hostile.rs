//! Hostile inputs (issue #8, point 6): each gives a clear diagnostic or a correct result,
//! never a panic or a hang. Every run here has a deadline ([`run`]): a hang fails the test
//! (the child is killed) instead of blocking the suite.
//!
//! | input | test |
//! |---|---|
//! | 0 bytes | `bad_input::every_bad_file_is_reported_and_the_rest_still_checked` (`empty.txt`) |
//! | only whitespace | [`only_whitespace`] |
//! | a very long line without newline (text, Markdown) | [`one_long_line`] (2 MB in this debug-build suite, see there; 10 MB measured in release) |
//! | 100,000 headings (Markdown `## H n`, text `n. Title`) | [`hundred_thousand_headings`] |
//! | 10,000-deep nested lists and block quotes | [`ten_thousand_deep_nesting`]; shallower shapes in `bad_input::garbage_never_panics` |
//! | NUL bytes | [`nul_bytes`]; a binary signature in `bad_input::every_bad_file_is_reported_and_the_rest_still_checked` |
//! | a file name that is not UTF-8 | [`file_name_not_utf8`] |
//! | a symbolic link loop, named and inside a walked folder | [`symlink_loops`] |
//! | an unreadable file | `bad_input::unreadable_file` (`/proc/self/mem`; chmod 000 skipped as root) |
//! | a file that does not exist among others | `bad_input::every_bad_file_is_reported_and_the_rest_still_checked` (`missing.md`) |
//! | files disappearing during the walk | [`files_deleted_while_checking`] |
//! | a FIFO, a character device (named, and in a walked folder) | [`fifo_and_devices`] |
//! | a finding (or a configuration error) past column 65,535 of a line, human format | [`finding_far_into_a_long_line_in_the_human_format`], [`config_error_far_into_a_long_line`] |
//! | a configuration file that is a directory (`--config DIR`, found `redline.toml/`) | [`config_file_is_a_directory`] |

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const TODAY: &str = "2026-11-30";

/// Runs redline in `dir` and waits at most `secs` seconds; past that the child is killed
/// and the test fails. Standard output and error are read on their own threads, so a
/// large output cannot fill a pipe and stall the child.
fn run(dir: &Path, args: &[&str], secs: u64) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the redline binary runs");
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_secs(secs);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("redline {args:?} did not finish within {secs} s: killed (a hang?)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("output is UTF-8")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&o.stdout)))
}

/// Neither a panic (exit 101, "panicked" on stderr) nor a crash (no exit code).
fn assert_no_panic(o: &Output, what: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "{what}: exit {:?}\n{err}",
        o.status
    );
    assert!(!err.contains("panicked"), "{what}: {err}");
}

/// `check FILE --format json` in `dir`, with a deadline.
fn check_json(dir: &Path, name: &str, secs: u64) -> (Output, serde_json::Value) {
    let out = run(
        dir,
        &[
            "check",
            name,
            "--today",
            TODAY,
            "--format",
            "json",
            "--no-config",
        ],
        secs,
    );
    assert_no_panic(&out, name);
    let v = json(&out);
    (out, v)
}

#[test]
fn only_whitespace() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("blank.md"), " \n\t\n   \r\n").unwrap();
    std::fs::write(dir.path().join("blank.txt"), "\n\n\n").unwrap();
    for name in ["blank.md", "blank.txt"] {
        let (out, v) = check_json(dir.path(), name, 30);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert_eq!(v["files"][0]["error"], "the file is empty", "{name}");
    }
}

/// One line of 2 MB without a newline, as text and as Markdown. The issue asks for 10 MB:
/// in the debug build the test suite runs, checking 10 MB takes about 25 s per format on
/// a loaded 2-core machine (about 2.5 µs a byte, linear: 2 MB ≈ 5-8 s), too slow for the
/// suite; the release build checks 10 MB in under 2 s (1.6 s Markdown, 1.8 s text). Set
/// `REDLINE_HOSTILE_FULL=1` to run the full 10 MB here.
#[test]
fn one_long_line() {
    let mb = if std::env::var_os("REDLINE_HOSTILE_FULL").is_some() {
        10
    } else {
        2
    };
    let dir = tempfile::tempdir().unwrap();
    let words = "privacy data ".repeat(mb * 1024 * 1024 / 13);
    std::fs::write(dir.path().join("long.txt"), &words).unwrap();
    std::fs::write(dir.path().join("long.md"), &words).unwrap();
    for name in ["long.txt", "long.md"] {
        let (out, v) = check_json(dir.path(), name, 60 * mb as u64);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: {v}");
        assert!(v["files"][0]["diagnostics"].is_array(), "{name}");
    }
}

/// Text made of opening brackets: the bracketed-date placeholder check (`[Date]`) searched
/// the rest of the text for a closing bracket at every `[`, `<` or `{`, so time grew with the
/// square of the run (200 KB: 32 s; this 400 KB file would take over 2 minutes). The search
/// now stops where a 40-character field must have closed.
#[test]
fn runs_of_opening_brackets() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("Privacy Policy\n\nLast updated: [Date]\n\n");
    for open in ["[", "<", "{", "{{"] {
        text.push_str(&open.repeat(100 * 1024 / open.len()));
        text.push_str(" data\n");
    }
    std::fs::write(dir.path().join("brackets.txt"), &text).unwrap();
    let (out, v) = check_json(dir.path(), "brackets.txt", 60);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{v}");
    // The real placeholder date is still found, by the same code (D004, at line 3).
    let placeholders: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "D004" && d["span"]["line"] == 3)
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(
        placeholders.iter().any(|m| m.contains("[Date]")),
        "{placeholders:?}"
    );
}

/// A report that cannot be written (a full disk: `/dev/full`) is not a success: every
/// format said nothing and exited 0 with the report lost. Now the error is named and the
/// exit code is 2; a reader that goes away (a closed pipe) gives 2 without a message.
#[test]
fn report_that_cannot_be_written() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "/dev/full is missing under CI=true"
        );
        eprintln!("SKIPPED report_that_cannot_be_written: no /dev/full on this machine");
        return;
    }
    let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/cgtonlinea-privacy.txt");
    let policy = policy.to_str().unwrap();
    for format in [
        "human", "json", "jsonl", "concise", "sarif", "github", "gitlab", "junit", "markdown",
        "html",
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_redline"))
            .args([
                "check",
                policy,
                "--today",
                TODAY,
                "--no-config",
                "--format",
                format,
            ])
            .stdout(std::fs::File::options().write(true).open(full).unwrap())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        let err = text(&out.stderr);
        assert!(
            err.contains(
                "error: could not write the output to standard output: No space left on device"
            ),
            "{format}: {err}"
        );
    }
    // A closed pipe: no message, exit code 2.
    let mut child = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args([
            "check",
            policy,
            "--today",
            TODAY,
            "--no-config",
            "--format",
            "sarif",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "");
}

/// The HTML report of a policy on one long line (minified HTML is common): each finding
/// showed the whole line, so a 183 KB one-line page gave a 1.5 GB report. The excerpt is
/// now the span and some context, as in the human format.
#[test]
fn html_report_of_a_long_line_shows_only_the_span() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "Privacy Policy\n\nContact privacy@acme-widgets.com. {}[Company Name] {}far-away-words\n",
        "word ".repeat(8_000),
        "more ".repeat(8_000),
    );
    std::fs::write(dir.path().join("one-line.txt"), &text).unwrap();
    let out = run(
        dir.path(),
        &[
            "check",
            "one-line.txt",
            "--today",
            TODAY,
            "--no-config",
            "--format",
            "html",
        ],
        60,
    );
    assert_no_panic(&out, "one-line.txt");
    assert_eq!(out.status.code(), Some(1));
    let html = String::from_utf8_lossy(&out.stdout);
    // The placeholder is marked, with the words just before and after it.
    assert!(
        html.contains("word word <mark>[Company Name]</mark> more more"),
        "{}",
        &html[..html.len().min(2000)]
    );
    // The end of the 80 KB line is 40 KB from the placeholder: never shown.
    assert!(!html.contains("far-away-words"));
    assert!(html.len() < 200_000, "{} bytes", html.len());
}

/// A finding far into one long line, shown in the human format: miette pads a label to its
/// column with a formatting width, which Rust limits to 65,535, and panicked here; and the
/// whole line was printed for every finding on it (28 MB of output for a 72 KB file). The
/// excerpt is now cut to the span and some context (`report::human::LONG_LINE`).
#[test]
fn finding_far_into_a_long_line_in_the_human_format() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "Privacy Policy\n\nContact privacy@acme-widgets.com. {}[Company Name]\n",
        "word ".repeat(14_000)
    );
    std::fs::write(dir.path().join("one-line.txt"), &text).unwrap();
    let column = text.lines().nth(2).unwrap().find("[Company Name]").unwrap() + 1;
    assert!(column > 65_535, "{column}");
    let out = run(
        dir.path(),
        &["check", "one-line.txt", "--today", TODAY, "--no-config"],
        60,
    );
    assert_no_panic(&out, "one-line.txt");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The placeholder is reported at its real line and column, with its text in the excerpt.
    let header = format!("[one-line.txt:3:{column}]");
    let at = stdout
        .find(&header)
        .unwrap_or_else(|| panic!("no {header} in\n{stdout}"));
    assert!(
        stdout[at..].contains("word word [Company Name]"),
        "{stdout}"
    );
    // Each excerpt shows a few hundred bytes of the line, not all 70,000.
    assert!(stdout.len() < 20_000, "{} bytes of output", stdout.len());
}

/// A configuration file whose error is far into a long line: the same miette limit.
#[test]
fn config_error_far_into_a_long_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("redline.toml"),
        format!("[organisation]\nname = \"{}\" junk\n", "a".repeat(70_000)),
    )
    .unwrap();
    std::fs::write(dir.path().join("p.md"), "# Privacy Policy\n\nText.\n").unwrap();
    let out = run(dir.path(), &["check", "p.md", "--today", TODAY], 60);
    assert_no_panic(&out, "redline.toml");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("redline.toml:2:70011"), "{stderr}");
    assert!(stderr.len() < 5_000, "{} bytes", stderr.len());
}

#[test]
fn hundred_thousand_headings() {
    let dir = tempfile::tempdir().unwrap();
    let md: String = (0..100_000).map(|i| format!("## H {i}\n\n")).collect();
    let txt: String = (1..=100_000).map(|i| format!("{i}. Title\n\n")).collect();
    std::fs::write(dir.path().join("headings.md"), md).unwrap();
    std::fs::write(dir.path().join("headings.txt"), txt).unwrap();
    for name in ["headings.md", "headings.txt"] {
        let (out, v) = check_json(dir.path(), name, 240);
        assert_eq!(out.status.code(), Some(1), "{name}");
        // Every heading is a section: the duplicate-title rule fires for each repeat in
        // the text file, and the parse is complete (the last heading is reached).
        let diags = v["files"][0]["diagnostics"].as_array().unwrap();
        assert!(diags.len() > 1000, "{name}: {} findings", diags.len());
        let last_line = diags
            .iter()
            .filter_map(|d| d["span"]["line"].as_u64())
            .max()
            .unwrap();
        assert!(
            last_line > 190_000,
            "{name}: last finding on line {last_line}"
        );
    }
}

#[test]
fn ten_thousand_deep_nesting() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("lists.md", "- ".repeat(10_000) + "x\n"),
        ("ordered.md", "1. ".repeat(10_000) + "x\n"),
        ("quotes.md", ">".repeat(10_000) + " x\n"),
        ("quotes-spaced.md", "> ".repeat(10_000) + "x\n"),
        ("mixed.md", "> - ".repeat(5_000) + "x\n"),
        ("html.html", "<div><ul><li>".repeat(10_000) + "x"),
    ];
    for (name, body) in cases {
        std::fs::write(dir.path().join(name), body).unwrap();
        let (out, v) = check_json(dir.path(), name, 60);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{name}: {v}");
        let out = run(dir.path(), &["parse", name, "--format", "tree"], 60);
        assert_no_panic(&out, name);
        assert_eq!(out.status.code(), Some(0), "{name}");
    }
}

#[test]
fn nul_bytes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nul.md"),
        b"# Privacy\n\nWe collect\0 data.\n\0\0\0\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("ok.md"), "# Privacy\n\nText.\n").unwrap();
    let out = run(
        dir.path(),
        &[
            "check", "nul.md", "ok.md", "--today", TODAY, "--format", "json",
        ],
        30,
    );
    assert_no_panic(&out, "nul.md");
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    assert_eq!(
        v["files"][0]["error"],
        "this is a binary file (contains NUL bytes), not a policy text"
    );
    assert!(v["files"][1]["diagnostics"].is_array());
}

#[cfg(unix)]
#[test]
fn file_name_not_utf8() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = OsStr::from_bytes(b"pol\xffcy\xfe.md");
    let path = dir.path().join(name);
    if std::fs::write(&path, "# Privacy\n\nText.\n").is_err() {
        eprintln!("*** SKIPPED: this file system refuses names that are not UTF-8 ***");
        return;
    }
    // Named on the command line, and found by walking the folder.
    let named = Command::new(env!("CARGO_BIN_EXE_redline"))
        .arg("check")
        .arg(&path)
        .args(["--today", TODAY, "--format", "json", "--no-config"])
        .output()
        .unwrap();
    assert_no_panic(&named, "named");
    assert_eq!(named.status.code(), Some(1));
    let v = json(&named);
    let shown = v["files"][0]["path"].as_str().unwrap();
    assert!(shown.ends_with("pol\u{fffd}cy\u{fffd}.md"), "{shown}");
    for format in ["human", "concise", "sarif", "junit", "html", "jsonl"] {
        let out = run(
            dir.path(),
            &[
                "check",
                ".",
                "--today",
                TODAY,
                "--format",
                format,
                "--no-config",
            ],
            30,
        );
        assert_no_panic(&out, format);
        assert_eq!(out.status.code(), Some(1), "{format}");
        // SARIF gives a URI: the name's own bytes percent-encoded (not the replacement
        // character's, which a file could really be named with).
        let shown = if format == "sarif" {
            "pol%FFcy%FE.md"
        } else {
            "pol\u{fffd}cy\u{fffd}.md"
        };
        assert!(
            text(&out.stdout).contains(shown),
            "{format}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("walked")).unwrap();
    let w = d.join("walked");
    std::fs::write(w.join("ok.md"), "# Privacy\n\nText.\n").unwrap();
    symlink("b.md", w.join("a.md")).unwrap();
    symlink("a.md", w.join("b.md")).unwrap();
    symlink("..", w.join("up")).unwrap(); // a folder that contains itself
    symlink("missing.png", w.join("logo.png")).unwrap(); // not a policy: passed over
    symlink("ok.md", w.join("linked.md")).unwrap(); // followed

    let out = run(
        d,
        &[
            "check",
            "walked/a.md",
            "walked/ok.md",
            "--today",
            TODAY,
            "--format",
            "json",
        ],
        30,
    );
    assert_no_panic(&out, "named loop");
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    assert_eq!(
        v["files"][0]["error"],
        "cannot be read: a loop of symbolic links (too many levels of symbolic links)"
    );
    assert!(v["files"][1]["diagnostics"].is_array());

    let out = run(
        d,
        &["check", "walked", "--today", TODAY, "--format", "json"],
        30,
    );
    assert_no_panic(&out, "walked loop");
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    let files: Vec<(String, String)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["error"].as_str().unwrap_or("checked").to_string(),
            )
        })
        .collect();
    let loop_msg = "symbolic link that cannot be followed: a loop of symbolic links (too many levels of symbolic links)";
    assert_eq!(files[0], ("walked/a.md".into(), loop_msg.into()));
    assert_eq!(files[1], ("walked/b.md".into(), loop_msg.into()));
    assert_eq!(files[2], ("walked/linked.md".into(), "checked".into()));
    assert_eq!(files[3], ("walked/ok.md".into(), "checked".into()));
    assert_eq!(files[4].0, "walked/up");
    assert!(
        files[4]
            .1
            .starts_with("symbolic link loop: it leads back to"),
        "{}",
        files[4].1
    );
    assert_eq!(files.len(), 5, "{files:?}");
}

/// Files vanish while `check` walks and reads a folder (another process deleting them):
/// each is either checked or reported as missing, and nothing panics.
#[test]
fn files_deleted_while_checking() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_path_buf();
    let n = 400;
    for i in 0..n {
        std::fs::write(
            d.join(format!("p{i:04}.md")),
            format!("# Policy {i}\n\nText.\n"),
        )
        .unwrap();
    }
    let deleter = {
        let d = d.clone();
        std::thread::spawn(move || {
            for i in (0..n).rev().step_by(3) {
                let _ = std::fs::remove_file(d.join(format!("p{i:04}.md")));
                std::thread::sleep(Duration::from_millis(2));
            }
        })
    };
    let out = run(
        &d,
        &[
            "check",
            ".",
            "--today",
            TODAY,
            "--format",
            "jsonl",
            "--no-config",
        ],
        120,
    );
    deleter.join().unwrap();
    assert_no_panic(&out, "deleting");
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary = &lines.last().unwrap()["summary"];
    for f in &lines[..lines.len() - 1] {
        if let Some(e) = f["error"].as_str() {
            assert_eq!(e, "no such file or directory", "{f}");
        }
    }
    let failed = summary["failed_files"].as_u64().unwrap();
    assert_eq!(out.status.code(), Some(if failed > 0 { 2 } else { 1 }));
}

#[cfg(unix)]
#[test]
fn fifo_and_devices() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let made = Command::new("mkfifo")
        .arg(d.join("pipe.md"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        eprintln!("*** SKIPPED: mkfifo is not available ***");
        return;
    }
    std::fs::write(d.join("ok.md"), "# Privacy\n\nText.\n").unwrap();
    // Named: refused at once (reading would wait for a writer forever).
    let out = run(
        d,
        &[
            "check",
            "pipe.md",
            "/dev/null",
            "ok.md",
            "--today",
            TODAY,
            "--format",
            "json",
        ],
        30,
    );
    assert_no_panic(&out, "fifo");
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    let e0 = v["files"][0]["error"].as_str().unwrap();
    assert!(
        e0.starts_with("it is a FIFO (named pipe), not a regular file; pipe the content to standard input instead"),
        "{e0}"
    );
    assert!(
        v["files"][1]["error"]
            .as_str()
            .unwrap()
            .starts_with("it is a character device, not a regular file"),
        "{v}"
    );
    assert!(v["files"][2]["diagnostics"].is_array());
    // Walked: passed over (not a regular file).
    let out = run(d, &["check", ".", "--today", TODAY, "--format", "json"], 30);
    assert_no_panic(&out, "walked fifo");
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert_eq!(v["files"][0]["path"], "./ok.md");
}

#[test]
fn config_file_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("ok.md"), "# Privacy\n\nText.\n").unwrap();
    std::fs::create_dir(d.join("conf")).unwrap();
    let out = run(
        d,
        &["check", "ok.md", "--config", "conf", "--today", TODAY],
        30,
    );
    assert_no_panic(&out, "--config DIR");
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("conf: this is a directory, not a configuration file"),
        "{err}"
    );

    std::fs::create_dir(d.join("redline.toml")).unwrap();
    let out = run(
        d,
        &["check", "ok.md", "--today", TODAY, "--format", "json"],
        30,
    );
    assert_no_panic(&out, "found redline.toml/");
    assert_eq!(out.status.code(), Some(2));
    let e = json(&out)["files"][0]["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(e.starts_with("invalid configuration "), "{e}");
    assert!(
        e.contains("redline.toml: this is a directory, not a configuration file"),
        "{e}"
    );
    // --no-config gets past it.
    let out = run(d, &["check", "ok.md", "--no-config", "--today", TODAY], 30);
    assert_eq!(out.status.code(), Some(1));
}
