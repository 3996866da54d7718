//! Short lists of words, looked up without case in a few comparisons.
//!
//! The role and furniture rules ask of nearly every turn and bracket
//! whether a word is one of a few dozen (`what`, `laughter`); a scan of the
//! whole list per word was a large share of reading a transcript.

/// A short list of lower-case ASCII words, looked up without case.
///
/// Every turn's first word, its last sentence's first word and every
/// bracket's first word are looked up, and most are in no list: the list is
/// sorted, so the words that start with each letter lie together, and a
/// word is only compared with those of its first letter and its length.
pub(super) struct WordSet {
    pub words: &'static [&'static str],
    /// Where the words starting with each letter begin in `words`; those
    /// starting with letter `i` are `words[from[i]..from[i + 1]]`.
    from: [u8; 27],
    /// Bit `n` set when a word is `n` bytes long.
    lengths: u64,
}

impl WordSet {
    pub const fn new(words: &'static [&'static str]) -> WordSet {
        assert!(words.len() < 256);
        let mut from = [0u8; 27];
        let mut lengths = 0u64;
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            assert!(!w.is_empty() && w.len() < 64 && w[0].is_ascii_lowercase());
            // Each letter's words together: the ranges below rely on it.
            assert!(i == 0 || words[i - 1].as_bytes()[0] <= w[0]);
            // Sorted by first letter, so the letters after this one start
            // after it.
            let mut letter = (w[0] - b'a') as usize + 1;
            while letter < 27 {
                from[letter] = i as u8 + 1;
                letter += 1;
            }
            lengths |= 1 << w.len();
            i += 1;
        }
        WordSet {
            words,
            from,
            lengths,
        }
    }

    /// Whether `word`, in any case, is one of the words.
    pub fn contains(&self, word: &str) -> bool {
        let w = word.as_bytes();
        let Some(&first) = w.first() else {
            return false;
        };
        let first = first.to_ascii_lowercase();
        if !first.is_ascii_lowercase() || w.len() >= 64 || self.lengths >> w.len() & 1 == 0 {
            return false;
        }
        let letter = (first - b'a') as usize;
        let same_letter = &self.words[self.from[letter] as usize..self.from[letter + 1] as usize];
        same_letter
            .iter()
            .any(|e| e.len() == w.len() && e.as_bytes().eq_ignore_ascii_case(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SET: WordSet = WordSet::new(&["ant", "bee", "beetle", "cross-talk", "moth"]);

    #[test]
    fn words_are_found_in_any_case_and_near_misses_are_not() {
        for w in SET.words {
            assert!(SET.contains(w) && SET.contains(&w.to_uppercase()), "{w}");
        }
        for no in [
            "", "an", "ants", "bees", "Beetles", "cross", "mot", "zebra", "@nt", "[bee",
        ] {
            assert!(!SET.contains(no), "{no}");
        }
    }
}
