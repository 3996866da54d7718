//! Benchmarks of parsing one generated conversation of about 10 MB written
//! in each layout the reader knows, so that no layout is read at a cost the
//! others do not pay: `Name:` labels, an app export (`Jane Doe  00:01:23`
//! on its own line), SubRip cues with dialogue dashes and `[NAME]` labels,
//! WebVTT voice spans, a caption dump (`>>` marks several to a line, lower
//! case, minute headers) and the same speech without any label (read as one
//! unnamed speaker's).
//!
//! Each reports throughput (MB/s) of `transcript::parse`, which finds the
//! layout, the turns, speakers and roles. A fixed seed makes every run see
//! the same text. Run with `cargo bench --bench layouts`.

use std::time::Duration;

/// The allocator the binary ships with (see `src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use transcript_ls::transcript;

/// The seeded generator the other benchmarks use, so the text is the same
/// on every run and every machine.
#[path = "../support/press.rs"]
mod press;
use press::Rng;

/// About 10 MB.
const TARGET_BYTES: usize = 10 * 1024 * 1024;

const SPEAKERS: [&str; 4] = ["Ana Kovac", "Bruno Sato", "Carla Diaz", "Dev Mehta"];

const SENTENCES: [&str; 8] = [
    "We opened {n} new clinics across the region last year.",
    "The budget rose by {n} percent, which nobody expected.",
    "How many of those nurses work at night?",
    "That is a fair question, and the answer is complicated.",
    "Freight volumes were about {n} thousand tonnes in the spring.",
    "We will publish the full accounts in the autumn.",
    "Can you tell us what the new crane cost?",
    "It cost ${n} million, paid for by the port and the city.",
];

/// One turn: who speaks, and what they say, sentence by sentence.
struct Turn {
    speaker: usize,
    sentences: Vec<String>,
}

/// A conversation long enough to fill about `TARGET_BYTES` in any layout.
fn conversation() -> Vec<Turn> {
    let mut rng = Rng(0x6c61_796f_7574_7321);
    let mut turns = Vec::new();
    let mut bytes = 0;
    let mut last = usize::MAX;
    while bytes < TARGET_BYTES {
        let mut speaker = rng.below(SPEAKERS.len());
        if speaker == last {
            speaker = (speaker + 1) % SPEAKERS.len();
        }
        last = speaker;
        let sentences: Vec<String> = (0..1 + rng.below(6))
            .map(|_| {
                let s = SENTENCES[rng.below(SENTENCES.len())];
                s.replace("{n}", &(2 + rng.below(900)).to_string())
            })
            .collect();
        bytes += sentences.iter().map(|s| s.len() + 1).sum::<usize>() + 20;
        turns.push(Turn { speaker, sentences });
    }
    turns
}

fn clock(seconds: usize, separator: char) -> String {
    format!(
        "{:02}:{:02}:{:02}{separator}{:03}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        seconds * 7 % 1000
    )
}

fn hms(seconds: usize) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

fn name_colon(turns: &[Turn]) -> String {
    let mut out = String::new();
    for t in turns {
        out += &format!("{}: {}\n\n", SPEAKERS[t.speaker], t.sentences.join(" "));
    }
    out
}

fn app_export(turns: &[Turn]) -> String {
    let mut out = String::new();
    for (i, t) in turns.iter().enumerate() {
        out += &format!(
            "{}  {}\n{}\n\n",
            SPEAKERS[t.speaker],
            hms(i * 9),
            t.sentences.join(" ")
        );
    }
    out
}

/// SubRip: one cue per sentence; a turn opens with `[NAME]` or a dash.
fn subrip(turns: &[Turn]) -> String {
    let mut out = String::new();
    let mut cue = 0;
    for t in turns {
        for (k, s) in t.sentences.iter().enumerate() {
            cue += 1;
            let start = cue * 3;
            let opening = match (k, cue % 2) {
                (0, 0) => format!("[{}] ", SPEAKERS[t.speaker].to_uppercase()),
                (0, _) => "- ".to_string(),
                _ => String::new(),
            };
            out += &format!(
                "{cue}\n{} --> {}\n<i>{opening}{s}</i>\n\n",
                clock(start, ','),
                clock(start + 2, ',')
            );
        }
    }
    out
}

/// WebVTT: one cue per sentence; a turn opens with a voice span.
fn webvtt(turns: &[Turn]) -> String {
    let mut out = String::from("WEBVTT\n\nNOTE generated\n\n");
    let mut cue = 0;
    for t in turns {
        for (k, s) in t.sentences.iter().enumerate() {
            cue += 1;
            let start = cue * 3;
            let voice = if k == 0 {
                format!("<v {}>", SPEAKERS[t.speaker])
            } else {
                String::new()
            };
            out += &format!(
                "{} --> {}\n{voice}{s}\n\n",
                clock(start, '.'),
                clock(start + 2, '.')
            );
        }
    }
    out
}

/// A caption dump: lower case, `>>` at each change (naming the host), lines
/// cut at about 600 bytes, a minute header every ten lines.
fn caption_dump(turns: &[Turn]) -> String {
    let mut out = String::new();
    let mut line = String::new();
    let mut lines = 0;
    for t in turns {
        line += if t.speaker == 0 { ">> ana: " } else { ">> " };
        for s in &t.sentences {
            line += &s.to_lowercase();
            line.push(' ');
            if line.len() > 600 {
                if lines % 10 == 0 {
                    out += &format!("{}:{:02} pm\n", 1 + lines / 600 % 12, lines / 10 % 60);
                }
                out += &line;
                out.push('\n');
                line.clear();
                lines += 1;
            }
        }
    }
    out + &line
}

/// The same speech as paragraphs with no label at all.
fn unlabelled(turns: &[Turn]) -> String {
    let mut out = String::new();
    for t in turns {
        out += &t.sentences.join(" ");
        out += "\n\n";
    }
    out
}

/// Writes the conversation in one layout.
type Render = fn(&[Turn]) -> String;

fn benches(c: &mut Criterion) {
    let turns = conversation();
    let layouts: [(&str, Render); 6] = [
        ("name-colon", name_colon),
        ("app-export", app_export),
        ("subrip", subrip),
        ("webvtt", webvtt),
        ("caption-dump", caption_dump),
        ("unlabelled", unlabelled),
    ];
    let mut group = c.benchmark_group("parse-10MB");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (name, render) in layouts {
        let text = render(&turns);
        // Every layout must be read as a conversation, not as one block.
        let parsed = transcript::parse(&text);
        assert!(
            parsed.turns.len() * 2 > turns.len() || name == "unlabelled",
            "{name}"
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| b.iter(|| transcript::parse(&text)));
    }
    group.finish();
}

criterion_group!(layouts, benches);
criterion_main!(layouts);
