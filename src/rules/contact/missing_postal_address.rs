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
    pub struct MissingPostalAddress {
        code: "C007",
        name: "missing-postal-address",
        family: Contact,
        severity: Warning,
        summary: "The profile requires the controller's postal address and none is given",
    }
}

impl Rule for MissingPostalAddress {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _ctx: &Context) -> Vec<Diagnostic> {
        Vec::new()
    }
}
