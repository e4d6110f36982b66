//! What the CI formats share: a finding placed in its file (1-based start and end
//! positions) with a stable fingerprint, and the path as those formats write it.
//!
//! **Fingerprints.** Code-scanning services (GitHub's SARIF `partialFingerprints`, GitLab's
//! Code Quality `fingerprint`) recognise "the same finding" across commits by a string the
//! tool computes. Ours is the SHA-256 ([`sha2`]) of, in order:
//!
//! 1. the key [`FINGERPRINT_KEY`] (`redline/v1`), so a change of recipe changes every value;
//! 2. the rule code (`S001`);
//! 3. the file's path as written in the report ([`report_path`]);
//! 4. the text of the flagged span with every run of whitespace turned into one space and
//!    the ends trimmed (the text of the span's line when the span is empty or blank);
//! 5. the occurrence index: how many earlier findings in the same file have the same rule
//!    and the same normalised text (0 for the first).
//!
//! Each part is length-prefixed, so no two inputs hash the same bytes. The value is the
//! digest in lower-case hex (64 characters).
//!
//! Rejected alternatives: hashing the line number (every finding below an inserted line
//! would look new, which is exactly what code scanning must not see), and hashing the
//! message (some messages contain figures that change daily, such as the age of the policy
//! in days, so the finding would look new every day). A rewrapped or re-indented span keeps
//! its fingerprint; an edit inside the span gives a new one, which is the point: the text
//! the finding is about changed.

use std::collections::HashMap;
use std::path::{Component, Path};

use sha2::{Digest, Sha256};

use crate::ast::Span;
use crate::diagnostic::Diagnostic;
use crate::source::Source;

/// The name and version of the fingerprint recipe: the key of SARIF's
/// `partialFingerprints` (SARIF 2.1.0 §3.27.17 recommends a versioned name).
pub const FINGERPRINT_KEY: &str = "redline/v1";

/// A 1-based position: `line`, and `column` counted in characters (Unicode scalar values),
/// as in the JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line number, as in the file on disk.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

/// One diagnostic with its positions and fingerprint.
#[derive(Debug, Clone)]
pub struct Finding<'a> {
    /// The diagnostic.
    pub diagnostic: &'a Diagnostic,
    /// Where its primary span starts.
    pub start: Position,
    /// The position just after its primary span's last character (exclusive, like SARIF's
    /// `endColumn`). Equal to `start` for an empty span.
    pub end: Position,
    /// The stable fingerprint (module docs): 64 lower-case hex digits.
    pub fingerprint: String,
}

/// The positions of a span.
pub fn span_positions(source: &Source, span: Span) -> (Position, Position) {
    let at = |offset| {
        let (line, column) = source.line_col(offset);
        Position { line, column }
    };
    (at(span.start), at(span.end.max(span.start)))
}

/// Places every diagnostic of one file and fingerprints it. `diagnostics` must be in report
/// order (sorted), since the occurrence index counts earlier findings. The findings of
/// [`placed`], collected.
pub fn findings<'a>(source: &Source, diagnostics: &'a [Diagnostic]) -> Vec<Finding<'a>> {
    placed(source, diagnostics).collect()
}

/// Places and fingerprints the diagnostics of one file one at a time, in the order given
/// (report order: the occurrence index counts earlier findings), as [`findings`] does:
/// the streamed formats never hold every finding of a large file placed at once.
pub fn placed<'a, 's>(
    source: &'s Source,
    diagnostics: &'a [Diagnostic],
) -> impl Iterator<Item = Finding<'a>> + use<'a, 's> {
    let path = report_path(&source.path);
    let mut seen: HashMap<(&str, String), usize> = HashMap::new();
    diagnostics.iter().map(move |d| {
        let text = flagged_text(source, d.span);
        let occurrence = seen.entry((d.code, text.clone())).or_insert(0);
        let fingerprint = fingerprint(d.code, &path, &text, *occurrence);
        *occurrence += 1;
        let (start, end) = span_positions(source, d.span);
        Finding {
            diagnostic: d,
            start,
            end,
            fingerprint,
        }
    })
}

/// The normalised text of a span: whitespace runs become one space, ends trimmed; for an
/// empty or blank span, the normalised text of the line it starts on.
pub fn flagged_text(source: &Source, span: Span) -> String {
    let normalise = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = normalise(source.text.get(span.start..span.end).unwrap_or(""));
    if !text.is_empty() {
        return text;
    }
    let line = source.line_col(span.start).0;
    source
        .lines
        .line_span(line)
        .and_then(|(s, e)| source.text.get(s..e))
        .map(normalise)
        .unwrap_or_default()
}

/// The fingerprint of a finding from its parts (module docs).
pub fn fingerprint(code: &str, path: &str, text: &str, occurrence: usize) -> String {
    let mut h = Sha256::new();
    for part in [
        FINGERPRINT_KEY.as_bytes(),
        code.as_bytes(),
        path.as_bytes(),
        text.as_bytes(),
        occurrence.to_string().as_bytes(),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A path as the CI formats write it: `/` separators and no `.` components
/// (`./policies\a.md` → `policies/a.md`), so that the same file gets the same path, and so
/// the same fingerprints, however it was named on the command line and on every platform.
/// `..` is kept; standard input stays `-`.
pub fn report_path(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::RootDir => absolute = true,
            Component::Prefix(p) => parts.push(p.as_os_str().to_string_lossy().into_owned()),
            Component::ParentDir => parts.push("..".to_string()),
            Component::Normal(n) => parts.push(n.to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else if joined.is_empty() {
        path.display().to_string()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::Format;

    #[test]
    fn paths_are_normalised() {
        assert_eq!(report_path(Path::new("./policies/a.md")), "policies/a.md");
        assert_eq!(report_path(Path::new("policies/./a.md")), "policies/a.md");
        assert_eq!(report_path(Path::new("../x/a.md")), "../x/a.md");
        assert_eq!(report_path(Path::new("/tmp/a.md")), "/tmp/a.md");
        assert_eq!(report_path(Path::new("-")), "-");
    }

    #[test]
    fn fingerprint_ignores_whitespace_not_text() {
        let a = fingerprint("S001", "p.md", "Section 4: Who", 0);
        assert_eq!(a.len(), 64);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_eq!(a, fingerprint("S001", "p.md", "Section 4: Who", 0));
        assert_ne!(a, fingerprint("S001", "p.md", "Section 4: Who", 1));
        assert_ne!(a, fingerprint("S002", "p.md", "Section 4: Who", 0));
        assert_ne!(a, fingerprint("S001", "q.md", "Section 4: Who", 0));
        // Length prefixes: moving a character from one part to the next changes the hash.
        assert_ne!(
            fingerprint("S001", "p.md", "ab", 0),
            fingerprint("S001", "p.mda", "b", 0)
        );
        let src = Source::from_text("p.md", "x\n  Section   4:\n   Who  \n", Format::Text);
        assert_eq!(flagged_text(&src, Span::new(4, 23)), "Section 4: Who");
        // An empty span takes its line's text.
        assert_eq!(flagged_text(&src, Span::new(4, 4)), "Section 4:");
    }
}
