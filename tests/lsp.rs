//! The server driven as an editor drives it, in process over a pipe:
//! document sync in both encodings, the outline, folding, workspace symbols
//! and hover, and the server's resilience to bad input.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::{Mirror, TestClient, Units, capabilities};

const DEBOUNCE: Duration = Duration::from_millis(10);

/// An interview written for these tests: a host's opening, two questions,
/// answers by one speaker (one answer runs over two paragraphs).
const INTERVIEW: &str = "\
Host: Welcome back to the programme. Today we talk about supplies.

Question: How many masks did the country ship abroad last year?

Minister Lin: It’s a story of scale 😀: we shipped 220 billion masks.

The rest went to hospitals at home.

Question: And what about protective suits for doctors?

Minister Lin: More than 2.25 billion protective suits, by our count.
";

async fn started(utf8: bool) -> TestClient {
    let client = TestClient::in_process(DEBOUNCE);
    client
        .initialize(capabilities(utf8, false), Value::Null)
        .await;
    client
}

fn line_of(text: &str, needle: &str) -> u64 {
    let at = text.find(needle).expect("needle");
    text[..at].matches('\n').count() as u64
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_is_chosen_when_offered_and_utf16_otherwise() {
    for (utf8, expected) in [(true, "utf-8"), (false, "utf-16")] {
        let client = TestClient::in_process(DEBOUNCE);
        let caps = client
            .initialize(capabilities(utf8, false), Value::Null)
            .await;
        assert_eq!(caps["positionEncoding"], expected);
        assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
        client.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_edits_with_non_ascii_text_in_utf16_and_utf8() {
    for units in [Units::Utf16, Units::Utf8] {
        let client = started(units == Units::Utf8).await;
        let mut doc = Mirror::new(
            "file:///tmp/edits.txt",
            "Q: It’s “quoted” 😀 个 end\nA: ok\n",
            units,
        );
        client.open(&doc.uri, &doc.text).await;
        // Each edit sits after characters whose widths differ per encoding.
        let edits = [
            doc.insert_after("😀", " 😀"),
            doc.insert_after("个", "个"),
            doc.insert_after("“quoted”", " ’"),
        ];
        for e in edits {
            client.notify("textDocument/didChange", e).await;
        }
        let end = doc.text.find("end").unwrap();
        let e = doc.edit(end, end + 3, "fin");
        client.notify("textDocument/didChange", e).await;
        let (version, text) = client.server_text(&doc.uri).await.expect("open");
        assert_eq!(text, doc.text, "{units:?}");
        assert_eq!(text, "Q: It’s “quoted” ’ 😀 😀 个个 fin\nA: ok\n");
        assert_eq!(version, i64::from(doc.version));
        client.shutdown().await;
    }
}

/// A small deterministic generator, so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The char boundary at or before `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_burst_leaves_the_server_text_identical_to_the_client_text() {
    let client = started(false).await;
    let mut doc = Mirror::new("file:///tmp/burst.txt", INTERVIEW, Units::Utf16);
    client.open(&doc.uri, &doc.text).await;
    let pieces = [
        "a", " ", "’", "“”", "😀", "个", "\n", "\r\n", "Q: ", "12 ", "",
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut batch = Vec::new();
    for _ in 0..1000 {
        let start = boundary(&doc.text, rng.next(doc.text.len() + 1));
        let end = boundary(&doc.text, start + rng.next(4));
        let end = if doc.text[..end].ends_with('\r') && doc.text[end..].starts_with('\n') {
            end + 1 // never split a CRLF: no position names its middle
        } else {
            end
        };
        let start = if doc.text[..start].ends_with('\r') && doc.text[start..].starts_with('\n') {
            start - 1
        } else {
            start
        };
        let piece = pieces[rng.next(pieces.len())];
        batch.push(doc.edit(start, end, piece));
    }
    // Sent back to back, without waiting for anything in between.
    for change in batch {
        client.notify("textDocument/didChange", change).await;
    }
    let (version, text) = client.server_text(&doc.uri).await.expect("open");
    assert_eq!(version, 1001);
    assert_eq!(text, doc.text);
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_versions_and_bad_ranges_are_skipped_not_fatal() {
    let client = started(false).await;
    let uri = "file:///tmp/stale.txt";
    client.open(uri, "A: one\n").await;
    let change = |version: i32, range: Value, text: &str| {
        json!({"textDocument": {"uri": uri, "version": version},
               "contentChanges": [{"range": range, "text": text}]})
    };
    let at = |line: u32, character: u32| json!({"line": line, "character": character});
    client
        .notify(
            "textDocument/didChange",
            change(3, json!({"start": at(0, 3), "end": at(0, 6)}), "three"),
        )
        .await;
    // An older version arrives late: ignored.
    client
        .notify(
            "textDocument/didChange",
            change(2, json!({"start": at(0, 3), "end": at(0, 6)}), "two"),
        )
        .await;
    // A range past the end of the text: skipped, the server stays up.
    client
        .notify(
            "textDocument/didChange",
            change(4, json!({"start": at(40, 0), "end": at(41, 0)}), "x"),
        )
        .await;
    // A change to a document that was never opened.
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": "file:///tmp/never.txt", "version": 2},
                   "contentChanges": [{"text": "x"}]}),
        )
        .await;
    let (version, text) = client.server_text(uri).await.expect("open");
    assert_eq!((version, text.as_str()), (4, "A: three\n"));
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_on_an_unknown_document_answer_null_and_the_server_lives_on() {
    let client = started(false).await;
    let unknown = json!({"uri": "file:///tmp/not-open.txt"});
    let pos = json!({"line": 0, "character": 0});
    for (method, params) in [
        (
            "textDocument/documentSymbol",
            json!({"textDocument": unknown}),
        ),
        (
            "textDocument/foldingRange",
            json!({"textDocument": unknown}),
        ),
        (
            "textDocument/hover",
            json!({"textDocument": unknown, "position": pos}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": unknown, "range": {"start": pos, "end": pos},
                   "context": {"diagnostics": []}}),
        ),
    ] {
        match client.request(method, params).await {
            Ok(v) => assert!(v.is_null(), "{method}: {v}"),
            Err(e) => assert!(e["message"].is_string(), "{method}: {e}"),
        }
    }
    // A position far past the end of an open document.
    client.open("file:///tmp/short.txt", "A: hi\n").await;
    let far = client
        .hover(
            "file:///tmp/short.txt",
            json!({"line": 99, "character": 99}),
        )
        .await;
    assert!(far.is_null());
    // Still serving.
    assert!(client.server_text("file:///tmp/short.txt").await.is_some());
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_outline_has_one_symbol_per_question_with_its_answers_beneath() {
    let client = started(false).await;
    let uri = "file:///tmp/interview.txt";
    client.open(uri, INTERVIEW).await;
    let symbols = client.document_symbols(uri).await;
    let symbols = symbols.as_array().expect("a list");
    let names: Vec<&str> = symbols
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Host",
            "How many masks did the country ship abroad last year?",
            "And what about protective suits for doctors?"
        ]
    );
    let first = &symbols[1];
    assert_eq!(first["detail"], "Question");
    let answers = first["children"].as_array().expect("answers");
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0]["name"], "Minister Lin");
    assert!(
        answers[0]["detail"]
            .as_str()
            .unwrap()
            .starts_with("It’s a story of scale"),
        "{}",
        answers[0]["detail"]
    );
    // The selection is the speaker label; the range runs over both paragraphs.
    let doc = Mirror::new(uri, INTERVIEW, Units::Utf16);
    let label = INTERVIEW.find("Minister Lin:").unwrap();
    assert_eq!(answers[0]["selectionRange"]["start"], doc.position(label));
    assert_eq!(
        answers[0]["range"]["end"]["line"].as_u64().unwrap(),
        line_of(INTERVIEW, "The rest went")
    );
    assert_eq!(first["selectionRange"], doc.range_of("Question:"));
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn folding_ranges_cover_each_exchange_and_each_turn() {
    let client = started(false).await;
    let uri = "file:///tmp/interview.txt";
    client.open(uri, INTERVIEW).await;
    let ranges = client
        .call(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let lines: Vec<(u64, u64)> = ranges
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| {
            (
                r["startLine"].as_u64().unwrap(),
                r["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    let q1 = line_of(INTERVIEW, "Question: How many");
    let a1 = line_of(INTERVIEW, "Minister Lin: It’s");
    let rest = line_of(INTERVIEW, "The rest went");
    // The first exchange, from its question to the end of its answer.
    assert!(lines.contains(&(q1, rest)), "{lines:?}");
    // The two-paragraph answer.
    assert!(lines.contains(&(a1, rest)), "{lines:?}");
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workspace_symbols_find_questions_across_open_transcripts_by_words() {
    let client = started(false).await;
    client.open("file:///tmp/a.txt", INTERVIEW).await;
    client
        .open(
            "file:///tmp/b.txt",
            "Q: Will the masks factory reopen?\n\nA: Next month.\n\nQ: Any news on trains?\n\nA: None.\n",
        )
        .await;
    let found = client
        .call("workspace/symbol", json!({"query": "MASKS"}))
        .await;
    let mut names: Vec<&str> = found
        .as_array()
        .expect("a list")
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "How many masks did the country ship abroad last year?",
            "Will the masks factory reopen?"
        ]
    );
    let found = client
        .call("workspace/symbol", json!({"query": "suits doctors"}))
        .await;
    let found = found.as_array().expect("a list");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["location"]["uri"], "file:///tmp/a.txt");
    let nothing = client
        .call("workspace/symbol", json!({"query": "masks trains"}))
        .await;
    assert_eq!(nothing, json!([]));
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_a_speaker_label_sums_up_the_speaker() {
    for units in [Units::Utf16, Units::Utf8] {
        let client = started(units == Units::Utf8).await;
        let doc = Mirror::new("file:///tmp/interview.txt", INTERVIEW, units);
        client.open(&doc.uri, &doc.text).await;
        let label = INTERVIEW.rfind("Minister Lin:").unwrap();
        let hover = client.hover(&doc.uri, doc.position(label + 3)).await;
        let text = hover["contents"]["value"].as_str().expect("markdown");
        assert!(text.contains("**Minister Lin**"), "{text}");
        assert!(text.contains("2 turns"), "{text}");
        assert!(
            text.contains(&format!(
                "First turn: line {}",
                line_of(INTERVIEW, "Minister Lin: It’s") + 1
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!(
                "Last turn: line {}",
                line_of(INTERVIEW, "Minister Lin: More") + 1
            )),
            "{text}"
        );
        assert_eq!(
            hover["range"],
            doc.range(label, label + "Minister Lin:".len())
        );
        client.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_a_figure_gives_its_value_and_citation() {
    let client = started(false).await;
    let doc = Mirror::new("file:///tmp/interview.txt", INTERVIEW, Units::Utf16);
    client.open(&doc.uri, &doc.text).await;
    let at = INTERVIEW.find("2.25").unwrap();
    let hover = client.hover(&doc.uri, doc.position(at + 1)).await;
    let text = hover["contents"]["value"].as_str().expect("markdown");
    assert!(text.contains("2,250,000,000 protective suits"), "{text}");
    assert!(
        text.to_lowercase().contains("qualifier: more than"),
        "{text}"
    );
    assert!(text.contains("Not cited"), "{text}");
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_without_speaker_labels_is_still_checked() {
    // No label shape explains this text: it is read as one unnamed
    // speaker's speech, so its figures are still flagged rather than the
    // editor showing a clean file.
    let client = started(false).await;
    let uri = "file:///tmp/notes.txt";
    let mut doc = Mirror::new(
        uri,
        "The council report\n\nThe council spent $4.5 million on roads.\nIt hired 120 staff.\n",
        Units::Utf16,
    );
    client.open(uri, &doc.text).await;
    let flagged = |diagnostics: &[Value]| -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| d["message"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let first = flagged(&client.diagnostics(uri, 1).await);
    assert!(
        first.iter().any(|m| m.contains("$4.5 million")),
        "{first:?}"
    );
    assert!(first.iter().any(|m| m.contains("120 staff")), "{first:?}");
    let symbols = client.document_symbols(uri).await;
    assert_eq!(symbols.as_array().map(Vec::len), Some(1), "{symbols}");
    assert!(
        symbols[0]["name"]
            .as_str()
            .unwrap()
            .starts_with("(unnamed)"),
        "{symbols}"
    );
    let e = doc.insert_after("120 staff", " and 40 engineers");
    client.notify("textDocument/didChange", e).await;
    let second = flagged(&client.diagnostics(uri, 2).await);
    assert!(
        second.iter().any(|m| m.contains("40 engineers")),
        "{second:?}"
    );
    client.shutdown().await;
}
