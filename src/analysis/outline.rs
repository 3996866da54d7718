//! The outline by question: each question with its answers beneath it.
//!
//! An exchange (or a turn outside any) that holds notes says how many in
//! its detail (`· 2 notes`), so the outline shows where the work was done.

use super::Analysis;
use crate::notes;
use crate::text::Span;
use crate::transcript::Turn;

/// What an outline entry stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineKind {
    /// A question, with its answers as children.
    Question,
    /// An answer to the question above it.
    Answer,
    /// A turn outside any exchange (openings, moderators, thanks).
    Turn,
}

/// One entry of the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineItem {
    pub kind: OutlineKind,
    /// For a question, its first sentence (shortened with `…`); otherwise the speaker.
    pub name: String,
    /// For a question, the asker and timestamp; otherwise the opening words.
    pub detail: Option<String>,
    /// The whole entry (for a question, the whole exchange).
    pub span: Span,
    /// The speaker label.
    pub selection: Span,
    pub children: Vec<OutlineItem>,
}

/// Longest name shown for a question, in characters.
const NAME_CHARS: usize = 80;
/// Longest detail shown for an answer, in characters.
const DETAIL_CHARS: usize = 60;

pub(super) fn build(text: &str, analysis: &Analysis) -> Vec<OutlineItem> {
    let t = &analysis.transcript;
    let mut items = Vec::new();
    let mut next_exchange = t.exchanges.iter().peekable();
    let mut i = 0;
    while i < t.turns.len() {
        if let Some(ex) = next_exchange.peek().filter(|ex| ex.question == i) {
            let q = &t.turns[i];
            let children = ex
                .answers
                .iter()
                .map(|&a| turn_item(text, analysis, &t.turns[a], OutlineKind::Answer))
                .collect();
            let mut detail = t.speaker(q).name.clone();
            if let Some(ts) = q.timestamp {
                detail.push_str(&format!(" · {}", format_timestamp(ts)));
            }
            push_note_count(&mut detail, analysis, &ex.span);
            items.push(OutlineItem {
                kind: OutlineKind::Question,
                name: shorten(
                    first_sentence(speech_text(text, q, QUESTION_READ_CHARS).as_str()),
                    NAME_CHARS,
                ),
                detail: Some(detail),
                span: ex.span.clone(),
                selection: q.label.clone(),
                children,
            });
            i = ex.answers.last().map_or(i, |&a| a.max(i)) + 1;
            next_exchange.next();
        } else {
            let mut item = turn_item(text, analysis, &t.turns[i], OutlineKind::Turn);
            let mut detail = item.detail.take().unwrap_or_default();
            push_note_count(&mut detail, analysis, &item.span);
            item.detail = (!detail.is_empty()).then_some(detail);
            items.push(item);
            i += 1;
        }
    }
    items
}

fn turn_item(text: &str, analysis: &Analysis, turn: &Turn, kind: OutlineKind) -> OutlineItem {
    let speech = speech_text(text, turn, DETAIL_CHARS);
    let opening = shorten(speech.trim(), DETAIL_CHARS);
    OutlineItem {
        kind,
        name: analysis.transcript.speaker(turn).name.clone(),
        detail: (!opening.is_empty()).then_some(opening),
        span: turn.label.start..turn.body.end.max(turn.label.end),
        selection: turn.label.clone(),
        children: Vec::new(),
    }
}

/// Appends ` · N notes` for the notes placed in `span`, if any.
fn push_note_count(detail: &mut String, analysis: &Analysis, span: &Span) {
    let n = notes::notes_overlapping(&analysis.anchors, span).len();
    if n == 0 {
        return;
    }
    if !detail.is_empty() {
        detail.push_str(" · ");
    }
    detail.push_str(&format!("{n} note{}", if n == 1 { "" } else { "s" }));
}

pub(super) fn folding_ranges(analysis: &Analysis) -> Vec<Span> {
    let t = &analysis.transcript;
    let mut out: Vec<Span> = t.exchanges.iter().map(|e| e.span.clone()).collect();
    out.extend(
        t.turns
            .iter()
            .map(|turn| turn.label.start..turn.body.end.max(turn.label.end)),
    );
    out.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    out.dedup();
    out
}

/// How much of a question's speech is read for its name, in characters:
/// room for a greeting and a first sentence longer than any name shown.
/// Joining whole turns made the outline of a large transcript slow.
const QUESTION_READ_CHARS: usize = 1000;

/// The start of a turn's speech joined into one line: whole words until
/// more than `max_chars` characters are read (so `shorten` still sees
/// whether to add `…`), or all of it when it is shorter.
fn speech_text(text: &str, turn: &Turn, max_chars: usize) -> String {
    let mut out = String::with_capacity(turn.body.len().min(max_chars + 64));
    let mut chars = 0;
    for span in &turn.speech {
        for word in text[span.clone()].split_whitespace() {
            if chars > max_chars {
                return out;
            }
            if !out.is_empty() {
                out.push(' ');
                chars += 1;
            }
            out.push_str(word);
            chars += word.chars().count();
        }
    }
    out
}

/// The first sentence of `s`, or the question in it when a preamble comes first.
fn first_sentence(s: &str) -> &str {
    let s = s.trim();
    let mut from = 0;
    for (i, ch) in s.char_indices() {
        if matches!(ch, '.' | '?' | '!') {
            let end = i + ch.len_utf8();
            let at_break = s[end..].starts_with(char::is_whitespace) || end == s.len();
            if at_break {
                let sentence = s[from..end].trim();
                // Prefer a short question over a greeting ("Thank you.").
                if ch == '?' || sentence.split_whitespace().count() > 3 {
                    return sentence;
                }
                from = end;
            }
        }
    }
    s[from..].trim()
}

/// `s` cut to at most `max` characters at a word boundary, with `…`.
fn shorten(s: &str, max: usize) -> String {
    // Where the `max`-th character starts: the cut keeps the ones before it.
    let mut chars = s.char_indices();
    let cut = match chars.nth(max.saturating_sub(1)) {
        Some((at, _)) if chars.next().is_some() => &s[..at],
        _ => return s.to_string(),
    };
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// `3725.0` → `1:02:05`, `95.0` → `1:35`.
pub fn format_timestamp(seconds: f64) -> String {
    let total = seconds.max(0.0).round() as u64;
    let (h, m, s) = (total / 3600, (total / 60) % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_named_by_their_first_real_sentence() {
        assert_eq!(
            first_sentence("Thank you. How many times?"),
            "How many times?"
        );
        assert_eq!(
            first_sentence("COVID-19 hit the world hard. What is your view?"),
            "COVID-19 hit the world hard."
        );
        assert_eq!(first_sentence("No end"), "No end");
    }

    #[test]
    fn long_names_are_shortened_at_a_word() {
        let s = shorten(&"word ".repeat(40), 20);
        assert!(s.ends_with('…') && s.chars().count() <= 20, "{s}");
        assert_eq!(shorten("short", 20), "short");
    }

    #[test]
    fn exchanges_count_their_notes() {
        use crate::analysis::{Analysis, Settings};
        use crate::notes::{Note, NoteKind, Stamp, target_for};
        let text = "Host: Welcome, with 3 guests.\n\
                    Q: How many clinics opened?\n\
                    A: We opened 87 clinics and hired 450 nurses.\n\
                    Q: And next year?\n\
                    A: More.\n";
        let note = |quote: &str| {
            let start = text.find(quote).unwrap();
            Note::new(
                "urn:uuid:n",
                NoteKind::Comment("c".into()),
                target_for(text, start..start + quote.len()),
                &Stamp {
                    now: "2026-01-01T00:00:00Z".into(),
                    creator: None,
                },
            )
        };
        let notes = [note("87 clinics"), note("450 nurses"), note("Welcome")];
        let analysis = Analysis::with_notes(text, &notes, &Settings::default());
        let details: Vec<Option<String>> = analysis
            .outline(text)
            .into_iter()
            .map(|item| item.detail)
            .collect();
        assert_eq!(
            details,
            [
                Some("Welcome, with 3 guests. · 1 note".to_string()),
                Some("Q · 2 notes".to_string()),
                Some("Q".to_string()),
            ]
        );
    }

    #[test]
    fn timestamps_read_like_clocks() {
        assert_eq!(format_timestamp(95.0), "1:35");
        assert_eq!(format_timestamp(3725.0), "1:02:05");
    }
}
