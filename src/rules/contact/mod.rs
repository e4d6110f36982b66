//! C: contact rules.

/// C003 `contact-domain-mismatch`.
pub mod contact_domain_mismatch;
/// C004 `free-or-disposable-contact-domain`.
pub mod free_or_disposable_contact_domain;
/// C009 `insecure-url`.
pub mod insecure_url;
/// C001 `invalid-email`.
pub mod invalid_email;
/// C006 `invalid-phone`.
pub mod invalid_phone;
/// C005 `invalid-url`.
pub mod invalid_url;
/// C002 `missing-contact`.
pub mod missing_contact;
/// C007 `missing-postal-address`.
pub mod missing_postal_address;
/// C008 `response-deadline-exceeds-law`.
pub mod response_deadline_exceeds_law;
