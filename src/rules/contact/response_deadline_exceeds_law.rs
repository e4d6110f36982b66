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
    pub struct ResponseDeadlineExceedsLaw {
        code: "C008",
        name: "response-deadline-exceeds-law",
        family: Contact,
        severity: Error,
        summary: "The stated response time to requests is longer than the law allows",
    }
}

impl Rule for ResponseDeadlineExceedsLaw {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _ctx: &Context) -> Vec<Diagnostic> {
        Vec::new()
    }
}
