//! A large transcript edited as a user edits it, end to end: the server's
//! diagnostics after a series of edits are the ones a fresh open of the
//! final text gives.
//!
//! Whatever the server reuses from one version to the next (the analysis
//! of the turns an edit did not touch, the debounced runs it skipped), the
//! editor must see what a fresh reading shows. The edits are the kinds that
//! reach beyond their place: a new figure in an answer, a deletion across a
//! turn's label, a new question, a number typed digit by digit, a citation
//! added, a footnote definition removed at the end (which uncites a figure
//! far from it), and two changes in one notification.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::press::press_conference;
use support::{Mirror, TestClient, Units, capabilities};

const URI: &str = "file:///tmp/large-briefing.transcript";

/// About 2 MB: large enough for many turns and parallel reading, small
/// enough for a debug build.
const SIZE: usize = 2 << 20;

async fn started() -> TestClient {
    let client = TestClient::in_process(Duration::from_millis(10));
    client
        .initialize(capabilities(false, false), Value::Null)
        .await;
    client
}

/// The byte offset of `needle` at or after `fraction` of the text.
fn after(text: &str, fraction: f64, needle: &str) -> usize {
    let from = (text.len() as f64 * fraction) as usize;
    from + text[from..]
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} after {fraction}"))
}

/// The diagnostics of `version`, once the client has them.
async fn diagnostics(client: &TestClient, version: i32) -> Vec<Value> {
    let found = client.diagnostics(URI, version).await;
    client.forget();
    found
}

/// Sends one edit of the editor's copy.
async fn edit(client: &TestClient, doc: &mut Mirror, start: usize, end: usize, text: &str) {
    let change = doc.edit(start, end, text);
    client.notify("textDocument/didChange", change).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_large_transcript_edited_has_the_diagnostics_of_its_final_text() {
    let text = press_conference(SIZE);
    let client = started().await;
    let mut doc = Mirror::new(URI, &text, Units::Utf16);
    client.open(URI, &text).await;
    let first = diagnostics(&client, 1).await;
    assert!(first.len() > 1000, "a large text has many findings");

    // A figure in the middle of an answer.
    let at = after(&doc.text, 0.5, " the ");
    edit(&client, &mut doc, at, at, " the 4,500 nurses and").await;
    // A deletion from inside one turn into the next one's label.
    let label = after(&doc.text, 0.3, "\n\n[");
    edit(&client, &mut doc, label - 20, label + 8, " ").await;
    diagnostics(&client, doc.version).await;

    // A new question between two turns.
    let between = after(&doc.text, 0.7, "\n\n[");
    let question = "\n\n[09:59:59] REPORTER: How many of the 312 buses ran late?";
    edit(&client, &mut doc, between, between, question).await;
    // A number typed digit by digit, each digit its own notification.
    let word = after(&doc.text, 0.2, " clinics");
    for (i, digit) in ["1", "2", "0", " "].iter().enumerate() {
        edit(&client, &mut doc, word + 1 + i, word + 1 + i, digit).await;
    }
    diagnostics(&client, doc.version).await;

    // A citation after a figure, which covers it.
    let percent = after(&doc.text, 0.6, " percent");
    let cite = percent + " percent".len();
    edit(&client, &mut doc, cite, cite, " [@audit2020]").await;
    // The first footnote's definition removed: its marker far up the text
    // cites nothing now.
    let definition = doc.text.find("\n[^1]: ").expect("a footnote definition") + 1;
    let line_end = definition + doc.text[definition..].find('\n').expect("its line end") + 1;
    edit(&client, &mut doc, definition, line_end, "").await;
    // Two changes in one notification, the second at the very end.
    let near_start = after(&doc.text, 0.05, " the ");
    let first_range = doc.range(near_start, near_start + 5);
    doc.text.replace_range(near_start..near_start + 5, " 77 ");
    let end = doc.text.len();
    let last_range = doc.range(end, end);
    let tail = "\n[12:00:00] MINISTER ADEYEMI: We spent $9 million on 40 bridges.\n";
    doc.text.push_str(tail);
    doc.version += 1;
    client
        .notify(
            "textDocument/didChange",
            json!({
                "textDocument": {"uri": URI, "version": doc.version},
                "contentChanges": [
                    {"range": first_range, "text": " 77 "},
                    {"range": last_range, "text": tail},
                ],
            }),
        )
        .await;
    let edited = diagnostics(&client, doc.version).await;
    let (version, server_text) = client.server_text(URI).await.expect("the document is open");
    assert_eq!(version, i64::from(doc.version));
    assert!(server_text == doc.text, "the server's text is the editor's");
    client.shutdown().await;

    let fresh_client = started().await;
    fresh_client.open(URI, &doc.text).await;
    let fresh = diagnostics(&fresh_client, 1).await;
    fresh_client.shutdown().await;

    assert_ne!(edited, first, "the edits changed the findings");
    assert_eq!(
        edited.len(),
        fresh.len(),
        "as many findings as a fresh open"
    );
    for (i, (e, f)) in edited.iter().zip(&fresh).enumerate() {
        assert_eq!(e, f, "finding {i} after the edits, and on a fresh open");
    }
}
