use crate::analyze::contacts::url_problem;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every web address in the policy (text and link targets) that uses `http://` instead
    /// of `https://`. Local addresses (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`)
    /// are left alone, and so are malformed addresses (reported by `invalid-url`). The
    /// message shows the `https://` form to use.
    ///
    /// ## Why it matters
    /// Pages reached over plain HTTP can be read and altered on the way: a reader following
    /// the policy to an opt-out page, a request form or a cookie setting may land on a
    /// forged one. GDPR Art. 32 requires security appropriate to the risk, and contact or
    /// request forms reached this way send personal data unencrypted. Browsers warn about
    /// such pages, which undermines trust in the policy.
    ///
    /// ## Example
    /// `Opt out at http://optout.aboutads.info.`
    ///
    /// ## How to fix
    /// Link to the `https://` address, after checking that the site serves it; if it does
    /// not, consider whether the policy should send readers there.
    pub struct InsecureUrl {
        code: "C009",
        name: "insecure-url",
        family: Contact,
        severity: Warning,
        summary: "A web address uses http:// instead of https://",
    }
}

/// Whether a host is the local machine, where `http://` is normal.
fn is_local(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.');
            d == "localhost" || d.ends_with(".localhost")
        }
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

impl Rule for InsecureUrl {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for u in &ctx.facts.urls {
            if !u
                .url
                .get(..7)
                .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
                || url_problem(&u.url).is_some()
            {
                continue;
            }
            let Ok(parsed) = url::Url::parse(&u.url) else {
                continue;
            };
            if parsed.host().is_none_or(|h| is_local(&h)) {
                continue;
            }
            let secure = format!("https://{}", &u.url[7..]);
            out.push(
                Self::META
                    .diagnostic(
                        format!(
                            "`{}` is an unencrypted http:// address; use `{secure}`",
                            u.url
                        ),
                        u.span,
                    )
                    .with_label(u.span, "http://, not https://")
                    .with_help(format!(
                        "link to `{secure}` after checking that the site serves it"
                    )),
            );
        }
        out
    }
}
