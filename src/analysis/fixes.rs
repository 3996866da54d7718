//! Fixes: edits the analysis offers for a span, such as citing a figure.

use super::Analysis;
use crate::text::Span;

/// Replace `span` with `text`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

/// A named set of edits to the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// The finding it fixes (index into `Analysis::findings`).
    pub finding: Option<usize>,
    /// Whether this is the fix a client should apply by default.
    pub preferred: bool,
}

pub(super) fn for_span(text: &str, analysis: &Analysis, span: Span) -> Vec<Fix> {
    let _ = (text, analysis, span);
    Vec::new()
}
