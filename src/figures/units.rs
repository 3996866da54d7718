//! Units: what a number counts or measures.
//!
//! The word lists here are the closed classes a figure's kind depends on:
//! currencies (symbols before the number, names and codes after it), the
//! percent family, multipliers, units of measure and units of time. A word
//! outside them that follows a number is its counted noun.

use super::numbers::lower;
use super::tokens::Sentence;

/// A currency symbol written before (or glued after) the number.
pub(crate) fn is_currency_symbol(c: char) -> bool {
    matches!(
        c,
        '$' | '€' | '£' | '¥' | '₹' | '₽' | '₩' | '₺' | '₪' | '₦' | '₱' | '¢'
    )
}

/// Letters glued before `$` that name whose dollar it is (`US$`, `HK$`).
pub(crate) fn is_dollar_prefix(w: &str) -> bool {
    matches!(
        w,
        "US" | "U" | "A" | "C" | "NZ" | "HK" | "S" | "NT" | "R" | "Z" | "EC"
    )
}

/// A currency named after the number (`dollars`, `yuan`, `cents`), with the
/// number of tokens it takes (`US dollars`, `U.S. dollars`).
pub(crate) fn currency_after(s: &Sentence, i: usize) -> Option<usize> {
    if s.is_any(i, &["US", "USD"]) && s.is_any(i + 1, &["dollars", "dollar"]) {
        return Some(2);
    }
    // `U.S. dollars`
    if s.is(i, "U")
        && s.is_punct(i + 1, '.')
        && s.is(i + 2, "S")
        && s.is_punct(i + 3, '.')
        && s.is_any(i + 4, &["dollars", "dollar"])
    {
        return Some(5);
    }
    let w = s.word(i)?;
    is_currency_word(w).then_some(1)
}

fn is_currency_word(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    matches!(
        l,
        b"dollar"
            | b"dollars"
            | b"euro"
            | b"euros"
            | b"yuan"
            | b"renminbi"
            | b"rmb"
            | b"yen"
            | b"rupee"
            | b"rupees"
            | b"rouble"
            | b"roubles"
            | b"ruble"
            | b"rubles"
            | b"peso"
            | b"pesos"
            | b"franc"
            | b"francs"
            | b"cent"
            | b"cents"
            | b"pence"
            | b"bucks"
            | b"sterling"
            | b"usd"
            | b"eur"
            | b"gbp"
            | b"cny"
            | b"jpy"
    ) || w == "pounds"
}

/// A currency code written before the number (`USD 5 billion`).
pub(crate) fn is_currency_code(w: &str) -> bool {
    matches!(
        w,
        "USD"
            | "EUR"
            | "GBP"
            | "CNY"
            | "JPY"
            | "RMB"
            | "INR"
            | "CHF"
            | "RUB"
            | "KRW"
            | "AUD"
            | "CAD"
            | "MXN"
    )
}

/// `%`, `percent`, `per cent`, `pct`, `percentage points`, `basis points`
/// and the editorial `[percent]` at `i`: the number of tokens it takes.
pub(crate) fn percent_after(s: &Sentence, i: usize) -> Option<usize> {
    if s.is_punct(i, '%') {
        return Some(1);
    }
    if s.is_any(i, &["percent", "pct", "percentage"]) {
        if s.is(i, "percentage") {
            return s.is_any(i + 1, &["point", "points"]).then_some(2);
        }
        return Some(1);
    }
    if s.is(i, "per") && s.is(i + 1, "cent") {
        return Some(2);
    }
    if s.is(i, "basis") && s.is_any(i + 1, &["point", "points"]) {
        return Some(2);
    }
    // `2 [percent]`: an editor's insertion in a verbatim transcript.
    if s.is_punct(i, '[') && s.is_any(i + 1, &["percent", "per"]) {
        let close = if s.is(i + 1, "per") { i + 3 } else { i + 2 };
        if s.is_punct(close, ']') && (s.is(i + 1, "percent") || s.is(i + 2, "cent")) {
            return Some(close - i + 1);
        }
    }
    None
}

/// A unit of time: durations are figures only in a few positions.
pub(crate) fn is_time_unit(w: &str) -> bool {
    time_unit_singular(w).is_some()
}

/// The singular of a unit of time, if `w` is one, and whether it was plural.
pub(crate) fn time_unit_singular(w: &str) -> Option<(&'static str, bool)> {
    let mut buf = [0u8; 24];
    let l = lower(w, &mut buf)?;
    Some(match l {
        b"second" => ("second", false),
        b"seconds" => ("second", true),
        b"minute" => ("minute", false),
        b"minutes" => ("minute", true),
        b"hour" => ("hour", false),
        b"hours" => ("hour", true),
        b"day" => ("day", false),
        b"days" => ("day", true),
        b"night" => ("night", false),
        b"nights" => ("night", true),
        b"week" => ("week", false),
        b"weeks" => ("week", true),
        b"weekend" => ("weekend", false),
        b"weekends" => ("weekend", true),
        b"month" => ("month", false),
        b"months" => ("month", true),
        b"quarter" => ("quarter", false),
        b"quarters" => ("quarter", true),
        b"year" => ("year", false),
        b"years" => ("year", true),
        b"decade" => ("decade", false),
        b"decades" => ("decade", true),
        b"century" => ("century", false),
        b"centuries" => ("century", true),
        _ => return None,
    })
}

/// A unit of measure (not of time, not money).
pub(crate) fn is_measure_unit(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    matches!(
        l,
        b"kilometer"
            | b"kilometers"
            | b"kilometre"
            | b"kilometres"
            | b"km"
            | b"mile"
            | b"miles"
            | b"meter"
            | b"meters"
            | b"metre"
            | b"metres"
            | b"centimeter"
            | b"centimeters"
            | b"centimetre"
            | b"centimetres"
            | b"millimeter"
            | b"millimeters"
            | b"foot"
            | b"feet"
            | b"inch"
            | b"inches"
            | b"yard"
            | b"yards"
            | b"acre"
            | b"acres"
            | b"hectare"
            | b"hectares"
            | b"ton"
            | b"tons"
            | b"tonne"
            | b"tonnes"
            | b"kilogram"
            | b"kilograms"
            | b"kilo"
            | b"kilos"
            | b"kg"
            | b"gram"
            | b"grams"
            | b"lb"
            | b"lbs"
            | b"ounce"
            | b"ounces"
            | b"liter"
            | b"liters"
            | b"litre"
            | b"litres"
            | b"gallon"
            | b"gallons"
            | b"barrel"
            | b"barrels"
            | b"bushel"
            | b"bushels"
            | b"degree"
            | b"degrees"
            | b"watt"
            | b"watts"
            | b"kilowatt"
            | b"kilowatts"
            | b"megawatt"
            | b"megawatts"
            | b"gigawatt"
            | b"gigawatts"
            | b"terawatt"
            | b"terawatts"
            | b"kwh"
            | b"mwh"
            | b"gwh"
            | b"twh"
            | b"mph"
            | b"kph"
            | b"knots"
            | b"calories"
            | b"bytes"
            | b"gigabytes"
            | b"terabytes"
    )
}

/// A unit abbreviation glued to digits (`5km`, `10kg`, `40mph`, `3GW`).
pub(crate) fn is_glued_unit(w: &str) -> bool {
    let mut buf = [0u8; 24];
    let Some(l) = lower(w, &mut buf) else {
        return false;
    };
    matches!(
        l,
        b"km"
            | b"kg"
            | b"mph"
            | b"kph"
            | b"cm"
            | b"mm"
            | b"ft"
            | b"lb"
            | b"lbs"
            | b"oz"
            | b"kw"
            | b"mw"
            | b"gw"
            | b"kwh"
            | b"mwh"
            | b"gwh"
            | b"twh"
            | b"gb"
            | b"tb"
            | b"mb"
            | b"mg"
            | b"ml"
            | b"bpd"
    )
}

/// `-fold`, `times` (before a comparison), `x` glued (`10x`): a multiplier.
pub(crate) fn is_times_comparison(s: &Sentence, i: usize) -> bool {
    s.is(i, "times")
        && s.is_any(
            i + 1,
            &[
                "as", "more", "less", "fewer", "higher", "lower", "larger", "bigger", "greater",
                "faster", "slower", "smaller", "the", "that", "what", "over", "longer", "cheaper",
                "costlier", "worse", "better", "likelier",
            ],
        )
}

/// A multiplier written as a word (`double`, `triple`), with its factor.
pub(crate) fn multiplier_word(w: &str) -> Option<f64> {
    let mut buf = [0u8; 24];
    match lower(w, &mut buf)? {
        b"double" | b"twice" => Some(2.0),
        b"triple" | b"thrice" => Some(3.0),
        b"quadruple" => Some(4.0),
        b"doubling" => Some(2.0),
        b"tripling" => Some(3.0),
        b"quadrupling" => Some(4.0),
        _ => None,
    }
}
