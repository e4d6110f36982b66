use crate::ast::TocTarget;
use crate::diagnostic::Diagnostic;
use crate::parse::normalise_title;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Word overlap (Jaccard index of the normalised titles' word sets) below which an entry
/// and its section count as different. 0.5 tolerates prose entries such as "die
/// Rechtsgrundlage für die Verarbeitung deiner personenbezogenen Daten" for the heading
/// "Rechtsgrundlage für die Verarbeitung personenbezogener Daten" (overlap 0.62), and flags
/// "Cookies" for "Security" (0).
pub const MIN_TITLE_OVERLAP: f64 = 0.5;

declare_rule! {
    /// ## What it checks
    /// A table-of-contents entry that resolves to a section by its number (not by its title)
    /// must carry the section's title. Case and punctuation do not count, and entries that
    /// share at least half of their words with the heading pass. Entries that are in-page
    /// links are not checked: the link is the author's explicit choice of target, and linked
    /// tables of contents often describe rather than repeat the heading.
    ///
    /// ## Why it matters
    /// "Section 7: Retention" in the table of contents leading to "7. Security" in the body
    /// sends readers to the wrong disclosure; usually one of the two was edited without the
    /// other (GDPR Art. 12(1): information must be easily accessible).
    ///
    /// ## Example
    /// ```text
    /// Section 4: Cookies
    /// ...
    /// SECTION 4: SECURITY
    /// ```
    ///
    /// ## How to fix
    /// Make the entry and the heading say the same thing.
    pub struct TocTitleMismatch {
        code: "S005",
        name: "toc-title-mismatch",
        family: Structure,
        severity: Warning,
        summary: "A table-of-contents entry's title differs from its section's heading",
    }
}

fn overlap(a: &str, b: &str) -> f64 {
    let wa: std::collections::BTreeSet<&str> = a.split(' ').filter(|w| !w.is_empty()).collect();
    let wb: std::collections::BTreeSet<&str> = b.split(' ').filter(|w| !w.is_empty()).collect();
    let union = wa.union(&wb).count();
    if union == 0 {
        return 1.0;
    }
    wa.intersection(&wb).count() as f64 / union as f64
}

impl Rule for TocTitleMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let Some(toc) = &ctx.doc.toc else {
            return Vec::new();
        };
        let sections = ctx.doc.all_sections();
        let mut out = Vec::new();
        for e in &toc.entries {
            let Some(TocTarget::Section { index }) = e.target else {
                continue;
            };
            let s = sections[index];
            // An in-page link is an explicit target the author chose; its text may be a
            // description ("how we protect your data") rather than the heading.
            if e.anchor.as_ref().is_some_and(|a| s.anchors.contains(a)) {
                continue;
            }
            let (a, b) = (normalise_title(&e.title), normalise_title(&s.title));
            if a.is_empty() || b.is_empty() || overlap(&a, &b) >= MIN_TITLE_OVERLAP {
                continue;
            }
            out.push(
                Self::META
                    .diagnostic(
                        format!(
                            "The table of contents lists '{}' but the section it leads to is headed '{}'",
                            e.title, s.title
                        ),
                        e.span,
                    )
                    .with_label(e.title_span, "entry")
                    .with_label(s.title_span, "heading")
                    .with_help("make the entry and the heading say the same thing"),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps() {
        assert!(
            overlap(
                &normalise_title(
                    "die Rechtsgrundlage für die Verarbeitung deiner personenbezogenen Daten;"
                ),
                &normalise_title("2. Rechtsgrundlage für die Verarbeitung personenbezogener Daten")
            ) >= MIN_TITLE_OVERLAP
        );
        assert_eq!(overlap("cookies", "security"), 0.0);
    }
}
