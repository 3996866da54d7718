//! `transcript-ls notes FILE`: a transcript's notes and where each now is.
//!
//! The notes come from the sidecar beside the transcript
//! (`FILE.notes.json`); each is anchored against the transcript as it is now
//! and listed in the sidecar's order with its status: anchored (its words
//! are there), drifted (found, but the words changed) or orphaned (not
//! found). For people, one line per note; for programs, the JSON shape below.
//! `check` reads sidecars through `Loaded` too.

use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::json::Position;
use super::{EXIT_ERROR, NotesArgs, NotesFormat};
use crate::analysis::FindingCode;
use crate::notes::{self, Anchor, Note};
use crate::sidecar::{self, Sidecar};
use crate::text::LineIndex;

/// A transcript's sidecar as read from disk.
pub enum Loaded {
    /// There is none: no notes.
    Absent,
    /// The file is there but could not be read (permissions, not UTF-8),
    /// and why.
    Unreadable(String),
    /// Its text, and what parsing made of it.
    Read {
        text: String,
        parsed: Result<Sidecar, sidecar::Malformed>,
    },
}

impl Loaded {
    /// The sidecar of `transcript`.
    pub fn of(transcript: &Path) -> Loaded {
        match sidecar::load(&sidecar::path_for(transcript)) {
            Ok(None) => Loaded::Absent,
            Ok(Some(text)) => {
                let parsed = Sidecar::parse(&text);
                Loaded::Read { text, parsed }
            }
            Err(e) => Loaded::Unreadable(super::io_reason(&e)),
        }
    }

    /// The notes that could be read (none from a broken file).
    pub fn notes(&self) -> Vec<Note> {
        match self {
            Loaded::Read { parsed: Ok(s), .. } => s.notes(),
            _ => Vec::new(),
        }
    }

    /// Why none of the notes could be read, with the code to report it
    /// under, or `None` when they were.
    pub fn unread(&self) -> Option<(FindingCode, String)> {
        match self {
            Loaded::Absent => None,
            Loaded::Unreadable(why) => Some((FindingCode::NotesMalformed, why.clone())),
            Loaded::Read { parsed, .. } => sidecar::findings::unread(parsed.as_ref()),
        }
    }
}

/// The notes on `transcript`, from its sidecar: none when there is no
/// sidecar, an error naming the file when it cannot be read or is not JSON.
pub fn read(transcript: &Path) -> Result<Vec<Note>, String> {
    let path = sidecar::path_for(transcript);
    match Loaded::of(transcript) {
        Loaded::Absent => Ok(Vec::new()),
        Loaded::Unreadable(why) => Err(format!("{}: {why}", path.display())),
        Loaded::Read { parsed: Err(e), .. } => Err(format!("{}: {e}", path.display())),
        Loaded::Read { parsed: Ok(s), .. } => Ok(s.notes()),
    }
}

pub(super) fn run(args: &NotesArgs) -> ExitCode {
    let text = match super::read_text(&args.path) {
        Ok(text) => text,
        Err(e) => {
            super::error(e);
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let notes = match read(&args.path) {
        Ok(notes) => notes,
        Err(e) => {
            super::error(e);
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let anchors = notes::anchor_all(&text, &notes);
    let listed = list(&text, &notes, &anchors);
    let out = match args.format {
        NotesFormat::Human => render(&args.path, &listed),
        NotesFormat::Json => {
            let report = Report {
                version: 1,
                path: args.path.display().to_string(),
                sidecar: sidecar::path_for(&args.path).display().to_string(),
                notes: listed,
            };
            serde_json::to_string_pretty(&report).expect("plain data serialises") + "\n"
        }
    };
    print!("{out}");
    ExitCode::SUCCESS
}

#[derive(Debug, Serialize)]
struct Report {
    version: u32,
    path: String,
    sidecar: String,
    notes: Vec<Listed>,
}

/// A figure under a note that changed, as `{"was": …, "now": …}`.
#[derive(Debug)]
pub struct Change(notes::NumberChange);

impl Serialize for Change {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Change", 2)?;
        s.serialize_field("was", &self.0.was)?;
        s.serialize_field("now", &self.0.now)?;
        s.end()
    }
}

/// One note and where it is.
#[derive(Debug, Serialize)]
pub struct Listed {
    id: String,
    /// `anchored`, `drifted` or `orphaned`.
    status: &'static str,
    motivation: Option<String>,
    /// The words the note was written on.
    quote: String,
    /// Where the note is now (`null` when orphaned).
    start: Option<Position>,
    end: Option<Position>,
    /// The words there now (`null` when orphaned).
    text: Option<String>,
    /// When only the note's figures changed: which became which.
    change: Option<Change>,
    /// The note's own text (its first textual body).
    body: Option<String>,
    sources: Vec<String>,
    tags: Vec<String>,
    creator: Option<String>,
    created: Option<String>,
    modified: Option<String>,
}

fn list(text: &str, notes: &[Note], anchors: &[Anchor]) -> Vec<Listed> {
    let index = LineIndex::new(text);
    notes
        .iter()
        .zip(anchors)
        .map(|(note, anchor)| {
            let span = anchor.span();
            Listed {
                id: note.id.clone(),
                status: match anchor {
                    Anchor::Anchored(_) => "anchored",
                    Anchor::Drifted(_) => "drifted",
                    Anchor::Orphaned => "orphaned",
                },
                motivation: note.motivation.as_ref().map(|m| m.as_str().to_string()),
                quote: note
                    .target
                    .quote
                    .as_ref()
                    .map(|q| q.exact.clone())
                    .unwrap_or_default(),
                start: span.map(|s| Position::at(&index, text, s.start)),
                end: span.map(|s| Position::at(&index, text, s.end)),
                text: span.map(|s| text[s.clone()].to_string()),
                change: match (anchor, &note.target.quote) {
                    (Anchor::Drifted(s), Some(q)) => {
                        notes::number_change(&q.exact, &text[s.clone()]).map(Change)
                    }
                    _ => None,
                },
                body: note.text().map(str::to_string),
                sources: note.sources().map(str::to_string).collect(),
                tags: note.tags().map(str::to_string).collect(),
                creator: note.creator.clone(),
                created: note.created.clone(),
                modified: note.modified.clone(),
            }
        })
        .collect()
}

/// Longest quote or body shown on a line, in characters.
const SHOWN_CHARS: usize = 60;

/// One line per note: `LINE:COL  STATUS  MOTIVATION  “quote”  body`, then
/// a count by status.
fn render(path: &Path, listed: &[Listed]) -> String {
    if listed.is_empty() {
        return format!("{}: no notes\n", path.display());
    }
    let place = |l: &Listed| match &l.start {
        Some(p) => format!("{}:{}", p.line, p.column),
        None => "-".to_string(),
    };
    let width = listed.iter().map(|l| place(l).len()).max().unwrap_or(1);
    let mut out = String::new();
    for l in listed {
        let what = l
            .body
            .clone()
            .or_else(|| (!l.sources.is_empty()).then(|| l.sources.join(", ")))
            .or_else(|| (!l.tags.is_empty()).then(|| l.tags.join(", ")))
            .unwrap_or_default();
        out.push_str(&format!(
            "{:<width$}  {:<8}  {:<10}  “{}”  {}\n",
            place(l),
            l.status,
            l.motivation.as_deref().unwrap_or("-"),
            shorten(&l.quote),
            shorten(&what),
        ));
        if let Some(change) = &l.change {
            out.push_str(&format!("{:<width$}  {}\n", "", change.0));
        }
    }
    let count = |status: &str| listed.iter().filter(|l| l.status == status).count();
    out.push_str(&format!(
        "\n{}: {} ({} anchored, {} drifted, {} orphaned)\n",
        path.display(),
        if listed.len() == 1 {
            "1 note".to_string()
        } else {
            format!("{} notes", listed.len())
        },
        count("anchored"),
        count("drifted"),
        count("orphaned"),
    ));
    out
}

/// On one line, cut to `SHOWN_CHARS` with `…`.
fn shorten(s: &str) -> String {
    let line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= SHOWN_CHARS {
        return line;
    }
    let cut: String = line.chars().take(SHOWN_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::notes::{NoteKind, Stamp, target_for};

    #[test]
    fn one_line_per_note_with_its_status() {
        let original =
            "Q: Staff?\nA: It’s 😀 true: we hired 450 nurses, and the budget rose by 12 percent.\n";
        let stamp = Stamp {
            now: "2026-01-01T00:00:00Z".into(),
            creator: None,
        };
        let on = |quote: &str, kind: NoteKind| {
            let start = original.find(quote).unwrap();
            Note::new(
                "urn:uuid:n",
                kind,
                target_for(original, start..start + quote.len()),
                &stamp,
            )
        };
        let notes = [
            on(
                "450 nurses",
                NoteKind::Comment("Payroll,\nsee table 2.".into()),
            ),
            on(
                "the budget rose by 12 percent",
                NoteKind::Source {
                    reference: "https://example.org/budget".into(),
                    comment: None,
                },
            ),
            on("Staff", NoteKind::Tag("staffing".into())),
            on("450 nurses, and", NoteKind::Comment("Two wards.".into())),
        ];
        let now = original
            .replace("rose", "grew")
            .replace("Staff?", "Who?")
            .replace("450", "470");
        let anchors = notes::anchor_all(&now, &notes);
        expect![[r#"
            2:26  drifted   commenting  “450 nurses”  Payroll, see table 2.
                  the quote said 450; the transcript now says 470
            2:42  drifted   linking     “the budget rose by 12 percent”  https://example.org/budget
            -     orphaned  tagging     “Staff”  staffing
            2:26  drifted   commenting  “450 nurses, and”  Two wards.
                  the quote said 450; the transcript now says 470

            talk.txt: 4 notes (0 anchored, 3 drifted, 1 orphaned)
        "#]]
        .assert_eq(&render(
            Path::new("talk.txt"),
            &list(&now, &notes, &anchors),
        ));
    }
}
