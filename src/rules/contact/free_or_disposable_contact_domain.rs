//! The provider lists are plain text files under `data/`, embedded with `include_str!` and
//! parsed once. Why data files and not a Rust array: the lists change with the market and
//! are reviewed by people who do not read Rust; why not a crate: no maintained crate ships
//! both a free-mail and a disposable list without pulling in a network fetch.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::analyze::contacts::email_domain;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Every valid e-mail address in the policy is looked up in two lists shipped with
    /// redline: free webmail providers (`data/free-email-domains.txt`: gmail.com,
    /// outlook.com, hotmail.*, yahoo.*, gmx.*, qq.com, 163.com, mail.ru, proton.me ...)
    /// and disposable-mail services (`data/disposable-email-domains.txt`: mailinator.com,
    /// yopmail.com, guerrillamail.com ...). A subdomain counts as its provider
    /// (`vip.163.com`). Each address is reported once, at its first mention; the message
    /// says which kind of provider it is.
    ///
    /// ## Why it matters
    /// The contact details the law requires are the controller's (GDPR Art. 13(1)(a) and
    /// (b), PIPL Art. 17(1)(1), LGPD Art. 9(III), PDPA s.11(5) "business contact
    /// information"). A personal mailbox on a free provider is tied to one employee, is lost
    /// when they leave, and tells a reader nothing about who runs it; it also suggests the
    /// policy was copied from a template. A disposable address stops working within hours
    /// or days, or is readable by anyone: requests sent there are lost or exposed.
    ///
    /// ## Example
    /// `Questions about this policy? Write to bbuxton@gmail.com.`
    ///
    /// ## How to fix
    /// Publish a role address on the organisation's own domain (`privacy@example.com`) that
    /// more than one person reads, and keep it working.
    pub struct FreeOrDisposableContactDomain {
        code: "C004",
        name: "free-or-disposable-contact-domain",
        family: Contact,
        severity: Warning,
        summary: "The privacy contact uses a free or disposable e-mail provider",
    }
}

/// What kind of mail provider a domain belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ProviderKind {
    /// A free webmail provider (gmail.com).
    Free,
    /// A disposable / temporary mail service (mailinator.com).
    Disposable,
}

/// One parsed list: exact domains (also matching their subdomains) and `name.*` prefixes.
struct DomainList {
    exact: HashSet<&'static str>,
    wildcard: Vec<&'static str>,
}

impl DomainList {
    fn parse(text: &'static str) -> Self {
        let mut exact = HashSet::new();
        let mut wildcard = Vec::new();
        for line in text.lines() {
            let entry = line.split('#').next().unwrap_or("").trim();
            if entry.is_empty() {
                continue;
            }
            match entry.strip_suffix(".*") {
                Some(name) => wildcard.push(name),
                None => {
                    exact.insert(entry);
                }
            }
        }
        DomainList { exact, wildcard }
    }

    /// The entry `domain` matches: itself or a parent domain, or `name.*` when the domain
    /// is `name.` plus one or two labels (`yahoo.co.uk`).
    fn matches(&self, domain: &str) -> Option<String> {
        let mut d = domain;
        loop {
            if self.exact.contains(d) {
                return Some(d.to_string());
            }
            match d.split_once('.') {
                Some((_, rest)) if rest.contains('.') => d = rest,
                _ => break,
            }
        }
        let (first, rest) = domain.split_once('.')?;
        (self.wildcard.contains(&first) && is_public_suffix(rest)).then(|| domain.to_string())
    }
}

/// Whether `s` looks like a public suffix a provider registers country variants under: a
/// top-level domain (`fr`, `com`) or a generic second level under a country code (`co.uk`,
/// `com.br`). An approximation of the Public Suffix List, enough for `name.*` entries.
fn is_public_suffix(s: &str) -> bool {
    const SECOND_LEVEL: &[&str] = &["co", "com", "net", "org", "ne", "or", "ac"];
    let labels: Vec<&str> = s.split('.').collect();
    let alpha = |l: &str| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphabetic());
    match labels.as_slice() {
        [tld] => alpha(tld),
        [second, cc] => SECOND_LEVEL.contains(second) && cc.len() == 2 && alpha(cc),
        _ => false,
    }
}

static FREE: LazyLock<DomainList> =
    LazyLock::new(|| DomainList::parse(include_str!("../../../data/free-email-domains.txt")));
static DISPOSABLE: LazyLock<DomainList> =
    LazyLock::new(|| DomainList::parse(include_str!("../../../data/disposable-email-domains.txt")));

/// The provider kind of a mail domain (lower case), with the list entry it matched.
pub(crate) fn provider_kind(domain: &str) -> Option<(ProviderKind, String)> {
    if let Some(e) = DISPOSABLE.matches(domain) {
        return Some((ProviderKind::Disposable, e));
    }
    FREE.matches(domain).map(|e| (ProviderKind::Free, e))
}

impl Rule for FreeOrDisposableContactDomain {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let mut seen: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for e in ctx.facts.emails.iter().filter(|e| e.problem.is_none()) {
            let address = e.address.to_lowercase();
            if seen.contains(&address) {
                continue;
            }
            seen.push(address);
            let domain = email_domain(&e.address);
            let Some((kind, _)) = provider_kind(&domain) else {
                continue;
            };
            let (what, label, help) = match kind {
                ProviderKind::Free => (
                    "a free webmail provider: a personal mailbox, not the organisation's",
                    "free webmail address",
                    "publish a role address on the organisation's own domain (privacy@your-domain) that more than one person reads",
                ),
                ProviderKind::Disposable => (
                    "a disposable (temporary) e-mail service: messages sent there expire or can be read by anyone",
                    "disposable address",
                    "replace it with a lasting role address on the organisation's own domain (privacy@your-domain)",
                ),
            };
            out.push(
                Self::META
                    .diagnostic(
                        format!(
                            "The contact address `{}` is on `{domain}`, {what}",
                            e.address
                        ),
                        e.span,
                    )
                    .with_label(e.span, label)
                    .with_help(help),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists() {
        assert_eq!(provider_kind("gmail.com").unwrap().0, ProviderKind::Free);
        assert_eq!(provider_kind("vip.163.com").unwrap().0, ProviderKind::Free);
        assert_eq!(provider_kind("yahoo.co.uk").unwrap().0, ProviderKind::Free);
        assert_eq!(provider_kind("gmx.de").unwrap().0, ProviderKind::Free);
        assert_eq!(
            provider_kind("mailinator.com").unwrap().0,
            ProviderKind::Disposable
        );
        assert!(provider_kind("example.com").is_none());
        // `mail.com` is a provider, but `gmail.com` is not its subdomain and neither is
        // `hotmail-support.example.com` a Hotmail domain.
        assert!(provider_kind("tewatchmail.com").is_none());
        assert!(provider_kind("yahoo.example.co.uk").is_none());
        assert!(provider_kind("corp.wechat.com").is_none());
        assert!(provider_kind("live.example.com").is_none());
        assert_eq!(
            provider_kind("outlook.com.br").unwrap().0,
            ProviderKind::Free
        );
    }
}
