//! Hypotheticals, advice and definitions: numbers that set up a condition
//! or an example rather than assert a fact (`if it takes you 10 minutes`,
//! `you should pay them 70k`, `two negative quarters is not the definition`).
//!
//! They are still figures, shown as hints, so a reader can see them without
//! being told that they need a source.

use super::tokens::Sentence;
use super::words;

/// The first token from which the sentence's numbers are hypothetical, if any.
pub(crate) fn starts_at(s: &Sentence) -> Option<usize> {
    // Only words of the conditional class can open one.
    let candidates = || (0..s.len()).filter(|&i| s.class(i) & words::CONDITIONAL != 0);
    if candidates().any(|i| s.is_any(i, &["definition", "defined", "define", "defines"])) {
        return Some(0);
    }
    for i in candidates() {
        if s.is_any(i, &["if", "unless"]) && addressed_to_listener(s, i + 1) {
            return Some(i);
        }
        if s.is_any(i, &["suppose", "supposing", "imagine", "hypothetically"]) {
            return Some(i);
        }
        // `let’s say`, `say you have`
        if s.is(i, "say")
            && (s.is_any(i.wrapping_sub(1), &["let's", "let’s"]) || s.is(i + 1, "you"))
        {
            return Some(i);
        }
        // Advice: `you should`, `you need to`, `you want to`.
        if s.is(i, "you")
            && (s.is_any(i + 1, &["should", "must", "ought"])
                || (s.is_any(i + 1, &["need", "want", "have"]) && s.is(i + 2, "to")))
        {
            return Some(i);
        }
    }
    None
}

/// A condition put to the listener (`if you have`, `if it takes you`,
/// `if your`), but not the speaker's way of pointing at evidence (`if you
/// look at`, `if you think about`), which introduces a fact.
fn addressed_to_listener(s: &Sentence, k: usize) -> bool {
    let you = if s.is_any(k, &["you", "your", "you're", "you’re", "you've", "you’ve"]) {
        k
    } else if s.is(k, "it") && s.is_word(k + 1) && s.is(k + 2, "you") {
        k + 2
    } else {
        return false;
    };
    !s.is_any(
        you + 1,
        &[
            "look", "looking", "think", "compare", "consider", "ask", "listen", "read", "recall",
            "remember", "see", "check", "go", "add", "take", "talk", "believe",
        ],
    )
}
