//! S: structure rules.
pub mod section_numbering_gap;
pub mod toc_entry_missing;
