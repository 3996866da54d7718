//! The two largest answers, the document outline and the pulled
//! diagnostics, answered beside tower-lsp.
//!
//! tower-lsp builds a `serde_json::Value` tree of every answer before
//! writing it. The outline of a large transcript is the largest answer the
//! server gives (a 50 MB briefing has two hundred thousand symbols, each
//! with a range and a selection range), and as a tree it took 600 MB, more
//! than the document and its analysis together, every time an editor
//! refreshed its outline; a pulled diagnostic report of a 10 MB briefing
//! (32,000 findings) spent more time building and serialising that tree
//! than the analysis took. So `textDocument/documentSymbol` and
//! `textDocument/diagnostic` are taken out of the request stream before
//! tower-lsp's router sees them, answered by the same code as the
//! `LanguageServer` handlers, and the answers serialised straight to bytes
//! through the outlet. Every other message goes on to tower-lsp unchanged.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use serde::Serialize;
use serde::de::DeserializeOwned;
use tower_lsp_server::jsonrpc::{Error, Request, Response};
use tower_lsp_server::{ExitedError, LspService};
use tower_service::Service;

use super::diagnostics;
use super::server::{Backend, Shared, blocking};

const DOCUMENT_SYMBOL: &str = "textDocument/documentSymbol";
const DOCUMENT_DIAGNOSTIC: &str = "textDocument/diagnostic";

/// tower-lsp's service, with the outline and pulled diagnostics answered
/// directly.
pub struct Direct {
    inner: LspService<Backend>,
    shared: Arc<Shared>,
}

impl Direct {
    pub fn new(inner: LspService<Backend>) -> Direct {
        let shared = inner.inner().shared();
        Direct { inner, shared }
    }
}

type Answer = Result<Option<Response>, ExitedError>;

impl Service<Request> for Direct {
    type Response = Option<Response>;
    type Error = ExitedError;
    type Future = Pin<Box<dyn Future<Output = Answer> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), ExitedError>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.id().is_none() {
            return Box::pin(self.inner.call(request));
        }
        let shared = self.shared.clone();
        match request.method() {
            DOCUMENT_SYMBOL => Box::pin(answer(request, shared, |shared, params| async move {
                shared.document_symbols(params).await
            })),
            DOCUMENT_DIAGNOSTIC => Box::pin(answer(request, shared, |shared, params| async move {
                diagnostics::pull(&shared, params).await
            })),
            _ => Box::pin(self.inner.call(request)),
        }
    }
}

/// Answers `request` with what `handle` gives for its parameters, written
/// straight to the outlet.
async fn answer<P, R, F>(
    request: Request,
    shared: Arc<Shared>,
    handle: impl FnOnce(Arc<Shared>, P) -> F,
) -> Answer
where
    P: DeserializeOwned,
    R: Serialize + Send + 'static,
    F: Future<Output = Result<R, Error>>,
{
    let (method, id, params) = request.into_parts();
    let Some(id) = id else { return Ok(None) };
    let params: Result<P, Error> = params
        .ok_or_else(|| Error::invalid_params("no params"))
        .and_then(|p| serde_json::from_value(p).map_err(|e| Error::invalid_params(e.to_string())));
    let answer = match params {
        Ok(params) => handle(shared.clone(), params).await,
        Err(e) => Err(e),
    };
    // Serialising a long answer takes a while: off the async workers.
    let outlet = shared.outlet.clone();
    if let Err(e) = blocking(move || outlet.respond(&id, answer)).await {
        tracing::error!("answering {method}: {}", e.message);
    }
    // Answered: tower-lsp has nothing to write.
    Ok(None)
}
