use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every e-mail address in the text must be syntactically valid (RFC 5322, checked with
    /// the `email_address` crate) and have a domain with a top-level domain (RFC 1034):
    /// `privacy@company` or `info@@example.com` fail.
    ///
    /// ## Why it matters
    /// An address no one can write to is no contact at all. GDPR Art. 13(1)(a) requires the
    /// controller's contact details; CCPA §1798.130(a)(1) requires working request methods.
    ///
    /// ## Example
    /// `Email us at privacy@company` (no top-level domain).
    ///
    /// ## How to fix
    /// Correct the address, and send a test message to it.
    pub struct InvalidEmail {
        code: "C001",
        name: "invalid-email",
        family: Contact,
        severity: Error,
        summary: "An e-mail address is malformed",
    }
}

impl Rule for InvalidEmail {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        ctx.facts
            .emails
            .iter()
            .filter_map(|e| {
                let problem = e.problem.as_ref()?;
                Some(
                    Self::META
                        .diagnostic(
                            format!("`{}` is not a valid e-mail address: {problem}", e.address),
                            e.span,
                        )
                        .with_label(e.span, "invalid address")
                        .with_help("correct the address and send a test message to it"),
                )
            })
            .collect()
    }
}
