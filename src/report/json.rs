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

/// Renders every result as one JSON document.
pub fn render(results: &[FileResult]) -> String {
    let files: Vec<Value> = results
        .iter()
        .map(|r| match r {
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
        })
        .collect();
    let doc = json!({
        "version": SCHEMA_VERSION,
        "files": files,
        "summary": Counts::of(results),
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values always serialise");
    s.push('\n');
    s
}
