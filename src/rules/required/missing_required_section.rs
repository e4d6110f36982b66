use crate::analyze::kinds::{kind_name, kinds_from_title};
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// For each requirement of the selected profiles that names section kinds, the document
    /// must have a section of one of those kinds (or, where the requirement lists key
    /// phrases, contain one of them). The `generic` profile (the default) requires sections
    /// on: data collected, purposes of use, sharing and recipients, security, retention,
    /// data subject rights, cookies and tracking, international transfers, changes to the
    /// policy, and contact. Sections are recognised by their headings (and, for headings
    /// that say nothing, by key phrases in the body); see `data/section-kinds.toml`.
    /// Each finding carries the requirement's ID and citation (`GDPR-13-2-a`,
    /// `Art. 13(2)(a), 14(2)(a) GDPR`).
    ///
    /// ## Why it matters
    /// These are the disclosures privacy laws ask a notice to make: GDPR Art. 13–14
    /// (categories, purposes, recipients, transfers, retention, rights), CCPA Civ. Code
    /// §1798.130(a)(5), Singapore PDPA s.20, PIPL Art. 17, LGPD Art. 9. A notice without
    /// them misleads by omission.
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

/// The kinds present in the document, over all sections.
pub fn present_kinds(ctx: &Context) -> Vec<SectionKind> {
    let mut kinds: Vec<SectionKind> = ctx
        .doc
        .all_sections()
        .iter()
        .flat_map(|s| s.kinds.iter().copied())
        .collect();
    kinds.sort();
    kinds.dedup();
    kinds
}

/// "Retention period ..." → "retention period ...".
pub fn lower_first(s: &str) -> String {
    // Keep acronyms and names ("DPO contact", "California consumers"): lower-case the
    // first letter only when the first word is an ordinary capitalised word.
    let first_word = s.split_whitespace().next().unwrap_or("");
    let ordinary = first_word.chars().skip(1).all(|c| c.is_lowercase())
        && !matches!(
            first_word,
            "California" | "Québec" | "Canadian" | "Chinese" | "Brazilian" | "EU" | "UK"
        );
    let mut c = s.chars();
    match c.next() {
        Some(f) if ordinary => f.to_lowercase().chain(c).collect(),
        Some(f) => std::iter::once(f).chain(c).collect(),
        None => String::new(),
    }
}

/// A heading that the classifier recognises for a kind, for the help text.
fn heading_hint(kind: SectionKind) -> &'static str {
    use SectionKind::*;
    match kind {
        ControllerIdentity => "\"Who we are\"",
        Contact => "\"Contact us\"",
        Dpo => "\"Data protection officer\"",
        DataCollected => "\"Information we collect\"",
        Sources => "\"Sources of personal data\"",
        Purposes => "\"How we use your information\"",
        LegalBases => "\"Legal bases for processing\"",
        Sharing => "\"Who we share your information with\"",
        SaleOptOut => "\"Do not sell or share my personal information\"",
        InternationalTransfers => "\"International transfers\"",
        Retention => "\"How long we keep your information\"",
        Security => "\"How we protect your information\"",
        Rights => "\"Your rights\"",
        ExercisingRights => "\"How to exercise your rights\"",
        Complaints => "\"Complaints\"",
        Cookies => "\"Cookies\"",
        DoNotTrack => "\"Do Not Track\"",
        Children => "\"Children\"",
        AutomatedDecisions => "\"Automated decision-making\"",
        PolicyChanges => "\"Changes to this policy\"",
        EffectiveDate => "\"Effective date\"",
    }
}

impl Rule for MissingRequiredSection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let present = present_kinds(ctx);
        let mut out = Vec::new();
        // Only the phrases that decide an answer are looked up, except in a large
        // document, where all are, in one pass that does not hold its lower-case text.
        let phrases = super::lower_text_phrases(
            ctx,
            ctx.profiles
                .iter()
                .flat_map(|p| p.requirements.iter().filter(|r| !r.kinds.is_empty())),
        );
        for profile in ctx.profiles {
            for req in profile.requirements.iter().filter(|r| !r.kinds.is_empty()) {
                if req.is_met_with(&present, |p| phrases.occurs(p)) {
                    continue;
                }
                let kind = req.kinds[0];
                let name = kind_name(kind);
                let what = lower_first(&req.description);
                let who = if profile.id == "generic" {
                    "the generic profile".to_string()
                } else {
                    format!("{} ({})", req.id, req.citation)
                };
                // A TOC entry that promises this kind makes a better anchor than the title.
                let promised = ctx.doc.toc.as_ref().and_then(|toc| {
                    toc.entries.iter().find(|e| {
                        e.target.is_none()
                            && kinds_from_title(&e.title)
                                .iter()
                                .any(|k| req.kinds.contains(k))
                    })
                });
                let mut d = match promised {
                    Some(e) => Self::META
                        .diagnostic(
                            format!(
                                "Missing section `{name}`: {what}, which {who} requires; the table of contents lists '{}' but the body has no such section",
                                e.title
                            ),
                            e.span,
                        )
                        .with_label(e.title_span, "listed, but missing from the body"),
                    None => {
                        let anchor = ctx.document_anchor();
                        Self::META
                            .diagnostic(
                                format!("Missing section `{name}`: {what}, which {who} requires"),
                                anchor,
                            )
                            .with_label(anchor, "this document")
                    }
                };
                d = d.with_help(format!(
                    "add a section on {what}, with a heading that names it ({})",
                    heading_hint(kind)
                ));
                d.severity = req.severity;
                d.requirement = Some(Box::new(req.reference(profile)));
                out.push(d);
            }
        }
        out
    }
}
