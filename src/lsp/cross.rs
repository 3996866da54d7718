//! The `disagreeing-figure` diagnostic: a figure of one open transcript
//! whose value disagrees with the same figure in another (see
//! `crate::analysis::agreement`), with related information pointing at the
//! other figures, and theirs pointing back.
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
use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use super::convert;
use super::state::Snapshot;
use crate::analysis::agreement::{self, Disagreements, FigureRef, Statement};

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

impl Facts {
    /// The facts of a snapshot; none for a sidecar, or a transcript the
    /// configuration excludes (it gets no diagnostics, so it must cause
    /// none elsewhere).
    pub fn of(s: &Snapshot) -> Option<Facts> {
        if s.notes_file.is_some() || !s.checked {
            return None;
        }
        let statements = agreement::statements(&s.analysis);
        let located = statements
            .iter()
            .map(|st| {
                let span = &s.analysis.figures[st.figure].span;
                (convert::range(s, span), one_line(&s.text[span.clone()]))
            })
            .collect();
        Some(Facts {
            version: s.version,
            statements,
            located,
        })
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

/// Every open transcript's facts, and the comparison of the current ones.
#[derive(Debug, Default)]
pub struct Cross {
    facts: BTreeMap<Uri, Arc<Facts>>,
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

    /// Takes a transcript's latest facts (`None`: it has none any more);
    /// returns the other transcripts whose diagnostics this changes.
    pub fn update(&mut self, uri: &Uri, facts: Option<Facts>) -> Vec<Uri> {
        let old = match facts {
            Some(facts) => {
                if self.facts.get(uri).is_some_and(|old| **old == facts) {
                    return Vec::new();
                }
                self.facts.insert(uri.clone(), Arc::new(facts))
            }
            None => self.facts.remove(uri),
        };
        let new = self.facts.get(uri).cloned();
        if old.is_none() && new.is_none() {
            return Vec::new();
        }
        self.epoch += 1;
        self.compared = None;
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

    /// The comparison for the current epoch, or what to compare for it.
    pub fn compared(&self) -> Result<Arc<Compared>, Pending> {
        match &self.compared {
            Some(c) => Ok(c.clone()),
            None => Err(Pending {
                epoch: self.epoch,
                uris: self.facts.keys().cloned().collect(),
                facts: self.facts.values().cloned().collect(),
            }),
        }
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
            .map(|(l, w)| format!("“{w}” in {}:{}", file_name(&l.uri), l.range.start.line + 1))
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

/// The last segment of a URI's path, as a message names the file.
pub fn file_name(uri: &Uri) -> String {
    let path = uri.path().as_str();
    let name = path.rsplit('/').next().unwrap_or(path);
    percent_decoded(name)
}

/// `%20` and the like as the characters they stand for; a broken escape
/// stays as written.
fn percent_decoded(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
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
    fn file_names_are_decoded() {
        assert_eq!(file_name(&uri("file:///tmp/a%20b.txt")), "a b.txt");
        assert_eq!(file_name(&uri("file:///tmp/100%25.txt")), "100%.txt");
        assert_eq!(file_name(&uri("untitled:Untitled-1")), "Untitled-1");
    }
}
