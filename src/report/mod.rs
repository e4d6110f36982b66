//! Output formats. One module per format. Each check format has `write(results, out)`,
//! which writes the report to an `io::Write` as it is serialised (the CLI writes to the
//! locked stdout: a 100 MB policy's report is never held in memory whole), and `render`,
//! the same bytes as a `String`.
//!
//! `redline check --format` picks one: [`human`] (the default, rustc-style excerpts),
//! [`json`] (redline's own schema; also as JSON Lines, `jsonl`, streamed file by file), and the formats CI systems read, named as ruff, oxlint
//! and biome name them: [`concise`] (one line per finding), [`sarif`] (SARIF 2.1.0, for
//! GitHub code scanning and other SARIF viewers), [`github`] (GitHub Actions workflow
//! commands), [`gitlab`] (GitLab Code Quality), [`junit`] (JUnit XML) and [`markdown`] (a
//! pull-request comment or job summary); [`html`] writes a self-contained page (also for
//! `redline diff`). [`finding`] holds what the CI formats share:
//! positions, report paths and stable fingerprints. Every format reports the files that
//! could not be read. The text formats pass document text and file names through [`safe`]
//! first, and the JSON formats are written by [`safe_json`] (which escapes the characters
//! serde_json leaves raw): a control character in a policy cannot drive the terminal or a
//! CI log.

pub mod concise;
pub mod diff;
pub mod finding;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod safe;
pub mod safe_json;
pub mod sarif;

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Source;

/// The result for one input path: either a checked source or the error that stopped it.
#[derive(Debug)]
pub enum FileResult {
    /// The file was read and linted.
    Checked {
        /// The decoded source.
        source: Source,
        /// Findings, sorted.
        diagnostics: Vec<Diagnostic>,
    },
    /// The file could not be read or decoded.
    Failed {
        /// The path as given, with the bytes of a name that is not UTF-8 (SARIF keeps
        /// them in its URI, `%FF`; the text formats show the name as
        /// [`Path::display`] does).
        path: PathBuf,
        /// What went wrong.
        error: String,
    },
}

/// Counts by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Files checked (read and linted).
    pub files: usize,
    /// Files that could not be read.
    pub failed_files: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
    /// Info findings.
    pub infos: usize,
}

impl Counts {
    /// Adds findings.
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }

    /// Counts one result (a file checked with its findings, or a failed file).
    pub fn record(&mut self, r: &FileResult) {
        match r {
            FileResult::Checked { diagnostics, .. } => {
                self.files += 1;
                self.add(diagnostics);
            }
            FileResult::Failed { .. } => self.failed_files += 1,
        }
    }

    /// Totals over all results.
    pub fn of(results: &[FileResult]) -> Counts {
        let mut c = Counts::default();
        for r in results {
            c.record(r);
        }
        c
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// "2 errors, 1 warning, 0 infos".
pub fn summary_text(c: &Counts) -> String {
    format!(
        "{}, {}, {}",
        plural(c.errors, "error"),
        plural(c.warnings, "warning"),
        plural(c.infos, "info")
    )
}

/// The run's closing line: "Checked 1 file: 7 errors, 15 warnings, 0 infos", with
/// "; 1 could not be read" when some input failed. No newline.
pub fn total_line(results: &[FileResult]) -> String {
    let total = Counts::of(results);
    let mut out = format!(
        "Checked {}: {}",
        if total.files == 1 {
            "1 file".to_string()
        } else {
            format!("{} files", total.files)
        },
        summary_text(&total)
    );
    if total.failed_files > 0 {
        out.push_str(&format!("; {} could not be read", total.failed_files));
    }
    out
}
