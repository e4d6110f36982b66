use crate::analyze::dates::Reading;
use crate::ast::DateRole;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every date in the policy must exist, and no date may be a template left unfilled:
    /// - impossible dates: `2023-02-30`, `31 April 2024`, `2022年2月30日`, `31/13/2022`;
    /// - placeholders: `XX mars 2025`, `March XX, 2025`, `[DATE]`, `MM/DD/YYYY`,
    ///   `__/__/____`, `JJ/MM/AAAA`, `2025年X月X日`.
    ///
    /// A placeholder is reported when it keeps a real year (`XX/XX/2025`) or stands after a
    /// date label (`Last updated: [DATE]`); an instruction such as "enter your date of
    /// birth as MM/DD/YYYY" is not a placeholder. A placeholder that keeps a real month and
    /// year (`XX mars 2025`) still dates the policy to that month for `stale-policy`.
    ///
    /// ## Why it matters
    /// A last-updated or effective date is a required disclosure (CCPA regulations, 11 CCR
    /// §7011(e)(4); CalOPPA, Bus. & Prof. Code §22575(b)(4)); a date that does not exist
    /// or was never filled in discloses nothing and shows the text was published
    /// unreviewed. Dates elsewhere (retention deadlines, the date of a law) that do not
    /// exist make those statements unclear, against the GDPR's demand for clear and plain
    /// language (Art. 12(1)).
    ///
    /// ## Example
    /// ```text
    /// Date de dernière mise à jour : XX mars 2025
    /// Effective date: 2023-02-30
    /// ```
    ///
    /// ## How to fix
    /// Write the real date, in full: `14 mars 2025`, `2023-02-28`.
    pub struct InvalidDate {
        code: "D004",
        name: "invalid-date",
        family: Dates,
        severity: Error,
        summary: "A date does not exist (2023-02-30) or is a placeholder (XX mars 2025)",
    }
}

fn what(role: DateRole) -> &'static str {
    match role {
        DateRole::LastUpdated => "The last-updated date",
        DateRole::Effective => "The effective date",
        DateRole::Byline => "The policy's date",
        DateRole::Other => "The date",
    }
}

impl Rule for InvalidDate {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for c in ctx.facts.dates.iter().cloned() {
            let d = match c.reading {
                Reading::Impossible(bad) => Self::META
                    .diagnostic(
                        format!(
                            "{} \"{}\" does not exist: {}",
                            what(c.role),
                            c.text,
                            bad.reason()
                        ),
                        c.span,
                    )
                    .with_label(c.span, "no such day")
                    .with_help("correct the day or the month"),
                Reading::Placeholder { month } => {
                    let kept = match month {
                        Some(m) => format!(
                            "; only the month is known ({}), which stale-policy uses",
                            m.format("%Y-%m")
                        ),
                        None => String::new(),
                    };
                    Self::META
                        .diagnostic(
                            format!(
                                "{} \"{}\" is a placeholder that was never filled in{kept}",
                                what(c.role),
                                c.text
                            ),
                            c.span,
                        )
                        .with_label(c.span, "placeholder, not a date")
                        .with_help("replace the placeholder with the real date, written in full")
                }
                Reading::Date(_) | Reading::Ambiguous { .. } => continue,
            };
            out.push(d);
        }
        out
    }
}
