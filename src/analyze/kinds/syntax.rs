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
    c.contains("://")
        || c.starts_with("www.")
        || c.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.'))
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

    /// Appends a non-empty ASCII word as a token of its own, in lower case (copied and
    /// lower-cased in one pass). No token is being built when it is called:
    /// [`tokenise_chunk`] ends its last one.
    fn push_lower_ascii(&mut self, word: &[u8]) {
        debug_assert!(!word.is_empty() && word.is_ascii());
        self.buf.extend(word.iter().map(u8::to_ascii_lowercase));
        self.ends.push(self.buf.len());
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
    let mut i = 0;
    while i < b.len() {
        if BYTE_CLASS[usize::from(b[i])] & SPACE != 0 {
            i += 1;
            continue;
        }
        let start = i;
        // The union of the chunk's byte classes.
        let mut seen = 0;
        while i < b.len() {
            let class = BYTE_CLASS[usize::from(b[i])];
            if class & SPACE != 0 {
                break;
            }
            seen |= class;
            i += 1;
        }
        // `start` and `i` border ASCII bytes or the ends: character boundaries.
        let chunk = &s[start..i];
        if seen & NON_ASCII != 0 {
            for sub in chunk.split_whitespace() {
                tokenise_chunk(sub, out, channel);
            }
            continue;
        }
        // `is_address` needs `@`, `:` or `www.`.
        if seen & ADDRESS != 0 && is_address(chunk) {
            *channel = true;
            continue;
        }
        if seen == ALNUM {
            // One word (the common case).
            out.push_lower_ascii(chunk.as_bytes());
            continue;
        }
        let cb = chunk.as_bytes();
        let mut j = 0;
        while j < cb.len() {
            if BYTE_CLASS[usize::from(cb[j])] & ALNUM == 0 {
                j += 1;
                continue;
            }
            let word = j;
            while j < cb.len() && BYTE_CLASS[usize::from(cb[j])] & ALNUM != 0 {
                j += 1;
            }
            out.push_lower_ascii(&cb[word..j]);
        }
    }
}

/// [`BYTE_CLASS`] bit: ASCII white space as `char::is_whitespace` has it (which, unlike
/// `u8::is_ascii_whitespace`, includes the vertical tab).
const SPACE: u8 = 1;
/// [`BYTE_CLASS`] bit: an ASCII letter or digit.
const ALNUM: u8 = 2;
/// [`BYTE_CLASS`] bit: `@`, `:` or `.`, without which a chunk is no address.
const ADDRESS: u8 = 4;
/// [`BYTE_CLASS`] bit: a byte of a non-ASCII character.
const NON_ASCII: u8 = 8;
/// [`BYTE_CLASS`] bit: any other ASCII byte (punctuation, controls).
const OTHER: u8 = 16;

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
        } else if matches!(c, b'@' | b':' | b'.') {
            ADDRESS
        } else if !c.is_ascii() {
            NON_ASCII
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

/// Appends the tokens of one chunk without white space (see [`tokenise`]), character by
/// character.
fn tokenise_chunk(chunk: &str, out: &mut Tokens, channel: &mut bool) {
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
        tokenise_chunk(chunk, out, channel);
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
