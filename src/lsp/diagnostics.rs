//! Diagnostics: when they are computed and how they reach the client.
//!
//! A client that pulls (`textDocument/diagnostic`) asks when it wants them;
//! the server then never pushes. Otherwise every change schedules a push:
//! the latest version is analysed off the async workers and published with
//! its version. A document whose last analysis was quick is analysed at
//! once, so a pushing client waits no longer than a pulling one; only one
//! whose analysis is slow waits for a quiet spell first (the debounce), so
//! that a burst of edits costs one analysis. A result for a version that
//! has since changed is dropped. Publishing and clearing take turns under one lock, so a late
//! result can never land after the empty list sent when a document closes.
//!
//! The `disagreeing-figure` diagnostics (`cross`) change with the other
//! documents. A pulling client that honours `workspace/diagnostic/refresh`
//! is asked to pull again; one that pulls but cannot be asked (Neovim 0.11)
//! would never see them change until its own buffer did, so for such a
//! client they are left out of the pulled lists and pushed on their own
//! instead, the client keeping pushed and pulled lists apart.

use std::sync::Arc;
use std::time::Duration;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use serde::Serialize;

use super::convert;
use super::cross::Compared;
use super::outlet::Framed;
use super::server::{Shared, blocking};
use super::state::Snapshot;

/// Publishes the document's diagnostics once no change has come for the
/// debounce period (push mode only).
pub fn schedule(shared: &Arc<Shared>, uri: Uri, ticket: u64) {
    if shared.state().client.pull_diagnostics {
        return;
    }
    let shared = shared.clone();
    tokio::spawn(async move {
        let last = shared.state().last_cost(&uri);
        let wait = debounce_for(last, shared.options.debounce, shared.options.quick);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        if shared.state().ticket_of(&uri) != Some(ticket) {
            return; // a later change has its own run scheduled
        }
        publish(&shared, &uri).await;
    });
}

/// How long to wait for more changes before analysing, given how long the
/// document's last analysis took (`None`: it has had none, as when it has
/// just been opened, and there is no burst to wait out): nothing when it
/// was under `quick`, else the configured debounce.
fn debounce_for(last: Option<Duration>, configured: Duration, quick: Duration) -> Duration {
    match last {
        Some(took) if took >= quick => configured,
        _ => Duration::ZERO,
    }
}

/// The current version's snapshot and the comparison across transcripts
/// its diagnostics are made under; `None` (logged) when there is none.
async fn analysed(shared: &Shared, uri: &Uri) -> Option<(Arc<Snapshot>, Arc<Compared>)> {
    let snapshot = match shared.snapshot(uri).await {
        Ok(Some(s)) => s,
        Ok(None) => return None,
        Err(e) => {
            tracing::error!("diagnostics for {}: {}", uri.as_str(), e.message);
            return None;
        }
    };
    match shared.compared().await {
        Ok(compared) => Some((snapshot, compared)),
        Err(e) => {
            tracing::error!("comparing figures across transcripts: {}", e.message);
            None
        }
    }
}

/// Analyses the current version and pushes its diagnostics.
pub async fn publish(shared: &Shared, uri: &Uri) {
    // A document published again for another's sake gets a new ticket: a
    // run that sees its ticket change leaves the sending to that one.
    let ticket = shared.state().ticket_of(uri);
    let Some((snapshot, compared)) = analysed(shared, uri).await else {
        return;
    };
    // Serialised off the async workers, one diagnostic at a time: a large
    // document's list is never held whole, only its JSON.
    let s = snapshot.clone();
    let serialise = move || {
        let params = Published {
            uri: &s.uri,
            diagnostics: Each(&s, &compared),
            version: s.version,
        };
        Framed::notification(PUBLISH, params)
    };
    let framed = match blocking(serialise).await {
        Ok(Some(framed)) => framed,
        Ok(None) => return,
        Err(e) => {
            tracing::error!("diagnostics for {}: {}", uri.as_str(), e.message);
            return;
        }
    };
    let _turn = shared.publishing.lock().await;
    let (version, now) = {
        let state = shared.state();
        (state.version(uri), state.ticket_of(uri))
    };
    if version != Some(snapshot.version) || now != ticket {
        return; // closed, or changed again: that version publishes its own
    }
    shared.outlet.send(framed);
}

const PUBLISH: &str = "textDocument/publishDiagnostics";

/// `PublishDiagnosticsParams`, with the diagnostics made as they are
/// serialised.
#[derive(Serialize)]
struct Published<'a> {
    uri: &'a Uri,
    diagnostics: Each<'a>,
    version: i32,
}

/// A snapshot's diagnostics, serialised one at a time: its own, then those
/// on figures that disagree with other transcripts'.
struct Each<'a>(&'a Snapshot, &'a Compared);

impl Serialize for Each<'_> {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_seq(convert::each_diagnostic(self.0).chain(self.1.diagnostics(self.0)))
    }
}

/// Whether the `disagreeing-figure` diagnostics are pushed on their own: to
/// a client that pulls the rest but cannot be asked to pull again.
fn cross_pushed(flags: &super::state::ClientFlags) -> bool {
    flags.pull_diagnostics && !flags.diagnostic_refresh
}

/// Pushes a document's `disagreeing-figure` diagnostics alone (see
/// `cross_pushed`), with the version they were made for.
pub async fn push_cross(shared: &Shared, uri: &Uri) {
    let ticket = shared.state().ticket_of(uri);
    let Some((snapshot, compared)) = analysed(shared, uri).await else {
        return;
    };
    let items: Vec<Diagnostic> = compared.diagnostics(&snapshot).collect();
    let _turn = shared.publishing.lock().await;
    let (version, now) = {
        let state = shared.state();
        (state.version(uri), state.ticket_of(uri))
    };
    if version != Some(snapshot.version) || now != ticket {
        return; // a later run pushes its own
    }
    let params = PublishDiagnosticsParams::new(uri.clone(), items, Some(snapshot.version));
    shared.outlet.notify(PUBLISH, params);
}

/// Sends the empty list for a document that was closed.
pub async fn clear(shared: &Shared, uri: Uri) {
    let flags = shared.state().client;
    if flags.pull_diagnostics && !cross_pushed(&flags) {
        return;
    }
    let _turn = shared.publishing.lock().await;
    // Through the outlet, as the lists it clears went.
    let params = PublishDiagnosticsParams::new(uri, Vec::new(), None);
    shared.outlet.notify(PUBLISH, params);
}

/// Publishes again the documents that depend on one that changed (a
/// transcript and its sidecar), each with its new ticket; a client that
/// pulls is asked to pull again.
pub fn republish(shared: &Arc<Shared>, dependents: Vec<(Uri, u64)>) {
    if dependents.is_empty() {
        return;
    }
    let (pull, refresh) = {
        let state = shared.state();
        (
            state.client.pull_diagnostics,
            state.client.diagnostic_refresh,
        )
    };
    if pull {
        let shared = shared.clone();
        tokio::spawn(async move {
            if !refresh {
                // Only what is pushed can change without the client asking.
                for (uri, _) in dependents {
                    push_cross(&shared, &uri).await;
                }
            } else if let Err(e) = shared.client.workspace_diagnostic_refresh().await {
                tracing::warn!("workspace/diagnostic/refresh failed: {}", e.message);
            }
        });
        return;
    }
    for (uri, ticket) in dependents {
        schedule(shared, uri, ticket);
    }
}

/// Recomputes every open document's diagnostics after the settings changed:
/// pushed again, or the client asked to pull again.
pub async fn refresh_all(shared: &Arc<Shared>) {
    let (pull, refresh) = {
        let state = shared.state();
        (
            state.client.pull_diagnostics,
            state.client.diagnostic_refresh,
        )
    };
    if pull {
        if refresh && let Err(e) = shared.client.workspace_diagnostic_refresh().await {
            tracing::warn!("workspace/diagnostic/refresh failed: {}", e.message);
        }
        return;
    }
    let uris = shared.state().uris();
    for uri in uris {
        // Bound first: the guard must be gone before `schedule` locks again.
        let ticket = shared.state().renew_ticket(&uri);
        if let Some(ticket) = ticket {
            schedule(shared, uri, ticket);
        }
    }
}

/// The answer to a pull: the full list, or "unchanged" when the client
/// already holds the list for this version under these settings.
pub async fn pull(
    shared: &Shared,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri.clone();
    let snapshot = shared.snapshot(&uri).await?;
    let compared = shared.compared().await?;
    let pushed = cross_pushed(&shared.state().client);
    // The figures of other transcripts are part of what the list is made
    // from: their epoch is part of its id.
    let id = |s: &Snapshot| format!("{}.{}", s.result_id, compared.epoch);
    let report = match snapshot {
        None => RelatedFullDocumentDiagnosticReport::default().into(),
        Some(s) if params.previous_result_id.as_deref() == Some(id(&s).as_str()) => {
            RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                    result_id: id(&s),
                },
            }
            .into()
        }
        Some(s) => {
            let result_id = id(&s);
            let items = blocking(move || {
                let mut items = convert::diagnostics(&s);
                if !pushed {
                    items.extend(compared.diagnostics(&s));
                }
                items
            })
            .await?;
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items,
                },
            }
            .into()
        }
    };
    if pushed {
        // Its own figures may have just changed what disagrees with them.
        push_cross(shared, &uri).await;
    }
    Ok(DocumentDiagnosticReportResult::Report(report))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_slow_analysis_waits_for_the_typing_to_stop() {
        let configured = Duration::from_millis(150);
        let quick = Duration::from_millis(5);
        let wait = |last| debounce_for(last, configured, quick);
        assert_eq!(wait(None), Duration::ZERO);
        assert_eq!(wait(Some(Duration::from_millis(1))), Duration::ZERO);
        assert_eq!(wait(Some(quick)), configured);
        assert_eq!(wait(Some(Duration::from_millis(80))), configured);
        assert_eq!(
            debounce_for(Some(Duration::from_secs(1)), Duration::ZERO, quick),
            Duration::ZERO,
            "a debounce set to nothing stays nothing"
        );
    }
}
