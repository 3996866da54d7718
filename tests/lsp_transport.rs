//! The built binary fed broken bytes, as a faulty or hostile client sends
//! them: bodies that are not JSON or not JSON-RPC, bad ids, bodies that are
//! not UTF-8, deep nesting, lone surrogates, and headers in every wrong
//! shape. Each is answered with the JSON-RPC error it deserves (or, for a
//! notification, nothing) and the next request is still answered; the
//! session ends only at `exit`, or when the input ends.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, ChildStdin};
use tokio::sync::Notify;

const TIMEOUT: Duration = Duration::from_secs(20);

const URI: &str = "file:///tmp/transport-interview.txt";

const INTERVIEW: &str = "\
Host: Good evening and welcome.

Question: How many buses run each day on the new route?

Director Okafor: About 120 buses, every day.
";

/// A client that writes raw bytes and keeps every message it reads.
struct Raw {
    child: Child,
    stdin: ChildStdin,
    messages: Arc<Mutex<Vec<Value>>>,
    arrived: Arc<Notify>,
}

impl Raw {
    async fn start() -> Raw {
        Raw::start_with(json!({})).await
    }

    /// A session whose client offers `capabilities`.
    async fn start_with(capabilities: Value) -> Raw {
        let mut child = support::server_process("error");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = child.stdout.take().expect("stdout");
        let messages: Arc<Mutex<Vec<Value>>> = Arc::default();
        let arrived = Arc::new(Notify::new());
        let (m, a) = (messages.clone(), arrived.clone());
        tokio::spawn(async move {
            // The server's own framing is held to the letter here.
            let mut buf = Vec::new();
            let mut chunk = [0u8; 8192];
            loop {
                while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                    let header = std::str::from_utf8(&buf[..end]).expect("an ASCII header");
                    let len: usize = header
                        .strip_prefix("Content-Length: ")
                        .and_then(|n| n.parse().ok())
                        .unwrap_or_else(|| panic!("a bad header from the server: {header:?}"));
                    if buf.len() < end + 4 + len {
                        break;
                    }
                    let body: Value =
                        serde_json::from_slice(&buf[end + 4..end + 4 + len]).expect("JSON");
                    buf.drain(..end + 4 + len);
                    m.lock().unwrap().push(body);
                    a.notify_waiters();
                }
                match stdout.read(&mut chunk).await {
                    Ok(0) | Err(_) => return,
                    Ok(n) => buf.extend_from_slice(&chunk[..n]),
                }
            }
        });
        let mut raw = Raw {
            child,
            stdin,
            messages,
            arrived,
        };
        raw.send(&request(
            0,
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities}),
        ))
        .await;
        raw.response(0).await;
        raw.send(&notification("initialized", json!({}))).await;
        raw.send(&notification(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": URI, "languageId": "transcript", "version": 1, "text": INTERVIEW}}),
        ))
        .await;
        raw
    }

    async fn write(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).await.expect("write");
        self.stdin.flush().await.expect("flush");
    }

    async fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        self.write(&frame(&body)).await;
    }

    /// Waits for the first message from index `from` on that `pred` accepts.
    async fn wait(&self, from: usize, pred: impl Fn(&Value) -> bool) -> (usize, Value) {
        let search = async {
            loop {
                let notified = self.arrived.notified();
                let found = {
                    let messages = self.messages.lock().unwrap();
                    messages[from..]
                        .iter()
                        .position(&pred)
                        .map(|i| (from + i, messages[from + i].clone()))
                };
                if let Some(found) = found {
                    return found;
                }
                notified.await;
            }
        };
        tokio::time::timeout(TIMEOUT, search)
            .await
            .unwrap_or_else(|_| {
                panic!(
                    "not received within {TIMEOUT:?}; received: {:#}",
                    Value::Array(self.messages.lock().unwrap().clone())
                )
            })
    }

    async fn response(&self, id: i64) -> (usize, Value) {
        self.wait(0, |m| m["id"] == id && m.get("method").is_none())
            .await
    }

    fn seen(&self) -> usize {
        self.messages.lock().unwrap().len()
    }

    fn errors_between(&self, from: usize, to: usize) -> Vec<Value> {
        self.messages.lock().unwrap()[from..to]
            .iter()
            .filter(|m| m.get("error").is_some())
            .cloned()
            .collect()
    }

    /// A hover on the last speaker's label must be answered with the notes
    /// of that speaker: the session is alive and in sync.
    async fn hover_answered(&mut self, id: i64) -> usize {
        self.send(&request(
            id,
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 4, "character": 3}}),
        ))
        .await;
        let (at, answer) = self.response(id).await;
        let text = answer["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_else(|| panic!("no hover text in {answer}"));
        assert!(text.contains("Director Okafor"), "{text}");
        at
    }

    async fn exit(mut self) {
        self.send(&request(99_999, "shutdown", Value::Null)).await;
        self.response(99_999).await;
        self.send(&notification("exit", Value::Null)).await;
        let status = tokio::time::timeout(TIMEOUT, self.child.wait())
            .await
            .expect("the server exits after `exit`")
            .expect("an exit status");
        assert!(status.success(), "{status}");
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    [
        format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(),
        body,
    ]
    .concat()
}

fn request(id: i64, method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
}

fn notification(method: &str, params: Value) -> Value {
    json!({"jsonrpc": "2.0", "method": method, "params": params})
}

/// What the server must answer to a broken message: an error with this
/// code and id, or nothing at all.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Error(i64, Option<i64>),
    Nothing,
}

const PARSE: i64 = -32700;
const INVALID: i64 = -32600;

fn cases() -> Vec<(&'static str, Vec<u8>, Expect)> {
    let hover_body = serde_json::to_vec(&request(
        500,
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 4, "character": 3}}),
    ))
    .unwrap();
    let with_header = |header: &str| [header.as_bytes(), b"\r\n\r\n", &hover_body].concat();
    let deep = format!(
        "{{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/hover\",\"params\":{}{}}}",
        "[".repeat(200),
        "]".repeat(200)
    );
    vec![
        ("not JSON", frame(b"{bad}"), Expect::Error(PARSE, None)),
        ("an empty batch", frame(b"[]"), Expect::Error(INVALID, None)),
        (
            "an empty object",
            frame(b"{}"),
            Expect::Error(INVALID, None),
        ),
        ("null", frame(b"null"), Expect::Error(INVALID, None)),
        (
            "a string",
            frame(b"\"hello\""),
            Expect::Error(INVALID, None),
        ),
        (
            "a batch",
            frame(br#"[{"jsonrpc":"2.0","id":901,"method":"shutdown"}]"#),
            Expect::Error(INVALID, None),
        ),
        (
            "JSON-RPC 1.0",
            frame(br#"{"jsonrpc":"1.0","id":902,"method":"shutdown"}"#),
            Expect::Error(INVALID, Some(902)),
        ),
        (
            "no version",
            frame(br#"{"id":903,"method":"shutdown"}"#),
            Expect::Error(INVALID, Some(903)),
        ),
        (
            "an object id",
            frame(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#),
            Expect::Error(INVALID, None),
        ),
        (
            "a fractional id",
            frame(br#"{"jsonrpc":"2.0","id":1.5,"method":"shutdown"}"#),
            Expect::Error(INVALID, None),
        ),
        (
            "params that are a number",
            frame(br#"{"jsonrpc":"2.0","id":904,"method":"textDocument/hover","params":3}"#),
            Expect::Error(INVALID, Some(904)),
        ),
        (
            "a method that is a number",
            frame(br#"{"jsonrpc":"2.0","id":905,"method":5}"#),
            Expect::Error(INVALID, Some(905)),
        ),
        (
            "a body that is not UTF-8",
            frame(b"{\"jsonrpc\":\"2.0\",\"id\":906,\"method\":\"shut\xffdown\"}"),
            Expect::Error(PARSE, Some(906)),
        ),
        (
            "nesting deeper than 128",
            frame(deep.as_bytes()),
            Expect::Error(PARSE, None),
        ),
        ("an empty body", frame(b""), Expect::Error(PARSE, None)),
        (
            "a notification of JSON-RPC 1.0",
            frame(br#"{"jsonrpc":"1.0","method":"initialized"}"#),
            Expect::Nothing,
        ),
        (
            "a response that is both result and error",
            frame(br#"{"jsonrpc":"2.0","id":907,"result":1,"error":{}}"#),
            Expect::Nothing,
        ),
        (
            "a Content-Length that is too small",
            with_header("Content-Length: 10"),
            Expect::Error(PARSE, None),
        ),
        (
            "a negative Content-Length",
            with_header("Content-Length: -5"),
            Expect::Error(PARSE, None),
        ),
        (
            "a Content-Length beyond 64 bits",
            with_header("Content-Length: 99999999999999999999999"),
            Expect::Error(PARSE, None),
        ),
        (
            "a Content-Length that is not a number",
            with_header("Content-Length: abc"),
            Expect::Error(PARSE, None),
        ),
        (
            "a Content-Length of 4 GB",
            with_header("Content-Length: 4000000000"),
            Expect::Error(PARSE, None),
        ),
        (
            "no Content-Length",
            with_header("Content-Type: application/vscode-jsonrpc; charset=utf-8"),
            Expect::Error(PARSE, None),
        ),
        (
            "a garbage header line",
            with_header("hello there"),
            Expect::Error(PARSE, None),
        ),
        (
            "no header at all",
            hover_body.clone(),
            Expect::Error(PARSE, None),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_bad_message_never_ends_the_session() {
    let mut raw = Raw::start().await;
    raw.hover_answered(1).await;
    for (i, (name, bytes, expect)) in cases().into_iter().enumerate() {
        let from = raw.seen();
        raw.write(&bytes).await;
        let id = 1000 + i as i64;
        let after = raw.hover_answered(id).await;
        match expect {
            Expect::Error(code, id) => {
                let want = id.map_or(Value::Null, Value::from);
                let (_, error) = raw
                    .wait(from, |m| m["error"]["code"] == code && m["id"] == want)
                    .await;
                assert_eq!(error["jsonrpc"], "2.0", "{name}: {error}");
                assert!(error["error"]["message"].is_string(), "{name}: {error}");
            }
            Expect::Nothing => {
                let errors = raw.errors_between(from, after);
                assert!(errors.is_empty(), "{name}: {errors:?}");
            }
        }
    }
    // None of the refused requests was run: a batch or a JSON-RPC 1.0
    // `shutdown` would have made the next `shutdown` an error.
    raw.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn header_names_are_read_in_any_case() {
    let mut raw = Raw::start().await;
    let body = serde_json::to_vec(&request(
        7,
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 4, "character": 3}}),
    ))
    .unwrap();
    let bytes = [
        format!("content-length: {}\r\n\r\n", body.len()).as_bytes(),
        &body,
    ]
    .concat();
    raw.write(&bytes).await;
    let (_, answer) = raw.response(7).await;
    assert!(
        answer["result"]["contents"]["value"].is_string(),
        "{answer}"
    );
    raw.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lone_surrogate_in_a_change_is_kept_as_a_replacement_character() {
    let mut raw = Raw::start().await;
    // Half an emoji at the end of the text, as a UTF-16 editor can send it.
    let text = serde_json::to_string(&format!("{INTERVIEW}Host: Thanks X")).unwrap();
    let text = text.replace('X', "\\ud83d");
    let body = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{URI}","version":2}},"contentChanges":[{{"text":{text}}}]}}}}"#
    );
    raw.write(&frame(body.as_bytes())).await;
    raw.send(&request(
        3,
        "transcript/debugText",
        json!({"textDocument": {"uri": URI}}),
    ))
    .await;
    let (_, answer) = raw.response(3).await;
    assert_eq!(answer["result"]["version"], 2, "{answer}");
    assert_eq!(
        answer["result"]["text"],
        format!("{INTERVIEW}Host: Thanks \u{fffd}")
    );
    raw.hover_answered(4).await;
    raw.exit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_ends_when_its_input_ends_even_mid_frame() {
    let mut raw = Raw::start().await;
    raw.hover_answered(1).await;
    raw.write(b"Content-Length: 100\r\n\r\n{\"jsonrpc\"").await;
    drop(raw.stdin);
    let status = tokio::time::timeout(TIMEOUT, raw.child.wait())
        .await
        .expect("the server exits when its input ends")
        .expect("an exit status");
    assert!(status.success(), "{status}");
}

/// `exit` ends the session even while a request still waits on the client:
/// here the edit that adds a note, which this client never answers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_exits_while_a_request_still_waits_on_the_client() {
    let mut raw = Raw::start_with(json!({"workspace": {
        "applyEdit": true,
        "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]},
    }}))
    .await;
    raw.hover_answered(1).await;
    let from = raw.seen();
    raw.send(&request(
        2,
        "workspace/executeCommand",
        json!({"command": "transcript.addNote", "arguments": [{
            "uri": URI,
            "range": {"start": {"line": 4, "character": 23}, "end": {"line": 4, "character": 26}},
            "text": "Timetable, spring edition.",
        }]}),
    ))
    .await;
    raw.wait(from, |m| m["method"] == "workspace/applyEdit")
        .await;
    raw.exit().await;
}
