//! Runs the selected rules over a parsed document and applies configuration: rule selection,
//! severities and suppression comments.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::analyze::Facts;
use crate::ast::{Document, Span};
use crate::change::{BaseVersion, Change};
use crate::config::{Level, Organisation};
use crate::diagnostic::Diagnostic;
use crate::parse::parse;
use crate::profiles::Profile;
use crate::rules::dates::stale_policy::DEFAULT_STALE_AFTER_DAYS;
use crate::rules::meta::unused_suppression::UnusedSuppression;
use crate::rules::{Context, registry};
use crate::source::Source;

/// Everything that changes what is reported for one file.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The date staleness is measured against.
    pub today: NaiveDate,
    /// Days after which a policy is stale (a profile's `max_policy_age_days` may lower it).
    pub stale_after_days: i64,
    /// Profiles to check against; `generic` when none is chosen.
    pub profiles: Vec<Profile>,
    /// Codes of the rules to run (after `select` and `ignore`).
    pub enabled: Vec<&'static str>,
    /// Severity changes by rule code.
    pub severity: BTreeMap<&'static str, Level>,
    /// Organisation facts from the configuration.
    pub organisation: Organisation,
}

impl Settings {
    /// Every rule, the generic profile, default staleness, and the given "today".
    pub fn new(today: NaiveDate) -> Self {
        Settings {
            today,
            stale_after_days: DEFAULT_STALE_AFTER_DAYS,
            profiles: vec![
                crate::profiles::load("generic").expect("the built-in generic profile is valid"),
            ],
            enabled: registry::all().iter().map(|m| m.code).collect(),
            severity: BTreeMap::new(),
            organisation: Organisation::default(),
        }
    }

    /// Keeps only the rules named by `selectors` (codes, names, family letters).
    pub fn select(&mut self, selectors: &[&str]) {
        let chosen: Vec<&'static str> = selectors
            .iter()
            .flat_map(|s| registry::select(s))
            .map(|m| m.code)
            .collect();
        self.enabled.retain(|c| chosen.contains(c));
    }

    /// Removes the rules named by `selectors`.
    pub fn ignore(&mut self, selectors: &[&str]) {
        let dropped: Vec<&'static str> = selectors
            .iter()
            .flat_map(|s| registry::select(s))
            .map(|m| m.code)
            .collect();
        self.enabled.retain(|c| !dropped.contains(c));
    }

    /// Sets the severity (or `off`) of the rules a selector names.
    pub fn set_severity(&mut self, selector: &str, level: Level) {
        for m in registry::select(selector) {
            self.severity.insert(m.code, level);
        }
    }
}

/// The outcome of linting one source.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The parsed document.
    pub document: Document,
    /// Extracted facts.
    pub facts: Facts,
    /// Findings, sorted by position then code.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses, analyses and lints one source. The diff-aware `P` rules do not run (see
/// [`lint_against`]).
pub fn lint(source: &Source, settings: &Settings) -> Checked {
    lint_against(source, settings, None)
}

/// Parses, analyses and lints one source; with `base`, also compares it with its version
/// at the base revision (the semantic diff) and runs the diff-aware `P` rules. Without
/// `base` the `P` rules do not run at all, so a suppression naming one is not reported as
/// unused.
pub fn lint_against(source: &Source, settings: &Settings, base: Option<&BaseVersion>) -> Checked {
    let (document, dates) = crate::parse::parse_with_dates(source);
    let facts = crate::analyze::analyze_with_dates(&document, dates);
    let change = base.map(|b| {
        let old = parse(&b.source);
        let options = crate::diff::DiffOptions {
            deadline: b.deadline,
        };
        let report = crate::diff::diff(&b.source, &old, source, &document, &options);
        Change {
            rev: b.rev.clone(),
            old,
            report,
            changelog: b.changelog.clone(),
            notice_days: b.notice_days,
        }
    });
    let enabled: Vec<&'static str> = settings
        .enabled
        .iter()
        .copied()
        .filter(|code| {
            change.is_some()
                || registry::find(code)
                    .is_none_or(|r| r.meta().family != crate::rules::Family::PolicyChange)
        })
        .collect();
    let lower_text = document.lower_body_text();
    let ctx = Context {
        lower_text: &lower_text,
        doc: &document,
        facts: &facts,
        text: &source.text,
        today: settings.today,
        stale_after_days: settings.stale_after_days,
        profiles: &settings.profiles,
        organisation: &settings.organisation,
        change: change.as_ref(),
    };
    // Rules are independent readers of the same context: run them on the rayon pool (the
    // calling thread's pool when `check` runs files in parallel, where they simply join
    // the queue). One file, as in a pre-commit hook, then uses every core. Results are
    // collected in registry order, so the output does not depend on scheduling.
    use rayon::prelude::*;
    let per_rule: Vec<Vec<Diagnostic>> = registry::RULES
        .par_iter()
        .map(|rule| {
            let code = rule.meta().code;
            let level = settings.severity.get(code).copied();
            if !enabled.contains(&code) || level == Some(Level::Off) {
                return Vec::new();
            }
            let mut found = rule.check(&ctx);
            if let Some(sev) = level.and_then(Level::severity) {
                for d in &mut found {
                    d.severity = sev;
                }
            }
            found
        })
        .collect();
    let diagnostics: Vec<Diagnostic> = per_rule.into_iter().flatten().collect();
    let mut diagnostics = apply_suppressions(source, &document, diagnostics, &enabled);
    if !settings.enabled.contains(&UnusedSuppression::META.code)
        || settings.severity.get(UnusedSuppression::META.code) == Some(&Level::Off)
    {
        diagnostics.retain(|d| d.code != UnusedSuppression::META.code);
    } else if let Some(sev) = settings
        .severity
        .get(UnusedSuppression::META.code)
        .and_then(|l| l.severity())
    {
        for d in diagnostics
            .iter_mut()
            .filter(|d| d.code == UnusedSuppression::META.code)
        {
            d.severity = sev;
        }
    }
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Checked {
        document,
        facts,
        diagnostics,
    }
}

/// One parsed suppression directive.
#[derive(Debug)]
struct Directive {
    /// The comment.
    span: Span,
    /// Rule codes it names, with the selector as written.
    rules: Vec<(String, Vec<&'static str>)>,
    /// First and last line (1-based, inclusive) it covers.
    lines: (usize, usize),
    /// How many findings it suppressed, per named selector.
    used: Vec<usize>,
}

/// The directive words, after `redline-`.
const DISABLE_NEXT_LINE: &str = "redline-disable-next-line";
const DISABLE: &str = "redline-disable";
const ENABLE: &str = "redline-enable";

/// `S001, toc-entry-missing: reason` → the selectors before the `:`.
fn selectors(rest: &str) -> Vec<String> {
    let list = rest.split(':').next().unwrap_or("");
    list.split([',', ' ', '\t', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Parses the suppression comments of a document into directives with line ranges.
fn directives(source: &Source, doc: &Document) -> Vec<Directive> {
    let line_of = |off: usize| source.line_col(off).0;
    let last_line = source.lines.line_count();
    let mut out = Vec::new();
    // Open `redline-disable` ranges, by selector.
    let mut open: Vec<(usize, String, Span)> = Vec::new();
    for c in &doc.comments {
        let text = c.text.trim();
        let end_line = line_of(c.span.end.saturating_sub(1));
        if let Some(rest) = text.strip_prefix(DISABLE_NEXT_LINE) {
            // The next line that is not blank.
            let mut target = end_line + 1;
            while target <= last_line {
                let (s, e) = source.lines.line_span(target).unwrap_or((0, 0));
                if !source.text[s..e].trim().is_empty() {
                    break;
                }
                target += 1;
            }
            let sels = selectors(rest);
            out.push(Directive {
                span: c.span,
                used: vec![0; sels.len()],
                rules: sels.into_iter().map(|s| (s.clone(), codes(&s))).collect(),
                lines: (target, target),
            });
        } else if let Some(rest) = text.strip_prefix(DISABLE) {
            for s in selectors(rest) {
                open.push((line_of(c.span.start), s, c.span));
            }
        } else if let Some(rest) = text.strip_prefix(ENABLE) {
            for s in selectors(rest) {
                if let Some(k) = open
                    .iter()
                    .rposition(|(_, o, _)| o.eq_ignore_ascii_case(&s))
                {
                    let (start, sel, span) = open.remove(k);
                    out.push(Directive {
                        span,
                        rules: vec![(sel.clone(), codes(&sel))],
                        lines: (start, line_of(c.span.start)),
                        used: vec![0],
                    });
                }
            }
        }
    }
    // Ranges never closed run to the end of the document.
    for (start, sel, span) in open {
        out.push(Directive {
            span,
            rules: vec![(sel.clone(), codes(&sel))],
            lines: (start, last_line),
            used: vec![0],
        });
    }
    out
}

fn codes(selector: &str) -> Vec<&'static str> {
    registry::select(selector).iter().map(|m| m.code).collect()
}

/// Drops suppressed findings and reports unused or invalid suppressions (M001).
fn apply_suppressions(
    source: &Source,
    doc: &Document,
    diagnostics: Vec<Diagnostic>,
    enabled: &[&'static str],
) -> Vec<Diagnostic> {
    let mut dirs = directives(source, doc);
    let mut kept = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let line = source.line_col(d.span.start).0;
        let mut suppressed = false;
        for dir in &mut dirs {
            if line < dir.lines.0 || line > dir.lines.1 {
                continue;
            }
            for (k, (_, codes)) in dir.rules.iter().enumerate() {
                if codes.contains(&d.code) {
                    dir.used[k] += 1;
                    suppressed = true;
                }
            }
        }
        if !suppressed {
            kept.push(d);
        }
    }
    for dir in &dirs {
        for ((sel, codes), used) in dir.rules.iter().zip(&dir.used) {
            // A suppression of a rule that did not run this time cannot be judged.
            if *used > 0 || (!codes.is_empty() && !codes.iter().any(|c| enabled.contains(c))) {
                continue;
            }
            let message = if codes.is_empty() {
                format!("The suppression names `{sel}`, which is no rule")
            } else {
                format!("The suppression of `{sel}` suppresses nothing")
            };
            kept.push(
                UnusedSuppression::META
                    .diagnostic(message, dir.span)
                    .with_label(dir.span, "unused suppression")
                    .with_help(if codes.is_empty() {
                        "name a rule by code (S001) or name (toc-entry-missing); `redline rules` lists them"
                    } else {
                        "remove the comment, or move it to the line it should cover"
                    }),
            );
        }
    }
    kept
}
