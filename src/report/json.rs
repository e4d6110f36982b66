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

use std::io::Write;

use serde::Serialize;
use serde_json::json;

use super::{Counts, FileResult};
use crate::ast::Span;
use crate::diagnostic::{Diagnostic, RequirementRef, Severity};
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

/// One finding as the report writes it.
fn diagnostic_out<'a>(source: &Source, d: &'a Diagnostic) -> DiagnosticOut<'a> {
    DiagnosticOut {
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
    }
}

/// A file's findings, serialised one by one as the array is written: the report of a file
/// with hundreds of thousands of findings is never built in memory, in any form.
struct DiagnosticsOut<'a> {
    source: &'a Source,
    diagnostics: &'a [Diagnostic],
}

impl Serialize for DiagnosticsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.diagnostics
                .iter()
                .map(|d| diagnostic_out(self.source, d)),
        )
    }
}

/// One object of the report's `files` array.
#[derive(Serialize)]
#[serde(untagged)]
enum FileOut<'a> {
    Checked {
        path: String,
        diagnostics: DiagnosticsOut<'a>,
    },
    Failed {
        path: String,
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
            diagnostics: DiagnosticsOut {
                source,
                diagnostics,
            },
        },
        FileResult::Failed { path, error } => FileOut::Failed {
            path: path.display().to_string(),
            error,
        },
    }
}

/// The report's `files` array, serialised result by result.
struct FilesOut<'a>(&'a [FileResult]);

impl Serialize for FilesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(file_out))
    }
}

/// Writes every result as one JSON document (what [`render`] returns), serialising as it
/// writes: neither the document nor its findings are built in memory first. `out` should
/// be buffered.
pub fn write(results: &[FileResult], out: &mut impl Write) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Report<'a> {
        version: u32,
        files: FilesOut<'a>,
        summary: Counts,
    }
    let doc = Report {
        version: SCHEMA_VERSION,
        files: FilesOut(results),
        summary: Counts::of(results),
    };
    super::safe_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// Renders every result as one JSON document.
pub fn render(results: &[FileResult]) -> String {
    let mut out = Vec::new();
    write(results, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// `--format jsonl`: writes one result as one line (the object [`render`] puts in
/// `files`), newline included, serialising as it writes. JSON strings escape control
/// characters, so the line has no other newline whatever the policy contains.
pub fn write_line(r: &FileResult, out: &mut impl Write) -> std::io::Result<()> {
    super::safe_json::to_writer(&mut *out, &file_out(r)).map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// `--format jsonl`: one result as one line ([`write_line`] into a string).
pub fn line(r: &FileResult) -> String {
    let mut out = Vec::new();
    write_line(r, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// `--format jsonl`: the closing line, `{"summary": {...}}` (the counts of [`render`]).
pub fn summary_line(counts: &Counts) -> String {
    let mut s = super::safe_json::to_string(&json!({ "summary": counts }))
        .expect("JSON values always serialise");
    s.push('\n');
    s
}

/// `--format jsonl` for results held in memory (when a baseline needs them all first):
/// writes the lines of [`write_line`] and [`summary_line`] one by one.
pub fn write_lines(results: &[FileResult], out: &mut impl Write) -> std::io::Result<()> {
    for r in results {
        write_line(r, out)?;
    }
    out.write_all(summary_line(&Counts::of(results)).as_bytes())
}

/// `--format jsonl` for results held in memory, as a string ([`write_lines`]).
pub fn render_lines(results: &[FileResult]) -> String {
    let mut out = Vec::new();
    write_lines(results, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}
