//! Quantities: a number with everything around it that makes it a figure.
//!
//! `read` starts at a token and gathers, left to right: a currency before the
//! number (`$`, `US$`, `USD`), the number itself (`numbers::parse`), what is
//! glued to it (`%`, `-fold`, `-plus`, `-year`, `bn`, `th`, `s`), a compound
//! (`one in six`, `five of the last six`), the other end of a range
//! (`15 to 20 percent`, `4¼ to 4½ percent`), the unit or counted noun after
//! it and a rate (`a day`, `per month`). It decides nothing about whether
//! the quantity is a claim: `exclusions` does that with what is gathered here.

use super::numbers::{self, Number};
use super::qualifiers::{self, Qualifier};
use super::tokens::{Kind, Sentence};
use super::units;
use super::words;

/// What the symbols and words around the number make of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A plain number, perhaps with a counted noun.
    Count,
    Percent,
    /// `one in six`, `3 out of 4`: a rate, valued in percent.
    Ratio,
    /// `20-fold`, `three times as many`, `10x`, `more than double`.
    Multiplier,
    /// `2:1`.
    ColonRatio,
    /// A unit of measure follows (`6,000 kilometers`).
    Measure,
    /// A unit of time follows (`three decades`, `18 months`).
    Duration,
    /// A hyphenated unit of time makes it an adjective (`15-year low`).
    DurationAdjective,
}

/// Something glued to the digits that the rules have to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Glued {
    None,
    /// `19th`, `1st`.
    Ordinal,
    /// `2s`, `1980s`.
    Plural,
    /// `10am`, `3pm`.
    Clock,
    /// Letters that are no unit (`5G`, `28March`): an identifier.
    Letters,
}

/// A number and what surrounds it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantity {
    pub number: Number,
    /// The upper end of a range, or the denominator of a ratio.
    pub other: Option<Number>,
    pub shape: Shape,
    pub glued: Glued,
    /// A currency symbol, code or name is part of it.
    pub currency: bool,
    /// First and last token of the numeric core.
    pub core: (usize, usize),
    pub value: f64,
    pub upper: Option<f64>,
    /// The unit or counted noun after the core, as token bounds.
    pub unit: Option<(usize, usize)>,
    /// The head word of the counted noun phrase, as a token index.
    pub head: Option<usize>,
    /// A rate after the unit (`a day`, `per month`), as token bounds.
    pub rate: Option<(usize, usize)>,
    pub qualifier: Option<Qualifier>,
    /// A qualifier after the figure (`or more`, `-plus`).
    pub qualifier_after: Option<Qualifier>,
    /// A word hyphen-glued after the number that is no unit (`two-state`).
    pub hyphen_word: Option<usize>,
    /// `N of the last M`.
    pub of_the_last: bool,
    /// `from X to Y`: the first of two figures of a change.
    pub from: bool,
    /// Last token the quantity takes (qualifier after, unit and rate included).
    pub end: usize,
}

impl Quantity {
    /// A count with nothing but perhaps a noun: what set references, list
    /// framings and discourse counts can be.
    pub fn is_bare_count(&self) -> bool {
        matches!(self.shape, Shape::Count | Shape::Duration)
            && !self.currency
            && !self.number.scaled
            && !self.number.fraction
            && self.qualifier.is_none()
            && self.qualifier_after.is_none()
            && !self.of_the_last
    }

    /// The first token of the whole figure (qualifier included).
    pub fn first(&self) -> usize {
        self.qualifier
            .as_ref()
            .map_or(self.core.0, |q| q.at.min(self.core.0))
    }
}

/// The number at token `i` alone, for numbers ruled out at a glance.
pub(crate) fn bare(s: &Sentence, i: usize) -> Option<Quantity> {
    let number = numbers::parse(s, i)?;
    Some(Quantity {
        number,
        other: None,
        shape: Shape::Count,
        glued: Glued::None,
        currency: false,
        core: (i, i),
        value: number.value,
        upper: None,
        unit: None,
        head: None,
        rate: None,
        qualifier: None,
        qualifier_after: None,
        hyphen_word: None,
        of_the_last: false,
        from: false,
        end: i,
    })
}

/// Reads the quantity that starts at token `i`, if one does.
pub(crate) fn read(s: &Sentence, i: usize) -> Option<Quantity> {
    let mut q = read_single(s, i)?;
    range(s, &mut q);
    unit(s, &mut q);
    if let Some(after) = qualifiers::after(s, q.end + 1) {
        q.end = after.last;
        q.qualifier_after = Some(after);
    }
    Some(q)
}

/// Where the number starts after a currency written before it, if any.
fn currency_prefix(s: &Sentence, i: usize) -> Option<usize> {
    let glued_number = |k: usize| s.is_number(k) && s.glued(k);
    if let Some(c) = s.punct(i) {
        if units::is_currency_symbol(c) && glued_number(i + 1) {
            return Some(i + 1);
        }
        return None;
    }
    if s.word(i).is_some_and(units::is_dollar_prefix)
        && s.is_punct(i + 1, '$')
        && s.glued(i + 1)
        && glued_number(i + 2)
    {
        return Some(i + 2);
    }
    if s.word(i).is_some_and(units::is_currency_code) && s.is_number(i + 1) {
        return Some(i + 1);
    }
    None
}

fn read_single(s: &Sentence, i: usize) -> Option<Quantity> {
    let start = currency_prefix(s, i);
    let currency = start.is_some();
    let j = start.unwrap_or(i);
    let number = match numbers::parse(s, j) {
        Some(n) => n,
        None => return multiplier_word(s, i),
    };
    let mut q = Quantity {
        number,
        other: None,
        shape: Shape::Count,
        glued: Glued::None,
        currency,
        core: (i, number.last),
        value: number.value,
        upper: None,
        unit: None,
        head: None,
        rate: None,
        qualifier: qualifiers::before(s, i),
        qualifier_after: None,
        hyphen_word: None,
        of_the_last: false,
        from: false,
        end: number.last,
    };
    q.from = s.is(q.first().wrapping_sub(1), "from");
    if number.digits.is_some() && !number.scaled {
        glued_after_digits(s, &mut q);
    }
    suffix(s, &mut q);
    compound(s, &mut q);
    q.end = q.core.1;
    Some(q)
}

/// `more than double`, `twice as many`: a multiplier word counts with a
/// bound before it or a comparison after it.
fn multiplier_word(s: &Sentence, i: usize) -> Option<Quantity> {
    let factor = s.word(i).and_then(units::multiplier_word)?;
    let qualifier = qualifiers::before(s, i).filter(|q| q.bound);
    // `a doubling in usage`: the noun names the change. Only the `-ing`
    // nouns are taken after an article: `a double room` is no multiplier.
    let noun =
        s.str(i).len() > 7 && i > 0 && s.is_any(i - 1, &["a", "an", "the"]) && !s.is(i + 1, "down");
    // `could double by 2030`, `is expected to double`: the verb after a
    // modal or `to` forecasts a change, unless it is a phrasal verb
    // (`double down`, `double check`, `double as`).
    let verb = i > 0
        && s.is_any(
            i - 1,
            &[
                "could", "would", "will", "may", "might", "can", "should", "to",
            ],
        )
        && !s.is_any(
            i + 1,
            &[
                "down", "check", "checking", "up", "back", "click", "as", "over", "tap",
            ],
        );
    // `twice as many`, `double the rate`, `is double last year's`
    let compared = (s.is(i, "twice") && s.is_any(i + 1, &["as", "the", "what", "that"]))
        || (i > 0
            && s.is_any(
                i - 1,
                &["is", "was", "are", "were", "be", "been", "nearly", "almost"],
            ))
        || s.is_any(i + 1, &["the", "what", "that", "last", "its", "their"]);
    if qualifier.is_none() && !compared && !noun && !verb {
        return None;
    }
    let number = Number {
        first: i,
        last: i,
        lead: i,
        value: factor,
        scale: 1.0,
        spelled: true,
        scaled: false,
        fraction: false,
        digits: None,
        glued_suffix: false,
    };
    Some(Quantity {
        number,
        other: None,
        shape: Shape::Multiplier,
        glued: Glued::None,
        currency: false,
        core: (i, i),
        value: factor,
        upper: None,
        unit: None,
        head: None,
        rate: None,
        qualifier,
        qualifier_after: None,
        hyphen_word: None,
        of_the_last: false,
        from: false,
        end: i,
    })
}

/// Letters glued to the digits: an ordinal, a plural, a clock time, a unit
/// abbreviation, `x`, or an identifier's letters.
fn glued_after_digits(s: &Sentence, q: &mut Quantity) {
    let k = q.core.1 + 1;
    if !s.glued(k) {
        return;
    }
    match s.kind(k) {
        Some(Kind::Word) => {
            let w = s.str(k);
            let mut buf = [0u8; 24];
            q.glued = match numbers::lower(w, &mut buf).unwrap_or(b"?") {
                b"st" | b"nd" | b"rd" | b"th" => Glued::Ordinal,
                b"s" => Glued::Plural,
                b"am" | b"pm" | b"a" | b"p" => Glued::Clock,
                b"x" => {
                    q.shape = Shape::Multiplier;
                    Glued::None
                }
                _ if units::is_glued_unit(w) => {
                    q.shape = Shape::Measure;
                    q.unit = Some((k, k));
                    Glued::None
                }
                _ => Glued::Letters,
            };
            q.core.1 = k;
            // `H1N1`, `5G2`: letters and digits alternating are a code.
            if s.glued(k + 1) && s.is_number(k + 1) {
                q.glued = Glued::Letters;
            }
        }
        Some(Kind::Punct) => {
            // `5€`, `50¢`: a currency sign after the digits.
            if let Some(c) = s.punct(k)
                && units::is_currency_symbol(c)
                && (c == '¢' || !s.glued(k + 1))
            {
                q.currency = true;
                q.core.1 = k;
            }
        }
        _ => {}
    }
}

/// `%`, `percent`, `-fold`, `-plus`, `-year`, `times as many`, `2:1`.
fn suffix(s: &Sentence, q: &mut Quantity) {
    let k = q.core.1 + 1;
    if q.glued != Glued::None {
        return;
    }
    if let Some(len) = units::percent_after(s, k) {
        q.shape = Shape::Percent;
        q.core.1 = k + len - 1;
        return;
    }
    if s.is_punct(k, '-') && s.glued(k) && s.joined(k + 1) && s.is_word(k + 1) {
        let w = s.str(k + 1);
        if w.eq_ignore_ascii_case("fold") {
            q.shape = Shape::Multiplier;
            q.core.1 = k + 1;
        } else if w.eq_ignore_ascii_case("plus") {
            q.qualifier_after = Some(Qualifier {
                at: k + 1,
                last: k + 1,
                bound: true,
            });
            q.core.1 = k + 1;
        } else if units::is_time_unit(w) {
            q.shape = Shape::DurationAdjective;
            q.core.1 = k + 1;
            q.head = Some(k + 1);
            // `15-year-old`
            if s.is_punct(k + 2, '-') && s.glued(k + 2) && s.is(k + 3, "old") {
                q.core.1 = k + 3;
            }
        } else if w.eq_ignore_ascii_case("percent") {
            q.shape = Shape::Percent;
            q.core.1 = k + 1;
        } else if units::is_measure_unit(w) {
            q.shape = Shape::Measure;
            q.core.1 = k + 1;
            q.head = Some(k + 1);
        } else {
            q.hyphen_word = Some(k + 1);
        }
        return;
    }
    if units::is_times_comparison(s, k) {
        q.shape = Shape::Multiplier;
        q.core.1 = k;
        return;
    }
    // `2:1`: a ratio has a one-digit side; a clock has two-digit minutes.
    if s.is_punct(k, ':') && s.glued(k) && s.glued(k + 1) && s.is_number(k + 1) {
        let right = s.str(k + 1);
        let plain = |t: &str| t.bytes().all(|b| b.is_ascii_digit()) && !t.starts_with('0');
        let is_clock = right.len() == 2 || (s.is_punct(k + 2, ':') && s.glued(k + 2));
        if !is_clock && plain(right) && plain(s.str(q.number.lead)) {
            q.shape = Shape::ColonRatio;
            let (r, _) = numbers::digits_value(right);
            if r > 0.0 {
                q.value = q.number.value / r;
            }
            q.core.1 = k + 1;
        }
    }
}

/// `one in six`, `3 out of 4`, `five of the last six`.
fn compound(s: &Sentence, q: &mut Quantity) {
    if q.shape != Shape::Count || q.number.scaled || q.number.fraction || q.glued != Glued::None {
        return;
    }
    let k = q.core.1 + 1;
    let denominator_at = if s.is(k, "in") {
        Some(k + 1)
    } else if s.is(k, "out") && s.is(k + 1, "of") {
        Some(k + 2)
    } else {
        None
    };
    if let Some(d) = denominator_at {
        if let Some(m) = numbers::parse(s, d).filter(|m| m.first == m.lead) {
            let year_like = m.digits.is_some_and(|x| x.year_shaped());
            // `10 out of 10` reads as a ratio too (and `exclusions` calls it a rating).
            let whole = s.is(k, "out") && m.value == q.number.value;
            if !year_like && (m.value > q.number.value || whole) && q.number.value > 0.0 {
                q.shape = Shape::Ratio;
                q.value = q.number.value / m.value * 100.0;
                q.other = Some(m);
                q.core.1 = m.last;
            }
        }
        return;
    }
    // `five of the last six (months)`
    if s.is(k, "of")
        && s.is(k + 1, "the")
        && s.is_any(k + 2, &["last", "past", "previous", "first"])
        && let Some(m) = numbers::parse(s, k + 3).filter(|m| m.first == m.lead)
        && m.value > q.number.value
    {
        q.of_the_last = true;
        q.other = Some(m);
        q.core.1 = m.last;
    }
}

/// `15 to 20 percent`, `4¼ to 4½ percent`, `between 3 and 4 percent`,
/// `15-20%`, `between 17 hours and 29 hours`, and the approximation `19
/// percent or 20%`: one figure with an upper bound. `from X to Y` is a
/// change, two figures, so it is left alone.
fn range(s: &Sentence, q: &mut Quantity) {
    if q.from || q.glued != Glued::None || q.of_the_last || q.other.is_some() {
        return;
    }
    let mut k = q.core.1 + 1;
    // Only an `and` right after the number, or after one word, can close a
    // `between`: most numbers are followed by neither, and skip the look back.
    let between =
        (s.is(k, "and") || s.is(k + 1, "and")) && q.first() > 0 && between_before(s, q.first());
    // `between 17 hours and 29 hours`: the unit written with both ends; it
    // must be the same word after the upper end (checked below).
    let mut repeated = None;
    if between && s.is_word(k) && !s.is(k, "and") && s.is(k + 1, "and") && s.is_number(k + 2) {
        repeated = Some(k);
        k += 1;
    }
    // `19 percent or 20%`, `5 or 6 sites`: an approximation in digits. In
    // words, `two or three` is a vague amount (see `exclusions`).
    let or = s.is(k, "or") && q.number.digits.is_some() && s.is_number(k + 1);
    let joiner = if between {
        s.is(k, "and")
    } else {
        or || s.is_any(k, &["to", "through"])
            || ((s.is_punct(k, '-') || s.is_punct(k, '–')) && s.glued(k) && s.glued(k + 1))
    };
    if !joiner {
        return;
    }
    let Some(mut other) = read_single(s, k + 1) else {
        return;
    };
    if let Some(u) = repeated
        && !s.str(other.core.1 + 1).eq_ignore_ascii_case(s.str(u))
    {
        return;
    }
    let own_unit = q.shape != Shape::Count || q.currency;
    let same_shape = !own_unit || other.shape == q.shape;
    if !same_shape || other.glued != Glued::None || other.qualifier.is_some() {
        return;
    }
    // The lower end takes the scale the upper end is written with.
    let mut low = q.value;
    if !q.number.scaled && other.number.scaled && q.shape == Shape::Count {
        low *= other.number.scale;
    }
    if other.value <= low {
        return;
    }
    // `15-20%`, `5-10 million people`; but a bare `5-7` is a score or a record.
    let dashed = !s.is_any(k, &["to", "through", "and", "or"]);
    let unit_follows = s
        .word(other.core.1 + 1)
        .is_some_and(|w| !words::is_function_word(w));
    if dashed
        && other.shape == Shape::Count
        && !other.currency
        && !other.number.scaled
        && !unit_follows
    {
        return;
    }
    other.qualifier = None;
    q.shape = other.shape;
    q.currency |= other.currency;
    q.value = low;
    q.upper = Some(other.value);
    q.other = Some(other.number);
    q.core.1 = other.core.1;
    q.end = q.core.1;
}

/// Whether a `between` opens the range whose first token is `first`: just
/// before it, or before an earlier range that this one offers as the
/// alternative (`between 3 and 5 percent, or maybe 2 and 4 percent`).
fn between_before(s: &Sentence, first: usize) -> bool {
    if s.is(first - 1, "between") {
        return true;
    }
    let mut k = first - 1;
    while k > 0 && s.is_any(k, &["maybe", "perhaps", "possibly"]) {
        k -= 1;
    }
    if k == 0 || !s.is(k, "or") {
        return false;
    }
    // The earlier range is short: a number, `and`, a number and a unit.
    let stop = k.saturating_sub(8);
    (stop..k)
        .rev()
        .take_while(|&j| !s.is_punct(j, ',') && !s.is_punct(j, ';'))
        .any(|j| s.is(j, "between"))
}

/// The unit or counted noun after the core, and a rate after that.
fn unit(s: &Sentence, q: &mut Quantity) {
    if matches!(q.shape, Shape::Percent | Shape::ColonRatio) || q.glued != Glued::None {
        rate(s, q);
        return;
    }
    if q.shape == Shape::DurationAdjective || q.shape == Shape::Multiplier {
        return;
    }
    let k = q.core.1 + 1;
    if let Some(len) = units::currency_after(s, k) {
        q.currency = true;
        q.unit = Some((k, k + len - 1));
        q.end = k + len - 1;
        minor_units(s, q);
        rate(s, q);
        return;
    }
    // `$22 billion in investments`: a currency is the unit already.
    if q.shape == Shape::Measure || q.currency {
        rate(s, q);
        return;
    }
    let Some((first, head)) = noun_phrase(s, k) else {
        rate(s, q);
        return;
    };
    let first_word = s.str(first);
    if units::is_measure_unit(first_word) {
        // `6,000 kilometers (of railways)`: the unit, not what it measures;
        // `460 terawatt hours` is one unit of energy, not a span of time.
        let last = if s.is_any(first + 1, &["hour", "hours"]) {
            first + 1
        } else {
            first
        };
        q.shape = Shape::Measure;
        q.unit = Some((first, last));
        q.head = Some(last);
        q.end = last;
    } else if let Some((_, plural)) = units::time_unit_singular(first_word) {
        // `three decades`, `18 months`; a singular unit after a number
        // other than one is an adjective (`a three hour line`).
        q.shape = if plural || q.value == 1.0 || q.of_the_last {
            Shape::Duration
        } else {
            Shape::DurationAdjective
        };
        q.unit = Some((first, first));
        q.head = Some(first);
        q.end = first;
    } else {
        q.unit = Some((first, head));
        q.head = Some(head);
        q.end = head;
        if units::is_time_unit(s.str(head)) {
            q.shape = Shape::Duration;
        }
    }
    if q.of_the_last && q.shape == Shape::Duration {
        q.shape = Shape::Count;
    }
    rate(s, q);
}

/// `1,042 dollars and 68 cents`: one sum in two units, read as one figure
/// whose core takes in both.
fn minor_units(s: &Sentence, q: &mut Quantity) {
    let k = q.end + 1;
    if q.upper.is_some() || !s.is(k, "and") {
        return;
    }
    let Some(n) = numbers::parse(s, k + 1) else {
        return;
    };
    if n.value < 100.0 && s.is_any(n.last + 1, &["cents", "cent", "pence", "p"]) {
        q.value += n.value / 100.0;
        q.core.1 = n.last + 1;
        q.end = n.last + 1;
    }
}

/// `a day`, `per month`, `each day`, `a gallon` after the figure.
fn rate(s: &Sentence, q: &mut Quantity) {
    let k = q.end + 1;
    if s.is_any(k, &["a", "an", "per", "each", "every"])
        && s.word(k + 1)
            .is_some_and(|w| units::is_time_unit(w) || units::is_measure_unit(w))
    {
        q.rate = Some((k, k + 1));
        q.end = k + 1;
    }
}

/// The counted noun phrase starting at `k`: its first token and its head
/// (the last plural noun, or the first word when none is plural).
fn noun_phrase(s: &Sentence, k: usize) -> Option<(usize, usize)> {
    const LONGEST: usize = 5;
    let mut words = 0;
    let mut i = k;
    let mut last_word = None;
    let mut last_plural = None;
    while words < LONGEST {
        match s.kind(i) {
            Some(Kind::Word) => {
                let w = s.str(i);
                let cardinal = numbers::num_word_at(s, i)
                    .is_some_and(|n| !matches!(n, numbers::NumWord::Fraction { .. }));
                if words::is_function_word(w) || cardinal {
                    // `bilateral or multilateral events`: a coordination
                    // inside the phrase, when a plural noun follows.
                    if last_plural.is_none()
                        && last_word.is_some()
                        && (w.eq_ignore_ascii_case("or") || w.eq_ignore_ascii_case("and"))
                        && s.word(i + 1).is_some_and(|n| !words::is_function_word(n))
                    {
                        i += 1;
                        continue;
                    }
                    break;
                }
                words += 1;
                last_word = Some(i);
                if words::looks_plural(w) {
                    last_plural = Some(i);
                }
                i += 1;
            }
            // `high-level dialogue mechanisms`
            Some(Kind::Punct) if s.is_punct(i, '-') && s.glued(i) && s.glued(i + 1) => i += 1,
            _ => break,
        }
    }
    let head = last_plural.or_else(|| {
        // Without a plural, only the first word may be the noun, and not
        // when it reads as a verb or an adverb (`one in four said`).
        let w = s.word(k)?;
        let verb_like = w.len() > 3 && (w.ends_with("ed") || w.ends_with("ly"));
        (!words::is_function_word(w) && !verb_like).then_some(k)
    })?;
    Some((k, head))
}
