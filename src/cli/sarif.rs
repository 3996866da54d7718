//! `check --format sarif`: SARIF 2.1.0, the format code-scanning dashboards
//! (GitHub, GitLab, Azure DevOps) read.
//!
//! Built from the same per-file report as the JSON output, so the two always
//! agree. SARIF counts columns in UTF-16 code units unless told otherwise;
//! the run sets `columnKind` to `unicodeCodePoints` and the columns are
//! scalar values, as in the JSON output. Hints become level `none`, so a
//! dashboard lists them without counting them as problems. Each result's
//! `properties.reason` carries the rule that made it, as the JSON does.

use serde_json::{Value, json};

use super::json::CheckedFile;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The project's home, when the package names one (`repository` in Cargo.toml).
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The rules this tool reports, with their one-line descriptions.
const RULES: [(&str, &str, &str); 3] = [
    (
        "uncited-figure",
        "A numeric figure that no citation covers.",
        "A figure (a count, sum of money, percentage, multiplier, measure, fraction or \
         spelled-out count asserted as a fact) with no citation marker after it in its \
         sentence: add [@key], [^label] or [12] after it, or a note with a source.",
    ),
    (
        "note-orphaned",
        "A note whose text is no longer in the transcript.",
        "A note in the transcript's .notes.json sidecar whose quoted words can no longer \
         be found: the note is kept, unplaced. Reattach it to the words it belongs to, or \
         remove it.",
    ),
    (
        "note-drifted",
        "A note whose text changed since it was written.",
        "A note in the transcript's .notes.json sidecar whose quoted words were found only \
         approximately: the transcript was edited there. Check that the note still holds.",
    ),
];

pub fn report(files: &[CheckedFile]) -> String {
    let mut driver = json!({
        "name": "transcript-ls",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": RULES.iter().map(|&(id, short, full)| {
            let mut rule = json!({
                "id": id,
                "shortDescription": { "text": short },
                "fullDescription": { "text": full },
                "defaultConfiguration": { "level": default_level(id) },
            });
            if !REPOSITORY.is_empty() {
                rule["helpUri"] = json!(format!("{REPOSITORY}#{id}"));
            }
            rule
        }).collect::<Vec<_>>(),
    });
    if !REPOSITORY.is_empty() {
        driver["informationUri"] = json!(REPOSITORY);
    }
    let results: Vec<Value> = files
        .iter()
        .flat_map(|file| {
            let uri = uri_reference(&file.path);
            file.diagnostics.iter().map(move |d| {
                json!({
                    "ruleId": d.code,
                    "ruleIndex": RULES.iter().position(|r| r.0 == d.code).unwrap_or(0),
                    "level": level(d.severity),
                    "message": { "text": d.message },
                    "properties": {
                        "reason": { "rule": d.reason.rule, "text": d.reason.text },
                    },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri },
                            "region": {
                                "startLine": d.start.line,
                                "startColumn": d.start.column,
                                "endLine": d.end.line,
                                "endColumn": d.end.column,
                                "snippet": { "text": d.text },
                            }
                        }
                    }],
                })
            })
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).expect("plain data serialises")
}

/// A rule's level unless configured: notes that lost or changed their text
/// are information (SARIF `note`), uncited figures warnings.
fn default_level(rule: &str) -> &'static str {
    if rule.starts_with("note-") {
        "note"
    } else {
        "warning"
    }
}

/// SARIF's `level`: `error`, `warning`, `note` or `none`.
fn level(severity: &str) -> &'static str {
    match severity {
        "error" => "error",
        "warning" => "warning",
        "information" => "note",
        _ => "none",
    }
}

/// A path as a URI reference: `/` separators, no leading `./`, and the
/// characters a URI cannot hold percent-encoded. Absolute paths become
/// `file://` URIs.
fn uri_reference(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut path = path.as_str();
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    } else if path.as_bytes().get(1) == Some(&b':') {
        out.push_str("file:///"); // a Windows drive, `C:/…`
    }
    for byte in path.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_reference("./a/b.txt"), "a/b.txt");
        assert_eq!(uri_reference("a b/ü#1.txt"), "a%20b/%C3%BC%231.txt");
        assert_eq!(uri_reference("/srv/x.txt"), "file:///srv/x.txt");
        assert_eq!(uri_reference("C:\\t\\x.txt"), "file:///C:/t/x.txt");
    }

    #[test]
    fn severities_map_to_sarif_levels() {
        assert_eq!(level("error"), "error");
        assert_eq!(level("warning"), "warning");
        assert_eq!(level("information"), "note");
        assert_eq!(level("hint"), "none");
    }
}
