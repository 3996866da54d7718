//! A benchmark of `transcript-ls check` and `transcript-ls claims` over
//! about 100 MB of transcripts on disk, side by side with `grep -c '[0-9]'`
//! over the same files in the same run, so the ratios between them mean
//! something on a busy machine too: grep reads every byte and looks at each
//! for a digit, the least any check for figures can do; `claims` reads and
//! analyses every file as `check` does, also lists every figure (cited or
//! not) with its sentence, and compares them all across the files, which
//! needs every file's figures before its first row can be printed.
//!
//! The files are generated press conferences (`tests/support/press.rs`),
//! each from its own seed, in a temporary folder: a few large ones (as a
//! day of hearings is one file) and many small ones (as a folder of
//! interviews is), so both the spreading of one file over the cores and of
//! many files over them are measured. Their counts of the same nouns with
//! other values in every file make large groups of disagreeing figures:
//! the comparison's worst case. Both commands run the release binary as CI
//! would, with their default output going to `/dev/null`, and grep counts
//! matching lines per file. Run with `cargo bench --bench check`; the goals
//! are check within 3× of grep and claims within 1.5× of check.

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

fn check_vs_grep(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let bytes = press::write_folder(dir.path());
    let command = |name: &str| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_transcript-ls"));
        command.arg(name).arg(dir.path());
        command
    };
    let grep = || {
        let mut command = Command::new("grep");
        command.args(["-rc", "[0-9]"]).arg(dir.path());
        command
    };
    // All must have read everything: check flags figures (status 1), claims
    // lists them (status 0), grep finds digits (status 0).
    assert_eq!(run(&mut command("check")), 1, "check found figures");
    assert_eq!(run(&mut command("claims")), 0, "claims read every file");
    assert_eq!(run(&mut grep()), 0, "grep found digits");

    let mut group = c.benchmark_group(format!("check/{}MB", bytes >> 20));
    group
        .throughput(Throughput::Bytes(bytes))
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(10));
    group.bench_function("grep -c [0-9]", |b| b.iter(|| run(&mut grep())));
    group.bench_function("check", |b| b.iter(|| run(&mut command("check"))));
    group.bench_function("claims", |b| b.iter(|| run(&mut command("claims"))));
    group.finish();
}

criterion_group!(benches, check_vs_grep);
criterion_main!(benches);
