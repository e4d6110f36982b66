//! L: language rules.

/// L002 `inconsistent-organisation-name`.
pub mod inconsistent_organisation_name;
/// L001 `mixed-language`.
pub mod mixed_language;
/// L004 `mojibake`.
pub mod mojibake;
/// L003 `placeholder-text`.
pub mod placeholder_text;
