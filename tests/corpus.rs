//! Every Markdown and text policy in `../shared/corpus` is checked without a panic and
//! without an input error; HTML gets a clear "unsupported format" error until the HTML front
//! end exists.

mod common;

use common::{json, policy_files, redline, shared_corpus};

#[test]
fn whole_corpus_checks_without_errors() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let expected = policy_files(&corpus);
    assert!(expected.len() >= 90, "corpus has {} files", expected.len());
    let docs = corpus.join("docs").display().to_string();
    let history = corpus.join("history").display().to_string();
    let out = redline(&[
        "check",
        &docs,
        &history,
        "--format",
        "json",
        "--today",
        "2026-11-30",
    ]);
    let stderr = common::stderr(&out);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let v = json(&out);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), expected.len());
    for f in files {
        assert!(f.get("error").is_none(), "input error: {f}");
        assert!(f["diagnostics"].is_array());
    }
    assert_eq!(v["summary"]["failed_files"], 0);
    // The walk took every file, in sorted order per directory.
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

#[test]
fn html_is_reported_as_unsupported() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let html = corpus
        .join("docs/akilimo-privacy-policy.html")
        .display()
        .to_string();
    let md = corpus
        .join("docs/ota-signal-privacy.md")
        .display()
        .to_string();
    let out = redline(&[
        "check",
        &html,
        &md,
        "--format",
        "json",
        "--today",
        "2026-11-30",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v = json(&out);
    assert_eq!(
        v["files"][0]["error"],
        "unsupported format: HTML input is not supported yet; convert the policy to Markdown or text"
    );
    assert!(v["files"][1]["diagnostics"].is_array());
}
