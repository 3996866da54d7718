//! Configuration: defaults, then `transcript-ls.toml`, then editor settings.
//!
//! One typed `Config` comes out, whoever asks: the command line and the server
//! read the same file, so CI and editors agree. Problems in the user's
//! settings (an unknown key, a wrong type) become warnings that name the key
//! and where it came from; they never stop the program.

use std::path::{Path, PathBuf};

use crate::analysis::Settings;

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
}

/// A problem in the user's configuration, reported and otherwise ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWarning {
    /// The file the setting came from, or `LSP settings`.
    pub origin: String,
    /// The dotted key (`severity.count`).
    pub key: String,
    pub message: String,
}

impl std::fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: `{}`: {}", self.origin, self.key, self.message)
    }
}

impl Config {
    /// Defaults, overlaid with the nearest `transcript-ls.toml` found by
    /// walking up from `file`'s folder.
    pub fn discover(file: &Path) -> (Config, Vec<ConfigWarning>) {
        let _ = file;
        (Config::default(), Vec::new())
    }

    /// Overlays settings written as TOML (the config file's contents).
    pub fn apply_toml(&mut self, text: &str, origin: &str) -> Vec<ConfigWarning> {
        let _ = (text, origin);
        Vec::new()
    }

    /// Overlays settings sent by an editor (`initializationOptions` or the
    /// `transcript` section of `workspace/didChangeConfiguration`), which use
    /// the same keys as the file.
    pub fn apply_json(&mut self, value: &serde_json::Value, origin: &str) -> Vec<ConfigWarning> {
        let _ = (value, origin);
        Vec::new()
    }

    /// Whether `path` is to be checked under the include/exclude globs.
    pub fn includes(&self, path: &Path) -> bool {
        let _ = path;
        true
    }
}
