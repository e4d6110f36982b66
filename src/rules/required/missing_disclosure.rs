use crate::diagnostic::Diagnostic;
use crate::rules::required::missing_required_section::{lower_first, present_kinds};
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// For each requirement of the selected profiles that is a finer disclosure rather than
    /// a whole section (the DPO's contact details, the right to complain to a supervisory
    /// authority, the right to withdraw consent ...), the text must contain one of the
    /// requirement's key phrases (and all of its required phrases). Each finding carries
    /// the requirement's ID and citation.
    ///
    /// ## Why it matters
    /// Laws require specific statements, not just topics: GDPR Art. 13(2)(d) the right to
    /// lodge a complaint with a supervisory authority, PDPA s.20(1)(c) and s.11(5) the
    /// business contact information of the Data Protection Officer, CCPA §1798.135 the
    /// "Do Not Sell or Share" link.
    ///
    /// ## Example
    /// A GDPR notice with a "Your rights" section that never mentions complaining to a
    /// supervisory authority.
    ///
    /// ## How to fix
    /// Add the statement the requirement describes; `redline explain` and the finding's
    /// citation say what the law asks for.
    pub struct MissingDisclosure {
        code: "R002",
        name: "missing-disclosure",
        family: Required,
        severity: Warning,
        summary: "A disclosure the profile requires (DPO contact, complaint right, ...) is missing",
    }
}

impl Rule for MissingDisclosure {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let present = present_kinds(ctx);
        let anchor = ctx.document_anchor();
        let mut out = Vec::new();
        // Only the phrases that decide an answer are looked up, except in a large
        // document, where all are, in one pass that does not hold its lower-case text.
        let phrases = super::lower_text_phrases(
            ctx,
            ctx.profiles
                .iter()
                .flat_map(|p| p.requirements.iter().filter(|r| r.kinds.is_empty())),
        );
        for profile in ctx.profiles {
            for req in profile.requirements.iter().filter(|r| r.kinds.is_empty()) {
                if req.is_met_with(&present, |p| phrases.occurs(p)) {
                    continue;
                }
                let what = lower_first(&req.description);
                let mut d = Self::META
                    .diagnostic(
                        format!(
                            "The policy does not state {what}, which {} ({}) requires",
                            req.id, req.citation
                        ),
                        anchor,
                    )
                    .with_label(anchor, "this document")
                    .with_help(format!("add a statement of {what}"));
                d.severity = req.severity;
                d.requirement = Some(Box::new(req.reference(profile)));
                out.push(d);
            }
        }
        out
    }
}
