//! Control characters in a policy (or its file name) never reach the terminal: ESC, BEL,
//! the C1 CSI (U+009B) and the bidirectional overrides are shown as stand-ins in every text
//! format that quotes the document (human, concise, github, markdown, `parse --format
//! tree`, the diff outputs, HTML), excerpt underlines stay under the right words, the JSON
//! formats keep the exact text (every such character written as a `\u` escape), and the
//! file is not modified.

mod common;

use std::path::Path;
use std::process::{Command, Output};

const TODAY: &str = "2026-11-30";

/// A policy with control characters before and inside its findings: an OSC title change
/// and a BEL, screen clears (`ESC [ 2 J` and the one-character CSI U+009B), a bidi
/// override (U+202E) and a concealing SGR (`ESC [ 8 m`).
const POLICY: &str = "# Privacy Policy\n\n## Contents\n\n1. Who \x1b[2Jwe are\n2. Contact\n\n\
## 2. Contact\n\n\
Mail \x1b]0;pwned\x07 us at foo@example.com or \u{9b}2J\u{202e} [Company Name] \x1b[8mnow.\n";

/// Runs redline in `dir` with `NO_COLOR=1`.
fn run(dir: &Path, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the redline binary runs")
}

fn check(dir: &Path, file: &std::ffi::OsStr, format: &str) -> String {
    let out = run(
        dir,
        &[
            "check".as_ref(),
            file,
            "--today".as_ref(),
            TODAY.as_ref(),
            "--no-config".as_ref(),
            "--select".as_ref(),
            "L003,S001".as_ref(),
            "--fail-on".as_ref(),
            "never".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{format}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// No byte of a terminal control from the document: ESC, BEL, the C1 CSI (C2 9B), the
/// RIGHT-TO-LEFT OVERRIDE.
fn assert_clean(what: &str, out: &str) {
    for (bad, name) in [
        ("\x1b", "ESC"),
        ("\x07", "BEL"),
        ("\u{9b}", "U+009B"),
        ("\u{202e}", "U+202E"),
    ] {
        assert!(!out.contains(bad), "{what}: {name} in output:\n{out}");
    }
    assert!(!out.as_bytes().contains(&0x1b), "{what}");
    assert!(!out.as_bytes().contains(&0x07), "{what}");
}

fn policy_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("esc.md"), POLICY).unwrap();
    dir
}

/// The line after the excerpt line that contains `excerpt`, in the report that contains
/// `message`: (excerpt line, underline line), as characters.
fn excerpt_and_underline(out: &str, message: &str, excerpt: &str) -> (Vec<char>, Vec<char>) {
    let report = out
        .split("\n\n")
        .skip_while(|r| !r.contains(message))
        .take(2)
        .collect::<Vec<_>>()
        .join("\n\n");
    let lines: Vec<&str> = report.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.contains(excerpt))
        .unwrap_or_else(|| panic!("no excerpt line with {excerpt:?} in:\n{report}"));
    (lines[i].chars().collect(), lines[i + 1].chars().collect())
}

/// The underline sits under exactly `word` on the excerpt line.
fn assert_underlined(excerpt: &[char], underline: &[char], word: &str) {
    let line: String = excerpt.iter().collect();
    let byte = line
        .find(word)
        .unwrap_or_else(|| panic!("{word:?} in {line:?}"));
    let col = line[..byte].chars().count();
    let len = word.chars().count();
    let under: String = underline.iter().collect();
    let marks: String = underline[col..col + len].iter().collect();
    assert!(
        marks.chars().all(|c| c == '─' || c == '┬'),
        "{word:?} not underlined:\n{line}\n{under}"
    );
    assert_eq!(underline[col - 1], ' ', "{word:?}:\n{line}\n{under}");
    assert!(
        underline.get(col + len).is_none_or(|c| *c == ' '),
        "{word:?}:\n{line}\n{under}"
    );
}

#[test]
fn human_excerpts_show_stand_ins_with_labels_aligned() {
    let dir = policy_dir();
    let out = check(dir.path(), "esc.md".as_ref(), "human");
    assert_clean("human", &out);
    // The excerpt keeps the surrounding words; each control is a same-length stand-in
    // (`?` for ESC/BEL, `¿` for U+009B, U+FFFD for U+202E).
    let line = "Mail ?]0;pwned? us at foo@example.com or ¿2J\u{fffd} [Company Name] ?[8mnow.";
    assert!(out.contains(line), "{out}");
    // The underline is under the flagged words, after controls earlier on the line.
    for word in ["foo@example.com", "[Company Name]"] {
        let (e, u) = excerpt_and_underline(&out, &format!("Placeholder text `{word}`"), line);
        assert_underlined(&e, &u, word);
    }
    // A message quoting document text (the table of contents entry) shows a control
    // picture; its excerpt shows the same-length stand-in, underlined.
    assert!(
        out.contains("Section 'Who ␛[2Jwe are' is listed in the table of contents"),
        "{out}"
    );
    let (e, u) = excerpt_and_underline(&out, "Section 'Who ␛[2Jwe are'", "1. Who ?[2Jwe are");
    assert_underlined(&e, &u, "Who ?[2Jwe are");
    // The file itself is untouched.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("esc.md")).unwrap(),
        POLICY
    );
}

#[test]
fn concise_github_markdown_and_tree_show_stand_ins() {
    let dir = policy_dir();
    let concise = check(dir.path(), "esc.md".as_ref(), "concise");
    assert_clean("concise", &concise);
    assert!(
        concise.contains(
            "esc.md:5:4: error S001 Section 'Who ␛[2Jwe are' is listed in the table of contents"
        ),
        "{concise}"
    );
    assert!(
        concise.contains("esc.md:10:23: error L003 Placeholder text `foo@example.com`"),
        "{concise}"
    );

    let github = check(dir.path(), "esc.md".as_ref(), "github");
    assert_clean("github", &github);
    assert!(
        github.contains("title=S001 toc-entry-missing::Section 'Who ␛[2Jwe are' is listed"),
        "{github}"
    );
    // The human report that follows the annotations is clean too.
    assert!(
        github.contains("Mail ?]0;pwned? us at foo@example.com"),
        "{github}"
    );

    let markdown = check(dir.path(), "esc.md".as_ref(), "markdown");
    assert_clean("markdown", &markdown);
    assert!(
        markdown.contains("Section 'Who ␛\\[2Jwe are' is listed"),
        "{markdown}"
    );

    let out = run(
        dir.path(),
        &[
            "parse".as_ref(),
            "esc.md".as_ref(),
            "--format".as_ref(),
            "tree".as_ref(),
        ],
    );
    let tree = String::from_utf8(out.stdout).unwrap();
    assert_clean("tree", &tree);
    assert!(
        tree.contains(
            "paragraph L10: Mail ␛]0;pwned␇ us at foo@example.com or \\u{9b}2J\\u{202e} [Company Name]"
        ),
        "{tree}"
    );
}

#[test]
fn json_formats_keep_the_exact_text() {
    let dir = policy_dir();
    let json = check(dir.path(), "esc.md".as_ref(), "json");
    // JSON escapes C0 controls itself: no raw ESC or BEL.
    assert!(!json.contains('\x1b') && !json.contains('\x07'));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let messages: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(
            &"Section 'Who \x1b[2Jwe are' is listed in the table of contents but has no heading in the document"
        ),
        "{messages:?}"
    );
    let sarif = check(dir.path(), "esc.md".as_ref(), "sarif");
    assert!(!sarif.contains('\x1b') && !sarif.contains('\x07'));
    assert!(sarif.contains("Section 'Who \\u001b[2Jwe are'"), "{sarif}");
}

#[cfg(unix)]
#[test]
fn file_names_with_controls_are_escaped() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"p\x1b[2Jo\nl\x07.md");
    if std::fs::write(dir.path().join(name), POLICY).is_err() {
        eprintln!("*** SKIPPED: this file system refuses the name ***");
        return;
    }
    let shown = "p␛[2Jo␊l␇.md";
    let concise = check(dir.path(), name, "concise");
    assert_clean("concise", &concise);
    assert!(
        concise.contains(&format!("{shown}:5:4: error S001 ")),
        "{concise}"
    );
    // One line per finding, then the total: the newline in the name did not split one.
    assert_eq!(concise.lines().count(), 4, "{concise}");
    let human = check(dir.path(), name, "human");
    assert_clean("human", &human);
    assert!(human.contains(&format!("[{shown}:5:4]")), "{human}");
    assert!(
        human.contains(&format!("{shown}: 3 errors, 0 warnings, 0 infos")),
        "{human}"
    );
    let github = check(dir.path(), name, "github");
    assert_clean("github", &github);
    assert!(
        github.contains(&format!("::error file={shown},line=5,")),
        "{github}"
    );
}

#[test]
fn colours_still_work_and_document_escapes_do_not() {
    use redline::ast::Format;
    use redline::lint::{Settings, lint};
    use redline::report::{FileResult, human};
    use redline::source::Source;
    let source = Source::from_text("esc.md", POLICY, Format::Markdown);
    let mut settings = Settings::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    settings.select(&["L003"]);
    let diagnostics = lint(&source, &settings).diagnostics;
    assert_eq!(diagnostics.len(), 2);
    let results = [FileResult::Checked {
        source,
        diagnostics,
    }];
    let out = human::render(&results, true);
    // miette's colours are there ...
    assert!(out.contains("\x1b["), "{out:?}");
    // ... the document's sequences are not.
    for seq in [
        "\x1b]0;", "\x1b[2J", "\x1b[8m", "\x07", "\u{9b}", "\u{202e}",
    ] {
        assert!(!out.contains(seq), "{seq:?} in {out:?}");
    }
    assert!(out.contains("?]0;pwned?"), "{out:?}");
}

#[test]
fn diff_outputs_show_stand_ins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("old.md"),
        "# Privacy Policy\n\n## Contact\n\nMail us at privacy@acme.com.\n\n## Retention\n\nWe keep data for 30 days.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("new.md"),
        "# Privacy Policy\n\n## Con\x1b]0;pwned\x07tact\n\nMail \x1b[2Jus at privacy@acme.com \u{9b}2J now.\n\n## Retention\n\nWe keep data for 90 \x1b[8mdays.\n",
    )
    .unwrap();
    let diff = |extra: &[&str]| {
        let mut args: Vec<&std::ffi::OsStr> =
            vec!["diff".as_ref(), "old.md".as_ref(), "new.md".as_ref()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        String::from_utf8(run(dir.path(), &args).stdout).unwrap()
    };
    let human = diff(&["--format", "human"]);
    assert_clean("diff human", &human);
    assert!(
        human.contains("added section Con␛]0;pwned␇tact (line 3)"),
        "{human}"
    );
    assert!(
        human.contains("{+Mail ␛[2Jus at privacy@acme.com \\u{9b}2J now.+}"),
        "{human}"
    );
    assert!(human.contains("{+␛[8mdays.+}"), "{human}");
    let stat = diff(&["--stat"]);
    assert_clean("diff --stat", &stat);
    assert!(stat.contains(" +    Con␛]0;pwned␇tact "), "{stat}");
    let markdown = diff(&["--format", "markdown"]);
    assert_clean("diff markdown", &markdown);
    assert!(
        markdown.contains("**Mail ␛\\[2Jus at privacy@acme.com \\\\u{9b}2J now.**"),
        "{markdown}"
    );
}

/// On a line longer than the human format's whole-line limit the excerpt is a window
/// around the span, cut from the same stand-in text: clean, and still underlined right.
#[test]
fn long_line_excerpt_is_clean_and_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let line = format!(
        "\x1b[2J{}\x1b]0;x\x07 mail foo@example.com \x1b[8m{}\n",
        "word ".repeat(4000),
        "tail ".repeat(10)
    );
    std::fs::write(
        dir.path().join("long.md"),
        format!("# Privacy Policy\n\n{line}"),
    )
    .unwrap();
    let out = check(dir.path(), "long.md".as_ref(), "human");
    assert_clean("human", &out);
    let (e, u) = excerpt_and_underline(
        &out,
        "Placeholder text `foo@example.com`",
        "word ?]0;x? mail foo@example.com ?[8mtail",
    );
    assert_underlined(&e, &u, "foo@example.com");
}

/// A configuration error's excerpt (on standard error) shows the stand-ins, and its label
/// still points at the offending byte.
#[test]
fn config_error_excerpt_is_clean() {
    let dir = policy_dir();
    std::fs::write(
        dir.path().join("redline.toml"),
        "select = [\"L003\"]\nbogus\x1b]0;pwned\x07 = 1\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &[
            "check".as_ref(),
            "esc.md".as_ref(),
            "--config".as_ref(),
            "redline.toml".as_ref(),
            "--today".as_ref(),
            TODAY.as_ref(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_clean("config error", &err);
    let lines: Vec<&str> = err.lines().collect();
    let i = lines
        .iter()
        .position(|l| l.ends_with("│ bogus?]0;pwned? = 1"))
        .unwrap_or_else(|| panic!("{err}"));
    // miette marks the position (2:7, the `]` after the ESC) with `▲`.
    let col = lines[i].chars().position(|c| c == ']').unwrap();
    assert_eq!(lines[i + 1].chars().nth(col), Some('▲'), "{err}");
}

/// No raw C0/C1/DEL or bidirectional control in `out` at all (stricter than
/// [`assert_clean`]: every character of `safe::is_unsafe` except `\n` and `\t`).
fn assert_inert(what: &str, out: &str) {
    if let Some(c) = out.chars().find(|&c| {
        matches!(c,
            '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }) {
        panic!("{what}: raw {c:?} in output:\n{out}");
    }
}

#[test]
fn html_check_report_shows_stand_ins() {
    let dir = policy_dir();
    let html = check(dir.path(), "esc.md".as_ref(), "html");
    assert_clean("html", &html);
    assert_inert("html", &html);
    // The message quoting the section title, and the excerpt (HTML-escaped as before).
    assert!(
        html.contains("Section 'Who ␛[2Jwe are' is listed in the table of contents"),
        "{html}"
    );
    assert!(
        html.contains("Mail ␛]0;pwned␇ us at <mark>foo@example.com</mark> or \\u{9b}2J\\u{202e} [Company Name] ␛[8mnow."),
        "{html}"
    );
    // The policy is untouched.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("esc.md")).unwrap(),
        POLICY
    );
}

#[test]
fn html_diff_report_shows_stand_ins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("old.md"),
        "# Privacy Policy\n\n## Contact\n\nMail us at privacy@acme.com.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("new.md"),
        "# Privacy Policy\n\n## Con\x1b]0;pwned\x07tact\n\nMail \x1b[2Jus at privacy@acme.com \u{9b}2J \u{2066}now\u{2069}\x7f.\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &[
            "diff".as_ref(),
            "old.md".as_ref(),
            "new.md".as_ref(),
            "--format".as_ref(),
            "html".as_ref(),
        ],
    );
    let html = String::from_utf8(out.stdout).unwrap();
    assert_clean("diff html", &html);
    assert_inert("diff html", &html);
    assert!(html.contains("Con␛]0;pwned␇tact"), "{html}");
    assert!(html.contains("\\u{9b}2J \\u{2066}now\\u{2069}␡."), "{html}");
}

#[cfg(unix)]
#[test]
fn html_file_names_show_stand_ins() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"p\x1b[2Jo\nl\x07\xc2\x9b\xe2\x80\xae.md");
    if std::fs::write(dir.path().join(name), POLICY).is_err() {
        eprintln!("*** SKIPPED: this file system refuses the name ***");
        return;
    }
    let html = check(dir.path(), name, "html");
    assert_inert("html", &html);
    assert!(
        html.contains("<span class=\"path\">p␛[2Jo␊l␇\\u{9b}\\u{202e}.md</span>"),
        "{html}"
    );
}

/// The C1 controls, DEL and the bidirectional controls are `\u` escapes in every JSON
/// format (serde_json writes them raw), and a JSON parser reads back the exact text.
#[test]
fn json_formats_escape_c1_and_bidi_controls() {
    let dir = tempfile::tempdir().unwrap();
    let title = "Who \u{9b}2J\u{202e}we\u{2066} are\u{7f}\u{85}x";
    let policy = format!(
        "# Privacy Policy\n\n## Contents\n\n1. {title}\n2. Contact\n\n## 2. Contact\n\nMail us.\n"
    );
    std::fs::write(dir.path().join("c1.md"), &policy).unwrap();
    std::fs::write(dir.path().join("old.md"), "# Privacy Policy\n\nMail us.\n").unwrap();
    let message = format!(
        "Section '{title}' is listed in the table of contents but has no heading in the document"
    );
    let no_raw = |what: &str, out: &str| {
        assert_inert(what, out);
        for esc in ["\\u009b", "\\u202e", "\\u2066", "\\u007f", "\\u0085"] {
            assert!(out.contains(esc), "{what}: no {esc} in:\n{out}");
        }
    };

    let json = check(dir.path(), "c1.md".as_ref(), "json");
    no_raw("json", &json);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["files"][0]["diagnostics"][0]["message"], message.as_str());

    let jsonl = check(dir.path(), "c1.md".as_ref(), "jsonl");
    no_raw("jsonl", &jsonl);
    assert_eq!(jsonl.lines().count(), 2, "{jsonl}");
    let v: serde_json::Value = serde_json::from_str(jsonl.lines().next().unwrap()).unwrap();
    assert_eq!(v["diagnostics"][0]["message"], message.as_str());

    let sarif = check(dir.path(), "c1.md".as_ref(), "sarif");
    no_raw("sarif", &sarif);
    let v: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(
        v["runs"][0]["results"][0]["message"]["text"],
        message.as_str()
    );

    let gitlab = check(dir.path(), "c1.md".as_ref(), "gitlab");
    no_raw("gitlab", &gitlab);
    let v: serde_json::Value = serde_json::from_str(&gitlab).unwrap();
    assert!(
        v[0]["description"]
            .as_str()
            .unwrap()
            .contains(message.as_str()),
        "{gitlab}"
    );

    // The diff and `parse` JSON carry document text itself.
    let new = format!("# Privacy Policy\n\nMail {title} us.\n");
    std::fs::write(dir.path().join("new.md"), &new).unwrap();
    let out = run(
        dir.path(),
        &[
            "diff".as_ref(),
            "old.md".as_ref(),
            "new.md".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
    );
    let diff = String::from_utf8(out.stdout).unwrap();
    assert_inert("diff json", &diff);
    assert!(
        diff.contains("\"new\": \"Mail Who \\u009b2J\\u202ewe\\u2066 are\\u007f x us.\""),
        "{diff}"
    );
    let v: serde_json::Value = serde_json::from_str(&diff).unwrap();
    assert!(
        strings(&v).contains(&"Mail Who \u{9b}2J\u{202e}we\u{2066} are\u{7f} x us.".to_string()),
        "{diff}"
    );

    let out = run(
        dir.path(),
        &[
            "parse".as_ref(),
            "new.md".as_ref(),
            "--format".as_ref(),
            "json".as_ref(),
        ],
    );
    let parsed = String::from_utf8(out.stdout).unwrap();
    no_raw("parse json", &parsed);
    let v: serde_json::Value = serde_json::from_str(&parsed).unwrap();
    assert!(
        strings(&v).contains(&format!("Mail {title} us.")),
        "{parsed}"
    );
}

/// Every string in a JSON value.
fn strings(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        serde_json::Value::Array(a) => a.iter().flat_map(strings).collect(),
        serde_json::Value::Object(o) => o.values().flat_map(strings).collect(),
        _ => vec![],
    }
}

/// Runs redline with `args` in `dir` and gives (exit code, standard error).
fn run_err(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    let out = run(dir, &args);
    (out.status.code(), String::from_utf8(out.stderr).unwrap())
}

/// A command-line value quoted in an error message (redline's or clap's) shows control
/// characters as stand-ins.
#[test]
fn command_line_values_in_errors_show_stand_ins() {
    let dir = policy_dir();
    let cases: [(&[&str], &str); 6] = [
        (
            &["explain", "S0\x1b[31m"],
            "error: no rule is called `S0␛[31m`; `redline rules` lists them",
        ),
        (
            &["check", "esc.md", "--select", "X\x1b\u{9b}"],
            "error: unknown rule `X␛\\u{9b}`: use a code",
        ),
        (
            &[
                "check",
                "esc.md",
                "--no-config",
                "--profile",
                "x\x1b\u{202e}",
            ],
            "error: no built-in profile is called `x␛\\u{202e}`",
        ),
        (
            &["check", "esc.md", "--today", "x\x1b[2J\u{9b}"],
            "error: invalid value 'x␛[2J\\u{9b}' for '--today <TODAY>'",
        ),
        (
            &["check", "esc.md", "--format", "x\x07"],
            "error: invalid value 'x␇' for '--format <FORMAT>'",
        ),
        (
            &["\x1b[2J\u{2066}"],
            "error: unrecognized subcommand '␛[2J\\u{2066}'",
        ),
    ];
    for (args, expected) in cases {
        let (code, err) = run_err(dir.path(), args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert_inert(&format!("{args:?}"), &err);
        assert!(err.contains(expected), "{args:?}:\n{err}");
    }
    // --help still works and exits 0.
    let (code, _) = run_err(dir.path(), &["--help"]);
    assert_eq!(code, Some(0));
}

#[test]
fn git_revision_in_errors_shows_stand_ins() {
    let dir = tempfile::tempdir().unwrap();
    let git = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status();
    if !git.is_ok_and(|s| s.success()) {
        eprintln!("*** SKIPPED: no git ***");
        return;
    }
    let (code, err) = run_err(dir.path(), &["diff", "--git", "HEAD\x1b[2J\u{9b}"]);
    assert_eq!(code, Some(2), "{err}");
    assert_inert("git error", &err);
    assert!(err.contains("unknown revision `HEAD␛[2J\\u{9b}`"), "{err}");
}

/// `diff --stat` cuts a long title between its characters, never inside a stand-in.
#[test]
fn diff_stat_cuts_titles_outside_stand_ins() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("old.md"),
        "# Privacy Policy\n\n## Contact\n\nMail us.\n",
    )
    .unwrap();
    let cut = format!("{}\u{202e}{}", "A".repeat(45), "B".repeat(10));
    let whole = format!("{}\u{9b}é", "C".repeat(40));
    std::fs::write(
        dir.path().join("new.md"),
        format!("# Privacy Policy\n\n## Contact\n\nMail us.\n\n## {cut}\n\nText one.\n\n## {whole}\n\nText two.\n"),
    )
    .unwrap();
    let args: Vec<&std::ffi::OsStr> = ["diff", "old.md", "new.md", "--stat"]
        .iter()
        .map(std::ffi::OsStr::new)
        .collect();
    let stat = String::from_utf8(run(dir.path(), &args).stdout).unwrap();
    assert_inert("diff --stat", &stat);
    // 45 + 8 characters of `\u{202e}` do not fit in 49: the stand-in is left out whole.
    // The column is as wide as the widest title shown, 40 + 6 + 1 = 47 characters.
    assert!(
        stat.contains(&format!(" +    {}…   substantive  ", "A".repeat(45))),
        "{stat}"
    );
    assert!(
        stat.contains(&format!(
            " +    {}\\u{{9b}}é  substantive  ",
            "C".repeat(40)
        )),
        "{stat}"
    );
}

/// A file name that is not UTF-8 keeps its bytes in SARIF's `uri` (`%FF`), so it differs
/// from a file really named with U+FFFD (`%EF%BF%BD`), which its lossy text would be.
#[cfg(unix)]
#[test]
fn sarif_uris_keep_the_bytes_of_non_utf8_names() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let bad = std::ffi::OsStr::from_bytes(b"bad\xff name.md");
    if std::fs::write(dir.path().join(bad), POLICY).is_err() {
        eprintln!("*** SKIPPED: this file system refuses the name ***");
        return;
    }
    std::fs::write(dir.path().join("bad\u{fffd} name.md"), POLICY).unwrap();
    std::fs::create_dir(dir.path().join(std::ffi::OsStr::from_bytes(b"d\xfe"))).unwrap();
    std::fs::write(
        dir.path().join(std::ffi::OsStr::from_bytes(b"d\xfe/x.md")),
        POLICY,
    )
    .unwrap();
    let absolute = dir.path().join(bad);
    let out = run(
        dir.path(),
        &[
            "check".as_ref(),
            bad,
            "bad\u{fffd} name.md".as_ref(),
            std::ffi::OsStr::from_bytes(b"./d\xfe/x.md"),
            absolute.as_os_str(),
            "--no-config".as_ref(),
            "--select".as_ref(),
            "L003".as_ref(),
            "--fail-on".as_ref(),
            "never".as_ref(),
            "--format".as_ref(),
            "sarif".as_ref(),
        ],
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut uris: Vec<String> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    uris.dedup();
    let root = url::Url::from_directory_path(dir.path()).unwrap();
    assert_eq!(
        uris,
        [
            "bad%FF%20name.md".to_string(),
            "bad%EF%BF%BD%20name.md".to_string(),
            "d%FE/x.md".to_string(),
            format!("{root}bad%FF%20name.md"),
        ]
    );
}

/// A file whose name is not UTF-8 and that cannot be checked keeps its bytes in the URI of
/// SARIF's notification (`%FF`, as a checked file's result does), not U+FFFD
/// (`%EF%BF%BD`): both a file that is not text (NUL bytes) and one that is not there, by a
/// relative and by an absolute path. The message and the other formats show the name as
/// before (U+FFFD).
#[cfg(unix)]
#[test]
fn sarif_notifications_keep_the_bytes_of_non_utf8_names() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let binary = std::ffi::OsStr::from_bytes(b"bad\xff.md");
    if std::fs::write(dir.path().join(binary), b"# Privacy\0\0\0\n").is_err() {
        eprintln!("*** SKIPPED: this file system refuses the name ***");
        return;
    }
    let missing = std::ffi::OsStr::from_bytes(b"gone\xfe.md");
    let absolute = dir.path().join(binary);
    let args = |format: &'static str| -> Vec<&std::ffi::OsStr> {
        vec![
            "check".as_ref(),
            binary,
            missing,
            absolute.as_os_str(),
            "--no-config".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
        ]
    };
    let out = run(dir.path(), &args("sarif"));
    assert_eq!(out.status.code(), Some(2));
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    let uris: Vec<&str> = notes
        .iter()
        .map(|n| {
            n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    let root = url::Url::from_directory_path(dir.path()).unwrap();
    assert_eq!(
        uris,
        [
            "bad%FF.md".to_string(),
            "gone%FE.md".to_string(),
            format!("{root}bad%FF.md"),
        ]
    );
    let bases: Vec<Option<&str>> = notes
        .iter()
        .map(|n| n["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"].as_str())
        .collect();
    assert_eq!(bases, [Some("%SRCROOT%"), Some("%SRCROOT%"), None]);
    let text = notes[0]["message"]["text"].as_str().unwrap();
    assert!(text.starts_with("bad\u{fffd}.md: not checked ("), "{text}");

    // The JSON report names the failed files as before.
    let out = run(dir.path(), &args("json"));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = report["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let absolute_text = absolute.display().to_string();
    assert_eq!(paths, ["bad\u{fffd}.md", "gone\u{fffd}.md", &absolute_text]);
}

/// JUnit XML: XML forbids C0 controls (U+FFFD, as before); DEL, C1 and bidirectional
/// controls, which XML allows, get readable stand-ins.
#[test]
fn junit_shows_stand_ins_for_c1_and_bidi_controls() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("j.md"),
        "# Privacy Policy\n\n## Contents\n\n1. Who \x1b[2Jwe \u{9b}2J\u{202e} are\n2. Contact\n\n## 2. Contact\n\nMail us.\n",
    )
    .unwrap();
    let xml = check(dir.path(), "j.md".as_ref(), "junit");
    assert_inert("junit", &xml);
    assert!(
        xml.contains("Section &apos;Who \u{fffd}[2Jwe \\u{9b}2J\\u{202e} are&apos; is listed"),
        "{xml}"
    );
}

/// JUnit XML: a carriage return in a file name is shown as the stand-in `␍` the text
/// formats use (XML would read a raw one back as a line break in an attribute), and the
/// raw byte is not written.
#[test]
fn junit_file_names_with_carriage_returns_show_stand_ins() {
    let dir = tempfile::tempdir().unwrap();
    if std::fs::write(dir.path().join("a\rb.md"), "# Privacy Policy\n").is_err() {
        eprintln!("*** SKIPPED: this file system refuses the name ***");
        return;
    }
    let xml = check(dir.path(), "a\rb.md".as_ref(), "junit");
    assert!(!xml.contains('\r'), "{xml:?}");
    assert!(xml.contains("name=\"a\u{240d}b.md\""), "{xml}");
}
