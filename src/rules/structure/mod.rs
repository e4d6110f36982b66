//! S: structure rules.

/// S004 `duplicate-section-number`.
pub mod duplicate_section_number;
/// S006 `empty-section`.
pub mod empty_section;
/// S007 `invalid-front-matter`.
pub mod invalid_front_matter;
/// S002 `section-not-in-toc`.
pub mod section_not_in_toc;
/// S003 `section-numbering-gap`.
pub mod section_numbering_gap;
/// S001 `toc-entry-missing`.
pub mod toc_entry_missing;
/// S005 `toc-title-mismatch`.
pub mod toc_title_mismatch;
