//! The concise format: one line per finding, then the run's total line.
//!
//! ```text
//! policies/cgtonlinea-privacy.txt:12:1: error S001 Section 4 'Who we share ...' is listed ...
//! missing.md: not checked (no such file or directory)
//! Checked 1 file: 7 errors, 15 warnings, 0 infos; 1 could not be read
//! ```
//!
//! `path:line:column: severity CODE message`, with 1-based lines and columns counted in
//! characters: the `file:line:col:` prefix that compilers print and that editors
//! (Vim's `errorformat`, Emacs's compilation mode, VS Code's problem matchers) jump to, as
//! ruff's and oxlint's concise output. A file that could not be read gets
//! `path: not checked (reason)`, as in the human format. Line breaks inside a message are
//! turned into spaces so that every finding stays on one line.

use std::fmt::Write;

use super::FileResult;
use super::finding::{findings, report_path};

/// Renders every result, one line per finding, then the total line.
pub fn render(results: &[FileResult]) -> String {
    let mut out = String::new();
    for r in results {
        match r {
            FileResult::Checked {
                source,
                diagnostics,
            } => {
                let path = report_path(&source.path);
                for f in findings(source, diagnostics) {
                    let d = f.diagnostic;
                    let _ = writeln!(
                        out,
                        "{path}:{}:{}: {} {} {}",
                        f.start.line,
                        f.start.column,
                        d.severity,
                        d.code,
                        one_line(&d.message)
                    );
                }
            }
            FileResult::Failed { path, error } => {
                let path = report_path(std::path::Path::new(path));
                let _ = writeln!(out, "{path}: not checked ({})", one_line(error));
            }
        }
    }
    let _ = writeln!(out, "{}", super::total_line(results));
    out
}

fn one_line(s: &str) -> String {
    s.replace(['\r', '\n'], " ")
}
