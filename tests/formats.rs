//! Every transcript format the reader knows, end to end through the command
//! line: SubRip with dialogue dashes, tags, CRLF and a byte-order mark; a
//! caption dump with several `>>` turns per line and minute headers; WebVTT
//! with `NOTE` and `STYLE` blocks and voice spans; an app export with a name
//! and a clock on their own line; and a text with no labels at all. Each
//! fixture (under `tests/fixtures/formats/`, written for these tests) tells
//! the same short exchange, so the outlines and findings can be compared.

use std::path::Path;
use std::process::Command;

use expect_test::{Expect, expect};
use serde_json::Value;

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_transcript-ls"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        out.status.code().expect("exited normally"),
        String::from_utf8(out.stdout).expect("UTF-8"),
        String::from_utf8(out.stderr).expect("UTF-8"),
    )
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

/// The outline (format, layout, then one line per turn: line, speaker,
/// role, time) and the findings (line, text) of `path`, read with `extra`
/// arguments.
fn summary(path: &str, extra: &[&str]) -> String {
    let mut args = vec!["outline", "--format", "json", path];
    args.extend(extra);
    let (status, stdout, stderr) = run(&args);
    assert_eq!(status, 0, "{stderr}");
    let outline = json(&stdout);
    let mut out = format!(
        "{} / {}\n",
        outline["format"].as_str().unwrap(),
        outline["layout"]["shape"].as_str().unwrap()
    );
    for turn in outline["turns"].as_array().unwrap() {
        let time = match turn["timestamp"].as_f64() {
            Some(t) => format!(" @{t}"),
            None => String::new(),
        };
        out += &format!(
            "{} {} [{}]{time}\n",
            turn["start"]["line"],
            turn["speaker"].as_str().unwrap(),
            turn["role"].as_str().unwrap()
        );
    }
    let mut args = vec!["check", "--format", "json", path];
    args.extend(extra);
    let (_, stdout, stderr) = run(&args);
    let check = json(&stdout);
    assert!(stderr.is_empty(), "{stderr}");
    for d in check["files"][0]["diagnostics"].as_array().unwrap() {
        out += &format!(
            "{} {}: {}\n",
            d["code"].as_str().unwrap(),
            d["start"]["line"],
            d["text"].as_str().unwrap()
        );
    }
    out
}

fn check(path: &str, expect: Expect) {
    expect.assert_eq(&summary(path, &[]));
}

#[test]
fn subrip_with_dialogue_dashes_tags_crlf_and_a_bom() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/harbour.srt"),
    )
    .unwrap();
    assert!(
        bytes.starts_with(b"\xef\xbb\xbf1\r\n"),
        "the fixture keeps its BOM and CRLF"
    );
    check(
        "tests/fixtures/formats/harbour.srt",
        expect![[r#"
            subrip / bracketed-name+dialogue-dash
            7 - [question] @4
            8 - [answer] @4
            17 MARTA [question] @11
            21 JONAS [answer] @14.1
            25 MARTA [other] @17.1
            uncited-figure 8: About 4,200
            uncited-figure 13: $18 million
            uncited-figure 21: 60 percent
        "#]],
    );
}

#[test]
fn caption_dump_with_several_turns_a_line_and_minute_headers() {
    check(
        "tests/fixtures/formats/harbour-captions.txt",
        expect![[r#"
            plain / change-marker
            2 marta [question] @57600
            2 >> [answer] @57600
            2 >> [other] @57600
            4 marta [question] @57660
            4 >> [answer] @57660
            4 >> [other] @57660
            4 marta [other] @57660
            uncited-figure 2: about 4,200
            uncited-figure 2: $18 million
            uncited-figure 4: 60 percent
        "#]],
    );
}

#[test]
fn webvtt_with_note_and_style_blocks_and_voice_spans() {
    check(
        "tests/fixtures/formats/harbour.vtt",
        expect![[r#"
            webvtt / voice-span
            11 Marta Lind [question] @1
            14 Jonas Berg [answer] @4.5
            21 Marta Lind [question] @10.5
            24 Jonas Berg [answer] @12.1
            uncited-figure 14: About 4,200
            uncited-figure 15: $18 million
            uncited-figure 24: 60 percent
        "#]],
    );
}

#[test]
fn app_export_with_name_and_clock_on_their_own_line() {
    check(
        "tests/fixtures/formats/harbour-app-export.txt",
        expect![[r#"
            plain / name-clock-line
            3 Marta Lind [question] @1
            6 Jonas Berg [answer] @5
            12 Marta Lind [question] @40
            15 Jonas Berg [answer] @44
            uncited-figure 7: About 4,200
            uncited-figure 7: $18 million
            uncited-figure 16: 60 percent
        "#]],
    );
}

#[test]
fn a_text_without_labels_is_one_unnamed_speakers_and_still_checked() {
    check(
        "tests/fixtures/formats/harbour-notes.txt",
        expect![[r#"
            plain / none
            1 (unnamed) [other]
            unrecognised-layout 1: Harbour year in review
            uncited-figure 5: about 4,200 ships
            uncited-figure 5: $18 million
            uncited-figure 6: 60 percent
        "#]],
    );
}

#[test]
fn the_format_can_be_forced_from_the_command_line() {
    // Read as plain text, the cue numbers and timings are no longer
    // furniture: the caption layout is gone.
    let forced = summary(
        "tests/fixtures/formats/harbour.srt",
        &["--format-in", "plain"],
    );
    assert!(forced.starts_with("plain / "), "{forced}");
    let (status, _, stderr) = run(&[
        "outline",
        "--format-in",
        "docx",
        "tests/fixtures/formats/harbour.srt",
    ]);
    assert_eq!(status, 2);
    assert!(stderr.contains("unknown format `docx`"), "{stderr}");
}

#[test]
fn the_config_file_can_set_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/harbour.srt");
    // A caption file saved under a name that says nothing of its format.
    let file = dir.path().join("harbour.captions");
    std::fs::copy(&src, &file).unwrap();
    let file = file.to_str().unwrap();
    assert!(
        summary(file, &[]).starts_with("subrip / "),
        "the content tells"
    );
    std::fs::write(
        dir.path().join("transcript-ls.toml"),
        "format = \"plain\"\n",
    )
    .unwrap();
    assert!(
        summary(file, &[]).starts_with("plain / "),
        "the config overrides"
    );
    assert!(
        summary(file, &["--format-in", "srt"]).starts_with("subrip / "),
        "the flag wins"
    );
}

#[test]
fn explain_says_which_shapes_were_found() {
    let (status, stdout, _) = run(&[
        "outline",
        "--explain",
        "tests/fixtures/formats/harbour-app-export.txt",
    ]);
    assert_eq!(status, 0);
    expect![[r#"
        format: plain
        layout: name-clock-line (5 labels, 2 named speakers)
        labels by shape:
          name-clock-line: 5
        label-like lines: 5 looked at, 5 taken as labels"#]]
    .assert_eq(stdout.split("\n\n").next().unwrap());
}

#[test]
fn earnings_call_with_names_on_lines_of_their_own() {
    expect![[r#"
        plain / name-line
        5 Operator [other]
        9 Dana Ruiz [other]
        13 Mark Ode [other]
        19 Operator [other]
        23 Sam Lee [question]
        27 Dana Ruiz [answer]
        31 Sam Lee [question]
        35 Mark Ode [answer]
        39 Operator [other]
        43 Priya Nair [question]
        47 Mark Ode [answer]
        51 Operator [other]
        uncited-figure 11: $412 million
        uncited-figure 11: 9%
        uncited-figure 11: 3.1 million tonnes
        uncited-figure 15: two new terminals
        uncited-figure 15: 140 people
        uncited-figure 29: 18%
        uncited-figure 45: 140 hires
    "#]]
    .assert_eq(&summary("tests/fixtures/formats/harbour-call.txt", &[]));
}

#[test]
fn the_config_file_can_say_who_asks_for_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/harbour-call.txt");
    let file = dir.path().join("call.txt");
    std::fs::copy(&src, &file).unwrap();
    let other = dir.path().join("other.txt");
    std::fs::copy(&src, &other).unwrap();
    std::fs::write(
        dir.path().join("transcript-ls.toml"),
        "[files.\"call.txt\".speakers]\naskers = [\"Priya Nair\"]\n\
         aliases = { \"Mark Ode\" = \"Chief Executive\" }\n",
    )
    .unwrap();
    let roles = |path: &Path| -> Vec<String> {
        let (status, stdout, stderr) =
            run(&["outline", "--format", "json", path.to_str().unwrap()]);
        assert_eq!(status, 0, "{stderr}");
        json(&stdout)["turns"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["role"] == "question")
            .map(|t| t["speaker"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(roles(&file), ["Priya Nair"], "only the named asker asks");
    assert_eq!(
        roles(&other),
        ["Sam Lee", "Sam Lee", "Priya Nair"],
        "other files infer"
    );
    let (_, stdout, _) = run(&["outline", file.to_str().unwrap()]);
    assert!(
        stdout.contains("Chief Executive: We have not set it yet."),
        "{stdout}"
    );
}
