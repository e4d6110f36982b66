//! The fact delta: contacts, web addresses, policy dates and data categories that a new
//! version adds, removes or changes, with spans on both sides.
//!
//! Data categories come from a lexicon (`data/data-categories.toml`, CCPA §1798.140(v) and
//! GDPR Art. 9 categories): a category the old version never mentioned is a material
//! change ("new data category: precise geolocation").

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Materiality;
use crate::ast::{Document, Span};

/// One fact that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FactChange {
    /// `email`, `url`, `date`, `transfer-mechanism` or `data-category`.
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

fn lexicon() -> &'static BTreeMap<String, Category> {
    static L: OnceLock<BTreeMap<String, Category>> = OnceLock::new();
    L.get_or_init(|| {
        toml::from_str(include_str!("../../data/data-categories.toml"))
            .expect("data/data-categories.toml is valid (checked by a unit test)")
    })
}

/// Data categories mentioned in a lower-case text: label → first byte offset.
pub fn categories(lower: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for c in lexicon().values() {
        for p in &c.phrases {
            let mut from = 0;
            while let Some(k) = lower[from..].find(p.as_str()) {
                let at = from + k;
                let before_ok = lower[..at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after_ok = lower[at + p.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric() || c == 's');
                if before_ok && after_ok {
                    out.entry(c.label.clone()).or_insert(at);
                    break;
                }
                from = at + p.len();
            }
        }
    }
    out
}

/// The labels of categories a text mentions.
pub fn categories_in(text: &str) -> BTreeSet<String> {
    categories(&text.to_lowercase()).into_keys().collect()
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
    // Data categories.
    let (ot, nt) = (
        old.body_text().to_lowercase(),
        new.body_text().to_lowercase(),
    );
    let (oc, nc) = (categories(&ot), categories(&nt));
    for label in nc.keys().filter(|l| !oc.contains_key(*l)) {
        out.push(FactChange {
            fact: "data-category",
            change: "added",
            old: None,
            new: Some(label.clone()),
            old_span: None,
            new_span: None,
            materiality: Materiality::Material,
            reason: format!("new data category: {label}"),
        });
    }
    for label in oc.keys().filter(|l| !nc.contains_key(*l)) {
        out.push(FactChange {
            fact: "data-category",
            change: "removed",
            old: Some(label.clone()),
            new: None,
            old_span: None,
            new_span: None,
            materiality: Materiality::Substantive,
            reason: format!("data category no longer mentioned: {label}"),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexicon_loads_and_matches_words() {
        assert!(lexicon().len() >= 10);
        let c = categories_in("We also collect your precise geolocation.");
        assert!(c.contains("precise geolocation"), "{c:?}");
        assert!(
            categories_in("We do not use cameras' metadata")
                .contains("photos, camera and microphone")
        );
        assert!(categories_in("the scamera").is_empty());
    }
}
