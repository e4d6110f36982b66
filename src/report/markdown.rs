//! The Markdown format: a report for a pull-request comment or a GitHub job summary
//! (`>> $GITHUB_STEP_SUMMARY`), in GitHub Flavored Markdown (<https://github.github.com/gfm/>,
//! tables and raw HTML `<details>` blocks).
//!
//! ```markdown
//! ## redline: 7 errors, 15 warnings, 0 infos
//!
//! | Files checked | Not readable | Errors | Warnings | Infos |
//! |---:|---:|---:|---:|---:|
//! | 1 | 0 | 7 | 15 | 0 |
//!
//! ### policies/p.txt: 7 errors, 15 warnings, 0 infos
//!
//! <details>
//! <summary>22 findings in policies/p.txt</summary>
//!
//! | Line | Code | Severity | Message |
//! |---:|---|---|---|
//! | 12 | S001 `toc-entry-missing` | error | Section 4 'Who we share ...' ... |
//!
//! </details>
//! ```
//!
//! A file with more than [`COLLAPSE_AFTER`] findings has its table inside a collapsed
//! `<details>` block; shorter lists are shown open. A file that could not be read gets
//! its section with the reason. Messages quote the policy's own text, so every message,
//! path and reason is escaped (Markdown punctuation such as `|`, `` ` ``, `*`, `[` gets a
//! backslash; `<`, `>`, `&` become entities, and `"` too inside HTML): a policy cannot
//! inject markup, links or table cells into the comment. An `@name` in the policy's text
//! or a file name gets a zero-width joiner after the `@`, so posting the report does not
//! notify a GitHub user or team (`crate::report::diff::escape_markdown`).

use std::io::{self, Write};

use super::diff::{escape_html, escape_markdown};
use super::finding::{report_path, span_positions};
use super::{Counts, FileResult, summary_text};

/// Files with more findings than this get their table in a collapsed `<details>` block:
/// ten rows fit on one screen of a pull request.
pub const COLLAPSE_AFTER: usize = 10;

/// Writes every result as one Markdown document (ending in a newline: what [`render`]
/// returns), row by row: the table of a file with many findings is never built in memory.
/// `out` should be buffered. Errors are those of `out`.
pub fn write(results: &[FileResult], out: &mut impl Write) -> io::Result<()> {
    let total = Counts::of(results);
    let mut heading = summary_text(&total);
    if total.failed_files > 0 {
        heading.push_str(&format!("; {} could not be read", total.failed_files));
    }
    writeln!(out, "## redline: {heading}\n")?;
    writeln!(
        out,
        "| Files checked | Not readable | Errors | Warnings | Infos |\n|---:|---:|---:|---:|---:|"
    )?;
    writeln!(
        out,
        "| {} | {} | {} | {} | {} |",
        total.files, total.failed_files, total.errors, total.warnings, total.infos
    )?;
    for r in results {
        out.write_all(b"\n")?;
        match r {
            FileResult::Checked {
                source,
                diagnostics,
            } => {
                let path = report_path(&source.path);
                let mut c = Counts::default();
                c.add(diagnostics);
                writeln!(
                    out,
                    "### {}: {}\n",
                    escape_markdown(&path),
                    summary_text(&c)
                )?;
                if diagnostics.is_empty() {
                    out.write_all(b"No findings.\n")?;
                    continue;
                }
                let collapse = diagnostics.len() > COLLAPSE_AFTER;
                if collapse {
                    writeln!(
                        out,
                        "<details>\n<summary>{} findings in {}</summary>\n",
                        diagnostics.len(),
                        escape_html(&path)
                    )?;
                }
                out.write_all(b"| Line | Code | Severity | Message |\n|---:|---|---|---|\n")?;
                for d in diagnostics {
                    let (start, _) = span_positions(source, d.span);
                    writeln!(
                        out,
                        "| {} | {} `{}` | {} | {} |",
                        start.line,
                        d.code,
                        d.name,
                        d.severity,
                        escape_markdown(&d.message)
                    )?;
                }
                if collapse {
                    out.write_all(b"\n</details>\n")?;
                }
            }
            FileResult::Failed { path, error } => {
                let path = report_path(path);
                writeln!(
                    out,
                    "### {}: not checked\n\n{}",
                    escape_markdown(&path),
                    escape_markdown(error)
                )?;
            }
        }
    }
    Ok(())
}

/// Renders every result as one Markdown document (ending in a newline): [`write`] into a
/// string.
pub fn render(results: &[FileResult]) -> String {
    let mut out = Vec::new();
    write(results, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("reports are UTF-8")
}
