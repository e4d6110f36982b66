use crate::ast::DateRole;
use crate::diagnostic::{Diagnostic, RequirementRef, Severity};
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Default number of days after which a policy is stale: 365. CCPA Civ. Code
/// §1798.130(a)(5) requires the privacy policy to be updated at least once every 12 months;
/// other laws expect notices to be kept up to date (GDPR Art. 12(1), 13(3)). Change it with
/// `--stale-after DAYS`.
pub const DEFAULT_STALE_AFTER_DAYS: i64 = 365;

declare_rule! {
    /// ## What it checks
    /// The newest date that describes the policy (last updated, effective, or, failing
    /// those, a byline date) must be no more than 365 days before "today" (`--today`,
    /// default the system date; change the limit with `--stale-after`).
    ///
    /// ## Why it matters
    /// The CCPA requires the policy to be updated at least once every 12 months (Civ. Code
    /// §1798.130(a)(5)); under every law, a notice that has not been reviewed for years is
    /// unlikely to describe current processing (GDPR Art. 13(3) requires notice of new
    /// purposes).
    ///
    /// ## Example
    /// `Author:StrongShop, 2022-02-10` checked on 2026-11-30: 1754 days old.
    ///
    /// ## How to fix
    /// Review the policy, update what changed, and set its "Last updated" date.
    pub struct StalePolicy {
        code: "D001",
        name: "stale-policy",
        family: Dates,
        severity: Warning,
        summary: "The newest policy date is more than a year old",
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

impl Rule for StalePolicy {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let newest = ctx
            .doc
            .metadata
            .dates
            .iter()
            .filter(|d| d.role.is_policy_date() && d.date <= ctx.today)
            .max_by_key(|d| (d.date, std::cmp::Reverse(d.span.start)));
        let Some(newest) = newest else {
            return Vec::new();
        };
        let age = (ctx.today - newest.date).num_days();
        // The limits in force: --stale-after, and each profile's maximum policy age. The
        // finding follows the most severe limit exceeded (then the shortest).
        let mut limits: Vec<(i64, Severity, Option<RequirementRef>)> =
            vec![(ctx.stale_after_days, Self::META.default_severity, None)];
        for p in ctx.profiles {
            if let Some(days) = p.max_policy_age_days {
                let citation = p
                    .stale_citation
                    .clone()
                    .or_else(|| p.law.clone())
                    .unwrap_or_else(|| p.name.clone());
                limits.push((
                    days,
                    p.stale_severity.unwrap_or(Self::META.default_severity),
                    Some(RequirementRef {
                        id: p
                            .stale_requirement
                            .clone()
                            .unwrap_or_else(|| format!("{}-policy-age", p.id.to_uppercase())),
                        citation,
                        profile: p.id.clone(),
                    }),
                ));
            }
        }
        let Some((limit, severity, requirement)) = limits
            .into_iter()
            .filter(|(days, _, _)| age > *days)
            .max_by_key(|(days, sev, _)| (*sev, std::cmp::Reverse(*days)))
        else {
            return Vec::new();
        };
        let role = role_name(newest.role);
        let why = match &requirement {
            Some(r) => format!(
                " ({} requires an update at least every {limit} days)",
                r.citation
            ),
            None => String::new(),
        };
        let mut d = Self::META
            .diagnostic(
                format!(
                    "The policy's newest date is {} ({role}), {age} days before {}: more than {limit} days old{why}",
                    newest.date, ctx.today
                ),
                newest.span,
            )
            .with_label(newest.span, format!("{role}, {age} days old"))
            .with_help(
                "review the policy, update what changed and set its \"Last updated\" date (CCPA Civ. Code §1798.130(a)(5) requires an update at least every 12 months)",
            );
        d.severity = severity;
        d.requirement = requirement.map(Box::new);
        vec![d]
    }
}
