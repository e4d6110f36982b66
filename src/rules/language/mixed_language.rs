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
    pub struct MixedLanguage {
        code: "L001",
        name: "mixed-language",
        family: Language,
        severity: Warning,
        summary: "The title or a section is in another language than the body",
    }
}

impl Rule for MixedLanguage {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, _ctx: &Context) -> Vec<Diagnostic> {
        Vec::new()
    }
}
