//! The `transcript-ls` binary: a language server on stdio by default, and the
//! `check` / `outline` commands for the terminal and CI. All the work happens
//! in the library; this file only hands over to the command line.

/// mimalloc rather than the system allocator: an analysis builds many small
/// strings and vectors per turn and per figure and drops the previous
/// version's as each edit arrives, and glibc's allocator spent a third of
/// the outline's time on them. The benchmarks use it too, to measure what
/// ships.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    transcript_ls::cli::main()
}
