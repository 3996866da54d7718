//! Benchmarks of the analysis on a generated 10 MB transcript.
//!
//! The transcript is the generated press conference of
//! `tests/support/press.rs` (the LSP benchmarks and the large tests read
//! the same text): timestamped `NAME:` labels, questions and answers, and
//! speech full of figures, years, codes and citations.
//!
//! - `outline`: parsing the turns and building the outline by question, what
//!   an editor's document outline costs.
//! - `analysis`: the whole analysis (turns, figures, citations, findings),
//!   what opening a document costs.
//! - `one-character edit`: the analysis after one character is typed in the
//!   middle, from the analysis before it (`Analysis::after_edit`), what each
//!   keystroke in an open document costs.
//!
//! All report throughput (MB/s). Run with `cargo bench`; the samples are kept
//! few so the run ends within a minute.

use std::time::Duration;

/// The allocator the binary ships with (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use transcript_ls::analysis::{Analysis, Settings};
use transcript_ls::transcript;

#[path = "../support/press.rs"]
mod press;

/// About 10 MB.
const TARGET_BYTES: usize = 10 * 1024 * 1024;

fn benches(c: &mut Criterion) {
    let text = press::press_conference(TARGET_BYTES);
    let settings = Settings::default();
    let mut group = c.benchmark_group("10MB");
    group
        .throughput(Throughput::Bytes(text.len() as u64))
        .sample_size(10)
        // Each iteration takes a good part of a second: the same number of
        // iterations per sample keeps the run short and criterion quiet.
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));

    // The outline needs only the turns: reuse an analysis shell and give it a
    // freshly parsed transcript each time, so figures are not counted here.
    let mut shell = Analysis::new("", &settings);
    group.bench_function("outline", |b| {
        b.iter(|| {
            shell.transcript = transcript::parse(&text);
            shell.outline(&text)
        })
    });
    group.bench_function("analysis", |b| b.iter(|| Analysis::new(&text, &settings)));
    // One character typed in the middle: the turns and findings are redone,
    // the figures of every turn the edit did not touch are reused.
    let base = Analysis::new(&text, &settings);
    let mut middle = text.len() / 2;
    while !text.is_char_boundary(middle) {
        middle += 1;
    }
    let edited = format!("{}7{}", &text[..middle], &text[middle..]);
    group.bench_function("one-character edit", |b| {
        b.iter(|| base.after_edit(&text, &edited, &[], Vec::new(), &settings))
    });
    group.finish();
}

criterion_group!(analysis, benches);
criterion_main!(analysis);
