use crate::analyze::language::{LanguagePart, language_mismatches, language_name};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The title and each section must be in the language of the body (the preamble and
    /// all sections together), as detected by whatlang. A difference of script is certain
    /// however short the text — a Chinese title `隐私&安全` over an English body — but
    /// within one script the language is only compared where detection is reliable: titles
    /// of at least 20 letters, sections of at least 200, with high confidence. A brand name
    /// in another script inside a heading ("Firefox 隐私声明") does not count.
    ///
    /// ## Why it matters
    /// A policy must be understandable to the people it addresses: "in a concise,
    /// transparent, intelligible and easily accessible form, using clear and plain
    /// language" (GDPR Art. 12(1)); the CCPA regulations require disclosures in the
    /// languages in which the business ordinarily provides information to consumers
    /// (11 CCR §7003(b)(2), applied to the privacy policy by §7011(a)). A title or section
    /// in another language is usually a template or translation left half done, and
    /// readers of the body's language cannot read that part.
    ///
    /// ## Example
    /// ```text
    /// 隐私&安全
    ///
    /// We collect information regarding your use and purchase of our Services ...
    /// ```
    ///
    /// ## How to fix
    /// Translate the title or section into the body's language, or publish each language
    /// version as its own document.
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

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        language_mismatches(ctx.doc)
            .into_iter()
            .map(|m| {
                let (lang, body) = (language_name(m.lang), language_name(m.body_lang));
                let what = match &m.part {
                    LanguagePart::Title => format!("The title `{}`", m.text),
                    LanguagePart::Section { title } => format!("Section `{title}`"),
                };
                Self::META
                    .diagnostic(
                        format!("{what} is in {lang}, but the body of the policy is in {body}"),
                        m.span,
                    )
                    .with_label(m.span, lang.to_string())
                    .with_help(format!(
                        "translate it into {body}, or publish each language as its own document"
                    ))
            })
            .collect()
    }
}
