//! `cargo fuzz run --fuzz-dir tests/fuzz positions`: the `positions` target of
//! `../targets.rs` under coverage-guided fuzzing.

#![no_main]

#[path = "../targets.rs"]
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::position_conversions(data));
