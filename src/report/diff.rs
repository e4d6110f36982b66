//! Output of `redline diff`: human (summary first, then changes grouped by section with
//! word-level marks) and JSON (the [`DiffReport`] itself, schema version 1).

use std::fmt::Write;

use super::safe;
use crate::diff::{
    BlockChange, BlockChangeKind, DiffReport, Materiality, SectionChangeKind, WordOp,
};

const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

fn words(ops: &[WordOp], color: bool) -> String {
    let mut out = String::new();
    for w in ops {
        match (w.op, color) {
            ("equal", _) => out.push_str(&safe::message(&w.text)),
            ("delete", true) => {
                let _ = write!(out, "{RED}[-{}-]{RESET}", safe::message(&w.text));
            }
            ("insert", true) => {
                let _ = write!(out, "{GREEN}{{+{}+}}{RESET}", safe::message(&w.text));
            }
            ("delete", false) => {
                let _ = write!(out, "[-{}-]", safe::message(&w.text));
            }
            _ => {
                let _ = write!(out, "{{+{}+}}", safe::message(&w.text));
            }
        }
    }
    out
}

fn block(out: &mut String, b: &BlockChange, color: bool) {
    let text = match b.kind {
        BlockChangeKind::Added => {
            format!("{{+{}+}}", safe::message(b.new.as_deref().unwrap_or("")))
        }
        BlockChangeKind::Removed => {
            format!("[-{}-]", safe::message(b.old.as_deref().unwrap_or("")))
        }
        BlockChangeKind::Changed | BlockChangeKind::Moved if !b.words.is_empty() => {
            words(&b.words, color)
        }
        _ => safe::message(b.new.as_deref().unwrap_or("")).into_owned(),
    };
    let kind = match b.kind {
        BlockChangeKind::Added => "added",
        BlockChangeKind::Removed => "removed",
        BlockChangeKind::Changed => "changed",
        BlockChangeKind::Moved => "moved",
    };
    let _ = writeln!(
        out,
        "    {:<11} {kind}: {}",
        b.materiality,
        safe::message(&b.reason)
    );
    let _ = writeln!(out, "      {text}");
}

/// The human report. Document text (paths, titles, reasons, changed words) is shown with
/// control characters as stand-ins ([`safe::message`], [`safe::path`]); the colour codes
/// are redline's own.
pub fn human(r: &DiffReport, color: bool) -> String {
    let mut out = String::new();
    let (b, e) = if color { (BOLD, RESET) } else { ("", "") };
    let verdict = match r.verdict {
        Materiality::None => "no change".to_string(),
        m => format!("{m} changes"),
    };
    let _ = writeln!(
        out,
        "{b}{} → {}: {verdict}{e}",
        safe::path(&r.old_path),
        safe::path(&r.new_path)
    );
    let _ = writeln!(
        out,
        "{} material, {} substantive, {} editorial",
        r.summary.material, r.summary.substantive, r.summary.editorial
    );
    if r.degraded {
        let _ = writeln!(
            out,
            "note: the diff deadline was reached; some changes are shown coarser than they are"
        );
    }
    let material: Vec<String> = r
        .facts
        .iter()
        .filter(|f| f.materiality == Materiality::Material)
        .map(|f| f.reason.clone())
        .chain(
            r.sections
                .iter()
                .filter(|s| s.materiality == Materiality::Material)
                .map(|s| s.reason.clone()),
        )
        .collect();
    if !material.is_empty() {
        let _ = writeln!(out, "\nMaterial:");
        let mut seen = Vec::new();
        for m in material {
            if !seen.contains(&m) {
                let _ = writeln!(out, "  - {}", safe::message(&m));
                seen.push(m);
            }
        }
    }
    if !r.preamble.is_empty() {
        let _ = writeln!(out, "\nBefore the first section:");
        for bl in &r.preamble {
            block(&mut out, bl, color);
        }
    }
    for s in &r.sections {
        let name = |x: &Option<crate::diff::SectionRef>| {
            x.as_ref()
                .map(|x| match &x.number {
                    Some(n) => format!("{n} {} (line {})", x.title, x.line),
                    None => format!("{} (line {})", x.title, x.line),
                })
                .map(|t| safe::message(&t).into_owned())
                .unwrap_or_default()
        };
        let head = match s.kind {
            SectionChangeKind::Added => format!("added section {}", name(&s.new)),
            SectionChangeKind::Removed => format!("removed section {}", name(&s.old)),
            _ => {
                let mut notes = Vec::new();
                if s.renamed {
                    notes.push(format!(
                        "renamed from '{}'",
                        safe::message(s.old.as_ref().map(|o| o.title.as_str()).unwrap_or(""))
                    ));
                }
                if s.renumbered {
                    notes.push(format!(
                        "renumbered from {}",
                        safe::message(
                            s.old
                                .as_ref()
                                .and_then(|o| o.number.as_deref())
                                .unwrap_or("-")
                        )
                    ));
                }
                if s.moved {
                    notes.push("moved".into());
                }
                let notes = if notes.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", notes.join(", "))
                };
                format!("section {}{notes}", name(&s.new))
            }
        };
        let _ = writeln!(
            out,
            "\n{b}{head}{e} — {}: {}",
            s.materiality,
            safe::message(&s.reason)
        );
        if s.kind != SectionChangeKind::Removed {
            for bl in &s.blocks {
                block(&mut out, bl, color);
            }
        }
    }
    let other: Vec<_> = r
        .facts
        .iter()
        .filter(|f| f.materiality != Materiality::Material)
        .collect();
    if !other.is_empty() {
        let _ = writeln!(out, "\nFacts:");
        for f in other {
            let _ = writeln!(out, "  {:<11} {}", f.materiality, safe::message(&f.reason));
        }
    }
    out
}

/// The JSON report.
pub fn json(r: &DiffReport) -> String {
    let mut s = super::safe_json::to_string_pretty(r).expect("the diff report serialises");
    s.push('\n');
    s
}

/// Several reports as one JSON document: `{"version": 1, "files": [report, ...]}` (the
/// shape of `redline diff --git`, whatever the number of files).
pub fn json_files(reports: &[DiffReport]) -> String {
    let v = serde_json::json!({
        "version": crate::diff::SCHEMA_VERSION,
        "files": reports,
    });
    let mut s = super::safe_json::to_string_pretty(&v).expect("the diff reports serialise");
    s.push('\n');
    s
}

/// What an `@` that starts a mention is written as: `@` and U+200D ZERO WIDTH JOINER.
///
/// GitHub (and GitLab) turn `@name` and `@org/team` in a comment into a mention that
/// notifies the user or team, also in rendered text after a backslash escape (`\@name`);
/// only code spans and links are exempt. The Markdown reports are posted as pull-request
/// comments and quote the policy, so a policy saying "contact @security" would ping
/// whoever owns that name. A zero-width joiner between `@` and the name keeps the text
/// readable (the joiner is invisible) and is not a mention. Rejected: a code span (it
/// changes how the text looks, and backticks in the text would need escaping) and an
/// HTML comment `@<!-- -->name` (shown as is in a terminal).
const MENTION_BREAK: &str = "@\u{200d}";

/// Whether `c`, between `prev` and `next`, is the `@` of something GitHub would take for
/// a mention: followed by an ASCII letter or digit, or last (the diff escapes word by
/// word, and the name may follow in the next piece), and not preceded by an ASCII letter
/// or digit, nor by `_`, so `privacy@example.com` and redline's own wording
/// (`privacy@your-domain`) are left alone. Only document text and file names reach the
/// escaping functions with an `@`.
fn breaks_mention(prev: Option<char>, c: char, next: Option<char>) -> bool {
    c == '@'
        && next.is_none_or(|n| n.is_ascii_alphanumeric())
        && !prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '_')
}

/// Escapes document text for Markdown prose and table cells: Markdown punctuation that
/// could start emphasis, code, links, strikethrough or a cell boundary gets a backslash,
/// and the rest is as [`escape_with`] (entities, line breaks, stand-ins for control
/// characters, escaped in turn, and mentions).
pub fn escape_markdown(text: &str) -> String {
    escape_with(text, |c| match c {
        '\\' => Some(r"\\"),
        '`' => Some(r"\`"),
        '*' => Some(r"\*"),
        '_' => Some(r"\_"),
        '[' => Some(r"\["),
        ']' => Some(r"\]"),
        '|' => Some(r"\|"),
        '~' => Some(r"\~"),
        '#' => Some(r"\#"),
        '!' => Some(r"\!"),
        '$' => Some(r"\$"),
        _ => None,
    })
}

/// Escapes text for raw HTML (the `<summary>` line, where Markdown is not processed): `"`
/// becomes `&quot;`, and the rest is as [`escape_with`].
pub fn escape_html(text: &str) -> String {
    escape_with(text, |c| (c == '"').then_some("&quot;"))
}

/// What [`escape_markdown`] and [`escape_html`] share: HTML's `&`, `<`, `>` become
/// entities, line breaks become spaces, other control characters get the stand-ins of
/// [`safe::message`] (`␛`, `\u{9b}`; the report is also read in a terminal), passed through
/// the same escaping (a Markdown backslash is escaped; the stand-ins hold nothing that HTML
/// escapes), and an `@` mention gets a zero-width joiner after its `@`
/// ([`breaks_mention`]). Every other character is written as `escape` gives it, or as it
/// is when `escape` gives `None`.
fn escape_with(text: &str, escape: fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if breaks_mention(prev, c, chars.peek().copied()) {
            out.push_str(MENTION_BREAK);
            prev = Some(c);
            continue;
        }
        prev = Some(c);
        match c {
            '\n' | '\r' => out.push(' '),
            c if safe::is_unsafe(c) => {
                let mut buf = [0; 4];
                out.push_str(&escape_with(
                    &safe::message(c.encode_utf8(&mut buf)),
                    escape,
                ));
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => match escape(c) {
                Some(escaped) => out.push_str(escaped),
                None => out.push(c),
            },
        }
    }
    out
}

/// `marker` around the words of `text`, with its leading and trailing whitespace left
/// outside (`~~ 30 ~~` would not render as strikethrough).
fn wrap(out: &mut String, marker: &str, text: &str) {
    let core = text.trim();
    if core.is_empty() {
        out.push_str(text);
        return;
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    let _ = write!(
        out,
        "{lead}{marker}{}{marker}{trail}",
        escape_markdown(core)
    );
}

fn markdown_words(b: &BlockChange) -> String {
    let mut out = String::new();
    match b.kind {
        BlockChangeKind::Added => wrap(&mut out, "**", b.new.as_deref().unwrap_or("")),
        BlockChangeKind::Removed => wrap(&mut out, "~~", b.old.as_deref().unwrap_or("")),
        _ if !b.words.is_empty() => {
            for w in &b.words {
                match w.op {
                    "equal" => out.push_str(&escape_markdown(&w.text)),
                    "delete" => wrap(&mut out, "~~", &w.text),
                    _ => wrap(&mut out, "**", &w.text),
                }
            }
        }
        _ => out.push_str(&escape_markdown(b.new.as_deref().unwrap_or(""))),
    }
    out
}

fn block_kind(k: BlockChangeKind) -> &'static str {
    match k {
        BlockChangeKind::Added => "added",
        BlockChangeKind::Removed => "removed",
        BlockChangeKind::Changed => "changed",
        BlockChangeKind::Moved => "moved",
    }
}

fn section_title(s: &crate::diff::SectionChange) -> String {
    s.new
        .as_ref()
        .or(s.old.as_ref())
        .map(|x| match &x.number {
            Some(n) => format!("{n} {}", x.title),
            None => x.title.clone(),
        })
        .unwrap_or_default()
}

/// What happened to an aligned section, as `--stat` symbols and words, in a fixed order.
fn flags(s: &crate::diff::SectionChange) -> Vec<(char, &'static str)> {
    [
        (!s.blocks.is_empty(), '~', "changed"),
        (s.renamed, 'R', "renamed"),
        (s.moved, 'M', "moved"),
        (s.renumbered, '#', "renumbered"),
    ]
    .into_iter()
    .filter(|(on, _, _)| *on)
    .map(|(_, c, w)| (c, w))
    .collect()
}

fn section_kind(s: &crate::diff::SectionChange) -> String {
    match s.kind {
        SectionChangeKind::Added => "section added".into(),
        SectionChangeKind::Removed => "section removed".into(),
        _ => flags(s).iter().map(|f| f.1).collect::<Vec<_>>().join(", "),
    }
}

const PREAMBLE: &str = "(before the first section)";

/// The Markdown report, for a pull-request comment: a heading with the verdict, a table of
/// the material changes, then one collapsed `<details>` block per changed section with its
/// word-level changes (`~~deleted~~`, `**inserted**`). Document text is escaped.
pub fn markdown(r: &DiffReport) -> String {
    let mut out = String::new();
    let verdict = match r.verdict {
        Materiality::None => "no change".to_string(),
        m => format!("{m} changes"),
    };
    let _ = writeln!(
        out,
        "### redline: {verdict} in `{}`\n",
        safe::path(&r.new_path).replace('`', "'")
    );
    let _ = writeln!(
        out,
        "`{}` → `{}`: {} material, {} substantive, {} editorial\n",
        safe::path(&r.old_path).replace('`', "'"),
        safe::path(&r.new_path).replace('`', "'"),
        r.summary.material,
        r.summary.substantive,
        r.summary.editorial
    );
    if r.degraded {
        let _ = writeln!(
            out,
            "> **Note:** the diff deadline was reached; some changes are shown coarser than they are.\n"
        );
    }
    // Material changes: the material blocks of each section (or the section itself when
    // none of its blocks is), material preamble blocks, then material facts not already
    // named.
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for s in r
        .sections
        .iter()
        .filter(|s| s.materiality == Materiality::Material)
    {
        let title = section_title(s);
        let before = rows.len();
        for b in s
            .blocks
            .iter()
            .filter(|b| b.materiality == Materiality::Material)
        {
            rows.push((block_kind(b.kind).into(), title.clone(), b.reason.clone()));
        }
        if rows.len() == before {
            rows.push((section_kind(s), title, s.reason.clone()));
        }
    }
    for b in r
        .preamble
        .iter()
        .filter(|b| b.materiality == Materiality::Material)
    {
        rows.push((block_kind(b.kind).into(), PREAMBLE.into(), b.reason.clone()));
    }
    for f in r
        .facts
        .iter()
        .filter(|f| f.materiality == Materiality::Material)
    {
        if !rows.iter().any(|(_, _, reason)| *reason == f.reason) {
            rows.push((
                format!("{} {}", f.fact, f.change),
                "—".into(),
                f.reason.clone(),
            ));
        }
    }
    if rows.is_empty() {
        let _ = writeln!(out, "No material changes.\n");
    } else {
        let _ = writeln!(out, "| Change | Section | Reason |\n|---|---|---|");
        for (kind, section, reason) in &rows {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                escape_markdown(kind),
                escape_markdown(section),
                escape_markdown(reason)
            );
        }
        out.push('\n');
    }
    let details = |out: &mut String, summary: &str, blocks: &[BlockChange]| {
        let _ = writeln!(
            out,
            "<details><summary>{}</summary>\n",
            escape_html(summary)
        );
        for b in blocks {
            let _ = writeln!(
                out,
                "- **{}** ({}): {}  \n  {}",
                block_kind(b.kind),
                b.materiality,
                escape_markdown(&b.reason),
                markdown_words(b)
            );
        }
        let _ = writeln!(out, "\n</details>\n");
    };
    if !r.preamble.is_empty() {
        let m = r
            .preamble
            .iter()
            .map(|b| b.materiality)
            .max()
            .unwrap_or(Materiality::None);
        details(&mut out, &format!("{PREAMBLE} — {m}"), &r.preamble);
    }
    for s in &r.sections {
        let summary = format!(
            "{} — {}: {} — {}",
            section_title(s),
            section_kind(s),
            s.materiality,
            s.reason
        );
        details(&mut out, &summary, &s.blocks);
    }
    let other: Vec<_> = r
        .facts
        .iter()
        .filter(|f| f.materiality != Materiality::Material)
        .collect();
    if !other.is_empty() {
        let _ = writeln!(out, "Other facts:\n");
        for f in other {
            let _ = writeln!(out, "- {} ({})", escape_markdown(&f.reason), f.materiality);
        }
        out.push('\n');
    }
    out
}

/// The widest title column of `--stat`, in characters.
const STAT_TITLE_CHARS: usize = 50;

/// A section title for `--stat`: control characters as the stand-ins of
/// [`safe::message`], at most `max` characters. A longer title is cut and ends in `…`;
/// the cut falls between characters of the title, never inside a stand-in (`\u{202e}` is
/// kept whole or left out whole).
fn stat_title(title: &str, max: usize) -> String {
    let shown = safe::message(title);
    if shown.chars().count() <= max {
        return shown.into_owned();
    }
    let mut out = String::new();
    let mut count = 0;
    let mut unit = [0u8; 4];
    for c in title.chars() {
        let piece = safe::message(c.encode_utf8(&mut unit));
        let n = piece.chars().count();
        // Room for the `…`.
        if count + n > max - 1 {
            break;
        }
        out.push_str(&piece);
        count += n;
    }
    out.push('…');
    out
}

/// The `--stat` overview (document text with control characters as stand-ins,
/// [`safe::message`]): one line per changed section — `+` added, `-` removed, `~` text
/// changed, `R` renamed, `M` moved, `#` renumbered (combined when several apply) — with
/// its materiality and reason, then the totals.
pub fn stat(r: &DiffReport) -> String {
    let mut out = String::new();
    let verdict = match r.verdict {
        Materiality::None => "no change".to_string(),
        m => format!("{m} changes"),
    };
    let _ = writeln!(
        out,
        "{} → {}: {verdict}",
        safe::path(&r.old_path),
        safe::path(&r.new_path)
    );
    let mut lines: Vec<(String, String, Materiality, String)> = Vec::new();
    if !r.preamble.is_empty() {
        let worst = r
            .preamble
            .iter()
            .max_by_key(|b| b.materiality)
            .expect("not empty");
        lines.push((
            "~".into(),
            PREAMBLE.into(),
            worst.materiality,
            safe::message(&worst.reason).into_owned(),
        ));
    }
    let (mut added, mut removed, mut changed) = (0, 0, 0);
    for s in &r.sections {
        let flags = match s.kind {
            SectionChangeKind::Added => {
                added += 1;
                "+".to_string()
            }
            SectionChangeKind::Removed => {
                removed += 1;
                "-".to_string()
            }
            _ => {
                changed += 1;
                flags(s).iter().map(|f| f.0).collect::<String>()
            }
        };
        let mut title = section_title(s);
        if s.renamed
            && let Some(o) = &s.old
        {
            title = format!("{title} (was '{}')", o.title);
        } else if s.renumbered
            && let Some(o) = &s.old
        {
            title = format!(
                "{title} (was {})",
                o.number.as_deref().unwrap_or("unnumbered")
            );
        }
        lines.push((
            flags,
            stat_title(&title, STAT_TITLE_CHARS),
            s.materiality,
            safe::message(&s.reason).into_owned(),
        ));
    }
    let width = lines
        .iter()
        .map(|l| l.1.chars().count())
        .max()
        .unwrap_or(0)
        .min(STAT_TITLE_CHARS);
    for (flags, t, m, reason) in &lines {
        let _ = writeln!(out, " {flags:<4} {t:<width$}  {m:<11}  {reason}");
    }
    let total = r.sections.len();
    let _ = writeln!(
        out,
        "{total} section{} changed ({added} added, {removed} removed, {changed} changed); {} material, {} substantive, {} editorial",
        if total == 1 { "" } else { "s" },
        r.summary.material,
        r.summary.substantive,
        r.summary.editorial
    );
    out
}

/// A `redline diff --git` error (git missing, not a repository, unknown revision, path
/// not in the revision) as a miette report. The message and help quote the revision and
/// paths as given, and git's own error: control characters are shown as stand-ins
/// ([`safe::message`]).
pub fn render_git_error(message: &str, help: &str, color: bool) -> String {
    let message = safe::message(message);
    let report = miette::miette!(
        code = "redline::git",
        help = safe::message(help).into_owned(),
        "{message}"
    );
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let _ = miette::GraphicalReportHandler::new_themed(theme)
        .with_width(super::human::WIDTH)
        .render_report(&mut out, report.as_ref());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both escapers on one string with HTML, Markdown and mention characters, a quote, a
    /// backslash, line breaks, and C0, C1 and bidirectional controls.
    #[test]
    fn escapers_share_entities_line_breaks_stand_ins_and_mentions() {
        let text = "a<b> & *c* @name | \"q\" \\ x\r\ny \x1b[2J\u{9b}\u{202e} mail@example.com @";
        assert_eq!(
            escape_markdown(text),
            "a&lt;b&gt; &amp; \\*c\\* @\u{200d}name \\| \"q\" \\\\ x  y \u{241b}\\[2J\\\\u{9b}\\\\u{202e} \
             mail@example.com @\u{200d}"
        );
        assert_eq!(
            escape_html(text),
            "a&lt;b&gt; &amp; *c* @\u{200d}name | &quot;q&quot; \\ x  y \u{241b}[2J\\u{9b}\\u{202e} \
             mail@example.com @\u{200d}"
        );
    }
}
