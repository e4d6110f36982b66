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
    pub struct ContactDomainMismatch {
        code: "C003",
        name: "contact-domain-mismatch",
        family: Contact,
        severity: Warning,
        summary: "The privacy contact's domain is unrelated to the organisation",
    }
}

impl Rule for ContactDomainMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _ctx: &Context) -> Vec<Diagnostic> {
        Vec::new()
    }
}
