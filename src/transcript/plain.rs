//! Transcripts in plain text: paragraphs with speaker labels.
//!
//! Two passes over the lines. The first collects every line that starts like
//! a label (`layouts`) and lets `labels` decide which are labels. The second
//! cuts the text into blocks at those labels: each block's speech is the rest
//! of its label line and every following line up to the next label, less
//! blank lines, stage directions and page furniture. Unlabelled paragraphs
//! after a block continue it; prose before the first label (titles, a room and
//! time header) belongs to no block. Both passes read a long text in pieces
//! on all cores, with the result of one reading from the top.

use super::blocks::{Block, Blocks};
use super::furniture;
use super::labels::{self, Candidate, Candidates};
use super::layouts::{self, LabelMatch};
use super::lines::{
    Line, bracketed_lines_from, find_either, has_alphanumeric, is_blank, line_before, lines_from,
    past_break,
};
use super::marks;
use super::names::Names;
use super::timestamps;
use crate::text::Span;

/// The labelled blocks of a plain-text transcript, with the names in their
/// labels. Only labels of the shape `only` are taken, when the user named
/// one.
pub(super) fn scan(text: &str, only: Option<usize>) -> (Blocks, Names<'_>) {
    scan_by_piece(text, PIECE_BYTES, only)
}

/// `scan`, reading a long text in pieces of about `piece_bytes`.
fn scan_by_piece(text: &str, piece_bytes: usize, only: Option<usize>) -> (Blocks, Names<'_>) {
    let mut names = Names::default();
    let mut found = candidates(text, &mut names, piece_bytes);
    drop_stray_marks(&mut found.candidates);
    let accepted = labels::accept(&names, &found.candidates, only);
    let labels: Vec<&Candidate> = found
        .candidates
        .iter()
        .zip(accepted)
        .filter_map(|(c, ok)| ok.then_some(c))
        .collect();
    let mut blocks = if labels.is_empty() {
        unlabelled(text)
    } else {
        blocks_by_piece(text, &labels, piece_bytes)
    };
    blocks.times = found.times;
    blocks.candidates = found.candidates.len();
    blocks.accepted = labels.len();
    drop(labels);
    super::drop_in_background(found.candidates);
    (blocks, names)
}

/// Drops the change marks (`>>`) unless the document uses them: one stray
/// `>>` in prose is no layout. Marks are gathered with the other candidates,
/// on all cores, rather than counted in a pass of their own first.
fn drop_stray_marks(candidates: &mut Candidates) {
    let marks = candidates
        .iter()
        .filter(|c| c.layout == layouts::CHANGE_MARK)
        .take(marks::MARKS_IN_USE)
        .count();
    if marks > 0 && marks < marks::MARKS_IN_USE {
        candidates.retain(|c| c.layout != layouts::CHANGE_MARK);
    }
}

/// A text without labels: all of its speech, as speech before any block.
/// The caller makes it one unnamed speaker's turn, so that every figure in
/// it is still read.
fn unlabelled(text: &str) -> Blocks {
    let mut blocks = Blocks::default();
    let mut cuts = Vec::new();
    for (line, brackets) in bracketed_lines_from(text, 0) {
        speak_or_skip(&mut blocks, text, line, brackets, &mut cuts);
    }
    blocks
}

/// Whether nothing is said before candidate `c` on its line, so that the
/// text can be cut into separately read runs at its line: the label starts
/// the line, or only stage directions stand before it (the bracketed clock
/// of `[00:01:02] NAME:`), which `blocks_before` would give no block.
fn nothing_said_before(text: &str, c: &Candidate) -> bool {
    let before = &text[c.line.start..c.line.start + c.m.label.start];
    if is_blank(before) {
        return true;
    }
    let mut said = false;
    let mut from = 0;
    furniture::stage_directions(before, |cut| {
        said |= !is_blank(&before[from..cut.start]);
        from = cut.end;
    });
    !said && is_blank(&before[from..])
}

/// The blocks that start at `labels`. A block starts afresh at its label,
/// so a long text is read in runs of labels covering about `piece_bytes`
/// each, on all cores, and the runs' blocks are joined in order. A run only
/// starts at a label with nothing said before it on its line.
fn blocks_by_piece(text: &str, labels: &[&Candidate], piece_bytes: usize) -> Blocks {
    use rayon::prelude::*;

    let runs = runs(text, labels, piece_bytes);
    let read = |run: std::ops::Range<usize>| {
        let end = labels.get(run.end).map_or(text.len(), |c| c.line.start);
        blocks_before(text, &labels[run], end)
    };
    if runs.len() == 1 {
        return read(0..labels.len());
    }
    let mut parts: Vec<Blocks> = runs.into_par_iter().map(read).collect();
    let mut blocks = Blocks::default();
    blocks.reserve_for(&parts);
    for part in &mut parts {
        blocks.append(part);
    }
    super::drop_in_background(parts);
    blocks
}

/// The runs of `labels` (index ranges, in order) that `blocks_by_piece`
/// reads apart: each covers about `piece_bytes` of text, and each but the
/// first starts at the first label on its line, with nothing said before
/// it.
fn runs(text: &str, labels: &[&Candidate], piece_bytes: usize) -> Vec<std::ops::Range<usize>> {
    let mut runs = Vec::new();
    let mut start = 0;
    for (i, label) in labels.iter().enumerate() {
        if label.line.start - labels[start].line.start >= piece_bytes
            && label.line != labels[i - 1].line
            && nothing_said_before(text, label)
        {
            runs.push(start..i);
            start = i;
        }
    }
    runs.push(start..labels.len());
    runs
}

/// The blocks that start at `labels` (in order), with the speech of the
/// last one running up to `end`. A line may hold several labels (a caption
/// dump's `>>` marks): the speech between them goes to the block before.
fn blocks_before(text: &str, labels: &[&Candidate], end: usize) -> Blocks {
    let mut blocks = Blocks::default();
    let Some(first) = labels.first() else {
        return blocks;
    };
    // One block per label, and most hold one or two pieces of speech:
    // reserved at once, the lists are never copied to grow.
    blocks.list.reserve(labels.len());
    blocks.speech.reserve(2 * labels.len());
    let mut labels = labels.iter().peekable();
    let mut cuts: Vec<Span> = Vec::new();
    let lines = bracketed_lines_from(text, first.line.start).take_while(|(l, _)| l.start < end);
    for (line, brackets) in lines {
        if labels.peek().is_none_or(|c| c.line != line) {
            speak_or_skip(&mut blocks, text, line, brackets, &mut cuts);
            continue;
        }
        let at = |offset: usize| line.start + offset;
        let mut pos = line.start;
        while let Some(c) = labels.next_if(|c| c.line == line) {
            let label_start = at(c.m.label.start);
            if pos < label_start {
                speak_line(&mut blocks, text, pos..label_start, brackets, &mut cuts);
            }
            blocks.start(Block {
                label: label_start..at(c.m.label.end),
                name: at(c.m.name.start)..at(c.m.name.end),
                name_id: c.m.name_id,
                title: c.m.title.as_ref().map(|t| at(t.start)..at(t.end)),
                affiliation: c.m.affiliation.as_ref().map(|t| at(t.start)..at(t.end)),
                timestamp: c.m.timestamp,
                head_end: at(c.m.label.end),
                anonymous: c.layout == layouts::CHANGE_MARK && c.m.name == c.m.label,
                shape: c.layout,
                speech: 0..0,
            });
            pos = at(c.m.speech_from).max(label_start);
        }
        speak_line(&mut blocks, text, pos..line.end, brackets, &mut cuts);
    }
    blocks
}

/// A line with no label: speech, or furniture that breaks the run of speech
/// (a blank line, a stage direction, a page line, a minute header).
fn speak_or_skip(
    blocks: &mut Blocks,
    text: &str,
    line: Line,
    brackets: bool,
    cuts: &mut Vec<Span>,
) {
    let s = &text[line.span()];
    if !starts_speech(s)
        && (is_blank(s)
            || !has_alphanumeric(s)
            || furniture::is_page_furniture(s)
            || furniture::is_stage_line(s)
            || furniture::is_footnote_definition(s)
            || timestamps::time_header(s).is_some())
    {
        blocks.interrupt();
    } else {
        speak_line(blocks, text, line.span(), brackets, cuts);
    }
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

/// Texts longer than this are read in pieces of about this size, in
/// parallel.
const PIECE_BYTES: usize = 1024 * 1024;

/// How far past a piece's planned end a blank line is looked for; without
/// one, the piece runs on into the next.
const BLANK_LINE_REACH: usize = 64 * 1024;

/// What the first pass finds: every candidate label, and every line that
/// only gives the time (`timestamps::time_header`), in order.
#[derive(Debug, Default)]
pub(super) struct Found<C = Vec<Candidate>> {
    pub candidates: C,
    pub times: Vec<(usize, f64)>,
}

/// Every line that starts like a label, with what the line before says, and
/// every change mark.
///
/// A long text is read in pieces of about `piece_bytes`, each starting at a
/// line, on all cores: the one thing a line carries over to the next, what
/// it says for the next line's candidate, is read from the text again where
/// a piece starts (a caption dump has no blank line to cut at). Each piece
/// interns its names apart; they are then interned in piece order, which
/// gives every name the id one reading from the top would have given it.
pub(super) fn candidates<'a>(
    text: &'a str,
    names: &mut Names<'a>,
    piece_bytes: usize,
) -> Found<Candidates> {
    use rayon::prelude::*;

    let pieces = line_pieces(text, piece_bytes);
    if let [only] = pieces.as_slice() {
        let found = candidates_in(text, only.clone(), names);
        return Found {
            candidates: found.candidates.into(),
            times: found.times,
        };
    }
    let (found, locals): (Vec<Found>, Vec<Names<'a>>) = pieces
        .into_par_iter()
        .map(|piece| {
            let mut local = Names::default();
            (candidates_in(text, piece, &mut local), local)
        })
        .unzip();
    let mut out = Found::<Candidates>::default();
    out.candidates.pieces.reserve(found.len());
    out.times.reserve(found.iter().map(|f| f.times.len()).sum());
    for (mut found, local) in found.into_iter().zip(locals) {
        let ids = names.adopt(local);
        for c in &mut found.candidates {
            c.m.name_id = ids[c.m.name_id];
        }
        out.candidates.pieces.push(found.candidates);
        out.times.append(&mut found.times);
    }
    out
}

/// `text` cut into pieces of about `piece_bytes`, each but the first
/// starting at a blank line.
pub(super) fn pieces(text: &str, piece_bytes: usize) -> Vec<Span> {
    let mut cuts = vec![0];
    let mut planned = piece_bytes;
    while planned.saturating_add(piece_bytes / 2) < text.len() {
        let next = line_start_after(text, planned);
        let blank = lines_from(text, next.min(text.len()))
            .take_while(|l| l.start < next + BLANK_LINE_REACH)
            .find(|l| is_blank(&text[l.span()]));
        if let Some(blank) = blank {
            cuts.push(blank.start);
        }
        planned = planned
            .max(blank.map_or(next + BLANK_LINE_REACH, |b| b.end))
            .saturating_add(piece_bytes);
    }
    spans_between(cuts, text.len())
}

/// `text` cut into pieces of about `piece_bytes`, each starting at a line.
fn line_pieces(text: &str, piece_bytes: usize) -> Vec<Span> {
    let mut cuts = vec![0];
    let mut planned = piece_bytes;
    while planned.saturating_add(piece_bytes / 2) < text.len() {
        let next = line_start_after(text, planned);
        if next >= text.len() {
            break;
        }
        cuts.push(next);
        planned = next.saturating_add(piece_bytes);
    }
    spans_between(cuts, text.len())
}

/// Where the line after the one that holds byte `at` starts (the text's
/// end when there is none).
fn line_start_after(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    past_break(bytes, find_either(bytes, at, b'\n', b'\r'))
}

/// The spans from each cut to the next, the last one ending at `end`.
fn spans_between(mut cuts: Vec<usize>, end: usize) -> Vec<Span> {
    cuts.push(end);
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// Fewest bytes per candidate label planned for: a label and a short line
/// of speech.
const CANDIDATE_SPACING: usize = 96;

/// `candidates` for the lines that start in `piece`.
fn candidates_in<'a>(text: &'a str, piece: Span, names: &mut Names<'a>) -> Found {
    let mut out = Found::<Vec<Candidate>>::default();
    // Room for more candidates than most transcripts have (a label every
    // few lines), so that the list is seldom copied to grow; the pages of
    // room never written cost nothing.
    out.candidates.reserve(piece.len() / CANDIDATE_SPACING);
    // The line before, when not blank: what it says decides whether a
    // candidate starts mid-sentence.
    let mut previous = line_before(text, piece.start).filter(|l| !is_blank(&text[l.span()]));
    for line in lines_from(text, piece.start).take_while(|l| l.start < piece.end) {
        let s = &text[line.span()];
        if is_blank(s) {
            previous = None;
            continue;
        }
        let mut marks_from = 0;
        if let Some((layout, m)) = layouts::recognise(s, names) {
            // Decided only for candidates: most lines never need it.
            let mid_sentence = previous.is_some_and(|p| {
                let p = &text[p.span()];
                !(labels::ends_sentence(p)
                    || furniture::is_page_furniture(p)
                    || furniture::is_stage_line(p)
                    || timestamps::time_header(p).is_some())
            });
            marks_from = m.speech_from;
            out.candidates.push(Candidate {
                line,
                layout,
                m,
                mid_sentence,
                bonus: 0,
            });
        } else if !starts_speech(s)
            && let Some(seconds) = timestamps::time_header(s)
        {
            out.times.push((line.start, seconds));
        }
        // Most lines hold no `>` at all, which one `memchr` tells.
        if memchr::memchr(b'>', &s.as_bytes()[marks_from.min(s.len())..]).is_some() {
            for mark in marks::in_line(s, marks_from) {
                let name = mark.name.clone().unwrap_or(mark.label.clone());
                out.candidates.push(Candidate {
                    line,
                    layout: layouts::CHANGE_MARK,
                    m: LabelMatch {
                        name_id: names.intern(&s[name.clone()]),
                        name,
                        label: mark.label,
                        title: None,
                        affiliation: None,
                        timestamp: None,
                        speech_from: mark.speech_from,
                        base: 3,
                        capital_rest: false,
                    },
                    mid_sentence: false,
                    bonus: 0,
                });
            }
        }
        previous = Some(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What a candidate says, with its name spelled out.
    fn described<'a>(text: &'a str, names: &Names<'a>, c: &Candidate) -> String {
        format!(
            "{}:{} layout {} {:?} mid {}",
            c.line.start,
            c.line.end,
            c.layout,
            names.name(c.m.name_id),
            c.mid_sentence
        ) + &format!(" {:?}", &text[c.line.span()])
    }

    #[test]
    fn change_marks_count_only_when_the_document_uses_them() {
        let marks_in = |text: &str| {
            let (blocks, _) = scan(text, None);
            blocks
                .list
                .iter()
                .filter(|b| b.shape == layouts::CHANGE_MARK)
                .count()
        };
        // Quoted e-mail and a shell prompt are prose.
        assert_eq!(marks_in("He wrote:\n>> we sold 40 units\nand left.\n"), 0);
        assert_eq!(marks_in("Run it:\n>> make\nThen:\n>> make check\n"), 0);
        assert_eq!(marks_in(">> we sold 40 units >> how many? >> forty.\n"), 3);
        // `a>>b` is no mark.
        assert_eq!(marks_in("x>>y a>>b c>>d e>>f\n"), 0);
    }

    /// A long text is read in runs on all cores, also when each label
    /// comes after its timestamp (`[00:01:02] NAME:`), but never from a
    /// label that something said on its line comes before.
    #[test]
    fn runs_start_at_labels_with_nothing_said_before_them() {
        let runs_of = |text: &str| {
            let mut names = Names::default();
            let found = candidates(text, &mut names, usize::MAX);
            let all: Vec<&Candidate> = found.candidates.iter().collect();
            runs(text, &all, 1).len()
        };
        let stamped: String = (0..6)
            .map(|i| format!("[00:00:0{i}] ANA LEE: We sold {i} units.\n\n"))
            .collect();
        assert_eq!(runs_of(&stamped), 6);
        let plain: String = (0..6)
            .map(|i| format!("ANA LEE: We sold {i}.\n\n"))
            .collect();
        assert_eq!(runs_of(&plain), 6);
        // A change mark after speech on its line continues that line.
        let marked = ">> we sold 4 >> how many? >> four.\n".repeat(3);
        assert_eq!(runs_of(&marked), 3);
        // Nor does a mark that comes after speech start a run.
        let said = ">> we sold 4\nwell >> how many?\n".repeat(3);
        assert_eq!(runs_of(&said), 3);
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Read in pieces or in one go, the text gives the same candidates,
        /// the same name ids and the same blocks.
        #[test]
        fn pieces_find_what_one_reading_finds(
            lines in proptest::collection::vec(
                "Q:|A:|MR. SMITH:|Wang Yi:|[00:01:0[0-9]] ANA:|CHAIR POWELL\\.|Q|[a-z ]{0,30}[.]?|\\(Laughter\\.\\)| |[a-z ]{0,9}>> [a-z]{1,5}: [a-z ]{0,9}|>> [a-z ]{0,9} >> [a-z.]{0,9}|4:0[0-9] pm|Ana Lee  0[0-9]:1[0-9]",
                0..60,
            ),
            endings in proptest::collection::vec(prop_oneof!["\n", "\r\n", "\r", "\n\n"], 60),
            piece_bytes in 1usize..120,
        ) {
            let text: String = lines.iter().zip(&endings).map(|(l, e)| format!("{l}{e}")).collect();
            let mut one = Names::default();
            let whole = candidates_in(&text, 0..text.len(), &mut one).candidates;
            let mut many = Names::default();
            let pieced = candidates(&text, &mut many, piece_bytes).candidates;
            let a: Vec<String> = whole.iter().map(|c| described(&text, &one, c)).collect();
            let b: Vec<String> = pieced.iter().map(|c| described(&text, &many, c)).collect();
            prop_assert_eq!(a, b);
            let ids = |n: &Names| (0..n.len()).map(|i| n.name(i).to_string()).collect::<Vec<_>>();
            prop_assert_eq!(ids(&one), ids(&many));

            // And the blocks cut at the labels.
            let (whole, _) = scan_by_piece(&text, usize::MAX, None);
            let (pieced, _) = scan_by_piece(&text, piece_bytes, None);
            prop_assert_eq!(&whole.list, &pieced.list);
            prop_assert_eq!(&whole.speech, &pieced.speech);
        }
    }
}
