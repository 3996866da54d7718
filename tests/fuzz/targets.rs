//! The bodies of the fuzz targets, shared by the `cargo fuzz` harnesses in
//! `fuzz_targets/` and by the stable, proptest-driven runner in
//! `tests/fuzz.rs`, so the same checks hold whichever toolchain CI has.
//!
//! Each target takes any bytes (read as UTF-8, lossily, so every input
//! reaches the code under test) and asserts what must hold for any input:
//! nothing panics, and every span a parser returns lies inside the text
//! and on character boundaries.

#![allow(dead_code)] // each harness uses one target

use transcript_ls::citations::{self, MarkerStyles};
use transcript_ls::lsp::transport::{self, Frame, Framer, Verdict};
use transcript_ls::notes::{Note, NoteKind, Stamp, target_for};
use transcript_ls::sidecar::{self, Sidecar};
use transcript_ls::text::{Encoding, LineCol, LineIndex, Span};
use transcript_ls::{figures, transcript};

/// A target's body.
pub type Target = fn(&[u8]);

/// Every target by name, as the harnesses and the corpus folders name them.
pub const TARGETS: [(&str, Target); 7] = [
    ("transcript", transcript_parser),
    ("figures", figure_detection),
    ("citations", citation_markers),
    ("sidecar_read", sidecar_reader),
    ("sidecar_edit", sidecar_edits),
    ("positions", position_conversions),
    ("transport", transport_frames),
];

fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A span of `text`: ordered, inside it, on character boundaries.
fn check_span(text: &str, span: &Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what} {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} {span:?} inside a character"
    );
}

pub fn transcript_parser(data: &[u8]) {
    let text = text_of(data);
    let t = transcript::parse(&text);
    for turn in &t.turns {
        check_span(&text, &turn.label, "label");
        check_span(&text, &turn.body, "body");
        for s in &turn.speech {
            check_span(&text, s, "speech");
        }
        assert!(turn.speaker < t.speakers.len(), "a turn's speaker is known");
    }
    for e in &t.exchanges {
        assert!(e.question < t.turns.len());
        assert!(e.answers.iter().all(|&a| a < t.turns.len()));
        check_span(&text, &e.span, "exchange");
    }
    for s in &t.unattributed {
        check_span(&text, s, "unattributed");
    }
    for (at, _) in &t.time_marks {
        assert!(
            *at <= text.len() && text.is_char_boundary(*at),
            "time mark {at}"
        );
    }
}

pub fn figure_detection(data: &[u8]) {
    let text = text_of(data);
    let t = transcript::parse(&text);
    let whole = std::slice::from_ref(&(0..text.len())).to_vec();
    let by_turn = figures::detect(&text, t.speech());
    let as_one = figures::detect(&text, [&whole[..]]);
    for f in by_turn.iter().chain(&as_one) {
        check_span(&text, &f.span, "figure");
        check_span(&text, &f.core, "figure core");
    }
}

pub fn citation_markers(data: &[u8]) {
    let text = text_of(data);
    let all = MarkerStyles {
        pandoc: true,
        footnote: true,
        numbered: true,
    };
    let found = citations::find(&text, all);
    for m in &found.markers {
        check_span(&text, &m.span, "marker");
    }
    for d in &found.definitions {
        check_span(&text, &d.span, "definition");
        check_span(&text, &d.body, "definition body");
    }
    let whole = std::slice::from_ref(&(0..text.len())).to_vec();
    let spans: Vec<Span> = figures::detect(&text, [&whole[..]])
        .into_iter()
        .map(|f| f.span)
        .collect();
    for cover in [
        citations::citing(&text, &found, &spans),
        citations::covering(&text, &found, &spans),
    ] {
        assert_eq!(cover.len(), spans.len());
        assert!(cover.iter().flatten().all(|&i| i < found.markers.len()));
    }
}

pub fn sidecar_reader(data: &[u8]) {
    let text = text_of(data);
    match Sidecar::parse(&text) {
        Ok(s) => {
            assert_eq!(s.text(), text);
            for e in s.entries() {
                check_span(&text, &e.span, "entry");
                for span in e.id_span.iter().chain(&e.quote_span) {
                    check_span(&text, span, "entry part");
                }
            }
            assert_eq!(s.notes().len(), s.entries().len());
        }
        Err(m) => assert!(m.offset <= text.len(), "error at {} past the end", m.offset),
    }
}

/// Edits a command makes to a sidecar that parsed: inside its text, not
/// overlapping, and giving a file that parses again.
fn check_edits(s: &Sidecar, edits: &[transcript_ls::analysis::Edit], what: &str) {
    let text = s.text();
    let mut spans: Vec<&Span> = edits.iter().map(|e| &e.span).collect();
    spans.sort_by_key(|s| (s.start, s.end));
    for (i, span) in spans.iter().enumerate() {
        check_span(text, span, what);
        if let Some(next) = spans.get(i + 1) {
            assert!(
                span.end <= next.start,
                "{what}: overlapping edits {span:?} {next:?}"
            );
        }
    }
    let after = sidecar::apply_edits(text, edits);
    if let Err(e) = Sidecar::parse(&after) {
        panic!("{what} broke the file ({e}):\n{text}\n---\n{after}");
    }
}

pub fn sidecar_edits(data: &[u8]) {
    let text = text_of(data);
    let Ok(s) = Sidecar::parse(&text) else { return };
    let stamp = Stamp {
        now: "2026-01-01T00:00:00Z".into(),
        creator: None,
    };
    let spoken = "A: We counted 40 boats in the bay.\n";
    let note = Note::new(
        "urn:uuid:fuzz",
        NoteKind::Comment("checked".into()),
        target_for(spoken, 14..22),
        &stamp,
    );
    if let Ok(edits) = s.add(&note, "t.txt") {
        check_edits(&s, &edits, "add");
    }
    let ids: Vec<String> = s.entries().iter().map(|e| e.note.id.clone()).collect();
    for id in ids.iter().take(4) {
        if let Ok(edits) = s.remove(id) {
            check_edits(&s, &edits, "remove");
        }
        if let Ok(change) = s.edit_text(id, "new \"text\" ✓", &stamp) {
            check_edits(&s, &change.edits, "edit");
        }
    }
}

pub fn position_conversions(data: &[u8]) {
    let text = text_of(data);
    let index = LineIndex::new(&text);
    let lines = index.line_count() as u32;
    // Offsets and positions drawn from the input itself.
    let numbers: Vec<u32> = data
        .chunks(2)
        .map(|c| u32::from(c[0]) | u32::from(*c.get(1).unwrap_or(&0)) << 8)
        .take(64)
        .collect();
    for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
        for &n in &numbers {
            let offset = n as usize % (text.len() + 2);
            let lc = index.line_col(&text, offset, enc);
            let back = index
                .offset(&text, lc, enc)
                .expect("a position it gave is a line");
            let mut floor = offset.min(text.len());
            while !text.is_char_boundary(floor) {
                floor -= 1;
            }
            // Between `\r` and `\n` is no position: it is the line's end.
            let b = text.as_bytes();
            if floor > 0 && b[floor - 1] == b'\r' && b.get(floor) == Some(&b'\n') {
                floor -= 1;
            }
            assert_eq!(back, floor, "{enc:?}: {offset} → {lc:?} → {back}");
            let pos = LineCol {
                line: n % (lines + 2),
                col: n.rotate_left(7) % 300,
            };
            let at = index.offset_clamped(&text, pos, enc);
            assert!(
                at <= text.len() && text.is_char_boundary(at),
                "{enc:?} {pos:?} → {at}"
            );
        }
    }
}

pub fn transport_frames(data: &[u8]) {
    // The same bytes cut into frames at once and in pieces agree.
    let mut whole = Framer::new();
    whole.push(data);
    let at_once: Vec<Frame> = std::iter::from_fn(|| whole.next_frame()).collect();
    let mut pieces = Framer::new();
    let mut piecewise = Vec::new();
    for chunk in data.chunks(7) {
        pieces.push(chunk);
        piecewise.extend(std::iter::from_fn(|| pieces.next_frame()));
    }
    assert_eq!(at_once, piecewise);
    for frame in at_once.iter().chain([&Frame::Body(data.to_vec())]) {
        let Frame::Body(body) = frame else { continue };
        assert!(body.len() <= transport::MAX_BODY);
        match transport::check(body) {
            Verdict::Forward { body, .. } => {
                let v: serde_json::Value =
                    serde_json::from_slice(&body).expect("JSON is passed on");
                assert_eq!(v["jsonrpc"], "2.0");
            }
            Verdict::Answer(v) => assert!(v["error"]["code"].is_i64()),
            Verdict::Drop(_) => {}
        }
    }
}
