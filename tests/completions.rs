//! `redline completions SHELL` and `redline man`: generated from the clap definitions, so
//! they name the real subcommands and flags.

mod common;

use common::{redline, stderr, stdout};

const SUBCOMMANDS: [&str; 8] = [
    "check",
    "diff",
    "parse",
    "rules",
    "explain",
    "init",
    "completions",
    "man",
];

#[test]
fn completion_scripts_name_subcommands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = redline(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell} script lacks `{sub}`");
        }
        // fish names long options as `-l format`; the others spell `--format`.
        let flag = if shell == "fish" {
            "-l format"
        } else {
            "--format"
        };
        assert!(script.contains(flag), "{shell} script lacks {flag}");
        // bash, zsh and fish also complete the values of `check --format` (clap_complete's
        // PowerShell and Elvish scripts complete names only).
        if matches!(shell, "bash" | "zsh" | "fish") {
            assert!(
                script.contains("sarif"),
                "{shell} script lacks the sarif format"
            );
        }
    }
    let bash = stdout(&redline(&["completions", "bash"]));
    assert!(bash.contains("complete -F _redline"), "{bash}");
    assert!(bash.contains("redline__subcmd__check)"), "{bash}");
}

#[test]
fn unknown_shell_is_a_usage_error() {
    let out = redline(&["completions", "cmd.exe"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("possible values: bash, elvish, fish, powershell, zsh"));
}

#[test]
fn man_page_is_roff_and_lists_the_subcommands() {
    let out = redline(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = stdout(&out);
    // clap_mangen first defines the `Aq` (apostrophe) string with `.ie`/`.el`; the page
    // proper starts with the title macro.
    let first = page
        .lines()
        .find(|l| !l.starts_with(".ie ") && !l.starts_with(".el "))
        .unwrap();
    assert!(first.starts_with(".TH redline 1"), "{page}");
    assert!(page.contains(".SH NAME\nredline \\- Lint and semantically diff privacy policies"));
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for sub in SUBCOMMANDS {
        assert!(
            page.contains(&format!("redline\\-{sub}(1)")),
            "man page lacks {sub}"
        );
    }
    assert!(page.contains(&format!("v{}", env!("CARGO_PKG_VERSION"))));
}
