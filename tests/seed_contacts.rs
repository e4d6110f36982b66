//! The contact rules on the seed policy (`policies/cgtonlinea-privacy.txt`): its only
//! e-mail, `ty@tewatchmail.com`, is valid and not on a free provider, but has no relation
//! to the organisation the policy names (CGTONLINEA ASIA PTE. LTD., "CGTONLINEA"); its
//! "within 15 days" response time fits both GDPR (one month) and LGPD (15 days).

mod common;

use common::{diagnostics, json, redline};
use serde_json::Value;

const SEED: &str = "policies/cgtonlinea-privacy.txt";

fn seed_json(extra: &[&str]) -> Value {
    let mut args = vec!["check", SEED, "--today", "2026-11-30", "--format", "json"];
    args.extend_from_slice(extra);
    json(&redline(&args))
}

#[test]
fn contact_domain_is_unrelated_to_the_organisation() {
    let v = seed_json(&[]);
    let c003 = diagnostics(&v, "C003");
    assert_eq!(c003.len(), 1, "{c003:#?}");
    let d = &c003[0];
    assert_eq!(d["name"], "contact-domain-mismatch");
    assert_eq!(d["severity"], "warning");
    assert_eq!(
        d["message"],
        "The contact address `ty@tewatchmail.com` is on `tewatchmail.com`, which is unrelated to the organisation: `tewatchmail` shares no distinctive word with `CGTONLINEA` or `CGTONLINEA ASIA PTE. LTD.` and the policy names it nowhere else"
    );
    assert_eq!(d["span"]["line"], 67);
    // The span is the address itself.
    let len = d["span"]["end"].as_u64().unwrap() - d["span"]["start"].as_u64().unwrap();
    assert_eq!(len as usize, "ty@tewatchmail.com".len());
}

#[test]
fn no_other_contact_findings() {
    let v = seed_json(&[]);
    for code in ["C001", "C002", "C004", "C005", "C006", "C009"] {
        let found = diagnostics(&v, code);
        assert!(found.is_empty(), "{code}: {found:#?}");
    }
}

#[test]
fn declaring_the_domain_silences_the_mismatch() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let config = dir.path().join("redline.toml");
    std::fs::write(
        &config,
        "[organisation]\nlegal-name = \"CGTONLINEA ASIA PTE. LTD.\"\ndomains = [\"tewatchmail.com\"]\n",
    )
    .expect("config written");
    let v = seed_json(&["--config", config.to_str().unwrap(), "--select", "C003"]);
    assert!(diagnostics(&v, "C003").is_empty(), "{v:#}");
}

#[test]
fn fifteen_days_fits_gdpr_and_lgpd() {
    for profile in ["gdpr", "lgpd"] {
        let v = seed_json(&["--profile", profile, "--select", "C008"]);
        assert!(diagnostics(&v, "C008").is_empty(), "{profile}: {v:#}");
    }
}

#[test]
fn gdpr_asks_for_the_postal_address() {
    let v = seed_json(&["--profile", "gdpr", "--select", "C007"]);
    let c007 = diagnostics(&v, "C007");
    assert_eq!(c007.len(), 1, "{c007:#?}");
    // Pointed at the contact section's heading, "SECTION 11: HOW TO CONTACT US".
    assert_eq!(c007[0]["span"]["line"], 66);
    assert_eq!(c007[0]["requirement"]["id"], "GDPR-postal-address");
    assert_eq!(c007[0]["requirement"]["profile"], "gdpr");
}
