//! transcript-ls: a language server and command-line checker for transcripts
//! of interviews, briefings, hearings, podcasts and captions.
//!
//! The crate has a pure core and a shell around it. The core (`text`,
//! `transcript`, `figures`, `citations`, `notes`, `analysis`) is synchronous Rust over
//! `&str` and byte offsets: no IO, no async, no protocol types, and it never
//! fails on odd input. The shell (`config`, `sidecar`, `walk`, `cli`, `lsp`,
//! `reason`) reads files, finds the transcripts of a folder, speaks LSP and
//! renders output, converting positions only at its edge.

// The pure core.
pub mod analysis;
pub mod citations;
pub mod figures;
pub mod notes;
pub mod text;
pub mod transcript;

// The shell: IO, configuration and protocols.
pub mod cli;
pub mod config;
pub mod lsp;
pub mod reason;
pub mod sidecar;
pub mod walk;
