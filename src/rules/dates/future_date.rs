use crate::analyze::dates::DateCandidate;
use crate::ast::DateRole;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// No date that describes the policy (last updated, effective, or a byline date under
    /// the title) may lie after "today" (`--today`, the `today` config key or
    /// `SOURCE_DATE_EPOCH`; otherwise the system date).
    ///
    /// One case is allowed: an **announced upcoming version**. When the policy also states a
    /// last-updated (or byline) date that is not in the future, a future *effective* date
    /// is how a company publishes a new version ahead of time ("Effective: June 28, 2025.
    /// Last Revised: May 29, 2025"), and nothing is reported. A month-only date
    /// (`December 2026`) counts as future only while its month has not begun; an ambiguous
    /// numeric date (`03/04/2027`) only when both readings are after today.
    ///
    /// ## Why it matters
    /// A last-updated date in the future is false: the CCPA regulations require the date the
    /// policy was last updated (11 CCR §7011(e)(4)), CalOPPA the notice's effective date
    /// (Bus. & Prof. Code §22575(b)(4)). An effective date in the future with no
    /// publication date leaves readers unsure which text applies today. Most often the year
    /// is a typo (`2062` for `2026`) or a template date was copied forward; either way
    /// `stale-policy` cannot judge the policy's age from it.
    ///
    /// ## Example
    /// Checked on 2026-11-30:
    /// ```text
    /// Last updated: 2027-03-01
    /// ```
    /// Not reported (an announced version):
    /// ```text
    /// Last updated: 2026-11-02
    /// Effective date: 2027-01-01
    /// ```
    ///
    /// ## How to fix
    /// Correct the date. If the text is a new version published ahead of its effective
    /// date, keep the future effective date and add the date it was published:
    /// `Last updated: 2026-11-02`.
    pub struct FutureDate {
        code: "D003",
        name: "future-date",
        family: Dates,
        severity: Error,
        summary: "A policy date lies after today",
    }
}

fn role_name(role: DateRole) -> &'static str {
    match role {
        DateRole::LastUpdated => "last-updated date",
        DateRole::Effective => "effective date",
        DateRole::Byline => "byline date",
        DateRole::Other => "date",
    }
}

impl Rule for FutureDate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let today = ctx.today;
        let all = &ctx.facts.dates;
        let policy: Vec<&DateCandidate> = all.iter().filter(|c| c.role.is_policy_date()).collect();
        // In the future: every reading after today (a month-only date is the 1st of its
        // month, so it is in the future only once the whole month is).
        let future = |c: &DateCandidate| {
            let ds = c.reading.dates();
            !ds.is_empty() && ds.iter().all(|d| *d > today)
        };
        let published = policy.iter().find(|c| {
            matches!(c.role, DateRole::LastUpdated | DateRole::Byline)
                && c.reading.dates().iter().any(|d| *d <= today)
        });
        let mut out = Vec::new();
        for c in policy.iter().filter(|c| future(c)) {
            if c.role == DateRole::Effective && published.is_some() {
                // An announced upcoming version: published on a past date, effective later.
                continue;
            }
            let Some(date) = c.reading.date() else {
                continue;
            };
            let days = (date - today).num_days();
            let role = role_name(c.role);
            let written = if c.text == date.to_string() {
                String::new()
            } else {
                format!(" (\"{}\")", c.text)
            };
            let help = match c.role {
                DateRole::Effective => {
                    "correct the date; if this version is published ahead of its effective date, also state when it was published, e.g. \"Last updated: YYYY-MM-DD\""
                }
                _ => {
                    "correct the date: a policy cannot have been updated or written after today (is the year a typo?)"
                }
            };
            out.push(
                Self::META
                    .diagnostic(
                        format!(
                            "The policy's {role} {date}{written} is {days} day{} after today ({today})",
                            if days == 1 { "" } else { "s" }
                        ),
                        c.span,
                    )
                    .with_label(c.span, format!("{role} in the future"))
                    .with_help(help),
            );
        }
        out
    }
}
