//! Who asks and who answers.
//!
//! Roles are decided from the structure of the turns, never from what a
//! particular transcript says:
//!
//! 1. **Askers.** When some labels name a role that asks (`Q`, `Question`,
//!    `Interviewer`, `Reporter`), those speakers are the askers. Otherwise a
//!    speaker is an asker when at least a third of their turns ask, unless
//!    they are the one being questioned: the speaker with the most speech
//!    among those who ask in at most half their turns (a monologue's
//!    rhetorical questions make no asker; a talkative interviewer still is).
//!    A turn *asks* when it has a question mark and little follows its last
//!    one: a question ends with it, or with a short coda; a turn that asks and
//!    then talks on at length answers itself (`Is there an ideal length?
//!    Nope. …`) and asks no one.
//! 2. **Answerers.** Speakers labelled with a role that answers (`A`,
//!    `Witness`), any other non-asker who speaks right after an asker's turn
//!    that asks, and any non-asker who ever says more than a hand-over. A
//!    moderator who only ever calls on people (`Howard.`, `Next question.`)
//!    answers nothing.
//! 3. **Questions.** An asker's turn that asks, or, once the questions have
//!    begun (at once, for labelled askers), one of more than a few words that
//!    an answerer replies to: a follow-up put as a statement (`So you believe
//!    it was [crosstalk]`), but not a `Thank you.`.
//!    An asker's other turns (`Thank you.`) are `other` and close the exchange.
//! 4. **Answers.** After a question, the answerers' turns until an asker speaks
//!    again. The first reply always answers (`Yes, I have.`); a later short
//!    turn that does not ask and only hands over to an asker (`Go ahead,
//!    Sam.`) is `other`.
//!
//! Everything else is `other`: openings before the first question, a
//! moderator calling on someone, a monologue or a compilation of segments.
//! A turn merged from several blocks is judged as a whole.

use rayon::prelude::*;

use super::lines::rfind_either;
use super::names::{self, RoleWord};
use super::{Role, Speaker, Turn};
use crate::text::Span;

/// Most words after a turn's last question mark for the turn still to ask.
const MAX_CODA_WORDS: usize = 60;
/// Most words in a turn that only hands over to the next question.
const MAX_HANDOVER_WORDS: usize = 12;
/// Most words in a turn that asks nothing unless it has a question mark
/// (`Thank you.`, `Okay.`, `Got it, thanks.`).
const MAX_COURTESY_WORDS: usize = 4;

/// Transcripts with more turns than this have them read in parallel.
const PARALLEL_TURNS: usize = 2048;

/// Sets the role of every turn.
pub(super) fn assign(text: &str, speakers: &[Speaker], turns: &mut [Turn]) {
    // One pass over the turns for both: each turn's speech is read while
    // it is in the cache. Each turn is read on its own: many are read on
    // all cores.
    let read = |t: &Turn| (asks(text, &t.speech), is_short(text, &t.speech));
    let (asks, short): (Vec<bool>, Vec<bool>) = if turns.len() > PARALLEL_TURNS {
        turns.par_iter().map(read).unzip()
    } else {
        turns.iter().map(read).unzip()
    };
    let (askers, labelled) = askers(speakers, turns, &asks);
    let answerers = answerers(speakers, turns, &asks, &short, &askers);

    let mut questions_begun = labelled;
    for i in 0..turns.len() {
        let s = turns[i].speaker;
        let replied = turns.get(i + 1).is_some_and(|n| answerers[n.speaker]);
        let courtesy =
            || words_up_to(text, &turns[i].speech, MAX_COURTESY_WORDS + 1) <= MAX_COURTESY_WORDS;
        if askers[s] && (asks[i] || (replied && questions_begun && !courtesy())) {
            turns[i].role = Role::Question;
            questions_begun = true;
        }
    }

    let mut open = false;
    let mut replied = false;
    for i in 0..turns.len() {
        let s = turns[i].speaker;
        if turns[i].role == Role::Question {
            open = true;
            replied = false;
            continue;
        }
        if askers[s] {
            open = false;
            continue;
        }
        if !(open && answerers[s]) {
            continue;
        }
        let hands_over =
            replied && short[i] && !asks[i] && turns.get(i + 1).is_some_and(|n| askers[n.speaker]);
        if !hands_over {
            turns[i].role = Role::Answer;
        }
        replied = true;
    }
}

/// Which speakers ask (indexed by speaker id), and whether labels said so.
fn askers(speakers: &[Speaker], turns: &[Turn], asks: &[bool]) -> (Vec<bool>, bool) {
    let labelled: Vec<bool> = speakers
        .iter()
        .map(|s| names::role_word(&s.name) == Some(RoleWord::Asks))
        .collect();
    if labelled.iter().any(|&a| a) {
        return (labelled, true);
    }
    let mut speech = vec![0usize; speakers.len()];
    let mut count = vec![0usize; speakers.len()];
    let mut asking = vec![0usize; speakers.len()];
    for (t, &a) in turns.iter().zip(asks) {
        speech[t.speaker] += t.speech.iter().map(|s| s.len()).sum::<usize>();
        count[t.speaker] += 1;
        asking[t.speaker] += usize::from(a);
    }
    // Asking in at least a third of one's turns makes an asker...
    let often = |s: usize| asking[s] > 0 && asking[s] * 3 >= count[s];
    // ...except for the one being questioned, whose own questions are
    // rhetorical: the speaker with the most speech among those who ask in at
    // most half their turns (or with the most speech of all, when everyone
    // asks that much).
    let mostly = |s: usize| asking[s] * 2 > count[s];
    let most_speech = |candidates: &mut dyn Iterator<Item = usize>| {
        candidates.max_by_key(|&s| (speech[s], std::cmp::Reverse(s)))
    };
    let questioned = most_speech(&mut (0..speakers.len()).filter(|&s| !mostly(s)))
        .or_else(|| most_speech(&mut (0..speakers.len())));
    let askers = (0..speakers.len())
        .map(|s| {
            Some(s) != questioned
                && often(s)
                && names::role_word(&speakers[s].name) != Some(RoleWord::Answers)
        })
        .collect();
    (askers, false)
}

/// Which speakers answer (indexed by speaker id).
fn answerers(
    speakers: &[Speaker],
    turns: &[Turn],
    asks: &[bool],
    short: &[bool],
    askers: &[bool],
) -> Vec<bool> {
    let mut out: Vec<bool> = speakers
        .iter()
        .map(|s| names::role_word(&s.name) == Some(RoleWord::Answers))
        .collect();
    for (i, turn) in turns.iter().enumerate() {
        let s = turn.speaker;
        let after_asking = i > 0 && askers[turns[i - 1].speaker] && asks[i - 1];
        if !askers[s] && (after_asking || !short[i]) {
            out[s] = true;
        }
    }
    out
}

/// Whether speech asks: it has a question mark with at most a short coda
/// after the last one. Only the tail of the speech is searched (past a few
/// kilobytes without a mark no coda can be short), from the end, eight bytes
/// at a time, and words are only counted after a mark, no further than the
/// limit.
fn asks(text: &str, speech: &[Span]) -> bool {
    let mut window = MAX_CODA_WORDS * MAX_WORD_BYTES;
    for (k, span) in speech.iter().enumerate().rev() {
        let from = span.start.max(span.end.saturating_sub(window));
        let tail = &text.as_bytes()[from..span.end];
        // `?`, or the last byte (9F) of the full-width `？` (EF BC 9F).
        let mut end = tail.len();
        while let Some(at) = rfind_either(&tail[..end], b'?', 0x9f) {
            let fullwidth = at >= 2 && tail[at - 2] == 0xef && tail[at - 1] == 0xbc;
            if tail[at] == b'?' || fullwidth {
                let coda = count_words(&text[from + at + 1..span.end], MAX_CODA_WORDS + 1)
                    + words_up_to(text, &speech[k + 1..], MAX_CODA_WORDS + 1);
                return coda <= MAX_CODA_WORDS;
            }
            end = at;
        }
        window = window.saturating_sub(span.len());
        if window == 0 {
            return false;
        }
    }
    false
}

/// Longest average word assumed when a length in bytes stands for a count
/// of words (natural language averages five or six).
const MAX_WORD_BYTES: usize = 32;

/// Whether speech is at most `MAX_HANDOVER_WORDS` words long.
fn is_short(text: &str, speech: &[Span]) -> bool {
    let bytes: usize = speech.iter().map(|s| s.len()).sum();
    bytes <= MAX_HANDOVER_WORDS * MAX_WORD_BYTES
        && words_up_to(text, speech, MAX_HANDOVER_WORDS + 1) <= MAX_HANDOVER_WORDS
}

/// The number of words in `speech`, counting no further than `limit`.
fn words_up_to(text: &str, speech: &[Span], limit: usize) -> usize {
    let mut n = 0;
    for span in speech {
        n += count_words(&text[span.clone()], limit - n);
        if n >= limit {
            break;
        }
    }
    n
}

/// The number of words in `s` (runs of bytes between ASCII spaces), counting
/// no further than `limit`.
fn count_words(s: &str, limit: usize) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for &b in s.as_bytes() {
        let space = b.is_ascii_whitespace();
        if !space && !in_word {
            n += 1;
            if n >= limit {
                return n;
            }
        }
        in_word = !space;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asks_text(s: &str) -> bool {
        let whole: Span = 0..s.len();
        asks(s, std::slice::from_ref(&whole))
    }

    #[test]
    fn a_question_ends_the_turn_or_nearly() {
        assert!(asks_text("Thanks. How many were there?"));
        assert!(asks_text(
            "How many? I mean, roughly, in your own estimate."
        ));
        assert!(!asks_text("We met twice. It went well."));
        let answered_itself = format!("Is there an ideal length? Nope. {}", "word ".repeat(70));
        assert!(!asks_text(&answered_itself));
        assert!(asks_text("你们怎么看？"));
    }

    #[test]
    fn words_are_counted_up_to_a_limit() {
        let s = "one two  three\tfour";
        let whole: Span = 0..s.len();
        assert_eq!(words_up_to(s, std::slice::from_ref(&whole), 10), 4);
        assert_eq!(words_up_to(s, &[0..3, 4..s.len()], 2), 2);
    }
}
