//! The HTML reports (issue #7), rendered in a real browser: headless Chromium loads each
//! page, takes a screenshot and dumps the DOM it built.
//!
//! - **Screenshots** go to `target/html-report-screenshots/<name>.png` (1280×2000, the top
//!   of the page), next to the page itself (`<name>.html`), for people to look at.
//! - **Console errors.** Chromium runs with `--enable-logging=stderr --v=0`, which writes
//!   every console message of the page to standard error as an `INFO:CONSOLE` line
//!   (`CONSOLE(n)` in older versions), errors, uncaught exceptions and Content Security
//!   Policy violations included. The pages have no script, so *any* console line is a
//!   failure: that is stricter than sorting levels (which this logging does not show
//!   reliably: `console.error` is logged at INFO) and catches an injected `<img onerror>`
//!   or `<script>` too, since the page's CSP refuses them with a console message.
//!   `console_scan_catches_errors` checks the scan on a page that does err. Rejected: a
//!   DevTools-protocol client over `--remote-debugging-pipe` (more code, same facts here).
//! - **The DOM** (`--dump-dom`, parsed with `scraper`) is counted against the JSON report
//!   of the same input: `<ins>`/`<del>` against the word operations and whole added/removed
//!   blocks (the mapping is in `src/report/html/diff.rs`), findings against diagnostics.
//! - **Injection**: policies holding `<script>`, `"><img onerror>` and `javascript:` links
//!   render as text: no script element, no `on*` attribute, no `javascript:` URL, no link
//!   leaving the page; the payloads are visible as text.
//!
//! Without Chromium (`chromium` on PATH or `/usr/bin/chromium`) the tests print a loud
//! SKIPPED message; under `CI=true` they fail (`.ci/run` installs Debian's `chromium`).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use common::{json, redline, root, shared_corpus};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

/// Chromium gets this long per page before it is killed (with its children).
const BROWSER_TIMEOUT: Duration = Duration::from_secs(60);

/// One browser at a time: the machine has two cores shared with other builds.
static BROWSER: Mutex<()> = Mutex::new(());

/// The Chromium binary, or `None` (skipped loudly; a failure under `CI=true`).
fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        })
        .or_else(|| Some(PathBuf::from("/usr/bin/chromium")).filter(|p| p.is_file()));
    if found.is_none() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "chromium is not installed under CI=true: the HTML report browser tests cannot run (.ci/run installs it)"
            );
        }
        eprintln!(
            "\n*** SKIPPED: chromium not installed; the HTML report browser tests did not run (apt-get install chromium) ***\n"
        );
    }
    found
}

/// What the browser made of a page.
struct Rendered {
    /// The DOM after loading, serialised.
    dom: Html,
    /// Console lines the page logged.
    console: Vec<String>,
    /// Wall time of the browser run.
    elapsed: Duration,
}

/// The folder the screenshots are written to.
fn screenshot_dir() -> PathBuf {
    root().join("target").join("html-report-screenshots")
}

/// The console lines in Chromium's standard error (module docs).
fn console_lines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("CONSOLE(") || l.contains("Uncaught"))
        .map(str::to_string)
        .collect()
}

/// Loads `page` (a file) in headless Chromium: screenshot to `png`, DOM and console back.
fn browse(chromium: &Path, page: &Path, png: &Path) -> Rendered {
    let _one = BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let profile = tempfile::tempdir().expect("a temporary profile folder");
    let url = format!(
        "file://{}",
        page.canonicalize().expect("the page exists").display()
    );
    let start = Instant::now();
    // `timeout` (coreutils) puts Chromium in its own process group and kills the whole
    // group (renderer and GPU processes too) when the time is up.
    let out = Command::new("timeout")
        .arg("--kill-after=5")
        .arg(BROWSER_TIMEOUT.as_secs().to_string())
        .arg(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--screenshot={}", png.display()))
        .arg("--dump-dom")
        .arg(&url)
        .env("HOME", profile.path())
        .env("XDG_CONFIG_HOME", profile.path())
        .env("XDG_CACHE_HOME", profile.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("timeout and chromium run");
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(
        out.status.code(),
        Some(124),
        "chromium did not finish within {BROWSER_TIMEOUT:?} on {url}"
    );
    assert!(
        out.status.success(),
        "chromium failed on {url} ({}):\n{stderr}",
        out.status
    );
    let dom = String::from_utf8(out.stdout).expect("the DOM is UTF-8");
    assert!(
        dom.contains("<html"),
        "chromium printed no DOM for {url}:\n{stderr}"
    );
    Rendered {
        dom: Html::parse_document(&dom),
        console: console_lines(&stderr),
        elapsed,
    }
}

/// Writes `html` to the screenshot folder as `<name>.html`, renders it, checks that the
/// screenshot was written and nothing was logged to the console.
fn render(chromium: &Path, name: &str, html: &str) -> Rendered {
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).expect("the screenshot folder can be created");
    let page = dir.join(format!("{name}.html"));
    std::fs::write(&page, html).expect("the page can be written");
    let png = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&png);
    let r = browse(chromium, &page, &png);
    let bytes = std::fs::read(&png).unwrap_or_else(|e| panic!("no screenshot {png:?}: {e}"));
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 10_000,
        "{png:?} is not a real screenshot ({} bytes)",
        bytes.len()
    );
    assert!(
        r.console.is_empty(),
        "{name}: the page logged to the console:\n{}",
        r.console.join("\n")
    );
    eprintln!(
        "{name}: {} bytes of HTML rendered in {:?}; screenshot {}",
        html.len(),
        r.elapsed,
        png.display()
    );
    r
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

fn text(e: ElementRef) -> String {
    e.text().collect()
}

/// What every report page must be: self-contained, inert and accessible.
fn assert_sound_page(dom: &Html) {
    let html = dom.select(&sel("html")).next().expect("an html element");
    assert_eq!(html.value().attr("lang"), Some("en"));
    assert!(dom.select(&sel("meta[charset='utf-8']")).next().is_some());
    let csp = dom
        .select(&sel("meta[http-equiv='Content-Security-Policy']"))
        .next()
        .and_then(|m| m.value().attr("content"));
    assert_eq!(csp, Some("default-src 'none'; style-src 'unsafe-inline'"));
    for landmark in ["header", "main"] {
        assert_eq!(dom.select(&sel(landmark)).count(), 1, "one <{landmark}>");
    }
    // Inert: nothing runs, nothing loads, no link leaves the page.
    for forbidden in [
        "script", "img", "iframe", "object", "embed", "link", "form", "base",
    ] {
        assert_eq!(
            dom.select(&sel(forbidden)).count(),
            0,
            "a <{forbidden}> element"
        );
    }
    for e in dom.select(&sel("*")) {
        for (name, value) in e.value().attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "event handler attribute {name}={value:?} on <{}>",
                e.value().name()
            );
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            assert!(
                !squeezed.contains("javascript:"),
                "javascript: URL in {name}={value:?}"
            );
        }
    }
    let ids: std::collections::HashSet<&str> = dom
        .select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id"))
        .collect();
    assert_eq!(
        ids.len(),
        dom.select(&sel("[id]")).count(),
        "ids are unique"
    );
    for a in dom.select(&sel("a")) {
        let href = a.value().attr("href").expect("every link has an href");
        let target = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("a link leaves the page: {href:?}"));
        assert!(ids.contains(target), "link to a missing id: {href}");
    }
    // Headings in order: one h1, and no level skipped on the way down.
    assert_eq!(dom.select(&sel("h1")).count(), 1);
    let mut prev = 0;
    for h in dom.select(&sel("h1, h2, h3, h4, h5, h6")) {
        let level: usize = h.value().name()[1..].parse().expect("hN");
        assert!(
            level <= prev + 1,
            "heading h{level} after h{prev}: {:?}",
            text(h)
        );
        prev = level;
    }
    for th in dom.select(&sel("th")) {
        assert!(
            matches!(th.value().attr("scope"), Some("col" | "row")),
            "a table header without scope: {:?}",
            text(th)
        );
    }
}

/// Runs redline and returns its standard output; `ok` lists the accepted exit codes.
fn run(args: &[&str], ok: &[i32]) -> String {
    let out = redline(args);
    assert!(
        out.status.code().is_some_and(|c| ok.contains(&c)),
        "redline {args:?}: {:?}\n{}",
        out.status.code(),
        common::stderr(&out)
    );
    common::stdout(&out)
}

/// The `<ins>` and `<del>` texts one diff report should produce, per block element id
/// (`f{file}-p{block}` for the preamble, `f{file}-c{section}-{block}` for sections), by the
/// mapping documented in `src/report/html/diff.rs`: an added block is one `<ins>`, a
/// removed block one `<del>`, a changed or moved block one of each per `insert`/`delete`
/// word operation whose text is not blank.
fn expected_marks(file: usize, report: &Value) -> Vec<(String, Vec<String>, Vec<String>)> {
    let blocks = |v: &Value| v.as_array().cloned().unwrap_or_default();
    let mut out = Vec::new();
    let mut one = |id: String, b: &Value| {
        let (mut ins, mut del) = (Vec::new(), Vec::new());
        match b["kind"].as_str() {
            Some("added") => ins.push(b["new"].as_str().expect("new text").to_string()),
            Some("removed") => del.push(b["old"].as_str().expect("old text").to_string()),
            _ => {
                for w in b["words"].as_array().into_iter().flatten() {
                    let t = w["text"].as_str().expect("word text").trim().to_string();
                    match (w["op"].as_str(), t.is_empty()) {
                        (Some("insert"), false) => ins.push(t),
                        (Some("delete"), false) => del.push(t),
                        _ => {}
                    }
                }
            }
        }
        out.push((id, ins, del));
    };
    for (k, b) in blocks(&report["preamble"]).iter().enumerate() {
        one(format!("f{file}-p{k}"), b);
    }
    for (s, sec) in blocks(&report["sections"]).iter().enumerate() {
        for (k, b) in blocks(&sec["blocks"]).iter().enumerate() {
            one(format!("f{file}-c{s}-{k}"), b);
        }
    }
    out
}

/// The text of a mark without its visually hidden "inserted: " / "deleted: " label.
fn mark_text(e: ElementRef) -> String {
    let label = e.select(&sel(".vh")).next().map(text).unwrap_or_default();
    let all = text(e);
    all.strip_prefix(&label).unwrap_or(&all).to_string()
}

/// The page's `<ins>`/`<del>` match the JSON reports, block by block and in total.
fn assert_marks_match(dom: &Html, reports: &[&Value]) {
    let (mut want_ins, mut want_del) = (0, 0);
    for (n, report) in reports.iter().enumerate() {
        for (id, ins, del) in expected_marks(n + 1, report) {
            let el = dom
                .select(&sel(&format!("[id='{id}']")))
                .next()
                .unwrap_or_else(|| panic!("no element for block {id}"));
            let got_ins: Vec<String> = el.select(&sel("ins")).map(mark_text).collect();
            let got_del: Vec<String> = el.select(&sel("del")).map(mark_text).collect();
            assert_eq!(got_ins, ins, "insertions of {id}");
            assert_eq!(got_del, del, "deletions of {id}");
            want_ins += ins.len();
            want_del += del.len();
        }
    }
    eprintln!("{want_ins} <ins> and {want_del} <del> elements, as the JSON report says");
    assert_eq!(dom.select(&sel("ins")).count(), want_ins, "<ins> in total");
    assert_eq!(dom.select(&sel("del")).count(), want_del, "<del> in total");
    for m in dom.select(&sel("ins, del")) {
        let label = m.select(&sel(".vh")).next().map(text);
        let want = if m.value().name() == "ins" {
            "inserted: "
        } else {
            "deleted: "
        };
        assert_eq!(label.as_deref(), Some(want), "screen-reader label");
    }
}

/// The page's findings match the JSON report: per file, the same count and codes.
fn assert_findings_match(dom: &Html, report: &Value) {
    let files = report["files"].as_array().expect("files");
    let mut total = 0;
    for (n, f) in files.iter().enumerate() {
        let section = dom
            .select(&sel(&format!("section[aria-labelledby='file-{}']", n + 1)))
            .next()
            .unwrap_or_else(|| panic!("no section for file {}", n + 1));
        let Some(diags) = f["diagnostics"].as_array() else {
            assert!(
                text(section).contains(f["error"].as_str().expect("an error")),
                "the error of an unreadable file is shown"
            );
            continue;
        };
        let mut want: Vec<String> = diags
            .iter()
            .map(|d| d["code"].as_str().expect("code").to_string())
            .collect();
        let mut got: Vec<String> = section
            .select(&sel("article.finding h4"))
            .map(|h| {
                text(h)
                    .split_whitespace()
                    .nth(1)
                    .expect("severity then code")
                    .to_string()
            })
            .collect();
        assert_eq!(got.len(), diags.len(), "findings of file {}", n + 1);
        want.sort();
        got.sort();
        assert_eq!(got, want);
        for d in diags {
            let line = d["span"]["line"].as_u64().expect("line");
            let shown = section
                .select(&sel(".excerpt .ln"))
                .any(|ln| text(ln) == line.to_string());
            assert!(shown, "line {line} of {} is in an excerpt", d["code"]);
        }
        total += diags.len();
    }
    eprintln!("{total} findings, as the JSON report says");
    assert_eq!(dom.select(&sel("article.finding")).count(), total);
    for f in dom.select(&sel("article.finding")) {
        assert!(
            f.select(&sel(".excerpt mark")).next().is_some(),
            "the flagged span is highlighted: {:?}",
            text(f)
        );
    }
    let summary = &report["summary"];
    let cells: Vec<String> = dom
        .select(&sel("table.counts tbody td"))
        .map(text)
        .collect();
    let want: Vec<String> = ["files", "failed_files", "errors", "warnings", "infos"]
        .iter()
        .map(|k| summary[k].to_string())
        .collect();
    assert_eq!(cells, want, "the summary table");
}

fn body_text(dom: &Html) -> String {
    dom.select(&sel("body"))
        .next()
        .map(text)
        .unwrap_or_default()
}

#[test]
fn console_scan_catches_errors() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let page = dir.path().join("bad.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction();</script></body></html>",
    )
    .expect("write");
    let r = browse(&chromium, &page, &dir.path().join("bad.png"));
    assert!(
        r.console
            .iter()
            .any(|l| l.contains("Uncaught ReferenceError")),
        "the uncaught error was not seen: {:?}",
        r.console
    );
}

#[test]
fn github_redline_renders_and_matches_json() {
    if shared_corpus().is_none() {
        return;
    }
    let Some(chromium) = chromium() else { return };
    // Relative to the repository root, where redline runs: the page shows these paths.
    let dir = "../shared/corpus/history/github-privacy-statement";
    let (old, new) = (
        format!("{dir}/01-2017-06-09.md"),
        format!("{dir}/02-2018-05-29.md"),
    );
    let html = run(&["diff", &old, &new, "--format", "html"], &[0]);
    let report: Value =
        serde_json::from_str(&run(&["diff", &old, &new, "--format", "json"], &[0])).expect("JSON");
    let r = render(&chromium, "github-diff", &html);
    assert_sound_page(&r.dom);
    assert_marks_match(&r.dom, &[&report]);
    let page = body_text(&r.dom);
    // The verdict and the material changes come first, each linking to its place.
    assert!(page.contains("Material changes"));
    let rows: Vec<ElementRef> = r.dom.select(&sel("nav table tbody tr")).collect();
    assert!(rows.len() >= 5, "{} material rows", rows.len());
    assert!(
        rows.iter()
            .any(|r| text(*r).contains("retention period lengthened: 30 days → 90 days"))
    );
    // Unchanged text is there too, and the fact table shows old → new.
    assert!(page.contains("Contacting GitHub"));
    let date = r
        .dom
        .select(&sel("tr[id^='f1-fact']"))
        .find(|tr| text(*tr).contains("2018-05-25"))
        .expect("the policy date row");
    assert!(text(date).contains("2017-01-26"));
    // Moved and renamed sections are labelled and linked to their other position.
    assert!(page.contains("Renamed from “Data Retention and Deletion”"));
    assert!(page.contains("was here in the old version; it moved to"));
}

#[test]
fn seed_findings_render_and_match_json() {
    let Some(chromium) = chromium() else { return };
    let args = [
        "check",
        "policies/cgtonlinea-privacy.txt",
        "--today",
        "2026-11-30",
        "--format",
    ];
    let html = run(&[&args[..], &["html"]].concat(), &[1]);
    let report = json(&redline(&[&args[..], &["json"]].concat()));
    let r = render(&chromium, "seed-check", &html);
    assert_sound_page(&r.dom);
    assert_findings_match(&r.dom, &report);
    let page = body_text(&r.dom);
    assert!(
        page.contains("1 file checked: 7 errors, 15 warnings, 0 infos"),
        "{page}"
    );
    // The rule's explanation and the excerpt with the flagged span.
    let first = r
        .dom
        .select(&sel("article.finding"))
        .next()
        .expect("a finding");
    assert!(text(first).contains("Every entry of the table of contents must resolve"));
    let marked = first.select(&sel("mark")).next().map(text);
    assert_eq!(
        marked.as_deref(),
        Some("Section 4: Who we share personal information with and why")
    );
}

#[test]
fn findings_with_requirements_and_unreadable_files() {
    let Some(chromium) = chromium() else { return };
    let args = [
        "check",
        "policies/cgtonlinea-privacy.txt",
        "tests/fixtures/html/no-such-file.md",
        "--profile",
        "gdpr",
        "--today",
        "2026-11-30",
        "--format",
    ];
    let html = run(&[&args[..], &["html"]].concat(), &[2]);
    let report = json(&redline(&[&args[..], &["json"]].concat()));
    let r = render(&chromium, "check-gdpr-two-files", &html);
    assert_sound_page(&r.dom);
    assert_findings_match(&r.dom, &report);
    let page = body_text(&r.dom);
    assert!(page.contains("Files that could not be read"));
    assert!(page.contains("tests/fixtures/html/no-such-file.md"));
    let with_req = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| !d["requirement"].is_null())
        .expect("a gdpr finding with a requirement");
    assert!(page.contains(with_req["requirement"]["id"].as_str().expect("id")));
    assert!(
        page.contains(
            with_req["requirement"]["citation"]
                .as_str()
                .expect("citation")
        )
    );
}

#[test]
fn injected_markup_in_a_diff_is_inert_text() {
    let Some(chromium) = chromium() else { return };
    let (old, new) = (
        "tests/fixtures/html/injection-old.md",
        "tests/fixtures/html/injection-new.md",
    );
    let html = run(&["diff", old, new, "--format", "html"], &[0]);
    let report: Value =
        serde_json::from_str(&run(&["diff", old, new, "--format", "json"], &[0])).expect("JSON");
    let r = render(&chromium, "injection-diff", &html);
    assert_sound_page(&r.dom);
    assert_marks_match(&r.dom, &[&report]);
    let page = body_text(&r.dom);
    for payload in [
        "<script>alert(2)</script>",
        "\"><img src=x onerror=alert(1)>",
        "<script>alert(4)</script>",
    ] {
        assert!(page.contains(payload), "{payload} is not shown as text");
    }
    // The payloads are inside <ins>, as text.
    assert!(
        r.dom
            .select(&sel("ins"))
            .any(|e| text(e).contains("<script>alert(2)</script>"))
    );
}

#[test]
fn injected_markup_in_findings_is_inert_text() {
    let Some(chromium) = chromium() else { return };
    let args = [
        "check",
        "tests/fixtures/html/injection-check.md",
        "--today",
        "2026-11-30",
        "--format",
    ];
    let html = run(&[&args[..], &["html"]].concat(), &[1]);
    let report = json(&redline(&[&args[..], &["json"]].concat()));
    let r = render(&chromium, "injection-check", &html);
    assert_sound_page(&r.dom);
    assert_findings_match(&r.dom, &report);
    let excerpts: String = r.dom.select(&sel(".excerpt")).map(text).collect();
    for payload in [
        "<script>alert(2)</script>",
        "[Cookies \"><img src=x onerror=alert(1)>](#cookies)",
        "[Your rights](javascript:alert(3))",
        "<a href=\"javascript:alert(4)\" onclick=\"alert(5)\">us</a>",
    ] {
        assert!(
            excerpts.contains(payload),
            "{payload} is not shown as text in an excerpt"
        );
    }
}

#[test]
fn git_redline_is_one_page_for_all_files() {
    let Some(chromium) = chromium() else { return };
    if !common::git_available() {
        return;
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let repo = dir.path();
    let git = |args: &[&str]| common::git(repo, args);
    let fixtures = root().join("tests/fixtures/html");
    let old = std::fs::read_to_string(fixtures.join("injection-old.md")).expect("fixture");
    let new = std::fs::read_to_string(fixtures.join("injection-new.md")).expect("fixture");
    std::fs::write(repo.join("a.md"), &old).expect("write");
    std::fs::write(repo.join("b.md"), old.replace("30 days", "14 days")).expect("write");
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "v1"]);
    std::fs::write(repo.join("a.md"), &new).expect("write");
    std::fs::write(repo.join("b.md"), old.replace("30 days", "60 days")).expect("write");
    let in_repo = |format: &str| {
        let out = common::redline_in(repo, &["diff", "--git", "HEAD", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", common::stderr(&out));
        common::stdout(&out)
    };
    let html = in_repo("html");
    let v: Value = serde_json::from_str(&in_repo("json")).expect("JSON");
    let reports: Vec<&Value> = v["files"].as_array().expect("files").iter().collect();
    assert_eq!(reports.len(), 2);
    let r = render(&chromium, "git-diff", &html);
    assert_sound_page(&r.dom);
    assert_marks_match(&r.dom, &reports);
    assert_eq!(r.dom.select(&sel("section.file")).count(), 2);
    let files: Vec<String> = r.dom.select(&sel("nav ul.files li")).map(text).collect();
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        files[0].contains("a.md") && files[1].contains("b.md"),
        "{files:?}"
    );
}
