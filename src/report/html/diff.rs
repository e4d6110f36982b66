//! `redline diff --format html`: a redline of the whole new version, one page for one or
//! many files (`diff --git`).
//!
//! Per file: the verdict and counts; a table of the material changes with their reasons,
//! each linking to its place (`<nav>`); the document section by section, unchanged text
//! included, with every change of the [`DiffReport`] marked in place; then the table of fact
//! changes (old → new).
//!
//! **Rebuilding the document.** The report lists only what changed, sentence by sentence
//! (the unit the diff aligns). To show the changes in context, both versions are parsed
//! again and each section's sentences are taken exactly as the diff took them
//! (`diff::section_sentences`). In an aligned section, the sentences that no
//! change claims are the unchanged ones, in the same order on both sides; they anchor a
//! merge that puts each removed sentence (and the "moved from here" note of each sentence
//! that moved away) before the next unchanged sentence, and each added, changed or
//! moved-in sentence where it stands in the new version. Sections are shown in the new
//! order; a removed section, and the old place of a moved section, appear after the section
//! that preceded them in the old version. Sentences of the same paragraph stay together.
//! A change that cannot be placed (never expected) is shown at the end of its section, so
//! no change of the report is ever left out.
//!
//! **What is marked, precisely** (the browser test counts it against the JSON report):
//! every block change in `preamble` and `sections[].blocks` is rendered once. An `added`
//! block is one `<ins>`, a `removed` block one `<del>`; a `changed` or `moved` block gets
//! one `<ins>` per word operation `insert` and one `<del>` per word operation `delete`
//! whose text is not only whitespace (a whitespace-only insertion is shown as the space it
//! is, a whitespace-only deletion is dropped). Nothing else is an `<ins>` or `<del>`:
//! renamed titles, removed section headings, moves and fact changes are labelled in words.
//! So `count(ins) = added blocks + non-blank insert ops` and `count(del) = removed blocks +
//! non-blank delete ops`, summed over the report.

use std::collections::HashMap;

use maud::{Markup, html};

use super::{page, path_text, plural};
use crate::ast::{Document, Section, Span};
use crate::diff::facts::FactChange;
use crate::diff::{
    BlockChange, BlockChangeKind, DiffReport, Materiality, SectionChange, SectionChangeKind,
    WordOp, preamble_sentences, section_sentences,
};
use crate::source::Source;

/// One compared file: the report and the two versions it was made from.
#[derive(Debug, Clone, Copy)]
pub struct DiffInput<'a> {
    /// The diff of `old` and `new`.
    pub report: &'a DiffReport,
    /// The old version.
    pub old: &'a Source,
    /// The new version.
    pub new: &'a Source,
}

/// How many characters of a moved sentence the note at its old place quotes.
const MOVED_EXCERPT_CHARS: usize = 60;

/// Renders one page for all the compared files (none is fine: the page says so).
pub fn render(inputs: &[DiffInput]) -> String {
    let verdict = inputs
        .iter()
        .map(|i| i.report.verdict)
        .max()
        .unwrap_or(Materiality::None);
    let title = match inputs {
        [one] => format!(
            "Redline: {} → {} ({})",
            path_text(&one.report.old_path),
            path_text(&one.report.new_path),
            verdict_text(verdict)
        ),
        _ => format!(
            "Redline: {} ({})",
            plural(inputs.len(), "file"),
            verdict_text(verdict)
        ),
    };
    let body = html! {
        header {
            h1 { "Policy redline" }
            p.verdict {
                span.badge.(verdict) { (verdict_text(verdict)) } " "
                @match inputs {
                    [one] => { (counts(one.report)) }
                    _ => { (plural(inputs.len(), "file")) " compared" }
                }
            }
        }
        main {
            @if inputs.is_empty() {
                p { "No policy file differs." }
            }
            @if inputs.len() > 1 {
                nav aria-labelledby="files" {
                    h2 #files { "Files" }
                    ul.files {
                        @for (n, i) in inputs.iter().enumerate() {
                            li {
                                a href=(format!("#f{}", n + 1)) { span.path { (path_text(&i.report.new_path)) } }
                                " — " (verdict_text(i.report.verdict)) " (" (counts(i.report)) ")"
                            }
                        }
                    }
                }
            }
            @for (n, i) in inputs.iter().enumerate() {
                (file(&format!("f{}", n + 1), i, inputs.len() == 1))
            }
        }
    };
    page(&title, body)
}

fn verdict_text(m: Materiality) -> &'static str {
    match m {
        Materiality::None => "No change",
        Materiality::Editorial => "Editorial changes",
        Materiality::Substantive => "Substantive changes",
        Materiality::Material => "Material changes",
    }
}

/// Where a block change lives in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Loc {
    Preamble(usize),
    Section(usize, usize),
}

/// Where a sentence of the old version is: the preamble, or old section `i`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum OldPlace {
    Preamble,
    Section(usize),
}

fn block_id(f: &str, loc: Loc) -> String {
    match loc {
        Loc::Preamble(b) => format!("{f}-p{b}"),
        Loc::Section(s, b) => format!("{f}-c{s}-{b}"),
    }
}

fn block(r: &DiffReport, loc: Loc) -> &BlockChange {
    match loc {
        Loc::Preamble(b) => &r.preamble[b],
        Loc::Section(s, b) => &r.sections[s].blocks[b],
    }
}

/// Everything needed to render one file.
struct Ctx<'a> {
    f: String,
    r: &'a DiffReport,
    old_sections: Vec<&'a Section>,
    new_sections: Vec<&'a Section>,
    /// Report section for each old / new section.
    old_rs: Vec<Option<usize>>,
    new_rs: Vec<Option<usize>>,
    /// The new partner of each old section (aligned, changed or not).
    new_of_old: Vec<Option<usize>>,
    old_of_new: Vec<Option<usize>>,
    /// Sentences the diff aligned, per old and new section.
    old_sentences: Vec<Vec<(String, Span)>>,
    new_sentences: Vec<Vec<(String, Span)>>,
    old_preamble: Vec<(String, Span)>,
    new_preamble: Vec<(String, Span)>,
    /// The old sentence each moved block came from → that block.
    moved_from: HashMap<(OldPlace, usize), Loc>,
    /// Where the note at a moved block's old place is (its id), when it has one.
    moved_origin: HashMap<Loc, String>,
    /// Section ids, for links: report section → element id.
    section_ids: Vec<String>,
    /// The new version's language (BCP 47), when detected: the `lang` of its text.
    lang: Option<&'static str>,
    /// `Some("en")` for redline's own words inside the document's text (labels, notes)
    /// when the document is in another language.
    ui_lang: Option<&'static str>,
}

impl<'a> Ctx<'a> {
    fn new(f: &str, r: &'a DiffReport, od: &'a Document, nd: &'a Document) -> Self {
        let old_sections = od.all_sections();
        let new_sections = nd.all_sections();
        let mut old_rs = vec![None; old_sections.len()];
        let mut new_rs = vec![None; new_sections.len()];
        let old_at: HashMap<Span, usize> = old_sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.heading_span, i))
            .collect();
        let new_at: HashMap<Span, usize> = new_sections
            .iter()
            .enumerate()
            .map(|(j, s)| (s.heading_span, j))
            .collect();
        let mut new_of_old = vec![None; old_sections.len()];
        let mut old_of_new = vec![None; new_sections.len()];
        for (k, s) in r.sections.iter().enumerate() {
            let i = s.old.as_ref().and_then(|o| old_at.get(&o.span).copied());
            let j = s.new.as_ref().and_then(|n| new_at.get(&n.span).copied());
            if let Some(i) = i {
                old_rs[i] = Some(k);
            }
            if let Some(j) = j {
                new_rs[j] = Some(k);
            }
            if let (Some(i), Some(j)) = (i, j) {
                new_of_old[i] = Some(j);
                old_of_new[j] = Some(i);
            }
        }
        // Sections the report does not name are aligned and unchanged: the same number on
        // each side, in the same order (an unchanged section cannot have moved).
        let quiet_old = (0..old_sections.len()).filter(|&i| old_rs[i].is_none());
        let quiet_new: Vec<usize> = (0..new_sections.len())
            .filter(|&j| new_rs[j].is_none())
            .collect();
        for (i, &j) in quiet_old.zip(&quiet_new) {
            new_of_old[i] = Some(j);
            old_of_new[j] = Some(i);
        }
        let old_sentences: Vec<_> = old_sections.iter().map(|s| section_sentences(s)).collect();
        let new_sentences: Vec<_> = new_sections.iter().map(|s| section_sentences(s)).collect();
        let old_preamble = preamble_sentences(od);
        let new_preamble = preamble_sentences(nd);
        let section_ids = r
            .sections
            .iter()
            .map(|s| {
                match (
                    s.new.as_ref().and_then(|n| new_at.get(&n.span)),
                    s.old.as_ref().and_then(|o| old_at.get(&o.span)),
                ) {
                    (Some(j), _) => format!("{f}-n{j}"),
                    (None, Some(i)) => format!("{f}-o{i}"),
                    (None, None) => format!(
                        "{f}-x{}",
                        s.new.as_ref().or(s.old.as_ref()).map_or(0, |x| x.line)
                    ),
                }
            })
            .collect();
        let lang = super::document_lang(nd);
        let mut ctx = Ctx {
            f: f.to_string(),
            r,
            old_sections,
            new_sections,
            old_rs,
            new_rs,
            new_of_old,
            old_of_new,
            old_sentences,
            new_sentences,
            old_preamble,
            new_preamble,
            moved_from: HashMap::new(),
            moved_origin: HashMap::new(),
            section_ids,
            lang,
            ui_lang: lang.filter(|l| *l != "en").map(|_| "en"),
        };
        ctx.place_moves(&old_at);
        ctx
    }

    /// Finds the old sentence each moved block came from, so that its old place can say
    /// where it went (and the block can link back). A heading that turned into text links to
    /// its removed section.
    fn place_moves(&mut self, old_at: &HashMap<Span, usize>) {
        let mut index: HashMap<(&str, Span), Vec<(OldPlace, usize)>> = HashMap::new();
        for (k, (t, s)) in self.old_preamble.iter().enumerate().rev() {
            index
                .entry((t.as_str(), *s))
                .or_default()
                .push((OldPlace::Preamble, k));
        }
        for (i, sents) in self.old_sentences.iter().enumerate().rev() {
            for (k, (t, s)) in sents.iter().enumerate().rev() {
                index
                    .entry((t.as_str(), *s))
                    .or_default()
                    .push((OldPlace::Section(i), k));
            }
        }
        let mut moved_from = HashMap::new();
        let mut moved_origin = HashMap::new();
        for loc in all_locs(self.r) {
            let b = block(self.r, loc);
            if b.kind != BlockChangeKind::Moved {
                continue;
            }
            let (Some(old), Some(span)) = (b.old.as_deref(), b.old_span) else {
                continue;
            };
            if let Some(place) = index.get_mut(&(old, span)).and_then(Vec::pop) {
                moved_from.insert(place, loc);
                moved_origin.insert(loc, format!("{}-from", block_id(&self.f, loc)));
            } else if let Some(&i) = old_at.get(&span)
                && let Some(k) = self.old_rs[i]
            {
                moved_origin.insert(loc, self.section_ids[k].clone());
            }
        }
        self.moved_from = moved_from;
        self.moved_origin = moved_origin;
    }

    /// The section a block is in, as "§ 4 Title" text, for link labels.
    fn place_name(&self, loc: Loc) -> String {
        match loc {
            Loc::Preamble(_) => "the introduction".to_string(),
            Loc::Section(s, _) => format!("“{}”", section_title(&self.r.sections[s])),
        }
    }
}

/// Every block change of a report, in report order.
fn all_locs(r: &DiffReport) -> Vec<Loc> {
    (0..r.preamble.len())
        .map(Loc::Preamble)
        .chain(
            r.sections
                .iter()
                .enumerate()
                .flat_map(|(s, sc)| (0..sc.blocks.len()).map(move |b| Loc::Section(s, b))),
        )
        .collect()
}

fn section_title(s: &SectionChange) -> String {
    s.new
        .as_ref()
        .or(s.old.as_ref())
        .map(|x| match &x.number {
            Some(n) => format!("{n} {}", x.title),
            None => x.title.clone(),
        })
        .unwrap_or_default()
}

/// A section's heading text: number and title, without icon-font glyphs (as the diff's
/// section references have it).
fn heading_text(s: &Section) -> String {
    let title: String = s
        .title
        .chars()
        .filter(|c| !('\u{e000}'..='\u{f8ff}').contains(c))
        .collect();
    match &s.number {
        Some(n) => format!("{} {}", n.text, title.trim()),
        None => title.trim().to_string(),
    }
}

/// "1 material, 2 substantive, 0 editorial".
fn counts(r: &DiffReport) -> String {
    format!(
        "{} material, {} substantive, {} editorial",
        r.summary.material, r.summary.substantive, r.summary.editorial
    )
}

/// One file's part of the page; `single` when it is the only one (the page header then
/// carries its verdict).
fn file(f: &str, input: &DiffInput, single: bool) -> Markup {
    let r = input.report;
    let od = crate::parse::parse(input.old);
    let nd = crate::parse::parse(input.new);
    let ctx = Ctx::new(f, r, &od, &nd);
    html! {
        section.file aria-labelledby=(format!("{f}-title")) id=(f) {
            h2 #(format!("{f}-title")) {
                span.path { (path_text(&r.old_path)) } " → " span.path { (path_text(&r.new_path)) }
            }
            @if !single {
                p.verdict {
                    span.badge.(r.verdict) { (verdict_text(r.verdict)) } " " (counts(r))
                }
            }
            @if r.degraded {
                p.note { strong { "Note: " } "the diff deadline was reached; some changes are shown coarser than they are." }
            }
            (material_table(&ctx))
            (document(&ctx))
            (facts_table(f, &r.facts))
        }
    }
}

fn material_table(ctx: &Ctx) -> Markup {
    let f = &ctx.f;
    let r = ctx.r;
    // (change, section, reason, link target)
    let mut rows: Vec<(String, String, String, String)> = Vec::new();
    for (k, s) in r.sections.iter().enumerate() {
        if s.materiality != Materiality::Material {
            continue;
        }
        let title = section_title(s);
        let before = rows.len();
        for (b, bl) in s.blocks.iter().enumerate() {
            if bl.materiality == Materiality::Material {
                rows.push((
                    block_kind(bl.kind).into(),
                    title.clone(),
                    bl.reason.clone(),
                    block_id(f, Loc::Section(k, b)),
                ));
            }
        }
        if rows.len() == before {
            rows.push((
                section_kind(s),
                title,
                s.reason.clone(),
                ctx.section_ids[k].clone(),
            ));
        }
    }
    for (b, bl) in r.preamble.iter().enumerate() {
        if bl.materiality == Materiality::Material {
            rows.push((
                block_kind(bl.kind).into(),
                "(before the first section)".into(),
                bl.reason.clone(),
                block_id(f, Loc::Preamble(b)),
            ));
        }
    }
    for (n, fc) in r.facts.iter().enumerate() {
        if fc.materiality == Materiality::Material
            && !rows.iter().any(|(_, _, reason, _)| *reason == fc.reason)
        {
            rows.push((
                format!("{} {}", fc.fact, fc.change),
                "Fact changes".into(),
                fc.reason.clone(),
                format!("{f}-fact{n}"),
            ));
        }
    }
    // The same change and reason twice in one section (two sentences naming the same new
    // purpose) is one row, linking to the first.
    let mut seen = std::collections::HashSet::new();
    rows.retain(|(kind, section, reason, _)| {
        seen.insert((kind.clone(), section.clone(), reason.clone()))
    });
    let id = format!("{f}-material");
    html! {
        nav aria-labelledby=(id) {
            h3 #(id) { "Material changes" }
            @if rows.is_empty() {
                p { "No material changes." }
            } @else {
                table {
                    thead {
                        tr {
                            th scope="col" { "Change" }
                            th scope="col" { "Where" }
                            th scope="col" { "Reason" }
                        }
                    }
                    tbody {
                        @for (kind, section, reason, target) in &rows {
                            tr {
                                td { (kind) }
                                td { a href=(format!("#{target}")) { (section) } }
                                td { (reason) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn block_kind(k: BlockChangeKind) -> &'static str {
    match k {
        BlockChangeKind::Added => "added",
        BlockChangeKind::Removed => "removed",
        BlockChangeKind::Changed => "changed",
        BlockChangeKind::Moved => "moved",
    }
}

fn section_kind(s: &SectionChange) -> String {
    match s.kind {
        SectionChangeKind::Added => "section added".into(),
        SectionChangeKind::Removed => "section removed".into(),
        _ => {
            let mut v = Vec::new();
            if !s.blocks.is_empty() {
                v.push("changed");
            }
            if s.renamed {
                v.push("renamed");
            }
            if s.moved {
                v.push("moved");
            }
            if s.renumbered {
                v.push("renumbered");
            }
            v.join(", ")
        }
    }
}

fn facts_table(f: &str, facts: &[FactChange]) -> Markup {
    let id = format!("{f}-facts");
    html! {
        section aria-labelledby=(id) {
            h3 #(id) { "Fact changes" }
            @if facts.is_empty() {
                p { "No fact changed." }
            } @else {
                table {
                    thead {
                        tr {
                            th scope="col" { "Fact" }
                            th scope="col" { "Change" }
                            th scope="col" { "Old" }
                            th scope="col" { "New" }
                            th scope="col" { "Materiality" }
                        }
                    }
                    tbody {
                        @for (n, fc) in facts.iter().enumerate() {
                            tr id=(format!("{f}-fact{n}")) {
                                th scope="row" { (fc.fact) }
                                td { (fc.change) }
                                td { @if let Some(o) = &fc.old { (o) } @else { "—" } }
                                td { @if let Some(n) = &fc.new { (n) } @else { "—" } }
                                td { span.badge.(fc.materiality) { (fc.materiality) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What is shown in the document flow.
enum Item {
    /// New section `j` (with its old partner, if any).
    New(usize),
    /// Old section `i`, removed.
    Removed(usize),
    /// The old place of old section `i`, which moved to new section `j`.
    MovedAway(usize, usize),
}

fn document(ctx: &Ctx) -> Markup {
    let f = &ctx.f;
    // Old-only items go after the new place of the nearest earlier old section that kept
    // its place; `None` is "before every section".
    let mut after: HashMap<Option<usize>, Vec<Item>> = HashMap::new();
    let mut anchor: Option<usize> = None;
    for i in 0..ctx.old_sections.len() {
        let moved = ctx.old_rs[i].is_some_and(|k| ctx.r.sections[k].moved);
        match ctx.new_of_old[i] {
            Some(j) if !moved => anchor = Some(j),
            Some(j) => after.entry(anchor).or_default().push(Item::MovedAway(i, j)),
            None => after.entry(anchor).or_default().push(Item::Removed(i)),
        }
    }
    let mut items: Vec<Item> = after.remove(&None).unwrap_or_default();
    for j in 0..ctx.new_sections.len() {
        items.push(Item::New(j));
        items.extend(after.remove(&Some(j)).unwrap_or_default());
    }
    let mut rendered = vec![false; ctx.r.sections.len()];
    let min_level = ctx
        .new_sections
        .iter()
        .chain(&ctx.old_sections)
        .map(|s| s.level)
        .min()
        .unwrap_or(1);
    let mut prev_h = 4usize; // the first section heading is an h5 at most
    let mut heading = |level: u8| {
        let h = (5 + usize::from(level.saturating_sub(min_level)))
            .min(prev_h + 1)
            .min(6);
        prev_h = h;
        h
    };
    let id = format!("{f}-doc");
    let preamble_locs: Vec<Loc> = (0..ctx.r.preamble.len()).map(Loc::Preamble).collect();
    let preamble = merge(
        ctx,
        &ctx.old_preamble,
        OldPlace::Preamble,
        &ctx.new_preamble,
        &preamble_locs,
    );
    let mut sections: Vec<Markup> = Vec::new();
    for item in &items {
        sections.push(match *item {
            Item::New(j) => {
                let k = ctx.new_rs[j];
                if let Some(k) = k {
                    rendered[k] = true;
                }
                let h = heading(ctx.new_sections[j].level);
                new_section(ctx, j, k, h)
            }
            Item::Removed(i) => {
                let k = ctx.old_rs[i];
                if let Some(k) = k {
                    rendered[k] = true;
                }
                let h = heading(ctx.old_sections[i].level);
                removed_section(ctx, i, k, h)
            }
            Item::MovedAway(i, j) => moved_away(ctx, i, j),
        });
    }
    let leftover: Vec<usize> = (0..ctx.r.sections.len())
        .filter(|&k| !rendered[k])
        .collect();
    html! {
        section aria-labelledby=(id) {
            h3 #(id) { "Document" }
            p.legend {
                "Legend: "
                span.legend-ins { "inserted text" } " "
                span.legend-del { "deleted text" } " "
                span.legend-move { "moved text" } " "
                "Sections in grey are unchanged."
            }
            div.doc {
                @if !preamble.is_empty() {
                    section.doc-section.(if ctx.r.preamble.is_empty() { "unchanged" } else { "changed" })
                        aria-labelledby=(format!("{f}-pre")) {
                        h4 #(format!("{f}-pre")) { "Title and introduction" }
                        (paragraphs(ctx, &preamble))
                    }
                }
                @for s in &sections { (s) }
                @for k in &leftover {
                    (unplaced_section(ctx, *k))
                }
            }
        }
    }
}

/// Notes about a section: added, renamed, renumbered, moved, and its materiality.
fn section_notes(ctx: &Ctx, k: usize, old_index: Option<usize>) -> Markup {
    let s = &ctx.r.sections[k];
    html! {
        p.sec-notes {
            @match s.kind {
                SectionChangeKind::Added => { span.badge { "Added section" } }
                SectionChangeKind::Removed => { span.badge { "Removed section" } }
                _ => {}
            }
            @if s.renamed {
                span { "Renamed from “" (s.old.as_ref().map(|o| o.title.as_str()).unwrap_or("")) "”." }
            }
            @if s.renumbered {
                span {
                    "Renumbered from "
                    (s.old.as_ref().and_then(|o| o.number.as_deref()).unwrap_or("no number"))
                    "."
                }
            }
            @if s.moved {
                @if let Some(i) = old_index {
                    span { "Moved: " a href=(format!("#{}-o{i}", ctx.f)) { "see its old place" } "." }
                }
            }
            @if s.materiality > Materiality::None {
                span.badge.(s.materiality) { (s.materiality) }
                span { (s.reason) }
            }
        }
    }
}

fn new_section(ctx: &Ctx, j: usize, k: Option<usize>, h: usize) -> Markup {
    let sec = ctx.new_sections[j];
    let id = format!("{}-n{j}", ctx.f);
    let old = ctx.old_of_new[j];
    let (old_sents, place) = match old {
        Some(i) => (ctx.old_sentences[i].as_slice(), OldPlace::Section(i)),
        None => (&[][..], OldPlace::Section(usize::MAX)),
    };
    let locs: Vec<Loc> = k
        .map(|k| {
            (0..ctx.r.sections[k].blocks.len())
                .map(|b| Loc::Section(k, b))
                .collect()
        })
        .unwrap_or_default();
    let pieces = merge(ctx, old_sents, place, &ctx.new_sentences[j], &locs);
    let class = match k.map(|k| &ctx.r.sections[k]) {
        None => "unchanged",
        Some(s) if s.kind == SectionChangeKind::Added => "added",
        Some(s) if s.materiality == Materiality::Material => "material",
        Some(_) => "changed",
    };
    html! {
        section.doc-section.(class) id=(id) aria-labelledby=(format!("{id}-h")) {
            (heading_el(h, &format!("{id}-h"), html! { span lang=[ctx.lang] { (heading_text(sec)) } }))
            @if let Some(k) = k { (section_notes(ctx, k, old)) }
            (paragraphs(ctx, &pieces))
        }
    }
}

fn removed_section(ctx: &Ctx, i: usize, k: Option<usize>, h: usize) -> Markup {
    let sec = ctx.old_sections[i];
    let id = format!("{}-o{i}", ctx.f);
    let locs: Vec<Loc> = k
        .map(|k| {
            (0..ctx.r.sections[k].blocks.len())
                .map(|b| Loc::Section(k, b))
                .collect()
        })
        .unwrap_or_default();
    let pieces = merge(ctx, &ctx.old_sentences[i], OldPlace::Section(i), &[], &locs);
    let moved_text = k.is_some_and(|k| ctx.r.sections[k].text_moved);
    html! {
        section.doc-section.removed id=(id) aria-labelledby=(format!("{id}-h")) {
            (heading_el(h, &format!("{id}-h"), html! {
                span.vh { "Removed section: " }
                span.title-removed lang=[ctx.lang] { (heading_text(sec)) }
            }))
            @if let Some(k) = k { (section_notes(ctx, k, None)) }
            @if moved_text {
                p.sec-notes { "Its text is still in the new version, in other sections (marked as moved)." }
            }
            (paragraphs(ctx, &pieces))
        }
    }
}

fn moved_away(ctx: &Ctx, i: usize, j: usize) -> Markup {
    let sec = ctx.old_sections[i];
    html! {
        p.moved-from id=(format!("{}-o{i}", ctx.f)) {
            "Section “" (heading_text(sec)) "” was here in the old version; it moved to "
            a href=(format!("#{}-n{j}", ctx.f)) { "its new place" } "."
        }
    }
}

/// A report section whose headings were not found in the parsed versions (never expected):
/// its changes, so that none is left out.
fn unplaced_section(ctx: &Ctx, k: usize) -> Markup {
    let s = &ctx.r.sections[k];
    let pieces: Vec<Piece> = (0..s.blocks.len())
        .map(|b| Piece::Change(Loc::Section(k, b)))
        .collect();
    let id = &ctx.section_ids[k];
    html! {
        section.doc-section.changed id=(id) aria-labelledby=(format!("{id}-h")) {
            h5 #(format!("{id}-h")) { (section_title(s)) }
            (section_notes(ctx, k, None))
            (paragraphs(ctx, &pieces))
        }
    }
}

fn heading_el(level: usize, id: &str, content: Markup) -> Markup {
    match level {
        4 => html! { h4 #(id) { (content) } },
        5 => html! { h5 #(id) { (content) } },
        _ => html! { h6 #(id) { (content) } },
    }
}

/// One sentence in the document flow.
#[derive(Debug, Clone, Copy)]
enum Piece<'a> {
    /// Unchanged: its text, and the spans of its block in each version.
    Equal(&'a str, Option<Span>, Option<Span>),
    /// A block change of the report.
    Change(Loc),
    /// The old place of a sentence that moved (to the block change `Loc`): its old text
    /// and span.
    MovedFrom(Loc, &'a str, Span),
}

/// Puts the sentences of one section (or the preamble) in order, old and new together
/// (module docs).
fn merge<'a>(
    ctx: &'a Ctx,
    old: &'a [(String, Span)],
    place: OldPlace,
    new: &'a [(String, Span)],
    locs: &[Loc],
) -> Vec<Piece<'a>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Tag {
        Equal,
        /// The old side of a changed block, shown at its new place.
        Skip,
        Change(Loc),
        MovedFrom(Loc),
    }
    let mut old_tag = vec![Tag::Equal; old.len()];
    let mut new_tag = vec![Tag::Equal; new.len()];
    for (k, _) in old.iter().enumerate() {
        if let Some(&loc) = ctx.moved_from.get(&(place, k)) {
            old_tag[k] = Tag::MovedFrom(loc);
        }
    }
    let mut placed: Vec<bool> = vec![false; locs.len()];
    for (n, &loc) in locs.iter().enumerate() {
        let b = block(ctx.r, loc);
        let find = |tags: &[Tag], side: &[(String, Span)], text: Option<&str>, span| {
            let (text, span) = (text?, span?);
            (0..side.len())
                .find(|&x| tags[x] == Tag::Equal && side[x].1 == span && side[x].0 == text)
        };
        if matches!(b.kind, BlockChangeKind::Changed | BlockChangeKind::Removed)
            && let Some(x) = find(&old_tag, old, b.old.as_deref(), b.old_span)
        {
            old_tag[x] = if b.kind == BlockChangeKind::Removed {
                placed[n] = true;
                Tag::Change(loc)
            } else {
                Tag::Skip
            };
        }
        if b.kind != BlockChangeKind::Removed
            && let Some(x) = find(&new_tag, new, b.new.as_deref(), b.new_span)
        {
            new_tag[x] = Tag::Change(loc);
            placed[n] = true;
        }
    }
    let mut out = Vec::new();
    let (mut p, mut q) = (0, 0);
    loop {
        while p < old.len() && old_tag[p] != Tag::Equal {
            match old_tag[p] {
                Tag::Change(loc) => out.push(Piece::Change(loc)),
                Tag::MovedFrom(loc) => out.push(Piece::MovedFrom(loc, &old[p].0, old[p].1)),
                _ => {}
            }
            p += 1;
        }
        while q < new.len() && new_tag[q] != Tag::Equal {
            if let Tag::Change(loc) = new_tag[q] {
                out.push(Piece::Change(loc));
            }
            q += 1;
        }
        match (p < old.len(), q < new.len()) {
            (true, true) => {
                out.push(Piece::Equal(&new[q].0, Some(old[p].1), Some(new[q].1)));
                p += 1;
                q += 1;
            }
            (false, true) => {
                out.push(Piece::Equal(&new[q].0, None, Some(new[q].1)));
                q += 1;
            }
            // Old sentences no change claims and no new sentence matches: the diff saw
            // them as equal to new ones that were already used up. Not expected; the new
            // version's text has been shown in full.
            (true, false) => p += 1,
            (false, false) => break,
        }
    }
    for (n, &loc) in locs.iter().enumerate() {
        if !placed[n] {
            out.push(Piece::Change(loc));
        }
    }
    out
}

/// The spans that decide which paragraph a piece belongs to: (old, new).
fn piece_spans(ctx: &Ctx, p: &Piece) -> (Option<Span>, Option<Span>) {
    match *p {
        Piece::Equal(_, o, n) => (o, n),
        Piece::MovedFrom(_, _, o) => (Some(o), None),
        Piece::Change(loc) => {
            let b = block(ctx.r, loc);
            match b.kind {
                BlockChangeKind::Moved | BlockChangeKind::Added => (None, b.new_span),
                _ => (b.old_span, b.new_span),
            }
        }
    }
}

/// Groups pieces into paragraphs: a new paragraph starts where the block (in the new
/// version, or in the old one for old-only pieces) changes.
fn paragraphs(ctx: &Ctx, pieces: &[Piece]) -> Markup {
    let mut groups: Vec<Vec<Piece>> = Vec::new();
    let mut cur: (Option<Span>, Option<Span>) = (None, None);
    for p in pieces {
        let (o, n) = piece_spans(ctx, p);
        let new_para = groups.is_empty()
            || match n {
                Some(n) => cur.1.is_some_and(|c| c != n),
                None => o.is_some_and(|o| cur.0.is_some_and(|c| c != o)),
            };
        if new_para {
            groups.push(Vec::new());
            cur = (o, n);
        } else {
            cur = (o.or(cur.0), n.or(cur.1));
        }
        groups.last_mut().expect("a group").push(*p);
    }
    html! {
        @for g in &groups {
            p lang=[ctx.lang] {
                @for (k, piece) in g.iter().enumerate() {
                    @if k > 0 { " " }
                    (render_piece(ctx, piece))
                }
            }
        }
    }
}

fn render_piece(ctx: &Ctx, p: &Piece) -> Markup {
    match *p {
        Piece::Equal(text, _, _) => html! { (text) },
        Piece::MovedFrom(loc, text, _) => {
            let id = block_id(&ctx.f, loc);
            let excerpt: String = text.chars().take(MOVED_EXCERPT_CHARS).collect();
            let cut = excerpt.len() < text.len();
            html! {
                span.moved-from id=(format!("{id}-from")) lang=[ctx.ui_lang] {
                    "Moved from here: “" (excerpt) @if cut { "…" } "” → "
                    a href=(format!("#{id}")) { "now in " (ctx.place_name(loc)) }
                }
            }
        }
        Piece::Change(loc) => change(ctx, loc),
    }
}

fn change(ctx: &Ctx, loc: Loc) -> Markup {
    let b = block(ctx.r, loc);
    let id = block_id(&ctx.f, loc);
    let title = format!("{}: {}", b.materiality, b.reason);
    let material = b.materiality == Materiality::Material;
    html! {
        span.change.material[material] id=(id) title=(title) {
            @if material {
                span.tag.material lang=[ctx.ui_lang] { "material: " (b.reason) } " "
            }
            @match b.kind {
                BlockChangeKind::Added => {
                    ins { span.vh lang=[ctx.ui_lang] { "inserted: " } (b.new.as_deref().unwrap_or("")) }
                }
                BlockChangeKind::Removed => {
                    del { span.vh lang=[ctx.ui_lang] { "deleted: " } (b.old.as_deref().unwrap_or("")) }
                }
                BlockChangeKind::Changed => {
                    (words(&b.words, b.new.as_deref().unwrap_or(""), ctx.ui_lang))
                }
                BlockChangeKind::Moved => {
                    @if let Some(origin) = ctx.moved_origin.get(&loc) {
                        a.tag.moved href=(format!("#{origin}")) lang=[ctx.ui_lang] { "moved here" }
                    } @else {
                        span.tag.moved lang=[ctx.ui_lang] { "moved here" }
                    }
                    " "
                    span.moved { (words(&b.words, b.new.as_deref().unwrap_or(""), ctx.ui_lang)) }
                }
            }
        }
    }
}

/// Word operations as text with `<ins>`/`<del>` (module docs for which ones); `text` when
/// there are none (a block moved unchanged). `ui_lang` marks the English labels when the
/// document is in another language.
fn words(ops: &[WordOp], text: &str, ui_lang: Option<&str>) -> Markup {
    if ops.is_empty() {
        return html! { (text) };
    }
    html! {
        @for w in ops {
            @let blank = w.text.trim().is_empty();
            @match (w.op, blank) {
                ("equal", _) | ("insert", true) => { (w.text) }
                ("delete", true) => {}
                (op, false) => {
                    @let core = w.text.trim();
                    @let lead = &w.text[..w.text.len() - w.text.trim_start().len()];
                    @let trail = &w.text[w.text.trim_end().len()..];
                    (lead)
                    @if op == "delete" {
                        del { span.vh lang=[ui_lang] { "deleted: " } (core) }
                    } @else {
                        ins { span.vh lang=[ui_lang] { "inserted: " } (core) }
                    }
                    (trail)
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Format;
    use crate::diff::{DiffOptions, diff};

    fn redline(old: &str, new: &str) -> (DiffReport, String) {
        let o = Source::from_text("old.md", old, Format::Markdown);
        let n = Source::from_text("new.md", new, Format::Markdown);
        let r = diff(
            &o,
            &crate::parse::parse(&o),
            &n,
            &crate::parse::parse(&n),
            &DiffOptions::default(),
        );
        let html = render(&[DiffInput {
            report: &r,
            old: &o,
            new: &n,
        }]);
        (r, html)
    }

    #[test]
    fn changes_are_marked_in_context() {
        let old = "# Policy\n\n## Retention\n\nWe keep logs. We keep your data for 30 days. Then we delete it.\n\n## Contact\n\nWrite to us.\n\n## Old\n\nGone soon.\n";
        let new = "# Policy\n\n## Retention\n\nWe keep logs. We keep your data for 90 days. Then we delete it. We may keep backups.\n\n## Contact\n\nWrite to us.\n";
        let (r, html) = redline(old, new);
        assert_eq!(r.verdict, Materiality::Material);
        // The unchanged sentences are there, around the change.
        assert!(
            html.contains("<p lang=\"en\">We keep logs. <span class=\"change material\""),
            "{html}"
        );
        assert!(html.contains("We keep your data for <del>"), "{html}");
        assert!(
            html.contains("<del><span class=\"vh\">deleted: </span>30</del>"),
            "{html}"
        );
        assert!(
            html.contains("<ins><span class=\"vh\">inserted: </span>90</ins>"),
            "{html}"
        );
        assert!(html.contains("Then we delete it."), "{html}");
        assert!(html.contains("We may keep backups."), "{html}");
        // Unchanged section shown; removed section shown with its text deleted.
        assert!(html.contains("Write to us."), "{html}");
        assert!(html.contains("Removed section"), "{html}");
        assert!(html.contains("Gone soon."), "{html}");
        // The material change links to its place.
        let id = html
            .split("href=\"#f1-c")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("a link to a change");
        assert!(html.contains(&format!("id=\"f1-c{id}\"")), "{html}");
    }

    #[test]
    fn moved_sentences_link_both_ways() {
        let old = "## A\n\nFirst alpha sentence stays here. The moving sentence about cookies goes.\n\n## B\n\nBeta text stays too.\n";
        let new = "## A\n\nFirst alpha sentence stays here.\n\n## B\n\nBeta text stays too. The moving sentence about cookies goes.\n";
        let (r, html) = redline(old, new);
        assert!(
            r.sections
                .iter()
                .flat_map(|s| &s.blocks)
                .any(|b| b.kind == BlockChangeKind::Moved),
            "{r:?}"
        );
        let from = html.find("Moved from here").expect("note at the old place");
        let to = html.find("moved here").expect("label at the new place");
        assert!(from < to, "{html}");
        assert!(!html.contains("<ins") && !html.contains("<del"), "{html}");
    }
}
