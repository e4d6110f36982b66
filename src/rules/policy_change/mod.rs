//! P: policy-change rules. They compare the checked version of a policy with its version
//! at a base revision and run only under `redline check --base REV` (the CLI reads the old
//! version from git; see [`crate::change`]). A file that did not exist at the base gets
//! none of them: there is no earlier version whose readers must be told.

/// P002 `material-change-without-changelog`.
pub mod material_change_without_changelog;
/// P001 `material-change-without-date-bump`.
pub mod material_change_without_date_bump;
/// P003 `notice-period-too-short`.
pub mod notice_period_too_short;

use crate::ast::Span;
use crate::change::Change;
use crate::diagnostic::Diagnostic;
use crate::rules::Context;

/// At most this many material changes are labelled in one finding's excerpt; the message
/// counts the rest.
pub const MAX_CHANGE_LABELS: usize = 3;

/// Where a finding about the change points: the policy's date line (the whole mention,
/// `Last updated: 2026-01-15`), else the first material change that has a place in the
/// checked version, else the document's title or first line.
pub(crate) fn anchor(ctx: &Context, change: &Change) -> Span {
    if let Some(d) = crate::change::policy_date(ctx.doc) {
        return d.mention_span;
    }
    change
        .material_changes()
        .iter()
        .find_map(|m| m.span)
        .unwrap_or_else(|| ctx.document_anchor())
}

/// Adds a label on each material change (up to [`MAX_CHANGE_LABELS`]) that is not at the
/// primary span.
pub(crate) fn label_changes(mut d: Diagnostic, change: &Change) -> Diagnostic {
    let primary = d.span;
    for m in change
        .material_changes()
        .into_iter()
        .filter(|m| m.span.is_some_and(|s| s != primary))
        .take(MAX_CHANGE_LABELS)
    {
        let span = m.span.expect("filtered on a span");
        d = d.with_label(span, format!("material change: {}", m.reason));
    }
    d
}
