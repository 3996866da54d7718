//! Which files are transcripts, and with which settings: the search of
//! paths and folders that `check` and `claims` walk on the command line and
//! the server walks for its workspace-wide claims table.
//!
//! A file named on the command line is always checked. A directory is
//! searched recursively with the `ignore` crate, so `.gitignore` (and
//! `.ignore`) rules hold, even outside a git repository, and hidden files
//! are skipped. In a directory a file counts when its extension is a
//! transcript's (`.txt .md .vtt .srt .transcript`), or, when the governing
//! `transcript-ls.toml` lists `include` globs, when one of them matches; its
//! `exclude` globs always win. Each file gets the settings of its nearest
//! config file, read once per config file. A config file that cannot be
//! read or is not TOML governs no settings: its files are chosen as if it
//! were absent and each carries the error, to be reported as failed rather
//! than checked with settings the user did not write.
//!
//! It lives in the shell beside `config` rather than in `cli`, so that the
//! server finds the workspace's transcripts exactly as `claims` does, and
//! knows nothing of either's output: reading a file's text, and what a
//! failure looks like in a report, stay with each of them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::Severity;
use crate::config::{self, Config, ConfigError, ConfigWarning, FileFilter};
use crate::figures::FigureKind;
use crate::transcript::Format;

/// Extensions of files that look like transcripts (compared without case).
pub const TRANSCRIPT_EXTENSIONS: [&str; 5] = ["txt", "md", "vtt", "srt", "transcript"];

/// Settings and their compiled file globs.
#[derive(Debug)]
pub struct Settings {
    pub config: Config,
    pub filter: FileFilter,
}

impl Settings {
    fn new(mut config: Config, overrides: &Overrides) -> Arc<Settings> {
        for &(kind, severity) in &overrides.severity {
            config.analysis.severity[kind as usize] = severity;
        }
        if overrides.format.is_some() {
            config.analysis.format = overrides.format;
        }
        let filter = config.file_filter();
        Arc::new(Settings { config, filter })
    }
}

/// What the command line sets over any config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--severity KIND=LEVEL`.
    pub severity: Vec<(FigureKind, Severity)>,
    /// `--format-in`: read every file in this format.
    pub format: Option<Format>,
}

/// A file's settings, or why the config file governing it cannot be used.
pub type Governed = Result<Arc<Settings>, Arc<ConfigError>>;

/// One file to check.
#[derive(Debug, Clone)]
pub struct Target {
    pub path: PathBuf,
    pub settings: Governed,
}

/// Hands out the settings for each file: one fixed file (`--config`) or the
/// nearest `transcript-ls.toml`, each read once, with the command line's
/// `--severity` overrides on top.
pub struct Configs {
    overrides: Overrides,
    fixed: Option<Arc<Settings>>,
    defaults: Arc<Settings>,
    /// Folder → its nearest config file (absolute), if any.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    loaded: HashMap<PathBuf, Governed>,
    /// Problems found in config files, in the order they were read.
    pub warnings: Vec<ConfigWarning>,
}

impl Configs {
    /// With `fixed`, every file uses that config file; otherwise each file
    /// uses its nearest one. A `fixed` file that cannot be used is an error
    /// for the whole run: the user asked for those settings by name.
    pub fn new(fixed: Option<&Path>, overrides: &Overrides) -> Result<Configs, ConfigError> {
        let mut warnings = Vec::new();
        let fixed = match fixed {
            Some(path) => {
                let (config, w) = Config::load(path)?;
                warnings.extend(w);
                Some(Settings::new(config, overrides))
            }
            None => None,
        };
        Ok(Configs {
            overrides: overrides.clone(),
            fixed,
            defaults: Settings::new(Config::default(), overrides),
            nearest: HashMap::new(),
            loaded: HashMap::new(),
            warnings,
        })
    }

    pub fn for_file(&mut self, path: &Path) -> Governed {
        if let Some(fixed) = &self.fixed {
            return Ok(fixed.clone());
        }
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let folder = absolute.parent().unwrap_or(&absolute).to_path_buf();
        let found = self
            .nearest
            .entry(folder)
            .or_insert_with_key(|folder| config::nearest_file(&folder.join("_")))
            .clone();
        let Some(file) = found else {
            return Ok(self.defaults.clone());
        };
        if let Some(settings) = self.loaded.get(&file) {
            return settings.clone();
        }
        let settings = match Config::load(&file) {
            Ok((config, warnings)) => {
                self.warnings.extend(warnings);
                Ok(Settings::new(config, &self.overrides))
            }
            Err(e) => Err(Arc::new(e)),
        };
        self.loaded.insert(file, settings.clone());
        settings
    }

    /// The globs that choose a file's siblings in a folder: its config's,
    /// or none (transcripts by extension) when the config cannot be used,
    /// so that each transcript it would have governed is reported.
    pub fn filter<'a>(&'a self, settings: &'a Governed) -> &'a FileFilter {
        match settings {
            Ok(s) => &s.filter,
            Err(_) => &self.defaults.filter,
        }
    }
}

/// What the search found: the files in a stable order (the arguments' order,
/// each directory sorted by name), the paths that could not be read at all,
/// and lesser problems met on the way (an unreadable `.gitignore`).
#[derive(Debug, Default)]
pub struct Found {
    pub targets: Vec<Target>,
    /// Each path that could not be read, with the message saying why.
    pub errors: Vec<(PathBuf, String)>,
    pub warnings: Vec<String>,
}

pub fn collect(paths: &[PathBuf], configs: &mut Configs) -> Found {
    let mut found = Found::default();
    let mut seen = HashSet::new();
    let mut add = |path: PathBuf, settings: Governed, found: &mut Found| {
        let key = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            found.targets.push(Target { path, settings });
        }
    };
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => found.errors.push((
                path.clone(),
                format!("{}: {}", path.display(), crate::reason::io_reason(&e)),
            )),
            Ok(meta) if meta.is_dir() => {
                for entry in ignore::WalkBuilder::new(path)
                    // `.gitignore` is honoured in any folder, not only in
                    // a git checkout: a fact-checker's folder is often not one.
                    .require_git(false)
                    .sort_by_file_name(|a, b| a.cmp(b))
                    .build()
                {
                    match entry {
                        Ok(entry) => {
                            let is_file = entry.file_type().is_some_and(|t| t.is_file())
                                || (entry.path_is_symlink() && entry.path().is_file());
                            if !is_file {
                                continue;
                            }
                            let settings = configs.for_file(entry.path());
                            if counts_in_folder(entry.path(), configs.filter(&settings)) {
                                add(entry.into_path(), settings, &mut found);
                            }
                        }
                        Err(e) => found.warnings.push(e.to_string()),
                    }
                }
            }
            Ok(_) => {
                let settings = configs.for_file(path);
                add(path.clone(), settings, &mut found);
            }
        }
    }
    found
}

/// Whether a file met while searching a folder is to be checked. A notes
/// sidecar never is: it is read with its transcript.
fn counts_in_folder(path: &Path, filter: &FileFilter) -> bool {
    if crate::sidecar::transcript_for(path).is_some() {
        return false;
    }
    if filter.has_include() {
        filter.includes(path)
    } else {
        has_transcript_extension(path) && !filter.excludes(path)
    }
}

fn has_transcript_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        TRANSCRIPT_EXTENSIONS
            .iter()
            .any(|t| e.eq_ignore_ascii_case(t))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// The files found under `root`, relative to it, one per line.
    fn found(root: &Path, args: &[&str]) -> String {
        let mut configs = Configs::new(None, &Overrides::default()).unwrap();
        let paths: Vec<PathBuf> = args.iter().map(|a| root.join(a)).collect();
        let found = collect(&paths, &mut configs);
        let mut out = String::new();
        for t in &found.targets {
            let rel = t.path.strip_prefix(root).unwrap();
            out.push_str(&rel.display().to_string().replace('\\', "/"));
            out.push('\n');
        }
        for e in &found.errors {
            out.push_str("error: ");
            out.push_str(e.1.rsplit(": ").next().unwrap());
            out.push('\n');
        }
        out
    }

    #[test]
    fn files_under_a_config_that_is_not_toml_are_found_and_carry_its_error() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in ["a.txt", "drafts/b.txt", "c.log"] {
            write(root, rel, "x");
        }
        write(root, config::FILE_NAME, "exclude = [\"drafts/**\"\n");
        // Its globs are unknown: every transcript is found, as with no config.
        expect_test::expect![[r#"
            a.txt
            drafts/b.txt
        "#]]
        .assert_eq(&found(root, &["."]));
        let mut configs = Configs::new(None, &Overrides::default()).unwrap();
        let found = collect(&[root.join("a.txt"), root.join("c.log")], &mut configs);
        for target in &found.targets {
            let error = target.settings.as_ref().expect_err("the config's error");
            assert_eq!(error.path, root.join(config::FILE_NAME));
        }
        assert_eq!(found.targets.len(), 2);
        assert!(configs.warnings.is_empty());
    }

    #[test]
    fn a_fixed_config_that_cannot_be_used_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.toml");
        let error = Configs::new(Some(&missing), &Overrides::default())
            .err()
            .expect("an error");
        assert_eq!(error.path, missing);
    }

    #[test]
    fn folders_yield_transcripts_in_name_order_honouring_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "b.txt",
            "a.vtt",
            "notes.pdf",
            "sub/c.SRT",
            "sub/d.md",
            "skip/e.txt",
            "f.log",
            ".hidden/g.txt",
        ] {
            write(root, rel, "x");
        }
        write(root, ".gitignore", "skip/\n*.md\n");
        expect_test::expect![[r#"
            a.vtt
            b.txt
            sub/c.SRT
        "#]]
        .assert_eq(&found(root, &["."]));
    }

    #[test]
    fn named_files_are_always_checked_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "f.log", "x");
        write(root, "b.txt", "x");
        write(root, ".gitignore", "b.txt\n");
        expect_test::expect![[r#"
            f.log
            b.txt
            error: no such file or directory
        "#]]
        .assert_eq(&found(root, &["f.log", "b.txt", "f.log", "missing.txt"]));
    }

    #[test]
    fn config_globs_choose_files_in_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in ["a.txt", "drafts/b.txt", "logs/c.log", "logs/d.txt"] {
            write(root, rel, "x");
        }
        write(root, config::FILE_NAME, "exclude = [\"drafts/**\"]\n");
        expect_test::expect![[r#"
            a.txt
            logs/d.txt
        "#]]
        .assert_eq(&found(root, &["."]));

        write(root, config::FILE_NAME, "include = [\"logs/*\"]\n");
        expect_test::expect![[r#"
            logs/c.log
            logs/d.txt
        "#]]
        .assert_eq(&found(root, &["."]));
    }
}
