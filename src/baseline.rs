//! Baselines: adopt redline on policies that already have findings, and fail only on new
//! ones (`redline check --write-baseline FILE`, then `--baseline FILE`).
//!
//! A baseline records, per file and rule code, **how many** findings there were — not
//! where they were — so that lines added or removed above a finding do not make it look
//! new. With `--baseline`, a (file, rule) whose count did not grow reports nothing; one
//! whose count grew by *n* reports *n* findings. Which *n*: the findings whose fingerprint
//! ([`crate::report::finding`]'s recipe — rule, path, flagged text, occurrence; no line
//! number — with the baseline's path for the file) the baseline does not list, in document order; if fewer than *n* are unlisted (a recorded
//! finding's text was edited as well), the last ones in the file make up the number. The
//! count decides *whether* a (file, rule) fails; the fingerprints only choose *which*
//! findings to show.
//!
//! Why counts and not fingerprints alone (the way code scanning matches alerts): a
//! fingerprint changes when the flagged text is edited, so rewording a sentence that
//! carries a baselined finding would "add" a finding and fail the build; a count does not
//! care. Why not line numbers: every edit above a finding would move it.
//!
//! The file is JSON, sorted, one entry per (file, rule), so a baseline reads well in code
//! review:
//!
//! ```json
//! {
//!   "version": 1,
//!   "entries": [
//!     {
//!       "path": "policies/privacy.md",
//!       "code": "S001",
//!       "name": "toc-entry-missing",
//!       "count": 2,
//!       "fingerprints": ["3f1c…", "9a0b…"]
//!     }
//!   ]
//! }
//! ```
//!
//! Paths are relative to the baseline file's folder (with `/`), so the same baseline works
//! whatever the current folder; a file outside that folder keeps its path as given.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::report::FileResult;
use crate::report::finding::{fingerprint, flagged_text, report_path};
use crate::source::Source;

/// The schema version written to, and required of, a baseline file.
pub const VERSION: u32 = 1;

/// A baseline file's contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// Schema version ([`VERSION`]).
    pub version: u32,
    /// One entry per (file, rule), sorted by path then code.
    pub entries: Vec<Entry>,
}

/// The recorded findings of one rule in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The file, relative to the baseline's folder (`/` separators).
    pub path: String,
    /// The rule code (`S001`).
    pub code: String,
    /// The rule name, for readers; not used for matching.
    #[serde(default)]
    pub name: Option<String>,
    /// How many findings of the rule the file had.
    pub count: usize,
    /// Their fingerprints (for choosing which findings to show when the count grows).
    #[serde(default)]
    pub fingerprints: Vec<String>,
}

/// A baseline file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct BaselineError {
    /// What is wrong.
    pub message: String,
}

/// A (file, rule) with fewer findings than recorded: the baseline can be tightened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    /// The file, as in the baseline.
    pub path: String,
    /// The rule code.
    pub code: String,
    /// Findings recorded.
    pub recorded: usize,
    /// Findings now.
    pub now: usize,
}

/// What applying a baseline did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings hidden because the baseline records them.
    pub hidden: usize,
    /// Recorded findings that no longer occur, in the files checked this time.
    pub fixed: Vec<Fixed>,
}

impl Applied {
    /// How many recorded findings no longer occur.
    pub fn fixed_count(&self) -> usize {
        self.fixed.iter().map(|f| f.recorded - f.now).sum()
    }
}

/// The key of a checked file: its path relative to `root` (the baseline's folder) when it
/// lies below it, else its path as the reports write it. Standard input is `-`.
pub fn key(path: &Path, root: &Path) -> String {
    if path == Path::new("-") {
        return "-".to_string();
    }
    let abs = absolute(path);
    let root = absolute(root);
    match abs.strip_prefix(&root) {
        Ok(rel) if !rel.as_os_str().is_empty() => report_path(rel),
        _ => report_path(path),
    }
}

/// `path` made absolute, with symbolic links resolved as far as the path exists (a staged
/// file may be missing from the working tree).
fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => dir.canonicalize().map_or(abs.clone(), |d| d.join(name)),
        _ => abs,
    }
}

/// The fingerprints of a file's findings (in report order), computed as the CI formats
/// compute theirs ([`crate::report::finding`]) but with the file's baseline key as its path,
/// so they do not depend on how the file was named on the command line.
fn fingerprints(source: &Source, diagnostics: &[Diagnostic], key: &str) -> Vec<String> {
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    diagnostics
        .iter()
        .map(|d| {
            let text = flagged_text(source, d.span);
            let occurrence = seen.entry((d.code, text.clone())).or_insert(0);
            let f = fingerprint(d.code, key, &text, *occurrence);
            *occurrence += 1;
            f
        })
        .collect()
}

impl Baseline {
    /// Records the findings of every checked file (files that could not be read have
    /// none), keyed relative to `root`.
    pub fn record(results: &[FileResult], root: &Path) -> Baseline {
        let mut groups: BTreeMap<(String, &'static str), Entry> = BTreeMap::new();
        for r in results {
            let FileResult::Checked {
                source,
                diagnostics,
            } = r
            else {
                continue;
            };
            let path = key(&source.path, root);
            for (d, f) in diagnostics
                .iter()
                .zip(fingerprints(source, diagnostics, &path))
            {
                let e = groups
                    .entry((path.clone(), d.code))
                    .or_insert_with(|| Entry {
                        path: path.clone(),
                        code: d.code.to_string(),
                        name: Some(d.name.to_string()),
                        count: 0,
                        fingerprints: Vec::new(),
                    });
                e.count += 1;
                e.fingerprints.push(f);
            }
        }
        Baseline {
            version: VERSION,
            entries: groups.into_values().collect(),
        }
    }

    /// The file's text: pretty JSON ending in a newline.
    pub fn to_json(&self) -> String {
        // DEL, C1 and bidirectional controls in paths are `\u` escapes: the file is
        // committed and shown in pull requests (same strings when read back).
        let mut s =
            crate::report::safe_json::to_string_pretty(self).expect("a baseline serialises");
        s.push('\n');
        s
    }

    /// Parses a baseline file's text.
    ///
    /// # Errors
    /// Malformed JSON (with line and column), unknown or missing keys, another schema
    /// version, or two entries for the same file and rule.
    pub fn parse(text: &str) -> Result<Baseline, BaselineError> {
        // The version first, so that a future format is named as such rather than as a
        // field error.
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(text)
            && let Some(version) = v.get("version").and_then(serde_json::Value::as_u64)
            && version != u64::from(VERSION)
        {
            return Err(BaselineError {
                message: format!(
                    "baseline version {version} is not supported (this redline reads version {VERSION})"
                ),
            });
        }
        let b: Baseline = serde_json::from_str(text).map_err(|e| BaselineError {
            message: format!("not a redline baseline: {e}"),
        })?;
        let mut seen = HashSet::new();
        for e in &b.entries {
            if !seen.insert((e.path.as_str(), e.code.as_str())) {
                return Err(BaselineError {
                    message: format!(
                        "not a redline baseline: two entries for {} {}",
                        e.path, e.code
                    ),
                });
            }
        }
        Ok(b)
    }

    /// Reads a baseline file.
    ///
    /// # Errors
    /// The file cannot be read, or [`Baseline::parse`] fails.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(|e| BaselineError {
            message: format!("cannot read the baseline file: {e}"),
        })?;
        Baseline::parse(&text)
    }

    /// Removes from `results` the findings the baseline accounts for (module docs), keyed
    /// relative to `root`, and says what it hid and which recorded findings are gone.
    pub fn apply(&self, results: &mut [FileResult], root: &Path) -> Applied {
        let recorded: BTreeMap<(&str, &str), &Entry> = self
            .entries
            .iter()
            .map(|e| ((e.path.as_str(), e.code.as_str()), e))
            .collect();
        let mut applied = Applied::default();
        for r in results.iter_mut() {
            let FileResult::Checked {
                source,
                diagnostics,
            } = r
            else {
                continue;
            };
            let path = key(&source.path, root);
            let prints = fingerprints(source, diagnostics, &path);
            // Indexes of the findings of each rule, in document order.
            let mut by_code: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (k, d) in diagnostics.iter().enumerate() {
                by_code.entry(d.code).or_default().push(k);
            }
            let mut keep = vec![true; diagnostics.len()];
            for (code, idx) in &by_code {
                let Some(entry) = recorded.get(&(path.as_str(), *code)) else {
                    continue;
                };
                if idx.len() <= entry.count {
                    for &k in idx {
                        keep[k] = false;
                    }
                    applied.hidden += idx.len();
                    continue;
                }
                let excess = idx.len() - entry.count;
                let known: HashSet<&str> = entry.fingerprints.iter().map(String::as_str).collect();
                let mut shown: Vec<usize> = idx
                    .iter()
                    .copied()
                    .filter(|&k| !known.contains(prints[k].as_str()))
                    .take(excess)
                    .collect();
                for &k in idx.iter().rev() {
                    if shown.len() >= excess {
                        break;
                    }
                    if !shown.contains(&k) {
                        shown.push(k);
                    }
                }
                for &k in idx {
                    if !shown.contains(&k) {
                        keep[k] = false;
                        applied.hidden += 1;
                    }
                }
            }
            for e in self.entries.iter().filter(|e| e.path == path) {
                let now = by_code.get(e.code.as_str()).map_or(0, Vec::len);
                if now < e.count {
                    applied.fixed.push(Fixed {
                        path: e.path.clone(),
                        code: e.code.clone(),
                        recorded: e.count,
                        now,
                    });
                }
            }
            let mut k = 0;
            diagnostics.retain(|_| {
                k += 1;
                keep[k - 1]
            });
        }
        applied
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{Format, Span};
    use crate::rules::structure::empty_section::EmptySection;
    use crate::source::Source;

    fn result(text: &str, spans: &[(usize, usize)]) -> FileResult {
        let source = Source::from_text("p.md", text, Format::Markdown);
        let diagnostics = spans
            .iter()
            .map(|&(s, e)| EmptySection::META.diagnostic("empty", Span::new(s, e)))
            .collect();
        FileResult::Checked {
            source,
            diagnostics,
        }
    }

    fn kept(r: &FileResult) -> Vec<(usize, usize)> {
        match r {
            FileResult::Checked { diagnostics, .. } => diagnostics
                .iter()
                .map(|d| (d.span.start, d.span.end))
                .collect(),
            FileResult::Failed { .. } => Vec::new(),
        }
    }

    #[test]
    fn counts_decide_and_fingerprints_choose() {
        let root = Path::new("/nonexistent-root");
        // "aaa", "bbb", "ccc" flagged.
        let text = "aaa\nbbb\nccc\nddd\n";
        let before = [result(text, &[(0, 3), (4, 7)])];
        let b = Baseline::record(&before, root);
        assert_eq!(b.entries.len(), 1);
        assert_eq!(b.entries[0].count, 2);
        assert_eq!(b.entries[0].code, "S006");
        assert_eq!(Baseline::parse(&b.to_json()).unwrap(), b);

        // Same findings: all hidden.
        let mut same = [result(text, &[(0, 3), (4, 7)])];
        let a = b.apply(&mut same, root);
        assert_eq!((a.hidden, kept(&same[0])), (2, vec![]));

        // A new finding on "ddd" between... after them: exactly that one is shown.
        let mut grown = [result(text, &[(0, 3), (4, 7), (12, 15)])];
        let a = b.apply(&mut grown, root);
        assert_eq!(kept(&grown[0]), vec![(12, 15)]);
        assert_eq!(a.hidden, 2);

        // A new finding *before* the recorded ones is still the one shown.
        let mut first = [result(text, &[(8, 11), (0, 3), (4, 7)])];
        b.apply(&mut first, root);
        assert_eq!(kept(&first[0]), vec![(8, 11)]);

        // Reworded: the text of a recorded finding changed, count unchanged: nothing shown.
        let mut reworded = [result("aaa\nbbX\n", &[(0, 3), (4, 7)])];
        let a = b.apply(&mut reworded, root);
        assert_eq!((a.hidden, kept(&reworded[0])), (2, vec![]));

        // Fewer findings: hidden, and the baseline can be tightened.
        let mut fewer = [result(text, &[(0, 3)])];
        let a = b.apply(&mut fewer, root);
        assert_eq!(a.fixed_count(), 1);
        assert_eq!(a.fixed[0].recorded, 2);
        assert_eq!(a.fixed[0].now, 1);
    }

    #[test]
    fn malformed_files_are_errors() {
        for (text, want) in [
            ("", "not a redline baseline"),
            ("{", "not a redline baseline"),
            ("[]", "not a redline baseline"),
            (
                r#"{"version": 2, "entries": []}"#,
                "version 2 is not supported",
            ),
            (r#"{"version": 1}"#, "missing field `entries`"),
            (
                r#"{"version": 1, "entries": [], "extra": 1}"#,
                "unknown field `extra`",
            ),
        ] {
            let e = Baseline::parse(text).unwrap_err();
            assert!(e.message.contains(want), "{text}: {}", e.message);
        }
        let dup = r#"{"version": 1, "entries": [
            {"path": "a.md", "code": "S001", "count": 1},
            {"path": "a.md", "code": "S001", "count": 2}]}"#;
        assert!(
            Baseline::parse(dup)
                .unwrap_err()
                .message
                .contains("two entries")
        );
    }
}
