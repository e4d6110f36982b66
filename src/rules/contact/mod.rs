//! C: contact rules.
pub mod invalid_email;
pub mod missing_contact;
