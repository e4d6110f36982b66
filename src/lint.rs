//! Runs the rules over a parsed document.

use chrono::NaiveDate;

use crate::analyze::{Facts, analyze};
use crate::ast::Document;
use crate::diagnostic::Diagnostic;
use crate::parse::parse;
use crate::rules::dates::stale_policy::DEFAULT_STALE_AFTER_DAYS;
use crate::rules::{Context, registry};
use crate::source::Source;

/// Options that change what the rules report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LintOptions {
    /// The date staleness is measured against.
    pub today: NaiveDate,
    /// Days after which a policy is stale.
    pub stale_after_days: i64,
}

impl LintOptions {
    /// Defaults with the given "today".
    pub fn new(today: NaiveDate) -> Self {
        LintOptions {
            today,
            stale_after_days: DEFAULT_STALE_AFTER_DAYS,
        }
    }
}

/// The outcome of linting one source.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The parsed document.
    pub document: Document,
    /// Extracted facts.
    pub facts: Facts,
    /// Findings, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses, analyses and lints one source with every rule.
pub fn lint(source: &Source, options: &LintOptions) -> Checked {
    let document = parse(source);
    let facts = analyze(&document);
    let ctx = Context {
        doc: &document,
        facts: &facts,
        text: &source.text,
        today: options.today,
        stale_after_days: options.stale_after_days,
    };
    let mut diagnostics: Vec<Diagnostic> = registry::RULES
        .iter()
        .flat_map(|rule| rule.check(&ctx))
        .collect();
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Checked {
        document,
        facts,
        diagnostics,
    }
}
