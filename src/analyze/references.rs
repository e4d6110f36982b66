//! References to numbered parts of this document ("see Section 9", "in section 4.2 below",
//! "Article 12") and to other documents ("our Cookies Policy", "the Terms of Service"), for
//! the X rules.
//!
//! # Section references
//!
//! A reference is a label word (`section`, `article`, `paragraph`, `clause`, `§`, and their
//! French, German and Spanish forms) followed by one number or a list of numbers (`sections
//! 2.1.6, 2.1.7 et 2.8.1`, `Sections 3 and 4`). Policies cite laws with the same words
//! ("Article 6 GDPR", "Section 1798.100 of the CCPA", "Art. 6 Abs. 1 lit. b DSGVO", "section
//! 230 of the Communications Decency Act"), so each reference is classified by its context:
//!
//! - the words after the number, up to the end of the clause: a word pointing at this
//!   document (`below`, `this`, `ci-dessous`, `dieser`, `Policy` ...) makes it internal; a law
//!   word (`Act`, `Code`, `Regulation`, `du règlement`, `Gesetz` ...), an acronym (`GDPR`,
//!   `DSGVO`, `CCPA`; not in all-caps text), dotted initials (`U.S.C.`), another document
//!   (`of the Terms`, `of the Uptime SLA`) or a proper name after `of`/`de`/`du` makes it
//!   external (not after German `der`/`von`: German capitalises every noun);
//! - the words right before the label (`Civil Code section 1798.83`, `UK GDPR Article 27`);
//! - the number: a statute's points (`Article 6(1)(b)`, `art. 6 (1) (b)`, `article 6-e`)
//!   are written in a way policies never number their own parts, and statutes have numbers
//!   no policy reaches (`1798.100`, `22581`): a first part of [`STATUTE_MIN`] or more counts
//!   as a statute unless the document has sections that high;
//! - a link around the reference to another site (`[Article 49](https://gdpr-info.eu)`).
//!
//! A reference with no decisive context is internal: that is what "see Section 9" means.
//! A label at the very start of a paragraph followed by `:` (`Section 4: Sharing` written as
//! a paragraph, an unrecognised table of contents) is a heading, not a reference.
//!
//! The numbers a reference may name ([`document_numbers`]) are the section numbers and the
//! numbers opening a paragraph or list item (`2.1. Afin de ...`): many policies number
//! parts inline, which no front end takes for headings. [`resolves`] says when a number
//! names one of them.
//!
//! # Document references
//!
//! Other documents are found by name from a closed list ([`DOCUMENTS`]: cookie policy, terms,
//! acceptable use policy, data processing addendum, in English, French, German and Spanish).
//! A mention counts when it names *this organisation's* document: capitalised as a title
//! ("the Terms of Service") or after "our"/"notre"/"unsere"/"nuestra"; not after "their",
//! "its", another name's possessive ("Google's Terms") or followed by "of" and another name
//! ("the terms of use of Twitter"), nor after "a"/"any" ("such as a Data Processing
//! Agreement": any such document, not a particular one). A mention after "this"/"these"
//! means the document *is* that document ("this Cookie Policy"); so does a title or a
//! section heading naming it.
//!
//! A mention is linked when a link covers it or a link or web address is in the same
//! sentence ("our Cookie Policy at https://..."; in plain-text policies that is the only
//! way to link). A document is linked when any of its mentions is, or any link's text or
//! target names it. In Markdown, raw HTML links (`<a href="/terms">Terms of Service</a>`)
//! count too: the Markdown front end drops inline HTML, so they are read from the source.
//!
//! Rejected: a general citation grammar (Bluebook, EU OJ references). Policies cite few
//! laws and in few shapes; the context words above cover the corpus (`../shared/corpus`)
//! and stay auditable.

use serde::Serialize;

use crate::ast::{Document, Span, Text};

/// A first number part from which a reference is taken to cite a statute, not this
/// document (`Section 1798.100`, `section 230`, `Section 22581`), unless the document has a
/// section numbered that high. No policy in the corpus has more than 40 sections.
pub const STATUTE_MIN: u32 = 100;

/// Most words after a reference's number that are read to classify it.
const AFTER_WINDOW: usize = 8;
/// Most words before a reference's label that are read to classify it.
const BEFORE_WINDOW: usize = 3;

/// A reference to numbered parts of this document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionReference {
    /// The reference as written, label through last number: `Section 9`, `sections 2 and 3`.
    pub text: String,
    /// Where it is.
    pub span: Span,
    /// The numbers referred to.
    pub targets: Vec<ReferenceTarget>,
}

/// One number of a section reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReferenceTarget {
    /// The number as written: `4.2`, `IV`.
    pub number: String,
    /// Its numeric parts: `4.2` → `[4, 2]`, `IV` → `[4]`.
    pub parts: Vec<u32>,
    /// Where the number is.
    pub span: Span,
}

// ---------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------

/// A whitespace-separated word with its byte range in the text.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    start: usize,
    end: usize,
    raw: &'a str,
}

/// The whitespace-separated words of `s` ([`tokens_reference`]), reading ASCII bytes
/// without decoding them as characters (the ASCII white space is exactly
/// `char::is_whitespace`'s: tab to carriage return, and space). Same result (a unit test
/// checks it).
fn tokens(s: &str) -> Vec<Token<'_>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = None;
    let mut i = 0;
    while i < b.len() {
        let (white, len) = if b[i].is_ascii() {
            (matches!(b[i], b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = s[i..].chars().next().expect("i is a character boundary");
            (c.is_whitespace(), c.len_utf8())
        };
        if white {
            if let Some(st) = start.take() {
                out.push(Token {
                    start: st,
                    end: i,
                    raw: &s[st..i],
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i += len;
    }
    if let Some(st) = start {
        out.push(Token {
            start: st,
            end: s.len(),
            raw: &s[st..],
        });
    }
    out
}

/// The definition of [`tokens`].
#[cfg(test)]
fn tokens_reference(s: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push(Token {
                    start: st,
                    end: i,
                    raw: &s[st..i],
                });
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push(Token {
            start: st,
            end: s.len(),
            raw: &s[st..],
        });
    }
    out
}

/// The word without surrounding punctuation (a final `.` kept when `keep_dot`).
fn core(raw: &str, keep_dot: bool) -> &str {
    let s = raw.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '§');
    let s =
        s.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '§' && !(keep_dot && c == '.'));
    // A possessive is not part of the word: `GDPR's`, `Google’s`.
    s.strip_suffix("'s")
        .or_else(|| s.strip_suffix("’s"))
        .unwrap_or(s)
}

/// Lower-case core with a final `.` removed: the form the word lists use.
fn key(raw: &str) -> String {
    core(raw, false).to_lowercase()
}

/// Whether the word is one of [`LABELS`] (`key(raw)` among them), without allocating for
/// an ASCII word, which is most words: ASCII lower case is what `to_lowercase` gives there.
fn is_label(raw: &str) -> bool {
    let c = core(raw, false);
    if c.is_ascii() {
        c.len() <= LABEL_MAX_BYTES && LABELS.iter().any(|l| l.eq_ignore_ascii_case(c))
    } else {
        LABELS.contains(&c.to_lowercase().as_str())
    }
}

/// Pieces of text (ASCII case-insensitive) of which every word of [`LABELS`] holds one,
/// however it is capitalised, so that a text holding none of them has no reference: the
/// ASCII letters of each label's start (`sec`, `art`, `cap` ...; `rraf` for `párrafo`), `§`,
/// and the Kelvin sign, the one character outside ASCII whose lower case is an ASCII letter
/// (`K` → `k`, as in `Kapitel`). A unit test checks every label against them.
const LABEL_STEMS: &[&str] = &[
    "sec", "art", "par", "cl", "chap", "cap", "kap", "abschn", "ziff", "rraf", "§", "\u{212A}",
];

/// [`LABEL_STEMS`] in one automaton.
fn label_stems() -> &'static aho_corasick::AhoCorasick {
    static STEMS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    STEMS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(LABEL_STEMS)
            .expect("label stems are a small fixed list and always build")
    })
}

/// Length in bytes of the longest of [`LABELS`].
const LABEL_MAX_BYTES: usize = 11;

/// The token ends a clause: what follows is no longer about the reference.
fn ends_clause(raw: &str) -> bool {
    let t = raw.trim_end_matches(['"', '\'', '”', '’', '»', ']', '*', '_']);
    // A citation's sub-part: `(1)`, `(b)`.
    if t.starts_with('(') && t.ends_with(')') && t.chars().count() <= 5 {
        return false;
    }
    if t.ends_with([';', '!', '?', ')', ':']) {
        return true;
    }
    if t.ends_with('.') {
        // Abbreviations and single letters inside citations: `Abs.`, `lit.`, `S.`, `para.`.
        let k = key(t);
        return !(ABBREVIATIONS.contains(&k.as_str()) || k.chars().count() <= 1);
    }
    false
}

/// Words ending in `.` that do not end a sentence inside a citation.
const ABBREVIATIONS: &[&str] = &[
    "abs", "para", "paras", "lit", "nr", "no", "nos", "art", "arts", "sec", "ff", "vgl", "ziff",
    "bzw", "satz", "unterabs", "buchst", "u.s.c", "e.g", "i.e", "cf", "al", "s", "pt", "let",
    "sent",
];

// ---------------------------------------------------------------------------------------
// Section references
// ---------------------------------------------------------------------------------------

/// Label words (lower case, final `.` removed) that introduce a numbered part.
const LABELS: &[&str] = &[
    "section",
    "sections",
    "sec",
    "article",
    "articles",
    "art",
    "arts",
    "paragraph",
    "paragraphs",
    "para",
    "paras",
    "clause",
    "clauses",
    "chapter",
    "chapters",
    "§",
    "§§",
    "abschnitt",
    "abschnitte",
    "abschnitten",
    "abschnitts",
    "ziffer",
    "ziff",
    "artikel",
    "artikeln",
    "artikels",
    "kapitel",
    "paragraphe",
    "paragraphes",
    "chapitre",
    "chapitres",
    "sección",
    "secciones",
    "artículo",
    "artículos",
    "apartado",
    "apartados",
    "cláusula",
    "cláusulas",
    "párrafo",
    "párrafos",
    "capítulo",
    "capítulos",
];

/// Words joining the numbers of a list or range (`2 and 3`, `15 bis 21`).
const JOINERS: &[&str] = &[
    "and", "or", "to", "through", "et", "ou", "à", "und", "oder", "bis", "y", "o", "a", "-", "–",
    "&",
];

/// Words after (or before) a reference that point at this document.
const INTERNAL: &[&str] = &[
    "below",
    "above",
    "this",
    "these",
    "herein",
    "hereof",
    "hereunder",
    "ci-dessous",
    "ci-dessus",
    "ci-avant",
    "ci-après",
    "présente",
    "présent",
    "cette",
    "unten",
    "oben",
    "dieser",
    "diesem",
    "dieses",
    "diese",
    "abajo",
    "arriba",
    "anterior",
    "siguiente",
    "esta",
    "este",
    "presente",
];

/// Words naming a policy like this one (`of the Privacy Policy`).
const POLICY_WORDS: &[&str] = &[
    "policy",
    "notice",
    "statement",
    "politique",
    "déclaration",
    "datenschutzerklärung",
    "datenschutzhinweis",
    "datenschutzhinweise",
    "datenschutzrichtlinie",
    "erklärung",
    "política",
    "aviso",
];

/// Words naming a law: a reference followed (or preceded) by one cites that law.
const LAW_WORDS: &[&str] = &[
    "act",
    "acts",
    "code",
    "regulation",
    "regulations",
    "directive",
    "law",
    "laws",
    "statute",
    "statutes",
    "constitution",
    "convention",
    "treaty",
    "amendment",
    "u.s.c",
    "c.f.r",
    "règlement",
    "reglement",
    "décret",
    "decret",
    "loi",
    "ordonnance",
    "gesetz",
    "gesetzes",
    "verordnung",
    "richtlinie",
    "grundverordnung",
    "datenschutz-grundverordnung",
    "ley",
    "reglamento",
    "decreto",
    "código",
    "directiva",
];

/// Words naming another document: a reference into it cannot be checked here.
const OTHER_DOCUMENT_WORDS: &[&str] = &[
    "terms",
    "agreement",
    "agreements",
    "conditions",
    "contract",
    "addendum",
    "sla",
    "guidelines",
    "nutzungsbedingungen",
    "bedingungen",
    "agb",
    "cgu",
    "cgv",
    "vertrag",
    "contrat",
    "términos",
    "condiciones",
    "contrato",
];

/// Prepositions after which a capitalised name is whose part is meant (`of the Uptime SLA`).
///
/// German is left out: it capitalises every noun ("in Abschnitt 5 genannten Zwecken in
/// Ländern ...").
const OF_WORDS: &[&str] = &["of", "de", "du", "del", "d'", "d’"];

/// Articles and possessives skipped between a preposition and a name ("of our Terms").
const DETERMINERS: &[&str] = &[
    "the", "la", "le", "les", "l", "l'", "l’", "el", "los", "las", "das", "die", "den", "dem",
    "des", "der", "a", "an", "our", "notre", "nos", "unserer", "unseren", "unseres", "nuestra",
    "nuestro", "nuestros", "nuestras",
];

/// Upper-case words that are not law acronyms.
const NOT_ACRONYMS: &[&str] = &[
    "I", "A", "EU", "EEA", "UK", "US", "USA", "FAQ", "FAQS", "PDF", "IP", "ID", "OK", "TV", "AND",
    "OR", "OF", "THE", "IN", "TO", "SEE", "AT", "ON", "BY", "FOR",
];

/// Context class of a reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Context {
    Internal,
    External,
}

fn is_acronym(raw: &str) -> bool {
    let c = core(raw, false);
    let upper = c.chars().filter(char::is_ascii_uppercase).count();
    (2..=10).contains(&c.chars().count())
        && upper >= 2
        && c.chars().next().is_some_and(|ch| ch.is_ascii_uppercase())
        && c.chars()
            .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '-')
        && !NOT_ACRONYMS.contains(&c)
        // A label in capitals starts the next reference (`Section 5 and SECTION 6`): it
        // names no law.
        && !is_label(c)
}

/// `U.S.C.`, `C.F.R.`: three or more dotted initials.
fn is_dotted_initials(raw: &str) -> bool {
    let c = core(raw, true);
    let initials = c.split('.').filter(|p| !p.is_empty()).collect::<Vec<_>>();
    initials.len() >= 3
        && initials
            .iter()
            .all(|p| p.chars().count() == 1 && p.chars().all(|ch| ch.is_ascii_uppercase()))
}

fn is_law_marker(raw: &str, acronyms: bool) -> bool {
    let k = key(raw);
    LAW_WORDS.contains(&k.as_str())
        || (acronyms && is_acronym(raw))
        || is_dotted_initials(raw)
        // `DSGVO`, `RGPD` in lower case; compounds such as `Telemediengesetz`.
        || ["gdpr", "dsgvo", "rgpd", "ccpa", "cpra", "bdsg", "lopd", "lgpd"].contains(&k.as_str())
        || k.ends_with("gesetz")
        || k.ends_with("gesetzes")
        || k.ends_with("verordnung")
}

fn is_capitalised(raw: &str) -> bool {
    core(raw, false)
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
}

/// Classifies a reference by the words after its last number: the class and the index of
/// the deciding word.
fn classify_after(after: &[Token], acronyms: bool) -> Option<(Context, usize)> {
    for (k, tok) in after.iter().enumerate() {
        let raw = tok.raw;
        let w = key(raw);
        if INTERNAL.contains(&w.as_str()) || POLICY_WORDS.contains(&w.as_str()) {
            return Some((Context::Internal, k));
        }
        if is_law_marker(raw, acronyms) || OTHER_DOCUMENT_WORDS.contains(&w.as_str()) {
            return Some((Context::External, k));
        }
        // `of the Federal Trade Commission Act`, `de la présente Politique`, `of Google`,
        // `de l'UE` (the article elided onto the name).
        let elided = raw.starts_with(['l', 'd', 'L', 'D']) && raw[1..].starts_with(['\'', '’']);
        if OF_WORDS.contains(&w.as_str()) || elided {
            let mut j = if elided { k } else { k + 1 };
            while j < after.len() && DETERMINERS.contains(&key(after[j].raw).as_str()) {
                j += 1;
            }
            if let Some(next) = after.get(j) {
                let name = match next
                    .raw
                    .char_indices()
                    .find(|&(_, c)| c == '\'' || c == '’')
                {
                    Some((p, c)) if elided && j == k => &next.raw[p + c.len_utf8()..],
                    _ => next.raw,
                };
                let nk = key(name);
                if INTERNAL.contains(&nk.as_str()) || POLICY_WORDS.contains(&nk.as_str()) {
                    return Some((Context::Internal, j));
                }
                if OTHER_DOCUMENT_WORDS.contains(&nk.as_str()) {
                    return Some((Context::External, j));
                }
                // "of the Privacy Policy" is this document, "of the Privacy Act" a law: read on.
                if is_capitalised(name) && nk != "privacy" {
                    return Some((Context::External, j));
                }
            }
        }
        if ends_clause(raw) {
            break;
        }
    }
    None
}

/// A number token: `9`, `4.2`, `6.1.e`, `49(1)(b)`, `6-e`, `IV` (with trailing punctuation).
/// Returns the number as written and its parts.
///
/// Use [`has_subparts`] to tell a statute's point (`6(1)(b)`, `6-e`) from a section number.
fn parse_number(raw: &str, roman_ok: bool) -> Option<(&str, Vec<u32>)> {
    let t = raw.trim_start_matches(['(', '[']);
    let body = t.trim_end_matches(|c: char| ",.;:!?)]\"'”’»*_".contains(c));
    if body.is_empty() {
        return None;
    }
    if body.starts_with(|c: char| c.is_ascii_digit()) {
        let mut parts = Vec::new();
        let mut end = 0;
        for group in body.split('.') {
            let digits = group.len() - group.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 || digits > 6 {
                break;
            }
            parts.push(group[..digits].parse().ok()?);
            end += if end == 0 { digits } else { 1 + digits };
            if digits < group.len() {
                break;
            }
        }
        let rest = &body[end..];
        // Sub-parts: `(1)(b)`, `-e`, `.e`, `a` (`Section 4a`); a range `15-22`.
        let range = rest
            .strip_prefix(['-', '–'])
            .is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_digit()));
        let ok = rest.is_empty()
            || range
            || rest.starts_with('(')
            || (rest.starts_with(['-', '.'])
                && rest[1..].chars().count() == 1
                && rest[1..].chars().all(char::is_alphabetic))
            || (rest.chars().count() == 1 && rest.chars().all(|c| c.is_ascii_lowercase()));
        if !ok || parts.is_empty() {
            return None;
        }
        return Some((&t[..end], parts));
    }
    if roman_ok {
        let v = roman(body)?;
        return Some((body, vec![v]));
    }
    None
}

/// A number with a statute's sub-parts: `6(1)(b)`, `6-e`, `6.1.e`, or followed by a token
/// `(1)`/`(b)`. Policies number their own sections `4.2`, never `4(2)(b)`.
fn has_subparts(raw: &str, next: Option<&str>) -> bool {
    let t = raw.trim_start_matches(['(', '[']);
    let digits_end = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let rest = t[digits_end..].trim_end_matches(|c: char| ",;:!?]\"'”’»*_".contains(c));
    let numeric_start = t.starts_with(|c: char| c.is_ascii_digit());
    let inline = numeric_start
        && (rest.starts_with('(') && rest.len() > 2
            || rest.starts_with('-') && rest.len() == 2
            || t[..digits_end].ends_with('.') && rest.len() == 1 && !rest.starts_with(')'));
    let following = next.is_some_and(|n| {
        let n = n.trim_end_matches([',', ';', ':', '.']);
        let n = n.strip_suffix("))").map_or(n, |_| &n[..n.len() - 1]);
        n.starts_with('(')
            && n.ends_with(')')
            && (3..=5).contains(&n.len())
            && n[1..n.len() - 1].chars().all(char::is_alphanumeric)
    });
    inline || following
}

/// Value of a canonical upper-case Roman numeral from 1 to 39 (as the parser reads them).
fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 7 || !s.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        return None;
    }
    let val = |c| match c {
        'I' => 1,
        'V' => 5,
        _ => 10,
    };
    let v: Vec<i32> = s.chars().map(val).collect();
    let mut total = 0;
    for (k, x) in v.iter().enumerate() {
        if v.get(k + 1).is_some_and(|n| n > x) {
            total -= x;
        } else {
            total += x;
        }
    }
    let mut n = total;
    let mut canonical = String::new();
    for (value, r) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while n >= value {
            canonical.push_str(r);
            n -= value;
        }
    }
    (total > 0 && total < 40 && canonical == s).then_some(total as u32)
}

/// A reference found in one text: byte ranges in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawReference {
    start: usize,
    end: usize,
    /// `(start, end, parts)` of each number.
    numbers: Vec<(usize, usize, Vec<u32>)>,
    context: Option<Context>,
}

/// The word without its opening punctuation and French elision (`(l’article` →
/// `article`), and whether it is a `§` glued to its number (`§5`), when it is a label or
/// such a `§`: where a reference can start.
fn label_lead(raw: &str) -> Option<(&str, bool)> {
    let mut lead = raw.trim_start_matches(['(', '[', '"', '“', '*', '_']);
    // French elision: `l’article`, `d’article`.
    for elided in ["l'", "l’", "d'", "d’", "L'", "L’", "D'", "D’"] {
        if let Some(rest) = lead.strip_prefix(elided) {
            lead = rest;
        }
    }
    // `§5` glued to its number.
    let glued = lead.starts_with('§')
        && lead
            .trim_start_matches('§')
            .starts_with(|c: char| c.is_ascii_digit());
    ((glued || is_label(lead)) && !lead.is_empty()).then_some((lead, glued))
}

/// Whether a byte may start what [`may_hold_reference`] looks for: an ASCII digit or
/// `I`, `V`, `X` (the first character of a number [`parse_number`] reads), or `0xA7`, the
/// last byte of `§` (a glued `§5`).
fn may_start_number(b: u8) -> bool {
    b.is_ascii_digit() | (b == b'I') | (b == b'V') | (b == b'X') | (b == 0xA7)
}

/// Whether `s` may hold a reference: whether it has a `§`, or a token that may be a number
/// (after any `(` and `[`, an ASCII digit, or a run of `I`, `V`, `X` not followed by an
/// ASCII letter or digit) right after a token [`label_lead`] accepts. Every reference
/// [`references_scan`] finds is a label token followed by a number token (or a glued `§5`),
/// so a text for which this is false has none.
///
/// Most texts have neither: the bytes are read 32 at a time for any digit, `I`, `V`, `X`
/// or `§` (a loop the compiler turns into vector instructions), and only a block holding
/// one is looked at byte by byte. Each candidate number looks back at the one token
/// before it, once, so the whole is linear in the text.
fn may_hold_reference(s: &str) -> bool {
    let b = s.as_bytes();
    let mut base = 0;
    for block in b.chunks(32) {
        if block
            .iter()
            .fold(false, |any, &c| any | may_start_number(c))
        {
            for (k, &c) in block.iter().enumerate() {
                if may_start_number(c) && number_after_label(s, base + k) {
                    return true;
                }
            }
        }
        base += block.len();
    }
    false
}

/// For [`may_hold_reference`]: whether the byte at `p` (one [`may_start_number`] accepts)
/// is a `§`, or starts a possible number token right after a label token.
fn number_after_label(s: &str, p: usize) -> bool {
    let b = s.as_bytes();
    if b[p] == 0xA7 {
        // `§` is C2 A7; no other character ends in A7 after C2.
        return p > 0 && b[p - 1] == 0xC2;
    }
    // `parse_number` reads the token after its opening `(` and `[`: `p` must be where
    // those end, at the start of a token (not inside a word or number).
    let mut q = p;
    while q > 0 && matches!(b[q - 1], b'(' | b'[') {
        q -= 1;
    }
    if !s[..q].chars().next_back().is_some_and(char::is_whitespace) {
        // At the very start there is no label before it; after anything else it is
        // inside a token.
        return false;
    }
    // A Roman numeral is a run of `I`, `V`, `X` with only punctuation after it.
    if !b[p].is_ascii_digit() {
        let run = b[p..]
            .iter()
            .position(|c| !matches!(c, b'I' | b'V' | b'X'))
            .map_or(b.len(), |r| p + r);
        if b.get(run).is_some_and(u8::is_ascii_alphanumeric) {
            return false;
        }
    }
    // The token before: skip the white space, then read back to the previous one.
    let end = s[..q].trim_end_matches(char::is_whitespace).len();
    let start = s[..end]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    end > 0 && label_lead(&s[start..end]).is_some()
}

/// Every labelled reference in `s`, internal or not, with its context class.
fn references_in(s: &str) -> Vec<RawReference> {
    if !may_hold_reference(s) {
        return Vec::new();
    }
    references_scan(s)
}

/// [`references_in`] without its prefilter [`may_hold_reference`].
fn references_scan(s: &str) -> Vec<RawReference> {
    // Most texts name no section at all: one pass of an automaton settles that. Only a
    // word holding a stem can be a label (or a glued `§5`), so the matches also mark the
    // words to look at (no stem holds a space: each match lies inside one word).
    let stems: Vec<usize> = label_stems().find_iter(s).map(|m| m.start()).collect();
    if stems.is_empty() {
        return Vec::new();
    }
    // A reference starts at a word holding a stem whose lead is a label or a glued `§5`
    // (`label_lead`, as in the loop below): a text with no such word (most texts holding a
    // stem: `include`, `particular`) has none, and is not split into words. The word of a
    // stem is the whitespace-separated token around it, as `tokens` cuts it.
    // Each word is looked at once, for its first stem (the stems come in order): a long
    // word holding many stems (`§§§…`, `particular` repeated, CJK text without spaces) is
    // not scanned again for each, which made this quadratic.
    let mut word_end = 0;
    let mut any_lead = false;
    for &p in &stems {
        if p < word_end {
            continue;
        }
        let start = s[..p]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8());
        word_end = s[p..].find(char::is_whitespace).map_or(s.len(), |e| p + e);
        if label_lead(&s[start..word_end]).is_some() {
            any_lead = true;
            break;
        }
    }
    if !any_lead {
        return Vec::new();
    }
    let toks = tokens(s);
    let mut holds_stem = vec![false; toks.len()];
    let mut k = 0;
    for start in stems {
        while k < toks.len() && toks[k].end <= start {
            k += 1;
        }
        if let Some(t) = toks.get(k)
            && t.start <= start
        {
            holds_stem[k] = true;
        }
    }
    // In all-caps text every word looks like an acronym. Counted only for a text with a
    // numbered label (two passes of Unicode tables over every other text would be wasted).
    let acronyms_cell = std::cell::OnceCell::new();
    let acronyms = || {
        *acronyms_cell.get_or_init(|| {
            let letters = s.chars().filter(|c| c.is_alphabetic()).count();
            let upper = s.chars().filter(|c| c.is_uppercase()).count();
            upper * 2 < letters
        })
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !holds_stem[i] {
            i += 1;
            continue;
        }
        let raw = toks[i].raw;
        let Some((lead, glued)) = label_lead(raw) else {
            i += 1;
            continue;
        };
        let label_start = toks[i].start + (raw.len() - lead.len());
        let roman_ok = !core(lead, false).starts_with('§');
        let mut numbers = Vec::new();
        let mut j = i + 1;
        if glued {
            let inner = lead.trim_start_matches('§');
            if let Some((n, parts)) = parse_number(inner, false) {
                let s0 = toks[i].end - inner.len();
                numbers.push((s0, s0 + n.len(), parts));
            }
        }
        let mut last_raw = raw;
        loop {
            if !numbers.is_empty() {
                // A list goes on after a comma (`2, 3`, `2, and 3`) or a joiner (`2 and 3`).
                let joiner = |j: usize| {
                    toks.get(j)
                        .is_some_and(|t| JOINERS.contains(&key(t.raw).as_str()))
                };
                let comma = last_raw.trim_end().ends_with(',');
                if !comma && (!joiner(j) || ends_clause(last_raw)) {
                    break;
                }
                if joiner(j) {
                    j += 1;
                }
            } else if ends_clause(raw) && !raw.ends_with('.') {
                break;
            }
            let Some(tok) = toks.get(j) else { break };
            let Some((n, parts)) = parse_number(tok.raw, roman_ok) else {
                break;
            };
            // "in this article I explain": a bare `I` is the pronoun, unless punctuation or
            // a word pointing at the document follows it.
            if tok.raw == "I"
                && !toks
                    .get(j + 1)
                    .is_some_and(|x| ["of", "below", "above"].contains(&key(x.raw).as_str()))
            {
                break;
            }
            let lead_len = tok.raw.len() - tok.raw.trim_start_matches(['(', '[']).len();
            let s0 = tok.start + lead_len;
            numbers.push((s0, s0 + n.len(), parts));
            last_raw = tok.raw;
            j += 1;
        }
        if numbers.is_empty() {
            i += 1;
            continue;
        }
        let end = numbers.last().map_or(label_start, |n| n.1);
        // A statute's point: `Article 6(1)(b)`, `art. 6 (1) (b)`.
        if has_subparts(last_raw, toks.get(j).map(|t| t.raw)) {
            out.push(RawReference {
                start: label_start,
                end,
                numbers,
                context: Some(Context::External),
            });
            i = j;
            continue;
        }
        // A heading written as a paragraph (`Section 4: Sharing` at the start) is not a
        // reference: it is recorded as external so that it is skipped.
        if i == 0 && numbers.len() == 1 && last_raw.ends_with([':', '.', '-', '–']) && j - i == 2
        {
            out.push(RawReference {
                start: label_start,
                end,
                numbers,
                context: Some(Context::External),
            });
            i = j;
            continue;
        }
        // After: up to the end of the clause.
        let after: &[Token] = if ends_clause(last_raw) {
            &[]
        } else {
            &toks[j..(j + AFTER_WINDOW).min(toks.len())]
        };
        let decided = classify_after(after, acronyms());
        let mut context = decided.map(|d| d.0);
        if context.is_none() {
            // Before: `Civil Code section 1798.83`, `UK GDPR Article 27`.
            for b in toks[i.saturating_sub(BEFORE_WINDOW)..i].iter().rev() {
                if ends_clause(b.raw) || b.raw.ends_with(',') {
                    break;
                }
                if is_law_marker(b.raw, acronyms()) {
                    context = Some(Context::External);
                    break;
                }
                if INTERNAL.contains(&key(b.raw).as_str()) {
                    break;
                }
            }
        }
        out.push(RawReference {
            start: label_start,
            end,
            numbers,
            context,
        });
        // A law citation's own sub-parts (`Art. 6 para. 1`) are not references of their own.
        i = match decided {
            Some((Context::External, k)) => j + k + 1,
            _ => j,
        };
    }
    out
}

/// The texts of the document's body (preamble and section blocks), in order.
fn body_texts(doc: &Document) -> Vec<&Text> {
    doc.all_blocks()
        .into_iter()
        .flat_map(|b| b.texts())
        .collect()
}

/// The numbered parts of the document this text refers to. References to laws and other
/// documents are left out (see the module documentation).
pub fn section_references(doc: &Document) -> Vec<SectionReference> {
    let max_first = doc
        .all_sections()
        .iter()
        .filter_map(|s| s.number.as_ref()?.parts.first().copied())
        .max()
        .unwrap_or(0);
    let mut out = Vec::new();
    for t in body_texts(doc) {
        for r in references_in(&t.text) {
            if r.context == Some(Context::External) {
                continue;
            }
            // A statute's number (`1798.100`), unless the document has sections that high.
            if r.numbers.iter().any(|n| {
                n.2.first()
                    .is_some_and(|&p| p >= STATUTE_MIN && p > max_first)
            }) {
                continue;
            }
            let span = text_span(t, r.start, r.end);
            // Inside a link to another site (`[Article 49](https://gdpr-info.eu/...)`).
            let external_link = t.links.iter().any(|l| {
                let target = l.target.trim_start();
                (target.starts_with("http://") || target.starts_with("https://"))
                    && l.span.start <= span.start
                    && span.end <= l.span.end
            });
            if external_link {
                continue;
            }
            out.push(SectionReference {
                text: t.text[r.start..r.end].to_string(),
                span,
                targets: r
                    .numbers
                    .into_iter()
                    .map(|(s, e, parts)| ReferenceTarget {
                        number: t.text[s..e].to_string(),
                        parts,
                        span: text_span(t, s, e),
                    })
                    .collect(),
            });
        }
    }
    out
}

/// The numbers of the document's parts: every section number, and the number opening a
/// paragraph or list item (`2.1. Afin de ...`, `3. QUEL EST ...`): front ends recognise
/// numbered headings, but policies also number parts inline, and a reference to such a
/// part is not dangling. In document order, without duplicates.
pub fn document_numbers(doc: &Document) -> Vec<Vec<u32>> {
    let mut out: Vec<Vec<u32>> = Vec::new();
    let mut add = |parts: Vec<u32>| {
        if !parts.is_empty() && !out.contains(&parts) {
            out.push(parts);
        }
    };
    for s in doc.all_sections() {
        if let Some(n) = &s.number {
            add(n.parts.to_vec());
        }
    }
    for t in body_texts(doc) {
        // A number's first part is ASCII digits: most texts start otherwise, and are not
        // split into words.
        if !t
            .text
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit())
        {
            continue;
        }
        let Some(first) = t.text.split_whitespace().next() else {
            continue;
        };
        let Some(number) = first
            .strip_suffix(['.', ')'])
            .or_else(|| first.contains('.').then_some(first))
        else {
            continue;
        };
        let parts: Option<Vec<u32>> = number
            .split('.')
            .map(|p| {
                (!p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect();
        // `first` starts after any leading whitespace (which can be several bytes long).
        let lead = t.text.len() - t.text.trim_start().len();
        let rest_is_text = t.text[lead + first.len()..]
            .trim_start()
            .starts_with(char::is_alphabetic);
        if let Some(parts) = parts
            && rest_is_text
        {
            add(parts);
        }
    }
    out
}

/// Whether a reference's number names a part of the document, given its numbers: the part
/// itself or one of its sub-parts (`4` is there when `4.1` is). A sub-part of a numbered
/// part that has no numbered sub-parts at all also counts (`2.1.6` under `2.1`): its
/// paragraphs, list items or table rows are numbered implicitly, which no front end keeps.
pub fn resolves(parts: &[u32], known: &[Vec<u32>]) -> bool {
    if known.iter().any(|k| k.starts_with(parts)) {
        return true;
    }
    (1..parts.len()).any(|n| {
        let parent = &parts[..n];
        known.iter().any(|k| k == parent)
            && !known.iter().any(|k| k.len() > n && k.starts_with(parent))
    })
}

// ---------------------------------------------------------------------------------------
// Document references
// ---------------------------------------------------------------------------------------

/// A kind of document a policy refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentKind {
    /// Canonical name, e.g. `Cookie Policy`.
    pub name: &'static str,
    /// Names (lower case, `'` for apostrophes, single spaces) it goes by.
    pub names: &'static [&'static str],
    /// Fragments of a link target that lead to it (`/cookie-policy`); see [`LinkTarget::names`].
    pub targets: &'static [&'static str],
}

/// The documents looked for.
pub const DOCUMENTS: &[DocumentKind] = &[
    DocumentKind {
        name: "Cookie Policy",
        names: &[
            "cookie policy",
            "cookies policy",
            "cookie notice",
            "cookies notice",
            "cookie statement",
            "cookies statement",
            "cookie-richtlinie",
            "cookie-richtlinien",
            "cookie richtlinie",
            "cookie-erklärung",
            "cookie-hinweise",
            "politique de cookies",
            "politique cookies",
            "politique des cookies",
            "politique relative aux cookies",
            "politique en matière de cookies",
            "politique d'utilisation des cookies",
            "política de cookies",
        ],
        targets: &["cookie"],
    },
    DocumentKind {
        name: "Terms of Service",
        names: &[
            "terms of service",
            "terms of use",
            "terms and conditions",
            "terms & conditions",
            "user agreement",
            "conditions of use",
            "conditions générales d'utilisation",
            "conditions générales",
            "conditions d'utilisation",
            "nutzungsbedingungen",
            "allgemeine geschäftsbedingungen",
            "allgemeinen geschäftsbedingungen",
            "términos de servicio",
            "términos y condiciones",
            "términos de uso",
            "condiciones de uso",
        ],
        targets: &[
            "terms",
            "tos",
            "user-agreement",
            "useragreement",
            "cgu",
            "conditions",
            "nutzungsbedingungen",
            "agb",
            "terminos",
            "condiciones",
        ],
    },
    DocumentKind {
        name: "Acceptable Use Policy",
        names: &["acceptable use policy"],
        targets: &["acceptable-use", "aup"],
    },
    DocumentKind {
        name: "Data Processing Addendum",
        names: &["data processing addendum", "data processing agreement"],
        targets: &["dpa", "data-processing"],
    },
];

/// A mention of another document in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentMention {
    /// The name as written: `Cookies Policy`.
    pub text: String,
    /// The canonical name of the document: `Cookie Policy`.
    pub document: &'static str,
    /// Where.
    pub span: Span,
    /// A link covers it, or a link or web address is in the same sentence.
    pub linked: bool,
}

/// A document named in the text but linked nowhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnlinkedDocument {
    /// The canonical name.
    pub document: &'static str,
    /// Every mention, in document order.
    pub mentions: Vec<DocumentMention>,
}

/// Case-folded text with a map back to byte offsets of the original.
struct Folded {
    text: String,
    /// `map[i]`: the original byte offset of folded byte `i`; one extra entry for the end.
    map: Vec<usize>,
}

/// [`fold_reference`], faster: a run of ASCII bytes that fold to themselves lower-cased
/// (neither `` ` `` nor white space, except single spaces: most of a text) is copied
/// lower-cased in one go, and its offsets added as a range (loops the compiler turns into
/// vector instructions), instead of a character at a time; the folded text is built as
/// bytes. Same result (a unit test checks it).
fn fold(s: &str) -> Folded {
    /// The bytes [`fold_reference`] changes other than by ASCII lower-casing: white space
    /// (squeezed to one space), `` ` `` (an apostrophe), and any byte outside ASCII.
    fn special(b: u8) -> bool {
        matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' | b'`') || !b.is_ascii()
    }
    let bytes = s.as_bytes();
    let mut text: Vec<u8> = Vec::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    let mut prev_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !special(b) || (b == b' ' && !prev_space) {
            // A space after anything but white space is kept as it is, like a letter.
            let mut end = i + 1;
            while end < bytes.len() {
                let c = bytes[end];
                if special(c) && !(c == b' ' && bytes[end - 1] != b' ') {
                    break;
                }
                end += 1;
            }
            text.extend(bytes[i..end].iter().map(u8::to_ascii_lowercase));
            map.extend(i..end);
            prev_space = bytes[end - 1] == b' ';
            i = end;
            continue;
        }
        if b.is_ascii() {
            let out = match b {
                b'`' => b'\'',
                _ => {
                    if prev_space {
                        i += 1;
                        continue;
                    }
                    b' '
                }
            };
            prev_space = out == b' ';
            text.push(out);
            map.push(i);
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let before = text.len();
        let mut utf8 = [0u8; 4];
        match c {
            '’' | 'ʼ' => {
                text.push(b'\'');
                prev_space = false;
            }
            c if c.is_whitespace() => {
                if !prev_space {
                    text.push(b' ');
                    prev_space = true;
                }
            }
            c => {
                for l in c.to_lowercase() {
                    text.extend_from_slice(l.encode_utf8(&mut utf8).as_bytes());
                }
                prev_space = false;
            }
        }
        map.resize(map.len() + text.len() - before, i);
        i += c.len_utf8();
    }
    map.push(s.len());
    Folded {
        text: String::from_utf8(text).expect("folding keeps UTF-8: whole characters in and out"),
        map,
    }
}

/// The definition of [`fold`]: the text lower-cased, white space squeezed to one space,
/// `’`, `ʼ` and `` ` `` straightened to `'`, with the original offset of each byte.
#[cfg(test)]
fn fold_reference(s: &str) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len() + 1);
    let mut prev_space = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            // ASCII, the bulk of most policies: one byte in, at most one byte out, no
            // Unicode tables (the ASCII whitespace is exactly `char::is_whitespace`'s).
            let out = match b {
                b'`' => b'\'',
                b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => {
                    if prev_space {
                        i += 1;
                        continue;
                    }
                    b' '
                }
                _ => b.to_ascii_lowercase(),
            };
            prev_space = out == b' ';
            text.push(char::from(out));
            map.push(i);
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let before = text.len();
        match c {
            '’' | 'ʼ' => {
                text.push('\'');
                prev_space = false;
            }
            c if c.is_whitespace() => {
                if !prev_space {
                    text.push(' ');
                    prev_space = true;
                }
            }
            c => {
                text.extend(c.to_lowercase());
                prev_space = false;
            }
        }
        map.resize(map.len() + text.len() - before, i);
        i += c.len_utf8();
    }
    map.push(s.len());
    Folded { text, map }
}

impl Folded {
    /// Original byte range of folded range `a..b`.
    fn original(&self, a: usize, b: usize) -> (usize, usize) {
        let end = if b < self.map.len() - 1 {
            self.map[b]
        } else {
            *self.map.last().unwrap_or(&0)
        };
        (self.map[a], end)
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-'
}

/// Whether folded range `p..q` of `hay` stands at word boundaries.
fn at_word_boundaries(hay: &str, p: usize, q: usize) -> bool {
    let before = hay[..p].chars().next_back();
    let after = hay[q..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// Every name of every [`DOCUMENTS`] entry in one automaton, with the index in
/// [`DOCUMENTS`] of each pattern's document (`.1[pattern id]`). One pass over a text finds
/// them all, instead of one substring search per name.
fn document_names() -> &'static (aho_corasick::AhoCorasick, Vec<usize>) {
    static NAMES: std::sync::OnceLock<(aho_corasick::AhoCorasick, Vec<usize>)> =
        std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names = Vec::new();
        let mut kinds = Vec::new();
        for (k, d) in DOCUMENTS.iter().enumerate() {
            for n in d.names {
                names.push(*n);
                kinds.push(k);
            }
        }
        // A contiguous NFA builds in microseconds; the default for so few names, a DFA,
        // took 0.36 ms to build, a tenth of a small policy's whole classification, for a
        // search that only runs over paragraph-sized texts.
        let ac = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(&names)
            .expect("document names are a small fixed list and always build");
        (ac, kinds)
    })
}

/// One word of each of [`DOCUMENTS`]' names, ASCII letters only (`rminos` for `términos`,
/// `bedingungen` for `Nutzungsbedingungen`), plus the two characters outside ASCII whose
/// lower case holds an ASCII letter (the Kelvin sign, `k`; `İ`, `i` and a combining dot).
/// [`fold`] only lower-cases, squeezes spaces and straightens apostrophes, none of which
/// touches these words, so a text in which none occurs (ASCII letters in any case) names no
/// document. The [`ASCII_NAME_KEYS`] ASCII ones come first, in lower case.
const NAME_KEYS: &[&str] = &[
    "cookie",
    "terms",
    "agreement",
    "conditions",
    "bedingungen",
    "rminos",
    "condiciones",
    "acceptable",
    "addendum",
    "\u{212a}",
    "\u{130}",
];

/// [`NAME_KEYS`] written in ASCII, the ones [`name_keys`] looks for in ASCII lower case.
const ASCII_NAME_KEYS: usize = 9;

/// Searchers for [`NAME_KEYS`]: a packed (SIMD, "Teddy") searcher for the ASCII keys, to
/// run over text in ASCII lower case, and one for each of the two keys outside ASCII, to
/// run over the text as written. The packed searcher exists only where the processor has
/// the instructions it needs (x86-64 with SSSE3, AArch64); elsewhere [`may_name_document`]
/// falls back on [`may_name_document_automaton`].
struct NameKeys {
    ascii: Option<aho_corasick::packed::Searcher>,
    outside: [memchr::memmem::Finder<'static>; 2],
}

fn name_keys() -> &'static NameKeys {
    static KEYS: std::sync::OnceLock<NameKeys> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| NameKeys {
        ascii: aho_corasick::packed::Config::new()
            .builder()
            .extend(&NAME_KEYS[..ASCII_NAME_KEYS])
            .build(),
        outside: [
            memchr::memmem::Finder::new(NAME_KEYS[ASCII_NAME_KEYS]).into_owned(),
            memchr::memmem::Finder::new(NAME_KEYS[ASCII_NAME_KEYS + 1]).into_owned(),
        ],
    })
}

/// Whether `text` may name a document of [`DOCUMENTS`]: whether it holds one of
/// [`NAME_KEYS`] (ASCII letters in any case). This spares most paragraphs, and most titles
/// and link texts, the copy that [`fold`] makes and the search for names (a check of 400
/// corpus policies spent 7 % of its time folding and searching paragraphs that name no
/// document).
///
/// The text is copied into `lower` (a buffer the caller reuses from text to text) and
/// lower-cased there (ASCII only, which keeps byte offsets); a packed searcher then reads
/// it at a fraction of an instruction a byte, where a case-insensitive automaton (which
/// cannot use one) took about twelve. The two keys outside ASCII are looked for only in a
/// text holding `C4` or `84`, bytes of theirs that ordinary text seldom has. Same answer as
/// [`may_name_document_automaton`] (a unit test checks it).
fn may_name_document(text: &str, lower: &mut Vec<u8>) -> bool {
    let keys = name_keys();
    let Some(ascii) = &keys.ascii else {
        return may_name_document_automaton(text);
    };
    let b = text.as_bytes();
    // `İ` is C4 B0, the Kelvin sign E2 84 AA.
    if memchr::memchr2(0xC4, 0x84, b).is_some() && keys.outside.iter().any(|f| f.find(b).is_some())
    {
        return true;
    }
    lower.clear();
    lower.extend_from_slice(b);
    lower.make_ascii_lowercase();
    ascii.find(&lower[..]).is_some()
}

/// [`may_name_document`] by one case-insensitive automaton over the text as written: the
/// definition, and the fallback where no packed searcher can be built.
fn may_name_document_automaton(text: &str) -> bool {
    static KEYS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(NAME_KEYS)
            .expect("name keys are a small fixed list and always build")
    })
    .is_match(text)
}

/// Length in bytes of the longest of [`DOCUMENTS`]' names.
const NAME_MAX_BYTES: usize = 36;

/// Occurrences of any document name in folded text `hay`, at word boundaries: (document
/// index, folded byte range), overlapping ones included, sorted.
///
/// Every name holds one of the ASCII [`NAME_KEYS`], so every occurrence lies within
/// [`NAME_MAX_BYTES`] of one: the packed searcher finds the keys (the text is already in
/// lower case), and the names are looked for only around them, in windows merged where
/// they meet, instead of with an automaton over the whole text (the keys are rare: most of
/// a text holding one is far from it). A key the searcher skips because it overlaps the
/// one before lies within that one's window. Same result as
/// [`document_name_hits_everywhere`] (a unit test checks it).
fn document_name_hits(hay: &str) -> Vec<(usize, usize, usize)> {
    let Some(keys) = &name_keys().ascii else {
        return document_name_hits_everywhere(hay);
    };
    let (ac, kinds) = document_names();
    let mut out = Vec::new();
    let mut search = |a: usize, b: usize| {
        let input = aho_corasick::Input::new(hay).range(a..b);
        out.extend(
            ac.find_overlapping_iter(input)
                .filter(|m| at_word_boundaries(hay, m.start(), m.end()))
                .map(|m| (kinds[m.pattern().as_usize()], m.start(), m.end())),
        );
    };
    let mut window: Option<(usize, usize)> = None;
    for m in keys.find_iter(hay.as_bytes()) {
        let a = m.start().saturating_sub(NAME_MAX_BYTES);
        let b = (m.end() + NAME_MAX_BYTES).min(hay.len());
        window = match window {
            Some((wa, wb)) if a <= wb => Some((wa, b.max(wb))),
            Some((wa, wb)) => {
                search(wa, wb);
                Some((a, b))
            }
            None => Some((a, b)),
        };
    }
    if let Some((wa, wb)) = window {
        search(wa, wb);
    }
    out.sort_unstable();
    out
}

/// [`document_name_hits`] by one search over the whole text: the definition, and the
/// fallback where no packed searcher can be built.
fn document_name_hits_everywhere(hay: &str) -> Vec<(usize, usize, usize)> {
    let (ac, kinds) = document_names();
    let mut out: Vec<(usize, usize, usize)> = ac
        .find_overlapping_iter(hay)
        .filter(|m| at_word_boundaries(hay, m.start(), m.end()))
        .map(|m| (kinds[m.pattern().as_usize()], m.start(), m.end()))
        .collect();
    out.sort_unstable();
    out
}

/// The document kinds a text names (link texts, headings), by index in [`DOCUMENTS`].
///
/// `lower` is a buffer for [`may_name_document`].
fn kinds_named(text: &str, lower: &mut Vec<u8>) -> Vec<usize> {
    if !may_name_document(text, lower) {
        return Vec::new();
    }
    let f = fold(text);
    let mut kinds: Vec<usize> = document_name_hits(&f.text)
        .into_iter()
        .map(|(k, _, _)| k)
        .collect();
    kinds.dedup();
    kinds
}

/// Words before a mention that make it this organisation's document.
const OURS: &[&str] = &[
    "our", "notre", "nos", "unsere", "unserer", "unseren", "unserem", "nuestra", "nuestras",
    "nuestro", "nuestros",
];
/// Words before a mention that make it the document itself.
const THIS: &[&str] = &[
    "this",
    "these",
    "présente",
    "présentes",
    "cette",
    "ces",
    "diese",
    "dieser",
    "diesen",
    "dieses",
    "esta",
    "estas",
    "este",
    "estos",
    "presente",
    "presentes",
];
/// Words before a mention that make it someone else's document.
const THEIRS: &[&str] = &[
    "their",
    "its",
    "his",
    "her",
    "leur",
    "leurs",
    "ihre",
    "ihren",
    "ihrer",
    "su",
    "sus",
    "whose",
    "party",
    "parties",
    "third-party",
    "third-parties",
    "provider",
    "providers",
    "partner",
    "partners",
    "platform",
];
/// Words before a mention that make it any document of the kind, not a particular one
/// ("such as a Data Processing Agreement").
const GENERIC: &[&str] = &[
    "a", "an", "any", "another", "separate", "such", "un", "une", "ein", "eine", "einen", "einem",
    "einer", "una", "uno",
];
/// Words that may precede a title without being a name (`the`, `and`, sentence starts).
const NOT_NAMES: &[&str] = &[
    "the",
    "and",
    "or",
    "see",
    "our",
    "in",
    "of",
    "to",
    "by",
    "under",
    "with",
    "per",
    "la",
    "le",
    "les",
    "et",
    "ou",
    "die",
    "der",
    "den",
    "dem",
    "des",
    "und",
    "oder",
    "el",
    "los",
    "las",
    "y",
    "for",
    "applicable",
    "relevant",
    "respective",
];

/// The sentence of `s` around `a..b`: byte range.
fn sentence(s: &str, a: usize, b: usize) -> (usize, usize) {
    let is_end = |i: usize, c: char| {
        matches!(c, '.' | '!' | '?' | '。' | '！' | '？')
            && s[i + c.len_utf8()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace)
    };
    let start = s[..a]
        .char_indices()
        .rev()
        .find(|&(i, c)| is_end(i, c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = s[b..]
        .char_indices()
        .find(|&(i, c)| is_end(b + i, c))
        .map_or(s.len(), |(i, c)| b + i + c.len_utf8());
    (start, end)
}

/// The source span of `text[a..b]`, also when the range crosses verbatim segments (Markdown
/// splits `[Company Name]` into three): from where its first character is to where its
/// last one ends. [`Text::source_span`] gives the whole text's span in that case.
pub(crate) fn text_span(t: &Text, a: usize, b: usize) -> Span {
    if a >= b {
        return t.source_span(a, b);
    }
    let first = t.text[a..].chars().next().map_or(0, char::len_utf8);
    let last = t.text[..b].chars().next_back().map_or(0, char::len_utf8);
    Span::new(
        t.source_span(a, a + first).start,
        t.source_span(b - last, b).end,
    )
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// Mentions of other documents in the body, with whether each is linked. Mentions of the
/// document itself ("this Cookie Policy", a heading naming it) and of other parties'
/// documents are left out; `org_words` are the organisation's distinctive name words
/// (possessives such as "GitHub's Terms of Service" then count as its own).
pub fn document_mentions(doc: &Document, org_words: &[String]) -> Vec<DocumentMention> {
    // Kinds the document itself is or contains: its title, its headings.
    let mut own: Vec<usize> = Vec::new();
    // The buffer `may_name_document` lower-cases each text into.
    let mut lower = Vec::new();
    if let Some(t) = &doc.title {
        own.extend(kinds_named(&t.text, &mut lower));
    }
    for s in doc.all_sections() {
        own.extend(kinds_named(&s.title, &mut lower));
    }
    let mut finder = linkify::LinkFinder::new();
    finder
        .kinds(&[linkify::LinkKind::Url])
        .url_must_have_scheme(false);
    let mut out: Vec<(usize, DocumentMention)> = Vec::new();
    for t in body_texts(doc) {
        if !may_name_document(&t.text, &mut lower) {
            debug_assert!(document_name_hits(&fold(&t.text).text).is_empty());
            continue;
        }
        let f = fold(&t.text);
        let all_hits = document_name_hits(&f.text);
        if all_hits.is_empty() {
            continue;
        }
        let toks = tokens(&t.text);
        for (k, d) in DOCUMENTS.iter().enumerate() {
            let hits: Vec<(usize, usize)> = all_hits
                .iter()
                .filter(|h| h.0 == k)
                .map(|h| (h.1, h.2))
                .collect();
            if hits.is_empty() {
                continue;
            }
            // Keep the longest of overlapping names ("conditions générales d'utilisation").
            let mut kept: Vec<(usize, usize)> = Vec::new();
            for h in hits {
                match kept.last_mut() {
                    Some(last) if h.0 < last.1 => {
                        if h.1 > last.1 {
                            last.1 = h.1;
                        }
                    }
                    _ => kept.push(h),
                }
            }
            for (fa, fb) in kept {
                let (a, b) = f.original(fa, fb);
                let name = &t.text[a..b];
                // Tokens are in order and do not overlap: the ones before and after the
                // name by binary search (a filter over all of them made a paragraph of
                // many mentions quadratic).
                let before = toks.partition_point(|x| x.end <= a);
                let prev1 = toks[..before].last().map(|x| x.raw).unwrap_or("");
                let prev_key = key(prev1);
                let prev_clause_end = prev1.ends_with(['.', ':', ';', '!', '?']);
                if THIS.contains(&prev_key.as_str()) {
                    own.push(k);
                    continue;
                }
                if THEIRS.contains(&prev_key.as_str()) || GENERIC.contains(&prev_key.as_str()) {
                    continue;
                }
                // Someone's possessive or a name before the title: `Google's Terms`,
                // `the YouTube Terms of Service`.
                let possessive = prev1.ends_with("'s") || prev1.ends_with("’s");
                let named = possessive
                    || (!prev1.is_empty()
                        && !prev_clause_end
                        && is_capitalised(prev1)
                        && !NOT_NAMES.contains(&prev_key.as_str())
                        && !OURS.contains(&prev_key.as_str()));
                if named && !name_is_org(prev1, org_words) {
                    continue;
                }
                // `the terms of use of Twitter`, `les conditions d'utilisation de Google`.
                let after = toks.partition_point(|x| x.start < b);
                let next: Vec<&Token> = toks[after..].iter().take(3).collect();
                if let Some(n0) = next.first() {
                    let n0k = key(n0.raw);
                    if ["of", "de", "du", "von", "del", "des"].contains(&n0k.as_str()) {
                        let mut idx = 1;
                        while next
                            .get(idx)
                            .is_some_and(|x| DETERMINERS.contains(&key(x.raw).as_str()))
                        {
                            idx += 1;
                        }
                        if let Some(n) = next.get(idx)
                            && ((is_capitalised(n.raw) && !name_is_org(n.raw, org_words))
                                || THEIRS.contains(&key(n.raw).as_str()))
                            && !n0.raw.ends_with([',', '.', ';', ':'])
                        {
                            continue;
                        }
                    }
                }
                let titled = name.chars().next().is_some_and(char::is_uppercase);
                if !(titled || OURS.contains(&prev_key.as_str())) {
                    continue;
                }
                let span = text_span(t, a, b);
                let (sa, sb) = sentence(&t.text, a, b);
                let sentence_span = text_span(t, sa, sb);
                let linked = t.links.iter().any(|l| {
                    overlaps(l.span, span)
                        || (sentence_span.start <= l.span.start && l.span.end <= sentence_span.end)
                }) || finder.links(&t.text[sa..sb]).next().is_some();
                out.push((
                    k,
                    DocumentMention {
                        text: name.to_string(),
                        document: d.name,
                        span,
                        linked,
                    },
                ));
            }
        }
    }
    out.retain(|(k, _)| !own.contains(k));
    let mut mentions: Vec<DocumentMention> = out.into_iter().map(|(_, m)| m).collect();
    mentions.sort_by_key(|m| m.span);
    mentions
}

/// Whether a word is the organisation's own name (`GitHub's`).
fn name_is_org(raw: &str, org_words: &[String]) -> bool {
    let k = key(raw);
    !k.is_empty() && org_words.contains(&k)
}

/// A raw HTML link in Markdown source (`<a href="/terms">Terms of Service</a>`), which the
/// Markdown front end drops with the rest of the inline HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HtmlAnchor {
    /// The whole element.
    span: Span,
    /// The `href` value.
    target: String,
    /// The element's content, tags included.
    text: String,
}

fn html_anchors(source: &str) -> Vec<HtmlAnchor> {
    // Most sources hold no `<a ` (in any case): they are spared the copy below.
    let b = source.as_bytes();
    if !memchr::memchr_iter(b'<', b)
        .any(|p| b.get(p + 1).is_some_and(|&c| c | 0x20 == b'a') && b.get(p + 2) == Some(&b' '))
    {
        return Vec::new();
    }
    // ASCII lower-casing keeps byte offsets.
    let lower = source.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = lower[from..].find("<a ") {
        let start = from + p;
        let Some(gt) = lower[start..].find('>').map(|g| start + g) else {
            break;
        };
        let Some(close) = lower[gt..].find("</a>").map(|c| gt + c) else {
            break;
        };
        let tag = &source[start..gt];
        let target = tag
            .to_ascii_lowercase()
            .find("href=")
            .and_then(|h| {
                let v = &tag[h + 5..];
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    v[1..].find(q).map(|e| v[1..1 + e].to_string())
                } else {
                    Some(v.split_whitespace().next().unwrap_or("").to_string())
                }
            })
            .unwrap_or_default();
        out.push(HtmlAnchor {
            span: Span::new(start, close + 4),
            target,
            text: source[gt + 1..close].to_string(),
        });
        from = close + 4;
    }
    out
}

/// A link target, read once to be matched against every document kind
/// ([`LinkTarget::names`]): in lower case, with its words (runs of letters and digits).
struct LinkTarget {
    /// The target in lower case.
    lower: String,
    /// Its words, as byte ranges in `lower`.
    words: Vec<(usize, usize)>,
    /// An in-page anchor or an e-mail link, which names no document.
    skip: bool,
}

impl LinkTarget {
    fn new(target: &str) -> Self {
        let lower = target.to_lowercase();
        let skip = lower.starts_with('#') || lower.starts_with("mailto:");
        let mut words = Vec::new();
        if !skip {
            let mut start = None;
            for (i, c) in lower.char_indices() {
                if c.is_alphanumeric() {
                    start.get_or_insert(i);
                } else if let Some(s) = start.take() {
                    words.push((s, i));
                }
            }
            if let Some(s) = start {
                words.push((s, lower.len()));
            }
        }
        LinkTarget { lower, words, skip }
    }

    /// Whether the target leads to a document of kind `d`: a fragment of five characters
    /// or more anywhere in it (`/cookie-policy`), a shorter one as a whole word (`/tos`,
    /// not `/photos`).
    fn names(&self, d: &DocumentKind) -> bool {
        !self.skip
            && d.targets.iter().any(|frag| {
                if frag.chars().count() >= 5 {
                    self.lower.contains(frag)
                } else {
                    self.words.iter().any(|&(a, b)| &self.lower[a..b] == *frag)
                }
            })
    }
}

/// Documents the body names but no link leads to: none of their mentions is linked, and no
/// link's text or target names them. `source` is the decoded text the spans point into:
/// in Markdown, raw HTML links (`<a href>`) are read from it.
pub fn unlinked_documents(
    doc: &Document,
    source: &str,
    org_words: &[String],
) -> Vec<UnlinkedDocument> {
    let mut mentions = document_mentions(doc, org_words);
    // Only the documents mentioned matter: the links are read for them alone, and not at
    // all when the body mentions none (most policies), and no longer once each of them is
    // known to be linked. (Reading every link for every document took a quarter of the
    // rule's instructions.)
    if mentions.is_empty() {
        return Vec::new();
    }
    let anchors = if doc.format == crate::ast::Format::Markdown {
        html_anchors(source)
    } else {
        Vec::new()
    };
    for a in &anchors {
        for m in &mut mentions {
            if a.span.start <= m.span.start && m.span.end <= a.span.end {
                m.linked = true;
            }
        }
    }
    let kind_of = |m: &DocumentMention| {
        DOCUMENTS
            .iter()
            .position(|d| d.name == m.document)
            .expect("a mention's document is one of DOCUMENTS")
    };
    // `open[k]`: `DOCUMENTS[k]` is mentioned, and no mention of it nor link to it is
    // linked so far.
    let mut open = vec![false; DOCUMENTS.len()];
    for m in &mentions {
        open[kind_of(m)] = true;
    }
    for m in &mentions {
        if m.linked {
            open[kind_of(m)] = false;
        }
    }
    let block_links = doc
        .all_blocks()
        .into_iter()
        .flat_map(|b| b.texts())
        .flat_map(|t| t.links.iter())
        .map(|l| (l.text.as_str(), l.target.as_str()));
    let anchor_links = anchors.iter().map(|a| (a.text.as_str(), a.target.as_str()));
    let mut lower = Vec::new();
    for (text, target) in block_links.chain(anchor_links) {
        if !open.contains(&true) {
            break;
        }
        for k in kinds_named(text, &mut lower) {
            open[k] = false;
        }
        let target = LinkTarget::new(target);
        for (k, d) in DOCUMENTS.iter().enumerate() {
            if open[k] && target.names(d) {
                open[k] = false;
            }
        }
    }
    let mut out: Vec<UnlinkedDocument> = Vec::new();
    for m in mentions {
        if !open[kind_of(&m)] {
            continue;
        }
        match out.iter_mut().find(|u| u.document == m.document) {
            Some(u) => u.mentions.push(m),
            None => out.push(UnlinkedDocument {
                document: m.document,
                mentions: vec![m],
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_holds_a_stem_however_written() {
        // The characters outside ASCII whose lower case is one ASCII letter.
        let folding: Vec<char> = ('\u{80}'..=char::MAX)
            .filter(|c| {
                let mut l = c.to_lowercase();
                matches!((l.next(), l.next()), (Some(a), None) if a.is_ascii_alphabetic())
            })
            .collect();
        assert_eq!(folding, ['\u{212A}']);
        for label in LABELS {
            for form in [label.to_string(), label.to_uppercase(), capitalised(label)] {
                assert!(label_stems().is_match(&form), "{form}");
                assert!(is_label(&form), "{form}");
                // Each letter written as a character that folds to it.
                for (i, c) in form.char_indices() {
                    for &f in &folding {
                        if f.to_lowercase().eq(c.to_lowercase()) {
                            let mut other = form.clone();
                            other.replace_range(i..i + c.len_utf8(), &f.to_string());
                            assert!(
                                !is_label(&other) || label_stems().is_match(&other),
                                "{other}"
                            );
                        }
                    }
                }
            }
        }
        assert!(!label_stems().is_match("We keep your data for two years."));
    }

    fn capitalised(s: &str) -> String {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }

    #[test]
    fn label_length_bound_is_the_longest_label() {
        assert_eq!(LABELS.iter().map(|l| l.len()).max(), Some(LABEL_MAX_BYTES));
        // ASCII words are compared without a copy, other words through their lower case.
        assert!(is_label("Section") && is_label("(ARTICLE") && is_label("Abschnitten,"));
        assert!(is_label("SECCIÓN") && is_label("Artículo"));
        assert!(!is_label("Sections2") && !is_label("Sectional") && !is_label("Capítulo1"));
    }

    /// `(reference text, numbers, internal?)` for each reference in `s`.
    /// Every document name, as written in any case, passes the pre-filter; so do texts
    /// that only fold to one.
    #[test]
    fn every_document_name_has_a_key() {
        for d in DOCUMENTS {
            for n in d.names {
                assert!(may_name_document(n, &mut Vec::new()), "{n}");
                assert!(may_name_document(&n.to_uppercase(), &mut Vec::new()), "{n}");
                let folded = fold(&n.to_uppercase()).text;
                let whole = (0, folded.len());
                assert!(
                    document_name_hits(&folded)
                        .iter()
                        .any(|h| (h.1, h.2) == whole),
                    "{n}"
                );
            }
        }
        assert!(may_name_document(
            "our \u{212a}-cookie thing",
            &mut Vec::new()
        ));
        assert!(!may_name_document(
            "We keep your data for two years.",
            &mut Vec::new()
        ));
    }

    /// `document_name_hits` (around the keys only) agrees with its definition, one search
    /// over the whole text: on every line and whole fixture, folded, and on names at the
    /// edges, overlapping, repeated, and far apart; every name holds an ASCII key.
    #[test]
    fn name_hits_agree_with_search_everywhere() {
        assert!(name_keys().ascii.is_some() || !cfg!(target_arch = "x86_64"));
        let longest = DOCUMENTS
            .iter()
            .flat_map(|d| d.names)
            .map(|n| n.len())
            .max();
        assert_eq!(longest, Some(NAME_MAX_BYTES));
        for d in DOCUMENTS {
            for n in d.names {
                assert!(
                    NAME_KEYS[..ASCII_NAME_KEYS].iter().any(|k| n.contains(k)),
                    "{n}"
                );
            }
        }
        let check = |s: &str| {
            let hay = fold(s).text;
            assert_eq!(
                document_name_hits(&hay),
                document_name_hits_everywhere(&hay),
                "{s:?}"
            );
        };
        for (_, text) in crate::testing::fixture_texts() {
            for piece in text.lines().chain([text.as_str()]) {
                check(piece);
            }
        }
        let far = "x ".repeat(40);
        for s in [
            "conditions générales d'utilisation",
            "Terms and Conditions of Use",
            "terms of service terms of use terms",
            "politique d'utilisation des cookies",
            "data processing addendum data processing agreement",
            "Allgemeine Geschäftsbedingungen und Nutzungsbedingungen",
            "términos y condiciones, términos de uso",
        ] {
            check(s);
            check(&format!("{far}{s}{far}{s}"));
            check(&format!("{s}{far}{far}{s}"));
            check(&format!("é{s}é"));
        }
    }

    /// `tokens` (ASCII bytes read as bytes) agrees with its definition on every line and
    /// whole fixture and on white space inside and outside ASCII.
    #[test]
    fn tokens_agree_with_reference() {
        fn key(t: Vec<Token<'_>>) -> Vec<(usize, usize, &str)> {
            t.iter().map(|t| (t.start, t.end, t.raw)).collect()
        }
        let check = |s: &str| assert_eq!(key(tokens(s)), key(tokens_reference(s)), "{s:?}");
        for (_, text) in crate::testing::fixture_texts() {
            for piece in text.lines().chain([text.as_str()]) {
                check(piece);
            }
        }
        for s in [
            "",
            " ",
            "a",
            " \t\n\u{0B}\u{0C}\r a\u{a0}b\u{3000}c\u{85}d\u{1C}e é ",
            "Section 4.2\u{2028}below ",
        ] {
            check(s);
        }
    }

    /// `fold` (runs of plain ASCII at a time) agrees with its definition on every line and
    /// whole fixture and on white space, apostrophes and case mappings that change length.
    #[test]
    fn fold_agrees_with_reference() {
        let check = |s: &str| {
            let (f, r) = (fold(s), fold_reference(s));
            assert_eq!((&f.text, &f.map), (&r.text, &r.map), "{s:?}");
        };
        for (_, text) in crate::testing::fixture_texts() {
            for piece in text.lines().chain([text.as_str()]) {
                check(piece);
            }
        }
        for s in [
            "",
            " ",
            "  Terms \t\n of\u{a0}\u{3000} Use  ",
            "don`t we’re ʼx `",
            "\u{130}stanbul \u{212a}elvin ẞ ΣΑΣ",
            "Conditions Générales d’Utilisation",
            "a\u{0B}\u{0C}b\r\nc",
            "x\u{85}y\u{2028}z",
        ] {
            check(s);
        }
    }

    /// `may_name_document` (a lower-cased copy and a packed searcher) agrees with its
    /// definition, one case-insensitive automaton: on every line and whole fixture, on keys
    /// in any case at every position of short and long texts, ASCII or not, and on the
    /// keys outside ASCII.
    #[test]
    fn name_prefilter_agrees_with_automaton() {
        if cfg!(any(target_arch = "x86_64", target_arch = "aarch64")) {
            assert!(
                name_keys().ascii.is_some(),
                "no packed searcher: the test is moot"
            );
        }
        assert!(
            NAME_KEYS[..ASCII_NAME_KEYS]
                .iter()
                .all(|k| k.is_ascii() && k.to_ascii_lowercase() == *k)
        );
        assert!(NAME_KEYS[ASCII_NAME_KEYS..].iter().all(|k| !k.is_ascii()));
        // The guard before the search for them: each holds a byte C4 or 84.
        assert!(
            NAME_KEYS[ASCII_NAME_KEYS..]
                .iter()
                .all(|k| k.bytes().any(|b| b == 0xC4 || b == 0x84))
        );
        let check = |s: &str| {
            let fast = may_name_document(s, &mut Vec::new());
            assert_eq!(fast, may_name_document_automaton(s), "{s:?}");
            fast
        };
        let (mut yes, mut no) = (0, 0);
        for (_, text) in crate::testing::fixture_texts() {
            for piece in text.lines().chain([text.as_str()]) {
                if check(piece) {
                    yes += 1;
                } else {
                    no += 1;
                }
            }
        }
        assert!(yes > 100 && no > 1000, "{yes} with a key, {no} without");
        for key in ["CoNdIcIoNeS", "cookie", "ADDENDUM", "\u{212a}", "\u{130}"] {
            for n in (0..40).chain(1000..1040) {
                for fill in ["x", "é"] {
                    check(&format!("{}{key}", fill.repeat(n)));
                    check(&format!("{}{key}{}", fill.repeat(n), fill.repeat(n)));
                }
            }
        }
        for s in [
            "",
            "c",
            "cookiE",
            "terms",
            "TERM",
            "condicione",
            "accept able",
            "\u{212a}\u{130}",
        ] {
            check(s);
        }
    }

    fn refs(s: &str) -> Vec<(String, Vec<Vec<u32>>, bool)> {
        references_in(s)
            .into_iter()
            .map(|r| {
                (
                    s[r.start..r.end].to_string(),
                    r.numbers.into_iter().map(|n| n.2).collect(),
                    r.context != Some(Context::External),
                )
            })
            .collect()
    }

    fn internal(s: &str) -> Vec<String> {
        refs(s).into_iter().filter(|r| r.2).map(|r| r.0).collect()
    }

    /// A long word holding many label stems is looked at once: the label after it is
    /// still found, and the word itself is none (issue #8: this was quadratic).
    #[test]
    fn long_words_of_label_stems() {
        let long = "particular".repeat(5000);
        assert_eq!(internal(&format!("{long} see Section 4.")), ["Section 4"]);
        assert!(internal(&long).is_empty());
        assert!(internal(&"§".repeat(5000)).is_empty());
        assert_eq!(internal(&format!("{} §5 gilt", "§x".repeat(3000))), ["§5"]);
    }

    /// The prefilter `may_hold_reference` lets through every text in which the scan finds
    /// a reference (internal or not): on every line and paragraph of the fixtures, and on
    /// the shapes it reads (brackets, Roman numerals, `§`, elision, white space outside
    /// ASCII); and it turns away texts with numbers but no label before them.
    #[test]
    fn reference_prefilter_keeps_every_reference() {
        let check = |s: &str| {
            let found = references_scan(s);
            assert!(
                found.is_empty() || may_hold_reference(s),
                "{s:?}: {found:?}"
            );
            !found.is_empty()
        };
        let mut with = 0;
        for (_, text) in crate::testing::fixture_texts() {
            for piece in text.lines().chain(text.split("\n\n")) {
                with += usize::from(check(piece));
            }
        }
        assert!(with > 200, "only {with} fixture texts with references");
        for s in [
            "see Section 9.",
            "Section IV.",
            "sections II, III and IV",
            "in article (5) below",
            "under section [[2]] of this",
            "Article\u{a0}6 GDPR",
            "Section\u{3000}5",
            "\u{212a}apitel 5",
            "l’article 5 ci-dessous",
            "(l'article XI)",
            "§5 gilt",
            "nach §§ 5 und 6",
            "SECTION XI: SHARING",
            "Section 1798.100 of the CCPA",
            "Art. 6 Abs. 1 lit. b DSGVO",
            "section\t\t 4",
            "Section IV",
        ] {
            assert!(check(s), "{s:?}");
        }
        for s in [
            "We keep it for 2 years.",
            "Section IVa of the text",
            "In 2024 we changed it.",
            "Section V—",
            "in this article I explain",
            "5 sections",
            "Sections: none",
            "sectionV 5x",
            "",
        ] {
            assert!(!check(s), "{s:?}");
        }
        assert!(!may_hold_reference("We keep it for 2 years."));
        assert!(!may_hold_reference("Section IVa of the text"));
        // Linear on long runs: brackets, white space, Roman numerals, digits.
        for unit in ["(", " ", "I", "5", "\u{3000}", "section "] {
            let long = unit.repeat(200_000);
            may_hold_reference(&long);
            may_hold_reference(&format!("{long}5"));
        }
    }

    #[test]
    fn internal_references() {
        assert_eq!(internal("For details, see Section 9."), ["Section 9"]);
        assert_eq!(
            internal("as described in section 4.2 below, we keep it"),
            ["section 4.2"]
        );
        assert_eq!(
            internal("You have the rights in Article 12."),
            ["Article 12"]
        );
        assert_eq!(
            internal("as set out in paragraph 3 of this Policy"),
            ["paragraph 3"]
        );
        assert_eq!(
            refs("see sections 2.1.6, 2.1.7 et 2.8.1, then")[0].1,
            vec![vec![2, 1, 6], vec![2, 1, 7], vec![2, 8, 1]]
        );
        assert_eq!(refs("Sections 3 and 4 apply")[0].1, vec![vec![3], vec![4]]);
        assert_eq!(
            internal(
                "veuillez consulter la section 8 de la présente Politique de confidentialité."
            ),
            ["section 8"]
        );
        assert_eq!(
            internal("zu den in Abschnitt 6 dieser Richtlinie dargelegten Zwecken"),
            ["Abschnitt 6"]
        );
        assert_eq!(
            internal("zu den in Abschnitt 5 genannten Zwecken in Ländern ohne Angemessenheit"),
            ["Abschnitt 5"]
        );
        assert_eq!(internal("(see Section IV)"), ["Section IV"]);
        assert_eq!(
            internal("see Section 9 of our Privacy Policy for details"),
            ["Section 9"]
        );
        assert_eq!(internal("décrits à l’article 2 ci-avant."), ["article 2"]);
        assert_eq!(refs("(see Section IV)")[0].1, vec![vec![4]]);
        // A label in capitals after a list joiner starts the next reference; it is not a
        // law's acronym making both external.
        assert_eq!(
            internal("See Section 5 and SECTION 6 for more."),
            ["Section 5", "SECTION 6"]
        );
        assert_eq!(
            internal("Siehe Kapitel 5 und KAPITEL 6."),
            ["Kapitel 5", "KAPITEL 6"]
        );
        // An acronym still names a law: `Section 5 of CalOPPA`.
        assert!(internal("See Section 5 of the CCPA.").is_empty());
    }

    #[test]
    fn law_references_are_external() {
        for s in [
            "We rely on Article 6 GDPR for this.",
            "rights under Section 1798.100 of the CCPA",
            "ist Art. 6 Abs. 1 Satz. 1 lit. b DS-GVO zur Erfüllung eines Vertrages",
            "ergeben sich aus den Artikeln 7, 15-22 und 77 DS-GVO.",
            "gemäß Art. 13 DSGVO informieren wir",
            "as protected by section 230 of the Communications Decency Act",
            "Under Section 5 of the Federal Trade Commission Act, we",
            "Einwilligung (Art. 6 Abs. 1 S. 1 lit. a. DSGVO) - Die betroffene Person",
            "(art. 6 (1) (b) du RGPD).",
            "au sens de l’article 6-e du règlement (UE) 2016/679",
            "(article 6 du décret n°2019-1088 du 25 octobre 2019)",
            "(article 6.1.e of the GDPR) entrusted to",
            "Reddit UK Limited is Reddit’s UK GDPR Article 27 Representative.",
            "as required by the California Civil Code section 1798.83",
            "18 U.S.C. Section 2703(f), or by a subpoena",
            "aus Art. 15 bis 21 DSGVO ergeben",
            "described in clause 7 of the Uptime SLA",
            "Art. 6 Abs. 1 lit. e oder f DSGVO",
            "(article 11 in the GDPR).",
            "set out in Section 4 of the Terms of Service",
            "set out in Section 4 of our Terms of Service",
            "see Section 5 of the Privacy Act",
            "- **Consent** (Article 6(1)(a)), to send marketing e-mails",
        ] {
            assert!(internal(s).is_empty(), "{s}: {:?}", refs(s));
        }
        // The sub-parts of a law citation are not references of their own.
        assert_eq!(refs("Art. 9 para. 2 lit. a GDPR").len(), 1);
    }

    #[test]
    fn headings_written_as_paragraphs_are_not_references() {
        assert!(internal("Section 4: Who we share personal information with").is_empty());
        assert!(internal("SEE SECTION 9 BELOW.").len() == 1);
    }

    #[test]
    fn resolution() {
        let known = vec![vec![1], vec![2], vec![2, 1], vec![2, 2], vec![3]];
        assert!(resolves(&[2], &known));
        assert!(resolves(&[2, 1], &known));
        assert!(!resolves(&[2, 3], &known));
        assert!(!resolves(&[9], &known));
        // 3 has no numbered sub-parts: 3.4 may be an implicitly numbered item.
        assert!(resolves(&[3, 4], &known));
        assert!(resolves(&[2, 1, 6], &known));
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("4.2.", true), Some(("4.2", vec![4, 2])));
        assert_eq!(parse_number("49(1)(b)", true), Some(("49", vec![49])));
        assert_eq!(parse_number("6.1.e", true), Some(("6.1", vec![6, 1])));
        assert_eq!(parse_number("IV)", true), Some(("IV", vec![4])));
        assert_eq!(parse_number("in", true), None);
        assert_eq!(parse_number("IIII", true), None);
        assert_eq!(parse_number("2016/679", true), None);
        assert!(has_subparts("6(1)(b)),", None));
        assert!(has_subparts("6-e", None));
        assert!(has_subparts("6.1.e", None));
        assert!(has_subparts("6", Some("(1)")));
        assert!(!has_subparts("4.2.", Some("(Cookies)")));
        assert!(!has_subparts("9)", None));
        assert!(!has_subparts("4a", None));
    }

    fn mentions_in(s: &str) -> Vec<(String, bool)> {
        let text = crate::ast::Text::verbatim(s, Span::new(0, s.len()));
        let doc = Document {
            format: crate::ast::Format::Text,
            title: None,
            metadata: Default::default(),
            toc: None,
            preamble: vec![crate::ast::Block::Paragraph(text)],
            sections: Vec::new(),
            comments: Vec::new(),
            span: Span::new(0, s.len()),
        };
        document_mentions(&doc, &["acme".to_string()])
            .into_iter()
            .map(|m| (m.text, m.linked))
            .collect()
    }

    #[test]
    fn document_mentions_found() {
        assert_eq!(
            mentions_in("For more information, please see our Cookies Policy."),
            [("Cookies Policy".to_string(), false)]
        );
        assert_eq!(
            mentions_in("as set out in the Terms of Service."),
            [("Terms of Service".to_string(), false)]
        );
        assert_eq!(
            mentions_in("Read our cookie policy at https://acme.test/cookies for more."),
            [("cookie policy".to_string(), true)]
        );
        assert_eq!(
            mentions_in("Voir notre politique de cookies."),
            [("politique de cookies".to_string(), false)]
        );
        assert_eq!(
            mentions_in("Es gelten unsere Nutzungsbedingungen."),
            [("Nutzungsbedingungen".to_string(), false)]
        );
        assert_eq!(
            mentions_in("Acme's Terms of Use apply."),
            [("Terms of Use".to_string(), false)]
        );
    }

    #[test]
    fn link_targets() {
        let terms = &DOCUMENTS[1];
        assert!(LinkTarget::new("https://acme.eu/legal/tos").names(terms));
        assert!(LinkTarget::new("/about/policies/terms").names(terms));
        assert!(!LinkTarget::new("https://acme.eu/photos").names(terms));
        assert!(!LinkTarget::new("#terms").names(terms));
        assert!(LinkTarget::new("https://acme.eu/cookie-policy").names(&DOCUMENTS[0]));
    }

    #[test]
    fn html_links() {
        let s = "violations of our <a href=\"/about/policies/terms\">Terms of Service</a>, or";
        let a = html_anchors(s);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].target, "/about/policies/terms");
        assert_eq!(a[0].text, "Terms of Service");
        assert_eq!(&s[a[0].span.start..a[0].span.end], &s[18..s.len() - 4]);
        // Upper-case tags pass the pre-check; a `<` without an anchor (`<b>`, `<abbr>`, `a
        // <a` at the end) finds none.
        let a = html_anchors("see <B>our</B> <A HREF='/legal/cookies'>Cookie Policy</A> now");
        assert_eq!(a.len(), 1);
        assert_eq!(
            (a[0].target.as_str(), a[0].text.as_str()),
            ("/legal/cookies", "Cookie Policy")
        );
        assert!(html_anchors("<b>x</b> <abbr>y</abbr> 1 <a").is_empty());
        // Words of a target are runs of letters and digits: `tos` in `/legal/tos.html`,
        // not in `/photos`.
        assert!(LinkTarget::new("/legal/TOS.html").names(&DOCUMENTS[1]));
        assert!(!LinkTarget::new("/photos/atos.html").names(&DOCUMENTS[1]));
    }

    #[test]
    fn other_parties_and_self_references_are_not_mentions() {
        for s in [
            "Google's Terms of Service apply to YouTube.",
            "Please read their terms of service.",
            "subject to the terms of service of Twitter",
            "the YouTube Terms of Service",
            "This Cookie Policy explains how we use cookies.",
            "generic terms and conditions apply",
            "(such as a Data Processing Agreement).",
        ] {
            assert!(mentions_in(s).is_empty(), "{s}: {:?}", mentions_in(s));
        }
    }
}
