//! Citations: inline markers that give a figure its source.
//!
//! Three marker styles are recognised: Pandoc `[@key]` / `[@key, p. 4]`,
//! footnotes `[^label]` (with a `[^label]: …` definition anywhere in the
//! file) and numbered references `[12]`. A marker covers the figures before it
//! in its sentence, back to the previous marker.
//!
//! `markers` knows what a marker looks like, `sentences` where a sentence
//! ends; `find` and `covering` here put them together. Notes kept beside the
//! transcript cover figures too, but that is decided by the analysis.

mod markers;
mod placeholders;
mod sentences;

pub use placeholders::holds_no_source;

pub(crate) use markers::marker_len;
pub(crate) use sentences::Ends;

use crate::text::Span;

/// Which style a marker is written in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkerKind {
    /// `[@key]`, `[@key, p. 4]`: `key` and the optional locator.
    Pandoc {
        key: String,
        locator: Option<String>,
    },
    /// `[^label]`.
    Footnote { label: String },
    /// `[12]`.
    Numbered { number: u32 },
}

/// Which marker styles count as citations (configurable).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkerStyles {
    pub pandoc: bool,
    pub footnote: bool,
    pub numbered: bool,
}

impl Default for MarkerStyles {
    fn default() -> Self {
        MarkerStyles {
            pandoc: true,
            footnote: true,
            numbered: true,
        }
    }
}

/// One inline citation marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub span: Span,
    pub kind: MarkerKind,
    /// Why the marker gives no source, when it gives none.
    pub stub: Option<Stub>,
}

/// A marker that stands where a source should be but holds none: a figure
/// it follows is still flagged (`empty-citation`), so a quick fix accepted
/// and forgotten never passes a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stub {
    /// `[^2]` with no `[^2]:` definition anywhere in the file.
    Undefined,
    /// `[^2]` whose definition (index into `Citations::definitions`) is
    /// empty or a placeholder (`[^2]:`, `[^2]: TODO`).
    EmptyDefinition(usize),
    /// `[@]`, or a placeholder for a key (`[@TODO]`).
    EmptyKey,
}

/// A footnote definition, `[^label]: text`, at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteDefinition {
    pub label: String,
    /// The whole definition line.
    pub span: Span,
    /// The definition's text after `]:`.
    pub body: Span,
}

/// The citations of one document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Citations {
    pub markers: Vec<Marker>,
    pub definitions: Vec<FootnoteDefinition>,
}

impl MarkerStyles {
    /// Whether markers of this kind count as citations.
    pub fn counts(&self, kind: &MarkerKind) -> bool {
        match kind {
            MarkerKind::Pandoc { .. } => self.pandoc,
            MarkerKind::Footnote { .. } => self.footnote,
            MarkerKind::Numbered { .. } => self.numbered,
        }
    }
}

impl Citations {
    /// Whether marker `i` gives a source: a footnote needs a definition
    /// that holds one, a Pandoc marker a key.
    pub fn is_effective(&self, i: usize) -> bool {
        self.markers[i].stub.is_none()
    }

    /// The span to show for a stub marker: the empty definition, or the
    /// marker itself.
    pub fn stub_span(&self, i: usize) -> Option<Span> {
        let marker = &self.markers[i];
        match marker.stub? {
            Stub::EmptyDefinition(d) => Some(self.definitions[d].span.clone()),
            Stub::Undefined | Stub::EmptyKey => Some(marker.span.clone()),
        }
    }

    /// Each marker's `stub`, once every definition is known: one map from
    /// label to definition, so the work is linear in markers and
    /// definitions. When a label is defined twice, the first definition is
    /// the one that counts, as in Markdown.
    fn mark_stubs(&mut self, text: &str) {
        let mut first: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(self.definitions.len());
        for (i, d) in self.definitions.iter().enumerate() {
            first.entry(d.label.as_str()).or_insert(i);
        }
        for marker in &mut self.markers {
            marker.stub = match &marker.kind {
                MarkerKind::Footnote { label } => match first.get(label.as_str()) {
                    None => Some(Stub::Undefined),
                    Some(&d) if holds_no_source(&text[self.definitions[d].body.clone()]) => {
                        Some(Stub::EmptyDefinition(d))
                    }
                    Some(_) => None,
                },
                MarkerKind::Pandoc { key, .. } if placeholders::is_placeholder_key(key) => {
                    Some(Stub::EmptyKey)
                }
                _ => None,
            };
        }
    }
}

/// Whether `line` is a footnote definition, `[^label]: text` (at most three
/// spaces before it): a document's apparatus rather than its text.
pub fn is_footnote_definition(line: &str) -> bool {
    line.trim_start_matches(' ').starts_with("[^") && markers::definition_at(line, 0).is_some()
}

/// Finds the markers of the styles that count, and every footnote
/// definition, in `text`.
pub fn find(text: &str, styles: MarkerStyles) -> Citations {
    let bytes = text.as_bytes();
    let mut out = Citations::default();
    let mut i = 0;
    while i < bytes.len() {
        // `memchr` skips to the next bracket many bytes at a time.
        let Some(next) = memchr::memchr(b'[', &bytes[i..]) else {
            break;
        };
        i += next;
        // A definition opens its line, after at most three spaces.
        let indent = bytes[i.saturating_sub(4)..i]
            .iter()
            .rev()
            .take_while(|&&b| b == b' ')
            .count();
        let at_line_start = indent <= 3 && (i == indent || bytes[i - indent - 1] == b'\n');
        let line_start = i - indent;
        if at_line_start && let Some((label, body)) = markers::definition_at(text, i) {
            let end = line_end(bytes, body);
            out.definitions.push(FootnoteDefinition {
                label,
                span: line_start..end,
                body: body..end,
            });
            i = end;
            continue;
        }
        match markers::marker_at(text, i) {
            Some((len, kind)) => {
                // `[12]: …` opening a line defines a reference, it cites nothing.
                let defines = matches!(kind, MarkerKind::Numbered { .. })
                    && at_line_start
                    && bytes.get(i + len) == Some(&b':');
                if styles.counts(&kind) && !defines {
                    out.markers.push(Marker {
                        span: i..i + len,
                        kind,
                        stub: None,
                    });
                }
                i += len;
            }
            None => i += 1,
        }
    }
    out.mark_stubs(text);
    out
}

fn line_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
        i += 1;
    }
    i
}

/// For each figure span (in order), the index of the marker that cites it:
/// the first marker that starts after the figure starts, when no sentence
/// ends between them. Whether that marker gives a source is the caller's
/// question (`Citations::is_effective`): a stub cites without covering.
pub fn citing(text: &str, citations: &Citations, figures: &[Span]) -> Vec<Option<usize>> {
    let markers = &citations.markers;
    if markers.is_empty() {
        return vec![None; figures.len()];
    }
    let mut ends = sentences::Ends::new(text);
    let mut last_end = 0;
    figures
        .iter()
        .map(|figure| {
            let m = markers.partition_point(|m| m.span.start < figure.start);
            let marker = &markers.get(m)?.span;
            // Figures come in order; a stray one out of order is checked alone.
            let from = figure.end.max(last_end);
            if figure.end < last_end {
                return (!sentences::Ends::new(text).any_between(figure.end, marker.start))
                    .then_some(m);
            }
            last_end = from;
            (!ends.any_between(from, marker.start)).then_some(m)
        })
        .collect()
}

/// For each figure span (in order), the marker that covers it: the one
/// that cites it, when it gives a source.
pub fn covering(text: &str, citations: &Citations, figures: &[Span]) -> Vec<Option<usize>> {
    citing(text, citations, figures)
        .into_iter()
        .map(|m| m.filter(|&m| citations.is_effective(m)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{Expect, expect};

    /// The markers and definitions found, then each figure with the marker
    /// that covers it (or `uncited`).
    fn render(fixture: &str, styles: MarkerStyles) -> String {
        let citations = find(fixture, styles);
        let mut out = String::new();
        for m in &citations.markers {
            out.push_str(&format!(
                "marker {:?} {:?}\n",
                &fixture[m.span.clone()],
                m.kind
            ));
        }
        for d in &citations.definitions {
            out.push_str(&format!(
                "definition {} {:?}\n",
                d.label,
                &fixture[d.body.clone()]
            ));
        }
        let figures = crate::figures::detect(fixture, [std::slice::from_ref(&(0..fixture.len()))]);
        let spans: Vec<Span> = figures.iter().map(|f| f.span.clone()).collect();
        for (span, cover) in spans.iter().zip(covering(fixture, &citations, &spans)) {
            let by = cover.map_or("uncited".to_string(), |m| {
                format!("by {}", &fixture[citations.markers[m].span.clone()])
            });
            out.push_str(&format!("{:?} {by}\n", &fixture[span.clone()]));
        }
        out
    }

    fn check(fixture: &str, expect: Expect) {
        expect.assert_eq(&render(fixture, MarkerStyles::default()));
    }

    fn check_styles(fixture: &str, styles: MarkerStyles, expect: Expect) {
        expect.assert_eq(&render(fixture, styles));
    }

    #[test]
    fn each_marker_style() {
        check(
            "Exports rose 8 percent [@trade, p. 4]. Imports fell 3 percent [^imp]. \
             Tariffs hit 40 ports [12]. See also [see @ports2021, pp. 3-5; @other].\n\
             \n[^imp]: Customs bulletin, March.\n",
            expect![[r#"
                marker "[@trade, p. 4]" Pandoc { key: "trade", locator: Some("p. 4") }
                marker "[^imp]" Footnote { label: "imp" }
                marker "[12]" Numbered { number: 12 }
                marker "[see @ports2021, pp. 3-5; @other]" Pandoc { key: "ports2021", locator: Some("pp. 3-5") }
                definition imp "Customs bulletin, March."
                "8 percent" by [@trade, p. 4]
                "3 percent" by [^imp]
                "40 ports" by [12]
            "#]],
        );
    }

    #[test]
    fn a_marker_covers_back_to_the_previous_marker() {
        check(
            "We built 300 schools, 40 clinics [1], and 12 bridges and 9 dams [2] \
             over 5 years with 2,000 workers.",
            expect![[r#"
                marker "[1]" Numbered { number: 1 }
                marker "[2]" Numbered { number: 2 }
                "300 schools" by [1]
                "40 clinics" by [1]
                "12 bridges" by [2]
                "9 dams" by [2]
                "2,000 workers" uncited
            "#]],
        );
    }

    #[test]
    fn a_marker_does_not_reach_into_the_previous_sentence() {
        check(
            "Sales hit 4 million units. Profit rose 12 percent [3]. Dr. Reyes said \
             costs fell 8 percent [4]. Margins were 2.5 percent in May.[5] Then \
             staff grew by 200.\n\nAnother 70 stores opened [6].",
            expect![[r#"
                marker "[3]" Numbered { number: 3 }
                marker "[4]" Numbered { number: 4 }
                marker "[5]" Numbered { number: 5 }
                marker "[6]" Numbered { number: 6 }
                "4 million units" uncited
                "12 percent" by [3]
                "8 percent" by [4]
                "2.5 percent" by [5]
                "200" uncited
                "Another 70 stores" by [6]
            "#]],
        );
    }

    #[test]
    fn a_footnote_without_its_definition_cites_nothing() {
        check(
            "Rents rose 9 percent[^a] and wages 2 percent[^b].\n\n[^b]: Labour survey.\n",
            expect![[r#"
                marker "[^a]" Footnote { label: "a" }
                marker "[^b]" Footnote { label: "b" }
                definition b "Labour survey."
                "9 percent" uncited
                "2 percent" by [^b]
            "#]],
        );
    }

    #[test]
    fn markers_of_a_disabled_style_do_not_count() {
        let styles = MarkerStyles {
            pandoc: true,
            footnote: false,
            numbered: false,
        };
        check_styles(
            "Rents rose 9 percent [4], wages 2 percent [^w] and prices 3 percent [@cpi].\n\
             [^w]: Wage index.\n",
            styles,
            expect![[r#"
                marker "[@cpi]" Pandoc { key: "cpi", locator: None }
                definition w "Wage index."
                "9 percent" by [@cpi]
                "2 percent" by [@cpi]
                "3 percent" by [@cpi]
            "#]],
        );
    }

    #[test]
    fn brackets_that_are_not_markers() {
        check(
            "He said [inaudible 00:12:30] that 30 percent [of voters] agreed [sic], \
             a [1a] or [] or [^ x] marker.\n[7]: a reference list entry\n",
            expect![[r#"
                "30 percent" uncited
            "#]],
        );
    }

    #[test]
    fn markers_after_the_full_stop_or_inside_the_figure_still_cover_it() {
        check(
            "Output rose 7 percent.[^x] Exports grew 5 percent. [9] Imports \
             were 2 billion[@cus] dollars, and \"tariffs hit 11 percent.\"[10]\n\
             [^x]: Factory survey.\n",
            expect![[r#"
                marker "[^x]" Footnote { label: "x" }
                marker "[9]" Numbered { number: 9 }
                marker "[@cus]" Pandoc { key: "cus", locator: None }
                marker "[10]" Numbered { number: 10 }
                definition x "Factory survey."
                "7 percent" by [^x]
                "5 percent" by [9]
                "2 billion" by [@cus]
                "11 percent" by [10]
            "#]],
        );
    }

    #[test]
    fn a_footnote_is_effective_only_with_its_definition() {
        let text = "A[^1] and B[^2].\n\n[^2]: Defined.\n";
        let citations = find(text, MarkerStyles::default());
        assert_eq!(citations.markers[0].stub, Some(Stub::Undefined));
        assert!(!citations.is_effective(0));
        assert!(citations.is_effective(1));
        assert_eq!(citations.stub_span(0), Some(1..5));
        assert_eq!(citations.stub_span(1), None);
    }

    #[test]
    fn an_empty_or_placeholder_citation_gives_no_source() {
        let text = "A[^1], B[^2], C[@], D[@TODO], E[^3] and F[@smith].\n\n\
                    [^1]:\n[^2]: TODO find the report\n[^3]: Census office, 2021.\n[^1]: Late.\n";
        let citations = find(text, MarkerStyles::default());
        let stubs: Vec<_> = citations.markers.iter().map(|m| m.stub).collect();
        assert_eq!(
            stubs,
            [
                Some(Stub::EmptyDefinition(0)),
                Some(Stub::EmptyDefinition(1)),
                Some(Stub::EmptyKey),
                Some(Stub::EmptyKey),
                None,
                None,
            ]
        );
        // The stub of an empty definition is the definition's line.
        let span = citations.stub_span(0).unwrap();
        assert_eq!(&text[span], "[^1]:");
        // A stub cites the figure before it without covering it.
        let b = text.find('B').unwrap();
        let figure: Span = b..b + 1;
        let figures = std::slice::from_ref(&figure);
        assert_eq!(citing(text, &citations, figures), [Some(1)]);
        assert_eq!(covering(text, &citations, figures), [None]);
    }

    proptest::proptest! {
        /// Whether a marker covers a figure depends on that figure alone, so
        /// the figures can be checked in any runs (the analysis checks many
        /// in parallel).
        #[test]
        fn figures_checked_in_runs_are_covered_as_all_at_once(
            text in "([a-z ]|Dr[.] |[.?!] |\\n\\n|12|\\[1\\]|\\[@k\\]|\\[\\^a\\]|\\[\\^a\\]: s\\n){0,60}",
            run in 1usize..6,
        ) {
            let citations = find(&text, MarkerStyles::default());
            let figures: Vec<Span> = text.match_indices("12").map(|(i, _)| i..i + 2).collect();
            let all = covering(&text, &citations, &figures);
            let in_runs: Vec<Option<usize>> = figures
                .chunks(run)
                .flat_map(|chunk| covering(&text, &citations, chunk))
                .collect();
            proptest::prop_assert_eq!(all, in_runs);
        }
    }
}
