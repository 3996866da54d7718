//! Findings: the problems the analysis reports, as plain data.

use super::Analysis;
use super::Settings;
use crate::text::Span;

/// How serious a finding is; `Off` findings are never reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
    Off,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
            Severity::Off => "off",
        }
    }

    pub fn from_name(name: &str) -> Option<Severity> {
        Some(match name {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "information" | "info" => Severity::Information,
            "hint" => Severity::Hint,
            "off" => Severity::Off,
            _ => return None,
        })
    }
}

/// The rule a finding comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingCode {
    /// A figure that no citation covers.
    UncitedFigure,
}

impl FindingCode {
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::UncitedFigure => "uncited-figure",
        }
    }
}

/// One problem in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// The figure the finding is about (index into `Analysis::figures`).
    pub figure: Option<usize>,
}

pub(super) fn compute(text: &str, analysis: &Analysis, settings: &Settings) -> Vec<Finding> {
    let uncovered = analysis.covers.iter().filter(|c| c.is_none()).count();
    let mut out = Vec::with_capacity(uncovered);
    for (i, figure) in analysis.figures.iter().enumerate() {
        if analysis.covers[i].is_some() {
            continue;
        }
        let severity = if figure.hypothetical {
            Severity::Hint
        } else {
            settings.severity_of(figure.kind)
        };
        if severity == Severity::Off {
            continue;
        }
        let mut message = String::with_capacity(MESSAGE.len() + figure.span.len());
        message.push_str(MESSAGE);
        push_one_line(&mut message, &text[figure.span.clone()]);
        out.push(Finding {
            code: FindingCode::UncitedFigure,
            severity,
            span: figure.span.clone(),
            message,
            figure: Some(i),
        });
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

/// What an uncited figure's message says before the figure.
const MESSAGE: &str = "figure without a citation: ";

/// Appends `s` with its whitespace folded into single spaces, as one line
/// for a message. Most figures are ASCII with single spaces and are copied
/// whole.
fn push_one_line(out: &mut String, s: &str) {
    // Plain: visible ASCII parted by single spaces, none at either end.
    let mut after_space = true;
    let plain = s.bytes().all(|c| {
        let ok = if c == b' ' {
            !after_space
        } else {
            c > b' ' && c < 0x80
        };
        after_space = c == b' ';
        ok
    }) && !after_space;
    if plain {
        out.push_str(s);
        return;
    }
    for (k, word) in s.split_whitespace().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_is_quoted_on_one_line() {
        for s in [
            "more than 2.25 billion suits",
            "about 40\npercent",
            "12\r\n  million",
            " 5 ",
            "9\u{a0}km",
            "3\u{2028}days",
            "a  b",
            "\u{1}7",
            "",
        ] {
            let mut out = String::new();
            push_one_line(&mut out, s);
            assert_eq!(
                out,
                s.split_whitespace().collect::<Vec<_>>().join(" "),
                "{s:?}"
            );
        }
    }
}
