//! Qualifiers: the hedges and bounds that belong to a figure (`over`,
//! `nearly`, `more than`, `as many as`, `or more`).

use super::tokens::Sentence;

/// A qualifier found next to a number.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Qualifier {
    /// First token.
    pub at: usize,
    /// Last token.
    pub last: usize,
    /// A bound (`more than`, `up to`), which makes a duration an asserted
    /// quantity (`more than 130 years`), as opposed to a hedge (`about`).
    pub bound: bool,
}

/// Qualifiers written before the number, as lower-case words, grouped by
/// their last word (the word just before the number) and longest first.
fn ending_with(last: &[u8]) -> &'static [(&'static [&'static str], bool)] {
    match last {
        b"than" => &[
            (&["no", "more", "than"], true),
            (&["no", "fewer", "than"], true),
            (&["no", "less", "than"], true),
            (&["not", "more", "than"], true),
            (&["more", "than"], true),
            (&["less", "than"], true),
            (&["fewer", "than"], true),
            (&["greater", "than"], true),
            (&["higher", "than"], true),
            (&["lower", "than"], true),
            (&["larger", "than"], true),
        ],
        b"as" => &[
            (&["as", "many", "as"], true),
            (&["as", "much", "as"], true),
            (&["as", "few", "as"], true),
            (&["as", "little", "as"], true),
            (&["as", "high", "as"], true),
            (&["as", "low", "as"], true),
        ],
        b"of" => &[
            (&["in", "excess", "of"], true),
            (&["upwards", "of"], true),
            (&["upward", "of"], true),
            (&["north", "of"], true),
        ],
        b"over" => &[
            (&["a", "little", "over"], true),
            (&["a", "bit", "over"], true),
            (&["just", "over"], true),
            (&["well", "over"], true),
            (&["slightly", "over"], true),
            (&["over"], true),
        ],
        b"under" => &[
            (&["a", "little", "under"], true),
            (&["a", "bit", "under"], true),
            (&["just", "under"], true),
            (&["well", "under"], true),
            (&["slightly", "under"], true),
            (&["under"], true),
        ],
        b"below" => &[
            (&["a", "bit", "below"], true),
            (&["just", "below"], true),
            (&["well", "below"], true),
            (&["slightly", "below"], true),
            (&["below"], true),
        ],
        b"above" => &[
            (&["a", "bit", "above"], true),
            (&["just", "above"], true),
            (&["well", "above"], true),
            (&["slightly", "above"], true),
            (&["above"], true),
        ],
        b"to" => &[(&["up", "to"], true), (&["close", "to"], true)],
        b"least" => &[(&["at", "least"], true)],
        b"most" => &[(&["at", "most"], true)],
        b"estimated" => &[(&["an", "estimated"], false), (&["estimated"], false)],
        b"additional" => &[(&["an", "additional"], false)],
        b"further" => &[(&["a", "further"], false)],
        b"nearly" => &[(&["nearly"], true)],
        b"almost" => &[(&["almost"], true)],
        b"about" => &[(&["about"], false)],
        b"around" => &[(&["around"], false)],
        b"roughly" => &[(&["roughly"], false)],
        b"approximately" => &[(&["approximately"], false)],
        b"approx" => &[(&["approx"], false)],
        b"circa" => &[(&["circa"], false)],
        b"some" => &[(&["some"], false)],
        b"only" => &[(&["only"], false)],
        b"just" => &[(&["just"], false)],
        b"another" => &[(&["another"], false)],
        b"exactly" => &[(&["exactly"], false)],
        b"precisely" => &[(&["precisely"], false)],
        b"barely" => &[(&["barely"], false)],
        b"fully" => &[(&["fully"], false)],
        _ => &[],
    }
}

impl Qualifier {
    /// The words as written, lower-cased and joined by single spaces.
    pub fn text(&self, s: &Sentence) -> String {
        let mut out = String::new();
        for k in self.at..=self.last {
            if k > self.at {
                out.push(' ');
            }
            out.extend(s.str(k).chars().flat_map(char::to_lowercase));
        }
        out
    }
}

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
    let mut buf = [0u8; 24];
    let last = super::numbers::lower(s.word(end.checked_sub(1)?)?, &mut buf)?;
    for (words, bound) in ending_with(last) {
        let n = words.len();
        if end < n {
            continue;
        }
        let at = end - n;
        if words.iter().enumerate().all(|(k, w)| s.is(at + k, w)) {
            return Some(Qualifier {
                at,
                last: end - 1,
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
            at: i,
            last: i + 1,
            bound,
        });
    }
    None
}
