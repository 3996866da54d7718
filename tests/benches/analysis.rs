//! Benchmarks of the whole analysis on generated transcripts.

use criterion::{Criterion, criterion_group, criterion_main};

fn analysis(c: &mut Criterion) {
    let text = "Q: How many?\nA: Twelve.\n".repeat(1000);
    let settings = transcript_ls::analysis::Settings::default();
    c.bench_function("analysis/small", |b| {
        b.iter(|| transcript_ls::analysis::Analysis::new(&text, &settings))
    });
}

criterion_group!(benches, analysis);
criterion_main!(benches);
