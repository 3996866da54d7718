//! Citations: inline markers that give a figure its source.
//!
//! Three marker styles are recognised: Pandoc `[@key]` / `[@key, p. 4]`,
//! footnotes `[^label]` (with a `[^label]: …` definition anywhere in the
//! file) and numbered references `[12]`. A marker covers the figures before it
//! in its sentence, back to the previous marker.

use crate::text::Span;

/// Which style a marker is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkerKind {
    /// `[@key]`, `[@key, p. 4]`: `key` and the optional locator.
    Pandoc {
        key: String,
        locator: Option<String>,
    },
    /// `[^label]`.
    Footnote { label: String },
    /// `[12]`.
    Numbered { number: u32 },
}

/// Which marker styles count as citations (configurable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkerStyles {
    pub pandoc: bool,
    pub footnote: bool,
    pub numbered: bool,
}

impl Default for MarkerStyles {
    fn default() -> Self {
        MarkerStyles {
            pandoc: true,
            footnote: true,
            numbered: true,
        }
    }
}

/// One inline citation marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub span: Span,
    pub kind: MarkerKind,
}

/// A footnote definition, `[^label]: text`, at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteDefinition {
    pub label: String,
    /// The whole definition line.
    pub span: Span,
    /// The definition's text after `]:`.
    pub body: Span,
}

/// The citations of one document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Citations {
    pub markers: Vec<Marker>,
    pub definitions: Vec<FootnoteDefinition>,
}

/// Finds the markers and footnote definitions in `text`.
pub fn find(text: &str, styles: MarkerStyles) -> Citations {
    let _ = (text, styles);
    Citations::default()
}

/// For each figure span (in order), the index of the marker that covers it.
pub fn covering(text: &str, citations: &Citations, figures: &[Span]) -> Vec<Option<usize>> {
    let _ = (text, citations);
    vec![None; figures.len()]
}
