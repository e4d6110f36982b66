//! The GitHub Action (`action.yml`, issue #5 point 7): it parses, declares and documents
//! its inputs, passes them to the shell only through the environment, uses the SARIF upload
//! and the pull-request comment, and its check step — run here with bash as the runner
//! would, with the built binary on PATH — writes the SARIF file, the job summary and the
//! exit code.

mod common;

use std::path::Path;
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

fn action() -> Yaml {
    let text = std::fs::read_to_string(common::root().join("action.yml")).expect("action.yml");
    YamlLoader::load_from_str(&text)
        .expect("action.yml is YAML")
        .remove(0)
}

fn steps(a: &Yaml) -> Vec<Yaml> {
    a["runs"]["steps"].as_vec().expect("steps").clone()
}

fn step<'a>(steps: &'a [Yaml], name: &str) -> &'a Yaml {
    steps
        .iter()
        .find(|s| s["name"].as_str() == Some(name))
        .unwrap_or_else(|| panic!("no step named {name}"))
}

#[test]
fn action_declares_documented_inputs_and_the_ci_steps() {
    let a = action();
    assert_eq!(a["runs"]["using"].as_str(), Some("composite"));
    let inputs = a["inputs"].as_hash().expect("inputs");
    let names: Vec<&str> = inputs.keys().filter_map(Yaml::as_str).collect();
    for required in ["paths", "profile", "fail-on", "diff"] {
        assert!(
            names.contains(&required),
            "no input `{required}`: {names:?}"
        );
    }
    // Every input is described here and documented in the README's action section.
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let section = readme
        .split("\n### GitHub Action\n")
        .nth(1)
        .expect("a \"### GitHub Action\" section in the README");
    let section = section.split("\n### ").next().unwrap();
    for (k, v) in inputs {
        let name = k.as_str().unwrap();
        assert!(
            v["description"].as_str().is_some_and(|d| d.len() > 20),
            "input {name} has no description"
        );
        assert!(
            section.contains(&format!("| `{name}` |")),
            "input {name} is not in the README's input table"
        );
    }

    let steps = steps(&a);
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.iter()
            .any(|u| u.starts_with("github/codeql-action/upload-sarif@")),
        "{uses:?}"
    );
    assert!(
        uses.iter()
            .any(|u| u.starts_with("marocchino/sticky-pull-request-comment@")),
        "{uses:?}"
    );
    let check = step(&steps, "redline check")["run"].as_str().unwrap();
    for needle in [
        "--format sarif",
        "--format markdown",
        "$GITHUB_STEP_SUMMARY",
        "--base \"origin/$BASE_REF\"",
    ] {
        assert!(
            check.contains(needle),
            "check step lacks {needle}:\n{check}"
        );
    }
    let diff = step(&steps, "redline diff")["run"].as_str().unwrap();
    assert!(
        diff.contains("redline diff --git \"origin/$BASE_REF\""),
        "{diff}"
    );
    assert!(diff.contains("--format markdown"), "{diff}");

    for s in &steps {
        let Some(run) = s["run"].as_str() else {
            continue;
        };
        // Inputs reach scripts through `env:` only (no template injection).
        assert!(
            !run.contains("${{"),
            "a script expands an expression:\n{run}"
        );
        assert_eq!(s["shell"].as_str(), Some("bash"));
        let out = Command::new("bash")
            .args(["-n", "-c", run])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "bash -n: {}\n{run}",
            common::stderr(&out)
        );
    }
    // Every `inputs.X` used is declared.
    let text = std::fs::read_to_string(common::root().join("action.yml")).unwrap();
    for used in text.split("inputs.").skip(1) {
        let name: String = used
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        assert!(names.contains(&name.as_str()), "undeclared input {name}");
    }
}

/// Runs the check step's script as a runner would (`bash --noprofile --norc -eo pipefail`)
/// with the given inputs, from the repository root, with the built binary on PATH.
fn run_check_step(dir: &Path, inputs: &[(&str, &str)]) -> (String, String, String) {
    let a = action();
    let steps = steps(&a);
    let script = step(&steps, "redline check")["run"]
        .as_str()
        .unwrap()
        .to_string();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_redline")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let (output, summary) = (dir.join("output"), dir.join("summary"));
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
        .current_dir(common::root())
        .env("PATH", path)
        .env("RUNNER_TEMP", dir)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("EVENT", "push")
        .env("BASE_REF", "")
        // Reproducible "today" for the staleness rules.
        .env("SOURCE_DATE_EPOCH", "1795996800");
    for (k, v) in inputs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "the check step failed: {}",
        common::stderr(&out)
    );
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    let sarif = read(&dir.join("redline.sarif"));
    (read(&output), read(&summary), sarif)
}

#[test]
fn check_step_writes_sarif_summary_and_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let (output, summary, sarif) = run_check_step(
        tmp.path(),
        &[
            (
                "PATHS",
                "policies/cgtonlinea-privacy.txt policies/reference-privacy.md",
            ),
            ("PROFILES", "generic, gdpr"),
            ("FAIL_ON", "error"),
            ("BASELINE", ""),
            ("DIFF", "false"),
        ],
    );
    assert!(output.contains("exit-code=1\n"), "{output}");
    assert!(
        output.contains(&format!(
            "sarif-file={}\n",
            tmp.path().join("redline.sarif").display()
        )),
        "{output}"
    );
    let v: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert!(results.iter().any(|r| r["ruleId"] == "S001"));
    // The gdpr profile was applied.
    assert!(sarif.contains("GDPR-"), "no GDPR requirement in the SARIF");
    assert!(summary.starts_with("## redline: "), "{summary}");
    assert!(summary.contains("S001"), "{summary}");

    // A clean file and fail-on never: exit code 0.
    let tmp = tempfile::tempdir().unwrap();
    let (output, _, _) = run_check_step(
        tmp.path(),
        &[
            ("PATHS", "policies/cgtonlinea-privacy.txt"),
            ("PROFILES", ""),
            ("FAIL_ON", "never"),
            ("BASELINE", ""),
            ("DIFF", "false"),
        ],
    );
    assert!(output.contains("exit-code=0\n"), "{output}");
}
