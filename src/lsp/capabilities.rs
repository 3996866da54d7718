//! What the client can do and what the server offers in return.
//!
//! Read once at `initialize`: the position encoding (UTF-8 when offered),
//! whether diagnostics are pulled or pushed, whether settings can be pulled,
//! whether edits can name the version they were made for, and whether the
//! client applies the server's edits (the note commands need it, or they
//! write the sidecar themselves).

use serde_json::Value;
use tower_lsp_server::ls_types::*;

use super::state::{ClientFlags, PromptCommands};
use super::{commands, convert};
use crate::text::Encoding;

pub fn client_flags(caps: &ClientCapabilities) -> ClientFlags {
    let workspace = caps.workspace.as_ref();
    ClientFlags {
        pull_diagnostics: caps
            .text_document
            .as_ref()
            .is_some_and(|t| t.diagnostic.is_some()),
        configuration: workspace.and_then(|w| w.configuration) == Some(true),
        diagnostic_refresh: workspace
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            == Some(true),
        document_changes: workspace
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.document_changes)
            == Some(true),
        register_configuration: workspace
            .and_then(|w| w.did_change_configuration.as_ref())
            .and_then(|d| d.dynamic_registration)
            == Some(true),
        watch_files: workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            == Some(true),
        apply_edit: workspace.and_then(|w| w.apply_edit) == Some(true),
        create_files: workspace
            .and_then(|w| w.workspace_edit.as_ref())
            .and_then(|e| e.resource_operations.as_ref())
            .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create)),
        show_document: caps
            .window
            .as_ref()
            .and_then(|w| w.show_document.as_ref())
            .is_some_and(|d| d.support),
    }
}

/// The client's own commands that prompt for text, from
/// `experimental.transcript.prompts` (`{"addNote": "…", "citeFigure": "…"}`).
pub fn prompt_commands(caps: &ClientCapabilities) -> PromptCommands {
    let prompts = caps
        .experimental
        .as_ref()
        .and_then(|e| e.get("transcript"))
        .and_then(|t| t.get("prompts"));
    let name = |key: &str| {
        prompts
            .and_then(|p| p.get(key))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    PromptCommands {
        add_note: name("addNote"),
        cite_figure: name("citeFigure"),
    }
}

pub fn encoding(caps: &ClientCapabilities) -> Encoding {
    convert::negotiate_encoding(
        caps.general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    )
}

pub fn server_capabilities(encoding: Encoding, client: ClientFlags) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(convert::encoding_kind(encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands: commands::ALL.iter().map(|c| c.to_string()).collect(),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            resolve_provider: Some(false),
            ..Default::default()
        })),
        diagnostic_provider: client.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some(convert::SOURCE.to_string()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                ..Default::default()
            })
        }),
        ..Default::default()
    }
}

/// What to ask the client to send once `initialized`: settings changes, and
/// changes to any `transcript-ls.toml` or notes sidecar, when it only sends
/// them on request.
pub fn registrations(client: ClientFlags) -> Vec<Registration> {
    let mut out = Vec::new();
    if client.register_configuration {
        out.push(Registration {
            id: "transcript-ls/didChangeConfiguration".into(),
            method: "workspace/didChangeConfiguration".into(),
            register_options: None,
        });
    }
    if client.watch_files {
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![
                FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/{}", crate::config::FILE_NAME)),
                    kind: None,
                },
                FileSystemWatcher {
                    glob_pattern: GlobPattern::String(format!("**/*{}", crate::sidecar::SUFFIX)),
                    kind: None,
                },
            ],
        };
        out.push(Registration {
            id: "transcript-ls/didChangeWatchedFiles".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        });
    }
    out
}
