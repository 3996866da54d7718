//! Label shapes as test cases of one mechanism: conversations generated from
//! random speakers, texts and label shapes are written out in each layout
//! and parsed back, and must give back the same turns, in order, with the
//! same speakers. No layout is special-cased here: each is only a way of
//! writing the same conversation down.

use proptest::prelude::*;

use super::*;

/// Speakers as transcripts name them.
const NAMES: [&str; 6] = [
    "Ana Kovac",
    "Bruno Sato",
    "Carla Diaz",
    "Dev Mehta",
    "Eli Brandt",
    "Farah Nasser",
];

/// Words of speech: lower case, so no sentence starts like a label.
const WORDS: [&str; 12] = [
    "we", "opened", "clinics", "in", "the", "north", "and", "hired", "nurses", "for", "them",
    "today",
];

/// How a conversation is written down.
#[derive(Debug, Clone, Copy)]
enum Shape {
    NameColon,
    CapitalsColon,
    ClockNameColon,
    NameClockColon,
    Bold,
    NameClockLine,
    ClockNameLine,
    SubRipBracketed,
    WebVttVoice,
    CaptionDump,
    NameLine,
}

const SHAPES: [Shape; 11] = [
    Shape::NameColon,
    Shape::CapitalsColon,
    Shape::ClockNameColon,
    Shape::NameClockColon,
    Shape::Bold,
    Shape::NameClockLine,
    Shape::ClockNameLine,
    Shape::SubRipBracketed,
    Shape::WebVttVoice,
    Shape::CaptionDump,
    Shape::NameLine,
];

fn hms(s: usize) -> String {
    format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The conversation `turns` (speaker, sentences) written in `shape`, and
/// the name each turn's label gives.
fn write(shape: Shape, turns: &[(usize, Vec<String>)]) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut names = Vec::new();
    if let Shape::WebVttVoice = shape {
        out += "WEBVTT\n\n";
    }
    let mut cue = 0;
    let mut titled = [false; NAMES.len()];
    for (i, (speaker, sentences)) in turns.iter().enumerate() {
        let name = NAMES[*speaker];
        let said = sentences.join(" ");
        let time = hms(i * 17);
        let label = match shape {
            Shape::NameColon => {
                out += &format!("{name}: {said}\n\n");
                name.to_string()
            }
            Shape::CapitalsColon => {
                let upper = name.to_uppercase();
                out += &format!("{upper}: {said}\n\n");
                upper
            }
            Shape::ClockNameColon => {
                out += &format!("[{time}] {name}: {said}\n\n");
                name.to_string()
            }
            Shape::NameClockColon => {
                out += &format!("{name} ({}): {said}\n\n", &time[3..]);
                name.to_string()
            }
            Shape::Bold => {
                out += &format!("**{name}:** {said}\n\n");
                name.to_string()
            }
            Shape::NameClockLine => {
                out += &format!("{name}  {time}\n{said}\n\n");
                name.to_string()
            }
            Shape::ClockNameLine => {
                out += &format!("{time} {name}\n{said}\n\n");
                name.to_string()
            }
            Shape::SubRipBracketed => {
                let upper = name.to_uppercase();
                for (k, s) in sentences.iter().enumerate() {
                    cue += 1;
                    let tag = if k == 0 {
                        format!("[{upper}] ")
                    } else {
                        String::new()
                    };
                    out += &format!("{cue}\n{time},000 --> {time},900\n{tag}{s}\n\n");
                }
                upper
            }
            Shape::WebVttVoice => {
                for (k, s) in sentences.iter().enumerate() {
                    let tag = if k == 0 {
                        format!("<v {name}>")
                    } else {
                        String::new()
                    };
                    out += &format!("{time}.000 --> {time}.900\n{tag}{s}\n\n");
                }
                name.to_string()
            }
            Shape::CaptionDump => {
                let lower = name.split(' ').next().unwrap().to_lowercase();
                out += &format!(">> {lower}: {said} ");
                if i % 3 == 2 {
                    out += "\n";
                }
                lower
            }
            Shape::NameLine => {
                // Titled the first time only: one speaker in both forms.
                let title = if std::mem::replace(&mut titled[*speaker], true) {
                    ""
                } else {
                    "--Head of Operations"
                };
                out += &format!("{name}{title}\n\n{said}\n\n");
                name.to_string()
            }
        };
        names.push(label);
    }
    (out, names)
}

/// A conversation: at least three turns, never one speaker twice in a row
/// (that would be one turn), each turn one to three short sentences.
fn conversation() -> impl Strategy<Value = Vec<(usize, Vec<String>)>> {
    let sentence = proptest::collection::vec(0..WORDS.len(), 2..8).prop_map(|words| {
        let mut s = words
            .iter()
            .map(|&w| WORDS[w])
            .collect::<Vec<_>>()
            .join(" ");
        s.push('.');
        s
    });
    let turn = (
        0..NAMES.len() - 1,
        proptest::collection::vec(sentence, 1..4),
    );
    proptest::collection::vec(turn, 3..12).prop_map(|turns| {
        let mut last = usize::MAX;
        turns
            .into_iter()
            .map(|(speaker, sentences)| {
                // Step past the speaker before, so two in a row never meet.
                let speaker = if speaker == last {
                    speaker + 1
                } else {
                    speaker
                };
                last = speaker;
                (speaker, sentences)
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_layout_gives_back_the_turns_it_was_written_with(
        turns in conversation(),
        shape in 0..SHAPES.len(),
    ) {
        let shape = SHAPES[shape];
        let (text, names) = write(shape, &turns);
        let t = parse(&text);
        let got: Vec<&str> = t.turns.iter().map(|t| t.label_name.as_str()).collect();
        prop_assert_eq!(&got, &names, "{:?}\n{}", shape, text);
        prop_assert!(!t.is_unlabelled());
        // Every sentence said is in its turn's speech, and nowhere else.
        for (turn, (_, sentences)) in t.turns.iter().zip(&turns) {
            let speech: String = turn.speech.iter().map(|s| &text[s.clone()]).collect::<Vec<_>>().join(" ");
            for s in sentences {
                prop_assert!(speech.contains(s.as_str()), "{:?}: {:?} not in {:?}", shape, s, speech);
            }
        }
        // Speakers are entities: one per distinct name.
        let distinct: std::collections::HashSet<&String> = names.iter().collect();
        prop_assert_eq!(t.speakers.len(), distinct.len());
    }
}
