//! Notes attached to spans of a transcript, and their anchoring.
//!
//! A note says something about what was said: a comment, a source for a
//! figure, a review verdict, a tag. It remembers *what* it was attached to
//! (the quoted text with some context either side) and *where* (a position in
//! code points), so that `anchor` can find it again after the transcript has
//! been edited, or say honestly that it cannot. The model is plain data: the
//! shell's `sidecar` reads and writes it as W3C Web Annotations, and the
//! analysis asks which figures a note covers.

mod anchor;
mod build;
pub mod fuzzy;
mod numerals;
mod positions;
mod render;

pub use anchor::{Anchor, Anchorer, anchor_all, reanchor_all};
pub use build::{MARKDOWN, NoteKind, Stamp, classify_reference, target_for};
pub use numerals::{NumberChange, number_change};
pub use positions::{CodePoints, char_index};
pub use render::{drifted_message, excerpt, hover_markdown, orphaned_message};

use std::ops::Range;

use crate::text::Span;

/// How many code points of context a new note records either side of its quote.
pub const CONTEXT_CHARS: usize = 32;

/// One note.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// `urn:uuid:…`; empty when the file gave none.
    pub id: String,
    pub motivation: Option<Motivation>,
    pub bodies: Vec<Body>,
    /// The author's name, when known.
    pub creator: Option<String>,
    /// RFC 3339 timestamps, as written.
    pub created: Option<String>,
    pub modified: Option<String>,
    pub target: Target,
}

/// Why the note was made (the W3C `motivation`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Motivation {
    Commenting,
    /// The note gives a source.
    Linking,
    /// The note is a review verdict.
    Assessing,
    Tagging,
    Other(String),
}

impl Motivation {
    pub fn from_name(name: &str) -> Motivation {
        match name.strip_prefix("oa:").unwrap_or(name) {
            "commenting" => Motivation::Commenting,
            "linking" => Motivation::Linking,
            "assessing" => Motivation::Assessing,
            "tagging" => Motivation::Tagging,
            other => Motivation::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Motivation::Commenting => "commenting",
            Motivation::Linking => "linking",
            Motivation::Assessing => "assessing",
            Motivation::Tagging => "tagging",
            Motivation::Other(name) => name,
        }
    }
}

/// One body of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Text the author wrote (`format` is a media type, usually `text/markdown`).
    Text {
        value: String,
        format: Option<String>,
    },
    /// A source given as a URL or other IRI (a DOI is kept as its `https://doi.org/` URL).
    Link(String),
    /// A source given as a bibliography citation key (`@smith2020`).
    Citation(String),
    /// A tag (`verified`, `needs-source`, a qualitative code).
    Tag(String),
}

/// The tags that record a review verdict: a note carrying one covers the
/// figures it spans, as a source would.
pub const VERDICT_TAGS: [&str; 3] = ["verified", "no-citation-needed", "reviewed"];

/// What a note is attached to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Target {
    pub quote: Option<Quote>,
    /// `start..end` in Unicode code points (the W3C `TextPositionSelector`).
    pub position: Option<Range<usize>>,
    /// When in the recording the words were said, as a W3C Media Fragments
    /// temporal value (`t=751.2,760.0`, the value of a `FragmentSelector`
    /// conforming to `MEDIA_FRAGMENTS`); kept as written, since other tools
    /// write other forms (`t=npt:…`) that this program only carries.
    pub fragment: Option<String>,
}

/// What a `FragmentSelector` on the recording's time conforms to.
pub const MEDIA_FRAGMENTS: &str = "http://www.w3.org/TR/media-frags/";

/// The quoted text and its context (the W3C `TextQuoteSelector`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Quote {
    pub exact: String,
    /// Up to `CONTEXT_CHARS` code points before the quote; empty if unknown.
    pub prefix: String,
    /// Up to `CONTEXT_CHARS` code points after the quote; empty if unknown.
    pub suffix: String,
}

impl Note {
    /// The author's text (the first textual body), if any.
    pub fn text(&self) -> Option<&str> {
        self.bodies.iter().find_map(|b| match b {
            Body::Text { value, .. } => Some(value.as_str()),
            _ => None,
        })
    }

    /// The sources the note gives: links and citation keys.
    pub fn sources(&self) -> impl Iterator<Item = &str> {
        self.bodies.iter().filter_map(|b| match b {
            Body::Link(s) | Body::Citation(s) => Some(s.as_str()),
            _ => None,
        })
    }

    pub fn tags(&self) -> impl Iterator<Item = &str> {
        self.bodies.iter().filter_map(|b| match b {
            Body::Tag(t) => Some(t.as_str()),
            _ => None,
        })
    }

    /// Whether the note gives a review verdict: motivation `assessing` or a
    /// verdict tag.
    pub fn is_verdict(&self) -> bool {
        self.motivation == Some(Motivation::Assessing)
            || self
                .tags()
                .any(|t| VERDICT_TAGS.iter().any(|v| v.eq_ignore_ascii_case(t)))
    }

    /// Whether the note stands for a citation of the figures it spans: it
    /// gives a source or a review verdict. A bare comment does not: a doubt
    /// is not a source.
    pub fn covers_figures(&self) -> bool {
        self.motivation == Some(Motivation::Linking)
            || self.sources().next().is_some()
            || self.is_verdict()
    }
}

/// For each figure span, the first note (index into `notes`) that covers it:
/// a note that `covers_figures` and whose anchored or drifted span overlaps
/// the figure. Orphaned notes cover nothing. A drifted note covers only while
/// its words state the numbers its quote did: a source for "220 billion"
/// does not vouch for the "200 billion" written over it.
pub fn covering(
    text: &str,
    notes: &[Note],
    anchors: &[Anchor],
    figures: &[Span],
) -> Vec<Option<usize>> {
    let covering: Vec<(usize, &Span)> = notes
        .iter()
        .zip(anchors)
        .enumerate()
        .filter(|(_, (note, _))| note.covers_figures())
        .filter(|(_, (note, anchor))| match (anchor, &note.target.quote) {
            (Anchor::Drifted(span), Some(quote)) => {
                numerals::numerals(text.get(span.clone()).unwrap_or(""))
                    == numerals::numerals(&quote.exact)
            }
            _ => true,
        })
        .filter_map(|(i, (_, anchor))| anchor.span().map(|s| (i, s)))
        .collect();
    figures
        .iter()
        .map(|figure| {
            covering
                .iter()
                .find(|(_, span)| overlaps(span, figure))
                .map(|(i, _)| *i)
        })
        .collect()
}

/// The notes (indices) whose span contains `offset`, for hover and
/// go-to-definition; a cursor at either edge of a span counts.
pub fn notes_at(anchors: &[Anchor], offset: usize) -> Vec<usize> {
    anchors
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.span()
                .is_some_and(|s| s.start <= offset && offset <= s.end)
        })
        .map(|(i, _)| i)
        .collect()
}

/// The notes (indices) whose span overlaps `span`, e.g. to count the notes
/// of an exchange in the outline.
pub fn notes_overlapping(anchors: &[Anchor], span: &Span) -> Vec<usize> {
    anchors
        .iter()
        .enumerate()
        .filter(|(_, a)| a.span().is_some_and(|s| overlaps(s, span)))
        .map(|(i, _)| i)
        .collect()
}

/// Whether two byte spans share at least one byte (an empty span overlaps
/// a span that strictly contains its position).
fn overlaps(a: &Span, b: &Span) -> bool {
    if a.is_empty() || b.is_empty() {
        let (e, o) = if a.is_empty() { (a, b) } else { (b, a) };
        return o.start < e.start && e.start < o.end;
    }
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(motivation: Option<Motivation>, bodies: Vec<Body>) -> Note {
        Note {
            id: "urn:uuid:x".into(),
            motivation,
            bodies,
            creator: None,
            created: None,
            modified: None,
            target: Target::default(),
        }
    }

    #[test]
    fn what_covers_figures() {
        let comment = note(
            Some(Motivation::Commenting),
            vec![Body::Text {
                value: "Doubtful.".into(),
                format: None,
            }],
        );
        assert!(!comment.covers_figures());
        assert!(note(None, vec![Body::Link("https://example.org".into())]).covers_figures());
        assert!(note(None, vec![Body::Citation("@smith2020".into())]).covers_figures());
        assert!(note(Some(Motivation::Linking), vec![]).covers_figures());
        assert!(note(Some(Motivation::Assessing), vec![]).covers_figures());
        assert!(note(None, vec![Body::Tag("Verified".into())]).covers_figures());
        assert!(!note(None, vec![Body::Tag("economy".into())]).covers_figures());
    }

    #[test]
    fn covering_needs_an_overlapping_live_anchor() {
        let source = note(None, vec![Body::Link("https://example.org".into())]);
        let comment = note(None, vec![Body::Tag("economy".into())]);
        let notes = [comment, source.clone(), source];
        let anchors = [
            Anchor::Anchored(0..20),
            Anchor::Drifted(10..14),
            Anchor::Orphaned,
        ];
        let figures = [0..4, 12..16, 14..18, 30..32];
        let text = "x".repeat(40);
        assert_eq!(
            covering(&text, &notes, &anchors, &figures),
            vec![None, Some(1), None, None]
        );
        assert_eq!(notes_at(&anchors, 14), vec![0, 1]);
        assert_eq!(notes_overlapping(&anchors, &(15..40)), vec![0]);
    }

    #[test]
    fn a_source_stops_covering_a_figure_written_over() {
        let text = "we shipped 200 billion masks";
        let before = "we shipped 220 billion masks";
        let at = before.find("220").unwrap();
        let source = Note {
            bodies: vec![Body::Link("https://example.org".into())],
            ..Note::new(
                "n",
                NoteKind::Comment(String::new()),
                target_for(before, at..before.len()),
                &Stamp {
                    now: String::new(),
                    creator: None,
                },
            )
        };
        let span: Span = at..at + "200 billion masks".len();
        let figure = std::slice::from_ref(&span);
        let drifted = [Anchor::Drifted(span.clone())];
        assert_eq!(
            covering(text, std::slice::from_ref(&source), &drifted, figure),
            [None]
        );
        // Drifted in its other words, its figure the same: it still covers.
        let text = "we shipped 220 billion masks";
        assert_eq!(covering(text, &[source], &drifted, figure), [Some(0)]);
    }
}
