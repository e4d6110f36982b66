use std::cell::{Ref, RefCell};
use std::ops::Deref;

#[derive(Debug)]
pub struct LowercaseText {
    inner: String,
}

impl LowercaseText {
    pub fn new(original_text: &str) -> Self {
        // REDLINE PATCH: `lowercase_by_char` unless upstream's code is asked for
        // (`crate::reference`) or the text has a capital sigma.
        let inner = if crate::trigrams::detection::is_reference() || original_text.contains('Σ')
        {
            original_text.to_lowercase()
        } else {
            lowercase_by_char(original_text)
        };
        Self { inner }
    }
}

/// REDLINE PATCH: `str::to_lowercase` of a text without a capital sigma (`Σ`, the only
/// character `str::to_lowercase` maps by its neighbours), without its character-by-character
/// loop after the first character outside ASCII: each run of ASCII bytes is copied and
/// lower-cased in place, and only the other characters go through `char::to_lowercase` (the
/// mapping `str::to_lowercase` applies to every character but a capital sigma).
fn lowercase_by_char(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..]
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(bytes.len() - i);
        if run > 0 {
            let start = out.len();
            out.push_str(&text[i..i + run]);
            out[start..].make_ascii_lowercase();
            i += run;
        }
        // `i` is at a character outside ASCII (a character boundary), or at the end.
        if let Some(c) = text[i..].chars().next() {
            out.extend(c.to_lowercase());
            i += c.len_utf8();
        }
    }
    out
}

/// REDLINE PATCH: the lower case detection reads (`LowercaseText::new`, so
/// `lowercase_by_char` unless `crate::reference` is in force), for redline's tests.
#[doc(hidden)]
pub fn lowercase(text: &str) -> String {
    LowercaseText::new(text).inner
}

impl Deref for LowercaseText {
    type Target = str;

    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

#[derive(Debug)]
pub struct Text<'a> {
    original: &'a str,
    lowercase: RefCell<Option<LowercaseText>>,
}

impl<'a> Text<'a> {
    pub fn new(original_text: &'a str) -> Self {
        Self {
            original: original_text,
            lowercase: RefCell::new(None),
        }
    }

    pub fn lowercase(&self) -> Ref<'_, LowercaseText> {
        if self.lowercase.borrow().is_none() {
            let lowercase_text = LowercaseText::new(self.original);
            self.lowercase.replace(Some(lowercase_text));
        }

        let ref_opt_lowercase = self.lowercase.borrow();
        Ref::map(ref_opt_lowercase, |r| r.as_ref().unwrap())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_text() {
        let text = Text::new("Hello THERE");
        assert_eq!(text.lowercase().deref().deref(), "hello there");
    }
}
