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
//! turned into spaces so that every finding stays on one line, and control characters in
//! paths and messages are shown as stand-ins ([`super::safe`]).

use std::io::{self, Write};

use super::finding::{report_path, span_positions};
use super::{FileResult, safe};

/// Writes every result, one line per finding, then the total line (what [`render`]
/// returns), line by line: nothing but the current line is built in memory. `out` should
/// be buffered. Errors are those of `out`.
pub fn write(results: &[FileResult], out: &mut impl Write) -> io::Result<()> {
    for r in results {
        match r {
            FileResult::Checked {
                source,
                diagnostics,
            } => {
                let path = safe::path(&report_path(&source.path)).into_owned();
                for d in diagnostics {
                    let (start, _) = span_positions(source, d.span);
                    writeln!(
                        out,
                        "{path}:{}:{}: {} {} {}",
                        start.line,
                        start.column,
                        d.severity,
                        d.code,
                        one_line(&d.message)
                    )?;
                }
            }
            FileResult::Failed { path, error } => {
                let path = report_path(path);
                writeln!(
                    out,
                    "{}: not checked ({})",
                    safe::path(&path),
                    one_line(error)
                )?;
            }
        }
    }
    writeln!(out, "{}", super::total_line(results))
}

/// Renders every result, one line per finding, then the total line: [`write`] into a
/// string.
pub fn render(results: &[FileResult]) -> String {
    let mut out = Vec::new();
    write(results, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("reports are UTF-8")
}

/// `s` on one line, with control characters shown as stand-ins ([`safe::message`]).
fn one_line(s: &str) -> String {
    safe::message(s).replace(['\r', '\n'], " ")
}
