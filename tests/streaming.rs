//! The check formats are written to their output as they are serialised (a 100 MB policy's
//! SARIF log, built as a JSON tree first, took 5.7 GB): each format's `write` gives the
//! bytes of its `render`, in many small writes rather than one whole report. The input is
//! the seed policy repeated into one file with thousands of findings, with a `gdpr`
//! profile (requirements in SARIF's rule descriptors and results) and an unreadable file;
//! no test measures memory or time.

mod common;

use std::io::{self, Write};

use chrono::NaiveDate;
use redline::ast::Format;
use redline::lint::{Settings, lint};
use redline::report::{self, FileResult};
use redline::source::Source;

/// Copies of the seed policy in the big file.
const COPIES: usize = 60;

/// A writer that keeps what it is given and the size of its largest single write.
#[derive(Default)]
struct Recorder {
    bytes: Vec<u8>,
    writes: usize,
    largest: usize,
}

impl Write for Recorder {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        self.writes += 1;
        self.largest = self.largest.max(buf.len());
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn results() -> Vec<FileResult> {
    let seed = std::fs::read_to_string(common::root().join("policies/cgtonlinea-privacy.txt"))
        .expect("the seed policy is in policies/");
    let text = seed.repeat(COPIES);
    let source = Source::from_text("policies/big copy#1.txt", &text, Format::Text);
    let mut settings = Settings::new(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    settings
        .profiles
        .push(redline::profiles::load("gdpr").expect("gdpr is a built-in profile"));
    let diagnostics = lint(&source, &settings).diagnostics;
    assert!(diagnostics.len() > 20 * COPIES, "{}", diagnostics.len());
    assert!(diagnostics.iter().any(|d| d.requirement.is_some()));
    assert!(diagnostics.iter().any(|d| !d.labels.is_empty()));
    vec![
        FileResult::Checked {
            source,
            diagnostics,
        },
        FileResult::Failed {
            path: "missing/policy.md".into(),
            error: "no such file or directory".into(),
        },
    ]
}

type WriteFn = fn(&[FileResult], &mut Recorder) -> io::Result<()>;
type RenderFn = fn(&[FileResult]) -> String;

#[test]
fn every_check_format_streams_the_bytes_it_renders() {
    let results = results();
    let formats: [(&str, WriteFn, RenderFn); 8] = [
        ("sarif", report::sarif::write, report::sarif::render),
        ("concise", report::concise::write, report::concise::render),
        ("github", report::github::write, report::github::render),
        ("gitlab", report::gitlab::write, report::gitlab::render),
        ("junit", report::junit::write, report::junit::render),
        (
            "markdown",
            report::markdown::write,
            report::markdown::render,
        ),
        (
            "html",
            report::html::check::write,
            report::html::check::render,
        ),
        ("json", report::json::write, report::json::render),
    ];
    for (name, write, render) in formats {
        let mut out = Recorder::default();
        write(&results, &mut out).expect("writing to memory does not fail");
        let rendered = render(&results);
        assert!(
            out.bytes == rendered.as_bytes(),
            "{name}: write and render differ"
        );
        // Written piece by piece: no write holds more than a small part of the report (a
        // report built whole and written at once would be one write of all of it).
        assert!(rendered.len() > 200_000, "{name}: {} bytes", rendered.len());
        assert!(
            out.largest <= 16 * 1024 && out.writes > 1000,
            "{name}: {} writes, the largest {} bytes of {}",
            out.writes,
            out.largest,
            rendered.len()
        );
    }
}

#[test]
fn sarif_stream_has_the_envelope_of_the_findings() {
    // The envelope before `results` comes from a first pass over the findings: the
    // requirements behind them and the unreadable file.
    let results = results();
    let log: serde_json::Value =
        serde_json::from_str(&report::sarif::render(&results)).expect("the log is JSON");
    let run = &log["runs"][0];
    let keys: Vec<&str> = run
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "tool",
            "invocations",
            "originalUriBaseIds",
            "columnKind",
            "results"
        ]
    );
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let results_out = run["results"].as_array().unwrap();
    let with_requirement = results_out
        .iter()
        .filter(|r| r["properties"]["requirement"].is_object())
        .count();
    assert!(with_requirement > 0);
    for r in results_out
        .iter()
        .filter(|r| r["properties"]["requirement"].is_object())
    {
        let rule = &run["tool"]["driver"]["rules"][r["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], r["ruleId"]);
        assert!(
            rule["properties"]["requirements"]
                .as_array()
                .unwrap()
                .contains(&r["properties"]["requirement"]),
            "{r}"
        );
    }
    assert_eq!(
        results_out[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "policies/big%20copy%231.txt"
    );
}
