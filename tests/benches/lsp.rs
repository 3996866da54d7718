//! Benchmarks of the language server as an editor feels it: the real
//! server, in process over an in-memory pipe (`tests/support`), driven by a
//! client that offers VS Code's capabilities (UTF-16 columns), on the
//! generated press conference of `tests/support/press.rs` at 1 MB and 10 MB.
//!
//! - `open`: `didOpen` until its diagnostics are published.
//! - `edit/push`: a one-character edit (`didChange`) until the diagnostics of
//!   the new version are published, with the debounce the server ships with.
//! - `edit/pull`: the same edit, then `textDocument/diagnostic`, as a client
//!   that pulls asks for them.
//! - `documentSymbol` and `hover` (on a figure in the middle of the text),
//!   asked of a version whose diagnostics are out, as an editor asks them
//!   while the user reads.
//!
//! Every time includes framing and parsing the JSON on both sides, which is
//! what the editor waits for. Run with `cargo bench --bench lsp`.

use std::time::{Duration, Instant};

/// The allocator the binary ships with (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use serde_json::{Value, json};

#[path = "../support/mod.rs"]
mod support;

use support::press::press_conference;
use support::{TestClient, capabilities, path_uri};

/// A document open in the server and where the benchmarks poke it.
struct Open {
    client: TestClient,
    uri: String,
    version: i32,
    /// Where the one-character edit goes: inside a word of speech.
    typo: Value,
    /// A figure's position, for hover.
    figure: Value,
    /// Whether the typo is in the text now (each edit undoes the last).
    typed: bool,
}

/// The line/column of a byte offset in an ASCII text.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count();
    let col = offset - before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": col})
}

/// The first place at or after the middle of the text where `needle` starts.
fn after_middle(text: &str, needle: &str) -> usize {
    let middle = text.len() / 2;
    middle
        + text[middle..]
            .find(needle)
            .expect("the needle after the middle")
}

/// A server with `text` open at version 1 and its first diagnostics out.
async fn opened(text: &str, dir: &std::path::Path, pull: bool) -> Open {
    let client = TestClient::in_process(transcript_ls::lsp::Options::default().debounce);
    client
        .initialize(capabilities(false, pull), Value::Null)
        .await;
    let uri = path_uri(&dir.join("briefing.transcript"));
    client.open(&uri, text).await;
    if pull {
        pull_diagnostics(&client, &uri).await;
    } else {
        client.published(&uri, 1, <[Value]>::len).await;
    }
    // " the " is speech, never a label: typing in it changes a word.
    let typo = position(text, after_middle(text, " the ") + 2);
    // "percent" follows a number: the figure is the digits before it.
    let figure = position(text, after_middle(text, " percent") - 1);
    Open {
        client,
        uri,
        version: 1,
        typo,
        figure,
        typed: false,
    }
}

async fn pull_diagnostics(client: &TestClient, uri: &str) -> usize {
    let report = client
        .call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    report["items"].as_array().map_or(0, Vec::len)
}

impl Open {
    /// Types a character, or deletes the one typed last, so the text stays
    /// the same size from edit to edit.
    async fn edit(&mut self) {
        self.version += 1;
        let start = self.typo.clone();
        let mut end = start.clone();
        let text = if self.typed {
            end["character"] = json!(start["character"].as_u64().expect("a column") + 1);
            ""
        } else {
            "x"
        };
        self.typed = !self.typed;
        self.client.forget();
        self.client
            .notify(
                "textDocument/didChange",
                json!({
                    "textDocument": {"uri": self.uri, "version": self.version},
                    "contentChanges": [{"range": {"start": start, "end": end}, "text": text}],
                }),
            )
            .await;
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

fn lsp(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("a temporary folder");
    for mb in [1, 10] {
        let text = press_conference(mb << 20);
        let mut group = c.benchmark_group(format!("lsp/{mb}MB"));
        group
            .throughput(Throughput::Bytes(text.len() as u64))
            .sample_size(10)
            .sampling_mode(SamplingMode::Flat)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(if mb > 1 { 10 } else { 4 }));

        // Each open is a fresh document in a fresh server, so nothing is
        // left over from the one before.
        group.bench_function(BenchmarkId::from_parameter("open"), |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        let client =
                            TestClient::in_process(transcript_ls::lsp::Options::default().debounce);
                        client
                            .initialize(capabilities(false, false), Value::Null)
                            .await;
                        let uri = path_uri(&dir.path().join("opened.transcript"));
                        let started = Instant::now();
                        client.open(&uri, &text).await;
                        let found = client.published(&uri, 1, <[Value]>::len).await;
                        total += started.elapsed();
                        assert!(found > 0, "the figures are flagged");
                        client.shutdown().await;
                    }
                    total
                })
            })
        });

        let mut push = rt.block_on(opened(&text, dir.path(), false));
        group.bench_function(BenchmarkId::from_parameter("edit/push"), |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let started = Instant::now();
                    for _ in 0..iters {
                        push.edit().await;
                        let found = push
                            .client
                            .published(&push.uri, push.version, <[Value]>::len)
                            .await;
                        assert!(found > 0, "the figures are flagged");
                    }
                    started.elapsed()
                })
            })
        });
        group.bench_function(BenchmarkId::from_parameter("documentSymbol"), |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let started = Instant::now();
                    for _ in 0..iters {
                        let symbols = push.client.document_symbols(&push.uri).await;
                        assert!(symbols.as_array().is_some_and(|s| !s.is_empty()));
                    }
                    started.elapsed()
                })
            })
        });
        group.bench_function(BenchmarkId::from_parameter("hover"), |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let started = Instant::now();
                    for _ in 0..iters {
                        let hover = push.client.hover(&push.uri, push.figure.clone()).await;
                        assert!(!hover.is_null(), "the figure has a hover");
                    }
                    started.elapsed()
                })
            })
        });
        rt.block_on(push.client.shutdown());
        drop(push);

        let mut pull = rt.block_on(opened(&text, dir.path(), true));
        group.bench_function(BenchmarkId::from_parameter("edit/pull"), |b| {
            b.iter_custom(|iters| {
                rt.block_on(async {
                    let started = Instant::now();
                    for _ in 0..iters {
                        pull.edit().await;
                        let found = pull_diagnostics(&pull.client, &pull.uri).await;
                        assert!(found > 0, "the figures are flagged");
                    }
                    started.elapsed()
                })
            })
        });
        rt.block_on(pull.client.shutdown());
        group.finish();
    }
}

criterion_group!(benches, lsp);
criterion_main!(benches);
