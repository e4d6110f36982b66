//! Double-encoded UTF-8 ("mojibake"): text that was UTF-8, was read as Windows-1252 (or
//! ISO-8859-1) somewhere on its way, and was saved as UTF-8 again. Each non-ASCII
//! character then stands as two to four Latin-1 characters: `ä` as `Ã¤`, `é` as `Ã©`,
//! `’` as `â€™`, a no-break space as `Â` + no-break space, `隐` as `éš`.
//!
//! Detection reverses the damage: a run of characters whose Windows-1252 bytes form one
//! well-formed UTF-8 sequence (a lead byte `C2`–`F4` and its continuation bytes
//! `80`–`BF`) is a finding when the character it decodes to is one a policy plausibly
//! contains: Latin, Greek or Cyrillic letters and Latin-1 symbols for two-byte sequences,
//! punctuation, the euro and trade-mark signs, CJK, Hangul or emoji for longer ones. That
//! keeps ordinary text out: a real `Ã` or `â` is followed by a letter or a space, never by
//! one of the symbols (`¤`, `©`, `€`, `™` ...) that continuation bytes map to, and the
//! rare real pair that does form a sequence (`É»` in `«CAFÉ»`, U+027B) decodes to a
//! character no policy uses.
//!
//! Why not `encoding_rs` here: the reverse mapping is 32 characters (the Windows-1252
//! block 80–9F) plus identity for Latin-1, and the scan must keep character positions for
//! spans; re-encoding the whole text would lose them.

use crate::ast::Span;

/// One double-encoded character in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mojibake {
    /// The damaged characters (`Ã¤`), a byte range of the decoded text.
    pub span: Span,
    /// What they stood for (`ä`).
    pub repaired: char,
}

/// Windows-1252 bytes 80–9F and the characters they decode to (WHATWG index; the five
/// undefined bytes decode to the C1 control of the same number, handled below).
const CP1252_HIGH: [(u8, char); 27] = [
    (0x80, '€'),
    (0x82, '‚'),
    (0x83, 'ƒ'),
    (0x84, '„'),
    (0x85, '…'),
    (0x86, '†'),
    (0x87, '‡'),
    (0x88, 'ˆ'),
    (0x89, '‰'),
    (0x8A, 'Š'),
    (0x8B, '‹'),
    (0x8C, 'Œ'),
    (0x8E, 'Ž'),
    (0x91, '‘'),
    (0x92, '’'),
    (0x93, '“'),
    (0x94, '”'),
    (0x95, '•'),
    (0x96, '–'),
    (0x97, '—'),
    (0x98, '˜'),
    (0x99, '™'),
    (0x9A, 'š'),
    (0x9B, '›'),
    (0x9C, 'œ'),
    (0x9E, 'ž'),
    (0x9F, 'Ÿ'),
];

/// The Windows-1252 byte a character was decoded from, for characters above ASCII.
fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    match u {
        0x80..=0xFF => Some(u as u8),
        _ => CP1252_HIGH.iter().find(|(_, ch)| *ch == c).map(|(b, _)| *b),
    }
}

/// Whether a character recovered from a sequence of `len` bytes is one a policy would
/// contain (see the module docs).
fn plausible(c: char, len: usize) -> bool {
    let u = c as u32;
    match len {
        2 => matches!(u, 0xA0..=0x24F | 0x370..=0x52F),
        _ => matches!(u,
            0x2010..=0x206F | 0x20AC | 0x2122 | 0x2190..=0x21FF
            | 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF | 0xFF00..=0xFFEF
            | 0x1F300..=0x1FAFF),
    }
}

/// Where the first byte of `b` outside ASCII is: whole 32-byte chunks are passed by
/// `<[u8]>::is_ascii`, which reads a machine word at a time (most policy text is ASCII).
fn first_non_ascii(b: &[u8]) -> Option<usize> {
    const CHUNK: usize = 32;
    let chunk = b.chunks(CHUNK).position(|c| !c.is_ascii())?;
    let from = chunk * CHUNK;
    b[from..]
        .iter()
        .position(|c| !c.is_ascii())
        .map(|p| from + p)
}

/// Every double-encoded character in `text`, in order. One pass, no copy of the text:
/// ASCII is skipped a byte at a time and only a possible lead character looks ahead (at
/// most three characters).
pub fn find(text: &str) -> Vec<Mojibake> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(off) = first_non_ascii(&text.as_bytes()[pos..]) {
        let start = pos + off;
        let mut rest = text[start..].char_indices();
        let Some((_, c)) = rest.next() else {
            break;
        };
        pos = start + c.len_utf8();
        let lead = cp1252_byte(c);
        let len = match lead {
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF4) => 4,
            _ => continue,
        };
        let mut bytes = [0u8; 4];
        bytes[0] = lead.unwrap_or(0);
        let mut end = pos;
        let tail_ok = (1..len).all(|j| match rest.next() {
            Some((o, ch)) => match cp1252_byte(ch) {
                Some(b @ 0x80..=0xBF) => {
                    bytes[j] = b;
                    end = start + o + ch.len_utf8();
                    true
                }
                _ => false,
            },
            None => false,
        });
        if tail_ok
            && let Ok(s) = std::str::from_utf8(&bytes[..len])
            && let Some(repaired) = s.chars().next()
            && plausible(repaired, len)
        {
            out.push(Mojibake {
                span: Span::new(start, end),
                repaired,
            });
            pos = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_non_ascii_is_found_in_any_chunk() {
        assert_eq!(first_non_ascii(b""), None);
        assert_eq!(first_non_ascii(&[b'a'; 100]), None);
        for at in [0, 1, 31, 32, 33, 63, 64, 99] {
            let mut b = vec![b'a'; 100];
            b[at] = 0xC3;
            b[99] = 0xA9;
            assert_eq!(first_non_ascii(&b), Some(at), "{at}");
        }
    }

    fn repaired(text: &str) -> String {
        let found = find(text);
        let mut out = String::new();
        let mut at = 0;
        for m in &found {
            out.push_str(&text[at..m.span.start]);
            out.push(m.repaired);
            at = m.span.end;
        }
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn double_encoded_text_is_found_and_repaired() {
        for (bad, good) in [
            ("DatenschutzerklÃ¤rung", "Datenschutzerklärung"),
            ("donnÃ©es personnelles", "données personnelles"),
            ("we donâ€™t sell", "we don’t sell"),
            ("â€œQuotedâ€\u{9d}", "“Quoted”"),
            ("StraÃŸe 5, 10115 Berlin", "Straße 5, 10115 Berlin"),
            ("5Â\u{a0}€", "5\u{a0}€"),
            ("éš\u{90}ç§\u{81}", "隐私"),
            ("MÃ¼nchen, Ã–sterreich", "München, Österreich"),
        ] {
            assert_eq!(repaired(bad), good, "{bad}");
            assert!(!find(bad).is_empty());
        }
        let m = &find("Die DatenschutzerklÃ¤rung")[0];
        assert_eq!(m.span, Span::new(19, 23));
        assert_eq!(m.repaired, 'ä');
    }

    #[test]
    fn real_text_is_left_alone() {
        for ok in [
            "Datenschutzerklärung",
            "données « personnelles »",
            "«CAFÉ»",
            "INFORMAÇÃO PESSOAL",
            "São Paulo — © 2024 Ä ™",
            "隐私政策",
            "Â la carte",
            "naïve café, 5 € – “quoted”",
        ] {
            assert!(find(ok).is_empty(), "{ok}: {:?}", find(ok));
        }
    }
}
