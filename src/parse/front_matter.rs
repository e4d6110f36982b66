//! Front matter at the top of a Markdown policy: YAML between `---` lines (Jekyll, GitHub
//! Pages, Docusaurus) or TOML between `+++` lines (Hugo, Zola), read as metadata.
//!
//! Keys read (top level, any case):
//!
//! | key | becomes |
//! |---|---|
//! | `title` | the document title, when the body has no title heading |
//! | `last_updated`, `updated`, `lastmod`, `last_modified`, `modified`, `date` | a [`DateRole::LastUpdated`] date |
//! | `effective`, `effective_date` | a [`DateRole::Effective`] date |
//! | `version` | [`crate::ast::Metadata::version`] |
//!
//! Dates go into `doc.metadata.dates` like a labelled date line, so the date rules (stale
//! policy, missing effective date, inconsistent dates ...) use them. A date value may be
//! written in any form the date finder knows (`2024-03-01`, `1 March 2024`), and may carry a
//! time (`2024-03-01T10:00:00Z`, Hugo's `lastmod`), which is dropped. Every span points at
//! the value in the front matter (inside its quotes), the mention span at the whole
//! `key: value` line. Other keys (`layout`, `permalink`, `redirect_from` ...) are ignored.
//!
//! A problem — an opening `---`/`+++` never closed, YAML or TOML that does not parse, a
//! front matter that is not a table of keys, a date key whose value is not a date — is
//! recorded in [`FrontMatter::problems`], never a panic or a refused file; the rule S007
//! `invalid-front-matter` reports it. The rest of the document is parsed as usual.
//!
//! Why parse the YAML at all, rather than scan `key: value` lines: invalid YAML breaks the
//! site generator that publishes the policy, so it is worth reporting, and only a parser
//! knows it is invalid. `yaml-rust2` (a maintained pure-Rust YAML 1.2 parser, no `unsafe`
//! bindings, no serde layer) and the `toml` crate already used for configuration do that.
//! Values are then located in the source by their `key:` line, because neither parser
//! keeps the spans of values; a key the line scan cannot place (inside a flow mapping)
//! gets the span of the whole front matter.

use crate::analyze::dates;
use crate::ast::{
    DateMention, DateRole, FrontMatter, FrontMatterProblem, FrontMatterSyntax, Span, Text,
};

/// Keys (lower case) whose value is a last-updated date.
pub const LAST_UPDATED_KEYS: &[&str] = &[
    "last_updated",
    "updated",
    "lastmod",
    "last_modified",
    "modified",
    "date",
];

/// Keys (lower case) whose value is an effective date.
pub const EFFECTIVE_KEYS: &[&str] = &["effective", "effective_date"];

/// What the front matter says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The block and its problems.
    pub front_matter: FrontMatter,
    /// `title:`.
    pub title: Option<Text>,
    /// `version:`.
    pub version: Option<Text>,
    /// The dates, in source order.
    pub dates: Vec<DateMention>,
}

/// A scalar value: its text and where that text is.
struct Value {
    text: String,
    span: Span,
    line: Span,
}

/// Reads the front matter at the start of `text` (already `\n`-normalised). `None` when the
/// text does not open with `---` or `+++` directly followed by a non-blank line (a `---`
/// followed by a blank line is a thematic break, as in CommonMark).
pub fn parse(text: &str) -> Option<Parsed> {
    let (syntax, marker) = if text.starts_with("---") {
        (FrontMatterSyntax::Yaml, "---")
    } else if text.starts_with("+++") {
        (FrontMatterSyntax::Toml, "+++")
    } else {
        return None;
    };
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != marker {
        return None;
    }
    let body_start = first_end + 1;
    let second = text[body_start..].split('\n').next().unwrap_or("");
    if second.trim().is_empty() {
        return None;
    }
    // The closing line: the same marker (YAML also allows `...`).
    let mut offset = body_start;
    let mut close = None;
    for line in text[body_start..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == marker || (syntax == FrontMatterSyntax::Yaml && bare == "...") {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let mut parsed = Parsed {
        front_matter: FrontMatter {
            syntax,
            span: Span::new(0, first_end),
            problems: Vec::new(),
        },
        title: None,
        version: None,
        dates: Vec::new(),
    };
    let Some((body_end, block_end)) = close else {
        parsed.front_matter.problems.push(FrontMatterProblem {
            message: format!(
                "the front matter opened by `{marker}` on line 1 is never closed by a `{marker}` line"
            ),
            span: Span::new(0, first_end),
        });
        return Some(parsed);
    };
    parsed.front_matter.span = Span::new(0, block_end.min(text.len()));
    let body = &text[body_start..body_end];
    let keys = match syntax {
        FrontMatterSyntax::Yaml => yaml_keys(body, body_start),
        FrontMatterSyntax::Toml => toml_keys(body, body_start),
    };
    let keys = match keys {
        Ok(k) => k,
        Err(problem) => {
            parsed.front_matter.problems.push(problem);
            return Some(parsed);
        }
    };
    let whole = parsed.front_matter.span;
    for (key, value) in keys {
        let lower = key.to_lowercase();
        let role = if LAST_UPDATED_KEYS.contains(&lower.as_str()) {
            Some(DateRole::LastUpdated)
        } else if EFFECTIVE_KEYS.contains(&lower.as_str()) {
            Some(DateRole::Effective)
        } else {
            None
        };
        if lower != "title" && lower != "version" && role.is_none() {
            continue;
        }
        let value = match value {
            Scalar::Text(t) => locate(text, body_start, body_end, &key, t).unwrap_or(Value {
                text: String::new(),
                span: whole,
                line: whole,
            }),
            Scalar::Other(what) => {
                let span = locate(text, body_start, body_end, &key, String::new())
                    .map_or(whole, |v| v.line);
                if role.is_some() {
                    parsed.front_matter.problems.push(FrontMatterProblem {
                        message: format!("`{key}` should be a date, but it is {what}"),
                        span,
                    });
                }
                continue;
            }
        };
        if value.text.trim().is_empty() {
            if role.is_some() {
                parsed.front_matter.problems.push(FrontMatterProblem {
                    message: format!("`{key}` has no value; give the date as YYYY-MM-DD"),
                    span: value.line,
                });
            }
            continue;
        }
        match role {
            Some(role) => match date_of(&value.text) {
                Some((date, len)) => parsed.dates.push(DateMention {
                    date,
                    role,
                    text: value.text[..len].to_string(),
                    span: Span::new(value.span.start, value.span.start + len),
                    mention_span: value.line,
                }),
                None => parsed.front_matter.problems.push(FrontMatterProblem {
                    message: format!(
                        "`{key}: {}` is not a date; give it as YYYY-MM-DD",
                        value.text
                    ),
                    span: value.span,
                }),
            },
            None if lower == "title" => {
                parsed.title = Some(Text::verbatim(&value.text, value.span));
            }
            None => parsed.version = Some(Text::verbatim(&value.text, value.span)),
        }
    }
    parsed.dates.sort_by_key(|d| d.span);
    Some(parsed)
}

/// A top-level value: a scalar's text, or a description of a non-scalar ("a list").
enum Scalar {
    Text(String),
    Other(&'static str),
}

/// Deepest nesting (indentation columns, plus sequence dashes and open brackets on a line)
/// accepted in YAML front matter. Real front matter nests two or three levels; the YAML
/// parser recurses once per level, so hostile input (thousands of levels) would overflow
/// the stack, and no input may crash redline.
pub const MAX_YAML_NESTING: usize = 64;

/// A conservative bound of the nesting depth of YAML text (see [`MAX_YAML_NESTING`]).
fn yaml_nesting(body: &str) -> usize {
    let mut flow: usize = 0;
    let mut max = 0;
    for line in body.split('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut rest = &line[indent..];
        let mut dashes = 0;
        while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
            dashes += 2;
            rest = r.trim_start_matches(' ');
        }
        let mut deepest = flow;
        for c in rest.chars() {
            match c {
                '[' | '{' => {
                    flow += 1;
                    deepest = deepest.max(flow);
                }
                ']' | '}' => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
        max = max.max(indent + dashes + deepest);
    }
    max
}

fn yaml_keys(body: &str, base: usize) -> Result<Vec<(String, Scalar)>, FrontMatterProblem> {
    use yaml_rust2::Yaml;
    if yaml_nesting(body) > MAX_YAML_NESTING {
        return Err(FrontMatterProblem {
            message: format!(
                "the YAML front matter is nested more than {MAX_YAML_NESTING} levels deep; redline does not read it"
            ),
            span: Span::new(base, base + body.len()),
        });
    }
    let docs = yaml_rust2::YamlLoader::load_from_str(body).map_err(|e| {
        let line = e.marker().line().max(1);
        FrontMatterProblem {
            message: format!(
                "the YAML front matter does not parse: {} (front matter line {line})",
                e.info()
            ),
            span: line_span(body, base, line),
        }
    })?;
    let Some(doc) = docs.first() else {
        return Ok(Vec::new());
    };
    let Yaml::Hash(map) = doc else {
        return Err(FrontMatterProblem {
            message: "the YAML front matter is not a list of `key: value` pairs".into(),
            span: Span::new(base, base + body.len()),
        });
    };
    Ok(map
        .iter()
        .filter_map(|(k, v)| {
            let key = k.as_str()?.to_string();
            let value = match v {
                Yaml::String(s) | Yaml::Real(s) => Scalar::Text(s.clone()),
                Yaml::Integer(i) => Scalar::Text(i.to_string()),
                Yaml::Boolean(b) => Scalar::Other(if *b { "`true`" } else { "`false`" }),
                Yaml::Null => Scalar::Text(String::new()),
                Yaml::Array(_) => Scalar::Other("a list"),
                Yaml::Hash(_) => Scalar::Other("a table of keys"),
                _ => Scalar::Other("not a plain value"),
            };
            Some((key, value))
        })
        .collect())
}

fn toml_keys(body: &str, base: usize) -> Result<Vec<(String, Scalar)>, FrontMatterProblem> {
    let table: toml::Table = toml::from_str(body).map_err(|e| {
        let span = e
            .span()
            .map(|r| {
                Span::new(
                    base + r.start,
                    base + r.end.max(r.start + 1).min(body.len()),
                )
            })
            .unwrap_or(Span::new(base, base + body.len()));
        FrontMatterProblem {
            message: format!(
                "the TOML front matter does not parse: {}",
                e.message().trim_end()
            ),
            span,
        }
    })?;
    Ok(table
        .into_iter()
        .map(|(k, v)| {
            let value = match v {
                toml::Value::String(s) => Scalar::Text(s),
                toml::Value::Integer(i) => Scalar::Text(i.to_string()),
                toml::Value::Float(f) => Scalar::Text(f.to_string()),
                toml::Value::Datetime(d) => Scalar::Text(d.to_string()),
                toml::Value::Boolean(b) => Scalar::Other(if b { "`true`" } else { "`false`" }),
                toml::Value::Array(_) => Scalar::Other("an array"),
                toml::Value::Table(_) => Scalar::Other("a table"),
            };
            (k, value)
        })
        .collect())
}

/// The byte span of line `n` (1-based) of `body`, which starts at `base`; a blank line or
/// one past the end (where parsers report an unexpected end of input) gives the last
/// non-blank line before it.
fn line_span(body: &str, base: usize, n: usize) -> Span {
    let mut offset = base;
    let mut last = Span::new(base, base + body.len());
    for (k, line) in body.split('\n').enumerate() {
        let span = Span::new(offset, offset + line.len());
        offset += line.len() + 1;
        if !line.trim().is_empty() {
            last = span;
        }
        if k + 1 >= n && !line.trim().is_empty() {
            return span;
        }
        if k + 1 >= n {
            break;
        }
    }
    last
}

/// Finds the `key: value` (`key = value`) line of a top-level key and the value's text in
/// it, without quotes or a trailing comment. `parsed` is the value the parser gave, which
/// wins when the source text is quoted with escapes.
fn locate(text: &str, start: usize, end: usize, key: &str, parsed: String) -> Option<Value> {
    let mut offset = start;
    for line in text[start..end].split('\n') {
        let line_start = offset;
        offset += line.len() + 1;
        let Some(rest) = line.strip_prefix(key) else {
            continue;
        };
        let after = rest.trim_start();
        let Some(value) = after.strip_prefix(':').or_else(|| after.strip_prefix('=')) else {
            continue;
        };
        let lead = value.len() - value.trim_start().len();
        let mut v_start = line.len() - value.len() + lead;
        let mut raw = value.trim();
        if let Some(q) = raw.chars().next().filter(|c| *c == '"' || *c == '\'')
            && let Some(close) = raw[1..].find(q)
        {
            raw = &raw[1..1 + close];
            v_start += 1;
        } else if let Some(hash) = raw.find(" #") {
            raw = raw[..hash].trim_end();
        }
        let shown = if parsed.is_empty() || parsed == raw {
            raw.to_string()
        } else {
            parsed
        };
        let abs = line_start + v_start;
        return Some(Value {
            span: Span::new(abs, abs + raw.len()),
            text: shown,
            line: Span::new(line_start, line_start + line.len()),
        });
    }
    None
}

/// The date at the start of a front-matter value, and the length of its text. A time after
/// an ISO date (`2024-03-01T10:00:00Z`, `2024-03-01 10:00:00 +0100`) is allowed and left
/// out; anything else after the date makes it no date.
fn date_of(value: &str) -> Option<(chrono::NaiveDate, usize)> {
    let v = value.trim_end();
    let b = v.as_bytes();
    let date_part = if b.len() > 11
        && matches!(b[10], b'T' | b't' | b' ')
        && b[11].is_ascii_digit()
        && b[4] == b'-'
        && b[7] == b'-'
    {
        &v[..10]
    } else {
        v
    };
    let found = dates::find_dates(date_part);
    let d = found.first()?;
    let whole = date_part.trim_end_matches(['.', ',']).len();
    (d.start == 0 && d.end == whole).then_some((d.date, d.end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn yaml_dates_title_and_version() {
        let src = "---\ntitle: \"Privacy Policy\"\nlayout: page\nlast_updated: 2025-03-01\neffective_date: '1 April 2025'\nversion: 4.2\nlastmod: 2025-02-28T09:15:00Z # from git\n---\n\n# Body\n";
        let p = parse(src).unwrap();
        assert!(
            p.front_matter.problems.is_empty(),
            "{:?}",
            p.front_matter.problems
        );
        assert_eq!(
            at(src, p.front_matter.span),
            &src[..src.find("\n\n#").unwrap() + 1]
        );
        assert_eq!(p.title.as_ref().unwrap().text, "Privacy Policy");
        assert_eq!(at(src, p.title.unwrap().span), "Privacy Policy");
        assert_eq!(p.version.as_ref().unwrap().text, "4.2");
        let dates: Vec<_> = p
            .dates
            .iter()
            .map(|d| {
                (
                    d.date.to_string(),
                    d.role,
                    at(src, d.span),
                    at(src, d.mention_span),
                )
            })
            .collect();
        assert_eq!(
            dates,
            [
                (
                    "2025-03-01".into(),
                    DateRole::LastUpdated,
                    "2025-03-01",
                    "last_updated: 2025-03-01"
                ),
                (
                    "2025-04-01".into(),
                    DateRole::Effective,
                    "1 April 2025",
                    "effective_date: '1 April 2025'"
                ),
                (
                    "2025-02-28".into(),
                    DateRole::LastUpdated,
                    "2025-02-28",
                    "lastmod: 2025-02-28T09:15:00Z # from git"
                ),
            ]
        );
    }

    #[test]
    fn toml_front_matter() {
        let src = "+++\ntitle = \"Datenschutz\"\ndate = 2024-05-06\nupdated = \"2024-07-08\"\n[extra]\nversion = 9\n+++\n\nText.\n";
        let p = parse(src).unwrap();
        assert!(
            p.front_matter.problems.is_empty(),
            "{:?}",
            p.front_matter.problems
        );
        assert_eq!(p.front_matter.syntax, FrontMatterSyntax::Toml);
        assert_eq!(p.title.unwrap().text, "Datenschutz");
        // `version` under [extra] is not top level.
        assert_eq!(p.version, None);
        let dates: Vec<_> = p
            .dates
            .iter()
            .map(|d| (d.date.to_string(), at(src, d.span)))
            .collect();
        assert_eq!(
            dates,
            [
                ("2024-05-06".into(), "2024-05-06"),
                ("2024-07-08".into(), "2024-07-08")
            ]
        );
    }

    #[test]
    fn problems_are_recorded_not_fatal() {
        let cases = [
            ("---\ntitle: x\n\n# Body\n", "never closed", "---"),
            (
                "---\ntitle: [unclosed\n---\n",
                "YAML front matter does not parse",
                "title: [unclosed",
            ),
            (
                "---\n- a\n- b\n---\n",
                "not a list of `key: value` pairs",
                "- a\n- b\n",
            ),
            (
                "---\nupdated: soon\n---\n",
                "`updated: soon` is not a date",
                "soon",
            ),
            (
                "---\ndate: 2024-13-45\n---\n",
                "`date: 2024-13-45` is not a date",
                "2024-13-45",
            ),
            (
                "---\neffective:\n---\n",
                "`effective` has no value",
                "effective:",
            ),
            (
                "---\ndate:\n  - 2024-01-01\n---\n",
                "`date` should be a date, but it is a list",
                "date:",
            ),
            (
                "+++\ntitle = \n+++\n",
                "TOML front matter does not parse",
                "",
            ),
            (
                "+++\nupdated = true\n+++\n",
                "`updated` should be a date, but it is `true`",
                "updated = true",
            ),
        ];
        for (src, message, span_text) in cases {
            let p = parse(src).unwrap_or_else(|| panic!("{src:?}: no front matter"));
            let problem = p
                .front_matter
                .problems
                .first()
                .unwrap_or_else(|| panic!("{src:?}: no problem"));
            assert!(
                problem.message.contains(message),
                "{src:?}: {}",
                problem.message
            );
            if !span_text.is_empty() {
                assert_eq!(at(src, problem.span), span_text, "{src:?}");
            }
            assert!(p.dates.is_empty());
        }
    }

    #[test]
    fn not_front_matter() {
        assert!(parse("---\n\nA thematic break first.\n").is_none());
        assert!(parse("# Title\n---\ndate: 2024-01-01\n---\n").is_none());
        assert!(parse("----\ntitle: x\n----\n").is_none());
        assert!(parse("---").is_none());
    }
}
