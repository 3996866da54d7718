//! Benchmarks of anchoring: 10,000 notes against a 10 MB transcript.
//!
//! The transcript is generated (pseudo-words from syllables, questions and
//! answers, a few numbers), the notes quote random spans of it. Three cases:
//! the text as the notes were written, the text after a line was inserted at
//! the top (every recorded position stale), and after 100 quotes were edited
//! inside (100 notes drift, found near where they were). Two more cost
//! the most: 100 quotes deleted (orphans, each searched for in the whole
//! text) and a figure changed under 100 notes (found with numbers masked).

use criterion::{Criterion, criterion_group, criterion_main};

/// The allocator the binary ships with (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use transcript_ls::notes::{Note, NoteKind, Stamp, anchor_all, target_for};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn transcript(rng: &mut Rng, len: usize) -> String {
    const SYLLABLES: &[&str] = &[
        "ka", "lo", "mi", "ren", "sto", "val", "der", "pri", "ces", "na", "tion", "ex", "port",
        "wa", "ges", "in", "fla", "bor", "der", "mar", "ket", "se", "cu", "ri", "ty",
    ];
    let mut text = String::with_capacity(len + 200);
    while text.len() < len {
        text.push_str(if rng.below(2) == 0 { "Q: " } else { "A: " });
        for _ in 0..5 + rng.below(30) {
            match rng.below(12) {
                0 => text.push_str(&format!("{}.{}", rng.below(100), rng.below(10))),
                _ => (0..1 + rng.below(3))
                    .for_each(|_| text.push_str(SYLLABLES[rng.below(SYLLABLES.len())])),
            }
            text.push(' ');
        }
        text.push_str(".\n");
    }
    text
}

fn notes(rng: &mut Rng, text: &str, count: usize) -> Vec<Note> {
    let stamp = Stamp {
        now: "2026-01-01T00:00:00Z".into(),
        creator: None,
    };
    let mut notes: Vec<Note> = (0..count)
        .map(|i| {
            let start = rng.below(text.len() - 100);
            let len = 8 + rng.below(50);
            Note::new(
                format!("urn:uuid:{i}"),
                NoteKind::Comment("c".into()),
                target_for(text, start..start + len),
                &stamp,
            )
        })
        .collect();
    notes.sort_by_key(|n| n.target.position.as_ref().map(|p| p.start));
    notes
}

fn anchoring(c: &mut Criterion) {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let text = transcript(&mut rng, 10_000_000);
    let notes = notes(&mut rng, &text, 10_000);
    let shifted = format!("Q: A question added at the top.\n{text}");
    let mut drifted = text.clone();
    let mut at: Vec<usize> = (0..100)
        .map(|i| {
            let p = notes[i * 97].target.position.clone().unwrap();
            p.start + (p.end - p.start) / 2
        })
        .collect();
    at.sort_unstable();
    at.dedup();
    for &p in at.iter().rev() {
        drifted.insert_str(p, "mm");
    }
    // Orphans cost the most: each is looked for in the whole text, exactly,
    // approximately and with its numbers masked, before it is given up.
    let span_of = |n: &Note| n.target.position.clone().unwrap();
    let mut deleted = text.clone();
    let mut gone: Vec<std::ops::Range<usize>> =
        (0..100).map(|i| span_of(&notes[i * 97 + 13])).collect();
    gone.sort_by_key(|r| r.start);
    gone.dedup_by(|b, a| b.start < a.end);
    for r in gone.iter().rev() {
        deleted.replace_range(r.clone(), "");
    }
    // A figure corrected under each of 100 notes that quote one.
    let mut renumbered = text.clone();
    let mut digits: Vec<usize> = notes
        .iter()
        .filter_map(|n| {
            let r = span_of(n);
            text[r.clone()]
                .find(|c: char| c.is_ascii_digit())
                .map(|k| r.start + k)
        })
        .take(100)
        .collect();
    digits.sort_unstable();
    digits.dedup();
    for &d in &digits {
        let new = if &renumbered[d..d + 1] == "9" {
            "8"
        } else {
            "9"
        };
        renumbered.replace_range(d..d + 1, new);
    }

    let mut group = c.benchmark_group("anchor 10k notes in 10 MB");
    group.sample_size(10);
    group.bench_function("unchanged", |b| b.iter(|| anchor_all(&text, &notes)));
    group.bench_function("line inserted at the top", |b| {
        b.iter(|| anchor_all(&shifted, &notes))
    });
    group.bench_function("100 quotes edited inside", |b| {
        b.iter(|| anchor_all(&drifted, &notes))
    });
    group.bench_function("100 quotes deleted", |b| {
        b.iter(|| anchor_all(&deleted, &notes))
    });
    group.bench_function("100 figures changed", |b| {
        b.iter(|| anchor_all(&renumbered, &notes))
    });
    group.finish();
}

criterion_group!(benches, anchoring);
criterion_main!(benches);
