use expect_test::{Expect, expect};

use super::*;
use crate::notes::{Anchor, Motivation, Quote, anchor_all};

fn stamp() -> Stamp {
    Stamp {
        now: "2026-03-04T05:06:07Z".into(),
        creator: Some("Ada".into()),
    }
}

fn parse(text: &str) -> Sidecar {
    Sidecar::parse(text).expect("fixture parses")
}

/// Applies `edits` and checks the result still parses, returning it.
fn applied(sidecar: &Sidecar, edits: &[Edit]) -> String {
    let text = apply_edits(sidecar.text(), edits);
    Sidecar::parse(&text).unwrap_or_else(|e| panic!("edits broke the file: {e}\n{text}"));
    text
}

/// Each piece of the old text is found, once and byte for byte, in the new.
fn untouched(old: &str, new: &str, pieces: &[&str]) {
    for piece in pieces {
        assert_eq!(
            old.matches(piece).count(),
            1,
            "fixture piece not unique: {piece:?}"
        );
        assert_eq!(
            new.matches(piece).count(),
            1,
            "piece changed or lost: {piece:?}"
        );
    }
}

// --- Shapes ----------------------------------------------------------------

const TRANSCRIPT: &str = "Q: What happened to prices?\n\
    A: The rate rose to twelve percent last year, and we expect it to ease.\n";

fn note_json(id: &str, exact: &str) -> String {
    format!(
        r#"{{"id": "{id}", "type": "Annotation", "body": {{"type": "TextualBody", "value": "On {exact}"}},
           "target": {{"source": "talk.txt", "selector": {{"type": "TextQuoteSelector", "exact": "{exact}"}}}}}}"#
    )
}

#[test]
fn reads_every_shape() {
    let a = note_json("urn:uuid:a", "twelve percent");
    let b = note_json("urn:uuid:b", "prices");
    let shapes = [
        (format!("[{a}, {b}]"), Shape::Array),
        (
            format!(r#"{{"type": "AnnotationCollection", "items": [{a}, {b}]}}"#),
            Shape::Items,
        ),
        (
            format!(r#"{{"type": "AnnotationPage", "items": [{a}, {b}]}}"#),
            Shape::Items,
        ),
        (
            format!(r#"{{"type": "AnnotationCollection", "first": {{"items": [{a}, {b}]}}}}"#),
            Shape::Paged,
        ),
    ];
    for (text, shape) in shapes {
        let sidecar = parse(&text);
        assert_eq!(sidecar.shape(), shape);
        assert_eq!(sidecar.problems(), &[]);
        let ids: Vec<_> = sidecar
            .entries()
            .iter()
            .map(|e| e.note.id.as_str())
            .collect();
        assert_eq!(ids, ["urn:uuid:a", "urn:uuid:b"], "{shape:?}");
        let anchors = anchor_all(TRANSCRIPT, &sidecar.notes());
        assert_eq!(
            anchors,
            [Anchor::Anchored(48..62), Anchor::Anchored(20..26)]
        );
        let quote = sidecar.entries()[0].quote_span.clone().unwrap();
        assert_eq!(&text[quote], "\"twelve percent\"");
    }
    let single = parse(&a);
    assert_eq!(single.shape(), Shape::Single);
    assert_eq!(single.entries().len(), 1);
    assert_eq!(parse(" \n").shape(), Shape::Blank);
    assert_eq!(
        parse(r#"{"type": "AnnotationCollection"}"#).shape(),
        Shape::EmptyCollection
    );
}

#[test]
fn json_that_is_not_annotations_is_read_as_nothing_and_never_written() {
    let sidecar = parse(r#"{"settings": {"a": 1}}"#);
    assert_eq!(sidecar.shape(), Shape::Unknown);
    assert!(sidecar.entries().is_empty());
    assert_eq!(sidecar.problems()[0].kind, ProblemKind::NotACollection);
    let note = Note::new(
        "urn:uuid:x",
        NoteKind::Comment("c".into()),
        Target::default(),
        &stamp(),
    );
    assert_eq!(sidecar.add(&note, "talk.txt"), Err(EditError::Unsupported));
}

// --- Problems --------------------------------------------------------------

fn check_malformed(text: &str, expect: Expect) {
    let error = Sidecar::parse(text).expect_err("malformed");
    let shown = format!(
        "{} | offset {} line {} column {} | at: {:?}",
        error.message,
        error.offset,
        error.line,
        error.column,
        &text[error.offset..]
    );
    expect.assert_eq(&shown);
}

#[test]
fn malformed_json_is_located_and_yields_no_sidecar() {
    check_malformed(
        "{\n  \"items\": [\n    {\"id\": \"a\",}\n  ]\n}",
        expect![[r#"key must be a string | offset 30 line 3 column 16 | at: "}\n  ]\n}""#]],
    );
    check_malformed(
        "{\"items\": [{\"exact\": \"😀 ’\" x}]}",
        expect![[r#"expected `,` or `}` | offset 32 line 1 column 33 | at: "x}]}""#]],
    );
    check_malformed(
        "{\r\n  \"items\": [\r\n",
        expect![[r#"EOF while parsing a list | offset 17 line 3 column 0 | at: """#]],
    );
    check_malformed(
        "\u{feff}[1 2]",
        expect![[r#"expected `,` or `]` | offset 6 line 1 column 4 | at: "2]""#]],
    );
    // With no `Sidecar` there is nothing to call `add` or `remove` on: no
    // edit can be computed for a file that did not parse.
}

#[test]
fn duplicate_and_missing_ids_are_problems() {
    let text = format!(
        "[{}, {}, {}, 42, {}]",
        note_json("urn:uuid:a", "prices"),
        note_json("urn:uuid:a", "twelve percent"),
        note_json("", "rate"),
        r#"{"type": "Annotation", "target": "talk.txt"}"#
    );
    let sidecar = parse(&text);
    let shown: Vec<String> = sidecar
        .problems()
        .iter()
        .map(|p| format!("{} ← {}", &text[p.span.clone()], p.message()))
        .collect();
    expect![[r#"
        [
            "\"urn:uuid:a\" ← duplicate note id `urn:uuid:a`: commands act on the first",
            "\"\" ← this note has no `id`",
            "42 ← this item is not an annotation object",
            "{ ← this note has no `id`",
            "\"talk.txt\" ← this note has no TextQuoteSelector or TextPositionSelector: it cannot be placed",
        ]
    "#]]
    .assert_debug_eq(&shown);
    match &sidecar.problems()[0].kind {
        ProblemKind::DuplicateId { first, .. } => {
            assert!(first.start < sidecar.problems()[0].span.start)
        }
        other => panic!("{other:?}"),
    }
    // Both notes with the id are kept; commands act on the first.
    assert_eq!(sidecar.entries().len(), 4);
    let edits = sidecar.remove("urn:uuid:a").unwrap();
    let after = parse(&applied(&sidecar, &edits));
    assert_eq!(
        after.entries()[0].note.target.quote.as_ref().unwrap().exact,
        "twelve percent"
    );
    // A note with no id cannot be named.
    assert_eq!(sidecar.remove(""), Err(EditError::NoSuchNote("".into())));
}

// --- Writing a new file ----------------------------------------------------

#[test]
fn first_note_creates_a_w3c_collection() {
    let sidecar = Sidecar::blank();
    let start = TRANSCRIPT.find("twelve").unwrap();
    let change = sidecar
        .add_new(
            "urn:uuid:0b5e6f2a-0000-4000-8000-000000000001",
            NoteKind::Source {
                reference: "https://example.org/cpi-report".into(),
                comment: Some("Table 3, *annual* change.".into()),
            },
            TRANSCRIPT,
            start..start + "twelve percent".len(),
            "talk.txt",
            &stamp(),
        )
        .unwrap();
    assert_eq!(change.edits.len(), 1);
    assert_eq!(change.edits[0].span, 0..0);
    let text = applied(&sidecar, &change.edits);
    expect![[r#"
        {
          "@context": "http://www.w3.org/ns/anno.jsonld",
          "type": "AnnotationCollection",
          "label": "Notes on talk.txt",
          "first": {
            "type": "AnnotationPage",
            "items": [
              {
                "id": "urn:uuid:0b5e6f2a-0000-4000-8000-000000000001",
                "type": "Annotation",
                "motivation": "linking",
                "created": "2026-03-04T05:06:07Z",
                "creator": {
                  "type": "Person",
                  "name": "Ada"
                },
                "body": [
                  {
                    "type": "TextualBody",
                    "value": "Table 3, *annual* change.",
                    "format": "text/markdown"
                  },
                  {
                    "type": "SpecificResource",
                    "source": "https://example.org/cpi-report",
                    "purpose": "linking"
                  }
                ],
                "target": {
                  "source": "talk.txt",
                  "selector": [
                    {
                      "type": "TextQuoteSelector",
                      "exact": "twelve percent",
                      "prefix": " to prices?\nA: The rate rose to ",
                      "suffix": " last year, and we expect it to "
                    },
                    {
                      "type": "TextPositionSelector",
                      "start": 48,
                      "end": 62
                    }
                  ]
                }
              }
            ]
          }
        }
    "#]]
    .assert_eq(&text);
    let read = parse(&text);
    assert_eq!(read.notes(), vec![change.note.clone()]);
    assert_eq!(read.notes()[0].motivation, Some(Motivation::Linking));
    // The second note goes into the same page.
    let second = read
        .add_new(
            "urn:uuid:2",
            NoteKind::Comment("Why?".into()),
            TRANSCRIPT,
            20..26,
            "talk.txt",
            &stamp(),
        )
        .unwrap();
    let text = applied(&read, &second.edits);
    let ids: Vec<String> = parse(&text).notes().into_iter().map(|n| n.id).collect();
    assert_eq!(
        ids,
        [
            "urn:uuid:0b5e6f2a-0000-4000-8000-000000000001",
            "urn:uuid:2"
        ]
    );
}

#[test]
fn code_points_with_emoji_and_crlf() {
    let transcript = "Q: 😀 Prices?\r\nA: 😀😀 They rose 12% — “twelve percent” — 😀.\r\n";
    let start = transcript.find("12%").unwrap();
    let sidecar = Sidecar::blank();
    let change = sidecar
        .add_new(
            "urn:uuid:e",
            NoteKind::Tag("economy".into()),
            transcript,
            start..start + 3,
            "t.txt",
            &stamp(),
        )
        .unwrap();
    let text = applied(&sidecar, &change.edits);
    let read = parse(&text);
    let position = read.notes()[0].target.position.clone().unwrap();
    // Code points: `Q: 😀 Prices?\r\nA: 😀😀 They rose ` is 30 of them
    // (33 UTF-16 units, 39 bytes).
    assert_eq!(position, 30..33);
    assert_eq!(start, 39);
    assert!(text.contains("\"start\": 30"));
    assert_eq!(
        anchor_all(transcript, &read.notes()),
        [Anchor::Anchored(39..42)]
    );
    // A CRLF sidecar gets CRLF edits.
    let crlf = text.replace('\n', "\r\n");
    let read = parse(&crlf);
    let more = read
        .add_new(
            "urn:uuid:f",
            NoteKind::Comment("x".into()),
            transcript,
            0..1,
            "t.txt",
            &stamp(),
        )
        .unwrap();
    let after = applied(&read, &more.edits);
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "a bare LF crept in"
    );
    assert!(!after.replace("\r\n", "").contains('\r'));
}

// --- Another tool's file ---------------------------------------------------

/// A sidecar as another program might write it: extra top-level keys, extra
/// note, body and target keys, a selector type this program does not read,
/// a note anchored only by a range selector, odd spacing and a tab.
const FOREIGN: &str = r##"{
    "@context": [ "http://www.w3.org/ns/anno.jsonld", { "ex": "https://example.org/ns#" } ],
    "id": "https://example.org/collections/7",
    "type": "AnnotationCollection",
    "label"  :  "Field notes",
    "ex:generator": { "name": "OtherTool", "version": "3.1" },
    "first": {
        "type": "AnnotationPage",
        "startIndex": 0,
        "items": [
            {
                "id": "urn:uuid:11111111-1111-4111-8111-111111111111",
                "type": "Annotation",
                "ex:colour"  :   "#ffcc00",
                "motivation": "commenting",
                "created": "2025-06-01T10:00:00+02:00",
                "body": {"type": "TextualBody", "value": "Check this.", "language": "en", "ex:confidence": 0.5},
                "target": {
                    "source": "talk.txt",
                    "ex:page": 3,
                    "selector": [
                        {"type": "XPathSelector", "value": "/html/body/p[2]"},
                        { "type" : "TextQuoteSelector", "exact": "twelve percent", "prefix": "rate rose to ", "suffix": " last year" },
                        {"type": "TextPositionSelector", "start": 48, "end": 62}
                    ]
                }
            },
            {
                "id": "urn:uuid:22222222-2222-4222-8222-222222222222",
                "type": ["Annotation", "ex:Highlight"],
                "ex:reviewState": ["open", "assigned"],
                "body": [ {"type": "Video", "id": "https://example.org/clip.mp4"},	{"type": "TextualBody", "purpose": "tagging", "value": "economy"} ],
                "target": {"source": "talk.txt", "selector": {"type": "RangeSelector", "startSelector": {"type": "XPathSelector", "value": "/p[1]"}, "endSelector": {"type": "XPathSelector", "value": "/p[3]"}}}
            }
        ]
    },
    "ex:footer": "kept"
}
"##;

const FIRST_ID: &str = "urn:uuid:11111111-1111-4111-8111-111111111111";
const SECOND_ID: &str = "urn:uuid:22222222-2222-4222-8222-222222222222";

/// The parts of `FOREIGN` this program does not know, which must survive.
const FOREIGN_TOP: &[&str] = &[
    r#""@context": [ "http://www.w3.org/ns/anno.jsonld", { "ex": "https://example.org/ns#" } ],"#,
    r#""id": "https://example.org/collections/7","#,
    r#""label"  :  "Field notes","#,
    r#""ex:generator": { "name": "OtherTool", "version": "3.1" },"#,
    r#""startIndex": 0,"#,
    r#""ex:footer": "kept""#,
];
const FIRST_UNKNOWN: &[&str] = &[
    r##""ex:colour"  :   "#ffcc00","##,
    r#""language": "en", "ex:confidence": 0.5}"#,
    r#""ex:page": 3,"#,
    r#"{"type": "XPathSelector", "value": "/html/body/p[2]"},"#,
];

fn second_note_text() -> &'static str {
    let start = FOREIGN
        .find("            {\n                \"id\": \"urn:uuid:2222")
        .unwrap();
    let end = FOREIGN.find("\n        ]\n    },").unwrap();
    &FOREIGN[start..end]
}

fn first_note_text() -> &'static str {
    let start = FOREIGN
        .find("            {\n                \"id\": \"urn:uuid:1111")
        .unwrap();
    let end = FOREIGN
        .find(",\n            {\n                \"id\": \"urn:uuid:2222")
        .unwrap();
    &FOREIGN[start..end]
}

#[test]
fn foreign_file_reads() {
    let sidecar = parse(FOREIGN);
    assert_eq!(sidecar.shape(), Shape::Paged);
    let notes = sidecar.notes();
    assert_eq!(notes[0].text(), Some("Check this."));
    assert_eq!(
        notes[0].target.quote,
        Some(Quote {
            exact: "twelve percent".into(),
            prefix: "rate rose to ".into(),
            suffix: " last year".into(),
        })
    );
    assert_eq!(
        notes[1].bodies,
        vec![
            Body::Link("https://example.org/clip.mp4".into()),
            Body::Tag("economy".into())
        ]
    );
    assert_eq!(notes[1].target, Target::default());
    assert_eq!(
        sidecar
            .problems()
            .iter()
            .map(|p| &p.kind)
            .collect::<Vec<_>>(),
        [&ProblemKind::NothingToAnchor]
    );
    assert_eq!(
        anchor_all(TRANSCRIPT, &notes),
        [Anchor::Anchored(48..62), Anchor::Orphaned]
    );
}

#[test]
fn foreign_file_survives_add() {
    let sidecar = parse(FOREIGN);
    let change = sidecar
        .add_new(
            "urn:uuid:3",
            NoteKind::Reviewed { comment: None },
            TRANSCRIPT,
            20..26,
            "talk.txt",
            &stamp(),
        )
        .unwrap();
    // One insertion, after the last item: everything else is the old text.
    assert_eq!(change.edits.len(), 1);
    let edit = &change.edits[0];
    assert!(edit.span.is_empty());
    let text = applied(&sidecar, &change.edits);
    assert_eq!(
        format!(
            "{}{}",
            &text[..edit.span.start],
            &text[edit.span.start + edit.text.len()..]
        ),
        FOREIGN
    );
    expect![[r#"
        ,
                    {
                        "id": "urn:uuid:3",
                        "type": "Annotation",
                        "motivation": "assessing",
                        "created": "2026-03-04T05:06:07Z",
                        "creator": {
                            "type": "Person",
                            "name": "Ada"
                        },
                        "body": {
                            "type": "TextualBody",
                            "value": "reviewed",
                            "purpose": "tagging"
                        },
                        "target": {
                            "source": "talk.txt",
                            "selector": [
                                {
                                    "type": "TextQuoteSelector",
                                    "exact": "prices",
                                    "prefix": "Q: What happened to ",
                                    "suffix": "?\nA: The rate rose to twelve per"
                                },
                                {
                                    "type": "TextPositionSelector",
                                    "start": 20,
                                    "end": 26
                                }
                            ]
                        }
                    }"#]]
    .assert_eq(&edit.text);
    assert_eq!(parse(&text).entries().len(), 3);
}

#[test]
fn foreign_file_survives_edit() {
    let sidecar = parse(FOREIGN);
    let change = sidecar
        .edit_text(FIRST_ID, "Checked: *CPI* table.", &stamp())
        .unwrap();
    assert_eq!(change.note.id, FIRST_ID);
    assert_eq!(change.note.target, sidecar.notes()[0].target);
    let text = applied(&sidecar, &change.edits);
    untouched(FOREIGN, &text, FOREIGN_TOP);
    untouched(FOREIGN, &text, FIRST_UNKNOWN);
    untouched(FOREIGN, &text, &[second_note_text()]);
    let shown: Vec<String> = change
        .edits
        .iter()
        .map(|e| format!("{:?} → {:?}", &FOREIGN[e.span.clone()], e.text))
        .collect();
    expect![[r#"
        [
            "\"\\\"Check this.\\\"\" → \"\\\"Checked: *CPI* table.\\\"\"",
            "\"\" → \",\\n                \\\"modified\\\": \\\"2026-03-04T05:06:07Z\\\"\"",
        ]
    "#]]
    .assert_debug_eq(&shown);
    let read = parse(&text);
    assert_eq!(read.notes()[0], change.note);
    assert_eq!(
        read.notes()[0].created.as_deref(),
        Some("2025-06-01T10:00:00+02:00")
    );

    // The second note has no text body: one is added to its body list.
    let change = sidecar
        .edit_text(SECOND_ID, "A clip, not a quote.", &stamp())
        .unwrap();
    let text = applied(&sidecar, &change.edits);
    untouched(FOREIGN, &text, FOREIGN_TOP);
    untouched(FOREIGN, &text, &[first_note_text()]);
    untouched(
        FOREIGN,
        &text,
        &[
            r#""ex:reviewState": ["open", "assigned"],"#,
            r#"{"type": "Video", "id": "https://example.org/clip.mp4"},	{"type": "TextualBody", "purpose": "tagging", "value": "economy"}"#,
            r#""selector": {"type": "RangeSelector", "startSelector": {"type": "XPathSelector", "value": "/p[1]"}, "endSelector": {"type": "XPathSelector", "value": "/p[3]"}}}"#,
        ],
    );
    assert_eq!(parse(&text).notes()[1], change.note);
    assert_eq!(change.note.bodies.len(), 3);
}

#[test]
fn foreign_file_survives_reattach() {
    let sidecar = parse(FOREIGN);
    let moved = "Q: What happened to prices?\nA: It went up by twelve percent in total.\n";
    let start = moved.find("twelve").unwrap();
    let span = start..start + "twelve percent".len();
    let change = sidecar
        .reattach(FIRST_ID, moved, span.clone(), "talk.txt", &stamp())
        .unwrap();
    let text = applied(&sidecar, &change.edits);
    untouched(FOREIGN, &text, FOREIGN_TOP);
    untouched(FOREIGN, &text, FIRST_UNKNOWN);
    untouched(
        FOREIGN,
        &text,
        &[
            second_note_text(),
            r#""body": {"type": "TextualBody", "value": "Check this.""#,
        ],
    );
    let read = parse(&text);
    assert_eq!(read.notes()[0], change.note);
    assert_eq!(
        anchor_all(moved, &read.notes())[0],
        Anchor::Anchored(span.clone())
    );

    // The second note's only selector is one this program does not read:
    // it stays, and the new selectors join it in a list.
    let change = sidecar
        .reattach(SECOND_ID, moved, span.clone(), "talk.txt", &stamp())
        .unwrap();
    let text = applied(&sidecar, &change.edits);
    untouched(FOREIGN, &text, FOREIGN_TOP);
    untouched(FOREIGN, &text, &[first_note_text()]);
    untouched(
        FOREIGN,
        &text,
        &[
            r#"{"type": "RangeSelector", "startSelector": {"type": "XPathSelector", "value": "/p[1]"}, "endSelector": {"type": "XPathSelector", "value": "/p[3]"}}"#,
        ],
    );
    let read = parse(&text);
    assert_eq!(read.notes()[1], change.note);
    assert_eq!(anchor_all(moved, &read.notes())[1], Anchor::Anchored(span));
    assert_eq!(read.problems(), &[]);
}

#[test]
fn foreign_file_survives_remove() {
    let sidecar = parse(FOREIGN);
    let text = applied(&sidecar, &sidecar.remove(FIRST_ID).unwrap());
    untouched(FOREIGN, &text, FOREIGN_TOP);
    untouched(FOREIGN, &text, &[second_note_text()]);
    let indent = " ".repeat(12);
    assert_eq!(
        text,
        FOREIGN.replacen(
            &format!("{},\n{indent}", first_note_text().trim_start()),
            "",
            1
        )
    );

    let text = applied(&sidecar, &sidecar.remove(SECOND_ID).unwrap());
    untouched(FOREIGN, &text, FOREIGN_TOP);
    untouched(FOREIGN, &text, &[first_note_text()]);
    assert_eq!(
        text,
        FOREIGN.replacen(&format!(",\n{}", second_note_text()), "", 1)
    );

    // Both gone: an empty page, still a valid collection.
    let once = parse(&text);
    let empty = applied(&once, &once.remove(FIRST_ID).unwrap());
    assert!(empty.contains("\"items\": []"));
    untouched(FOREIGN, &empty, FOREIGN_TOP);
    assert_eq!(
        sidecar.remove("urn:uuid:none"),
        Err(EditError::NoSuchNote("urn:uuid:none".into()))
    );
}

// --- Other shapes take edits too -------------------------------------------

#[test]
fn edits_in_the_other_shapes() {
    let note = Note::new(
        "urn:uuid:n",
        NoteKind::Comment("New.".into()),
        target_for(TRANSCRIPT, 20..26),
        &stamp(),
    );
    let single = note_json("urn:uuid:a", "prices");
    for (text, shape) in [
        ("[]".to_string(), Shape::Array),
        (single.clone(), Shape::Single),
        (
            r#"{"type": "AnnotationCollection", "label": "x"}"#.to_string(),
            Shape::EmptyCollection,
        ),
        (
            r#"{"type": "AnnotationPage"}"#.to_string(),
            Shape::EmptyCollection,
        ),
        (
            r#"{"type": "AnnotationCollection", "first": {"items": []}}"#.to_string(),
            Shape::Paged,
        ),
    ] {
        let sidecar = parse(&text);
        assert_eq!(sidecar.shape(), shape);
        let before = sidecar.entries().len();
        let added = applied(&sidecar, &sidecar.add(&note, "talk.txt").unwrap());
        let after = parse(&added);
        assert_eq!(after.entries().len(), before + 1, "{shape:?}: {added}");
        assert_eq!(after.entries().last().unwrap().note, note);
        let removed = applied(&after, &after.remove("urn:uuid:n").unwrap());
        assert_eq!(
            parse(&removed).entries().len(),
            before,
            "{shape:?}: {removed}"
        );
    }
    // The single annotation keeps its text, now as the first of a list.
    let sidecar = parse(&single);
    let added = applied(&sidecar, &sidecar.add(&note, "talk.txt").unwrap());
    assert!(added.starts_with(&format!("[{single}, {{")));
}

#[test]
fn body_value_shorthand_is_edited_in_place() {
    let text = r#"[{"id": "urn:uuid:a", "bodyValue": "old", "target": {"source": "t", "selector": {"type": "TextQuoteSelector", "exact": "prices"}}}]"#;
    let sidecar = parse(text);
    let change = sidecar.edit_text("urn:uuid:a", "new", &stamp()).unwrap();
    let after = applied(&sidecar, &change.edits);
    expect![[r#"[{"id": "urn:uuid:a", "bodyValue": "new", "target": {"source": "t", "selector": {"type": "TextQuoteSelector", "exact": "prices"}}, "modified": "2026-03-04T05:06:07Z"}]"#]]
        .assert_eq(&after);
    // The single quote selector gains a position selector beside it.
    let change = sidecar
        .reattach("urn:uuid:a", TRANSCRIPT, 48..62, "t", &stamp())
        .unwrap();
    let after = applied(&sidecar, &change.edits);
    expect![[r#"[{"id": "urn:uuid:a", "bodyValue": "old", "target": {"source": "t", "selector": [{"type": "TextQuoteSelector", "exact": "twelve percent", "prefix": " to prices?\nA: The rate rose to ", "suffix": " last year, and we expect it to "}, {"type":"TextPositionSelector","start":48,"end":62}]}, "modified": "2026-03-04T05:06:07Z"}]"#]]
        .assert_eq(&after);
}

// --- Files and paths -------------------------------------------------------

#[test]
fn paths() {
    let sidecar = path_for(Path::new("dir/talk.en.txt"));
    assert_eq!(sidecar, Path::new("dir/talk.en.txt.notes.json"));
    assert_eq!(
        transcript_for(&sidecar).unwrap(),
        Path::new("dir/talk.en.txt")
    );
    assert_eq!(transcript_for(Path::new("dir/.notes.json")), None);
    assert_eq!(transcript_for(Path::new("dir/talk.json")), None);
    assert_eq!(source_name(Path::new("/a/b/talk.txt")), "talk.txt");
}

#[test]
fn ids_and_times() {
    let id = new_id();
    assert!(id.starts_with("urn:uuid:") && id.len() == 45, "{id}");
    assert_eq!(id.as_bytes()[23], b'4', "version 4: {id}");
    assert_ne!(new_id(), id);
    let now = now();
    assert!(humantime::parse_rfc3339(&now).is_ok(), "{now}");
}

#[test]
fn atomic_writes_replace_the_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("talk.txt.notes.json");
    assert_eq!(load(&path).unwrap(), None);
    write_atomically(&path, "[]\n").unwrap();
    assert_eq!(load(&path).unwrap().as_deref(), Some("[]\n"));
    write_atomically(&path, "[1]\n").unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "[1]\n");
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    assert!(write_atomically(&dir.path().join("missing/x.json"), "[]").is_err());
}

// --- Property: notes are never lost or duplicated --------------------------

mod property {
    use proptest::prelude::*;
    use proptest::sample::Index;

    use super::*;

    #[derive(Debug, Clone)]
    enum Op {
        /// Replace some of the transcript (maybe nothing) with new text.
        EditTranscript(Index, usize, String),
        AddNote(Index, usize, u8),
        EditNote(Index, String),
        RemoveNote(Index),
        Reattach(Index, Index, usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        let text = "[a-z0-9 .,’😀\r\n]{0,12}";
        prop_oneof![
            4 => (any::<Index>(), 0usize..16, text).prop_map(|(i, n, t)| Op::EditTranscript(i, n, t)),
            3 => (any::<Index>(), 1usize..24, any::<u8>()).prop_map(|(i, n, k)| Op::AddNote(i, n, k)),
            1 => (any::<Index>(), "[a-z *\"\\\\]{0,10}").prop_map(|(i, t)| Op::EditNote(i, t)),
            1 => any::<Index>().prop_map(Op::RemoveNote),
            1 => (any::<Index>(), any::<Index>(), 1usize..24).prop_map(|(i, j, n)| Op::Reattach(i, j, n)),
        ]
    }

    /// A span of about `len` characters at a chosen character of `text`.
    fn span_at(text: &str, at: &Index, len: usize) -> Option<Span> {
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        if starts.is_empty() {
            return None;
        }
        let first = at.index(starts.len());
        let end = starts.get(first + len).copied().unwrap_or(text.len());
        Some(starts[first]..end)
    }

    fn kind(k: u8) -> NoteKind {
        match k % 4 {
            0 => NoteKind::Comment(format!("comment {k}")),
            1 => NoteKind::Source {
                reference: format!("https://example.org/{k}"),
                comment: None,
            },
            2 => NoteKind::Reviewed { comment: None },
            _ => NoteKind::Tag(format!("code-{k}")),
        }
    }

    /// After every step: the file parses, holds exactly the expected ids in
    /// order, reads back the notes the commands returned, and every note is
    /// anchored (on text equal to its quote), drifted or orphaned.
    fn check_state(
        transcript: &str,
        sidecar: &Sidecar,
        ids: &[String],
        live: &[Anchor],
    ) -> Result<(), TestCaseError> {
        let read: Vec<&str> = sidecar
            .entries()
            .iter()
            .map(|e| e.note.id.as_str())
            .collect();
        prop_assert_eq!(&read, &ids.iter().map(String::as_str).collect::<Vec<_>>());
        prop_assert!(
            sidecar
                .problems()
                .iter()
                .all(|p| p.kind == ProblemKind::NothingToAnchor)
        );
        let notes = sidecar.notes();
        for (note, anchor) in notes.iter().zip(anchor_all(transcript, &notes)) {
            let quote = note.target.quote.as_ref().map(|q| q.exact.as_str());
            match anchor {
                Anchor::Anchored(s) => {
                    if let Some(quote) = quote {
                        prop_assert_eq!(&transcript[s], quote);
                    }
                }
                Anchor::Drifted(s) => {
                    prop_assert!(transcript.get(s.clone()).is_some(), "{:?}", s);
                    prop_assert_ne!(Some(&transcript[s]), quote);
                }
                Anchor::Orphaned => {}
            }
        }
        // Anchors followed through the edits, without re-anchoring, are
        // as honest: anchored means the quote is still there.
        for (note, anchor) in notes.iter().zip(live) {
            if let (Anchor::Anchored(s), Some(q)) = (anchor, &note.target.quote) {
                prop_assert_eq!(&transcript[s.clone()], q.exact.as_str());
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn random_edits_never_lose_or_duplicate_notes(
            foreign in any::<bool>(),
            ops in prop::collection::vec(op(), 1..30),
        ) {
            let mut transcript = TRANSCRIPT.replace('\n', "\r\n") + "A: 😀 Wages rose 4.2% — twelve percent.\n";
            let mut file = if foreign { FOREIGN.to_string() } else { String::new() };
            let mut ids: Vec<String> = if foreign {
                vec![FIRST_ID.to_string(), SECOND_ID.to_string()]
            } else {
                Vec::new()
            };
            let mut live: Vec<Anchor> = anchor_all(&transcript, &parse(&file).notes());
            let stamp = stamp();
            for (n, op) in ops.into_iter().enumerate() {
                let sidecar = parse(&file);
                match op {
                    Op::EditTranscript(at, len, new) => {
                        let span = span_at(&transcript, &at, len).unwrap_or(0..0);
                        transcript.replace_range(span.clone(), &new);
                        live = live.iter().map(|a| a.follow(&span, new.len())).collect();
                    }
                    Op::AddNote(at, len, k) => {
                        let Some(span) = span_at(&transcript, &at, len) else { continue };
                        let id = format!("urn:uuid:{n}");
                        let change = sidecar
                            .add_new(id.clone(), kind(k), &transcript, span.clone(), "talk.txt", &stamp)
                            .unwrap();
                        file = apply_edits(&file, &change.edits);
                        prop_assert_eq!(parse(&file).notes().pop(), Some(change.note));
                        ids.push(id);
                        live.push(Anchor::Anchored(span));
                    }
                    Op::EditNote(which, text) => {
                        if ids.is_empty() { continue }
                        let i = which.index(ids.len());
                        let change = sidecar.edit_text(&ids[i], &text, &stamp).unwrap();
                        file = apply_edits(&file, &change.edits);
                        prop_assert_eq!(&parse(&file).notes()[i], &change.note);
                    }
                    Op::RemoveNote(which) => {
                        if ids.is_empty() { continue }
                        let i = which.index(ids.len());
                        file = apply_edits(&file, &sidecar.remove(&ids[i]).unwrap());
                        ids.remove(i);
                        live.remove(i);
                    }
                    Op::Reattach(which, at, len) => {
                        if ids.is_empty() { continue }
                        let Some(span) = span_at(&transcript, &at, len) else { continue };
                        let i = which.index(ids.len());
                        let change = sidecar
                            .reattach(&ids[i], &transcript, span.clone(), "talk.txt", &stamp)
                            .unwrap();
                        file = apply_edits(&file, &change.edits);
                        prop_assert_eq!(&parse(&file).notes()[i], &change.note);
                        live[i] = Anchor::Anchored(span);
                    }
                }
                check_state(&transcript, &parse(&file), &ids, &live)?;
            }
            if foreign {
                // Whatever happened to the notes, the collection's own
                // fields are as the other tool wrote them.
                for piece in FOREIGN_TOP {
                    prop_assert!(file.contains(piece), "lost {}", piece);
                }
            }
        }
    }
}

#[test]
fn inserts_at_one_offset_keep_their_order() {
    // The body is the last member and not text: it is wrapped into a list
    // whose `]` and the new `modified` member are both inserted at its end.
    let text = "[{\"id\": \"urn:uuid:a\", \"target\": \"talk.txt\", \"body\": {\"id\": \"https://x.org\"}}]";
    let sidecar = parse(text);
    let change = sidecar.edit_text("urn:uuid:a", "Why?", &stamp()).unwrap();
    let after = applied(&sidecar, &change.edits);
    expect![[r#"[{"id": "urn:uuid:a", "target": "talk.txt", "body": [{"id": "https://x.org"}, {"type":"TextualBody","value":"Why?","format":"text/markdown"}], "modified": "2026-03-04T05:06:07Z"}]"#]]
        .assert_eq(&after);
    assert_eq!(parse(&after).notes()[0], change.note);
    // A bare IRI target becomes the source of a target with selectors.
    let change = sidecar
        .reattach("urn:uuid:a", TRANSCRIPT, 48..62, "talk.txt", &stamp())
        .unwrap();
    let after = applied(&sidecar, &change.edits);
    assert!(
        after.contains("\"target\": {\"source\":\"talk.txt\",\"selector\":["),
        "{after}"
    );
    assert_eq!(parse(&after).notes()[0], change.note);
    assert_eq!(parse(&after).problems(), &[]);
}

// --- Time in the recording -------------------------------------------------

/// A note on timed words keeps its media fragment through writing, reading
/// and reattaching: the fragment is rewritten in place when the words move
/// to another time, and dropped when they move where no time is known.
#[test]
fn a_media_fragment_survives_writing_reading_and_reattaching() {
    let start = TRANSCRIPT.find("twelve").unwrap();
    let mut target = target_for(TRANSCRIPT, start..start + "twelve percent".len());
    target.fragment = Some("t=751.2,760.0".into());
    let note = Note::new(
        "urn:uuid:t",
        NoteKind::Comment("Check.".into()),
        target,
        &stamp(),
    );
    let blank = Sidecar::blank();
    let text = applied(&blank, &blank.add(&note, "talk.txt").unwrap());
    let compact: String = text.split_whitespace().collect();
    assert!(
        compact.contains(
            r#"{"type":"FragmentSelector","conformsTo":"http://www.w3.org/TR/media-frags/","value":"t=751.2,760.0"}"#
        ),
        "{text}"
    );
    let read = parse(&text);
    assert_eq!(read.notes(), vec![note.clone()]);
    assert_eq!(read.problems(), &[]);

    let mut later = target_for(TRANSCRIPT, 3..7);
    later.fragment = Some("t=800.0".into());
    let change = read
        .reattach_to("urn:uuid:t", later.clone(), "talk.txt", &stamp())
        .unwrap();
    let moved = applied(&read, &change.edits);
    assert_eq!(moved.matches("FragmentSelector").count(), 1, "{moved}");
    assert_eq!(parse(&moved).notes()[0].target, later);

    let untimed = target_for(TRANSCRIPT, 3..7);
    let change = read
        .reattach_to("urn:uuid:t", untimed.clone(), "talk.txt", &stamp())
        .unwrap();
    let dropped = applied(&read, &change.edits);
    assert!(!dropped.contains("FragmentSelector"), "{dropped}");
    assert_eq!(parse(&dropped).notes()[0].target, untimed);
}

/// A time alone does not anchor a note in the text.
#[test]
fn a_note_with_only_a_time_has_nothing_to_anchor() {
    let text = r#"[{"id": "urn:uuid:a", "type": "Annotation",
        "target": {"source": "talk.txt", "selector": {"type": "FragmentSelector",
        "conformsTo": "http://www.w3.org/TR/media-frags/", "value": "t=3.0,4.5"}}}]"#;
    let sidecar = parse(text);
    assert_eq!(
        sidecar.notes()[0].target.fragment.as_deref(),
        Some("t=3.0,4.5")
    );
    assert!(
        sidecar
            .problems()
            .iter()
            .any(|p| p.kind == ProblemKind::NothingToAnchor),
        "{:?}",
        sidecar.problems()
    );
}
