//! A sidecar changed on disk behind the server's back (no file-watch
//! notification reaches it) is never edited blind: a note command reads the
//! file again before it sends or writes anything. When the file no longer
//! parses (truncated) its bytes are kept and the command says why; when it
//! holds other valid notes, or none (emptied), the new note is added to
//! what it holds. A sidecar that is a link to the transcript is refused,
//! and one that is a link to another notes file is written through to it.
//! Each case runs for a client that applies workspace edits and for one
//! that does not (the server then writes the file itself); and a sidecar
//! saved by the user while the server's edit to its buffer is still pending
//! is read again the same way.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{Value, json};
use support::{Mirror, TestClient, Units, capabilities, path_uri};

const TEXT: &str = "\
Host: Tonight, the harbour and its ferries.

Question: How many ferries cross each day?

Captain Moreau: We run 64 crossings a day, and carried 9,000 cars last month.
";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Applies `workspace/applyEdit` to the files on disk.
    AppliesEdits,
    /// Cannot apply edits: the server writes the file.
    WritesNothing,
}

const KINDS: [Kind; 2] = [Kind::AppliesEdits, Kind::WritesNothing];

struct Project {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    transcript: PathBuf,
    uri: String,
    sidecar: PathBuf,
}

fn project() -> Project {
    let dir = tempfile::tempdir().expect("a temp dir");
    let transcript = dir.path().join("ferries.txt");
    std::fs::write(&transcript, TEXT).expect("write the transcript");
    Project {
        dir: dir.path().to_path_buf(),
        uri: path_uri(&transcript),
        sidecar: dir.path().join("ferries.txt.notes.json"),
        transcript,
        _dir: dir,
    }
}

async fn started(kind: Kind) -> TestClient {
    let mut caps = capabilities(false, false);
    // No file watching: nothing tells the server the file changed.
    caps["workspace"]["didChangeWatchedFiles"] = json!({"dynamicRegistration": false});
    if kind == Kind::WritesNothing {
        caps["workspace"]["applyEdit"] = json!(false);
    }
    let client = TestClient::in_process(Duration::from_millis(10));
    client.initialize(caps, Value::Null).await;
    client
}

async fn add_note(
    client: &TestClient,
    p: &Project,
    quote: &str,
    text: &str,
) -> Result<Value, Value> {
    let doc = Mirror::new(&p.uri, TEXT, Units::Utf16);
    client
        .request(
            "workspace/executeCommand",
            json!({"command": "transcript.addNote",
                   "arguments": [{"uri": p.uri, "range": doc.range_of(quote), "text": text}]}),
        )
        .await
}

/// The ids of the notes in a sidecar's text, in file order.
fn ids(text: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let items = v["first"]["items"]
        .as_array()
        .or(v["items"].as_array())
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .map(|n| n["id"].as_str().unwrap_or("").to_string())
        .collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("readable")
}

/// A session with one note added, so the server holds its own copy of
/// the sidecar: `(project, client, id of the first note)`.
async fn with_one_note(kind: Kind) -> (Project, TestClient, String) {
    let p = project();
    let client = started(kind).await;
    client.open(&p.uri, TEXT).await;
    let first = add_note(&client, &p, "64 crossings", "Check the timetable.")
        .await
        .expect("the first note is added");
    let id = first["id"].as_str().expect("an id").to_string();
    assert_eq!(ids(&read(&p.sidecar)), std::slice::from_ref(&id));
    (p, client, id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sidecar_that_no_longer_parses_keeps_its_bytes() {
    for kind in KINDS {
        let (p, client, _) = with_one_note(kind).await;
        let whole = read(&p.sidecar);
        let truncated = &whole[..whole.len() / 2];
        std::fs::write(&p.sidecar, truncated).unwrap();
        let edits_before = client.count("workspace/applyEdit");

        let refused = add_note(&client, &p, "9,000 cars", "Which month?")
            .await
            .expect_err("a file that does not parse is not changed");
        let message = refused["message"].as_str().unwrap_or("");
        assert!(message.contains("not valid JSON"), "{kind:?}: {message}");
        assert_eq!(read(&p.sidecar), truncated, "{kind:?}: bytes kept");
        assert_eq!(
            client.count("workspace/applyEdit"),
            edits_before,
            "{kind:?}: no edit was sent"
        );
        client.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_emptied_sidecar_gets_only_the_new_note() {
    // An empty file holds no notes: the note goes into it, and the one the
    // server last saw there is not written back.
    for kind in KINDS {
        let (p, client, first) = with_one_note(kind).await;
        std::fs::write(&p.sidecar, "").unwrap();
        let added = add_note(&client, &p, "9,000 cars", "Which month?")
            .await
            .expect("the new note is added");
        let new = added["id"].as_str().expect("an id").to_string();
        let now = read(&p.sidecar);
        assert_eq!(ids(&now), [new], "{kind:?}: {now}");
        assert!(!now.contains(&first), "{kind:?}: {now}");
        client.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sidecar_rewritten_with_other_notes_gets_the_new_note_beside_them() {
    for kind in KINDS {
        let (p, client, first) = with_one_note(kind).await;
        // Another tool (a sync, a `git pull`) puts other notes in its place.
        let other = json!({
            "@context": "http://www.w3.org/ns/anno.jsonld",
            "type": "AnnotationCollection",
            "items": [{
                "id": "urn:uuid:00000000-0000-4000-8000-00000000feed",
                "type": "Annotation",
                "motivation": "commenting",
                "x-synced-by": "a tool this server does not know",
                "body": {"type": "TextualBody", "value": "From the archive."},
                "target": {"source": "ferries.txt",
                           "selector": {"type": "TextQuoteSelector", "exact": "ferries cross"}}
            }]
        });
        let rewritten = serde_json::to_string_pretty(&other).unwrap();
        std::fs::write(&p.sidecar, &rewritten).unwrap();

        let added = add_note(&client, &p, "9,000 cars", "Which month?")
            .await
            .expect("the new note is added");
        let new = added["id"].as_str().expect("an id").to_string();
        let now = read(&p.sidecar);
        assert_eq!(
            ids(&now),
            [
                "urn:uuid:00000000-0000-4000-8000-00000000feed".to_string(),
                new
            ],
            "{kind:?}: {now}"
        );
        assert!(
            !now.contains(&first),
            "{kind:?}: the old note came back: {now}"
        );
        assert!(
            now.contains("\"x-synced-by\": \"a tool this server does not know\""),
            "{kind:?}: {now}"
        );
        client.shutdown().await;
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sidecar_linked_to_the_transcript_is_never_written() {
    for kind in KINDS {
        let (p, client, _) = with_one_note(kind).await;
        std::fs::remove_file(&p.sidecar).unwrap();
        std::os::unix::fs::symlink(&p.transcript, &p.sidecar).unwrap();
        let edits_before = client.count("workspace/applyEdit");

        let refused = add_note(&client, &p, "9,000 cars", "Which month?")
            .await
            .expect_err("a link to the transcript is refused");
        let message = refused["message"].as_str().unwrap_or("");
        assert!(
            message.contains("the transcript itself"),
            "{kind:?}: {message}"
        );
        assert_eq!(
            read(&p.transcript),
            TEXT,
            "{kind:?}: the transcript is untouched"
        );
        assert!(p.sidecar.is_symlink(), "{kind:?}");
        assert_eq!(
            client.count("workspace/applyEdit"),
            edits_before,
            "{kind:?}"
        );
        client.shutdown().await;
    }
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_linked_sidecar_is_written_through_to_its_target() {
    for kind in KINDS {
        let p = project();
        let shared = p.dir.join("shared");
        std::fs::create_dir(&shared).unwrap();
        let target = shared.join("ferries.notes.json");
        std::fs::write(
            &target,
            "{\"type\": \"AnnotationCollection\", \"items\": []}\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(&target, &p.sidecar).unwrap();
        let client = started(kind).await;
        client.open(&p.uri, TEXT).await;

        for (quote, text) in [
            ("64 crossings", "Timetable?"),
            ("9,000 cars", "Which month?"),
        ] {
            add_note(&client, &p, quote, text)
                .await
                .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        }
        assert!(p.sidecar.is_symlink(), "{kind:?}: the link is still a link");
        assert_eq!(ids(&read(&target)).len(), 2, "{kind:?}: {}", read(&target));
        let leftovers: Vec<_> = std::fs::read_dir(&shared)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 1, "{kind:?}: {leftovers:?}");
        client.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sidecar_saved_with_the_servers_edit_still_pending_is_read_again() {
    let p = project();
    let client = started(Kind::AppliesEdits).await;
    client.open(&p.uri, TEXT).await;
    let blank = "{\"type\": \"AnnotationCollection\", \"items\": []}\n";
    std::fs::write(&p.sidecar, blank).unwrap();
    let sidecar_uri = path_uri(&p.sidecar);
    client.open(&sidecar_uri, blank).await;
    // The editor takes the edit to its open buffer but never reports it
    // (no `didChange`): the server's edit is pending.
    client.on_apply_edit(Box::new(|_| (Vec::new(), json!({"applied": true}))));
    add_note(&client, &p, "64 crossings", "Timetable?")
        .await
        .expect("sent to the buffer");
    // The user saves other notes over it, and nothing says so.
    let saved = json!({
        "type": "AnnotationCollection",
        "items": [{
            "id": "urn:uuid:00000000-0000-4000-8000-0000000000aa",
            "type": "Annotation",
            "body": {"type": "TextualBody", "value": "Saved by hand."},
            "target": {"source": "ferries.txt",
                       "selector": {"type": "TextQuoteSelector", "exact": "ferries cross"}}
        }]
    });
    let saved = serde_json::to_string_pretty(&saved).unwrap();
    std::fs::write(&p.sidecar, &saved).unwrap();
    client.on_apply_edit(support::disk_editor(Units::Utf16));

    let added = add_note(&client, &p, "9,000 cars", "Which month?")
        .await
        .expect("the note is added to what was saved");
    let new = added["id"].as_str().expect("an id").to_string();
    assert_eq!(
        ids(&read(&p.sidecar)),
        [
            "urn:uuid:00000000-0000-4000-8000-0000000000aa".to_string(),
            new
        ]
    );
    client.shutdown().await;
}
