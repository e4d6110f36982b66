//! Reading policy files: bytes → decoded text, format detection, line index.
//!
//! # Decoding
//!
//! The text every later stage sees is UTF-8 without a byte-order mark, with `\n` line
//! endings. How the bytes are decoded is decided in this order (the order of the WHATWG
//! Encoding Standard's "decode" and the HTML Standard's "determining the character
//! encoding", with the user's choice first, as a command-line tool's flag should be):
//!
//! 1. **`--encoding LABEL`** ([`EncodingOrigin::Forced`]): any WHATWG label (`latin1`,
//!    `windows-1252`, `gbk`, `shift_jis`, `utf-16le` ...; [`encoding_for_label`]). A BOM of
//!    that encoding is dropped. Bytes the encoding cannot decode are an error naming the
//!    offset: a forced encoding is never silently patched with U+FFFD.
//! 2. **Byte-order mark** ([`EncodingOrigin::Bom`]): UTF-8 (`EF BB BF`), UTF-32LE
//!    (`FF FE 00 00`, checked before UTF-16LE's `FF FE`), UTF-32BE (`00 00 FE FF`),
//!    UTF-16LE (`FF FE`) or UTF-16BE (`FE FF`). `encoding_rs` has no UTF-32 decoder (the
//!    WHATWG standard has no UTF-32): redline decodes it itself ([`decode_utf32`]); a code
//!    unit that is not a Unicode scalar value, or a trailing partial unit, is
//!    [`SourceError::Undecodable`]. UTF-32 without a BOM is not detected (its NUL bytes make
//!    it binary).
//! 3. **Binary content**: a known image/archive signature, or NUL bytes in the first 8 KiB,
//!    is refused ([`SourceError::Binary`]) — unless the NULs are those of BOM-less UTF-16
//!    (a NUL in most even or most odd positions and almost none in the other; ASCII-heavy
//!    text in UTF-16 looks like that), which is decoded ([`EncodingOrigin::Detected`]).
//! 4. **HTML only: `<meta charset>`** ([`EncodingOrigin::Declared`]): the WHATWG prescan of
//!    the first 1024 bytes for `<meta charset="...">` or `<meta http-equiv="Content-Type"
//!    content="...; charset=...">` (HTML Standard § 13.2.3.2). A declared UTF-16 means
//!    UTF-8 there, as the standard says.
//! 5. **Valid UTF-8** ([`EncodingOrigin::Utf8`]) is UTF-8.
//! 6. **Otherwise a legacy encoding** ([`EncodingOrigin::Detected`]), guessed by `chardetng`
//!    (the detector Firefox uses) and decoded by `encoding_rs`: windows-1252 and the other
//!    Windows/ISO-8859 code pages, GBK/GB18030, Big5, Shift_JIS, EUC-JP, EUC-KR, KOI8 ...
//!    One exception: bytes that are mostly valid UTF-8 — at least as many well-formed
//!    multi-byte UTF-8 sequences as invalid bytes — are UTF-8 with damage, not a legacy
//!    encoding, and give [`SourceError::InvalidUtf8`] with the offset of the first bad
//!    byte. (Guessing a code page there would turn every correct accented letter into
//!    mojibake.)
//!
//! Line numbers are those of the file on disk: decoding maps characters, never line
//! breaks, and LF, CRLF and lone CR are each one line break, normalised to `\n` so that
//! every parser and miette see one convention. Spans are byte offsets into that normalised
//! UTF-8 text (not into the file), and columns are counted in characters (Unicode scalar
//! values), as editors and SARIF viewers do. Error offsets ([`SourceError::InvalidUtf8`],
//! [`SourceError::Undecodable`]) are the other way round: bytes of the file as read, BOM
//! included, so that `xxd -s OFFSET` shows the culprit.
//!
//! Rejected alternative: keeping the original text and offsets. It makes byte offsets
//! match the file, but every parser would have to handle three line-ending styles and
//! miette does not understand lone CR. Rejected too: decoding a legacy encoding whenever
//! UTF-8 fails, without the "mostly UTF-8" check (see 6), and replacing undecodable bytes
//! with U+FFFD (findings would quote text that is not in the file).

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::{DecoderResult, Encoding, UTF_8, UTF_16BE, UTF_16LE};

use crate::ast::Format;

/// Largest file redline reads by default, in bytes (64 MiB); `check --max-file-size` and the
/// `max-file-size` configuration key change it. Real privacy policies are well under 1 MiB
/// (the largest in `../shared/corpus` is about 150 KB); an HTML export with inline images
/// can reach tens of MiB, hence the headroom. Anything bigger is almost certainly not a
/// policy, and refusing it keeps memory bounded (a checked file is held decoded, with its
/// AST, at a few times its size).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Parses a size for `--max-file-size` / `max-file-size`: plain bytes (`1000`), or a number
/// with a binary suffix, any case: `K`/`KiB` (1024), `M`/`MiB` (1024²), `G`/`GiB` (1024³).
/// `KB`/`MB`/`GB` are refused as ambiguous (1000 or 1024?). Zero is refused: no file
/// could be read.
///
/// # Errors
/// A message naming the accepted forms.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let (num, suffix) = t.split_at(digits);
    let unit: u64 = match suffix.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        _ => 0,
    };
    let n: Option<u64> = num.parse().ok();
    match n.filter(|_| unit > 0).map(|n| n.checked_mul(unit)) {
        Some(Some(0)) => Err(format!(
            "`{s}` is not a usable size: it must be more than 0"
        )),
        Some(Some(v)) => Ok(v),
        _ => Err(format!(
            "`{s}` is not a size: give bytes (1000000) or a number with K, M or G (also KiB, MiB, GiB; powers of 1024), e.g. 100M"
        )),
    }
}

/// What a file that is not a regular file is, for [`SourceError::NotRegular`]; `None` for
/// a regular file or a directory (which has its own message).
#[cfg(unix)]
fn special_kind(t: std::fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if t.is_socket() {
        Some("a socket")
    } else if t.is_char_device() {
        Some("a character device")
    } else if t.is_block_device() {
        Some("a block device")
    } else if t.is_file() || t.is_dir() {
        None
    } else {
        Some("not a regular file")
    }
}

#[cfg(not(unix))]
fn special_kind(t: std::fs::FileType) -> Option<&'static str> {
    (!t.is_file() && !t.is_dir()).then_some("not a regular file")
}

/// A decoded input file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given on the command line (or `-` for standard input).
    pub path: PathBuf,
    /// Decoded text: UTF-8, no BOM, `\n` line endings.
    pub text: String,
    /// The format picked from the extension or `--input-format`.
    pub format: Format,
    /// The encoding the file was decoded from ([`decode_bytes`]); UTF-8 for text given as
    /// a string, and for UTF-32, which `encoding_rs` does not have (see
    /// [`Source::encoding_name`]).
    pub encoding: &'static Encoding,
    /// The name of the encoding the file was decoded from, for output:
    /// `encoding.name()`, or `UTF-32LE` / `UTF-32BE`.
    pub encoding_name: &'static str,
    /// How [`Source::encoding`] was decided.
    pub encoding_origin: EncodingOrigin,
    /// Byte offset → line/column.
    pub lines: LineIndex,
}

impl Source {
    /// Builds a source from text that is already decoded (tests, standard input).
    pub fn from_text(path: impl Into<PathBuf>, text: &str, format: Format) -> Self {
        Source::from_string(path, text.to_string(), format)
    }

    /// [`Source::from_text`] taking the text by value: a leading BOM is removed in place
    /// and line endings are normalised (LF, CRLF and lone CR become `\n`); a text with no CR
    /// is kept as it is, so reading a large file makes no second copy of it.
    pub fn from_string(path: impl Into<PathBuf>, mut text: String, format: Format) -> Self {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let text = normalise_newlines(text);
        let lines = LineIndex::new(&text);
        Source {
            path: path.into(),
            text,
            format,
            encoding: UTF_8,
            encoding_name: UTF_8.name(),
            encoding_origin: EncodingOrigin::Utf8,
            lines,
        }
    }

    /// Decodes bytes ([`decode_bytes`]) into a source; `forced` is `--encoding`.
    ///
    /// # Errors
    /// As [`decode_bytes`].
    pub fn from_bytes(
        path: impl Into<PathBuf>,
        bytes: &[u8],
        format: Format,
        forced: Option<&'static Encoding>,
    ) -> Result<Self, SourceError> {
        let decoded = decode_bytes(bytes, format, forced)?;
        let mut source = Source::from_string(path, decoded.text, format);
        source.encoding = decoded.encoding;
        source.encoding_name = decoded.encoding_name;
        source.encoding_origin = decoded.origin;
        Ok(source)
    }

    /// [`Source::from_bytes`] taking the bytes by value ([`decode_vec`]): valid UTF-8
    /// becomes the text without a copy.
    ///
    /// # Errors
    /// As [`decode_bytes`].
    pub fn from_vec(
        path: impl Into<PathBuf>,
        bytes: Vec<u8>,
        format: Format,
        forced: Option<&'static Encoding>,
    ) -> Result<Self, SourceError> {
        let decoded = decode_vec(bytes, format, forced)?;
        let mut source = Source::from_string(path, decoded.text, format);
        source.encoding = decoded.encoding;
        source.encoding_name = decoded.encoding_name;
        source.encoding_origin = decoded.origin;
        Ok(source)
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
    /// Contains NUL bytes or a known binary signature.
    #[error("this is a binary file ({0}), not a policy text")]
    Binary(&'static str),
    /// Not valid UTF-8, where UTF-8 was forced (`--encoding utf-8`), declared (BOM,
    /// `<meta charset>`) or evident (mostly well-formed UTF-8 with some damage).
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// Offset of the first invalid byte, counted in the file as read (BOM included).
        offset: usize,
    },
    /// Bytes that the forced, declared or detected encoding (other than UTF-8) cannot
    /// decode: an odd byte or unpaired surrogate in UTF-16, a byte sequence with no
    /// character in a legacy code page.
    #[error("invalid {encoding} at byte offset {offset}: the file is not {encoding} text")]
    Undecodable {
        /// The encoding's WHATWG name (`UTF-16LE`, `Shift_JIS`, `ISO-8859-3`).
        encoding: &'static str,
        /// Offset of the first byte that cannot be decoded, counted in the file as read
        /// (BOM included).
        offset: usize,
    },
    /// Larger than the size limit ([`MAX_FILE_BYTES`] unless changed).
    #[error(
        "the file is {}, more than the limit of {limit} bytes; raise the limit with --max-file-size BYTES (or `max-file-size` in redline.toml)",
        describe_size(*size, *limit)
    )]
    TooLarge {
        /// File size in bytes; for a stream (standard input, a pipe), the bytes read before
        /// stopping, one past the limit.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A FIFO, socket or device named as a file. Reading one could block forever (a FIFO
    /// waits for a writer) or never end (`/dev/zero`); standard input is read with `-`.
    #[error(
        "it is {0}, not a regular file; pipe the content to standard input instead (`redline check - < FILE`, or `COMMAND | redline check -`)"
    )]
    NotRegular(&'static str),
    /// An extension redline cannot parse yet.
    #[error("unsupported format: {0}")]
    UnsupportedFormat(String),
}

/// "1001 bytes", or "more than 1000 bytes" when only the limit is known to be passed
/// (streams stop reading one byte past it).
fn describe_size(size: u64, limit: u64) -> String {
    if size == limit + 1 {
        format!("at least {size} bytes")
    } else {
        format!("{size} bytes")
    }
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

/// Reads and decodes a file, detecting its encoding. `format` overrides the extension
/// when given.
///
/// # Errors
/// As [`read_source_with`].
pub fn read_source(path: &Path, format: Option<Format>) -> Result<Source, SourceError> {
    read_source_with(path, format, None)
}

/// Reads and decodes a file. `format` overrides the extension when given; `encoding`
/// (`--encoding`) overrides encoding detection (see the module docs). Files over
/// [`MAX_FILE_BYTES`] are refused ([`read_source_limited`] takes another limit).
///
/// # Errors
/// Every [`SourceError`] variant: missing path, I/O failure, not a regular file, too
/// large, empty, binary, undecodable bytes or an unknown extension.
pub fn read_source_with(
    path: &Path,
    format: Option<Format>,
    encoding: Option<&'static Encoding>,
) -> Result<Source, SourceError> {
    read_source_limited(path, format, encoding, MAX_FILE_BYTES)
}

/// As [`read_source_with`], refusing files larger than `max_bytes`.
///
/// Only regular files are read: the type is checked before opening, because opening a
/// FIFO blocks until a writer comes, and a device may never end.
///
/// # Errors
/// As [`read_source_with`].
pub fn read_source_limited(
    path: &Path,
    format: Option<Format>,
    encoding: Option<&'static Encoding>,
    max_bytes: u64,
) -> Result<Source, SourceError> {
    let format = match format {
        Some(f) => f,
        None => format_for_path(path)?,
    };
    // `metadata` follows symbolic links: a link to a policy is read, a link loop is an
    // I/O error ("too many levels of symbolic links").
    let meta = std::fs::metadata(path).map_err(io_error)?;
    if meta.is_dir() {
        return Err(SourceError::Unreadable("it is a directory".into()));
    }
    if let Some(kind) = special_kind(meta.file_type()) {
        return Err(SourceError::NotRegular(kind));
    }
    if meta.len() > max_bytes {
        return Err(SourceError::TooLarge {
            size: meta.len(),
            limit: max_bytes,
        });
    }
    let file = std::fs::File::open(path).map_err(io_error)?;
    // Room for the size `metadata` gave and the one byte that shows the end, as
    // `std::fs::read` makes: `read_to_end` through `take` has no size hint and would grow
    // the buffer step by step, copying it each time (c400: 16.3 M instructions of
    // reallocation for 8 MB). The size is at most `max_bytes`, checked above.
    let mut bytes =
        Vec::with_capacity(usize::try_from(meta.len()).map_or(0, |n| n.saturating_add(1)));
    // Read at most one byte past the limit: the file may have grown since `metadata`, and
    // some files (/proc) report a size of 0.
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > max_bytes {
        return Err(SourceError::TooLarge {
            size: bytes.len() as u64,
            limit: max_bytes,
        });
    }
    let mut source = Source::from_vec(path, bytes, format, encoding)?;
    source.path = path.to_path_buf();
    Ok(source)
}

/// How a loop of symbolic links is described.
pub(crate) const LINK_LOOP: &str = "a loop of symbolic links (too many levels of symbolic links)";

/// Whether an I/O error is ELOOP, "too many levels of symbolic links" (40 on Linux, 62 on
/// macOS and the BSDs; `io::ErrorKind::FilesystemLoop` is not stable yet).
pub(crate) fn is_link_loop(e: &std::io::Error) -> bool {
    let eloop = if cfg!(target_os = "linux") { 40 } else { 62 };
    cfg!(unix) && e.raw_os_error() == Some(eloop)
}

fn io_error(e: std::io::Error) -> SourceError {
    if is_link_loop(&e) {
        return SourceError::Unreadable(LINK_LOOP.into());
    }
    match e.kind() {
        std::io::ErrorKind::NotFound => SourceError::NotFound,
        std::io::ErrorKind::PermissionDenied => SourceError::Unreadable("permission denied".into()),
        _ => SourceError::Unreadable(e.to_string()),
    }
}

/// How the encoding of a source was decided (module docs, "Decoding").
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EncodingOrigin {
    /// Given with `--encoding`.
    Forced,
    /// A byte-order mark.
    Bom,
    /// An HTML `<meta charset>` or `http-equiv` declaration.
    Declared,
    /// The bytes are valid UTF-8 (or the text was given as a string).
    Utf8,
    /// Guessed: BOM-less UTF-16 from its NUL bytes, or a legacy encoding by `chardetng`.
    Detected,
}

impl EncodingOrigin {
    /// Lower-case name for output: `forced`, `bom`, `declared`, `utf8`, `detected`.
    pub fn as_str(self) -> &'static str {
        match self {
            EncodingOrigin::Forced => "forced",
            EncodingOrigin::Bom => "bom",
            EncodingOrigin::Declared => "declared",
            EncodingOrigin::Utf8 => "utf8",
            EncodingOrigin::Detected => "detected",
        }
    }
}

/// Text decoded from bytes, with the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, UTF-8 without BOM; line endings as in the file.
    pub text: String,
    /// The encoding used; UTF-8 for UTF-32, which `encoding_rs` does not have (see
    /// [`Decoded::encoding_name`]).
    pub encoding: &'static Encoding,
    /// The name of the encoding used, for output: `encoding.name()`, or `UTF-32LE` /
    /// `UTF-32BE`.
    pub encoding_name: &'static str,
    /// How it was chosen.
    pub origin: EncodingOrigin,
}

/// The encoding a WHATWG label names (`latin1`, `cp1252`, `gb2312`, `sjis`, `utf-16` ...,
/// any case, surrounding spaces ignored), as `--encoding` accepts it. `None` for an unknown
/// label and for `replacement`, which decodes every input to U+FFFD.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).filter(|e| *e != encoding_rs::REPLACEMENT)
}

/// How many bytes of the start of an HTML file the `<meta charset>` prescan reads
/// (HTML Standard § 13.2.3.2: "the first 1024 bytes").
pub const HTML_PRESCAN_BYTES: usize = 1024;

/// How many bytes the binary and UTF-16 heuristics look at (8 KiB, as git and ripgrep do
/// for their binary check).
const SNIFF_BYTES: usize = 8192;

/// Decodes bytes as UTF-8 text, detecting the encoding (see the module docs).
///
/// # Errors
/// As [`decode_bytes`].
pub fn decode(bytes: &[u8]) -> Result<String, SourceError> {
    decode_bytes(bytes, Format::Text, None).map(|d| d.text)
}

/// Decodes bytes, deciding the encoding in the order the module docs give; `forced` is
/// `--encoding`, `format` matters only for HTML's `<meta charset>`.
///
/// # Errors
/// [`SourceError::Empty`] for no text, [`SourceError::Binary`] for NUL bytes or a known
/// image/archive signature, [`SourceError::InvalidUtf8`] or [`SourceError::Undecodable`]
/// with the byte offset (in `bytes`) of the first byte that cannot be decoded.
pub fn decode_bytes(
    bytes: &[u8],
    format: Format,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, SourceError> {
    decode_cow(Cow::Borrowed(bytes), format, forced)
}

/// [`decode_bytes`] taking the bytes by value: valid UTF-8 (the common case) becomes the
/// text without a copy (c400: 7.6 M instructions of copying 8 MB).
///
/// # Errors
/// As [`decode_bytes`].
pub fn decode_vec(
    bytes: Vec<u8>,
    format: Format,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, SourceError> {
    decode_cow(Cow::Owned(bytes), format, forced)
}

/// [`decode_bytes`] and [`decode_vec`]: the bytes are only read, except that valid UTF-8
/// given by value is kept as the text.
fn decode_cow(
    bytes: Cow<'_, [u8]>,
    format: Format,
    forced: Option<&'static Encoding>,
) -> Result<Decoded, SourceError> {
    let (encoding, origin, start, bytes) = if let Some(enc) = forced {
        let bom = match Encoding::for_bom(&bytes) {
            Some((e, len)) if e == enc => len,
            _ => 0,
        };
        if !is_utf16(enc)
            && let Some(kind) = binary_signature(&bytes)
        {
            return Err(SourceError::Binary(kind));
        }
        (enc, EncodingOrigin::Forced, bom, bytes)
    } else if let Some((name, little_endian)) = utf32_bom(&bytes) {
        let text =
            decode_utf32(&bytes[4..], little_endian).map_err(|at| SourceError::Undecodable {
                encoding: name,
                offset: 4 + at,
            })?;
        return decoded(text, UTF_8, name, EncodingOrigin::Bom);
    } else if let Some((enc, len)) = Encoding::for_bom(&bytes) {
        (enc, EncodingOrigin::Bom, len, bytes)
    } else if let Some(kind) = signature(&bytes) {
        return Err(SourceError::Binary(kind));
    } else if let Some(enc) = bomless_utf16(&bytes) {
        (enc, EncodingOrigin::Detected, 0, bytes)
    } else {
        if let Some(kind) = binary_signature(&bytes) {
            return Err(SourceError::Binary(kind));
        }
        let declared = (format == Format::Html)
            .then(|| html_prescan(&bytes[..bytes.len().min(HTML_PRESCAN_BYTES)]))
            .flatten();
        match declared {
            Some(enc) => (enc, EncodingOrigin::Declared, 0, bytes),
            // Validated once: kept, not decoded again below.
            None => match utf8_string(bytes) {
                Ok(text) => return decoded(text, UTF_8, UTF_8.name(), EncodingOrigin::Utf8),
                Err((bytes, e)) => {
                    if mostly_utf8(&bytes) {
                        return Err(SourceError::InvalidUtf8 {
                            offset: e.valid_up_to(),
                        });
                    }
                    (guess_legacy(&bytes), EncodingOrigin::Detected, 0, bytes)
                }
            },
        }
    };
    let text = decode_strict(encoding, &bytes[start..]).map_err(|at| {
        if encoding == UTF_8 {
            SourceError::InvalidUtf8 { offset: start + at }
        } else {
            SourceError::Undecodable {
                encoding: encoding.name(),
                offset: start + at,
            }
        }
    })?;
    decoded(text, encoding, encoding.name(), origin)
}

/// The bytes as a `String` when they are valid UTF-8 (copied only when borrowed), or the
/// bytes back with the error.
fn utf8_string(bytes: Cow<'_, [u8]>) -> Result<String, (Cow<'_, [u8]>, std::str::Utf8Error)> {
    match bytes {
        Cow::Borrowed(b) => std::str::from_utf8(b)
            .map(str::to_string)
            .map_err(|e| (Cow::Borrowed(b), e)),
        Cow::Owned(v) => String::from_utf8(v).map_err(|e| {
            let error = e.utf8_error();
            (Cow::Owned(e.into_bytes()), error)
        }),
    }
}

/// The decoded text with its encoding, or [`SourceError::Empty`] when it is only white
/// space.
fn decoded(
    text: String,
    encoding: &'static Encoding,
    encoding_name: &'static str,
    origin: EncodingOrigin,
) -> Result<Decoded, SourceError> {
    if text.trim().is_empty() {
        return Err(SourceError::Empty);
    }
    Ok(Decoded {
        text,
        encoding,
        encoding_name,
        origin,
    })
}

/// The UTF-32 byte-order mark at the start of `bytes`: `("UTF-32LE", true)` for
/// `FF FE 00 00`, `("UTF-32BE", false)` for `00 00 FE FF`.
fn utf32_bom(bytes: &[u8]) -> Option<(&'static str, bool)> {
    match bytes.get(..4)? {
        [0xFF, 0xFE, 0, 0] => Some(("UTF-32LE", true)),
        [0, 0, 0xFE, 0xFF] => Some(("UTF-32BE", false)),
        _ => None,
    }
}

/// Decodes UTF-32 (without its BOM): 4-byte code units, little- or big-endian. `Err` is
/// the offset in `bytes` of the first code unit that is not a Unicode scalar value (a
/// surrogate, or above U+10FFFF), or of a trailing partial unit.
pub fn decode_utf32(bytes: &[u8], little_endian: bool) -> Result<String, usize> {
    let mut out = String::with_capacity(bytes.len() / 4);
    let units = bytes.chunks_exact(4);
    let rest = units.remainder().len();
    for (i, unit) in units.enumerate() {
        let unit: [u8; 4] = unit.try_into().expect("chunks of 4");
        let value = if little_endian {
            u32::from_le_bytes(unit)
        } else {
            u32::from_be_bytes(unit)
        };
        out.push(char::from_u32(value).ok_or(i * 4)?);
    }
    if rest > 0 {
        return Err(bytes.len() - rest);
    }
    Ok(out)
}

fn is_utf16(e: &'static Encoding) -> bool {
    e == UTF_16LE || e == UTF_16BE
}

/// Decodes without replacement; `Err` is the offset of the first malformed byte sequence.
fn decode_strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, usize> {
    if encoding == UTF_8 {
        return std::str::from_utf8(bytes)
            .map(str::to_string)
            .map_err(|e| e.valid_up_to());
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(capacity);
    let mut read_total = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[read_total..], &mut out, true);
        read_total += read;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => out.reserve(bytes.len() - read_total + 16),
            DecoderResult::Malformed(bad, after) => {
                return Err(read_total - after as usize - bad as usize);
            }
        }
    }
}

/// True when invalid UTF-8 is damaged UTF-8 rather than a legacy encoding: it has at
/// least one well-formed multi-byte sequence, and no more invalid sequences than
/// well-formed multi-byte ones.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                good += s.bytes().filter(|b| *b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let valid = &rest[..e.valid_up_to()];
                good += valid.iter().filter(|b| **b >= 0xC0).count();
                bad += 1;
                let skip = e.valid_up_to() + e.error_len().unwrap_or(rest.len() - e.valid_up_to());
                rest = &rest[skip.min(rest.len())..];
            }
        }
    }
    good > 0 && good >= bad
}

/// `chardetng`'s guess for bytes that are not UTF-8. No top-level domain is known (a file
/// has none), and ISO-2022-JP is not considered (it is 7-bit, so valid UTF-8 anyway).
fn guess_legacy(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, chardetng::Utf8Detection::Deny)
}

/// BOM-less UTF-16: in the first 8 KiB, NUL bytes in at least 40% of the odd (LE) or even
/// (BE) positions and in at most 2% of the others. Text with many ASCII characters (every
/// policy has spaces, digits and punctuation) looks like that in UTF-16; 8-bit text and
/// binary formats do not.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
    let pairs = head.len() / 2;
    // Without a NUL byte neither position qualifies: one vectorised search settles most
    // files (c400: 7 M instructions when every byte pair was counted).
    if pairs < 4 || memchr::memchr(0, head).is_none() {
        return None;
    }
    // One pass over the byte pairs, counting both positions.
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    if odd * 10 >= pairs * 4 && even * 50 <= pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 4 && odd * 50 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// The WHATWG "prescan a byte stream to determine its encoding" (HTML Standard
/// § 13.2.3.2), over at most [`HTML_PRESCAN_BYTES`]: comments are skipped, other tags
/// passed over, and the first `<meta>` with a `charset` attribute, or an
/// `http-equiv="content-type"` with a `content` naming a charset, decides. A declared
/// UTF-16 is UTF-8 and `x-user-defined` is windows-1252, as the standard says.
fn html_prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(b"<!--") {
            i += 4 + find(&rest[4..], b"-->").map_or(rest.len(), |p| p + 3);
            continue;
        }
        if rest.len() > 6
            && rest[..5].eq_ignore_ascii_case(b"<meta")
            && matches!(rest[5], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/')
        {
            let mut j = i + 5;
            let (mut got_pragma, mut need_pragma, mut charset) = (false, None, None);
            while let Some((name, value, next)) = attribute(bytes, j) {
                j = next;
                match name.as_slice() {
                    b"http-equiv" => got_pragma |= value.eq_ignore_ascii_case(b"content-type"),
                    b"content" if charset.is_none() => {
                        if let Some(enc) = charset_from_content(&value) {
                            charset = Some(enc);
                            need_pragma = Some(true);
                        }
                    }
                    b"charset" if need_pragma != Some(false) => {
                        charset = Encoding::for_label(&value);
                        need_pragma = Some(false);
                    }
                    _ => {}
                }
            }
            let ok = match need_pragma {
                None => false,
                Some(true) => got_pragma,
                Some(false) => true,
            };
            if ok && let Some(enc) = charset {
                return Some(if is_utf16(enc) {
                    UTF_8
                } else if enc == encoding_rs::X_USER_DEFINED {
                    encoding_rs::WINDOWS_1252
                } else {
                    enc
                });
            }
            i = j.max(i + 1);
            continue;
        }
        if rest.starts_with(b"<")
            && rest
                .get(1)
                .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?'))
        {
            i += find(rest, b">").map_or(rest.len(), |p| p + 1);
            continue;
        }
        i += 1;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// One attribute of a tag from `i` ("get an attribute", simplified): name (lower case),
/// value, and the position after it. `None` at `>` or the end.
fn attribute(bytes: &[u8], mut i: usize) -> Option<(Vec<u8>, Vec<u8>, usize)> {
    let space = |c: u8| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/');
    while i < bytes.len() && space(bytes[i]) {
        i += 1;
    }
    if i >= bytes.len() || bytes[i] == b'>' {
        return None;
    }
    let mut name = Vec::new();
    while i < bytes.len() && !space(bytes[i]) && !matches!(bytes[i], b'=' | b'>') {
        name.push(bytes[i].to_ascii_lowercase());
        i += 1;
    }
    while i < bytes.len() && matches!(bytes[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ') {
        i += 1;
    }
    if i >= bytes.len() || bytes[i] != b'=' {
        return Some((name, Vec::new(), i));
    }
    i += 1;
    while i < bytes.len() && matches!(bytes[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ') {
        i += 1;
    }
    let mut value = Vec::new();
    match bytes.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            i += 1;
            while i < bytes.len() && bytes[i] != q {
                value.push(bytes[i].to_ascii_lowercase());
                i += 1;
            }
            i += 1;
        }
        _ => {
            while i < bytes.len() && !space(bytes[i]) && bytes[i] != b'>' {
                value.push(bytes[i].to_ascii_lowercase());
                i += 1;
            }
        }
    }
    Some((name, value, i.min(bytes.len())))
}

/// "Extracting a character encoding from a meta element": the label after `charset=` in a
/// `content` attribute (`text/html; charset=ISO-8859-1`).
fn charset_from_content(content: &[u8]) -> Option<&'static Encoding> {
    let at = find(content, b"charset")?;
    let rest = &content[at + 7..];
    let rest = rest.trim_ascii_start();
    let rest = rest.strip_prefix(b"=")?.trim_ascii_start();
    let label = match rest.first() {
        Some(&q @ (b'"' | b'\'')) => {
            let inner = &rest[1..];
            &inner[..inner.iter().position(|c| *c == q)?]
        }
        _ => {
            let end = rest
                .iter()
                .position(|c| c.is_ascii_whitespace() || *c == b';')
                .unwrap_or(rest.len());
            &rest[..end]
        }
    };
    Encoding::for_label(label)
}

/// Recognises binary content: well-known signatures first, then any NUL byte in the first
/// 8 KiB (the heuristic git and ripgrep use).
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    if let Some(kind) = signature(bytes) {
        return Some(kind);
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    // `memchr`'s vectorised search: a text file has no NUL, so the whole head is read.
    if memchr::memchr(0, head).is_some() {
        return Some("contains NUL bytes");
    }
    None
}

/// The kind of a file that starts with a well-known image, document, archive or executable
/// signature.
fn signature(bytes: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xFF\xD8\xFF", "JPEG image"),
        (b"GIF8", "GIF image"),
        (b"%PDF-", "PDF document"),
        (b"PK\x03\x04", "ZIP archive or Office document"),
        (b"\x1F\x8B", "gzip archive"),
        (b"\x7FELF", "ELF executable"),
    ];
    SIGNATURES
        .iter()
        .find(|(sig, _)| bytes.starts_with(sig))
        .map(|(_, name)| *name)
}

/// Replaces CRLF and lone CR with LF; a text without CR is returned as it is, not copied.
fn normalise_newlines(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Maps byte offsets to 1-based line and column numbers.
///
/// A column is found by counting characters from the start of its line. On a line longer
/// than [`COLUMN_BLOCK`] bytes the count starts instead from the nearest checkpoint (the
/// number of characters before every [`COLUMN_BLOCK`]-th byte, built once, on the first
/// such lookup), so each lookup costs at most [`COLUMN_BLOCK`] bytes of counting and many
/// findings on one long line stay linear in their number.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset at which each line starts.
    starts: Vec<usize>,
    text_len: usize,
    /// `chars_before[k]`: characters that start before byte `k * COLUMN_BLOCK`.
    chars_before: std::sync::OnceLock<Vec<usize>>,
}

/// Two indexes are equal when they index the same lines; the column checkpoints are a
/// cache, built or not.
impl PartialEq for LineIndex {
    fn eq(&self, other: &Self) -> bool {
        self.starts == other.starts && self.text_len == other.text_len
    }
}

impl Eq for LineIndex {}

/// Bytes between two column checkpoints of a [`LineIndex`] (4 KiB).
pub const COLUMN_BLOCK: usize = 4096;

/// Characters that start in `bytes`: the bytes that are not UTF-8 continuation bytes
/// (`10xxxxxx`, RFC 3629 section 3). On a slice of a `str` that begins on a character
/// boundary this is the character count of the part before the slice's end.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl LineIndex {
    /// Indexes `text` (already normalised to `\n`).
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        // `memchr`'s vectorised search (a `\n` is one byte, never inside a character).
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        starts.shrink_to_fit();
        LineIndex {
            starts,
            text_len: text.len(),
            chars_before: std::sync::OnceLock::new(),
        }
    }

    /// Characters of `text` that start before byte `offset`.
    fn chars_to(&self, text: &str, offset: usize) -> usize {
        let bytes = text.as_bytes();
        let table = self.chars_before.get_or_init(|| {
            let mut before = 0;
            let mut table = Vec::with_capacity(bytes.len() / COLUMN_BLOCK + 1);
            for block in bytes.chunks(COLUMN_BLOCK) {
                table.push(before);
                before += char_starts(block);
            }
            table.push(before);
            table
        });
        let block = offset / COLUMN_BLOCK;
        table[block] + char_starts(&bytes[block * COLUMN_BLOCK..offset])
    }

    /// 1-based `(line, column)` of a byte offset in `text` (the text this index was built
    /// from, or one with the same characters at the same byte offsets, such as
    /// [`crate::report::safe::excerpt`]'s: the column checkpoints are counted once, from
    /// the first text given); the column counts characters. Offsets past the end map to the end; an offset
    /// inside a character maps to that character.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text_len).min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line].min(offset);
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let col = if end - start <= COLUMN_BLOCK {
            text[start..end].chars().count()
        } else {
            self.chars_to(text, end) - self.chars_to(text, start)
        } + 1;
        (line + 1, col)
    }

    /// 1-based line of a byte offset: [`LineIndex::line_col`]'s line, without counting the
    /// column's characters.
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text_len);
        self.starts.partition_point(|&s| s <= offset)
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
    fn sizes() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("1K"), Ok(1024));
        assert_eq!(parse_size("1kib"), Ok(1024));
        assert_eq!(parse_size("100M"), Ok(100 << 20));
        assert_eq!(parse_size("100MiB"), Ok(100 << 20));
        assert_eq!(parse_size("2G"), Ok(2 << 30));
        assert_eq!(parse_size(" 7 b "), Ok(7));
        for bad in [
            "",
            "0",
            "0M",
            "10MB",
            "1.5M",
            "-1",
            "M",
            "99999999999999999999G",
        ] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn too_large_says_at_least_for_streams() {
        let e = SourceError::TooLarge {
            size: 1001,
            limit: 1000,
        };
        assert!(e.to_string().starts_with("the file is at least 1001 bytes, more than the limit of 1000 bytes; raise the limit with --max-file-size"));
        let e = SourceError::TooLarge {
            size: 5000,
            limit: 1000,
        };
        assert!(e.to_string().starts_with("the file is 5000 bytes,"));
    }

    #[test]
    fn bom_and_line_endings() {
        let text = decode(b"\xEF\xBB\xBFa\r\nb\rc\n").unwrap();
        let s = Source::from_text("x.txt", &text, Format::Text);
        assert_eq!(s.text, "a\nb\nc\n");
        assert_eq!(s.line_col(2), (2, 1));
        assert_eq!(s.line_col(4), (3, 1));
    }

    #[test]
    fn columns_on_a_long_line_count_characters() {
        // Three lines, the second 30 KB of mixed one-, two- and three-byte characters: the
        // column of every character boundary (checkpoints every 4 KiB) and of offsets
        // inside a character equals the count from the line start.
        let long: String = "aé€b".repeat(3_000);
        let text = format!("x\n{long}\nyz");
        let s = Source::from_text("x.txt", &text, Format::Text);
        let naive = |off: usize| {
            let mut end = off;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text[2..end].chars().count() + 1
        };
        for off in (2..2 + long.len()).step_by(7) {
            assert_eq!(s.line_col(off), (2, naive(off)), "offset {off}");
        }
        assert_eq!(s.line_col(2 + long.len()), (2, 12_001));
        assert_eq!(s.line_col(text.len() - 1), (3, 2));
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
        // Mostly UTF-8 ("é" is well-formed) with one bad byte: damaged UTF-8, not a code page.
        assert_eq!(
            decode(
                "caf\u{e9} "
                    .as_bytes()
                    .iter()
                    .chain(b"\xFFdef")
                    .copied()
                    .collect::<Vec<_>>()
                    .as_slice()
            ),
            Err(SourceError::InvalidUtf8 { offset: 6 })
        );
        assert_eq!(
            decode(b"\xEF\xBB\xBFab\xC3"),
            Err(SourceError::InvalidUtf8 { offset: 5 })
        );
        // Forced UTF-8 on a windows-1252 byte.
        assert_eq!(
            decode_bytes(b"abc\xFFdef", Format::Text, Some(UTF_8)),
            Err(SourceError::InvalidUtf8 { offset: 3 })
        );
    }

    fn decoded(
        bytes: &[u8],
        format: Format,
        forced: Option<&str>,
    ) -> (String, &'static str, EncodingOrigin) {
        let d = decode_bytes(
            bytes,
            format,
            forced.map(|l| encoding_for_label(l).unwrap()),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        (d.text, d.encoding_name, d.origin)
    }

    #[test]
    fn utf32_with_a_bom() {
        let text = "Privacy\r\n隐私 😀\n";
        let le: Vec<u8> = [0xFF, 0xFE, 0, 0]
            .into_iter()
            .chain(text.chars().flat_map(|c| (c as u32).to_le_bytes()))
            .collect();
        let be: Vec<u8> = [0, 0, 0xFE, 0xFF]
            .into_iter()
            .chain(text.chars().flat_map(|c| (c as u32).to_be_bytes()))
            .collect();
        // FF FE 00 00 is UTF-32LE, not UTF-16LE ("FF FE") followed by U+0000.
        assert_eq!(
            decoded(&le, Format::Text, None),
            (text.into(), "UTF-32LE", EncodingOrigin::Bom)
        );
        assert_eq!(
            decoded(&be, Format::Text, None),
            (text.into(), "UTF-32BE", EncodingOrigin::Bom)
        );
        // The report's example: "Pr\n" in UTF-32LE.
        assert_eq!(
            decode(b"\xff\xfe\x00\x00P\x00\x00\x00r\x00\x00\x00\n\x00\x00\x00"),
            Ok("Pr\n".to_string())
        );
        let source = Source::from_bytes("u32.txt", &le, Format::Text, None).unwrap();
        assert_eq!(source.text, "Privacy\n隐私 😀\n");
        assert_eq!(source.encoding_name, "UTF-32LE");
        // A surrogate, a value past U+10FFFF, a trailing partial unit: the offset of the
        // unit in the file (BOM included).
        assert_eq!(
            decode(b"\xff\xfe\x00\x00a\x00\x00\x00\x00\xd8\x00\x00"),
            Err(SourceError::Undecodable {
                encoding: "UTF-32LE",
                offset: 8
            })
        );
        assert_eq!(
            decode(b"\x00\x00\xfe\xff\x00\x00\x00a\x00\x11\x00\x00"),
            Err(SourceError::Undecodable {
                encoding: "UTF-32BE",
                offset: 8
            })
        );
        assert_eq!(
            decode(b"\xff\xfe\x00\x00a\x00\x00\x00b\x00"),
            Err(SourceError::Undecodable {
                encoding: "UTF-32LE",
                offset: 8
            })
        );
        assert_eq!(
            SourceError::Undecodable {
                encoding: "UTF-32LE",
                offset: 8
            }
            .to_string(),
            "invalid UTF-32LE at byte offset 8: the file is not UTF-32LE text"
        );
        // Only the BOM, or only whitespace: empty.
        assert_eq!(decode(b"\xff\xfe\x00\x00"), Err(SourceError::Empty));
        assert_eq!(
            decode(b"\x00\x00\xfe\xff\x00\x00\x00\n"),
            Err(SourceError::Empty)
        );
        // UTF-16LE with a BOM still decodes as UTF-16LE.
        assert_eq!(
            decoded(b"\xff\xfeP\x00r\x00", Format::Text, None),
            ("Pr".into(), "UTF-16LE", EncodingOrigin::Bom)
        );
    }

    #[test]
    fn boms_and_utf16() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "Privacy\r\n隐私\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(
                "Privacy\r\n隐私\n"
                    .encode_utf16()
                    .flat_map(u16::to_be_bytes),
            )
            .collect();
        for (bytes, name) in [(&le, "UTF-16LE"), (&be, "UTF-16BE")] {
            assert_eq!(
                decoded(bytes, Format::Text, None),
                ("Privacy\r\n隐私\n".into(), name, EncodingOrigin::Bom)
            );
            // Without the BOM, the NULs of the ASCII characters give it away.
            assert_eq!(
                decoded(&bytes[2..], Format::Text, None),
                ("Privacy\r\n隐私\n".into(), name, EncodingOrigin::Detected)
            );
        }
        // A dangling odd byte is not UTF-16: error at its offset (BOM counted).
        let mut odd = le.clone();
        odd.push(b'x');
        assert_eq!(
            decode_bytes(&odd, Format::Text, None),
            Err(SourceError::Undecodable {
                encoding: "UTF-16LE",
                offset: le.len()
            })
        );
        // An unpaired surrogate.
        assert_eq!(
            decode_bytes(b"\xFF\xFEa\0\x00\xD8b\0", Format::Text, None),
            Err(SourceError::Undecodable {
                encoding: "UTF-16LE",
                offset: 4
            })
        );
        assert_eq!(
            decoded(b"\xEF\xBB\xBFok", Format::Text, None),
            ("ok".into(), "UTF-8", EncodingOrigin::Bom)
        );
    }

    #[test]
    fn legacy_encodings_are_detected() {
        let (text, enc) = (
            "Données personnelles : nous conservons vos données « à caractère personnel » pendant l’année. Coût : 5 €.\n",
            encoding_rs::WINDOWS_1252,
        );
        let (bytes, _, _) = enc.encode(text);
        assert_eq!(
            decoded(&bytes, Format::Text, None),
            (text.into(), "windows-1252", EncodingOrigin::Detected)
        );
        let zh = "隐私政策\n我们如何收集和使用您的个人信息。我们会按照法律法规的要求保护您的个人信息安全。\n";
        let (bytes, _, _) = encoding_rs::GBK.encode(zh);
        assert_eq!(
            decoded(&bytes, Format::Text, None),
            (zh.into(), "GBK", EncodingOrigin::Detected)
        );
        let ja = "プライバシーポリシー\n当社は、お客様の個人情報を適切に取り扱います。個人情報の利用目的は次のとおりです。\n";
        let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(ja);
        assert_eq!(
            decoded(&bytes, Format::Text, None),
            (ja.into(), "Shift_JIS", EncodingOrigin::Detected)
        );
    }

    #[test]
    fn forced_encodings() {
        // Valid UTF-8, read as windows-1252 because the user says so.
        assert_eq!(
            decoded("é".as_bytes(), Format::Text, Some("latin1")).0,
            "Ã©"
        );
        // ISO-8859-3 has no character at 0xA5.
        assert_eq!(
            decode_bytes(b"ab\xA5c", Format::Text, encoding_for_label("iso-8859-3")),
            Err(SourceError::Undecodable {
                encoding: "ISO-8859-3",
                offset: 2
            })
        );
        assert_eq!(encoding_for_label(" UTF8 "), Some(UTF_8));
        assert_eq!(encoding_for_label("no-such-encoding"), None);
        assert_eq!(encoding_for_label("replacement"), None);
        // A BOM of the forced encoding is dropped.
        assert_eq!(
            decoded(b"\xEF\xBB\xBFok", Format::Text, Some("utf-8")).0,
            "ok"
        );
    }

    #[test]
    fn html_meta_charset_prescan() {
        let page = |head: &str| {
            let mut v = format!("<!DOCTYPE html><html><head>{head}</head><body>").into_bytes();
            v.extend_from_slice(b"Caf\xE9 \x80 tr\xE8s</body></html>");
            v
        };
        for head in [
            "<meta charset=\"windows-1252\">",
            "<meta charset=iso-8859-1>",
            "<!-- <meta charset=\"shift_jis\"> --><meta charset='latin1'/>",
            "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=ISO-8859-1\">",
            "<title>x</title><meta name=\"viewport\" content=\"width=device-width\"><meta content=\"text/html; charset=cp1252\" http-equiv=\"content-type\">",
        ] {
            let (text, name, origin) = decoded(&page(head), Format::Html, None);
            assert_eq!(
                (name, origin),
                ("windows-1252", EncodingOrigin::Declared),
                "{head}"
            );
            assert!(text.contains("Café € très"), "{text}");
        }
        // A content attribute without http-equiv declares nothing; nor does text or a
        // declaration past the first 1024 bytes.
        for head in [
            "<meta content=\"text/html; charset=shift_jis\">".to_string(),
            format!("{}<meta charset=shift_jis>", " ".repeat(1024)),
        ] {
            let (_, _, origin) = decoded(&page(&head), Format::Html, None);
            assert_eq!(origin, EncodingOrigin::Detected, "{head}");
        }
        // A declared UTF-16 means UTF-8; declared UTF-8 that is invalid is an error.
        let (_, name, _) = decoded(b"<meta charset=utf-16><p>ok</p>", Format::Html, None);
        assert_eq!(name, "UTF-8");
        assert_eq!(
            decode_bytes(b"<meta charset=utf-8><p>caf\xE9</p>", Format::Html, None),
            Err(SourceError::InvalidUtf8 { offset: 26 })
        );
        // Markdown has no <meta> declaration.
        let (_, _, origin) = decoded(
            b"<meta charset=shift_jis>\n\ncaf\xE9",
            Format::Markdown,
            None,
        );
        assert_eq!(origin, EncodingOrigin::Detected);
    }

    #[test]
    fn empty_and_binary() {
        assert_eq!(decode(b""), Err(SourceError::Empty));
        assert_eq!(decode(b"\xFF\xFE \0\n\0"), Err(SourceError::Empty));
        assert_eq!(decode(b" \n\t\n"), Err(SourceError::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(SourceError::Binary("PNG image"))
        );
        assert_eq!(
            decode(b"text\0more"),
            Err(SourceError::Binary("contains NUL bytes"))
        );
        // NULs everywhere are not UTF-16.
        assert_eq!(
            decode(&[0u8; 64]),
            Err(SourceError::Binary("contains NUL bytes"))
        );
    }

    /// [`bomless_utf16`] without the search for a NUL byte first.
    fn bomless_utf16_reference(bytes: &[u8]) -> Option<&'static Encoding> {
        let head = &bytes[..bytes.len().min(SNIFF_BYTES) & !1];
        let pairs = head.len() / 2;
        if pairs < 4 {
            return None;
        }
        let (mut even, mut odd) = (0usize, 0usize);
        for pair in head.chunks_exact(2) {
            even += usize::from(pair[0] == 0);
            odd += usize::from(pair[1] == 0);
        }
        if odd * 10 >= pairs * 4 && even * 50 <= pairs {
            Some(UTF_16LE)
        } else if even * 10 >= pairs * 4 && odd * 50 <= pairs {
            Some(UTF_16BE)
        } else {
            None
        }
    }

    /// Byte strings for the decoding tests: every fixture, and odd cases (BOMs, UTF-16
    /// without BOM, legacy bytes, damaged UTF-8, binary, empty).
    fn byte_cases() -> Vec<Vec<u8>> {
        let mut cases: Vec<Vec<u8>> = vec![
            b"".to_vec(),
            b"  \n".to_vec(),
            b"abc".to_vec(),
            b"\0".to_vec(),
            b"a\0b\0c\0d\0e\0".to_vec(),
            b"\0a\0b\0c\0d\0e".to_vec(),
            b"\xEF\xBB\xBFcaf\xC3\xA9".to_vec(),
            b"\xFF\xFEa\0b\0".to_vec(),
            b"\xFF\xFE\0\0a\0\0\0".to_vec(),
            b"caf\xE9 cr\xE8me".to_vec(),
            b"caf\xC3\xA9 \xFF".to_vec(),
            b"<meta charset=shift_jis><p>\x82\xa0</p>".to_vec(),
            b"\x89PNG\r\n\x1a\n\0\0".to_vec(),
            "İ \u{212a} ß \u{200b}".as_bytes().to_vec(),
            vec![b'a'; 20_000],
            [b"x".repeat(9000), b"\0".to_vec()].concat(),
        ];
        for (_, text) in crate::testing::fixture_texts() {
            cases.push(text.into_bytes());
        }
        cases
    }

    #[test]
    fn bomless_utf16_matches_its_reference() {
        for bytes in byte_cases() {
            assert_eq!(
                bomless_utf16(&bytes),
                bomless_utf16_reference(&bytes),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn decode_vec_matches_decode_bytes() {
        let forced = [
            None,
            Some(UTF_8),
            Some(UTF_16LE),
            encoding_for_label("latin1"),
            encoding_for_label("shift_jis"),
        ];
        for bytes in byte_cases() {
            for format in [Format::Text, Format::Markdown, Format::Html] {
                for enc in forced {
                    assert_eq!(
                        decode_vec(bytes.clone(), format, enc),
                        decode_bytes(&bytes, format, enc),
                        "{bytes:?} {format:?} {enc:?}"
                    );
                }
            }
        }
    }
}
