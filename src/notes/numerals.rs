//! The numbers a passage states, and the passage read with them masked.
//!
//! A note on "25 million doses" whose words now read "20 million doses" has
//! not lost its place: the sentence is the one it was, its figure changed,
//! and that change is the one thing a fact-checker must be told. So
//! anchoring also compares a quote with its numbers masked, to find the
//! passage that says the same but for its numbers, and the messages say
//! which figure became which (`number_change`).
//!
//! Numbers are digit groups (`4.2`, `1,200`) and English number words. A
//! run of them joined by spaces or hyphens (`twenty-five million`,
//! `25 million`) is one figure, so the message names the whole of it.

/// The numbers a passage states, in order: digit groups (`4.2`, `1,200`)
/// and English number words. An approximate match must state the same ones,
/// so a note on `twelve percent` never drifts onto `fifteen percent`.
pub fn numerals(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        match token_at(s, i) {
            Some(end) => {
                out.push(s[i..end].to_lowercase());
                i = end;
            }
            None => i += next_char_len(s, i).max(skip_word(s, i)),
        }
    }
    out
}

/// Number words, lower-case. `twenty-five` is two of them, the hyphen
/// joining them into one run.
const WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "million",
    "billion",
    "trillion",
    "dozen",
    "half",
    "quarter",
    "third",
    "thirds",
    "quarters",
    "double",
    "triple",
    "twice",
];

/// The end of the number token starting at byte `i`: a digit group, or a
/// whole word that is a number word.
fn token_at(s: &str, i: usize) -> Option<usize> {
    let bytes = s.as_bytes();
    if bytes[i].is_ascii_digit() {
        let mut end = i + 1;
        while end < bytes.len() {
            let joins = matches!(bytes[end], b'.' | b',')
                && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
            if bytes[end].is_ascii_digit() {
                end += 1;
            } else if joins {
                end += 2;
            } else {
                break;
            }
        }
        return Some(end);
    }
    let end = i + skip_word(s, i);
    // The longest number word is nine letters; a longer word is none.
    if end == i || end - i > 9 {
        return None;
    }
    let word = &s[i..end];
    WORDS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
        .then_some(end)
}

/// The length of the alphabetic word starting at byte `i` (0 if none).
fn skip_word(s: &str, i: usize) -> usize {
    s[i..]
        .char_indices()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(s.len() - i, |(k, _)| k)
}

fn next_char_len(s: &str, i: usize) -> usize {
    s[i..].chars().next().map_or(1, char::len_utf8)
}

/// Where the run of number tokens starting at `i` ends: tokens joined by
/// spaces or hyphens (`twenty-five million`, `25 million`).
fn run_at(s: &str, i: usize) -> Option<usize> {
    let mut end = token_at(s, i)?;
    loop {
        let gap = s[end..]
            .char_indices()
            .find(|&(_, c)| !(c == '-' || c == ' ' || c == '\u{a0}'))
            .map_or(s.len() - end, |(k, _)| k);
        if gap == 0 || gap > 3 || end + gap >= s.len() {
            return Some(end);
        }
        match token_at(s, end + gap) {
            Some(next) => end = next,
            None => return Some(end),
        }
    }
}

/// What stands for a number in a masked passage: a private-use character,
/// which no transcript writes.
const MARK: char = '\u{E000}';

/// A passage with each run of numbers replaced by one `MARK`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    /// The passage with its numbers masked.
    pub text: String,
    /// Each run: where its mark is in `text`, and its bytes in the passage.
    runs: Vec<(usize, std::ops::Range<usize>)>,
}

impl Masked {
    pub fn of(s: &str) -> Masked {
        let mut text = String::with_capacity(s.len());
        let mut runs = Vec::new();
        let mut literal = 0;
        let mut i = 0;
        // A token starts a run only at the start of a word: the `5` of
        // `COVID5` or the `one` of `someone` are not numbers.
        let mut after_word = false;
        while i < s.len() {
            let c = s[i..].chars().next().unwrap_or(' ');
            if !after_word && let Some(end) = run_at(s, i) {
                text.push_str(&s[literal..i]);
                runs.push((text.len(), i..end));
                text.push(MARK);
                literal = end;
                i = end;
                after_word = true;
                continue;
            }
            after_word = c.is_alphanumeric();
            i += c.len_utf8();
        }
        text.push_str(&s[literal..]);
        Masked { text, runs }
    }

    /// The runs of numbers, as byte spans of the passage.
    pub fn runs(&self) -> impl Iterator<Item = &std::ops::Range<usize>> {
        self.runs.iter().map(|(_, span)| span)
    }

    pub fn has_numbers(&self) -> bool {
        !self.runs.is_empty()
    }

    /// The byte offset in the passage of byte `x` of `text`: a mark's start
    /// is its run's start, its end its run's end.
    pub fn original(&self, x: usize) -> usize {
        let before = self.runs.partition_point(|(at, _)| *at < x);
        self.runs[..before]
            .iter()
            .fold(x, |o, (_, span)| o + span.len() - MARK.len_utf8())
    }

    /// The longest stretch of `text` between marks, with where it starts
    /// in `text`: what to look for first, as no number can change it.
    pub fn longest_literal(&self) -> (usize, &str) {
        let mut best = (0, "");
        let mut from = 0;
        for piece in self.text.split(MARK) {
            if piece.len() > best.1.len() {
                best = (from, piece);
            }
            from += piece.len() + MARK.len_utf8();
        }
        best
    }
}

/// What changed between a note's quote and the words now where it is,
/// when only numbers did: the quote's figures and the new ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberChange {
    pub was: String,
    pub now: String,
}

impl std::fmt::Display for NumberChange {
    /// `the quote said 25 million; the transcript now says 20 million`: the
    /// words every message about a changed figure uses.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the quote said {}; the transcript now says {}",
            self.was, self.now
        )
    }
}

/// The figures that changed from `quote` to `now`, if the two passages are
/// the same but for their numbers and some of those differ.
pub fn number_change(quote: &str, now: &str) -> Option<NumberChange> {
    let (a, b) = (Masked::of(quote), Masked::of(now));
    if a.text != b.text || !a.has_numbers() {
        return None;
    }
    let mut was = Vec::new();
    let mut became = Vec::new();
    for (x, y) in a.runs().zip(b.runs()) {
        if numerals(&quote[x.clone()]) != numerals(&now[y.clone()]) {
            was.push(one_line(&quote[with_unit(quote, x)]));
            became.push(one_line(&now[with_unit(now, y)]));
        }
    }
    (!was.is_empty()).then(|| NumberChange {
        was: was.join(" and "),
        now: became.join(" and "),
    })
}

/// A run of numbers with the currency sign before it and the percent after
/// it, as a figure is read: `$4.2 billion`, `twelve percent`.
fn with_unit(s: &str, run: &std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = match s[..run.start].chars().next_back() {
        Some(c @ ('$' | '€' | '£' | '¥')) => run.start - c.len_utf8(),
        _ => run.start,
    };
    let rest = &s[run.end..];
    let unit = ["%", " percent", " per cent"]
        .iter()
        .find(|u| {
            rest.get(..u.len())
                .is_some_and(|r| r.eq_ignore_ascii_case(u))
                && !rest[u.len()..].starts_with(char::is_alphanumeric)
        })
        .map_or(0, |u| u.len());
    start..run.end + unit
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_are_digit_groups_and_number_words() {
        assert_eq!(
            numerals("Twenty-five of 1,200 rose 4.2%, twice. Someone."),
            ["twenty", "five", "1,200", "4.2", "twice"]
        );
    }

    #[test]
    fn runs_join_number_words_and_scales() {
        let masked = Masked::of("we gave twenty-five million doses, 4.2 percent of 1,200");
        let runs: Vec<&str> = masked
            .runs()
            .map(|r| &"we gave twenty-five million doses, 4.2 percent of 1,200"[r.clone()])
            .collect();
        assert_eq!(runs, ["twenty-five million", "4.2", "1,200"]);
        assert_eq!(
            masked.text,
            "we gave \u{E000} doses, \u{E000} percent of \u{E000}"
        );
    }

    #[test]
    fn numbers_inside_words_are_not_masked() {
        assert_eq!(
            Masked::of("someone said COVID19").text,
            "someone said COVID19"
        );
        assert!(!Masked::of("someone said COVID19").has_numbers());
    }

    #[test]
    fn masked_offsets_map_back() {
        let s = "up 25 million, or 3%";
        let masked = Masked::of(s);
        let mark = masked.text.find(MARK).unwrap();
        assert_eq!(masked.original(mark), 3);
        assert_eq!(masked.original(mark + MARK.len_utf8()), 13);
        assert_eq!(masked.original(masked.text.len()), s.len());
        assert_eq!(masked.longest_literal(), (6, ", or "));
    }

    #[test]
    fn a_changed_figure_is_named_old_and_new() {
        assert_eq!(
            number_change("25 million doses", "20 million doses"),
            Some(NumberChange {
                was: "25 million".into(),
                now: "20 million".into()
            })
        );
        assert_eq!(
            number_change(
                "rose twelve percent in 2020",
                "rose fifteen percent in 2020"
            ),
            Some(NumberChange {
                was: "twelve percent".into(),
                now: "fifteen percent".into()
            })
        );
        assert_eq!(
            number_change("cost $4.2 billion, up 3%", "cost $3.9 billion, up 4%"),
            Some(NumberChange {
                was: "$4.2 billion and 3%".into(),
                now: "$3.9 billion and 4%".into()
            })
        );
        // Other words changed too: not a number change.
        assert_eq!(number_change("25 million doses", "20 million shots"), None);
        // Same numbers: nothing to say.
        assert_eq!(number_change("25 million doses", "25  million doses"), None);
        assert_eq!(number_change("no numbers", "no numbers"), None);
    }
}
