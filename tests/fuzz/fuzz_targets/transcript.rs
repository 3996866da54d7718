//! `cargo fuzz run --fuzz-dir tests/fuzz transcript`: the `transcript` target of
//! `../targets.rs` under coverage-guided fuzzing.

#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::transcript_parser(data));
