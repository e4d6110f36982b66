//! Whether a change matters: `material` (users must be told — a new data category, a
//! longer retention period, a right or a required section removed, a contact changed),
//! `substantive` (other changes of meaning) or `editorial` (typos, punctuation, dates,
//! renumbering, moves), each with a one-line reason.
//!
//! The triggers follow the law's notion of a material change: GDPR Art. 13(3)/14(4)
//! (new purposes need prior notice), CCPA regulations 11 CCR §7011 (material changes
//! to the notice), FTC practice on retroactive material changes.

use serde::Serialize;

use super::{SectionChange, SectionChangeKind, WordOp};
use crate::ast::SectionKind;

/// How much a change matters. Ordered: `None < Editorial < Substantive < Material`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Materiality {
    /// Nothing changed.
    None,
    /// Form only: typos, punctuation, dates, numbering, moves.
    Editorial,
    /// Wording that changes meaning, but no trigger of a material change.
    Substantive,
    /// Users must be told: new data category, longer retention, right or section removed,
    /// contact changed.
    Material,
}

impl std::fmt::Display for Materiality {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            Materiality::None => "none",
            Materiality::Editorial => "editorial",
            Materiality::Substantive => "substantive",
            Materiality::Material => "material",
        })
    }
}

/// Rights whose removal is material (GDPR Art. 15–22, CCPA §1798.100–125). Lower case.
pub const RIGHTS: &[&str] = &[
    "right of access",
    "right to access",
    "right to rectification",
    "right to correct",
    "right to erasure",
    "right to delete",
    "right to deletion",
    "right to be forgotten",
    "right to restriction",
    "right to restrict",
    "right to object",
    "right to data portability",
    "data portability",
    "right to withdraw",
    "right to opt out",
    "right to opt-out",
    "right to lodge a complaint",
    "right to non-discrimination",
];

/// A duration in days with the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duration {
    /// Length in calendar days (months count 30, years 365, weeks 7, business days 7/5).
    pub days: u32,
    /// As written: "30 days", "one year".
    pub text: String,
}

fn number_word(w: &str) -> Option<u32> {
    let n = match w {
        "one" | "a" | "an" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "twelve" => 12,
        "fourteen" => 14,
        "fifteen" => 15,
        "eighteen" => 18,
        "twenty" => 20,
        "thirty" => 30,
        "forty-five" => 45,
        "sixty" => 60,
        "ninety" => 90,
        _ => return w.parse().ok().filter(|n| *n < 100_000),
    };
    Some(n)
}

/// Durations written in a text: "30 days", "90 calendar days", "one year", "6 months",
/// "thirty (30) days".
pub fn durations(text: &str) -> Vec<Duration> {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        let Some(n) = number_word(&words[k]) else {
            k += 1;
            continue;
        };
        // "thirty (30) days": skip the bracketed repeat.
        let mut u = k + 1;
        if words
            .get(u)
            .is_some_and(|w| w.parse::<u32>().is_ok_and(|m| m == n))
        {
            u += 1;
        }
        let mut factor_num = 1;
        let mut factor_den = 1;
        if matches!(
            words.get(u).map(String::as_str),
            Some("business" | "working")
        ) {
            factor_num = 7;
            factor_den = 5;
            u += 1;
        } else if matches!(words.get(u).map(String::as_str), Some("calendar")) {
            u += 1;
        }
        let unit = match words.get(u).map(String::as_str) {
            Some("day" | "days") => 1,
            Some("week" | "weeks") => 7,
            Some("month" | "months") => 30,
            Some("year" | "years") => 365,
            _ => {
                k += 1;
                continue;
            }
        };
        out.push(Duration {
            days: n.saturating_mul(unit).saturating_mul(factor_num) / factor_den,
            text: words[k..=u].join(" "),
        });
        // Past the unit: "thirty (30) days" is one duration, not two.
        k = u + 1;
    }
    out
}

fn changed_chars(words: &[WordOp]) -> usize {
    words
        .iter()
        .filter(|w| w.op != "equal")
        .map(|w| w.text.trim().chars().count())
        .sum()
}

fn without_dates(s: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for d in crate::analyze::dates::find_dates(s) {
        out.push_str(&s[last..d.start]);
        out.push_str("<date>");
        last = d.end;
    }
    out.push_str(&s[last..]);
    out
}

/// Levenshtein distance between two short strings (in characters), for typo detection.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 3 {
        return 4;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A typo fix: every deleted word run is replaced by an inserted one at most two edits away.
fn is_typo_fix(words: &[WordOp]) -> bool {
    let mut pairs = 0;
    let mut k = 0;
    while k < words.len() {
        match words[k].op {
            "equal" => k += 1,
            "delete" if words.get(k + 1).is_some_and(|w| w.op == "insert") => {
                let (d, i) = (words[k].text.trim(), words[k + 1].text.trim());
                if d.split_whitespace().count() > 1 || edit_distance(d, i) > 2 {
                    return false;
                }
                pairs += 1;
                k += 2;
            }
            _ => {
                // A lone punctuation insert/delete ("," or ".") is editorial too.
                if words[k].text.trim().chars().any(|c| c.is_alphanumeric()) {
                    return false;
                }
                pairs += 1;
                k += 1;
            }
        }
    }
    pairs > 0
}

/// A changed block.
pub fn of_changed_block(
    old: &str,
    new: &str,
    words: &[WordOp],
    kinds: &[SectionKind],
) -> (Materiality, String) {
    // Durations: a longer retention period is material.
    let (od, nd) = (durations(old), durations(new));
    if od != nd && !od.is_empty() && !nd.is_empty() {
        let (o, n) = (
            od.iter().map(|d| d.days).max().unwrap_or(0),
            nd.iter().map(|d| d.days).max().unwrap_or(0),
        );
        let retention = kinds.contains(&SectionKind::Retention)
            || [
                "retain",
                "keep",
                "kept",
                "stored",
                "store",
                "delete",
                "retention",
            ]
            .iter()
            .any(|w| new.to_lowercase().contains(w));
        if n > o {
            let what = if retention {
                "retention period lengthened"
            } else {
                "period lengthened"
            };
            let oldt = &od.iter().max_by_key(|d| d.days).expect("non-empty").text;
            let newt = &nd.iter().max_by_key(|d| d.days).expect("non-empty").text;
            return (
                if retention {
                    Materiality::Material
                } else {
                    Materiality::Substantive
                },
                format!("{what}: {oldt} → {newt}"),
            );
        }
        if n < o {
            let oldt = &od.iter().max_by_key(|d| d.days).expect("non-empty").text;
            let newt = &nd.iter().max_by_key(|d| d.days).expect("non-empty").text;
            let retention = kinds.contains(&SectionKind::Retention)
                || [
                    "retain",
                    "keep",
                    "kept",
                    "stored",
                    "store",
                    "delete",
                    "retention",
                ]
                .iter()
                .any(|w| new.to_lowercase().contains(w));
            let what = if retention {
                "retention period shortened"
            } else {
                "period shortened"
            };
            return (Materiality::Substantive, format!("{what}: {oldt} → {newt}"));
        }
    }
    if let Some(r) = right_removed(old, new) {
        return (Materiality::Material, format!("right removed: {r}"));
    }
    // A contact address replaced (even a one-letter fix: the address users write to is
    // another one) or dropped is material.
    let (oe, ne) = (emails_in(old), emails_in(new));
    if oe != ne {
        let gone: Vec<&String> = oe.iter().filter(|e| !ne.contains(*e)).collect();
        let came: Vec<&String> = ne.iter().filter(|e| !oe.contains(*e)).collect();
        match (gone.first(), came.first()) {
            (Some(g), Some(c)) => {
                return (Materiality::Material, format!("contact changed: {g} → {c}"));
            }
            (Some(g), None) => {
                return (Materiality::Material, format!("contact removed: {g}"));
            }
            _ => {}
        }
    }
    // The legal basis of international transfers (GDPR Art. 13(1)(f), 44–49) replaced or
    // dropped is material: "Privacy Shield → Data Privacy Framework".
    let (om, nm) = (transfer_mechanisms(old), transfer_mechanisms(new));
    if om != nm {
        let gone: Vec<&str> = om.difference(&nm).copied().collect();
        let came: Vec<&str> = nm.difference(&om).copied().collect();
        if !gone.is_empty() && !came.is_empty() {
            return (
                Materiality::Material,
                format!(
                    "transfer mechanism changed: {} → {}",
                    gone.join(", "),
                    came.join(", ")
                ),
            );
        }
        if !gone.is_empty() {
            return (
                Materiality::Material,
                format!("transfer mechanism removed: {}", gone.join(", ")),
            );
        }
        return (
            Materiality::Substantive,
            format!("transfer mechanism added: {}", came.join(", ")),
        );
    }
    if without_dates(old) == without_dates(new) {
        return (Materiality::Editorial, "date changed".into());
    }
    if is_typo_fix(words) || changed_chars(words) == 0 {
        return (Materiality::Editorial, "typo or punctuation fix".into());
    }
    (Materiality::Substantive, "wording changed".into())
}

/// E-mail addresses written in a text, lower case, in order, without duplicates.
pub fn emails_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in text.split(|c: char| c.is_whitespace() || "<>()[]\"',;:".contains(c)) {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let Some((user, host)) = w.split_once('@') else {
            continue;
        };
        if !user.is_empty() && host.contains('.') && !host.starts_with('.') && !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// Legal mechanisms for international transfers: name → phrases (lower case).
pub const TRANSFER_MECHANISMS: &[(&str, &[&str])] = &[
    ("Privacy Shield", &["privacy shield"]),
    ("Data Privacy Framework", &["data privacy framework", "dpf"]),
    (
        "Standard Contractual Clauses",
        &["standard contractual clauses", "sccs", "model clauses"],
    ),
    (
        "Binding Corporate Rules",
        &["binding corporate rules", "bcrs"],
    ),
    ("adequacy decision", &["adequacy decision"]),
];

/// The transfer mechanisms a text names.
pub fn transfer_mechanisms(text: &str) -> std::collections::BTreeSet<&'static str> {
    let lower = text.to_lowercase();
    let mut out = std::collections::BTreeSet::new();
    for (name, phrases) in TRANSFER_MECHANISMS {
        let found = phrases.iter().any(|p| {
            lower.match_indices(p).any(|(at, _)| {
                let before = lower[..at].chars().next_back();
                let after = lower[at + p.len()..].chars().next();
                before.is_none_or(|c| !c.is_alphanumeric())
                    && after.is_none_or(|c| !c.is_alphanumeric() || c == 's')
            })
        });
        if found {
            out.insert(*name);
        }
    }
    out
}

fn right_removed(old: &str, new: &str) -> Option<&'static str> {
    let (o, n) = (old.to_lowercase(), new.to_lowercase());
    RIGHTS
        .iter()
        .copied()
        .find(|r| o.contains(r) && !n.contains(r))
}

/// A removed block.
pub fn of_removed_block(old: &str, _kinds: &[SectionKind]) -> (Materiality, String) {
    if let Some(r) = right_removed(old, "") {
        return (Materiality::Material, format!("right removed: {r}"));
    }
    (Materiality::Substantive, "text removed".into())
}

/// An added block (data categories are judged afterwards, against the whole document).
pub fn of_added_block(_new: &str, _kinds: &[SectionKind]) -> (Materiality, String) {
    (Materiality::Substantive, "text added".into())
}

/// Section-level kinds whose removal is material (the generic profile's requirements).
const REQUIRED_KINDS: &[SectionKind] = &[
    SectionKind::DataCollected,
    SectionKind::Purposes,
    SectionKind::Sharing,
    SectionKind::Security,
    SectionKind::Retention,
    SectionKind::Rights,
    SectionKind::ExercisingRights,
    SectionKind::Cookies,
    SectionKind::InternationalTransfers,
    SectionKind::PolicyChanges,
    SectionKind::Contact,
    SectionKind::Complaints,
    SectionKind::Dpo,
];

/// The section as a whole: the highest of its parts, with the reason of the first change
/// at that level; removed required sections are material.
pub fn of_section(s: &SectionChange) -> (Materiality, String) {
    let title =
        |r: &Option<super::SectionRef>| r.as_ref().map(|r| r.title.clone()).unwrap_or_default();
    match s.kind {
        SectionChangeKind::Removed if s.text_moved => (
            Materiality::Editorial,
            format!("section removed, its text moved: {}", title(&s.old)),
        ),
        SectionChangeKind::Removed => {
            let kinds = crate::analyze::kinds::kinds_from_title(&title(&s.old));
            if kinds.iter().any(|k| REQUIRED_KINDS.contains(k)) {
                (
                    Materiality::Material,
                    format!("section removed: {}", title(&s.old)),
                )
            } else {
                (
                    Materiality::Substantive,
                    format!("section removed: {}", title(&s.old)),
                )
            }
        }
        SectionChangeKind::Added
            if s.text_moved
                && s.blocks
                    .iter()
                    .all(|b| b.materiality <= Materiality::Editorial) =>
        {
            (
                Materiality::Editorial,
                format!("section made of existing text: {}", title(&s.new)),
            )
        }
        SectionChangeKind::Added => {
            let top = s
                .blocks
                .iter()
                .map(|b| b.materiality)
                .max()
                .unwrap_or(Materiality::Substantive);
            let reason = s
                .blocks
                .iter()
                .find(|b| b.materiality == top && top == Materiality::Material)
                .map_or_else(
                    || format!("section added: {}", title(&s.new)),
                    |b| b.reason.clone(),
                );
            (top.max(Materiality::Substantive), reason)
        }
        SectionChangeKind::Restructured | SectionChangeKind::Changed => {
            let mut notes = Vec::new();
            if s.renumbered {
                let num = |r: &Option<super::SectionRef>| {
                    r.as_ref()
                        .and_then(|r| r.number.clone())
                        .unwrap_or_else(|| "-".into())
                };
                notes.push(format!("renumbered {} → {}", num(&s.old), num(&s.new)));
            }
            if s.renamed {
                notes.push(format!("renamed: {} → {}", title(&s.old), title(&s.new)));
            }
            if s.moved {
                notes.push("moved".to_string());
            }
            let top = s.blocks.iter().map(|b| b.materiality).max();
            match top {
                Some(m) => {
                    let b = s
                        .blocks
                        .iter()
                        .find(|b| b.materiality == m)
                        .expect("max exists");
                    (m, b.reason.clone())
                }
                None => (Materiality::Editorial, notes.join("; ")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_and_transfer_mechanism_changes_are_material() {
        let (m, r) = of_changed_block(
            "Email us at privacy@b37signals.com.",
            "Email us at privacy@37signals.com.",
            &[],
            &[],
        );
        assert_eq!(m, Materiality::Material);
        assert_eq!(
            r,
            "contact changed: privacy@b37signals.com → privacy@37signals.com"
        );
        let (m, r) = of_changed_block(
            "We rely on SCCs, or the EU - U.S. Privacy Shield.",
            "We rely on SCCs, or the EU-U.S. Data Privacy Framework.",
            &[],
            &[],
        );
        assert_eq!(m, Materiality::Material);
        assert_eq!(
            r,
            "transfer mechanism changed: Privacy Shield → Data Privacy Framework"
        );
        assert!(transfer_mechanisms("the DPF Principles").contains("Data Privacy Framework"));
        assert!(transfer_mechanisms("a dpfx file").is_empty());
        assert_eq!(emails_in("(a@b.org), mailto A@B.org;"), ["a@b.org"]);
    }

    #[test]
    fn durations_in_text() {
        let d =
            durations("We delete it within 30 days, or thirty (30) business days, or one year.");
        let days: Vec<u32> = d.iter().map(|d| d.days).collect();
        assert_eq!(days, [30, 42, 365]);
        assert_eq!(d[0].text, "30 days");
    }

    #[test]
    fn typos_and_dates_are_editorial() {
        let w = vec![
            WordOp {
                op: "equal",
                text: "We ".into(),
            },
            WordOp {
                op: "delete",
                text: "colect".into(),
            },
            WordOp {
                op: "insert",
                text: "collect".into(),
            },
        ];
        assert!(is_typo_fix(&w));
        assert_eq!(
            of_changed_block(
                "Last updated: 2024-01-01",
                "Last updated: 2025-03-01",
                &[],
                &[]
            )
            .1,
            "date changed"
        );
    }
}
