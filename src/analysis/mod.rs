//! The façade over the core: one `Analysis` per version of a document.
//!
//! `Analysis::new` parses the transcript, finds figures and citations and
//! decides which figures are uncited; the server and the command line then ask
//! it for the outline, the findings (diagnostics as plain data), hover text at
//! an offset and the fixes available for a span, and the claims table (every
//! figure with its status, `claims`), compared across documents by
//! `agreement`. Nothing here knows about LSP or files: the shell converts
//! byte spans to positions at its edge.

pub mod agreement;
pub mod claims;
mod findings;
mod fixes;
mod hover;
mod incremental;
mod outline;
mod time;

pub use findings::{Finding, FindingCode, Reason, Related, Severity};
pub use fixes::{Edit, Fix};
pub use hover::HoverInfo;
pub(crate) use hover::format_number;
pub use outline::{OutlineItem, OutlineKind};
pub use time::{TimeMarks, bracketed_clock, format_clock, media_fragment};

use crate::citations::{self, Citations, MarkerStyles};
use crate::figures::{self, Figure, FigureKind, Reading};
use crate::notes::{self, Anchor, Note};
use crate::text::Span;
use crate::transcript::{self, Format, SpeakerHints, Transcript};

/// The analysis options the core needs; the shell's `config` fills them in.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The severity of an uncited figure of each kind (`Severity::Off` hides it).
    pub severity: [Severity; FigureKind::ALL.len()],
    /// Which inline marker styles count as citations.
    pub markers: MarkerStyles,
    /// The transcript's format when the user or the file's extension says
    /// it; `None` lets the content decide (`transcript::Format::detect`).
    pub format: Option<Format>,
    /// What the user says about the speakers: the label shape, aliases,
    /// who asks.
    pub speakers: SpeakerHints,
    /// Phrases that are never claims (`a million times`, `scopes 1, 2 and
    /// 3`): a figure inside one, in any case, is not flagged.
    pub ignore: Vec<String>,
    /// The name of the file the notes come from (the sidecar), for the
    /// messages about notes that lost their words; `for_path` sets it.
    pub notes_file: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        let mut severity = [Severity::Warning; FigureKind::ALL.len()];
        severity[FigureKind::SpelledCount as usize] = Severity::Information;
        Settings {
            severity,
            markers: MarkerStyles::default(),
            format: None,
            speakers: SpeakerHints::default(),
            ignore: Vec::new(),
            notes_file: None,
        }
    }
}

impl Settings {
    pub fn severity_of(&self, kind: FigureKind) -> Severity {
        self.severity[kind as usize]
    }

    /// These settings for the file at `path`: a format the user set stands;
    /// else the file's extension tells it (`.srt`, `.vtt`), if it does. Its
    /// notes are named as coming from its sidecar.
    pub fn for_path(&self, path: &str) -> Settings {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        Settings {
            format: self.format.or_else(|| Format::from_path(path)),
            notes_file: (!name.is_empty()).then(|| format!("{name}{}", crate::sidecar::SUFFIX)),
            ..self.clone()
        }
    }
}

/// What covers a figure, if anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Cover {
    /// An inline marker (index into `Citations::markers`).
    Marker(usize),
    /// A note with a source or a review verdict (index into the notes given
    /// to `Analysis::with_notes`).
    Note(usize),
    /// A phrase the configuration says is never a claim (`ignore`), as the
    /// user wrote it.
    Phrase(String),
}

/// Texts longer than this have their turns and citation markers found on
/// two threads; below it, handing work over costs more than it saves.
const SIDE_BY_SIDE_BYTES: usize = 256 * 1024;

/// How much speech one task reads for figures: big enough that handing it
/// to a thread costs next to nothing, small enough that the threads share a
/// large transcript evenly.
const SPEECH_PER_TASK: usize = 256 * 1024;

/// The figures in the transcript's speech. A sentence never runs from one
/// turn into the next, so a long transcript is cut into runs of turns that
/// are read in parallel, giving the same figures in the same order as one
/// reading would.
fn detect_figures(text: &str, transcript: &Transcript) -> (Vec<Figure>, Vec<Reading>, usize) {
    use rayon::prelude::*;

    let turns = &transcript.turns;
    // Speech by no known speaker comes first, read on its own.
    let (mut figures, mut readings) = if transcript.unattributed.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        figures::detect_read(text, [transcript.unattributed.as_slice()])
    };
    let unattributed = figures.len();
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, turn) in turns.iter().enumerate() {
        bytes += turn.speech.iter().map(|s| s.len()).sum::<usize>();
        if bytes >= SPEECH_PER_TASK {
            runs.push(start..i + 1);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < turns.len() {
        runs.push(start..turns.len());
    }
    let read = |run: &std::ops::Range<usize>| {
        figures::detect_read(text, turns[run.clone()].iter().map(|t| t.speech.as_slice()))
    };
    let (in_turns, read_in_turns): (Vec<Figure>, Vec<Reading>) = match runs.as_slice() {
        [] => (Vec::new(), Vec::new()),
        // A short document is read on the calling thread.
        [only] => read(only),
        _ => runs
            .par_iter()
            .flat_map_iter(|run| {
                let (figures, readings) = read(run);
                figures.into_iter().zip(readings)
            })
            .unzip(),
    };
    if figures.is_empty() {
        return (in_turns, read_in_turns, 0);
    }
    figures.extend(in_turns);
    readings.extend(read_in_turns);
    (figures, readings, unattributed)
}

/// `covers`, with every figure not yet covered that lies inside an
/// occurrence of an `ignore` phrase covered by that phrase. The text is
/// lower-cased (ASCII) once and each phrase found with `memmem`, so the
/// work is linear in the text for each phrase.
fn ignored(
    text: &str,
    original: &[String],
    figures: &[Span],
    mut covers: Vec<Option<Cover>>,
) -> Vec<Option<Cover>> {
    let phrases: Vec<(usize, Vec<u8>)> = original
        .iter()
        .enumerate()
        .map(|(k, p)| (k, p.trim().to_ascii_lowercase().into_bytes()))
        .filter(|(_, p)| !p.is_empty())
        .collect();
    if phrases.is_empty() || figures.is_empty() {
        return covers;
    }
    let lower = text.to_ascii_lowercase();
    // Every occurrence of every phrase, sorted by start.
    let mut found: Vec<(Span, usize)> = Vec::new();
    for (k, phrase) in &phrases {
        let finder = memchr::memmem::Finder::new(phrase);
        found.extend(
            finder
                .find_iter(lower.as_bytes())
                .map(|at| (at..at + phrase.len(), *k)),
        );
    }
    found.sort_by_key(|(span, _)| span.start);
    // Figures taken in text order: one pass keeps the occurrences that have
    // begun and, of those, the one reaching furthest.
    let mut order: Vec<usize> = (0..figures.len()).collect();
    order.sort_by_key(|&i| figures[i].start);
    let mut next = 0;
    let mut furthest: Option<(Span, usize)> = None;
    for i in order {
        let figure = &figures[i];
        while next < found.len() && found[next].0.start <= figure.start {
            if furthest
                .as_ref()
                .is_none_or(|(s, _)| found[next].0.end > s.end)
            {
                furthest = Some(found[next].clone());
            }
            next += 1;
        }
        if covers[i].is_none()
            && let Some((span, k)) = &furthest
            && span.end >= figure.end
        {
            covers[i] = Some(Cover::Phrase(original[*k].trim().to_string()));
        }
    }
    covers
}

/// How many figures one task checks for a covering marker.
const FIGURES_PER_TASK: usize = 4096;

/// `citations::citing`, in parallel for many figures: which marker cites a
/// figure depends on that figure alone.
fn cited_by_markers(text: &str, citations: &Citations, figures: &[Span]) -> Vec<Option<usize>> {
    use rayon::prelude::*;

    if figures.len() <= FIGURES_PER_TASK {
        return citations::citing(text, citations, figures);
    }
    figures
        .par_chunks(FIGURES_PER_TASK)
        .flat_map_iter(|chunk| citations::citing(text, citations, chunk))
        .collect()
}

/// Everything known about one version of one document.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub transcript: Transcript,
    pub figures: Vec<Figure>,
    pub citations: Citations,
    /// For each figure, what covers it.
    pub covers: Vec<Option<Cover>>,
    /// For each figure, the marker that cites it without giving a source
    /// (`citations::Stub`), when nothing else covers it.
    pub stubs: Vec<Option<usize>>,
    /// The notes given to `with_notes`, in their order.
    pub notes: Vec<Note>,
    /// Where each note is in this text (index-aligned with `notes`).
    pub anchors: Vec<Anchor>,
    /// Where the transcript says what time it is.
    pub times: TimeMarks,
    findings: Vec<Finding>,
    /// What the analysis of the next version can take from this one.
    reuse: incremental::Reuse,
}

impl Analysis {
    pub fn new(text: &str, settings: &Settings) -> Analysis {
        Analysis::with_notes(text, &[], settings)
    }

    /// The analysis with the transcript's notes anchored in it; a note that
    /// gives a source or a review verdict covers the figures it spans.
    pub fn with_notes(text: &str, notes: &[Note], settings: &Settings) -> Analysis {
        Analysis::with_anchored_notes(text, notes, notes::anchor_all(text, notes), settings)
    }

    /// Like `with_notes`, with the notes already anchored (index-aligned),
    /// e.g. by `notes::reanchor_all` from anchors followed through edits.
    pub fn with_anchored_notes(
        text: &str,
        notes: &[Note],
        anchors: Vec<Anchor>,
        settings: &Settings,
    ) -> Analysis {
        Analysis::build(text, notes, anchors, settings, detect_figures)
    }

    /// The analysis of `text`, an edited version of `before`, which this
    /// analysis is of: equal to `with_anchored_notes` on `text`, with the
    /// figures of the turns the edit did not touch taken from this analysis
    /// rather than read again (see `incremental`).
    pub fn after_edit(
        &self,
        before: &str,
        text: &str,
        notes: &[Note],
        anchors: Vec<Anchor>,
        settings: &Settings,
    ) -> Analysis {
        if self.reuse.settings.as_ref() != Some(settings) {
            return Analysis::with_anchored_notes(text, notes, anchors, settings);
        }
        let change = incremental::Change::between(before, text);
        Analysis::build(text, notes, anchors, settings, |text, transcript| {
            incremental::figures_after(
                text,
                transcript,
                change,
                &self.transcript.turns,
                &self.figures,
                &self.reuse,
            )
        })
    }

    /// The analysis, with the figures (their readings, and how many come
    /// from unattributed speech) found by `detect`.
    fn build(
        text: &str,
        notes: &[Note],
        anchors: Vec<Anchor>,
        settings: &Settings,
        detect: impl FnOnce(&str, &Transcript) -> (Vec<Figure>, Vec<Reading>, usize),
    ) -> Analysis {
        // The turns and the citation markers are found independently: side
        // by side in a long text; a short one stays on the calling thread.
        let parse = || transcript::parse_with(text, settings.format, &settings.speakers);
        let find = || citations::find(text, settings.markers);
        let (transcript, citations) = if text.len() > SIDE_BY_SIDE_BYTES {
            rayon::join(parse, find)
        } else {
            (parse(), find())
        };
        let (figures, readings, unattributed) = detect(text, &transcript);
        let figure_spans: Vec<Span> = figures.iter().map(|f| f.span.clone()).collect();
        let by_note = notes::covering(text, notes, &anchors, &figure_spans);
        let cited_by = cited_by_markers(text, &citations, &figure_spans);
        let covers = cited_by
            .iter()
            .zip(by_note)
            .map(|(&marker, note)| {
                let marker = marker.filter(|&m| citations.is_effective(m));
                marker.map(Cover::Marker).or(note.map(Cover::Note))
            })
            .collect();
        let covers = ignored(text, &settings.ignore, &figure_spans, covers);
        let stubs = cited_by
            .into_iter()
            .zip(&covers)
            .map(|(marker, cover)| marker.filter(|_| cover.is_none()))
            .collect();
        let mut analysis = Analysis {
            transcript,
            figures,
            citations,
            covers,
            stubs,
            notes: notes.to_vec(),
            anchors,
            times: TimeMarks::default(),
            findings: Vec::new(),
            reuse: incremental::Reuse::default(),
        };
        analysis.times = TimeMarks::of(&analysis.transcript);
        analysis.findings = findings::compute_read(text, &analysis, settings, &readings);
        analysis.reuse = incremental::Reuse {
            readings,
            unattributed,
            settings: Some(settings.clone()),
        };
        analysis
    }

    /// Diagnostics as plain data, in document order.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The outline by question.
    pub fn outline(&self, text: &str) -> Vec<OutlineItem> {
        outline::build(text, self)
    }

    /// Ranges worth folding: each exchange and each turn.
    pub fn folding_ranges(&self) -> Vec<Span> {
        outline::folding_ranges(self)
    }

    /// What to show when hovering at `offset`.
    pub fn hover(&self, text: &str, offset: usize) -> Option<HoverInfo> {
        hover::at(text, self, offset)
    }

    /// The fixes offered for a selection (or a cursor, an empty span).
    pub fn fixes(&self, text: &str, span: Span) -> Vec<Fix> {
        fixes::for_span(text, self, span)
    }

    /// The time in the recording of the words at `offset`, in seconds,
    /// when the transcript gives times.
    pub fn time_at(&self, offset: usize) -> Option<f64> {
        self.times.time_at(offset)
    }

    /// The stretch of the recording `span` was said in: its start, and the
    /// next time given after it when there is one.
    pub fn time_span(&self, span: &Span) -> Option<(f64, Option<f64>)> {
        self.times.interval(span)
    }

    /// The notes (indices into `notes`) whose span holds `offset`, the
    /// innermost first; among notes on the same span, the most recently
    /// changed first.
    pub fn notes_at(&self, offset: usize) -> Vec<usize> {
        let mut found = notes::notes_at(&self.anchors, offset);
        found.sort_by(|&a, &b| {
            let len = |i: usize| self.anchors[i].span().map_or(usize::MAX, |s| s.len());
            let when = |i: usize| {
                let n = &self.notes[i];
                n.modified.as_deref().or(n.created.as_deref()).unwrap_or("")
            };
            len(a).cmp(&len(b)).then_with(|| when(b).cmp(when(a)))
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_phrases_cover_the_figures_inside_them_in_any_case() {
        let text = "Q: Did it work?\n\nA: I told them A Million Times. We counted 2 million \
                    visitors, and scopes 1, 2 and 3 are in the report. A million times, yes.\n";
        let settings = Settings {
            ignore: vec![
                "a million times".into(),
                " scopes 1, 2 and 3 ".into(),
                "  ".into(),
            ],
            ..Settings::default()
        };
        let flagged = |a: &Analysis| -> Vec<String> {
            a.findings()
                .iter()
                .map(|f| text[f.span.clone()].to_string())
                .collect()
        };
        let plain = Analysis::new(text, &Settings::default());
        let with = Analysis::new(text, &settings);
        assert!(
            flagged(&plain).len() > flagged(&with).len(),
            "{:?}",
            flagged(&plain)
        );
        assert_eq!(flagged(&with), ["2 million visitors"]);
        let phrase = with.covers.iter().flatten().find_map(|c| match c {
            Cover::Phrase(p) => Some(p.clone()),
            _ => None,
        });
        assert_eq!(phrase.as_deref(), Some("a million times"));
    }

    /// One exchange, with cited and uncited figures, that a long transcript
    /// repeats.
    const EXCHANGE: &str = "\
[00:00:10] REPORTER: How many clinics opened last year, and what did they cost?\n\
\n\
[00:00:20] MINISTER: We opened 87 clinics for $4.2 billion [^1], and hired 450 nurses.\n\
About 30 percent of them work nights.\n\
\n\
[^1]: Budget report, p. 4.\n\
\n";

    /// A long transcript is read in parallel (its label lines in pieces, its
    /// turns, figures, covers, findings and outline in runs): it must give
    /// what each of its parts gives, in order.
    #[test]
    fn a_long_transcript_gives_what_its_parts_give_in_order() {
        let copies = 2 * 1024 * 1024 / EXCHANGE.len();
        let text = EXCHANGE.repeat(copies);
        let settings = Settings::default();
        let one = Analysis::new(EXCHANGE, &settings);
        let all = Analysis::new(&text, &settings);
        assert!(all.figures.len() > FIGURES_PER_TASK && all.transcript.turns.len() > 4096);
        assert!(one.findings().len() >= 2 && one.covers.iter().any(Option::is_some));
        assert_eq!(one.transcript.turns.len(), 2);

        let shifted = |span: &Span, copy: usize| {
            span.start + copy * EXCHANGE.len()..span.end + copy * EXCHANGE.len()
        };
        let k = one.figures.len();
        assert_eq!(all.figures.len(), copies * k);
        for (i, f) in all.figures.iter().enumerate() {
            assert_eq!(
                f.span,
                shifted(&one.figures[i % k].span, i / k),
                "figure {i}"
            );
        }
        let k = one.findings().len();
        assert_eq!(all.findings().len(), copies * k);
        for (i, f) in all.findings().iter().enumerate() {
            let expected = &one.findings()[i % k];
            assert_eq!(f.span, shifted(&expected.span, i / k), "finding {i}");
            assert_eq!(f.message, expected.message);
        }
        let k = one.transcript.turns.len();
        for (i, t) in all.transcript.turns.iter().enumerate() {
            let expected = &one.transcript.turns[i % k];
            assert_eq!(t.label, shifted(&expected.label, i / k), "turn {i}");
            assert_eq!(t.role, expected.role, "turn {i}");
        }
        let (outline, expected) = (all.outline(&text), one.outline(EXCHANGE));
        assert_eq!(outline.len(), copies * expected.len());
        for (i, item) in outline.iter().enumerate() {
            let e = &expected[i % expected.len()];
            assert_eq!((&item.name, &item.detail), (&e.name, &e.detail), "item {i}");
            assert_eq!(item.span, shifted(&e.span, i / expected.len()));
        }
    }
}
