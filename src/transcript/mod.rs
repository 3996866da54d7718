//! The transcript model: who speaks where, and which turns ask and answer.
//!
//! `parse` reads any text and returns the speaker turns it finds, grouped into
//! exchanges (a question and the answers that follow it). It never fails:
//! text with no recognisable turns is simply a transcript with no turns.
//!
//! The work is a pipeline of small steps, each in its own module:
//!
//! - `plain` or `vtt` scan the lines and cut the text into labelled blocks.
//!   Plain-text labels are recognised by small recognisers in a table
//!   (`layouts`), so supporting a new layout is one addition there; `labels`
//!   decides which candidates are labels from signals over the document.
//!   `furniture` keeps stage directions and page lines out of speech.
//! - `speakers` folds label names into speakers (`JEAN-PIERRE` is
//!   `KARINE JEAN-PIERRE`), and `blocks` merges runs of one speaker's blocks
//!   into turns.
//! - `roles` decides who asks and who answers, and `exchanges` groups each
//!   question with its answers.
//!
//! Every step is a linear scan or works per label, never per character pair,
//! so a long transcript parses in a few milliseconds.

mod blocks;
mod exchanges;
mod furniture;
mod labels;
mod layouts;
mod lines;
mod names;
mod plain;
mod roles;
mod speakers;
mod timestamps;
mod vtt;

use crate::text::Span;

/// What a turn does in the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Question,
    Answer,
    Other,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Question => "question",
            Role::Answer => "answer",
            Role::Other => "other",
        }
    }
}

/// The broad family of the document's layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Paragraphs of prose with speaker labels (most transcripts).
    Plain,
    /// WebVTT captions.
    WebVtt,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::WebVtt => "webvtt",
        }
    }
}

/// Index of a speaker in `Transcript::speakers`.
pub type SpeakerId = usize;

/// One person (or one anonymous role, such as `Q`) who speaks.
#[derive(Debug, Clone, PartialEq)]
pub struct Speaker {
    /// The fullest form of the name seen: `KARINE JEAN-PIERRE` even where a
    /// later label says only `JEAN-PIERRE`. Without colon or title.
    pub name: String,
    /// A title given after a comma in a label (`WHITE HOUSE PRESS SECRETARY`).
    pub title: Option<String>,
}

/// A maximal run of speech by one speaker.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    pub speaker: SpeakerId,
    /// The speaker as written at the turn's first label (`JEAN-PIERRE`),
    /// without colon or title.
    pub label_name: String,
    pub role: Role,
    /// The speaker label at the start of the turn (`MR. DEESE:`, `<v Travis>`),
    /// or, for a cue with no label, its first text line.
    pub label: Span,
    /// From the end of the label to the end of the turn's last speech.
    pub body: Span,
    /// The pieces of `body` that are speech: labels of later blocks by the same
    /// speaker, timestamps, caption cue ids and timing lines, stage directions
    /// and page furniture are cut out. Figures are looked for only here.
    pub speech: Vec<Span>,
    /// The turn's start time in seconds, when the transcript gives one.
    pub timestamp: Option<f64>,
}

/// A question and the answers that follow it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exchange {
    /// Index into `Transcript::turns`.
    pub question: usize,
    /// Indices into `Transcript::turns`, in order.
    pub answers: Vec<usize>,
    /// From the question's label to the end of its last answer (or of the
    /// question when it has none).
    pub span: Span,
}

/// Everything `parse` found.
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub format: Format,
    pub speakers: Vec<Speaker>,
    pub turns: Vec<Turn>,
    pub exchanges: Vec<Exchange>,
}

impl Transcript {
    /// A transcript is a document in which at least one turn was found.
    pub fn is_transcript(&self) -> bool {
        !self.turns.is_empty()
    }

    pub fn speaker(&self, turn: &Turn) -> &Speaker {
        &self.speakers[turn.speaker]
    }

    /// Each turn's speech spans, turn by turn, in order.
    pub fn speech(&self) -> impl Iterator<Item = &[Span]> {
        self.turns.iter().map(|t| t.speech.as_slice())
    }

    /// The turn whose label or body contains `offset`.
    pub fn turn_at(&self, offset: usize) -> Option<usize> {
        let i = self.turns.partition_point(|t| t.label.start <= offset);
        let i = i.checked_sub(1)?;
        let t = &self.turns[i];
        (offset <= t.body.end.max(t.label.end)).then_some(i)
    }
}

/// Reads the turns out of `text`. Never fails.
pub fn parse(text: &str) -> Transcript {
    let (format, (blocks, names)) = if vtt::is_webvtt(text) {
        (Format::WebVtt, vtt::scan(text))
    } else {
        (Format::Plain, plain::scan(text))
    };
    let mut folding = speakers::Folding::new(&names, blocks.list.iter().map(|b| b.name_id));
    let mut turns = blocks::into_turns(&blocks, &names, &folding);
    let mut speakers = std::mem::take(&mut folding.speakers);
    // A speaker's title is the first one any of their labels gives.
    for b in &blocks.list {
        let speaker = &mut speakers[folding.id(b.name_id)];
        if speaker.title.is_none() {
            speaker.title = b.title.as_ref().map(|t| text[t.clone()].to_string());
        }
    }
    roles::assign(text, &speakers, &mut turns);
    let exchanges = exchanges::build(&turns);
    Transcript {
        format,
        speakers,
        turns,
        exchanges,
    }
}

#[cfg(test)]
mod tests;
