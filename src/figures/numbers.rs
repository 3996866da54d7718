//! Numbers: reading one number, in digits or in words, and its value.
//!
//! `parse` reads the number that starts at a token: digits with an optional
//! glued or following scale (`2.25 billion`, `13bn`, `€4.5m` after its
//! symbol), words (`twenty-five`, `one hundred and five`, `six million`,
//! `two and a half million`), an article standing for one before a scale
//! (`a million`), halves of scales (`half a million`) and fractions of a whole
//! (`two-thirds`, `three-tenths`, `a quarter of`). Plural scale words
//! (`millions`, `dozens`) are vague amounts and are never read.

use super::tokens::{Kind, Sentence};

/// What a number word means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum NumWord {
    /// `one` … `nineteen`.
    Unit(u32),
    /// `twenty` … `ninety`.
    Ten(u32),
    Hundred,
    /// `thousand`, `million`, `billion`, `trillion`.
    Scale(f64),
    /// `half`, `third(s)`, `quarter(s)`, … `tenth(s)`, `hundredth(s)`.
    Fraction {
        denominator: u32,
        plural: bool,
    },
}

/// Lower-cases an ASCII word into `buf`, or `None` when it is too long or not ASCII.
pub(crate) fn lower<'b>(w: &str, buf: &'b mut [u8; 24]) -> Option<&'b [u8]> {
    let b = w.as_bytes();
    if b.len() > buf.len() || !b.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(b) {
        *d = s.to_ascii_lowercase();
    }
    Some(&buf[..b.len()])
}

pub(crate) fn num_word(w: &str) -> Option<NumWord> {
    // Cheap filter first: every number word is 3 to 11 letters long.
    if !(3..=11).contains(&w.len()) {
        return None;
    }
    let mut buf = [0u8; 24];
    num_word_lower(lower(w, &mut buf)?)
}

/// The number word at token `i`: the lexer's class rules out nearly every
/// word before it is compared.
pub(crate) fn num_word_at(s: &Sentence, i: usize) -> Option<NumWord> {
    if s.class(i) & super::words::STANDALONE == 0 {
        return None;
    }
    num_word(s.word(i)?)
}

/// `num_word` for a word already lower-cased.
pub(crate) fn num_word_lower(l: &[u8]) -> Option<NumWord> {
    use NumWord::*;
    let frac = |d, plural| {
        Some(Fraction {
            denominator: d,
            plural,
        })
    };
    match l {
        b"one" => Some(Unit(1)),
        b"two" => Some(Unit(2)),
        b"three" => Some(Unit(3)),
        b"four" => Some(Unit(4)),
        b"five" => Some(Unit(5)),
        b"six" => Some(Unit(6)),
        b"seven" => Some(Unit(7)),
        b"eight" => Some(Unit(8)),
        b"nine" => Some(Unit(9)),
        b"ten" => Some(Unit(10)),
        b"eleven" => Some(Unit(11)),
        b"twelve" => Some(Unit(12)),
        b"thirteen" => Some(Unit(13)),
        b"fourteen" => Some(Unit(14)),
        b"fifteen" => Some(Unit(15)),
        b"sixteen" => Some(Unit(16)),
        b"seventeen" => Some(Unit(17)),
        b"eighteen" => Some(Unit(18)),
        b"nineteen" => Some(Unit(19)),
        b"twenty" => Some(Ten(20)),
        b"thirty" => Some(Ten(30)),
        b"forty" => Some(Ten(40)),
        b"fifty" => Some(Ten(50)),
        b"sixty" => Some(Ten(60)),
        b"seventy" => Some(Ten(70)),
        b"eighty" => Some(Ten(80)),
        b"ninety" => Some(Ten(90)),
        b"hundred" => Some(Hundred),
        b"thousand" => Some(Scale(1e3)),
        b"million" => Some(Scale(1e6)),
        b"billion" => Some(Scale(1e9)),
        b"trillion" => Some(Scale(1e12)),
        b"half" => frac(2, false),
        b"halves" => frac(2, true),
        b"third" => frac(3, false),
        b"thirds" => frac(3, true),
        b"quarter" => frac(4, false),
        b"quarters" => frac(4, true),
        b"fourth" => frac(4, false),
        b"fourths" => frac(4, true),
        b"fifth" => frac(5, false),
        b"fifths" => frac(5, true),
        b"sixth" => frac(6, false),
        b"sixths" => frac(6, true),
        b"seventh" => frac(7, false),
        b"sevenths" => frac(7, true),
        b"eighth" => frac(8, false),
        b"eighths" => frac(8, true),
        b"ninth" => frac(9, false),
        b"ninths" => frac(9, true),
        b"tenth" => frac(10, false),
        b"tenths" => frac(10, true),
        b"hundredth" => frac(100, false),
        b"hundredths" => frac(100, true),
        _ => None,
    }
}

/// A scale written as an abbreviation glued to digits (`13bn`, `4.5m`, `70k`).
pub(crate) fn scale_suffix(w: &str) -> Option<f64> {
    let mut buf = [0u8; 24];
    match lower(w, &mut buf)? {
        b"k" => Some(1e3),
        b"m" | b"mn" | b"mln" => Some(1e6),
        b"b" | b"bn" | b"bln" => Some(1e9),
        b"t" | b"tn" | b"trn" => Some(1e12),
        _ => None,
    }
}

/// A scale abbreviation written apart from its digits (`13 bn`).
fn spaced_scale_abbreviation(w: &str) -> Option<f64> {
    let mut buf = [0u8; 24];
    match lower(w, &mut buf)? {
        b"mn" | b"mln" => Some(1e6),
        b"bn" | b"bln" => Some(1e9),
        b"tn" | b"trn" => Some(1e12),
        _ => None,
    }
}

/// The value of a vulgar fraction character.
pub(crate) fn vulgar_value(c: char) -> Option<f64> {
    Some(match c {
        '¼' => 0.25,
        '½' => 0.5,
        '¾' => 0.75,
        '⅐' => 1.0 / 7.0,
        '⅑' => 1.0 / 9.0,
        '⅒' => 0.1,
        '⅓' => 1.0 / 3.0,
        '⅔' => 2.0 / 3.0,
        '⅕' => 0.2,
        '⅖' => 0.4,
        '⅗' => 0.6,
        '⅘' => 0.8,
        '⅙' => 1.0 / 6.0,
        '⅚' => 5.0 / 6.0,
        '⅛' => 0.125,
        '⅜' => 0.375,
        '⅝' => 0.625,
        '⅞' => 0.875,
        _ => return None,
    })
}

/// How a run of digits is written, for the rules that tell years, codes and
/// versions from quantities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Digits {
    /// Digits before the decimal point.
    pub whole: usize,
    /// Written with thousands separators (`6,000`).
    pub grouped: bool,
    /// How many `.` the token holds (one for `2.25`, two for a version `1.2.3`).
    pub dots: usize,
    /// Starts with `0` and has more than one whole digit (`007`, `0800`).
    pub leading_zero: bool,
    /// Ends in a vulgar fraction (`4¼`, `½`).
    pub vulgar: bool,
}

impl Digits {
    /// A plain whole number of four digits, the shape of a year.
    pub fn year_shaped(&self) -> bool {
        self.whole == 4 && !self.grouped && self.dots == 0 && !self.vulgar && !self.leading_zero
    }

    pub fn integer(&self) -> bool {
        self.dots == 0 && !self.vulgar
    }
}

/// Reads a number token (`6,000`, `720, 000`, `2.25`, `4¼`, `½`).
pub(crate) fn digits_value(s: &str) -> (f64, Digits) {
    let mut whole = 0.0f64;
    let mut frac = 0.0f64;
    let mut scale = 0.1;
    let mut info = Digits::default();
    let mut in_frac = false;
    let mut first = true;
    for c in s.chars() {
        match c {
            '0'..='9' => {
                let d = f64::from(c as u8 - b'0');
                if in_frac {
                    frac += d * scale;
                    scale /= 10.0;
                } else {
                    if first && c == '0' {
                        info.leading_zero = true;
                    }
                    whole = whole * 10.0 + d;
                    info.whole += 1;
                }
                first = false;
            }
            '.' => {
                info.dots += 1;
                in_frac = true;
            }
            ',' | '\u{2009}' | '\u{202f}' => info.grouped = true,
            _ => {
                if let Some(v) = vulgar_value(c) {
                    info.vulgar = true;
                    frac += v;
                }
            }
        }
    }
    if info.whole <= 1 {
        info.leading_zero = false;
    }
    (whole + frac, info)
}

/// One number as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Number {
    /// First token (an article for `a million`).
    pub first: usize,
    /// Last token (the scale word, or the fraction word).
    pub last: usize,
    /// The first token that is itself numeric (`million` in `a million`).
    pub lead: usize,
    pub value: f64,
    /// The scale the value was multiplied by (1 when there is none), so that
    /// a range can lend its scale to its lower end (`5 to 10 million`).
    pub scale: f64,
    /// Written wholly in words.
    pub spelled: bool,
    /// Has a scale word or suffix (`billion`, `bn`).
    pub scaled: bool,
    /// A fraction of a whole (`two-thirds`, `a quarter of`).
    pub fraction: bool,
    /// The shape of the digits, when written in digits.
    pub digits: Option<Digits>,
    /// The scale suffix glued to the digits (`13bn`), so that it is not read
    /// as an identifier.
    pub glued_suffix: bool,
}

/// Reads the number starting at token `i`, if one does.
pub(crate) fn parse(s: &Sentence, i: usize) -> Option<Number> {
    match s.kind(i)? {
        Kind::Number => Some(parse_digits(s, i)),
        Kind::Word => parse_words(s, i),
        _ => None,
    }
}

fn parse_digits(s: &Sentence, i: usize) -> Number {
    let (mut value, info) = digits_value(s.str(i));
    let mut n = Number {
        first: i,
        last: i,
        lead: i,
        value,
        scale: 1.0,
        spelled: false,
        scaled: false,
        fraction: false,
        digits: Some(info),
        glued_suffix: false,
    };
    // A capital `K`, `M`, `B` is a scale after a currency (`$50K`) but a
    // name elsewhere (`4K`, `3M`).
    let after_currency = i > 0 && s.glued(i) && s.punct(i - 1).is_some();
    let suffix = s.str(i + 1);
    let capital_letter = suffix.len() == 1 && suffix.as_bytes()[0].is_ascii_uppercase();
    if s.glued(i + 1) && s.is_word(i + 1) && (after_currency || !capital_letter) {
        if let Some(m) = scale_suffix(suffix) {
            value *= m;
            n.scale = m;
            n.last = i + 1;
            n.scaled = true;
            n.glued_suffix = true;
        }
    } else if let Some(m) = match num_word_at(s, i + 1) {
        Some(NumWord::Scale(m)) => Some(m),
        Some(NumWord::Hundred) => Some(100.0),
        _ => s.word(i + 1).and_then(spaced_scale_abbreviation),
    } {
        value *= m;
        n.scale = m;
        n.last = i + 1;
        n.scaled = true;
    }
    n.value = value;
    n
}

fn is_article(s: &Sentence, i: usize) -> bool {
    s.is(i, "a") || s.is(i, "an")
}

fn parse_words(s: &Sentence, i: usize) -> Option<Number> {
    let w = s.str(i);
    let base = Number {
        first: i,
        last: i,
        lead: i,
        value: 0.0,
        scale: 1.0,
        spelled: true,
        scaled: false,
        fraction: false,
        digits: None,
        glued_suffix: false,
    };
    // `a million`, `a hundred`, `a quarter of`.
    if is_article(s, i) {
        return match num_word_at(s, i + 1)? {
            NumWord::Scale(m) => Some(Number {
                last: i + 1,
                lead: i + 1,
                value: m,
                scale: m,
                scaled: true,
                ..base
            }),
            NumWord::Hundred => Some(Number {
                last: i + 1,
                lead: i + 1,
                value: 100.0,
                ..base
            }),
            NumWord::Fraction {
                denominator,
                plural: false,
            } if denominator > 2 && s.is(i + 2, "of") && !quarter_of_time(s, i + 1) => {
                Some(Number {
                    last: i + 1,
                    lead: i + 1,
                    value: 1.0 / f64::from(denominator),
                    fraction: true,
                    ..base
                })
            }
            _ => None,
        };
    }
    // `half a million`.
    if w.eq_ignore_ascii_case("half") && is_article(s, i + 1) {
        if let Some(NumWord::Scale(m)) = num_word_at(s, i + 2) {
            return Some(Number {
                last: i + 2,
                value: m / 2.0,
                scale: m,
                scaled: true,
                ..base
            });
        }
        return None;
    }
    let (mut value, mut last) = match num_word(w)? {
        NumWord::Unit(u) => (f64::from(u), i),
        NumWord::Ten(t) => {
            // `twenty-five`, `twenty five`.
            let j = if s.is_punct(i + 1, '-') && s.glued(i + 1) && s.glued(i + 2) {
                i + 2
            } else {
                i + 1
            };
            match num_word_at(s, j) {
                Some(NumWord::Unit(u))
                    if u < 10 && (j == i + 2 || s.has(j, super::tokens::SPACE)) =>
                {
                    (f64::from(t + u), j)
                }
                _ => (f64::from(t), i),
            }
        }
        _ => return None,
    };
    let mut n = Number { ..base };
    // `two-thirds`, `one third`, `three-tenths`.
    let j = if s.is_punct(last + 1, '-') && s.glued(last + 1) && s.joined(last + 2) {
        last + 2
    } else {
        last + 1
    };
    if let Some(NumWord::Fraction { denominator, .. }) = num_word_at(s, j)
        && value < f64::from(denominator)
        && !quarter_of_time(s, j)
    {
        n.last = j;
        n.value = value / f64::from(denominator);
        n.fraction = true;
        return Some(n);
    }
    // `one hundred (and) twenty-five`.
    if s.is(last + 1, "hundred") {
        value *= 100.0;
        last += 1;
        let k = if s.is(last + 1, "and") {
            last + 2
        } else {
            last + 1
        };
        if let Some(rest) = small_words(s, k) {
            value += rest.0;
            last = rest.1;
        }
    }
    // `two and a half (million)`.
    if s.is(last + 1, "and") && is_article(s, last + 2) && s.is(last + 3, "half") {
        value += 0.5;
        last += 3;
    }
    if let Some(NumWord::Scale(m)) = num_word_at(s, last + 1) {
        value *= m;
        last += 1;
        n.scale = m;
        n.scaled = true;
    }
    n.value = value;
    n.last = last;
    Some(n)
}

/// `one` … `ninety-nine` at `i`: its value and last token.
fn small_words(s: &Sentence, i: usize) -> Option<(f64, usize)> {
    match num_word_at(s, i)? {
        NumWord::Unit(u) => Some((f64::from(u), i)),
        NumWord::Ten(t) => {
            if s.is_punct(i + 1, '-')
                && s.glued(i + 1)
                && s.glued(i + 2)
                && let Some(NumWord::Unit(u)) = num_word_at(s, i + 2)
                && u < 10
            {
                return Some((f64::from(t + u), i + 2));
            }
            Some((f64::from(t), i))
        }
        _ => None,
    }
}

/// `quarters of 2020`, `quarter of the year`: periods of time, not fractions.
pub(crate) fn quarter_of_time(s: &Sentence, i: usize) -> bool {
    if !(s.is(i, "quarter") || s.is(i, "quarters")) || !s.is(i + 1, "of") {
        return false;
    }
    let year_shaped = |k: usize| s.is_number(k) && digits_value(s.str(k)).1.year_shaped();
    year_shaped(i + 2)
        || ((s.is_any(
            i + 2,
            &["the", "this", "last", "next", "that", "each", "every"],
        )) && (s.is(i + 3, "year") || s.is(i + 3, "fiscal") || year_shaped(i + 3)))
}
