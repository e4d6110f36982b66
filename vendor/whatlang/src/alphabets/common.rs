//! It's a hard-core optimized implementation of a relatively simple algorithm.
//! The explanation of the algorithm can be found in the parent module [crate::alphabets].

use super::RawOutcome;
use crate::combined::{LANGS, ScoresByLang};
use crate::core::{FilterList, LowercaseText};
use crate::utils::is_stop_char;
use crate::{Lang, Script};
use std::cmp::Reverse;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Inverted map binding a character to a set of languages.
pub fn build_inverted_map(alphabets: &[(Lang, &str)]) -> (Vec<char>, Vec<Vec<Lang>>) {
    let mut map = HashMap::new();

    for (lang, alphabet) in alphabets {
        for c in alphabet.chars() {
            let entry = map.entry(c).or_insert_with(Vec::new);
            entry.push(*lang);
        }
    }

    let mut char_lang: Vec<_> = map.into_iter().collect();

    char_lang.sort_unstable_by_key(|(c, _)| *c);

    let mut chars = Vec::with_capacity(char_lang.len());
    let mut langs = Vec::with_capacity(char_lang.len());
    for (ch, languages) in char_lang {
        chars.push(ch);
        langs.push(languages);
    }

    (chars, langs)
}

pub fn generic_alphabet_calculate_scores(
    script: Script,
    lang_map: &LazyLock<(Vec<char>, Vec<Vec<Lang>>)>,
    text: &LowercaseText,
    filter_list: &FilterList,
) -> RawOutcome {
    let (chars, langs) = &**lang_map;
    let script_langs = script.langs();

    // score of each character.
    let mut char_scores = vec![0; chars.len()];
    let mut max_raw_score = 0;
    // REDLINE PATCH: ASCII characters (most of a Latin-script text) are counted by code
    // first and each code looked up once, not once per occurrence; the scores are the same
    // sums. Upstream's loop only when asked for (`crate::reference`).
    if crate::trigrams::detection::is_reference() {
        // iterate over the text and scores characters.
        for ch in text.chars() {
            if is_stop_char(ch) {
                continue;
            }

            max_raw_score += 1;

            if let Ok(position) = chars.binary_search(&ch) {
                // add 2 and remove max_raw_score at the end,
                // to keep the score interval of -max_raw_score..max_raw_score
                char_scores[position] += 2;
            }
        }
    } else {
        let mut ascii = [0usize; 128];
        for ch in text.chars() {
            if is_stop_char(ch) {
                continue;
            }
            max_raw_score += 1;
            if ch.is_ascii() {
                ascii[ch as usize] += 1;
            } else if let Ok(position) = chars.binary_search(&ch) {
                char_scores[position] += 2;
            }
        }
        for (code, &n) in ascii.iter().enumerate() {
            if n > 0
                && let Ok(position) = chars.binary_search(&(code as u8 as char))
            {
                char_scores[position] += 2 * n;
            }
        }
    }

    // score of each lang.
    let mut lang_scores = vec![0; Lang::all().len()];
    let mut common_score: usize = 0;
    // iterate over scored characters to compute language's scores.
    for (position, char_score) in char_scores.into_iter().enumerate() {
        if char_score > 0 {
            let languages = &langs[position];
            // if current character is common to all Languages, increment a common score
            // instead of iterating over all Languages scores.
            if languages.len() == script_langs.len() {
                common_score += char_score;
            } else {
                for &lang in languages {
                    lang_scores[lang as usize] += char_score;
                }
            }
        }
    }

    // remap languages with theirs scores.
    let mut raw_scores: Vec<(Lang, usize)> = script_langs
        .iter()
        .filter(|&&l| filter_list.is_allowed(l))
        .map(|&l| {
            let score = (lang_scores[l as usize] + common_score).saturating_sub(max_raw_score);
            (l, score)
        })
        .collect();

    raw_scores.sort_unstable_by_key(|(_, score)| Reverse(*score));

    let mut normalized_scores = vec![];

    for &(lang, raw_score) in raw_scores.iter() {
        let normalized_score = raw_score as f64 / max_raw_score as f64;
        normalized_scores.push((lang, normalized_score));
    }

    RawOutcome {
        count: max_raw_score,
        raw_scores,
        scores: normalized_scores,
    }
}

/// REDLINE PATCH: `generic_alphabet_calculate_scores`'s normalized score of each language
/// allowed by `filter_list`, in `out` at the language's number (`None` for the others), and
/// its `count` (`max_raw_score`), for `combined::detect`'s search of the best score: no list
/// built nor sorted, and nothing allocated. The same integer sums, added in another order:
/// a character's score goes to its languages (or to the score common to all) when the
/// character is read (ASCII characters, counted by code first, once per code), instead of
/// being summed per character first; and each score is then divided by the same count.
/// ASCII bytes are read without decoding (a character outside ASCII is never a stop
/// character), and stop characters are counted with the others and left out after; the
/// ASCII characters of the alphabets are read at the start of `chars` instead of searched
/// for.
pub fn generic_alphabet_scores_by_lang(
    script: Script,
    lang_map: &LazyLock<(Vec<char>, Vec<Vec<Lang>>)>,
    text: &LowercaseText,
    filter_list: &FilterList,
    out: &mut ScoresByLang,
) -> usize {
    let (chars, langs) = &**lang_map;
    let script_langs = script.langs();
    let mut lang_scores = [0usize; LANGS];
    let mut common_score: usize = 0;
    let mut add = |position: usize, score: usize| {
        let languages = &langs[position];
        if languages.len() == script_langs.len() {
            common_score += score;
        } else {
            for &lang in languages {
                lang_scores[lang as usize] += score;
            }
        }
    };
    let mut max_raw_score = 0;
    let mut ascii = [0usize; 128];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            ascii[b as usize] += 1;
            i += 1;
            continue;
        }
        // `i` is on a character boundary: the previous character ended there.
        let Some(ch) = text[i..].chars().next() else {
            break;
        };
        i += ch.len_utf8();
        debug_assert!(!is_stop_char(ch));
        max_raw_score += 1;
        if let Ok(position) = chars.binary_search(&ch) {
            add(position, 2);
        }
    }
    // The ASCII characters that are not stop characters, then the ASCII characters of the
    // alphabets, which come first in `chars` (sorted), at their places there.
    for code in (b'A'..=b'Z').chain(b'a'..=b'z').chain([0x7F]) {
        debug_assert!(!is_stop_char(code as char));
        max_raw_score += ascii[code as usize];
    }
    debug_assert_eq!(
        max_raw_score,
        text.chars().filter(|&ch| !is_stop_char(ch)).count()
    );
    for (position, &ch) in chars.iter().enumerate() {
        if !ch.is_ascii() {
            break;
        }
        let n = ascii[ch as usize];
        if n > 0 && !is_stop_char(ch) {
            add(position, 2 * n);
        }
    }
    for &l in script_langs {
        if filter_list.is_allowed(l) {
            let score = (lang_scores[l as usize] + common_score).saturating_sub(max_raw_score);
            out[l as usize].get_or_insert(score as f64 / max_raw_score as f64);
        }
    }
    max_raw_score
}
