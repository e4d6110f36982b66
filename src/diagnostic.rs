//! The project's own diagnostic type. Rules produce it; reports render it. Only
//! `report::human` knows about miette (as oxc does), so changing the renderer touches
//! one file.

use std::borrow::Cow;

use serde::Serialize;

use crate::ast::Span;
use compact_str::CompactString;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; never fails a build unless `--fail-on info`.
    Info,
    /// Probably wrong or incomplete.
    Warning,
    /// Wrong: a law's requirement is not met or the document contradicts itself.
    Error,
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A secondary location with a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there: most labels are fixed text, which is not copied, and most others
    /// are short (`second section 4`), held inline (up to 24 bytes). A 100 MB file has
    /// 340,000 labels. See [`Label::new`].
    pub message: CompactString,
}

impl Label {
    /// A label at `span`. Fixed text (`Cow::Borrowed`) is referred to, not copied, when it
    /// is longer than fits inline; formatted text is copied inline or, when longer than 24
    /// bytes, to a block of its size (a `format!` string may have spare capacity, which
    /// `CompactString::from(String)` would keep).
    pub fn new(span: Span, message: Cow<'static, str>) -> Self {
        let message = match message {
            Cow::Borrowed(s) => CompactString::const_new(s),
            Cow::Owned(s) => CompactString::new(s.as_str()),
        };
        Label { span, message }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable rule code, e.g. `S001`.
    pub code: &'static str,
    /// Kebab-case rule name, e.g. `toc-entry-missing`.
    pub name: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// What is wrong, in one sentence that names the thing (section, date, address).
    /// Boxed, as are the labels: no room to grow, 16 bytes where a `String` or `Vec` takes
    /// 24 (a 100 MB file has 300,000 findings).
    pub message: Box<str>,
    /// The primary location (e.g. the whole table-of-contents line).
    pub span: Span,
    /// Labels shown in the source excerpt; the first is drawn as the primary label.
    pub labels: Box<[Label]>,
    /// What to do about it (most help is fixed text, which is not copied).
    pub help: Option<Cow<'static, str>>,
    /// The legal requirement behind the finding, when it comes from a profile (boxed: few
    /// findings have one, and every finding would otherwise carry its size).
    pub requirement: Option<Box<RequirementRef>>,
}

/// The profile requirement a finding enforces: its ID and legal citation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementRef {
    /// Requirement ID, e.g. `GDPR-13-2-a`.
    pub id: String,
    /// Legal citation, e.g. `Art. 13(2)(a), 14(2)(a) GDPR`.
    pub citation: String,
    /// The profile it comes from, e.g. `gdpr`.
    pub profile: String,
}

impl Diagnostic {
    /// Sort key: position, then code (files are ordered by the caller).
    pub fn sort_key(&self) -> (usize, &'static str, usize) {
        (self.span.start, self.code, self.span.end)
    }
}
