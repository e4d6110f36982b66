//! Contact details in the text: e-mail addresses, web addresses, phone numbers.
//!
//! Finding and validating are split on purpose. Web addresses are found with `linkify`.
//! E-mail *candidates* are found by a deliberately loose scan around each `@` (so that a
//! malformed address such as `privacy@company` or `info@@example.com` is still seen and
//! can be reported), then validated with the `email_address` crate (RFC 5322 syntax) plus
//! one check that crate leaves out on purpose: a public contact address needs a domain with
//! a dot and an alphabetic top-level label (RFC 1034 host names; `user@localhost` is valid
//! syntax but no one outside can write to it).

use std::str::FromStr;

use serde::Serialize;

use crate::ast::{Document, SectionKind, Span, Text};

/// An e-mail-like token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmailMention {
    /// The address as written (a `mailto:` prefix removed).
    pub address: String,
    /// Why it is not a usable address, or `None` when it is valid.
    pub problem: Option<String>,
    /// Written with `[at]`/`[dot]` (or `(at)`, `{at}`) against spam harvesters;
    /// `address` is the de-obfuscated form.
    pub obfuscated: bool,
    /// Where it is.
    pub span: Span,
    /// Kinds of the innermost section it is in (empty in the preamble).
    pub section_kinds: Vec<SectionKind>,
}

/// A web address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UrlMention {
    /// The URL as written.
    pub url: String,
    /// Where it is.
    pub span: Span,
    /// Kinds of the innermost section it is in.
    pub section_kinds: Vec<SectionKind>,
    /// Whether the surrounding text speaks of contacting (`contact`, `questions` ...).
    pub near_contact_words: bool,
}

/// A phone-number-like token (at least 7 digits, optional `+`, spaces, dots, dashes,
/// parentheses). Validation per country comes with the `invalid-phone` rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhoneMention {
    /// The number as written.
    pub number: String,
    /// Where it is.
    pub span: Span,
    /// Kinds of the innermost section it is in.
    pub section_kinds: Vec<SectionKind>,
    /// Whether the surrounding text speaks of contacting.
    pub near_contact_words: bool,
}

const CONTACT_WORDS: &[&str] = &[
    "contact",
    "questions",
    "reach us",
    "write to",
    "call us",
    "phone",
    "telephone",
    "email",
    "e-mail",
    "kontakt",
    "contacter",
    "contacto",
    "联系",
    "聯絡",
];

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c)
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-' || c == '@'
}

/// Why `address` is not a usable public contact address, or `None` when it is one.
pub fn email_problem(address: &str) -> Option<String> {
    if let Err(e) = email_address::EmailAddress::from_str(address) {
        return Some(e.to_string());
    }
    let domain = address.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
    let tld = domain.rsplit_once('.').map(|(_, t)| t);
    match tld {
        None => Some(format!("the domain `{domain}` has no top-level domain")),
        Some(t) if t.len() < 2 || !t.chars().all(|c| c.is_alphabetic()) => {
            Some(format!("`{t}` is not a top-level domain"))
        }
        _ => None,
    }
}

/// E-mail candidates in a string: byte ranges.
fn email_candidates(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut last_end = 0;
    for (at, _) in s.match_indices('@') {
        if at < last_end {
            continue;
        }
        let start = s[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_local_char(*c))
            .last()
            .map_or(at, |(i, _)| i);
        let mut end = at
            + 1
            + s[at + 1..]
                .char_indices()
                .take_while(|(_, c)| is_domain_char(*c))
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8());
        while end > at + 1 && s[..end].ends_with(['.', '-']) {
            end -= 1;
        }
        let local = s[start..at].trim_start_matches('.');
        let start = at - local.len();
        let domain = &s[at + 1..end];
        if local.is_empty() || !domain.chars().any(|c| c.is_alphabetic()) {
            continue;
        }
        out.push((start, end));
        last_end = end;
    }
    out
}

struct Ctx<'a> {
    text: &'a Text,
    kinds: &'a [SectionKind],
}

/// Extracts e-mails, URLs and phone numbers from every text of the document.
pub fn extract(doc: &Document) -> super::Facts {
    let mut facts = super::Facts::default();
    let mut ctxs: Vec<Ctx> = Vec::new();
    for b in &doc.preamble {
        for t in b.texts() {
            ctxs.push(Ctx {
                text: t,
                kinds: &[],
            });
        }
    }
    for s in doc.all_sections() {
        for b in &s.blocks {
            for t in b.texts() {
                ctxs.push(Ctx {
                    text: t,
                    kinds: &s.kinds,
                });
            }
        }
    }
    let finder = linkify::LinkFinder::new();
    for ctx in &ctxs {
        let t = ctx.text;
        let lower = t.text.to_lowercase();
        let near_contact = CONTACT_WORDS.iter().any(|w| lower.contains(w));
        let mut url_ranges = Vec::new();
        for link in finder.links(&t.text) {
            if *link.kind() != linkify::LinkKind::Url {
                continue;
            }
            url_ranges.push((link.start(), link.end()));
            facts.urls.push(UrlMention {
                url: link.as_str().to_string(),
                span: t.source_span(link.start(), link.end()),
                section_kinds: ctx.kinds.to_vec(),
                near_contact_words: near_contact,
            });
        }
        // Link targets (Markdown `[here](https://...)`) are addresses too, even when the
        // visible text is not.
        for link in &t.links {
            let target = link.target.trim();
            let is_web = target.starts_with("http://") || target.starts_with("https://");
            if is_web
                && !facts.urls.iter().any(|u| {
                    u.url == target
                        && u.span.start >= link.span.start
                        && u.span.end <= link.span.end
                })
            {
                facts.urls.push(UrlMention {
                    url: target.to_string(),
                    span: link.span,
                    section_kinds: ctx.kinds.to_vec(),
                    near_contact_words: near_contact,
                });
            }
        }
        for (start, end) in email_candidates(&t.text) {
            if url_ranges.iter().any(|(a, b)| start >= *a && end <= *b) {
                continue;
            }
            let address = &t.text[start..end];
            facts.emails.push(EmailMention {
                address: address.to_string(),
                problem: email_problem(address),
                obfuscated: false,
                span: t.source_span(start, end),
                section_kinds: ctx.kinds.to_vec(),
            });
        }
        for (start, end, address) in obfuscated_emails(&t.text) {
            facts.emails.push(EmailMention {
                problem: email_problem(&address),
                address,
                obfuscated: true,
                span: t.source_span(start, end),
                section_kinds: ctx.kinds.to_vec(),
            });
        }
        // mailto: links whose address is not in the visible text.
        for link in &t.links {
            if let Some(addr) = link.target.strip_prefix("mailto:") {
                let addr = addr.split('?').next().unwrap_or("");
                if !facts.emails.iter().any(|e| e.address == addr) && !addr.is_empty() {
                    facts.emails.push(EmailMention {
                        address: addr.to_string(),
                        problem: email_problem(addr),
                        obfuscated: false,
                        span: link.span,
                        section_kinds: ctx.kinds.to_vec(),
                    });
                }
            }
        }
        for (start, end) in phone_candidates(&t.text) {
            if url_ranges.iter().any(|(a, b)| start < *b && end > *a) {
                continue;
            }
            facts.phones.push(PhoneMention {
                number: t.text[start..end].to_string(),
                span: t.source_span(start, end),
                section_kinds: ctx.kinds.to_vec(),
                near_contact_words: near_contact,
            });
        }
    }
    facts.emails.sort_by_key(|e| e.span);
    facts.urls.sort_by_key(|u| u.span);
    facts.phones.sort_by_key(|p| p.span);
    facts
}

/// Obfuscated addresses: `dpo[at]github[dot]com`, `security[at]activist.org`,
/// `privacy (at) example (dot) org`. Returns byte ranges and the de-obfuscated address.
fn obfuscated_emails(s: &str) -> Vec<(usize, usize, String)> {
    const AT: &[&str] = &["[at]", "(at)", "{at}"];
    const DOT: &[&str] = &["[dot]", "(dot)", "{dot}"];
    let lower = s.to_ascii_lowercase();
    let mut out = Vec::new();
    for at_token in AT {
        for (p, _) in lower.match_indices(at_token) {
            let left = s[..p].trim_end_matches(' ');
            let local_start = left
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_local_char(*c) && *c != '.')
                .last()
                .map_or(left.len(), |(i, _)| i);
            let local = &left[local_start..];
            if local.is_empty() {
                continue;
            }
            let mut pos = p + at_token.len();
            let mut labels: Vec<&str> = Vec::new();
            loop {
                let rest = &s[pos..];
                let ws = rest.len() - rest.trim_start_matches(' ').len();
                let label_start = if labels.is_empty() { pos + ws } else { pos };
                let label_len = s[label_start..]
                    .char_indices()
                    .take_while(|(_, c)| c.is_alphanumeric() || *c == '-')
                    .last()
                    .map_or(0, |(i, c)| i + c.len_utf8());
                if label_len == 0 {
                    break;
                }
                labels.push(&s[label_start..label_start + label_len]);
                pos = label_start + label_len;
                let after = &lower[pos..];
                let trimmed = after.trim_start_matches(' ');
                if let Some(d) = DOT.iter().find(|d| trimmed.starts_with(**d)) {
                    let next = pos + (after.len() - trimmed.len()) + d.len();
                    let skip = s[next..].len() - s[next..].trim_start_matches(' ').len();
                    pos = next + skip;
                } else if after.starts_with('.')
                    && after[1..].starts_with(|c: char| c.is_alphanumeric())
                {
                    pos += 1;
                } else {
                    break;
                }
            }
            if labels.len() >= 2 {
                out.push((local_start, pos, format!("{local}@{}", labels.join("."))));
            }
        }
    }
    out.sort();
    out
}

/// Phone-like runs: an optional `+`, then digits with single spaces, dots, dashes or
/// parentheses between them; 7 to 15 digits (ITU-T E.164 allows at most 15). Runs that look
/// like dates (`2022-02-10`) are skipped.
fn phone_candidates(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = (b[i] == b'+' || b[i] == b'(' || b[i].is_ascii_digit())
            && (i == 0 || !(b[i - 1].is_ascii_alphanumeric()));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut digits = 0;
        while j < b.len() {
            let c = b[j];
            if c.is_ascii_digit() {
                digits += 1;
                j += 1;
            } else if c == b')'
                || matches!(c, b' ' | b'-' | b'.' | b'(' | b'+')
                    && j + 1 < b.len()
                    && (b[j + 1].is_ascii_digit() || b[j + 1] == b'(')
            {
                j += 1;
            } else {
                break;
            }
        }
        let token = &s[i..j];
        let date_like = crate::analyze::dates::find_dates(token)
            .first()
            .is_some_and(|d| d.start == 0);
        if (7..=15).contains(&digits)
            && !date_like
            && (token.starts_with('+') || token.contains([' ', '-', '(', '.']))
        {
            out.push((i, j));
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_candidates_and_validity() {
        let s = "contact us by Email: ty@tewatchmail.com , we will respond";
        let c = email_candidates(s);
        assert_eq!(c.len(), 1);
        assert_eq!(&s[c[0].0..c[0].1], "ty@tewatchmail.com");
        assert_eq!(email_problem("ty@tewatchmail.com"), None);
        assert!(email_problem("privacy@company").is_some());
        assert!(email_problem("a b@example.com").is_some());
        assert!(email_candidates("follow @redline on social media").is_empty());
        let s = "write to privacy@example.org.";
        let c = email_candidates(s);
        assert_eq!(&s[c[0].0..c[0].1], "privacy@example.org");
    }

    #[test]
    fn obfuscated() {
        let s = "emailing our Data Protection Officer at dpo[at]github[dot]com.";
        let o = obfuscated_emails(s);
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].2, "dpo@github.com");
        assert_eq!(&s[o[0].0..o[0].1], "dpo[at]github[dot]com");
        let s = "contact us at security[at]activist.org.";
        assert_eq!(obfuscated_emails(s)[0].2, "security@activist.org");
        let s = "privacy (at) example (dot) org";
        assert_eq!(obfuscated_emails(s)[0].2, "privacy@example.org");
        assert!(obfuscated_emails("look [at] this").is_empty());
    }

    #[test]
    fn phones() {
        let s = "Call +1 (800) 555-0199 or see 2022-02-10 and 12 months.";
        let p = phone_candidates(s);
        assert_eq!(p.len(), 1);
        assert_eq!(&s[p[0].0..p[0].1], "+1 (800) 555-0199");
    }
}
