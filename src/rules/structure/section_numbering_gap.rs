use crate::ast::Section;
use crate::diagnostic::Diagnostic;
use crate::rules::{Context, Rule, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it checks
    /// Numbered sibling sections must count up by one: after Section 3 comes Section 4 (and
    /// after 4.1 comes 4.2). A jump (3 → 11) means sections are missing.
    ///
    /// ## Why it matters
    /// A gap in the numbering is the visible trace of deleted or never-written sections,
    /// often the ones that carry required disclosures (retention, rights). Readers and
    /// regulators notice it; so should CI.
    ///
    /// ## Example
    /// ```text
    /// SECTION 3: WHY WE COLLECT PERSONAL INFORMATION AND HOW WE USE IT
    /// ...
    /// SECTION 11: HOW TO CONTACT US
    /// ```
    ///
    /// ## How to fix
    /// Restore the missing sections, or renumber the ones that remain.
    pub struct SectionNumberingGap {
        code: "S003",
        name: "section-numbering-gap",
        family: Structure,
        severity: Warning,
        summary: "Section numbers skip one or more numbers",
    }
}

fn last_part(s: &Section) -> Option<u32> {
    s.number.as_ref().and_then(|n| n.parts.last().copied())
}

fn check_siblings(siblings: &[Section], out: &mut Vec<Diagnostic>) {
    let numbered: Vec<&Section> = siblings.iter().filter(|s| last_part(s).is_some()).collect();
    for pair in numbered.windows(2) {
        let (prev, next) = (pair[0], pair[1]);
        let (Some(a), Some(b)) = (last_part(prev), last_part(next)) else {
            continue;
        };
        if b > a + 1 {
            let pn = &prev.number.as_ref().expect("numbered").text;
            let nn = &next.number.as_ref().expect("numbered").text;
            // "1.3" for a gap between 1.2 and 1.4: the prefix of the previous number.
            let prefix = match pn.rfind('.') {
                Some(dot) if pn[..dot].chars().all(|c| c.is_ascii_digit() || c == '.') => {
                    &pn[..=dot]
                }
                _ => "",
            };
            let missing = if b == a + 2 {
                format!("section {prefix}{} is missing", a + 1)
            } else if b == a + 3 {
                format!(
                    "sections {prefix}{} and {prefix}{} are missing",
                    a + 1,
                    a + 2
                )
            } else {
                format!(
                    "sections {prefix}{} to {prefix}{} are missing",
                    a + 1,
                    b - 1
                )
            };
            out.push(
                SectionNumberingGap::META
                    .diagnostic(
                        format!("Section numbering jumps from {pn} to {nn}: {missing}"),
                        next.heading_span,
                    )
                    .with_label(
                        next.heading_span,
                        format!("Section {nn} follows Section {pn}"),
                    )
                    // One label only: a second one on the previous heading would make the
                    // excerpt show every line in between.
                    .with_help(
                        "restore the missing sections, or renumber the sections that remain",
                    ),
            );
        }
    }
    for s in siblings {
        check_siblings(&s.children, out);
    }
}

impl Rule for SectionNumberingGap {
    fn meta(&self) -> &'static RuleMeta {
        &Self::META
    }

    fn check(&self, ctx: &Context) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        check_siblings(&ctx.doc.sections, &mut out);
        out
    }
}
