//! Benchmarks of printing `check`'s findings: one long line and many short
//! ones, in each format.
//!
//! The same speech (`We sold 12 boxes and 7 crates.` and its like, two
//! figures a sentence) is laid out as one line, as a caption dump or a
//! pasted document gives it, and as one sentence a line. Printing must cost
//! the length of what is printed: the one-line case at 512 KB takes about
//! eight times the 64 KB one, not sixty-four.
//! A third group prints a file whose speech is one line of 10 MB (half a
//! million findings) in each format, as `check` writes them to a pipe.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// The allocator the binary ships with (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use transcript_ls::analysis::{Analysis, Settings};
use transcript_ls::cli::print;

/// About `len` bytes of speech by one labelled speaker; sentences parted by
/// `separator` (a space: one line; a line break: a line each).
fn speech(len: usize, separator: &str) -> String {
    const THINGS: &[&str] = &["boxes", "crates", "vans", "clinics", "schools"];
    let mut text = String::from("A: ");
    let mut i = 0;
    while text.len() < len {
        text.push_str(&format!(
            "We sold {} {} and {} {}.{separator}",
            12 + i % 90,
            THINGS[i % THINGS.len()],
            3 + i % 7,
            THINGS[(i + 2) % THINGS.len()],
        ));
        i += 1;
    }
    text.push('\n');
    text
}

fn printing(c: &mut Criterion) {
    let mut group = c.benchmark_group("print");
    group.sample_size(10);
    for (layout, separator) in [("one-line", " "), ("lines", "\nA: ")] {
        for kb in [64, 512] {
            let text = speech(kb * 1024, separator);
            let analysis = Analysis::new(&text, &Settings::default());
            let findings = analysis.findings();
            assert!(findings.len() > kb * 20, "two figures a sentence");
            group.throughput(Throughput::Bytes(text.len() as u64));
            let id =
                |format: &str| BenchmarkId::new(format!("{format}/{layout}"), format!("{kb}KB"));
            group.bench_function(id("human"), |b| {
                b.iter(|| print::human("talk.txt", &text, findings).len())
            });
            group.bench_function(id("json"), |b| {
                b.iter(|| print::json(Path::new("talk.txt"), &text, findings, &[]).len())
            });
            group.bench_function(id("sarif"), |b| {
                b.iter(|| print::sarif(Path::new("talk.txt"), &text, findings, &[]).len())
            });
        }
    }
    group.finish();

    let mut group = c.benchmark_group("print-10MB-line");
    group.sample_size(10);
    let text = speech(10 * 1024 * 1024, " ");
    let analysis = Analysis::new(&text, &Settings::default());
    let findings = analysis.findings();
    assert!(findings.len() > 400_000, "two figures a sentence");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("human", |b| {
        b.iter(|| print::human_plain("talk.txt", &text, findings).len())
    });
    group.bench_function("json", |b| {
        b.iter(|| print::json(Path::new("talk.txt"), &text, findings, &[]).len())
    });
    group.bench_function("sarif", |b| {
        b.iter(|| print::sarif(Path::new("talk.txt"), &text, findings, &[]).len())
    });
    group.finish();
}

criterion_group!(benches, printing);
criterion_main!(benches);
