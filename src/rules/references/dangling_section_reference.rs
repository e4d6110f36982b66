use crate::analyze::references::{document_numbers, resolves, section_references};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Most section numbers listed in a finding's help before it is cut with "...".
const MAX_LISTED_NUMBERS: usize = 12;

declare_rule! {
    /// ## What it checks
    /// Every reference to a numbered part of this document — "see Section 9", "in section
    /// 4.2 below", "Article 12", "paragraph 3", "sections 2 and 3", "Abschnitt 6 dieser
    /// Richtlinie", "la section 8 ci-dessous" — must name a part the document has: a
    /// heading, paragraph or list item numbered `9`, `4.2`, `12`. A reference to `4` is
    /// also satisfied by `4.1`, and one to `2.1.6` by a part `2.1` that has no numbered
    /// sub-parts (its items are numbered implicitly, by an ordered list or a table).
    /// References to laws and other documents are not checked: "Article 6 GDPR", "Section
    /// 1798.100 of the CCPA", "Art. 13 DSGVO", "section 230 of the Communications Decency
    /// Act", "clause 7 of the Terms of Service".
    ///
    /// ## Why it matters
    /// A reference that leads nowhere hides the information it points to: the reader is
    /// sent to a section on, say, cookies or rights that the policy does not contain.
    /// Information must be given "in a concise, transparent, intelligible and easily
    /// accessible form, using clear and plain language" (GDPR Art. 12(1)); CCPA regulations
    /// require disclosures to be "easy to read and understandable" (11 CCR §7003(a)). A
    /// dangling reference is also the usual trace of sections deleted or renumbered
    /// without updating the text.
    ///
    /// ## Example
    /// ```text
    /// SECTION 3: HOW WE USE IT
    /// For how to opt out, see Section 9.
    /// (the document has sections 1 to 4 only)
    /// ```
    ///
    /// ## How to fix
    /// Correct the number, restore the missing section, or refer to the section by its
    /// title.
    pub struct DanglingSectionReference {
        code: "X001",
        name: "dangling-section-reference",
        family: References,
        severity: Error,
        summary: "The text refers to a section that does not exist",
    }
}

impl Rule for DanglingSectionReference {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let known = document_numbers(ctx.doc);
        let listed = if known.is_empty() {
            "the document's sections are not numbered".to_string()
        } else {
            let mut l: Vec<String> = known
                .iter()
                .take(MAX_LISTED_NUMBERS)
                .map(|parts| {
                    parts
                        .iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(".")
                })
                .collect();
            if known.len() > MAX_LISTED_NUMBERS {
                l.push("...".to_string());
            }
            format!("the document's parts are numbered {}", l.join(", "))
        };
        let mut out = Vec::new();
        for r in section_references(ctx.doc) {
            for t in &r.targets {
                if resolves(&t.parts, &known) {
                    continue;
                }
                let what = if r.targets.len() == 1 {
                    format!("`{}`", r.text)
                } else {
                    format!("`{}` (number {})", r.text, t.number)
                };
                out.push(
                    Self::META
                        .diagnostic(
                            format!(
                                "{what} refers to a section numbered {}, but the document has no such section",
                                t.number
                            ),
                            r.span,
                        )
                        .with_label(t.span, "no section with this number")
                        .with_help(format!(
                            "correct the reference, restore the section, or name the section by its title; {listed}"
                        )),
                );
            }
        }
        out
    }
}
