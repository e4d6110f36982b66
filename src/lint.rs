//! Runs the selected rules over a parsed document and applies configuration: rule selection,
//! severities and suppression comments.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::analyze::Facts;
use crate::ast::{Comment, Document, Span};
use crate::change::{BaseVersion, Change};
use crate::config::{Level, Organisation};
use crate::diagnostic::Diagnostic;
use crate::parse::parse;
use crate::profiles::Profile;
use crate::rules::dates::stale_policy::DEFAULT_STALE_AFTER_DAYS;
use crate::rules::meta::unused_suppression::UnusedSuppression;
use crate::rules::{Context, LOWER_TEXT_RULES, registry};
use crate::source::Source;

/// Source size (bytes) from which the rules run in two rounds, so that the lower-case body
/// text is dropped before most findings are made (see [`lint_against`]); below it, in one.
/// The output is the same either way.
pub const TWO_ROUNDS_MIN_BYTES: usize = 1 << 20;

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
    let (kept, mut diagnostics) = unsorted(source, settings, base, true);
    let (document, facts) = kept.expect("kept on request");
    sort(&mut diagnostics);
    Checked {
        document,
        facts,
        diagnostics,
    }
}

/// [`lint_against`]'s findings alone, for a caller that needs nothing else: the document
/// and its facts are dropped as soon as the rules have run, before the findings are
/// gathered, filtered and sorted, so that the largest structure of a large file (its
/// AST, about twice the text) is not held alongside every copy of them.
pub fn findings_against(
    source: &Source,
    settings: &Settings,
    base: Option<&BaseVersion>,
) -> Vec<Diagnostic> {
    let (_, mut diagnostics) = unsorted(source, settings, base, false);
    sort(&mut diagnostics);
    diagnostics
}

/// The work of [`lint_against`] but the final sort: the findings, and with `keep` the
/// document and facts (otherwise dropped once the rules have run).
fn unsorted(
    source: &Source,
    settings: &Settings,
    base: Option<&BaseVersion>,
    keep: bool,
) -> (Option<(Document, Facts)>, Vec<Diagnostic>) {
    let two_rounds = source.text.len() >= TWO_ROUNDS_MIN_BYTES;
    unsorted_in_rounds(source, settings, base, keep, two_rounds)
}

/// [`unsorted`] with the rules run in one round or two, whatever the size.
fn unsorted_in_rounds(
    source: &Source,
    settings: &Settings,
    base: Option<&BaseVersion>,
    keep: bool,
    two_rounds: bool,
) -> (Option<(Document, Facts)>, Vec<Diagnostic>) {
    let (mut document, dates) = crate::parse::parse_with_dates(source);
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
    // A macro, not a closure: each context borrows its own lower-case text cell.
    macro_rules! context {
        ($lower_text:expr) => {
            Context {
                lower_text: $lower_text,
                doc: &document,
                facts: &facts,
                text: &source.text,
                today: settings.today,
                stale_after_days: settings.stale_after_days,
                profiles: &settings.profiles,
                organisation: &settings.organisation,
                change: change.as_ref(),
            }
        };
    }
    // Rules are independent readers of the same context: run them on the rayon pool (the
    // calling thread's pool when `check` runs files in parallel, where they simply join
    // the queue). One file, as in a pre-commit hook, then uses every core. Findings are
    // sorted afterwards, so the output does not depend on scheduling.
    //
    // A large file is checked in two rounds: first the rules that read the lower-case
    // text, which is then dropped, then the others, whose findings (hundreds of thousands
    // for a 100 MB file) are not held alongside it. A smaller one in one round: the first
    // round's slowest rule would otherwise hold up the second (about 1 ms of a 50 KB
    // policy's 10), for a saving of a few hundred KB.
    let run = |ctx: &Context, lower: Option<bool>| -> Vec<Vec<Diagnostic>> {
        use rayon::prelude::*;
        registry::RULES
            .par_iter()
            .filter(|rule| lower.is_none_or(|l| LOWER_TEXT_RULES.contains(&rule.meta().code) == l))
            .map(|rule| {
                let code = rule.meta().code;
                let level = settings.severity.get(code).copied();
                if !enabled.contains(&code) || level == Some(Level::Off) {
                    return Vec::new();
                }
                let mut found = rule.check(ctx);
                if let Some(sev) = level.and_then(Level::severity) {
                    for d in &mut found {
                        d.severity = sev;
                    }
                }
                // The findings live until the report is written: no spare capacity.
                found.shrink_to_fit();
                found
            })
            .collect()
    };
    let lower_text = OnceLock::new();
    let per_rule = if two_rounds {
        let mut per_rule = run(&context!(&lower_text), Some(true));
        drop(lower_text);
        per_rule.extend(run(&context!(&OnceLock::new()), Some(false)));
        per_rule
    } else {
        run(&context!(&lower_text), None)
    };
    drop(change);
    // Suppressions need only the comments.
    let comments = std::mem::take(&mut document.comments);
    let mut kept = keep.then_some((document, facts));
    let diagnostics = concat(per_rule);
    let mut diagnostics = apply_suppressions(source, &comments, diagnostics, &enabled);
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
    if let Some((document, _)) = &mut kept {
        document.comments = comments;
    }
    (kept, diagnostics)
}

/// Sorts findings by [`Diagnostic::sort_key`], keeping the order of equal keys (a stable
/// sort), without the scratch space of `sort_by`, which holds up to all the findings once
/// more: the positions are sorted (one `usize` each, ties broken by position), and the
/// findings moved into that order in place, one permutation cycle at a time.
fn sort(diagnostics: &mut [Diagnostic]) {
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        diagnostics[a]
            .sort_key()
            .cmp(&diagnostics[b].sort_key())
            .then(a.cmp(&b))
    });
    // `order[k]` is the position whose finding belongs at `k`; a position whose finding
    // is in place is marked `order[k] == k`.
    for start in 0..order.len() {
        let mut k = start;
        loop {
            let from = order[k];
            order[k] = k;
            if from == start {
                break;
            }
            diagnostics.swap(k, from);
            k = from;
        }
    }
}

/// Every rule's findings in one vector, built on the largest one so that the findings are
/// not all copied once more (with 300,000 findings from a 100 MB file, that copy alone is
/// tens of MB). The order of the rules is not kept, and need not be: the findings are then
/// sorted by [`Diagnostic::sort_key`] with a stable sort, and two findings with the same
/// key have the same code, so come from the same rule, whose own order is kept.
fn concat(mut per_rule: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let Some(largest) = (0..per_rule.len()).max_by_key(|&k| per_rule[k].len()) else {
        return Vec::new();
    };
    let mut all = std::mem::take(&mut per_rule[largest]);
    all.reserve_exact(per_rule.iter().map(Vec::len).sum());
    for found in per_rule {
        all.extend(found);
    }
    all
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
fn directives(source: &Source, comments: &[Comment]) -> Vec<Directive> {
    let line_of = |off: usize| source.line_col(off).0;
    let last_line = source.lines.line_count();
    let mut out = Vec::new();
    // Open `redline-disable` ranges, by selector.
    let mut open: Vec<(usize, String, Span)> = Vec::new();
    for c in comments {
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
    comments: &[Comment],
    diagnostics: Vec<Diagnostic>,
    enabled: &[&'static str],
) -> Vec<Diagnostic> {
    let mut dirs = directives(source, comments);
    // Filtered in place: the findings are not copied into a second vector.
    let mut kept = diagnostics;
    if !dirs.is_empty() {
        kept.retain(|d| {
            let line = source.lines.line(d.span.start);
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
            !suppressed
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    /// One round or two give the same findings: the seed and a French policy (R001 reads
    /// the lower-case text, seven other rules do not), with a suppression comment added so
    /// that suppressions are applied too.
    #[test]
    #[allow(clippy::print_stderr)] // a missing ../shared says so loudly (fails under CI)
    fn one_round_and_two_rounds_find_the_same() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let settings = Settings::new(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        for (path, format, extra) in [
            (
                root.join("../shared/seed/000_f96bf02fbb56d78c.txt"),
                crate::ast::Format::Text,
                "",
            ),
            (
                root.join("tests/fixtures/corpus/ota-bershka-privacy-fr.md"),
                crate::ast::Format::Markdown,
                "\n<!-- redline-disable-next-line D001 -->\n",
            ),
        ] {
            let Ok(text) = std::fs::read_to_string(&path) else {
                assert!(std::env::var("CI").is_err(), "{} missing", path.display());
                eprintln!("SKIPPED: {} missing", path.display());
                continue;
            };
            let source = Source::from_text("t", &format!("{text}{extra}"), format);
            let run = |two| {
                let (_, mut d) = unsorted_in_rounds(&source, &settings, None, false, two);
                sort(&mut d);
                d
            };
            let (one, two) = (run(false), run(true));
            assert!(
                one.len() >= 10,
                "{}: {} findings",
                path.display(),
                one.len()
            );
            assert_eq!(one, two, "{}", path.display());
        }
    }

    /// [`sort`] gives what the stable `sort_by` it replaced gives: findings from a fixed
    /// generator with many equal keys, told apart by their messages.
    #[test]
    fn sort_is_the_stable_sort() {
        let codes = ["S001", "S004", "L003"];
        let mut next = crate::testing::sequence(11);
        let findings: Vec<Diagnostic> = (0..5000)
            .map(|k| {
                let start = next(300);
                let mut d = UnusedSuppression::META
                    .diagnostic(format!("finding {k}"), Span::new(start, start + next(3)));
                d.code = codes[next(3)];
                d
            })
            .collect();
        let mut want = findings.clone();
        want.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let mut got = findings;
        sort(&mut got);
        assert_eq!(got, want);
        let mut none: Vec<Diagnostic> = Vec::new();
        sort(&mut none);
        assert!(none.is_empty());
    }

    /// The rules that read the lower-case text find the same in a large document, where
    /// they read it in pieces without building it whole, as with the whole text: every
    /// built-in profile's phrases (some found, some not), and C003's search for a
    /// domain's name elsewhere in the text, found only in the last piece or nowhere.
    #[test]
    fn large_documents_read_the_lower_case_text_in_pieces() {
        let profiles: Vec<Profile> = crate::profiles::BUILTIN
            .iter()
            .map(|(id, _)| crate::profiles::load(id).unwrap())
            .collect();
        let head = "# Privacy Policy\n\nNorthwind Analytics Ltd (\"Northwind\", \"we\") runs the \
                    dashboards.\n\n## Contact us\n\nWrite to privacy@uschovna.cz or \
                    dpo@uschovna.cz.\n\n";
        let mut filler = String::new();
        let mut k = 0;
        while filler.len() <= crate::rules::LOWER_TEXT_PIECE_BYTES {
            filler.push_str(&format!(
                "## Section {k}\n\nWe keep your personal data for as long as we need it. \
                 We use cookies and analytics; see privacy@uschovna.cz.\n\n"
            ));
            k += 1;
        }
        for tail in ["Files are stored by the Uschovna service.\n", "The end.\n"] {
            let source = Source::from_text(
                "big.md",
                &format!("{head}{filler}{tail}"),
                crate::ast::Format::Markdown,
            );
            let (document, dates) = crate::parse::parse_with_dates(&source);
            let facts = crate::analyze::analyze_with_dates(&document, dates);
            let organisation = Organisation::default();
            let run = |code: &str, lower_text: &OnceLock<String>| {
                let ctx = Context {
                    lower_text,
                    doc: &document,
                    facts: &facts,
                    text: &source.text,
                    today: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                    stale_after_days: DEFAULT_STALE_AFTER_DAYS,
                    profiles: &profiles,
                    organisation: &organisation,
                    change: None,
                };
                registry::find(code).unwrap().check(&ctx)
            };
            for code in LOWER_TEXT_RULES {
                let pieces = OnceLock::new();
                let got = run(code, &pieces);
                assert!(pieces.get().is_none(), "{code} built the whole text");
                let whole = OnceLock::from(document.lower_body_text());
                assert_eq!(got, run(code, &whole), "{code}, tail {tail:?}");
                if *code == "C003" {
                    // Both addresses, unless the name is found at the very end.
                    let want = if tail == "The end.\n" { 2 } else { 0 };
                    assert_eq!(got.len(), want, "{got:?}");
                }
            }
        }
    }

    /// Every rule whose source reads the lower-case text (`lower_text()`, its pieces or
    /// [`crate::rules::required`]'s phrase look-up: anything named `lower_text...`) is in
    /// [`LOWER_TEXT_RULES`], and every code there is such a rule: the list decides when
    /// the lower-case text is dropped.
    #[test]
    fn lower_text_rules_are_listed() {
        let mut readers = Vec::new();
        let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        for entry in ignore::WalkBuilder::new(rules)
            .standard_filters(false)
            .build()
        {
            let path = entry.unwrap().into_path();
            if path.is_file() && path.file_name().is_some_and(|n| n != "mod.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains("lower_text") {
                    let code = text.split("code: \"").nth(1).unwrap();
                    readers.push(code[..4].to_string());
                }
            }
        }
        readers.sort();
        let mut listed: Vec<&str> = LOWER_TEXT_RULES.to_vec();
        listed.sort_unstable();
        assert_eq!(readers, listed);
    }
}
