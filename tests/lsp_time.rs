//! Time in the recording, end to end over the built binary's stdio: the
//! outline's times, hover's time of a figure's cue, `copyTimestamp`, and a
//! note whose media fragment reaches the sidecar and survives editing the
//! note and reopening the transcript in a new server. `copyTimestamp` on
//! timestamped labels and unsaved buffers runs in process.
//!
//! Each caption format is one `Captions` fixture: the same checks run on
//! each: WebVTT and SubRip.

mod support;

use std::path::Path;

use serde_json::{Value, json};
use support::{Mirror, TestClient, Units, capabilities, path_uri};

/// A caption file and what the checks expect of it.
struct Captions {
    /// The file name, whose extension says the format.
    name: &'static str,
    text: &'static str,
    /// Outline details that must appear (each entry's start time first).
    details: &'static [&'static str],
    /// A figure in a cue that continues its speaker's turn, and that cue's
    /// start as hover and `copyTimestamp` show it.
    figure: &'static str,
    figure_time: &'static str,
    figure_seconds: f64,
    /// The media fragment of a note on the figure: to the next cue's start.
    fragment: &'static str,
}

/// Captions written for these tests: the Minister's answer runs over two
/// cues, so the second cue's figure has a time of its own.
const WEBVTT: Captions = Captions {
    name: "clinics briefing.vtt",
    text: "WEBVTT

00:12:20.000 --> 00:12:24.000
<v Reporter>How many clinics opened last year?

00:12:24.500 --> 00:12:31.000
<v Minister>We opened 87 clinics in the north.

00:12:31.400 --> 00:12:40.000
<v Minister>And we hired 450 nurses for them.

00:12:40.000 --> 00:12:44.000
<v Reporter>Thank you, Minister.
",
    details: &["[00:12:20] Reporter", "[00:12:24] We opened 87 clinics"],
    figure: "450 nurses",
    figure_time: "00:12:31.400",
    figure_seconds: 751.4,
    fragment: "t=751.4,760.0",
};

/// The same briefing as SubRip subtitles, with CRLF line ends: cue numbers,
/// comma decimals, a dialogue dash and `[NAME]` labels.
const SUBRIP: Captions = Captions {
    name: "clinics briefing.srt",
    text: "1\r\n00:12:20,000 --> 00:12:24,000\r\n[REPORTER] How many clinics opened last year?\r\n\r\n\
           2\r\n00:12:24,500 --> 00:12:31,000\r\n[MINISTER] We opened 87 clinics in the north.\r\n\r\n\
           3\r\n00:12:31,400 --> 00:12:40,000\r\nAnd we hired 450 nurses for them.\r\n\r\n\
           4\r\n00:12:40,000 --> 00:12:44,000\r\n[REPORTER] Thank you, Minister.\r\n",
    details: &["[00:12:20] REPORTER", "[00:12:24] We opened 87 clinics"],
    figure: "450 nurses",
    figure_time: "00:12:31.400",
    figure_seconds: 751.4,
    fragment: "t=751.4,760.0",
};

async fn start() -> (tokio::process::Child, TestClient) {
    let mut child = support::server_process("warn");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let client = TestClient::over(stdout, stdin);
    client
        .initialize(capabilities(false, false), Value::Null)
        .await;
    (child, client)
}

async fn stop(mut child: tokio::process::Child, client: TestClient) {
    client.shutdown().await;
    let status = tokio::time::timeout(support::TIMEOUT, child.wait())
        .await
        .expect("the server exits after `exit`")
        .expect("an exit status");
    assert!(status.success(), "{status}");
}

async fn command(client: &TestClient, name: &str, args: Value) -> Value {
    client
        .call(
            "workspace/executeCommand",
            json!({"command": name, "arguments": [args]}),
        )
        .await
}

fn hover_text(hover: &Value) -> String {
    hover["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Every symbol's detail, children included.
fn details(symbols: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for s in symbols.as_array().expect("symbols") {
        out.extend(s["detail"].as_str().map(str::to_string));
        if s.get("children").is_some() {
            out.extend(details(&s["children"]));
        }
    }
    out
}

/// The media fragment selectors of the sidecar's one note.
fn fragments(sidecar: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(sidecar).expect("the sidecar exists");
    let file: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let notes = file["first"]["items"].as_array().expect("notes").clone();
    assert_eq!(notes.len(), 1, "{text}");
    notes[0]["target"]["selector"]
        .as_array()
        .expect("selectors")
        .iter()
        .filter(|s| s["type"] == "FragmentSelector")
        .cloned()
        .collect()
}

async fn check(captions: &Captions) {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join(captions.name);
    std::fs::write(&path, captions.text).expect("write the captions");
    let sidecar = dir.path().join(format!("{}.notes.json", captions.name));
    let uri = path_uri(&path);
    let doc = Mirror::new(&uri, captions.text, Units::Utf16);
    let at = doc.text.find(captions.figure).expect("the figure");

    let (child, client) = start().await;
    client.open(&uri, captions.text).await;

    // The outline leads each entry with its start time.
    let details = details(&client.document_symbols(&uri).await);
    for want in captions.details {
        assert!(
            details.iter().any(|d| d.starts_with(want)),
            "no detail starting {want:?} in {details:#?}"
        );
    }

    // Hover on the figure gives its own cue's start, not its turn's.
    let hover = hover_text(&client.hover(&uri, doc.position(at + 1)).await);
    let time = format!("Time: {}", captions.figure_time);
    assert!(hover.contains(&time), "{hover}");

    // The time at a position, for the clipboard; none before the first cue.
    let copied = command(
        &client,
        "transcript.copyTimestamp",
        json!({"uri": uri, "position": doc.position(at + 1)}),
    )
    .await;
    assert_eq!(
        copied,
        json!({"timestamp": captions.figure_time, "seconds": captions.figure_seconds})
    );
    let header = command(
        &client,
        "transcript.copyTimestamp",
        json!({"uri": uri, "position": doc.position(1)}),
    )
    .await;
    assert_eq!(header, Value::Null);

    // A note on the figure records when it was said.
    let added = command(
        &client,
        "transcript.addNote",
        json!({"uri": uri, "range": doc.range_of(captions.figure), "text": "Payroll, May."}),
    )
    .await;
    let id = added["id"].as_str().expect("the note's id").to_string();
    let expected = json!([{
        "type": "FragmentSelector",
        "conformsTo": "http://www.w3.org/TR/media-frags/",
        "value": captions.fragment,
    }]);
    assert_eq!(Value::Array(fragments(&sidecar)), expected);

    // Editing the note's text keeps its time.
    command(
        &client,
        "transcript.editNote",
        json!({"uri": uri, "id": id, "text": "Payroll, June."}),
    )
    .await;
    assert_eq!(Value::Array(fragments(&sidecar)), expected);
    stop(child, client).await;

    // A new server reads the note back: on its words, with its time.
    let (child, client) = start().await;
    client.open(&uri, captions.text).await;
    let hover = hover_text(&client.hover(&uri, doc.position(at + 1)).await);
    assert!(
        hover.contains("Payroll, June.") && hover.contains(&time),
        "{hover}"
    );
    let diagnostics = client.diagnostics(&uri, 1).await;
    assert!(
        !diagnostics
            .iter()
            .any(|d| d["code"] == "note-orphaned" || d["code"] == "note-drifted"),
        "{diagnostics:#?}"
    );
    stop(child, client).await;
    assert_eq!(Value::Array(fragments(&sidecar)), expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webvtt_times_reach_outline_hover_clipboard_and_notes() {
    check(&WEBVTT).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn subrip_times_reach_outline_hover_clipboard_and_notes() {
    check(&SUBRIP).await;
}

/// Timestamped labels give times too, in a buffer never saved; a transcript
/// without times answers `null`, and a bad argument is an error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_timestamp_reads_labels_in_unsaved_buffers() {
    let client = TestClient::in_process(std::time::Duration::from_millis(10));
    client
        .initialize(capabilities(true, false), Value::Null)
        .await;
    let timed = "[00:00:10] REPORTER: How many clinics opened?\n\n\
                 [01:02:03] MINISTER: We opened 87 clinics.\n";
    let untimed = "Q: How many clinics opened?\n\nA: We opened 87 clinics.\n";
    for (uri, text) in [("untitled:timed", timed), ("untitled:untimed", untimed)] {
        client.open(uri, text).await;
    }
    let doc = Mirror::new("untitled:timed", timed, Units::Utf8);
    let at = doc.text.find("87 clinics").unwrap();
    let answer = command(
        &client,
        "transcript.copyTimestamp",
        json!({"uri": "untitled:timed", "position": doc.position(at)}),
    )
    .await;
    assert_eq!(answer, json!({"timestamp": "01:02:03", "seconds": 3723.0}));
    let doc = Mirror::new("untitled:untimed", untimed, Units::Utf8);
    let at = doc.text.find("87 clinics").unwrap();
    let answer = command(
        &client,
        "transcript.copyTimestamp",
        json!({"uri": "untitled:untimed", "position": doc.position(at)}),
    )
    .await;
    assert_eq!(answer, Value::Null);
    let error = client
        .request(
            "workspace/executeCommand",
            json!({"command": "transcript.copyTimestamp", "arguments": [{"uri": "untitled:timed"}]}),
        )
        .await
        .expect_err("no position");
    assert!(
        error["message"].as_str().unwrap().contains("bad argument"),
        "{error}"
    );
    client.shutdown().await;
}
