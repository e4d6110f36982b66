//! S: structure rules.

/// S003 `section-numbering-gap`.
pub mod section_numbering_gap;
/// S001 `toc-entry-missing`.
pub mod toc_entry_missing;
