//! An open document: its text in a rope, its version, and how edits apply.
//!
//! Editors send small edits as line/column ranges; a rope applies each in
//! time proportional to the edit, not the document. This is the only module
//! that names `ropey`. Columns inside a line are turned into byte offsets by
//! `crate::text::LineIndex` over that one line, so the server and the command
//! line count columns the same way. The rope is built without ropey's Unicode
//! line breaks (`cr_lines` only), so its lines end where the editor's do: at
//! `\n`, `\r\n` and `\r`.

use std::fmt;

use ropey::Rope;

use crate::text::{Encoding, LineCol, LineIndex, Span};

/// The text of an open document and the version the editor gave it.
#[derive(Debug, Clone)]
pub struct Document {
    rope: Rope,
    version: i32,
}

/// One change of a `didChange` notification: the whole text when `range`
/// is `None`, else the replacement of `range` (in the negotiated encoding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

/// A change that cannot be applied: it names a place the text does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// A position on a line past the end of the text.
    LineOutOfRange { line: u32, lines: usize },
    /// A range whose end comes before its start.
    Reversed { start: LineCol, end: LineCol },
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::LineOutOfRange { line, lines } => {
                write!(f, "line {line} is past the end ({lines} lines)")
            }
            EditError::Reversed { start, end } => write!(
                f,
                "range ends ({}:{}) before it starts ({}:{})",
                end.line, end.col, start.line, start.col
            ),
        }
    }
}

/// What became of a `didChange` notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Its version was not newer than the document's: nothing changed.
    Stale { current: i32 },
    /// Applied; the changes that could not be applied are listed (and
    /// skipped), and the applied ones given as byte edits, in order, so that
    /// what points into the text (a note's anchor) can follow them.
    Done {
        skipped: Vec<(usize, EditError)>,
        moves: Vec<Moved>,
    },
}

/// One applied change, in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Moved {
    /// `old` (a span of the text before the change) became `inserted` bytes.
    Span { old: Span, inserted: usize },
    /// The whole text was replaced: nothing can follow it.
    Whole,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
        }
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    /// The whole text, copied out of the rope into a string of its exact
    /// size: ropey's `From<&Rope>` reserves it first, where `to_string`
    /// would grow one by doubling (up to twice the text, and a copy at each
    /// step).
    pub fn text(&self) -> String {
        String::from(&self.rope)
    }

    /// Applies the changes of one notification, in order, and takes its
    /// version. A version that is not newer than the current one means the
    /// notification is stale (or repeated) and it is ignored as a whole.
    pub fn apply(&mut self, version: i32, changes: &[Change], enc: Encoding) -> Applied {
        if version <= self.version {
            return Applied::Stale {
                current: self.version,
            };
        }
        let mut skipped = Vec::new();
        let mut moves = Vec::new();
        for (i, change) in changes.iter().enumerate() {
            match self.apply_one(change, enc) {
                Ok(moved) => moves.push(moved),
                Err(e) => skipped.push((i, e)),
            }
        }
        self.version = version;
        Applied::Done { skipped, moves }
    }

    fn apply_one(&mut self, change: &Change, enc: Encoding) -> Result<Moved, EditError> {
        let Some((start, end)) = change.range else {
            self.rope = Rope::from_str(&change.text);
            return Ok(Moved::Whole);
        };
        if end < start {
            return Err(EditError::Reversed { start, end });
        }
        let from = self.offset(start, enc)?;
        let to = self.offset(end, enc)?.max(from);
        let from_char = self.rope.byte_to_char(from);
        let to_char = self.rope.byte_to_char(to);
        self.rope.remove(from_char..to_char);
        self.rope.insert(from_char, &change.text);
        Ok(Moved::Span {
            old: from..to,
            inserted: change.text.len(),
        })
    }

    /// The byte offset of a line/column position. A column past the end of
    /// its line means the line's end, as LSP asks.
    pub fn offset(&self, pos: LineCol, enc: Encoding) -> Result<usize, EditError> {
        let line = pos.line as usize;
        let lines = self.rope.len_lines();
        if line >= lines {
            return Err(EditError::LineOutOfRange {
                line: pos.line,
                lines,
            });
        }
        let line_start = self.rope.line_to_byte(line);
        // The line with its line break: `LineIndex` sees where the line ends
        // and clamps a long column to it.
        let line_text = String::from(self.rope.line(line));
        let column = LineIndex::new(&line_text)
            .offset(
                &line_text,
                LineCol {
                    line: 0,
                    col: pos.col,
                },
                enc,
            )
            .unwrap_or(0);
        Ok(line_start + column)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::analysis::{Analysis, Settings};

    fn at(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    fn edit(start: (u32, u32), end: (u32, u32), text: &str) -> Change {
        Change {
            range: Some((at(start.0, start.1), at(end.0, end.1))),
            text: text.to_string(),
        }
    }

    #[test]
    fn edits_count_columns_in_the_negotiated_encoding() {
        // ’ is 1 UTF-16 unit and 3 UTF-8 bytes; 😀 is 2 units and 4 bytes.
        let mut doc = Document::new("It’s 😀 x\nnext", 1);
        doc.apply(2, &[edit((0, 8), (0, 9), "y")], Encoding::Utf16);
        assert_eq!(doc.text(), "It’s 😀 y\nnext");
        doc.apply(3, &[edit((0, 12), (0, 13), "z")], Encoding::Utf8);
        assert_eq!(doc.text(), "It’s 😀 z\nnext");
    }

    #[test]
    fn changes_of_one_notification_apply_in_order() {
        let mut doc = Document::new("abc", 1);
        let applied = doc.apply(
            2,
            &[edit((0, 0), (0, 0), "1"), edit((0, 1), (0, 2), "")],
            Encoding::Utf16,
        );
        assert_eq!(
            applied,
            Applied::Done {
                skipped: vec![],
                moves: vec![
                    Moved::Span {
                        old: 0..0,
                        inserted: 1
                    },
                    Moved::Span {
                        old: 1..2,
                        inserted: 0
                    },
                ]
            }
        );
        // The second range is read against the text after the first change.
        assert_eq!(doc.text(), "1bc");
    }

    #[test]
    fn stale_versions_are_ignored() {
        let mut doc = Document::new("abc", 5);
        let applied = doc.apply(5, &[edit((0, 0), (0, 3), "x")], Encoding::Utf16);
        assert_eq!(applied, Applied::Stale { current: 5 });
        assert_eq!(doc.text(), "abc");
    }

    #[test]
    fn bad_ranges_are_skipped_not_applied() {
        let mut doc = Document::new("ab\ncd", 1);
        let applied = doc.apply(
            2,
            &[
                edit((7, 0), (7, 1), "x"),
                edit((1, 1), (0, 0), "y"),
                edit((1, 2), (1, 2), "!"),
            ],
            Encoding::Utf16,
        );
        let Applied::Done { skipped, .. } = applied else {
            panic!("not applied")
        };
        assert_eq!(skipped.len(), 2);
        assert_eq!(doc.text(), "ab\ncd!");
        assert_eq!(doc.version(), 2);
    }

    #[test]
    fn lines_break_at_cr_and_crlf_only() {
        let mut doc = Document::new("a\rb\r\nc\u{2028}d\u{85}e", 1);
        doc.apply(2, &[edit((2, 2), (2, 3), "D")], Encoding::Utf16);
        assert_eq!(doc.text(), "a\rb\r\nc\u{2028}D\u{85}e");
        // A column past the end of a CRLF line stops before the break.
        doc.apply(3, &[edit((1, 9), (1, 9), "!")], Encoding::Utf16);
        assert_eq!(doc.text(), "a\rb!\r\nc\u{2028}D\u{85}e");
    }

    #[test]
    fn a_change_without_range_replaces_the_text() {
        let mut doc = Document::new("old", 1);
        doc.apply(
            2,
            &[Change {
                range: None,
                text: "new".into(),
            }],
            Encoding::Utf8,
        );
        assert_eq!(doc.text(), "new");
    }

    // A model of the protocol written independently of `LineIndex`: walk the
    // text character by character, counting lines and columns.
    fn model_offset(text: &str, pos: LineCol, enc: Encoding) -> Option<usize> {
        let mut line = 0;
        let mut i = 0;
        let bytes = text.as_bytes();
        while line < pos.line {
            match bytes.get(i)? {
                b'\n' => line += 1,
                b'\r' if bytes.get(i + 1) == Some(&b'\n') => {
                    i += 1;
                    line += 1;
                }
                b'\r' => line += 1,
                _ => {}
            }
            i += 1;
        }
        let mut col = 0;
        for ch in text[i..].chars() {
            let w = enc.len_of(ch);
            if ch == '\n' || ch == '\r' || col + w > pos.col as usize {
                break;
            }
            col += w;
            i += ch.len_utf8();
        }
        Some(i)
    }

    fn model_apply(text: &mut String, change: &Change, enc: Encoding) {
        let (start, end) = change.range.expect("ranged edits only");
        let (Some(from), Some(to)) = (model_offset(text, start, enc), model_offset(text, end, enc))
        else {
            return;
        };
        if end < start {
            return;
        }
        text.replace_range(from..to.max(from), &change.text);
    }

    fn arb_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Q: "),
            Just("A: "),
            Just("SMITH: "),
            Just("MS. JONES:"),
            Just("\n"),
            Just("\r\n"),
            Just("\r"),
            Just("\n\n"),
            Just("word "),
            Just("2.25 billion suits"),
            Just("’"),
            Just("“”"),
            Just("个"),
            Just("😀"),
            Just("?"),
            Just(". "),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    fn arb_change() -> impl Strategy<Value = Change> {
        (0u32..8, 0u32..12, 0u32..3, 0u32..12, arb_text()).prop_map(|(l, c, dl, c2, text)| {
            let start = at(l, c);
            let end = if dl == 0 {
                at(l, c.max(c2))
            } else {
                at(l + dl, c2)
            };
            Change {
                range: Some((start, end)),
                text,
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn incremental_edits_match_a_fresh_parse_of_the_final_text(
            initial in arb_text(),
            batches in prop::collection::vec(prop::collection::vec(arb_change(), 1..4), 1..12),
            utf8 in any::<bool>(),
        ) {
            let enc = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let mut doc = Document::new(&initial, 0);
            let mut model = initial.clone();
            for (i, changes) in batches.iter().enumerate() {
                let before = doc.text();
                let applied = doc.apply(i as i32 + 1, changes, enc);
                for change in changes {
                    model_apply(&mut model, change, enc);
                }
                prop_assert_eq!(doc.text(), model.clone());
                // The byte moves replay the changes on the old text.
                let Applied::Done { skipped, moves } = applied else {
                    panic!("a newer version applies")
                };
                let applied_changes = changes
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !skipped.iter().any(|(s, _)| s == i))
                    .map(|(_, c)| c);
                let mut replayed = before;
                for (m, change) in moves.into_iter().zip(applied_changes) {
                    let Moved::Span { old, inserted } = m else { panic!("ranged edits only") };
                    prop_assert_eq!(inserted, change.text.len());
                    replayed.replace_range(old, &change.text);
                }
                prop_assert_eq!(replayed, model.clone());
            }
            let settings = Settings::default();
            let text = doc.text();
            let incremental = Analysis::new(&text, &settings).outline(&text);
            let fresh = Analysis::new(&model, &settings).outline(&model);
            prop_assert_eq!(incremental, fresh);
        }
    }
}
