//! Output of `redline diff`: human (summary first, then changes grouped by section with
//! word-level marks) and JSON (the [`DiffReport`] itself, schema version 1).

use std::fmt::Write;

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
            ("equal", _) => out.push_str(&w.text),
            ("delete", true) => {
                let _ = write!(out, "{RED}[-{}-]{RESET}", w.text);
            }
            ("insert", true) => {
                let _ = write!(out, "{GREEN}{{+{}+}}{RESET}", w.text);
            }
            ("delete", false) => {
                let _ = write!(out, "[-{}-]", w.text);
            }
            _ => {
                let _ = write!(out, "{{+{}+}}", w.text);
            }
        }
    }
    out
}

fn block(out: &mut String, b: &BlockChange, color: bool) {
    let text = match b.kind {
        BlockChangeKind::Added => format!("{{+{}+}}", b.new.as_deref().unwrap_or("")),
        BlockChangeKind::Removed => format!("[-{}-]", b.old.as_deref().unwrap_or("")),
        BlockChangeKind::Changed | BlockChangeKind::Moved if !b.words.is_empty() => {
            words(&b.words, color)
        }
        _ => b.new.clone().unwrap_or_default(),
    };
    let kind = match b.kind {
        BlockChangeKind::Added => "added",
        BlockChangeKind::Removed => "removed",
        BlockChangeKind::Changed => "changed",
        BlockChangeKind::Moved => "moved",
    };
    let _ = writeln!(out, "    {:<11} {kind}: {}", b.materiality, b.reason);
    let _ = writeln!(out, "      {text}");
}

/// The human report.
pub fn human(r: &DiffReport, color: bool) -> String {
    let mut out = String::new();
    let (b, e) = if color { (BOLD, RESET) } else { ("", "") };
    let verdict = match r.verdict {
        Materiality::None => "no change".to_string(),
        m => format!("{m} changes"),
    };
    let _ = writeln!(out, "{b}{} → {}: {verdict}{e}", r.old_path, r.new_path);
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
                let _ = writeln!(out, "  - {m}");
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
                        s.old.as_ref().map(|o| o.title.as_str()).unwrap_or("")
                    ));
                }
                if s.renumbered {
                    notes.push(format!(
                        "renumbered from {}",
                        s.old
                            .as_ref()
                            .and_then(|o| o.number.as_deref())
                            .unwrap_or("-")
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
        let _ = writeln!(out, "\n{b}{head}{e} — {}: {}", s.materiality, s.reason);
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
            let _ = writeln!(out, "  {:<11} {}", f.materiality, f.reason);
        }
    }
    out
}

/// The JSON report.
pub fn json(r: &DiffReport) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("the diff report serialises");
    s.push('\n');
    s
}
