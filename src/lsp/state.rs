//! What the server knows between messages: the open documents, what the
//! client can do, the editor's settings, and the latest analysis of each
//! document.
//!
//! `State` sits behind a `std::sync::Mutex` that is only ever held for quick,
//! synchronous work (never across an `.await`): applying an edit, taking a
//! copy of a document's text, storing a finished analysis. The slow part,
//! analysing a version, runs elsewhere on a `SnapshotJob` taken from here, and
//! its result is kept only if the document has not moved on meanwhile.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::ls_types::Uri;

use super::document::{Applied, Change, Document};
use crate::analysis::Analysis;
use crate::config::{Config, ConfigWarning};
use crate::text::{Encoding, LineIndex};

/// What the client said it can do, read once at `initialize`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ClientFlags {
    /// The client pulls diagnostics (`textDocument/diagnostic`); don't push.
    pub pull_diagnostics: bool,
    /// The client answers `workspace/configuration`.
    pub configuration: bool,
    /// The client honours `workspace/diagnostic/refresh`.
    pub diagnostic_refresh: bool,
    /// The client takes `documentChanges` (versioned edits) in a workspace edit.
    pub document_changes: bool,
    /// `workspace/didChangeConfiguration` must be registered dynamically.
    pub register_configuration: bool,
    /// The client watches files for the server once asked to (dynamically).
    pub watch_files: bool,
}

/// One analysed version of one document, shared read-only by the requests
/// that ask about it.
#[derive(Debug)]
pub struct Snapshot {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
    pub index: LineIndex,
    pub encoding: Encoding,
    pub config: Arc<Config>,
    pub analysis: Analysis,
    /// Whether the configuration's include/exclude globs select this file
    /// (an excluded file keeps its outline but gets no diagnostics).
    pub checked: bool,
    /// Identifies what the diagnostics were computed from, for pull requests.
    pub result_id: String,
}

/// An open document and what has been worked out about it.
#[derive(Debug)]
struct Open {
    doc: Document,
    /// Bumped on every change; a debounced diagnostics run whose ticket is
    /// no longer current gives way to the later one.
    ticket: u64,
    snapshot: Option<Arc<Snapshot>>,
    /// The configuration for this file under the current settings.
    config: Option<(u64, Arc<Config>)>,
}

/// The work to analyse one version, taken out of the lock.
#[derive(Debug)]
pub struct SnapshotJob {
    uri: Uri,
    version: i32,
    text: String,
    encoding: Encoding,
    generation: u64,
    settings: Option<Value>,
    config: Option<Arc<Config>>,
}

/// The answer to "what is the analysis of this document now?".
#[derive(Debug)]
pub enum Lookup {
    /// No such open document.
    Missing,
    Ready(Arc<Snapshot>),
    /// Not analysed at this version yet: run the job.
    Stale(Box<SnapshotJob>),
}

#[derive(Debug)]
pub struct State {
    pub encoding: Encoding,
    pub client: ClientFlags,
    docs: HashMap<Uri, Open>,
    /// The `transcript` section of the editor's settings, if it sent any.
    settings: Option<Value>,
    /// Bumped whenever `settings` change, to retire cached configurations.
    generation: u64,
    next_ticket: u64,
    /// Configuration warnings already shown, so each is shown once.
    shown: HashSet<String>,
}

impl State {
    pub fn new() -> State {
        State {
            encoding: Encoding::Utf16,
            client: ClientFlags::default(),
            docs: HashMap::new(),
            settings: None,
            generation: 0,
            next_ticket: 0,
            shown: HashSet::new(),
        }
    }

    pub fn open(&mut self, uri: Uri, text: &str, version: i32) -> u64 {
        self.next_ticket += 1;
        self.docs.insert(
            uri,
            Open {
                doc: Document::new(text, version),
                ticket: self.next_ticket,
                snapshot: None,
                config: None,
            },
        );
        self.next_ticket
    }

    /// Applies a `didChange`; `None` for a document that is not open. On
    /// success returns the new diagnostics ticket with the outcome.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[Change],
    ) -> Option<(Applied, u64)> {
        let encoding = self.encoding;
        let open = self.docs.get_mut(uri)?;
        let applied = open.doc.apply(version, changes, encoding);
        if let Applied::Done { .. } = applied {
            self.next_ticket += 1;
            open.ticket = self.next_ticket;
            open.snapshot = None;
        }
        Some((applied, open.ticket))
    }

    pub fn close(&mut self, uri: &Uri) -> bool {
        self.docs.remove(uri).is_some()
    }

    pub fn uris(&self) -> Vec<Uri> {
        self.docs.keys().cloned().collect()
    }

    /// The current version and text of a document.
    pub fn text(&self, uri: &Uri) -> Option<(i32, String)> {
        self.docs
            .get(uri)
            .map(|open| (open.doc.version(), open.doc.text()))
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.docs.get(uri).map(|open| open.doc.version())
    }

    pub fn ticket(&self, uri: &Uri) -> Option<u64> {
        self.docs.get(uri).map(|open| open.ticket)
    }

    /// A fresh ticket for a document whose diagnostics must be recomputed
    /// although its text did not change (the settings did).
    pub fn renew_ticket(&mut self, uri: &Uri) -> Option<u64> {
        self.next_ticket += 1;
        let ticket = self.next_ticket;
        let open = self.docs.get_mut(uri)?;
        open.ticket = ticket;
        Some(ticket)
    }

    pub fn has_settings(&self) -> bool {
        self.settings.is_some()
    }

    /// Replaces the editor's settings and forgets every analysis made under
    /// the old ones.
    pub fn set_settings(&mut self, settings: Option<Value>) {
        self.settings = settings;
        self.forget_configs();
    }

    /// Forgets every configuration read and every analysis made with it (a
    /// `transcript-ls.toml` changed on disk, or the settings did).
    pub fn forget_configs(&mut self) {
        self.generation += 1;
        for open in self.docs.values_mut() {
            open.snapshot = None;
            open.config = None;
        }
    }

    pub fn lookup(&self, uri: &Uri) -> Lookup {
        let Some(open) = self.docs.get(uri) else {
            return Lookup::Missing;
        };
        if let Some(s) = &open.snapshot {
            return Lookup::Ready(s.clone());
        }
        Lookup::Stale(Box::new(SnapshotJob {
            uri: uri.clone(),
            version: open.doc.version(),
            text: open.doc.text(),
            encoding: self.encoding,
            generation: self.generation,
            settings: self.settings.clone(),
            config: open
                .config
                .as_ref()
                .filter(|(g, _)| *g == self.generation)
                .map(|(_, c)| c.clone()),
        }))
    }

    /// Keeps a finished analysis if the document is still at its version and
    /// the settings have not changed since; returns what is current.
    pub fn store(&mut self, snapshot: Arc<Snapshot>, generation: u64) -> Arc<Snapshot> {
        if generation != self.generation {
            return snapshot;
        }
        if let Some(open) = self.docs.get_mut(&snapshot.uri)
            && open.doc.version() == snapshot.version
        {
            open.config = Some((generation, snapshot.config.clone()));
            open.snapshot = Some(snapshot.clone());
        }
        snapshot
    }

    /// The warnings not shown before (and marks them shown).
    pub fn unseen(&mut self, warnings: Vec<ConfigWarning>) -> Vec<ConfigWarning> {
        warnings
            .into_iter()
            .filter(|w| self.shown.insert(w.to_string()))
            .collect()
    }
}

impl SnapshotJob {
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Analyses the text: slow, synchronous, run off the async workers. The
    /// configuration is defaults, then `transcript-ls.toml` found from the
    /// file's folder, then the editor's settings.
    pub fn run(self) -> (Snapshot, Vec<ConfigWarning>) {
        let path: Option<PathBuf> = file_path(&self.uri);
        let mut warnings = Vec::new();
        let config = match self.config {
            Some(c) => c,
            None => {
                let (mut config, found) = match &path {
                    Some(p) => Config::discover(p),
                    None => (Config::default(), Vec::new()),
                };
                warnings.extend(found);
                if let Some(settings) = &self.settings {
                    warnings.extend(config.apply_json(settings, "LSP settings"));
                }
                Arc::new(config)
            }
        };
        let checked = path.as_deref().is_none_or(|p| config.includes(p));
        let analysis = Analysis::new(&self.text, &config.analysis);
        let index = LineIndex::new(&self.text);
        let result_id = format!("{}.{}", self.version, self.generation);
        let snapshot = Snapshot {
            uri: self.uri,
            version: self.version,
            text: self.text,
            index,
            encoding: self.encoding,
            config,
            analysis,
            checked,
            result_id,
        };
        (snapshot, warnings)
    }
}

/// The file a `file:` URI names; other schemes (unsaved buffers) have none.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}
