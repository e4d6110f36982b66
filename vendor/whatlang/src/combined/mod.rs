use crate::Lang;
use crate::alphabets;
use crate::core::{Info, InternalQuery, calculate_confidence};
use crate::trigrams;

#[derive(Debug)]
pub struct RawOutcome {
    pub scores: Vec<(Lang, f64)>,
    #[allow(dead_code)]
    pub alphabet_raw_outcome: alphabets::RawOutcome,
    pub trigram_raw_outcome: trigrams::RawOutcome,
}

pub fn detect(iquery: &InternalQuery) -> Option<Info> {
    // REDLINE PATCH: the best score found without sorting, unless upstream's code is asked
    // for (`crate::reference`) or two languages tie for the best score.
    if !crate::trigrams::detection::is_reference()
        && let Some(found) = detect_best(iquery)
    {
        return found;
    }
    let raw_outcome = raw_detect(iquery);

    let count = raw_outcome.trigram_raw_outcome.trigrams_count;
    let mut normalized_scores_iter = raw_outcome.scores.into_iter();

    let opt_lang_score1 = normalized_scores_iter.next();
    let opt_lang_score2 = normalized_scores_iter.next();

    // TODO: Logic is duplicated in alphabets and trigrams. Consider refactoring
    opt_lang_score1.map(|(lang1, score1)| {
        let script = iquery.multi_lang_script.to_script();
        let confidence = if let Some((_, score2)) = opt_lang_score2 {
            calculate_confidence(score1, score2, count)
        } else {
            1.0
        };
        Info::new(script, lang1, confidence)
    })
}

/// REDLINE PATCH: more than the number of languages, for tables indexed by `Lang as usize`.
pub(crate) const LANGS: usize = 128;

/// REDLINE PATCH: a score for each language, at its number (`None`: not listed).
pub(crate) type ScoresByLang = [Option<f64>; LANGS];

/// REDLINE PATCH: `detect`'s result without building, combining and sorting the score lists:
/// `None` when it cannot tell it, so that `detect` takes upstream's way.
///
/// `detect` only reads the first two entries of the combined list sorted by decreasing
/// score: the language and score of the first, and the score of the second. When one
/// language has a greater score than every other, any sort puts it first and a language
/// with the greatest of the other scores second, whatever the order of the list before the
/// sort, so one pass over the scores finds both. When two languages tie for the greatest
/// score, which one comes first depends on the list's order and on the unstable sort, so
/// this gives up (`None`), as for a score that is not a number (for which the sort's
/// comparison is not an order). Each language's score is made by the same expression from
/// the same values as in `combine` (`alphabets::scores_by_lang`,
/// `trigrams::detection::scores_by_lang`), so it is the same `f64`.
fn detect_best(iquery: &InternalQuery) -> Option<Option<Info>> {
    let mut a_of: ScoresByLang = [None; LANGS];
    let mut t_of: ScoresByLang = [None; LANGS];
    let count = alphabets::scores_by_lang(iquery, &mut a_of);
    let trigrams_count = trigrams::detection::scores_by_lang(iquery, &mut t_of);
    let alphabet_weight = calc_alphabet_weight(count);
    let trigram_weight = 1.0 - alphabet_weight;
    debug_assert!(Lang::all().len() <= LANGS);
    // The best language and score, whether another language has the same score, and the
    // greatest score of the other languages.
    let mut best: Option<(Lang, f64)> = None;
    let mut tie = false;
    let mut second: Option<f64> = None;
    for &lang in Lang::all() {
        let (a, t) = (a_of[lang as usize], t_of[lang as usize]);
        if a.is_none() && t.is_none() {
            continue;
        }
        let score = a.unwrap_or(0.0) * alphabet_weight + t.unwrap_or(0.0) * trigram_weight;
        // A score that is not a number goes to upstream's way before the range check below,
        // which it would fail.
        if score.is_nan() {
            return None;
        }
        debug_assert!((0.0..=1.0).contains(&score));
        match best {
            None => best = Some((lang, score)),
            Some((_, b)) if score > b => {
                second = Some(second.map_or(b, |s| s.max(b)));
                best = Some((lang, score));
                tie = false;
            }
            Some((_, b)) => {
                tie |= score == b;
                second = Some(second.map_or(score, |s| s.max(score)));
            }
        }
    }
    if tie {
        return None;
    }
    Some(best.map(|(lang1, score1)| {
        let script = iquery.multi_lang_script.to_script();
        let confidence = match second {
            Some(score2) => calculate_confidence(score1, score2, trigrams_count),
            None => 1.0,
        };
        Info::new(script, lang1, confidence)
    }))
}

// TODO: optimize!
pub fn raw_detect(iquery: &InternalQuery) -> RawOutcome {
    let alphabet_raw_outcome: alphabets::RawOutcome = alphabets::raw_detect(iquery);
    let trigram_raw_outcome: trigrams::RawOutcome = trigrams::raw_detect(iquery);

    let alphabet_scores: &Vec<(Lang, f64)> = &alphabet_raw_outcome.scores;
    let trigram_scores: &Vec<(Lang, f64)> = &trigram_raw_outcome.scores;

    let count = alphabet_raw_outcome.count;

    let alphabet_weight = calc_alphabet_weight(count);
    let trigram_weight = 1.0 - alphabet_weight;

    // REDLINE PATCH: upstream's loop only when asked for (`crate::reference`).
    let mut scores = if crate::trigrams::detection::is_reference() {
        combine_reference(alphabet_scores, trigram_scores, alphabet_weight, trigram_weight)
    } else {
        combine(alphabet_scores, trigram_scores, alphabet_weight, trigram_weight)
    };

    scores.sort_unstable_by(|a, b| b.1.partial_cmp(&a.1).unwrap_or(std::cmp::Ordering::Less));

    RawOutcome {
        scores,
        alphabet_raw_outcome,
        trigram_raw_outcome,
    }
}

/// REDLINE PATCH: upstream's combination of the two score lists, in the order of
/// `alphabet_scores` then the languages only `trigram_scores` has; each language's scores
/// found by a scan of each list (about 2,700 comparisons a text for the Latin script).
fn combine_reference(
    alphabet_scores: &[(Lang, f64)],
    trigram_scores: &[(Lang, f64)],
    alphabet_weight: f64,
    trigram_weight: f64,
) -> Vec<(Lang, f64)> {
    let mut all_langs: Vec<Lang> = alphabet_scores.iter().map(|x| x.0).collect();
    for (lang, _) in trigram_scores.iter() {
        if !all_langs.contains(lang) {
            all_langs.push(*lang);
        }
    }

    let mut scores = Vec::with_capacity(all_langs.len());

    for lang in all_langs {
        let a: f64 = alphabet_scores
            .iter()
            .find(|(l, _)| l == &lang)
            .map(|x| x.1)
            .unwrap_or(0.0);
        let t: f64 = trigram_scores
            .iter()
            .find(|(l, _)| l == &lang)
            .map(|x| x.1)
            .unwrap_or(0.0);

        debug_assert!(a >= 0.0);
        debug_assert!(a <= 1.0);
        debug_assert!(t >= 0.0);
        debug_assert!(t <= 1.0);

        let score = a * alphabet_weight + t * trigram_weight;

        debug_assert!(score >= 0.0);
        debug_assert!(score <= 1.0);

        scores.push((lang, score));
    }

    scores
}

/// REDLINE PATCH: `combine_reference` with each language's first score in each list kept in
/// a table by language instead of scanned for: the same languages in the same order, each
/// score computed by the same expression from the same values.
fn combine(
    alphabet_scores: &[(Lang, f64)],
    trigram_scores: &[(Lang, f64)],
    alphabet_weight: f64,
    trigram_weight: f64,
) -> Vec<(Lang, f64)> {
    debug_assert!(Lang::all().len() <= LANGS);
    // Each language's first score in each list (as `find` takes), and whether it is listed.
    let mut a_of: [Option<f64>; LANGS] = [None; LANGS];
    let mut t_of: [Option<f64>; LANGS] = [None; LANGS];
    let mut listed = [false; LANGS];
    let mut all_langs: Vec<Lang> = Vec::with_capacity(alphabet_scores.len() + trigram_scores.len());
    for &(lang, a) in alphabet_scores {
        all_langs.push(lang);
        listed[lang as usize] = true;
        a_of[lang as usize].get_or_insert(a);
    }
    for &(lang, t) in trigram_scores {
        if !listed[lang as usize] {
            all_langs.push(lang);
            listed[lang as usize] = true;
        }
        t_of[lang as usize].get_or_insert(t);
    }
    all_langs
        .into_iter()
        .map(|lang| {
            let a: f64 = a_of[lang as usize].unwrap_or(0.0);
            let t: f64 = t_of[lang as usize].unwrap_or(0.0);
            let score = a * alphabet_weight + t * trigram_weight;
            debug_assert!((0.0..=1.0).contains(&score));
            (lang, score)
        })
        .collect()
}

// Function that calculates weight of alphabet score depending on number of characters in the given
// text. The longer text the less significant alphabet weight is (and the more significant is
// trigram weight).
//
// y = -(x/300) + 2/3
// where:
//   x - number of characters
//   y = alphabet weight
//
//
//          alphabet weight
//          ^
//          |
//     2/3 -* (0; 2/3)
//          | \_
//          |   \_
//          |     \_
//          |       \_
//          |         \  (100; 1/3)
//     1/3 -|          *------------
//          |
//          +----------|------------> count
//         0          100
//
fn calc_alphabet_weight(count: usize) -> f64 {
    let weight = -(count as f64 / 300.0) + 2.0 / 3.0;
    weight.clamp(1.0 / 3.0, 2.0 / 3.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_calc_alphabet_weight() {
        assert_eq!(calc_alphabet_weight(0), 2.0 / 3.0);
        assert_eq!(calc_alphabet_weight(50), 0.5);
        assert_eq!(calc_alphabet_weight(100), 1.0 / 3.0);
        assert_eq!(calc_alphabet_weight(200), 1.0 / 3.0);
    }
}
