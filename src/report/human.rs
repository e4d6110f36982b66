//! The human format: one miette report per finding with the source excerpt, then a
//! summary line per file and a total. The only module that knows about miette.
//!
//! Document text never reaches the terminal as control sequences: excerpts are cut from the
//! text after [`safe::excerpt`] (same byte length, so miette's label columns stay right),
//! messages, labels and help go through [`safe::message`], file names through
//! [`safe::path`]. miette's own colour codes are added afterwards and are unaffected.

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::{Counts, FileResult, safe, summary_text};
use crate::diagnostic::{Diagnostic, Severity};

/// Terminal width used for wrapping. Fixed so that output (and snapshots) do not depend on
/// the terminal.
pub const WIDTH: usize = 110;

/// Longest line (bytes) that an excerpt shows whole. An excerpt on a longer line shows the
/// span and [`EXCERPT_CONTEXT`] bytes either side only: miette pads a label to its column
/// with a formatting width, which Rust limits to 65,535 (a finding far into a one-line
/// file panicked), and a 10 MB line would otherwise be printed for every finding on it.
pub const LONG_LINE: usize = 16 * 1024;

/// Bytes of context either side of a span on a line longer than [`LONG_LINE`].
pub const EXCERPT_CONTEXT: usize = 120;

/// Farthest (bytes) that a secondary label on the primary label's line may start from it
/// and still be drawn: labels on one long line are drawn in one excerpt, at their distance
/// from its start, which must stay under the 65,535 limit above. (JSON and the other
/// formats list every label.)
pub const MAX_LABEL_DISTANCE: usize = 16 * 1024;

/// Source text with a file name, borrowed (miette's `NamedSource` would need a copy per
/// finding).
///
/// miette's own `read_span` for `str` scans from the start of the text to find line
/// numbers, which makes a report of N findings on a large file cost O(N × size). This
/// implementation uses our line index to cut out the few lines around the span first and
/// lets miette work on that slice, shifting offsets and line numbers back: same output,
/// constant work per finding.
///
/// `text` is the document text passed through [`safe::excerpt`] (control characters
/// replaced byte for byte), so that the excerpt cannot drive the terminal, and offsets,
/// lines and the index still match the document's.
struct Named<'a> {
    name: &'a str,
    text: &'a str,
    lines: &'a crate::source::LineIndex,
}

impl SourceCode for Named<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        read_span(self.name, self.text, self.lines, span, before, after)
    }
}

/// A configuration file's text, owned, for its error report; `text` has been through
/// [`safe::excerpt`] as in [`Named`].
struct OwnedSource {
    name: String,
    text: String,
    lines: crate::source::LineIndex,
}

impl SourceCode for OwnedSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        read_span(&self.name, &self.text, &self.lines, span, before, after)
    }
}

/// The excerpt miette shows for `span` with `before` and `after` lines of context (see
/// [`Named`], [`LONG_LINE`]).
fn read_span<'a>(
    name: &str,
    text: &'a str,
    lines: &crate::source::LineIndex,
    span: &SourceSpan,
    before: usize,
    after: usize,
) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
    let start = span.offset().min(text.len());
    let end = (span.offset() + span.len()).min(text.len());
    let first_line = lines.line_col(text, start).0; // 1-based
    let last_line = lines.line_col(text, end.saturating_sub(1).max(start)).0;
    let from_line = first_line.saturating_sub(before).max(1);
    let to_line = (last_line + after + 1).min(lines.line_count());
    let slice_start = lines.line_span(from_line).map_or(0, |(s, _)| s);
    let slice_end = lines
        .line_span(to_line)
        .map_or(text.len(), |(_, e)| (e + 1).min(text.len()));
    let slice = &text[slice_start..slice_end];
    // An excerpt on an overlong line shows only the span and some text either side of it.
    // Line lengths come from the index: scanning the slice would cost the whole long line
    // for every finding on it.
    let long = (from_line..=to_line).any(|n| {
        lines
            .line_span(n)
            .is_some_and(|(s, e)| e.saturating_sub(s) > LONG_LINE)
    });
    if long && before == 0 && after == 0 {
        // The header's line and column (miette counts the column in bytes).
        let line_start = lines.line_span(first_line).map_or(0, |(s, _)| s);
        let data = &text[start..end];
        return Ok(Box::new(MietteSpanContents::new_named(
            name.to_string(),
            data.as_bytes(),
            SourceSpan::new(start.into(), end - start),
            first_line - 1,
            start - line_start,
            data.matches('\n').count(),
        )));
    }
    if long {
        let mut from = start.saturating_sub(EXCERPT_CONTEXT).max(slice_start);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = (end + EXCERPT_CONTEXT).min(slice_end);
        while !text.is_char_boundary(to) {
            to += 1;
        }
        let data = &text[from..to];
        return Ok(Box::new(MietteSpanContents::new_named(
            name.to_string(),
            data.as_bytes(),
            SourceSpan::new(from.into(), to - from),
            lines.line_col(text, from).0 - 1,
            0,
            data.matches('\n').count(),
        )));
    }
    let local = SourceSpan::new((start - slice_start).into(), end - start);
    let c = slice.read_span(&local, before, after)?;
    let shift = from_line - 1;
    Ok(Box::new(MietteSpanContents::new_named(
        name.to_string(),
        c.data(),
        SourceSpan::new((c.span().offset() + slice_start).into(), c.span().len()),
        c.line() + shift,
        c.column(),
        // A count, not a line number: not shifted. (Shifting it made miette think the
        // contexts of far-apart labels overlap and render everything between them.)
        c.line_count(),
    )))
}

struct Rendered<'a> {
    d: &'a Diagnostic,
    src: Named<'a>,
}

impl std::fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&safe::message(&self.d.message))
    }
}

impl std::fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&safe::message(&self.d.message))
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(format!("{}({})", self.d.code, self.d.name)))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        let requirement = self.d.requirement.as_ref().map(|r| {
            format!(
                "requirement {} ({}), profile {}",
                r.id, r.citation, r.profile
            )
        });
        let help = self.d.help.as_deref().map(safe::message);
        match (help, requirement) {
            (Some(h), Some(r)) => Some(Box::new(format!("{h}\n{r}"))),
            (Some(h), None) => Some(Box::new(h.into_owned())),
            (None, Some(r)) => Some(Box::new(r)),
            (None, None) => None,
        }
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let primary = self
            .d
            .labels
            .first()
            .map_or(self.d.span.start, |l| l.span.start);
        let line = |offset: usize| self.src.lines.line_col(self.src.text, offset).0;
        let near = |offset: usize| {
            offset.abs_diff(primary) <= MAX_LABEL_DISTANCE || line(offset) != line(primary)
        };
        let mut labels: Vec<LabeledSpan> = self
            .d
            .labels
            .iter()
            .enumerate()
            .filter(|(k, l)| *k == 0 || near(l.span.start))
            .map(|(k, l)| {
                let span = (l.span.start, l.span.len());
                let message = safe::message(&l.message).into_owned();
                if k == 0 {
                    LabeledSpan::new_primary_with_span(Some(message), span)
                } else {
                    LabeledSpan::new_with_span(Some(message), span)
                }
            })
            .collect();
        if labels.is_empty() {
            labels.push(LabeledSpan::new_primary_with_span(
                None,
                (self.d.span.start, self.d.span.len()),
            ));
        }
        Some(Box::new(labels.into_iter()))
    }
}

/// Renders a configuration error with an excerpt of the file and a label at the problem.
pub fn render_config_error(e: &crate::config::ConfigError, color: bool) -> String {
    let mut report = miette::MietteDiagnostic::new(format!(
        "invalid configuration {}: {}",
        safe::path(&e.place()),
        safe::message(&e.message)
    ))
    .with_code("redline::config")
    .with_help("fix the configuration file; `redline init` writes a commented example");
    if let Some(span) = &e.span {
        report = report.with_label(LabeledSpan::at(
            span.clone(),
            safe::message(&e.message).into_owned(),
        ));
    }
    let report = miette::Report::new(report).with_source_code(OwnedSource {
        name: safe::path(&e.path).into_owned(),
        lines: crate::source::LineIndex::new(&e.text),
        text: safe::excerpt(&e.text).into_owned(),
    });
    let mut out = String::new();
    let _ = handler(color).render_report(&mut out, report.as_ref());
    out
}

/// Renders one input error (unreadable, not UTF-8 ...) as a miette report.
pub fn render_error(path: &str, error: &str, color: bool) -> String {
    render_input_error(
        path,
        error,
        "fix or remove this file; the other files were still checked",
        color,
    )
}

/// Renders an input error with the given help text (`parse` takes one file, so "the other
/// files were still checked" would be wrong there). Control characters in the path and
/// the error are shown as stand-ins ([`safe::path`], [`safe::message`]).
pub fn render_input_error(path: &str, error: &str, help: &str, color: bool) -> String {
    let path = safe::path(path);
    let error = safe::message(error);
    let report = miette::miette!(
        code = "redline::input",
        help = help.to_string(),
        "{path}: {error}"
    );
    let mut out = String::new();
    let _ = handler(color).render_report(&mut out, report.as_ref());
    out
}

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_context_lines(1)
}

/// Renders every result: reports, a summary line per file, a total. Input errors get only
/// their summary line here; the CLI writes their full report ([`render_error`]) to stderr.
pub fn render(results: &[FileResult], color: bool) -> String {
    let mut out = Vec::new();
    let _ = write(results, color, &mut out);
    String::from_utf8(out).expect("reports are UTF-8")
}

/// [`render`], written to `out` finding by finding: the report of a file with many findings
/// is never held in memory whole (it can be several times the size of the file).
///
/// # Errors
/// The first error writing to `out`.
pub fn write(
    results: &[FileResult],
    color: bool,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let handler = handler(color);
    let mut buf = String::new();
    for r in results {
        match r {
            FileResult::Checked {
                source,
                diagnostics,
            } => {
                let name = safe::path(&source.name()).into_owned();
                // Once per file: borrowed (no copy) unless the text has control characters.
                let text = safe::excerpt(&source.text);
                for d in diagnostics {
                    let rendered = Rendered {
                        d,
                        src: Named {
                            name: &name,
                            text: &text,
                            lines: &source.lines,
                        },
                    };
                    buf.clear();
                    let _ = handler.render_report(&mut buf, &rendered);
                    buf.push('\n');
                    out.write_all(buf.as_bytes())?;
                }
                let mut c = Counts::default();
                c.add(diagnostics);
                writeln!(out, "{name}: {}", summary_text(&c))?;
            }
            FileResult::Failed { path, error } => {
                writeln!(
                    out,
                    "{}: not checked ({})",
                    safe::path(&path.display().to_string()),
                    safe::message(error)
                )?;
            }
        }
    }
    writeln!(out, "\n{}", super::total_line(results))
}
