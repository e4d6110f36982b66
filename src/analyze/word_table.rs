//! A small map from short words to small values, for look-ups on hot paths: the section
//! classifier's vocabulary ids (`kinds.rs`) and the language check's function-word markers
//! (`language.rs`), each asked about most words of every text.
//!
//! A word of at most 8 bytes is keyed by its bytes packed into a `u64` by the caller (each
//! caller has its own packing; no word's key may be 0, which marks an empty slot). Open
//! addressing with linear probing and Fibonacci hashing, at most a quarter of the slots
//! filled, so that a look-up, mostly of words that are not in the table, is a
//! multiplication and a probe or two. It replaced an `FxHashMap` in the classifier, whose
//! probe of a control-byte group cost more (400 corpus policies: the classifier's look-ups
//! 80 → 64 M instructions).

/// Values by nonzero `u64` key; a key not in the table has the value `absent`.
#[derive(Debug, Clone)]
pub(crate) struct WordTable<V> {
    /// (key, value), or (0, `absent`) for an empty slot. A power of two long.
    slots: Vec<(u64, V)>,
    /// `64 - log2(slots.len())`: the hash is the top bits of the key times the golden ratio.
    shift: u32,
    /// Filled slots.
    len: usize,
    /// The value of every key not in the table.
    absent: V,
}

impl<V: Copy + PartialEq> WordTable<V> {
    /// An empty table whose missing keys have the value `absent`.
    pub(crate) fn new(absent: V) -> Self {
        const FIRST_SLOTS: usize = 16;
        WordTable {
            slots: vec![(0, absent); FIRST_SLOTS],
            shift: 64 - FIRST_SLOTS.trailing_zeros(),
            len: 0,
            absent,
        }
    }

    /// How many keys the table holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The slot holding `key`, or the empty one where it belongs.
    #[inline(always)]
    fn slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        while self.slots[at].0 != key && self.slots[at].0 != 0 {
            at = (at + 1) & mask;
        }
        at
    }

    /// The value of `key`, or `absent` (also for 0, which no word has).
    #[inline(always)]
    pub(crate) fn get(&self, key: u64) -> V {
        self.slots[self.slot(key)].1
    }

    /// The value of `key`, to change: `absent` when the key is new, which it then holds.
    ///
    /// # Panics
    /// When `key` is 0, the mark of an empty slot.
    pub(crate) fn entry(&mut self, key: u64) -> &mut V {
        assert_ne!(key, 0, "0 is no word's key");
        if (self.len + 1) * 4 > self.slots.len() {
            let grown = vec![(0, self.absent); self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, grown);
            self.shift -= 1;
            for (k, v) in old.into_iter().filter(|&(k, _)| k != 0) {
                let at = self.slot(k);
                self.slots[at] = (k, v);
            }
        }
        let at = self.slot(key);
        if self.slots[at].0 != key {
            self.slots[at].0 = key;
            self.len += 1;
        }
        &mut self.slots[at].1
    }

    /// The (key, value) pairs, in no particular order.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, V)> + '_ {
        self.slots.iter().copied().filter(|&(k, _)| k != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Against a `HashMap` on 2,752 keys of three shapes (some in two of them), through
    /// ten growths from 16 slots: every key inserted keeps its first value, other keys
    /// are `absent`, and the length counts distinct keys.
    #[test]
    fn agrees_with_a_hash_map() {
        let mut table = WordTable::new(u32::MAX);
        let mut plain = HashMap::new();
        let keys: Vec<u64> = (1..2_000u64)
            .map(|n| n * 0x0101)
            .chain((1..256u64).map(|n| n << 56))
            .chain((1..500u64).map(|n| n * 7))
            .collect();
        for (i, &k) in keys.iter().enumerate() {
            let v = table.entry(k);
            if *v == u32::MAX {
                *v = i as u32;
            }
            plain.entry(k).or_insert(i as u32);
        }
        assert_eq!(table.len(), plain.len());
        assert!(table.slots.len() >= 4 * table.len());
        for (&k, &v) in &plain {
            assert_eq!(table.get(k), v, "{k:#x}");
        }
        for k in [2u64, 3, 0x0102, 1 << 63, u64::MAX] {
            assert_eq!(
                table.get(k),
                plain.get(&k).copied().unwrap_or(u32::MAX),
                "{k:#x}"
            );
        }
        assert_eq!(table.iter().count(), plain.len());
    }

    #[test]
    #[should_panic(expected = "0 is no word's key")]
    fn key_zero_is_refused() {
        WordTable::new(0u8).entry(0);
    }
}
