//! Labelled blocks, and how runs of them become turns.
//!
//! The layout scanners (`plain`, `vtt`) cut a text into blocks: each starts at
//! a speaker label and holds the speech up to the next label. A turn is a
//! maximal run of speech by one speaker, so consecutive blocks of the same
//! speaker (a rev.com block every minute, a caption cue per line) merge into
//! one turn. Blocks that only mark a change of speaker (`>>`, `-`) never
//! merge: the mark says the speaker changed.
//!
//! Speech spans of all blocks live in one vector, so a block costs no
//! allocation of its own and a merged turn copies one contiguous slice.

use std::ops::Range;

use super::lines::trim_span;
use super::names::{NameId, Names};
use super::speakers::Folding;
use super::{Role, Turn};
use crate::text::Span;

/// One labelled block.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Block {
    /// The label (`MS. JEAN-PIERRE:`, `<v Travis>`, `>>`).
    pub label: Span,
    /// The speaker as written (for a change mark, the mark itself).
    pub name: Span,
    /// The name's index in `Names`.
    pub name_id: NameId,
    pub title: Option<Span>,
    pub affiliation: Option<Span>,
    pub timestamp: Option<f64>,
    /// Where the label's furniture ends (label, timestamp): the body starts here.
    pub head_end: usize,
    /// A change of speaker without a name (`>>`, `-`).
    pub anonymous: bool,
    /// The label's shape: an index into `layouts::SHAPES`.
    pub shape: usize,
    /// Indices into `Blocks::speech`.
    pub speech: Range<usize>,
}

/// The blocks of a text and their speech.
#[derive(Debug, Default)]
pub(super) struct Blocks {
    pub list: Vec<Block>,
    pub speech: Vec<Span>,
    /// Speech before the first block: caption text before the first cue
    /// that names a speaker, a caption dump's text before its first `>>`.
    /// Said by someone, so still read for figures, but by no known speaker.
    pub loose: Vec<Span>,
    /// Where the text gives the time of what follows, in order: a caption
    /// cue's start, a minute header (`4:00 pm`). Offsets and seconds.
    pub times: Vec<(usize, f64)>,
    /// How many lines started like a label (taken or not), for the layout
    /// report.
    pub candidates: usize,
    /// How many of them were taken as labels.
    pub accepted: usize,
    /// The last speech span may still grow over the next line.
    open: bool,
}

impl Blocks {
    /// No blocks yet, with room for `list` of them, `speech` spans and
    /// `times` time marks.
    pub fn with_room(list: usize, speech: usize, times: usize) -> Blocks {
        Blocks {
            list: Vec::with_capacity(list),
            speech: Vec::with_capacity(speech),
            times: Vec::with_capacity(times),
            ..Blocks::default()
        }
    }

    /// Starts a block; speech added from now on belongs to it.
    pub fn start(&mut self, mut block: Block) {
        self.open = false;
        block.speech = self.speech.len()..self.speech.len();
        self.list.push(block);
    }

    /// Adds `span` of `text` to the current block's speech, trimmed (nothing
    /// if blank, or before the first block). A piece that continues one that
    /// reached the end of the line before joins it: a paragraph hard-wrapped
    /// over several lines is one piece of speech. `line_end` says whether this
    /// piece reaches the end of its line.
    pub fn speak(&mut self, text: &str, span: Span, line_end: bool) {
        let span = trim_span(text, span);
        if span.is_empty() {
            return;
        }
        let Some(block) = self.list.last_mut() else {
            match self.loose.last_mut() {
                Some(last) if self.open => last.end = span.end,
                _ => self.loose.push(span),
            }
            self.open = line_end;
            return;
        };
        match self.speech.last_mut() {
            Some(last) if self.open && !block.speech.is_empty() => last.end = span.end,
            _ => {
                self.speech.push(span);
                block.speech.end = self.speech.len();
            }
        }
        self.open = line_end;
    }

    /// Adds `span` minus `cuts` (sorted, disjoint ranges inside it: stage
    /// directions, caption tags) as speech; `line_end` as for `speak`.
    pub fn speak_around(&mut self, text: &str, span: Span, cuts: &[Span], line_end: bool) {
        let mut from = span.start;
        for cut in cuts {
            self.speak(text, from..cut.start, false);
            self.interrupt();
            from = cut.end;
        }
        self.speak(text, from..span.end, line_end);
    }

    /// Makes room for the blocks of `parts`, to be appended one by one:
    /// growing by doubling would copy the largest lists several times.
    pub fn reserve_for<'b>(&mut self, parts: impl IntoIterator<Item = &'b Blocks>) {
        let (mut list, mut speech, mut times) = (0, 0, 0);
        for p in parts {
            list += p.list.len();
            speech += p.speech.len() + p.loose.len();
            times += p.times.len();
        }
        self.list.reserve(list);
        self.speech.reserve(speech);
        self.times.reserve(times);
    }

    /// Moves the blocks of `other`, read from a later part of the text, to
    /// the end of these, leaving `other` empty.
    pub fn append(&mut self, other: &mut Blocks) {
        // Speech before the other part's first block continues this part's
        // last block (captions read in pieces: the cues after a piece's
        // start that name no one); before any block, it is still loose.
        match self.list.last_mut() {
            Some(last) if !other.loose.is_empty() => {
                self.speech.append(&mut other.loose);
                last.speech.end = self.speech.len();
            }
            _ => self.loose.append(&mut other.loose),
        }
        let offset = self.speech.len();
        self.list.extend(other.list.drain(..).map(|mut block| {
            block.speech = block.speech.start + offset..block.speech.end + offset;
            block
        }));
        self.speech.append(&mut other.speech);
        self.times.append(&mut other.times);
        self.open = other.open;
    }

    /// Breaks the run of speech (a blank line, a cut, a new caption cue).
    pub fn interrupt(&mut self) {
        self.open = false;
    }
}

/// Merges runs of blocks by one speaker into turns, with roles still unset.
/// A turn's label name is copied from `names`, which holds each distinct
/// name once: the text at each label has long left the cache by now.
pub(super) fn into_turns(blocks: &Blocks, names: &Names, folding: &Folding) -> Vec<Turn> {
    // At most one turn a block: reserved once, not grown by doubling.
    let mut turns: Vec<Turn> = Vec::with_capacity(blocks.list.len());
    let mut last_anonymous = true;
    let mut first_speech = 0;
    for block in &blocks.list {
        // A label followed by nothing said is no turn: a change mark before
        // a stage direction (`>> (LAUGHTER)`), a roll of participants.
        if block.speech.is_empty() {
            continue;
        }
        let speaker = folding.id(block.name_id);
        let continues = !block.anonymous
            && !last_anonymous
            && turns.last().is_some_and(|t| t.speaker == speaker);
        if !continues {
            if let Some(turn) = turns.last_mut() {
                turn.speech = blocks.speech[first_speech..block.speech.start].to_vec();
            }
            first_speech = block.speech.start;
            turns.push(Turn {
                speaker,
                label_name: names.name(block.name_id).to_string(),
                role: Role::Other,
                label: block.label.clone(),
                body: block.head_end..block.head_end,
                speech: Vec::new(),
                timestamp: block.timestamp,
                affiliation: block.affiliation.clone(),
            });
        }
        last_anonymous = block.anonymous;
        let turn = turns.last_mut().expect("a turn was pushed");
        let end = blocks.speech[block.speech.clone()]
            .last()
            .map_or(block.head_end, |s| s.end)
            .max(block.head_end);
        turn.body.end = turn.body.end.max(end);
    }
    if let Some(turn) = turns.last_mut() {
        turn.speech = blocks.speech[first_speech..].to_vec();
    }
    turns
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::names::Names;

    /// Builds blocks from `(name, speech pieces)` over one text, merges them
    /// and renders each turn as its label name, speaker and speech.
    fn check(blocks: &[(&str, &[&str])], expect: expect_test::Expect) {
        let mut text = String::new();
        let mut spans = Vec::new();
        for (name, pieces) in blocks {
            let name_span = text.len()..text.len() + name.len();
            text.push_str(name);
            text.push('\n');
            let piece_spans: Vec<Span> = pieces
                .iter()
                .map(|p| {
                    let s = text.len()..text.len() + p.len();
                    text.push_str(p);
                    text.push('\n');
                    s
                })
                .collect();
            spans.push((name_span, piece_spans));
        }
        let mut names = Names::default();
        let mut list = Blocks::default();
        for (name, pieces) in &spans {
            let anonymous = &text[name.clone()] == ">>";
            list.start(Block {
                label: name.clone(),
                name: name.clone(),
                name_id: names.intern(&text[name.clone()]),
                title: None,
                affiliation: None,
                timestamp: None,
                head_end: name.end,
                anonymous,
                shape: 0,
                speech: 0..0,
            });
            for p in pieces {
                list.speak(&text, p.clone(), true);
            }
        }
        let folding = Folding::new(&names, list.list.iter().map(|b| b.name_id));
        let out: Vec<String> = into_turns(&list, &names, &folding)
            .iter()
            .map(|t| {
                let speech: Vec<&str> = t.speech.iter().map(|s| &text[s.clone()]).collect();
                format!("{} #{}: {:?}", t.label_name, t.speaker, speech)
            })
            .collect();
        expect.assert_eq(&out.join("\n"));
    }

    #[test]
    fn runs_of_one_speaker_merge_and_change_marks_never_do() {
        check(
            &[
                ("Ana", &["one", "two"]),
                ("Ana", &["three"]),
                ("Bo", &["four"]),
                (">>", &["five"]),
                (">>", &["six"]),
                (">>", &[]),
                ("Bo", &["seven"]),
            ],
            expect_test::expect![[r#"
                Ana #0: ["one\ntwo", "three"]
                Bo #1: ["four"]
                >> #2: ["five"]
                >> #2: ["six"]
                Bo #1: ["seven"]"#]],
        );
    }

    #[test]
    fn a_label_with_nothing_said_neither_starts_nor_breaks_a_turn() {
        check(
            &[
                ("Ana", &["one"]),
                ("Bo", &[]),
                ("Ana", &["two"]),
                ("Bo", &["three"]),
            ],
            expect_test::expect![[r#"
                Ana #0: ["one", "two"]
                Bo #1: ["three"]"#]],
        );
    }
}
