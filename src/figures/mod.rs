//! Figures: the numeric claims in speech that a fact-checker needs a source for.
//!
//! `detect` finds every figure in the given speech spans with its kind, its
//! value normalised to a number, its unit or counted noun and its qualifier,
//! and leaves out what the spec says is not a figure (years and dates, times,
//! timestamps, ordinals, identifiers, enumerations, idioms, vague amounts).
//!
//! The work is split by job: `sentences` walks the speech once and finds
//! the sentences that may hold a figure; `tokens` cuts those into words,
//! numbers and punctuation; `numbers` reads a number in digits or words;
//! `quantity` gathers what surrounds it (currency, percent, range, unit,
//! counted noun); `qualifiers` knows the hedges and bounds; `exclusions`
//! decides what is no figure and why; `hypothetical` marks conditions,
//! advice, definitions and made-up examples, and `reading` names the rule by
//! which each figure is read as asserted or as a hint (`detect_read`). The
//! word lists the rules consult are in `units` and `words`.

mod exclusions;
mod hypothetical;
mod numbers;
mod qualifiers;
mod quantity;
mod reading;
mod sentences;
mod tokens;
mod units;
mod words;

use crate::text::Span;
use exclusions::Reason;
use quantity::{Quantity, Shape};
pub use reading::Reading;
use tokens::{BREAK, Sentence};

/// What sort of quantity a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FigureKind {
    /// `87 meetings`, `220 billion masks`.
    Count,
    /// `$25 per month`, `13 billion US dollars`.
    Money,
    /// `30%`, `3.5 per cent`, `one in five`.
    Percentage,
    /// `20-fold`, `three times as many`, `2:1`.
    Multiplier,
    /// `6,000 kilometers`, `40 degrees`.
    Measure,
    /// `two-thirds of`, `a quarter of`.
    Fraction,
    /// `five phone calls`: a count written in words.
    SpelledCount,
}

impl FigureKind {
    pub const ALL: [FigureKind; 7] = [
        FigureKind::Count,
        FigureKind::Money,
        FigureKind::Percentage,
        FigureKind::Multiplier,
        FigureKind::Measure,
        FigureKind::Fraction,
        FigureKind::SpelledCount,
    ];

    /// The name used in configuration and output (`spelled-count`).
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Count => "count",
            FigureKind::Money => "money",
            FigureKind::Percentage => "percentage",
            FigureKind::Multiplier => "multiplier",
            FigureKind::Measure => "measure",
            FigureKind::Fraction => "fraction",
            FigureKind::SpelledCount => "spelled-count",
        }
    }

    pub fn from_name(name: &str) -> Option<FigureKind> {
        FigureKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// One numeric claim.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The whole figure: qualifier, number, scale word and unit or counted
    /// noun (`more than 2.25 billion protective suits`).
    pub span: Span,
    /// The number itself with a glued symbol, scale word or `percent`
    /// (`2.25 billion`, `$25`, `30%`, `20-fold`).
    pub core: Span,
    pub kind: FigureKind,
    /// The value normalised to a number (`2.25 billion` → 2 250 000 000).
    pub value: f64,
    /// The upper end of a range (`15 to 20 percent`), else `None`.
    pub upper: Option<f64>,
    /// The unit or counted noun (`protective suits`, `percent`, `US dollars`).
    pub unit: Option<String>,
    /// `over`, `nearly`, `more than`, `about`, …
    pub qualifier: Option<String>,
    /// True when the number only sets up a hypothetical, advice or a
    /// definition: shown as a hint, not as an uncited claim.
    pub hypothetical: bool,
}

/// Finds the figures in `text` within the speech of the given turns (each
/// turn's speech spans, in order). A sentence ends with its turn, so any run
/// of turns can be read on its own.
pub fn detect<'a>(text: &str, turns: impl IntoIterator<Item = &'a [Span]>) -> Vec<Figure> {
    let mut out = Vec::new();
    scan(text, turns, |s, q, verdict, hint| {
        if verdict.is_ok() {
            out.push(figure(s, q, hint).0);
        }
    });
    out
}

/// Like `detect`, with each figure's assertion reading (index-aligned):
/// asserted by the rule of its kind, or the rule that makes it a hint. Two
/// vectors rather than pairs, so the figures need no second copy.
pub fn detect_read<'a>(
    text: &str,
    turns: impl IntoIterator<Item = &'a [Span]>,
) -> (Vec<Figure>, Vec<Reading>) {
    let (mut figures, mut readings) = (Vec::new(), Vec::new());
    scan(text, turns, |s, q, verdict, hint| {
        if verdict.is_ok() {
            let (f, r) = figure(s, q, hint);
            figures.push(f);
            readings.push(r);
        }
    });
    (figures, readings)
}

/// What `scan` reports for each quantity: the sentence, the quantity, `Ok`
/// for a figure or the reason it is not one, and the reading that makes it
/// a hint, if any.
trait Report: FnMut(&Sentence, &Quantity, Result<(), Reason>, Option<Reading>) {}
impl<F: FnMut(&Sentence, &Quantity, Result<(), Reason>, Option<Reading>)> Report for F {}

/// Runs the recogniser over the speech and reports every quantity read with
/// its verdict: `Ok` for a figure, or the reason it is not one.
fn scan<'a>(text: &str, turns: impl IntoIterator<Item = &'a [Span]>, mut report: impl Report) {
    sentences::for_each(text, turns, |s: Sentence<'_>| recognise(&s, &mut report));
}

/// Reads the quantities of one sentence, left to right, without overlap.
fn recognise(s: &Sentence, report: &mut impl Report) {
    let hypothetical_from = if s.classes & words::CONDITIONAL != 0 {
        hypothetical::starts_at(s)
    } else {
        None
    };
    let mut i = 0;
    let mut free = 0; // the first token no earlier quantity took
    while i < s.len() {
        let class = s.class(i);
        let could_start = class & words::NUMERIC != 0
            || (class & (words::ARTICLE | words::CURRENCY_WORD) != 0
                && s.class(i + 1) & words::NUMERIC != 0);
        if !could_start {
            i += 1;
            continue;
        }
        if s.is_number(i)
            && let Some(reason) = exclusions::at_a_glance(s, i)
            && let Some(q) = quantity::bare(s, i)
        {
            report(s, &q, Err(reason), None);
            i += 1;
            free = i;
            continue;
        }
        let Some(mut q) = quantity::read(s, i) else {
            i += 1;
            continue;
        };
        // A qualifier never reaches back into the previous figure.
        if q.qualifier.as_ref().is_some_and(|x| x.at < free) {
            q.qualifier = None;
        }
        let verdict = exclusions::check(s, &q);
        let mut end = q.end;
        // `Page 1 of 28`: the total belongs to the name.
        if verdict == Err(Reason::NumberedName) && s.is(end + 1, "of") && s.is_number(end + 2) {
            end += 2;
        }
        // A hypothetical opener reaches the figures after it, not those
        // before it in the same sentence.
        let hint = match hypothetical_from {
            Some((h, reading)) if h <= q.core.0 => Some(reading),
            _ => reading::idiom(s, &q),
        };
        report(s, &q, verdict, hint);
        i = end.max(i) + 1;
        free = i;
    }
}

/// The first token of `first..=lead` on the line of `lead`: a figure is
/// shown on the line that holds its number, even when its qualifier or
/// article ends the line before (or a caption cue before).
fn on_line_of(s: &Sentence, first: usize, lead: usize) -> usize {
    (first + 1..=lead)
        .rev()
        .find(|&k| s.has(k, BREAK))
        .unwrap_or(first)
}

/// The text of tokens `a..=b` with their spacing folded to single spaces.
fn joined_text(s: &Sentence, a: usize, b: usize) -> String {
    let mut out = String::new();
    for k in a..=b {
        if k > a && !s.glued(k) {
            out.push(' ');
        }
        out.push_str(s.str(k));
    }
    out
}

fn figure(s: &Sentence, q: &Quantity, hint: Option<Reading>) -> (Figure, Reading) {
    let lead = q.number.lead;
    let core_first = on_line_of(s, q.core.0, lead);
    let span_first = on_line_of(s, q.first().min(q.core.0), lead);
    let n = &q.number;
    let kind = if q.currency {
        FigureKind::Money
    } else {
        match q.shape {
            Shape::Percent | Shape::Ratio => FigureKind::Percentage,
            Shape::Multiplier | Shape::ColonRatio => FigureKind::Multiplier,
            Shape::Measure | Shape::Duration | Shape::DurationAdjective => FigureKind::Measure,
            Shape::Count if n.fraction => FigureKind::Fraction,
            Shape::Count if n.spelled && !n.scaled => FigureKind::SpelledCount,
            Shape::Count => FigureKind::Count,
        }
    };
    let mut unit = match (q.shape, q.unit) {
        (Shape::Percent, _) => Some("percent".to_string()),
        (_, Some((a, b))) => Some(joined_text(s, a, b)),
        (Shape::DurationAdjective, None) => q.head.map(|h| s.str(h).to_string()),
        _ if q.currency => Some(currency_symbol(s, q)),
        _ => None,
    };
    if let Some((a, b)) = q.rate {
        let rate = joined_text(s, a, b);
        unit = Some(match unit {
            Some(u) => format!("{u} {rate}"),
            None => rate,
        });
    }
    let qualifier = q
        .qualifier
        .as_ref()
        .or(q.qualifier_after.as_ref())
        .map(|x| x.text(s));
    let figure = Figure {
        span: s.span(span_first, q.end),
        core: s.span(core_first, q.core.1),
        kind,
        value: q.value,
        upper: q.upper,
        unit,
        qualifier,
        hypothetical: hint.is_some(),
    };
    (figure, hint.unwrap_or(Reading::asserted(kind)))
}

/// The currency symbol or code written with the number (`$`, `US$`, `€`).
fn currency_symbol(s: &Sentence, q: &Quantity) -> String {
    let (a, b) = q.core;
    (a..=b)
        .filter(|&k| {
            s.kind(k) == Some(tokens::Kind::Punct)
                || s.word(k)
                    .is_some_and(|w| units::is_dollar_prefix(w) || units::is_currency_code(w))
        })
        .map(|k| s.str(k))
        .fold(String::new(), |mut out, sym| {
            // `£140 million and £280 million`: one currency, written twice.
            if !out.contains(sym) {
                out.push_str(sym);
            }
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    /// The figures `detect` finds in `fixture` (all of it speech), one a line:
    /// the flagged text, `[core]`, kind, value (`..upper`), unit, qualifier,
    /// and `hint=RULE` for figures that are not asserted.
    fn render(fixture: &str) -> String {
        let mut out = String::new();
        let (figures, readings) = detect_read(fixture, [std::slice::from_ref(&(0..fixture.len()))]);
        for (f, reading) in figures.into_iter().zip(readings) {
            assert_eq!(f.hypothetical, !reading.is_asserted());
            out.push_str(&format!(
                "{:?} [{}] {} {}",
                &fixture[f.span.clone()],
                &fixture[f.core.clone()],
                f.kind.as_str(),
                f.value
            ));
            if let Some(u) = f.upper {
                out.push_str(&format!("..{u}"));
            }
            if let Some(u) = &f.unit {
                out.push_str(&format!(" unit={u:?}"));
            }
            if let Some(q) = &f.qualifier {
                out.push_str(&format!(" qualifier={q:?}"));
            }
            if f.hypothetical {
                out.push_str(&format!(" hint={}", reading.rule()));
            }
            out.push('\n');
        }
        out
    }

    fn check(fixture: &str, expect: Expect) {
        expect.assert_eq(&render(fixture));
    }

    /// Every number read in `fixture` with the reason it is not a figure
    /// (`figure` when it is one).
    fn check_why(fixture: &str, expect: Expect) {
        let mut out = String::new();
        scan(
            fixture,
            [std::slice::from_ref(&(0..fixture.len()))],
            |s, q, verdict, _| {
                let text = &fixture[s.span(q.core.0, q.core.1)];
                let why = verdict.err().map_or("figure", |r| r.as_str());
                out.push_str(&format!("{text:?} {why}\n"));
            },
        );
        expect.assert_eq(&out);
    }

    #[test]
    fn counts_in_digits_and_with_scale_words() {
        check(
            "The agency held 42 briefings and shipped over 3,500 crates, 1.8 billion \
             doses and more than 13bn syringes to 61 partner states.",
            expect![[r#"
                "42 briefings" [42] count 42 unit="briefings"
                "over 3,500 crates" [3,500] count 3500 unit="crates" qualifier="over"
                "1.8 billion doses" [1.8 billion] count 1800000000 unit="doses"
                "more than 13bn syringes" [13bn] count 13000000000 unit="syringes" qualifier="more than"
                "61 partner states" [61] count 61 unit="partner states"
            "#]],
        );
    }

    #[test]
    fn money_in_symbols_words_and_codes() {
        check(
            "It costs $40 per month. The fund holds 9 billion US dollars, \
             €2.5m went to schools, £300 to each family, ¥12,000 to travel, \
             about 65 cents a litre, 800 yuan a head and USD 7 billion in bonds.",
            expect![[r#"
                "$40 per month" [$40] money 40 unit="$ per month"
                "9 billion US dollars" [9 billion] money 9000000000 unit="US dollars"
                "€2.5m" [€2.5m] money 2500000 unit="€"
                "£300" [£300] money 300 unit="£"
                "¥12,000" [¥12,000] money 12000 unit="¥"
                "about 65 cents a litre" [65] money 65 unit="cents a litre" qualifier="about"
                "800 yuan" [800] money 800 unit="yuan"
                "USD 7 billion" [USD 7 billion] money 7000000000 unit="USD"
            "#]],
        );
    }

    #[test]
    fn percentages_and_rates() {
        check(
            "Turnout rose 12%, nearly 40 percent voted early, 4.5 per cent \
             stayed home, one in four never registered and 3 out of 5 said yes. \
             The food? A 9 out of 10, or 10 out of 10.",
            expect![[r#"
                "12%" [12%] percentage 12 unit="percent"
                "nearly 40 percent" [40 percent] percentage 40 unit="percent" qualifier="nearly"
                "4.5 per cent" [4.5 per cent] percentage 4.5 unit="percent"
                "one in four" [one in four] percentage 25
                "3 out of 5" [3 out of 5] percentage 60
            "#]],
        );
    }

    #[test]
    fn multipliers_and_ratios() {
        check(
            "Output grew 30-fold, prices doubled to more than double the old level, \
             imports were three times higher, we shipped twice as many and the \
             ratio stands at 3:1 or 10x the norm. Sales are double last year's; a \
             double room, a double standard.",
            expect![[r#"
                "30-fold" [30-fold] multiplier 30
                "more than double" [double] multiplier 2 qualifier="more than"
                "three times" [three times] multiplier 3
                "twice" [twice] multiplier 2
                "3:1" [3:1] multiplier 3
                "10x" [10x] multiplier 10
                "double" [double] multiplier 2
            "#]],
        );
    }

    #[test]
    fn measures() {
        check(
            "The pipeline runs 4,200 kilometers, carries 90,000 barrels a day, \
             weighs 2,300 tons and heats to 60 degrees over a 12km stretch.",
            expect![[r#"
                "4,200 kilometers" [4,200] measure 4200 unit="kilometers"
                "90,000 barrels a day" [90,000] measure 90000 unit="barrels a day"
                "2,300 tons" [2,300] measure 2300 unit="tons"
                "60 degrees" [60] measure 60 unit="degrees"
                "12km" [12km] measure 12 unit="km"
            "#]],
        );
    }

    #[test]
    fn fractions_of_a_whole() {
        check(
            "Two-thirds of the members agreed, a quarter of them abstained, one \
             fifth were absent and wages rose by three-tenths. Half of them left.",
            expect![[r#"
                "Two-thirds" [Two-thirds] fraction 0.6666666666666666
                "a quarter" [a quarter] fraction 0.25
                "one fifth" [one fifth] fraction 0.2
                "three-tenths" [three-tenths] fraction 0.3
            "#]],
        );
    }

    #[test]
    fn spelled_out_counts() {
        check(
            "She made nine site visits, signed twelve contracts and opened \
             twenty-five new clinics with one hundred and five beds.",
            expect![[r#"
                "nine site visits" [nine] spelled-count 9 unit="site visits"
                "twelve contracts" [twelve] spelled-count 12 unit="contracts"
                "twenty-five new clinics" [twenty-five] spelled-count 25 unit="new clinics"
                "one hundred and five beds" [one hundred and five] spelled-count 105 unit="beds"
            "#]],
        );
    }

    #[test]
    fn values_are_normalised() {
        check(
            "It reached 2.25 billion users, twenty-five towns, a rate of 4¼ percent, \
             two and a half million homes, half a million cars, 12\u{2009}500 runners \
             and 480, 000 voters.",
            expect![[r#"
                "2.25 billion users" [2.25 billion] count 2250000000 unit="users"
                "twenty-five towns" [twenty-five] spelled-count 25 unit="towns"
                "4¼ percent" [4¼ percent] percentage 4.25 unit="percent"
                "two and a half million homes" [two and a half million] count 2500000 unit="homes"
                "half a million cars" [half a million] count 500000 unit="cars"
                "12\u{2009}500 runners" [12 500] count 12500 unit="runners"
                "480, 000 voters" [480, 000] count 480000 unit="voters"
            "#]],
        );
    }

    #[test]
    fn ranges_are_one_figure_and_changes_two() {
        check(
            "Rates of 4¼ to 4½ percent, growth of 15 to 20 percent, between 3 and \
             4 percent, 5 to 10 million people, 20-25% of voters. Spending fell \
             from $40 billion to $12 billion and the rate went from 3.1 to 2.7.",
            expect![[r#"
                "4¼ to 4½ percent" [4¼ to 4½ percent] percentage 4.25..4.5 unit="percent"
                "15 to 20 percent" [15 to 20 percent] percentage 15..20 unit="percent"
                "3 and 4 percent" [3 and 4 percent] percentage 3..4 unit="percent"
                "5 to 10 million people" [5 to 10 million] count 5000000..10000000 unit="people"
                "20-25%" [20-25%] percentage 20..25 unit="percent"
                "$40 billion" [$40 billion] money 40000000000 unit="$"
                "$12 billion" [$12 billion] money 12000000000 unit="$"
                "3.1" [3.1] count 3.1
                "2.7" [2.7] count 2.7
            "#]],
        );
    }

    #[test]
    fn qualifiers_belong_to_the_figure() {
        check(
            "We saw nearly 300 cases, almost 12 percent, at least 40 towns, up to \
             $9 million, as many as 5,000 people, roughly 70 firms, 200-plus \
             schools and 30 sites or more.",
            expect![[r#"
                "nearly 300 cases" [300] count 300 unit="cases" qualifier="nearly"
                "almost 12 percent" [12 percent] percentage 12 unit="percent" qualifier="almost"
                "at least 40 towns" [40] count 40 unit="towns" qualifier="at least"
                "up to $9 million" [$9 million] money 9000000 unit="$" qualifier="up to"
                "as many as 5,000 people" [5,000] count 5000 unit="people" qualifier="as many as"
                "roughly 70 firms" [70] count 70 unit="firms" qualifier="roughly"
                "200-plus schools" [200-plus] count 200 unit="schools" qualifier="plus"
                "30 sites or more" [30] count 30 unit="sites" qualifier="or more"
            "#]],
        );
    }

    #[test]
    fn the_false_positive_traps_are_not_figures() {
        check(
            "COVID-19 reached the G20 in 2020. On February 4th at 2:15 P.M. \
             (00:40) the minister spoke. First, one of the delegates thanked the \
             19th Central Committee. Call the hotline 12308 to help save \
             thousands of lives.",
            expect![[""]],
        );
    }

    #[test]
    fn years_dates_and_times_are_not_figures() {
        check_why(
            "In 1998 and again in the 2010s, on June 3, 2021 and 5 March, at 10am, \
             at 7 p.m., at 9 tonight and by ’27, the 2020-21 season, 12/25 and \
             the class of 2004 met fiscal 2019 targets.",
            expect![[r#"
                "1998" year
                "2010s" decade
                "3" date
                "2021" year
                "5" date
                "10am" time of day
                "7" time of day
                "9" time of day
                "27" year
                "2020" year
                "21" year
                "12" slashed
                "25" slashed
                "2004" year
                "2019" year
            "#]],
        );
    }

    #[test]
    fn year_shaped_numbers_that_count_things_are_figures() {
        check(
            "The army sent 2000 troops; by 2030 we expect more than 1500 volunteers. \
             The 2024 elections and third quarter 2023 earnings were discussed.",
            expect![[r#"
                "2000 troops" [2000] count 2000 unit="troops"
                "more than 1500 volunteers" [1500] count 1500 unit="volunteers" qualifier="more than"
            "#]],
        );
    }

    #[test]
    fn durations_frame_unless_they_are_the_claim() {
        check_why(
            "Ten years ago we began. Over the past 18 months, in the first 10 \
             months and in the next two years, after six months, for weeks and \
             two days later we waited. The firm has existed for more than 80 years, \
             the show runs three hours long, talks last 15 minutes or less, it \
             took 14 months to build, the best quarter in four decades, a 20-year \
             high, a 1,000-year-old tree, a five-year review, a 10-year bond and a \
             six hour drive. Waits fell from 120 days to 90 days, the report came six \
             months late and we will spend $4 billion over five years.",
            expect![[r#"
                "Ten" duration
                "18" set reference
                "10" set reference
                "two" set reference
                "six" duration
                "two" duration
                "80" figure
                "three" figure
                "15" figure
                "14" figure
                "four" figure
                "20-year" figure
                "1,000-year-old" figure
                "five-year" duration
                "10-year" duration
                "six" duration
                "120" figure
                "90" figure
                "six" figure
                "$4 billion" figure
                "five" duration
            "#]],
        );
    }

    #[test]
    fn ordinals_and_numbered_names_are_not_figures() {
        check_why(
            "The 21st century, the 3rd Fleet, Article 5, Resolution 2231, Vision \
             2030, a Boeing 737, Speaker 1, World War 2, page 14, No. 1 and \
             H.R. 3684 came up, as did #1 and room 101. >> WE SENT 2,000 TROOPS \
             UNDER ARTICLE 5.",
            expect![[r#"
                "21st" ordinal
                "3rd" ordinal
                "5" numbered name
                "2231" numbered name
                "2030" year
                "737" numbered name
                "1" numbered name
                "2" numbered name
                "14" numbered name
                "1" numbered name
                "3684" numbered name
                "1" numbered name
                "101" numbered name
                "2,000" figure
                "5" numbered name
            "#]],
        );
    }

    #[test]
    fn codes_and_identifiers_are_not_figures() {
        check_why(
            "H1N1, 5G, Q2, F-35 jets, MH-17, version 2.4.1, agent 007, call \
             1-800-555-0199 or (202) 555-0143, 24/7, 9/11 and the 4K screens. The \
             crisis line is 988; press 1.",
            expect![[r#"
                "1" code
                "1" code
                "5G" code
                "2" code
                "35" code
                "17" code
                "2.4.1" code
                "007" code
                "1" code
                "800" code
                "555" code
                "0199" code
                "202" list marker
                "555" code
                "0143" code
                "24" slashed
                "7" slashed
                "9" slashed
                "11" slashed
                "4K" code
                "988" numbered name
                "1" numbered name
            "#]],
        );
    }

    #[test]
    fn list_markers_and_enumerations_are_not_figures() {
        check_why(
            "1. We begin.\n2) Then this.\n(3) And that.\nFirst, I have two points. \
             There are three things to say. I met the two leaders, those three \
             envoys and both sides. We set four targets: jobs, housing, schools and \
             roads. They opened two offices, in Lima and in Quito. In the following \
             six areas we will act.",
            expect![[r#"
                "1" list marker
                "2" list marker
                "3" list marker
                "two" enumeration
                "three" enumeration
                "two" set reference
                "three" set reference
                "four" enumeration
                "two" enumeration
                "six" set reference
            "#]],
        );
    }

    #[test]
    fn idioms_and_vague_amounts_are_not_figures() {
        check_why(
            "No one came; one of the aides said one thing to one another in a \
             once-in-a-century crisis. A two-state solution, a one-time payment, \
             two or three visits, dozens of towns, hundreds of jobs, thousands of \
             lives, tens of millions of dollars, a few weeks, several times, a \
             couple of days, million more visits. I'm 100 percent sure, one in \
             a million.",
            expect![[r#"
                "one" idiom
                "one" idiom
                "one" idiom
                "one" idiom
                "two" idiom
                "one" idiom
                "two" vague
                "three" vague
                "100 percent" idiom
                "one" idiom
                "a million" idiom
            "#]],
        );
    }

    #[test]
    fn transcript_furniture_is_not_a_figure() {
        check_why(
            "Speaker 1: (00:40)\nWe have [01:02:03] 40 staff.\n\n12\n\
             00:00:02.400 --> 00:00:04.799\nand 300 volunteers [crosstalk 00:32:19].\n\
             Page 3 of 20",
            expect![[r#"
                "1" numbered name
                "00" timestamp
                "40" timestamp
                "01" timestamp
                "02" timestamp
                "03" timestamp
                "40" figure
                "12" furniture
                "00" timestamp
                "00" timestamp
                "02.400" timestamp
                "00" timestamp
                "00" timestamp
                "04.799" timestamp
                "300" figure
                "00" timestamp
                "32" timestamp
                "19" timestamp
                "3" numbered name
            "#]],
        );
    }

    #[test]
    fn citation_markers_and_footnote_labels_are_not_figures() {
        check(
            "Exports rose 8 percent [12], and 40 ports [@trade2020, p. 4] reopened \
             with 6 new cranes[^7].\n[^7]: Port authority report 2021, table 3, 15 cranes.\n",
            expect![[r#"
                "8 percent" [8 percent] percentage 8 unit="percent"
                "40 ports" [40] count 40 unit="ports"
                "6 new cranes" [6] count 6 unit="new cranes"
            "#]],
        );
    }

    #[test]
    fn hypotheticals_advice_and_definitions_are_hints() {
        check(
            "If it takes you 20 minutes to edit, fine. If you have 3 guests, seat \
             them apart. You should charge them 50k. Let's say 40 people come. \
             Three bad months is not the definition of a slump. If you look at the \
             data, 45 percent agreed. If inflation stays near 2 percent, we wait.",
            expect![[r#"
                "20 minutes" [20] measure 20 unit="minutes" hint=hypothetical.if-clause
                "3 guests" [3] count 3 unit="guests" hint=hypothetical.if-clause
                "50k" [50k] count 50000 hint=advice.you-should
                "40 people" [40] count 40 unit="people" hint=hypothetical.supposition
                "45 percent" [45 percent] percentage 45 unit="percent"
                "2 percent" [2 percent] percentage 2 unit="percent"
            "#]],
        );
    }

    #[test]
    fn each_hint_names_the_rule_that_read_it() {
        check(
            "If your team runs 12 servers, switch 4 off. Suppose a town builds 30 \
             homes. Say you earn 900 dollars a week. You ought to hire 8 engineers. \
             A heatwave is defined as 3 days above 30 degrees. For example, you \
             might pay 45 dollars for a seat. The pumps were running at a hundred \
             percent. A hundred percent of the clinics reopened.",
            expect![[r#"
                "12 servers" [12] count 12 unit="servers" hint=hypothetical.if-clause
                "4" [4] count 4 hint=hypothetical.if-clause
                "30 homes" [30] count 30 unit="homes" hint=hypothetical.supposition
                "900 dollars a week" [900] money 900 unit="dollars a week" hint=hypothetical.supposition
                "8 engineers" [8] count 8 unit="engineers" hint=advice.you-should
                "above 30 degrees" [30] measure 30 unit="degrees" qualifier="above" hint=definition
                "45 dollars" [45] money 45 unit="dollars" hint=example.for-example
                "a hundred percent" [a hundred percent] percentage 100 unit="percent" hint=idiom.hundred-percent
                "A hundred percent" [A hundred percent] percentage 100 unit="percent"
            "#]],
        );
    }

    #[test]
    fn an_asserted_figure_beside_a_hypothetical_one_stays_asserted() {
        check(
            "The shop sold 70 lamps last week, and if you order 5 more lamps, they \
             ship free. For example, Norway gets 90 percent of its power from water.",
            expect![[r#"
                "70 lamps" [70] count 70 unit="lamps"
                "5" [5] count 5 hint=hypothetical.if-clause
                "90 percent" [90 percent] percentage 90 unit="percent"
            "#]],
        );
    }

    #[test]
    fn ranges_and_alternatives_with_units_on_both_ends_are_one_figure() {
        check(
            "Staff work between 12.5 hours and 31.5 hours per week. It is between 2 \
             and 6 percent or perhaps 1 and 3 percent, close to 18 percent or 21%, \
             between £140 million and £280 million, and 7 or 8 depots.",
            expect![[r#"
                "12.5 hours and 31.5 hours per week" [12.5 hours and 31.5] measure 12.5..31.5 unit="hours per week"
                "2 and 6 percent" [2 and 6 percent] percentage 2..6 unit="percent"
                "1 and 3 percent" [1 and 3 percent] percentage 1..3 unit="percent"
                "close to 18 percent or 21%" [18 percent or 21%] percentage 18..21 unit="percent" qualifier="close to"
                "£140 million and £280 million" [£140 million and £280 million] money 140000000..280000000 unit="£"
                "7 or 8 depots" [7 or 8] count 7..8 unit="depots"
            "#]],
        );
    }

    #[test]
    fn a_stray_space_after_a_decimal_point_keeps_the_decimal() {
        check(
            "It is between 3 and 6 percent or perhaps 2. 5 percent and 4 percent. \
             We met 3. 4 of them stayed.",
            expect![[r#"
                "3 and 6 percent" [3 and 6 percent] percentage 3..6 unit="percent"
                "2. 5 percent and 4 percent" [2. 5 percent and 4 percent] percentage 2.5..4 unit="percent"
                "3" [3] count 3
                "4" [4] count 4
            "#]],
        );
    }

    #[test]
    fn multipliers_as_verbs_after_a_modal_and_as_nouns() {
        check(
            "Demand could double by 2031 and is set to triple later; we saw a \
             tripling in sales. They will double down, we double check, and a double \
             room costs more.",
            expect![[r#"
                "double" [double] multiplier 2
                "triple" [triple] multiplier 3
                "tripling" [tripling] multiplier 3
            "#]],
        );
    }

    #[test]
    fn prices_discounts_and_a_sum_in_two_units() {
        check(
            "Let's see, the scarf's\n39.95, minus 20%. The coat's 479.99. I can take \
             5% off the 79.99; the boots were reduced from 145, so you're at 2,317 \
             dollars and 45 cents.",
            expect![[r#"
                "39.95" [39.95] count 39.95
                "20%" [20%] percentage 20 unit="percent"
                "479.99" [479.99] count 479.99
                "5%" [5%] percentage 5 unit="percent"
                "79.99" [79.99] count 79.99
                "145" [145] count 145
                "2,317 dollars and 45 cents" [2,317 dollars and 45 cents] money 2317.45 unit="dollars"
            "#]],
        );
    }

    #[test]
    fn lists_of_names_and_discourse_counts_are_not_figures() {
        check_why(
            "Emissions fall in tiers 1, 2, and 3, as sections 14 to 16 say. Price has \
             three problems as a measure. It rests on the 300 pages of rules and the \
             10 plans. She won the 3.14 Prize, 2.5 Kilometers ran and 4.5 million \
             Britons voted.",
            expect![[r#"
                "1" numbered name
                "2" numbered name
                "3" numbered name
                "14 to 16" numbered name
                "three" enumeration
                "300" figure
                "10" set reference
                "3.14" numbered name
                "2.5" figure
                "4.5 million" figure
            "#]],
        );
    }

    #[test]
    fn a_share_of_a_span_of_time_and_energy_in_watt_hours() {
        check(
            "It is brief, maybe 80 hours in the 8 000 hours that you have. Servers \
             used an estimated 490 terawatt hours. The tower has stood for over\n310 \
             years, so.",
            expect![[r#"
                "80 hours" [80] measure 80 unit="hours"
                "an estimated 490 terawatt hours" [490] measure 490 unit="terawatt hours" qualifier="an estimated"
                "310 years" [310] measure 310 unit="years" qualifier="over"
            "#]],
        );
    }

    #[test]
    fn lower_case_caption_text_keeps_its_figures() {
        check(
            "you have 3100 pages of rules. they said the cost was $812 billion. it's \
             up to $1.6 trillion. the vast majority 92% are not. they have 31% \
             unemployment in spain.",
            expect![[r#"
                "3100 pages" [3100] count 3100 unit="pages"
                "$812 billion" [$812 billion] money 812000000000 unit="$"
                "up to $1.6 trillion" [$1.6 trillion] money 1600000000000 unit="$" qualifier="up to"
                "92%" [92%] percentage 92 unit="percent"
                "31%" [31%] percentage 31 unit="percent"
            "#]],
        );
    }

    #[test]
    fn a_figure_is_shown_on_the_line_of_its_number() {
        check(
            "Debt fell by more than\n$3 trillion and\nnearly 40\npercent of firms.",
            expect![[r#"
                "$3 trillion" [$3 trillion] money 3000000000000 unit="$" qualifier="more than"
                "nearly 40\npercent" [40
                percent] percentage 40 unit="percent" qualifier="nearly"
            "#]],
        );
    }

    #[test]
    fn only_speech_is_searched_and_speech_spans_join_across_gaps() {
        let text = "Q: 14 crates?\n00:01 --> 00:02\nless than a\n00:03 --> 00:04\nhundred crates";
        let speech = [3..13, 30..41, 58..72];
        let found: Vec<_> = detect(text, [&speech[..]])
            .into_iter()
            .map(|f| (&text[f.span], &text[f.core], f.value))
            .collect();
        assert_eq!(
            found,
            [
                ("14 crates", "14", 14.0),
                ("hundred crates", "hundred", 100.0)
            ]
        );
    }

    #[test]
    fn a_sentence_ends_with_its_turn() {
        // Read as one turn, `more than` would qualify the next turn's figure.
        let text = "It was more than\n40 crates.";
        let qualifiers = |turns: &[&[Span]]| -> Vec<Option<String>> {
            detect(text, turns.iter().copied())
                .into_iter()
                .map(|f| f.qualifier)
                .collect()
        };
        let (whole, first, second) = (0..text.len(), 0..16, 17..text.len());
        let one = std::slice::from_ref::<Span>;
        assert_eq!(qualifiers(&[one(&whole)]), [Some("more than".into())]);
        assert_eq!(qualifiers(&[one(&first), one(&second)]), [None]);
    }

    proptest::proptest! {
        /// What lets a long transcript be read in parallel: the turns read
        /// all at once give the figures of each turn read on its own.
        #[test]
        fn turns_read_together_or_apart_give_the_same_figures(
            text in "([0-9a-z $%,.?]|one|million|less than|\n){0,160}",
            cuts in proptest::collection::vec(0usize..170, 0..5),
        ) {
            let mut bounds: Vec<usize> = cuts.into_iter().map(|c| c.min(text.len())).collect();
            bounds.push(0);
            bounds.push(text.len());
            bounds.sort_unstable();
            let turns: Vec<Span> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
            let together = detect(&text, turns.iter().map(std::slice::from_ref));
            let apart: Vec<Figure> = turns
                .iter()
                .flat_map(|t| detect(&text, [std::slice::from_ref(t)]))
                .collect();
            proptest::prop_assert_eq!(together, apart);
        }

        #[test]
        fn detect_never_panics_and_keeps_spans_in_order(
            text in "[0-9a-zA-Z $€£%,.:;'’\\-\\[\\]@^()/\n\t¼½⅓ ]{0,120}|\\PC{0,80}",
            cuts in proptest::collection::vec(0usize..130, 0..6),
        ) {
            let mut cuts = cuts;
            cuts.sort_unstable();
            let mut speech: Vec<Span> = cuts.chunks(2).filter(|c| c.len() == 2).map(|c| c[0]..c[1]).collect();
            speech.push(0..text.len());
            for spans in [&speech[..speech.len() - 1], &speech[speech.len() - 1..]] {
                let figures = detect(&text, [spans]);
                let mut last = 0;
                for f in &figures {
                    proptest::prop_assert!(f.span.start >= last, "{:?} overlaps", f);
                    proptest::prop_assert!(f.span.start <= f.core.start && f.core.end <= f.span.end);
                    proptest::prop_assert!(f.core.start < f.core.end);
                    for b in [f.span.start, f.span.end, f.core.start, f.core.end] {
                        proptest::prop_assert!(text.is_char_boundary(b));
                    }
                    last = f.span.end;
                }
            }
        }
    }
}
