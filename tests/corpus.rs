//! Every Markdown, text and HTML policy in `../shared/corpus` is checked without a panic
//! and without an input error.

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
fn html_pages_are_checked_like_the_others() {
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
    assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
    let v = json(&out);
    assert!(v["files"][0].get("error").is_none(), "{}", v["files"][0]);
    assert!(v["files"][1]["diagnostics"].is_array());
    // The page's only date, "This privacy policy is effective as of 2025-06-12." on line
    // 153 of the HTML file, is stale on 2026-11-30; the finding points at the date itself.
    let stale = common::diagnostics(&v, "D001");
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0]["span"]["line"], 153);
    assert_eq!(stale[0]["span"]["column"], 43);
}
