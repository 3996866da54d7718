//! The claims desk in the editor, end to end over the built binary's stdio:
//! `transcript.claims` over a workspace of two transcripts that disagree on
//! one figure (one open with unsaved words, one only on disk), and the
//! `disagreeing-figure` diagnostic, published on both sides with related
//! information pointing at the other, and withdrawn from both when one
//! side is edited to agree, pushed or pulled; against a file of the
//! workspace that is not open, it points at the file.

#[path = "support/binary.rs"]
mod binary;
mod support;

use std::path::Path;

use binary::run;
use serde_json::{Value, json};
use support::{Mirror, TestClient, Units, capabilities, path_uri};

const FRIDAY: &str = include_str!("fixtures/claims/harbour-friday.txt");
const FRIDAY_NOTES: &str = include_str!("fixtures/claims/harbour-friday.txt.notes.json");
const MONDAY: &str = include_str!("fixtures/claims/harbour-monday.txt");

/// A workspace folder holding both briefings, Friday's notes, and a file
/// that is not a transcript.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in [
        ("harbour-friday.txt", FRIDAY),
        ("harbour-friday.txt.notes.json", FRIDAY_NOTES),
        ("harbour-monday.txt", MONDAY),
        ("budget.pdf", "not a transcript: 9 ships"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// A workspace folder holding Friday's briefing only, and Monday's in a
/// folder outside it: what disagrees is only what is open.
fn apart() -> (tempfile::TempDir, tempfile::TempDir) {
    let desk = tempfile::tempdir().expect("a temporary folder");
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(desk.path().join("harbour-friday.txt"), FRIDAY).unwrap();
    std::fs::write(elsewhere.path().join("harbour-monday.txt"), MONDAY).unwrap();
    (desk, elsewhere)
}

/// The built server, initialised with `folder` as its workspace.
async fn start(folder: &Path, pull: bool) -> (tokio::process::Child, TestClient) {
    start_with(folder, capabilities(false, pull)).await
}

async fn start_with(folder: &Path, caps: Value) -> (tokio::process::Child, TestClient) {
    let mut child = support::server_process("warn");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let client = TestClient::over(stdout, stdin);
    let uri = path_uri(folder);
    client
        .call(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "desk"}],
                "capabilities": caps,
            }),
        )
        .await;
    client.notify("initialized", json!({})).await;
    (child, client)
}

async fn claims(client: &TestClient, args: Value) -> Result<Value, Value> {
    client
        .request(
            "workspace/executeCommand",
            json!({"command": "transcript.claims", "arguments": args}),
        )
        .await
}

fn file_name(uri: &Value) -> &str {
    uri.as_str().unwrap().rsplit('/').next().unwrap()
}

/// The row whose figure reads `figure`.
fn row<'a>(table: &'a Value, figure: &str) -> &'a Value {
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["figure"] == figure)
        .unwrap_or_else(|| panic!("a row for {figure:?} in {table:#}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_claims_table_covers_open_and_unopened_transcripts_and_their_disagreement() {
    let dir = workspace();
    let (_child, client) = start(dir.path(), false).await;
    let friday_uri = path_uri(&dir.path().join("harbour-friday.txt"));
    let monday_uri = path_uri(&dir.path().join("harbour-monday.txt"));
    // Monday is open with words not saved yet: the table shows the buffer.
    let edited = MONDAY.replace("4,200 ships", "4,300 ships");
    let monday = Mirror::new(&monday_uri, &edited, Units::Utf16);
    client.open(&monday_uri, &monday.text).await;

    let table = claims(&client, json!([])).await.expect("the table");
    assert_eq!(table["version"], 1);
    assert_eq!(table["failed"], json!([]));
    let files: Vec<&str> = table["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| file_name(&f["uri"]))
        .collect();
    assert_eq!(files, ["harbour-friday.txt", "harbour-monday.txt"]);

    // Friday, read from disk, lists what the command line lists for it.
    let cli = run(&[
        "claims",
        "--format",
        "json",
        dir.path().join("harbour-friday.txt").to_str().unwrap(),
    ]);
    assert_eq!(cli.status, 0, "{}", cli.stderr);
    let cli: Value = serde_json::from_str(&cli.stdout).unwrap();
    let expected: Vec<(String, String, u64)> = cli["files"][0]["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["text"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
                c["start"]["line"].as_u64().unwrap() - 1,
            )
        })
        .collect();
    let listed: Vec<(String, String, u64)> = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["uri"] == friday_uri.as_str())
        .map(|r| {
            (
                r["figure"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
                r["range"]["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(expected.len() >= 4, "{expected:?}");
    assert_eq!(listed, expected);

    // The ships disagree, both ways, each pointing at the other's range.
    let ships_friday = row(&table, "3,900 ships");
    let ships_monday = row(&table, "4,300 ships");
    let friday = Mirror::new(&friday_uri, FRIDAY, Units::Utf16);
    assert_eq!(ships_friday["range"], friday.range_of("3,900 ships"));
    assert_eq!(ships_friday["speaker"], "HARBOUR MASTER");
    assert_eq!(ships_friday["clock"], "00:00:09");
    assert_eq!(ships_friday["disagrees"]["total"], 1);
    assert_eq!(
        ships_friday["disagrees"]["with"],
        json!([{"uri": monday_uri, "range": monday.range_of("4,300 ships"), "figure": "4,300 ships"}])
    );
    assert_eq!(
        ships_monday["disagrees"]["with"],
        json!([{"uri": friday_uri, "range": friday.range_of("3,900 ships"), "figure": "3,900 ships"}])
    );
    // Figures that agree, or are about nothing the other says, do not.
    assert_eq!(row(&table, "14 kilometres")["disagrees"], Value::Null);
    assert_eq!(row(&table, "$38 million")["disagrees"], Value::Null);
    // A footnote's source is the detail of a cited figure.
    let cited: Vec<&Value> = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["uri"] == monday_uri.as_str() && r["status"] == "cited")
        .collect();
    assert!(
        cited.iter().any(|r| r["detail"]
            .as_str()
            .is_some_and(|d| d.contains("Port accounts"))),
        "{cited:#?}"
    );

    // One document's rows, compared with the open documents only.
    let one = claims(&client, json!([{"uri": monday_uri}])).await.unwrap();
    let uris: Vec<&str> = one["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| file_name(&r["uri"]))
        .collect();
    assert!(!uris.is_empty());
    assert!(uris.iter().all(|u| *u == "harbour-monday.txt"), "{uris:?}");
    assert_eq!(row(&one, "4,300 ships")["disagrees"], Value::Null);

    // A bad argument is an error, and the server goes on.
    let error = claims(&client, json!([{"uri": 7}]))
        .await
        .expect_err("an error");
    assert_eq!(error["code"], -32602, "{error}");
    assert!(claims(&client, json!([])).await.is_ok());
    client.shutdown().await;
}

/// The diagnostics last published for `uri` since the client last forgot,
/// once at least one came and nothing more has for a while.
async fn settled_list(client: &TestClient, uri: &str) -> Vec<Value> {
    let last = |client: &TestClient| {
        client
            .received()
            .into_iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .count()
    };
    let deadline = tokio::time::Instant::now() + support::TIMEOUT;
    let mut seen = last(client);
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        let now = last(client);
        if now == seen && now > 0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{uri} never settled"
        );
        seen = now;
    }
    let params = client
        .received()
        .into_iter()
        .rev()
        .find(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .unwrap();
    params["params"]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The `disagreeing-figure` diagnostics among `diagnostics`.
fn disagreeing(diagnostics: &[Value]) -> Vec<&Value> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == "disagreeing-figure")
        .collect()
}

/// The one `disagreeing-figure` diagnostic at `range`, pointing at `other`.
fn assert_points(diagnostics: &[Value], range: &Value, other: &str, other_range: &Value) {
    let found = disagreeing(diagnostics);
    assert_eq!(found.len(), 1, "{diagnostics:#?}");
    let d = found[0];
    assert_eq!(&d["range"], range);
    assert_eq!(d["severity"], 3, "information");
    let related = d["relatedInformation"].as_array().unwrap();
    assert_eq!(related.len(), 1);
    assert_eq!(related[0]["location"]["uri"], other);
    assert_eq!(&related[0]["location"]["range"], other_range);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disagreeing_figures_point_at_each_other_until_one_side_agrees() {
    let (dir, elsewhere) = apart();
    let (_child, client) = start(dir.path(), false).await;
    let friday_uri = path_uri(&dir.path().join("harbour-friday.txt"));
    let monday_uri = path_uri(&elsewhere.path().join("harbour-monday.txt"));
    let friday = Mirror::new(&friday_uri, FRIDAY, Units::Utf16);
    let mut monday = Mirror::new(&monday_uri, MONDAY, Units::Utf16);
    client.open(&friday_uri, &friday.text).await;
    let alone = client.diagnostics(&friday_uri, 1).await;
    assert!(disagreeing(&alone).is_empty(), "{alone:#?}");

    client.open(&monday_uri, &monday.text).await;
    let on_monday = client.diagnostics(&monday_uri, 1).await;
    assert_points(
        &on_monday,
        &monday.range_of("4,200 ships"),
        &friday_uri,
        &friday.range_of("3,900 ships"),
    );
    // Friday did not change, yet it is published again, pointing back.
    let has_cross = |p: &Value| {
        p["uri"] == friday_uri.as_str()
            && p["diagnostics"]
                .as_array()
                .is_some_and(|d| !disagreeing(d).is_empty())
    };
    let on_friday = client
        .wait_for("textDocument/publishDiagnostics", has_cross)
        .await;
    assert_points(
        on_friday["diagnostics"].as_array().unwrap(),
        &friday.range_of("3,900 ships"),
        &monday_uri,
        &monday.range_of("4,200 ships"),
    );
    let message = disagreeing(on_friday["diagnostics"].as_array().unwrap())[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(message.contains("4,200 ships"), "{message}");
    assert!(message.contains("harbour-monday.txt:5"), "{message}");

    // Monday's figure is corrected to Friday's: both lose the diagnostic.
    client.forget();
    let at = monday.text.find("4,200").unwrap();
    let change = monday.edit(at, at + "4,200".len(), "3,900");
    client.notify("textDocument/didChange", change).await;
    let after = client.diagnostics(&monday_uri, 2).await;
    assert!(disagreeing(&after).is_empty(), "{after:#?}");
    assert!(!after.is_empty(), "its other findings stay: {after:#?}");
    let friday_now = client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == friday_uri.as_str()
        })
        .await;
    let friday_now = friday_now["diagnostics"].as_array().unwrap();
    assert!(disagreeing(friday_now).is_empty(), "{friday_now:#?}");
    assert!(!friday_now.is_empty(), "its uncited figures stay");

    // Disagreeing again, then closed: the other side is cleared of it (the
    // file is not in the workspace).
    let at = monday.text.find("3,900").unwrap();
    let change = monday.edit(at, at + "3,900".len(), "5,000");
    client.notify("textDocument/didChange", change).await;
    client
        .wait_for("textDocument/publishDiagnostics", has_cross)
        .await;
    client.forget();
    client.close(&monday_uri).await;
    let cleared = client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == friday_uri.as_str()
        })
        .await;
    assert!(disagreeing(cleared["diagnostics"].as_array().unwrap()).is_empty());
    client.shutdown().await;
}

async fn pull(client: &TestClient, uri: &str, previous: Option<&str>) -> Value {
    let mut params = json!({"textDocument": {"uri": uri}});
    if let Some(id) = previous {
        params["previousResultId"] = json!(id);
    }
    client.call("textDocument/diagnostic", params).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pulling_client_is_asked_to_pull_again_and_never_told_unchanged() {
    let (dir, elsewhere) = apart();
    let (_child, client) = start(dir.path(), true).await;
    let friday_uri = path_uri(&dir.path().join("harbour-friday.txt"));
    let monday_uri = path_uri(&elsewhere.path().join("harbour-monday.txt"));
    client.open(&friday_uri, FRIDAY).await;
    let first = pull(&client, &friday_uri, None).await;
    assert_eq!(first["kind"], "full");
    assert!(disagreeing(first["items"].as_array().unwrap()).is_empty());
    let id = first["resultId"].as_str().unwrap().to_string();
    // Unchanged while nothing changed.
    assert_eq!(
        pull(&client, &friday_uri, Some(&id)).await["kind"],
        "unchanged"
    );

    client.forget();
    client.open(&monday_uri, MONDAY).await;
    let monday = pull(&client, &monday_uri, None).await;
    assert_eq!(disagreeing(monday["items"].as_array().unwrap()).len(), 1);
    client
        .wait_for("workspace/diagnostic/refresh", |_| true)
        .await;
    // Friday's text is as it was, but its list is not.
    let again = pull(&client, &friday_uri, Some(&id)).await;
    assert_eq!(again["kind"], "full", "{again:#}");
    let items = again["items"].as_array().unwrap();
    let friday = Mirror::new(&friday_uri, FRIDAY, Units::Utf16);
    let monday = Mirror::new(&monday_uri, MONDAY, Units::Utf16);
    assert_points(
        items,
        &friday.range_of("3,900 ships"),
        &monday_uri,
        &monday.range_of("4,200 ships"),
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_pulls_but_cannot_be_asked_again_gets_them_pushed() {
    // As Neovim 0.11: pulled diagnostics, no `workspace/diagnostic/refresh`.
    let mut caps = capabilities(false, true);
    caps["workspace"]["diagnostics"]["refreshSupport"] = json!(false);
    let (dir, elsewhere) = apart();
    let (_child, client) = start_with(dir.path(), caps).await;
    let friday_uri = path_uri(&dir.path().join("harbour-friday.txt"));
    let monday_uri = path_uri(&elsewhere.path().join("harbour-monday.txt"));
    client.open(&friday_uri, FRIDAY).await;
    pull(&client, &friday_uri, None).await;
    client.open(&monday_uri, MONDAY).await;
    let pulled = pull(&client, &monday_uri, None).await;
    let items = pulled["items"].as_array().unwrap();
    assert!(!items.is_empty(), "its own findings are pulled");
    assert!(disagreeing(items).is_empty(), "pushed instead: {items:#?}");
    let friday = Mirror::new(&friday_uri, FRIDAY, Units::Utf16);
    let monday = Mirror::new(&monday_uri, MONDAY, Units::Utf16);
    for (uri, range, other, other_range) in [
        (
            &friday_uri,
            friday.range_of("3,900 ships"),
            &monday_uri,
            monday.range_of("4,200 ships"),
        ),
        (
            &monday_uri,
            monday.range_of("4,200 ships"),
            &friday_uri,
            friday.range_of("3,900 ships"),
        ),
    ] {
        let pushed = client
            .wait_for("textDocument/publishDiagnostics", |p| {
                p["uri"] == uri.as_str()
                    && p["diagnostics"].as_array().is_some_and(|d| !d.is_empty())
            })
            .await;
        let list = pushed["diagnostics"].as_array().unwrap();
        assert_eq!(
            list.len(),
            1,
            "only the cross-transcript one is pushed: {list:#?}"
        );
        assert_points(list, &range, other, &other_range);
    }
    assert_eq!(client.count("workspace/diagnostic/refresh"), 0);
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_table_leaves_out_excluded_files_and_names_unreadable_ones() {
    let dir = workspace();
    std::fs::create_dir(dir.path().join("archive")).unwrap();
    std::fs::write(
        dir.path().join("archive/old.txt"),
        "HOST: Hello.\n\nGUEST: We had 7,000 ships then.\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("latin1.txt"), b"HOST: caf\xe9, 12 ships\n").unwrap();
    std::fs::write(
        dir.path().join("transcript-ls.toml"),
        "exclude = [\"archive/**\"]\n",
    )
    .unwrap();
    let (_child, client) = start(dir.path(), false).await;

    let table = claims(&client, json!([null])).await.expect("the table");
    let files: Vec<&str> = table["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| file_name(&f["uri"]))
        .collect();
    assert_eq!(files, ["harbour-friday.txt", "harbour-monday.txt"]);
    assert!(
        table["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["figure"] != "7,000 ships"),
        "an excluded file's figure disagrees with no one"
    );
    let failed = table["failed"].as_array().unwrap();
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert!(failed[0]["path"].as_str().unwrap().ends_with("latin1.txt"));
    assert!(failed[0]["why"].as_str().unwrap().contains("UTF-8"));
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_figure_disagreeing_with_a_workspace_file_points_at_the_file() {
    let dir = workspace();
    let (_child, client) = start(dir.path(), false).await;
    let friday_uri = path_uri(&dir.path().join("harbour-friday.txt"));
    let monday_uri = path_uri(&dir.path().join("harbour-monday.txt"));
    let friday = Mirror::new(&friday_uri, FRIDAY, Units::Utf16);
    let mut monday = Mirror::new(&monday_uri, MONDAY, Units::Utf16);
    client.open(&friday_uri, &friday.text).await;
    // Monday is not open: Friday's figure points at it on disk.
    let points_at = |p: &Value, range: &Value| {
        p["uri"] == friday_uri.as_str()
            && p["diagnostics"].as_array().is_some_and(|d| {
                disagreeing(d).iter().any(|d| {
                    d["relatedInformation"][0]["location"]["uri"] == monday_uri.as_str()
                        && d["relatedInformation"][0]["location"]["range"] == *range
                })
            })
    };
    let on_disk = monday.range_of("4,200 ships");
    client
        .wait_for("textDocument/publishDiagnostics", |p| {
            points_at(p, &on_disk)
        })
        .await;

    // Opened and corrected without saving: the buffer speaks for the file.
    client.open(&monday_uri, &monday.text).await;
    client.forget();
    let at = monday.text.find("4,200").unwrap();
    let change = monday.edit(at, at + "4,200".len(), "3,900");
    client.notify("textDocument/didChange", change).await;
    client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == friday_uri.as_str()
                && p["diagnostics"]
                    .as_array()
                    .is_some_and(|d| !d.is_empty() && disagreeing(d).is_empty())
        })
        .await;

    // Closed unsaved: the file on disk still says 4,200.
    client.forget();
    client.close(&monday_uri).await;
    client
        .wait_for("textDocument/publishDiagnostics", |p| {
            points_at(p, &on_disk)
        })
        .await;

    // The file itself is corrected on disk, opened and closed: read again,
    // it agrees. The last list Friday settles on has no disagreement.
    let corrected = MONDAY.replace("4,200", "3,900");
    std::fs::write(dir.path().join("harbour-monday.txt"), &corrected).unwrap();
    // Friday must be published again for it: only what comes next counts.
    client.forget();
    client.open(&monday_uri, &corrected).await;
    client.close(&monday_uri).await;
    let settled = settled_list(&client, &friday_uri).await;
    assert!(disagreeing(&settled).is_empty(), "{settled:#?}");
    assert!(!settled.is_empty(), "its uncited figures stay");
    client.shutdown().await;
}
