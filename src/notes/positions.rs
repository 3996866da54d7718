//! Code-point positions, as the W3C `TextPositionSelector` counts them.
//!
//! The sidecar records where a quote was in Unicode code points; the core
//! works in byte offsets. `CodePoints` converts in both directions. Built once
//! per text, it keeps how many characters start before each block of 1024
//! bytes, so a lookup counts within one block. Counting is by byte (a byte
//! that is not a UTF-8 continuation byte starts a character), which the
//! compiler vectorises, so building the index for megabytes is cheap. For
//! pure ASCII text (the common case) both counts are the same and it keeps
//! nothing.

/// Code point ⇄ byte conversions for one text.
#[derive(Debug, Clone)]
pub struct CodePoints {
    /// Characters starting before byte `i * BLOCK`; empty when the text is ASCII.
    before_block: Vec<usize>,
    len_bytes: usize,
    len_chars: usize,
    ascii: bool,
}

const BLOCK: usize = 1024;

/// How many characters start in `bytes`.
fn count_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl CodePoints {
    pub fn new(text: &str) -> CodePoints {
        if text.is_ascii() {
            return CodePoints {
                before_block: Vec::new(),
                len_bytes: text.len(),
                len_chars: text.len(),
                ascii: true,
            };
        }
        let mut before_block = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut count = 0;
        for block in text.as_bytes().chunks(BLOCK) {
            before_block.push(count);
            count += count_starts(block);
        }
        CodePoints {
            before_block,
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
        // The last block starting with at most `index` characters before it.
        let block = self.before_block.partition_point(|&c| c <= index) - 1;
        let mut remaining = index - self.before_block[block];
        for (offset, &b) in text.as_bytes()[block * BLOCK..].iter().enumerate() {
            if (b as i8) >= -0x40 {
                if remaining == 0 {
                    return Some(block * BLOCK + offset);
                }
                remaining -= 1;
            }
        }
        None
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
        let block = offset / BLOCK;
        self.before_block[block] + count_starts(&text.as_bytes()[block * BLOCK..offset])
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
        let text = "a😀b\r\nc’é".repeat(400);
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
