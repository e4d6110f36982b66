//! The command line: clap definitions and dispatch. The only module that prints.

mod gate;

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::ast::{Block, Document, Format, Section};
use crate::config::{self, Config, ConfigError};
use crate::diagnostic::Severity;
use crate::exit;
use crate::lint::{Settings, findings_against};
use crate::profiles::{self, Profile};
use crate::report::{self, FileResult};
use crate::rules::registry;
use crate::source::{self, Source, SourceError};

/// Lint and semantically diff privacy policies kept in version control.
#[derive(Debug, Parser)]
#[command(name = "redline", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check policy files (and directories, walked for *.md, *.markdown, *.txt, *.html, *.htm).
    Check(CheckArgs),
    /// Compare two versions of a policy: what changed, and whether it is material.
    Diff(DiffArgs),
    /// Parse one file and print its AST.
    Parse(ParseArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Print a rule's documentation (by code or name).
    Explain {
        /// A rule code (`S001`) or name (`toc-entry-missing`).
        rule: String,
    },
    /// Write a commented starter redline.toml in the current folder.
    Init {
        /// Replace an existing redline.toml.
        #[arg(long)]
        force: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) to standard output.
    Man,
}

#[derive(Debug, clap::Args)]
struct RulesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Human)]
    format: RulesFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RulesFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Debug, clap::Args)]
struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The date staleness is measured against (YYYY-MM-DD). Default: SOURCE_DATE_EPOCH if
    /// set, else the system date.
    #[arg(long, value_parser = parse_date)]
    today: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// Lowest severity that makes the exit code 1 [default: error, or `fail-on` in the
    /// configuration].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Parse every file as this format instead of going by extension.
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// Decode input as this encoding instead of detecting it: a WHATWG label such as
    /// utf-8, utf-16le, windows-1252, iso-8859-15, gbk, gb18030, shift_jis, euc-kr.
    #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
    encoding: Option<&'static encoding_rs::Encoding>,
    /// Days after which a policy counts as stale [default: 365, or `stale-after-days`].
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(i64).range(0..))]
    stale_after: Option<i64>,
    /// A legal profile to check against (repeatable): generic, gdpr, uk-gdpr, ccpa,
    /// caloppa, pdpa-sg, pipl, lgpd, pipeda, coppa, or a profile file. Replaces the
    /// configuration's list.
    #[arg(long = "profile", value_name = "PROFILE")]
    profiles: Vec<String>,
    /// Run only these rules: codes, names or family letters (comma-separated, repeatable).
    /// Replaces the configuration's `select` and `ignore`.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    select: Vec<String>,
    /// Skip these rules: codes, names or family letters (comma-separated, repeatable).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    ignore: Vec<String>,
    /// Use this configuration file instead of looking for redline.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Do not look for or read any configuration file.
    #[arg(long, conflicts_with = "config")]
    no_config: bool,
    /// Also compare each file with its version at this git revision and run the
    /// diff-aware P rules (a material change without a date bump, without a changelog
    /// entry, or with too short a notice period). Files new since REV get none.
    #[arg(long, value_name = "REV")]
    base: Option<String>,
    /// Check the staged versions (the git index) instead of the working tree; with
    /// --base, compare REV with the index.
    #[arg(long)]
    staged: bool,
    /// Apply the configuration's `exclude` to files named on the command line too (as
    /// pre-commit names every staged file).
    #[arg(long)]
    force_exclude: bool,
    /// Report only the findings beyond those recorded in this baseline file.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record the current findings (counts per file and rule) in this baseline file; the
    /// run then exits 0 unless an input could not be read.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Skip files and folders matching this glob when walking a directory (repeatable; in
    /// addition to the configuration's `exclude`). Without `/` it matches a name anywhere;
    /// with `/`, the path relative to the current folder. Files named on the command line
    /// are skipped only with --force-exclude.
    #[arg(long = "exclude", value_name = "GLOB", value_parser = parse_glob)]
    exclude: Vec<String>,
    /// How many files to check at once [default: the number of CPU cores]; 1 checks them
    /// one after another. The output is the same for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Refuse inputs larger than this: bytes, or a number with K, M or G (KiB, MiB, GiB;
    /// powers of 1024), e.g. 100M [default: 64M, or `max-file-size` in the configuration].
    #[arg(long, value_name = "BYTES", value_parser = source::parse_size)]
    max_file_size: Option<u64>,
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// OLD NEW: the two versions. With --git or --staged: the policy files (or folders) to
    /// compare [default: every changed *.md, *.markdown, *.txt, *.html, *.htm under the current folder].
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Compare the policy files as they were at this git revision with the working tree.
    #[arg(long, value_name = "REV")]
    git: Option<String>,
    /// Compare HEAD (or the --git revision) with the index (the staged versions).
    #[arg(long)]
    staged: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    format: DiffFormat,
    /// A one-screen overview: one line per changed section, then the totals.
    #[arg(long, conflicts_with = "format")]
    stat: bool,
    /// Exit 1 when there is a change of this kind or more.
    #[arg(long, value_enum, default_value_t = DiffFailOn::Never)]
    fail_on: DiffFailOn,
    /// Time allowed for the diff, in milliseconds; past it the diff gets coarser and says so.
    #[arg(long, value_name = "MS", default_value_t = crate::diff::DEFAULT_DEADLINE.as_millis() as u64)]
    deadline_ms: u64,
    /// Parse both versions as this format instead of going by extension.
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// Decode input as this encoding instead of detecting it: a WHATWG label such as
    /// utf-8, utf-16le, windows-1252, iso-8859-15, gbk, gb18030, shift_jis, euc-kr.
    #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
    encoding: Option<&'static encoding_rs::Encoding>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    Human,
    Json,
    Markdown,
    /// A self-contained HTML redline (one page for all files).
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFailOn {
    Material,
    Any,
    Never,
}

#[derive(Debug, clap::Args)]
struct ParseArgs {
    /// The file to parse; `-` reads standard input.
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AstFormat::Json)]
    format: AstFormat,
    /// Parse as this format instead of going by extension.
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// Decode input as this encoding instead of detecting it: a WHATWG label such as
    /// utf-8, utf-16le, windows-1252, iso-8859-15, gbk, gb18030, shift_jis, euc-kr.
    #[arg(long, value_name = "LABEL", value_parser = parse_encoding)]
    encoding: Option<&'static encoding_rs::Encoding>,
}

/// `redline check --format`: one module each under `report/`.
#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// Source excerpts with labels and help, then a summary (the default).
    Human,
    /// One line per finding: `path:line:col: severity CODE message`, then the summary.
    Concise,
    /// redline's JSON report (schema version 1).
    Json,
    /// JSON Lines: one line per file as it is checked (the objects of `json`'s `files`),
    /// then `{"summary": ...}`.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions annotations (workflow commands), then the human report.
    Github,
    /// GitLab Code Quality report (JSON).
    Gitlab,
    /// JUnit XML: a test suite per file, a test case per finding.
    Junit,
    /// Markdown for a pull-request comment or $GITHUB_STEP_SUMMARY.
    Markdown,
    /// A self-contained HTML page: findings by file and severity, with source excerpts.
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum AstFormat {
    Json,
    Tree,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum InputFormat {
    Text,
    Markdown,
    Html,
}

impl From<InputFormat> for Format {
    fn from(f: InputFormat) -> Format {
        match f {
            InputFormat::Text => Format::Text,
            InputFormat::Markdown => Format::Markdown,
            InputFormat::Html => Format::Html,
        }
    }
}

/// `--encoding`: a WHATWG encoding label.
fn parse_encoding(s: &str) -> Result<&'static encoding_rs::Encoding, String> {
    source::encoding_for_label(s).ok_or_else(|| {
        format!(
            "unknown encoding `{s}`: give a WHATWG encoding label such as utf-8, utf-16le, windows-1252, iso-8859-15, gbk, shift_jis"
        )
    })
}

/// `--exclude`: a valid glob.
fn parse_glob(s: &str) -> Result<String, String> {
    globset::Glob::new(s.trim_start_matches("./").trim_end_matches('/'))
        .map(|_| s.to_string())
        .map_err(|e| format!("invalid glob `{s}`: {e}"))
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    // chrono alone accepts "2023-2-3" and "+10000-01-01": insist on the documented form.
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(format!("`{s}` is not a date in the form YYYY-MM-DD"));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("`{s}` is not a date in the form YYYY-MM-DD: {e}"))
}

/// "Today": `--today`, else `SOURCE_DATE_EPOCH` (reproducible-builds.org convention), else
/// the system clock (UTC).
fn today(flag: Option<NaiveDate>) -> Result<NaiveDate, String> {
    if let Some(d) = flag {
        return Ok(d);
    }
    // An empty SOURCE_DATE_EPOCH counts as unset (reproducible-builds.org spec).
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH").map(|e| e.trim().to_string())
        && !epoch.is_empty()
    {
        let secs: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH `{epoch}` is not a number of seconds"))?;
        return chrono::DateTime::from_timestamp(secs, 0)
            .map(|t| t.date_naive())
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH `{epoch}` is out of range"));
    }
    Ok(chrono::Utc::now().date_naive())
}

fn color_enabled() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Extensions picked up when walking a directory.
pub const POLICY_EXTENSIONS: &[&str] = &["md", "markdown", "txt", "html", "htm"];

/// Expands the paths: files as given, directories walked for [`POLICY_EXTENSIONS`],
/// sorted. A directory with no policy file (unless `excludes` removed them all), or a walk
/// error, becomes a failed entry.
///
/// The walk respects `.gitignore` (also outside a git repository), skips hidden files and
/// folders (`ignore`'s default), prunes what `excludes` (`--exclude`) matches, and reads
/// only regular files: FIFOs, sockets and devices in a folder are passed over, as they
/// are not policy documents and reading one could block.
///
/// Symbolic links are followed (a policy is often linked into a docs folder), as `cat`
/// and ruff do, unlike ripgrep's default. `ignore` detects a link back to an ancestor
/// folder and reports it rather than looping; such a loop, and a policy-named link that
/// leads nowhere (dangling, or a loop of links), is a failed entry for that path. A
/// broken link with another name (`logo.png`) is passed over like any non-policy file.
fn expand(paths: &[PathBuf], excludes: &Arc<config::Excludes>) -> Vec<gate::Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            let mut errors = Vec::new();
            let pruned = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let filter = {
                let (excludes, pruned) = (Arc::clone(excludes), Arc::clone(&pruned));
                move |e: &ignore::DirEntry| {
                    let keep = e.depth() == 0 || !excludes.is_excluded(e.path());
                    if !keep {
                        pruned.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    keep
                }
            };
            // .gitignore applies outside git repositories too (a checked-out tarball, a
            // CI workspace without .git).
            let walk = ignore::WalkBuilder::new(p)
                .require_git(false)
                .follow_links(true)
                .filter_entry(filter)
                .build();
            for entry in walk {
                match entry {
                    Ok(e) => {
                        let path = e.path();
                        let is_policy =
                            e.file_type().is_some_and(|t| t.is_file()) && is_policy_path_os(path);
                        if is_policy {
                            found.push(path.to_path_buf());
                        }
                    }
                    Err(e) => {
                        if let Some(failed) = walk_error(p, &e) {
                            errors.push(failed);
                        }
                    }
                }
            }
            if found.is_empty()
                && errors.is_empty()
                && !pruned.load(std::sync::atomic::Ordering::Relaxed)
            {
                out.push(Err((
                    p.clone(),
                    "no policy files (*.md, *.markdown, *.txt, *.html, *.htm) in this directory"
                        .to_string(),
                )));
            }
            // Files and the paths that failed, in one sorted list: the walk's own order
            // depends on the file system.
            let mut walked: Vec<gate::Input> = found
                .into_iter()
                .map(Ok)
                .chain(errors.into_iter().map(Err))
                .collect();
            walked.sort_by(|a, b| {
                let key = |i: &gate::Input| match i {
                    Ok(p) | Err((p, _)) => p.clone(),
                };
                key(a).cmp(&key(b))
            });
            out.extend(walked);
        } else {
            out.push(Ok(p.clone()));
        }
    }
    out
}

/// Whether a path's extension is one of [`POLICY_EXTENSIONS`] (any case; the name need
/// not be UTF-8).
fn is_policy_path_os(path: &Path) -> bool {
    path.extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| POLICY_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
}

/// A walk error as a failed entry for the path it concerns (the walked `root` when it
/// names none), or `None` for a broken symbolic link whose name is not a policy file's.
fn walk_error(root: &Path, e: &ignore::Error) -> Option<(PathBuf, String)> {
    fn path_of(e: &ignore::Error) -> Option<&Path> {
        match e {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::Loop { child, .. } => Some(child),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            _ => None,
        }
    }
    fn loop_of(e: &ignore::Error) -> Option<&Path> {
        match e {
            ignore::Error::Loop { ancestor, .. } => Some(ancestor),
            ignore::Error::WithPath { err, .. }
            | ignore::Error::WithDepth { err, .. }
            | ignore::Error::WithLineNumber { err, .. } => loop_of(err),
            _ => None,
        }
    }
    let Some(path) = path_of(e) else {
        return Some((root.to_path_buf(), e.to_string()));
    };
    if let Some(ancestor) = loop_of(e) {
        return Some((
            path.to_path_buf(),
            format!(
                "symbolic link loop: it leads back to {}, a folder that contains it; not followed",
                ancestor.display()
            ),
        ));
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_symlink());
    if is_link {
        if !is_policy_path_os(path) {
            return None;
        }
        // The walker's error wraps the OS error in text; ask the OS again for a plain one.
        let why = std::fs::metadata(path)
            .err()
            .map_or_else(|| e.to_string(), |io| io_message(&io));
        return Some((
            path.to_path_buf(),
            format!("symbolic link that cannot be followed: {why}"),
        ));
    }
    let why = e.io_error().map_or_else(|| e.to_string(), io_message);
    Some((path.to_path_buf(), format!("cannot be read: {why}")))
}

/// An I/O error's message, with the symbolic-link loop named plainly.
fn io_message(e: &std::io::Error) -> String {
    if source::is_link_loop(e) {
        source::LINK_LOOP.to_string()
    } else if e.kind() == std::io::ErrorKind::NotFound {
        "it points to nothing (the target does not exist)".to_string()
    } else {
        e.to_string()
    }
}

/// Reads one input: a file, or standard input for `-` (once per run), refusing more than
/// `limit` bytes.
fn read(
    path: &Path,
    format: Option<Format>,
    encoding: Option<&'static encoding_rs::Encoding>,
    limit: u64,
) -> Result<Source, SourceError> {
    static STDIN_READ: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if path == Path::new("-") {
        if STDIN_READ.swap(true, std::sync::atomic::Ordering::SeqCst) {
            return Err(SourceError::Unreadable(
                "standard input was already read for an earlier `-`".into(),
            ));
        }
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| SourceError::Unreadable(e.to_string()))?;
        if bytes.len() as u64 > limit {
            return Err(SourceError::TooLarge {
                size: bytes.len() as u64,
                limit,
            });
        }
        return Source::from_bytes("-", &bytes, format.unwrap_or(Format::Text), encoding);
    }
    source::read_source_limited(path, format, encoding, limit)
}

/// Runs the command line and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return argument_error(e),
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Parse(args) => parse_cmd(args),
        Command::Diff(args) => diff_cmd(args),
        Command::Rules(args) => rules_cmd(args),
        Command::Explain { rule } => explain_cmd(&rule),
        Command::Init { force } => init_cmd(force),
        Command::Completions { shell } => completions_cmd(shell),
        Command::Man => man_cmd(),
    }
}

/// `redline completions SHELL`: the completion script clap_complete generates from the
/// same clap definitions the parser uses, so it cannot drift from the real flags.
fn completions_cmd(shell: clap_complete::Shell) -> i32 {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "redline", &mut out);
    print_out(&out, exit::OK)
}

/// `redline man`: a roff man page (section 1) generated by clap_mangen from the clap
/// definitions; `redline man > redline.1 && man ./redline.1`.
fn man_cmd() -> i32 {
    let mut out = Vec::new();
    match clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out) {
        Ok(()) => print_out(&out, exit::OK),
        Err(e) => usage_error(&format!("cannot render the man page: {e}")),
    }
}

fn rules_cmd(args: RulesArgs) -> i32 {
    use crate::rules::registry;
    let out = match args.format {
        RulesFormat::Human => registry::all()
            .iter()
            .map(|m| {
                format!(
                    "{}  {:<34} {:<8} {}\n",
                    m.code, m.name, m.default_severity, m.summary
                )
            })
            .collect::<String>(),
        RulesFormat::Json => {
            let rules: Vec<serde_json::Value> = registry::all()
                .iter()
                .map(|m| {
                    let mut v = serde_json::to_value(m).expect("rule metadata serialises");
                    v["docs"] = m.documentation().into();
                    v
                })
                .collect();
            let mut s =
                report::safe_json::to_string_pretty(&rules).expect("rule metadata serialises");
            s.push('\n');
            s
        }
        RulesFormat::Markdown => registry::markdown_table(),
    };
    print_out(out.as_bytes(), exit::OK)
}

fn explain_cmd(rule: &str) -> i32 {
    match crate::rules::registry::find(rule) {
        Some(r) => {
            let m = r.meta();
            let out = format!(
                "{} {} ({}, default severity {})\n\n{}",
                m.code,
                m.name,
                m.summary,
                m.default_severity,
                m.documentation()
            );
            print_out(out.as_bytes(), exit::OK)
        }
        None => usage_error(&format!(
            "no rule is called `{rule}`; `redline rules` lists them"
        )),
    }
}

fn usage_error(msg: &str) -> i32 {
    // The message may quote a command-line value (`redline explain $'S0\e[31m'`), a
    // configuration or a git revision: control characters are shown as stand-ins.
    let _ = writeln!(std::io::stderr(), "error: {}", report::safe::message(msg));
    exit::ERROR
}

/// Prints clap's error (or `--help`, `--version`) and gives its exit code (2 for an error,
/// as [`usage_error`]). clap quotes the offending value as given (`invalid value 'x␛[2J'
/// for '--today <DATE>'`), raw: when an argument holds a control character
/// ([`report::safe::is_unsafe`]), the arguments are parsed again with the stand-ins of
/// [`report::safe::message`] and that error, of the same kind, is printed instead (with
/// clap's colours). Should the second parse not fail the same way, the first error is
/// printed without colours, through [`report::safe::message`].
fn argument_error(e: clap::Error) -> i32 {
    if !e.use_stderr() {
        let _ = e.print();
        return e.exit_code();
    }
    let mut changed = false;
    let args: Vec<std::ffi::OsString> = std::env::args_os()
        .map(|a| match report::safe::message(&a.to_string_lossy()) {
            std::borrow::Cow::Owned(shown) => {
                changed = true;
                shown.into()
            }
            std::borrow::Cow::Borrowed(_) => a,
        })
        .collect();
    if !changed {
        let _ = e.print();
        return e.exit_code();
    }
    match Cli::try_parse_from(args) {
        Err(shown) if shown.kind() == e.kind() => {
            let _ = shown.print();
        }
        _ => {
            let plain = e.to_string();
            let _ = std::io::stderr().write_all(report::safe::message(&plain).as_bytes());
        }
    }
    e.exit_code()
}

/// The exit code once output has been written with result `written`: `code` when it was
/// written whole, else [`exit::ERROR`], since the output is incomplete. A full disk or an
/// I/O error is said on standard error; a reader that went away (`| head`, a broken pipe)
/// is not, as other command-line tools stop quietly then, though also with a failing code
/// (they die of SIGPIPE).
fn after_writing(written: std::io::Result<()>, code: i32) -> i32 {
    match written {
        Ok(()) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::ERROR,
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "error: could not write the output to standard output: {e}"
            );
            exit::ERROR
        }
    }
}

/// Writes `bytes` to standard output (flushed) and gives the exit code: `code`, or
/// [`exit::ERROR`] when the output could not be written whole (see [`after_writing`]).
fn print_out(bytes: &[u8], code: i32) -> i32 {
    let mut out = std::io::stdout().lock();
    after_writing(out.write_all(bytes).and_then(|()| out.flush()), code)
}

/// The configuration that governs a path: `--config`, else the nearest redline.toml.
/// Loaded once per file found.
struct Configs {
    explicit: Option<Result<Arc<Config>, ConfigError>>,
    disabled: bool,
    cache: std::collections::HashMap<PathBuf, Option<Result<Arc<Config>, ConfigError>>>,
}

impl Configs {
    fn for_path(&mut self, path: &Path) -> Option<Result<Arc<Config>, ConfigError>> {
        if self.disabled {
            return None;
        }
        if let Some(e) = &self.explicit {
            return Some(e.clone());
        }
        let dir = if path == Path::new("-") {
            PathBuf::from(".")
        } else {
            path.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        let dir = if dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            dir
        };
        let found = config::discover(&dir)?;
        self.cache
            .entry(found.clone())
            .or_insert_with(|| Some(config::load(&found).map(Arc::new)))
            .clone()
    }
}

/// Builds the settings for one file from defaults, its configuration and the flags.
fn settings_for(
    args: &CheckArgs,
    cfg: Option<&Config>,
    path: &Path,
    today_flag: NaiveDate,
    profiles: &mut std::collections::HashMap<String, Result<Profile, String>>,
) -> Result<Settings, String> {
    let mut s = Settings::new(today_flag);
    let mut profile_names: Vec<String> = Vec::new();
    // The names as written in the configuration, by resolved name, for its errors.
    let mut written: Vec<(String, String)> = Vec::new();
    if let Some(c) = cfg {
        if args.today.is_none()
            && let Some(t) = &c.today
        {
            s.today = parse_date(t.get_ref())?;
        }
        if let Some(d) = &c.stale_after_days {
            s.stale_after_days = *d.get_ref();
        }
        profile_names = c
            .profiles
            .iter()
            .map(|p| resolve_profile_path(p, c.dir()))
            .collect();
        let overridden = c.overrides.iter().filter_map(|o| o.profiles.as_ref());
        for p in c.profiles.iter().chain(overridden.flatten()) {
            written.push((resolve_profile_path(p, c.dir()), p.clone()));
        }
        let sel: Vec<&str> = c
            .rules
            .select
            .iter()
            .map(|x| x.get_ref().as_str())
            .collect();
        if !sel.is_empty() {
            s.select(&sel);
        }
        let ign: Vec<&str> = c
            .rules
            .ignore
            .iter()
            .map(|x| x.get_ref().as_str())
            .collect();
        s.ignore(&ign);
        for (k, v) in &c.rules.severity {
            s.set_severity(k.get_ref(), *v);
        }
        s.organisation = c.organisation.clone();
        for o in c.overrides_for(path) {
            let ign: Vec<&str> = o.ignore.iter().map(|x| x.get_ref().as_str()).collect();
            s.ignore(&ign);
            for (k, v) in &o.severity {
                s.set_severity(k.get_ref(), *v);
            }
            if let Some(p) = &o.profiles {
                profile_names = p.iter().map(|p| resolve_profile_path(p, c.dir())).collect();
            }
        }
    }
    if let Some(d) = args.stale_after {
        s.stale_after_days = d;
    }
    if !args.profiles.is_empty() {
        profile_names = args.profiles.clone();
    }
    if !profile_names.is_empty() {
        s.profiles = Vec::new();
        for name in &profile_names {
            let loaded = profiles
                .entry(name.clone())
                .or_insert_with(|| profiles::load(name).map_err(|e| e.to_string()));
            let loaded = loaded.clone().map_err(|e| {
                // A profile named in the configuration: say which file and which name, as
                // written (not resolved against the configuration's folder).
                match (cfg, written.iter().find(|(r, _)| r == name)) {
                    (Some(c), Some((_, as_written))) if args.profiles.is_empty() => {
                        if Path::new(name).exists() {
                            format!(
                                "invalid configuration {}: profile `{as_written}` in `profiles`: {e}",
                                c.path.display()
                            )
                        } else {
                            let known: Vec<&str> =
                                profiles::BUILTIN.iter().map(|(id, _)| *id).collect();
                            format!(
                                "invalid configuration {}: `profiles` names `{as_written}`, which is neither a built-in profile ({}) nor a file ({name} does not exist)",
                                c.path.display(),
                                known.join(", ")
                            )
                        }
                    }
                    _ => e,
                }
            })?;
            s.profiles.push(loaded);
        }
    }
    for sel in [&args.select, &args.ignore] {
        for x in sel {
            if registry::select(x).is_empty() {
                return Err(format!(
                    "unknown rule `{x}`: use a code (S001), a name (toc-entry-missing) or a family letter; `redline rules` lists them"
                ));
            }
        }
    }
    if !args.select.is_empty() {
        // --select replaces the configuration's selection (its `select` and `ignore`).
        let sel: Vec<&str> = args.select.iter().map(String::as_str).collect();
        s.enabled = registry::all().iter().map(|m| m.code).collect();
        s.select(&sel);
    }
    let ign: Vec<&str> = args.ignore.iter().map(String::as_str).collect();
    s.ignore(&ign);
    Ok(s)
}

/// A profile named in a configuration file: built-in names stay, paths are relative to the
/// configuration's folder.
fn resolve_profile_path(name: &str, dir: &Path) -> String {
    if profiles::BUILTIN.iter().any(|(id, _)| *id == name) || Path::new(name).is_absolute() {
        name.to_string()
    } else {
        dir.join(name).display().to_string()
    }
}

/// How many files `check` hands to the thread pool at a time. Each batch is checked in
/// parallel and its results written in input order before the next starts, so at most
/// this many results are held by `--format jsonl` (the other formats keep them all to
/// render one document). A few hundred keeps every thread busy except at each batch's tail.
///
/// Rejected: a reorder buffer fed by a channel from one `par_iter` over all files. It
/// avoids the tail wait, but its memory is bounded only by how far ahead the fastest
/// thread runs past a slow file, and it needs more machinery for a small gain: checking a
/// policy takes milliseconds, so the tail is short.
const BATCH: usize = 256;

/// Stack size of the checking threads (64 MiB, reserved, not committed). The parsers and
/// rules recurse over the document tree; the main thread's 8 MiB is enough for the
/// deepest nesting the parsers build (tests/hostile.rs), and this leaves room to spare
/// over rayon's 2 MiB default.
const STACK_BYTES: usize = 64 * 1024 * 1024;

/// One input of `check`, resolved (sequentially, in input order) before the parallel part:
/// either a file to read and lint, with its configuration and settings, or a result known
/// already (a walk error, a broken configuration).
enum Prepared {
    /// A file to read and lint.
    Job {
        /// The path as given or walked.
        path: PathBuf,
        /// Its configuration (for `--base`: the changelog and notice period).
        cfg: Option<Arc<Config>>,
        /// Its settings, shared by the files with the same configuration and overrides.
        settings: Arc<Settings>,
        /// The largest size accepted, in bytes.
        limit: u64,
    },
    /// Nothing to read.
    Done(FileResult),
}

/// Whether a run fails: an input that could not be read, and the worst finding, gathered
/// as results go by (`--format jsonl` drops them once written).
#[derive(Default)]
struct Tally {
    failed: bool,
    worst: Option<Severity>,
}

impl Tally {
    fn add(&mut self, r: &FileResult) {
        match r {
            FileResult::Failed { .. } => self.failed = true,
            FileResult::Checked { diagnostics, .. } => {
                self.worst = self.worst.max(diagnostics.iter().map(|d| d.severity).max());
            }
        }
    }

    fn exit_code(&self, fail_on: FailOn) -> i32 {
        if self.failed {
            return exit::ERROR;
        }
        let threshold = match fail_on {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
            FailOn::Never => return exit::OK,
        };
        if self.worst.is_some_and(|w| w >= threshold) {
            exit::FINDINGS
        } else {
            exit::OK
        }
    }
}

/// `redline check`.
///
/// Three phases. (1) Sequentially, in input order: list the inputs (walking folders),
/// find each file's configuration and build its settings (cached per configuration and
/// set of matching overrides, as `Arc`s), so configuration errors are reported once and
/// in order, and usage errors stop the run before any output. (2) In parallel, batch by
/// batch ([`BATCH`]) on a pool of `--threads` threads: read, decode, parse and lint each
/// file; these share nothing mutable (the `--base` changelog cache is behind a mutex).
/// (3) In input order: write (`--format jsonl`, as each batch ends) or collect the results.
/// The output is the same for any number of threads.
fn check(args: CheckArgs) -> i32 {
    let today = match today(args.today) {
        Ok(d) => d,
        Err(e) => return usage_error(&e),
    };
    // A broken `--config` governs every file: it is reported once, with its excerpt, and
    // nothing is checked (as for the other usage errors), rather than once more per file.
    let explicit = match args.config.as_ref().map(|p| config::load(p)) {
        Some(Err(e)) => {
            let color = color_enabled() && std::io::stderr().is_terminal();
            let _ = std::io::stderr()
                .write_all(report::human::render_config_error(&e, color).as_bytes());
            return exit::ERROR;
        }
        Some(Ok(c)) => Some(Ok(Arc::new(c))),
        None => None,
    };
    let mut configs = Configs {
        explicit,
        disabled: args.no_config,
        cache: Default::default(),
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let excludes = match config::Excludes::new(args.exclude.iter().map(String::as_str), &cwd) {
        Ok(x) => Arc::new(x),
        Err(e) => return usage_error(&format!("invalid --exclude glob: {e}")),
    };
    let color = color_enabled();
    let err_color = color && std::io::stderr().is_terminal();
    let format = args.input_format.map(Format::from);
    let repo = if args.staged || args.base.is_some() {
        match gate::Repo::open(args.base.as_deref(), args.staged) {
            Ok(r) => Some(r),
            Err(e) => {
                e.print();
                return exit::ERROR;
            }
        }
    } else {
        None
    };
    let baseline = match args.baseline.as_deref().map(gate::load_baseline) {
        Some(Ok(b)) => Some(b),
        Some(Err(code)) => return code,
        None => None,
    };

    // Phase 1: inputs, configurations, settings.
    let mut prepared = Vec::new();
    let mut reported_configs: Vec<String> = Vec::new();
    // The files not checked because their configuration is broken: that error is on
    // stderr already, so the human format does not report it again per file there.
    let mut config_failed: std::collections::HashSet<PathBuf> = Default::default();
    let mut loaded_profiles = std::collections::HashMap::new();
    let mut settings_cache: std::collections::HashMap<
        (Option<PathBuf>, Vec<usize>),
        Arc<Settings>,
    > = Default::default();
    let mut fail_on_cfg: Option<config::FailOn> = None;
    for item in gate::inputs(&args, repo.as_ref(), &mut configs, &excludes) {
        let path = match item {
            Ok(path) => path,
            Err((path, error)) => {
                prepared.push(Prepared::Done(FileResult::Failed { path, error }));
                continue;
            }
        };
        let cfg = match configs.for_path(&path) {
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                // A broken configuration is an error for every file it governs; it is shown
                // once, with the excerpt, on stderr.
                if !reported_configs.contains(&e.path) {
                    reported_configs.push(e.path.clone());
                    let _ = std::io::stderr()
                        .write_all(report::human::render_config_error(&e, err_color).as_bytes());
                }
                config_failed.insert(path.clone());
                prepared.push(Prepared::Done(FileResult::Failed {
                    path,
                    error: format!("invalid configuration {e}"),
                }));
                continue;
            }
            None => None,
        };
        if fail_on_cfg.is_none() {
            fail_on_cfg = cfg.as_ref().and_then(|c| c.fail_on);
        }
        // The settings depend on the path only through the overrides it matches.
        let key = (
            cfg.as_ref().map(|c| c.path.clone()),
            cfg.as_ref().map_or_else(Vec::new, |c| {
                let matched = c.overrides_for(&path);
                (0..c.overrides.len())
                    .filter(|&i| matched.iter().any(|m| std::ptr::eq(*m, &c.overrides[i])))
                    .collect()
            }),
        );
        let settings = match settings_cache.get(&key) {
            Some(s) => Arc::clone(s),
            None => match settings_for(&args, cfg.as_deref(), &path, today, &mut loaded_profiles) {
                Ok(s) => Arc::clone(settings_cache.entry(key).or_insert(Arc::new(s))),
                Err(e) => return usage_error(&e),
            },
        };
        let limit = args
            .max_file_size
            .or_else(|| cfg.as_ref().and_then(|c| c.max_file_size()))
            .unwrap_or(source::MAX_FILE_BYTES);
        prepared.push(Prepared::Job {
            path,
            cfg,
            settings,
            limit,
        });
    }
    let fail_on = args.fail_on.unwrap_or(match fail_on_cfg {
        Some(config::FailOn::Error) | None => FailOn::Error,
        Some(config::FailOn::Warning) => FailOn::Warning,
        Some(config::FailOn::Info) => FailOn::Info,
        Some(config::FailOn::Never) => FailOn::Never,
    });

    // Phase 2: read and lint in parallel.
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, std::num::NonZero::get),
        usize::from,
    );
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(STACK_BYTES)
        .thread_name(|i| format!("redline-check-{i}"))
        .build()
    {
        Ok(p) => p,
        Err(e) => return usage_error(&format!("cannot start {threads} checking threads: {e}")),
    };
    let check_one = |p: Prepared| -> FileResult {
        let (path, cfg, settings, limit) = match p {
            Prepared::Done(r) => return r,
            Prepared::Job {
                path,
                cfg,
                settings,
                limit,
            } => (path, cfg, settings, limit),
        };
        let read =
            gate::read_checked(repo.as_ref(), &path, format, args.encoding, limit).and_then(|s| {
                let base = gate::base_version(
                    repo.as_ref(),
                    &path,
                    &s,
                    cfg.as_deref(),
                    args.encoding,
                    limit,
                )?;
                Ok((s, base))
            });
        match read {
            Ok((source, base)) => {
                let diagnostics = findings_against(&source, &settings, base.as_ref());
                FileResult::Checked {
                    source,
                    diagnostics,
                }
            }
            Err(error) => FileResult::Failed { path, error },
        }
    };
    // `--format jsonl` writes each batch as it ends and keeps nothing, unless a baseline
    // needs every result first.
    let stream = matches!(args.format, OutputFormat::Jsonl)
        && args.baseline.is_none()
        && args.write_baseline.is_none();
    let mut tally = Tally::default();
    let mut counts = report::Counts::default();
    let mut results = Vec::new();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut written: std::io::Result<()> = Ok(());
    let mut inputs = prepared.into_iter();
    loop {
        let batch: Vec<Prepared> = inputs.by_ref().take(BATCH).collect();
        if batch.is_empty() {
            break;
        }
        let checked: Vec<FileResult> = pool.install(|| {
            use rayon::prelude::*;
            batch.into_par_iter().map(check_one).collect()
        });
        for r in checked {
            if stream {
                tally.add(&r);
                counts.record(&r);
                written = written.and_then(|()| report::json::write_line(&r, &mut stdout));
            } else {
                results.push(r);
            }
        }
        if stream {
            written = written.and_then(|()| stdout.flush());
            if written.is_err() {
                // The reader is gone (`redline check --format jsonl | head`) or the disk is
                // full: checking the rest would be wasted work.
                return after_writing(written, exit::ERROR);
            }
        }
    }

    // Phase 3: the report.
    if stream {
        let written = stdout
            .write_all(report::json::summary_line(&counts).as_bytes())
            .and_then(|()| stdout.flush());
        return after_writing(written, tally.exit_code(fail_on));
    }
    if let (Some(b), Some(file)) = (&baseline, &args.baseline) {
        gate::apply_baseline(b, file, &mut results);
    }
    // Every format is written as it is serialised: never the whole report in memory.
    let written = match args.format {
        OutputFormat::Human => {
            let mut err = std::io::stderr().lock();
            for r in &results {
                if let FileResult::Failed { path, error } = r
                    && !config_failed.contains(path)
                {
                    let path = path.display().to_string();
                    let _ = err
                        .write_all(report::human::render_error(&path, error, err_color).as_bytes());
                }
            }
            report::human::write(&results, color, &mut stdout)
        }
        // (A 100 MB policy can have a 300 MB JSON report.)
        OutputFormat::Json => report::json::write(&results, &mut stdout),
        OutputFormat::Jsonl => report::json::write_lines(&results, &mut stdout),
        // The CI formats are written as they are serialised too (a 100 MB policy's SARIF
        // log, built as a JSON tree first, took 5.7 GB).
        OutputFormat::Concise => report::concise::write(&results, &mut stdout),
        OutputFormat::Sarif => report::sarif::write(&results, &mut stdout),
        OutputFormat::Github => report::github::write(&results, &mut stdout),
        OutputFormat::Gitlab => report::gitlab::write(&results, &mut stdout),
        OutputFormat::Junit => report::junit::write(&results, &mut stdout),
        OutputFormat::Markdown => report::markdown::write(&results, &mut stdout),
        OutputFormat::Html => report::html::check::write(&results, &mut stdout),
    };
    let written = written.and_then(|()| stdout.flush());
    drop(stdout);
    // The baseline is written even when the report could not be: it is a file of its own.
    let code = if let Some(file) = &args.write_baseline {
        gate::write_baseline(file, &results)
    } else {
        for r in &results {
            tally.add(r);
        }
        tally.exit_code(fail_on)
    };
    after_writing(written, code)
}

fn diff_cmd(args: DiffArgs) -> i32 {
    if args.git.is_some() || args.staged {
        return diff_git_cmd(args);
    }
    let [old_path, new_path] = args.paths.as_slice() else {
        return usage_error(
            "`redline diff` takes two files, OLD NEW (or --git REV [PATH...], or --staged [PATH...])",
        );
    };
    let format = args.input_format.map(Format::from);
    let mut sources = Vec::new();
    for p in [old_path, new_path] {
        match read(p, format, args.encoding, source::MAX_FILE_BYTES) {
            Ok(s) => sources.push(s),
            Err(e) => {
                let _ = std::io::stderr().write_all(
                    report::human::render_input_error(
                        &p.display().to_string(),
                        &e.to_string(),
                        "both versions must be readable Markdown or text files (pass --encoding LABEL if the encoding was misdetected)",
                        std::io::stderr().is_terminal(),
                    )
                    .as_bytes(),
                );
                return exit::ERROR;
            }
        }
    }
    let r = diff_sources(&sources[0], &sources[1], &args);
    let out = match (args.stat, args.format) {
        (true, _) => report::diff::stat(&r),
        (false, DiffFormat::Human) => report::diff::human(&r, color_enabled()),
        (false, DiffFormat::Json) => report::diff::json(&r),
        (false, DiffFormat::Markdown) => report::diff::markdown(&r),
        (false, DiffFormat::Html) => report::html::diff::render(&[report::html::diff::DiffInput {
            report: &r,
            old: &sources[0],
            new: &sources[1],
        }]),
    };
    print_out(
        out.as_bytes(),
        diff_exit(std::slice::from_ref(&r), args.fail_on),
    )
}

fn diff_sources(old_src: &Source, new_src: &Source, args: &DiffArgs) -> crate::diff::DiffReport {
    let (old, new) = (crate::parse::parse(old_src), crate::parse::parse(new_src));
    let options = crate::diff::DiffOptions {
        deadline: std::time::Duration::from_millis(args.deadline_ms),
    };
    crate::diff::diff(old_src, &old, new_src, &new, &options)
}

fn diff_exit(reports: &[crate::diff::DiffReport], fail_on: DiffFailOn) -> i32 {
    use crate::diff::Materiality;
    let fail = reports.iter().any(|r| match fail_on {
        DiffFailOn::Never => false,
        DiffFailOn::Material => r.verdict == Materiality::Material,
        DiffFailOn::Any => r.verdict > Materiality::None,
    });
    if fail { exit::FINDINGS } else { exit::OK }
}

/// Why `redline diff --git` could not compare: the message names the problem, the help
/// says what to do.
struct GitError {
    message: String,
    help: String,
}

impl GitError {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        GitError {
            message: message.into(),
            help: help.into(),
        }
    }

    fn print(&self) {
        let _ = std::io::stderr().write_all(
            report::diff::render_git_error(
                &self.message,
                &self.help,
                std::io::stderr().is_terminal(),
            )
            .as_bytes(),
        );
    }
}

/// Where the current folder is in its git working tree: the prefix relative to the root
/// (`git rev-parse --show-prefix`) and the root itself. `help` says what to do outside one.
///
/// # Errors
/// Outside a git working tree, or when git cannot be run.
fn git_location(help: &str) -> Result<(String, PathBuf), GitError> {
    let prefix = git(&["rev-parse", "--show-prefix"])?.map_err(|e| {
        GitError::new(
            format!(
                "not a git repository: the current folder is not inside a git working tree ({e})"
            ),
            help,
        )
    })?;
    let prefix = String::from_utf8_lossy(&prefix)
        .trim_end_matches('\n')
        .to_string();
    let toplevel = git(&["rev-parse", "--show-toplevel"])?
        .map(|t| PathBuf::from(String::from_utf8_lossy(&t).trim_end_matches('\n')))
        .map_err(|e| {
            GitError::new(
                format!("not a git working tree: {e}"),
                "run it inside a checkout",
            )
        })?;
    Ok((prefix, toplevel))
}

/// Checks that `rev` names a commit (and is not an option in disguise). `example` is the
/// flag as a user would write it (`--git HEAD~1`); `more_help` is appended to the help
/// for an unknown revision.
///
/// # Errors
/// An empty or dash-led revision, or one that names no commit.
fn verify_revision(rev: &str, example: &str, more_help: &str) -> Result<(), GitError> {
    if rev.starts_with('-') || rev.is_empty() {
        return Err(GitError::new(
            format!("`{rev}` is not a git revision"),
            format!("give a commit, branch or tag, e.g. {example}"),
        ));
    }
    let commit = format!("{rev}^{{commit}}");
    git(&[
        "rev-parse",
        "--verify",
        "--quiet",
        "--end-of-options",
        &commit,
    ])?
    .map_err(|_| {
        GitError::new(
            format!("unknown revision `{rev}`: no commit by that name in this repository"),
            format!(
                "give a commit, branch or tag that exists (`git log --oneline` lists them{more_help})"
            ),
        )
    })?;
    Ok(())
}

/// Runs git in the current folder and returns its standard output, or its standard error
/// (without git's `fatal: ` prefix) when it fails.
fn git(args: &[&str]) -> Result<Result<Vec<u8>, String>, GitError> {
    let out = std::process::Command::new("git")
        .args(args)
        .stdin(std::process::Stdio::null())
        // Untranslated messages: they are matched below and quoted in errors.
        .env("LC_ALL", "C")
        .env_remove("LANGUAGE")
        .output()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                GitError::new(
                    "git is not installed (no `git` program on PATH)",
                    "install git, or compare two files with `redline diff OLD NEW`",
                )
            } else {
                GitError::new(
                    format!("cannot run git: {e}"),
                    "check that `git --version` works",
                )
            }
        })?;
    if out.status.success() {
        Ok(Ok(out.stdout))
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let err = err
            .lines()
            .map(|l| {
                l.trim_start_matches("fatal: ")
                    .trim_start_matches("error: ")
            })
            .filter(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        Ok(Err(err))
    }
}

/// `path` (relative to the current folder, or absolute) relative to the repository root,
/// with `/` separators, given the current folder's prefix (`git rev-parse --show-prefix`).
fn repo_relative(path: &Path, prefix: &str, toplevel: &Path) -> Option<String> {
    let joined = if path.is_absolute() {
        let top = toplevel.canonicalize().ok()?;
        let abs = match (path.parent(), path.file_name()) {
            (Some(dir), Some(name)) => dir.canonicalize().ok()?.join(name),
            _ => path.canonicalize().ok()?,
        };
        abs.strip_prefix(&top).ok()?.to_path_buf()
    } else {
        Path::new(prefix).join(path)
    };
    let mut parts: Vec<String> = Vec::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                parts.pop()?;
            }
            std::path::Component::Normal(n) => parts.push(n.to_str()?.to_string()),
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// A repository-relative path as seen from the current folder.
fn cwd_relative(root_rel: &str, prefix: &str) -> PathBuf {
    if let Some(rest) = root_rel.strip_prefix(prefix) {
        return PathBuf::from(rest);
    }
    let ups = prefix.split('/').filter(|p| !p.is_empty()).count();
    let mut p = PathBuf::new();
    for _ in 0..ups {
        p.push("..");
    }
    p.join(root_rel)
}

fn is_policy_path(p: &str) -> bool {
    Path::new(p)
        .extension()
        .and_then(|x| x.to_str())
        .is_some_and(|x| POLICY_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
}

/// The files to compare: (path from the current folder, path from the repository root).
fn git_files(
    rev: &str,
    paths: &[PathBuf],
    staged: bool,
    prefix: &str,
    toplevel: &Path,
) -> Result<Vec<(PathBuf, String)>, GitError> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut specs: Vec<String> = Vec::new();
    for p in paths {
        let Some(rel) = repo_relative(p, prefix, toplevel) else {
            return Err(GitError::new(
                format!("{} is outside the git repository", p.display()),
                format!("give paths inside the repository at {}", toplevel.display()),
            ));
        };
        if p.is_dir() || rel.is_empty() {
            specs.push(format!(":(top){rel}"));
        } else {
            files.push((p.clone(), rel));
        }
    }
    if paths.is_empty() {
        specs.push(format!(":(top){prefix}"));
    }
    if !specs.is_empty() {
        let mut cmd = vec![
            "diff",
            "--name-only",
            "-z",
            "--no-relative",
            "--no-renames",
            "--diff-filter=MT",
        ];
        if staged {
            cmd.push("--cached");
        }
        cmd.extend(["--end-of-options", rev, "--"]);
        cmd.extend(specs.iter().map(String::as_str));
        let out = git(&cmd)?.map_err(|e| {
            GitError::new(
                format!("cannot list the files changed since {rev}: {e}"),
                "run `git diff --name-only` to see what git says",
            )
        })?;
        for name in String::from_utf8_lossy(&out).split('\0') {
            let path = cwd_relative(name, prefix);
            if is_policy_path(name) && !gate::excluded_by_config(&path) {
                files.push((path, name.to_string()));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|(_, rel)| seen.insert(rel.clone()));
    Ok(files)
}

/// Reads one version from git (`git show SPEC`), decoded like a file.
fn git_source(
    spec: &str,
    name: &str,
    format: Format,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Result<Source, String>, GitError> {
    let bytes = match git(&["show", "--end-of-options", spec])? {
        Ok(b) => b,
        Err(e) => return Ok(Err(e)),
    };
    if bytes.len() as u64 > source::MAX_FILE_BYTES {
        return Ok(Err(SourceError::TooLarge {
            size: bytes.len() as u64,
            limit: source::MAX_FILE_BYTES,
        }
        .to_string()));
    }
    Ok(Source::from_bytes(name, &bytes, format, encoding).map_err(|e| e.to_string()))
}

/// `redline diff --git REV [PATH...]` and `--staged`: each policy file at REV (default
/// HEAD) against the working tree, or against the index with `--staged`.
fn diff_git_cmd(args: DiffArgs) -> i32 {
    if args.staged && args.git.is_none() && gate::unborn_head() {
        // Before the first commit every staged file is new, and added files have no other
        // version to compare with: nothing to report (a pre-commit hook must not fail).
        if args.format == DiffFormat::Json && !args.stat {
            return print_out(report::diff::json_files(&[]).as_bytes(), exit::OK);
        }
        let _ = writeln!(
            std::io::stderr(),
            "no commit yet: every staged file is new, nothing to compare"
        );
        return exit::OK;
    }
    let rev = args.git.clone().unwrap_or_else(|| "HEAD".to_string());
    match diff_git_reports(&rev, &args) {
        Ok((compared, failed)) => {
            let reports: Vec<_> = compared.iter().map(|(r, _, _)| r.clone()).collect();
            let out = match (args.stat, args.format) {
                (_, DiffFormat::Json) if !args.stat => report::diff::json_files(&reports),
                (true, _) => reports
                    .iter()
                    .map(report::diff::stat)
                    .collect::<Vec<_>>()
                    .join("\n"),
                (_, DiffFormat::Markdown) => reports
                    .iter()
                    .map(report::diff::markdown)
                    .collect::<Vec<_>>()
                    .join("\n"),
                (_, DiffFormat::Html) => report::html::diff::render(
                    &compared
                        .iter()
                        .map(|(report, old, new)| report::html::diff::DiffInput {
                            report,
                            old,
                            new,
                        })
                        .collect::<Vec<_>>(),
                ),
                _ => {
                    let color = color_enabled();
                    reports
                        .iter()
                        .map(|r| report::diff::human(r, color))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            };
            if reports.is_empty()
                && !failed
                && !matches!(args.format, DiffFormat::Json | DiffFormat::Html)
            {
                let _ = writeln!(
                    std::io::stderr(),
                    "no policy file (*.md, *.markdown, *.txt, *.html, *.htm) differs from {}",
                    if args.staged && args.git.is_none() {
                        "HEAD in the index".to_string()
                    } else {
                        report::safe::message(&rev).into_owned()
                    }
                );
            }
            let code = if failed {
                exit::ERROR
            } else {
                diff_exit(&reports, args.fail_on)
            };
            print_out(out.as_bytes(), code)
        }
        Err(e) => {
            e.print();
            exit::ERROR
        }
    }
}

/// One file compared by `--git`/`--staged`: its report, the old and the new version.
type Compared = (crate::diff::DiffReport, Source, Source);

/// The reports of `--git`/`--staged` with the two versions each compares, and whether some
/// file could not be compared (its error is already printed).
fn diff_git_reports(rev: &str, args: &DiffArgs) -> Result<(Vec<Compared>, bool), GitError> {
    let (prefix, toplevel) = git_location(
        "run redline diff --git inside a git working tree, or compare two files with `redline diff OLD NEW`",
    )?;
    verify_revision(rev, "--git HEAD~1", "")?;
    let files = git_files(rev, &args.paths, args.staged, &prefix, &toplevel)?;
    let err_color = std::io::stderr().is_terminal();
    let mut reports = Vec::new();
    let mut failed = false;
    for (path, rel) in files {
        let fail = |what: &str, error: &str| {
            let _ = std::io::stderr().write_all(
                report::human::render_input_error(
                    what,
                    error,
                    "the other files were still compared",
                    err_color,
                )
                .as_bytes(),
            );
        };
        let format = match args.input_format {
            Some(f) => Format::from(f),
            None => match source::format_for_path(Path::new(&rel)) {
                Ok(f) => f,
                Err(e) => {
                    fail(&path.display().to_string(), &e.to_string());
                    failed = true;
                    continue;
                }
            },
        };
        let old_spec = format!("{rev}:{rel}");
        let old = match git_source(&old_spec, &old_spec, format, args.encoding)? {
            Ok(s) => s,
            Err(e) => {
                let e = if e.contains("does not exist") || e.contains("exists on disk, but not in")
                {
                    format!("not in revision {rev} ({e})")
                } else {
                    e
                };
                fail(&old_spec, &e);
                failed = true;
                continue;
            }
        };
        let new = if args.staged {
            let spec = format!(":{rel}");
            match git_source(&spec, &format!("{rel} (staged)"), format, args.encoding)? {
                Ok(s) => s,
                Err(e) => {
                    fail(&format!("{rel} (staged)"), &e);
                    failed = true;
                    continue;
                }
            }
        } else {
            match read(&path, Some(format), args.encoding, source::MAX_FILE_BYTES) {
                Ok(s) => s,
                Err(e) => {
                    fail(&path.display().to_string(), &e.to_string());
                    failed = true;
                    continue;
                }
            }
        };
        reports.push((diff_sources(&old, &new, args), old, new));
    }
    Ok((reports, failed))
}

fn init_cmd(force: bool) -> i32 {
    let path = Path::new(config::FILE_NAME);
    if path.exists() && !force {
        return usage_error("redline.toml already exists here; pass --force to replace it");
    }
    // Write to a temporary file and rename: never a half-written configuration.
    let tmp = Path::new(".redline.toml.tmp");
    let written = std::fs::write(tmp, config::STARTER).and_then(|()| std::fs::rename(tmp, path));
    match written {
        Ok(()) => {
            let _ = writeln!(std::io::stdout(), "wrote {}", path.display());
            exit::OK
        }
        Err(e) => {
            let _ = std::fs::remove_file(tmp);
            usage_error(&format!("cannot write redline.toml: {e}"))
        }
    }
}

fn parse_cmd(args: ParseArgs) -> i32 {
    let source = match read(
        &args.file,
        args.input_format.map(Format::from),
        args.encoding,
        source::MAX_FILE_BYTES,
    ) {
        Ok(s) => s,
        Err(e) => {
            let path = args.file.display().to_string();
            let _ = std::io::stderr().write_all(
                report::human::render_input_error(
                    &path,
                    &e.to_string(),
                    "give a readable Markdown or text file (pass --encoding LABEL if the encoding was misdetected)",
                    std::io::stderr().is_terminal(),
                )
                .as_bytes(),
            );
            return exit::ERROR;
        }
    };
    let doc = crate::parse::parse(&source);
    let out = match args.format {
        AstFormat::Json => {
            // The encoding is a fact about the file, not the document: it leads the
            // document's own fields.
            let mut v = serde_json::Map::new();
            v.insert(
                "encoding".into(),
                serde_json::json!({
                    "name": source.encoding_name,
                    "origin": source.encoding_origin,
                }),
            );
            if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(&doc) {
                v.extend(fields);
            }
            let mut s = report::safe_json::to_string_pretty(&v).expect("the AST always serialises");
            s.push('\n');
            s
        }
        // The outline quotes the document: control characters as stand-ins.
        AstFormat::Tree => report::safe::message(&tree(&doc, &source)).into_owned(),
    };
    print_out(out.as_bytes(), exit::OK)
}

/// An indented outline of the document, one line per node, with line numbers.
fn tree(doc: &Document, source: &Source) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let line = |off: usize| source.line_col(off).0;
    let _ = writeln!(out, "document ({:?})", doc.format);
    let _ = writeln!(
        out,
        "  encoding: {} ({})",
        source.encoding_name,
        source.encoding_origin.as_str()
    );
    if let Some(t) = &doc.title {
        let _ = writeln!(out, "  title L{}: {}", line(t.span.start), t.text);
    }
    for d in &doc.metadata.dates {
        let _ = writeln!(
            out,
            "  date L{}: {} ({:?})",
            line(d.span.start),
            d.date,
            d.role
        );
    }
    if let Some(toc) = &doc.toc {
        let _ = writeln!(
            out,
            "  toc L{}: {} entries",
            line(toc.span.start),
            toc.entries.len()
        );
        for e in &toc.entries {
            let _ = writeln!(
                out,
                "    entry L{}: {}{} -> {}",
                line(e.span.start),
                e.number
                    .as_ref()
                    .map(|n| format!("{} ", n.text))
                    .unwrap_or_default(),
                e.title,
                match e.target {
                    None => "missing".to_string(),
                    Some(crate::ast::TocTarget::Title) => "title".to_string(),
                    Some(crate::ast::TocTarget::Section { index }) => format!("section #{index}"),
                }
            );
        }
    }
    for b in &doc.preamble {
        let _ = writeln!(out, "  {}", block_line(b, &line));
    }
    fn section(out: &mut String, s: &Section, depth: usize, line: &dyn Fn(usize) -> usize) {
        let pad = "  ".repeat(depth);
        let _ = writeln!(
            out,
            "{pad}section L{} level {}: {}{} {:?}",
            line(s.heading_span.start),
            s.level,
            s.number
                .as_ref()
                .map(|n| format!("{} ", n.text))
                .unwrap_or_default(),
            s.title,
            s.kinds
        );
        for b in &s.blocks {
            let _ = writeln!(out, "{pad}  {}", block_line(b, line));
        }
        for c in &s.children {
            section(out, c, depth + 1, line);
        }
    }
    for s in &doc.sections {
        section(&mut out, s, 1, &line);
    }
    out
}

fn block_line(b: &Block, line: &dyn Fn(usize) -> usize) -> String {
    let first = |s: &str| -> String {
        let short: String = s.chars().take(60).collect();
        if short.len() < s.len() {
            format!("{short}…")
        } else {
            short
        }
    };
    match b {
        Block::Paragraph(t) => format!("paragraph L{}: {}", line(t.span.start), first(&t.text)),
        Block::List { items, span } => format!("list L{}: {} items", line(span.start), items.len()),
        Block::Table { rows, span } => format!("table L{}: {} rows", line(span.start), rows.len()),
        Block::Quote { blocks, span } => {
            format!("quote L{}: {} blocks", line(span.start), blocks.len())
        }
    }
}
