//! Placeholders: what a citation holds when its source has not been
//! written yet.
//!
//! A quick fix inserts `[^2]` with an empty `[^2]:` definition, or `[@]`,
//! for the user to fill in; writers leave `TODO`, `TK` (the newsroom's "to
//! come") or `source?` where a source will go. None of these is a source,
//! so none of them covers a figure: the figure stays flagged until the
//! source is there.

/// Words that, opening a footnote's text, say the source is still to come.
const TO_COME: &[&str] = &["todo", "tbd", "tba", "tk", "tktk", "fixme", "xxx"];

/// Whole texts that ask for a source rather than give one.
const ASKS_FOR_SOURCE: &[&str] = &[
    "source",
    "sources",
    "citation",
    "cite",
    "ref",
    "reference",
    "citation needed",
    "source needed",
    "needs source",
    "needs a source",
    "add source",
    "add a source",
];

/// Whether a footnote definition's text (after `]:`) holds no source: it
/// is blank, only punctuation (`?`, `…`, `--`), opens with a to-come word
/// (`TODO: find the report`), or only asks for one (`source?`).
pub fn holds_no_source(body: &str) -> bool {
    let body = body.trim();
    if !body.chars().any(char::is_alphanumeric) {
        return true;
    }
    let first = body
        .split(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '.' | ';' | '-' | '!' | '?'))
        .next()
        .unwrap_or("");
    if TO_COME.iter().any(|w| first.eq_ignore_ascii_case(w)) {
        return true;
    }
    let bare = body.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace());
    ASKS_FOR_SOURCE.iter().any(|w| bare.eq_ignore_ascii_case(w))
}

/// Whether a Pandoc citation key is missing or stands in for one (`[@]`,
/// `[@TODO]`, `[@tk]`).
pub fn is_placeholder_key(key: &str) -> bool {
    key.is_empty() || TO_COME.iter().any(|w| key.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_and_to_come_footnotes_hold_no_source() {
        for body in [
            "",
            "   ",
            "?",
            "…",
            "--",
            "TODO",
            "todo: find the ministry's report",
            "TK",
            "TBD.",
            "FIXME - ask the press office",
            "source?",
            "Citation needed.",
            "[source]",
        ] {
            assert!(holds_no_source(body), "{body:?} should hold no source");
        }
    }

    #[test]
    fn a_footnote_with_words_of_its_own_holds_a_source() {
        for body in [
            "Ministry of Health, annual report 2024, p. 12.",
            "https://example.org/report",
            "Todd Ames, interview with the author",
            "Source: Office for National Statistics",
            "TKO Statistics, table 3",
            "2024 census",
        ] {
            assert!(!holds_no_source(body), "{body:?} should hold a source");
        }
    }

    #[test]
    fn empty_and_placeholder_keys() {
        assert!(is_placeholder_key(""));
        assert!(is_placeholder_key("TODO"));
        assert!(is_placeholder_key("tk"));
        assert!(!is_placeholder_key("smith2020"));
        assert!(!is_placeholder_key("todo2020"));
    }
}
