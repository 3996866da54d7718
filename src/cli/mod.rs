//! The command line: `serve` (the default), `check` and `outline`.

mod json;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::Analysis;
use crate::config::Config;

#[derive(Debug, Parser)]
#[command(name = "transcript-ls", version, about)]
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
    /// Flag uncited figures in transcripts.
    Check {
        /// Files or directories to check.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print the outline of a transcript: its turns, by question.
    Outline {
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::lsp::run_stdio(),
        Command::Check { paths, format } => check(&paths, format),
        Command::Outline { path, format } => outline(&path, format),
    }
}

fn read(path: &std::path::Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))
}

fn check(paths: &[PathBuf], _format: Format) -> ExitCode {
    let config = Config::default();
    let mut files = Vec::new();
    for path in paths {
        let text = match read(path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("transcript-ls: {e}");
                return ExitCode::from(2);
            }
        };
        let analysis = Analysis::new(&text, &config.analysis);
        files.push(json::check_file(path, &text, &analysis));
    }
    let flagged = files.iter().any(|f| !f.diagnostics.is_empty());
    println!("{}", json::check_report(files));
    ExitCode::from(if flagged { 1 } else { 0 })
}

fn outline(path: &std::path::Path, _format: Format) -> ExitCode {
    let text = match read(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("transcript-ls: {e}");
            return ExitCode::from(2);
        }
    };
    let analysis = Analysis::new(&text, &Config::default().analysis);
    println!("{}", json::outline_report(path, &text, &analysis));
    ExitCode::SUCCESS
}
