//! The plain-text front end: a line-oriented nom parser for policies written as text.
//!
//! `grammar/policy.ebnf` documents exactly what it accepts. In short: each line is
//! classified on its own by nom parsers (numbered heading, byline, labelled date line,
//! bullet, blank, other text); then a second pass, which needs context that a line parser
//! cannot see, decides which short unnumbered lines are headings, finds the title and the
//! table of contents, and groups the remaining lines into paragraphs and lists.
//!
//! Why line-oriented rather than one big grammar: plain-text policies have no markup, so
//! whether "Information you provide directly to us" is a heading depends on its neighbours
//! (a short line with no final punctuation between sentences). Classifying lines with nom
//! and deciding structure in plain Rust keeps both halves testable.

use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while_m_n, take_while1};
use nom::character::complete::{char, space0};
use nom::combinator::{opt, recognize};
use nom::multi::many0;
use nom::sequence::preceded;
use nom::{IResult, Parser};

use crate::analyze::dates::{self, FoundDate};
use crate::ast::{
    Block, DateMention, DateRole, Document, Format, Link, Metadata, Section, SectionNumber,
    Segments, Span, Text, Toc, TocEntry,
};
use compact_str::CompactString;
use smallvec::{SmallVec, smallvec};

/// Longest line, in characters, that can be an unnumbered heading.
const MAX_HEADING_CHARS: usize = 100;
/// Most words an unnumbered heading may have.
const MAX_HEADING_WORDS: usize = 14;
/// Most words in the title of a numbered heading (`Section 6: Where we store ...`).
const MAX_NUMBERED_TITLE_WORDS: usize = 18;
/// Longest title, in characters, of a numbered heading.
const MAX_NUMBERED_TITLE_CHARS: usize = 160;

// ---------------------------------------------------------------------------------------
// Line-level nom parsers
// ---------------------------------------------------------------------------------------

/// Words that label a section number, in English, French, German and Spanish. A longer
/// word comes before its prefix (`partie` before `part`): nom's `alt` does not backtrack
/// into a label that matched.
fn section_label(i: &str) -> IResult<&str, &str> {
    alt((
        alt((
            tag_no_case("section"),
            tag_no_case("article"),
            tag_no_case("art."),
            tag_no_case("chapter"),
            tag_no_case("clause"),
            tag_no_case("partie"),
            tag_no_case("parte"),
            tag_no_case("part"),
            tag_no_case("artikel"),
            tag_no_case("abschnitt"),
        )),
        alt((
            tag_no_case("teil"),
            tag_no_case("kapitel"),
            tag_no_case("chapitre"),
            tag_no_case("titre"),
            tag_no_case("artículo"),
            tag_no_case("sección"),
            tag_no_case("capítulo"),
            tag_no_case("título"),
        )),
    ))
    .parse(i)
}

/// Horizontal white space inside a heading's numbering: spaces and tabs, the no-break
/// spaces web pages put after numbers (U+00A0, U+202F, U+2007), the ideographic space, and
/// zero-width characters (U+200B-U+200D, U+2060, U+FEFF), which are invisible and must not
/// change what a heading is.
fn is_heading_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\u{a0}'
            | '\u{2007}'
            | '\u{202f}'
            | '\u{3000}'
            | '\u{200b}'
            | '\u{200c}'
            | '\u{200d}'
            | '\u{2060}'
            | '\u{feff}'
    )
}

fn hspace0(i: &str) -> IResult<&str, &str> {
    take_while(is_heading_space)(i)
}

fn hspace1(i: &str) -> IResult<&str, &str> {
    take_while1(is_heading_space)(i)
}

fn digits(i: &str) -> IResult<&str, &str> {
    let (rest, d) = take_while_m_n(1, 3, |c: char| c.is_ascii_digit())(i)?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Digit,
        )));
    }
    Ok((rest, d))
}

/// `4`, `4.2`, `4.2.1` (a trailing `.` is not part of it).
fn decimal(i: &str) -> IResult<&str, &str> {
    recognize((digits, many0(preceded(char('.'), digits)))).parse(i)
}

/// The value of a Roman numeral made of I, V and X (1 to 39), only in canonical form
/// (`IV`, not `IIII`). L and C are left out on purpose: "C. Smith" is a name, not
/// section 100, and no policy has 40 sections.
fn roman_value(s: &str) -> Option<u32> {
    let v = roman_value_loose(s)?;
    (to_roman(v) == s).then_some(v)
}

fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (v, r) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= v {
            out.push_str(r);
            n -= v;
        }
    }
    out
}

fn roman_value_loose(s: &str) -> Option<u32> {
    let value = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        _ => None,
    };
    let vals: Vec<u32> = s.chars().map(value).collect::<Option<_>>()?;
    let mut total = 0;
    for (k, v) in vals.iter().enumerate() {
        if vals.get(k + 1).is_some_and(|n| n > v) {
            total -= *v as i64;
        } else {
            total += *v as i64;
        }
    }
    (total > 0 && total < 40 && s.len() <= 7).then_some(total as u32)
}

fn roman(i: &str) -> IResult<&str, &str> {
    let (rest, r) = take_while1(|c: char| matches!(c, 'I' | 'V' | 'X'))(i)?;
    if roman_value(r).is_none() {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((rest, r))
}

fn separator(i: &str) -> IResult<&str, char> {
    alt((
        char(':'),
        char('.'),
        char(')'),
        char('-'),
        char('–'),
        char('—'),
        char('：'),
        char('°'),
        char('º'),
        char('、'),
        char('．'),
    ))
    .parse(i)
}

fn number_of(text: &str) -> SectionNumber {
    let parts = if let Some(v) = roman_value(text) {
        smallvec![v]
    } else {
        let mut parts: SmallVec<_> = text.split('.').filter_map(|p| p.parse().ok()).collect();
        // More than four parts spill to the heap: keep no spare capacity there.
        parts.shrink_to_fit();
        parts
    };
    SectionNumber {
        text: CompactString::new(text),
        parts,
    }
}

/// `Section 4: Title`, `SECTION 11 - TITLE`, `Article 3`, `§ 5 Title`.
fn labelled_heading(i: &str) -> IResult<&str, (SectionNumber, &str)> {
    // Every label starts with one of these letters (compared in lower case, as
    // `tag_no_case` compares), or is `§`: other texts fail here, before the eighteen
    // case-folding comparisons below.
    let opens_label = i.chars().next().is_some_and(|c| {
        let mut lower = c.to_lowercase();
        c == '§'
            || matches!(
                (lower.next(), lower.next()),
                (Some('s' | 'a' | 'c' | 'p' | 't' | 'k'), None)
            )
    });
    if !opens_label {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        )));
    }
    let (i, _) = alt((
        (section_label, hspace1).map(|_| ()),
        (tag("§"), hspace0).map(|_| ()),
    ))
    .parse(i)?;
    let (i, num) = alt((decimal, roman)).parse(i)?;
    let (i, sep) = opt(preceded(hspace0, separator)).parse(i)?;
    let (title, _) = hspace0(i)?;
    // "Section 4x": no separator and no space, the number runs into a word.
    if sep.is_none() && title.len() == i.len() && title.starts_with(char::is_alphanumeric) {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Space,
        )));
    }
    Ok(("", (number_of(num), title)))
}

/// `第四条 标题`, `第4章`.
fn cjk_heading(i: &str) -> IResult<&str, (SectionNumber, &str)> {
    let (i, (_, num, _)) = (
        char('第'),
        take_while1(|c: char| {
            c.is_ascii_digit() || is_fullwidth_digit(c) || "一二三四五六七八九十百零〇".contains(c)
        }),
        alt((
            tag("条"),
            tag("條"),
            tag("章"),
            tag("节"),
            tag("節"),
            tag("部分"),
        )),
    )
        .parse(i)?;
    let (title, _) = (hspace0, opt(separator), hspace0).parse(i)?;
    Ok(("", (cjk_number(num), title)))
}

fn is_fullwidth_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

/// A number written in ASCII digits, full-width digits (`１２`) or Chinese numerals (`十二`).
fn cjk_number(num: &str) -> SectionNumber {
    let ascii: String = num
        .chars()
        .map(|c| {
            if is_fullwidth_digit(c) {
                char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    let parts = match ascii.parse::<u32>() {
        Ok(n) => smallvec![n],
        Err(_) => cjk_numeral(num).map(|n| smallvec![n]).unwrap_or_default(),
    };
    SectionNumber {
        text: CompactString::new(num),
        parts,
    }
}

/// Chinese and Japanese enumerators: `一、标题` (also `1、`, `１．`) and, one level down,
/// `（一）标题` / `(一) 标题`. The ideographic comma or a full-width dot must follow a bare
/// numeral; brackets may be full-width or ASCII.
fn cjk_enumerated(i: &str) -> IResult<&str, (SectionNumber, &str)> {
    let numeral = |i| {
        take_while1(|c: char| {
            c.is_ascii_digit() || is_fullwidth_digit(c) || "一二三四五六七八九十百零〇".contains(c)
        })(i)
    };
    let (rest, num) = alt((
        (numeral, alt((char('、'), char('．')))).map(|(n, _)| n),
        (
            alt((char('（'), char('('))),
            take_while1(|c: char| "一二三四五六七八九十百零〇".contains(c)),
            alt((char('）'), char(')'))),
        )
            .map(|(_, n, _)| n),
    ))
    .parse(i)?;
    let number = cjk_number(num);
    if number.parts.is_empty() || number.parts[0] > 99 {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        )));
    }
    let (title, _) = hspace0(rest)?;
    Ok(("", (number, title)))
}

/// Lettered or bracketed clause numbers: `(a) Title`, `(B) Title`, `(3) Title`. The letter
/// counts from `a` = 1.
fn lettered(i: &str) -> IResult<&str, (SectionNumber, &str)> {
    let (rest, (_, num, _)) = (
        char('('),
        alt((
            take_while_m_n(1, 2, |c: char| c.is_ascii_digit()),
            take_while_m_n(1, 4, |c: char| c.is_ascii_alphabetic()),
        )),
        char(')'),
    )
        .parse(i)?;
    let (title, _) = hspace1(rest)?;
    // Roman numerals (`(ii)`, `(iv)`; a lone `(i)`, `(v)`, `(x)` too, since legal
    // enumerations start at `(i)`) or one letter counted from `a` = 1.
    let roman = roman_value(&num.to_ascii_uppercase())
        .filter(|_| num.len() > 1 || matches!(num, "i" | "v" | "x" | "I" | "V" | "X"));
    let parts = match (num.parse::<u32>(), roman) {
        (Ok(n), _) => smallvec![n],
        (_, Some(v)) => smallvec![v],
        _ if num.len() == 1 => {
            smallvec![u32::from(num.to_ascii_lowercase().as_bytes()[0] - b'a') + 1]
        }
        _ => {
            return Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Verify,
            )));
        }
    };
    Ok((
        "",
        (
            SectionNumber {
                text: CompactString::new(num),
                parts,
            },
            title,
        ),
    ))
}

fn cjk_numeral(s: &str) -> Option<u32> {
    let digit = |c| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
            .or((c == '〇').then_some(0))
    };
    // Positional form ("一〇" = 10) when there is no 十/百.
    if !s.contains(['十', '百']) {
        return s
            .chars()
            .try_fold(0u32, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let mut total: u32 = 0;
    let mut current: u32 = 0;
    for c in s.chars() {
        match c {
            '十' => {
                total = total.checked_add(current.max(1).checked_mul(10)?)?;
                current = 0;
            }
            '百' => {
                total = total.checked_add(current.max(1).checked_mul(100)?)?;
                current = 0;
            }
            _ => current = digit(c)?,
        }
    }
    total.checked_add(current)
}

/// `1. Title`, `1) Title`, `3.2 Title`, `3.2. Title`, `IV. Title`.
fn unlabelled_heading(i: &str) -> IResult<&str, (SectionNumber, &str)> {
    // `1\.` is a Markdown-escaped `1.` (copied into a text file); `1°`/`1º` is the French
    // and Spanish ordinal ("1° Données collectées").
    let (rest, (num, sep)) = alt((
        (
            decimal,
            opt(alt((
                tag("\\."),
                tag("."),
                tag(")"),
                tag(":"),
                tag("°"),
                tag("º"),
            ))),
        ),
        (roman, opt(alt((tag("."), tag(")"))))),
    ))
    .parse(i)?;
    // `XIV – Title`: a Roman numeral, a spaced dash, and a capitalised title. (Not for
    // digits: "12 - 15 employees" is a range.)
    if sep.is_none()
        && num.starts_with(['I', 'V', 'X'])
        && let Ok((title, _)) =
            (hspace1, alt((char('-'), char('–'), char('—'))), hspace1).parse(rest)
        && title.starts_with(char::is_uppercase)
    {
        return Ok(("", (number_of(num), title)));
    }
    let multi = num.contains('.');
    if sep.is_none() && !multi {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Char,
        )));
    }
    // "3.Base légale": no space after the separator is tolerated before a capital.
    let (title, spaces) = hspace0(rest)?;
    let capital_follows = title.chars().next().is_some_and(|c| c.is_uppercase());
    let decimal = num.starts_with(|c: char| c.is_ascii_digit());
    if spaces.is_empty() && !(sep.is_some() && capital_follows && decimal) {
        return Err(nom::Err::Error(nom::error::Error::new(
            rest,
            nom::error::ErrorKind::Space,
        )));
    }
    Ok(("", (number_of(num), title)))
}

/// Splits a heading into its number and title: labelled (`Section 4:`, `Article 1 –`,
/// `§ 5`, `Partie 2`, `Kapitel 3`), CJK (`第四条`, `第1条`, `一、`, `（一）`), bare (`4.2`,
/// `IV.`, `1°`, `1\.`) or bracketed (`(a)`, `(3)`) numbering. Zero-width characters and
/// no-break spaces around the number count as spaces. `None` when the text does not start
/// with a section number.
pub fn heading_number(s: &str) -> Option<(SectionNumber, &str)> {
    let s = s.trim_start_matches(is_heading_space);
    if !may_start_number(s) {
        return None;
    }
    heading_number_parse(s)
}

/// The nom half of [`heading_number`], on text whose leading heading spaces are trimmed.
fn heading_number_parse(s: &str) -> Option<(SectionNumber, &str)> {
    alt((
        labelled_heading,
        cjk_heading,
        cjk_enumerated,
        lettered,
        unlabelled_heading,
    ))
    .parse(s)
    .ok()
    .map(|(_, (n, title))| {
        let title = title.trim_start_matches(|c: char| c.is_whitespace() || is_heading_space(c));
        (n, title.trim_end())
    })
}

/// False when no branch of [`heading_number_parse`] can match `s` (heading spaces
/// trimmed), judged from its first two bytes; true when one may. Most titles start with a
/// word ("Privacy", "Cookies"), and the nom `alt` costs about 1,900 instructions to say no
/// to one.
///
/// What each branch needs first: a label ([`section_label`], compared character by
/// character in lower case, so an ASCII character must be the ASCII lower-case of the
/// label's: `se`, `ar`, `ch`, `cl`, `pa`, `ab`, `te`, `ka`, `ti`, `ca`) or `§`; `第`; an
/// ASCII, full-width or Chinese digit, `(` or `（`; or, bare, an ASCII digit or a Roman
/// numeral. A Roman numeral letter followed by an ASCII lower-case letter ("Information")
/// is a word: the numeral would be that one letter, with neither separator nor space after
/// it. Any non-ASCII first or second byte is left to the parser.
fn may_start_number(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&first) = b.first() else {
        return false;
    };
    if !first.is_ascii() {
        return true;
    }
    match first {
        b'0'..=b'9' | b'(' => true,
        b'I' | b'V' | b'X' => !b.get(1).is_some_and(u8::is_ascii_lowercase),
        _ => {
            let Some(&second) = b.get(1) else {
                return false;
            };
            if !second.is_ascii() {
                return true;
            }
            matches!(
                &[first.to_ascii_lowercase(), second.to_ascii_lowercase()],
                b"se" | b"ar" | b"ch" | b"cl" | b"pa" | b"ab" | b"te" | b"ka" | b"ti" | b"ca"
            )
        }
    }
}

/// How a numbered heading nests: `(a)`, `(3)` and `（一）` are one level below the section
/// they sit in, whatever their number; other numbers give their own depth.
fn is_bracketed_number(line: &str) -> bool {
    let t = line.trim_start_matches(is_heading_space);
    (t.starts_with('(') || t.starts_with('（'))
        && (lettered(t).is_ok() || cjk_enumerated(t).is_ok())
}

/// A bullet marker at the start of a line: `-`, `*`, `•`, `·`, `–`, `a)`, `(i)`.
fn bullet(i: &str) -> IResult<&str, &str> {
    let (after, _) = alt((
        recognize(alt((
            char('-'),
            char('*'),
            char('•'),
            char('·'),
            char('–'),
            char('▪'),
            char('○'),
        ))),
        recognize((
            char('('),
            take_while_m_n(1, 4, |c: char| c.is_ascii_alphanumeric()),
            char(')'),
        )),
        recognize((
            take_while_m_n(1, 1, |c: char| c.is_ascii_lowercase()),
            char(')'),
        )),
    ))
    .parse(i)?;
    let (content, _) = space0(after)?;
    // "-word" is a bullet only with "•"-like glyphs; "-" and "*" need a space.
    if content.len() == after.len() && (i.starts_with('-') || i.starts_with('*')) {
        return Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Space,
        )));
    }
    Ok((content, ""))
}

/// `Author:StrongShop, 2022-02-10`, `By Jane Doe, 1 March 2024`: the author's byte range in
/// the line and the date.
fn byline(line: &str) -> Option<((usize, usize), FoundDate)> {
    let label: IResult<&str, _> = (
        alt((
            tag_no_case("author"),
            tag_no_case("written by"),
            tag_no_case("by"),
        )),
        space0,
        opt(char(':')),
        space0,
    )
        .parse(line);
    let (name, _) = label.ok()?;
    // "Authority ...", "Bypass ..." and "By-law ..." are not labels: a colon or a space must
    // follow the label word.
    let label_len = line.len() - name.len();
    let label_word = line[..label_len].trim_end();
    if label_word.len() == label_len && !label_word.ends_with(':') {
        return None;
    }
    let found = dates::find_dates(name);
    let d = found.first()?;
    // Nothing but punctuation may follow the date ("By using ... since March 2020, you agree").
    if !name[d.end..]
        .trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        .is_empty()
    {
        return None;
    }
    let author = name[..d.start].trim_end_matches([',', ' ', ';', '-', '–']);
    if author.trim().is_empty() || author.split_whitespace().count() > 8 {
        return None;
    }
    let offset = line.len() - name.len();
    Some((
        (offset, offset + author.len()),
        FoundDate {
            start: offset + d.start,
            end: offset + d.end,
            date: d.date,
        },
    ))
}

// ---------------------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Kind {
    Blank,
    /// Number, title offset in the trimmed line.
    Numbered(SectionNumber, usize),
    Byline((usize, usize), FoundDate),
    DateLine(DateRole, FoundDate),
    /// Offset of the content after the marker, in the trimmed line.
    Bullet(usize),
    Text,
}

#[derive(Debug, Clone)]
struct Line<'a> {
    /// The line without leading/trailing whitespace.
    text: &'a str,
    /// Byte offset of `text` in the document.
    start: usize,
    /// Whether the raw line was indented.
    indented: bool,
    kind: Kind,
}

impl Line<'_> {
    fn span(&self) -> Span {
        Span::new(self.start, self.start + self.text.len())
    }
    fn is_blank(&self) -> bool {
        matches!(self.kind, Kind::Blank)
    }
    fn is_metadata(&self) -> bool {
        matches!(self.kind, Kind::Byline(..) | Kind::DateLine(..))
    }
}

/// Whether a line ends a sentence: final `.`, `:`, `;`, `!`, `?` (or their CJK forms),
/// possibly followed by closing quotes or brackets. A comma does not end a sentence.
fn ends_sentence(s: &str) -> bool {
    s.trim_end_matches(['"', '”', '’', '\'', ')', '»', '」'])
        .ends_with(['.', ':', ';', '!', '?', '。', '：', '；', '！', '？'])
}

fn starts_lowercase(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_lowercase())
}

/// Whether a title reads like a heading: short, not a sentence, no address in it.
fn title_like(title: &str, max_words: usize, max_chars: usize) -> bool {
    let t = title.trim();
    let core = t.trim_end_matches(['"', '”', '’', '\'', ')', '»', '」']);
    !t.is_empty()
        && t.chars().count() <= max_chars
        && t.split_whitespace().count() <= max_words
        && !core.ends_with(['.', ',', ';', '。', '，', '；'])
        && !starts_lowercase(t)
        && !t.contains('@')
        && !t.contains("://")
}

fn classify(line: &str) -> Kind {
    if line.is_empty() {
        return Kind::Blank;
    }
    if let Some((author, date)) = byline(line) {
        return Kind::Byline(author, date);
    }
    if let Some((role, date)) = dates::date_line(line) {
        return Kind::DateLine(role, date);
    }
    if let Some((number, title)) = heading_number(line) {
        let labelled = labelled_heading(line).is_ok() || cjk_heading(line).is_ok();
        let ok = if labelled {
            title.is_empty()
                || title_like(title, MAX_NUMBERED_TITLE_WORDS, MAX_NUMBERED_TITLE_CHARS)
        } else {
            title_like(title, MAX_NUMBERED_TITLE_WORDS, MAX_NUMBERED_TITLE_CHARS)
        };
        if ok {
            return Kind::Numbered(number, line.len() - title.len());
        }
    }
    if let Ok((content, _)) = bullet(line)
        && !content.is_empty()
    {
        return Kind::Bullet(line.len() - content.len());
    }
    Kind::Text
}

fn split_lines(text: &str) -> Vec<Line<'_>> {
    // One allocation at the number of lines: grown by doubling, this vector (about 100
    // bytes a line) was the largest thing alive while a large file was parsed.
    let mut out = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
    let mut offset = 0;
    for raw in text.split('\n') {
        let trimmed_start = raw.trim_start();
        let lead = raw.len() - trimmed_start.len();
        let content = trimmed_start.trim_end();
        out.push(Line {
            text: content,
            start: offset + lead,
            indented: lead > 0,
            kind: classify(content),
        });
        offset += raw.len() + 1;
    }
    // A lettered clause (`(a) Right of access`) is a heading only when it stands alone
    // between blank lines; next to other lines it is an item of a list.
    for i in 0..out.len() {
        let lettered_line = matches!(out[i].kind, Kind::Numbered(..))
            && out[i].text.starts_with('(')
            && lettered(out[i].text).is_ok();
        let alone =
            (i == 0 || out[i - 1].is_blank()) && out.get(i + 1).is_none_or(|l| l.is_blank());
        if lettered_line && !alone {
            out[i].kind = match bullet(out[i].text) {
                Ok((content, _)) => Kind::Bullet(out[i].text.len() - content.len()),
                Err(_) => Kind::Text,
            };
        }
    }
    out
}

/// A line that is (nearly) nothing but a date: "2025-01-01", "March 3, 2024." A date is
/// never a heading.
fn is_mostly_date(line: &str) -> bool {
    let len = line.trim().len();
    dates::find_dates(line)
        .iter()
        .any(|d| (d.end - d.start) * 10 >= len * 6)
}

/// An ALL-CAPS line: at least three letters, and every cased letter upper case
/// ("INFORMATION WE COLLECT", "DATA RETENTION:"). Plain-text policies mark headings that
/// way where Markdown would use `##`.
/// Letters without case (CJK, kana) do not count either way, but most letters must be
/// upper case: a Chinese sentence that names "VPN" is not an ALL-CAPS line.
///
/// ASCII bytes are judged on their own (the same answers as `char`'s Unicode methods give
/// for ASCII); the first non-ASCII character hands the rest of the line to the
/// character walk. One pass that ends at the first lower-case letter: the Markdown front
/// end asks this of every paragraph, and most have a lower-case letter in their first
/// word (c400: 16,951 calls, 20.9 M instructions when the ASCII prefix was measured
/// first, before looking for lower case).
pub fn is_all_caps(line: &str) -> bool {
    let (mut letters, mut upper) = (0usize, 0usize);
    let bytes = line.as_bytes();
    let mut ascii = 0;
    while let Some(&b) = bytes.get(ascii) {
        if !b.is_ascii() {
            break;
        }
        if b.is_ascii_lowercase() {
            return false;
        }
        let up = usize::from(b.is_ascii_uppercase());
        upper += up;
        letters += up;
        ascii += 1;
    }
    // `ascii` is the length of the ASCII prefix: a character boundary.
    for c in line[ascii..].chars() {
        if is_caseless_letter(c) {
            // Most characters of a Chinese, Japanese or Korean paragraph, which has no
            // lower case to stop the walk early: no table look-up.
            letters += 1;
            continue;
        }
        if c.is_lowercase() {
            return false;
        }
        upper += usize::from(c.is_uppercase());
        letters += usize::from(c.is_alphabetic());
    }
    upper >= 3 && upper * 2 >= letters
}

/// CJK ideographs, kana and Hangul syllables: letters (`char::is_alphabetic`) that are
/// neither lower nor upper case, known without the Unicode tables (a unit test checks
/// every character of these ranges against them).
fn is_caseless_letter(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{AC00}'..='\u{D7A3}')
}

/// An unnumbered line that could be a heading, judged on the line alone. An ALL-CAPS line
/// may end with a colon ("CONTACT US:").
fn heading_candidate(line: &Line) -> bool {
    let caps = is_all_caps(line.text);
    matches!(line.kind, Kind::Text)
        && title_like(line.text, MAX_HEADING_WORDS, MAX_HEADING_CHARS)
        && (caps || !line.text.ends_with([':', '：']))
        && !line.text.contains(": ")
        && line.text.chars().count() >= 2
        && !is_mostly_date(line.text)
}

// ---------------------------------------------------------------------------------------
// Document structure
// ---------------------------------------------------------------------------------------

/// Parses a plain-text policy. Never fails: text that matches no special form is a
/// paragraph.
pub fn parse(text: &str) -> Document {
    let lines = split_lines(text);
    let n = lines.len();
    let next_non_blank = |i: usize| (i + 1..n).find(|&j| !lines[j].is_blank());
    let prev_non_blank = |i: usize| (0..i).rev().find(|&j| !lines[j].is_blank());

    // Title: the first non-blank line when it reads like a heading and something follows.
    let first = (0..n).find(|&i| !lines[i].is_blank());
    let title_idx = first.filter(|&i| {
        matches!(lines[i].kind, Kind::Text)
            && !is_cue_line(&lines, i)
            && !is_mostly_date(lines[i].text)
            && title_like(lines[i].text, MAX_HEADING_WORDS, MAX_HEADING_CHARS)
            && !lines[i].text.ends_with([':', '：'])
            && next_non_blank(i).is_some()
    });

    // Which lines are headings. Numbered headings are decided by the line parser; an
    // unnumbered candidate must sit between sentences: the line before it is blank, a
    // heading, or ends a sentence, and the line after starts a new sentence.
    let mut heading = vec![false; n];
    for i in 0..n {
        if Some(i) == title_idx {
            continue;
        }
        heading[i] = match &lines[i].kind {
            Kind::Numbered(..) => true,
            // "Contents" on its own introduces a TOC; it is not a section.
            Kind::Text if is_cue_line(&lines, i) => false,
            Kind::Text if heading_candidate(&lines[i]) => {
                let prev_ok = i == 0
                    || lines[i - 1].is_blank()
                    || lines[i - 1].is_metadata()
                    || heading[i - 1]
                    || Some(i - 1) == title_idx
                    || is_cue_line(&lines, i - 1)
                    || ends_sentence(lines[i - 1].text);
                // The next line starts a new sentence, or a blank line separates them
                // ("Information We Collect" / blank / "activist.org does not ...").
                // An ALL-CAPS line is a heading even before a lower-case line.
                let next_ok = match next_non_blank(i) {
                    Some(j) => {
                        j > i + 1 || !starts_lowercase(lines[j].text) || is_all_caps(lines[i].text)
                    }
                    None => false,
                };
                prev_ok && next_ok
            }
            _ => false,
        };
    }

    // A run of adjacent unnumbered "headings" with no blank line between them is a heading
    // followed by short content lines (a postal address, a signature), unless it is a table
    // of contents whose titles reappear later: keep only the first line of such a run.
    // Last line at which each heading title occurs, to ask "does it reappear after line j?"
    // in constant time.
    let last_heading: std::collections::HashMap<String, usize> = (0..n)
        .filter(|&k| heading[k])
        .map(|k| (crate::parse::normalise_title(lines[k].text), k))
        .collect();
    let mut i = 0;
    while i < n {
        let unnumbered = |k: usize| heading[k] && matches!(lines[k].kind, Kind::Text);
        if !unnumbered(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && unnumbered(j) {
            j += 1;
        }
        if j - i >= 2 {
            let reappear = (i..j)
                .filter(|&k| {
                    last_heading
                        .get(&crate::parse::normalise_title(lines[k].text))
                        .is_some_and(|&last| last >= j)
                })
                .count();
            if reappear * 2 < j - i {
                for h in heading.iter_mut().take(j).skip(i + 1) {
                    *h = false;
                }
            }
        }
        i = j;
    }

    // The table of contents: the first run of at least two headings with nothing between
    // them, before the first heading that has content under it.
    let toc = find_toc(
        &lines,
        &heading,
        title_idx,
        &prev_non_blank,
        &next_non_blank,
    );
    let toc_lines: Vec<usize> = toc.as_ref().map(|t| t.1.clone()).unwrap_or_default();

    // Metadata.
    let mut metadata = Metadata::default();
    for line in &lines {
        match &line.kind {
            Kind::Byline((a, b), d) => {
                if metadata.author.is_none() {
                    metadata.author = Some(Text::verbatim(
                        &line.text[*a..*b],
                        Span::new(line.start + a, line.start + b),
                    ));
                }
                metadata.dates.push(mention(line, d, DateRole::Byline));
            }
            Kind::DateLine(role, d) => metadata.dates.push(mention(line, d, *role)),
            _ => {}
        }
    }

    // Sections and blocks.
    let has_numbered = lines.iter().enumerate().any(|(i, l)| {
        matches!(l.kind, Kind::Numbered(..)) && heading[i] && !toc_lines.contains(&i)
    });
    // Room for every heading as a top-level section (nested ones need less): the list is
    // not copied as it grows, and `finish` gives back what is left.
    let mut builder = Builder {
        done: Vec::with_capacity(heading.iter().filter(|&&h| h).count()),
        ..Builder::default()
    };
    let mut group: Vec<usize> = Vec::new();
    // Level of the last numbered heading that is not bracketed: `(a)` and `（一）` nest
    // under it.
    let mut plain_level: Option<u8> = None;
    for i in 0..n {
        let line = &lines[i];
        let skip = Some(i) == title_idx || toc_lines.contains(&i) || line.is_metadata();
        if (line.is_blank() || skip || heading[i]) && !group.is_empty() {
            builder.add_blocks(blocks_of(&lines, &group));
            group.clear();
        }
        if skip || line.is_blank() {
            continue;
        }
        if heading[i] {
            let (number, title_off) = match &line.kind {
                Kind::Numbered(num, off) => (Some(num.clone()), *off),
                _ => (None, 0),
            };
            let level = match &number {
                Some(_) if is_bracketed_number(line.text) => plain_level.map_or(1, |l| l + 1),
                Some(num) => {
                    let l = num.parts.len().clamp(1, 6) as u8;
                    plain_level = Some(l);
                    l
                }
                None if has_numbered => builder.current_numbered_level().map_or(1, |l| l + 1),
                None => 1,
            };
            let title = &line.text[title_off..];
            builder.open(Section {
                number,
                title: title.to_string(),
                title_span: Span::new(line.start + title_off, line.start + line.text.len()),
                heading_span: line.span(),
                level,
                anchors: Vec::new(),
                kinds: Vec::new(),
                blocks: Vec::new(),
                children: Vec::new(),
                span: line.span(),
            });
            continue;
        }
        group.push(i);
    }
    if !group.is_empty() {
        builder.add_blocks(blocks_of(&lines, &group));
    }
    let (preamble, sections) = builder.finish();

    Document {
        format: Format::Text,
        title: title_idx.map(|i| Text::verbatim(lines[i].text, lines[i].span())),
        metadata,
        toc: toc.map(|t| t.0),
        preamble,
        sections,
        comments: Vec::new(),
        span: Span::new(0, text.len()),
    }
}

fn mention(line: &Line, d: &FoundDate, role: DateRole) -> DateMention {
    DateMention {
        date: d.date,
        role,
        text: line.text[d.start..d.end].to_string(),
        span: Span::new(line.start + d.start, line.start + d.end),
        mention_span: line.span(),
    }
}

type Finder<'f> = &'f dyn Fn(usize) -> Option<usize>;

fn find_toc(
    lines: &[Line],
    heading: &[bool],
    title_idx: Option<usize>,
    prev_non_blank: Finder,
    next_non_blank: Finder,
) -> Option<(Toc, Vec<usize>)> {
    let n = lines.len();
    // A cue line on its own ("Contents") that is followed by headings introduces a TOC and
    // is itself part of it.
    let mut i = 0;
    while i < n {
        if !heading[i] && !is_cue_line(lines, i) {
            // Content before any heading is preamble; keep scanning.
            i += 1;
            continue;
        }
        // Collect the run of headings starting at i (blank lines allowed between them).
        let mut run = Vec::new();
        let mut cue = None;
        let mut j = i;
        if is_cue_line(lines, i) && !heading[i] {
            cue = Some(i);
            j = next_non_blank(i).unwrap_or(n);
        }
        while j < n && heading[j] {
            run.push(j);
            j = next_non_blank(j).unwrap_or(n);
        }
        let mut cue_is_sentence = false;
        if cue.is_none() {
            cue = prev_non_blank(i)
                .filter(|&p| Some(p) != title_idx && crate::parse::is_toc_sentence(lines[p].text))
                .filter(|&p| !heading[p]);
            cue_is_sentence = cue.is_some();
        }
        // Stop at the first title that repeats an earlier entry: the body has begun.
        let titles: Vec<String> = run
            .iter()
            .map(|&k| crate::parse::normalise_title(lines[k].text))
            .collect();
        let mut cut = run.len();
        let mut seen = std::collections::HashSet::new();
        for (k, t) in titles.iter().enumerate() {
            if !seen.insert(t) {
                cut = k;
                break;
            }
        }
        let entries = &run[..cut];
        let later: std::collections::HashSet<String> = (entries.last().map_or(n, |&e| e + 1)..n)
            .filter(|&k| heading[k])
            .map(|k| crate::parse::normalise_title(lines[k].text))
            .collect();
        let reappear = titles[..cut].iter().filter(|t| later.contains(*t)).count();
        // A cue sentence also introduces ordinary lists: one entry must reappear.
        let cue_ok = cue.is_some() && (!cue_is_sentence || reappear > 0);
        let is_toc =
            (cue_ok && entries.len() >= 2) || (entries.len() >= 3 && reappear * 2 >= entries.len());
        if is_toc {
            let mut toc_lines: Vec<usize> = entries.to_vec();
            let first = cue
                .filter(|&c| !lines[c].text.contains(". "))
                .unwrap_or(entries[0]);
            if let Some(c) = cue.filter(|&c| c == first) {
                toc_lines.push(c);
            }
            let toc = Toc {
                entries: entries
                    .iter()
                    .map(|&k| {
                        let line = &lines[k];
                        let (number, off) = match &line.kind {
                            Kind::Numbered(num, off) => (Some(num.clone()), *off),
                            _ => (None, 0),
                        };
                        TocEntry {
                            number,
                            title: line.text[off..].to_string(),
                            title_span: Span::new(line.start + off, line.start + line.text.len()),
                            span: line.span(),
                            anchor: None,
                            target: None,
                        }
                    })
                    .collect(),
                span: lines[first].span().cover(lines[*entries.last()?].span()),
            };
            return Some((toc, toc_lines));
        }
        // Only the first run of headings can be a TOC, and only before body content.
        if !run.is_empty() && cue.is_none_or(|c| c != i) {
            return None;
        }
        i = j.max(i + 1);
    }
    None
}

fn is_cue_line(lines: &[Line], i: usize) -> bool {
    matches!(lines[i].kind, Kind::Text)
        && lines[i].text.chars().count() <= 40
        && crate::parse::is_toc_heading(lines[i].text)
}

/// Builds sections from a flat sequence of headings and blocks.
#[derive(Default)]
struct Builder {
    preamble: Vec<Block>,
    done: Vec<Section>,
    stack: Vec<Section>,
}

impl Builder {
    fn current_numbered_level(&self) -> Option<u8> {
        self.stack
            .iter()
            .rev()
            .find(|s| s.number.is_some())
            .map(|s| s.level)
    }

    fn open(&mut self, section: Section) {
        while self.stack.last().is_some_and(|s| s.level >= section.level) {
            self.close_top();
        }
        self.stack.push(section);
    }

    fn close_top(&mut self) {
        let Some(mut top) = self.stack.pop() else {
            return;
        };
        top.close_span();
        // Pushing left room for at least four blocks and children per section.
        top.blocks.shrink_to_fit();
        top.children.shrink_to_fit();
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(top),
            None => self.done.push(top),
        }
    }

    fn add_blocks(&mut self, blocks: Vec<Block>) {
        match self.stack.last_mut() {
            Some(s) if s.children.is_empty() => s.blocks.extend(blocks),
            Some(s) => s.blocks.extend(blocks), // cannot happen: children close first
            None => self.preamble.extend(blocks),
        }
    }

    fn finish(mut self) -> (Vec<Block>, Vec<Section>) {
        while !self.stack.is_empty() {
            self.close_top();
        }
        // A document with thousands of sections would otherwise keep up to twice their
        // size in spare capacity.
        self.preamble.shrink_to_fit();
        self.done.shrink_to_fit();
        (self.preamble, self.done)
    }
}

/// A logical line: one or more physical lines joined (hard-wrapped text), maybe a bullet.
struct Logical {
    bullet: bool,
    parts: Vec<(usize, Span)>,
    text: String,
}

impl Logical {
    fn into_text(self, source_lines: &[Line]) -> Text {
        let span = self
            .parts
            .first()
            .map(|p| p.1)
            .unwrap_or_default()
            .cover(self.parts.last().map(|p| p.1).unwrap_or_default());
        let _ = source_lines;
        let mut links = Vec::new();
        let finder = linkify::LinkFinder::new();
        for link in finder.links(&self.text) {
            if *link.kind() == linkify::LinkKind::Url {
                links.push(Link {
                    text: link.as_str().to_string(),
                    target: link.as_str().to_string(),
                    span: Span::default(),
                });
            }
        }
        // Joined lines grew the text and its parts by doubling: the slack would live as
        // long as the document.
        let (mut text, mut parts) = (self.text, self.parts);
        text.shrink_to_fit();
        // One line, the usual case, is the source text of the span: no list to keep.
        let segments = if parts.len() == 1 {
            Segments::whole()
        } else {
            parts.shrink_to_fit();
            Segments::from(parts)
        };
        let mut t = Text {
            text,
            links,
            span,
            segments,
        };
        let spans: Vec<Span> = t
            .links
            .iter()
            .map(|l| {
                let start = t.text.find(&l.target).unwrap_or(0);
                t.source_span(start, start + l.target.len())
            })
            .collect();
        for (l, s) in t.links.iter_mut().zip(spans) {
            l.span = s;
        }
        t
    }
}

/// Groups consecutive content lines into paragraphs and lists (see the module docs and
/// `grammar/policy.ebnf`, production `block`).
fn blocks_of(lines: &[Line], group: &[usize]) -> Vec<Block> {
    let mut logical: Vec<Logical> = Vec::new();
    for &i in group {
        let line = &lines[i];
        let (is_bullet, off) = match line.kind {
            Kind::Bullet(off) => (true, off),
            _ => (false, 0),
        };
        let content = &line.text[off..];
        let span = Span::new(line.start + off, line.start + line.text.len());
        // Hard-wrapped text: a line continues the previous one when that one did not end
        // a sentence. After a bullet, only an indented line (or a lower-case one that
        // finishes the item's sentence) continues the item.
        let continues = !is_bullet
            && logical.last().is_some_and(|prev| {
                if prev.bullet {
                    line.indented || !ends_sentence(&prev.text) && starts_lowercase(content)
                } else {
                    !ends_sentence(&prev.text)
                }
            });
        if continues {
            let prev = logical.last_mut().expect("checked above");
            prev.text.push(' ');
            prev.parts.push((prev.text.len(), span));
            prev.text.push_str(content);
        } else {
            logical.push(Logical {
                bullet: is_bullet,
                parts: vec![(0, span)],
                text: content.to_string(),
            });
        }
    }

    let mut blocks = Vec::new();
    let mut pending: Vec<Text> = Vec::new();
    let flush = |pending: &mut Vec<Text>, blocks: &mut Vec<Block>| match pending.len() {
        0 => {}
        1 => blocks.push(Block::Paragraph(pending.remove(0))),
        _ => {
            let span = pending[0].span.cover(pending[pending.len() - 1].span);
            let mut items = std::mem::take(pending);
            items.shrink_to_fit();
            blocks.push(Block::List { items, span });
        }
    };
    let all_one_paragraph = logical.len() == 1;
    for l in logical {
        let intro = !l.bullet && l.text.ends_with([':', '：']);
        let text = l.into_text(lines);
        if all_one_paragraph || intro {
            flush(&mut pending, &mut blocks);
            blocks.push(Block::Paragraph(text));
        } else {
            pending.push(text);
        }
    }
    flush(&mut pending, &mut blocks);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`heading_number`] without the [`may_start_number`] shortcut.
    fn heading_number_reference(s: &str) -> Option<(SectionNumber, &str)> {
        heading_number_parse(s.trim_start_matches(is_heading_space))
    }

    /// The plain definition of [`is_all_caps`], character by character.
    fn is_all_caps_reference(line: &str) -> bool {
        let (mut letters, mut upper) = (0usize, 0usize);
        for c in line.chars() {
            if c.is_lowercase() {
                return false;
            }
            upper += usize::from(c.is_uppercase());
            letters += usize::from(c.is_alphabetic());
        }
        upper >= 3 && upper * 2 >= letters
    }

    #[test]
    fn is_all_caps_matches_its_reference() {
        let tricky = [
            "",
            "ABC",
            "AB",
            "ABC def",
            "CONTACT US:",
            "ÉTÉ ABC",
            "ABC é",
            "ABCÉ",
            "隐私 ABC",
            "AB隐私私私",
            "ǅAB",
            "\u{212a}AB",
            "A1B2C3",
            "ÀÁÂ",
            "STRASSE ß",
        ];
        let mut lines: Vec<String> = tricky.iter().map(|s| s.to_string()).collect();
        for (_, text) in crate::testing::fixture_texts() {
            lines.extend(text.lines().map(str::to_string));
        }
        for line in &lines {
            assert_eq!(is_all_caps(line), is_all_caps_reference(line), "{line:?}");
        }
    }

    #[test]
    fn caseless_letters_agree_with_the_unicode_tables() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_caseless_letter(c) {
                assert!(c.is_alphabetic(), "{c:?}");
                assert!(!c.is_lowercase() && !c.is_uppercase(), "{c:?}");
            }
        }
        for line in [
            "私のデータ",
            "개인정보 처리방침",
            "隐私政策 ABC",
            "ABC 隐私",
            "ABCD 隐",
        ] {
            assert_eq!(is_all_caps(line), is_all_caps_reference(line), "{line:?}");
        }
    }

    #[test]
    fn heading_number_matches_its_reference() {
        let tricky = [
            "",
            "S",
            "I",
            "V",
            "X",
            "In",
            "IV",
            "IV.",
            "IV Title",
            "XIV – Title",
            "Ix",
            "iv. x",
            "Info",
            "Xylophone",
            "Vx",
            "Section 4: Cookies",
            "SECTION 11 - TITLE",
            "section4",
            "Article IV",
            "ART. 3",
            "art. 3",
            "Art.3",
            "Partie 2",
            "Part 2",
            "Kapitel 3",
            "Teil 1",
            "Titre 1",
            "Título 2",
            "TÍTULO 2",
            "Capítulo 4",
            "CAPÍTULO 4",
            "Sección 2",
            "Chapitre 1",
            "Chapter 1",
            "Clause 9",
            "Abschnitt 2",
            "Artikel 5",
            "§ 5 Title",
            "§5",
            "第四条 标题",
            "第1条",
            "一、标题",
            "1、标题",
            "１．标题",
            "（一）标题",
            "(一) 标题",
            "(a) Title",
            "(B) Title",
            "(3) Title",
            "(iv) Rights",
            "1. Title",
            "1) Title",
            "3.2 Retention",
            "3.2. Retention",
            "1\\. Title",
            "1° Données",
            "3.Base légale",
            "12 - 15 employees",
            "\u{a0}2.\u{a0}Daten",
            "\u{feff}IV. Rights",
            "\u{212a}apitel 3",
            "S\u{212a}",
            "Se",
            "se",
            "ab",
            "Ab 1",
            "\u{200b}1. Title",
            "\u{3000}第2章",
            "Contents",
            "Privacy",
            "cookies",
            "-1. x",
        ];
        let mut lines: Vec<String> = tricky.iter().map(|s| s.to_string()).collect();
        for (_, text) in crate::testing::fixture_texts() {
            for line in text.lines() {
                lines.push(line.to_string());
                lines.push(
                    line.trim()
                        .trim_start_matches(['#', '*', '-', ' '])
                        .to_string(),
                );
            }
        }
        for line in &lines {
            assert_eq!(
                heading_number(line),
                heading_number_reference(line),
                "{line:?}"
            );
        }
    }

    proptest::proptest! {
        /// On random text over the characters that open a section number or label, the
        /// shortcut agrees with the parser.
        #[test]
        fn heading_number_matches_its_reference_on_random_text(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "s", "S", "e", "E", "a", "r", "c", "h", "p", "t", "k", "K", "b", "l", "i", "I",
                "V", "X", "x", "n", "1", "4", "12", ".", ")", "(", "§", "第", "一", "、", "（",
                "）", "１", " ", "\u{a0}", "\u{200b}", "\u{212a}", ":", "-", "–", "Í", "í",
                "Section", "art.", "Kapitel",
            ]), 0..10)
        ) {
            let s: String = parts.concat();
            proptest::prop_assert_eq!(heading_number(&s), heading_number_reference(&s));
        }
    }

    fn num(s: &str) -> Option<(String, Vec<u32>, String)> {
        heading_number(s).map(|(n, t)| (n.text.to_string(), n.parts.to_vec(), t.to_string()))
    }

    #[test]
    fn heading_numbers() {
        assert_eq!(
            num("SECTION 11: HOW TO CONTACT US"),
            Some(("11".into(), vec![11], "HOW TO CONTACT US".into()))
        );
        assert_eq!(num("1. Title"), Some(("1".into(), vec![1], "Title".into())));
        assert_eq!(num("1) Title"), Some(("1".into(), vec![1], "Title".into())));
        assert_eq!(
            num("3.2 Retention"),
            Some(("3.2".into(), vec![3, 2], "Retention".into()))
        );
        assert_eq!(num("Article 3"), Some(("3".into(), vec![3], "".into())));
        assert_eq!(
            num("IV. Your rights"),
            Some(("IV".into(), vec![4], "Your rights".into()))
        );
        assert_eq!(
            num("第十二条 联系我们"),
            Some(("十二".into(), vec![12], "联系我们".into()))
        );
        assert_eq!(
            num("3.Base légale"),
            Some(("3".into(), vec![3], "Base légale".into()))
        );
        assert_eq!(num("C. Smith"), None);
        assert_eq!(num("IIII. Four"), None);
        assert_eq!(
            num("第一〇条 定义"),
            Some(("一〇".into(), vec![10], "定义".into()))
        );
        assert_eq!(
            num("Section 4:Cookies"),
            Some(("4".into(), vec![4], "Cookies".into()))
        );
        // The number grammar accepts it; the heading check refuses a lower-case title.
        assert!(!matches!(classify("3.5 million users"), Kind::Numbered(..)));
        assert_eq!(num("2022 was a year"), None);
        assert_eq!(num("I think so"), None);
        assert_eq!(num("12 months"), None);
    }

    /// Up to four parts are inline; more spill to the heap without spare capacity.
    #[test]
    fn section_numbers_inline_when_short() {
        let (n, _) = heading_number("1.2.3.4 Deep").unwrap();
        assert_eq!(
            (n.text.as_str(), n.parts.as_slice()),
            ("1.2.3.4", &[1, 2, 3, 4][..])
        );
        assert!(!n.text.is_heap_allocated() && !n.parts.spilled());
        let n = number_of("1.2.3.4.5.6.7.8.9");
        assert_eq!(n.parts.as_slice(), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert!(n.parts.spilled());
        assert_eq!(n.parts.capacity(), n.parts.len());
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            r#"{"text":"1.2.3.4.5.6.7.8.9","parts":[1,2,3,4,5,6,7,8,9]}"#
        );
    }

    #[test]
    fn heading_numbers_beyond_english() {
        let n = |s: &str, text: &str, parts: &[u32], title: &str| {
            assert_eq!(
                num(s),
                Some((text.to_string(), parts.to_vec(), title.to_string())),
                "{s}"
            );
        };
        n("Article 1 – Objet", "1", &[1], "Objet");
        n("1. Qui sommes-nous ?", "1", &[1], "Qui sommes-nous ?");
        n("1° Données collectées", "1", &[1], "Données collectées");
        n("2º Datos", "2", &[2], "Datos");
        n("§ 3 Verantwortlicher", "3", &[3], "Verantwortlicher");
        n("§\u{a0}3 Verantwortlicher", "3", &[3], "Verantwortlicher");
        n("Artículo 4. Datos", "4", &[4], "Datos");
        n("Partie 2 : Vos droits", "2", &[2], "Vos droits");
        n("Chapitre III – Cookies", "III", &[3], "Cookies");
        n("Teil 1 Allgemeines", "1", &[1], "Allgemeines");
        n("Kapitel 2: Rechte", "2", &[2], "Rechte");
        n("Capítulo 5 Derechos", "5", &[5], "Derechos");
        n("第一条 总则", "一", &[1], "总则");
        n("第1条（目的）", "1", &[1], "（目的）");
        n("第１２条 お問い合わせ", "１２", &[12], "お問い合わせ");
        n("一、我们如何收集", "一", &[1], "我们如何收集");
        n("十二、联系我们", "十二", &[12], "联系我们");
        n("3、信息安全", "3", &[3], "信息安全");
        n("（二）共享", "二", &[2], "共享");
        n("(三) 转让", "三", &[3], "转让");
        n("(a) Right of access", "a", &[1], "Right of access");
        n("(d) Right to object", "d", &[4], "Right to object");
        n("(iv) Retention", "iv", &[4], "Retention");
        n("(3) Cookies", "3", &[3], "Cookies");
        n("14\\. Escaped", "14", &[14], "Escaped");
        n("XIV – Final provisions", "XIV", &[14], "Final provisions");
        n("\u{200b}2.\u{a0}Cookies", "2", &[2], "Cookies");
        // Not headings.
        assert_eq!(num("12 - 15 employees"), None);
        assert_eq!(num("I - think so").map(|n| n.2), None);
        assert_eq!(num("(Optional) Cookies"), None);
        assert_eq!(num("一些信息"), None);
        assert_eq!(num("Partner 1"), None);
    }

    #[test]
    fn bracketed_numbers_nest_and_lettered_lists_stay_lists() {
        let doc = parse(
            "Privacy\n\n1. Your rights\n\nYou have rights.\n\n(a) Right of access\n\nYou may ask.\n\n(b) Right to object\n\nYou may object.\n\n2. Contact\n\nWrite to us.\n\nRights:\n(a) Access\n(b) Erasure\n",
        );
        let top: Vec<_> = doc.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(top, ["Your rights", "Contact"]);
        let kids: Vec<_> = doc.sections[0]
            .children
            .iter()
            .map(|s| {
                (
                    s.number.as_ref().unwrap().text.as_str(),
                    s.title.as_str(),
                    s.level,
                )
            })
            .collect();
        assert_eq!(
            kids,
            [("a", "Right of access", 2), ("b", "Right to object", 2)]
        );
        match &doc.sections[1].blocks[2] {
            Block::List { items, .. } => {
                let t: Vec<_> = items.iter().map(|i| i.text.as_str()).collect();
                assert_eq!(t, ["Access", "Erasure"]);
            }
            other => panic!("{other:?}"),
        }
        let doc = parse(
            "隐私政策\n\n一、我们如何收集\n\n内容。\n\n（一）注册\n\n内容。\n\n（二）登录\n\n内容。\n\n二、联系我们\n\n内容。\n",
        );
        let top: Vec<_> = doc
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.children.len()))
            .collect();
        assert_eq!(top, [("我们如何收集", 2), ("联系我们", 0)]);
        assert_eq!(doc.sections[0].children[1].level, 2);
    }

    /// Every label of `section_label`, in any case, opens a numbered heading: the
    /// first-letter check in `labelled_heading` lets them all through.
    #[test]
    fn every_section_label_opens_a_heading() {
        for label in [
            "section",
            "article",
            "art.",
            "chapter",
            "clause",
            "partie",
            "parte",
            "part",
            "artikel",
            "abschnitt",
            "teil",
            "kapitel",
            "chapitre",
            "titre",
            "artículo",
            "sección",
            "capítulo",
            "título",
        ] {
            for l in [label.to_string(), label.to_uppercase()] {
                let line = format!("{l} 4: Cookies");
                let got = heading_number(&line);
                assert_eq!(
                    got.map(|(n, t)| (n.parts.to_vec(), t)),
                    Some((vec![4], "Cookies")),
                    "{l}"
                );
            }
        }
        assert!(heading_number("§ 5 Rechte").is_some());
        assert!(heading_number("Kontakt 4: x").is_none());
    }

    #[test]
    fn all_caps_lines_are_headings() {
        let doc = parse(
            "Privacy\n\nWe care.\n\nDATA RETENTION:\nwe keep data for a year.\n\nCONTACT US\nyou can write to us.\n",
        );
        let top: Vec<_> = doc.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(top, ["DATA RETENTION:", "CONTACT US"]);
        assert!(is_all_caps("INFORMATION WE COLLECT"));
        assert!(!is_all_caps("我们使用 VPN 服务器提供该功能"));
        assert!(!is_all_caps("EU"));
    }

    #[test]
    fn review_findings() {
        // A cue line on its own introduces the TOC that follows it directly.
        let doc = parse(
            "Privacy\n\nContents\nIntroduction\nData We Collect\nYour Rights\n\nIntroduction\n\nHello.\n\nData We Collect\n\nNames.\n\nYour Rights\n\nMany.\n",
        );
        let toc = doc.toc.expect("toc");
        assert_eq!(toc.entries.len(), 3);
        assert_eq!(doc.sections.len(), 3);
        // No overflow on absurd CJK numbers.
        assert!(
            heading_number("第四二九四九六七二九九条 定义")
                .is_some_and(|(n, _)| n.parts.is_empty())
        );
        assert_eq!(heading_number("I.T. Department"), None);
        assert!(!matches!(
            classify("(See Section 4 below.)"),
            Kind::Numbered(..)
        ));
        assert!(!heading_candidate(&split_lines("We said \"stop.\"")[0]));
        assert!(byline("By-law of 2020-01-01").is_none());
        let doc = parse("Last updated: 2026-01-01\n2025-01-01\n1999-12-31\n");
        assert!(doc.sections.is_empty(), "{:?}", doc.sections);
    }

    #[test]
    fn bylines() {
        let (author, date) = byline("Author:StrongShop, 2022-02-10").unwrap();
        assert_eq!(
            &"Author:StrongShop, 2022-02-10"[author.0..author.1],
            "StrongShop"
        );
        assert_eq!(date.date.to_string(), "2022-02-10");
        assert!(byline("By using our services, you agree").is_none());
        assert!(byline("By using our services since March 2020, you agree").is_none());
        assert!(byline("Authority decisions of 2022-01-01 apply.").is_none());
        assert!(byline("By Jane Doe, 1 March 2024").is_some());
    }

    #[test]
    fn wrapped_paragraph_and_list() {
        let doc = parse(
            "Title\n\nWe collect data when you\nuse the service.\n\nWe list:\n- one\n- two\n",
        );
        assert_eq!(doc.title.as_ref().unwrap().text, "Title");
        assert_eq!(doc.preamble.len(), 3);
        match &doc.preamble[0] {
            Block::Paragraph(t) => assert_eq!(t.text, "We collect data when you use the service."),
            other => panic!("{other:?}"),
        }
        match &doc.preamble[2] {
            Block::List { items, .. } => assert_eq!(items.len(), 2),
            other => panic!("{other:?}"),
        }
    }
}
