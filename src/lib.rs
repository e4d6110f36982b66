//! redline: lint and semantically diff privacy policies kept in version control.
//!
//! The pipeline (see `../shared/docs/design.md`): bytes → [`source::Source`] →
//! [`parse::parse`] → [`ast::Document`] → [`analyze::analyze`] → [`lint::lint`] →
//! diagnostics → a [`report`] format. Every stage is a plain function over plain data; only
//! the [`cli`] module writes to a terminal.

#![warn(missing_docs)]
#![forbid(unsafe_code)]
// The library never prints; only `cli` writes, through explicit handles.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod analyze;
pub mod ast;
pub mod baseline;
pub mod change;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod exit;
pub mod lint;
pub mod parse;
pub mod profiles;
pub mod report;
pub mod rules;
pub mod source;

/// Helpers shared by the unit tests.
#[cfg(test)]
pub(crate) mod testing {
    /// A fixed pseudo-random sequence for tests that compare a fast structure with the
    /// plain scan it replaced: `next(m)` is in `0..m`. A 64-bit linear congruential
    /// generator (Knuth's MMIX constants), taking the high bits; the same seed gives the
    /// same sequence on every machine.
    pub fn sequence(seed: u64) -> impl FnMut(u64) -> usize {
        let mut state = seed;
        move |m| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % m) as usize
        }
    }

    /// Every file under `tests/fixtures` that reads as UTF-8 text, with its path, in the
    /// order the `ignore` walk gives (hidden and ignored files left out): the real
    /// documents that tests comparing a fast scan with its reference run over.
    pub fn fixture_texts() -> Vec<(std::path::PathBuf, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        ignore::WalkBuilder::new(dir)
            .build()
            .map(|entry| entry.expect("fixture walk"))
            .filter_map(|entry| {
                let text = std::fs::read_to_string(entry.path()).ok()?;
                Some((entry.into_path(), text))
            })
            .collect()
    }

    /// [`fixture_texts`] parsed: every fixture whose name gives a front end
    /// ([`crate::source::format_for_path`]), with its path and document.
    pub fn fixture_documents() -> Vec<(std::path::PathBuf, crate::ast::Document)> {
        fixture_texts()
            .into_iter()
            .filter_map(|(path, text)| {
                let format = crate::source::format_for_path(&path).ok()?;
                let doc = crate::parse::parse(&crate::source::Source::from_text(
                    path.clone(),
                    &text,
                    format,
                ));
                Some((path, doc))
            })
            .collect()
    }
}
