//! Claims: every figure of a document as a row of a fact-checker's list.
//!
//! Findings are what is wrong; a claim is every figure, cited or not, with
//! what a desk needs to work through them: who said it, when in the
//! recording, what covers it (the marker and its footnote, the note with a
//! source or a verdict, an `ignore` phrase) or why it needs nothing (a
//! hint, and the rule that made it one), and the sentence it stands in. The
//! rows come from an existing `Analysis`; nothing is read again. The
//! sentence of each figure is found in one forward walk per turn, shared by
//! all the figures of the turn, and shown cut to a window around the
//! figure, so a claim costs the same in a long line as in a short one.

use std::collections::HashMap;

use super::{Analysis, Cover};
use crate::citations::{Ends, MarkerKind};
use crate::figures::{FigureKind, Reading};
use crate::text::{Span, ceil_boundary, floor_boundary};
use crate::transcript::SpeakerId;

/// Where a figure stands with its sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Stated as fact and covered by nothing (or by a citation that holds
    /// no source yet).
    Uncited,
    /// An inline marker or a note gives its source.
    Cited,
    /// A note marks it reviewed, without a source.
    Reviewed,
    /// Not asserted (a hypothetical, advice, a definition): needs no source.
    Hint,
    /// Inside a phrase the configuration says is never a claim.
    Ignored,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Uncited,
        Status::Cited,
        Status::Reviewed,
        Status::Hint,
        Status::Ignored,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Uncited => "uncited",
            Status::Cited => "cited",
            Status::Reviewed => "reviewed",
            Status::Hint => "hint",
            Status::Ignored => "ignored",
        }
    }

    pub fn from_name(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// One figure as a row of the claims table.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// Index into `Analysis::figures`.
    pub figure: usize,
    /// Who said it; `None` for speech before any speaker is known.
    pub speaker: Option<SpeakerId>,
    /// When in the recording, in seconds, when the transcript gives times.
    pub time: Option<f64>,
    pub status: Status,
    /// What the status rests on, in a few words: the source of a cited
    /// figure, the note that reviewed it, why a hint is one, the phrase
    /// that ignores it, what an empty citation lacks. Empty when nothing
    /// more is to be said (an uncited figure with no citation at all).
    pub detail: String,
    /// How the figure was read: asserted by the rule of its kind, or the
    /// rule that makes it a hint.
    pub reading: Reading,
    /// The sentence the figure stands in, within its turn's speech.
    pub sentence: Span,
    /// That sentence on one line, cut to `WINDOW` bytes either side of the
    /// figure (with `…` where it was cut).
    pub excerpt: String,
}

/// How far an excerpt reaches either side of its figure, in bytes: a whole
/// sentence of speech, and a bounded piece of a text without stops.
pub const WINDOW: usize = 200;

/// The claims of a document, one per figure, index-aligned with
/// `analysis.figures`.
pub fn build(text: &str, analysis: &Analysis) -> Vec<Claim> {
    let sentences = sentences(text, analysis);
    let definitions: HashMap<&str, usize> = analysis
        .citations
        .definitions
        .iter()
        .enumerate()
        .map(|(k, d)| (d.label.as_str(), k))
        .collect();
    let readings = &analysis.reuse.readings;
    analysis
        .figures
        .iter()
        .enumerate()
        .zip(sentences)
        .map(|((i, figure), (sentence, speech))| {
            let reading = readings.get(i).copied().unwrap_or(if figure.hypothetical {
                Reading::NotAsserted
            } else {
                Reading::asserted(figure.kind)
            });
            let (status, detail) = status_of(text, analysis, &definitions, i, reading);
            let excerpt = excerpt(text, speech, &sentence, &figure.span);
            Claim {
                figure: i,
                speaker: speaker_of(analysis, figure.span.start),
                time: analysis.time_at(figure.span.start),
                status,
                detail,
                reading,
                sentence,
                excerpt,
            }
        })
        .collect()
}

/// The speaker whose turn holds `offset`.
fn speaker_of(analysis: &Analysis, offset: usize) -> Option<SpeakerId> {
    let t = &analysis.transcript;
    t.turn_at(offset).map(|k| t.turns[k].speaker)
}

/// The status of figure `i` and what it rests on.
fn status_of(
    text: &str,
    analysis: &Analysis,
    definitions: &HashMap<&str, usize>,
    i: usize,
    reading: Reading,
) -> (Status, String) {
    match &analysis.covers[i] {
        Some(Cover::Marker(m)) => {
            let marker = &analysis.citations.markers[*m];
            let mut source = one_line(&text[marker.span.clone()]);
            if let MarkerKind::Footnote { label } = &marker.kind
                && let Some(&d) = definitions.get(label.as_str())
            {
                source.push_str(": ");
                source.push_str(&one_line(
                    &text[analysis.citations.definitions[d].body.clone()],
                ));
            }
            (Status::Cited, source)
        }
        Some(Cover::Note(n)) => match analysis.notes.get(*n) {
            Some(note) if note.sources().next().is_some() => {
                let sources: Vec<&str> = note.sources().collect();
                (Status::Cited, format!("note: {}", sources.join(", ")))
            }
            // The verdict's own words, when it has some, say what was checked.
            Some(note) => {
                let who = match note.id.as_str() {
                    "" => "a note".to_string(),
                    id => format!("note {id}"),
                };
                match note.text().map(one_line).filter(|t| !t.is_empty()) {
                    Some(words) => (Status::Reviewed, format!("{words} ({who})")),
                    None => (Status::Reviewed, who),
                }
            }
            None => (Status::Reviewed, "a note".to_string()),
        },
        Some(Cover::Phrase(phrase)) => (Status::Ignored, format!("ignore phrase “{phrase}”")),
        None if !reading.is_asserted() => (Status::Hint, reading.text().to_string()),
        None => match analysis.stubs.get(i).copied().flatten() {
            Some(m) => (
                Status::Uncited,
                format!(
                    "`{}` follows it, but {}",
                    &text[analysis.citations.markers[m].span.clone()],
                    super::hover::stub_says(analysis, m)
                ),
            ),
            None => (Status::Uncited, String::new()),
        },
    }
}

/// For each figure (index-aligned), its sentence and the speech spans of
/// its turn. The figures of a turn come in text order; each turn's
/// sentence ends are found in one forward walk from its first speech to
/// its last figure's sentence end, so the whole costs one pass over the
/// speech that holds figures.
fn sentences<'a>(text: &str, analysis: &'a Analysis) -> Vec<(Span, &'a [Span])> {
    let t = &analysis.transcript;
    let figures = &analysis.figures;
    let mut out: Vec<(Span, &[Span])> = Vec::with_capacity(figures.len());
    let mut i = 0;
    while i < figures.len() {
        let owner = t.turn_at(figures[i].span.start);
        let speech: &[Span] = match owner {
            Some(k) => &t.turns[k].speech,
            None => &t.unattributed,
        };
        // The run of figures in this turn.
        let mut j = i + 1;
        while j < figures.len()
            && figures[j].span.start >= figures[j - 1].span.start
            && t.turn_at(figures[j].span.start) == owner
        {
            j += 1;
        }
        let mut walk = Walk::new(text, speech);
        for f in &figures[i..j] {
            out.push((walk.sentence_of(&f.span), speech));
        }
        i = j;
    }
    out
}

/// A forward walk over one turn's speech for sentence ends. Only an end
/// inside the speech counts: the blank line between two caption cues ends
/// no sentence, as the figures' own reading joins a sentence across cues.
struct Walk<'a> {
    ends: Ends<'a>,
    speech: &'a [Span],
    /// The first speech span not wholly before the last end looked at.
    span: usize,
    /// Where the current sentence starts.
    start: usize,
    /// Where the current sentence ends (exclusive), once found.
    end: Option<usize>,
    /// The end of the turn's speech.
    last: usize,
    text: &'a str,
}

impl<'a> Walk<'a> {
    fn new(text: &'a str, speech: &'a [Span]) -> Walk<'a> {
        let first = speech.first().map_or(0, |s| s.start);
        Walk {
            ends: Ends::new(text),
            speech,
            span: 0,
            start: first,
            end: None,
            last: speech.last().map_or(text.len(), |s| s.end),
            text,
        }
    }

    /// The sentence holding `figure`; figures must come in text order.
    fn sentence_of(&mut self, figure: &Span) -> Span {
        // Past the sentence found last: the next one starts after its end.
        if let Some(end) = self.end {
            if figure.start < end {
                return self.start..end;
            }
            self.start = end;
            self.end = None;
        }
        while let Some(e) = self.end_between(self.start, figure.start) {
            self.start = self.after(e);
        }
        let end = match self.end_between(figure.end, self.last) {
            Some(e) => self.after(e),
            None => self.last.max(figure.end),
        };
        self.end = Some(end);
        self.start.min(figure.start)..end
    }

    /// The first sentence end in `from..to` that lies in the speech; calls
    /// come with `from` never decreasing, so the spans are walked once.
    fn end_between(&mut self, mut from: usize, to: usize) -> Option<usize> {
        while let Some(e) = self.ends.first_between(from, to) {
            while self.span < self.speech.len() && self.speech[self.span].end <= e {
                self.span += 1;
            }
            let in_speech =
                self.speech.is_empty() || self.speech.get(self.span).is_some_and(|s| s.start <= e);
            if in_speech {
                return Some(e);
            }
            from = e + 1;
        }
        None
    }

    /// Just past the sentence end at byte `e` (past the whole `…`).
    fn after(&self, e: usize) -> usize {
        ceil_boundary(self.text, e + 1)
    }
}

/// `sentence` on one line, from the speech spans only (so the furniture
/// between a caption's cues stays out), cut to `WINDOW` bytes either side
/// of `figure`, and to whole words where it is cut.
fn excerpt(text: &str, speech: &[Span], sentence: &Span, figure: &Span) -> String {
    let cut_start = sentence.start + WINDOW < figure.start;
    let cut_end = figure.end + WINDOW < sentence.end;
    let mut from = sentence.start.min(figure.start);
    if cut_start {
        from = floor_boundary(text, figure.start - WINDOW);
        from = text[from..figure.start]
            .find(char::is_whitespace)
            .map_or(figure.start, |k| from + k);
    }
    let mut to = sentence.end.max(figure.end);
    if cut_end {
        to = ceil_boundary(text, figure.end + WINDOW);
        to = text[figure.end..to]
            .rfind(char::is_whitespace)
            .map_or(figure.end, |k| figure.end + k);
    }
    // The speech spans meeting `from..to`: the first found by binary search.
    let k = speech.partition_point(|s| s.end <= from);
    let mut pieces: Vec<Span> = speech[k..]
        .iter()
        .take_while(|s| s.start < to)
        .map(|s| s.start.max(from)..s.end.min(to))
        .collect();
    if pieces.is_empty() {
        // A figure outside its turn's speech (built by hand): its own text.
        pieces.push(from..to);
    }
    let mut out = String::new();
    if cut_start {
        out.push('…');
    }
    let mut first = true;
    for word in pieces
        .iter()
        .flat_map(|p| text[p.clone()].split_whitespace())
    {
        if !first {
            out.push(' ');
        }
        first = false;
        out.push_str(word);
    }
    if cut_end {
        out.push('…');
    }
    out
}

/// `s` with its whitespace folded into single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which claims to show: all of them unless a filter says otherwise; each
/// given filter must hold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// A speaker by any of their names, in any case.
    pub speaker: Option<String>,
    /// Any of these statuses (all when empty).
    pub statuses: Vec<Status>,
    /// Any of these kinds (all when empty).
    pub kinds: Vec<FigureKind>,
}

impl Filter {
    /// Whether the filter keeps every claim.
    pub fn is_empty(&self) -> bool {
        self.speaker.is_none() && self.statuses.is_empty() && self.kinds.is_empty()
    }

    /// For each speaker of `analysis` (by id), whether the filter's speaker
    /// is them: their fullest name or any label their turns were written
    /// with (`JEAN-PIERRE` and `KARINE JEAN-PIERRE`), compared with spaces
    /// folded and in any case. Worked out once per document, so each claim
    /// is kept or dropped by an index.
    pub fn speakers(&self, analysis: &Analysis) -> Vec<bool> {
        let t = &analysis.transcript;
        let Some(wanted) = &self.speaker else {
            return vec![true; t.speakers.len()];
        };
        let wanted = folded(wanted);
        let mut chosen: Vec<bool> = t
            .speakers
            .iter()
            .map(|s| folded(&s.name) == wanted)
            .collect();
        for turn in &t.turns {
            if let Some(c) = chosen.get_mut(turn.speaker)
                && !*c
                && folded(&turn.label_name) == wanted
            {
                *c = true;
            }
        }
        chosen
    }

    /// Whether `claim` is kept, given `speakers` from `Filter::speakers`.
    pub fn keeps(&self, claim: &Claim, kind: FigureKind, speakers: &[bool]) -> bool {
        let speaker = match claim.speaker {
            Some(id) => speakers.get(id).copied().unwrap_or(false),
            None => self.speaker.is_none(),
        };
        speaker
            && (self.statuses.is_empty() || self.statuses.contains(&claim.status))
            && (self.kinds.is_empty() || self.kinds.contains(&kind))
    }
}

/// A name lower-cased with its spaces folded, for comparing names.
fn folded(name: &str) -> String {
    name.split_whitespace()
        .flat_map(|w| std::iter::once(" ").chain(std::iter::once(w)))
        .skip(1)
        .collect::<String>()
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Settings;
    use expect_test::{Expect, expect};

    /// The claims of `text`, one a line: the figure, status, detail,
    /// speaker, time and excerpt.
    fn check(text: &str, settings: &Settings, expect: Expect) {
        let analysis = Analysis::new(text, settings);
        let claims = build(text, &analysis);
        assert_eq!(claims.len(), analysis.figures.len());
        let t = &analysis.transcript;
        let lines: Vec<String> = claims
            .iter()
            .map(|c| {
                let f = &analysis.figures[c.figure];
                let who = c.speaker.map_or("-", |s| t.speakers[s].name.as_str());
                let time = c.time.map_or("-".to_string(), super::super::format_clock);
                format!(
                    "{} | {} | {} | {who} | {time} | {}",
                    &text[f.span.clone()],
                    c.status.as_str(),
                    c.detail,
                    c.excerpt
                )
            })
            .collect();
        expect.assert_eq(&lines.join("\n"));
    }

    #[test]
    fn every_figure_is_a_claim_with_its_status_and_sentence() {
        let text = "\
[00:00:10] REPORTER: How many clinics opened last year? Is it 87 clinics?

[00:00:20] MINISTER: We opened 87 clinics for $4.2 billion [^1], and hired 450 nurses.
About 30 percent of them work nights [@rota2024]. If you have 3 children, call us.
We built 12 depots[^2].

[^1]: Budget report, p. 4.
[^2]: TODO
";
        check(
            text,
            &Settings::default(),
            expect![[r#"
                87 clinics | uncited |  | REPORTER | 00:00:10 | Is it 87 clinics?
                87 clinics | cited | [^1]: Budget report, p. 4. | MINISTER | 00:00:20 | We opened 87 clinics for $4.2 billion [^1], and hired 450 nurses.
                $4.2 billion | cited | [^1]: Budget report, p. 4. | MINISTER | 00:00:20 | We opened 87 clinics for $4.2 billion [^1], and hired 450 nurses.
                450 nurses | uncited |  | MINISTER | 00:00:20 | We opened 87 clinics for $4.2 billion [^1], and hired 450 nurses.
                About 30 percent | cited | [@rota2024] | MINISTER | 00:00:20 | About 30 percent of them work nights [@rota2024].
                3 children | hint | inside an if-clause | MINISTER | 00:00:20 | If you have 3 children, call us.
                12 depots | uncited | `[^2]` follows it, but its footnote definition holds no source yet | MINISTER | 00:00:20 | We built 12 depots[^2]."#]],
        );
    }

    #[test]
    fn a_sentence_across_caption_cues_leaves_their_timings_out() {
        let text = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Marta Lind>How many ships came in?\n\n\
                    00:00:05.000 --> 00:00:08.000\n<v Omar Haddad>About 4,200 ships came\n\n\
                    00:00:08.500 --> 00:00:10.000\nin this year, a record.\n";
        check(
            text,
            &Settings::default(),
            expect![[r#"
                About 4,200 ships | uncited |  | Omar Haddad | 00:00:05 | About 4,200 ships came in this year, a record."#]],
        );
    }

    #[test]
    fn an_ignored_phrase_is_named() {
        let settings = Settings {
            ignore: vec!["a million times".into()],
            ..Settings::default()
        };
        check(
            "Q: Sure?\n\nA: I said it a million times. We sold 40 lamps.\n",
            &settings,
            expect![[r#"
                a million times | ignored | ignore phrase “a million times” | A | - | I said it a million times.
                40 lamps | uncited |  | A | - | We sold 40 lamps."#]],
        );
    }

    #[test]
    fn a_sentence_without_stops_is_cut_around_its_figure() {
        let filler = "and then we talked about the weather ".repeat(20);
        let text = format!("A: {filler}while we sold 40 lamps {filler}\n");
        let analysis = Analysis::new(&text, &Settings::default());
        let claims = build(&text, &analysis);
        let [claim] = claims.as_slice() else {
            panic!("one claim: {claims:?}")
        };
        assert!(claim.excerpt.starts_with('…') && claim.excerpt.ends_with('…'));
        assert!(
            claim.excerpt.contains("we sold 40 lamps"),
            "{}",
            claim.excerpt
        );
        assert!(claim.excerpt.len() <= 2 * WINDOW + 20, "{}", claim.excerpt);
        // Whole words only.
        for word in claim.excerpt.trim_matches('…').split(' ') {
            assert!(filler.contains(word) || text.contains(word), "{word:?}");
        }
        assert!(!claim.excerpt.contains("  "));
    }

    #[test]
    fn the_speaker_filter_takes_any_of_a_speakers_names() {
        let text = "KARINE JEAN-PIERRE: We hired 40 nurses.\n\nQ: And?\n\n\
                    JEAN-PIERRE: And 12 doctors.\n\nQ: Only 3 vans?\n";
        let analysis = Analysis::new(text, &Settings::default());
        let claims = build(text, &analysis);
        let kept = |filter: &Filter| -> Vec<&str> {
            let speakers = filter.speakers(&analysis);
            claims
                .iter()
                .filter(|c| filter.keeps(c, analysis.figures[c.figure].kind, &speakers))
                .map(|c| &text[analysis.figures[c.figure].span.clone()])
                .collect()
        };
        assert_eq!(kept(&Filter::default()).len(), 3);
        for name in ["jean-pierre", "Karine  Jean-Pierre"] {
            let filter = Filter {
                speaker: Some(name.into()),
                ..Filter::default()
            };
            assert_eq!(kept(&filter), ["40 nurses", "12 doctors"], "{name}");
        }
        let filter = Filter {
            speaker: Some("karine".into()),
            ..Filter::default()
        };
        assert!(kept(&filter).is_empty());
        let filter = Filter {
            statuses: vec![Status::Cited],
            ..Filter::default()
        };
        assert!(kept(&filter).is_empty());
        let filter = Filter {
            kinds: vec![FigureKind::Count],
            statuses: vec![Status::Uncited],
            ..Filter::default()
        };
        assert_eq!(kept(&filter), ["40 nurses", "12 doctors", "Only 3 vans"]);
    }

    #[test]
    fn statuses_are_named_both_ways() {
        for s in Status::ALL {
            assert_eq!(Status::from_name(s.as_str()), Some(s));
        }
        assert_eq!(Status::from_name("flagged"), None);
    }
}
