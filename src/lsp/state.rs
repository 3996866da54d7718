//! What the server knows between messages: the open documents, what the
//! client can do, the editor's settings, each transcript's sidecar, the
//! latest analysis of each document, and which config files are marked as
//! unusable (a `config-invalid` diagnostic on the file itself).
//!
//! `State` sits behind a `std::sync::Mutex` that is only ever held for quick,
//! synchronous work (never across an `.await`): applying an edit, taking a
//! copy of a document's text, storing a finished analysis. The slow part,
//! analysing a version (and reading a sidecar from disk), runs elsewhere on a
//! `SnapshotJob` taken from here, and its result is kept only if nothing it
//! was made from has moved on meanwhile.
//!
//! Two kinds of document are open: transcripts and their notes sidecars.
//! They depend on each other: a transcript's diagnostics and hovers come
//! from its sidecar's notes, and a sidecar's diagnostics from where its
//! notes are in the transcript. So a change to one forgets the other's
//! analysis too, and both are published again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use tower_lsp_server::ls_types::Uri;

use super::cross::{Cross, Facts};
use super::document::{Applied, Change, Document, Moved};
use super::notes::{
    self, Anchors, NotesFile, Origin, Parsed, SidecarView, TranscriptSide, anchor_notes,
};
use crate::analysis::Analysis;
use crate::config::{Config, ConfigError, ConfigWarning};
use crate::sidecar;
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
    /// The client applies workspace edits the server sends (`workspace/applyEdit`).
    pub apply_edit: bool,
    /// The client can create a file as part of a workspace edit.
    pub create_files: bool,
    /// The client shows a document at a selection when asked
    /// (`window/showDocument`): how a quick fix puts the cursor.
    pub show_document: bool,
}

/// Client-side commands that ask the user for text, which the server may
/// put in code actions (see `editors/PROTOCOL.md`); none for a plain client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PromptCommands {
    /// Asks for a note's text, then runs `transcript.addNote`.
    pub add_note: Option<String>,
    /// Asks for a source, then runs `transcript.citeFigure`.
    pub cite_figure: Option<String>,
}

/// What kind of file an open document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Transcript,
    /// A notes sidecar (`NAME.EXT.notes.json`).
    Sidecar,
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
    /// The transcript's analysis; for a sidecar, the analysis of an empty
    /// text (no outline, no figures), its own features being in `notes_file`.
    pub analysis: Analysis,
    /// Whether the configuration's include/exclude globs select this file
    /// (an excluded file keeps its outline but gets no diagnostics).
    pub checked: bool,
    /// Identifies what the diagnostics were computed from, for pull requests.
    pub result_id: String,
    /// A transcript's sidecar, as read for this analysis (none for a
    /// document that is not a file).
    pub sidecar: Option<Arc<SidecarView>>,
    /// For a sidecar: its notes and the transcript beside it.
    pub notes_file: Option<Box<NotesFile>>,
    /// How long the analysis took: what the next edit's debounce follows.
    pub took: Duration,
}

/// An open document and what has been worked out about it.
#[derive(Debug)]
struct Open {
    doc: Document,
    kind: Kind,
    /// The file it is, for a `file:` URI.
    path: Option<PathBuf>,
    /// Bumped on every change to the document or to what its analysis is
    /// made from; a debounced diagnostics run or an analysis whose ticket
    /// is no longer current gives way to the later one.
    ticket: u64,
    snapshot: Option<Arc<Snapshot>>,
    /// The last analysis kept, once the document has moved on: the next
    /// analysis takes from it the figures of the turns an edit did not touch
    /// (`Analysis::after_edit`). Dropped as soon as a newer one is kept.
    base: Option<Arc<Snapshot>>,
    /// The configuration for this file under the current settings.
    config: Option<(u64, Arc<Config>)>,
    /// A transcript's notes as last anchored, followed through the edits since.
    anchors: Option<Anchors>,
}

impl Open {
    /// Forgets the analysis of the current version, keeping it as the base
    /// of the next unless an older base is still waiting for one.
    fn forget_snapshot(&mut self) {
        if let Some(s) = self.snapshot.take() {
            self.base = Some(s);
        }
    }
}

/// A sidecar path's current reading; `epoch` counts the readings forgotten.
#[derive(Debug, Default)]
struct Slot {
    epoch: u64,
    view: Option<Arc<SidecarView>>,
}

/// How the job gets a transcript's sidecar.
#[derive(Debug)]
enum SidecarInput {
    /// The current reading, from the path's `epoch`.
    Ready(Arc<SidecarView>, u64),
    /// Read it (from the buffer's text when open, else from disk) and keep
    /// it if the path's epoch is still this one.
    Read {
        path: PathBuf,
        epoch: u64,
        buffer: Option<(Uri, i32, String)>,
    },
}

/// What a job analyses besides the text.
#[derive(Debug)]
enum JobKind {
    Transcript {
        /// The last analysis of an earlier version, to reuse what the edits
        /// since did not touch.
        base: Option<Arc<Snapshot>>,
        sidecar: Option<SidecarInput>,
        previous: Option<Anchors>,
        /// Whether to look at the disk for changes the client cannot report.
        check_disk: bool,
    },
    Sidecar {
        /// The transcript beside it: its URI, path and text when open (else
        /// it is read from disk).
        transcript: Option<(Uri, PathBuf, Option<String>)>,
    },
}

/// The work to analyse one version, taken out of the lock.
#[derive(Debug)]
pub struct SnapshotJob {
    uri: Uri,
    version: i32,
    text: String,
    encoding: Encoding,
    generation: u64,
    ticket: u64,
    result_id: String,
    settings: Option<Value>,
    config: Option<Arc<Config>>,
    kind: JobKind,
}

/// A config file a job read, and why it cannot be used, if it cannot: what
/// the diagnostics on the config file itself follow.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub error: Option<Arc<ConfigError>>,
}

/// What a job produced besides the snapshot: a sidecar it read.
#[derive(Debug)]
pub struct JobOutput {
    pub snapshot: Snapshot,
    pub warnings: Vec<ConfigWarning>,
    /// The config file the job read, when it read one.
    pub config_file: Option<ConfigFile>,
    read: Option<(u64, Arc<SidecarView>)>,
    anchors: Option<Anchors>,
    ticket: u64,
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

/// A sidecar's text as a note command must start from.
#[derive(Debug)]
pub enum SidecarSource {
    /// The editor's open buffer, at this version.
    Buffer {
        uri: Uri,
        version: i32,
        text: String,
    },
    /// The text the last note command asked the editor to make.
    Written(Arc<SidecarView>),
    /// Read the file.
    Disk,
}

/// A document whose diagnostics must be published again, with its new ticket.
pub type Dependent = (Uri, u64);

#[derive(Debug)]
pub struct State {
    pub encoding: Encoding,
    pub client: ClientFlags,
    pub prompts: PromptCommands,
    docs: HashMap<Uri, Open>,
    /// Each sidecar path's current reading.
    sidecars: HashMap<PathBuf, Slot>,
    /// The `transcript` section of the editor's settings, if it sent any.
    settings: Option<Value>,
    /// Bumped whenever `settings` change, to retire cached configurations.
    generation: u64,
    next_ticket: u64,
    /// Numbers analyses, for their result ids.
    next_rev: u64,
    /// Configuration warnings already shown, so each is shown once.
    shown: HashSet<String>,
    /// The config files that cannot be used, as their `config-invalid`
    /// diagnostic (published on the file itself) last said.
    broken: HashMap<PathBuf, Arc<ConfigError>>,
    /// The figures of the open transcripts and of the workspace's files, as
    /// compared across transcripts.
    pub cross: Cross,
    /// The workspace's folders, where `transcript.claims` looks for
    /// transcripts that are not open.
    pub folders: Vec<PathBuf>,
    /// Counts the readings of the workspace's files, so only the latest
    /// one is kept.
    pub scans: u64,
}

impl State {
    pub fn new() -> State {
        State {
            encoding: Encoding::Utf16,
            client: ClientFlags::default(),
            prompts: PromptCommands::default(),
            docs: HashMap::new(),
            sidecars: HashMap::new(),
            settings: None,
            generation: 0,
            next_ticket: 0,
            next_rev: 0,
            shown: HashSet::new(),
            broken: HashMap::new(),
            cross: Cross::default(),
            folders: Vec::new(),
            scans: 0,
        }
    }

    fn ticket(&mut self) -> u64 {
        self.next_ticket += 1;
        self.next_ticket
    }

    fn rev(&mut self) -> u64 {
        self.next_rev += 1;
        self.next_rev
    }

    /// Opens a document; returns its diagnostics ticket and the other
    /// documents to publish again.
    pub fn open(&mut self, uri: Uri, text: &str, version: i32) -> (u64, Vec<Dependent>) {
        let path = file_path(&uri);
        let kind = match &path {
            Some(p) if notes::is_sidecar(p) => Kind::Sidecar,
            _ => Kind::Transcript,
        };
        let ticket = self.ticket();
        self.docs.insert(
            uri.clone(),
            Open {
                doc: Document::new(text, version),
                kind,
                path: path.clone(),
                ticket,
                snapshot: None,
                base: None,
                config: None,
                anchors: None,
            },
        );
        let dependents = self.touched(kind, path.as_deref());
        own_ticket(Some(&uri), ticket, dependents)
    }

    /// What depends on a document of `kind` at `path` that just changed:
    /// for a sidecar, its reading is forgotten (the buffer now wins) and the
    /// transcript published again; for a transcript, its open sidecar.
    fn touched(&mut self, kind: Kind, path: Option<&Path>) -> Vec<Dependent> {
        let Some(path) = path else { return Vec::new() };
        match kind {
            Kind::Sidecar => self.forget_sidecar(path),
            Kind::Transcript => {
                let sidecar = sidecar::path_for(path);
                self.renew_where(|open| open.path.as_deref() == Some(sidecar.as_path()))
            }
        }
    }

    /// Forgets the reading of the sidecar at `path` and every analysis made
    /// from it; returns the documents to publish again (the transcript and
    /// the sidecar, when open).
    pub fn forget_sidecar(&mut self, path: &Path) -> Vec<Dependent> {
        let slot = self.sidecars.entry(path.to_path_buf()).or_default();
        slot.epoch += 1;
        slot.view = None;
        let transcript = sidecar::transcript_for(path);
        self.renew_where(|open| {
            open.path.as_deref() == Some(path) || open.path.as_deref() == transcript.as_deref()
        })
    }

    /// Forgets the analysis of each open document `which` selects and gives
    /// it a new ticket.
    fn renew_where(&mut self, which: impl Fn(&Open) -> bool) -> Vec<Dependent> {
        let uris: Vec<Uri> = self
            .docs
            .iter()
            .filter(|(_, open)| which(open))
            .map(|(uri, _)| uri.clone())
            .collect();
        uris.into_iter()
            .filter_map(|uri| {
                let ticket = self.ticket();
                let open = self.docs.get_mut(&uri)?;
                open.ticket = ticket;
                open.forget_snapshot();
                Some((uri, ticket))
            })
            .collect()
    }

    /// Applies a `didChange`; `None` for a document that is not open. On
    /// success returns the new diagnostics ticket with the outcome, and the
    /// other documents to publish again.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[Change],
    ) -> Option<(Applied, u64, Vec<Dependent>)> {
        let encoding = self.encoding;
        let ticket = self.ticket();
        let open = self.docs.get_mut(uri)?;
        let applied = open.doc.apply(version, changes, encoding);
        let Applied::Done { moves, .. } = &applied else {
            return Some((applied, open.ticket, Vec::new()));
        };
        open.ticket = ticket;
        open.forget_snapshot();
        // The anchors move with the text, so the next anchoring starts
        // where each note now is.
        for m in moves {
            match (m, &mut open.anchors) {
                (Moved::Span { old, inserted }, Some(anchors)) => anchors.follow(old, *inserted),
                (Moved::Whole, _) => open.anchors = None,
                (_, None) => {}
            }
        }
        let (kind, path) = (open.kind, open.path.clone());
        let dependents = self.touched(kind, path.as_deref());
        let (ticket, dependents) = own_ticket(Some(uri), ticket, dependents);
        Some((applied, ticket, dependents))
    }

    /// Closes a document: whether it was open, and the other documents to
    /// publish again (a closed sidecar is read from disk again).
    pub fn close(&mut self, uri: &Uri) -> (bool, Vec<Dependent>) {
        match self.docs.remove(uri) {
            Some(open) => {
                let mut dependents = self.touched(open.kind, open.path.as_deref());
                // Its figures no longer disagree with anyone's.
                dependents.extend(self.compared(uri, None));
                (true, dependents)
            }
            None => (false, Vec::new()),
        }
    }

    /// Takes the facts of a transcript's current analysis for the
    /// comparison across transcripts; returns the other documents whose
    /// diagnostics this changes, each with a new ticket (their analyses
    /// stand: only what is published of them changes).
    pub fn compared(&mut self, uri: &Uri, facts: Option<Facts>) -> Vec<Dependent> {
        let others = self.cross.update(uri, facts);
        self.renewed(others)
    }

    /// New tickets for open documents to publish again although their
    /// analyses stand.
    pub fn renewed(&mut self, others: Vec<Uri>) -> Vec<Dependent> {
        others
            .into_iter()
            .filter_map(|other| {
                let ticket = self.renew_ticket(&other)?;
                Some((other, ticket))
            })
            .collect()
    }

    /// Whether `snapshot` is its document's current analysis.
    pub fn is_current(&self, snapshot: &Arc<Snapshot>) -> bool {
        self.docs
            .get(&snapshot.uri)
            .and_then(|open| open.snapshot.as_ref())
            .is_some_and(|s| Arc::ptr_eq(s, snapshot))
    }

    /// The open transcripts, in URI order.
    pub fn transcripts(&self) -> Vec<(Uri, Option<PathBuf>)> {
        let mut out: Vec<_> = self
            .docs
            .iter()
            .filter(|(_, open)| open.kind == Kind::Transcript)
            .map(|(uri, open)| (uri.clone(), open.path.clone()))
            .collect();
        out.sort();
        out
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

    /// How long the document's last analysis took, if it has had one.
    pub fn last_cost(&self, uri: &Uri) -> Option<Duration> {
        let open = self.docs.get(uri)?;
        open.snapshot
            .as_ref()
            .or(open.base.as_ref())
            .map(|s| s.took)
    }

    pub fn version(&self, uri: &Uri) -> Option<i32> {
        self.docs.get(uri).map(|open| open.doc.version())
    }

    pub fn ticket_of(&self, uri: &Uri) -> Option<u64> {
        self.docs.get(uri).map(|open| open.ticket)
    }

    /// A fresh ticket for a document whose diagnostics must be recomputed
    /// although its text did not change (the settings did).
    pub fn renew_ticket(&mut self, uri: &Uri) -> Option<u64> {
        let ticket = self.ticket();
        let open = self.docs.get_mut(uri)?;
        open.ticket = ticket;
        Some(ticket)
    }

    /// The `transcript` section of the editor's settings, if it sent any.
    pub fn settings(&self) -> Option<Value> {
        self.settings.clone()
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
            open.forget_snapshot();
            open.config = None;
        }
    }

    /// The open sidecar buffer of `path`, if any.
    fn sidecar_buffer(&self, path: &Path) -> Option<(&Uri, &Open)> {
        self.docs
            .iter()
            .find(|(_, o)| o.kind == Kind::Sidecar && o.path.as_deref() == Some(path))
    }

    /// The open transcript at `path`, if any.
    fn transcript_open(&self, path: &Path) -> Option<(&Uri, &Open)> {
        self.docs
            .iter()
            .find(|(_, o)| o.kind == Kind::Transcript && o.path.as_deref() == Some(path))
    }

    /// The open transcript URI at `path`, if any.
    pub fn transcript_uri(&self, path: &Path) -> Option<Uri> {
        self.transcript_open(path).map(|(uri, _)| uri.clone())
    }

    /// How a job gets the sidecar at `path`.
    fn sidecar_input(&self, path: &Path) -> SidecarInput {
        let slot = self.sidecars.get(path);
        if let Some(slot) = slot
            && let Some(view) = &slot.view
        {
            return SidecarInput::Ready(view.clone(), slot.epoch);
        }
        SidecarInput::Read {
            path: path.to_path_buf(),
            epoch: slot.map_or(0, |s| s.epoch),
            buffer: self
                .sidecar_buffer(path)
                .map(|(uri, o)| (uri.clone(), o.doc.version(), o.doc.text())),
        }
    }

    /// Where a note command starts from for the sidecar at `path`: the
    /// editor's buffer when open, else the text the last command wrote
    /// (until the disk or a buffer shows it), else the disk.
    pub fn sidecar_source(&self, path: &Path) -> SidecarSource {
        if let Some((uri, open)) = self.sidecar_buffer(path) {
            let written = self
                .sidecars
                .get(path)
                .and_then(|s| s.view.clone())
                .filter(|v| v.origin == Origin::Written);
            return match written {
                // Our edit is not in the buffer yet: the buffer is behind.
                Some(view) => SidecarSource::Written(view),
                None => SidecarSource::Buffer {
                    uri: uri.clone(),
                    version: open.doc.version(),
                    text: open.doc.text(),
                },
            };
        }
        match self.sidecars.get(path).and_then(|s| s.view.clone()) {
            Some(view) if view.origin == Origin::Written => SidecarSource::Written(view),
            _ => SidecarSource::Disk,
        }
    }

    /// Takes `parsed` as the sidecar's text right after a note command, so
    /// that the transcript shows the change at once. An open buffer that
    /// already holds the same text stays the reading. Returns the documents
    /// to publish again.
    pub fn sidecar_written(&mut self, path: &Path, parsed: Parsed) -> Vec<Dependent> {
        let in_buffer = self
            .sidecar_buffer(path)
            .is_some_and(|(_, o)| Some(o.doc.text().as_str()) == parsed.text());
        let dependents = self.forget_sidecar(path);
        if !in_buffer {
            let slot = self.sidecars.entry(path.to_path_buf()).or_default();
            slot.view = Some(Arc::new(SidecarView {
                path: path.to_path_buf(),
                origin: Origin::Written,
                parsed,
            }));
        }
        dependents
    }

    /// Takes a sidecar just written to disk by the server itself.
    pub fn sidecar_saved(&mut self, path: &Path, parsed: Parsed) -> Vec<Dependent> {
        let dependents = self.forget_sidecar(path);
        if self.sidecar_buffer(path).is_none() {
            let stamp = notes::file_stamp(path);
            let slot = self.sidecars.entry(path.to_path_buf()).or_default();
            slot.view = Some(Arc::new(SidecarView {
                path: path.to_path_buf(),
                origin: Origin::Disk { stamp },
                parsed,
            }));
        }
        dependents
    }

    pub fn lookup(&mut self, uri: &Uri) -> Lookup {
        let Some(open) = self.docs.get(uri) else {
            return Lookup::Missing;
        };
        if let Some(s) = &open.snapshot {
            return Lookup::Ready(s.clone());
        }
        let kind = match open.kind {
            Kind::Transcript => JobKind::Transcript {
                base: open.base.clone(),
                sidecar: open
                    .path
                    .as_ref()
                    .map(|p| self.sidecar_input(&sidecar::path_for(p))),
                previous: open.anchors.clone(),
                check_disk: !self.client.watch_files,
            },
            Kind::Sidecar => JobKind::Sidecar {
                transcript: open
                    .path
                    .as_deref()
                    .and_then(sidecar::transcript_for)
                    .and_then(|t| {
                        let uri = self
                            .transcript_uri(&t)
                            .or_else(|| Uri::from_file_path(&t))?;
                        let text = self.transcript_open(&t).map(|(_, o)| o.doc.text());
                        Some((uri, t, text))
                    }),
            },
        };
        let (version, text, ticket) = (open.doc.version(), open.doc.text(), open.ticket);
        let config = open
            .config
            .as_ref()
            .filter(|(g, _)| *g == self.generation)
            .map(|(_, c)| c.clone());
        let rev = self.rev();
        Lookup::Stale(Box::new(SnapshotJob {
            uri: uri.clone(),
            version,
            text,
            encoding: self.encoding,
            generation: self.generation,
            ticket,
            result_id: format!("{version}.{rev}"),
            settings: self.settings.clone(),
            config,
            kind,
        }))
    }

    /// Keeps a finished analysis if nothing it was made from has changed
    /// since (the document, the settings, the sidecar); returns what is
    /// current.
    pub fn store(&mut self, output: JobOutput, generation: u64) -> Arc<Snapshot> {
        let snapshot = Arc::new(output.snapshot);
        // A sidecar the job read is worth keeping whatever became of the
        // rest, unless the reading was forgotten meanwhile.
        if let Some((epoch, view)) = output.read {
            let slot = self.sidecars.entry(view.path.clone()).or_default();
            if slot.epoch == epoch {
                slot.view = Some(view);
            }
        }
        if generation != self.generation {
            return snapshot;
        }
        if let Some(open) = self.docs.get_mut(&snapshot.uri)
            && open.ticket == output.ticket
            && open.doc.version() == snapshot.version
        {
            open.config = Some((generation, snapshot.config.clone()));
            open.snapshot = Some(snapshot.clone());
            open.base = None;
            if output.anchors.is_some() {
                open.anchors = output.anchors;
            }
        }
        snapshot
    }

    /// Counts the configurations forgotten: a job's result is current only
    /// under the generation it was taken at.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Notes how a config file read under `generation` turned out; returns
    /// it when its diagnostic must change (published, moved or cleared). A
    /// reading from before the configurations were last forgotten may
    /// predate a fix, so it changes nothing.
    pub fn config_read(&mut self, file: ConfigFile, generation: u64) -> Option<ConfigFile> {
        if generation != self.generation {
            return None;
        }
        match &file.error {
            Some(e) if self.broken.get(&file.path) == Some(e) => return None,
            Some(e) => {
                self.broken.insert(file.path.clone(), e.clone());
            }
            None => {
                self.broken.remove(&file.path)?;
            }
        }
        Some(file)
    }

    /// Those of `paths` that are config files with a `config-invalid`
    /// diagnostic.
    pub fn broken_among(&self, paths: &[PathBuf]) -> Vec<PathBuf> {
        paths
            .iter()
            .filter(|p| self.broken.contains_key(*p))
            .cloned()
            .collect()
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
    pub fn run(self) -> JobOutput {
        let started = Instant::now();
        let path: Option<PathBuf> = file_path(&self.uri);
        let (config, warnings, config_file) = match self.config {
            Some(c) => (c, Vec::new(), None),
            None => configure(path.as_deref(), self.settings.as_ref()),
        };
        let checked = path.as_deref().is_none_or(|p| config.includes(p));
        let index = LineIndex::new(&self.text);
        let mut read = None;
        let mut anchors = None;
        let (analysis, sidecar, notes_file) = match self.kind {
            JobKind::Transcript {
                base,
                sidecar,
                previous,
                check_disk,
            } => {
                let view = sidecar.map(|input| {
                    let (view, fresh) = resolve(input, check_disk);
                    read = fresh.map(|epoch| (epoch, view.clone()));
                    view
                });
                let notes = view.as_ref().map(|v| v.parsed.notes()).unwrap_or_default();
                let found = anchor_notes(&self.text, &notes, previous.as_ref());
                anchors = Some(Anchors::new(&notes, found.clone()));
                // The folder's settings, those of the `[files."…"]` sections
                // that match the file, and the format its extension tells.
                let settings = match path.as_deref() {
                    Some(path) => config.settings_for(path),
                    None => config.analysis.clone(),
                };
                let analysis = match base {
                    Some(base) => base
                        .analysis
                        .after_edit(&base.text, &self.text, &notes, found, &settings),
                    None => Analysis::with_anchored_notes(&self.text, &notes, found, &settings),
                };
                (analysis, view, None)
            }
            JobKind::Sidecar { transcript } => {
                let parsed = Parsed::from_text(Some(self.text.clone()));
                let transcript = transcript.and_then(|(uri, path, text)| {
                    let text = match text {
                        Some(t) => t,
                        None => notes::read_transcript(&path)?,
                    };
                    let anchors = anchor_notes(&text, &parsed.notes(), None);
                    Some(TranscriptSide {
                        uri,
                        index: LineIndex::new(&text),
                        text,
                        anchors,
                    })
                });
                let file = NotesFile { parsed, transcript };
                (
                    Analysis::new("", &config.analysis),
                    None,
                    Some(Box::new(file)),
                )
            }
        };
        let snapshot = Snapshot {
            uri: self.uri,
            version: self.version,
            text: self.text,
            index,
            encoding: self.encoding,
            config,
            analysis,
            checked,
            result_id: self.result_id,
            sidecar,
            notes_file,
            took: started.elapsed(),
        };
        JobOutput {
            snapshot,
            warnings,
            config_file,
            read,
            anchors,
            ticket: self.ticket,
        }
    }
}

/// The configuration of the file at `path`: defaults, then the nearest
/// `transcript-ls.toml`, then the editor's settings; with the warnings to
/// show and the config file read. A config file that cannot be used leaves
/// the defaults: the editor goes on, and says so on that file.
pub fn configure(
    path: Option<&Path>,
    settings: Option<&Value>,
) -> (Arc<Config>, Vec<ConfigWarning>, Option<ConfigFile>) {
    let (mut config, mut warnings, file) = match path.map(Config::discover) {
        None => (Config::default(), Vec::new(), None),
        Some(Ok((config, warnings))) => {
            let file = config
                .source
                .clone()
                .map(|path| ConfigFile { path, error: None });
            (config, warnings, file)
        }
        Some(Err(e)) => {
            let warnings = vec![unusable(&e)];
            let file = ConfigFile {
                path: e.path.clone(),
                error: Some(Arc::new(e)),
            };
            (Config::default(), warnings, Some(file))
        }
    };
    if let Some(settings) = settings {
        warnings.extend(config.apply_json(settings, "LSP settings"));
    }
    (Arc::new(config), warnings, file)
}

/// The config file at `path` read again after it changed on disk. One that
/// is gone has nothing left to mark.
pub fn reread_config(path: PathBuf) -> ConfigFile {
    let error = match Config::load(&path) {
        Err(e) if path.is_file() => Some(Arc::new(e)),
        _ => None,
    };
    ConfigFile { path, error }
}

/// The message for a config file that cannot be used: the editor goes on
/// with the defaults, and says so.
fn unusable(e: &ConfigError) -> ConfigWarning {
    ConfigWarning {
        origin: e.path.display().to_string(),
        key: String::new(),
        message: format!(
            "{}; transcripts here are analysed with the default settings",
            e.kind
        ),
    }
}

/// The sidecar a transcript job works from, and the epoch to keep it under
/// when it was read afresh.
fn resolve(input: SidecarInput, check_disk: bool) -> (Arc<SidecarView>, Option<u64>) {
    let (path, epoch, buffer) = match input {
        SidecarInput::Ready(view, epoch) => {
            // A client that cannot watch files never says the file changed:
            // look at it (its time and length) before each analysis.
            let stale = match &view.origin {
                Origin::Disk { stamp } => check_disk && notes::file_stamp(&view.path) != *stamp,
                _ => false,
            };
            if !stale {
                return (view, None);
            }
            (view.path.clone(), epoch, None)
        }
        SidecarInput::Read {
            path,
            epoch,
            buffer,
        } => (path, epoch, buffer),
    };
    let (parsed, origin) = match buffer {
        Some((uri, version, text)) => (
            Parsed::from_text(Some(text)),
            Origin::Buffer { uri, version },
        ),
        None => {
            let (parsed, stamp) = notes::read_from_disk(&path);
            (parsed, Origin::Disk { stamp })
        }
    };
    let view = SidecarView {
        path,
        origin,
        parsed,
    };
    (Arc::new(view), Some(epoch))
}

/// Splits a document's own latest ticket from the dependents it touched
/// (a sidecar depends on itself: forgetting its reading renews its ticket).
fn own_ticket(uri: Option<&Uri>, ticket: u64, dependents: Vec<Dependent>) -> (u64, Vec<Dependent>) {
    let mut own = ticket;
    let others = dependents
        .into_iter()
        .filter(|(u, t)| {
            let mine = Some(u) == uri;
            if mine {
                own = *t;
            }
            !mine
        })
        .collect();
    (own, others)
}

/// The file a `file:` URI names; other schemes (unsaved buffers) have none.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    if !uri.scheme().as_str().eq_ignore_ascii_case("file") {
        return None;
    }
    uri.to_file_path().map(|p| p.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigErrorKind;

    fn read(path: &str, error: Option<&str>) -> ConfigFile {
        ConfigFile {
            path: PathBuf::from(path),
            error: error.map(|why| {
                Arc::new(ConfigError {
                    path: PathBuf::from(path),
                    kind: ConfigErrorKind::Unreadable(why.to_string()),
                })
            }),
        }
    }

    /// What `config_read` asks to publish: `Some(error)` marks, `Some(None)`
    /// clears, `None` leaves the diagnostic as it is.
    fn published(state: &mut State, file: ConfigFile, generation: u64) -> Option<Option<String>> {
        state
            .config_read(file, generation)
            .map(|f| f.error.map(|e| e.kind.to_string()))
    }

    #[test]
    fn a_config_files_mark_changes_only_when_its_reading_does() {
        let mut state = State::new();
        let g = state.generation();
        // A good file that was never marked has nothing to clear.
        assert_eq!(published(&mut state, read("/a.toml", None), g), None);
        assert_eq!(
            published(&mut state, read("/a.toml", Some("bad")), g),
            Some(Some("bad".into()))
        );
        // Read again by another transcript's analysis: already marked.
        assert_eq!(published(&mut state, read("/a.toml", Some("bad")), g), None);
        assert_eq!(
            published(&mut state, read("/a.toml", Some("worse")), g),
            Some(Some("worse".into()))
        );
        assert_eq!(
            state
                .broken_among(&["/a.toml".into(), "/b.toml".into()])
                .len(),
            1
        );

        // Fixed on disk: a reading from before it changed is stale.
        state.forget_configs();
        let fixed = state.generation();
        assert_eq!(
            published(&mut state, read("/a.toml", Some("worse")), g),
            None
        );
        assert_eq!(
            published(&mut state, read("/a.toml", None), fixed),
            Some(None)
        );
        assert_eq!(published(&mut state, read("/a.toml", None), fixed), None);
        assert!(state.broken_among(&["/a.toml".into()]).is_empty());
    }
}
