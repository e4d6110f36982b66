use std::cmp::Reverse;

use super::chars;
use super::script::Script;
use crate::utils::is_stop_char;

type ScriptCounter = (Script, fn(char) -> bool, usize);

/// Detect only a script by a given text.
/// Works much faster than a complete detection with `detect`.
///
/// # Example
/// ```
/// use whatlang::{detect_script, Script};
/// let script = detect_script("Благодаря Эсперанто вы обрётете друзей по всему миру!").unwrap();
/// assert_eq!(script, Script::Cyrillic);
/// ```
pub fn detect_script(text: &str) -> Option<Script> {
    let raw_info = raw_detect_script(text);
    raw_info.main_script()
}

#[derive(Debug)]
pub struct RawScriptInfo {
    pub counters: Vec<(Script, usize)>,
}

impl RawScriptInfo {
    fn new(mut counters: Vec<(Script, usize)>) -> Self {
        counters.sort_unstable_by_key(|(_, score)| Reverse(*score));
        Self { counters }
    }

    pub(crate) fn main_script(&self) -> Option<Script> {
        // expect - is safe because self.counters is never expected to be empty
        // See raw_detect_script().
        let pair = self.counters.first().expect("counters must not be empty");
        if pair.1 > 0 { Some(pair.0) } else { None }
    }

    pub(crate) fn count(&self, script: Script) -> usize {
        // expect - is safe because self.counters always have all scripts
        // See raw_detect_script().
        self.counters
            .iter()
            .find(|(s, _count)| *s == script)
            .expect("count() failed because script is not found")
            .1
    }
}

/// REDLINE PATCH (moved out of `raw_detect_script`): upstream's list of scripts to count,
/// in upstream's starting order.
const SCRIPTS: [ScriptCounter; 25] = [
    (Script::Latin, chars::is_latin, 0),
    (Script::Cyrillic, chars::is_cyrillic, 0),
    (Script::Arabic, chars::is_arabic, 0),
    (Script::Mandarin, chars::is_mandarin, 0),
    (Script::Devanagari, chars::is_devanagari, 0),
    (Script::Hebrew, chars::is_hebrew, 0),
    (Script::Ethiopic, chars::is_ethiopic, 0),
    (Script::Georgian, chars::is_georgian, 0),
    (Script::Bengali, chars::is_bengali, 0),
    (Script::Hangul, chars::is_hangul, 0),
    (Script::Hiragana, chars::is_hiragana, 0),
    (Script::Katakana, chars::is_katakana, 0),
    (Script::Greek, chars::is_greek, 0),
    (Script::Kannada, chars::is_kannada, 0),
    (Script::Tamil, chars::is_tamil, 0),
    (Script::Thai, chars::is_thai, 0),
    (Script::Gujarati, chars::is_gujarati, 0),
    (Script::Gurmukhi, chars::is_gurmukhi, 0),
    (Script::Telugu, chars::is_telugu, 0),
    (Script::Malayalam, chars::is_malayalam, 0),
    (Script::Oriya, chars::is_oriya, 0),
    (Script::Myanmar, chars::is_myanmar, 0),
    (Script::Sinhala, chars::is_sinhala, 0),
    (Script::Khmer, chars::is_khmer, 0),
    (Script::Armenian, chars::is_armenian, 0),
];

pub fn raw_detect_script(text: &str) -> RawScriptInfo {
    let mut script_counters: [ScriptCounter; 25] = SCRIPTS;

    // REDLINE PATCH: ASCII bytes (most of a Latin-script text) are not decoded nor checked
    // against each script: an ASCII letter is Latin and nothing else, any other ASCII
    // character is a stop character or (DEL) in no script. Upstream's loop only when asked
    // for (`crate::reference`).
    if !crate::trigrams::detection::is_reference() {
        count_scripts(text, &mut script_counters);
    } else {
        count_scripts_reference(text, &mut script_counters);
    }

    let counters: Vec<(Script, usize)> = script_counters
        .iter()
        .map(|&(script, _, count)| (script, count))
        .collect();

    RawScriptInfo::new(counters)
}

/// REDLINE PATCH: the script counters `raw_detect_script` ends with (each script and its
/// characters, in the order `main_script` reads them), for redline's test comparing
/// `count_scripts` with upstream's loop (`crate::reference`).
#[doc(hidden)]
pub fn raw_script_counts(text: &str) -> Vec<(Script, usize)> {
    raw_detect_script(text).counters
}

/// REDLINE PATCH: `count_scripts_reference` with the ASCII characters counted without
/// calling the scripts' checks: an ASCII letter is found at Latin's place in the list (no
/// other script has an ASCII character), so it is counted and moved exactly as upstream's
/// loop counts and moves it; the other ASCII characters are stop characters or DEL, in no
/// script, which upstream's loop skips or checks in vain. The other characters go through
/// upstream's step (`count_char`), and Latin's place follows the moves. While Latin is
/// first, a counted letter moves nothing, so eight ASCII bytes at a time are counted. redline's test
/// `script_counts_are_upstreams` compares the counters (counts and order) with upstream's
/// loop on every ASCII character and on texts mixing scripts.
fn count_scripts(text: &str, script_counters: &mut [ScriptCounter; 25]) {
    let mut latin_at = script_counters
        .iter()
        .position(|c| c.0 == Script::Latin)
        .expect("Latin is listed");
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Latin first: its ASCII letters move nothing, so eight ASCII bytes at a time are
        // counted at once (`ascii_letters`).
        if latin_at == 0
            && let Some(chunk) = bytes.get(i..i + 8)
        {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if word & 0x8080_8080_8080_8080 == 0 {
                script_counters[0].2 += ascii_letters(word);
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            if b.is_ascii_alphabetic() {
                script_counters[latin_at].2 += 1;
                if latin_at > 0 {
                    script_counters.swap(latin_at - 1, latin_at);
                    latin_at -= 1;
                }
            }
            continue;
        }
        // `i` is on a character boundary: the previous character ended there.
        let Some(ch) = text[i..].chars().next() else {
            break;
        };
        i += ch.len_utf8();
        if let Some(found) = count_char(ch, script_counters)
            && found > 0
        {
            // Latin moved back one place if it was just before the script found.
            if latin_at == found - 1 {
                latin_at = found;
            } else if latin_at == found {
                latin_at = found - 1;
            }
        }
    }
}

/// REDLINE PATCH: how many of the eight bytes of `word`, all ASCII (below 0x80), are ASCII
/// letters. Setting bit 5 maps `A`-`Z` onto `a`-`z` (0x61-0x7A) and no other ASCII byte
/// into that range; adding 0x1F (0x80 - 0x61) to a byte sets its top bit exactly when it is
/// at least 0x61, adding 0x05 (0x80 - 0x7B) exactly when it is at least 0x7B (no byte
/// carries into the next: each stays below 0x100). (redline's `letters_up_to` counts the
/// same way.)
#[inline]
fn ascii_letters(word: u64) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let x = word | (0x20 * ONES);
    let at_least_a = x.wrapping_add(0x1F * ONES);
    let past_z = x.wrapping_add(0x05 * ONES);
    let n = (at_least_a & !past_z & HIGH).count_ones() as usize;
    debug_assert_eq!(
        n,
        word.to_le_bytes()
            .iter()
            .filter(|b| b.is_ascii_alphabetic())
            .count()
    );
    n
}

/// REDLINE PATCH: upstream's loop over the characters (`raw_detect_script`).
fn count_scripts_reference(text: &str, script_counters: &mut [ScriptCounter; 25]) {
    for ch in text.chars() {
        if is_stop_char(ch) {
            continue;
        }
        count_char(ch, script_counters);
    }
}

/// REDLINE PATCH: upstream's step for one character that is not a stop character: counts
/// it for the first script that has it, and moves that script one place forward. The place
/// where the script was found, if one was.
#[inline]
fn count_char(ch: char, script_counters: &mut [ScriptCounter; 25]) -> Option<usize> {
    {
        // For performance reasons, we need to mutate script_counters by calling
        // `swap` function, it would not be possible to do using normal iterator.
        for i in 0..script_counters.len() {
            let found = {
                let (_script, check_fn, ref mut count) = script_counters[i];
                if check_fn(ch) {
                    *count += 1;
                    true
                } else {
                    false
                }
            };
            // Have to let borrow of count fall out of scope before doing swapping, or we could
            // do this above.
            if found {
                // If script was found, move it closer to the front.
                // If the text contains largely 1 or 2 scripts, this will
                // cause these scripts to be eventually checked first.
                if i > 0 {
                    script_counters.swap(i - 1, i);
                }
                return Some(i);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_script_name() {
        assert_eq!(Script::Cyrillic.name(), "Cyrillic");
        assert_eq!(Script::Katakana.name(), "Katakana");
    }

    #[test]
    fn test_detect_script() {
        assert_eq!(detect_script("1234567890-,;!"), None);

        // One script
        assert_eq!(detect_script("Hello!"), Some(Script::Latin));
        assert_eq!(detect_script("Привет всем!"), Some(Script::Cyrillic));
        assert_eq!(
            detect_script("ქართული ენა მსოფლიო "),
            Some(Script::Georgian)
        );
        assert_eq!(
            detect_script("県見夜上温国阪題富販"),
            Some(Script::Mandarin)
        );
        assert_eq!(
            detect_script(" ككل حوالي 1.6، ومعظم الناس "),
            Some(Script::Arabic)
        );
        assert_eq!(
            detect_script("हिमालयी वन चिड़िया (जूथेरा सालिमअली) चिड़िया की एक प्रजाति है"),
            Some(Script::Devanagari)
        );
        assert_eq!(
            detect_script("היסטוריה והתפתחות של האלפבית העברי"),
            Some(Script::Hebrew)
        );
        assert_eq!(
            detect_script("የኢትዮጵያ ፌዴራላዊ ዴሞክራሲያዊሪፐብሊክ"),
            Some(Script::Ethiopic)
        );

        // Mixed scripts
        assert_eq!(
            detect_script("Привет! Текст на русском with some English."),
            Some(Script::Cyrillic)
        );
        assert_eq!(
            detect_script("Russian word любовь means love."),
            Some(Script::Latin)
        );
    }
}
