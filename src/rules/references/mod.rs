//! X: reference rules.

/// X001 `dangling-section-reference`.
pub mod dangling_section_reference;
/// X002 `unlinked-document-reference`.
pub mod unlinked_document_reference;
