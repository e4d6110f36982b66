//! Contact details in the text: e-mail addresses, web addresses, phone numbers.
//!
//! Finding and validating are split on purpose. Web addresses are found with `linkify`,
//! plus a loose scan for `http:` / `https:` tokens linkify rejects (`https:/example.com`),
//! so that `invalid-url` sees them; [`url_problem`] validates them.
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

/// Whether `text`, in lower case, holds one of [`CONTACT_WORDS`]. The text is searched in
/// an ASCII lower-case copy (as good as the lower case: see below), by one leftmost
/// automaton: unlike one built to ignore ASCII case, or with the standard match kind, it
/// gets a vectorised prefilter, so that it does not walk every byte (whether a word
/// occurs does not depend on the match kind). The copy is not the lower case when the
/// text holds the Kelvin sign: the one character outside ASCII whose lower case is an
/// ASCII letter (`k`, as in `kontakt`). `İ` lower-cases to `i` and a combining dot, which
/// no word can match across (none ends in `i`); the CJK words have no case.
fn near_contact_words(text: &str) -> bool {
    static WORDS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    if !text.contains('\u{212A}') {
        WORDS
            .get_or_init(|| {
                aho_corasick::AhoCorasick::builder()
                    .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                    // Built at every start; the prefilter does most of the searching.
                    .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                    .build(CONTACT_WORDS)
                    .expect("the contact words are a short fixed list and always build")
            })
            .is_match(&text.to_ascii_lowercase())
    } else {
        let lower = text.to_lowercase();
        CONTACT_WORDS.iter().any(|w| lower.contains(w))
    }
}

/// A character of an address's local part; invisible characters ([`super::is_invisible`])
/// are read through.
fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c) || super::is_invisible(c)
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || c == '.' || c == '-' || c == '@' || super::is_invisible(c)
}

/// Space allowed around the `[at]` and `[dot]` of an obfuscated address: a space, or the
/// no-break spaces web pages use there (U+00A0, U+202F), or an invisible character.
fn is_inline_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}') || super::is_invisible(c)
}

/// `s` without invisible characters (the address an e-mail client would see).
fn without_invisible(s: &str) -> String {
    s.chars().filter(|c| !super::is_invisible(*c)).collect()
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
    // Scans never go back before the end of the previous scan, and every `@` inside a
    // scanned run is skipped, so the whole search is linear even in `@@@@…`.
    let mut last_end = 0;
    for (at, _) in s.match_indices('@') {
        if at < last_end {
            continue;
        }
        let start = last_end
            + s[last_end..at]
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_local_char(*c))
                .last()
                .map_or(at - last_end, |(i, _)| i);
        let mut end = at
            + 1
            + s[at + 1..]
                .char_indices()
                .take_while(|(_, c)| is_domain_char(*c))
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8());
        while end > at + 1
            && s[..end].ends_with(|c: char| c == '.' || c == '-' || super::is_invisible(c))
        {
            end -= s[..end].chars().next_back().map_or(1, char::len_utf8);
        }
        let local = s[start..at].trim_start_matches(|c: char| c == '.' || super::is_invisible(c));
        let start = at - local.len();
        let domain = &s[at + 1..end];
        let scanned_to = end.max(at + 1);
        if local.chars().all(super::is_invisible) || !domain.chars().any(|c| c.is_alphabetic()) {
            last_end = scanned_to;
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
    // Headings can hold contact details too ("##### Phone: +1-904-664-9194").
    let sections = doc.all_sections();
    let titles: Vec<crate::ast::Text> = sections
        .iter()
        .map(|s| {
            if s.title_span.len() == s.title.len() {
                crate::ast::Text::verbatim(&s.title, s.title_span)
            } else {
                crate::ast::Text {
                    text: s.title.clone(),
                    links: Vec::new(),
                    span: s.title_span,
                    segments: crate::ast::Segments::default(),
                }
            }
        })
        .collect();
    for (s, title) in sections.iter().zip(&titles) {
        ctxs.push(Ctx {
            text: title,
            kinds: &s.kinds,
        });
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
    let mut emails_seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut emails_seen_upto = 0;
    for ctx in &ctxs {
        let t = ctx.text;
        let text_urls_start = facts.urls.len();
        // Only a text with an address needs to know (most texts have none): worked out on
        // first use.
        let near_contact_cell = std::cell::OnceCell::new();
        let near_contact = || *near_contact_cell.get_or_init(|| near_contact_words(&t.text));
        let mut url_ranges = Vec::new();
        for link in finder.links(&t.text) {
            if *link.kind() != linkify::LinkKind::Url {
                continue;
            }
            // linkify keeps going over a no-break space (U+00A0, common in HTML-derived
            // text): "https://a.example/x\u{a0}or". Cut at any whitespace and trim again.
            let start = link.start();
            let raw = link.as_str();
            let cut = raw.find(char::is_whitespace).unwrap_or(raw.len());
            let end = start + trim_url_end(&raw[..cut]);
            url_ranges.push((start, end));
            facts.urls.push(UrlMention {
                url: t.text[start..end].to_string(),
                span: t.source_span(start, end),
                section_kinds: ctx.kinds.to_vec(),
                near_contact_words: near_contact(),
            });
        }
        // Malformed web addresses linkify does not take for links (`https:/example.com`,
        // `https://exa_mple.com`): kept, so that `invalid-url` can report them.
        let linked = Ranges::new(url_ranges.clone());
        for (start, end) in loose_urls(&t.text, &linked) {
            url_ranges.push((start, end));
            facts.urls.push(UrlMention {
                url: t.text[start..end].to_string(),
                span: t.source_span(start, end),
                section_kinds: ctx.kinds.to_vec(),
                near_contact_words: near_contact(),
            });
        }
        // Link targets (Markdown `[here](https://...)`) are addresses too, even when the
        // visible text is not. A target equal to the visible address (up to a final `/`)
        // is the same mention.
        // Visible addresses of this text by URL, spans sorted, for the look-up below
        // (a linear scan per link would make a paragraph of many links quadratic).
        let mut visible: std::collections::HashMap<String, Vec<Span>> =
            std::collections::HashMap::new();
        for u in &facts.urls[text_urls_start..] {
            visible
                .entry(u.url.trim_end_matches('/').to_string())
                .or_default()
                .push(u.span);
        }
        for spans in visible.values_mut() {
            spans.sort();
        }
        for link in &t.links {
            let target = link.target.trim();
            let lower = target.to_ascii_lowercase();
            let is_web = lower.starts_with("http://") || lower.starts_with("https://");
            let shown = visible
                .get(target.trim_end_matches('/'))
                .is_some_and(|spans| {
                    let k = spans.partition_point(|s| s.start < link.span.start);
                    spans.get(k).is_some_and(|s| s.end <= link.span.end)
                });
            if is_web && !shown {
                facts.urls.push(UrlMention {
                    url: target.to_string(),
                    span: link.span,
                    section_kinds: ctx.kinds.to_vec(),
                    near_contact_words: near_contact(),
                });
            }
        }
        let url_ranges = Ranges::new(url_ranges);
        for (start, end) in email_candidates(&t.text) {
            if url_ranges.contains(start, end) {
                continue;
            }
            let address = without_invisible(&t.text[start..end]);
            facts.emails.push(EmailMention {
                problem: email_problem(&address),
                address,
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
        for e in &facts.emails[emails_seen_upto..] {
            emails_seen.insert(e.address.clone());
        }
        emails_seen_upto = facts.emails.len();
        for link in &t.links {
            if let Some(addr) = link.target.strip_prefix("mailto:") {
                let addr = addr.split('?').next().unwrap_or("");
                if !addr.is_empty() && emails_seen.insert(addr.to_string()) {
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
        // `tel:` links whose number is not in the visible text.
        for link in &t.links {
            if let Some(number) = link.target.trim().strip_prefix("tel:") {
                let number = number.split(';').next().unwrap_or("").trim();
                let digits = number.chars().filter(char::is_ascii_digit).count();
                if digits >= 3 && !t.text.contains(number) {
                    facts.phones.push(PhoneMention {
                        number: number.to_string(),
                        span: link.span,
                        section_kinds: ctx.kinds.to_vec(),
                        near_contact_words: true,
                    });
                }
            }
        }
        for (start, end) in phone_candidates(&t.text) {
            if url_ranges.overlaps(start, end) {
                continue;
            }
            facts.phones.push(PhoneMention {
                number: t.text[start..end].to_string(),
                span: t.source_span(start, end),
                section_kinds: ctx.kinds.to_vec(),
                near_contact_words: near_contact(),
            });
        }
    }
    facts.emails.sort_by_key(|e| e.span);
    facts.urls.sort_by_key(|u| u.span);
    facts.phones.sort_by_key(|p| p.span);
    facts
}

/// The domain of an e-mail address, lower case, without a final dot: `Ty@TEwatchmail.com.`
/// → `tewatchmail.com`.
pub fn email_domain(address: &str) -> String {
    address
        .rsplit_once('@')
        .map_or("", |(_, d)| d)
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// Why a web address as written is not usable, or `None` when it is fine.
///
/// The `url` crate implements the WHATWG URL standard, which is lenient on purpose (a
/// browser repairs `http:/example.com` and accepts `exa_mple.com` or `example..com` as
/// hosts). A link printed in a policy must work as written everywhere (mail clients, PDF
/// readers, other tools), so on top of `Url::parse` this asks for the `//` after `http:` /
/// `https:` and for a host name that follows RFC 1034/1123: labels of letters, digits and
/// hyphens, 1 to 63 characters, not starting or ending with a hyphen, and a top-level
/// domain (alphabetic, or an IDN `xn--` label), `localhost` aside.
pub fn url_problem(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let scheme = ["https:", "http:"]
        .into_iter()
        .find(|s| lower.starts_with(s));
    if let Some(scheme) = scheme
        && !lower[scheme.len()..].starts_with("//")
    {
        return Some(format!("`//` is missing after `{scheme}`"));
    }
    let host = match scheme.and_then(|scheme| plain_host(url, scheme.len() + 2)) {
        Some(host) => host,
        None => {
            let parsed = match url::Url::parse(url) {
                Ok(u) => u,
                Err(e) => return Some(e.to_string()),
            };
            match parsed.host() {
                Some(url::Host::Domain(d)) => d.to_string(),
                Some(_) => return None,
                None if scheme.is_some() => return Some("it has no host".into()),
                None => return None,
            }
        }
    };
    let host = host.strip_suffix('.').unwrap_or(&host);
    if host.is_empty() {
        return Some("it has no host".into());
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| l.is_empty()) {
        return Some(format!("the host `{host}` has an empty label (`..`)"));
    }
    if let Some(c) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Some(format!(
            "the host `{host}` contains `{c}`, which is not allowed in a host name"
        ));
    }
    if let Some(l) = labels.iter().find(|l| l.len() > 63) {
        return Some(format!("the host label `{l}` is longer than 63 characters"));
    }
    if let Some(l) = labels
        .iter()
        .find(|l| l.starts_with('-') || l.ends_with('-'))
    {
        return Some(format!("the host label `{l}` starts or ends with a hyphen"));
    }
    let tld = labels[labels.len() - 1];
    if labels.len() == 1 {
        return (tld != "localhost").then(|| format!("the host `{host}` has no top-level domain"));
    }
    if !(tld.starts_with("xn--") || tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return Some(format!("`{tld}` is not a top-level domain"));
    }
    None
}

/// The host `url::Url::parse` gives a web address (the `Host::Domain` it parses `url` to),
/// without parsing it, in the common case where that is plain: `url` starts with
/// `http://` or `https://` (ASCII case ignored; `host_at` is the byte after the `//`),
/// then a host of ASCII letters, digits, dots and hyphens, which ends the address or is
/// followed by `/`, `?` or `#`. The parser then fails on nothing (past the host, a
/// special scheme's path, query and fragment are repaired or percent-encoded, never
/// rejected), and its host is this one in lower case, provided that no label is an IDN
/// `xn--` one (punycode, decoded and checked) and that the last label (a final empty one
/// aside) starts with a letter (else it may be a number, and the host an IPv4 address).
/// `None` when the address is not plain so: it is then parsed. A unit test compares the
/// two on the fixtures' addresses.
fn plain_host(url: &str, host_at: usize) -> Option<String> {
    let rest = url.as_bytes().get(host_at..)?;
    let len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'.' || *b == b'-'))
        .unwrap_or(rest.len());
    if len == 0 || rest.get(len).is_some_and(|b| !b"/?#".contains(b)) {
        return None;
    }
    let host = url[host_at..host_at + len].to_ascii_lowercase();
    if host.split('.').any(|l| l.starts_with("xn--")) {
        return None;
    }
    let mut labels = host.rsplit('.');
    let last = match labels.next() {
        Some("") => labels.next()?,
        last => last?,
    };
    last.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(host)
}

/// The length of `url` without trailing punctuation that ends the sentence rather than the
/// address: `.`, `,`, `;`, `:`, `!`, `?`, quotes, and closing brackets without an opening
/// one inside the address.
fn trim_url_end(url: &str) -> usize {
    let mut end = url.len();
    loop {
        let Some(c) = url[..end].chars().next_back() else {
            return end;
        };
        let unbalanced = |open: char, close: char| {
            c == close && url[..end].matches(close).count() > url[..end].matches(open).count()
        };
        if ".,;:!?'\"”’。，；：".contains(c)
            || unbalanced('(', ')')
            || unbalanced('[', ']')
            || unbalanced('{', '}')
        {
            end -= c.len_utf8();
        } else {
            return end;
        }
    }
}

/// `http:` / `https:` tokens that linkify did not take for links (because they are
/// malformed): byte ranges, outside `taken`. A bare scheme (`https://` followed by a space,
/// as in "look for https:// in the address bar") is not an address and is skipped.
fn loose_urls(s: &str, taken: &Ranges) -> Vec<(usize, usize)> {
    // Every range below starts with `http:` or `https:` (ASCII case ignored), so it has a
    // `:` right after `http` or `https`: a text with no such `:` (most texts) has none,
    // and is spared the lower-case copy and the search.
    let b = s.as_bytes();
    let scheme_colon = |j: usize| {
        let before = &b[..j];
        super::language::ends_with_ignore_ascii_case(before, b"http")
            || super::language::ends_with_ignore_ascii_case(before, b"https")
    };
    if !memchr::memchr_iter(b':', b).any(scheme_colon) {
        return Vec::new();
    }
    let lower = s.to_ascii_lowercase();
    let mut out = Vec::new();
    // The furthest end of `out`'s ranges, all of which start before the next `i`.
    let mut out_end = 0;
    for (i, _) in lower.match_indices("http") {
        let boundary = s[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || "/.-_@%".contains(c)));
        let after = &lower[i + 4..];
        let scheme_len = if after.starts_with("s:") {
            6
        } else if after.starts_with(':') {
            5
        } else {
            continue;
        };
        // A start inside an address already found adds nothing (the test further down):
        // asked before the scan to the address's end, so that `http:http:http:…` without
        // white space is read once, not once per `http:` (quadratic).
        if !boundary || taken.contains(i, i + 1) || i < out_end {
            continue;
        }
        let len = s[i..]
            .char_indices()
            .find(|(_, c)| c.is_whitespace() || "<>\"`|，。、）】「」".contains(*c))
            .map_or(s.len() - i, |(k, _)| k);
        let end = i + trim_url_end(&s[i..i + len]);
        // "https:." or "http:)" trims back into the scheme itself: nothing after it.
        let Some(rest) = s.get(i + scheme_len..end) else {
            continue;
        };
        let rest = rest.trim_start_matches(['/', '\\']);
        if rest.is_empty() || i < out_end {
            continue;
        }
        out.push((i, end));
        out_end = out_end.max(end);
    }
    out
}

/// Byte ranges of a text (web addresses), sorted, with the furthest end of each prefix,
/// so that "is this range inside one of them" and "does it overlap one" are binary
/// searches, not scans (a paragraph of 10,000 addresses asked each of them for every
/// address and e-mail candidate: quadratic).
struct Ranges {
    /// `(start, end)`, sorted.
    sorted: Vec<(usize, usize)>,
    /// `max_end[k]`: the largest end among `sorted[..=k]`.
    max_end: Vec<usize>,
}

impl Ranges {
    fn new(mut sorted: Vec<(usize, usize)>) -> Self {
        sorted.sort_unstable();
        let max_end = sorted
            .iter()
            .scan(0, |m, &(_, b)| {
                *m = (*m).max(b);
                Some(*m)
            })
            .collect();
        Ranges { sorted, max_end }
    }

    /// Whether some range holds all of `start..end` (`a <= start && end <= b`).
    fn contains(&self, start: usize, end: usize) -> bool {
        let k = self.sorted.partition_point(|&(a, _)| a <= start);
        k > 0 && self.max_end[k - 1] >= end
    }

    /// Whether some range overlaps `start..end` (`start < b && end > a`).
    fn overlaps(&self, start: usize, end: usize) -> bool {
        let k = self.sorted.partition_point(|&(a, _)| a < end);
        k > 0 && self.max_end[k - 1] > start
    }
}

/// Obfuscated addresses: `dpo[at]github[dot]com`, `security[at]activist.org`,
/// `privacy (at) example (dot) org`. Returns byte ranges and the de-obfuscated address.
fn obfuscated_emails(s: &str) -> Vec<(usize, usize, String)> {
    const AT: &[&str] = &["[at]", "(at)", "{at}"];
    const DOT: &[&str] = &["[dot]", "(dot)", "{dot}"];
    // Every address below starts at one of AT (ASCII case ignored): an opening bracket, then
    // `at`, then its closing bracket. A text without one (most texts) is spared the
    // lower-case copy and the three searches.
    let b = s.as_bytes();
    let at_token = |p: usize| {
        b.get(p + 1..p + 4).is_some_and(|t| {
            t[..2].eq_ignore_ascii_case(b"at")
                && t[2]
                    == match b[p] {
                        b'[' => b']',
                        b'(' => b')',
                        _ => b'}',
                    }
        })
    };
    if !memchr::memchr3_iter(b'[', b'(', b'{', b).any(at_token) {
        return Vec::new();
    }
    let lower = s.to_ascii_lowercase();
    let mut out = Vec::new();
    for at_token in AT {
        for (p, _) in lower.match_indices(at_token) {
            let left = s[..p].trim_end_matches(is_inline_space);
            let local_start = left
                .char_indices()
                .rev()
                .take_while(|(_, c)| is_local_char(*c) && *c != '.' && !super::is_invisible(*c))
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
                let ws = rest.len() - rest.trim_start_matches(is_inline_space).len();
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
                let trimmed = after.trim_start_matches(is_inline_space);
                if let Some(d) = DOT.iter().find(|d| trimmed.starts_with(**d)) {
                    let next = pos + (after.len() - trimmed.len()) + d.len();
                    let skip =
                        s[next..].len() - s[next..].trim_start_matches(is_inline_space).len();
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

/// The high bit of each of the eight bytes of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
/// One in each of the eight bytes of a `u64`.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` below 0x80 that is at least `lo` (at most 0x80): with
/// each byte's high bit set, subtracting `lo` from every byte borrows from no other byte,
/// and leaves the high bit set exactly where the byte was at least `lo` (as
/// `dates::bytes_at_least`).
fn bytes_at_least(x: u64, lo: u8) -> u64 {
    ((x | HIGH_BITS) - LOW_BITS * u64::from(lo)) & HIGH_BITS
}

/// The first position from `from` on whose byte is in `lo..=hi` (ASCII, `hi` < 0x7F) or is
/// not ASCII, else `b.len()`. Eight bytes are tested at a time: a scan for the rare bytes
/// that can start a token, so that the byte-by-byte tests run only there. Callers test
/// the byte found exactly (a non-ASCII byte is returned so that they may, or skip it).
pub(super) fn next_byte_in(b: &[u8], from: usize, lo: u8, hi: u8) -> usize {
    let mut at = from;
    while let Some(chunk) = b.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        let high = x & HIGH_BITS;
        let hits = (bytes_at_least(x, lo) & !bytes_at_least(x, hi + 1) & !high) | high;
        if hits != 0 {
            return at + (hits.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < b.len() && !(lo..=hi).contains(&b[at]) && b[at].is_ascii() {
        at += 1;
    }
    at
}

/// The first position from `from` on whose byte may start a phone-like run: `+`, `(` or an
/// ASCII digit, else `b.len()`. Eight bytes are tested at a time, as in [`next_byte_in`],
/// but for the digits and `(`..=`+` only: [`next_byte_in`]'s `(`..=`9` also holds `,`,
/// `-`, `.` and `/`, which ordinary text is full of, and it stops at every byte outside
/// ASCII, which no run starts with (c400: 1.1 million stops, most of them for nothing).
/// The bytes `)` and `*` between `(` and `+` are also returned; the caller tests the byte
/// found exactly. Same positions as a byte-by-byte search for those bytes (a unit test
/// checks it).
fn next_phone_byte(b: &[u8], from: usize) -> usize {
    let mut at = from;
    while let Some(chunk) = b.get(at..at + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // `bytes_at_least` reads the low seven bits of a byte outside ASCII: those bytes
        // are masked out by `!high`.
        let digits = bytes_at_least(x, b'0') & !bytes_at_least(x, b'9' + 1);
        let open_plus = bytes_at_least(x, b'(') & !bytes_at_least(x, b'+' + 1);
        let hits = (digits | open_plus) & !(x & HIGH_BITS);
        if hits != 0 {
            return at + (hits.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < b.len() && !(b[at].is_ascii_digit() || (b'('..=b'+').contains(&b[at])) {
        at += 1;
    }
    at
}

/// Phone-like runs: an optional `+`, then digits with single spaces, dots, dashes or
/// parentheses between them, or a spaced dash (`040 42854 - 4040`); 7 to 15 digits (ITU-T
/// E.164 allows at most 15). Runs that look like dates (`2022-02-10`) are skipped. No `/`:
/// it joins the numbers of laws (`2016/679`) far more often than phone groups.
fn phone_candidates(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Most bytes are letters, spaces and punctuation: skipped eight at a time to the
        // next byte that may start a run (`+`, `(` or a digit).
        i = next_phone_byte(b, i);
        if i == b.len() {
            break;
        }
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
            } else if let Some(sep) = [" - ", " – "]
                .into_iter()
                .find(|sep| s[j..].starts_with(sep))
                && b.get(j + sep.len()).is_some_and(u8::is_ascii_digit)
            {
                // "040 42854 - 4040": a spaced dash between groups.
                j += sep.len();
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

    /// The automaton agrees with lower-casing and searching.
    #[test]
    fn contact_words_found_in_any_case() {
        for (text, want) in [
            ("Please CONTACT us", true),
            ("Questions? Write To us", true),
            ("E-Mail: a@b.c", true),
            ("See our site", false),
            ("\u{212A}ontakt: a@b.c", true),
            ("联系我们", true),
            ("Écrivez-nous", false),
            ("Écrivez-nous: CONTACTER", true),
            ("QUESTİONS İ", false),
            ("Téléphone", true),
            ("TELEPHONE Ü", true),
            ("聯絡 Ä", true),
        ] {
            assert_eq!(near_contact_words(text), want, "{text}");
            let lower = text.to_lowercase();
            assert_eq!(
                CONTACT_WORDS.iter().any(|w| lower.contains(w)),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn a_scheme_trimmed_away_is_no_address() {
        // Found by the diff fuzz target: trailing punctuation trimmed back into "https:".
        assert!(loose_urls("see https:.", &Ranges::new(Vec::new())).is_empty());
        assert!(loose_urls("(http:)", &Ranges::new(Vec::new())).is_empty());
        assert_eq!(
            loose_urls("at https:/example.org.", &Ranges::new(Vec::new())),
            vec![(3, 21)]
        );
    }

    use super::*;

    /// `http:` repeated without white space is one address, read once (issue #8: each
    /// `http:` searched for the address's end again, quadratic); an address after it is
    /// still found.
    #[test]
    fn schemes_repeated_in_one_word() {
        let run = "http:".repeat(5000);
        let none = Ranges::new(Vec::new());
        // The final `:` is trailing punctuation, as after any address.
        assert_eq!(loose_urls(&run, &none), vec![(0, run.len() - 1)]);
        let text = format!("{run} and https://example.org");
        assert_eq!(
            loose_urls(&text, &none),
            vec![(0, run.len() - 1), (run.len() + 5, text.len())]
        );
    }

    /// `Ranges` answers as the scans it replaced, on overlapping and nested ranges too.
    #[test]
    fn ranges_answer_as_a_scan() {
        let list = vec![(10, 20), (0, 5), (12, 40), (50, 51), (15, 16)];
        let r = Ranges::new(list.clone());
        for start in 0..60 {
            for end in start..62 {
                let contains = list.iter().any(|&(a, b)| start >= a && end <= b);
                let overlaps = list.iter().any(|&(a, b)| start < b && end > a);
                assert_eq!(r.contains(start, end), contains, "{start}..{end}");
                assert_eq!(r.overlaps(start, end), overlaps, "{start}..{end}");
            }
        }
        assert!(!Ranges::new(Vec::new()).contains(0, 0));
    }

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

    /// [`plain_host`] gives the host `url::Url::parse` gives, or `None`: on tricky hosts
    /// and every web address of the fixtures.
    #[test]
    fn plain_hosts_as_parsed() {
        let check = |url: &str| {
            let lower = url.to_ascii_lowercase();
            let Some(scheme) = ["https://", "http://"]
                .into_iter()
                .find(|s| lower.starts_with(s))
            else {
                return false;
            };
            let Some(host) = plain_host(url, scheme.len()) else {
                return false;
            };
            let parsed = url::Url::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"));
            assert_eq!(
                parsed.host(),
                Some(url::Host::Domain(host.as_str())),
                "{url}"
            );
            true
        };
        for url in [
            "https://Example.COM",
            "http://a.b.c./x?y#z",
            "HTTPS://x-y.example/%zz\\..//a b",
            "https://example.com#",
            "https://a--b.example?",
            "https://example..com/",
            "https://-bad.com",
            "https://localhost",
        ] {
            assert!(check(url), "{url}");
        }
        for url in [
            "https://1.2.3.4/",
            "https://a.0x1f",
            "https://a.b.1.",
            "https://xn--bcher-kva.example/",
            "https://a.XN--abc/",
            "https://example.com:99999",
            "https://user@example.com",
            "https://exa_mple.com",
            "https://münchen.de/a",
            "https:///example.com",
            "https://example.com\\x",
            "https://.",
            "https://a..",
            "https://",
        ] {
            assert!(!check(url), "{url}");
        }
        let mut plain = 0;
        for (_, text) in crate::testing::fixture_texts() {
            let doc = crate::parse::parse(&crate::source::Source::from_text(
                "p.md",
                &text,
                crate::ast::Format::Markdown,
            ));
            for u in extract(&doc).urls {
                plain += usize::from(check(&u.url));
            }
        }
        assert!(plain > 100, "only {plain} plain addresses");
    }

    #[test]
    fn url_problems() {
        assert_eq!(url_problem("https://example.com/privacy"), None);
        assert_eq!(url_problem("https://münchen.de/a"), None);
        assert_eq!(url_problem("http://localhost:8080/x"), None);
        assert_eq!(url_problem("https://192.168.0.1/"), None);
        assert_eq!(url_problem("HTTPS://EXAMPLE.COM"), None);
        assert_eq!(
            url_problem("https:/example.com").as_deref(),
            Some("`//` is missing after `https:`")
        );
        assert_eq!(
            url_problem("http://example..com").as_deref(),
            Some("the host `example..com` has an empty label (`..`)")
        );
        assert_eq!(
            url_problem("https://exa_mple.com/x").as_deref(),
            Some("the host `exa_mple.com` contains `_`, which is not allowed in a host name")
        );
        assert_eq!(
            url_problem("https://example").as_deref(),
            Some("the host `example` has no top-level domain")
        );
        assert_eq!(
            url_problem("https://example.com:99999").as_deref(),
            Some("invalid port number")
        );
        assert_eq!(
            url_problem("https://-bad.com").as_deref(),
            Some("the host label `-bad` starts or ends with a hyphen")
        );
    }

    #[test]
    fn loose_and_trimmed_urls() {
        let s = "See https:/example.com/opt-out, or https://exa_mple.com. Look for https:// in the bar.";
        let got: Vec<&str> = loose_urls(s, &Ranges::new(Vec::new()))
            .into_iter()
            .map(|(a, b)| &s[a..b])
            .collect();
        assert_eq!(got, ["https:/example.com/opt-out", "https://exa_mple.com"]);
        assert_eq!(
            trim_url_end("https://a.example/x)."),
            "https://a.example/x".len()
        );
        assert_eq!(
            trim_url_end("https://a.example/a_(b)"),
            "https://a.example/a_(b)".len()
        );
    }

    #[test]
    fn urls_stop_at_no_break_space() {
        let doc = crate::parse::parse(&crate::source::Source::from_text(
            "p.md",
            "# Policy\n\nVisit [http://www.youronlinechoices.eu/.](http://www.youronlinechoices.eu/)\u{a0}Using these tools.\n",
            crate::ast::Format::Markdown,
        ));
        let urls: Vec<String> = extract(&doc).urls.into_iter().map(|u| u.url).collect();
        assert_eq!(urls, ["http://www.youronlinechoices.eu/"]);
    }

    /// [`next_byte_in`] finds what a byte-by-byte search finds, from every position of
    /// tricky strings and from many of every fixture (digits, letters, non-ASCII).
    #[test]
    fn next_byte_in_as_a_byte_search() {
        let reference = |b: &[u8], from: usize, lo: u8, hi: u8| {
            b[from..]
                .iter()
                .position(|&c| (lo..=hi).contains(&c) || !c.is_ascii())
                .map_or(b.len(), |k| from + k)
        };
        let mut texts: Vec<String> = vec![
            String::new(),
            "abcdefghijklmnopq(".into(),
            "'''''''''''''''''''9::::::::::::::::::@@@@@@@@@@@@@@@@@@ZZZZZZ[[[[[[[[[AAAAAA".into(),
            "\u{7f}\u{80}ö€ abcdefgh +1 (800) 555".into(),
        ];
        texts.extend(crate::testing::fixture_texts().into_iter().map(|(_, t)| t));
        for (k, text) in texts.iter().enumerate() {
            let b = text.as_bytes();
            let step = if k < 4 { 1 } else { 7 };
            for from in (0..=b.len()).step_by(step) {
                for (lo, hi) in [(b'(', b'9'), (b'A', b'Z'), (0, 0x7e)] {
                    assert_eq!(
                        next_byte_in(b, from, lo, hi),
                        reference(b, from, lo, hi),
                        "{from} in text {k}"
                    );
                }
            }
        }
    }

    /// [`next_phone_byte`] finds what a byte-by-byte search finds, from every position of
    /// tricky strings and from many of every fixture.
    #[test]
    fn next_phone_byte_as_a_byte_search() {
        let reference = |b: &[u8], from: usize| {
            b[from..]
                .iter()
                .position(|&c| c.is_ascii_digit() || (b'('..=b'+').contains(&c))
                .map_or(b.len(), |k| from + k)
        };
        let mut texts: Vec<String> = vec![
            String::new(),
            "abcdefghijklmnopq(".into(),
            "'9::::::::::::::::::@@@@@@@@@@@@@@@@@@ZZZZZZ[[[[[[[[[AAAAAA".into(),
            "\u{7f}\u{80}ö€ abcdefgh +1 (800) 555".into(),
            ",,,,,,,,--------........////////''))))))))********".into(),
            "\u{a8}\u{a9}\u{b0}\u{b9}\u{ab}\u{ba}ß İ \u{212a} \u{200b}\u{2028}٣٤٥".into(),
            "x".repeat(100) + "+",
        ];
        texts.extend(crate::testing::fixture_texts().into_iter().map(|(_, t)| t));
        for (k, text) in texts.iter().enumerate() {
            let b = text.as_bytes();
            let step = if k < 7 { 1 } else { 5 };
            for from in (0..=b.len()).step_by(step) {
                assert_eq!(
                    next_phone_byte(b, from),
                    reference(b, from),
                    "{from} in text {k}"
                );
            }
        }
    }

    #[test]
    fn phones() {
        let s = "Call +1 (800) 555-0199 or see 2022-02-10 and 12 months.";
        let p = phone_candidates(s);
        assert_eq!(p.len(), 1);
        assert_eq!(&s[p[0].0..p[0].1], "+1 (800) 555-0199");
        let s = "Tel.: 040 42854 - 4040";
        let p = phone_candidates(s);
        assert_eq!(&s[p[0].0..p[0].1], "040 42854 - 4040");
        assert!(phone_candidates("Regulation (EU) 2016/679").is_empty());
    }
}
