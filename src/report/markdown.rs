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
//! inject markup, links or table cells into the comment.

use std::fmt::Write;
use std::path::Path;

use super::diff::{escape_html, escape_markdown};
use super::finding::{findings, report_path};
use super::{Counts, FileResult, summary_text};

/// Files with more findings than this get their table in a collapsed `<details>` block:
/// ten rows fit on one screen of a pull request.
pub const COLLAPSE_AFTER: usize = 10;

/// Renders every result as one Markdown document (ending in a newline).
pub fn render(results: &[FileResult]) -> String {
    let total = Counts::of(results);
    let mut out = String::new();
    let mut heading = summary_text(&total);
    if total.failed_files > 0 {
        let _ = write!(heading, "; {} could not be read", total.failed_files);
    }
    let _ = writeln!(out, "## redline: {heading}\n");
    let _ = writeln!(
        out,
        "| Files checked | Not readable | Errors | Warnings | Infos |\n|---:|---:|---:|---:|---:|"
    );
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |",
        total.files, total.failed_files, total.errors, total.warnings, total.infos
    );
    for r in results {
        out.push('\n');
        match r {
            FileResult::Checked {
                source,
                diagnostics,
            } => {
                let path = report_path(&source.path);
                let mut c = Counts::default();
                c.add(diagnostics);
                let _ = writeln!(
                    out,
                    "### {}: {}\n",
                    escape_markdown(&path),
                    summary_text(&c)
                );
                if diagnostics.is_empty() {
                    out.push_str("No findings.\n");
                    continue;
                }
                let collapse = diagnostics.len() > COLLAPSE_AFTER;
                if collapse {
                    let _ = writeln!(
                        out,
                        "<details>\n<summary>{} findings in {}</summary>\n",
                        diagnostics.len(),
                        escape_html(&path)
                    );
                }
                out.push_str("| Line | Code | Severity | Message |\n|---:|---|---|---|\n");
                for f in findings(source, diagnostics) {
                    let d = f.diagnostic;
                    let _ = writeln!(
                        out,
                        "| {} | {} `{}` | {} | {} |",
                        f.start.line,
                        d.code,
                        d.name,
                        d.severity,
                        escape_markdown(&d.message)
                    );
                }
                if collapse {
                    out.push_str("\n</details>\n");
                }
            }
            FileResult::Failed { path, error } => {
                let path = report_path(Path::new(path));
                let _ = writeln!(
                    out,
                    "### {}: not checked\n\n{}",
                    escape_markdown(&path),
                    escape_markdown(error)
                );
            }
        }
    }
    out
}
