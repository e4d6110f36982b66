//! The first section-kind classifier: heading synonyms first, body key phrases second.
//!
//! The synonym lists are data (`data/section-kinds.toml`, embedded at build time), so a
//! privacy engineer can extend them without reading Rust. A heading matches a synonym when
//! the synonym's words occur as consecutive whole words of the normalised heading
//! (`"what type of personal information we collect"` contains `"information we collect"`).
//! When the heading gives no kind, the body is scored: a kind needs at least
//! [`MIN_BODY_PHRASES`] different key phrases, which keeps a passing mention ("see our
//! Cookies Policy") from making a data-collection section a cookies section.
//!
//! Rejected for now: a statistical model. It would need a labelled training set that does
//! not exist yet; the lists are auditable and good enough to start (issue #3 measures them).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::ast::{Document, Section, SectionKind};
use crate::parse::normalise_title;

/// Different body phrases a kind needs when the heading says nothing.
pub const MIN_BODY_PHRASES: usize = 2;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindEntry {
    titles: Vec<String>,
    phrases: Vec<String>,
}

struct Table {
    kinds: Vec<(SectionKind, Vec<String>, Vec<String>)>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let raw: BTreeMap<String, KindEntry> =
            toml::from_str(include_str!("../../data/section-kinds.toml"))
                .expect("data/section-kinds.toml is valid (checked by a unit test)");
        let kinds = raw
            .into_iter()
            .filter_map(|(name, e)| {
                let kind = kind_from_name(&name)?;
                Some((
                    kind,
                    e.titles.iter().map(|t| normalise_title(t)).collect(),
                    e.phrases.iter().map(|p| p.to_lowercase()).collect(),
                ))
            })
            .collect();
        Table { kinds }
    })
}

/// Parses a kebab-case kind name (`data-collected`).
pub fn kind_from_name(name: &str) -> Option<SectionKind> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

/// The kebab-case name of a kind.
pub fn kind_name(kind: SectionKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Whether `needle` (normalised words) occurs in `hay` (normalised words) on word
/// boundaries. For CJK text, which has no spaces, a plain substring test.
fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    if !needle.is_ascii() && !needle.contains(' ') && needle.chars().any(is_cjk) {
        return hay.contains(needle);
    }
    let padded = format!(" {hay} ");
    padded.contains(&format!(" {needle} "))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Kinds named by a heading title.
pub fn kinds_from_title(title: &str) -> Vec<SectionKind> {
    let norm = normalise_title(title);
    table()
        .kinds
        .iter()
        .filter(|(_, titles, _)| titles.iter().any(|t| contains_words(&norm, t)))
        .map(|(k, _, _)| *k)
        .collect()
}

/// Kinds suggested by body text (at least [`MIN_BODY_PHRASES`] different phrases).
pub fn kinds_from_body(body: &str) -> Vec<SectionKind> {
    let lower = body.to_lowercase();
    table()
        .kinds
        .iter()
        .filter(|(_, _, phrases)| {
            phrases
                .iter()
                .filter(|p| lower.contains(p.as_str()))
                .count()
                >= MIN_BODY_PHRASES
        })
        .map(|(k, _, _)| *k)
        .collect()
}

fn section_body(section: &Section) -> String {
    let mut out = String::new();
    for b in &section.blocks {
        for t in b.texts() {
            out.push_str(&t.text);
            out.push('\n');
        }
    }
    out
}

fn classify(section: &mut Section) {
    let mut kinds = kinds_from_title(&section.title);
    if kinds.is_empty() {
        kinds = kinds_from_body(&section_body(section));
    }
    kinds.sort();
    kinds.dedup();
    section.kinds = kinds;
    for child in &mut section.children {
        classify(child);
    }
}

/// Fills [`Section::kinds`] for every section of the document.
pub fn classify_document(doc: &mut Document) {
    for s in &mut doc.sections {
        classify(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_names_only_known_kinds() {
        let raw: BTreeMap<String, KindEntry> =
            toml::from_str(include_str!("../../data/section-kinds.toml")).unwrap();
        for name in raw.keys() {
            assert!(kind_from_name(name).is_some(), "unknown kind {name}");
        }
        assert_eq!(raw.len(), 21);
    }

    #[test]
    fn seed_headings() {
        use SectionKind::*;
        assert_eq!(
            kinds_from_title("SECTION 1: WHO WE ARE"),
            vec![ControllerIdentity]
        );
        assert_eq!(
            kinds_from_title("WHAT TYPE OF PERSONAL INFORMATION WE COLLECT"),
            vec![DataCollected]
        );
        assert_eq!(
            kinds_from_title("WHY WE COLLECT PERSONAL INFORMATION AND HOW WE USE IT"),
            vec![Purposes]
        );
        assert_eq!(kinds_from_title("HOW TO CONTACT US"), vec![Contact]);
        assert_eq!(kinds_from_title("Cookies"), vec![Cookies]);
        assert_eq!(kinds_from_title("联系我们"), vec![Contact]);
    }

    #[test]
    fn passing_mention_is_not_a_kind() {
        assert!(kinds_from_body("For more information, please see our Cookies Policy.").is_empty());
    }
}
