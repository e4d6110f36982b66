//! The single table mapping rule codes and names to rules. Users may write either the code
//! (`S001`) or the name (`toc-entry-missing`) everywhere.

use super::{
    Rule, RuleMeta, contact, dates, language, meta, policy_change, references, required, structure,
};

/// Every rule, in code order.
pub static RULES: &[&dyn Rule] = &[
    &contact::contact_domain_mismatch::ContactDomainMismatch,
    &contact::free_or_disposable_contact_domain::FreeOrDisposableContactDomain,
    &contact::insecure_url::InsecureUrl,
    &contact::invalid_email::InvalidEmail,
    &contact::invalid_phone::InvalidPhone,
    &contact::invalid_url::InvalidUrl,
    &contact::missing_contact::MissingContact,
    &contact::missing_postal_address::MissingPostalAddress,
    &contact::response_deadline_exceeds_law::ResponseDeadlineExceedsLaw,
    &dates::ambiguous_date::AmbiguousDate,
    &dates::future_date::FutureDate,
    &dates::inconsistent_dates::InconsistentDates,
    &dates::invalid_date::InvalidDate,
    &dates::missing_effective_date::MissingEffectiveDate,
    &dates::stale_policy::StalePolicy,
    &language::inconsistent_organisation_name::InconsistentOrganisationName,
    &language::mixed_language::MixedLanguage,
    &language::mojibake::Mojibake,
    &language::placeholder_text::PlaceholderText,
    &meta::unused_suppression::UnusedSuppression,
    &policy_change::material_change_without_date_bump::MaterialChangeWithoutDateBump,
    &policy_change::material_change_without_changelog::MaterialChangeWithoutChangelog,
    &policy_change::notice_period_too_short::NoticePeriodTooShort,
    &references::dangling_section_reference::DanglingSectionReference,
    &references::unlinked_document_reference::UnlinkedDocumentReference,
    &required::missing_disclosure::MissingDisclosure,
    &required::missing_required_section::MissingRequiredSection,
    &structure::duplicate_section_number::DuplicateSectionNumber,
    &structure::empty_section::EmptySection,
    &structure::invalid_front_matter::InvalidFrontMatter,
    &structure::section_not_in_toc::SectionNotInToc,
    &structure::section_numbering_gap::SectionNumberingGap,
    &structure::toc_entry_missing::TocEntryMissing,
    &structure::toc_title_mismatch::TocTitleMismatch,
];

/// Finds a rule by code or kebab-case name (case-insensitive).
pub fn find(code_or_name: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| {
        let m = r.meta();
        m.code.eq_ignore_ascii_case(code_or_name) || m.name.eq_ignore_ascii_case(code_or_name)
    })
}

/// The rules a selector names: a code (`S001`, any case), a name (`toc-entry-missing`), a
/// code prefix (`S00`) or a family letter (`S`). Empty when it names none.
pub fn select(selector: &str) -> Vec<&'static RuleMeta> {
    let sel = selector.trim();
    let upper = sel.to_ascii_uppercase();
    all()
        .into_iter()
        .filter(|m| {
            m.name.eq_ignore_ascii_case(sel)
                || (!upper.is_empty()
                    && m.code.starts_with(&upper)
                    && upper.len() <= 4
                    && upper.chars().next().is_some_and(|c| c.is_ascii_uppercase()))
        })
        .collect()
}

/// All rule metadata, sorted by code.
pub fn all() -> Vec<&'static RuleMeta> {
    let mut v: Vec<_> = RULES.iter().map(|r| r.meta()).collect();
    v.sort_by_key(|m| m.code);
    v
}

/// The README's rule table (between `<!-- rules:start -->` and `<!-- rules:end -->`),
/// generated from the registry; `tests/readme.rs` fails when the README drifts from it.
pub fn markdown_table() -> String {
    let mut out =
        String::from("| Code | Name | Default severity | What it reports |\n|---|---|---|---|\n");
    for m in all() {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            m.code, m.name, m.default_severity, m.summary
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let metas = all();
        for (k, m) in metas.iter().enumerate() {
            assert!(m.code.len() == 4 && m.code[1..].chars().all(|c| c.is_ascii_digit()));
            assert!(m.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'));
            assert!(m.docs.contains("What it checks"), "{} has no docs", m.code);
            for other in &metas[k + 1..] {
                assert_ne!(m.code, other.code);
                assert_ne!(m.name, other.name);
            }
        }
        assert_eq!(find("toc-entry-missing").unwrap().meta().code, "S001");
        assert_eq!(find("s003").unwrap().meta().name, "section-numbering-gap");
        assert_eq!(
            select("S").len(),
            metas.iter().filter(|m| m.code.starts_with('S')).count()
        );
        assert_eq!(select("stale-policy")[0].code, "D001");
        assert!(select("no-such-rule").is_empty());
        assert!(select("").is_empty());
    }
}
