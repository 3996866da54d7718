//! `cargo fuzz run --fuzz-dir tests/fuzz sidecar_read`: the `sidecar_read` target of
//! `../targets.rs` under coverage-guided fuzzing.

#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::sidecar_reader(data));
