//! The JUnit format: JUnit XML, the test-report format that most CI systems (GitLab's
//! `artifacts:reports:junit`, Jenkins, Azure Pipelines, CircleCI, Buildkite ...) display.
//!
//! JUnit XML has no formal standard; this follows the common subset those systems read
//! (the element and attribute names of Ant's JUnit task, as Jenkins reads them; GitLab's
//! reading of them: <https://docs.gitlab.com/ci/testing/unit_test_reports/>), shaped
//! like ruff's `--output-format junit`:
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="redline" tests="22" failures="22" errors="0">
//!   <testsuite name="policies/p.txt" tests="22" failures="22" errors="0">
//!     <testcase name="S001 toc-entry-missing at 12:1" classname="policies/p.txt"
//!               file="policies/p.txt" line="12">
//!       <failure message="Section 4 ..." type="error">policies/p.txt:12:1: S001 ...</failure>
//!     </testcase>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! - One `testsuite` per input file, one `testcase` per finding. Errors and warnings are
//!   `<failure>`s (`type` is the severity); an info finding is a passing test case whose
//!   message is in `<system-out>`. A file without findings gets one passing test case,
//!   `no findings`, so that it shows up as checked.
//! - A file that could not be read gets a test suite with one test case, `input`, holding
//!   an `<error>`: in JUnit an error means the test could not run, which is what happened.
//! - No time or timestamp attributes: the output depends only on the input.
//!
//! Text and attribute values are escaped by `quick-xml`. Characters that XML 1.0 does not allow at all (control
//! characters other than tab and line breaks) cannot be escaped; they are replaced with
//! U+FFFD. DEL, the C1 controls and the bidirectional controls, which XML allows but which
//! act on a terminal that shows the report (U+009B is a CSI) or reorder its text, get the
//! readable stand-ins of [`super::safe::message`] (`\u{9b}`, `\u{202e}`). Line breaks
//! inside attribute values become spaces.

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::Writer;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesText, Event};

use super::FileResult;
use super::finding::{Finding, placed, report_path};
use crate::diagnostic::Severity;

/// Replaces characters XML 1.0 forbids (§2.2 `Char`) with U+FFFD, and the other characters
/// [`super::safe::is_unsafe`] names (a carriage return, DEL, C1 and bidirectional controls)
/// with the stand-ins of [`super::safe::message`] (module docs), as the text formats show
/// them.
fn xml_chars(s: &str) -> Cow<'_, str> {
    let bad = |c: char| matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if s.chars().any(|c| bad(c) || super::safe::is_unsafe(c)) {
        let mut out = String::with_capacity(s.len() + 8);
        let mut buf = [0; 4];
        for c in s.chars() {
            if bad(c) {
                out.push('\u{fffd}');
            } else if super::safe::is_unsafe(c) {
                out.push_str(&super::safe::message(c.encode_utf8(&mut buf)));
            } else {
                out.push(c);
            }
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// An attribute value: allowed characters only, line breaks as spaces.
fn attr(s: &str) -> String {
    xml_chars(s).replace(['\r', '\n'], " ")
}

/// A text node: allowed characters only, with `<`, `>` and `&` escaped (quick-xml's
/// `partial_escape`: quotes need no escaping in text, and leaving them keeps the report
/// readable).
fn text(s: &str) -> BytesText<'static> {
    BytesText::from_escaped(partial_escape(xml_chars(s).as_ref()).into_owned())
}

enum Case<'a> {
    Finding(&'a str, Finding<'a>),
    Clean(&'a str),
    Unreadable(&'a str, &'a str),
}

/// A file's counts: test cases (one per finding, or one when there is none), failures
/// (errors and warnings), errors (1 for an unreadable file).
fn suite_counts(r: &FileResult) -> (usize, usize, usize) {
    match r {
        FileResult::Checked { diagnostics, .. } => (
            diagnostics.len().max(1),
            diagnostics
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
                .count(),
            0,
        ),
        FileResult::Failed { .. } => (1, 0, 1),
    }
}

/// Writes every result as one JUnit XML document (UTF-8, ending in a newline: what
/// [`render`] returns), test case by test case; the counts in the opening tags come from
/// a first pass over the findings. `out` should be buffered. Errors are those of `out`.
pub fn write(results: &[FileResult], out: &mut impl Write) -> io::Result<()> {
    let (mut total_tests, mut total_failures, mut total_errors) = (0, 0, 0);
    for r in results {
        let (t, f, e) = suite_counts(r);
        total_tests += t;
        total_failures += f;
        total_errors += e;
    }
    let mut w = Writer::new_with_indent(&mut *out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("testsuites")
        .with_attributes([
            ("name", "redline"),
            ("tests", total_tests.to_string().as_str()),
            ("failures", total_failures.to_string().as_str()),
            ("errors", total_errors.to_string().as_str()),
        ])
        .write_inner_content(|w| {
            for r in results {
                let (tests, failures, errors) = suite_counts(r);
                let path = match r {
                    FileResult::Checked { source, .. } => report_path(&source.path),
                    FileResult::Failed { path, .. } => report_path(path),
                };
                w.create_element("testsuite")
                    .with_attributes([
                        ("name", attr(&path).as_str()),
                        ("tests", tests.to_string().as_str()),
                        ("failures", failures.to_string().as_str()),
                        ("errors", errors.to_string().as_str()),
                    ])
                    .write_inner_content(|w| match r {
                        FileResult::Checked {
                            source,
                            diagnostics,
                        } => {
                            if diagnostics.is_empty() {
                                write_case(w, &Case::Clean(&path))
                            } else {
                                for f in placed(source, diagnostics) {
                                    write_case(w, &Case::Finding(&path, f))?;
                                }
                                Ok(())
                            }
                        }
                        FileResult::Failed { error, .. } => {
                            write_case(w, &Case::Unreadable(&path, error))
                        }
                    })?;
            }
            Ok(())
        })?;
    out.write_all(b"\n")
}

/// Renders every result as one JUnit XML document (UTF-8, ending in a newline): [`write`]
/// into a string.
pub fn render(results: &[FileResult]) -> String {
    let mut out = Vec::new();
    write(results, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("quick-xml writes UTF-8")
}

fn write_case<W: Write>(w: &mut Writer<W>, c: &Case) -> io::Result<()> {
    match c {
        Case::Clean(path) => {
            w.create_element("testcase")
                .with_attributes([
                    ("name", "no findings"),
                    ("classname", attr(path).as_str()),
                    ("file", attr(path).as_str()),
                ])
                .write_empty()?;
        }
        Case::Unreadable(path, error) => {
            w.create_element("testcase")
                .with_attributes([
                    ("name", "input"),
                    ("classname", attr(path).as_str()),
                    ("file", attr(path).as_str()),
                ])
                .write_inner_content(|w| {
                    w.create_element("error")
                        .with_attributes([
                            ("message", attr(&format!("not checked ({error})")).as_str()),
                            ("type", "input-error"),
                        ])
                        .write_text_content(text(&format!("{path}: not checked ({error})")))?;
                    Ok(())
                })?;
        }
        Case::Finding(path, f) => {
            let d = f.diagnostic;
            let mut body = format!(
                "{path}:{}:{}: {} {} {}",
                f.start.line, f.start.column, d.severity, d.code, d.message
            );
            if let Some(h) = &d.help {
                body.push_str("\nhelp: ");
                body.push_str(h);
            }
            if let Some(r) = &d.requirement {
                body.push_str(&format!(
                    "\nrequirement: {} ({}), profile {}",
                    r.id, r.citation, r.profile
                ));
            }
            let name = format!(
                "{} {} at {}:{}",
                d.code, d.name, f.start.line, f.start.column
            );
            w.create_element("testcase")
                .with_attributes([
                    ("name", attr(&name).as_str()),
                    ("classname", attr(path).as_str()),
                    ("file", attr(path).as_str()),
                    ("line", f.start.line.to_string().as_str()),
                ])
                .write_inner_content(|w| {
                    if d.severity >= Severity::Warning {
                        w.create_element("failure")
                            .with_attributes([
                                ("message", attr(&d.message).as_str()),
                                ("type", d.severity.to_string().as_str()),
                            ])
                            .write_text_content(text(&body))?;
                    } else {
                        w.create_element("system-out")
                            .write_text_content(text(&body))?;
                    }
                    Ok(())
                })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_replaced() {
        assert_eq!(xml_chars("a\u{1}b\tc\n"), "a\u{fffd}b\tc\n");
        assert_eq!(
            xml_chars("a\x1b[2J\x7fb\u{9b}c\u{202e}d\u{2069}é"),
            "a\u{fffd}[2J␡b\\u{9b}c\\u{202e}d\\u{2069}é"
        );
        assert!(matches!(xml_chars("plain"), Cow::Borrowed(_)));
        assert_eq!(attr("a\nb"), "a b");
    }
}
