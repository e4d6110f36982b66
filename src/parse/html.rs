//! The HTML front end: an html5ever DOM (built by `scraper`) → [`Document`].
//!
//! Policies are published as web pages, so this front end reads what a person reading the
//! page sees and drops the rest:
//!
//! - **Main content.** The first `<main>`, else the `<article>` with the most text, else the
//!   first `[role=main]` element, else `<body>`. Inside it, `script`, `style`, `noscript`,
//!   `template`, form controls, `svg`/`math`, media, elements that are `hidden`,
//!   `aria-hidden="true"`, `display:none`/`visibility:hidden` or screen-reader-only
//!   (`sr-only`, `visually-hidden`), closed `<dialog>`s, site chrome (`nav`, `header`,
//!   `footer` and their ARIA roles when not inside `main`/`article`; a `nav` whose links are
//!   mostly in-page `#anchors` is a table of contents and stays) and cookie banners (an `id`
//!   or class naming a cookie/consent banner, bar, notice, popup ... or a consent-manager
//!   vendor) are dropped. A banner-named element that reads like a section of the policy (a
//!   heading, more than [`BANNER_MAX_WORDS`] words, no button) is kept, so a "Cookie
//!   notice" section of the policy survives.
//! - **Structure.** `h1`–`h6` (and `role=heading` with `aria-level`) become sections,
//!   `p`, `div` text, `ul`/`ol`/`dl`, `table` and `blockquote` become blocks, exactly as the
//!   Markdown front end builds them: both feed the same item stream to
//!   `markdown::build`, which decides the title, section nesting, bold
//!   pseudo-headings and the table of contents. A paragraph that is nothing but bold text
//!   (`<strong>`, `<b>`, `font-weight: bold`) is a pseudo-heading; `<br><br>` ends a
//!   paragraph; a single `<br>` is a line break, folded to a space. Tables whose cells hold
//!   headings are layout tables: their cells are read as ordinary content. `id`s (and
//!   `<a name>`) on, inside or just before a heading are its anchors, so a TOC of
//!   `<a href="#id">` links resolves. The page `<title>` is the title when no heading is.
//! - **Spans.** html5ever reports no source offsets, so every text node and comment is
//!   aligned against the raw HTML in document order with a forward-moving cursor that skips
//!   markup and decodes character references while matching (see `Aligner` below). Text copied
//!   verbatim gets [`Text::segments`], so a finding points at the real line of the HTML
//!   file. When a node cannot be aligned (the parser moved it, as it does with text inside
//!   tables), its span is an empty span at the last aligned position, never out of range.
//! - **Comments** (`<!-- redline-disable-next-line S001 -->`) are recorded in
//!   [`Document::comments`] with their spans, for suppressions.
//!
//! Why a DOM and not a streaming tokenizer: the tree builder's repairs (unclosed `<p>`,
//! misnested tags, implied `<tbody>`) decide what the reader sees, and only the full HTML
//! parsing algorithm reproduces them. Why `scraper`: its tree is an arena (`ego_tree`), so
//! dropping a 10,000-deep tree is not recursive, and it exposes the plain node data this
//! module needs. Every walk here is iterative.
//!
//! Hostile input: html5ever's scope checks walk the stack of open elements, so nesting
//! tens of thousands of `<div>`s deep is quadratic. Before parsing, start tags nested more
//! than [`MAX_NESTING`] deep (and their end tags) are blanked out with spaces of the same
//! length, which keeps every byte offset valid and the text unchanged.

use std::borrow::Cow;
use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use html5ever::data::{C1_REPLACEMENTS, NAMED_ENTITIES};
use scraper::Node;
use scraper::node::Element;

use crate::ast::{Block, Comment, Document, Format, Link, Span, Text};
use crate::parse::markdown::{self, Item, MAX_BOLD_HEADING_WORDS, MAX_QUOTE_DEPTH};

/// Deepest element nesting handed to html5ever; deeper start tags of ordinary elements
/// (and their end tags) are blanked. Real pages nest 10 to 40 deep (the corpus pages at
/// most 8); html5ever's per-tag cost grows with the depth, so the limit keeps parsing linear.
pub const MAX_NESTING: usize = 128;

/// A banner-named element with fewer words than this is a cookie banner even when it has a
/// heading; with more, and a heading and no button, it is a section of the policy.
pub const BANNER_MAX_WORDS: usize = 40;

/// Parses an HTML policy (the decoded HTML text). Never fails and never panics; a page with
/// no visible text gives a document with no title, no blocks and no sections.
pub fn parse(text: &str) -> Document {
    let body_start = front_matter_end(text);
    let work = flatten_nesting(text, body_start);
    let html = scraper::Html::parse_document(&work[body_start..]);
    let root = html.tree.root();
    let alignment = Aligner::new(&work, body_start).align(root);
    let stats = Stats::collect(root);
    let (content, in_main) = content_root(root, &stats);

    let mut walker = Walker::new(&alignment, &stats, body_start, in_main);
    walker.walk(content);
    let items = walker.finish();
    let mut doc = markdown::build(text, items, alignment.comments.clone(), Format::Html);
    if doc.title.is_none() {
        doc.title = page_title(root, &alignment, body_start);
    }
    doc
}

/// End of a YAML front matter block (`---` … `---` at the very top, as Jekyll and Hugo
/// HTML sources have), or 0. Its text is not page content; `markdown::build` reads its
/// `title:`.
fn front_matter_end(text: &str) -> usize {
    let Some(body) = text.strip_prefix("---\n") else {
        return 0;
    };
    match body.find("\n---") {
        Some(k) => {
            let after = 4 + k + 4;
            match text.as_bytes().get(after) {
                None => after,
                Some(b'\n') => after + 1,
                Some(_) => 0,
            }
        }
        None => 0,
    }
}

// ---------------------------------------------------------------------------------------
// A small HTML lexer over the raw text: where markup starts and ends. It follows the
// tokenizer states of the HTML standard closely enough to skip tags, comments and doctypes
// the way html5ever does.
// ---------------------------------------------------------------------------------------

/// HTML whitespace (the standard's ASCII whitespace).
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

fn is_ws_char(c: char) -> bool {
    c.is_ascii() && is_ws(c as u8)
}

/// What a `<` starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkupKind {
    /// `<name ...>`.
    Start,
    /// `</name ...>`.
    End,
    /// `<!-- ... -->`.
    Comment,
    /// `<!...>`, `<?...>`, `</ ...>`: a comment node to html5ever, but not an HTML comment.
    Bogus,
    /// `<!DOCTYPE ...>`.
    Doctype,
    /// `</>`: dropped by the tokenizer.
    Nothing,
}

/// One piece of markup in the raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Markup {
    kind: MarkupKind,
    /// The tag name (start and end tags) or the comment data (comments), as a byte range.
    inner: (usize, usize),
    /// One past the last byte of the markup.
    end: usize,
}

/// The markup starting at `p`, or `None` when the `<` there is text.
fn markup_at(s: &[u8], p: usize) -> Option<Markup> {
    if s.get(p) != Some(&b'<') {
        return None;
    }
    let n = s.len();
    let to_gt = |from: usize| -> (usize, usize) {
        match s[from.min(n)..].iter().position(|&b| b == b'>') {
            Some(k) => (from + k, from + k + 1),
            None => (n, n),
        }
    };
    match s.get(p + 1)? {
        b'!' => {
            if s[p + 2..].starts_with(b"--") {
                let ds = p + 4;
                if s.get(ds) == Some(&b'>') {
                    return Some(Markup {
                        kind: MarkupKind::Comment,
                        inner: (ds, ds),
                        end: ds + 1,
                    });
                }
                if s[ds.min(n)..].starts_with(b"->") {
                    return Some(Markup {
                        kind: MarkupKind::Comment,
                        inner: (ds, ds),
                        end: ds + 2,
                    });
                }
                let mut i = ds;
                while i + 1 < n {
                    match s[i..].windows(2).position(|w| w == b"--") {
                        None => break,
                        Some(k) => {
                            let j = i + k;
                            if s.get(j + 2) == Some(&b'>') {
                                return Some(Markup {
                                    kind: MarkupKind::Comment,
                                    inner: (ds, j),
                                    end: j + 3,
                                });
                            }
                            if s[(j + 2).min(n)..].starts_with(b"!>") {
                                return Some(Markup {
                                    kind: MarkupKind::Comment,
                                    inner: (ds, j),
                                    end: j + 4,
                                });
                            }
                            i = j + 1;
                        }
                    }
                }
                // Unclosed: the comment runs to the end of the text.
                return Some(Markup {
                    kind: MarkupKind::Comment,
                    inner: (ds.min(n), n),
                    end: n,
                });
            }
            let (gt, end) = to_gt(p + 2);
            let is_doctype = s.len() >= p + 9 && s[p + 2..p + 9].eq_ignore_ascii_case(b"doctype");
            Some(Markup {
                kind: if is_doctype {
                    MarkupKind::Doctype
                } else {
                    MarkupKind::Bogus
                },
                inner: (p + 2, gt),
                end,
            })
        }
        b'?' => {
            let (gt, end) = to_gt(p + 1);
            Some(Markup {
                kind: MarkupKind::Bogus,
                inner: (p + 1, gt),
                end,
            })
        }
        b'/' => match s.get(p + 2) {
            Some(b) if b.is_ascii_alphabetic() => {
                let name_end = tag_name_end(s, p + 2);
                Some(Markup {
                    kind: MarkupKind::End,
                    inner: (p + 2, name_end),
                    end: tag_end(s, name_end),
                })
            }
            Some(b'>') => Some(Markup {
                kind: MarkupKind::Nothing,
                inner: (p + 2, p + 2),
                end: p + 3,
            }),
            Some(_) => {
                let (gt, end) = to_gt(p + 2);
                Some(Markup {
                    kind: MarkupKind::Bogus,
                    inner: (p + 2, gt),
                    end,
                })
            }
            None => None,
        },
        b if b.is_ascii_alphabetic() => {
            let name_end = tag_name_end(s, p + 1);
            Some(Markup {
                kind: MarkupKind::Start,
                inner: (p + 1, name_end),
                end: tag_end(s, name_end),
            })
        }
        _ => None,
    }
}

fn tag_name_end(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && !is_ws(s[i]) && s[i] != b'/' && s[i] != b'>' {
        i += 1;
    }
    i
}

/// One past the `>` that ends a tag whose name ends at `i`, skipping quoted attribute
/// values; the end of the text when the tag is never closed (the tokenizer drops it).
fn tag_end(s: &[u8], mut i: usize) -> usize {
    let n = s.len();
    loop {
        while i < n && (is_ws(s[i]) || s[i] == b'/') {
            i += 1;
        }
        if i >= n {
            return n;
        }
        if s[i] == b'>' {
            return i + 1;
        }
        // Attribute name (its first character may be `=`).
        i += 1;
        while i < n && !is_ws(s[i]) && !matches!(s[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        while i < n && is_ws(s[i]) {
            i += 1;
        }
        if i < n && s[i] == b'=' {
            i += 1;
            while i < n && is_ws(s[i]) {
                i += 1;
            }
            if i < n && (s[i] == b'"' || s[i] == b'\'') {
                let q = s[i];
                match s[i + 1..].iter().position(|&b| b == q) {
                    Some(k) => i = i + 1 + k + 1,
                    None => return n,
                }
            } else {
                while i < n && !is_ws(s[i]) && s[i] != b'>' {
                    i += 1;
                }
            }
        }
    }
}

/// Elements whose content the tokenizer reads as raw text or RCDATA: no tags inside.
const RAW_TEXT: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "textarea", "title",
];

/// One past the end tag `</name` that closes a raw-text element whose content starts at
/// `from` (the end of the text when there is none).
fn raw_text_end(s: &[u8], from: usize, name: &[u8]) -> usize {
    let n = s.len();
    let mut i = from;
    while i < n {
        match s[i..].windows(2).position(|w| w == b"</") {
            None => return n,
            Some(k) => {
                let j = i + k;
                let ns = j + 2;
                let ne = ns + name.len();
                if ne <= n
                    && s[ns..ne].eq_ignore_ascii_case(name)
                    && (ne == n || is_ws(s[ne]) || s[ne] == b'/' || s[ne] == b'>')
                {
                    return tag_end(s, ne);
                }
                i = j + 1;
            }
        }
    }
    n
}

// ---------------------------------------------------------------------------------------
// The nesting guard.
// ---------------------------------------------------------------------------------------

/// Elements never blanked by the nesting guard: blanking them would change how the
/// tokenizer or tree builder reads what follows (raw text, table parts, forms, foreign
/// content). A `<table>` itself may be blanked: its rows then join the enclosing table.
const NEVER_BLANK: &[&str] = &[
    "script",
    "style",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "textarea",
    "title",
    "plaintext",
    "template",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "select",
    "option",
    "optgroup",
    "form",
    "html",
    "head",
    "body",
    "frameset",
    "frame",
    "svg",
    "math",
];

/// Elements the guard does not count: void elements and those closed implicitly by a
/// sibling (`<p>`, `<li>` ...), which do not nest by themselves.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "basefont", "bgsound", "frame", "image", "p", "li", "dt", "dd",
    "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "rb",
    "rt", "rtc", "rp", "html", "head", "body",
];

/// How far down the guard's stack an end tag looks for its start tag (bounded so that stray
/// end tags cost O(1)).
const END_TAG_WINDOW: usize = 32;

/// Blanks (replaces with spaces, keeping the length) the start tags nested deeper than
/// [`MAX_NESTING`] and their end tags. The nesting is estimated with a stack of open
/// elements in which an end tag closes the nearest matching start tag within
/// [`END_TAG_WINDOW`] entries. Returns the text unchanged (borrowed) in the common case.
fn flatten_nesting(text: &str, from: usize) -> Cow<'_, str> {
    let s = text.as_bytes();
    let n = s.len();
    let mut stack: Vec<&[u8]> = Vec::new();
    let mut blanked: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut blanks: Vec<(usize, usize)> = Vec::new();
    let mut i = from;
    while i < n {
        let Some(k) = s[i..].iter().position(|&b| b == b'<') else {
            break;
        };
        let p = i + k;
        let Some(m) = markup_at(s, p) else {
            i = p + 1;
            continue;
        };
        i = m.end.max(p + 1);
        let name = &s[m.inner.0..m.inner.1];
        let lower = name.to_ascii_lowercase();
        let lname = std::str::from_utf8(&lower).unwrap_or("");
        match m.kind {
            MarkupKind::Start => {
                if lname == "plaintext" {
                    break;
                }
                if RAW_TEXT.contains(&lname) {
                    i = raw_text_end(s, m.end, &lower);
                    continue;
                }
                if NOT_NESTING.contains(&lname) {
                    continue;
                }
                if stack.len() >= MAX_NESTING && !NEVER_BLANK.contains(&lname) {
                    blanks.push((p, m.end));
                    *blanked.entry(lower).or_default() += 1;
                } else {
                    stack.push(name);
                }
            }
            MarkupKind::End => {
                if let Some(c) = blanked.get_mut(&lower)
                    && *c > 0
                {
                    *c -= 1;
                    blanks.push((p, m.end));
                    continue;
                }
                let window = stack.len().saturating_sub(END_TAG_WINDOW);
                if let Some(pos) = stack[window..]
                    .iter()
                    .rposition(|t| t.eq_ignore_ascii_case(name))
                {
                    stack.truncate(window + pos);
                }
            }
            _ => {}
        }
    }
    if blanks.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut bytes = s.to_vec();
    for (a, b) in blanks {
        bytes[a..b].fill(b' ');
    }
    // Whole tags (ASCII `<` to `>`) became ASCII spaces: still UTF-8.
    Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
}

// ---------------------------------------------------------------------------------------
// Character references.
// ---------------------------------------------------------------------------------------

/// Decodes the character reference at `s[p] == '&'` as the tokenizer does in text: its
/// length in bytes and the one or two characters it stands for. `None` when the `&` is
/// literal text.
fn char_ref(s: &[u8], p: usize) -> Option<(usize, char, Option<char>)> {
    let n = s.len();
    if s.get(p + 1) == Some(&b'#') {
        let hex = matches!(s.get(p + 2), Some(b'x' | b'X'));
        let mut q = if hex { p + 3 } else { p + 2 };
        let digits_start = q;
        let mut value: u32 = 0;
        while q < n {
            let d = match (hex, s[q]) {
                (_, b @ b'0'..=b'9') => (b - b'0') as u32,
                (true, b @ b'a'..=b'f') => (b - b'a' + 10) as u32,
                (true, b @ b'A'..=b'F') => (b - b'A' + 10) as u32,
                _ => break,
            };
            value = value
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d)
                .min(0x11_0000);
            q += 1;
        }
        if q == digits_start {
            return None;
        }
        if s.get(q) == Some(&b';') {
            q += 1;
        }
        let c = match value {
            0 | 0xD800..=0xDFFF | 0x11_0000.. => '\u{FFFD}',
            0x80..=0x9F => C1_REPLACEMENTS[(value - 0x80) as usize]
                .unwrap_or_else(|| char::from_u32(value).unwrap_or('\u{FFFD}')),
            v => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return Some((q - p, c, None));
    }
    // Named: the longest name in the table (which also holds every prefix of a name, with
    // the value (0, 0)); the longest entity name is 32 bytes with its `;`.
    let mut best: Option<(usize, u32, u32)> = None;
    let mut q = p + 1;
    while q < n && q - p <= 33 {
        let Ok(name) = std::str::from_utf8(&s[p + 1..=q]) else {
            break;
        };
        match NAMED_ENTITIES.get(name) {
            Some(&(c1, c2)) => {
                if c1 != 0 {
                    best = Some((q + 1 - p, c1, c2));
                }
            }
            None => break,
        }
        q += 1;
    }
    let (len, c1, c2) = best?;
    Some((
        len,
        char::from_u32(c1)?,
        (c2 != 0).then(|| char::from_u32(c2)).flatten(),
    ))
}

// ---------------------------------------------------------------------------------------
// Alignment of DOM text with the raw source.
// ---------------------------------------------------------------------------------------

/// Part of a DOM text node mapped to the source: `text` is a byte range of the node's
/// text, `raw` the source bytes it came from; `verbatim` when they are the same bytes
/// (otherwise a character reference).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    text: (usize, usize),
    raw: (usize, usize),
    verbatim: bool,
}

/// The alignment of a whole document: pieces per text node (a range of `pieces`, all in
/// one vector to keep memory to a few words per node), and the comments found.
#[derive(Debug, Default, PartialEq)]
struct Alignment {
    texts: NodeMap<(usize, usize)>,
    pieces: Vec<Piece>,
    comments: Vec<Comment>,
}

impl Alignment {
    /// The pieces of a text node; empty when it was not aligned.
    fn of(&self, id: NodeId) -> &[Piece] {
        self.texts
            .get(&id)
            .and_then(|&(a, b)| self.pieces.get(a..b))
            .unwrap_or(&[])
    }
}

/// How the tokenizer read a text node's content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Ordinary text: tags may be skipped inside (ignored tags), references decoded.
    Data,
    /// `<title>`, `<textarea>`: references decoded, `<` is text.
    Rcdata,
    /// `<script>`, `<style>` ...: copied verbatim.
    Raw,
}

/// Aligns DOM text nodes and comments, in document order, with the raw text.
///
/// A cursor moves forward only. For each text node (its whitespace-trimmed core), the
/// aligner skips markup and whitespace from the cursor and tries to match the node's text
/// there, decoding character references and stepping over tags the tree builder ignored.
/// On a mismatch it moves one character on; it gives up after a budget of skipped text
/// characters (64, plus twice the length of the nodes that failed since the last success,
/// so that it can catch up after a failure). A node that fails leaves the cursor where it
/// was. All work is counted against a limit proportional to the input, after which
/// alignment stops: the whole pass is linear in the input size.
struct Aligner<'a> {
    src: &'a [u8],
    pos: usize,
    debt: usize,
    work: usize,
    limit: usize,
}

impl<'a> Aligner<'a> {
    fn new(src: &'a str, from: usize) -> Self {
        Aligner {
            src: src.as_bytes(),
            pos: from,
            debt: 0,
            work: 0,
            limit: 64 * src.len() + 1_000_000,
        }
    }

    /// Aligns every text node and comment under `root`.
    fn align(mut self, root: NodeRef<'_, Node>) -> Alignment {
        let mut out = Alignment::default();
        for node in root.descendants() {
            match node.value() {
                Node::Text(t) => {
                    let mode = match node.parent().and_then(|p| match p.value() {
                        Node::Element(e) => Some(e.name()),
                        _ => None,
                    }) {
                        Some("title" | "textarea") => Mode::Rcdata,
                        Some(n) if RAW_TEXT.contains(&n) || n == "plaintext" => Mode::Raw,
                        _ => Mode::Data,
                    };
                    let full: &str = t;
                    let lead = full.len() - full.trim_start_matches(is_ws_char).len();
                    let core = full[lead..].trim_end_matches(is_ws_char);
                    if core.is_empty() {
                        continue;
                    }
                    if let Some(pieces) = self.text(core, mode) {
                        let start = out.pieces.len();
                        out.pieces.extend(pieces.into_iter().map(|mut piece| {
                            piece.text.0 += lead;
                            piece.text.1 += lead;
                            piece
                        }));
                        out.texts.insert(node.id(), (start, out.pieces.len()));
                    }
                }
                Node::Comment(c) => {
                    if let Some(span) = self.comment(c) {
                        let raw = &self.src[span.start..span.end];
                        if raw.starts_with(b"<!--") {
                            out.comments.push(Comment {
                                text: c.trim().to_string(),
                                span,
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn exhausted(&mut self) -> bool {
        self.work > self.limit
    }

    /// Budget of non-whitespace characters the search may step over.
    fn budget(&self) -> usize {
        64 + 2 * self.debt
    }

    /// Finds and matches a text node's core; moves the cursor past it.
    fn text(&mut self, core: &str, mode: Mode) -> Option<Vec<Piece>> {
        let mut budget = self.budget();
        let mut p = self.pos;
        let n = self.src.len();
        while p < n && !self.exhausted() {
            self.work += 1;
            if let Some((pieces, end)) = self.try_match(core, p, mode) {
                self.pos = end;
                self.debt = 0;
                return Some(pieces);
            }
            if let Some(m) = markup_at(self.src, p) {
                p = m.end.max(p + 1);
                continue;
            }
            let b = self.src[p];
            if !is_ws(b) {
                if budget == 0 {
                    break;
                }
                budget -= 1;
            }
            p += utf8_len(b);
        }
        self.debt = (self.debt + core.len()).min(n);
        None
    }

    /// Matches `core` at `start`; the pieces and the end of the match.
    fn try_match(&mut self, core: &str, start: usize, mode: Mode) -> Option<(Vec<Piece>, usize)> {
        let s = self.src;
        let c = core.as_bytes();
        let n = s.len();
        let mut pieces: Vec<Piece> = Vec::new();
        let mut i = 0;
        let mut p = start;
        let verbatim = |pieces: &mut Vec<Piece>, i: usize, p: usize| match pieces.last_mut() {
            Some(last) if last.verbatim && last.text.1 == i && last.raw.1 == p => {
                last.text.1 += 1;
                last.raw.1 += 1;
            }
            _ => pieces.push(Piece {
                text: (i, i + 1),
                raw: (p, p + 1),
                verbatim: true,
            }),
        };
        while i < c.len() {
            // A run of bytes that match and that none of the cases below treats specially
            // (`<`, `&`, NUL) is matched at once: what the byte loop would do for each, one
            // unit of work and one more byte of a verbatim piece (c400: 30 pages, about
            // 9 M instructions byte by byte).
            let run = c[i..]
                .iter()
                .zip(s.get(p..).unwrap_or_default())
                .take_while(|&(a, b)| a == b && !matches!(b, b'<' | b'&' | 0))
                .count();
            #[cfg(test)]
            let run = if BYTE_LOOP.with(std::cell::Cell::get) {
                0
            } else {
                run
            };
            if run > 0 {
                self.work += run;
                match pieces.last_mut() {
                    Some(last) if last.verbatim && last.text.1 == i && last.raw.1 == p => {
                        last.text.1 += run;
                        last.raw.1 += run;
                    }
                    _ => pieces.push(Piece {
                        text: (i, i + run),
                        raw: (p, p + run),
                        verbatim: true,
                    }),
                }
                i += run;
                p += run;
                continue;
            }
            self.work += 1;
            if p >= n {
                return None;
            }
            let b = s[p];
            if mode == Mode::Data
                && b == b'<'
                && let Some(m) = markup_at(s, p)
            {
                // A tag the tree builder ignored (`</span>` with no open span) does not
                // split the text node; the first character must be text, though, and a
                // comment always splits.
                if i > 0
                    && matches!(
                        m.kind,
                        MarkupKind::Start | MarkupKind::End | MarkupKind::Nothing
                    )
                {
                    p = m.end;
                    continue;
                }
                return None;
            }
            if mode != Mode::Raw {
                if b == 0 && mode == Mode::Data {
                    // The tree builder drops NUL characters in text.
                    p += 1;
                    continue;
                }
                if b == b'&'
                    && let Some((len, c1, c2)) = char_ref(s, p)
                {
                    let mut j = i;
                    let mut ok = true;
                    for ch in std::iter::once(c1).chain(c2) {
                        let mut buf = [0u8; 4];
                        let enc = ch.encode_utf8(&mut buf).as_bytes();
                        if c[j..].starts_with(enc) {
                            j += enc.len();
                        } else {
                            ok = false;
                            break;
                        }
                    }
                    if ok {
                        pieces.push(Piece {
                            text: (i, j),
                            raw: (p, p + len),
                            verbatim: false,
                        });
                        i = j;
                        p += len;
                        continue;
                    }
                }
            }
            if b != c[i] {
                return None;
            }
            verbatim(&mut pieces, i, p);
            i += 1;
            p += 1;
        }
        Some((pieces, p))
    }

    /// Finds the next comment whose data is `data`; its span (markers included).
    fn comment(&mut self, data: &str) -> Option<Span> {
        let mut budget = self.budget();
        let mut p = self.pos;
        let n = self.src.len();
        while p < n && !self.exhausted() {
            self.work += 1;
            if let Some(m) = markup_at(self.src, p) {
                if matches!(m.kind, MarkupKind::Comment | MarkupKind::Bogus) {
                    if &self.src[m.inner.0..m.inner.1] == data.as_bytes() {
                        self.pos = m.end;
                        return Some(Span::new(p, m.end));
                    }
                    // A different comment: the DOM has them in source order, so this one
                    // is not in the DOM where expected; give up rather than run ahead.
                    return None;
                }
                p = m.end.max(p + 1);
                continue;
            }
            let b = self.src[p];
            if !is_ws(b) {
                if budget == 0 {
                    return None;
                }
                budget -= 1;
            }
            p += utf8_len(b);
        }
        None
    }
}

/// Length of the UTF-8 sequence that starts with byte `b` (1 for a continuation byte, so
/// a scan always moves on).
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

// ---------------------------------------------------------------------------------------
// Facts about subtrees, computed once (post-order) so that decisions about an element
// never rescan its content.
// ---------------------------------------------------------------------------------------

/// A map keyed by DOM node, only ever looked up (never iterated, so its order never shows).
type NodeMap<V> = HashMap<NodeId, V, std::hash::BuildHasherDefault<NodeIdHasher>>;

/// The hasher of [`NodeMap`]: a node id is an index, so one multiplication (Fx's) spreads
/// it well enough; std's SipHash cost 3.9 M instructions on c400's 30 pages.
#[derive(Default)]
struct NodeIdHasher(u64);

impl std::hash::Hasher for NodeIdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Stats {
    words: usize,
    headings: usize,
    links: usize,
    anchor_links: usize,
    buttons: usize,
}

impl Stats {
    fn add(&mut self, o: &Stats) {
        self.words = self.words.saturating_add(o.words);
        self.headings += o.headings;
        self.links += o.links;
        self.anchor_links += o.anchor_links;
        self.buttons += o.buttons;
    }

    /// Stats of every element the walk asks about: tables, navigation, articles and
    /// banner candidates.
    fn collect(root: NodeRef<'_, Node>) -> NodeMap<Stats> {
        let mut out = NodeMap::default();
        let mut stack: Vec<(Option<NodeId>, Stats)> = vec![(None, Stats::default())];
        for edge in root.traverse() {
            match edge {
                ego_tree::iter::Edge::Open(node) => match node.value() {
                    Node::Element(_) => stack.push((Some(node.id()), Stats::default())),
                    Node::Text(t) => {
                        if let Some(top) = stack.last_mut() {
                            top.1.words = top.1.words.saturating_add(t.split_whitespace().count());
                        }
                    }
                    _ => {}
                },
                ego_tree::iter::Edge::Close(node) => {
                    let Node::Element(e) = node.value() else {
                        continue;
                    };
                    let Some((id, mut st)) = stack.pop() else {
                        continue;
                    };
                    let name = e.name();
                    if heading_level(e).is_some() {
                        st.headings += 1;
                    }
                    if name == "a"
                        && let Some(href) = attr(e, "href")
                    {
                        st.links += 1;
                        if href.trim_start().starts_with('#') {
                            st.anchor_links += 1;
                        }
                    }
                    if name == "button"
                        || attr(e, "role") == Some("button")
                        || name == "input"
                            && matches!(attr(e, "type"), Some("button" | "submit" | "reset"))
                    {
                        st.buttons += 1;
                    }
                    if let Some(id) = id
                        && (matches!(name, "table" | "nav" | "article")
                            || attr(e, "role") == Some("navigation")
                            || banner_kind(e) != Banner::No)
                    {
                        out.insert(id, st);
                    }
                    if let Some(parent) = stack.last_mut() {
                        parent.1.add(&st);
                    }
                }
            }
        }
        out
    }
}

/// The element whose content is the policy, and whether it is `main`/`article`-like
/// (inside it, `header` and `footer` are part of the content).
fn content_root<'a>(root: NodeRef<'a, Node>, stats: &NodeMap<Stats>) -> (NodeRef<'a, Node>, bool) {
    let mut main = None;
    let mut article: Option<(NodeRef<'a, Node>, usize)> = None;
    let mut role_main = None;
    let mut body = None;
    for node in root.descendants() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        if is_hidden(e) {
            continue;
        }
        match e.name() {
            "main" if main.is_none() => main = Some(node),
            "article" => {
                let words = stats.get(&node.id()).map_or(0, |s| s.words);
                if article.is_none_or(|(_, w)| words > w) {
                    article = Some((node, words));
                }
            }
            "body" if body.is_none() => body = Some(node),
            _ => {}
        }
        if role_main.is_none() && attr(e, "role") == Some("main") {
            role_main = Some(node);
        }
    }
    if let Some(m) = main {
        return (m, true);
    }
    if let Some((a, _)) = article {
        return (a, true);
    }
    if let Some(r) = role_main {
        return (r, true);
    }
    (body.unwrap_or(root), false)
}

/// `h1`–`h6`, or `role="heading"` with an `aria-level` of 1 to 6 (default 2).
fn heading_level(e: &Element) -> Option<u8> {
    let name = e.name();
    if name.len() == 2
        && name.starts_with('h')
        && let Some(d) = name[1..].parse::<u8>().ok().filter(|d| (1..=6).contains(d))
    {
        return Some(d);
    }
    if attr(e, "role") == Some("heading") {
        let level = attr(e, "aria-level")
            .and_then(|l| l.trim().parse::<u8>().ok())
            .unwrap_or(2);
        return Some(level.clamp(1, 6));
    }
    None
}

/// The value of the attribute `name` (lower case, no namespace), as `Element::attr`
/// gives it, by comparing the names of the element's few attributes: `Element::attr`
/// first makes an atom of `name` (a hash-table look-up) for a binary search, at each call
/// (c400: 35,120 calls, 4.7 M instructions).
fn attr<'a>(e: &'a Element, name: &str) -> Option<&'a str> {
    e.attrs
        .iter()
        .find(|(q, _)| q.prefix.is_none() && q.ns == html5ever::ns!() && &*q.local == name)
        .map(|(_, v)| &**v)
}

/// `style` with spaces removed and lower-cased, for property tests.
fn style_of(e: &Element) -> String {
    attr(e, "style")
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Not rendered: `hidden`, `aria-hidden="true"`, `display:none`, `visibility:hidden`,
/// screen-reader-only classes, a closed `<dialog>`.
fn is_hidden(e: &Element) -> bool {
    if attr(e, "hidden").is_some()
        || attr(e, "aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || e.name() == "dialog" && attr(e, "open").is_none()
    {
        return true;
    }
    if attr(e, "style").is_some() {
        let style = style_of(e);
        if style.contains("display:none") || style.contains("visibility:hidden") {
            return true;
        }
    }
    e.classes().any(|c| {
        [
            "sr-only",
            "visually-hidden",
            "visuallyhidden",
            "screen-reader-text",
        ]
        .iter()
        .any(|w| c.eq_ignore_ascii_case(w))
    })
}

/// Bold by element or style: `<b>`, `<strong>`, `font-weight: bold/bolder/600-900`, or a
/// `bold` utility class.
fn is_bold(e: &Element) -> bool {
    if matches!(e.name(), "b" | "strong") {
        return true;
    }
    if attr(e, "style").is_some() {
        let style = style_of(e);
        if let Some(k) = style.find("font-weight:") {
            let v = &style[k + "font-weight:".len()..];
            if v.starts_with("bold")
                || ["600", "700", "800", "900"]
                    .iter()
                    .any(|w| v.starts_with(w))
            {
                return true;
            }
        }
    }
    e.classes().any(|c| {
        [
            "bold",
            "font-bold",
            "fw-bold",
            "font-weight-bold",
            "text-bold",
        ]
        .iter()
        .any(|w| c.eq_ignore_ascii_case(w))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Banner {
    /// Not banner-like.
    No,
    /// A consent-manager vendor's container: always a banner.
    Vendor,
    /// Named like a cookie banner; a banner unless it reads like a policy section.
    Named,
}

/// Consent-manager containers (OneTrust, Cookiebot, Cookie Consent, Complianz, CookieYes,
/// Didomi, Usercentrics, Quantcast, Osano, Termly ...), matched as `id`/class prefixes.
const BANNER_VENDORS: &[&str] = &[
    "onetrust",
    "ot-sdk",
    "cybotcookiebot",
    "cookiebot",
    "cc-window",
    "cc-banner",
    "cmplz-cookiebanner",
    "cookie-law-info",
    "cky-consent",
    "didomi",
    "usercentrics",
    "qc-cmp",
    "osano-cm",
    "termly",
    "truste-consent",
    "iubenda-cs",
];

/// Words that, with `cookie`, `consent` or `gdpr` in the same `id`/class, name a banner.
const BANNER_WORDS: &[&str] = &[
    "banner",
    "bar",
    "notice",
    "notification",
    "consent",
    "popup",
    "pop-up",
    "modal",
    "dialog",
    "alert",
    "message",
    "overlay",
    "prompt",
    "warning",
    "law",
    "box",
];

fn banner_kind(e: &Element) -> Banner {
    let mut kind = Banner::No;
    let mut check = |raw: &str| {
        let token = raw.to_ascii_lowercase().replace('_', "-");
        if BANNER_VENDORS.iter().any(|v| token.starts_with(v)) {
            kind = Banner::Vendor;
        } else if kind == Banner::No
            && let Some(subject) = ["cookie", "consent", "gdpr"]
                .iter()
                .find(|w| token.contains(*w))
        {
            // The banner word must be more than the subject: `cookie-consent` is a
            // banner, `consent` alone and `cookie-policy` are not.
            let rest = token.replacen(subject, " ", 1);
            if BANNER_WORDS.iter().any(|w| rest.contains(w)) {
                kind = Banner::Named;
            }
        }
    };
    if let Some(id) = e.id() {
        check(id);
    }
    for c in e.classes() {
        check(c);
    }
    kind
}

// ---------------------------------------------------------------------------------------
// Inline text with its mapping back to the source.
// ---------------------------------------------------------------------------------------

struct OpenLink {
    at: usize,
    target: String,
    start: Option<usize>,
    end: usize,
    id: u64,
}

/// Where the character `c` at byte `i` of a DOM text node comes from, given the aligned
/// piece holding `i` (if any): its own source bytes in a verbatim piece (`true`), the whole
/// piece's source range otherwise (an entity, `false`), or nothing when unaligned.
fn source_of(piece: Option<&Piece>, i: usize, c: char) -> (Option<(usize, usize)>, bool) {
    match piece {
        Some(p) if p.verbatim => {
            let o = p.raw.0 + (i - p.text.0);
            (Some((o, o + c.len_utf8())), true)
        }
        Some(p) => (Some(p.raw), false),
        None => (None, false),
    }
}

#[cfg(test)]
thread_local! {
    /// Set by a unit test: [`Aligner::try_match`] matches byte by byte only, as it did
    /// before matching runs at once.
    static BYTE_LOOP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
thread_local! {
    /// Set by a unit test: [`Inline::push_text`] takes the character loop it replaced.
    static BY_CHAR: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The end of the verbatim run of `s` from `i` (just after a non-space character): the
/// first white space byte that is not a single `' '` followed by a non-space byte, or the
/// end of `s`. A character boundary, as white space is ASCII.
fn verbatim_run(s: &[u8], mut i: usize) -> usize {
    loop {
        i += s[i.min(s.len())..]
            .iter()
            .position(|&b| is_ws(b))
            .unwrap_or(s.len().saturating_sub(i));
        match s.get(i..i + 2) {
            Some([b' ', next]) if !is_ws(*next) => i += 2,
            _ => return i,
        }
    }
}

/// A run of inline text being collected: whitespace collapsed as a browser renders it,
/// verbatim source runs recorded as segments.
#[derive(Default)]
struct Inline {
    text: String,
    segments: Vec<(usize, Span)>,
    links: Vec<Link>,
    open_links: Vec<OpenLink>,
    start: Option<usize>,
    end: usize,
    /// Whitespace waiting to become one space: `Some(Some(p))` when it is a single space
    /// at source offset `p` (so it can stay in a verbatim segment).
    pending: Option<Option<usize>>,
    /// Non-space characters outside / inside bold.
    plain: usize,
    bold: usize,
    /// `<br>`s since the last text.
    brs: usize,
    /// Anchors (`id`s) that lead to this text.
    ids: Vec<String>,
    /// Identity, so that a closing `</a>` finds the run it opened in.
    serial: u64,
}

impl Inline {
    fn with_serial(serial: u64) -> Self {
        Inline {
            serial,
            ..Inline::default()
        }
    }

    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Whitespace: collapses with neighbouring whitespace into one space.
    fn space(&mut self) {
        if !self.text.is_empty() {
            self.pending = Some(None);
        }
    }

    fn ws(&mut self, c: char, raw: Option<(usize, usize)>, verbatim: bool) {
        if self.text.is_empty() {
            return;
        }
        self.pending = match self.pending {
            None if c == ' ' && verbatim => Some(raw.map(|r| r.0)),
            _ => Some(None),
        };
    }

    /// Appends one visible character with where it came from.
    fn put(&mut self, c: char, raw: Option<(usize, usize)>, verbatim: bool, bold: bool) {
        if is_ws_char(c) {
            self.ws(c, raw, verbatim);
            return;
        }
        if let Some(sp) = self.pending.take()
            && !self.text.is_empty()
        {
            self.put_raw(' ', sp.map(|p| (p, p + 1)), sp.is_some());
        }
        if bold {
            self.bold += 1;
        } else {
            self.plain += 1;
        }
        self.brs = 0;
        self.put_raw(c, raw, verbatim);
    }

    fn put_raw(&mut self, c: char, raw: Option<(usize, usize)>, verbatim: bool) {
        let at = self.text.len();
        self.text.push(c);
        let Some((a, b)) = raw else {
            return;
        };
        self.start = Some(self.start.map_or(a, |s| s.min(a)));
        self.end = self.end.max(b);
        if let Some(l) = self.open_links.last_mut() {
            l.start = Some(l.start.map_or(a, |s| s.min(a)));
            l.end = l.end.max(b);
        }
        if verbatim {
            match self.segments.last_mut() {
                Some((off, seg)) if *off + seg.len() == at && seg.end == a => seg.end = b,
                _ => self.segments.push((at, Span::new(a, b))),
            }
        }
    }

    /// Appends a DOM text node's text using its aligned pieces (none when unaligned).
    ///
    /// After the first character of a run of non-space characters inside one verbatim
    /// piece, the rest of the run is appended at once ([`Inline::extend_verbatim`]): what
    /// `put` would do for each of them comes to the same (a unit test compares whole
    /// documents with the character loop, `push_text_by_char`).
    fn push_text(&mut self, s: &str, pieces: &[Piece], bold: bool, ids: &mut Vec<String>) {
        #[cfg(test)]
        if BY_CHAR.with(std::cell::Cell::get) {
            return self.push_text_by_char(s, pieces, bold, ids);
        }
        let mut k = 0;
        let mut i = 0;
        while let Some(c) = s[i..].chars().next() {
            while k < pieces.len() && pieces[k].text.1 <= i {
                k += 1;
            }
            let piece = pieces.get(k).filter(|p| p.text.0 <= i);
            self.put_char(c, source_of(piece, i, c), bold, ids);
            i += c.len_utf8();
            if let Some(p) = piece.filter(|p| p.verbatim)
                && !is_ws_char(c)
            {
                // The rest of the run: up to the piece's end or the next white space
                // other than one space between two non-space characters (such a space
                // stays in the verbatim segment, as `put` keeps it).
                let end = p.text.1.min(s.len()).max(i);
                let run = verbatim_run(&s.as_bytes()[..end], i);
                if run > i {
                    let raw_end = p.raw.0 + (run - p.text.0);
                    self.extend_verbatim(&s[i..run], raw_end, bold);
                    i = run;
                }
            }
        }
    }

    /// The character loop [`Inline::push_text`] replaced, kept to test it against.
    #[cfg(test)]
    fn push_text_by_char(&mut self, s: &str, pieces: &[Piece], bold: bool, ids: &mut Vec<String>) {
        let mut k = 0;
        for (i, c) in s.char_indices() {
            while k < pieces.len() && pieces[k].text.1 <= i {
                k += 1;
            }
            let piece = pieces.get(k).filter(|p| p.text.0 <= i);
            self.put_char(c, source_of(piece, i, c), bold, ids);
        }
    }

    /// Appends one character of a DOM text node from `source` ([`source_of`]), moving
    /// the pending element ids onto the text at its first non-space character.
    fn put_char(
        &mut self,
        c: char,
        (raw, verbatim): (Option<(usize, usize)>, bool),
        bold: bool,
        ids: &mut Vec<String>,
    ) {
        if !is_ws_char(c) && self.text.is_empty() && !ids.is_empty() {
            self.ids.append(ids);
        }
        self.put(c, raw, verbatim, bold);
    }

    /// Appends `run`, characters copied verbatim from the source and ending at source byte
    /// `raw_end` ([`verbatim_run`]: non-space characters and single spaces between them),
    /// right after a non-space character of the same piece that `put` just appended: each
    /// non-space character would count as one, each space would wait as the pending
    /// space of its source byte and be appended before the next character, and each would
    /// move the text's and the open link's end and extend the last segment (they are
    /// contiguous in both).
    fn extend_verbatim(&mut self, run: &str, raw_end: usize, bold: bool) {
        let n = run.chars().count() - run.bytes().filter(|&b| b == b' ').count();
        if bold {
            self.bold += n;
        } else {
            self.plain += n;
        }
        self.brs = 0;
        self.text.push_str(run);
        self.end = self.end.max(raw_end);
        if let Some(l) = self.open_links.last_mut() {
            l.end = l.end.max(raw_end);
        }
        if let Some((_, seg)) = self.segments.last_mut() {
            seg.end = raw_end;
        }
    }

    fn open_link(&mut self, target: String, id: u64) {
        let at = self.text.len() + usize::from(self.pending.is_some() && !self.text.is_empty());
        self.open_links.push(OpenLink {
            at,
            target,
            start: None,
            end: 0,
            id,
        });
    }

    fn close_link(&mut self, id: u64, fallback: usize) {
        let Some(k) = self.open_links.iter().rposition(|l| l.id == id) else {
            return;
        };
        let l = self.open_links.remove(k);
        self.finish_link(l, fallback);
    }

    fn finish_link(&mut self, l: OpenLink, fallback: usize) {
        if let Some(outer) = self.open_links.last_mut()
            && let Some(s) = l.start
        {
            outer.start = Some(outer.start.map_or(s, |o| o.min(s)));
            outer.end = outer.end.max(l.end);
        }
        let text = self.text.get(l.at.min(self.text.len())..).unwrap_or("");
        let span = match l.start {
            Some(s) => Span::new(s, l.end),
            None => Span::new(fallback, fallback),
        };
        self.links.push(Link {
            text: text.trim().to_string(),
            target: l.target,
            span,
        });
    }

    /// The finished text; `fallback` is the source offset used when nothing was aligned.
    fn finish(mut self, fallback: usize) -> (Text, Vec<String>) {
        while let Some(l) = self.open_links.pop() {
            self.finish_link(l, fallback);
        }
        let trimmed = self.text.trim_end().len();
        if trimmed < self.text.len() {
            self.text.truncate(trimmed);
            self.segments.retain(|(o, _)| *o < trimmed);
            if let Some((o, seg)) = self.segments.last_mut()
                && *o + seg.len() > trimmed
            {
                seg.end = seg.start + (trimmed - *o);
            }
        }
        let span = match self.start {
            Some(s) => Span::new(s, self.end),
            None => Span::new(fallback, fallback),
        };
        (
            Text {
                text: self.text,
                links: self.links,
                span,
                segments: self.segments.into(),
            },
            self.ids,
        )
    }
}

// ---------------------------------------------------------------------------------------
// The content walk: DOM → flat stream of headings and blocks.
// ---------------------------------------------------------------------------------------

enum Kind {
    /// Flow content (`div`, `p`, `section` ...): loose text becomes paragraphs.
    Container,
    /// A block quote collecting its blocks.
    Quote(Vec<Block>),
    /// A heading being read; its anchors.
    Heading(u8, Vec<String>),
    /// A list. A nested list's items go straight into the outermost list (frame `root`),
    /// in reading order, so that deep nesting never copies items level by level.
    List {
        items: Vec<Text>,
        root: Option<usize>,
    },
    /// A list item: everything inside is its text, except nested lists.
    Item,
    /// A data table: finished rows and the row being read.
    Table(Vec<Vec<Text>>, Vec<Text>),
    /// A table cell: everything inside is its text.
    Cell,
}

struct Frame {
    kind: Kind,
    inline: Inline,
    /// The quote frame that receives this frame's blocks (`None`: the document).
    sink: Option<usize>,
}

/// What to undo when an element closes.
#[derive(Default)]
struct Leave {
    frame: bool,
    link: Option<(usize, u64, u64)>,
    bold: bool,
    main: bool,
    quote: bool,
    space: bool,
    row: bool,
}

/// Elements whose content is never read.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "meta",
    "link",
    "base",
    "textarea",
    "select",
    "option",
    "optgroup",
    "datalist",
    "button",
    "input",
    "svg",
    "math",
    "canvas",
    "iframe",
    "object",
    "embed",
    "applet",
    "video",
    "audio",
    "picture",
    "source",
    "track",
    "map",
    "area",
    "img",
    "frameset",
    "frame",
    "noframes",
    "noembed",
    "xmp",
    "plaintext",
    "progress",
    "meter",
    "output",
];

/// Block-level elements read as flow content.
const FLOW: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "header",
    "footer",
    "nav",
    "address",
    "figure",
    "figcaption",
    "details",
    "summary",
    "center",
    "form",
    "fieldset",
    "legend",
    "hgroup",
    "pre",
    "listing",
    "body",
    "html",
    "search",
    "dialog",
    "tr",
    "td",
    "th",
    "thead",
    "tbody",
    "tfoot",
    "caption",
];

/// Most anchors carried to the next text (hostile pages nest thousands of `id`s).
const MAX_PENDING_IDS: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Top {
    Flow,
    Heading,
    List,
    Item,
    Table,
    Cell,
}

struct Walker<'a> {
    align: &'a Alignment,
    stats: &'a NodeMap<Stats>,
    frames: Vec<Frame>,
    out: Vec<Item>,
    bold: usize,
    quote_depth: usize,
    in_main: usize,
    last_pos: usize,
    next_serial: u64,
    pending_ids: Vec<String>,
}

impl<'a> Walker<'a> {
    fn new(align: &'a Alignment, stats: &'a NodeMap<Stats>, start: usize, in_main: bool) -> Self {
        let mut w = Walker {
            align,
            stats,
            frames: Vec::new(),
            out: Vec::new(),
            bold: 0,
            quote_depth: 0,
            in_main: usize::from(in_main),
            last_pos: start,
            next_serial: 0,
            pending_ids: Vec::new(),
        };
        w.push(Kind::Container);
        w
    }

    fn serial(&mut self) -> u64 {
        self.next_serial += 1;
        self.next_serial
    }

    fn push(&mut self, kind: Kind) {
        let sink = match self.frames.len().checked_sub(1) {
            None => None,
            Some(top) => match self.frames[top].kind {
                Kind::Quote(_) => Some(top),
                _ => self.frames[top].sink,
            },
        };
        let serial = self.serial();
        self.frames.push(Frame {
            kind,
            inline: Inline::with_serial(serial),
            sink,
        });
    }

    fn top(&self) -> Top {
        match self.frames.last().map(|f| &f.kind) {
            None | Some(Kind::Container | Kind::Quote(_)) => Top::Flow,
            Some(Kind::Heading(..)) => Top::Heading,
            Some(Kind::List { .. }) => Top::List,
            Some(Kind::Item) => Top::Item,
            Some(Kind::Table(..)) => Top::Table,
            Some(Kind::Cell) => Top::Cell,
        }
    }

    fn top_inline(&mut self) -> &mut Inline {
        if self.frames.is_empty() {
            self.push(Kind::Container);
        }
        let top = self.frames.len() - 1;
        &mut self.frames[top].inline
    }

    /// Walks the children of `root` in document order, iteratively.
    fn walk(&mut self, root: NodeRef<'_, Node>) {
        let mut leaves: Vec<Leave> = Vec::new();
        let Some(mut node) = root.first_child() else {
            return;
        };
        loop {
            if self.enter(node, &mut leaves) {
                if let Some(child) = node.first_child() {
                    node = child;
                    continue;
                }
                if let Some(l) = leaves.pop() {
                    self.leave(l);
                }
            }
            loop {
                if let Some(next) = node.next_sibling() {
                    node = next;
                    break;
                }
                match node.parent() {
                    Some(parent) if parent.id() != root.id() => {
                        node = parent;
                        if let Some(l) = leaves.pop() {
                            self.leave(l);
                        }
                    }
                    _ => return,
                }
            }
        }
    }

    /// Handles a node on the way down; true when its children are to be walked (a
    /// [`Leave`] was pushed).
    fn enter(&mut self, node: NodeRef<'_, Node>, leaves: &mut Vec<Leave>) -> bool {
        match node.value() {
            Node::Text(t) => {
                self.text(node.id(), t);
                false
            }
            Node::Element(e) => {
                if self.dropped(node.id(), e) {
                    return false;
                }
                let mut leave = Leave::default();
                self.element(node.id(), e, &mut leave);
                leaves.push(leave);
                true
            }
            _ => false,
        }
    }

    fn dropped(&self, id: NodeId, e: &Element) -> bool {
        let name = e.name();
        if DROPPED.contains(&name) || is_hidden(e) {
            return true;
        }
        let role = attr(e, "role");
        let stats = self.stats.get(&id).copied().unwrap_or_default();
        if name == "nav" || role == Some("navigation") {
            // A table of contents stays; site navigation goes.
            let toc = stats.anchor_links >= 2 && stats.anchor_links * 2 >= stats.links;
            if !toc {
                return true;
            }
        }
        if (matches!(name, "header" | "footer") || matches!(role, Some("banner" | "contentinfo")))
            && self.in_main == 0
        {
            return true;
        }
        match banner_kind(e) {
            Banner::No => false,
            Banner::Vendor => true,
            Banner::Named => {
                let section = stats.headings > 0 && stats.words > BANNER_MAX_WORDS;
                !(section && stats.buttons == 0)
            }
        }
    }

    fn element(&mut self, id: NodeId, e: &Element, leave: &mut Leave) {
        let name = e.name();
        let top = self.top();
        for anchor in [e.id(), (name == "a").then(|| attr(e, "name")).flatten()]
            .into_iter()
            .flatten()
        {
            let anchor = anchor.trim();
            if anchor.is_empty() {
                continue;
            }
            match self.frames.last_mut() {
                Some(Frame {
                    kind: Kind::Heading(_, ids),
                    ..
                }) => ids.push(anchor.to_string()),
                _ if self.pending_ids.len() < MAX_PENDING_IDS => {
                    self.pending_ids.push(anchor.to_string())
                }
                _ => {}
            }
        }
        if matches!(name, "main" | "article") || attr(e, "role") == Some("main") {
            self.in_main += 1;
            leave.main = true;
        }
        if is_bold(e) {
            self.bold += 1;
            leave.bold = true;
        }
        if let Some(level) = heading_level(e) {
            if top == Top::Flow {
                self.flush_top();
                let ids = std::mem::take(&mut self.pending_ids);
                self.push(Kind::Heading(level, ids));
                leave.frame = true;
            } else {
                self.transparent(leave);
            }
            return;
        }
        match name {
            "br" => self.br(),
            "hr" if top == Top::Flow => self.flush_top(),
            "a" => {
                if let Some(href) = attr(e, "href") {
                    let link_id = self.serial();
                    let frame = self.frames.len().saturating_sub(1);
                    let inline = self.top_inline();
                    inline.open_link(href.trim().to_string(), link_id);
                    leave.link = Some((frame, inline.serial, link_id));
                }
            }
            "ul" | "ol" | "menu" | "dir" | "dl" => match top {
                Top::Flow => {
                    self.flush_top();
                    self.push(Kind::List {
                        items: Vec::new(),
                        root: None,
                    });
                    leave.frame = true;
                }
                Top::Item => {
                    // The item's text so far is an item of the enclosing list, which the
                    // nested list's items then join, in reading order.
                    let item = self.frames.len() - 1;
                    let list = item - 1;
                    let serial = self.serial();
                    let text = std::mem::replace(
                        &mut self.frames[item].inline,
                        Inline::with_serial(serial),
                    );
                    if !text.is_empty() {
                        let (t, _) = text.finish(self.last_pos);
                        self.list_item(list, t);
                    }
                    let root = self.list_root(list);
                    self.push(Kind::List {
                        items: Vec::new(),
                        root: Some(root),
                    });
                    leave.frame = true;
                }
                Top::List => {
                    let list = self.frames.len() - 1;
                    self.flush_list_stray(list);
                    let root = self.list_root(list);
                    self.push(Kind::List {
                        items: Vec::new(),
                        root: Some(root),
                    });
                    leave.frame = true;
                }
                _ => self.transparent(leave),
            },
            "li" | "dt" | "dd" => match top {
                Top::List => {
                    let list = self.frames.len() - 1;
                    self.flush_list_stray(list);
                    self.push(Kind::Item);
                    leave.frame = true;
                }
                Top::Flow => self.flow(leave),
                _ => self.transparent(leave),
            },
            "table" => match top {
                Top::Flow => {
                    self.flush_top();
                    let layout = self.stats.get(&id).is_some_and(|s| s.headings > 0);
                    self.push(if layout {
                        Kind::Container
                    } else {
                        Kind::Table(Vec::new(), Vec::new())
                    });
                    leave.frame = true;
                }
                _ => self.transparent(leave),
            },
            "td" | "th" => match top {
                Top::Table => {
                    self.push(Kind::Cell);
                    leave.frame = true;
                }
                Top::Flow => self.flow(leave),
                _ => self.transparent(leave),
            },
            "tr" => match top {
                Top::Table => leave.row = true,
                Top::Flow => self.flow(leave),
                _ => self.transparent(leave),
            },
            "caption" => match top {
                Top::Table => {
                    self.push(Kind::Container);
                    leave.frame = true;
                }
                Top::Flow => self.flow(leave),
                _ => self.transparent(leave),
            },
            "thead" | "tbody" | "tfoot" | "colgroup" if top == Top::Table => {}
            "blockquote" => match top {
                Top::Flow => {
                    self.flush_top();
                    if self.quote_depth < MAX_QUOTE_DEPTH {
                        self.quote_depth += 1;
                        leave.quote = true;
                        self.push(Kind::Quote(Vec::new()));
                    } else {
                        self.push(Kind::Container);
                    }
                    leave.frame = true;
                }
                Top::List | Top::Table => {}
                _ => self.transparent(leave),
            },
            n if FLOW.contains(&n) => match top {
                Top::Flow => self.flow(leave),
                Top::List | Top::Table => {}
                _ => self.transparent(leave),
            },
            // Inline elements (span, em, code, custom elements ...): text flows through.
            _ => {}
        }
    }

    /// A flow block inside flow content: ends the current paragraph, starts a container.
    fn flow(&mut self, leave: &mut Leave) {
        self.flush_top();
        self.push(Kind::Container);
        leave.frame = true;
    }

    /// A block where only inline text is kept: a space on each side.
    fn transparent(&mut self, leave: &mut Leave) {
        self.top_inline().space();
        leave.space = true;
    }

    fn br(&mut self) {
        let top = self.top();
        let inline = self.top_inline();
        if inline.is_empty() {
            return;
        }
        if inline.brs >= 1 && top == Top::Flow {
            // `<br><br>`: a paragraph break as the reader sees it.
            self.flush_top();
            return;
        }
        inline.brs += 1;
        inline.space();
    }

    fn text(&mut self, id: NodeId, t: &str) {
        let top = self.top();
        if matches!(top, Top::Table) && t.trim_matches(is_ws_char).is_empty() {
            return;
        }
        let pieces = self.align.of(id);
        if let Some(last) = pieces.last() {
            self.last_pos = last.raw.1;
        }
        let bold = self.bold > 0;
        let mut ids = std::mem::take(&mut self.pending_ids);
        self.top_inline().push_text(t, pieces, bold, &mut ids);
        self.pending_ids = ids;
    }

    /// Ends the paragraph being collected in the top frame, if it is flow content.
    fn flush_top(&mut self) {
        let Some(top) = self.frames.len().checked_sub(1) else {
            return;
        };
        if !matches!(self.frames[top].kind, Kind::Container | Kind::Quote(_)) {
            return;
        }
        let serial = self.serial();
        let inline = std::mem::replace(&mut self.frames[top].inline, Inline::with_serial(serial));
        if inline.is_empty() {
            return;
        }
        let bold_only = inline.plain == 0 && inline.bold > 0;
        let (text, ids) = inline.finish(self.last_pos);
        if bold_only && self.quote_depth == 0 && is_bold_heading(&text) {
            self.out.push(Item::Heading {
                level: 0,
                span: text.span,
                text,
                ids,
            });
            return;
        }
        let sink = match self.frames[top].kind {
            Kind::Quote(_) => Some(top),
            _ => self.frames[top].sink,
        };
        self.emit(sink, Block::Paragraph(text));
    }

    /// Text directly inside a list (outside any item) becomes an item.
    fn flush_list_stray(&mut self, list: usize) {
        let serial = self.serial();
        let inline = std::mem::replace(&mut self.frames[list].inline, Inline::with_serial(serial));
        if !inline.is_empty() {
            let (t, _) = inline.finish(self.last_pos);
            self.list_item(list, t);
        }
    }

    /// The outermost list of the list in frame `list`.
    fn list_root(&self, list: usize) -> usize {
        match self.frames.get(list).map(|f| &f.kind) {
            Some(Kind::List { root: Some(r), .. }) => *r,
            _ => list,
        }
    }

    /// Adds an item to the list in frame `list` (to its outermost list when nested).
    fn list_item(&mut self, list: usize, t: Text) {
        let root = self.list_root(list);
        if let Some(Frame {
            kind: Kind::List { items, .. },
            ..
        }) = self.frames.get_mut(root)
        {
            items.push(t);
        }
    }

    fn emit(&mut self, sink: Option<usize>, block: Block) {
        match sink.and_then(|k| self.frames.get_mut(k)) {
            Some(Frame {
                kind: Kind::Quote(blocks),
                ..
            }) => blocks.push(block),
            _ => self.out.push(Item::Block(block)),
        }
    }

    fn leave(&mut self, l: Leave) {
        if let Some((frame, serial, id)) = l.link {
            let fallback = self.last_pos;
            if let Some(f) = self.frames.get_mut(frame)
                && f.inline.serial == serial
            {
                f.inline.close_link(id, fallback);
            }
        }
        if l.row
            && let Some(Frame {
                kind: Kind::Table(rows, row),
                ..
            }) = self.frames.last_mut()
            && !row.is_empty()
        {
            rows.push(std::mem::take(row));
        }
        if l.frame {
            self.pop_frame();
        }
        if l.space {
            self.top_inline().space();
        }
        if l.bold {
            self.bold = self.bold.saturating_sub(1);
        }
        if l.main {
            self.in_main = self.in_main.saturating_sub(1);
        }
        if l.quote {
            self.quote_depth = self.quote_depth.saturating_sub(1);
        }
    }

    fn pop_frame(&mut self) {
        // Keep the root container: it is popped by `finish`.
        if self.frames.len() <= 1 {
            return;
        }
        self.flush_top();
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let fallback = self.last_pos;
        match frame.kind {
            Kind::Container => {}
            Kind::Quote(blocks) => {
                if !blocks.is_empty() {
                    let span = cover(blocks.iter().map(Block::span));
                    self.emit(frame.sink, Block::Quote { blocks, span });
                }
            }
            Kind::Heading(level, mut ids) => {
                let (text, more) = frame.inline.finish(fallback);
                ids.extend(more);
                if text.text.is_empty() {
                    // An empty heading used as an anchor: its ids lead to what follows.
                    for id in ids {
                        if self.pending_ids.len() < MAX_PENDING_IDS {
                            self.pending_ids.push(id);
                        }
                    }
                } else if self.quote_depth > 0 {
                    self.emit(frame.sink, Block::Paragraph(text));
                } else {
                    self.out.push(Item::Heading {
                        level,
                        span: text.span,
                        text,
                        ids,
                    });
                }
            }
            Kind::List { mut items, root } => {
                if !frame.inline.is_empty() {
                    let t = frame.inline.finish(fallback).0;
                    match root {
                        Some(k) => self.list_item(k, t),
                        None => items.push(t),
                    }
                }
                if root.is_none() && !items.is_empty() {
                    let span = cover_texts(items.iter(), fallback);
                    self.emit(frame.sink, Block::List { items, span });
                }
            }
            Kind::Item => {
                let (text, _) = frame.inline.finish(fallback);
                if !text.text.is_empty() {
                    let list = self.frames.len().saturating_sub(1);
                    if matches!(
                        self.frames.get(list).map(|f| &f.kind),
                        Some(Kind::List { .. })
                    ) {
                        self.list_item(list, text);
                    } else {
                        self.emit(frame.sink, Block::Paragraph(text));
                    }
                }
            }
            Kind::Table(mut rows, row) => {
                if !row.is_empty() {
                    rows.push(row);
                }
                if !frame.inline.is_empty() {
                    let (t, _) = frame.inline.finish(fallback);
                    self.emit(frame.sink, Block::Paragraph(t));
                }
                if rows.iter().flatten().any(|c| !c.text.is_empty()) {
                    let span = cover_texts(rows.iter().flatten(), fallback);
                    self.emit(frame.sink, Block::Table { rows, span });
                }
            }
            Kind::Cell => {
                let (text, _) = frame.inline.finish(fallback);
                if let Some(Frame {
                    kind: Kind::Table(_, row),
                    ..
                }) = self.frames.last_mut()
                {
                    row.push(text);
                }
            }
        }
    }

    /// Closes every open frame; the item stream.
    fn finish(mut self) -> Vec<Item> {
        while self.frames.len() > 1 {
            self.pop_frame();
        }
        self.flush_top();
        self.out
    }
}

/// The smallest span covering all; an empty span at 0 for none.
fn cover(spans: impl Iterator<Item = Span>) -> Span {
    spans.reduce(Span::cover).unwrap_or_default()
}

/// The smallest span covering the texts that have text (an empty table cell's span is only
/// a position); `fallback` when none has.
fn cover_texts<'t>(texts: impl Iterator<Item = &'t Text>, fallback: usize) -> Span {
    texts
        .filter(|t| !t.text.is_empty())
        .map(|t| t.span)
        .reduce(Span::cover)
        .unwrap_or(Span::new(fallback, fallback))
}

/// Whether a bold-only paragraph reads as a heading (the Markdown front end's test).
fn is_bold_heading(t: &Text) -> bool {
    let words = t.text.split_whitespace().count();
    words > 0
        && words <= MAX_BOLD_HEADING_WORDS
        && !t.text.ends_with(['.', ':', ',', ';'])
        && crate::analyze::dates::find_dates(&t.text).is_empty()
}

/// The text of the page's `<title>` element, outside `<svg>`.
fn page_title(root: NodeRef<'_, Node>, align: &Alignment, start: usize) -> Option<Text> {
    let title = root.descendants().find(|n| match n.value() {
        Node::Element(e) => e.name() == "title" && e.name.ns == html5ever::ns!(html),
        _ => false,
    })?;
    let mut inline = Inline::default();
    let mut fallback = start;
    for child in title.children() {
        if let Node::Text(t) = child.value() {
            let pieces = align.of(child.id());
            if let Some(p) = pieces.first() {
                fallback = p.raw.0;
            }
            inline.push_text(t, pieces, false, &mut Vec::new());
        }
    }
    let (text, _) = inline.finish(fallback);
    (!text.text.is_empty()).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Appending the rest of a verbatim run at once gives the documents the character
    /// loop gave, on every HTML fixture and on edge cases (runs cut by
    /// entities, tags, non-ASCII text, links and bold).
    #[test]
    fn verbatim_runs_match_the_character_loop() {
        let both = |text: &str| {
            let fast = parse(text);
            BY_CHAR.with(|b| b.set(true));
            let slow = parse(text);
            BY_CHAR.with(|b| b.set(false));
            assert_eq!(fast, slow, "{}", text.chars().take(200).collect::<String>());
        };
        both(
            "<h1>Privacy&nbsp;Policy</h1><p>Contact <a href=\"mailto:a@b.c\">a@b.c</a>, \
              <b>bold&amp;run</b>\u{e9}t\u{e9} caf\u{e9}s 東京 now.</p><p>x<br>y</p>",
        );
        both("<p>a<i>b</i>c <span>d&#x41;e</span>\tf\r\ng  <a href=x>link<b>text</b></a>.</p>");
        both(
            "<p>one two  three\tfour <b>five six</b> seven&amp; eight nine </p><p>a b</p>\
              <p>a <i>b</i> c d e <a href=y>f g</a> h</p><p> x y </p><p>Ω ω é x\u{a0}y z</p>",
        );
        both(
            "<ul><li>one two</li><li><p>three</p>four</li></ul><table><tr><th>A B</th></tr>\
              <tr><td>c&lt;d</td></tr></table><pre>  keep   this </pre><!-- c --><p>é</p>",
        );
        let mut pages = 0;
        for (path, text) in crate::testing::fixture_texts() {
            if path.extension().is_some_and(|e| e == "html" || e == "htm") {
                both(&text);
                pages += 1;
            }
        }
        assert!(pages >= 5, "only {pages} HTML pages");
    }
    use crate::ast::{Section, TocTarget};

    /// [`attr`] finds what `Element::attr` finds, on every element of the HTML fixtures.
    #[test]
    fn attr_matches_element_attr() {
        let names = [
            "href",
            "role",
            "type",
            "style",
            "hidden",
            "aria-hidden",
            "aria-level",
            "open",
            "name",
            "id",
            "class",
            "xlink:href",
            "HREF",
            "",
            "data-x",
        ];
        let mut pages = vec![
            "<p id=a CLASS=b Hidden style='x'>t</p><svg><a xlink:href=x href=y>z</a></svg>"
                .to_string(),
        ];
        for (path, text) in crate::testing::fixture_texts() {
            if path.extension().is_some_and(|e| e == "html" || e == "htm") {
                pages.push(text);
            }
        }
        for page in &pages {
            let html = scraper::Html::parse_document(page);
            for node in html.tree.root().descendants() {
                if let Node::Element(e) = node.value() {
                    for (k, _) in e.attrs() {
                        assert_eq!(attr(e, k), e.attr(k), "{k}");
                    }
                    for n in names {
                        assert_eq!(attr(e, n), e.attr(n), "{n}");
                    }
                }
            }
        }
    }

    /// Matching runs of plain bytes at once aligns every HTML fixture and edge case as the
    /// byte loop did: the same pieces, comments and units of work.
    #[test]
    fn aligning_runs_matches_the_byte_loop() {
        let both = |text: &str| {
            let html = scraper::Html::parse_document(text);
            let mut fast = Aligner::new(text, 0);
            let mut slow = Aligner::new(text, 0);
            let mut a = Alignment::default();
            let mut b = Alignment::default();
            for node in html.tree.root().descendants() {
                if let Node::Text(t) = node.value() {
                    let core: &str = t.trim_matches(is_ws_char);
                    if core.is_empty() {
                        continue;
                    }
                    for (al, out, byte) in [(&mut fast, &mut a, false), (&mut slow, &mut b, true)] {
                        BYTE_LOOP.with(|f| f.set(byte));
                        if let Some(p) = al.text(core, Mode::Data) {
                            let start = out.pieces.len();
                            out.pieces.extend(p);
                            out.texts.insert(node.id(), (start, out.pieces.len()));
                        }
                    }
                }
            }
            BYTE_LOOP.with(|f| f.set(false));
            assert_eq!(
                (fast.pos, fast.work, fast.debt),
                (slow.pos, slow.work, slow.debt)
            );
            assert_eq!(a, b, "{}", text.chars().take(200).collect::<String>());
            let whole = |byte: bool| {
                BYTE_LOOP.with(|f| f.set(byte));
                let html = scraper::Html::parse_document(text);
                let al = Aligner::new(text, 0).align(html.tree.root());
                BYTE_LOOP.with(|f| f.set(false));
                al
            };
            assert_eq!(whole(false), whole(true));
        };
        both("<p>caf&eacute; &amp; cr\u{e8}me</p><p>a</span>b\0c</p><!-- x --><p>x &lt; y</p>");
        both("<title>A &amp; B</title><script>if (a < b) {}</script><p>多 语言 text</p>");
        both("<p>one two  three</p><p>one two  thre</p><p>é</p><p></p>");
        let mut pages = 0;
        for (path, text) in crate::testing::fixture_texts() {
            if path.extension().is_some_and(|e| e == "html" || e == "htm") {
                both(&text);
                pages += 1;
            }
        }
        assert!(pages >= 5, "only {pages} HTML pages");
    }

    /// Parses through the shared last steps, as `redline` does.
    fn doc(src: &str) -> Document {
        crate::parse::finish(parse(src))
    }

    fn texts(doc: &Document) -> Vec<&Text> {
        let mut out: Vec<&Text> = doc.title.iter().collect();
        for b in doc.all_blocks() {
            out.extend(b.texts());
        }
        out
    }

    /// Every span is in range and on character boundaries, and every segment is a
    /// verbatim copy of the source.
    fn check_spans(src: &str, doc: &Document) {
        let ok = |s: Span| {
            assert!(
                s.start <= s.end
                    && s.end <= src.len()
                    && src.is_char_boundary(s.start)
                    && src.is_char_boundary(s.end),
                "bad span {s:?} in a text of {} bytes",
                src.len()
            )
        };
        for t in texts(doc) {
            ok(t.span);
            for (off, seg) in t.source_segments() {
                ok(seg);
                assert_eq!(
                    t.text.get(off..off + seg.len()),
                    Some(&src[seg.start..seg.end]),
                    "segment {seg:?} of {:?}",
                    t.text
                );
            }
            for l in &t.links {
                ok(l.span);
            }
        }
        for s in doc.all_sections() {
            ok(s.span);
            ok(s.title_span);
            ok(s.heading_span);
        }
        for c in &doc.comments {
            ok(c.span);
        }
        if let Some(toc) = &doc.toc {
            for e in &toc.entries {
                ok(e.span);
                ok(e.title_span);
            }
        }
    }

    fn titles(sections: &[Section]) -> Vec<&str> {
        sections.iter().map(|s| s.title.as_str()).collect()
    }

    fn paragraphs(doc: &Document) -> Vec<&str> {
        doc.all_blocks()
            .into_iter()
            .filter_map(|b| match b {
                Block::Paragraph(t) => Some(t.text.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The source text at a byte range of `t.text`.
    fn source_of<'s>(src: &'s str, t: &Text, needle: &str) -> &'s str {
        let at = t.text.find(needle).expect("needle in text");
        let s = t.source_span(at, at + needle.len());
        &src[s.start..s.end]
    }

    #[test]
    fn character_references_decode_and_map_back() {
        let src = "<p>Bird &amp; Bird&nbsp;SRL &#8217;s caf&eacute; &copy 2020 &#x41;&#150; &notit; &bogus;</p>";
        let d = doc(src);
        check_spans(src, &d);
        let p = &paragraphs(&d)[0];
        assert_eq!(
            *p,
            "Bird & Bird\u{a0}SRL \u{2019}s caf\u{e9} \u{a9} 2020 A\u{2013} \u{ac}it; &bogus;"
        );
        let Block::Paragraph(t) = &d.preamble[0] else {
            panic!("{:?}", d.preamble)
        };
        // Verbatim runs map to themselves; a run across a reference maps to the whole text.
        assert_eq!(source_of(src, t, "SRL"), "SRL");
        assert_eq!(source_of(src, t, "2020"), "2020");
        assert_eq!(t.source_span(0, t.text.len()), t.span);
        assert_eq!(&src[t.span.start..t.span.end], &src[3..src.len() - 4]);
    }

    #[test]
    fn char_ref_table() {
        let one = |s: &str| char_ref(s.as_bytes(), 0);
        assert_eq!(one("&amp;x"), Some((5, '&', None)));
        assert_eq!(one("&ampx"), Some((4, '&', None)));
        assert_eq!(one("&notin;"), Some((7, '\u{2209}', None)));
        assert_eq!(one("&notit;"), Some((4, '\u{ac}', None)));
        assert_eq!(one("&#x41;"), Some((6, 'A', None)));
        assert_eq!(one("&#65"), Some((4, 'A', None)));
        assert_eq!(one("&#150;"), Some((6, '\u{2013}', None)));
        assert_eq!(one("&#0;"), Some((4, '\u{fffd}', None)));
        assert_eq!(one("&#99999999999;"), Some((14, '\u{fffd}', None)));
        assert_eq!(
            one("&NotEqualTilde;"),
            Some((15, '\u{2242}', Some('\u{338}')))
        );
        assert_eq!(one("&#;"), None);
        assert_eq!(one("& b"), None);
        assert_eq!(one("&zzz;"), None);
    }

    #[test]
    fn line_breaks_and_nested_inline_tags() {
        let src = "<body><p>We <b>do <i>not</i></b>\n   sell <a href=\"mailto:dpo@example.com\">dpo@<em>example</em>.com</a>.<br>Line two<br/><br>\nNext paragraph</p>\n<p>foo</span>bar</p></body>";
        let d = doc(src);
        check_spans(src, &d);
        assert_eq!(
            paragraphs(&d),
            [
                "We do not sell dpo@example.com. Line two",
                "Next paragraph",
                "foobar"
            ]
        );
        let Block::Paragraph(t) = &d.preamble[0] else {
            panic!()
        };
        assert_eq!(t.links.len(), 1);
        assert_eq!(t.links[0].target, "mailto:dpo@example.com");
        assert_eq!(t.links[0].text, "dpo@example.com");
        assert_eq!(
            &src[t.links[0].span.start..t.links[0].span.end],
            "dpo@<em>example</em>.com"
        );
        assert_eq!(source_of(src, t, "Line two"), "Line two");
        // An ignored end tag does not split the text node: both halves map back.
        let Block::Paragraph(fb) = &d.preamble[2] else {
            panic!()
        };
        assert_eq!(source_of(src, fb, "foo"), "foo");
        assert_eq!(source_of(src, fb, "bar"), "bar");
        assert_eq!(&src[fb.span.start..fb.span.end], "foo</span>bar");
    }

    #[test]
    fn scripts_styles_and_their_fake_headings_are_skipped() {
        let src = "<html><head><title>T</title><style>h1 { color: red } /* <h1>Style</h1> */</style>\n<script>if (a<b) { document.write(\"<h1>Fake</h1><p>Real</p>\"); } // <!-- </scr + ipt>\n</script></head>\n<body><noscript><h2>Enable JavaScript</h2></noscript>\n<template><h2>Template</h2></template>\n<h2>Real</h2>\n<p>Real text.</p></body></html>";
        let d = doc(src);
        check_spans(src, &d);
        assert_eq!(titles(&d.sections), ["Real"]);
        let s = &d.sections[0];
        assert_eq!(&src[s.title_span.start..s.title_span.end], "Real");
        let line = src[..s.title_span.start].matches('\n').count() + 1;
        assert_eq!(line, 6);
        assert_eq!(paragraphs(&d), ["Real text."]);
        assert_eq!(d.title.as_ref().unwrap().text, "T");
    }

    #[test]
    fn headings_nest_and_the_lone_h1_is_the_title() {
        let src = "<h1>Privacy Policy</h1>\n<p>Intro.</p>\n<h2>What we collect</h2>\n<p>A.</p>\n<h3>Device data</h3>\n<p>B.</p>\n<h2>Contact</h2>\n<ul><li>One<ul><li>Two</li></ul></li><li>Three</li></ul>";
        let d = doc(src);
        check_spans(src, &d);
        assert_eq!(d.title.as_ref().unwrap().text, "Privacy Policy");
        assert_eq!(titles(&d.sections), ["What we collect", "Contact"]);
        assert_eq!(titles(&d.sections[0].children), ["Device data"]);
        assert_eq!(d.sections[0].children[0].level, 2);
        match &d.sections[1].blocks[0] {
            Block::List { items, span } => {
                let t: Vec<_> = items.iter().map(|i| i.text.as_str()).collect();
                assert_eq!(t, ["One", "Two", "Three"]);
                assert_eq!(
                    &src[span.start..span.end],
                    "One<ul><li>Two</li></ul></li><li>Three"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn anchor_toc_resolves_through_ids() {
        let src = r##"<body><header><a href="/">Home</a></header>
<h1>Privacy Policy</h1>
<nav class="toc"><ol>
<li><a href="#collect">Information we collect</a></li>
<li><a href="#share">How we share it</a></li>
<li><a href="#rights">Your rights</a></li>
<li><a href="#gone">Gone</a></li>
</ol></nav>
<h2 id="collect">1. Information we collect</h2><p>A.</p>
<section id="share"><h2>How we share it</h2><p>B.</p></section>
<h2><a name="rights"></a>Rights</h2><p>C.</p>
<footer>© Example</footer></body>"##;
        let d = doc(src);
        check_spans(src, &d);
        assert_eq!(
            titles(&d.sections),
            ["Information we collect", "How we share it", "Rights"]
        );
        assert_eq!(d.sections[0].number.as_ref().unwrap().text, "1");
        assert!(d.sections[0].anchors.contains(&"collect".to_string()));
        assert!(d.sections[1].anchors.contains(&"share".to_string()));
        assert!(d.sections[2].anchors.contains(&"rights".to_string()));
        let toc = d.toc.as_ref().expect("a TOC");
        let targets: Vec<_> = toc.entries.iter().map(|e| e.target).collect();
        assert_eq!(
            targets,
            [
                Some(TocTarget::Section { index: 0 }),
                Some(TocTarget::Section { index: 1 }),
                Some(TocTarget::Section { index: 2 }),
                None
            ]
        );
        assert_eq!(toc.entries[3].anchor.as_deref(), Some("gone"));
        // Site chrome outside main/article is not content.
        assert!(!d.body_text().contains("Home"));
        assert!(!d.body_text().contains("Example"));
    }

    #[test]
    fn bold_paragraphs_are_pseudo_headings() {
        let src = "<body><h2>Privacy Policy</h2><p>Intro.</p>\n<p><strong>1. Information we collect</strong></p><p>We collect A.</p>\n<p><b>Cookies</b></p><p>We use none.</p>\n<div><span style=\"font-weight: bold\">Contact</span></div><div>Write to us.</div>\n<p><strong>Note:</strong> bold lead-ins are not headings.</p><ul><li><b>Only bold</b></li></ul></body>";
        let d = doc(src);
        check_spans(src, &d);
        assert_eq!(d.title.as_ref().unwrap().text, "Privacy Policy");
        assert_eq!(
            titles(&d.sections),
            ["Information we collect", "Cookies", "Contact"]
        );
        assert_eq!(d.sections[0].number.as_ref().unwrap().text, "1");
        assert_eq!(
            paragraphs(&d),
            [
                "Intro.",
                "We collect A.",
                "We use none.",
                "Write to us.",
                "Note: bold lead-ins are not headings."
            ]
        );
    }

    #[test]
    fn main_content_chrome_banners_and_hidden_text() {
        let long = "We use cookies to remember your settings and to measure how the site is used. \
                    You can refuse them in your browser; the site still works. Analytics cookies \
                    expire after thirteen months and are never shared with advertisers or with \
                    anyone else who could use them to follow you across other sites.";
        let src = format!(
            r#"<body><div id="cookie-banner"><p>We use cookies. <button>Accept</button></p></div>
<div class="cc-window"><h2>Cookies</h2><p>{long}</p></div>
<nav><a href="/a">A</a><a href="/b">B</a></nav>
<main><header><h1>Privacy</h1></header>
<p hidden>Hidden.</p><p aria-hidden="true">Also hidden.</p><p style="display: none">Gone.</p>
<h2>Data</h2><p>Text<span class="sr-only"> (opens in a new tab)</span>.</p>
<section class="cookie-notice"><h2>Cookie notice</h2><p>{long}</p></section>
<footer><p>Last updated: 2024-01-02</p></footer>
</main><aside>Outside main.</aside></body>"#
        );
        let d = doc(&src);
        check_spans(&src, &d);
        assert_eq!(d.title.as_ref().unwrap().text, "Privacy");
        assert_eq!(titles(&d.sections), ["Data", "Cookie notice"]);
        assert_eq!(paragraphs(&d)[0], "Text.");
        let body = d.body_text();
        for gone in ["Accept", "Hidden", "Gone", "Outside main", "opens in"] {
            assert!(!body.contains(gone), "{gone} in {body}");
        }
        // A footer inside main is content: its date is the policy's.
        assert_eq!(d.metadata.dates.len(), 1);
        assert_eq!(d.metadata.dates[0].date.to_string(), "2024-01-02");
    }

    #[test]
    fn largest_article_without_main() {
        let src = "<body><article><p>Teaser.</p></article><article><h1>Privacy</h1><h2>One</h2><p>Long text here.</p><h2>Two</h2><p>More.</p></article></body>";
        let d = doc(src);
        assert_eq!(d.title.as_ref().unwrap().text, "Privacy");
        assert_eq!(titles(&d.sections), ["One", "Two"]);
        assert!(!d.body_text().contains("Teaser"));
    }

    #[test]
    fn tables_quotes_and_layout_tables() {
        let src = "<h2>Recipients</h2><table><thead><tr><th>Who</th><th>Why</th></tr></thead>\n<tbody><tr><td>Hosts</td><td><ul><li>Storage</li><li>Backups</li></ul></td></tr></tbody></table>\n<blockquote><p>Quoted.</p><blockquote><p>Deeper.</p></blockquote></blockquote>\n<table><tr><td><h2>Layout section</h2><p>Inside a cell.</p></td></tr></table>";
        let d = doc(src);
        check_spans(src, &d);
        assert_eq!(titles(&d.sections), ["Recipients", "Layout section"]);
        match &d.sections[0].blocks[0] {
            Block::Table { rows, span } => {
                let cells: Vec<Vec<&str>> = rows
                    .iter()
                    .map(|r| r.iter().map(|c| c.text.as_str()).collect())
                    .collect();
                assert_eq!(
                    cells,
                    [vec!["Who", "Why"], vec!["Hosts", "Storage Backups"]]
                );
                assert!(src[span.start..span.end].starts_with("Who"));
            }
            other => panic!("{other:?}"),
        }
        match &d.sections[0].blocks[1] {
            Block::Quote { blocks, .. } => {
                assert_eq!(blocks.len(), 2);
                assert!(matches!(blocks[1], Block::Quote { .. }));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(paragraphs(&d).last(), Some(&"Inside a cell."));
    }

    #[test]
    fn comments_are_recorded_with_their_spans() {
        let src = "<!DOCTYPE html><html><head><script>// <!-- not a comment --></script></head><body>\n<!-- redline-disable-next-line S001: legacy -->\n<h2>A</h2><p>x<!-- inline -->y</p><?php echo 1; ?>\n<!--\nmulti\n--></body></html>";
        let d = doc(src);
        check_spans(src, &d);
        let got: Vec<_> = d.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            got,
            ["redline-disable-next-line S001: legacy", "inline", "multi"]
        );
        let c = &d.comments[0];
        assert_eq!(
            &src[c.span.start..c.span.end],
            "<!-- redline-disable-next-line S001: legacy -->"
        );
        assert_eq!(paragraphs(&d), ["xy"]);
    }

    #[test]
    fn unclosed_and_misnested_markup() {
        let src = "<p>One <b>bold <i>both</b> italic?</i>\n<p>Two <a href=\"#x\">link\n<div>Three<li>stray item\n<table><tr><td>A</td></tr>foo</table><p>after";
        let d = doc(src);
        check_spans(src, &d);
        let body = d.body_text();
        for word in [
            "One",
            "bold",
            "both",
            "Two",
            "link",
            "Three",
            "stray item",
            "A",
            "foo",
            "after",
        ] {
            assert!(body.contains(word), "{word} missing from {body:?}");
        }
        let after = texts(&d)
            .into_iter()
            .find(|t| t.text == "after")
            .expect("after");
        assert_eq!(&src[after.span.start..after.span.end], "after");
    }

    #[test]
    fn ten_thousand_nested_divs() {
        let depth = 10_000;
        let src = format!(
            "<h2>Deep</h2>{}<p>Bottom text.</p>{}<p>After.</p>",
            "<div id=\"d\">".repeat(depth),
            "</div>".repeat(depth)
        );
        let started = std::time::Instant::now();
        let d = doc(&src);
        check_spans(&src, &d);
        assert_eq!(titles(&d.sections), ["Deep"]);
        assert_eq!(paragraphs(&d), ["Bottom text.", "After."]);
        // Linear: well under a second even in a debug build (quadratic took minutes).
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        // Nested lists, quotes and tables too.
        for unit in ["<ul><li><blockquote>", "<table><tr><td>", "<ol><li>"] {
            let src = format!("{}x{}", unit.repeat(depth), "<p>y</p>");
            let d = doc(&src);
            check_spans(&src, &d);
            assert!(d.body_text().contains('x'), "{unit}");
            assert!(d.body_text().contains('y'), "{unit}");
        }
    }

    #[test]
    fn nesting_guard_blanks_deep_tags_only() {
        let src = format!("{}x{}", "<div>".repeat(200), "</div>".repeat(200));
        let out = flatten_nesting(&src, 0);
        assert_eq!(out.len(), src.len());
        assert_eq!(out.matches("<div>").count(), MAX_NESTING);
        assert_eq!(out.matches("</div>").count(), MAX_NESTING);
        let tables = "<table><tr><td>".repeat(200);
        assert_eq!(
            flatten_nesting(&tables, 0).matches("<table>").count(),
            MAX_NESTING
        );
        // Shallow pages pass through untouched (borrowed, no copy).
        let page = "<div><p>a<div><span>b</span></div></div>";
        assert!(matches!(flatten_nesting(page, 0), Cow::Borrowed(_)));
        // Unclosed paragraphs and inline tags closed by their block do not accumulate.
        let sloppy = "<div><font>x</div>".repeat(1000) + &"<p>y".repeat(1000);
        assert!(matches!(flatten_nesting(&sloppy, 0), Cow::Borrowed(_)));
    }

    #[test]
    fn pages_with_no_text() {
        for src in [
            "<html><head><title></title></head><body></body></html>",
            "<script>var x = '<h1>no</h1>';</script>",
            "<!-- only a comment -->",
            "<div><div></div></div>",
            "<",
            "&",
            "</",
            "<!--",
            "<a href=",
        ] {
            let d = doc(src);
            check_spans(src, &d);
            assert!(d.title.is_none(), "{src}");
            assert!(d.sections.is_empty(), "{src}");
            assert!(
                d.preamble
                    .iter()
                    .all(|b| b.texts().iter().all(|t| t.text.len() <= 8)),
                "{src}: {:?}",
                d.preamble
            );
        }
        let d = doc("<html><head><title>Privacy &amp; Cookies</title></head><body></body></html>");
        assert_eq!(d.title.unwrap().text, "Privacy & Cookies");
    }

    #[test]
    fn front_matter_is_not_content() {
        let src = "---\ntitle: Our Privacy Policy\nlayout: page\n---\n<h2>One</h2><p>A.</p><h2>Two</h2><p>B.</p>\n";
        let d = doc(src);
        check_spans(src, &d);
        assert_eq!(d.title.as_ref().unwrap().text, "Our Privacy Policy");
        assert_eq!(titles(&d.sections), ["One", "Two"]);
        assert!(!d.body_text().contains("layout"));
    }

    #[test]
    fn text_the_parser_moves_does_not_derail_alignment() {
        // Foster parenting moves "foo" before the table in the DOM; the cursor must still
        // find every later node.
        let src = "<table><tr><td>A</td></tr>foo<tr><td>B</td></tr></table>\n<h2>Later</h2><p>Text &amp; more.</p>";
        let d = doc(src);
        check_spans(src, &d);
        let s = &d.sections[0];
        assert_eq!(&src[s.title_span.start..s.title_span.end], "Later");
        let p = &paragraphs(&d);
        assert!(p.contains(&"Text & more."), "{p:?}");
    }
}
