//! The change under review: a policy compared with its version at a base revision, for the
//! diff-aware `P` rules of `redline check --base REV` (issue #5).
//!
//! The CLI reads the old version from git and says whether the configured changelog was
//! touched ([`BaseVersion`]); [`crate::lint::lint_against`] parses it, runs the semantic
//! diff against the checked version and hands the result to the rules as a [`Change`].
//! The rules only read it: they never call git or read files.
//!
//! Why the rules get the whole [`DiffReport`] rather than a yes/no "material": the finding
//! must name the material change ("new data category: precise geolocation") and may point
//! at it, and the same verdict must be reached as `redline diff` reaches — one diff, one
//! notion of materiality.

use std::time::Duration;

use crate::ast::{DateMention, DateRole, Document, Span};
use crate::diff::{DiffReport, Materiality};
use crate::source::Source;

/// The old version of a checked file and the facts about the change that only the caller
/// (which knows git and the configuration) can establish.
#[derive(Debug, Clone)]
pub struct BaseVersion {
    /// The base revision as given (`main`, `origin/main`, `HEAD~1`).
    pub rev: String,
    /// The file as it was at [`BaseVersion::rev`]; its path reads `REV:path`.
    pub source: Source,
    /// The configured changelog and whether it changed; `None` when no changelog is
    /// configured (P002 then reports nothing).
    pub changelog: Option<ChangelogStatus>,
    /// Days of notice a material change needs (P003); 0 turns P003 off.
    pub notice_days: i64,
    /// Time allowed for the diff.
    pub deadline: Duration,
}

/// Whether the changelog changed between the base revision and the checked version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangelogStatus {
    /// The changelog's path as shown to the user (relative to the repository root).
    pub path: String,
    /// It differs between the base revision and the working tree (or the index with
    /// `--staged`); a changelog created since the base counts as changed.
    pub touched: bool,
    /// It exists in the checked version.
    pub exists: bool,
}

/// A material change, for messages and labels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialChange {
    /// Why it is material ("new data category: precise geolocation").
    pub reason: String,
    /// Where it is in the checked version, when it has a place there (a removed section
    /// has none).
    pub span: Option<Span>,
}

/// What the `P` rules see: the old version, the diff, and the change's facts.
#[derive(Debug, Clone)]
pub struct Change {
    /// The base revision.
    pub rev: String,
    /// The old version, parsed.
    pub old: Document,
    /// The semantic diff from the old version to the checked one.
    pub report: DiffReport,
    /// The changelog's status (see [`BaseVersion::changelog`]).
    pub changelog: Option<ChangelogStatus>,
    /// Days of notice a material change needs; 0 = P003 off.
    pub notice_days: i64,
}

impl Change {
    /// Whether the diff's verdict is material.
    pub fn is_material(&self) -> bool {
        self.report.verdict == Materiality::Material
    }

    /// The material changes in document order of the checked version (changes without a
    /// place there last), each reason once: block changes first, then the fact changes
    /// and section changes whose reason no block gave.
    pub fn material_changes(&self) -> Vec<MaterialChange> {
        let mut out: Vec<MaterialChange> = Vec::new();
        let mut push = |reason: &str, span: Option<Span>| {
            if !out.iter().any(|m| m.reason == reason) {
                out.push(MaterialChange {
                    reason: reason.to_string(),
                    span,
                });
            }
        };
        let r = &self.report;
        for b in r
            .preamble
            .iter()
            .chain(r.sections.iter().flat_map(|s| s.blocks.iter()))
        {
            if b.materiality == Materiality::Material {
                push(&b.reason, b.new_span);
            }
        }
        for s in &r.sections {
            if s.materiality == Materiality::Material {
                push(&s.reason, s.new.as_ref().map(|n| n.span));
            }
        }
        for f in &r.facts {
            if f.materiality == Materiality::Material {
                push(&f.reason, f.new_span);
            }
        }
        out.sort_by_key(|m| m.span.map_or(usize::MAX, |s| s.start));
        out
    }

    /// "new data category: precise geolocation", or "... and 2 more material changes".
    pub fn reasons_text(&self) -> String {
        let all = self.material_changes();
        match all.as_slice() {
            [] => "a material change".to_string(),
            [one] => one.reason.clone(),
            [first, rest @ ..] => format!(
                "{} (and {} more material change{})",
                first.reason,
                rest.len(),
                if rest.len() == 1 { "" } else { "s" }
            ),
        }
    }
}

/// The date a version of the policy is dated by, as the diff's `date` fact reads it: the
/// newest last-updated, effective or byline date (the first written, among equals).
pub fn policy_date(doc: &Document) -> Option<&DateMention> {
    doc.metadata
        .dates
        .iter()
        .filter(|m| m.role.is_policy_date())
        .max_by_key(|m| (m.date, std::cmp::Reverse(m.span.start)))
}

/// The date a version takes effect: the newest effective date, else the newest
/// last-updated date, else none (the version takes effect when it is published).
pub fn effective_date(doc: &Document) -> Option<&DateMention> {
    [DateRole::Effective, DateRole::LastUpdated]
        .into_iter()
        .find_map(|role| {
            doc.metadata
                .dates
                .iter()
                .filter(|m| m.role == role)
                .max_by_key(|m| (m.date, std::cmp::Reverse(m.span.start)))
        })
}

/// How a date's role reads in a message: "last-updated date", "effective date" ...
pub fn role_name(role: DateRole) -> &'static str {
    match role {
        DateRole::LastUpdated => "last-updated date",
        DateRole::Effective => "effective date",
        DateRole::Byline => "byline date",
        DateRole::Other => "date",
    }
}
