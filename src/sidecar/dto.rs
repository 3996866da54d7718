//! W3C Web Annotation ⇄ `notes::Note`.
//!
//! Reading is lenient, as files come from many tools: JSON-LD lets most
//! properties hold one value or a list, `@id`/`@type` stand for `id`/`type`,
//! and a body may be a string, a `TextualBody`, a `SpecificResource` or an
//! object with an `id`. What a note cannot use (unknown selector or body
//! types) is skipped here and left in the file untouched. Writing goes
//! through serde structs whose field order is the order in the file.

use serde::Serialize;

use super::json::Node;
use crate::notes::{Body, MEDIA_FRAGMENTS, Motivation, Note, Quote, Target, classify_reference};
use crate::text::Span;

/// A note read from the file, with the places the sidecar needs to point at.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    pub note: Note,
    pub id_span: Option<Span>,
    /// The `exact` string of the quote selector.
    pub quote_span: Option<Span>,
    /// The target's `source`, as written.
    pub source: Option<String>,
}

pub fn read_note(node: &Node) -> Read {
    let id = node.get("id").or_else(|| node.get("@id"));
    let text_of = |key: &str| node.get(key).and_then(Node::as_str).map(str::to_string);
    let motivation = node
        .get("motivation")
        .and_then(|m| m.one_or_many().iter().find_map(Node::as_str))
        .map(Motivation::from_name);
    let mut bodies: Vec<Body> = node
        .get("body")
        .map(|b| b.one_or_many().iter().filter_map(read_body).collect())
        .unwrap_or_default();
    if let Some(value) = node.get("bodyValue").and_then(Node::as_str) {
        bodies.insert(
            0,
            Body::Text {
                value: value.to_string(),
                format: None,
            },
        );
    }
    let (target, quote_span, source) =
        node.get("target")
            .map(read_target)
            .unwrap_or((Target::default(), None, None));
    Read {
        note: Note {
            id: id.and_then(Node::as_str).unwrap_or_default().to_string(),
            motivation,
            bodies,
            creator: node.get("creator").and_then(read_creator),
            created: text_of("created"),
            modified: text_of("modified"),
            target,
        },
        id_span: id.map(|n| n.span.clone()),
        quote_span,
        source,
    }
}

fn read_creator(node: &Node) -> Option<String> {
    let first = node.one_or_many().first()?;
    if let Some(s) = first.as_str() {
        return Some(s.to_string());
    }
    ["name", "nickname", "id", "@id"]
        .iter()
        .find_map(|k| first.get(k).and_then(Node::as_str))
        .map(str::to_string)
}

/// How a body object is read: which of `Body`'s forms, if any.
pub fn read_body(node: &Node) -> Option<Body> {
    if let Some(iri) = node.as_str() {
        return Some(Body::Link(iri.to_string()));
    }
    if let Some(value) = node.get("value").and_then(Node::as_str) {
        let purpose = node
            .get("purpose")
            .and_then(|p| p.one_or_many().iter().find_map(Node::as_str))
            .map(|p| p.strip_prefix("oa:").unwrap_or(p));
        return Some(match purpose {
            Some("tagging") => Body::Tag(value.to_string()),
            Some("linking") => classify_reference(value),
            _ => Body::Text {
                value: value.to_string(),
                format: node
                    .get("format")
                    .and_then(Node::as_str)
                    .map(str::to_string),
            },
        });
    }
    let source = node.get("source").and_then(|s| {
        s.as_str()
            .or_else(|| s.get("id").or_else(|| s.get("@id")).and_then(Node::as_str))
    });
    source
        .or_else(|| {
            node.get("id")
                .or_else(|| node.get("@id"))
                .and_then(Node::as_str)
        })
        .map(|iri| Body::Link(iri.to_string()))
}

/// Whether a body object is the note's text (what `Note::with_text` changes).
pub fn is_text_body(node: &Node) -> bool {
    matches!(read_body(node), Some(Body::Text { .. }))
}

/// The target object the note is anchored by: the first with a selector
/// this program reads, else the first object.
pub fn anchoring_target(target: &Node) -> Option<&Node> {
    let objects = || {
        target
            .one_or_many()
            .iter()
            .filter(|t| t.members().is_some())
    };
    objects()
        .find(|t| {
            t.get("selector").is_some_and(|s| {
                s.one_or_many()
                    .iter()
                    .any(|s| s.has_type("TextQuoteSelector") || s.has_type("TextPositionSelector"))
            })
        })
        .or_else(|| objects().next())
}

fn read_target(target: &Node) -> (Target, Option<Span>, Option<String>) {
    let Some(object) = anchoring_target(target) else {
        // A bare IRI: the whole document, nothing to anchor by.
        let source = target.one_or_many().iter().find_map(Node::as_str);
        return (Target::default(), None, source.map(str::to_string));
    };
    let source = object.get("source").and_then(|s| {
        s.as_str()
            .or_else(|| s.get("id").and_then(Node::as_str))
            .map(str::to_string)
    });
    let mut out = Target::default();
    let mut quote_span = None;
    let selectors = object.get("selector").map(Node::one_or_many).unwrap_or(&[]);
    for selector in selectors {
        if selector.has_type("TextQuoteSelector") && out.quote.is_none() {
            let Some(exact) = selector.get("exact").filter(|e| e.as_str().is_some()) else {
                continue;
            };
            let text = |k: &str| {
                selector
                    .get(k)
                    .and_then(Node::as_str)
                    .unwrap_or_default()
                    .to_string()
            };
            quote_span = Some(exact.span.clone());
            out.quote = Some(Quote {
                exact: text("exact"),
                prefix: text("prefix"),
                suffix: text("suffix"),
            });
        } else if selector.has_type("TextPositionSelector") && out.position.is_none() {
            let at = |k: &str| selector.get(k).and_then(Node::as_u64).map(|n| n as usize);
            if let (Some(start), Some(end)) = (at("start"), at("end")) {
                out.position = Some(start..end.max(start));
            }
        } else if out.fragment.is_none()
            && let Some(value) = media_fragment(selector)
        {
            out.fragment = Some(value.to_string());
        }
    }
    (out, quote_span, source)
}

/// The value of a selector that says when in the recording the words were
/// said: a `FragmentSelector` conforming to Media Fragments with a temporal
/// (`t=`) value. Spatial fragments (`xywh=`) and other specs are not times.
pub fn media_fragment(selector: &Node) -> Option<&str> {
    if !selector.has_type("FragmentSelector") {
        return None;
    }
    let conforms = selector
        .get("conformsTo")
        .or_else(|| selector.get("dcterms:conformsTo"))
        .and_then(Node::as_str)?;
    if conforms.trim_end_matches('/') != MEDIA_FRAGMENTS.trim_end_matches('/') {
        return None;
    }
    selector
        .get("value")
        .and_then(Node::as_str)
        .filter(|v| v.starts_with("t="))
}

// --- Writing -------------------------------------------------------------

/// A new sidecar: a collection whose first page holds the notes.
#[derive(Serialize)]
pub struct CollectionOut<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub label: String,
    pub first: PageOut<'a>,
}

#[derive(Serialize)]
pub struct PageOut<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub items: Vec<AnnotationOut<'a>>,
}

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";

impl<'a> CollectionOut<'a> {
    pub fn new(transcript: &str, items: Vec<AnnotationOut<'a>>) -> CollectionOut<'a> {
        CollectionOut {
            context: CONTEXT,
            kind: "AnnotationCollection",
            label: format!("Notes on {transcript}"),
            first: PageOut {
                kind: "AnnotationPage",
                items,
            },
        }
    }
}

#[derive(Serialize)]
pub struct AnnotationOut<'a> {
    pub id: &'a str,
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub motivation: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<CreatorOut<'a>>,
    #[serde(skip_serializing_if = "OneOrMany::is_empty")]
    pub body: OneOrMany<BodyOut<'a>>,
    pub target: TargetOut<'a>,
}

#[derive(Serialize)]
pub struct CreatorOut<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub name: &'a str,
}

/// One value written bare, several as a list, as JSON-LD files usually do.
#[derive(Serialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    fn from_vec(mut v: Vec<T>) -> OneOrMany<T> {
        if v.len() == 1 {
            OneOrMany::One(v.remove(0))
        } else {
            OneOrMany::Many(v)
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, OneOrMany::Many(v) if v.is_empty())
    }
}

#[derive(Serialize)]
#[serde(tag = "type")]
pub enum BodyOut<'a> {
    TextualBody {
        value: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        format: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        purpose: Option<&'static str>,
    },
    SpecificResource {
        source: &'a str,
        purpose: &'static str,
    },
}

impl<'a> BodyOut<'a> {
    pub fn new(body: &'a Body) -> BodyOut<'a> {
        match body {
            Body::Text { value, format } => BodyOut::TextualBody {
                value,
                format: format.as_deref(),
                purpose: None,
            },
            Body::Link(iri) => BodyOut::SpecificResource {
                source: iri,
                purpose: "linking",
            },
            // A citation key is not an IRI: it is kept as text whose
            // purpose says it links to a source.
            Body::Citation(key) => BodyOut::TextualBody {
                value: key,
                format: None,
                purpose: Some("linking"),
            },
            Body::Tag(tag) => BodyOut::TextualBody {
                value: tag,
                format: None,
                purpose: Some("tagging"),
            },
        }
    }
}

#[derive(Serialize)]
pub struct TargetOut<'a> {
    pub source: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub selector: Vec<SelectorOut<'a>>,
}

// The variants are the W3C type names, written as the `type` tag.
#[allow(clippy::enum_variant_names)]
#[derive(Serialize)]
#[serde(tag = "type")]
pub enum SelectorOut<'a> {
    TextQuoteSelector {
        exact: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        prefix: &'a str,
        #[serde(skip_serializing_if = "str::is_empty")]
        suffix: &'a str,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
    FragmentSelector {
        #[serde(rename = "conformsTo")]
        conforms_to: &'static str,
        value: &'a str,
    },
}

impl<'a> SelectorOut<'a> {
    pub fn all(target: &'a Target) -> Vec<SelectorOut<'a>> {
        let mut out = Vec::new();
        if let Some(q) = &target.quote {
            out.push(SelectorOut::TextQuoteSelector {
                exact: &q.exact,
                prefix: &q.prefix,
                suffix: &q.suffix,
            });
        }
        if let Some(p) = &target.position {
            out.push(SelectorOut::TextPositionSelector {
                start: p.start,
                end: p.end,
            });
        }
        if let Some(value) = &target.fragment {
            out.push(SelectorOut::FragmentSelector {
                conforms_to: MEDIA_FRAGMENTS,
                value,
            });
        }
        out
    }
}

impl<'a> AnnotationOut<'a> {
    pub fn new(note: &'a Note, source: &'a str) -> AnnotationOut<'a> {
        AnnotationOut {
            id: &note.id,
            kind: "Annotation",
            motivation: note.motivation.as_ref().map(Motivation::as_str),
            created: note.created.as_deref(),
            modified: note.modified.as_deref(),
            creator: note.creator.as_deref().map(|name| CreatorOut {
                kind: "Person",
                name,
            }),
            body: OneOrMany::from_vec(note.bodies.iter().map(BodyOut::new).collect()),
            target: TargetOut {
                source,
                selector: SelectorOut::all(&note.target),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sidecar::json;

    fn read(text: &str) -> Note {
        read_note(&json::parse(text, 0).unwrap()).note
    }

    #[test]
    fn reads_the_many_shapes_of_a_note() {
        let note = read(
            r#"{
              "@id": "urn:uuid:a", "@type": "oa:Annotation",
              "motivation": ["oa:linking", "commenting"],
              "creator": [{"type": "Person", "nickname": "ada"}],
              "bodyValue": "Plain text.",
              "body": [
                "https://example.org/a",
                {"type": "SpecificResource", "source": {"id": "https://example.org/b"}},
                {"type": "TextualBody", "value": "econ", "purpose": "tagging"},
                {"type": "TextualBody", "value": "@smith2020", "purpose": "linking"},
                {"type": "Image", "format": "image/png"}
              ],
              "target": [
                "https://example.org/other",
                {"source": "a.txt", "selector": [
                  {"type": "XPathSelector", "value": "/p[2]"},
                  {"type": "TextQuoteSelector", "exact": "twelve", "suffix": " percent"},
                  {"type": "TextPositionSelector", "start": 4, "end": 10},
                  {"type": "FragmentSelector", "conformsTo": "http://www.w3.org/TR/media-frags/", "value": "xywh=0,0,10,10"},
                  {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc5147", "value": "char=4,10"},
                  {"type": "FragmentSelector", "conformsTo": "http://www.w3.org/TR/media-frags/", "value": "t=npt:4.5,9"}
                ]}
              ]
            }"#,
        );
        assert_eq!(note.id, "urn:uuid:a");
        assert_eq!(note.motivation, Some(Motivation::Linking));
        assert_eq!(note.creator.as_deref(), Some("ada"));
        assert_eq!(
            note.bodies,
            vec![
                Body::Text {
                    value: "Plain text.".into(),
                    format: None
                },
                Body::Link("https://example.org/a".into()),
                Body::Link("https://example.org/b".into()),
                Body::Tag("econ".into()),
                Body::Citation("@smith2020".into()),
            ]
        );
        let quote = note.target.quote.unwrap();
        assert_eq!(
            (quote.exact.as_str(), quote.prefix.as_str()),
            ("twelve", "")
        );
        assert_eq!(quote.suffix, " percent");
        assert_eq!(note.target.position, Some(4..10));
        // Only a temporal media fragment is a time in the recording.
        assert_eq!(note.target.fragment.as_deref(), Some("t=npt:4.5,9"));
    }

    #[test]
    fn writes_in_w3c_order() {
        let note = Note {
            id: "urn:uuid:1".into(),
            motivation: Some(Motivation::Linking),
            bodies: vec![
                Body::Text {
                    value: "See table 2.".into(),
                    format: Some("text/markdown".into()),
                },
                Body::Citation("@smith2020".into()),
            ],
            creator: Some("Ada".into()),
            created: Some("2026-01-01T00:00:00Z".into()),
            modified: None,
            target: Target {
                quote: Some(Quote {
                    exact: "12%".into(),
                    prefix: "rose ".into(),
                    suffix: String::new(),
                }),
                position: Some(5..8),
                fragment: Some("t=751.2,760.0".into()),
            },
        };
        let json = serde_json::to_string(&AnnotationOut::new(&note, "a.txt")).unwrap();
        expect_test::expect![[r#"{"id":"urn:uuid:1","type":"Annotation","motivation":"linking","created":"2026-01-01T00:00:00Z","creator":{"type":"Person","name":"Ada"},"body":[{"type":"TextualBody","value":"See table 2.","format":"text/markdown"},{"type":"TextualBody","value":"@smith2020","purpose":"linking"}],"target":{"source":"a.txt","selector":[{"type":"TextQuoteSelector","exact":"12%","prefix":"rose "},{"type":"TextPositionSelector","start":5,"end":8},{"type":"FragmentSelector","conformsTo":"http://www.w3.org/TR/media-frags/","value":"t=751.2,760.0"}]}}"#]].assert_eq(&json);
        // And what is written reads back as the same note.
        assert_eq!(read(&json), note);
    }
}
