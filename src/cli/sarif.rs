//! `check --format sarif`: SARIF 2.1.0, the format code-scanning dashboards
//! (GitHub, GitLab, Azure DevOps) read.
//!
//! Built from the same per-file report as the JSON output, so the two always
//! agree. SARIF counts columns in UTF-16 code units unless told otherwise;
//! the run sets `columnKind` to `unicodeCodePoints` and the columns are
//! scalar values, as in the JSON output. Hints become level `none`, so a
//! dashboard lists them without counting them as problems. Each result's
//! `properties.reason` carries the rule that made it, as the JSON does.
//! The rules are the finding codes, each with its help; files that were not
//! checked are notifications of the run's invocation, which fails when one
//! could not be read.

use serde::Serialize;
use serde_json::{Value, json};

use super::json::{CheckedFile, Diagnostic};
use crate::analysis::FindingCode;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The project's home, when the package names one (`repository` in Cargo.toml).
const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The SARIF 2.1.0 log of `files`.
pub fn report(files: &[CheckedFile]) -> String {
    let mut out = Vec::new();
    write_report(&mut out, files).expect("a Vec takes every byte");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// `report`, written to `out` as it is serialised: a log of a million
/// results is never held as one string.
pub fn write_report(out: &mut impl std::io::Write, files: &[CheckedFile]) -> std::io::Result<()> {
    let mut driver = json!({
        "name": "transcript-ls",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": FindingCode::ALL.iter().map(|&code| {
            let id = code.as_str();
            let mut rule = json!({
                "id": id,
                "shortDescription": { "text": code.summary() },
                "fullDescription": { "text": code.summary() },
                "help": { "text": format!("To resolve: {}.", code.help()) },
                "defaultConfiguration": { "level": default_level(code) },
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
    // The results are typed, borrowing the report's strings: a file can
    // hold a million findings, too many to build a `Value` tree of.
    let uris: Vec<String> = files.iter().map(|f| uri_reference(&f.path)).collect();
    let results = Results { files, uris: &uris };
    // Files not checked are told as notifications of the invocation, which
    // is unsuccessful when any could not be read.
    let notifications: Vec<Value> = files
        .iter()
        .filter(|f| f.status != "checked")
        .map(|f| {
            let (level, text) = match (&f.error, &f.why) {
                (Some(error), _) => ("error", error.clone()),
                (None, why) => (
                    "note",
                    format!("{}: skipped: {}", f.path, why.as_deref().unwrap_or("")),
                ),
            };
            json!({
                "level": level,
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri_reference(&f.path) },
                    }
                }],
            })
        })
        .collect();
    let successful = !files.iter().any(|f| f.status == "failed");
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: json!({ "driver": driver }),
            invocations: json!([{
                "executionSuccessful": successful,
                "toolExecutionNotifications": notifications,
            }]),
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // The pretty printer writes a few bytes at a time: gathered here, where
    // each write is a copy the compiler sees, rather than through `out`.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer(&mut buffered, &log).map_err(std::io::Error::from)?;
    std::io::Write::flush(&mut buffered)
}

/// One finding as a SARIF result, borrowing the report's strings.
fn result<'a>(d: &'a Diagnostic, uri: &'a str) -> SarifResult<'a> {
    SarifResult {
        rule_id: d.code,
        rule_index: FindingCode::ALL.iter().position(|c| c.as_str() == d.code),
        level: level(d.severity),
        message: Text { text: &d.message },
        properties: Properties {
            reason: ReasonOut {
                rule: d.reason.rule,
                text: d.reason.text,
            },
        },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation { uri },
                region: Region {
                    start_line: d.start.line,
                    start_column: d.start.column,
                    end_line: d.end.line,
                    end_column: d.end.column,
                    snippet: Text { text: &d.text },
                },
            },
        }],
    }
}

/// The log: one run.
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Value,
    invocations: Value,
    column_kind: &'static str,
    results: Results<'a>,
}

/// Every file's findings as SARIF results, made one at a time as they are
/// written: a file can hold a million findings, too many to hold as a list
/// of results beside the report they are read from.
struct Results<'a> {
    files: &'a [CheckedFile],
    uris: &'a [String],
}

impl Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.files
                .iter()
                .zip(self.uris)
                .flat_map(|(file, uri)| file.diagnostics.iter().map(move |d| result(d, uri))),
        )
    }
}

/// One finding, as SARIF's `result`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    properties: Properties,
    locations: [Location<'a>; 1],
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Properties {
    reason: ReasonOut,
}

#[derive(Serialize)]
struct ReasonOut {
    rule: &'static str,
    text: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    region: Region<'a>,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    snippet: Text<'a>,
}

/// A rule's level unless configured: notes that lost or changed their text
/// are information (SARIF `note`), a notes file that cannot be read an
/// error, the rest warnings.
fn default_level(code: FindingCode) -> &'static str {
    match code {
        _ if code.is_about_notes() => "note",
        FindingCode::NotesMalformed | FindingCode::NotesNotACollection => "error",
        _ => "warning",
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
