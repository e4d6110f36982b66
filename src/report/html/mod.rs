//! HTML reports: `redline check --format html` ([`check`]) and `redline diff --format html`
//! ([`diff`]). Each is one self-contained page: the CSS is inlined, nothing is fetched (no
//! fonts, images or scripts; a `Content-Security-Policy` meta tag forbids everything but
//! inline styles), and no JavaScript is needed, so the file can be mailed, attached to a CI
//! run or printed as it is.
//!
//! **Why maud.** Every piece of text that reaches the page comes from a policy (messages
//! quote it, excerpts and diffs are made of it), and a policy is untrusted input. The
//! pages are built with maud's `html!` templates, which escape every interpolated value
//! (`&`, `<`, `>`, `"`) unless it is explicitly wrapped in `PreEscaped` — done here only
//! for the constant style sheet and, in [`check`], the constant comment where a rendered
//! page is cut to write the findings one by one. Rejected: hand-written `format!` with an
//! escaping helper (one forgotten call is an injection) and runtime template engines
//! (templates in separate files that the compiler does not check). Document URLs are never emitted as
//! links: the reports show them as text, so a `javascript:` link in a policy stays inert.
//!
//! **Accessibility.** Semantic landmarks (`<header>`, `<main>`, `<nav>` for the table of
//! material changes and the list of files), headings in order, `lang`, table headers with
//! `scope`, colours that meet WCAG 2.1 AA, and meaning that never rests on colour alone
//! (insertions underlined, deletions struck through, both with a visually hidden
//! "inserted:"/"deleted:" label; severities and materiality spelled out in words).
//!
//! **Control characters.** HTML escaping does not touch control characters, and a page is
//! read in a browser but also `cat` to a terminal or shown in a CI log. Every rendered page
//! (and every part of one written separately) goes through [`inert`]: each C0 control but
//! `\n` and `\t`, DEL, each C1 control (U+009B is a one-character CSI) and each
//! bidirectional embedding, override or isolate becomes the readable stand-in of
//! [`crate::report::safe::message`] (`␛`, `␇`, `␡`, `\u{9b}`, `\u{202e}`). Numeric
//! character references were rejected: a browser decodes `&#x202E;` into a working
//! override, and maps `&#x9B;` to another character (`›`, by the Windows-1252 table).
//! File names also go through [`crate::report::safe::path`], so a line break in one shows
//! as `␊`.

pub mod check;
pub mod diff;

use std::borrow::Cow;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::report::safe;

/// The style sheet inlined into every page.
pub const STYLE: &str = include_str!("style.css");

/// The Content-Security-Policy of every page: nothing may load, only inline styles apply.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// Rendered HTML with every control character that could act on a terminal or reorder
/// text ([`safe::is_unsafe`]) replaced by its readable stand-in ([`safe::message`]; module
/// docs). The markup itself has none of them, so only document text and file names
/// change; borrowed when nothing is replaced.
pub fn inert(html: &str) -> Cow<'_, str> {
    safe::message(html)
}

/// A file name for the page: [`safe::path`] (a line break or tab shows as `␊`, `␉`).
fn path_text(path: &str) -> String {
    safe::path(path).into_owned()
}

/// A whole page: doctype, `<head>` (charset, viewport, CSP, title, style) and `body`.
fn page(title: &str, body: Markup) -> String {
    let mut out = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CONTENT_SECURITY_POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light";
                meta name="generator" content=(concat!("redline ", env!("CARGO_PKG_VERSION")));
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { (body) }
        }
    }
    .into_string();
    out.push('\n');
    match inert(&out) {
        Cow::Borrowed(_) => out,
        Cow::Owned(clean) => clean,
    }
}

/// "1 error" / "2 errors".
fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Text with `` `code` `` spans (as in rule documentation) as `<code>` elements; the
/// text itself is escaped like any other.
fn inline_code(text: &str) -> Markup {
    let parts: Vec<&str> = text.split('`').collect();
    // An odd number of backticks leaves the last one unpaired: show the text as written.
    if parts.len().is_multiple_of(2) {
        return html! { (text) };
    }
    html! {
        @for (k, part) in parts.iter().enumerate() {
            @if k % 2 == 1 { code { (part) } } @else { (part) }
        }
    }
}

/// The BCP 47 tag of a document's language, for the `lang` attribute of the element that
/// holds its text (screen readers then read it with the right voice), when the language is
/// detected reliably ([`crate::analyze::language::body_language`]) and is one of the
/// languages listed here. Otherwise `None`, and the text inherits the page's `en`.
pub fn document_lang(doc: &crate::ast::Document) -> Option<&'static str> {
    use whatlang::Lang;
    let texts: Vec<String> = doc
        .all_sections()
        .iter()
        .flat_map(|s| s.blocks.iter().flat_map(|b| b.texts()))
        .chain(doc.preamble.iter().flat_map(|b| b.texts()))
        .map(|t| t.text.clone())
        .collect();
    let parts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let d = crate::analyze::language::body_language(&parts)?;
    if d.confidence < 0.8 {
        return None;
    }
    Some(match d.lang {
        Lang::Eng => "en",
        Lang::Fra => "fr",
        Lang::Deu => "de",
        Lang::Spa => "es",
        Lang::Ita => "it",
        Lang::Por => "pt",
        Lang::Nld => "nl",
        Lang::Pol => "pl",
        Lang::Swe => "sv",
        Lang::Dan => "da",
        Lang::Fin => "fi",
        Lang::Rus => "ru",
        Lang::Ukr => "uk",
        Lang::Cmn => "zh",
        Lang::Jpn => "ja",
        Lang::Kor => "ko",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_code_escapes() {
        assert_eq!(
            inline_code("a `<b>` & c").into_string(),
            "a <code>&lt;b&gt;</code> &amp; c"
        );
        assert_eq!(inline_code("odd ` tick").into_string(), "odd ` tick");
    }

    #[test]
    fn pages_have_no_raw_controls() {
        let p = page(
            "t\x1b]0;x\x07",
            html! { p { "a\x1b[2Jb\u{9b}c\u{202e}d\u{2069}e\x7f" } },
        );
        assert!(p.contains("<title>t␛]0;x␇</title>"), "{p}");
        assert!(
            p.contains("<p>a␛[2Jb\\u{9b}c\\u{202e}d\\u{2069}e␡</p>"),
            "{p}"
        );
        assert_eq!(inert("clean\n\ttext é"), "clean\n\ttext é");
        assert_eq!(path_text("a\nb\x1b"), "a␊b␛");
    }

    #[test]
    fn page_is_self_contained() {
        let p = page("<t>", html! { p { "x" } });
        assert!(p.starts_with("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"));
        assert!(p.contains("<title>&lt;t&gt;</title>"));
        assert!(p.contains("default-src &#39;none&#39;") || p.contains("default-src 'none'"));
        assert!(!p.contains("<script"));
        assert!(!p.contains("http://") && !p.contains("https://"));
    }
}
