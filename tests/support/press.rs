//! A generated press conference, the text the benchmarks and the large
//! tests run on.
//!
//! The transcript is generated, not read, so it runs anywhere and its text
//! is ours: a long press conference with timestamped `[hh:mm:ss] NAME:`
//! labels, reporters' questions and officials' answers, unlabelled
//! continuation paragraphs, stage directions, and speech full of what the
//! analysis must tell apart: counts, money, percentages, years, codes such
//! as `COVID-19`, ordinals, and figures cited with `[@key]`, `[^n]` and
//! `[12]`. About one sentence in four carries a number, which is still
//! denser than real briefings (a figure every few hundred bytes rather than
//! every kilobyte), so the figures are not flattered. A fixed seed makes
//! every run see the same text. The text is ASCII, so a byte offset is also
//! a column in any encoding.

#![allow(dead_code)] // each target uses a different part

/// A small deterministic generator (xorshift64*), so the text is the same on
/// every run and every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const REPORTERS: [&str; 6] = [
    "MARTA IBSEN",
    "Q",
    "DEREK HALE, CITY GAZETTE",
    "REPORTER",
    "SUNITA RAO",
    "ELLIS WHITFORD",
];
const OFFICIALS: [&str; 4] = [
    "MINISTER ADEYEMI",
    "DR. LUCIA FERRANTE",
    "MR. OKONJO",
    "SECRETARY VANCE",
];
const NOUNS: [&str; 10] = [
    "schools",
    "clinics",
    "buses",
    "inspectors",
    "masks",
    "households",
    "hospital beds",
    "bridges",
    "nurses",
    "permits",
];
const QUESTIONS: [&str; 8] = [
    "How many {noun} were closed last year?",
    "Can you confirm that {count} {noun} are still waiting for repairs?",
    "What happened to the budget after {year}?",
    "Is it true that costs rose by {pct} percent since COVID-19?",
    "Thank you. Two quick things. When will the {ordinal} phase begin?",
    "Your department promised {money} in March. Where did it go?",
    "Why did the G20 statement leave out the {noun}?",
    "Could you walk us through the numbers for the region?",
];
const ANSWERS: [&str; 14] = [
    "We opened {count} {noun} this year, up from {count2} in {year}.",
    "The programme costs {money}, and it has already reached {count} {noun}.",
    "Nearly {pct} percent of the {noun} were inspected by the end of {month}.",
    "That figure is {pct} percent according to the audit [@audit{year}].",
    "First, we hired {count} {noun}[^{note}]. Second, we cut waiting times.",
    "One of the things people forget is that the {ordinal} plan began in {year}.",
    "We spent {money} on {noun} [{ref}], which is {mult}-fold what we spent before.",
    "About a quarter of the {noun} are more than {age} years old.",
    "I would not put a number on it today.",
    "The hotline 12308 is open, and dozens of {noun} have called it.",
    "Five teams visited {count} {noun} between {month} 4th and {month} 19th.",
    "It rose from {money} to {money2} over the period, and we expect another {pct}% next year.",
    "COVID-19 changed everything for the {noun}, and the 5G rollout did not help.",
    "We will publish the full data on our website at 2:15 P.M. tomorrow.",
];
/// Speech without numbers: most of what anyone says, even at a briefing
/// about budgets.
const PLAIN: [&str; 16] = [
    "We have been clear about this from the start, and nothing in the report changes that.",
    "I think the honest answer is that it depends on how the councils spend the money.",
    "Let me finish the point, because it matters for the families involved.",
    "The inspectors will visit the sites again before the end of the season.",
    "Nobody in this department takes that lightly, and I certainly do not.",
    "We are working closely with the regional authorities on the details.",
    "That is a fair question, and I want to answer it carefully.",
    "The committee asked for more time, and we agreed to give it to them.",
    "Our priority is to keep the services running while the repairs are done.",
    "I have read the letter, and I will reply to it this week.",
    "There will be a full statement to parliament when the review is finished.",
    "What I can tell you is that the contracts were awarded in the usual way.",
    "We listened to the nurses and the teachers, and we changed the plan.",
    "I am not going to speculate about what the court might decide.",
    "The minister spoke to her counterparts this morning about the floods.",
    "It is too early to say whether the new rules are working.",
];
const PLAIN_QUESTIONS: [&str; 5] = [
    "Minister, do you accept that the rollout has been slow?",
    "Will you publish the advice you received?",
    "Who signed off on the decision, and when were you told?",
    "Is the department confident the contractors will deliver on time?",
    "Following up on that, what do you say to the families still waiting?",
];
const MONTHS: [&str; 6] = ["January", "March", "May", "July", "September", "November"];
const ORDINALS: [&str; 5] = ["second", "third", "14th", "fifth", "21st"];

fn fill(template: &str, rng: &mut Rng, note: &mut usize) -> String {
    let mut out = template.to_string();
    let mut replace = |key: &str, value: &dyn Fn(&mut Rng) -> String| {
        while let Some(i) = out.find(key) {
            let v = value(rng);
            out.replace_range(i..i + key.len(), &v);
        }
    };
    replace("{noun}", &|r| r.pick(&NOUNS).to_string());
    replace("{count}", &|r| format!("{}", 2 + r.below(4_000)));
    replace("{count2}", &|r| {
        format!("{},{:03}", 1 + r.below(90), r.below(1000))
    });
    replace("{year}", &|r| format!("{}", 1990 + r.below(35)));
    replace("{pct}", &|r| format!("{}.{}", 1 + r.below(60), r.below(10)));
    replace("{money}", &|r| {
        format!("${}.{} million", 1 + r.below(900), r.below(10))
    });
    replace("{money2}", &|r| {
        format!("{} billion US dollars", 1 + r.below(40))
    });
    replace("{age}", &|r| format!("{}", 5 + r.below(70)));
    replace("{month}", &|r| r.pick(&MONTHS).to_string());
    replace("{ordinal}", &|r| r.pick(&ORDINALS).to_string());
    replace("{ref}", &|r| format!("{}", 1 + r.below(40)));
    replace("{mult}", &|r| format!("{}", 2 + r.below(30)));
    if out.contains("{note}") {
        *note += 1;
        out = out.replace("{note}", &note.to_string());
    }
    out
}

/// A press conference of about `target` bytes, footnote definitions at the
/// end; the same `target` gives the same text on every run.
pub fn press_conference(target: usize) -> String {
    press_conference_seeded(target, 0x7261_6e73_6372_6970)
}

/// Another press conference of the same kind for each `seed` (not zero).
pub fn press_conference_seeded(target: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut text = String::with_capacity(target + 4096);
    let mut note = 0;
    let mut seconds = 0u64;
    text.push_str("Press conference on public services\nTranscript, unedited\n\n");
    let clock = |s: u64| {
        // Hours stay two digits, as in real recordings split into sessions.
        let s = s % (100 * 3600);
        format!("[{:02}:{:02}:{:02}]", s / 3600, (s / 60) % 60, s % 60)
    };
    while text.len() < target {
        // A reporter asks, an official answers in one to three paragraphs.
        let question = if rng.below(2) == 0 {
            fill(rng.pick(&QUESTIONS), &mut rng, &mut note)
        } else {
            rng.pick(&PLAIN_QUESTIONS).to_string()
        };
        text.push_str(&format!(
            "{} {}: {question}\n\n",
            clock(seconds),
            rng.pick(&REPORTERS)
        ));
        seconds += 20 + rng.below(40) as u64;
        let official = rng.pick(&OFFICIALS);
        let paragraphs = 1 + rng.below(3);
        for p in 0..paragraphs {
            // About one sentence in four carries a number.
            let sentences: Vec<String> = (0..2 + rng.below(6))
                .map(|_| {
                    if rng.below(4) == 0 {
                        fill(rng.pick(&ANSWERS), &mut rng, &mut note)
                    } else {
                        rng.pick(&PLAIN).to_string()
                    }
                })
                .collect();
            if p == 0 {
                text.push_str(&format!("{} {official}: ", clock(seconds)));
            }
            text.push_str(&sentences.join(" "));
            text.push_str("\n\n");
            seconds += 30 + rng.below(90) as u64;
        }
        if rng.below(12) == 0 {
            text.push_str("(Laughter.)\n\n");
        }
    }
    for n in 1..=note {
        text.push_str(&format!(
            "[^{n}]: Ministry figures, annual service report.\n"
        ));
    }
    text
}

/// Large files for the benchmarks of whole runs: 4 of 16 MB (as a day of
/// hearings is one file).
pub const LARGE_FILES: (usize, usize) = (4, 16 << 20);
/// Small files for the same: 360 of 100 KB (as a folder of interviews is).
pub const SMALL_FILES: (usize, usize) = (360, 100 << 10);

/// Writes `LARGE_FILES` and `SMALL_FILES` press conferences into `dir`,
/// each from its own seed; returns their total size in bytes.
pub fn write_folder(dir: &std::path::Path) -> u64 {
    let mut total = 0;
    let mut seed = 1;
    for (count, size, name) in [
        (LARGE_FILES.0, LARGE_FILES.1, "day"),
        (SMALL_FILES.0, SMALL_FILES.1, "interview"),
    ] {
        for i in 0..count {
            let text = press_conference_seeded(size, seed);
            seed += 1;
            total += text.len() as u64;
            std::fs::write(dir.join(format!("{name}-{i:03}.transcript")), text)
                .expect("a file written");
        }
    }
    total
}
