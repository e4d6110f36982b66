//! Compact values for what a large document holds by the hundred thousand: section numbers
//! (`3.2`, `[3, 2]`) and the labels of findings (`second section 4`). A short value is
//! stored inline, without an allocation of its own, which with glibc's allocator costs at
//! least 32 bytes even for a one-byte string (a 100 MB text file has 170,000 numbered
//! sections and 340,000 such labels). Neither type is larger than the `String` or `Vec`
//! it stands for (24 bytes), and each reads as a `str` or a slice.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// Longest string (bytes) a [`CompactStr`] holds inline.
pub const INLINE_STR_BYTES: usize = 22;

/// Most numbers a [`CompactNumbers`] holds inline.
pub const INLINE_NUMBERS: usize = 5;

/// A string: fixed text (`&'static str`) without a copy, up to [`INLINE_STR_BYTES`] bytes
/// inline, a longer one on the heap at its size. Dereferences to `str`; compares, hashes,
/// prints and serialises as that `str`.
#[derive(Clone)]
pub struct CompactStr(StrRepr);

#[derive(Clone)]
enum StrRepr {
    Static(&'static str),
    Inline(u8, [u8; INLINE_STR_BYTES]),
    Heap(Box<str>),
}

impl CompactStr {
    /// A copy of `s`: inline when it is short enough, otherwise on the heap.
    pub fn new(s: &str) -> Self {
        if s.len() <= INLINE_STR_BYTES {
            let mut bytes = [0; INLINE_STR_BYTES];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            CompactStr(StrRepr::Inline(s.len() as u8, bytes))
        } else {
            CompactStr(StrRepr::Heap(Box::from(s)))
        }
    }

    /// The string.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            StrRepr::Static(s) => s,
            StrRepr::Inline(len, bytes) => std::str::from_utf8(&bytes[..usize::from(*len)])
                .expect("the bytes were copied from a str"),
            StrRepr::Heap(s) => s,
        }
    }
}

impl Default for CompactStr {
    fn default() -> Self {
        CompactStr(StrRepr::Static(""))
    }
}

impl Deref for CompactStr {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for CompactStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&'static str> for CompactStr {
    /// Fixed text, not copied.
    fn from(s: &'static str) -> Self {
        CompactStr(StrRepr::Static(s))
    }
}

impl From<String> for CompactStr {
    /// Inline when short enough; otherwise copied at its size (a `format!` string has
    /// spare capacity, which shrinking in place would leave in a block the allocator
    /// seldom reuses).
    fn from(s: String) -> Self {
        CompactStr::new(&s)
    }
}

impl From<Cow<'static, str>> for CompactStr {
    fn from(s: Cow<'static, str>) -> Self {
        match s {
            Cow::Borrowed(s) => s.into(),
            Cow::Owned(s) => s.into(),
        }
    }
}

impl PartialEq for CompactStr {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for CompactStr {}

impl PartialEq<str> for CompactStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for CompactStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialOrd for CompactStr {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CompactStr {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for CompactStr {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for CompactStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for CompactStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for CompactStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A list of numbers: up to [`INLINE_NUMBERS`] inline, more on the heap at their size.
/// Dereferences to `[u32]`; compares, hashes, prints and serialises as that slice.
#[derive(Clone)]
pub struct CompactNumbers(NumRepr);

#[derive(Clone)]
enum NumRepr {
    Inline(u8, [u32; INLINE_NUMBERS]),
    Heap(Box<[u32]>),
}

impl CompactNumbers {
    /// A copy of `numbers`: inline when there are few enough, otherwise on the heap.
    pub fn new(numbers: &[u32]) -> Self {
        if numbers.len() <= INLINE_NUMBERS {
            let mut inline = [0; INLINE_NUMBERS];
            inline[..numbers.len()].copy_from_slice(numbers);
            CompactNumbers(NumRepr::Inline(numbers.len() as u8, inline))
        } else {
            CompactNumbers(NumRepr::Heap(Box::from(numbers)))
        }
    }

    /// The numbers.
    pub fn as_slice(&self) -> &[u32] {
        match &self.0 {
            NumRepr::Inline(len, inline) => &inline[..usize::from(*len)],
            NumRepr::Heap(numbers) => numbers,
        }
    }
}

impl Default for CompactNumbers {
    fn default() -> Self {
        CompactNumbers::new(&[])
    }
}

impl Deref for CompactNumbers {
    type Target = [u32];

    fn deref(&self) -> &[u32] {
        self.as_slice()
    }
}

impl From<Vec<u32>> for CompactNumbers {
    fn from(numbers: Vec<u32>) -> Self {
        CompactNumbers::new(&numbers)
    }
}

impl FromIterator<u32> for CompactNumbers {
    fn from_iter<I: IntoIterator<Item = u32>>(iter: I) -> Self {
        let mut inline = [0; INLINE_NUMBERS];
        let mut len = 0;
        let mut iter = iter.into_iter();
        for n in iter.by_ref() {
            if len == INLINE_NUMBERS {
                // More than fit inline: the rest on the heap.
                let mut all = inline.to_vec();
                all.push(n);
                all.extend(iter);
                return CompactNumbers::new(&all);
            }
            inline[len] = n;
            len += 1;
        }
        CompactNumbers(NumRepr::Inline(len as u8, inline))
    }
}

impl PartialEq for CompactNumbers {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for CompactNumbers {}

impl PartialEq<Vec<u32>> for CompactNumbers {
    fn eq(&self, other: &Vec<u32>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl PartialEq<[u32]> for CompactNumbers {
    fn eq(&self, other: &[u32]) -> bool {
        self.as_slice() == other
    }
}

impl<const N: usize> PartialEq<[u32; N]> for CompactNumbers {
    fn eq(&self, other: &[u32; N]) -> bool {
        self.as_slice() == other
    }
}

impl PartialOrd for CompactNumbers {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CompactNumbers {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

impl Hash for CompactNumbers {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl fmt::Debug for CompactNumbers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl serde::Serialize for CompactNumbers {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No larger than what they stand for.
    #[test]
    fn sizes() {
        use std::mem::size_of;
        assert_eq!(size_of::<CompactStr>(), size_of::<String>());
        assert_eq!(size_of::<Option<CompactStr>>(), size_of::<String>());
        assert_eq!(size_of::<CompactNumbers>(), size_of::<Vec<u32>>());
        assert_eq!(size_of::<Cow<'static, str>>(), size_of::<CompactStr>());
    }

    #[test]
    fn strings_read_back_whatever_their_length() {
        let long = "x".repeat(INLINE_STR_BYTES + 1);
        for s in [
            "",
            "1",
            "3.2",
            "second section 12",
            "二十三",
            &"é".repeat(11),
            &long,
        ] {
            let c = CompactStr::new(s);
            assert_eq!(c.as_str(), s);
            assert_eq!(c, CompactStr::from(s.to_string()));
            assert_eq!(format!("{c}|{c:?}"), format!("{s}|{s:?}"));
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                serde_json::to_string(s).unwrap()
            );
        }
        assert!(matches!(
            CompactStr::from("fixed").0,
            StrRepr::Static("fixed")
        ));
        assert!(matches!(CompactStr::new(&long).0, StrRepr::Heap(_)));
        assert!(matches!(
            CompactStr::new("second section 12").0,
            StrRepr::Inline(17, _)
        ));
        assert_eq!(CompactStr::from(Cow::Borrowed("a")), "a");
        assert_eq!(CompactStr::from(Cow::Owned("b".to_string())), "b");
        let (a, b) = (CompactStr::new("a"), CompactStr::from("b"));
        assert!(a < b);
    }

    #[test]
    fn numbers_read_back_whatever_their_count() {
        for n in 0..=INLINE_NUMBERS + 3 {
            let v: Vec<u32> = (1..=n as u32).collect();
            let c: CompactNumbers = v.iter().copied().collect();
            assert_eq!(c, v);
            assert_eq!(c, CompactNumbers::from(v.clone()));
            assert_eq!(c.as_slice(), v.as_slice());
            assert_eq!(c, *v.as_slice());
            assert_eq!(format!("{c:?}"), format!("{v:?}"));
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                serde_json::to_string(&v).unwrap()
            );
            assert_eq!(matches!(c.0, NumRepr::Heap(_)), n > INLINE_NUMBERS);
        }
        assert!(CompactNumbers::default().is_empty());
        assert_eq!(CompactNumbers::new(&[4, 1, 2]), [4, 1, 2]);
        let (a, b) = (CompactNumbers::new(&[3, 1]), CompactNumbers::new(&[3]));
        assert!(a > b);
    }
}
