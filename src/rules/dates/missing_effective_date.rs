use crate::ast::DateRole;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The policy must state when it took effect or was last updated, with a label:
    /// "Last updated: ...", "Effective date: ...", "Updated ...", "Effective as of ...".
    /// A date next to the author's name (a byline) does not count; it is still used by
    /// `stale-policy`.
    ///
    /// ## Why it matters
    /// Readers and regulators need to know which version applies. The CCPA requires the
    /// date the policy was last updated (11 CCR §7011(e)(4)); CalOPPA requires the notice's
    /// effective date (Bus. & Prof. Code §22575(b)(4)); GDPR Art. 13(3) and most laws tie
    /// duties to changes, which are meaningless without dates.
    ///
    /// ## Example
    /// `Author:StrongShop, 2022-02-10` and no "Last updated" line.
    ///
    /// ## How to fix
    /// Add a line such as `Last updated: 2026-11-30` near the top of the policy.
    pub struct MissingEffectiveDate {
        code: "D002",
        name: "missing-effective-date",
        family: Dates,
        severity: Warning,
        summary: "No \"last updated\" or \"effective\" date is stated",
    }
}

impl Rule for MissingEffectiveDate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let dates = &ctx.doc.metadata.dates;
        if dates
            .iter()
            .any(|d| matches!(d.role, DateRole::LastUpdated | DateRole::Effective))
        {
            return Vec::new();
        }
        let help = "add a line such as \"Last updated: YYYY-MM-DD\" or \"Effective date: YYYY-MM-DD\" near the top";
        let d = match dates.iter().find(|d| d.role == DateRole::Byline) {
            Some(byline) => Self::META
                .diagnostic(
                    format!(
                        "No \"last updated\" or \"effective\" date is stated; the only policy date is the byline date {}, which stale-policy uses instead",
                        byline.date
                    ),
                    byline.span,
                )
                .with_label(byline.span, "a byline date, not an effective date"),
            None => {
                let anchor = ctx.document_anchor();
                Self::META
                    .diagnostic("No \"last updated\" or \"effective\" date is stated", anchor)
                    .with_label(anchor, "this document has no dated version")
            }
        };
        vec![d.with_help(help)]
    }
}
