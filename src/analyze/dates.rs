//! Dates as written in policies, the role each plays (last updated, effective, byline), and
//! the date-shaped text that is not a usable date (impossible days, ambiguous numbers,
//! templates left unfilled).
//!
//! Recognised forms (a nom parser, tried at every word start):
//! - ISO 8601 calendar dates: `2022-02-10`, also `2022/02/10`;
//! - month name, day, year: `February 10, 2022`, `Feb. 10th, 2022`, `Jan 06, 2026`;
//! - day, month name, year: `10 February 2022`, `11th of April, 2023`, `5 novembre 2025`,
//!   `28. April 2021`, `10-JUN-2021`;
//! - CJK: `2022年2月10日`, `2026 年 5 月 4 日`;
//! - month name and year: `November 2021`, `Juni 2021`, `APRIL-2024` (taken as the 1st of
//!   the month, with month precision);
//! - numeric with dots, always day first: `10.02.2022`; `15.04.14` (two-digit year, read as
//!   20yy) only when labelled or standing alone, since `10.12.14` is also a version number;
//! - numeric with slashes or hyphens: `10/02/2022`, `3/11/2025`, `10-02-2022`.
//!
//! Month names in English, French, German and Spanish. Spaces may be any Unicode space:
//! policies copied from web pages are full of no-break and zero-width spaces
//! (`17.\u{a0}Dezember 2025`, `le \u{200b}2 Juin 2021`).
//!
//! ## Day or month first
//!
//! Dotted numeric dates are day first (the European convention; no one writes `02.10.2022`
//! for February 10). Slash and hyphen dates are decided, in order, by: a part above 12
//! (`13/02/2022`); equal parts (`02/02/2023`); the document's own convention, when its
//! other numeric dates settle it one way only (a `13/02/2022` elsewhere, or any dotted
//! date, makes it day first; a `02/13/2022` makes it month first); the document's language
//! (German, French, Spanish, Italian, Dutch and Portuguese text is day first). English says
//! nothing: British and American policies both exist, and a CCPA section does not make a
//! text American. What remains is [`Reading::Ambiguous`]: the `ambiguous-date` rule reports
//! it, and the other rules use the month-first reading (slash dates in English policies
//! are mostly American) so that staleness can still be judged.
//!
//! ## Candidates that are not dates
//!
//! The rules need to see what chrono rejects: [`find_all`] returns every date-shaped text
//! as a [`DateCandidate`] with a [`Reading`]: a date, an ambiguous pair, an impossible day
//! (`2023-02-30`, `31 April 2024`, `2022年2月30日`), or a placeholder (`XX mars 2025`,
//! `[DATE]`, `MM/DD/YYYY`, `__/__/____`, `2025年X月X日`). A placeholder counts when it keeps
//! a real year or stands after a date label: `enter your birth date as MM/DD/YYYY` is an
//! instruction, `Last updated: MM/DD/YYYY` a template. A placeholder that keeps a real month
//! and year still dates the policy to the month (`XX mars 2025` is March 2025), the way
//! `December 2025` does.
//!
//! ## Roles
//!
//! The label nearest before the date (within [`LABEL_WINDOW`] bytes) gives the role, or a
//! CJK label just after it (`2026 年 5 月 4 日生效`, `2024 年 4 月 3 日起生效`). Only a few
//! small words may stand between label and date (`Effective Date: the earlier of
//! 2024-12-23`, `Gültig ab Dienstag, 4. Juni 2019`); "until" may not (`the version
//! effective until June 28, 2025` dates the old version). A label in the middle of a
//! sentence counts only when the words before it are about the policy: `This version of
//! our privacy statement took effect on ...` is a date of the policy, `the CCPA became
//! effective on January 1, 2020` is not. `Version 8.0 | July 23, 2025` is a last-updated
//! date. An unlabelled date standing alone under the title is a byline; any other date has
//! the role `Other` (change logs, laws, events).
//!
//! ## Why this design
//!
//! A hand-written nom parser rather than a date-guessing crate (`dateparser`, `chrono`'s
//! format strings): the forms are many and multilingual, the parser must give byte spans,
//! and it must keep what such crates silently drop or guess (impossible days, ambiguous
//! numbers, placeholders). Candidates live here, beside the finder, rather than as flags on
//! [`DateMention`], so that `doc.metadata.dates` stays a plain list of real dates for every
//! other consumer while the date rules get the full picture from [`find_all`].

use chrono::{Datelike, NaiveDate};
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while, take_while_m_n, take_while1};
use nom::character::complete::char;
use nom::combinator::{opt, verify};
use nom::{IResult, Parser};

use crate::ast::{DateMention, DateRole, Document, Section, Span, Text};

/// A date found in a string: byte range in that string and the calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// Start byte in the searched string.
    pub start: usize,
    /// End byte (exclusive).
    pub end: usize,
    /// The date.
    pub date: NaiveDate,
}

/// Month names and abbreviations (lower case) in English, French, German and Spanish, with
/// their number. Longer names first so that `june` wins over `jun`.
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("sept", 9),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// English month names for messages, January first.
const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

// ---------------------------------------------------------------------------------------
// The parser

/// Any Unicode space (no-break U+00A0 and narrow no-break U+202F included), plus the
/// invisible characters web pages sprinkle into dates ([`super::is_invisible`]).
fn is_space(c: char) -> bool {
    c.is_whitespace() || super::is_invisible(c)
}

fn sp0(i: &str) -> IResult<&str, &str> {
    take_while(is_space)(i)
}

fn sp1(i: &str) -> IResult<&str, &str> {
    take_while1(is_space)(i)
}

fn fail<T>(i: &str, kind: nom::error::ErrorKind) -> IResult<&str, T> {
    Err(nom::Err::Error(nom::error::Error::new(i, kind)))
}

/// [`MONTHS`] by name, for one lookup per word instead of a comparison with every name.
fn month_numbers() -> &'static rustc_hash::FxHashMap<&'static str, u32> {
    static MAP: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u32>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = rustc_hash::FxHashMap::default();
        for &(name, m) in MONTHS {
            map.entry(name).or_insert(m);
        }
        map
    })
}

/// An ASCII word of at most 16 bytes in lower case, as a number: its bytes in order, zero
/// after the last (a word has no zero byte, so two words have the same key only when they
/// are the same ignoring ASCII case).
fn ascii_key(word: &[u8]) -> u128 {
    debug_assert!(word.len() <= 16);
    word.iter().enumerate().fold(0, |k, (n, b)| {
        k | u128::from(b.to_ascii_lowercase()) << (8 * n)
    })
}

/// The ASCII names of [`MONTHS`] by [`ascii_key`], as [`month_numbers`] has them: an ASCII
/// word is looked up without a lower-case copy.
fn ascii_month_numbers() -> &'static rustc_hash::FxHashMap<u128, u32> {
    static MAP: std::sync::OnceLock<rustc_hash::FxHashMap<u128, u32>> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = rustc_hash::FxHashMap::default();
        for &(name, m) in MONTHS.iter().filter(|(name, _)| name.is_ascii()) {
            map.entry(ascii_key(name.as_bytes())).or_insert(m);
        }
        map
    })
}

/// For each ASCII letter `a` to `z`, the set of second letters (bit 0 for `a`) of the
/// [`MONTHS`] names starting with it, when both their first two bytes are ASCII letters:
/// an ASCII quick rejection.
const MONTH_PAIRS: [u32; 26] = {
    let mut pairs = [0u32; 26];
    let mut k = 0;
    while k < MONTHS.len() {
        let name = MONTHS[k].0.as_bytes();
        if name.len() >= 2 && name[0].is_ascii_lowercase() && name[1].is_ascii_lowercase() {
            pairs[(name[0] - b'a') as usize] |= 1 << (name[1] - b'a');
        }
        k += 1;
    }
    pairs
};

/// For each pair of ASCII letters `a`, `b` (index `26 * a + b`, `a` being 0), the set of
/// third letters (bit 0 for `a`) of the [`MONTHS`] names starting with them, when their first
/// three bytes are ASCII letters: [`MONTH_PAIRS`] one letter further, which tells most
/// words with a month's first two letters from a month (`service`, `market`, `decide`).
const MONTH_TRIPLES: [u32; 26 * 26] = {
    let mut triples = [0u32; 26 * 26];
    let mut k = 0;
    while k < MONTHS.len() {
        let name = MONTHS[k].0.as_bytes();
        if name.len() >= 3
            && name[0].is_ascii_lowercase()
            && name[1].is_ascii_lowercase()
            && name[2].is_ascii_lowercase()
        {
            let pair = (name[0] - b'a') as usize * 26 + (name[1] - b'a') as usize;
            triples[pair] |= 1 << (name[2] - b'a');
        }
        k += 1;
    }
    triples
};

/// Whether a month name of [`MONTHS`] can start with `c` (in either case): a `match`, not
/// a search of a string of letters, as it runs for every word of a policy.
fn is_month_letter(c: char) -> bool {
    matches!(
        c.to_ascii_lowercase(),
        'j' | 'f' | 'm' | 'a' | 's' | 'o' | 'n' | 'd' | 'e'
    )
}

/// Whether a month name of [`MONTHS`] starts with the ASCII bytes `a` and `b` (in either
/// case): both are letters and the pair's bit is set in [`MONTH_PAIRS`].
const fn month_pair(a: u8, b: u8) -> bool {
    let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
    a.is_ascii_lowercase()
        && b.is_ascii_lowercase()
        && MONTH_PAIRS[(a - b'a') as usize] >> (b - b'a') & 1 == 1
}

/// Whether a month name of [`MONTHS`] starts with the ASCII bytes `a`, `b` and `c` (in
/// either case): all are letters and the bit of `c` is set in [`MONTH_TRIPLES`].
fn month_triple(a: u8, b: u8, c: u8) -> bool {
    let (a, b, c) = (
        a.to_ascii_lowercase(),
        b.to_ascii_lowercase(),
        c.to_ascii_lowercase(),
    );
    a.is_ascii_lowercase()
        && b.is_ascii_lowercase()
        && c.is_ascii_lowercase()
        && MONTH_TRIPLES[usize::from(a - b'a') * 26 + usize::from(b - b'a')] >> (c - b'a') & 1 == 1
}

/// The month `word` (a run of alphabetic characters) names, in any case.
fn month_number(word: &str) -> Option<u32> {
    // Every month name starts with one of these letters and takes 3 to 10 bytes; checking
    // first spares a lookup of every other word of the policy.
    if !(3..=10).contains(&word.len()) || !word.starts_with(is_month_letter) {
        return None;
    }
    // Most words starting with a month's letter are not months: their first two or three
    // letters already tell (`an`, `or`, `data`, `service`), when they are ASCII. They are
    // then letters (the word is alphabetic), and they start a name exactly when their bit
    // is set in MONTH_PAIRS or MONTH_TRIPLES (every name is in lower case).
    if let [a, b, rest @ ..] = word.as_bytes()
        && a.is_ascii()
        && b.is_ascii()
        && (!month_pair(*a, *b)
            || rest
                .first()
                .is_some_and(|c| c.is_ascii() && !month_triple(*a, *b, *c)))
    {
        return None;
    }
    let found = if word.is_ascii() {
        ascii_month_numbers()
            .get(&ascii_key(word.as_bytes()))
            .copied()
    } else {
        month_numbers().get(word.to_lowercase().as_str()).copied()
    };
    #[cfg(debug_assertions)]
    assert_eq!(
        found,
        month_numbers().get(word.to_lowercase().as_str()).copied(),
        "{word}"
    );
    found
}

fn month_name(i: &str) -> IResult<&str, u32> {
    let (rest, word) = take_while1(|c: char| c.is_alphabetic())(i)?;
    match month_number(word) {
        Some(m) => {
            // An abbreviation may carry a dot: "Feb."
            let (rest, _) = opt(char('.')).parse(rest)?;
            Ok((rest, m))
        }
        None => fail(i, nom::error::ErrorKind::Tag),
    }
}

fn number(min: usize, max: usize) -> impl FnMut(&str) -> IResult<&str, u32> {
    move |i| {
        let (rest, digits) = take_while_m_n(min, max, |c: char| c.is_ascii_digit())(i)?;
        // Refuse a digit run that goes on ("20221" is not a year).
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return fail(i, nom::error::ErrorKind::Digit);
        }
        Ok((rest, digits.parse().unwrap_or(0)))
    }
}

/// A day or month number as written in a numeric date: 1 to 31.
fn part(i: &str) -> IResult<&str, u32> {
    verify(number(1, 2), |n| (1..=31).contains(n)).parse(i)
}

fn year(i: &str) -> IResult<&str, i32> {
    let (rest, y) = verify(number(4, 4), |y| (1900..=2199).contains(y)).parse(i)?;
    Ok((rest, y as i32))
}

fn ordinal_suffix(i: &str) -> IResult<&str, ()> {
    let (rest, _) = opt(alt((
        tag_no_case("st"),
        tag_no_case("nd"),
        tag_no_case("rd"),
        tag_no_case("th"),
        tag("er"),
        tag("."),
    )))
    .parse(i)?;
    Ok((rest, ()))
}

fn day(i: &str) -> IResult<&str, u32> {
    let (rest, d) = part(i)?;
    let (rest, _) = ordinal_suffix(rest)?;
    Ok((rest, d))
}

/// How a date was written; it decides how its numbers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// `2022-02-10`, `2022/02/10`.
    Iso,
    /// A month name with a day: `February 10, 2022`, `10 février 2022`.
    Named,
    /// A month name without a day: `December 2025`.
    MonthYear,
    /// `2022年2月10日`.
    Cjk,
    /// `10.02.2022`: day first.
    Dotted,
    /// `15.04.14`: day first, two-digit year.
    DottedShort,
    /// `10/02/2022`, `10-02-2022`: which part is the day is open.
    Numeric,
}

/// What the parser read, before calendar checks and before the day/month order is settled.
/// For every form but [`Form::Numeric`], `first` is the month and `second` the day; for
/// `Numeric` they are the two numbers in the order written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Raw {
    year: i32,
    first: u32,
    second: u32,
    form: Form,
}

impl Raw {
    fn ymd(year: i32, month: u32, day: u32, form: Form) -> Self {
        Raw {
            year,
            first: month,
            second: day,
            form,
        }
    }
}

fn iso(i: &str) -> IResult<&str, Raw> {
    let (rest, (y, sep, m)) = (year, alt((char('-'), char('/'))), number(2, 2)).parse(i)?;
    let (rest, (_, d)) = (char(sep), number(2, 2)).parse(rest)?;
    if m > 31 || d > 31 {
        return fail(i, nom::error::ErrorKind::Verify);
    }
    Ok((rest, Raw::ymd(y, m, d, Form::Iso)))
}

fn numeric(i: &str) -> IResult<&str, Raw> {
    let (rest, (a, sep, b)) = (part, alt((char('/'), char('-'), char('.'))), part).parse(i)?;
    let (rest, _) = char(sep).parse(rest)?;
    let (rest, y) = year(rest)?;
    Ok((
        rest,
        if sep == '.' {
            Raw::ymd(y, b, a, Form::Dotted)
        } else {
            Raw {
                year: y,
                first: a,
                second: b,
                form: Form::Numeric,
            }
        },
    ))
}

fn dotted_short(i: &str) -> IResult<&str, Raw> {
    let (rest, (d, _, m, _, y)) = (
        verify(number(2, 2), |n| (1..=31).contains(n)),
        char('.'),
        verify(number(2, 2), |n| (1..=31).contains(n)),
        char('.'),
        number(2, 2),
    )
        .parse(i)?;
    Ok((rest, Raw::ymd(2000 + y as i32, m, d, Form::DottedShort)))
}

fn month_day_year(i: &str) -> IResult<&str, Raw> {
    let (rest, (m, _, d, _, _, y)) = (month_name, sp1, day, opt(char(',')), sp0, year).parse(i)?;
    Ok((rest, Raw::ymd(y, m, d, Form::Named)))
}

fn day_month_year(i: &str) -> IResult<&str, Raw> {
    let (rest, (d, _, _, m, _, _, _, y)) = (
        day,
        sp0,
        opt((alt((tag_no_case("of"), tag_no_case("de"))), sp1)),
        month_name,
        opt(char(',')),
        sp0,
        opt((alt((tag_no_case("del"), tag_no_case("de"))), sp1)),
        year,
    )
        .parse(i)?;
    Ok((rest, Raw::ymd(y, m, d, Form::Named)))
}

/// `10-JUN-2021`.
fn day_month_year_hyphen(i: &str) -> IResult<&str, Raw> {
    let (rest, (d, _, m, _, y)) = (part, char('-'), month_name, char('-'), year).parse(i)?;
    Ok((rest, Raw::ymd(y, m, d, Form::Named)))
}

fn cjk(i: &str) -> IResult<&str, Raw> {
    let (rest, (y, _, _, _, m, _, _, _, d, _, _)) = (
        year,
        sp0,
        char('年'),
        sp0,
        number(1, 2),
        sp0,
        char('月'),
        sp0,
        number(1, 2),
        sp0,
        alt((char('日'), char('号'))),
    )
        .parse(i)?;
    if !(1..=31).contains(&m) || !(1..=31).contains(&d) {
        return fail(i, nom::error::ErrorKind::Verify);
    }
    Ok((rest, Raw::ymd(y, m, d, Form::Cjk)))
}

fn month_year(i: &str) -> IResult<&str, Raw> {
    let (rest, (m, _, _, y)) = (month_name, opt(char(',')), alt((sp1, tag("-"))), year).parse(i)?;
    Ok((rest, Raw::ymd(y, m, 1, Form::MonthYear)))
}

// Placeholders are parsed by hand: they are short, and nom would add little.

/// Characters that stand for a digit in a template: `XX`, `__`, `??`, `##`.
const PLACEHOLDER_CHARS: &str = "Xx_?#＿Ｘｘ×";
/// Letters that stand for a date part in a template: `DD/MM/YYYY`, `JJ/MM/AAAA` (French),
/// `TT.MM.JJJJ` (German).
const TEMPLATE_LETTERS: &str = "DdMmYyJjAaTt";

/// A run of `max` or fewer copies of one placeholder character (`XX`, `__`, `YYYY`), not
/// followed by a letter or digit. With `letters`, template letters count too.
fn placeholder_run(i: &str, min: usize, max: usize, letters: bool) -> Option<&str> {
    let first = i.chars().next()?;
    let ok = PLACEHOLDER_CHARS.contains(first) || (letters && TEMPLATE_LETTERS.contains(first));
    if !ok {
        return None;
    }
    // Counting stops past `max`: a longer run fails either way, and counting all of it
    // from each of its characters was quadratic (`?` repeated).
    let n = i
        .chars()
        .take_while(|c| c.eq_ignore_ascii_case(&first))
        .take(max + 1)
        .count();
    if n < min || n > max {
        return None;
    }
    let rest = &i[first.len_utf8() * n..];
    (!rest.starts_with(|c: char| c.is_ascii_alphanumeric())).then_some(rest)
}

/// A placeholder for a day: `XX`, `X`, `__`, `??`, `[XX]`, `[ ]`. A single character other
/// than `X` is not one: `# March 2025` is a heading, `_ March 2025` a typo.
fn placeholder_day(i: &str) -> Option<&str> {
    if let Some(inner) = i.strip_prefix('[') {
        let inner = inner.trim_start_matches(' ');
        let rest = placeholder_run(inner, 1, 2, false).unwrap_or(inner);
        let rest = rest.trim_start_matches(' ');
        return rest.strip_prefix(']');
    }
    placeholder_run(i, 2, 2, false).or_else(|| {
        i.starts_with(['X', 'x'])
            .then(|| placeholder_run(i, 1, 1, false))
            .flatten()
    })
}

/// A date part, real or a placeholder: `(rest, Some(number))` or `(rest, None)`.
fn part_or_placeholder(i: &str, digits: usize) -> Option<(&str, Option<u32>)> {
    if digits == 4 {
        if let Ok((rest, y)) = year(i) {
            return Some((rest, Some(y as u32)));
        }
        return placeholder_run(i, 2, 4, true).map(|r| (r, None));
    }
    if let Ok((rest, n)) = part(i) {
        return Some((rest, Some(n)));
    }
    placeholder_run(i, 1, 2, true).map(|r| (r, None))
}

/// What a placeholder keeps of a real date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Kept {
    /// A real year is written.
    year: Option<i32>,
    /// A real month is written (with the year, it dates the text to the month).
    month: Option<u32>,
}

/// `XX mars 2025`, `__ March 2025`, `XX de marzo de 2025`.
fn placeholder_day_month_year(i: &str) -> Option<(&str, Kept)> {
    let rest = placeholder_day(i)?;
    let (rest, (_, _, m, _, _, _)) = (
        sp1,
        opt((alt((tag_no_case("of"), tag_no_case("de"))), sp1)),
        month_name,
        opt(char(',')),
        sp1,
        opt((alt((tag_no_case("del"), tag_no_case("de"))), sp1)),
    )
        .parse(rest)
        .ok()?;
    let (rest, y) = part_or_placeholder(rest, 4)?;
    Some((
        rest,
        Kept {
            year: y.map(|y| y as i32),
            month: Some(m),
        },
    ))
}

/// `March XX, 2025`.
fn placeholder_month_day_year(i: &str) -> Option<(&str, Kept)> {
    let (rest, (m, _)) = (month_name, sp1).parse(i).ok()?;
    let rest = placeholder_day(rest)?;
    let (rest, _) = (opt(char(',')), sp1).parse(rest).ok()?;
    let (rest, y) = part_or_placeholder(rest, 4)?;
    Some((
        rest,
        Kept {
            year: y.map(|y| y as i32),
            month: Some(m),
        },
    ))
}

/// `MM/DD/YYYY`, `__/__/____`, `XX.XX.2025`, `YYYY-MM-DD`, `2025-XX-XX`: three parts, at
/// least one of them a placeholder.
fn placeholder_numeric(i: &str) -> Option<(&str, Kept)> {
    let three = |i, widths: [usize; 3], seps: &[char]| -> Option<(&str, [Option<u32>; 3])> {
        let (rest, a) = part_or_placeholder(i, widths[0])?;
        let sep = rest.chars().next().filter(|c| seps.contains(c))?;
        let (rest, b) = part_or_placeholder(&rest[1..], widths[1])?;
        let rest = rest.strip_prefix(sep)?;
        let (rest, c) = part_or_placeholder(rest, widths[2])?;
        Some((rest, [a, b, c]))
    };
    if let Some((rest, [y, m, d])) = three(i, [4, 2, 2], &['-', '/', '.'])
        && [y, m, d].contains(&None)
    {
        let month = m.filter(|m| (1..=12).contains(m));
        let year = y.map(|y| y as i32);
        return Some((rest, Kept { year, month }));
    }
    let (rest, [a, b, y]) = three(i, [2, 2, 4], &['/', '-', '.'])?;
    if ![a, b, y].contains(&None) {
        return None;
    }
    Some((
        rest,
        Kept {
            year: y.map(|y| y as i32),
            month: None,
        },
    ))
}

/// `[DATE]`, `[insert date]`, `{{ last_updated }}`, `<Datum>`: a bracketed word about a date.
fn placeholder_bracketed(i: &str) -> Option<(&str, Kept)> {
    let (open, close) = [("{{", "}}"), ("[", "]"), ("{", "}"), ("<", ">")]
        .into_iter()
        .find(|(o, _)| i.starts_with(o))?;
    let body = &i[open.len()..];
    // The field holds at most 40 characters, so its close is within 160 bytes: search no
    // further (searching the whole rest for every opening bracket was quadratic: 200 KB of
    // brackets took 32 s).
    let mut window = body.len().min(160 + close.len());
    while !body.is_char_boundary(window) {
        window -= 1;
    }
    let end = body[..window].find(close)?;
    let inner = &body[..end];
    if inner.is_empty() || inner.chars().count() > 40 || inner.contains(['\n', '[', '<', '{']) {
        return None;
    }
    let lower = inner.to_lowercase();
    // A bracket that holds a real date ("[Last updated: March 3, 2024]") is no placeholder.
    let has_year = inner
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    (!has_year
        && ["date", "datum", "fecha", "日期", "日付"]
            .iter()
            .any(|w| lower.contains(w)))
    .then(|| {
        (
            &body[end + close.len()..],
            Kept {
                year: None,
                month: None,
            },
        )
    })
}

/// `2025年X月X日`, `XXXX年XX月XX日`, `____年__月__日`.
fn placeholder_cjk(i: &str) -> Option<(&str, Kept)> {
    let (rest, y) = part_or_placeholder(i, 4)?;
    let rest = sp0(rest).ok()?.0.strip_prefix('年')?;
    let (rest, m) = part_or_placeholder(sp0(rest).ok()?.0, 2)?;
    let rest = sp0(rest).ok()?.0.strip_prefix('月')?;
    let (rest, d) = part_or_placeholder(sp0(rest).ok()?.0, 2)?;
    let rest = sp0(rest).ok()?.0;
    let rest = rest
        .strip_prefix('日')
        .or_else(|| rest.strip_prefix('号'))?;
    if ![y, m, d].contains(&None) {
        return None;
    }
    Some((
        rest,
        Kept {
            year: y.map(|y| y as i32),
            month: m.filter(|m| (1..=12).contains(m)),
        },
    ))
}

fn placeholder(i: &str) -> Option<(&str, Kept)> {
    placeholder_day_month_year(i)
        .or_else(|| placeholder_month_day_year(i))
        .or_else(|| placeholder_cjk(i))
        .or_else(|| placeholder_numeric(i))
        .or_else(|| placeholder_bracketed(i))
}

/// What the text at a position is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parsed {
    Date(Raw),
    Placeholder(Kept),
}

/// Parses one date or placeholder at the start of `i`: its length and what it is.
fn parse_at(i: &str) -> Option<(usize, Parsed)> {
    if i.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        let fast = parse_at_digit(i);
        debug_assert_eq!(fast, parse_at_all(i), "{i:?}");
        return fast;
    }
    if i.starts_with(char::is_alphabetic) {
        let fast = parse_at_alpha(i);
        debug_assert_eq!(fast, parse_at_all(i), "{i:?}");
        return fast;
    }
    parse_at_all(i)
}

/// [`parse_at`] for a text starting with a letter: a month name (`may`, `march`) not
/// followed by what a date goes on with is left before the parsers run. Exact: when the
/// word's first two letters differ (in ASCII case), no placeholder run reads it (a run
/// of one letter is too short for a year, and a part must be followed by a `/`, `-` or `.`,
/// not a letter), and no placeholder character or digit starts it, so only
/// `month_day_year`, `month_year` and `placeholder_month_day_year` can read it, all after
/// `month_name`, and all then need a `-` or spaces (after an optional `.` and `,`), and after
/// spaces a digit or the start of a placeholder day (`[` or a placeholder character).
fn parse_at_alpha(i: &str) -> Option<(usize, Parsed)> {
    let word_len = i
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(i.len(), |(at, _)| at);
    let word = &i[..word_len];
    let mut chars = word.chars();
    let Some(a) = chars.next() else {
        return parse_at_all(i);
    };
    if PLACEHOLDER_CHARS.contains(a) {
        return parse_at_all(i);
    }
    if chars.next().is_none_or(|b| a.eq_ignore_ascii_case(&b)) {
        return if word.chars().all(|c| c.eq_ignore_ascii_case(&a)) {
            run_of_one_letter(i, a, word_len)
        } else {
            parse_at_all(i)
        };
    }
    month_number(word)?;
    let rest = &i[word_len..];
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    if rest.starts_with('-') {
        return parse_at_all(i);
    }
    let after = rest.trim_start_matches(is_space);
    let goes_on = after.len() < rest.len()
        && after
            .starts_with(|c: char| c.is_ascii_digit() || c == '[' || PLACEHOLDER_CHARS.contains(c));
    if goes_on { parse_at_all(i) } else { None }
}

/// [`parse_at_alpha`] for a word that is a run of one letter `a` (`a`, `dd`, `MM`, `à`),
/// `word_len` bytes long, when `a` is no placeholder character. No run of one letter is a
/// month name, so only a placeholder run with template letters reads it: a part of
/// `placeholder_numeric` (`M/D/YYYY`, `YYYY-MM-DD`), which must be followed by a `/`, `-` or
/// `.`, or the year of `placeholder_cjk` (`YYYY年`), which must be followed by a `年` after
/// spaces. Any other letter is read by no parser (`a`, `l’`, `www`, `ii`).
fn run_of_one_letter(i: &str, a: char, word_len: usize) -> Option<(usize, Parsed)> {
    if !TEMPLATE_LETTERS.contains(a) {
        return None;
    }
    let rest = &i[word_len..];
    let goes_on =
        rest.starts_with(['/', '-', '.']) || rest.trim_start_matches(is_space).starts_with('年');
    if goes_on { parse_at_all(i) } else { None }
}

/// Whether `day_month_year` may read the text after a day's digits, `rest`: the word it
/// would read as the month, after an optional ordinal suffix (`st`, `nd`, `rd`, `th` in
/// either case, `er`, `.`), spaces, and `of` or `de` with spaces, names one. The same steps
/// as that parser (nom's `tag_no_case` lower-cases each character, which turns no
/// non-ASCII character into one of these ASCII letters), without its costs: most numbers
/// of a policy (`30 days`, `13 years`) are followed by no month.
fn month_after_day(rest: &str) -> bool {
    let lower = |k: usize| rest.as_bytes().get(k).map(u8::to_ascii_lowercase);
    let suffix = match (lower(0), lower(1)) {
        (Some(b's'), Some(b't')) | (Some(b'n' | b'r'), Some(b'd')) | (Some(b't'), Some(b'h')) => 2,
        _ if rest.starts_with("er") => 2,
        _ if rest.starts_with('.') => 1,
        _ => 0,
    };
    let rest = rest[suffix..].trim_start_matches(is_space);
    let rest = match rest.as_bytes() {
        [x, y, ..]
            if matches!(
                [x.to_ascii_lowercase(), y.to_ascii_lowercase()],
                [b'o', b'f'] | [b'd', b'e']
            ) =>
        {
            let after = rest[2..].trim_start_matches(is_space);
            if after.len() < rest.len() - 2 {
                after
            } else {
                rest
            }
        }
        _ => rest,
    };
    let word_len = rest
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(rest.len(), |(at, _)| at);
    word_len > 0 && month_number(&rest[..word_len]).is_some()
}

/// [`parse_at`] for a text starting with an ASCII digit, which most numbers of a policy
/// (`30 days`, `2024`, `13`) leave before any parser runs. Exact, because every parser
/// that can read a digit first reads either a `part` (a run of one or two digits worth 1
/// to 31: `numeric`, `dotted_short`, `day_month_year`, `day_month_year_hyphen`, the
/// `[2, 2, 4]` `placeholder_numeric`) or a `year` (a run of exactly four digits worth 1900
/// to 2199: `iso`, `cjk`, `placeholder_cjk`, the `[4, 2, 2]` `placeholder_numeric`), and
/// `number` refuses a run that goes on. After a part, all of them but `day_month_year`
/// need a `/`, `-` or `.` next, and after it a letter (the month name of
/// `day_month_year_hyphen`, a template letter), a placeholder character, or a part of one
/// or two digits followed by the same separator; when they do not have that, all the
/// others fail, so `day_month_year` alone decides (it reads a `.` as an ordinal:
/// `5. März 2024`), and it needs a month name next ([`month_after_day`]). After a year,
/// `iso` and `placeholder_numeric` need the same after it, `cjk` and `placeholder_cjk` a
/// `年` after spaces.
fn parse_at_digit(i: &str) -> Option<(usize, Parsed)> {
    let b = i.as_bytes();
    let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if !matches!(n, 1 | 2 | 4) {
        return None;
    }
    let value = b[..n]
        .iter()
        .fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
    let sep_next = matches!(b.get(n), Some(b'/' | b'-' | b'.'));
    // What follows a separator in a date: a digit, a letter (`10-JUN-2021`, `12/MM/YYYY`),
    // a placeholder character, or a non-ASCII character (which may be any of these). A
    // sentence's full stop (`in 2024.`, `1. Scope`) is followed by none of them.
    // After a digit, the parsers need a second part of one or two digits followed by the
    // same separator (`10.12.2020`, `2024-03-05`): a decimal (`2.5`), a section number
    // (`2.1 Scope`) or a range (`2019-2020`) is no date.
    let date_after_sep = sep_next
        && b.get(n + 1).is_some_and(|&c| {
            if c.is_ascii_digit() {
                let k = b[n + 1..].iter().take_while(|d| d.is_ascii_digit()).count();
                matches!(k, 1 | 2) && b.get(n + 1 + k) == Some(&b[n])
            } else {
                c.is_ascii_alphabetic() || !c.is_ascii() || matches!(c, b'_' | b'?' | b'#')
            }
        });
    if n == 4 {
        if !(1900..=2199).contains(&value) {
            return None;
        }
        let cjk_next = sp0(&i[n..]).is_ok_and(|(rest, _)| rest.starts_with('年'));
        return if date_after_sep || cjk_next {
            parse_at_all(i)
        } else {
            None
        };
    }
    if !(1..=31).contains(&value) {
        return None;
    }
    if date_after_sep {
        return parse_at_all(i);
    }
    if !month_after_day(&i[n..]) {
        return None;
    }
    let (rest, raw) = day_month_year(i).ok()?;
    Some((i.len() - rest.len(), Parsed::Date(raw)))
}

/// [`parse_at`] with every parser tried in turn.
fn parse_at_all(i: &str) -> Option<(usize, Parsed)> {
    if let Some((rest, kept)) = placeholder(i) {
        return Some((i.len() - rest.len(), Parsed::Placeholder(kept)));
    }
    let (rest, raw) = alt((
        iso,
        cjk,
        numeric,
        dotted_short,
        month_day_year,
        day_month_year,
        day_month_year_hyphen,
        month_year,
    ))
    .parse(i)
    .ok()?;
    Some((i.len() - rest.len(), Parsed::Date(raw)))
}

/// Parses one date at the start of `i`. Returns the rest and the date, or an error when the
/// text is not a date or names an impossible day (`2023-02-30`). An ambiguous numeric date
/// (`03/04/2022`) gives its month-first reading; [`find_all`] tells the two apart.
pub fn date(i: &str) -> IResult<&str, NaiveDate> {
    let resolved = parse_at(i).and_then(|(len, parsed)| match parsed {
        Parsed::Date(raw) => resolve(raw, None).date().map(|d| (len, d)),
        Parsed::Placeholder(_) => None,
    });
    match resolved {
        Some((len, d)) => Ok((&i[len..], d)),
        None => fail(i, nom::error::ErrorKind::Verify),
    }
}

// ---------------------------------------------------------------------------------------
// Reading the numbers

/// Which numeric part comes first when nothing in the date itself decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumericOrder {
    /// `10/02/2022` is 10 February (Europe, most of the world).
    DayFirst,
    /// `10/02/2022` is October 2 (United States).
    MonthFirst,
}

/// Numbers that name no calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImpossibleDate {
    /// The year as written.
    pub year: i32,
    /// The month as read.
    pub month: u32,
    /// The day as read.
    pub day: u32,
}

impl ImpossibleDate {
    /// Why it is not a date: "there is no month 13", "April 2024 has 30 days".
    pub fn reason(&self) -> String {
        if !(1..=12).contains(&self.month) {
            return format!("there is no month {}", self.month);
        }
        if self.day == 0 {
            return "there is no day 0".to_string();
        }
        let name = MONTH_NAMES[self.month as usize - 1];
        let days = days_in_month(self.year, self.month);
        format!("{name} {} has {days} days", self.year)
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map_or(31, |d| d.day())
}

/// What a date-shaped text means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A calendar date.
    Date(NaiveDate),
    /// A numeric date whose two readings differ and nothing in the document decides.
    Ambiguous {
        /// The reading with the first number as the day.
        day_first: NaiveDate,
        /// The reading with the first number as the month.
        month_first: NaiveDate,
    },
    /// Numbers that name no calendar day (`2023-02-30`).
    Impossible(ImpossibleDate),
    /// A template left unfilled (`XX mars 2025`, `[DATE]`). `month` is the 1st of the month
    /// when a real month and year are kept.
    Placeholder {
        /// The month the placeholder still names, if any.
        month: Option<NaiveDate>,
    },
}

impl Reading {
    /// The date the rules use: the date, the month-first reading of an ambiguous date, or
    /// the month a placeholder keeps.
    pub fn date(&self) -> Option<NaiveDate> {
        match *self {
            Reading::Date(d) => Some(d),
            Reading::Ambiguous { month_first, .. } => Some(month_first),
            Reading::Placeholder { month } => month,
            Reading::Impossible(_) => None,
        }
    }

    /// Every date the text may mean: one, two for an ambiguous date, none for an impossible
    /// one.
    pub fn dates(&self) -> Vec<NaiveDate> {
        match *self {
            Reading::Ambiguous {
                day_first,
                month_first,
            } => vec![day_first, month_first],
            _ => self.date().into_iter().collect(),
        }
    }
}

fn calendar(year: i32, month: u32, day: u32) -> Reading {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(d) => Reading::Date(d),
        None => Reading::Impossible(ImpossibleDate { year, month, day }),
    }
}

fn resolve(raw: Raw, order: Option<NumericOrder>) -> Reading {
    let y = raw.year;
    if raw.form != Form::Numeric {
        return calendar(y, raw.first, raw.second);
    }
    let (a, b) = (raw.first, raw.second);
    if a > 12 {
        return calendar(y, b, a);
    }
    if b > 12 || a == b {
        return calendar(y, a, b);
    }
    match order {
        Some(NumericOrder::DayFirst) => calendar(y, b, a),
        Some(NumericOrder::MonthFirst) => calendar(y, a, b),
        None => match (
            NaiveDate::from_ymd_opt(y, b, a),
            NaiveDate::from_ymd_opt(y, a, b),
        ) {
            (Some(day_first), Some(month_first)) => Reading::Ambiguous {
                day_first,
                month_first,
            },
            _ => calendar(y, a, b),
        },
    }
}

// ---------------------------------------------------------------------------------------
// Finding dates in a string

/// A date-shaped stretch of a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Hit {
    start: usize,
    end: usize,
    parsed: Parsed,
}

/// Nothing may follow a date but a non-alphanumeric character, and not a separator that
/// goes on with a digit: `10.10.2010.1` and `2022-02-10:5` are not dates.
fn ok_after(rest: &str) -> bool {
    let mut it = rest.chars();
    match it.next() {
        None => true,
        Some(n) if n.is_ascii_alphanumeric() => false,
        Some('.' | '/' | '-' | ':') => !it.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// A word can start a date only if it is a month name (`March 2021`) or a run of one
/// letter (`XX mars 2025`, `MM/DD/YYYY`). Checked before the parsers run, because most words
/// of a policy start neither.
fn could_start_date(i: &str) -> bool {
    let mut chars = i.chars();
    let Some(first) = chars.next().filter(|c| c.is_alphabetic()) else {
        return false;
    };
    // The letters a month name can start with (as in `month_name`), which also takes at
    // most 10 bytes: a longer word, or one starting otherwise, can only be a run of one
    // letter, so reading stops at its first other letter.
    let month_letter = is_month_letter(first);
    let mut len = first.len_utf8();
    let mut same = true;
    for c in chars.take_while(|c| c.is_alphabetic()) {
        same &= c.eq_ignore_ascii_case(&first);
        // Two ASCII letters that start no month name (`an`, `of`, `da`) end it: the word
        // is not a run of one letter, and `month_number` would refuse it on them.
        if !same
            && len == 1
            && let (Ok(a), Ok(b)) = (u8::try_from(first), u8::try_from(c))
            && a.is_ascii()
            && b.is_ascii()
            && !month_pair(a, b)
        {
            return false;
        }
        len += c.len_utf8();
        if !same && (!month_letter || len > 10) {
            return false;
        }
    }
    // The loop read the whole word (`len` bytes): `month_name` would read the same word.
    same || month_number(&i[..len]).is_some()
}

/// Whether the ASCII letter at `b[at]`, which starts a word, may start a date, judged on
/// it and the two bytes after it: `false` only where [`could_start_date`] refuses the word
/// or [`parse_at`] reads nothing there, so that most words of a policy are left without
/// reading them further.
///
/// - A second ASCII letter other than the first: the word is no run of one letter, so it
///   must be a month name: its first two letters must start one ([`month_pair`], as in
///   `could_start_date`), and so must its first three when the third byte is an ASCII
///   letter ([`month_triple`], as in [`month_number`]); a third byte that is ASCII but no
///   letter ends a word of two letters, shorter than any month name.
/// - No second letter (an ASCII byte that is no letter, or the end): the word is the one
///   letter, which no parser reads unless it is a placeholder character (`X mars 2025`) or
///   a template letter followed by a separator (`M/D/YYYY`): a one-letter word is no month
///   name, and a run of one template letter is a year only from two letters on and
///   otherwise a part, which `placeholder_numeric` needs followed by `/`, `-` or `.`.
/// - Anything else (a doubled letter, a non-ASCII character) is left to `could_start_date`.
fn ascii_letter_may_start_date(b: &[u8], at: usize) -> bool {
    let first = b[at];
    let next = b.get(at + 1).copied().unwrap_or(0);
    if !next.is_ascii() {
        return true;
    }
    match LETTER_PAIRS[usize::from(first) * 128 + usize::from(next)] {
        PairVerdict::No => false,
        PairVerdict::Yes => true,
        PairVerdict::Third => b.get(at + 2).is_some_and(|&third| {
            !third.is_ascii() || (third.is_ascii_alphabetic() && month_triple(first, next, third))
        }),
    }
}

/// What [`ascii_letter_may_start_date`] makes of a word's first ASCII letter and the ASCII
/// byte after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PairVerdict {
    /// No date starts there.
    No,
    /// One may: the parsers decide.
    Yes,
    /// A month name may: its third byte decides.
    Third,
}

/// The rules of [`ascii_letter_may_start_date`] for the ASCII letter `first` and the ASCII
/// byte `next` after it (0 at the end of the text, which like any byte that is no letter
/// ends a one-letter word).
const fn pair_verdict(first: u8, next: u8) -> PairVerdict {
    if next.is_ascii_alphabetic() {
        if next.eq_ignore_ascii_case(&first) {
            PairVerdict::Yes
        } else if month_pair(first, next) {
            PairVerdict::Third
        } else {
            PairVerdict::No
        }
    } else if matches!(first, b'X' | b'x') {
        PairVerdict::Yes
    } else {
        let letters = TEMPLATE_LETTERS.as_bytes();
        let mut k = 0;
        while k < letters.len() {
            if letters[k] == first && matches!(next, b'/' | b'-' | b'.') {
                return PairVerdict::Yes;
            }
            k += 1;
        }
        PairVerdict::No
    }
}

/// [`pair_verdict`] for every ASCII letter and ASCII byte, at `128 * first + next`: one
/// load for each word of a policy.
static LETTER_PAIRS: [PairVerdict; 128 * 128] = {
    let mut table = [PairVerdict::No; 128 * 128];
    let mut first = 0;
    while first < 128 {
        if (first as u8).is_ascii_alphabetic() {
            let mut next = 0;
            while next < 128 {
                table[first * 128 + next] = pair_verdict(first as u8, next as u8);
                next += 1;
            }
        }
        first += 1;
    }
    table
};

/// Whether the digit at `b[at]` continues another number (`10.12.2020` after `192.168.`):
/// a `.`, `/`, `-` or `:` stands before it, and a digit before that. Those bytes are ASCII,
/// so they are the two characters before.
fn continues_number(b: &[u8], at: usize) -> bool {
    at >= 2 && matches!(b[at - 1], b'.' | b'/' | b'-' | b':') && b[at - 2].is_ascii_digit()
}

/// What a byte is to [`scan`].
#[derive(Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    /// An ASCII letter.
    Letter,
    /// An ASCII digit.
    Digit,
    /// An ASCII character that starts a placeholder: `[`, `{`, `<`, `_`, `?`, `#`.
    Mark,
    /// Any other ASCII character: no date starts with it.
    Other,
    /// The first or a later byte of a multi-byte character.
    NonAscii,
}

/// [`ByteClass`] by byte.
static BYTE_CLASS: [ByteClass; 256] = {
    let mut classes = [ByteClass::NonAscii; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        classes[b] = if byte.is_ascii_alphabetic() {
            ByteClass::Letter
        } else if byte.is_ascii_digit() {
            ByteClass::Digit
        } else if matches!(byte, b'[' | b'{' | b'<' | b'_' | b'?' | b'#') {
            ByteClass::Mark
        } else {
            ByteClass::Other
        };
        b += 1;
    }
    classes
};

/// Whether `byte` is an ASCII letter or digit, by [`BYTE_CLASS`] (one load, for the loop
/// that skips the inside of words).
fn ascii_alnum(byte: u8) -> bool {
    matches!(
        BYTE_CLASS[usize::from(byte)],
        ByteClass::Letter | ByteClass::Digit
    )
}

/// The high bit of each of the eight bytes of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
/// One in each of the eight bytes of a `u64`.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// The high bit of each byte of `x` (eight ASCII bytes) that is at least `lo` (at most
/// 0x80): with each byte's high bit set, subtracting `lo` from every byte borrows from no
/// other byte, and leaves the high bit set exactly where the byte was at least `lo`.
fn bytes_at_least(x: u64, lo: u8) -> u64 {
    ((x | HIGH_BITS) - LOW_BITS * u64::from(lo)) & HIGH_BITS
}

/// The high bit of each byte of `x` (eight ASCII bytes) that is an ASCII letter or digit.
/// Setting bit 5 takes exactly the letters, and nothing else, to `a..=z`.
fn alnum_bytes(x: u64) -> u64 {
    let digit = bytes_at_least(x, b'0') & !bytes_at_least(x, b'9' + 1);
    let folded = x | (LOW_BITS * 0x20);
    let letter = bytes_at_least(folded, b'a') & !bytes_at_least(folded, b'z' + 1);
    digit | letter
}

/// Whether [`scan`]'s byte walk may find a date at `b[at]`, an ASCII byte after a
/// character that is no letter or digit, before it reads any further than the two bytes
/// after: the byte-class test of the walk.
fn may_start_after_boundary(b: &[u8], at: usize) -> bool {
    match BYTE_CLASS[usize::from(b[at])] {
        ByteClass::Letter => ascii_letter_may_start_date(b, at),
        ByteClass::Digit => !continues_number(b, at),
        ByteClass::Mark => true,
        ByteClass::Other | ByteClass::NonAscii => false,
    }
}

/// [`scan`]'s skip over text where no date starts, eight ASCII bytes at a time: from
/// `pos`, with `prev_alnum` telling whether the character before it is a letter or digit,
/// the first position where [`may_start_after_boundary`] holds after a character that is
/// no letter or digit (so `false` goes with it), or the start of the first group of eight
/// bytes that holds a non-ASCII byte or is cut short by the end of `b`, with whether the
/// byte before it is a letter or digit. Words are found with bit masks: a byte after a
/// letter or digit starts nothing, nor does a space, so only the other bytes are tested.
fn skip_ascii(b: &[u8], mut pos: usize, mut prev_alnum: bool) -> (usize, bool) {
    while let Some(group) = b
        .get(pos..pos + 8)
        .and_then(|g| <[u8; 8]>::try_from(g).ok())
    {
        let x = u64::from_le_bytes(group);
        if x & HIGH_BITS != 0 {
            break;
        }
        let alnum = alnum_bytes(x);
        let space = !bytes_at_least(x ^ (LOW_BITS * u64::from(b' ')), 1) & HIGH_BITS;
        // Byte k's bit is set when byte k - 1 (or the character before `pos`) is a letter
        // or digit.
        let after_alnum = alnum << 8 | if prev_alnum { 0x80 } else { 0 };
        let mut starts = HIGH_BITS & !after_alnum & !space;
        while starts != 0 {
            let at = pos + (starts.trailing_zeros() / 8) as usize;
            if may_start_after_boundary(b, at) {
                return (at, false);
            }
            starts &= starts - 1;
        }
        prev_alnum = alnum >> 63 == 1;
        pos += 8;
    }
    (pos, prev_alnum)
}

/// Whether a date may start with the non-ASCII `character`: only `＿`, `Ｘ`, `ｘ` and `×`,
/// the non-ASCII placeholder characters, start one. Any other character is no digit, no
/// `[`, `{` or `<`, and no placeholder character, and [`month_number`] refuses every word
/// it starts (a month name's first letter is one of the ASCII letters of
/// [`is_month_letter`]), so no parser reads text starting with it. A unit test checks
/// [`parse_at`] on every character.
fn non_ascii_may_start(character: &str) -> bool {
    matches!(character, "＿" | "Ｘ" | "ｘ" | "×")
}

/// Whether the byte at `b[at]` may start a date after a character that is no letter or
/// digit, judged on the byte alone: an ASCII letter, digit or [`ByteClass::Mark`], or the
/// first byte of `＿`, `Ｘ`, `ｘ` (`EF`) or `×` (`C3`), the non-ASCII characters that may
/// ([`non_ascii_may_start`]). Anywhere else what the character before is does not count.
fn next_may_start(b: &[u8], at: usize) -> bool {
    b.get(at).is_some_and(|&n| {
        matches!(
            BYTE_CLASS[usize::from(n)],
            ByteClass::Letter | ByteClass::Digit | ByteClass::Mark
        ) || matches!(n, 0xC3 | 0xEF)
    })
}

/// `char::is_alphanumeric` of the non-ASCII `character` (one character), answered without
/// the Unicode tables for the blocks most policies use: Latin-1 and Latin Extended letters
/// (all but `×` and `÷` from U+00C0 to U+024F), the basic Cyrillic and Greek letters, the
/// general punctuation (quotes, dashes, bullets: U+2010 to U+205E, none a letter or digit),
/// and the CJK ideographs (U+4E00 to U+9FFF, all letters). The tables took about 110
/// instructions a character (c400: 277,488 characters). A unit test checks every character.
fn non_ascii_alphanumeric(character: &str) -> bool {
    let c = character.chars().next().unwrap_or_default();
    match c {
        '\u{C0}'..='\u{24F}' => !matches!(c, '×' | '÷'),
        '\u{391}'..='\u{3A1}' | '\u{3A3}'..='\u{3A9}' | '\u{3B1}'..='\u{3C9}' => true,
        '\u{400}'..='\u{481}' => true,
        '\u{2010}'..='\u{205E}' => false,
        '\u{4E00}'..='\u{9FFF}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Every date and placeholder in `s`, left to right, without overlaps. Each starts at a
/// word boundary, and a number does not start one when it continues another number
/// (`192.168.10.12.2020`).
///
/// A byte walk: only a character after one that is not a letter or digit can start a
/// date, so the rest of a word's ASCII letters and digits is skipped in a tight loop, and
/// a word starting with an ASCII letter is mostly refused on its first bytes
/// ([`ascii_letter_may_start_date`]). Of a multi-byte character, only `＿`, `Ｘ`, `ｘ` and `×`
/// start a date ([`non_ascii_may_start`]), and whether it is a letter or digit is asked only
/// when the character after it may start one ([`next_may_start`]). After a date the
/// walk goes on at its end, as no date starts inside one. Stretches of ASCII text are
/// skipped eight bytes at a time ([`skip_ascii`]) up to the next possible start; the walk
/// then goes on for at least eight bytes. A unit test checks the result against the
/// character loop it replaces (`scan_reference`).
fn scan(s: &str) -> Vec<Hit> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    // Whether the character before `pos` is a letter or digit: no date starts after one.
    let mut prev_alnum = false;
    let mut pos = 0;
    while pos < b.len() {
        (pos, prev_alnum) = skip_ascii(b, pos, prev_alnum);
        let stop = pos + 8;
        while pos < b.len() && pos < stop {
            if prev_alnum {
                // Inside a word nothing starts: past the rest of its ASCII letters and digits
                // at once (they leave `prev_alnum` as it is), and past the ASCII character
                // that ends it, which starts nothing either.
                while pos < b.len() && ascii_alnum(b[pos]) {
                    pos += 1;
                }
                match b.get(pos) {
                    None => break,
                    Some(byte) if byte.is_ascii() => {
                        pos += 1;
                        prev_alnum = false;
                        continue;
                    }
                    Some(_) => {}
                }
            }
            let at = pos;
            let after_alnum = prev_alnum;
            let byte = b[at];
            let candidate = match BYTE_CLASS[usize::from(byte)] {
                ByteClass::Other => {
                    pos += 1;
                    prev_alnum = false;
                    continue;
                }
                ByteClass::Letter => {
                    pos += 1;
                    prev_alnum = true;
                    !after_alnum && ascii_letter_may_start_date(b, at) && could_start_date(&s[at..])
                }
                ByteClass::Digit => {
                    pos += 1;
                    prev_alnum = true;
                    !after_alnum && !continues_number(b, at)
                }
                ByteClass::Mark => {
                    pos += 1;
                    prev_alnum = false;
                    !after_alnum
                }
                ByteClass::NonAscii => {
                    // `at` is a character boundary, so `byte` gives the character's length.
                    pos += match byte {
                        0xC0..=0xDF => 2,
                        0xE0..=0xEF => 3,
                        _ => 4,
                    };
                    let character = || s.get(at..pos).unwrap_or_default();
                    // Whether it is a letter or digit is only asked when the next character
                    // may start a date, the one place where it counts: most are followed by a
                    // space or more letters of other scripts.
                    prev_alnum = next_may_start(b, pos) && non_ascii_alphanumeric(character());
                    // The four characters that may start a date start with `C3` or `EF`.
                    !after_alnum && matches!(byte, 0xC3 | 0xEF) && non_ascii_may_start(character())
                }
            };
            if !candidate {
                continue;
            }
            let Some((len, parsed)) = parse_at(&s[at..]) else {
                continue;
            };
            let end = at + len;
            if !ok_after(&s[end..]) {
                continue;
            }
            let trimmed_end = s[..end].trim_end_matches(['.', ',']).len().max(at + 1);
            out.push(Hit {
                start: at,
                end: trimmed_end,
                parsed,
            });
            if end > pos {
                pos = end;
                prev_alnum = s[..end]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            }
        }
    }
    out
}

/// The character loop [`scan`] replaces, kept to test it against.
#[cfg(test)]
fn scan_reference(s: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut prev2: Option<char> = None;
    let mut skip_to = 0;
    for (pos, c) in s.char_indices() {
        let (p1, p2) = (prev, prev2);
        prev2 = prev;
        prev = Some(c);
        if pos < skip_to || p1.is_some_and(char::is_alphanumeric) {
            continue;
        }
        if c.is_ascii_digit()
            && p1.is_some_and(|p| matches!(p, '.' | '/' | '-' | ':'))
            && p2.is_some_and(|p| p.is_ascii_digit())
        {
            continue;
        }
        if !(c.is_ascii_digit()
            || matches!(
                c,
                '[' | '{' | '<' | '_' | '?' | '#' | '＿' | 'Ｘ' | 'ｘ' | '×'
            )
            || (c.is_alphabetic() && could_start_date(&s[pos..])))
        {
            continue;
        }
        let Some((len, parsed)) = parse_at(&s[pos..]) else {
            continue;
        };
        let end = pos + len;
        if !ok_after(&s[end..]) {
            continue;
        }
        let trimmed_end = s[..end].trim_end_matches(['.', ',']).len().max(pos + 1);
        out.push(Hit {
            start: pos,
            end: trimmed_end,
            parsed,
        });
        skip_to = end;
    }
    out
}

/// True when `s` is nothing but the hit and punctuation.
fn alone(s: &str, h: &Hit) -> bool {
    let rest = |t: &str| {
        t.chars()
            .all(|c| is_space(c) || c.is_ascii_punctuation() || c == '*' || c == '_')
    };
    rest(&s[..h.start]) && rest(&s[h.end..])
}

/// Finds every date in `s`, left to right, without overlaps. A date must start at a word
/// boundary and must not be followed by a letter or digit. Impossible dates and
/// placeholders are skipped (`XX mars 2025` does not yield `mars 2025`); an ambiguous
/// numeric date gives its month-first reading.
pub fn find_dates(s: &str) -> Vec<FoundDate> {
    scan(s)
        .into_iter()
        .filter_map(|h| {
            let Parsed::Date(raw) = h.parsed else {
                return None;
            };
            if raw.form == Form::DottedShort
                && !alone(s, &h)
                && role_from_label(&s[..h.start], &s[h.end..]).is_none()
            {
                return None;
            }
            resolve(raw, None).date().map(|date| FoundDate {
                start: h.start,
                end: h.end,
                date,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Roles

/// Label words (lower case) that make a date a "last updated" date.
pub const LAST_UPDATED_LABELS: &[&str] = &[
    "last updated",
    "last update",
    "updated",
    "last modified",
    "modified",
    "last revised",
    "revised",
    "revision date",
    "dernière mise à jour",
    "derniere mise a jour",
    "mise à jour",
    "mise a jour",
    "mis à jour",
    "aktualisiert",
    "zuletzt aktualisiert",
    "zuletzt geändert",
    "geändert",
    "zuletzt überarbeitet",
    "überarbeitet",
    "letzte aktualisierung",
    "letzte überarbeitung",
    "stand",
    "status:",
    "letzte änderung",
    "actualizado",
    "actualización",
    "última actualización",
    "ultimo aggiornamento",
    "aggiornato",
    "laatst bijgewerkt",
    "bijgewerkt",
    "atualizado",
    "última atualização",
    "更新",
    "修订",
    "修訂",
];

/// Label words (lower case) that make a date an effective date.
pub const EFFECTIVE_LABELS: &[&str] = &[
    "effective",
    "in effect",
    "take effect",
    "takes effect",
    "took effect",
    "go into effect",
    "goes into effect",
    "went into effect",
    "come into effect",
    "comes into effect",
    "came into effect",
    "into force",
    "valid from",
    "valid as of",
    "applies from",
    "applicable from",
    "en vigueur",
    "entrée en vigueur",
    "date d'effet",
    "à compter du",
    "gültig",
    "gilt ab",
    "gelten ab",
    "wirksam ab",
    "in kraft",
    "vigente",
    "vigor",
    "en vigor",
    "in vigore",
    "van kracht",
    "em vigor",
    "生效",
    "施行",
    "発効",
    "实施",
    "實施",
];

/// How far before a date (in bytes) a label is looked for.
pub const LABEL_WINDOW: usize = 48;

/// How far before a date (in bytes) [`role_from_label`] reads at all: the label's window
/// and the start of the label's sentence, unless that sentence runs on for more than this
/// (1 KiB, about 170 words).
pub const LABEL_LOOK_BACK: usize = 1024;

/// Words that may stand between a label and its date (lower case): `Effective Date: the
/// earlier of ...`, `Gültig ab Dienstag, ...`, `mise à jour : le ...`. "until" is not one:
/// `effective until June 28` dates the previous version.
const GAP_WORDS: &[&str] = &[
    "date",
    "dated",
    "as",
    "of",
    "on",
    "from",
    "since",
    "the",
    "earlier",
    "later",
    "is",
    "was",
    "are",
    "this",
    "our",
    "policy",
    "notice",
    "statement",
    "privacy",
    "at",
    "in",
    "le",
    "du",
    "au",
    "à",
    "a",
    "compter",
    "partir",
    "depuis",
    "de",
    "la",
    "en",
    "ab",
    "am",
    "vom",
    "seit",
    "dem",
    "den",
    "zum",
    "datum",
    "el",
    "del",
    "desde",
    "fecha",
    "日期",
    "日",
    "于",
    "於",
    "起",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
];

/// Most words allowed between a label and its date.
const MAX_GAP_WORDS: usize = 6;

/// Word starts that show a sentence is about the policy itself (lower case). A label in
/// the middle of a sentence counts only in such a sentence.
const POLICY_WORDS: &[&str] = &[
    "policy",
    "policies",
    "notice",
    "statement",
    "version",
    "change",
    "privacy",
    "terms",
    "page",
    "date",
    "document",
    "datenschutz",
    "erklärung",
    "politique",
    "présent",
    "confidentialité",
    "política",
    "privacidad",
    "aviso",
    "informativa",
    "本",
    "政策",
    "声明",
    "隐私",
    "隱私",
    "ポリシー",
    "通知",
];

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Start of the sentence that `s` ends in.
fn sentence_start(s: &str) -> usize {
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_space = chars.peek().is_none_or(|&(_, n)| is_space(n));
        if matches!(c, '。' | '！' | '？')
            || (matches!(c, '.' | '!' | '?' | ';') && next_space && chars.peek().is_some())
        {
            start = i + c.len_utf8();
        }
    }
    start
}

fn is_cjk(c: char) -> bool {
    c as u32 >= 0x2e80
}

/// A label's occurrence at `start..end` of `s` stands as its own word(s).
fn label_at_word(s: &str, start: usize, end: usize) -> bool {
    let label = &s[start..end];
    if label.chars().all(is_cjk) {
        return true;
    }
    let before_ok = s[..start]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    let after_ok =
        label.ends_with(':') || s[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    before_ok && after_ok
}

/// `Version 8.0 | `: the text before a date ends in a version number.
fn version_label(before: &str) -> Option<usize> {
    let t = before.trim_end_matches(|c: char| is_space(c) || "|,:-–—/".contains(c));
    let number_start = t.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    if !t[number_start.len()..].contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let t = number_start
        .strip_suffix('v')
        .unwrap_or(number_start)
        .trim_end_matches(is_space);
    let start = t.strip_suffix("version")?.len();
    label_at_word(t, start, t.len()).then_some(start)
}

/// The start of each occurrence of `needle` (not empty) in `hay`, left to right and
/// without overlaps, as [`str::match_indices`] gives them: each occurrence found from the
/// end of the last one. [`role_from_label`] looks for some eighty labels in a few dozen
/// bytes, where building a searcher for each label cost more than the search; this finds
/// the needle's first byte with `memchr` and compares there. A needle that is a whole
/// string can only match at a character boundary.
fn occurrences<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let mut next = 0;
    memchr::memchr_iter(needle[0], hay).filter(move |&p| {
        let found = p >= next && hay[p..].starts_with(needle);
        if found {
            next = p + needle.len();
        }
        found
    })
}

/// The role given by the label nearest before the date in `before`, or just after it in
/// `after` (CJK puts the label after: `2026 年 5 月 4 日生效`).
///
/// Only the last [`LABEL_LOOK_BACK`] bytes of `before` are read: the label must end within
/// [`LABEL_WINDOW`] bytes of the date, and the words of its sentence before it are looked
/// for that far back at most (reading, and lower-casing, all of `before` for every date
/// made a paragraph of many dates quadratic).
pub fn role_from_label(before: &str, after: &str) -> Option<DateRole> {
    let mut cut = before.len().saturating_sub(LABEL_LOOK_BACK);
    while !before.is_char_boundary(cut) {
        cut += 1;
    }
    let mut lower = before[cut..].to_lowercase();
    // `Last&nbsp;updated`: a no-break or other Unicode space inside a label is a space
    // (else only `updated` matched, after the word `last`, which is no label).
    if lower.contains(|c: char| !c.is_ascii() && c.is_whitespace()) {
        lower = lower
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
    }
    let mut window_start = lower.len().saturating_sub(LABEL_WINDOW);
    while !lower.is_char_boundary(window_start) {
        window_start += 1;
    }
    // The nearest label: the one ending last (the longest of those ending together).
    let mut best: Option<(usize, usize, DateRole)> = None;
    for (labels, role) in [
        (LAST_UPDATED_LABELS, DateRole::LastUpdated),
        (EFFECTIVE_LABELS, DateRole::Effective),
    ] {
        for l in labels {
            // A label counts when it ends inside the window.
            let mut from = window_start.saturating_sub(l.len());
            while !lower.is_char_boundary(from) {
                from -= 1;
            }
            for p in occurrences(&lower[from..], l) {
                let (s, e) = (from + p, from + p + l.len());
                if e <= window_start || !label_at_word(&lower, s, e) {
                    continue;
                }
                if best.is_none_or(|(bs, be, _)| e > be || (e == be && s < bs)) {
                    best = Some((s, e, role));
                }
            }
        }
    }
    let version = version_label(&lower).map(|s| (s, lower.len(), DateRole::LastUpdated));
    if let Some((s, e, role)) = version.or(best) {
        let gap = &lower[e..];
        let gap_ok = !gap.contains(['.', ';', '!', '?', '。'])
            || gap.trim_matches(|c: char| !c.is_alphanumeric()).is_empty();
        let gap_words: Vec<&str> = words(gap).collect();
        let gap_ok = gap_ok
            && gap_words.len() <= MAX_GAP_WORDS
            && gap_words.iter().all(|w| GAP_WORDS.contains(w));
        // Words of the sentence before the label: none, or some about the policy.
        let prefix = &lower[sentence_start(&lower[..s])..s];
        let about_policy = words(prefix).next().is_none()
            || words(prefix).any(|w| POLICY_WORDS.iter().any(|p| w.starts_with(p)));
        if gap_ok && about_policy {
            return Some(role);
        }
    }
    let head = after.trim_start_matches(is_space);
    let head = head.strip_prefix('起').unwrap_or(head);
    let cjk_label = |labels: &[&str]| {
        labels
            .iter()
            .any(|l| l.chars().all(is_cjk) && head.starts_with(l))
    };
    if cjk_label(EFFECTIVE_LABELS) {
        Some(DateRole::Effective)
    } else if cjk_label(LAST_UPDATED_LABELS) {
        Some(DateRole::LastUpdated)
    } else {
        None
    }
}

/// A line that is nothing but a labelled date: `Last updated: February 10, 2022`,
/// `Effective Date: 11th of April, 2023`. Returns the role, and the date's byte range in
/// `line`. Used by the text front end to keep such lines out of the body.
pub fn date_line(line: &str) -> Option<(DateRole, FoundDate)> {
    let found = find_dates(line);
    let [d] = found.as_slice() else {
        return None;
    };
    let before = &line[..d.start];
    let after = line[d.end..].trim_matches(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
    let role = role_from_label(before, after)?;
    // Only the label (and small words like "on", "as of") may precede the date. Labels are
    // removed before punctuation is ignored, so that "status:" still matches.
    let allowed_extra = [
        "on",
        "as of",
        "date",
        "this policy was",
        "policy",
        "notice",
        "ab",
        "am",
        "vom",
        "日期",
        "版本",
        "version",
    ];
    // Unicode spaces as spaces, as in `role_from_label`.
    let mut rest: String = before
        .to_lowercase()
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    // Longest labels first, so that "última actualización" is not cut up by "actualizado".
    let mut labels: Vec<&str> = LAST_UPDATED_LABELS
        .iter()
        .chain(EFFECTIVE_LABELS)
        .copied()
        .collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
    for l in labels {
        rest = rest.replace(l, " ");
    }
    for w in allowed_extra {
        rest = rest.replace(w, " ");
    }
    let rest_ok = rest.chars().all(|c| {
        c.is_whitespace()
            || c.is_ascii_punctuation()
            || c.is_ascii_digit()
            || matches!(c, '：' | '\u{200b}' | '|' | '«' | '»' | '“' | '”')
    });
    let after_ok = after.is_empty()
        || EFFECTIVE_LABELS
            .iter()
            .chain(LAST_UPDATED_LABELS)
            .any(|l| after.to_lowercase().starts_with(l));
    (rest_ok && after_ok && line.trim().chars().count() <= 80).then_some((role, *d))
}

// ---------------------------------------------------------------------------------------
// Documents

/// How precisely a date is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// A day: `2022-02-10`.
    Day,
    /// Only a month: `December 2025`, `XX mars 2025`.
    Month,
}

/// A date-shaped text in a document: a date, or something that looks like one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateCandidate {
    /// As written (displayed text, without Markdown escapes).
    pub text: String,
    /// The text's source span.
    pub span: Span,
    /// The span with its label (`Last updated: ...`), or `span` when unlabelled.
    pub mention_span: Span,
    /// What it says about the document.
    pub role: DateRole,
    /// What it means.
    pub reading: Reading,
    /// Day or month.
    pub precision: Precision,
    /// The section that the date belongs to when it lies in an addendum, appendix, annex or
    /// schedule (index in [`Document::all_sections`] order): such parts carry their own
    /// dates. `None` for the document as a whole.
    pub scope: Option<usize>,
}

impl DateCandidate {
    /// The mention that goes into `doc.metadata.dates`, for candidates that give a date.
    pub fn mention(&self) -> Option<DateMention> {
        Some(DateMention {
            date: self.reading.date()?,
            role: self.role,
            text: self.text.clone(),
            span: self.span,
            mention_span: self.mention_span,
        })
    }

    /// True when the two name the same day (or month, when either is month-precise), under
    /// any of their readings.
    pub fn agrees_with(&self, other: &DateCandidate) -> bool {
        let month = self.precision == Precision::Month || other.precision == Precision::Month;
        self.reading.dates().iter().any(|a| {
            other.reading.dates().iter().any(|b| {
                if month {
                    (a.year(), a.month()) == (b.year(), b.month())
                } else {
                    a == b
                }
            })
        })
    }
}

/// A candidate before the day/month order is settled.
struct RawCandidate {
    text: String,
    span: Span,
    mention_span: Span,
    role: DateRole,
    parsed: Parsed,
    /// The date a front end recorded, kept when its text cannot be re-read.
    recorded: Option<NaiveDate>,
}

/// Calls `f` on every run of text of the document with whether a lone date in it is a
/// byline (title and preamble).
fn for_each_text(doc: &Document, mut f: impl FnMut(&Text, bool)) {
    if let Some(title) = &doc.title {
        f(title, true);
    }
    for b in &doc.preamble {
        for t in b.texts() {
            f(t, true);
        }
    }
    for s in doc.all_sections() {
        f(&Text::verbatim(&s.title, s.title_span), false);
        for b in &s.blocks {
            for t in b.texts() {
                f(t, false);
            }
        }
    }
}

/// `text` without its invisible characters ([`crate::analyze::kinds::is_invisible`]:
/// zero-width spaces and joiners, a mid-text byte-order mark, soft hyphens), with the byte
/// offset in `text` of each byte of the result; `None` when it has none, the usual case,
/// found without decoding characters (each such character's UTF-8 starts with byte `C2`,
/// `E2` or `EF`). Dates are read in the visible text, so `Janu\u{200b}ary 5, 2024` and
/// `Last up\u{ad}dated` are what a reader sees.
fn visible(text: &str) -> Option<(String, Vec<usize>)> {
    let bytes = text.as_bytes();
    let starts_invisible = |i: usize| {
        text.get(i..)
            .and_then(|r| r.chars().next())
            .is_some_and(crate::analyze::kinds::is_invisible)
    };
    if !memchr::memchr3_iter(0xC2, 0xE2, 0xEF, bytes).any(starts_invisible) {
        return None;
    }
    let mut kept = String::with_capacity(text.len());
    let mut at = Vec::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if crate::analyze::kinds::is_invisible(c) {
            continue;
        }
        kept.push(c);
        at.extend(i..i + c.len_utf8());
    }
    Some((kept, at))
}

fn raw_candidates(doc: &Document) -> Vec<RawCandidate> {
    let mut out = Vec::new();
    for_each_text(doc, |t, standalone_is_byline| {
        let cleaned = visible(&t.text);
        let (text, at) = match &cleaned {
            Some((kept, at)) => (kept.as_str(), Some(at)),
            None => (t.text.as_str(), None),
        };
        // Offsets in `t.text` of a range of `text` (`a < b`): from its first byte to the
        // end of its last, so the invisible characters around it stay out.
        let original = |a: usize, b: usize| at.map_or((a, b), |at| (at[a], at[b - 1] + 1));
        for h in scan(text) {
            let label = role_from_label(&text[..h.start], &text[h.end..]);
            let is_alone = alone(text, &h);
            let role = match label {
                Some(r) => r,
                None if is_alone && standalone_is_byline => DateRole::Byline,
                None => DateRole::Other,
            };
            let keep = match h.parsed {
                Parsed::Date(raw) => raw.form != Form::DottedShort || role != DateRole::Other,
                Parsed::Placeholder(kept) => kept.year.is_some() || role != DateRole::Other,
            };
            if !keep {
                continue;
            }
            let (start, end) = original(h.start, h.end);
            let span = t.source_span(start, end);
            let mention_span = if role == DateRole::Other {
                span
            } else {
                Span::new(t.span.start.min(span.start), span.end)
            };
            out.push(RawCandidate {
                // As displayed, without Markdown escapes (`25\\. März` is `25. März`) or
                // invisible characters.
                text: text[h.start..h.end].to_string(),
                span,
                mention_span,
                role,
                parsed: h.parsed,
                recorded: None,
            });
        }
    });
    // Dates a front end recorded outside the body (the text front end's date lines and
    // bylines), re-read so that their numbers get the document's day/month order.
    for m in &doc.metadata.dates {
        let overlaps = out
            .iter()
            .any(|c| c.span.start < m.span.end && m.span.start < c.span.end);
        if overlaps {
            continue;
        }
        let parsed = parse_at(&m.text)
            .filter(|(len, _)| *len >= m.text.trim_end_matches(['.', ',']).len())
            .map_or(
                Parsed::Date(Raw::ymd(
                    m.date.year(),
                    m.date.month(),
                    m.date.day(),
                    Form::Iso,
                )),
                |(_, p)| p,
            );
        out.push(RawCandidate {
            text: m.text.clone(),
            span: m.span,
            mention_span: m.mention_span,
            role: m.role,
            parsed,
            recorded: Some(m.date),
        });
    }
    out.sort_by_key(|c| c.span);
    out
}

/// Stop words of languages whose numeric dates are day first, and of English. Each list
/// holds words frequent in policies and rare in the other languages.
const LANGUAGE_WORDS: &[(&str, bool, &[&str])] = &[
    (
        "en",
        false,
        &[
            "the", "and", "you", "your", "we", "our", "of", "to", "with", "for", "that", "this",
            "are",
        ],
    ),
    (
        "de",
        true,
        &[
            "der", "die", "und", "das", "nicht", "wir", "ihre", "ihrer", "sie", "mit", "für",
            "von", "zu", "dem", "ist", "werden", "oder", "auf", "deine", "dich",
        ],
    ),
    (
        "fr",
        true,
        &[
            "le", "les", "et", "vous", "nous", "pour", "dans", "une", "du", "votre", "vos", "est",
            "sont", "sur", "avec", "ou", "aux",
        ],
    ),
    (
        "es",
        true,
        &[
            "el", "los", "las", "del", "y", "usted", "para", "con", "por", "su", "sus", "datos",
            "es", "se", "nuestro",
        ],
    ),
    (
        "it",
        true,
        &[
            "il", "della", "delle", "che", "sono", "dati", "gli", "nel", "questo", "nostro",
        ],
    ),
    (
        "nl",
        true,
        &[
            "het", "een", "van", "wij", "uw", "niet", "zijn", "voor", "worden", "deze", "gegevens",
        ],
    ),
    (
        "pt",
        true,
        &[
            "os", "não", "você", "seu", "seus", "dos", "das", "uma", "com", "dados", "são",
        ],
    ),
];

/// Fewest stop words before a language is trusted.
const MIN_LANGUAGE_WORDS: usize = 20;

/// No word of [`LANGUAGE_WORDS`] takes more bytes.
const LONGEST_LANGUAGE_WORD: usize = 16;

/// Day first when the text is mostly in a language whose numeric dates are day first.
fn language_order(text: &str) -> Option<NumericOrder> {
    let mut counts = vec![0usize; LANGUAGE_WORDS.len()];
    // An ASCII word is lower-cased in this buffer rather than in a new string for each
    // word of the document; one longer than it is none of the listed words.
    let mut buf = [0u8; LONGEST_LANGUAGE_WORD];
    for w in words(text) {
        let owned;
        let lower: &[u8] = if w.is_ascii() {
            let Some(lower) = buf.get_mut(..w.len()) else {
                continue;
            };
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            lower
        } else {
            owned = w.to_lowercase();
            owned.as_bytes()
        };
        for (i, (_, _, list)) in LANGUAGE_WORDS.iter().enumerate() {
            if list.iter().any(|l| l.as_bytes() == lower) {
                counts[i] += 1;
            }
        }
    }
    let (best, &n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    (n >= MIN_LANGUAGE_WORDS && LANGUAGE_WORDS[best].1).then_some(NumericOrder::DayFirst)
}

/// The order the document's own numeric dates settle, else its language's.
fn numeric_order(doc: &Document, raws: &[RawCandidate]) -> Option<NumericOrder> {
    let (mut day_first, mut month_first) = (false, false);
    for c in raws {
        if let Parsed::Date(r) = c.parsed {
            match r.form {
                Form::Dotted | Form::DottedShort => day_first = true,
                Form::Numeric if r.first > 12 && r.second <= 12 => day_first = true,
                Form::Numeric if r.second > 12 && r.first <= 12 => month_first = true,
                _ => {}
            }
        }
    }
    let open = raws.iter().any(|c| {
        matches!(c.parsed, Parsed::Date(r) if r.form == Form::Numeric
            && r.first <= 12 && r.second <= 12 && r.first != r.second)
    });
    match (day_first, month_first) {
        (true, false) => Some(NumericOrder::DayFirst),
        (false, true) => Some(NumericOrder::MonthFirst),
        // The language is only needed when some date is still open.
        _ if open => language_order(&doc.body_text()),
        _ => None,
    }
}

/// Section titles that start a part with its own dates (lower case, matched as word starts).
const ADDENDUM_WORDS: &[&str] = &[
    "addend",
    "appendi",
    "annex",
    "schedule",
    "supplement",
    "exhibit",
    "anhang",
    "anlage",
    "anexo",
    "apéndice",
    "allegato",
    "bijlage",
    "附录",
    "附錄",
    "附件",
    "別紙",
];

/// `(section span, index, inside an addendum)` for every section, in pre-order.
fn section_scopes(doc: &Document) -> Vec<(Span, usize, bool)> {
    fn walk(sections: &[Section], inside: bool, out: &mut Vec<(Span, usize, bool)>) {
        for s in sections {
            let title = s.title.to_lowercase();
            let addendum =
                inside || words(&title).any(|w| ADDENDUM_WORDS.iter().any(|a| w.starts_with(a)));
            out.push((s.span, out.len(), addendum));
            walk(&s.children, addendum, out);
        }
    }
    let mut out = Vec::new();
    walk(&doc.sections, false, &mut out);
    out
}

/// Every date-shaped text of the document, in document order: dates with their role,
/// ambiguous numeric dates, impossible dates and placeholders. Dates that the front end
/// recorded outside the body (the text front end's date lines) are included.
pub fn find_all(doc: &Document) -> Vec<DateCandidate> {
    let raws = raw_candidates(doc);
    let order = numeric_order(doc, &raws);
    let scopes = section_scopes(doc);
    raws.into_iter()
        .map(|c| {
            let (reading, precision) = match c.parsed {
                Parsed::Date(raw) => (
                    resolve(raw, order),
                    if raw.form == Form::MonthYear {
                        Precision::Month
                    } else {
                        Precision::Day
                    },
                ),
                Parsed::Placeholder(kept) => (
                    Reading::Placeholder {
                        month: kept
                            .year
                            .zip(kept.month)
                            .and_then(|(y, m)| NaiveDate::from_ymd_opt(y, m, 1)),
                    },
                    Precision::Month,
                ),
            };
            let reading = match (reading, c.recorded) {
                (Reading::Impossible(_), Some(d)) => Reading::Date(d),
                (r, _) => r,
            };
            let scope = scopes
                .iter()
                .rfind(|(span, _, _)| span.start <= c.span.start && c.span.end <= span.end)
                .and_then(|&(_, i, addendum)| addendum.then_some(i));
            DateCandidate {
                text: c.text,
                span: c.span,
                mention_span: c.mention_span,
                role: c.role,
                reading,
                precision,
                scope,
            }
        })
        .collect()
}

/// Sets `doc.metadata.dates` to the dates among `found`, which must be [`find_all`] of
/// `doc`: every date in the document's title, section titles and blocks, with its role,
/// and the mentions the front end recorded (bylines, date lines) with their numbers re-read
/// in the document's day/month order. A date with no label that stands alone in a preamble
/// paragraph (`August 26, 2015` under the title) is a byline date. Impossible dates and bare
/// placeholders are left out; see [`find_all`]. Sorted by position.
///
/// `found` still equals [`find_all`] of the updated document, so it can be kept as the
/// document's date facts ([`crate::parse::parse_with_dates`]): the mentions recorded are
/// exactly those candidates' dates, so a second scan would re-read the same texts (the
/// front end's own mentions re-read to the same dates, body dates overlap their candidates
/// and are skipped), and section scopes only depend on titles.
/// `tests/fixtures_structure.rs` checks this on every fixture.
pub fn record(doc: &mut Document, found: &[DateCandidate]) {
    let mut dates: Vec<DateMention> = found.iter().filter_map(DateCandidate::mention).collect();
    dates.sort_by_key(|d| d.span);
    doc.metadata.dates = dates;
}

/// The policy date that dates the document: the newest last-updated, effective or byline
/// date on or before `today` (the earliest mention of that date when several give it).
/// This is the date `stale-policy` measures.
pub fn newest_policy_date(doc: &Document, today: NaiveDate) -> Option<&DateMention> {
    doc.metadata
        .dates
        .iter()
        .filter(|d| d.role.is_policy_date() && d.date <= today)
        .max_by_key(|d| (d.date, std::cmp::Reverse(d.span.start)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte walk of `scan` finds what the character loop it replaced found, on every
    /// fixture line and on edge cases (numbers continuing numbers, non-ASCII letters and
    /// digits before a date, placeholders).
    #[test]
    fn scan_matches_its_reference() {
        let check = |s: &str| assert_eq!(scan(s), scan_reference(s), "{s:?}");
        for s in [
            "",
            "192.168.10.12.2020 and 1.2.2020 a1.2.2020 ١2024-01-01",
            "Last updated: 10 March 2024; mars 2025, März 2025, 2024年3月10日",
            "XX mars 2025 ＿＿年 ××月 [DATE] {date} <date> __/__/____ ?? ## 1/2/3",
            "Éte 2024 é2024 ß March ǅMarch 3-2024 -2024 :5 a:12:30",
            "1 janvier 2024 1er janvier 2024 2024-02-30 31.12.2023.",
            "a A I à d’un l’an ww ll ii xx X mars 2025 x/xx/2024 M/D/YYYY MM-DD-YYYY d.m.2025",
            "YYYY年MM月DD日 yyyy 年 mm-dd a-b a. Mai 2024 ma mar marché se sep sept. 2024 dé",
            "no nov. 2024 Nov 3, 2024 déc. 2024 jä Jänner 2024 ap apr. aout août 2024 ma1",
            "2.1 Scope 2.5 2019-2020 2016/679 1-800-555 5- March 2024 3 days 1st of March 2024",
        ] {
            check(s);
        }
        for c in '\u{80}'..='\u{17f}' {
            check(&format!(
                "{c}2024-01-01 {c} 2024-01-01 {c}March 2024 {c}.2024-01-01"
            ));
        }
        // Whether a non-ASCII character is a letter or digit counts before a date, a
        // placeholder, a bracket and a word, and not elsewhere: characters of every block
        // `non_ascii_alphanumeric` answers itself, and at its edges.
        let tricky = [
            'ß', 'İ', '\u{212A}', '\u{200B}', '\u{AD}', '\u{FEFF}', '’', '‿', '①',
        ];
        let blocks = [
            '\u{80}'..='\u{7FF}',
            '\u{2000}'..='\u{2080}',
            '\u{3000}'..='\u{3100}',
            '\u{4DFE}'..='\u{4E01}',
            '\u{9FFE}'..='\u{A001}',
            '\u{FF00}'..='\u{FF60}',
        ];
        for c in blocks.into_iter().flatten().chain(tricky) {
            check(&format!(
                "{c}2024-01-01 {c}Ｘ mars 2025 {c}[DATE] {c}×× 2024 {c}ｘｘ/ｘｘ/2024 a{c}ＸＸ年 {c}{c}"
            ));
            check(&format!(
                "{c}x/xx/2024{c}{c}＿＿年＿＿月＿＿日{c} {c}March 2024{c}"
            ));
        }
        // Every start and end at every offset in the groups of eight bytes of `skip_ascii`,
        // after words, spaces, punctuation and non-ASCII characters.
        for k in 0..17 {
            let pad = "ab cd ef gh ij kl mn op qr".get(..k).unwrap_or_default();
            for tail in [
                "2024-01-01 x",
                "[DATE] y",
                "March 2024.",
                "a1 2 March 2024, 1.2.2020 see XX mars 2025",
                "é 2024-01-01 ü",
                "wordé2024-01-01",
                "x/xx/2024",
                "ab\t3 May 2024",
                "#?_{<",
                "sept. 2024",
            ] {
                check(&format!("{pad}{tail}"));
                check(&format!("{pad}{tail}{pad}{tail}"));
                check(&format!("{pad}\u{a0}{tail}"));
            }
        }
        let mut lines = 0;
        for (_, text) in crate::testing::fixture_texts() {
            for line in text.lines() {
                check(line);
                lines += 1;
            }
        }
        assert!(lines > 9_000, "only {lines} fixture lines");
    }

    /// `non_ascii_alphanumeric` answers as `char::is_alphanumeric` for every non-ASCII
    /// character.
    #[test]
    fn non_ascii_alphanumeric_agrees_with_std() {
        let mut buf = [0; 4];
        for c in ('\u{80}'..=char::MAX).filter(|c| !c.is_ascii()) {
            assert_eq!(
                non_ascii_alphanumeric(c.encode_utf8(&mut buf)),
                c.is_alphanumeric(),
                "{c:?}"
            );
        }
    }

    /// No parser reads a text starting with a non-ASCII character but the four that
    /// `non_ascii_may_start` lets through, whatever follows it: checked on every character
    /// followed by what dates and placeholders go on with.
    #[test]
    fn only_placeholder_characters_start_non_ascii_dates() {
        for c in ('\u{80}'..=char::MAX).filter(|c| !c.is_ascii()) {
            let may = non_ascii_may_start(c.encode_utf8(&mut [0; 4]));
            for text in [
                format!("{c} 1 March 2024"),
                format!("{c}{c} March 2024"),
                format!("{c}{c}/{c}{c}/2024"),
                format!("{c}{c}{c}{c}年1月1日"),
                format!("{c}{c} 2024"),
            ] {
                if !may {
                    assert_eq!(parse_at_all(&text), None, "{text:?}");
                }
            }
        }
        for text in [
            "＿＿年＿＿月＿＿日",
            "ＸＸ mars 2025",
            "×× mars 2025",
            "ｘｘ/ｘｘ/2024",
        ] {
            assert!(parse_at_all(text).is_some(), "{text:?}");
            assert!(non_ascii_may_start(
                &text[..text.chars().next().unwrap().len_utf8()]
            ));
        }
    }

    /// The table of `ascii_letter_may_start_date` decides as the rules written as a `match`
    /// on the bytes (its first form), for every letter, every byte after it, the end of
    /// the text, and third bytes of each kind.
    #[test]
    fn letter_pairs_agree_with_the_rules() {
        let reference = |b: &[u8], at: usize| {
            let first = b[at];
            match b.get(at + 1) {
                Some(&next) if next.is_ascii_alphabetic() => {
                    next.eq_ignore_ascii_case(&first)
                        || (month_pair(first, next)
                            && b.get(at + 2).is_some_and(|&third| {
                                !third.is_ascii()
                                    || (third.is_ascii_alphabetic()
                                        && month_triple(first, next, third))
                            }))
                }
                Some(&next) if !next.is_ascii() => true,
                next => {
                    matches!(first, b'X' | b'x')
                        || (TEMPLATE_LETTERS.as_bytes().contains(&first)
                            && matches!(next, Some(b'/' | b'-' | b'.')))
                }
            }
        };
        for first in (b'a'..=b'z').chain(b'A'..=b'Z') {
            let check = |b: &[u8]| {
                assert_eq!(ascii_letter_may_start_date(b, 1), reference(b, 1), "{b:?}");
            };
            check(&[b' ', first]);
            for next in 0..=255u8 {
                check(&[b' ', first, next]);
                for third in [
                    b'r', b'R', b'y', b'c', b'n', b'l', b't', b' ', b'.', b'1', 0xC3,
                ] {
                    check(&[b' ', first, next, third]);
                }
            }
        }
    }

    /// The words of `LANGUAGE_WORDS` are in lower case and fit the buffer of
    /// `language_order`, and the language is told as it was with a lower-case copy of each
    /// word.
    #[test]
    fn language_words_fit_the_lower_case_buffer() {
        for (_, _, list) in LANGUAGE_WORDS {
            for w in *list {
                assert!(w.len() <= LONGEST_LANGUAGE_WORD, "{w}");
                assert_eq!(w.to_lowercase(), *w);
            }
        }
        let german = "Die Daten und das Konto, die wir für Sie verarbeiten. ".repeat(5);
        assert_eq!(language_order(&german), Some(NumericOrder::DayFirst));
        let loud = "DIE DATEN UND DAS KONTO, DIE WIR FÜR SIE VERARBEITEN ".repeat(5);
        assert_eq!(language_order(&loud), Some(NumericOrder::DayFirst));
        let english = "The data and the account that you give to us, for your use. ".repeat(5);
        assert_eq!(language_order(&english), None);
        let long = "Verarbeitungsverantwortlicher ".repeat(40);
        assert_eq!(language_order(&long), None);
    }

    /// `occurrences` finds what `str::match_indices` finds: every label in the fixture
    /// texts (lower-cased) and in overlapping runs.
    #[test]
    fn occurrences_match_match_indices() {
        let check = |hay: &str, needle: &str| {
            let expected: Vec<usize> = hay.match_indices(needle).map(|(p, _)| p).collect();
            assert_eq!(
                occurrences(hay, needle).collect::<Vec<_>>(),
                expected,
                "{needle:?}"
            );
        };
        for (hay, needle) in [
            ("aaaa", "aa"),
            ("aaaaa", "aa"),
            ("abababab", "abab"),
            ("", "a"),
            ("a", "ab"),
            ("日付日付日", "日付日"),
            ("last update last updated: ", "last update"),
        ] {
            check(hay, needle);
        }
        let labels: Vec<&str> = LAST_UPDATED_LABELS
            .iter()
            .chain(EFFECTIVE_LABELS)
            .copied()
            .collect();
        for (_, text) in crate::testing::fixture_texts() {
            let lower = text.to_lowercase();
            for l in &labels {
                check(&lower, l);
            }
        }
    }

    /// The bit masks of `skip_ascii` mark what the byte tests do, for every ASCII byte at
    /// every place in a group of eight.
    #[test]
    fn ascii_masks_agree_with_byte_tests() {
        for c in 0..128u8 {
            for k in 0..8 {
                for fill in [b'a', b' ', b'0', b'~', 0, 127] {
                    let mut group = [fill; 8];
                    group[k] = c;
                    let x = u64::from_le_bytes(group);
                    let bit = |mask: u64| mask >> (8 * k + 7) & 1 == 1;
                    assert_eq!(bit(alnum_bytes(x)), c.is_ascii_alphanumeric(), "{c} at {k}");
                    assert_eq!(bit(bytes_at_least(x, b'a')), c >= b'a', "{c} at {k}");
                    assert_eq!(
                        bit(!bytes_at_least(x ^ (LOW_BITS * u64::from(b' ')), 1)),
                        c == b' ',
                        "{c} at {k}"
                    );
                }
            }
        }
    }

    /// `could_start_date` (which stops reading a word as soon as it can tell) agrees with
    /// its definition: the alphabetic word at the start is a run of one letter or a month
    /// name. Checked at every word start of the fixtures, on every month name in three
    /// cases, and on edge cases.
    #[test]
    fn could_start_date_agrees_with_its_definition() {
        let reference = |i: &str| {
            let end = i
                .char_indices()
                .find(|(_, c)| !c.is_alphabetic())
                .map_or(i.len(), |(k, _)| k);
            let word = &i[..end];
            let Some(first) = word.chars().next() else {
                return false;
            };
            word.chars().all(|c| c.eq_ignore_ascii_case(&first)) || month_number(word).is_some()
        };
        let check = |i: &str| assert_eq!(could_start_date(i), reference(i), "{i:?}");
        for (name, _) in MONTHS {
            for form in [name.to_string(), name.to_uppercase(), format!("{name}x")] {
                check(&form);
                check(&format!("{form} 2024"));
            }
        }
        for s in [
            "", "an", "AN", "xX", "xxY", "and", "Ärz", "mä", "mär", "März", "déc", "ſep",
        ] {
            check(s);
        }
        let mut positions = 0;
        for (_, text) in crate::testing::fixture_texts() {
            for (k, _) in text.char_indices() {
                check(&text[k..]);
                positions += 1;
            }
        }
        assert!(positions > 700_000, "only {positions} fixture positions");
    }

    /// A run of a placeholder character is counted only as far as a placeholder can be
    /// long (issue #8: counting each run to its end from each character was quadratic);
    /// runs up to the limit still read, longer ones do not.
    #[test]
    fn placeholder_runs_stop_counting_past_their_limit() {
        assert_eq!(placeholder_run("__ March", 1, 2, false), Some(" March"));
        assert_eq!(placeholder_run("___ March", 1, 2, false), None);
        assert_eq!(placeholder_run("xX.", 1, 2, true), Some("."));
        let long = "?".repeat(100_000);
        assert_eq!(placeholder_run(&long, 1, 2, false), None);
        assert!(find_dates(&format!("{long} 1 March 2024")).len() == 1);
    }

    fn one(s: &str) -> NaiveDate {
        let found = find_dates(s);
        assert_eq!(found.len(), 1, "{s}: {found:?}");
        found[0].date
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn digit_pre_check_agrees_with_every_parser() {
        let mut texts: Vec<String> = [
            "2024-03-05",
            "2024/03/05",
            "2024.XX.XX",
            "2024 年 3 月 5 日",
            "2024年X月X日",
            "2024",
            "2024 ",
            "2024-",
            "1899-01-01",
            "2200-01-01",
            "20245-01-01",
            "5 March 2024",
            "5th of March, 2024",
            "5. März 2024",
            "05.03.24",
            "05/03/2024",
            "5-JUN-2021",
            "31 de marzo de 2025",
            "32 March 2024",
            "0 March 2024",
            "00/00/2024",
            "123",
            "12/XX/2025",
            "12-xx-XXXX",
            "12.03",
            "3 days",
            "13",
            "7March 2024",
            "07 mars 2025",
            "1\u{a0}June 2023",
            "2023\u{a0}年1月1日",
            "1",
            "10.10.2010.1",
            "1. Scope",
            "2.1 Scope",
            "2.5",
            "2019-2020",
            "2016/679",
            "2024/3/",
            "1-800-555-0100",
            "5- March 2024",
            "5-_-2024",
            "1ST March 2024",
            "2 de marzo de 2025",
            "2 de\u{a0}marzo 2024",
            "2 ofMarch 2024",
            "2 of 2024",
            "4 décembre 2024",
            "4 d\u{e9}c. 2024",
            "a 2024",
            "d’un",
            "à la",
            "M/D/YYYY",
            "m.d.2025",
            "YYYY年",
            "YYYY 年 MM 月",
            "yyyy-mm-dd",
            "mm",
            "Ｘ月",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(t);
                }
            }
        }
        for t in &texts {
            for (pos, c) in t.char_indices() {
                let i = &t[pos..];
                if c.is_ascii_digit() {
                    assert_eq!(parse_at_digit(i), parse_at_all(i), "{i:?}");
                }
                if c.is_alphabetic() {
                    assert_eq!(parse_at_alpha(i), parse_at_all(i), "{i:?}");
                }
            }
        }
    }

    fn parse(text: &str, format: crate::ast::Format) -> Document {
        crate::parse::parse(&crate::source::Source::from_text("t", text, format))
    }

    fn md(text: &str) -> Document {
        parse(text, crate::ast::Format::Markdown)
    }

    /// `(text, reading, role)` of every candidate.
    fn candidates(doc: &Document) -> Vec<(String, Reading, DateRole)> {
        find_all(doc)
            .into_iter()
            .map(|c| (c.text, c.reading, c.role))
            .collect()
    }

    /// The shortcuts of `month_name` and `could_start_date` hold for every month name: it
    /// starts with a month letter and takes at most 10 bytes.
    #[test]
    fn month_names_start_with_month_letters() {
        for (name, _) in MONTHS {
            assert!(name.starts_with(is_month_letter), "{name}");
            assert!(name.len() <= 10, "{name}");
        }
        assert!(!is_month_letter('b') && !is_month_letter('T') && !is_month_letter('é'));
    }

    /// `MONTH_PAIRS` has exactly the first two letters of the ASCII-starting month names.
    #[test]
    fn month_pairs_are_the_names_first_letters() {
        for a in b'a'..=b'z' {
            for b in b'a'..=b'z' {
                let listed = MONTHS
                    .iter()
                    .any(|(name, _)| name.as_bytes()[..2] == [a, b]);
                let set = MONTH_PAIRS[usize::from(a - b'a')] >> (b - b'a') & 1 == 1;
                assert_eq!(listed, set, "{}{}", a as char, b as char);
            }
        }
    }

    /// `MONTH_TRIPLES` has exactly the first three letters of the month names that start
    /// with three ASCII letters.
    #[test]
    fn month_triples_are_the_names_first_letters() {
        for a in b'a'..=b'z' {
            for b in b'a'..=b'z' {
                for c in b'a'..=b'z' {
                    let listed = MONTHS
                        .iter()
                        .any(|(name, _)| name.as_bytes()[..3] == [a, b, c]);
                    assert_eq!(
                        listed,
                        month_triple(a, b, c),
                        "{}{}{}",
                        a as char,
                        b as char,
                        c as char
                    );
                    assert_eq!(
                        listed,
                        month_triple(a.to_ascii_uppercase(), b, c.to_ascii_uppercase())
                    );
                }
            }
        }
        assert!(!month_triple(b'm', b'a', b'-') && !month_triple(b'1', b'a', b'y'));
    }

    #[test]
    fn forms_found_in_real_policies() {
        assert_eq!(one("Author:StrongShop, 2022-02-10"), ymd(2022, 2, 10));
        assert_eq!(one("Last updated: February 10, 2022"), ymd(2022, 2, 10));
        assert_eq!(one("Effective Date: 11th of April, 2023"), ymd(2023, 4, 11));
        assert_eq!(one("August  26, 2015"), ymd(2015, 8, 26));
        assert_eq!(one("Feb. 10th, 2022"), ymd(2022, 2, 10));
        assert_eq!(one("5 novembre 2025"), ymd(2025, 11, 5));
        assert_eq!(one("Stand: 28. April 2021"), ymd(2021, 4, 28));
        assert_eq!(one("2026 年 5 月 4 日生效"), ymd(2026, 5, 4));
        assert_eq!(one("2022年2月10日"), ymd(2022, 2, 10));
        assert_eq!(one("_Last Updated: November 2021_"), ymd(2021, 11, 1));
        assert_eq!(one("December 2025"), ymd(2025, 12, 1));
        assert_eq!(one("10 February 2022"), ymd(2022, 2, 10));
        assert_eq!(one("Effective: Jan 06, 2026."), ymd(2026, 1, 6));
        assert_eq!(one("Stand: Juni 2021"), ymd(2021, 6, 1));
        assert_eq!(one("10 de junio de 2022"), ymd(2022, 6, 10));
    }

    #[test]
    fn numeric_forms() {
        // Dots: day first, always.
        assert_eq!(one("Stand: 10.02.2022"), ymd(2022, 2, 10));
        assert_eq!(one("gelten ab 01.02.2026 Bis dahin"), ymd(2026, 2, 1));
        // Slashes: a part above 12 decides; equal parts need no deciding.
        assert_eq!(one("13/02/2022"), ymd(2022, 2, 13));
        assert_eq!(one("02/13/2022"), ymd(2022, 2, 13));
        assert_eq!(
            one("Date de la dernière mise à jour : 02/02/2023"),
            ymd(2023, 2, 2)
        );
        // Otherwise a bare string gives the month-first reading.
        assert_eq!(one("Last Updated: 3/11/2025"), ymd(2025, 3, 11));
        assert_eq!(one("10/02/2022"), ymd(2022, 10, 2));
        assert_eq!(one("10-02-2022"), ymd(2022, 10, 2));
        // Two-digit years only with dots, and only labelled or alone.
        assert_eq!(one("15.04.14"), ymd(2014, 4, 15));
        assert_eq!(one("Stand: 15.04.14"), ymd(2014, 4, 15));
        assert!(find_dates("Firefox 10.12.14 fixes a crash").is_empty());
    }

    #[test]
    fn unicode_spaces_and_hyphens() {
        assert_eq!(one("Gültig ab 17.\u{a0}Dezember 2025"), ymd(2025, 12, 17));
        assert_eq!(
            one("Dernière mise à jour \u{200b}: le \u{200b}2 Juin 2021"),
            ymd(2021, 6, 2)
        );
        assert_eq!(one("Last revised 10-JUN-2021"), ymd(2021, 6, 10));
        assert_eq!(one("Last revised APRIL-2024"), ymd(2024, 4, 1));
    }

    #[test]
    fn numbers_that_are_not_dates() {
        assert!(find_dates("2023-02-30").is_empty());
        assert!(find_dates("version 20221-01-01").is_empty());
        assert!(find_dates("we may use this data").is_empty());
        assert!(find_dates("server 10.10.10.10 and 192.168.10.12.2020").is_empty());
        assert!(find_dates("Regulation (EU) 2016/679 and LGPD 13.709/2018").is_empty());
        assert!(find_dates("Date de dernière mise à jour : XX mars 2025").is_empty());
        assert!(find_dates("31 April 2024").is_empty());
    }

    #[test]
    fn readings_of_numeric_dates() {
        let raw = |a, b| Raw {
            year: 2022,
            first: a,
            second: b,
            form: Form::Numeric,
        };
        assert_eq!(
            resolve(raw(3, 4), None),
            Reading::Ambiguous {
                day_first: ymd(2022, 4, 3),
                month_first: ymd(2022, 3, 4)
            }
        );
        assert_eq!(
            resolve(raw(3, 4), Some(NumericOrder::DayFirst)),
            Reading::Date(ymd(2022, 4, 3))
        );
        assert_eq!(
            resolve(raw(3, 4), Some(NumericOrder::MonthFirst)),
            Reading::Date(ymd(2022, 3, 4))
        );
        assert_eq!(
            resolve(raw(31, 4), None),
            Reading::Impossible(ImpossibleDate {
                year: 2022,
                month: 4,
                day: 31
            })
        );
        assert_eq!(
            ImpossibleDate {
                year: 2023,
                month: 2,
                day: 30
            }
            .reason(),
            "February 2023 has 28 days"
        );
        assert_eq!(
            ImpossibleDate {
                year: 2022,
                month: 13,
                day: 31
            }
            .reason(),
            "there is no month 13"
        );
    }

    #[test]
    fn impossible_dates_and_placeholders_are_candidates() {
        let doc = md(
            "# Policy\n\nEffective date: 2023-02-30\n\nUpdated 31 April 2024.\n\n\
                      生效日期：2022年2月30日\n\nDate de dernière mise à jour : XX mars 2025\n",
        );
        let got = candidates(&doc);
        let impossible: Vec<&str> = got
            .iter()
            .filter(|c| matches!(c.1, Reading::Impossible(_)))
            .map(|c| c.0.as_str())
            .collect();
        assert_eq!(impossible, ["2023-02-30", "31 April 2024", "2022年2月30日"]);
        assert!(got.contains(&(
            "XX mars 2025".to_string(),
            Reading::Placeholder {
                month: Some(ymd(2025, 3, 1))
            },
            DateRole::LastUpdated
        )));
        // The placeholder still dates the policy to the month; impossible dates do not.
        let dates: Vec<NaiveDate> = doc.metadata.dates.iter().map(|d| d.date).collect();
        assert_eq!(dates, [ymd(2025, 3, 1)]);
    }

    #[test]
    fn templates_need_a_label_or_a_year() {
        let doc = md(
            "# Policy\n\nLast updated: [DATE]\n\nEffective: MM/DD/YYYY\n\n\
                      Updated \\_\\_/\\_\\_/\\_\\_\\_\\_\n\nUpdated on 2025年X月X日\n\n\
                      Enter your date of birth as MM/DD/YYYY or [dd.mm.yyyy].\n\n\
                      Renewed on XX/XX/2025.\n",
        );
        let got: Vec<String> = candidates(&doc)
            .into_iter()
            .filter(|c| matches!(c.1, Reading::Placeholder { .. }))
            .map(|c| c.0)
            .collect();
        assert_eq!(
            got,
            [
                "[DATE]",
                "MM/DD/YYYY",
                "__/__/____",
                "2025年X月X日",
                "XX/XX/2025"
            ]
        );
    }

    #[test]
    fn order_from_the_document() {
        // English, nothing decides: ambiguous, month first in the metadata.
        let en = md("# Privacy Policy\n\nLast updated: 03/04/2022\n\nWe collect your e-mail.\n");
        assert!(matches!(candidates(&en)[0].1, Reading::Ambiguous { .. }));
        assert_eq!(en.metadata.dates[0].date, ymd(2022, 3, 4));
        // Another date of the document with a part above 12 settles it.
        let uk =
            md("# Privacy Policy\n\nLast updated: 03/04/2022\n\nPrevious version: 25/12/2021\n");
        assert_eq!(candidates(&uk)[0].1, Reading::Date(ymd(2022, 4, 3)));
        // So does the language.
        let fr = md(
            "# Politique de confidentialité\n\nMis à jour le 03/04/2022\n\n\
                     Nous traitons vos données pour vous fournir le service et pour la \
                     sécurité de votre compte. Les données sont conservées dans l'Union et \
                     vous pouvez exercer vos droits auprès de nous. Nous ne vendons pas vos \
                     données et nous ne les partageons pas avec des tiers pour leur publicité. \
                     Vous pouvez nous écrire avec votre demande et nous y répondons dans un \
                     mois, sur le site ou par courrier, avec les informations sur le traitement.\n",
        );
        assert_eq!(candidates(&fr)[0].1, Reading::Date(ymd(2022, 4, 3)));
        assert_eq!(fr.metadata.dates[0].date, ymd(2022, 4, 3));
    }

    #[test]
    fn text_front_end_date_lines_are_re_read() {
        let text = "Datenschutzerklärung\n\nStand: 03/04/2022\n\nWir verarbeiten Ihre Daten \
                    nur für die Zwecke, die wir Ihnen nennen, und geben sie nicht an Dritte \
                    weiter. Sie können der Verarbeitung mit Wirkung für die Zukunft \
                    widersprechen. Die Daten werden gelöscht, sobald sie für den Zweck nicht \
                    mehr erforderlich sind, und wir informieren Sie über die Änderungen dieser \
                    Erklärung auf der Website, in der App und per E-Mail an die von Ihnen \
                    angegebene Adresse, die wir für die Dauer des Vertrags speichern.\n";
        let doc = parse(text, crate::ast::Format::Text);
        let d = &doc.metadata.dates[0];
        assert_eq!((d.role, d.date), (DateRole::LastUpdated, ymd(2022, 4, 3)));
    }

    /// Invisible characters inside a date or its label (zero-width space, word joiner,
    /// soft hyphen) do not hide it; the span still runs from the date's first character
    /// to its last as written, and the text is the visible one.
    #[test]
    fn invisible_characters_inside_dates_and_labels() {
        let doc = md("# Privacy Policy\n\nLast up\u{ad}dated: Janu\u{200b}ary 5, 2024\n");
        let found = find_all(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        let c = &found[0];
        assert_eq!(c.text, "January 5, 2024");
        assert_eq!(c.role, DateRole::LastUpdated);
        assert_eq!(c.reading, Reading::Date(ymd(2024, 1, 5)));
        let src = "# Privacy Policy\n\nLast up\u{ad}dated: Janu\u{200b}ary 5, 2024\n";
        assert_eq!(&src[c.span.start..c.span.end], "Janu\u{200b}ary 5, 2024");
        let doc = md("# Privacy Policy\n\nStand: 2024-\u{2060}01-\u{feff}05\u{200b}\n");
        assert_eq!(
            candidates(&doc),
            vec![(
                "2024-01-05".to_string(),
                Reading::Date(ymd(2024, 1, 5)),
                DateRole::LastUpdated
            )]
        );
    }

    #[test]
    fn labelled_lines_in_other_languages_are_date_lines() {
        for (line, role, date) in [
            (
                "Última actualización: 1 de marzo de 2024",
                DateRole::LastUpdated,
                "2024-03-01",
            ),
            (
                "Entrée en vigueur : 1er mars 2024",
                DateRole::Effective,
                "2024-03-01",
            ),
            (
                "Gültig ab 1. Januar 2024",
                DateRole::Effective,
                "2024-01-01",
            ),
            (
                "Last\u{a0}updated: January 5, 2024",
                DateRole::LastUpdated,
                "2024-01-05",
            ),
            (
                "Last\u{202f}modified: 2024-01-05",
                DateRole::LastUpdated,
                "2024-01-05",
            ),
            (
                "Zuletzt aktualisiert: 5. März 2024",
                DateRole::LastUpdated,
                "2024-03-05",
            ),
            (
                "Zuletzt geändert am 05.03.2024",
                DateRole::LastUpdated,
                "2024-03-05",
            ),
            ("生效日期：2022年2月10日", DateRole::Effective, "2022-02-10"),
        ] {
            let (r, d) = date_line(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((r, d.date.to_string()), (role, date.to_string()), "{line}");
        }
        // A bracket holding a real date is not a placeholder.
        assert_eq!(placeholder_bracketed("[Last updated: March 3, 2024]"), None);
        assert!(placeholder_bracketed("[DATE]").is_some());
    }

    #[test]
    fn roles_from_labels() {
        assert_eq!(
            date_line("Last updated: February 10, 2022").map(|d| d.0),
            Some(DateRole::LastUpdated)
        );
        assert_eq!(
            date_line("Effective Date: 11th of April, 2023").map(|d| d.0),
            Some(DateRole::Effective)
        );
        assert_eq!(role_from_label("", "生效"), Some(DateRole::Effective));
        assert_eq!(role_from_label("", "起生效"), Some(DateRole::Effective));
        assert_eq!(date_line("We moved on 2022-01-01 to a new office"), None);
        assert_eq!(
            date_line("Status: 28. April 2021").map(|d| d.0),
            Some(DateRole::LastUpdated)
        );
        let role = |before: &str| role_from_label(before, "");
        assert_eq!(
            role("Effective Date: The earlier of "),
            Some(DateRole::Effective)
        );
        assert_eq!(role("Gültig ab Dienstag, "), Some(DateRole::Effective));
        assert_eq!(
            role("Diese Datenschutzbestimmungen gelten ab "),
            Some(DateRole::Effective)
        );
        assert_eq!(
            role("Effective September 12, 2021. Last Revised "),
            Some(DateRole::LastUpdated)
        );
        assert_eq!(
            role("This version of our privacy statement took effect "),
            Some(DateRole::Effective)
        );
        assert_eq!(role("Version 8.0 | "), Some(DateRole::LastUpdated));
        // Not labels of the policy's date.
        assert_eq!(role("for the version effective until "), None);
        assert_eq!(role("a similar program that was in effect until "), None);
        assert_eq!(role("The CCPA became effective on "), None);
        assert_eq!(role("We use effective encryption since "), None);
        assert_eq!(role("Standardmäßig seit "), None);
        assert_eq!(role("Firefox version 120, released "), None);
        assert_eq!(role("Firefox version 120 | "), None);
        assert_eq!(role("This law took effect on "), None);
    }

    #[test]
    fn addenda_have_their_own_scope() {
        let doc = md("# Notice\n\nLast Updated: December 2025\n\n## Addenda\n\n\
                      ### California Addendum\n\nLast Updated: June 2025\n");
        let scopes: Vec<Option<usize>> = find_all(&doc).iter().map(|c| c.scope).collect();
        assert_eq!(scopes.len(), 2);
        assert_eq!(scopes[0], None);
        assert!(scopes[1].is_some());
    }
}
