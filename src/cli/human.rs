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

use crate::analysis::{Finding, Severity};
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

    // The note says which rule made the finding, so a hint explains itself;
    // the help says how to resolve it.
    let note = format!("{}: {}", finding.reason.rule, finding.reason.text);
    let mut snippet = Snippet::source(source)
        .line_start(first + 1)
        .path(path)
        .annotation(AnnotationKind::Primary.span(span));
    let mut stub_snippet = None;
    if let Some(related) = &finding.related {
        // The stub shown where it is: on the figure's lines, or on its own.
        let on = index.line_of(related.span.start);
        if (first..=last).contains(&on) && related.span.end <= end {
            let at = related.span.start - start..related.span.end - start;
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(at)
                    .label(related.message.as_str()),
            );
        } else {
            let line = index.line_span(text, on).unwrap_or(related.span.clone());
            let line_end = line.end.max(related.span.end.min(text.len()));
            let at = related.span.start - line.start..related.span.end.min(line_end) - line.start;
            stub_snippet = Some(
                Snippet::source(&text[line.start..line_end])
                    .line_start(on + 1)
                    .path(path)
                    .annotation(
                        AnnotationKind::Context
                            .span(at)
                            .label(related.message.as_str()),
                    ),
            );
        }
    }
    let mut group = level(finding.severity)
        .primary_title(finding.message.as_str())
        .id(finding.code.as_str())
        .element(snippet);
    if let Some(stub) = stub_snippet {
        group = group.element(stub);
    }
    let report = &[group
        .element(Level::NOTE.message(note))
        .element(Level::HELP.message(finding.code.help()))];
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::FindingCode;
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
            related: None,
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
                  = help: cite it with [@key] or [^n] (and a `[^n]: source` line) after it in its sentence, add a note with a source, or mark it reviewed

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
                  = help: cite it with [@key] or [^n] (and a `[^n]: source` line) after it in its sentence, add a note with a source, or mark it reviewed

                info[uncited-figure]: figure without a citation: five rooms
                 --> talk.txt:1:35
                  |
                1 | LEE: It’s “about” 30 percent 😀 of five rooms.
                  |                                    ^^^^^^^^^^
                  |
                  = note: asserted.count: a count of things stated as fact
                  = help: cite it with [@key] or [^n] (and a `[^n]: source` line) after it in its sentence, add a note with a source, or mark it reviewed

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
                  = help: cite it with [@key] or [^n] (and a `[^n]: source` line) after it in its sentence, add a note with a source, or mark it reviewed

            "#]],
        );
    }
}
