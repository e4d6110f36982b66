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

use serde_json::{Value, json};

use super::{Counts, FileResult};
use crate::ast::Span;
use crate::source::Source;

/// The schema version; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

fn span_json(source: &Source, span: Span) -> Value {
    let (line, column) = source.line_col(span.start);
    json!({"start": span.start, "end": span.end, "line": line, "column": column})
}

/// One result as the object of the report's `files` array.
fn file_value(r: &FileResult) -> Value {
    match r {
        FileResult::Checked {
            source,
            diagnostics,
        } => json!({
            "path": source.name(),
            "diagnostics": diagnostics.iter().map(|d| json!({
                "code": d.code,
                "name": d.name,
                "severity": d.severity,
                "message": d.message,
                "span": span_json(source, d.span),
                "labels": d.labels.iter().map(|l| json!({
                    "span": span_json(source, l.span),
                    "message": l.message,
                })).collect::<Vec<_>>(),
                "help": d.help,
                "requirement": d.requirement,
            })).collect::<Vec<_>>(),
        }),
        FileResult::Failed { path, error } => json!({"path": path, "error": error}),
    }
}

/// Renders every result as one JSON document.
pub fn render(results: &[FileResult]) -> String {
    let files: Vec<Value> = results.iter().map(file_value).collect();
    let doc = json!({
        "version": SCHEMA_VERSION,
        "files": files,
        "summary": Counts::of(results),
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values always serialise");
    s.push('\n');
    s
}

/// `--format jsonl`: one result as one line (the object [`render`] puts in `files`),
/// newline included. JSON strings escape control characters, so the line has no other
/// newline whatever the policy contains.
pub fn line(r: &FileResult) -> String {
    let mut s = serde_json::to_string(&file_value(r)).expect("JSON values always serialise");
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
