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
    pub struct AmbiguousDate {
        code: "D005",
        name: "ambiguous-date",
        family: Dates,
        severity: Warning,
        summary: "A numeric date reads differently day-first and month-first (03/04/2022)",
    }
}

impl Rule for AmbiguousDate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _ctx: &Context) -> Vec<Diagnostic> {
        Vec::new()
    }
}
