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
    let mut out = Vec::new();
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
        let quoted = one_line(&text[figure.span.clone()]);
        out.push(Finding {
            code: FindingCode::UncitedFigure,
            severity,
            span: figure.span.clone(),
            message: format!("figure without a citation: {quoted}"),
            figure: Some(i),
        });
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

/// Folds a span that crosses a line end into one line for a message.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
