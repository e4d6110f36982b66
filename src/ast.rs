//! The policy AST: what every front end (plain text, Markdown, HTML) produces.
//!
//! Every node carries a [`Span`]: a half-open **byte** range into the decoded text of the
//! [`crate::source::Source`] (UTF-8, BOM removed, line endings normalised to `\n`).
//! Diagnostics point at spans; reports turn them into lines and columns.
//!
//! Why one AST for every format: rules and the semantic diff must not care whether a policy
//! was written in Markdown or as plain text. Format-specific detail that no rule needs (HTML
//! attributes, Markdown emphasis) is dropped by the front ends rather than modelled here.
//! All types are plain data and `Serialize`, so `redline parse FILE --format json` can dump
//! the tree for other tools.

use chrono::NaiveDate;
use serde::Serialize;

use compact_str::CompactString;
use smallvec::SmallVec;

/// A half-open byte range `start..end` into the decoded source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    /// First byte (inclusive).
    pub start: usize,
    /// One past the last byte (exclusive).
    pub end: usize,
}

impl Span {
    /// Builds a span; `end` is clamped to be at least `start`.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// The input format a document was parsed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text (`.txt`), parsed by the nom front end described in `grammar/policy.ebnf`.
    Text,
    /// CommonMark (`.md`, `.markdown`), parsed with pulldown-cmark.
    Markdown,
    /// HTML (`.html`, `.htm`, `.xhtml`), parsed with html5ever; spans point into the HTML
    /// text itself.
    Html,
}

/// A parsed policy document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The format it was parsed from.
    pub format: Format,
    /// The document title (the first heading-like line or the lone top-level heading).
    pub title: Option<Text>,
    /// Dates, author and organisation names found in the document.
    pub metadata: Metadata,
    /// The table of contents, when the document has one.
    pub toc: Option<Toc>,
    /// Blocks before the first section heading (excluding title, metadata lines and TOC).
    pub preamble: Vec<Block>,
    /// Top-level sections; sub-sections are in [`Section::children`].
    pub sections: Vec<Section>,
    /// HTML comments (`<!-- ... -->`) in Markdown and HTML, in order: the text between the
    /// markers and the span of the whole comment. They carry suppression directives.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    /// The whole text.
    pub span: Span,
}

impl Document {
    /// Every section in document order (pre-order: a section, then its children).
    ///
    /// The list is allocated at its size, counted first: called by many rules on every
    /// document, it spent more in growing the list than in walking the tree.
    pub fn all_sections(&self) -> Vec<&Section> {
        fn walk<'a>(sections: &'a [Section], out: &mut Vec<&'a Section>) {
            for s in sections {
                out.push(s);
                walk(&s.children, out);
            }
        }
        let mut out = Vec::with_capacity(section_count(&self.sections));
        walk(&self.sections, &mut out);
        out
    }

    /// The document's own text: title, preamble and every section's title and blocks, one
    /// run per line. The table of contents is left out, so that a section it lists but the
    /// body lacks does not count as present.
    pub fn body_text(&self) -> String {
        let mut out = String::with_capacity(self.body_len());
        self.body_runs(|run| out.push_str(run));
        out
    }

    /// Length in bytes of [`Document::body_text`], for allocating it once at its size.
    fn body_len(&self) -> usize {
        let mut len = 0;
        self.body_runs(|run| len += run.len());
        len
    }

    /// [`Document::body_text`] in lower case (Unicode), built run by run without first
    /// building the mixed-case text: one text-sized allocation, not two. Runs end with a
    /// line break, which no case mapping looks across, so the result equals
    /// `body_text().to_lowercase()`.
    pub fn lower_body_text(&self) -> String {
        // Lower case has the same length as the text in most scripts; where it is longer
        // (`İ`) the string grows, and the slack is given back at the end.
        let mut out = String::with_capacity(self.body_len());
        self.body_runs(|run| push_lower(&mut out, run));
        out.shrink_to_fit();
        out
    }

    /// [`Document::lower_body_text`] in consecutive pieces, for a look-up that must not
    /// hold a copy of a large document: calls `f` with each piece in order, each at least
    /// `piece_bytes` long except the last, and each but the last ending with a line
    /// break (a run is never split), so that the pieces put together are
    /// `lower_body_text()`. Anything without a line break (a phrase, a word, an e-mail
    /// address) occurs in that text exactly when it occurs in one of the pieces. `f` is
    /// called at least once (with `""` for a document without text) and no more after
    /// it returns [`ControlFlow::Break`]. Memory: one piece, about `piece_bytes`.
    pub fn lower_body_pieces(
        &self,
        piece_bytes: usize,
        mut f: impl FnMut(&str) -> std::ops::ControlFlow<()>,
    ) {
        let mut piece = String::new();
        let (mut called, mut stopped) = (false, false);
        self.body_runs(|run| {
            if stopped {
                return;
            }
            push_lower(&mut piece, run);
            if piece.len() >= piece_bytes && piece.ends_with('\n') {
                called = true;
                stopped = f(&piece).is_break();
                piece.clear();
            }
        });
        if !stopped && (!called || !piece.is_empty()) {
            let _ = f(&piece);
        }
    }

    /// Calls `f` with each run of [`Document::body_text`] in order, line breaks included.
    fn body_runs(&self, mut f: impl FnMut(&str)) {
        if let Some(t) = &self.title {
            f(&t.text);
            f("\n");
        }
        for b in &self.preamble {
            for t in b.texts() {
                f(&t.text);
                f("\n");
            }
        }
        for s in self.all_sections() {
            f(&s.title);
            f("\n");
            for b in &s.blocks {
                for t in b.texts() {
                    f(&t.text);
                    f("\n");
                }
            }
        }
    }

    /// Every block of the document in order: preamble, then each section's blocks
    /// (pre-order). TOC and title are not blocks.
    ///
    /// Allocated at its size, counted first, and filled by walking the sections, without
    /// the list of [`Document::all_sections`].
    pub fn all_blocks(&self) -> Vec<&Block> {
        fn count(sections: &[Section]) -> usize {
            sections
                .iter()
                .map(|s| s.blocks.len() + count(&s.children))
                .sum()
        }
        fn walk<'a>(sections: &'a [Section], out: &mut Vec<&'a Block>) {
            for s in sections {
                out.extend(s.blocks.iter());
                walk(&s.children, out);
            }
        }
        let mut out = Vec::with_capacity(self.preamble.len() + count(&self.sections));
        out.extend(self.preamble.iter());
        walk(&self.sections, &mut out);
        out
    }
}

/// How many sections `sections` and their descendants hold.
fn section_count(sections: &[Section]) -> usize {
    sections
        .iter()
        .map(|s| 1 + section_count(&s.children))
        .sum()
}

/// Appends `run` in lower case (Unicode) to `out`, as [`Document::lower_body_text`] does
/// run by run.
fn push_lower(out: &mut String, run: &str) {
    if run.is_ascii() {
        let from = out.len();
        out.push_str(run);
        out[from..].make_ascii_lowercase();
        return;
    }
    if run.contains('\u{3a3}') {
        // `Σ` lower-cases by its context (final `ς`): the one case `str::to_lowercase`
        // does not map character by character.
        out.push_str(&run.to_lowercase());
        return;
    }
    // Otherwise `str::to_lowercase` is `char::to_lowercase` of each character: ASCII
    // stretches are copied and lower-cased in place, the other characters mapped one by
    // one (a run with a few curly quotes is not mapped character by character throughout).
    let mut rest = run;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let from = out.len();
        out.push_str(&rest[..ascii]);
        out[from..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            if is_own_lower_case(c) {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
            rest = chars.as_str();
        }
    }
}

/// Whether `c` lies in a block whose characters are all their own lower case, checked
/// first as the table look-up of `char::to_lowercase` is slow: Latin-1 lower-case letters,
/// Greek and Cyrillic lower-case letters, general punctuation (curly quotes, dashes),
/// CJK symbols, kana and ideographs, Hangul syllables. A unit test checks every one.
fn is_own_lower_case(c: char) -> bool {
    matches!(
        u32::from(c),
        0xDF..=0xFF
            | 0x3AC..=0x3CE
            | 0x430..=0x45F
            | 0x2000..=0x20FF
            | 0x3000..=0x9FFF
            | 0xAC00..=0xD7A3
    )
}

/// The lower case as `str::to_lowercase` gives it: the reference for [`push_lower`].
#[cfg(test)]
fn push_lower_reference(out: &mut String, run: &str) {
    out.push_str(&run.to_lowercase());
}

/// An HTML comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The text between `<!--` and `-->`, trimmed.
    pub text: String,
    /// The whole comment, markers included.
    pub span: Span,
}

/// Metadata gathered from the document: dated mentions with their role, author, organisations.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Metadata {
    /// Every date found in the document, in document order.
    pub dates: Vec<DateMention>,
    /// The author named in a byline such as `Author:StrongShop, 2022-02-10`.
    pub author: Option<Text>,
    /// The policy's version as its front matter gives it (`version: 4.2`), verbatim.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Text>,
    /// The YAML (`---`) or TOML (`+++`) front matter of a Markdown file, when it has one;
    /// its title, dates and version are in the fields above (see `parse::front_matter`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub front_matter: Option<FrontMatter>,
}

/// A front matter block at the top of a Markdown file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrontMatter {
    /// YAML or TOML.
    pub syntax: FrontMatterSyntax,
    /// The whole block, delimiter lines included (only the opening line when it is never
    /// closed).
    pub span: Span,
    /// What is wrong with it: not closed, not valid YAML/TOML, a date key whose value is
    /// not a date. Empty when it is fine. Reported by S007 `invalid-front-matter`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<FrontMatterProblem>,
}

/// The language of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FrontMatterSyntax {
    /// YAML between `---` lines.
    Yaml,
    /// TOML between `+++` lines.
    Toml,
}

/// One problem in a front matter block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrontMatterProblem {
    /// What is wrong, as a sentence fragment ("`updated: soon` is not a date ...").
    pub message: String,
    /// Where: the value, the offending line, or the block.
    pub span: Span,
}

/// A calendar date mentioned in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DateMention {
    /// The date (serialised as `YYYY-MM-DD`).
    pub date: NaiveDate,
    /// What the date says about the document.
    pub role: DateRole,
    /// The date as written, e.g. `February 10, 2022`.
    pub text: String,
    /// Span of the date text itself.
    pub span: Span,
    /// Span of the whole mention including its label (`Last updated: ...`).
    pub mention_span: Span,
}

/// What a date says about the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateRole {
    /// Labelled "Last updated", "Last modified", "Updated", "Revised" ...
    LastUpdated,
    /// Labelled "Effective date", "Effective", "Effective as of" ...
    Effective,
    /// A date next to the author or standing alone under the title: when it was written,
    /// not a declared effective date.
    Byline,
    /// Any other full date in the text.
    Other,
}

impl DateRole {
    /// True for dates that describe the policy's own version (everything but `Other`).
    pub fn is_policy_date(self) -> bool {
        !matches!(self, DateRole::Other)
    }
}

/// A section number as written (`4`, `4.2`, `IV`) with its numeric parts when it has them.
/// Both are held inline when short, as nearly all are: a 100 MB text file has 170,000
/// numbered sections, and glibc's allocator takes at least 32 bytes for any block, even a
/// one-byte string. Each field is 24 bytes, the size of the `String` or `Vec` it stands
/// for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionNumber {
    /// The number as written, without a trailing `.`/`)`: `4`, `3.2`, `IV`. Inline up to
    /// 24 bytes.
    pub text: CompactString,
    /// Numeric parts: `3.2` → `[3, 2]`, `IV` → `[4]`. Empty when not numeric. Inline up to
    /// four parts (smallvec's `union` layout keeps it at 24 bytes).
    pub parts: SmallVec<[u32; 4]>,
}

// Neither field is larger than the `String` or `Vec` it stands for, and an absent number
// costs nothing extra.
const _: () = assert!(size_of::<CompactString>() == 24);
const _: () = assert!(size_of::<SmallVec<[u32; 4]>>() == 24);
const _: () = assert!(size_of::<Option<SectionNumber>>() == 48);

/// What a section discloses. A section may cover several kinds.
///
/// The kinds follow the cross-law table of `disclosure-requirements.md` (§ "cross-law");
/// the first classifier (title synonyms, then body phrases) is in `analyze::kinds`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Who the controller is ("Who we are").
    ControllerIdentity,
    /// How to contact the controller about privacy.
    Contact,
    /// The data protection officer.
    Dpo,
    /// Categories of personal data collected.
    DataCollected,
    /// Where data comes from.
    Sources,
    /// Purposes of processing ("How we use your information").
    Purposes,
    /// Legal bases for processing.
    LegalBases,
    /// Recipients and sharing.
    Sharing,
    /// Sale/share opt-out (CCPA).
    SaleOptOut,
    /// International transfers.
    InternationalTransfers,
    /// Retention periods.
    Retention,
    /// Security measures.
    Security,
    /// Data subject rights.
    Rights,
    /// How to exercise rights.
    ExercisingRights,
    /// Complaints to a supervisory authority.
    Complaints,
    /// Cookies and similar tracking technologies.
    Cookies,
    /// Do Not Track signals.
    DoNotTrack,
    /// Children's data.
    Children,
    /// Automated decisions and profiling.
    AutomatedDecisions,
    /// Changes to the policy.
    PolicyChanges,
    /// The effective date section.
    EffectiveDate,
}

/// A section: a heading and everything up to the next heading of the same or higher level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The section number, when the heading has one.
    pub number: Option<SectionNumber>,
    /// The heading title, without its number and label (`Section 4:`).
    pub title: String,
    /// Span of the title text.
    pub title_span: Span,
    /// Span of the whole heading line (number included).
    pub heading_span: Span,
    /// Heading level, 1 = top level.
    pub level: u8,
    /// In-page anchors that lead to this heading: the GitHub-style slug of the heading text
    /// and any explicit anchor written in the heading (`[](#id)`, `{#id}`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub anchors: Vec<String>,
    /// Kinds assigned by the classifier.
    pub kinds: Vec<SectionKind>,
    /// Content blocks before the first child section.
    pub blocks: Vec<Block>,
    /// Sub-sections.
    pub children: Vec<Section>,
    /// Heading through the end of the section's last block or child.
    pub span: Span,
}

impl Section {
    /// Sets [`Section::span`] from the heading to the end of the last block or child; the
    /// front ends call it when a section is complete.
    pub fn close_span(&mut self) {
        let end = self
            .children
            .last()
            .map(|c| c.span.end)
            .into_iter()
            .chain(self.blocks.last().map(|b| b.span().end))
            .max()
            .unwrap_or(self.heading_span.end);
        self.span = Span::new(self.heading_span.start, end.max(self.heading_span.end));
    }
}

/// A content block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// A paragraph of running text.
    Paragraph(Text),
    /// A list; each item is a run of text.
    List {
        /// The items in order.
        items: Vec<Text>,
        /// The whole list.
        span: Span,
    },
    /// A table; rows of cells, the header row first when there is one.
    Table {
        /// Rows of cells.
        rows: Vec<Vec<Text>>,
        /// The whole table.
        span: Span,
    },
    /// A block quote.
    Quote {
        /// The quoted blocks.
        blocks: Vec<Block>,
        /// The whole quote.
        span: Span,
    },
}

impl Block {
    /// The block's span.
    pub fn span(&self) -> Span {
        match self {
            Block::Paragraph(t) => t.span,
            Block::List { span, .. } | Block::Table { span, .. } | Block::Quote { span, .. } => {
                *span
            }
        }
    }

    /// Every run of text in the block, in order. A paragraph's one text is held inline (no
    /// allocation): the analyses ask every block for its texts, paragraphs most of all.
    /// The list of any other block is allocated at its size, counted first: collecting a
    /// table's rows or a quote's blocks grew it step by step (c400: 3.9 M instructions of
    /// reallocation).
    pub fn texts(&self) -> SmallVec<[&Text; 1]> {
        match self {
            Block::Paragraph(t) => smallvec::smallvec![t],
            Block::List { items, .. } => items.iter().collect(),
            _ => {
                let mut out = SmallVec::with_capacity(self.text_count());
                self.push_texts(&mut out);
                out
            }
        }
    }

    /// How many runs of text [`Block::texts`] lists.
    fn text_count(&self) -> usize {
        match self {
            Block::Paragraph(_) => 1,
            Block::List { items, .. } => items.len(),
            Block::Table { rows, .. } => rows.iter().map(Vec::len).sum(),
            Block::Quote { blocks, .. } => blocks.iter().map(Block::text_count).sum(),
        }
    }

    /// Appends [`Block::texts`] to `out`.
    fn push_texts<'a>(&'a self, out: &mut SmallVec<[&'a Text; 1]>) {
        match self {
            Block::Paragraph(t) => out.push(t),
            Block::List { items, .. } => out.extend(items.iter()),
            Block::Table { rows, .. } => out.extend(rows.iter().flatten()),
            Block::Quote { blocks, .. } => {
                for b in blocks {
                    b.push_texts(out);
                }
            }
        }
    }
}

/// A run of inline text with its links.
///
/// `text` is the visible text with markup removed and line breaks folded to spaces.
/// Because of that folding, offsets inside `text` do not map 1:1 to the source; use
/// [`Text::source_segments`] (or [`Text::source_span`]) to map back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// Visible text.
    pub text: String,
    /// Links inside the text (Markdown `[text](target)`, autolinks, bare URLs in text files).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Where the text comes from.
    pub span: Span,
    /// Mapping from byte offsets in `text` to source offsets, read with
    /// [`Text::source_segments`].
    #[serde(skip)]
    pub segments: Segments,
}

impl Text {
    /// A text copied verbatim from `source[span]`.
    pub fn verbatim(text: &str, span: Span) -> Self {
        Text {
            text: text.to_string(),
            links: Vec::new(),
            span,
            segments: Segments::whole(),
        }
    }

    /// The pieces of `text` copied verbatim from the source, in order:
    /// `(text_offset, source_span)`, byte offsets. A text made with [`Segments::whole`] is
    /// one piece, `(0, span)`.
    pub fn source_segments(&self) -> SegmentIter<'_> {
        match &self.segments.0 {
            None => SegmentIter {
                whole: Some((0, self.span)),
                list: [].iter(),
            },
            Some(list) => SegmentIter {
                whole: None,
                list: list.iter(),
            },
        }
    }

    /// Maps a byte range of `self.text` back to a source span: from the source position of
    /// its first byte to that of its last, when both lie in verbatim segments (a range may
    /// cross segment boundaries, as `dpo [at] acme [dot] com` does in Markdown, where the
    /// brackets are separate text events); otherwise returns the whole text's span.
    ///
    /// Segments are in text order and do not overlap, so each end is found by binary
    /// search: `O(log n)` in the number of segments (a Markdown paragraph of 12,000
    /// bracketed placeholders has 36,000).
    pub fn source_span(&self, start: usize, end: usize) -> Span {
        let found = match &self.segments.0 {
            None => self.source_span_linear(start, end),
            Some(list) => source_span_sorted(list, start, end).unwrap_or(self.span),
        };
        debug_assert_eq!(found, self.source_span_linear(start, end));
        found
    }

    /// [`Text::source_span`] by scanning every segment; kept to check the binary search
    /// in debug builds.
    fn source_span_linear(&self, start: usize, end: usize) -> Span {
        for (off, seg) in self.source_segments().rev() {
            if start >= off && end <= off + seg.len() {
                return Span::new(seg.start + start - off, seg.start + end - off);
            }
        }
        let first = self
            .source_segments()
            .rev()
            .find(|(off, seg)| start >= *off && start < off + seg.len());
        let last = self
            .source_segments()
            .find(|(off, seg)| end > *off && end <= off + seg.len());
        match (first, last) {
            (Some((o1, s1)), Some((o2, s2))) if s1.start + start - o1 <= s2.start + end - o2 => {
                Span::new(s1.start + start - o1, s2.start + end - o2)
            }
            _ => self.span,
        }
    }
}

/// [`Text::source_span`] over a list of segments sorted by text offset and not
/// overlapping: the last segment starting at or before `start` holds the whole range, or
/// else the range runs from the segment holding byte `start` to the one holding byte
/// `end - 1`. `None` when neither applies.
fn source_span_sorted(list: &[(usize, Span)], start: usize, end: usize) -> Option<Span> {
    let upto = |x: usize| list.partition_point(|(off, _)| *off <= x);
    let at = upto(start).checked_sub(1).map(|i| list[i]);
    if let Some((off, seg)) = at
        && end <= off + seg.len()
    {
        return Some(Span::new(seg.start + start - off, seg.start + end - off));
    }
    let (o1, s1) = at.filter(|(off, seg)| start < off + seg.len())?;
    let before_end = list.partition_point(|(off, _)| *off < end);
    let (o2, s2) = list[..before_end]
        .last()
        .copied()
        .filter(|(off, seg)| end > *off && end <= off + seg.len())?;
    (s1.start + start - o1 <= s2.start + end - o2)
        .then(|| Span::new(s1.start + start - o1, s2.start + end - o2))
}

/// Where the pieces of a [`Text`] come from in the source: `(text_offset, source_span)`,
/// byte offsets, for each piece of the text copied verbatim from the source, in order
/// (read with [`Text::source_segments`]). Made from a list of pieces (`From<Vec<_>>`; the
/// default is no piece), or with [`Segments::whole`] for a text that is exactly the
/// source text of its span, the common case, which then needs no allocation of its own
/// (a 100 MB text file has 340,000 paragraphs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segments(Option<Vec<(usize, Span)>>);

impl Segments {
    /// One piece, the whole text: it is the source text of its [`Text::span`], unchanged.
    pub fn whole() -> Self {
        Segments(None)
    }
}

impl Default for Segments {
    /// No piece: no part of the text is verbatim source text.
    fn default() -> Self {
        Segments(Some(Vec::new()))
    }
}

impl From<Vec<(usize, Span)>> for Segments {
    fn from(list: Vec<(usize, Span)>) -> Self {
        Segments(Some(list))
    }
}

/// The iterator of [`Text::source_segments`]: `(text_offset, source_span)` pairs.
#[derive(Debug, Clone)]
pub struct SegmentIter<'a> {
    /// The one piece of a whole text, until taken.
    whole: Option<(usize, Span)>,
    /// The pieces of a list.
    list: std::slice::Iter<'a, (usize, Span)>,
}

impl Iterator for SegmentIter<'_> {
    type Item = (usize, Span);

    fn next(&mut self) -> Option<(usize, Span)> {
        self.whole.take().or_else(|| self.list.next().copied())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = usize::from(self.whole.is_some()) + self.list.len();
        (n, Some(n))
    }
}

impl DoubleEndedIterator for SegmentIter<'_> {
    fn next_back(&mut self) -> Option<(usize, Span)> {
        self.list.next_back().copied().or_else(|| self.whole.take())
    }
}

impl ExactSizeIterator for SegmentIter<'_> {}

/// A hyperlink.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The link text.
    pub text: String,
    /// The destination as written (`mailto:`, `https://`, `#anchor`, relative path).
    pub target: String,
    /// Where the link is.
    pub span: Span,
}

/// The table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Toc {
    /// Entries in order.
    pub entries: Vec<TocEntry>,
    /// From the introducing line (if any) to the last entry.
    pub span: Span,
}

/// One line of a table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// The entry's number, when it has one.
    pub number: Option<SectionNumber>,
    /// The entry's title as written.
    pub title: String,
    /// The title text.
    pub title_span: Span,
    /// The whole entry line.
    pub span: Span,
    /// The in-page anchor the entry links to (`#data-retention` → `data-retention`), when
    /// it is a link.
    pub anchor: Option<String>,
    /// What the entry resolves to, or `None` when the document has no such section.
    pub target: Option<TocTarget>,
}

/// What a table-of-contents entry points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "type")]
pub enum TocTarget {
    /// The document title (some TOCs list the page's own heading first).
    Title,
    /// A body section, by index in pre-order (as in [`Document::all_sections`]).
    Section {
        /// The index.
        index: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`push_lower`] appends what `str::to_lowercase` gives: on tricky runs (final sigma,
    /// `İ`, the Kelvin sign, ASCII between other characters) and every line of the fixtures.
    /// Every character [`is_own_lower_case`] takes is its own lower case.
    #[test]
    fn own_lower_case_characters() {
        let mut n = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_own_lower_case(c) {
                assert!(c.to_lowercase().eq([c]), "{c:?}");
                n += 1;
            }
        }
        assert!(n > 30_000);
    }

    #[test]
    fn push_lower_as_to_lowercase() {
        let check = |run: &str| {
            let (mut fast, mut slow) = ("Ab".to_string(), "Ab".to_string());
            push_lower(&mut fast, run);
            push_lower_reference(&mut slow, run);
            assert_eq!(fast, slow, "{run:?}");
        };
        for run in [
            "",
            "ABC",
            "“Quoted” TEXT — Ünïcödé",
            "ΟΔΟΣ ΟΔΟΣ. Σ",
            "\u{130}STANBUL \u{212a}ELVIN ẞ ǅ",
            "ÄB",
            "xÄ",
            "Привет МИР 你好 “x” Ωmega ΆΈ ÀÿŸ 한국어 \u{2126}",
        ] {
            check(run);
        }
        for (_, text) in crate::testing::fixture_texts() {
            for line in text.lines() {
                check(line);
            }
        }
    }

    /// Ranges inside one segment, across segments, over a gap between segments and
    /// outside every segment map as the scan of every segment does.
    #[test]
    fn source_span_by_binary_search() {
        // Text "ab[at]cd": "ab" from 100, "[at]" not verbatim, "cd" from 200, and an empty
        // piece at 8.
        let t = Text {
            text: "ab[at]cd".into(),
            links: Vec::new(),
            span: Span::new(100, 202),
            segments: vec![
                (0, Span::new(100, 102)),
                (6, Span::new(200, 202)),
                (8, Span::new(202, 202)),
            ]
            .into(),
        };
        assert_eq!(t.source_span(0, 2), Span::new(100, 102));
        assert_eq!(t.source_span(1, 1), Span::new(101, 101));
        assert_eq!(t.source_span(6, 8), Span::new(200, 202));
        assert_eq!(t.source_span(8, 8), Span::new(202, 202));
        assert_eq!(t.source_span(1, 7), Span::new(101, 201));
        // From or to the "[at]" that no segment covers: the whole text.
        assert_eq!(t.source_span(3, 5), t.span);
        assert_eq!(t.source_span(0, 4), t.span);
        for a in 0..=8 {
            for b in a..=8 {
                assert_eq!(t.source_span(a, b), t.source_span_linear(a, b), "{a}..{b}");
            }
        }
    }

    /// A whole text maps back as the list of its one piece would, costs no more than a
    /// list, and its segments iterate both ways.
    #[test]
    fn whole_segments_are_one_piece() {
        let span = Span::new(10, 22);
        let whole = Text::verbatim("Hello, world", span);
        let listed = Text {
            segments: vec![(0, span)].into(),
            ..whole.clone()
        };
        assert_eq!(whole.source_segments().collect::<Vec<_>>(), [(0, span)]);
        assert_eq!(
            whole.source_segments().rev().collect::<Vec<_>>(),
            [(0, span)]
        );
        assert_eq!(whole.source_segments().len(), 1);
        for (a, b) in [(0, 5), (7, 12), (3, 3), (0, 12), (5, 13), (12, 12)] {
            assert_eq!(
                whole.source_span(a, b),
                listed.source_span(a, b),
                "{a}..{b}"
            );
        }
        let none = Text {
            segments: Segments::default(),
            ..whole.clone()
        };
        assert_eq!(none.source_segments().count(), 0);
        assert_eq!(none.source_span(0, 5), span);
        let two = Text {
            segments: vec![(0, Span::new(10, 15)), (6, Span::new(30, 36))].into(),
            ..whole
        };
        let back: Vec<_> = two.source_segments().rev().collect();
        assert_eq!(back, [(6, Span::new(30, 36)), (0, Span::new(10, 15))]);
        assert_eq!(two.source_span(7, 12), Span::new(31, 36));
        assert_eq!(
            std::mem::size_of::<Segments>(),
            std::mem::size_of::<Vec<(usize, Span)>>()
        );
    }

    /// The pieces of the lower-case text put together are the text, each but the last at
    /// least the size asked for and ending with a line break; `f` is called at least once
    /// and no more after it stops them.
    #[test]
    fn lower_body_pieces_make_up_the_lower_body_text() {
        let source = crate::source::Source::from_text(
            "p.md",
            "# Title \u{130}STANBUL\n\nIntro ÄÖÜ.\n\n## One\n\nSome TEXT.\n\n- A\n- B\n\n\
             ## Two\n\n| X | Y |\n|---|---|\n| Z | W |\n\n> Quoted\n",
            Format::Markdown,
        );
        let doc = crate::parse::parse(&source);
        let whole = doc.lower_body_text();
        assert!(
            whole.len() > 50 && whole.contains("i\u{307}stanbul"),
            "{whole:?}"
        );
        for size in [0, 1, 5, 17, 40, whole.len(), whole.len() + 1] {
            let mut pieces: Vec<String> = Vec::new();
            doc.lower_body_pieces(size, |p| {
                pieces.push(p.to_string());
                std::ops::ControlFlow::Continue(())
            });
            assert_eq!(pieces.concat(), whole, "size {size}");
            let (last, rest) = pieces.split_last().unwrap();
            for p in rest {
                assert!(p.len() >= size && p.ends_with('\n'), "size {size}: {p:?}");
            }
            assert!(!last.is_empty());
            let mut calls = 0;
            doc.lower_body_pieces(size, |_| {
                calls += 1;
                std::ops::ControlFlow::Break(())
            });
            assert_eq!(calls, 1);
        }
        let empty = Document {
            format: Format::Text,
            title: None,
            metadata: Metadata::default(),
            toc: None,
            preamble: Vec::new(),
            sections: Vec::new(),
            comments: Vec::new(),
            span: Span::default(),
        };
        let mut pieces = Vec::new();
        empty.lower_body_pieces(10, |p| {
            pieces.push(p.to_string());
            std::ops::ControlFlow::Continue(())
        });
        assert_eq!(pieces, [""]);
    }

    /// `all_sections`, `all_blocks` and `Block::texts`, allocated at their size, list what
    /// their first forms (growing lists; blocks taken from the list of sections) listed, in
    /// the same order, on every fixture document (read as its extension says) and an empty one.
    #[test]
    fn sections_blocks_and_texts_as_their_first_forms() {
        fn sections_reference(doc: &Document) -> Vec<&Section> {
            fn walk<'a>(sections: &'a [Section], out: &mut Vec<&'a Section>) {
                for s in sections {
                    out.push(s);
                    walk(&s.children, out);
                }
            }
            let mut out = Vec::new();
            walk(&doc.sections, &mut out);
            out
        }
        fn blocks_reference(doc: &Document) -> Vec<&Block> {
            let mut out: Vec<&Block> = doc.preamble.iter().collect();
            for s in sections_reference(doc) {
                out.extend(s.blocks.iter());
            }
            out
        }
        let check = |doc: &Document| {
            let (sections, blocks) = (doc.all_sections(), doc.all_blocks());
            let (want_sections, want_blocks) = (sections_reference(doc), blocks_reference(doc));
            assert_eq!(sections.len(), want_sections.len());
            assert!(
                sections
                    .iter()
                    .zip(&want_sections)
                    .all(|(a, b)| std::ptr::eq(*a, *b))
            );
            assert_eq!(blocks.len(), want_blocks.len());
            assert!(
                blocks
                    .iter()
                    .zip(&want_blocks)
                    .all(|(a, b)| std::ptr::eq(*a, *b))
            );
            assert_eq!(sections.capacity(), sections.len());
            assert_eq!(blocks.capacity(), blocks.len());
        };
        fn texts_reference(b: &Block) -> Vec<&Text> {
            match b {
                Block::Paragraph(t) => vec![t],
                Block::List { items, .. } => items.iter().collect(),
                Block::Table { rows, .. } => rows.iter().flatten().collect(),
                Block::Quote { blocks, .. } => blocks.iter().flat_map(texts_reference).collect(),
            }
        }
        let check_texts = |doc: &Document| {
            for b in doc.all_blocks() {
                let (texts, want) = (b.texts(), texts_reference(b));
                assert_eq!(texts.len(), want.len());
                assert!(texts.iter().zip(&want).all(|(a, b)| std::ptr::eq(*a, *b)));
            }
        };
        let nested_quotes = crate::parse::parse(&crate::source::Source::from_text(
            "q.md",
            "> a\n>\n> > b\n> >\n> > - c\n> > - d\n>\n> | x | y |\n> |---|---|\n> | z | w |\n",
            Format::Markdown,
        ));
        check_texts(&nested_quotes);
        let mut nested = 0;
        for (path, text) in crate::testing::fixture_texts() {
            let format = match path.extension().and_then(|e| e.to_str()) {
                Some("md") => Format::Markdown,
                Some("html") => Format::Html,
                _ => Format::Text,
            };
            let doc = crate::parse::parse(&crate::source::Source::from_text(path, &text, format));
            check(&doc);
            check_texts(&doc);
            nested += doc
                .sections
                .iter()
                .filter(|s| !s.children.is_empty())
                .count();
        }
        assert!(nested > 40, "only {nested} sections with children");
        check(&crate::parse::parse(&crate::source::Source::from_text(
            "e.md",
            "",
            Format::Markdown,
        )));
    }
}
