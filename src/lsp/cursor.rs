//! `transcript.placeCursor`: where a quick fix leaves work, the cursor goes.
//!
//! A fix that cites a figure leaves a source to be typed (`[^2]: ` at the
//! end of the document, the key of `[@]`). The protocol's snippet edits
//! would put a tab stop there, but a code action's workspace edit can carry
//! them only from LSP 3.18 and few clients take them; `window/showDocument`
//! with a selection (3.16) is widely supported. So the fix's code action
//! runs this command after its edit is applied, with the range computed
//! beforehand for the text after the edit, and the server asks the client
//! to show that range. A client without `showDocument` gets the edit alone.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Value, json};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::request::ShowDocument;
use tower_lsp_server::ls_types::*;

use super::commands::{invalid, read};
use super::server::Shared;
use super::state::Snapshot;
use crate::analysis::Fix;

pub const PLACE_CURSOR: &str = "transcript.placeCursor";

#[derive(Debug, Deserialize)]
struct PlaceArgs {
    uri: Uri,
    range: Range,
}

/// The command a fix's code action runs to put the cursor where the fix
/// wants it, when the client can be asked to and the place can be told.
pub fn command_for(s: &Snapshot, fix: &Fix) -> Option<Command> {
    let cursor = fix.cursor.as_ref()?;
    let edits: Vec<(crate::text::Span, &str)> = fix
        .edits
        .iter()
        .map(|e| (e.span.clone(), e.text.as_str()))
        .collect();
    let at = |post: usize| {
        let lc = s.index.line_col_after(&s.text, &edits, post, s.encoding)?;
        Some(Position::new(lc.line, lc.col))
    };
    let range = Range::new(at(cursor.start)?, at(cursor.end)?);
    Some(Command {
        title: "Place the cursor where the source goes".to_string(),
        command: PLACE_CURSOR.to_string(),
        arguments: Some(vec![json!({ "uri": s.uri, "range": range })]),
    })
}

/// Asks the client to show the document with the range selected. The
/// answer is the client's `ShowDocumentResult`; a client that cannot show
/// it is no error, as the fix itself was made.
pub async fn place(shared: &Arc<Shared>, params: &ExecuteCommandParams) -> Result<Option<Value>> {
    let arg = params.arguments.first().ok_or_else(|| {
        invalid(format!(
            "{PLACE_CURSOR} takes one object argument; none was given"
        ))
    })?;
    let a: PlaceArgs = read(PLACE_CURSOR, arg)?;
    let shown = shared
        .client
        .send_request::<ShowDocument>(ShowDocumentParams {
            uri: a.uri,
            external: None,
            take_focus: Some(true),
            selection: Some(a.range),
        })
        .await;
    Ok(Some(json!({ "shown": shown.is_ok_and(|r| r.success) })))
}
