//! Output formats. One module per format; each turns results into a `String`.

pub mod diff;
pub mod human;
pub mod json;

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
        /// The path as given.
        path: String,
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

    /// Totals over all results.
    pub fn of(results: &[FileResult]) -> Counts {
        let mut c = Counts::default();
        for r in results {
            match r {
                FileResult::Checked { diagnostics, .. } => {
                    c.files += 1;
                    c.add(diagnostics);
                }
                FileResult::Failed { .. } => c.failed_files += 1,
            }
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
