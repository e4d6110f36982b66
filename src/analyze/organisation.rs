//! Organisation names in the text: legal entities ("CGTONLINEA ASIA PTE. LTD.") and the
//! short names a policy defines for itself (`(“CGTONLINEA,” “we,” “our”)`).
//!
//! Used by the contact rules (is the privacy address on the organisation's domain?) and the
//! language rules (does the byline's author match the entity?). A legal entity is a run of
//! one to six capitalised words ending in a company-form suffix from [`LEGAL_SUFFIXES`]; a
//! defined name is the first quoted term inside parentheses that also lists "we". Names in
//! the configuration's `[organisation]` table take precedence over what the text says.
//!
//! Rejected: a named-entity model. No maintained Rust crate runs one offline at this size,
//! and company forms are a closed, well-known list.

use serde::Serialize;

use crate::ast::{Document, Span, Text};

/// Company-form suffixes (upper-cased, dots removed), longest first within a family.
pub const LEGAL_SUFFIXES: &[&str] = &[
    "PTE LTD",
    "PTY LTD",
    "CO LTD",
    "LTD",
    "LIMITED",
    "LLC",
    "LLP",
    "INC",
    "INCORPORATED",
    "CORP",
    "CORPORATION",
    "GMBH",
    "AG",
    "SA",
    "SAS",
    "SARL",
    "SRL",
    "SPA",
    "SL",
    "BV",
    "NV",
    "PLC",
    "OY",
    "AB",
    "AS",
    "KG",
    "EV",
    "KFT",
    "SRO",
    "SP Z OO",
];

/// An organisation name found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OrgName {
    /// The name as written, e.g. `CGTONLINEA ASIA PTE. LTD.`.
    pub name: String,
    /// Where.
    pub span: Span,
}

/// Legal entities and defined short names, in document order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Organisations {
    /// Names ending in a company form.
    pub legal: Vec<OrgName>,
    /// Names the policy defines for itself ("CGTONLINEA" in `(“CGTONLINEA,” “we,” “our”)`).
    pub defined: Vec<OrgName>,
}

impl Organisations {
    /// The distinctive words of every name, lower case, at least 3 letters, company forms
    /// and common words removed: `CGTONLINEA ASIA PTE. LTD.` → `["cgtonlinea", "asia"]`.
    pub fn words(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in self.legal.iter().chain(&self.defined) {
            for w in name_words(&n.name) {
                if !out.contains(&w) {
                    out.push(w);
                }
            }
        }
        out
    }
}

/// Distinctive lower-case words of a name (see [`Organisations::words`]).
pub fn name_words(name: &str) -> Vec<String> {
    const COMMON: &[&str] = &[
        "the",
        "and",
        "company",
        "group",
        "holdings",
        "international",
        "global",
        "services",
        "pte",
        "pty",
    ];
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .filter(|w| {
            let upper = w.to_uppercase();
            !LEGAL_SUFFIXES.contains(&upper.as_str()) && !COMMON.contains(&w.as_str())
        })
        .collect()
}

fn is_cap_word(w: &str) -> bool {
    let core = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&');
    core.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        || core == "&"
}

/// The first word of each of [`LEGAL_SUFFIXES`]: the reference for the `match` of
/// [`is_first_suffix_word`].
#[cfg(test)]
fn first_suffix_words() -> &'static rustc_hash::FxHashSet<&'static str> {
    static WORDS: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    WORDS.get_or_init(|| {
        LEGAL_SUFFIXES
            .iter()
            .map(|s| s.split(' ').next().unwrap_or(s))
            .collect()
    })
}

/// Whether `word`, without `.` and `,` and in upper case, is the first word of one of
/// [`LEGAL_SUFFIXES`]. The word is upper-cased on the stack (`to_uppercase` of ASCII is
/// ASCII's, as long); one longer than [`SUFFIX_WORD_MAX_BYTES`] without its `.` and `,`, or
/// with a character whose upper case is not ASCII, is none of them.
fn starts_suffix(word: &str) -> bool {
    let mut buf = [0u8; SUFFIX_WORD_MAX_BYTES];
    let mut n = 0;
    if !word.is_ascii() {
        // The same on the stack, character by character: every one of the words is
        // ASCII, so an upper case with another character is none of them.
        for c in word.chars().filter(|c| !matches!(c, '.' | ',')) {
            for u in c.to_uppercase() {
                let (true, Some(slot)) = (u.is_ascii(), buf.get_mut(n)) else {
                    return false;
                };
                *slot = u as u8;
                n += 1;
            }
        }
        return is_first_suffix_word(&buf[..n]);
    }
    for &b in word.as_bytes() {
        if b == b'.' || b == b',' {
            continue;
        }
        let Some(slot) = buf.get_mut(n) else {
            return false;
        };
        *slot = b.to_ascii_uppercase();
        n += 1;
    }
    is_first_suffix_word(&buf[..n])
}

/// Whether `word` (upper case) is the first word of one of [`LEGAL_SUFFIXES`], by a
/// `match` on the bytes rather than a hash look-up (this runs for every capitalised word
/// starting with a letter some company form starts with). A unit test checks that the
/// two agree.
fn is_first_suffix_word(word: &[u8]) -> bool {
    matches!(
        word,
        b"PTE"
            | b"PTY"
            | b"CO"
            | b"LTD"
            | b"LIMITED"
            | b"LLC"
            | b"LLP"
            | b"INC"
            | b"INCORPORATED"
            | b"CORP"
            | b"CORPORATION"
            | b"GMBH"
            | b"AG"
            | b"SA"
            | b"SAS"
            | b"SARL"
            | b"SRL"
            | b"SPA"
            | b"SL"
            | b"BV"
            | b"NV"
            | b"PLC"
            | b"OY"
            | b"AB"
            | b"AS"
            | b"KG"
            | b"EV"
            | b"KFT"
            | b"SRO"
            | b"SP"
    )
}

/// Length in bytes of the longest first word of [`LEGAL_SUFFIXES`] (`INCORPORATED`; a
/// unit test checks).
const SUFFIX_WORD_MAX_BYTES: usize = 12;

/// The suffix length (in words) when `words[k..]` starts with a company form.
fn suffix_at(words: &[(usize, &str)]) -> Option<usize> {
    // Company forms are capitalised: most words are rejected here, before any allocation.
    if !words
        .first()
        .and_then(|w| w.1.chars().next())
        .is_some_and(char::is_uppercase)
    {
        return None;
    }
    // Every suffix starts with one of a few words: most capitalised words are rejected
    // after one allocation rather than the six of building every candidate below.
    if !starts_suffix(words[0].1) {
        return None;
    }
    for len in (1..=3).rev() {
        if words.len() < len {
            continue;
        }
        let joined: String = words[..len]
            .iter()
            .map(|w| w.1.replace(['.', ','], "").to_uppercase())
            .collect::<Vec<_>>()
            .join(" ");
        // Company forms are written capitalised ("AS", "Ltd"); a lower-case "as" or "sa"
        // is an ordinary word.
        let capitalised = words[..len]
            .iter()
            .all(|w| w.1.chars().next().is_some_and(|c| c.is_uppercase()));
        if capitalised && LEGAL_SUFFIXES.contains(&joined.as_str()) {
            return Some(len);
        }
    }
    None
}

/// Bytes that can begin a word [`suffix_at`] accepts: the first letter of each of
/// [`LEGAL_SUFFIXES`] (a company form starts with an upper-case letter, and an ASCII
/// upper-case letter is its own upper case) and every lead byte of a non-ASCII character.
const SUFFIX_START: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < LEGAL_SUFFIXES.len() {
        table[LEGAL_SUFFIXES[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    let mut b = 0xC0;
    while b < 256 {
        table[b] = true;
        b += 1;
    }
    table
};

/// `char::is_whitespace` of an ASCII byte: space, `\t`, `\n`, `\x0b`, `\x0c`, `\r` (unlike
/// `u8::is_ascii_whitespace`, which leaves out the vertical tab `\x0b`).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Whether the character ending at byte `at` of `text` is white space (`char::is_whitespace`,
/// as `str::split_whitespace` splits), and its width in bytes. `at` > 0, a character boundary.
fn space_before(text: &str, at: usize) -> (bool, usize) {
    let b = text.as_bytes()[at - 1];
    if b.is_ascii() {
        (is_ascii_space(b), 1)
    } else {
        let c = text[..at].chars().next_back().unwrap_or_default();
        (c.is_whitespace(), c.len_utf8())
    }
}

/// Whether the character starting at byte `at` of `text` is white space, and its width.
fn space_at(text: &str, at: usize) -> (bool, usize) {
    let b = text.as_bytes()[at];
    if b.is_ascii() {
        (is_ascii_space(b), 1)
    } else {
        let c = text[at..].chars().next().unwrap_or_default();
        (c.is_whitespace(), c.len_utf8())
    }
}

/// The end of the word (run of non-white-space characters) starting at byte `at`.
fn word_end(text: &str, mut at: usize) -> usize {
    while at < text.len() {
        let (space, width) = space_at(text, at);
        if space {
            break;
        }
        at += width;
    }
    at
}

/// The word after the one ending at byte `end`, with its offset.
fn next_word(text: &str, mut end: usize) -> Option<(usize, &str)> {
    while end < text.len() {
        let (space, width) = space_at(text, end);
        if !space {
            return Some((end, &text[end..word_end(text, end)]));
        }
        end += width;
    }
    None
}

/// The word before the one starting at byte `start`, with its offset.
fn previous_word(text: &str, start: usize) -> Option<(usize, &str)> {
    let mut end = start;
    while end > 0 {
        let (space, width) = space_before(text, end);
        if !space {
            break;
        }
        end -= width;
    }
    if end == 0 {
        return None;
    }
    let mut s = end;
    while s > 0 {
        let (space, width) = space_before(text, s);
        if space {
            break;
        }
        s -= width;
    }
    Some((s, &text[s..end]))
}

/// Legal entity names in one text: byte ranges in `text`.
///
/// The words are those of `str::split_whitespace`, but only the few that can start a company
/// form are looked at: a scan for a byte of [`SUFFIX_START`] at the start of a word, then the
/// next words when that word starts a suffix, and the words before it when a suffix is found
/// (up to six capitalised words; the suffix must follow a name). The result is that of
/// splitting every word first (`legal_in_reference`, compared in a unit test).
fn legal_in(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Skipped eight bytes at a time to the next upper-case ASCII letter or non-ASCII
        // byte, the only bytes [`SUFFIX_START`] holds.
        i = super::contacts::next_byte_in(b, i, b'A', b'Z');
        if i == b.len() {
            break;
        }
        if !SUFFIX_START[usize::from(b[i])] || i > 0 && !space_before(text, i).0 {
            i += 1;
            continue;
        }
        // `i` starts a word that may start a company form, or is white space (a non-ASCII
        // space such as U+00A0; the bytes after its lead byte are not in the table).
        let first_end = word_end(text, i);
        if first_end == i {
            i += 1;
            continue;
        }
        let word = &text[i..first_end];
        if !(word.chars().next().is_some_and(char::is_uppercase) && starts_suffix(word)) {
            i = first_end;
            continue;
        }
        let mut words = [(i, word); 3];
        let mut n = 1;
        while n < 3 {
            let prev = words[n - 1];
            let Some(w) = next_word(text, prev.0 + prev.1.len()) else {
                break;
            };
            words[n] = w;
            n += 1;
        }
        let Some(len) = suffix_at(&words[..n]) else {
            i = first_end;
            continue;
        };
        // Walk back over up to six capitalised words (the suffix must follow a name).
        let mut first = (i, word);
        let mut before = 0;
        while before < 6
            && let Some(w) = previous_word(text, first.0)
            // The word right before the suffix may end in a comma ("Messenger, LLC").
            && is_cap_word(w.1)
            && (!w.1.ends_with(['.', ',', ';', ':', ')']) || before == 0 && w.1.ends_with(','))
        {
            first = w;
            before += 1;
        }
        let last = words[len - 1];
        let last_end = last.0 + last.1.len();
        // A suffix word that is also an ordinary word ("as", "sa") needs a name before it.
        if before > 0 {
            let mut end = last_end;
            // Keep a final "." of "LTD." / "Inc."; drop other trailing punctuation.
            while end > first.0 && text[..end].ends_with([',', ';', ':', ')', '"', '”', '’']) {
                end -= 1;
            }
            let s = first.0 + (first.1.len() - first.1.trim_start_matches(['(', '"', '“']).len());
            out.push((s, end));
        }
        i = last_end;
    }
    out
}

/// Legal entity names in one text, every word split first: the reference for [`legal_in`].
#[cfg(test)]
fn legal_in_reference(text: &str) -> Vec<(usize, usize)> {
    legal_in_words(text, &mut Vec::new())
}

/// The words of `text` (runs of characters that are not white space) with their byte
/// offsets, into `words` (cleared first): every word, for the reference.
#[cfg(test)]
fn split_words<'a>(text: &'a str, words: &mut Vec<(usize, &'a str)>) {
    words.clear();
    let mut start = None;
    let mut i = 0;
    while i < text.len() {
        let (space, width) = space_at(text, i);
        if space {
            if let Some(s) = start.take() {
                words.push((s, &text[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += width;
    }
    if let Some(s) = start {
        words.push((s, &text[s..]));
    }
}

/// [`legal_in_reference`] with a word buffer reused across the texts of a document.
#[cfg(test)]
fn legal_in_words<'a>(text: &'a str, words: &mut Vec<(usize, &'a str)>) -> Vec<(usize, usize)> {
    split_words(text, words);
    let plain = |k: usize| words[k].1;
    let mut out = Vec::new();
    let mut k = 0;
    while k < words.len() {
        if let Some(len) = suffix_at(&words[k..]) {
            // Walk back over up to six capitalised words (the suffix must follow a name).
            let mut first = k;
            // The word right before the suffix may end in a comma ("Messenger, LLC").
            while first > 0
                && k - first < 6
                && is_cap_word(plain(first - 1))
                && (!plain(first - 1).ends_with(['.', ',', ';', ':', ')'])
                    || first == k && plain(first - 1).ends_with(','))
            {
                first -= 1;
            }
            // A suffix word that is also an ordinary word ("as", "sa") needs a name before it.
            if first < k {
                let last = &words[k + len - 1];
                let mut end = last.0 + last.1.len();
                // Keep a final "." of "LTD." / "Inc."; drop other trailing punctuation.
                while end > words[first].0
                    && text[..end].ends_with([',', ';', ':', ')', '"', '”', '’'])
                {
                    end -= 1;
                }
                let s = words[first].0
                    + (words[first].1.len()
                        - words[first].1.trim_start_matches(['(', '"', '“']).len());
                out.push((s, end));
            }
            k += len;
        } else {
            k += 1;
        }
    }
    out
}

/// Whether `inner` in lower case contains `“we`, `"we` or `'we`, without lower-casing it: a
/// quote mark followed by `w`/`W` and `e`/`E` (no other character lower-cases to an ASCII
/// `w` or `e`, nor to a quote mark; `quotes_we_reference` in the tests lower-cases).
fn quotes_we(inner: &str) -> bool {
    inner.match_indices(['“', '"', '\'']).any(|(q, mark)| {
        inner.as_bytes()[q + mark.len()..]
            .get(..2)
            .is_some_and(|we| we.eq_ignore_ascii_case(b"we"))
    })
}

/// Defined names: the first quoted term in a parenthesis that also quotes "we".
fn defined_in(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('(') {
        let open = from + open;
        let Some(close) = text[open..].find(')') else {
            break;
        };
        let inner = &text[open + 1..open + close];
        if quotes_we(inner) {
            // The first quoted term.
            if let Some(q) = inner.find(['“', '"']) {
                let qlen = inner[q..].chars().next().map_or(1, char::len_utf8);
                let rest = &inner[q + qlen..];
                if let Some(e) = rest.find(['”', '"', ',']) {
                    let name = rest[..e].trim();
                    if !name.is_empty() && !name.eq_ignore_ascii_case("we") {
                        let s =
                            open + 1 + q + qlen + (rest[..e].len() - rest[..e].trim_start().len());
                        out.push((s, s + name.len()));
                    }
                }
            }
        }
        from = open + close;
    }
    out
}

/// Finds organisation names in every text of the document.
pub fn extract(doc: &Document) -> Organisations {
    let mut orgs = Organisations::default();
    let mut texts: Vec<&Text> = Vec::new();
    if let Some(t) = &doc.title {
        texts.push(t);
    }
    for b in doc.all_blocks() {
        texts.extend(b.texts());
    }
    for t in texts {
        for (s, e) in legal_in(&t.text) {
            let name = t.text[s..e].to_string();
            if !orgs.legal.iter().any(|o| o.name == name) {
                orgs.legal.push(OrgName {
                    name,
                    span: t.source_span(s, e),
                });
            }
        }
        for (s, e) in defined_in(&t.text) {
            let name = t.text[s..e].to_string();
            if !orgs.defined.iter().any(|o| o.name == name) {
                orgs.defined.push(OrgName {
                    name,
                    span: t.source_span(s, e),
                });
            }
        }
    }
    orgs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn legal(s: &str) -> Vec<&str> {
        legal_in(s).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn legal_entities() {
        assert_eq!(
            legal("CGTONLINEA ASIA PTE. LTD. including its corporate affiliates,"),
            ["CGTONLINEA ASIA PTE. LTD."]
        );
        assert_eq!(
            legal("provided by Signal Messenger, LLC and others"),
            ["Signal Messenger, LLC"]
        );
        assert_eq!(
            legal("Hetzner Online GmbH, Industriestr. 25"),
            ["Hetzner Online GmbH"]
        );
        assert_eq!(legal("the data is as follows"), Vec::<&str>::new());
        assert_eq!(
            legal("processed by Inria as controller"),
            Vec::<&str>::new()
        );
        assert_eq!(legal("Personal Information as defined"), Vec::<&str>::new());
        assert_eq!(legal("Opera Norway AS, Oslo"), ["Opera Norway AS"]);
    }

    /// The byte walk splits as `str::split_whitespace` does (Unicode white space: NEL,
    /// no-break and ideographic spaces, vertical tab), with each word's byte offset.
    #[test]
    fn words_split_at_unicode_white_space() {
        let text = " a\u{85}b\u{a0}c\u{3000}d\x0be  ÄÖ\tß\r\n";
        let mut words = Vec::new();
        split_words(text, &mut words);
        let expected: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words.iter().map(|w| w.1).collect::<Vec<_>>(), expected);
        assert!(words.iter().all(|&(at, w)| &text[at..at + w.len()] == w));
        assert_eq!(words.len(), 7);
    }

    #[test]
    fn suffix_words_fit_the_stack_buffer() {
        let longest = first_suffix_words().iter().map(|w| w.len()).max();
        assert_eq!(longest, Some(SUFFIX_WORD_MAX_BYTES));
        assert!(starts_suffix("Inc.") && starts_suffix("G.m.b.H.,") && !starts_suffix("Inch"));
        assert!(starts_suffix("Incorporated") && !starts_suffix("Incorporatedx"));
    }

    /// [`starts_suffix`] answers as upper-casing the word without `.` and `,` and looking
    /// it up: on words whose upper case is longer or ASCII (`ß`, `ı`, `ſ`, ligatures), and
    /// every word of the fixtures.
    #[test]
    fn starts_suffix_as_a_look_up() {
        let reference = |w: &str| {
            let up = w.replace(['.', ','], "").to_uppercase();
            first_suffix_words().contains(up.as_str())
        };
        let mut words: Vec<String> = [
            "ınc",
            "ſa",
            "ſpa",
            "Lımıted",
            "ﬅ",
            "Gmbh’",
            "GmbH’s",
            "Ltd.",
            "S.A.",
            "Cö",
            "ǅ",
            "Incorporateß",
            "İnc",
            "Inc\u{a0}",
        ]
        .map(String::from)
        .to_vec();
        for (_, text) in crate::testing::fixture_texts() {
            words.extend(text.split_whitespace().map(String::from));
        }
        for w in &words {
            assert_eq!(starts_suffix(w), reference(w), "{w:?}");
        }
    }

    /// The `match` of [`is_first_suffix_word`] holds exactly [`first_suffix_words`]: every
    /// one of them, and none of the other words of the fixtures (upper-cased), nor their
    /// prefixes and extensions.
    #[test]
    fn first_suffix_word_match_agrees_with_the_set() {
        let set = first_suffix_words();
        for w in set {
            assert!(is_first_suffix_word(w.as_bytes()), "{w}");
            for k in 0..w.len() {
                assert_eq!(
                    is_first_suffix_word(&w.as_bytes()[..k]),
                    set.contains(&w[..k])
                );
            }
            let longer = format!("{w}X");
            assert!(!is_first_suffix_word(longer.as_bytes()), "{longer}");
        }
        for (_, text) in crate::testing::fixture_texts() {
            for w in text.split_whitespace() {
                let up = w.replace(['.', ','], "").to_uppercase();
                assert_eq!(
                    is_first_suffix_word(up.as_bytes()),
                    set.contains(up.as_str()),
                    "{up}"
                );
            }
        }
    }

    /// The lower-casing test [`quotes_we`] replaces.
    fn quotes_we_reference(inner: &str) -> bool {
        let lower = inner.to_lowercase();
        lower.contains("we")
            && (lower.contains("“we") || lower.contains("\"we") || lower.contains("'we"))
    }

    /// The scan for company forms and the quote test find what splitting every word and
    /// lower-casing every parenthesis find: on edge cases and every line of the fixtures.
    #[test]
    fn scans_match_their_references() {
        let check = |s: &str| {
            assert_eq!(legal_in(s), legal_in_reference(s), "{s:?}");
            assert_eq!(quotes_we(s), quotes_we_reference(s), "{s:?}");
        };
        for s in [
            "",
            " ",
            "Ltd",
            "Acme Ltd",
            "Acme\u{a0}Ltd.\u{3000}and Acme\u{85}Inc, x",
            "  Foo Bar  Pte.  Ltd.  ",
            "(“Acme GmbH”) and “Beta, S.A.”",
            "a Acme Co. Ltd. b Acme Co Ltd c Acme Sp. z o.o. d",
            "One Two Three Four Five Six Seven Eight LLC",
            "Éditions Gallimard SA, Paris; ÖBB AG; Ärzte GmbH",
            "Foo Aſ Bar İnc Baz ınc Qux",
            "x Ltd Ltd Ltd y Ltd. Inc. Corp.",
            "Data, Inc. data Inc. Data: Inc. Data) Inc. Data; LLC",
            "\"we\" “We” 'WE' \"wE \"w \" we ‘we’ “Kelvin” \u{212a} İ \"İwe",
            "(“Acme,” “we,” “our”)",
            "\"",
            "“",
        ] {
            check(s);
        }
        for c in '\u{80}'..='\u{17f}' {
            check(&format!("{c} Acme{c} Ltd {c}Ltd A{c} Inc \"{c}we \"w{c}"));
        }
        let mut lines = 0;
        for (_, text) in crate::testing::fixture_texts() {
            check(&text);
            for line in text.lines() {
                check(line);
                lines += 1;
            }
        }
        assert!(lines > 9_000, "only {lines} fixture lines");
    }

    #[test]
    fn defined_names() {
        let s = "CGTONLINEA ASIA PTE. LTD. including its corporate affiliates, (“CGTONLINEA,” “we,” “our”) is a global provider";
        let d: Vec<&str> = defined_in(s).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(d, ["CGTONLINEA"]);
        assert_eq!(
            name_words("CGTONLINEA ASIA PTE. LTD."),
            ["cgtonlinea", "asia"]
        );
    }
}
