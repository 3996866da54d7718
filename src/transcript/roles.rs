//! Who asks and who answers.
//!
//! Roles are decided from the conversation, never from what a particular
//! transcript says: who speaks after whom, how long, and how a turn ends.
//!
//! 1. **Reading a turn.** A turn *asks* when it has a question mark and
//!    little follows its last one (a turn that asks and then talks on at
//!    length answers itself: `Is there an ideal length? Nope. …`), or when
//!    its last sentence has the form of a question without the mark
//!    (`Can you comment on that.`, `What is your response`, `I wonder
//!    whether you could tell us …`). It asks *outright* when the mark is its
//!    very end and no tag (`…, right?`), or with that form. A bare word
//!    with a mark (`Jonathan?`, `Questions?`, `Really?`) calls on someone or
//!    echoes, and asks nothing, unless a labelled asker puts it, it comes
//!    between two turns of the one it is put to (`Alone?`), or its speaker
//!    is unnamed.
//! 2. **Askers.** Labels may say who asks: role words (`Q`, `Reporter`), an
//!    outlet (`Reuters:`, `NAME, Harbour News:`) or an analyst's firm. When
//!    none does, an asker is a speaker who asks outright more often than
//!    others' questions are put to them: the one most others address
//!    answers, however much the asker talks. One asked as often as they ask
//!    is an asker only if nearly all their turns ask (counsel whom the
//!    witness once asks back).
//! 3. **Respondents.** Those labelled as answering (`A`, `Witness`) and the
//!    speakers others address (more than a quarter as often as the most
//!    addressed one). An unnamed guest's question addresses no named
//!    speaker: it is put to another guest, not to the host who speaks next. A chair or moderator (`The Speaker`, `Operator`, or
//!    anyone who only calls on people and thanks them) is neither.
//! 4. **Anonymous turns.** A change of speaker marked without a name (`>>`,
//!    `-`) says nothing about who speaks, so such turns are judged alone:
//!    beside named hosts they are the guests (respondents); with no name at
//!    all they are a dialogue, where a turn answers only the question just
//!    put.
//! 5. **Roles, in one pass.** An asker's turn that asks is a `question`; so
//!    is one cut off before a respondent (`No, but --`) or, for those who
//!    nearly always ask, a statement that follows up on an answer and that
//!    the same respondent replies to (`So you accept the plan slipped.`),
//!    past a chair cutting in. Anyone else's turn that ends asking is a
//!    `question` too (the witness's `Do you want one question at a time?`,
//!    a guest's question to another, the chair's `Where are you sitting?`),
//!    and the next turn answers it, whoever speaks. While a question is
//!    open, respondents answer, and after its first answer anyone who is not
//!    its asker and says more than a hand-over adds to it. A respondent's
//!    substantive turn answers even with no question open (a guest goes on),
//!    except an opening statement or a greeting before anyone has asked.
//!    An asker's short acknowledgement (`Yes.`, `All right.`) while the
//!    respondent goes on is `other` and keeps the question open; thanks and
//!    other remarks close it. A respondent's back-channel after the answer
//!    (`Wow.`) is `other`.
//!
//! Everything else is `other`: openings, a moderator calling on someone,
//! back-channel, a monologue or a compilation of segments. A turn merged
//! from several blocks is judged as a whole.

use rayon::prelude::*;

use super::lines::rfind_either;
use super::masks;
use super::names::{self, RoleWord};
use super::wordset::WordSet;
use super::{Role, Speaker, SpeakerId, Turn};
use crate::text::Span;

/// Most words after a turn's last question mark for the turn still to ask.
const MAX_CODA_WORDS: usize = 60;
/// Most words in a turn that only hands over to the next question.
const MAX_HANDOVER_WORDS: usize = 12;
/// Most words in an asker's hand-over after someone else's question, which
/// a host phrases at more length than a moderator's `Go ahead, Sam.`.
const MAX_ASKER_HANDOVER_WORDS: usize = 2 * MAX_HANDOVER_WORDS;
/// Most words in a turn that asks nothing unless it has a question mark
/// (`Thank you.`, `Okay.`, `Got it, thanks.`).
const MAX_COURTESY_WORDS: usize = 4;
/// Most words in an acknowledgement that lets the respondent go on (`Yes.`,
/// `All right.`, `I see.`).
const MAX_ACK_WORDS: usize = 3;
/// Most words in an aside or a broken-off start (`True.`, `If you had
/// actual, yeah,`): a respondent's turn outside a question answers only
/// when longer.
const MAX_ASIDE_WORDS: usize = 6;
/// Most words in a turn of a non-asker that ends asking for it to be a
/// question of its own; longer ones end on a rhetorical question.
const MAX_ASIDE_QUESTION_WORDS: usize = 80;
/// Most words in a bare call on someone (`Jonathan?`, `Mr Jacobs?`).
const MAX_CALL_WORDS: usize = 3;
/// Most turns looked ahead, past a chair's, for the reply to a statement.
const LOOKAHEAD_TURNS: usize = 3;
/// Words counted in every turn: one more than the longest limit but one
/// that any rule measures a turn against, so those rules decide as with the
/// full count. The longest, `MAX_ASIDE_QUESTION_WORDS`, is only asked of a
/// few turns that end asking, whose words are then counted on.
const SHORT_WORDS_CAP: usize = MAX_ASKER_HANDOVER_WORDS + 1;

/// Transcripts with more turns than this have them read in parallel.
const PARALLEL_TURNS: usize = 2048;

/// What one turn's speech shows, read once.
#[derive(Debug, Clone, Copy, Default)]
struct Reading {
    /// It asks: a question mark with at most a short coda, or a question's
    /// form in its last sentence.
    asks: bool,
    /// Its very end is a question mark (no tag question).
    ends_asking: bool,
    /// Its last sentence has a question's form but no mark (`Can you
    /// comment on that.`).
    formal: bool,
    /// It ends in a few words and a question mark, without a question word
    /// (`Jonathan?`, `Really?`, `Alone?`); a short reply to it is an echo.
    bare: bool,
    /// Such an ending that calls on someone (`Jonathan?`, `Questions?`) or
    /// echoes (`Really?` from the one asked), and so asks nothing: all but
    /// one put between two turns of the one it is put to, by a labelled
    /// asker, or by an unnamed speaker (of whom nothing is known).
    call: bool,
    /// It breaks off (`No, but --`).
    cut_off: bool,
    /// It thanks someone.
    thanks: bool,
    /// Its words, counted up to `SHORT_WORDS_CAP`.
    words: usize,
}

impl Reading {
    fn of(text: &str, speech: &[Span]) -> Reading {
        let last = last_sentence(text, speech);
        let ends = ending(last);
        let ends_asking = ends == Ending::Asks;
        let words = words_up_to(text, speech, SHORT_WORDS_CAP);
        let call = ends_asking
            && count_words(last, MAX_CALL_WORDS + 1) <= MAX_CALL_WORDS
            && !opens_question(last);
        let formal = ends == Ending::Plain && has_question_form(last);
        // A last sentence that ends asking leaves no coda after its mark,
        // so only the others are searched for an earlier one.
        let asks = !call && (ends_asking || formal || asks(text, speech));
        let thanks = words <= MAX_HANDOVER_WORDS && says_thanks(text, speech);
        Reading {
            asks,
            ends_asking: ends_asking && !call,
            formal,
            bare: call,
            call,
            cut_off: ends == Ending::CutOff,
            thanks,
            words,
        }
    }

    /// More than an aside.
    fn substantive(&self) -> bool {
        self.words > MAX_ASIDE_WORDS && !self.thanks
    }
}

/// What each speaker is to the conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Asker,
    Respondent,
    /// A chair, moderator or anyone else who neither asks nor is asked.
    Other,
    /// A change of speaker marked without a name.
    Anonymous,
}

/// Sets the role of every turn.
///
/// `askers`, when the user named them, says for each speaker whether they
/// ask; no one else does.
pub(super) fn assign(
    text: &str,
    speakers: &[Speaker],
    turns: &mut [Turn],
    askers: Option<&[bool]>,
) {
    // Each turn is read on its own, while its speech is in the cache; many
    // are read on all cores.
    let read = |t: &Turn| Reading::of(text, &t.speech);
    let mut reads: Vec<Reading> = if turns.len() > PARALLEL_TURNS {
        turns.par_iter().map(read).collect()
    } else {
        turns.iter().map(read).collect()
    };
    // A bare `Alone?` between two turns of the one it is put to follows up
    // on them, a `Q` never calls on anyone, and of an unnamed speaker it is
    // not known whom they would call: these ask.
    for i in 0..turns.len() {
        // Few turns are calls: the rest need no look at their neighbours.
        if !reads[i].call {
            continue;
        }
        let s = turns[i].speaker;
        let before = i.checked_sub(1).map(|p| turns[p].speaker);
        let after = turns.get(i + 1).map(|t| t.speaker);
        let follows_up = before.is_some()
            && before == after
            && before.is_some_and(|b| !is_anonymous(&speakers[b].name));
        let labelled = || match askers {
            Some(askers) => askers[s],
            None => names::role_word(&speakers[s].name) == Some(RoleWord::Asks),
        };
        if follows_up || is_anonymous(&speakers[s].name) || labelled() {
            let r = &mut reads[i];
            (r.call, r.asks, r.ends_asking) = (false, true, true);
        }
    }
    // When the user names who asks, no one else's turn asks, whatever its
    // mark (the witness asking counsel back is still the witness).
    if let Some(askers) = askers {
        for (t, r) in turns.iter().zip(&mut reads) {
            if !askers[t.speaker] {
                (r.asks, r.ends_asking, r.formal) = (false, false, false);
            }
        }
    }
    let cast = Cast::new(speakers, turns, &reads, askers);
    let roles = play(text, &cast, turns, &reads);
    for (t, r) in turns.iter_mut().zip(roles) {
        t.role = r;
    }
}

/// The parts of the speakers, worked out from labels and turn-taking.
struct Cast {
    parts: Vec<Part>,
    /// Whether labels named the askers by a role word (`Q`, `Reporter`), so
    /// that questions begin at once; an outlet in a title may be a host's
    /// and open with a welcome.
    labelled: bool,
    /// Askers whose substantive turns nearly all ask: their statements that a
    /// respondent replies to are questions put as statements.
    insistent: Vec<bool>,
    /// Speakers labelled as chairing (`The Speaker`, `Operator`).
    chairs: Vec<bool>,
    /// Whether anonymous turns are guests beside named speakers (a panel),
    /// rather than a dialogue of unnamed people.
    anonymous_guests: bool,
}

impl Cast {
    fn new(
        speakers: &[Speaker],
        turns: &[Turn],
        reads: &[Reading],
        askers: Option<&[bool]>,
    ) -> Cast {
        let n = speakers.len();
        let labels: Vec<Option<RoleWord>> = speakers
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let label = names::speaker_role(&s.name, s.title.as_deref());
                match askers {
                    // The user's word on who asks replaces the labels' own.
                    Some(askers) if askers[i] => Some(RoleWord::Asks),
                    Some(_) if label == Some(RoleWord::Asks) => None,
                    _ => label,
                }
            })
            .collect();
        let anonymous: Vec<bool> = speakers.iter().map(|s| is_anonymous(&s.name)).collect();

        // The turn-taking graph, as counts: how often each speaker's asking
        // turn is followed by someone else, how often each speaks right after
        // someone else's asking turn.
        let mut asked_outright = vec![0usize; n];
        let mut addressed = vec![0usize; n];
        let mut substantive = vec![0usize; n];
        let mut substantive_asking = vec![0usize; n];
        let mut substantive_outright = vec![0usize; n];
        for (i, (t, r)) in turns.iter().zip(reads).enumerate() {
            let s = t.speaker;
            if r.words > MAX_COURTESY_WORDS {
                substantive[s] += 1;
                substantive_asking[s] += usize::from(r.asks);
                substantive_outright[s] += usize::from(r.ends_asking);
            }
            if (r.ends_asking || r.formal) && turns.get(i + 1).is_some_and(|n| n.speaker != s) {
                asked_outright[s] += 1;
            }
            // An unnamed guest's question is put to someone unknown, most
            // likely another guest: it addresses no named speaker.
            let put = i > 0 && turns[i - 1].speaker != s && reads[i - 1].asks;
            if put && !anonymous[turns[i - 1].speaker] {
                addressed[s] += 1;
            }
        }

        let labelled = labels.contains(&Some(RoleWord::Asks));
        // Nearly all of whose substantive turns ask.
        let insistent = |s: usize| substantive_asking[s] * 2 >= substantive[s].max(1);
        // One asked as often as they ask outright is an asker only when
        // that is what they nearly always do (counsel whom the witness once
        // asks back).
        let insists_outright = |s: usize| substantive_outright[s] * 2 >= substantive[s].max(1);
        let asker: Vec<bool> = (0..n)
            .map(|s| {
                if labelled {
                    return labels[s] == Some(RoleWord::Asks);
                }
                !anonymous[s]
                    && !matches!(labels[s], Some(RoleWord::Answers | RoleWord::Chairs))
                    && (asked_outright[s] > addressed[s]
                        || insists_outright(s)
                            && asked_outright[s] == addressed[s]
                            && addressed[s] > 0)
            })
            .collect();
        let most_addressed = (0..n)
            .filter(|&s| !asker[s] && !anonymous[s])
            .map(|s| addressed[s])
            .max()
            .unwrap_or(0);
        let parts = (0..n)
            .map(|s| {
                if anonymous[s] {
                    Part::Anonymous
                } else if asker[s] {
                    Part::Asker
                } else if labels[s] == Some(RoleWord::Answers)
                    || labels[s] != Some(RoleWord::Chairs)
                        && addressed[s] > 0
                        && addressed[s] * 4 > most_addressed
                {
                    Part::Respondent
                } else {
                    Part::Other
                }
            })
            .collect();
        let insistent = (0..n).map(|s| labelled || insistent(s)).collect();
        let named_turns = turns.iter().any(|t| !anonymous[t.speaker]);
        Cast {
            parts,
            chairs: labels
                .iter()
                .map(|l| *l == Some(RoleWord::Chairs))
                .collect(),
            labelled: match askers {
                Some(askers) => askers.contains(&true),
                None => speakers
                    .iter()
                    .any(|s| names::role_word(&s.name) == Some(RoleWord::Asks)),
            },
            insistent,
            anonymous_guests: named_turns,
        }
    }

    fn part(&self, s: SpeakerId) -> Part {
        self.parts[s]
    }

    /// Whether `s` answers what is put to them: a respondent, or an
    /// anonymous guest.
    fn responds(&self, s: SpeakerId) -> bool {
        match self.part(s) {
            Part::Respondent => true,
            Part::Anonymous => self.anonymous_guests,
            Part::Asker | Part::Other => false,
        }
    }
}

/// The roles of the turns, in one pass.
fn play(text: &str, cast: &Cast, turns: &[Turn], reads: &[Reading]) -> Vec<Role> {
    let mut roles = vec![Role::Other; turns.len()];
    // Whether turn `i` ends on a question short enough to be one of its own
    // rather than a rhetorical end to a long turn. Most turns that end
    // asking are an asker's, never measured so: the others are counted on
    // only here.
    // Whether a chair's (or another non-party's) turn opens with a greeting:
    // each is looked at by the turns before it, so it is read once here.
    let chair_greets: Vec<bool> = turns
        .iter()
        .map(|t| cast.part(t.speaker) == Part::Other && greets(text, &t.speech))
        .collect();
    let short_question = |i: usize| {
        let r = &reads[i];
        r.ends_asking
            && (r.words < SHORT_WORDS_CAP
                || words_up_to(text, &turns[i].speech, MAX_ASIDE_QUESTION_WORDS + 1)
                    <= MAX_ASIDE_QUESTION_WORDS)
    };
    // A question waits for or is getting its answers.
    let mut open = false;
    // Who put the open question, and whether it has had an answer.
    let mut asked_by: Option<SpeakerId> = None;
    let mut answered = false;
    let mut asker_spoken = false;
    let mut begun = cast.labelled;
    for i in 0..turns.len() {
        let s = turns[i].speaker;
        let r = reads[i];
        let next = turns.get(i + 1).map(|t| t.speaker);
        let previous = i.checked_sub(1).map(|p| turns[p].speaker);
        let next_responds = next.is_some_and(|n| n != s && cast.responds(n));
        // Who speaks next, past a chair who cuts in before the answer (but
        // not past one who thanks and moves on), if a respondent.
        let replier = (i + 1..turns.len())
            .take(LOOKAHEAD_TURNS)
            .find(|&j| cast.part(turns[j].speaker) != Part::Other || chair_greets[j])
            .map(|j| turns[j].speaker)
            .filter(|&n| n != s && cast.responds(n));
        // A statement follows up on an answer when the one who gave it
        // replies again (`So you accept the plan slipped.`); labelled askers
        // only put questions.
        let follows_up = replier.is_some()
            && (cast.labelled || previous.is_some_and(|p| cast.responds(p)) && previous == replier);
        // Two unnamed turns in a row are two people.
        let anonymous = cast.part(s) == Part::Anonymous;
        // The question just before, put by someone else.
        let put_just_before =
            i > 0 && roles[i - 1] == Role::Question && (previous != Some(s) || anonymous);
        // A short reply to an unnamed speaker's bare `Really?` echoes it.
        let echoes = put_just_before
            && reads[i - 1].bare
            && previous.is_some_and(|p| cast.part(p) == Part::Anonymous)
            && r.words <= MAX_ACK_WORDS;
        // After an answer, one who did not put the question adds to it.
        let adds = open && answered && asked_by != Some(s) && r.words > MAX_HANDOVER_WORDS;
        let role = match cast.part(s) {
            Part::Asker => {
                asker_spoken = true;
                if r.asks {
                    Role::Question
                } else if put_just_before
                    && previous
                        .is_some_and(|p| matches!(cast.part(p), Part::Respondent | Part::Other))
                {
                    // The witness or the chair asked this asker something
                    // (an unnamed guest's question is put to another guest).
                    Role::Answer
                } else if replier.is_some() && r.cut_off
                    || follows_up
                        && begun
                        && cast.insistent[s]
                        && !r.thanks
                        && r.words > MAX_COURTESY_WORDS
                {
                    Role::Question
                } else if adds && r.words > MAX_ASKER_HANDOVER_WORDS {
                    // A host's hand-over to the next guest (`Theo, over to
                    // you for the last story. Go for it.`) adds nothing.
                    Role::Answer
                } else {
                    Role::Other
                }
            }
            Part::Respondent | Part::Anonymous if cast.responds(s) => {
                let after_asker = previous.is_some_and(|p| cast.part(p) == Part::Asker);
                let greeting = !begun && greets(text, &turns[i].speech);
                let others_next = next.is_some_and(|n| (n != s || anonymous) && cast.responds(n));
                let others_before =
                    previous.is_some_and(|p| (p != s || anonymous) && cast.responds(p));
                if short_question(i) {
                    Role::Question
                } else if r.words <= MAX_ACK_WORDS && (answered && !after_asker || echoes)
                    || greeting
                {
                    // Back-channel once the question has its answer
                    // (`Wow.`), unless it goes on after the asker's `Yes.`;
                    // an echo of a bare question (`Really?` `Really.`); a
                    // greeting before the questions.
                    Role::Other
                } else if open {
                    // A later short turn that only hands over to an asker
                    // (`Go ahead, Sam.`) answers nothing.
                    let hands_over = answered
                        && r.words <= MAX_HANDOVER_WORDS
                        && !after_asker
                        && next.is_some_and(|n| cast.part(n) == Part::Asker);
                    if hands_over {
                        Role::Other
                    } else {
                        Role::Answer
                    }
                } else if r.substantive() && (asker_spoken || others_next || others_before) {
                    Role::Answer
                } else {
                    Role::Other
                }
            }
            Part::Anonymous => {
                // A dialogue of unnamed people: a turn asks or answers the
                // question just put, or neither.
                if r.asks {
                    Role::Question
                } else if put_just_before {
                    Role::Answer
                } else {
                    Role::Other
                }
            }
            Part::Respondent | Part::Other => {
                let put_by_non_asker =
                    put_just_before && previous.is_some_and(|p| cast.part(p) != Part::Asker);
                if short_question(i) {
                    Role::Question
                } else if put_by_non_asker {
                    // The chair asked where they are (`Just here.`); after an
                    // asker's question a chair only cuts in.
                    Role::Answer
                } else if adds && !cast.chairs[s] {
                    // A chair's closing words (`This concludes today's
                    // call.`) add nothing to an answer.
                    Role::Answer
                } else {
                    Role::Other
                }
            }
        };
        match role {
            Role::Question => {
                open = true;
                asked_by = Some(s);
                answered = false;
                begun = true;
            }
            Role::Answer => answered = true,
            // The echo is all the reply the bare question gets.
            Role::Other if echoes => answered = true,
            Role::Other => {
                // An asker's acknowledgement lets the respondent go on;
                // thanks and other remarks close the question.
                let acknowledges = r.words <= MAX_ACK_WORDS && !r.thanks && next_responds;
                if cast.part(s) == Part::Asker && !acknowledges {
                    open = false;
                }
            }
        }
        roles[i] = role;
    }
    roles
}

/// Whether a speaker's name is only a mark of a change of speaker (`>>`,
/// `-`) or nothing at all.
fn is_anonymous(name: &str) -> bool {
    !name.chars().any(char::is_alphanumeric)
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
                let after = from + at + 1..span.end;
                let later = &speech[k + 1..];
                // A word takes a byte and a space: pieces of `n` bytes in
                // all, `p` of them, hold at most `(n + p) / 2` words, and
                // most codas are too short to need counting.
                let bytes = after.len() + later.iter().map(|s| s.len()).sum::<usize>();
                if bytes + 1 + later.len() <= 2 * MAX_CODA_WORDS {
                    return true;
                }
                let coda = count_words_in(text.as_bytes(), after, MAX_CODA_WORDS + 1)
                    + words_up_to(text, later, MAX_CODA_WORDS + 1);
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

/// The number of words in `speech`, counting no further than `limit`.
fn words_up_to(text: &str, speech: &[Span], limit: usize) -> usize {
    let mut n = 0;
    for span in speech {
        n += count_words_in(text.as_bytes(), span.clone(), limit - n);
        if n >= limit {
            break;
        }
    }
    n
}

/// The number of words in `s` (runs of bytes between ASCII spaces), counting
/// no further than `limit`.
fn count_words(s: &str, limit: usize) -> usize {
    count_words_in(s.as_bytes(), 0..s.len(), limit)
}

/// The number of words in `bytes[span]`, as `count_words` counts them.
///
/// Every turn is counted, so 16 bytes are read at once: their spaces become
/// the bits of a mask, and the word starts, a space and then not, are the
/// bits set in `!spaces & (spaces << 1 | carry)`. The block that holds the
/// span's end is read in place, its bits past the end masked off, whenever
/// `bytes` runs on for a block after it; only at the very end of `bytes` is
/// the rest copied into a padded block.
fn count_words_in(bytes: &[u8], span: Span, limit: usize) -> usize {
    let mut n = 0;
    // The span's start counts as a space before it.
    let mut carry = 1u32;
    let mut at = span.start;
    // Four blocks at a time while the span runs on past them: one mask of
    // 64 bits, one count, one test of the limit.
    while span.end - at > 4 * masks::BLOCK {
        let mut spaces = 0u64;
        for k in 0..4 {
            let block = &bytes[at + k * masks::BLOCK..];
            spaces |= u64::from(masks::spaces(block)) << (k * masks::BLOCK);
        }
        n += (!spaces & (spaces << 1 | u64::from(carry))).count_ones() as usize;
        if n >= limit {
            return limit;
        }
        carry = (spaces >> 63) as u32;
        at += 4 * masks::BLOCK;
    }
    while at < span.end {
        let within = span.end - at;
        let spaces = match bytes.get(at..at + masks::BLOCK) {
            Some(block) => masks::spaces(block),
            None => {
                let mut padded = [0u8; masks::BLOCK];
                padded[..within].copy_from_slice(&bytes[at..span.end]);
                masks::spaces(&padded)
            }
        };
        let keep = if within >= masks::BLOCK {
            0xffff
        } else {
            (1u32 << within) - 1
        };
        n += (!spaces & (spaces << 1 | carry) & keep).count_ones() as usize;
        if n >= limit {
            return limit;
        }
        carry = spaces >> (masks::BLOCK - 1) & 1;
        at += masks::BLOCK;
    }
    n
}

/// How a turn's last sentence ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// With a question mark, and no tag (`…, right?`) before it.
    Asks,
    /// Broken off: `--`, a dash or an ellipsis.
    CutOff,
    /// Any other way: a full stop, a tag question, or no mark at all.
    Plain,
}

/// Longest tail of a turn searched for its last sentence, in bytes.
const LAST_SENTENCE_BYTES: usize = 600;

/// The last sentence of `speech`: from after the last sentence mark before
/// its end (or from the start of a long tail) to its end, trimmed.
fn last_sentence<'t>(text: &'t str, speech: &[Span]) -> &'t str {
    let Some(span) = speech
        .iter()
        .rev()
        .find(|s| !super::lines::trim_end(&text[(*s).clone()]).is_empty())
    else {
        return "";
    };
    let mut from = span.start.max(span.end.saturating_sub(LAST_SENTENCE_BYTES));
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let tail = trim_end_space(&text[from..span.end]);
    // The final mark ends the sentence; the one before it starts it.
    let body = trim_end_marks(trim_end_closing(tail));
    trim_start_space(&tail[sentence_start(body)..])
}

/// Whether `b` is whitespace as `char::is_whitespace` has it, for ASCII.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `s.trim_end()`: every turn's end is trimmed, so ASCII whitespace is
/// dropped byte by byte, and only a non-ASCII end is decoded.
fn trim_end_space(s: &str) -> &str {
    let b = s.as_bytes();
    let n = b
        .iter()
        .rposition(|&c| !is_ascii_space(c))
        .map_or(0, |i| i + 1);
    if n > 0 && b[n - 1] >= 0x80 {
        s[..n].trim_end()
    } else {
        &s[..n]
    }
}

/// `s.trim_start()`, as `trim_end_space` trims the end.
fn trim_start_space(s: &str) -> &str {
    let b = s.as_bytes();
    let n = b
        .iter()
        .position(|&c| !is_ascii_space(c))
        .unwrap_or(b.len());
    if n < b.len() && b[n] >= 0x80 {
        s[n..].trim_start()
    } else {
        &s[n..]
    }
}

/// `s` without the closing quotes, brackets and emphasis marks at its end
/// (`s.trim_end_matches(is_closing)`), read as bytes: `”` and `’` are the
/// only ones beyond ASCII.
fn trim_end_closing(s: &str) -> &str {
    let b = s.as_bytes();
    let mut n = b.len();
    loop {
        match b[..n] {
            [.., b'"' | b'\'' | b')' | b']' | b'*' | b'_'] => n -= 1,
            // `”` (E2 80 9D) and `’` (E2 80 99).
            [.., 0xe2, 0x80, 0x9d | 0x99] => n -= 3,
            _ => return &s[..n],
        }
    }
}

/// `s` without the sentence marks at its end
/// (`s.trim_end_matches(is_sentence_mark)`), read as bytes.
fn trim_end_marks(s: &str) -> &str {
    let b = s.as_bytes();
    let mut n = b.len();
    loop {
        match b[..n] {
            [.., b'.' | b'!' | b'?'] => n -= 1,
            // `？` (EF BC 9F) and `。` (E3 80 82).
            [.., 0xef, 0xbc, 0x9f] | [.., 0xe3, 0x80, 0x82] => n -= 3,
            _ => return &s[..n],
        }
    }
}

/// Where the last sentence of `body` starts: just past the last sentence
/// mark followed by whitespace, or at 0. Every turn's ending is read, so
/// the ASCII marks are found with `memrchr3`, and the full-width ones
/// (`？`, `。`) are looked for only where the text is not ASCII.
fn sentence_start(body: &str) -> usize {
    let bytes = body.as_bytes();
    let followed_by_space =
        |end: usize| body[end..].chars().next().is_some_and(char::is_whitespace);
    let mut end = bytes.len();
    loop {
        let ascii = memchr::memrchr3(b'.', b'!', b'?', &bytes[..end]);
        let from = ascii.map_or(0, |i| i + 1);
        if !bytes[from..end].is_ascii() {
            let wide = body[from..end]
                .char_indices()
                .rev()
                .map(|(i, c)| (from + i + c.len_utf8(), c))
                .find(|&(after, c)| matches!(c, '？' | '。') && followed_by_space(after));
            if let Some((after, _)) = wide {
                return after;
            }
        }
        match ascii {
            None => return 0,
            Some(i) if followed_by_space(i + 1) => return i + 1,
            Some(i) => end = i,
        }
    }
}

/// The sentence marks `trim_end_marks` drops, as chars: what its tests
/// read by.
#[cfg(test)]
fn is_sentence_mark(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '？' | '。')
}

/// Closing quotes, brackets and emphasis marks after a sentence's mark,
/// which `trim_end_closing` drops, as chars: what its tests read by.
#[cfg(test)]
fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '*' | '_')
}

/// Tags after a comma that make a statement look like a question (`It
/// works, right?`).
const TAGS: &[&str] = &["eh", "huh", "no", "ok", "okay", "right", "yeah", "you know"];

fn ending(sentence: &str) -> Ending {
    // Every turn's ending is read: as bytes, with the marks beyond ASCII
    // spelled out.
    let s = trim_end_space(trim_end_closing(sentence));
    let b = s.as_bytes();
    let cut_off = ["--", "...", "—", "–", "…"];
    if cut_off.iter().any(|m| b.ends_with(m.as_bytes())) {
        return Ending::CutOff;
    }
    let mut n = b.len();
    let mut asked = false;
    loop {
        match b[..n] {
            [.., b'!'] => n -= 1,
            [.., b'?'] => (asked, n) = (true, n - 1),
            // `？` (EF BC 9F).
            [.., 0xef, 0xbc, 0x9f] => (asked, n) = (true, n - 3),
            _ => break,
        }
    }
    if !asked {
        return Ending::Plain;
    }
    let tag = s[..n].rsplit_once(',').map(|(_, t)| t.trim());
    if tag.is_some_and(|t| TAGS.iter().any(|tag| tag.eq_ignore_ascii_case(t))) {
        Ending::Plain
    } else {
        Ending::Asks
    }
}

/// Words that open a question: question words and auxiliaries put first.
#[rustfmt::skip]
const QUESTION_OPENERS: WordSet = WordSet::new(&[
    "am", "are", "can", "could", "did", "do", "does", "has", "have", "how", "is", "may",
    "might", "shall", "should", "was", "were", "what", "when", "where", "which", "who",
    "whom", "whose", "why", "will", "would",
]);

/// Question words.
const WH_WORDS: WordSet = WordSet::new(&[
    "how", "what", "when", "where", "which", "who", "whom", "whose", "why",
]);

/// Subjects that follow an auxiliary put first (`Can you`, `Is it`, `Do
/// they`): with one of these, the order is a question's.
#[rustfmt::skip]
const SUBJECTS: WordSet = WordSet::new(&[
    "he", "her", "his", "i", "it", "its", "our", "she", "that", "the", "their", "there",
    "these", "they", "this", "those", "we", "you", "your",
]);

/// Whether `ws` opens with a request that asks without a question mark
/// (`I wonder whether you could tell us …`, `Can you comment on that.`).
fn opens_request(ws: &[&str]) -> bool {
    if !ws
        .first()
        .and_then(|w| w.bytes().next())
        .is_some_and(|b| matches!(b, b'c' | b'i' | b't' | b'w' | b'y'))
    {
        return false;
    }
    matches!(
        ws,
        ["can" | "could" | "would", "you", ..]
            | ["care", "to", ..]
            | ["comment", "on", ..]
            | ["i", "wonder", ..]
            | ["talk" | "walk", "us", "through", ..]
            | ["tell", "me" | "us", ..]
            | ["your", "reaction" | "response" | "thoughts", ..]
    )
}

/// Most words of a sentence searched for a request.
const MAX_FORM_WORDS: usize = 40;

/// The first words of a sentence, lower-cased, without punctuation around
/// them, held on the stack so that reading a turn allocates nothing: up to
/// `WORDS` words in `BYTES` bytes. Only ASCII letters are lowered: the word
/// lists hold nothing else.
struct LowerWords<const BYTES: usize, const WORDS: usize> {
    buf: [u8; BYTES],
    bounds: [(u16, u16); WORDS],
    len: usize,
    used: usize,
}

impl<const BYTES: usize, const WORDS: usize> LowerWords<BYTES, WORDS> {
    fn of(s: &str) -> Self {
        let mut lw = LowerWords {
            buf: [0; BYTES],
            bounds: [(0, 0); WORDS],
            len: 0,
            used: 0,
        };
        for word in names::words(s) {
            if lw.len == WORDS {
                break;
            }
            let word = trim_punctuation(word);
            if word.is_empty() {
                continue;
            }
            let Some(dest) = lw.buf.get_mut(lw.used..lw.used + word.len()) else {
                break;
            };
            for (d, b) in dest.iter_mut().zip(word.bytes()) {
                *d = b.to_ascii_lowercase();
            }
            // Both fit in u16: the buffer is shorter.
            lw.bounds[lw.len] = (lw.used as u16, (lw.used + word.len()) as u16);
            lw.used += word.len();
            lw.len += 1;
        }
        lw
    }

    /// The words, as slices written into `out`.
    fn fill<'a>(&'a self, out: &'a mut [&'a str; WORDS]) -> &'a [&'a str] {
        // Whole words with their ASCII lowered are still UTF-8, so one check
        // covers them all.
        let all = std::str::from_utf8(&self.buf[..self.used]).unwrap_or("");
        for (slot, &(a, b)) in out.iter_mut().zip(&self.bounds[..self.len]) {
            *slot = all.get(a as usize..b as usize).unwrap_or("");
        }
        &out[..self.len]
    }
}

/// A sentence's first few words, for its opening.
type Opening = LowerWords<64, 3>;

/// A sentence's words as far as a request is looked for.
type FormWords = LowerWords<512, MAX_FORM_WORDS>;

/// `word` without the punctuation around it (apostrophes stay). ASCII is
/// trimmed byte by byte; only a word with other characters at its ends is
/// trimmed char by char.
fn trim_punctuation(word: &str) -> &str {
    let keep = |b: &u8| b.is_ascii_alphanumeric() || *b == b'\'' || !b.is_ascii();
    let bytes = word.as_bytes();
    let from = bytes.iter().position(keep).unwrap_or(bytes.len());
    let to = bytes.iter().rposition(keep).map_or(from, |i| i + 1);
    let word = &word[from..to];
    if word.bytes().next().is_some_and(|b| !b.is_ascii())
        || word.bytes().last().is_some_and(|b| !b.is_ascii())
    {
        word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
    } else {
        word
    }
}

/// Whether `sentence` opens with a question word or an auxiliary.
fn opens_question(sentence: &str) -> bool {
    opens_with(sentence, &QUESTION_OPENERS)
}

/// Whether `sentence` has the form of a question without its mark: an
/// auxiliary before its subject (`Can you …`, `Is it …`), a question word
/// and then that order (`What is your response`), or a request.
fn has_question_form(sentence: &str) -> bool {
    // An inversion or a question word needs an opener first; a request may
    // stand anywhere.
    if opens_question(sentence) && has_question_order(sentence) {
        return true;
    }
    // A request is put to the listener (`I wonder if it is too low.` only
    // muses); most sentences have no `you`, `your` or `us` at all, and are
    // ruled out by a search for the letter before any word is read.
    if !may_address_listener(sentence) {
        return false;
    }
    let lw = FormWords::of(sentence);
    let mut all = [""; MAX_FORM_WORDS];
    let ws = lw.fill(&mut all);
    if !ws.iter().any(|w| matches!(*w, "you" | "your" | "us")) {
        return false;
    }
    (0..ws.len()).any(|i| opens_request(&ws[i..]))
}

/// Whether `sentence` opens in a question's order: an auxiliary before its
/// subject (`Can you …`, `Is it …`), or a question word and then that order
/// or `about` (`What is your response`, `What about the cost`).
fn has_question_order(sentence: &str) -> bool {
    let opening = Opening::of(sentence);
    let mut first = [""; 3];
    let ws = opening.fill(&mut first);
    let is = |i: usize, set: &WordSet| ws.get(i).is_some_and(|w| set.contains(w));
    let auxiliary = |i: usize| is(i, &QUESTION_OPENERS) && !is(i, &WH_WORDS);
    // `Is, I think, …` is a stumble, not an inversion.
    let paused = names::words(sentence)
        .next()
        .is_some_and(|w| w.ends_with(','));
    let inverted = auxiliary(0) && !paused && is(1, &SUBJECTS);
    let wh = is(0, &WH_WORDS) && (auxiliary(1) && is(2, &SUBJECTS) || ws.get(1) == Some(&"about"));
    inverted || wh
}

/// Whether `sentence` may hold `you`, `your` or `us` as a word, in any
/// case: every sentence that does passes, and most that do not are told
/// apart at their `u`s, found sixteen bytes at a time.
fn may_address_listener(sentence: &str) -> bool {
    let b = sentence.as_bytes();
    let apart =
        |at: Option<usize>| at.is_none_or(|i| b.get(i).is_none_or(|c| !c.is_ascii_alphanumeric()));
    let listener_at = |i: usize| {
        let yo = i >= 2 && b[i - 2..i].eq_ignore_ascii_case(b"yo") && apart(i.checked_sub(3));
        let r = b.get(i + 1).is_some_and(|c| c.eq_ignore_ascii_case(&b'r'));
        let s = b.get(i + 1).is_some_and(|c| c.eq_ignore_ascii_case(&b's'));
        yo && (apart(Some(i + 1)) || r && apart(Some(i + 2)))
            || s && apart(i.checked_sub(1)) && apart(Some(i + 2))
    };
    let mut at = 0;
    while at < b.len() {
        let mut us = match b.get(at..at + masks::BLOCK) {
            Some(block) => masks::any_of(block, [b'u', b'U']),
            None => {
                let mut padded = [0u8; masks::BLOCK];
                padded[..b.len() - at].copy_from_slice(&b[at..]);
                masks::any_of(&padded, [b'u', b'U'])
            }
        };
        while us != 0 {
            if listener_at(at + us.trailing_zeros() as usize) {
                return true;
            }
            us &= us - 1;
        }
        at += masks::BLOCK;
    }
    false
}

/// Whether `ws` opens with a greeting or thanks.
fn is_greeting(ws: &[&str]) -> bool {
    matches!(
        ws,
        [
            "glad" | "good" | "great" | "happy" | "nice" | "pleasure",
            "to",
            "be",
            ..
        ] | ["good", "afternoon" | "evening" | "morning", ..]
            | ["hello" | "hi" | "thanks" | "welcome", ..]
            | ["thank", "you", ..]
    )
}

/// Whether `speech` opens with a greeting or thanks.
fn greets(text: &str, speech: &[Span]) -> bool {
    let Some(first) = speech
        .iter()
        .find(|s| !text[(*s).clone()].trim().is_empty())
    else {
        return false;
    };
    let speech = &text[first.clone()];
    if !opens_with(speech, &GREETING_OPENERS) {
        return false;
    }
    let lw = Opening::of(speech);
    let mut all = [""; 3];
    is_greeting(lw.fill(&mut all))
}

/// The words a greeting opens with (`is_greeting`).
const GREETING_OPENERS: WordSet = WordSet::new(&[
    "glad", "good", "great", "happy", "hello", "hi", "nice", "pleasure", "thank", "thanks",
    "welcome",
]);

/// Whether the first word of `s`, read as `LowerWords` reads words, is in
/// `set`: the first word alone rules out most sentences before any more is
/// read.
///
/// Every turn's opening is asked about, so the word is compared in place,
/// without case, rather than copied and lowered first.
fn opens_with(s: &str, set: &WordSet) -> bool {
    set.contains(first_word(s))
}

/// The first word of `s` as `LowerWords` reads it (before lowering):
/// the first of `names::words` that `trim_punctuation` leaves anything of,
/// or `""`. ASCII words are cut here byte by byte; from the first word with
/// any other byte on, `names::words` reads the rest.
fn first_word(s: &str) -> &str {
    let b = s.as_bytes();
    let space = |c: u8| matches!(c, b'\t'..=b'\r' | b' ');
    let mut i = 0;
    loop {
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i] < 0x80 && !space(b[i]) {
            i += 1;
        }
        if b.get(i).is_some_and(|&c| c >= 0x80) {
            return names::words(&s[start..])
                .map(trim_punctuation)
                .find(|w| !w.is_empty())
                .unwrap_or("");
        }
        if start == i {
            return "";
        }
        let word = trim_punctuation(&s[start..i]);
        if !word.is_empty() {
            return word;
        }
    }
}

/// Whether `speech` says `thank`, in any case. Short turns are all asked,
/// so the rare `k` is looked for first, many bytes at a time, and only the
/// four bytes before one are compared.
fn says_thanks(text: &str, speech: &[Span]) -> bool {
    speech.iter().any(|s| {
        let b = &text.as_bytes()[s.clone()];
        memchr::memchr2_iter(b'k', b'K', b)
            .any(|i| i >= 4 && b[i - 4..=i].eq_ignore_ascii_case(b"thank"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asks_text(s: &str) -> bool {
        let whole: Span = 0..s.len();
        asks(s, std::slice::from_ref(&whole))
    }

    /// Enough turns to be read on all cores keep their readings in order:
    /// questions and answers alternate as written.
    #[test]
    fn many_turns_read_on_all_cores_keep_their_order() {
        let pairs = 2 * PARALLEL_TURNS;
        let text: String = (0..pairs)
            .map(|i| {
                format!(
                    "Q: How many permits were issued in district {i}?\n\n\
                     MS. OKAFOR: We issued {i} permits there, and the rest are pending.\n\n"
                )
            })
            .collect();
        let parsed = crate::transcript::parse(&text);
        assert_eq!(parsed.turns.len(), 2 * pairs);
        for (i, turn) in parsed.turns.iter().enumerate() {
            let expected = if i % 2 == 0 {
                Role::Question
            } else {
                Role::Answer
            };
            assert_eq!(turn.role, expected, "turn {i}");
        }
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
    fn word_lists_are_sorted_lower_case_words() {
        for set in [QUESTION_OPENERS, WH_WORDS, SUBJECTS, GREETING_OPENERS] {
            let list = set.words;
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            assert!(list.iter().all(|w| w.to_lowercase() == *w), "{list:?}");
            assert!(list.iter().all(|w| set.contains(w)), "{list:?}");
            assert!(
                list.iter().all(|w| set.contains(&w.to_uppercase())),
                "{list:?}"
            );
            for w in list {
                // One letter off, one longer, one shorter: none is in.
                for near in [
                    format!("{}q", &w[..w.len() - 1]),
                    format!("{w}zz"),
                    w[1..].into(),
                ] {
                    assert_eq!(set.contains(&near), list.contains(&near.as_str()), "{near}");
                }
            }
        }
        assert!(!WH_WORDS.contains("hat") && !SUBJECTS.contains(""));
        assert!(!SUBJECTS.contains("@e") && !SUBJECTS.contains("[he"));
    }

    #[test]
    fn punctuation_is_trimmed_from_words() {
        assert_eq!(trim_punctuation("(Can"), "Can");
        assert_eq!(trim_punctuation("“Can”"), "Can");
        assert_eq!(trim_punctuation("don’t,"), "don’t");
        assert_eq!(trim_punctuation("café!"), "café");
        assert_eq!(trim_punctuation("--"), "");
    }

    #[test]
    fn the_listener_is_looked_for_by_letter() {
        for yes in ["Can you", "YOUR call", "tell us.", "(you)", "you’re", "Us"] {
            assert!(may_address_listener(yes), "{yes}");
        }
        for no in ["Thus the bus", "youth", "yours", "our house", "usual"] {
            assert!(!may_address_listener(no), "{no}");
        }
        // Across the edge of a block of sixteen, and in the padded last one.
        assert!(may_address_listener("Something for y ou, then you"));
        assert!(may_address_listener("Fourteen bytes you"));
        assert!(!may_address_listener("Fourteen bytes youth and usual bus"));
    }

    #[test]
    fn a_coda_is_counted_only_when_it_may_be_too_long() {
        let coda = |words: usize| format!("Why? {}", vec!["a"; words].join(" "));
        assert!(asks_text(&coda(MAX_CODA_WORDS)));
        assert!(!asks_text(&coda(MAX_CODA_WORDS + 1)));
        // The same words over two pieces of speech.
        let text = coda(MAX_CODA_WORDS);
        let cut = text.len() - 4;
        assert!(asks(&text, &[0..cut, cut + 1..text.len()]));
        let text = coda(MAX_CODA_WORDS + 1);
        let cut = text.len() - 4;
        assert!(!asks(&text, &[0..cut, cut + 1..text.len()]));
    }

    #[test]
    fn sentences_are_ruled_out_by_their_first_word() {
        for set in [&QUESTION_OPENERS, &GREETING_OPENERS] {
            for w in set.words {
                assert!(
                    opens_with(&format!("“{}, then", w.to_uppercase()), set),
                    "{w}"
                );
            }
        }
        for w in GREETING_OPENERS.words {
            let opens = [[*w, "to", "be"], [*w, "you", ""], [*w, "morning", ""]];
            assert!(opens.iter().any(|ws| is_greeting(ws)), "{w}");
        }
        assert!(opens_with("-- Can you", &QUESTION_OPENERS));
        assert!(!opens_with("Cannot say", &QUESTION_OPENERS));
        assert!(!opens_with("-- ", &QUESTION_OPENERS));
        assert!(!opens_with("", &GREETING_OPENERS));
    }

    #[test]
    fn greetings_and_thanks() {
        let whole = |s: &str| -> Span { 0..s.len() };
        let read = |s: &str| greets(s, std::slice::from_ref(&whole(s)));
        assert!(read("Good morning, everyone."));
        assert!(read("GLAD TO BE HERE."));
        assert!(read("Thank you, Chair."));
        assert!(!read("Good news came late."));
        let thanks = |s: &str| says_thanks(s, std::slice::from_ref(&whole(s)));
        assert!(thanks("ok, THANKS"));
        assert!(thanks("thank"));
        assert!(!thanks("okay then"));
        assert!(!thanks("hank, thin k, k"));
    }

    #[test]
    fn questions_without_their_mark() {
        assert!(has_question_form("Can you comment on that."));
        assert!(has_question_form("What is your response"));
        assert!(has_question_form(
            "I wonder whether you could tell us what it cost."
        ));
        assert!(has_question_form("Is it true that the deal collapsed."));
        assert!(!has_question_form("What is interesting is the timing."));
        assert!(!has_question_form("I wonder if it is an underestimate."));
        assert!(!has_question_form("Is, I think, where we want to be."));
        assert!(!has_question_form("We can do that next year."));
        assert!(has_question_form("SO, YOUR REACTION TO THE RULING."));
        let long = format!("{} can you say more.", "word ".repeat(60));
        assert!(!has_question_form(&long), "only the first words are read");
    }

    /// How a turn's last sentence ends, read char by char: what `ending`
    /// reads byte by byte.
    fn ending_by_chars(sentence: &str) -> Ending {
        let s = sentence.trim_end_matches(is_closing).trim_end();
        if s.ends_with("--") || s.ends_with(['—', '–', '…']) || s.ends_with("...") {
            return Ending::CutOff;
        }
        let marks = s.trim_end_matches(['!', '?', '？']);
        if !s[marks.len()..].contains(['?', '？']) {
            return Ending::Plain;
        }
        let tag = marks
            .rsplit_once(',')
            .map(|(_, t)| t.trim().to_ascii_lowercase());
        if tag.is_some_and(|t| TAGS.contains(&t.as_str())) {
            Ending::Plain
        } else {
            Ending::Asks
        }
    }

    #[test]
    fn how_a_turn_ends() {
        assert_eq!(ending("Is it, OK?"), Ending::Plain);
        assert_eq!(ending("Really？”"), Ending::Asks);
        assert_eq!(ending("Did you read it?"), Ending::Asks);
        assert_eq!(ending("So that's it, right?"), Ending::Plain);
        assert_eq!(ending("No, but --"), Ending::CutOff);
        assert_eq!(ending("It went well."), Ending::Plain);
        let speech = "Thanks. How many were there? I mean roughly.";
        let whole: Span = 0..speech.len();
        assert_eq!(
            last_sentence(speech, std::slice::from_ref(&whole)),
            "I mean roughly."
        );
    }

    #[test]
    fn words_are_counted_like_a_split_on_whitespace() {
        let samples = [
            "",
            " ",
            "one",
            " lead and trail ",
            "tabs\tand\nnew\r\nlines",
            "vertical\x0btab is not a space",
            "a b c d e f g h i j k l m n o p q r s t u v w x y z "
                .repeat(9)
                .leak(),
        ];
        for s in samples {
            let words = s
                .split(|c: char| c.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
                .count();
            for limit in [1, 3, 64, 500] {
                assert_eq!(count_words(s, limit), words.min(limit), "{s:?} {limit}");
            }
        }
    }

    #[test]
    fn the_last_sentence_starts_after_a_mark_and_a_space() {
        fn last(s: &str) -> &str {
            s[sentence_start(s)..].trim_start()
        }
        assert_eq!(last("One. Two? Three"), "Three");
        assert_eq!(last("No mark here"), "No mark here");
        assert_eq!(last("3.5 percent rose"), "3.5 percent rose");
        assert_eq!(last("好。 你们怎么看"), "你们怎么看");
        assert_eq!(
            last("Wow！ and then"),
            "Wow！ and then",
            "a full-width ! is no mark here"
        );
        assert_eq!(last("Is it？ Yes"), "Yes");
    }

    proptest::proptest! {
        /// Block edges, carries and the padded tail count as a plain split.
        #[test]
        fn words_are_counted_across_blocks(
            s in "[a \t\n\r\x0b\x0cé]{0,200}",
            limit in 0usize..120,
        ) {
            let words = s
                .split(|c: char| c.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
                .count();
            proptest::prop_assert_eq!(count_words(&s, limit), words.min(limit));
        }

        /// The byte-wise trims and endings agree with the char-wise ones.
        #[test]
        fn trims_and_endings_read_as_bytes_agree_with_chars(
            s in "[a.,!?？。”’\"')\\]*_ \t\x0b\u{a0}—–…-]{0,16}",
        ) {
            proptest::prop_assert_eq!(trim_end_space(&s), s.trim_end());
            proptest::prop_assert_eq!(trim_start_space(&s), s.trim_start());
            proptest::prop_assert_eq!(trim_end_closing(&s), s.trim_end_matches(is_closing));
            proptest::prop_assert_eq!(trim_end_marks(&s), s.trim_end_matches(is_sentence_mark));
            proptest::prop_assert_eq!(ending(&s), ending_by_chars(&s));
        }

        /// The first word is the one `names::words` and `trim_punctuation`
        /// give, whatever mix of ASCII, other letters and spaces.
        #[test]
        fn the_first_word_is_read_as_words_reads_it(
            s in "[aZ'.,(\\-“é \t\n\u{a0}\u{2003}]{0,24}",
        ) {
            let words = names::words(&s).map(trim_punctuation).find(|w| !w.is_empty());
            proptest::prop_assert_eq!(first_word(&s), words.unwrap_or(""));
        }

        /// A span inside a longer text counts as the span alone: the bytes
        /// after its end, read with its last block, never count.
        #[test]
        fn a_span_is_counted_without_the_bytes_after_it(
            s in "[a \t\n\r\x0b\x0c]{0,80}",
            from in 0usize..80,
            len in 0usize..80,
            limit in 0usize..40,
        ) {
            let from = from.min(s.len());
            let span = from..(from + len).min(s.len());
            let alone = count_words(&s[span.clone()], limit);
            proptest::prop_assert_eq!(count_words_in(s.as_bytes(), span, limit), alone);
        }
    }

    #[test]
    fn words_are_counted_up_to_a_limit() {
        let s = "one two  three\tfour";
        let whole: Span = 0..s.len();
        assert_eq!(words_up_to(s, std::slice::from_ref(&whole), 10), 4);
        assert_eq!(words_up_to(s, &[0..3, 4..s.len()], 2), 2);
    }
}
