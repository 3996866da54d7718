//! Lines and whitespace as transcripts write them.
//!
//! Lines end at `\n`, `\r\n` or `\r`, as in `text::LineIndex`, so a line here
//! is a line in the editor. Transcripts copied from web pages pad with
//! non-breaking spaces and tabs and start with a byte-order mark, so "blank"
//! and "trim" treat every Unicode space and the BOM as whitespace. Everything
//! is a byte scan over the text: no line is copied.

use crate::text::Span;

/// One line: `start..end` is its content, without the line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Line {
    pub start: usize,
    pub end: usize,
}

impl Line {
    pub fn span(self) -> Span {
        self.start..self.end
    }
}

/// The lines of a text, in order. A final line break does not start an extra
/// empty line.
pub(super) struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
}

pub(super) fn lines(text: &str) -> Lines<'_> {
    lines_from(text, 0)
}

/// The lines of `text` from `pos`, which must be the start of a line.
pub(super) fn lines_from(text: &str, pos: usize) -> Lines<'_> {
    Lines {
        bytes: text.as_bytes(),
        pos,
    }
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let start = self.pos;
        if start >= self.bytes.len() {
            return None;
        }
        let end = find_either(self.bytes, start, b'\n', b'\r');
        self.pos = match self.bytes.get(end) {
            Some(b'\r') if self.bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        Some(Line { start, end })
    }
}

/// Where the first byte equal to `a` or `b` is at or after `from` in `bytes`
/// (its length if nowhere). Reads eight bytes at a time: lines are short, so
/// a search must cost little to start as well as per byte.
pub(super) fn find_either(bytes: &[u8], from: usize, a: u8, b: u8) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `x` is zero where the high bit of this is set; bits above the
    // first zero may be wrong, the lowest set bit never is.
    let zero_bytes = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let (wide_a, wide_b) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let hits = zero_bytes(word ^ wide_a) | zero_bytes(word ^ wide_b);
        if hits != 0 {
            return i + (hits.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] != a && bytes[i] != b {
        i += 1;
    }
    i.min(bytes.len())
}

/// Whitespace in a transcript: Unicode spaces (tab, NBSP, …) and the BOM.
pub(super) fn is_space(ch: char) -> bool {
    ch.is_whitespace() || ch == '\u{feff}'
}

/// `s` without leading whitespace.
pub(super) fn trim_start(s: &str) -> &str {
    s.trim_start_matches(is_space)
}

/// `s` without trailing whitespace.
pub(super) fn trim_end(s: &str) -> &str {
    s.trim_end_matches(is_space)
}

/// `span` of `text` with whitespace cut from both ends (empty at its end when
/// all of it is whitespace).
pub(super) fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.clone()];
    let start = span.start + (s.len() - trim_start(s).len());
    let end = span.start + trim_end(s).len();
    if start >= end {
        span.end..span.end
    } else {
        start..end
    }
}

/// Whether `s` holds nothing but whitespace.
pub(super) fn is_blank(s: &str) -> bool {
    // Most lines start with a letter: decide on the first byte when we can.
    match s.as_bytes().first() {
        None => true,
        Some(b) if b.is_ascii_alphanumeric() => false,
        Some(_) => trim_start(s).is_empty(),
    }
}

/// Whether `s` holds a letter or a digit (lines of `* * *` or `—` do not).
pub(super) fn has_alphanumeric(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_alphanumeric()) || s.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        lines(text).map(|l| &text[l.span()]).collect()
    }

    #[test]
    fn lines_end_at_lf_crlf_and_cr() {
        assert_eq!(split("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(split("a\n\nb\n"), ["a", "", "b"]);
        assert_eq!(split("\r\n\r"), ["", ""]);
        assert!(split("").is_empty());
        assert_eq!(split("a\r\rb\n\rc"), ["a", "", "b", "", "c"]);
        assert_eq!(split("only"), ["only"]);
    }

    #[test]
    fn either_byte_is_found_at_any_offset() {
        let text = b"abcdefghijklmnopqrstuvwxyz";
        for (i, &c) in text.iter().enumerate() {
            assert_eq!(find_either(text, 0, c, b'#'), i);
            assert_eq!(find_either(text, 0, b'#', c), i);
            assert_eq!(find_either(text, i, c, b'a'), i);
        }
        assert_eq!(find_either(text, 3, b'a', b'#'), text.len());
        assert_eq!(find_either(b"", 0, b'a', b'b'), 0);
        assert_eq!(find_either("é\u{2028}\n".as_bytes(), 0, b'\n', b'\r'), 5);
    }

    #[test]
    fn non_breaking_spaces_and_bom_are_whitespace() {
        assert!(is_blank("\u{a0}  \t"));
        assert!(is_blank("\u{feff}"));
        assert!(!is_blank("\u{a0}x"));
        assert_eq!(trim_span("\u{a0} word\u{a0} ", 0..10), 3..7);
        assert_eq!(trim_span("   ", 0..3), 3..3);
    }

    #[test]
    fn separators_have_no_alphanumerics() {
        assert!(!has_alphanumeric("* * * — …"));
        assert!(has_alphanumeric("—é"));
        assert!(has_alphanumeric("42"));
    }
}
