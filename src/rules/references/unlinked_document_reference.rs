use crate::analyze::organisation::name_words;
use crate::analyze::references::unlinked_documents;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Most labels on one finding: the first mention and the next ones.
const MAX_LABELS: usize = 10;

declare_rule! {
    /// ## What it checks
    /// When the policy names another of the organisation's documents — "our Cookies
    /// Policy", "the Terms of Service", "our Terms of Use", "Cookie Notice", "Acceptable
    /// Use Policy", "Data Processing Addendum", and in French, German and Spanish
    /// "politique de cookies", "Nutzungsbedingungen", "Cookie-Richtlinie", "Términos de
    /// servicio" — the reader must be able to get to it: a link on the mention, a link or
    /// web address in the same sentence (in plain text that is the only way to link), or a
    /// link anywhere in the document whose text or address names that document. One
    /// finding per document, at its first mention, labelling the first ten mentions and
    /// counting the rest in the message. Other parties' documents ("Google's
    /// Terms of Service", "their terms of use") and the document itself ("this Cookie
    /// Policy", a policy titled "Privacy and Cookie Policy") are not checked.
    ///
    /// ## Why it matters
    /// A policy that delegates part of its disclosures to another document ("for cookies,
    /// see our Cookies Policy") is only complete if that document is easy to reach.
    /// Information must be "easily accessible" (GDPR Art. 12(1)), and storing cookies
    /// requires "clear and comprehensive information" (ePrivacy Directive 2002/58/EC
    /// Art. 5(3)): a cookie policy the reader cannot find gives neither.
    ///
    /// ## Example
    /// `For more information, please see our Cookies Policy.` with no link or address.
    ///
    /// ## How to fix
    /// Link the first mention to the document (`[Cookies Policy](https://...)`), or give
    /// its address in the same sentence.
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

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        // The organisation's own names make "Acme's Terms of Service" its own document.
        let mut org_words = ctx.facts.organisations.words();
        let org = ctx.organisation;
        for n in org.legal_name.iter().chain(&org.names) {
            org_words.extend(name_words(n));
        }
        unlinked_documents(ctx.doc, ctx.text, &org_words)
            .into_iter()
            .filter_map(|u| {
                let first = u.mentions.first()?;
                let more = u.mentions.len() - 1;
                let also = match more {
                    0 => String::new(),
                    1 => " (named once more later)".to_string(),
                    n => format!(" (named {n} more times later)"),
                };
                let mut d = Self::META
                    .diagnostic(
                        format!(
                            "The policy refers to the `{}` but does not link to it{also}",
                            first.text
                        ),
                        first.span,
                    )
                    .with_label(first.span, "not linked");
                // The message counts every mention; the labels show the first few (a label
                // per mention made a report of a long policy unreadable, and rendering it
                // quadratic in the number of labels).
                for m in u.mentions[1..].iter().take(MAX_LABELS - 1) {
                    d = d.with_label(m.span, "also not linked");
                }
                Some(d.with_help(format!(
                    "link `{}` to the document, or give its web address in the same sentence",
                    first.text
                )))
            })
            .collect()
    }
}
