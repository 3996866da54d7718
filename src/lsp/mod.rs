//! The language server: the only part of the crate that speaks LSP.
//!
//! `server` implements the protocol's handlers, each a few lines that convert
//! the request, ask the analysis and convert the answer back.

mod server;

use std::process::ExitCode;

use tower_lsp_server::{LspService, Server};

pub use server::Backend;

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
    runtime.block_on(async {
        let (service, socket) = LspService::new(Backend::new);
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(service)
            .await;
    });
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
