//! The README stays true: its first lines give the two commands, and its rule table is the
//! one generated from the registry.

use std::path::PathBuf;

fn readme() -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

#[test]
fn rule_table_matches_registry() {
    let text = readme();
    let start =
        text.find("<!-- rules:start -->\n").expect("start marker") + "<!-- rules:start -->\n".len();
    let end = text.find("<!-- rules:end -->").expect("end marker");
    let generated = redline::rules::registry::markdown_table();
    assert_eq!(
        &text[start..end],
        generated,
        "README rule table is out of date; replace it with:\n{generated}"
    );
}

#[test]
fn first_lines_give_the_two_commands() {
    let text = readme();
    let head: String = text.lines().take(12).collect::<Vec<_>>().join("\n");
    assert!(
        head.contains("cargo run --release -- check policies/cgtonlinea-privacy.txt"),
        "{head}"
    );
    assert!(head.contains("cargo test"), "{head}");
}
