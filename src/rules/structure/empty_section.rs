use crate::diagnostic::Diagnostic;
use crate::parse::is_toc_heading;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every section must have content: at least one paragraph, list, table or
    /// sub-section under its heading. A "Contents" heading whose list is the table of
    /// contents is not empty.
    ///
    /// ## Why it matters
    /// An empty section promises a disclosure and makes none, often the trace of a section
    /// whose text was deleted or never written (GDPR Art. 12(1), 13: information must
    /// actually be provided, not announced).
    ///
    /// ## Example
    /// ```markdown
    /// ## How long we keep your data
    ///
    /// ## Your rights
    /// ```
    ///
    /// ## How to fix
    /// Write the section's content, or remove the heading.
    pub struct EmptySection {
        code: "S006",
        name: "empty-section",
        family: Structure,
        severity: Warning,
        summary: "A section has a heading but no content",
    }
}

impl Rule for EmptySection {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let sections = ctx.doc.all_sections();
        // Content the AST does not model (raw HTML tables in Markdown) still counts: look
        // at the source between this heading and the next one. An HTML page's source
        // between headings is markup; the HTML front end already models what is visible.
        // The comments by position (they are collected in document order; sorting keeps
        // that true whatever a front end does).
        let mut comments: Vec<&crate::ast::Comment> = ctx.doc.comments.iter().collect();
        comments.sort_by_key(|c| c.span.start);
        let has_raw_content = |k: usize| {
            if ctx.doc.format == crate::ast::Format::Html {
                return false;
            }
            let start = sections[k].heading_span.end;
            let end = sections
                .get(k + 1)
                .map_or(ctx.text.len(), |n| n.heading_span.start)
                .max(start);
            let visible = |s: &str| {
                s.chars()
                    .any(|c| !c.is_whitespace() && !"-=#*_".contains(c))
            };
            // Comments starting in `start..end` are one run of `comments`, found by binary
            // search rather than a scan of every comment for every section.
            let from = comments.partition_point(|c| c.span.start < start);
            let inside = comments[from..]
                .iter()
                .take_while(|c| c.span.start < end)
                .filter(|c| c.span.end <= end);
            if inside.clone().next().is_none() {
                return visible(&ctx.text[start..end]);
            }
            let mut between = ctx.text[start..end].to_string();
            for c in inside {
                between = between.replace(&ctx.text[c.span.start..c.span.end], "");
            }
            visible(&between)
        };
        sections
            .iter()
            .enumerate()
            .filter(|(k, s)| {
                s.blocks.is_empty()
                    && s.children.is_empty()
                    && !is_toc_heading(&s.title)
                    && !has_raw_content(*k)
            })
            .map(|(_, s)| {
                Self::META
                    .diagnostic(
                        format!("Section '{}' has no content", s.title),
                        s.heading_span,
                    )
                    .with_label(s.title_span, "nothing follows this heading")
                    .with_help("write the section's content, or remove the heading")
            })
            .collect()
    }
}
