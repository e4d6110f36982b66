use hashbrown::HashMap;

use super::utils::{TrigramsWithPositions, get_trigrams_with_positions, ranked_packed_trigrams};
use super::{ARABIC_LANGS, CYRILLIC_LANGS, DEVANAGARI_LANGS, HEBREW_LANGS, LATIN_LANGS};
use super::{LangProfile, LangProfileList};
use super::{MAX_TOTAL_DISTANCE, MAX_TRIGRAM_DISTANCE, Trigram};
use crate::Lang;
use crate::core::{FilterList, Info, InternalQuery, Text, calculate_confidence};
use crate::scripts::grouping::MultiLangScript;

#[derive(Debug)]
pub struct RawOutcome {
    pub trigrams_count: usize,
    #[allow(dead_code)]
    pub raw_distances: Vec<(Lang, u32)>,
    pub scores: Vec<(Lang, f64)>,
}

#[inline]
pub fn detect(iquery: &InternalQuery) -> Option<Info> {
    let raw_outcome = raw_detect(iquery);
    let RawOutcome {
        trigrams_count,
        scores,
        ..
    } = raw_outcome;

    let mut raw_scores_iter = scores.into_iter();

    let opt_lang_score1 = raw_scores_iter.next();
    let opt_lang_score2 = raw_scores_iter.next();

    // TODO: Logic is duplicated in alphabets. Consider refactoring
    opt_lang_score1.map(|(lang1, score1)| {
        let script = iquery.multi_lang_script.to_script();
        let confidence = if let Some((_, score2)) = opt_lang_score2 {
            calculate_confidence(score1, score2, trigrams_count)
        } else {
            1.0
        };
        Info::new(script, lang1, confidence)
    })
}

#[inline]
pub fn raw_detect(iquery: &InternalQuery) -> RawOutcome {
    let lang_profile_list = script_to_lang_profile_list(iquery.multi_lang_script);
    // REDLINE PATCH: the profiles' index, unless upstream's loop is asked for (`reference`).
    let index = (!is_reference()).then(|| profile_index(iquery.multi_lang_script));
    calculate_scores_in_profiles(&iquery.text, iquery.filter_list, lang_profile_list, index)
}

// REDLINE PATCH (the rest of this block, to `script_to_lang_profile_list`): the distance of
// a text to every profile of a script from one pass over the text's own trigrams.
//
// Upstream looks each of a profile's 300 trigrams up in the text's trigram `HashMap`, for
// every profile of the script: about 11,000 lookups a text for the Latin script whatever
// the text's length, each hashing three `char`s; that was about a fifth of redline's
// `check` time over a corpus. A profile trigram absent from the text adds
// MAX_TRIGRAM_DISTANCE to the profile's distance; one at rank `n` in the text and `i` in the
// profile adds |n - i|. So a profile's distance is
// `len * MAX_TRIGRAM_DISTANCE + sum over shared trigrams of (|n - i| - MAX_TRIGRAM_DISTANCE)`,
// and only the text's trigrams (at most TEXT_TRIGRAMS_SIZE) need looking up, in an index
// from each profile trigram to the (profile, rank) pairs that hold it (`ProfileIndex`,
// built once per script and process). The sums are integers, so the distances, and so the
// results, are exactly upstream's. `reference` runs upstream's loop, and redline's
// `tests/language_detection.rs` compares the two.

thread_local! {
    static REFERENCE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// REDLINE PATCH: whether upstream's code is asked for on this thread (`reference`).
#[inline]
pub(crate) fn is_reference() -> bool {
    REFERENCE.with(|r| r.get())
}

/// REDLINE PATCH: runs `f` with upstream's code instead of the patch's faster steps (the
/// per-profile distance loop instead of `ProfileIndex`, and the others marked `REDLINE
/// PATCH` that consult `is_reference`), on this thread. For testing that the two give the
/// same results.
#[doc(hidden)]
pub fn reference<R>(f: impl FnOnce() -> R) -> R {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            REFERENCE.with(|r| r.set(self.0));
        }
    }
    let _reset = Reset(REFERENCE.with(|r| r.replace(true)));
    f()
}

/// REDLINE PATCH: a trigram's characters packed into 63 bits (a `char` has 21).
#[inline]
fn pack(t: &Trigram) -> u64 {
    super::utils::pack(t.0, t.1, t.2)
}

/// REDLINE PATCH: more than the number of profiles of any script (a profile's number is a
/// `u8` in `ProfileIndex`).
const PROFILES: usize = 256;

/// REDLINE PATCH: an unused slot (no packed trigram has bit 63 set).
const EMPTY: u64 = u64::MAX;

/// REDLINE PATCH: for each trigram of a script's profiles, the profiles that hold it and
/// its rank in each.
struct ProfileIndex {
    /// Open addressing with linear probing, Fibonacci hashing of the packed trigram:
    /// (packed trigram or `EMPTY`, start and end of its pairs in `holders`).
    slots: Vec<(u64, u32, u32)>,
    /// `64 - log2(slots.len())`.
    shift: u32,
    /// (profile number in the script's list, rank in that profile), grouped by trigram.
    /// The profile number is a `u8` (no script has more than 256 profiles), so that
    /// `add_shared` indexes a table of 256 sums without a bounds check.
    holders: Vec<(u8, u16)>,
    /// Each profile's distance to a text that shares none of its trigrams.
    base: Vec<u32>,
}

impl ProfileIndex {
    fn new(list: LangProfileList) -> Self {
        assert!(list.len() <= PROFILES);
        let total: usize = list.iter().map(|(_, t)| t.len()).sum();
        // At most 80 % full (Latin 68 %, Cyrillic, Arabic and Devanagari 44 %, Hebrew 59 %),
        // so that a lookup of a trigram no profile has (most of a text's) ends after a
        // short probe and the table never fills. Twice the Latin table took twice as long
        // to build (about 0.5 ms, in every process) for no measurable gain per text.
        let capacity = (total + total / 4).next_power_of_two().max(16);
        debug_assert!(total * 5 <= capacity * 4);
        let mut index = ProfileIndex {
            slots: vec![(EMPTY, 0, 0); capacity],
            shift: 64 - capacity.trailing_zeros(),
            holders: vec![(0, 0); total],
            base: list
                .iter()
                .map(|&(_, trigrams)| trigrams.len() as u32 * MAX_TRIGRAM_DISTANCE)
                .collect(),
        };
        // Count each trigram's pairs (in the end field), turn the counts into ranges, then
        // fill them, the end field serving as the fill pointer.
        for &(_, trigrams) in list {
            for t in trigrams {
                let at = index.slot(pack(t));
                index.slots[at].0 = pack(t);
                index.slots[at].2 += 1;
            }
        }
        let mut next = 0;
        for slot in &mut index.slots {
            let count = slot.2;
            slot.1 = next;
            slot.2 = next;
            next += count;
        }
        for (p, &(_, trigrams)) in list.iter().enumerate() {
            for (i, t) in trigrams.iter().enumerate() {
                let at = index.slot(pack(t));
                let fill = index.slots[at].2;
                index.holders[fill as usize] = (p as u8, i as u16);
                index.slots[at].2 += 1;
            }
        }
        index
    }

    /// The slot holding `key`, or the empty slot where it belongs.
    #[inline]
    fn slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        while self.slots[at].0 != key && self.slots[at].0 != EMPTY {
            at = (at + 1) & mask;
        }
        at
    }

    /// Upstream's summed distance (before `short_text_correction`) of a text with these
    /// trigrams (packed, in rank order: see `ranked_packed_trigrams`) to every profile of
    /// the list, in list order.
    fn distances(&self, ranked: &[u64]) -> Vec<u32> {
        let mut dist = self.base_sums();
        self.add_shared(ranked, &mut dist);
        let dist = &dist[..self.base.len()];
        // Each term is what upstream adds for one profile trigram, so no sum is negative.
        dist.iter().map(|&d| d as u32).collect()
    }

    /// Each profile's `base` at its number, in a table of `PROFILES` sums.
    #[inline]
    fn base_sums(&self) -> [i64; PROFILES] {
        let mut dist = [0i64; PROFILES];
        for (d, &b) in dist.iter_mut().zip(&self.base) {
            *d = b as i64;
        }
        dist
    }

    /// Adds to each profile's `dist` (starting from `base`) the terms of the trigrams the
    /// text shares with it.
    #[inline]
    fn add_shared(&self, ranked: &[u64], dist: &mut [i64; PROFILES]) {
        for (n, &packed) in ranked.iter().enumerate() {
            let (key, start, end) = self.slots[self.slot(packed)];
            if key == EMPTY {
                continue;
            }
            for &(p, i) in &self.holders[start as usize..end as usize] {
                dist[p as usize] += (n as i64 - i as i64).abs() - MAX_TRIGRAM_DISTANCE as i64;
            }
        }
    }
}

/// REDLINE PATCH: `raw_detect`'s score of each language (`None` for a language it does not
/// list), in `out` at the language's number, and its `trigrams_count`, for
/// `combined::detect`'s search of the best score: the same distances and scores from the
/// same expressions, without the lists, their sort, or any allocation but the ranked
/// trigrams.
pub(crate) fn scores_by_lang(iquery: &InternalQuery, out: &mut crate::combined::ScoresByLang) -> usize {
    let list = script_to_lang_profile_list(iquery.multi_lang_script);
    let index = profile_index(iquery.multi_lang_script);
    let ranked = ranked_packed_trigrams(&iquery.text.lowercase());
    let count = ranked.len();
    let mut dist = index.base_sums();
    index.add_shared(&ranked, &mut dist);
    let max_dist = count as u32 * MAX_TRIGRAM_DISTANCE;
    for (&(lang, _), &sum) in list.iter().zip(dist.iter()) {
        if !iquery.filter_list.is_allowed(lang) {
            continue;
        }
        // Each term is what upstream adds for one profile trigram, so no sum is negative.
        let distance = short_text_correction(sum as u32, count);
        out[lang as usize].get_or_insert(distance_to_raw_score(distance, max_dist));
    }
    count
}

/// REDLINE PATCH: the index of a script's profiles, built on first use.
fn profile_index(script: MultiLangScript) -> &'static ProfileIndex {
    use std::sync::OnceLock;
    use MultiLangScript as MLS;
    static INDEXES: [OnceLock<ProfileIndex>; 5] = [const { OnceLock::new() }; 5];
    let slot = match script {
        MLS::Latin => 0,
        MLS::Cyrillic => 1,
        MLS::Arabic => 2,
        MLS::Devanagari => 3,
        MLS::Hebrew => 4,
    };
    INDEXES[slot].get_or_init(|| ProfileIndex::new(script_to_lang_profile_list(script)))
}

fn script_to_lang_profile_list(script: MultiLangScript) -> LangProfileList {
    use MultiLangScript as MLS;
    match script {
        MLS::Latin => LATIN_LANGS,
        MLS::Cyrillic => CYRILLIC_LANGS,
        MLS::Arabic => ARABIC_LANGS,
        MLS::Devanagari => DEVANAGARI_LANGS,
        MLS::Hebrew => HEBREW_LANGS,
    }
}

#[inline]
fn calculate_scores_in_profiles(
    text: &Text,
    filter_list: &FilterList,
    lang_profile_list: LangProfileList,
    index: Option<&ProfileIndex>,
) -> RawOutcome {
    let mut lang_distances: Vec<(Lang, u32)> = vec![];

    // REDLINE PATCH: with the index, the same distances from the text's ranked trigrams, in
    // the same order; upstream's map from trigram to rank only for upstream's loop.
    let (unique_trigrams_count, distances) = match index {
        Some(index) => {
            let ranked = ranked_packed_trigrams(&text.lowercase());
            (ranked.len(), Ok(index.distances(&ranked)))
        }
        None => {
            let TrigramsWithPositions {
                trigram_positions, ..
            } = get_trigrams_with_positions(&text.lowercase());
            (trigram_positions.len(), Err(trigram_positions))
        }
    };
    for (p, &(lang, lang_trigrams)) in lang_profile_list.iter().enumerate() {
        if !filter_list.is_allowed(lang) {
            continue;
        }
        let dist = match &distances {
            Ok(sums) => short_text_correction(sums[p], unique_trigrams_count),
            Err(trigram_positions) => calculate_distance(lang_trigrams, trigram_positions),
        };
        lang_distances.push(((lang), dist));
    }

    // Sort languages by distance
    lang_distances.sort_unstable_by_key(|(_, dist)| *dist);

    let max_dist = unique_trigrams_count as u32 * MAX_TRIGRAM_DISTANCE;

    let raw_scores = lang_distances
        .iter()
        .map(|&(lang, distance)| (lang, distance_to_raw_score(distance, max_dist)))
        .collect();

    RawOutcome {
        trigrams_count: unique_trigrams_count,
        scores: raw_scores,
        raw_distances: lang_distances,
    }
}

#[inline]
fn calculate_distance(lang_trigrams: LangProfile, text_trigrams: &HashMap<Trigram, u32>) -> u32 {
    let mut total_dist = 0u32;

    for (i, &trigram) in lang_trigrams.iter().enumerate() {
        let dist = match text_trigrams.get(&trigram) {
            Some(&n) => (n as i32 - i as i32).unsigned_abs(),
            None => MAX_TRIGRAM_DISTANCE,
        };
        total_dist += dist;
    }

    short_text_correction(total_dist, text_trigrams.len())
}

/// REDLINE PATCH: upstream's end of `calculate_distance`, shared by both ways of summing.
#[inline]
fn short_text_correction(mut total_dist: u32, text_trigrams_count: usize) -> u32 {
    let count = text_trigrams_count as u32;

    if MAX_TRIGRAM_DISTANCE > count {
        let delta = MAX_TRIGRAM_DISTANCE - count;
        total_dist -= delta * MAX_TRIGRAM_DISTANCE;
    }

    total_dist.clamp(0, MAX_TOTAL_DISTANCE)
}

#[inline]
fn distance_to_raw_score(distance: u32, max_distance: u32) -> f64 {
    let similarity = max_distance - distance;
    similarity as f64 / max_distance as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_when_german_is_given() {
        let text = "Die Ordnung muss für immer in diesem Codebase bleiben";
        let iq = InternalQuery {
            text: Text::new(text),
            filter_list: &FilterList::default(),
            multi_lang_script: MultiLangScript::Latin,
        };
        let raw_outcome = raw_detect(&iq);

        assert_eq!(raw_outcome.trigrams_count, 50);

        let &(first_lang, first_score) = raw_outcome.scores.first().unwrap();
        let &(_last_lang, last_score) = raw_outcome.scores.last().unwrap();

        assert_eq!(first_lang, Lang::Deu);

        assert!(first_score >= 0.0);
        assert!(first_score <= 1.0);

        assert!(last_score >= 0.0);
        assert!(last_score <= 1.0);
    }
}
