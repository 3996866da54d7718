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
//!   counts against a weak form;
//! - the document's own choice: a weak form of a shape that the document
//!   hardly uses beside the shape most of its labels take is counted
//!   against, so the shape that explains the document wins.
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

/// The candidates of a text in reading order, in one list per piece of the
/// text they were found in. The pieces are read apart, on all cores, and
/// are kept apart: a long transcript's candidates are the largest list a
/// parse builds, and joining them into one would copy them all.
#[derive(Debug, Default)]
pub(super) struct Candidates {
    pub pieces: Vec<Vec<Candidate>>,
}

impl Candidates {
    pub fn len(&self) -> usize {
        self.pieces.iter().map(Vec::len).sum()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Candidate> + Clone {
        self.pieces.iter().flatten()
    }

    /// Keeps only the candidates for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(&Candidate) -> bool) {
        for piece in &mut self.pieces {
            piece.retain(&mut keep);
        }
    }
}

impl From<Vec<Candidate>> for Candidates {
    fn from(one: Vec<Candidate>) -> Self {
        Candidates { pieces: vec![one] }
    }
}

/// The trust a candidate needs to be taken as a label.
const THRESHOLD: i32 = 2;
/// How many candidates of one layout show that the document uses it.
const LAYOUT_IN_USE: usize = 3;

/// For each candidate, whether it is a speaker label. When the user named
/// the label shape (`only`), candidates of other shapes are none, and those
/// of that shape are judged among themselves, with a point for the user's
/// word that the form is a label's.
pub(super) fn accept(names: &Names, candidates: &Candidates, only: Option<usize>) -> Vec<bool> {
    let Some(shape) = only else {
        return trust(names, candidates)
            .into_iter()
            .map(|t| t >= THRESHOLD)
            .collect();
    };
    let chosen: Vec<Candidate> = candidates
        .iter()
        .filter(|c| c.layout == shape)
        .map(|c| Candidate {
            bonus: c.bonus + 1,
            ..c.clone()
        })
        .collect();
    let mut verdicts = trust(names, &chosen.into())
        .into_iter()
        .map(|t| t >= THRESHOLD);
    candidates
        .iter()
        .map(|c| c.layout == shape && verdicts.next().unwrap_or(false))
        .collect()
}

/// The trust each candidate earns.
fn trust(names: &Names, candidates: &Candidates) -> Vec<i32> {
    let folding = Folding::new(names, candidates.iter().map(|c| c.m.name_id));
    let mut per_speaker = vec![0usize; folding.len()];
    let mut per_layout: Vec<usize> = Vec::new();
    for c in candidates.iter() {
        per_speaker[folding.id(c.m.name_id)] += 1;
        if per_layout.len() <= c.layout {
            per_layout.resize(c.layout + 1, 0);
        }
        per_layout[c.layout] += 1;
    }
    let first: Vec<i32> = candidates
        .iter()
        .map(|c| {
            let weak = c.m.base < 2;
            c.m.base
                + c.bonus
                + i32::from(per_speaker[folding.id(c.m.name_id)] >= 2)
                + i32::from(per_layout[c.layout] >= LAYOUT_IN_USE)
                - i32::from(weak && c.mid_sentence)
                - i32::from(weak && c.m.capital_rest)
        })
        .collect();
    // The shape that explains the document: the one most labels take. A
    // weak form of another shape that the document hardly uses is more
    // likely prose (`Mr Friedman.`, a chair calling on counsel between
    // `**Name**:` labels) than a second way of labelling speakers.
    let mut taken: Vec<usize> = vec![0; per_layout.len()];
    for (c, &t) in candidates.iter().zip(&first) {
        if t >= THRESHOLD {
            taken[c.layout] += 1;
        }
    }
    let dominant = taken.iter().copied().max().unwrap_or(0);
    candidates
        .iter()
        .zip(first)
        .map(|(c, t)| {
            let minority = taken[c.layout] * MINORITY_SHARE < dominant;
            t - i32::from(c.m.base < 2 && minority)
        })
        .collect()
}

/// A shape with fewer than one label for this many of the commonest shape's
/// is a minority in the document.
const MINORITY_SHARE: usize = 10;

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders each candidate line with the trust it earns and the verdict.
    fn check(text: &str, expect: expect_test::Expect) {
        let mut names = Names::default();
        let candidates = super::super::plain::candidates(text, &mut names, usize::MAX).candidates;
        let trusts = trust(&names, &candidates);
        let out: Vec<String> = candidates
            .iter()
            .zip(trusts)
            .map(|(c, t)| {
                let verdict = if t >= THRESHOLD { "label" } else { "prose" };
                format!("{t} {verdict}: {}", &text[c.line.span()])
            })
            .collect();
        expect.assert_eq(&out.join("\n"));
    }

    #[test]
    fn weak_forms_need_support_from_the_document() {
        check(
            "Lin Hua: One name, said once, in a document without other labels.
Growth: a lone capitalised word is no label.",
            expect_test::expect![[r#"
                1 prose: Lin Hua: One name, said once, in a document without other labels.
                0 prose: Growth: a lone capitalised word is no label."#]],
        );
        check(
            "Question: What changed?

Lin Hua: The harbour grew, and the
Growth: figures show it, though the
Board. Left it there.

Question: And next year?

Lin Hua: More of the same.

HARBOUR REPORT: THE YEAR IN REVIEW",
            expect_test::expect![[r#"
                4 label: Question: What changed?
                3 label: Lin Hua: The harbour grew, and the
                0 prose: Growth: figures show it, though the
                4 label: Question: And next year?
                3 label: Lin Hua: More of the same.
                1 prose: HARBOUR REPORT: THE YEAR IN REVIEW"#]],
        );
    }

    #[test]
    fn strong_forms_stand_alone() {
        check(
            "Ana Kim: (00:12) Once, with a timestamp.
MR. OKAFOR: Once, with an honorific.
Q: A role word.
DANA ORTIZ, HARBOUR MASTER: Once, with a title.",
            expect_test::expect![[r#"
                4 label: Ana Kim: (00:12) Once, with a timestamp.
                3 label: MR. OKAFOR: Once, with an honorific.
                3 label: Q: A role word.
                3 label: DANA ORTIZ, HARBOUR MASTER: Once, with a title."#]],
        );
    }

    #[test]
    fn a_weak_form_of_a_shape_the_document_hardly_uses_is_prose() {
        // Twelve exchanges under bold labels, three counsel in turn; the
        // chair calls on each by name once, on a line of its own.
        let counsel = ["Mr Okafor", "Ms Brook", "Mr Lee"];
        let mut text = String::new();
        for k in 0..12 {
            let name = counsel[k / 4];
            if k % 4 == 0 {
                text += &format!("{name}.\n\n");
            }
            text += &format!(
                "**{name}**: Question {k} is about the wards.\n\n\
                 **The Witness**: The wards reopened.\n\n\
                 **Lady Ruiz**: Thank you.\n\n"
            );
        }
        let mut names = Names::default();
        let candidates = super::super::plain::candidates(&text, &mut names, usize::MAX).candidates;
        let accepted = accept(&names, &candidates, None);
        for (c, ok) in candidates.iter().zip(accepted) {
            let line = &text[c.line.span()];
            assert_eq!(ok, line.starts_with("**"), "{line}");
        }
    }
}
