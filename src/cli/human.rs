//! Findings for people: compiler-style messages with the source line and a
//! caret under the figure, and a one-line summary.
//!
//! Rendering is done by `annotate-snippets` (the renderer rustc and cargo
//! use), with colours when the output shows them: the caller writes through
//! `anstream`, which would strip them again when stdout is not a terminal or
//! `NO_COLOR` is set, but a report of a million findings is rendered plain
//! rather than coloured and stripped byte by byte. Only the
//! lines a figure stands on are handed to the renderer, and of a long line
//! only a window around the figure, so a finding costs the length of what
//! is printed, whatever the length of its file or its line. A note under
//! each finding names the rule that made it (`note: asserted.count: …`).

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::analysis::{Finding, Severity};
use crate::text::{Encoding, LineIndex, Span};

/// Each finding of one file, rendered (in colour when `colour`) and
/// separated by blank lines; empty when there are none.
pub fn render_file(path: &str, text: &str, findings: &[Finding], colour: bool) -> String {
    render_file_in_parts(path, text, findings, colour).concat()
}

/// `render_file`, in parts to be written one after the other: a file of a
/// million findings is rendered on all cores, a part of
/// `FINDINGS_PER_TASK` findings per task, and is never joined into one
/// string (that copy, into freshly faulted pages, cost as much as the
/// rendering).
pub fn render_file_in_parts(
    path: &str,
    text: &str,
    findings: &[Finding],
    colour: bool,
) -> Vec<String> {
    use rayon::prelude::*;

    let index = LineIndex::new(text);
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let part = |findings: &[Finding]| {
        let mut out = String::new();
        for finding in findings {
            if colour || !render_simple(&mut out, path, text, &index, finding) {
                out.push_str(&render_one(&renderer, path, text, &index, finding));
            }
            out.push_str("\n\n");
        }
        out
    };
    if findings.len() <= FINDINGS_PER_TASK {
        return vec![part(findings)];
    }
    findings.par_chunks(FINDINGS_PER_TASK).map(part).collect()
}

/// How many findings one task renders: enough that handing them to a
/// thread costs little beside rendering them.
const FINDINGS_PER_TASK: usize = 256;

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
    let shown = Shown::of(text, start..end, &finding.span);
    let source = shown.source.as_ref();
    let span = shown.span(&finding.span);

    // The note says which rule made the finding, so a hint explains itself;
    // the help says how to resolve it.
    let note = format!("{}: {}", finding.reason.rule, finding.reason.text);
    let mut snippet = Snippet::source(source)
        .line_start(first + 1)
        .path(path)
        .annotation(AnnotationKind::Primary.span(span.clone()));
    let mut stub_snippet = None;
    let mut stub_shown = None;
    if let Some(related) = &finding.related {
        // The stub shown where it is: on the figure's lines, or on its own.
        let on = index.line_of(related.span.start);
        if (first..=last).contains(&on) && shown.holds(&related.span) {
            let at = shown.span(&related.span);
            snippet = snippet.annotation(
                AnnotationKind::Context
                    .span(at)
                    .label(related.message.as_str()),
            );
        } else {
            let line = index.line_span(text, on).unwrap_or(related.span.clone());
            let line_end = line.end.max(related.span.end.min(text.len()));
            let stub = &*stub_shown.insert(Shown::of(text, line.start..line_end, &related.span));
            let at = stub.span(&related.span);
            stub_snippet = Some(
                Snippet::source(stub.source.as_ref())
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
    let rendered = renderer.render(report);
    if shown.from == start {
        return rendered;
    }
    // The renderer counts the column from the window's start: put the
    // line's own in the `-->` line.
    let shown_column = source[..span.start].chars().count() + 1;
    let column = index
        .line_col(text, finding.span.start, Encoding::Utf32)
        .col
        + 1;
    let line = first + 1;
    rendered.replacen(
        &format!("{path}:{line}:{shown_column}"),
        &format!("{path}:{line}:{column}"),
        1,
    )
}

/// Writes the plain rendering of a finding that stands on one line, has
/// no related span, and whose shown source, message and notes are plain
/// ASCII (the cut marks `…` aside), returning whether it was one: what the
/// renderer would print for it, written directly. Such findings are nearly
/// all of a long report, and the renderer lays out a grid of styled cells
/// for each, which cost most of printing them; the tests hold the two
/// renderings equal.
fn render_simple(
    out: &mut String,
    path: &str,
    text: &str,
    index: &LineIndex,
    finding: &Finding,
) -> bool {
    use std::fmt::Write;

    if finding.related.is_some() || finding.span.is_empty() {
        return false;
    }
    let first = index.line_of(finding.span.start);
    if index.line_of(finding.span.end - 1) != first {
        return false;
    }
    let Some(line) = index.line_span(text, first) else {
        return false;
    };
    if finding.span.end > line.end {
        return false;
    }
    let shown = Shown::of(text, line.clone(), &finding.span);
    let source = shown.source.as_ref();
    let plain = |s: &str| s.bytes().all(|b| (b' '..=b'~').contains(&b));
    let help = finding.code.help();
    // The cut marks are one column wide, like the ASCII around them; the
    // renderer trims a line's trailing spaces, which this does not.
    if !source.chars().all(|c| c == '…' || matches!(c, ' '..='~'))
        || source.trim_end_matches('…').ends_with(' ')
        || !plain(&finding.message)
        || !plain(finding.reason.text)
        || !plain(help)
    {
        return false;
    }
    // Every character shown is one column wide; a line wider than the
    // renderer's margin it would cut again, in its own way.
    if source.chars().count() > SIMPLE_WIDTH {
        return false;
    }
    let span = shown.span(&finding.span);
    let caret_at = source[..span.start].chars().count();
    let carets = source[span.clone()].chars().count();
    let column = index
        .line_col(text, finding.span.start, Encoding::Utf32)
        .col
        + 1;
    let number = first + 1;
    // The gutter: as wide as the line number, and a space.
    let pad = number.ilog10() as usize + 2;
    // The names `level` gives the renderer.
    let name = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information => "info",
        Severity::Hint | Severity::Off => "hint",
    };
    let _ = write!(
        out,
        "{name}[{code}]: {message}\n{:indent$}--> {path}:{number}:{column}\n{:pad$}|\n\
         {number} | {source}\n{:pad$}| {:caret_at$}",
        "",
        "",
        "",
        "",
        code = finding.code.as_str(),
        message = finding.message,
        indent = pad - 1,
    );
    out.extend(std::iter::repeat_n('^', carets));
    let _ = write!(
        out,
        "\n{:pad$}|\n{:pad$}= note: {rule}: {why}\n{:pad$}= help: {help}",
        "",
        "",
        "",
        rule = finding.reason.rule,
        why = finding.reason.text,
    );
    true
}

/// Widest source, in characters, that `render_simple` writes: the
/// renderer shows wider lines cut to its own margin.
const SIMPLE_WIDTH: usize = 100;

/// How much of a long line is shown either side of a finding, in
/// characters: a finding costs the length of what is printed, not of its
/// line, however long that is (a caption dump can be one line of 10 MB).
const CONTEXT_CHARS: usize = 40;

/// Lines up to this many bytes are shown whole.
const WHOLE_LINES: usize = 240;

/// What is shown of some lines around a span: the lines themselves, or a
/// window of them marked `…` where it is cut.
struct Shown<'t> {
    source: std::borrow::Cow<'t, str>,
    /// Where the shown text starts and ends in the text.
    from: usize,
    to: usize,
    /// How far the source is shifted from the text (the `…` put before it).
    shift: usize,
}

impl<'t> Shown<'t> {
    fn of(text: &'t str, lines: Span, span: &Span) -> Shown<'t> {
        if lines.len() <= WHOLE_LINES {
            return Shown {
                source: text[lines.clone()].into(),
                from: lines.start,
                to: lines.end,
                shift: 0,
            };
        }
        let at = span.start.clamp(lines.start, lines.end);
        let until = span.end.clamp(at, lines.end);
        let from = text[lines.start..at]
            .char_indices()
            .rev()
            .take(CONTEXT_CHARS)
            .last()
            .map_or(at, |(k, _)| lines.start + k);
        let to = text[until..lines.end]
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(lines.end, |(k, _)| until + k);
        let before = if from > lines.start { "…" } else { "" };
        let after = if to < lines.end { "…" } else { "" };
        Shown {
            source: format!("{before}{}{after}", &text[from..to]).into(),
            from,
            to,
            shift: before.len(),
        }
    }

    fn holds(&self, span: &Span) -> bool {
        self.from <= span.start && span.end <= self.to
    }

    /// `span` of the text, in the source shown (cut to it).
    fn span(&self, span: &Span) -> Span {
        let clamp = |o: usize| o.clamp(self.from, self.to) - self.from + self.shift;
        clamp(span.start)..clamp(span.end)
    }
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

    /// Checks the rendering of findings on `needles` in `text`.
    fn check(text: &str, needles: &[(&str, Severity)], expect: Expect) {
        let findings: Vec<_> = needles.iter().map(|&(n, s)| finding(text, n, s)).collect();
        expect.assert_eq(&plain(text, &findings));
    }

    /// The findings on `text` rendered, with colours stripped.
    fn plain(text: &str, findings: &[Finding]) -> String {
        let styled = render_file("talk.txt", text, findings, true);
        let mut plain = Vec::new();
        let mut stream = anstream::StripStream::new(&mut plain);
        std::io::Write::write_all(&mut stream, styled.as_bytes()).unwrap();
        let plain = String::from_utf8(plain).unwrap();
        // Rendered without colour, the text is the same.
        assert_eq!(render_file("talk.txt", text, findings, false), plain);
        plain
    }

    proptest::proptest! {
        /// The plain rendering written directly is the renderer's, for any
        /// line number, line length (windows cut at either end or both) and
        /// place of the figure on it.
        #[test]
        fn a_simple_finding_renders_as_the_renderer_would(
            before in 0usize..120,
            line in "[a-zA-Z0-9 .,:;'()\\[\\]$%-]{1,600}",
            at in 0usize..600,
            len in 1usize..30,
            severity in proptest::sample::select(vec![
                Severity::Error,
                Severity::Warning,
                Severity::Information,
                Severity::Hint,
            ]),
        ) {
            let line = line.trim_end();
            proptest::prop_assume!(!line.is_empty());
            let text = format!("{}{line}\nThe end.\n", "x\n".repeat(before));
            let start = before * 2 + at.min(line.len() - 1);
            let end = (start + len).min(before * 2 + line.len());
            let mut f = finding(&text, &text[start..end], severity);
            f.span = start..end;
            plain(&text, &[f]);
        }
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

    #[test]
    fn a_long_line_is_shown_as_a_window_with_its_own_column() {
        let text = format!(
            "A: {}We made 220 billion masks.{}\n",
            "word 😀 ".repeat(100),
            " and so on".repeat(100)
        );
        let column = text[..text.find("220").unwrap()].chars().count() + 1;
        let findings = [finding(&text, "220 billion masks", Severity::Warning)];
        let plain = plain(&text, &findings);
        assert!(
            plain.contains(&format!(" --> talk.txt:1:{column}\n")),
            "{plain}"
        );
        let shown = plain.lines().nth(3).unwrap();
        assert!(
            shown.starts_with("1 | …") && (shown.ends_with('…') || shown.ends_with("...")),
            "{shown}"
        );
        assert!(shown.contains("We made 220 billion masks."), "{shown}");
        assert!(shown.chars().count() < 200, "a window: {shown}");
        // The caret stands under the figure (an emoji is two columns wide).
        let caret = plain.lines().nth(4).unwrap();
        let width = |s: &str| s.chars().count() + s.matches('😀').count();
        assert_eq!(
            caret.find('^').map(|k| width(&caret[..k])),
            shown.find("220").map(|k| width(&shown[..k])),
            "{plain}"
        );
    }
}
