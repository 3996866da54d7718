//! Deciding which candidate labels are speaker labels.
//!
//! A line that starts like a label is only a candidate: `Wang Yi:` is a label,
//! `Growth:` at the start of a hard-wrapped line is not, though both have the
//! same form. Each candidate earns trust from signals over the whole document:
//!
//! - its form (`base`, from the layouts: a timestamp or an honorific tells
//!   more than one capitalised word);
//! - its speaker is labelled again elsewhere (names are folded first, so
//!   `JEAN-PIERRE:` counts with `KARINE JEAN-PIERRE:`);
//! - its layout is in use: at least three candidates share it;
//! - its position: a caption cue's first line counts for it; a line that
//!   continues a sentence of the line before, or a heading in capitals,
//!   counts against a weak form.
//!
//! A candidate with a trust of 2 or more is a label.

use super::layouts::LabelMatch;
use super::lines::Line;
use super::names::Names;
use super::speakers::Folding;

/// A line that starts like a label.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub line: Line,
    /// Which layout recognised it (an index into `layouts::LAYOUTS`, or the
    /// caption scanner's own number).
    pub layout: usize,
    /// Offsets relative to `line.start`.
    pub m: LabelMatch,
    /// The line before is not blank and does not end a sentence.
    pub mid_sentence: bool,
    /// Trust from the position (a caption cue's first line).
    pub bonus: i32,
}

/// The trust a candidate needs to be taken as a label.
const THRESHOLD: i32 = 2;
/// How many candidates of one layout show that the document uses it.
const LAYOUT_IN_USE: usize = 3;

/// For each candidate, whether it is a speaker label.
pub(super) fn accept(names: &Names, candidates: &[Candidate]) -> Vec<bool> {
    let folding = Folding::new(names, candidates.iter().map(|c| c.m.name_id));
    let mut per_speaker = vec![0usize; folding.len()];
    let mut per_layout: Vec<usize> = Vec::new();
    for c in candidates {
        per_speaker[folding.id(c.m.name_id)] += 1;
        if per_layout.len() <= c.layout {
            per_layout.resize(c.layout + 1, 0);
        }
        per_layout[c.layout] += 1;
    }
    candidates
        .iter()
        .map(|c| {
            let weak = c.m.base < 2;
            let trust = c.m.base
                + c.bonus
                + i32::from(per_speaker[folding.id(c.m.name_id)] >= 2)
                + i32::from(per_layout[c.layout] >= LAYOUT_IN_USE)
                - i32::from(weak && c.mid_sentence)
                - i32::from(weak && c.m.capital_rest);
            trust >= THRESHOLD
        })
        .collect()
}

/// Whether a line ends a sentence (or a quotation, or a bracket), so that the
/// next line may start a new speaker's block.
pub(super) fn ends_sentence(line: &str) -> bool {
    let line = super::lines::trim_end(line);
    line.chars().next_back().is_none_or(|c| {
        matches!(
            c,
            '.' | '?'
                | '!'
                | '…'
                | ':'
                | ';'
                | '"'
                | '”'
                | '’'
                | '\''
                | ')'
                | ']'
                | '—'
                | '-'
                | '–'
        )
    })
}
