use crate::analyze::dates::DateCandidate;
use crate::ast::DateRole;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A document states one last-updated date and one effective date. This rule reports a
    /// second last-updated date, or a second effective date, that differs from the first
    /// (a date given twice, at the top and the bottom, is fine when both agree; a
    /// month-only date agrees with any day of its month).
    ///
    /// Not compared: a last-updated date with an effective date (they often differ on
    /// purpose); dates in a change log or version history, and any other unlabelled date;
    /// and the dates of an addendum, appendix, annex, schedule or supplement, which are
    /// compared only within that part ("California Addendum — Last Updated: June 2025"
    /// under a notice last updated in December 2025 is normal).
    ///
    /// ## Why it matters
    /// Two dates for one event leave readers, and regulators, unable to tell which version
    /// applies and when it took effect. The CCPA regulations require the date the policy
    /// was last updated (11 CCR §7011(e)(4)), CalOPPA the effective date (Bus. & Prof.
    /// Code §22575(b)(4)); a contradiction discloses neither. It usually means one copy of
    /// the date was not updated with the text.
    ///
    /// ## Example
    /// ```text
    /// Last updated: March 1, 2024
    /// ...
    /// This policy was last updated on January 15, 2023.
    /// ```
    ///
    /// ## How to fix
    /// Keep one date per role, or make the copies agree; move the history of earlier
    /// versions into a change log.
    pub struct InconsistentDates {
        code: "D006",
        name: "inconsistent-dates",
        family: Dates,
        severity: Error,
        summary: "Two last-updated or two effective dates disagree",
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl Rule for InconsistentDates {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let all = &ctx.facts.dates;
        let sections = ctx.doc.all_sections();
        let mut out = Vec::new();
        for (role, name) in [
            (DateRole::LastUpdated, "last-updated"),
            (DateRole::Effective, "effective"),
        ] {
            let of_role: Vec<&DateCandidate> = all
                .iter()
                .filter(|c| c.role == role && c.reading.date().is_some())
                .collect();
            let mut scopes: Vec<Option<usize>> = of_role.iter().map(|c| c.scope).collect();
            scopes.dedup();
            scopes.sort();
            scopes.dedup();
            for scope in scopes {
                let group: Vec<&&DateCandidate> =
                    of_role.iter().filter(|c| c.scope == scope).collect();
                let Some(first) = group.first() else {
                    continue;
                };
                // One finding per distinct date that disagrees with the first.
                let mut reported: Vec<&DateCandidate> = Vec::new();
                for c in group.iter().skip(1) {
                    if c.agrees_with(first) || reported.iter().any(|r| c.agrees_with(r)) {
                        continue;
                    }
                    reported.push(c);
                    let (a, b) = (first.reading.date(), c.reading.date());
                    let (Some(a), Some(b)) = (a, b) else {
                        continue;
                    };
                    let part = match scope.and_then(|i| sections.get(i)) {
                        Some(s) => format!(" in \"{}\"", s.title),
                        None => String::new(),
                    };
                    out.push(
                        Self::META
                            .diagnostic(
                                format!(
                                    "Two {name} dates disagree{part}: \"{}\" ({a}) on line {} and \"{}\" ({b}) on line {}",
                                    first.text,
                                    line_of(ctx.text, first.span.start),
                                    c.text,
                                    line_of(ctx.text, c.span.start),
                                ),
                                c.span,
                            )
                            .with_label(c.span, format!("{name} date {b} here"))
                            .with_label(first.span, format!("but {a} here"))
                            .with_help(format!(
                                "keep one {name} date or make both the same; list earlier versions in a change log"
                            )),
                    );
                }
            }
        }
        out
    }
}
