use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The front matter of a Markdown policy — YAML between `---` lines or TOML between
    /// `+++` lines at the top of the file — must be well formed, and its date keys must
    /// hold dates. redline reads `title`, `version`, the last-updated keys `last_updated`,
    /// `updated`, `lastmod`, `last_modified`, `modified` and `date`, and the effective-date
    /// keys `effective` and `effective_date`; this rule reports an opening line never
    /// closed, YAML or TOML that does not parse, front matter that is not a set of keys,
    /// and a date key whose value is empty, a list, or not a date (`updated: soon`,
    /// `date: 2024-13-45`).
    ///
    /// ## Why it matters
    /// The front matter is where static-site generators (Jekyll, Hugo, Docusaurus) take the
    /// page's title and dates from; broken front matter usually breaks the published page or
    /// shows its raw text, and a date that is not a date leaves the policy without the "last
    /// updated" date that CCPA regulations (11 CCR §7011(e)(4)) and CalOPPA
    /// (Bus. & Prof. Code §22575(b)(4)) require. redline cannot use such a date for the
    /// date rules either.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: Privacy Policy
    /// updated: soon
    /// ---
    /// ```
    ///
    /// ## How to fix
    /// Close the block with the same `---`/`+++` line, fix the syntax the message names, and
    /// write dates as `YYYY-MM-DD`.
    pub struct InvalidFrontMatter {
        code: "S007",
        name: "invalid-front-matter",
        family: Structure,
        severity: Warning,
        summary: "The front matter is malformed or a date key in it is not a date",
    }
}

impl Rule for InvalidFrontMatter {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let Some(front) = &ctx.doc.metadata.front_matter else {
            return Vec::new();
        };
        front
            .problems
            .iter()
            .map(|p| {
                let mut message = p.message.clone();
                if let Some(first) = message.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                Self::META
                    .diagnostic(message, p.span)
                    .with_label(p.span, "here")
                    .with_label(front.span, "front matter")
                    .with_help("fix the front matter; write dates as YYYY-MM-DD")
            })
            .collect()
    }
}
