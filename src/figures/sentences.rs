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
//! A sentence may run across speech spans (a caption's sentence across
//! cues): it is made of pieces, one per span it touches.

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
    /// The sentence holds a digit or a number word.
    numeric: bool,
    tokens: Vec<Token>,
    f: F,
}

impl<F: FnMut(Sentence<'_>)> Gatherer<'_, F> {
    fn piece(&mut self, start: usize, end: usize, flags: u8) {
        if start < end {
            self.pieces.push(Piece { start, end, flags });
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
        self.numeric = false;
    }
}

/// Calls `f` with every sentence of the speech that can hold a figure.
pub(crate) fn for_each<'a>(
    text: &str,
    speech: impl IntoIterator<Item = &'a Span>,
    f: impl FnMut(Sentence<'_>),
) {
    let mut g = Gatherer {
        text,
        pieces: Vec::new(),
        numeric: false,
        tokens: Vec::with_capacity(256),
        f,
    };
    let bytes = text.as_bytes();
    let mut done = 0;
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
        done = end;
    }
    g.flush();
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
    /// The current sentence holds a digit or a number word (the caller
    /// takes it at each cut).
    numeric: bool,
    /// The last word, to tell an abbreviation's full stop from a sentence's.
    word: (usize, usize),
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
            numeric: false,
            word: (0, 0),
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
                    // Words and the spaces between them, the bulk of any
                    // text, in one tight loop. Only ASCII letters make a word
                    // here: an apostrophe or an accent splits it, and no
                    // number word has either.
                    let mut k = i;
                    let mut numeric = self.numeric;
                    loop {
                        while k < end && bytes[k] == b' ' {
                            k += 1;
                        }
                        if k >= end || !bytes[k].is_ascii_alphabetic() {
                            break;
                        }
                        let j = tokens::ascii_letters_end(bytes, k, end);
                        numeric = numeric || words::is_standalone(&bytes[k..j]);
                        self.word = (k, j);
                        self.newlines = 0;
                        k = j;
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
                    if let Some(cut) = sentence_end(text, i, self.i, end, self.word) {
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
                        if let Some(cut) = sentence_end(text, i, self.i, end, self.word) {
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

/// Whether the stop at `stop` (ending at `after`) ends its sentence, and if
/// so where the next one begins: after closing quotes, brackets and citation
/// markers, when whitespace follows and the next text is not in lower case
/// (for a full stop, which must close no abbreviation either).
fn sentence_end(
    text: &str,
    stop: usize,
    after: usize,
    end: usize,
    word: (usize, usize),
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
        if word.1 == stop && is_abbreviation(&text[word.0..word.1]) {
            return None;
        }
        let next = text[k..end].trim_start().chars().next();
        if next.is_some_and(char::is_lowercase) {
            return None;
        }
    }
    Some(k)
}

/// A word that a full stop follows without ending the sentence (`Dr.`, `No.`).
fn is_abbreviation(w: &str) -> bool {
    if w.len() == 1 && w.as_bytes()[0].is_ascii_uppercase() {
        return true; // an initial, or `U.S.`, `P.M.`
    }
    const ABBREVIATIONS: &[&str] = &[
        "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "no", "nos", "vs", "gen", "sen", "rep",
        "gov", "lt", "col", "sgt", "capt", "mt", "ft", "p", "pp", "vol", "art", "fig", "approx",
        "est", "inc", "co", "corp",
    ];
    ABBREVIATIONS.iter().any(|a| w.eq_ignore_ascii_case(a))
}
