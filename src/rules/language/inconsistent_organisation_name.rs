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
    pub struct InconsistentOrganisationName {
        code: "L002",
        name: "inconsistent-organisation-name",
        family: Language,
        severity: Warning,
        summary: "The author or brand differs from the legal entity named in the text",
    }
}

impl Rule for InconsistentOrganisationName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _ctx: &Context) -> Vec<Diagnostic> {
        Vec::new()
    }
}
