use crate::change::{policy_date, role_name};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Under `redline check --base REV`: when the policy changed materially since its
    /// version at `REV` (the verdict of `redline diff`: a new data category, purpose or
    /// recipient, a longer retention period, a right or required section removed, a contact
    /// changed), its "last updated" or effective date must be later than the old version's.
    /// A file that did not exist at `REV` is not checked.
    ///
    /// ## Why it matters
    /// Readers, and regulators, tell versions apart by their date. The CCPA regulations
    /// require the date the privacy policy was last updated (11 CCR §7011(e)(4)) and
    /// CalOPPA its effective date (Cal. Bus. & Prof. Code §22575(b)(4)); a material change
    /// published under the old date misstates when the terms changed. GDPR Art. 13(3) and
    /// 14(4) require information before data is processed for a new purpose, and the
    /// transparency guidelines (WP260 rev.01, ¶29–33) expect changes to be communicated so
    /// that people notice them — an unchanged date hides the change.
    ///
    /// ## Example
    /// `main` has `Last updated: 2026-01-15`; the branch adds "We also collect your precise
    /// geolocation." and keeps the date: `redline check --base main` reports the new data
    /// category and points at the date line.
    ///
    /// ## How to fix
    /// Set the "Last updated" (or "Effective") date to the date this version is published.
    /// If the change is not material after all, say so in review; the verdict comes from
    /// `redline diff`, which explains it.
    pub struct MaterialChangeWithoutDateBump {
        code: "P001",
        name: "material-change-without-date-bump",
        family: PolicyChange,
        severity: Error,
        summary: "A material change since the base revision leaves the policy date unchanged",
    }
}

impl Rule for MaterialChangeWithoutDateBump {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let Some(change) = ctx.change else {
            return Vec::new();
        };
        if !change.is_material() {
            return Vec::new();
        }
        let (old, new) = (policy_date(&change.old), policy_date(ctx.doc));
        let rev = &change.rev;
        let reasons = change.reasons_text();
        let (message, label) = match (old, new) {
            (Some(o), Some(n)) if n.date > o.date => return Vec::new(),
            // A date where there was none: the new version is dated.
            (None, Some(_)) => return Vec::new(),
            (Some(o), Some(n)) if n.date == o.date => (
                format!(
                    "Material change since {rev} ({reasons}), but the policy's {} is still {}",
                    role_name(n.role),
                    n.date
                ),
                format!("still {}, as at {rev}", n.date),
            ),
            (Some(o), Some(n)) => (
                format!(
                    "Material change since {rev} ({reasons}), but the policy's {} went back from {} to {}",
                    role_name(n.role),
                    o.date,
                    n.date
                ),
                format!("earlier than {} at {rev}", o.date),
            ),
            (Some(o), None) => (
                format!(
                    "Material change since {rev} ({reasons}), and the policy no longer states its date ({} at {rev})",
                    o.date
                ),
                "material change, and no date says when it was made".to_string(),
            ),
            (None, None) => (
                format!(
                    "Material change since {rev} ({reasons}), but the policy states no \"last updated\" or effective date"
                ),
                "material change, and no date says when it was made".to_string(),
            ),
        };
        let span = super::anchor(ctx, change);
        let d = Self::META
            .diagnostic(message, span)
            .with_label(span, label)
            .with_help(
                "set the \"Last updated\" (or \"Effective\") date to the date this version is published (11 CCR §7011(e)(4); Cal. Bus. & Prof. Code §22575(b)(4))",
            );
        vec![super::label_changes(d, change)]
    }
}
