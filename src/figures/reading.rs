//! The assertion reading: whether a figure is stated as a fact, and by which
//! rule the tool decided so.
//!
//! Every figure carries one `Reading`. An asserted one names the rule that
//! made the number a figure (`asserted.count`, `asserted.percent`, …); one
//! that is not asserted names what the speaker does with it instead: sets up
//! a condition (`hypothetical.if-clause`), supposes (`hypothetical.supposition`),
//! advises (`advice.you-should`), defines (`definition`), gives an example
//! (`example.for-example`) or speaks in an idiom (`idiom.hundred-percent`).
//! Those are shown as hints, never dropped, so a reader can see why the tool
//! let them pass. The names are stable: they appear in the JSON and SARIF
//! output and a user may filter on them.

use super::FigureKind;
use super::quantity::{Quantity, Shape};
use super::tokens::Sentence;

/// How a figure is read, and the rule that read it so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reading {
    /// A count of things in digits or with a scale word.
    AssertedCount,
    /// A count written in words.
    AssertedSpelledCount,
    /// A sum of money.
    AssertedMoney,
    /// A percentage or a rate.
    AssertedPercent,
    /// A multiplier or a ratio.
    AssertedMultiplier,
    /// A measure (or a span of time that is itself the claim).
    AssertedMeasure,
    /// A fraction of a whole.
    AssertedFraction,
    /// Inside a condition put to the listener (`if you have 3 guests`).
    IfClause,
    /// Inside a supposition (`suppose`, `imagine`, `let's say`).
    Supposition,
    /// Inside advice to the listener (`you should charge 50k`).
    YouShould,
    /// In a sentence that defines a term (`two bad quarters is the definition`).
    Definition,
    /// Inside an example the speaker makes up (`for example`, `for instance`).
    ForExample,
    /// `a hundred percent` as an intensifier (`running at a hundred percent`).
    HundredPercent,
    /// Marked not asserted without the rule that marked it (a figure built
    /// by hand rather than read from a sentence).
    NotAsserted,
}

impl Reading {
    /// The reading of a figure that nothing marks as hypothetical: asserted,
    /// by the rule its kind comes from.
    pub fn asserted(kind: FigureKind) -> Reading {
        match kind {
            FigureKind::Count => Reading::AssertedCount,
            FigureKind::SpelledCount => Reading::AssertedSpelledCount,
            FigureKind::Money => Reading::AssertedMoney,
            FigureKind::Percentage => Reading::AssertedPercent,
            FigureKind::Multiplier => Reading::AssertedMultiplier,
            FigureKind::Measure => Reading::AssertedMeasure,
            FigureKind::Fraction => Reading::AssertedFraction,
        }
    }

    /// Whether the figure is stated as a fact (and so needs a source).
    pub fn is_asserted(self) -> bool {
        matches!(
            self,
            Reading::AssertedCount
                | Reading::AssertedSpelledCount
                | Reading::AssertedMoney
                | Reading::AssertedPercent
                | Reading::AssertedMultiplier
                | Reading::AssertedMeasure
                | Reading::AssertedFraction
        )
    }

    /// The rule's stable name.
    pub fn rule(self) -> &'static str {
        match self {
            Reading::AssertedCount => "asserted.count",
            Reading::AssertedSpelledCount => "asserted.spelled-count",
            Reading::AssertedMoney => "asserted.money",
            Reading::AssertedPercent => "asserted.percent",
            Reading::AssertedMultiplier => "asserted.multiplier",
            Reading::AssertedMeasure => "asserted.measure",
            Reading::AssertedFraction => "asserted.fraction",
            Reading::IfClause => "hypothetical.if-clause",
            Reading::Supposition => "hypothetical.supposition",
            Reading::YouShould => "advice.you-should",
            Reading::Definition => "definition",
            Reading::ForExample => "example.for-example",
            Reading::HundredPercent => "idiom.hundred-percent",
            Reading::NotAsserted => "hypothetical",
        }
    }

    /// A short sentence for people.
    pub fn text(self) -> &'static str {
        match self {
            Reading::AssertedCount => "a count of things stated as fact",
            Reading::AssertedSpelledCount => "a count in words stated as fact",
            Reading::AssertedMoney => "a sum of money stated as fact",
            Reading::AssertedPercent => "a percentage or rate stated as fact",
            Reading::AssertedMultiplier => "a multiplier or ratio stated as fact",
            Reading::AssertedMeasure => "a measure stated as fact",
            Reading::AssertedFraction => "a fraction of a whole stated as fact",
            Reading::IfClause => "inside an if-clause",
            Reading::Supposition => "inside a supposition",
            Reading::YouShould => "advice to the listener",
            Reading::Definition => "part of a definition",
            Reading::ForExample => "part of an example",
            Reading::HundredPercent => "“a hundred percent” as an intensifier",
            Reading::NotAsserted => "reads as a hypothetical, advice or a definition",
        }
    }
}

/// `a hundred percent` said of how fully something is done (`running at a
/// hundred percent`, `I'm a hundred percent behind it`): the article and the
/// spelled number mark the spoken intensifier. A share of something (`a
/// hundred percent of the schools`) is still a claim, and so is `100
/// percent` in digits, which speakers write when they mean the number.
pub(crate) fn idiom(s: &Sentence, q: &Quantity) -> Option<Reading> {
    let n = &q.number;
    let intensifier = q.shape == Shape::Percent
        && q.upper.is_none()
        && q.value == 100.0
        && n.spelled
        && s.is_any(n.first, &["a", "one"])
        && !s.is(q.core.1 + 1, "of");
    intensifier.then_some(Reading::HundredPercent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asserted_readings_follow_the_kind_and_are_asserted() {
        for kind in FigureKind::ALL {
            let r = Reading::asserted(kind);
            assert!(r.is_asserted(), "{kind:?}");
            assert!(r.rule().starts_with("asserted."), "{kind:?}");
        }
        assert_eq!(
            Reading::asserted(FigureKind::Percentage).rule(),
            "asserted.percent"
        );
    }

    #[test]
    fn hint_readings_are_not_asserted_and_have_distinct_names() {
        let hints = [
            Reading::IfClause,
            Reading::Supposition,
            Reading::YouShould,
            Reading::Definition,
            Reading::ForExample,
            Reading::HundredPercent,
            Reading::NotAsserted,
        ];
        let mut names: Vec<_> = hints.iter().map(|r| r.rule()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), hints.len());
        assert!(
            hints
                .iter()
                .all(|r| !r.is_asserted() && !r.text().is_empty())
        );
    }
}
