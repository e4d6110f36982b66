//! R: required-content rules.

/// R001 `missing-required-section`.
pub mod missing_required_section;
