//! `redline check --format html`: a summary (files, errors, warnings, infos, and the files
//! that could not be read with their error), then per file its findings grouped by
//! severity. Each finding (`<article class="finding">`, one per diagnostic, in report
//! order within its severity) shows its message, position, a source excerpt of a few lines
//! with line numbers and the flagged span in `<mark>`, the labels, the help, the profile
//! requirement (ID and citation) when there is one, and the rule's explanation: the
//! *What it checks* paragraph of its documentation (`redline explain CODE` prints all of
//! it).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};

use maud::{Markup, PreEscaped, html};

use super::{inert, inline_code, page, path_text, plural};
use crate::ast::Span;
use crate::diagnostic::{Diagnostic, Severity};
use crate::report::finding::{Position, report_path, span_positions};
use crate::report::human::{EXCERPT_CONTEXT, LONG_LINE};
use crate::report::{Counts, FileResult, summary_text};
use crate::rules::registry;
use crate::source::Source;

/// Lines of context shown before and after the flagged lines.
pub const CONTEXT_LINES: usize = 2;

/// At most this many flagged lines are shown; a longer span (a whole section) is cut after
/// them with a note, since the excerpt is there to locate the finding, not to reprint the
/// document.
pub const MAX_FLAGGED_LINES: usize = 8;

/// Where a page or section rendered by maud is cut in two, to write the parts that grow
/// with the findings between them. A comment: escaped text cannot contain it, and the
/// style sheet does not.
const SPLIT: &str = "<!--redline:split-->";

/// Writes `markup` (which holds [`SPLIT`] once) up to the split; returns the rest.
fn write_until_split(markup: Markup, out: &mut impl Write) -> io::Result<String> {
    let s = markup.into_string();
    let (before, after) = s
        .split_once(SPLIT)
        .expect("the markup holds the split marker");
    out.write_all(inert(before).as_bytes())?;
    Ok(inert(after).into_owned())
}

/// Renders every result as one HTML page: [`write`] into a string.
pub fn render(results: &[FileResult]) -> String {
    let mut out = Vec::new();
    write(results, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("maud writes UTF-8")
}

/// Writes every result as one HTML page (what [`render`] returns), finding by finding:
/// the page's head and summary, and each file's and group's opening, are rendered whole;
/// the findings are rendered and written one at a time. `out` should be buffered. Errors
/// are those of `out`.
pub fn write(results: &[FileResult], out: &mut impl Write) -> io::Result<()> {
    let total = Counts::of(results);
    let mut explanations: HashMap<&'static str, Option<Explanation>> = HashMap::new();
    let failed: Vec<(String, &str)> = results
        .iter()
        .filter_map(|r| match r {
            FileResult::Failed { path, error } => {
                Some((path_text(&report_path(path)), error.as_str()))
            }
            FileResult::Checked { .. } => None,
        })
        .collect();
    let mut headline = summary_text(&total);
    if total.failed_files > 0 {
        headline.push_str(&format!("; {} could not be read", total.failed_files));
    }
    let body = html! {
        header {
            h1 { "Policy check" }
            p.verdict {
                @if total.errors > 0 || total.failed_files > 0 {
                    span.badge.error { "Failed" } " "
                } @else if total.warnings > 0 {
                    span.badge.warning { "Warnings" } " "
                } @else {
                    span.badge.editorial { "Passed" } " "
                }
                (plural(total.files, "file")) " checked: " (headline)
            }
        }
        main {
            section aria-labelledby="summary" {
                h2 #summary { "Summary" }
                table.counts {
                    thead {
                        tr {
                            th scope="col" { "Files checked" }
                            th scope="col" { "Not readable" }
                            th scope="col" { "Errors" }
                            th scope="col" { "Warnings" }
                            th scope="col" { "Infos" }
                        }
                    }
                    tbody {
                        tr {
                            td.num { (total.files) }
                            td.num { (total.failed_files) }
                            td.num { (total.errors) }
                            td.num { (total.warnings) }
                            td.num { (total.infos) }
                        }
                    }
                }
                @if !failed.is_empty() {
                    h3 { "Files that could not be read" }
                    ul.files {
                        @for (path, error) in &failed {
                            li { span.path { (path) } ": " (error) }
                        }
                    }
                }
            }
            @if results.len() > 1 {
                nav aria-labelledby="files" {
                    h2 #files { "Files" }
                    ul.files {
                        @for (n, r) in results.iter().enumerate() {
                            li {
                                a href=(format!("#file-{}", n + 1)) { span.path { (result_path(r)) } }
                                " — " (file_summary(r))
                            }
                        }
                    }
                }
            }
            (PreEscaped(SPLIT))
        }
    };
    let title = format!("redline check: {headline}");
    let page = page(&title, body);
    let (before, after) = page
        .split_once(SPLIT)
        .expect("the page holds the split marker");
    out.write_all(before.as_bytes())?;
    for (n, r) in results.iter().enumerate() {
        write_file(n + 1, r, &mut explanations, out)?;
    }
    out.write_all(after.as_bytes())
}

/// The file's name as the page shows it ([`report_path`], then [`path_text`]).
fn result_path(r: &FileResult) -> String {
    path_text(&match r {
        FileResult::Checked { source, .. } => report_path(&source.path),
        FileResult::Failed { path, .. } => report_path(path),
    })
}

fn file_summary(r: &FileResult) -> String {
    match r {
        FileResult::Checked { diagnostics, .. } => {
            let mut c = Counts::default();
            c.add(diagnostics);
            summary_text(&c)
        }
        FileResult::Failed { .. } => "could not be read".to_string(),
    }
}

/// Writes one file's section, finding by finding.
fn write_file(
    n: usize,
    r: &FileResult,
    explanations: &mut HashMap<&'static str, Option<Explanation>>,
    out: &mut impl Write,
) -> io::Result<()> {
    let id = format!("file-{n}");
    let path = result_path(r);
    match r {
        FileResult::Failed { error, .. } => {
            let section = html! {
                section aria-labelledby=(id) {
                    h2 #(id) { span.path { (path) } }
                    p.failed { strong { "Not checked: " } (error) }
                }
            };
            out.write_all(inert(&section.into_string()).as_bytes())
        }
        FileResult::Checked {
            source,
            diagnostics,
        } => {
            let section_end = write_until_split(
                html! {
                    section aria-labelledby=(id) {
                        h2 #(id) { span.path { (path) } }
                        p { (file_summary(r)) }
                        @if diagnostics.is_empty() {
                            p { "No findings." }
                        }
                        (PreEscaped(SPLIT))
                    }
                },
                out,
            )?;
            // Groups by severity, non-empty only; findings numbered in report order.
            for (sev, name) in [
                (Severity::Error, "Errors"),
                (Severity::Warning, "Warnings"),
                (Severity::Info, "Infos"),
            ] {
                let count = diagnostics.iter().filter(|d| d.severity == sev).count();
                if count == 0 {
                    continue;
                }
                let group_end = write_until_split(
                    html! {
                        section aria-labelledby=(format!("{id}-{sev}")) {
                            h3 #(format!("{id}-{sev}")) { (name) " (" (count) ")" }
                            (PreEscaped(SPLIT))
                        }
                    },
                    out,
                )?;
                for (k, d) in diagnostics.iter().enumerate() {
                    if d.severity != sev {
                        continue;
                    }
                    let (start, _) = span_positions(source, d.span);
                    let markup =
                        finding(&format!("{id}-d{}", k + 1), source, d, start, explanations);
                    out.write_all(inert(&markup.into_string()).as_bytes())?;
                }
                out.write_all(group_end.as_bytes())?;
            }
            out.write_all(section_end.as_bytes())
        }
    }
}

fn finding(
    id: &str,
    source: &Source,
    d: &Diagnostic,
    start: Position,
    explanations: &mut HashMap<&'static str, Option<Explanation>>,
) -> Markup {
    let explanation = explanations
        .entry(d.code)
        .or_insert_with(|| registry::find(d.code).and_then(|r| explanation(r.meta().docs)))
        .clone();
    let labels: Vec<(usize, usize, &str)> = d
        .labels
        .iter()
        .map(|l| {
            let (line, col) = source.line_col(l.span.start);
            (line, col, l.message.as_ref())
        })
        .collect();
    html! {
        article.finding.(d.severity) id=(id) aria-labelledby=(format!("{id}-h")) {
            h4 #(format!("{id}-h")) {
                span.badge.(d.severity) { (d.severity) } " "
                (d.code) " " code { (d.name) }
            }
            p.message { (inline_code(&d.message)) }
            p.where {
                "Line " (start.line) ", column " (start.column)
            }
            (excerpt(source, d.span))
            dl {
                @for (line, col, message) in &labels {
                    dt { "Line " (line) ":" (col) }
                    dd { (message) }
                }
                @if let Some(help) = &d.help {
                    dt { "How to fix" }
                    dd { (inline_code(help)) }
                }
                @if let Some(req) = &d.requirement {
                    dt { "Requirement" }
                    dd { code { (req.id) } " — " (req.citation) " (profile " (req.profile) ")" }
                }
                @if let Some(e) = &explanation {
                    dt { "About " (d.code) }
                    dd.about {
                        (inline_code(&e.text))
                        @if !e.items.is_empty() {
                            ul { @for i in &e.items { li { (inline_code(i)) } } }
                        }
                        " (" code { "redline explain " (d.code) } ")"
                    }
                }
            }
        }
    }
}

/// One line of an excerpt: number, whether flagged, and its text before, inside and after
/// the mark.
type ExcerptLine<'a> = (usize, bool, Cow<'a, str>, Cow<'a, str>, Cow<'a, str>);

/// The source lines around a span, with line numbers; the span's text is in `<mark>` (an
/// empty span marks its whole line).
fn excerpt(source: &Source, span: Span) -> Markup {
    let first = source.line_col(span.start).0;
    let last_flagged = source
        .line_col(span.end.max(span.start + 1) - 1)
        .0
        .max(first);
    let shown_last = last_flagged.min(first + MAX_FLAGGED_LINES - 1);
    let from = first.saturating_sub(CONTEXT_LINES).max(1);
    let to = if shown_last < last_flagged {
        shown_last
    } else {
        (last_flagged + CONTEXT_LINES).min(source.lines.line_count())
    };
    // The final "line" after a trailing newline is empty: leave it out.
    let to = if to > from
        && source
            .lines
            .line_span(to)
            .is_some_and(|(s, e)| s == e && e == source.text.len())
    {
        to - 1
    } else {
        to
    };
    let (mark_start, mark_end) = if span.start >= span.end {
        source
            .lines
            .line_span(first)
            .unwrap_or((span.start, span.start))
    } else {
        (span.start, span.end)
    };
    let lines: Vec<ExcerptLine> = (from..=to)
        .filter_map(|n| {
            let (s, e) = source.lines.line_span(n)?;
            let text = source.text.get(s..e)?;
            let cut = |mut x: usize| {
                while !source.text.is_char_boundary(x) {
                    x -= 1;
                }
                x
            };
            let a = cut(mark_start.clamp(s, e));
            let b = cut(mark_end.clamp(s, e)).max(a);
            let (before, marked, after) = (&source.text[s..a], &source.text[a..b], &text[b - s..]);
            let flagged = (first..=last_flagged).contains(&n);
            // A long line (minified HTML, a policy on one line) is shown around the span only,
            // as in the human format: the whole line for every finding on it made a 183 KB
            // one-line page a 1.5 GB report.
            if e - s > LONG_LINE {
                return Some((
                    n,
                    flagged,
                    keep_end(before),
                    keep_ends(marked),
                    keep_start(after),
                ));
            }
            Some((n, flagged, before.into(), marked.into(), after.into()))
        })
        .collect();
    let hidden = last_flagged - shown_last;
    html! {
        div.excerpt role="group" aria-label=(format!("Source, lines {from} to {to}")) {
            @for (n, flagged, before, marked, after) in &lines {
                div.line.flagged[*flagged] {
                    span.ln aria-hidden="true" { (n) }
                    span.src {
                        (before.as_ref())
                        @if !marked.is_empty() { mark { (marked.as_ref()) } }
                        (after.as_ref())
                    }
                }
            }
            @if hidden > 0 {
                div.line {
                    span.ln aria-hidden="true" { "…" }
                    span.src { "(" (plural(hidden, "more flagged line")) " not shown)" }
                }
            }
        }
    }
}

/// Where the first [`EXCERPT_CONTEXT`] bytes of `s` end, at a character boundary.
fn head_end(s: &str) -> usize {
    let mut at = EXCERPT_CONTEXT.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Where the last [`EXCERPT_CONTEXT`] bytes of `s` start, at a character boundary.
fn tail_start(s: &str) -> usize {
    let mut at = s.len().saturating_sub(EXCERPT_CONTEXT);
    while !s.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The last [`EXCERPT_CONTEXT`] bytes of `s`, after `…` when cut.
fn keep_end(s: &str) -> Cow<'_, str> {
    match tail_start(s) {
        0 => s.into(),
        at => format!("…{}", &s[at..]).into(),
    }
}

/// The first [`EXCERPT_CONTEXT`] bytes of `s`, before `…` when cut.
fn keep_start(s: &str) -> Cow<'_, str> {
    match head_end(s) {
        at if at == s.len() => s.into(),
        at => format!("{}…", &s[..at]).into(),
    }
}

/// `s`, or when longer than twice [`EXCERPT_CONTEXT`] bytes its start and end around `…`.
fn keep_ends(s: &str) -> Cow<'_, str> {
    if s.len() <= 2 * EXCERPT_CONTEXT {
        return s.into();
    }
    format!("{}…{}", &s[..head_end(s)], &s[tail_start(s)..]).into()
}

/// A rule's explanation: the first paragraph of *What it checks*, and the list that may
/// follow it in the same paragraph ("- impossible dates: ...").
#[derive(Debug, Clone, PartialEq, Eq)]
struct Explanation {
    text: String,
    items: Vec<String>,
}

/// Splits the first paragraph into its running text and its `- ` list items.
fn explanation(docs: &str) -> Option<Explanation> {
    let para = first_paragraph(docs)?;
    let mut parts = para.split("\n- ");
    let text = parts.next().unwrap_or("").replace('\n', " ");
    let items = parts.map(|i| i.replace('\n', " ")).collect();
    Some(Explanation { text, items })
}

/// The first paragraph under "What it checks" in a rule's documentation (or the first
/// paragraph of all), lines trimmed and joined with `\n`.
fn first_paragraph(docs: &str) -> Option<String> {
    let lines: Vec<&str> = docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
        .collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start_matches('#').trim() == "What it checks")
        .map_or(0, |k| k + 1);
    let para: Vec<&str> = lines[start..]
        .iter()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.trim())
        .collect();
    (!para.is_empty()).then(|| para.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Format;

    #[test]
    fn explanation_is_the_what_it_checks_paragraph() {
        let docs =
            " ## What it checks\n Every entry must\n resolve.\n\n ## Why it matters\n Because.\n";
        assert_eq!(
            explanation(docs),
            Some(Explanation {
                text: "Every entry must resolve.".into(),
                items: vec![]
            })
        );
        let listed = "## What it checks\nDates must exist:\n- impossible dates: `2023-02-30`,\n  `31/13/2022`;\n- placeholders.\n";
        assert_eq!(
            explanation(listed),
            Some(Explanation {
                text: "Dates must exist:".into(),
                items: vec![
                    "impossible dates: `2023-02-30`, `31/13/2022`;".into(),
                    "placeholders.".into()
                ]
            })
        );
        for m in registry::all() {
            let p = first_paragraph(m.docs).expect("every rule has a first paragraph");
            assert!(!p.contains("What it checks") && !p.starts_with('#'), "{p}");
        }
    }

    #[test]
    fn excerpt_marks_the_span_and_escapes() {
        let src = Source::from_text(
            "p.txt",
            "one\ntwo <b>\nthree x@y\nfour\nfive\nsix\n",
            Format::Text,
        );
        let at = src.text.find("x@y").unwrap();
        let html = excerpt(&src, Span::new(at, at + 3)).into_string();
        assert!(html.contains("<mark>x@y</mark>"), "{html}");
        assert!(html.contains("two &lt;b&gt;"), "{html}");
        // Lines 1 to 5: two lines of context on each side of line 3.
        assert!(html.contains("lines 1 to 5"), "{html}");
        assert!(!html.contains(">six<"), "{html}");
        // An empty span marks its line.
        let html = excerpt(&src, Span::new(at, at)).into_string();
        assert!(html.contains("<mark>three x@y</mark>"), "{html}");
    }
}
