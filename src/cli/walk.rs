//! How the command line opens the files `crate::walk` found: the search
//! itself is shared with the server; reading a file's text and saying why
//! it was skipped or failed, in the words of the run's report, are the
//! command line's own.

pub use crate::walk::{Configs, Found, Overrides, Target, collect};

use super::tally::Status;

impl Target {
    /// The file's text and the analysis settings that apply to it, read for
    /// a command that `does` something to it (`checked`, `read`): or why it
    /// is skipped (a notes sidecar named on its own, a file of nothing but
    /// whitespace) or failed (its config file cannot be used, the file
    /// cannot be read).
    pub fn open(&self, does: &str) -> Result<(String, crate::analysis::Settings), Status> {
        if crate::sidecar::transcript_for(&self.path).is_some() {
            return Err(Status::Skipped(SIDECAR.into()));
        }
        let settings = match &self.settings {
            Ok(settings) => settings.config.settings_for(&self.path),
            Err(e) => {
                let why = format!("{}: not {does}: {e}", self.path.display());
                return Err(Status::Failed(why));
            }
        };
        let text = super::read_text(&self.path).map_err(Status::Failed)?;
        if text.trim().is_empty() {
            return Err(Status::Skipped(NO_TEXT.into()));
        }
        Ok((text, settings))
    }
}

/// Why a file holding nothing but whitespace is skipped.
const NO_TEXT: &str = "without text";

/// Why a notes sidecar named on the command line is skipped.
const SIDECAR: &str = "notes sidecars (read with their transcripts)";
