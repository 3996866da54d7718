//! Anchoring: finding a note's quote in the current text, or saying it is lost.
//!
//! The search goes from cheap and certain to costly and careful:
//!
//! 1. **The recorded position**, taken only if the text there is the quote
//!    and its context still fits.
//! 2. **Exact occurrences** of the quote, ranked by how well the recorded
//!    prefix and suffix fit the text around each, then by distance from the
//!    recorded position.
//! 3. **Approximate occurrences** (bit-parallel edit distance) within an
//!    error budget that is stricter for short quotes, never one whose
//!    numbers differ from the quote's, and only where the context fits.
//!
//! Whatever is found must clear a minimum context score; below it the note is
//! **orphaned**, never silently moved. A short quote such as `twelve percent`
//! says little by itself, so it needs its context to agree: the same words in
//! another sentence are not the note's words (the failure Hypothesis showed,
//! hypothesis/client#7571). A long quote identifies itself and needs less.
//! A note found only approximately is **drifted**: it is shown where it now
//! seems to be, and the user is told its text changed.
//!
//! Between full anchorings, `Anchor::follow` maps a span through one edit,
//! so an open document's anchors move with the typing.

use super::fuzzy;
use super::{CodePoints, Note, Quote, Target};
use crate::text::Span;

/// Where a note is in the current text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// The quote is there, exactly.
    Anchored(Span),
    /// The text there resembles the quote but changed.
    Drifted(Span),
    /// The quote is not found with enough confidence.
    Orphaned,
}

impl Anchor {
    /// The span, unless orphaned.
    pub fn span(&self) -> Option<&Span> {
        match self {
            Anchor::Anchored(s) | Anchor::Drifted(s) => Some(s),
            Anchor::Orphaned => None,
        }
    }

    pub fn is_orphaned(&self) -> bool {
        matches!(self, Anchor::Orphaned)
    }

    pub fn is_drifted(&self) -> bool {
        matches!(self, Anchor::Drifted(_))
    }

    /// The anchor after the text in `edit` (byte span of the old text) was
    /// replaced by `inserted_len` bytes. Edits before the span shift it,
    /// edits after it leave it; an edit that touches its inside makes it
    /// drifted, and one that replaces all of it orphans it (until the next
    /// full anchoring, which may find the quote again, after an undo say).
    pub fn follow(&self, edit: &Span, inserted_len: usize) -> Anchor {
        let span = match self {
            Anchor::Orphaned => return Anchor::Orphaned,
            Anchor::Anchored(s) | Anchor::Drifted(s) => s,
        };
        let shift = |offset: usize| offset - (edit.end - edit.start) + inserted_len;
        let before = edit.end <= span.start;
        let after = edit.start >= span.end && !(span.is_empty() && edit.start == span.start);
        if before {
            return self.with_span(shift(span.start)..shift(span.end));
        }
        if after {
            return self.clone();
        }
        if edit.start <= span.start && edit.end >= span.end {
            return Anchor::Orphaned;
        }
        let start = span.start.min(edit.start);
        let end = if edit.end >= span.end {
            edit.start + inserted_len
        } else {
            shift(span.end)
        };
        Anchor::Drifted(start..end)
    }

    fn with_span(&self, span: Span) -> Anchor {
        match self {
            Anchor::Anchored(_) => Anchor::Anchored(span),
            Anchor::Drifted(_) => Anchor::Drifted(span),
            Anchor::Orphaned => Anchor::Orphaned,
        }
    }
}

/// Anchors every note against `text`, in order.
pub fn anchor_all(text: &str, notes: &[Note]) -> Vec<Anchor> {
    let anchorer = Anchorer::new(text);
    notes.iter().map(|n| anchorer.anchor(n)).collect()
}

/// Anchors notes against one text, sharing the code-point index between them.
pub struct Anchorer<'t> {
    text: &'t str,
    code_points: CodePoints,
}

/// How many exact occurrences (the nearest to the recorded position) are
/// weighed by their context; a quote as common as `the` is not worth more.
const MAX_EXACT_CANDIDATES: usize = 256;
/// How many approximate occurrences are weighed, the fewest errors first.
const MAX_FUZZY_CANDIDATES: usize = 64;

impl<'t> Anchorer<'t> {
    pub fn new(text: &'t str) -> Anchorer<'t> {
        Anchorer {
            text,
            code_points: CodePoints::new(text),
        }
    }

    pub fn code_points(&self) -> &CodePoints {
        &self.code_points
    }

    pub fn anchor(&self, note: &Note) -> Anchor {
        self.anchor_target(&note.target)
    }

    pub fn anchor_target(&self, target: &Target) -> Anchor {
        let text = self.text;
        let position = target.position.as_ref().and_then(|p| {
            let start = self.code_points.to_byte(text, p.start)?;
            let end = self.code_points.to_byte(text, p.end.max(p.start))?;
            Some(start..end)
        });
        let quote = match &target.quote {
            Some(q) if !q.exact.is_empty() => q,
            // Nothing to check the position against: trust it if it fits.
            _ => return position.map_or(Anchor::Orphaned, Anchor::Anchored),
        };
        // Where the note used to start, for ranking by distance.
        let hint = target.position.as_ref().map(|p| {
            self.code_points
                .to_byte(text, p.start)
                .unwrap_or(text.len())
        });
        let context = Context::new(quote);
        let m = quote.exact.chars().count();
        let len = quote.exact.len();

        // 1. The recorded position.
        if let Some(start) = hint
            && text[start..].starts_with(&quote.exact)
            && context
                .score(text, start, start + len)
                .is_none_or(|c| c >= context_needed(m, true))
        {
            return Anchor::Anchored(start..start + len);
        }

        // 2. Exact occurrences, the nearest first; each must clear the bar
        // for its distance, then the best context wins.
        let distance = |start: usize| hint.map_or(0, |h| h.abs_diff(start));
        let near = |start: usize| distance(start) <= NEAR;
        let mut occurrences = find_all(text, &quote.exact);
        occurrences.sort_by_key(|&s| distance(s));
        occurrences.truncate(MAX_EXACT_CANDIDATES);
        let best = occurrences
            .iter()
            .map(|&s| (s, context.score(text, s, s + len)))
            .filter(|&(s, c)| c.is_none_or(|c| c >= context_needed(m, near(s))))
            .max_by(|(sa, ca), (sb, cb)| {
                ca.partial_cmp(cb)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(distance(*sb).cmp(&distance(*sa)))
                    .then(sb.cmp(sa))
            });
        if let Some((start, _)) = best {
            return Anchor::Anchored(start..start + len);
        }

        // 3. Approximate occurrences.
        match self.fuzzy(quote, &context, m, hint) {
            Some(span) => Anchor::Drifted(span),
            None => Anchor::Orphaned,
        }
    }

    fn fuzzy(
        &self,
        quote: &Quote,
        context: &Context,
        m: usize,
        hint: Option<usize>,
    ) -> Option<Span> {
        let text = self.text;
        let budget = error_budget(m);
        if budget == 0 {
            return None;
        }
        let pattern: Vec<char> = quote.exact.chars().collect();
        let numbers = numerals(&quote.exact);
        let distance = |start: usize| hint.map_or(0, |h| h.abs_diff(start));
        let mut ends = fuzzy::best_of_runs(text, &fuzzy::search(text, &pattern, budget));
        ends.sort_by_key(|e| (e.errors, distance(e.end)));
        ends.truncate(MAX_FUZZY_CANDIDATES);
        let mut best: Option<(f64, usize, Span)> = None;
        for e in ends {
            let (start, errors) = fuzzy::align_end(text, &pattern, e.end, budget);
            // Exact occurrences were weighed above and fell short.
            if errors == 0 || errors > budget || start == e.end {
                continue;
            }
            if numerals(&text[start..e.end]) != numbers {
                continue;
            }
            let similarity = 1.0 - errors as f64 / m as f64;
            let score = match context.score(text, start, e.end) {
                Some(c) if c >= context_needed(m, distance(start) <= NEAR).max(FUZZY_NEEDED) => {
                    (similarity + c) / 2.0
                }
                Some(_) => continue,
                // No context to check: only a long quote may drift.
                None if m >= 32 => similarity,
                None => continue,
            };
            let better = best
                .as_ref()
                .is_none_or(|(s, d, _)| score > *s || (score == *s && distance(start) < *d));
            if better {
                best = Some((score, distance(start), start..e.end));
            }
        }
        best.map(|(_, _, span)| span)
    }
}

/// The context score an occurrence needs, by quote length in code points
/// and whether it lies near the recorded position. A short quote must be
/// confirmed by its surroundings, a quote of 64 characters or more stands on
/// its own. Far from where the note was, the same words are more often a
/// different passage than the note's (a formula the speaker repeats, another
/// answer with the same figure), so the bar is higher there; near it, the
/// usual edit is a correction next to the quote.
fn context_needed(m: usize, near: bool) -> f64 {
    const SHORT: usize = 16;
    const LONG: usize = 64;
    let needed = if near { 0.6 } else { 0.7 };
    if m <= SHORT {
        needed
    } else if m >= LONG {
        0.0
    } else {
        needed * (LONG - m) as f64 / (LONG - SHORT) as f64
    }
}

/// The least context score an approximate occurrence needs, however long:
/// it is a guess already, so its surroundings must agree.
const FUZZY_NEEDED: f64 = 0.5;

/// How far (in bytes) from the recorded position an occurrence counts as near.
const NEAR: usize = 512;

/// How many edits an approximate occurrence may have, by quote length in
/// code points: none below 8, then about one in six, one in four for long quotes.
fn error_budget(m: usize) -> usize {
    match m {
        0..8 => 0,
        8..16 => 1,
        16..32 => m / 6,
        _ => (m / 4).min(64),
    }
}

/// Every start of an occurrence of `needle`, overlapping ones included.
fn find_all(text: &str, needle: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find(needle) {
        let start = from + i;
        out.push(start);
        from = start + text[start..].chars().next().map_or(1, char::len_utf8);
        if from > text.len() {
            break;
        }
    }
    out
}

/// The numbers a passage states, in order: digit groups (`4.2`, `1,200`)
/// and English number words. An approximate match must state the same ones,
/// so a note on `twelve percent` never drifts onto `fifteen percent`.
fn numerals(s: &str) -> Vec<String> {
    const WORDS: &[&str] = &[
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
        "billion",
        "trillion",
        "dozen",
        "half",
        "quarter",
        "third",
        "thirds",
        "quarters",
        "double",
        "triple",
        "twice",
    ];
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let mut token = String::new();
            while i < chars.len() {
                let d = chars[i];
                let joins = matches!(d, '.' | ',')
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                    && !token.is_empty();
                if d.is_ascii_digit() || joins {
                    token.push(d);
                    i += 1;
                } else {
                    break;
                }
            }
            out.push(token);
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            // `twenty-five` is two words here, as the hyphen is not a letter.
            let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
            if WORDS.contains(&word.as_str()) {
                out.push(word);
            }
        } else {
            i += 1;
        }
    }
    out
}

/// A quote's recorded context, ready to compare with the text around a candidate.
struct Context<'q> {
    prefix: &'q str,
    suffix: &'q str,
    prefix_chars: Vec<char>,
    suffix_chars: Vec<char>,
}

impl<'q> Context<'q> {
    fn new(quote: &'q Quote) -> Context<'q> {
        Context {
            prefix: &quote.prefix,
            suffix: &quote.suffix,
            prefix_chars: quote.prefix.chars().collect(),
            suffix_chars: quote.suffix.chars().collect(),
        }
    }

    /// How well the recorded prefix and suffix fit the text around
    /// `start..end`, from 0 (nothing alike) to 1 (identical); `None` when
    /// the note recorded no context. Each side is one minus its edit
    /// distance over its length, letting the text's side be a little longer
    /// (words inserted near the quote cost only themselves).
    fn score(&self, text: &str, start: usize, end: usize) -> Option<f64> {
        let mut sides = Vec::with_capacity(2);
        if !self.prefix.is_empty() {
            sides.push(if text[..start].ends_with(self.prefix) {
                1.0
            } else {
                let p = self.prefix_chars.len();
                let mut window: Vec<char> = text[..start].chars().rev().take(p + p / 2).collect();
                window.reverse();
                1.0 - fuzzy::distance_to_suffix(&self.prefix_chars, &window) as f64 / p as f64
            });
        }
        if !self.suffix.is_empty() {
            sides.push(if text[end..].starts_with(self.suffix) {
                1.0
            } else {
                let s = self.suffix_chars.len();
                let window: Vec<char> = text[end..].chars().take(s + s / 2).collect();
                1.0 - fuzzy::distance_to_prefix(&self.suffix_chars, &window) as f64 / s as f64
            });
        }
        match sides[..] {
            [] => None,
            [one] => Some(one),
            [a, b] => Some(0.65 * a.max(b) + 0.35 * a.min(b)),
            _ => unreachable!(),
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{Expect, expect};

    use super::*;
    use crate::notes::{NoteKind, Stamp, target_for};

    /// Cuts the `⟦…⟧` marker out of a fixture: the text and the marked span.
    fn marked(fixture: &str) -> (String, Span) {
        let open = fixture.find('⟦').expect("fixture marks its quote with ⟦…⟧");
        let close = fixture.find('⟧').unwrap();
        let text = fixture.replace(['⟦', '⟧'], "");
        (text, open..close - '⟦'.len_utf8())
    }

    fn note_on(text: &str, span: Span) -> Note {
        let stamp = Stamp {
            now: "2026-01-01T00:00:00Z".into(),
            creator: None,
        };
        Note::new(
            "urn:uuid:test",
            NoteKind::Comment("c".into()),
            target_for(text, span),
            &stamp,
        )
    }

    /// The anchor, shown in the text it was found in with some context.
    fn render(text: &str, anchor: &Anchor) -> String {
        let show = |status: &str, span: &Span| {
            let before: String = {
                let mut v: Vec<char> = text[..span.start].chars().rev().take(16).collect();
                v.reverse();
                v.into_iter().collect()
            };
            let after: String = text[span.end..].chars().take(16).collect();
            format!(
                "{status} {span:?}: {before}⟦{}⟧{after}",
                &text[span.clone()]
            )
            .replace('\n', "⏎")
            .replace('\r', "␍")
        };
        match anchor {
            Anchor::Anchored(s) => show("anchored", s),
            Anchor::Drifted(s) => show("drifted", s),
            Anchor::Orphaned => "orphaned".to_string(),
        }
    }

    /// Notes the `⟦…⟧` span of `before`, then anchors it in `after`.
    fn check(before: &str, after: &str, expect: Expect) {
        let (text, span) = marked(before);
        let note = note_on(&text, span);
        let anchor = anchor_all(after, std::slice::from_ref(&note)).remove(0);
        if let Anchor::Anchored(s) = &anchor {
            assert_eq!(after[s.clone()], note.target.quote.as_ref().unwrap().exact);
        }
        expect.assert_eq(&render(after, &anchor));
    }

    const BRIEFING: &str = "Q: What happened to prices?\n\
        A: The rate rose to ⟦twelve percent⟧ last year, and we expect it to ease.\n\
        Q: And wages?\n\
        A: Wages rose by four percent over the same period.\n";

    #[test]
    fn exact() {
        let (text, _) = marked(BRIEFING);
        check(
            BRIEFING,
            &text,
            expect!["anchored 48..62: he rate rose to ⟦twelve percent⟧ last year, and "],
        );
    }

    #[test]
    fn moved() {
        let (text, _) = marked(BRIEFING);
        let after = format!("MODERATOR: Welcome back to the programme.\n{text}");
        check(
            BRIEFING,
            &after,
            expect!["anchored 90..104: he rate rose to ⟦twelve percent⟧ last year, and "],
        );
        // Moved to the end, with new neighbours on both sides.
        let after = "Q: And wages?\nA: Wages rose by four percent.\n\
            Q: What happened to prices?\nA: The rate rose to twelve percent last year, and we expect it to ease.\n";
        check(
            BRIEFING,
            after,
            expect!["anchored 93..107: he rate rose to ⟦twelve percent⟧ last year, and "],
        );
    }

    #[test]
    fn duplicated_quote_resolved_by_context() {
        let before = "A: Unemployment stood at twelve percent in May.\n\
            A: The rate rose to ⟦twelve percent⟧ last year, she said.\n";
        // Text inserted at the start makes the recorded position stale; the
        // context picks the second occurrence, not the nearer first one.
        let after = "Q: Go on.\n\
            A: Unemployment stood at twelve percent in May.\n\
            A: The rate rose to twelve percent last year, she said.\n";
        check(
            before,
            after,
            expect!["anchored 78..92: he rate rose to ⟦twelve percent⟧ last year, she "],
        );
        // Context wins over position too: here an occurrence with other
        // neighbours sits exactly at the recorded position.
        let (text, span) = marked(before);
        let note = note_on(&text, span);
        let pos = note.target.position.clone().unwrap().start;
        let after = format!(
            "{:-<pos$}twelve percent in May.\nA: The rate rose to twelve percent last year, she said.\n",
            "B: Joblessness was at "
        );
        assert!(after[pos..].starts_with("twelve percent"));
        expect!["anchored 111..125: he rate rose to ⟦twelve percent⟧ last year, she "]
            .assert_eq(&render(&after, &anchor_all(&after, &[note]).remove(0)));
    }

    #[test]
    fn edited_around() {
        let after = "Q: What happened to prices?\n\
            A: The rate climbed to twelve percent over the last year, and we expect it to ease.\n";
        check(
            BRIEFING,
            after,
            expect!["anchored 51..65: rate climbed to ⟦twelve percent⟧ over the last y"],
        );
    }

    #[test]
    fn edited_inside_is_drifted() {
        let before =
            "A: I said that ⟦the rate rose to twelve percent last year⟧, and it will ease.\n";
        let after =
            "A: I said that the rate rose sharply to twelve percent last year, and it will ease.\n";
        check(
            before,
            after,
            expect![
                "drifted 15..64: A: I said that ⟦the rate rose sharply to twelve percent last year⟧, and it will ea"
            ],
        );
    }

    #[test]
    fn digits_changed_is_orphaned_not_moved() {
        let before = "A: As I said, ⟦inflation reached 4.2 percent in March⟧ and then fell back.\n";
        // One character changed: well inside the error budget, but a number.
        let after = "A: As I said, inflation reached 4.7 percent in March and then fell back.\n";
        check(before, after, expect!["orphaned"]);
        // Spelled numbers too, even with the old quote elsewhere
        // (hypothesis/client#7571).
        let after = "Q: What happened to prices?\n\
            A: The rate rose to fifteen percent last year, and we expect it to ease.\n\
            Q: And wages?\n\
            A: Wages rose by twelve percent over the same period.\n";
        check(BRIEFING, after, expect!["orphaned"]);
    }

    #[test]
    fn deleted_is_orphaned() {
        let after = "Q: What happened to prices?\n\
            Q: And wages?\n\
            A: Wages rose by four percent over the same period.\n";
        check(BRIEFING, after, expect!["orphaned"]);
    }

    #[test]
    fn look_alike_sentence_elsewhere_is_not_taken() {
        let before = "A: Prices are up. ⟦Exports fell by twelve percent⟧ after the floods.\n\
            Q: Thank you.\n";
        let after = "A: Prices are up.\n\
            Q: Thank you.\n\
            A: In the other region, exports fell by twelve percent in the first quarter.\n";
        check(before, after, expect!["orphaned"]);
    }

    #[test]
    fn crlf_text_counts_code_points() {
        let before = "Q: And prices?\r\nA: The rate rose to ⟦twelve percent⟧ last year.\r\n";
        let (text, span) = marked(before);
        let note = note_on(&text, span);
        // The recorded position counts `\r` as a code point of its own.
        assert_eq!(note.target.position, Some(36..50));
        let after = format!("Q: Hello.\r\n{text}");
        check(
            before,
            &after,
            expect!["anchored 47..61: he rate rose to ⟦twelve percent⟧ last year.␍⏎"],
        );
    }

    #[test]
    fn non_bmp_text_counts_code_points() {
        let before = "A: 😀😀 The rate rose to ⟦twelve percent⟧ last year 😀.\n";
        let (text, span) = marked(before);
        let note = note_on(&text, span.clone());
        // Two emoji are two code points (four UTF-16 units, eight bytes).
        assert_eq!(note.target.position, Some(23..37));
        assert_eq!(span, 29..43);
        check(
            before,
            &text,
            expect!["anchored 29..43: he rate rose to ⟦twelve percent⟧ last year 😀.⏎"],
        );
        let after = text.replace("A: ", "A: 😀😀😀 ");
        check(
            before,
            &after,
            expect!["anchored 42..56: he rate rose to ⟦twelve percent⟧ last year 😀.⏎"],
        );
    }

    #[test]
    fn notes_from_other_tools_without_context_or_quote() {
        let text = "A: Exports fell by twelve percent.\n";
        let quote_only = Target {
            quote: Some(Quote {
                exact: "twelve percent".into(),
                ..Quote::default()
            }),
            position: None,
        };
        let anchorer = Anchorer::new(text);
        assert_eq!(
            anchorer.anchor_target(&quote_only),
            Anchor::Anchored(19..33)
        );
        let position_only = Target {
            quote: None,
            position: Some(3..10),
        };
        assert_eq!(
            anchorer.anchor_target(&position_only),
            Anchor::Anchored(3..10)
        );
        let out_of_range = Target {
            quote: None,
            position: Some(3..100),
        };
        assert_eq!(anchorer.anchor_target(&out_of_range), Anchor::Orphaned);
    }

    #[test]
    fn numerals_are_digit_groups_and_number_words() {
        assert_eq!(
            numerals("Twenty-five of 1,200 rose 4.2%, twice. Someone."),
            ["twenty", "five", "1,200", "4.2", "twice"]
        );
    }

    #[test]
    fn following_edits() {
        let a = Anchor::Anchored(10..20);
        // Before: shifts, even when it ends where the span starts.
        assert_eq!(a.follow(&(2..4), 5), Anchor::Anchored(13..23));
        assert_eq!(a.follow(&(10..10), 3), Anchor::Anchored(13..23));
        assert_eq!(a.follow(&(5..10), 0), Anchor::Anchored(5..15));
        // After: unchanged, even when it starts where the span ends.
        assert_eq!(a.follow(&(20..20), 3), a);
        assert_eq!(a.follow(&(25..30), 0), a);
        // Inside or across an edge: drifted.
        assert_eq!(a.follow(&(12..14), 5), Anchor::Drifted(10..23));
        assert_eq!(a.follow(&(15..15), 1), Anchor::Drifted(10..21));
        assert_eq!(a.follow(&(5..12), 1), Anchor::Drifted(5..14));
        assert_eq!(a.follow(&(18..25), 2), Anchor::Drifted(10..20));
        // All of it replaced: orphaned until the next anchoring.
        assert_eq!(a.follow(&(8..22), 30), Anchor::Orphaned);
        assert_eq!(Anchor::Orphaned.follow(&(0..1), 0), Anchor::Orphaned);
        assert_eq!(
            Anchor::Drifted(10..20).follow(&(0..0), 1),
            Anchor::Drifted(11..21)
        );
    }
}
