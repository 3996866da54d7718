//! The fuzz targets on the stable toolchain: every input kept in
//! `tests/fuzz/corpus/<target>/` (seeds, and the crashes found so far as
//! regressions) is run through its target, then proptest feeds each target
//! random bytes and mutations of its corpus. `cargo fuzz` runs the same
//! bodies (`tests/fuzz/targets.rs`) with coverage guidance where nightly is
//! installed; this runner keeps the gate when it is not.
//!
//! `FUZZ_CASES` sets how many generated inputs each target gets (256 by
//! default, so `cargo test` stays quick; `.ci/run` raises it when it has
//! no nightly toolchain).

#[path = "fuzz/targets.rs"]
mod targets;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

fn corpus_dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target)
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = corpus_dir(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a corpus entry").path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read(f).expect("readable"))
        .collect()
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(256)
}

/// Random bytes, text-like bytes, and corpus entries with bytes flipped,
/// inserted, removed or spliced in from another entry.
fn inputs(seeds: Vec<Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    let pick = proptest::sample::select(seeds.clone());
    let other = proptest::sample::select(seeds);
    let mutations = prop::collection::vec((any::<u16>(), any::<u8>(), 0u8..4), 0..12);
    let mutated = (pick, other, mutations).prop_map(|(mut bytes, other, muts)| {
        for (at, byte, op) in muts {
            let i = if bytes.is_empty() {
                0
            } else {
                at as usize % (bytes.len() + 1)
            };
            match op {
                0 if i < bytes.len() => bytes[i] = byte,
                1 => bytes.insert(i, byte),
                2 if i < bytes.len() => {
                    bytes.remove(i);
                }
                _ => {
                    let from = (byte as usize) % (other.len() + 1);
                    let piece = &other[from..other.len().min(from + 16)];
                    bytes.splice(i..i, piece.iter().copied());
                }
            }
        }
        bytes
    });
    let text = "[A-Za-z0-9 :.,%$€£’😀\\[\\]{}\"\\n\\r\\\\^@#-]{0,200}".prop_map(String::into_bytes);
    prop_oneof![
        4 => mutated,
        2 => text,
        1 => prop::collection::vec(any::<u8>(), 0..300),
    ]
}

fn run(name: &str) {
    let body = targets::TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .expect("a target");
    let seeds = corpus(name);
    assert!(!seeds.is_empty(), "{name} has a corpus");
    for seed in &seeds {
        body(seed);
    }
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&inputs(seeds), |bytes| {
        std::panic::catch_unwind(|| body(&bytes))
            .map_err(|_| TestCaseError::fail(format!("{name} panicked")))
    });
    if let Err(e) = result {
        panic!("{name}: {e}");
    }
}

#[test]
fn every_target_has_a_harness_and_a_corpus() {
    let harnesses = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/fuzz_targets");
    for (name, _) in targets::TARGETS {
        assert!(harnesses.join(format!("{name}.rs")).is_file(), "{name}");
        assert!(!corpus(name).is_empty(), "{name}");
    }
}

#[test]
fn fuzz_transcript() {
    run("transcript");
}

#[test]
fn fuzz_figures() {
    run("figures");
}

#[test]
fn fuzz_citations() {
    run("citations");
}

#[test]
fn fuzz_sidecar_read() {
    run("sidecar_read");
}

#[test]
fn fuzz_sidecar_edit() {
    run("sidecar_edit");
}

#[test]
fn fuzz_positions() {
    run("positions");
}

#[test]
fn fuzz_transport() {
    run("transport");
}
