//! `redline check --format sarif`: the seed's log validates against the official SARIF
//! 2.1.0 schema (`tests/schemas/sarif-schema-2.1.0.json`, see `SOURCE.md` there), and
//! its rules, results, locations and fingerprints say what the findings say.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{json, redline};
use serde_json::Value;

const SEED: &str = "policies/cgtonlinea-privacy.txt";

fn seed_sarif() -> Value {
    let out = redline(&["check", SEED, "--today", "2026-11-30", "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    json(&out)
}

/// A draft-04 validator for the official schema. `offline()`: any reference outside the
/// schema would be an error rather than a fetch (the crate is also built without its HTTP
/// and file resolvers).
fn validator() -> jsonschema::Validator {
    let text =
        std::fs::read_to_string(common::root().join("tests/schemas/sarif-schema-2.1.0.json"))
            .expect("the SARIF schema is in tests/schemas");
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-04/schema#");
    jsonschema::draft4::options()
        .offline()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles without network access")
}

fn schema_errors(log: &Value) -> Vec<String> {
    validator()
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn seed_log_is_valid_sarif_2_1_0() {
    let log = seed_sarif();
    let errors = schema_errors(&log);
    assert!(errors.is_empty(), "schema errors:\n{}", errors.join("\n"));
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    );
}

#[test]
fn the_validator_rejects_broken_logs() {
    // The schema test must be able to fail: break the seed's log in three ways.
    let log = seed_sarif();
    let mut bad_level = log.clone();
    bad_level["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema_errors(&bad_level).is_empty());
    let mut bad_line = log.clone();
    bad_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert!(!schema_errors(&bad_line).is_empty());
    let mut extra = log;
    extra["runs"][0]["tool"]["driver"]["informationUrl"] = "https://example.org".into();
    assert!(!schema_errors(&extra).is_empty());
}

#[test]
fn driver_lists_every_rule_with_its_documentation() {
    let log = seed_sarif();
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "redline");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let registry = redline::rules::registry::all();
    assert_eq!(rules.len(), registry.len());
    for (r, m) in rules.iter().zip(&registry) {
        assert_eq!(r["id"], m.code);
        assert_eq!(r["name"], m.name);
        assert_eq!(r["shortDescription"]["text"], m.summary);
        assert_eq!(r["help"]["markdown"], m.documentation());
        assert_eq!(r["help"]["text"], m.documentation());
        let full = r["fullDescription"]["text"].as_str().unwrap();
        assert!(
            !full.is_empty() && !full.contains('\n') && !full.contains("##"),
            "{full}"
        );
        let level = match m.default_severity {
            redline::diagnostic::Severity::Error => "error",
            redline::diagnostic::Severity::Warning => "warning",
            redline::diagnostic::Severity::Info => "note",
        };
        assert_eq!(r["defaultConfiguration"]["level"], level);
        assert_eq!(r["properties"]["tags"][0], "privacy-policy");
    }
    let s001 = &rules[rules.iter().position(|r| r["id"] == "S001").unwrap()];
    assert_eq!(s001["properties"]["family"], "structure");
    assert!(
        s001["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .starts_with(
                "Every entry of the table of contents must resolve to a section of the body"
            )
    );
    // The generic profile's requirements behind this run's R001 findings.
    let r001 = &rules[rules.iter().position(|r| r["id"] == "R001").unwrap()];
    let ids: Vec<&str> = r001["properties"]["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "GEN-CHANGES",
            "GEN-COOKIES",
            "GEN-RETENTION",
            "GEN-RIGHTS",
            "GEN-SECURITY",
            "GEN-SHARING",
            "GEN-TRANSFERS"
        ]
    );
    assert_eq!(r001["properties"]["requirements"][0]["profile"], "generic");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    assert!(
        run["invocations"][0]
            .get("toolExecutionNotifications")
            .is_none()
    );
}

#[test]
fn results_point_at_the_findings() {
    let log = seed_sarif();
    let json_report = json(&redline(&[
        "check",
        SEED,
        "--today",
        "2026-11-30",
        "--format",
        "json",
    ]));
    let findings = json_report["files"][0]["diagnostics"].as_array().unwrap();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    assert_eq!(
        results.iter().filter(|r| r["level"] == "error").count() as u64,
        json_report["summary"]["errors"].as_u64().unwrap()
    );
    assert_eq!(
        results.iter().filter(|r| r["level"] == "warning").count() as u64,
        json_report["summary"]["warnings"].as_u64().unwrap()
    );
    for (r, d) in results.iter().zip(findings) {
        assert_eq!(r["ruleId"], d["code"]);
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert_eq!(r["message"]["text"], d["message"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], SEED);
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert_eq!(loc["region"]["startLine"], d["span"]["line"]);
        assert_eq!(loc["region"]["startColumn"], d["span"]["column"]);
        assert_eq!(
            r["relatedLocations"].as_array().map_or(0, Vec::len),
            d["labels"].as_array().unwrap().len()
        );
        assert_eq!(r["properties"]["name"], d["name"]);
    }
    // Section 4's TOC line: "Section 4: Who we share personal information with and why" is
    // 57 characters, so the region ends before column 58; the label starts at column 12.
    let s001: Vec<&Value> = results.iter().filter(|r| r["ruleId"] == "S001").collect();
    assert_eq!(s001.len(), 7);
    let lines: Vec<u64> = s001
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(lines, [12, 13, 14, 15, 16, 17, 18]);
    let first = &s001[0];
    assert_eq!(
        first["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 12, "startColumn": 1, "endLine": 12, "endColumn": 58})
    );
    assert_eq!(
        first["relatedLocations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 12, "startColumn": 12, "endLine": 12, "endColumn": 58})
    );
    assert_eq!(
        first["relatedLocations"][0]["message"]["text"],
        "no section with this title in the body"
    );
    assert_eq!(first["level"], "error");
    // The title 隐私&安全 is five characters (13 bytes): columns count code points.
    let l001 = results.iter().find(|r| r["ruleId"] == "L001").unwrap();
    assert_eq!(
        l001["locations"][0]["physicalLocation"]["region"]["endColumn"],
        6
    );
    // R001 findings carry their requirement.
    let r001 = results.iter().find(|r| r["ruleId"] == "R001").unwrap();
    assert_eq!(r001["properties"]["requirement"]["id"], "GEN-CHANGES");
}

fn fingerprints(log: &Value) -> Vec<String> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["redline/v1"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn sarif_in(dir: &Path) -> Value {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args([
            "check",
            SEED,
            "--today",
            "2026-11-30",
            "--format",
            "sarif",
            "--no-config",
        ])
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the redline binary runs");
    json(&out)
}

#[test]
fn partial_fingerprints_are_unique_and_survive_shifted_lines() {
    let log = seed_sarif();
    let fps = fingerprints(&log);
    let unique: std::collections::HashSet<&String> = fps.iter().collect();
    assert_eq!(unique.len(), fps.len());
    assert!(fps.iter().all(|f| f.len() == 64));
    assert_eq!(fingerprints(&seed_sarif()), fps, "stable across runs");
    // GitLab's fingerprints are the same values.
    let gitlab = json(&redline(&[
        "check",
        SEED,
        "--today",
        "2026-11-30",
        "--format",
        "gitlab",
    ]));
    let gl: Vec<&str> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(gl, fps);
    // The seed with three blank lines on top, at the same relative path.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(common::root().join(SEED)).unwrap();
    std::fs::create_dir_all(dir.path().join("policies")).unwrap();
    std::fs::write(dir.path().join(SEED), format!("\n\n\n{text}")).unwrap();
    let shifted = sarif_in(dir.path());
    assert!(schema_errors(&shifted).is_empty());
    assert_eq!(fingerprints(&shifted), fps);
    let line = |log: &Value, k: usize| {
        log["runs"][0]["results"][k]["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .unwrap()
    };
    for k in 0..fps.len() {
        assert_eq!(line(&shifted, k), line(&log, k) + 3);
    }
}

#[test]
fn unreadable_files_become_tool_execution_notifications() {
    let out = redline(&[
        "check",
        SEED,
        "no-such-policy.md",
        "--today",
        "2026-11-30",
        "--format",
        "sarif",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let log = json(&out);
    let errors = schema_errors(&log);
    assert!(errors.is_empty(), "schema errors:\n{}", errors.join("\n"));
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert_eq!(
        notes[0]["message"]["text"],
        "no-such-policy.md: not checked (no such file or directory)"
    );
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "no-such-policy.md"
    );
    // The readable file is still reported.
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 22);
}

#[test]
fn profile_citations_reach_the_rules() {
    let out = redline(&[
        "check",
        SEED,
        "--today",
        "2026-11-30",
        "--format",
        "sarif",
        "--profile",
        "gdpr",
    ]);
    let log = json(&out);
    assert!(schema_errors(&log).is_empty());
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let cited: Vec<&Value> = rules
        .iter()
        .flat_map(|r| r["properties"]["requirements"].as_array().unwrap())
        .collect();
    assert!(!cited.is_empty());
    assert!(cited.iter().all(|r| r["profile"] == "gdpr"));
    assert!(
        cited
            .iter()
            .any(|r| r["citation"].as_str().unwrap().contains("GDPR")),
        "{cited:#?}"
    );
}

/// Runs `redline check - --format sarif` in `dir` with `input` on standard input.
fn sarif_of_stdin(dir: &Path, input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["check", "-", "--today", "2026-11-30", "--format", "sarif"])
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Standard input is no file under the source root: its artifact is `uri: "stdin"` with a
/// description, not `uri: "-"` under `%SRCROOT%` (a file named `-`); a real file `./-`
/// keeps its name.
#[test]
fn standard_input_is_described_not_named_dash() {
    let stdin_location = serde_json::json!({
        "uri": "stdin",
        "description": { "text": "standard input" }
    });
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(common::root().join(SEED)).unwrap();
    let out = sarif_of_stdin(dir.path(), &text);
    assert_eq!(out.status.code(), Some(1));
    let log = json(&out);
    let errors = schema_errors(&log);
    assert!(errors.is_empty(), "schema errors:\n{}", errors.join("\n"));
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 22);
    for r in results {
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"],
            stdin_location
        );
        for related in r["relatedLocations"].as_array().into_iter().flatten() {
            assert_eq!(
                related["physicalLocation"]["artifactLocation"],
                stdin_location
            );
        }
    }

    // Unreadable standard input: the notification's location is the same.
    let out = sarif_of_stdin(dir.path(), b"\x00\x01binary");
    assert_eq!(out.status.code(), Some(2));
    let log = json(&out);
    let errors = schema_errors(&log);
    assert!(errors.is_empty(), "schema errors:\n{}", errors.join("\n"));
    let note = &log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(
        note["message"]["text"],
        "-: not checked (this is a binary file (contains NUL bytes), not a policy text)"
    );
    assert_eq!(
        note["locations"][0]["physicalLocation"]["artifactLocation"],
        stdin_location
    );

    // A file named `-`, given as `./-`, is a file.
    std::fs::write(dir.path().join("-"), &text).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["check", "./-", "--today", "2026-11-30", "--format", "sarif"])
        .current_dir(dir.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let log = json(&out);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"],
        serde_json::json!({ "uri": "-", "uriBaseId": "%SRCROOT%" })
    );
}
