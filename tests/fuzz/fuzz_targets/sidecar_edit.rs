//! `cargo fuzz run --fuzz-dir tests/fuzz sidecar_edit`: the `sidecar_edit` target of
//! `../targets.rs` under coverage-guided fuzzing.

#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::sidecar_edits(data));
