//! The notes sidecar: a W3C Web Annotation collection beside the transcript.
//!
//! `NAME.EXT.notes.json` holds the notes on `NAME.EXT`. `Sidecar::parse`
//! reads it into plain `notes::Note`s, with the problems it saw (duplicate
//! ids, items that are not annotations) as data; a file that is not JSON
//! gives a `Malformed` error with its position and no `Sidecar`, so nothing
//! can ever compute an edit to a file it did not understand.
//!
//! Changes never re-serialise the file. Each note command produces the new
//! note and a few *text edits* against the file's current text — insert one
//! object into the items, replace one value, delete one item with its comma —
//! so fields and layout this program does not know, written by other tools,
//! survive byte for byte. The server sends those edits as a
//! `workspace/applyEdit` (the editor's undo and unsaved buffers respected), or
//! applies them with `apply_edits` and `write_atomically`.
//!
//! Files are read in every shape tools write: a collection with `items`, a
//! collection whose `first` page holds them, a page, a bare array, a single
//! annotation. A new file is written as a collection with its first page.

mod dto;
pub mod findings;
mod json;
pub mod link;
mod patch;

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use self::dto::{AnnotationOut, BodyOut, CollectionOut, PageOut, SelectorOut, TargetOut};
use self::json::Node;
pub use self::patch::apply as apply_edits;
use self::patch::{ErasedSerialize, Style};
use crate::analysis::Edit;
use crate::notes::{Body, Note, NoteKind, Stamp, Target, target_for};
use crate::text::Span;

/// What follows a transcript's file name to name its sidecar.
pub const SUFFIX: &str = ".notes.json";

/// The sidecar of `transcript`: `talk.txt` → `talk.txt.notes.json`.
pub fn path_for(transcript: &Path) -> PathBuf {
    let mut name = transcript.as_os_str().to_os_string();
    name.push(SUFFIX);
    PathBuf::from(name)
}

/// The transcript a sidecar belongs to, if `path` names a sidecar.
pub fn transcript_for(sidecar: &Path) -> Option<PathBuf> {
    let name = sidecar.file_name()?.to_str()?;
    let stem = name.strip_suffix(SUFFIX).filter(|s| !s.is_empty())?;
    Some(sidecar.with_file_name(stem))
}

/// How a note's target names its transcript: the file name, relative to the
/// sidecar beside it.
pub fn source_name(transcript: &Path) -> String {
    transcript
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A fresh note id, `urn:uuid:` and a random (v4) UUID.
pub fn new_id() -> String {
    format!("urn:uuid:{}", uuid::Uuid::new_v4())
}

/// The current time, RFC 3339 in UTC to the second.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// A stamp for a change made now by `creator`.
pub fn stamp(creator: Option<String>) -> Stamp {
    Stamp {
        now: now(),
        creator,
    }
}

/// The sidecar's text, or `None` if there is no file.
pub fn load(path: &Path) -> io::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes `contents` to `path` so that a reader sees either the old file or
/// the new one, never half of it: a temporary file in the same folder,
/// flushed to disk, then renamed over the old one (keeping its permissions).
pub fn write_atomically(path: &Path, contents: &str) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let unique = uuid::Uuid::new_v4().simple().to_string();
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), &unique[..12]));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(contents.as_bytes())?;
        if let Ok(meta) = std::fs::metadata(path) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A file that is not JSON: where and why (for a diagnostic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed {
    /// Byte offset of the error in the file.
    pub offset: usize,
    /// One-based line and byte column, as `serde_json` counts them (after
    /// a byte-order mark, if any); `offset` is the one to convert.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "malformed notes file at line {} column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// A problem in a sidecar that does not stop it being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where in the sidecar to show it.
    pub span: Span,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Valid JSON that is not an annotation collection, page, list or annotation.
    NotACollection,
    /// An item of the collection that is not an object.
    NotAnAnnotation,
    /// A note without an `id`: it is read, but cannot be edited by id.
    MissingId,
    /// A second note with an id already used (`first` is the earlier one's id).
    DuplicateId { id: String, first: Span },
    /// A note with no quote or position selector: it cannot be placed.
    NothingToAnchor,
}

impl Problem {
    pub fn message(&self) -> String {
        match &self.kind {
            ProblemKind::NotACollection => {
                "not a W3C annotation collection: no notes read, and none will be written here"
                    .into()
            }
            ProblemKind::NotAnAnnotation => "this item is not an annotation object".into(),
            ProblemKind::MissingId => "this note has no `id`".into(),
            ProblemKind::DuplicateId { id, .. } => {
                format!("duplicate note id `{id}`: commands act on the first")
            }
            ProblemKind::NothingToAnchor => {
                "this note has no TextQuoteSelector or TextPositionSelector: it cannot be placed"
                    .into()
            }
        }
    }
}

/// Where a sidecar keeps its notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// An empty or missing file: no notes yet.
    Blank,
    /// A bare array of annotations.
    Array,
    /// A collection or page with `items`.
    Items,
    /// A collection whose `first` page has the `items`.
    Paged,
    /// A collection or page with no items yet.
    EmptyCollection,
    /// One annotation, on its own.
    Single,
    /// JSON, but none of the above: nothing is read, nothing written.
    Unknown,
}

/// One note of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub note: Note,
    /// The note's object in the file.
    pub span: Span,
    /// Its `id` value.
    pub id_span: Option<Span>,
    /// Its quote's `exact` value (where to show that the note is orphaned).
    pub quote_span: Option<Span>,
    /// Its target's `source`, as written.
    pub source: Option<String>,
    /// Its index in the items (0 for a single annotation).
    item: usize,
}

/// Why a sidecar cannot make an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// No note has this id.
    NoSuchNote(String),
    /// The file is JSON but not a shape this program writes into.
    Unsupported,
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::NoSuchNote(id) => write!(f, "no note with id `{id}`"),
            EditError::Unsupported => {
                f.write_str("the notes file is not an annotation collection; it is left as it is")
            }
        }
    }
}

impl std::error::Error for EditError {}

/// The note a command produced, and the edits that write it to the sidecar.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub note: Note,
    pub edits: Vec<Edit>,
}

/// A parsed sidecar, holding the text it was parsed from (edits are
/// computed against exactly that text).
#[derive(Debug, Clone)]
pub struct Sidecar {
    text: String,
    /// After a byte-order mark, if any.
    start: usize,
    root: Option<Node>,
    shape: Shape,
    entries: Vec<Entry>,
    problems: Vec<Problem>,
    style: Style,
}

impl Sidecar {
    /// A sidecar that does not exist yet.
    pub fn blank() -> Sidecar {
        Sidecar::parse("").expect("blank text parses")
    }

    pub fn parse(text: &str) -> Result<Sidecar, Malformed> {
        let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let body = &text[start..];
        let mut sidecar = Sidecar {
            text: text.to_string(),
            start,
            root: None,
            shape: Shape::Blank,
            entries: Vec::new(),
            problems: Vec::new(),
            style: Style::detect(text),
        };
        if body.trim().is_empty() {
            return Ok(sidecar);
        }
        if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(body) {
            return Err(malformed(body, start, &e));
        }
        let root = json::parse(text, start).ok_or_else(|| Malformed {
            offset: start,
            line: 1,
            column: 1,
            message: "unreadable JSON".into(),
        })?;
        sidecar.shape = shape_of(&root);
        sidecar.root = Some(root);
        sidecar.read_entries();
        Ok(sidecar)
    }

    fn read_entries(&mut self) {
        let Some(root) = &self.root else { return };
        let nodes: Vec<(usize, &Node)> = match self.shape {
            Shape::Single => vec![(0, root)],
            Shape::Unknown => {
                self.problems.push(Problem {
                    span: root.span.start..root.span.start + 1,
                    kind: ProblemKind::NotACollection,
                });
                return;
            }
            _ => items_of(root, self.shape)
                .map(|items| items.iter().enumerate().collect())
                .unwrap_or_default(),
        };
        let mut first_of: HashMap<String, Span> = HashMap::new();
        for (item, node) in nodes {
            if node.members().is_none() {
                self.problems.push(Problem {
                    span: node.span.clone(),
                    kind: ProblemKind::NotAnAnnotation,
                });
                continue;
            }
            let read = dto::read_note(node);
            let brace = node.span.start..node.span.start + 1;
            let id_span = read.id_span.clone().unwrap_or(brace.clone());
            if read.note.id.is_empty() {
                self.problems.push(Problem {
                    span: id_span,
                    kind: ProblemKind::MissingId,
                });
            } else if let Some(first) = first_of.get(&read.note.id) {
                self.problems.push(Problem {
                    span: id_span,
                    kind: ProblemKind::DuplicateId {
                        id: read.note.id.clone(),
                        first: first.clone(),
                    },
                });
            } else {
                first_of.insert(read.note.id.clone(), id_span);
            }
            // A time alone places a note in the recording, not in the text.
            if read.note.target.quote.is_none() && read.note.target.position.is_none() {
                self.problems.push(Problem {
                    span: node.get("target").map_or(brace, |t| t.span.clone()),
                    kind: ProblemKind::NothingToAnchor,
                });
            }
            self.entries.push(Entry {
                note: read.note,
                span: node.span.clone(),
                id_span: read.id_span,
                quote_span: read.quote_span,
                source: read.source,
                item,
            });
        }
    }

    /// The text this sidecar was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn shape(&self) -> Shape {
        self.shape
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The notes, in file order (index-aligned with `entries`).
    pub fn notes(&self) -> Vec<Note> {
        self.entries.iter().map(|e| e.note.clone()).collect()
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The first entry with this id.
    pub fn find(&self, id: &str) -> Option<&Entry> {
        if id.is_empty() {
            return None;
        }
        self.entries.iter().find(|e| e.note.id == id)
    }

    /// The entry whose object holds byte `offset` (for hover and
    /// go-to-definition in the sidecar).
    pub fn entry_at(&self, offset: usize) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| e.span.start <= offset && offset < e.span.end)
    }

    fn node_of(&self, entry: &Entry) -> &Node {
        let root = self.root.as_ref().expect("entries come from a root");
        match self.shape {
            Shape::Single => root,
            _ => &items_of(root, self.shape).expect("entries come from items")[entry.item],
        }
    }

    fn entry(&self, id: &str) -> Result<&Entry, EditError> {
        self.find(id)
            .ok_or_else(|| EditError::NoSuchNote(id.to_string()))
    }

    /// Edits that add `note` (targeting the transcript named `source`),
    /// creating the file's collection when it is blank.
    pub fn add(&self, note: &Note, source: &str) -> Result<Vec<Edit>, EditError> {
        let out = AnnotationOut::new(note, source);
        let (text, style) = (self.text.as_str(), &self.style);
        let root = match (&self.root, self.shape) {
            (_, Shape::Unknown) => return Err(EditError::Unsupported),
            (None, _) => {
                let file = CollectionOut::new(source, vec![out]);
                let mut body = style.render(&file, "", false);
                body.push_str(style.newline);
                return Ok(vec![Edit {
                    span: self.start..text.len(),
                    text: body,
                }]);
            }
            (Some(root), _) => root,
        };
        Ok(match self.shape {
            Shape::Array | Shape::Items | Shape::Paged => {
                let items = node_items(root, self.shape).expect("shape has items");
                vec![patch::append_items(text, style, items, &[&out])]
            }
            Shape::EmptyCollection if root.has_type("AnnotationPage") => {
                patch::set_members(text, style, root, &[("items", &[&out])])
            }
            Shape::EmptyCollection => {
                let page = PageOut {
                    kind: "AnnotationPage",
                    items: vec![out],
                };
                patch::set_members(text, style, root, &[("first", &page)])
            }
            Shape::Single => patch::wrap_in_list(text, style, root, &[&out]),
            Shape::Blank | Shape::Unknown => unreachable!("handled above"),
        })
    }

    /// A new note on `span` of `transcript`, and the edits that add it.
    pub fn add_new(
        &self,
        id: impl Into<String>,
        kind: NoteKind,
        transcript: &str,
        span: Span,
        source: &str,
        stamp: &Stamp,
    ) -> Result<Change, EditError> {
        let note = Note::new(id, kind, target_for(transcript, span), stamp);
        let edits = self.add(&note, source)?;
        Ok(Change { note, edits })
    }

    /// Gives note `id` new text, keeping its id, anchor and other bodies and
    /// updating `modified`.
    pub fn edit_text(&self, id: &str, new_text: &str, stamp: &Stamp) -> Result<Change, EditError> {
        let entry = self.entry(id)?;
        let note = entry.note.with_text(new_text, stamp);
        let object = self.node_of(entry);
        let (text, style) = (self.text.as_str(), &self.style);
        let new_body = Body::Text {
            value: new_text.to_string(),
            format: Some(crate::notes::MARKDOWN.to_string()),
        };
        let body_out = BodyOut::new(&new_body);
        let mut edits = Vec::new();
        let mut members: Vec<(&str, &dyn ErasedSerialize)> = Vec::new();
        if let Some(value) = object.get("bodyValue").filter(|v| v.as_str().is_some()) {
            edits.push(patch::replace(text, style, value, &new_text));
        } else {
            match object.get("body") {
                None => members.push(("body", &body_out)),
                Some(body) => {
                    let text_body = body.one_or_many().iter().find(|b| dto::is_text_body(b));
                    match (text_body, body.items()) {
                        (Some(b), _) => {
                            let value = b.get("value").expect("text bodies have a value");
                            edits.push(patch::replace(text, style, value, &new_text));
                        }
                        (None, Some(_)) => {
                            edits.push(patch::append_items(text, style, body, &[&body_out]));
                        }
                        (None, None) => {
                            edits.extend(patch::wrap_in_list(text, style, body, &[&body_out]))
                        }
                    }
                }
            }
        }
        // After the edits inside the body: an insertion at the same offset
        // (the end of the last member) must come after theirs.
        let now = stamp.now.as_str();
        members.insert(0, ("modified", &now));
        edits.extend(patch::set_members(text, style, object, &members));
        Ok(Change { note, edits })
    }

    /// Attaches note `id` to `span` of `transcript` (an orphan given a new
    /// home): its quote and position selectors are rewritten, other
    /// selectors and target fields kept.
    pub fn reattach(
        &self,
        id: &str,
        transcript: &str,
        span: Span,
        source: &str,
        stamp: &Stamp,
    ) -> Result<Change, EditError> {
        self.reattach_to(id, target_for(transcript, span), source, stamp)
    }

    /// `reattach` with the new target given whole, e.g. with the time in
    /// the recording its words were said at: its quote, position and media
    /// fragment selectors are rewritten, other selectors kept.
    pub fn reattach_to(
        &self,
        id: &str,
        target: Target,
        source: &str,
        stamp: &Stamp,
    ) -> Result<Change, EditError> {
        let entry = self.entry(id)?;
        let note = entry.note.reattached(target, stamp);
        let object = self.node_of(entry);
        let (text, style) = (self.text.as_str(), &self.style);
        let mut edits = Vec::new();
        let mut members: Vec<(&str, &dyn ErasedSerialize)> = Vec::new();
        let new_target;
        match object.get("target") {
            None => {
                new_target = TargetOut {
                    source,
                    selector: SelectorOut::all(&note.target),
                };
                members.push(("target", &new_target));
            }
            Some(t) => match dto::anchoring_target(t) {
                Some(target) => edits.extend(self.set_selectors(target, &note)),
                None => {
                    // A bare IRI (or a list of them): it becomes the source
                    // of a target with selectors.
                    let out = TargetOut {
                        source: t.as_str().unwrap_or(source),
                        selector: SelectorOut::all(&note.target),
                    };
                    edits.push(match t.items() {
                        Some(_) => patch::append_items(text, style, t, &[&out]),
                        None => patch::replace(text, style, t, &out),
                    });
                }
            },
        }
        let now = stamp.now.as_str();
        members.insert(0, ("modified", &now));
        edits.extend(patch::set_members(text, style, object, &members));
        Ok(Change { note, edits })
    }

    /// Edits setting a target object's quote and position selectors to
    /// `note`'s, in place where they exist.
    fn set_selectors(&self, target: &Node, note: &Note) -> Vec<Edit> {
        let (text, style) = (self.text.as_str(), &self.style);
        let quote = note.target.quote.clone().unwrap_or_default();
        let position = note.target.position.clone().unwrap_or(0..0);
        let mut missing: Vec<SelectorOut> = SelectorOut::all(&note.target);
        let Some(selector) = target.get("selector") else {
            return patch::set_members(text, style, target, &[("selector", &missing)]);
        };
        let mut edits = Vec::new();
        let existing = selector.one_or_many();
        if let Some(s) = existing.iter().find(|s| s.has_type("TextQuoteSelector")) {
            let (exact, prefix, suffix) = (&quote.exact, &quote.prefix, &quote.suffix);
            edits.extend(patch::set_members(
                text,
                style,
                s,
                &[("exact", exact), ("prefix", prefix), ("suffix", suffix)],
            ));
            missing.retain(|m| !matches!(m, SelectorOut::TextQuoteSelector { .. }));
        }
        if let Some(s) = existing.iter().find(|s| s.has_type("TextPositionSelector")) {
            let (start, end) = (position.start, position.end);
            edits.extend(patch::set_members(
                text,
                style,
                s,
                &[("start", &start), ("end", &end)],
            ));
            missing.retain(|m| !matches!(m, SelectorOut::TextPositionSelector { .. }));
        }
        let time = existing
            .iter()
            .position(|s| dto::media_fragment(s).is_some());
        match (time, &note.target.fragment) {
            (Some(i), Some(value)) => {
                edits.extend(patch::set_members(
                    text,
                    style,
                    &existing[i],
                    &[("value", value)],
                ));
                missing.retain(|m| !matches!(m, SelectorOut::FragmentSelector { .. }));
            }
            // The words moved to where no time is known: the old time would
            // send a listener to the wrong place. Removed only when nothing
            // else is added to the list, so two edits never meet at a comma.
            (Some(i), None) if missing.is_empty() => {
                edits.extend(patch::remove_item(selector, i));
            }
            _ => {}
        }
        if !missing.is_empty() {
            let refs: Vec<&dyn ErasedSerialize> =
                missing.iter().map(|m| m as &dyn ErasedSerialize).collect();
            match selector.items() {
                Some(_) => edits.push(patch::append_items(text, style, selector, &refs)),
                None => edits.extend(patch::wrap_in_list(text, style, selector, &refs)),
            }
        }
        edits
    }

    /// Edits that remove note `id` (its object and one comma).
    pub fn remove(&self, id: &str) -> Result<Vec<Edit>, EditError> {
        let entry = self.entry(id)?;
        let root = self.root.as_ref().expect("entries come from a root");
        match self.shape {
            Shape::Single => Ok(vec![Edit {
                span: root.span.clone(),
                text: "[]".into(),
            }]),
            _ => {
                let items = node_items(root, self.shape).ok_or(EditError::Unsupported)?;
                patch::remove_item(items, entry.item)
                    .map(|e| vec![e])
                    .ok_or(EditError::Unsupported)
            }
        }
    }
}

fn malformed(body: &str, start: usize, e: &serde_json::Error) -> Malformed {
    let (line, column) = (e.line(), e.column());
    let offset = if e.is_eof() {
        body.len()
    } else {
        // serde_json counts lines at `\n` and columns in bytes, from one.
        let line_start = body
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        let mut offset = (line_start + column.saturating_sub(1)).min(body.len());
        while !body.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let full = e.to_string();
    let suffix = format!(" at line {line} column {column}");
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
    Malformed {
        offset: start + offset,
        line,
        column,
        message,
    }
}

fn shape_of(root: &Node) -> Shape {
    if root.items().is_some() {
        return Shape::Array;
    }
    if root.members().is_none() {
        return Shape::Unknown;
    }
    if root.get("items").is_some_and(|i| i.items().is_some()) {
        return Shape::Items;
    }
    if root
        .get("first")
        .and_then(|f| f.get("items"))
        .is_some_and(|i| i.items().is_some())
    {
        return Shape::Paged;
    }
    if root.has_type("Annotation") || (root.get("target").is_some() && root.get("items").is_none())
    {
        return Shape::Single;
    }
    let is_collection = root.has_type("AnnotationCollection") || root.has_type("AnnotationPage");
    if is_collection && root.get("items").is_none() && root.get("first").is_none() {
        return Shape::EmptyCollection;
    }
    Shape::Unknown
}

/// The array holding the notes, for the shapes that have one.
fn node_items(root: &Node, shape: Shape) -> Option<&Node> {
    match shape {
        Shape::Array => Some(root),
        Shape::Items => root.get("items"),
        Shape::Paged => root.get("first")?.get("items"),
        _ => None,
    }
}

fn items_of(root: &Node, shape: Shape) -> Option<&[Node]> {
    node_items(root, shape)?.items()
}

#[cfg(test)]
mod tests;
