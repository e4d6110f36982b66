//! Dates as written in policies, and the role each plays (last updated, effective, byline).
//!
//! Recognised forms (a nom parser, tried at every word start):
//! - ISO 8601 calendar dates: `2022-02-10`, also `2022/02/10`;
//! - month name, day, year: `February 10, 2022`, `Feb. 10th, 2022`, `August  26, 2015`;
//! - day, month name, year: `10 February 2022`, `11th of April, 2023`, `5 novembre 2025`,
//!   `28. April 2021`;
//! - CJK: `2022年2月10日`, `2026 年 5 月 4 日`;
//! - month name and year: `November 2021`, `December 2025` (taken as the 1st of the month).
//!
//! Month names in English, French, German and Spanish. Numeric day-first/month-first forms
//! (`10/02/2022`) are ambiguous and are left for the `ambiguous-date` rule (issue #3).
//! Calendar validity is checked by chrono: `2023-02-30` is not a date.

use chrono::NaiveDate;
use nom::branch::alt;
use nom::bytes::complete::{tag, tag_no_case, take_while_m_n, take_while1};
use nom::character::complete::{char, space0, space1};
use nom::combinator::{opt, verify};
use nom::{IResult, Parser};

use crate::ast::{DateMention, DateRole, Document, Span, Text};

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

fn month_name(i: &str) -> IResult<&str, u32> {
    let (rest, word) = take_while1(|c: char| c.is_alphabetic())(i)?;
    let lower = word.to_lowercase();
    match MONTHS.iter().find(|(name, _)| *name == lower) {
        Some(&(_, m)) => {
            // An abbreviation may carry a dot: "Feb."
            let (rest, _) = opt(char('.')).parse(rest)?;
            Ok((rest, m))
        }
        None => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Tag,
        ))),
    }
}

fn number(min: usize, max: usize) -> impl FnMut(&str) -> IResult<&str, u32> {
    move |i| {
        let (rest, digits) = take_while_m_n(min, max, |c: char| c.is_ascii_digit())(i)?;
        // Refuse a digit run that goes on ("20221" is not a year).
        if rest.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(nom::Err::Error(nom::error::Error::new(
                i,
                nom::error::ErrorKind::Digit,
            )));
        }
        Ok((rest, digits.parse().unwrap_or(0)))
    }
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
    let (rest, d) = verify(number(1, 2), |d| (1..=31).contains(d)).parse(i)?;
    let (rest, _) = ordinal_suffix(rest)?;
    Ok((rest, d))
}

fn iso(i: &str) -> IResult<&str, (i32, u32, u32)> {
    let (rest, (y, sep, m)) = (year, alt((char('-'), char('/'))), number(2, 2)).parse(i)?;
    let (rest, (_, d)) = (char(sep), number(2, 2)).parse(rest)?;
    Ok((rest, (y, m, d)))
}

fn month_day_year(i: &str) -> IResult<&str, (i32, u32, u32)> {
    let (rest, (m, _, d, _, _, y)) =
        (month_name, space1, day, opt(char(',')), space0, year).parse(i)?;
    Ok((rest, (y, m, d)))
}

fn day_month_year(i: &str) -> IResult<&str, (i32, u32, u32)> {
    let (rest, (d, _, _, m, _, _, y)) = (
        day,
        space0,
        opt((alt((tag_no_case("of"), tag_no_case("de"))), space1)),
        month_name,
        opt(char(',')),
        space0,
        opt((alt((tag_no_case("del"), tag_no_case("de"))), space1)),
    )
        .parse(i)
        .and_then(|(rest, (d, s, of, m, c, sp, _))| {
            let (rest, y) = year(rest)?;
            Ok((rest, (d, s, of, m, c, sp, y)))
        })?;
    Ok((rest, (y, m, d)))
}

fn cjk(i: &str) -> IResult<&str, (i32, u32, u32)> {
    let (rest, (y, _, _, _, m, _, _, _, d, _, _)) = (
        year,
        space0,
        char('年'),
        space0,
        number(1, 2),
        space0,
        char('月'),
        space0,
        number(1, 2),
        space0,
        alt((char('日'), char('号'))),
    )
        .parse(i)?;
    Ok((rest, (y, m, d)))
}

fn month_year(i: &str) -> IResult<&str, (i32, u32, u32)> {
    let (rest, (m, _, _, y)) = (month_name, opt(char(',')), space1, year).parse(i)?;
    Ok((rest, (y, m, 1)))
}

/// Parses one date at the start of `i`. Returns the rest and the date, or an error when the
/// text is not a date or names an impossible day (`2023-02-30`).
pub fn date(i: &str) -> IResult<&str, NaiveDate> {
    let (rest, (y, m, d)) = alt((iso, cjk, month_day_year, day_month_year, month_year)).parse(i)?;
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => Ok((rest, date)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            i,
            nom::error::ErrorKind::Verify,
        ))),
    }
}

/// Finds every date in `s`, left to right, without overlaps. A date must start at a word
/// boundary and must not be followed by a letter or digit.
pub fn find_dates(s: &str) -> Vec<FoundDate> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut skip_to = 0;
    for (pos, c) in s.char_indices() {
        let boundary = prev.is_none_or(|p| !p.is_alphanumeric());
        prev = Some(c);
        if pos < skip_to || !boundary || !(c.is_ascii_digit() || c.is_alphabetic()) {
            continue;
        }
        if let Ok((rest, date)) = date(&s[pos..]) {
            let end = s.len() - rest.len();
            let trimmed_end = s[..end].trim_end_matches(['.', ',']).len().max(pos + 1);
            let ok_after = rest
                .chars()
                .next()
                .is_none_or(|n| !(n.is_ascii_alphanumeric()));
            if ok_after {
                out.push(FoundDate {
                    start: pos,
                    end: trimmed_end,
                    date,
                });
                skip_to = end;
            }
        }
    }
    out
}

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
    "mise à jour",
    "mis à jour",
    "aktualisiert",
    "stand",
    "status:",
    "letzte änderung",
    "actualizado",
    "actualización",
    "更新",
    "修订",
    "修訂",
];

/// Label words (lower case) that make a date an effective date.
pub const EFFECTIVE_LABELS: &[&str] = &[
    "effective",
    "in effect",
    "valid from",
    "valid as of",
    "en vigueur",
    "gültig",
    "in kraft",
    "vigente",
    "vigor",
    "生效",
    "施行",
    "発効",
    "实施",
    "實施",
];

/// How far before a date (in bytes) a label is looked for.
const LABEL_WINDOW: usize = 48;

/// The role given by the label nearest before the date in `before`, or just after it in
/// `after` (CJK puts the label after: `2026 年 5 月 4 日生效`).
pub fn role_from_label(before: &str, after: &str) -> Option<DateRole> {
    let mut start = before.len().saturating_sub(LABEL_WINDOW);
    while !before.is_char_boundary(start) {
        start += 1;
    }
    let window = before[start..].to_lowercase();
    let last = |labels: &[&str]| {
        labels
            .iter()
            .filter_map(|l| window.rfind(l).map(|p| p + l.len()))
            .max()
    };
    match (last(LAST_UPDATED_LABELS), last(EFFECTIVE_LABELS)) {
        (Some(u), Some(e)) => Some(if u > e {
            DateRole::LastUpdated
        } else {
            DateRole::Effective
        }),
        (Some(_), None) => Some(DateRole::LastUpdated),
        (None, Some(_)) => Some(DateRole::Effective),
        (None, None) => {
            let head: String = after.trim_start().chars().take(4).collect();
            if EFFECTIVE_LABELS.iter().any(|l| head.starts_with(l)) {
                Some(DateRole::Effective)
            } else if LAST_UPDATED_LABELS.iter().any(|l| head.starts_with(l)) {
                Some(DateRole::LastUpdated)
            } else {
                None
            }
        }
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
    let allowed_extra = ["on", "as of", "date", "this policy was", "policy", "notice"];
    let mut rest = before.to_lowercase();
    for l in LAST_UPDATED_LABELS.iter().chain(EFFECTIVE_LABELS) {
        rest = rest.replace(l, " ");
    }
    for w in allowed_extra {
        rest = rest.replace(w, " ");
    }
    let rest_ok = rest
        .chars()
        .all(|c| c.is_whitespace() || c.is_ascii_punctuation());
    let after_ok = after.is_empty()
        || EFFECTIVE_LABELS
            .iter()
            .chain(LAST_UPDATED_LABELS)
            .any(|l| after.to_lowercase().starts_with(l));
    (rest_ok && after_ok && line.trim().chars().count() <= 80).then_some((role, *d))
}

/// Finds every date in the document's title, section titles and blocks and adds it to
/// `doc.metadata.dates` with its role, keeping mentions the front end already recorded
/// (bylines, date lines). A date with no label that stands alone in a preamble paragraph
/// (`August 26, 2015` under the title) is a byline date.
pub fn collect(doc: &mut Document) {
    let mut found: Vec<DateMention> = Vec::new();
    let mut scan = |t: &Text, standalone_is_byline: bool| {
        for d in find_dates(&t.text) {
            let span = t.source_span(d.start, d.end);
            let role = role_from_label(&t.text[..d.start], &t.text[d.end..]);
            let alone = t.text.trim().len() <= (d.end - d.start) + 2;
            let role = match role {
                Some(r) => r,
                None if alone && standalone_is_byline => DateRole::Byline,
                None => DateRole::Other,
            };
            let label_start = if role == DateRole::Other {
                span.start
            } else {
                t.span.start.min(span.start)
            };
            found.push(DateMention {
                date: d.date,
                role,
                // As displayed, without Markdown escapes (`25\\. März` is `25. März`).
                text: t.text[d.start..d.end].to_string(),
                span,
                mention_span: Span::new(label_start, span.end),
            });
        }
    };
    if let Some(title) = &doc.title {
        scan(title, true);
    }
    for b in &doc.preamble {
        for t in b.texts() {
            scan(t, true);
        }
    }
    for s in doc.all_sections() {
        let heading = Text::verbatim(&s.title, s.title_span);
        scan(&heading, false);
        for b in &s.blocks {
            for t in b.texts() {
                scan(t, false);
            }
        }
    }
    let existing: Vec<Span> = doc.metadata.dates.iter().map(|d| d.span).collect();
    found.retain(|d| !existing.contains(&d.span));
    doc.metadata.dates.extend(found);
    doc.metadata.dates.sort_by_key(|d| d.span);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str) -> NaiveDate {
        let found = find_dates(s);
        assert_eq!(found.len(), 1, "{s}: {found:?}");
        found[0].date
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
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
    }

    #[test]
    fn impossible_dates_are_not_dates() {
        assert!(find_dates("2023-02-30").is_empty());
        assert!(find_dates("version 20221-01-01").is_empty());
        assert!(find_dates("we may use this data").is_empty());
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
        assert_eq!(date_line("We moved on 2022-01-01 to a new office"), None);
        assert_eq!(
            date_line("Status: 28. April 2021").map(|d| d.0),
            Some(DateRole::LastUpdated)
        );
    }
}
