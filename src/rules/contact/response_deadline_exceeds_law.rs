//! Stated response times are found by a small word scanner rather than a grammar: the
//! phrase is short and formulaic ("within 30 days", "within thirty (30) business days",
//! "innerhalb eines Monats", "15个工作日内"), and the hard part is context — is it the
//! time to answer a request, or a retention period, a cookie lifetime, an extension? A
//! duration counts only in a sentence that speaks of answering requests, right after a
//! "within"-like word, and not after "further"/"additional"/"extend".

use crate::ast::{Span, Text};
use crate::diagnostic::{Diagnostic, RequirementRef};
use crate::profiles::Profile;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Response times the policy promises for requests ("we will respond to your request
    /// within 45 days") are compared with the shortest `response_deadline_days` of the
    /// selected profiles (GDPR, UK GDPR: 30 days for "one month"; CCPA: 45 days; LGPD: 15
    /// days; PDPA, PIPEDA: 30 days). A stated time longer than the limit is reported with
    /// the law's limit, its citation and the requirement (`GDPR-12-3`, `UKGDPR-12-3`, else
    /// `<PROFILE>-response-time`).
    ///
    /// Recognised: "within 15 days", "30 business days", "45 calendar days", "within
    /// thirty (30) days", "within one month", "a 30-day period", "two weeks", "72 hours",
    /// and German, French, Spanish, Portuguese and Chinese equivalents ("innerhalb eines
    /// Monats", "dans un délai de 30 jours", "15 dias", "15个工作日内"). Conversions: a
    /// business or working day counts as 7/5 of a calendar day, a week as 7 days, a month
    /// as 30 days, an hour as 1/24 day (rounded up). Only durations right after a word like
    /// "within", "in", "up to", "no later than", in a sentence about responding to
    /// requests, count; extensions ("a further two months", "an additional 45 days") do
    /// not. Wording without a number ("promptly", "without undue delay") states nothing to
    /// compare and is accepted.
    ///
    /// ## Why it matters
    /// Laws fix how long a controller may take to answer a data subject request: GDPR and
    /// UK GDPR Art. 12(3) one month (extendable by two with notice); CCPA §1798.130(a)(2)
    /// 45 days; LGPD Art. 19(II) 15 days; PIPEDA s.8(3) 30 days. A policy that promises a
    /// longer time announces a breach of the law to every reader, and a regulator will hold
    /// the controller to the law's time, not the policy's.
    ///
    /// ## Example
    /// Checked with `--profile gdpr`: `We will respond to your request within 45 days.`
    ///
    /// ## How to fix
    /// State the law's time ("within one month of receipt") or a shorter one, and describe
    /// the extension separately with its condition ("we may extend this by two further
    /// months where requests are complex or numerous, and will tell you within the first
    /// month").
    pub struct ResponseDeadlineExceedsLaw {
        code: "C008",
        name: "response-deadline-exceeds-law",
        family: Contact,
        severity: Error,
        summary: "The stated response time to requests is longer than the law allows",
    }
}

/// A duration's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hours,
    Days,
    BusinessDays,
    Weeks,
    Months,
}

impl Unit {
    /// Calendar days, rounded up.
    fn days(self, n: u32) -> u32 {
        match self {
            Unit::Hours => n.div_ceil(24),
            Unit::Days => n,
            Unit::BusinessDays => (n * 7).div_ceil(5),
            Unit::Weeks => n * 7,
            Unit::Months => n * 30,
        }
    }

    /// How the conversion was made, for the message (empty for calendar days).
    fn conversion(self, n: u32) -> String {
        let days = self.days(n);
        match self {
            Unit::Days => String::new(),
            Unit::Hours => format!(" ({days} days)"),
            Unit::BusinessDays => {
                format!(" ({days} calendar days, counting 5 business days as 7)")
            }
            Unit::Weeks => format!(" ({days} days)"),
            Unit::Months => format!(" ({days} days, counting a month as 30 days)"),
        }
    }
}

/// A stated response time: byte range in the text and its length.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stated {
    start: usize,
    end: usize,
    n: u32,
    unit: Unit,
}

/// Words (lower case) that show a sentence is about answering requests. Verbs of
/// answering only: "request" alone also opens sentences about carrying out a deletion
/// ("if we satisfy a deletion request, the data is removed in 30 days"), which is not the
/// response time, and "process" is what a policy says about data all the time.
const RESPONSE_CUES: &[&str] = &[
    "respond",
    "response",
    "reply",
    "replies",
    "answer",
    "fulfil",
    "antwort",
    "beantwort",
    "répond",
    "réponse",
    "respuesta",
    "responder",
    "resposta",
    "回复",
    "答复",
    "回應",
    "回覆",
    "响应",
    "反馈",
    "处理",
];

/// Words (lower case) that show a sentence is about something else that has durations.
const OTHER_TOPICS: &[&str] = &[
    "retain",
    "retention",
    "store ",
    "stored",
    "keep ",
    "kept",
    "breach",
    "cookie",
    "expire",
    "aufbewahr",
    "speicher",
    "conserv",
    "保存",
    "存储",
];

/// Words right before a duration that make it a response time ("within", "in", "up to",
/// "no later than" ...).
const MARKERS: &[&str] = &[
    "within",
    "in",
    "to",
    "than",
    "inside",
    "takes",
    "take",
    "innerhalb",
    "binnen",
    "von",
    "de",
    "d'",
    "sous",
    "en",
    "em",
    "até",
    "dentro",
    "prazo",
];

/// Words before a duration that make it an extension, not the initial period.
const EXTENSION_WORDS: &[&str] = &[
    "further",
    "additional",
    "another",
    "extend",
    "extended",
    "extension",
    "total",
    "weitere",
    "weiteren",
    "verlänger",
    "supplémentaire",
    "prolong",
    "prorrog",
    "adicional",
    "adicionais",
];

/// Words that may sit between the marker and the number.
const FILLERS: &[&str] = &[
    "a",
    "an",
    "the",
    "about",
    "approximately",
    "around",
    "maximum",
    "max",
    "of",
    "un",
    "une",
    "eines",
    "einem",
    "einer",
];

fn number_word(w: &str) -> Option<u32> {
    const WORDS: &[(&str, u32)] = &[
        ("a", 1),
        ("an", 1),
        ("one", 1),
        ("two", 2),
        ("three", 3),
        ("four", 4),
        ("five", 5),
        ("six", 6),
        ("seven", 7),
        ("eight", 8),
        ("nine", 9),
        ("ten", 10),
        ("eleven", 11),
        ("twelve", 12),
        ("fourteen", 14),
        ("fifteen", 15),
        ("twenty", 20),
        ("twenty-one", 21),
        ("twenty-eight", 28),
        ("thirty", 30),
        ("forty", 40),
        ("forty-five", 45),
        ("sixty", 60),
        ("ninety", 90),
        ("eines", 1),
        ("einem", 1),
        ("einer", 1),
        ("ein", 1),
        ("zwei", 2),
        ("un", 1),
        ("une", 1),
        ("deux", 2),
        ("uno", 1),
        ("um", 1),
        ("uma", 1),
    ];
    if !w.is_empty() && w.len() <= 5 && w.bytes().all(|b| b.is_ascii_digit()) {
        return w.parse().ok();
    }
    WORDS.iter().find(|(s, _)| *s == w).map(|(_, n)| *n)
}

/// The unit a word names, and whether the word already says "business".
fn unit_word(w: &str) -> Option<Unit> {
    Some(match w {
        "hour" | "hours" | "stunden" | "heures" | "horas" => Unit::Hours,
        "day" | "days" | "tag" | "tage" | "tagen" | "jour" | "jours" | "día" | "días" | "dia"
        | "dias" => Unit::Days,
        "werktag" | "werktage" | "werktagen" | "arbeitstag" | "arbeitstage" | "arbeitstagen" => {
            Unit::BusinessDays
        }
        "week" | "weeks" | "woche" | "wochen" | "semaine" | "semaines" | "semana" | "semanas" => {
            Unit::Weeks
        }
        "month" | "months" | "monat" | "monats" | "monaten" | "mois" | "mes" | "meses" | "mês" => {
            Unit::Months
        }
        _ => return None,
    })
}

/// A word of the text: byte range and the lower-case word without surrounding punctuation.
struct Word {
    start: usize,
    end: usize,
    text: String,
}

fn words(s: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let push = |out: &mut Vec<Word>, a: usize, b: usize| {
        let raw = &s[a..b];
        let trimmed = raw.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
        if trimmed.is_empty() {
            return;
        }
        let off = raw.find(trimmed).unwrap_or(0);
        out.push(Word {
            start: a + off,
            end: a + off + trimmed.len(),
            text: trimmed.to_lowercase(),
        });
    };
    for (i, c) in s.char_indices() {
        // "(30)" and "d'un" are split into their own words.
        if c.is_whitespace() || c == '(' || c == ')' {
            if let Some(a) = start.take() {
                push(&mut out, a, i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
        if c == '\''
            && let Some(a) = start
            && s[a..i].eq_ignore_ascii_case("d")
        {
            push(&mut out, a, i + 1);
            start = None;
        }
    }
    if let Some(a) = start {
        push(&mut out, a, s.len());
    }
    out
}

/// Durations in a sentence that are stated response times.
fn stated_in_words(s: &str) -> Vec<Stated> {
    let ws = words(s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        // "30-day" / "30-business-day" written as one word.
        let (n, mut j) = if let Some((num, rest)) = ws[i].text.split_once('-')
            && let Some(n) = number_word(num)
            && rest
                .split('-')
                .next_back()
                .is_some_and(|u| unit_word(u).is_some())
        {
            let unit = unit_word(rest.split('-').next_back().unwrap_or(""));
            let unit = if rest.starts_with("business") || rest.starts_with("working") {
                Some(Unit::BusinessDays)
            } else {
                unit
            };
            if let Some(unit) = unit
                && let Some(st) = accept(&ws, i, i, n, unit)
            {
                out.push(st);
            }
            i += 1;
            continue;
        } else if let Some(n) = number_word(&ws[i].text) {
            (n, i + 1)
        } else {
            i += 1;
            continue;
        };
        let mut n = n;
        // "thirty (30) days": the figure in brackets wins.
        if let Some(w) = ws.get(j)
            && s[ws[j - 1].end..w.start].contains('(')
            && let Some(m) = w.text.parse::<u32>().ok()
        {
            n = m;
            j += 1;
        }
        let mut business = false;
        while let Some(w) = ws.get(j) {
            match w.text.as_str() {
                "business" | "working" | "útiles" | "úteis" | "hábiles" | "ouvrés"
                | "ouvrables" => {
                    business = true;
                    j += 1;
                }
                "calendar" | "clear" | "natural" | "naturales" | "calendaires" | "corridos" => {
                    j += 1
                }
                _ => break,
            }
        }
        let Some(w) = ws.get(j) else { break };
        let Some(mut unit) = unit_word(&w.text) else {
            i += 1;
            continue;
        };
        // Romance languages put the qualifier after the unit: "15 dias úteis".
        if let Some(q) = ws.get(j + 1)
            && ["útiles", "úteis", "hábiles", "ouvrés", "ouvrables"].contains(&q.text.as_str())
        {
            business = true;
            j += 1;
        }
        if business && unit == Unit::Days {
            unit = Unit::BusinessDays;
        }
        if let Some(st) = accept(&ws, i, j, n, unit) {
            out.push(st);
        }
        i = j + 1;
    }
    out
}

/// The duration from word `first` to word `last`, if a marker precedes it and no
/// extension word does.
fn accept(ws: &[Word], first: usize, last: usize, n: u32, unit: Unit) -> Option<Stated> {
    // The marker: the word before, skipping fillers ("within a month": "a" is the number;
    // "in the 30 days" has "the" as filler).
    let mut k = first;
    let mut start = ws[first].start;
    while k > 0 && FILLERS.contains(&ws[k - 1].text.as_str()) && k + 2 > first {
        k -= 1;
    }
    if k == 0 || !MARKERS.contains(&ws[k - 1].text.as_str()) {
        return None;
    }
    let marker = &ws[k - 1];
    let window = &ws[first.saturating_sub(6)..first];
    if window
        .iter()
        .any(|w| EXTENSION_WORDS.iter().any(|e| w.text.starts_with(e)))
    {
        return None;
    }
    // "in the past 12 months" never gets here ("past" is no marker); "up to" and
    // "no later than" are matched by their last word.
    if ["within", "innerhalb", "binnen", "inside"].contains(&marker.text.as_str()) {
        start = marker.start;
    }
    Some(Stated {
        start,
        end: ws[last].end,
        n,
        unit,
    })
}

/// Chinese: "15天内", "十五个工作日内", "30日内", "1个月内".
fn stated_chinese(s: &str) -> Vec<Stated> {
    fn cn_number(chars: &[(usize, char)]) -> Option<u32> {
        let digit = |c: char| "零一二三四五六七八九".chars().position(|d| d == c);
        let text: String = chars.iter().map(|(_, c)| *c).collect();
        if text.chars().all(|c| c.is_ascii_digit()) {
            return text.parse().ok();
        }
        match text.split_once('十') {
            Some((tens, ones)) => {
                let t = if tens.is_empty() {
                    1
                } else {
                    digit(tens.chars().next()?)? as u32
                };
                let o = if ones.is_empty() {
                    0
                } else {
                    digit(ones.chars().next()?)? as u32
                };
                Some(t * 10 + o)
            }
            None if text.chars().count() == 1 => digit(text.chars().next()?).map(|d| d as u32),
            None => None,
        }
    }
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        let is_num = |c: char| c.is_ascii_digit() || "零一二三四五六七八九十".contains(c);
        if !is_num(chars[k].1) {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len() && is_num(chars[k].1) {
            k += 1;
        }
        let Some(n) = cn_number(&chars[start..k]) else {
            continue;
        };
        let rest: String = chars[k..].iter().take(6).map(|(_, c)| *c).collect();
        let units: &[(&str, Unit)] = &[
            ("个工作日内", Unit::BusinessDays),
            ("工作日内", Unit::BusinessDays),
            ("天内", Unit::Days),
            ("日内", Unit::Days),
            ("個工作天內", Unit::BusinessDays),
            ("天內", Unit::Days),
            ("个月内", Unit::Months),
            ("個月內", Unit::Months),
            ("周内", Unit::Weeks),
            ("小时内", Unit::Hours),
        ];
        if let Some((u, unit)) = units.iter().find(|(u, _)| rest.starts_with(u)) {
            let end_char = k + u.chars().count();
            let end = chars.get(end_char).map_or(s.len(), |(i, _)| *i);
            // "额外"/"延长" (additional / extend) just before: an extension.
            let before: String = chars[start.saturating_sub(4)..start]
                .iter()
                .map(|(_, c)| *c)
                .collect();
            if !before.contains("延长") && !before.contains("额外") && !before.contains("另外")
            {
                out.push(Stated {
                    start: chars[start].0,
                    end,
                    n,
                    unit: *unit,
                });
            }
            k = end_char;
        }
    }
    out
}

/// Sentences of a text: byte ranges.
fn sentences(s: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|(_, c)| *c);
        let ends = matches!(c, '。' | '！' | '？' | '；' | '\n' | ';')
            || matches!(c, '.' | '!' | '?') && next.is_none_or(char::is_whitespace);
        if ends {
            let end = i + c.len_utf8();
            out.push((start, end));
            start = end;
        }
    }
    if start < s.len() {
        out.push((start, s.len()));
    }
    out
}

/// Every stated response time in a text: byte ranges and durations.
fn stated_response_times(text: &str) -> Vec<Stated> {
    let mut out = Vec::new();
    for (a, b) in sentences(text) {
        let sentence = &text[a..b];
        let lower = sentence.to_lowercase();
        if !RESPONSE_CUES.iter().any(|c| lower.contains(c))
            || OTHER_TOPICS.iter().any(|c| lower.contains(c))
        {
            continue;
        }
        for mut st in stated_in_words(sentence)
            .into_iter()
            .chain(stated_chinese(sentence))
        {
            st.start += a;
            st.end += a;
            out.push(st);
        }
    }
    out
}

/// The source span of a phrase that may cross a line break of the source (a paragraph's
/// lines are joined in the text): the cover of its first and last words' spans.
fn source_span(t: &Text, start: usize, end: usize) -> Span {
    let whole = t.source_span(start, end);
    if whole != t.span || start == 0 && end == t.text.len() {
        return whole;
    }
    let phrase = &t.text[start..end];
    let first_end = start + phrase.find(char::is_whitespace).unwrap_or(phrase.len());
    let last_start = start + phrase.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let a = t.source_span(start, first_end);
    let b = t.source_span(last_start, end);
    if a != t.span && b != t.span && a.start <= b.end {
        a.cover(b)
    } else {
        whole
    }
}

/// The requirement ID and citation of a profile's response deadline.
fn requirement(p: &Profile) -> RequirementRef {
    let (id, citation) = match p.id.as_str() {
        "gdpr" => ("GDPR-12-3".to_string(), "Art. 12(3) GDPR".to_string()),
        "uk-gdpr" => ("UKGDPR-12-3".to_string(), "UK GDPR Art. 12(3)".to_string()),
        "ccpa" => (
            "CCPA-response-time".to_string(),
            "Cal. Civ. Code §1798.130(a)(2); 11 CCR §7021".to_string(),
        ),
        "lgpd" => (
            "LGPD-response-time".to_string(),
            "Lei nº 13.709/2018 (LGPD) Art. 19(II)".to_string(),
        ),
        "pdpa-sg" => (
            "PDPA-SG-response-time".to_string(),
            "PDPA 2012 s.21-22; PDP Regulations 2021; PDPC guidance".to_string(),
        ),
        "pipeda" => (
            "PIPEDA-response-time".to_string(),
            "PIPEDA s.8(3); CQLR c. P-39.1 s.32".to_string(),
        ),
        other => (
            format!("{}-response-time", other.to_uppercase()),
            p.law.clone().unwrap_or_else(|| p.name.clone()),
        ),
    };
    RequirementRef {
        id,
        citation,
        profile: p.id.clone(),
    }
}

impl Rule for ResponseDeadlineExceedsLaw {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        // The strictest profile (the first of equals).
        let Some((limit, profile)) = ctx
            .profiles
            .iter()
            .filter_map(|p| Some((p.response_deadline_days?, p)))
            .min_by_key(|(days, _)| *days)
        else {
            return Vec::new();
        };
        let req = requirement(profile);
        // How the law itself puts it, for the help text.
        let wording = if matches!(profile.id.as_str(), "gdpr" | "uk-gdpr") {
            "\"within one month of receipt\"".to_string()
        } else {
            format!("\"within {limit} days\"")
        };
        let mut out = Vec::new();
        for block in ctx.doc.all_blocks() {
            for t in block.texts() {
                for st in stated_response_times(&t.text) {
                    let days = st.unit.days(st.n);
                    if days <= limit {
                        continue;
                    }
                    let written = &t.text[st.start..st.end];
                    let span = source_span(t, st.start, st.end);
                    let mut d = Self::META
                        .diagnostic(
                            format!(
                                "The stated response time `{written}`{} is longer than the {limit} days the {} profile allows ({})",
                                st.unit.conversion(st.n),
                                profile.id,
                                req.citation
                            ),
                            span,
                        )
                        .with_label(span, format!("{days} days > {limit}"))
                        .with_help(format!(
                            "state a response time of at most {limit} days ({wording}), and describe any extension separately with its condition"
                        ));
                    d.requirement = Some(Box::new(req.clone()));
                    out.push(d);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stated(s: &str) -> Vec<(String, u32)> {
        stated_response_times(s)
            .into_iter()
            .map(|st| (s[st.start..st.end].to_string(), st.unit.days(st.n)))
            .collect()
    }

    #[test]
    fn finds_response_times() {
        let f = |s: &str, want: &[(&str, u32)]| {
            let got = stated(s);
            let want: Vec<(String, u32)> = want.iter().map(|(a, b)| (a.to_string(), *b)).collect();
            assert_eq!(got, want, "{s}");
        };
        f(
            "you can contact us by Email: ty@tewatchmail.com , we will respond to your request within 15 days.",
            &[("within 15 days", 15)],
        );
        f(
            "We respond to requests within thirty (30) days.",
            &[("within thirty (30) days", 30)],
        );
        f(
            "We will answer your request within 30 business days.",
            &[("within 30 business days", 42)],
        );
        f(
            "We respond to verifiable requests within 45 calendar days, and may extend this by an additional 45 days.",
            &[("within 45 calendar days", 45)],
        );
        f(
            "We will respond to your request within one month of receipt; this may be extended by a further two months.",
            &[("within one month", 30)],
        );
        f(
            "We aim to respond to requests in a 30-day period.",
            &[("30-day", 30)],
        );
        f(
            "Wir beantworten Ihre Anfrage innerhalb eines Monats.",
            &[("innerhalb eines Monats", 30)],
        );
        f(
            "Nous répondrons à votre demande dans un délai de 60 jours.",
            &[("60 jours", 60)],
        );
        f(
            "Responderemos em até 15 dias úteis.",
            &[("15 dias úteis", 21)],
        );
        f(
            "我们将在十五个工作日内答复您的请求。",
            &[("十五个工作日内", 21)],
        );
        f(
            "Responderemos a su solicitud dentro de 30 días hábiles.",
            &[("30 días hábiles", 42)],
        );
        f(
            "We reply to enquiries within two weeks.",
            &[("within two weeks", 14)],
        );
        f("We respond in 72 hours.", &[("72 hours", 3)]);
        // Not response times.
        f(
            "We respond to requests promptly and without undue delay.",
            &[],
        );
        f("We retain your data for 30 days after your request.", &[]);
        f(
            "You may request the information we collected in the past 12 months.",
            &[],
        );
        f("We delete logs within 90 days.", &[]);
        f(
            "If we satisfy a deletion request, the information will be fully removed from the databases in 30 days.",
            &[],
        );
    }
}
