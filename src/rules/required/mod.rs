//! R: required-content rules.

/// R002 `missing-disclosure`.
pub mod missing_disclosure;
/// R001 `missing-required-section`.
pub mod missing_required_section;
