//! C: contact rules.

/// C001 `invalid-email`.
pub mod invalid_email;
/// C002 `missing-contact`.
pub mod missing_contact;
