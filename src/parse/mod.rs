//! Front ends: one per input format, all producing [`crate::ast::Document`].
//!
//! Each front end only finds structure (title, headings, blocks, table of contents). The
//! steps every format shares run once, in [`finish`]: dated mentions and their roles,
//! resolving TOC entries against body sections, and section-kind classification. That keeps
//! the front ends small and makes Markdown and text behave the same for every rule.

pub mod front_matter;
pub mod html;
pub mod markdown;
pub mod text;

use crate::analyze;
use crate::ast::{Document, Format, SectionNumber, TocTarget};
use crate::source::Source;

/// Parses a decoded source with the front end of its format.
pub fn parse(source: &Source) -> Document {
    parse_with_dates(source).0
}

/// [`parse`], also returning every date-shaped text found on the way
/// ([`analyze::dates::find_all`] of the returned document), so that
/// [`analyze::analyze_with_dates`] need not scan the document for dates a second time.
pub fn parse_with_dates(source: &Source) -> (Document, Vec<analyze::dates::DateCandidate>) {
    let doc = match source.format {
        Format::Markdown => markdown::parse(&source.text),
        Format::Html => html::parse(&source.text),
        Format::Text => text::parse(&source.text),
    };
    finish_with_dates(doc)
}

/// The shared last steps: dates, TOC resolution, section kinds.
pub fn finish(doc: Document) -> Document {
    finish_with_dates(doc).0
}

/// [`finish`], also returning the date candidates ([`analyze::dates::find_all`], which
/// [`analyze::dates::record`] turns into `metadata.dates`).
///
/// The date scan and the section-kind classification only read the front end's document
/// (neither looks at the other's result or at resolved TOC targets), so they run side by
/// side on the rayon pool and their results are applied afterwards: dates, then TOC
/// targets, then kinds, as if run one after the other.
fn finish_with_dates(mut doc: Document) -> (Document, Vec<analyze::dates::DateCandidate>) {
    let (dates, kinds) = rayon::join(
        || analyze::dates::find_all(&doc),
        || analyze::kinds::section_kinds(&doc),
    );
    analyze::dates::record(&mut doc, &dates);
    resolve_toc(&mut doc);
    analyze::kinds::assign_kinds(&mut doc, kinds);
    (doc, dates)
}

/// Normalises a heading or TOC title for comparison: leading section label and number
/// removed (`Section 4:`, `4.2`, `IV.`), case folded, punctuation dropped, whitespace
/// (no-break spaces included) collapsed, invisible characters (zero-width space, soft
/// hyphen ..., [`crate::analyze::is_invisible`]) dropped without splitting the word.
/// `"SECTION 1: WHO WE ARE"` and `"1. Who we are"` both give `"who we are"`, and
/// `"Daten\u{200b}schutz"` gives `"datenschutz"`.
pub fn normalise_title(title: &str) -> String {
    normalise_unnumbered(split_number(title).1)
}

/// [`normalise_title`] of the title part `rest` that [`split_number`] returned, for a
/// caller that has split the number off already.
///
/// Walks bytes: an ASCII byte is handled on its own (no character decoding, no Unicode
/// tables), another character is decoded where it starts and handled as
/// [`normalise_unnumbered_reference`] handles it.
pub(crate) fn normalise_unnumbered(rest: &str) -> String {
    let bytes = rest.as_bytes();
    let mut out = String::with_capacity(rest.len());
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let c = if b.is_ascii() {
            i += 1;
            if !b.is_ascii_alphanumeric() {
                pending_space = true;
                continue;
            }
            char::from(b.to_ascii_lowercase())
        } else {
            let c = rest[i..].chars().next().unwrap_or_default();
            i += c.len_utf8();
            if crate::analyze::is_invisible(c) {
                continue;
            }
            if !c.is_alphanumeric() {
                pending_space = true;
                continue;
            }
            c
        };
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        if c.is_ascii() {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// The plain definition of [`normalise_unnumbered`], character by character.
#[cfg(test)]
fn normalise_unnumbered_reference(rest: &str) -> String {
    let mut out = String::with_capacity(rest.len());
    let mut pending_space = false;
    for c in rest.chars() {
        // ASCII first: no Unicode tables (the same answers as below).
        let alnum = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else if crate::analyze::is_invisible(c) {
            continue;
        } else {
            c.is_alphanumeric()
        };
        if alnum {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// Splits a leading section label and number off a heading: `"Section 4: Cookies"` →
/// `(Some(4), "Cookies")`, `"3.2 Retention"` → `(Some(3.2), "Retention")`,
/// `"Article IV - Rights"` → `(Some(IV), "Rights")`. Text without a number is returned as is.
pub fn split_number(title: &str) -> (Option<SectionNumber>, &str) {
    match text::heading_number(title.trim()) {
        Some((number, rest)) => (Some(number), rest),
        None => (None, title.trim()),
    }
}

/// Lines that on their own (a heading or a short line, numbering removed) introduce a
/// table of contents. Lower case.
pub const TOC_HEADINGS: &[&str] = &[
    "table of contents",
    "contents",
    "summary of contents",
    "on this page",
    "in this policy",
    "in this notice",
    "quick links",
    "jump to section",
    "sommaire",
    "table des matières",
    "inhaltsverzeichnis",
    "inhaltsübersicht",
    "übersicht",
    "inhalt",
    "índice",
    "contenido",
    "目录",
    "目錄",
    "目次",
];

/// Phrases that, in the last sentence of a paragraph ending with `:`, announce a list of
/// the document's sections. Lower case. Such a list is a TOC only when at least one entry
/// is an in-page link or reappears as a heading (a cue sentence also introduces ordinary
/// lists).
pub const TOC_SENTENCE_CUES: &[&str] = &[
    "following topics",
    "following sections",
    "this policy covers",
    "this notice covers",
    "each of those sections",
    "each of these sections",
    "table of contents",
    "folgendes erläutert",
    "folgende themen",
    "les sujets suivants",
    "les points suivants",
    "los siguientes temas",
];

/// True when a heading or short line introduces a table of contents: "Contents",
/// "Table of contents:", "1.3. Inhaltsverzeichnis".
pub fn is_toc_heading(line: &str) -> bool {
    is_toc_unnumbered(split_number(line).1)
}

/// [`is_toc_heading`] of the title part `rest` that [`split_number`] returned, for a caller
/// that has split the number off already.
///
/// ASCII text is compared without lower-casing it into a new string: its trimmed bytes are
/// those of its lower case, and every ASCII heading of [`TOC_HEADINGS`] is lower case.
pub(crate) fn is_toc_unnumbered(rest: &str) -> bool {
    if rest.is_ascii() {
        let bare = rest.trim().trim_end_matches([':', '：', '.']).trim();
        return TOC_HEADINGS.iter().any(|h| h.eq_ignore_ascii_case(bare));
    }
    is_toc_unnumbered_reference(rest)
}

/// [`is_toc_unnumbered`] by its definition: the lower case, trimmed, looked up.
fn is_toc_unnumbered_reference(rest: &str) -> bool {
    let lower = rest.to_lowercase();
    let bare = lower.trim().trim_end_matches([':', '：', '.']).trim();
    TOC_HEADINGS.contains(&bare)
}

/// True when `line` introduces a table of contents: a TOC heading ([`is_toc_heading`]) or
/// a sentence ending in `:` whose last sentence contains a cue ("Below, we cover the
/// following topics:"). A cue phrase in the middle of a paragraph does not count.
pub fn is_toc_cue(line: &str) -> bool {
    is_toc_heading(line) || is_toc_sentence(line)
}

/// The sentence half of [`is_toc_cue`].
pub fn is_toc_sentence(line: &str) -> bool {
    let lower = line.to_lowercase();
    let trimmed = lower.trim();
    if !trimmed.ends_with([':', '：']) {
        return false;
    }
    let bare = trimmed.trim_end_matches([':', '：']);
    let last_sentence = bare.rsplit(['.', '!', '?', '。']).next().unwrap_or(bare);
    TOC_SENTENCE_CUES
        .iter()
        .any(|cue| last_sentence.contains(cue))
}

/// Resolves each TOC entry: by in-page anchor first, then by normalised title, then by
/// number; an entry that names the document title resolves to it.
///
/// A document without a TOC returns at once: the sections' titles are normalised only
/// when there are entries to resolve.
fn resolve_toc(doc: &mut Document) {
    if doc.toc.is_none() {
        return;
    }
    let sections: Vec<(String, Option<Vec<u32>>, Vec<String>)> = doc
        .all_sections()
        .iter()
        .map(|sec| {
            (
                normalise_title(&sec.title),
                sec.number
                    .as_ref()
                    .filter(|n| !n.parts.is_empty())
                    .map(|n| n.parts.to_vec()),
                sec.anchors.clone(),
            )
        })
        .collect();
    let title = doc.title.as_ref().map(|t| normalise_title(&t.text));
    let title_slug = doc.title.as_ref().map(|t| markdown::slug(&t.text));
    let Some(toc) = doc.toc.as_mut() else {
        return;
    };
    // Look-up tables, first occurrence wins: resolving N entries against M sections is
    // O(N + M), not O(N × M) (a generated TOC can have thousands of entries).
    let mut by_anchor: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut by_title: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut by_number: std::collections::HashMap<&[u32], usize> = std::collections::HashMap::new();
    for (k, (t, n, anchors)) in sections.iter().enumerate() {
        for a in anchors {
            by_anchor.entry(a.as_str()).or_insert(k);
        }
        if !t.is_empty() {
            by_title.entry(t.as_str()).or_insert(k);
        }
        if let Some(n) = n {
            by_number.entry(n.as_slice()).or_insert(k);
        }
    }
    for entry in &mut toc.entries {
        let name = normalise_title(&entry.title);
        let found = entry
            .anchor
            .as_deref()
            .and_then(|a| by_anchor.get(a))
            .or_else(|| by_title.get(name.as_str()))
            .or_else(|| {
                let parts = &entry.number.as_ref()?.parts;
                by_number.get(parts.as_slice())
            })
            .copied();
        entry.target = match found {
            Some(index) => Some(TocTarget::Section { index }),
            None if !name.is_empty() && title.as_ref() == Some(&name)
                || entry.anchor.is_some() && entry.anchor == title_slug =>
            {
                Some(TocTarget::Title)
            }
            None => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalised_titles() {
        assert_eq!(normalise_title("SECTION 1: WHO WE ARE"), "who we are");
        assert_eq!(normalise_title("Section 1: Who we are"), "who we are");
        assert_eq!(normalise_title("3.2 Data-retention!"), "data retention");
        assert_eq!(normalise_title("隐私&安全"), "隐私 安全");
        assert_eq!(
            normalise_title("\u{feff}2.\u{a0}Daten\u{200b}schutz\u{202f}und Cookies"),
            "datenschutz und cookies"
        );
        assert_eq!(
            normalise_title("Infor\u{ad}mation we collect"),
            "information we collect"
        );
    }

    #[test]
    fn normalise_unnumbered_matches_its_reference() {
        let tricky = [
            "",
            "  ",
            "SECTION 1: WHO WE ARE",
            "隐私&安全",
            "\u{feff}2.\u{a0}Daten\u{200b}schutz\u{202f}und Cookies",
            "Infor\u{ad}mation we collect",
            "İstanbul ΣΑΣ \u{212a}elvin Straße",
            "é-à ½ ² x",
            "\u{200b}lead",
            "a\u{200b}",
        ];
        let mut titles: Vec<String> = tricky.iter().map(|s| s.to_string()).collect();
        for (_, text) in crate::testing::fixture_texts() {
            titles.extend(text.lines().map(str::to_string));
        }
        for t in &titles {
            assert_eq!(
                normalise_unnumbered(t),
                normalise_unnumbered_reference(t),
                "{t:?}"
            );
        }
    }

    #[test]
    fn is_toc_unnumbered_matches_its_reference() {
        let mut lines: Vec<String> = [
            "",
            " ",
            "Contents",
            "CONTENTS:",
            "Table of Contents.:",
            "  table OF contents ::. ",
            "On this page",
            "Inhalt",
            "INHALTSVERZEICHNIS",
            "Table des matières",
            "TABLE DES MATIÈRES",
            "Übersicht",
            "目录",
            "Contents\u{a0}",
            "\u{212a}",
            "İndex",
            "Contentss",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for h in TOC_HEADINGS {
            lines.push(h.to_string());
            lines.push(h.to_uppercase());
        }
        for (_, text) in crate::testing::fixture_texts() {
            lines.extend(text.lines().map(str::to_string));
        }
        for l in &lines {
            assert_eq!(
                is_toc_unnumbered(l),
                is_toc_unnumbered_reference(l),
                "{l:?}"
            );
        }
    }

    #[test]
    fn toc_cues() {
        assert!(is_toc_cue(
            "We encourage you to review it. Below, we cover the following topics:"
        ));
        assert!(is_toc_cue("Contents"));
        assert!(is_toc_cue("1.3. Inhaltsverzeichnis"));
        assert!(!is_toc_cue("Information in this policy section"));
        assert!(is_toc_cue("Table of Contents:"));
        assert!(!is_toc_cue("The contents of your messages"));
        assert!(!is_toc_cue(
            "The practices described in this policy apply to our services. We list them:"
        ));
        assert!(!is_toc_cue(
            "What we describe in this policy applies to all users."
        ));
    }
}
