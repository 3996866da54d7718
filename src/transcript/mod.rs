//! The transcript model: who speaks where, and which turns ask and answer.
//!
//! `parse` reads any text and returns the speaker turns it finds, grouped into
//! exchanges (a question and the answers that follow it). It never fails:
//! text with no recognisable turns is simply a transcript with no turns.
//!
//! The work is a pipeline of small steps, each in its own module:
//!
//! - `plain` or `captions` (WebVTT, SubRip) scan the lines and cut the text
//!   into labelled blocks. Plain-text labels are recognised by small
//!   recognisers in a table (`layouts`), so supporting a new layout is one
//!   addition there; `labels` decides which candidates are labels from
//!   signals over the document (their form, whether names repeat, whether
//!   the shape is in use, whether they continue a sentence). `marks` finds
//!   the `>>` changes of speaker of closed captions, `timestamps` the clocks
//!   and minute headers, and `furniture` keeps stage directions and page
//!   lines out of speech.
//! - A text in which no label is found is never empty: all its speech is one
//!   unnamed speaker's turn, and `layout` says that no shape was found, so a
//!   checker never reports "all clear" for a file it could not read.
//! - `speakers` folds label names into speakers (`JEAN-PIERRE` is
//!   `KARINE JEAN-PIERRE`), and `blocks` merges runs of one speaker's blocks
//!   into turns.
//! - `roles` decides who asks and who answers, and `exchanges` groups each
//!   question with its answers.
//!
//! Every step is a linear scan or works per label, never per character pair,
//! so a long transcript parses in a few milliseconds.

mod blocks;
mod captions;
mod exchanges;
mod furniture;
mod labels;
mod layouts;
mod lines;
mod marks;
mod masks;
mod names;
mod plain;
mod roles;
mod speakers;
mod timestamps;
mod wordset;

use crate::text::Span;
use names::Names;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Paragraphs of prose with speaker labels (most transcripts, and the
    /// caption dumps that mark speakers with `>>`).
    #[default]
    Plain,
    /// WebVTT captions.
    WebVtt,
    /// SubRip subtitles (`.srt`).
    SubRip,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Plain, Format::WebVtt, Format::SubRip];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::WebVtt => "webvtt",
            Format::SubRip => "subrip",
        }
    }

    /// The format a name stands for: its own (`webvtt`) or the usual file
    /// extension (`vtt`, `srt`, `txt`, `md`), in any case.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "plain" | "txt" | "text" | "md" | "markdown" => Some(Format::Plain),
            "webvtt" | "vtt" => Some(Format::WebVtt),
            "subrip" | "srt" => Some(Format::SubRip),
            _ => None,
        }
    }

    /// The format a file's extension tells (`interview.srt`,
    /// `briefing.transcript.vtt`); `None` for an extension that says nothing
    /// about captions, so the content decides.
    pub fn from_path(path: &str) -> Option<Format> {
        let ext = path.rsplit(['/', '\\']).next()?.rsplit_once('.')?.1;
        match Format::from_name(ext)? {
            Format::Plain => None,
            captions => Some(captions),
        }
    }

    /// The format the content shows: a `WEBVTT` header, or a cue number and
    /// a timing line first; anything else is plain text.
    pub fn detect(text: &str) -> Format {
        if captions::is_webvtt(text) {
            Format::WebVtt
        } else if captions::is_subrip(text) {
            Format::SubRip
        } else {
            Format::Plain
        }
    }
}

/// The label shape the document was read with, and why.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// The shape of most labels (`name-colon`, `change-marker`,
    /// `dialogue-dash`), shapes that share the document joined by `+`, or
    /// `none` when no label was found and the whole text is one unnamed
    /// speaker's.
    pub shape: String,
    /// Labels of each shape found, most first: `(shape, count)`.
    pub counts: Vec<(&'static str, usize)>,
    /// How many candidate label lines were looked at and how many were
    /// taken as labels (plain text only; a caption's labels are its cues').
    pub candidates: usize,
    pub accepted: usize,
}

impl Layout {
    /// One line on the evidence: `118 labels, 6 speakers`; changes of
    /// speaker without a name (`>>`, `-`) are counted apart.
    pub fn evidence(&self, speakers: &[Speaker]) -> String {
        if self.shape == "none" {
            return "no speaker labels found; the whole text is read as one unnamed speaker's"
                .to_string();
        }
        let labels: usize = self.counts.iter().map(|(_, n)| n).sum();
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let named = speakers.iter().filter(|s| !is_change_mark(&s.name)).count();
        let mut out = format!(
            "{}, {}",
            plural(labels, "label", "labels"),
            plural(named, "named speaker", "named speakers")
        );
        if named < speakers.len() {
            out += ", changes of speaker marked without names";
        }
        out
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
    /// An affiliation given in brackets after the name (`Riverside North,
    /// Lib.`).
    pub affiliation: Option<String>,
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
    /// What the turn's label gives in brackets after the name (`Q
    /// (REUTERS):`, `Ms. Brook (Riverside North, Lib.):`), without them.
    /// One speaker's turns may give different ones: `Q (REUTERS):`, then
    /// `Q (AFP):`.
    pub affiliation: Option<Span>,
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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Transcript {
    pub format: Format,
    pub layout: Layout,
    pub speakers: Vec<Speaker>,
    pub turns: Vec<Turn>,
    pub exchanges: Vec<Exchange>,
    /// Speech by no known speaker: caption text before the first cue that
    /// names or marks one. Read for figures like any speech.
    pub unattributed: Vec<Span>,
    /// Where the text gives a time, in order: each cue's start, each
    /// timestamped label, each minute header. `(offset, seconds)`.
    pub time_marks: Vec<(usize, f64)>,
}

impl Transcript {
    /// A transcript is a document in which at least one turn was found.
    pub fn is_transcript(&self) -> bool {
        !self.turns.is_empty()
    }

    pub fn speaker(&self, turn: &Turn) -> &Speaker {
        &self.speakers[turn.speaker]
    }

    /// Who put a question, as an outline shows them: the outlet a role
    /// label gives (`Q (REUTERS):` gives `REUTERS`, not `Q`), else the
    /// speaker's name.
    pub fn asker<'a>(&'a self, text: &'a str, turn: &Turn) -> &'a str {
        let name = &self.speaker(turn).name;
        match &turn.affiliation {
            Some(outlet) if names::role_word(name) == Some(names::RoleWord::Asks) => {
                &text[outlet.clone()]
            }
            _ => name,
        }
    }

    /// Whether no label shape explained the text, so that its speech was
    /// read as one unnamed speaker's.
    pub fn is_unlabelled(&self) -> bool {
        self.layout.shape == "none"
    }

    /// The speech by no known speaker, then each turn's speech spans, turn
    /// by turn, in order.
    pub fn speech(&self) -> impl Iterator<Item = &[Span]> {
        std::iter::once(self.unattributed.as_slice())
            .filter(|s| !s.is_empty())
            .chain(self.turns.iter().map(|t| t.speech.as_slice()))
    }

    /// The turn whose label or body contains `offset`.
    pub fn turn_at(&self, offset: usize) -> Option<usize> {
        let i = self.turns.partition_point(|t| t.label.start <= offset);
        let i = i.checked_sub(1)?;
        let t = &self.turns[i];
        (offset <= t.body.end.max(t.label.end)).then_some(i)
    }
}

/// Whether a speaker "name" is only a change mark (`>>`, `-`).
pub fn is_change_mark(name: &str) -> bool {
    matches!(name, ">>" | ">>>" | "-")
}

/// The speaker name of a text read without labels.
pub const UNNAMED: &str = "(unnamed)";

/// What the user says about a document's speakers where inference cannot
/// know (`[speakers]` in `transcript-ls.toml`); each given hint overrides
/// what the reader would infer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakerHints {
    /// The only label shape to look for, by the name the outline reports
    /// (`name-colon`, `name-line`; see `label_shapes`).
    pub shape: Option<String>,
    /// Other names of speakers: each label written as the first (in any
    /// case) is the speaker named by the second.
    pub aliases: Vec<(String, String)>,
    /// The speakers who ask, by any of their names; when given, no one else
    /// asks.
    pub askers: Vec<String>,
}

/// The names of the label shapes the reader knows, as `SpeakerHints::shape`
/// and the outline's `layout.shape` give them.
pub fn label_shapes() -> impl Iterator<Item = &'static str> {
    (0..layouts::UNLABELLED).map(layouts::shape_name)
}

/// Whether `name` is one of the `label_shapes`.
pub fn is_label_shape(name: &str) -> bool {
    layouts::shape_of(name).is_some()
}

/// Reads the turns out of `text`, in the format its content shows. Never
/// fails.
pub fn parse(text: &str) -> Transcript {
    parse_as(text, None)
}

/// Reads the turns out of `text` in `format`, or in the format its content
/// shows when `None`. Never fails.
pub fn parse_as(text: &str, format: Option<Format>) -> Transcript {
    parse_with(text, format, &SpeakerHints::default())
}

/// `parse_as`, with what the user says about the speakers.
pub fn parse_with<'a>(
    text: &'a str,
    format: Option<Format>,
    hints: &'a SpeakerHints,
) -> Transcript {
    let format = format.unwrap_or_else(|| Format::detect(text));
    let only = hints.shape.as_deref().and_then(layouts::shape_of);
    let (mut blocks, names) = match format {
        Format::WebVtt => captions::scan(text, captions::Kind::WebVtt, only),
        Format::SubRip => captions::scan(text, captions::Kind::SubRip, only),
        Format::Plain => plain::scan(text, only),
    };
    let mut names = names;
    let unlabelled = blocks.list.is_empty();
    if unlabelled {
        without_labels(&mut blocks, &mut names);
    }
    apply_aliases(&mut blocks, &mut names, &hints.aliases);
    let time_marks = time_marks(&mut blocks);
    let mut folding = speakers::Folding::new(&names, blocks.list.iter().map(|b| b.name_id));
    let mut turns = blocks::into_turns(&blocks, &names, &folding);
    let mut speakers = std::mem::take(&mut folding.speakers);
    // A speaker's title and affiliation are the first any of their labels
    // gives.
    for b in &blocks.list {
        let speaker = &mut speakers[folding.id(b.name_id)];
        if speaker.title.is_none() {
            speaker.title = b.title.as_ref().map(|t| text[t.clone()].to_string());
        }
        if speaker.affiliation.is_none() {
            speaker.affiliation = b.affiliation.as_ref().map(|t| text[t.clone()].to_string());
        }
    }
    let askers = (!hints.askers.is_empty()).then(|| {
        let named = |name: &str| hints.askers.iter().any(|a| same_name(a, name));
        let mut askers: Vec<bool> = speakers.iter().map(|s| named(&s.name)).collect();
        for b in &blocks.list {
            askers[folding.id(b.name_id)] |= named(names.name(b.name_id));
        }
        askers
    });
    roles::assign(text, &speakers, &mut turns, askers.as_deref());
    let exchanges = exchanges::build(&turns);
    let unattributed = std::mem::take(&mut blocks.loose);
    let layout = layout_of(&blocks, unlabelled);
    drop_in_background(blocks);
    Transcript {
        format,
        layout,
        speakers,
        turns,
        exchanges,
        unattributed,
        time_marks,
    }
}

/// Frees a large value on another core: returning the pages of a long
/// document's scratch lists to the system costs as much as filling them,
/// and nothing waits for it.
fn drop_in_background<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}

/// A text with no label: its speech, all of it loose, becomes one unnamed
/// speaker's block (none when it holds no speech at all).
fn without_labels<'a>(blocks: &mut blocks::Blocks, names: &mut names::Names<'a>) {
    let Some(first) = blocks.loose.first().cloned() else {
        return;
    };
    let loose = std::mem::take(&mut blocks.loose);
    blocks.start(blocks::Block {
        label: first.start..first.start,
        name: first.start..first.start,
        name_id: names.intern(UNNAMED),
        title: None,
        affiliation: None,
        timestamp: None,
        head_end: first.start,
        anonymous: false,
        shape: layouts::UNLABELLED,
        speech: 0..0,
    });
    blocks.speech.extend(loose);
    let n = blocks.speech.len();
    if let Some(block) = blocks.list.last_mut() {
        block.speech = 0..n;
    }
}

/// Whether two ways of writing a name are the same name: case and the
/// spaces around it aside.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Gives each block whose label is an alias the name it stands for, so that
/// the two fold into one speaker.
fn apply_aliases<'a>(
    blocks: &mut blocks::Blocks,
    names: &mut Names<'a>,
    aliases: &'a [(String, String)],
) {
    if aliases.is_empty() {
        return;
    }
    // Worked out once per distinct name, not per block.
    let remap: Vec<names::NameId> = (0..names.len())
        .map(|id| {
            let written = names.name(id);
            aliases
                .iter()
                .find(|(alias, _)| same_name(alias, written))
                .map_or(id, |(_, name)| names.intern(name.trim()))
        })
        .collect();
    for b in &mut blocks.list {
        b.name_id = remap[b.name_id];
    }
}

/// Every time the text gives, in order, and each block's time: its own, or
/// that of the last time mark before its label (a minute header above it).
/// A lone time line (a briefing's `10:02 A.M. EDT` under its title) dates
/// only the block right after it: what follows may be hours later.
fn time_marks(blocks: &mut blocks::Blocks) -> Vec<(usize, f64)> {
    let marks = std::mem::take(&mut blocks.times);
    let stream = marks.len() >= 2;
    let mut next = 0;
    let mut current = None;
    // Without time marks, each block keeps its own time: nothing to spread.
    let spread = if marks.is_empty() {
        &mut [][..]
    } else {
        &mut blocks.list[..]
    };
    for block in spread {
        while next < marks.len() && marks[next].0 <= block.label.start {
            current = Some(marks[next].1);
            next += 1;
        }
        match block.timestamp {
            Some(own) => current = Some(own),
            None => block.timestamp = current,
        }
        if !stream {
            current = None;
        }
    }
    let labelled = blocks
        .list
        .iter()
        .filter_map(|b| b.timestamp.map(|t| (b.label.start, t)));
    merge_marks(marks, labelled)
}

/// The time marks and the blocks' own times (`labelled`, in text order) as
/// one list in text order: a mark before a block's time at the same offset,
/// and only the first at an offset kept. Both lists are in text order, so
/// this is one pass; marks out of order are sorted first.
fn merge_marks(
    mut marks: Vec<(usize, f64)>,
    labelled: impl Iterator<Item = (usize, f64)>,
) -> Vec<(usize, f64)> {
    if !marks.is_sorted_by_key(|m| m.0) {
        marks.sort_by_key(|m| m.0);
    }
    let mut merged: Vec<(usize, f64)> =
        Vec::with_capacity(marks.len() + labelled.size_hint().1.unwrap_or(0));
    let mut marks = marks.into_iter().peekable();
    let mut push = |m: (usize, f64)| {
        if merged.last().is_none_or(|last| last.0 != m.0) {
            merged.push(m);
        }
    };
    for own in labelled {
        while let Some(mark) = marks.next_if(|m| m.0 <= own.0) {
            push(mark);
        }
        push(own);
    }
    marks.for_each(push);
    merged
}

/// The layout report: labels counted by shape, the shapes that hold at
/// least a tenth of them named, most first.
fn layout_of(blocks: &blocks::Blocks, unlabelled: bool) -> Layout {
    if unlabelled {
        return Layout {
            shape: "none".to_string(),
            ..Layout::default()
        };
    }
    // Counted by the shape's number: one increment a block.
    let mut by_shape = [0usize; layouts::UNLABELLED + 1];
    for b in &blocks.list {
        by_shape[b.shape.min(layouts::UNLABELLED)] += 1;
    }
    let mut counts: Vec<(&'static str, usize)> = by_shape
        .iter()
        .enumerate()
        .filter(|&(_, &n)| n > 0)
        .map(|(shape, &n)| (layouts::shape_name(shape), n))
        .collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let total: usize = counts.iter().map(|c| c.1).sum();
    let shape = counts
        .iter()
        .filter(|(_, n)| n * 10 >= total)
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join("+");
    Layout {
        shape,
        counts,
        candidates: blocks.candidates,
        accepted: blocks.accepted,
    }
}

#[cfg(test)]
mod layout_tests;
#[cfg(test)]
mod tests;
