//! The section-kind classifier against a hand-labelled set: 20 real policies from
//! `tests/fixtures/corpus`, each top-level section labelled with the kinds it discloses
//! (`tests/fixtures/kinds/*.toml`, guidelines in its README). A top-level section's
//! predicted kinds are those of the section and all its sub-sections. Prints precision and
//! recall per kind and the confusion counts, and requires a micro-averaged F1 of at least
//! 0.90 (issue #3).

use std::collections::BTreeMap;
use std::path::PathBuf;

use redline::analyze::kinds::kind_name;
use redline::ast::{Section, SectionKind};

#[derive(serde::Deserialize)]
struct Labels {
    document: String,
    #[serde(rename = "section")]
    sections: Vec<Labelled>,
}

#[derive(serde::Deserialize)]
struct Labelled {
    title: String,
    kinds: Vec<String>,
    #[allow(dead_code)]
    note: Option<String>,
}

fn heading(s: &Section) -> String {
    match &s.number {
        Some(n) => format!("{} {}", n.text, s.title),
        None => s.title.clone(),
    }
}

fn predicted(s: &Section, out: &mut Vec<SectionKind>) {
    out.extend(s.kinds.iter().copied());
    for c in &s.children {
        predicted(c, out);
    }
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn f1(c: Counts) -> (f64, f64, f64) {
    let p = if c.tp + c.fp == 0 {
        1.0
    } else {
        c.tp as f64 / (c.tp + c.fp) as f64
    };
    let r = if c.tp + c.fn_ == 0 {
        1.0
    } else {
        c.tp as f64 / (c.tp + c.fn_) as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

#[test]
fn micro_f1_at_least_0_90() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files: Vec<_> = std::fs::read_dir(root.join("kinds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "{} labelled documents", files.len());
    let mut per_kind: BTreeMap<String, Counts> = BTreeMap::new();
    let mut errors: Vec<String> = Vec::new();
    let mut sections = 0;
    for f in &files {
        let labels: Labels = toml::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let path = root.join("corpus").join(&labels.document);
        let source = redline::source::read_source(&path, None).unwrap();
        let doc = redline::parse::parse(&source);
        let got: Vec<String> = doc.sections.iter().map(heading).collect();
        let want: Vec<String> = labels.sections.iter().map(|s| s.title.clone()).collect();
        assert_eq!(
            got, want,
            "{}: top-level sections differ from the labels",
            labels.document
        );
        for (s, l) in doc.sections.iter().zip(&labels.sections) {
            sections += 1;
            let mut p = Vec::new();
            predicted(s, &mut p);
            let p: Vec<String> = p.into_iter().map(kind_name).collect();
            for k in &l.kinds {
                let c = per_kind.entry(k.clone()).or_default();
                if p.contains(k) {
                    c.tp += 1;
                } else {
                    c.fn_ += 1;
                    errors.push(format!("{} | {} | missed {k}", labels.document, l.title));
                }
            }
            let mut p = p;
            p.sort();
            p.dedup();
            for k in p {
                if !l.kinds.contains(&k) {
                    per_kind.entry(k.clone()).or_default().fp += 1;
                    errors.push(format!("{} | {} | wrongly {k}", labels.document, l.title));
                }
            }
        }
    }
    let mut total = Counts::default();
    println!("\n{sections} sections in {} documents", files.len());
    println!(
        "{:<26} {:>4} {:>4} {:>4} {:>9} {:>7} {:>5}",
        "kind", "TP", "FP", "FN", "precision", "recall", "F1"
    );
    for (k, c) in &per_kind {
        let (p, r, f) = f1(*c);
        println!(
            "{k:<26} {:>4} {:>4} {:>4} {p:>9.2} {r:>7.2} {f:>5.2}",
            c.tp, c.fp, c.fn_
        );
        total.tp += c.tp;
        total.fp += c.fp;
        total.fn_ += c.fn_;
    }
    let (p, r, f) = f1(total);
    println!(
        "{:<26} {:>4} {:>4} {:>4} {p:>9.2} {r:>7.2} {f:>5.2}",
        "micro", total.tp, total.fp, total.fn_
    );
    if std::env::var_os("CLASSIFIER_ERRORS").is_some() {
        for e in &errors {
            println!("{e}");
        }
    }
    // Every kind the classifier knows is named so that a new kind shows up in the table.
    let _ = SectionKind::EffectiveDate;
    assert!(
        f >= 0.90,
        "micro F1 {f:.3} < 0.90 (precision {p:.3}, recall {r:.3})"
    );
}
