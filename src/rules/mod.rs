//! Rules: one file per rule, grouped by family; [`registry`] is the single table of codes.
//!
//! A rule reads the [`Document`], the extracted [`Facts`] and "today" from a [`Context`]
//! and returns diagnostics. It does not print, read files or look at the clock.

pub mod contact;
pub mod dates;
pub mod language;
pub mod meta;
pub mod policy_change;
pub mod references;
pub mod registry;
pub mod required;
pub mod structure;

use std::borrow::Cow;
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::analyze::Facts;
use crate::ast::{Document, Span};
use crate::diagnostic::{Diagnostic, Label, Severity};

/// Everything a rule may look at.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The parsed document.
    pub doc: &'a Document,
    /// Facts extracted from it.
    pub facts: &'a Facts,
    /// The decoded source text the spans point into.
    pub text: &'a str,
    /// The date staleness is measured against (`--today`).
    pub today: NaiveDate,
    /// Days after which a policy is stale (`--stale-after`).
    pub stale_after_days: i64,
    /// The legal profiles checked against.
    pub profiles: &'a [crate::profiles::Profile],
    /// [`Context::lower_text`], built by the first rule that reads it.
    pub(crate) lower_text: &'a OnceLock<String>,
    /// Organisation facts from the configuration.
    pub organisation: &'a crate::config::Organisation,
    /// The change against the base revision (`check --base REV`); `None` without
    /// `--base`, and for a file that did not exist at the base. Only the `P` rules read it.
    pub change: Option<&'a crate::change::Change>,
}

impl<'a> Context<'a> {
    /// The document's body text ([`Document::body_text`], no table of contents) in lower
    /// case, for phrase look-ups. Built on first use (it is the size of the document's
    /// text, and few rules read it); rules that read it are listed in
    /// [`LOWER_TEXT_RULES`], so that it can be dropped before the other rules run.
    pub fn lower_text(&self) -> &'a str {
        self.lower_text.get_or_init(|| self.doc.lower_body_text())
    }

    /// [`Context::lower_text`] in pieces ([`Document::lower_body_pieces`]), for look-ups
    /// of things without a line break (phrases, words, e-mail addresses), which occur in
    /// the text exactly when they occur in a piece. For a source under
    /// [`LOWER_TEXT_PIECE_BYTES`], or when the text is built already, `f` gets the whole
    /// text in one piece (built once and shared by the rules, as `lower_text()`); for a
    /// larger one, pieces of about that size, made afresh at each call, so that a copy of
    /// the whole text is never held. `f` may stop the pieces by returning
    /// [`ControlFlow::Break`](std::ops::ControlFlow::Break).
    pub fn lower_text_pieces(&self, mut f: impl FnMut(&str) -> std::ops::ControlFlow<()>) {
        if self.lower_text_in_pieces() {
            self.doc.lower_body_pieces(LOWER_TEXT_PIECE_BYTES, f);
        } else {
            let _ = f(self.lower_text());
        }
    }

    /// Whether [`Context::lower_text_pieces`] hands out pieces (a source of
    /// [`LOWER_TEXT_PIECE_BYTES`] or more whose lower-case text is not built) rather than
    /// the whole text.
    pub fn lower_text_in_pieces(&self) -> bool {
        self.text.len() >= LOWER_TEXT_PIECE_BYTES && self.lower_text.get().is_none()
    }

    /// Where document-level findings point: the title, else the first non-blank line.
    pub fn document_anchor(&self) -> Span {
        if let Some(t) = &self.doc.title {
            return t.span;
        }
        let start = self.text.len() - self.text.trim_start().len();
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |e| start + e);
        Span::new(start, end)
    }
}

/// Source size (bytes, 1 MiB) from which [`Context::lower_text_pieces`] hands out the
/// lower-case text in pieces of about this size rather than whole.
pub const LOWER_TEXT_PIECE_BYTES: usize = 1 << 20;

/// Codes of the rules that read [`Context::lower_text`] (whole or in pieces). They run
/// before the others, and the lower-case text is dropped before the others start, so that
/// it is not held while their findings pile up. A rule missing here still works (the text
/// is built again for it), at the cost of that memory; a test keeps the list complete.
/// (These rules read a large source's text in pieces, so the whole text is built only for
/// smaller ones, or for a look-up that could span pieces.)
pub const LOWER_TEXT_RULES: &[&str] = &["R001", "R002", "C003"];

/// A rule family (design.md, "Rules").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Family {
    /// S: structure.
    Structure,
    /// R: required content.
    Required,
    /// D: dates.
    Dates,
    /// C: contact details.
    Contact,
    /// X: references to sections and documents.
    References,
    /// L: language, names and placeholders.
    Language,
    /// M: findings about redline's own directives (unused suppressions).
    Meta,
    /// P: policy change, diff-aware (`check --base REV`).
    PolicyChange,
}

impl Family {
    /// The family's code letter.
    pub fn letter(self) -> char {
        match self {
            Family::Structure => 'S',
            Family::Required => 'R',
            Family::Dates => 'D',
            Family::Contact => 'C',
            Family::References => 'X',
            Family::Language => 'L',
            Family::Meta => 'M',
            Family::PolicyChange => 'P',
        }
    }
}

/// A rule's identity and documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RuleMeta {
    /// Stable code, e.g. `S001`.
    pub code: &'static str,
    /// Kebab-case name, e.g. `toc-entry-missing`.
    pub name: &'static str,
    /// Family.
    pub family: Family,
    /// Severity unless configured otherwise.
    pub default_severity: Severity,
    /// One line for `redline rules`.
    pub summary: &'static str,
    /// The rule's doc comment (What it checks / Why it matters / Example / How to fix).
    pub docs: &'static str,
}

impl RuleMeta {
    /// The documentation as Markdown: the doc comment with rustdoc's leading space removed
    /// from each line, ending in a newline.
    pub fn documentation(&self) -> String {
        let mut out: String = self
            .docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n");
        out = out.trim_end().to_string();
        out.push('\n');
        out
    }

    /// Starts a diagnostic of this rule with its default severity.
    pub fn diagnostic(&self, message: impl Into<String>, span: Span) -> Diagnostic {
        Diagnostic {
            code: self.code,
            name: self.name,
            severity: self.default_severity,
            message: at_size(message.into()).into_boxed_str(),
            span,
            labels: Box::default(),
            help: None,
            requirement: None,
        }
    }
}

/// `s` without spare capacity, so that boxing it does not reallocate. `format!` leaves up
/// to half of its string spare, which a finding would keep until the report is written (a
/// 100 MB file has 300,000 findings).
/// Copied rather than shrunk in place: the allocator keeps the small tail that shrinking
/// cuts off apart, for blocks of exactly its size, so shrinking saved nothing, whereas the
/// whole old block is reused by the next message.
fn at_size(s: String) -> String {
    if s.capacity() > s.len() {
        s.as_str().to_owned()
    } else {
        s
    }
}

/// Builder helpers for diagnostics.
impl Diagnostic {
    /// Adds a label.
    pub fn with_label(mut self, span: Span, message: impl Into<Cow<'static, str>>) -> Self {
        // Exactly as many labels as there are (one to three).
        let mut labels = std::mem::take(&mut self.labels).into_vec();
        labels.reserve_exact(1);
        labels.push(Label::new(span, message.into()));
        self.labels = labels.into_boxed_slice();
        self
    }

    /// Sets the help text.
    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A lint rule.
pub trait Rule: Sync {
    /// Code, name, severity and documentation.
    fn meta(&self) -> &'static RuleMeta;
    /// Runs the rule.
    fn check(&self, ctx: &Context) -> Vec<Diagnostic>;
}

/// Declares a rule struct whose doc comment becomes its runtime documentation, the way
/// oxc's `declare_oxc_lint!` does: one text serves rustdoc, `redline explain` and the
/// README's rule table.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:expr])*
        $vis:vis struct $name:ident {
            code: $code:literal,
            name: $kebab:literal,
            family: $family:ident,
            severity: $severity:ident,
            summary: $summary:literal $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Default, Clone, Copy)]
        $vis struct $name;

        impl $name {
            /// This rule's identity and documentation.
            pub const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $kebab,
                family: $crate::rules::Family::$family,
                default_severity: $crate::diagnostic::Severity::$severity,
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
}
pub(crate) use declare_rule;

#[cfg(test)]
mod tests {
    use super::*;

    /// A finding keeps no spare capacity in its formatted message and labels.
    #[test]
    fn findings_keep_no_spare_capacity() {
        let meta = &structure::duplicate_section_number::DuplicateSectionNumber::META;
        let n = "12";
        let d = meta
            .diagnostic(
                format!("Section number {n} is used twice: 'a long title' and 'another one'"),
                Span::new(0, 1),
            )
            .with_label(Span::new(0, 1), format!("second section {n}"))
            .with_label(Span::new(0, 1), "fixed")
            .with_label(
                Span::new(0, 1),
                format!("the first of the two sections numbered {n}"),
            )
            .with_label(
                Span::new(0, 1),
                "fixed text longer than fits inline in a label",
            );
        // The message and labels are boxed: no spare capacity.
        assert_eq!(
            &*d.message,
            "Section number 12 is used twice: 'a long title' and 'another one'"
        );
        assert_eq!(d.labels.len(), 4);
        // Short label messages are inline, a long formatted one is copied at its size, long
        // fixed text is not copied.
        let [short, fixed, long, long_fixed] = &*d.labels else {
            unreachable!()
        };
        assert_eq!(short.message, "second section 12");
        assert!(!short.message.is_heap_allocated());
        assert_eq!(fixed.message, "fixed");
        assert!(!fixed.message.is_heap_allocated());
        assert_eq!(long.message, "the first of the two sections numbered 12");
        assert!(long.message.is_heap_allocated());
        assert_eq!(long.message.capacity(), long.message.len());
        assert_eq!(
            long_fixed.message.as_static_str(),
            Some("fixed text longer than fits inline in a label")
        );
    }
}
