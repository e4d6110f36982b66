//! Phone numbers are validated with the `phonenumber` crate, a port of Google's
//! libphonenumber and its per-country numbering-plan metadata. The hard part is not
//! validation but knowing that a digit run *is* a phone number, and in which country:
//! statute numbers (`§1798.100`), postcodes and registration numbers look alike. So only
//! numbers that say their country (`+CC`) are always checked; national numbers are
//! checked only when the selected profiles name one country and the number is written
//! the way phone numbers are (introduced by a phone word, or with a bracketed area code).

use phonenumber::country::Id;

use crate::analyze::contacts::PhoneMention;
use crate::ast::SectionKind;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Phone numbers in the policy (in the text and in `tel:` links) are checked against
    /// the numbering plan of their country with the `phonenumber` crate (libphonenumber's
    /// metadata): a number it cannot read (unknown country code, too short, too long) or
    /// reads but finds invalid (an area code or length the country does not use, such as
    /// `+1 (555) 123-4567`) is reported.
    ///
    /// Which numbers are checked:
    /// - numbers in international form (`+44 20 7946 0000`): always;
    /// - numbers in national form (`(800) 555-0199`, `020 7946 0000`): only when the
    ///   selected profiles point to one country — `ccpa`, `caloppa`, `coppa` → US,
    ///   `pdpa-sg` → SG, `uk-gdpr` → GB, `lgpd` → BR, `pipl` → CN, `pipeda` → CA — and the
    ///   number is introduced by a phone word ("phone", "tel", "call", "fax", "toll-free",
    ///   "电话" ...) or written with a bracketed area code, and is not in a section about
    ///   complaints to a supervisory authority (which may be in another country);
    /// - everything else is left alone: without a country a national number cannot be
    ///   validated, and digit runs that are not introduced as phone numbers are more often
    ///   statute sections, postcodes or registration numbers. A national number that is
    ///   valid once a `+` is put in front (a country code written without it, as in the
    ///   North American `1-877-273-3049`) is accepted too.
    ///
    /// ## Why it matters
    /// A phone number is a contact detail the law may require: COPPA 16 CFR §312.4(d)(1)
    /// (the operator's telephone number), CCPA §1798.130(a)(1)(A) (a toll-free number for
    /// requests), PDPA s.11(5) (a Singapore number if a number is given for the DPO).
    /// A number that cannot be dialled is no contact at all; placeholder numbers (`555`)
    /// left in a published policy are a common case.
    ///
    /// ## Example
    /// `Call us toll-free at +1 (555) 123-4567.`
    ///
    /// ## How to fix
    /// Correct the number and write it in international form (`+1 800 555 0199`), which
    /// works from every country.
    pub struct InvalidPhone {
        code: "C006",
        name: "invalid-phone",
        family: Contact,
        severity: Error,
        summary: "A phone number is not a valid number",
    }
}

/// The country a profile's law applies in, for reading national numbers.
fn profile_region(profile_id: &str) -> Option<Id> {
    match profile_id {
        "ccpa" | "caloppa" | "coppa" => Some(Id::US),
        "pdpa-sg" => Some(Id::SG),
        "uk-gdpr" => Some(Id::GB),
        "lgpd" => Some(Id::BR),
        "pipl" => Some(Id::CN),
        "pipeda" => Some(Id::CA),
        _ => None,
    }
}

/// Words that introduce a phone number, lower case.
const PHONE_WORDS: &[&str] = &[
    "phone",
    "tel",
    "tel.",
    "call",
    "fax",
    "toll-free",
    "toll free",
    "hotline",
    "mobile",
    "telefon",
    "telefone",
    "téléphone",
    "teléfono",
    "电话",
    "電話",
    "热线",
];

/// How many bytes before a number are searched for a phone word.
const PHONE_WORD_WINDOW: usize = 40;

/// Whether the number is introduced by a phone word in the 40 bytes before it, within the
/// same line, or is written with a bracketed area code (`(800) 555-0199`).
fn looks_like_phone(text: &str, p: &PhoneMention) -> bool {
    let n = p.number.trim_start();
    if n.starts_with('(') && n.find(')').is_some_and(|c| c <= 5) {
        return true;
    }
    let mut from = p.span.start.saturating_sub(PHONE_WORD_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let end = p.span.start.min(text.len());
    let before = &text[from..end];
    let before = before.rsplit('\n').next().unwrap_or(before).to_lowercase();
    PHONE_WORDS.iter().any(|w| {
        before.match_indices(w).any(|(i, _)| {
            // A word, not part of one ("hotel", "recall").
            !before[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        })
    })
}

impl Rule for InvalidPhone {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        // The one country the selected profiles point to, if they agree.
        let mut regions: Vec<(Id, &str)> = Vec::new();
        for p in ctx.profiles {
            if let Some(r) = profile_region(&p.id)
                && !regions.iter().any(|(q, _)| *q == r)
            {
                regions.push((r, &p.id));
            }
        }
        let national = match regions.as_slice() {
            [one] => Some(*one),
            _ => None,
        };
        let mut out = Vec::new();
        for p in &ctx.facts.phones {
            let number = p.number.trim();
            let (region, context) = if number.starts_with('+') {
                (None, String::new())
            } else {
                // A supervisory authority's number may be of any country.
                let authority = p.section_kinds.contains(&SectionKind::Complaints)
                    && !p.section_kinds.contains(&SectionKind::Contact);
                match national {
                    Some((r, profile)) if !authority && looks_like_phone(ctx.text, p) => (
                        Some(r),
                        format!(" in {r:?} (the country of the {profile} profile)"),
                    ),
                    _ => continue,
                }
            };
            let problem = match phonenumber::parse(region, number) {
                Err(e) => e.to_string(),
                Ok(n) if !n.is_valid() => {
                    let code = n.code().value();
                    match region.or_else(|| n.country().id()) {
                        Some(id) => format!(
                            "the numbering plan of country code +{code} ({id:?}) has no such number"
                        ),
                        None => {
                            format!("the numbering plan of country code +{code} has no such number")
                        }
                    }
                }
                Ok(_) => continue,
            };
            // A country code written without `+` (`1-877-273-3049`): a valid number once
            // the `+` is added, so not wrong, only informal.
            if region.is_some()
                && phonenumber::parse(None, format!("+{number}")).is_ok_and(|n| n.is_valid())
            {
                continue;
            }
            out.push(
                Self::META
                    .diagnostic(
                        format!("`{number}` is not a valid phone number{context}: {problem}"),
                        p.span,
                    )
                    .with_label(p.span, "invalid number")
                    .with_help(
                        "correct the number and write it in international form (+CC ...), which works from every country",
                    ),
            );
        }
        out
    }
}
