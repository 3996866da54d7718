//! The lexer: speech text to words, numbers and punctuation, in one pass.
//!
//! Figures are recognised over tokens and their neighbours, so the text is
//! cut once, left to right, with byte checks only: a run of letters is a
//! word, a run of digits (with `,` or thin-space thousands groups, a decimal
//! part and a glued vulgar fraction such as `4¼`) is a number, anything else
//! is one punctuation token. Each token remembers what separates it from the
//! one before (nothing, spaces, a line break, a gap between speech spans), as
//! that is what tells `COVID-19` from `19 COVID cases`.
//!
//! Citation markers (`[@key]`, `[^note]`, `[12]`) become single `Marker`
//! tokens, so the numbers inside them are never read as figures, and footnote
//! definition lines (`[^note]: …`) are skipped whole.
//!
//! Sentences are cut here too (`Sentences`), because every rule that looks
//! further than a few tokens (a conditional `if`, a superlative) stays inside
//! its sentence.

use crate::citations::marker_len;
use crate::text::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters, with inner apostrophes (`don’t`).
    Word,
    /// Digits with separators and decimals (`6,000`, `2.25`, `4¼`).
    Number,
    /// One character of anything else (`$`, `%`, `-`, `:`).
    Punct,
    /// A citation marker, `[@key]`, `[^note]` or `[12]`.
    Marker,
}

/// Whitespace came before the token.
pub(crate) const SPACE: u8 = 1;
/// A line break, or a gap between speech spans, came before the token.
pub(crate) const BREAK: u8 = 2;
/// Nothing but indentation stands before the token on its line.
pub(crate) const LINE_START: u8 = 4;
/// A blank line came before the token (a new paragraph).
pub(crate) const PARAGRAPH: u8 = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub flags: u8,
}

impl Token {
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// Calls `emit` with every token of the speech spans, in order.
pub(crate) fn lex<'a>(
    text: &str,
    speech: impl IntoIterator<Item = &'a Span>,
    mut emit: impl FnMut(Token),
) {
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
        let mut flags = if at_line_start(bytes, start) {
            LINE_START
        } else {
            0
        };
        if !first_span {
            flags |= SPACE | BREAK;
        }
        first_span = false;
        lex_span(text, start, end, flags, &mut emit);
        done = end;
    }
}

/// Whether only spaces and tabs stand between `at` and the previous line break.
fn at_line_start(bytes: &[u8], at: usize) -> bool {
    let mut i = at;
    while i > 0 {
        match bytes[i - 1] {
            b' ' | b'\t' => i -= 1,
            b'\n' | b'\r' => return true,
            _ => return false,
        }
    }
    true
}

fn lex_span(text: &str, start: usize, end: usize, mut flags: u8, emit: &mut impl FnMut(Token)) {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut newlines = 0u32;
    while i < end {
        let b = bytes[i];
        let (kind, next) = match b {
            b' ' | b'\t' => {
                flags |= SPACE;
                i += 1;
                continue;
            }
            b'\n' | b'\r' => {
                if !(b == b'\n' && i > start && bytes[i - 1] == b'\r') {
                    newlines += 1;
                }
                flags |= SPACE | BREAK | LINE_START;
                if newlines >= 2 {
                    flags |= PARAGRAPH;
                }
                i += 1;
                continue;
            }
            b'0'..=b'9' => (Kind::Number, number_end(bytes, i, end)),
            b'a'..=b'z' | b'A'..=b'Z' => (Kind::Word, word_end(text, i, end)),
            b'[' => {
                if flags & LINE_START != 0 && is_footnote_definition(text, i, end) {
                    // A footnote definition is a source, not speech.
                    i = line_end(bytes, i, end);
                    continue;
                }
                match marker_len(text, i).filter(|len| i + len <= end) {
                    Some(len) => (Kind::Marker, i + len),
                    None => (Kind::Punct, i + 1),
                }
            }
            0..=0x7f => (Kind::Punct, i + 1),
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                let len = c.len_utf8();
                if is_unicode_space(c) {
                    flags |= SPACE;
                    i += len;
                    continue;
                } else if c.is_alphabetic() {
                    (Kind::Word, word_end(text, i, end))
                } else if vulgar_fraction_len(bytes, i).is_some() {
                    (Kind::Number, number_end(bytes, i, end))
                } else {
                    (Kind::Punct, i + len)
                }
            }
        };
        emit(Token {
            start: i,
            end: next,
            kind,
            flags,
        });
        flags = 0;
        newlines = 0;
        i = next;
    }
}

fn is_unicode_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// The end of a number starting at `i`: digits, `,`-groups of three, a
/// decimal part, thin-space groups, and a glued vulgar fraction (`4¼`).
fn number_end(bytes: &[u8], mut i: usize, end: usize) -> usize {
    let digit = |k: usize| k < end && bytes[k].is_ascii_digit();
    // Exactly three digits at `k`, then no fourth.
    let group = |k: usize| digit(k) && digit(k + 1) && digit(k + 2) && !digit(k + 3);
    while digit(i) {
        i += 1;
    }
    loop {
        if i < end && bytes[i] == b',' && group(i + 1) {
            i += 4;
        } else if i + 1 < end
            && bytes[i] == b','
            && bytes[i + 1] == b' '
            && i + 2 < end
            && bytes[i + 2] == b'0'
            && group(i + 2)
        {
            // `720, 000`: a transcriber's stray space; no number starts with 0.
            i += 5;
        } else if i < end && bytes[i] == b'.' && digit(i + 1) {
            i += 1;
            while digit(i) {
                i += 1;
            }
        } else if i + 3 <= end && is_thin_space(&bytes[i..i + 3]) && group(i + 3) {
            i += 6;
        } else {
            break;
        }
    }
    if let Some(len) = vulgar_fraction_len(bytes, i)
        && i + len <= end
    {
        i += len;
    }
    i
}

fn is_thin_space(b: &[u8]) -> bool {
    // U+2009 THIN SPACE, U+202F NARROW NO-BREAK SPACE.
    b == [0xe2, 0x80, 0x89] || b == [0xe2, 0x80, 0xaf]
}

/// The byte length of a vulgar fraction character (`½`, `⅓`, …) at `i`.
pub(crate) fn vulgar_fraction_len(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i..i + 2)? {
        [0xc2, 0xbc..=0xbe] => Some(2),
        [0xe2, 0x85] => matches!(bytes.get(i + 2)?, 0x90..=0x9e).then_some(3),
        _ => None,
    }
}

/// The end of a word starting at `i`: letters, with apostrophes between letters.
fn word_end(text: &str, mut i: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    while i < end {
        let b = bytes[i];
        if b.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        if b < 0x80 && b != b'\'' {
            break;
        }
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        let len = c.len_utf8();
        if c == '\'' || c == '’' {
            let after = text[i + len..end].chars().next();
            if after.is_some_and(char::is_alphabetic) {
                i += len;
                continue;
            }
            break;
        }
        if c.is_alphabetic() {
            i += len;
        } else {
            break;
        }
    }
    i
}

fn line_end(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && bytes[i] != b'\n' && bytes[i] != b'\r' {
        i += 1;
    }
    i
}

/// `[^label]:` at `i`.
fn is_footnote_definition(text: &str, i: usize, end: usize) -> bool {
    text.as_bytes().get(i + 1) == Some(&b'^')
        && marker_len(text, i).is_some_and(|len| i + len < end && text.as_bytes()[i + len] == b':')
}

/// A read-only view of one sentence's tokens with the lookups the rules use.
/// Every lookup is safe out of range: it answers "no".
#[derive(Clone, Copy)]
pub(crate) struct Sentence<'a> {
    pub text: &'a str,
    pub toks: &'a [Token],
}

impl<'a> Sentence<'a> {
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn tok(&self, i: usize) -> Option<&Token> {
        self.toks.get(i)
    }

    pub fn str(&self, i: usize) -> &'a str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    pub fn is_number(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Number)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Word)
    }

    /// The word at `i`, if it is one.
    pub fn word(&self, i: usize) -> Option<&'a str> {
        self.is_word(i).then(|| self.str(i))
    }

    /// Whether the token at `i` is the word `w` (ASCII case ignored).
    pub fn is(&self, i: usize, w: &str) -> bool {
        self.is_word(i) && self.str(i).eq_ignore_ascii_case(w)
    }

    /// Whether the token at `i` is any of `words`.
    pub fn is_any(&self, i: usize, words: &[&str]) -> bool {
        self.is_word(i) && words.iter().any(|w| self.str(i).eq_ignore_ascii_case(w))
    }

    /// The punctuation character at `i`, if it is one.
    pub fn punct(&self, i: usize) -> Option<char> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Punct)
            .then(|| self.text[t.start..].chars().next())
            .flatten()
    }

    pub fn is_punct(&self, i: usize, c: char) -> bool {
        self.punct(i) == Some(c)
    }

    /// Whether token `i` touches the token before it (no space, no break).
    pub fn glued(&self, i: usize) -> bool {
        i > 0
            && self
                .toks
                .get(i)
                .is_some_and(|t| t.flags & (SPACE | BREAK) == 0)
    }

    /// Whether token `i` is glued to the one before, or joined to it by a
    /// hyphen at a line end (`five-` / `year`).
    pub fn joined(&self, i: usize) -> bool {
        self.glued(i)
            || (i > 0
                && self.is_punct(i - 1, '-')
                && self.toks.get(i).is_some_and(|t| t.has(BREAK)))
    }

    pub fn has(&self, i: usize, flag: u8) -> bool {
        self.toks.get(i).is_some_and(|t| t.has(flag))
    }

    /// Whether the word at `i` starts with an upper-case letter.
    pub fn capitalised(&self, i: usize) -> bool {
        self.word(i)
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_uppercase)
    }

    /// The byte span from the start of token `a` to the end of token `b`.
    pub fn span(&self, a: usize, b: usize) -> Span {
        self.toks[a].start..self.toks[b].end
    }
}

/// Longest sentence kept whole; a longer run is cut (text without stops).
const LONGEST_SENTENCE: usize = 4096;

/// Groups tokens into sentences and hands each to `f`.
pub(crate) struct Sentences<'a, F: FnMut(Sentence<'_>)> {
    text: &'a str,
    buf: Vec<Token>,
    f: F,
}

impl<'a, F: FnMut(Sentence<'_>)> Sentences<'a, F> {
    pub fn new(text: &'a str, f: F) -> Self {
        Sentences {
            text,
            buf: Vec::with_capacity(256),
            f,
        }
    }

    pub fn push(&mut self, t: Token) {
        if self.ends_before(&t) || self.buf.len() >= LONGEST_SENTENCE {
            self.flush();
        }
        self.buf.push(t);
    }

    pub fn finish(mut self) {
        self.flush();
    }

    fn flush(&mut self) {
        if !self.buf.is_empty() {
            (self.f)(Sentence {
                text: self.text,
                toks: &self.buf,
            });
            self.buf.clear();
        }
    }

    /// Whether a sentence ends between the buffered tokens and `next`.
    fn ends_before(&self, next: &Token) -> bool {
        if self.buf.is_empty() {
            return false;
        }
        if next.has(PARAGRAPH) {
            return true;
        }
        if !next.has(SPACE) {
            return false;
        }
        let s = Sentence {
            text: self.text,
            toks: &self.buf,
        };
        let mut last = s.len() - 1;
        // A marker after the full stop still belongs to its sentence.
        while last > 0 && s.kind(last) == Some(Kind::Marker) {
            last -= 1;
        }
        match s.punct(last) {
            Some('?' | '!' | '…') => true,
            Some('.') => {
                let starts_anew = self.text[next.start..]
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_lowercase());
                starts_anew && !(last > 0 && is_abbreviation(s.str(last - 1)))
            }
            _ => false,
        }
    }
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
