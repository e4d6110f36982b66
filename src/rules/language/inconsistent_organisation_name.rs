use crate::analyze::language::{BrandSource, organisation_name_mismatches};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The names the policy goes by must belong to the organisation it names as
    /// responsible:
    ///
    /// - the byline's author (`Author:StrongShop, 2022-02-10`) must be related to a legal
    ///   entity or defined name in the text (`CGTONLINEA ASIA PTE. LTD.`, `(“CGTONLINEA,”
    ///   “we,” “our”)`) or in the configuration (`[organisation]` `legal-name`, `names`);
    /// - the configured organisation (`legal-name`, `names`) must be named in the text
    ///   whenever the text names a legal entity at all.
    ///
    /// Names are related when they share a distinctive word (company forms such as "Ltd"
    /// and common words such as "Group" do not count) or one is the other's words run
    /// together ("StrongShop" and "Strong Shop Ltd").
    ///
    /// ## Why it matters
    /// The reader must be told who the controller is: "the identity and the contact
    /// details of the controller" (GDPR Art. 13(1)(a), 14(1)(a)); the PIPL (Art. 17(1)(1))
    /// and the LGPD (Art. 9(III)) likewise require the controller's name. A policy signed by one company while naming another leaves it
    /// unclear who is responsible, and is the usual trace of a template copied from
    /// another business.
    ///
    /// ## Example
    /// ```text
    /// Author:StrongShop, 2022-02-10
    /// ...
    /// CGTONLINEA ASIA PTE. LTD. including its corporate affiliates, (“CGTONLINEA,” “we,”
    /// “our”) is a global provider of cloud communications
    /// ```
    ///
    /// ## How to fix
    /// Name the same organisation throughout. If the brand belongs to the legal entity,
    /// say so in the text ("StrongShop is operated by CGTONLINEA ASIA PTE. LTD.") or list
    /// it under `names` in the `[organisation]` table of `redline.toml`.
    pub struct InconsistentOrganisationName {
        code: "L002",
        name: "inconsistent-organisation-name",
        family: Language,
        severity: Warning,
        summary: "The author or brand differs from the legal entity named in the text",
    }
}

impl Rule for InconsistentOrganisationName {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        organisation_name_mismatches(ctx.doc, &ctx.facts.organisations, ctx.organisation)
            .into_iter()
            .map(|m| {
                let (message, span) = match m.source {
                    BrandSource::Author => (
                        format!(
                            "The author `{}` differs from the organisation the policy names, `{}`",
                            m.brand, m.entity
                        ),
                        m.brand_span.or(m.entity_span),
                    ),
                    BrandSource::Config => (
                        format!(
                            "The policy names `{}` but not the configured organisation `{}`",
                            m.entity, m.brand
                        ),
                        m.entity_span,
                    ),
                };
                let span = span.unwrap_or_else(|| ctx.document_anchor());
                let mut d = Self::META.diagnostic(message, span);
                if let Some(b) = m.brand_span {
                    d = d.with_label(b, "author");
                }
                if let Some(e) = m.entity_span {
                    d = d.with_label(e, "organisation named in the text");
                }
                d.with_help(
                    "name the same organisation throughout, say how the names relate, or list the brand under `names` in the `[organisation]` table of redline.toml",
                )
            })
            .collect()
    }
}
