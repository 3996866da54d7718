//! `cargo fuzz run --fuzz-dir tests/fuzz figures`: the `figures` target of
//! `../targets.rs` under coverage-guided fuzzing.

#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::figure_detection(data));
