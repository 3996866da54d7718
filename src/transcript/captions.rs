//! Caption files: WebVTT and SubRip.
//!
//! Both are blocks separated by blank lines. A WebVTT file opens with a
//! `WEBVTT` header and may hold `NOTE`, `STYLE` and `REGION` blocks; a SubRip
//! (`.srt`) file has none of these. A cue is an optional id line (SubRip's cue
//! number), a timing line `00:00:02.400 --> 00:00:04.799` (SubRip writes
//! `00:00:02,400`), then text lines. Only cue text is speech, less its tags
//! (`<i>`, `<font color=…>`, `</v>`, `<00:00:03.000>`) and stage directions;
//! cue ids and timings are furniture.
//!
//! A turn starts at a cue whose text begins with a voice span `<v Name>`, a
//! label `Name:` or a bracketed name `[Name]` (judged like plain-text labels,
//! with a cue's first line counting for it), and at a change of speaker
//! without a name: a line starting with a dialogue dash `-`, or `>>` anywhere
//! in the text. Untagged cues continue the turn before them; text before the
//! first turn is speech of no known speaker. A turn's timestamp is its cue's
//! start, and every cue's start is a time mark, so a position inside a long
//! turn still has the time of its own cue.

use super::blocks::{Block, Blocks};
use super::furniture::{self, MAX_DIRECTION};
use super::labels::{self, Candidate, Candidates};
use super::layouts::{self, BRACKETED_NAME, CUE_LABEL, DIALOGUE_DASH, LabelMatch, VOICE};
use super::lines::{Line, find_any, is_blank, is_space, lines, lines_from, trim_start};
use super::marks;
use super::masks;
use super::names::Names;
use super::timestamps;
use crate::text::Span;

/// Whether `text` is WebVTT: it starts (after a byte-order mark) with `WEBVTT`
/// followed by the end of the line or a space.
pub(super) fn is_webvtt(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.chars().next().is_none_or(is_space))
}

/// Whether `text` is SubRip: its first line (after a byte-order mark and
/// blank lines) is a cue number and the next a timing line.
pub(super) fn is_subrip(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = lines(text)
        .map(|l| &text[l.span()])
        .skip_while(|l| is_blank(l));
    let number = lines.next().map(|l| l.trim());
    number.is_some_and(|n| !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit()))
        && lines
            .next()
            .is_some_and(|l| is_timing(l) && timestamps::clock(trim_start(l)).is_some())
}

/// Which caption format a file is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    WebVtt,
    SubRip,
}

/// Where a line stands in the file.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    /// The header, up to its blank line.
    Header,
    /// Between blocks.
    Between,
    /// Inside a block that is not a cue (`NOTE`, `STYLE`, `REGION`, junk).
    Skipped,
    /// After a cue id, before its timing line.
    CueId,
    /// The text of a cue whose timing line starts at `timing`; `line` counts
    /// its lines.
    CueText { timing: usize, line: usize },
}

/// What `walk` reports.
enum Event {
    /// A line of cue text, with its number in the cue.
    Text(Line, usize),
    /// The end of the cue whose timing line starts at the offset given.
    CueEnd(usize),
}

/// Walks the lines of a caption file that start in `piece`, reporting each
/// line of cue text and the end of each cue. A piece starts at the top or at
/// a blank line, where every block has ended.
fn walk(text: &str, kind: Kind, piece: Span, mut report: impl FnMut(Event)) {
    let mut place = match kind {
        Kind::WebVtt if piece.start == 0 => Place::Header,
        _ => Place::Between,
    };
    for line in lines_from(text, piece.start).take_while(|l| l.start < piece.end) {
        let s = &text[line.span()];
        if is_blank(s) {
            if let Place::CueText { timing, .. } = place {
                report(Event::CueEnd(timing));
            }
            place = Place::Between;
            continue;
        }
        place = match place {
            Place::Header | Place::Skipped => place,
            Place::Between
                if starts_block(s, "NOTE")
                    || starts_block(s, "STYLE")
                    || starts_block(s, "REGION") =>
            {
                Place::Skipped
            }
            Place::Between | Place::CueId if is_timing(s) => Place::CueText {
                timing: line.start,
                line: 0,
            },
            Place::Between => Place::CueId,
            Place::CueId => Place::Skipped,
            Place::CueText { timing, line: k } => {
                report(Event::Text(line, k));
                Place::CueText {
                    timing,
                    line: k + 1,
                }
            }
        };
    }
    if let Place::CueText { timing, .. } = place {
        report(Event::CueEnd(timing));
    }
}

/// Whether `s` is a timing line: it holds `-->`.
///
/// Every line between cues is asked, and a timing's arrow stands in its
/// first sixteen bytes, most often at the fourteenth: that is looked at
/// first, then the sixteen are read at once, and only a longer line without
/// one is searched further.
fn is_timing(s: &str) -> bool {
    let b = s.as_bytes();
    // Where `00:00:02,400 --> …` puts it.
    if b.get(13..16) == Some(b"-->") {
        return true;
    }
    let arrow_at = |at: usize| b[at..].starts_with(b"-->");
    if b.len() < masks::BLOCK {
        return (0..b.len()).any(|at| b[at] == b'-' && arrow_at(at));
    }
    let mut dashes = masks::any_of(b, [b'-']);
    while dashes != 0 {
        if arrow_at(dashes.trailing_zeros() as usize) {
            return true;
        }
        dashes &= dashes - 1;
    }
    memchr::memchr_iter(b'-', &b[masks::BLOCK..]).any(|at| arrow_at(masks::BLOCK + at))
}

/// Whether `s` starts a block of the given kind (`NOTE`, `NOTE text`).
fn starts_block(s: &str, kind: &str) -> bool {
    s.as_bytes().first() == kind.as_bytes().first()
        && s.strip_prefix(kind)
            .is_some_and(|rest| rest.chars().next().is_none_or(is_space))
}

/// A voice span at the start of `s`: `<v Name>` or `<v.class Name>`. Returns
/// the tag's length and the name's range in `s`.
fn voice_span(s: &str) -> Option<(usize, Span)> {
    let rest = s.strip_prefix("<v")?;
    if !rest.starts_with([' ', '.', '\t']) {
        return None;
    }
    let close = 2 + rest.find('>')?;
    // Classes come first (`.loud`), the name after the first space.
    let inner = &s[2..close];
    let space = inner.find([' ', '\t'])?;
    let name = &inner[space..];
    let start = 2 + space + (name.len() - trim_start(name).len());
    let end = 2 + space + super::lines::trim_end(name).len();
    (start < end).then_some((close + 1, start..end))
}

/// The labelled blocks of a caption file. Only labels of the shape `only`
/// are taken, when the user named one.
pub(super) fn scan(text: &str, kind: Kind, only: Option<usize>) -> (Blocks, Names<'_>) {
    scan_by_piece(text, kind, PIECE_BYTES, only)
}

/// Texts longer than this are read in pieces of about this size, in
/// parallel.
const PIECE_BYTES: usize = 1024 * 1024;

/// `scan`, reading a long text in pieces of about `piece_bytes` that start
/// at blank lines, on all cores. Labels are judged over the whole document
/// between the two passes, and names are interned in piece order, so every
/// name gets the id one reading from the top would give it.
fn scan_by_piece(
    text: &str,
    kind: Kind,
    piece_bytes: usize,
    only: Option<usize>,
) -> (Blocks, Names<'_>) {
    use rayon::prelude::*;

    let pieces = super::plain::pieces(text, piece_bytes);
    let parallel = pieces.len() > 1;
    // First pass: voice spans are labels; `Name:` or `[Name]` at the start of
    // a cue is a candidate. Voices count as labels of their speaker, so a
    // `Name:` that repeats a voice's name is believed.
    let read = |piece: &Span| {
        let mut local = Names::default();
        let (found, cues) = candidates_in(text, kind, piece.clone(), &mut local);
        (found, cues, local)
    };
    let found: Vec<(Vec<Candidate>, Vec<usize>, Names)> = if parallel {
        pieces.par_iter().map(read).collect()
    } else {
        pieces.iter().map(read).collect()
    };
    let mut names = Names::default();
    let mut candidates = Candidates::default();
    let mut cues = Vec::with_capacity(found.len());
    for (mut found, piece_cues, local) in found {
        let ids = names.adopt(local);
        for c in &mut found {
            c.m.name_id = ids[c.m.name_id];
        }
        candidates.pieces.push(found);
        cues.push(piece_cues);
    }
    let accepted = labels::accept(&names, &candidates, only);
    let labels: Vec<&Candidate> = candidates
        .iter()
        .zip(&accepted)
        .filter_map(|(c, &ok)| ok.then_some(c))
        .collect();

    // Second pass: blocks, each piece with its own labels and the names its
    // change marks give, joined in order. Only the cues the first pass found
    // are read again: their numbers, timings and the blank lines between
    // them were judged once.
    let blocks_of = |(piece, cues): (&Span, &Vec<usize>)| {
        let from = labels.partition_point(|c| c.line.start < piece.start);
        let to = labels.partition_point(|c| c.line.start < piece.end);
        blocks_in(text, piece.clone(), cues, &labels[from..to])
    };
    let (mut parts, locals): (Vec<Blocks>, Vec<Names>) = if parallel {
        pieces.par_iter().zip(&cues).map(blocks_of).unzip()
    } else {
        pieces.iter().zip(&cues).map(blocks_of).unzip()
    };
    let mut blocks = Blocks::default();
    blocks.reserve_for(&parts);
    for (part, local) in parts.iter_mut().zip(locals) {
        let ids = names.adopt(local);
        for b in &mut part.list {
            b.name_id = ids[b.name_id];
        }
        blocks.append(part);
    }
    blocks.candidates = candidates.len();
    blocks.accepted = labels.len();
    drop(labels);
    super::drop_in_background((parts, candidates, cues));
    (blocks, names)
}

/// The candidate labels of the cue lines that start in `piece`, and where
/// the timing line of each cue starts.
fn candidates_in<'a>(
    text: &'a str,
    kind: Kind,
    piece: Span,
    names: &mut Names<'a>,
) -> (Vec<Candidate>, Vec<usize>) {
    // Planned for the densest captions, a cue every `MIN_CUE_BYTES`: the
    // room only costs memory where it is used, while growing by doubling
    // would copy and fault in every page of each list several times.
    let most = piece.len() / MIN_CUE_BYTES + 1;
    let mut candidates = Vec::with_capacity(most);
    let mut cues = Vec::with_capacity(most);
    walk(text, kind, piece, |event| match event {
        Event::CueEnd(timing) => cues.push(timing),
        Event::Text(line, k) => {
            let s = &text[line.span()];
            let found = match voice_label(s, names) {
                Some(m) => Some((VOICE, m, 0)),
                None if k == 0 => {
                    // Past `<i>`, `<b>`, `<font …>`: subtitles wrap whole
                    // lines, labels included, in style tags.
                    let from = style_tags_end(s);
                    let rest = &s[from..];
                    layouts::colon_label(rest, names)
                        .map(|m| (CUE_LABEL, m, 1))
                        .or_else(|| bracketed_name(rest, names).map(|m| (BRACKETED_NAME, m, 1)))
                        .map(|(layout, m, bonus)| (layout, shifted(m, from), bonus))
                }
                None => None,
            };
            if let Some((layout, m, bonus)) = found {
                candidates.push(Candidate {
                    line,
                    layout,
                    m,
                    mid_sentence: false,
                    bonus,
                });
            }
        }
    });
    (candidates, cues)
}

/// The fewest bytes a cue takes: a short timing line, a word and the blank
/// line after them.
const MIN_CUE_BYTES: usize = 32;

/// The text lines of the cue whose timing line starts at `timing`: those
/// after it, up to a blank line or the end of `piece`, as `walk` reports
/// them.
fn cue_lines(text: &str, timing: usize, piece_end: usize) -> impl Iterator<Item = Line> + '_ {
    lines_from(text, timing)
        .skip(1)
        .take_while(move |l| l.start < piece_end && !is_blank(&text[l.span()]))
}

/// The blocks of the cues of `piece` whose timing lines start at `cues`, at
/// `labels` (those of the piece, in order), with the names interned on the
/// way: the labels' own and those of change marks (`-`, `>>`, `>> name:`).
fn blocks_in<'a>(
    text: &'a str,
    piece: Span,
    cues: &[usize],
    labels: &[&Candidate],
) -> (Blocks, Names<'a>) {
    let mut scanner = Scanner {
        text,
        names: Names::default(),
        blocks: Blocks::with_room(
            labels.len() + cues.len() / 2,
            cues.len() + labels.len(),
            cues.len(),
        ),
        cuts: Vec::new(),
        cue_time: None,
    };
    let mut labels = labels.iter().peekable();
    for &timing in cues {
        let mut lines = cue_lines(text, timing, piece.end).peekable();
        if let Some(first) = lines.peek() {
            scanner.cue_time = cue_start(text, timing);
            if let Some(seconds) = scanner.cue_time {
                scanner.blocks.times.push((first.start, seconds));
            }
        }
        for line in lines {
            let label = labels.next_if(|c| c.line == line);
            scanner.text_line(line, label.map(|c| (c.layout, &c.m)));
        }
        // Speech never joins across cues: timing lines stand between them.
        scanner.blocks.interrupt();
    }
    (scanner.blocks, scanner.names)
}

/// Where the style tags (`<i>`, `<b>`, `<u>`, `<font color=…>`) that open a
/// cue line end, past any whitespace around them. A voice span is no style
/// tag: it is the label itself.
fn style_tags_end(s: &str) -> usize {
    let b = s.as_bytes();
    // Most lines open with a letter or with `<i>`: decided on their bytes.
    if b.first()
        .is_some_and(|&c| c != b'<' && c.is_ascii_graphic())
    {
        return 0;
    }
    let mut at = s.len() - trim_start(s).len();
    while b.get(at) == Some(&b'<') && b.get(at + 1) != Some(&b'v') {
        // A style tag is short: a `>` far on closes something else.
        let reach = &b[at..b.len().min(at + MAX_STYLE_TAG)];
        let Some(close) = reach.iter().position(|&c| c == b'>') else {
            break;
        };
        at += close + 1;
        at += s[at..].len() - trim_start(&s[at..]).len();
    }
    at
}

/// Longest style tag read past, in bytes: `<font color="#ffffff">` and more.
const MAX_STYLE_TAG: usize = 128;

/// `m`, found in a line from byte `by` on, with offsets from the line's start.
fn shifted(mut m: LabelMatch, by: usize) -> LabelMatch {
    let shift = |r: &mut Span| *r = r.start + by..r.end + by;
    shift(&mut m.label);
    shift(&mut m.name);
    if let Some(t) = m.title.as_mut() {
        shift(t);
    }
    m.speech_from += by;
    m
}

/// Longest name in a bracketed label, in bytes.
const MAX_BRACKETED_NAME: usize = 40;

/// A bracketed name at the start of a cue line, as subtitles for the hard of
/// hearing write the speaker: `[Dana] We'll start.` A stage direction in
/// brackets (`[Music]`, `[laughs]`) is no name; one that reads like a name
/// (`[DOOR SLAMS]`) is only a weak label, taken when the document uses the
/// shape or names the speaker again.
fn bracketed_name<'a>(s: &'a str, names: &mut Names<'a>) -> Option<LabelMatch> {
    let indent = s.len() - trim_start(s).len();
    let rest = s[indent..].strip_prefix('[')?;
    let close = rest.as_bytes()[..rest.len().min(MAX_BRACKETED_NAME + 1)]
        .iter()
        .position(|&b| b == b']')?;
    let inner = &rest[..close];
    if furniture::opens_like_a_direction(inner) {
        return None;
    }
    let (name_id, shape) = names.shaped(inner);
    shape?;
    let name = indent + 1..indent + 1 + close;
    let label_end = name.end + 1;
    let speech_from = label_end + (s[label_end..].len() - trim_start(&s[label_end..]).len());
    Some(LabelMatch {
        label: indent..label_end,
        name,
        name_id,
        title: None,
        affiliation: None,
        timestamp: None,
        speech_from,
        base: 0,
        capital_rest: false,
    })
}

/// A voice span at the start of a line, as a label.
fn voice_label<'a>(s: &'a str, names: &mut Names<'a>) -> Option<LabelMatch> {
    let indent = s.len() - trim_start(s).len();
    let (len, name) = voice_span(&s[indent..])?;
    let name = indent + name.start..indent + name.end;
    Some(LabelMatch {
        label: indent..indent + len,
        name_id: names.intern(&s[name.clone()]),
        name,
        title: None,
        affiliation: None,
        timestamp: None,
        speech_from: indent + len,
        base: 3,
        capital_rest: false,
    })
}

struct Scanner<'a> {
    text: &'a str,
    names: Names<'a>,
    blocks: Blocks,
    cuts: Vec<Span>,
    /// The start time of the cue being read, read once from its timing line.
    cue_time: Option<f64>,
}

/// The start time of the cue whose timing line starts at `timing`.
fn cue_start(text: &str, timing: usize) -> Option<f64> {
    timestamps::clock(trim_start(&text[timing..])).map(|(seconds, _)| seconds)
}

impl<'a> Scanner<'a> {
    /// One line of cue text; `label` is its voice span or accepted `Name:`
    /// label, if any.
    fn text_line(&mut self, line: Line, label: Option<(usize, &LabelMatch)>) {
        let s = &self.text[line.span()];
        // A dialogue dash may stand inside the line's style tags (`<i>- Hi`).
        let indent = style_tags_end(s);
        let body = &s[indent..];
        let at = |offset: usize| line.start + offset;
        let mut pos = at(indent);
        if let Some((shape, m)) = label {
            let start = self.cue_time;
            self.start(
                at(m.label.start)..at(m.label.end),
                at(m.name.start)..at(m.name.end),
                start,
                shape,
            );
            pos = at(m.speech_from);
        } else if body.starts_with('-')
            && body[1..]
                .chars()
                .next()
                .is_some_and(|c| is_space(c) || c.is_alphabetic())
        {
            let start = self.cue_time;
            self.start(pos..pos + 1, pos..pos + 1, start, DIALOGUE_DASH);
            pos += 1;
        }

        // One pass over the rest: tags and stage directions are cut out of
        // the speech, and `>>` starts a new block wherever it stands.
        let bytes = self.text.as_bytes();
        self.cuts.clear();
        let mut piece = pos;
        let mut i = pos;
        let line_bytes = &bytes[..line.end];
        loop {
            // Jump to the next byte that can start a cut or a mark.
            i = find_any(line_bytes, i, [b'(', b'[', b'<', b'>']);
            if i >= line.end {
                break;
            }
            match bytes[i] {
                open @ (b'(' | b'[') => {
                    let close = if open == b'(' { b')' } else { b']' };
                    let reach = &bytes[i + 1..line.end.min(i + 2 + MAX_DIRECTION)];
                    if let Some(len) = reach.iter().position(|&b| b == close) {
                        let end = i + 1 + len;
                        if furniture::is_stage_direction(&self.text[i + 1..end]) {
                            self.cuts.push(i..end + 1);
                            i = end + 1;
                            continue;
                        }
                    }
                    i += 1;
                }
                b'<' => match bytes[i..line.end].iter().position(|&b| b == b'>') {
                    Some(len) => {
                        self.cuts.push(i..i + len + 1);
                        i += len + 1;
                    }
                    None => i += 1,
                },
                b'>' if i + 1 < line.end && bytes[i + 1] == b'>' => {
                    self.blocks
                        .speak_around(self.text, piece..i, &self.cuts, false);
                    self.cuts.clear();
                    let after = i + 2;
                    let rest = &self.text[after..line.end];
                    let name_at = after + (rest.len() - trim_start(rest).len());
                    let start = self.cue_time;
                    match marks::named(&self.text[name_at..line.end]) {
                        Some((label_len, name_len)) => {
                            let label = i..name_at + label_len;
                            let name = name_at..name_at + name_len;
                            self.start_named(label, name, start);
                            i = name_at + label_len;
                        }
                        None => {
                            self.start(i..after, i..after, start, layouts::CHANGE_MARK);
                            i = after;
                        }
                    }
                    piece = i;
                }
                _ => i += 1,
            }
        }
        self.blocks
            .speak_around(self.text, piece..line.end, &self.cuts, true);
    }

    /// Starts a block at a label of the given shape; a dash or a `>>` with
    /// no name is a change of speaker without one.
    fn start(&mut self, label: Span, name: Span, timestamp: Option<f64>, shape: usize) {
        let name_id = self.names.intern(&self.text[name.clone()]);
        self.blocks.start(Block {
            head_end: label.end,
            label,
            name,
            name_id,
            title: None,
            affiliation: None,
            timestamp,
            anonymous: matches!(shape, DIALOGUE_DASH | layouts::CHANGE_MARK),
            shape,
            speech: 0..0,
        });
    }

    /// Starts a block at `>> name:`.
    fn start_named(&mut self, label: Span, name: Span, timestamp: Option<f64>) {
        self.start(label, name, timestamp, layouts::CHANGE_MARK);
        if let Some(block) = self.blocks.list.last_mut() {
            block.anonymous = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timing_line_holds_an_arrow_anywhere() {
        assert!(is_timing("00:00:01,000 --> 00:00:02,000"));
        assert!(is_timing("1 --> 2"));
        assert!(is_timing("0123456789abcd-->"), "across the first block");
        assert!(is_timing(&format!("{} -->", "x".repeat(40))));
        assert!(!is_timing("12"));
        assert!(!is_timing("- Yes, a dash -- and -> an arrow-ish line"));
        assert!(!is_timing(""));
    }

    #[test]
    fn only_cue_text_is_reported() {
        let text = "WEBVTT - title\nKind: captions\n\nNOTE a comment\nstill the note\n\n\
                    STYLE\n::cue { color: red }\n\nREGION\nid:r1\n\nid-7\n\
                    00:00:01.000 --> 00:00:02.000 line:0\nfirst line\nsecond line\n\n\
                    00:00:03.000 --> 00:00:04.000\n<v Ana>third\n\nstray id\nnot a timing\n\n";
        let mut out = Vec::new();
        walk(text, Kind::WebVtt, 0..text.len(), |event| match event {
            Event::Text(line, k) => out.push(format!("{k} {:?}", &text[line.span()])),
            Event::CueEnd(timing) => out.push(format!(
                "end of the cue at {:?}",
                timestamps::clock(&text[timing..]).map(|(t, _)| t)
            )),
        });
        expect_test::expect![[r#"
            0 "first line"
            1 "second line"
            end of the cue at Some(1.0)
            0 "<v Ana>third"
            end of the cue at Some(3.0)"#]]
        .assert_eq(&out.join("\n"));
    }

    #[test]
    fn webvtt_is_known_by_its_header() {
        assert!(is_webvtt("WEBVTT\n\n"));
        assert!(is_webvtt("\u{feff}WEBVTT - Title\r\n"));
        assert!(is_webvtt("WEBVTT"));
        assert!(!is_webvtt("WEBVTTX\n"));
        assert!(!is_webvtt("Transcript\nWEBVTT\n"));
    }

    #[test]
    fn voice_spans_name_their_speaker() {
        let name = |s: &'static str| voice_span(s).map(|(len, r)| (&s[..len], &s[r]));
        assert_eq!(name("<v Ana Kim>Hi"), Some(("<v Ana Kim>", "Ana Kim")));
        assert_eq!(
            name("<v.loud.fast Bo> Hi"),
            Some(("<v.loud.fast Bo>", "Bo"))
        );
        assert_eq!(name("<v.loud>Hi"), None);
        assert_eq!(name("<vBo>Hi"), None);
        assert_eq!(name("<i>Hi</i>"), None);
    }

    mod pieces {
        use super::super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig {
                failure_persistence: None,
                ..ProptestConfig::default()
            })]

            /// Read in pieces or in one go, a caption file gives the same
            /// blocks, speech, loose speech, time marks and names.
            #[test]
            fn pieces_give_what_one_reading_gives(
                cues in proptest::collection::vec(
                    (
                        "<v Ana>|<v Bo Li>|- |\\[ANA\\] |\\[BO LI\\] |ANA: |>> |>> bo: |<i>- |",
                        "[a-z ]{0,20}[.?]?",
                        proptest::option::of("[a-z ]{0,12}"),
                    ),
                    0..40,
                ),
                vtt in any::<bool>(),
                crlf in any::<bool>(),
                piece_bytes in 1usize..200,
            ) {
                let nl = if crlf { "\r\n" } else { "\n" };
                let mut text = if vtt { format!("WEBVTT{nl}{nl}NOTE x{nl}{nl}") } else { String::new() };
                for (i, (label, said, more)) in cues.iter().enumerate() {
                    if !vtt {
                        text += &format!("{}{nl}", i + 1);
                    }
                    let sep = if vtt { '.' } else { ',' };
                    text += &format!("00:00:{:02}{sep}000 --> 00:00:{:02}{sep}500{nl}{label}{said}{nl}", i % 60, i % 60);
                    if let Some(more) = more {
                        text += &format!("{more}{nl}");
                    }
                    text += nl;
                }
                let kind = if vtt { Kind::WebVtt } else { Kind::SubRip };
                let (one, one_names) = scan_by_piece(&text, kind, usize::MAX, None);
                let (many, many_names) = scan_by_piece(&text, kind, piece_bytes, None);
                prop_assert_eq!(&one.list, &many.list);
                prop_assert_eq!(&one.speech, &many.speech);
                prop_assert_eq!(&one.loose, &many.loose);
                prop_assert_eq!(&one.times, &many.times);
                let all = |n: &Names| (0..n.len()).map(|i| n.name(i).to_string()).collect::<Vec<_>>();
                prop_assert_eq!(all(&one_names), all(&many_names));
            }

            /// The second pass reads a cue's lines from where its timing
            /// line starts: they are the lines the first pass's walk
            /// reported for that cue, whatever stands between the cues.
            #[test]
            fn cue_lines_are_the_lines_walk_reports(
                lines in proptest::collection::vec(
                    "|7|00:00:01,000 --> 00:00:02,000|00:00:01.000 --> 00:00:02.000 line:0|NOTE x|STYLE|-->|[a-z ]{0,12}| |<v Ana>hi",
                    0..40,
                ),
                vtt in any::<bool>(),
                crlf in any::<bool>(),
            ) {
                let nl = if crlf { "\r\n" } else { "\n" };
                let head = if vtt { format!("WEBVTT{nl}{nl}") } else { String::new() };
                let text = head + &lines.join(nl);
                let kind = if vtt { Kind::WebVtt } else { Kind::SubRip };
                let piece = 0..text.len();
                let (mut walked, mut cues) = (Vec::new(), Vec::new());
                walk(&text, kind, piece.clone(), |event| match event {
                    Event::Text(line, _) => walked.push(line),
                    Event::CueEnd(timing) => cues.push(timing),
                });
                let reread: Vec<Line> = cues
                    .iter()
                    .flat_map(|&timing| cue_lines(&text, timing, piece.end))
                    .collect();
                prop_assert_eq!(walked, reread);
            }
        }
    }
}
