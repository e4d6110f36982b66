//! Encodings (issue #6, point 2): a policy saved as UTF-16 (with or without BOM), GBK,
//! Shift_JIS or windows-1252 gives exactly the findings of its UTF-8 original, on the same
//! lines; `--encoding` overrides detection; undecodable bytes are an error naming the byte
//! offset; double-encoded UTF-8 is reported by L004 `mojibake`.
//!
//! The encoded files are made here, with encoding_rs, from the UTF-8 seed policy and from
//! real corpus policies in `tests/fixtures/corpus` (each checked to be representable in the
//! target encoding: the test fails if a character would be lost).

mod common;

use std::path::Path;

use common::{json, redline, root, stderr};
use encoding_rs::Encoding;

const SEED: &str = "policies/cgtonlinea-privacy.txt";

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write test file");
    p.display().to_string()
}

/// `text` in `encoding`, refusing any character the encoding cannot represent.
fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
    if encoding == encoding_rs::UTF_16LE {
        return text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    }
    if encoding == encoding_rs::UTF_16BE {
        return text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    }
    let (bytes, used, lossy) = encoding.encode(text);
    assert!(
        !lossy && used == encoding,
        "not representable in {}",
        encoding.name()
    );
    bytes.into_owned()
}

/// `redline check --format json`: the exit code and the diagnostics of the one file.
fn check(path: &str, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args = vec!["check", path, "--format", "json", "--today", "2026-11-30"];
    args.extend_from_slice(extra);
    let out = redline(&args);
    let v = json(&out);
    assert!(
        v["files"][0]["error"].is_null(),
        "{path}: {}",
        v["files"][0]["error"]
    );
    (out.status.code(), v["files"][0]["diagnostics"].clone())
}

/// `redline parse --format json`: the `encoding` field.
fn parsed_encoding(path: &str, extra: &[&str]) -> (String, String) {
    let mut args = vec!["parse", path, "--format", "json"];
    args.extend_from_slice(extra);
    let out = redline(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    (
        v["encoding"]["name"].as_str().unwrap().to_string(),
        v["encoding"]["origin"].as_str().unwrap().to_string(),
    )
}

/// The file's findings and their lines must not depend on its encoding.
fn same_findings(original: &str, encoded: &str) -> usize {
    let (code_a, a) = check(original, &[]);
    let (code_b, b) = check(encoded, &[]);
    assert_eq!(code_a, code_b);
    assert_eq!(a, b, "{encoded} differs from {original}");
    a.as_array().unwrap().len()
}

#[test]
fn seed_in_utf16_and_gbk_gives_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let seed = std::fs::read_to_string(root().join(SEED)).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "utf16le.txt",
            [&[0xFF, 0xFE][..], &encode(&seed, encoding_rs::UTF_16LE)].concat(),
            "UTF-16LE",
            "bom",
        ),
        (
            "utf16be.txt",
            [&[0xFE, 0xFF][..], &encode(&seed, encoding_rs::UTF_16BE)].concat(),
            "UTF-16BE",
            "bom",
        ),
        // Windows tools write UTF-16 with CRLF: still one line break each.
        (
            "utf16le-crlf.txt",
            [
                &[0xFF, 0xFE][..],
                &encode(&seed.replace('\n', "\r\n"), encoding_rs::UTF_16LE),
            ]
            .concat(),
            "UTF-16LE",
            "bom",
        ),
        (
            "utf16le-nobom.txt",
            encode(&seed, encoding_rs::UTF_16LE),
            "UTF-16LE",
            "detected",
        ),
        (
            "gbk.txt",
            encode(&seed, encoding_rs::GBK),
            "GBK",
            "detected",
        ),
    ];
    for (name, bytes, encoding, origin) in cases {
        let p = write(dir.path(), name, &bytes);
        // The seed's 7 errors and 15 warnings, line for line.
        assert_eq!(same_findings(SEED, &p), 22, "{name}");
        assert_eq!(
            parsed_encoding(&p, &[]),
            (encoding.to_string(), origin.to_string()),
            "{name}"
        );
    }
    assert_eq!(
        parsed_encoding(SEED, &[]),
        ("UTF-8".to_string(), "utf8".to_string())
    );
}

#[test]
fn corpus_policies_in_legacy_encodings_give_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    for (fixture, encoding) in [
        ("nettailor-datenschutz-de.md", encoding_rs::WINDOWS_1252),
        ("ota-tchap-privacy-fr.md", encoding_rs::WINDOWS_1252),
        ("omp-privacy-zh-CN.md", encoding_rs::GBK),
        ("mozilla-focus-privacy-notice-ja.md", encoding_rs::SHIFT_JIS),
    ] {
        let original = root().join("tests/fixtures/corpus").join(fixture);
        let text = std::fs::read_to_string(&original).unwrap();
        let sub = dir.path().join(encoding.name());
        std::fs::create_dir_all(&sub).unwrap();
        let p = write(&sub, fixture, &encode(&text, encoding));
        let n = same_findings(&original.display().to_string(), &p);
        assert!(n > 0, "{fixture}: no findings to compare");
        assert_eq!(
            parsed_encoding(&p, &[]),
            (encoding.name().to_string(), "detected".to_string()),
            "{fixture}"
        );
    }
}

#[test]
fn a_short_windows_1252_policy_keeps_its_accents_and_lines() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Politique de confidentialité\r\n\r\nDernière mise à jour : 5 février 2025\r\n\r\n1. Qui sommes-nous ?\r\n\r\nLa société Crème Brûlée SAS, 12 rue de l’Église, Paris. Écrivez à dpo@creme.example.\r\n\r\n2. Données collectées\r\n\r\nNous collectons vos nom, e-mail et « préférences ». Coût : 0 €.\r\n";
    let p = write(
        dir.path(),
        "cp1252.txt",
        &encode(text, encoding_rs::WINDOWS_1252),
    );
    let out = redline(&["parse", &p, "--format", "json"]);
    let v = json(&out);
    assert_eq!(v["encoding"]["name"], "windows-1252");
    assert_eq!(v["title"]["text"], "Politique de confidentialité");
    assert_eq!(v["sections"][1]["title"], "Données collectées");
    assert_eq!(v["metadata"]["dates"][0]["date"], "2025-02-05");
    // The e-mail address is found on line 7 of the file.
    let (_, diags) = check(&p, &["--select", "C001,L003"]);
    let placeholder = diags
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "L003")
        .expect("the example.com address is a placeholder");
    assert_eq!(placeholder["span"]["line"], 7);
}

#[test]
fn mojibake_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    // nettailor's German policy as it looks after a UTF-8 → windows-1252 → UTF-8 round
    // trip: "Datenschutzerklärung" becomes "DatenschutzerklÃ¤rung".
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/corpus/nettailor-datenschutz-de.md"))
            .unwrap();
    let (garbled, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
    let p = write(dir.path(), "garbled.md", garbled.as_bytes());
    let out = redline(&[
        "check",
        &p,
        "--format",
        "json",
        "--today",
        "2026-11-30",
        "--select",
        "L004",
    ]);
    let v = json(&out);
    let found = common::diagnostics(&v, "L004");
    assert_eq!(found.len(), 1, "{found:?}");
    let d = &found[0];
    // Line 5 is "# Datenschutzerklärung", the first non-ASCII word of the file.
    assert_eq!(d["span"]["line"], 5);
    assert_eq!(d["severity"], "warning");
    let msg = d["message"].as_str().unwrap();
    assert!(
        msg.starts_with(
            "`DatenschutzerklÃ¤rung` looks like double-encoded UTF-8 for `Datenschutzerklärung` ("
        ),
        "{msg}"
    );
    // The original is clean.
    let out = redline(&[
        "check",
        "tests/fixtures/corpus/nettailor-datenschutz-de.md",
        "--format",
        "json",
        "--today",
        "2026-11-30",
        "--select",
        "L004",
    ]);
    assert!(common::diagnostics(&json(&out), "L004").is_empty());

    // A hand-written line with the usual suspects.
    let p = write(
        dir.path(),
        "short.md",
        "# Privacy\n\nWe donâ€™t sell your donnÃ©es.\n".as_bytes(),
    );
    let v = json(&redline(&[
        "check",
        &p,
        "--format",
        "json",
        "--select",
        "L004",
        "--today",
        "2026-11-30",
    ]));
    let found = common::diagnostics(&v, "L004");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0]["message"],
        "`donâ€™t` looks like double-encoded UTF-8 for `don’t` (2 double-encoded characters on 1 line)"
    );
    assert_eq!(found[0]["labels"].as_array().unwrap().len(), 2);
}

#[test]
fn encoding_flag_overrides_detection() {
    let dir = tempfile::tempdir().unwrap();
    // 0xA4 is "€" in ISO-8859-15 and "¤" in windows-1252 (what detection would pick).
    let p = write(
        dir.path(),
        "euro.txt",
        b"Privacy\n\nA fee of 5 \xA4 applies.\n",
    );
    let out = redline(&["parse", &p, "--format", "json", "--encoding", "iso-8859-15"]);
    let v = json(&out);
    assert_eq!(v["encoding"]["name"], "ISO-8859-15");
    assert_eq!(v["encoding"]["origin"], "forced");
    assert_eq!(v["preamble"][0]["text"], "A fee of 5 € applies.");
    // The label is case-insensitive and aliases work; the tree shows it in its header.
    let out = redline(&["parse", &p, "--format", "tree", "--encoding", "Latin1"]);
    let tree = common::stdout(&out);
    assert!(
        tree.lines().nth(1) == Some("  encoding: windows-1252 (forced)"),
        "{tree}"
    );
    // Forcing a wrong encoding on valid UTF-8 is obeyed, and the result is mojibake.
    let v = json(&redline(&[
        "check",
        "tests/fixtures/corpus/nettailor-datenschutz-de.md",
        "--encoding",
        "windows-1252",
        "--format",
        "json",
        "--today",
        "2026-11-30",
        "--select",
        "L004",
    ]));
    assert_eq!(common::diagnostics(&v, "L004").len(), 1);
    // diff takes it too: the same text in two encodings has no change.
    let seed = std::fs::read_to_string(root().join(SEED)).unwrap();
    let gbk = write(dir.path(), "seed-gbk.txt", &encode(&seed, encoding_rs::GBK));
    let out = redline(&["diff", SEED, &gbk, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["verdict"], "none");
}

#[test]
fn unknown_label_is_a_usage_error() {
    for cmd in ["check", "parse", "diff"] {
        let mut args = vec![cmd, SEED];
        if cmd == "diff" {
            args.push(SEED);
        }
        args.extend(["--encoding", "klingon"]);
        let out = redline(&args);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        assert!(
            stderr(&out).contains("unknown encoding `klingon`"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn undecodable_input_names_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = write(
        dir.path(),
        "latin1.txt",
        b"Privacy\n\nWe collect caf\xe9 orders.\n",
    );
    // Detected, it decodes; forced as UTF-8 it is an error at the "é".
    assert_eq!(parsed_encoding(&latin1, &[]).0, "windows-1252");
    for args in [
        vec!["check", &latin1, "--today", "2026-11-30"],
        vec!["parse", &latin1],
    ] {
        let cmd = args[0];
        let out = redline(&[&args[..], &["--encoding", "utf-8"]].concat());
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        assert!(
            stderr(&out).contains("invalid UTF-8 at byte offset 23"),
            "{}",
            stderr(&out)
        );
    }
    // Another forced single-byte encoding that has a letter at 0xE9 decodes it.
    let out = redline(&["parse", &latin1, "--encoding", "iso-8859-3"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Shift_JIS has no character for the lead byte 0x85 followed by a space.
    let sjis = write(dir.path(), "bad-sjis.txt", b"Privacy\n\nabc \x85\x20 def\n");
    let out = redline(&[
        "check",
        &sjis,
        "--encoding",
        "shift_jis",
        "--format",
        "json",
        "--today",
        "2026-11-30",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        json(&out)["files"][0]["error"],
        "invalid Shift_JIS at byte offset 13: the file is not Shift_JIS text"
    );
    // UTF-16 with a BOM and a dangling last byte.
    let mut odd = vec![0xFF, 0xFE];
    odd.extend(encode("Privacy\n\nText.\n", encoding_rs::UTF_16LE));
    odd.push(b'!');
    let len = odd.len();
    let p = write(dir.path(), "odd.txt", &odd);
    let out = redline(&["check", &p, "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        json(&out)["files"][0]["error"],
        format!(
            "invalid UTF-16LE at byte offset {}: the file is not UTF-16LE text",
            len - 1
        )
    );
}

#[test]
fn utf32_with_a_bom_decodes() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Privacy policy\r\n\nWe collect your name (données, 个人信息).\n";
    let le: Vec<u8> = [0xFF, 0xFE, 0, 0]
        .into_iter()
        .chain(text.chars().flat_map(|c| (c as u32).to_le_bytes()))
        .collect();
    let be: Vec<u8> = [0, 0, 0xFE, 0xFF]
        .into_iter()
        .chain(text.chars().flat_map(|c| (c as u32).to_be_bytes()))
        .collect();
    for (name, bytes, encoding) in [("le.txt", le, "UTF-32LE"), ("be.txt", be, "UTF-32BE")] {
        let p = write(dir.path(), name, &bytes);
        assert_eq!(
            parsed_encoding(&p, &[]),
            (encoding.to_string(), "bom".to_string())
        );
        let v = json(&redline(&["parse", &p, "--format", "json"]));
        assert_eq!(v["title"]["text"], "Privacy policy", "{encoding}");
        assert_eq!(
            v["preamble"][0]["text"], "We collect your name (données, 个人信息).",
            "{encoding}"
        );
        // Same findings, on the same lines, as the UTF-8 original.
        let utf8 = write(dir.path(), &format!("utf8-{name}"), text.as_bytes());
        assert!(same_findings(&utf8, &p) > 0, "{encoding}");
    }
    // A unit that is not a Unicode scalar value: an error naming UTF-32 and the offset.
    let bad = write(
        dir.path(),
        "bad.txt",
        b"\xff\xfe\x00\x00P\x00\x00\x00\x00\x00\x11\x00",
    );
    let out = redline(&["check", &bad, "--format", "json", "--today", "2026-11-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        json(&out)["files"][0]["error"],
        "invalid UTF-32LE at byte offset 8: the file is not UTF-32LE text"
    );
}
