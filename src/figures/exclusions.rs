//! Exclusions: the numbers that are not figures, and why.
//!
//! Each rule looks at a quantity and the tokens around it. The wider reading
//! wins over the number inside it, as Duckling's dominance does: `2:15` is a
//! time before it is a 2, `February 4` a date, `COVID-19` a name, `the two
//! countries` a reference back, `in the following six respects` a frame for
//! a list. The rules run from the most certain (the shape of the token) to
//! the most contextual (durations and list framing).

use super::numbers::{self, NumWord};
use super::quantity::{Glued, Quantity, Shape};
use super::tokens::{BREAK, Kind, LINE_START, Sentence};
use super::{units, words};

/// Why a number is not a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    /// `(00:40)`, `[01:02:03]`, `00:00:02.400 --> …`, `11:27`.
    Timestamp,
    /// `2:15 P.M.`, `10am`, `5 o’clock`.
    TimeOfDay,
    /// `February 4`, `19 March`.
    Date,
    /// `2020`, `in 1949`, `’26`.
    Year,
    /// `the 1990s`.
    Decade,
    /// `19th`, `1st`.
    Ordinal,
    /// `COVID-19`, `G20`, `5G`, `H1N1`, `1.2.3`, `1-800-…`, `007`.
    Code,
    /// `Article 5`, `Vision 2030`, `Speaker 1`, `hotline 12308`, `No. 1`.
    NumberedName,
    /// `1.` or `(a)`-style markers: `(3)`, a number opening a line with `.`.
    ListMarker,
    /// A number alone on its line: a cue or page number.
    Furniture,
    /// `the two countries`, `those two`, `the first 10 months`.
    SetReference,
    /// `two points`, `three updates`, `four areas: …`, a count whose
    /// members are listed at once.
    Enumeration,
    /// `one of the`, `two-state`, `one-time`, `100 percent sure`.
    Idiom,
    /// `24/7`, `9/11`, `12/25`: slashed pairs are dates and set phrases.
    Slashed,
    /// `two or three`.
    Vague,
    /// A duration that frames another claim (`two days ago`, `after six
    /// months`, `the past 18 months`).
    Duration,
    /// A count in words with nothing counted (`those two`, `I have three`).
    NothingCounted,
}

#[cfg(test)]
impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Timestamp => "timestamp",
            Reason::TimeOfDay => "time of day",
            Reason::Date => "date",
            Reason::Year => "year",
            Reason::Decade => "decade",
            Reason::Ordinal => "ordinal",
            Reason::Code => "code",
            Reason::NumberedName => "numbered name",
            Reason::ListMarker => "list marker",
            Reason::Furniture => "furniture",
            Reason::SetReference => "set reference",
            Reason::Enumeration => "enumeration",
            Reason::Idiom => "idiom",
            Reason::Slashed => "slashed",
            Reason::Vague => "vague",
            Reason::Duration => "duration",
            Reason::NothingCounted => "nothing counted",
        }
    }
}

/// `Ok` when the quantity is a figure, else the reason it is not.
pub(crate) fn check(s: &Sentence, q: &Quantity) -> Result<(), Reason> {
    shape_of_digits(s, q)?;
    calendar(s, q)?;
    numbered_name(s, q)?;
    idiom(s, q)?;
    if q.is_bare_count() {
        set_reference(s, q)?;
        enumeration(s, q)?;
    }
    duration(s, q)?;
    if q.number.spelled
        && !q.number.scaled
        && !q.number.fraction
        && q.shape == Shape::Count
        && q.unit.is_none()
        && !q.of_the_last
    {
        return Err(Reason::NothingCounted);
    }
    Ok(())
}

/// The shapes that rule out the number at token `i` before anything around
/// it is read: digits joined by colons to more digits (`11:27`) and digits
/// glued to a word before them (`COVID-19`, `G20`). They are most of the
/// numbers in a transcript, so they are settled here cheaply; `check`
/// would reach the same verdict.
pub(crate) fn at_a_glance(s: &Sentence, i: usize) -> Option<Reason> {
    let glued_number = |k: usize| s.is_number(k) && s.glued(k);
    let colon_after = s.is_punct(i + 1, ':') && s.glued(i + 1) && glued_number(i + 2);
    let colon_before =
        i > 1 && s.is_punct(i - 1, ':') && s.glued(i) && s.is_number(i - 2) && s.glued(i - 1);
    if colon_after || colon_before {
        // A `2:1` ratio is left to `quantity`.
        let plain = |t: &str| t.bytes().all(|b| b.is_ascii_digit()) && !t.starts_with('0');
        let right = if colon_after { i + 2 } else { i };
        let left = right - 2;
        let ratio_shaped = s.str(right).len() != 2
            && !(s.is_punct(right + 1, ':') && s.glued(right + 1))
            && !(left > 1 && s.is_punct(left - 1, ':') && s.glued(left))
            && plain(s.str(right))
            && plain(s.str(left));
        if ratio_shaped {
            return None;
        }
        return Some(if clock_after(s, i + 1) || clock_after(s, i + 3) {
            Reason::TimeOfDay
        } else {
            Reason::Timestamp
        });
    }
    if s.glued(i) && s.is_word(i.wrapping_sub(1)) {
        return Some(Reason::Code);
    }
    if i > 1
        && s.is_punct(i - 1, '-')
        && s.glued(i)
        && s.glued(i - 1)
        && s.is_word(i - 2)
        && !s.is_any(i - 2, &["mid", "pre", "post", "late", "early"])
    {
        return Some(Reason::Code);
    }
    None
}

/// Rules on the digits and what touches them.
fn shape_of_digits(s: &Sentence, q: &Quantity) -> Result<(), Reason> {
    let Some(d) = q.number.digits else {
        return Ok(());
    };
    let lead = q.number.lead;
    let (first, last) = q.core;
    // `11:27`, `00:00:02.400`: colon-joined digits are clock readings, except
    // the `2:1` ratio that `quantity` already recognised.
    if q.shape != Shape::ColonRatio
        && ((s.is_punct(lead + 1, ':')
            && s.glued(lead + 1)
            && s.is_number(lead + 2)
            && s.glued(lead + 2))
            || (lead > 1
                && s.is_punct(lead - 1, ':')
                && s.glued(lead)
                && s.is_number(lead - 2)
                && s.glued(lead - 1)))
    {
        return Err(if clock_after(s, last + 1) || clock_after(s, lead + 3) {
            Reason::TimeOfDay
        } else {
            Reason::Timestamp
        });
    }
    // `24/7`, `9/11`, `3/4/2020`.
    if (s.is_punct(last + 1, '/')
        && s.glued(last + 1)
        && s.is_number(last + 2)
        && s.glued(last + 2))
        || (lead > 1 && s.is_punct(lead - 1, '/') && s.glued(lead) && s.is_number(lead - 2))
    {
        return Err(Reason::Slashed);
    }
    match q.glued {
        Glued::Ordinal => return Err(Reason::Ordinal),
        Glued::Clock => return Err(Reason::TimeOfDay),
        Glued::Letters => return Err(Reason::Code),
        Glued::Plural => {
            // `the 1990s`, `the ’90s`, `the 80s`; but `the low 2s` is a level.
            let level = lead > 0 && s.is_any(lead - 1, &["low", "mid", "high", "upper", "lower"]);
            if d.year_shaped() || (!level && d.whole >= 2 && q.number.value % 10.0 == 0.0) {
                return Err(Reason::Decade);
            }
        }
        Glued::None => {}
    }
    // Letters glued before (`G20`, `Q2`), or a word and a hyphen (`COVID-19`).
    if s.glued(first) && s.is_word(first.wrapping_sub(1)) {
        return Err(Reason::Code);
    }
    if first > 1 && s.is_punct(first - 1, '-') && s.glued(first) && s.glued(first - 1) {
        match s.kind(first - 2) {
            Some(Kind::Word) if !s.is_any(first - 2, &["mid", "pre", "post", "late", "early"]) => {
                return Err(Reason::Code);
            }
            Some(Kind::Number) => {
                // `2020-21`, `2019-2020`; `1-800-273-8255`, a `5-7` record.
                let after_year = numbers::digits_value(s.str(first - 2)).1.year_shaped();
                return Err(if after_year && (d.whole <= 2 || d.year_shaped()) {
                    Reason::Year
                } else {
                    Reason::Code
                });
            }
            _ => {}
        }
    }
    // `1-800`, `202-456-1111`: digits hyphen-glued to more digits that were
    // not read as a range.
    if q.upper.is_none()
        && s.is_punct(last + 1, '-')
        && s.glued(last + 1)
        && s.glued(last + 2)
        && s.is_number(last + 2)
    {
        return Err(if d.year_shaped() {
            Reason::Year
        } else {
            Reason::Code
        });
    }
    // `1.2.3`, `007`.
    if d.dots >= 2 || d.leading_zero {
        return Err(Reason::Code);
    }
    // `#1`.
    if first > 0 && s.is_punct(first - 1, '#') && s.glued(first) {
        return Err(Reason::NumberedName);
    }
    // `’26`: an elided century.
    if first > 0
        && (s.is_punct(first - 1, '’') || s.is_punct(first - 1, '\'') || s.is_punct(first - 1, '‘'))
        && s.glued(first)
        && !s.glued(first - 1)
        && d.whole == 2
        && d.integer()
    {
        return Err(Reason::Year);
    }
    // `(3)`, `(202) 456-1111`: a number alone in brackets is an
    // enumerator or part of a code.
    if first > 0
        && s.is_punct(first - 1, '(')
        && s.glued(first)
        && s.is_punct(last + 1, ')')
        && s.glued(last + 1)
        && q.shape == Shape::Count
        && q.unit.is_none()
    {
        return Err(Reason::ListMarker);
    }
    if s.has(first, LINE_START) {
        // `1.` or `1)` opening a line.
        let marker_punct = (s.is_punct(last + 1, '.') || s.is_punct(last + 1, ')'))
            && s.glued(last + 1)
            && s.tok(last + 2).is_none_or(|t| t.has(super::tokens::SPACE));
        if marker_punct && d.whole <= 2 && d.integer() {
            return Err(Reason::ListMarker);
        }
        // A number alone on its line: a cue or page number.
        if q.end == last && s.tok(last + 1).is_none_or(|t| t.has(BREAK)) {
            return Err(Reason::Furniture);
        }
    }
    Ok(())
}

/// `a.m.`, `p.m.`, `am`, `PM`, `o’clock` at `k`.
fn clock_after(s: &Sentence, k: usize) -> bool {
    if s.is_any(k, &["am", "pm", "o'clock", "o’clock"]) {
        return true;
    }
    s.is_any(k, &["a", "p"]) && s.is_punct(k + 1, '.') && s.is(k + 2, "m")
}

/// Years, dates and times of day.
fn calendar(s: &Sentence, q: &Quantity) -> Result<(), Reason> {
    let Some(d) = q.number.digits else {
        return Ok(());
    };
    let (first, last) = q.core;
    if clock_after(s, last + 1) {
        return Err(Reason::TimeOfDay);
    }
    // `at 9 tonight`, `at 6 in the morning`
    if q.number.value <= 24.0
        && d.integer()
        && q.unit.is_none()
        && (s.is_any(last + 1, &["tonight", "tomorrow", "today", "sharp"])
            || (s.is(last + 1, "in")
                && s.is(last + 2, "the")
                && s.is_any(last + 3, &["morning", "afternoon", "evening"])))
    {
        return Err(Reason::TimeOfDay);
    }
    let value = q.number.value;
    if (d.integer() && !q.currency && q.shape == Shape::Count) || q.shape == Shape::Duration {
        let day_like = (1.0..=31.0).contains(&value) && d.integer();
        if day_like || d.year_shaped() {
            // `February 4`, `March 19, 2025`, `the 4 of July`
            let month_before = first > 0 && s.word(first - 1).is_some_and(words::is_month);
            let month_after = s.word(last + 1).is_some_and(words::is_month)
                || (s.is(last + 1, "of") && s.word(last + 2).is_some_and(words::is_month));
            if month_before || (day_like && month_after) {
                return Err(Reason::Date);
            }
        }
    }
    if d.year_shaped() && (1100.0..=2199.0).contains(&value) {
        // `sent 2000 troops`: a counted plural right after a verb.
        let counted = q.head.is_some_and(|h| {
            q.unit.is_some_and(|u| u.0 == first + 1 || u.0 == last + 1)
                && words::looks_plural(s.str(h))
                && !s.capitalised(h)
        }) && first > 0
            && s.word(first - 1).is_some_and(|w| {
                !words::is_year_context(w)
                    && !s.capitalised(first - 1)
                    && words::is_counting_verb(w)
            });
        let quantity_cue = q.currency
            || q.number.scaled
            || matches!(
                q.shape,
                Shape::Percent | Shape::Multiplier | Shape::Measure | Shape::Ratio
            )
            || q.qualifier.as_ref().is_some_and(|x| x.bound)
            || counted;
        if !quantity_cue {
            return Err(Reason::Year);
        }
    }
    Ok(())
}

/// `Article 5`, `Vision 2030`, `Speaker 1`, `hotline 12308`, `No. 1`,
/// `Page 1 of 28`.
fn numbered_name(s: &Sentence, q: &Quantity) -> Result<(), Reason> {
    // Only a plain number can be a name's: `Africa 100-fold` is a multiplier.
    if q.number.digits.is_none() || q.currency || q.shape != Shape::Count {
        return Ok(());
    }
    let first = q.core.0;
    // `the 2.09 Competition`, `a 3.5 Turbo`: a decimal before a capitalised
    // noun names a thing; a count of things is a whole number, or a decimal
    // with a scale (`11.5 million Americans`).
    let after = q.core.1 + 1;
    if q.number.digits.is_some_and(|d| !d.integer() && !d.vulgar)
        && !q.number.scaled
        && s.capitalised(after)
        && s.word(after).is_some_and(|w| {
            !words::is_function_word(w) && !units::is_measure_unit(w) && !units::is_time_unit(w)
        })
        && !s.has(after, BREAK)
        && !shouted(s, after)
    {
        return Err(Reason::NumberedName);
    }
    if first == 0 || q.qualifier.is_some() {
        return Ok(());
    }
    let prev = first - 1;
    // `No. 1`, `H.R. 1234`, `S. 2`
    if s.is_punct(prev, '.')
        && prev > 0
        && (s.is_any(prev - 1, &["no", "nos"])
            || s.word(prev - 1)
                .is_some_and(|w| w.len() == 1 && w.as_bytes()[0].is_ascii_uppercase()))
    {
        return Err(Reason::NumberedName);
    }
    // `scopes 1, 2, and 3`, `paragraphs 12 and 14`: the later numbers of a
    // list of names are names too.
    if listed_after(s, first).is_some_and(words::is_identifier_head) {
        return Err(Reason::NumberedName);
    }
    let Some(w) = s.word(prev) else {
        return Ok(());
    };
    if s.has(first, BREAK) {
        return Ok(());
    }
    if words::is_identifier_head(w) {
        return Err(Reason::NumberedName);
    }
    // `the crisis line at 988`, `the hotline is 12308`
    if s.is_any(prev, &["at", "is", "on"])
        && prev > 0
        && s.is_any(
            prev - 1,
            &[
                "line",
                "hotline",
                "helpline",
                "number",
                "phone",
                "extension",
            ],
        )
    {
        return Err(Reason::NumberedName);
    }
    let name_like = s.capitalised(prev)
        && !words::is_function_word(w)
        && numbers::num_word(w).is_none()
        && !words::is_month(w)
        && !is_qualifier_word(w)
        && !shouted(s, first);
    if name_like {
        return Err(Reason::NumberedName);
    }
    Ok(())
}

/// The word before a list of bare numbers that the number at `first`
/// continues (`tiers 1, 2 and 3` gives `tiers` for the 2 and the 3), if it
/// does. The list is short, so the walk back is bounded.
fn listed_after<'a>(s: &Sentence<'a>, first: usize) -> Option<&'a str> {
    let joiner = |k: usize| s.is_punct(k, ',') || s.is_any(k, &["and", "or", "&"]);
    if first == 0 || !joiner(first - 1) {
        return None;
    }
    let mut numbers = 0;
    let mut k = first - 1;
    while k > 0 && first - k < 12 {
        k -= 1;
        if s.is_number(k) {
            numbers += 1;
        } else if !joiner(k) {
            return s.word(k).filter(|_| numbers > 0 && s.is_number(k + 1));
        }
    }
    None
}

/// Whether the text around token `i` is written in capitals throughout
/// (captions often are): there a capital says nothing about a name.
fn shouted(s: &Sentence, i: usize) -> bool {
    let around = i.saturating_sub(6)..(i + 6).min(s.len());
    let mut capitals = 0;
    for k in around {
        let Some(w) = s.word(k) else { continue };
        if w.bytes().any(|b| b.is_ascii_lowercase()) {
            return false;
        }
        if w.len() > 1 {
            capitals += 1;
        }
    }
    capitals >= 3
}

fn is_qualifier_word(w: &str) -> bool {
    [
        "over",
        "under",
        "nearly",
        "almost",
        "about",
        "around",
        "roughly",
        "approximately",
        "some",
        "only",
        "just",
        "another",
        "above",
        "below",
        "exactly",
        "precisely",
        "estimated",
        "barely",
        "fully",
        "upwards",
        "circa",
    ]
    .iter()
    .any(|q| w.eq_ignore_ascii_case(q))
}

/// `one of the`, `no one`, `two-state`, `one-time`, `two or three`,
/// `100 percent sure`, `one in a million`.
fn idiom(s: &Sentence, q: &Quantity) -> Result<(), Reason> {
    let n = &q.number;
    if q.hyphen_word.is_some() {
        return Err(Reason::Idiom);
    }
    // `one` on its own is a pronoun or an article far more often than a count.
    if n.spelled
        && n.value == 1.0
        && !n.scaled
        && !n.fraction
        && q.other.is_none()
        && matches!(q.shape, Shape::Count)
    {
        return Err(Reason::Idiom);
    }
    // `one in a million`
    if n.first != n.lead && n.first >= 2 && s.is(n.first - 1, "in") && s.is(n.first - 2, "one") {
        return Err(Reason::Idiom);
    }
    // `two or three`
    if n.spelled && !n.scaled {
        let (first, last) = q.core;
        let number_word = |k: usize| {
            s.word(k)
                .and_then(numbers::num_word)
                .is_some_and(|w| matches!(w, NumWord::Unit(_) | NumWord::Ten(_)))
        };
        if (s.is(last + 1, "or") && number_word(last + 2))
            || (first >= 2 && s.is(first - 1, "or") && number_word(first - 2))
        {
            return Err(Reason::Vague);
        }
    }
    // `10 out of 10`, `a 7 out of 10`: a rating, not a rate.
    if q.shape == Shape::Ratio
        && (q.value >= 100.0 || (q.core.0 > 0 && s.is_any(q.core.0 - 1, &["a", "an"])))
    {
        return Err(Reason::Idiom);
    }
    // `100 percent sure`: an intensifier.
    if q.shape == Shape::Percent
        && q.value == 100.0
        && s.is_any(
            q.core.1 + 1,
            &[
                "sure",
                "certain",
                "confident",
                "committed",
                "behind",
                "right",
                "correct",
                "true",
                "clear",
                "honest",
                "agree",
                "convinced",
                "focused",
                "wrong",
                "serious",
            ],
        )
    {
        return Err(Reason::Idiom);
    }
    Ok(())
}

/// `the two countries`, `those two`, `the first 10 months`, `last five years`.
fn set_reference(s: &Sentence, q: &Quantity) -> Result<(), Reason> {
    // A set has a whole number of members: `the 69.99` is a price.
    if q.number.digits.is_some_and(|d| !d.integer()) {
        return Ok(());
    }
    let mut k = q.core.0;
    let mut framed = false;
    while k > 0 && s.word(k - 1).is_some_and(words::is_frame_adjective) {
        framed = true;
        k -= 1;
    }
    // `the 300 pages of guidance`: a large count in digits after a bare
    // `the` tells the size of the thing, not which members are meant again
    // (those are few: `the two countries`, `the 10 plans`). A span of time
    // after `the` still frames (`the 9 000 hours in a year`).
    let sized = !framed
        && q.shape == Shape::Count
        && q.number.digits.is_some()
        && q.number.value >= 20.0
        && s.is(k.wrapping_sub(1), "the");
    if k > 0 && s.word(k - 1).is_some_and(words::is_definite) && !sized {
        return Err(Reason::SetReference);
    }
    if framed
        && s.is_any(
            q.core.0 - 1,
            &[
                "past",
                "last",
                "next",
                "first",
                "previous",
                "coming",
                "following",
                "top",
                "bottom",
            ],
        )
    {
        return Err(Reason::SetReference);
    }
    Ok(())
}

/// `two points`, `three updates`, `four distinct areas: trade, …`, `two
/// mechanisms, on A and on B`: the count frames a list, it claims nothing.
fn enumeration(s: &Sentence, q: &Quantity) -> Result<(), Reason> {
    // Speakers enumerate a handful of points; `scored 30 points` is a count.
    if let Some((a, b)) = q.unit.filter(|_| q.value < 10.0) {
        if (a..=b).any(|k| s.word(k).is_some_and(words::is_discourse_noun)) {
            return Err(Reason::Enumeration);
        }
        // `two pieces of news`
        if s.is(b + 1, "of") && s.word(b).is_some_and(words::is_discourse_noun) {
            return Err(Reason::Enumeration);
        }
    }
    // A colon soon after the counted noun opens the list of its members.
    let mut k = q.end + 1;
    let stop = (q.end + 10).min(s.len());
    while k < stop {
        match s.kind(k) {
            Some(Kind::Punct) => match s.punct(k) {
                Some(':') => return Err(Reason::Enumeration),
                Some('-') => {}
                _ => break,
            },
            Some(Kind::Number) | Some(Kind::Marker) | None => break,
            Some(Kind::Word) => {}
        }
        k += 1;
    }
    let count = q.value;
    if q.unit.is_some()
        && (2.0..=9.0).contains(&count)
        && count.fract() == 0.0
        && listed_members(s, q.end + 1) == Some(count as usize)
    {
        return Err(Reason::Enumeration);
    }
    Ok(())
}

/// Prepositions that introduce the members of a counted set.
const LIST_PREPOSITIONS: &[&str] = &[
    "on", "of", "in", "for", "to", "with", "against", "about", "between", "among", "from", "across",
];

/// The number of members listed after a counted noun at `k` (`on A and on
/// B` is two; `against A, B and C` is three), or `None` when no list follows.
fn listed_members(s: &Sentence, k: usize) -> Option<usize> {
    // `two offices, in Lima and in Quito`
    let k = if s.is_punct(k, ',') { k + 1 } else { k };
    let p = s.word(k).filter(|_| s.is_any(k, LIST_PREPOSITIONS))?;
    let mut repeated = 1;
    let mut items = 1;
    let mut joined = false;
    let mut i = k + 1;
    let mut in_item = false;
    // A list of members is short; a clause that runs on is no list.
    while i < s.len().min(k + 40) {
        match s.kind(i) {
            Some(Kind::Number) | Some(Kind::Marker) => return None,
            Some(Kind::Punct) => match s.punct(i) {
                Some(',') => {
                    if in_item {
                        items += 1;
                        in_item = false;
                    }
                }
                Some('-') => {}
                _ => break,
            },
            Some(Kind::Word) => {
                if s.is_any(i, &["and", "or"]) {
                    if in_item {
                        items += 1;
                        in_item = false;
                    }
                    joined = true;
                    if s.is(i + 1, p) {
                        repeated += 1;
                        i += 1;
                    }
                } else {
                    in_item = true;
                }
            }
            None => break,
        }
        i += 1;
    }
    if !joined {
        return None;
    }
    Some(if repeated > 1 { repeated } else { items })
}

/// Verbs that report a change or a level, after which a quantity is the
/// asserted value (`fell to 98 days`, `averaged 40 minutes`).
const CHANGE_VERBS: &[&str] = &[
    "rose",
    "risen",
    "rise",
    "rises",
    "fell",
    "fallen",
    "fall",
    "falls",
    "dropped",
    "drop",
    "drops",
    "increased",
    "decreased",
    "grew",
    "grown",
    "shrank",
    "climbed",
    "jumped",
    "declined",
    "averaged",
    "averages",
    "reached",
    "hit",
    "doubled",
    "halved",
    "cut",
    "reduced",
    "extended",
    "shortened",
    "lengthened",
];

/// A change (`from 125 days to 98 days`) or a level after a verb of change
/// (`dropped to 98 days`, `averaged 40 minutes`).
fn in_a_change(s: &Sentence, q: &Quantity) -> bool {
    let unit_end = q.unit.map_or(q.core.1, |u| u.1);
    if q.from && s.is(unit_end + 1, "to") && s.kind(unit_end + 2) == Some(Kind::Number) {
        return true;
    }
    let mut k = q.first();
    if k > 0 && s.is_any(k - 1, &["to", "by", "from"]) {
        k -= 1;
        // `from 125 days to 98 days`: the other end of the change.
        if s.is(k, "to") && (k.saturating_sub(6)..k).any(|j| s.is(j, "from") && s.is_number(j + 1))
        {
            return true;
        }
    }
    k > 0 && s.is_any(k - 1, CHANGE_VERBS)
}

/// Durations frame other claims unless something makes them the claim:
/// `three hours long`, `10 minutes or less`, `more than 130 years`,
/// `the strongest … in three decades`, `a 15-year low`, `a 5,000-year history`.
fn duration(s: &Sentence, q: &Quantity) -> Result<(), Reason> {
    match q.shape {
        Shape::Duration => {
            let after = q.unit.map_or(q.core.1, |u| u.1) + 1;
            let framing_after = s.is_any(
                after,
                &[
                    "ago", "later", "earlier", "prior", "ending", "hence", "since",
                ],
            ) || (s.is(after, "from") && s.is(after + 1, "now"))
                || (s.is(after, "on") && s.kind(after + 1) != Some(Kind::Word));
            if framing_after {
                return Err(Reason::Duration);
            }
            // `three hours long`, `40 years old`, `six months late`
            if s.is_any(
                after,
                &["long", "old", "late", "early", "overdue", "behind", "ahead"],
            ) || (s.is(after, "of") && s.is(after + 1, "age"))
            {
                return Ok(());
            }
            // `maybe 100 hours in the 9 000 hours of a year`: a share of a
            // longer span is the claim; the longer span frames it.
            let of_a_whole = s.is_any(after, &["in", "of"])
                && (s.is_number(after + 1)
                    || (s.is_any(after + 1, &["the", "a", "every", "each"])
                        && s.is_number(after + 2)));
            if of_a_whole {
                return Ok(());
            }
            // `30 hours per week`: a span of time per period is a measure of
            // how much, not a frame of when.
            if q.rate.is_some() {
                return Ok(());
            }
            // `fell from 125 days to 98 days`: a change in a span of time.
            if in_a_change(s, q) {
                return Ok(());
            }
            // `it took 10 months`, `served 27 years`: the span is the claim.
            let before = q.first();
            let verb_at =
                if before > 1 && s.is_any(before - 1, &["you", "us", "them", "him", "her", "me"]) {
                    before - 2
                } else {
                    before.wrapping_sub(1)
                };
            if s.is_any(
                verb_at,
                &[
                    "took", "take", "takes", "taken", "taking", "lasted", "lasts", "spent",
                    "spend", "spends", "served", "serves", "waited", "wait", "waits",
                ],
            ) {
                return Ok(());
            }
            if q.qualifier_after.as_ref().is_some_and(|x| x.bound) {
                return Ok(());
            }
            let framed_before = before > 0
                && s.is_any(
                    before - 1,
                    &[
                        "after",
                        "before",
                        "during",
                        "within",
                        "throughout",
                        "since",
                        "until",
                        "past",
                        "last",
                        "next",
                        "first",
                        "every",
                        "each",
                    ],
                );
            // `over five years` frames as often as it bounds; after `for`
            // (`for over 130 years`) it bounds.
            let bound = q.qualifier.as_ref().is_some_and(|x| {
                x.bound
                    && (!(s.is_any(x.at, &["over", "under"]) && x.at == x.last)
                        || (x.at > 0 && s.is(x.at - 1, "for")))
            });
            if bound && !framed_before {
                return Ok(());
            }
            if before > 0
                && s.is(before - 1, "in")
                && (0..before).any(|k| s.word(k).is_some_and(words::is_superlative))
            {
                return Ok(());
            }
            Err(Reason::Duration)
        }
        Shape::DurationAdjective => {
            let Some(d) = q.number.digits else {
                return Err(Reason::Duration);
            };
            let aged = s.is(q.core.1, "old") || s.is(q.core.1 + 1, "old");
            let extreme = s.is_any(
                q.core.1 + 1,
                &[
                    "low", "lows", "high", "highs", "record", "peak", "best", "worst", "history",
                    "old",
                ],
            );
            if d.integer() && (aged || extreme || q.number.value >= 100.0) {
                return Ok(());
            }
            Err(Reason::Duration)
        }
        _ => Ok(()),
    }
}
