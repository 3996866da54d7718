//! Notes end to end, driven as an editor drives the server, in process:
//! the note commands and the `workspace/applyEdit` that writes the sidecar,
//! hover, diagnostics and go-to-definition on both sides, the fallback
//! write for a client that cannot apply edits, and a sidecar that does not
//! parse, which is never written.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use support::{Mirror, TestClient, Units, capabilities, path_uri};

const DEBOUNCE: Duration = Duration::from_millis(10);

/// An interview written for these tests. `87 clinics` sits after `’` and
/// `😀`, so its byte, UTF-16 and code-point positions all differ.
const TEXT: &str = "\
Host: Welcome back. Today we look at the clinics programme.

Question: How many clinics opened this year?

Dr. Okafor: It’s been a busy year 😀: we opened 87 clinics across the region.

Question: And the staff?

Dr. Okafor: We hired 450 nurses, and the budget rose by 12 percent over the year.
";

/// A transcript on disk, with where its sidecar goes.
struct Project {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    uri: String,
    sidecar: PathBuf,
    sidecar_uri: String,
}

fn project(text: &str) -> Project {
    let dir = tempfile::tempdir().expect("a temp dir");
    let path = dir.path().join("clinics interview.txt");
    std::fs::write(&path, text).expect("write the transcript");
    let sidecar = dir.path().join("clinics interview.txt.notes.json");
    Project {
        dir: dir.path().to_path_buf(),
        uri: path_uri(&path),
        sidecar_uri: path_uri(&sidecar),
        sidecar,
        _dir: dir,
    }
}

async fn started(caps: Value) -> TestClient {
    let client = TestClient::in_process(DEBOUNCE);
    client.initialize(caps, Value::Null).await;
    client
}

async fn command(client: &TestClient, name: &str, args: Value) -> Result<Value, Value> {
    client
        .request(
            "workspace/executeCommand",
            json!({"command": name, "arguments": [args]}),
        )
        .await
}

/// Waits for diagnostics of `uri` that satisfy `pred`.
async fn diagnostics_where(
    client: &TestClient,
    uri: &str,
    pred: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let params = client
        .wait_for("textDocument/publishDiagnostics", |p| {
            p["uri"] == uri && pred(p["diagnostics"].as_array().map_or(&[][..], |v| v))
        })
        .await;
    params["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Whether a diagnostic is about `figure`.
fn flags(diagnostics: &[Value], figure: &str) -> bool {
    diagnostics.iter().any(|d| {
        d["code"] == "uncited-figure" && d["message"].as_str().is_some_and(|m| m.contains(figure))
    })
}

fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> Vec<&'a Value> {
    diagnostics.iter().filter(|d| d["code"] == code).collect()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("the sidecar exists");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The annotations of a sidecar, wherever the collection keeps them.
fn notes_of(sidecar: &Value) -> Vec<Value> {
    let items = sidecar["first"]["items"]
        .as_array()
        .or(sidecar["items"].as_array())
        .or(sidecar.as_array());
    items.cloned().unwrap_or_default()
}

fn hover_text(hover: &Value) -> String {
    hover["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn position_of(doc: &Mirror, needle: &str, within: usize) -> Value {
    let at = doc.text.find(needle).expect("needle") + within;
    doc.position(at)
}

/// A sidecar another tool wrote: one note on `quote` with `id`, with
/// members this program does not know.
fn foreign_sidecar(notes: &[(&str, &str, &str)]) -> String {
    let items: Vec<Value> = notes
        .iter()
        .map(|(id, quote, text)| {
            json!({
                "id": id, "type": "Annotation", "motivation": "commenting",
                "created": "2025-01-02T03:04:05Z",
                "x-reviewer-flag": {"kept": true},
                "body": {"type": "TextualBody", "value": text, "format": "text/markdown"},
                "target": {"source": "clinics interview.txt",
                           "selector": {"type": "TextQuoteSelector", "exact": quote}}
            })
        })
        .collect();
    serde_json::to_string_pretty(&json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "items": items
    }))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn add_note_creates_a_w3c_sidecar_and_hover_shows_the_note() {
    let p = project(TEXT);
    let client = started(capabilities(false, false)).await;
    let caps_registered = client
        .wait_for("client/registerCapability", |p| {
            p.to_string().contains("**/*.notes.json")
        })
        .await;
    assert!(caps_registered.to_string().contains("transcript-ls.toml"));
    client.open(&p.uri, TEXT).await;
    let doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
    let before = diagnostics_where(&client, &p.uri, |d| !d.is_empty()).await;
    assert!(flags(&before, "87 clinics"));

    let answer = command(
        &client,
        "transcript.addNote",
        json!({"uri": p.uri, "range": doc.range_of("87 clinics"), "text": "Ministry list, *March*."}),
    )
    .await
    .expect("the command succeeds");
    let id = answer["id"]
        .as_str()
        .expect("the new note's id")
        .to_string();
    assert!(id.starts_with("urn:uuid:"), "{id}");

    // The edit created the file, then filled it.
    let apply = client.wait_for("workspace/applyEdit", |_| true).await;
    let changes = &apply["edit"]["documentChanges"];
    assert_eq!(changes[0]["kind"], "create");
    assert_eq!(changes[0]["uri"], p.sidecar_uri);
    assert_eq!(changes[1]["textDocument"]["uri"], p.sidecar_uri);

    let file = read_json(&p.sidecar);
    assert_eq!(file["@context"], "http://www.w3.org/ns/anno.jsonld");
    assert_eq!(file["type"], "AnnotationCollection");
    let notes = notes_of(&file);
    assert_eq!(notes.len(), 1);
    let note = &notes[0];
    assert_eq!(note["id"], id);
    assert_eq!(note["type"], "Annotation");
    assert_eq!(note["motivation"], "commenting");
    assert_eq!(
        note["body"],
        json!({"type": "TextualBody", "value": "Ministry list, *March*.", "format": "text/markdown"})
    );
    assert!(note["created"].as_str().is_some_and(|c| c.ends_with('Z')));
    assert_eq!(note["target"]["source"], "clinics interview.txt");
    let selectors = note["target"]["selector"].as_array().expect("selectors");
    let quote = selectors
        .iter()
        .find(|s| s["type"] == "TextQuoteSelector")
        .expect("a quote selector");
    assert_eq!(quote["exact"], "87 clinics");
    assert!(
        quote["prefix"]
            .as_str()
            .unwrap()
            .ends_with("😀: we opened ")
    );
    assert!(
        quote["suffix"]
            .as_str()
            .unwrap()
            .starts_with(" across the region.")
    );
    let position = selectors
        .iter()
        .find(|s| s["type"] == "TextPositionSelector")
        .expect("a position selector");
    // Code points, as the W3C model counts: 😀 and ’ are one each.
    let start = TEXT[..TEXT.find("87 clinics").unwrap()].chars().count();
    assert_eq!(position["start"], start);
    assert_eq!(position["end"], start + 10);

    // The server knows the note at once, without waiting for the file.
    let hover = client
        .hover(&p.uri, position_of(&doc, "87 clinics", 1))
        .await;
    let text = hover_text(&hover);
    assert!(text.contains("Ministry list, *March*."), "{text}");
    assert!(
        text.contains("Value: 87 clinics"),
        "the figure's hover too: {text}"
    );
    // A comment is not a source: the figure stays flagged.
    let symbols = client.document_symbols(&p.uri).await;
    assert_eq!(symbols[1]["detail"], "Question · 1 note", "{symbols:#}");
    assert_eq!(symbols[2]["detail"], "Question");
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cite_figure_and_mark_reviewed_clear_the_figures_they_cover() {
    let p = project(TEXT);
    let client = started(capabilities(true, false)).await;
    client.on_apply_edit(support::disk_editor(Units::Utf8));
    client.open(&p.uri, TEXT).await;
    let doc = Mirror::new(&p.uri, TEXT, Units::Utf8);
    let diagnostics = diagnostics_where(&client, &p.uri, |d| !d.is_empty()).await;
    assert!(flags(&diagnostics, "87 clinics") && flags(&diagnostics, "450 nurses"));
    let clinics = diagnostics
        .iter()
        .find(|d| flags(std::slice::from_ref(d), "87 clinics"))
        .unwrap();

    command(
        &client,
        "transcript.citeFigure",
        json!({"uri": p.uri, "range": clinics["range"], "source": "doi:10.1234/clinics.2024"}),
    )
    .await
    .expect("cited");
    let after = diagnostics_where(&client, &p.uri, |d| !flags(d, "87 clinics")).await;
    assert!(flags(&after, "450 nurses"), "the other figure is untouched");

    // The quick fix offered at a cursor on the figure (an empty range) marks
    // the figure there, as a plain client would run it: the code action's
    // command, sent back through workspace/executeCommand.
    let cursor = position_of(&doc, "450 nurses", 2);
    let actions = client
        .call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": p.uri}, "range": {"start": cursor, "end": cursor},
                   "context": {"diagnostics": []}}),
        )
        .await;
    let reviewed = actions
        .as_array()
        .expect("a list")
        .iter()
        .find(|a| a["title"] == "Mark figure reviewed")
        .unwrap_or_else(|| panic!("no review action in {actions:#}"));
    assert_eq!(reviewed["kind"], "quickfix");
    let cmd = &reviewed["command"];
    assert_eq!(cmd["command"], "transcript.markReviewed");
    command(
        &client,
        "transcript.markReviewed",
        cmd["arguments"][0].clone(),
    )
    .await
    .expect("marked");
    let after = diagnostics_where(&client, &p.uri, |d| !flags(d, "450 nurses")).await;
    assert!(!flags(&after, "87 clinics") && flags(&after, "12 percent"));

    let notes = notes_of(&read_json(&p.sidecar));
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["motivation"], "linking");
    assert_eq!(
        notes[0]["body"],
        json!({"type": "SpecificResource", "source": "https://doi.org/10.1234/clinics.2024", "purpose": "linking"})
    );
    assert_eq!(notes[1]["motivation"], "assessing");
    assert_eq!(notes[1]["body"]["value"], "reviewed");
    let exact = |n: &Value| n["target"]["selector"][0]["exact"].clone();
    assert_eq!(exact(&notes[1]), "450 nurses");

    // The figure's hover names what covers it.
    let hover = hover_text(
        &client
            .hover(&p.uri, position_of(&doc, "87 clinics", 0))
            .await,
    );
    assert!(
        hover.contains("Cited by a note: `https://doi.org/10.1234/clinics.2024`"),
        "{hover}"
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_note_keeps_the_id_and_remove_note_removes_it() {
    let p = project(TEXT);
    std::fs::write(
        &p.sidecar,
        foreign_sidecar(&[
            (
                "urn:uuid:11111111-1111-4111-8111-111111111111",
                "busy year",
                "Old text.",
            ),
            (
                "urn:uuid:22222222-2222-4222-8222-222222222222",
                "450 nurses",
                "Keep me.",
            ),
        ]),
    )
    .unwrap();
    let client = started(capabilities(false, false)).await;
    client.open(&p.uri, TEXT).await;
    let doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
    let first = "urn:uuid:11111111-1111-4111-8111-111111111111";

    let at = client
        .call(
            "transcript/noteAt",
            json!({"uri": p.uri, "position": position_of(&doc, "busy year", 2)}),
        )
        .await;
    assert_eq!(at, json!({"id": first, "text": "Old text."}));

    let answer = command(
        &client,
        "transcript.editNote",
        json!({"uri": p.uri, "id": first, "text": "New **text**."}),
    )
    .await
    .expect("edited");
    assert_eq!(answer["id"], first);
    let notes = notes_of(&read_json(&p.sidecar));
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0]["id"], first);
    assert_eq!(notes[0]["body"]["value"], "New **text**.");
    assert_eq!(notes[0]["created"], "2025-01-02T03:04:05Z");
    let modified = notes[0]["modified"].as_str().expect("modified is set");
    assert!(modified > "2025-01-02T03:04:05Z", "{modified}");
    assert_eq!(notes[0]["x-reviewer-flag"], json!({"kept": true}));
    let hover = hover_text(
        &client
            .hover(&p.uri, position_of(&doc, "busy year", 1))
            .await,
    );
    assert!(hover.contains("New **text**."), "{hover}");

    command(
        &client,
        "transcript.removeNote",
        json!({"uri": p.uri, "id": first}),
    )
    .await
    .expect("removed");
    let notes = notes_of(&read_json(&p.sidecar));
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["body"]["value"], "Keep me.");
    let hover = client
        .hover(&p.uri, position_of(&doc, "busy year", 1))
        .await;
    assert!(hover.is_null(), "{hover}");
    let at = client
        .call(
            "transcript/noteAt",
            json!({"uri": p.uri, "position": position_of(&doc, "busy year", 2)}),
        )
        .await;
    assert!(at.is_null());

    // An id that is not there is an error, and the file stays as it is.
    let bytes = std::fs::read(&p.sidecar).unwrap();
    let error = command(
        &client,
        "transcript.removeNote",
        json!({"uri": p.uri, "id": first}),
    )
    .await
    .expect_err("no such note");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("no note with id"),
        "{error}"
    );
    assert_eq!(std::fs::read(&p.sidecar).unwrap(), bytes);
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_orphaned_note_is_reported_and_reattached_to_a_selection() {
    let p = project(TEXT);
    let id = "urn:uuid:33333333-3333-4333-8333-333333333333";
    std::fs::write(
        &p.sidecar,
        foreign_sidecar(&[(id, "ninety-one clinics", "Where did these go?")]),
    )
    .unwrap();
    let client = started(capabilities(false, false)).await;
    client.open(&p.uri, TEXT).await;
    let doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
    let diagnostics = diagnostics_where(&client, &p.uri, |d| {
        !with_code(d, "note-orphaned").is_empty()
    })
    .await;
    let orphan = with_code(&diagnostics, "note-orphaned")[0].clone();
    assert_eq!(orphan["severity"], 3, "information");
    assert_eq!(
        orphan["range"],
        json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}})
    );
    assert!(
        orphan["message"]
            .as_str()
            .unwrap()
            .contains("“ninety-one clinics”"),
        "{orphan}"
    );
    // It points at the note in the sidecar.
    let related = &orphan["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], p.sidecar_uri);

    // A selection gets an action to reattach it.
    let selection = doc.range_of("87 clinics across the region");
    let actions = client
        .call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": p.uri}, "range": selection, "context": {"diagnostics": []}}),
        )
        .await;
    let reattach = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["command"]["command"] == "transcript.reattachNote")
        .unwrap_or_else(|| panic!("no reattach action in {actions:#}"))
        .clone();
    assert_eq!(
        reattach["title"],
        "Reattach note on “ninety-one clinics” to the selection"
    );
    assert_eq!(reattach["kind"], "quickfix");
    // A plain client has no prompt: no "Add note…".
    assert!(!actions.to_string().contains("Add note"), "{actions:#}");
    let cmd = &reattach["command"];
    let answer = client
        .call(
            "workspace/executeCommand",
            json!({"command": cmd["command"], "arguments": cmd["arguments"]}),
        )
        .await;
    assert_eq!(answer["id"], id);
    diagnostics_where(&client, &p.uri, |d| {
        with_code(d, "note-orphaned").is_empty()
    })
    .await;
    let notes = notes_of(&read_json(&p.sidecar));
    assert_eq!(notes[0]["id"], id);
    let selectors = notes[0]["target"]["selector"].as_array().unwrap();
    assert_eq!(selectors[0]["exact"], "87 clinics across the region");
    assert_eq!(selectors[1]["type"], "TextPositionSelector");
    let hover = hover_text(&client.hover(&p.uri, position_of(&doc, "across", 0)).await);
    assert!(hover.contains("Where did these go?"), "{hover}");
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_sidecar_gives_a_diagnostic_and_is_never_written() {
    let p = project(TEXT);
    // A missing comma: line 4 (0-based 3), right at `"type"`.
    let broken = "{\n  \"items\": [\n    {\"id\": \"urn:uuid:1\"}\n    \"type\": \"x\"\n  ]\n}\n";
    std::fs::write(&p.sidecar, broken).unwrap();
    for applies in [true, false] {
        let mut caps = capabilities(false, false);
        caps["workspace"]["applyEdit"] = json!(applies);
        let client = started(caps).await;
        client.open(&p.uri, TEXT).await;
        client
            .notify(
                "textDocument/didOpen",
                json!({"textDocument": {"uri": p.sidecar_uri, "languageId": "json", "version": 1, "text": broken}}),
            )
            .await;
        let diagnostics = diagnostics_where(&client, &p.sidecar_uri, |d| !d.is_empty()).await;
        assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
        let d = &diagnostics[0];
        assert_eq!(d["code"], "notes-malformed");
        assert_eq!(d["severity"], 1, "an error");
        assert_eq!(d["range"]["start"], json!({"line": 3, "character": 4}));
        // The transcript is still checked, as if it had no notes, and its
        // first line says why its notes are not read.
        let on_transcript = diagnostics_where(&client, &p.uri, |d| {
            !with_code(d, "notes-malformed").is_empty() && flags(d, "87 clinics")
        })
        .await;
        let t = with_code(&on_transcript, "notes-malformed");
        assert_eq!(t.len(), 1, "{on_transcript:#?}");
        assert_eq!(t[0]["range"]["start"], json!({"line": 0, "character": 0}));
        let message = t[0]["message"].as_str().unwrap();
        assert!(
            message.starts_with("the notes in clinics interview.txt.notes.json could not be read (not valid JSON at line 4 column 5"),
            "{message}"
        );
        assert_eq!(
            t[0]["relatedInformation"][0]["location"]["uri"],
            json!(p.sidecar_uri)
        );
        let doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
        for (name, args) in [
            (
                "transcript.addNote",
                json!({"uri": p.uri, "range": doc.range_of("87 clinics"), "text": "x"}),
            ),
            (
                "transcript.markReviewed",
                json!({"uri": p.uri, "range": doc.range_of("450 nurses")}),
            ),
            (
                "transcript.removeNote",
                json!({"uri": p.uri, "id": "urn:uuid:1"}),
            ),
        ] {
            let error = command(&client, name, args).await.expect_err("refused");
            let message = error["message"].as_str().unwrap();
            assert!(
                message.contains(
                    "clinics interview.txt.notes.json is not valid JSON (line 4, column 5"
                ),
                "{message}"
            );
        }
        // With the buffer closed the file itself is read, and refused alike.
        client.close(&p.sidecar_uri).await;
        let error = command(
            &client,
            "transcript.addNote",
            json!({"uri": p.uri, "range": doc.range_of("87 clinics"), "text": "x"}),
        )
        .await
        .expect_err("refused");
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("not valid JSON")
        );
        assert_eq!(client.count("workspace/applyEdit"), 0);
        assert_eq!(std::fs::read_to_string(&p.sidecar).unwrap(), broken);
        client.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_apply_edit_the_server_writes_the_file_itself() {
    // A client that cannot apply edits, then one that declines them.
    for declines in [false, true] {
        let p = project(TEXT);
        let mut caps = capabilities(false, false);
        caps["workspace"]["applyEdit"] = json!(declines);
        let client = started(caps).await;
        if declines {
            client.on_apply_edit(Box::new(|_| {
                (
                    Vec::new(),
                    json!({"applied": false, "failureReason": "read-only"}),
                )
            }));
        }
        client.open(&p.uri, TEXT).await;
        let doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
        command(
            &client,
            "transcript.citeFigure",
            json!({"uri": p.uri, "range": doc.range_of("12 percent"), "source": "@budget2024"}),
        )
        .await
        .expect("written by the server");
        assert_eq!(client.count("workspace/applyEdit"), usize::from(declines));
        let notes = notes_of(&read_json(&p.sidecar));
        assert_eq!(notes.len(), 1);
        assert_eq!(
            notes[0]["body"],
            json!({"type": "TextualBody", "value": "@budget2024", "purpose": "linking"})
        );
        // Written whole, by rename: no temporary file left behind.
        let names: Vec<String> = std::fs::read_dir(&p.dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        diagnostics_where(&client, &p.uri, |d| {
            !d.is_empty() && !flags(d, "12 percent")
        })
        .await;
        // A second note goes into the same file.
        command(
            &client,
            "transcript.addNote",
            json!({"uri": p.uri, "range": doc.range_of("busy year"), "text": "Tone."}),
        )
        .await
        .expect("written again");
        assert_eq!(notes_of(&read_json(&p.sidecar)).len(), 2);
        client.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_sidecar_buffer_wins_and_gets_versioned_edits() {
    let p = project(TEXT);
    let on_disk = foreign_sidecar(&[]);
    std::fs::write(&p.sidecar, &on_disk).unwrap();
    // The editor holds an unsaved note the disk does not have.
    let unsaved = foreign_sidecar(&[(
        "urn:uuid:44444444-4444-4444-8444-444444444444",
        "450 nurses",
        "Unsaved.",
    )]);
    let client = started(capabilities(false, false)).await;
    let buffer = std::sync::Arc::new(std::sync::Mutex::new(Mirror::new(
        &p.sidecar_uri,
        &unsaved,
        Units::Utf16,
    )));
    let editor = buffer.clone();
    client.on_apply_edit(Box::new(move |params| {
        // Apply to the buffer and report it, as an editor does.
        let change = &params["edit"]["documentChanges"][0];
        let mut doc = editor.lock().unwrap();
        assert_eq!(change["textDocument"]["version"], doc.version, "versioned");
        let edits = change["edits"].as_array().unwrap().clone();
        let before = doc.text.clone();
        doc.apply(&edits);
        let notify = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": doc.uri, "version": doc.version},
            "contentChanges": [{"text": doc.text}]}});
        assert_ne!(before, doc.text);
        (vec![notify], json!({"applied": true}))
    }));
    client.open(&p.uri, TEXT).await;
    client
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": p.sidecar_uri, "languageId": "json", "version": 1, "text": unsaved}}),
        )
        .await;
    let doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
    let hover = hover_text(
        &client
            .hover(&p.uri, position_of(&doc, "450 nurses", 1))
            .await,
    );
    assert!(hover.contains("Unsaved."), "{hover}");

    command(
        &client,
        "transcript.addNote",
        json!({"uri": p.uri, "range": doc.range_of("87 clinics"), "text": "Saved later."}),
    )
    .await
    .expect("added");
    let text = buffer.lock().unwrap().text.clone();
    let notes = notes_of(&serde_json::from_str(&text).unwrap());
    assert_eq!(notes.len(), 2, "{text}");
    assert_eq!(notes[0]["body"]["value"], "Unsaved.");
    // The disk is the editor's to write.
    assert_eq!(std::fs::read_to_string(&p.sidecar).unwrap(), on_disk);
    // The next command starts from the buffer as the editor reported it.
    command(
        &client,
        "transcript.markReviewed",
        json!({"uri": p.uri, "range": doc.range_of("12 percent")}),
    )
    .await
    .expect("marked");
    let text = buffer.lock().unwrap().text.clone();
    assert_eq!(
        notes_of(&serde_json::from_str(&text).unwrap()).len(),
        3,
        "{text}"
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn definition_goes_from_the_words_to_the_note_and_back() {
    let p = project(TEXT);
    let id = "urn:uuid:55555555-5555-4555-8555-555555555555";
    let sidecar_text = foreign_sidecar(&[(id, "450 nurses", "Payroll.")]);
    std::fs::write(&p.sidecar, &sidecar_text).unwrap();
    let client = started(capabilities(false, false)).await;
    client.open(&p.uri, TEXT).await;
    let doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
    let location = client
        .call(
            "textDocument/definition",
            json!({"textDocument": {"uri": p.uri}, "position": position_of(&doc, "450 nurses", 4)}),
        )
        .await;
    assert_eq!(location["uri"], p.sidecar_uri);
    let sidecar_doc = Mirror::new(&p.sidecar_uri, &sidecar_text, Units::Utf16);
    let start = sidecar_doc.offset(&location["range"]["start"]);
    let end = sidecar_doc.offset(&location["range"]["end"]);
    let entry = &sidecar_text[start..end];
    assert!(entry.starts_with('{') && entry.ends_with('}'), "{entry}");
    assert!(entry.contains(id));

    // And back, from the sidecar (open too) to the words.
    client
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": p.sidecar_uri, "languageId": "json", "version": 1, "text": sidecar_text}}),
        )
        .await;
    let in_entry = sidecar_doc.position(sidecar_text.find("Payroll").unwrap());
    let back = client
        .call(
            "textDocument/definition",
            json!({"textDocument": {"uri": p.sidecar_uri}, "position": in_entry}),
        )
        .await;
    assert_eq!(back["uri"], p.uri);
    assert_eq!(back["range"], doc.range_of("450 nurses"));
    // The hover on the note shows its words in context.
    let hover = hover_text(&client.hover(&p.sidecar_uri, in_entry.clone()).await);
    assert!(
        hover.contains("**Anchored** · clinics interview.txt, line 9"),
        "{hover}"
    );
    assert!(
        hover.contains("We hired **450 nurses**, and the budget"),
        "{hover}"
    );
    // noteAt works from the sidecar too.
    let at = client
        .call(
            "transcript/noteAt",
            json!({"uri": p.sidecar_uri, "position": in_entry}),
        )
        .await;
    assert_eq!(at["id"], id);
    client.shutdown().await;
}

/// An open transcript with one note on `the budget rose by 12 percent`.
async fn noted_budget() -> (Project, TestClient, Mirror) {
    let p = project(TEXT);
    let client = started(capabilities(false, false)).await;
    let doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
    client.open(&p.uri, TEXT).await;
    command(
        &client,
        "transcript.addNote",
        json!({"uri": p.uri, "range": doc.range_of("the budget rose by 12 percent"), "text": "Check the budget."}),
    )
    .await
    .expect("added");
    (p, client, doc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn editing_the_transcript_drifts_then_orphans_a_note() {
    let (p, client, mut doc) = noted_budget().await;
    let sidecar_text = std::fs::read_to_string(&p.sidecar).unwrap();
    client
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": p.sidecar_uri, "languageId": "json", "version": 1, "text": sidecar_text}}),
        )
        .await;
    // Anchored: no note diagnostics, and the note is on its words.
    let first = diagnostics_where(&client, &p.uri, |d| flags(d, "87 clinics")).await;
    assert!(with_code(&first, "note-drifted").is_empty());

    // A word inside the quote changes: drifted, on the new words.
    let at = doc.text.find("rose").unwrap();
    let change = doc.edit(at, at + 4, "grew");
    client.notify("textDocument/didChange", change).await;
    let drifted = client.diagnostics(&p.uri, doc.version).await;
    let d = with_code(&drifted, "note-drifted");
    assert_eq!(d.len(), 1, "{drifted:#?}");
    assert_eq!(d[0]["range"], doc.range_of("the budget grew by 12 percent"));
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .contains("“the budget rose by 12 percent”"),
        "{}",
        d[0]
    );
    let hover = hover_text(
        &client
            .hover(&p.uri, position_of(&doc, "budget grew", 0))
            .await,
    );
    assert!(hover.contains("The text changed"), "{hover}");

    // The sentence goes: orphaned, where the sidecar last placed it, on
    // both sides, naming the note and its sidecar.
    let start = doc.text.find(", and the budget").unwrap();
    let end = doc.text.find(" over the year").unwrap();
    let change = doc.edit(start, end, "");
    client.notify("textDocument/didChange", change).await;
    let orphaned = client.diagnostics(&p.uri, doc.version).await;
    let o = with_code(&orphaned, "note-orphaned");
    assert_eq!(o.len(), 1, "{orphaned:#?}");
    assert_eq!(
        o[0]["range"]["start"],
        json!({"line": 8, "character": TEXT.lines().nth(8).unwrap().find("the budget").unwrap()}),
        "{:#}",
        o[0]
    );
    let message = o[0]["message"].as_str().unwrap();
    assert!(
        message.contains(" in clinics interview.txt.notes.json is no longer found"),
        "{message}"
    );
    let on_sidecar = diagnostics_where(&client, &p.sidecar_uri, |d| {
        !with_code(d, "note-orphaned").is_empty()
    })
    .await;
    let entry = with_code(&on_sidecar, "note-orphaned")[0];
    let sidecar_doc = Mirror::new(&p.sidecar_uri, &sidecar_text, Units::Utf16);
    let quoted = sidecar_doc.offset(&entry["range"]["start"]);
    assert!(
        sidecar_text[quoted..].starts_with("\"the budget rose"),
        "on the quote"
    );

    // Undone: anchored again.
    let change = doc.edit(start, start, ", and the budget grew by 12 percent");
    client.notify("textDocument/didChange", change).await;
    let back = client.diagnostics(&p.uri, doc.version).await;
    assert!(with_code(&back, "note-orphaned").is_empty(), "{back:#?}");
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_figure_under_a_note_is_said_where_it_now_stands() {
    let (p, client, mut doc) = noted_budget().await;
    diagnostics_where(&client, &p.uri, |d| flags(d, "87 clinics")).await;

    // The figure under the note is corrected: the note says so, on the
    // new words, and hover tells the old figure from the new.
    let at = doc.text.find("12 percent").unwrap();
    let change = doc.edit(at, at + 2, "15");
    client.notify("textDocument/didChange", change).await;
    let now = client.diagnostics(&p.uri, doc.version).await;
    let d = with_code(&now, "note-drifted");
    assert_eq!(d.len(), 1, "{now:#?}");
    assert_eq!(d[0]["range"], doc.range_of("the budget rose by 15 percent"));
    let message = d[0]["message"].as_str().unwrap();
    assert!(
        message.ends_with("the quote said 12 percent; the transcript now says 15 percent"),
        "{message}"
    );
    let hover = hover_text(
        &client
            .hover(&p.uri, position_of(&doc, "budget rose", 0))
            .await,
    );
    assert!(
        hover.contains("the quote said **12 percent**; the transcript now says **15 percent**"),
        "{hover}"
    );
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sidecar_changed_on_disk_is_read_again() {
    let p = project(TEXT);
    let client = started(capabilities(false, false)).await;
    client.open(&p.uri, TEXT).await;
    diagnostics_where(&client, &p.uri, |d| flags(d, "87 clinics")).await;
    // Another tool writes a source for the figure.
    let file = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "AnnotationCollection",
        "items": [{
            "id": "urn:uuid:77777777-7777-4777-8777-777777777777",
            "type": "Annotation", "motivation": "linking",
            "body": {"type": "SpecificResource", "source": "https://example.org/clinics", "purpose": "linking"},
            "target": {"source": "clinics interview.txt",
                       "selector": {"type": "TextQuoteSelector", "exact": "87 clinics"}}
        }]
    });
    std::fs::write(&p.sidecar, file.to_string()).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": p.sidecar_uri, "type": 1}]}),
        )
        .await;
    diagnostics_where(&client, &p.uri, |d| {
        !d.is_empty() && !flags(d, "87 clinics")
    })
    .await;
    // And when it is deleted, the figure is flagged again.
    let published = client.count("textDocument/publishDiagnostics");
    std::fs::remove_file(&p.sidecar).unwrap();
    client
        .notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": [{"uri": p.sidecar_uri, "type": 3}]}),
        )
        .await;
    client
        .wait_for_count("textDocument/publishDiagnostics", published + 1)
        .await;
    let last = client
        .received()
        .into_iter()
        .rev()
        .find(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == p.uri)
        .unwrap();
    assert!(flags(
        last["params"]["diagnostics"].as_array().unwrap(),
        "87 clinics"
    ));
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sidecar_with_duplicate_ids_says_so() {
    let p = project(TEXT);
    let id = "urn:uuid:88888888-8888-4888-8888-888888888888";
    let text = foreign_sidecar(&[(id, "87 clinics", "One."), (id, "450 nurses", "Two.")]);
    std::fs::write(&p.sidecar, &text).unwrap();
    let client = started(capabilities(false, false)).await;
    client
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": p.sidecar_uri, "languageId": "json", "version": 1, "text": text}}),
        )
        .await;
    let diagnostics = diagnostics_where(&client, &p.sidecar_uri, |d| !d.is_empty()).await;
    let dup = with_code(&diagnostics, "note-duplicate-id");
    assert_eq!(dup.len(), 1, "{diagnostics:#?}");
    let doc = Mirror::new(&p.sidecar_uri, &text, Units::Utf16);
    let second = text.rfind(&format!("\"{id}\"")).unwrap();
    assert_eq!(dup[0]["range"]["start"], doc.position(second));
    assert_eq!(dup[0]["severity"], 2);
    // It points at the first note with the id.
    let related = &dup[0]["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], json!(p.sidecar_uri));
    let first = text.find(&format!("\"{id}\"")).unwrap();
    assert_eq!(related["location"]["range"]["start"], doc.position(first));
    // The outline of a sidecar is empty; it is not a transcript.
    assert_eq!(client.document_symbols(&p.sidecar_uri).await, json!([]));
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_offers_the_note_commands_and_their_prompts() {
    let p = project(TEXT);
    let client = TestClient::in_process(DEBOUNCE);
    let mut caps = capabilities(false, false);
    caps["experimental"] =
        json!({"transcript": {"prompts": {"addNote": "my.addNote", "citeFigure": "my.cite"}}});
    let server = client.initialize(caps, Value::Null).await;
    let commands = &server["executeCommandProvider"]["commands"];
    assert_eq!(
        commands,
        &json!([
            "transcript.addNote",
            "transcript.editNote",
            "transcript.citeFigure",
            "transcript.markReviewed",
            "transcript.removeNote",
            "transcript.reattachNote",
            "transcript.copyTimestamp",
            "transcript.placeCursor",
            "transcript.claims"
        ])
    );
    assert_eq!(server["definitionProvider"], true);
    client.open(&p.uri, TEXT).await;
    let doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
    let actions = client
        .call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": p.uri}, "range": doc.range_of("87 clinics"), "context": {"diagnostics": []}}),
        )
        .await;
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Cite with a footnote [^1]",
            "Cite with a Pandoc marker [@]",
            "Mark figure reviewed",
            "Not a claim",
            "Cite figure…",
            "Add note…"
        ]
    );
    let add = &actions[5]["command"];
    assert_eq!(add["command"], "my.addNote");
    assert_eq!(add["arguments"][0]["range"], doc.range_of("87 clinics"));
    // A bad argument is an error, not a crash.
    let error = command(&client, "transcript.addNote", json!({"uri": p.uri}))
        .await
        .expect_err("no range");
    assert!(
        error["message"].as_str().unwrap().contains("bad argument"),
        "{error}"
    );
    let error = command(
        &client,
        "transcript.addNote",
        json!({"uri": p.uri, "range": doc.range_of("87 clinics"), "text": "  "}),
    )
    .await
    .expect_err("no text");
    assert!(error["message"].as_str().unwrap().contains("no text"));
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_file_watching_the_sidecar_is_looked_at_on_each_analysis() {
    let p = project(TEXT);
    let mut caps = capabilities(false, false);
    caps["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": false});
    let client = started(caps).await;
    let mut doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
    client.open(&p.uri, TEXT).await;
    let first = client.diagnostics(&p.uri, 1).await;
    assert!(flags(&first, "450 nurses"));
    std::fs::write(
        &p.sidecar,
        json!([{
            "id": "urn:uuid:99999999-9999-4999-8999-999999999999", "type": "Annotation",
            "motivation": "assessing", "body": {"type": "TextualBody", "value": "verified", "purpose": "tagging"},
            "target": {"source": "clinics interview.txt",
                       "selector": {"type": "TextQuoteSelector", "exact": "450 nurses"}}
        }])
        .to_string(),
    )
    .unwrap();
    // The client says nothing of the file; the next edit's analysis sees it.
    let change = doc.insert_after("Welcome back.", " Hello.");
    client.notify("textDocument/didChange", change).await;
    let after = client.diagnostics(&p.uri, doc.version).await;
    assert!(!flags(&after, "450 nurses"), "{after:#?}");
    assert!(flags(&after, "87 clinics"));
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sidecar_with_a_byte_order_mark_and_crlf_keeps_both() {
    let p = project(TEXT);
    let foreign = foreign_sidecar(&[(
        "urn:uuid:12121212-1212-4121-8121-121212121212",
        "busy year",
        "Tone.",
    )]);
    let original = format!("\u{feff}{}\r\n", foreign.replace('\n', "\r\n"));
    std::fs::write(&p.sidecar, &original).unwrap();
    let client = started(capabilities(false, false)).await;
    client.open(&p.uri, TEXT).await;
    let doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
    command(
        &client,
        "transcript.addNote",
        json!({"uri": p.uri, "range": doc.range_of("87 clinics"), "text": "Second."}),
    )
    .await
    .expect("added");
    let written = std::fs::read_to_string(&p.sidecar).unwrap();
    let body = written.strip_prefix('\u{feff}').expect("the mark is kept");
    assert!(
        !body.replace("\r\n", "").contains('\n'),
        "CRLF throughout: {body:?}"
    );
    let notes = notes_of(&serde_json::from_str(body).expect("still JSON"));
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[1]["body"]["value"], "Second.");
    // Go-to-definition counts positions as the editor shows the file.
    let location = client
        .call(
            "textDocument/definition",
            json!({"textDocument": {"uri": p.uri}, "position": position_of(&doc, "busy year", 1)}),
        )
        .await;
    let shown = Mirror::new(&p.sidecar_uri, body, Units::Utf16);
    let start = shown.offset(&location["range"]["start"]);
    assert!(
        body[start..].starts_with("{\r\n"),
        "{:?}",
        &body[start..start + 10]
    );
    assert!(body[start..].contains("Tone."));
    client.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hint_says_why_and_not_a_claim_clears_it_until_the_note_goes() {
    let text = "\
Question: What would a bigger budget buy?

Dr. Okafor: If we had 30 more nurses, we could open at night. We hired 450 nurses this year.
";
    let p = project(text);
    let client = started(capabilities(true, false)).await;
    client.on_apply_edit(support::disk_editor(Units::Utf8));
    client.open(&p.uri, text).await;
    let doc = Mirror::new(&p.uri, text, Units::Utf8);
    let diagnostics = diagnostics_where(&client, &p.uri, |d| flags(d, "citation: 30 —")).await;
    let hint = diagnostics
        .iter()
        .find(|d| flags(std::slice::from_ref(d), "citation: 30 —"))
        .unwrap()
        .clone();
    // Severity 4 is Hint; the message and the hover say why.
    assert_eq!(hint["severity"], 4, "{hint:#}");
    assert!(
        hint["message"]
            .as_str()
            .unwrap()
            .ends_with("— hypothetical: inside an if-clause"),
        "{hint:#}"
    );
    let asserted = diagnostics
        .iter()
        .find(|d| flags(std::slice::from_ref(d), "450 nurses"))
        .expect("the asserted figure in the same sentence group");
    assert_eq!(asserted["severity"], 2, "a warning");
    let hover = hover_text(
        &client
            .hover(&p.uri, position_of(&doc, "30 more nurses", 0))
            .await,
    );
    assert!(
        hover.contains(
            "Not asserted, so shown as a hint: inside an if-clause (`hypothetical.if-clause`)"
        ),
        "{hover}"
    );

    // "Not a claim" writes a reviewed note that says so, and the hint goes.
    let actions = client
        .call(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": p.uri}, "range": hint["range"],
                   "context": {"diagnostics": [hint]}}),
        )
        .await;
    let not_a_claim = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Not a claim")
        .unwrap_or_else(|| panic!("no Not a claim in {actions:#}"))
        .clone();
    let cmd = &not_a_claim["command"];
    command(
        &client,
        cmd["command"].as_str().unwrap(),
        cmd["arguments"][0].clone(),
    )
    .await
    .expect("recorded");
    let after = diagnostics_where(&client, &p.uri, |d| !flags(d, "citation: 30")).await;
    assert!(flags(&after, "450 nurses"), "the claim beside it stays");
    let notes = notes_of(&read_json(&p.sidecar));
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["motivation"], "assessing");
    let bodies = notes[0]["body"].to_string();
    assert!(
        bodies.contains("Not a claim") && bodies.contains("reviewed"),
        "{bodies}"
    );
    assert_eq!(notes[0]["target"]["selector"][0]["exact"], "30");

    // Removing the note brings the hint back.
    let id = notes[0]["id"].as_str().unwrap().to_string();
    command(
        &client,
        "transcript.removeNote",
        json!({"uri": p.uri, "id": id}),
    )
    .await
    .expect("removed");
    diagnostics_where(&client, &p.uri, |d| flags(d, "citation: 30 —")).await;
    assert!(notes_of(&read_json(&p.sidecar)).is_empty());
    client.shutdown().await;
}
