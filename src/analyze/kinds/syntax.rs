//! Tokenising and the pattern syntax of `data/section-kinds.toml`, shared by the classifier
//! and by the build script (`build.rs`), which parses every pattern of the data file at
//! build time so that a run does not (issue #8: about 1.3 ms of every process start went
//! into reading the TOML and parsing its 1,157 patterns).
//!
//! This file must not refer to the rest of the crate: `build.rs` includes it on its own.

/// Invisible format characters that web pages and word processors leave inside words,
/// dates and addresses: zero-width space, non-joiner and joiner (U+200B-U+200D), word
/// joiner (U+2060), a byte-order mark in mid-text (U+FEFF) and the soft hyphen (U+00AD).
/// They do not separate words, so the analyzers read through them; spans still cover them,
/// since they are in the source.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
    )
}

/// Kana and CJK ideographs, which are matched character by character.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Whether a whitespace-separated chunk is an e-mail or web address rather than words.
pub fn is_address(chunk: &str) -> bool {
    // Most chunks are plain words: without `:`, `@` or a leading `www.` none of the three
    // forms below can be present (checked on bytes before trimming, which is the costly
    // part; trimming only removes characters, so it cannot create one).
    let b = chunk.as_bytes();
    if !b.contains(&b'@') && !b.contains(&b':') && !b.windows(4).any(|w| w == b"www.") {
        return false;
    }
    let c = chunk.trim_matches(|c: char| !c.is_alphanumeric());
    // Byte searches: the same answers as `str::contains` for these ASCII needles, without
    // setting up a substring searcher for a word.
    c.as_bytes().windows(3).any(|w| w == b"://")
        || c.starts_with("www.")
        || c.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.as_bytes().contains(&b'.'))
}

/// The lower-case word tokens of a text, in one buffer (no allocation per token): token
/// `i` is `buf[start(i)..ends[i]]`. The buffer holds bytes, so that an ASCII word is
/// copied and lower-cased in one pass; it is always UTF-8, tokens being whole characters.
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    buf: Vec<u8>,
    ends: Vec<usize>,
}

impl Tokens {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Token `i` (panics when out of range, like slice indexing).
    pub fn get(&self, i: usize) -> &str {
        std::str::from_utf8(self.bytes(i)).expect("tokens are whole UTF-8 characters")
    }

    /// The bytes of token `i` (panics when out of range): [`Tokens::get`] without the
    /// UTF-8 check, for byte comparisons.
    pub fn bytes(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }

    /// Where each token ends in [`Tokens::joined`], in bytes (token `i` starts where token
    /// `i - 1` ends, the first at 0).
    #[allow(dead_code)] // the build script includes this file but does not match
    pub fn ends(&self) -> &[usize] {
        &self.ends
    }

    /// All tokens joined without separators, as UTF-8 bytes (a token's substrings are
    /// substrings of this).
    #[allow(dead_code)] // the build script includes this file but does not match
    pub fn joined(&self) -> &[u8] {
        &self.buf
    }

    /// The first token, if any.
    pub fn first(&self) -> Option<&str> {
        (self.len() > 0).then(|| self.get(0))
    }

    /// Empties the list, keeping its allocations.
    pub fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
    }

    /// Appends a character to the token being built.
    fn push_char(&mut self, c: char) {
        let mut utf8 = [0; 4];
        self.buf
            .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
    }

    /// Ends the token being built, if any.
    fn end_token(&mut self) {
        let start = self.ends.last().copied().unwrap_or(0);
        if self.buf.len() > start {
            self.ends.push(self.buf.len());
        }
    }

    /// The tokens as owned strings (tests, pattern parsing).
    #[cfg_attr(not(test), allow(dead_code))] // the library parses patterns in tests only
    pub fn to_vec(&self) -> Vec<String> {
        (0..self.len()).map(|i| self.get(i).to_string()).collect()
    }
}

/// Appends the lower-case word tokens of `s` to `out` (a CJK character is one token) and
/// sets `channel` when `s` contains an e-mail or web address, which is skipped.
///
/// Words are the alphanumeric runs of each white-space-separated chunk (Unicode white
/// space, as `str::split_whitespace`); invisible format characters ([`is_invisible`]) are
/// read through. The text is walked byte by byte: a chunk of ASCII bytes (most of them) is
/// cut into words without decoding characters, and a chunk holding other characters is
/// handed to [`tokenise_chunk`], which also splits at non-ASCII white space.
pub fn tokenise(s: &str, out: &mut Tokens, channel: &mut bool) {
    let b = s.as_bytes();
    // The tokens take at most the text's bytes but for lower-casing outside ASCII.
    out.buf.reserve(b.len());
    let mut i = 0;
    while i < b.len() {
        if BYTE_CLASS[usize::from(b[i])] & SPACE != 0 {
            i += 1;
            continue;
        }
        let start = i;
        // Where the chunk's tokens begin, to take them back when the chunk turns out to be
        // an address or to hold non-ASCII characters.
        let (buf_mark, ends_mark) = (out.buf.len(), out.ends.len());
        // The union of the chunk's byte classes.
        let mut seen = 0;
        // One pass over the chunk: a run of ASCII letters and digits is a token, found by
        // its class bits and then copied lower-cased in one `extend` (`| 0x20` lowers a
        // letter and keeps a digit; the copy of a slice reserves once and vectorises); any
        // other byte ends the token and adds its class to `seen` (a letter or digit adds
        // nothing `seen` is tested for).
        while i < b.len() {
            let class = BYTE_CLASS[usize::from(b[i])];
            if class & ALNUM != 0 {
                let run = i;
                i += 1;
                while i < b.len() && BYTE_CLASS[usize::from(b[i])] & ALNUM != 0 {
                    i += 1;
                }
                out.buf.extend(b[run..i].iter().map(|&x| x | 0x20));
                out.ends.push(out.buf.len());
                continue;
            }
            if class & SPACE != 0 {
                break;
            }
            seen |= class;
            i += 1;
        }
        // `is_address` needs `@`, `:` or `www.` (so a `.`); a chunk with other characters
        // is read again by `tokenise_chunk`.
        if seen & (NON_ASCII | AT_OR_COLON | DOT) != 0 {
            // `start` and `i` border ASCII bytes or the ends: character boundaries.
            let chunk = &s[start..i];
            if seen & NON_ASCII != 0 {
                out.buf.truncate(buf_mark);
                out.ends.truncate(ends_mark);
                for sub in chunk.split_whitespace() {
                    tokenise_chunk(sub, out, channel);
                }
            } else if (seen & AT_OR_COLON != 0 || chunk.as_bytes().windows(4).any(|w| w == b"www."))
                && is_address(chunk)
            {
                out.buf.truncate(buf_mark);
                out.ends.truncate(ends_mark);
                *channel = true;
            }
        }
    }
}

/// [`BYTE_CLASS`] bit: ASCII white space as `char::is_whitespace` has it (which, unlike
/// `u8::is_ascii_whitespace`, includes the vertical tab).
const SPACE: u8 = 1;
/// [`BYTE_CLASS`] bit: an ASCII letter or digit.
const ALNUM: u8 = 2;
/// [`BYTE_CLASS`] bit: `@` or `:`, without which a chunk is an address only when it
/// holds `www.`.
const AT_OR_COLON: u8 = 4;
/// [`BYTE_CLASS`] bit: a byte of a non-ASCII character.
const NON_ASCII: u8 = 8;
/// [`BYTE_CLASS`] bit: any other ASCII byte (punctuation, controls).
const OTHER: u8 = 16;
/// [`BYTE_CLASS`] bit: `.`, without which (or [`AT_OR_COLON`]) a chunk is no address.
const DOT: u8 = 32;

/// The class bits of each byte value, so that the tokeniser tests a byte once.
const BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r') {
            SPACE
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else if matches!(c, b'@' | b':') {
            AT_OR_COLON
        } else if c == b'.' {
            DOT
        } else if !c.is_ascii() {
            NON_ASCII
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

/// Appends the tokens of one chunk without white space (see [`tokenise`]): ASCII bytes are
/// written lower-cased as bytes, and only the other characters are decoded, the letters
/// of the Latin-1 Supplement without the Unicode tables ([`latin1_alphanumeric_lower`]).
/// Gives the tokens of [`tokenise_chunk_reference`], which decodes every character.
fn tokenise_chunk(chunk: &str, out: &mut Tokens, channel: &mut bool) {
    if is_address(chunk) {
        *channel = true;
        return;
    }
    let b = chunk.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x.is_ascii() {
            if BYTE_CLASS[usize::from(x)] & ALNUM != 0 {
                out.buf.push(x | 0x20);
            } else {
                out.end_token();
            }
            i += 1;
            continue;
        }
        // `i` is at a character boundary: it only moves by whole characters.
        let Some(c) = chunk[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if let Some(lower) = latin1_alphanumeric_lower(c) {
            out.push_char(lower);
        } else if is_invisible(c) {
            continue;
        } else if is_cjk(c) {
            out.end_token();
            out.push_char(c);
            out.end_token();
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push_char(l);
            }
        } else {
            out.end_token();
        }
    }
    out.end_token();
}

/// For a character of the Latin-1 Supplement (U+0080 to U+00FF) that is alphanumeric as
/// `char::is_alphanumeric` has it (the letters U+00C0 to U+00FF but `×` and `÷`; `ª`, `µ`,
/// `º`; the numbers `²`, `³`, `¹`, `¼`, `½`, `¾`), its lower case, one character there;
/// `None` for every other character, including all outside the block.
fn latin1_alphanumeric_lower(c: char) -> Option<char> {
    match c {
        '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{DE}' => char::from_u32(c as u32 + 0x20),
        '\u{AA}' | '\u{B2}' | '\u{B3}' | '\u{B5}' | '\u{B9}' | '\u{BA}' | '\u{BC}'..='\u{BE}' => {
            Some(c)
        }
        '\u{DF}'..='\u{F6}' | '\u{F8}'..='\u{FF}' => Some(c),
        _ => None,
    }
}

/// [`tokenise_chunk`] as first written, character by character: the reference it is
/// tested against (through [`tokenise_reference`]).
#[cfg(test)]
fn tokenise_chunk_reference(chunk: &str, out: &mut Tokens, channel: &mut bool) {
    if is_address(chunk) {
        *channel = true;
        return;
    }
    for c in chunk.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push_char(c.to_ascii_lowercase());
            } else {
                out.end_token();
            }
        } else if is_invisible(c) {
            continue;
        } else if is_cjk(c) {
            out.end_token();
            out.push_char(c);
            out.end_token();
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                out.push_char(l);
            }
        } else {
            out.end_token();
        }
    }
    out.end_token();
}

/// The tokeniser as first written, every chunk character by character: the reference
/// the byte-class walk of [`tokenise`] is tested against.
#[cfg(test)]
pub fn tokenise_reference(s: &str, out: &mut Tokens, channel: &mut bool) {
    for chunk in s.split_whitespace() {
        tokenise_chunk_reference(chunk, out, channel);
    }
}

/// One word of a pattern; `S` is `String` when parsed, `&'static str` in the tables the
/// build script generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word<S> {
    /// The whole token.
    Exact(S),
    /// A token starting with this (`aufbewahr*`).
    Prefix(S),
    /// A token ending with this (`*sicherheit`).
    Suffix(S),
    /// A token containing this (`*schutz*`).
    Infix(S),
    /// Up to `MAX_GAP` tokens (`~`).
    Gap,
}

/// Parses the data-file syntax described in the classifier's documentation into words.
/// Words are tokenised like text, so `e-mail` is `e mail` and `保存期限` four tokens; gaps
/// are never doubled and never trail. An empty result means the pattern matches nothing.
#[cfg_attr(not(test), allow(dead_code))] // build.rs and tests; runs use the generated tables
pub fn parse_words(src: &str) -> Vec<Word<String>> {
    let mut words = Vec::new();
    for raw in src.split_whitespace() {
        if raw == "~" {
            if !words.is_empty() && words.last() != Some(&Word::Gap) {
                words.push(Word::Gap);
            }
            continue;
        }
        let open_start = raw.starts_with('*');
        let open_end = raw.ends_with('*') && raw.len() > 1;
        let core = raw.trim_matches('*');
        let mut toks = Tokens::default();
        tokenise(core, &mut toks, &mut false);
        let n = toks.len();
        for (i, t) in toks.to_vec().into_iter().enumerate() {
            let (s, e) = (open_start && i == 0, open_end && i + 1 == n);
            words.push(match (s, e) {
                (true, true) => Word::Infix(t),
                (true, false) => Word::Suffix(t),
                (false, true) => Word::Prefix(t),
                (false, false) => Word::Exact(t),
            });
        }
    }
    while words.last() == Some(&Word::Gap) {
        words.pop();
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Latin-1 shortcut agrees with `char::is_alphanumeric` and `char::to_lowercase` on
    /// every character of the block, and leaves every other character to them.
    #[test]
    fn latin1_shortcut_agrees_with_the_unicode_tables() {
        for c in '\u{0}'..='\u{2ff}' {
            let expected = (c.is_alphanumeric() && ('\u{80}'..='\u{ff}').contains(&c)).then(|| {
                let mut lower = c.to_lowercase();
                let l = lower.next().expect("a lower case");
                assert_eq!(lower.next(), None, "{c:?} lowers to one character");
                l
            });
            assert_eq!(latin1_alphanumeric_lower(c), expected, "{c:?}");
        }
    }
}
