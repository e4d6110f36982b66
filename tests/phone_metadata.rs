//! The vendored `phonenumber` crate compiles its numbering-plan patterns without Unicode
//! mode where they allow it (`vendor/phonenumber/REDLINE-PATCH.md`), which changes what
//! `\d` means. Every example number of libphonenumber's metadata must still parse, validate
//! and get its type exactly as with the unpatched crate.

use phonenumber::{Type, country::Id};

/// Example numbers the crate does not accept for their own territory, with or without the
/// patch (checked with Unicode mode forced on for every pattern: the same 21). They are
/// upstream parsing limits, not pattern matches: the number starts with the country code
/// (`590271234` for BL) or with a national prefix the crate takes as a carrier code (`8`
/// in Russia, Kazakhstan, Belarus and Lithuania).
const UPSTREAM_INVALID: &[(&str, &str)] = &[
    ("BL", "590271234"),
    ("BY", "8011234567"),
    ("GF", "594101234"),
    ("GP", "590201234"),
    ("KZ", "7123456789"),
    ("KZ", "7710009998"),
    ("KZ", "8001234567"),
    ("KZ", "8091234567"),
    ("KZ", "8081234567"),
    ("KZ", "7511234567"),
    ("LT", "80012345"),
    ("LT", "80812345"),
    ("LT", "80123456"),
    ("MF", "590271234"),
    ("MQ", "596301234"),
    ("RE", "262161234"),
    ("RU", "8001234567"),
    ("RU", "8091234567"),
    ("RU", "8081234567"),
    ("RW", "250123456"),
    ("TR", "9001234567"),
];

/// Valid example numbers whose type the crate reports as `Unknown`, with or without the
/// patch (the same 19 with Unicode mode forced on; all other 1,092 valid examples got the
/// same type in both modes too). All start with a `0` that belongs to the national number
/// (Italy's area codes, Benin's and Côte d'Ivoire's ten-digit plan, toll-free `0800`),
/// which the crate's type check drops: an upstream limit.
const UPSTREAM_UNKNOWN_TYPE: &[(&str, &str)] = &[
    ("BJ", "0120211234"),
    ("BJ", "0195123456"),
    ("BW", "0800012345"),
    ("BZ", "08001234123"),
    ("CG", "061234567"),
    ("CI", "0123456789"),
    ("FJ", "08001234567"),
    ("GA", "01441234"),
    ("IT", "0212345678"),
    ("MO", "0800501"),
    ("NC", "050012"),
    ("NE", "08123456"),
    ("NE", "09123456"),
    ("NO", "02000"),
    ("SJ", "02000"),
    ("SM", "0549886377"),
    ("SZ", "08001234"),
    ("TO", "0800222"),
    ("VA", "0669812345"),
];

/// `(territory, descriptor, example number)` for every example in the metadata file; the
/// descriptor is the element (`fixedLine`, `mobile`, `tollFree` ...) the example is in.
fn examples() -> Vec<(String, String, String)> {
    let xml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vendor/phonenumber/assets/PhoneNumberMetadata.xml"
    ))
    .unwrap();
    let mut out = Vec::new();
    let mut territory = String::new();
    let mut descriptor = String::new();
    for line in xml.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("<territory id=\"") {
            territory = rest.split('"').next().unwrap_or_default().to_string();
        } else if let Some(rest) = line.strip_prefix("<exampleNumber>") {
            let number = rest.trim_end_matches("</exampleNumber>").to_string();
            out.push((territory.clone(), descriptor.clone(), number));
        } else if line.starts_with('<')
            && !line.starts_with("</")
            && !line.starts_with("<possibleLengths")
            && line.ends_with('>')
        {
            descriptor = line.trim_matches(['<', '>']).to_string();
        }
    }
    out
}

/// Whether the crate's type is the one the example illustrates. libphonenumber reports
/// `FixedLineOrMobile` where a country's fixed-line and mobile patterns overlap.
fn type_fits(descriptor: &str, t: Type) -> bool {
    match descriptor {
        "fixedLine" | "mobile" => {
            t == Type::FixedLineOrMobile
                || t == if descriptor == "mobile" {
                    Type::Mobile
                } else {
                    Type::FixedLine
                }
        }
        "tollFree" => t == Type::TollFree,
        "premiumRate" => t == Type::PremiumRate,
        "sharedCost" => t == Type::SharedCost,
        "personalNumber" => t == Type::PersonalNumber,
        "voip" => t == Type::Voip,
        "pager" => t == Type::Pager,
        "uan" => t == Type::Uan,
        "voicemail" => t == Type::Voicemail,
        _ => false,
    }
}

#[test]
fn every_metadata_example_number_validates_as_upstream() {
    let all = examples();
    let (mut valid, mut invalid, mut unknown, mut wrong_type) =
        (0, Vec::new(), Vec::new(), Vec::new());
    for (territory, descriptor, number) in &all {
        let Ok(id) = territory.parse::<Id>() else {
            continue; // "001": non-geographic entities, no region to parse against
        };
        match phonenumber::parse(Some(id), number) {
            Ok(n) if n.is_valid() => {
                valid += 1;
                let t = n.number_type(&phonenumber::metadata::DATABASE);
                if t == Type::Unknown {
                    unknown.push((territory.as_str(), number.as_str()));
                } else if !type_fits(descriptor, t) {
                    wrong_type.push(format!("{territory} {descriptor} {number}: {t:?}"));
                }
            }
            _ => invalid.push((territory.as_str(), number.as_str())),
        }
    }
    assert_eq!(valid, 1111);
    assert_eq!(invalid, UPSTREAM_INVALID);
    assert_eq!(unknown, UPSTREAM_UNKNOWN_TYPE);
    assert!(wrong_type.is_empty(), "{}", wrong_type.join("\n"));
}

/// Every regular expression the vendored crate compiles from its metadata (number
/// patterns, format patterns, leading digits, international and national prefixes)
/// compiles without Unicode mode, as the patch compiles it. The crate compiles a pattern
/// on first use and panics if that fails, so a pattern that did not would be a panic when
/// a matching number is checked, not a build error.
#[test]
fn every_metadata_pattern_compiles_without_unicode() {
    let xml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/vendor/phonenumber/assets/PhoneNumberMetadata.xml"
    ))
    .unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xml, options).unwrap();
    let mut patterns: Vec<&str> = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        if name == "nationalNumberPattern" || name == "leadingDigits" {
            patterns.extend(node.text());
        }
        for attr in [
            "pattern",
            "internationalPrefix",
            "nationalPrefixForParsing",
            "leadingDigits",
        ] {
            patterns.extend(node.attribute(attr));
        }
    }
    let failed: Vec<&str> = patterns
        .iter()
        .copied()
        .filter(|p| {
            regex::RegexBuilder::new(p)
                .ignore_whitespace(true)
                .unicode(false)
                .build()
                .is_err()
        })
        .collect();
    assert_eq!(patterns.len(), 3_377, "pattern count");
    assert!(failed.is_empty(), "{failed:?}");
}
