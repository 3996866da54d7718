//! The `disagreeing-figure` diagnostic: a figure of one open transcript
//! whose value disagrees with the same figure in another transcript of the
//! workspace, open or not (see `crate::analysis::agreement`), with related
//! information pointing at the other figures, and theirs pointing back when
//! they are open.
//!
//! The workspace's transcript files are read once the client is ready
//! (found as `transcript.claims` finds them), again when the settings or a
//! config file change, and a file again when it is closed; an open file's
//! buffer speaks for it meanwhile. What changes on disk behind the editor's
//! back is seen at the next of those.
//!
//! Diagnostics are published per document, but these depend on every
//! other transcript. So each transcript's latest analysis leaves its
//! `Facts` here (its statements, and where each of their figures is in the
//! protocol's terms), and `Cross` counts the changes to them in an
//! `epoch`. The comparison of all the facts is made once per epoch, off the
//! async workers, and shared by every document published under it; when a
//! document's facts change, the other documents that state a figure under
//! one of the same keys (before or after the change) are published again,
//! or a pulling client is asked to pull again. A pull's result id carries
//! the epoch, so a list that other documents changed is never reported as
//! unchanged.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::server::{Shared, blocking};
use super::state::{Snapshot, file_path};
use super::{claims, convert, diagnostics};
use crate::analysis::Analysis;
use crate::analysis::agreement::{self, Disagreements, FigureRef, Statement};
use crate::text::{Encoding, LineIndex};

/// The diagnostic's code.
pub const DISAGREEING_FIGURE: &str = "disagreeing-figure";

/// What the comparison needs of one version of one transcript.
#[derive(Debug, PartialEq)]
pub struct Facts {
    pub version: i32,
    pub statements: Vec<Statement>,
    /// Index-aligned with `statements`: each figure's range and its words
    /// on one line.
    pub located: Vec<(Range, String)>,
}

/// The version of the facts of a file read from disk: no buffer's.
pub const ON_DISK: i32 = i32::MIN;

impl Facts {
    /// The facts of a snapshot; none for a sidecar, or a transcript the
    /// configuration excludes (it gets no diagnostics, so it must cause
    /// none elsewhere).
    pub fn of(s: &Snapshot) -> Option<Facts> {
        if s.notes_file.is_some() || !s.checked {
            return None;
        }
        Some(Facts::from_analysis(
            s.version,
            &s.text,
            &s.index,
            &s.analysis,
            s.encoding,
        ))
    }

    /// The facts of one version of a text and its analysis.
    pub fn from_analysis(
        version: i32,
        text: &str,
        index: &LineIndex,
        analysis: &Analysis,
        encoding: Encoding,
    ) -> Facts {
        let statements = agreement::statements(analysis);
        let located = statements
            .iter()
            .map(|st| {
                let span = &analysis.figures[st.figure].span;
                (
                    convert::range_in(index, text, encoding, span),
                    one_line(&text[span.clone()]),
                )
            })
            .collect();
        Facts {
            version,
            statements,
            located,
        }
    }

    /// Where figure `figure` is, if it is compared.
    fn locate(&self, figure: usize) -> Option<&(Range, String)> {
        let k = self
            .statements
            .binary_search_by_key(&figure, |s| s.figure)
            .ok()?;
        self.located.get(k)
    }

    fn keys(&self) -> impl Iterator<Item = &str> {
        self.statements.iter().map(|s| s.key.as_str())
    }
}

/// A figure's words on one line, as a message quotes them.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every open transcript's facts, those of the workspace's transcript
/// files read from disk, and the comparison of the current ones. A file that
/// is open speaks through its buffer: its disk facts wait, and count again
/// once it is closed.
#[derive(Debug, Default)]
pub struct Cross {
    facts: BTreeMap<Uri, Arc<Facts>>,
    /// The workspace's files as last read, by path.
    disk: BTreeMap<PathBuf, (Uri, Arc<Facts>)>,
    epoch: u64,
    compared: Option<Arc<Compared>>,
}

/// The comparison of every transcript's facts under one epoch.
#[derive(Debug)]
pub struct Compared {
    pub epoch: u64,
    uris: Vec<Uri>,
    facts: Vec<Arc<Facts>>,
    disagreements: Disagreements,
}

/// What must be compared for an epoch that has no comparison yet.
pub struct Pending {
    epoch: u64,
    uris: Vec<Uri>,
    facts: Vec<Arc<Facts>>,
}

impl Cross {
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Takes an open transcript's latest facts (`None`: it has none any
    /// more, or it closed); returns the other open transcripts whose
    /// diagnostics this changes.
    pub fn update(&mut self, uri: &Uri, facts: Option<Facts>) -> Vec<Uri> {
        if let Some(f) = &facts
            && self.facts.get(uri).is_some_and(|old| **old == *f)
        {
            return Vec::new();
        }
        let path = file_path(uri);
        self.changing(uri, path.as_deref(), |cross| match facts {
            Some(facts) => {
                cross.facts.insert(uri.clone(), Arc::new(facts));
            }
            None => {
                cross.facts.remove(uri);
            }
        })
    }

    /// Takes the facts of a workspace file read from disk (`None`: it is
    /// gone, or no longer a transcript here); returns the open transcripts
    /// whose diagnostics this changes.
    pub fn update_disk(&mut self, path: PathBuf, uri: Uri, facts: Option<Facts>) -> Vec<Uri> {
        let same = match (&facts, self.disk.get(&path)) {
            (Some(f), Some((_, old))) => **old == *f,
            (None, None) => true,
            _ => false,
        };
        if same {
            return Vec::new();
        }
        let at = path.clone();
        self.changing(&uri, Some(&at), |cross| match facts {
            Some(facts) => {
                cross.disk.insert(path, (uri.clone(), Arc::new(facts)));
            }
            None => {
                cross.disk.remove(&path);
            }
        })
    }

    /// Whether `path` is one of the workspace's files read from disk.
    pub fn has_disk(&self, path: &Path) -> bool {
        self.disk.contains_key(path)
    }

    /// Replaces every file read from disk with a new reading of the
    /// workspace; returns the open transcripts whose diagnostics this
    /// changes: those sharing a key with a file whose facts changed and
    /// that is not open (an open file's buffer speaks for it).
    pub fn replace_disk(&mut self, files: Vec<(PathBuf, Uri, Facts)>) -> Vec<Uri> {
        let mut disk: BTreeMap<PathBuf, (Uri, Arc<Facts>)> = files
            .into_iter()
            .map(|(path, uri, facts)| (path, (uri, Arc::new(facts))))
            .collect();
        std::mem::swap(&mut self.disk, &mut disk);
        let old = disk;
        let open = self.open_paths();
        let mut keys: HashSet<String> = HashSet::new();
        let mut changed = false;
        let differs = |a: Option<&(Uri, Arc<Facts>)>, b: Option<&(Uri, Arc<Facts>)>| match (a, b) {
            (Some((ua, fa)), Some((ub, fb))) => ua != ub || fa != fb,
            (None, None) => false,
            _ => true,
        };
        for path in old.keys().chain(self.disk.keys()) {
            if open.contains(path) {
                continue;
            }
            let (before, after) = (old.get(path), self.disk.get(path));
            if differs(before, after) {
                changed = true;
                for (_, f) in before.into_iter().chain(after) {
                    keys.extend(f.keys().map(str::to_string));
                }
            }
        }
        if !changed {
            return Vec::new();
        }
        self.epoch += 1;
        self.compared = None;
        self.facts
            .iter()
            .filter(|(_, f)| f.keys().any(|k| keys.contains(k)))
            .map(|(uri, _)| uri.clone())
            .collect()
    }

    /// The facts that speak for a document now: its buffer's, else its
    /// file's when it is not open.
    fn current(&self, uri: &Uri, path: Option<&Path>) -> Option<Arc<Facts>> {
        if let Some(f) = self.facts.get(uri) {
            return Some(f.clone());
        }
        let (_, f) = self.disk.get(path?)?;
        (!self.open_paths().contains(path?)).then(|| f.clone())
    }

    fn open_paths(&self) -> HashSet<PathBuf> {
        self.facts.keys().filter_map(file_path).collect()
    }

    /// Applies `change` to what speaks for one document, and says which
    /// open transcripts must be published again: those stating a figure
    /// under a key the document stated before or states now.
    fn changing(
        &mut self,
        uri: &Uri,
        path: Option<&Path>,
        change: impl FnOnce(&mut Cross),
    ) -> Vec<Uri> {
        let old = self.current(uri, path);
        change(self);
        let new = self.current(uri, path);
        if old == new {
            return Vec::new();
        }
        self.epoch += 1;
        self.compared = None;
        // A new version stating the same figures at the same places (a file
        // opened as it is on disk, an edit elsewhere) changes only its own
        // list, not what the others point at.
        let same = |a: &Facts, b: &Facts| a.statements == b.statements && a.located == b.located;
        if let (Some(a), Some(b)) = (&old, &new)
            && same(a, b)
        {
            return Vec::new();
        }
        let keys: HashSet<&str> = old
            .iter()
            .chain(new.iter())
            .flat_map(|f| f.keys())
            .collect();
        if keys.is_empty() {
            return Vec::new();
        }
        self.facts
            .iter()
            .filter(|(other, _)| *other != uri)
            .filter(|(_, f)| f.keys().any(|k| keys.contains(k)))
            .map(|(other, _)| other.clone())
            .collect()
    }

    /// The comparison for the current epoch, or what to compare for it:
    /// every open transcript, and every file of the workspace not open.
    pub fn compared(&self) -> Result<Arc<Compared>, Pending> {
        if let Some(c) = &self.compared {
            return Ok(c.clone());
        }
        let open = self.open_paths();
        let mut all: BTreeMap<Uri, Arc<Facts>> = self
            .disk
            .iter()
            .filter(|(path, _)| !open.contains(*path))
            .map(|(_, (uri, f))| (uri.clone(), f.clone()))
            .collect();
        for (uri, f) in &self.facts {
            all.insert(uri.clone(), f.clone());
        }
        Err(Pending {
            epoch: self.epoch,
            uris: all.keys().cloned().collect(),
            facts: all.into_values().collect(),
        })
    }

    /// Keeps a comparison made off the lock if nothing changed meanwhile.
    pub fn keep(&mut self, compared: Arc<Compared>) {
        if compared.epoch == self.epoch {
            self.compared = Some(compared);
        }
    }
}

impl Pending {
    /// Compares the facts: n log n in the number of figures compared.
    pub fn compare(self) -> Compared {
        let statements: Vec<Vec<Statement>> =
            self.facts.iter().map(|f| f.statements.clone()).collect();
        Compared {
            epoch: self.epoch,
            disagreements: agreement::disagreements(&statements),
            uris: self.uris,
            facts: self.facts,
        }
    }
}

impl Compared {
    /// The `disagreeing-figure` diagnostics of a snapshot: none when the
    /// facts compared are of another version of it (a newer comparison is
    /// then on its way).
    pub fn diagnostics<'a>(&'a self, s: &'a Snapshot) -> impl Iterator<Item = Diagnostic> + 'a {
        let doc = self
            .uris
            .binary_search(&s.uri)
            .ok()
            .filter(|&d| self.facts[d].version == s.version);
        doc.into_iter().flat_map(move |doc| {
            let facts = &self.facts[doc];
            facts
                .statements
                .iter()
                .zip(&facts.located)
                .filter_map(move |(st, (range, words))| {
                    let at = FigureRef {
                        doc,
                        figure: st.figure,
                    };
                    let member = self.disagreements.of(at)?;
                    Some(self.diagnostic(*range, words, member))
                })
        })
    }

    fn diagnostic(&self, range: Range, words: &str, member: &agreement::Member) -> Diagnostic {
        let others: Vec<(Location, &str)> = member
            .examples
            .iter()
            .filter_map(|r| {
                let uri = self.uris.get(r.doc)?;
                let (range, words) = self.facts.get(r.doc)?.locate(r.figure)?;
                Some((Location::new(uri.clone(), *range), words.as_str()))
            })
            .collect();
        let named: Vec<String> = others
            .iter()
            .map(|(l, w)| {
                format!(
                    "“{w}” in {}:{}",
                    convert::file_name(&l.uri),
                    l.range.start.line + 1
                )
            })
            .collect();
        let more = member.disagreeing.saturating_sub(others.len());
        let mut message = format!(
            "“{words}” disagrees with {} in another transcript",
            named.join(", ")
        );
        if more > 0 {
            message.push_str(&format!(" (and {more} more)"));
        }
        let related = others
            .into_iter()
            .map(|(location, w)| DiagnosticRelatedInformation {
                message: format!("“{w}” here"),
                location,
            })
            .collect();
        Diagnostic {
            range,
            severity: Some(DiagnosticSeverity::INFORMATION),
            code: Some(NumberOrString::String(DISAGREEING_FIGURE.to_string())),
            source: Some(convert::SOURCE.to_string()),
            message,
            related_information: Some(related),
            ..Default::default()
        }
    }
}

/// Reads the workspace's transcript files (as `transcript.claims` finds
/// them) for the comparison, off the async workers, and publishes again the
/// open transcripts they may disagree with. A later reading (the settings
/// changed meanwhile) wins over an earlier one still running.
pub async fn scan(shared: Arc<Shared>) {
    let (folders, settings, encoding, scan) = {
        let mut state = shared.state();
        state.scans += 1;
        (
            state.folders.clone(),
            state.settings(),
            state.encoding,
            state.scans,
        )
    };
    if folders.is_empty() {
        return;
    }
    let files =
        match blocking(move || claims::disk_facts(&folders, settings.as_ref(), encoding)).await {
            Ok(files) => files,
            Err(e) => {
                tracing::error!("reading the workspace's transcripts: {}", e.message);
                return;
            }
        };
    let others = {
        let mut state = shared.state();
        if state.scans != scan {
            return;
        }
        let others = state.cross.replace_disk(files);
        state.renewed(others)
    };
    diagnostics::republish(&shared, others);
}

/// Reads again a workspace file that was just closed, so the comparison
/// has what it now holds on disk rather than what the scan found.
pub async fn reread(shared: Arc<Shared>, uri: Uri) {
    let Some(path) = file_path(&uri) else { return };
    let (settings, encoding) = {
        let state = shared.state();
        if !state.cross.has_disk(&path) {
            return; // not one of the workspace's transcripts
        }
        (state.settings(), state.encoding)
    };
    let read = path.clone();
    let facts = match blocking(move || claims::file_facts(&read, settings.as_ref(), encoding)).await
    {
        Ok(facts) => facts,
        Err(e) => {
            tracing::error!("reading {} again: {}", path.display(), e.message);
            return;
        }
    };
    let others = {
        let mut state = shared.state();
        let others = state.cross.update_disk(path, uri, facts);
        state.renewed(others)
    };
    diagnostics::republish(&shared, others);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(version: i32, keys: &[&str]) -> Facts {
        Facts {
            version,
            statements: keys
                .iter()
                .enumerate()
                .map(|(i, k)| Statement {
                    figure: i,
                    key: k.to_string(),
                    low: 1.0,
                    high: 1.0,
                })
                .collect(),
            located: keys
                .iter()
                .map(|k| (Range::default(), k.to_string()))
                .collect(),
        }
    }

    fn uri(s: &str) -> Uri {
        s.parse().unwrap()
    }

    #[test]
    fn a_change_republishes_only_the_transcripts_that_share_a_key() {
        let mut cross = Cross::default();
        let (a, b, c) = (
            uri("file:///a.txt"),
            uri("file:///b.txt"),
            uri("file:///c.txt"),
        );
        assert!(cross.update(&b, Some(facts(1, &["count:ship"]))).is_empty());
        assert!(
            cross
                .update(&c, Some(facts(1, &["count:crane"])))
                .is_empty()
        );
        assert_eq!(
            cross.update(&a, Some(facts(1, &["count:ship"]))),
            std::slice::from_ref(&b)
        );
        let epoch = cross.epoch();
        // The same facts again change nothing.
        assert!(cross.update(&a, Some(facts(1, &["count:ship"]))).is_empty());
        assert_eq!(cross.epoch(), epoch);
        // A key given up still concerns those that state it.
        assert_eq!(
            cross.update(&a, Some(facts(2, &["count:crane"]))),
            [b.clone(), c.clone()]
        );
        assert_eq!(cross.update(&a, None), [c]);
        assert!(cross.update(&a, None).is_empty(), "already gone");
    }

    #[test]
    fn a_comparison_is_kept_only_for_its_own_epoch() {
        let mut cross = Cross::default();
        let a = uri("file:///a.txt");
        cross.update(&a, Some(facts(1, &["count:ship"])));
        let pending = cross.compared().expect_err("nothing compared yet");
        cross.update(&a, Some(facts(2, &["count:crane"])));
        cross.keep(Arc::new(pending.compare()));
        assert!(cross.compared().is_err(), "compared under an older epoch");
        let pending = cross.compared().err().unwrap();
        cross.keep(Arc::new(pending.compare()));
        assert_eq!(cross.compared().ok().unwrap().epoch, cross.epoch());
    }

    #[test]
    fn a_file_on_disk_counts_only_while_it_is_not_open() {
        let mut cross = Cross::default();
        let (a, b) = (uri("file:///w/a.txt"), uri("file:///w/b.txt"));
        assert!(cross.update(&a, Some(facts(1, &["count:ship"]))).is_empty());
        let on_disk =
            |keys: &[&str]| vec![(PathBuf::from("/w/b.txt"), b.clone(), facts(ON_DISK, keys))];
        assert_eq!(
            cross.replace_disk(on_disk(&["count:ship"])),
            std::slice::from_ref(&a)
        );
        let epoch = cross.epoch();
        // Read again unchanged: nothing to publish, nothing to compare anew.
        assert!(cross.replace_disk(on_disk(&["count:ship"])).is_empty());
        assert_eq!(cross.epoch(), epoch);
        let compared = cross.compared().expect_err("not compared yet").compare();
        assert_eq!(compared.uris, [a.clone(), b.clone()]);
        // Opened as it is on disk: the others point at the same places.
        assert!(cross.update(&b, Some(facts(1, &["count:ship"]))).is_empty());
        assert!(
            cross.epoch() > epoch,
            "its own list now comes from its buffer"
        );
        // While open, a new reading of the file changes nothing.
        assert!(cross.replace_disk(on_disk(&["count:crane"])).is_empty());
        // Closed: the file speaks again, and it says something else now.
        assert_eq!(cross.update(&b, None), std::slice::from_ref(&a));
        assert_eq!(
            cross.update_disk(PathBuf::from("/w/b.txt"), b.clone(), None),
            Vec::<Uri>::new()
        );
        let compared = cross.compared().expect_err("changed").compare();
        assert_eq!(compared.uris, [a]);
    }

    #[test]
    fn file_names_are_decoded() {
        let file_name = |s: &str| convert::file_name(&uri(s));
        assert_eq!(file_name("file:///tmp/a%20b.txt"), "a b.txt");
        assert_eq!(file_name("file:///tmp/100%25.txt"), "100%.txt");
        assert_eq!(file_name("untitled:Untitled-1"), "Untitled-1");
    }
}
