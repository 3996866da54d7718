//! Measures the server's resident memory from outside, as an editor's user
//! would see it in a process monitor: the release binary is started over
//! stdio, a generated 50 MB press conference (`tests/support/press.rs`) is
//! opened, and `/proc/PID/status` is read while idle, once the diagnostics
//! and the outline are out (the peak, `VmHWM`), and after the document is
//! closed, then after it is opened and closed once more (what a long
//! session comes back to).
//!
//! What it holds the server to: the peak is at most 4 times the text, and
//! closing returns to within 10% of the idle size. It prints the figures and
//! whether each goal is met (a measurement, like the other benchmarks, so
//! it does not stop `cargo bench` when one is not). It is a benchmark
//! target, not a test, because it takes seconds and needs Linux's `/proc`:
//! run it with `cargo bench --bench memory` (pass a size in MB to measure
//! another, e.g. `cargo bench --bench memory -- 10`).

use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};

#[path = "../support/mod.rs"]
mod support;

use support::press::press_conference;
use support::{TestClient, capabilities};

/// The peak may be this many times the text.
const PEAK_FACTOR: f64 = 4.0;
/// After close, the resident size may exceed idle by this fraction.
const CLOSED_SLACK: f64 = 0.10;

/// A field of `/proc/PID/status` (`VmRSS`, `VmHWM`), in bytes.
fn status(pid: u32, field: &str) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/PID/status");
    text.lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().strip_suffix("kB")?.trim().parse::<u64>().ok())
        .map(|kb| kb * 1024)
        .unwrap_or_else(|| panic!("{field} in /proc/{pid}/status"))
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
}

/// Opens the text, waits for its diagnostics and then its outline; returns
/// the peak resident size once the diagnostics are out.
async fn open(client: &TestClient, pid: u32, uri: &str, text: &str) -> u64 {
    client.forget();
    client.open(uri, text).await;
    let found = client.diagnostics(uri, 1).await;
    assert!(!found.is_empty(), "the figures are flagged");
    let peak = status(pid, "VmHWM");
    client.forget();
    let symbols = client.document_symbols(uri).await;
    assert!(symbols.as_array().is_some_and(|s| !s.is_empty()));
    peak
}

/// Closes the document and waits for its diagnostics to be cleared.
async fn close(client: &TestClient, uri: &str) {
    client.forget();
    client
        .notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && p["diagnostics"].as_array().is_some_and(Vec::is_empty)
        })
        .await;
    // The clear is sent before the server gives the freed memory back to
    // the system: a moment lets it finish before the reading.
    tokio::time::sleep(Duration::from_millis(500)).await;
}

#[tokio::main]
async fn main() {
    let size_mb: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(50);
    let text = press_conference(size_mb << 20);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let uri = support::path_uri(&dir.path().join("briefing.transcript"));

    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_transcript-ls"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("the server starts");
    let pid = child.id().expect("a running server");
    let client = TestClient::over(
        child.stdout.take().expect("stdout"),
        child.stdin.take().expect("stdin"),
    );
    client
        .initialize(capabilities(false, false), Value::Null)
        .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = status(pid, "VmRSS");

    let diagnosed = open(&client, pid, &uri, &text).await;
    let open_rss = status(pid, "VmRSS");
    close(&client, &uri).await;
    let closed = status(pid, "VmRSS");
    open(&client, pid, &uri, &text).await;
    close(&client, &uri).await;
    let reclosed = status(pid, "VmRSS");
    let peak = status(pid, "VmHWM");
    client.shutdown().await;

    let len = text.len() as u64;
    let peak_limit = (len as f64 * PEAK_FACTOR) as u64;
    let closed_limit = (idle as f64 * (1.0 + CLOSED_SLACK)) as u64;
    let verdict = |ok: bool| if ok { "ok" } else { "NOT MET" };
    println!("text:                  {}", mb(len));
    println!("idle:                  {}", mb(idle));
    println!("peak at diagnostics:   {}", mb(diagnosed));
    println!("open (after outline):  {}", mb(open_rss));
    println!(
        "peak (VmHWM):          {}  = {:.2}x the text; goal <= {}x: {}",
        mb(peak),
        peak as f64 / len as f64,
        PEAK_FACTOR,
        verdict(peak <= peak_limit)
    );
    println!(
        "after close:           {}  = idle {:+.1}%; goal <= +{}%: {}",
        mb(closed),
        (closed as f64 / idle as f64 - 1.0) * 100.0,
        CLOSED_SLACK * 100.0,
        verdict(closed <= closed_limit)
    );
    println!(
        "after reopen + close:  {}  = idle {:+.1}%; goal <= +{}%: {}",
        mb(reclosed),
        (reclosed as f64 / idle as f64 - 1.0) * 100.0,
        CLOSED_SLACK * 100.0,
        verdict(reclosed <= closed_limit)
    );
}
