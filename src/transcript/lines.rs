//! Lines and whitespace as transcripts write them.
//!
//! Lines end at `\n`, `\r\n` or `\r`, as in `text::LineIndex`, so a line here
//! is a line in the editor. Transcripts copied from web pages pad with
//! non-breaking spaces and tabs and start with a byte-order mark, so "blank"
//! and "trim" treat every Unicode space and the BOM as whitespace. Everything
//! is a byte scan over the text: no line is copied.

use super::masks;
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

/// Where the next line starts after a line that ends at `end`: past its
/// break (`\r\n` is one), or at `end` when the text ends there.
pub(super) fn past_break(bytes: &[u8], end: usize) -> usize {
    match bytes.get(end) {
        Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
        Some(_) => end + 1,
        None => end,
    }
}

/// The line that ends just before `start`, the start of a line: the line
/// `lines_from` gave before the one at `start` (none at the text's start).
pub(super) fn line_before(text: &str, start: usize) -> Option<Line> {
    let bytes = &text.as_bytes()[..start];
    let end = match bytes {
        [] => return None,
        [.., b'\r', b'\n'] => start - 2,
        _ => start - 1,
    };
    let line_start = memchr::memrchr2(b'\n', b'\r', &bytes[..end]).map_or(0, |i| i + 1);
    Some(Line {
        start: line_start,
        end,
    })
}

impl Iterator for Lines<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let start = self.pos;
        if start >= self.bytes.len() {
            return None;
        }
        let end = find_either(self.bytes, start, b'\n', b'\r');
        self.pos = past_break(self.bytes, end);
        Some(Line { start, end })
    }
}

/// The lines of a text from `pos` (the start of a line), each with whether it
/// holds a bracket, `(` or `[`: only such a line can hold a stage direction,
/// and finding brackets while finding line ends spares a second scan.
pub(super) struct BracketedLines<'a> {
    bytes: &'a [u8],
    pos: usize,
}

pub(super) fn bracketed_lines_from(text: &str, pos: usize) -> BracketedLines<'_> {
    BracketedLines {
        bytes: text.as_bytes(),
        pos,
    }
}

impl Iterator for BracketedLines<'_> {
    type Item = (Line, bool);

    fn next(&mut self) -> Option<(Line, bool)> {
        let start = self.pos;
        if start >= self.bytes.len() {
            return None;
        }
        // The line's end, then a bracket within it: two vector searches
        // cost less than one byte-set search over both.
        let end = find_either(self.bytes, start, b'\n', b'\r');
        let brackets = memchr::memchr2(b'(', b'[', &self.bytes[start..end]).is_some();
        self.pos = past_break(self.bytes, end);
        Some((Line { start, end }, brackets))
    }
}

/// Where the first byte equal to `a` or `b` is at or after `from` in `bytes`
/// (its length if nowhere).
pub(super) fn find_either(bytes: &[u8], from: usize, a: u8, b: u8) -> usize {
    find_any(bytes, from, [a, b])
}

/// Where the first byte in `set` is at or after `from` in `bytes` (its length
/// if nowhere). Up to three bytes are searched for with `memchr`, which
/// reads many bytes at a time, after a first block read at once: most lines
/// are short, and that block finds their end before `memchr` would have set
/// up. More than three bytes are searched for a block at a time.
pub(super) fn find_any<const N: usize>(bytes: &[u8], from: usize, set: [u8; N]) -> usize {
    let Some(rest) = bytes.get(from..) else {
        return bytes.len();
    };
    if N > 3 {
        return find_any_wide(bytes, from, set);
    }
    let (skipped, rest) = match rest.len() >= masks::BLOCK {
        true => match masks::any_of(rest, set) {
            0 => (masks::BLOCK, &rest[masks::BLOCK..]),
            hits => return from + hits.trailing_zeros() as usize,
        },
        false => (0, rest),
    };
    let from = from + skipped;
    let found = match *set.as_slice() {
        [a] => memchr::memchr(a, rest),
        [a, b] => memchr::memchr2(a, b, rest),
        [a, b, c] => memchr::memchr3(a, b, c, rest),
        _ => return find_any_wide(bytes, from, set),
    };
    found.map_or(bytes.len(), |at| from + at)
}

/// `find_any` for a set of more than three bytes, a block at a time.
fn find_any_wide<const N: usize>(bytes: &[u8], from: usize, set: [u8; N]) -> usize {
    let Some(rest) = bytes.get(from..) else {
        return bytes.len();
    };
    let mut blocks = rest.chunks_exact(masks::BLOCK);
    let mut i = from;
    for block in &mut blocks {
        match masks::any_of(block, set) {
            0 => i += masks::BLOCK,
            hits => return i + hits.trailing_zeros() as usize,
        }
    }
    let tail = blocks.remainder();
    i + tail
        .iter()
        .position(|x| set.contains(x))
        .unwrap_or(tail.len())
}

/// Where the last byte equal to `a` or `b` is in `bytes`, searching from the
/// end with `memchr`.
pub(super) fn rfind_either(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    memchr::memrchr2(a, b, bytes)
}

/// `rfind_either` eight bytes at a time, kept to check it against.
#[cfg(test)]
fn rfind_either_wide(bytes: &[u8], a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Exact for every byte (no borrow crosses bytes): the high bit of a byte
    // of the result is set where that byte of `x` is zero.
    let zero_bytes = |x: u64| !(((x & !HIGHS) + (ONES * 0x7f)) | x) & HIGHS;
    let (wide_a, wide_b) = (ONES * u64::from(a), ONES * u64::from(b));
    let mut end = bytes.len();
    while end >= 8 {
        let chunk: [u8; 8] = bytes[end - 8..end].try_into().expect("eight bytes");
        let word = u64::from_le_bytes(chunk);
        let hits = zero_bytes(word ^ wide_a) | zero_bytes(word ^ wide_b);
        if hits != 0 {
            return Some(end - 8 + (63 - hits.leading_zeros() as usize) / 8);
        }
        end -= 8;
    }
    bytes[..end].iter().rposition(|&x| x == a || x == b)
}

/// Whitespace in a transcript: Unicode spaces (tab, NBSP, …) and the BOM.
pub(super) fn is_space(ch: char) -> bool {
    ch.is_whitespace() || ch == '\u{feff}'
}

/// `s` without leading whitespace. ASCII spaces are skipped byte by byte;
/// only a non-ASCII character (an NBSP, a BOM) is decoded.
pub(super) fn trim_start(s: &str) -> &str {
    let n = s.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count();
    let rest = &s[n..];
    match rest.as_bytes().first() {
        Some(b) if *b >= 0x80 || b.is_ascii_whitespace() => rest.trim_start_matches(is_space),
        _ => rest,
    }
}

/// `s` without trailing whitespace, decoding only non-ASCII characters.
pub(super) fn trim_end(s: &str) -> &str {
    let n = s
        .bytes()
        .rev()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    let rest = &s[..s.len() - n];
    match rest.as_bytes().last() {
        Some(b) if *b >= 0x80 || b.is_ascii_whitespace() => rest.trim_end_matches(is_space),
        _ => rest,
    }
}

/// `span` of `text` with whitespace cut from both ends (empty at its end when
/// all of it is whitespace).
pub(super) fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.clone()];
    // Most pieces of speech start and end with a visible ASCII character.
    if let (Some(first), Some(last)) = (s.as_bytes().first(), s.as_bytes().last())
        && first.is_ascii_graphic()
        && last.is_ascii_graphic()
    {
        return span;
    }
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
    fn lines_know_their_brackets() {
        let text = "plain\r\na (b) c\n[x]\r\nno\n(";
        let got: Vec<(&str, bool)> = bracketed_lines_from(text, 0)
            .map(|(l, b)| (&text[l.span()], b))
            .collect();
        assert_eq!(
            got,
            [
                ("plain", false),
                ("a (b) c", true),
                ("[x]", true),
                ("no", false),
                ("(", true)
            ]
        );
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
        for (i, &c) in text.iter().enumerate() {
            assert_eq!(rfind_either(text, c, b'#'), Some(i));
            assert_eq!(rfind_either(&text[..=i], b'a', c), Some(i));
        }
        assert_eq!(rfind_either(b"a?b?cdefghijkl", b'?', b'!'), Some(3));
        assert_eq!(rfind_either(b"\x80\x00\x01", 0x00, 0x7f), Some(1));
        assert_eq!(rfind_either(b"abc", b'#', b'$'), None);
        for (i, &c) in text.iter().enumerate() {
            assert_eq!(rfind_either_wide(text, c, b'#'), Some(i));
            assert_eq!(find_any_wide(text, 0, [b'#', b'$', b'%', c]), i);
        }
        assert_eq!(rfind_either_wide(b"\x80\x00\x01", 0x00, 0x7f), Some(1));
        assert_eq!(find_any(b"ab", 5, [b'a']), 2);
    }

    proptest::proptest! {
        /// Block by block, then by `memchr`: wherever the byte stands,
        /// in the first blocks, after them or nowhere, it is found first.
        #[test]
        fn any_byte_is_found_where_a_plain_search_finds_it(
            bytes in proptest::collection::vec(proptest::sample::select(b"ab\n\rc".to_vec()), 0..200),
            from in 0usize..210,
            a in proptest::sample::select(b"ab\n\r".to_vec()),
            b in proptest::sample::select(b"ab\n\r".to_vec()),
        ) {
            let plain = |set: &[u8]| {
                (from..bytes.len())
                    .find(|&i| set.contains(&bytes[i]))
                    .unwrap_or(bytes.len())
            };
            proptest::prop_assert_eq!(find_any(&bytes, from, [a]), plain(&[a]));
            proptest::prop_assert_eq!(find_any(&bytes, from, [a, b]), plain(&[a, b]));
            proptest::prop_assert_eq!(find_any(&bytes, from, [a, b, b'c']), plain(&[a, b, b'c']));
            proptest::prop_assert_eq!(find_any(&bytes, from, [a, b, b'c', b'\r']), plain(&[a, b, b'c', b'\r']));
        }

        /// From any line's start, the line before is the one reading the
        /// lines from the top gave just before it, whatever the line breaks.
        #[test]
        fn the_line_before_is_the_one_read_before(
            bytes in proptest::collection::vec(proptest::sample::select(b"ab \n\r".to_vec()), 0..200),
        ) {
            let text = String::from_utf8(bytes).expect("ASCII");
            let mut before = None;
            for line in lines(&text) {
                proptest::prop_assert_eq!(line_before(&text, line.start), before);
                before = Some(line);
            }
        }
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
