//! A benchmark of `transcript-ls claims` over about 100 MB of transcripts
//! on disk, side by side with `check` over the same files in the same run,
//! so the ratio between them can be read on a busy machine too: both read
//! and analyse every file; `claims` also lists every figure (cited or not)
//! with its sentence and compares them all across the files, which needs
//! every file's figures before its first row can be printed.
//!
//! The files are the ones `check`'s benchmark reads (`press::write_folder`:
//! a few large files and many small ones), whose counts of the same nouns
//! with other values in every file make large groups of disagreeing
//! figures: the comparison's worst case. Both run the release binary with
//! their default (terminal) output going to `/dev/null`. Run with `cargo
//! bench --bench claims`; the goal is claims within 1.5× of check.

use std::process::{Command, Stdio};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

#[path = "../support/press.rs"]
mod press;

/// Runs `command` with its output thrown away; returns its exit status code.
fn run(command: &mut Command) -> i32 {
    command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("the command runs")
        .code()
        .unwrap_or(-1)
}

fn claims_vs_check(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bytes = press::write_folder(dir.path());
    let command = |name: &str| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_transcript-ls"));
        command.arg(name).arg(dir.path());
        command
    };
    // Both must have read everything: check flags figures (status 1),
    // claims lists them (status 0).
    assert_eq!(run(&mut command("check")), 1, "check found figures");
    assert_eq!(run(&mut command("claims")), 0, "claims read every file");

    let mut group = c.benchmark_group(format!("claims/{}MB", bytes >> 20));
    group
        .throughput(Throughput::Bytes(bytes))
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("check", |b| b.iter(|| run(&mut command("check"))));
    group.bench_function("claims", |b| b.iter(|| run(&mut command("claims"))));
    group.finish();
}

criterion_group!(benches, claims_vs_check);
criterion_main!(benches);
