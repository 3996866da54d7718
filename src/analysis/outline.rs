//! The outline by question: each question with its answers beneath it.
//!
//! Each entry's detail leads with its start time when the transcript gives
//! one (`[00:12:31] REPORTER`), so a long recording can be found by ear. An
//! exchange (or a turn outside any) that holds notes says how many in its
//! detail (`· 2 notes`), so the outline shows where the work was done.

use super::Analysis;
use crate::notes;
use crate::text::Span;
use crate::transcript::{Exchange, Transcript, Turn};

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
    /// For a question, the sentence that asks it (shortened with `…`);
    /// otherwise the speaker.
    pub name: String,
    /// For a question, the start time (`[00:12:31]`, when known) and the
    /// asker; otherwise the start time and the opening words.
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

/// Outlines with more entries than this are built on all cores.
const PARALLEL_ENTRIES: usize = 1024;

/// What one top-level entry of the outline stands for.
enum Entry<'a> {
    /// An exchange: its question with the answers beneath.
    Exchange(&'a Exchange),
    /// A turn outside any exchange (index into the turns).
    Turn(usize),
}

pub(super) fn build(text: &str, analysis: &Analysis) -> Vec<OutlineItem> {
    use rayon::prelude::*;

    let entries = entries(&analysis.transcript);
    // Each entry reads only its own turns: a long outline is built in
    // parallel, in order.
    if entries.len() > PARALLEL_ENTRIES {
        entries
            .par_iter()
            .map(|e| entry_item(text, analysis, e))
            .collect()
    } else {
        entries
            .iter()
            .map(|e| entry_item(text, analysis, e))
            .collect()
    }
}

/// The top-level entries in document order: each exchange where its
/// question stands, and every turn that is in none.
fn entries(t: &Transcript) -> Vec<Entry<'_>> {
    let mut entries = Vec::new();
    let mut next_exchange = t.exchanges.iter().peekable();
    let mut i = 0;
    while i < t.turns.len() {
        if let Some(ex) = next_exchange.next_if(|ex| ex.question == i) {
            entries.push(Entry::Exchange(ex));
            i = ex.answers.last().map_or(i, |&a| a.max(i)) + 1;
        } else {
            entries.push(Entry::Turn(i));
            i += 1;
        }
    }
    entries
}

fn entry_item(text: &str, analysis: &Analysis, entry: &Entry) -> OutlineItem {
    let t = &analysis.transcript;
    match *entry {
        Entry::Exchange(ex) => {
            let q = &t.turns[ex.question];
            let children = ex
                .answers
                .iter()
                .map(|&a| turn_item(text, analysis, &t.turns[a], OutlineKind::Answer))
                .collect();
            // The time leads, as on a player's clock: `[00:12:31] REPORTER`.
            let mut detail = String::new();
            if let Some(ts) = q.timestamp {
                super::time::push_bracketed_clock(&mut detail, ts);
                detail.push(' ');
            }
            detail.push_str(t.asker(text, q));
            push_note_count(&mut detail, analysis, &ex.span);
            OutlineItem {
                kind: OutlineKind::Question,
                name: shorten(question_name(text, q), NAME_CHARS),
                detail: Some(detail),
                span: ex.span.clone(),
                selection: q.label.clone(),
                children,
            }
        }
        Entry::Turn(i) => {
            let mut item = turn_item(text, analysis, &t.turns[i], OutlineKind::Turn);
            let mut detail = item.detail.take().unwrap_or_default();
            push_note_count(&mut detail, analysis, &item.span);
            item.detail = (!detail.is_empty()).then_some(detail);
            item
        }
    }
}

/// The sentence that asks a question: its first sentence that ends in a
/// question mark, or else its first real sentence (more than a greeting).
/// Most questions ask early: a little of the speech is read, and more only
/// when no question mark ends a sentence in it.
fn question_name(text: &str, q: &Turn) -> String {
    let opening = speech_text(text, q, QUESTION_GLANCE_CHARS);
    // All of the speech was read when no more than the glance was.
    let whole =
        opening.len() <= QUESTION_GLANCE_CHARS || opening.chars().count() <= QUESTION_GLANCE_CHARS;
    match asking_sentence(&opening) {
        (name, asks) if asks || whole => name.to_string(),
        _ => asking_sentence(&speech_text(text, q, QUESTION_READ_CHARS))
            .0
            .to_string(),
    }
}

fn turn_item(text: &str, analysis: &Analysis, turn: &Turn, kind: OutlineKind) -> OutlineItem {
    // The joined speech has no whitespace at either end: it is shortened in place.
    let opening = shorten(speech_text(text, turn, DETAIL_CHARS), DETAIL_CHARS);
    let detail = match turn.timestamp {
        Some(ts) => {
            let mut detail = String::with_capacity(11 + opening.len());
            super::time::push_bracketed_clock(&mut detail, ts);
            if !opening.is_empty() {
                detail.push(' ');
                detail.push_str(&opening);
            }
            Some(detail)
        }
        None => (!opening.is_empty()).then_some(opening),
    };
    OutlineItem {
        kind,
        name: analysis.transcript.speaker(turn).name.clone(),
        detail,
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
/// room for a greeting and a sentence before the question, longer than
/// any name shown.
/// Joining whole turns made the outline of a large transcript slow.
const QUESTION_READ_CHARS: usize = 1000;

/// How much is read first, which names most questions.
const QUESTION_GLANCE_CHARS: usize = 2 * NAME_CHARS;

/// The start of a turn's speech joined into one line: whole words until
/// more than `max_chars` characters are read (so `shorten` still sees
/// whether to add `…`), or all of it when it is shorter. Words are runs
/// between Unicode whitespace, and never cross from one speech span into
/// the next.
///
/// One pass over the bytes, which only decodes a character that may be
/// Unicode whitespace; words parted by one plain space are copied as one
/// run.
fn speech_text(text: &str, turn: &Turn, max_chars: usize) -> String {
    let mut out = String::with_capacity(turn.body.len().min(max_chars + 64));
    let mut chars = 0;
    for span in &turn.speech {
        let s = &text[span.clone()];
        let bytes = s.as_bytes();
        // `s[run..]` up to the current word is already in joined form.
        let mut run: Option<usize> = None;
        let mut i = 0;
        // Where the whitespace before the next word starts: the end of the
        // last word read.
        let mut gap;
        loop {
            gap = i;
            while i < bytes.len() {
                let width = space_width(s, i);
                if width == 0 {
                    break;
                }
                i += width;
            }
            if i >= bytes.len() {
                break;
            }
            // The word, with its characters counted.
            let start = i;
            let mut word_chars = 0;
            while i < bytes.len() {
                let visible = visible_ascii_end(bytes, i);
                word_chars += visible - i;
                i = visible;
                let Some(&b) = bytes.get(i) else {
                    break;
                };
                if b < 0x80 {
                    if SPACE_BYTE[b as usize] {
                        break;
                    }
                    i += 1;
                } else {
                    if space_width(s, i) != 0 {
                        break;
                    }
                    i += utf8_width(b);
                }
                word_chars += 1;
            }
            if chars > max_chars {
                break;
            }
            let joined = !out.is_empty() || run.is_some();
            if joined {
                chars += 1;
            }
            chars += word_chars;
            match run {
                // One plain space since the last word: the run goes on.
                Some(_) if start == gap + 1 && bytes[gap] == b' ' => {}
                Some(r) => {
                    out.push_str(&s[r..gap]);
                    out.push(' ');
                    run = Some(start);
                }
                None => {
                    if joined {
                        out.push(' ');
                    }
                    run = Some(start);
                }
            }
        }
        if let Some(r) = run {
            out.push_str(&s[r..gap]);
        }
        if chars > max_chars {
            break;
        }
    }
    out
}

/// The end of the run of visible ASCII (`!` to `~`, and DEL) at `i`, eight
/// bytes at a time: the bulk of any word.
#[inline]
fn visible_ascii_end(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // The high bit of each byte is set when the byte is at most `0x20`
        // (adding `0x5f` to its low seven bits does not reach `0x80`) or
        // is not ASCII; no sum carries into the next byte.
        let special = (!((x & !HIGH) + 0x5f * ONES) | x) & HIGH;
        if special != 0 {
            return i + (special.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && bytes[i] > 0x20 && bytes[i] < 0x80 {
        i += 1;
    }
    i
}

/// ASCII whitespace as `char::is_whitespace` has it.
const SPACE_BYTE: [bool; 128] = {
    let mut t = [false; 128];
    t[b'\t' as usize] = true;
    t[b'\n' as usize] = true;
    t[0x0b] = true;
    t[0x0c] = true;
    t[b'\r' as usize] = true;
    t[b' ' as usize] = true;
    t
};

/// The byte width of the whitespace character at `i` (a character
/// boundary), or 0 when it is no whitespace. Only a lead byte that can
/// start a Unicode space (`C2`, `E1`, `E2`, `E3`) is decoded.
#[inline]
fn space_width(s: &str, i: usize) -> usize {
    let b = s.as_bytes()[i];
    match b {
        0..=0x7f => usize::from(SPACE_BYTE[b as usize]),
        0xc2 | 0xe1..=0xe3 => match s[i..].chars().next() {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        },
        _ => 0,
    }
}

/// The length of the UTF-8 sequence a lead byte starts.
#[inline]
fn utf8_width(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

/// The sentence of `s` that asks: its first that ends in `?`, with whether
/// one does. Without one, the first sentence of more than three words (not
/// a greeting such as `Thank you.`), or what is left after the greetings.
/// "Let's start with bills. What will it cost families?" is named by the
/// second.
fn asking_sentence(s: &str) -> (&str, bool) {
    let s = s.trim();
    let mut from = 0;
    let mut first_real: Option<&str> = None;
    for (i, ch) in s.char_indices() {
        if matches!(ch, '.' | '?' | '!') {
            let end = i + ch.len_utf8();
            let at_break = s[end..].starts_with(char::is_whitespace) || end == s.len();
            if at_break {
                let sentence = s[from..end].trim();
                if ch == '?' {
                    return (sentence, true);
                }
                if first_real.is_none() && sentence.split_whitespace().count() > 3 {
                    first_real = Some(sentence);
                }
                from = end;
            }
        }
    }
    let rest = s[from..].trim();
    (first_real.unwrap_or(rest), false)
}

/// `s` cut to at most `max` characters at a word boundary, with `…`.
fn shorten(mut s: String, max: usize) -> String {
    if let Some(len) = shortened_len(&s, max) {
        s.truncate(len);
        s.push('…');
    }
    s
}

/// How many bytes of `s` `shorten` keeps before its `…`, or `None` when `s`
/// has at most `max` characters and is kept whole.
fn shortened_len(s: &str, max: usize) -> Option<usize> {
    if s.len() <= max {
        return None; // no more bytes, so no more characters
    }
    // Where the `max`-th character starts: the cut keeps the ones before it.
    let cut = if max > 0 && s.as_bytes()[..max].is_ascii() {
        &s[..max - 1]
    } else {
        let mut chars = s.char_indices();
        match chars.nth(max.saturating_sub(1)) {
            Some((at, _)) if chars.next().is_some() => &s[..at],
            _ => return None,
        }
    };
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut,
    };
    Some(cut.trim_end_matches([',', ';', ':', ' ']).len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_are_named_by_the_sentence_that_asks() {
        assert_eq!(
            asking_sentence("Thank you. How many times?"),
            ("How many times?", true)
        );
        assert_eq!(
            asking_sentence("Let's start with bills. What will it cost families?"),
            ("What will it cost families?", true)
        );
        assert_eq!(
            asking_sentence("COVID-19 hit the world hard. What is your view?"),
            ("What is your view?", true)
        );
        // Without a question mark: the first real sentence.
        assert_eq!(
            asking_sentence("Thanks. Can you comment on the ferry. And the bridge."),
            ("Can you comment on the ferry.", false)
        );
        assert_eq!(asking_sentence("No end"), ("No end", false));
        assert_eq!(asking_sentence("Hi. Thanks."), ("", false));
    }

    #[test]
    fn entries_lead_with_their_start_time() {
        use crate::analysis::{Analysis, Settings};
        let text = "WEBVTT\n\n\
                    00:12:31.900 --> 00:12:35.000\n\
                    <v Reporter>How many clinics opened last year?\n\n\
                    00:12:35.000 --> 00:12:40.000\n\
                    <v Minister>We opened 87 clinics.\n\n\
                    01:02:03.000 --> 01:02:05.000\n\
                    <v Host>Thank you both.\n";
        let analysis = Analysis::new(text, &Settings::default());
        let rows: Vec<(String, Option<String>)> = analysis
            .outline(text)
            .into_iter()
            .flat_map(|item| std::iter::once(item.clone()).chain(item.children))
            .map(|item| (item.name, item.detail))
            .collect();
        let row = |name: &str, detail: &str| (name.to_string(), Some(detail.to_string()));
        assert_eq!(
            rows,
            [
                row("How many clinics opened last year?", "[00:12:31] Reporter"),
                row("Minister", "[00:12:35] We opened 87 clinics."),
                row("Host", "[01:02:03] Thank you both."),
            ]
        );
    }

    #[test]
    fn a_question_names_the_outlet_its_role_label_gives() {
        use crate::analysis::{Analysis, Settings};
        let text = "Q (HARBOUR NEWS): Thanks. Let's start with fares. Will they rise?\n\n\
                    MINISTER ADEYEMI: By 3 percent.\n\n\
                    Q (RIVER FM): And the ferries?\n\n\
                    MINISTER ADEYEMI: Two more.\n\n\
                    Ms. Ada Brook (Riverside North, Lib.): Why so few?\n\n\
                    MINISTER ADEYEMI: The budget.\n";
        let analysis = Analysis::new(text, &Settings::default());
        let questions: Vec<(String, Option<String>)> = analysis
            .outline(text)
            .into_iter()
            .map(|item| (item.name, item.detail))
            .collect();
        let row = |name: &str, detail: &str| (name.to_string(), Some(detail.to_string()));
        assert_eq!(
            questions,
            [
                row("Will they rise?", "HARBOUR NEWS"),
                row("And the ferries?", "RIVER FM"),
                // A name is no role: it stays, its constituency aside.
                row("Why so few?", "Ms. Ada Brook"),
            ]
        );
    }

    #[test]
    fn long_names_are_shortened_at_a_word() {
        let s = shorten("word ".repeat(40), 20);
        assert!(s.ends_with('…') && s.chars().count() <= 20, "{s}");
        assert_eq!(shorten("short".to_string(), 20), "short");
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

    /// What `speech_text` must return: the words of each span (split at
    /// Unicode whitespace) joined by single spaces, until more than
    /// `max_chars` characters are read.
    fn joined_words(text: &str, spans: &[Span], max_chars: usize) -> String {
        let mut out = String::new();
        let mut chars = 0;
        for span in spans {
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

    /// What `shorten` must return, character by character.
    fn shortened(s: &str, max: usize) -> String {
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

    fn turn_with_speech(speech: Vec<Span>) -> Turn {
        let end = speech.last().map_or(0, |s| s.end);
        Turn {
            speaker: 0,
            label_name: String::new(),
            role: crate::transcript::Role::Other,
            label: 0..0,
            body: 0..end,
            speech,
            timestamp: None,
            affiliation: None,
        }
    }

    #[test]
    fn speech_is_joined_across_spans_and_unicode_spaces() {
        let text = "One  two\u{a0}three\nfour\u{2028}five😀 six\tseven";
        let spans = vec![0..10, 10..text.len()];
        let turn = turn_with_speech(spans.clone());
        for max in [0, 3, 8, 12, 20, 100] {
            assert_eq!(
                speech_text(text, &turn, max),
                joined_words(text, &spans, max),
                "max {max}"
            );
        }
    }

    use proptest::prelude::*;

    /// Text made of words, every kind of whitespace and multi-byte letters.
    fn spoken() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just(" ".to_string()),
            Just("  ".to_string()),
            Just("\n".to_string()),
            Just("\t".to_string()),
            Just("\u{a0}".to_string()),
            Just("\u{85}".to_string()),
            Just("\u{2028}".to_string()),
            Just("\u{3000}".to_string()),
            Just("\u{1}".to_string()),
            Just("\u{b}\r".to_string()),
            Just("é😀".to_string()),
            Just("\u{2014}".to_string()),
            "[a-z,.:;?]{1,12}",
            any::<String>(),
        ];
        proptest::collection::vec(piece, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn speech_text_joins_words_as_split_whitespace_does(
            text in spoken(),
            cuts in proptest::collection::vec(0usize..200, 0..4),
            max in 0usize..90,
        ) {
            // Speech spans at character boundaries, in order.
            let mut bounds: Vec<usize> = cuts
                .into_iter()
                .map(|c| c.min(text.len()))
                .filter(|&c| text.is_char_boundary(c))
                .collect();
            bounds.push(0);
            bounds.push(text.len());
            bounds.sort_unstable();
            let spans: Vec<Span> = bounds.windows(2).map(|w| w[0]..w[1]).collect();
            let turn = turn_with_speech(spans.clone());
            prop_assert_eq!(speech_text(&text, &turn, max), joined_words(&text, &spans, max));
        }

        /// Reading a glance first names a question as reading it all would.
        #[test]
        fn questions_are_named_as_from_their_whole_opening(
            words in proptest::collection::vec("[A-Za-z]{1,9}|Thanks[.]|Hi[.]|[a-z]{2,6}[.?!]|é😀", 0..120),
            cut in 0usize..2000,
        ) {
            let text = words.join(" ");
            let cut = (0..=cut.min(text.len())).rev().find(|&c| text.is_char_boundary(c)).unwrap_or(0);
            let turn = turn_with_speech(vec![0..cut, cut..text.len()]);
            let whole = speech_text(&text, &turn, QUESTION_READ_CHARS);
            prop_assert_eq!(question_name(&text, &turn), asking_sentence(&whole).0);
        }

        #[test]
        fn shorten_cuts_where_counting_characters_would(text in spoken(), max in 0usize..90) {
            let whole: Span = 0..text.len();
            let joined = joined_words(&text, std::slice::from_ref(&whole), usize::MAX);
            prop_assert_eq!(shorten(joined.clone(), max), shortened(&joined, max));
        }
    }
}
