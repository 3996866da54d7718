//! Configuration: defaults, then `transcript-ls.toml`, then editor settings.
//!
//! One typed `Config` comes out, whoever asks: the command line and the server
//! read the same file, so CI and editors agree.

use crate::analysis::Settings;

/// Everything the user can configure.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub analysis: Settings,
}
