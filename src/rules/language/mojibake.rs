use crate::analyze::mojibake;
use crate::ast::Span;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

/// Most further occurrences labelled in the one finding (the count covers all of them).
const MAX_LABELS: usize = 5;

declare_rule! {
    /// ## What it checks
    /// The text must not contain double-encoded UTF-8 ("mojibake"): characters that were
    /// saved as UTF-8, read back as Windows-1252 or Latin-1, and saved again, so that each
    /// one now shows as two to four others — `DatenschutzerklÃ¤rung` for
    /// `Datenschutzerklärung`, `donnÃ©es` for `données`, `donâ€™t` for `don’t`, `Â` before
    /// a no-break space. A sequence counts when its bytes form one well-formed UTF-8
    /// character that a policy plausibly contains (letters, punctuation, symbols, CJK), so
    /// real words with `Ã` or `â` are not reported. One finding per document, at the first
    /// occurrence, with the number of occurrences.
    ///
    /// ## Why it matters
    /// Garbled words make a policy hard to read, which GDPR Art. 12(1) requires it not to
    /// be ("concise, transparent, intelligible ... using clear and plain language"), and
    /// they break search, the section classifier and the checks that look for names,
    /// addresses and dates. The damage is usually systematic: one wrong conversion in a
    /// CMS export or a copy through a Latin-1 tool garbles every accented letter at once.
    ///
    /// ## Example
    /// ```text
    /// DatenschutzerklÃ¤rung
    /// Wir verarbeiten Ihre Daten gemÃ¤ÃŸ Art. 6 DSGVO.
    /// ```
    ///
    /// ## How to fix
    /// Re-create the file from a correct source, or reverse the bad conversion once for the
    /// whole file (for example `iconv -f UTF-8 -t WINDOWS-1252` on the damaged file gives
    /// the original UTF-8 bytes). If the file itself is in a legacy encoding and redline
    /// guessed wrong, pass `--encoding LABEL`.
    pub struct Mojibake {
        code: "L004",
        name: "mojibake",
        family: Language,
        severity: Warning,
        summary: "Double-encoded UTF-8: `Ã¤` for `ä`, `â€™` for `’`",
    }
}

impl Rule for Mojibake {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let found = mojibake::find(ctx.text);
        let Some(first) = found.first() else {
            return Vec::new();
        };
        let word = word_around(ctx.text, first.span);
        let repaired = repair(ctx.text, word, &found);
        // Distinct lines, counting newlines once over the text (not once per finding).
        let lines = {
            let (mut lines, mut line, mut at, mut last) = (0, 0, 0, None);
            for m in &found {
                line += ctx.text[at..m.span.start].matches('\n').count();
                at = m.span.start;
                if last != Some(line) {
                    lines += 1;
                    last = Some(line);
                }
            }
            lines
        };
        let count = match found.len() {
            1 => String::new(),
            n => format!(
                " ({n} double-encoded characters on {lines} line{})",
                if lines == 1 { "" } else { "s" }
            ),
        };
        let mut d = Self::META
            .diagnostic(
                format!(
                    "`{}` looks like double-encoded UTF-8 for `{repaired}`{count}",
                    &ctx.text[word.start..word.end]
                ),
                first.span,
            )
            .with_label(first.span, format!("`{}`", first.repaired));
        for m in found.iter().skip(1).take(MAX_LABELS) {
            d = d.with_label(m.span, format!("`{}`", m.repaired));
        }
        vec![d.with_help(
            "the file was saved as UTF-8 after being read as Windows-1252 or Latin-1: repair the whole file from a correct source",
        )]
    }
}

/// The whitespace-delimited word around `span` (at most 40 bytes each side).
fn word_around(text: &str, span: Span) -> Span {
    let before = &text[..span.start];
    let mut start = before
        .char_indices()
        .rev()
        .take_while(|(i, c)| !c.is_whitespace() && span.start - i <= 40)
        .last()
        .map_or(span.start, |(i, _)| i);
    if start > span.start {
        start = span.start;
    }
    let after = &text[span.end..];
    let end = span.end
        + after
            .char_indices()
            .find(|(i, c)| c.is_whitespace() || *i >= 40)
            .map_or(after.len(), |(i, _)| i);
    Span::new(start, end)
}

/// `word` with every double-encoded character in it replaced by what it stood for.
fn repair(text: &str, word: Span, found: &[mojibake::Mojibake]) -> String {
    let mut out = String::new();
    let mut at = word.start;
    for m in found
        .iter()
        .filter(|m| m.span.start >= word.start && m.span.end <= word.end)
    {
        out.push_str(&text[at..m.span.start]);
        out.push(m.repaired);
        at = m.span.end;
    }
    out.push_str(&text[at..word.end]);
    out
}
