//! The Markdown reports (`check --format markdown`, `diff --format markdown`) are posted as
//! pull-request comments: an `@name` quoted from a policy, or in a file name, gets a
//! zero-width joiner after the `@` so it notifies nobody; e-mail addresses and redline's
//! own wording are unchanged.

use std::path::Path;
use std::process::Command;

/// `@` followed by U+200D ZERO WIDTH JOINER.
const BROKEN: &str = "@\u{200d}";

fn run(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("the redline binary runs");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn check_markdown_breaks_mentions_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("@octocat.md"),
        "# Privacy Policy\n\n## Contents\n\n1. Ask @security-team or (@acme/legal)\n2. Contact\n\n\
         ## 2. Contact\n\nMail us at foo@example.com now.\n",
    )
    .unwrap();
    let md = run(
        dir.path(),
        &[
            "check",
            "@octocat.md",
            "--today",
            "2026-11-30",
            "--no-config",
            "--select",
            "L003,S001",
            "--fail-on",
            "never",
            "--format",
            "markdown",
        ],
    );
    assert!(
        md.contains(&format!(
            "Section 'Ask {BROKEN}security-team or ({BROKEN}acme/legal)' is listed"
        )),
        "{md}"
    );
    assert!(md.contains(&format!("### {BROKEN}octocat.md: ")), "{md}");
    // An address keeps its `@`; no unbroken mention is left.
    assert!(
        md.contains("Placeholder text \\`foo@example.com\\`"),
        "{md}"
    );
    for name in ["@security-team", "@acme", "@octocat"] {
        assert!(!md.contains(name), "{name} in:\n{md}");
    }
}

#[test]
fn diff_markdown_breaks_mentions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("old.md"),
        "# Privacy Policy\n\n## Contact\n\nMail privacy@acme.com.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("new.md"),
        "# Privacy Policy\n\n## Contact @dpo\n\nMail privacy@acme.com or ping @security.\n",
    )
    .unwrap();
    let md = run(
        dir.path(),
        &["diff", "old.md", "new.md", "--format", "markdown"],
    );
    assert!(md.contains(&format!("{BROKEN}security")), "{md}");
    assert!(md.contains(&format!("Contact {BROKEN}dpo")), "{md}");
    assert!(md.contains("privacy@acme.com"), "{md}");
    for name in ["@security", "@dpo"] {
        assert!(!md.contains(name), "{name} in:\n{md}");
    }
}
