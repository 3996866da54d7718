//! The JSON shapes of `check --format json`, `outline --format json` and
//! `notes --format json`.
//!
//! Lines and columns are 1-based, columns count Unicode scalar values and
//! `end` is exclusive (see the README's "Machine-readable output").

use std::path::Path;

use serde::Serialize;

use super::tally::{Status, Summary, Tally};
use crate::analysis::{Analysis, Finding};
use crate::notes::Note;
use crate::text::{Encoding, LineIndex};

#[derive(Debug, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

impl Position {
    pub fn at(index: &LineIndex, text: &str, offset: usize) -> Position {
        let lc = index.line_col(text, offset, Encoding::Utf32);
        Position {
            line: lc.line + 1,
            column: lc.col + 1,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub start: Position,
    pub end: Position,
    pub text: String,
    /// The rule that made the finding, with a short sentence.
    pub reason: Reason,
    /// The id of the note a `note-orphaned` or `note-drifted` finding is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Another place the finding points at: an `empty-citation`'s stub.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Related>,
}

/// A second place a finding points at, with what it is.
#[derive(Debug, Serialize)]
pub struct Related {
    pub start: Position,
    pub end: Position,
    pub message: String,
}

/// `{"rule": "hypothetical.if-clause", "text": "inside an if-clause"}`.
#[derive(Debug, Serialize)]
pub struct Reason {
    pub rule: &'static str,
    pub text: &'static str,
}

#[derive(Debug, Serialize)]
pub struct CheckedFile {
    pub path: String,
    /// `checked`, `skipped` or `failed`.
    pub status: &'static str,
    /// Why a skipped file was skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Why a failed file could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

impl CheckedFile {
    /// Marks a file whose findings were made but which could not be read
    /// as what it should be (a notes file that is not JSON), and why.
    pub fn fail(&mut self, error: String) {
        self.status = "failed";
        self.error = Some(error);
    }

    /// A file that was not checked, with its status.
    pub fn unchecked(path: &Path, status: &Status) -> CheckedFile {
        let (status, why, error) = match status {
            Status::Checked => ("checked", None, None),
            Status::Skipped(why) => ("skipped", Some(why.clone()), None),
            Status::Failed(error) => ("failed", None, Some(error.clone())),
        };
        CheckedFile {
            path: path.display().to_string(),
            status,
            why,
            error,
            diagnostics: Vec::new(),
        }
    }
}

#[derive(Debug, Serialize)]
struct CheckReport {
    version: u32,
    files: Vec<CheckedFile>,
    summary: Summary,
}

/// A file that was checked: its findings (`findings`, on `text`), the
/// notes they may be about given by id.
pub fn check_file(path: &Path, text: &str, findings: &[Finding], notes: &[Note]) -> CheckedFile {
    let index = LineIndex::new(text);
    CheckedFile {
        path: path.display().to_string(),
        status: "checked",
        why: None,
        error: None,
        diagnostics: findings
            .iter()
            .map(|f| Diagnostic {
                code: f.code.as_str(),
                severity: f.severity.as_str(),
                message: f.message.clone(),
                start: Position::at(&index, text, f.span.start),
                end: Position::at(&index, text, f.span.end),
                text: text[f.span.clone()].to_string(),
                reason: Reason {
                    rule: f.reason.rule,
                    text: f.reason.text,
                },
                note: f.note.and_then(|i| notes.get(i)).map(|n| n.id.clone()),
                related: f.related.as_ref().map(|r| Related {
                    start: Position::at(&index, text, r.span.start),
                    end: Position::at(&index, text, r.span.end),
                    message: r.message.clone(),
                }),
            })
            .collect(),
    }
}

#[cfg(test)]
pub fn check_report(files: Vec<CheckedFile>, tally: &Tally) -> String {
    let mut out = Vec::new();
    write_check_report(&mut out, files, tally).expect("a Vec takes every byte");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// `check_report`, written to `out` as it is serialised: a report of a
/// million findings is never held as one string.
pub fn write_check_report(
    out: &mut impl std::io::Write,
    files: Vec<CheckedFile>,
    tally: &Tally,
) -> std::io::Result<()> {
    let report = CheckReport {
        version: 1,
        files,
        summary: tally.to_json(),
    };
    // The pretty printer writes a few bytes at a time: gathered here, where
    // each write is a copy the compiler sees, rather than through `out`.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut buffered, &report).map_err(std::io::Error::from)?;
    std::io::Write::flush(&mut buffered)
}

#[derive(Debug, Serialize)]
struct OutlineTurn {
    speaker: String,
    /// One id per speaker across the forms of their name.
    speaker_id: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    affiliation: Option<String>,
    role: &'static str,
    start: Position,
    end: Position,
    timestamp: Option<f64>,
}

#[derive(Debug, Serialize)]
struct ShapeCount {
    shape: &'static str,
    labels: usize,
}

#[derive(Debug, Serialize)]
struct OutlineLayout {
    shape: String,
    evidence: String,
    shapes: Vec<ShapeCount>,
}

#[derive(Debug, Serialize)]
struct OutlineReport {
    version: u32,
    path: String,
    format: &'static str,
    layout: OutlineLayout,
    turns: Vec<OutlineTurn>,
}

pub fn outline_report(path: &Path, text: &str, analysis: &Analysis) -> String {
    let index = LineIndex::new(text);
    let t = &analysis.transcript;
    let report = OutlineReport {
        version: 1,
        path: path.display().to_string(),
        format: t.format.as_str(),
        layout: OutlineLayout {
            shape: t.layout.shape.clone(),
            evidence: t.layout.evidence(&t.speakers),
            shapes: t
                .layout
                .counts
                .iter()
                .map(|&(shape, labels)| ShapeCount { shape, labels })
                .collect(),
        },
        turns: t
            .turns
            .iter()
            .map(|turn| OutlineTurn {
                speaker: turn.label_name.clone(),
                speaker_id: turn.speaker,
                title: t.speaker(turn).title.clone(),
                affiliation: t.speaker(turn).affiliation.clone(),
                role: turn.role.as_str(),
                start: Position::at(&index, text, turn.label.start),
                end: Position::at(&index, text, turn.body.end.max(turn.label.end)),
                timestamp: turn.timestamp,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).expect("plain data serialises")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Settings;

    #[test]
    fn each_diagnostic_carries_its_reason_in_json_and_sarif() {
        let text = "Q: The boats?\nA: We built 14 boats, and if you order 3 boats, we wait.\n";
        let analysis = Analysis::new(text, &Settings::default());
        let file = check_file(
            Path::new("talk.txt"),
            text,
            analysis.findings(),
            &analysis.notes,
        );
        let reasons: Vec<_> = file
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.reason.rule, d.reason.text))
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    "warning",
                    "asserted.count",
                    "a count of things stated as fact"
                ),
                ("hint", "hypothetical.if-clause", "inside an if-clause"),
            ]
        );
        let sarif: serde_json::Value =
            serde_json::from_str(&super::super::sarif::report(std::slice::from_ref(&file)))
                .unwrap();
        let second = &sarif["runs"][0]["results"][1];
        assert_eq!(second["level"], "none");
        assert_eq!(
            second["properties"]["reason"]["rule"],
            "hypothetical.if-clause"
        );
        let json: serde_json::Value =
            serde_json::from_str(&check_report(vec![file], &Tally::default())).unwrap();
        assert_eq!(
            json["files"][0]["diagnostics"][0]["reason"]["rule"],
            "asserted.count"
        );
    }
}
