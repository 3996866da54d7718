//! Code actions on a transcript: the analysis's quick fixes, and the note
//! commands that fit the selection.
//!
//! An uncited figure under the cursor gets its footnote and Pandoc fixes
//! (edits to the transcript, then the cursor put where the source goes), a
//! figure whose citation is a stub the fix that leads to its source, and
//! both *Mark figure reviewed* and *Not a claim* (a
//! reviewed note, the second saying so, through `transcript.markReviewed`).
//! A selection gets *Reattach note … to the selection* for each orphaned
//! note. Actions that need the user's words (*Add note…*, *Cite figure…*)
//! are offered only to a client that declared its own prompting commands
//! for them (`PromptCommands`): a plain client cannot ask for text.

use serde_json::json;
use tower_lsp_server::ls_types::*;

use super::commands::{MARK_REVIEWED, REATTACH_NOTE};
use super::state::{ClientFlags, PromptCommands, Snapshot};
use super::{convert, cursor};
use crate::analysis::FindingCode;

/// The title of the action that records a figure as no claim, and the
/// comment of the note it writes.
const NOT_A_CLAIM: &str = "Not a claim";

/// Longest quote shown in an action's title, in characters.
const TITLE_QUOTE_CHARS: usize = 40;

pub fn for_range(
    s: &Snapshot,
    range: Range,
    only: Option<&[CodeActionKind]>,
    client: &ClientFlags,
    prompts: &PromptCommands,
) -> Vec<CodeActionOrCommand> {
    let quick_fixes = only.is_none_or(|only| {
        only.iter()
            .any(|k| CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str()))
    });
    // Actions with no kind only when the client asked for every kind.
    let unkinded = only.is_none();
    let span = convert::span(s, range);
    let mut out = Vec::new();
    let mut action = |a: CodeAction| out.push(CodeActionOrCommand::CodeAction(a));

    let fixes = s.analysis.fixes(&s.text, span.clone());
    let mut figures: Vec<usize> = fixes.iter().filter_map(|f| f.finding).collect();
    figures.dedup();
    if quick_fixes {
        for fix in &fixes {
            let mut a = convert::code_action(s, fix, client.document_changes);
            if client.show_document {
                a.command = cursor::command_for(s, fix);
            }
            // A fix that only moves the cursor is nothing without it.
            if fix.edits.is_empty() {
                if a.command.is_none() {
                    continue;
                }
                a.edit = None;
            }
            action(a);
        }
        for &i in &figures {
            let finding = &s.analysis.findings()[i];
            let range = convert::range(s, &finding.span);
            // A quick fix on the figure that runs `command` with `arguments`.
            let on_figure = |title: &str, command: &str, arguments: serde_json::Value| CodeAction {
                title: title.to_string(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(s, finding)]),
                command: Some(Command {
                    title: title.to_string(),
                    command: command.to_string(),
                    arguments: Some(vec![arguments]),
                }),
                ..Default::default()
            };
            let at = json!({"uri": s.uri, "range": range});
            action(on_figure("Mark figure reviewed", MARK_REVIEWED, at.clone()));
            // The user's decision that the words are no claim, kept as a
            // reviewed note that says so: it travels with the sidecar.
            let not_a_claim = json!({"uri": s.uri, "range": range, "comment": NOT_A_CLAIM});
            action(on_figure(NOT_A_CLAIM, MARK_REVIEWED, not_a_claim));
            if let Some(cite) = &prompts.cite_figure {
                action(on_figure("Cite figure…", cite, at));
            }
        }
    }
    if span.is_empty() {
        return out;
    }
    if quick_fixes {
        let orphans = s
            .analysis
            .findings()
            .iter()
            .filter(|f| f.code == FindingCode::NoteOrphaned);
        for finding in orphans {
            let Some(note) = finding.note.and_then(|i| s.analysis.notes.get(i)) else {
                continue;
            };
            if note.id.is_empty() {
                continue;
            }
            let quote = note.target.quote.as_ref().map_or("", |q| q.exact.as_str());
            let title = format!("Reattach note on “{}” to the selection", shorten(quote));
            action(CodeAction {
                title: title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(s, finding)]),
                command: Some(Command {
                    title,
                    command: REATTACH_NOTE.to_string(),
                    arguments: Some(vec![json!({"uri": s.uri, "id": note.id, "range": range})]),
                }),
                ..Default::default()
            });
        }
    }
    if unkinded && let Some(add) = &prompts.add_note {
        action(CodeAction {
            title: "Add note…".to_string(),
            command: Some(Command {
                title: "Add note…".to_string(),
                command: add.clone(),
                arguments: Some(vec![json!({"uri": s.uri, "range": range})]),
            }),
            ..Default::default()
        });
    }
    out
}

/// A quote on one line, cut to `TITLE_QUOTE_CHARS` with `…`.
fn shorten(quote: &str) -> String {
    let line = quote.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= TITLE_QUOTE_CHARS {
        return line;
    }
    let cut: String = line.chars().take(TITLE_QUOTE_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_quotes_are_cut_on_one_line() {
        assert_eq!(shorten("twelve\n percent"), "twelve percent");
        let long = "word ".repeat(20);
        let cut = shorten(&long);
        assert!(
            cut.ends_with('…') && cut.chars().count() <= TITLE_QUOTE_CHARS,
            "{cut}"
        );
    }
}
