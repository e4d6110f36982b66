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
/// `i` is `buf[start(i)..ends[i]]`.
#[derive(Debug, Default, Clone)]
pub struct Tokens {
    buf: String,
    ends: Vec<usize>,
}

impl Tokens {
    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Token `i` (panics when out of range, like slice indexing).
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }

    /// All tokens joined without separators (a token's substrings are substrings of this).
    #[allow(dead_code)] // the build script includes this file but does not match
    pub fn joined(&self) -> &str {
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
pub fn tokenise(s: &str, out: &mut Tokens, channel: &mut bool) {
    for chunk in s.split_whitespace() {
        if is_address(chunk) {
            *channel = true;
            continue;
        }
        if chunk.is_ascii() {
            // The common case: bytes, no Unicode tables, no allocation.
            for b in chunk.bytes() {
                if b.is_ascii_alphanumeric() {
                    out.buf.push(char::from(b.to_ascii_lowercase()));
                } else {
                    out.end_token();
                }
            }
            out.end_token();
            continue;
        }
        for c in chunk.chars() {
            if c.is_ascii() {
                if c.is_ascii_alphanumeric() {
                    out.buf.push(c.to_ascii_lowercase());
                } else {
                    out.end_token();
                }
            } else if is_invisible(c) {
                continue;
            } else if is_cjk(c) {
                out.end_token();
                out.buf.push(c);
                out.end_token();
            } else if c.is_alphanumeric() {
                out.buf.extend(c.to_lowercase());
            } else {
                out.end_token();
            }
        }
        out.end_token();
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
