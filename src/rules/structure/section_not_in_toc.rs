use crate::ast::{Section, TocTarget};
use crate::diagnostic::Diagnostic;
use crate::parse::is_toc_heading;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// When the document has a table of contents, every body section at the levels the
    /// table covers must be listed in it. If the table lists only top-level sections, only
    /// top-level sections are checked; sub-sections are never required unless the table
    /// lists some of them.
    ///
    /// ## Why it matters
    /// Readers navigate by the table of contents; a disclosure that is missing from it is
    /// hard to find. GDPR Art. 12(1) requires information to be "easily accessible", and
    /// the CCPA regulations require a notice that is easy to read and navigate
    /// (11 CCR §7011(a)(2)).
    ///
    /// ## Example
    /// ```markdown
    /// - [Who we are](#who-we-are)
    /// ## Who we are
    /// ## Children      <- not in the table of contents
    /// ```
    ///
    /// ## How to fix
    /// Add the section to the table of contents.
    pub struct SectionNotInToc {
        code: "S002",
        name: "section-not-in-toc",
        family: Structure,
        severity: Warning,
        summary: "A body section is missing from the table of contents",
    }
}

impl Rule for SectionNotInToc {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let Some(toc) = &ctx.doc.toc else {
            return Vec::new();
        };
        let sections: Vec<&Section> = ctx.doc.all_sections();
        let targets: Vec<usize> = toc
            .entries
            .iter()
            .filter_map(|e| match e.target {
                Some(TocTarget::Section { index }) => Some(index),
                _ => None,
            })
            .collect();
        let Some(deepest) = targets.iter().map(|&i| sections[i].level).max() else {
            return Vec::new();
        };
        sections
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                s.level <= deepest && !targets.contains(i) && !is_toc_heading(&s.title)
            })
            .map(|(_, s)| {
                Self::META
                    .diagnostic(
                        format!(
                            "Section '{}' is not listed in the table of contents",
                            s.title
                        ),
                        s.heading_span,
                    )
                    .with_label(s.title_span, "not in the table of contents")
                    .with_label(toc.span, "the table of contents")
                    .with_help("add an entry for this section to the table of contents")
            })
            .collect()
    }
}
