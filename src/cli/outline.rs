//! `transcript-ls outline FILE`: the transcript's turns by question.
//!
//! For people, an indented tree: each question (its first sentence, its
//! start time `[00:12:31]` when known, and the asker) with its answers
//! beneath it, each led by its own start time when known, and the turns
//! outside any exchange (openings, moderators) at the top level, each line
//! led by its line number so it can be found in the file. For programs, the
//! JSON shape of `json::outline_report`.

use std::io::Write;
use std::process::ExitCode;

use super::{EXIT_ERROR, OutlineArgs, OutlineFormat};
use crate::analysis::{Analysis, OutlineItem, OutlineKind};
use crate::config::Config;
use crate::text::LineIndex;

pub(super) fn run(args: &OutlineArgs) -> ExitCode {
    let text = match super::read_text(&args.path) {
        Ok(text) => text,
        Err(e) => {
            super::error(e);
            return ExitCode::from(EXIT_ERROR);
        }
    };
    // Of the settings, only the format matters to the outline: `--format-in`,
    // else the nearest config's, else the extension's, else the content's.
    // A config that cannot be used is an error here too: the format it
    // names may be the one the file must be read in.
    let (config, warnings) = match Config::discover(&args.path) {
        Ok(found) => found,
        Err(e) => {
            super::config_error(&e);
            return ExitCode::from(EXIT_ERROR);
        }
    };
    for w in &warnings {
        super::warning(w);
    }
    let mut settings = config.settings_for(&args.path);
    if args.format_in.is_some() {
        settings.format = args.format_in;
    }
    let analysis = Analysis::new(&text, &settings);
    let mut out = match args.format {
        OutlineFormat::Human => render(&args.path.display().to_string(), &text, &analysis),
        OutlineFormat::Json => super::json::outline_report(&args.path, &text, &analysis) + "\n",
    };
    if args.explain {
        let explained = explain(&analysis);
        match args.format {
            // JSON stays one document on stdout; the explanation goes beside it.
            OutlineFormat::Json => eprint!("{explained}"),
            OutlineFormat::Human => out = explained + "\n" + &out,
        }
    }
    // A closed pipe (`outline … | head`) is the reader's choice, not an error.
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush());
    ExitCode::SUCCESS
}

/// How the layout was chosen: the format, each label shape found with its
/// count, and how many label-like lines were looked at.
pub fn explain(analysis: &Analysis) -> String {
    let t = &analysis.transcript;
    let layout = &t.layout;
    let mut out = format!("format: {}\n", t.format.as_str());
    out += &format!(
        "layout: {} ({})\n",
        layout.shape,
        layout.evidence(&t.speakers)
    );
    if !layout.counts.is_empty() {
        out += "labels by shape:\n";
        for (shape, n) in &layout.counts {
            out += &format!("  {shape}: {n}\n");
        }
    }
    out += &format!(
        "label-like lines: {} looked at, {} taken as labels\n",
        layout.candidates, layout.accepted
    );
    out
}

/// The outline as an indented tree, headed by a count of turns and questions
/// and the layout it was read with.
pub fn render(path: &str, text: &str, analysis: &Analysis) -> String {
    let t = &analysis.transcript;
    if !t.is_transcript() {
        return format!("{path}: nothing to outline: the file holds no text\n");
    }
    let index = LineIndex::new(text);
    let items = analysis.outline(text);
    let width = (index.line_count()).to_string().len();
    let mut out = format!(
        "{path}: {}, {}\n",
        plural(t.turns.len(), "turn", "turns"),
        plural(t.exchanges.len(), "question", "questions"),
    );
    // A transcript built by hand, not parsed, has no layout to report.
    if !t.layout.shape.is_empty() {
        out += &format!(
            "layout: {} ({})\n",
            t.layout.shape,
            t.layout.evidence(&t.speakers)
        );
    }
    out.push('\n');
    for item in &items {
        write_item(&mut out, &index, width, item, 0);
    }
    out
}

fn write_item(out: &mut String, index: &LineIndex, width: usize, item: &OutlineItem, depth: usize) {
    let line = index.line_of(item.selection.start) + 1;
    let indent = "    ".repeat(depth);
    let entry = match (item.kind, &item.detail) {
        (OutlineKind::Question, Some(detail)) => format!("Q: {}  ({detail})", item.name),
        (OutlineKind::Question, None) => format!("Q: {}", item.name),
        (_, Some(detail)) => format!("{}: {detail}", item.name),
        (_, None) => item.name.clone(),
    };
    out.push_str(&format!("{line:>width$}  {indent}{entry}\n"));
    for child in &item.children {
        write_item(out, index, width, child, depth + 1);
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Settings;
    use crate::transcript::{Exchange, Format, Role, Speaker, Transcript, Turn};

    /// A hand-built transcript, so the rendering is tested apart from the
    /// parser: `(label, body, role)` per turn, each on its own line.
    fn analysis_of(turns: &[(&str, &str, Role)]) -> (String, Analysis) {
        let mut text = String::new();
        let mut transcript = Transcript {
            format: Format::Plain,
            speakers: Vec::new(),
            turns: Vec::new(),
            exchanges: Vec::new(),
            ..Transcript::default()
        };
        for &(label, body, role) in turns {
            let speaker = match transcript.speakers.iter().position(|s| s.name == label) {
                Some(i) => i,
                None => {
                    transcript.speakers.push(Speaker {
                        name: label.to_string(),
                        title: None,
                        affiliation: None,
                    });
                    transcript.speakers.len() - 1
                }
            };
            let label_start = text.len();
            text.push_str(label);
            text.push_str(": ");
            let body_start = text.len();
            text.push_str(body);
            let body_end = text.len();
            text.push_str("\n\n");
            transcript.turns.push(Turn {
                speaker,
                label_name: label.to_string(),
                role,
                label: label_start..label_start + label.len() + 1,
                body: body_start..body_end,
                speech: std::iter::once(body_start..body_end).collect(),
                timestamp: (role == Role::Question).then_some(95.0),
                affiliation: None,
            });
        }
        let mut i = 0;
        while i < transcript.turns.len() {
            if transcript.turns[i].role == Role::Question {
                let answers: Vec<usize> = (i + 1..transcript.turns.len())
                    .take_while(|&j| transcript.turns[j].role == Role::Answer)
                    .collect();
                let end = answers.last().map_or(i, |&a| a);
                transcript.exchanges.push(Exchange {
                    question: i,
                    span: transcript.turns[i].label.start..transcript.turns[end].body.end,
                    answers,
                });
            }
            i += 1;
        }
        let mut analysis = Analysis::new("", &Settings::default());
        analysis.transcript = transcript;
        (text, analysis)
    }

    #[test]
    fn questions_carry_their_answers_and_other_turns_stand_alone() {
        let (text, analysis) = analysis_of(&[
            ("HOST", "Good evening and welcome.", Role::Other),
            (
                "REPORTER",
                "Thanks. How many clinics opened this year?",
                Role::Question,
            ),
            (
                "DR. OKAFOR",
                "Twelve, and 30 percent more staff.",
                Role::Answer,
            ),
            ("HOST", "We will take a short break.", Role::Other),
        ]);
        expect_test::expect![[r#"
            talk.txt: 4 turns, 1 question

            1  HOST: Good evening and welcome.
            3  Q: How many clinics opened this year?  ([00:01:35] REPORTER)
            5      DR. OKAFOR: Twelve, and 30 percent more staff.
            7  HOST: We will take a short break.
        "#]]
        .assert_eq(&render("talk.txt", &text, &analysis));
    }

    /// Captions give every turn a time: the tree shows each one's, and the
    /// JSON keeps the seconds.
    #[test]
    fn captions_give_each_line_its_time() {
        let text = "WEBVTT\n\n\
                    00:12:31.900 --> 00:12:35.000\n\
                    <v Reporter>How many clinics opened last year?\n\n\
                    00:12:35.000 --> 00:12:40.000\n\
                    <v Minister>We opened 87 clinics.\n";
        let analysis = Analysis::new(text, &Settings::default());
        expect_test::expect![[r#"
            talk.vtt: 2 turns, 1 question
            layout: voice-span (2 labels, 2 named speakers)

            4  Q: How many clinics opened last year?  ([00:12:31] Reporter)
            7      Minister: [00:12:35] We opened 87 clinics.
        "#]]
        .assert_eq(&render("talk.vtt", text, &analysis));
        let json: serde_json::Value = serde_json::from_str(&super::super::json::outline_report(
            std::path::Path::new("talk.vtt"),
            text,
            &analysis,
        ))
        .unwrap();
        let seconds: Vec<&serde_json::Value> = json["turns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| &t["timestamp"])
            .collect();
        assert_eq!(seconds, [751.9, 755.0]);
    }

    #[test]
    fn a_document_without_labels_says_so_and_is_still_read() {
        let text = "Just prose about 40 new clinics.";
        let analysis = Analysis::new(text, &Settings::default());
        expect_test::expect![[r#"
            notes.txt: 1 turn, 0 questions
            layout: none (no speaker labels found; the whole text is read as one unnamed speaker's)

            1  (unnamed): Just prose about 40 new clinics.
        "#]]
        .assert_eq(&render("notes.txt", text, &analysis));
        let codes: Vec<&str> = analysis
            .findings()
            .iter()
            .map(|f| f.code.as_str())
            .collect();
        assert_eq!(
            codes,
            ["unrecognised-layout", "uncited-figure"],
            "said so, and its figure is still checked"
        );
    }

    #[test]
    fn a_document_without_text_says_so() {
        let analysis = Analysis::new(" \n\n", &Settings::default());
        assert_eq!(
            render("empty.txt", " \n\n", &analysis),
            "empty.txt: nothing to outline: the file holds no text\n"
        );
    }
}
