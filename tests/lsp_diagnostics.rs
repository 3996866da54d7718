//! Diagnostics on uncited figures, their quick fixes and the settings that
//! shape them, driven as an editor drives the server, in process.

mod support;

use std::time::Duration;

use serde_json::{Value, json};
use support::{Mirror, TestClient, Units, capabilities};

const DEBOUNCE: Duration = Duration::from_millis(10);

/// Two answers with uncited figures; the first sits after `’` and `😀`, so
/// its columns differ in every encoding.
const INTERVIEW: &str = "\
Question: How many masks did the country ship abroad last year?

Minister Lin: It’s a story of scale 😀: we shipped 220 billion masks.

Question: And what about protective suits for doctors?

Minister Lin: More than 2.25 billion protective suits, by our count.
";

const URI: &str = "file:///tmp/interview.txt";

async fn started(utf8: bool, pull: bool, options: Value) -> TestClient {
    let client = TestClient::in_process(DEBOUNCE);
    client.initialize(capabilities(utf8, pull), options).await;
    client
}

fn messages(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics
        .iter()
        .map(|d| d["message"].as_str().expect("a message"))
        .collect()
}

fn about<'a>(diagnostics: &'a [Value], figure: &str) -> Option<&'a Value> {
    diagnostics
        .iter()
        .find(|d| d["message"].as_str().is_some_and(|m| m.contains(figure)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_have_the_right_ranges_in_utf16_and_utf8() {
    for units in [Units::Utf16, Units::Utf8] {
        let client = started(units == Units::Utf8, false, Value::Null).await;
        let doc = Mirror::new(URI, INTERVIEW, units);
        client.open(URI, INTERVIEW).await;
        let diagnostics = client.diagnostics(URI, 1).await;
        let masks = about(&diagnostics, "220 billion masks")
            .unwrap_or_else(|| panic!("{:?}", messages(&diagnostics)));
        assert_eq!(
            masks["range"],
            doc.range_of("220 billion masks"),
            "{units:?}"
        );
        assert_eq!(
            masks["message"],
            "figure without a citation: 220 billion masks"
        );
        assert_eq!(masks["code"], "uncited-figure");
        assert_eq!(masks["source"], "transcript-ls");
        assert_eq!(masks["severity"], 2);
        assert!(about(&diagnostics, "2.25 billion protective suits").is_some());
        client.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citation_added_by_an_edit_clears_the_diagnostic() {
    let client = started(false, false, Value::Null).await;
    let mut doc = Mirror::new(URI, INTERVIEW, Units::Utf16);
    client.open(URI, INTERVIEW).await;
    assert!(about(&client.diagnostics(URI, 1).await, "220 billion").is_some());
    let cite = doc.insert_after("220 billion masks", " [@customs2021]");
    client.notify("textDocument/didChange", cite).await;
    let after = client.diagnostics(URI, 2).await;
    assert!(
        about(&after, "220 billion").is_none(),
        "{:?}",
        messages(&after)
    );
    assert!(
        about(&after, "2.25 billion").is_some(),
        "the other figure is still uncited"
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_quick_fixes_applied_to_the_text_leave_a_cited_figure() {
    for which in 0..2 {
        let client = started(false, false, Value::Null).await;
        let mut doc = Mirror::new(URI, INTERVIEW, Units::Utf16);
        client.open(URI, INTERVIEW).await;
        let diagnostics = client.diagnostics(URI, 1).await;
        let masks = about(&diagnostics, "220 billion").expect("flagged").clone();
        let actions = actions_on(&client, &masks).await;
        let titles: Vec<&str> = actions
            .iter()
            .map(|a| a["title"].as_str().unwrap())
            .collect();
        assert_eq!(
            titles,
            [
                "Cite with a footnote [^1]",
                "Cite with a Pandoc marker [@]",
                "Mark figure reviewed",
                "Not a claim"
            ]
        );
        let action = &actions[which];
        assert_eq!(action["kind"], "quickfix");
        assert_eq!(action["diagnostics"], json!([masks]));
        let change = &action["edit"]["documentChanges"][0];
        assert_eq!(change["textDocument"], json!({"uri": URI, "version": 1}));
        let edits = change["edits"].as_array().expect("edits").clone();
        // The editor applies the edit and reports it back, last edit first.
        let mut sorted = edits.clone();
        sorted.sort_by_key(|e| std::cmp::Reverse(doc.offset(&e["range"]["start"])));
        let changes: Vec<Value> = sorted
            .iter()
            .map(|e| json!({"range": e["range"], "text": e["newText"]}))
            .collect();
        doc.apply(&edits);
        client
            .notify(
                "textDocument/didChange",
                json!({"textDocument": {"uri": URI, "version": doc.version}, "contentChanges": changes}),
            )
            .await;
        let (_, server_text) = client.server_text(URI).await.expect("open");
        assert_eq!(server_text, doc.text);
        let (marker, source) = if which == 0 {
            assert!(doc.text.contains("220 billion masks[^1]."), "{}", doc.text);
            assert!(
                doc.text.ends_with("by our count.\n\n[^1]: \n"),
                "{:?}",
                doc.text
            );
            ("\n[^1]: ", "Customs office, 2021.")
        } else {
            assert!(doc.text.contains("220 billion masks [@]."), "{}", doc.text);
            ("220 billion masks [@", "customs2021")
        };
        // The stub names no source yet, so the figure stays flagged, now as
        // an empty citation, until the user types the source into it.
        let still = client.diagnostics(URI, doc.version).await;
        let stub = about(&still, "220 billion").expect("still flagged");
        assert_eq!(stub["code"], "empty-citation", "fix {which}: {stub}");
        let typed = doc.insert_after(marker, source);
        client.notify("textDocument/didChange", typed).await;
        let after = client.diagnostics(URI, doc.version).await;
        assert!(
            about(&after, "220 billion").is_none(),
            "fix {which}: {:?}",
            messages(&after)
        );
        assert!(
            about(&after, "2.25 billion").is_some(),
            "the other figure is untouched"
        );
        client.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_edits_is_analysed_once() {
    // Every analysis counts as slow here, so edits wait for the text to
    // rest; the open, with no burst to wait out, is published at once.
    let client = TestClient::in_process_with(transcript_ls::lsp::Options {
        debounce: Duration::from_millis(500),
        quick: Duration::ZERO,
    });
    client
        .initialize(capabilities(false, false), Value::Null)
        .await;
    let mut doc = Mirror::new(URI, INTERVIEW, Units::Utf16);
    client.open(URI, INTERVIEW).await;
    client.diagnostics(URI, 1).await;
    assert_eq!(client.count("textDocument/publishDiagnostics"), 1);
    for _ in 0..50 {
        let end = doc.text.len();
        let e = doc.edit(end, end, "x");
        client.notify("textDocument/didChange", e).await;
    }
    client.diagnostics(URI, 51).await;
    assert_eq!(client.count("textDocument/publishDiagnostics"), 2);
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_a_document_clears_its_diagnostics() {
    let client = started(false, false, Value::Null).await;
    client.open(URI, INTERVIEW).await;
    assert!(!client.diagnostics(URI, 1).await.is_empty());
    client.close(URI).await;
    let cleared = client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == URI && p["version"].is_null()
        })
        .await;
    assert_eq!(cleared["diagnostics"], json!([]));
    assert!(client.server_text(URI).await.is_none());
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_pulls_diagnostics_gets_them_and_no_pushes() {
    let client = started(true, true, Value::Null).await;
    let mut doc = Mirror::new(URI, INTERVIEW, Units::Utf8);
    client.open(URI, INTERVIEW).await;
    let pull = |previous: Option<String>| {
        let mut params = json!({"textDocument": {"uri": URI}});
        if let Some(p) = previous {
            params["previousResultId"] = json!(p);
        }
        client.call("textDocument/diagnostic", params)
    };
    let report = pull(None).await;
    assert_eq!(report["kind"], "full");
    let items = report["items"].as_array().expect("items").clone();
    let masks = about(&items, "220 billion masks").expect("flagged");
    assert_eq!(masks["range"], doc.range_of("220 billion masks"));
    let id = report["resultId"]
        .as_str()
        .expect("a result id")
        .to_string();
    // Nothing changed: the client may keep what it has.
    let again = pull(Some(id.clone())).await;
    assert_eq!(again, json!({"kind": "unchanged", "resultId": id}));
    let e = doc.insert_after("220 billion masks", " [@customs2021]");
    client.notify("textDocument/didChange", e).await;
    let changed = pull(Some(id)).await;
    assert_eq!(changed["kind"], "full");
    assert!(about(changed["items"].as_array().unwrap(), "220 billion").is_none());
    tokio::time::sleep(DEBOUNCE * 10).await;
    assert_eq!(client.count("textDocument/publishDiagnostics"), 0);
    // New settings: the client is asked to pull again.
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"transcript": {"severity": {"count": "error"}}}}),
        )
        .await;
    client
        .wait_for("workspace/diagnostic/refresh", |_| true)
        .await;
    let report = pull(None).await;
    let suits = about(report["items"].as_array().unwrap(), "2.25 billion").expect("flagged");
    assert_eq!(suits["severity"], 1);
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initialization_options_change_a_severity_and_turn_a_kind_off() {
    let client = started(false, false, json!({"severity": {"count": "error"}})).await;
    client.open(URI, INTERVIEW).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    assert_eq!(
        about(&diagnostics, "220 billion").expect("flagged")["severity"],
        1
    );
    client.shutdown().await;

    let client = started(
        false,
        false,
        json!({"transcript": {"severity": {"count": "off"}}}),
    )
    .await;
    client.open(URI, INTERVIEW).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    assert_eq!(diagnostics, Vec::<Value>::new());
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changed_settings_republish_and_null_settings_are_pulled() {
    let client = started(false, false, Value::Null).await;
    client.open(URI, INTERVIEW).await;
    assert_eq!(
        about(&client.diagnostics(URI, 1).await, "220").unwrap()["severity"],
        2
    );
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"transcript": {"severity": {"count": "hint"}}}}),
        )
        .await;
    client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["severity"] == 4))
        })
        .await;
    // A client that sends no settings is asked for them.
    *client.settings.lock().unwrap() = json!({"severity": {"count": "off"}});
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": null}),
        )
        .await;
    client.wait_for("workspace/configuration", |_| true).await;
    client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["diagnostics"] == json!([])
        })
        .await;
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_settings_are_reported_to_the_user_not_fatal() {
    let client = started(
        false,
        false,
        json!({"severity": {"count": "loud"}, "colour": true}),
    )
    .await;
    client.open(URI, INTERVIEW).await;
    // The good default still applies to the key that was wrong.
    assert_eq!(
        about(&client.diagnostics(URI, 1).await, "220").unwrap()["severity"],
        2
    );
    let shown = client
        .wait_for("window/showMessage", |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("severity.count"))
        })
        .await;
    assert_eq!(shown["type"], 2, "a warning");
    client
        .wait_for("window/showMessage", |p| {
            p["message"].as_str().is_some_and(|m| m.contains("colour"))
        })
        .await;
    client.shutdown().await;
}

/// A folder with a `transcript-ls.toml` and a copy of the interview at `rel`.
fn project(toml: &str, rel: &str) -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("transcript-ls.toml"), toml).expect("write the config");
    let file = dir.path().join(rel);
    std::fs::create_dir_all(file.parent().unwrap()).expect("folders");
    std::fs::write(&file, INTERVIEW).expect("write the transcript");
    let uri = |p: &std::path::Path| format!("file://{}", p.display());
    let file_uri = uri(&file);
    let toml_uri = uri(&dir.path().join("transcript-ls.toml"));
    (dir, file_uri, toml_uri)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_nearest_config_file_applies_and_editor_settings_win_over_it() {
    let (_dir, uri, _) = project("[severity]\ncount = \"error\"\n", "interviews/lin.txt");
    let client = started(false, false, Value::Null).await;
    client.open(&uri, INTERVIEW).await;
    let masks = client.diagnostics(&uri, 1).await;
    assert_eq!(
        about(&masks, "220 billion").expect("flagged")["severity"],
        1
    );
    client.shutdown().await;

    let client = started(false, false, json!({"severity": {"count": "hint"}})).await;
    client.open(&uri, INTERVIEW).await;
    let masks = client.diagnostics(&uri, 1).await;
    assert_eq!(
        about(&masks, "220 billion").expect("flagged")["severity"],
        4
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_the_config_excludes_get_no_diagnostics() {
    let (dir, draft, _) = project("exclude = [\"drafts/**\"]\n", "drafts/lin.txt");
    let kept = format!("file://{}", dir.path().join("lin.txt").display());
    std::fs::write(dir.path().join("lin.txt"), INTERVIEW).unwrap();
    let client = started(false, false, Value::Null).await;
    client.open(&draft, INTERVIEW).await;
    client.open(&kept, INTERVIEW).await;
    assert_eq!(client.diagnostics(&draft, 1).await, Vec::<Value>::new());
    assert!(about(&client.diagnostics(&kept, 1).await, "220 billion").is_some());
    client.shutdown().await;
}

/// Rewrites the project's config to turn counts off, and says so as a
/// watching client would.
async fn turn_counts_off(client: &TestClient, dir: &std::path::Path, toml_uri: &str) {
    std::fs::write(
        dir.join("transcript-ls.toml"),
        "[severity]\ncount = \"off\"\n",
    )
    .unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": toml_uri, "type": 2}]}),
        )
        .await;
}

/// Waits until the server has asked to be told of changed files.
async fn watching_files(client: &TestClient) {
    client
        .wait_for("client/registerCapability", |p| {
            p["registrations"].as_array().is_some_and(|r| {
                r.iter()
                    .any(|r| r["method"] == "workspace/didChangeWatchedFiles")
            })
        })
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_config_file_republishes_open_documents() {
    let (dir, uri, toml_uri) = project("[severity]\ncount = \"error\"\n", "lin.txt");
    let client = started(false, false, Value::Null).await;
    watching_files(&client).await;
    client.open(&uri, INTERVIEW).await;
    assert_eq!(
        about(&client.diagnostics(&uri, 1).await, "220").unwrap()["severity"],
        1
    );
    turn_counts_off(&client, dir.path(), &toml_uri).await;
    client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str() && p["diagnostics"] == json!([])
        })
        .await;
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_config_file_that_is_not_toml_is_marked_until_it_is_fixed() {
    // Were the file read, counts would be off; it is not TOML (line 2).
    let (dir, uri, toml_uri) = project("[severity]\ncount = \"off\n", "lin.txt");
    let client = started(false, false, Value::Null).await;
    watching_files(&client).await;
    client.open(&uri, INTERVIEW).await;
    // The transcript is analysed with the defaults: counts are warnings.
    assert_eq!(
        about(&client.diagnostics(&uri, 1).await, "220").unwrap()["severity"],
        2
    );
    let marked = client
        .wait_for("textDocument/publishDiagnostics", |p| p["uri"] == toml_uri)
        .await;
    let diagnostics = marked["diagnostics"].as_array().expect("a list");
    assert_eq!(diagnostics.len(), 1, "{marked}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "config-invalid");
    assert_eq!(d["source"], "transcript-ls");
    assert_eq!(d["severity"], 1, "an error");
    assert_eq!(d["range"]["start"]["line"], 1, "{d}");
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("not valid TOML: ") && m.contains("default settings")),
        "{d}"
    );
    let shown = client
        .wait_for("window/showMessage", |p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("transcript-ls.toml: not valid TOML (line 2)"))
        })
        .await;
    assert_eq!(shown["type"], 2, "a warning");

    // Fixed, the file's diagnostic is cleared and its settings apply.
    turn_counts_off(&client, dir.path(), &toml_uri).await;
    client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == toml_uri.as_str() && p["diagnostics"] == json!([])
        })
        .await;
    client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri.as_str() && p["diagnostics"] == json!([])
        })
        .await;
    assert_eq!(
        client.count("textDocument/publishDiagnostics"),
        4,
        "{:#}",
        Value::Array(client.received())
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_pulls_is_still_told_of_a_broken_config_file() {
    let (_dir, uri, toml_uri) = project("include = [\n", "lin.txt");
    let client = started(true, true, Value::Null).await;
    client.open(&uri, INTERVIEW).await;
    let report = client
        .call(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    assert!(about(report["items"].as_array().unwrap(), "220").is_some());
    let marked = client
        .wait_for("textDocument/publishDiagnostics", |p| p["uri"] == toml_uri)
        .await;
    assert_eq!(
        marked["diagnostics"][0]["code"], "config-invalid",
        "{marked}"
    );
    client.shutdown().await;
}

/// A client that can be asked to show a document at a selection.
async fn showing() -> TestClient {
    let client = TestClient::in_process(DEBOUNCE);
    let mut caps = capabilities(false, false);
    caps["window"] = json!({"showDocument": {"support": true}});
    client.initialize(caps, Value::Null).await;
    client
}

/// The code actions offered on a diagnostic, as an editor asks for them.
async fn actions_on(client: &TestClient, diagnostic: &Value) -> Vec<Value> {
    let actions = client
        .call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": diagnostic["range"],
                   "context": {"diagnostics": [diagnostic]}}),
        )
        .await;
    actions.as_array().expect("a list").clone()
}

/// The code action titled `title` on the diagnostic about `figure`.
async fn action_on(client: &TestClient, figure: &str, title: &str) -> Value {
    let diagnostics = client.diagnostics(URI, 1).await;
    let d = about(&diagnostics, figure).expect("flagged").clone();
    let actions = actions_on(client, &d).await;
    actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no {title:?} in {actions:?}"))
        .clone()
}

/// Runs a code action's command, as an editor does after its edit, and
/// returns the selection the server asked the editor to show.
async fn run_and_see_selection(client: &TestClient, action: &Value) -> Value {
    let command = &action["command"];
    assert_eq!(command["command"], "transcript.placeCursor", "{action}");
    let answer = client
        .call(
            "workspace/executeCommand",
            json!({"command": command["command"], "arguments": command["arguments"]}),
        )
        .await;
    assert_eq!(answer, json!({"shown": true}));
    let shown = client.wait_for("window/showDocument", |_| true).await;
    assert_eq!(shown["uri"], URI);
    assert_eq!(shown["takeFocus"], true);
    shown["selection"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_footnote_fix_puts_the_cursor_in_its_definition() {
    let client = showing().await;
    let mut doc = Mirror::new(URI, INTERVIEW, Units::Utf16);
    client.open(URI, INTERVIEW).await;
    let action = action_on(&client, "220 billion", "Cite with a footnote [^1]").await;
    let change = &action["edit"]["documentChanges"][0];
    doc.apply(change["edits"].as_array().unwrap());
    let selection = run_and_see_selection(&client, &action).await;
    // Right after `[^1]: `, on the definition's line of the edited text.
    let typed_at = doc.text.rfind("[^1]: ").unwrap() + "[^1]: ".len();
    assert_eq!(selection, doc.range(typed_at, typed_at), "{:?}", doc.text);
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_citation_is_flagged_at_the_stub_and_its_fix_leads_there() {
    let text = format!("{INTERVIEW}\n[^1]: TODO\n")
        .replace("220 billion masks.", "220 billion masks[^1].");
    let client = showing().await;
    let doc = Mirror::new(URI, &text, Units::Utf16);
    client.open(URI, &text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let stub = about(&diagnostics, "220 billion").expect("still flagged");
    assert_eq!(stub["code"], "empty-citation");
    assert_eq!(stub["range"], doc.range_of("220 billion masks"));
    let related = &stub["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], URI);
    assert_eq!(related["location"]["range"], doc.range_of("[^1]: TODO"));
    assert!(
        related["message"]
            .as_str()
            .unwrap()
            .contains("holds no source"),
        "{related}"
    );
    let action = action_on(&client, "220 billion", "Write the source of [^1]").await;
    assert_eq!(action["isPreferred"], true);
    assert!(action.get("edit").is_none(), "it changes nothing: {action}");
    // The placeholder is selected, to be typed over.
    let selection = run_and_see_selection(&client, &action).await;
    assert_eq!(selection, doc.range_of("TODO"));
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_cannot_show_documents_gets_the_edits_alone() {
    let text = format!("{INTERVIEW}\n[^1]: TODO\n")
        .replace("220 billion masks.", "220 billion masks[^1].");
    let client = started(false, false, Value::Null).await;
    client.open(URI, &text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let d = about(&diagnostics, "220 billion").expect("flagged").clone();
    let actions = actions_on(&client, &d).await;
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    // Moving the cursor is all that fix does: without showDocument it is
    // left out; the reviewed-note actions stay.
    assert_eq!(titles, ["Mark figure reviewed", "Not a claim"]);
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_without_speaker_labels_says_so_on_its_first_line() {
    let text = "Harbour memo\n\nThe port handled 4,200 ships last year.\n";
    let client = started(false, false, Value::Null).await;
    let doc = Mirror::new(URI, text, Units::Utf16);
    client.open(URI, text).await;
    let diagnostics = client.diagnostics(URI, 1).await;
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["unrecognised-layout", "uncited-figure"]);
    assert_eq!(diagnostics[0]["range"], doc.range_of("Harbour memo"));
    assert_eq!(diagnostics[0]["severity"], 2);
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("no speaker labels found"),
        "{}",
        diagnostics[0]
    );
    // Once a label is written, the document is a transcript and it goes.
    let mut doc = doc;
    let labelled = doc.edit(0, 0, "Q: What does the memo say?\nA: ");
    client.notify("textDocument/didChange", labelled).await;
    let after = client.diagnostics(URI, doc.version).await;
    assert!(
        after.iter().all(|d| d["code"] != "unrecognised-layout"),
        "{:?}",
        messages(&after)
    );
    client.shutdown().await;
}
