//! The SARIF format: one SARIF 2.1.0 log (OASIS Standard *Static Analysis Results
//! Interchange Format Version 2.1.0*, Errata 01,
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html>),
//! the format GitHub code scanning (`github/codeql-action/upload-sarif`) and SARIF viewers
//! read.
//!
//! Shape (section numbers are the standard's):
//!
//! ```text
//! sarifLog { $schema, version: "2.1.0", runs: [run] }
//! run (§3.14) {
//!   tool (§3.18): { driver (§3.19): { name: "redline", version, semanticVersion,
//!       informationUri (only when Cargo.toml names a homepage or repository),
//!       rules (§3.19.23): [reportingDescriptor (§3.49) for every rule, in code order] } },
//!   invocations (§3.20): [{ executionSuccessful (§3.20.14): no input failed,
//!       toolExecutionNotifications (§3.20.21): [notification (§3.58) per unreadable file] }],
//!   originalUriBaseIds: { "%SRCROOT%": description only },
//!   columnKind (§3.14.27): "unicodeCodePoints",
//!   results (§3.27): [...] }
//! ```
//!
//! - A rule descriptor has `id` (the code), `name` (the kebab-case name),
//!   `shortDescription` (the one-line summary), `fullDescription` (the doc's *What it
//!   checks* paragraph), `help` (the whole doc, as text and Markdown),
//!   `defaultConfiguration.level`, and `properties`: `tags` (`privacy-policy` and the
//!   family), `family`, and `requirements` — the profile requirements (`id`, `citation`,
//!   `profile`) behind this run's findings of the rule. Rules have no web page of their own,
//!   so there is no `helpUri`.
//! - A result has `ruleId`, `ruleIndex` (into `rules`), `level` (`error`, `warning`, or
//!   `note` for info), `message.text`, one location whose `physicalLocation` has
//!   `artifactLocation { uri, uriBaseId: "%SRCROOT%" }` (the path relative to the folder
//!   redline ran in, percent-encoded from the name's bytes, so a name that is not UTF-8
//!   keeps them, `%FF`; an absolute path becomes a `file:` URI without base;
//!   standard input is `{ uri: "stdin", description }`, see [`STDIN_URI`])
//!   and `region { startLine, startColumn, endLine, endColumn }` (1-based; `endColumn` is
//!   the column after the last character, §3.30); `relatedLocations` for the labels, with
//!   their messages; `partialFingerprints` (§3.27.17) under [`FINGERPRINT_KEY`] — see
//!   [`super::finding`] for the recipe, which leaves out line numbers so a finding keeps
//!   its identity when lines shift; and `properties`: `name` (the rule name), `help` and
//!   `requirement` when the finding has them.
//!
//! Columns count characters (Unicode code points), not the UTF-16 code units SARIF assumes
//! by default, hence `columnKind`.
//!
//! Why `serde_json` and not a SARIF crate: the log uses a small fixed subset of SARIF, the
//! shape above is its documentation, and the test validates the output against the
//! official schema (`tests/sarif.rs`). The envelope (tool, rules, invocations) is built
//! with `json!`; the results, which grow with the findings, are typed structs serialised
//! one by one as the log is written ([`write`]): a 100 MB policy's log is never held in
//! memory, in any form.

use std::io::{self, Write};
use std::path::Path;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq};
use serde_json::{Map, Value, json};
use std::path::Component;

use super::FileResult;
use super::finding::{FINGERPRINT_KEY, Position, placed, report_path, span_positions};
use crate::diagnostic::{RequirementRef, Severity};
use crate::rules::{Family, registry};

/// The schema URI written as `$schema`: the OASIS-published SARIF 2.1.0 Errata 01 schema.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The URI base every relative artifact location is resolved against: the folder redline
/// was run in (GitHub's upload action maps it to the checkout).
pub const SRCROOT: &str = "%SRCROOT%";

/// Characters percent-encoded in a relative path segment (RFC 3986: everything that is not
/// allowed in a path segment, plus `%` itself).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The SARIF level of a severity (§3.27.10): `error`, `warning`, `note`.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn family_name(f: Family) -> &'static str {
    match f {
        Family::Structure => "structure",
        Family::Required => "required-content",
        Family::Dates => "dates",
        Family::Contact => "contact",
        Family::References => "references",
        Family::Language => "language",
        Family::Meta => "meta",
        Family::PolicyChange => "policy-change",
    }
}

/// The `uri` given to standard input (`check -`), which has no path. SARIF's
/// `artifactLocation.uri` must be a URI reference (§3.4.3, §3.10), which `-` is, naming a
/// file `-` under [`SRCROOT`] that does not exist. Leaving `uri` out is valid SARIF, but
/// GitHub code scanning rejects the whole upload then ("expected artifact location"), so
/// standard input gets this stable relative name, without `uriBaseId` (it is no file
/// under the source root) and with a `description` saying what it is.
pub const STDIN_URI: &str = "stdin";

/// The *What it checks* paragraph of a rule's documentation, on one line.
fn what_it_checks(docs: &str) -> String {
    let body = docs
        .split("## What it checks")
        .nth(1)
        .unwrap_or(docs)
        .split("\n## ")
        .next()
        .unwrap_or("");
    body.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `artifactLocation` of a path as given: `-` is standard input ([`STDIN_URI`]), an
/// absolute path a `file:` URI, and a relative path gets [`SRCROOT`] as base
/// ([`relative_uri`]). Results and the notifications of unreadable files use it alike.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactOut {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<TextOut<'static>>,
}

fn artifact_out(path: &Path) -> ArtifactOut {
    if path == Path::new("-") {
        return ArtifactOut {
            uri: STDIN_URI.to_string(),
            uri_base_id: None,
            description: Some(TextOut {
                text: "standard input",
            }),
        };
    }
    if path.is_absolute()
        && let Ok(url) = url::Url::from_file_path(path)
    {
        // The url crate percent-encodes the name's bytes, so a name that is not UTF-8
        // keeps them (`%FF`).
        return ArtifactOut {
            uri: url.as_str().to_string(),
            uri_base_id: None,
            description: None,
        };
    }
    ArtifactOut {
        uri: relative_uri(path),
        uri_base_id: Some(SRCROOT),
        description: None,
    }
}

/// The relative `uri` of a path: the segments of [`report_path`] (no `.`, `/`
/// separators), each percent-encoded ([`SEGMENT`]) from the bytes of the name as the file
/// system has it. A name that is not valid UTF-8 keeps its bytes (`%FF`, RFC 3986 §2.1)
/// instead of becoming U+FFFD (`%EF%BF%BD`), which another file could really be called;
/// on other platforms than Unix names are UTF-16 and are taken as [`report_path`] does.
fn relative_uri(path: &Path) -> String {
    let mut segments: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir | Component::RootDir => {}
            Component::ParentDir => segments.push("..".to_string()),
            Component::Prefix(p) => {
                segments.push(
                    utf8_percent_encode(&p.as_os_str().to_string_lossy(), SEGMENT).to_string(),
                );
            }
            Component::Normal(n) => segments.push(encode_name(n)),
        }
    }
    if segments.is_empty() {
        return utf8_percent_encode(&report_path(path), SEGMENT).to_string();
    }
    segments.join("/")
}

/// One file or folder name, percent-encoded from its bytes ([`relative_uri`]).
#[cfg(unix)]
fn encode_name(name: &std::ffi::OsStr) -> String {
    use std::os::unix::ffi::OsStrExt;
    percent_encoding::percent_encode(name.as_bytes(), SEGMENT).to_string()
}

/// One file or folder name, percent-encoded as UTF-8 ([`relative_uri`]).
#[cfg(not(unix))]
fn encode_name(name: &std::ffi::OsStr) -> String {
    utf8_percent_encode(&name.to_string_lossy(), SEGMENT).to_string()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RegionOut {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn region_out(start: Position, end: Position) -> RegionOut {
    RegionOut {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

#[derive(Serialize)]
struct TextOut<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalOut<'a> {
    artifact_location: &'a ArtifactOut,
    region: RegionOut,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LocationOut<'a> {
    physical_location: PhysicalOut<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedOut<'a> {
    id: usize,
    physical_location: PhysicalOut<'a>,
    message: TextOut<'a>,
}

/// `partialFingerprints`: one entry, [`FINGERPRINT_KEY`].
struct FingerprintsOut<'a>(&'a str);

impl Serialize for FingerprintsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(FINGERPRINT_KEY, self.0)?;
        map.end()
    }
}

#[derive(Serialize)]
struct PropertiesOut<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    requirement: Option<&'a RequirementRef>,
}

/// One result (§3.27), keys in the order of the module docs.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultOut<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: TextOut<'a>,
    locations: [LocationOut<'a>; 1],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    related_locations: Vec<RelatedOut<'a>>,
    partial_fingerprints: FingerprintsOut<'a>,
    properties: PropertiesOut<'a>,
}

/// The run's `results` array, serialised finding by finding as it is written.
struct ResultsOut<'a> {
    results: &'a [FileResult],
    rules: &'a [&'static crate::rules::RuleMeta],
}

impl Serialize for ResultsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for r in self.results {
            let FileResult::Checked {
                source,
                diagnostics,
            } = r
            else {
                continue;
            };
            let location = artifact_out(&source.path);
            for f in placed(source, diagnostics) {
                let d = f.diagnostic;
                let related = d
                    .labels
                    .iter()
                    .enumerate()
                    .map(|(k, l)| {
                        let (start, end) = span_positions(source, l.span);
                        RelatedOut {
                            id: k,
                            physical_location: PhysicalOut {
                                artifact_location: &location,
                                region: region_out(start, end),
                            },
                            message: TextOut { text: &l.message },
                        }
                    })
                    .collect();
                seq.serialize_element(&ResultOut {
                    rule_id: d.code,
                    rule_index: self.rules.iter().position(|m| m.code == d.code),
                    level: level(d.severity),
                    message: TextOut { text: &d.message },
                    locations: [LocationOut {
                        physical_location: PhysicalOut {
                            artifact_location: &location,
                            region: region_out(f.start, f.end),
                        },
                    }],
                    related_locations: related,
                    partial_fingerprints: FingerprintsOut(&f.fingerprint),
                    properties: PropertiesOut {
                        name: d.name,
                        help: d.help.as_deref(),
                        requirement: d.requirement.as_deref(),
                    },
                })?;
            }
        }
        seq.end()
    }
}

/// Writes every result as one SARIF 2.1.0 log (pretty-printed, ending in a newline: what
/// [`render`] returns), serialising each result as it is written: neither the log nor its
/// results are built in memory first. A first pass over the findings gathers what the
/// envelope before `results` needs (each rule's requirements, the unreadable files).
/// `out` should be buffered. Errors are those of `out`.
pub fn write(results: &[FileResult], out: &mut impl Write) -> io::Result<()> {
    let rules = registry::all();
    let mut requirements: Vec<Vec<&RequirementRef>> = vec![Vec::new(); rules.len()];
    let mut notifications = Vec::new();
    for r in results {
        match r {
            FileResult::Checked { diagnostics, .. } => {
                for d in diagnostics {
                    let index = rules.iter().position(|m| m.code == d.code);
                    if let (Some(i), Some(req)) = (index, d.requirement.as_deref())
                        && !requirements[i].contains(&req)
                    {
                        requirements[i].push(req);
                    }
                }
            }
            FileResult::Failed { path, error } => {
                let location = artifact_out(path);
                let path = report_path(path);
                notifications.push(json!({
                    "level": "error",
                    "message": { "text": format!("{path}: not checked ({error})") },
                    "locations": [{
                        "physicalLocation": { "artifactLocation": location }
                    }],
                    "descriptor": { "id": "input-error" },
                }));
            }
        }
    }
    let rule_descriptors: Vec<Value> = rules
        .iter()
        .zip(&requirements)
        .map(|(m, reqs)| {
            let mut reqs: Vec<&RequirementRef> = reqs.clone();
            reqs.sort_by(|a, b| (&a.profile, &a.id).cmp(&(&b.profile, &b.id)));
            let docs = m.documentation();
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": what_it_checks(&docs) },
                "help": { "text": docs, "markdown": docs },
                "defaultConfiguration": { "level": level(m.default_severity) },
                "properties": {
                    "tags": ["privacy-policy", family_name(m.family)],
                    "family": family_name(m.family),
                    "requirements": reqs,
                },
            })
        })
        .collect();
    let mut driver = Map::new();
    driver.insert("name".into(), "redline".into());
    driver.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    driver.insert("semanticVersion".into(), env!("CARGO_PKG_VERSION").into());
    if let Some(uri) = information_uri() {
        driver.insert("informationUri".into(), uri.into());
    }
    driver.insert("rules".into(), rule_descriptors.into());
    let mut invocation = Map::new();
    invocation.insert(
        "executionSuccessful".into(),
        notifications.is_empty().into(),
    );
    if !notifications.is_empty() {
        invocation.insert("toolExecutionNotifications".into(), notifications.into());
    }

    #[derive(Serialize)]
    struct Log<'a> {
        #[serde(rename = "$schema")]
        schema: &'static str,
        version: &'static str,
        runs: [Run<'a>; 1],
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Run<'a> {
        tool: Value,
        invocations: [Value; 1],
        original_uri_base_ids: Value,
        column_kind: &'static str,
        results: ResultsOut<'a>,
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: json!({ "driver": driver }),
            invocations: [Value::Object(invocation)],
            original_uri_base_ids: json!({
                SRCROOT: { "description": { "text": "The folder redline was run in; paths are relative to it." } }
            }),
            column_kind: "unicodeCodePoints",
            results: ResultsOut {
                results,
                rules: &rules,
            },
        }],
    };
    super::safe_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
    out.write_all(b"\n")
}

/// Renders every result as one SARIF 2.1.0 log (pretty-printed, ending in a newline):
/// [`write`] into a string.
pub fn render(results: &[FileResult]) -> String {
    let mut out = Vec::new();
    write(results, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// `informationUri`: the package's homepage or repository from Cargo.toml, when set. None
/// is set yet, and a made-up address would be worse than none.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| !u.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_percent_encoded_under_srcroot() {
        let location = |p: &str| serde_json::to_value(artifact_out(Path::new(p))).unwrap();
        assert_eq!(
            location("policies/a b#1.md"),
            json!({"uri": "policies/a%20b%231.md", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            location("./policies/../x.md"),
            json!({"uri": "policies/../x.md", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            location("/tmp/x y.md"),
            json!({"uri": "file:///tmp/x%20y.md"})
        );
        assert_eq!(
            location("-"),
            json!({"uri": "stdin", "description": {"text": "standard input"}})
        );
    }

    #[test]
    fn what_it_checks_is_the_first_section() {
        let docs = "## What it checks\nOne\ntwo.\n\n## Why it matters\nNo.\n";
        assert_eq!(what_it_checks(docs), "One two.");
    }
}
