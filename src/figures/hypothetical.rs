//! Hypotheticals, advice, definitions and made-up examples: numbers that set
//! up a condition or an example rather than assert a fact (`if it takes you
//! 10 minutes`, `you should pay them 70k`, `two negative quarters is not the
//! definition`, `for example, you spend 3 million`).
//!
//! They are still figures, shown as hints with the rule that read them so
//! (see `reading`), so a reader can see them without being told that they
//! need a source. Each opener is a small rule of its own; a figure before
//! the opener in the same sentence is not touched by it, so `we sold 40, and
//! if you want 5 more, call` keeps the 40 asserted.

use super::reading::Reading;
use super::tokens::Sentence;
use super::words;

/// The first token from which the sentence's numbers are not asserted, and
/// the rule that says so, if any.
pub(crate) fn starts_at(s: &Sentence) -> Option<(usize, Reading)> {
    // Only words of the conditional class can open one.
    let candidates = || (0..s.len()).filter(|&i| s.class(i) & words::CONDITIONAL != 0);
    if candidates().any(|i| definition(s, i)) {
        return Some((0, Reading::Definition));
    }
    candidates().find_map(|i| {
        let reading = if if_clause(s, i) {
            Reading::IfClause
        } else if supposition(s, i) {
            Reading::Supposition
        } else if you_should(s, i) {
            Reading::YouShould
        } else if for_example(s, i) {
            Reading::ForExample
        } else {
            return None;
        };
        Some((i, reading))
    })
}

/// `definition`, `defined`: a sentence that defines a term states a rule,
/// and its numbers are the rule's terms, wherever they stand in it.
fn definition(s: &Sentence, i: usize) -> bool {
    s.is_any(i, &["definition", "defined", "define", "defines"])
}

/// `if you have`, `unless your`, `if it takes you`: a condition put to the
/// listener.
fn if_clause(s: &Sentence, i: usize) -> bool {
    s.is_any(i, &["if", "unless"]) && (addressed_to_listener(s, i + 1) || counterfactual(s, i + 1))
}

/// `if we had 30 more nurses`, `if there were 5 more`: a condition known
/// not to hold, whoever it is about. A plain condition (`if prices rise 3
/// percent`) may be a forecast, which is a claim.
fn counterfactual(s: &Sentence, k: usize) -> bool {
    s.is_any(
        k,
        &[
            "we", "i", "they", "he", "she", "it", "there", "the", "our", "their",
        ],
    ) && (s.is_any(k + 1, &["had", "were"])
        || s.is_word(k + 1) && s.is_any(k + 2, &["had", "were"]))
}

/// `suppose`, `imagine`, `hypothetically`, `let's say`, `say you have`.
fn supposition(s: &Sentence, i: usize) -> bool {
    s.is_any(i, &["suppose", "supposing", "imagine", "hypothetically"])
        || (s.is(i, "say")
            && (s.is_any(i.wrapping_sub(1), &["let's", "let’s"]) || s.is(i + 1, "you")))
}

/// Advice: `you should`, `you must`, `you ought`, `you need to`, `you want
/// to`, `you have to`.
fn you_should(s: &Sentence, i: usize) -> bool {
    s.is(i, "you")
        && (s.is_any(i + 1, &["should", "must", "ought"])
            || (s.is_any(i + 1, &["need", "want", "have"]) && s.is(i + 2, "to")))
}

/// `for example, you spend…`, `for instance, someone earns…`: an example
/// made up around the listener or an anyone. An example that names a real
/// case (`for example, Ireland uses 20 percent`) is a claim like any other,
/// so only the made-up subject opens one.
fn for_example(s: &Sentence, i: usize) -> bool {
    if !(s.is_any(i, &["example", "instance"]) && s.is_any(i.wrapping_sub(1), &["for", "an"])) {
        return false;
    }
    let k = if s.is_punct(i + 1, ',') { i + 2 } else { i + 1 };
    s.is_any(
        k,
        &[
            "you", "your", "you're", "you’re", "someone", "somebody", "say", "imagine",
        ],
    )
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

#[cfg(test)]
mod tests {
    use super::super::sentences;
    use super::*;

    /// The word that opens the first sentence's hypothetical and its rule,
    /// or `None` when the sentence asserts.
    fn opener(text: &str) -> Option<(String, &'static str)> {
        let mut found = None;
        let mut first = true;
        sentences::for_each(text, [std::slice::from_ref(&(0..text.len()))], |s| {
            if std::mem::take(&mut first) {
                found = starts_at(&s).map(|(i, r)| (s.str(i).to_string(), r.rule()));
            }
        });
        found
    }

    fn is(text: &str, word: &str, rule: &str) {
        assert_eq!(
            opener(text),
            Some((word.to_string(), rule)),
            "{text:?} should open a hint"
        );
    }

    fn asserts(text: &str) {
        assert_eq!(opener(text), None, "{text:?} should assert");
    }

    #[test]
    fn if_clause_is_a_condition_put_to_the_listener() {
        is(
            "We did it, if your crew has 9 vans.",
            "if",
            "hypothetical.if-clause",
        );
        is(
            "Unless you sell 40 units, stop.",
            "Unless",
            "hypothetical.if-clause",
        );
        is(
            "If it costs you 12 dollars, fine.",
            "If",
            "hypothetical.if-clause",
        );
        is(
            "If we had 30 more nurses, we could open at night.",
            "If",
            "hypothetical.if-clause",
        );
        is(
            "If there were 5 more buses, nobody would wait.",
            "If",
            "hypothetical.if-clause",
        );
        is(
            "If the port were 20 percent bigger, it would pay.",
            "If",
            "hypothetical.if-clause",
        );
        asserts("If we hired 30 nurses, it was because we had to.");
        asserts("If you look at the data, 45 percent agreed.");
        asserts("If prices rise 3 percent, we act.");
    }

    #[test]
    fn supposition_opens_with_suppose_imagine_or_say() {
        is(
            "Suppose a firm hires 20 people.",
            "Suppose",
            "hypothetical.supposition",
        );
        is(
            "Imagine 300 cars on that road.",
            "Imagine",
            "hypothetical.supposition",
        );
        is(
            "Let's say 15 guests arrive.",
            "say",
            "hypothetical.supposition",
        );
        is("Say you have 6 rooms.", "Say", "hypothetical.supposition");
        asserts("They say 70 people came.");
    }

    #[test]
    fn advice_is_what_the_listener_should_do() {
        is("You should budget 400 dollars.", "You", "advice.you-should");
        is(
            "Then you need to add 3 filters.",
            "you",
            "advice.you-should",
        );
        asserts("You sold 14 boats last year.");
        asserts("You need 3 filters, they said.");
    }

    #[test]
    fn definition_covers_the_whole_sentence() {
        is(
            "Two cold months in a row is the definition of a bad winter.",
            "Two",
            "definition",
        );
        is("A drought is defined as 60 dry days.", "A", "definition");
        asserts("We had 60 dry days.");
    }

    #[test]
    fn for_example_only_when_the_example_is_made_up() {
        is(
            "For example, you spend 3 million on storage.",
            "example",
            "example.for-example",
        );
        is(
            "As an example, someone pays 80 dollars.",
            "example",
            "example.for-example",
        );
        asserts("For example, Chile mines 28 percent of the copper.");
        asserts("In one instance, 12 trucks broke down.");
    }
}
