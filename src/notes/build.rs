//! Building and changing notes: the pure half of the editor's note commands.
//!
//! `target_for` records what a selection quotes (with context and code-point
//! position); `Note::new`, `Note::with_text` and `Note::reattached` give the
//! note a command produces. The caller supplies the id and the time in a
//! `Stamp`, so everything here is deterministic; the sidecar turns the result
//! into text edits.

use super::{Body, CONTEXT_CHARS, Motivation, Note, Quote, Target, char_index};
use crate::text::Span;

/// When a change is made and by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// An RFC 3339 timestamp.
    pub now: String,
    /// The author's name, when the configuration knows it.
    pub creator: Option<String>,
}

/// What a new note says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoteKind {
    /// A comment in Markdown.
    Comment(String),
    /// A source: a URL, a DOI or a citation key (see `classify_reference`),
    /// with an optional comment.
    Source {
        reference: String,
        comment: Option<String>,
    },
    /// A review verdict: the span was checked and needs no further source.
    Reviewed { comment: Option<String> },
    /// A tag, such as a qualitative code.
    Tag(String),
}

/// The format of the text bodies this program writes.
pub const MARKDOWN: &str = "text/markdown";

/// What a selection quotes: the exact text, `CONTEXT_CHARS` code points of
/// context either side, and its position in code points.
pub fn target_for(text: &str, span: Span) -> Target {
    let exact = &text[span.clone()];
    let prefix: String = {
        let mut before: Vec<char> = text[..span.start]
            .chars()
            .rev()
            .take(CONTEXT_CHARS)
            .collect();
        before.reverse();
        before.into_iter().collect()
    };
    let suffix: String = text[span.end..].chars().take(CONTEXT_CHARS).collect();
    let start = char_index(text, span.start);
    Target {
        quote: Some(Quote {
            exact: exact.to_string(),
            prefix,
            suffix,
        }),
        position: Some(start..start + exact.chars().count()),
        fragment: None,
    }
}

/// A source reference as a body: a URL or other IRI is a link, a DOI
/// (`doi:10.…` or bare `10.…/…`) becomes its `https://doi.org/` link, and
/// anything else is a citation key.
pub fn classify_reference(reference: &str) -> Body {
    let r = reference.trim();
    let doi = r
        .strip_prefix("doi:")
        .or_else(|| r.strip_prefix("DOI:"))
        .map(str::trim)
        .or_else(|| (r.starts_with("10.") && r.contains('/')).then_some(r));
    if let Some(doi) = doi {
        return Body::Link(format!("https://doi.org/{doi}"));
    }
    let is_iri = r.contains("://") || r.starts_with("urn:") || r.starts_with("mailto:");
    if is_iri {
        Body::Link(r.to_string())
    } else {
        Body::Citation(r.to_string())
    }
}

fn text_body(value: &str) -> Body {
    Body::Text {
        value: value.to_string(),
        format: Some(MARKDOWN.to_string()),
    }
}

impl Note {
    /// A new note on `target`.
    pub fn new(id: impl Into<String>, kind: NoteKind, target: Target, stamp: &Stamp) -> Note {
        let comment = |c: Option<String>| c.filter(|c| !c.trim().is_empty()).map(|c| text_body(&c));
        let (motivation, bodies) = match kind {
            NoteKind::Comment(text) => (Motivation::Commenting, vec![text_body(&text)]),
            NoteKind::Source {
                reference,
                comment: c,
            } => {
                let mut bodies: Vec<Body> = comment(c).into_iter().collect();
                bodies.push(classify_reference(&reference));
                (Motivation::Linking, bodies)
            }
            NoteKind::Reviewed { comment: c } => {
                let mut bodies: Vec<Body> = comment(c).into_iter().collect();
                bodies.push(Body::Tag("reviewed".into()));
                (Motivation::Assessing, bodies)
            }
            NoteKind::Tag(tag) => (Motivation::Tagging, vec![Body::Tag(tag)]),
        };
        Note {
            id: id.into(),
            motivation: Some(motivation),
            bodies,
            creator: stamp.creator.clone(),
            created: Some(stamp.now.clone()),
            modified: None,
            target,
        }
    }

    /// The note with new text (its first textual body, added after the others
    /// if it has none), keeping its id, target and other bodies.
    pub fn with_text(&self, text: &str, stamp: &Stamp) -> Note {
        let mut note = self.clone();
        match note
            .bodies
            .iter_mut()
            .find(|b| matches!(b, Body::Text { .. }))
        {
            Some(Body::Text { value, .. }) => *value = text.to_string(),
            _ => note.bodies.push(text_body(text)),
        }
        note.modified = Some(stamp.now.clone());
        note
    }

    /// The note attached to a new target (an orphan given a new home).
    pub fn reattached(&self, target: Target, stamp: &Stamp) -> Note {
        let mut note = self.clone();
        note.target = target;
        note.modified = Some(stamp.now.clone());
        note
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp() -> Stamp {
        Stamp {
            now: "2026-01-02T03:04:05Z".into(),
            creator: Some("Ada".into()),
        }
    }

    #[test]
    fn targets_record_context_and_code_points() {
        let text = "😀 Q: How many?\r\nA: Twelve percent, said she.";
        let start = text.find("Twelve").unwrap();
        let target = target_for(text, start..start + "Twelve percent".len());
        let quote = target.quote.unwrap();
        assert_eq!(quote.exact, "Twelve percent");
        assert_eq!(quote.prefix, "😀 Q: How many?\r\nA: "); // all 19 code points before
        assert_eq!(quote.suffix, ", said she.");
        // 😀 is one code point (two UTF-16 units, four bytes).
        assert_eq!(target.position, Some(19..33));
    }

    #[test]
    fn context_is_capped_at_32_code_points() {
        let text = format!("{}X{}", "é".repeat(40), "😀".repeat(40));
        let x = text.find('X').unwrap();
        let quote = target_for(&text, x..x + 1).quote.unwrap();
        assert_eq!(quote.prefix, "é".repeat(32));
        assert_eq!(quote.suffix, "😀".repeat(32));
    }

    #[test]
    fn references_are_classified() {
        assert_eq!(
            classify_reference(" https://example.org/report "),
            Body::Link("https://example.org/report".into())
        );
        assert_eq!(
            classify_reference("doi:10.1000/xyz"),
            Body::Link("https://doi.org/10.1000/xyz".into())
        );
        assert_eq!(
            classify_reference("10.1000/xyz"),
            Body::Link("https://doi.org/10.1000/xyz".into())
        );
        assert_eq!(
            classify_reference("@smith2020"),
            Body::Citation("@smith2020".into())
        );
    }

    #[test]
    fn kinds_set_motivation_and_bodies() {
        let t = Target::default();
        let source = Note::new(
            "urn:uuid:1",
            NoteKind::Source {
                reference: "@smith2020".into(),
                comment: Some("Table 2".into()),
            },
            t.clone(),
            &stamp(),
        );
        assert_eq!(source.motivation, Some(Motivation::Linking));
        assert_eq!(source.text(), Some("Table 2"));
        assert_eq!(source.sources().collect::<Vec<_>>(), ["@smith2020"]);
        assert_eq!(source.created.as_deref(), Some("2026-01-02T03:04:05Z"));
        assert_eq!(source.creator.as_deref(), Some("Ada"));
        assert!(source.covers_figures());

        let reviewed = Note::new(
            "urn:uuid:2",
            NoteKind::Reviewed { comment: None },
            t,
            &stamp(),
        );
        assert_eq!(reviewed.motivation, Some(Motivation::Assessing));
        assert_eq!(reviewed.bodies, vec![Body::Tag("reviewed".into())]);
        assert!(reviewed.covers_figures());
    }

    #[test]
    fn edits_keep_id_and_target() {
        let text = "A: Twelve percent.";
        let note = Note::new(
            "urn:uuid:1",
            NoteKind::Tag("economy".into()),
            target_for(text, 3..9),
            &stamp(),
        );
        let later = Stamp {
            now: "2026-02-01T00:00:00Z".into(),
            creator: None,
        };
        let edited = note.with_text("Check the base year.", &later);
        assert_eq!(edited.id, note.id);
        assert_eq!(edited.target, note.target);
        assert_eq!(edited.text(), Some("Check the base year."));
        assert_eq!(edited.tags().collect::<Vec<_>>(), ["economy"]);
        assert_eq!(edited.created, note.created);
        assert_eq!(edited.modified.as_deref(), Some("2026-02-01T00:00:00Z"));

        let moved = note.reattached(target_for(text, 10..17), &later);
        assert_eq!(moved.target.quote.unwrap().exact, "percent");
        assert_eq!(moved.bodies, note.bodies);
    }
}
