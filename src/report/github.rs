//! The GitHub format: one GitHub Actions workflow command per finding, which GitHub shows
//! as an annotation on the pull request's changed files and on the run, then the human
//! report without colour.
//!
//! Workflow commands are documented at
//! <https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands>:
//!
//! ```text
//! ::error file=policies/p.txt,line=12,endLine=12,col=1,endColumn=58,title=S001 toc-entry-missing::Section 4 ...
//! ::warning file=...::...
//! ::notice file=...::...
//! ```
//!
//! - `error` for errors, `warning` for warnings, `notice` for infos.
//! - `line`/`endLine` are 1-based; `col`/`endColumn` are 1-based columns in characters,
//!   `endColumn` being the column just after the span (as in SARIF), and are given only
//!   when the span is on one line (GitHub accepts columns for single-line annotations only).
//! - `title` is the rule code and name; the message is the finding's message, then its help
//!   on a second line.
//! - A file that could not be read gets `::error file=PATH,title=redline: input error::...`.
//! - Values are escaped as GitHub's own toolkit (`@actions/core`, `command.ts`) escapes
//!   them: in the message `%` → `%25`, CR → `%0D`, LF → `%0A`; in properties also
//!   `:` → `%3A` and `,` → `%2C`. Before that, control characters (ESC, BEL, C1 ...) are
//!   replaced with readable stand-ins ([`super::safe`]), in paths line breaks too: GitHub's
//!   log viewer interprets ANSI escape sequences.
//!
//! GitHub keeps only 10 error, 10 warning and 10 notice annotations per step and 50 per
//! job (`docs/problem-matchers.md` in `actions/toolkit`), so the complete human report
//! follows. It is wrapped in
//! `::stop-commands::` so that no line of policy text quoted in it can be taken for a
//! workflow command; the resume token is derived from a hash of the report, so the output
//! is deterministic yet the token cannot be written into the policy in advance.

use std::fmt::Write as _;
use std::io::{self, Write};

use sha2::{Digest, Sha256};

use super::finding::{report_path, span_positions};
use super::{FileResult, safe};
use crate::diagnostic::Severity;

/// Escapes a workflow command's message (`escapeData` in `@actions/core`), after
/// replacing control characters with readable stand-ins ([`safe::message`]): GitHub's log
/// viewer interprets ANSI escape sequences, and the annotation text quotes the policy. CR
/// stays `%0D`, as the toolkit writes it (it is encoded, so harmless).
pub fn escape_data(s: &str) -> String {
    s.split('\r')
        .map(safe::message)
        .collect::<Vec<_>>()
        .join("\r")
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command property value (`escapeProperty` in `@actions/core`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow command for a severity.
pub fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Writes the annotations, then the human report (no colour) between `stop-commands`
/// markers: what [`render`] returns, line by line. The resume token hashes the human
/// report, so that report is rendered twice (hashed, then written) rather than held in
/// memory. `out` should be buffered. Errors are those of `out`.
pub fn write(results: &[FileResult], out: &mut impl Write) -> io::Result<()> {
    let mut props = String::new();
    let mut message = String::new();
    for r in results {
        match r {
            FileResult::Checked {
                source,
                diagnostics,
            } => {
                let path = escape_property(&safe::path(&report_path(&source.path)));
                for d in diagnostics {
                    let (start, end) = span_positions(source, d.span);
                    props.clear();
                    let _ = write!(
                        props,
                        "file={path},line={},endLine={}",
                        start.line, end.line
                    );
                    if start.line == end.line {
                        let _ = write!(props, ",col={},endColumn={}", start.column, end.column);
                    }
                    let _ = write!(
                        props,
                        ",title={}",
                        escape_property(&format!("{} {}", d.code, d.name))
                    );
                    message.clear();
                    message.push_str(&d.message);
                    if let Some(h) = &d.help {
                        message.push_str("\nhelp: ");
                        message.push_str(h);
                    }
                    writeln!(
                        out,
                        "::{} {props}::{}",
                        command(d.severity),
                        escape_data(&message)
                    )?;
                }
            }
            FileResult::Failed { path, error } => {
                let path = safe::path(&report_path(path)).into_owned();
                writeln!(
                    out,
                    "::error file={},title={}::{}",
                    escape_property(&path),
                    escape_property("redline: input error"),
                    escape_data(&format!("{path}: not checked ({error})"))
                )?;
            }
        }
    }
    let mut hasher = HashWriter(Sha256::new());
    super::human::write(results, false, &mut hasher)?;
    let token: String = hasher
        .0
        .finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    writeln!(out, "::stop-commands::redline-{token}")?;
    super::human::write(results, false, out)?;
    writeln!(out, "::redline-{token}::")
}

/// Renders the annotations, then the human report (no colour) between `stop-commands`
/// markers: [`write`] into a string.
pub fn render(results: &[FileResult]) -> String {
    let mut out = Vec::new();
    write(results, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("reports are UTF-8")
}

/// A writer that hashes what is written to it.
struct HashWriter(Sha256);

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(
            escape_property("50% a\r\nb: c, d"),
            "50%25 a%0D%0Ab%3A c%2C d"
        );
        // Control characters become readable stand-ins before the toolkit's escaping.
        assert_eq!(
            escape_data("a\x1b[2Jb\x07\u{9b}c%\r\n"),
            "a␛[2Jb␇\\u{9b}c%25%0D%0A"
        );
        assert_eq!(escape_property("p\x1b:,.md"), "p␛%3A%2C.md");
    }
}
