//! Holds the line between the pure core and the shell: only `src/lsp/`
//! may name the protocol crates, the async runtime or the rope.

use std::path::{Path, PathBuf};

/// Names that belong to the language server alone.
const SERVER_ONLY: &[&str] = &[
    "tower_lsp_server",
    "ls_types",
    "lsp_types",
    "tokio",
    "ropey",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src/") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Whether `name` occurs in `line` as a whole identifier.
fn mentions(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(i, _)| {
        let before = line[..i].chars().next_back();
        let after = line[i + name.len()..].chars().next();
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

#[test]
fn only_the_language_server_names_protocol_runtime_and_rope_crates() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lsp = src.join("lsp");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 5, "found the sources");
    let mut offences = Vec::new();
    for file in files.iter().filter(|f| !f.starts_with(&lsp)) {
        let text = std::fs::read_to_string(file).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            for name in SERVER_ONLY {
                if mentions(line, name) {
                    let shown = file.strip_prefix(&src).unwrap_or(file).display();
                    offences.push(format!("src/{shown}:{}: names `{name}`", n + 1));
                }
            }
        }
    }
    assert!(offences.is_empty(), "\n{}", offences.join("\n"));
}

#[test]
fn the_check_sees_a_name_only_as_a_whole_word() {
    assert!(mentions("use tokio::io;", "tokio"));
    assert!(mentions("    ropey::Rope::new()", "ropey"));
    assert!(!mentions("let tokionese = 1;", "tokio"));
    assert!(!mentions("my_ropey_thing", "ropey"));
}
