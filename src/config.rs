//! Configuration: defaults, then `transcript-ls.toml`, then editor settings.
//!
//! One typed `Config` comes out, whoever asks: the command line and the server
//! read the same file, so CI and editors agree. Problems in the user's
//! settings (an unknown key, a wrong type) become warnings that name the key
//! and where it came from; they never stop the program. A file that cannot
//! be read, or is not TOML at all, is another matter: none of its settings
//! can be trusted, so it is a `ConfigError`, and the caller decides what a
//! file it governs becomes (the command line fails it; an editor analyses it
//! with the defaults and marks the config file).
//!
//! The file and the editor's settings share one set of keys, so both are read
//! by one walker over a `serde_json::Value` (the TOML is converted first).
//! Walking the value by hand, rather than deserialising into structs, lets a
//! bad key be reported on its own while every good key beside it still
//! applies.
//!
//! ```toml
//! include = ["interviews/**"]
//! exclude = ["drafts/**"]
//!
//! [severity]
//! count = "warning"
//! spelled-count = "off"
//!
//! [citations]
//! numbered = false
//! ```

use crate::transcript::{self, Format, SpeakerHints};
use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use serde_json::{Map, Value};

use crate::analysis::{Settings, Severity};
use crate::figures::FigureKind;

/// The file name looked for in a transcript's folder and its ancestors.
pub const FILE_NAME: &str = "transcript-ls.toml";

/// Everything the user can configure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub analysis: Settings,
    /// Globs of files to check (relative to the config file's folder); empty means all.
    pub include: Vec<String>,
    /// Globs of files never to check.
    pub exclude: Vec<String>,
    /// The config file these settings were read from, if any.
    pub source: Option<PathBuf>,
    /// Settings for some files only (`[files."calls/*.txt"]`), in order.
    pub files: Vec<FileSection>,
}

/// Settings for the files that one glob matches, over the folder's.
#[derive(Debug, Clone)]
pub struct FileSection {
    /// Relative to the config file's folder, as `include` globs are.
    pub glob: String,
    /// `glob`, compiled once when the configuration is read: sections are
    /// matched on every analysis of a file.
    matcher: GlobMatcher,
    pub format: Option<Format>,
    pub speakers: SpeakersPatch,
}

/// Sections are the same when their settings are: the matcher follows from
/// the glob.
impl PartialEq for FileSection {
    fn eq(&self, other: &Self) -> bool {
        self.glob == other.glob && self.format == other.format && self.speakers == other.speakers
    }
}

/// The `speakers` keys that one table sets; the others stay as they were.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakersPatch {
    pub shape: Option<String>,
    pub aliases: Option<Vec<(String, String)>>,
    pub askers: Option<Vec<String>>,
}

impl SpeakersPatch {
    fn apply(&self, hints: &mut SpeakerHints) {
        if let Some(shape) = &self.shape {
            hints.shape = Some(shape.clone());
        }
        if let Some(aliases) = &self.aliases {
            hints.aliases = aliases.clone();
        }
        if let Some(askers) = &self.askers {
            hints.askers = askers.clone();
        }
    }
}

/// A problem in the user's configuration, reported and otherwise ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWarning {
    /// The file the setting came from, or `LSP settings`.
    pub origin: String,
    /// The dotted key (`severity.count`); empty when the problem is the
    /// whole value (editor settings that are no table, or a file that
    /// cannot be used, which the editor reports as a warning too).
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for ConfigWarning {
    /// `FILE: key: message`, the form the command line prints after
    /// `transcript-ls: warning: `.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.key.is_empty() {
            write!(f, "{}: {}", self.origin, self.message)
        } else {
            write!(f, "{}: {}: {}", self.origin, self.key, self.message)
        }
    }
}

/// A config file that cannot be used at all: it could not be read, or it
/// is not TOML. Unlike a `ConfigWarning`, nothing in it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, as it was named or found.
    pub path: PathBuf,
    pub kind: ConfigErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigErrorKind {
    /// The file could not be read: why, in a few words (`io_reason`).
    Unreadable(String),
    /// The file is not TOML.
    Syntax(SyntaxError),
}

/// A TOML syntax error, with what an editor needs to point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// The parser's message, trimmed.
    pub message: String,
    /// Where the error is, as a byte range of `text`, when the parser says.
    pub span: Option<Range<usize>>,
    /// The text that failed to parse: a position in it depends on the
    /// encoding the reader counts columns in, which only the reader knows.
    pub text: String,
}

impl SyntaxError {
    /// The 1-based line the error is on, when known.
    pub fn line(&self) -> Option<usize> {
        let span = self.span.as_ref()?;
        let start = span.start.min(self.text.len());
        Some(
            self.text.as_bytes()[..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1,
        )
    }
}

impl std::fmt::Display for SyntaxError {
    /// `not valid TOML (line 3): MESSAGE`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line() {
            Some(line) => write!(f, "not valid TOML (line {line}): {}", self.message),
            None => write!(f, "not valid TOML: {}", self.message),
        }
    }
}

impl std::fmt::Display for ConfigErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigErrorKind::Unreadable(why) => f.write_str(why),
            ConfigErrorKind::Syntax(e) => e.fmt(f),
        }
    }
}

impl std::fmt::Display for ConfigError {
    /// `FILE: reason`, the form the command line prints after
    /// `transcript-ls: error: `.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.kind)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Defaults, overlaid with the nearest `transcript-ls.toml` found by
    /// walking up from `file`'s folder; an error when that file cannot be
    /// used.
    pub fn discover(file: &Path) -> Result<(Config, Vec<ConfigWarning>), ConfigError> {
        match nearest_file(file) {
            Some(found) => Config::load(&found),
            None => Ok((Config::default(), Vec::new())),
        }
    }

    /// Defaults, overlaid with the config file at `path`, with the warnings
    /// its settings drew; an error when it cannot be read or is not TOML.
    pub fn load(path: &Path) -> Result<(Config, Vec<ConfigWarning>), ConfigError> {
        let error = |kind| ConfigError {
            path: path.to_path_buf(),
            kind,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| error(ConfigErrorKind::Unreadable(crate::reason::io_reason(&e))))?;
        let mut config = Config {
            source: Some(std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())),
            ..Config::default()
        };
        let warnings = config
            .apply_toml(&text, &path.display().to_string())
            .map_err(|e| error(ConfigErrorKind::Syntax(e)))?;
        Ok((config, warnings))
    }

    /// Overlays settings written as TOML (the config file's contents). Text
    /// that is not TOML changes nothing and is an error.
    pub fn apply_toml(
        &mut self,
        text: &str,
        origin: &str,
    ) -> Result<Vec<ConfigWarning>, SyntaxError> {
        let table = text.parse::<toml::Table>().map_err(|e| SyntaxError {
            message: e.message().trim().to_string(),
            span: e.span(),
            text: text.to_string(),
        })?;
        Ok(self.apply_json(&toml_to_json(toml::Value::Table(table)), origin))
    }

    /// Overlays settings sent by an editor (`initializationOptions` or the
    /// `transcript` section of `workspace/didChangeConfiguration`), which use
    /// the same keys as the file.
    pub fn apply_json(&mut self, value: &serde_json::Value, origin: &str) -> Vec<ConfigWarning> {
        let mut walker = Walker {
            origin,
            warnings: Vec::new(),
        };
        match value {
            // Editors send `null` when the user set nothing.
            Value::Null => {}
            Value::Object(map) => walker.root(self, map),
            other => walker.wrong_type("", "a table of settings", other),
        }
        walker.warnings
    }

    /// The analysis settings for the file at `path`: the folder's, then
    /// those of every `[files."…"]` section whose glob matches it, then
    /// what its extension says of its format (`Settings::for_path`).
    pub fn settings_for(&self, path: &Path) -> Settings {
        let mut settings = self.analysis.clone();
        if !self.files.is_empty() {
            let relative = relative_to(self.base().as_deref(), path);
            for section in self.files.iter().filter(|s| s.matcher.is_match(&relative)) {
                if let Some(format) = section.format {
                    settings.format = Some(format);
                }
                section.speakers.apply(&mut settings.speakers);
            }
        }
        settings.for_path(&path.to_string_lossy())
    }

    /// The folder globs are relative to: the config file's.
    fn base(&self) -> Option<PathBuf> {
        self.source
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
    }

    /// Whether `path` is to be checked under the include/exclude globs.
    pub fn includes(&self, path: &Path) -> bool {
        self.file_filter().includes(path)
    }

    /// The include/exclude globs compiled once, for deciding about many files.
    pub fn file_filter(&self) -> FileFilter {
        FileFilter {
            base: self.base(),
            include: (!self.include.is_empty()).then(|| glob_set(&self.include)),
            exclude: glob_set(&self.exclude),
        }
    }
}

/// The names `format` takes, for messages.
const FORMAT_NAMES: &str = "plain, webvtt (vtt), subrip (srt)";

/// The nearest `transcript-ls.toml` in `file`'s folder or above it.
pub fn nearest_file(file: &Path) -> Option<PathBuf> {
    let file = std::path::absolute(file).ok()?;
    let start = if file.is_dir() {
        file.as_path()
    } else {
        file.parent()?
    };
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Compiled include/exclude globs (see [`Config::file_filter`]).
#[derive(Debug, Clone)]
pub struct FileFilter {
    /// The folder globs are relative to: the config file's.
    base: Option<PathBuf>,
    /// `None` when every file is included.
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl FileFilter {
    /// Whether any include glob was given (otherwise the command line picks
    /// files by extension).
    pub fn has_include(&self) -> bool {
        self.include.is_some()
    }

    pub fn includes(&self, path: &Path) -> bool {
        let relative = self.relative(path);
        let included = self
            .include
            .as_ref()
            .is_none_or(|set| set.is_match(&relative));
        included && !self.exclude.is_match(&relative)
    }

    /// Whether `path` is excluded by a glob.
    pub fn excludes(&self, path: &Path) -> bool {
        self.exclude.is_match(self.relative(path))
    }

    fn relative(&self, path: &Path) -> PathBuf {
        relative_to(self.base.as_deref(), path)
    }
}

/// `path` relative to `base` (the config file's folder) when it lies
/// inside it.
fn relative_to(base: Option<&Path>, path: &Path) -> PathBuf {
    let Some(base) = base else {
        return path.to_path_buf();
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match absolute.strip_prefix(base) {
        Ok(rel) => rel.to_path_buf(),
        Err(_) => absolute,
    }
}

/// Compiles globs that were validated when the config was read; an invalid
/// one (set directly in code) is skipped rather than failing.
fn glob_set(patterns: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        if let Ok(glob) = compile_glob(pattern) {
            builder.add(glob);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// A glob as `.gitignore` reads it: `*` stays within one folder, and a
/// pattern without a `/` matches a name at any depth (`*.vtt`).
fn compile_glob(pattern: &str) -> Result<Glob, globset::Error> {
    let trimmed = pattern.trim_start_matches("./");
    let anchored = if trimmed.contains('/') {
        trimmed.trim_start_matches('/').to_string()
    } else {
        format!("**/{trimmed}")
    };
    GlobBuilder::new(&anchored).literal_separator(true).build()
}

/// Walks a settings value, applying each good key and noting each bad one.
struct Walker<'a> {
    origin: &'a str,
    warnings: Vec<ConfigWarning>,
}

const SEVERITY_NAMES: &str = "error, warning, information, hint or off";

/// The keys of the top level, for messages.
const ROOT_KEYS: &str = "severity, citations, include, exclude, format, speakers, files, ignore";

impl Walker<'_> {
    fn root(&mut self, config: &mut Config, map: &Map<String, Value>) {
        for (key, value) in map {
            match key.as_str() {
                "severity" => self.severity(&mut config.analysis, value),
                "citations" => self.citations(&mut config.analysis, value),
                "include" => {
                    if let Some(globs) = self.globs("include", value) {
                        config.include = globs;
                    }
                }
                "exclude" => {
                    if let Some(globs) = self.globs("exclude", value) {
                        config.exclude = globs;
                    }
                }
                "format" => {
                    if let Some(format) = self.format("format", value) {
                        config.analysis.format = Some(format);
                    }
                }
                "speakers" => {
                    self.speakers("speakers", value)
                        .apply(&mut config.analysis.speakers);
                }
                "files" => self.files(config, value),
                "ignore" => {
                    // A blank phrase would match nothing: it is reported too.
                    let phrases = self.strings("ignore", value, "phrase", |p| !p.trim().is_empty());
                    if let Some(phrases) = phrases {
                        config.analysis.ignore = phrases;
                    }
                }
                _ => self.unknown(key, ROOT_KEYS),
            }
        }
    }

    fn format(&mut self, key: &str, value: &Value) -> Option<Format> {
        let Some(name) = value.as_str() else {
            self.wrong_type(key, &format!("a string: {FORMAT_NAMES}"), value);
            return None;
        };
        let format = Format::from_name(name);
        if format.is_none() {
            self.warn(
                key,
                format!("unknown format \"{name}\", expected {FORMAT_NAMES}"),
            );
        }
        format
    }

    /// `[speakers]`: the label shape, aliases and who asks.
    fn speakers(&mut self, key: &str, value: &Value) -> SpeakersPatch {
        let mut patch = SpeakersPatch::default();
        let Some(map) = self.table(key, value) else {
            return patch;
        };
        for (name, value) in map {
            let item = format!("{key}.{name}");
            match name.as_str() {
                "shape" => match value.as_str() {
                    Some(shape) if transcript::is_label_shape(shape) => {
                        patch.shape = Some(shape.to_string());
                    }
                    Some(shape) => {
                        let known: Vec<_> = transcript::label_shapes().collect();
                        self.warn(
                            &item,
                            format!(
                                "unknown label shape \"{shape}\", expected one of {}",
                                known.join(", ")
                            ),
                        );
                    }
                    None => self.wrong_type(&item, "a string naming a label shape", value),
                },
                "aliases" => {
                    let Some(table) = self.table(&item, value) else {
                        continue;
                    };
                    let mut aliases = Vec::new();
                    for (alias, speaker) in table {
                        match speaker.as_str() {
                            Some(speaker) => aliases.push((alias.clone(), speaker.to_string())),
                            None => self.wrong_type(
                                &format!("{item}.{alias}"),
                                "a string: the speaker's name",
                                speaker,
                            ),
                        }
                    }
                    patch.aliases = Some(aliases);
                }
                "askers" => {
                    if let Some(askers) = self.strings(&item, value, "speaker name", |_| true) {
                        patch.askers = Some(askers);
                    }
                }
                _ => self.unknown(&item, "shape, aliases, askers"),
            }
        }
        patch
    }

    /// `[files."GLOB"]`: `format` and `speakers` for the files a glob
    /// matches.
    fn files(&mut self, config: &mut Config, value: &Value) {
        let Some(map) = self.table("files", value) else {
            return;
        };
        for (glob, value) in map {
            let key = format!("files.{glob:?}");
            let matcher = match compile_glob(glob) {
                Ok(g) => g.compile_matcher(),
                Err(e) => {
                    self.warn(&key, format!("invalid glob: {}", e.kind()));
                    continue;
                }
            };
            let Some(table) = self.table(&key, value) else {
                continue;
            };
            let mut section = FileSection {
                glob: glob.clone(),
                matcher,
                format: None,
                speakers: SpeakersPatch::default(),
            };
            for (name, value) in table {
                let item = format!("{key}.{name}");
                match name.as_str() {
                    "format" => section.format = self.format(&item, value),
                    "speakers" => section.speakers = self.speakers(&item, value),
                    _ => self.unknown(&item, "format, speakers"),
                }
            }
            config.files.push(section);
        }
    }

    fn severity(&mut self, settings: &mut Settings, value: &Value) {
        let Some(map) = self.table("severity", value) else {
            return;
        };
        for (name, value) in map {
            let key = format!("severity.{name}");
            let Some(kind) = FigureKind::from_name(name) else {
                let kinds: Vec<_> = FigureKind::ALL.iter().map(|k| k.as_str()).collect();
                self.unknown(&key, &kinds.join(", "));
                continue;
            };
            let Some(level) = value.as_str() else {
                self.wrong_type(&key, &format!("a string: {SEVERITY_NAMES}"), value);
                continue;
            };
            match Severity::from_name(level) {
                Some(severity) => settings.severity[kind as usize] = severity,
                None => self.warn(
                    &key,
                    format!("unknown severity \"{level}\", expected {SEVERITY_NAMES}"),
                ),
            }
        }
    }

    fn citations(&mut self, settings: &mut Settings, value: &Value) {
        let Some(map) = self.table("citations", value) else {
            return;
        };
        for (name, value) in map {
            let key = format!("citations.{name}");
            let slot = match name.as_str() {
                "pandoc" => &mut settings.markers.pandoc,
                "footnote" => &mut settings.markers.footnote,
                "numbered" => &mut settings.markers.numbered,
                _ => {
                    self.unknown(&key, "pandoc, footnote, numbered");
                    continue;
                }
            };
            match value.as_bool() {
                Some(on) => *slot = on,
                None => self.wrong_type(&key, "true or false", value),
            }
        }
    }

    /// The strings of a list that `keep` accepts, each other item reported
    /// (`KEY[i]: expected a WHAT`), or `None` (with a warning) when the value
    /// is no list.
    fn strings(
        &mut self,
        key: &str,
        value: &Value,
        what: &str,
        keep: impl Fn(&str) -> bool,
    ) -> Option<Vec<String>> {
        let Some(items) = value.as_array() else {
            self.wrong_type(key, &format!("a list of {what}s"), value);
            return None;
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) if keep(s) => out.push(s.to_string()),
                _ => self.wrong_type(&format!("{key}[{i}]"), &format!("a {what}"), item),
            }
        }
        Some(out)
    }

    /// A list of valid globs, or `None` (with a warning) when the value is
    /// not a list of strings. A bad glob is dropped alone.
    fn globs(&mut self, key: &str, value: &Value) -> Option<Vec<String>> {
        let Some(items) = value.as_array() else {
            self.wrong_type(key, "a list of glob strings", value);
            return None;
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_key = format!("{key}[{i}]");
            match item.as_str() {
                Some(pattern) => match compile_glob(pattern) {
                    Ok(_) => out.push(pattern.to_string()),
                    Err(e) => self.warn(&item_key, format!("invalid glob: {}", e.kind())),
                },
                None => self.wrong_type(&item_key, "a glob string", item),
            }
        }
        Some(out)
    }

    fn table<'v>(&mut self, key: &str, value: &'v Value) -> Option<&'v Map<String, Value>> {
        let map = value.as_object();
        if map.is_none() {
            self.wrong_type(key, "a table", value);
        }
        map
    }

    fn unknown(&mut self, key: &str, known: &str) {
        self.warn(key, format!("unknown key (known keys: {known})"));
    }

    fn wrong_type(&mut self, key: &str, expected: &str, found: &Value) {
        let found = match found {
            Value::Null => "nothing",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "a table",
        };
        self.warn(key, format!("expected {expected}, found {found}"));
    }

    fn warn(&mut self, key: &str, message: String) {
        self.warnings.push(ConfigWarning {
            origin: self.origin.to_string(),
            key: key.to_string(),
            message,
        });
    }
}

/// TOML → JSON, so file and editor settings are read by one walker. A TOML
/// date becomes its text (and then draws a "wrong type" warning).
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .into_iter()
                .map(|(k, v)| (k, toml_to_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    /// Applies `toml` over the defaults and renders what changed plus the
    /// warnings, one per line.
    fn check(toml: &str, expect: Expect) {
        let mut config = Config::default();
        let warnings = apply(&mut config, toml);
        expect.assert_eq(&render(&config, &warnings));
    }

    /// Applies `toml`, which must parse, and returns its warnings.
    fn apply(config: &mut Config, toml: &str) -> Vec<ConfigWarning> {
        config
            .apply_toml(toml, "t.toml")
            .unwrap_or_else(|e| panic!("{toml:?} is TOML, but: {e}"))
    }

    fn render(config: &Config, warnings: &[ConfigWarning]) -> String {
        let defaults = Config::default();
        let mut out = String::new();
        for kind in FigureKind::ALL {
            let (now, was) = (
                config.analysis.severity_of(kind),
                defaults.analysis.severity_of(kind),
            );
            if now != was {
                out.push_str(&format!("severity.{} = {}\n", kind.as_str(), now.as_str()));
            }
        }
        let (m, d) = (config.analysis.markers, defaults.analysis.markers);
        for (name, now, was) in [
            ("pandoc", m.pandoc, d.pandoc),
            ("footnote", m.footnote, d.footnote),
            ("numbered", m.numbered, d.numbered),
        ] {
            if now != was {
                out.push_str(&format!("citations.{name} = {now}\n"));
            }
        }
        if !config.include.is_empty() {
            out.push_str(&format!("include = {:?}\n", config.include));
        }
        if !config.exclude.is_empty() {
            out.push_str(&format!("exclude = {:?}\n", config.exclude));
        }
        // Sorted, so the snapshots hold whether or not serde_json keeps
        // the file's key order (its `preserve_order` feature).
        let mut lines: Vec<String> = warnings.iter().map(|w| format!("warning: {w}\n")).collect();
        lines.sort();
        for line in lines {
            out.push_str(&line);
        }
        out
    }

    #[test]
    fn defaults_warn_on_figures_and_inform_on_spelled_counts() {
        let s = Config::default().analysis;
        assert_eq!(s.severity_of(FigureKind::Count), Severity::Warning);
        assert_eq!(s.severity_of(FigureKind::Money), Severity::Warning);
        assert_eq!(
            s.severity_of(FigureKind::SpelledCount),
            Severity::Information
        );
        assert!(s.markers.pandoc && s.markers.footnote && s.markers.numbered);
    }

    #[test]
    fn an_empty_file_changes_nothing() {
        check("", expect![[""]]);
        check("# only a comment\n", expect![[""]]);
    }

    #[test]
    fn severity_per_kind() {
        check(
            r#"
[severity]
count = "error"
money = "hint"
percentage = "information"
multiplier = "info"
measure = "off"
fraction = "warning"
spelled-count = "off"
"#,
            expect![[r#"
                severity.count = error
                severity.money = hint
                severity.percentage = information
                severity.multiplier = information
                severity.measure = off
                severity.spelled-count = off
            "#]],
        );
    }

    #[test]
    fn citation_marker_styles() {
        check(
            "[citations]\npandoc = false\nfootnote = false\nnumbered = false\n",
            expect![[r#"
                citations.pandoc = false
                citations.footnote = false
                citations.numbered = false
            "#]],
        );
    }

    #[test]
    fn include_and_exclude_globs() {
        check(
            "include = [\"interviews/**\", \"*.vtt\"]\nexclude = [\"drafts/**\"]\n",
            expect![[r#"
                include = ["interviews/**", "*.vtt"]
                exclude = ["drafts/**"]
            "#]],
        );
    }

    #[test]
    fn ignore_takes_a_list_of_phrases() {
        let mut config = Config::default();
        let warnings = apply(
            &mut config,
            "ignore = [\"a hundred percent\", 7, \"scopes 1, 2 and 3\"]\n",
        );
        assert_eq!(
            config.analysis.ignore,
            ["a hundred percent", "scopes 1, 2 and 3"]
        );
        assert_eq!(
            warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["t.toml: ignore[1]: expected a phrase, found a number"]
        );
    }

    #[test]
    fn speakers_are_set_for_the_folder_and_for_some_files() {
        let mut config = Config::default();
        let warnings = apply(
            &mut config,
            r#"
[speakers]
shape = "name-line"
askers = ["Sam Lee"]
[speakers.aliases]
"DR. RUIZ" = "Dana Ruiz"
[files."calls/*.txt"]
format = "plain"
speakers.shape = "name-colon"
[files."x.txt".speakers]
shape = "name-collon"
ask = []
[files."bad["]
format = "plain"
"#,
        );
        let warnings: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        expect![[r#"
            [
                "t.toml: files.\"bad[\": invalid glob: unclosed character class; missing ']'",
                "t.toml: files.\"x.txt\".speakers.ask: unknown key (known keys: shape, aliases, askers)",
                "t.toml: files.\"x.txt\".speakers.shape: unknown label shape \"name-collon\", expected one of clock-name-colon, name-clock-colon, name-clock-line, clock-name, name-colon, bare-q, q-a-period, name-period, bold-name, name-line, cue-name-colon, voice-span, bracketed-name, dialogue-dash, change-marker",
            ]
        "#]]
        .assert_debug_eq(&warnings);
        let folder = config.settings_for(Path::new("notes/q3.txt"));
        assert_eq!(folder.speakers.shape.as_deref(), Some("name-line"));
        assert_eq!(folder.speakers.askers, ["Sam Lee"]);
        assert_eq!(
            folder.speakers.aliases,
            [("DR. RUIZ".to_string(), "Dana Ruiz".to_string())]
        );
        let call = config.settings_for(Path::new("calls/q3.txt"));
        assert_eq!(call.speakers.shape.as_deref(), Some("name-colon"));
        assert_eq!(
            call.speakers.askers,
            ["Sam Lee"],
            "unset keys stay the folder's"
        );
        assert_eq!(call.format, Some(Format::Plain));
        // A file whose extension tells its format still has it.
        let srt = config.settings_for(Path::new("notes/q3.srt"));
        assert_eq!(srt.format, Some(Format::SubRip));
    }

    #[test]
    fn unknown_keys_are_named_and_the_rest_applies() {
        check(
            r#"
colour = "always"
[severity]
counts = "error"
money = "error"
[citations]
harvard = true
"#,
            expect![[r#"
                severity.money = error
                warning: t.toml: citations.harvard: unknown key (known keys: pandoc, footnote, numbered)
                warning: t.toml: colour: unknown key (known keys: severity, citations, include, exclude, format, speakers, files, ignore)
                warning: t.toml: severity.counts: unknown key (known keys: count, money, percentage, multiplier, measure, fraction, spelled-count)
            "#]],
        );
    }

    #[test]
    fn wrong_types_are_named_and_leave_the_default() {
        check(
            r#"
include = "*.txt"
exclude = ["ok/**", 3, "[bad"]
severity = "warning"
[citations]
pandoc = "yes"
footnote = false
"#,
            expect![[r#"
                citations.footnote = false
                exclude = ["ok/**"]
                warning: t.toml: citations.pandoc: expected true or false, found a string
                warning: t.toml: exclude[1]: expected a glob string, found a number
                warning: t.toml: exclude[2]: invalid glob: unclosed character class; missing ']'
                warning: t.toml: include: expected a list of glob strings, found a string
                warning: t.toml: severity: expected a table, found a string
            "#]],
        );
        check(
            "[severity]\ncount = \"loud\"\nmoney = 2\n",
            expect![[r#"
                warning: t.toml: severity.count: unknown severity "loud", expected error, warning, information, hint or off
                warning: t.toml: severity.money: expected a string: error, warning, information, hint or off, found a number
            "#]],
        );
    }

    #[test]
    fn a_syntax_error_is_an_error_with_its_line_and_changes_nothing() {
        let mut config = Config::default();
        let text = "[severity]\ncount = \"error\"\nmoney = \n";
        let error = config.apply_toml(text, "t.toml").unwrap_err();
        assert_eq!(config, Config::default());
        assert_eq!(error.line(), Some(3));
        expect![[
            r#"not valid TOML (line 3): string values must be quoted, expected literal string"#
        ]]
        .assert_eq(&error.to_string());
        let span = error.span.clone().expect("a span");
        assert_eq!(
            &text[..span.start],
            "[severity]\ncount = \"error\"\nmoney = "
        );
    }

    #[test]
    fn a_file_that_cannot_be_used_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.toml");
        let error = Config::load(&missing).unwrap_err();
        assert_eq!(error.path, missing);
        assert_eq!(
            error.to_string(),
            format!("{}: no such file or directory", missing.display())
        );

        let broken = dir.path().join(FILE_NAME);
        std::fs::write(&broken, "[severity\ncount = \"off\"\n").unwrap();
        let error = Config::discover(&dir.path().join("t.txt")).unwrap_err();
        assert_eq!(error.path, broken);
        let ConfigErrorKind::Syntax(syntax) = &error.kind else {
            panic!("a syntax error: {error}");
        };
        assert_eq!(syntax.line(), Some(1));
        assert!(
            error
                .to_string()
                .starts_with(&format!("{}: not valid TOML (line 1): ", broken.display())),
            "{error}"
        );

        // Settings it does not know are still only warnings.
        std::fs::write(&broken, "colour = \"red\"\n").unwrap();
        let (config, warnings) = Config::load(&broken).unwrap();
        assert_eq!(config.source.as_deref(), Some(broken.as_path()));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].key, "colour");
    }

    #[test]
    fn editor_settings_use_the_same_keys_and_win_over_the_file() {
        let mut config = Config::default();
        let warnings = apply(
            &mut config,
            "[severity]\ncount = \"error\"\nmoney = \"error\"\n",
        );
        assert!(warnings.is_empty());
        let warnings = config.apply_json(
            &serde_json::json!({
                "severity": { "count": "hint", "spelled-count": "off" },
                "citations": { "numbered": false },
                "maxProblems": 10
            }),
            "LSP settings",
        );
        expect![[r#"
            severity.count = hint
            severity.money = error
            severity.spelled-count = off
            citations.numbered = false
            warning: LSP settings: maxProblems: unknown key (known keys: severity, citations, include, exclude, format, speakers, files, ignore)
        "#]]
        .assert_eq(&render(&config, &warnings));
    }

    #[test]
    fn editor_settings_may_be_null_but_not_a_scalar() {
        let mut config = Config::default();
        assert!(config.apply_json(&Value::Null, "LSP settings").is_empty());
        let warnings = config.apply_json(&serde_json::json!(true), "LSP settings");
        expect![[r#"
            warning: LSP settings: expected a table of settings, found a boolean
        "#]]
        .assert_eq(&render(&config, &warnings));
    }

    #[test]
    fn globs_are_relative_to_the_config_folder() {
        let config = Config {
            include: vec!["interviews/**".into(), "*.vtt".into()],
            exclude: vec!["interviews/drafts/**".into()],
            source: Some(PathBuf::from("/project/transcript-ls.toml")),
            ..Config::default()
        };
        assert!(config.includes(Path::new("/project/interviews/a.txt")));
        assert!(config.includes(Path::new("/project/interviews/2024/b.md")));
        assert!(config.includes(Path::new("/project/captions/deep/c.vtt")));
        assert!(!config.includes(Path::new("/project/notes/a.txt")));
        assert!(!config.includes(Path::new("/project/interviews/drafts/d.txt")));
        // `*` does not cross folders.
        let shallow = Config {
            include: vec!["/*.txt".into()],
            ..config.clone()
        };
        assert!(shallow.includes(Path::new("/project/a.txt")));
        assert!(!shallow.includes(Path::new("/project/sub/a.txt")));
    }

    #[test]
    fn no_globs_include_everything() {
        let config = Config::default();
        assert!(config.includes(Path::new("anything.bin")));
        assert!(!config.file_filter().has_include());
    }

    #[test]
    fn discovery_walks_up_to_the_nearest_file() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("t.txt"), "Q: Hi?\n").unwrap();

        // No file anywhere up to the temporary folder's root: defaults (unless
        // the machine has one above /tmp, which the next assertions avoid).
        std::fs::write(
            dir.path().join(FILE_NAME),
            "[severity]\ncount = \"error\"\nbogus = 1\n",
        )
        .unwrap();
        let (config, warnings) = Config::discover(&deep.join("t.txt")).unwrap();
        assert_eq!(
            config.analysis.severity_of(FigureKind::Count),
            Severity::Error
        );
        assert_eq!(
            config.source.as_deref(),
            Some(dir.path().join(FILE_NAME).as_path())
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].key, "severity.bogus");
        assert!(warnings[0].origin.ends_with(FILE_NAME));

        // A nearer file wins outright (files are not merged).
        std::fs::write(
            dir.path().join("a").join(FILE_NAME),
            "[severity]\nmoney = \"off\"\n",
        )
        .unwrap();
        let (config, warnings) = Config::discover(&deep.join("t.txt")).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(
            config.analysis.severity_of(FigureKind::Count),
            Severity::Warning
        );
        assert_eq!(
            config.analysis.severity_of(FigureKind::Money),
            Severity::Off
        );
    }
}
