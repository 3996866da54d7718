//! `transcript.claims`: the claims table of the workspace, for an editor to
//! show as a tree or a list (see `editors/PROTOCOL.md`).
//!
//! A fact-checker works from the list of every figure, cited or not, across
//! the transcripts of a story. The rows are those of `transcript-ls claims`
//! (`analysis::claims`), over every transcript the server knows: the open
//! documents as the editor holds them (unsaved edits included), and the
//! transcript files of the workspace folders found as the command line
//! finds them (`crate::walk`), read with their sidecars' notes. Each row
//! says which figures of other transcripts it disagrees with
//! (`analysis::agreement`). The work runs on the blocking pool, the files
//! on disk analysed in parallel, and each file's analysis is dropped once
//! its rows are made. Given `{ "uri": … }` the command answers that
//! document's rows only, compared with the other open documents alone: cheap
//! enough to run at every change, for a count in a status bar.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;

use super::commands::read;
use super::convert;
use super::cross::{Facts, ON_DISK, one_line};
use super::notes;
use super::server::{Shared, blocking};
use super::state::{Snapshot, configure};
use crate::analysis::agreement::{self, FigureRef, Statement};
use crate::analysis::{Analysis, claims, format_clock};
use crate::text::{Encoding, LineIndex, Span};
use crate::walk::{self, Configs, Overrides};

pub const CLAIMS: &str = "transcript.claims";

/// The optional argument: one document's rows only.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClaimsArgs {
    uri: Option<Uri>,
}

/// The answer.
#[derive(Debug, Serialize)]
struct Table {
    version: u32,
    rows: Vec<Row>,
    /// The transcripts listed, with how many claims each holds.
    files: Vec<FileCount>,
    /// Files of the workspace that could not be read, and why.
    failed: Vec<Failed>,
}

#[derive(Debug, Serialize)]
struct FileCount {
    uri: Uri,
    claims: usize,
}

#[derive(Debug, Serialize)]
struct Failed {
    path: String,
    why: String,
}

/// One claim.
#[derive(Debug, Clone, Serialize)]
struct Row {
    uri: Uri,
    range: Range,
    speaker: Option<String>,
    /// Seconds into the recording, and as a clock, when the transcript
    /// gives times.
    time: Option<f64>,
    clock: Option<String>,
    /// The figure as written, on one line.
    figure: String,
    kind: &'static str,
    value: f64,
    upper: Option<f64>,
    unit: Option<String>,
    qualifier: Option<String>,
    /// `uncited`, `cited`, `reviewed`, `hint` or `ignored`.
    status: &'static str,
    /// What the status rests on: the source, the note, why it is a hint;
    /// `None` when nothing more is to be said (as in `claims --format json`).
    detail: Option<String>,
    rule: &'static str,
    reason: &'static str,
    sentence: String,
    /// The figures of other transcripts it disagrees with, if any.
    disagrees: Option<Disagrees>,
}

#[derive(Debug, Clone, Serialize)]
struct Disagrees {
    /// How many figures of other transcripts disagree with this one.
    total: usize,
    /// A few of them.
    with: Vec<Other>,
}

#[derive(Debug, Clone, Serialize)]
struct Other {
    uri: Uri,
    range: Range,
    figure: String,
}

/// One transcript's rows, index-aligned with its figures, and what the
/// comparison keeps of them.
struct Listed {
    uri: Uri,
    rows: Vec<Row>,
    statements: Vec<Statement>,
}

impl Listed {
    fn of(uri: Uri, text: &str, index: &LineIndex, analysis: &Analysis, enc: Encoding) -> Listed {
        let t = &analysis.transcript;
        let range = |span: &Span| convert::range_in(index, text, enc, span);
        let rows = claims::build(text, analysis)
            .into_iter()
            .map(|claim| {
                let f = &analysis.figures[claim.figure];
                Row {
                    uri: uri.clone(),
                    range: range(&f.span),
                    speaker: claim.speaker.map(|s| t.speakers[s].name.clone()),
                    time: claim.time,
                    clock: claim.time.map(format_clock),
                    figure: one_line(&text[f.span.clone()]),
                    kind: f.kind.as_str(),
                    value: f.value,
                    upper: f.upper,
                    unit: f.unit.clone(),
                    qualifier: f.qualifier.clone(),
                    status: claim.status.as_str(),
                    detail: (!claim.detail.is_empty()).then_some(claim.detail),
                    rule: claim.reading.rule(),
                    reason: claim.reading.text(),
                    sentence: claim.excerpt,
                    disagrees: None,
                }
            })
            .collect();
        Listed {
            statements: agreement::statements(analysis),
            uri,
            rows,
        }
    }

    fn of_snapshot(s: &Snapshot) -> Listed {
        Listed::of(s.uri.clone(), &s.text, &s.index, &s.analysis, s.encoding)
    }
}

/// Runs `transcript.claims`.
pub async fn execute(shared: &Arc<Shared>, params: &ExecuteCommandParams) -> Result<Option<Value>> {
    let only = match params.arguments.first() {
        None | Some(Value::Null) => None,
        Some(arg) => read::<ClaimsArgs>(CLAIMS, arg)?.uri,
    };
    let (open, folders, settings, encoding) = {
        let state = shared.state();
        (
            state.transcripts(),
            state.folders.clone(),
            state.settings(),
            state.encoding,
        )
    };
    let mut listed = Vec::new();
    for (uri, _) in &open {
        let Some(s) = shared.snapshot(uri).await? else {
            continue;
        };
        // A file the configuration excludes is not checked, nor listed.
        if s.checked {
            listed.push(blocking(move || Listed::of_snapshot(&s)).await?);
        }
    }
    let mut failed = Vec::new();
    if only.is_none() {
        let skip: HashSet<PathBuf> = open.into_iter().filter_map(|(_, p)| p).collect();
        let (found, unread) =
            blocking(move || from_disk(&folders, &skip, settings.as_ref(), encoding)).await?;
        listed.extend(found);
        failed = unread;
    }
    let table = blocking(move || table(listed, failed, only.as_ref())).await?;
    serde_json::to_value(table).map(Some).map_err(|e| Error {
        code: ErrorCode::InternalError,
        message: format!("{CLAIMS}: the table could not be written: {e}").into(),
        data: None,
    })
}

/// The transcripts under `folders` that are not open (`skip`), listed;
/// with the files that could not be read.
fn from_disk(
    folders: &[PathBuf],
    skip: &HashSet<PathBuf>,
    settings: Option<&Value>,
    encoding: Encoding,
) -> (Vec<Listed>, Vec<Failed>) {
    if folders.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let found = match Configs::new(None, &Overrides::default()) {
        Ok(mut configs) => walk::collect(folders, &mut configs),
        Err(e) => {
            let why = e.to_string();
            return (
                Vec::new(),
                vec![Failed {
                    path: e.path.display().to_string(),
                    why,
                }],
            );
        }
    };
    let mut failed: Vec<Failed> = found
        .errors
        .into_iter()
        .map(|(path, why)| Failed {
            path: path.display().to_string(),
            why,
        })
        .collect();
    let read: Vec<std::result::Result<Option<Listed>, Failed>> = found
        .targets
        .par_iter()
        .filter(|t| !skip.contains(&t.path) && !skip.contains(&absolute(&t.path)))
        .map(|t| list_file(&t.path, settings, encoding))
        .collect();
    let mut listed = Vec::new();
    for r in read {
        match r {
            Ok(Some(l)) => listed.push(l),
            Ok(None) => {}
            Err(f) => failed.push(f),
        }
    }
    (listed, failed)
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// One file read from disk and listed with its sidecar's notes, under the
/// settings the server would analyse it with; `None` for a file without
/// text, or one the settings exclude.
fn list_file(
    path: &Path,
    settings: Option<&Value>,
    encoding: Encoding,
) -> std::result::Result<Option<Listed>, Failed> {
    Ok(analyse_file(path, settings)?
        .map(|(uri, text, index, analysis)| Listed::of(uri, &text, &index, &analysis, encoding)))
}

/// A transcript file as the server would analyse it were it open: its
/// sidecar's notes, the configuration found from its folder and the
/// editor's settings; `None` for a file without text, or one the settings
/// exclude.
fn analyse_file(
    path: &Path,
    settings: Option<&Value>,
) -> std::result::Result<Option<(Uri, String, LineIndex, Analysis)>, Failed> {
    let failed = |why: &str| Failed {
        path: path.display().to_string(),
        why: why.to_string(),
    };
    let uri = Uri::from_file_path(path).ok_or_else(|| failed("has no file URI"))?;
    let text =
        notes::read_transcript(path).ok_or_else(|| failed("cannot be read as UTF-8 text"))?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    let (config, _, _) = configure(Some(path), settings);
    // The editor's own include/exclude settings apply too, as to an open file.
    if !config.includes(path) {
        return Ok(None);
    }
    let (parsed, _) = notes::read_from_disk(&crate::sidecar::path_for(path));
    let analysis = Analysis::with_notes(&text, &parsed.notes(), &config.settings_for(path));
    let index = LineIndex::new(&text);
    Ok(Some((uri, text, index, analysis)))
}

/// What the comparison across transcripts needs of one file on disk; `None`
/// when it is not a transcript to compare (see `analyse_file`) or cannot
/// be read.
pub fn file_facts(path: &Path, settings: Option<&Value>, encoding: Encoding) -> Option<Facts> {
    let (_, text, index, analysis) = analyse_file(path, settings).ok()??;
    Some(Facts::from_analysis(
        ON_DISK, &text, &index, &analysis, encoding,
    ))
}

/// The facts of every transcript file under `folders`, found as the table
/// finds them; files that cannot be read are left out (the table says why).
pub fn disk_facts(
    folders: &[PathBuf],
    settings: Option<&Value>,
    encoding: Encoding,
) -> Vec<(PathBuf, Uri, Facts)> {
    let Ok(mut configs) = Configs::new(None, &Overrides::default()) else {
        return Vec::new();
    };
    let found = walk::collect(folders, &mut configs);
    let sizes = found
        .targets
        .iter()
        .map(|t| std::fs::metadata(&t.path).map_or(0, |m| m.len()));
    let kept = within_budget(sizes);
    if kept < found.targets.len() {
        tracing::warn!(
            "the workspace holds {} transcript files; figures are compared with the first {} \
             (at most {MAX_SCAN_FILES} files, {} MiB): `transcript-ls claims` reads them all",
            found.targets.len(),
            kept,
            MAX_SCAN_BYTES >> 20,
        );
    }
    found.targets[..kept]
        .par_iter()
        .filter_map(|t| {
            let (uri, text, index, analysis) = analyse_file(&t.path, settings).ok()??;
            let facts = Facts::from_analysis(ON_DISK, &text, &index, &analysis, encoding);
            Some((absolute(&t.path), uri, facts))
        })
        .collect()
}

/// The most files, and bytes of them, the server reads from the workspace in
/// the background to compare figures with: opened on a home folder or a
/// large repository of notes, it must not analyse everything that ends in
/// `.txt` or `.md` before the editor can breathe. The table
/// (`transcript.claims`), which the user asks for, reads them all.
pub const MAX_SCAN_FILES: usize = 2_000;
pub const MAX_SCAN_BYTES: u64 = 256 << 20;

/// How many of the files, of the sizes given in order, fit the background
/// budget.
fn within_budget(sizes: impl Iterator<Item = u64>) -> usize {
    let mut total = 0u64;
    sizes
        .take(MAX_SCAN_FILES)
        .take_while(|&size| {
            total = total.saturating_add(size);
            total <= MAX_SCAN_BYTES
        })
        .count()
}

/// The table: the transcripts in URI order, their claims in text order,
/// each with the figures elsewhere it disagrees with; only `only`'s rows
/// when it is given.
fn table(mut listed: Vec<Listed>, failed: Vec<Failed>, only: Option<&Uri>) -> Table {
    listed.sort_by(|a, b| a.uri.cmp(&b.uri));
    let statements: Vec<Vec<Statement>> = listed
        .iter_mut()
        .map(|l| std::mem::take(&mut l.statements))
        .collect();
    let disagreements = agreement::disagreements(&statements);
    let mut rows = Vec::new();
    let mut files = Vec::new();
    for (doc, l) in listed.iter().enumerate() {
        if only.is_some_and(|u| *u != l.uri) {
            continue;
        }
        files.push(FileCount {
            uri: l.uri.clone(),
            claims: l.rows.len(),
        });
        for (figure, row) in l.rows.iter().enumerate() {
            let mut row = row.clone();
            row.disagrees = disagreements.of(FigureRef { doc, figure }).map(|m| {
                let with = m
                    .examples
                    .iter()
                    .filter_map(|r| {
                        let other = listed.get(r.doc)?.rows.get(r.figure)?;
                        Some(Other {
                            uri: other.uri.clone(),
                            range: other.range,
                            figure: other.figure.clone(),
                        })
                    })
                    .collect();
                Disagrees {
                    total: m.disagreeing,
                    with,
                }
            });
            rows.push(row);
        }
    }
    Table {
        version: 1,
        rows,
        files,
        failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_background_reading_stops_at_its_budget() {
        assert_eq!(within_budget([10, 20, 30].into_iter()), 3);
        assert_eq!(within_budget(std::iter::empty()), 0);
        let half = MAX_SCAN_BYTES / 2;
        assert_eq!(within_budget([half, half, 1, 1].into_iter()), 2, "bytes");
        assert_eq!(within_budget([MAX_SCAN_BYTES + 1].into_iter()), 0);
        let many = std::iter::repeat_n(1, MAX_SCAN_FILES + 5);
        assert_eq!(within_budget(many), MAX_SCAN_FILES, "files");
    }
}
