//! R: required-content rules.

/// R002 `missing-disclosure`.
pub mod missing_disclosure;
/// R001 `missing-required-section`.
pub mod missing_required_section;

use std::ops::ControlFlow;

use crate::profiles::Requirement;
use crate::rules::Context;

/// Answers [`Requirement::is_met_with`]'s question, whether a phrase occurs in the
/// lower-case body text ([`Context::lower_text`]), for the phrases of some requirements.
pub(crate) struct Phrases<'a> {
    ctx: Context<'a>,
    /// For a large document, the phrases of the requirements, sorted, each with whether it
    /// occurs, looked for all together in one pass over the pieces of the text
    /// ([`Context::lower_text_pieces`]). `None`: each phrase is looked up in the whole
    /// text when asked (it is built once and shared by the rules).
    pieced: Option<Vec<(&'a str, bool)>>,
}

impl Phrases<'_> {
    /// Whether `phrase` occurs in the lower-case text.
    pub(crate) fn occurs(&self, phrase: &str) -> bool {
        let known = self.pieced.as_ref().and_then(|pieced| {
            pieced
                .binary_search_by(|(p, _)| (*p).cmp(phrase))
                .ok()
                .map(|k| pieced[k].1)
        });
        known.unwrap_or_else(|| self.ctx.lower_text().contains(phrase))
    }
}

/// The phrase look-up for `requirements`: for a large document, every phrase they have
/// (`phrases` and `all_phrases`) is looked for at once in the pieces of the lower-case
/// text, which is then never held whole; otherwise each is looked up in the whole text,
/// when asked, as [`Requirement::is_met`] does. A phrase with a line break could span two
/// pieces, so with one the whole text is used.
pub(crate) fn lower_text_phrases<'a>(
    ctx: &Context<'a>,
    requirements: impl Iterator<Item = &'a Requirement>,
) -> Phrases<'a> {
    let mut asked: Vec<&'a str> = requirements
        .flat_map(|r| r.phrases.iter().chain(&r.all_phrases))
        .map(String::as_str)
        .collect();
    asked.sort_unstable();
    asked.dedup();
    if !ctx.lower_text_in_pieces() || asked.iter().any(|p| p.contains('\n')) {
        return Phrases {
            ctx: *ctx,
            pieced: None,
        };
    }
    let mut pieced: Vec<(&str, bool)> = asked.into_iter().map(|p| (p, false)).collect();
    let mut left = pieced.len();
    if left > 0 {
        ctx.lower_text_pieces(|piece| {
            for (p, occurs) in pieced.iter_mut().filter(|(_, o)| !*o) {
                if piece.contains(*p) {
                    *occurs = true;
                    left -= 1;
                }
            }
            if left == 0 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
    }
    Phrases {
        ctx: *ctx,
        pieced: Some(pieced),
    }
}
