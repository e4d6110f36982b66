use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Under `redline check --base REV`, with a changelog configured (`[diff] changelog =
    /// "CHANGELOG.md"` in `redline.toml`, relative to that file): when the policy changed
    /// materially since its version at `REV`, the changelog must have changed too (its
    /// working-tree version, or its staged version with `--staged`, differs from `REV`'s;
    /// a changelog created since `REV` counts). Without a configured changelog the rule
    /// reports nothing; a policy file that did not exist at `REV` is not checked.
    ///
    /// ## Why it matters
    /// Readers must be able to find out what changed and when. CalOPPA requires the policy
    /// to describe how users are told of material changes (Cal. Bus. & Prof. Code
    /// §22575(b)(3)); Colorado requires material changes to be notified (4 CCR 904-3 Rule
    /// 6.04); PIPL Art. 17(2) requires individuals to be informed when a notified item
    /// changes; and the controller must be able to show what its notice said when (GDPR
    /// Art. 5(2), accountability). A changelog kept with the policy is that record.
    ///
    /// ## Example
    /// The branch adds "We also collect your precise geolocation." to `privacy.md` and
    /// bumps its date, but `CHANGELOG.md` is the same as on `main`.
    ///
    /// ## How to fix
    /// Add an entry to the changelog: what changed, and from when it applies.
    pub struct MaterialChangeWithoutChangelog {
        code: "P002",
        name: "material-change-without-changelog",
        family: PolicyChange,
        severity: Warning,
        summary: "A material change since the base revision has no changelog entry",
    }
}

impl Rule for MaterialChangeWithoutChangelog {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let Some(change) = ctx.change else {
            return Vec::new();
        };
        let Some(log) = &change.changelog else {
            return Vec::new();
        };
        if log.touched || !change.is_material() {
            return Vec::new();
        }
        let rev = &change.rev;
        let message = if log.exists {
            format!(
                "Material change since {rev} ({}), but the changelog {} was not changed",
                change.reasons_text(),
                log.path
            )
        } else {
            format!(
                "Material change since {rev} ({}), but the changelog {} does not exist",
                change.reasons_text(),
                log.path
            )
        };
        let span = super::anchor(ctx, change);
        let d = Self::META
            .diagnostic(message, span)
            .with_label(span, format!("changed materially since {rev}"))
            .with_help(format!(
                "add an entry to {} saying what changed and from when it applies",
                log.path
            ));
        vec![super::label_changes(d, change)]
    }
}
