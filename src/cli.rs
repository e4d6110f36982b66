//! The command line: clap definitions and dispatch. The only module that prints.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::ast::{Block, Document, Format, Section};
use crate::diagnostic::Severity;
use crate::exit;
use crate::lint::{LintOptions, lint};
use crate::report::{self, FileResult};
use crate::rules::dates::stale_policy::DEFAULT_STALE_AFTER_DAYS;
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
    /// Check policy files (and directories, walked for *.md, *.markdown, *.txt).
    Check(CheckArgs),
    /// Parse one file and print its AST.
    Parse(ParseArgs),
    /// List every rule.
    Rules(RulesArgs),
    /// Print a rule's documentation (by code or name).
    Explain {
        /// A rule code (`S001`) or name (`toc-entry-missing`).
        rule: String,
    },
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
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    fail_on: FailOn,
    /// Parse every file as this format instead of going by extension.
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// Days after which a policy counts as stale.
    #[arg(long, default_value_t = DEFAULT_STALE_AFTER_DAYS, value_name = "DAYS")]
    stale_after: i64,
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
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutputFormat {
    Human,
    Json,
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
}

impl From<InputFormat> for Format {
    fn from(f: InputFormat) -> Format {
        match f {
            InputFormat::Text => Format::Text,
            InputFormat::Markdown => Format::Markdown,
        }
    }
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("`{s}` is not a date in the form YYYY-MM-DD: {e}"))
}

/// "Today": `--today`, else `SOURCE_DATE_EPOCH` (reproducible-builds.org convention), else
/// the system clock (UTC).
fn today(flag: Option<NaiveDate>) -> Result<NaiveDate, String> {
    if let Some(d) = flag {
        return Ok(d);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
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
pub const POLICY_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// Expands the paths: files as given, directories walked (respecting .gitignore, skipping
/// hidden files) for [`POLICY_EXTENSIONS`], sorted. A directory with no policy file, or a
/// walk error, becomes a failed entry.
fn expand(paths: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, String)>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            for entry in ignore::WalkBuilder::new(p).build() {
                match entry {
                    Ok(e) => {
                        let path = e.path();
                        let is_policy = e.file_type().is_some_and(|t| t.is_file())
                            && path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                                POLICY_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str())
                            });
                        if is_policy {
                            found.push(path.to_path_buf());
                        }
                    }
                    Err(e) => out.push(Err((p.clone(), e.to_string()))),
                }
            }
            if found.is_empty() {
                out.push(Err((
                    p.clone(),
                    "no policy files (*.md, *.markdown, *.txt) in this directory".to_string(),
                )));
            }
            found.sort();
            out.extend(found.into_iter().map(Ok));
        } else {
            out.push(Ok(p.clone()));
        }
    }
    out
}

fn read(path: &Path, format: Option<Format>) -> Result<Source, SourceError> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(source::MAX_FILE_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| SourceError::Unreadable(e.to_string()))?;
        if bytes.len() as u64 > source::MAX_FILE_BYTES {
            return Err(SourceError::TooLarge {
                size: bytes.len() as u64,
                limit: source::MAX_FILE_BYTES,
            });
        }
        let text = source::decode(&bytes)?;
        return Ok(Source::from_text(
            "-",
            &text,
            format.unwrap_or(Format::Text),
        ));
    }
    source::read_source(path, format)
}

/// Runs the command line and returns the exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Parse(args) => parse_cmd(args),
        Command::Rules(args) => rules_cmd(args),
        Command::Explain { rule } => explain_cmd(&rule),
    }
}

fn rules_cmd(args: RulesArgs) -> i32 {
    use crate::rules::registry;
    let out = match args.format {
        RulesFormat::Human => registry::all()
            .iter()
            .map(|m| {
                format!(
                    "{}  {:<28} {:<8} {}\n",
                    m.code, m.name, m.default_severity, m.summary
                )
            })
            .collect::<String>(),
        RulesFormat::Json => {
            let mut s =
                serde_json::to_string_pretty(&registry::all()).expect("rule metadata serialises");
            s.push('\n');
            s
        }
        RulesFormat::Markdown => registry::markdown_table(),
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    exit::OK
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
                m.docs
                    .lines()
                    .map(|l| l.strip_prefix(' ').unwrap_or(l))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
            let _ = std::io::stdout().lock().write_all(out.as_bytes());
            exit::OK
        }
        None => usage_error(&format!(
            "no rule is called `{rule}`; `redline rules` lists them"
        )),
    }
}

fn usage_error(msg: &str) -> i32 {
    let _ = writeln!(std::io::stderr(), "error: {msg}");
    exit::ERROR
}

fn check(args: CheckArgs) -> i32 {
    let today = match today(args.today) {
        Ok(d) => d,
        Err(e) => return usage_error(&e),
    };
    let options = LintOptions {
        today,
        stale_after_days: args.stale_after,
    };
    let format = args.input_format.map(Format::from);
    let mut results = Vec::new();
    for item in expand(&args.paths) {
        match item {
            Ok(path) => match read(&path, format) {
                Ok(source) => {
                    let checked = lint(&source, &options);
                    results.push(FileResult::Checked {
                        source,
                        diagnostics: checked.diagnostics,
                    });
                }
                Err(e) => results.push(FileResult::Failed {
                    path: path.display().to_string(),
                    error: e.to_string(),
                }),
            },
            Err((path, error)) => results.push(FileResult::Failed {
                path: path.display().to_string(),
                error,
            }),
        }
    }
    let color = color_enabled();
    let text = match args.format {
        OutputFormat::Human => {
            let mut err = std::io::stderr().lock();
            for r in &results {
                if let FileResult::Failed { path, error } = r {
                    let _ = err.write_all(
                        report::human::render_error(
                            path,
                            error,
                            color && std::io::stderr().is_terminal(),
                        )
                        .as_bytes(),
                    );
                }
            }
            report::human::render(&results, color)
        }
        OutputFormat::Json => report::json::render(&results),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    exit_code(&results, args.fail_on)
}

fn exit_code(results: &[FileResult], fail_on: FailOn) -> i32 {
    if results
        .iter()
        .any(|r| matches!(r, FileResult::Failed { .. }))
    {
        return exit::ERROR;
    }
    let threshold = match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
        FailOn::Never => return exit::OK,
    };
    let failing = results.iter().any(|r| match r {
        FileResult::Checked { diagnostics, .. } => {
            diagnostics.iter().any(|d| d.severity >= threshold)
        }
        FileResult::Failed { .. } => false,
    });
    if failing { exit::FINDINGS } else { exit::OK }
}

fn parse_cmd(args: ParseArgs) -> i32 {
    let source = match read(&args.file, args.input_format.map(Format::from)) {
        Ok(s) => s,
        Err(e) => {
            let path = args.file.display().to_string();
            let _ = std::io::stderr().write_all(
                report::human::render_error(&path, &e.to_string(), std::io::stderr().is_terminal())
                    .as_bytes(),
            );
            return exit::ERROR;
        }
    };
    let doc = crate::parse::parse(&source);
    let out = match args.format {
        AstFormat::Json => {
            let mut s = serde_json::to_string_pretty(&doc).expect("the AST always serialises");
            s.push('\n');
            s
        }
        AstFormat::Tree => tree(&doc, &source),
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    exit::OK
}

/// An indented outline of the document, one line per node, with line numbers.
fn tree(doc: &Document, source: &Source) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let line = |off: usize| source.line_col(off).0;
    let _ = writeln!(out, "document ({:?})", doc.format);
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
