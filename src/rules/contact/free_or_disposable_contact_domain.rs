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
    pub struct FreeOrDisposableContactDomain {
        code: "C004",
        name: "free-or-disposable-contact-domain",
        family: Contact,
        severity: Warning,
        summary: "The privacy contact uses a free or disposable e-mail provider",
    }
}

impl Rule for FreeOrDisposableContactDomain {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _ctx: &Context) -> Vec<Diagnostic> {
        Vec::new()
    }
}
