use crate::analyze::contacts::url_problem;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every web address in the policy, in the text and as a link target, must be
    /// well-formed: the `url` crate (the WHATWG URL standard browsers use) must parse it,
    /// `http:` / `https:` must be followed by `//`, and the host must be a valid host name
    /// (RFC 1034/1123: letters, digits and hyphens, no empty label, a top-level domain) or
    /// an IP address. Addresses that the link finder rejects but that start with `http:` or
    /// `https:` (`https:/example.com`, `https://exa_mple.com`) are checked too. Every
    /// occurrence is reported.
    ///
    /// ## Why it matters
    /// A policy must be "easily accessible" (GDPR Art. 12(1)) and give working means to
    /// contact the controller and exercise rights (GDPR Art. 12(2), 13(1)(a); CCPA
    /// §1798.130(a)(1)); CCPA and CalOPPA point readers to opt-out pages by link
    /// (§1798.135(a), Bus. & Prof. Code §22575(b)(5)). A broken address sends the reader
    /// nowhere: the browser may "repair" some typos, but mail clients, PDF readers and
    /// screen readers do not.
    ///
    /// ## Example
    /// `Opt out at https:/example.com/opt-out or https://www.example..com/privacy.`
    ///
    /// ## How to fix
    /// Correct the address (usually a missing `/`, a doubled `.` or a space in the host) and
    /// open it to check that it works.
    pub struct InvalidUrl {
        code: "C005",
        name: "invalid-url",
        family: Contact,
        severity: Error,
        summary: "A web address is malformed",
    }
}

impl Rule for InvalidUrl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        ctx.facts
            .urls
            .iter()
            .filter_map(|u| {
                let problem = url_problem(&u.url)?;
                Some(
                    Self::META
                        .diagnostic(
                            format!("`{}` is not a valid web address: {problem}", u.url),
                            u.span,
                        )
                        .with_label(u.span, "malformed address")
                        .with_help("correct the address and open it to check that it works"),
                )
            })
            .collect()
    }
}
