//! Reading policy files: bytes → decoded text, format detection, line index.
//!
//! Decoding rules (issue #2): UTF-8 with or without a byte-order mark; LF, CRLF and lone CR
//! line endings are all accepted and normalised to `\n` so that every later stage (parsers,
//! rules, miette's renderer) sees one convention. Spans are byte offsets into that
//! normalised text; line and column numbers are the same as in the file on disk because a
//! CRLF or CR is still exactly one line break. Columns are counted in characters (Unicode
//! scalar values), as editors and SARIF viewers do, not in bytes.
//!
//! Rejected alternative: keeping the original text and offsets. It makes byte offsets
//! match the file, but every parser would have to handle three line-ending styles and
//! miette does not understand lone CR. Other encodings (UTF-16, Windows-1252) come later.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::ast::Format;

/// Largest file redline reads, in bytes (32 MiB). Real privacy policies are well under
/// 1 MiB (the largest in `../shared/corpus` is about 150 KB); anything bigger is almost
/// certainly not a policy, and refusing it keeps memory bounded.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// A decoded input file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given on the command line (or `-` for standard input).
    pub path: PathBuf,
    /// Decoded text: UTF-8, no BOM, `\n` line endings.
    pub text: String,
    /// The format picked from the extension or `--input-format`.
    pub format: Format,
    /// Byte offset → line/column.
    pub lines: LineIndex,
}

impl Source {
    /// Builds a source from text that is already decoded (tests, standard input).
    pub fn from_text(path: impl Into<PathBuf>, text: &str, format: Format) -> Self {
        let text = normalise_newlines(text.strip_prefix('\u{feff}').unwrap_or(text));
        let lines = LineIndex::new(&text);
        Source {
            path: path.into(),
            text,
            format,
            lines,
        }
    }

    /// 1-based `(line, column)` of a byte offset; columns count characters.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    /// The path for display.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}

/// Why a file could not be read as a policy. Each variant names the problem; the caller
/// adds the path.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SourceError {
    /// The path does not exist.
    #[error("no such file or directory")]
    NotFound,
    /// The OS refused to read it (permissions, I/O error).
    #[error("cannot be read: {0}")]
    Unreadable(String),
    /// Zero bytes, or only whitespace.
    #[error("the file is empty")]
    Empty,
    /// Starts with a UTF-16 byte-order mark.
    #[error(
        "the file is UTF-16 encoded; convert it to UTF-8 (for example `iconv -f UTF-16 -t UTF-8`)"
    )]
    Utf16,
    /// Contains NUL bytes or a known binary signature.
    #[error("this is a binary file ({0}), not a policy text")]
    Binary(&'static str),
    /// Not valid UTF-8.
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// Offset of the first invalid byte, counted in the file as read (BOM included).
        offset: usize,
    },
    /// Larger than [`MAX_FILE_BYTES`].
    #[error("the file is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// File size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// An extension redline cannot parse yet.
    #[error("unsupported format: {0}")]
    UnsupportedFormat(String),
}

/// Picks the front end from a file extension: `.md`/`.markdown` → Markdown, `.txt` (and
/// no extension) → text, `.html`/`.htm` → HTML. Other extensions are an error.
pub fn format_for_path(path: &Path) -> Result<Format, SourceError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("md" | "markdown" | "mdown" | "mkd") => Ok(Format::Markdown),
        Some("txt" | "text") | None => Ok(Format::Text),
        Some("html" | "htm" | "xhtml") => Ok(Format::Html),
        Some(other) => Err(SourceError::UnsupportedFormat(format!(
            "`.{other}` files are not policy documents redline can read (use .md, .markdown, .txt or .html, or pass --input-format)"
        ))),
    }
}

/// Reads and decodes a file. `format` overrides the extension when given.
///
/// # Errors
/// Every [`SourceError`] variant: missing path, I/O failure, too large, empty, binary,
/// invalid UTF-8 or an unknown extension.
pub fn read_source(path: &Path, format: Option<Format>) -> Result<Source, SourceError> {
    let format = match format {
        Some(f) => f,
        None => format_for_path(path)?,
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    if meta.is_dir() {
        return Err(SourceError::Unreadable("it is a directory".into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(SourceError::TooLarge {
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let mut bytes = Vec::new();
    // Read at most one byte past the limit: special files report a size of 0.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SourceError::TooLarge {
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    let text = decode(&bytes)?;
    let mut source = Source::from_text(path, &text, format);
    source.path = path.to_path_buf();
    Ok(source)
}

fn io_error(e: std::io::Error) -> SourceError {
    match e.kind() {
        std::io::ErrorKind::NotFound => SourceError::NotFound,
        std::io::ErrorKind::PermissionDenied => SourceError::Unreadable("permission denied".into()),
        _ => SourceError::Unreadable(e.to_string()),
    }
}

/// Decodes bytes as UTF-8 (optional BOM).
///
/// # Errors
/// [`SourceError::Empty`] for no text, [`SourceError::Binary`] for NUL bytes or a known
/// image/archive signature, [`SourceError::InvalidUtf8`] with the offset of the first bad
/// byte.
pub fn decode(bytes: &[u8]) -> Result<String, SourceError> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(SourceError::Utf16);
    }
    if let Some(kind) = binary_signature(bytes) {
        return Err(SourceError::Binary(kind));
    }
    let (body, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    let text = std::str::from_utf8(body).map_err(|e| SourceError::InvalidUtf8 {
        offset: bom + e.valid_up_to(),
    })?;
    if text.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    Ok(text.to_string())
}

/// Recognises binary content: well-known signatures first, then any NUL byte in the first
/// 8 KiB (the heuristic git and ripgrep use).
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive or Office document"),
        (b"\x1F\x8B", "gzip archive"),
        (b"\x7FELF", "ELF executable"),
    ];
    for (sig, name) in SIGNATURES {
        if bytes.starts_with(sig) {
            return Some(name);
        }
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return Some("contains NUL bytes");
    }
    None
}

/// Replaces CRLF and lone CR with LF.
fn normalise_newlines(text: &str) -> String {
    if !text.contains('\r') {
        return text.to_string();
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Maps byte offsets to 1-based line and column numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
    text_len: usize,
}

impl LineIndex {
    /// Indexes `text` (already normalised to `\n`).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            text_len: text.len(),
        }
    }

    /// 1-based `(line, column)` of a byte offset in `text` (the text this index was built
    /// from); the column counts characters. Offsets past the end map to the end; an offset
    /// inside a character maps to that character.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text_len).min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line].min(offset);
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = text[start..end].chars().count() + 1;
        (line + 1, col)
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The byte span of line `n` (1-based) without its newline.
    pub fn line_span(&self, n: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        let end = self.starts.get(n).map(|s| s - 1).unwrap_or(self.text_len);
        Some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_line_endings() {
        let text = decode(b"\xEF\xBB\xBFa\r\nb\rc\n").unwrap();
        let s = Source::from_text("x.txt", &text, Format::Text);
        assert_eq!(s.text, "a\nb\nc\n");
        assert_eq!(s.line_col(2), (2, 1));
        assert_eq!(s.line_col(4), (3, 1));
    }

    #[test]
    fn columns_count_characters() {
        let s = Source::from_text("x.txt", "隐私&安全\nab", Format::Text);
        // '&' is the third character, at byte 6.
        assert_eq!(s.line_col(6), (1, 3));
        assert_eq!(s.line_col(s.text.len()), (2, 3));
    }

    #[test]
    fn invalid_utf8_offset() {
        assert_eq!(
            decode(b"abc\xFFdef"),
            Err(SourceError::InvalidUtf8 { offset: 3 })
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFab\xC3"),
            Err(SourceError::InvalidUtf8 { offset: 5 })
        );
    }

    #[test]
    fn empty_and_binary() {
        assert_eq!(decode(b""), Err(SourceError::Empty));
        assert_eq!(decode(b"\xFF\xFEP\0o\0"), Err(SourceError::Utf16));
        assert_eq!(decode(b" \n\t\n"), Err(SourceError::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(SourceError::Binary("PNG image"))
        );
        assert_eq!(
            decode(b"text\0more"),
            Err(SourceError::Binary("contains NUL bytes"))
        );
    }
}
