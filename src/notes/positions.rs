//! Code-point positions, as the W3C `TextPositionSelector` counts them.
//!
//! The sidecar records where a quote was in Unicode code points; the core
//! works in byte offsets. `CodePoints` converts in both directions. Built once
//! per text, it keeps the byte offset of every 256th character so a lookup
//! walks at most 255 characters; for pure ASCII text (the common case) both
//! counts are the same and it keeps nothing.

/// Code point ⇄ byte conversions for one text.
#[derive(Debug, Clone)]
pub struct CodePoints {
    /// Byte offset of characters 0, 256, 512, …; empty when the text is ASCII.
    checkpoints: Vec<usize>,
    len_bytes: usize,
    len_chars: usize,
    ascii: bool,
}

const STRIDE: usize = 256;

impl CodePoints {
    pub fn new(text: &str) -> CodePoints {
        if text.is_ascii() {
            return CodePoints {
                checkpoints: Vec::new(),
                len_bytes: text.len(),
                len_chars: text.len(),
                ascii: true,
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / STRIDE + 1);
        let mut count = 0;
        for (offset, _) in text.char_indices() {
            if count % STRIDE == 0 {
                checkpoints.push(offset);
            }
            count += 1;
        }
        CodePoints {
            checkpoints,
            len_bytes: text.len(),
            len_chars: count,
            ascii: false,
        }
    }

    /// The number of code points in the text.
    pub fn len(&self) -> usize {
        self.len_chars
    }

    pub fn is_empty(&self) -> bool {
        self.len_chars == 0
    }

    /// The byte offset of code point `index`; `None` past the end.
    pub fn to_byte(&self, text: &str, index: usize) -> Option<usize> {
        if index > self.len_chars {
            return None;
        }
        if index == self.len_chars {
            return Some(self.len_bytes);
        }
        if self.ascii {
            return Some(index);
        }
        let from = self.checkpoints[index / STRIDE];
        text[from..]
            .char_indices()
            .nth(index % STRIDE)
            .map(|(o, _)| from + o)
    }

    /// The code point index of byte `offset` (rounded down to a character
    /// boundary, clamped to the text).
    pub fn to_char(&self, text: &str, offset: usize) -> usize {
        let mut offset = offset.min(self.len_bytes);
        if self.ascii {
            return offset;
        }
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let block = self.checkpoints.partition_point(|&c| c <= offset) - 1;
        block * STRIDE + text[self.checkpoints[block]..offset].chars().count()
    }
}

/// The code point index of byte `offset`, without an index (one scan).
pub fn char_index(text: &str, offset: usize) -> usize {
    text[..offset].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_on_mixed_text() {
        let text = "a😀b\r\nc’é".repeat(200);
        let cp = CodePoints::new(&text);
        assert_eq!(cp.len(), text.chars().count());
        for (i, (offset, _)) in text.char_indices().enumerate() {
            assert_eq!(cp.to_byte(&text, i), Some(offset));
            assert_eq!(cp.to_char(&text, offset), i);
        }
        assert_eq!(cp.to_byte(&text, cp.len()), Some(text.len()));
        assert_eq!(cp.to_byte(&text, cp.len() + 1), None);
    }

    #[test]
    fn ascii_is_the_identity() {
        let cp = CodePoints::new("plain\r\ntext");
        assert_eq!(cp.to_byte("plain\r\ntext", 7), Some(7));
        assert_eq!(cp.to_char("plain\r\ntext", 99), 11);
    }

    #[test]
    fn offsets_inside_a_character_round_down() {
        let text = "x😀y";
        let cp = CodePoints::new(text);
        assert_eq!(cp.to_char(text, 3), 1);
        assert_eq!(cp.to_char(text, 5), 2);
        assert_eq!(char_index(text, 5), 2);
    }
}
