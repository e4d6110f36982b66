//! The semantic diff: what changed between two versions of a policy, and whether it is
//! material (design.md, "Semantic diff").
//!
//! 1. Both versions are parsed into ASTs (any supported formats).
//! 2. Sections are aligned: same normalised title ("&" reads "and"), then the same text
//!    under another title, then same section kinds with similar text, then similar text
//!    alone (each compared with the unmatched old sections nearest its expected place,
//!    [`WINDOW`] per side, after a cheap word-bag bound), then a shared title word with
//!    surviving sentences; the rest are added or removed. A removed section whose text all
//!    moved elsewhere (merged, or its heading turned into text) is editorial. A changed number alone
//!    is a renumbering (editorial); a changed position relative to the other aligned
//!    sections is a move.
//! 3. Inside aligned sections, blocks are aligned on normalised text ([`normalise`]:
//!    whitespace, line wrapping, no-break and zero-width spaces, curly quotes and Markdown
//!    emphasis count as no change); changed blocks are paired by similarity and refined to
//!    word level with `similar`; a block removed in one place and added in another is a
//!    move.
//! 4. Facts (e-mail addresses, web addresses, dates, durations, data categories) are
//!    compared as sets ([`facts`]).
//! 5. Every change gets a [`Materiality`] and a one-line reason ([`materiality`]).
//!
//! Every sequence diff runs under a deadline ([`DEFAULT_DEADLINE`], `--deadline-ms`); when
//! it is hit, `similar` returns a coarser diff, the removed and added sentences left
//! unpaired stay removed and added (no more similarity search), and the report says so
//! (`degraded`). What remains after the deadline is linear work.
//!
//! Why align sections before diffing text: a line diff of two policies buries a moved
//! section or a renumbering under hundreds of changed lines; aligning the structure first
//! is what makes "one section added, seven renumbered" possible.

pub mod facts;
pub mod materiality;

use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff};

use crate::ast::{Document, Section, SectionKind, Span};
use crate::parse::normalise_title;
use crate::source::Source;

pub use materiality::Materiality;

/// Time allowed for one whole diff (2 s). Two 1 MB versions diff in well under this on a
/// 2-core machine; past it, `similar` falls back to coarser results and the report says so.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(2);

/// Similarity (0–1, `similar`'s ratio over words) at or above which a removed and an added
/// block are the same block, changed.
pub const PAIR_SIMILARITY: f32 = 0.5;

/// Similarity at or above which an unmatched old and new section are the same section
/// under another title.
pub const SECTION_SIMILARITY: f32 = 0.6;

/// The schema version of the JSON diff report.
pub const SCHEMA_VERSION: u32 = 1;

/// Options of a diff.
#[derive(Debug, Clone, Copy)]
pub struct DiffOptions {
    /// Time allowed for all sequence diffs together.
    pub deadline: Duration,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            deadline: DEFAULT_DEADLINE,
        }
    }
}

/// A section as it appears in one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionRef {
    /// Its number as written, if any.
    pub number: Option<String>,
    /// Its title.
    pub title: String,
    /// 1-based line of its heading.
    pub line: usize,
    /// Its heading's span.
    pub span: Span,
}

/// What happened to a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionChangeKind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Aligned, with changes inside (and possibly renamed, renumbered or moved).
    Changed,
    /// Aligned, same content, but its number, title or position changed.
    Restructured,
}

/// One change of a block (paragraph, list item ...).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlockChange {
    /// `added`, `removed`, `changed` or `moved`.
    pub kind: BlockChangeKind,
    /// The old text, normalised.
    pub old: Option<String>,
    /// The new text, normalised.
    pub new: Option<String>,
    /// Word-level operations, for changed and moved blocks.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<WordOp>,
    /// Where the old text is (old version).
    pub old_span: Option<Span>,
    /// Where the new text is (new version).
    pub new_span: Option<Span>,
    /// How much it matters.
    pub materiality: Materiality,
    /// Why.
    pub reason: String,
}

/// The kind of a block change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockChangeKind {
    /// A new block.
    Added,
    /// A deleted block.
    Removed,
    /// The same block with words changed.
    Changed,
    /// The same block (possibly with word changes) in another place.
    Moved,
}

/// A run of words kept, inserted or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WordOp {
    /// `equal`, `insert` or `delete`.
    pub op: &'static str,
    /// The words, with the whitespace between them.
    pub text: String,
}

/// One section's change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionChange {
    /// What happened.
    pub kind: SectionChangeKind,
    /// The section in the old version.
    pub old: Option<SectionRef>,
    /// The section in the new version.
    pub new: Option<SectionRef>,
    /// The title changed (beyond case and punctuation).
    pub renamed: bool,
    /// The number changed.
    pub renumbered: bool,
    /// The position changed relative to the other aligned sections.
    pub moved: bool,
    /// Changes of its blocks.
    pub blocks: Vec<BlockChange>,
    /// A removed section whose text (or heading) is all found elsewhere in the new
    /// version: merged into another section, or its heading turned into text; or an added
    /// section made of text the old version had (a line promoted to a heading, the
    /// sentences after it moved under it).
    #[serde(skip)]
    pub text_moved: bool,
    /// How much the section's change matters (the highest of its parts).
    pub materiality: Materiality,
    /// Why.
    pub reason: String,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffReport {
    /// Schema version.
    pub version: u32,
    /// The old file.
    pub old_path: String,
    /// The new file.
    pub new_path: String,
    /// The highest materiality of any change (`none` when nothing changed).
    pub verdict: Materiality,
    /// Section-level changes (unchanged sections are left out).
    pub sections: Vec<SectionChange>,
    /// Changes of blocks outside any section (preamble) and of the title.
    pub preamble: Vec<BlockChange>,
    /// Fact changes (contacts, dates, durations, data categories).
    pub facts: Vec<facts::FactChange>,
    /// The deadline was hit: some diffs are coarser than they could be.
    pub degraded: bool,
    /// Counts of changes by materiality.
    pub summary: Summary,
}

/// Counts by materiality.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Material changes.
    pub material: usize,
    /// Substantive changes.
    pub substantive: usize,
    /// Editorial changes.
    pub editorial: usize,
}

/// Normalises text for comparison: Unicode spaces (no-break, zero-width, thin ...) become
/// plain spaces, runs of whitespace collapse, curly quotes and dashes become ASCII, and
/// Markdown emphasis markers (`*`, `_` at word edges) are dropped.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{00a0}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}' => ' ',
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => continue,
            '‘' | '’' | '‚' | '′' => '\'',
            '“' | '”' | '„' | '″' => '"',
            '–' | '—' => '-',
            '*' => continue,
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    // `_emphasis_` markers at word edges.
    out.split(' ')
        .map(|w| w.trim_matches('_'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits normalised block texts into sentences, the unit the diff aligns. Sentences, not
/// blocks, because hard-wrapped plain text and Markdown may split the same prose into
/// different blocks (a re-wrap that moves a line break after a full stop turns one
/// paragraph into two list-like lines); sentences survive that. Each sentence keeps the
/// span of the block it came from.
fn sentences(blocks: &[(String, Span)]) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for (text, span) in blocks {
        let mut start = 0;
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let end_of_sentence = matches!(c, '.' | '!' | '?' | ';')
                && chars.get(k + 1).is_some_and(|&(_, n)| n == ' ')
                && !(c == '.'
                    && is_abbreviation(&text[start..i], chars.get(k + 2).map(|&(_, n)| n)))
                || matches!(c, '。' | '！' | '？' | '；')
                || glued_sentence(&chars, k);
            if end_of_sentence {
                let end = i + c.len_utf8();
                let s = text[start..end].trim();
                if !s.is_empty() {
                    out.push((s.to_string(), *span));
                }
                start = end;
            }
        }
        let s = text[start..].trim();
        if !s.is_empty() {
            out.push((s.to_string(), *span));
        }
    }
    out
}

/// A full stop with no space after it between two sentences, as scraped pages have them
/// ("… access Vault Data.You may …"): lower-case letter, dot, upper-case letter, lower-case
/// letter. "WordPress.com", "ASP.NET" and "U.S." do not match.
fn glued_sentence(chars: &[(usize, char)], k: usize) -> bool {
    let at = |d: usize| chars.get(k.wrapping_add(d)).map(|&(_, c)| c);
    chars[k].1 == '.'
        && k > 0
        && chars[k - 1].1.is_lowercase()
        && at(1).is_some_and(char::is_uppercase)
        && at(2).is_some_and(char::is_lowercase)
}

/// Abbreviations after which a full stop does not end a sentence (lower case, without the
/// final dot). Kept short: a wrong "no split" only makes one sentence longer.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "ltd", "co", "corp", "no", "nr", "vs", "etc",
    "ca", "approx", "art", "abs", "bzw", "usw", "vgl", "str", "cf", "fig", "sec",
];

/// Whether the full stop that ends `before` (the text of the sentence so far, without the
/// dot) belongs to an abbreviation rather than ending the sentence: "U.S.", "e.g.", "z. B.",
/// "Colin P. Kelly Jr. St.", "Inc.", or any dot followed by a lower-case word. `next` is
/// the first character after the space.
fn is_abbreviation(before: &str, next: Option<char>) -> bool {
    if next.is_some_and(|n| n.is_lowercase()) {
        return true;
    }
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '-' | '/' | '"'))
        .next()
        .unwrap_or("");
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.is_empty() {
        return false;
    }
    // "U.S", "e.g", "i.e", "z" (of "z. B."), a single initial "P".
    if word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() <= 4 {
        return true;
    }
    if letters.chars().count() == 1 {
        return true;
    }
    ABBREVIATIONS.contains(&letters.to_lowercase().as_str())
}

/// A section title for alignment: [`normalise_title`] (case, punctuation, numbers), with
/// "&" read as "and" ("Changes & questions" is "Changes and questions").
fn title_key(title: &str) -> String {
    normalise_title(&title.replace('&', " and "))
}

struct Flat<'a> {
    section: &'a Section,
    title: String,
    kinds: Vec<SectionKind>,
    blocks: Vec<(String, Span)>,
    text: String,
}

/// The units the diff aligns inside a section: the normalised sentences of its own blocks
/// (not its children's), each with the span of the block text it came from. The HTML
/// report rebuilds the document from these, so they are the diff's own.
pub(crate) fn section_sentences(s: &Section) -> Vec<(String, Span)> {
    sentences(
        &s.blocks
            .iter()
            .flat_map(|b| b.texts())
            .map(|t| (normalise(&t.text), t.span))
            .filter(|(t, _)| !t.is_empty())
            .collect::<Vec<_>>(),
    )
}

/// The sentences before the first section: the title, then the preamble blocks.
pub(crate) fn preamble_sentences(d: &Document) -> Vec<(String, Span)> {
    sentences(
        &d.title
            .iter()
            .map(|t| (normalise(&t.text), t.span))
            .chain(
                d.preamble
                    .iter()
                    .flat_map(|b| b.texts())
                    .map(|t| (normalise(&t.text), t.span)),
            )
            .filter(|(t, _)| !t.is_empty())
            .collect::<Vec<_>>(),
    )
}

fn flatten(doc: &Document) -> Vec<Flat<'_>> {
    doc.all_sections()
        .into_iter()
        .map(|s| {
            let blocks = section_sentences(s);
            let text = blocks
                .iter()
                .map(|(t, _)| t.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            Flat {
                section: s,
                title: title_key(&s.title),
                kinds: s.kinds.clone(),
                blocks,
                text,
            }
        })
        .collect()
}

fn ratio(a: &str, b: &str, deadline: Instant) -> f32 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .deadline(deadline)
        .diff_words(a, b)
        .ratio()
}

fn section_ref(src: &Source, s: &Section) -> SectionRef {
    SectionRef {
        number: s.number.as_ref().map(|n| n.text.to_string()),
        // Icon-font glyphs (private use area) that scraped headings carry are no title.
        title: s
            .title
            .chars()
            .filter(|c| !('\u{e000}'..='\u{f8ff}').contains(c))
            .collect::<String>()
            .trim()
            .to_string(),
        line: src.line_col(s.heading_span.start).0,
        span: s.heading_span,
    }
}

/// The alignment being built: pairs so far and what each side has left.
struct Links {
    pairs: Vec<(usize, usize)>,
    old_used: Vec<bool>,
    new_used: Vec<bool>,
    old_of_new: Vec<Option<usize>>,
    /// Unmatched old indices, sorted.
    unmatched: Vec<usize>,
}

impl Links {
    /// Records that old section `i` is new section `j`.
    fn link(&mut self, i: usize, j: usize) {
        self.pairs.push((i, j));
        self.old_used[i] = true;
        self.new_used[j] = true;
        self.old_of_new[j] = Some(i);
        if let Ok(at) = self.unmatched.binary_search(&i) {
            self.unmatched.remove(at);
        }
    }
}

/// Aligns sections: `(old index, new index)` pairs, in new order.
fn align_sections(old: &[Flat], new: &[Flat], deadline: Instant) -> Vec<(usize, usize)> {
    let mut m = Links {
        pairs: Vec::new(),
        old_used: vec![false; old.len()],
        new_used: vec![false; new.len()],
        old_of_new: vec![None; new.len()],
        unmatched: (0..old.len()).collect(),
    };
    // 1. Same normalised title, first unused occurrence, in order.
    let mut by_title: std::collections::HashMap<&str, Vec<usize>> =
        std::collections::HashMap::new();
    for (i, s) in old.iter().enumerate() {
        by_title.entry(s.title.as_str()).or_default().push(i);
    }
    for v in by_title.values_mut() {
        v.reverse();
    }
    for (j, s) in new.iter().enumerate() {
        if let Some(i) = by_title.get_mut(s.title.as_str()).and_then(|v| v.pop()) {
            m.link(i, j);
        }
    }
    // 1b. The same (non-empty) text under another title: a pure rename, found by hash.
    let mut by_text: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, s) in old.iter().enumerate().rev() {
        if !m.old_used[i] && !s.text.is_empty() {
            by_text.entry(s.text.as_str()).or_default().push(i);
        }
    }
    for (j, s) in new.iter().enumerate() {
        if m.new_used[j] || s.text.is_empty() {
            continue;
        }
        if let Some(i) = by_text.get_mut(s.text.as_str()).and_then(|v| v.pop()) {
            m.link(i, j);
        }
    }
    // 2 and 3. Same kinds and similar text, then similar text alone. Each unmatched new
    // section is compared with the unmatched old sections nearest to where it would be
    // (after the old section of the last aligned new one), at most `WINDOW` on each side:
    // linear in the number of sections however many are unmatched; a cheap word-count
    // bound skips pairs that cannot reach the threshold.
    let bags: (Vec<Vec<u64>>, Vec<Vec<u64>>) = (
        old.iter().map(|s| word_bag(&s.text)).collect(),
        new.iter().map(|s| word_bag(&s.text)).collect(),
    );
    let candidates = |unmatched: &[usize], old_of_new: &[Option<usize>], j: usize| {
        if unmatched.len() <= 2 * WINDOW {
            return unmatched.to_vec();
        }
        let center = (0..j)
            .rev()
            .find_map(|k| old_of_new[k].map(|i| i + (j - k)))
            .unwrap_or(j * old.len() / new.len().max(1));
        let at = unmatched.partition_point(|&i| i < center);
        let mut near =
            unmatched[at.saturating_sub(WINDOW)..(at + WINDOW).min(unmatched.len())].to_vec();
        // Nearest first: with the best-so-far pruning below, the likely match found first
        // spares most similarity computations.
        near.sort_by_key(|&i| i.abs_diff(center));
        near
    };
    for same_kind in [true, false] {
        let threshold = if same_kind {
            PAIR_SIMILARITY
        } else {
            SECTION_SIMILARITY
        };
        for (j, nj) in new.iter().enumerate() {
            if m.new_used[j] || Instant::now() > deadline {
                continue;
            }
            // Candidates that can reach the threshold, most promising first; the exact
            // ratio (a word diff, O(N·D)) is computed for at most `MAX_RATIO_CALLS` of them.
            let mut ranked: Vec<(usize, f32)> = candidates(&m.unmatched, &m.old_of_new, j)
                .into_iter()
                .filter(|&i| !same_kind || (!old[i].kinds.is_empty() && old[i].kinds == nj.kinds))
                .map(|i| (i, ratio_bound(&bags.0[i], &bags.1[j]) + 1e-4))
                .filter(|&(_, bound)| bound >= threshold)
                .collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
            let mut best: Option<(usize, f32)> = None;
            for &(i, bound) in ranked.iter().take(MAX_RATIO_CALLS) {
                if best.is_some_and(|(_, b)| bound <= b) {
                    break;
                }
                let r = ratio(&old[i].text, &nj.text, deadline);
                if r >= threshold && best.is_none_or(|(_, b)| r > b) {
                    best = Some((i, r));
                }
            }
            if let Some((i, _)) = best {
                m.link(i, j);
            }
        }
    }
    // 4. A section rewritten under a new title: the titles share a word and whole sentences
    // survive ("Cookies and Do Not Track" → "Advertising and Cookies" keeping its cookie
    // definition). Without this the rewrite reads as a section removed plus one added.
    let words = |t: &str| -> Vec<String> {
        t.split(' ')
            .filter(|w| w.chars().count() >= 4 && !TITLE_STOP_WORDS.contains(w))
            .map(str::to_string)
            .collect()
    };
    let old_words: Vec<Vec<String>> = old.iter().map(|s| words(&s.title)).collect();
    for (j, nj) in new.iter().enumerate() {
        if m.new_used[j] || Instant::now() > deadline {
            continue;
        }
        let nw = words(&nj.title);
        if nw.is_empty() {
            continue;
        }
        let ns: std::collections::HashSet<&str> =
            nj.blocks.iter().map(|(t, _)| t.as_str()).collect();
        let mut best: Option<(usize, usize)> = None;
        for i in candidates(&m.unmatched, &m.old_of_new, j) {
            if !old_words[i].iter().any(|w| nw.contains(w)) {
                continue;
            }
            let common = old[i]
                .blocks
                .iter()
                .filter(|(t, _)| ns.contains(t.as_str()))
                .count();
            let smaller = old[i].blocks.len().min(nj.blocks.len());
            if common > 0 && common * 4 >= smaller && best.is_none_or(|(_, c)| common > c) {
                best = Some((i, common));
            }
        }
        if let Some((i, _)) = best {
            m.link(i, j);
        }
    }
    m.pairs.sort_by_key(|&(_, j)| j);
    m.pairs
}

/// How many candidate pairs, at most, get an exact similarity ([`ratio`], a word diff)
/// per unmatched section or block: the candidates are ranked by the cheap
/// [`ratio_bound`] (or shared rare words, for moves) first. Keeps section alignment and
/// move detection linear in the number of sections and blocks; the right partner ranks
/// first: the hand-checked corpus pairs (`tests/diff_corpus.rs`) give the same
/// result with and without the cap.
pub const MAX_RATIO_CALLS: usize = 8;

/// A word used by more than this many added blocks is too common to nominate move
/// candidates ("the", "we", "data"); rarer shared words do.
const MOVE_RARE_WORD: usize = 64;

/// How many unmatched old sections on each side of its expected place an unmatched new
/// section is compared with (all of them when there are at most twice as many).
pub const WINDOW: usize = 64;

/// The words of a text (split at whitespace, as `similar`'s word diff does), hashed and
/// sorted, for [`ratio_bound`].
fn word_bag(text: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let mut v: Vec<u64> = text
        .split_whitespace()
        .map(|w| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            w.hash(&mut h);
            h.finish()
        })
        .collect();
    v.sort_unstable();
    v
}

/// An upper bound of [`ratio`] from word bags: the word diff's tokens are the words and
/// the whitespace runs between them, so at most the common words and the fewer gaps match.
fn ratio_bound(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return if a.is_empty() && b.is_empty() {
            1.0
        } else {
            0.0
        };
    }
    let (mut x, mut y, mut common) = (0, 0, 0usize);
    while x < a.len() && y < b.len() {
        match a[x].cmp(&b[y]) {
            std::cmp::Ordering::Less => x += 1,
            std::cmp::Ordering::Greater => y += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                x += 1;
                y += 1;
            }
        }
    }
    bound_of(common, a.len(), b.len())
}

/// [`ratio_bound`] of two texts of `a` and `b` words (both at least one) with `common`
/// words in common (counted with multiplicity).
fn bound_of(common: usize, a: usize, b: usize) -> f32 {
    let gaps = a.min(b).saturating_sub(1);
    let tokens = 2 * a - 1 + 2 * b - 1;
    2.0 * (common + gaps) as f32 / tokens as f32
}

/// Title words too common to tie two sections together.
const TITLE_STOP_WORDS: &[&str] = &[
    "your",
    "with",
    "from",
    "this",
    "that",
    "what",
    "when",
    "information",
    "data",
    "personal",
    "about",
    "other",
    "policy",
    "privacy",
    "how",
    "our",
];

/// Indices (into `pairs`) of the pairs that keep their relative order: the longest
/// increasing subsequence of old indices, in new order. The others moved.
fn stable_pairs(pairs: &[(usize, usize)]) -> Vec<bool> {
    // Patience-sorting LIS, O(n log n).
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; pairs.len()];
    for (k, &(i, _)) in pairs.iter().enumerate() {
        let pos = tails.partition_point(|&t| pairs[t].0 < i);
        if pos > 0 {
            prev[k] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(k);
        } else {
            tails[pos] = k;
        }
    }
    let mut keep = vec![false; pairs.len()];
    let mut cur = tails.last().copied();
    while let Some(k) = cur {
        keep[k] = true;
        cur = prev[k];
    }
    keep
}

/// Word-level operations between two normalised texts.
fn word_ops(old: &str, new: &str, deadline: Instant) -> Vec<WordOp> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .deadline(deadline)
        .diff_words(old, new);
    let mut ops: Vec<WordOp> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => "equal",
            ChangeTag::Insert => "insert",
            ChangeTag::Delete => "delete",
        };
        let value = change.value();
        match ops.last_mut() {
            Some(last) if last.op == op => last.text.push_str(value),
            _ => ops.push(WordOp {
                op,
                text: value.to_string(),
            }),
        }
    }
    ops
}

/// The partner of each removed block (`removed`, indices into `old`) among the added
/// blocks (`added`, indices into `new`), as an index into `added`: in order, each removed
/// block takes the unused added block most similar to it ([`ratio`] at least
/// [`PAIR_SIMILARITY`]; the first one on ties).
///
/// Added blocks with the same text count once (the first unused one is the candidate).
/// Only added blocks sharing a word with the removed one are candidates (without a
/// common word the ratio is below one half: only the gaps between words can match); they
/// are found through an index from words to added blocks, ranked by [`ratio_bound`], and
/// compared exactly until the bound falls below the best ratio so far. The answer is the
/// one comparing every pair would give, without comparing every pair: a rewritten section
/// (thousands of sentences removed, thousands added, few words in common) costs time
/// linear in its words, not in the product of its sentence counts.
///
/// Past the deadline the remaining removed blocks get no partner (they read as removed,
/// their partners as added): coarser, still correct, and linear.
fn pair_blocks(
    old: &[(String, Span)],
    new: &[(String, Span)],
    removed: &[usize],
    added: &[usize],
    deadline: Instant,
) -> Vec<Option<usize>> {
    let mut partners = vec![None; removed.len()];
    if removed.is_empty() || added.is_empty() {
        return partners;
    }
    // Each distinct word of each added block, with how often it occurs there.
    let runs = |bag: &[u64]| -> Vec<(u64, u32)> {
        let mut out: Vec<(u64, u32)> = Vec::new();
        for &w in bag {
            match out.last_mut() {
                Some((last, n)) if *last == w => *n += 1,
                _ => out.push((w, 1)),
            }
        }
        out
    };
    // Added blocks with the same text are one candidate: the first unused of them.
    let mut group_of: rustc_hash::FxHashMap<&str, usize> = Default::default();
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (k, &j) in added.iter().enumerate() {
        let g = *group_of.entry(new[j].0.as_str()).or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[g].push(k);
    }
    let mut next = vec![0usize; members.len()];
    let group_len: Vec<usize> = members
        .iter()
        .map(|m| new[added[m[0]]].0.split_whitespace().count())
        .collect();
    let mut index: rustc_hash::FxHashMap<u64, Vec<(usize, u32)>> = Default::default();
    for (g, m) in members.iter().enumerate() {
        for (w, n) in runs(&word_bag(&new[added[m[0]]].0)) {
            index.entry(w).or_default().push((g, n));
        }
    }
    let mut common = vec![0usize; members.len()];
    let mut touched: Vec<usize> = Vec::new();
    'removed: for (x, &i) in removed.iter().enumerate() {
        if Instant::now() > deadline {
            break;
        }
        let bag = word_bag(&old[i].0);
        for (w, n) in runs(&bag) {
            for &(g, m) in index.get(&w).map_or(&[][..], Vec::as_slice) {
                if next[g] == members[g].len() {
                    continue;
                }
                if common[g] == 0 {
                    touched.push(g);
                }
                common[g] += n.min(m) as usize;
            }
        }
        // (group, its first unused block, bound), best bound first, then in order.
        let mut ranked: Vec<(usize, usize, f32)> = touched
            .drain(..)
            .map(|g| {
                let c = std::mem::take(&mut common[g]);
                let bound = bound_of(c, bag.len(), group_len[g]) + 1e-4;
                (g, members[g][next[g]], bound)
            })
            .filter(|&(_, _, bound)| bound >= PAIR_SIMILARITY)
            .collect();
        ranked.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.1.cmp(&b.1)));
        let mut best: Option<(usize, usize, f32)> = None;
        for (g, k, bound) in ranked {
            if best.is_some_and(|(_, _, b)| bound < b) {
                break;
            }
            if Instant::now() > deadline {
                break 'removed;
            }
            let r = ratio(&old[i].0, &new[added[k]].0, deadline);
            if r >= PAIR_SIMILARITY && best.is_none_or(|(_, bk, b)| r > b || (r == b && k < bk)) {
                best = Some((g, k, r));
            }
        }
        if let Some((g, k, _)) = best {
            next[g] += 1;
            partners[x] = Some(k);
        }
    }
    partners
}

/// How many sentences, at most, may be in only one of two versions of a section before
/// [`sentence_ops`] leaves them out of the sequence diff. Below it, the diff is Myers's
/// on the whole sequences, as always; above it (a section rewritten) Myers's O((N+M)·D)
/// would be quadratic in the section's length.
pub const MAX_UNSHARED_SENTENCES: usize = 1000;

/// The sequence diff of two sections' sentences (Myers, under the deadline). When more
/// than [`MAX_UNSHARED_SENTENCES`] sentences are in only one of the versions, those
/// sentences (which no alignment can match) are left out of the Myers diff, found by
/// hashing, and put back as deletions and insertions between the matched runs: the same
/// number of sentences matched (a longest common subsequence either way), at a cost that
/// grows with the shared sentences rather than with the whole rewrite.
fn sentence_ops(a: &[&str], b: &[&str], deadline: Instant) -> Vec<DiffOp> {
    let in_a: rustc_hash::FxHashSet<&str> = a.iter().copied().collect();
    let in_b: rustc_hash::FxHashSet<&str> = b.iter().copied().collect();
    let keep_a: Vec<usize> = (0..a.len()).filter(|&i| in_b.contains(a[i])).collect();
    let keep_b: Vec<usize> = (0..b.len()).filter(|&j| in_a.contains(b[j])).collect();
    let unshared = (a.len() - keep_a.len()) + (b.len() - keep_b.len());
    if unshared <= MAX_UNSHARED_SENTENCES {
        return similar::capture_diff_slices_deadline(Algorithm::Myers, a, b, Some(deadline));
    }
    let ra: Vec<&str> = keep_a.iter().map(|&i| a[i]).collect();
    let rb: Vec<&str> = keep_b.iter().map(|&j| b[j]).collect();
    // Matched (old, new) index pairs, in order, mapped back to the full sequences.
    let mut matched: Vec<(usize, usize)> = Vec::new();
    for op in similar::capture_diff_slices_deadline(Algorithm::Myers, &ra, &rb, Some(deadline)) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            matched.extend((0..len).map(|d| (keep_a[old_index + d], keep_b[new_index + d])));
        }
    }
    matched.push((a.len(), b.len()));
    let mut ops = Vec::new();
    let (mut x, mut y) = (0, 0);
    for (i, j) in matched {
        let (old_len, new_len) = (i - x, j - y);
        let op = match (old_len, new_len) {
            (0, 0) => None,
            (old_len, 0) => Some(DiffOp::Delete {
                old_index: x,
                old_len,
                new_index: y,
            }),
            (0, new_len) => Some(DiffOp::Insert {
                old_index: x,
                new_index: y,
                new_len,
            }),
            (old_len, new_len) => Some(DiffOp::Replace {
                old_index: x,
                old_len,
                new_index: y,
                new_len,
            }),
        };
        ops.extend(op);
        if i == a.len() {
            break;
        }
        match ops.last_mut() {
            Some(DiffOp::Equal { len, .. }) => *len += 1,
            _ => ops.push(DiffOp::Equal {
                old_index: i,
                new_index: j,
                len: 1,
            }),
        }
        (x, y) = (i + 1, j + 1);
    }
    ops
}

/// Aligns the blocks of two aligned sections (or two preambles).
fn diff_blocks(
    old: &[(String, Span)],
    new: &[(String, Span)],
    kinds: &[SectionKind],
    deadline: Instant,
) -> Vec<BlockChange> {
    let a: Vec<&str> = old.iter().map(|(t, _)| t.as_str()).collect();
    let b: Vec<&str> = new.iter().map(|(t, _)| t.as_str()).collect();
    let ops = sentence_ops(&a, &b, deadline);
    let mut out = Vec::new();
    for op in ops {
        let (removed, added): (Vec<usize>, Vec<usize>) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index, old_len, ..
            } => ((old_index..old_index + old_len).collect(), vec![]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (vec![], (new_index..new_index + new_len).collect()),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                (old_index..old_index + old_len).collect(),
                (new_index..new_index + new_len).collect(),
            ),
        };
        // Pair removed and added blocks by similarity, in order.
        let partners = pair_blocks(old, new, &removed, &added, deadline);
        let mut used = vec![false; added.len()];
        let mut rest_removed = Vec::new();
        for (&i, partner) in removed.iter().zip(partners) {
            match partner {
                Some(k) => {
                    used[k] = true;
                    let j = added[k];
                    let words = word_ops(&old[i].0, &new[j].0, deadline);
                    let (m, reason) =
                        materiality::of_changed_block(&old[i].0, &new[j].0, &words, kinds);
                    out.push(BlockChange {
                        kind: BlockChangeKind::Changed,
                        old: Some(old[i].0.clone()),
                        new: Some(new[j].0.clone()),
                        words,
                        old_span: Some(old[i].1),
                        new_span: Some(new[j].1),
                        materiality: m,
                        reason,
                    });
                }
                None => rest_removed.push(i),
            }
        }
        for i in rest_removed {
            let (m, reason) = materiality::of_removed_block(&old[i].0, kinds);
            out.push(BlockChange {
                kind: BlockChangeKind::Removed,
                old: Some(old[i].0.clone()),
                new: None,
                words: Vec::new(),
                old_span: Some(old[i].1),
                new_span: None,
                materiality: m,
                reason,
            });
        }
        for (k, &j) in added.iter().enumerate() {
            if used[k] {
                continue;
            }
            let (m, reason) = materiality::of_added_block(&new[j].0, kinds);
            out.push(BlockChange {
                kind: BlockChangeKind::Added,
                old: None,
                new: Some(new[j].0.clone()),
                words: Vec::new(),
                old_span: None,
                new_span: Some(new[j].1),
                materiality: m,
                reason,
            });
        }
    }
    out
}

/// Turns a removed block and an added block with the same (or nearly the same) text
/// anywhere in the document into one move.
fn detect_moves(
    sections: &mut [SectionChange],
    preamble: &mut Vec<BlockChange>,
    deadline: Instant,
) {
    // (section index or usize::MAX for the preamble, block index)
    let mut removed: Vec<(usize, usize)> = Vec::new();
    let mut added: std::collections::HashMap<String, Vec<(usize, usize)>> =
        std::collections::HashMap::new();
    for (si, s) in sections.iter().enumerate() {
        for (bi, b) in s.blocks.iter().enumerate() {
            match b.kind {
                BlockChangeKind::Removed => removed.push((si, bi)),
                BlockChangeKind::Added => added
                    .entry(b.new.clone().unwrap_or_default())
                    .or_default()
                    .push((si, bi)),
                _ => {}
            }
        }
    }
    for (bi, b) in preamble.iter().enumerate() {
        match b.kind {
            BlockChangeKind::Removed => removed.push((usize::MAX, bi)),
            BlockChangeKind::Added => added
                .entry(b.new.clone().unwrap_or_default())
                .or_default()
                .push((usize::MAX, bi)),
            _ => {}
        }
    }
    // Near-identical look-up: added texts in a fixed order (deterministic ties), their
    // word bags, and an index from each word to the added texts that use it.
    let mut texts: Vec<String> = added.keys().cloned().collect();
    texts.sort();
    let bags: Vec<Vec<u64>> = texts.iter().map(|t| word_bag(t)).collect();
    let mut index: std::collections::HashMap<u64, Vec<usize>> = std::collections::HashMap::new();
    for (k, bag) in bags.iter().enumerate() {
        let mut last = None;
        for &w in bag {
            if last != Some(w) {
                index.entry(w).or_default().push(k);
                last = Some(w);
            }
        }
    }
    let mut drop: Vec<(usize, usize)> = Vec::new();
    for (si, bi) in removed {
        let old = {
            let b = if si == usize::MAX {
                &preamble[bi]
            } else {
                &sections[si].blocks[bi]
            };
            b.old.clone().unwrap_or_default()
        };
        // Exact text first (hash look-up), then near-identical among the few added texts
        // sharing the most uncommon words with it (at most `MAX_RATIO_CALLS` word diffs).
        let target = added.get_mut(&old).and_then(|v| v.pop());
        let target = target.or_else(|| {
            if Instant::now() > deadline {
                return None;
            }
            let old_bag = word_bag(&old);
            let mut shared: std::collections::HashMap<usize, usize> =
                std::collections::HashMap::new();
            let mut last = None;
            for &w in &old_bag {
                if last == Some(w) {
                    continue;
                }
                last = Some(w);
                match index.get(&w) {
                    Some(posting) if posting.len() <= MOVE_RARE_WORD => {
                        for &k in posting {
                            *shared.entry(k).or_default() += 1;
                        }
                    }
                    _ => {}
                }
            }
            let mut ranked: Vec<(usize, usize)> = shared
                .into_iter()
                .filter(|&(k, _)| {
                    let len = texts[k].len();
                    !added[&texts[k]].is_empty() && len * 2 >= old.len() && old.len() * 2 >= len
                })
                .collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut best: Option<(usize, f32)> = None;
            for &(k, _) in ranked.iter().take(MAX_RATIO_CALLS) {
                if ratio_bound(&old_bag, &bags[k]) + 1e-4 < 0.8 {
                    continue;
                }
                let r = ratio(&old, &texts[k], deadline);
                if r >= 0.8 && best.is_none_or(|b| r > b.1) {
                    best = Some((k, r));
                }
            }
            best.and_then(|(k, _)| {
                let places = added.get_mut(&texts[k])?;
                let last = places.len().checked_sub(1)?;
                Some(places.remove(last))
            })
        });
        let Some((ti, tj)) = target else { continue };
        let new_block = if ti == usize::MAX {
            preamble[tj].clone()
        } else {
            sections[ti].blocks[tj].clone()
        };
        let new_text = new_block.new.clone().unwrap_or_default();
        let words = if new_text == old {
            Vec::new()
        } else {
            word_ops(&old, &new_text, deadline)
        };
        let moved = BlockChange {
            kind: BlockChangeKind::Moved,
            old: Some(old.clone()),
            new: Some(new_text.clone()),
            words: words.clone(),
            old_span: if si == usize::MAX {
                preamble[bi].old_span
            } else {
                sections[si].blocks[bi].old_span
            },
            new_span: new_block.new_span,
            materiality: if words.iter().any(|w| w.op != "equal") {
                Materiality::Substantive
            } else {
                Materiality::Editorial
            },
            reason: if words.iter().any(|w| w.op != "equal") {
                "text moved and reworded".into()
            } else {
                "text moved".into()
            },
        };
        // The move is reported where the text now is.
        if ti == usize::MAX {
            preamble[tj] = moved;
        } else {
            sections[ti].blocks[tj] = moved;
        }
        drop.push((si, bi));
    }
    drop.sort();
    for (si, bi) in drop.into_iter().rev() {
        if si == usize::MAX {
            preamble.remove(bi);
        } else {
            sections[si].blocks.remove(bi);
        }
    }
}

/// The block (section index, block index) of kind `kind` — `Added` or `Removed` — whose
/// text is the heading of `r`, with or without its number, and that heading normalised: a
/// heading that became a line of text, or a line that became a heading.
fn block_of_heading(
    sections: &[SectionChange],
    r: &SectionRef,
    kind: BlockChangeKind,
) -> (String, Option<(usize, usize)>) {
    let heading = normalise(&r.title);
    let numbered = r
        .number
        .as_ref()
        .map(|n| normalise(&format!("{n} {}", r.title)));
    let found = sections.iter().enumerate().find_map(|(ti, t)| {
        t.blocks
            .iter()
            .position(|b| {
                let text = if kind == BlockChangeKind::Added {
                    &b.new
                } else {
                    &b.old
                };
                b.kind == kind
                    && text
                        .as_ref()
                        .is_some_and(|t| *t == heading || Some(t) == numbered.as_ref())
            })
            .map(|bi| (ti, bi))
    });
    (heading, found)
}

/// The reverse of [`dissolved_sections`]: an added section whose heading was a line of
/// text in the old version ("Your rights" turned bold, so a page generator's paragraph
/// became a heading) and whose blocks all moved from elsewhere is no new content. The
/// removed line becomes a move to the heading, reported first in the new section; an old
/// section left with no change at all is dropped from the report.
fn promoted_sections(sections: &mut Vec<SectionChange>) {
    for si in 0..sections.len() {
        let s = &sections[si];
        if s.kind != SectionChangeKind::Added
            || !s.blocks.iter().all(|b| {
                b.kind == BlockChangeKind::Moved && b.words.iter().all(|w| w.op == "equal")
            })
        {
            continue;
        }
        let Some(new) = s.new.clone() else { continue };
        let (heading, found) = block_of_heading(sections, &new, BlockChangeKind::Removed);
        let Some((ti, bi)) = found else { continue };
        let removed = sections[ti].blocks.remove(bi);
        sections[si].blocks.insert(
            0,
            BlockChange {
                kind: BlockChangeKind::Moved,
                old: removed.old,
                new: Some(heading),
                words: Vec::new(),
                old_span: removed.old_span,
                new_span: Some(new.span),
                materiality: Materiality::Editorial,
                reason: "text turned into a heading".into(),
            },
        );
        sections[si].text_moved = true;
    }
    // An old section whose only change was the promoted line is unchanged now.
    sections.retain(|s| {
        !(s.kind == SectionChangeKind::Changed
            && s.blocks.is_empty()
            && !s.renamed
            && !s.renumbered
            && !s.moved)
    });
}

/// Marks removed sections that are not really gone: all their text moved elsewhere
/// (merged into another section), or a heading-only section whose heading is now a line of
/// text ("##### Email: privacy@example.org" turned into a paragraph); the added block
/// that holds the old heading becomes a move.
fn dissolved_sections(sections: &mut [SectionChange], had_blocks: &[bool]) {
    for si in 0..sections.len() {
        if sections[si].kind != SectionChangeKind::Removed || !sections[si].blocks.is_empty() {
            continue;
        }
        if had_blocks[si] {
            sections[si].text_moved = true;
            continue;
        }
        let Some(old) = sections[si].old.clone() else {
            continue;
        };
        let (heading, target) = block_of_heading(sections, &old, BlockChangeKind::Added);
        if let Some((ti, bi)) = target {
            let b = &mut sections[ti].blocks[bi];
            b.kind = BlockChangeKind::Moved;
            b.old = Some(heading);
            b.old_span = Some(old.span);
            b.materiality = Materiality::Editorial;
            b.reason = "heading turned into text".into();
            sections[si].text_moved = true;
        }
    }
}

/// Compares two parsed versions.
pub fn diff(
    old_src: &Source,
    old: &Document,
    new_src: &Source,
    new: &Document,
    options: &DiffOptions,
) -> DiffReport {
    let start = Instant::now();
    let deadline = start + options.deadline;
    let of = flatten(old);
    let nf = flatten(new);
    let pairs = align_sections(&of, &nf, deadline);
    let stable = stable_pairs(&pairs);
    let mut sections: Vec<SectionChange> = Vec::new();
    let mut old_matched = vec![false; of.len()];
    let mut new_matched = vec![false; nf.len()];
    for (k, &(i, j)) in pairs.iter().enumerate() {
        old_matched[i] = true;
        new_matched[j] = true;
        let (o, n) = (&of[i], &nf[j]);
        let blocks = diff_blocks(&o.blocks, &n.blocks, &n.kinds, deadline);
        let renamed = o.title != n.title;
        let renumbered = o.section.number.as_ref().map(|x| &x.text)
            != n.section.number.as_ref().map(|x| &x.text);
        let moved = !stable[k];
        if blocks.is_empty() && !renamed && !renumbered && !moved {
            continue;
        }
        sections.push(SectionChange {
            kind: if blocks.is_empty() {
                SectionChangeKind::Restructured
            } else {
                SectionChangeKind::Changed
            },
            old: Some(section_ref(old_src, o.section)),
            new: Some(section_ref(new_src, n.section)),
            renamed,
            renumbered,
            moved,
            blocks,
            text_moved: false,
            materiality: Materiality::None,
            reason: String::new(),
        });
    }
    for (_, o) in of.iter().enumerate().filter(|(i, _)| !old_matched[*i]) {
        let blocks: Vec<BlockChange> = o
            .blocks
            .iter()
            .map(|(t, s)| BlockChange {
                kind: BlockChangeKind::Removed,
                old: Some(t.clone()),
                new: None,
                words: Vec::new(),
                old_span: Some(*s),
                new_span: None,
                materiality: Materiality::Substantive,
                reason: "removed with its section".into(),
            })
            .collect();
        sections.push(SectionChange {
            kind: SectionChangeKind::Removed,
            old: Some(section_ref(old_src, o.section)),
            new: None,
            renamed: false,
            renumbered: false,
            moved: false,
            blocks,
            text_moved: false,
            materiality: Materiality::None,
            reason: String::new(),
        });
    }
    for (_, n) in nf.iter().enumerate().filter(|(j, _)| !new_matched[*j]) {
        let blocks: Vec<BlockChange> = n
            .blocks
            .iter()
            .map(|(t, s)| {
                let (m, reason) = materiality::of_added_block(t, &n.kinds);
                BlockChange {
                    kind: BlockChangeKind::Added,
                    old: None,
                    new: Some(t.clone()),
                    words: Vec::new(),
                    old_span: None,
                    new_span: Some(*s),
                    materiality: m,
                    reason,
                }
            })
            .collect();
        sections.push(SectionChange {
            kind: SectionChangeKind::Added,
            old: None,
            new: Some(section_ref(new_src, n.section)),
            renamed: false,
            renumbered: false,
            moved: false,
            blocks,
            text_moved: false,
            materiality: Materiality::None,
            reason: String::new(),
        });
    }
    // Preamble and title.
    let mut preamble = diff_blocks(
        &preamble_sentences(old),
        &preamble_sentences(new),
        &[],
        deadline,
    );
    let had_blocks: Vec<bool> = sections.iter().map(|s| !s.blocks.is_empty()).collect();
    detect_moves(&mut sections, &mut preamble, deadline);
    dissolved_sections(&mut sections, &had_blocks);
    promoted_sections(&mut sections);
    let facts = facts::delta(old, new);
    // A block that introduces a data category, recipient or purpose the old version never
    // named is material; the fact gets that block's span.
    for (fact, lexicon, what) in [
        (
            "data-category",
            facts::data_categories(),
            "new data category",
        ),
        ("recipient", facts::recipients(), "new recipient"),
        ("purpose", facts::purposes(), "new purpose"),
    ] {
        let introduced: Vec<String> = facts
            .iter()
            .filter(|f| f.fact == fact && f.change == "added")
            .filter_map(|f| f.new.clone())
            .collect();
        if introduced.is_empty() {
            continue;
        }
        let blocks = sections
            .iter_mut()
            .flat_map(|s| s.blocks.iter_mut())
            .chain(preamble.iter_mut());
        for b in blocks {
            let Some(text) = &b.new else { continue };
            if b.materiality == Materiality::Material {
                continue;
            }
            let before = b
                .old
                .as_deref()
                .map(|t| facts::labels_in(lexicon, t))
                .unwrap_or_default();
            let found = facts::labels_in(lexicon, text);
            if let Some(label) = introduced
                .iter()
                .find(|c| found.contains(*c) && !before.contains(*c))
            {
                b.materiality = Materiality::Material;
                b.reason = format!("{what}: {label}");
            }
        }
    }
    // A sentence that stops naming a transfer mechanism the new version still names
    // elsewhere ("subject line \"Privacy Shield Concerns\"" → "Privacy Concerns") does not
    // change the legal basis of transfers: only the document-level fact decides.
    let dropped: Vec<&str> = facts
        .iter()
        .filter(|f| f.fact == "transfer-mechanism" && f.change != "added")
        .filter_map(|f| f.old.as_deref())
        .collect();
    for b in sections
        .iter_mut()
        .flat_map(|s| s.blocks.iter_mut())
        .chain(preamble.iter_mut())
    {
        if b.materiality != Materiality::Material {
            continue;
        }
        // The same for an address a sentence stops giving ("privacy@github.com" written
        // "privacy [at] github [dot] com") while the new version still gives it elsewhere.
        if b.reason.starts_with("contact ") {
            let new_text = b.new.as_deref().unwrap_or("");
            let gone = materiality::emails_in(b.old.as_deref().unwrap_or(""))
                .into_iter()
                .filter(|e| !materiality::emails_in(new_text).contains(e))
                .any(|e| {
                    facts.iter().any(|f| {
                        f.fact == "email" && f.change != "added" && f.old.as_ref() == Some(&e)
                    })
                });
            if !gone {
                b.materiality = Materiality::Substantive;
                b.reason = "wording changed".into();
            }
            continue;
        }
        if !b.reason.starts_with("transfer mechanism") {
            continue;
        }
        let (o, n) = (
            materiality::transfer_mechanisms(b.old.as_deref().unwrap_or("")),
            materiality::transfer_mechanisms(b.new.as_deref().unwrap_or("")),
        );
        if !o.difference(&n).any(|m| dropped.contains(m)) {
            b.materiality = Materiality::Substantive;
            b.reason = "wording changed".into();
        }
    }
    for s in &mut sections {
        let (m, reason) = materiality::of_section(s);
        s.materiality = m;
        s.reason = reason;
    }
    // A change of the policy date alone is editorial; the fact delta says which date.
    let degraded = Instant::now() > deadline;
    let mut summary = Summary::default();
    let mut count = |m: Materiality| match m {
        Materiality::Material => summary.material += 1,
        Materiality::Substantive => summary.substantive += 1,
        Materiality::Editorial => summary.editorial += 1,
        Materiality::None => {}
    };
    for s in &sections {
        // A section counts on its own when nothing inside it carries its materiality
        // (a required section removed is material though its sentences are not).
        if s.blocks.iter().all(|b| b.materiality < s.materiality) {
            count(s.materiality);
        }
        for b in &s.blocks {
            count(b.materiality);
        }
    }
    for b in &preamble {
        count(b.materiality);
    }
    for f in &facts {
        if f.materiality == Materiality::Material {
            count(f.materiality);
        }
    }
    let verdict = sections
        .iter()
        .map(|s| s.materiality)
        .chain(preamble.iter().map(|b| b.materiality))
        .chain(facts.iter().map(|f| f.materiality))
        .max()
        .unwrap_or(Materiality::None);
    sections.sort_by_key(|s| s.new.as_ref().or(s.old.as_ref()).map_or(0, |r| r.line));
    DiffReport {
        version: SCHEMA_VERSION,
        old_path: old_src.name(),
        new_path: new_src.name(),
        verdict,
        sections,
        preamble,
        facts,
        degraded,
        summary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        sentences(&[(text.to_string(), Span::default())])
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("Bitwarden complies with the EU-U.S., Swiss-U.S. Privacy Shield. We comply."),
            [
                "Bitwarden complies with the EU-U.S., Swiss-U.S. Privacy Shield.",
                "We comply."
            ]
        );
        assert_eq!(
            split("Write to 88 Colin P. Kelly Jr. St. in San Francisco. Thanks."),
            [
                "Write to 88 Colin P. Kelly Jr. St. in San Francisco.",
                "Thanks."
            ]
        );
        assert_eq!(
            split("Daten wie z. B. Klicks."),
            ["Daten wie z. B. Klicks."]
        );
        // A scraped page's glued sentences are split; a domain name is not.
        assert_eq!(
            split("We cannot access Vault Data.You may delete it on WordPress.com today."),
            [
                "We cannot access Vault Data.",
                "You may delete it on WordPress.com today."
            ]
        );
    }

    #[test]
    fn ratio_bound_is_an_upper_bound() {
        let texts = [
            "We keep your data for 30 days.",
            "We keep your data for 90 days.",
            "Text of section 5.",
            "Text for section 6.",
            "A completely different sentence about cookies",
            "We keep your data",
        ];
        let far = Instant::now() + Duration::from_secs(5);
        for a in texts {
            for b in texts {
                let r = ratio(a, b, far);
                let bound = ratio_bound(&word_bag(a), &word_bag(b));
                assert!(r <= bound + 1e-4, "{a:?} / {b:?}: {r} > {bound}");
            }
        }
    }

    /// The pairing of removed and added sentences, comparing every pair (what
    /// `pair_blocks` did before the word index).
    fn pair_all(
        old: &[(String, Span)],
        new: &[(String, Span)],
        removed: &[usize],
        added: &[usize],
    ) -> Vec<Option<usize>> {
        let far = Instant::now() + Duration::from_secs(60);
        let mut used = vec![false; added.len()];
        removed
            .iter()
            .map(|&i| {
                let mut best: Option<(usize, f32)> = None;
                for (k, &j) in added.iter().enumerate() {
                    let r = ratio(&old[i].0, &new[j].0, far);
                    if !used[k] && r >= PAIR_SIMILARITY && best.is_none_or(|(_, b)| r > b) {
                        best = Some((k, r));
                    }
                }
                let k = best?.0;
                used[k] = true;
                Some(k)
            })
            .collect()
    }

    #[test]
    fn indexed_pairing_is_all_pairs_pairing() {
        let words = [
            "we", "keep", "the", "data", "for", "30", "days", "share", "your", "name", "with",
            "partners", "90",
        ];
        // A fixed pseudo-random sequence of sentences, some repeated.
        let mut seed = 7u64;
        let mut sentence = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let n = 2 + (seed >> 61) as usize;
            (0..n)
                .map(|d| words[((seed >> (d * 4)) & 0xf) as usize % words.len()])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let far = Instant::now() + Duration::from_secs(60);
        let mut paired = 0;
        for _ in 0..20 {
            let old: Vec<(String, Span)> = (0..12).map(|_| (sentence(), Span::default())).collect();
            let new: Vec<(String, Span)> = (0..12).map(|_| (sentence(), Span::default())).collect();
            let (removed, added): (Vec<usize>, Vec<usize>) = ((0..12).collect(), (0..12).collect());
            let pairs = pair_blocks(&old, &new, &removed, &added, far);
            assert_eq!(
                pairs,
                pair_all(&old, &new, &removed, &added),
                "{old:?}\n{new:?}"
            );
            paired += pairs.iter().flatten().count();
        }
        assert!(paired > 20, "{paired}");
        // Past the deadline nothing is paired.
        let old = vec![("we keep the data".to_string(), Span::default())];
        let new = vec![("we keep the data now".to_string(), Span::default())];
        assert_eq!(pair_blocks(&old, &new, &[0], &[0], Instant::now()), [None]);
    }

    #[test]
    fn sentence_ops_past_the_unshared_limit_cover_both_sides() {
        let a: Vec<String> = (0..3000)
            .map(|k| {
                if k % 3 == 0 {
                    format!("kept {k}.")
                } else {
                    format!("old {k}.")
                }
            })
            .collect();
        let b: Vec<String> = (0..3000)
            .map(|k| {
                if k % 3 == 0 {
                    format!("kept {k}.")
                } else {
                    format!("new {k}.")
                }
            })
            .collect();
        let (a, b): (Vec<&str>, Vec<&str>) = (
            a.iter().map(String::as_str).collect(),
            b.iter().map(String::as_str).collect(),
        );
        let ops = sentence_ops(&a, &b, Instant::now() + Duration::from_secs(60));
        let (mut x, mut y, mut equal) = (0, 0, 0);
        for op in ops {
            assert_eq!((op.old_range().start, op.new_range().start), (x, y));
            if let DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                assert_eq!(a[old_index..old_index + len], b[new_index..new_index + len]);
                equal += len;
            }
            (x, y) = (op.old_range().end, op.new_range().end);
        }
        assert_eq!((x, y, equal), (a.len(), b.len(), 1000));
    }

    #[test]
    fn titles_read_ampersand_as_and() {
        assert_eq!(
            title_key("Changes & questions"),
            title_key("Changes and questions")
        );
    }
}
