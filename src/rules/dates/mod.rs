//! D: date rules.

/// D002 `missing-effective-date`.
pub mod missing_effective_date;
/// D001 `stale-policy`.
pub mod stale_policy;
