//! Anchoring: finding a note's quote in the current text, or saying it is lost.
//!
//! The search goes from cheap and certain to costly and careful:
//!
//! 1. **The recorded position**, taken only if the text there is the quote
//!    and its context still fits.
//! 2. **Exact occurrences** of the quote, ranked by how well the recorded
//!    prefix and suffix fit the text around each, then by distance from the
//!    recorded position. The search starts near that position and widens;
//!    if nothing exact is near, the passage there edited with its context
//!    intact (a correction inside the quote, the usual edit) is taken before
//!    any copy of the quote farther away.
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
use super::numerals::{Masked, numerals};
use super::{CodePoints, Note, Quote, Target};
use crate::text::{Span, ceil_boundary, floor_boundary};

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
///
/// Notes usually move together (a line inserted above shifts all that
/// follow by the same amount), so each note is first looked for where the
/// shift of the note before would put it; that guess is taken only with its
/// context intact, and saves searching a long text for every note.
pub fn anchor_all(text: &str, notes: &[Note]) -> Vec<Anchor> {
    let anchorer = Anchorer::new(text);
    let mut shift: isize = 0;
    notes
        .iter()
        .map(|note| {
            let recorded = note.target.position.as_ref().map(|p| p.start);
            let guess = recorded
                .and_then(|p| p.checked_add_signed(shift))
                .filter(|_| shift != 0)
                .and_then(|c| anchorer.code_points.to_byte(text, c))
                .map_or(Guess::None, Guess::Shifted);
            let anchor = anchorer.resolve(&note.target, guess);
            if let (Anchor::Anchored(span), Some(p)) = (&anchor, recorded) {
                let now = anchorer.code_points.to_char(text, span.start);
                shift = now as isize - p as isize;
            }
            anchor
        })
        .collect()
}

/// Anchors notes again after the text changed, starting from where their
/// `previous` anchors were followed to (`Anchor::follow`): while a document
/// is open this finds each note in the time it takes to compare its quote.
pub fn reanchor_all(text: &str, notes: &[Note], previous: &[Anchor]) -> Vec<Anchor> {
    let anchorer = Anchorer::new(text);
    notes
        .iter()
        .enumerate()
        .map(|(i, note)| match previous.get(i) {
            Some(prev) => anchorer.anchor_from(note, prev),
            None => anchorer.anchor(note),
        })
        .collect()
}

/// Anchors notes against one text, sharing the code-point index between them.
pub struct Anchorer<'t> {
    text: &'t str,
    code_points: CodePoints,
}

/// A place to look before the recorded position.
#[derive(Debug, Clone, Copy)]
enum Guess {
    None,
    /// Where the note's anchor was followed to through the edits: trusted
    /// as much as the recorded position.
    Followed(usize),
    /// Where the shift of a neighbouring note would put it: taken only if
    /// the context is intact.
    Shifted(usize),
}

/// How many exact occurrences (the nearest to the recorded position) are
/// weighed by their context; a quote as common as `the` is not worth more.
const MAX_EXACT_CANDIDATES: usize = 256;
/// How many approximate occurrences are weighed, the fewest errors first.
const MAX_FUZZY_CANDIDATES: usize = 64;
/// The first window (bytes either side of the recorded position) searched
/// for exact occurrences; it grows sixteenfold until one with a perfect
/// context turns up or the whole text has been searched.
const FIRST_WINDOW: usize = 4096;

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
        self.resolve(&note.target, Guess::None)
    }

    /// Anchors `note`, looking first where its `previous` anchor was
    /// followed to.
    pub fn anchor_from(&self, note: &Note, previous: &Anchor) -> Anchor {
        let guess = previous
            .span()
            .map_or(Guess::None, |s| Guess::Followed(s.start));
        self.resolve(&note.target, guess)
    }

    pub fn anchor_target(&self, target: &Target) -> Anchor {
        self.resolve(target, Guess::None)
    }

    fn resolve(&self, target: &Target, guess: Guess) -> Anchor {
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
        let context = Context::new(quote);
        let m = quote.exact.chars().count();
        let len = quote.exact.len();
        let fits = |start: usize, needed: f64| {
            text.get(start..)
                .is_some_and(|t| t.starts_with(&quote.exact))
                && context
                    .score(text, start, start + len)
                    .is_none_or(|c| c >= needed)
        };

        // 0. Where the caller followed it to.
        if let Guess::Followed(start) = guess
            && fits(start, context_needed(m, true))
        {
            return Anchor::Anchored(start..start + len);
        }
        // Where the note is thought to be, for ranking by distance.
        let hint = match guess {
            Guess::Followed(start) => Some(start),
            _ => target.position.as_ref().map(|p| {
                self.code_points
                    .to_byte(text, p.start)
                    .unwrap_or(text.len())
            }),
        };

        // 1. The recorded position, then where the shift of the note before
        // would put it (only with its context intact).
        if let Some(start) = hint
            && fits(start, context_needed(m, true))
        {
            return Anchor::Anchored(start..start + len);
        }
        if let Guess::Shifted(start) = guess
            && !context.is_empty()
            && fits(start, 1.0)
        {
            return Anchor::Anchored(start..start + len);
        }

        // 2. Exact occurrences near where it was; failing those, the
        // passage there edited with its context intact (the usual edit: a
        // correction inside the quote) before any copy of the quote farther
        // away; then exact occurrences anywhere.
        let pattern: Vec<char> = quote.exact.chars().collect();
        let search = Search {
            quote,
            pattern: &pattern,
            numbers: numerals(&quote.exact),
            context: &context,
            budget: error_budget(m),
            hint,
        };
        let mut window = FIRST_WINDOW;
        let mut near_done = hint.is_none();
        loop {
            let span = match hint {
                Some(h) => {
                    floor_boundary(text, h.saturating_sub(window))
                        ..ceil_boundary(text, h.saturating_add(window).saturating_add(len))
                }
                None => 0..text.len(),
            };
            let whole = span == (0..text.len());
            let best = self.best_exact(&search, span.clone());
            match best {
                // Perfect context, or none recorded (nearest wins): final.
                Some((start, c)) if whole || c.is_none_or(|c| c == 1.0) => {
                    return Anchor::Anchored(start..start + len);
                }
                None if !near_done => {
                    if let Some((score, span)) = self.best_fuzzy(&search, span.clone())
                        && score.context == Some(1.0)
                    {
                        return Anchor::Drifted(span);
                    }
                    // A figure corrected in place, its words and context
                    // intact: the note's passage, found without searching
                    // the whole text.
                    if let Some(found) = self.best_renumbered(&search, span)
                        && search.context.score(text, found.start, found.end) == Some(1.0)
                    {
                        return Anchor::Drifted(found);
                    }
                }
                _ if whole => break,
                _ => {}
            }
            near_done = true;
            window = window.saturating_mul(16);
        }

        // 3. Approximate occurrences anywhere; failing those, the same
        // words with other numbers, where the context says it is the
        // note's passage.
        match self.best_fuzzy(&search, 0..text.len()) {
            Some((_, span)) => Anchor::Drifted(span),
            None => self
                .best_renumbered(&search, 0..text.len())
                .map_or(Anchor::Orphaned, Anchor::Drifted),
        }
    }

    /// The passage that reads as the quote but for its numbers, with the
    /// context to show it is the note's: "25 million doses" now "20 million
    /// doses". Found by the longest stretch of the quote no number touches,
    /// or, for a quote that is nearly all number (`25 million`), by masking
    /// the text near where the note was.
    fn best_renumbered(&self, search: &Search, within: Span) -> Option<Span> {
        let text = self.text;
        let quote = Masked::of(&search.quote.exact);
        if !quote.has_numbers() {
            return None;
        }
        let m = search.pattern.len();
        let len = search.quote.exact.len();
        let distance = |start: usize| search.hint.map_or(0, |h| h.abs_diff(start));
        // Room either side of a candidate for numbers written longer.
        let slack = len + 16;
        let (at, pivot) = quote.longest_literal();
        let regions: Vec<Span> = if pivot.trim().chars().count() >= MIN_PIVOT_CHARS {
            let before = quote.original(at);
            let after = len - quote.original(at + pivot.len());
            let mut found: Vec<usize> = find_all(&text[within.clone()], pivot)
                .into_iter()
                .map(|p| within.start + p)
                .collect();
            found.sort_by_key(|&p| distance(p));
            found.truncate(MAX_FUZZY_CANDIDATES);
            found
                .into_iter()
                .map(|p| {
                    p.saturating_sub(before + slack)..p.saturating_add(pivot.len() + after + slack)
                })
                .collect()
        } else {
            search
                .hint
                .map(|h| h.saturating_sub(NEAR + slack)..h.saturating_add(len + NEAR + slack))
                .into_iter()
                .collect()
        };
        let mut best: Option<(f64, usize, Span)> = None;
        for region in regions {
            let region = floor_boundary(text, region.start)..ceil_boundary(text, region.end);
            let masked = Masked::of(&text[region.clone()]);
            for found in find_all(&masked.text, &quote.text) {
                let start = region.start + masked.original(found);
                let end = region.start + masked.original(found + quote.text.len());
                if numerals(&text[start..end]) == search.numbers {
                    continue;
                }
                let needed = context_needed(m, distance(start) <= NEAR).max(RENUMBERED_NEEDED);
                let score = match search.context.score(text, start, end) {
                    Some(c) if c >= needed => c,
                    Some(_) => continue,
                    // No context to check: only a long quote identifies itself.
                    None if m >= 32 => 0.0,
                    None => continue,
                };
                let better = best
                    .as_ref()
                    .is_none_or(|(s, d, _)| score > *s || (score == *s && distance(start) < *d));
                if better {
                    best = Some((score, distance(start), start..end));
                }
            }
        }
        best.map(|(_, _, span)| span)
    }

    /// The best exact occurrence in `window`: each must clear the context
    /// bar for its distance from the hint, then the best context wins, then
    /// the nearest.
    fn best_exact(&self, search: &Search, window: Span) -> Option<(usize, Option<f64>)> {
        let text = self.text;
        let len = search.quote.exact.len();
        let m = search.pattern.len();
        let distance = |start: usize| search.hint.map_or(0, |h| h.abs_diff(start));
        let lo = window.start;
        let mut occurrences: Vec<usize> = find_all(&text[window], &search.quote.exact)
            .into_iter()
            .map(|s| lo + s)
            .collect();
        occurrences.sort_by_key(|&s| distance(s));
        occurrences.truncate(MAX_EXACT_CANDIDATES);
        occurrences
            .iter()
            .map(|&s| (s, search.context.score(text, s, s + len)))
            .filter(|&(s, c)| c.is_none_or(|c| c >= context_needed(m, distance(s) <= NEAR)))
            .max_by(|(sa, ca), (sb, cb)| {
                ca.partial_cmp(cb)
                    .unwrap_or(std::cmp::Ordering::Equal)
                    .then(distance(*sb).cmp(&distance(*sa)))
                    .then(sb.cmp(sa))
            })
    }

    /// The best approximate occurrence in `window` by similarity and
    /// context, then nearness; never one stating other numbers.
    fn best_fuzzy(&self, search: &Search, window: Span) -> Option<(FuzzyScore, Span)> {
        let text = self.text;
        let (pattern, budget, context) = (search.pattern, search.budget, search.context);
        let m = pattern.len();
        if budget == 0 {
            return None;
        }
        let distance = |start: usize| search.hint.map_or(0, |h| h.abs_diff(start));
        // Room for an occurrence that starts inside the window.
        let hi = ceil_boundary(text, window.end + 4 * (m + budget));
        let lo = window.start;
        let slice = &text[lo..hi];
        let mut ends = fuzzy::best_of_runs(slice, &fuzzy::search_filtered(slice, pattern, budget));
        ends.sort_by_key(|e| (e.errors, distance(lo + e.end)));
        ends.truncate(MAX_FUZZY_CANDIDATES);
        let mut best: Option<(FuzzyScore, Span)> = None;
        for e in ends {
            let end = lo + e.end;
            let (start, errors) = fuzzy::align_end(text, pattern, end, budget);
            // Exact occurrences were weighed above and fell short.
            if errors == 0 || errors > budget || start == end {
                continue;
            }
            if numerals(&text[start..end]) != search.numbers {
                continue;
            }
            let similarity = 1.0 - errors as f64 / m as f64;
            let ctx = context.score(text, start, end);
            let total = match ctx {
                Some(c) if c >= context_needed(m, distance(start) <= NEAR).max(FUZZY_NEEDED) => {
                    (similarity + c) / 2.0
                }
                Some(_) => continue,
                // No context to check: only a long quote may drift.
                None if m >= 32 => similarity,
                None => continue,
            };
            let score = FuzzyScore {
                total,
                context: ctx,
                distance: distance(start),
            };
            let better = best.as_ref().is_none_or(|(b, _)| {
                score.total > b.total || (score.total == b.total && score.distance < b.distance)
            });
            if better {
                best = Some((score, start..end));
            }
        }
        best
    }
}

/// What is being looked for, shared by the steps of one anchoring.
struct Search<'a> {
    quote: &'a Quote,
    pattern: &'a [char],
    numbers: Vec<String>,
    context: &'a Context<'a>,
    budget: usize,
    /// Where the note is thought to be (byte offset), for ranking by distance.
    hint: Option<usize>,
}

/// How good an approximate occurrence is.
#[derive(Debug, Clone, Copy)]
struct FuzzyScore {
    total: f64,
    context: Option<f64>,
    distance: usize,
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

/// The least context score a passage with other numbers needs: its
/// figure differs, so the words around it must vouch for it.
const RENUMBERED_NEEDED: f64 = 0.8;

/// The fewest characters (spaces aside) a stretch of a quote between its
/// numbers needs to be worth searching the whole text for.
const MIN_PIVOT_CHARS: usize = 4;

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
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    // A UTF-8 needle found in UTF-8 text starts on a character boundary.
    while let Some(i) = finder.find(&bytes[from..]) {
        out.push(from + i);
        from += i + 1;
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

    /// Whether the note recorded no context at all.
    fn is_empty(&self) -> bool {
        self.prefix.is_empty() && self.suffix.is_empty()
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
    fn an_edit_in_place_beats_a_copy_far_away() {
        let passage = "A: The rate rose to twelve percent last year, and we expect it to ease.\n";
        let filler = "Q: Next question.\nA: Yes.\n".repeat(300);
        let before = format!("{passage}{filler}{passage}");
        let at = passage.find("twelve").unwrap();
        let note = note_on(&before, at..at + 14);
        // The first copy, where the note is, gets a correction inside the
        // quote; the second, far away, is still word for word.
        let after = before.replacen("twelve percent", "twelve per cent", 1);
        let found = anchor_all(&after, std::slice::from_ref(&note)).remove(0);
        expect!["drifted 20..35: he rate rose to ⟦twelve per cent⟧ last year, and "]
            .assert_eq(&render(&after, &found));
    }

    #[test]
    fn changed_digits_drift_in_place_and_never_move() {
        let before = "A: As I said, ⟦inflation reached 4.2 percent in March⟧ and then fell back.\n";
        // One character changed, and it is a number: the same passage, with
        // a new figure, not a fuzzy match somewhere else.
        let after = "A: As I said, inflation reached 4.7 percent in March and then fell back.\n";
        check(
            before,
            after,
            expect![
                "drifted 14..52: A: As I said, ⟦inflation reached 4.7 percent in March⟧ and then fell b"
            ],
        );
        // Spelled numbers too, even with the old quote elsewhere
        // (hypothesis/client#7571): the note stays on its own sentence.
        let after = "Q: What happened to prices?\n\
            A: The rate rose to fifteen percent last year, and we expect it to ease.\n\
            Q: And wages?\n\
            A: Wages rose by twelve percent over the same period.\n";
        check(
            BRIEFING,
            after,
            expect!["drifted 48..63: he rate rose to ⟦fifteen percent⟧ last year, and "],
        );
    }

    #[test]
    fn a_quote_of_only_a_figure_is_found_by_its_context() {
        let before = "A: This year we delivered ⟦25 million⟧ doses to the regions.\n";
        let after = "Q: Hello.\nA: This year we delivered 20 million doses to the regions.\n";
        check(
            before,
            after,
            expect!["drifted 36..46: ar we delivered ⟦20 million⟧ doses to the re"],
        );
        // A new figure in another sentence is not the note's.
        let after = "A: This year we built 20 million homes elsewhere.\n";
        check(before, after, expect!["orphaned"]);
    }

    #[test]
    fn a_renumbered_passage_far_away_is_found_by_its_words() {
        let passage = "A: The ministry says it bought 220 billion masks for the hospitals.\n";
        let filler = "Q: Next question.\nA: Yes.\n".repeat(400);
        let before = format!("{passage}{filler}");
        let at = passage.find("bought").unwrap();
        let note = note_on(&before, at..at + "bought 220 billion masks".len());
        let after = format!("{filler}{}", passage.replace("220", "200"));
        let found = anchor_all(&after, std::slice::from_ref(&note)).remove(0);
        let Anchor::Drifted(span) = &found else {
            panic!("expected drifted, got {found:?}")
        };
        assert_eq!(&after[span.clone()], "bought 200 billion masks");
        // A look-alike with other words around it is still not taken.
        let after = format!("{filler}A: Someone else bought 200 billion masks, they say.\n");
        let found = anchor_all(&after, std::slice::from_ref(&note)).remove(0);
        assert_eq!(found, Anchor::Orphaned);
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
            fragment: None,
        };
        let anchorer = Anchorer::new(text);
        assert_eq!(
            anchorer.anchor_target(&quote_only),
            Anchor::Anchored(19..33)
        );
        let position_only = Target {
            quote: None,
            position: Some(3..10),
            fragment: None,
        };
        assert_eq!(
            anchorer.anchor_target(&position_only),
            Anchor::Anchored(3..10)
        );
        let out_of_range = Target {
            quote: None,
            position: Some(3..100),
            fragment: None,
        };
        assert_eq!(anchorer.anchor_target(&out_of_range), Anchor::Orphaned);
    }

    #[test]
    fn occurrences_overlap() {
        assert_eq!(find_all("aaa😀aa", "aa"), [0, 1, 7]);
        assert_eq!(find_all("😀😀", "😀"), [0, 4]);
    }

    mod property {
        use proptest::prelude::*;
        use proptest::sample::Index;

        use super::*;

        fn span_at(text: &str, at: &Index, len: usize) -> Span {
            let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let first = at.index(starts.len());
            starts[first]..starts.get(first + len).copied().unwrap_or(text.len())
        }

        proptest! {
            /// Whatever the edit: an anchored note sits on its exact quote, a
            /// drifted one on other text, and an edit that leaves the quote
            /// and its recorded context alone leaves the note anchored.
            #[test]
            fn anchors_are_honest(
                text in "[ab1 😀é\r\n]{1,120}",
                at in any::<Index>(),
                len in 1usize..12,
                edit_at in any::<Index>(),
                removed in 0usize..8,
                inserted in "[ab1 😀\n]{0,8}",
            ) {
                let span = span_at(&text, &at, len);
                let note = note_on(&text, span.clone());
                let quote = note.target.quote.clone().unwrap();
                prop_assert_eq!(
                    anchor_all(&text, std::slice::from_ref(&note)),
                    vec![Anchor::Anchored(span.clone())]
                );

                let edit = span_at(&text, &edit_at, removed);
                let mut after = text.clone();
                after.replace_range(edit.clone(), &inserted);
                let anchor = anchor_all(&after, std::slice::from_ref(&note)).remove(0);
                match &anchor {
                    Anchor::Anchored(s) => prop_assert_eq!(&after[s.clone()], quote.exact.as_str()),
                    Anchor::Drifted(s) => {
                        prop_assert!(after.get(s.clone()).is_some());
                        prop_assert_ne!(&after[s.clone()], quote.exact.as_str());
                    }
                    Anchor::Orphaned => {}
                }
                let context = span.start - quote.prefix.len()..span.end + quote.suffix.len();
                if edit.end <= context.start || edit.start >= context.end {
                    prop_assert!(matches!(anchor, Anchor::Anchored(_)), "{:?}", anchor);
                }
                // Followed without re-anchoring, it is as honest.
                if let Anchor::Anchored(s) = Anchor::Anchored(span).follow(&edit, inserted.len()) {
                    prop_assert_eq!(&after[s], quote.exact.as_str());
                }
            }
        }
    }

    #[test]
    fn followed_anchors_tell_repeated_passages_apart() {
        // The same exchange three times, word for word, context and all;
        // the note is on the second.
        let block = "Q: When will you publish them?\n\
            A: We will publish the figures next week, as always, and not before then.\n";
        let text = block.repeat(3);
        let second = block.len() + block.find("the figures").unwrap();
        let note = note_on(&text, second..second + 11);
        // A long line inserted before the second (far enough from each
        // occurrence to leave all contexts intact) moves it on so far that
        // by its recorded position alone the first one is nearer...
        let line = format!("MODERATOR: {}\n", "Let us take that one again. ".repeat(4));
        let after = format!("{block}{line}{block}{block}");
        let first = after.find("the figures").unwrap();
        let moved = second + line.len();
        assert_eq!(&after[moved..moved + 11], "the figures");
        assert_eq!(
            anchor_all(&after, std::slice::from_ref(&note)),
            [Anchor::Anchored(first..first + 11)]
        );
        // ...but the anchor followed through the edit knows better.
        let followed =
            Anchor::Anchored(second..second + 11).follow(&(block.len()..block.len()), line.len());
        assert_eq!(followed, Anchor::Anchored(moved..moved + 11));
        assert_eq!(
            reanchor_all(&after, std::slice::from_ref(&note), &[followed]),
            [Anchor::Anchored(moved..moved + 11)]
        );
    }

    #[test]
    fn a_neighbour_s_shift_never_overrides_a_position_that_still_fits() {
        let block = "Q: When will you publish them?\n\
            A: We will publish the figures next week, as always, and not before then.\n";
        let text = format!("{block}{block}Q: And the budget?\nA: It is balanced this year.\n");
        let a = block.find("the figures").unwrap();
        let b = text.find("balanced").unwrap();
        // In file order the later note comes first; it moves by one block's
        // length, which would put the other exactly on the twin passage.
        let notes = [note_on(&text, b..b + 8), note_on(&text, a..a + 11)];
        let line = format!("{:-<1$}\n", "MODERATOR: ", block.len() - 1);
        let after = text.replace("Q: And the budget?", &format!("{line}Q: And the budget?"));
        assert_eq!(
            anchor_all(&after, &notes),
            [
                Anchor::Anchored(b + block.len()..b + block.len() + 8),
                Anchor::Anchored(a..a + 11)
            ]
        );
    }

    #[test]
    fn notes_shifted_together_are_found_by_the_shift() {
        let text = "A: One. ".repeat(300) + "A: The rate rose to twelve percent last year.\n";
        let at = |t: &str, q: &str| t.rfind(q).unwrap();
        let notes = [
            note_on(&text, at(&text, "twelve")..at(&text, "twelve") + 6),
            note_on(&text, at(&text, "percent")..at(&text, "percent") + 7),
        ];
        let after = format!("Q: 😀 {}", text);
        let found = anchor_all(&after, &notes);
        assert_eq!(
            found[0],
            Anchor::Anchored(at(&after, "twelve")..at(&after, "twelve") + 6)
        );
        assert_eq!(
            found[1],
            Anchor::Anchored(at(&after, "percent")..at(&after, "percent") + 7)
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
