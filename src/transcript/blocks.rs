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
use super::names::NameId;
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
    pub timestamp: Option<f64>,
    /// Where the label's furniture ends (label, timestamp): the body starts here.
    pub head_end: usize,
    /// A change of speaker without a name (`>>`, `-`).
    pub anonymous: bool,
    /// Indices into `Blocks::speech`.
    pub speech: Range<usize>,
}

/// The blocks of a text and their speech.
#[derive(Debug, Default)]
pub(super) struct Blocks {
    pub list: Vec<Block>,
    pub speech: Vec<Span>,
    /// The last speech span may still grow over the next line.
    open: bool,
}

impl Blocks {
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
        let Some(block) = self.list.last_mut() else {
            return;
        };
        let span = trim_span(text, span);
        if span.is_empty() {
            return;
        }
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

    /// Breaks the run of speech (a blank line, a cut, a new caption cue).
    pub fn interrupt(&mut self) {
        self.open = false;
    }
}

/// Merges runs of blocks by one speaker into turns, with roles still unset.
pub(super) fn into_turns(text: &str, blocks: &Blocks, folding: &Folding) -> Vec<Turn> {
    let mut turns: Vec<Turn> = Vec::new();
    let mut last_anonymous = true;
    let mut first_speech = 0;
    for block in &blocks.list {
        // A change mark followed by nothing said (`>> (LAUGHTER)`) is no turn.
        if block.anonymous && block.speech.is_empty() {
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
                label_name: text[block.name.clone()].to_string(),
                role: Role::Other,
                label: block.label.clone(),
                body: block.head_end..block.head_end,
                speech: Vec::new(),
                timestamp: block.timestamp,
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
