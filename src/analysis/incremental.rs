//! The analysis of a text after an edit, reusing what the edit cannot have
//! changed.
//!
//! Figures are most of an analysis's cost, and a figure depends only on the
//! speech of its own turn: a sentence never runs from one turn into the
//! next, and what `figures` reads of a turn is the bytes of its speech spans
//! plus, before each span, the run of spaces and the one byte that tell
//! whether it starts a line. So after an edit, the figures of a turn whose
//! speech spans and those bytes lie wholly in the text before the edit, or
//! wholly in the text after it, are the figures the old analysis found in
//! the same turn there, moved by the edit's change of length.
//!
//! Everything else is done afresh: the turns (the layout is a property of
//! the whole document, so one label can change every turn), the citation
//! markers, what covers each figure, the findings and the times. Those are
//! cheap beside the figures, and redoing them keeps the result exact
//! without tracking how an edit moves each of them.
//!
//! The edit itself is found by comparing the two texts: their common prefix
//! and suffix bound everything that changed, however many changes one
//! notification carried. `tests::edits_give_a_fresh_analysis` checks on
//! random documents and edit sequences that the result equals a fresh
//! analysis of the final text, field for field.

use std::collections::HashMap;

use crate::figures::{self, Figure, Reading};
use crate::text::Span;
use crate::transcript::{Transcript, Turn};

use super::Settings;

/// What an analysis keeps so that the next version's can reuse it.
#[derive(Debug, Clone, Default)]
pub(super) struct Reuse {
    /// Each figure's reading, index-aligned with the figures.
    pub readings: Vec<Reading>,
    /// How many of the figures come first from unattributed speech.
    pub unattributed: usize,
    /// The settings the analysis was made with: figures found under others
    /// are not reused.
    pub settings: Option<Settings>,
}

/// Where two versions of a text differ: `before[start..before_end]` became
/// `after[start..after_end]`, and everything around is the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Change {
    pub start: usize,
    pub before_end: usize,
    pub after_end: usize,
}

impl Change {
    pub fn between(before: &str, after: &str) -> Change {
        let (a, b) = (before.as_bytes(), after.as_bytes());
        let start = common_prefix(a, b);
        let most = a.len().min(b.len()) - start;
        let suffix = common_suffix(&a[a.len() - most..], &b[b.len() - most..]);
        Change {
            start,
            before_end: a.len() - suffix,
            after_end: b.len() - suffix,
        }
    }

    /// Where a byte of the text after the edit, at or past `after_end`, was
    /// before it.
    fn back(&self, at: usize) -> usize {
        at - self.after_end + self.before_end
    }
}

/// Compares in blocks so that the long equal stretch of a one-character
/// edit is crossed by `memcmp`, not byte by byte.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 4096;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + CHUNK <= n && a[i..i + CHUNK] == b[i..i + CHUNK] {
        i += CHUNK;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 4096;
    let n = a.len().min(b.len());
    let mut k = 0;
    while k + CHUNK <= n
        && a[a.len() - k - CHUNK..a.len() - k] == b[b.len() - k - CHUNK..b.len() - k]
    {
        k += CHUNK;
    }
    k + a[..a.len() - k]
        .iter()
        .rev()
        .zip(b[..b.len() - k].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// The first byte that figure detection reads for `speech`: before each
/// span, back over spaces and tabs, the byte that says whether the span
/// starts a line (as `figures::tokens::at_line_start` reads it).
fn reads_from(text: &[u8], speech: &[Span]) -> usize {
    speech
        .iter()
        .map(|s| {
            let mut i = s.start.min(text.len());
            while i > 0 && matches!(text[i - 1], b' ' | b'\t') {
                i -= 1;
            }
            i.saturating_sub(1)
        })
        .min()
        .unwrap_or(0)
}

/// The figures of `transcript` (in `text`), with their readings and how many
/// come from unattributed speech, taking those of unchanged turns from the
/// previous analysis (`old_turns`, `old_figures`, `old`) instead of reading
/// them again.
pub(super) fn figures_after(
    text: &str,
    transcript: &Transcript,
    change: Change,
    old_turns: &[Turn],
    old_figures: &[Figure],
    old: &Reuse,
) -> (Vec<Figure>, Vec<Reading>, usize) {
    let bytes = text.as_bytes();
    // The old turns' figures: after the unattributed ones, in turn order,
    // each inside its turn's speech.
    let mut old_of: HashMap<&[Span], std::ops::Range<usize>> = HashMap::new();
    let mut k = old.unattributed;
    for turn in old_turns {
        let Some(last) = turn.speech.last() else {
            continue;
        };
        let from = k;
        while k < old_figures.len() && old_figures[k].span.start < last.end {
            k += 1;
        }
        old_of.insert(turn.speech.as_slice(), from..k);
    }

    let (mut out, mut readings) = if transcript.unattributed.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        figures::detect_read(text, [transcript.unattributed.as_slice()])
    };
    let unattributed = out.len();
    let mut moved: Vec<Span> = Vec::new();
    // Turns that must be read again are read together, in runs, as a fresh
    // analysis reads them.
    let mut pending: Vec<&[Span]> = Vec::new();
    let flush = |pending: &mut Vec<&[Span]>, out: &mut Vec<Figure>, readings: &mut Vec<Reading>| {
        if !pending.is_empty() {
            let (f, r) = figures::detect_read(text, pending.drain(..));
            out.extend(f);
            readings.extend(r);
        }
    };
    for turn in &transcript.turns {
        let speech = turn.speech.as_slice();
        let Some(last) = speech.last() else {
            continue;
        };
        let reused = if last.end <= change.start {
            // Wholly before the edit: the same offsets.
            old_of.get(speech).map(|r| (r.clone(), 0isize))
        } else if reads_from(bytes, speech) >= change.after_end {
            moved.clear();
            moved.extend(
                speech
                    .iter()
                    .map(|s| change.back(s.start)..change.back(s.end)),
            );
            let shift = change.after_end as isize - change.before_end as isize;
            old_of.get(moved.as_slice()).map(|r| (r.clone(), shift))
        } else {
            None
        };
        match reused {
            Some((range, shift)) => {
                flush(&mut pending, &mut out, &mut readings);
                out.extend(
                    old_figures[range.clone()]
                        .iter()
                        .map(|f| moved_by(f, shift)),
                );
                readings.extend_from_slice(&old.readings[range]);
            }
            None => pending.push(speech),
        }
    }
    flush(&mut pending, &mut out, &mut readings);
    (out, readings, unattributed)
}

/// `figure`, `shift` bytes further on.
fn moved_by(figure: &Figure, shift: isize) -> Figure {
    let at = |s: &Span| s.start.wrapping_add_signed(shift)..s.end.wrapping_add_signed(shift);
    Figure {
        span: at(&figure.span),
        core: at(&figure.core),
        ..figure.clone()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::analysis::Analysis;

    /// Pieces that documents and edits are made of: labels of several
    /// layouts, figures of several kinds, citations, directions, breaks.
    const PIECES: &[&str] = &[
        "Q: ",
        "MINISTER ADEYEMI: ",
        "[00:01:02] DANA RUIZ: ",
        ">> ",
        "How many schools closed? ",
        "We opened 42 clinics in 2021. ",
        "Costs rose by 3.5 percent [^1]. ",
        "It cost $4 million [@audit2020]. ",
        "About a quarter of the buses are old. ",
        "If you send 4,000 emails a week, say. ",
        "Nobody takes that lightly. ",
        "(Laughter.) ",
        "\n",
        "\n\n",
        "   ",
        "[^1]: Ministry figures.\n",
        "é’ 😀 ",
        "7",
    ];

    fn document() -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
            .prop_map(|pieces| pieces.concat())
    }

    /// An edit: where (a fraction of the length), how much to delete, what
    /// to insert.
    fn edit() -> impl Strategy<Value = (f64, usize, String)> {
        (
            0.0..=1.0f64,
            0usize..24,
            proptest::collection::vec(proptest::sample::select(PIECES), 0..3)
                .prop_map(|p| p.concat()),
        )
    }

    fn apply(text: &str, (at, delete, insert): &(f64, usize, String)) -> String {
        let floor = |mut i: usize| {
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor((text.len() as f64 * at) as usize);
        let end = floor((start + delete).min(text.len()));
        format!("{}{insert}{}", &text[..start], &text[end..])
    }

    fn fresh(text: &str) -> Analysis {
        Analysis::new(text, &Settings::default())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Every field, the reused figures and readings included, is what a
        /// fresh analysis of the final text gives.
        #[test]
        fn edits_give_a_fresh_analysis(
            start in document(),
            edits in proptest::collection::vec(edit(), 1..6),
        ) {
            let settings = Settings::default();
            let mut text = start;
            let mut analysis = fresh(&text);
            for e in &edits {
                let next = apply(&text, e);
                analysis = analysis.after_edit(&text, &next, &[], Vec::new(), &settings);
                text = next;
            }
            prop_assert_eq!(format!("{analysis:#?}"), format!("{:#?}", fresh(&text)));
        }
    }

    #[test]
    fn a_change_is_bounded_by_what_both_texts_share() {
        let c = Change::between("We opened 42 clinics.", "We opened 420 clinics.");
        assert_eq!((c.start, c.before_end, c.after_end), (12, 12, 13));
        let c = Change::between("aaaa", "aa");
        assert_eq!((c.start, c.before_end, c.after_end), (2, 4, 2));
        let c = Change::between("same", "same");
        assert_eq!((c.start, c.before_end, c.after_end), (4, 4, 4));
        let long = "x".repeat(10_000);
        let c = Change::between(&format!("{long}a{long}"), &format!("{long}{long}"));
        assert_eq!(
            (c.start, c.before_end, c.after_end),
            (10_000, 10_001, 10_000)
        );
    }

    #[test]
    fn unchanged_turns_keep_their_figures_moved_by_the_edit() {
        let before = "Q: How many?\n\nA: We opened 42 clinics.\n\nQ: And costs?\n\nA: They rose 3 percent.\n";
        let after = before.replacen("How many?", "How many, then?", 1);
        let old = fresh(before);
        let new = old.after_edit(before, &after, &[], Vec::new(), &Settings::default());
        let shown = |a: &Analysis, t: &str| -> Vec<String> {
            a.figures
                .iter()
                .map(|f| t[f.span.clone()].to_string())
                .collect()
        };
        assert_eq!(shown(&new, &after), ["42 clinics", "3 percent"]);
        assert_eq!(new.figures[0].span.start, old.figures[0].span.start + 6);
    }
}
