//! Conversions between the analysis and the protocol.
//!
//! Inside, everything is a byte span into one version of the text; the
//! protocol speaks lines and columns in the negotiated encoding. Every
//! conversion goes through the snapshot's `crate::text::LineIndex` (the one
//! the command line uses too), and every analysis result is turned into its
//! protocol shape here, so the handlers stay a few lines long.

use std::collections::HashMap;

use tower_lsp_server::ls_types::*;

use super::document::Change;
use super::notes;
use super::state::Snapshot;
use crate::analysis::{Finding, Fix, HoverInfo, OutlineItem, OutlineKind, Severity};
use crate::config::{ConfigError, ConfigErrorKind};
use crate::text::{Encoding, LineCol, LineIndex, Span};

/// The encoding both sides agreed on: UTF-8 when the client offers it (no
/// counting at all), else the protocol's default, UTF-16.
pub fn negotiate_encoding(offered: Option<&[PositionEncodingKind]>) -> Encoding {
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

pub fn encoding_kind(enc: Encoding) -> PositionEncodingKind {
    match enc {
        Encoding::Utf8 => PositionEncodingKind::UTF8,
        Encoding::Utf16 => PositionEncodingKind::UTF16,
        Encoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

pub fn line_col(pos: Position) -> LineCol {
    LineCol {
        line: pos.line,
        col: pos.character,
    }
}

/// A `didChange` content change as the document applies it.
pub fn change(event: TextDocumentContentChangeEvent) -> Change {
    Change {
        range: event.range.map(|r| (line_col(r.start), line_col(r.end))),
        text: event.text,
    }
}

pub fn position(s: &Snapshot, offset: usize) -> Position {
    let lc = s.index.line_col(&s.text, offset, s.encoding);
    Position::new(lc.line, lc.col)
}

pub fn range(s: &Snapshot, span: &Span) -> Range {
    Range::new(position(s, span.start), position(s, span.end))
}

/// The range of a span of another text than the snapshot's (the other side
/// of a transcript and its sidecar).
pub fn range_in(index: &LineIndex, text: &str, encoding: Encoding, span: &Span) -> Range {
    let at = |offset: usize| {
        let lc = index.line_col(text, offset, encoding);
        Position::new(lc.line, lc.col)
    };
    Range::new(at(span.start), at(span.end))
}

/// The byte offset of a position; `None` for a line past the end.
pub fn offset(s: &Snapshot, pos: Position) -> Option<usize> {
    s.index.offset(&s.text, line_col(pos), s.encoding)
}

/// The byte span of a range, its ends clamped into the text and in order.
pub fn span(s: &Snapshot, r: Range) -> Span {
    let start = s
        .index
        .offset_clamped(&s.text, line_col(r.start), s.encoding);
    let end = s.index.offset_clamped(&s.text, line_col(r.end), s.encoding);
    start.min(end)..end.max(start)
}

pub const SOURCE: &str = "transcript-ls";

/// The code of the diagnostic on a config file that cannot be used. It is
/// no `FindingCode`: it is about the settings, not about a transcript.
pub const CONFIG_INVALID: &str = "config-invalid";

/// The diagnostic on a config file that cannot be used: at the TOML error
/// when there is one, else at the file's start.
pub fn config_diagnostic(error: &ConfigError, encoding: Encoding) -> Diagnostic {
    let (range, reason) = match &error.kind {
        ConfigErrorKind::Syntax(e) => {
            let span = e.span.clone().unwrap_or(0..0);
            let index = LineIndex::new(&e.text);
            let range = range_in(&index, &e.text, encoding, &span);
            (range, format!("not valid TOML: {}", e.message))
        }
        ConfigErrorKind::Unreadable(why) => (Range::default(), format!("cannot be read: {why}")),
    };
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String(CONFIG_INVALID.to_string())),
        source: Some(SOURCE.to_string()),
        message: format!("{reason}; transcripts here are analysed with the default settings"),
        ..Default::default()
    }
}

fn severity(s: Severity) -> Option<DiagnosticSeverity> {
    match s {
        Severity::Error => Some(DiagnosticSeverity::ERROR),
        Severity::Warning => Some(DiagnosticSeverity::WARNING),
        Severity::Information => Some(DiagnosticSeverity::INFORMATION),
        Severity::Hint => Some(DiagnosticSeverity::HINT),
        Severity::Off => None,
    }
}

pub fn diagnostic(s: &Snapshot, finding: &Finding) -> Diagnostic {
    // A finding about a note points at the note in the sidecar.
    let related = finding
        .note
        .zip(s.sidecar.as_ref())
        .and_then(|(i, view)| notes::entry_location(view, i, s.encoding))
        .map(|location| {
            vec![DiagnosticRelatedInformation {
                location,
                message: "the note".to_string(),
            }]
        })
        // A stub citation is pointed at where it is.
        .or_else(|| {
            let stub = finding.related.as_ref()?;
            Some(vec![DiagnosticRelatedInformation {
                location: Location::new(s.uri.clone(), range(s, &stub.span)),
                message: stub.message.clone(),
            }])
        });
    Diagnostic {
        range: range(s, &finding.span),
        severity: severity(finding.severity),
        code: Some(NumberOrString::String(finding.code.as_str().to_string())),
        source: Some(SOURCE.to_string()),
        message: finding.message.clone(),
        related_information: related,
        ..Default::default()
    }
}

/// The diagnostics of a snapshot: none for a file the configuration excludes.
pub fn diagnostics(s: &Snapshot) -> Vec<Diagnostic> {
    each_diagnostic(s).collect()
}

/// The diagnostics of a snapshot one at a time, so a long list can be
/// serialised without being held whole.
pub fn each_diagnostic(s: &Snapshot) -> Box<dyn Iterator<Item = Diagnostic> + '_> {
    if let Some(file) = &s.notes_file {
        return Box::new(notes::sidecar_diagnostics(s, file).into_iter());
    }
    if !s.checked {
        return Box::new(std::iter::empty());
    }
    let findings = s
        .analysis
        .findings()
        .iter()
        .filter(|f| f.severity != Severity::Off)
        .map(|f| diagnostic(s, f));
    Box::new(unread_notes(s).into_iter().chain(findings))
}

/// On the first line of a transcript whose sidecar could not be read: why,
/// pointing at the sidecar. The transcript was analysed without its notes.
fn unread_notes(s: &Snapshot) -> Option<Diagnostic> {
    let view = s.sidecar.as_ref()?;
    let (code, why) = view.parsed.unread()?;
    let name = view.path.file_name().map_or_else(
        || view.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let finding = crate::sidecar::findings::on_transcript(&s.text, &name, code, &why);
    let mut d = diagnostic(s, &finding);
    if let Some(uri) = view.uri() {
        d.related_information = Some(vec![DiagnosticRelatedInformation {
            location: Location::new(uri, Range::default()),
            message: "the notes file".into(),
        }]);
    }
    Some(d)
}

pub fn document_symbols(s: &Snapshot) -> Vec<DocumentSymbol> {
    s.analysis
        .outline(&s.text)
        .iter()
        .map(|item| document_symbol(s, item))
        .collect()
}

#[allow(deprecated)] // `deprecated` must be spelled out to build the struct.
fn document_symbol(s: &Snapshot, item: &OutlineItem) -> DocumentSymbol {
    let range = range(s, &item.span);
    // The label lies within the entry; clamp anyway so a client never sees a
    // selection outside its range.
    let mut selection_range = self::range(s, &item.selection);
    if selection_range.start < range.start || selection_range.end > range.end {
        selection_range = Range::new(range.start, range.start);
    }
    let children: Vec<DocumentSymbol> = item
        .children
        .iter()
        .map(|c| document_symbol(s, c))
        .collect();
    DocumentSymbol {
        name: if item.name.trim().is_empty() {
            "(empty)".to_string()
        } else {
            item.name.clone()
        },
        detail: item.detail.clone(),
        kind: symbol_kind(item.kind),
        tags: None,
        deprecated: None,
        range,
        selection_range,
        children: (!children.is_empty()).then_some(children),
    }
}

fn symbol_kind(kind: OutlineKind) -> SymbolKind {
    match kind {
        OutlineKind::Question => SymbolKind::NAMESPACE,
        OutlineKind::Answer => SymbolKind::STRING,
        OutlineKind::Turn => SymbolKind::EVENT,
    }
}

/// Folding ranges by line; an entry on a single line folds nothing.
pub fn folding_ranges(s: &Snapshot) -> Vec<FoldingRange> {
    let mut out: Vec<FoldingRange> = s
        .analysis
        .folding_ranges()
        .iter()
        .filter_map(|span| fold_lines(&s.index, &s.text, span))
        .map(|(start_line, end_line)| FoldingRange {
            start_line,
            end_line,
            kind: Some(FoldingRangeKind::Region),
            ..Default::default()
        })
        .collect();
    out.dedup_by_key(|r| (r.start_line, r.end_line));
    out
}

/// The first and last line of a span, if they differ. A span ending at the
/// start of a line (after its line break) ends on the line before.
fn fold_lines(index: &LineIndex, text: &str, span: &Span) -> Option<(u32, u32)> {
    let start = index.line_of(span.start);
    let mut end = index.line_of(span.end);
    if end > start && index.line_col(text, span.end, Encoding::Utf8).col == 0 {
        end -= 1;
    }
    (end > start).then_some((start as u32, end as u32))
}

pub fn hover(s: &Snapshot, info: HoverInfo) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: info.markdown,
        }),
        range: Some(range(s, &info.span)),
    }
}

/// A fix as a quick fix that carries its own edit (no command round trip),
/// addressed to the snapshot's version when the client takes versioned edits.
pub fn code_action(s: &Snapshot, fix: &Fix, versioned: bool) -> CodeAction {
    let edits: Vec<TextEdit> = fix
        .edits
        .iter()
        .map(|e| TextEdit::new(range(s, &e.span), e.text.clone()))
        .collect();
    let edit = if versioned {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: s.uri.clone(),
                    version: Some(s.version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..Default::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(s.uri.clone(), edits)])),
            ..Default::default()
        }
    };
    let diagnostics = fix
        .finding
        .and_then(|i| s.analysis.findings().get(i))
        .map(|f| vec![diagnostic(s, f)]);
    CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics,
        edit: Some(edit),
        is_preferred: Some(fix.preferred),
        ..Default::default()
    }
}

/// The questions of a snapshot whose name or asker holds every word of the
/// query (case-insensitively); an empty query matches every question.
pub fn workspace_symbols(s: &Snapshot, query: &str) -> Vec<WorkspaceSymbol> {
    let mut out = Vec::new();
    for item in s.analysis.outline(&s.text) {
        if item.kind != OutlineKind::Question {
            continue;
        }
        let haystack = format!("{} {}", item.name, item.detail.as_deref().unwrap_or(""));
        if matches_query(query, &haystack) {
            out.push(WorkspaceSymbol {
                name: item.name.clone(),
                kind: symbol_kind(item.kind),
                tags: None,
                container_name: item.detail.clone(),
                location: OneOf::Left(Location::new(s.uri.clone(), range(s, &item.selection))),
                data: None,
            });
        }
    }
    out
}

/// Whether every word of the query occurs in `haystack`, ignoring case.
fn matches_query(query: &str, haystack: &str) -> bool {
    let haystack = haystack.to_lowercase();
    query
        .split_whitespace()
        .all(|w| haystack.contains(&w.to_lowercase()))
}

/// The last segment of a URI's path, percent-decoded, as a message names
/// the file (`my%20talk.txt` is `my talk.txt`).
pub fn file_name(uri: &Uri) -> String {
    let path = uri.path().as_str();
    let name = path.rsplit('/').next().unwrap_or(path);
    let bytes = name.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        // A broken escape stays as written.
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_config_error_is_marked_where_the_toml_breaks_in_the_clients_columns() {
        let mut config = crate::config::Config::default();
        // The error (after the value) follows characters of every width.
        let text = "# settings\nname = \"é😀\" more\n";
        let syntax = config.apply_toml(text, "t.toml").unwrap_err();
        let error = ConfigError {
            path: "t.toml".into(),
            kind: ConfigErrorKind::Syntax(syntax.clone()),
        };
        let span = syntax.span.clone().expect("a span");
        let start = |enc| {
            let d = config_diagnostic(&error, enc);
            assert_eq!(
                d.code,
                Some(NumberOrString::String("config-invalid".into()))
            );
            assert_eq!(d.severity, Some(DiagnosticSeverity::ERROR));
            (d.range.start.line, d.range.start.character)
        };
        let before = &text[text.find('\n').unwrap() + 1..span.start];
        assert!(before.contains('😀'), "{before:?}");
        assert_eq!(start(Encoding::Utf8), (1, before.len() as u32));
        assert_eq!(
            start(Encoding::Utf16),
            (1, before.encode_utf16().count() as u32)
        );

        let unreadable = ConfigError {
            path: "t.toml".into(),
            kind: ConfigErrorKind::Unreadable("permission denied".into()),
        };
        let d = config_diagnostic(&unreadable, Encoding::Utf16);
        assert_eq!(d.range, Range::default());
        assert!(
            d.message.starts_with("cannot be read: permission denied"),
            "{}",
            d.message
        );
    }

    #[test]
    fn a_span_ending_after_a_line_break_folds_to_the_line_before() {
        let text = "Q: a\nb\nA: c\r\nd\n";
        let index = LineIndex::new(text);
        let answer = text.find("A:").unwrap();
        assert_eq!(fold_lines(&index, text, &(0..answer)), Some((0, 1)));
        assert_eq!(
            fold_lines(&index, text, &(answer..text.len())),
            Some((2, 3))
        );
        assert_eq!(
            fold_lines(&index, text, &(0..4)),
            None,
            "one line folds nothing"
        );
    }

    #[test]
    fn questions_match_every_word_of_the_query_in_any_case() {
        let q = "How many MASKS were shipped? Anna Lee";
        assert!(matches_query("masks", q));
        assert!(matches_query("Shipped masks", q));
        assert!(matches_query("anna", q));
        assert!(matches_query("", q));
        assert!(!matches_query("masks trains", q));
    }

    #[test]
    fn utf8_is_taken_only_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(negotiate_encoding(Some(&both)), Encoding::Utf8);
        assert_eq!(negotiate_encoding(Some(&both[..1])), Encoding::Utf16);
        assert_eq!(negotiate_encoding(None), Encoding::Utf16);
    }
}
