//! Change-of-speaker marks: the `>>` (or `>>>`) that closed captions and
//! the caption dumps of TV archives put wherever the speaker changes, often
//! several times on one line, sometimes naming the new speaker (`>> eric:`).
//!
//! A mark is two or three `>` standing alone: at the start of the text or
//! after a space, and followed by a space, a letter or the end of the line.
//! `a >> b` in code or `>>>>` quoting are thus marks only when they look like
//! captions; the caller decides from how often the document uses them whether
//! they are marks at all (`count`).
//!
//! Caption text is often all lower case, so the name after a mark is not
//! judged by its capitals: one to three words of letters ending in a colon,
//! none of them a word that starts ordinary speech (`>> look: ...`).

use std::ops::Range;

use super::lines::{is_space, trim_end, trim_start};

/// A mark found in a line, with offsets relative to the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mark {
    /// The mark and, when it names the speaker, the name and its colon.
    pub label: Range<usize>,
    /// The name, when the mark gives one.
    pub name: Option<Range<usize>>,
    /// Where the speech after the mark starts.
    pub speech_from: usize,
}

/// How many marks a document needs before `>>` is read as a change of
/// speaker: one stray `>>` in prose is no layout.
pub(super) const MARKS_IN_USE: usize = 3;

/// The length of the mark starting at `at` (2 or 3), if one starts there.
fn mark_len(bytes: &[u8], at: usize) -> Option<usize> {
    if at > 0 && !matches!(bytes[at - 1], b' ' | b'\t' | b'\n' | b'\r') {
        // `♪ ♪ >>` is preceded by a space; `a>>b` is not a mark.
        return None;
    }
    let mut len = 2;
    if bytes.get(at + 2) == Some(&b'>') {
        len = 3;
    }
    match bytes.get(at + len) {
        None | Some(b' ' | b'\t' | b'\n' | b'\r') => Some(len),
        Some(b) if b.is_ascii_alphabetic() => Some(len),
        _ => None,
    }
}

/// Every mark in `line`, from byte `from` on, in order.
pub(super) fn in_line(line: &str, from: usize) -> impl Iterator<Item = Mark> + '_ {
    let bytes = line.as_bytes();
    memchr::memmem::find_iter(&bytes[from.min(bytes.len())..], b">>").filter_map(move |at| {
        let at = from + at;
        let len = mark_len(bytes, at)?;
        // The third `>` of a `>>>` is found again one byte on: not a mark,
        // since a `>` stands before it.
        let after = at + len;
        let rest = &line[after..];
        let name_at = after + (rest.len() - trim_start(rest).len());
        Some(match named(&line[name_at..]) {
            Some((label_len, name_len)) => {
                let end = name_at + label_len;
                Mark {
                    label: at..end,
                    name: Some(name_at..name_at + name_len),
                    speech_from: skip_space(line, end),
                }
            }
            None => Mark {
                label: at..after,
                name: None,
                speech_from: name_at,
            },
        })
    })
}

fn skip_space(line: &str, at: usize) -> usize {
    at + (line[at..].len() - trim_start(&line[at..]).len())
}

/// Most words in a name after a mark.
const MAX_NAME_WORDS: usize = 3;
/// Longest name after a mark, in bytes.
const MAX_NAME_BYTES: usize = 40;

/// Words that open ordinary speech and so are no name before a colon:
/// `>> look: this is...`, `>> the problem: ...`.
#[rustfmt::skip]
const SPEECH_WORDS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "so", "and", "but", "or",
    "look", "listen", "well", "now", "okay", "ok", "yes", "no", "here", "there", "what", "why",
    "how", "who", "when", "where", "i", "we", "you", "he", "she", "they", "my", "our", "your",
    "bottom", "line", "note", "question", "answer", "breaking", "news", "update", "quote",
];

/// `NAME:` at the start of `s` (right after a mark): the label's length
/// with its colon and the name's length.
pub(super) fn named(s: &str) -> Option<(usize, usize)> {
    let reach = &s.as_bytes()[..s.len().min(MAX_NAME_BYTES + 1)];
    let colon = reach.iter().position(|&b| b == b':')?;
    if !s[colon + 1..].chars().next().is_none_or(is_space) {
        return None;
    }
    let name = trim_end(&s[..colon]);
    let mut words = 0;
    for word in name.split(' ').filter(|w| !w.is_empty()) {
        words += 1;
        let letters = word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'));
        let first = word.chars().next().is_some_and(char::is_alphabetic);
        let lower = word.to_ascii_lowercase();
        if words > MAX_NAME_WORDS || !letters || !first || SPEECH_WORDS.contains(&lower.as_str()) {
            return None;
        }
    }
    (words > 0).then_some((colon + 1, name.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(line: &str) -> Vec<String> {
        in_line(line, 0)
            .map(|m| {
                let name = m.name.map_or("-".to_string(), |n| line[n].to_string());
                format!("{:?} {name} {:?}", &line[m.label], &line[m.speech_from..])
            })
            .collect()
    }

    #[test]
    fn marks_anywhere_in_a_line_some_naming_the_speaker() {
        assert_eq!(
            marks("keep it here. >> eric: hi, everyone. >> it's great. >>> no way"),
            [
                "\">> eric:\" eric \"hi, everyone. >> it's great. >>> no way\"",
                "\">>\" - \"it's great. >>> no way\"",
                "\">>>\" - \"no way\"",
            ]
        );
        assert_eq!(
            marks(">> Dana Ruiz: Thanks."),
            ["\">> Dana Ruiz:\" Dana Ruiz \"Thanks.\""]
        );
        assert_eq!(marks(">>"), ["\">>\" - \"\""]);
    }

    #[test]
    fn lookalikes_are_no_marks() {
        assert!(marks("x >>= 2 and a>>b and >>>> quoted").is_empty());
        assert_eq!(
            marks(">> look: the figures are in."),
            ["\">>\" - \"look: the figures are in.\""]
        );
        assert_eq!(
            marks(">> the 3 problems: x"),
            ["\">>\" - \"the 3 problems: x\""]
        );
    }
}
