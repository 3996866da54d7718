//! A small LSP client for driving the server as an editor would.
//!
//! It frames JSON-RPC with `Content-Length` headers over any byte streams
//! (an in-process `tokio::io::duplex` pipe or a child process's stdio),
//! sends requests and notifications, answers the server's own requests
//! (`workspace/configuration`, `client/registerCapability`, …) and keeps
//! every message the server sends so a test can wait for the one it expects.
//! `Mirror` keeps the editor's copy of a document and turns byte edits into
//! protocol ranges, counting columns by itself (not with the server's code).

#![allow(dead_code)] // each test file uses a different part

pub mod press;

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{Notify, oneshot};

/// How long a test waits for an answer before it fails.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The built server, started over stdio with its log at `log`, its stderr
/// discarded, and killed when dropped.
pub fn server_process(log: &str) -> tokio::process::Child {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_transcript-ls"))
        .arg("--stdio")
        .env("TRANSCRIPT_LS_LOG", log)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary starts")
}

type Writer = Box<dyn AsyncWrite + Unpin + Send>;

/// How the client answers `workspace/applyEdit`: the notifications to send
/// first (an editor reports the change to an open buffer with `didChange`)
/// and the result.
pub type EditHandler = Box<dyn FnMut(&Value) -> (Vec<Value>, Value) + Send>;

pub struct TestClient {
    writer: Arc<tokio::sync::Mutex<Writer>>,
    pending: Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>>,
    /// Every notification and request the server sent, in order.
    received: Arc<Mutex<Vec<Value>>>,
    arrived: Arc<Notify>,
    /// What `workspace/configuration` answers for the `transcript` section.
    pub settings: Arc<Mutex<Value>>,
    /// How `workspace/applyEdit` is answered (by default: applied to the
    /// files on disk, columns in UTF-16).
    pub edits: Arc<Mutex<EditHandler>>,
    next_id: AtomicI64,
    reader: tokio::task::JoinHandle<()>,
}

impl TestClient {
    /// A server in this process, over an in-memory pipe.
    pub fn in_process(debounce: Duration) -> TestClient {
        TestClient::in_process_with(transcript_ls::lsp::Options {
            debounce,
            ..Default::default()
        })
    }

    /// A server in this process with these options, over an in-memory pipe.
    pub fn in_process_with(options: transcript_ls::lsp::Options) -> TestClient {
        let (client_end, server_end) = tokio::io::duplex(1 << 16);
        let (server_read, server_write) = tokio::io::split(server_end);
        tokio::spawn(transcript_ls::lsp::serve(
            server_read,
            server_write,
            options,
        ));
        let (read, write) = tokio::io::split(client_end);
        TestClient::over(read, write)
    }

    /// A client over any pair of streams.
    pub fn over<R, W>(read: R, write: W) -> TestClient
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let writer: Arc<tokio::sync::Mutex<Writer>> =
            Arc::new(tokio::sync::Mutex::new(Box::new(write)));
        let pending: Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>> = Arc::default();
        let received: Arc<Mutex<Vec<Value>>> = Arc::default();
        let arrived = Arc::new(Notify::new());
        let settings = Arc::new(Mutex::new(Value::Null));
        let edits: Arc<Mutex<EditHandler>> = Arc::new(Mutex::new(disk_editor(Units::Utf16)));
        let reader = tokio::spawn(read_loop(
            BufReader::new(read),
            writer.clone(),
            pending.clone(),
            received.clone(),
            arrived.clone(),
            settings.clone(),
            edits.clone(),
        ));
        TestClient {
            writer,
            pending,
            received,
            arrived,
            settings,
            edits,
            next_id: AtomicI64::new(1),
            reader,
        }
    }

    /// Sends a request and waits for its answer: `Ok(result)` or `Err(error)`.
    pub async fn request(&self, method: &str, params: Value) -> Result<Value, Value> {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let (tx, rx) = oneshot::channel();
        self.pending.lock().unwrap().insert(id, tx);
        send(
            &self.writer,
            &json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}),
        )
        .await;
        let response = tokio::time::timeout(TIMEOUT, rx)
            .await
            .unwrap_or_else(|_| panic!("no answer to {method} within {TIMEOUT:?}"))
            .expect("the connection closed");
        // Taken out, not cloned: a large answer (a long document's
        // symbols) would otherwise be copied once more than an editor does.
        let mut response = response;
        match response.get_mut("error").map(Value::take) {
            Some(e) => Err(e),
            None => Ok(response
                .get_mut("result")
                .map(Value::take)
                .unwrap_or(Value::Null)),
        }
    }

    /// A request that must succeed.
    pub async fn call(&self, method: &str, params: Value) -> Value {
        self.request(method, params)
            .await
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    pub async fn notify(&self, method: &str, params: Value) {
        send(
            &self.writer,
            &json!({"jsonrpc": "2.0", "method": method, "params": params}),
        )
        .await;
    }

    /// `initialize` then `initialized`; returns the server's capabilities.
    pub async fn initialize(&self, capabilities: Value, options: Value) -> Value {
        let mut params = json!({
            "processId": null,
            "rootUri": null,
            "capabilities": capabilities,
        });
        if !options.is_null() {
            params["initializationOptions"] = options;
        }
        let result = self.call("initialize", params).await;
        self.notify("initialized", json!({})).await;
        result["capabilities"].clone()
    }

    pub async fn shutdown(&self) {
        self.call("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
    }

    /// Sets how `workspace/applyEdit` is answered.
    pub fn on_apply_edit(&self, handler: EditHandler) {
        *self.edits.lock().unwrap() = handler;
    }

    /// Waits for the first message from the server with this method whose
    /// params satisfy `pred`, among all received so far or yet to come.
    pub async fn wait_for(&self, method: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_for_then(method, pred, Value::clone).await
    }

    /// Like `wait_for`, giving what `then` reads of the parameters rather
    /// than a copy of them.
    pub async fn wait_for_then<T>(
        &self,
        method: &str,
        pred: impl Fn(&Value) -> bool,
        then: impl Fn(&Value) -> T,
    ) -> T {
        let search = async {
            loop {
                let notified = self.arrived.notified();
                if let Some(found) = self.find(method, &pred, &then) {
                    return found;
                }
                notified.await;
            }
        };
        match tokio::time::timeout(TIMEOUT, search).await {
            Ok(v) => v,
            Err(_) => panic!(
                "no {method} as expected within {TIMEOUT:?}; received: {:#}",
                Value::Array(self.received())
            ),
        }
    }

    /// Waits until the server has sent `n` messages with this method.
    pub async fn wait_for_count(&self, method: &str, n: usize) {
        let search = async {
            loop {
                let notified = self.arrived.notified();
                if self.count(method) >= n {
                    return;
                }
                notified.await;
            }
        };
        if tokio::time::timeout(TIMEOUT, search).await.is_err() {
            panic!("fewer than {n} {method} within {TIMEOUT:?}");
        }
    }

    fn find<T>(
        &self,
        method: &str,
        pred: &impl Fn(&Value) -> bool,
        then: &impl Fn(&Value) -> T,
    ) -> Option<T> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .find(|m| m["method"] == method && pred(&m["params"]))
            .map(|m| then(&m["params"]))
    }

    /// Forgets what the server sent so far, so a long run (a benchmark, a
    /// large document edited many times) keeps and searches only what comes
    /// next.
    pub fn forget(&self) {
        self.received.lock().unwrap().clear();
    }

    /// Everything the server sent so far.
    pub fn received(&self) -> Vec<Value> {
        self.received.lock().unwrap().clone()
    }

    pub fn count(&self, method: &str) -> usize {
        self.received
            .lock()
            .unwrap()
            .iter()
            .filter(|m| m["method"] == method)
            .count()
    }

    /// The diagnostics published for `uri` at `version`.
    pub async fn diagnostics(&self, uri: &str, version: i32) -> Vec<Value> {
        self.published(uri, version, |d| d.to_vec()).await
    }

    /// What `read` makes of the diagnostics published for `uri` at
    /// `version`, without copying them.
    pub async fn published<T>(&self, uri: &str, version: i32, read: impl Fn(&[Value]) -> T) -> T {
        self.wait_for_then(
            "textDocument/publishDiagnostics",
            |p| p["uri"] == uri && p["version"] == version,
            |p| read(p["diagnostics"].as_array().map_or(&[], Vec::as_slice)),
        )
        .await
    }

    pub async fn open(&self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "transcript", "version": 1, "text": text}}),
        )
        .await;
    }

    pub async fn close(&self, uri: &str) {
        self.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    }

    /// The server's copy of a document: `(version, text)`.
    pub async fn server_text(&self, uri: &str) -> Option<(i64, String)> {
        let v = self
            .call(
                "transcript/debugText",
                json!({"textDocument": {"uri": uri}}),
            )
            .await;
        (!v.is_null()).then(|| {
            (
                v["version"].as_i64().expect("a version"),
                v["text"].as_str().expect("a text").to_string(),
            )
        })
    }

    pub async fn document_symbols(&self, uri: &str) -> Value {
        self.call(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        )
        .await
    }

    pub async fn hover(&self, uri: &str, pos: Value) -> Value {
        self.call(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": pos}),
        )
        .await
    }
}

impl Drop for TestClient {
    fn drop(&mut self) {
        self.reader.abort();
    }
}

async fn send(writer: &tokio::sync::Mutex<Writer>, message: &Value) {
    let body = serde_json::to_vec(message).expect("JSON");
    let mut w = writer.lock().await;
    let header = format!("Content-Length: {}\r\n\r\n", body.len());
    w.write_all(header.as_bytes()).await.expect("write header");
    w.write_all(&body).await.expect("write body");
    w.flush().await.expect("flush");
}

/// Reads one framed message; `None` at the end of the stream.
async fn read_message<R: AsyncRead + Unpin>(read: &mut BufReader<R>) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if read.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    read.read_exact(&mut body).await.ok()?;
    Some(serde_json::from_slice(&body).expect("a JSON body"))
}

async fn read_loop<R: AsyncRead + Unpin>(
    mut read: BufReader<R>,
    writer: Arc<tokio::sync::Mutex<Writer>>,
    pending: Arc<Mutex<HashMap<i64, oneshot::Sender<Value>>>>,
    received: Arc<Mutex<Vec<Value>>>,
    arrived: Arc<Notify>,
    settings: Arc<Mutex<Value>>,
    edits: Arc<Mutex<EditHandler>>,
) {
    while let Some(message) = read_message(&mut read).await {
        let method = message.get("method").and_then(Value::as_str);
        let id = message.get("id").cloned();
        match (method, id) {
            (None, Some(id)) => {
                let waiter = id
                    .as_i64()
                    .and_then(|id| pending.lock().unwrap().remove(&id));
                if let Some(tx) = waiter {
                    let _ = tx.send(message);
                }
            }
            (Some(method), Some(id)) => {
                // Recorded first: a test waiting for the request sees it
                // before the answer lets the server go on.
                received.lock().unwrap().push(message.clone());
                arrived.notify_waiters();
                let result = match method {
                    "workspace/applyEdit" => {
                        let (before, result) = (edits.lock().unwrap())(&message["params"]);
                        for n in before {
                            send(&writer, &n).await;
                        }
                        Some(result)
                    }
                    "workspace/configuration" => {
                        let items = message["params"]["items"].as_array().map_or(0, Vec::len);
                        let value = settings.lock().unwrap().clone();
                        Some(Value::Array(vec![value; items]))
                    }
                    // Shown: the editor would open it at the selection.
                    "window/showDocument" => Some(json!({"success": true})),
                    "client/registerCapability"
                    | "client/unregisterCapability"
                    | "workspace/diagnostic/refresh"
                    | "window/workDoneProgress/create" => Some(Value::Null),
                    _ => None,
                };
                let reply = match result {
                    Some(r) => json!({"jsonrpc": "2.0", "id": id, "result": r}),
                    None => json!({"jsonrpc": "2.0", "id": id,
                        "error": {"code": -32601, "message": "not supported by the test client"}}),
                };
                send(&writer, &reply).await;
            }
            (Some(_), None) => {
                received.lock().unwrap().push(message);
                arrived.notify_waiters();
            }
            (None, None) => {}
        }
    }
}

/// The path of a `file:` URI (percent-escapes decoded).
pub fn uri_path(uri: &str) -> std::path::PathBuf {
    let rest = uri.strip_prefix("file://").expect("a file: URI");
    let bytes = rest.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
            out.push(u8::from_str_radix(hex, 16).expect("a percent escape"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    std::path::PathBuf::from(String::from_utf8(out).expect("UTF-8 path"))
}

/// The `file:` URI of a path.
pub fn path_uri(path: &std::path::Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_str().expect("UTF-8 path").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Applies a workspace edit to the files on disk, as an editor does for
/// files it has not opened: creates files, then applies text edits
/// (`documentChanges` or `changes`), counting columns in `units`.
pub fn apply_to_disk(edit: &Value, units: Units) -> Result<(), String> {
    let mut ops: Vec<Value> = Vec::new();
    if let Some(changes) = edit["documentChanges"].as_array() {
        ops.extend(changes.iter().cloned());
    }
    if let Some(map) = edit["changes"].as_object() {
        for (uri, edits) in map {
            ops.push(json!({"textDocument": {"uri": uri, "version": null}, "edits": edits}));
        }
    }
    for op in ops {
        match op["kind"].as_str() {
            Some("create") => {
                let path = uri_path(op["uri"].as_str().ok_or("a uri")?);
                if path.exists() && op["options"]["overwrite"] != true {
                    if op["options"]["ignoreIfExists"] == true {
                        continue;
                    }
                    return Err(format!("{} exists", path.display()));
                }
                std::fs::write(&path, "").map_err(|e| e.to_string())?;
            }
            Some(other) => return Err(format!("unsupported operation {other}")),
            None => {
                let uri = op["textDocument"]["uri"].as_str().ok_or("a uri")?;
                let path = uri_path(uri);
                let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
                // An editor shows a file without its byte-order mark, and
                // writes the mark back.
                let (bom, text) = match text.strip_prefix('\u{feff}') {
                    Some(rest) => ("\u{feff}", rest),
                    None => ("", text.as_str()),
                };
                let mut doc = Mirror::new(uri, text, units);
                doc.apply(op["edits"].as_array().ok_or("edits")?);
                std::fs::write(&path, format!("{bom}{}", doc.text)).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(())
}

/// An editor that applies edits to the files on disk.
pub fn disk_editor(units: Units) -> EditHandler {
    Box::new(move |params: &Value| {
        let result = match apply_to_disk(&params["edit"], units) {
            Ok(()) => json!({"applied": true}),
            Err(e) => json!({"applied": false, "failureReason": e}),
        };
        (Vec::new(), result)
    })
}

/// Client capabilities: UTF-8 offered or not, diagnostics pulled or pushed.
pub fn capabilities(utf8: bool, pull: bool) -> Value {
    let mut caps = json!({
        "general": {"positionEncodings": if utf8 { json!(["utf-8", "utf-16"]) } else { json!(["utf-16"]) }},
        "textDocument": {
            "synchronization": {"dynamicRegistration": false},
            "documentSymbol": {"hierarchicalDocumentSymbolSupport": true},
            "hover": {"contentFormat": ["markdown", "plaintext"]},
            "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}}},
            "publishDiagnostics": {"versionSupport": true}
        },
        "workspace": {
            "configuration": true,
            "applyEdit": true,
            "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create", "rename", "delete"]},
            "didChangeConfiguration": {"dynamicRegistration": true},
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "diagnostics": {"refreshSupport": true}
        }
    });
    if pull {
        caps["textDocument"]["diagnostic"] = json!({"dynamicRegistration": false});
    }
    caps
}

/// Column units, as the client counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    Utf8,
    Utf16,
}

/// The editor's copy of a document.
pub struct Mirror {
    pub uri: String,
    pub text: String,
    pub version: i32,
    pub units: Units,
}

impl Mirror {
    pub fn new(uri: &str, text: &str, units: Units) -> Mirror {
        Mirror {
            uri: uri.to_string(),
            text: text.to_string(),
            version: 1,
            units,
        }
    }

    /// The protocol position of a byte offset: lines end at `\n`, `\r\n`
    /// and `\r`; columns count UTF-8 bytes or UTF-16 units.
    pub fn position(&self, offset: usize) -> Value {
        let before = &self.text[..offset];
        let mut line = 0;
        let mut line_start = 0;
        let bytes = before.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let ends_line =
                b == b'\n' || (b == b'\r' && self.text.as_bytes().get(i + 1) != Some(&b'\n'));
            if ends_line {
                line += 1;
                line_start = i + 1;
            }
        }
        let col: usize = match self.units {
            Units::Utf8 => before.len() - line_start,
            Units::Utf16 => before[line_start..].encode_utf16().count(),
        };
        json!({"line": line, "character": col})
    }

    pub fn range(&self, start: usize, end: usize) -> Value {
        json!({"start": self.position(start), "end": self.position(end)})
    }

    /// The range of the first occurrence of `needle`.
    pub fn range_of(&self, needle: &str) -> Value {
        let start = self
            .text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in text"));
        self.range(start, start + needle.len())
    }

    /// Replaces bytes `start..end` and returns the `didChange` params for it.
    pub fn edit(&mut self, start: usize, end: usize, new_text: &str) -> Value {
        let range = self.range(start, end);
        self.text.replace_range(start..end, new_text);
        self.version += 1;
        json!({
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": [{"range": range, "text": new_text}],
        })
    }

    /// Inserts `new_text` right after the first occurrence of `needle`.
    pub fn insert_after(&mut self, needle: &str, new_text: &str) -> Value {
        let at = self.text.find(needle).expect("needle in text") + needle.len();
        self.edit(at, at, new_text)
    }

    /// Applies protocol text edits (as a client applies a workspace edit).
    pub fn apply(&mut self, edits: &[Value]) {
        let mut resolved: Vec<(usize, usize, usize, String)> = edits
            .iter()
            .enumerate()
            .map(|(i, e)| {
                (
                    self.offset(&e["range"]["start"]),
                    self.offset(&e["range"]["end"]),
                    i,
                    e["newText"].as_str().expect("newText").to_string(),
                )
            })
            .collect();
        // From the end backwards, so earlier offsets stay valid; inserts at
        // the same place keep their order.
        resolved.sort_by_key(|(s, _, i, _)| (std::cmp::Reverse(*s), std::cmp::Reverse(*i)));
        for (s, e, _, t) in resolved {
            self.text.replace_range(s..e, &t);
        }
        self.version += 1;
    }

    /// The byte offset of a protocol position (the inverse of `position`).
    pub fn offset(&self, pos: &Value) -> usize {
        let line = pos["line"].as_u64().expect("line") as usize;
        let col = pos["character"].as_u64().expect("character") as usize;
        let mut start = 0;
        let bytes = self.text.as_bytes();
        let mut l = 0;
        let mut i = 0;
        while l < line {
            match bytes[i] {
                b'\n' => {
                    l += 1;
                    start = i + 1;
                }
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                    l += 1;
                    start = i + 1;
                }
                _ => {}
            }
            i += 1;
        }
        let mut units = 0;
        let mut offset = start;
        for ch in self.text[start..].chars() {
            if units >= col || ch == '\n' || ch == '\r' {
                break;
            }
            units += match self.units {
                Units::Utf8 => ch.len_utf8(),
                Units::Utf16 => ch.len_utf16(),
            };
            offset += ch.len_utf8();
        }
        offset
    }
}
