//! The lexer: a sentence's text to words, numbers and punctuation.
//!
//! Figures are recognised over tokens and their neighbours, so a sentence
//! that may hold one (`sentences` decides) is cut once, left to right, with
//! byte checks only: a run of letters is a word, a run of digits (with `,`
//! or thin-space thousands groups, a decimal part and a glued vulgar
//! fraction such as `4¼`) is a number, anything else is one punctuation
//! token. Each token remembers what separates it from the
//! one before (nothing, spaces, a line break, a gap between speech spans), as
//! that is what tells `COVID-19` from `19 COVID cases`.
//!
//! Citation markers (`[@key]`, `[^note]`, `[12]`) become single `Marker`
//! tokens, so the numbers inside them are never read as figures, and footnote
//! definition lines (`[^note]: …`) are skipped whole.
//!
//! `Sentence` is the view the rules read tokens through: every lookup is
//! safe past either end and answers "no" there.

use super::words;
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    pub flags: u8,
    /// For words, the classes of `words::class_at`; for a number or a
    /// currency sign, `words::NUMERIC`. Lets the recogniser skip the rest.
    pub class: u8,
}

impl Token {
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// Whether only spaces and tabs stand between `at` and the previous line break.
pub(crate) fn at_line_start(bytes: &[u8], at: usize) -> bool {
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

/// Cuts `start..end` into tokens; `flags` are those of its first token.
pub(crate) fn lex_span(
    text: &str,
    start: usize,
    end: usize,
    mut flags: u8,
    emit: &mut impl FnMut(Token),
) {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end {
        let b = bytes[i];
        let (kind, next) = match b {
            b' ' | b'\t' => {
                flags |= SPACE;
                i += 1;
                continue;
            }
            b'\n' | b'\r' => {
                flags |= SPACE | BREAK | LINE_START;
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
        let class = match kind {
            Kind::Word => words::class_at(bytes, i, next),
            Kind::Number => words::NUMERIC,
            Kind::Punct if b == b'$' || (b >= 0x80 && is_currency_sign(&text[i..next])) => {
                words::NUMERIC
            }
            _ => 0,
        };
        emit(Token {
            start: i,
            end: next,
            kind,
            flags,
            class,
        });
        flags = 0;
        i = next;
    }
}

fn is_currency_sign(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(super::units::is_currency_symbol)
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
    let start = i;
    while digit(i) {
        i += 1;
    }
    if i == start + 1 && stray_space_decimal(bytes, i, end) {
        // `1. 5 percent`: the decimal part after the stray space.
        i += 2;
        while digit(i) {
            i += 1;
        }
        return i;
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

/// `1. 5 percent`: a transcriber's stray space after the point of a
/// decimal, as in `720, 000`. Read so only when one digit stands before the
/// point and a percentage follows the digits after it, where a sentence
/// that ends in a number and a next one that opens with a percentage would
/// be the other reading, and a far rarer one. `dot` is the point's offset.
pub(crate) fn stray_space_decimal(bytes: &[u8], dot: usize, end: usize) -> bool {
    let at = |k: usize| if k < end { bytes[k] } else { 0 };
    if dot == 0 || at(dot) != b'.' || at(dot + 1) != b' ' || !at(dot + 2).is_ascii_digit() {
        return false;
    }
    if !at(dot - 1).is_ascii_digit()
        || (dot >= 2 && (at(dot - 2).is_ascii_alphanumeric() || matches!(at(dot - 2), b'.' | b',')))
    {
        return false;
    }
    let mut k = dot + 2;
    while at(k).is_ascii_digit() {
        k += 1;
    }
    let rest = &bytes[k.min(end)..end];
    rest.starts_with(b"%")
        || [&b" percent"[..], b" per cent", b" Percent", b" PERCENT"]
            .iter()
            .any(|p| rest.starts_with(p))
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

/// The bits of eight bytes packed little-endian (`x`) that are not ASCII
/// letters: the high bit of each such byte.
#[inline]
pub(crate) fn non_letters(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Fold case, drop the high bit so additions cannot carry across
    // bytes, then test each byte against `a..=z`.
    let y = (x | (0x20 * ONES)) & !HIGH;
    let at_least_a = y.wrapping_add((0x80 - u64::from(b'a')) * ONES);
    let above_z = y.wrapping_add((0x80 - u64::from(b'z') - 1) * ONES);
    let letters = at_least_a & !above_z & !x & HIGH;
    !letters & HIGH
}

/// The end of the run of ASCII letters at `i`, eight bytes at a time: the
/// lexer spends most of its time crossing words.
#[inline]
pub(crate) fn ascii_letters_end(bytes: &[u8], mut i: usize, end: usize) -> usize {
    while i + 8 <= end {
        let chunk: [u8; 8] = bytes[i..i + 8].try_into().unwrap_or([0; 8]);
        let others = non_letters(u64::from_le_bytes(chunk));
        if others != 0 {
            return i + (others.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < end && bytes[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

/// The end of a word starting at `i`: letters, with apostrophes between letters.
pub(crate) fn word_end(text: &str, mut i: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    loop {
        i = ascii_letters_end(bytes, i, end);
        if i >= end {
            return i;
        }
        let b = bytes[i];
        if b < 0x80 && b != b'\'' {
            return i;
        }
        let Some(c) = text[i..end].chars().next() else {
            return i;
        };
        let len = c.len_utf8();
        if c == '\'' || c == '’' {
            if !text[i + len..end]
                .chars()
                .next()
                .is_some_and(char::is_alphabetic)
            {
                return i;
            }
        } else if !c.is_alphabetic() {
            return i;
        }
        i += len;
    }
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
    /// The union of the tokens' classes.
    pub classes: u8,
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

    /// The bytes of the word at `i`, if it is one.
    fn word_bytes(&self, i: usize) -> Option<&'a [u8]> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Word).then(|| &self.text.as_bytes()[t.start..t.end])
    }

    /// Whether the token at `i` is the word `w` (ASCII case ignored).
    #[inline]
    pub fn is(&self, i: usize, w: &str) -> bool {
        self.word_bytes(i)
            .is_some_and(|b| b.len() == w.len() && b.eq_ignore_ascii_case(w.as_bytes()))
    }

    /// Whether the token at `i` is any of `words`.
    #[inline]
    pub fn is_any(&self, i: usize, words: &[&str]) -> bool {
        self.word_bytes(i).is_some_and(|b| {
            words
                .iter()
                .any(|w| b.len() == w.len() && b.eq_ignore_ascii_case(w.as_bytes()))
        })
    }

    /// The punctuation character at `i`, if it is one.
    pub fn class(&self, i: usize) -> u8 {
        self.toks.get(i).map_or(0, |t| t.class)
    }

    pub fn punct(&self, i: usize) -> Option<char> {
        let t = self.toks.get(i)?;
        (t.kind == Kind::Punct)
            .then(|| self.text[t.start..].chars().next())
            .flatten()
    }

    pub fn is_punct(&self, i: usize, c: char) -> bool {
        match self.toks.get(i) {
            Some(t) if t.kind == Kind::Punct => {
                if c.is_ascii() {
                    self.text.as_bytes()[t.start] == c as u8
                } else {
                    self.text[t.start..].starts_with(c)
                }
            }
            _ => false,
        }
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
