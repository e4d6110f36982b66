//! `redline.toml`: discovery and schema.
//!
//! The file is found from the checked file's folder upward (the nearest one wins), or given
//! with `--config FILE`. Unknown keys and bad values are errors that name the file, line and
//! key (exit 2): a typo in a CI gate's configuration must not silently switch a rule off.
//! Command-line flags override the file.
//!
//! ```toml
//! profiles = ["gdpr", "ccpa"]      # built-in names or profile files (relative to this file)
//! today = "2026-11-30"             # pin "today" (otherwise --today, SOURCE_DATE_EPOCH, clock)
//! stale-after-days = 365
//! fail-on = "error"                # error | warning | info | never
//! exclude = ["README.md", "drafts/**"]  # never checked when found in a folder
//!
//! [rules]
//! select = ["S", "D", "C001"]     # codes, names or family letters; default: every rule
//! ignore = ["placeholder-text"]
//! severity = { stale-policy = "error", L001 = "off" }
//!
//! [organisation]                   # facts the contact and language rules check against
//! legal-name = "Example Ltd"
//! names = ["Example"]
//! domains = ["example.com"]
//! dpo-contact = "dpo@example.com"
//! postal-address = "1 Example Street, London"
//!
//! [[overrides]]                    # per-path settings (globs relative to this file)
//! paths = ["legacy/**"]
//! ignore = ["D001"]
//!
//! [diff]                           # the diff-aware rules of `check --base REV`
//! changelog = "CHANGELOG.md"       # P002: this file must change with a material change
//! notice-days = 30                 # P003: a material change takes effect 30+ days out
//! ```
//!
//! `max-file-size = "100M"` (bytes, or a number with K, M or G; see
//! [`crate::source::parse_size`]) raises or lowers the size limit for the files this
//! configuration governs; `check --max-file-size` overrides it.
//!
//! **Excludes** follow ruff: `exclude` globs apply to files found by walking a directory
//! (and to the files `diff --git` lists), never to a file named on the command line —
//! unless `check --force-exclude` is given, which pre-commit hooks pass because pre-commit
//! names every staged file. A pattern without `/` matches a file or folder name anywhere
//! below the configuration's folder (`README.md`, `drafts`); a pattern with `/` matches
//! the path relative to that folder (`legal/old/*.md`, `drafts/**`). A file is excluded
//! when it or one of its folders matches.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;

/// The configuration file name looked for.
pub const FILE_NAME: &str = "redline.toml";

/// What a severity setting may say: a severity, or `off` to disable the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as info.
    Info,
    /// Do not run the rule.
    Off,
}

impl Level {
    /// The severity, or `None` for `off`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }
}

/// `--fail-on` / `fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Exit 1 on errors.
    Error,
    /// Exit 1 on warnings or errors.
    Warning,
    /// Exit 1 on any finding.
    Info,
    /// Never exit 1 for findings.
    Never,
}

/// Rule selection and severities.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RulesConfig {
    /// Rules to run (codes, names, family letters); empty = all.
    #[serde(default)]
    pub select: Vec<Spanned<String>>,
    /// Rules not to run.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Severity per rule (code or name), or `off`.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Level>,
}

/// Facts about the organisation that publishes the policy.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Organisation {
    /// The controller's legal name ("Example Ltd").
    #[serde(default)]
    pub legal_name: Option<String>,
    /// Other names and brands it uses.
    #[serde(default)]
    pub names: Vec<String>,
    /// Its domains; contact addresses should be on one of them.
    #[serde(default)]
    pub domains: Vec<String>,
    /// The DPO's contact (e-mail or URL).
    #[serde(default)]
    pub dpo_contact: Option<String>,
    /// The controller's postal address.
    #[serde(default)]
    pub postal_address: Option<String>,
}

/// Per-path settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Glob patterns, relative to the configuration file's folder.
    pub paths: Vec<Spanned<String>>,
    /// Extra rules to skip for these paths.
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Severity changes for these paths.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Level>,
    /// Profiles for these paths (replace the top-level list).
    #[serde(default)]
    pub profiles: Option<Vec<String>>,
}

/// `[diff]`: settings of the diff-aware `P` rules, which run under `check --base REV`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DiffConfig {
    /// The changelog that must change in the same change as a material policy change
    /// (P002 `material-change-without-changelog`), relative to this file's folder. Unset:
    /// P002 reports nothing.
    #[serde(default)]
    pub changelog: Option<Spanned<String>>,
    /// Days of notice a material change needs: its effective date must be at least this
    /// many days after "today" (P003 `notice-period-too-short`). 0 or unset: P003 is off.
    #[serde(default)]
    pub notice_days: Option<Spanned<i64>>,
}

/// `max-file-size`: a number of bytes, or a string with a unit (`"100M"`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum SizeValue {
    /// Plain bytes.
    Bytes(i64),
    /// Bytes with an optional K/M/G (KiB/MiB/GiB) suffix.
    Text(String),
}

impl SizeValue {
    /// The size in bytes, or why it is not one.
    fn bytes(&self) -> Result<u64, String> {
        match self {
            SizeValue::Bytes(n) if *n > 0 => Ok(*n as u64),
            SizeValue::Bytes(n) => Err(format!(
                "`{n}` is not a usable size: it must be more than 0"
            )),
            SizeValue::Text(t) => crate::source::parse_size(t),
        }
    }
}

/// The whole file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Profiles (built-in names or files).
    #[serde(default)]
    pub profiles: Vec<String>,
    /// "Today" as `YYYY-MM-DD`.
    #[serde(default)]
    pub today: Option<Spanned<String>>,
    /// Days after which a policy is stale.
    #[serde(default)]
    pub stale_after_days: Option<Spanned<i64>>,
    /// Exit-code threshold.
    #[serde(default)]
    pub fail_on: Option<FailOn>,
    /// Rule selection.
    #[serde(default)]
    pub rules: RulesConfig,
    /// Organisation facts.
    #[serde(default)]
    pub organisation: Organisation,
    /// Per-path overrides.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// Globs of files and folders never checked when found by walking a directory (and,
    /// with `--force-exclude`, when named on the command line).
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Settings of the diff-aware rules (`check --base REV`).
    #[serde(default)]
    pub diff: DiffConfig,
    /// The largest file checked, in bytes (`1000000`) or with a suffix (`"100M"`); default
    /// [`crate::source::MAX_FILE_BYTES`]. Read it with [`Config::max_file_size`].
    #[serde(default)]
    pub max_file_size: Option<Spanned<SizeValue>>,
    /// Where the file is (set after loading; not a key).
    #[serde(skip)]
    pub path: PathBuf,
    /// The file's text, for error excerpts (set after loading).
    #[serde(skip)]
    pub text: String,
}

/// A configuration problem, with the place in the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", self.place())]
pub struct ConfigError {
    /// The configuration file.
    pub path: String,
    /// 1-based line (0 when the file could not be read).
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// What is wrong, naming the key.
    pub message: String,
    /// The file text, for the excerpt.
    pub text: String,
    /// Byte range of the problem.
    pub span: Option<std::ops::Range<usize>>,
}

impl ConfigError {
    /// `path:line:column`, or the path alone when there is no position in the file (line
    /// 0: a directory, an unreadable file).
    pub fn place(&self) -> String {
        if self.line == 0 {
            self.path.clone()
        } else {
            format!("{}:{}:{}", self.path, self.line, self.column)
        }
    }

    /// An error at a byte range of the file.
    pub fn at(path: &Path, text: &str, span: std::ops::Range<usize>, message: String) -> Self {
        let start = span.start.min(text.len());
        let line = text[..start].matches('\n').count() + 1;
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..start].chars().count() + 1;
        ConfigError {
            path: path.display().to_string(),
            line,
            column,
            message,
            text: text.to_string(),
            span: Some(span),
        }
    }
}

/// The largest `diff.notice-days` accepted: ten years. Anything above is a typo, and the
/// date arithmetic stays far from overflow.
pub const MAX_NOTICE_DAYS: i64 = 3650;

/// Finds the nearest `redline.toml` in `start` or its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let start = if start.is_absolute() {
        start.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(start)
    };
    // Rebuilt from its components, which drops `.` ones: `check policy.txt` looks from
    // `.`, and the file found is reported as `/work/redline.toml`, not `/work/./redline.toml`.
    let start: PathBuf = start.components().collect();
    // Anything called redline.toml counts, so that a directory or FIFO of that name is
    // reported by `load` rather than silently skipped; so does a symbolic link that leads
    // nowhere (or round in a loop), which `load` then reports (`exists` follows links,
    // and said no).
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| std::fs::symlink_metadata(p).is_ok())
}

/// Reads and validates a configuration file.
///
/// # Errors
/// [`ConfigError`] naming the file, line and key: unreadable file, malformed TOML, unknown
/// keys, wrong types, an invalid `today`, a negative `stale-after-days`, an unknown rule in
/// `select`/`ignore`/`severity`, an invalid glob.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let fail = |message: String| ConfigError {
        path: path.display().to_string(),
        line: 0,
        column: 0,
        message,
        text: String::new(),
        span: None,
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        match std::fs::read_link(path) {
            // A link that leads nowhere: say where it points.
            Ok(to) => fail(format!(
                "it is a symbolic link to {}, which cannot be read ({e}): fix or remove the link, or pass --config FILE or --no-config",
                to.display()
            )),
            Err(_) => fail(format!("cannot read the configuration file: {e}")),
        }
    })?;
    if meta.is_dir() {
        return Err(fail(format!(
            "this is a directory, not a configuration file: give the path of a {FILE_NAME} file (a folder named {FILE_NAME} is taken for one when redline looks for the configuration; rename it, or pass --config FILE or --no-config)"
        )));
    }
    if !meta.is_file() || meta.len() > crate::profiles::MAX_PROFILE_BYTES {
        return Err(fail(format!(
            "the configuration must be a regular file of at most {} bytes",
            crate::profiles::MAX_PROFILE_BYTES
        )));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| fail(format!("cannot read the configuration file: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(text) => parse(&text, path),
        Err(e) => {
            // Point at the first byte that is not UTF-8, in a lossy copy of the text.
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let start = valid.len();
            let end = text[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            Err(ConfigError::at(
                path,
                &text,
                start..end,
                "the configuration file is not UTF-8 text (TOML files must be UTF-8): save it as UTF-8"
                    .into(),
            ))
        }
    }
}

/// Parses and validates configuration text (see [`load`]).
///
/// # Errors
/// As [`load`].
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let mut config: Config = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        ConfigError::at(path, text, span, e.message().trim().to_string())
    })?;
    config.path = path.to_path_buf();
    config.text = text.to_string();
    validate(&config)?;
    Ok(config)
}

fn validate(c: &Config) -> Result<(), ConfigError> {
    let err =
        |span: std::ops::Range<usize>, msg: String| ConfigError::at(&c.path, &c.text, span, msg);
    if let Some(today) = &c.today
        && chrono::NaiveDate::parse_from_str(today.get_ref(), "%Y-%m-%d").is_err()
    {
        return Err(err(
            today.span(),
            format!(
                "`today` must be a date in the form YYYY-MM-DD, not `{}`",
                today.get_ref()
            ),
        ));
    }
    if let Some(days) = &c.stale_after_days
        && *days.get_ref() < 0
    {
        return Err(err(
            days.span(),
            "`stale-after-days` must be 0 or more".into(),
        ));
    }
    if let Some(days) = &c.diff.notice_days
        && !(0..=MAX_NOTICE_DAYS).contains(days.get_ref())
    {
        return Err(err(
            days.span(),
            format!("`diff.notice-days` must be between 0 and {MAX_NOTICE_DAYS}"),
        ));
    }
    if let Some(p) = &c.diff.changelog
        && p.get_ref().trim().is_empty()
    {
        return Err(err(
            p.span(),
            "`diff.changelog` must name a file (relative to this configuration's folder)".into(),
        ));
    }
    for p in &c.exclude {
        globset::Glob::new(p.get_ref())
            .map_err(|e| err(p.span(), format!("invalid glob in `exclude`: {e}")))?;
    }
    if let Some(size) = &c.max_file_size {
        size.get_ref()
            .bytes()
            .map_err(|e| err(size.span(), format!("invalid `max-file-size`: {e}")))?;
    }
    let check_rule = |s: &Spanned<String>, key: &str| -> Result<(), ConfigError> {
        if crate::rules::registry::select(s.get_ref()).is_empty() {
            Err(err(
                s.span(),
                format!(
                    "unknown rule `{}` in `{key}`: use a code (S001), a name (toc-entry-missing) or a family letter (S, R, D, C, X, L); `redline rules` lists them",
                    s.get_ref()
                ),
            ))
        } else {
            Ok(())
        }
    };
    for s in &c.rules.select {
        check_rule(s, "rules.select")?;
    }
    for s in &c.rules.ignore {
        check_rule(s, "rules.ignore")?;
    }
    for s in c.rules.severity.keys() {
        check_rule(s, "rules.severity")?;
    }
    for o in &c.overrides {
        for p in &o.paths {
            globset::Glob::new(p.get_ref())
                .map_err(|e| err(p.span(), format!("invalid glob in `overrides.paths`: {e}")))?;
        }
        for s in &o.ignore {
            check_rule(s, "overrides.ignore")?;
        }
        for s in o.severity.keys() {
            check_rule(s, "overrides.severity")?;
        }
    }
    Ok(())
}

impl Config {
    /// The folder the configuration applies from.
    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// Whether `file` (relative to the current folder, or absolute) matches an `exclude`
    /// glob: its path relative to this file's folder, or that of one of its folders,
    /// matches a pattern with `/`; its name, or one of its folders' names, matches a
    /// pattern without `/` (module docs).
    pub fn is_excluded(&self, file: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        Excludes::new(
            self.exclude.iter().map(|p| p.get_ref().as_str()),
            self.dir(),
        )
        .is_ok_and(|x| x.is_excluded(file))
    }

    /// The `max-file-size` in bytes, when set (validated on loading).
    pub fn max_file_size(&self) -> Option<u64> {
        self.max_file_size
            .as_ref()
            .and_then(|s| s.get_ref().bytes().ok())
    }

    /// The overrides whose globs match `file`.
    pub fn overrides_for(&self, file: &Path) -> Vec<&Override> {
        let abs = if file.is_absolute() {
            file.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(file))
                .unwrap_or_else(|_| file.to_path_buf())
        };
        let rel = abs.strip_prefix(self.dir()).unwrap_or(&abs).to_path_buf();
        self.overrides
            .iter()
            .filter(|o| {
                o.paths.iter().any(|p| {
                    globset::Glob::new(p.get_ref())
                        .map(|g| g.compile_matcher().is_match(&rel))
                        .unwrap_or(false)
                })
            })
            .collect()
    }
}

/// A compiled set of exclude globs, relative to a folder: the configuration's `exclude`
/// (relative to the configuration's folder) and `check --exclude` (relative to the current
/// folder) match the same way (module docs, "Excludes").
#[derive(Debug, Clone)]
pub struct Excludes {
    /// The folder patterns with `/` are relative to, absolute.
    dir: PathBuf,
    /// Patterns with `/`: matched against the path relative to `dir`.
    with_slash: globset::GlobSet,
    /// Patterns without `/`: matched against each file and folder name.
    without: globset::GlobSet,
    /// Whether there is any pattern.
    any: bool,
}

impl Excludes {
    /// Compiles `patterns`, relative to `dir`.
    ///
    /// # Errors
    /// The first invalid glob.
    pub fn new<'a>(
        patterns: impl IntoIterator<Item = &'a str>,
        dir: &Path,
    ) -> Result<Excludes, globset::Error> {
        let (mut with_slash, mut without) = (
            globset::GlobSetBuilder::new(),
            globset::GlobSetBuilder::new(),
        );
        let mut any = false;
        for p in patterns {
            let pattern = p.trim_start_matches("./").trim_end_matches('/');
            let glob = globset::Glob::new(pattern)?;
            any = true;
            if pattern.contains('/') {
                with_slash.add(glob);
            } else {
                without.add(glob);
            }
        }
        Ok(Excludes {
            dir: absolute(dir),
            with_slash: with_slash.build()?,
            without: without.build()?,
            any,
        })
    }

    /// Whether `file` (relative to the current folder, or absolute), or one of its folders
    /// below [`Excludes`]' folder, matches.
    pub fn is_excluded(&self, file: &Path) -> bool {
        if !self.any {
            return false;
        }
        let abs = absolute(file);
        let rel = abs.strip_prefix(&self.dir).unwrap_or(&abs);
        rel.ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| {
                self.with_slash.is_match(a)
                    || a.file_name()
                        .is_some_and(|name| self.without.is_match(name))
            })
    }
}

/// `path` made absolute against the current folder, with `.` and `..` resolved lexically
/// (the file may not exist, e.g. a staged file deleted from the working tree).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A commented starter file, written by `redline init`.
pub const STARTER: &str = r#"# redline configuration. Found from the checked file's folder upward, or given with
# --config FILE. Command-line flags override it. `redline rules` lists every rule.

# Legal profiles to check against: generic (default), gdpr, uk-gdpr, ccpa, caloppa,
# pdpa-sg, pipl, lgpd, pipeda, coppa, or a path to your own profile file.
profiles = ["generic"]

# Days after which a policy's newest date makes it stale (CCPA: update every 12 months).
stale-after-days = 365

# Lowest severity that fails the run (exit code 1): error, warning, info or never.
fail-on = "error"

# Pin "today" for reproducible runs (otherwise --today, SOURCE_DATE_EPOCH or the clock).
# today = "2026-11-30"

# Files and folders never checked when a folder is walked (and, with --force-exclude,
# even when named on the command line, as pre-commit does). A pattern without / matches
# a name anywhere; one with / matches the path relative to this file.
# exclude = ["README.md", "CHANGELOG.md", "drafts/**"]

# Inputs larger than this are refused (bytes, or a number with K, M or G: powers of
# 1024); default 64M. --max-file-size overrides it.
# max-file-size = "64M"

[rules]
# Run only these rules (codes, names or family letters). Empty means all.
select = []
# Skip these rules.
ignore = []
# Change a rule's severity, or switch it off.
# severity = { stale-policy = "error", mixed-language = "off" }

[organisation]
# Facts the contact and language rules check the policy's prose against.
# legal-name = "Example Ltd"
# names = ["Example"]
# domains = ["example.com"]
# dpo-contact = "dpo@example.com"
# postal-address = "1 Example Street, London EC1A 1AA"

# Per-path settings; globs are relative to this file.
# [[overrides]]
# paths = ["legacy/**"]
# ignore = ["stale-policy"]

# The diff-aware rules of `redline check --base REV` (P001-P003).
# [diff]
# changelog = "CHANGELOG.md"   # P002: must change along with a material policy change
# notice-days = 30             # P003: a material change must take effect 30+ days later
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Config, ConfigError> {
        parse(s, Path::new("redline.toml"))
    }

    #[test]
    fn starter_is_valid() {
        let c = parse_str(STARTER).unwrap();
        assert_eq!(c.profiles, ["generic"]);
        assert_eq!(c.fail_on, Some(FailOn::Error));
    }

    #[test]
    fn unknown_key_is_an_error_with_line_and_key() {
        let e = parse_str("profiles = [\"gdpr\"]\n\n[rules]\nselekt = [\"S001\"]\n").unwrap_err();
        assert_eq!(e.line, 4);
        assert_eq!(e.column, 1);
        assert!(
            e.message.contains("unknown field `selekt`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn bad_values_are_errors() {
        let e = parse_str("today = \"30/11/2026\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (1, 9));
        assert!(e.message.contains("YYYY-MM-DD"));
        let e = parse_str("fail-on = \"sometimes\"\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("sometimes"), "{}", e.message);
        let e = parse_str("[rules]\nignore = [\"S001\", \"no-such-rule\"]\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 19));
        assert!(e.message.contains("no-such-rule"));
        let e = parse_str("stale-after-days = -3\n").unwrap_err();
        assert_eq!(e.line, 1);
        let e = parse_str("[diff]\nnotice-days = -1\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 15));
        assert!(e.message.contains("notice-days"), "{}", e.message);
        let e = parse_str("[diff]\nnotice_days = 30\n").unwrap_err();
        assert!(
            e.message.contains("unknown field `notice_days`"),
            "{}",
            e.message
        );
        let e = parse_str("exclude = [\"a/[b\"]\n").unwrap_err();
        assert!(
            e.message.contains("invalid glob in `exclude`"),
            "{}",
            e.message
        );
    }

    #[test]
    fn diff_settings_are_read() {
        let c = parse_str("[diff]\nchangelog = \"CHANGELOG.md\"\nnotice-days = 30\n").unwrap();
        assert_eq!(c.diff.changelog.unwrap().get_ref(), "CHANGELOG.md");
        assert_eq!(*c.diff.notice_days.unwrap().get_ref(), 30);
    }

    #[test]
    fn excludes_match_names_anywhere_and_paths_from_the_config() {
        let dir = std::env::temp_dir().join("redline-config-exclude-test");
        let c = parse(
            "exclude = [\"README.md\", \"drafts\", \"legal/old/*.md\", \"archive/**\"]\n",
            &dir.join("redline.toml"),
        )
        .unwrap();
        for (path, excluded) in [
            ("README.md", true),
            ("docs/README.md", true),
            ("drafts/privacy.md", true),
            ("docs/drafts/v2/privacy.md", true),
            ("legal/old/privacy.md", true),
            ("legal/old/v1/privacy.md", true),
            ("archive/2020/privacy.md", true),
            ("legal/privacy.md", false),
            ("other/legal/old/privacy.md", false),
            ("privacy.md", false),
            ("README.markdown", false),
        ] {
            assert_eq!(c.is_excluded(&dir.join(path)), excluded, "{path}");
        }
        // `..` is resolved before matching.
        assert!(c.is_excluded(&dir.join("legal/../README.md")));
        assert!(!parse_str("").unwrap().is_excluded(Path::new("README.md")));
    }
}
