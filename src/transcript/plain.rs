//! Transcripts in plain text: paragraphs with speaker labels.
//!
//! Two passes over the lines. The first collects every line that starts like
//! a label (`layouts`) and lets `labels` decide which are labels. The second
//! cuts the text into blocks at those labels: each block's speech is the rest
//! of its label line and every following line up to the next label, less
//! blank lines, stage directions and page furniture. Unlabelled paragraphs
//! after a block continue it; prose before the first label (titles, a room and
//! time header) belongs to no block.

use super::blocks::{Block, Blocks};
use super::furniture;
use super::labels::{self, Candidate};
use super::layouts;
use super::lines::{Line, bracketed_lines_from, has_alphanumeric, is_blank, lines};
use super::names::Names;
use crate::text::Span;

/// The labelled blocks of a plain-text transcript, with the names in their
/// labels.
pub(super) fn scan(text: &str) -> (Blocks, Names<'_>) {
    let mut names = Names::default();
    let candidates = candidates(text, &mut names);
    let accepted = labels::accept(&names, &candidates);
    let mut labels = candidates
        .iter()
        .zip(accepted)
        .filter_map(|(c, ok)| ok.then_some(c))
        .peekable();

    let mut blocks = Blocks::default();
    let Some(first) = labels.peek() else {
        return (blocks, names);
    };
    let mut cuts: Vec<Span> = Vec::new();
    for (line, brackets) in bracketed_lines_from(text, first.line.start) {
        let s = &text[line.span()];
        if let Some(c) = labels.next_if(|c| c.line == line) {
            let at = |offset: usize| line.start + offset;
            blocks.start(Block {
                label: at(c.m.label.start)..at(c.m.label.end),
                name: at(c.m.name.start)..at(c.m.name.end),
                name_id: c.m.name_id,
                title: c.m.title.as_ref().map(|t| at(t.start)..at(t.end)),
                timestamp: c.m.timestamp,
                head_end: at(c.m.label.end),
                anonymous: false,
                speech: 0..0,
            });
            let speech = at(c.m.speech_from)..line.end;
            speak_line(&mut blocks, text, speech, brackets, &mut cuts);
        } else if !starts_speech(s)
            && (is_blank(s)
                || !has_alphanumeric(s)
                || furniture::is_page_furniture(s)
                || furniture::is_stage_line(s))
        {
            blocks.interrupt();
        } else {
            speak_line(&mut blocks, text, line.span(), brackets, &mut cuts);
        }
    }
    (blocks, names)
}

/// Whether a line surely holds speech: it starts with a letter, which no
/// blank line, page line (`Page 4…`, `12`) or stage direction (`(…)`) does.
/// Decides most lines at their first byte.
fn starts_speech(line: &str) -> bool {
    line.as_bytes()
        .first()
        .is_some_and(|&b| b.is_ascii_alphabetic() && b != b'P' && b != b'p')
}

/// Adds one line's speech, less the stage directions inside it (only a line
/// with `brackets` can hold one).
fn speak_line(blocks: &mut Blocks, text: &str, span: Span, brackets: bool, cuts: &mut Vec<Span>) {
    cuts.clear();
    if brackets {
        let from = span.start;
        furniture::stage_directions(&text[span.clone()], |r| {
            cuts.push(from + r.start..from + r.end)
        });
    }
    blocks.speak_around(text, span, cuts, true);
}

/// Every line that starts like a label, with what the line before says.
pub(super) fn candidates<'a>(text: &'a str, names: &mut Names<'a>) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut previous: Option<Line> = None;
    for line in lines(text) {
        let s = &text[line.span()];
        if is_blank(s) {
            previous = None;
            continue;
        }
        if let Some((layout, m)) = layouts::recognise(s, names) {
            // Decided only for candidates: most lines never need it.
            let mid_sentence = previous.is_some_and(|p| {
                let p = &text[p.span()];
                !(labels::ends_sentence(p)
                    || furniture::is_page_furniture(p)
                    || furniture::is_stage_line(p))
            });
            out.push(Candidate {
                line,
                layout,
                m,
                mid_sentence,
                bonus: 0,
            });
        }
        previous = Some(line);
    }
    out
}
