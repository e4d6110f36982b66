//! The fact delta: contacts (e-mail, phone), web addresses, policy dates, transfer
//! mechanisms, retention periods and response times, data categories, recipients, purposes
//! and rights that a new version adds, removes or changes, with spans on both sides.
//!
//! Categories, recipients, purposes and rights come from lexicons in `data/`
//! (`data-categories.toml`, `recipients.toml`, `purposes.toml`, `rights.toml`, each citing
//! its law): one the old version never mentioned is a material change ("new data category:
//! precise geolocation", "new recipient: advertising partners"), and so is a right it no
//! longer names. Negated mentions ("we do not sell your personal information") do not
//! count; recipients count only in a sentence with a verb of disclosure.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Materiality;
use crate::ast::{Document, Span};

/// One fact that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactChange {
    /// `email`, `phone`, `url`, `date`, `transfer-mechanism`, `retention-period`,
    /// `response-time`, `data-category`, `recipient`, `purpose` or `right`.
    pub fact: &'static str,
    /// `added`, `removed` or `changed`.
    pub change: &'static str,
    /// The old value.
    pub old: Option<String>,
    /// The new value.
    pub new: Option<String>,
    /// Where the old value is (old version).
    pub old_span: Option<Span>,
    /// Where the new value is (new version).
    pub new_span: Option<Span>,
    /// How much it matters.
    pub materiality: Materiality,
    /// Why.
    pub reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Category {
    label: String,
    phrases: Vec<String>,
}

/// A phrase lexicon (`data/*.toml`: `[id] label = "...", phrases = [...]`) compiled into
/// one Aho-Corasick automaton, so a text is scanned once whatever the number of phrases.
/// Matching is ASCII case-insensitive and on word boundaries (a plural `s` allowed), so
/// byte offsets of a match are offsets in the original text.
pub struct Lexicon {
    /// Category labels, in the file's order of ids (sorted).
    labels: Vec<String>,
    /// For each phrase (automaton pattern), the index of its label.
    label_of: Vec<usize>,
    automaton: aho_corasick::AhoCorasick,
    /// When not empty, a mention counts only in a sentence that also contains one of these
    /// (lower case): recipients need a verb of disclosure ("share", "send", "sell"), so
    /// "data brokers have been known to scrape GitHub" names no recipient.
    context: &'static [&'static str],
}

/// Verbs of disclosure a sentence naming a recipient must contain.
const DISCLOSURE_VERBS: &[&str] = &[
    "share",
    "disclos",
    "transfer",
    "sell",
    "sold",
    "send",
    "sent",
    "pass",
    "provide",
    "process",
    "receive",
    "access",
    "give",
    "make available",
    "made available",
];

/// Words that negate a mention when they come shortly before it in the same sentence:
/// "we do not sell your personal information" states no purpose.
const NEGATIONS: &[&str] = &["not", "never", "no", "nor", "neither", "without"];

/// How many words before a mention are searched for a negation.
const NEGATION_WINDOW: usize = 6;

/// The sentence around `text[at..end]`: from after the previous `.`, `!`, `?`, `;` or line
/// break to the next one.
fn sentence_around(text: &str, at: usize, end: usize) -> (usize, usize) {
    let stop = |c: char| matches!(c, '.' | '!' | '?' | ';' | '\n');
    let start = text[..at].rfind(stop).map_or(0, |k| k + 1);
    let stop_at = text[end..].find(stop).map_or(text.len(), |k| end + k);
    (start, stop_at)
}

/// Whether a negation word comes among the few words before `at` in its sentence.
fn negated(text: &str, sentence_start: usize, at: usize) -> bool {
    text[sentence_start..at]
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .filter(|w| !w.is_empty())
        .rev()
        .take(NEGATION_WINDOW)
        .any(|w| {
            let w = w.to_ascii_lowercase();
            NEGATIONS.contains(&w.as_str()) || w.ends_with("n't") || w.ends_with("n\u{2019}t")
        })
}

impl Lexicon {
    fn from_toml(text: &str, context: &'static [&'static str]) -> Result<Lexicon, String> {
        let cats: BTreeMap<String, Category> = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut labels = Vec::new();
        let mut label_of = Vec::new();
        let mut phrases = Vec::new();
        for c in cats.into_values() {
            for p in c.phrases {
                label_of.push(labels.len());
                phrases.push(p);
            }
            labels.push(c.label);
        }
        let automaton = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&phrases)
            .map_err(|e| e.to_string())?;
        Ok(Lexicon {
            labels,
            label_of,
            automaton,
            context,
        })
    }

    /// Labels mentioned in `text` with the byte range of their first mention. A mention
    /// preceded closely by a negation in its sentence ("we do not sell ...") does not
    /// count, nor, for a lexicon with context words, one in a sentence without them.
    pub fn find(&self, text: &str) -> BTreeMap<&str, (usize, usize)> {
        let mut out: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for m in self.automaton.find_overlapping_iter(text) {
            let (at, end) = (m.start(), m.end());
            let before_ok = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric() || c == 's');
            if !before_ok || !after_ok {
                continue;
            }
            let (start, stop) = sentence_around(text, at, end);
            if negated(text, start, at) {
                continue;
            }
            if !self.context.is_empty() {
                let sentence = text[start..stop].to_lowercase();
                if !self.context.iter().any(|v| sentence.contains(v)) {
                    continue;
                }
            }
            {
                let label = self.labels[self.label_of[m.pattern().as_usize()]].as_str();
                out.entry(label).or_insert((at, end));
            }
        }
        out
    }

    /// Labels mentioned anywhere in a document's own text (title, preamble, section titles
    /// and blocks; not the table of contents), each with the source span of its first
    /// mention.
    pub fn mentions(&self, doc: &Document) -> BTreeMap<String, Span> {
        let mut out = BTreeMap::new();
        for_each_text(doc, |text, to_span| {
            for (label, (a, b)) in self.find(text) {
                if !out.contains_key(label) {
                    out.insert(label.to_string(), to_span(a, b));
                }
            }
        });
        out
    }
}

/// Calls `f(text, to_span)` for every run of a document's own text, in order; `to_span`
/// maps a byte range of `text` to a source span (the run's span when the range is not
/// verbatim source text).
fn for_each_text(doc: &Document, mut f: impl FnMut(&str, &dyn Fn(usize, usize) -> Span)) {
    if let Some(t) = &doc.title {
        f(&t.text, &|a, b| t.source_span(a, b));
    }
    for b in &doc.preamble {
        for t in b.texts() {
            f(&t.text, &|a, b| t.source_span(a, b));
        }
    }
    for s in doc.all_sections() {
        let ts = s.title_span;
        let verbatim = ts.len() == s.title.len();
        f(&s.title, &|a, b| {
            if verbatim {
                Span::new(ts.start + a, ts.start + b)
            } else {
                ts
            }
        });
        for b in &s.blocks {
            for t in b.texts() {
                f(&t.text, &|a, b| t.source_span(a, b));
            }
        }
    }
}

fn load(
    cell: &'static OnceLock<Lexicon>,
    text: &'static str,
    context: &'static [&'static str],
) -> &'static Lexicon {
    cell.get_or_init(|| {
        Lexicon::from_toml(text, context)
            .expect("lexicon data files are valid (checked by unit tests)")
    })
}

/// Data categories (`data/data-categories.toml`: CCPA §1798.140(v), GDPR Art. 9).
pub fn data_categories() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    load(&L, include_str!("../../data/data-categories.toml"), &[])
}

/// Recipients and categories of recipients (`data/recipients.toml`: GDPR Art. 13(1)(e),
/// CCPA §1798.115).
pub fn recipients() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    load(
        &L,
        include_str!("../../data/recipients.toml"),
        DISCLOSURE_VERBS,
    )
}

/// Purposes of processing (`data/purposes.toml`: GDPR Art. 13(1)(c) and 13(3), CCPA
/// §1798.100(a)(1)).
pub fn purposes() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    load(&L, include_str!("../../data/purposes.toml"), &[])
}

/// Data subject rights (`data/rights.toml`: GDPR Art. 13(2)(b)-(d), CCPA §1798.130).
pub fn rights() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    load(&L, include_str!("../../data/rights.toml"), &[])
}

/// The labels of data categories a text mentions.
pub fn categories_in(text: &str) -> BTreeSet<String> {
    labels_in(data_categories(), text)
}

/// The labels of a lexicon a text mentions.
pub fn labels_in(lexicon: &Lexicon, text: &str) -> BTreeSet<String> {
    lexicon.find(text).into_keys().map(str::to_string).collect()
}

/// Compares the facts of two versions.
pub fn delta(old: &Document, new: &Document) -> Vec<FactChange> {
    let (of, nf) = (crate::analyze::analyze(old), crate::analyze::analyze(new));
    let mut out = Vec::new();
    // E-mail addresses (valid ones).
    let emails = |f: &crate::analyze::Facts| -> BTreeMap<String, Span> {
        f.emails
            .iter()
            .filter(|e| e.problem.is_none())
            .map(|e| (e.address.to_lowercase(), e.span))
            .collect()
    };
    let (oe, ne) = (emails(&of), emails(&nf));
    let removed: Vec<_> = oe.iter().filter(|(a, _)| !ne.contains_key(*a)).collect();
    let added: Vec<_> = ne.iter().filter(|(a, _)| !oe.contains_key(*a)).collect();
    if removed.len() == 1 && added.len() == 1 {
        out.push(FactChange {
            fact: "email",
            change: "changed",
            old: Some(removed[0].0.clone()),
            new: Some(added[0].0.clone()),
            old_span: Some(*removed[0].1),
            new_span: Some(*added[0].1),
            materiality: Materiality::Material,
            reason: format!("contact changed: {} → {}", removed[0].0, added[0].0),
        });
    } else {
        for (a, s) in removed {
            out.push(FactChange {
                fact: "email",
                change: "removed",
                old: Some(a.clone()),
                new: None,
                old_span: Some(*s),
                new_span: None,
                materiality: Materiality::Material,
                reason: format!("contact removed: {a}"),
            });
        }
        for (a, s) in added {
            out.push(FactChange {
                fact: "email",
                change: "added",
                old: None,
                new: Some(a.clone()),
                old_span: None,
                new_span: Some(*s),
                materiality: Materiality::Substantive,
                reason: format!("contact added: {a}"),
            });
        }
    }
    // Web addresses.
    let urls = |f: &crate::analyze::Facts| -> BTreeMap<String, Span> {
        f.urls
            .iter()
            .map(|u| (u.url.trim_end_matches('/').to_string(), u.span))
            .collect()
    };
    let (ou, nu) = (urls(&of), urls(&nf));
    for (u, s) in ou.iter().filter(|(u, _)| !nu.contains_key(*u)) {
        out.push(FactChange {
            fact: "url",
            change: "removed",
            old: Some(u.clone()),
            new: None,
            old_span: Some(*s),
            new_span: None,
            materiality: Materiality::Substantive,
            reason: format!("link removed: {u}"),
        });
    }
    for (u, s) in nu.iter().filter(|(u, _)| !ou.contains_key(*u)) {
        out.push(FactChange {
            fact: "url",
            change: "added",
            old: None,
            new: Some(u.clone()),
            old_span: None,
            new_span: Some(*s),
            materiality: Materiality::Substantive,
            reason: format!("link added: {u}"),
        });
    }
    // The policy date (newest last-updated / effective / byline date).
    let newest = |d: &Document| {
        d.metadata
            .dates
            .iter()
            .filter(|m| m.role.is_policy_date())
            .max_by_key(|m| m.date)
            .map(|m| (m.date, m.span))
    };
    if let (Some((od, os)), Some((nd, ns))) = (newest(old), newest(new))
        && od != nd
    {
        out.push(FactChange {
            fact: "date",
            change: "changed",
            old: Some(od.to_string()),
            new: Some(nd.to_string()),
            old_span: Some(os),
            new_span: Some(ns),
            materiality: Materiality::Editorial,
            reason: format!("policy date changed: {od} → {nd}"),
        });
    }
    // Transfer mechanisms (Privacy Shield, Data Privacy Framework, SCCs ...).
    let (om, nm) = (
        super::materiality::transfer_mechanisms(&old.body_text()),
        super::materiality::transfer_mechanisms(&new.body_text()),
    );
    let gone: Vec<&str> = om.difference(&nm).copied().collect();
    let came: Vec<&str> = nm.difference(&om).copied().collect();
    if gone.len() == 1 && came.len() == 1 {
        out.push(FactChange {
            fact: "transfer-mechanism",
            change: "changed",
            old: Some(gone[0].to_string()),
            new: Some(came[0].to_string()),
            old_span: None,
            new_span: None,
            materiality: Materiality::Material,
            reason: format!("transfer mechanism changed: {} → {}", gone[0], came[0]),
        });
    } else {
        for m in &gone {
            out.push(FactChange {
                fact: "transfer-mechanism",
                change: "removed",
                old: Some(m.to_string()),
                new: None,
                old_span: None,
                new_span: None,
                materiality: Materiality::Material,
                reason: format!("transfer mechanism no longer named: {m}"),
            });
        }
        for m in &came {
            out.push(FactChange {
                fact: "transfer-mechanism",
                change: "added",
                old: None,
                new: Some(m.to_string()),
                old_span: None,
                new_span: None,
                materiality: Materiality::Substantive,
                reason: format!("transfer mechanism added: {m}"),
            });
        }
    }
    // Phone numbers (digits compared, so "+1 (555) 010-0199" and "+1 555 010 0199" are one).
    let phones = |f: &crate::analyze::Facts| -> BTreeMap<String, (String, Span)> {
        f.phones
            .iter()
            .map(|p| {
                let digits: String = p.number.chars().filter(char::is_ascii_digit).collect();
                (digits, (p.number.clone(), p.span))
            })
            .collect()
    };
    let (op, np) = (phones(&of), phones(&nf));
    let gone: Vec<_> = op.iter().filter(|(d, _)| !np.contains_key(*d)).collect();
    let came: Vec<_> = np.iter().filter(|(d, _)| !op.contains_key(*d)).collect();
    if gone.len() == 1 && came.len() == 1 {
        let ((o, os), (n, ns)) = (gone[0].1, came[0].1);
        out.push(FactChange {
            fact: "phone",
            change: "changed",
            old: Some(o.clone()),
            new: Some(n.clone()),
            old_span: Some(*os),
            new_span: Some(*ns),
            materiality: Materiality::Material,
            reason: format!("contact changed: {o} → {n}"),
        });
    } else {
        for (_, (o, os)) in gone {
            out.push(FactChange {
                fact: "phone",
                change: "removed",
                old: Some(o.clone()),
                new: None,
                old_span: Some(*os),
                new_span: None,
                materiality: Materiality::Material,
                reason: format!("contact removed: {o}"),
            });
        }
        for (_, (n, ns)) in came {
            out.push(FactChange {
                fact: "phone",
                change: "added",
                old: None,
                new: Some(n.clone()),
                old_span: None,
                new_span: Some(*ns),
                materiality: Materiality::Substantive,
                reason: format!("contact added: {n}"),
            });
        }
    }
    // Retention periods and response times.
    durations_delta(&mut out, old, new);
    // Lexicon facts: a category, recipient or purpose never named before is material
    // (notice before processing: GDPR Art. 13(3), CCPA §1798.100(a)(1)); so is a right
    // no longer named.
    lexicon_delta(
        &mut out,
        "data-category",
        data_categories(),
        (old, new),
        (Materiality::Material, "new data category"),
        (
            Materiality::Substantive,
            "data category no longer mentioned",
        ),
    );
    lexicon_delta(
        &mut out,
        "recipient",
        recipients(),
        (old, new),
        (Materiality::Material, "new recipient"),
        (Materiality::Substantive, "recipient no longer mentioned"),
    );
    lexicon_delta(
        &mut out,
        "purpose",
        purposes(),
        (old, new),
        (Materiality::Material, "new purpose"),
        (Materiality::Substantive, "purpose no longer mentioned"),
    );
    lexicon_delta(
        &mut out,
        "right",
        rights(),
        (old, new),
        (Materiality::Substantive, "right added"),
        (Materiality::Material, "right removed"),
    );
    out
}

/// Labels of `lexicon` the new version names and the old one never did (`added`), and the
/// reverse (`removed`), each with the span of its first mention.
fn lexicon_delta(
    out: &mut Vec<FactChange>,
    fact: &'static str,
    lexicon: &Lexicon,
    (old, new): (&Document, &Document),
    added: (Materiality, &str),
    removed: (Materiality, &str),
) {
    let (om, nm) = (lexicon.mentions(old), lexicon.mentions(new));
    for (label, span) in nm.iter().filter(|(l, _)| !om.contains_key(*l)) {
        out.push(FactChange {
            fact,
            change: "added",
            old: None,
            new: Some(label.clone()),
            old_span: None,
            new_span: Some(*span),
            materiality: added.0,
            reason: format!("{}: {label}", added.1),
        });
    }
    for (label, span) in om.iter().filter(|(l, _)| !nm.contains_key(*l)) {
        out.push(FactChange {
            fact,
            change: "removed",
            old: Some(label.clone()),
            new: None,
            old_span: Some(*span),
            new_span: None,
            materiality: removed.0,
            reason: format!("{}: {label}", removed.1),
        });
    }
}

/// What a duration is about, from the sentence around it: a retention period ("we keep",
/// "retain", "stored for", "deleted after", or any duration in a retention section) or a
/// response time ("respond within", "reply"). Other durations (trial periods, cookie
/// lifetimes in tables) are not facts.
fn duration_fact(sentence: &str, in_retention_section: bool) -> Option<&'static str> {
    let l = sentence.to_lowercase();
    const RESPONSE: &[&str] = &["respond", "response", "reply", "answer your request"];
    const RETENTION: &[&str] = &[
        "retain",
        "retention",
        "keep",
        "kept",
        "store",
        "stored",
        "delete",
        "deleted",
        "erase",
        "purge",
    ];
    if RESPONSE.iter().any(|w| l.contains(w)) {
        Some("response-time")
    } else if in_retention_section || RETENTION.iter().any(|w| l.contains(w)) {
        Some("retention-period")
    } else {
        None
    }
}

/// Durations per fact (`retention-period`, `response-time`): days → (as written, span).
fn durations(doc: &Document) -> BTreeMap<&'static str, BTreeMap<u32, (String, Span)>> {
    use crate::ast::SectionKind;
    let mut out: BTreeMap<&'static str, BTreeMap<u32, (String, Span)>> = BTreeMap::new();
    let mut visit = |t: &crate::ast::Text, retention: bool| {
        let text = &t.text;
        let mut from = 0;
        for sentence in text.split_inclusive(['.', ';', '\n']) {
            let at = from;
            from += sentence.len();
            let ds = super::materiality::durations(sentence);
            if ds.is_empty() {
                continue;
            }
            let Some(fact) = duration_fact(sentence, retention) else {
                continue;
            };
            let lower = sentence.to_ascii_lowercase();
            for d in ds {
                // The span of the duration's first word, found case-insensitively.
                let first = d.text.split(' ').next().unwrap_or("");
                let span = match lower.find(first) {
                    Some(k) => t.source_span(at + k, at + k + first.len()),
                    None => t.span,
                };
                out.entry(fact)
                    .or_default()
                    .entry(d.days)
                    .or_insert((d.text, span));
            }
        }
    };
    for b in &doc.preamble {
        for t in b.texts() {
            visit(t, false);
        }
    }
    for s in doc.all_sections() {
        let retention = s.kinds.contains(&SectionKind::Retention);
        for b in &s.blocks {
            for t in b.texts() {
                visit(t, retention);
            }
        }
    }
    out
}

/// Retention periods and response times that changed: one period replaced by another is
/// `changed` (a longer retention period is material: GDPR Art. 13(2)(a), CCPA
/// §1798.100(a)(3)); otherwise each is added or removed.
fn durations_delta(out: &mut Vec<FactChange>, old: &Document, new: &Document) {
    let (od, nd) = (durations(old), durations(new));
    for fact in ["retention-period", "response-time"] {
        let empty = BTreeMap::new();
        let (o, n) = (
            od.get(fact).unwrap_or(&empty),
            nd.get(fact).unwrap_or(&empty),
        );
        let gone: Vec<_> = o.iter().filter(|(d, _)| !n.contains_key(*d)).collect();
        let came: Vec<_> = n.iter().filter(|(d, _)| !o.contains_key(*d)).collect();
        let what = if fact == "retention-period" {
            "retention period"
        } else {
            "response time"
        };
        if gone.len() == 1 && came.len() == 1 {
            let ((od, (ot, os)), (nd, (nt, ns))) = (gone[0], came[0]);
            let longer = nd > od;
            out.push(FactChange {
                fact,
                change: "changed",
                old: Some(ot.clone()),
                new: Some(nt.clone()),
                old_span: Some(*os),
                new_span: Some(*ns),
                materiality: if longer && fact == "retention-period" {
                    Materiality::Material
                } else {
                    Materiality::Substantive
                },
                reason: format!(
                    "{what} {}: {ot} → {nt}",
                    if longer { "lengthened" } else { "shortened" }
                ),
            });
            continue;
        }
        for (_, (t, s)) in gone {
            out.push(FactChange {
                fact,
                change: "removed",
                old: Some(t.clone()),
                new: None,
                old_span: Some(*s),
                new_span: None,
                materiality: Materiality::Substantive,
                reason: format!("{what} no longer stated: {t}"),
            });
        }
        for (_, (t, s)) in came {
            out.push(FactChange {
                fact,
                change: "added",
                old: None,
                new: Some(t.clone()),
                old_span: None,
                new_span: Some(*s),
                materiality: Materiality::Substantive,
                reason: format!("{what} added: {t}"),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_loads_and_matches_words() {
        assert!(data_categories().labels.len() >= 10);
        let c = categories_in("We also collect your precise geolocation.");
        assert!(c.contains("precise geolocation"), "{c:?}");
        assert!(
            categories_in("We use cameras' metadata").contains("photos, camera and microphone")
        );
        assert!(categories_in("the scamera").is_empty());
        // Case-insensitive, offsets in the original text.
        let found = recipients().find("We share it with Advertising Partners and Stripe.");
        assert_eq!(found.get("advertising partners"), Some(&(17, 36)));
        assert_eq!(found.get("payment processors"), Some(&(42, 48)));
        assert!(purposes().labels.len() >= 8);
        // Negated and context-free mentions do not count.
        assert!(labels_in(purposes(), "We do not sell your personal information.").is_empty());
        assert!(labels_in(purposes(), "We never use it for targeted advertising.").is_empty());
        assert!(
            labels_in(
                recipients(),
                "Other third parties, such as data brokers, have been known to scrape GitHub."
            )
            .is_empty()
        );
        assert!(
            labels_in(rights(), "You have the right to data portability.")
                .contains("data portability")
        );
    }

    #[test]
    fn duration_facts_from_sentences() {
        assert_eq!(
            duration_fact("We keep your data for 30 days.", false),
            Some("retention-period")
        );
        assert_eq!(
            duration_fact("We respond within 45 days.", false),
            Some("response-time")
        );
        assert_eq!(duration_fact("The free trial lasts 14 days.", false), None);
        assert_eq!(
            duration_fact("Logs: 90 days.", true),
            Some("retention-period")
        );
    }
}
