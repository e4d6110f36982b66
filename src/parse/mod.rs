//! Front ends: one per input format, all producing [`crate::ast::Document`].
//!
//! Each front end only finds structure (title, headings, blocks, table of contents). The
//! steps every format shares run once, in [`finish`]: dated mentions and their roles,
//! resolving TOC entries against body sections, and section-kind classification. That keeps
//! the front ends small and makes Markdown and text behave the same for every rule.

pub mod markdown;
pub mod text;

use crate::analyze;
use crate::ast::{Document, Format, SectionNumber};
use crate::source::Source;

/// Parses a decoded source with the front end of its format.
///
/// HTML is rejected earlier, by [`crate::source::read_source`]; given HTML here, the text
/// front end is used so that the function is total.
pub fn parse(source: &Source) -> Document {
    let doc = match source.format {
        Format::Markdown => markdown::parse(&source.text),
        Format::Text | Format::Html => text::parse(&source.text),
    };
    finish(doc, &source.text)
}

/// The shared last steps: dates, TOC resolution, section kinds.
pub fn finish(mut doc: Document, text: &str) -> Document {
    analyze::dates::collect(&mut doc, text);
    resolve_toc(&mut doc);
    analyze::kinds::classify_document(&mut doc);
    doc
}

/// Normalises a heading or TOC title for comparison: leading section label and number
/// removed (`Section 4:`, `4.2`, `IV.`), case folded, punctuation dropped, whitespace
/// collapsed. `"SECTION 1: WHO WE ARE"` and `"1. Who we are"` both give `"who we are"`.
pub fn normalise_title(title: &str) -> String {
    let (_, rest) = split_number(title);
    let mut out = String::with_capacity(rest.len());
    let mut pending_space = false;
    for c in rest.chars() {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
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

/// Cue phrases that introduce a table of contents, lower case. Matched as substrings of the
/// line before the entries (or a heading, in Markdown).
pub const TOC_CUES: &[&str] = &[
    "table of contents",
    "contents",
    "we cover the following topics",
    "this policy covers",
    "this notice covers",
    "in this policy",
    "in this notice",
    "on this page",
    "jump to section",
    "quick links",
    "sommaire",
    "table des matières",
    "inhaltsverzeichnis",
    "inhalt",
    "índice",
    "目录",
    "目錄",
    "目次",
];

/// True when `line` introduces a table of contents.
pub fn is_toc_cue(line: &str) -> bool {
    let lower = line.to_lowercase();
    let trimmed = lower.trim().trim_end_matches([':', '：', '.']).trim();
    TOC_CUES.iter().any(|cue| {
        if cue.len() <= 8 {
            // Short cues ("contents", "inhalt") must be the whole line.
            trimmed == *cue
        } else {
            trimmed.contains(cue)
        }
    })
}

/// Resolves each TOC entry to a body section: first by normalised title, then by number.
fn resolve_toc(doc: &mut Document) {
    let Some(toc) = doc.toc.as_mut() else {
        return;
    };
    let mut sections: Vec<(String, Option<Vec<u32>>)> = Vec::new();
    fn walk(s: &[crate::ast::Section], out: &mut Vec<(String, Option<Vec<u32>>)>) {
        for sec in s {
            out.push((
                normalise_title(&sec.title),
                sec.number
                    .as_ref()
                    .filter(|n| !n.parts.is_empty())
                    .map(|n| n.parts.clone()),
            ));
            walk(&sec.children, out);
        }
    }
    walk(&doc.sections, &mut sections);
    for entry in &mut toc.entries {
        let title = normalise_title(&entry.title);
        entry.target = sections
            .iter()
            .position(|(t, _)| !title.is_empty() && *t == title)
            .or_else(|| {
                let parts = entry.number.as_ref().map(|n| &n.parts)?;
                if parts.is_empty() {
                    return None;
                }
                sections.iter().position(|(_, n)| n.as_ref() == Some(parts))
            });
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
    }

    #[test]
    fn toc_cues() {
        assert!(is_toc_cue(
            "We encourage you to review it. Below, we cover the following topics:"
        ));
        assert!(is_toc_cue("Contents"));
        assert!(is_toc_cue("Table of Contents:"));
        assert!(!is_toc_cue("The contents of your messages"));
    }
}
