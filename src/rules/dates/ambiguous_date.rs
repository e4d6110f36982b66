use chrono::{Datelike, NaiveDate};

use crate::analyze::dates::Reading;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// A numeric date written with slashes or hyphens (`03/04/2022`, `3-4-2022`) whose two
    /// numbers are both 12 or less and differ, in a document that does not settle the
    /// order. The order is settled by another numeric date of the same document with a part
    /// above 12 (`25/12/2021` means day first), by dotted dates (`10.02.2022`, always day
    /// first), or by the document's language (German, French, Spanish, Italian, Dutch and
    /// Portuguese texts write the day first). English settles nothing: British and American
    /// policies both exist, and a CCPA section does not make a text American.
    ///
    /// Other rules read such a date month first (as most English slash dates are American)
    /// and say so.
    ///
    /// ## Why it matters
    /// `03/04/2022` is 3 April in Europe and March 4 in the United States. A reader cannot
    /// tell which version of the policy applies or how old it is, and the CCPA regulations
    /// require the date the policy was last updated to be disclosed (11 CCR §7011(e)(4));
    /// a date that means two things does not disclose it. The GDPR asks for clear and plain
    /// language (Art. 12(1)).
    ///
    /// ## Example
    /// ```text
    /// Last updated: 03/04/2022
    /// ```
    ///
    /// ## How to fix
    /// Write the month's name (`3 April 2022`, `April 3, 2022`) or use ISO 8601
    /// (`2022-04-03`).
    pub struct AmbiguousDate {
        code: "D005",
        name: "ambiguous-date",
        family: Dates,
        severity: Warning,
        summary: "A numeric date reads differently day-first and month-first (03/04/2022)",
    }
}

/// `3 April 2022`: a reading spelled out so it cannot be misread.
fn spelled(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), d.format("%B"), d.year())
}

impl Rule for AmbiguousDate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        ctx.facts
            .dates
            .iter()
            .cloned()
            .filter_map(|c| {
                let Reading::Ambiguous {
                    day_first,
                    month_first,
                } = c.reading
                else {
                    return None;
                };
                let used = if c.role.is_policy_date() {
                    format!("; redline reads it month first ({month_first}) for the other date checks")
                } else {
                    String::new()
                };
                Some(
                    Self::META
                        .diagnostic(
                            format!(
                                "\"{}\" can be read two ways: {} (day first) or {} (month first){used}",
                                c.text,
                                spelled(day_first),
                                spelled(month_first),
                            ),
                            c.span,
                        )
                        .with_label(
                            c.span,
                            format!("{day_first} or {month_first}?"),
                        )
                        .with_help(format!(
                            "write the month's name or use ISO 8601: {day_first} (day first) or {month_first} (month first)"
                        )),
                )
            })
            .collect()
    }
}
