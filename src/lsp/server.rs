//! The `LanguageServer` implementation: each handler converts the request,
//! asks the analysis and converts the answer back.
//!
//! tower-lsp runs handlers concurrently, notifications included, polling
//! each for the first time in the order they arrived. So a handler that
//! changes the text does all of it before its first `.await`, under the
//! state's `std::sync::Mutex`; edits then apply strictly in order. Requests
//! read a `Snapshot` (one analysed version) and do their work on it in
//! `spawn_blocking`, where a panic becomes an error response instead of
//! taking the server down.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::cross::{self, Compared, Facts};
use super::document::{Applied, Change};
use super::outlet::Outlet;
use super::state::{ConfigFile, Lookup, Snapshot, State, file_path, reread_config};
use super::{Options, actions, allocator, capabilities, commands, convert, diagnostics, notes};
use crate::config::ConfigWarning;

/// The settings section the server reads from the editor.
const SECTION: &str = "transcript";

pub struct Backend {
    shared: Arc<Shared>,
}

/// What the handlers and the background diagnostics runs share.
pub struct Shared {
    pub client: Client,
    /// Where diagnostics are sent, beside the client's messages.
    pub outlet: Outlet,
    pub options: Options,
    state: Mutex<State>,
    /// Taken to publish or clear diagnostics, so they reach the client in
    /// the order they were decided.
    pub publishing: tokio::sync::Mutex<()>,
    /// Taken by each note command for its whole run, so commands change the
    /// sidecar one after another.
    pub commands: tokio::sync::Mutex<()>,
    /// Itself, for the work an analysis sets off elsewhere (publishing the
    /// documents whose figures it disagrees with).
    me: Weak<Shared>,
}

impl Shared {
    /// The state, for a moment: never hold the guard across an `.await`.
    pub fn state(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held leaves the state as it was after
        // the last complete step; carry on with it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The analysis of the document's current version, made if need be
    /// (off the async workers) and kept for the next request.
    pub async fn snapshot(&self, uri: &Uri) -> Result<Option<Arc<Snapshot>>> {
        let lookup = self.state().lookup(uri);
        let job = match lookup {
            Lookup::Missing => {
                tracing::warn!("request for a document that is not open: {}", uri.as_str());
                return Ok(None);
            }
            Lookup::Ready(s) => return Ok(Some(s)),
            Lookup::Stale(job) => job,
        };
        let generation = job.generation();
        let (mut output, facts) = blocking(move || {
            let output = job.run();
            let facts = Facts::of(&output.snapshot);
            (output, facts)
        })
        .await?;
        let warnings = std::mem::take(&mut output.warnings);
        let config_file = output.config_file.take();
        let (snapshot, warnings, others) = {
            let mut state = self.state();
            let snapshot = state.store(output, generation);
            // Only the current analysis speaks for the document elsewhere.
            let others = match state.is_current(&snapshot) {
                true => state.compared(&snapshot.uri, facts),
                false => Vec::new(),
            };
            (snapshot, state.unseen(warnings), others)
        };
        if !others.is_empty()
            && let Some(me) = self.me.upgrade()
        {
            diagnostics::republish(&me, others);
        }
        self.warn(warnings).await;
        if let Some(file) = config_file {
            self.config_read(file, generation).await;
        }
        Ok(Some(snapshot))
    }

    /// The comparison of the transcripts' figures as they are now,
    /// made off the async workers when they changed since the last one.
    pub async fn compared(&self) -> Result<Arc<Compared>> {
        let current = self.state().cross.compared();
        let pending = match current {
            Ok(compared) => return Ok(compared),
            Err(pending) => pending,
        };
        let compared = Arc::new(blocking(move || pending.compare()).await?);
        self.state().cross.keep(compared.clone());
        Ok(compared)
    }

    /// Publishes, moves or clears the `config-invalid` diagnostic on a
    /// config file when what is known of it changed. Pushed even to a client
    /// that pulls: it pulls only for the documents it synchronises, and the
    /// config file is not one of them.
    pub async fn config_read(&self, file: ConfigFile, generation: u64) {
        // Decided and sent in one turn, so two readings reach the client in
        // the order they were decided.
        let _turn = self.publishing.lock().await;
        let (changed, encoding) = {
            let mut state = self.state();
            (state.config_read(file, generation), state.encoding)
        };
        let Some(file) = changed else { return };
        let Some(uri) = Uri::from_file_path(&file.path) else {
            return;
        };
        let diagnostics = file
            .error
            .iter()
            .map(|e| convert::config_diagnostic(e, encoding))
            .collect();
        self.client
            .publish_diagnostics(uri, diagnostics, None)
            .await;
    }

    /// Reads again the changed config files that are marked as unusable, so
    /// a fixed or deleted one is cleared even when no open transcript is
    /// governed by it any more.
    async fn reread_configs(&self, changed: Vec<PathBuf>) {
        let (broken, generation) = {
            let state = self.state();
            (state.broken_among(&changed), state.generation())
        };
        for path in broken {
            match blocking(move || reread_config(path)).await {
                Ok(file) => self.config_read(file, generation).await,
                Err(e) => tracing::error!("reading a config file again: {}", e.message),
            }
        }
    }

    /// Runs `f` on the document's current snapshot off the async workers;
    /// `None` when the document is not open or `f` has nothing to say.
    async fn with<R, F>(&self, uri: &Uri, f: F) -> Result<Option<R>>
    where
        R: Send + 'static,
        F: FnOnce(&Snapshot) -> Option<R> + Send + 'static,
    {
        let Some(snapshot) = self.snapshot(uri).await? else {
            return Ok(None);
        };
        blocking(move || f(&snapshot)).await
    }

    /// The outline of a document, for `textDocument/documentSymbol`.
    pub async fn document_symbols(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        self.with(&params.text_document.uri, |s| {
            Some(DocumentSymbolResponse::Nested(convert::document_symbols(s)))
        })
        .await
    }

    /// Shows configuration problems to the user; they never stop the server.
    async fn warn(&self, warnings: Vec<ConfigWarning>) {
        for w in warnings {
            tracing::warn!("{w}");
            self.client.show_message(MessageType::WARNING, &w).await;
        }
    }

    /// The `transcript` settings, asked of the client.
    async fn pull_settings(&self) -> Option<Value> {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some(SECTION.to_string()),
        };
        match self.client.configuration(vec![item]).await {
            Ok(values) => values.into_iter().next().and_then(section),
            Err(e) => {
                tracing::warn!("workspace/configuration failed: {}", e.message);
                None
            }
        }
    }
}

/// Runs slow or risky work on the blocking pool; a panic in it becomes an
/// internal error response.
pub async fn blocking<R, F>(f: F) -> Result<R>
where
    R: Send + 'static,
    F: FnOnce() -> R + Send + 'static,
{
    tokio::task::spawn_blocking(f).await.map_err(|e| {
        let reason = if e.is_panic() {
            panic_message(e.into_panic())
        } else {
            "cancelled".to_string()
        };
        tracing::error!("request failed: {reason}");
        Error {
            code: ErrorCode::InternalError,
            message: format!("transcript-ls failed on this request: {reason}").into(),
            data: None,
        }
    })
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

/// The `transcript` section of settings sent by a client: either wrapped in
/// `{"transcript": …}` or given bare. Null or `{}` means "none sent".
fn section(value: Value) -> Option<Value> {
    let value = match value {
        Value::Object(mut map) if map.contains_key(SECTION) => map.remove(SECTION)?,
        other => other,
    };
    match &value {
        Value::Null => None,
        Value::Object(map) if map.is_empty() => None,
        _ => Some(value),
    }
}

/// The folders of the workspace, as files: its folders, else its root.
fn workspace_folders(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = params.workspace_folders.iter().flatten().map(|f| &f.uri);
    #[allow(deprecated)] // the root is all an older client gives
    let root = params.root_uri.iter();
    let mut paths: Vec<PathBuf> = folders.filter_map(file_path).collect();
    if paths.is_empty() {
        paths = root.filter_map(file_path).collect();
    }
    paths
}

/// `transcript/debugText`: the server's copy of a document, so tests (and
/// curious users) can check it matches the editor's.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DebugTextParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(Debug, Serialize)]
pub struct DebugText {
    pub version: i32,
    pub text: String,
}

/// `transcript/noteAt` params: a position in a transcript.
#[derive(Debug, Deserialize)]
pub struct NoteAtParams {
    pub uri: Uri,
    pub position: Position,
}

/// A note's id and its text (its first textual body).
#[derive(Debug, Serialize)]
pub struct NoteAt {
    pub id: String,
    pub text: String,
}

impl Backend {
    pub fn new(client: Client, options: Options, outlet: Outlet) -> Backend {
        Backend {
            shared: Arc::new_cyclic(|me| Shared {
                client,
                outlet,
                options,
                state: Mutex::new(State::new()),
                publishing: tokio::sync::Mutex::new(()),
                commands: tokio::sync::Mutex::new(()),
                me: me.clone(),
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.shared.state()
    }

    /// What the handlers share, for the requests answered beside tower-lsp.
    pub fn shared(&self) -> Arc<Shared> {
        self.shared.clone()
    }

    pub async fn debug_text(&self, params: DebugTextParams) -> Result<Option<DebugText>> {
        let text = self.state().text(&params.text_document.uri);
        Ok(text.map(|(version, text)| DebugText { version, text }))
    }

    /// `transcript/noteAt`: the note under a position of a transcript (or
    /// of its sidecar), to prefill an edit or pick a note to remove.
    pub async fn note_at(&self, params: NoteAtParams) -> Result<Option<NoteAt>> {
        self.shared
            .with(&params.uri, move |s| {
                let offset = convert::offset(s, params.position)?;
                let note = match &s.notes_file {
                    Some(file) => {
                        let sidecar = file.parsed.sidecar()?;
                        &sidecar.entries()[sidecar.entry_at(offset)?].note
                    }
                    None => &s.analysis.notes[*s.analysis.notes_at(offset).first()?],
                };
                Some(NoteAt {
                    id: note.id.clone(),
                    text: note.text().unwrap_or_default().to_string(),
                })
            })
            .await
    }

    /// Takes new settings and recomputes what depends on them.
    async fn settings_changed(&self, settings: Option<Value>) {
        self.state().set_settings(settings);
        diagnostics::refresh_all(&self.shared).await;
    }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let flags = capabilities::client_flags(&params.capabilities);
        let encoding = capabilities::encoding(&params.capabilities);
        {
            let mut state = self.state();
            state.client = flags;
            state.prompts = capabilities::prompt_commands(&params.capabilities);
            state.encoding = encoding;
            state.folders = workspace_folders(&params);
            state.set_settings(params.initialization_options.and_then(section));
        }
        Ok(InitializeResult {
            capabilities: capabilities::server_capabilities(encoding, flags),
            server_info: Some(ServerInfo {
                name: "transcript-ls".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let (flags, has_settings) = {
            let state = self.state();
            (state.client, state.has_settings())
        };
        let registrations = capabilities::registrations(flags);
        if !registrations.is_empty()
            && let Err(e) = self.shared.client.register_capability(registrations).await
        {
            tracing::warn!(
                "could not register for settings and file changes: {}",
                e.message
            );
        }
        if flags.configuration
            && !has_settings
            && let Some(settings) = self.shared.pull_settings().await
        {
            self.settings_changed(Some(settings)).await;
        }
        // The workspace's transcripts, for the figures open ones disagree with.
        tokio::spawn(cross::scan(self.shared.clone()));
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let (ticket, dependents) = self.state().open(doc.uri.clone(), &doc.text, doc.version);
        diagnostics::schedule(&self.shared, doc.uri, ticket);
        diagnostics::republish(&self.shared, dependents);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // All of this happens before the first (and only) `.await`-free
        // return: edits apply in the order they arrived.
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let changes: Vec<Change> = params
            .content_changes
            .into_iter()
            .map(convert::change)
            .collect();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            self.state().change(&uri, version, &changes)
        }));
        match outcome {
            Err(_) => tracing::error!("applying a change to {} panicked", uri.as_str()),
            Ok(None) => tracing::warn!("change to a document that is not open: {}", uri.as_str()),
            Ok(Some((Applied::Stale { current }, _, _))) => tracing::warn!(
                "ignored version {version} of {}: already at version {current}",
                uri.as_str()
            ),
            Ok(Some((Applied::Done { skipped, .. }, ticket, dependents))) => {
                for (i, e) in skipped {
                    tracing::warn!("skipped change {i} to {} v{version}: {e}", uri.as_str());
                }
                diagnostics::schedule(&self.shared, uri, ticket);
                diagnostics::republish(&self.shared, dependents);
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let (was_open, dependents) = self.state().close(&uri);
        diagnostics::republish(&self.shared, dependents);
        if was_open {
            // Its file speaks for it again, as it is on disk now.
            tokio::spawn(cross::reread(self.shared.clone(), uri.clone()));
            diagnostics::clear(&self.shared, uri).await;
            // What the document held is free now; give it back rather than
            // keep it for the next document, which may never come.
            if let Err(e) = blocking(allocator::give_back).await {
                tracing::warn!("returning freed memory: {}", e.message);
            }
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let mut settings = section(params.settings);
        let can_pull = self.state().client.configuration;
        if settings.is_none() && can_pull {
            settings = self.shared.pull_settings().await;
        }
        self.settings_changed(settings).await;
        tokio::spawn(cross::scan(self.shared.clone()));
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        // Config files are read from disk only, so only files can be them.
        let configs: Vec<PathBuf> = params
            .changes
            .iter()
            .filter_map(|c| file_path(&c.uri))
            .filter(|p| p.file_name() == Some(crate::config::FILE_NAME.as_ref()))
            .collect();
        // A sidecar changed, appeared or went: read it again.
        let sidecars: Vec<_> = params
            .changes
            .iter()
            .filter_map(|c| file_path(&c.uri))
            .filter(|p| notes::is_sidecar(p))
            .collect();
        let mut dependents = Vec::new();
        for path in sidecars {
            tracing::debug!("notes changed on disk: {}", path.display());
            dependents.extend(self.state().forget_sidecar(&path));
        }
        if !configs.is_empty() {
            self.state().forget_configs();
            self.shared.reread_configs(configs).await;
            diagnostics::refresh_all(&self.shared).await;
            tokio::spawn(cross::scan(self.shared.clone()));
        } else {
            diagnostics::republish(&self.shared, dependents);
        }
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        // Served by `direct`, which answers through the outlet; kept for a
        // server built without it.
        self.shared.document_symbols(params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        self.shared
            .with(&params.text_document.uri, |s| {
                Some(convert::folding_ranges(s))
            })
            .await
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        let mut uris = self.state().uris();
        uris.sort();
        let mut symbols = Vec::new();
        for uri in uris {
            let query = params.query.clone();
            let found = self
                .shared
                .with(&uri, move |s| Some(convert::workspace_symbols(s, &query)))
                .await?;
            symbols.extend(found.unwrap_or_default());
        }
        Ok(Some(WorkspaceSymbolResponse::Nested(symbols)))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        self.shared
            .with(&at.text_document.uri, move |s| {
                let offset = convert::offset(s, at.position)?;
                if let Some(file) = &s.notes_file {
                    return notes::sidecar_hover(s, file, offset);
                }
                let info = s.analysis.hover(&s.text, offset)?;
                Some(convert::hover(s, info))
            })
            .await
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let at = params.text_document_position_params;
        self.shared
            .with(&at.text_document.uri, move |s| {
                let offset = convert::offset(s, at.position)?;
                // From a note in the sidecar to its words in the transcript.
                if let Some(file) = &s.notes_file {
                    let location = notes::sidecar_definition(s, file, offset)?;
                    return Some(GotoDefinitionResponse::Scalar(location));
                }
                // From noted words to their notes in the sidecar.
                let view = s.sidecar.as_ref()?;
                let locations: Vec<Location> = s
                    .analysis
                    .notes_at(offset)
                    .into_iter()
                    .filter_map(|i| notes::entry_location(view, i, s.encoding))
                    .collect();
                match locations.len() {
                    0 => None,
                    1 => locations
                        .into_iter()
                        .next()
                        .map(GotoDefinitionResponse::Scalar),
                    _ => Some(GotoDefinitionResponse::Array(locations)),
                }
            })
            .await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let (client, prompts) = {
            let state = self.state();
            (state.client, state.prompts.clone())
        };
        self.shared
            .with(&params.text_document.uri, move |s| {
                if s.notes_file.is_some() {
                    return None;
                }
                Some(actions::for_range(
                    s,
                    params.range,
                    params.context.only.as_deref(),
                    &client,
                    &prompts,
                ))
            })
            .await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<Value>> {
        commands::execute(&self.shared, params).await
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        diagnostics::pull(&self.shared, params).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_in_a_request_becomes_an_error_response() {
        let result: Result<()> = blocking(|| panic!("boom")).await;
        let error = result.expect_err("the panic is an error");
        assert_eq!(error.code, ErrorCode::InternalError);
        assert!(error.message.contains("boom"), "{}", error.message);
    }

    #[test]
    fn settings_come_wrapped_or_bare() {
        use serde_json::json;
        let inner = json!({"severity": {"count": "error"}});
        assert_eq!(
            section(json!({"transcript": inner.clone()})),
            Some(inner.clone())
        );
        assert_eq!(section(inner.clone()), Some(inner));
        assert_eq!(section(Value::Null), None);
        assert_eq!(section(json!({})), None);
        assert_eq!(section(json!({"transcript": null})), None);
    }
}
