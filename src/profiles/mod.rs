//! Legal requirement profiles, as data.
//!
//! A profile is a TOML file (one per law, built into the binary from `src/profiles/*.toml`;
//! `--profile FILE` loads a user's own) listing requirements, each with an ID such as
//! `GDPR-13-2-a`, a citation, a severity, and what satisfies it: a section of one of
//! `kinds`, or any of `phrases` in the text (and all of `all_phrases`). Deadlines the law
//! sets (response time, maximum policy age) are profile fields. The facts come from
//! `../shared/docs/disclosure-requirements.md`.
//!
//! Why data and not code: requirements change with amendments and differ per law; a
//! privacy engineer can read, review and extend a TOML table without reading Rust.

use std::path::Path;

use serde::Deserialize;

use crate::ast::SectionKind;
use crate::diagnostic::Severity;

/// One law's requirements.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Short identifier (`gdpr`), the file stem.
    pub id: String,
    /// Full name of the law or baseline.
    pub name: String,
    /// The legal instrument and articles, when there is one.
    #[serde(default)]
    pub law: Option<String>,
    /// Longest response time to a data subject request the law allows, in calendar days.
    #[serde(default)]
    pub response_deadline_days: Option<u32>,
    /// Oldest a policy may be, in days, where the law requires periodic updates.
    #[serde(default)]
    pub max_policy_age_days: Option<i64>,
    /// Severity of `stale-policy` under this profile (CCPA makes it an error).
    #[serde(default)]
    pub stale_severity: Option<Severity>,
    /// The citation for the staleness limit.
    #[serde(default)]
    pub stale_citation: Option<String>,
    /// The requirement ID of the staleness limit (`CCPA-130-a5-U`).
    #[serde(default)]
    pub stale_requirement: Option<String>,
    /// Whether the controller's postal address must be given (`missing-postal-address`).
    #[serde(default)]
    pub requires_postal_address: Option<String>,
    /// The requirements.
    #[serde(default, rename = "requirement")]
    pub requirements: Vec<Requirement>,
}

/// One disclosure a law requires.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Stable ID: `<LAW>-<article path>`, e.g. `GDPR-13-2-a`.
    pub id: String,
    /// What must be disclosed, in plain words.
    pub description: String,
    /// Where the law says so, e.g. `Art. 13(2)(a), 14(2)(a) GDPR`.
    pub citation: String,
    /// Severity of a finding when it is not met.
    pub severity: Severity,
    /// Section kinds that satisfy it.
    #[serde(default)]
    pub kinds: Vec<SectionKind>,
    /// Lower-case phrases; any one in the text satisfies it.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Lower-case phrases that must all occur (in addition to `kinds`/`phrases`).
    #[serde(default)]
    pub all_phrases: Vec<String>,
}

impl Requirement {
    /// Whether the document meets the requirement: a section of one of `kinds` exists or
    /// one of `phrases` occurs in `lower_text` (either suffices; with neither listed, only
    /// `all_phrases` count), and every one of `all_phrases` occurs.
    pub fn is_met(&self, present_kinds: &[SectionKind], lower_text: &str) -> bool {
        self.is_met_with(present_kinds, |p| lower_text.contains(p))
    }

    /// [`Requirement::is_met`] with the look-up of a phrase in the lower-case text given as
    /// `occurs(phrase)`, asked only about the phrases that decide the answer.
    pub fn is_met_with(
        &self,
        present_kinds: &[SectionKind],
        occurs: impl Fn(&str) -> bool,
    ) -> bool {
        let any = (self.kinds.is_empty() && self.phrases.is_empty())
            || self.kinds.iter().any(|k| present_kinds.contains(k))
            || self.phrases.iter().any(|p| occurs(p));
        any && self.all_phrases.iter().all(|p| occurs(p))
    }

    /// The reference carried by findings about this requirement.
    pub fn reference(&self, profile: &Profile) -> crate::diagnostic::RequirementRef {
        crate::diagnostic::RequirementRef {
            id: self.id.clone(),
            citation: self.citation.clone(),
            profile: profile.id.clone(),
        }
    }
}

/// Largest profile file read, in bytes (1 MiB). The built-in profiles are under 20 KB.
pub const MAX_PROFILE_BYTES: u64 = 1024 * 1024;

/// The built-in profiles: `(id, TOML text)`.
pub const BUILTIN: &[(&str, &str)] = &[
    ("generic", include_str!("generic.toml")),
    ("gdpr", include_str!("gdpr.toml")),
    ("uk-gdpr", include_str!("uk-gdpr.toml")),
    ("ccpa", include_str!("ccpa.toml")),
    ("caloppa", include_str!("caloppa.toml")),
    ("pdpa-sg", include_str!("pdpa-sg.toml")),
    ("pipl", include_str!("pipl.toml")),
    ("lgpd", include_str!("lgpd.toml")),
    ("pipeda", include_str!("pipeda.toml")),
    ("coppa", include_str!("coppa.toml")),
];

/// Why a profile could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// Neither a built-in name nor a readable file.
    #[error("no built-in profile is called `{name}` (built-ins: {known}) and no such file exists")]
    Unknown {
        /// What was asked for.
        name: String,
        /// The built-in names.
        known: String,
    },
    /// The file could not be read.
    #[error("cannot read profile {path}: {error}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        error: String,
    },
    /// The TOML is malformed or has unknown keys or bad values.
    #[error("invalid profile {path}, line {line}: {message}")]
    Invalid {
        /// The file (or `builtin:<id>`).
        path: String,
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// What is wrong (from the TOML parser: key, expected values).
        message: String,
        /// The profile text, for the source excerpt.
        text: String,
        /// Byte range of the problem.
        span: Option<std::ops::Range<usize>>,
    },
}

/// Parses profile TOML.
///
/// # Errors
/// [`ProfileError::Invalid`] with line and message for malformed TOML, unknown keys, an
/// unknown section kind or severity.
pub fn parse(text: &str, path: &str) -> Result<Profile, ProfileError> {
    toml::from_str(text).map_err(|e| {
        let span = e.span();
        let line = span.as_ref().map_or(0, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        ProfileError::Invalid {
            path: path.to_string(),
            line,
            message: e.message().to_string(),
            text: text.to_string(),
            span,
        }
    })
}

/// Loads a built-in profile by name, or a profile file by path.
///
/// # Errors
/// [`ProfileError`] when the name is unknown and no file exists, or the file is invalid.
pub fn load(name_or_path: &str) -> Result<Profile, ProfileError> {
    if let Some((id, text)) = BUILTIN.iter().find(|(id, _)| *id == name_or_path) {
        return parse(text, &format!("builtin:{id}"));
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        return Err(ProfileError::Unknown {
            name: name_or_path.to_string(),
            known: BUILTIN
                .iter()
                .map(|(id, _)| *id)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let io = |error: String| ProfileError::Io {
        path: name_or_path.to_string(),
        error,
    };
    // Only regular files, and only up to MAX_PROFILE_BYTES: `--profile /dev/zero` or a
    // FIFO in a repository's configuration must not exhaust memory or hang CI.
    let meta = std::fs::metadata(path).map_err(|e| io(e.to_string()))?;
    if !meta.is_file() {
        return Err(io("not a regular file".into()));
    }
    if meta.len() > MAX_PROFILE_BYTES {
        return Err(io(format!(
            "the file is {} bytes, more than the limit of {MAX_PROFILE_BYTES} bytes",
            meta.len()
        )));
    }
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(|e| io(e.to_string()))?,
            MAX_PROFILE_BYTES,
        ),
        &mut text,
    )
    .map_err(|e| io(e.to_string()))?;
    parse(&text, name_or_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_parses_with_ids_and_citations() {
        for (id, text) in BUILTIN {
            let p = parse(text, id).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(&p.id, id);
            assert!(!p.requirements.is_empty(), "{id} has no requirements");
            for r in &p.requirements {
                assert!(!r.citation.is_empty(), "{id}/{}", r.id);
                assert!(
                    !r.kinds.is_empty() || !r.phrases.is_empty() || !r.all_phrases.is_empty(),
                    "{id}/{} can never be satisfied",
                    r.id
                );
                for ph in r.phrases.iter().chain(&r.all_phrases) {
                    assert_eq!(
                        ph,
                        &ph.to_lowercase(),
                        "{id}/{}: phrases are lower case",
                        r.id
                    );
                }
            }
        }
    }

    #[test]
    fn unknown_key_names_line() {
        let err = parse("id = \"x\"\nname = \"X\"\ncolour = 3\n", "p.toml").unwrap_err();
        match err {
            ProfileError::Invalid { line, message, .. } => {
                assert_eq!(line, 3);
                assert!(message.contains("colour"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
}
