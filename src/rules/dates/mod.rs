//! D: date rules.

/// D005 `ambiguous-date`.
pub mod ambiguous_date;
/// D003 `future-date`.
pub mod future_date;
/// D006 `inconsistent-dates`.
pub mod inconsistent_dates;
/// D004 `invalid-date`.
pub mod invalid_date;
/// D002 `missing-effective-date`.
pub mod missing_effective_date;
/// D001 `stale-policy`.
pub mod stale_policy;
