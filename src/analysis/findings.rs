//! Findings: the problems the analysis reports, as plain data.
//!
//! Three families: figures that no citation covers (none at all, or a
//! citation that holds no source yet), a text in which no speaker could be
//! told apart (checked all the same, as one speaker's speech, and said so:
//! silence must never mean "not read"), and notes that lost or changed the
//! text they were written on. A note is never moved silently:
//! when its quote is found only approximately it is reported as drifted,
//! and when it is not found at all, as orphaned (at the start of the
//! document, since it has no place left).
//!
//! Every finding says why it was made: the rule that read its figure as an
//! asserted claim or as a hint (`figures::Reading`), or what happened to its
//! note. The output formats show it, so a user can see why a number was let
//! pass as a hint without reading the source.

use super::Analysis;
use super::Settings;
use crate::figures::Reading;
use crate::notes::{self, Anchor, CodePoints, Note};
use crate::text::Span;

/// How serious a finding is; `Off` findings are never reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
    Off,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
            Severity::Off => "off",
        }
    }

    pub fn from_name(name: &str) -> Option<Severity> {
        Some(match name {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "information" | "info" => Severity::Information,
            "hint" => Severity::Hint,
            "off" => Severity::Off,
            _ => return None,
        })
    }
}

/// The rule a finding comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingCode {
    /// A figure that no citation covers.
    UncitedFigure,
    /// A figure whose citation holds no source: an empty or placeholder
    /// footnote, a footnote never defined, `[@]`.
    EmptyCitation,
    /// A text in which no speaker labels were found: it was checked as one
    /// unnamed speaker's speech.
    UnrecognisedLayout,
    /// A note whose quote is no longer in the transcript.
    NoteOrphaned,
    /// A note whose quote is found only approximately: its text changed.
    NoteDrifted,
    /// A notes sidecar that is not JSON: its notes are not read.
    NotesMalformed,
    /// A notes sidecar that is JSON but not an annotation collection.
    NotesNotACollection,
    /// An item of a sidecar that is not an annotation object.
    NoteNotAnAnnotation,
    /// A note without an id: read, but no command can act on it.
    NoteMissingId,
    /// A second note with an id already used.
    NoteDuplicateId,
    /// A note with neither a quote nor a position: it cannot be placed.
    NoteNothingToAnchor,
}

impl FindingCode {
    pub const ALL: [FindingCode; 11] = [
        FindingCode::UncitedFigure,
        FindingCode::EmptyCitation,
        FindingCode::UnrecognisedLayout,
        FindingCode::NoteOrphaned,
        FindingCode::NoteDrifted,
        FindingCode::NotesMalformed,
        FindingCode::NotesNotACollection,
        FindingCode::NoteNotAnAnnotation,
        FindingCode::NoteMissingId,
        FindingCode::NoteDuplicateId,
        FindingCode::NoteNothingToAnchor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::UncitedFigure => "uncited-figure",
            FindingCode::EmptyCitation => "empty-citation",
            FindingCode::UnrecognisedLayout => "unrecognised-layout",
            FindingCode::NoteOrphaned => "note-orphaned",
            FindingCode::NoteDrifted => "note-drifted",
            FindingCode::NotesMalformed => "notes-malformed",
            FindingCode::NotesNotACollection => "notes-not-a-collection",
            FindingCode::NoteNotAnAnnotation => "note-not-an-annotation",
            FindingCode::NoteMissingId => "note-missing-id",
            FindingCode::NoteDuplicateId => "note-duplicate-id",
            FindingCode::NoteNothingToAnchor => "note-nothing-to-anchor",
        }
    }

    /// What a finding of this code means, in one line.
    pub fn summary(self) -> &'static str {
        match self {
            FindingCode::UncitedFigure => "A numeric figure that no citation covers.",
            FindingCode::EmptyCitation => "A figure whose citation holds no source yet.",
            FindingCode::UnrecognisedLayout => {
                "No speaker labels were found; the text was checked as one speaker's speech."
            }
            FindingCode::NoteOrphaned => "A note whose text is no longer in the transcript.",
            FindingCode::NoteDrifted => "A note whose text changed since it was written.",
            FindingCode::NotesMalformed => {
                "A notes file that is not valid JSON; its transcript is checked without it."
            }
            FindingCode::NotesNotACollection => {
                "A notes file that is not a W3C annotation collection; none of it is read."
            }
            FindingCode::NoteNotAnAnnotation => {
                "An item of a notes file that is not an annotation."
            }
            FindingCode::NoteMissingId => "A note without an id.",
            FindingCode::NoteDuplicateId => "A note whose id another note already has.",
            FindingCode::NoteNothingToAnchor => {
                "A note with neither a quote nor a position: it cannot be placed."
            }
        }
    }

    /// How to resolve a finding of this code: the `help:` line of the
    /// human output, the hover, and the SARIF rule's help.
    pub fn help(self) -> &'static str {
        match self {
            FindingCode::UncitedFigure => {
                "cite it with [@key] or [^n] (and a `[^n]: source` line) after it in its \
                 sentence, add a note with a source, or mark it reviewed"
            }
            FindingCode::EmptyCitation => {
                "write the source into the citation: the text of its `[^n]:` definition, or \
                 the key of its [@key] marker"
            }
            FindingCode::UnrecognisedLayout => {
                "label each turn with its speaker (`NAME: text`), or name the label shape \
                 in transcript-ls.toml ([speakers] shape); its figures are checked either way"
            }
            FindingCode::NoteOrphaned => {
                "reattach the note to the words it belongs to, or remove it"
            }
            FindingCode::NoteDrifted => {
                "check that the note still holds for the new words, then reattach or edit it"
            }
            FindingCode::NotesMalformed => {
                "fix the JSON where it breaks (a merge conflict, a missing comma); nothing \
                 writes to the file until then"
            }
            FindingCode::NotesNotACollection => {
                "make the file an AnnotationCollection (or a list of annotations), or move \
                 it aside so that a new one is started"
            }
            FindingCode::NoteNotAnAnnotation => "make the item an annotation object, or remove it",
            FindingCode::NoteMissingId => "give the note an `id` (any unique URI)",
            FindingCode::NoteDuplicateId => "give one of the two notes a new `id`",
            FindingCode::NoteNothingToAnchor => {
                "add a TextQuoteSelector with the words the note is on, or remove the note"
            }
        }
    }

    /// Whether the finding is about a figure.
    pub fn is_about_figures(self) -> bool {
        matches!(
            self,
            FindingCode::UncitedFigure | FindingCode::EmptyCitation
        )
    }

    /// Whether the finding is about a note rather than a figure.
    pub fn is_about_notes(self) -> bool {
        matches!(self, FindingCode::NoteOrphaned | FindingCode::NoteDrifted)
    }
}

/// Why a finding was made: a rule's stable name and a short sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reason {
    pub rule: &'static str,
    pub text: &'static str,
}

impl From<Reading> for Reason {
    fn from(r: Reading) -> Reason {
        Reason {
            rule: r.rule(),
            text: r.text(),
        }
    }
}

/// One problem in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// The rule behind the finding.
    pub reason: Reason,
    /// The figure the finding is about (index into `Analysis::figures`).
    pub figure: Option<usize>,
    /// The note the finding is about (index into `Analysis::notes`).
    pub note: Option<usize>,
    /// Another place the finding is about: the stub of an `empty-citation`.
    pub related: Option<Related>,
}

/// A second place a finding points at, with what it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub span: Span,
    pub message: String,
}

/// How serious a note that lost or changed its text is: worth knowing, not
/// an error in the transcript.
const NOTE_SEVERITY: Severity = Severity::Information;

/// The findings of an analysis whose figures came without their readings
/// (built by hand, in tests): each is read from its `hypothetical` flag.
#[cfg(test)]
pub(super) fn compute(text: &str, analysis: &Analysis, settings: &Settings) -> Vec<Finding> {
    let readings: Vec<Reading> = analysis
        .figures
        .iter()
        .map(|f| {
            if f.hypothetical {
                Reading::NotAsserted
            } else {
                Reading::asserted(f.kind)
            }
        })
        .collect();
    compute_read(text, analysis, settings, &readings)
}

/// The findings, with each figure's reading (index-aligned with
/// `analysis.figures`) as `figures::detect_read` gave it.
pub(super) fn compute_read(
    text: &str,
    analysis: &Analysis,
    settings: &Settings,
    readings: &[Reading],
) -> Vec<Finding> {
    let mut out = figure_findings(text, analysis, settings, readings);
    out.extend(layout_finding(text, analysis));
    out.extend(note_findings(
        text,
        &analysis.notes,
        &analysis.anchors,
        settings.notes_file.as_deref(),
    ));
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

/// How many figures one task words findings for in a long transcript.
const FIGURES_PER_TASK: usize = 4096;

fn figure_findings(
    text: &str,
    analysis: &Analysis,
    settings: &Settings,
    readings: &[Reading],
) -> Vec<Finding> {
    use rayon::prelude::*;

    let finding = |i: usize| {
        let figure = &analysis.figures[i];
        if analysis.covers[i].is_some() {
            return None;
        }
        let reading = readings
            .get(i)
            .copied()
            .unwrap_or(Reading::asserted(figure.kind));
        let severity = if !reading.is_asserted() {
            Severity::Hint
        } else {
            settings.severity_of(figure.kind)
        };
        if severity == Severity::Off {
            return None;
        }
        // A figure cited by a stub is flagged as such, pointing at it.
        let stub = analysis.stubs.get(i).copied().flatten();
        let (code, lead) = match stub {
            Some(_) => (FindingCode::EmptyCitation, STUB_MESSAGE),
            None => (FindingCode::UncitedFigure, MESSAGE),
        };
        let mut message = String::with_capacity(lead.len() + figure.span.len());
        message.push_str(lead);
        push_one_line(&mut message, &text[figure.span.clone()]);
        if !reading.is_asserted() {
            // A hint says why it is one: `— hypothetical: inside an
            // if-clause`.
            let rule = reading.rule();
            let family = rule.split_once('.').map_or(rule, |(family, _)| family);
            message.push_str(" — ");
            message.push_str(family);
            message.push_str(": ");
            message.push_str(reading.text());
        }
        let related = stub.and_then(|m| {
            let span = analysis.citations.stub_span(m)?;
            let message = format!(
                "`{}` is here, but {}",
                &text[analysis.citations.markers[m].span.clone()],
                super::hover::stub_says(analysis, m)
            );
            Some(Related { span, message })
        });
        Some(Finding {
            code,
            severity,
            span: figure.span.clone(),
            message,
            reason: reading.into(),
            figure: Some(i),
            note: None,
            related,
        })
    };
    let figures = 0..analysis.figures.len();
    // Each finding is worded on its own: many are worded on all cores.
    if figures.len() > FIGURES_PER_TASK {
        figures
            .into_par_iter()
            .with_min_len(FIGURES_PER_TASK)
            .filter_map(finding)
            .collect()
    } else {
        figures.filter_map(finding).collect()
    }
}

/// A finding for each note that drifted (on its new span, saying which
/// figure changed when only numbers did) or was orphaned (at its recorded
/// position, or the start of the document when it has none that fits,
/// naming the note and the sidecar). A note with nothing to anchor it (no
/// quote, no position) is the sidecar's problem, reported there.
fn note_findings(
    text: &str,
    notes: &[Note],
    anchors: &[Anchor],
    sidecar: Option<&str>,
) -> Vec<Finding> {
    // Code points are counted only if a note needs its recorded place.
    let mut code_points = None;
    notes
        .iter()
        .zip(anchors)
        .enumerate()
        .filter_map(|(i, (note, anchor))| {
            let (code, span, message, reason) = match anchor {
                Anchor::Anchored(_) => return None,
                Anchor::Drifted(span) => (
                    FindingCode::NoteDrifted,
                    span.clone(),
                    notes::drifted_message(note, text.get(span.clone()).unwrap_or("")),
                    DRIFTED,
                ),
                Anchor::Orphaned if note.target == Default::default() => return None,
                Anchor::Orphaned => (
                    FindingCode::NoteOrphaned,
                    last_known_place(text, note, &mut code_points),
                    notes::orphaned_message(note, sidecar),
                    ORPHANED,
                ),
            };
            Some(Finding {
                code,
                severity: NOTE_SEVERITY,
                span,
                message,
                reason,
                figure: None,
                note: Some(i),
                related: None,
            })
        })
        .collect()
}

/// Where an orphaned note was last known to be: its recorded position, cut
/// to its first line, if the text still reaches it; else the start.
fn last_known_place(text: &str, note: &Note, code_points: &mut Option<CodePoints>) -> Span {
    let Some(position) = &note.target.position else {
        return 0..0;
    };
    let code_points = code_points.get_or_insert_with(|| CodePoints::new(text));
    let Some(start) = code_points.to_byte(text, position.start) else {
        return 0..0;
    };
    let end = code_points
        .to_byte(text, position.end.max(position.start))
        .unwrap_or(text.len());
    let line_end = text[start..end]
        .find(['\n', '\r'])
        .map_or(end, |k| start + k);
    start..line_end
}

/// `unrecognised-layout` on the first line of a text in which no label
/// shape was found, so that a check of a file it could not read as a
/// transcript never passes in silence. A text with nothing in it has
/// nothing to misread and gets none.
fn layout_finding(text: &str, analysis: &Analysis) -> Option<Finding> {
    if !analysis.transcript.is_unlabelled() || text.trim().is_empty() {
        return None;
    }
    Some(Finding {
        code: FindingCode::UnrecognisedLayout,
        severity: LAYOUT_SEVERITY,
        span: crate::text::first_line(text),
        message: LAYOUT_MESSAGE.to_string(),
        reason: LAYOUT,
        figure: None,
        note: None,
        related: None,
    })
}

/// A text read without its speakers was still checked, but its outline and
/// roles are missing: a warning, so that a check fails on it.
const LAYOUT_SEVERITY: Severity = Severity::Warning;

const LAYOUT_MESSAGE: &str = "no speaker labels found: the whole text was checked for figures \
                              as one unnamed speaker's speech, with no questions or answers";

const LAYOUT: Reason = Reason {
    rule: "layout.none",
    text: "no label shape explains the text's lines",
};

/// Why a note is reported orphaned or drifted.
const ORPHANED: Reason = Reason {
    rule: "note-orphaned",
    text: "the note's quoted words are no longer in the transcript",
};
const DRIFTED: Reason = Reason {
    rule: "note-drifted",
    text: "the note's quoted words were found only approximately",
};

/// What an uncited figure's message says before the figure.
const MESSAGE: &str = "figure without a citation: ";

/// What the message of a figure whose citation is a stub says before it.
const STUB_MESSAGE: &str = "figure whose citation holds no source: ";

/// Appends `s` with its whitespace folded into single spaces, as one line
/// for a message. Most figures are ASCII with single spaces and are copied
/// whole.
fn push_one_line(out: &mut String, s: &str) {
    // Plain: visible ASCII parted by single spaces, none at either end.
    let mut after_space = true;
    let plain = s.bytes().all(|c| {
        let ok = if c == b' ' {
            !after_space
        } else {
            c > b' ' && c < 0x80
        };
        after_space = c == b' ';
        ok
    }) && !after_space;
    if plain {
        out.push_str(s);
        return;
    }
    for (k, word) in s.split_whitespace().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::push_one_line;
    use crate::analysis::{Analysis, Settings};
    use crate::notes::{Note, NoteKind, Stamp, target_for};

    #[test]
    fn a_figure_is_quoted_on_one_line() {
        for s in [
            "more than 2.25 billion suits",
            "about 40\npercent",
            "12\r\n  million",
            " 5 ",
            "9\u{a0}km",
            "3\u{2028}days",
            "a  b",
            "\u{1}7",
            "",
        ] {
            let mut out = String::new();
            push_one_line(&mut out, s);
            assert_eq!(
                out,
                s.split_whitespace().collect::<Vec<_>>().join(" "),
                "{s:?}"
            );
        }
    }

    /// A note on `quote` in `original`, as a command would have made it.
    fn note_on(original: &str, quote: &str, kind: NoteKind) -> Note {
        let start = original.find(quote).expect("quote in text");
        Note::new(
            "urn:uuid:n",
            kind,
            target_for(original, start..start + quote.len()),
            &Stamp {
                now: "2026-01-01T00:00:00Z".into(),
                creator: None,
            },
        )
    }

    /// The findings of `text` with `notes`, one per line: code, severity,
    /// the text under it, the message.
    fn check(text: &str, notes: &[Note], expect: Expect) {
        let analysis = Analysis::with_notes(text, notes, &Settings::default());
        let lines: Vec<String> = analysis
            .findings()
            .iter()
            .map(|f| {
                format!(
                    "{} {} [{}] {}",
                    f.code.as_str(),
                    f.severity.as_str(),
                    &text[f.span.clone()],
                    f.message
                )
            })
            .collect();
        expect.assert_eq(&lines.join("\n"));
    }

    const ORIGINAL: &str = "Q: And the staff?\n\
                            A: We hired 450 nurses, and the budget rose by 12 percent over the year.\n";

    #[test]
    fn a_source_note_covers_its_figure_and_a_comment_does_not() {
        let cited = note_on(
            ORIGINAL,
            "450 nurses",
            NoteKind::Source {
                reference: "https://example.org/payroll".into(),
                comment: None,
            },
        );
        let comment = note_on(ORIGINAL, "12 percent", NoteKind::Comment("Hm.".into()));
        check(
            ORIGINAL,
            &[cited, comment],
            expect!["uncited-figure warning [12 percent] figure without a citation: 12 percent"],
        );
    }

    #[test]
    fn an_edited_quote_drifts_and_a_deleted_one_is_orphaned_where_it_was() {
        let note = note_on(
            ORIGINAL,
            "the budget rose by 12 percent",
            NoteKind::Reviewed { comment: None },
        );
        let edited = ORIGINAL.replace("rose", "grew");
        check(
            &edited,
            std::slice::from_ref(&note),
            expect![[r#"
                uncited-figure warning [450 nurses] figure without a citation: 450 nurses
                note-drifted information [the budget grew by 12 percent] the text under note urn:uuid:n changed; it was on “the budget rose by 12 percent”"#]],
        );
        let deleted = ORIGINAL.replace(", and the budget rose by 12 percent", "");
        check(
            &deleted,
            &[note],
            expect![[r#"
                uncited-figure warning [450 nurses] figure without a citation: 450 nurses
                note-orphaned information [the year.] note urn:uuid:n is no longer found in the transcript; it was on “the budget rose by 12 percent”"#]],
        );
    }

    #[test]
    fn a_changed_figure_under_a_note_is_named_and_flagged_again() {
        let note = note_on(
            ORIGINAL,
            "the budget rose by 12 percent",
            NoteKind::Reviewed { comment: None },
        );
        let edited = ORIGINAL.replace("12 percent", "15 percent");
        check(
            &edited,
            std::slice::from_ref(&note),
            expect![[r#"
                uncited-figure warning [450 nurses] figure without a citation: 450 nurses
                note-drifted information [the budget rose by 15 percent] the figure under note urn:uuid:n changed: the quote said 12 percent; the transcript now says 15 percent
                uncited-figure warning [15 percent] figure without a citation: 15 percent"#]],
        );
    }

    #[test]
    fn an_asserted_figure_stays_a_warning_beside_a_hypothetical_one() {
        let text = "Q: And the vans?\n\
                    A: We bought 38 vans this spring, and if you order 6 vans, they ship free.\n";
        let analysis = Analysis::new(text, &Settings::default());
        let found: Vec<_> = analysis
            .findings()
            .iter()
            .map(|f| (&text[f.span.clone()], f.severity.as_str(), f.reason.rule))
            .collect();
        assert_eq!(
            found,
            [
                ("38 vans", "warning", "asserted.count"),
                ("6 vans", "hint", "hypothetical.if-clause"),
            ]
        );
        let hint = &analysis.findings()[1];
        assert_eq!(hint.reason.text, "inside an if-clause");
    }

    #[test]
    fn a_note_finding_says_what_happened_to_its_note() {
        let note = note_on(ORIGINAL, "450 nurses", NoteKind::Reviewed { comment: None });
        let deleted = ORIGINAL.replace("450 nurses", "nurses");
        let analysis = Analysis::with_notes(&deleted, &[note], &Settings::default());
        let orphaned = &analysis.findings()[0];
        assert_eq!(orphaned.code.as_str(), "note-orphaned");
        assert_eq!(orphaned.reason.rule, "note-orphaned");
    }

    #[test]
    fn a_note_with_nothing_to_anchor_is_left_to_the_sidecar() {
        let mut note = note_on(ORIGINAL, "450 nurses", NoteKind::Comment("x".into()));
        note.target = Default::default();
        check("A: Nothing to see.\n", &[note], expect![""]);
    }
}
