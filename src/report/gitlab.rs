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

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeSeq;

use super::FileResult;
use super::finding::{fingerprint, placed, report_path};
use crate::diagnostic::Severity;

/// The Code Quality severity of a finding.
pub fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

#[derive(Serialize)]
struct LinesOut {
    begin: usize,
    end: usize,
}

#[derive(Serialize)]
struct LocationOut<'a> {
    path: &'a str,
    lines: LinesOut,
}

/// One issue, keys in the order of the module docs.
#[derive(Serialize)]
struct IssueOut<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: LocationOut<'a>,
}

/// The report's array, serialised issue by issue as it is written.
struct IssuesOut<'a>(&'a [FileResult]);

impl Serialize for IssuesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for r in self.0 {
            match r {
                FileResult::Checked {
                    source,
                    diagnostics,
                } => {
                    let path = report_path(&source.path);
                    for f in placed(source, diagnostics) {
                        let d = f.diagnostic;
                        seq.serialize_element(&IssueOut {
                            description: format!("{} {}: {}", d.code, d.name, d.message),
                            check_name: d.code,
                            fingerprint: f.fingerprint,
                            severity: severity(d.severity),
                            location: LocationOut {
                                path: &path,
                                lines: LinesOut {
                                    begin: f.start.line,
                                    end: f.end.line,
                                },
                            },
                        })?;
                    }
                }
                FileResult::Failed { path, error } => {
                    let path = report_path(path);
                    seq.serialize_element(&IssueOut {
                        description: format!("{path}: not checked ({error})"),
                        check_name: "input-error",
                        fingerprint: fingerprint("input-error", &path, "", 0),
                        severity: "critical",
                        location: LocationOut {
                            path: &path,
                            lines: LinesOut { begin: 1, end: 1 },
                        },
                    })?;
                }
            }
        }
        seq.end()
    }
}

/// Writes every result as one Code Quality JSON array (pretty-printed, ending in a
/// newline: what [`render`] returns), serialising each issue as it is written. `out`
/// should be buffered. Errors are those of `out`.
pub fn write(results: &[FileResult], out: &mut impl Write) -> io::Result<()> {
    super::safe_json::to_writer_pretty(&mut *out, &IssuesOut(results)).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// Renders every result as one Code Quality JSON array (pretty-printed, ending in a
/// newline): [`write`] into a string.
pub fn render(results: &[FileResult]) -> String {
    let mut out = Vec::new();
    write(results, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}
