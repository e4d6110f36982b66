//! `redline check` as a CI gate (issue #5): `--staged` (read the git index), `--base REV`
//! (the old version of each file, for the diff-aware `P` rules), `--force-exclude` and the
//! configuration's `exclude`, and `--baseline` / `--write-baseline`.
//!
//! Kept apart from `cli.rs` so that the check command's flow there stays readable: this
//! module answers "which files", "which bytes", "compared with what" and "which findings
//! are already known"; `check` keeps linting and reporting.
//!
//! Git is run as a program (the `git` helper in `cli.rs`), as `diff --git` does: the user's
//! git, with its configuration, reads the repository, rather than a second implementation
//! of the index format (gix, git2) that could disagree with it.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::ast::Format;
use crate::baseline::Baseline;
use crate::change::{BaseVersion, ChangelogStatus};
use crate::config::Config;
use crate::exit;
use crate::report::{self, FileResult};
use crate::source::{self, Source, SourceError};

use super::{
    CheckArgs, Configs, GitError, cwd_relative, expand, git, git_location, repo_relative,
    verify_revision,
};

/// The git repository `check --staged` / `--base` works in.
pub(super) struct Repo {
    /// The current folder relative to the repository root (`git rev-parse --show-prefix`).
    prefix: String,
    /// The repository root.
    toplevel: PathBuf,
    /// `--base`: the revision to compare with.
    base: Option<String>,
    /// `--staged`: read the index instead of the working tree.
    staged: bool,
    /// Changelog status by repository-relative path, computed once per run (files are
    /// checked in parallel, hence the mutex).
    changelogs: Mutex<HashMap<String, ChangelogStatus>>,
}

impl Repo {
    /// Opens the repository around the current folder and checks the base revision.
    pub(super) fn open(base: Option<&str>, staged: bool) -> Result<Repo, GitError> {
        let what = if staged { "--staged" } else { "--base" };
        if let Some(rev) = base {
            // The revision's shape first: it needs no repository to be wrong.
            if rev.starts_with('-') || rev.is_empty() {
                verify_revision(rev, "--base main", "")?;
            }
        }
        let (prefix, toplevel) = git_location(&format!(
            "run `redline check {what}` inside a git working tree"
        ))?;
        if let Some(rev) = base {
            verify_revision(rev, "--base main", "; in CI, fetch the base branch first")?;
        }
        Ok(Repo {
            prefix,
            toplevel,
            base: base.map(str::to_string),
            staged,
            changelogs: Mutex::new(HashMap::new()),
        })
    }

    /// A path (relative to the current folder, or absolute) relative to the repository
    /// root.
    fn rel(&self, path: &Path) -> Result<String, String> {
        repo_relative(path, &self.prefix, &self.toplevel).ok_or_else(|| {
            format!(
                "it is outside the git repository at {}",
                self.toplevel.display()
            )
        })
    }

    /// A blob's bytes (`git cat-file blob SPEC`), `Ok(None)` when `SPEC` names no file
    /// (absent at that revision or from the index, or a folder there).
    fn blob(spec: &str) -> Result<Option<Vec<u8>>, GitError> {
        match git(&["cat-file", "-t", "--end-of-options", spec])? {
            Ok(t) if t.trim_ascii() == b"blob" => {}
            _ => return Ok(None),
        }
        Ok(git(&["cat-file", "blob", "--end-of-options", spec])?.ok())
    }

    /// The policy files in the index under a folder (`check --staged DIR`), relative to the
    /// current folder, sorted.
    fn staged_files(&self, dir: &Path) -> Result<Vec<PathBuf>, String> {
        let rel = self.rel(dir)?;
        let spec = format!(":(top){rel}");
        let out = git(&["ls-files", "-z", "--cached", "--full-name", "--", &spec])
            .map_err(|e| e.message)?
            .map_err(|e| format!("cannot list the staged files: {e}"))?;
        let mut files: Vec<PathBuf> = String::from_utf8_lossy(&out)
            .split('\0')
            .filter(|n| super::is_policy_path(n))
            .map(|n| cwd_relative(n, &self.prefix))
            .collect();
        files.sort();
        files.dedup();
        Ok(files)
    }
}

/// Whether the nearest `redline.toml` above a file found by `diff --git` excludes it (a
/// configuration that cannot be read excludes nothing; `check` reports it).
pub(super) fn excluded_by_config(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    crate::config::discover(dir)
        .and_then(|c| crate::config::load(&c).ok())
        .is_some_and(|c| c.is_excluded(path))
}

/// Whether the current folder is in a git repository whose HEAD names no commit yet (before
/// the first commit).
pub(super) fn unborn_head() -> bool {
    matches!(git(&["rev-parse", "--git-dir"]), Ok(Ok(_)))
        && matches!(
            git(&["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]),
            Ok(Err(_))
        )
}

/// One input of `check`: a path to check, or a path that failed before reading.
pub(super) type Input = Result<PathBuf, (PathBuf, String)>;

/// The files `check` reads: directories walked (in the working tree, or listed from the
/// index with `--staged`) without the files excluded by the configuration or `--exclude`;
/// files named on the command line as given, unless `--force-exclude` and excluded.
pub(super) fn inputs(
    args: &CheckArgs,
    repo: Option<&Repo>,
    configs: &mut Configs,
    cli_excludes: &Arc<crate::config::Excludes>,
) -> Vec<Input> {
    let mut out: Vec<Input> = Vec::new();
    let excluded = |p: &Path, configs: &mut Configs| -> bool {
        cli_excludes.is_excluded(p)
            || matches!(configs.for_path(p), Some(Ok(c)) if c.is_excluded(p))
    };
    for p in &args.paths {
        if p == Path::new("-") {
            if repo.is_some() {
                out.push(Err((
                    p.clone(),
                    "standard input has no version in git: --staged and --base need files"
                        .to_string(),
                )));
            } else {
                out.push(Ok(p.clone()));
            }
            continue;
        }
        let staged_dir = repo.filter(|r| r.staged).filter(|_| p.is_dir());
        if let Some(repo) = staged_dir {
            match repo.staged_files(p) {
                Ok(files) if files.is_empty() => out.push(Err((
                    p.clone(),
                    "no staged policy files (*.md, *.markdown, *.txt) in this directory"
                        .to_string(),
                ))),
                Ok(files) => {
                    out.extend(files.into_iter().filter(|f| !excluded(f, configs)).map(Ok))
                }
                Err(e) => out.push(Err((p.clone(), e))),
            }
        } else if p.is_dir() {
            for item in expand(std::slice::from_ref(p), cli_excludes) {
                match item {
                    Ok(f) if excluded(&f, configs) => {}
                    other => out.push(other),
                }
            }
        } else if !(args.force_exclude && excluded(p, configs)) {
            out.push(Ok(p.clone()));
        }
    }
    out
}

/// Decodes bytes read from git like a file of that name: the format from `--input-format`
/// or the extension, and the same size limit.
fn decode(
    name: &str,
    path: &Path,
    bytes: &[u8],
    format: Option<Format>,
    encoding: Option<&'static encoding_rs::Encoding>,
    limit: u64,
) -> Result<Source, String> {
    if bytes.len() as u64 > limit {
        return Err(SourceError::TooLarge {
            size: bytes.len() as u64,
            limit,
        }
        .to_string());
    }
    let format = match format {
        Some(f) => f,
        None => source::format_for_path(path).map_err(|e| e.to_string())?,
    };
    Source::from_bytes(name, bytes, format, encoding).map_err(|e| e.to_string())
}

/// Reads the checked version of a file: the working tree, or the index with `--staged`
/// (`git cat-file blob :PATH`). The source keeps the path as given, so findings, their
/// fingerprints and baselines name the same file either way.
pub(super) fn read_checked(
    repo: Option<&Repo>,
    path: &Path,
    format: Option<Format>,
    encoding: Option<&'static encoding_rs::Encoding>,
    limit: u64,
) -> Result<Source, String> {
    let Some(repo) = repo.filter(|r| r.staged) else {
        return super::read(path, format, encoding, limit).map_err(|e| e.to_string());
    };
    let rel = repo.rel(path)?;
    let bytes = Repo::blob(&format!(":{rel}"))
        .map_err(|e| e.message)?
        .ok_or_else(|| format!("not in the index (`git add {rel}` to stage it)"))?;
    let mut source = decode(
        &path.display().to_string(),
        path,
        &bytes,
        format,
        encoding,
        limit,
    )?;
    source.path = path.to_path_buf();
    Ok(source)
}

/// The base version of a checked file for the `P` rules: `None` without `--base`, and for
/// a file that did not exist at the base revision (a new policy has no earlier readers).
pub(super) fn base_version(
    repo: Option<&Repo>,
    path: &Path,
    checked: &Source,
    cfg: Option<&Config>,
    encoding: Option<&'static encoding_rs::Encoding>,
    limit: u64,
) -> Result<Option<BaseVersion>, String> {
    let Some(repo) = repo else {
        return Ok(None);
    };
    let Some(rev) = repo.base.clone() else {
        return Ok(None);
    };
    let rel = repo.rel(path)?;
    let spec = format!("{rev}:{rel}");
    let Some(bytes) = Repo::blob(&spec).map_err(|e| e.message)? else {
        return Ok(None);
    };
    let old = decode(&spec, path, &bytes, Some(checked.format), encoding, limit)
        .map_err(|e| format!("its version at {rev} cannot be read: {e}"))?;
    let changelog = match cfg.and_then(|c| c.diff.changelog.as_ref().map(|l| (c, l))) {
        Some((c, log)) => Some(changelog_status(repo, &c.dir().join(log.get_ref()), &rev)?),
        None => None,
    };
    let notice_days = cfg
        .and_then(|c| c.diff.notice_days.as_ref())
        .map_or(0, |d| *d.get_ref());
    Ok(Some(BaseVersion {
        rev,
        source: old,
        changelog,
        notice_days,
        deadline: crate::diff::DEFAULT_DEADLINE,
    }))
}

/// Whether the changelog differs between the base revision and the working tree (or the
/// index with `--staged`). Contents are compared, so a changelog created since the base
/// counts as changed and one staged unchanged does not.
fn changelog_status(repo: &Repo, log: &Path, rev: &str) -> Result<ChangelogStatus, String> {
    let rel = repo
        .rel(log)
        .map_err(|e| format!("the changelog {}: {e}", log.display()))?;
    // Held while git runs: the files of one changelog wait for the first to compute it.
    let mut changelogs = repo
        .changelogs
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(s) = changelogs.get(&rel) {
        return Ok(s.clone());
    }
    let old = Repo::blob(&format!("{rev}:{rel}")).map_err(|e| e.message)?;
    let new = if repo.staged {
        Repo::blob(&format!(":{rel}")).map_err(|e| e.message)?
    } else {
        std::fs::read(log).ok()
    };
    let status = ChangelogStatus {
        path: rel.clone(),
        touched: old != new,
        exists: new.is_some(),
    };
    changelogs.insert(rel, status.clone());
    Ok(status)
}

/// The folder a baseline's paths are relative to: the baseline file's own.
fn baseline_root(file: &Path) -> PathBuf {
    match file.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `--baseline FILE`, read before any file is checked: a missing or malformed baseline is
/// an error (exit 2), never "no baseline".
pub(super) fn load_baseline(file: &Path) -> Result<Baseline, i32> {
    Baseline::load(file).map_err(|e| {
        let _ = std::io::stderr().write_all(
            report::human::render_input_error(
                &file.display().to_string(),
                &e.message,
                "give a file written by `redline check --write-baseline FILE`, or write one",
                std::io::stderr().is_terminal(),
            )
            .as_bytes(),
        );
        exit::ERROR
    })
}

/// `--baseline FILE`: hides the known findings and says on stderr how many, and which
/// recorded findings no longer occur.
pub(super) fn apply_baseline(baseline: &Baseline, file: &Path, results: &mut [FileResult]) {
    let applied = baseline.apply(results, &baseline_root(file));
    let mut err = std::io::stderr().lock();
    let name = report::safe::path(&file.display().to_string()).into_owned();
    if applied.hidden > 0 {
        let _ = writeln!(
            err,
            "baseline {name}: {} known finding{} not shown",
            applied.hidden,
            if applied.hidden == 1 { "" } else { "s" }
        );
    }
    let fixed = applied.fixed_count();
    if fixed > 0 {
        let list = applied
            .fixed
            .iter()
            .map(|f| {
                // Path and code come from the baseline file: shown with stand-ins.
                format!(
                    "{} {}: {} recorded, {} now",
                    report::safe::path(&f.path),
                    report::safe::message(&f.code),
                    f.recorded,
                    f.now
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            err,
            "baseline {name}: {fixed} recorded finding{} no longer occur{} ({list}); rewrite the baseline with --write-baseline {name} to keep them from coming back",
            if fixed == 1 { "" } else { "s" },
            if fixed == 1 { "s" } else { "" },
        );
    }
}

/// The file `--write-baseline FILE` replaces: `FILE` itself, or the file a symbolic link
/// there names (renaming over the link would replace the link and leave its file as it
/// was). An existing `FILE` that is not a regular file (a device such as `/dev/stdout`, a
/// FIFO, a folder) is refused, as renaming over it would replace it.
fn baseline_target(file: &Path) -> Result<std::path::PathBuf, String> {
    let Ok(link) = std::fs::symlink_metadata(file) else {
        return Ok(file.to_path_buf()); // a new file
    };
    if link.file_type().is_symlink() {
        return match std::fs::canonicalize(file) {
            Ok(real) if real.is_file() => Ok(real),
            Ok(_) => Err("the symbolic link names something that is not a regular file".into()),
            // A link to a file not yet there: create that file.
            Err(_) => std::fs::read_link(file)
                .map(|to| file.parent().unwrap_or(Path::new("")).join(to))
                .map_err(|e| e.to_string()),
        };
    }
    if link.is_file() {
        Ok(file.to_path_buf())
    } else {
        Err("it is not a regular file".into())
    }
}

/// Whether the baseline may replace `target`: not when it is one of the files checked
/// (`--write-baseline policy.md other.md` takes `policy.md` for the baseline's name), nor
/// when it holds anything but a redline baseline (a policy, a README): redline never
/// overwrites a file it did not write. A new file, an empty one, or an earlier baseline
/// may be replaced. `Err` says why not.
fn safe_to_replace(target: &Path, results: &[FileResult]) -> Result<(), String> {
    let Ok(real) = std::fs::canonicalize(target) else {
        return Ok(()); // not there yet
    };
    let checked = results.iter().any(|r| match r {
        FileResult::Checked { source, .. } => {
            std::fs::canonicalize(&source.path).is_ok_and(|p| p == real)
        }
        FileResult::Failed { .. } => false,
    });
    if checked {
        return Err(
            "it is one of the files being checked (did `--write-baseline` take a policy's \
             name? put the baseline's file name right after it)"
                .into(),
        );
    }
    let text = std::fs::read(&real).map_err(|e| e.to_string())?;
    if text.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    // A baseline of this version, or of another (a `version` number and `entries`).
    let is_baseline = std::str::from_utf8(&text).is_ok_and(|t| {
        Baseline::parse(t).is_ok()
            || serde_json::from_str::<serde_json::Value>(t).is_ok_and(|v| {
                v.get("version").is_some_and(serde_json::Value::is_u64)
                    && v.get("entries").is_some_and(serde_json::Value::is_array)
            })
    });
    match is_baseline {
        true => Ok(()),
        false => Err(
            "the file exists and is not a redline baseline, so it is left as it is; remove \
             it or choose another name"
                .into(),
        ),
    }
}

/// `--write-baseline FILE`: records the findings (atomically: a temporary file renamed).
/// Refuses when a file could not be read — its findings would be missing from the
/// baseline and come back as new later.
pub(super) fn write_baseline(file: &Path, results: &[FileResult]) -> i32 {
    // The name as shown: a file name's control characters never reach the terminal.
    let shown = report::safe::path(&file.display().to_string()).into_owned();
    let failed = results
        .iter()
        .filter(|r| matches!(r, FileResult::Failed { .. }))
        .count();
    if failed > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "error: not writing the baseline {}: {failed} input{} could not be read",
            shown,
            if failed == 1 { "" } else { "s" }
        );
        return exit::ERROR;
    }
    let target = match baseline_target(file) {
        Ok(t) => t,
        Err(why) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: cannot write the baseline {}: {why}",
                shown
            );
            return exit::ERROR;
        }
    };
    if let Err(why) = safe_to_replace(&target, results) {
        let _ = writeln!(
            std::io::stderr(),
            "error: not writing the baseline {}: {why}",
            shown
        );
        return exit::ERROR;
    }
    let b = Baseline::record(results, &baseline_root(file));
    let tmp = target.with_file_name(format!(
        ".{}.tmp",
        target
            .file_name()
            .map_or("redline-baseline".into(), |n| n.to_string_lossy())
    ));
    let written = std::fs::write(&tmp, b.to_json()).and_then(|()| std::fs::rename(&tmp, &target));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        let _ = writeln!(
            std::io::stderr(),
            "error: cannot write the baseline {}: {e}",
            shown
        );
        return exit::ERROR;
    }
    let count: usize = b.entries.iter().map(|e| e.count).sum();
    let files = b
        .entries
        .iter()
        .map(|e| e.path.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let _ = writeln!(
        std::io::stderr(),
        "wrote baseline {}: {count} finding{} in {files} file{}",
        shown,
        if count == 1 { "" } else { "s" },
        if files == 1 { "" } else { "s" }
    );
    exit::OK
}
