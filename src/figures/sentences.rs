//! Sentences: where they end, and which of them can hold a figure.
//!
//! The speech is walked once, byte by byte, with a table: words are only
//! measured and looked up, nothing is stored. A sentence ends at `?`, `!`,
//! `…`, or a full stop that closes no abbreviation and is followed by
//! something that can open a sentence; and at a blank line. A sentence that
//! holds no digit and no number word cannot hold a figure and is never
//! tokenized; the others are cut into tokens (`tokens::lex_span`) and handed
//! on. Most sentences of a transcript hold no number, so this is where the
//! time goes, and the reason the walk is kept this simple.
//!
//! A sentence may run across the speech spans of one turn (a caption's
//! sentence across cues): it is made of pieces, one per span it touches. It
//! ends with the turn.

use super::tokens::{self, BREAK, LINE_START, SPACE, Sentence, Token};
use super::words;
use crate::citations::marker_len;
use crate::text::Span;

/// Longest sentence kept whole, in bytes; a longer run (text without stops)
/// is cut at the next space.
const LONGEST: usize = 64 * 1024;

/// What a byte is to the walk.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Byte {
    Letter,
    Digit,
    Space,
    Newline,
    Stop,
    Bracket,
    High,
    Other,
}

const BYTES: [Byte; 256] = {
    let mut t = [Byte::Other; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            Byte::Letter
        } else if c.is_ascii_digit() {
            Byte::Digit
        } else if c == b' ' || c == b'\t' {
            Byte::Space
        } else if c == b'\n' || c == b'\r' {
            Byte::Newline
        } else if c == b'.' || c == b'?' || c == b'!' {
            Byte::Stop
        } else if c == b'[' {
            Byte::Bracket
        } else if c >= 0x80 {
            Byte::High
        } else {
            Byte::Other
        };
        b += 1;
    }
    t
};

/// One span's share of a sentence, with the flags its first token inherits.
#[derive(Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
    flags: u8,
}

/// Gathers the pieces of the current sentence and hands it on.
struct Gatherer<'a, F: FnMut(Sentence<'_>)> {
    text: &'a str,
    pieces: Vec<Piece>,
    /// The bytes the pieces cover.
    bytes: usize,
    /// The sentence holds a digit or a number word.
    numeric: bool,
    tokens: Vec<Token>,
    f: F,
}

impl<F: FnMut(Sentence<'_>)> Gatherer<'_, F> {
    fn piece(&mut self, start: usize, end: usize, flags: u8) {
        if start < end {
            self.pieces.push(Piece { start, end, flags });
            self.bytes += end - start;
        }
    }

    fn flush(&mut self) {
        if self.numeric && !self.pieces.is_empty() {
            self.tokens.clear();
            let mut classes = 0;
            for p in &self.pieces {
                tokens::lex_span(self.text, p.start, p.end, p.flags, &mut |t: Token| {
                    classes |= t.class;
                    self.tokens.push(t);
                });
            }
            (self.f)(Sentence {
                text: self.text,
                toks: &self.tokens,
                classes,
            });
        }
        self.pieces.clear();
        self.bytes = 0;
        self.numeric = false;
    }
}

/// Calls `f` with every sentence of the speech that can hold a figure.
/// `turns` gives each turn's speech spans, in order: a sentence never runs
/// from one turn into the next, so the turns can be read in any grouping
/// (and on several threads) with the same result.
pub(crate) fn for_each<'a>(
    text: &str,
    turns: impl IntoIterator<Item = &'a [Span]>,
    f: impl FnMut(Sentence<'_>),
) {
    let mut g = Gatherer {
        text,
        pieces: Vec::new(),
        bytes: 0,
        numeric: false,
        tokens: Vec::with_capacity(256),
        f,
    };
    let bytes = text.as_bytes();
    let mut done = 0;
    for speech in turns {
        let mut first_span = true;
        for span in speech {
            let mut start = span.start.max(done).min(text.len());
            let mut end = span.end.min(text.len());
            while start < end && !text.is_char_boundary(start) {
                start += 1;
            }
            while end > start && !text.is_char_boundary(end) {
                end -= 1;
            }
            if start >= end {
                continue;
            }
            // A gap between spans separates tokens like a line break.
            let mut flags = if first_span { 0 } else { SPACE | BREAK };
            first_span = false;
            let mut from = start;
            let mut walk = Walk::new(text, start, end);
            while let Some(cut) = walk.next_cut() {
                g.numeric |= std::mem::take(&mut walk.numeric);
                g.piece(from, cut, flags | line_start_flag(bytes, from));
                g.flush();
                from = cut;
                flags = 0;
            }
            g.numeric |= walk.numeric;
            g.piece(from, end, flags | line_start_flag(bytes, from));
            // Captions without stops would make one endless sentence of cues.
            if g.bytes > LONGEST {
                g.flush();
            }
            done = end;
        }
        g.flush();
    }
}

fn line_start_flag(bytes: &[u8], at: usize) -> u8 {
    if tokens::at_line_start(bytes, at) {
        LINE_START
    } else {
        0
    }
}

/// A walk over one span that reports where sentences end in it.
struct Walk<'t> {
    text: &'t str,
    end: usize,
    i: usize,
    sentence_start: usize,
    /// Where the walk began: a word before a full stop is read back to here
    /// at most, to tell an abbreviation's full stop from a sentence's.
    start: usize,
    /// The current sentence holds a digit or a number word (the caller
    /// takes it at each cut).
    numeric: bool,
    /// Line breaks since the last text: two make a blank line.
    newlines: u32,
}

impl<'t> Walk<'t> {
    fn new(text: &'t str, start: usize, end: usize) -> Self {
        Walk {
            text,
            end,
            i: start,
            sentence_start: start,
            start,
            numeric: false,
            newlines: 0,
        }
    }

    /// The next offset where a sentence ends and the next begins.
    fn next_cut(&mut self) -> Option<usize> {
        let (text, end) = (self.text, self.end);
        let bytes = text.as_bytes();
        while self.i < end {
            let i = self.i;
            match BYTES[bytes[i] as usize] {
                Byte::Letter | Byte::Space => {
                    // Words and the spaces between them. Only ASCII letters
                    // make a word here: an apostrophe or an accent splits
                    // it, and no number word has either.
                    let (mut k, crossed_word, numeric) = cross_words(bytes, i, end, self.numeric);
                    if crossed_word {
                        self.newlines = 0;
                    }
                    if k == i {
                        k += 1; // a tab
                    }
                    self.numeric = numeric;
                    self.i = k;
                    if k - self.sentence_start > LONGEST {
                        return Some(self.cut(k));
                    }
                }
                Byte::Digit => {
                    self.numeric = true;
                    self.newlines = 0;
                    self.i += 1;
                }
                Byte::Newline => {
                    if !(bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\r') {
                        self.newlines += 1;
                    }
                    self.i += 1;
                    if self.newlines == 2 {
                        // A blank line ends the paragraph and its sentence.
                        return Some(self.cut(self.i));
                    }
                }
                Byte::Stop => {
                    self.newlines = 0;
                    self.i += 1;
                    if let Some(cut) = sentence_end(text, i, self.i, end, self.start) {
                        return Some(self.cut(cut));
                    }
                }
                Byte::Bracket => {
                    self.newlines = 0;
                    // A marker's numbers and full stops are not the sentence's.
                    self.i += marker_len(text, i)
                        .filter(|len| i + len <= end)
                        .unwrap_or(1);
                }
                Byte::High => {
                    // Only `…` and vulgar fractions matter here; other
                    // characters are stepped over by their encoded length.
                    self.newlines = 0;
                    if bytes[i..end].starts_with("…".as_bytes()) {
                        self.i += 3;
                        if let Some(cut) = sentence_end(text, i, self.i, end, self.start) {
                            return Some(self.cut(cut));
                        }
                    } else {
                        if tokens::vulgar_fraction_len(bytes, i).is_some() {
                            self.numeric = true;
                        }
                        self.i = (i + 1..=end)
                            .find(|&k| k == end || bytes[k] & 0xc0 != 0x80)
                            .unwrap_or(end);
                    }
                }
                Byte::Other => {
                    self.newlines = 0;
                    self.i += 1;
                }
            }
        }
        None
    }

    fn cut(&mut self, at: usize) -> usize {
        self.i = at;
        self.sentence_start = at;
        self.newlines = 0;
        at
    }
}

/// Crosses the words (runs of ASCII letters) and the spaces between them
/// from `k`: where they stop, whether a word was crossed, and whether the
/// sentence is `numeric` or one of the words is a number word.
///
/// This loop is where the walk spends its time. A word of up to seven
/// letters, followed by a space, is read from the eight bytes loaded at its
/// start: they give its length, the byte after it and the key it is looked
/// up by, without a branch on its letters.
#[inline]
fn cross_words(bytes: &[u8], mut k: usize, end: usize, mut numeric: bool) -> (usize, bool, bool) {
    let mut crossed = false;
    loop {
        while k < end && bytes[k] == b' ' {
            k += 1;
        }
        if k >= end || !bytes[k].is_ascii_alphabetic() {
            break;
        }
        crossed = true;
        // Short words, while eight bytes and the one after fit before `end`.
        while let Some(eight) = bytes.get(k..k + 8).filter(|_| k + 9 <= end) {
            let x = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
            let others = tokens::non_letters(x);
            if others == 0 {
                break; // eight letters or more: the long way below
            }
            let len = (others.trailing_zeros() / 8) as usize;
            if !numeric {
                numeric = words::is_standalone_head(x, &bytes[k..k + len]);
            }
            k += len;
            // One space and a letter: the next word.
            if (x >> (8 * len)) as u8 != b' ' || !bytes[k + 1].is_ascii_alphabetic() {
                break;
            }
            k += 1;
        }
        if k >= end || !bytes[k].is_ascii_alphabetic() {
            continue;
        }
        let j = tokens::ascii_letters_end(bytes, k + 1, end);
        numeric = numeric || words::is_standalone_head(words::load_head(bytes, k), &bytes[k..j]);
        k = j;
    }
    (k, crossed, numeric)
}

/// Whether the stop at `stop` (ending at `after`) ends its sentence, and if
/// so where the next one begins: after closing quotes, brackets and citation
/// markers, when whitespace follows and the next text is not in lower case
/// (for a full stop, which must close no abbreviation either).
fn sentence_end(
    text: &str,
    stop: usize,
    after: usize,
    end: usize,
    walk_start: usize,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut k = after;
    loop {
        if k >= end {
            break;
        }
        match bytes[k] {
            b'"' | b'\'' | b')' => k += 1,
            b'[' => match marker_len(text, k).filter(|len| k + len <= end) {
                Some(len) => k += len,
                None => break,
            },
            0xe2 if text[k..end].starts_with('”') || text[k..end].starts_with('’') => k += 3,
            _ => break,
        }
    }
    if k < end && !matches!(BYTES[bytes[k] as usize], Byte::Space | Byte::Newline) {
        // `2.5`, `U.S.`, `e.g.x`: no space after the stop, no end.
        if !text[k..end].starts_with(char::is_whitespace) {
            return None;
        }
    }
    if bytes[stop] == b'.' {
        // The word the full stop closes: the ASCII letters just before it.
        let mut word = stop;
        while word > walk_start && bytes[word - 1].is_ascii_alphabetic() {
            word -= 1;
        }
        if word < stop && is_abbreviation(&bytes[word..stop]) {
            return None;
        }
        if super::tokens::stray_space_decimal(bytes, stop, end) {
            return None;
        }
        if next_is_lowercase(text, k, end) {
            return None;
        }
    }
    Some(k)
}

/// Whether the first character after the whitespace at `k` (up to `end`)
/// is a lower-case letter. ASCII is read without decoding.
fn next_is_lowercase(text: &str, mut k: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    while k < end && matches!(bytes[k], b'\t'..=b'\r' | b' ') {
        k += 1;
    }
    match bytes[k..end].first() {
        None => false,
        Some(b) if b.is_ascii() => b.is_ascii_lowercase(),
        Some(_) => text[k..end]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_lowercase),
    }
}

/// A word that a full stop follows without ending the sentence (`Dr.`, `No.`).
fn is_abbreviation(w: &[u8]) -> bool {
    if w.len() == 1 && w[0].is_ascii_uppercase() {
        return true; // an initial, or `U.S.`, `P.M.`
    }
    let mut lower = [0u8; 6];
    if w.len() > lower.len() {
        return false;
    }
    for (l, b) in lower.iter_mut().zip(w) {
        *l = b.to_ascii_lowercase();
    }
    matches!(
        &lower[..w.len()],
        b"mr"
            | b"mrs"
            | b"ms"
            | b"dr"
            | b"prof"
            | b"st"
            | b"jr"
            | b"sr"
            | b"no"
            | b"nos"
            | b"vs"
            | b"gen"
            | b"sen"
            | b"rep"
            | b"gov"
            | b"lt"
            | b"col"
            | b"sgt"
            | b"capt"
            | b"mt"
            | b"ft"
            | b"p"
            | b"pp"
            | b"vol"
            | b"art"
            | b"fig"
            | b"approx"
            | b"est"
            | b"inc"
            | b"co"
            | b"corp"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every cut of the walk over `start..end`, with whether the sentence
    /// it ends is numeric; the end of the span closes the last one.
    fn cuts(text: &str, start: usize, end: usize) -> Vec<(usize, bool)> {
        let mut walk = Walk::new(text, start, end);
        let mut out = Vec::new();
        while let Some(cut) = walk.next_cut() {
            out.push((cut, std::mem::take(&mut walk.numeric)));
        }
        out.push((end, walk.numeric));
        out
    }

    /// The walk as first written, one byte class at a time, remembering
    /// the last word: what the faster walk must agree with.
    fn reference_cuts(text: &str, start: usize, end: usize) -> Vec<(usize, bool)> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let (mut i, mut sentence_start, mut numeric) = (start, start, false);
        let (mut word, mut newlines) = ((0usize, 0usize), 0u32);
        while i < end {
            let b = bytes[i];
            let cut = match b {
                b'a'..=b'z' | b'A'..=b'Z' | b' ' | b'\t' => {
                    let mut k = i;
                    let mut crossed = false;
                    loop {
                        while k < end && bytes[k] == b' ' {
                            k += 1;
                        }
                        if k >= end || !bytes[k].is_ascii_alphabetic() {
                            break;
                        }
                        let mut j = k;
                        while j < end && bytes[j].is_ascii_alphabetic() {
                            j += 1;
                        }
                        numeric |= words::is_standalone_by_search(&bytes[k..j]);
                        word = (k, j);
                        crossed = true;
                        k = j;
                    }
                    if crossed {
                        newlines = 0;
                    }
                    if k == i {
                        k += 1;
                    }
                    i = k;
                    (k - sentence_start > LONGEST).then_some(k)
                }
                b'0'..=b'9' => {
                    numeric = true;
                    newlines = 0;
                    i += 1;
                    None
                }
                b'\n' | b'\r' => {
                    if !(b == b'\n' && i > 0 && bytes[i - 1] == b'\r') {
                        newlines += 1;
                    }
                    i += 1;
                    (newlines == 2).then_some(i)
                }
                b'.' | b'?' | b'!' => {
                    newlines = 0;
                    i += 1;
                    reference_end(text, i - 1, i, end, word)
                }
                b'[' => {
                    newlines = 0;
                    i += marker_len(text, i)
                        .filter(|len| i + len <= end)
                        .unwrap_or(1);
                    None
                }
                0x80.. => {
                    newlines = 0;
                    if bytes[i..end].starts_with("…".as_bytes()) {
                        i += 3;
                        reference_end(text, i - 3, i, end, word)
                    } else {
                        if tokens::vulgar_fraction_len(bytes, i).is_some() {
                            numeric = true;
                        }
                        i = (i + 1..=end)
                            .find(|&k| k == end || bytes[k] & 0xc0 != 0x80)
                            .unwrap_or(end);
                        None
                    }
                }
                _ => {
                    newlines = 0;
                    i += 1;
                    None
                }
            };
            if let Some(cut) = cut {
                out.push((cut, std::mem::take(&mut numeric)));
                i = cut;
                sentence_start = cut;
                newlines = 0;
            }
        }
        out.push((end, numeric));
        out
    }

    /// `sentence_end` as first written, with the last word given.
    fn reference_end(
        text: &str,
        stop: usize,
        after: usize,
        end: usize,
        word: (usize, usize),
    ) -> Option<usize> {
        let bytes = text.as_bytes();
        let mut k = after;
        while k < end {
            match bytes[k] {
                b'"' | b'\'' | b')' => k += 1,
                b'[' => match marker_len(text, k).filter(|len| k + len <= end) {
                    Some(len) => k += len,
                    None => break,
                },
                0xe2 if text[k..end].starts_with('”') || text[k..end].starts_with('’') => {
                    k += 3
                }
                _ => break,
            }
        }
        if k < end && !text[k..end].starts_with(char::is_whitespace) {
            return None;
        }
        if bytes[stop] == b'.' {
            const ABBREVIATIONS: &[&str] = &[
                "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "nos", "vs", "gen", "sen",
                "rep", "gov", "lt", "col", "sgt", "capt", "mt", "ft", "p", "pp", "vol", "art",
                "fig", "approx", "est", "inc", "co", "corp",
            ];
            let w = &text[word.0..word.1];
            let abbreviation = (w.len() == 1 && w.as_bytes()[0].is_ascii_uppercase())
                || ABBREVIATIONS.iter().any(|a| w.eq_ignore_ascii_case(a));
            if word.1 == stop && abbreviation {
                return None;
            }
            // `1. 5 percent`: one digit, the point, one space, digits, a percentage.
            let (before, after) = (&text[..stop], &text[stop + 1..end]);
            let one_digit = before.ends_with(|c: char| c.is_ascii_digit())
                && !before[..before.len() - 1]
                    .ends_with(|c: char| c.is_ascii_alphanumeric() || c == '.' || c == ',');
            let rest = after.strip_prefix(' ').unwrap_or("x");
            let tail = rest.trim_start_matches(|c: char| c.is_ascii_digit());
            if one_digit
                && tail.len() < rest.len()
                && ["%", " percent", " per cent", " Percent", " PERCENT"]
                    .iter()
                    .any(|p| tail.starts_with(p))
            {
                return None;
            }
            let next = text[k..end].trim_start().chars().next();
            if next.is_some_and(char::is_lowercase) {
                return None;
            }
        }
        Some(k)
    }

    fn check_same_cuts(text: &str, start: usize, end: usize) {
        assert_eq!(
            cuts(text, start, end),
            reference_cuts(text, start, end),
            "{text:?}"
        );
    }

    #[test]
    fn cuts_agree_on_written_cases() {
        for text in [
            "Dr. Smith paid $5. Then two more came! Did U.S. troops leave? Yes.",
            "We saw one.   Twenty\tpeople came.\n\nA new paragraph with seventeen.",
            "It costs 4\u{bc} dollars [@key, p. 4]. Next. No. 5 is e.g. here. vs. Them.",
            "He said \u{201c}twice.\u{201d} Then [^1] \u{2026} a hundredths and quadruples.",
            "caf\u{e9}one two\u{a0}three. \u{2028}Four\r\n\r\nfive",
            "lower. upper? x.y. Thirteenth\u{3000}thousand [12]. [x]",
            "Maybe 1. 5 percent or 2. 5%. It was 3. 4 said so. A12. 5 percent, 1.2. 5%.",
        ] {
            for start in 0..text.len().min(6) {
                if text.is_char_boundary(start) {
                    check_same_cuts(text, start, text.len());
                }
            }
        }
    }

    #[test]
    fn a_sentence_without_stops_is_cut_at_the_same_word() {
        let text = "word seven other ".repeat(5000);
        check_same_cuts(&text, 0, text.len());
        let text = format!(
            "{}\tand, then {}",
            "a, bb ".repeat(12000),
            "nine ".repeat(3000)
        );
        check_same_cuts(&text, 0, text.len());
    }

    /// Text made of words, numbers, stops, markers and every kind of space.
    fn prose() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[a-zA-Z]{1,12}",
            2 => Just(" ".to_string()),
            1 => prop::sample::select(vec![
                "one", "Two", "THREE", "twenty", "hundred", "hundredths", "quadruple", "twice",
                "seventeen", "thirteen", "half", "thirds", "doubles", "Dr", "No", "vs", "U", "e",
                "g", "approx", "Corp", "sixtyish", "million",
            ])
            .prop_map(str::to_string),
            1 => prop::sample::select(vec![
                ".", "?", "!", "\u{2026}", "\"", "'", ")", "\u{201d}", "\u{2019}", ",", "-",
                "[@key]", "[^n]", "[12]", "[x", "[", "]", "\n", "\r\n", "\n\n", "\r", "\t",
                "%", " percent", "1. 5",
                "  ", "\u{a0}", "\u{2028}", "\u{bd}", "\u{e9}", "\u{b}", "4", "2.5", "1,000",
            ])
            .prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
        ];
        proptest::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            cases: 2000,
            ..ProptestConfig::default()
        })]

        #[test]
        fn cuts_agree_with_the_byte_by_byte_walk(
            text in prose(),
            from in 0usize..40,
            less in 0usize..40,
        ) {
            let mut start = from.min(text.len());
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = text.len().saturating_sub(less).max(start);
            while !text.is_char_boundary(end) {
                end += 1;
            }
            prop_assert_eq!(cuts(&text, start, end), reference_cuts(&text, start, end));
        }
    }
}
