//! Notes in the server: each transcript's sidecar as the server sees it,
//! and what the server says on the sidecar file itself.
//!
//! A transcript `talk.txt` keeps its notes in `talk.txt.notes.json`. The
//! server reads that file from the editor's buffer when the editor has it
//! open (the buffer wins: it may hold unsaved changes), else from disk, and
//! right after a note command from the text it asked the editor to make
//! (until the editor's own copy comes back). Whatever it read is a
//! `SidecarView`, shared by the analyses made from it.
//!
//! The sidecar file is served too: its diagnostics (JSON that does not
//! parse, duplicate ids, notes that lost their text), a hover on a note
//! showing the words it is anchored to, and go-to-definition to them.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tower_lsp_server::ls_types::*;

use super::convert;
use super::state::Snapshot;
use crate::analysis::FindingCode;
use crate::notes::{self, Anchor, Anchorer, Note};
use crate::sidecar::{self, Malformed, Sidecar};
use crate::text::{Encoding, LineIndex, Span};

/// Whether `path` names a notes sidecar (`NAME.EXT.notes.json`).
pub fn is_sidecar(path: &Path) -> bool {
    sidecar::transcript_for(path).is_some()
}

/// What a sidecar's text holds.
#[derive(Debug, Clone)]
pub enum Parsed {
    /// No file yet: no notes.
    Missing,
    /// Not JSON: no notes, and nothing is ever written over it.
    Malformed {
        text: String,
        error: Malformed,
    },
    /// The file could not be read (permissions, not UTF-8): treated like a
    /// malformed one.
    Unreadable(String),
    Read(Sidecar),
}

impl Parsed {
    /// Parses a sidecar's text (`None`: no file).
    pub fn from_text(text: Option<String>) -> Parsed {
        match text {
            None => Parsed::Missing,
            Some(text) => match Sidecar::parse(&text) {
                Ok(sidecar) => Parsed::Read(sidecar),
                Err(error) => Parsed::Malformed { text, error },
            },
        }
    }

    /// Why none of the notes could be read, with the code to report it
    /// under on the transcript, or `None` when they were.
    pub fn unread(&self) -> Option<(FindingCode, String)> {
        match self {
            Parsed::Missing => None,
            Parsed::Unreadable(why) => Some((FindingCode::NotesMalformed, why.clone())),
            Parsed::Malformed { .. } | Parsed::Read(_) => {
                self.parsed().and_then(sidecar::findings::unread)
            }
        }
    }

    /// What parsing made of the text, when there was a text to parse.
    fn parsed(&self) -> Option<Result<&Sidecar, &Malformed>> {
        match self {
            Parsed::Read(sidecar) => Some(Ok(sidecar)),
            Parsed::Malformed { error, .. } => Some(Err(error)),
            Parsed::Missing | Parsed::Unreadable(_) => None,
        }
    }

    pub fn sidecar(&self) -> Option<&Sidecar> {
        match self {
            Parsed::Read(s) => Some(s),
            _ => None,
        }
    }

    /// The notes, in file order; none unless the file was read.
    pub fn notes(&self) -> Vec<Note> {
        self.sidecar().map(Sidecar::notes).unwrap_or_default()
    }

    /// The text, when there is one.
    pub fn text(&self) -> Option<&str> {
        match self {
            Parsed::Read(s) => Some(s.text()),
            Parsed::Malformed { text, .. } => Some(text),
            Parsed::Missing | Parsed::Unreadable(_) => None,
        }
    }

    /// Why note commands cannot change this file, if they cannot.
    pub fn refusal(&self, path: &Path) -> Option<String> {
        match self {
            Parsed::Malformed { error, .. } => Some(format!(
                "{} is not valid JSON (line {}, column {}: {}); fix it first, the notes in it are left as they are",
                path.display(),
                error.line,
                error.column,
                error.message
            )),
            Parsed::Unreadable(reason) => Some(format!(
                "cannot read {}: {reason}; it is left as it is",
                path.display()
            )),
            Parsed::Missing | Parsed::Read(_) => None,
        }
    }
}

/// Where the text of a `SidecarView` came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The file on disk (`stamp`: its modification time and length, to
    /// notice changes when the client does not watch files for us).
    Disk { stamp: Option<FileStamp> },
    /// The editor's open buffer of the sidecar.
    Buffer { uri: Uri, version: i32 },
    /// The text a note command just asked the editor to make, until the
    /// editor's buffer or the disk shows it.
    Written,
}

/// A file's modification time and length.
pub type FileStamp = (SystemTime, u64);

/// A sidecar as read at one moment.
#[derive(Debug)]
pub struct SidecarView {
    pub path: PathBuf,
    pub origin: Origin,
    pub parsed: Parsed,
}

impl SidecarView {
    /// The URI to name the sidecar by: the editor's, when it has it open.
    pub fn uri(&self) -> Option<Uri> {
        match &self.origin {
            Origin::Buffer { uri, .. } => Some(uri.clone()),
            _ => Uri::from_file_path(&self.path),
        }
    }
}

/// The modification time and length of a file, if it exists.
pub fn file_stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// Reads a sidecar from disk (slow: run off the async workers).
pub fn read_from_disk(path: &Path) -> (Parsed, Option<FileStamp>) {
    let stamp = file_stamp(path);
    let parsed = match sidecar::load(path) {
        Ok(text) => Parsed::from_text(text),
        Err(e) => Parsed::Unreadable(e.to_string()),
    };
    (parsed, stamp)
}

/// A transcript's text from disk, without a byte-order mark; `None` if it
/// cannot be read as UTF-8 text.
pub fn read_transcript(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Where the notes of a transcript were last anchored, by note id, to start
/// the next anchoring from.
#[derive(Debug, Clone)]
pub struct Anchors {
    pub ids: Vec<String>,
    pub anchors: Vec<Anchor>,
}

impl Anchors {
    pub fn new(notes: &[Note], anchors: Vec<Anchor>) -> Anchors {
        Anchors {
            ids: notes.iter().map(|n| n.id.clone()).collect(),
            anchors,
        }
    }

    /// Moves every anchor through one edit of the text.
    pub fn follow(&mut self, edit: &Span, inserted: usize) {
        for a in &mut self.anchors {
            *a = a.follow(edit, inserted);
        }
    }
}

/// Anchors `notes` in `text`, starting from where they were last seen
/// (`previous`, followed through the edits since) when known: the same
/// notes in the same order are re-anchored together; otherwise each note
/// starts from its own previous anchor, found by id.
pub fn anchor_notes(text: &str, notes: &[Note], previous: Option<&Anchors>) -> Vec<Anchor> {
    let Some(previous) = previous else {
        return notes::anchor_all(text, notes);
    };
    let same = previous.ids.len() == notes.len()
        && previous.ids.iter().zip(notes).all(|(id, n)| *id == n.id);
    if same {
        return notes::reanchor_all(text, notes, &previous.anchors);
    }
    let anchorer = Anchorer::new(text);
    notes
        .iter()
        .map(|note| {
            let before = (!note.id.is_empty())
                .then(|| previous.ids.iter().position(|id| *id == note.id))
                .flatten()
                .and_then(|i| previous.anchors.get(i));
            match before {
                Some(anchor) => anchorer.anchor_from(note, anchor),
                None => anchorer.anchor(note),
            }
        })
        .collect()
}

/// What the server knows of an open sidecar file, beside its text.
#[derive(Debug)]
pub struct NotesFile {
    pub parsed: Parsed,
    /// The transcript beside it, if it can be read.
    pub transcript: Option<TranscriptSide>,
}

/// A transcript as seen from its sidecar: its text and where the sidecar's
/// notes are in it (index-aligned with the sidecar's entries).
#[derive(Debug)]
pub struct TranscriptSide {
    pub uri: Uri,
    pub text: String,
    pub index: LineIndex,
    pub anchors: Vec<Anchor>,
}

impl TranscriptSide {
    pub fn range(&self, span: &Span, encoding: Encoding) -> Range {
        convert::range_in(&self.index, &self.text, encoding, span)
    }
}

// --- Diagnostics on the sidecar -------------------------------------------

fn diagnostic(
    range: Range,
    severity: DiagnosticSeverity,
    code: &str,
    message: String,
) -> Diagnostic {
    Diagnostic {
        range,
        severity: Some(severity),
        code: Some(NumberOrString::String(code.to_string())),
        source: Some(convert::SOURCE.to_string()),
        message,
        ..Default::default()
    }
}

/// The diagnostics of an open sidecar: where its JSON breaks, the problems
/// that stop a note being used, and the notes that lost or changed their
/// text in the transcript.
pub fn sidecar_diagnostics(s: &Snapshot, file: &NotesFile) -> Vec<Diagnostic> {
    let Some(parsed) = file.parsed.parsed() else {
        return Vec::new();
    };
    // The same findings `check` reports on the file.
    let mut out: Vec<Diagnostic> = sidecar::findings::on_sidecar(&s.text, parsed)
        .iter()
        .map(|f| convert::diagnostic(s, f))
        .collect();
    if let (Ok(sidecar), Some(t)) = (parsed, &file.transcript) {
        out.extend(anchor_diagnostics(s, sidecar, t));
    }
    out
}

/// `note-orphaned` and `note-drifted` on the notes' entries.
fn anchor_diagnostics(s: &Snapshot, sidecar: &Sidecar, t: &TranscriptSide) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (entry, anchor) in sidecar.entries().iter().zip(&t.anchors) {
        let note = &entry.note;
        let (code, message, at) = match anchor {
            Anchor::Anchored(_) => continue,
            Anchor::Orphaned if note.target == Default::default() => continue,
            Anchor::Orphaned => ("note-orphaned", notes::orphaned_message(note, None), None),
            Anchor::Drifted(span) => (
                "note-drifted",
                notes::drifted_message(note, t.text.get(span.clone()).unwrap_or("")),
                Some(span),
            ),
        };
        let span = entry
            .quote_span
            .clone()
            .or_else(|| entry.id_span.clone())
            .unwrap_or(entry.span.start..entry.span.start + 1);
        let mut d = diagnostic(
            convert::range(s, &span),
            DiagnosticSeverity::INFORMATION,
            code,
            message,
        );
        if let Some(span) = at {
            d.related_information = Some(vec![DiagnosticRelatedInformation {
                location: Location::new(t.uri.clone(), t.range(span, s.encoding)),
                message: "where the note now seems to be".into(),
            }]);
        }
        out.push(d);
    }
    out
}

// --- Hover and definition on the sidecar ----------------------------------

/// How much of the transcript to show either side of a note's words.
const CONTEXT_CHARS: usize = 60;

/// The hover on a note of the sidecar: the words it is anchored to, with
/// their context, and where they are.
pub fn sidecar_hover(s: &Snapshot, file: &NotesFile, offset: usize) -> Option<Hover> {
    let sidecar = file.parsed.sidecar()?;
    let i = sidecar.entry_at(offset)?;
    let entry = &sidecar.entries()[i];
    let t = file.transcript.as_ref()?;
    let anchor = t.anchors.get(i)?;
    let name = super::convert::file_name(&t.uri);
    let markdown = match anchor {
        Anchor::Anchored(span) | Anchor::Drifted(span) => {
            let line = t.index.line_of(span.start) + 1;
            let now = t.text.get(span.clone()).unwrap_or("");
            let quote = entry
                .note
                .target
                .quote
                .as_ref()
                .map_or("", |q| q.exact.as_str());
            let changed = notes::number_change(quote, now);
            let status = if let (true, Some(change)) = (anchor.is_drifted(), &changed) {
                format!("⚠ **Drifted**: {change}")
            } else if anchor.is_drifted() {
                format!(
                    "⚠ **Drifted**: the text changed; the note was on “{}”",
                    quote_of(&entry.note)
                )
            } else {
                "**Anchored**".to_string()
            };
            format!(
                "{status} · {name}, line {line}\n\n{}",
                notes::excerpt(&t.text, span, CONTEXT_CHARS)
            )
        }
        Anchor::Orphaned => format!(
            "⚠ **Orphaned**: no longer found in {name}; the note was on “{}”",
            quote_of(&entry.note)
        ),
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(convert::range(s, &entry.span)),
    })
}

fn quote_of(note: &Note) -> String {
    let quote = note.target.quote.as_ref().map_or("", |q| q.exact.as_str());
    quote.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Go-to-definition on a note of the sidecar: its words in the transcript.
pub fn sidecar_definition(s: &Snapshot, file: &NotesFile, offset: usize) -> Option<Location> {
    let sidecar = file.parsed.sidecar()?;
    let i = sidecar.entry_at(offset)?;
    let t = file.transcript.as_ref()?;
    let span = t.anchors.get(i)?.span()?;
    Some(Location::new(t.uri.clone(), t.range(span, s.encoding)))
}

// --- From the transcript to the sidecar -----------------------------------

/// Where note `i` of `view` is written in the sidecar, as the editor
/// counts positions in it (a byte-order mark is not part of the text an
/// editor shows).
pub fn entry_location(view: &SidecarView, i: usize, encoding: Encoding) -> Option<Location> {
    let sidecar = view.parsed.sidecar()?;
    let entry = sidecar.entries().get(i)?;
    let (text, shift) = editor_text(sidecar.text());
    let span = entry.span.start.saturating_sub(shift)..entry.span.end.saturating_sub(shift);
    let index = LineIndex::new(text);
    Some(Location::new(
        view.uri()?,
        convert::range_in(&index, text, encoding, &span),
    ))
}

/// A file's text as an editor shows it: without a byte-order mark, and by
/// how many bytes the mark shifts offsets.
pub fn editor_text(text: &str) -> (&str, usize) {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => (rest, '\u{feff}'.len_utf8()),
        None => (text, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::{NoteKind, Stamp, target_for};

    fn note(id: &str, text: &str, quote: &str) -> Note {
        let start = text.find(quote).unwrap();
        Note::new(
            id,
            NoteKind::Comment("c".into()),
            target_for(text, start..start + quote.len()),
            &Stamp {
                now: "2026-01-01T00:00:00Z".into(),
                creator: None,
            },
        )
    }

    #[test]
    fn anchors_start_from_the_previous_ones_by_id() {
        let text = "A: We sent 87 teams and 12 trucks to the coast last week.\n";
        let a = note("urn:uuid:a", text, "87 teams");
        let b = note("urn:uuid:b", text, "12 trucks");
        let first = anchor_notes(text, &[a.clone(), b.clone()], None);
        assert!(first.iter().all(|x| matches!(x, Anchor::Anchored(_))));
        // A line inserted above: the followed anchors lead straight there.
        let edited = format!("Q: So?\n{text}");
        let mut previous = Anchors::new(&[a.clone(), b.clone()], first);
        previous.follow(&(0..0), "Q: So?\n".len());
        // Notes in another order (one removed, one added) still find theirs.
        let c = note("urn:uuid:c", &edited, "coast");
        let again = anchor_notes(&edited, &[b.clone(), c], Some(&previous));
        let at = |q: &str| edited.find(q).unwrap();
        assert_eq!(
            again,
            vec![
                Anchor::Anchored(at("12 trucks")..at("12 trucks") + 9),
                Anchor::Anchored(at("coast")..at("coast") + 5),
            ]
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_in_the_editors_text() {
        assert_eq!(editor_text("\u{feff}{}"), ("{}", 3));
        assert_eq!(editor_text("{}"), ("{}", 0));
    }

    #[test]
    fn malformed_and_unreadable_files_refuse_changes() {
        let path = Path::new("/x/talk.txt.notes.json");
        let bad = Parsed::from_text(Some("{\"items\": [}".into()));
        let refusal = bad.refusal(path).expect("refused");
        assert!(
            refusal.contains("talk.txt.notes.json is not valid JSON (line 1, column 12"),
            "{refusal}"
        );
        assert!(Parsed::from_text(None).refusal(path).is_none());
        assert!(Parsed::Unreadable("denied".into()).refusal(path).is_some());
    }

    #[test]
    fn sidecars_are_known_by_name() {
        assert!(is_sidecar(Path::new("/a/talk.txt.notes.json")));
        assert!(!is_sidecar(Path::new("/a/.notes.json")));
        assert!(!is_sidecar(Path::new("/a/talk.txt")));
    }
}
