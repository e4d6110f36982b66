use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// TODO
    ///
    /// ## Why it matters
    /// TODO
    ///
    /// ## Example
    /// TODO
    ///
    /// ## How to fix
    /// TODO
    pub struct InvalidDate {
        code: "D004",
        name: "invalid-date",
        family: Dates,
        severity: Error,
        summary: "A date does not exist (2023-02-30) or is a placeholder (XX mars 2025)",
    }
}

impl Rule for InvalidDate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _ctx: &Context) -> Vec<Diagnostic> {
        Vec::new()
    }
}
