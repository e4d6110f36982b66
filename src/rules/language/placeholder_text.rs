use crate::analyze::language::placeholders;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Template text must not be left in the policy: bracketed fields (`[Company Name]`,
    /// `[Your contact email]`, `<COMPANY>`, `{{company}}`), filler (`lorem ipsum`), editing
    /// notes (`TODO`, `TBD`, `FIXME`), X's standing for a value (`XX mars 2025`, `20XX`,
    /// `XXX-XXX-XXXX`), template instructions (`Insert your address here`), an empty list
    /// filled with "None" (`including but not limited to None`), and e-mail or web
    /// addresses on domains reserved for documentation (`privacy@example.com`,
    /// `https://example.org`, `*.test`; RFC 2606). The patterns and the reason shown for
    /// each are data: `data/placeholders.toml`.
    ///
    /// Real text is spared: `XX` inside a word (`XXL`) or as a Roman numeral after a label
    /// (`Title XX`), lower-case `todo`, Markdown links (`[name](url)`), HTML tags
    /// (`<address>`), and static-site variables filled in at build time
    /// (`{{ site.data.contact }}`).
    ///
    /// ## Why it matters
    /// A placeholder is information the policy was meant to give and does not: a missing
    /// controller name or contact address fails GDPR Art. 13(1)(a) ("the identity and the
    /// contact details of the controller"), a missing date fails the CCPA's "date the
    /// privacy policy was last updated" (11 CCR §7011(e)(4)), and an address at
    /// `example.com` reaches no one (RFC 2606 reserves the domain). It also tells readers
    /// and regulators that the policy was never finished.
    ///
    /// ## Example
    /// ```text
    /// [Company Name] ("we") collects ... Questions? Write to privacy@example.com.
    /// Last updated: XX March 2025
    /// ```
    ///
    /// ## How to fix
    /// Replace each placeholder with the real value, or remove the sentence.
    pub struct PlaceholderText {
        code: "L003",
        name: "placeholder-text",
        family: Language,
        severity: Error,
        summary: "Template placeholder text was left in the policy",
    }
}

impl Rule for PlaceholderText {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        placeholders(ctx.doc, ctx.facts, ctx.text)
            .into_iter()
            .map(|p| {
                Self::META
                    .diagnostic(
                        format!(
                            "Placeholder text `{}` was left in the policy: {}",
                            p.text, p.reason
                        ),
                        p.span,
                    )
                    .with_label(p.span, "placeholder")
                    .with_help("replace it with the real value, or remove it")
            })
            .collect()
    }
}
