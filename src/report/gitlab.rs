//! The GitLab format: a GitLab Code Quality report, which GitLab shows in merge requests
//! when a job uploads it as `artifacts:reports:codequality`.
//!
//! The format (a subset of the Code Climate issue format) is documented at
//! <https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format>. The
//! output is one JSON array with an object per finding:
//!
//! ```json
//! [{ "description": "S001 toc-entry-missing: Section 4 ... has no heading in the document",
//!    "check_name": "S001",
//!    "fingerprint": "<64 hex digits>",
//!    "severity": "major",
//!    "location": { "path": "policies/p.txt", "lines": { "begin": 12, "end": 12 } } }]
//! ```
//!
//! - `severity`: `major` for errors, `minor` for warnings, `info` for infos; `critical`
//!   for a file that could not be read (its `check_name` is `input-error` and its location
//!   line 1), since nothing in it was checked.
//! - `fingerprint`: the same stable SHA-256 as SARIF's `partialFingerprints`
//!   ([`super::finding`]); it does not depend on line numbers, so GitLab matches a finding
//!   across commits when lines move, and it is unique within a report.
//! - `path` is relative to the folder redline ran in (run it from the repository root);
//!   `lines` are 1-based.

use std::path::Path;

use serde_json::{Value, json};

use super::FileResult;
use super::finding::{findings, fingerprint, report_path};
use crate::diagnostic::Severity;

/// The Code Quality severity of a finding.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// Renders every result as one Code Quality JSON array (pretty-printed, ending in a
/// newline).
pub fn render(results: &[FileResult]) -> String {
    let mut issues: Vec<Value> = Vec::new();
    for r in results {
        match r {
            FileResult::Checked {
                source,
                diagnostics,
            } => {
                let path = report_path(&source.path);
                for f in findings(source, diagnostics) {
                    let d = f.diagnostic;
                    issues.push(json!({
                        "description": format!("{} {}: {}", d.code, d.name, d.message),
                        "check_name": d.code,
                        "fingerprint": f.fingerprint,
                        "severity": severity(d.severity),
                        "location": {
                            "path": path,
                            "lines": { "begin": f.start.line, "end": f.end.line },
                        },
                    }));
                }
            }
            FileResult::Failed { path, error } => {
                let path = report_path(Path::new(path));
                issues.push(json!({
                    "description": format!("{path}: not checked ({error})"),
                    "check_name": "input-error",
                    "fingerprint": fingerprint("input-error", &path, "", 0),
                    "severity": "critical",
                    "location": { "path": path, "lines": { "begin": 1, "end": 1 } },
                }));
            }
        }
    }
    let mut s = serde_json::to_string_pretty(&issues).expect("JSON values always serialise");
    s.push('\n');
    s
}
