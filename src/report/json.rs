//! The JSON format (schema version 1, documented in the README).
//!
//! ```json
//! {"version": 1,
//!  "files": [{"path": "...", "diagnostics": [{"code", "name", "severity", "message",
//!             "span": {"start", "end", "line", "column"}, "labels": [...], "help"}]}],
//!  "summary": {"files", "failed_files", "errors", "warnings", "infos"}}
//! ```
//! `start`/`end` are byte offsets into the decoded text (UTF-8, no BOM, `\n` line ends);
//! `line` and `column` are 1-based, columns counted in characters. A file that could not be
//! read has `"error": "..."` and no `diagnostics`.
//!
//! `--format jsonl` (JSON Lines) writes the same `files` objects one per line, each as soon
//! as its file is checked (in input order), then `{"summary": {...}}`: a run over many
//! files never holds the whole report.

use serde::Serialize;
use serde_json::json;

use super::{Counts, FileResult};
use crate::ast::Span;
use crate::diagnostic::{RequirementRef, Severity};
use crate::source::Source;

/// The schema version; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// A span as the report writes it: byte offsets and 1-based line and column.
#[derive(Serialize)]
struct SpanOut {
    start: usize,
    end: usize,
    line: usize,
    column: usize,
}

fn span_out(source: &Source, span: Span) -> SpanOut {
    let (line, column) = source.line_col(span.start);
    SpanOut {
        start: span.start,
        end: span.end,
        line,
        column,
    }
}

#[derive(Serialize)]
struct LabelOut<'a> {
    span: SpanOut,
    message: &'a str,
}

/// One finding, fields in the report's order. Serialised straight from borrowed data
/// (no `serde_json::Value` tree, which took ten times the size of its text).
#[derive(Serialize)]
struct DiagnosticOut<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: &'a str,
    span: SpanOut,
    labels: Vec<LabelOut<'a>>,
    help: Option<&'a str>,
    requirement: Option<&'a RequirementRef>,
}

/// One object of the report's `files` array.
#[derive(Serialize)]
#[serde(untagged)]
enum FileOut<'a> {
    Checked {
        path: String,
        diagnostics: Vec<DiagnosticOut<'a>>,
    },
    Failed {
        path: &'a str,
        error: &'a str,
    },
}

/// One result as the object of the report's `files` array.
fn file_out(r: &FileResult) -> FileOut<'_> {
    match r {
        FileResult::Checked {
            source,
            diagnostics,
        } => FileOut::Checked {
            path: source.name(),
            diagnostics: diagnostics
                .iter()
                .map(|d| DiagnosticOut {
                    code: d.code,
                    name: d.name,
                    severity: d.severity,
                    message: &d.message,
                    span: span_out(source, d.span),
                    labels: d
                        .labels
                        .iter()
                        .map(|l| LabelOut {
                            span: span_out(source, l.span),
                            message: &l.message,
                        })
                        .collect(),
                    help: d.help.as_deref(),
                    requirement: d.requirement.as_deref(),
                })
                .collect(),
        },
        FileResult::Failed { path, error } => FileOut::Failed { path, error },
    }
}

/// Renders every result as one JSON document.
pub fn render(results: &[FileResult]) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        version: u32,
        files: Vec<FileOut<'a>>,
        summary: Counts,
    }
    let doc = Report {
        version: SCHEMA_VERSION,
        files: results.iter().map(file_out).collect(),
        summary: Counts::of(results),
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values always serialise");
    s.push('\n');
    s
}

/// `--format jsonl`: one result as one line (the object [`render`] puts in `files`),
/// newline included. JSON strings escape control characters, so the line has no other
/// newline whatever the policy contains.
pub fn line(r: &FileResult) -> String {
    let mut s = serde_json::to_string(&file_out(r)).expect("JSON values always serialise");
    s.push('\n');
    s
}

/// `--format jsonl`: the closing line, `{"summary": {...}}` (the counts of [`render`]).
pub fn summary_line(counts: &Counts) -> String {
    let mut s =
        serde_json::to_string(&json!({ "summary": counts })).expect("JSON values always serialise");
    s.push('\n');
    s
}

/// `--format jsonl` for results held in memory (when a baseline needs them all first):
/// the lines [`line`] and [`summary_line`] write one by one.
pub fn render_lines(results: &[FileResult]) -> String {
    let mut out: String = results.iter().map(line).collect();
    out.push_str(&summary_line(&Counts::of(results)));
    out
}
