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
    pub struct UnlinkedDocumentReference {
        code: "X002",
        name: "unlinked-document-reference",
        family: References,
        severity: Warning,
        summary: "Another document (Cookie Policy, Terms) is named but not linked",
    }
}

impl Rule for UnlinkedDocumentReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _ctx: &Context) -> Vec<Diagnostic> {
        Vec::new()
    }
}
