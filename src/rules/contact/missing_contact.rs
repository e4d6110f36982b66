use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The policy must give at least one way to reach the controller about privacy: a
    /// valid e-mail address anywhere, or a web address or phone number in a contact section
    /// or in a sentence about contacting.
    ///
    /// ## Why it matters
    /// Every privacy law requires the controller's contact details: GDPR Art. 13(1)(a),
    /// CCPA §1798.130(a)(1) (request methods), PDPA s.20(1)(c) (business contact
    /// information), PIPL Art. 17(1), LGPD Art. 9(III).
    ///
    /// ## Example
    /// A policy whose "Contact us" section says only "use the form in the app".
    ///
    /// ## How to fix
    /// Add a monitored privacy e-mail address, a postal address, or a contact page URL.
    pub struct MissingContact {
        code: "C002",
        name: "missing-contact",
        family: Contact,
        severity: Error,
        summary: "No e-mail, web address or phone number to contact about privacy",
    }
}

impl Rule for MissingContact {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let contactish = |kinds: &[SectionKind], near: bool| {
            near || kinds.iter().any(|k| {
                matches!(
                    k,
                    SectionKind::Contact
                        | SectionKind::Dpo
                        | SectionKind::ExercisingRights
                        | SectionKind::ControllerIdentity
                )
            })
        };
        let f = ctx.facts;
        let found = f.emails.iter().any(|e| e.problem.is_none())
            || f.urls
                .iter()
                .any(|u| contactish(&u.section_kinds, u.near_contact_words))
            || f.phones
                .iter()
                .any(|p| contactish(&p.section_kinds, p.near_contact_words));
        if found {
            return Vec::new();
        }
        let contact_section = ctx
            .doc
            .all_sections()
            .into_iter()
            .find(|s| s.kinds.contains(&SectionKind::Contact));
        let d = match contact_section {
            Some(s) => Self::META
                .diagnostic(
                    format!(
                        "The section '{}' gives no e-mail, web address or phone number, and none is given elsewhere",
                        s.title
                    ),
                    s.heading_span,
                )
                .with_label(s.title_span, "no contact details in this section"),
            None => {
                let anchor = ctx.document_anchor();
                Self::META
                    .diagnostic(
                        "The policy gives no e-mail, web address or phone number to contact about privacy",
                        anchor,
                    )
                    .with_label(anchor, "this document")
            }
        };
        vec![d.with_help(
            "add a monitored privacy e-mail address, a contact page URL or a phone number",
        )]
    }
}
