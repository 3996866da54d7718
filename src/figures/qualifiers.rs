//! Qualifiers: the hedges and bounds that belong to a figure (`over`,
//! `nearly`, `more than`, `as many as`, `or more`).

use super::tokens::Sentence;

/// A qualifier found next to a number.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Qualifier {
    /// First token (before the number) or last token (after it).
    pub at: usize,
    /// The words as written, joined by single spaces.
    pub text: String,
    /// A bound (`more than`, `up to`), which makes a duration an asserted
    /// quantity (`more than 130 years`), as opposed to a hedge (`about`).
    pub bound: bool,
}

/// Qualifiers written before the number, longest first, as lower-case words.
const BEFORE: &[(&[&str], bool)] = &[
    (&["no", "more", "than"], true),
    (&["no", "fewer", "than"], true),
    (&["no", "less", "than"], true),
    (&["not", "more", "than"], true),
    (&["as", "many", "as"], true),
    (&["as", "much", "as"], true),
    (&["as", "few", "as"], true),
    (&["as", "little", "as"], true),
    (&["as", "high", "as"], true),
    (&["as", "low", "as"], true),
    (&["in", "excess", "of"], true),
    (&["a", "little", "over"], true),
    (&["a", "little", "under"], true),
    (&["a", "bit", "over"], true),
    (&["a", "bit", "under"], true),
    (&["a", "bit", "below"], true),
    (&["a", "bit", "above"], true),
    (&["more", "than"], true),
    (&["less", "than"], true),
    (&["fewer", "than"], true),
    (&["greater", "than"], true),
    (&["higher", "than"], true),
    (&["lower", "than"], true),
    (&["larger", "than"], true),
    (&["up", "to"], true),
    (&["at", "least"], true),
    (&["at", "most"], true),
    (&["close", "to"], true),
    (&["upwards", "of"], true),
    (&["upward", "of"], true),
    (&["north", "of"], true),
    (&["just", "over"], true),
    (&["just", "under"], true),
    (&["just", "below"], true),
    (&["just", "above"], true),
    (&["well", "over"], true),
    (&["well", "above"], true),
    (&["well", "below"], true),
    (&["well", "under"], true),
    (&["slightly", "over"], true),
    (&["slightly", "above"], true),
    (&["slightly", "below"], true),
    (&["slightly", "under"], true),
    (&["an", "estimated"], false),
    (&["an", "additional"], false),
    (&["a", "further"], false),
    (&["over"], true),
    (&["under"], true),
    (&["nearly"], true),
    (&["almost"], true),
    (&["above"], true),
    (&["below"], true),
    (&["about"], false),
    (&["around"], false),
    (&["roughly"], false),
    (&["approximately"], false),
    (&["approx"], false),
    (&["circa"], false),
    (&["some"], false),
    (&["only"], false),
    (&["just"], false),
    (&["another"], false),
    (&["exactly"], false),
    (&["precisely"], false),
    (&["estimated"], false),
    (&["barely"], false),
    (&["fully"], false),
];

/// The qualifier ending just before token `first`, skipping an article
/// (`as many as a 100,000`).
pub(crate) fn before(s: &Sentence, first: usize) -> Option<Qualifier> {
    let mut end = first;
    // `as many as a 100,000`: "a hundred thousand" said, digits written.
    let spoken_round =
        s.is_number(first) && s.str(first).starts_with("1") && s.str(first).len() >= 3;
    if end > 0 && (s.is(end - 1, "a") || s.is(end - 1, "an")) && spoken_round {
        end -= 1;
    }
    for (words, bound) in BEFORE {
        let n = words.len();
        if end < n {
            continue;
        }
        let at = end - n;
        if words.iter().enumerate().all(|(k, w)| s.is(at + k, w)) {
            let text = (at..end).map(|k| s.str(k)).collect::<Vec<_>>().join(" ");
            return Some(Qualifier {
                at,
                text,
                bound: *bound,
            });
        }
    }
    None
}

/// A qualifier written after the figure (`or more`, `or less`, `or so`),
/// starting at token `i`.
pub(crate) fn after(s: &Sentence, i: usize) -> Option<Qualifier> {
    if !s.is(i, "or") {
        return None;
    }
    let bound = s.is_any(
        i + 1,
        &[
            "more", "less", "fewer", "longer", "shorter", "higher", "lower", "above", "below",
            "greater", "over", "under",
        ],
    );
    if bound || s.is(i + 1, "so") {
        return Some(Qualifier {
            at: i + 1,
            text: format!("{} {}", s.str(i), s.str(i + 1)),
            bound,
        });
    }
    None
}
