//! The built binary as an editor starts it: `transcript-ls --stdio`, a whole
//! session over its stdin and stdout, and a clean exit.

mod support;

use serde_json::{Value, json};
use support::{Mirror, TestClient, Units, capabilities};

const INTERVIEW: &str = "\
Host: Good evening and welcome.

Question: How many trains run each day on the new line?

Director Okafor: About 340 trains, every day.

Question: And the fares?

Director Okafor: They fall by 12% in May.
";

async fn session(units: Units) {
    let mut child = support::server_process("warn");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let client = TestClient::over(stdout, stdin);

    let utf8 = units == Units::Utf8;
    let caps = client
        .initialize(capabilities(utf8, false), Value::Null)
        .await;
    assert_eq!(
        caps["positionEncoding"],
        if utf8 { "utf-8" } else { "utf-16" }
    );

    let uri = "file:///tmp/stdio-interview.txt";
    let mut doc = Mirror::new(uri, INTERVIEW, units);
    client.open(uri, &doc.text).await;
    // Non-ASCII edits, each after characters of different widths.
    let edits = [
        doc.insert_after("Good evening", " — “bonsoir” 😀"),
        doc.insert_after("😀", " 个"),
        doc.insert_after("About 340 trains", "’"),
    ];
    for e in edits {
        client.notify("textDocument/didChange", e).await;
    }
    let (_, text) = client.server_text(uri).await.expect("open");
    assert_eq!(text, doc.text);

    let symbols = client.document_symbols(uri).await;
    let names: Vec<&str> = symbols
        .as_array()
        .expect("symbols")
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "Host",
            "How many trains run each day on the new line?",
            "And the fares?"
        ]
    );

    let folding = client
        .call(
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert!(!folding.as_array().expect("ranges").is_empty());

    // Hover on the speaker label of the last line, after the edits moved it.
    let label = doc.text.rfind("Director Okafor:").unwrap();
    let hover = client.hover(uri, doc.position(label + 2)).await;
    let markdown = hover["contents"]["value"].as_str().expect("hover text");
    assert!(
        markdown.contains("**Director Okafor**") && markdown.contains("2 turns"),
        "{markdown}"
    );
    assert_eq!(
        hover["range"],
        doc.range(label, label + "Director Okafor:".len())
    );

    let found = client
        .call("workspace/symbol", json!({"query": "fares"}))
        .await;
    assert_eq!(found[0]["name"], "And the fares?");
    assert_eq!(found[0]["location"]["uri"], uri);

    let diagnostics = client.diagnostics(uri, doc.version).await;
    let twelve = diagnostics
        .iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains("12%"))
        .expect("12% is flagged");
    let at = doc.text.find("12%").unwrap();
    assert_eq!(twelve["range"]["start"], doc.position(at));

    client.shutdown().await;
    let status = tokio::time::timeout(support::TIMEOUT, child.wait())
        .await
        .expect("the server exits after `exit`")
        .expect("an exit status");
    assert!(status.success(), "{status}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_session_over_stdio_in_utf16() {
    session(Units::Utf16).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_session_over_stdio_in_utf8() {
    session(Units::Utf8).await;
}
