use hashbrown::HashMap;

use super::TEXT_TRIGRAMS_SIZE;
use super::Trigram;
use crate::core::LowercaseText;
use crate::utils::is_stop_char;

pub struct TrigramsWithPositions {
    pub(crate) _total_trigrams: u32,
    pub(crate) trigram_positions: HashMap<Trigram, u32>,
}

#[inline]
pub fn get_trigrams_with_positions(text: &LowercaseText) -> TrigramsWithPositions {
    let CountResult {
        total_trigrams,
        trigram_occurances,
    } = count(text);
    let trigram_positions = trigram_occurances_to_positions(trigram_occurances);
    TrigramsWithPositions {
        _total_trigrams: total_trigrams,
        trigram_positions,
    }
}

#[inline]
#[allow(clippy::unnecessary_sort_by)]
fn trigram_occurances_to_positions(
    trigram_occurances: HashMap<Trigram, u32>,
) -> HashMap<Trigram, u32> {
    // Sort in descending order by number of occurrences and trigrams
    let mut count_vec: Vec<_> = trigram_occurances
        .into_iter()
        .map(|(trigram, count)| (count, trigram))
        .collect();
    count_vec.sort_unstable_by(|a, b| b.cmp(a));

    count_vec
        .into_iter()
        .take(TEXT_TRIGRAMS_SIZE) // we're interested only in the first 600 (2 * MAX_TRIGRAM_DISTANCE)
        .enumerate()
        .map(|(i, (_, trigram))| (trigram, i as u32))
        .collect()
}

/// REDLINE PATCH: a trigram's characters in 63 bits, the first highest, so that the numbers
/// order as the trigrams do (a `char` has 21 bits; no packed trigram has bit 63 set).
#[inline]
pub(crate) fn pack(c1: char, c2: char, c3: char) -> u64 {
    ((c1 as u64) << 42) | ((c2 as u64) << 21) | c3 as u64
}

/// REDLINE PATCH: the trigrams `get_trigrams_with_positions` ranks, packed (`pack`), in rank
/// order: the trigram at index `n` has rank `n`. The same trigrams (`count`'s loop) in the
/// same order (most occurrences first, then the greatest trigram: the sort key is the count
/// above the packed trigram, which orders as the trigram's characters do, and the keys are
/// distinct), but counted in a table of packed trigrams (`TrigramCounts`) instead of a map
/// keyed by three `char`s, sorted as integers (those that occur once, last, as `u64`s), and
/// with no map from trigram to rank built.
pub(crate) fn ranked_packed_trigrams(text: &LowercaseText) -> Vec<u64> {
    thread_local! {
        static COUNTS: std::cell::RefCell<TrigramCounts> =
            const { std::cell::RefCell::new(TrigramCounts::new()) };
    }
    COUNTS.with(|counts| {
        let mut counts = counts.borrow_mut();
        counts.reserve(text.len());
        rank(text, &mut counts)
    })
}

/// REDLINE PATCH: what `to_trigram_char` makes of each ASCII byte: itself, or a space for a
/// stop character (`is_stop_char`'s ranges below 0x80).
const TRIGRAM_BYTES: [u8; 128] = {
    let mut table = [b' '; 128];
    let mut b = 0;
    while b < 128 {
        if !matches!(b, 0x00..=0x40 | 0x5B..=0x60 | 0x7B..=0x7E) {
            table[b] = b as u8;
        }
        b += 1;
    }
    table
};

/// REDLINE PATCH: the character `count` reads at byte `*i` of `text` (`to_trigram_char`), as
/// a number, moving `*i` past it; `None` at the end. An ASCII byte is not decoded (a
/// character outside ASCII is never a stop character).
#[inline(always)]
fn next_trigram_char(text: &str, i: &mut usize) -> Option<u64> {
    let &b = text.as_bytes().get(*i)?;
    if b.is_ascii() {
        *i += 1;
        let c = TRIGRAM_BYTES[b as usize];
        debug_assert_eq!(c as char, to_trigram_char(b as char));
        return Some(u64::from(c));
    }
    // `*i` is on a character boundary: the previous character ended there.
    let c = text[*i..].chars().next()?;
    *i += c.len_utf8();
    Some(u64::from(c))
}

/// REDLINE PATCH: `ranked_packed_trigrams` with an empty table large enough for `text`,
/// which it leaves empty.
fn rank(text: &LowercaseText, counts: &mut TrigramCounts) -> Vec<u64> {
    const SPACE: u64 = ' ' as u64;
    // The packed trigram is kept from one character to the next: shifted one character
    // left, the first character dropped (bits 63 and up), the new one added (see `pack`).
    const MASK: u64 = (1 << 63) - 1;
    const CHAR: u64 = (1 << 21) - 1;
    // The characters as `count` reads them, then a space.
    let mut i = 0;
    if !text.is_empty() {
        let c2 = next_trigram_char(text, &mut i).unwrap_or(SPACE);
        let mut key = (SPACE << 21) | c2;
        loop {
            let (c3, last) = match next_trigram_char(text, &mut i) {
                Some(c) => (c, false),
                None => (SPACE, true),
            };
            let (c1, c2) = ((key >> 21) & CHAR, key & CHAR);
            key = ((key << 21) | c3) & MASK;
            debug_assert_eq!(key, pack_numbers(c1, c2, c3));
            if !(c2 == SPACE && (c1 == SPACE || c3 == SPACE)) {
                counts.add(key);
            }
            if last {
                break;
            }
        }
    }
    // Most trigrams of a short text occur once: they come after all the others, in the
    // order of the packed trigrams alone, so they are sorted as `u64`s (cheaper than the
    // `u128` keys) apart from the rest. The slots are emptied as they are read.
    let TrigramCounts {
        slots,
        seen,
        once,
        keys,
        ..
    } = counts;
    for &at in seen.iter() {
        let (trigram, n) = std::mem::take(&mut slots[at as usize]);
        if n == 1 {
            once.push(trigram);
        } else {
            keys.push((u128::from(n) << 64) | u128::from(trigram));
        }
    }
    seen.clear();
    keys.sort_unstable_by(|a, b| b.cmp(a));
    once.sort_unstable_by(|a, b| b.cmp(a));
    let mut ranked = Vec::with_capacity((keys.len() + once.len()).min(TEXT_TRIGRAMS_SIZE));
    ranked.extend(
        keys.drain(..)
            .map(|key| key as u64)
            .chain(once.drain(..))
            .take(TEXT_TRIGRAMS_SIZE),
    );
    ranked
}

/// REDLINE PATCH: `pack` of three characters given as numbers, for checking `rank`'s
/// running key.
fn pack_numbers(c1: u64, c2: u64, c3: u64) -> u64 {
    (c1 << 42) | (c2 << 21) | c3
}

/// REDLINE PATCH: a text's packed trigrams and their counts, for `ranked_packed_trigrams`:
/// open addressing with linear probing and Fibonacci hashing, at most half full (a text of
/// `n` bytes has at most `n + 1` trigrams). No packed trigram is 0 (its characters are
/// letters or spaces), so (0, 0) marks an empty slot. One table per thread, emptied after
/// each text by clearing only the slots it filled (as `rank` reads them): zeroing a fresh
/// table for every text cost more than counting. The order of the table does not matter:
/// the trigrams are sorted by distinct keys after. The lists `rank` sorts are kept too, so
/// that they are not allocated for every text.
struct TrigramCounts {
    /// (packed trigram, occurrences), or (0, 0) for an empty slot; a power of two long.
    slots: Vec<(u64, u32)>,
    /// `64 - log2(slots.len())`.
    shift: u32,
    /// The slots in use, in the order they were filled.
    seen: Vec<u32>,
    /// `rank`'s trigrams that occur once (empty between texts).
    once: Vec<u64>,
    /// `rank`'s keys of the others (empty between texts).
    keys: Vec<u128>,
}

impl TrigramCounts {
    const fn new() -> Self {
        TrigramCounts {
            slots: Vec::new(),
            shift: 64,
            seen: Vec::new(),
            once: Vec::new(),
            keys: Vec::new(),
        }
    }

    /// Makes the (empty) table at most half full with the trigrams of a text of `text_len`
    /// bytes.
    fn reserve(&mut self, text_len: usize) {
        debug_assert!(self.seen.is_empty());
        let capacity = (2 * (text_len + 1)).next_power_of_two().max(1024);
        if self.slots.len() < capacity {
            self.slots = vec![(0, 0); capacity];
            self.shift = 64 - capacity.trailing_zeros();
        }
    }

    #[inline]
    fn add(&mut self, key: u64) {
        debug_assert_ne!(key, 0);
        let mask = self.slots.len() - 1;
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        loop {
            let slot = &mut self.slots[at];
            if slot.0 == key {
                slot.1 += 1;
                return;
            }
            if slot.0 == 0 {
                *slot = (key, 1);
                self.seen.push(at as u32);
                return;
            }
            at = (at + 1) & mask;
        }
    }
}

struct CountResult {
    total_trigrams: u32,
    trigram_occurances: HashMap<Trigram, u32>,
}

#[inline]
fn count(text: &LowercaseText) -> CountResult {
    let hash_capacity = calculate_initial_hash_capacity(text);
    let mut trigram_occurances: HashMap<Trigram, u32> = HashMap::with_capacity(hash_capacity);
    let mut total_trigrams = 0;

    // iterate through the string and count trigrams
    let mut chars_iter = text
        .chars()
        .map(to_trigram_char)
        //.flat_map(char::to_lowercase)
        .chain(Some(' '));
    let mut c1 = ' ';
    // unwrap is safe, because we always chain a space character on the end of the iterator
    let mut c2 = chars_iter.next().unwrap();
    for cur_char in chars_iter {
        let c3 = cur_char;
        if !(c2 == ' ' && (c1 == ' ' || c3 == ' ')) {
            let trigram = Trigram(c1, c2, c3);
            let count = trigram_occurances.entry(trigram).or_insert(0);
            *count += 1;
            total_trigrams += 1;
        }
        c1 = c2;
        c2 = c3;
    }

    CountResult {
        total_trigrams,
        trigram_occurances,
    }
}

// Convert punctuations and digits to a space.
#[inline]
fn to_trigram_char(ch: char) -> char {
    if is_stop_char(ch) { ' ' } else { ch }
}

// In order to improve performance, define the initial capacity for trigrams hash map,
// based on the size of the input text.
#[inline]
fn calculate_initial_hash_capacity(text: &str) -> usize {
    const MAX_INITIAL_HASH_CAPACITY: usize = 2048;

    let len = text.len();
    if len > MAX_INITIAL_HASH_CAPACITY {
        MAX_INITIAL_HASH_CAPACITY
    } else {
        len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_valuable_trigram_chars(chars: &[char]) {
        for &ch in chars.iter() {
            assert_eq!(to_trigram_char(ch), ch);
        }
    }

    fn assert_not_valuable_trigram_chars(chars: &[char]) {
        for &ch in chars.iter() {
            assert_eq!(to_trigram_char(ch), ' ');
        }
    }

    #[test]
    fn test_to_trigram_char() {
        // valuable chars, that matters
        assert_valuable_trigram_chars(&['a', 'z', 'A', 'Z', 'Ж', 'ß']);

        // punctuations, digits, etc..
        //
        // 0x00 - 0x40
        assert_not_valuable_trigram_chars(&['\t', '\n', ' ', '.', '0', '9', ',', '@']);
        // 0x5B - 0x60
        assert_not_valuable_trigram_chars(&['[', ']', '^', '\\', '`']);
        // 0x7B - 0x7E
        assert_not_valuable_trigram_chars(&['[', '|', '{', '}', '~']);
    }

    fn assert_count(text: &str, pairs: &[(&str, u32)]) {
        let lowercase_text = LowercaseText::new(text);
        let CountResult {
            total_trigrams: _,
            trigram_occurances,
        } = count(&lowercase_text);
        for &(trigram_str, expected_n) in pairs.iter() {
            let chars: Vec<char> = trigram_str.chars().collect();
            let trigram = Trigram(chars[0], chars[1], chars[2]);
            let actual_n = trigram_occurances[&trigram];
            assert_eq!(
                actual_n, expected_n,
                "trigram '{:?}' expected to occur {} times, got {}",
                trigram, expected_n, actual_n
            );
        }
        assert_eq!(trigram_occurances.len(), pairs.len());
    }

    #[test]
    fn test_count() {
        assert_count("", &[]);
        assert_count(",", &[]);
        assert_count("a", &[(" a ", 1)]);
        assert_count("-a-", &[(" a ", 1)]);
        assert_count("yes", &[(" ye", 1), ("yes", 1), ("es ", 1)]);
        assert_count(
            "Give - IT...",
            &[
                (" gi", 1),
                ("giv", 1),
                ("ive", 1),
                ("ve ", 1),
                (" it", 1),
                ("it ", 1),
            ],
        );
    }

    /// REDLINE PATCH: the packed ranking is upstream's rank map.
    #[test]
    fn ranked_packed_trigrams_are_the_positions() {
        for text in [
            "",
            ",",
            "a",
            "xaaaaabbbb    d",
            "Give - IT...",
            "Die Ordnung muss für immer in diesem Codebase bleiben",
            "Та нічого, все нормально. А в тебе як? 隐私&安全 ÆØÅ æøå",
        ] {
            let lowercase_text = LowercaseText::new(text);
            let positions = get_trigrams_with_positions(&lowercase_text).trigram_positions;
            let ranked = ranked_packed_trigrams(&lowercase_text);
            assert_eq!(ranked.len(), positions.len(), "{text}");
            for (trigram, &n) in &positions {
                assert_eq!(ranked[n as usize], pack(trigram.0, trigram.1, trigram.2), "{text}");
            }
        }
    }

    #[test]
    fn test_get_trigrams_with_positions() {
        let lowercase_text = LowercaseText::new("xaaaaabbbb    d");
        let TrigramsWithPositions {
            _total_trigrams,
            trigram_positions,
        } = get_trigrams_with_positions(&lowercase_text);

        assert_eq!(trigram_positions[&Trigram('a', 'a', 'a')], 0);
        assert_eq!(trigram_positions[&Trigram('b', 'b', 'b')], 1);
        assert_eq!(_total_trigrams, 11);
    }
}
