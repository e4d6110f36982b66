use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every entry of the table of contents must resolve to a section of the body: a heading
    /// with the same title (compared without case, numbering and punctuation) or, failing
    /// that, the same section number.
    ///
    /// ## Why it matters
    /// A table of contents that promises "Section 7: How long we keep personal information"
    /// while the body has no such section tells readers a disclosure exists when it does not.
    /// Notices must be transparent and easily accessible (GDPR Art. 12(1)); a missing section
    /// is usually a copy-paste or truncation accident that also drops required content.
    ///
    /// ## Example
    /// ```text
    /// Section 6: Where we store personal information and international transfers
    /// Section 7: How long we keep personal information
    /// ...
    /// SECTION 6: WHERE WE STORE PERSONAL INFORMATION AND INTERNATIONAL TRANSFERS
    /// (no Section 7 follows)
    /// ```
    ///
    /// ## How to fix
    /// Add the missing section to the document, or remove the entry from the table of
    /// contents.
    pub struct TocEntryMissing {
        code: "S001",
        name: "toc-entry-missing",
        family: Structure,
        severity: Error,
        summary: "A table-of-contents entry has no matching section in the body",
    }
}

impl Rule for TocEntryMissing {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let Some(toc) = &ctx.doc.toc else {
            return Vec::new();
        };
        toc.entries
            .iter()
            .filter(|e| e.target.is_none())
            .map(|e| {
                let what = match &e.number {
                    Some(n) => format!("Section {} '{}'", n.text, e.title),
                    None => format!("Section '{}'", e.title),
                };
                Self::META
                    .diagnostic(
                        format!(
                            "{what} is listed in the table of contents but has no heading in the document"
                        ),
                        e.span,
                    )
                    .with_label(e.title_span, "no section with this title in the body")
                    .with_help("add the section to the document, or remove the entry from the table of contents")
            })
            .collect()
    }
}
