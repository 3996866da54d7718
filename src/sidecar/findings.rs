//! A notes file's problems as findings, the same for `check` and the editor.
//!
//! A sidecar that cannot be read must never hide its transcript: the
//! transcript is checked as if it had no notes (so figures its notes cited
//! are flagged again, never passed on a source nobody can read), the problem
//! is reported on the sidecar where it lies, and once more on the
//! transcript's first line, so that whoever reads the transcript's findings
//! learns why its notes seem to be ignored. The broken file is never
//! written: `Sidecar::parse` gives no `Sidecar` to compute edits against.

use super::{Malformed, Problem, ProblemKind, Sidecar};
use crate::analysis::{Finding, FindingCode, Reason, Severity};
use crate::text::{first_line, floor_boundary};

/// The findings on a sidecar's own text: where its JSON breaks, or each
/// problem `Sidecar::parse` saw (duplicate ids, items that are not notes).
pub fn on_sidecar(text: &str, parsed: Result<&Sidecar, &Malformed>) -> Vec<Finding> {
    match parsed {
        Err(error) => vec![malformed(text, error)],
        Ok(sidecar) => sidecar.problems().iter().map(problem).collect(),
    }
}

/// Why none of a sidecar's notes could be read, in a few words, or `None`
/// when they were (problems with single notes aside).
pub fn unread(parsed: Result<&Sidecar, &Malformed>) -> Option<(FindingCode, String)> {
    match parsed {
        Err(error) => Some((
            FindingCode::NotesMalformed,
            format!(
                "not valid JSON at line {} column {}: {}",
                error.line, error.column, error.message
            ),
        )),
        Ok(sidecar) => sidecar
            .problems()
            .iter()
            .any(|p| p.kind == ProblemKind::NotACollection)
            .then(|| {
                (
                    FindingCode::NotesNotACollection,
                    "not a W3C annotation collection".to_string(),
                )
            }),
    }
}

/// The finding on a transcript's first line saying that its notes file
/// (`sidecar`, as the user knows it) could not be read, and why.
pub fn on_transcript(transcript: &str, sidecar: &str, code: FindingCode, why: &str) -> Finding {
    Finding {
        code,
        severity: Severity::Warning,
        span: first_line(transcript),
        message: format!(
            "the notes in {sidecar} could not be read ({why}): this transcript was checked \
             without them, and the file is left as it is"
        ),
        reason: reason(code),
        figure: None,
        note: None,
        related: None,
    }
}

fn malformed(text: &str, error: &Malformed) -> Finding {
    let at = floor_boundary(text, error.offset);
    let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    Finding {
        code: FindingCode::NotesMalformed,
        severity: Severity::Error,
        span: at..end,
        message: format!(
            "not valid JSON: {}; no notes are read from this file, and nothing writes to it \
             until it is fixed",
            error.message
        ),
        reason: reason(FindingCode::NotesMalformed),
        figure: None,
        note: None,
        related: None,
    }
}

fn problem(p: &Problem) -> Finding {
    let code = code_of(&p.kind);
    Finding {
        code,
        severity: match p.kind {
            ProblemKind::NotACollection => Severity::Error,
            _ => Severity::Warning,
        },
        span: p.span.clone(),
        message: p.message(),
        reason: reason(code),
        figure: None,
        note: None,
        related: match &p.kind {
            ProblemKind::DuplicateId { first, .. } => Some(crate::analysis::Related {
                span: first.clone(),
                message: "the first note with this id".into(),
            }),
            _ => None,
        },
    }
}

/// The finding code of a problem.
pub fn code_of(kind: &ProblemKind) -> FindingCode {
    match kind {
        ProblemKind::NotACollection => FindingCode::NotesNotACollection,
        ProblemKind::NotAnAnnotation => FindingCode::NoteNotAnAnnotation,
        ProblemKind::MissingId => FindingCode::NoteMissingId,
        ProblemKind::DuplicateId { .. } => FindingCode::NoteDuplicateId,
        ProblemKind::NothingToAnchor => FindingCode::NoteNothingToAnchor,
    }
}

fn reason(code: FindingCode) -> Reason {
    Reason {
        rule: code.as_str(),
        text: code.summary(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(findings: &[Finding], text: &str) -> Vec<(String, String, String)> {
        findings
            .iter()
            .map(|f| {
                (
                    f.code.as_str().to_string(),
                    f.severity.as_str().to_string(),
                    text[f.span.clone()].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn broken_json_is_one_error_where_it_breaks() {
        let text = "{\"items\": [\n  {\"id\": \"a\"}\n  {\"id\": \"b\"}\n]}\n";
        let parsed = Sidecar::parse(text);
        let found = on_sidecar(text, parsed.as_ref());
        assert_eq!(
            codes(&found, text),
            [("notes-malformed".into(), "error".into(), "{".into())]
        );
        assert_eq!(found[0].span.start, text.rfind("{\"id\": \"b\"").unwrap());
        let (code, why) = unread(parsed.as_ref()).unwrap();
        assert_eq!(code, FindingCode::NotesMalformed);
        assert!(
            why.starts_with("not valid JSON at line 3 column 3"),
            "{why}"
        );
    }

    #[test]
    fn each_problem_is_a_finding_with_its_place() {
        let text = r#"{"type": "AnnotationCollection", "items": [
  {"id": "n1", "type": "Annotation", "target": {"selector": {"type": "TextQuoteSelector", "exact": "a"}}},
  {"id": "n1", "type": "Annotation", "target": {"selector": {"type": "TextQuoteSelector", "exact": "b"}}},
  42
]}"#;
        let parsed = Sidecar::parse(text);
        let found = on_sidecar(text, parsed.as_ref());
        let got: Vec<String> = found.iter().map(|f| f.code.as_str().to_string()).collect();
        assert_eq!(got, ["note-duplicate-id", "note-not-an-annotation"]);
        assert_eq!(&text[found[1].span.clone()], "42");
        let related = found[0].related.as_ref().expect("points at the first");
        assert!(text[related.span.clone()].contains("n1"));
        assert_eq!(unread(parsed.as_ref()), None);
    }

    #[test]
    fn a_file_of_another_shape_reads_no_notes() {
        let parsed = Sidecar::parse("{\"hello\": 1}");
        assert_eq!(
            unread(parsed.as_ref()).map(|(c, _)| c),
            Some(FindingCode::NotesNotACollection)
        );
        let f = on_transcript(
            "\n  A: Hello.\nB: Hi.\n",
            "t.txt.notes.json",
            FindingCode::NotesNotACollection,
            "not a W3C annotation collection",
        );
        assert_eq!(f.span, 3..12);
        assert!(
            f.message
                .starts_with("the notes in t.txt.notes.json could not be read")
        );
    }
}
