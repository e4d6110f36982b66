use crate::ast::{Section, TocTarget};
use crate::diagnostic::Diagnostic;
use crate::parse::is_toc_heading;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// When the document has a table of contents, every body section after it, at a level
    /// the table covers, must be listed in it. A level is covered when the table lists at
    /// least half of the sections at that level: a table of top-level sections does not
    /// require sub-sections, and one entry pointing at a sub-section does not require all
    /// of them.
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
        // The levels the table covers: those of which it lists at least half the sections
        // after it (one entry pointing at a sub-section does not make every sub-section
        // required).
        let targets: std::collections::HashSet<usize> = targets.into_iter().collect();
        let after = |i: usize| sections[i].heading_span.start > toc.span.end;
        // Per level, (sections after the table, of which listed): one pass, so the rule
        // stays linear in the number of sections.
        let mut per_level: std::collections::HashMap<u8, (usize, usize)> =
            std::collections::HashMap::new();
        for (i, s) in sections.iter().enumerate().filter(|(i, _)| after(*i)) {
            let e = per_level.entry(s.level).or_default();
            e.0 += 1;
            e.1 += usize::from(targets.contains(&i));
        }
        let covered = |level: u8| {
            per_level
                .get(&level)
                .is_some_and(|&(at, listed)| at > 0 && listed * 2 >= at)
        };
        sections
            .iter()
            .enumerate()
            .filter(|(i, s)| {
                // Sections before the table of contents (an introduction) are not its business.
                after(*i) && !targets.contains(i) && !is_toc_heading(&s.title) && covered(s.level)
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
