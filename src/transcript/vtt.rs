//! WebVTT captions.
//!
//! A caption file is a `WEBVTT` header and blocks separated by blank lines:
//! `NOTE`, `STYLE` and `REGION` blocks, and cues (an optional id line, a
//! timing line `00:00:02.400 --> 00:00:04.799`, then text lines). Only cue
//! text is speech, less its tags (`<i>`, `</v>`, `<00:00:03.000>`) and stage
//! directions. A turn starts at a cue whose text begins with a voice span
//! `<v Name>` or a label `Name:` (judged like plain-text labels, with a cue's
//! first line counting for it), and at a change of speaker without a name:
//! a line starting with `-`, or `>>` anywhere in the text. Untagged cues
//! continue the turn before them; a turn's timestamp is its cue's start.

use super::blocks::{Block, Blocks};
use super::furniture::{self, MAX_DIRECTION};
use super::labels::{self, Candidate};
use super::layouts::{self, LabelMatch};
use super::lines::{Line, find_any, find_either, is_blank, is_space, lines, trim_start};
use super::names::{self, Names};
use super::timestamps;
use crate::text::Span;

/// Whether `text` is WebVTT: it starts (after a byte-order mark) with `WEBVTT`
/// followed by the end of the line or a space.
pub(super) fn is_webvtt(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.chars().next().is_none_or(is_space))
}

/// The layout numbers of a cue's `Name:` label and of a voice span, apart
/// from the plain layouts.
const CUE_LABEL: usize = layouts::LAYOUTS.len();
const VOICE: usize = CUE_LABEL + 1;

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
    /// A line of cue text, with where its cue's timing line starts and the
    /// line's number in the cue.
    Text(Line, usize, usize),
    /// The end of a cue.
    CueEnd,
}

/// Walks the lines of a WebVTT file, reporting each line of cue text and the
/// end of each cue.
fn walk(text: &str, mut report: impl FnMut(Event)) {
    let mut place = Place::Header;
    for line in lines(text) {
        let s = &text[line.span()];
        if is_blank(s) {
            if matches!(place, Place::CueText { .. }) {
                report(Event::CueEnd);
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
                report(Event::Text(line, timing, k));
                Place::CueText {
                    timing,
                    line: k + 1,
                }
            }
        };
    }
    if matches!(place, Place::CueText { .. }) {
        report(Event::CueEnd);
    }
}

/// Whether `s` is a timing line: it holds `-->`.
fn is_timing(s: &str) -> bool {
    let mut at = 0;
    loop {
        at = find_either(s.as_bytes(), at, b'-', b'-');
        if at >= s.len() {
            return false;
        }
        if s[at..].starts_with("-->") {
            return true;
        }
        at += 1;
    }
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

/// The labelled blocks of a WebVTT file.
pub(super) fn scan(text: &str) -> (Blocks, Names<'_>) {
    // First pass: voice spans are labels; `Name:` at the start of a cue is a
    // candidate. Voices count as labels of their speaker, so a `Name:` that
    // repeats a voice's name is believed.
    let mut candidates = Vec::new();
    let mut names = Names::default();
    walk(text, |event| {
        if let Event::Text(line, _, k) = event {
            let s = &text[line.span()];
            let found = match voice_label(s, &mut names) {
                Some(m) => Some((VOICE, m, 0)),
                None if k == 0 => layouts::colon_label(s, &mut names).map(|m| (CUE_LABEL, m, 1)),
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
    let accepted = labels::accept(&names, &candidates);
    let mut labels = candidates
        .iter()
        .zip(accepted)
        .filter_map(|(c, ok)| ok.then_some(c))
        .peekable();

    // Second pass: blocks.
    let mut scanner = Scanner {
        text,
        names,
        blocks: Blocks::default(),
        cuts: Vec::new(),
    };
    walk(text, |event| match event {
        Event::Text(line, timing, _) => {
            let label = labels.next_if(|c| c.line == line);
            scanner.text_line(line, timing, label.map(|c| &c.m));
        }
        // Speech never joins across cues: timing lines stand between them.
        Event::CueEnd => scanner.blocks.interrupt(),
    });
    (scanner.blocks, scanner.names)
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
}

impl<'a> Scanner<'a> {
    /// One line of cue text; `label` is its voice span or accepted `Name:`
    /// label, if any; `timing` is where the cue's timing line starts.
    fn text_line(&mut self, line: Line, timing: usize, label: Option<&LabelMatch>) {
        let s = &self.text[line.span()];
        let indent = s.len() - trim_start(s).len();
        let body = &s[indent..];
        let at = |offset: usize| line.start + offset;
        let mut pos = at(indent);
        if let Some(m) = label {
            let start = self.cue_start(timing);
            self.start(
                at(m.label.start)..at(m.label.end),
                at(m.name.start)..at(m.name.end),
                start,
                false,
            );
            pos = at(m.speech_from);
        } else if body.starts_with('-')
            && body[1..]
                .chars()
                .next()
                .is_some_and(|c| is_space(c) || c.is_alphabetic())
        {
            let start = self.cue_start(timing);
            self.start(pos..pos + 1, pos..pos + 1, start, true);
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
                    let start = self.cue_start(timing);
                    match named_after_mark(&self.text[name_at..line.end]) {
                        Some((label_len, name_len)) => {
                            let label = i..name_at + label_len;
                            self.start(label, name_at..name_at + name_len, start, false);
                            i = name_at + label_len;
                        }
                        None => {
                            self.start(i..after, i..after, start, true);
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

    /// The start time of the cue whose timing line starts at `timing`.
    fn cue_start(&self, timing: usize) -> Option<f64> {
        let line = &self.text[timing..];
        timestamps::clock(trim_start(line)).map(|(seconds, _)| seconds)
    }

    fn start(&mut self, label: Span, name: Span, timestamp: Option<f64>, anonymous: bool) {
        let name_id = self.names.intern(&self.text[name.clone()]);
        self.blocks.start(Block {
            head_end: label.end,
            label,
            name,
            name_id,
            title: None,
            timestamp,
            anonymous,
            speech: 0..0,
        });
    }
}

/// `NAME:` right after a `>>` mark: the label's and the name's lengths.
fn named_after_mark(s: &str) -> Option<(usize, usize)> {
    let colon = s.as_bytes()[..s.len().min(60)]
        .iter()
        .position(|&b| b == b':')?;
    if !s[colon + 1..].chars().next().is_none_or(is_space) {
        return None;
    }
    let name = super::lines::trim_end(&s[..colon]);
    names::shape(name)?;
    Some((colon + 1, name.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_cue_text_is_reported() {
        let text = "WEBVTT - title\nKind: captions\n\nNOTE a comment\nstill the note\n\n\
                    STYLE\n::cue { color: red }\n\nREGION\nid:r1\n\nid-7\n\
                    00:00:01.000 --> 00:00:02.000 line:0\nfirst line\nsecond line\n\n\
                    00:00:03.000 --> 00:00:04.000\n<v Ana>third\n\nstray id\nnot a timing\n\n";
        let mut out = Vec::new();
        walk(text, |event| match event {
            Event::Text(line, timing, k) => out.push(format!(
                "{k} {:?} (cue at {:?})",
                &text[line.span()],
                timestamps::clock(&text[timing..]).map(|(t, _)| t)
            )),
            Event::CueEnd => out.push("end".to_string()),
        });
        expect_test::expect![[r#"
            0 "first line" (cue at Some(1.0))
            1 "second line" (cue at Some(1.0))
            end
            0 "<v Ana>third" (cue at Some(3.0))
            end"#]]
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
}
