//! The vendored `whatlang` crate sums each text's distance to the language profiles from an
//! index of the profiles instead of looking every profile trigram up in the text
//! (`vendor/whatlang/REDLINE-PATCH.md`). The result must be exactly upstream's: the same
//! language, script and confidence (compared as `f64`, bit for bit) for every text, with and
//! without an allowlist. `whatlang::reference` runs upstream's loop for the comparison.

mod common;

use std::collections::BTreeMap;

use whatlang::{Detector, Info, Lang, Script};

/// Both ways, and whether they agree exactly.
fn same(text: &str, detect: impl Fn(&str) -> Option<Info>) -> Result<(), String> {
    let fast = detect(text);
    let reference = whatlang::reference(|| detect(text));
    let key = |i: &Option<Info>| {
        i.as_ref()
            .map(|i| (i.lang(), i.script(), i.confidence().to_bits()))
    };
    if key(&fast) == key(&reference) {
        Ok(())
    } else {
        Err(format!("{text:?}: index {fast:?}, upstream {reference:?}"))
    }
}

/// Paragraphs (blank-line separated), their first 512 bytes (what redline gives the
/// detector), and single lines of every policy in the test fixtures and, when present, in
/// `../shared/corpus/docs`.
fn corpus_texts() -> Vec<String> {
    let mut dirs = vec![common::root().join("tests/fixtures")];
    if let Some(shared) = common::shared_corpus() {
        dirs.push(shared.join("docs"));
    }
    let mut texts = Vec::new();
    for dir in dirs {
        for path in common::policy_files(&dir) {
            let Ok(source) = std::fs::read_to_string(&path) else {
                continue;
            };
            for paragraph in source.split("\n\n") {
                let paragraph = paragraph.trim();
                if paragraph.is_empty() {
                    continue;
                }
                texts.push(paragraph.to_string());
                let mut cut = paragraph.len().min(512);
                while !paragraph.is_char_boundary(cut) {
                    cut -= 1;
                }
                texts.push(paragraph[..cut].to_string());
                texts.extend(paragraph.lines().take(3).map(str::to_string));
            }
        }
    }
    texts
}

#[test]
fn indexed_profiles_give_upstream_results_on_policy_text() {
    let texts = corpus_texts();
    let mut scripts: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for text in &texts {
        if let Some(info) = whatlang::detect(text) {
            *scripts.entry(format!("{:?}", info.script())).or_default() += 1;
        }
        wrong.extend(same(text, whatlang::detect).err());
        // The two-way choices redline makes (a section's language or the body's).
        let pair = Detector::with_allowlist(vec![Lang::Eng, Lang::Deu]);
        wrong.extend(same(text, |t| pair.detect(t)).err());
    }
    assert!(
        wrong.is_empty(),
        "{} differ, first: {}",
        wrong.len(),
        wrong[0]
    );
    // The fixtures alone hold thousands of Latin texts (no policy is in another script with
    // several profiles; the random texts below cover those).
    assert!(texts.len() >= 10_000, "only {} texts", texts.len());
    assert!(scripts["Latin"] >= 10_000, "{scripts:?}");
}

/// Random texts in every script with several profiles (Latin, Cyrillic, Arabic, Devanagari,
/// Hebrew), of 1 to 400 characters, from each script's letters, spaces and punctuation: all
/// five indexes, and texts with more distinct trigrams than the 600 ranks kept.
#[test]
fn indexed_profiles_give_upstream_results_on_random_text() {
    let alphabets: [(&str, Script); 5] = [
        (
            "abcdefghijklmnopqrstuvwxyzäöüßéèàçñõãíóúâêîôûëïœæøå",
            Script::Latin,
        ),
        (
            "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўђћџљњ",
            Script::Cyrillic,
        ),
        ("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةپچژگک", Script::Arabic),
        (
            "अआइईउऊएऐओऔकखगघचछजझटठडढणतथदधनपफबभमयरलवशषसहािीुूेैोौं",
            Script::Devanagari,
        ),
        ("אבגדהוזחטיכלמנסעפצקרשתךםןףץ", Script::Hebrew),
    ];
    let mut state: u64 = 0x5EED;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % m as u64) as usize
    };
    let mut wrong = Vec::new();
    let mut per_script: BTreeMap<String, usize> = BTreeMap::new();
    for round in 0..1_500 {
        let (letters, script) = alphabets[round % alphabets.len()];
        let letters: Vec<char> = letters.chars().collect();
        let len = 1 + next(400);
        let text: String = (0..len)
            .map(|_| match next(10) {
                0 => ' ',
                1 if next(4) == 0 => '.',
                _ => letters[next(letters.len())],
            })
            .collect();
        if whatlang::detect(&text).is_some_and(|i| i.script() == script) {
            *per_script.entry(format!("{script:?}")).or_default() += 1;
        }
        wrong.extend(same(&text, whatlang::detect).err());
    }
    assert!(
        wrong.is_empty(),
        "{} differ, first: {}",
        wrong.len(),
        wrong[0]
    );
    for (_, script) in alphabets {
        assert!(
            per_script.get(&format!("{script:?}")).copied().unwrap_or(0) >= 250,
            "{per_script:?}"
        );
    }
}

/// The lower case the detector reads (`vendor/whatlang/src/core/text.rs`, `lowercase_by_char`
/// for texts without a capital sigma) is `str::to_lowercase`'s, on the policy texts and on
/// every character outside ASCII between ASCII runs of several lengths; `reference` gives
/// `str::to_lowercase` itself.
#[test]
fn detection_lower_case_is_to_lowercase() {
    let check = |s: &str| {
        assert_eq!(whatlang::lowercase(s), s.to_lowercase(), "{s:?}");
        assert_eq!(
            whatlang::reference(|| whatlang::lowercase(s)),
            s.to_lowercase()
        );
    };
    for s in [
        "",
        "A",
        "Hello THERE",
        "İSTANBUL Ærø ÅÉÎÕÜ ß ẞ ǅ Ⅻ Ⓐ 𐐀",
        "ΟΔΟΣ ΟΔΟΣ. Σ ΑΣ",
        "Та нічого, все НОРМАЛЬНО",
        "隐私&安全 ÆØÅ æøå",
    ] {
        check(s);
    }
    let mut all = String::new();
    for (k, c) in (0x80..=0x1_FFFF).filter_map(char::from_u32).enumerate() {
        all.push(c);
        all.push_str(&"Ab Cd EF"[..k % 9]);
    }
    check(&all);
    check(&all.replace('Σ', ""));
    for text in corpus_texts() {
        check(&text);
    }
}

/// The script counters (`vendor/whatlang/src/scripts/detect.rs`, `count_scripts`: ASCII
/// letters counted as Latin without asking each script) are upstream's, counts and order
/// (ties are broken by the order the scripts moved to): on every ASCII character alone and
/// in text, and on pseudo-random mixtures of pieces in many scripts, so that scripts move
/// past each other and past Latin.
#[test]
fn script_counts_are_upstreams() {
    let check = |text: &str| {
        assert_eq!(
            whatlang::raw_script_counts(text),
            whatlang::reference(|| whatlang::raw_script_counts(text)),
            "{text:?}"
        );
    };
    let mut pieces: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
    pieces.extend(
        [
            "Hello",
            "Привет",
            "隐私",
            "の",
            "プ",
            "한국어",
            "ελληνικά",
            "שלום",
            "مرحبا",
            "हिन्दी",
            "ß",
            "İ",
            "\u{212A}",
            "\u{200B}",
            "…",
            "’",
            "é",
            "\u{A0}",
            "ქართ",
            "ﾃ",
            "𝔘",
            "Ж",
            "ก",
            "ሰ",
            "ᴀ",
            "ꜰ",
            "Ⅻ",
            "〇",
            "ꭰ",
            "Ա",
        ]
        .map(str::to_string),
    );
    for p in &pieces {
        check(p);
    }
    check("");
    check(&"a".repeat(1000));
    check(&("隐".repeat(300) + &"x".repeat(300) + &"Ж".repeat(299)));
    let mut state: u64 = 0xC0DE;
    let mut next = |m: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) % m as u64) as usize
    };
    for _ in 0..5_000 {
        let n = next(60);
        let text: String = (0..n)
            .map(|_| pieces[next(pieces.len())].as_str())
            .collect();
        check(&text);
    }
    for text in corpus_texts() {
        check(&text);
    }
}

/// `combined::detect` finds the best language and the runner-up's score in one pass over the
/// scores instead of sorting the lists (`vendor/whatlang/src/combined/mod.rs`, `detect_best`),
/// and takes upstream's way when two languages tie for the best score, whose order depends
/// on the sort. Short texts tie often (a letter or two that every alphabet has, trigrams no
/// profile has): every text of one to three characters from a few Latin and Cyrillic
/// letters, spaces and an apostrophe, with and without allowlists and a denylist, agrees
/// with upstream's sort (as do the policy texts and random texts above).
#[test]
fn best_language_without_sort_is_upstreams() {
    let letters: Vec<char> = "aeqwxyzäéñœ' жяі".chars().collect();
    let mut texts: Vec<String> = Vec::new();
    for &a in &letters {
        texts.push(a.to_string());
        for &b in &letters {
            texts.push([a, b].iter().collect());
            for &c in &letters {
                texts.push([a, b, c].iter().collect());
            }
        }
    }
    texts.extend(
        [
            "Privacy Policy",
            "Datenschutz",
            "Politique",
            "ok",
            "Ок",
            "Z",
            "x y z",
        ]
        .map(String::from),
    );
    let detectors = [
        Detector::new(),
        Detector::with_allowlist(vec![Lang::Eng, Lang::Deu]),
        Detector::with_allowlist(vec![Lang::Fra, Lang::Eng]),
        Detector::with_allowlist(vec![Lang::Rus, Lang::Ukr]),
        Detector::with_allowlist(vec![Lang::Eng]),
        Detector::with_denylist(vec![Lang::Eng, Lang::Deu, Lang::Rus]),
    ];
    let mut wrong = Vec::new();
    for text in &texts {
        for d in &detectors {
            wrong.extend(same(text, |t| d.detect(t)).err());
        }
        wrong.extend(same(text, whatlang::detect).err());
    }
    assert!(
        wrong.is_empty(),
        "{} differ, first: {}",
        wrong.len(),
        wrong[0]
    );
    assert!(texts.len() > 4_000, "{}", texts.len());
}
