use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every suppression comment (`<!-- redline-disable-next-line CODE: reason -->`,
    /// `<!-- redline-disable CODE -->` … `<!-- redline-enable CODE -->`) must suppress at
    /// least one finding, and must name rules that exist.
    ///
    /// ## Why it matters
    /// A suppression that no longer suppresses anything hides nothing today but will hide a
    /// real problem tomorrow, when the text under it changes. Stale suppressions are how
    /// known issues become forgotten ones.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- redline-disable-next-line S001: section 7 is published separately -->
    /// ## 7. Retention
    /// ```
    /// after section 7 was written: the suppression now covers nothing.
    ///
    /// ## How to fix
    /// Remove the comment, or correct the rule it names.
    pub struct UnusedSuppression {
        code: "M001",
        name: "unused-suppression",
        family: Meta,
        severity: Info,
        summary: "A suppression comment suppresses nothing or names no rule",
    }
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    /// Produced by the linter itself ([`crate::lint`]), which alone knows which
    /// suppressions were used; this check returns nothing.
    fn check(&self, _ctx: &Context) -> Vec<Diagnostic> {
        Vec::new()
    }
}
