//! D: date rules.
pub mod missing_effective_date;
pub mod stale_policy;
