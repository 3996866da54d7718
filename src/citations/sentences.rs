//! Sentence ends, as far as citations care: a marker covers figures only
//! within its sentence.
//!
//! A sentence ends at `.`, `?`, `!` or `…` followed by whitespace and then
//! something that can open a sentence (not a lower-case letter), unless the
//! full stop closes an abbreviation or an initial (`Dr.`, `U.S.`); and at a
//! blank line. A marker glued after the full stop (`masks.[^1]`) or after a
//! space (`masks. [1]`) is still in its sentence: a bracket opens nothing.

/// A forward-only search for sentence ends, so that checking every figure
/// of a document costs one pass over its text.
pub(crate) struct Ends<'a> {
    text: &'a str,
    /// Everything before this offset has been searched.
    searched: usize,
    /// The first end found at or after the last search's start, if any.
    found: Option<usize>,
}

impl<'a> Ends<'a> {
    pub fn new(text: &'a str) -> Self {
        Ends {
            text,
            searched: 0,
            found: None,
        }
    }

    /// Whether a sentence ends in `from..to`. Calls must come with `from`
    /// never decreasing.
    pub fn any_between(&mut self, from: usize, to: usize) -> bool {
        self.first_between(from, to).is_some()
    }

    /// The byte at which the first sentence in `from..to` ends (its `.`,
    /// `?`, `!`, the first byte of `…`, or the line break before a blank
    /// line), if one does. Calls must come with `from` never decreasing.
    pub fn first_between(&mut self, from: usize, to: usize) -> Option<usize> {
        if from >= to {
            return None;
        }
        if let Some(end) = self.found
            && end >= from
        {
            return (end < to).then_some(end);
        }
        let start = from.max(self.searched);
        let bytes = self.text.as_bytes();
        let mut i = start;
        while i < to {
            // A tight skip over the bytes that cannot end a sentence.
            while i < to && !MAY_END[bytes[i] as usize] {
                i += 1;
            }
            if i >= to {
                break;
            }
            if is_end(self.text, bytes, i) {
                self.found = Some(i);
                self.searched = i + 1;
                return Some(i);
            }
            i += 1;
        }
        self.found = None;
        self.searched = self.searched.max(to);
        None
    }
}

/// The bytes at which a sentence may end: `.`, `?`, `!`, a line break, and
/// the first byte of `…`.
const MAY_END: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'?' as usize] = true;
    t[b'!' as usize] = true;
    t[b'\n' as usize] = true;
    t[0xe2] = true;
    t
};

/// Whether a sentence ends at byte `i`.
fn is_end(text: &str, bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'.' | b'?' | b'!' => {}
        b'\n' => return blank_line_follows(bytes, i + 1),
        0xe2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xa6]) => {} // …
        _ => return false,
    }
    let mut k = i + if bytes[i] == 0xe2 { 3 } else { 1 };
    // Closing quotes and brackets stay with the sentence they close.
    while k < bytes.len() && matches!(bytes[k], b'"' | b'\'' | b')') {
        k += 1;
    }
    if text[k..].starts_with('”') || text[k..].starts_with('’') {
        k += 3;
    }
    let spaced = k < bytes.len() && bytes[k].is_ascii_whitespace();
    if !spaced {
        return k >= bytes.len();
    }
    while k < bytes.len() && bytes[k].is_ascii_whitespace() {
        k += 1;
    }
    let Some(next) = text[k..].chars().next() else {
        return true;
    };
    if next.is_lowercase() || next == '[' {
        return false;
    }
    !(bytes[i] == b'.' && abbreviation_before(bytes, i))
}

/// Only spaces between this line start and the next line break.
fn blank_line_follows(bytes: &[u8], mut k: usize) -> bool {
    while k < bytes.len() {
        match bytes[k] {
            b' ' | b'\t' | b'\r' => k += 1,
            b'\n' => return true,
            _ => return false,
        }
    }
    false
}

/// `Dr.`, `Mr.`, `No.`, `p.`, a single capital (`U.S.`, `J.`).
fn abbreviation_before(bytes: &[u8], dot: usize) -> bool {
    let mut start = dot;
    while start > 0 && bytes[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    let word = &bytes[start..dot];
    if word.len() == 1 && word[0].is_ascii_uppercase() {
        return true;
    }
    const ABBREVIATIONS: &[&[u8]] = &[
        b"Mr", b"Mrs", b"Ms", b"Dr", b"Prof", b"St", b"Jr", b"Sr", b"No", b"vs", b"Gen", b"Sen",
        b"Rep", b"Gov", b"p", b"pp", b"cf", b"e.g", b"i.e", b"etc", b"Inc", b"Co", b"Corp",
    ];
    ABBREVIATIONS.contains(&word)
}
