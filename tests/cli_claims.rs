//! `transcript-ls claims` as a black box: the built binary on two harbour
//! briefings written for these tests (`tests/fixtures/claims/`), which
//! disagree on one figure (4,200 ships on Monday, 3,900 on Friday) and
//! agree or differ harmlessly on the rest: the same $38 million and 14
//! kilometres, an increment (`another 12 pilots`), a hint, a note that
//! marks a figure reviewed, citations of each style. Every format is held
//! by a snapshot of what a user or a program reads.

use std::path::Path;

use expect_test::{Expect, expect};
use serde_json::Value;

#[path = "support/binary.rs"]
mod binary;
use binary::run;

const DIR: &str = "tests/fixtures/claims";
const MONDAY: &str = "tests/fixtures/claims/harbour-monday.txt";

/// Runs `claims` and checks its stdout (with CSV's CRLF record ends shown
/// as plain line ends), and that it succeeded quietly.
fn check(args: &[&str], expect: Expect) -> String {
    let mut all = vec!["claims"];
    all.extend_from_slice(args);
    let r = run(&all);
    assert_eq!((r.status, r.stderr.as_str()), (0, ""), "{}", r.stdout);
    expect.assert_eq(&r.stdout.replace("\r\n", "\n"));
    r.stdout
}

#[test]
fn the_table_lines_up_every_figure_and_names_the_file_that_disagrees() {
    check(
        &[DIR],
        expect![[r#"
            FILE:LINE                                   SPEAKER         TIME      FIGURE             KIND        VALUE          STATUS    SOURCE / WHY                                      DISAGREES WITH                                            SENTENCE
            tests/fixtures/claims/harbour-friday.txt:5  HARBOUR MASTER  00:00:09  3,900 ships        count       3,900 ships    uncited   -                                                 tests/fixtures/claims/harbour-monday.txt:5 (4,200 ships)  In all, 3,900 ships called at what we call the "north quay", and the crane, at $38 million, is paid for.
            tests/fixtures/claims/harbour-friday.txt:5  HARBOUR MASTER  00:00:09  $38 million        money       $38,000,000    uncited   -                                                 -                                                         In all, 3,900 ships called at what we call the "north quay", and the crane, at $38 million, is paid for.
            tests/fixtures/claims/harbour-friday.txt:9  HARBOUR MASTER  00:00:46  14 kilometres      measure     14 kilometres  uncited   -                                                 -                                                         Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring.
            tests/fixtures/claims/harbour-friday.txt:9  HARBOUR MASTER  00:00:46  60 pilots          count       60 pilots      reviewed  Checked against the pilots' roster. (note urn:u…  -                                                         Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring.
            tests/fixtures/claims/harbour-friday.txt:9  HARBOUR MASTER  00:00:46  another 12 pilots  count       12 pilots      uncited   -                                                 -                                                         Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring.
            tests/fixtures/claims/harbour-monday.txt:3  LENA MARSH      00:00:05  only 9 tugboats    count       9 tugboats     uncited   -                                                 -                                                         Is it true the port has only 9 tugboats?
            tests/fixtures/claims/harbour-monday.txt:5  HARBOUR MASTER  00:00:12  4,200 ships        count       4,200 ships    uncited   -                                                 tests/fixtures/claims/harbour-friday.txt:5 (3,900 ships)  We handled 4,200 ships this year, a record.
            tests/fixtures/claims/harbour-monday.txt:5  HARBOUR MASTER  00:00:12  $38 million        money       $38,000,000    cited     [^1]: Port accounts, page 12.                     -                                                         The new crane cost $38 million [^1].
            tests/fixtures/claims/harbour-monday.txt:9  HARBOUR MASTER  00:01:09  14 kilometres      measure     14 kilometres  cited     [@silt2025]                                       -                                                         We dredged 14 kilometres of channel, and about 30 percent of the silt went to the marshes [@silt2025].
            tests/fixtures/claims/harbour-monday.txt:9  HARBOUR MASTER  00:01:09  about 30 percent   percentage  30 percent     cited     [@silt2025]                                       -                                                         We dredged 14 kilometres of channel, and about 30 percent of the silt went to the marshes [@silt2025].
            tests/fixtures/claims/harbour-monday.txt:9  HARBOUR MASTER  00:01:09  5 boats            count       5 boats        hint      inside an if-clause                               -                                                         If you bring 5 boats, you pay less | a lot less.

            11 claims (2 files read): 6 uncited, 3 cited, 1 reviewed, 1 hint; 2 disagree with another file
        "#]],
    );
}

#[test]
fn csv_quotes_as_rfc_4180_says_and_reads_back() {
    let out = check(
        &["--format", "csv", DIR],
        expect![[r#"
            path,line,column,speaker,time,text,kind,value,upper,unit,qualifier,status,detail,rule,disagrees,sentence
            tests/fixtures/claims/harbour-friday.txt,5,36,HARBOUR MASTER,00:00:09,"3,900 ships",count,3900,,ships,,uncited,,asserted.count,"tests/fixtures/claims/harbour-monday.txt:5 (4,200 ships)","In all, 3,900 ships called at what we call the ""north quay"", and the crane, at $38 million, is paid for."
            tests/fixtures/claims/harbour-friday.txt,5,107,HARBOUR MASTER,00:00:09,$38 million,money,38000000,,$,,uncited,,asserted.money,,"In all, 3,900 ships called at what we call the ""north quay"", and the crane, at $38 million, is paid for."
            tests/fixtures/claims/harbour-friday.txt,9,37,HARBOUR MASTER,00:00:46,14 kilometres,measure,14,,kilometres,,uncited,,asserted.measure,,"Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring."
            tests/fixtures/claims/harbour-friday.txt,9,65,HARBOUR MASTER,00:00:46,60 pilots,count,60,,pilots,,reviewed,Checked against the pilots' roster. (note urn:uuid:bbbbbbbb-0000-4000-8000-000000000001),asserted.count,,"Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring."
            tests/fixtures/claims/harbour-friday.txt,9,81,HARBOUR MASTER,00:00:46,another 12 pilots,count,12,,pilots,another,uncited,,asserted.count,,"Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring."
            tests/fixtures/claims/harbour-monday.txt,3,113,LENA MARSH,00:00:05,only 9 tugboats,count,9,,tugboats,only,uncited,,asserted.count,,Is it true the port has only 9 tugboats?
            tests/fixtures/claims/harbour-monday.txt,5,39,HARBOUR MASTER,00:00:12,"4,200 ships",count,4200,,ships,,uncited,,asserted.count,"tests/fixtures/claims/harbour-friday.txt:5 (3,900 ships)","We handled 4,200 ships this year, a record."
            tests/fixtures/claims/harbour-monday.txt,5,91,HARBOUR MASTER,00:00:12,$38 million,money,38000000,,$,,cited,"[^1]: Port accounts, page 12.",asserted.money,,The new crane cost $38 million [^1].
            tests/fixtures/claims/harbour-monday.txt,9,39,HARBOUR MASTER,00:01:09,14 kilometres,measure,14,,kilometres,,cited,[@silt2025],asserted.measure,,"We dredged 14 kilometres of channel, and about 30 percent of the silt went to the marshes [@silt2025]."
            tests/fixtures/claims/harbour-monday.txt,9,69,HARBOUR MASTER,00:01:09,about 30 percent,percentage,30,,percent,about,cited,[@silt2025],asserted.percent,,"We dredged 14 kilometres of channel, and about 30 percent of the silt went to the marshes [@silt2025]."
            tests/fixtures/claims/harbour-monday.txt,9,144,HARBOUR MASTER,00:01:09,5 boats,count,5,,boats,,hint,inside an if-clause,hypothetical.if-clause,,"If you bring 5 boats, you pay less | a lot less."
        "#]],
    );
    assert!(
        out.ends_with("\r\n") && out.matches("\r\n").count() == 12,
        "CRLF ends every record"
    );
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 11);
    assert!(records.iter().all(|r| r.len() == 16));
    assert_eq!(
        &records[0][15],
        "In all, 3,900 ships called at what we call the \"north quay\", and the crane, at $38 million, is paid for."
    );
}

/// The JSON report, with each claim on one line: every field, in a
/// snapshot a reviewer can read.
fn json_lines(report: &Value) -> String {
    let mut out = format!("version {}\n", report["version"]);
    for file in report["files"].as_array().expect("files") {
        out.push_str(&format!("{} {}\n", file["path"], file["status"]));
        for claim in file["claims"].as_array().expect("claims") {
            out.push_str(&format!("  {claim}\n"));
        }
    }
    out.push_str(&format!("summary {}\n", report["summary"]));
    out
}

#[test]
fn json_holds_every_field_of_every_claim() {
    let r = run(&["claims", "--format", "json", DIR]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let report: Value = serde_json::from_str(&r.stdout).expect("JSON");
    expect![[r#"
        version 1
        "tests/fixtures/claims/harbour-friday.txt" "checked"
          {"detail":null,"disagrees":{"total":1,"with":[{"path":"tests/fixtures/claims/harbour-monday.txt","start":{"column":39,"line":5},"text":"4,200 ships"}]},"end":{"column":47,"line":5},"kind":"count","qualifier":null,"reason":{"rule":"asserted.count","text":"a count of things stated as fact"},"sentence":"In all, 3,900 ships called at what we call the \"north quay\", and the crane, at $38 million, is paid for.","speaker":"HARBOUR MASTER","start":{"column":36,"line":5},"status":"uncited","text":"3,900 ships","time":9.0,"unit":"ships","upper":null,"value":3900.0}
          {"detail":null,"disagrees":null,"end":{"column":118,"line":5},"kind":"money","qualifier":null,"reason":{"rule":"asserted.money","text":"a sum of money stated as fact"},"sentence":"In all, 3,900 ships called at what we call the \"north quay\", and the crane, at $38 million, is paid for.","speaker":"HARBOUR MASTER","start":{"column":107,"line":5},"status":"uncited","text":"$38 million","time":9.0,"unit":"$","upper":null,"value":38000000.0}
          {"detail":null,"disagrees":null,"end":{"column":50,"line":9},"kind":"measure","qualifier":null,"reason":{"rule":"asserted.measure","text":"a measure stated as fact"},"sentence":"Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring.","speaker":"HARBOUR MASTER","start":{"column":37,"line":9},"status":"uncited","text":"14 kilometres","time":46.0,"unit":"kilometres","upper":null,"value":14.0}
          {"detail":"Checked against the pilots' roster. (note urn:uuid:bbbbbbbb-0000-4000-8000-000000000001)","disagrees":null,"end":{"column":74,"line":9},"kind":"count","qualifier":null,"reason":{"rule":"asserted.count","text":"a count of things stated as fact"},"sentence":"Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring.","speaker":"HARBOUR MASTER","start":{"column":65,"line":9},"status":"reviewed","text":"60 pilots","time":46.0,"unit":"pilots","upper":null,"value":60.0}
          {"detail":null,"disagrees":null,"end":{"column":98,"line":9},"kind":"count","qualifier":"another","reason":{"rule":"asserted.count","text":"a count of things stated as fact"},"sentence":"Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring.","speaker":"HARBOUR MASTER","start":{"column":81,"line":9},"status":"uncited","text":"another 12 pilots","time":46.0,"unit":"pilots","upper":null,"value":12.0}
        "tests/fixtures/claims/harbour-monday.txt" "checked"
          {"detail":null,"disagrees":null,"end":{"column":128,"line":3},"kind":"count","qualifier":"only","reason":{"rule":"asserted.count","text":"a count of things stated as fact"},"sentence":"Is it true the port has only 9 tugboats?","speaker":"LENA MARSH","start":{"column":113,"line":3},"status":"uncited","text":"only 9 tugboats","time":5.0,"unit":"tugboats","upper":null,"value":9.0}
          {"detail":null,"disagrees":{"total":1,"with":[{"path":"tests/fixtures/claims/harbour-friday.txt","start":{"column":36,"line":5},"text":"3,900 ships"}]},"end":{"column":50,"line":5},"kind":"count","qualifier":null,"reason":{"rule":"asserted.count","text":"a count of things stated as fact"},"sentence":"We handled 4,200 ships this year, a record.","speaker":"HARBOUR MASTER","start":{"column":39,"line":5},"status":"uncited","text":"4,200 ships","time":12.0,"unit":"ships","upper":null,"value":4200.0}
          {"detail":"[^1]: Port accounts, page 12.","disagrees":null,"end":{"column":102,"line":5},"kind":"money","qualifier":null,"reason":{"rule":"asserted.money","text":"a sum of money stated as fact"},"sentence":"The new crane cost $38 million [^1].","speaker":"HARBOUR MASTER","start":{"column":91,"line":5},"status":"cited","text":"$38 million","time":12.0,"unit":"$","upper":null,"value":38000000.0}
          {"detail":"[@silt2025]","disagrees":null,"end":{"column":52,"line":9},"kind":"measure","qualifier":null,"reason":{"rule":"asserted.measure","text":"a measure stated as fact"},"sentence":"We dredged 14 kilometres of channel, and about 30 percent of the silt went to the marshes [@silt2025].","speaker":"HARBOUR MASTER","start":{"column":39,"line":9},"status":"cited","text":"14 kilometres","time":69.0,"unit":"kilometres","upper":null,"value":14.0}
          {"detail":"[@silt2025]","disagrees":null,"end":{"column":85,"line":9},"kind":"percentage","qualifier":"about","reason":{"rule":"asserted.percent","text":"a percentage or rate stated as fact"},"sentence":"We dredged 14 kilometres of channel, and about 30 percent of the silt went to the marshes [@silt2025].","speaker":"HARBOUR MASTER","start":{"column":69,"line":9},"status":"cited","text":"about 30 percent","time":69.0,"unit":"percent","upper":null,"value":30.0}
          {"detail":"inside an if-clause","disagrees":null,"end":{"column":151,"line":9},"kind":"count","qualifier":null,"reason":{"rule":"hypothetical.if-clause","text":"inside an if-clause"},"sentence":"If you bring 5 boats, you pay less | a lot less.","speaker":"HARBOUR MASTER","start":{"column":144,"line":9},"status":"hint","text":"5 boats","time":69.0,"unit":"boats","upper":null,"value":5.0}
        summary {"claims":11,"disagreeing":2,"files":{"checked":2,"failed":0,"skipped":0},"statuses":{"cited":3,"hint":1,"reviewed":1,"uncited":6}}
    "#]]
    .assert_eq(&json_lines(&report));
}

#[test]
fn markdown_is_a_pipe_table_with_pipes_escaped() {
    let out = check(
        &["--format", "markdown", DIR],
        expect![[r#"
            | File:line | Speaker | Time | Figure | Kind | Value | Status | Source / why | Disagrees with | Sentence |
            | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
            | tests/fixtures/claims/harbour-friday.txt:5 | HARBOUR MASTER | 00:00:09 | 3,900 ships | count | 3,900 ships | uncited | - | tests/fixtures/claims/harbour-monday.txt:5 (4,200 ships) | In all, 3,900 ships called at what we call the "north quay", and the crane, at $38 million, is paid for. |
            | tests/fixtures/claims/harbour-friday.txt:5 | HARBOUR MASTER | 00:00:09 | $38 million | money | $38,000,000 | uncited | - | - | In all, 3,900 ships called at what we call the "north quay", and the crane, at $38 million, is paid for. |
            | tests/fixtures/claims/harbour-friday.txt:9 | HARBOUR MASTER | 00:00:46 | 14 kilometres | measure | 14 kilometres | uncited | - | - | Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring. |
            | tests/fixtures/claims/harbour-friday.txt:9 | HARBOUR MASTER | 00:00:46 | 60 pilots | count | 60 pilots | reviewed | Checked against the pilots' roster. (note urn:uuid:bbbbbbbb-0000-4000-8000-000000000001) | - | Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring. |
            | tests/fixtures/claims/harbour-friday.txt:9 | HARBOUR MASTER | 00:00:46 | another 12 pilots | count | 12 pilots | uncited | - | - | Yes, all 14 kilometres, and we hired 60 pilots, with another 12 pilots next spring. |
            | tests/fixtures/claims/harbour-monday.txt:3 | LENA MARSH | 00:00:05 | only 9 tugboats | count | 9 tugboats | uncited | - | - | Is it true the port has only 9 tugboats? |
            | tests/fixtures/claims/harbour-monday.txt:5 | HARBOUR MASTER | 00:00:12 | 4,200 ships | count | 4,200 ships | uncited | - | tests/fixtures/claims/harbour-friday.txt:5 (3,900 ships) | We handled 4,200 ships this year, a record. |
            | tests/fixtures/claims/harbour-monday.txt:5 | HARBOUR MASTER | 00:00:12 | $38 million | money | $38,000,000 | cited | [^1]: Port accounts, page 12. | - | The new crane cost $38 million [^1]. |
            | tests/fixtures/claims/harbour-monday.txt:9 | HARBOUR MASTER | 00:01:09 | 14 kilometres | measure | 14 kilometres | cited | [@silt2025] | - | We dredged 14 kilometres of channel, and about 30 percent of the silt went to the marshes [@silt2025]. |
            | tests/fixtures/claims/harbour-monday.txt:9 | HARBOUR MASTER | 00:01:09 | about 30 percent | percentage | 30 percent | cited | [@silt2025] | - | We dredged 14 kilometres of channel, and about 30 percent of the silt went to the marshes [@silt2025]. |
            | tests/fixtures/claims/harbour-monday.txt:9 | HARBOUR MASTER | 00:01:09 | 5 boats | count | 5 boats | hint | inside an if-clause | - | If you bring 5 boats, you pay less \| a lot less. |
        "#]],
    );
    // Every line has as many unescaped pipes as the header.
    let cells = |l: &str| l.replace("\\|", "").matches('|').count();
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines.iter().all(|l| cells(l) == cells(lines[0])), "{out}");
}

#[test]
fn filters_choose_rows_by_speaker_status_and_kind() {
    // Any of the speaker's names, in any case; the title after a comma is
    // not part of the name.
    check(
        &["--format", "csv", "--speaker", "lena marsh", DIR],
        expect![[r#"
            path,line,column,speaker,time,text,kind,value,upper,unit,qualifier,status,detail,rule,disagrees,sentence
            tests/fixtures/claims/harbour-monday.txt,3,113,LENA MARSH,00:00:05,only 9 tugboats,count,9,,tugboats,only,uncited,,asserted.count,,Is it true the port has only 9 tugboats?
        "#]],
    );
    let rows = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["claims", "--format", "json"];
        all.extend_from_slice(args);
        let r = run(&all);
        assert_eq!(r.status, 0, "{}", r.stderr);
        let report: Value = serde_json::from_str(&r.stdout).unwrap();
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|f| f["claims"].as_array().unwrap().clone())
            .map(|c| c["text"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rows(&["--speaker", "Harbour  master", MONDAY]).len(), 5);
    assert_eq!(
        rows(&["--status", "reviewed,hint", DIR]),
        ["60 pilots", "5 boats"]
    );
    assert_eq!(
        rows(&[
            "--status", "cited", "--status", "reviewed", "--kind", "money", DIR
        ]),
        ["$38 million"]
    );
    assert_eq!(rows(&["--kind", "percentage,measure", MONDAY]).len(), 2);
    assert!(rows(&["--speaker", "nobody", DIR]).is_empty());
    // A filter hides rows, not the figures they disagree with: Friday's
    // 3,900 ships still names Monday's 4,200.
    let r = run(&[
        "claims",
        "--format",
        "csv",
        "--speaker",
        "harbour master",
        "--kind",
        "count",
        "tests/fixtures/claims/harbour-friday.txt",
        MONDAY,
    ]);
    assert!(
        r.stdout.contains("harbour-monday.txt:5 (4,200 ships)"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_bad_filter_or_a_missing_file_exits_2() {
    let r = run(&["claims", "--status", "flagged", DIR]);
    assert_eq!(r.status, 2);
    assert!(
        r.stderr.contains("unknown status `flagged`"),
        "{}",
        r.stderr
    );
    let r = run(&["claims", "--kind", "cash", DIR]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("unknown kind `cash`"), "{}", r.stderr);

    let r = run(&["claims", "--format", "csv", "missing.txt", MONDAY]);
    assert_eq!(r.status, 2);
    assert_eq!(
        r.stderr,
        "transcript-ls: missing.txt: no such file or directory\n"
    );
    assert_eq!(
        r.stdout.lines().count(),
        7,
        "the other file is still listed:\n{}",
        r.stdout
    );
    let empty = tempfile::tempdir().unwrap();
    let r = run(&["claims", empty.path().to_str().unwrap()]);
    assert_eq!(r.status, 2, "nothing read is never a pass");
    assert!(Path::new(DIR).is_relative());
}

#[test]
fn settings_come_from_the_config_and_the_command_line_as_for_check() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // Captions saved as .txt, named as such by `--format-in srt`; read as
    // plain text (below) they have neither speakers nor times.
    std::fs::write(
        root.join("cues.txt"),
        "1\n00:00:04,000 --> 00:00:07,000\n[MARTA] We counted 75 gulls at dawn.\n\n\
         2\n00:00:09,000 --> 00:00:12,000\n[OMAR] A million times, yes.\n\n\
         3\n00:00:13,000 --> 00:00:15,000\n[MARTA] Really?\n\n\
         4\n00:00:16,000 --> 00:00:18,000\n[OMAR] Really.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("transcript-ls.toml"),
        "ignore = [\"a million times\"]\n",
    )
    .unwrap();
    let path = root.join("cues.txt");
    let path = path.to_str().unwrap();
    let r = run(&["claims", "--format", "csv", "--format-in", "srt", path]);
    assert_eq!((r.status, r.stderr.as_str()), (0, ""));
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(r.stdout.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let picked: Vec<[&str; 4]> = rows
        .iter()
        .map(|r| [r[3].as_str(), r[4].as_str(), r[5].as_str(), r[11].as_str()])
        .collect();
    assert_eq!(
        picked,
        [
            ["MARTA", "00:00:04", "75 gulls", "uncited"],
            ["OMAR", "00:00:09", "A million times", "ignored"],
        ]
    );
    let r = run(&["claims", "--format", "csv", "--format-in", "plain", path]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(",75 gulls,") && !r.stdout.contains("MARTA,00:00:04"),
        "{}",
        r.stdout
    );
    // A config named on the command line wins over the nearest one, and
    // one that cannot be read stops the run.
    let other = root.join("other.toml");
    std::fs::write(&other, "").unwrap();
    let r = run(&[
        "claims",
        "--format",
        "csv",
        "--format-in",
        "srt",
        "--config",
        other.to_str().unwrap(),
        path,
    ]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("ignored"), "{}", r.stdout);
    let r = run(&["claims", "--config", "missing.toml", path]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("error: missing.toml"), "{}", r.stderr);
    assert_eq!(r.stdout, "");
}
