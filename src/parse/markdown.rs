//! The Markdown front end: pulldown-cmark events → [`Document`].
//!
//! CommonMark plus tables, strikethrough and front matter (YAML `---` or TOML `+++`, read
//! by [`crate::parse::front_matter`] for title, dates and version). ATX (`## Title`)
//! and setext (`Title\n-----`) headings become sections; a lone `#` heading at the top is
//! the title and the other headings' levels are counted from the highest remaining one.
//! A paragraph that is nothing but bold text ("**Information we collect**"), or a one-line
//! ALL-CAPS paragraph ("4\\. PENDANT COMBIEN DE TEMPS ... ?", typical of PDF conversions), is
//! a heading one level below the current section, because many policies are written that
//! way.
//! Nested lists are flattened into their parent list (rules need the items, not the
//! nesting). Raw HTML is skipped; kramdown attribute lists (`{: datetime="..."}`) are
//! dropped from text.
//!
//! A table of contents is (a) a list under a heading such as "Table of contents" or
//! "On this page", (b) a list of in-page links (`[Title](#anchor)`) before the first
//! section, or (c) a list after a cue sentence ("we cover the following topics:") whose
//! titles reappear as headings.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::ast::{
    Block, Comment, Document, Format, Link, Metadata, Section, Segments, Span, Text, Toc, TocEntry,
};
use crate::parse::{
    is_toc_sentence, is_toc_unnumbered, normalise_title, normalise_unnumbered, split_number,
};

/// Deepest block-quote nesting kept in the AST; deeper quotes are folded into the quote at
/// this depth. Real policies never nest quotes; hostile input (`>>>>>…`) must not make the
/// tree deep enough to overflow the stack of recursive consumers (serialisers, rules).
pub const MAX_QUOTE_DEPTH: usize = 16;

/// Most words a bold-only paragraph may have to count as a heading.
pub(crate) const MAX_BOLD_HEADING_WORDS: usize = 14;

/// A run of inline text being collected. Its `text` and `segments` are working buffers,
/// reused from one run to the next ([`Pool`]): [`Inline::finish`] copies them out at their
/// final size, one allocation each, where growing a new buffer for every paragraph
/// reallocated it as it grew (c400: 36,292 runs, about 28 M instructions of buffer growth).
#[derive(Default)]
struct Inline {
    text: String,
    segments: Vec<(usize, Span)>,
    links: Vec<Link>,
    link_stack: Vec<(usize, String, usize)>,
    start: Option<usize>,
    end: usize,
    /// Whether some text outside any `**strong**` span is not white space (a paragraph
    /// without such text is a bold pseudo-heading).
    plain: bool,
    strong_depth: usize,
}

/// Emptied [`Inline`]s whose buffers the next runs reuse (at most as many as were open
/// at once).
#[derive(Default)]
struct Pool(Vec<Inline>);

impl Pool {
    /// An empty run, with the buffers of a finished one when there is one.
    fn take(&mut self) -> Inline {
        self.0.pop().unwrap_or_default()
    }

    /// Keeps `inline`, emptied ([`Inline::clear`]), for reuse.
    fn give(&mut self, mut inline: Inline) {
        inline.clear();
        self.0.push(inline);
    }
}

impl Inline {
    /// Appends a text event `s` whose source is `source[range]`. A segment (for mapping
    /// offsets back to the source) is recorded only where `s` is verbatim source text: for
    /// inline code the range includes the backticks, and escapes or entities (`\*`,
    /// `&amp;`) make the source longer than the text; those pieces map to the whole run.
    fn push(&mut self, s: &str, range: std::ops::Range<usize>, source: &str) {
        if s.is_empty() {
            return;
        }
        if !self.plain && self.strong_depth == 0 {
            self.plain = !s.trim().is_empty();
        }
        self.start.get_or_insert(range.start);
        self.end = self.end.max(range.end);
        let raw = source.get(range.clone()).unwrap_or("");
        let at = if raw == s { Some(0) } else { raw.find(s) };
        if let Some(at) = at {
            self.segments.push((
                self.text.len(),
                Span::new(range.start + at, range.start + at + s.len()),
            ));
        }
        self.text.push_str(s);
    }

    /// Empties the run, as [`Inline::default`] but keeping its buffers.
    fn clear(&mut self) {
        self.text.clear();
        self.segments.clear();
        self.links.clear();
        self.link_stack.clear();
        self.start = None;
        self.end = 0;
        self.plain = false;
        self.strong_depth = 0;
    }

    fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }

    fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The finished text, copied out of the working buffers (which [`Pool::give`] then
    /// empties). A text that is one verbatim piece of the source, its whole span, gets
    /// [`Segments::whole`], which needs no allocation: the same pieces.
    fn finish(&mut self, fallback: std::ops::Range<usize>) -> Text {
        if let Some(first_removed) = strip_ial(&mut self.text) {
            // Offsets after a removed attribute list moved: keep only the segments wholly
            // before it (the rest maps to the whole run).
            self.segments
                .retain(|(off, seg)| off + seg.len() <= first_removed);
        }
        let trimmed_end = self.text.trim_end().len();
        self.text.truncate(trimmed_end);
        let span = match self.start {
            Some(s) => Span::new(s, self.end),
            None => Span::new(fallback.start, fallback.end),
        };
        let segments = match self.segments[..] {
            [(0, seg)] if seg == span => Segments::whole(),
            _ => Segments::from(self.segments.to_vec()),
        };
        Text {
            text: self.text.as_str().to_owned(),
            links: std::mem::take(&mut self.links),
            span,
            segments,
        }
    }
}

/// ALL-CAPS text ("INFORMATION WE COLLECT"): see [`crate::parse::text::is_all_caps`].
fn is_all_caps(text: &str) -> bool {
    crate::parse::text::is_all_caps(text)
}

/// Removes kramdown inline attribute lists (`{: datetime="2025-10-31" }`, `{:#id}`); returns
/// the byte offset of the first one removed, if any.
fn strip_ial(text: &mut String) -> Option<usize> {
    let mut first = None;
    while let Some(start) = find_ial_open(text.as_bytes()) {
        match text[start..].find('}') {
            Some(end) => {
                text.replace_range(start..start + end + 1, "");
                first.get_or_insert(start);
            }
            None => break,
        }
    }
    first
}

/// The first `{:` in `bytes`: a search for `{` (memchr's SIMD `memchr`) that checks the
/// byte after each. Most texts hold no `{` at all; `str::find` or `memmem::find` set up a
/// substring searcher for each text (c400: 36,292 texts, 10 M instructions with
/// `memmem::find`).
fn find_ial_open(bytes: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'{', bytes).find(|&i| bytes.get(i + 1) == Some(&b':'))
}

enum Frame {
    Paragraph(Inline),
    Heading(u8, Inline, std::ops::Range<usize>),
    List(Vec<Text>, std::ops::Range<usize>),
    Item(Inline, std::ops::Range<usize>),
    Table(Vec<Vec<Text>>, Vec<Text>, std::ops::Range<usize>),
    Cell(Inline, std::ops::Range<usize>),
    Quote(Vec<Block>, std::ops::Range<usize>),
    Code(Inline, std::ops::Range<usize>),
    Skip,
    /// A quote nested deeper than [`MAX_QUOTE_DEPTH`]: its blocks go to the enclosing quote.
    Transparent,
}

/// One item of the flat stream the event walk produces (the HTML front end produces the
/// same stream and shares [`build`]).
pub(crate) enum Item {
    /// A heading; level 0 is a bold pseudo-heading. `ids` are explicit anchors (HTML `id`s)
    /// added to the heading's slug.
    Heading {
        level: u8,
        text: Text,
        span: Span,
        ids: Vec<String>,
    },
    Block(Block),
}

fn level_of(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// HTML comments in a raw HTML chunk that starts at byte `base` of the document.
fn comments_in(chunk: &str, base: usize, out: &mut Vec<Comment>) {
    let mut from = 0;
    while let Some(open) = chunk[from..].find("<!--") {
        let start = from + open;
        let Some(close) = chunk[start + 4..].find("-->") else {
            break;
        };
        let end = start + 4 + close + 3;
        out.push(Comment {
            text: chunk[start + 4..end - 3].trim().to_string(),
            span: Span::new(base + start, base + end),
        });
        from = end;
    }
}

/// Walks the events into a flat list of headings and top-level blocks, collecting HTML
/// comments on the way.
fn flatten(text: &str, comments: &mut Vec<Comment>) -> Vec<Item> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    opts.insert(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);
    let mut out: Vec<Item> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut quote_depth = 0usize;
    let mut pool = Pool::default();

    fn inline_of(stack: &mut [Frame]) -> Option<&mut Inline> {
        match stack.last_mut()? {
            Frame::Paragraph(i)
            | Frame::Heading(_, i, _)
            | Frame::Item(i, _)
            | Frame::Cell(i, _)
            | Frame::Code(i, _) => Some(i),
            _ => None,
        }
    }

    fn emit(stack: &mut [Frame], out: &mut Vec<Item>, block: Block) {
        for f in stack.iter_mut().rev() {
            match f {
                Frame::Quote(blocks, _) => {
                    blocks.push(block);
                    return;
                }
                Frame::Item(inline, _) => {
                    // A paragraph inside a list item: its text joins the item's text.
                    for t in block.texts() {
                        inline.space();
                        let base = inline.text.len();
                        inline.text.push_str(&t.text);
                        inline
                            .segments
                            .extend(t.source_segments().map(|(o, s)| (base + o, s)));
                        inline.links.extend(t.links.iter().cloned());
                        inline.start.get_or_insert(t.span.start);
                        inline.end = inline.end.max(t.span.end);
                    }
                    return;
                }
                Frame::Skip => return,
                _ => {}
            }
        }
        out.push(Item::Block(block));
    }

    for (event, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => stack.push(Frame::Paragraph(pool.take())),
                Tag::Heading { level, .. } => {
                    stack.push(Frame::Heading(level_of(level), pool.take(), range))
                }
                Tag::List(_) => {
                    // A nested list: the parent item's text so far becomes an item first,
                    // so that items stay in reading order.
                    if let Some(Frame::Item(inline, r)) = stack.last_mut()
                        && !inline.is_empty()
                    {
                        let done = inline.finish(r.clone());
                        inline.clear();
                        if let Some(Frame::List(items, _)) = stack
                            .iter_mut()
                            .rev()
                            .find(|f| matches!(f, Frame::List(..)))
                        {
                            items.push(done);
                        }
                    }
                    stack.push(Frame::List(Vec::new(), range))
                }
                Tag::Item => stack.push(Frame::Item(pool.take(), range)),
                Tag::Table(_) => stack.push(Frame::Table(Vec::new(), Vec::new(), range)),
                Tag::TableHead | Tag::TableRow => {}
                Tag::TableCell => stack.push(Frame::Cell(pool.take(), range)),
                Tag::BlockQuote(_) => {
                    // A counter, not a walk over the stack: `>>>>…` must stay linear.
                    if quote_depth >= MAX_QUOTE_DEPTH {
                        stack.push(Frame::Transparent);
                    } else {
                        quote_depth += 1;
                        stack.push(Frame::Quote(Vec::new(), range));
                    }
                }
                Tag::CodeBlock(_) => stack.push(Frame::Code(pool.take(), range)),
                Tag::HtmlBlock => {
                    // The start event's range covers the whole block (its lines follow as
                    // separate events), so multi-line comments are seen whole.
                    if let Some(chunk) = text.get(range.clone()) {
                        comments_in(chunk, range.start, comments);
                    }
                    stack.push(Frame::Skip)
                }
                Tag::MetadataBlock(_) => stack.push(Frame::Skip),
                Tag::Link { dest_url, .. } => {
                    if let Some(i) = inline_of(&mut stack) {
                        let at = i.text.len();
                        i.link_stack.push((at, dest_url.into_string(), range.start));
                    }
                }
                Tag::Strong => {
                    if let Some(i) = inline_of(&mut stack) {
                        i.strong_depth += 1;
                    }
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph => {
                    if let Some(Frame::Paragraph(mut i)) = stack.pop()
                        && !i.is_empty()
                    {
                        let bold_only = !i.plain;
                        let t = i.finish(range);
                        pool.give(i);
                        let in_container = stack
                            .iter()
                            .any(|f| matches!(f, Frame::Item(..) | Frame::Quote(..) | Frame::Skip));
                        // An ALL-CAPS paragraph of one line is a heading too: documents
                        // converted from PDF or Word keep their headings that way.
                        let one_line = || {
                            text.get(t.span.start..t.span.end)
                                .is_some_and(|src| !src.contains('\n'))
                        };
                        // The cheap tests first: most paragraphs fail them.
                        if (bold_only || is_all_caps(&t.text) && one_line())
                            && !in_container
                            && t.text
                                .split_whitespace()
                                .nth(MAX_BOLD_HEADING_WORDS)
                                .is_none()
                            && !t.text.ends_with(['.', ':', ',', ';'])
                            && crate::analyze::dates::find_dates(&t.text).is_empty()
                        {
                            out.push(Item::Heading {
                                level: 0,
                                span: t.span,
                                text: t,
                                ids: Vec::new(),
                            });
                        } else {
                            emit(&mut stack, &mut out, Block::Paragraph(t));
                        }
                    }
                }
                TagEnd::Heading(_) => {
                    if let Some(Frame::Heading(level, mut i, r)) = stack.pop() {
                        let span = Span::new(r.start, r.end);
                        let t = i.finish(r);
                        pool.give(i);
                        if !t.text.is_empty() {
                            out.push(Item::Heading {
                                level,
                                text: t,
                                span,
                                ids: Vec::new(),
                            });
                        }
                    }
                }
                TagEnd::Item => {
                    if let Some(Frame::Item(mut i, r)) = stack.pop()
                        && !i.is_empty()
                    {
                        let t = i.finish(r);
                        pool.give(i);
                        if let Some(Frame::List(items, _)) = stack.last_mut() {
                            items.push(t);
                        }
                    }
                }
                TagEnd::List(_) => {
                    if let Some(Frame::List(items, r)) = stack.pop() {
                        match stack.last_mut() {
                            Some(Frame::Item(..)) => {
                                // Nested: flatten into the enclosing list.
                                if let Some(Frame::List(parent, _)) = stack
                                    .iter_mut()
                                    .rev()
                                    .find(|f| matches!(f, Frame::List(..)))
                                {
                                    parent.extend(items);
                                }
                            }
                            _ => {
                                if !items.is_empty() {
                                    emit(
                                        &mut stack,
                                        &mut out,
                                        Block::List {
                                            items,
                                            span: Span::new(r.start, r.end),
                                        },
                                    );
                                }
                            }
                        }
                    }
                }
                TagEnd::TableCell => {
                    if let Some(Frame::Cell(mut i, r)) = stack.pop() {
                        let t = i.finish(r);
                        pool.give(i);
                        if let Some(Frame::Table(_, row, _)) = stack.last_mut() {
                            row.push(t);
                        }
                    }
                }
                TagEnd::TableHead | TagEnd::TableRow => {
                    if let Some(Frame::Table(rows, row, _)) = stack.last_mut() {
                        rows.push(std::mem::take(row));
                    }
                }
                TagEnd::Table => {
                    if let Some(Frame::Table(rows, _, r)) = stack.pop() {
                        emit(
                            &mut stack,
                            &mut out,
                            Block::Table {
                                rows,
                                span: Span::new(r.start, r.end),
                            },
                        );
                    }
                }
                TagEnd::BlockQuote(_) => {
                    if matches!(stack.last(), Some(Frame::Quote(..))) {
                        quote_depth = quote_depth.saturating_sub(1);
                    }
                    if let Some(Frame::Transparent) = stack.last() {
                        stack.pop();
                    } else if let Some(Frame::Quote(blocks, r)) = stack.pop()
                        && !blocks.is_empty()
                    {
                        emit(
                            &mut stack,
                            &mut out,
                            Block::Quote {
                                blocks,
                                span: Span::new(r.start, r.end),
                            },
                        );
                    }
                }
                TagEnd::CodeBlock => {
                    if let Some(Frame::Code(mut i, r)) = stack.pop()
                        && !i.is_empty()
                    {
                        let t = i.finish(r);
                        pool.give(i);
                        emit(&mut stack, &mut out, Block::Paragraph(t));
                    }
                }
                TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => {
                    stack.pop();
                }
                TagEnd::Link => {
                    if let Some(i) = inline_of(&mut stack)
                        && let Some((at, dest, start)) = i.link_stack.pop()
                    {
                        let text = i.text[at.min(i.text.len())..].trim().to_string();
                        i.links.push(Link {
                            text,
                            target: dest,
                            span: Span::new(start, range.end),
                        });
                    }
                }
                TagEnd::Strong => {
                    if let Some(i) = inline_of(&mut stack) {
                        i.strong_depth = i.strong_depth.saturating_sub(1);
                    }
                }
                _ => {}
            },
            Event::Text(s) | Event::Code(s) => {
                if let Some(i) = inline_of(&mut stack) {
                    i.push(&s, range, text);
                }
            }
            Event::InlineHtml(_) => {
                if let Some(chunk) = text.get(range.clone()) {
                    comments_in(chunk, range.start, comments);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(i) = inline_of(&mut stack) {
                    i.space();
                }
            }
            _ => {}
        }
    }
    out
}

/// Parses a Markdown policy. Never fails.
pub fn parse(text: &str) -> Document {
    let mut comments = Vec::new();
    let items = flatten(text, &mut comments);
    comments.dedup();
    build(text, items, comments, Format::Markdown)
}

/// Builds the document from the flat item stream: title, section tree, table of contents,
/// preamble. Shared with the HTML front end, so both formats make the same decisions.
pub(crate) fn build(
    text: &str,
    items: Vec<Item>,
    comments: Vec<Comment>,
    format: Format,
) -> Document {
    // Title: the first heading, when it has the highest level in the document and is the
    // only heading at that level (`# Privacy Policy`, or a lone `## Privacy policy` over
    // `###` sections). Bold pseudo-headings (level 0) do not count.
    let real_levels: Vec<u8> = items
        .iter()
        .filter_map(|i| match i {
            Item::Heading { level, .. } if *level > 0 => Some(*level),
            _ => None,
        })
        .collect();
    let top = real_levels.iter().copied().min();
    let first_heading = items
        .iter()
        .position(|i| matches!(i, Item::Heading { level, .. } if *level > 0));
    let title_idx = match (first_heading, top) {
        (Some(k), Some(top)) => {
            let Item::Heading { level, .. } = &items[k] else {
                unreachable!("position() found a heading")
            };
            let alone = real_levels.iter().filter(|l| **l == top).count() == 1;
            // A lone heading lower than `#` is a title when other headings sit under it
            // or when it opens the document (`## Sieve 隐私政策` over bold headings).
            let bold_below = items
                .iter()
                .any(|i| matches!(i, Item::Heading { level: 0, .. }));
            let opens = k == 0 && bold_below;
            let numbered = match &items[k] {
                Item::Heading { text, .. } => split_number(&text.text).0.is_some(),
                Item::Block(_) => false,
            };
            // A first heading that names the document ("Bitwarden Inc. Privacy Policy") and
            // has nothing under it before the next heading of the same level is the title
            // even when that level repeats.
            let names_document = match (&items[k], items.get(k + 1)) {
                (Item::Heading { text, .. }, Some(Item::Heading { level: next, .. })) => {
                    k == 0 && *next == *level && is_document_name(&text.text)
                }
                _ => false,
            };
            (!numbered
                && (*level == top && alone && (real_levels.len() > 1 || top == 1 || opens)
                    || names_document))
                .then_some(k)
        }
        _ => None,
    };
    let base = items
        .iter()
        .enumerate()
        .filter(|(k, _)| Some(*k) != title_idx)
        .filter_map(|(_, i)| match i {
            Item::Heading { level, .. } if *level > 0 => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(1);

    let mut title = None;
    let mut preamble = Vec::new();
    let mut toc: Option<Toc> = None;
    let mut stack: Vec<Section> = Vec::new();
    let mut done: Vec<Section> = Vec::new();
    let mut pending_toc_heading: Option<Span> = None;
    let mut seen_section = false;
    let mut last_real_level: Option<u8> = None;
    // Each heading's number, the byte offsets of the rest and whether the rest names a
    // table of contents, split once (a parse) and used for `headings_after`, the TOC-heading
    // test and the section below.
    let mut splits = Vec::new();
    for i in &items {
        if let Item::Heading { text, .. } = i {
            let (number, rest) = split_number(&text.text);
            let rest_start = rest.as_ptr() as usize - text.text.as_ptr() as usize;
            splits.push((
                number,
                rest_start,
                rest_start + rest.len(),
                is_toc_unnumbered(rest),
            ));
        }
    }
    // The normalised titles of all headings, which only a list that may be a table of
    // contents asks about: a list before the first section or after a TOC heading (the
    // tests of the loop below, without its `toc.is_none()`, which only makes them rarer).
    // Most documents have none, and their headings are not normalised (c400: 10.4 M
    // instructions of `normalise_unnumbered` and 4.7 M of set insertion when they all were).
    let may_ask = {
        let (mut seen, mut toc_heading) = (false, false);
        let mut split = splits.iter();
        items.iter().enumerate().any(|(k, i)| match i {
            Item::Heading { .. } => {
                let is_toc = split.next().is_some_and(|s| s.3);
                if Some(k) != title_idx {
                    toc_heading = is_toc;
                    seen = true;
                }
                false
            }
            Item::Block(Block::List { .. }) => toc_heading || !seen,
            Item::Block(_) => false,
        })
    };
    let mut headings_after: std::collections::HashSet<String> = std::collections::HashSet::new();
    if may_ask {
        for (i, s) in items
            .iter()
            .filter(|i| matches!(i, Item::Heading { .. }))
            .zip(&splits)
        {
            if let Item::Heading { text, .. } = i {
                headings_after.insert(normalise_unnumbered(&text.text[s.1..s.2]));
            }
        }
    }
    let mut splits = splits.into_iter();

    fn close_top(stack: &mut Vec<Section>, done: &mut Vec<Section>) {
        let Some(mut top) = stack.pop() else { return };
        top.close_span();
        match stack.last_mut() {
            Some(p) => p.children.push(top),
            None => done.push(top),
        }
    }

    for (k, item) in items.into_iter().enumerate() {
        match item {
            Item::Heading {
                level,
                text: t,
                span,
                ids,
            } => {
                let (number, rest_start, rest_end, is_toc) = splits.next().unwrap_or_default();
                if Some(k) == title_idx {
                    title = Some(t);
                    continue;
                }
                let rest = &t.text[rest_start..rest_end];
                pending_toc_heading = (toc.is_none() && is_toc).then_some(span);
                seen_section = true;
                // A bold pseudo-heading goes one level below the last real heading, so that
                // consecutive bold headings are siblings, not a staircase.
                let level = if level == 0 {
                    last_real_level.map_or(1, |l| l + 1)
                } else {
                    let l = level.saturating_sub(base) + 1;
                    last_real_level = Some(l);
                    l
                };
                let rest_off = t.text.len() - rest.len();
                let title_span = t.source_span(rest_off, t.text.len());
                let title_span = if title_span == t.span && rest_off > 0 {
                    Span::new(
                        t.span.end.saturating_sub(rest.len()).max(t.span.start),
                        t.span.end,
                    )
                } else {
                    title_span
                };
                while stack.last().is_some_and(|s| s.level >= level) {
                    close_top(&mut stack, &mut done);
                }
                stack.push(Section {
                    number,
                    title: rest.to_string(),
                    title_span,
                    heading_span: span,
                    level,
                    anchors: heading_anchors(&t, ids),
                    kinds: Vec::new(),
                    blocks: Vec::new(),
                    children: Vec::new(),
                    span,
                });
            }
            Item::Block(block) => {
                if toc.is_none()
                    && (pending_toc_heading.is_some() || !seen_section)
                    && let Block::List {
                        items: entries,
                        span,
                    } = &block
                {
                    let anchors = entries
                        .iter()
                        .filter(|e| e.links.iter().any(|l| l.target.starts_with('#')))
                        .count();
                    let reappear = entries
                        .iter()
                        .filter(|e| headings_after.contains(&normalise_title(&e.text)))
                        .count();
                    // A cue sentence ("this policy covers the following:") also
                    // introduces ordinary lists, so it needs one entry that is a link
                    // or a heading elsewhere.
                    let cue_sentence = !seen_section
                        && preamble.last().is_some_and(|b: &Block| match b {
                            Block::Paragraph(p) => is_toc_sentence(&p.text),
                            _ => false,
                        });
                    let cue_before =
                        pending_toc_heading.is_some() || (cue_sentence && anchors + reappear > 0);
                    let all_anchor_links = !seen_section
                        && entries.len() >= 2
                        && entries
                            .iter()
                            .all(|e| e.links.len() == 1 && e.links[0].target.starts_with('#'));
                    let titles_reappear =
                        !seen_section && entries.len() >= 3 && reappear * 2 >= entries.len();
                    if cue_before || all_anchor_links || titles_reappear {
                        let start = pending_toc_heading.map_or(span.start, |h| h.start);
                        toc = Some(Toc {
                            entries: entries.iter().map(toc_entry).collect(),
                            span: Span::new(start, span.end),
                        });
                        pending_toc_heading = None;
                        continue;
                    }
                }
                match stack.last_mut() {
                    Some(s) => s.blocks.push(block),
                    None => preamble.push(block),
                }
            }
        }
    }
    while !stack.is_empty() {
        close_top(&mut stack, &mut done);
    }

    let front = crate::parse::front_matter::parse(text);
    let (front_title, metadata) = match front {
        Some(f) => (
            f.title,
            Metadata {
                dates: f.dates,
                version: f.version,
                front_matter: Some(f.front_matter),
                ..Metadata::default()
            },
        ),
        None => (None, Metadata::default()),
    };
    Document {
        format,
        title: title.or(front_title),
        metadata,
        toc,
        preamble,
        sections: done,
        comments,
        span: Span::new(0, text.len()),
    }
}

/// Words that make a heading the name of the document ("... Privacy Policy").
const DOCUMENT_NAME_WORDS: &[&str] = &[
    "privacy policy",
    "privacy notice",
    "privacy statement",
    "cookie policy",
    "datenschutz",
    "confidentialité",
    "privacidad",
    "隐私",
    "隱私",
    "プライバシー",
];

fn is_document_name(text: &str) -> bool {
    let lower = text.to_lowercase();
    DOCUMENT_NAME_WORDS.iter().any(|w| lower.contains(w))
}

/// GitHub-style heading slug: lower case, letters, digits, `_` and `-` kept, spaces to `-`,
/// everything else dropped. `"1.3. Data Retention"` → `"13-data-retention"`.
///
/// One pass over the characters: an ASCII byte without the Unicode tables, another
/// character lower-cased on its own. That is `str::to_lowercase` but for its one mapping
/// that depends on the neighbours (`Σ` at the end of a word becomes `ς`), so a text with a
/// `Σ` is lower-cased whole ([`slug_of_lowercase`]). (c400: 6,229 slugs, 11.7 M instructions
/// when each non-ASCII title was lower-cased into a new string first.)
pub fn slug(text: &str) -> String {
    let text = text.trim();
    if !text.is_ascii() && text.contains('Σ') {
        return slug_of_lowercase(text);
    }
    // A slug of ASCII is never longer than the text; other text rarely is.
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            i += 1;
            match b {
                b' ' => out.push('-'),
                b if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => {
                    out.push(char::from(b.to_ascii_lowercase()));
                }
                _ => {}
            }
        } else {
            // `i` is where a character starts: only whole characters are stepped over.
            let c = text[i..].chars().next().unwrap_or_default();
            i += c.len_utf8();
            for l in c.to_lowercase() {
                if l == ' ' {
                    out.push('-');
                } else if l.is_alphanumeric() || l == '_' || l == '-' {
                    out.push(l);
                }
            }
        }
    }
    out
}

/// [`slug`] by its definition: the lower case of the whole (trimmed) text, filtered.
fn slug_of_lowercase(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
            _ => None,
        })
        .collect()
}

fn heading_anchors(t: &Text, ids: Vec<String>) -> Vec<String> {
    let mut v = vec![slug(&t.text)];
    for id in ids {
        if !v.contains(&id) {
            v.push(id);
        }
    }
    for l in &t.links {
        if let Some(id) = l.target.strip_prefix('#')
            && l.text.is_empty()
            && !v.iter().any(|a| a == id)
        {
            v.push(id.to_string());
        }
    }
    v
}

fn toc_entry(item: &Text) -> TocEntry {
    let (number, rest) = split_number(&item.text);
    let title_span = match item.links.first() {
        Some(l) => l.span,
        None => item.span,
    };
    TocEntry {
        number,
        title: rest.to_string(),
        title_span,
        span: item.span,
        anchor: item
            .links
            .first()
            .and_then(|l| l.target.strip_prefix('#'))
            .map(str::to_string),
        target: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_matches_its_definition() {
        let mut texts: Vec<String> = [
            "",
            "  ",
            "1.3. Data Retention",
            "Ἀρχή ΣΟΦΊΑΣ Σ",
            "ΌΣΟΣ ΣΑΣ",
            "Σ",
            "aΣ b",
            "İstanbul \u{212a}elvin Straße ẞ",
            "Daten\u{200b}schutz\u{ad} \u{a0}und\u{202f}Cookies",
            "隐私 政策 (2024)",
            "ǅungla_x-y",
            "\u{130}\u{130}\u{130}",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        texts.push("a".repeat(300));
        texts.push("Ä".repeat(300));
        for (_, text) in crate::testing::fixture_texts() {
            texts.extend(text.lines().map(str::to_string));
        }
        for t in &texts {
            assert_eq!(slug(t), slug_of_lowercase(t.trim()), "{t:?}");
        }
    }

    #[test]
    fn find_ial_open_matches_memmem() {
        let mut texts: Vec<String> = [
            "",
            "{",
            ":",
            "{:",
            ":{",
            "{{:",
            "a{b{:c",
            "{: datetime=\"2025-10-31\" }",
            "x {:#id} y {: .c}",
            "ß{İ:\u{212a}{:",
            "{".repeat(100).as_str(),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (_, text) in crate::testing::fixture_texts() {
            texts.extend(text.lines().map(str::to_string));
        }
        for t in &texts {
            assert_eq!(
                find_ial_open(t.as_bytes()),
                memchr::memmem::find(t.as_bytes(), b"{:"),
                "{t:?}"
            );
        }
    }

    #[test]
    fn title_sections_and_levels() {
        let doc = parse(
            "# Privacy Policy\n\nLast updated: 2026-11-02\n\n## Who we are\n\nText.\n\n### Detail\n\nMore.\n\n## Contact us\n\n- a\n  - b\n- c\n",
        );
        assert_eq!(doc.title.unwrap().text, "Privacy Policy");
        let titles: Vec<_> = doc.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Who we are", "Contact us"]);
        assert_eq!(doc.sections[0].level, 1);
        assert_eq!(doc.sections[0].children[0].title, "Detail");
        assert_eq!(doc.sections[0].children[0].level, 2);
        match &doc.sections[1].blocks[0] {
            Block::List { items, .. } => {
                let t: Vec<_> = items.iter().map(|i| i.text.as_str()).collect();
                assert_eq!(t, ["a", "b", "c"]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn front_matter_skipped_and_anchor_toc() {
        let src = "---\ntitle: X\n---\n\n# Notice\n\n- [Who we are](#who)\n- [Cookies](#cookies)\n- [Retention](#ret)\n\n## Who we are\n\nA.\n\n## Cookies\n\nB.\n";
        let doc = parse(src);
        let toc = doc.toc.expect("toc");
        assert_eq!(toc.entries.len(), 3);
        assert_eq!(toc.entries[2].title, "Retention");
        assert_eq!(
            &src[toc.entries[2].title_span.start..toc.entries[2].title_span.end],
            "[Retention](#ret)"
        );
        assert_eq!(doc.sections.len(), 2);
        assert!(doc.preamble.is_empty());
    }

    #[test]
    fn title_from_front_matter_and_bold_siblings() {
        let src = "---\ntitle: \"GitHub's Notice\"\n---\n\nIntro.\n\n## Rights\n\n**Access**\n\nA.\n\n**Deletion**\n\nB.\n";
        let doc = parse(src);
        let t = doc.title.unwrap();
        assert_eq!(t.text, "GitHub's Notice");
        assert_eq!(&src[t.span.start..t.span.end], "GitHub's Notice");
        // The only real heading is a section, not the title: a title needs sections under it.
        assert_eq!(doc.sections.len(), 1);
        let kids: Vec<_> = doc.sections[0]
            .children
            .iter()
            .map(|c| (c.title.as_str(), c.level))
            .collect();
        assert_eq!(kids, [("Access", 2), ("Deletion", 2)]);
    }

    #[test]
    fn lone_second_level_heading_is_the_title() {
        let doc = parse("Privacy Policy\n==============\n\n### One\n\nA.\n\n### Two\n\nB.\n");
        assert_eq!(doc.title.unwrap().text, "Privacy Policy");
        let doc = parse("## Privacy\n\n### One\n\nA.\n\n### Two\n\nB.\n");
        assert_eq!(doc.title.unwrap().text, "Privacy");
        assert_eq!(doc.sections.len(), 2);
        assert_eq!(doc.sections[1].level, 1);
    }

    #[test]
    fn comments_are_collected() {
        let src = "# T\n\n<!-- redline-disable-next-line S001: legacy -->\nText <!-- inline --> here.\n\n<!--\nmulti\nline\n-->\n";
        let doc = parse(src);
        let texts: Vec<_> = doc.comments.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "redline-disable-next-line S001: legacy",
                "inline",
                "multi\nline"
            ]
        );
        let c = &doc.comments[0];
        assert_eq!(
            &src[c.span.start..c.span.end],
            "<!-- redline-disable-next-line S001: legacy -->"
        );
    }

    #[test]
    fn all_caps_paragraphs_are_headings() {
        let src = "Intro text.\n\n1\\. WHO WE ARE ?\n\nWe are Acme.\n\nNOT A HEADING\nbecause it runs on.\n\n2\\. YOUR RIGHTS\n\nMany. WE DO NOT SELL YOUR DATA.\n\n数据使用 VPN 与 DNS 服务\n";
        let doc = parse(src);
        let titles: Vec<_> = doc
            .sections
            .iter()
            .map(|s| (s.number.as_ref().map(|n| n.text.as_str()), s.title.as_str()))
            .collect();
        assert_eq!(
            titles,
            [(Some("1"), "WHO WE ARE ?"), (Some("2"), "YOUR RIGHTS")]
        );
        let s = &doc.sections[1];
        assert_eq!(&src[s.title_span.start..s.title_span.end], "YOUR RIGHTS");
    }

    #[test]
    fn numbered_heading_with_escaped_dot() {
        let src = "### 1\\. Name and contact details\n\nText.\n";
        let doc = parse(src);
        let s = &doc.sections[0];
        assert_eq!(s.number.as_ref().unwrap().parts.as_slice(), [1]);
        assert_eq!(s.title, "Name and contact details");
        assert_eq!(
            &src[s.title_span.start..s.title_span.end],
            "Name and contact details"
        );
    }
}
