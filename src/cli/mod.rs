//! The command line: `serve` (the default), `check`, `claims`, `outline` and
//! `notes`.
//!
//! This file holds the clap definitions and hands each command to its module:
//! `check` (find files, analyse them in parallel, report), `claims` (every
//! figure of many files as a table, printed by `claim_formats`), `outline`
//! (one file's turns as a tree), `notes` (one file's notes and where each is),
//! with the renderers `human`, `json` and `sarif`
//! and the file finder `walk`. Exit statuses are the CI contract: 0 when
//! nothing is flagged, 1 when something is, 2 on a usage or IO error.

mod check;
mod claim_formats;
mod claims;
mod human;
mod json;
mod notes;
mod outline;
mod sarif;
mod tally;
mod walk;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analysis::Severity;
use crate::analysis::claims::Status;
use crate::figures::FigureKind;
use crate::reason::io_reason;
use crate::transcript::Format;

/// Something was flagged (`check`).
const EXIT_FLAGGED: u8 = 1;
/// A usage or IO error: a missing file, a file that is not UTF-8 text.
const EXIT_ERROR: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "transcript-ls",
    version,
    about = "A language server and checker for interview, briefing and hearing transcripts.",
    long_about = "A language server and checker for interview, briefing and hearing \
                  transcripts: an outline by question, and diagnostics on numeric figures \
                  that no citation covers.",
    after_help = "With no command, transcript-ls speaks the Language Server Protocol on \
                  stdin/stdout (the same as `transcript-ls serve`); logs go to stderr, \
                  filtered by TRANSCRIPT_LS_LOG (for example `debug`)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Accepted and ignored: LSP clients add it; stdio is the only transport.
    #[arg(long, hide = true, global = true)]
    stdio: bool,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Speak the Language Server Protocol on stdin/stdout (the default).
    Serve,
    /// Flag figures that no citation covers, like a compiler flags errors.
    ///
    /// Notes in each file's FILE.notes.json sidecar are read too: a note with
    /// a source or a review verdict covers its figures, and notes whose words
    /// were lost or changed are reported. Exit status: 0 when nothing is
    /// flagged (hints do not count), 1 when something is, 2 on a usage or IO
    /// error, a sidecar that is not valid JSON or a config file that is not
    /// TOML.
    Check(CheckArgs),
    /// List every figure, cited or not, with who said it, when, its status
    /// and its sentence; and which figures other files state differently.
    ///
    /// Files and folders are read as `check` reads them, notes included.
    /// Exit status: 0 when every file was read, 2 on a usage or IO error (a
    /// table is a list, not a gate: `check` is the gate).
    Claims(ClaimsArgs),
    /// Print the outline of a transcript: each question with its answers.
    Outline(OutlineArgs),
    /// List a transcript's notes (from FILE.notes.json) and where each now
    /// is: anchored, drifted (its words changed) or orphaned (not found).
    Notes(NotesArgs),
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// Files or directories to check. Directories are searched recursively,
    /// honouring .gitignore, for .txt .md .vtt .srt .transcript files (or
    /// the config's `include` globs); a file named here is always checked.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// Read settings from this file instead of the nearest transcript-ls.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Override the severity of a kind of figure, over any config file
    /// (`--severity spelled-count=off`). Kinds: count, money, percentage,
    /// multiplier, measure, fraction, spelled-count; levels: error, warning,
    /// information, hint, off.
    #[arg(long, value_name = "KIND=LEVEL", value_parser = parse_severity)]
    severity: Vec<(FigureKind, Severity)>,
    /// Read the input as this format, whatever its extension or content:
    /// plain, webvtt (vtt) or subrip (srt).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    format_in: Option<Format>,
}

#[derive(Debug, Args)]
struct ClaimsArgs {
    /// Files or directories, searched as `check` searches them.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// How to print the table.
    #[arg(long, value_enum, default_value_t = ClaimsFormat::Table)]
    format: ClaimsFormat,
    /// Read settings from this file instead of the nearest transcript-ls.toml.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Read the input as this format, whatever its extension or content:
    /// plain, webvtt (vtt) or subrip (srt).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    format_in: Option<Format>,
    /// Only the figures of this speaker, by any of their names (the full
    /// name or any label their turns carry), in any case.
    #[arg(long, value_name = "NAME")]
    speaker: Option<String>,
    /// Only figures of these statuses (repeat, or separate with commas):
    /// uncited, cited, reviewed, hint, ignored.
    #[arg(long, value_name = "STATUS", value_delimiter = ',', value_parser = parse_status)]
    status: Vec<Status>,
    /// Only figures of these kinds (repeat, or separate with commas):
    /// count, money, percentage, multiplier, measure, fraction,
    /// spelled-count.
    #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = parse_kind)]
    kind: Vec<FigureKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ClaimsFormat {
    /// Aligned columns for the terminal, with a summary line.
    Table,
    /// RFC 4180 CSV with a header row, for spreadsheets.
    Csv,
    /// The JSON report (version 1).
    Json,
    /// A Markdown pipe table, for a story memo.
    Markdown,
}

fn parse_status(arg: &str) -> Result<Status, String> {
    Status::from_name(arg.trim()).ok_or_else(|| {
        let names: Vec<_> = Status::ALL.iter().map(|s| s.as_str()).collect();
        format!(
            "unknown status `{arg}`, expected one of {}",
            names.join(", ")
        )
    })
}

fn parse_kind(arg: &str) -> Result<FigureKind, String> {
    FigureKind::from_name(arg.trim()).ok_or_else(|| {
        let kinds: Vec<_> = FigureKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind `{arg}`, expected one of {}", kinds.join(", "))
    })
}

fn parse_format(arg: &str) -> Result<Format, String> {
    Format::from_name(arg.trim()).ok_or_else(|| {
        format!("unknown format `{arg}`, expected plain, webvtt (vtt) or subrip (srt)")
    })
}

fn parse_severity(arg: &str) -> Result<(FigureKind, Severity), String> {
    let (kind, level) = arg
        .split_once('=')
        .ok_or_else(|| "expected KIND=LEVEL, such as spelled-count=off".to_string())?;
    let kind = FigureKind::from_name(kind.trim()).ok_or_else(|| {
        let kinds: Vec<_> = FigureKind::ALL.iter().map(|k| k.as_str()).collect();
        format!(
            "unknown kind `{kind}`, expected one of {}",
            kinds.join(", ")
        )
    })?;
    let level = Severity::from_name(level.trim()).ok_or_else(|| {
        format!("unknown level `{level}`, expected error, warning, information, hint or off")
    })?;
    Ok((kind, level))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// Compiler-style messages with the source line and a caret.
    Human,
    /// The JSON report (version 1).
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

#[derive(Debug, Args)]
struct OutlineArgs {
    /// The transcript to outline.
    #[arg(value_name = "FILE")]
    path: PathBuf,
    /// How to print the outline.
    #[arg(long, value_enum, default_value_t = OutlineFormat::Human)]
    format: OutlineFormat,
    /// Read the input as this format, whatever its extension or content:
    /// plain, webvtt (vtt) or subrip (srt).
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    format_in: Option<Format>,
    /// Also say which label shapes were looked for, how many lines had
    /// each, and which shape the document was read with.
    #[arg(long)]
    explain: bool,
}

#[derive(Debug, Args)]
struct NotesArgs {
    /// The transcript whose notes to list.
    #[arg(value_name = "FILE")]
    path: PathBuf,
    /// How to print the notes.
    #[arg(long, value_enum, default_value_t = NotesFormat::Human)]
    format: NotesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NotesFormat {
    /// One line per note: position, status, motivation, quote and text.
    Human,
    /// The JSON report (version 1).
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutlineFormat {
    /// An indented tree: questions with their answers beneath.
    Human,
    /// The JSON report (version 1): every turn in reading order.
    Json,
}

/// The three printers of `check` for one file, as plain functions of its
/// text and findings: what the benchmarks measure. Each costs the length of
/// what it prints, whatever the length of the file's lines.
pub mod print {
    use std::path::Path;

    use crate::analysis::Finding;
    use crate::notes::Note;

    /// The compiler-style text, in colour.
    pub fn human(path: &str, text: &str, findings: &[Finding]) -> String {
        super::human::render_file(path, text, findings, true)
    }

    /// The compiler-style text without colour, as a pipe or a file gets it.
    pub fn human_plain(path: &str, text: &str, findings: &[Finding]) -> String {
        super::human::render_file(path, text, findings, false)
    }

    /// The file's entry of the JSON report.
    pub fn json(path: &Path, text: &str, findings: &[Finding], notes: &[Note]) -> String {
        let file = super::json::check_file(path, text, findings, notes);
        serde_json::to_string(&file).expect("plain data serialises")
    }

    /// A SARIF log of the one file.
    pub fn sarif(path: &Path, text: &str, findings: &[Finding], notes: &[Note]) -> String {
        super::sarif::report(&[super::json::check_file(path, text, findings, notes)])
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            if let Some(hint) = serve_hint(std::io::stdin().is_terminal()) {
                eprintln!("{hint}");
            }
            crate::lsp::run_stdio()
        }
        Command::Check(args) => check::run(&args),
        Command::Claims(args) => claims::run(&args),
        Command::Outline(args) => outline::run(&args),
        Command::Notes(args) => notes::run(&args),
    }
}

/// What to say before serving on stdio, if anything. Someone who runs the
/// bare command at a terminal most likely wanted one of the others, and
/// would otherwise face a silent wait for protocol messages; an editor
/// (whose stdin is a pipe) hears nothing, its stderr being its log.
fn serve_hint(stdin_is_terminal: bool) -> Option<&'static str> {
    stdin_is_terminal.then_some(SERVE_HINT)
}

/// One line, so it reads as a note rather than a page of help.
const SERVE_HINT: &str = "transcript-ls: speaking the Language Server Protocol on stdin; \
                          run `transcript-ls --help` for the commands (check, claims, outline, notes)";

/// Reads a transcript as UTF-8 text, or says in a few words why it cannot:
/// the error is `PATH: reason`, ready to follow `transcript-ls: `.
fn read_text(path: &Path) -> Result<String, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: {}", path.display(), io_reason(&e)))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{}: not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    // Editors hide a byte-order mark; columns must not count it either.
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Prints `transcript-ls: MESSAGE` on stderr.
fn error(message: impl std::fmt::Display) {
    eprintln!("transcript-ls: {message}");
}

/// Prints `transcript-ls: error: FILE: reason` for a config file that cannot
/// be used: `error:` sets it apart from the warnings the same file can draw.
/// The files `paths` name (folders walked), each with its settings, once
/// the warnings met on the way are printed; or the exit status of a run
/// whose `--config` file cannot be used.
fn gather(
    paths: &[std::path::PathBuf],
    config: Option<&std::path::Path>,
    overrides: &walk::Overrides,
) -> Result<walk::Found, ExitCode> {
    let mut configs = walk::Configs::new(config, overrides).map_err(|e| {
        config_error(&e);
        ExitCode::from(EXIT_ERROR)
    })?;
    let found = walk::collect(paths, &mut configs);
    for w in &configs.warnings {
        warning(w);
    }
    for w in &found.warnings {
        warning(w);
    }
    Ok(found)
}

fn config_error(e: &crate::config::ConfigError) {
    error(format!("error: {e}"));
}

/// Prints `transcript-ls: warning: MESSAGE` on stderr.
fn warning(message: impl std::fmt::Display) {
    eprintln!("transcript-ls: warning: {message}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn no_command_means_serve() {
        let cli = Cli::try_parse_from(["transcript-ls"]).unwrap();
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["transcript-ls", "--stdio"]).unwrap();
        assert!(cli.command.is_none() && cli.stdio);
    }

    #[test]
    fn only_a_terminal_is_told_that_this_is_a_language_server() {
        assert_eq!(serve_hint(false), None);
        let hint = serve_hint(true).expect("a hint at a terminal");
        assert!(!hint.contains('\n'), "one line: {hint}");
        assert!(hint.contains("--help"), "{hint}");
        // It names every command but the one it is running.
        let commands: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .filter(|name| name != "serve")
            .collect();
        assert_eq!(
            hint.split_once("(")
                .and_then(|(_, rest)| rest.strip_suffix(")")),
            Some(commands.join(", ").as_str()),
            "{hint}"
        );
    }

    #[test]
    fn severity_overrides_name_a_kind_and_a_level() {
        assert_eq!(
            parse_severity("spelled-count=off"),
            Ok((FigureKind::SpelledCount, Severity::Off))
        );
        assert_eq!(
            parse_severity("money = error"),
            Ok((FigureKind::Money, Severity::Error))
        );
        assert!(parse_severity("money").unwrap_err().contains("KIND=LEVEL"));
        assert!(
            parse_severity("cash=off")
                .unwrap_err()
                .contains("unknown kind `cash`")
        );
        assert!(
            parse_severity("money=loud")
                .unwrap_err()
                .contains("unknown level")
        );
    }
}
