//! The note commands (`workspace/executeCommand`): add, edit, remove and
//! reattach a note, cite a figure, mark it reviewed; and one that only
//! reads, `transcript.copyTimestamp`, the time in the recording at a
//! position. A note on timed words records that time as a media fragment.
//! `transcript.claims` (the claims table) lives in `claims`.
//!
//! Each command takes one object argument (see `editors/PROTOCOL.md`) and
//! changes the transcript's sidecar by a few text edits, computed by
//! `crate::sidecar` against the text the server knows: the editor's buffer
//! when the sidecar is open, else the file. The edits go to the editor as a
//! `workspace/applyEdit` (so its undo works and an unsaved buffer is
//! respected), creating the file when it is missing. Edits to a file the
//! editor does not have open are never sent blind: the file is read again
//! first, and if it changed behind the server's back (a client that cannot
//! watch files, a `git pull` racing the watcher) the edits start again from
//! what it holds now. Where the client cannot apply edits, or declines, the
//! file is written atomically instead, after reading it again. A file that
//! does not parse is never written: the command fails and says why. A
//! sidecar that is a link is written through to its target; one that leads
//! to the transcript or to anything but a notes file is refused. Commands
//! run one at a time, so each starts from what the one before left.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use super::convert;
use super::diagnostics;
use super::notes::{self, Parsed, editor_text};
use super::server::{Shared, blocking};
use super::state::{SidecarSource, file_path};
use crate::analysis::{Analysis, Edit, format_clock, media_fragment};
use crate::notes::{Note, NoteKind, Target, target_for};
use crate::sidecar::{self, EditError, Sidecar};
use crate::text::{Encoding, LineIndex, Span};

pub const ADD_NOTE: &str = "transcript.addNote";
pub const EDIT_NOTE: &str = "transcript.editNote";
pub const CITE_FIGURE: &str = "transcript.citeFigure";
pub const MARK_REVIEWED: &str = "transcript.markReviewed";
pub const REMOVE_NOTE: &str = "transcript.removeNote";
pub const REATTACH_NOTE: &str = "transcript.reattachNote";
pub const COPY_TIMESTAMP: &str = "transcript.copyTimestamp";
pub use super::claims::CLAIMS;
pub use super::cursor::PLACE_CURSOR;

/// Every command the server runs, as it advertises them.
pub const ALL: [&str; 9] = [
    ADD_NOTE,
    EDIT_NOTE,
    CITE_FIGURE,
    MARK_REVIEWED,
    REMOVE_NOTE,
    REATTACH_NOTE,
    COPY_TIMESTAMP,
    PLACE_CURSOR,
    CLAIMS,
];

#[derive(Debug, Deserialize)]
struct AddNoteArgs {
    uri: Uri,
    range: Range,
    text: String,
}

#[derive(Debug, Deserialize)]
struct EditNoteArgs {
    uri: Uri,
    id: String,
    text: String,
}

#[derive(Debug, Deserialize)]
struct CiteFigureArgs {
    uri: Uri,
    range: Range,
    source: String,
}

/// `transcript.markReviewed`'s arguments: the figure, and why it needs no
/// citation when the user says (`Not a claim`).
#[derive(Debug, Deserialize)]
struct ReviewArgs {
    uri: Uri,
    range: Range,
    #[serde(default)]
    comment: Option<String>,
}

#[derive(Debug, Deserialize)]
struct IdArgs {
    uri: Uri,
    id: String,
}

#[derive(Debug, Deserialize)]
struct PositionArgs {
    uri: Uri,
    position: Position,
}

#[derive(Debug, Deserialize)]
struct ReattachArgs {
    uri: Uri,
    id: String,
    range: Range,
}

/// A command, read from its argument.
#[derive(Debug)]
enum Request {
    /// A new note on a range (`figure`: on the figure at the cursor when
    /// the range is empty).
    Add {
        uri: Uri,
        range: Range,
        kind: NoteKind,
        figure: bool,
    },
    Edit {
        uri: Uri,
        id: String,
        text: String,
    },
    Remove {
        uri: Uri,
        id: String,
    },
    Reattach {
        uri: Uri,
        id: String,
        range: Range,
    },
}

impl Request {
    fn parse(params: &ExecuteCommandParams) -> Result<Request> {
        let command = params.command.as_str();
        let arg = || -> Result<&Value> {
            params.arguments.first().ok_or_else(|| {
                invalid(format!(
                    "{command} takes one object argument; none was given"
                ))
            })
        };
        Ok(match command {
            ADD_NOTE => {
                let a: AddNoteArgs = read(command, arg()?)?;
                if a.text.trim().is_empty() {
                    return Err(invalid("the note has no text".into()));
                }
                Request::Add {
                    uri: a.uri,
                    range: a.range,
                    kind: NoteKind::Comment(a.text),
                    figure: false,
                }
            }
            CITE_FIGURE => {
                let a: CiteFigureArgs = read(command, arg()?)?;
                if a.source.trim().is_empty() {
                    return Err(invalid(
                        "no source given: a URL, a DOI or a citation key".into(),
                    ));
                }
                Request::Add {
                    uri: a.uri,
                    range: a.range,
                    kind: NoteKind::Source {
                        reference: a.source.trim().to_string(),
                        comment: None,
                    },
                    figure: true,
                }
            }
            MARK_REVIEWED => {
                let a: ReviewArgs = read(command, arg()?)?;
                Request::Add {
                    uri: a.uri,
                    range: a.range,
                    kind: NoteKind::Reviewed {
                        comment: a
                            .comment
                            .map(|c| c.trim().to_string())
                            .filter(|c| !c.is_empty()),
                    },
                    figure: true,
                }
            }
            EDIT_NOTE => {
                let a: EditNoteArgs = read(command, arg()?)?;
                Request::Edit {
                    uri: a.uri,
                    id: a.id,
                    text: a.text,
                }
            }
            REMOVE_NOTE => {
                let a: IdArgs = read(command, arg()?)?;
                Request::Remove {
                    uri: a.uri,
                    id: a.id,
                }
            }
            REATTACH_NOTE => {
                let a: ReattachArgs = read(command, arg()?)?;
                Request::Reattach {
                    uri: a.uri,
                    id: a.id,
                    range: a.range,
                }
            }
            other => {
                return Err(Error {
                    code: ErrorCode::MethodNotFound,
                    message: format!("unknown command `{other}`").into(),
                    data: None,
                });
            }
        })
    }

    fn uri(&self) -> &Uri {
        match self {
            Request::Add { uri, .. }
            | Request::Edit { uri, .. }
            | Request::Remove { uri, .. }
            | Request::Reattach { uri, .. } => uri,
        }
    }
}

pub(super) fn read<T: DeserializeOwned>(command: &str, arg: &Value) -> Result<T> {
    serde_json::from_value(arg.clone())
        .map_err(|e| invalid(format!("bad argument to {command}: {e}")))
}

pub(super) fn invalid(message: String) -> Error {
    Error {
        code: ErrorCode::InvalidParams,
        message: message.into(),
        data: None,
    }
}

/// The LSP `RequestFailed` code: the request was valid but could not be done.
const REQUEST_FAILED: i64 = -32803;

fn failed(message: impl Into<String>) -> Error {
    let message = message.into();
    tracing::warn!("note command failed: {message}");
    Error {
        code: ErrorCode::ServerError(REQUEST_FAILED),
        message: message.into(),
        data: None,
    }
}

/// A transcript as a command sees it.
struct Transcript {
    path: PathBuf,
    text: String,
    index: LineIndex,
    analysis: Option<Arc<super::state::Snapshot>>,
}

impl Transcript {
    /// The open document's current text, else the file's.
    async fn of(shared: &Shared, uri: &Uri) -> Result<Transcript> {
        let path = file_path(uri).ok_or_else(|| {
            failed(format!(
                "notes are kept beside a saved file; save {} first",
                uri.as_str()
            ))
        })?;
        if notes::is_sidecar(&path) {
            return Err(failed(
                "give the transcript's URI, not its notes file's".to_string(),
            ));
        }
        let open = shared.state().version(uri).is_some();
        if open && let Some(s) = shared.snapshot(uri).await? {
            return Ok(Transcript {
                path,
                text: s.text.clone(),
                index: s.index.clone(),
                analysis: Some(s),
            });
        }
        let read = path.clone();
        let text = blocking(move || notes::read_transcript(&read))
            .await?
            .ok_or_else(|| failed(format!("cannot read {}", path.display())))?;
        Ok(Transcript {
            path,
            index: LineIndex::new(&text),
            text,
            analysis: None,
        })
    }

    fn span(&self, range: Range, encoding: Encoding) -> Span {
        let at = |p: Position| {
            self.index
                .offset_clamped(&self.text, convert::line_col(p), encoding)
        };
        let (a, b) = (at(range.start), at(range.end));
        a.min(b)..a.max(b)
    }

    /// `f` of the open document's analysis, or of one made for the file.
    fn with_analysis<R>(&self, f: impl FnOnce(&Analysis) -> R) -> R {
        match &self.analysis {
            Some(s) => f(&s.analysis),
            None => f(&Analysis::new(&self.text, &Default::default())),
        }
    }

    /// The figure at `offset`, for a command given a cursor rather than a
    /// selection.
    fn figure_at(&self, offset: usize) -> Option<Span> {
        self.with_analysis(|analysis| {
            analysis
                .figures
                .iter()
                .find(|f| f.span.start <= offset && offset <= f.span.end)
                .map(|f| f.span.clone())
        })
    }

    /// What a note on `span` targets: its words, and when they were said
    /// when the transcript gives times.
    fn target(&self, span: Span) -> Target {
        let mut target = target_for(&self.text, span.clone());
        target.fragment = self
            .with_analysis(|a| a.time_span(&span))
            .map(|(start, end)| media_fragment(start, end));
        target
    }
}

/// What a command does to a sidecar, computed again if it must start over
/// from the file on disk.
struct Plan {
    request: Request,
    /// What the note is attached to, for `Add` and `Reattach`.
    target: Target,
    /// The id of the new note, for `Add`.
    new_id: String,
    stamp: crate::notes::Stamp,
    source: String,
}

impl Plan {
    /// The edits to `sidecar`, and the id of the note they concern.
    fn edits(&self, sidecar: &Sidecar) -> std::result::Result<Vec<Edit>, EditError> {
        Ok(match &self.request {
            Request::Add { kind, .. } => {
                let note = Note::new(
                    self.new_id.clone(),
                    kind.clone(),
                    self.target.clone(),
                    &self.stamp,
                );
                sidecar.add(&note, &self.source)?
            }
            Request::Edit { id, text, .. } => sidecar.edit_text(id, text, &self.stamp)?.edits,
            Request::Remove { id, .. } => sidecar.remove(id)?,
            Request::Reattach { id, .. } => {
                sidecar
                    .reattach_to(id, self.target.clone(), &self.source, &self.stamp)?
                    .edits
            }
        })
    }

    fn id(&self) -> &str {
        match &self.request {
            Request::Add { .. } => &self.new_id,
            Request::Edit { id, .. }
            | Request::Remove { id, .. }
            | Request::Reattach { id, .. } => id,
        }
    }

    /// The new text of a sidecar (`parsed`), or why the command cannot change it.
    fn apply(&self, parsed: &Parsed, path: &Path) -> Result<Changed> {
        if let Some(why) = parsed.refusal(path) {
            return Err(failed(why));
        }
        let blank;
        let sidecar = match parsed {
            Parsed::Read(s) => s,
            _ => {
                blank = Sidecar::blank();
                &blank
            }
        };
        let edits = self.edits(sidecar).map_err(|e| failed(e.to_string()))?;
        let text = sidecar::apply_edits(sidecar.text(), &edits);
        let after = Parsed::from_text(Some(text.clone()));
        if after.sidecar().is_none() {
            // Never happens with edits made by `sidecar`; never write it if it does.
            return Err(failed(format!(
                "the change would break {}; nothing was written",
                path.display()
            )));
        }
        Ok(Changed {
            old: sidecar.text().to_string(),
            edits,
            text,
            after,
        })
    }
}

/// A sidecar's text before and after a command.
struct Changed {
    old: String,
    edits: Vec<Edit>,
    text: String,
    after: Parsed,
}

/// Where the edits go.
enum Destination {
    /// The editor's open buffer, at this version.
    Buffer { uri: Uri, version: i32 },
    /// The file, which may not exist yet.
    File { uri: Uri, exists: bool },
}

/// Runs a command: a note command answers `{ "id": … }`, the note's id;
/// `copyTimestamp` answers the time at a position.
pub async fn execute(shared: &Arc<Shared>, params: ExecuteCommandParams) -> Result<Option<Value>> {
    if params.command == COPY_TIMESTAMP {
        return copy_timestamp(shared, &params).await;
    }
    if params.command == PLACE_CURSOR {
        return super::cursor::place(shared, &params).await;
    }
    if params.command == CLAIMS {
        return super::claims::execute(shared, &params).await;
    }
    let request = Request::parse(&params)?;
    // One command at a time: each computes its edits from what the one
    // before left.
    let _turn = shared.commands.lock().await;
    let transcript = Transcript::of(shared, request.uri()).await?;
    let (encoding, flags) = {
        let state = shared.state();
        (state.encoding, state.client)
    };
    let span = match &request {
        Request::Add { range, figure, .. } => {
            let span = transcript.span(*range, encoding);
            match (span.is_empty(), figure) {
                (false, _) => span,
                (true, true) => transcript.figure_at(span.start).ok_or_else(|| {
                    failed("no figure at the cursor: select the words to cite or mark".to_string())
                })?,
                (true, false) => {
                    return Err(failed("select the text the note is about".to_string()));
                }
            }
        }
        Request::Reattach { range, .. } => {
            let span = transcript.span(*range, encoding);
            if span.is_empty() {
                return Err(failed("select the text to attach the note to".to_string()));
            }
            span
        }
        // Edits and removals name their note by id.
        Request::Edit { .. } | Request::Remove { .. } => 0..0,
    };
    let path = sidecar::path_for(&transcript.path);
    // A linked sidecar is written through to its target; a link to the
    // transcript, or to anything but a notes file, is never written.
    let write_to = {
        let (link, of) = (path.clone(), transcript.path.clone());
        blocking(move || sidecar::link::write_target(&link, &of))
            .await?
            .map_err(failed)?
    };
    let target = match &request {
        Request::Add { .. } | Request::Reattach { .. } => transcript.target(span.clone()),
        Request::Edit { .. } | Request::Remove { .. } => Target::default(),
    };
    let plan = Plan {
        source: sidecar::source_name(&transcript.path),
        request,
        target,
        new_id: sidecar::new_id(),
        stamp: sidecar::stamp(None),
    };

    // Where the sidecar's text comes from, and where the edits go.
    let source = shared.state().sidecar_source(&path);
    let (parsed, mut destination) = match source {
        SidecarSource::Buffer { uri, version, text } => (
            Parsed::from_text(Some(text)),
            Destination::Buffer { uri, version },
        ),
        SidecarSource::Written(view) => {
            let uri = view
                .uri()
                .ok_or_else(|| failed("the notes file has no URI"))?;
            (view.parsed.clone(), Destination::File { uri, exists: true })
        }
        SidecarSource::Disk => {
            let read = path.clone();
            let (parsed, _) = blocking(move || notes::read_from_disk(&read)).await?;
            let uri =
                Uri::from_file_path(&path).ok_or_else(|| failed("the notes file has no URI"))?;
            let exists = !matches!(parsed, Parsed::Missing);
            (parsed, Destination::File { uri, exists })
        }
    };
    let mut changed = plan.apply(&parsed, &path)?;
    if flags.apply_edit
        && let Destination::File { exists, .. } = &mut destination
        && let Some(now) = changed_on_disk(&path, &parsed).await?
    {
        // Edits to a file the editor does not show must fit what the file
        // holds now, not the copy the server last saw: start again from
        // the file, or refuse if it no longer parses.
        tracing::info!(
            "{} changed on disk behind the server; the change starts again from the file",
            path.display()
        );
        *exists = !matches!(now, Parsed::Missing);
        changed = plan.apply(&now, &path)?;
    }

    let can_send = flags.apply_edit
        && match &destination {
            Destination::Buffer { .. } => true,
            Destination::File { exists, .. } => {
                *exists || (flags.create_files && flags.document_changes)
            }
        };
    let declined = if can_send {
        let edit = workspace_edit(&destination, &changed, encoding, flags.document_changes);
        match shared.client.apply_edit(edit).await {
            Ok(r) if r.applied => None,
            Ok(r) => Some(r.failure_reason.unwrap_or_else(|| "no reason given".into())),
            Err(e) => Some(e.message.to_string()),
        }
    } else {
        Some("the client does not apply workspace edits".to_string())
    };

    let dependents = match declined {
        None => {
            if let Destination::Buffer { uri, .. } = &destination {
                settle(shared, uri, &changed.text).await;
            }
            shared.state().sidecar_written(&path, changed.after)
        }
        Some(reason) => {
            tracing::info!("writing {} directly: {reason}", path.display());
            if matches!(destination, Destination::Buffer { .. }) {
                return Err(failed(format!(
                    "the editor did not apply the change to the open {} ({reason}); nothing was written",
                    path.display()
                )));
            }
            write_file(shared, &plan, &path, &write_to).await?
        }
    };
    diagnostics::republish(shared, dependents);
    Ok(Some(json!({ "id": plan.id() })))
}

/// The edits as a workspace edit: to the open buffer at its version, to the
/// file, or creating the file first.
fn workspace_edit(
    destination: &Destination,
    changed: &Changed,
    encoding: Encoding,
    document_changes: bool,
) -> WorkspaceEdit {
    let (uri, version, shown) = match destination {
        // A buffer's text is exactly what the editor shows.
        Destination::Buffer { uri, version } => (uri, Some(*version), (changed.old.as_str(), 0)),
        Destination::File { uri, .. } => (uri, None, editor_text(&changed.old)),
    };
    let (text, shift) = shown;
    let index = LineIndex::new(text);
    let edits: Vec<TextEdit> = changed
        .edits
        .iter()
        .map(|e| {
            let span = e.span.start.saturating_sub(shift)..e.span.end.saturating_sub(shift);
            TextEdit::new(
                convert::range_in(&index, text, encoding, &span),
                e.text.clone(),
            )
        })
        .collect();
    if !document_changes {
        return WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..Default::default()
        };
    }
    let edit = TextDocumentEdit {
        text_document: OptionalVersionedTextDocumentIdentifier {
            uri: uri.clone(),
            version,
        },
        edits: edits.into_iter().map(OneOf::Left).collect(),
    };
    let create = matches!(destination, Destination::File { exists: false, .. });
    let document_changes = if create {
        DocumentChanges::Operations(vec![
            DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(false),
                }),
                annotation_id: None,
            })),
            DocumentChangeOperation::Edit(edit),
        ])
    } else {
        DocumentChanges::Edits(vec![edit])
    };
    WorkspaceEdit {
        document_changes: Some(document_changes),
        ..Default::default()
    }
}

/// How long to wait for the editor to report an edit it applied to an open
/// buffer, so the next command starts from the buffer's text.
const SETTLE: Duration = Duration::from_secs(2);

/// Waits until the open buffer `uri` holds `text` (the editor reports the
/// edit it applied with a `didChange`, usually before it answers).
async fn settle(shared: &Shared, uri: &Uri, text: &str) {
    let start = tokio::time::Instant::now();
    while start.elapsed() < SETTLE {
        let caught_up = shared.state().text(uri).is_none_or(|(_, now)| now == text);
        if caught_up {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tracing::warn!("the editor did not report the edit to {}", uri.as_str());
}

/// The sidecar as the disk holds it now, if that is not the text of
/// `known` (the copy the edits were computed from).
async fn changed_on_disk(path: &Path, known: &Parsed) -> Result<Option<Parsed>> {
    let read = path.to_path_buf();
    let (now, _) = blocking(move || notes::read_from_disk(&read)).await?;
    let same = match (&now, known) {
        (Parsed::Missing, Parsed::Missing) => true,
        (Parsed::Unreadable(_), _) | (_, Parsed::Unreadable(_)) => false,
        _ => now.text() == known.text(),
    };
    Ok((!same).then_some(now))
}

/// Writes the change to the file itself (temp file and rename), starting
/// again from the file as it is on disk now. `write_to` is the file the
/// sidecar's path leads to, so a link is written through, not replaced.
async fn write_file(
    shared: &Shared,
    plan: &Plan,
    path: &Path,
    write_to: &Path,
) -> Result<Vec<super::state::Dependent>> {
    let read = path.to_path_buf();
    let (parsed, _) = blocking(move || notes::read_from_disk(&read)).await?;
    let changed = plan.apply(&parsed, path)?;
    let (write, text) = (write_to.to_path_buf(), changed.text.clone());
    blocking(move || sidecar::write_atomically(&write, &text))
        .await?
        .map_err(|e| failed(format!("cannot write {}: {e}", path.display())))?;
    Ok(shared.state().sidecar_saved(path, changed.after))
}

/// `transcript.copyTimestamp`: the time in the recording of the words at a
/// position, `{ "timestamp": "HH:MM:SS(.mmm)", "seconds": number }`, or
/// `null` where the transcript gives no time. It changes nothing, so it
/// does not wait for the note commands.
async fn copy_timestamp(
    shared: &Arc<Shared>,
    params: &ExecuteCommandParams,
) -> Result<Option<Value>> {
    let arg = params.arguments.first().ok_or_else(|| {
        invalid(format!(
            "{COPY_TIMESTAMP} takes one object argument; none was given"
        ))
    })?;
    let a: PositionArgs = read(COPY_TIMESTAMP, arg)?;
    // An open document need not be saved: no sidecar is involved.
    let open = shared.state().version(&a.uri).is_some();
    let transcript = match shared.snapshot(&a.uri).await? {
        Some(s) if open => Transcript {
            path: PathBuf::new(),
            text: s.text.clone(),
            index: s.index.clone(),
            analysis: Some(s),
        },
        _ => Transcript::of(shared, &a.uri).await?,
    };
    let encoding = shared.state().encoding;
    let offset = transcript
        .span(Range::new(a.position, a.position), encoding)
        .start;
    let seconds = transcript.with_analysis(|analysis| analysis.time_at(offset));
    Ok(Some(match seconds {
        Some(s) => json!({ "timestamp": format_clock(s), "seconds": s }),
        None => Value::Null,
    }))
}
