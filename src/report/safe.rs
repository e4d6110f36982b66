//! Document text made safe for a terminal (and for log viewers that interpret ANSI, such as
//! GitHub's).
//!
//! A policy file, or its name, can contain control characters: `ESC [ 2 J` clears the
//! screen, `ESC ] 0 ; ... BEL` sets the terminal title, a lone CR or `ESC [ A` overwrites
//! earlier lines and could hide findings in a CI log. Every text format that quotes the
//! document (excerpts, messages quoting section titles, paths) passes it through one of
//! the functions here first. They replace:
//!
//! - the C0 controls U+0000–U+001F except `\n` and `\t`,
//! - DEL (U+007F),
//! - the C1 controls U+0080–U+009F (U+009B is a one-character CSI for some terminals),
//! - and, in excerpts and in [`message`]/[`path`] text, the bidirectional embeddings,
//!   overrides and isolates U+202A–U+202E and U+2066–U+2069 ("Trojan Source",
//!   CVE-2021-42574): they make a terminal or a browser-based log viewer that applies the
//!   Unicode bidirectional algorithm show the quoted text in another order than the file's.
//!
//! The input file is never changed, and the JSON formats (`json`, `jsonl`, `sarif`,
//! `gitlab`, the diff's and `parse`'s JSON) keep the exact text, with each of these
//! characters written as a `\u001b`-style escape ([`super::safe_json`]). The HTML reports
//! use [`message`]'s stand-ins ([`super::html`]). The colour codes
//! that redline or miette add are written after this step and are not affected.

use std::borrow::Cow;

/// Whether `c` is replaced: a C0 control other than `\n` and `\t`, DEL, a C1 control, or a
/// bidirectional embedding, override or isolate (module docs).
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `bytes` (UTF-8) contains a character that [`is_unsafe`]: a byte scan, so that
/// clean text (nearly all text) costs one pass and no copy.
pub(crate) fn has_unsafe(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' | b'\t' => false,
        0..=0x1f | 0x7f => true,
        // C1: U+0080–U+009F is C2 80 – C2 9F.
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        // U+202A–U+202E is E2 80 AA – E2 80 AE; U+2066–U+2069 is E2 81 A6 – E2 81 A9.
        0xe2 => matches!(
            (bytes.get(i + 1), bytes.get(i + 2)),
            (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
        ),
        _ => false,
    })
}

/// Document text for a source excerpt, with every [`is_unsafe`] character replaced by a
/// visible stand-in **of the same length in bytes, one character for one**: `?` for a C0
/// control or DEL (one byte, as `ls` shows them), `¿` (U+00BF) for a C1 control (two
/// bytes), U+FFFD `�` for a bidirectional control (three bytes). Line breaks and tabs are
/// kept.
///
/// The byte-length guarantee is what makes this usable for miette excerpts: labels are
/// byte offsets into the original text, and miette places the underline by the width of
/// the excerpt text before each offset, so every offset must still fall on the same
/// character. The result has the same length, the same line breaks, the same character
/// boundaries and the same number of characters before every offset as `text`, so a
/// [`crate::source::LineIndex`] built from either gives the same lines and columns for
/// both; borrowed when nothing is replaced.
pub fn excerpt(text: &str) -> Cow<'_, str> {
    if !has_unsafe(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) {
            match c.len_utf8() {
                1 => out.push('?'),
                2 => out.push('\u{bf}'),
                _ => out.push('\u{fffd}'),
            }
        } else {
            out.push(c);
        }
    }
    debug_assert_eq!(out.len(), text.len());
    debug_assert_eq!(out.chars().count(), text.chars().count());
    Cow::Owned(out)
}

/// The readable stand-in for one [`is_unsafe`] character (or for `\n`/`\t` in a path): the
/// Unicode control picture for a C0 control and DEL (`␛` for ESC, `␇` for BEL, `␊` for a
/// line feed, `␡` for DEL), and `\u{9b}`-style escapes for the C1 and bidirectional
/// controls, which have no pictures.
fn stand_in(c: char, out: &mut String) {
    match c {
        '\0'..='\x1f' => out.push(char::from_u32(0x2400 + c as u32).expect("U+2400 block")),
        '\x7f' => out.push('\u{2421}'),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

/// Text quoted in a message, a label or help (no byte offsets involved), with every
/// [`is_unsafe`] character replaced by a readable stand-in: the control picture for a C0
/// control or DEL (`␛`, `␇`, `␡`), `\u{9b}` for a C1 control, `\u{202e}` for a
/// bidirectional control. Line breaks and tabs are kept; borrowed when nothing is replaced.
/// The length in bytes may change.
pub fn message(text: &str) -> Cow<'_, str> {
    if !has_unsafe(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            stand_in(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A file name or path for display: as [`message`], and line breaks and tabs are replaced
/// too (`␊`, `␉`), so that a name always stays on its line (`path:line:col:` prefixes and
/// summary lines).
pub fn path(text: &str) -> Cow<'_, str> {
    if !text.contains(['\n', '\t']) && !has_unsafe(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) || c == '\n' || c == '\t' {
            stand_in(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "a\x1b[31mb\x07c\u{9b}2Jd\x7fe\0f\rg\u{202e}h\u{2066}i\n\tj\u{85}k\u{a0}l\u{200f}m é";

    #[test]
    fn excerpt_keeps_every_byte_offset() {
        let e = excerpt(HOSTILE);
        assert_eq!(
            e,
            "a?[31mb?c¿2Jd?e?f?g\u{fffd}h\u{fffd}i\n\tj¿k\u{a0}l\u{200f}m é"
        );
        assert_eq!(e.len(), HOSTILE.len());
        for (i, c) in HOSTILE.char_indices() {
            assert!(e.is_char_boundary(i), "{i}");
            if !is_unsafe(c) {
                assert!(e[i..].starts_with(c), "{i} {c:?}");
            }
        }
    }

    #[test]
    fn messages_and_paths_get_readable_stand_ins() {
        assert_eq!(
            message(HOSTILE),
            "a␛[31mb␇c\\u{9b}2Jd␡e␀f␍g\\u{202e}h\\u{2066}i\n\tj\\u{85}k\u{a0}l\u{200f}m é"
        );
        assert_eq!(path("a\nb\tc\x1bd"), "a␊b␉c␛d");
        assert_eq!(message("a\nb\tc"), "a\nb\tc");
    }

    #[test]
    fn clean_text_is_borrowed() {
        let clean = "Privacy policy\n\tSection 1 — données, 個人情報, العربية \u{200f}";
        assert!(matches!(excerpt(clean), Cow::Borrowed(_)));
        assert!(matches!(message(clean), Cow::Borrowed(_)));
        assert!(matches!(path("dir/p é.md"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_byte_scan_agrees_with_the_character_test() {
        for cp in (0..0x3000u32).chain(0xfff0..0x10100) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let s = format!("x{c}y");
            assert_eq!(has_unsafe(s.as_bytes()), is_unsafe(c), "U+{cp:04X}");
        }
    }
}
