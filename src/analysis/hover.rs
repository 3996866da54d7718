//! Hover: what the analysis says about the thing under the cursor.
//!
//! Three things answer a hover. A speaker label tells who speaks: the full
//! name (folded from shorter labels), how much they say, and where their
//! first and last turns are. A figure tells what the analysis read in it:
//! the normalised value with its unit, its qualifier, and whether a citation
//! covers it. A noted span shows every note on it. When a figure or a label
//! lies inside a noted span, both are shown, the notes below a rule. A
//! figure and noted words also say when they were said (`Time: 00:12:31`),
//! from the transcript's time marks, when it gives times. The text is
//! Markdown; the shell only places it.

use super::{Analysis, Cover, Severity};
use crate::citations::{MarkerKind, Stub};
use crate::figures::Figure;
use crate::notes;
use crate::text::{LineIndex, Span};
use crate::transcript::{Transcript, Turn};

/// Markdown to show for a span of the document.
#[derive(Debug, Clone, PartialEq)]
pub struct HoverInfo {
    pub span: Span,
    pub markdown: String,
}

/// Longest quotation of a turn's opening, in characters.
const OPENING_CHARS: usize = 60;

pub(super) fn at(text: &str, analysis: &Analysis, offset: usize) -> Option<HoverInfo> {
    let thing = thing_at(text, analysis, offset);
    let noted = analysis.notes_at(offset);
    if noted.is_empty() {
        return thing;
    }
    let notes: Vec<String> = noted
        .iter()
        .map(|&i| notes::hover_markdown(&analysis.notes[i], &analysis.anchors[i], text))
        .collect();
    let notes = notes.join("\n\n---\n\n");
    Some(match thing {
        // The figure or label names the range: it is what the cursor is on.
        Some(h) => HoverInfo {
            span: h.span,
            markdown: format!("{}\n\n---\n\n{notes}", h.markdown),
        },
        None => {
            let span = analysis.anchors[noted[0]]
                .span()
                .cloned()
                .unwrap_or(offset..offset);
            // When the noted words were said heads the notes on them.
            let markdown = match analysis.time_at(span.start) {
                Some(t) => format!("{}\n\n---\n\n{notes}", time_line(t)),
                None => notes,
            };
            HoverInfo { span, markdown }
        }
    })
}

/// `Time: 00:12:31.400`, the time in the recording of the hovered words.
fn time_line(seconds: f64) -> String {
    format!("Time: {}", super::format_clock(seconds))
}

/// The speaker label or the figure at `offset`.
fn thing_at(text: &str, analysis: &Analysis, offset: usize) -> Option<HoverInfo> {
    let t = &analysis.transcript;
    if let Some(turn) = t
        .turns
        .iter()
        .find(|turn| turn.label.start <= offset && offset <= turn.label.end)
    {
        return Some(HoverInfo {
            span: turn.label.clone(),
            markdown: speaker(text, t, turn),
        });
    }
    let i = analysis
        .figures
        .iter()
        .position(|f| f.span.start <= offset && offset <= f.span.end)?;
    Some(HoverInfo {
        span: analysis.figures[i].span.clone(),
        markdown: figure(text, analysis, i),
    })
}

fn speaker(text: &str, t: &Transcript, turn: &Turn) -> String {
    let who = t.speaker(turn);
    let turns: Vec<&Turn> = t
        .turns
        .iter()
        .filter(|x| x.speaker == turn.speaker)
        .collect();
    let words: usize = turns.iter().map(|x| word_count(text, x)).sum();
    let index = LineIndex::new(text);

    let mut out = format!("**{}**", who.name);
    if let Some(affiliation) = &who.affiliation {
        out.push_str(&format!(" ({affiliation})"));
    }
    if let Some(title) = &who.title {
        out.push_str(&format!(", {title}"));
    }
    out.push_str(&format!(
        "\n\n{} · {}",
        plural(turns.len(), "turn"),
        plural(words, "word")
    ));
    if let (Some(first), Some(last)) = (turns.first(), turns.last()) {
        out.push_str(&format!(
            "\n\nFirst turn: {}",
            where_and_what(text, &index, first)
        ));
        if turns.len() > 1 {
            out.push_str(&format!(
                "  \nLast turn: {}",
                where_and_what(text, &index, last)
            ));
        }
    }
    out
}

/// `line 12 (00:01:35): “Opening words…”`
fn where_and_what(text: &str, index: &LineIndex, turn: &Turn) -> String {
    let mut out = format!("line {}", index.line_of(turn.label.start) + 1);
    if let Some(ts) = turn.timestamp {
        out.push_str(&format!(" ({})", super::format_clock(ts)));
    }
    let opening = opening_words(text, turn);
    if !opening.is_empty() {
        out.push_str(&format!(": “{opening}”"));
    }
    out
}

/// What is missing from stub marker `m`, as the end of a sentence.
pub(super) fn stub_says(analysis: &Analysis, m: usize) -> &'static str {
    match analysis.citations.markers[m].stub {
        Some(Stub::Undefined) => "no footnote definition gives its source",
        Some(Stub::EmptyDefinition(_)) => "its footnote definition holds no source yet",
        Some(Stub::EmptyKey) | None => "it names no source yet",
    }
}

fn figure(text: &str, analysis: &Analysis, i: usize) -> String {
    let f = &analysis.figures[i];
    let mut out = format!(
        "**{}** · {}",
        one_line(&text[f.span.clone()]),
        f.kind.as_str()
    );
    out.push_str(&format!("\n\nValue: {}", value_with_unit(f)));
    if let Some(q) = &f.qualifier {
        out.push_str(&format!("  \nQualifier: {q}"));
    }
    if let Some(t) = analysis.time_at(f.span.start) {
        out.push_str(&format!("  \n{}", time_line(t)));
    }
    let cited = match &analysis.covers[i] {
        Some(Cover::Marker(m)) => {
            let marker = &analysis.citations.markers[*m];
            let mut s = format!("Cited by `{}`", &text[marker.span.clone()]);
            if let MarkerKind::Footnote { label } = &marker.kind
                && let Some(d) = analysis
                    .citations
                    .definitions
                    .iter()
                    .find(|d| &d.label == label)
            {
                s.push_str(&format!(": {}", one_line(&text[d.body.clone()])));
            }
            s
        }
        Some(Cover::Note(n)) => match analysis.notes.get(*n) {
            Some(note) if note.sources().next().is_some() => {
                let sources: Vec<String> = note.sources().map(|s| format!("`{s}`")).collect();
                format!("Cited by a note: {}", sources.join(", "))
            }
            Some(_) => "Marked reviewed by a note.".to_string(),
            None => "Covered by a note with a source or a review verdict.".to_string(),
        },
        Some(Cover::Phrase(phrase)) => {
            format!("Not flagged: the configuration's `ignore` phrase “{phrase}” covers it.")
        }
        None => match analysis.stubs.get(i).copied().flatten() {
            Some(m) => format!(
                "Not cited: `{}` follows it, but {}.",
                &text[analysis.citations.markers[m].span.clone()],
                stub_says(analysis, m)
            ),
            None => "Not cited: no citation marker follows it in its sentence.".to_string(),
        },
    };
    out.push_str(&format!("\n\n{cited}"));
    // Why the figure is flagged as it is: the rule behind its finding
    // (findings are in text order, so it is found by its start).
    let from = analysis
        .findings
        .partition_point(|x| x.span.start < f.span.start);
    let finding = analysis.findings[from..]
        .iter()
        .take_while(|x| x.span.start == f.span.start)
        .find(|x| x.figure == Some(i));
    match finding {
        Some(finding) if finding.severity == Severity::Hint => out.push_str(&format!(
            "\n\nNot asserted, so shown as a hint: {} (`{}`).",
            finding.reason.text, finding.reason.rule
        )),
        Some(finding) => out.push_str(&format!(
            "\n\nWhy: {} (`{}`).  \nTo resolve: {}.",
            finding.reason.text,
            finding.reason.rule,
            finding.code.help()
        )),
        None if f.hypothetical => {
            out.push_str("\n\nReads as a hypothetical, advice or a definition: shown as a hint.");
        }
        None => {}
    }
    out
}

/// `2,250,000,000 protective suits`, `15–20 percent`, `$25`, `30%`.
fn value_with_unit(f: &Figure) -> String {
    let mut number = format_number(f.value);
    if let Some(upper) = f.upper {
        number = format!("{number}–{}", format_number(upper));
    }
    match f.unit.as_deref() {
        None | Some("") => number,
        Some("%") => format!("{number}%"),
        Some(sym @ ("$" | "€" | "£" | "¥")) => format!("{sym}{number}"),
        Some(unit) => format!("{number} {unit}"),
    }
}

/// A number with thousands separators and no needless decimals:
/// `2250000000.0` → `2,250,000,000`, `4.25` → `4.25`.
pub(crate) fn format_number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    // Most figures are whole numbers: printed as integers, they skip the
    // slow exact formatting of a float, with the same digits.
    let fixed = if value.fract() == 0.0 && value.abs() < 1e15 {
        (value.abs() as u64).to_string()
    } else {
        format!("{:.6}", value.abs())
    };
    let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
    let frac = frac.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 && (grouped != "0" || !frac.is_empty()) {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

fn word_count(text: &str, turn: &Turn) -> usize {
    turn.speech
        .iter()
        .flat_map(|s| text[s.clone()].split_whitespace())
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn opening_words(text: &str, turn: &Turn) -> String {
    let mut out = String::new();
    for word in turn
        .speech
        .iter()
        .flat_map(|s| text[s.clone()].split_whitespace())
    {
        if out.chars().count() + 1 + word.chars().count() > OPENING_CHARS {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn plural(n: usize, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {noun}{s}", format_number(n as f64))
}

/// Hand-built analyses for the core's unit tests: turns, speakers and
/// figures placed by hand, so hover and fixes are tested apart from the
/// parser and the figure rules.
#[cfg(test)]
pub(super) mod test_support {
    use crate::analysis::{Analysis, Cover, Settings, findings};
    use crate::citations::Citations;
    use crate::figures::{Figure, FigureKind};
    use crate::transcript::{Exchange, Format, Role, Speaker, Transcript, Turn};

    /// Turns labelled `(label, speaker, role)`, found in order in `text`;
    /// each runs to the next label (or the end), its speech trimmed.
    pub fn turns(text: &str, labels: &[(&str, usize, Role)]) -> Vec<Turn> {
        let mut starts = Vec::new();
        let mut from = 0;
        for (label, _, _) in labels {
            let at = from + text[from..].find(label).expect("label in text");
            starts.push(at);
            from = at + label.len();
        }
        labels
            .iter()
            .enumerate()
            .map(|(i, (label, speaker, role))| {
                let label_end = starts[i] + label.len();
                let end = starts.get(i + 1).copied().unwrap_or(text.len());
                let body = &text[label_end..end];
                let lead = body.len() - body.trim_start().len();
                let speech = label_end + lead..label_end + body.trim_end().len();
                Turn {
                    speaker: *speaker,
                    label_name: label.trim_end_matches(':').to_string(),
                    role: *role,
                    label: starts[i]..label_end,
                    body: label_end..end,
                    speech: vec![speech],
                    timestamp: None,
                    affiliation: None,
                }
            })
            .collect()
    }

    /// A figure spanning the first occurrence of `needle`.
    pub fn figure_at(text: &str, needle: &str, kind: FigureKind, value: f64) -> Figure {
        let at = text.find(needle).expect("figure in text");
        Figure {
            span: at..at + needle.len(),
            core: at..at + needle.len(),
            kind,
            value,
            upper: None,
            unit: None,
            qualifier: None,
            hypothetical: false,
        }
    }

    /// An analysis of `text` whose turns are placed by hand but whose figures,
    /// citations and findings come from the real rules.
    pub fn detected(text: &str, labels: &[(&str, usize, Role)], speakers: &[&str]) -> Analysis {
        let turns = turns(text, labels);
        let speakers: Vec<(&str, Option<&str>)> = speakers.iter().map(|s| (*s, None)).collect();
        let mut analysis = analysis_of(text, turns, &speakers, Vec::new());
        let settings = Settings::default();
        analysis.figures = crate::figures::detect(text, analysis.transcript.speech());
        analysis.citations = crate::citations::find(text, settings.markers);
        let spans: Vec<_> = analysis.figures.iter().map(|f| f.span.clone()).collect();
        let citing = crate::citations::citing(text, &analysis.citations, &spans);
        let effective = |m: &Option<usize>| m.filter(|&m| analysis.citations.is_effective(m));
        analysis.covers = citing
            .iter()
            .map(|m| effective(m).map(Cover::Marker))
            .collect();
        analysis.stubs = citing
            .iter()
            .map(|m| m.filter(|_| effective(m).is_none()))
            .collect();
        analysis.findings = findings::compute(text, &analysis, &settings);
        analysis
    }

    /// An analysis of `text` with the given turns, speakers `(name, title)`
    /// and figures (each with the marker covering it, if any); exchanges are
    /// each question with the answers that follow it.
    pub fn analysis_of(
        text: &str,
        turns: Vec<Turn>,
        speakers: &[(&str, Option<&str>)],
        figures: Vec<(Figure, Option<usize>)>,
    ) -> Analysis {
        let mut exchanges: Vec<Exchange> = Vec::new();
        for (i, t) in turns.iter().enumerate() {
            match t.role {
                Role::Question => exchanges.push(Exchange {
                    question: i,
                    answers: Vec::new(),
                    span: t.label.start..t.body.end,
                }),
                Role::Answer => {
                    if let Some(ex) = exchanges.last_mut()
                        && ex.answers.last().copied().unwrap_or(ex.question) + 1 == i
                    {
                        ex.answers.push(i);
                        ex.span.end = t.body.end;
                    }
                }
                Role::Other => {}
            }
        }
        let transcript = Transcript {
            format: Format::Plain,
            speakers: speakers
                .iter()
                .map(|(name, title)| Speaker {
                    name: name.to_string(),
                    title: title.map(str::to_string),
                    affiliation: None,
                })
                .collect(),
            turns,
            exchanges,
            ..Transcript::default()
        };
        let (figures, covers): (Vec<Figure>, Vec<Option<Cover>>) = figures
            .into_iter()
            .map(|(f, m)| (f, m.map(Cover::Marker)))
            .unzip();
        let stubs = vec![None; figures.len()];
        let mut analysis = Analysis {
            transcript,
            figures,
            citations: Citations::default(),
            covers,
            stubs,
            notes: Vec::new(),
            anchors: Vec::new(),
            times: Default::default(),
            findings: Vec::new(),
            reuse: Default::default(),
        };
        analysis.findings = findings::compute(text, &analysis, &Settings::default());
        analysis
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::test_support::{analysis_of, figure_at, turns};
    use super::*;
    use crate::citations::{FootnoteDefinition, Marker};
    use crate::figures::FigureKind;
    use crate::transcript::Role;

    /// Hovers at the `$0` marker of `fixture` over the analysis `build` makes.
    fn check(fixture: &str, build: impl Fn(&str) -> Analysis, expect: Expect) {
        let offset = fixture.find("$0").expect("a $0 cursor");
        let text = fixture.replacen("$0", "", 1);
        let analysis = build(&text);
        let actual = match at(&text, &analysis, offset) {
            Some(h) => format!("[{}]\n{}", &text[h.span], h.markdown),
            None => "no hover".to_string(),
        };
        expect.assert_eq(&actual);
    }

    const BRIEFING: &str = "KARINE JEAN-PIERRE, PRESS SECRETARY: Good afternoon. We sent 87 teams.\n\
                            Q: How many? Really?\n\
                            JEAN$0-PIERRE: Eighty-seven, as I said.\n";

    fn briefing(text: &str) -> Analysis {
        analysis_of(
            text,
            turns(
                text,
                &[
                    ("KARINE JEAN-PIERRE, PRESS SECRETARY:", 0, Role::Other),
                    ("Q:", 1, Role::Question),
                    ("JEAN-PIERRE:", 0, Role::Answer),
                ],
            ),
            &[("KARINE JEAN-PIERRE", Some("PRESS SECRETARY")), ("Q", None)],
            vec![],
        )
    }

    #[test]
    fn hover_on_a_speaker_label_sums_up_the_speaker() {
        check(
            BRIEFING,
            briefing,
            expect![[r#"
                [JEAN-PIERRE:]
                **KARINE JEAN-PIERRE**, PRESS SECRETARY

                2 turns · 10 words

                First turn: line 1: “Good afternoon. We sent 87 teams.”  
                Last turn: line 3: “Eighty-seven, as I said.”"#]],
        );
    }

    #[test]
    fn hover_on_a_single_turn_speaker_names_one_turn() {
        check(
            "A: one.\nQ$0: Two words?\nA: three.\n",
            |text| {
                analysis_of(
                    text,
                    turns(
                        text,
                        &[
                            ("A:", 0, Role::Answer),
                            ("Q:", 1, Role::Question),
                            ("A:", 0, Role::Answer),
                        ],
                    ),
                    &[("Anna", None), ("Q", None)],
                    vec![],
                )
            },
            expect![[r#"
                [Q:]
                **Q**

                1 turn · 2 words

                First turn: line 2: “Two words?”"#]],
        );
    }

    #[test]
    fn hover_on_an_uncited_figure_gives_its_value_and_says_so() {
        check(
            "A: We shipped more than 2.2$05 billion protective suits.\n",
            |text| {
                let mut f = figure_at(
                    text,
                    "more than 2.25 billion protective suits",
                    FigureKind::Count,
                    2_250_000_000.0,
                );
                f.unit = Some("protective suits".into());
                f.qualifier = Some("more than".into());
                analysis_of(
                    text,
                    turns(text, &[("A:", 0, Role::Answer)]),
                    &[("A", None)],
                    vec![(f, None)],
                )
            },
            expect![[r#"
                [more than 2.25 billion protective suits]
                **more than 2.25 billion protective suits** · count

                Value: 2,250,000,000 protective suits  
                Qualifier: more than

                Not cited: no citation marker follows it in its sentence.

                Why: a count of things stated as fact (`asserted.count`).  
                To resolve: cite it with [@key] or [^n] (and a `[^n]: source` line) after it in its sentence, add a note with a source, or mark it reviewed."#]],
        );
    }

    #[test]
    fn hover_on_a_figure_cited_by_a_stub_says_what_is_missing() {
        let build = |text: &str| test_support::detected(text, &[("A:", 0, Role::Answer)], &["A"]);
        check(
            "A: We hired 4$050 nurses[^1].\n\n[^1]: TK\n",
            build,
            expect![[r#"
                [450 nurses]
                **450 nurses** · count

                Value: 450 nurses

                Not cited: `[^1]` follows it, but its footnote definition holds no source yet.

                Why: a count of things stated as fact (`asserted.count`).  
                To resolve: write the source into the citation: the text of its `[^n]:` definition, or the key of its [@key] marker."#]],
        );
    }

    #[test]
    fn hover_on_a_cited_range_names_the_marker_and_its_footnote() {
        check(
            "A: Prices rose 15 to 2$00 percent[^1].\n\n[^1]: Statistics office, 2024.\n",
            |text| {
                let mut f = figure_at(text, "15 to 20 percent", FigureKind::Percentage, 15.0);
                f.upper = Some(20.0);
                f.unit = Some("percent".into());
                let mut a = analysis_of(
                    text,
                    turns(text, &[("A:", 0, Role::Answer)]),
                    &[("A", None)],
                    vec![(f, Some(0))],
                );
                let marker = text.find("[^1]").unwrap();
                a.citations.markers.push(Marker {
                    span: marker..marker + 4,
                    kind: MarkerKind::Footnote { label: "1".into() },
                    stub: None,
                });
                let def = text.rfind("[^1]:").unwrap();
                a.citations.definitions.push(FootnoteDefinition {
                    label: "1".into(),
                    span: def..text.len() - 1,
                    body: def + 5..text.len() - 1,
                });
                a
            },
            expect![[r#"
                [15 to 20 percent]
                **15 to 20 percent** · percentage

                Value: 15–20 percent

                Cited by `[^1]`: Statistics office, 2024."#]],
        );
    }

    /// An analysis with notes (real parser and figures): a source note on
    /// `450 nurses`, a comment on the whole answer.
    fn noted(text: &str) -> Analysis {
        use crate::analysis::Settings;
        use crate::notes::{Note, NoteKind, Stamp, target_for};
        let on = |quote: &str, kind: NoteKind, when: &str| {
            let start = text.find(quote).unwrap();
            Note::new(
                "urn:uuid:n",
                kind,
                target_for(text, start..start + quote.len()),
                &Stamp {
                    now: when.into(),
                    creator: Some("Ada".into()),
                },
            )
        };
        let notes = [
            on(
                "We hired 450 nurses last year.",
                NoteKind::Comment("Check the *payroll*.".into()),
                "2026-01-01T00:00:00Z",
            ),
            on(
                "450 nurses",
                NoteKind::Source {
                    reference: "https://example.org/payroll".into(),
                    comment: None,
                },
                "2026-02-01T00:00:00Z",
            ),
        ];
        Analysis::with_notes(text, &notes, &Settings::default())
    }

    #[test]
    fn hover_on_a_noted_figure_shows_the_figure_then_every_note_innermost_first() {
        check(
            "Q: Staff?\nA: We hired 4$050 nurses last year.\n",
            noted,
            expect![[r#"
                [450 nurses]
                **450 nurses** · count

                Value: 450 nurses

                Cited by a note: `https://example.org/payroll`

                ---

                **Source:** <https://example.org/payroll>

                *— Ada, 2026-02-01*

                ---

                Check the *payroll*.

                *— Ada, 2026-01-01*"#]],
        );
    }

    #[test]
    fn hover_on_noted_words_alone_shows_the_note_on_its_span() {
        check(
            "Q: Staff?\nA: We hi$0red 450 nurses last year.\n",
            noted,
            expect![[r#"
                [We hired 450 nurses last year.]
                Check the *payroll*.

                *— Ada, 2026-01-01*"#]],
        );
    }

    /// Captions whose second cue continues the first one's turn: its
    /// figure and notes take the cue's own start, not the turn's.
    const CAPTIONS: &str = "WEBVTT\n\n\
        00:00:01.000 --> 00:00:03.000\n\
        <v Ana>Good morning, everyone.\n\n\
        00:12:31.400 --> 00:12:40.000\n\
        <v Ana>We hired 450 nurses last year.\n\n\
        00:12:40.000 --> 00:12:44.000\n\
        <v Ben>Why so few?\n";

    #[test]
    fn hover_on_a_figure_in_a_cue_says_when_the_cue_starts() {
        check(
            &CAPTIONS.replace("450", "4$050"),
            noted,
            expect![[r#"
                [450 nurses]
                **450 nurses** · count

                Value: 450 nurses  
                Time: 00:12:31.400

                Cited by a note: `https://example.org/payroll`

                ---

                **Source:** <https://example.org/payroll>

                *— Ada, 2026-02-01*

                ---

                Check the *payroll*.

                *— Ada, 2026-01-01*"#]],
        );
    }

    #[test]
    fn hover_on_noted_words_in_a_cue_says_when_they_were_said() {
        check(
            &CAPTIONS.replace("We hired", "We hi$0red"),
            noted,
            expect![[r#"
                [We hired 450 nurses last year.]
                Time: 00:12:31.400

                ---

                Check the *payroll*.

                *— Ada, 2026-01-01*"#]],
        );
    }

    #[test]
    fn no_hover_on_plain_speech() {
        check(
            "A: Nothing to s$0ee here.\n",
            |text| {
                analysis_of(
                    text,
                    turns(text, &[("A:", 0, Role::Answer)]),
                    &[("A", None)],
                    vec![],
                )
            },
            expect!["no hover"],
        );
    }

    #[test]
    fn numbers_read_with_separators_and_no_needless_decimals() {
        assert_eq!(format_number(2_250_000_000.0), "2,250,000,000");
        assert_eq!(format_number(4.25), "4.25");
        assert_eq!(format_number(999.0), "999");
        assert_eq!(format_number(1000.5), "1,000.5");
        assert_eq!(format_number(-12345.0), "-12,345");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(1e15), "1,000,000,000,000,000");
    }

    proptest::proptest! {
        /// Whole or not, a number prints as the digits of its value, in
        /// groups of three.
        #[test]
        fn numbers_print_as_their_value(whole in -(1i64 << 53)..(1i64 << 53), tenths in 0u8..10) {
            for value in [whole as f64, whole as f64 + f64::from(tenths) / 10.0] {
                let printed = format_number(value);
                let digits = printed.replace(',', "");
                proptest::prop_assert_eq!(digits.parse::<f64>().ok(), Some(value), "{}", printed);
                let int = printed.trim_start_matches('-').split('.').next().unwrap_or("");
                proptest::prop_assert!(int.split(',').skip(1).all(|g| g.len() == 3), "{}", printed);
            }
        }
    }
}
