//! The command line as a black box: the built binary run on fixtures, its
//! stdout, stderr and exit status checked as a user or a CI job sees them.
//!
//! The fixtures under `tests/fixtures/` are written for these tests. Their
//! figures are unmistakable (`220 billion masks`, `30 percent`) and their
//! traps are the spec's own (`COVID-19`, years, `First,`), so the assertions
//! hold for any detector that follows the spec.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

#[path = "support/binary.rs"]
mod binary;
use binary::{run, run_with};

const EXAMPLE: &str = "tests/fixtures/example-interview.txt";
const UNCITED: &str = "tests/fixtures/uncited.txt";
const CITED: &str = "tests/fixtures/cited.txt";
const NO_FIGURES: &str = "tests/fixtures/no-figures.txt";
const UNICODE: &str = "tests/fixtures/unicode.txt";

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}):\n{s}"))
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The 1-based line and 1-based character column of the first `needle`.
fn position_of(text: &str, needle: &str) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() + 1;
    let column = text[line_start..at].chars().count() + 1;
    (line as u64, column as u64)
}

/// The diagnostics of a `check --format json` report, flattened with their path.
fn diagnostics(report: &Value) -> Vec<(String, Value)> {
    report["files"]
        .as_array()
        .expect("files is a list")
        .iter()
        .flat_map(|f| {
            let path = f["path"].as_str().unwrap().to_string();
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |d| (path.clone(), d.clone()))
        })
        .collect()
}

/// A temporary folder (not a git repository) with the given files.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, bytes) in files {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    dir
}

/// The diagnostic codes the README's table under "## Diagnostics" lists, in
/// its order: the first cell of each row, `` `code` ``.
fn documented_codes() -> Vec<String> {
    let readme = read("README.md");
    let section = readme
        .split("\n## Diagnostics\n")
        .nth(1)
        .expect("a Diagnostics section");
    let table = section.split("\n### ").next().unwrap();
    table
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

/// The ids of a SARIF log's rules, in order.
fn sarif_rules(sarif: &Value) -> Vec<&str> {
    sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect()
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

// ---------------------------------------------------------------- basics

#[test]
fn version_prints_the_package_version() {
    let r = run(&["--version"]);
    assert_eq!(r.status, 0);
    assert_eq!(
        r.stdout,
        format!("transcript-ls {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_lists_the_commands_and_the_default() {
    let r = run(&["--help"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    for word in [
        "serve",
        "check",
        "claims",
        "outline",
        "notes",
        "TRANSCRIPT_LS_LOG",
    ] {
        assert!(
            r.stdout.contains(word),
            "--help lacks {word}:\n{}",
            r.stdout
        );
    }
    let r = run(&["check", "--help"]);
    assert!(r.stdout.contains("sarif") && r.stdout.contains("--config"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["check"]).status, 2);
    assert_eq!(run(&["check", "--format", "xml", UNCITED]).status, 2);
    assert_eq!(run(&["outline", "--format", "sarif", EXAMPLE]).status, 2);
    assert_eq!(run(&["frobnicate"]).status, 2);
}

/// The server started by `command` with its stdin and stdout piped.
fn piped(
    mut command: Command,
) -> (
    std::process::Child,
    std::process::ChildStdin,
    std::io::BufReader<std::process::ChildStdout>,
) {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    (child, stdin, stdout)
}

/// Sends one message, framed as LSP frames it.
fn frame(stdin: &mut impl Write, message: &str) {
    write!(stdin, "Content-Length: {}\r\n\r\n{message}", message.len()).unwrap();
    stdin.flush().unwrap();
}

/// With no command the binary is a language server on stdio.
#[test]
fn no_command_speaks_lsp_on_stdio() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_transcript-ls"));
    command.stderr(Stdio::null());
    let (mut child, mut stdin, mut stdout) = piped(command);
    let mut send = |message: &str| frame(&mut stdin, message);
    send(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    // Handlers run concurrently: wait for the reply before saying more.
    let reply = read_message(&mut stdout);
    assert_eq!(reply["id"], 1, "{reply}");
    assert_eq!(reply["result"]["serverInfo"]["name"], "transcript-ls");
    send(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
    send(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#);
    let reply = loop {
        let message = read_message(&mut stdout);
        if message["id"] == 2 {
            break message;
        }
    };
    assert_eq!(reply["result"], Value::Null, "{reply}");
    send(r#"{"jsonrpc":"2.0","method":"exit"}"#);
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

/// The one line a bare run at a terminal prints before serving.
const SERVE_HINT: &str = "transcript-ls: speaking the Language Server Protocol on stdin; \
                          run `transcript-ls --help` for the commands (check, claims, outline, notes)";

/// An editor pipes stdin: it must see nothing but the protocol, so the hint
/// meant for people at a terminal never reaches its log.
#[test]
fn an_editor_piping_stdin_is_told_nothing_on_stderr() {
    let mut command = Command::new(env!("CARGO_BIN_EXE_transcript-ls"));
    command
        .arg("serve")
        // Logs are not the hint: silence them, so that any line is the hint.
        .env("TRANSCRIPT_LS_LOG", "off")
        .stderr(Stdio::piped());
    let (child, mut stdin, mut stdout) = piped(command);
    let mut send = |message: &str| frame(&mut stdin, message);
    send(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    assert_eq!(read_message(&mut stdout)["id"], 1);
    send(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#);
    while read_message(&mut stdout)["id"] != 2 {}
    send(r#"{"jsonrpc":"2.0","method":"exit"}"#);
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

/// At a terminal (a pseudo-terminal made by util-linux `script`), the bare
/// command says what it is and where the commands are, then serves: the
/// terminal's end of input ends it as it ends any session.
#[test]
#[cfg(target_os = "linux")]
fn a_bare_run_at_a_terminal_says_it_is_a_language_server() {
    let has_script = Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        has_script,
        "this test makes a terminal with util-linux `script` (Debian: bsdutils)"
    );
    let binary = env!("CARGO_BIN_EXE_transcript-ls").replace('\'', "'\\''");
    let child = Command::new("script")
        .args(["-qec", &format!("'{binary}'"), "/dev/null"])
        .env("TRANSCRIPT_LS_LOG", "off")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Waited for on another thread, so a session that never ends fails the
    // test instead of hanging it.
    let (tx, rx) = std::sync::mpsc::channel();
    let pid = child.id();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let out = match rx.recv_timeout(std::time::Duration::from_secs(20)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            panic!("the server at a terminal did not end at the end of input");
        }
    };
    let terminal = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    assert_eq!(terminal, format!("{SERVE_HINT}\n"), "{out:?}");
}

/// Reads one `Content-Length`-framed JSON-RPC message.
fn read_message(reader: &mut impl std::io::BufRead) -> Value {
    let mut length = None;
    loop {
        let mut header = String::new();
        assert_ne!(reader.read_line(&mut header).unwrap(), 0, "stdout closed");
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(n) = header.strip_prefix("Content-Length: ") {
            length = Some(n.parse::<usize>().unwrap());
        }
    }
    let mut body = vec![0; length.expect("a Content-Length header")];
    reader.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

// ---------------------------------------------------------------- outline

/// The lines of `text` on which each label `NAME:` stands, 1-based.
fn label_lines(text: &str) -> Vec<(u64, &str)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, line)| {
            ["PRIYA NATARAJAN:", "TOMAS BERG:"]
                .iter()
                .find(|l| line.starts_with(*l))
                .map(|_| (i as u64 + 1, line))
        })
        .collect()
}

#[test]
fn outline_json_lists_every_turn_of_the_example() {
    let r = run(&["outline", "--format", "json", EXAMPLE]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let report = json(&r.stdout);
    assert_eq!(report["version"], 1);
    assert_eq!(report["path"], EXAMPLE);
    assert_eq!(report["format"], "plain");
    let turns = report["turns"].as_array().unwrap();
    let text = read(EXAMPLE);
    let labels = label_lines(&text);
    assert_eq!(turns.len(), labels.len(), "{turns:#?}");
    for (turn, (line, source)) in turns.iter().zip(&labels) {
        assert_eq!(turn["start"]["line"], *line, "{turn}");
        assert_eq!(turn["start"]["column"], 1, "{turn}");
        assert!(source.starts_with(turn["speaker"].as_str().unwrap()));
        assert_eq!(turn["timestamp"], Value::Null);
        // A turn by the interviewer that asks is a question, and the
        // guest's turn after it is an answer.
        if source.starts_with("PRIYA") && source.ends_with('?') {
            assert_eq!(turn["role"], "question", "{source}");
        }
    }
    for pair in turns.windows(2) {
        if pair[0]["role"] == "question" {
            assert_eq!(pair[1]["role"], "answer", "{pair:?}");
            assert_eq!(pair[1]["speaker"], "TOMAS BERG");
        }
    }
}

#[test]
fn outline_for_people_is_a_tree_by_question() {
    let r = run(&["outline", EXAMPLE]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let mut lines = r.stdout.lines();
    assert_eq!(
        lines.next(),
        Some(format!("{EXAMPLE}: 11 turns, 4 questions").as_str())
    );
    assert_eq!(
        lines.next(),
        Some("layout: name-colon (11 labels, 2 named speakers)")
    );
    assert_eq!(lines.next(), Some(""));
    let text = read(EXAMPLE);
    let rows: Vec<(u64, usize, &str)> = lines
        .map(|row| {
            // `LINE  INDENT ENTRY`
            let row = row.trim_start();
            let (num, rest) = row.split_once("  ").expect("line number first");
            let entry = rest.trim_start();
            (num.parse().unwrap(), rest.len() - entry.len(), entry)
        })
        .collect();
    assert_eq!(rows.len(), 11, "{}", r.stdout);
    let labels = label_lines(&text);
    for (row, (line, _)) in rows.iter().zip(&labels) {
        assert_eq!(row.0, *line, "{row:?}");
    }
    let questions: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].2.starts_with("Q: "))
        .collect();
    assert_eq!(questions.len(), 4, "{}", r.stdout);
    for &q in &questions {
        assert!(rows[q].2.ends_with("(PRIYA NATARAJAN)"), "{:?}", rows[q]);
        let (_, indent, entry) = rows[q + 1];
        assert_eq!(indent, rows[q].1 + 4, "answers sit beneath: {}", r.stdout);
        assert!(entry.starts_with("TOMAS BERG: "), "{entry}");
    }
    // The greeting before the first question and the sign-off after the
    // last answer stand at the top level.
    assert!(rows[0].2.starts_with("PRIYA NATARAJAN: Good evening."));
    assert_eq!(rows[0].1, 0);
    let last = rows.last().unwrap();
    assert!(last.2.starts_with("PRIYA NATARAJAN: Tomas Berg, thank you"));
    assert_eq!(last.1, 0);
}

#[test]
fn outline_of_a_missing_or_binary_file_is_one_line_and_exit_2() {
    let r = run(&["outline", "tests/fixtures/missing.txt"]);
    assert_eq!(r.status, 2);
    assert_eq!(
        r.stderr,
        "transcript-ls: tests/fixtures/missing.txt: no such file or directory\n"
    );
    assert_eq!(r.stdout, "");

    let dir = folder(&[("latin1.txt", b"Q: caf\xe9?\n")]);
    let path = dir.path().join("latin1.txt");
    let r = run(&["outline", p(&path)]);
    assert_eq!(r.status, 2);
    assert_eq!(
        r.stderr,
        format!(
            "transcript-ls: {}: not UTF-8 text (invalid byte at offset 6)\n",
            path.display()
        )
    );
}

// ---------------------------------------------------------------- check: human

#[test]
fn check_for_people_puts_a_caret_under_the_figure() {
    let r = run(&["check", UNCITED]);
    assert_eq!(r.status, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        !r.stdout.contains('\x1b'),
        "colour in a pipe:\n{}",
        r.stdout
    );
    let text = read(UNCITED);
    let (line, column) = position_of(&text, "220 billion");
    assert!(
        r.stdout
            .contains("warning[uncited-figure]: figure without a citation: 220 billion masks"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains(&format!(" --> {UNCITED}:{line}:{column}\n")),
        "{}",
        r.stdout
    );
    // The source line, then the caret line: the first `^` under the `2`.
    let rows: Vec<&str> = r.stdout.lines().collect();
    let source_row = rows
        .iter()
        .position(|row| row.starts_with(&format!("{line} | MINISTER:")))
        .unwrap_or_else(|| panic!("no source line:\n{}", r.stdout));
    let source = rows[source_row];
    let caret = rows[source_row + 1];
    let figure_at = source.find("220 billion").unwrap();
    assert_eq!(caret.find('^'), Some(figure_at), "{source}\n{caret}");
    assert!(caret[figure_at..].starts_with("^^^^^^^^^^^"), "{caret}");
    assert_eq!(
        rows.last().copied(),
        Some("2 uncited figures in 1 file (1 file checked)")
    );
}

#[test]
fn check_colours_only_when_asked_or_on_a_terminal() {
    let r = run_with(&["check", UNCITED], &[("CLICOLOR_FORCE", "1")]);
    assert_eq!(r.status, 1);
    assert!(r.stdout.contains("\x1b["), "{}", r.stdout);
}

#[test]
fn check_passes_cited_and_figure_free_transcripts() {
    let r = run(&["check", CITED, NO_FIGURES]);
    assert_eq!(r.status, 0, "{}", r.stdout);
    assert_eq!(r.stdout, "no uncited figures (2 files checked)\n");
    assert_eq!(r.stderr, "");
}

#[test]
fn check_flags_the_example_but_not_its_traps() {
    let r = run(&["check", "--format", "json", EXAMPLE]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    let flagged: Vec<String> = diagnostics(&json(&r.stdout))
        .into_iter()
        .map(|(_, d)| d["text"].as_str().unwrap().to_string())
        .collect();
    for figure in [
        "6 percent",
        "$4",
        "$180 million",
        "90 million",
        "12 kilometres",
        "3,200 families",
        "one in five",
    ] {
        assert!(
            flagged.iter().any(|f| f.contains(figure)),
            "{figure} not flagged: {flagged:?}"
        );
    }
    for trap in ["2019", "2021", "1950", "COVID-19", "First", "40 percent"] {
        assert!(
            !flagged.iter().any(|f| f.contains(trap)),
            "{trap} flagged: {flagged:?}"
        );
    }
}

// ---------------------------------------------------------------- check: json

#[test]
fn check_json_has_the_documented_shape() {
    let r = run(&["check", "--format", "json", UNCITED, UNICODE]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    let report = json(&r.stdout);
    assert_eq!(report["version"], 1);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["path"], UNCITED);
    assert_eq!(files[1]["path"], UNICODE);
    for (path, d) in diagnostics(&report) {
        assert_eq!(d["code"], "uncited-figure");
        assert_eq!(d["severity"], "warning", "{d}");
        let flagged = d["text"].as_str().unwrap();
        assert_eq!(
            d["message"],
            format!("figure without a citation: {flagged}").as_str()
        );
        // Columns count characters: `’`, `“` and `😀` are one each.
        let (line, column) = position_of(&read(&path), flagged);
        assert_eq!(d["start"]["line"], line, "{d}");
        assert_eq!(d["start"]["column"], column, "{d}");
        assert_eq!(d["end"]["line"], line, "{d}");
        assert_eq!(
            d["end"]["column"],
            column + flagged.chars().count() as u64,
            "{d}"
        );
    }
    let texts: Vec<String> = diagnostics(&report)
        .iter()
        .map(|(path, d)| format!("{path} {}", d["text"].as_str().unwrap()))
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with(UNICODE) && t.contains("220 billion"))
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with(UNCITED) && t.contains("30 percent"))
    );
}

// ---------------------------------------------------------------- check: sarif

#[test]
fn check_sarif_holds_the_required_fields_of_2_1_0() {
    let r = run(&["check", "--format", "sarif", UNCITED, UNICODE, CITED]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    let log = json(&r.stdout);
    // sarifLog: version and runs are required; $schema is recommended.
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    // run: tool is required; tool.driver.name is required.
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "transcript-ls");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    let rule_ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(rule_ids, documented_codes(), "the README's list of codes");
    for rule in rules {
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    }
    // Columns are characters, not UTF-16 units, and the run says so.
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let results = run["results"].as_array().unwrap();
    assert!(results.len() >= 3, "{results:#?}");
    for result in results {
        // result: message is required, with text; ruleId and level as we emit them.
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        assert_eq!(result["ruleId"], "uncited-figure");
        assert_eq!(result["ruleIndex"], 0);
        let level = result["level"].as_str().unwrap();
        assert!(["none", "note", "warning", "error"].contains(&level));
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(uri == UNCITED || uri == UNICODE, "{uri}");
        let region = &location["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{region}");
        }
        let snippet = region["snippet"]["text"].as_str().unwrap();
        let (line, column) = position_of(&read(uri), snippet);
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(line), Some(column))
        );
    }
}

// ---------------------------------------------------------------- check: errors

#[test]
fn a_missing_file_is_reported_and_the_rest_still_checked() {
    let r = run(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/missing.txt",
        NO_FIGURES,
    ]);
    assert_eq!(r.status, 2);
    assert_eq!(
        r.stderr,
        "transcript-ls: tests/fixtures/missing.txt: no such file or directory\n"
    );
    // The report says what was not read, then what was.
    let report = json(&r.stdout);
    let files = &report["files"];
    assert_eq!(files[0]["path"], "tests/fixtures/missing.txt");
    assert_eq!(files[0]["status"], "failed");
    assert_eq!(
        files[0]["error"],
        "tests/fixtures/missing.txt: no such file or directory"
    );
    assert_eq!(files[1]["path"], NO_FIGURES);
    assert_eq!(files[1]["status"], "checked");
    assert_eq!(report["summary"]["files"]["failed"], 1);
    assert_eq!(report["summary"]["files"]["checked"], 1);
}

#[test]
fn a_file_that_is_not_utf8_exits_2() {
    let dir = folder(&[("bad.txt", b"\xff\xfe M\x00R\x00")]);
    let path = dir.path().join("bad.txt");
    let r = run(&["check", p(&path)]);
    assert_eq!(r.status, 2);
    assert_eq!(
        r.stderr,
        format!(
            "transcript-ls: {}: not UTF-8 text (invalid byte at offset 0)\n",
            path.display()
        )
    );
}

// ---------------------------------------------------------------- check: folders

#[test]
fn folders_are_searched_for_transcripts_honouring_gitignore() {
    let uncited = read(UNCITED);
    let dir = folder(&[
        ("interviews/b.txt", uncited.as_bytes()),
        ("interviews/a.md", uncited.as_bytes()),
        ("interviews/ignored/c.txt", uncited.as_bytes()),
        ("scan.pdf", b"%PDF-1.7 \xff\xfe binary"),
        ("captions/d.vtt", b"WEBVTT\n"),
        (".gitignore", b"ignored/\n"),
    ]);
    let root = dir.path();
    let r = run(&["check", "--format", "json", p(root)]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    let report = json(&r.stdout);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = ["captions/d.vtt", "interviews/a.md", "interviews/b.txt"]
        .iter()
        .map(|rel| root.join(rel).display().to_string())
        .collect();
    assert_eq!(paths, expected);
    // Files named explicitly are checked even when ignored.
    let ignored = root.join("interviews/ignored/c.txt");
    let r = run(&["check", "--format", "json", p(&ignored)]);
    assert_eq!(r.status, 1);
    assert_eq!(json(&r.stdout)["files"][0]["path"], p(&ignored));
}

#[test]
fn many_files_come_out_in_a_stable_order() {
    let uncited = read(UNCITED);
    let names: Vec<String> = (0..40).map(|i| format!("t{i:02}.txt")).collect();
    let files: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), uncited.as_bytes()))
        .collect();
    let dir = folder(&files);
    let first = run(&["check", p(dir.path())]);
    assert_eq!(first.status, 1);
    for _ in 0..3 {
        assert_eq!(run(&["check", p(dir.path())]).stdout, first.stdout);
    }
    let order: Vec<&str> = first
        .stdout
        .lines()
        .filter_map(|l| l.strip_prefix(" --> "))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert!(
        first
            .stdout
            .ends_with("80 uncited figures in 40 files (40 files checked)\n"),
        "{}",
        first.stdout.lines().last().unwrap_or("")
    );
}

// ---------------------------------------------------------------- check: config

fn with_config(toml: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = folder(&[
        ("transcript-ls.toml", toml.as_bytes()),
        ("sub/talk.txt", read(UNCITED).as_bytes()),
    ]);
    let talk = dir.path().join("sub/talk.txt");
    (dir, talk)
}

#[test]
fn the_nearest_config_changes_severities_and_turns_kinds_off() {
    let (_dir, talk) = with_config("[severity]\ncount = \"error\"\npercentage = \"off\"\n");
    let r = run(&["check", "--format", "json", p(&talk)]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert_eq!(r.stderr, "");
    let found = diagnostics(&json(&r.stdout));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1["severity"], "error");
    assert!(found[0].1["text"].as_str().unwrap().contains("220 billion"));

    let r = run(&["check", p(&talk)]);
    assert!(r.stdout.contains("error[uncited-figure]"), "{}", r.stdout);
}

#[test]
fn hints_are_shown_but_do_not_fail_the_check() {
    let (_dir, talk) = with_config("[severity]\ncount = \"hint\"\npercentage = \"hint\"\n");
    let r = run(&["check", p(&talk)]);
    assert_eq!(r.status, 0, "{}", r.stdout);
    assert!(r.stdout.contains("hint[uncited-figure]"), "{}", r.stdout);
    assert!(
        r.stdout
            .ends_with("no uncited figures (1 file checked); 2 hints\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_config_given_on_the_command_line_wins_over_the_nearest() {
    let (dir, talk) = with_config("[severity]\ncount = \"error\"\n");
    let other = dir.path().join("quiet.toml");
    std::fs::write(
        &other,
        "[severity]\ncount = \"off\"\npercentage = \"off\"\n",
    )
    .unwrap();
    let r = run(&["check", "--config", p(&other), p(&talk)]);
    assert_eq!(r.status, 0, "{}", r.stdout);
}

#[test]
fn severity_flags_override_the_config_file() {
    let (_dir, talk) = with_config("[severity]\ncount = \"error\"\n");
    let r = run(&[
        "check",
        "--format",
        "json",
        "--severity",
        "percentage=off",
        "--severity",
        "count=information",
        p(&talk),
    ]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    let found = diagnostics(&json(&r.stdout));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1["severity"], "information");
    let r = run(&["check", "--severity", "cash=off", p(&talk)]);
    assert_eq!(r.status, 2);
    assert!(r.stderr.contains("unknown kind `cash`"), "{}", r.stderr);
}

#[test]
fn a_bad_config_key_is_a_warning_naming_file_and_key() {
    let (dir, talk) =
        with_config("[severity]\ncolour = \"red\"\ncount = 3\npercentage = \"off\"\n");
    let r = run(&["check", "--format", "json", p(&talk)]);
    // The run goes on with the good keys.
    assert_eq!(r.status, 1);
    assert_eq!(diagnostics(&json(&r.stdout)).len(), 1);
    let config = dir.path().join("transcript-ls.toml");
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stderr);
    assert!(
        lines.contains(
            &format!(
                "transcript-ls: warning: {}: severity.colour: unknown key (known keys: count, money, percentage, multiplier, measure, fraction, spelled-count)",
                config.display()
            )
            .as_str()
        ),
        "{}",
        r.stderr
    );
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "transcript-ls: warning: {}: severity.count: expected a string",
            config.display()
        ))),
        "{}",
        r.stderr
    );
}

#[test]
fn config_globs_pick_the_files_of_a_folder() {
    let uncited = read(UNCITED);
    let dir = folder(&[
        ("transcript-ls.toml", b"exclude = [\"drafts/**\"]\n"),
        ("final/a.txt", uncited.as_bytes()),
        ("drafts/b.txt", uncited.as_bytes()),
    ]);
    let r = run(&["check", "--format", "json", p(dir.path())]);
    let report = json(&r.stdout);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "{report}");
    assert_eq!(files[0]["path"], p(&dir.path().join("final/a.txt")));
}

#[test]
fn a_config_named_on_the_command_line_must_exist_and_be_toml() {
    let (dir, talk) = with_config("");
    let missing = dir.path().join("missing.toml");
    for format in ["human", "json"] {
        let r = run(&[
            "check",
            "--format",
            format,
            "--config",
            p(&missing),
            p(&talk),
        ]);
        assert_eq!(r.status, 2, "{}", r.stdout);
        assert_eq!(
            r.stderr,
            format!(
                "transcript-ls: error: {}: no such file or directory\n",
                missing.display()
            )
        );
        // Nothing was checked, so nothing is reported, least of all a pass.
        assert_eq!(r.stdout, "");
    }

    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[analysis\ncount = \"off\"\n").unwrap();
    let r = run(&["check", "--config", p(&broken), p(&talk)]);
    assert_eq!(r.status, 2, "{}", r.stdout);
    assert!(
        r.stderr.starts_with(&format!(
            "transcript-ls: error: {}: not valid TOML (line 1): ",
            broken.display()
        )),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(!r.stdout.contains("no uncited figures"), "{}", r.stdout);

    // A folder is no config file: it cannot be read as one.
    let r = run(&["check", "--config", p(dir.path()), p(&talk)]);
    assert_eq!(r.status, 2);
    assert!(
        r.stderr.starts_with("transcript-ls: error: "),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("os error"), "{}", r.stderr);
}

#[test]
fn a_found_config_that_is_not_toml_fails_the_files_it_governs() {
    // The exclude glob is lost with the rest: both transcripts are failed.
    let uncited = read(UNCITED);
    let dir = folder(&[
        ("transcript-ls.toml", b"exclude = [\"drafts/**\"\n"),
        ("final/a.txt", uncited.as_bytes()),
        ("drafts/b.txt", uncited.as_bytes()),
    ]);
    let config = dir.path().join("transcript-ls.toml");
    let r = run(&["check", p(dir.path())]);
    assert_eq!(r.status, 2, "{}", r.stdout);
    assert_eq!(
        r.stdout, "nothing checked (2 files could not be read)\n",
        "{}",
        r.stderr
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{}", r.stderr);
    for line in lines {
        assert!(
            line.contains(&format!(
                "not checked: {}: not valid TOML (line 1): ",
                config.display()
            )),
            "{line}"
        );
    }

    // Files elsewhere are still checked; the report says which failed and why.
    let r = run(&[
        "check",
        "--format",
        "json",
        p(&dir.path().join("final/a.txt")),
        CITED,
    ]);
    assert_eq!(r.status, 2, "{}", r.stderr);
    let report = json(&r.stdout);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files[0]["status"], "failed", "{report}");
    let error = files[0]["error"].as_str().unwrap();
    assert!(
        error.contains(p(&config)) && error.contains("(line 1)"),
        "{error}"
    );
    assert_eq!(files[1]["status"], "checked", "{report}");
    assert_eq!(report["summary"]["files"]["failed"], 1);
    assert_eq!(report["summary"]["files"]["checked"], 1);

    // The outline of a file it governs is an error too.
    let r = run(&["outline", p(&dir.path().join("final/a.txt"))]);
    assert_eq!(r.status, 2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.starts_with(&format!(
            "transcript-ls: error: {}: not valid TOML",
            config.display()
        )),
        "{}",
        r.stderr
    );
}

#[test]
fn a_found_config_with_only_an_unknown_key_still_only_warns() {
    let (dir, talk) = with_config("colour = \"red\"\n");
    let r = run(&["check", p(&talk)]);
    // Flagged, as with no config at all: the figures are uncited.
    assert_eq!(r.status, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr,
        format!(
            "transcript-ls: warning: {}: colour: unknown key (known keys: severity, citations, include, exclude, format, speakers, files, ignore)\n",
            dir.path().join("transcript-ls.toml").display()
        )
    );
    assert!(r.stdout.contains("(1 file checked)"), "{}", r.stdout);
}

#[test]
fn outline_into_a_closed_pipe_ends_quietly() {
    // Enough turns that the outline outgrows a pipe's buffer, so the writer
    // meets the closed end (as with `outline FILE | head`).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let mut text = String::new();
    for i in 0..4000 {
        text.push_str(&format!(
            "Q: How many permits were issued in district {i}?\n\nA: We issued a great many of them.\n\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_transcript-ls"))
        .args(["outline", path.to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

// ---------------------------------------------------------------- notes

/// A transcript written for these tests, and a sidecar another tool wrote:
/// a source on `220 billion masks`, a comment on words that changed, and a
/// note on words that are gone.
const NOTED: &str = "REPORTER: How many masks has the country shipped?\n\n\
MINISTER: It’s 😀 plain: we have shipped 220 billion masks so far, and exports grew by 30 percent.\n";

fn noted_sidecar() -> String {
    serde_json::json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "first": {"type": "AnnotationPage", "items": [
            {"id": "urn:uuid:aaaaaaaa-0000-4000-8000-000000000001", "type": "Annotation",
             "motivation": "linking",
             "body": {"type": "SpecificResource", "source": "https://example.org/exports", "purpose": "linking"},
             "target": {"source": "talk.txt", "selector": [
                 {"type": "TextQuoteSelector", "exact": "220 billion masks", "prefix": "we have shipped ", "suffix": " so far"}]}},
            {"id": "urn:uuid:aaaaaaaa-0000-4000-8000-000000000002", "type": "Annotation",
             "motivation": "commenting",
             "body": {"type": "TextualBody", "value": "Compare with\nlast year.", "format": "text/markdown"},
             "target": {"source": "talk.txt", "selector": [
                 {"type": "TextQuoteSelector", "exact": "and exports rose by 30 percent",
                  "prefix": "billion masks so far, ", "suffix": "."}]}},
            {"id": "urn:uuid:aaaaaaaa-0000-4000-8000-000000000003", "type": "Annotation",
             "motivation": "commenting",
             "body": {"type": "TextualBody", "value": "Who said this?"},
             "target": {"source": "talk.txt", "selector": [
                 {"type": "TextQuoteSelector", "exact": "a sentence that was cut"}]}}
        ]}
    })
    .to_string()
}

#[test]
fn check_reads_the_sidecar_covered_figures_pass_and_lost_notes_are_reported() {
    let sidecar = noted_sidecar();
    let dir = folder(&[
        ("talk.txt", NOTED.as_bytes()),
        ("talk.txt.notes.json", sidecar.as_bytes()),
    ]);
    let talk = dir.path().join("talk.txt");
    let r = run(&["check", "--format", "json", p(&talk)]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    let report = json(&r.stdout);
    // Only the transcript is checked: the sidecar is read with it.
    assert_eq!(report["files"].as_array().unwrap().len(), 1);
    let found: Vec<(String, String, Option<String>)> = diagnostics(&report)
        .into_iter()
        .map(|(_, d)| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["text"].as_str().unwrap().to_string(),
                d["note"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "note-orphaned".to_string(),
                String::new(),
                Some("urn:uuid:aaaaaaaa-0000-4000-8000-000000000003".to_string())
            ),
            (
                "note-drifted".to_string(),
                "and exports grew by 30 percent".to_string(),
                Some("urn:uuid:aaaaaaaa-0000-4000-8000-000000000002".to_string())
            ),
            ("uncited-figure".to_string(), "30 percent".to_string(), None),
        ],
        "220 billion masks is cited by its note"
    );
    let drifted = &diagnostics(&report)[1].1;
    assert_eq!(drifted["severity"], "information");
    assert!(
        drifted["message"]
            .as_str()
            .unwrap()
            .contains("“and exports rose by 30 percent”")
    );
    assert_eq!(
        (
            drifted["start"]["line"].as_u64(),
            drifted["start"]["column"].as_u64()
        ),
        (Some(3), Some(position_of(NOTED, "and exports").1))
    );

    // For people: the codes, and the summary counts the notes.
    let r = run(&["check", p(&talk)]);
    assert_eq!(r.status, 1);
    assert!(r.stdout.contains("info[note-orphaned]: note urn:uuid:aaaaaaaa-0000-4000-8000-000000000003 in talk.txt.notes.json is no longer found in the transcript; it was on “a sentence that was cut”"), "{}", r.stdout);
    assert!(r.stdout.contains("info[note-drifted]"));
    assert!(
        r.stdout.ends_with(
            "1 uncited figure in 1 file (1 file checked); 1 orphaned note; 1 drifted note\n"
        ),
        "{}",
        r.stdout
    );
    // SARIF knows the rules.
    let r = run(&["check", "--format", "sarif", p(&talk)]);
    let sarif = json(&r.stdout);
    let rules = sarif_rules(&sarif);
    assert_eq!(rules, documented_codes());
    // A folder search never checks the sidecar as a transcript.
    let r = run(&["check", "--format", "json", p(dir.path())]);
    assert_eq!(json(&r.stdout)["files"].as_array().unwrap().len(), 1);
}

#[test]
fn a_note_whose_figure_changed_says_old_and_new_on_the_new_words() {
    let sidecar = noted_sidecar();
    let changed = NOTED.replace("220 billion", "200 billion");
    let dir = folder(&[
        ("talk.txt", changed.as_bytes()),
        ("talk.txt.notes.json", sidecar.as_bytes()),
    ]);
    let talk = dir.path().join("talk.txt");
    let r = run(&["check", "--format", "json", p(&talk)]);
    let report = json(&r.stdout);
    let found = diagnostics(&report);
    let drifted: Vec<&Value> = found
        .iter()
        .map(|(_, d)| d)
        .filter(|d| d["note"] == "urn:uuid:aaaaaaaa-0000-4000-8000-000000000001")
        .collect();
    assert_eq!(drifted.len(), 1, "{found:#?}");
    let d = drifted[0];
    assert_eq!(d["code"], "note-drifted");
    assert_eq!(
        d["message"],
        "the figure under note urn:uuid:aaaaaaaa-0000-4000-8000-000000000001 changed: \
         the quote said 220 billion; the transcript now says 200 billion"
    );
    // On the new words, not at the start of the file.
    assert_eq!(d["text"], "200 billion masks");
    let (line, column) = position_of(&changed, "200 billion masks");
    assert_eq!(
        (d["start"]["line"].as_u64(), d["start"]["column"].as_u64()),
        (Some(line), Some(column))
    );
    // Its source was for the old figure: the new one is flagged.
    assert!(
        found
            .iter()
            .any(|(_, d)| d["code"] == "uncited-figure" && d["text"] == "200 billion masks"),
        "{found:#?}"
    );
    // The orphaned note is named with its sidecar.
    assert!(
        found.iter().any(|(_, d)| d["message"]
            == "note urn:uuid:aaaaaaaa-0000-4000-8000-000000000003 in talk.txt.notes.json \
                is no longer found in the transcript; it was on “a sentence that was cut”"),
        "{found:#?}"
    );

    // For people, and in the notes listing.
    let r = run(&["check", p(&talk)]);
    assert!(
        r.stdout
            .contains("the quote said 220 billion; the transcript now says 200 billion"),
        "{}",
        r.stdout
    );
    let r = run(&["notes", "--format", "json", p(&talk)]);
    let notes = json(&r.stdout);
    assert_eq!(
        notes["notes"][0]["change"],
        serde_json::json!({"was": "220 billion", "now": "200 billion"})
    );
    let r = run(&["notes", p(&talk)]);
    assert!(
        r.stdout
            .contains("the quote said 220 billion; the transcript now says 200 billion\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_broken_sidecar_is_reported_on_itself_and_never_hides_its_transcript() {
    let broken = b"{\"items\": [\n  {\"id\": \"urn:uuid:1\"}\n  {\"id\": \"urn:uuid:2\"}\n]}\n";
    let dir = folder(&[
        ("talk.txt", NOTED.as_bytes()),
        ("talk.txt.notes.json", broken),
        ("other.txt", b"A: Nothing to count here.\n"),
    ]);
    let sidecar = dir.path().join("talk.txt.notes.json");
    let r = run(&["check", "--format", "json", p(dir.path())]);
    assert_eq!(r.status, 2, "a file could not be read: {}", r.stdout);
    assert_eq!(
        r.stderr,
        format!(
            "transcript-ls: {}: not valid JSON at line 3 column 3: expected `,` or `]`\n",
            sidecar.display()
        )
    );
    let report = json(&r.stdout);
    let files = report["files"].as_array().unwrap();
    let by_path = |path: &Path| {
        files
            .iter()
            .find(|f| f["path"] == p(path))
            .unwrap_or_else(|| panic!("{} in {files:#?}", path.display()))
    };
    // The transcript is checked, without notes: its figures are flagged,
    // and its first line says why its notes were not read.
    let talk = by_path(&dir.path().join("talk.txt"));
    assert_eq!(talk["status"], "checked");
    let codes: Vec<&str> = talk["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["notes-malformed", "uncited-figure", "uncited-figure"]
    );
    let first = &talk["diagnostics"][0];
    assert_eq!(first["start"]["line"], 1);
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("checked without them"),
        "{first}"
    );
    // The sidecar: failed, with the error where the JSON breaks.
    let side = by_path(&sidecar);
    assert_eq!(side["status"], "failed");
    assert_eq!(side["diagnostics"][0]["code"], "notes-malformed");
    assert_eq!(side["diagnostics"][0]["severity"], "error");
    assert_eq!(
        (
            side["diagnostics"][0]["start"]["line"].as_u64(),
            side["diagnostics"][0]["start"]["column"].as_u64()
        ),
        (Some(3), Some(3))
    );
    assert_eq!(report["summary"]["files"]["checked"], 2);
    assert_eq!(report["summary"]["files"]["failed"], 1);

    // For people: both files checked, the sidecar not read, and said so.
    let r = run(&["check", p(dir.path())]);
    assert_eq!(r.status, 2);
    assert!(r.stdout.contains("error[notes-malformed]"), "{}", r.stdout);
    assert!(
        r.stdout.ends_with(
            "2 uncited figures in 1 file (2 files checked; 1 file could not be read); \
             1 problem in notes files\n"
        ),
        "{}",
        r.stdout
    );
    // SARIF points at the sidecar itself.
    let r = run(&["check", "--format", "sarif", p(dir.path())]);
    let sarif = json(&r.stdout);
    let on_sidecar = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .ends_with("talk.txt.notes.json")
        })
        .count();
    assert_eq!(on_sidecar, 1);
    let rule = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "notes-malformed")
        .expect("a rule for it");
    assert_eq!(rule["defaultConfiguration"]["level"], "error");
    assert_eq!(
        sarif["runs"][0]["invocations"][0]["executionSuccessful"],
        false
    );

    // Never written, by check or by notes.
    assert_eq!(std::fs::read(&sidecar).unwrap(), broken);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 3, "no file was written");
    let r = run(&["notes", p(&dir.path().join("talk.txt"))]);
    assert_eq!(r.status, 2);
    assert!(
        r.stderr
            .contains("talk.txt.notes.json: malformed notes file"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&sidecar).unwrap(), broken);
}

/// The one-based line of byte `offset` of `text`.
fn line_at(text: &str, offset: usize) -> u64 {
    text[..offset].matches('\n').count() as u64 + 1
}

#[test]
fn sidecars_of_other_shapes_and_duplicate_ids_are_reported_with_their_line() {
    let note = |id: &str, exact: &str| {
        serde_json::json!({"id": id, "type": "Annotation", "motivation": "linking",
            "body": {"type": "SpecificResource", "source": "https://example.org/masks"},
            "target": {"selector": {"type": "TextQuoteSelector", "exact": exact}}})
    };
    let items = serde_json::to_string_pretty(&serde_json::json!({
        "type": "AnnotationCollection",
        "items": [note("urn:uuid:1", "220 billion masks"), note("urn:uuid:1", "30 percent"), "a string"]
    }))
    .unwrap();
    for (sidecar, expected) in [
        ("{}", vec![("notes-not-a-collection", 1)]),
        ("[]", vec![]),
        ("[1]", vec![("note-not-an-annotation", 1)]),
        (
            items.as_str(),
            vec![
                // On the second note's id, and on the item.
                (
                    "note-duplicate-id",
                    line_at(&items, items.rfind("\"urn:uuid:1\"").unwrap()),
                ),
                (
                    "note-not-an-annotation",
                    position_of(&items, "\"a string\"").0,
                ),
            ],
        ),
    ] {
        let dir = folder(&[
            ("talk.txt", NOTED.as_bytes()),
            ("talk.txt.notes.json", sidecar.as_bytes()),
        ]);
        let r = run(&["check", "--format", "json", p(dir.path())]);
        let report = json(&r.stdout);
        let on_sidecar: Vec<(String, u64)> = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"].as_str().unwrap().ends_with(".notes.json"))
            .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["start"]["line"].as_u64().unwrap(),
                )
            })
            .collect();
        let expected: Vec<(String, u64)> =
            expected.iter().map(|(c, l)| (c.to_string(), *l)).collect();
        assert_eq!(on_sidecar, expected, "{sidecar}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("talk.txt.notes.json")).unwrap(),
            sidecar
        );
    }
}

#[test]
fn notes_lists_each_note_with_its_status_for_people_and_programs() {
    let sidecar = noted_sidecar();
    let dir = folder(&[
        ("talk.txt", NOTED.as_bytes()),
        ("talk.txt.notes.json", sidecar.as_bytes()),
    ]);
    let talk = dir.path().join("talk.txt");
    let r = run(&["notes", p(&talk)]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let (line, column) = position_of(NOTED, "220 billion masks");
    let (_, drift_column) = position_of(NOTED, "and exports");
    assert_eq!(
        r.stdout,
        format!(
            "{line}:{column}  anchored  linking     “220 billion masks”  https://example.org/exports\n\
             {line}:{drift_column}  drifted   commenting  “and exports rose by 30 percent”  Compare with last year.\n\
             -     orphaned  commenting  “a sentence that was cut”  Who said this?\n\
             \n\
             {}: 3 notes (1 anchored, 1 drifted, 1 orphaned)\n",
            talk.display()
        )
    );

    let r = run(&["notes", "--format", "json", p(&talk)]);
    assert_eq!(r.status, 0);
    let report = json(&r.stdout);
    assert_eq!(report["version"], 1);
    assert_eq!(report["path"], p(&talk));
    assert_eq!(
        report["sidecar"],
        p(&dir.path().join("talk.txt.notes.json"))
    );
    let notes = report["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 3);
    assert_eq!(notes[0]["status"], "anchored");
    assert_eq!(notes[0]["motivation"], "linking");
    assert_eq!(notes[0]["quote"], "220 billion masks");
    assert_eq!(notes[0]["text"], "220 billion masks");
    assert_eq!(
        notes[0]["start"],
        serde_json::json!({"line": line, "column": column})
    );
    assert_eq!(notes[0]["end"]["column"], column + 17);
    assert_eq!(
        notes[0]["sources"],
        serde_json::json!(["https://example.org/exports"])
    );
    assert_eq!(notes[0]["body"], Value::Null);
    assert_eq!(notes[1]["status"], "drifted");
    assert_eq!(notes[1]["text"], "and exports grew by 30 percent");
    assert_eq!(notes[1]["body"], "Compare with\nlast year.");
    assert_eq!(notes[2]["status"], "orphaned");
    assert_eq!(notes[2]["start"], Value::Null);
    assert_eq!(notes[2]["text"], Value::Null);

    // No sidecar: no notes, not an error.
    let r = run(&["notes", UNCITED]);
    assert_eq!(
        (r.status, r.stdout.as_str()),
        (0, "tests/fixtures/uncited.txt: no notes\n")
    );
    let r = run(&["notes", "--format", "json", UNCITED]);
    assert_eq!(json(&r.stdout)["notes"], serde_json::json!([]));
    // A missing transcript is an error.
    assert_eq!(run(&["notes", "tests/fixtures/nope.txt"]).status, 2);
}

// ---------------------------------------------------------------- check: fail closed

#[test]
fn a_text_without_speaker_labels_is_said_so_and_still_checked() {
    let dir = folder(&[
        (
            "memo.txt",
            b"Harbour memo\n\nThe port handled 4,200 ships last year.\n",
        ),
        ("one.txt", b"MINISTER: We shipped 220 billion masks.\n"),
    ]);
    let r = run(&["check", "--format", "json", p(dir.path())]);
    assert_eq!(
        r.status, 1,
        "a file it could not read as a transcript fails"
    );
    let report = json(&r.stdout);
    for (k, figure) in [(0, "4,200 ships"), (1, "220 billion masks")] {
        let d = &report["files"][k]["diagnostics"];
        assert_eq!(d[0]["code"], "unrecognised-layout", "{d}");
        assert_eq!(d[0]["severity"], "warning");
        assert_eq!(d[0]["start"]["line"], 1);
        assert_eq!(
            d[1]["code"], "uncited-figure",
            "its figures are checked: {d}"
        );
        assert_eq!(d[1]["text"], figure);
    }
    assert_eq!(report["summary"]["findings"]["unrecognised-layout"], 2);
    let r = run(&["check", p(&dir.path().join("memo.txt"))]);
    assert!(
        r.stdout
            .contains("warning[unrecognised-layout]: no speaker labels found"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.ends_with(
            "1 uncited figure in 1 file (1 file checked); 1 file without speaker labels\n"
        ),
        "{}",
        r.stdout
    );
    let r = run(&["check", "--format", "sarif", p(dir.path())]);
    let sarif = json(&r.stdout);
    let rules = sarif_rules(&sarif);
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "unrecognised-layout");
    assert_eq!(
        rules[result["ruleIndex"].as_u64().unwrap() as usize],
        "unrecognised-layout"
    );
}

#[test]
fn a_run_that_read_nothing_never_says_all_clear() {
    let dir = folder(&[
        ("scan.txt", b"\xff\xd8\xff\xe0 binary"),
        ("blank.txt", b"  \n\n"),
        ("empty/.keep", b""),
    ]);
    for (args, summary) in [
        (
            vec!["check", "tests/fixtures/missing.txt"],
            "nothing checked (1 file could not be read)\n",
        ),
        (
            vec!["check", p(&dir.path().join("scan.txt"))],
            "nothing checked (1 file could not be read)\n",
        ),
        (
            vec!["check", p(&dir.path().join("blank.txt"))],
            "nothing checked (skipped: 1 without text)\n",
        ),
        (
            vec!["check", p(&dir.path().join("empty"))],
            "nothing checked (no files found)\n",
        ),
    ] {
        let r = run(&args);
        assert_eq!(r.status, 2, "{args:?}: {}", r.stdout);
        assert_eq!(r.stdout, summary, "{args:?}");
        assert!(!r.stderr.is_empty(), "{args:?}: the reason is on stderr");
    }
    // SARIF says the run failed, and which file could not be read.
    let r = run(&[
        "check",
        "--format",
        "sarif",
        "tests/fixtures/missing.txt",
        NO_FIGURES,
    ]);
    assert_eq!(r.status, 2);
    let invocation = &json(&r.stdout)["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let told = &invocation["toolExecutionNotifications"][0];
    assert_eq!(told["level"], "error");
    assert_eq!(
        told["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/missing.txt"
    );
    // In JSON, each file says what became of it.
    let r = run(&["check", "--format", "json", p(dir.path()), NO_FIGURES]);
    assert_eq!(r.status, 2);
    let report = json(&r.stdout);
    let statuses: Vec<(&str, &str)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            let name = path.rsplit(['/', '\\']).next().unwrap();
            (name, f["status"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("blank.txt", "skipped"),
            ("scan.txt", "failed"),
            ("no-figures.txt", "checked")
        ]
    );
    assert_eq!(report["files"][0]["why"], "without text");
    assert!(
        report["files"][1]["error"]
            .as_str()
            .unwrap()
            .contains("not UTF-8 text")
    );
}

#[test]
fn a_citation_without_a_source_does_not_cite() {
    let text = "Q: How many masks?\n\
                A: We shipped 220 billion masks.[^1] We hired 450 nurses [@]. \
                We built 12 clinics.[^2] We trained 90 pilots.[^3]\n\
                \n\
                [^1]:\n\
                [^2]: TODO\n\
                [^3]: Ministry of Health, annual report 2024.\n";
    let dir = folder(&[("talk.txt", text.as_bytes())]);
    let path = dir.path().join("talk.txt");
    let r = run(&["check", "--format", "json", p(&path)]);
    assert_eq!(r.status, 1);
    let report = json(&r.stdout);
    let found: Vec<(&str, &str, u64)> = report["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["text"].as_str().unwrap(),
                d["related"]["start"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    // Each stub is pointed at: the empty definitions on lines 4 and 5, the
    // empty key on the figure's own line.
    assert_eq!(
        found,
        [
            ("empty-citation", "220 billion masks", 4),
            ("empty-citation", "450 nurses", 2),
            ("empty-citation", "12 clinics", 5),
        ]
    );
    let r = run(&["check", p(&path)]);
    assert!(
        r.stdout.contains(
            "warning[empty-citation]: figure whose citation holds no source: 220 billion masks"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("`[^1]` is here, but its footnote definition holds no source yet"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.ends_with(
            "3 uncited figures (3 with a citation that holds no source) in 1 file (1 file checked)\n"
        ),
        "{}",
        r.stdout
    );
}

#[test]
fn every_finding_says_how_to_resolve_it() {
    let r = run(&["check", UNCITED]);
    assert_eq!(r.status, 1);
    let findings =
        r.stdout.matches("\nwarning[").count() + usize::from(r.stdout.starts_with("warning["));
    let helps = r
        .stdout
        .matches("= help: cite it with [@key] or [^n]")
        .count();
    assert!(findings > 0);
    assert_eq!(helps, findings, "{}", r.stdout);
}

/// The command names `transcript-ls --help` lists under "Commands:".
fn subcommands() -> Vec<String> {
    let r = run(&["--help"]);
    assert_eq!(r.status, 0, "{}", r.stderr);
    let commands = r
        .stdout
        .split("\nCommands:\n")
        .nth(1)
        .expect("a Commands list in --help");
    commands
        .lines()
        .take_while(|l| !l.trim().is_empty())
        // A command's line is indented two spaces; its wrapped help, more.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// The usage block of the README's "## The command line": one line per
/// command, `transcript-ls NAME …` (`[serve]` for the default).
#[test]
fn the_readme_lists_every_subcommand() {
    let readme = read("README.md");
    let block = readme
        .split("\n## The command line\n\n```text\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a usage block under \"## The command line\"");
    let commands = subcommands();
    assert!(
        commands.len() >= 5 && commands.contains(&"check".to_string()),
        "read the commands of --help: {commands:?}"
    );
    let missing: Vec<&String> = commands
        .iter()
        .filter(|name| {
            !block.lines().any(|l| {
                l.starts_with(&format!("transcript-ls {name} "))
                    || l.starts_with(&format!("transcript-ls [{name}] "))
            })
        })
        .collect();
    assert!(
        missing.is_empty(),
        "commands of --help missing from the README's usage block: {missing:?}\n{block}"
    );
}

/// The paragraph on `check --format sarif` names every rule of the log.
#[test]
fn the_readme_names_every_sarif_rule() {
    let r = run(&["check", "--format", "sarif", UNCITED]);
    assert_eq!(r.status, 1, "{}", r.stderr);
    let log = json(&r.stdout);
    let rules = sarif_rules(&log);
    assert!(rules.len() >= 11, "the log's rules: {rules:?}");
    let readme = read("README.md");
    let paragraph = readme
        .split("\n`check --format sarif` writes")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("a paragraph on `check --format sarif`");
    let missing: Vec<&&str> = rules
        .iter()
        .filter(|id| !paragraph.contains(&format!("`{id}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "SARIF rules the README's paragraph on `check --format sarif` does not name: {missing:?}"
    );
}
