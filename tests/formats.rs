//! The CI output formats of `redline check --format` (issue #5): concise, github, gitlab,
//! junit and markdown on the seed policy, their fingerprints, escaping of document text,
//! and unreadable files. SARIF has its own file (`tests/sarif.rs`).

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{diagnostics, json, redline, stdout};
use serde_json::Value;

const SEED: &str = "policies/cgtonlinea-privacy.txt";
const ESCAPES: &str = "tests/fixtures/formats/markup-in-text.txt";

fn seed(format: &str) -> Output {
    redline(&["check", SEED, "--today", "2026-11-30", "--format", format])
}

fn seed_json() -> Value {
    json(&seed("json"))
}

/// Runs redline in `dir` (not the repository root), without configuration.
fn redline_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .arg("--no-config")
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the redline binary runs")
}

/// A folder holding the seed at its usual relative path, shifted down by `blank` lines.
fn shifted_seed(blank: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let text = std::fs::read_to_string(common::root().join(SEED)).expect("seed");
    std::fs::create_dir_all(dir.path().join("policies")).expect("policies folder");
    std::fs::write(dir.path().join(SEED), "\n".repeat(blank) + &text).expect("write copy");
    dir
}

/// The seed's (S001 line, section number, title) for sections 4–10.
const S001: [(u64, u32, &str); 7] = [
    (12, 4, "Who we share personal information with and why"),
    (13, 5, "How we protect personal information"),
    (
        14,
        6,
        "Where we store personal information and international transfers",
    ),
    (15, 7, "How long we keep personal information"),
    (16, 8, "How to access and control your personal information"),
    (17, 9, "Cookies"),
    (18, 10, "Dispute resolution"),
];

#[test]
fn snapshot_concise() {
    let out = seed("concise");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("seed_concise", stdout(&out));
}

#[test]
fn snapshot_github() {
    let out = seed("github");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("seed_github", stdout(&out));
}

#[test]
fn snapshot_gitlab() {
    let out = seed("gitlab");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("seed_gitlab", stdout(&out));
}

#[test]
fn snapshot_junit() {
    let out = seed("junit");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("seed_junit", stdout(&out));
}

#[test]
fn snapshot_markdown() {
    let out = seed("markdown");
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("seed_markdown", stdout(&out));
}

#[test]
fn concise_has_one_line_per_finding_then_the_total() {
    let v = seed_json();
    let text = stdout(&seed("concise"));
    let lines: Vec<&str> = text.lines().collect();
    let n = v["files"][0]["diagnostics"].as_array().unwrap().len();
    assert_eq!(n, 22);
    assert_eq!(lines.len(), n + 1, "{text}");
    assert_eq!(
        lines[n], "Checked 1 file: 7 errors, 15 warnings, 0 infos",
        "{text}"
    );
    for (line, d) in lines
        .iter()
        .zip(v["files"][0]["diagnostics"].as_array().unwrap())
    {
        let expected = format!(
            "{SEED}:{}:{}: {} {} {}",
            d["span"]["line"],
            d["span"]["column"],
            d["severity"].as_str().unwrap(),
            d["code"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
        assert_eq!(*line, expected);
    }
    for (line, n, title) in S001 {
        let expected = format!(
            "{SEED}:{line}:1: error S001 Section {n} '{title}' is listed in the table of contents but has no heading in the document"
        );
        assert!(lines.contains(&expected.as_str()), "missing {expected}");
    }
}

#[test]
fn github_annotations_match_the_findings_and_escape_properties() {
    let v = seed_json();
    let text = stdout(&seed("github"));
    let annotations: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")
        })
        .collect();
    assert_eq!(annotations.len(), 22);
    assert_eq!(
        annotations
            .iter()
            .filter(|l| l.starts_with("::error "))
            .count() as u64,
        v["summary"]["errors"].as_u64().unwrap()
    );
    assert_eq!(
        annotations
            .iter()
            .filter(|l| l.starts_with("::warning "))
            .count() as u64,
        v["summary"]["warnings"].as_u64().unwrap()
    );
    // Section 9's TOC line "Section 9: Cookies" is 18 characters: columns 1 to 19 (exclusive).
    let s001_9 = format!(
        "::error file={SEED},line=17,endLine=17,col=1,endColumn=19,title=S001 toc-entry-missing::Section 9 'Cookies' is listed in the table of contents but has no heading in the document%0Ahelp: add the section to the document, or remove the entry from the table of contents"
    );
    assert!(annotations.contains(&s001_9.as_str()), "{text}");
    // A property value with `:` and `,` (the D001 title has neither, the S001 message has
    // neither in a property): the failed-file title does.
    let out = redline(&[
        "check",
        SEED,
        "missing.md",
        "--today",
        "2026-11-30",
        "--format",
        "github",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains(
            "::error file=missing.md,title=redline%3A input error::missing.md: not checked (no such file or directory)\n"
        ),
        "{}",
        stdout(&out)
    );
    // The full human log follows, fenced by stop-commands with a matching token.
    let stop = text
        .lines()
        .find_map(|l| l.strip_prefix("::stop-commands::"))
        .expect("stop-commands line");
    assert!(stop.starts_with("redline-") && stop.len() == "redline-".len() + 16);
    assert!(text.ends_with(&format!(
        "Checked 1 file: 7 errors, 15 warnings, 0 infos\n::{stop}::\n"
    )));
    assert!(text.contains(" 17 │ Section 9: Cookies\n"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour codes");
}

fn gitlab(dir: &Path) -> Vec<Value> {
    let out = redline_in(
        dir,
        &["check", SEED, "--today", "2026-11-30", "--format", "gitlab"],
    );
    assert_eq!(out.status.code(), Some(1));
    json(&out).as_array().expect("a JSON array").clone()
}

#[test]
fn gitlab_issues_match_the_findings() {
    let v = seed_json();
    let issues = gitlab(&common::root());
    let ds = v["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(issues.len(), ds.len());
    for (i, d) in issues.iter().zip(ds) {
        assert_eq!(i["check_name"], d["code"]);
        assert_eq!(
            i["description"],
            format!(
                "{} {}: {}",
                d["code"].as_str().unwrap(),
                d["name"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        );
        let severity = match d["severity"].as_str().unwrap() {
            "error" => "major",
            "warning" => "minor",
            _ => "info",
        };
        assert_eq!(i["severity"], severity);
        assert_eq!(i["location"]["path"], SEED);
        assert_eq!(i["location"]["lines"]["begin"], d["span"]["line"]);
        let fp = i["fingerprint"].as_str().unwrap();
        assert!(fp.len() == 64 && fp.chars().all(|c| c.is_ascii_hexdigit()));
    }
    let s001: Vec<&Value> = issues
        .iter()
        .filter(|i| i["check_name"] == "S001")
        .collect();
    let lines: Vec<u64> = s001
        .iter()
        .map(|i| i["location"]["lines"]["begin"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, S001.map(|(l, _, _)| l));
    assert!(s001.iter().all(|i| i["severity"] == "major"));
}

#[test]
fn gitlab_fingerprints_are_unique_and_survive_shifted_lines() {
    let fingerprints = |issues: &[Value]| -> Vec<String> {
        issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_string())
            .collect()
    };
    let first = gitlab(&common::root());
    let fps = fingerprints(&first);
    let unique: std::collections::HashSet<&String> = fps.iter().collect();
    assert_eq!(unique.len(), fps.len(), "fingerprints are unique: {fps:#?}");
    // Stable across runs.
    assert_eq!(fingerprints(&gitlab(&common::root())), fps);
    // Three blank lines on top: same fingerprints, every line three further down.
    let dir = shifted_seed(3);
    let shifted = gitlab(dir.path());
    assert_eq!(fingerprints(&shifted), fps);
    for (a, b) in first.iter().zip(&shifted) {
        for end in ["begin", "end"] {
            assert_eq!(
                b["location"]["lines"][end].as_u64().unwrap(),
                a["location"]["lines"][end].as_u64().unwrap() + 3
            );
        }
        assert_eq!(a["description"], b["description"]);
    }
}

/// Parses JUnit XML; panics when it is not well-formed.
fn junit_doc(text: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(text)
        .unwrap_or_else(|e| panic!("not well-formed XML ({e}):\n{text}"))
}

#[test]
fn junit_counts_match_the_findings() {
    let v = seed_json();
    let errors = v["summary"]["errors"].as_u64().unwrap() as usize;
    let warnings = v["summary"]["warnings"].as_u64().unwrap() as usize;
    let infos = v["summary"]["infos"].as_u64().unwrap() as usize;
    assert_eq!((errors, warnings, infos), (7, 15, 0));
    let text = stdout(&seed("junit"));
    let doc = junit_doc(&text);
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let cases: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let failures: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .collect();
    assert_eq!(cases.len(), errors + warnings + infos);
    assert_eq!(failures.len(), errors + warnings);
    assert_eq!(root.attribute("tests"), Some("22"));
    assert_eq!(root.attribute("failures"), Some("22"));
    assert_eq!(root.attribute("errors"), Some("0"));
    let suites: Vec<roxmltree::Node> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attribute("name"), Some(SEED));
    assert_eq!(
        failures
            .iter()
            .filter(|f| f.attribute("type") == Some("error"))
            .count(),
        errors
    );
    // The S001 test cases: sections 4–10 on lines 12–18.
    let s001: Vec<&roxmltree::Node> = cases
        .iter()
        .filter(|c| c.attribute("name").is_some_and(|n| n.starts_with("S001 ")))
        .collect();
    assert_eq!(s001.len(), 7);
    for (c, (line, n, title)) in s001.iter().zip(S001) {
        assert_eq!(
            c.attribute("name").unwrap(),
            format!("S001 toc-entry-missing at {line}:1")
        );
        assert_eq!(c.attribute("line").unwrap(), line.to_string());
        assert_eq!(c.attribute("file"), Some(SEED));
        let f = c.children().find(|n| n.has_tag_name("failure")).unwrap();
        let message = format!(
            "Section {n} '{title}' is listed in the table of contents but has no heading in the document"
        );
        assert_eq!(f.attribute("message").unwrap(), message);
        assert_eq!(
            f.text().unwrap(),
            format!(
                "{SEED}:{line}:1: error S001 {message}\nhelp: add the section to the document, or remove the entry from the table of contents"
            )
        );
    }
    // The S001 findings in the JSON report are the same ones.
    assert_eq!(diagnostics(&v, "S001").len(), s001.len());
}

#[test]
fn markdown_summarises_then_lists_each_file() {
    let text = stdout(&seed("markdown"));
    assert!(text.starts_with(
        "## redline: 7 errors, 15 warnings, 0 infos\n\n| Files checked | Not readable | Errors | Warnings | Infos |\n|---:|---:|---:|---:|---:|\n| 1 | 0 | 7 | 15 | 0 |\n"
    ), "{text}");
    // 22 findings: the table is collapsed.
    assert!(text.contains(&format!(
        "<details>\n<summary>22 findings in {SEED}</summary>\n\n| Line | Code | Severity | Message |\n"
    )));
    for (line, n, title) in S001 {
        let row = format!(
            "| {line} | S001 `toc-entry-missing` | error | Section {n} '{title}' is listed in the table of contents but has no heading in the document |\n"
        );
        assert!(text.contains(&row), "missing {row}");
    }
    assert_eq!(
        text.matches("\n| ").count(),
        3 + 22,
        "two header rows, the totals and one row per finding"
    );
    // A short list stays open.
    let out = redline(&[
        "check",
        ESCAPES,
        "--today",
        "2026-11-30",
        "--format",
        "markdown",
        "--select",
        "S",
    ]);
    let short = stdout(&out);
    assert!(!short.contains("<details>"), "{short}");
}

#[test]
fn document_text_is_escaped_in_markdown_and_junit() {
    // The fixture's table of contents lists `Section 2: <script>alert("x")</script> |
    // Cookies & "trackers" `code``, which has no section: S001 quotes it.
    let run = |format: &str| {
        let out = redline(&[
            "check",
            ESCAPES,
            "--today",
            "2026-11-30",
            "--format",
            format,
            "--select",
            "S001",
        ]);
        assert_eq!(out.status.code(), Some(1));
        stdout(&out)
    };
    let md = run("markdown");
    assert!(
        md.contains("| 6 | S001 `toc-entry-missing` | error | Section 2 '&lt;script&gt;alert(\"x\")&lt;/script&gt; \\| Cookies &amp; \"trackers\" \\`code\\`' is listed in the table of contents but has no heading in the document |\n"),
        "{md}"
    );
    assert!(!md.contains("<script>"), "{md}");
    // Each table row has exactly the four cell separators it should: the `|` in the
    // document text is escaped.
    let row = md.lines().find(|l| l.starts_with("| 6 |")).unwrap();
    assert_eq!(row.matches(" | ").count(), 3, "{row}");
    assert_eq!(row.matches(" \\| ").count(), 1, "{row}");

    let xml = run("junit");
    assert!(!xml.contains("<script>"), "{xml}");
    assert!(
        xml.contains(
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | Cookies &amp; &quot;trackers&quot;"
        ),
        "{xml}"
    );
    let doc = junit_doc(&xml);
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    let title = "<script>alert(\"x\")</script> | Cookies & \"trackers\" `code`";
    assert_eq!(
        failure.attribute("message").unwrap(),
        format!(
            "Section 2 '{title}' is listed in the table of contents but has no heading in the document"
        )
    );
    assert!(failure.text().unwrap().contains(title));

    // GitHub: the message is data, and only `%`, CR and LF need escaping there.
    let gh = run("github");
    assert!(
        gh.contains(&format!("::Section 2 '{title}' is listed")),
        "{gh}"
    );
}

#[test]
fn junit_replaces_characters_xml_cannot_carry() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::root().join(ESCAPES))
        .unwrap()
        .replace("Cookies &", "Cookies\u{1} &");
    std::fs::write(dir.path().join("p.txt"), text).unwrap();
    let out = redline_in(
        dir.path(),
        &[
            "check",
            "p.txt",
            "--today",
            "2026-11-30",
            "--format",
            "junit",
            "--select",
            "S001",
        ],
    );
    let xml = stdout(&out);
    let doc = junit_doc(&xml);
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(
        failure
            .attribute("message")
            .unwrap()
            .contains("Cookies\u{fffd} &"),
        "{xml}"
    );
}

#[test]
fn unreadable_files_appear_in_every_format() {
    let missing = "no-such-policy.md";
    let run = |format: &str| {
        let out = redline(&[
            "check",
            SEED,
            missing,
            "--today",
            "2026-11-30",
            "--format",
            format,
        ]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{format}: exit code 2 for an unreadable file"
        );
        stdout(&out)
    };
    let reason = "no such file or directory";
    let concise = run("concise");
    assert!(
        concise.contains(&format!("{missing}: not checked ({reason})\n")),
        "{concise}"
    );
    assert!(concise.ends_with("; 1 could not be read\n"), "{concise}");

    let gh = run("github");
    assert!(gh.contains(&format!("::error file={missing},title=redline%3A input error::{missing}: not checked ({reason})\n")), "{gh}");

    let gl: Value = serde_json::from_str(&run("gitlab")).unwrap();
    let entry = gl
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["location"]["path"] == missing)
        .expect("an entry for the unreadable file");
    assert_eq!(entry["check_name"], "input-error");
    assert_eq!(entry["severity"], "critical");
    assert_eq!(entry["location"]["lines"]["begin"], 1);

    let xml = run("junit");
    let doc = junit_doc(&xml);
    let suite = doc
        .descendants()
        .find(|n| n.has_tag_name("testsuite") && n.attribute("name") == Some(missing))
        .expect("a test suite for the unreadable file");
    assert_eq!(suite.attribute("errors"), Some("1"));
    let error = suite
        .descendants()
        .find(|n| n.has_tag_name("error"))
        .unwrap();
    assert_eq!(
        error.attribute("message"),
        Some(format!("not checked ({reason})").as_str())
    );
    assert_eq!(doc.root_element().attribute("errors"), Some("1"));

    let md = run("markdown");
    assert!(
        md.starts_with("## redline: 7 errors, 15 warnings, 0 infos; 1 could not be read\n"),
        "{md}"
    );
    assert!(md.contains("| 1 | 1 | 7 | 15 | 0 |"), "{md}");
    assert!(
        md.contains(&format!("### {missing}: not checked\n\n{reason}\n")),
        "{md}"
    );
}

#[test]
fn every_format_is_listed_in_help() {
    let out = redline(&["check", "--help"]);
    let help = stdout(&out);
    for f in [
        "human", "concise", "json", "sarif", "github", "gitlab", "junit", "markdown",
    ] {
        assert!(help.contains(f), "--format {f} missing from help:\n{help}");
    }
}

#[test]
fn dot_slash_paths_give_the_same_paths_and_fingerprints() {
    let run = |path: &str, missing: &str| {
        let out = redline(&[
            "check",
            path,
            missing,
            "--today",
            "2026-11-30",
            "--format",
            "gitlab",
        ]);
        assert_eq!(out.status.code(), Some(2));
        json(&out)
    };
    let plain = run(SEED, "nope.md");
    let dotted = run(&format!("./{SEED}"), "./nope.md");
    assert_eq!(plain, dotted);
    let concise = stdout(&redline(&[
        "check",
        &format!("./{SEED}"),
        "./nope.md",
        "--today",
        "2026-11-30",
        "--format",
        "concise",
    ]));
    assert!(
        concise.starts_with(&format!("{SEED}:1:1: warning L001 ")),
        "{concise}"
    );
    assert!(
        concise.contains("\nnope.md: not checked (no such file or directory)\n"),
        "{concise}"
    );
}

/// A finding whose labels are far apart shows one excerpt per label, with the real line
/// numbers, not every line between them: L002 on the seed (shifted 100 lines down) labels
/// the byline (line 103) and the organisation's name in the first section (line 121); the
/// TOC in between is not shown. (The excerpt once reported its line count shifted by its
/// first line, which made miette merge excerpts lower in a file than they are apart, and
/// made a report of N such findings on a large file cost O(N × size).)
#[test]
fn far_apart_labels_get_separate_excerpts() {
    let dir = shifted_seed(100);
    let out = redline_in(dir.path(), &["check", SEED, "--today", "2026-11-30"]);
    let out = String::from_utf8_lossy(&out.stdout);
    let start = out
        .find("L002(inconsistent-organisation-name)")
        .expect("L002 reported");
    let end = start + out[start..].find("help:").expect("L002 help");
    let report = &out[start..end];
    assert!(
        report.contains(" 103 │ Author:StrongShop, 2022-02-10"),
        "{report}"
    );
    assert!(report.contains(" 121 │ Welcome, and thank you"), "{report}");
    assert!(report.contains(" 120 │ SECTION 1: WHO WE ARE"), "{report}");
    assert!(!report.contains("Section 9: Cookies"), "{report}");
    assert_eq!(
        report
            .matches("╭─[policies/cgtonlinea-privacy.txt:")
            .count(),
        2,
        "{report}"
    );
}
