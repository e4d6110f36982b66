//! R: required-content rules.
pub mod missing_required_section;
