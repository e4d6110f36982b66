use crate::change::{effective_date, role_name};
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Under `redline check --base REV`, with a notice period configured (`[diff]
    /// notice-days = 30` in `redline.toml`; 0, the default, turns the rule off): when the
    /// policy changed materially since its version at `REV`, the changed version must take
    /// effect at least that many days after "today" (`--today`). It takes effect on its
    /// newest effective date, else its newest "last updated" date, else — no date — on
    /// publication, i.e. today. A file that did not exist at `REV` is not checked.
    ///
    /// ## Why it matters
    /// People must hear of a material change before it applies to them. GDPR Art. 13(3)
    /// and 14(4) require information *prior to* processing for a new purpose, and the
    /// transparency guidelines (WP260 rev.01, ¶29–33) expect changes to be communicated in
    /// advance, leaving time to object or leave. The CCPA forbids collecting additional
    /// categories of personal information, or using it for additional purposes, without
    /// notice (Civ. Code §1798.100(a)(1)); CalOPPA requires the policy to say how users
    /// are told of material changes (Cal. Bus. & Prof. Code §22575(b)(3)). The law rarely
    /// fixes the number of days; contracts and terms of service often do (30 days is
    /// common), which is why it is configured rather than built in.
    ///
    /// ## Example
    /// With `notice-days = 30` and `--today 2026-11-30`, a branch that adds a new data
    /// category and sets `Effective date: 2026-12-05`: 5 days' notice.
    ///
    /// ## How to fix
    /// Set the effective date at least the configured number of days ahead (and announce
    /// the change), or, if the change must apply sooner, lower `notice-days` for this case
    /// with a documented reason.
    pub struct NoticePeriodTooShort {
        code: "P003",
        name: "notice-period-too-short",
        family: PolicyChange,
        severity: Error,
        summary: "A material change takes effect sooner than the configured notice period",
    }
}

fn days(n: i64) -> String {
    if n.abs() == 1 {
        format!("{n} day")
    } else {
        format!("{n} days")
    }
}

impl Rule for NoticePeriodTooShort {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let Some(change) = ctx.change else {
            return Vec::new();
        };
        let required = change.notice_days;
        if required <= 0 || !change.is_material() {
            return Vec::new();
        }
        let effective = effective_date(ctx.doc);
        let date = effective.map_or(ctx.today, |m| m.date);
        let notice = (date - ctx.today).num_days();
        if notice >= required {
            return Vec::new();
        }
        let (rev, today) = (&change.rev, ctx.today);
        let reasons = change.reasons_text();
        let when = match effective {
            Some(m) if notice >= 0 => format!(
                "takes effect on {} (its {}), {} after today ({today})",
                m.date,
                role_name(m.role),
                days(notice)
            ),
            Some(m) => format!(
                "took effect on {} (its {}), {} before today ({today})",
                m.date,
                role_name(m.role),
                days(-notice)
            ),
            None => "takes effect on publication: the policy states no effective date".to_string(),
        };
        let message = format!(
            "Material change since {rev} ({reasons}) {when}, less than the {} of notice required (`diff.notice-days`)",
            days(required)
        );
        let span = effective.map_or_else(|| super::anchor(ctx, change), |m| m.mention_span);
        let d = Self::META
            .diagnostic(message, span)
            .with_label(span, format!("{} of notice", days(notice.max(0))))
            .with_help(format!(
                "state an effective date on or after {} beside the \"Last updated\" date (which says when the new text was published), and announce the change before then (GDPR Art. 13(3); Cal. Civ. Code §1798.100(a)(1))",
                today + chrono::Duration::days(required)
            ));
        vec![super::label_changes(d, change)]
    }
}
