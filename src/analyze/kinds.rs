//! The section-kind classifier: what each section of a policy discloses.
//!
//! # Data
//!
//! The vocabulary is data (`data/section-kinds.toml`, embedded at build time), so a privacy
//! engineer can extend it without reading Rust; the file's header documents every key. Per
//! kind it lists heading synonyms (`titles`), heading openings that make a heading about that
//! kind alone (`title_prefixes`: "Right to deletion" is about a right, not about retention),
//! body key phrases (`phrases`) and body phrases conclusive on their own (`strong`: "lodge a
//! complaint", "standard contractual clauses"), plus a few per-kind rules described below.
//! A top-level `pointers` list holds cross-reference phrases ("see our", "siehe").
//! English, German, French, Spanish and Chinese are covered.
//!
//! # Matching
//!
//! Text is cut into sentences and each sentence into lower-case word tokens; a CJK character
//! is a token of its own, so Chinese phrases match as character sequences without a word
//! segmenter. E-mail and web addresses are not words: they only record that the section
//! gives a *channel*. A pattern is a sequence of words, each matched whole, except that `*`
//! at the end of a word matches any continuation (`aufbewahr*`: "Aufbewahrung",
//! "aufbewahrt"), at the start any beginning (German compounds: `*speicherdauer`), and at
//! both ends any word containing it; a lone `~` stands for up to [`MAX_GAP`] arbitrary words
//! (`exercis* ~ rights`: "exercise your rights", "exercising any of these rights"). Stems and
//! gaps let one entry cover inflections and word order, instead of listing every variant.
//! Patterns are parsed when redline is built (`build.rs`, with the tokeniser and syntax of
//! `kinds/syntax.rs`) and indexed by their first word once per run, so a text is scanned once,
//! token by token: the cost is linear in the text length (times the few patterns sharing a
//! first word), with no regular expressions.
//!
//! # Classification
//!
//! A section's kinds are the union of what its heading and its body say, because headings
//! often name one topic while the body discloses several ("Your rights" usually also says
//! how to exercise them and where to complain), and because many headings say nothing
//! useful ("General note", "Privacy"):
//!
//! 1. **Heading.** Every title synonym found in the heading gives its kind; a heading that
//!    opens (after an enumerator such as `d)`) with a `title_prefixes` entry gives that kind
//!    only.
//! 2. **Body** (the section's own blocks; sub-sections are classified on their own, and a
//!    reader takes a section together with its sub-sections). Evidence for a kind is
//!    counted both as *distinct phrases* and as *distinct sentences*: a kind needs at least
//!    [`MIN_BODY_PHRASES`] different phrases spread over at least as many sentences
//!    ([`LONG_SECTION_PHRASES`] in sections longer than [`LONG_SECTION_WORDS`] words, where
//!    incidental vocabulary accumulates), or one `strong` phrase. A list of examples in one
//!    clause ("cookies, web beacons, pixels") is thus a passing mention, while two sentences
//!    on the subject are a disclosure. Overlapping matches of one kind ("art 6" within
//!    "art 6 abs 1") count once, and a sentence with a `pointers` phrase ("see our Cookie
//!    Policy") is a cross-reference and no evidence at all. A *lead-in* (the label before a
//!    colon at the start of a paragraph or list item, `Rechtsgrundlagen: ...`) is a heading
//!    in miniature: a title synonym there counts as one more piece of evidence. A table
//!    header cell names a column that discloses its subject for every row, so a title
//!    synonym there is conclusive.
//!
//! Per-kind rules, each keeping a kind from being read into vocabulary that serves another
//! disclosure:
//!
//! - `needs_channel` (contact): the body only gives the kind when the section gives an
//!   e-mail or web address; "contact us" without a channel is politeness, and a section on
//!   how enquiries are processed is not a way to make one.
//! - `alone_in` (the DPO in a contact section, "we never sell" in a sharing section, a
//!   request path in a rights section): one phrase suffices when the section is also of one
//!   of the listed kinds, the context making the mention a disclosure.
//! - `body_kinds` (rights, international transfers): when the heading gives such a kind, the
//!   body may only add the listed kinds. A rights section names the data collected, shared
//!   or deleted as the objects of the rights; a transfers section names recipients and
//!   safeguards as parts of the transfer. Untitled sub-sections ("Access & Correction" under
//!   "Your rights") inherit the restriction, since they continue their parent's subject.
//!
//! The thresholds and rules were checked against a hand-labelled evaluation set
//! (`tests/classifier.rs`), which measures them; the vocabulary is deliberately ordinary
//! policy language so that it carries over to other policies.
//!
//! Rejected for now: a statistical model. It would need a labelled training set much larger
//! than the evaluation set; the lists are auditable, and the evaluation measures them.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::analyze::word_table::WordTable;
use crate::ast::{Block, Document, Section, SectionKind, Text};
use crate::parse::normalise_title;

/// Different body phrases (in as many different sentences) a kind needs.
pub const MIN_BODY_PHRASES: usize = 2;

/// Different body phrases a kind needs in a section longer than [`LONG_SECTION_WORDS`].
pub const LONG_SECTION_PHRASES: usize = 3;

/// Word count above which a section needs [`LONG_SECTION_PHRASES`].
pub const LONG_SECTION_WORDS: usize = 700;

/// Most words a `~` in a pattern stands for.
pub const MAX_GAP: usize = 4;

/// Most words of a lead-in label (`Legal basis:`); longer prefixes before a colon are
/// sentences, not labels.
pub const LEAD_IN_MAX_WORDS: usize = 6;

mod syntax;

pub use syntax::is_invisible;
use syntax::{Tokens, is_cjk, tokenise};

/// A pattern word as stored in the generated tables.
type Word = syntax::Word<&'static str>;

/// A parsed pattern as stored in the generated tables: words to match in sequence.
type Pat = &'static [Word];

/// One kind's table of the data file, as generated by `build.rs` (keys documented in the
/// data file's header).
struct KindData {
    name: &'static str,
    needs_channel: bool,
    alone_in: &'static [&'static str],
    body_kinds: Option<&'static [&'static str]>,
    titles: &'static [Pat],
    title_prefixes: &'static [Pat],
    phrases: &'static [Pat],
    strong: &'static [Pat],
}

// `POINTERS` and `KINDS`: data/section-kinds.toml, parsed at build time.
include!(concat!(env!("OUT_DIR"), "/section_kinds.rs"));

/// Vocabulary id of a token that is no exact pattern word.
const NO_WORD: u32 = u32::MAX;

/// The exact pattern words of the data file (their UTF-8 bytes), numbered: each token of a
/// text is looked up once, and exact pattern words are then compared by number, not byte
/// by byte.
///
/// Words of at most 8 bytes (most words, and most tokens) are keyed by their bytes packed
/// into a `u64` ([`short_key`]), which hashes in one multiplication and compares in one
/// instruction, in a [`WordTable`]; longer words by their bytes.
#[derive(Debug)]
struct Vocab {
    /// Ids by [`short_key`], [`NO_WORD`] for a word that is none of the patterns'.
    short: WordTable<u32>,
    long: FxHashMap<&'static [u8], u32>,
}

/// A word of at most 8 bytes as a number: its bytes in order (little-endian), zero after
/// the last. Tokens and pattern words hold no 0 byte (they are alphanumeric characters),
/// so two words have the same key only when they are the same. `None` for a longer word.
fn short_key(w: &[u8]) -> Option<u64> {
    let mut b = [0u8; 8];
    b.get_mut(..w.len())?.copy_from_slice(w);
    Some(u64::from_le_bytes(b))
}

impl Default for Vocab {
    fn default() -> Self {
        Vocab {
            short: WordTable::new(NO_WORD),
            long: FxHashMap::default(),
        }
    }
}

impl Vocab {
    /// The id of `w`, numbering it when new.
    fn intern(&mut self, w: &'static str) -> u32 {
        let next = u32::try_from(self.short.len() + self.long.len())
            .expect("fewer than 2^32 pattern words");
        match short_key(w.as_bytes()) {
            // The empty word (none of the data file's: words are tokens) has key 0, which
            // marks an empty slot of `short`; no token is empty.
            Some(0) => *self.long.entry(w.as_bytes()).or_insert(next),
            Some(k) => {
                let id = self.short.entry(k);
                if *id == NO_WORD {
                    *id = next;
                }
                *id
            }
            None => *self.long.entry(w.as_bytes()).or_insert(next),
        }
    }

    /// The id of a token (its bytes), or [`NO_WORD`].
    fn id(&self, tok: &[u8]) -> u32 {
        match short_key(tok) {
            Some(k) => self.id_short(k),
            None => self.id_long(tok),
        }
    }

    /// The id of a token of at most 8 bytes by its [`short_key`], or [`NO_WORD`].
    fn id_short(&self, key: u64) -> u32 {
        self.short.get(key)
    }

    /// The id of a token longer than 8 bytes, or [`NO_WORD`].
    fn id_long(&self, tok: &[u8]) -> u32 {
        self.long.get(tok).copied().unwrap_or(NO_WORD)
    }
}

/// The tokens of a text with their vocabulary ids (`ids[i]` is token `i`'s id), in
/// buffers reused from text to text.
#[derive(Debug, Default)]
struct Words {
    toks: Tokens,
    ids: Vec<u32>,
}

impl Words {
    /// Tokenises `s` (see [`tokenise`]) in place of the previous text and looks each token
    /// up in `vocab` (by its bytes, sliced from the joined tokens); sets `channel` when `s`
    /// gives an e-mail or web address.
    fn fill(&mut self, s: &str, vocab: &Vocab, channel: &mut bool) {
        self.toks.clear();
        tokenise(s, &mut self.toks, channel);
        self.ids.clear();
        let joined = self.toks.joined();
        let mut start = 0;
        self.ids.extend(self.toks.ends().iter().map(|&end| {
            let len = end - start;
            // A short token is read as the 8 bytes from its start, masked to its length
            // (one load rather than a copy), while 8 bytes remain in the buffer.
            let id = match joined.get(start..start + 8) {
                Some(eight) if len <= 8 => {
                    let word = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
                    vocab.id_short(word & LOW_BYTES[len])
                }
                _ => vocab.id(&joined[start..end]),
            };
            start = end;
            id
        }));
    }

    /// Number of tokens.
    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// `LOW_BYTES[n]` has the low `n` bytes set: the mask of a word of `n` bytes read as 8.
const LOW_BYTES: [u64; 9] = {
    let mut t = [0u64; 9];
    let mut n = 1;
    while n < 9 {
        t[n] = u64::MAX >> (64 - 8 * n);
        n += 1;
    }
    t
};

/// A pattern word with its exact word numbered (see [`Vocab`]).
#[derive(Debug, Clone, Copy)]
enum Cw {
    /// The whole token, by vocabulary id.
    Exact(u32),
    /// A token starting with these bytes.
    Prefix(&'static [u8]),
    /// A token ending with these bytes.
    Suffix(&'static [u8]),
    /// A token containing these bytes.
    Infix(&'static [u8]),
    /// Up to [`MAX_GAP`] tokens.
    Gap,
}

/// Whether token `i` matches a pattern word (a gap matches any token). Byte comparisons
/// of UTF-8 give the same answers as the `str` ones (`starts_with`, `ends_with`,
/// `contains`), since both sides are whole UTF-8 strings.
fn word_matches(word: Cw, words: &Words, i: usize) -> bool {
    match word {
        Cw::Exact(id) => words.ids[i] == id,
        Cw::Gap => true,
        _ => token_matches(word, words.ids[i], words.toks.bytes(i)),
    }
}

/// Whether a token, given by its vocabulary id and its bytes, matches a pattern word (see
/// [`word_matches`]); for the scan, which has both at hand.
fn token_matches(word: Cw, id: u32, tok: &[u8]) -> bool {
    match word {
        Cw::Exact(w) => id == w,
        Cw::Prefix(w) => tok.starts_with(w),
        Cw::Suffix(w) => tok.ends_with(w),
        // Tokens are words, a few bytes long: a plain window comparison beats setting up
        // `str::contains`'s two-way searcher for every token (the same bytes match).
        Cw::Infix(w) => w.is_empty() || tok.windows(w.len()).any(|x| x == w),
        Cw::Gap => true,
    }
}

/// A pattern: words to match in sequence, compiled against a [`Vocab`].
#[derive(Debug, Clone)]
struct Pattern(Box<[Cw]>);

impl Pattern {
    /// Compiles a parsed pattern, numbering its exact words in `vocab`.
    fn compile(p: Pat, vocab: &mut Vocab) -> Pattern {
        Pattern(
            p.iter()
                .map(|w| match *w {
                    Word::Exact(s) => Cw::Exact(vocab.intern(s)),
                    Word::Prefix(s) => Cw::Prefix(s.as_bytes()),
                    Word::Suffix(s) => Cw::Suffix(s.as_bytes()),
                    Word::Infix(s) => Cw::Infix(s.as_bytes()),
                    Word::Gap => Cw::Gap,
                })
                .collect(),
        )
    }

    /// Parses a pattern at run time (tests; the data file's patterns are parsed by the
    /// build script). The words are leaked, as the generated tables are static.
    #[cfg(test)]
    fn parse(src: &str) -> Pat {
        let words: Vec<Word> = syntax::parse_words(src)
            .into_iter()
            .map(|w| match w {
                syntax::Word::Exact(s) => Word::Exact(s.leak()),
                syntax::Word::Prefix(s) => Word::Prefix(s.leak()),
                syntax::Word::Suffix(s) => Word::Suffix(s.leak()),
                syntax::Word::Infix(s) => Word::Infix(s.leak()),
                syntax::Word::Gap => Word::Gap,
            })
            .collect();
        words.leak()
    }

    /// Where the shortest match of the pattern in `words` starting at `i` ends.
    fn match_end(&self, words: &Words, i: usize) -> Option<usize> {
        /// Words are matched in a loop; only a gap branches (shortest gap first).
        fn go(pattern: &[Cw], words: &Words, mut i: usize) -> Option<usize> {
            for (k, &w) in pattern.iter().enumerate() {
                if let Cw::Gap = w {
                    let rest = &pattern[k + 1..];
                    return (0..=MAX_GAP)
                        .filter(|g| i + g <= words.len())
                        .find_map(|g| go(rest, words, i + g));
                }
                if i >= words.len() || !word_matches(w, words, i) {
                    return None;
                }
                i += 1;
            }
            Some(i)
        }
        if self.0.is_empty() {
            return None;
        }
        go(&self.0, words, i)
    }

    /// Whether the pattern matches `words` starting at `i`.
    fn matches_at(&self, words: &Words, i: usize) -> bool {
        self.match_end(words, i).is_some()
    }
}

/// A set of patterns indexed by first word, scanned over a token sequence in one pass.
#[derive(Debug)]
struct Matcher {
    patterns: Vec<Pattern>,
    /// Per pattern: the vocabulary id of its second word when that word is exact, else
    /// [`NO_WORD`]. Most patterns tried at a token fail at the next one; this rejects them
    /// without calling [`Pattern::match_end`].
    second: Vec<u32>,
    /// Patterns whose first word is exact, by that word's vocabulary id.
    by_first: Vec<Vec<usize>>,
    /// Patterns whose first word is a prefix stem (`aufbewahr*`), by the stem's first byte,
    /// as (the stem's second byte, or 0 for a one-byte stem; pattern id): what
    /// [`Matcher::finish`] builds `prefix_index` from, and the lists the reference scan
    /// tries. Tokens hold no 0 byte.
    prefix_first: Vec<Vec<(u8, usize)>>,
    /// `prefix_first` by a token's first two bytes, for the scan: the patterns to try at a
    /// token with key [`two_bytes`] `k` are `prefix_ids[prefix_index[k]..prefix_index[k +
    /// 1]]` (65,537 offsets, most buckets empty), so that a token no stem can open is
    /// passed over after two loads rather than a walk of its first byte's list. Built by
    /// [`Matcher::finish`].
    prefix_index: Vec<u32>,
    prefix_ids: Vec<usize>,
    /// Patterns whose first word is a suffix or infix stem.
    stem_first: Vec<usize>,
    /// The distinct stems of `stem_first`, found in a sentence's token text in one pass:
    /// `stem_first` patterns are only tried at the tokens holding their stem (in most
    /// sentences none). Built by [`Matcher::finish`]; without it (no stem patterns, or an
    /// empty stem), `stem_first` is tried at every token.
    stems: Option<aho_corasick::AhoCorasick>,
    /// Per stem of `stems` (by automaton pattern index): the `stem_first` patterns whose
    /// first word has that stem.
    stem_patterns: Vec<Vec<usize>>,
    /// Whether a sentence holds any stem at all is asked of this packed (Teddy) searcher
    /// of the stems that hold no other stem (`cookies` holds `cookie`), one vectorised pass
    /// over the sentence, and the automaton then locates them. It replaced one `memmem`
    /// searcher per stem (a dozen passes; c400: `classify` 746 → 721 M instructions).
    stem_finder: Option<aho_corasick::packed::Searcher>,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher {
            patterns: Vec::new(),
            second: Vec::new(),
            by_first: Vec::new(),
            prefix_first: vec![Vec::new(); 256],
            prefix_index: vec![0; 65_537],
            prefix_ids: Vec::new(),
            stem_first: Vec::new(),
            stems: None,
            stem_patterns: Vec::new(),
            stem_finder: None,
        }
    }
}

impl Matcher {
    /// Adds a pattern, numbering its exact words in `vocab`; its id is its index in
    /// insertion order.
    fn push(&mut self, p: Pat, vocab: &mut Vocab) {
        let id = self.patterns.len();
        let p = Pattern::compile(p, vocab);
        match p.0.first() {
            Some(Cw::Exact(w)) => {
                let w = *w as usize;
                if self.by_first.len() <= w {
                    self.by_first.resize(w + 1, Vec::new());
                }
                self.by_first[w].push(id);
            }
            Some(Cw::Prefix(w)) if !w.is_empty() => {
                let second = w.get(1).copied().unwrap_or(0);
                self.prefix_first[usize::from(w[0])].push((second, id));
            }
            Some(_) => self.stem_first.push(id),
            None => {}
        }
        self.second.push(match p.0.get(1) {
            Some(Cw::Exact(w)) => *w,
            _ => NO_WORD,
        });
        self.patterns.push(p);
    }

    /// Builds the two-byte prefix index and the stem automaton once every pattern is
    /// pushed.
    fn finish(&mut self) {
        // Bucket `k` lists, in `prefix_first` order, the stems its two bytes can open: those
        // with that first and second byte, and the one-byte stems of its first byte.
        // Most first bytes open no stem: their 256 buckets are empty, filled in one go (this
        // runs at every start, so it must not cost a filter per key).
        self.prefix_ids.clear();
        for first in 0..256 {
            let keys = first * 256..first * 256 + 256;
            if self.prefix_first[first].is_empty() {
                let at = u32::try_from(self.prefix_ids.len()).expect("fewer than 2^32 entries");
                self.prefix_index[keys].fill(at);
                continue;
            }
            for k in keys {
                self.prefix_index[k] =
                    u32::try_from(self.prefix_ids.len()).expect("fewer than 2^32 entries");
                let second = (k & 0xFF) as u8;
                self.prefix_ids.extend(
                    self.prefix_first[first]
                        .iter()
                        .filter(|&&(s, _)| s == 0 || s == second)
                        .map(|&(_, id)| id),
                );
            }
        }
        self.prefix_index[65_536] =
            u32::try_from(self.prefix_ids.len()).expect("fewer than 2^32 entries");
        let mut stems: Vec<&[u8]> = Vec::new();
        let mut patterns: Vec<Vec<usize>> = Vec::new();
        for &id in &self.stem_first {
            let Some(Cw::Suffix(w) | Cw::Infix(w)) = self.patterns[id].0.first() else {
                return;
            };
            // An empty stem matches every token: no automaton can tell where to try it.
            if w.is_empty() {
                return;
            }
            match stems.iter().position(|s| s == w) {
                Some(k) => patterns[k].push(id),
                None => {
                    stems.push(w);
                    patterns.push(vec![id]);
                }
            }
        }
        // Without stem patterns (exact words and prefixes only) there is nothing to find: no
        // automaton, rather than an empty one run over every sentence.
        if stems.is_empty() {
            return;
        }
        // Only sentences the finders pass are searched (few): the automaton that is
        // cheapest to build, since it is built at every start.
        self.stems = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::NoncontiguousNFA))
            .build(&stems)
            .ok();
        if self.stems.is_some() {
            self.stem_patterns = patterns;
            // A text holding a stem holds one of the stems that hold no other.
            let minimal = stems.iter().filter(|s| {
                !stems
                    .iter()
                    .any(|o| o.len() < s.len() && s.windows(o.len()).any(|w| w == *o))
            });
            let mut finder = aho_corasick::packed::Config::new().builder();
            for s in minimal {
                finder.add(s);
            }
            // Without it (Teddy unavailable), every sentence is searched by the automaton.
            self.stem_finder = finder.build();
        }
    }

    /// Calls `hit(id, start, end)` for every pattern matching somewhere in `words` (an id
    /// may be reported more than once; the order of the reports is unspecified).
    fn scan(&self, words: &Words, mut hit: impl FnMut(usize, usize, usize)) {
        let ends = words.toks.ends();
        let joined = words.toks.joined();
        // Where `stem_first` patterns may start, as (token, pattern): a token holding a
        // stem holds it in the tokens' joined text, within the token's bytes, and every
        // occurrence is reported by the overlapping search. Empty (no allocation) in a
        // sentence without a stem.
        let mut stem_at: Vec<(usize, usize)> = Vec::new();
        let everywhere: &[usize] = match &self.stems {
            // Most sentences hold no stem: the plain search, cheaper than the overlapping
            // one, tells them apart first.
            Some(_)
                if self
                    .stem_finder
                    .as_ref()
                    .is_some_and(|f| f.find(joined).is_none()) =>
            {
                &[]
            }
            Some(ac) => {
                for m in ac.find_overlapping_iter(joined) {
                    // The token holding the match's first byte.
                    let t = ends.partition_point(|&e| e <= m.start());
                    if t < ends.len() && m.end() <= ends[t] {
                        stem_at.extend(
                            self.stem_patterns[m.pattern().as_usize()]
                                .iter()
                                .map(|&id| (t, id)),
                        );
                    }
                }
                stem_at.sort_unstable();
                stem_at.dedup();
                &[]
            }
            None => &self.stem_first,
        };
        let mut stem_at = stem_at.iter().peekable();
        let mut start = 0;
        for (i, (&end, &tok_id)) in ends.iter().zip(&words.ids).enumerate() {
            let tok = &joined[start..end];
            start = end;
            let next = words.ids.get(i + 1).copied();
            if let Some(exact) = self.by_first.get(tok_id as usize) {
                for &id in exact {
                    let second = self.second[id];
                    // A token without id (`NO_WORD`) is no exact word of any pattern.
                    if second != NO_WORD && next != Some(second) {
                        continue;
                    }
                    if let Some(end) = self.patterns[id].match_end(words, i) {
                        hit(id, i, end);
                    }
                }
            }
            // Stems share a first byte or hold a stem found here: see `try_stem`.
            let at = At {
                i,
                id: tok_id,
                tok,
                next,
            };
            let k = two_bytes(tok);
            let (from, to) = (self.prefix_index[k], self.prefix_index[k + 1]);
            if from < to {
                for &id in &self.prefix_ids[from as usize..to as usize] {
                    self.try_stem(id, words, &at, &mut hit);
                }
            }
            for &id in everywhere {
                self.try_stem(id, words, &at, &mut hit);
            }
            while let Some(&(_, id)) = stem_at.next_if(|&&(t, _)| t == i) {
                self.try_stem(id, words, &at, &mut hit);
            }
        }
    }

    /// Tries stem pattern `id` at a token of the scan: its first word is tested here,
    /// which rejects most of them without setting up a match. A method rather than a
    /// closure of the scan, whose captures were stored for every token, stem or not
    /// (c400: `classify` 621 → 618 M instructions).
    fn try_stem(
        &self,
        id: usize,
        words: &Words,
        at: &At<'_>,
        hit: &mut impl FnMut(usize, usize, usize),
    ) {
        let p = &self.patterns[id];
        if !p
            .0
            .first()
            .is_some_and(|&w| token_matches(w, at.id, at.tok))
        {
            return;
        }
        let second = self.second[id];
        if second != NO_WORD && at.next != Some(second) {
            return;
        }
        if let Some(end) = p.match_end(words, at.i) {
            hit(id, at.i, end);
        }
    }

    /// The scan as it was before stems were located by the automaton: `stem_first` tried
    /// at every token of a sentence whose joined text contains a stem. The reference
    /// [`Matcher::scan`] is tested against.
    #[cfg(test)]
    fn scan_reference(&self, words: &Words, mut hit: impl FnMut(usize, usize, usize)) {
        let stem_first: &[usize] = match &self.stems {
            Some(ac) if !ac.is_match(words.toks.joined()) => &[],
            _ => &self.stem_first,
        };
        for i in 0..words.len() {
            let exact = self
                .by_first
                .get(words.ids[i] as usize)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            let prefix: Vec<usize> = words.toks.bytes(i).first().map_or(Vec::new(), |b| {
                self.prefix_first[usize::from(*b)]
                    .iter()
                    .map(|&(_, id)| id)
                    .collect()
            });
            let next = words.ids.get(i + 1).copied();
            for &id in exact {
                let second = self.second[id];
                if second != NO_WORD && next != Some(second) {
                    continue;
                }
                if let Some(end) = self.patterns[id].match_end(words, i) {
                    hit(id, i, end);
                }
            }
            for &id in prefix.iter().chain(stem_first) {
                let p = &self.patterns[id];
                if !p.0.first().is_some_and(|&w| word_matches(w, words, i)) {
                    continue;
                }
                let second = self.second[id];
                if second != NO_WORD && next != Some(second) {
                    continue;
                }
                if let Some(end) = p.match_end(words, i) {
                    hit(id, i, end);
                }
            }
        }
    }
}

/// A token of [`Matcher::scan`]: its index, vocabulary id and bytes, and the next token's
/// id.
struct At<'a> {
    i: usize,
    id: u32,
    tok: &'a [u8],
    next: Option<u32>,
}

/// The key of a token's prefix bucket (see [`Matcher::prefix_index`]): its first byte
/// times 256 plus its second byte, 0 for a one-byte token (tokens hold no 0 byte) or an
/// empty one.
fn two_bytes(tok: &[u8]) -> usize {
    match tok {
        [a, b, ..] => usize::from(*a) << 8 | usize::from(*b),
        [a] => usize::from(*a) << 8,
        [] => 0,
    }
}

/// Per-kind settings besides the patterns.
struct KindInfo {
    kind: SectionKind,
    needs_channel: bool,
    alone_in: Vec<SectionKind>,
    /// When the heading gives this kind, the only kinds the body may add.
    body_kinds: Option<Vec<SectionKind>>,
}

/// The compiled data file.
struct Table {
    /// The exact words of every pattern below.
    vocab: Vocab,
    kinds: Vec<KindInfo>,
    /// Title synonyms; `title_kind[id]` is the kind index of pattern `id`.
    titles: Matcher,
    title_kind: Vec<usize>,
    /// Heading openings that make a heading about one kind only.
    title_prefixes: Vec<(Pattern, usize)>,
    /// The patterns a body sentence is scanned for, in one pass: first the
    /// cross-reference phrases (`pointers`: a sentence containing one is not evidence),
    /// with ids below `pointer_count`, then the body phrases, phrase `id` having body id
    /// `pointer_count + id`.
    body: Matcher,
    pointer_count: usize,
    /// Per body phrase: (kind index, strong).
    phrase_meta: Vec<(usize, bool)>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table {
            vocab: Vocab::default(),
            kinds: Vec::new(),
            titles: Matcher::default(),
            title_kind: Vec::new(),
            title_prefixes: Vec::new(),
            body: Matcher::default(),
            pointer_count: POINTERS.len(),
            phrase_meta: Vec::new(),
        };
        for p in POINTERS {
            t.body.push(p, &mut t.vocab);
        }
        for e in KINDS {
            let Some(kind) = kind_from_name(e.name) else {
                continue;
            };
            let k = t.kinds.len();
            t.kinds.push(KindInfo {
                kind,
                needs_channel: e.needs_channel,
                alone_in: e
                    .alone_in
                    .iter()
                    .filter_map(|n| kind_from_name(n))
                    .collect(),
                body_kinds: e
                    .body_kinds
                    .map(|v| v.iter().filter_map(|n| kind_from_name(n)).collect()),
            });
            for p in e.titles {
                t.titles.push(p, &mut t.vocab);
                t.title_kind.push(k);
            }
            for p in e.title_prefixes {
                t.title_prefixes
                    .push((Pattern::compile(p, &mut t.vocab), k));
            }
            for (list, strong) in [(e.phrases, false), (e.strong, true)] {
                for p in list {
                    t.body.push(p, &mut t.vocab);
                    t.phrase_meta.push((k, strong));
                }
            }
        }
        t.titles.finish();
        t.body.finish();
        t
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

/// Splits text into sentences: after `.`, `!`, `?` or `;` followed by white space and an
/// upper-case letter (so that "Art. 6", "e.g. cookies" and "lit. f" stay whole), after
/// CJK sentence marks, and at line breaks.
///
/// Most bytes cannot begin a cut: the text is read in blocks of 32 bytes, each folded once
/// into a bit mask of the bytes that may ([`may_cut`]), and only the bytes of the mask are
/// looked at. An iterator (no allocation per text), non-empty sentences in order.
fn sentences(text: &str) -> Sentences<'_> {
    Sentences {
        text,
        start: 0,
        block: 0,
        mask: 0,
    }
}

/// The sentences of a text: see [`sentences`].
struct Sentences<'a> {
    text: &'a str,
    /// Where the next sentence starts, in bytes.
    start: usize,
    /// Where the next block to fold starts, in bytes (a multiple of 32, or the text's
    /// length once the last block is folded).
    block: usize,
    /// The bytes of the last folded block (which starts at the last multiple of 32 below
    /// `block`) that may cut and are not looked at yet: bit `k` for byte `k` of the block.
    mask: u32,
}

impl<'a> Iterator for Sentences<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let text = self.text;
        let b = text.as_bytes();
        let start = self.start;
        loop {
            while self.mask == 0 {
                if self.block >= b.len() {
                    self.start = b.len();
                    return (start < b.len()).then(|| &text[start..]);
                }
                // Each block is masked once, by [`cut_mask`]; the shorter last one (most
                // texts are a paragraph, shorter than a few blocks) is padded with zero
                // bytes, which cannot cut.
                let from = self.block;
                let mut padded = [0u8; 32];
                let block = match b.get(from..from + 32) {
                    Some(block) => <&[u8; 32]>::try_from(block).expect("32 bytes"),
                    None => {
                        padded[..b.len() - from].copy_from_slice(&b[from..]);
                        &padded
                    }
                };
                self.mask = cut_mask(block);
                self.block = (from + 32).min(b.len());
            }
            let base = (self.block - 1) & !31;
            let at = base + self.mask.trailing_zeros() as usize;
            self.mask &= self.mask - 1;
            // Every cut character is ASCII or starts with 0xE3 (`。`) or 0xEF (the full-width
            // marks): other bytes cannot begin one.
            let end = match b[at] {
                b'\n' => at + 1,
                b'.' | b'!' | b'?' | b';' => {
                    let rest = &text[at + 1..];
                    let trimmed = rest.trim_start();
                    let upper = trimmed.len() < rest.len()
                        && trimmed
                            .chars()
                            .next()
                            .is_some_and(|n| n.is_uppercase() || is_cjk(n));
                    if !upper {
                        continue;
                    }
                    at + 1
                }
                0xE3 | 0xEF => match text[at..].chars().next() {
                    Some(c @ ('。' | '！' | '？' | '；')) => at + c.len_utf8(),
                    _ => continue,
                },
                _ => continue,
            };
            self.start = end;
            return Some(&text[start..end]);
        }
    }
}

/// The bit mask of the bytes of a block that may begin a cut ([`may_cut`]): bit `k` for
/// byte `k`. The bytes are first tested into a byte array (one vector comparison per
/// candidate byte and 16 bytes), then each 8 flags (0 or 1) are gathered into 8 bits by one
/// multiplication; a direct fold of the bits (`m | bit << k`) compiled to a 4-byte-wide
/// loop, about 5 instructions per byte. With each block masked once (see [`sentences`]),
/// c400: `Sentences::next` 67 → 28 M instructions.
fn cut_mask(block: &[u8; 32]) -> u32 {
    // Written as a loop over the bytes: `std::array::from_fn` was compiled byte by byte.
    let mut flags = [0u8; 32];
    for (f, &c) in flags.iter_mut().zip(block) {
        *f = u8::from(may_cut(c));
    }
    let mut m = 0;
    for (q, eight) in flags.chunks_exact(8).enumerate() {
        let f = u64::from_le_bytes(eight.try_into().expect("8 bytes"));
        // The multiplier has bit 7i + 7 set for i in 0..8: flag `j` (bit 8j of `f`) lands
        // on bit 56 + j through i = 7 - j, the other products on distinct bits below 56 (no
        // carries) or past 63: the top byte holds the 8 flags in order.
        m |= u32::from((f.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8) << (8 * q);
    }
    m
}

/// Whether byte `c` may begin a sentence cut of [`sentences`]: a line break, `.`, `!`, `?`,
/// `;`, or the lead byte 0xE3 or 0xEF of the CJK marks (not every lead byte from 0xE3 up,
/// which would stop the block walk at every CJK ideograph). Written without branches, so
/// that a block of bytes is tested in a few vector instructions.
fn may_cut(c: u8) -> bool {
    (c == b'\n') | (c == b'.') | (c == b'!') | (c == b'?') | (c == b';') | (c == 0xE3) | (c == 0xEF)
}

/// The label before a colon at the start of a text (`Rechtsgrundlagen: Art. 6 ...` →
/// `Rechtsgrundlagen`), when it is short enough to be a label. A text that is only a label
/// (`Eingesetzte Dienste:` before a list) introduces what follows, so it counts too.
fn lead_in(text: &str) -> Option<&str> {
    // Two byte searches (memchr) rather than decoding every character.
    let pos = match (text.find(':'), text.find('：')) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    let label = text[..pos].trim();
    let words = if label.chars().any(is_cjk) {
        label.chars().count().div_ceil(2)
    } else {
        label.split_whitespace().count()
    };
    (!label.is_empty() && words <= LEAD_IN_MAX_WORDS).then_some(label)
}

/// Kind indexes named by the tokens of a heading (or lead-in).
fn title_kind_indexes(words: &Words) -> Vec<usize> {
    let t = table();
    // An enumerator left by the heading ("d) Recht auf Löschung") does not open it.
    let first = match words.toks.first() {
        Some(w) if w.chars().all(|c| c.is_ascii_digit()) || (w.len() == 1 && w.is_ascii()) => 1,
        _ => 0,
    };
    if let Some((_, k)) = t
        .title_prefixes
        .iter()
        .find(|(p, _)| p.matches_at(words, first))
    {
        return vec![*k];
    }
    let mut out = Vec::new();
    t.titles.scan(words, |id, _, _| out.push(t.title_kind[id]));
    out.sort_unstable();
    out.dedup();
    out
}

/// Kinds named by a heading title.
pub fn kinds_from_title(title: &str) -> Vec<SectionKind> {
    title_kinds(title, &mut Words::default())
}

/// [`kinds_from_title`], tokenising into `words` (a buffer reused from title to title).
fn title_kinds(title: &str, words: &mut Words) -> Vec<SectionKind> {
    let t = table();
    words.fill(&normalise_title(title), &t.vocab, &mut false);
    title_kind_indexes(words)
        .into_iter()
        .map(|k| t.kinds[k].kind)
        .collect()
}

/// Body evidence of one section, gathered text by text.
struct Evidence {
    /// Per phrase id: seen.
    phrase_seen: Vec<bool>,
    /// Per kind: distinct phrases (and lead-ins) seen.
    distinct: Vec<usize>,
    /// Per kind: sentences with at least one hit.
    sentences: Vec<usize>,
    /// Per kind: a strong phrase was seen.
    strong: Vec<bool>,
    /// The section gives an e-mail or web address.
    channel: bool,
    /// Words in the section.
    words: usize,
    /// Buffers reused from text to text (and, with the counts above, from section to
    /// section: see [`Evidence::reset`]): the tokens of a sentence, and its hits as
    /// (kind, start, longest first, phrase id).
    buf: Words,
    hits: Vec<(usize, usize, std::cmp::Reverse<usize>, usize)>,
    /// Per kind: hit in the sentence being read (all false between sentences).
    in_sentence: Vec<bool>,
}

impl Evidence {
    /// No evidence yet.
    fn new() -> Self {
        let t = table();
        let n = t.kinds.len();
        Evidence {
            phrase_seen: vec![false; t.phrase_meta.len()],
            distinct: vec![0; n],
            sentences: vec![0; n],
            strong: vec![false; n],
            channel: false,
            words: 0,
            buf: Words::default(),
            hits: Vec::new(),
            in_sentence: vec![false; n],
        }
    }

    /// Back to no evidence, keeping the allocations: one `Evidence` serves all the sections
    /// a rayon job classifies ([`section_kinds`]), so that its buffers are not allocated
    /// and grown again for each of c400's 6,279 sections (`classify` 721 → 680 M
    /// instructions).
    fn reset(&mut self) {
        self.phrase_seen.fill(false);
        self.distinct.fill(0);
        self.sentences.fill(0);
        self.strong.fill(false);
        self.channel = false;
        self.words = 0;
    }

    /// Scans one run of text (a paragraph, list item or table cell).
    fn add_text(&mut self, text: &str) {
        let t = table();
        let mut words = std::mem::take(&mut self.buf);
        let mut hits = std::mem::take(&mut self.hits);
        let mut in_sentence = std::mem::take(&mut self.in_sentence);
        for s in sentences(text) {
            let mut channel = false;
            words.fill(s, &t.vocab, &mut channel);
            self.words += words.len();
            // Pointers and phrases in one pass; the phrases count only in a sentence
            // without a pointer.
            let mut pointer = false;
            hits.clear();
            t.body.scan(&words, |id, start, end| {
                match id.checked_sub(t.pointer_count) {
                    None => pointer = true,
                    Some(id) => hits.push((
                        t.phrase_meta[id].0,
                        start,
                        std::cmp::Reverse(end - start),
                        id,
                    )),
                }
            });
            if pointer {
                continue;
            }
            self.channel |= channel;
            for &(k, _, _, id) in &hits {
                self.strong[k] |= t.phrase_meta[id].1;
            }
            // Overlapping matches of one kind ("art 6" inside "art 6 abs 1") are one
            // phrase: keep the longest at each place.
            hits.sort_unstable();
            let mut last: Option<(usize, usize)> = None; // (kind, end of accepted match)
            for &(k, start, std::cmp::Reverse(len), id) in &hits {
                if last.is_some_and(|(lk, end)| lk == k && start < end) {
                    continue;
                }
                last = Some((k, start + len));
                if !in_sentence[k] {
                    in_sentence[k] = true;
                    self.sentences[k] += 1;
                }
                if !self.phrase_seen[id] {
                    self.phrase_seen[id] = true;
                    self.distinct[k] += 1;
                }
            }
            if !hits.is_empty() {
                in_sentence.iter_mut().for_each(|b| *b = false);
            }
        }
        self.buf = words;
        self.hits = hits;
        self.in_sentence = in_sentence;
    }

    /// Counts a heading-like label as evidence for each kind its words name: a table
    /// header cell (`column`) names a column that discloses the kind for every row, which
    /// is conclusive; a lead-in is one piece of evidence.
    fn add_label(&mut self, label: &str, column: bool) {
        let mut words = std::mem::take(&mut self.buf);
        words.fill(label, &table().vocab, &mut false);
        for k in title_kind_indexes(&words) {
            self.strong[k] |= column;
            self.distinct[k] += 1;
            self.sentences[k] += 1;
        }
        self.buf = words;
    }

    /// Records a channel when the text links to an e-mail or web address.
    fn add_links(&mut self, text: &Text) {
        self.channel |= text.links.iter().any(|l| {
            let t = l.target.trim();
            t.starts_with("mailto:") || t.starts_with("http://") || t.starts_with("https://")
        });
    }

    /// Scans a block: table header cells, lead-ins, text and links.
    fn add_block(&mut self, block: &Block) {
        if let Block::Table { rows, .. } = block
            && rows.len() > 1
        {
            for cell in &rows[0] {
                self.add_label(&cell.text, true);
            }
        }
        for text in block.texts() {
            if let Some(label) = lead_in(&text.text) {
                self.add_label(label, false);
            }
            self.add_text(&text.text);
            self.add_links(text);
        }
    }

    /// The kinds the evidence supports, given the kinds the heading already gave and,
    /// when the heading context restricts them, the kinds the body may add.
    fn kinds(&self, title: &[SectionKind], allowed: Option<&[SectionKind]>) -> Vec<SectionKind> {
        let t = table();
        let need = if self.words > LONG_SECTION_WORDS {
            LONG_SECTION_PHRASES
        } else {
            MIN_BODY_PHRASES
        };
        let mut out: Vec<SectionKind> = title.to_vec();
        let mut pending = Vec::new();
        for (k, info) in t.kinds.iter().enumerate() {
            if (info.needs_channel && !self.channel)
                || allowed.is_some_and(|a| !a.contains(&info.kind))
            {
                continue;
            }
            let support = self.distinct[k].min(self.sentences[k]);
            if self.strong[k] || support >= need {
                out.push(info.kind);
            } else if support >= 1 && !info.alone_in.is_empty() {
                pending.push(k);
            }
        }
        // Second pass: a single phrase in a section already of a context kind.
        for k in pending {
            let info = &t.kinds[k];
            if info.alone_in.iter().any(|c| out.contains(c)) {
                out.push(info.kind);
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Kinds suggested by plain body text, without a heading: a kind needs
/// [`MIN_BODY_PHRASES`] different phrases in as many sentences, or one strong phrase.
pub fn kinds_from_body(body: &str) -> Vec<SectionKind> {
    let mut ev = Evidence::new();
    for line in body.lines() {
        ev.add_text(line);
    }
    ev.kinds(&[], None)
}

/// The kinds a section's body may add, given its heading kinds and the restriction it
/// inherits: `None` for no restriction. A heading whose kinds all restrict the body
/// (`body_kinds`) allows those kinds (and its own); a heading that names no kind keeps the
/// parent's restriction, since an untitled sub-section ("Access & Correction" under "Your
/// rights") continues its parent's subject; any other heading lifts it.
fn body_restriction(
    title: &[SectionKind],
    inherited: Option<&[SectionKind]>,
) -> Option<Vec<SectionKind>> {
    if title.is_empty() {
        return inherited.map(<[SectionKind]>::to_vec);
    }
    let t = table();
    let mut allowed = title.to_vec();
    for h in title {
        let info = t.kinds.iter().find(|i| i.kind == *h)?;
        allowed.extend(info.body_kinds.as_ref()?);
    }
    Some(allowed)
}

/// Appends the kinds of a section and of its sub-sections to `out`, in pre-order;
/// `inherited` is the parent's body restriction (see [`body_restriction`]); `ev` is scratch
/// space, reset here.
fn classify(
    section: &Section,
    inherited: Option<&[SectionKind]>,
    ev: &mut Evidence,
    out: &mut Vec<Vec<SectionKind>>,
) {
    let title = title_kinds(&section.title, &mut ev.buf);
    let allowed = body_restriction(&title, inherited);
    ev.reset();
    for b in &section.blocks {
        ev.add_block(b);
    }
    out.push(ev.kinds(&title, allowed.as_deref()));
    for child in &section.children {
        classify(child, allowed.as_deref(), ev, out);
    }
}

/// The kinds of every section, in the pre-order of [`Document::all_sections`], without
/// changing the document, so that it can run beside other readers of the document (the
/// date scan in [`crate::parse::finish`]). Top-level sections are classified in parallel
/// on the rayon pool; a section's kinds depend only on its own text and its ancestors'
/// titles, so the result does not depend on scheduling.
pub fn section_kinds(doc: &Document) -> Vec<Vec<SectionKind>> {
    use rayon::prelude::*;
    doc.sections
        .par_iter()
        .map_init(Evidence::new, |ev, s| {
            let mut out = Vec::new();
            classify(s, None, ev, &mut out);
            out
        })
        .flatten_iter()
        .collect()
}

/// Sets [`Section::kinds`] from [`section_kinds`]'s result (pre-order).
pub fn assign_kinds(doc: &mut Document, kinds: Vec<Vec<SectionKind>>) {
    fn walk(sections: &mut [Section], kinds: &mut std::vec::IntoIter<Vec<SectionKind>>) {
        for s in sections {
            s.kinds = kinds.next().unwrap_or_default();
            walk(&mut s.children, kinds);
        }
    }
    walk(&mut doc.sections, &mut kinds.into_iter());
}

/// Fills [`Section::kinds`] for every section of the document.
pub fn classify_document(doc: &mut Document) {
    let kinds = section_kinds(doc);
    assign_kinds(doc, kinds);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn infix_words_match_as_substrings() {
        for (w, tok, want) in [
            ("schutz", "datenschutzerklärung", true),
            ("schutz", "schutz", true),
            ("schutz", "schut", false),
            ("behörde", "aufsichtsbehörden", true),
            ("ö", "behörde", true),
            ("", "any", true),
            ("", "", true),
        ] {
            // A token is never empty: the empty text has no token to match.
            let mut words = Words::default();
            words.fill(tok, &Vocab::default(), &mut false);
            if !tok.is_empty() {
                assert_eq!(words.len(), 1);
                assert_eq!(
                    word_matches(Cw::Infix(w.as_bytes()), &words, 0),
                    want,
                    "{w} in {tok}"
                );
            }
            assert_eq!(tok.contains(w), want);
        }
    }

    /// The vocabulary gives every pattern word its own id and every other token none: on
    /// the words themselves (short and long), on near misses, and on every token of the
    /// fixtures, against a plain map from the words' bytes.
    #[test]
    fn vocabulary_ids_agree_with_a_plain_map() {
        let vocab = &table().vocab;
        let mut plain: std::collections::HashMap<Vec<u8>, u32> = Default::default();
        for (k, id) in vocab.short.iter() {
            let bytes: Vec<u8> = k
                .to_le_bytes()
                .into_iter()
                .take_while(|&b| b != 0)
                .collect();
            assert!(plain.insert(bytes, id).is_none());
        }
        for (&w, &id) in &vocab.long {
            assert!(plain.insert(w.to_vec(), id).is_none());
        }
        assert!(
            vocab.short.len() > 100 && vocab.long.len() > 50,
            "{}",
            plain.len()
        );
        let mut ids: Vec<u32> = plain.values().copied().collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), plain.len(), "ids are distinct");
        let check = |tok: &[u8]| {
            let expected = plain.get(tok).copied().unwrap_or(NO_WORD);
            assert_eq!(
                vocab.id(tok),
                expected,
                "{:?}",
                String::from_utf8_lossy(tok)
            );
        };
        for w in plain.keys() {
            check(w);
            let mut longer = w.clone();
            longer.push(b's');
            check(&longer);
            check(&w[..w.len() - 1]);
        }
        // `Words::fill` reads short tokens as masked 8-byte loads: it gives the same ids,
        // at the end of the buffer too.
        let mut words = Words::default();
        for (_, text) in crate::testing::fixture_texts() {
            words.fill(&text, vocab, &mut false);
            for i in 0..words.len() {
                check(words.toks.bytes(i));
                assert_eq!(words.ids[i], vocab.id(words.toks.bytes(i)));
            }
        }
        for s in [
            "data",
            "a data",
            "personal data processing",
            "x datenschutzerklärung",
        ] {
            words.fill(s, vocab, &mut false);
            for i in 0..words.len() {
                assert_eq!(words.ids[i], vocab.id(words.toks.bytes(i)), "{s:?}");
            }
        }
        assert_ne!(vocab.id(b"data"), NO_WORD);
    }

    #[test]
    fn data_file_names_only_known_kinds() {
        assert!(!POINTERS.is_empty());
        for e in KINDS {
            assert!(kind_from_name(e.name).is_some(), "unknown kind {}", e.name);
            for other in e.alone_in.iter().chain(e.body_kinds.into_iter().flatten()) {
                assert!(
                    kind_from_name(other).is_some(),
                    "{}: unknown kind {other}",
                    e.name
                );
            }
        }
        assert_eq!(KINDS.len(), 21);
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
    fn stems_gaps_and_prefixes() {
        use SectionKind::*;
        assert_eq!(kinds_from_title("Datensicherheit"), vec![Security]);
        assert_eq!(kinds_from_title("d) Speicherdauer"), vec![Retention]);
        assert_eq!(kinds_from_title("Right to deletion"), vec![Rights]);
        assert_eq!(kinds_from_title("本隐私政策的变更"), vec![PolicyChanges]);
        let mut vocab = Vocab::default();
        let p = Pattern::compile(Pattern::parse("exercis* ~ rights"), &mut vocab);
        let words = |s: &str| {
            let mut w = Words::default();
            w.fill(s, &vocab, &mut false);
            w
        };
        assert!(p.matches_at(&words("exercising any of these rights"), 0));
        assert!(!p.matches_at(&words("exercise it in a way that respects rights"), 0));
    }

    #[test]
    fn passing_mention_is_not_a_kind() {
        assert!(kinds_from_body("For more information, please see our Cookies Policy.").is_empty());
        // Several cookie words in one clause are still one mention.
        assert!(
            kinds_from_body(
                "Our vendors collect your IP address, cookies and other tracking technologies (e.g., web beacons, pixels)."
            )
            .is_empty()
        );
    }

    #[test]
    fn two_sentences_or_a_strong_phrase_make_a_kind() {
        use SectionKind::*;
        assert_eq!(
            kinds_from_body(
                "We keep your data for two years. After the retention period we delete it."
            ),
            vec![Retention]
        );
        assert_eq!(
            kinds_from_body("You may lodge a complaint with the authority."),
            vec![Complaints]
        );
    }

    #[test]
    fn addresses_are_channels_not_words() {
        let mut toks = Tokens::default();
        let mut channel = false;
        tokenise(
            "write to dpo@example.com or see https://example.com/x",
            &mut toks,
            &mut channel,
        );
        assert!(channel);
        assert_eq!(toks.to_vec(), ["write", "to", "or", "see"]);
    }

    /// The sentence splitter as first written, character by character.
    fn sentences_reference(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices() {
            let end = i + c.len_utf8();
            let cut = match c {
                '\n' | '。' | '！' | '？' | '；' => true,
                '.' | '!' | '?' | ';' => {
                    let rest = &text[end..];
                    let trimmed = rest.trim_start();
                    trimmed.len() < rest.len()
                        && trimmed
                            .chars()
                            .next()
                            .is_some_and(|n| n.is_uppercase() || is_cjk(n))
                }
                _ => false,
            };
            if cut {
                out.push(&text[start..end]);
                start = end;
            }
        }
        if start < text.len() {
            out.push(&text[start..]);
        }
        out
    }

    /// The byte-walking tokeniser and sentence splitter give the reference versions'
    /// tokens, channel and sentences on every line of the fixtures (and on whole fixture
    /// files for sentences) and on white space, invisible characters, CJK and addresses at
    /// chunk edges.
    #[test]
    fn tokeniser_matches_its_reference() {
        let check = |s: &str| {
            assert_eq!(
                sentences(s).collect::<Vec<_>>(),
                sentences_reference(s),
                "{s:?}"
            );
            let (mut fast, mut slow) = (Tokens::default(), Tokens::default());
            let (mut cf, mut cs) = (false, false);
            tokenise(s, &mut fast, &mut cf);
            syntax::tokenise_reference(s, &mut slow, &mut cs);
            assert_eq!(fast.to_vec(), slow.to_vec(), "{s:?}");
            assert_eq!(cf, cs, "{s:?}");
        };
        for s in [
            "",
            " \t\n",
            "a\x0bb\x0cc\rd",
            "Right\u{a0}to\u{3000}erasure\u{2028}now",
            "Da\u{200b}ten\u{ad}schutz e-mail E-MAIL",
            "联系我们：privacy@example.com。隐私",
            "see www.example.com, https://x.y/z or mailto:a@b.c; time: 10:30",
            "x.www.y a@b A:B ÄÖÜ ß İstanbul ǅ",
            "end.",
            "Ende. Über uns！好。Fin; Début? ok\n\nNext.\u{a0}Ärger",
        ] {
            check(s);
        }
        // Cuts and CJK marks at and across the edges of the splitter's 32-byte blocks.
        for pad in 0..70 {
            let x = "x".repeat(pad);
            check(&format!("{x}end. Next。好！x\ny; Z? Ä"));
            check(&format!("{x}。{x}. A{x}；"));
            check(&format!("{x}隐私政策。カナ？ＡＢ；{x}ｘ！. Ω"));
        }
        // Every Latin-1 and Latin Extended-A character, alone and inside a word.
        for c in '\u{80}'..='\u{17f}' {
            check(&format!("{c} a{c}b {c}{c}"));
        }
        let mut lines = 0;
        for (_, text) in crate::testing::fixture_texts() {
            assert_eq!(
                sentences(&text).collect::<Vec<_>>(),
                sentences_reference(&text)
            );
            for line in text.lines() {
                check(line);
                lines += 1;
            }
        }
        assert!(lines > 9_000, "only {lines} fixture lines");
    }

    proptest::proptest! {
        /// On random text over an alphabet of the characters the tokeniser treats
        /// specially (ASCII and Unicode white space, address marks, `www.`, invisible
        /// characters, Latin-1 and other letters, CJK, the Kelvin sign), the byte walk
        /// gives its reference's tokens and channel, and the vocabulary ids of
        /// `Words::fill` are those of a plain look-up.
        #[test]
        fn tokeniser_matches_its_reference_on_random_text(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Z", "data", "Daten", "7", " ", "  ", "\t", "\n", "\u{a0}", "\u{3000}",
                ".", "@", ":", "://", "www.", "-", "'", "\u{2019}", "\u{ad}", "\u{200b}",
                "Ä", "ß", "é", "×", "²", "İ", "\u{212a}", "Ω", "隐", "私", "。", "x@y.z",
            ]), 0..40)
        ) {
            let s: String = parts.concat();
            let (mut fast, mut slow) = (Tokens::default(), Tokens::default());
            let (mut cf, mut cs) = (false, false);
            tokenise(&s, &mut fast, &mut cf);
            syntax::tokenise_reference(&s, &mut slow, &mut cs);
            proptest::prop_assert_eq!(fast.to_vec(), slow.to_vec());
            proptest::prop_assert_eq!(cf, cs);
            let vocab = &table().vocab;
            let mut words = Words::default();
            words.fill(&s, vocab, &mut false);
            for i in 0..words.len() {
                proptest::prop_assert_eq!(words.ids[i], vocab.id(words.toks.bytes(i)));
            }
        }
    }

    /// The scan reports the same set of (pattern, start, end) as its reference, for the
    /// three matchers, on every sentence of the fixtures and on stems inside, at the edges
    /// of and across tokens.
    #[test]
    fn scan_matches_its_reference() {
        let t = table();
        let mut words = Words::default();
        let mut check = |s: &str| {
            words.fill(s, &t.vocab, &mut false);
            for m in [&t.titles, &t.body] {
                let (mut fast, mut slow) = (Vec::new(), Vec::new());
                m.scan(&words, |id, a, b| fast.push((id, a, b)));
                m.scan_reference(&words, |id, a, b| slow.push((id, a, b)));
                fast.sort_unstable();
                fast.dedup();
                slow.sort_unstable();
                slow.dedup();
                assert_eq!(fast, slow, "{s:?}");
            }
        };
        for s in [
            "",
            "Cookies cookie cookiecookie COOKIES. Third-party cookies are set",
            "cook ies coo kie xcookies cookiesx Verschlüsselung unverschlüsselt",
            "die Datenschutzbehörde und Aufsichtsbehörden, Landesdatenschutzbehörde",
            "aufsichtsbehörde aufsichts behörde datenschutz behörde",
            "we use cookies and similar technologies such as pixels and web beacons",
            "Ihre Rechte, Betroffenenrechte; Widerspruchsrecht",
            "Datensicherheit Zwecke Vertreter Speicherdauer unverschlüsselt Datensicherung",
            "cookie",
            "rechte",
            "x",
        ] {
            check(s);
        }
        let mut n = 0;
        for (_, text) in crate::testing::fixture_texts() {
            for line in text.lines() {
                for s in sentences(line) {
                    check(s);
                    n += 1;
                }
            }
        }
        assert!(n > 8_000, "only {n} fixture sentences");
    }

    /// The block mask has bit `k` set exactly when byte `k` may cut, for every byte value
    /// at every position, alone and among other cut bytes.
    #[test]
    fn cut_mask_matches_may_cut() {
        for c in 0..=255u8 {
            for k in 0..32 {
                let mut block = [b'x'; 32];
                block[k] = c;
                let want = u32::from(may_cut(c)) << k;
                assert_eq!(cut_mask(&block), want, "{c:#x} at {k}");
                let mut all = [c; 32];
                all[k] = b'.';
                let want = if may_cut(c) { u32::MAX } else { 1 << k };
                assert_eq!(cut_mask(&all), want, "{c:#x} around {k}");
            }
        }
    }

    #[test]
    fn sentence_split_keeps_abbreviations() {
        assert_eq!(
            sentences("Art. 6 Abs. 1 lit. f DSGVO gilt. Danach löschen wir.").collect::<Vec<_>>(),
            ["Art. 6 Abs. 1 lit. f DSGVO gilt.", " Danach löschen wir."]
        );
    }

    #[test]
    fn lead_ins() {
        assert_eq!(
            lead_in("Rechtsgrundlagen: Art. 6 DSGVO"),
            Some("Rechtsgrundlagen")
        );
        assert_eq!(lead_in("订阅文件安全性：我们确保"), Some("订阅文件安全性"));
        assert_eq!(
            lead_in("To protect our legitimate business interests and legal rights: Where"),
            None
        );
        assert_eq!(lead_in("Eingesetzte Dienste:"), Some("Eingesetzte Dienste"));
        assert_eq!(lead_in("No label here"), None);
    }

    /// Parses Markdown and returns each section's title and kinds, in pre-order.
    fn classified(md: &str) -> Vec<(String, Vec<SectionKind>)> {
        let source = crate::source::Source::from_text("t.md", md, crate::ast::Format::Markdown);
        let doc = crate::parse::parse(&source);
        doc.all_sections()
            .into_iter()
            .map(|s| (s.title.clone(), s.kinds.clone()))
            .collect()
    }

    /// [`classify`] as first written: a fresh [`Evidence`] (and title buffer) for every
    /// section, the reference the reused scratch space is tested against.
    fn classify_reference(
        section: &Section,
        inherited: Option<&[SectionKind]>,
        out: &mut Vec<Vec<SectionKind>>,
    ) {
        let title = kinds_from_title(&section.title);
        let allowed = body_restriction(&title, inherited);
        let mut ev = Evidence::new();
        for b in &section.blocks {
            ev.add_block(b);
        }
        out.push(ev.kinds(&title, allowed.as_deref()));
        for child in &section.children {
            classify_reference(child, allowed.as_deref(), out);
        }
    }

    /// One `Evidence` reused from section to section gives the kinds of a fresh one per
    /// section, on every Markdown and text fixture.
    #[test]
    fn reused_evidence_matches_fresh_evidence() {
        let mut docs = 0;
        for (path, text) in crate::testing::fixture_texts() {
            let format = match path.extension().and_then(|e| e.to_str()) {
                Some("md") => crate::ast::Format::Markdown,
                Some("txt") => crate::ast::Format::Text,
                _ => continue,
            };
            let source = crate::source::Source::from_text("t", &text, format);
            let doc = crate::parse::parse(&source);
            let mut expected = Vec::new();
            for s in &doc.sections {
                classify_reference(s, None, &mut expected);
            }
            assert_eq!(section_kinds(&doc), expected, "{path:?}");
            docs += 1;
        }
        assert!(docs > 50, "only {docs} documents");
    }

    #[test]
    fn heading_and_body_together() {
        use SectionKind::*;
        let got = classified(
            "# P\n\n## Your rights\n\nYou have the right of access. To exercise your rights, \
             write to privacy@example.com. You may lodge a complaint with a supervisory \
             authority.\n",
        );
        assert_eq!(got[0].1, vec![Rights, ExercisingRights, Complaints]);
    }

    #[test]
    fn rights_sections_name_objects_not_disclosures() {
        use SectionKind::*;
        // The sharing and retention words describe what the rights apply to; the untitled
        // sub-section inherits the restriction.
        let got = classified(
            "# P\n\n## Your rights\n\nYou may ask which data we share with service \
             providers. You may object to disclosure to our affiliates.\n\n### Erasure\n\nWe retain your information for as long as the \
             law requires. Backups are deleted within 30 days.\n",
        );
        assert_eq!(got[0].1, vec![Rights]);
        assert_eq!(got[1].1, Vec::<SectionKind>::new());
    }

    #[test]
    fn contact_needs_a_channel() {
        use SectionKind::*;
        let without = classified(
            "# P\n\n## Children\n\nIf you have questions, contact us and we will help.\n",
        );
        assert_eq!(without[0].1, vec![Children]);
        let with = classified(
            "# P\n\n## Other\n\nIf you have questions, contact us at privacy@example.com.\n",
        );
        assert_eq!(with[0].1, vec![Contact]);
    }

    #[test]
    fn table_header_cells_are_conclusive() {
        use SectionKind::*;
        let got = classified(
            "# P\n\n## Overview\n\n| Data | Retention period |\n| --- | --- |\n| Logs | 7 days |\n",
        );
        assert_eq!(got[0].1, vec![Retention]);
    }

    #[test]
    fn cross_references_are_not_evidence() {
        // Two cookie sentences, but one only points to the cookie policy.
        assert!(
            kinds_from_body(
                "Our partners may set cookies. For details, see our Cookie Policy on web beacons."
            )
            .is_empty()
        );
    }
}
