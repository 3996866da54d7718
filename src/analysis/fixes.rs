//! Fixes: edits the analysis offers for a span, such as citing a figure.
//!
//! An uncited figure under the cursor (or in the selection) gets two fixes,
//! each a plain set of byte-range edits the shell turns into a workspace
//! edit: a footnote, `[^n]` right after the figure with a `[^n]: ` stub to
//! fill in at the end of the document, and a Pandoc `[@]` marker whose key
//! the user types in. `n` is the first number no footnote uses yet. A
//! figure whose citation is a stub (`empty-citation`) gets one fix that
//! leads to where its source goes: the empty definition, a definition for
//! a footnote that has none, or the marker's key.
//!
//! Each fix says where the cursor belongs once it is applied (`cursor`, in
//! the text after the edits), so that the source is typed at once: a stub
//! left to fill in later is a claim left unsourced.

use super::{Analysis, Finding, FindingCode};
use crate::citations::{MarkerKind, Stub};
use crate::text::Span;

/// Replace `span` with `text`.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
}

/// A named set of edits to the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub title: String,
    /// The edits, sorted and not overlapping; none for a fix that only
    /// moves the cursor.
    pub edits: Vec<Edit>,
    /// The finding it fixes (index into `Analysis::findings`).
    pub finding: Option<usize>,
    /// Whether this is the fix a client should apply by default.
    pub preferred: bool,
    /// What to select once the edits are made, in the text after them:
    /// where the user types the source.
    pub cursor: Option<Span>,
}

pub(super) fn for_span(text: &str, analysis: &Analysis, span: Span) -> Vec<Fix> {
    let mut fixes = Vec::new();
    for (i, finding) in analysis.findings().iter().enumerate() {
        if !touches(&finding.span, &span) {
            continue;
        }
        match finding.code {
            FindingCode::UncitedFigure => cite(text, analysis, i, finding, &mut fixes),
            FindingCode::EmptyCitation => fixes.extend(fill_stub(text, analysis, i, finding)),
            _ => {}
        }
    }
    fixes
}

/// The two ways to cite an uncited figure.
fn cite(text: &str, analysis: &Analysis, i: usize, finding: &Finding, fixes: &mut Vec<Fix>) {
    let after = finding.span.end;
    let n = next_footnote_number(text, analysis).to_string();
    let marker = format!("[^{n}]");
    let stub = footnote_stub(text, &n);
    // The cursor goes after `[^n]: `, moved on by the marker inserted before.
    let typed_at = stub.span.start + marker.len() + stub.text.trim_end_matches(['\n', '\r']).len();
    fixes.push(Fix {
        title: format!("Cite with a footnote {marker}"),
        edits: vec![
            Edit {
                span: after..after,
                text: marker,
            },
            stub,
        ],
        finding: Some(i),
        preferred: true,
        cursor: Some(typed_at..typed_at),
    });
    let key_at = after + " [@".len();
    fixes.push(Fix {
        title: "Cite with a Pandoc marker [@]".to_string(),
        edits: vec![Edit {
            span: after..after,
            text: " [@]".to_string(),
        }],
        finding: Some(i),
        preferred: false,
        cursor: Some(key_at..key_at),
    });
}

/// The fix that leads to where the source of a stub citation goes.
fn fill_stub(text: &str, analysis: &Analysis, i: usize, finding: &Finding) -> Option<Fix> {
    let figure = finding.figure?;
    let m = analysis.stubs.get(figure).copied().flatten()?;
    let marker = &analysis.citations.markers[m];
    let shown = &text[marker.span.clone()];
    let fix = |title: String, edits: Vec<Edit>, cursor: Span| Fix {
        title,
        edits,
        finding: Some(i),
        preferred: true,
        cursor: Some(cursor),
    };
    Some(match (marker.stub?, &marker.kind) {
        (Stub::EmptyDefinition(d), _) => {
            let body = analysis.citations.definitions[d].body.clone();
            let words = &text[body.clone()];
            let start = body.start + (words.len() - words.trim_start().len());
            let end = body.start + words.trim_end().len();
            if start < end {
                // A placeholder is selected, to be typed over.
                fix(
                    format!("Write the source of {shown}"),
                    Vec::new(),
                    start..end,
                )
            } else if body.is_empty() {
                // `[^2]:` with nothing after it: a space, then the source.
                let edit = Edit {
                    span: body.start..body.start,
                    text: " ".to_string(),
                };
                let at = body.start + 1;
                fix(format!("Write the source of {shown}"), vec![edit], at..at)
            } else {
                fix(
                    format!("Write the source of {shown}"),
                    Vec::new(),
                    body.end..body.end,
                )
            }
        }
        (Stub::Undefined, MarkerKind::Footnote { label }) => {
            let stub = footnote_stub(text, label);
            let at = stub.span.start + stub.text.trim_end_matches(['\n', '\r']).len();
            fix(format!("Define footnote {shown}"), vec![stub], at..at)
        }
        (Stub::EmptyKey, _) => {
            // After the `@`, over a placeholder key when there is one.
            let at = marker.span.start + shown.find('@')? + 1;
            let key_len: usize = text[at..marker.span.end]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .map(char::len_utf8)
                .sum();
            fix(
                format!("Write the key of {shown}"),
                Vec::new(),
                at..at + key_len,
            )
        }
        (Stub::Undefined, _) => return None,
    })
}

/// Whether a finding is under the cursor (an empty span, touching either end
/// counts) or overlaps the selection.
fn touches(finding: &Span, selection: &Span) -> bool {
    if selection.is_empty() {
        finding.start <= selection.start && selection.start <= finding.end
    } else {
        finding.start < selection.end && selection.start < finding.end
    }
}

/// One more than the largest numeric footnote label in use, counting
/// markers, definitions and any `[^n]` in the text (a style switched off in
/// the configuration still takes up its numbers).
fn next_footnote_number(text: &str, analysis: &Analysis) -> u64 {
    let from_citations = analysis
        .citations
        .markers
        .iter()
        .filter_map(|m| match &m.kind {
            MarkerKind::Footnote { label } => Some(label.as_str()),
            _ => None,
        })
        .chain(
            analysis
                .citations
                .definitions
                .iter()
                .map(|d| d.label.as_str()),
        );
    let from_text = text
        .split("[^")
        .skip(1)
        .filter_map(|rest| rest.split(']').next());
    from_citations
        .chain(from_text)
        .filter_map(|label| label.parse::<u64>().ok())
        .max()
        .map_or(1, |n| n.saturating_add(1))
}

/// `[^n]: ` at the end of the document, on its own line after a blank line
/// (or right under other footnote definitions), in the document's line
/// ending, keeping a final line break if the document had one.
fn footnote_stub(text: &str, n: &str) -> Edit {
    let eol = if text.contains("\r\n") {
        "\r\n"
    } else if text.contains('\r') && !text.contains('\n') {
        "\r"
    } else {
        "\n"
    };
    let lines: Vec<&str> = text.lines().collect();
    let ends_with_break = text.ends_with(['\n', '\r']);
    let last_filled = lines.iter().rev().find(|l| !l.trim().is_empty());
    let trailing_blank = lines.last().is_some_and(|l| l.trim().is_empty());
    let after_definitions = last_filled.is_some_and(|l| is_definition(l)) && !trailing_blank;
    let before = if text.trim().is_empty() {
        ""
    } else if after_definitions {
        if ends_with_break { "" } else { eol }
    } else if trailing_blank && ends_with_break {
        ""
    } else if ends_with_break {
        eol
    } else {
        // Two breaks: one ends the last line, one leaves it blank.
        &eol.repeat(2)
    };
    let after = if ends_with_break { eol } else { "" };
    Edit {
        span: text.len()..text.len(),
        text: format!("{before}[^{n}]: {after}"),
    }
}

fn is_definition(line: &str) -> bool {
    let line = line.trim_start();
    line.starts_with("[^") && line.contains("]:")
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::analysis::hover::test_support::{analysis_of, detected, figure_at, turns};
    use crate::figures::FigureKind;
    use crate::transcript::Role;

    /// Applies edits (non-overlapping; equal starts keep their order).
    fn apply(text: &str, edits: &[Edit]) -> String {
        let mut edits: Vec<(usize, &Edit)> = edits.iter().enumerate().collect();
        edits.sort_by_key(|(i, e)| (std::cmp::Reverse(e.span.start), std::cmp::Reverse(*i)));
        let mut out = text.to_string();
        for (_, e) in edits {
            out.replace_range(e.span.clone(), &e.text);
        }
        out
    }

    /// The fixes at the `$0` cursor of `fixture`, whose figure is `figure`,
    /// each shown as its title and the text after it is applied.
    fn check(fixture: &str, figure: &str, expect: Expect) {
        let offset = fixture.find("$0").expect("a $0 cursor");
        let text = fixture.replacen("$0", "", 1);
        let analysis = analysis_of(
            &text,
            turns(&text, &[("A:", 0, Role::Answer)]),
            &[("A", None)],
            vec![(figure_at(&text, figure, FigureKind::Count, 0.0), None)],
        );
        let mut actual = String::new();
        for fix in for_span(&text, &analysis, offset..offset) {
            let star = if fix.preferred { " (preferred)" } else { "" };
            actual.push_str(&format!(
                "== {}{star} fixes #{:?}\n{}\n",
                fix.title,
                fix.finding,
                apply(&text, &fix.edits).replace('\r', "\\r")
            ));
        }
        expect.assert_eq(&actual);
    }

    #[test]
    fn an_uncited_figure_gets_a_footnote_and_a_pandoc_marker() {
        check(
            "A: We sent 8$07 teams to the region.\n",
            "87 teams",
            expect![[r#"
                == Cite with a footnote [^1] (preferred) fixes #Some(0)
                A: We sent 87 teams[^1] to the region.

                [^1]: 

                == Cite with a Pandoc marker [@] fixes #Some(0)
                A: We sent 87 teams [@] to the region.

            "#]],
        );
    }

    #[test]
    fn the_footnote_takes_the_next_free_number_and_joins_the_definitions() {
        check(
            "A: One[^1]. We sent 8$07 teams. Nine things[^3].\n\n[^1]: a\n[^3]: b",
            "87 teams",
            expect![[r#"
                == Cite with a footnote [^4] (preferred) fixes #Some(0)
                A: One[^1]. We sent 87 teams[^4]. Nine things[^3].

                [^1]: a
                [^3]: b
                [^4]: 
                == Cite with a Pandoc marker [@] fixes #Some(0)
                A: One[^1]. We sent 87 teams [@]. Nine things[^3].

                [^1]: a
                [^3]: b
            "#]],
        );
    }

    #[test]
    fn the_stub_follows_the_documents_line_ends() {
        check(
            "A: We sent 87 teams$0.\r\nThat is all.",
            "87 teams",
            expect![[r#"
                == Cite with a footnote [^1] (preferred) fixes #Some(0)
                A: We sent 87 teams[^1].\r
                That is all.\r
                \r
                [^1]: 
                == Cite with a Pandoc marker [@] fixes #Some(0)
                A: We sent 87 teams [@].\r
                That is all.
            "#]],
        );
    }

    #[test]
    fn no_fix_away_from_a_figure() {
        check("A: We $0sent 87 teams.\n", "87 teams", expect![""]);
    }

    #[test]
    fn a_selection_overlapping_the_figure_gets_its_fixes() {
        let text = "A: We sent 87 teams.\n";
        let analysis = analysis_of(
            text,
            turns(text, &[("A:", 0, Role::Answer)]),
            &[("A", None)],
            vec![(figure_at(text, "87 teams", FigureKind::Count, 87.0), None)],
        );
        assert_eq!(for_span(text, &analysis, 3..12).len(), 2);
        assert!(for_span(text, &analysis, 3..11).is_empty());
    }

    /// The figures flagged in a one-answer transcript, by their text.
    fn flagged(text: &str) -> Vec<String> {
        let a = detected(text, &[("A:", 0, Role::Answer)], &["A"]);
        a.findings()
            .iter()
            .map(|f| text[f.span.clone()].to_string())
            .collect()
    }

    #[test]
    fn the_footnote_fix_leaves_the_figure_cited() {
        let text = "A: We shipped 220 billion masks. And 40 trains.\n";
        assert_eq!(flagged(text), ["220 billion masks", "40 trains"]);
        let a = detected(text, &[("A:", 0, Role::Answer)], &["A"]);
        let at = text.find("220").unwrap();
        let fixes = for_span(text, &a, at..at);
        let footnoted = apply(text, &fixes[0].edits);
        // The stub names no source yet: the figure stays flagged, now as
        // cited by an empty footnote, until the source is written in.
        let codes = |text: &str| {
            let a = detected(text, &[("A:", 0, Role::Answer)], &["A"]);
            a.findings()
                .iter()
                .map(|f| (text[f.span.clone()].to_string(), f.code.as_str()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(&footnoted),
            [
                ("220 billion masks".to_string(), "empty-citation"),
                ("40 trains".to_string(), "uncited-figure")
            ],
            "{footnoted:?}"
        );
        let sourced = footnoted.replace("[^1]: ", "[^1]: Customs office, 2021.");
        assert_eq!(flagged(&sourced), ["40 trains"], "{sourced:?}");
    }

    #[test]
    fn the_pandoc_placeholder_cites_once_its_key_is_typed() {
        let text = "A: We shipped 220 billion masks.\n";
        let a = detected(text, &[("A:", 0, Role::Answer)], &["A"]);
        let fixes = for_span(text, &a, 20..20);
        let marked = apply(text, &fixes[1].edits);
        assert_eq!(marked, "A: We shipped 220 billion masks [@].\n");
        // An empty key names no source yet: still flagged, as it should be.
        assert_eq!(flagged(&marked), ["220 billion masks"]);
        assert_eq!(
            flagged(&marked.replace("[@]", "[@customs2021]")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_blank_line_already_at_the_end_is_reused() {
        let stub = footnote_stub("A: text\n\n", "2");
        assert_eq!(stub.text, "[^2]: \n");
        assert_eq!(footnote_stub("A: text", "1").text, "\n\n[^1]: ");
        assert_eq!(footnote_stub("", "1").text, "[^1]: ");
    }

    /// Each fix at `at` of `text` (real rules), applied, with its cursor
    /// shown as `‸` or its selection as `«…»`.
    fn with_cursor(text: &str, at: &str) -> String {
        let a = detected(text, &[("A:", 0, Role::Answer)], &["A"]);
        let offset = text.find(at).unwrap();
        let mut out = String::new();
        for fix in for_span(text, &a, offset..offset) {
            let mut after = apply(text, &fix.edits);
            let cursor = fix
                .cursor
                .clone()
                .expect("every citing fix places the cursor");
            if cursor.is_empty() {
                after.insert(cursor.start, '‸');
            } else {
                after.insert(cursor.end, '»');
                after.insert(cursor.start, '«');
            }
            out.push_str(&format!("== {}\n{after}", fix.title));
        }
        out
    }

    #[test]
    fn every_citing_fix_puts_the_cursor_where_the_source_goes() {
        expect![[r#"
            == Cite with a footnote [^1]
            A: We shipped 220 billion masks[^1].

            [^1]: ‸
            == Cite with a Pandoc marker [@]
            A: We shipped 220 billion masks [@‸].
        "#]]
        .assert_eq(&with_cursor("A: We shipped 220 billion masks.\n", "220"));
    }

    #[test]
    fn a_stub_citation_leads_to_where_its_source_goes() {
        let text = "A: We shipped 220 billion masks[^1], 40 trains[^2], \
                    12 vans [@] and 9 ships [@TODO] and 3 tugs[^x].\n\n\
                    [^1]:\n[^2]: TODO find it\n";
        expect![[r#"
            == Write the source of [^1]
            A: We shipped 220 billion masks[^1], 40 trains[^2], 12 vans [@] and 9 ships [@TODO] and 3 tugs[^x].

            [^1]: ‸
            [^2]: TODO find it
        "#]]
        .assert_eq(&with_cursor(text, "220"));
        expect![[r#"
            == Write the source of [^2]
            A: We shipped 220 billion masks[^1], 40 trains[^2], 12 vans [@] and 9 ships [@TODO] and 3 tugs[^x].

            [^1]:
            [^2]: «TODO find it»
        "#]]
        .assert_eq(&with_cursor(text, "40"));
        expect![[r#"
            == Write the key of [@]
            A: We shipped 220 billion masks[^1], 40 trains[^2], 12 vans [@‸] and 9 ships [@TODO] and 3 tugs[^x].

            [^1]:
            [^2]: TODO find it
        "#]]
        .assert_eq(&with_cursor(text, "12"));
        expect![[r#"
            == Write the key of [@TODO]
            A: We shipped 220 billion masks[^1], 40 trains[^2], 12 vans [@] and 9 ships [@«TODO»] and 3 tugs[^x].

            [^1]:
            [^2]: TODO find it
        "#]]
        .assert_eq(&with_cursor(text, "9 ships"));
        expect![[r#"
            == Define footnote [^x]
            A: We shipped 220 billion masks[^1], 40 trains[^2], 12 vans [@] and 9 ships [@TODO] and 3 tugs[^x].

            [^1]:
            [^2]: TODO find it
            [^x]: ‸
        "#]]
        .assert_eq(&with_cursor(text, "3 tugs"));
    }
}
