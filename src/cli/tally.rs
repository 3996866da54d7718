//! What a `check` run read and found: files by status, findings by code,
//! and the one-line summary that ends the human output.
//!
//! The summary is the line a user trusts at a glance, so it never says more
//! than was read: "no uncited figures" only follows files that were
//! checked, a run that read nothing says "nothing checked" and why, and
//! skipped and failed files are always named. The JSON report's `summary`
//! carries the same counts.

use serde::Serialize;

use crate::analysis::{Finding, FindingCode, Severity};

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    Checked,
    /// Read, but there was nothing to check, and why (`no text`).
    Skipped(String),
    /// Could not be read, and why.
    Failed(String),
}

/// Counts for the summary line and the JSON `summary`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub checked: usize,
    pub failed: usize,
    /// Skipped files, with the reason of each kind: `(why, how many)`.
    pub skipped: Vec<(String, usize)>,
    /// Findings that fail a check (errors, warnings, information), notes
    /// that lost or changed their text included.
    pub flagged: usize,
    /// Flagged findings of each code (index-aligned with `FindingCode::ALL`).
    pub by_code: [usize; FindingCode::ALL.len()],
    /// Files holding at least one flagged figure.
    pub files_with_figures: usize,
    pub hints: usize,
    /// Problems found in notes files, on the files themselves.
    pub notes_problems: usize,
}

impl Tally {
    /// Counts one file that was checked, with its findings.
    pub fn add_checked(&mut self, findings: &[Finding]) {
        self.checked += 1;
        self.add_findings(findings);
    }

    /// Counts the findings on a transcript's sidecar, which is read with
    /// the transcript and not counted as checked itself.
    pub fn add_sidecar(&mut self, findings: &[Finding]) {
        self.notes_problems += findings.len();
        self.add_findings(findings);
    }

    fn add_findings(&mut self, findings: &[Finding]) {
        let mut figures = 0;
        for f in findings {
            if !counts(f.severity) {
                self.hints += 1;
                continue;
            }
            self.flagged += 1;
            self.by_code[code_index(f.code)] += 1;
            figures += usize::from(f.code.is_about_figures());
        }
        self.files_with_figures += usize::from(figures > 0);
    }

    pub fn merge(&mut self, other: &Tally) {
        self.checked += other.checked;
        self.failed += other.failed;
        for (why, n) in &other.skipped {
            for _ in 0..*n {
                self.add_skipped(why);
            }
        }
        self.flagged += other.flagged;
        for (mine, theirs) in self.by_code.iter_mut().zip(other.by_code) {
            *mine += theirs;
        }
        self.files_with_figures += other.files_with_figures;
        self.hints += other.hints;
        self.notes_problems += other.notes_problems;
    }

    pub fn add_skipped(&mut self, why: &str) {
        match self.skipped.iter_mut().find(|(w, _)| w == why) {
            Some((_, n)) => *n += 1,
            None => self.skipped.push((why.to_string(), 1)),
        }
    }

    pub fn add_failed(&mut self) {
        self.failed += 1;
    }

    pub fn of(&self, code: FindingCode) -> usize {
        self.by_code[code_index(code)]
    }

    fn skipped_total(&self) -> usize {
        self.skipped.iter().map(|(_, n)| n).sum()
    }

    /// `3 uncited figures in 2 files (5 files checked; 1 skipped: no
    /// text); 1 file without speaker labels; 1 orphaned note`.
    pub fn summary(&self) -> String {
        let figures = self.of(FindingCode::UncitedFigure) + self.of(FindingCode::EmptyCitation);
        let mut out = if self.checked == 0 {
            "nothing checked".to_string()
        } else if figures == 0 {
            "no uncited figures".to_string()
        } else {
            let mut s = plural(figures, "uncited figure", "uncited figures");
            let empty = self.of(FindingCode::EmptyCitation);
            if empty > 0 {
                s.push_str(&format!(" ({empty} with a citation that holds no source)"));
            }
            s.push_str(&format!(
                " in {}",
                plural(self.files_with_figures, "file", "files")
            ));
            s
        };
        // What was read and what was not, in brackets.
        let mut read = Vec::new();
        if self.checked > 0 {
            read.push(format!("{} checked", plural(self.checked, "file", "files")));
        }
        if self.skipped_total() > 0 {
            let whys: Vec<String> = self
                .skipped
                .iter()
                .map(|(why, n)| format!("{n} {why}"))
                .collect();
            read.push(format!("skipped: {}", whys.join(", ")));
        }
        if self.failed > 0 {
            read.push(format!(
                "{} could not be read",
                plural(self.failed, "file", "files")
            ));
        }
        if read.is_empty() {
            read.push("no files found".to_string());
        }
        out.push_str(&format!(" ({})", read.join("; ")));
        let extra = [
            (
                FindingCode::UnrecognisedLayout,
                "file without speaker labels",
                "files without speaker labels",
            ),
            (FindingCode::NoteOrphaned, "orphaned note", "orphaned notes"),
            (FindingCode::NoteDrifted, "drifted note", "drifted notes"),
        ];
        for (code, one, many) in extra {
            let n = self.of(code);
            if n > 0 {
                out.push_str(&format!("; {}", plural(n, one, many)));
            }
        }
        if self.notes_problems > 0 {
            out.push_str(&format!(
                "; {} in notes files",
                plural(self.notes_problems, "problem", "problems")
            ));
        }
        if self.hints > 0 {
            out.push_str(&format!("; {}", plural(self.hints, "hint", "hints")));
        }
        out
    }

    /// The counts as the JSON report's `summary`.
    pub fn to_json(&self) -> Summary {
        Summary {
            files: FileCounts {
                checked: self.checked,
                skipped: self.skipped_total(),
                failed: self.failed,
            },
            flagged: self.flagged,
            hints: self.hints,
            findings: FindingCode::ALL
                .iter()
                .map(|&c| (c.as_str(), self.of(c)))
                .filter(|(_, n)| *n > 0)
                .collect(),
        }
    }
}

/// `{"files": {"checked": 3, "skipped": 0, "failed": 1}, "flagged": 2,
/// "hints": 0, "findings": {"uncited-figure": 2}}`.
#[derive(Debug, Serialize)]
pub struct Summary {
    files: FileCounts,
    /// Findings that fail the check.
    flagged: usize,
    hints: usize,
    /// Flagged findings by code.
    findings: std::collections::BTreeMap<&'static str, usize>,
}

#[derive(Debug, Serialize)]
struct FileCounts {
    checked: usize,
    skipped: usize,
    failed: usize,
}

fn code_index(code: FindingCode) -> usize {
    FindingCode::ALL
        .iter()
        .position(|&c| c == code)
        .expect("every code is listed in ALL")
}

/// Whether a finding of this severity makes `check` fail (hints do not).
pub fn counts(severity: Severity) -> bool {
    matches!(
        severity,
        Severity::Error | Severity::Warning | Severity::Information
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Reason;

    fn finding(code: FindingCode, severity: Severity) -> Finding {
        Finding {
            code,
            severity,
            span: 0..1,
            message: String::new(),
            reason: Reason {
                rule: "test",
                text: "test",
            },
            figure: None,
            note: None,
            related: None,
        }
    }

    #[test]
    fn the_summary_counts_flagged_figures_files_and_hints() {
        use FindingCode::*;
        let mut tally = Tally::default();
        tally.add_checked(&[
            finding(UncitedFigure, Severity::Warning),
            finding(UncitedFigure, Severity::Hint),
        ]);
        tally.add_checked(&[]);
        tally.add_checked(&[finding(UncitedFigure, Severity::Information)]);
        assert_eq!(
            tally.summary(),
            "2 uncited figures in 2 files (3 files checked); 1 hint"
        );
        let mut clean = Tally::default();
        clean.add_checked(&[]);
        assert_eq!(clean.summary(), "no uncited figures (1 file checked)");
        let mut notes = Tally::default();
        notes.add_checked(&[
            finding(NoteOrphaned, Severity::Information),
            finding(NoteOrphaned, Severity::Information),
            finding(NoteDrifted, Severity::Information),
        ]);
        assert_eq!(
            notes.summary(),
            "no uncited figures (1 file checked); 2 orphaned notes; 1 drifted note"
        );
        assert_eq!(notes.flagged, 3, "notes that lost their text fail a check");
    }

    #[test]
    fn a_run_that_read_nothing_never_says_all_clear() {
        let mut failed = Tally::default();
        failed.add_failed();
        assert_eq!(
            failed.summary(),
            "nothing checked (1 file could not be read)"
        );
        let mut skipped = Tally::default();
        skipped.add_skipped("without text");
        skipped.add_skipped("without text");
        assert_eq!(
            skipped.summary(),
            "nothing checked (skipped: 2 without text)"
        );
        assert_eq!(
            Tally::default().summary(),
            "nothing checked (no files found)"
        );
    }

    #[test]
    fn skipped_failed_and_unlabelled_files_are_named() {
        use FindingCode::*;
        let mut tally = Tally::default();
        tally.add_checked(&[
            finding(UnrecognisedLayout, Severity::Warning),
            finding(UncitedFigure, Severity::Warning),
            finding(EmptyCitation, Severity::Warning),
        ]);
        tally.add_skipped("without text");
        tally.add_failed();
        assert_eq!(
            tally.summary(),
            "2 uncited figures (1 with a citation that holds no source) in 1 file \
             (1 file checked; skipped: 1 without text; 1 file could not be read); \
             1 file without speaker labels"
        );
        let json = serde_json::to_value(tally.to_json()).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "files": {"checked": 1, "skipped": 1, "failed": 1},
                "flagged": 3,
                "hints": 0,
                "findings": {
                    "uncited-figure": 1,
                    "empty-citation": 1,
                    "unrecognised-layout": 1,
                },
            })
        );
    }
}
