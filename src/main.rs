//! The `transcript-ls` binary: a language server on stdio by default, and the
//! `check` / `outline` commands for the terminal and CI. All the work happens
//! in the library; this file only hands over to the command line.

fn main() -> std::process::ExitCode {
    transcript_ls::cli::main()
}
