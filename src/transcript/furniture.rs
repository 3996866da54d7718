//! What stands in a transcript but was never said: stage directions such as
//! `(Laughter.)`, `[crosstalk 00:32:19]` or `(SOUNDBITE OF ARCHIVED
//! RECORDING)`, and page furniture such as `Page 4 of 28` lines that a PDF
//! leaves between two halves of a sentence.
//!
//! Both are cut out of a turn's speech (figures are only looked for in
//! speech), but neither ends a turn. Editorial insertions that complete what
//! was said (`2 [percent]`) stay in the speech.

use std::ops::Range;

use super::lines::{find_either, is_space, trim_end, trim_start};
use super::names::words;
use super::timestamps;
use super::wordset::WordSet;

/// First words of stage directions (compared without case and punctuation).
#[rustfmt::skip]
const STAGE_WORDS: WordSet = WordSet::new(&[
    "applauding", "applause", "audio", "beep", "begin", "bleep", "booing", "boos", "break",
    "cheering", "cheers", "chuckle", "chuckles", "chuckling", "clapping", "clip",
    "commercial", "coughing", "coughs", "cross-talk", "crosstalk", "crying", "end",
    "foreign", "gavel", "gestures", "gesturing", "groans", "inaudible", "incomprehensible",
    "indiscernible", "intermission", "interposing", "interpreter", "interruption", "laugh",
    "laughing", "laughs", "laughter", "mumbles", "music", "nods", "noise", "off-mic",
    "overlapping", "pause", "pauses", "pausing", "phonetic", "recess", "ringing", "sic",
    "sigh", "sighs", "silence", "silent", "simultaneous", "sound", "soundbite", "speaking",
    "static", "translation", "translator", "unintelligible", "video", "videotape",
    "whispers",
]);

/// Longest bracketed text taken for a stage direction, in bytes.
pub(super) const MAX_DIRECTION: usize = 160;

/// Whether the text inside a pair of brackets is a stage direction or a
/// transcriber's marker rather than words of the speaker.
pub(super) fn is_stage_direction(inner: &str) -> bool {
    let inner = trim_start(trim_end(inner));
    if inner.is_empty() || inner.len() > MAX_DIRECTION {
        return false;
    }
    if opens_like_a_direction(inner) {
        return true;
    }
    // `(SOUNDBITE OF ARCHIVED RECORDING)`, but not an acronym like `(RCEP)`.
    words(inner).nth(1).is_some() && !inner.chars().any(char::is_lowercase)
}

/// Whether bracketed text opens as a stage direction does: with a clock
/// (`[crosstalk 00:32:19]`) or a stage word (`[Music]`, `(laughs)`). A
/// bracketed name in capitals (`[ANA KOVAC]`) does not.
pub(super) fn opens_like_a_direction(inner: &str) -> bool {
    // Every bracket in every turn is asked about, and most hold neither
    // (`[^3]`, `[12]`): a stage word starts with a letter.
    if timestamps::contains_clock(inner) {
        return true;
    }
    let first = words(inner)
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    STAGE_WORDS.contains(first)
}

/// Whether the whole line is one bracketed stage direction, such as
/// `(Laughter.)` or `(Reporters leave the room.)`.
pub(super) fn is_stage_line(line: &str) -> bool {
    let s = trim_start(trim_end(line));
    let inner = match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(b'('), Some(b')')) | (Some(b'['), Some(b']')) if s.len() >= 2 => &s[1..s.len() - 1],
        _ => return false,
    };
    if inner.contains([')', ']', '(', '[']) {
        return false;
    }
    is_stage_direction(inner) || trim_start(inner).starts_with(char::is_uppercase)
}

/// Calls `cut` with each stage direction inside `line` (byte ranges of the
/// line, brackets included), in order.
pub(super) fn stage_directions(line: &str, mut cut: impl FnMut(Range<usize>)) {
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        let open = find_either(bytes, i, b'(', b'[');
        if open >= bytes.len() {
            break;
        }
        let close_byte = if bytes[open] == b'(' { b')' } else { b']' };
        let reach = &bytes[open + 1..bytes.len().min(open + 2 + MAX_DIRECTION)];
        match reach.iter().position(|&b| b == close_byte) {
            Some(len) => {
                let close = open + 1 + len;
                if is_stage_direction(&line[open + 1..close]) {
                    cut(open..close + 1);
                }
                i = close + 1;
            }
            None => i = open + 1,
        }
    }
}

/// Whether the line is a footnote definition (`[^1]: Annual report, p. 4`),
/// which a fact-checker adds to cite a figure: apparatus, never speech.
pub(super) fn is_footnote_definition(line: &str) -> bool {
    crate::citations::is_footnote_definition(line)
}

/// Whether the whole line is page furniture: `Page 4 of 28…` (a PDF's page
/// line, whatever is glued after it), `Page 4`, a bare page number, `- 4 -`.
pub(super) fn is_page_furniture(line: &str) -> bool {
    let s = trim_start(trim_end(line));
    if s.is_empty() {
        return false;
    }
    if s.len() <= 12
        && s.bytes().any(|b| b.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || is_space(c) || matches!(c, '-' | '–' | '—'))
    {
        return true;
    }
    let Some(head) = s.get(..5).filter(|h| h.eq_ignore_ascii_case("page ")) else {
        return false;
    };
    let rest = &s[head.len()..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let after = &rest[digits..];
    if trim_start(after).is_empty() {
        return true;
    }
    // `Page 4 of 28`, then anything the PDF glued to it.
    after
        .strip_prefix(" of ")
        .or_else(|| after.strip_prefix(" OF "))
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cuts(line: &str) -> Vec<&str> {
        let mut out = Vec::new();
        stage_directions(line, |r| out.push(&line[r]));
        out
    }

    #[test]
    fn stage_directions_inside_a_line() {
        assert_eq!(
            cuts("Well (Laughter.) that is [crosstalk 00:12:04] fine."),
            ["(Laughter.)", "[crosstalk 00:12:04]"]
        );
        assert_eq!(
            cuts("(SOUNDBITE OF ARCHIVED RECORDING) then"),
            ["(SOUNDBITE OF ARCHIVED RECORDING)"]
        );
        assert!(cuts("grew 2 [percent] in the Partnership (RCEP) deal").is_empty());
        assert!(cuts("the [series kept by the Bank of] data (see above").is_empty());
        assert!(cuts("unclosed ( bracket [ here").is_empty());
    }

    #[test]
    fn whole_line_directions() {
        assert!(is_stage_line("  (Laughter.)  "));
        assert!(is_stage_line("[APPLAUSE]"));
        assert!(is_stage_line("(Reporters leave the room.)"));
        assert!(!is_stage_line("(and that was it)"));
        assert!(!is_stage_line("(a) first, (b) second"));
        assert!(!is_stage_line("Laughter."));
    }

    #[test]
    fn page_furniture_lines() {
        assert!(is_page_furniture(
            "Page 4 of 28March 3, 2031 Committee Briefing FINAL"
        ));
        assert!(is_page_furniture("Page 12"));
        assert!(is_page_furniture("  17 "));
        assert!(is_page_furniture("- 17 -"));
        assert!(!is_page_furniture("Page 4 of the report says otherwise."));
        assert!(!is_page_furniture("2020 was hard."));
        assert!(!is_page_furniture("Pages 4 of 28"));
        assert!(!is_page_furniture(""));
    }
}
