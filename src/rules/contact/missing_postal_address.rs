//! Postal addresses are recognised by a handful of shapes that cover most of the world's
//! address formats, not by a full address parser: libpostal (the only serious one) is a C
//! library with a 2 GB model, far too heavy for a linter, and the rule only needs to know
//! whether *some* address is there. The shapes are deliberately liberal: a missed address
//! makes a false finding, a shape matched by accident only hides one.

use crate::ast::SectionKind;
use crate::diagnostic::{Diagnostic, RequirementRef};
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// When a selected profile requires the controller's postal address (`gdpr`,
    /// `uk-gdpr`, `coppa`: the profile's `requires_postal_address`), the policy must contain
    /// one. An address is recognised by any of:
    /// - a house number and a street word: `1 Hacker Way`, `350 Fifth Avenue`,
    ///   `12, rue de la Paix`, `Via Roma 1`, `Industriestr. 25`, `Kungsgatan 5`;
    /// - a postcode shape: UK (`EC1A 1AA`), US state + ZIP (`CA 94107`), Canada
    ///   (`K1A 0B1`), five digits + town (`50679 Köln`, `75002 Paris`), `D-`/`A-`/`CH-`
    ///   prefixes, Dutch (`1012 AB Amsterdam`), Swedish (`400 14 Göteborg`), Australian
    ///   (`NSW 2000`), Singapore (`Singapore 018956`), Brazil (`01310-100`), Japan (`〒`),
    ///   a Chinese street number (`海天二路33号`);
    /// - a post-office box: `P.O. Box`, `PO Box`, `Postfach`, `BP 105`, `Box 53049`,
    ///   `Caixa Postal`, `Apartado`;
    /// - the `postal-address` of `redline.toml`'s `[organisation]` table (compared without
    ///   case, spaces or punctuation).
    ///
    /// ## Why it matters
    /// GDPR and UK GDPR Art. 13(1)(a) and 14(1)(a) require "the identity and the contact
    /// details of the controller", read by regulators (WP260 rev.01) as including a postal
    /// address; COPPA 16 CFR §312.4(d)(1) requires the "name, address, telephone number and
    /// email address" of each operator. A postal address is also where formal requests and
    /// legal documents can be served when online channels fail.
    ///
    /// ## Example
    /// A policy checked with `--profile gdpr` whose contact section gives only
    /// `privacy@example.com`.
    ///
    /// ## How to fix
    /// Add the controller's full postal address (street and number, postcode, town,
    /// country) to the contact or "who we are" section; for a controller outside the EU,
    /// also its EU representative's.
    pub struct MissingPostalAddress {
        code: "C007",
        name: "missing-postal-address",
        family: Contact,
        severity: Warning,
        summary: "The profile requires the controller's postal address and none is given",
    }
}

/// Street words written after the house number and the street name (`1 Hacker Way`).
/// Capitalised in addresses; lower case they are ordinary words ("one way").
const STREETS_AFTER: &[&str] = &[
    "street",
    "st",
    "road",
    "rd",
    "avenue",
    "ave",
    "av",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "dr",
    "way",
    "place",
    "pl",
    "square",
    "sq",
    "court",
    "ct",
    "terrace",
    "parkway",
    "pkwy",
    "highway",
    "hwy",
    "circle",
    "plaza",
    "quay",
    "row",
    "crescent",
    "close",
    "gardens",
    "walk",
    "broadway",
];

/// Street types written right after the house number (`12, rue de la Paix`).
const STREETS_BEFORE_NAME: &[&str] = &[
    "rue",
    "avenue",
    "av",
    "boulevard",
    "bd",
    "allée",
    "chemin",
    "quai",
    "place",
    "cours",
    "impasse",
    "route",
    "via",
    "viale",
    "piazza",
    "corso",
    "calle",
    "avenida",
    "rua",
    "travessa",
    "praça",
    "paseo",
    "carrer",
    "passeig",
];

/// Street types that open the address, the number following the name (`Via Roma 1`,
/// Belgian `Avenue Louise 235`).
const STREETS_FIRST: &[&str] = &[
    "via",
    "viale",
    "piazza",
    "corso",
    "calle",
    "avenida",
    "rua",
    "travessa",
    "praça",
    "paseo",
    "plaza",
    "carrer",
    "passeig",
    "rambla",
    "av",
    "avenue",
    "rue",
    "boulevard",
    "chaussée",
    "place",
    "chemin",
    "allée",
    "quai",
];

/// Lower-case particles inside street names (`Rua das Flores 12`, `Rue de la Loi 16`).
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "das", "do", "dos", "del", "della", "di", "la", "le", "les", "des", "du", "d", "l",
];

/// Endings of Germanic and Nordic street names, followed by the house number
/// (`Industriestr. 25`, `Kungsgatan 5`, `Keizersgracht 12`).
const STREET_SUFFIXES: &[&str] = &[
    "straße", "strasse", "str.", "weg", "platz", "gasse", "allee", "damm", "ufer", "gatan",
    "vägen", "vej", "gade", "veien", "gata", "straat", "laan", "gracht", "plein", "kade",
];

/// Post-office boxes and similar, lower case.
const PO_BOXES: &[&str] = &[
    "p.o. box",
    "p. o. box",
    "p.o.box",
    "po box",
    "post office box",
    "postfach",
    "boîte postale",
    "boite postale",
    "caixa postal",
    "apartado de correos",
    "apartado postal",
    "casilla de correo",
    "邮编",
    "邮政编码",
    "〒",
];

/// US state and territory codes, for `CA 94107`.
const US_STATES: &[&str] = &[
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM",
    "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA",
    "WV", "WI", "WY", "PR",
];

/// Australian state codes, for `NSW 2000`.
const AU_STATES: &[&str] = &["NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT"];

/// A word with its punctuation trimmed.
fn core(w: &str) -> &str {
    w.trim_matches(|c: char| !c.is_alphanumeric())
}

fn is_capitalised(w: &str) -> bool {
    core(w).chars().next().is_some_and(char::is_uppercase)
}

fn all_digits(s: &str, n: std::ops::RangeInclusive<usize>) -> bool {
    n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

/// A house number: `1`, `350`, `12a`, `12-14`, `25,`.
fn is_house_number(w: &str) -> bool {
    let w = w.trim_end_matches([',', '.']);
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &w[digits..];
    (1..=5).contains(&digits)
        && (rest.is_empty()
            || rest.len() == 1 && rest.bytes().all(|b| b.is_ascii_alphabetic())
            || rest.strip_prefix('-').is_some_and(|r| all_digits(r, 1..=5)))
}

/// Shape of a character class string: `A` letter (upper case), `9` digit.
fn shape(w: &str) -> String {
    w.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_ascii_uppercase() {
                'A'
            } else {
                c
            }
        })
        .collect()
}

/// Whether the words starting at `i` begin a postal address.
fn address_at(words: &[&str], i: usize) -> bool {
    let w = words[i];
    let c = core(w);
    let next = |k: usize| words.get(i + k).copied();
    let lower = c.to_lowercase();
    // House number, then up to four capitalised words ending in a street word.
    if is_house_number(w) {
        if let Some(n) = next(1)
            && STREETS_BEFORE_NAME.contains(&core(n).to_lowercase().as_str())
            && next(2).is_some()
        {
            return true;
        }
        for k in 1..=4 {
            let Some(n) = next(k) else { break };
            if !is_capitalised(n) && !core(n).chars().next().is_some_and(|c| c.is_ascii_digit()) {
                break;
            }
            if k >= 2 && STREETS_AFTER.contains(&core(n).to_lowercase().as_str()) {
                return true;
            }
            if n.ends_with(',') {
                break;
            }
        }
    }
    // Street type first, number after the name: `Via Roma 1`, `Avenida Paulista, 1000`.
    if is_capitalised(w) && STREETS_FIRST.contains(&lower.as_str()) {
        for k in 1..=5 {
            let Some(n) = next(k) else { break };
            if k >= 2 && is_house_number(n) {
                return true;
            }
            let name_word = is_capitalised(n) || NAME_PARTICLES.contains(&core(n));
            if !name_word {
                break;
            }
        }
    }
    // Germanic street name, then the number.
    let wl = w.trim_end_matches(',').to_lowercase();
    if is_capitalised(w)
        && STREET_SUFFIXES.iter().any(|s| {
            wl.ends_with(s) && wl.chars().count() > s.chars().count() + 1
                || wl == "str."
                || wl == "straße"
        })
        && next(1).is_some_and(is_house_number)
    {
        return true;
    }
    // Post-office boxes written with an abbreviation: `BP 105`, `B.P. 105`, `CS 80715`,
    // `Box 53049`.
    if ["BP", "B.P", "CS", "Box"].contains(&c)
        && next(1).is_some_and(|n| all_digits(core(n), 2..=6))
    {
        return true;
    }
    let n1 = next(1).map(core).unwrap_or("");
    let n2 = next(2).map(core).unwrap_or("");
    let shape1 = shape(c);
    let shape2 = shape(n1);
    // UK postcode: `EC1A 1AA`, `SW1A 2AA`, `M1 1AE`.
    if matches!(
        shape1.as_str(),
        "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A"
    ) && shape2 == "9AA"
    {
        return true;
    }
    // Canadian postcode: `K1A 0B1`.
    if shape1 == "A9A" && shape2 == "9A9" {
        return true;
    }
    // US state + ZIP: `CA 94107`, `NY 10001-1234`.
    if US_STATES.contains(&c) && (shape2 == "99999" || shape2 == "99999-9999") {
        return true;
    }
    // Australian state + postcode: `NSW 2000`.
    if AU_STATES.contains(&c) && shape2 == "9999" {
        return true;
    }
    // Five-digit postcode (with an optional country prefix) and a town: `50679 Köln`,
    // `D-10115 Berlin`, `75002 Paris`; four digits with a prefix: `CH-8001 Zürich`.
    let postcode = shape1 == "99999"
        || c.split_once('-').is_some_and(|(p, n)| {
            p.len() <= 3 && p.chars().all(|c| c.is_ascii_uppercase()) && (all_digits(n, 4..=5))
        });
    if postcode && next(1).is_some_and(is_capitalised) && n1.chars().count() >= 3 {
        return true;
    }
    // Dutch `1012 AB Amsterdam`, Swedish `400 14 Göteborg`.
    if (shape1 == "9999" && shape2 == "AA" || shape1 == "999" && shape2 == "99")
        && next(2).is_some_and(is_capitalised)
        && n2.chars().count() >= 3
    {
        return true;
    }
    // Singapore `Singapore 018956`; Brazil CEP `01310-100`.
    if c == "Singapore" && shape2 == "999999" || shape1 == "99999-999" {
        return true;
    }
    false
}

/// A Chinese street number: a street character (路 街 道 巷 弄) and digits before 号.
fn chinese_street_number(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(k, &c)| {
        if c != '号' {
            return false;
        }
        let digits = chars[..k]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(*c))
            .count();
        digits >= 1 && k > digits && "路街道巷弄".contains(chars[k - digits - 1])
    })
}

/// Whether the text contains something that looks like a postal address.
pub(crate) fn has_postal_address(text: &str) -> bool {
    let lower = text.to_lowercase();
    if PO_BOXES.iter().any(|p| lower.contains(p)) || chinese_street_number(text) {
        return true;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    (0..words.len()).any(|i| address_at(&words, i))
}

/// Letters and digits only, lower case: `1 Example Street, London` → `1examplestreetlondon`.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The requirement ID of a profile's postal-address duty: `<PROFILE>-postal-address`
/// (`GDPR-postal-address`), the convention of profile-level duties such as
/// `<PROFILE>-policy-age`. The duty is part of a wider requirement (GDPR-13-1-a, identity
/// and contact details; COPPA-4d-1) that `missing-required-section` checks on its own and
/// may find met; a finding here must not read as that whole requirement failing.
fn requirement_id(profile_id: &str) -> String {
    format!("{}-postal-address", profile_id.to_uppercase())
}

impl Rule for MissingPostalAddress {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let requiring: Vec<(&str, &str)> = ctx
            .profiles
            .iter()
            .filter_map(|p| Some((p.id.as_str(), p.requires_postal_address.as_deref()?)))
            .collect();
        let Some(&(first_id, first_citation)) = requiring.first() else {
            return Vec::new();
        };
        let body = ctx.doc.body_text();
        if has_postal_address(&body) {
            return Vec::new();
        }
        if let Some(configured) = &ctx.organisation.postal_address {
            let want = squash(configured);
            if !want.is_empty() && squash(&body).contains(&want) {
                return Vec::new();
            }
        }
        let who = match requiring.as_slice() {
            [_] => format!("the {first_id} profile requires one"),
            _ => format!(
                "the {} profiles require one",
                requiring
                    .iter()
                    .map(|(id, _)| *id)
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        };
        let citations = requiring
            .iter()
            .map(|(_, c)| *c)
            .collect::<Vec<_>>()
            .join("; ");
        let sections = ctx.doc.all_sections();
        let section = [SectionKind::Contact, SectionKind::ControllerIdentity]
            .iter()
            .find_map(|k| sections.iter().find(|s| s.kinds.contains(k)));
        let (span, label) = match section {
            Some(s) => (
                s.heading_span,
                format!("no postal address in '{}'", s.title),
            ),
            None => (ctx.document_anchor(), "this document".to_string()),
        };
        let mut d = Self::META
            .diagnostic(
                format!(
                    "The policy gives no postal address for the controller, and {who}: {citations}"
                ),
                span,
            )
            .with_label(span, label)
            .with_help(
                "add the controller's full postal address (street and number, postcode, town, country) to the contact section",
            );
        d.requirement = Some(Box::new(RequirementRef {
            id: requirement_id(first_id),
            citation: first_citation.to_string(),
            profile: first_id.to_string(),
        }));
        vec![d]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        for yes in [
            "Facebook, 1 Hacker Way, Menlo Park",
            "350 Fifth Avenue, New York",
            "Mozilla Corporation, 149 New Montgomery St, 4th Floor, San Francisco, CA 94105",
            "12, rue de la Paix, Paris",
            "Via Roma 1, Milano",
            "Hetzner Online GmbH, Industriestr. 25, 91710 Gunzenhausen",
            "Ludwig-Erhard-Str. 22",
            "Kungsgatan 5",
            "London EC1A 1AA",
            "Ottawa ON K1A 0B1",
            "Box 53049, 400 14 Göteborg",
            "P.O. Box 1234",
            "Postfach 12 34",
            "1012 AB Amsterdam",
            "Sydney NSW 2000",
            "Singapore 018956",
            "Avenida Paulista, 1000, São Paulo, 01310-100",
            "深圳市南山区海天二路33号腾讯滨海大厦",
            "CH-8001 Zürich",
            "Bird & Bird DPO Services SRL<br/> Avenue Louise 235 b 1<br/> 1050 Brussels",
            "Rua das Flores 12, Lisboa",
        ] {
            assert!(has_postal_address(yes), "{yes}");
        }
        for no in [
            "We will respond within 30 days.",
            "contact us by Email: ty@tewatchmail.com , we will respond to your request within 15 days.",
            "Section 1798.100 of the CCPA",
            "In 2018 The company grew by 12 percent",
            "one way or another, in 2 places",
            "We keep logs for 90 days and backups for 12 months.",
            "Regulation (EU) 2016/679 (GDPR)",
            "Place your order within 30 days.",
        ] {
            assert!(!has_postal_address(no), "{no}");
        }
    }
}
