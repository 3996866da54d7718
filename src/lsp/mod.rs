//! The language server: the only part of the crate that speaks LSP.
//!
//! `server` implements the protocol's handlers, each a few lines that convert
//! the request, ask the analysis and convert the answer back; `convert` does
//! the converting and `capabilities` the negotiating. `state` keeps the open
//! documents (`document`: a rope and a version), each transcript's notes
//! sidecar and their latest analysis, and `diagnostics` decides when
//! diagnostics are computed and sent. `notes` serves the sidecar file and
//! links it with its transcript; `actions` offers code actions and
//! `commands` runs the note commands they and the editors invoke, and
//! `cursor` the one that puts the cursor where a quick fix leaves work;
//! `claims` answers the workspace's claims table, and `cross` compares the
//! figures of the open transcripts with each other and with the workspace's
//! files for the `disagreeing-figure` diagnostic.
//! `outlet` writes diagnostics and the outline beside tower-lsp's messages
//! without building a JSON tree of them (`direct` takes the outline request
//! out of tower-lsp's hands), and `allocator` gives a closed document's
//! memory back to the system. `transport` stands between the client's
//! bytes and the service, so that one malformed message is answered and the
//! session goes on.

// The state lives behind a std mutex: a guard kept alive by an `if let` or
// `match` scrutinee while the body locks again would deadlock.
#![deny(clippy::significant_drop_in_scrutinee, clippy::await_holding_lock)]

mod actions;
mod allocator;
mod capabilities;
mod claims;
mod commands;
mod convert;
mod cross;
mod cursor;
mod diagnostics;
mod direct;
mod document;
mod notes;
mod outlet;
mod server;
mod state;
pub mod transport;

use std::process::ExitCode;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tower_lsp_server::{LspService, Server};

pub use server::Backend;

/// How the server behaves, beyond what the client negotiates.
#[derive(Debug, Clone)]
pub struct Options {
    /// How long the text must rest before diagnostics are computed, for a
    /// document whose analysis is not quick.
    pub debounce: Duration,
    /// Analyses quicker than this are redone at every change, without
    /// waiting for the text to rest.
    pub quick: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            debounce: Duration::from_millis(150),
            quick: Duration::from_millis(5),
        }
    }
}

/// Serves LSP over any byte streams until the client says `exit`.
///
/// The transport guard reads the client's bytes first, answering what
/// cannot be decoded; the outlet then writes diagnostics and the outline
/// beside tower-lsp's own messages, a whole frame at a time.
pub async fn serve<I, O>(input: I, output: O, options: Options)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite,
{
    transport::guard(input, output, |read, write| async move {
        let (outlet, inlet, writing) = outlet::split(write);
        let closer = outlet.clone();
        let (service, socket) = LspService::build(|client| Backend::new(client, options, outlet))
            .custom_method("transcript/debugText", Backend::debug_text)
            .custom_method("transcript/noteAt", Backend::note_at)
            .finish();
        let serving = async move {
            let service = direct::Direct::new(service);
            Server::new(read, inlet, socket).serve(service).await;
            closer.close();
        };
        tokio::join!(serving, writing);
    })
    .await;
}

/// Serves LSP on stdin/stdout until the client says `exit`.
pub fn run_stdio() -> ExitCode {
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("transcript-ls: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(serve(
        tokio::io::stdin(),
        tokio::io::stdout(),
        Options::default(),
    ));
    // Blocking tasks still analysing a document must not hold up the exit.
    runtime.shutdown_background();
    ExitCode::SUCCESS
}

/// Logs go to stderr (stdout is the protocol); `TRANSCRIPT_LS_LOG` filters them.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("TRANSCRIPT_LS_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
