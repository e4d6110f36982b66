//! Whether a contact address's domain belongs to the organisation, judged from names, not
//! from DNS or WHOIS: rules do not touch the network (style.md), and ownership records
//! are mostly redacted anyway. The registrable part of a domain is found with a short
//! list of generic second levels (`co.uk`, `com.sg`) instead of the full Public Suffix
//! List, which would be a new dependency for a rule that only needs the label.

use std::borrow::Cow;
use std::ops::ControlFlow;

use crate::analyze::contacts::{EmailMention, email_domain};
use crate::analyze::organisation;
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::rules::contact::free_or_disposable_contact_domain::provider_kind;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// The domain of the policy's contact e-mail addresses must be related to the
    /// organisation. A domain is related when it is one of the `domains` declared in
    /// `redline.toml`'s `[organisation]` table (or a subdomain of one), or when one of its
    /// labels shares a distinctive word with an organisation name: `legal-name` and `names`
    /// from the configuration, else the legal entities and defined names found in the text
    /// ("CGTONLINEA ASIA PTE. LTD.", `("CGTONLINEA," "we")`). Company forms and generic
    /// words (ltd, group, asia, online, privacy ...) do not count; a word of four letters or
    /// more may be part of a label (`mullvad` in `mullvadvpn.net`), a three-letter word must
    /// begin or end it, and the initials of a name count (`ibm`). Without configured names,
    /// a domain is also related when the policy names it elsewhere (the brand `uschovna` of
    /// `info@uschovna.cz` in the text), since policies often name their product but not
    /// their company form.
    ///
    /// Only contact addresses count: addresses in a complaints section (a supervisory
    /// authority's) are skipped, and so are addresses on free or disposable mail providers
    /// (reported by `free-or-disposable-contact-domain`). When at least one contact address
    /// is related, the others are taken to be representatives or processors and nothing is
    /// reported. When neither the configuration nor the text names an organisation, nothing
    /// is reported. Each unrelated address is reported once, with the reason.
    ///
    /// ## Why it matters
    /// GDPR Art. 13(1)(a) and 14(1)(a) require the identity *and contact details of the
    /// controller*; PIPL Art. 17(1)(1), LGPD Art. 9(III) and PDPA s.20(1) ask the same. An
    /// address on a domain with no visible link to the organisation leaves the reader
    /// unable to tell who will receive a request about their data, is typical of policies
    /// copied from another site's template, and is a phishing risk.
    ///
    /// ## Example
    /// A policy by "CGTONLINEA ASIA PTE. LTD." whose only contact is `ty@tewatchmail.com`.
    ///
    /// ## How to fix
    /// Give an address on the organisation's own domain. If the domain does belong to the
    /// organisation (a brand or a group company), say so in the policy or declare it in
    /// `redline.toml`: `[organisation] domains = ["tewatchmail.com"]`.
    pub struct ContactDomainMismatch {
        code: "C003",
        name: "contact-domain-mismatch",
        family: Contact,
        severity: Warning,
        summary: "The privacy contact's domain is unrelated to the organisation",
    }
}

/// Words too generic to link a domain to an organisation: they occur in many company names
/// and many unrelated domains (`CGTONLINEA ASIA` must not match `asiamail.com`).
const GENERIC_WORDS: &[&str] = &[
    "africa",
    "america",
    "americas",
    "app",
    "apps",
    "asia",
    "cloud",
    "consulting",
    "copyright",
    "corporate",
    "data",
    "digital",
    "email",
    "europe",
    "european",
    "information",
    "internet",
    "mail",
    "media",
    "mobile",
    "net",
    "network",
    "networks",
    "notice",
    "online",
    "pacific",
    "partners",
    "personal",
    "policy",
    "privacy",
    "protection",
    "service",
    "software",
    "solutions",
    "systems",
    "tech",
    "technologies",
    "technology",
    "web",
    "website",
    "world",
    "worldwide",
];

/// Second-level labels under which country-code domains are registered (`co.uk`,
/// `com.sg`, `gouv.fr`): the label before them is the registrable one.
const SECOND_LEVELS: &[&str] = &[
    "ac", "co", "com", "edu", "gob", "gouv", "gov", "ltd", "ne", "net", "or", "org", "plc",
];

/// The labels of `domain` before its public suffix: `mail.tewatchmail.com` →
/// `["mail", "tewatchmail"]`, `shop.example.co.uk` → `["shop", "example"]`.
fn owner_labels(domain: &str) -> Vec<&str> {
    let labels: Vec<&str> = domain.split('.').collect();
    let n = labels.len();
    let suffix = if n >= 3 && labels[n - 1].len() == 2 && SECOND_LEVELS.contains(&labels[n - 2]) {
        2
    } else {
        1
    };
    labels[..n.saturating_sub(suffix)].to_vec()
}

/// ASCII folding of the accented Latin letters common in company names, so that `santé`
/// matches `sante` and `españa` matches `espana`.
fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ß' => 's',
            c => c,
        })
        .collect()
}

/// Distinctive words of the names, folded.
fn distinctive_words(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        for w in organisation::name_words(name) {
            let w = fold(&w);
            if !GENERIC_WORDS.contains(&w.as_str())
                && !w.chars().all(|c| c.is_ascii_digit())
                && !out.contains(&w)
            {
                out.push(w);
            }
        }
    }
    out
}

/// The initials of names of three or more words, company forms left out:
/// `International Business Machines Corp` → `ibm`. A label must equal them.
fn initials(names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter_map(|name| {
            let words: Vec<&str> = name
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| {
                    !w.is_empty()
                        && !organisation::LEGAL_SUFFIXES.contains(&w.to_uppercase().as_str())
                        && !["pte", "pty", "co"].contains(&w.to_lowercase().as_str())
                })
                .collect();
            (words.len() >= 3).then(|| {
                words
                    .iter()
                    .filter_map(|w| w.chars().next())
                    .flat_map(char::to_lowercase)
                    .collect()
            })
        })
        .collect()
}

/// Whether a domain label (hyphens removed) and a distinctive name word are related.
fn label_matches(label: &str, word: &str) -> bool {
    let n = word.chars().count();
    label == word
        || n >= 4 && label.contains(word)
        || n == 3 && (label.starts_with(word) || label.ends_with(word))
        || label.chars().count() >= 4 && word.contains(label)
}

/// Whether `domain` is `declared` or a subdomain of it.
fn is_declared(domain: &str, declared: &str) -> bool {
    let declared = declared
        .trim()
        .trim_start_matches("www.")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    !declared.is_empty()
        && (domain == declared
            || domain
                .strip_suffix(declared.as_str())
                .is_some_and(|rest| rest.ends_with('.')))
}

/// The policy's e-mail addresses in lower case, as one automaton that finds them all in
/// one pass over the text (one `replace` per address was quadratic on long documents with
/// many addresses). `None` when there are none. It ignores ASCII case, so that it finds
/// in an ASCII text what it finds in its lower case ([`mentioned_in_body`]); in a text
/// already in lower case, which holds no ASCII upper-case letter, that changes nothing.
fn email_finder(ctx: &Context) -> Option<aho_corasick::AhoCorasick> {
    let mut addresses: Vec<String> = ctx
        .facts
        .emails
        .iter()
        .map(|e| e.address.to_lowercase())
        .filter(|a| !a.is_empty())
        .collect();
    addresses.sort();
    addresses.dedup();
    if addresses.is_empty() {
        return None;
    }
    // A noncontiguous NFA: the default for a few patterns is a DFA, much slower to build
    // (this runs once per document, for one search) and finding the same matches.
    aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
        .ascii_case_insensitive(true)
        .build(&addresses)
        .ok()
}

/// Byte ranges of lower-case `text` taken by the e-mail addresses `finder` finds, in
/// order, without a copy of the text.
fn email_ranges(text: &str, finder: Option<&aho_corasick::AhoCorasick>) -> Vec<(usize, usize)> {
    finder.map_or_else(Vec::new, |ac| {
        ac.find_iter(text).map(|m| (m.start(), m.end())).collect()
    })
}

/// The words of lower-case `text` outside the byte ranges `skip` (sorted, disjoint, as
/// [`email_ranges`] gives them), accents folded. The text between ranges is split into
/// words, so a word cut by a range leaves its parts outside it as words, and the words on
/// either side of a range become neighbours.
fn words_outside<'a>(
    text: &'a str,
    skip: &'a [(usize, usize)],
) -> impl Iterator<Item = Cow<'a, str>> + 'a {
    let starts = std::iter::once(0).chain(skip.iter().map(|r| r.1));
    let ends = skip.iter().map(|r| r.0).chain(std::iter::once(text.len()));
    starts
        .zip(ends)
        .filter(|(a, b)| a < b)
        .flat_map(move |(a, b)| text[a..b].split(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.is_ascii() {
                Cow::Borrowed(w)
            } else {
                Cow::Owned(fold(w))
            }
        })
}

/// Whether the policy names `label` outside e-mail addresses: as a word or as two or three
/// words written together (`Privacy Guides` names `privacyguides.org`), accents folded
/// (`santé` names `sante.gouv.fr`), or inside a web address. `text` is the lower-case
/// policy text and `emails` the ranges of its e-mail addresses ([`email_ranges`]).
fn mentions_elsewhere(text: &str, emails: &[(usize, usize)], label: &str) -> bool {
    let mut window = Window::new(label);
    words_outside(text, emails).any(|w| window.push(&w)) || window.finish()
}

/// The runs of text [`Document::body_text`](crate::ast::Document::body_text) is made of,
/// in order (title, preamble, then each section's title and blocks): the body text is
/// these runs, each followed by a line break (a unit test checks it).
fn body_runs<'d>(doc: &'d crate::ast::Document, mut f: impl FnMut(&'d str) -> ControlFlow<()>) {
    let title = doc.title.iter().map(|t| t.text.as_str());
    let preamble = doc
        .preamble
        .iter()
        .flat_map(|b| b.texts())
        .map(|t| t.text.as_str());
    let sections = doc.all_sections();
    let sections = sections.iter().flat_map(|s| {
        std::iter::once(s.title.as_str()).chain(
            s.blocks
                .iter()
                .flat_map(|b| b.texts())
                .map(|t| t.text.as_str()),
        )
    });
    for run in title.chain(preamble).chain(sections) {
        if f(run).is_break() {
            return;
        }
    }
}

/// Whether runs of one to three consecutive words, fed one by one ([`Runs::push`]), ever
/// spell `label` joined: what [`Window`] answers, kept as the lengths of `label` that the
/// runs ending at the last word spell (at most two are still open), so that no word is
/// copied.
struct Runs<'l> {
    /// The label looked for, accents folded, without hyphens.
    label: &'l [u8],
    /// `(bytes of label spelt, words used)` of the open runs ending at the last word.
    open: [(usize, usize); 2],
    /// How many of `open` are in use.
    n: usize,
}

impl<'l> Runs<'l> {
    fn new(label: &'l str) -> Self {
        Runs {
            label: label.as_bytes(),
            open: [(0, 0); 2],
            n: 0,
        }
    }

    /// Feeds the next word (non-empty; in lower case, or ASCII of any case when
    /// `ascii_case` is true, the label holding no ASCII upper-case letter); true when a
    /// run of up to three words ending with it spells the label.
    fn push(&mut self, word: &[u8], ascii_case: bool) -> bool {
        let mut next = [(0, 0); 2];
        let mut m = 0;
        let starts = std::iter::once((0, 0)).chain(self.open[..self.n].iter().copied());
        for (spelt, used) in starts {
            let Some(part) = self.label.get(spelt..spelt + word.len()) else {
                continue;
            };
            let same = if ascii_case {
                part.eq_ignore_ascii_case(word)
            } else {
                part == word
            };
            if !same {
                continue;
            }
            if spelt + word.len() == self.label.len() {
                return true;
            }
            if used + 1 < 3 {
                next[m] = (spelt + word.len(), used + 1);
                m += 1;
            }
        }
        self.open = next;
        self.n = m;
        false
    }
}

/// [`mentions_elsewhere`] of the document's lower-case body text
/// ([`Context::lower_text`]) and its e-mail ranges ([`email_ranges`] with the same
/// addresses), without building that text: the body's runs ([`body_runs`]) are read one
/// by one, an ASCII run as it is (its words compared with the label ignoring ASCII case,
/// its addresses found by `finder`, which ignores ASCII case: what the lower case is for
/// ASCII), any other run lower-cased alone (the body text's lower case is its runs'
/// lower case, joined by line breaks, across which no word nor address runs: no address
/// holds one). `finder` is built from the lower-case addresses, ignoring ASCII case.
/// Measured on 400 corpus policies: 53 → 37 M instructions for the rule (building the
/// lower-case text took 22 M, going over its words 15 M).
fn mentioned_in_body(
    doc: &crate::ast::Document,
    finder: Option<&aho_corasick::AhoCorasick>,
    label: &str,
) -> bool {
    let folded = fold(&label.replace('-', ""));
    // No word of a lower-case text holds an ASCII upper-case letter (nor does its folding
    // make one): such a label is never named (in practice labels are in lower case).
    if folded.bytes().any(|b| b.is_ascii_uppercase()) {
        return false;
    }
    let mut runs = Runs::new(&folded);
    let mut found = false;
    body_runs(doc, |run| {
        found = if run.is_ascii() {
            let b = run.as_bytes();
            let words = |part: &[u8], runs: &mut Runs| {
                part.split(|c| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .any(|w| runs.push(w, true))
            };
            let mut from = 0;
            let mut hit = false;
            for (a, e) in email_ranges(run, finder) {
                if words(&b[from..a], &mut runs) {
                    hit = true;
                    break;
                }
                from = e;
            }
            hit || words(&b[from..], &mut runs)
        } else {
            let lower = run.to_lowercase();
            let emails = email_ranges(&lower, finder);
            words_outside(&lower, &emails).any(|w| runs.push(w.as_bytes(), false))
        };
        if found {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    found
}

/// The words [`mentions_elsewhere`] has last seen, fed one by one: a window of the last
/// three words, not a list of every word, so that memory stays constant however long the
/// policy.
struct Window {
    /// The label looked for, accents folded, without hyphens.
    label: String,
    /// The last three words, the oldest first (reused buffers).
    words: [String; 3],
    /// How many words have been fed.
    seen: usize,
    /// Scratch space for joined words.
    joined: String,
}

impl Window {
    fn new(label: &str) -> Self {
        Window {
            label: fold(&label.replace('-', "")),
            words: Default::default(),
            seen: 0,
            joined: String::new(),
        }
    }

    /// Feeds the next word; true when the run of up to three words that starts at the
    /// window's oldest word names the label.
    fn push(&mut self, word: &str) -> bool {
        self.words.rotate_left(1);
        self.words[2].clear();
        self.words[2].push_str(word);
        self.seen += 1;
        self.seen >= 3 && self.starts_at(3)
    }

    /// At the end of the text: whether a shorter run, starting at one of the last two
    /// words, names the label.
    fn finish(&mut self) -> bool {
        (1..=self.seen.min(2)).rev().any(|n| self.starts_at(n))
    }

    /// Whether one, two or three words from the `n`-th last on, joined, are the label.
    fn starts_at(&mut self, n: usize) -> bool {
        self.joined.clear();
        self.words[3 - n..].iter().any(|w| {
            self.joined.push_str(w);
            self.joined == self.label
        })
    }
}

/// Addresses that stand for the organisation: valid, not on a free or disposable provider,
/// not in a section about complaints to an authority (unless it is also a contact section).
fn contact_addresses<'a>(ctx: &Context<'a>) -> Vec<&'a EmailMention> {
    let mut out: Vec<&EmailMention> = Vec::new();
    for e in &ctx.facts.emails {
        let contactish = e.section_kinds.iter().any(|k| {
            matches!(
                k,
                SectionKind::Contact
                    | SectionKind::Dpo
                    | SectionKind::ControllerIdentity
                    | SectionKind::ExercisingRights
            )
        });
        if e.problem.is_some()
            || (e.section_kinds.contains(&SectionKind::Complaints) && !contactish)
            || provider_kind(&email_domain(&e.address)).is_some()
            || out
                .iter()
                .any(|o| o.address.eq_ignore_ascii_case(&e.address))
        {
            continue;
        }
        out.push(e);
    }
    out
}

/// `a`, `a or b`, `a, b or c` (and `… or N other names`).
fn or_list(items: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut shown: Vec<String> = items.iter().take(SHOWN).cloned().collect();
    if items.len() > SHOWN {
        shown.push(format!("{} other names", items.len() - SHOWN));
    }
    match shown.len() {
        0 => String::new(),
        1 => shown[0].clone(),
        n => format!("{} or {}", shown[..n - 1].join(", "), shown[n - 1]),
    }
}

impl Rule for ContactDomainMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let org = ctx.organisation;
        let mut configured: Vec<String> = Vec::new();
        for n in org.legal_name.iter().chain(&org.names) {
            let n = n.trim().to_string();
            if !n.is_empty() && !configured.contains(&n) {
                configured.push(n);
            }
        }
        let from_config = !configured.is_empty();
        let names = if from_config {
            configured
        } else {
            let found = &ctx.facts.organisations;
            let mut names: Vec<String> = Vec::new();
            for n in found.defined.iter().chain(&found.legal) {
                if !names.contains(&n.name) {
                    names.push(n.name.clone());
                }
            }
            names
        };
        let declared: Vec<&String> = org
            .domains
            .iter()
            .filter(|d| !d.trim().is_empty())
            .collect();
        let words = distinctive_words(&names);
        let initials = initials(&names);
        if words.is_empty() && declared.is_empty() {
            return Vec::new();
        }
        let addresses = contact_addresses(ctx);
        let finder = std::cell::OnceCell::new();
        let emails = std::cell::OnceCell::new();
        // The body is read run by run, never held whole in lower case, unless an address
        // holds a line break (and could then span two runs): not the case in practice.
        let by_runs = !ctx.facts.emails.iter().any(|e| e.address.contains('\n'));
        let related = |domain: &str| {
            if declared.iter().any(|d| is_declared(domain, d)) {
                return true;
            }
            let labels = owner_labels(domain);
            let word_match = labels.iter().any(|l| {
                let l = fold(&l.replace('-', ""));
                words.iter().any(|w| label_matches(&l, w)) || initials.contains(&l)
            });
            word_match
                || !from_config
                    && labels.last().is_some_and(|l| {
                        l.chars().count() >= 4
                            && if by_runs {
                                mentioned_in_body(
                                    ctx.doc,
                                    finder.get_or_init(|| email_finder(ctx)).as_ref(),
                                    l,
                                )
                            } else {
                                let text = ctx.lower_text();
                                let emails = emails.get_or_init(|| {
                                    email_ranges(
                                        text,
                                        finder.get_or_init(|| email_finder(ctx)).as_ref(),
                                    )
                                });
                                mentions_elsewhere(text, emails, l)
                            }
                    })
        };
        if addresses.iter().any(|e| related(&email_domain(&e.address))) {
            return Vec::new();
        }
        addresses
            .into_iter()
            .map(|e| mismatch(e, &names, from_config, &declared))
            .collect()
    }
}

/// The finding for an unrelated address, with the reasons.
fn mismatch(
    e: &EmailMention,
    names: &[String],
    from_config: bool,
    declared: &[&String],
) -> Diagnostic {
    let domain = email_domain(&e.address);
    let label = owner_labels(&domain)
        .last()
        .map_or_else(|| domain.clone(), |l| l.to_string());
    let mut reasons: Vec<String> = Vec::new();
    if !names.is_empty() {
        let shown: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        reasons.push(format!(
            "`{label}` shares no distinctive word with {}",
            or_list(&shown)
        ));
    }
    if !from_config {
        reasons.push("the policy names it nowhere else".to_string());
    }
    if !declared.is_empty() {
        let list: Vec<String> = declared.iter().map(|d| format!("`{}`", d.trim())).collect();
        reasons.push(format!(
            "it is not one of the organisation's domains ({})",
            list.join(", ")
        ));
    }
    let reason = match reasons.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    let owner = names.first().map_or("the organisation", String::as_str);
    ContactDomainMismatch::META
        .diagnostic(
            format!(
                "The contact address `{}` is on `{domain}`, which is unrelated to the organisation: {reason}",
                e.address
            ),
            e.span,
        )
        .with_label(e.span, format!("not a domain of {owner}"))
        .with_help(format!(
            "give an address on the organisation's own domain; if `{domain}` belongs to it, say so in the policy or declare it in redline.toml: [organisation] domains = [\"{domain}\"]"
        ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_words() {
        assert_eq!(owner_labels("tewatchmail.com"), ["tewatchmail"]);
        assert_eq!(owner_labels("corp.wechat.com"), ["corp", "wechat"]);
        assert_eq!(owner_labels("example.co.uk"), ["example"]);
        assert_eq!(owner_labels("sante.gouv.fr"), ["sante"]);
        let words = distinctive_words(&["CGTONLINEA ASIA PTE. LTD.".to_string()]);
        assert_eq!(words, ["cgtonlinea"]);
        assert_eq!(
            initials(&["International Business Machines Corp".to_string()]),
            ["ibm"]
        );
        assert!(initials(&["CGTONLINEA ASIA PTE. LTD.".to_string()]).is_empty());
        assert!(!label_matches("tewatchmail", "cgtonlinea"));
        assert!(label_matches("mullvadvpn", "mullvad"));
        assert!(label_matches("weareher", "her"));
        assert!(!label_matches("other", "the"));
        assert!(label_matches("opayinc", "opay"));
        assert!(is_declared("mail.example.com", "example.com"));
        assert!(!is_declared("badexample.com", "example.com"));
    }

    #[test]
    fn mentions_as_one_two_or_three_words_anywhere() {
        let text = "write to privacy guides or to the mullvad team at acme corp inc";
        // First, middle and last words; runs of two and three words; across the end.
        for label in [
            "write",
            "privacyguides",
            "mullvadteam",
            "acmecorpinc",
            "corpinc",
            "inc",
        ] {
            assert!(mentions_elsewhere(text, &[], label), "{label}");
        }
        for label in ["writeto privacy", "guidesortothe", "incx", "teamatacmecorp"] {
            assert!(!mentions_elsewhere(text, &[], label), "{label}");
        }
        assert!(mentions_elsewhere("a b", &[], "ab"));
        assert!(!mentions_elsewhere("", &[], "ab"));
        // Accents folded; words inside e-mail addresses do not count, the parts of a word
        // outside one do, and the words on either side of one become neighbours.
        assert!(mentions_elsewhere("la santé publique", &[], "sante"));
        let text = "write to privacy@acme.com or xdpo@zeta.org today";
        let emails = [(9, 25), (30, 42)];
        assert_eq!(&text[9..25], "privacy@acme.com");
        assert_eq!(&text[30..42], "dpo@zeta.org");
        assert!(!mentions_elsewhere(text, &emails, "acme"));
        assert!(!mentions_elsewhere(text, &emails, "zeta"));
        assert!(mentions_elsewhere(text, &emails, "toor"));
        assert!(mentions_elsewhere(text, &emails, "orxtoday"));
    }

    /// The runs are the body text's, line breaks aside.
    #[test]
    fn body_runs_make_the_body_text() {
        for (path, doc) in crate::testing::fixture_documents() {
            let mut joined = String::new();
            body_runs(&doc, |run| {
                joined.push_str(run);
                joined.push('\n');
                ControlFlow::Continue(())
            });
            assert_eq!(joined, doc.body_text(), "{}", path.display());
        }
    }

    /// Reading the body run by run finds what [`mentions_elsewhere`] finds in the whole
    /// lower-case text: words joined across runs, addresses in any case next to words,
    /// accents, `ß`, `İ`, the Kelvin sign, invisible characters, empty and long texts; and
    /// the same over the fixtures for labels made of their own words.
    #[test]
    fn mentioned_in_body_as_in_the_lower_case_text() {
        let check = |doc: &crate::ast::Document, addresses: &[&str], labels: &[String]| {
            let mut lower: Vec<String> = addresses.iter().map(|a| a.to_lowercase()).collect();
            lower.sort();
            lower.dedup();
            let finder = (!lower.is_empty()).then(|| {
                aho_corasick::AhoCorasick::builder()
                    .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
                    .ascii_case_insensitive(true)
                    .build(&lower)
                    .unwrap()
            });
            let text = doc.lower_body_text();
            let emails = email_ranges(&text, finder.as_ref());
            for label in labels {
                assert_eq!(
                    mentioned_in_body(doc, finder.as_ref(), label),
                    mentions_elsewhere(&text, &emails, label),
                    "{label:?} with {addresses:?}"
                );
            }
        };
        let md = |s: &str| {
            crate::parse::parse(&crate::source::Source::from_text(
                "p.md",
                s,
                crate::ast::Format::Markdown,
            ))
        };
        let text = "# Write to Privacy\n\nGuides at Privacy@ACME.com\n\nor xDPO@Zeta.org Today\n\n\
            Mullvad\n\n## Team Santé PUBLIQUE\n\nStraße \u{130}stanbul \u{212a}elvin in\u{200b}visible \
            aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n";
        let labels: Vec<String> = [
            "privacyguides",
            "writetoprivacy",
            "guides",
            "acme",
            "zeta",
            "orx",
            "orxtoday",
            "todaymullvad",
            "mullvadteam",
            "team",
            "writeto",
            "teamx",
            "",
            "sante",
            "santepublique",
            "strasse",
            "strae",
            "stra",
            "straße",
            "istanbul",
            "i̇stanbul",
            "stanbul",
            "kelvin",
            "elvin",
            "invisible",
            "visible",
            "in",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "aaaa",
            "publique",
            "at",
            "privacy-guides",
            "ZETA",
        ]
        .map(String::from)
        .to_vec();
        for addresses in [
            &[][..],
            &["privacy@acme.com", "dpo@zeta.org"],
            &["Privacy@ACME.com", "xdpo@zeta.org"],
            &["straße@b.de"],
        ] {
            check(&md(text), addresses, &labels);
            check(&md(""), addresses, &labels);
        }
        for (_, doc) in crate::testing::fixture_documents() {
            let addresses: Vec<String> = crate::analyze::contacts::extract(&doc)
                .emails
                .into_iter()
                .map(|e| e.address)
                .collect();
            let addresses: Vec<&str> = addresses.iter().map(String::as_str).collect();
            let lower = doc.lower_body_text();
            let words: Vec<&str> = lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            let mut labels: Vec<String> = Vec::new();
            for (k, w) in words.iter().enumerate().step_by(97) {
                labels.push(w.to_string());
                if let Some(n) = words.get(k + 1) {
                    labels.push(format!("{w}{n}"));
                }
                if let Some(n) = words.get(k + 2) {
                    labels.push(format!("{w}{}{n}", words[k + 1]));
                }
            }
            labels.push("zzzzqqq".into());
            for a in &addresses {
                labels.extend(a.split(['@', '.']).map(String::from));
            }
            check(&doc, &addresses, &labels);
        }
    }
}
