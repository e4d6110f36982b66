use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::ast::Section;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// No two sections may carry the same number (`4` twice, or `3.2` twice).
    ///
    /// ## Why it matters
    /// Cross-references ("see Section 4") and the table of contents become ambiguous, and a
    /// repeated number is usually a sign of a section pasted in from another version.
    ///
    /// ## Example
    /// ```text
    /// 4. Sharing
    /// ...
    /// 4. Security
    /// ```
    ///
    /// ## How to fix
    /// Renumber the sections so that each number is used once.
    pub struct DuplicateSectionNumber {
        code: "S004",
        name: "duplicate-section-number",
        family: Structure,
        severity: Warning,
        summary: "Two sections have the same number",
    }
}

impl Rule for DuplicateSectionNumber {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let sections = ctx.doc.all_sections();
        // The first section with each number: one look-up per section, not a scan of
        // every earlier one.
        let mut firsts: HashMap<&[u32], &Section> = HashMap::new();
        let mut out = Vec::new();
        for s in &sections {
            let Some(n) = s.number.as_ref().filter(|n| !n.parts.is_empty()) else {
                continue;
            };
            let first = match firsts.entry(n.parts.as_slice()) {
                Entry::Occupied(e) => Some(*e.get()),
                Entry::Vacant(e) => {
                    e.insert(s);
                    None
                }
            };
            if let Some(first) = first {
                out.push(
                    Self::META
                        .diagnostic(
                            format!(
                                "Section number {} is used twice: '{}' and '{}'",
                                n.text, first.title, s.title
                            ),
                            s.heading_span,
                        )
                        .with_label(s.heading_span, format!("second section {}", n.text))
                        .with_label(first.heading_span, format!("first section {}", n.text))
                        .with_help("renumber the sections so that each number is used once"),
                );
            }
        }
        out
    }
}
