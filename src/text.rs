//! Positions in text: byte offsets inside, line/column at the edges.
//!
//! Everything in the core speaks byte offsets into a `&str`. Editors and the
//! CLI speak lines and columns, counted in UTF-8 bytes, UTF-16 code units or
//! Unicode scalar values depending on who asks. `LineIndex` converts between
//! the two, and it is the only place that does, so the server and the command
//! line agree on every position. Lines end only at `\n`, `\r\n` and `\r`,
//! as the LSP specification says; other Unicode line breaks are plain text.

use std::ops::Range;

/// A byte range into a document's text.
pub type Span = Range<usize>;

/// The character boundary at or before byte `i` (clamped to the text).
pub fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The character boundary at or after byte `i` (clamped to the text).
pub fn ceil_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The first line of `text` with words on it, trimmed: where a finding
/// about the whole file stands (empty at the end of a text of blanks).
pub fn first_line(text: &str) -> Span {
    let start = text.len() - text.trim_start().len();
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |k| start + k);
    start..start + text[start..end].trim_end().len()
}

/// The unit in which a column is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8 bytes (LSP `utf-8`).
    Utf8,
    /// UTF-16 code units (LSP `utf-16`, the protocol's default).
    Utf16,
    /// Unicode scalar values (LSP `utf-32`; the CLI's JSON columns).
    Utf32,
}

impl Encoding {
    /// How many units of this encoding `ch` takes.
    pub fn len_of(self, ch: char) -> usize {
        match self {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }

    /// How many units of this encoding `s` takes.
    pub fn len_of_str(self, s: &str) -> usize {
        match self {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => s.encode_utf16().count(),
            Encoding::Utf32 => s.chars().count(),
        }
    }
}

/// A zero-based line and a zero-based column in some `Encoding`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Where each line of a text starts, for fast offset ⇄ line/column lookups.
///
/// A column is counted from its line's start, which on a line of speech a
/// few hundred characters long costs nothing; but a caption dump or a
/// pasted document can be one line of 10 MB, and a column counted from its
/// start for each of its thousands of findings is quadratic. So a long line
/// keeps a `Checkpoint` every `CHECKPOINT` bytes, and a column is counted
/// from the nearest one before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the first character of each line; always starts with 0.
    line_starts: Vec<usize>,
    /// Total length of the text in bytes.
    len: usize,
    /// Along lines longer than `CHECKPOINT`, in order.
    checkpoints: Vec<Checkpoint>,
}

/// How far apart (in bytes) the checkpoints of a long line are.
const CHECKPOINT: usize = 4096;

/// A place on a long line and its column in each encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Checkpoint {
    /// A character boundary.
    byte: usize,
    utf16: u32,
    utf32: u32,
}

impl Checkpoint {
    fn col(&self, line_start: usize, enc: Encoding) -> usize {
        match enc {
            Encoding::Utf8 => self.byte - line_start,
            Encoding::Utf16 => self.utf16 as usize,
            Encoding::Utf32 => self.utf32 as usize,
        }
    }
}

/// The checkpoints along `line` (a byte range of `text`): one at the first
/// character boundary after each multiple of `CHECKPOINT` from its start.
fn checkpoints_of(text: &str, line: Span, out: &mut Vec<Checkpoint>) {
    let bytes = &text.as_bytes()[line.clone()];
    let (mut utf16, mut utf32) = (0u32, 0u32);
    let mut next = CHECKPOINT;
    for (i, &b) in bytes.iter().enumerate() {
        let starts_char = (b & 0xC0) != 0x80;
        if i >= next && starts_char {
            out.push(Checkpoint {
                byte: line.start + i,
                utf16,
                utf32,
            });
            next = i + CHECKPOINT;
        }
        if starts_char {
            utf32 += 1;
            utf16 += if b >= 0xF0 { 2 } else { 1 };
        }
    }
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        let mut index = LineIndex {
            line_starts,
            len: text.len(),
            checkpoints: Vec::new(),
        };
        for line in 0..index.line_starts.len() {
            let start = index.line_starts[line];
            let end = index
                .line_starts
                .get(line + 1)
                .copied()
                .unwrap_or(text.len());
            if end - start > CHECKPOINT {
                checkpoints_of(text, start..end, &mut index.checkpoints);
            }
        }
        index
    }

    /// The last checkpoint on the line starting at `line_start` at or
    /// before byte `offset`.
    fn checkpoint_before(&self, line_start: usize, offset: usize) -> Option<&Checkpoint> {
        let k = self.checkpoints.partition_point(|c| c.byte <= offset);
        self.checkpoints[..k].last().filter(|c| c.byte > line_start)
    }

    /// The number of lines (a text ending in a line break has an empty last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The zero-based line holding byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// The byte range of line `line`, without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> Option<Span> {
        let start = *self.line_starts.get(line)?;
        let next = self.line_starts.get(line + 1).copied().unwrap_or(self.len);
        let mut end = next;
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(start..end)
    }

    /// Byte offset → line/column. An offset inside a character or past the
    /// end is clamped to the nearest boundary before it.
    pub fn line_col(&self, text: &str, offset: usize, enc: Encoding) -> LineCol {
        let mut offset = offset.min(self.len);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let col = match self.checkpoint_before(start, offset) {
            Some(c) => c.col(start, enc) + enc.len_of_str(&text[c.byte..offset]),
            None => enc.len_of_str(&text[start..offset]),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// Line/column → byte offset. A column past the end of its line is
    /// clamped to the line's end (as LSP asks); a column inside a character
    /// (half a surrogate pair) rounds down. `None` only for a line past the
    /// end of the text.
    pub fn offset(&self, text: &str, pos: LineCol, enc: Encoding) -> Option<usize> {
        let line = pos.line as usize;
        if line >= self.line_starts.len() {
            return None;
        }
        let span = self.line_span(text, line)?;
        let mut remaining = pos.col as usize;
        let mut offset = span.start;
        // From the last checkpoint of the line before the column, if any.
        let first = self.checkpoints.partition_point(|c| c.byte <= span.start);
        let on_line = &self.checkpoints[first..];
        let on_line = &on_line[..on_line.partition_point(|c| c.byte < span.end)];
        let k = on_line.partition_point(|c| c.col(span.start, enc) <= remaining);
        if let Some(c) = k.checked_sub(1).map(|k| &on_line[k]) {
            remaining -= c.col(span.start, enc);
            offset = c.byte;
        }
        for ch in text[offset..span.end].chars() {
            let w = enc.len_of(ch);
            if remaining < w {
                break;
            }
            remaining -= w;
            offset += ch.len_utf8();
        }
        Some(offset)
    }

    /// Like [`LineIndex::offset`], but a line past the end means the end of the text.
    pub fn offset_clamped(&self, text: &str, pos: LineCol, enc: Encoding) -> usize {
        self.offset(text, pos, enc).unwrap_or(self.len)
    }
}

/// The line breaks in `s` as the protocol counts them (`\r\n` is one).
fn breaks(s: &str) -> usize {
    let b = s.as_bytes();
    (0..b.len())
        .filter(|&i| b[i] == b'\n' || (b[i] == b'\r' && b.get(i + 1) != Some(&b'\n')))
        .count()
}

/// The text after the last line break of `s`, and whether it had one.
fn after_last_break(s: &str) -> (&str, bool) {
    match s.rfind(['\n', '\r']) {
        Some(k) => (&s[k + 1..], true),
        None => (s, false),
    }
}

impl LineIndex {
    /// Where byte `post` of the text *after* `edits` (each a span of this
    /// text and its replacement; sorted, not overlapping) will be, without
    /// building that text: a quick fix's cursor, told before the client
    /// applies the fix. `None` when an edit reaches across the start of the
    /// line the cursor lands on, where the column cannot be told this way.
    pub fn line_col_after(
        &self,
        text: &str,
        edits: &[(Span, &str)],
        post: usize,
        enc: Encoding,
    ) -> Option<LineCol> {
        // Find what `post` falls in: an edit's new text, or unchanged text.
        let mut delta = 0isize;
        let mut anchor = None;
        for (k, (span, new)) in edits.iter().enumerate() {
            let new_start = span.start.checked_add_signed(delta)?;
            if post < new_start {
                break;
            }
            if post <= new_start + new.len() {
                anchor = Some((k, span.start, post - new_start));
                break;
            }
            delta += new.len() as isize - span.len() as isize;
        }
        // `before`: the edits wholly before the anchor; `prefix`: the new
        // text between the anchor and `post`.
        let (before, at, prefix) = match anchor {
            Some((k, at, into)) => (k, at, edits[k].1.get(..into)?),
            None => {
                let at = post.checked_add_signed(-delta)?.min(text.len());
                let k = edits.partition_point(|(s, _)| s.end <= at);
                (k, at, "")
            }
        };
        let line = self.line_of(at);
        let line_start = self.line_starts[line];
        // The new text of the anchor's line up to `post`.
        let mut head = String::new();
        let mut from = line_start;
        let mut lines_before = line as isize;
        for (span, new) in &edits[..before] {
            // Wholly before the line: it ends before the break that opens
            // the line, or replaces up to it with a text ending in a break.
            let ends_in_break = new.ends_with(['\n', '\r']);
            if span.end < line_start || (span.end == line_start && ends_in_break) {
                lines_before += breaks(new) as isize - breaks(&text[span.clone()]) as isize;
                continue;
            }
            if span.start < line_start {
                return None;
            }
            head.push_str(text.get(from..span.start)?);
            head.push_str(new);
            from = span.end;
        }
        head.push_str(text.get(from..at)?);
        head.push_str(prefix);
        let (tail, _) = after_last_break(&head);
        Some(LineCol {
            line: u32::try_from(lines_before + breaks(&head) as isize).ok()?,
            col: enc.len_of_str(tail) as u32,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(text: &str, enc: Encoding) {
        let index = LineIndex::new(text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                continue; // between the halves of a CRLF: no position names it
            }
            let lc = index.line_col(text, offset, enc);
            assert_eq!(
                index.offset(text, lc, enc),
                Some(offset),
                "{text:?} @ {offset} in {enc:?}"
            );
        }
    }

    #[test]
    fn lines_end_only_at_lf_crlf_and_cr() {
        let text = "a\nb\r\nc\rd\u{2028}e\u{0C}f\u{85}g";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        assert_eq!(index.line_span(text, 1), Some(2..3));
        assert_eq!(
            &text[index.line_span(text, 3).unwrap()],
            "d\u{2028}e\u{0C}f\u{85}g"
        );
    }

    #[test]
    fn columns_in_each_encoding() {
        let text = "It’s “12” 😀 个 x";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.line_col(text, x, Encoding::Utf8).col, x as u32);
        // ’ “ ” 个 are one UTF-16 unit each; 😀 is two.
        assert_eq!(index.line_col(text, x, Encoding::Utf16).col, 15);
        assert_eq!(index.line_col(text, x, Encoding::Utf32).col, 14);
    }

    #[test]
    fn round_trips_in_every_encoding() {
        for text in ["", "plain\n", "é’“”\r\n个😀\rq", "\n\n😀😀\r\n"] {
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                round_trip(text, enc);
            }
        }
    }

    #[test]
    fn long_lines_count_columns_from_checkpoints_exactly() {
        // Lines of 10 to 30 KB, mixing one- to four-byte characters so that
        // checkpoints fall on every kind of boundary, with CRLF between.
        let unit = "ab é “x” 😀 12,500 ";
        let text = format!(
            "{}\r\nshort\n{}\n\n{}",
            unit.repeat(500),
            unit.repeat(1500),
            "😀".repeat(5000)
        );
        let index = LineIndex::new(&text);
        assert!(index.checkpoints.len() > 10, "long lines keep checkpoints");
        let naive = |offset: usize, enc: Encoding| {
            let line = index.line_of(offset);
            let start = index.line_starts[line];
            LineCol {
                line: line as u32,
                col: enc.len_of_str(&text[start..offset]) as u32,
            }
        };
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (offset, _) in text.char_indices().step_by(7).chain([(text.len(), ' ')]) {
                let lc = index.line_col(&text, offset, enc);
                assert_eq!(lc, naive(offset, enc), "{offset} in {enc:?}");
                assert_eq!(index.offset(&text, lc, enc), Some(offset), "{lc:?} {enc:?}");
            }
        }
    }

    #[test]
    fn columns_past_the_line_end_clamp_to_it() {
        let text = "ab\ncd";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            Some(2)
        );
        assert_eq!(
            index.offset(text, LineCol { line: 5, col: 0 }, Encoding::Utf16),
            None
        );
        // Half a surrogate pair rounds down to the character's start.
        let text = "😀x";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 1 }, Encoding::Utf16),
            Some(0)
        );
    }

    #[test]
    fn a_position_after_edits_is_told_without_applying_them() {
        let text = "A: We sold 40 vans.\nB: Yes.\n";
        let apply = |edits: &[(Span, &str)]| {
            let mut out = text.to_string();
            for (span, new) in edits.iter().rev() {
                out.replace_range(span.clone(), new);
            }
            out
        };
        let index = LineIndex::new(text);
        // Edits, and whether every position after them can be told.
        let cases: Vec<(Vec<(Span, &str)>, bool)> = vec![
            (
                vec![(18..18, "[^1]"), (text.len()..text.len(), "\n[^1]: \n")],
                true,
            ),
            (vec![(18..18, " [@]")], true),
            (vec![(3..10, "We shipped"), (21..28, "Y\r\nes — ok")], true),
            (vec![(0..0, "Q: And?\n"), (19..20, " ")], false),
        ];
        for (edits, always) in cases {
            let after = apply(&edits);
            let new_index = LineIndex::new(&after);
            for post in 0..=after.len() {
                // Inside a `\r\n` is no place for a cursor.
                if !after.is_char_boundary(post) {
                    continue;
                }
                let mid_break = after[..post].ends_with('\r') && after[post..].starts_with('\n');
                if mid_break {
                    continue;
                }
                for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                    let told = index.line_col_after(text, &edits, post, enc);
                    assert!(told.is_some() || !always, "{edits:?} at {post}");
                    if let Some(told) = told {
                        assert_eq!(
                            told,
                            new_index.line_col(&after, post, enc),
                            "{edits:?} at {post} of {after:?}"
                        );
                    }
                }
            }
        }
        // Across a line start the column is not told, never told wrong.
        let joined = [(17..21, "")];
        assert!(
            index
                .line_col_after(text, &joined, 18, Encoding::Utf8)
                .is_none()
        );
    }
}
