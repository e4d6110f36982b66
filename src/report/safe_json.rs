//! JSON with every terminal-unsafe character escaped: the writer of every JSON output
//! (`check --format json`, `jsonl`, `sarif`, `gitlab`, `diff --format json`, `parse
//! --format json`, `rules --format json`).
//!
//! serde_json escapes the C0 controls (`\u001b`) but writes DEL, the C1 controls
//! U+0080–U+009F and the bidirectional controls raw: valid JSON, but U+009B is a
//! one-character CSI for some terminals, and a bidi override reorders a line of a report
//! that is `cat` to a terminal or shown in a CI log (see [`crate::report::safe`]). The
//! [`Escaping`] formatter writes each character of [`safe::is_unsafe`] as a `\uXXXX`
//! escape instead (`\u009b`, `\u202e`, `\u007f`), so the text is pure, printable JSON and
//! a JSON parser reads back exactly the original string: unlike the text formats, nothing
//! is replaced.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::safe;

/// A [`Formatter`] that writes strings as `F` does, except that every [`safe::is_unsafe`]
/// character left unescaped by serde_json (DEL, C1 and bidirectional controls) is written
/// as a `\uXXXX` escape. Layout (indentation, separators) is `F`'s.
#[derive(Debug, Clone, Default)]
pub struct Escaping<F>(pub F);

impl<F: Formatter> Formatter for Escaping<F> {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        if printable_ascii(fragment.as_bytes()) || !safe::has_unsafe(fragment.as_bytes()) {
            return self.0.write_string_fragment(w, fragment);
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if safe::is_unsafe(c) {
                self.0.write_string_fragment(w, &fragment[start..i])?;
                // Every such character is in the Basic Multilingual Plane: one escape.
                write!(w, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        self.0.write_string_fragment(w, &fragment[start..])
    }
}

/// Whether `bytes` are all printable ASCII (space to `~`), none of which
/// [`safe::is_unsafe`]: the common case, tested 32 bytes at a time (a loop the compiler
/// turns into vector instructions) before [`safe::has_unsafe`]'s byte-by-byte look at
/// each byte and the next (c400 `--format jsonl`: 10.1 M instructions of the writer's 36 M
/// were that look).
fn printable_ascii(bytes: &[u8]) -> bool {
    bytes.chunks(32).all(|chunk| {
        chunk
            .iter()
            .fold(true, |ok, &b| ok & (b' '..=b'~').contains(&b))
    })
}

/// `serde_json::to_writer` with [`Escaping`]: compact JSON on one line.
pub fn to_writer<W: io::Write, T: ?Sized + Serialize>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(writer, Escaping(CompactFormatter));
    value.serialize(&mut ser)
}

/// `serde_json::to_writer_pretty` with [`Escaping`]: indented by two spaces.
pub fn to_writer_pretty<W: io::Write, T: ?Sized + Serialize>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(writer, Escaping(PrettyFormatter::new()));
    value.serialize(&mut ser)
}

/// `serde_json::to_string` with [`Escaping`].
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer(&mut out, value)?;
    Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

/// `serde_json::to_string_pretty` with [`Escaping`].
pub fn to_string_pretty<T: ?Sized + Serialize>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    to_writer_pretty(&mut out, value)?;
    Ok(String::from_utf8(out).expect("serde_json writes UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A printable ASCII text never has an unsafe character, and the fast test says so of
    /// exactly those texts: tricky strings, every fixture line, every byte alone.
    #[test]
    fn printable_ascii_is_never_unsafe() {
        let mut texts: Vec<String> = vec![
            String::new(),
            HOSTILE.to_string(),
            "plain text with ~ and space".into(),
            "x".repeat(100) + "\u{7f}",
            "ß İ \u{212a} \u{200b} \u{202e} \u{85} é".into(),
            "a".repeat(31) + "\u{9b}" + &"b".repeat(40),
        ];
        texts.extend(
            crate::testing::fixture_texts()
                .into_iter()
                .flat_map(|(_, t)| t.lines().map(String::from).collect::<Vec<_>>()),
        );
        for t in &texts {
            let b = t.as_bytes();
            assert_eq!(
                printable_ascii(b),
                b.iter().all(|c| (0x20..0x7f).contains(c)),
                "{t:?}"
            );
            if printable_ascii(b) {
                assert!(!safe::has_unsafe(b), "{t:?}");
            }
        }
        for c in 0u8..0x80 {
            assert_eq!(printable_ascii(&[c]), (0x20..0x7f).contains(&c));
            if printable_ascii(&[c]) {
                assert!(!safe::has_unsafe(&[c]));
            }
        }
    }

    const HOSTILE: &str =
        "a\x1b[31mb\x07c\u{9b}2Jd\x7fe\0f\rg\u{202e}h\u{2066}i\n\tj\u{85}k\u{a0}l\u{200f}m é \"\\";

    #[test]
    fn unsafe_characters_are_escaped_and_read_back_exactly() {
        let v = serde_json::json!({ "k\u{202e}": [HOSTILE, 1, null] });
        let compact = to_string(&v).unwrap();
        assert_eq!(
            compact,
            "{\"k\\u202e\":[\"a\\u001b[31mb\\u0007c\\u009b2Jd\\u007fe\\u0000f\\rg\\u202eh\\u2066i\\n\\tj\\u0085k\u{a0}l\u{200f}m é \\\"\\\\\",1,null]}"
        );
        let pretty = to_string_pretty(&v).unwrap();
        assert_eq!(
            pretty,
            serde_json::to_string_pretty(&v)
                .unwrap()
                .replace('\u{9b}', "\\u009b")
                .replace('\u{7f}', "\\u007f")
                .replace('\u{202e}', "\\u202e")
                .replace('\u{2066}', "\\u2066")
                .replace('\u{85}', "\\u0085")
        );
        for out in [&compact, &pretty] {
            assert!(!out.chars().any(safe::is_unsafe), "{out:?}");
            let back: serde_json::Value = serde_json::from_str(out).unwrap();
            assert_eq!(back, v);
        }
    }

    #[test]
    fn clean_text_is_what_serde_json_writes() {
        let v = serde_json::json!({ "a": ["Privacy — données, 個人情報 \u{200f}", 2.5, true] });
        assert_eq!(to_string(&v).unwrap(), serde_json::to_string(&v).unwrap());
        assert_eq!(
            to_string_pretty(&v).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }
}
