use crate::analyze::kinds::{kind_name, kinds_from_title};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The document must have a section for each kind of disclosure the profile requires.
    /// The `generic` profile (the default) requires: data collected, purposes of use,
    /// sharing and recipients, security, retention, data subject rights, cookies and
    /// tracking, international transfers, changes to the policy, and contact. Sections are
    /// recognised by their headings (and, for headings that say nothing, by key phrases in
    /// the body); see `data/section-kinds.toml`.
    ///
    /// ## Why it matters
    /// These are the disclosures that nearly every privacy law asks a notice to make: GDPR
    /// Art. 13–14 (categories, purposes, recipients, transfers, retention, rights), CCPA
    /// Civ. Code §1798.130(a)(5), Singapore PDPA s.20, PIPL Art. 17, LGPD Art. 9. A notice
    /// without them misleads by omission.
    ///
    /// ## Example
    /// A policy with sections "Who we are", "What we collect", "How we use it" and "Contact"
    /// has no section on sharing, security, retention, rights, cookies, transfers or changes.
    ///
    /// ## How to fix
    /// Add a section for each missing disclosure, with a heading that names it ("How long
    /// we keep your information").
    pub struct MissingRequiredSection {
        code: "R001",
        name: "missing-required-section",
        family: Required,
        severity: Warning,
        summary: "A section the profile requires (retention, rights, ...) is missing",
    }
}

/// The `generic` profile: kinds every policy should cover, with what to call them and the
/// kinds that also satisfy the requirement.
pub const GENERIC_PROFILE: &[(SectionKind, &str, &[SectionKind])] = &[
    (
        SectionKind::DataCollected,
        "the personal data collected",
        &[],
    ),
    (SectionKind::Purposes, "the purposes of use", &[]),
    (SectionKind::Sharing, "sharing and recipients", &[]),
    (SectionKind::Security, "security", &[]),
    (SectionKind::Retention, "retention periods", &[]),
    (
        SectionKind::Rights,
        "data subject rights",
        &[SectionKind::ExercisingRights],
    ),
    (SectionKind::Cookies, "cookies and tracking", &[]),
    (
        SectionKind::InternationalTransfers,
        "international transfers",
        &[],
    ),
    (SectionKind::PolicyChanges, "changes to the policy", &[]),
    (
        SectionKind::Contact,
        "how to contact the controller",
        &[SectionKind::Dpo],
    ),
];

impl Rule for MissingRequiredSection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let present: Vec<SectionKind> = ctx
            .doc
            .all_sections()
            .iter()
            .flat_map(|s| s.kinds.iter().copied())
            .collect();
        let mut out = Vec::new();
        for (kind, what, also) in GENERIC_PROFILE {
            if present.contains(kind) || also.iter().any(|k| present.contains(k)) {
                continue;
            }
            let name = kind_name(*kind);
            // A TOC entry that promises this kind makes a better anchor than the title.
            let promised = ctx.doc.toc.as_ref().and_then(|toc| {
                toc.entries
                    .iter()
                    .find(|e| e.target.is_none() && kinds_from_title(&e.title).contains(kind))
            });
            let d = match promised {
                Some(e) => Self::META
                    .diagnostic(
                        format!(
                            "No section about {what} ({name}): the table of contents lists '{}' but the body has no such section",
                            e.title
                        ),
                        e.span,
                    )
                    .with_label(e.title_span, "listed, but missing from the body"),
                None => {
                    let anchor = ctx.document_anchor();
                    Self::META
                        .diagnostic(
                            format!("No section about {what} ({name}), which the generic profile requires"),
                            anchor,
                        )
                        .with_label(anchor, "this document")
                }
            };
            out.push(d.with_help(format!(
                "add a section on {what}, with a heading that names it"
            )));
        }
        out
    }
}
