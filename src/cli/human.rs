//! Findings for people: compiler-style messages with the source line and a
//! caret under the figure, and a one-line summary.
//!
//! Rendering is done by `annotate-snippets` (the renderer rustc and cargo
//! use) with colours always on; the caller writes through `anstream`, which
//! strips them when stdout is not a terminal or `NO_COLOR` is set. Only the
//! lines a figure stands on are handed to the renderer, so a finding in a
//! large file costs the length of its own lines. A note under each finding
//! names the rule that made it (`note: asserted.count: …`).

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::analysis::{Finding, FindingCode, Severity};
use crate::text::LineIndex;

/// Each finding of one file, rendered and separated by blank lines; empty
/// when there are none.
pub fn render_file(path: &str, text: &str, findings: &[Finding]) -> String {
    if findings.is_empty() {
        return String::new();
    }
    let index = LineIndex::new(text);
    let renderer = Renderer::styled();
    let mut out = String::new();
    for finding in findings {
        out.push_str(&render_one(&renderer, path, text, &index, finding));
        out.push_str("\n\n");
    }
    out
}

fn render_one(
    renderer: &Renderer,
    path: &str,
    text: &str,
    index: &LineIndex,
    finding: &Finding,
) -> String {
    // The lines the finding stands on, and the finding within them.
    let first = index.line_of(finding.span.start);
    let last = index.line_of(finding.span.end.saturating_sub(1).max(finding.span.start));
    let start = index.line_span(text, first).map_or(0, |s| s.start);
    let end = index.line_span(text, last).map_or(text.len(), |s| s.end);
    let end = end.max(finding.span.end.min(text.len()));
    let source = &text[start..end];
    let span = finding.span.start - start..finding.span.end.min(end) - start;

    // The note says which rule made the finding, so a hint explains itself.
    let note = format!("{}: {}", finding.reason.rule, finding.reason.text);
    let report = &[level(finding.severity)
        .primary_title(finding.message.as_str())
        .id(finding.code.as_str())
        .element(
            Snippet::source(source)
                .line_start(first + 1)
                .path(path)
                .annotation(AnnotationKind::Primary.span(span)),
        )
        .element(Level::NOTE.message(note))];
    renderer.render(report)
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Information => Level::INFO,
        Severity::Hint | Severity::Off => Level::NOTE.with_name("hint"),
    }
}

/// Counts for the summary line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub files_checked: usize,
    /// Findings that fail a check (errors, warnings, information), notes
    /// that lost or changed their text included.
    pub flagged: usize,
    /// Uncited figures that fail a check.
    pub uncited: usize,
    /// Files holding at least one such figure.
    pub uncited_files: usize,
    /// Notes whose text is no longer in the transcript.
    pub orphaned: usize,
    /// Notes whose text changed.
    pub drifted: usize,
    pub hints: usize,
}

impl Tally {
    pub fn add(&mut self, findings: &[Finding]) {
        self.files_checked += 1;
        let flagged: Vec<&Finding> = findings.iter().filter(|f| counts(f.severity)).collect();
        let of = |code: FindingCode| flagged.iter().filter(|f| f.code == code).count();
        let uncited = of(FindingCode::UncitedFigure);
        self.flagged += flagged.len();
        self.uncited += uncited;
        self.uncited_files += usize::from(uncited > 0);
        self.orphaned += of(FindingCode::NoteOrphaned);
        self.drifted += of(FindingCode::NoteDrifted);
        self.hints += findings.len() - flagged.len();
    }

    pub fn merge(&mut self, other: Tally) {
        self.files_checked += other.files_checked;
        self.flagged += other.flagged;
        self.uncited += other.uncited;
        self.uncited_files += other.uncited_files;
        self.orphaned += other.orphaned;
        self.drifted += other.drifted;
        self.hints += other.hints;
    }

    /// `3 uncited figures in 2 files (5 files checked); 1 orphaned note`.
    pub fn summary(&self) -> String {
        let checked = plural(self.files_checked, "file", "files");
        let mut out = if self.uncited == 0 {
            format!("no uncited figures ({checked} checked)")
        } else {
            format!(
                "{} in {} ({checked} checked)",
                plural(self.uncited, "uncited figure", "uncited figures"),
                plural(self.uncited_files, "file", "files"),
            )
        };
        if self.orphaned > 0 {
            out.push_str(&format!(
                "; {}",
                plural(self.orphaned, "orphaned note", "orphaned notes")
            ));
        }
        if self.drifted > 0 {
            out.push_str(&format!(
                "; {}",
                plural(self.drifted, "drifted note", "drifted notes")
            ));
        }
        if self.hints > 0 {
            out.push_str(&format!("; {}", plural(self.hints, "hint", "hints")));
        }
        out
    }
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
    use crate::figures::Reading;
    use expect_test::{Expect, expect};

    fn finding(text: &str, needle: &str, severity: Severity) -> Finding {
        let start = text.find(needle).unwrap();
        Finding {
            code: FindingCode::UncitedFigure,
            severity,
            span: start..start + needle.len(),
            message: format!(
                "figure without a citation: {}",
                needle.split_whitespace().collect::<Vec<_>>().join(" ")
            ),
            reason: if severity == Severity::Hint {
                Reading::IfClause.into()
            } else {
                Reading::AssertedCount.into()
            },
            figure: None,
            note: None,
        }
    }

    /// Renders findings on `needles` in `text`, with colours stripped.
    fn check(text: &str, needles: &[(&str, Severity)], expect: Expect) {
        let findings: Vec<_> = needles.iter().map(|&(n, s)| finding(text, n, s)).collect();
        let styled = render_file("talk.txt", text, &findings);
        let mut plain = Vec::new();
        let mut stream = anstream::StripStream::new(&mut plain);
        std::io::Write::write_all(&mut stream, styled.as_bytes()).unwrap();
        expect.assert_eq(&String::from_utf8(plain).unwrap());
    }

    #[test]
    fn a_caret_under_the_figure_on_its_line() {
        check(
            "HOST: Welcome.\n\nDR. LEE: We made 220 billion masks last year.\n",
            &[("220 billion masks", Severity::Warning)],
            expect![[r#"
                warning[uncited-figure]: figure without a citation: 220 billion masks
                 --> talk.txt:3:18
                  |
                3 | DR. LEE: We made 220 billion masks last year.
                  |                  ^^^^^^^^^^^^^^^^^
                  |
                  = note: asserted.count: a count of things stated as fact

            "#]],
        );
    }

    #[test]
    fn columns_count_characters_and_severities_show() {
        check(
            "LEE: It’s “about” 30 percent 😀 of five rooms.\r\nNext line.",
            &[
                ("30 percent", Severity::Error),
                ("five rooms", Severity::Information),
            ],
            expect![[r#"
                error[uncited-figure]: figure without a citation: 30 percent
                 --> talk.txt:1:19
                  |
                1 | LEE: It’s “about” 30 percent 😀 of five rooms.
                  |                   ^^^^^^^^^^
                  |
                  = note: asserted.count: a count of things stated as fact

                info[uncited-figure]: figure without a citation: five rooms
                 --> talk.txt:1:35
                  |
                1 | LEE: It’s “about” 30 percent 😀 of five rooms.
                  |                                    ^^^^^^^^^^
                  |
                  = note: asserted.count: a count of things stated as fact

            "#]],
        );
    }

    #[test]
    fn a_figure_across_a_line_end_shows_both_lines() {
        check(
            "A: We sent 2.25 billion\nprotective suits abroad.\n",
            &[("2.25 billion\nprotective suits", Severity::Hint)],
            expect![[r#"
                hint[uncited-figure]: figure without a citation: 2.25 billion protective suits
                 --> talk.txt:1:12
                  |
                1 |   A: We sent 2.25 billion
                  |  ____________^
                2 | | protective suits abroad.
                  | |________________^
                  |
                  = note: hypothetical.if-clause: inside an if-clause

            "#]],
        );
    }

    #[test]
    fn the_summary_counts_flagged_figures_files_and_hints() {
        let text = "A: 12 cats and 3 dogs.";
        let mut tally = Tally::default();
        tally.add(&[
            finding(text, "12 cats", Severity::Warning),
            finding(text, "3 dogs", Severity::Hint),
        ]);
        tally.add(&[]);
        tally.add(&[finding(text, "3 dogs", Severity::Information)]);
        assert_eq!(
            tally.summary(),
            "2 uncited figures in 2 files (3 files checked); 1 hint"
        );
        let mut clean = Tally::default();
        clean.add(&[]);
        assert_eq!(clean.summary(), "no uncited figures (1 file checked)");
        let mut notes = Tally::default();
        let mut orphan = finding(text, "12 cats", Severity::Information);
        orphan.code = FindingCode::NoteOrphaned;
        let mut drifted = orphan.clone();
        drifted.code = FindingCode::NoteDrifted;
        notes.add(&[orphan.clone(), orphan, drifted]);
        assert_eq!(
            notes.summary(),
            "no uncited figures (1 file checked); 2 orphaned notes; 1 drifted note"
        );
        assert_eq!(notes.flagged, 3, "notes that lost their text fail a check");
    }
}
