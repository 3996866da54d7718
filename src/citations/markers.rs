//! Marker syntax: what a citation marker or a footnote definition looks like
//! at a given byte, without looking anywhere else.
//!
//! The figure lexer asks the same question (`marker_len`) so that a number
//! inside a marker is never read as a figure, whichever styles count.

use super::MarkerKind;

/// A marker never crosses a line and is never longer than this.
const LONGEST: usize = 300;

/// The length of the citation marker that starts at byte `i` (a `[`), and
/// what it is, if one does: `[@key]`, `[see @key, p. 4]`, `[^label]`, `[12]`.
pub(crate) fn marker_at(text: &str, i: usize) -> Option<(usize, MarkerKind)> {
    let bytes = text.as_bytes();
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    let close = closing_bracket(bytes, i)?;
    let inner = &text[i + 1..close];
    let kind = if let Some(label) = inner.strip_prefix('^') {
        footnote_label(label)?;
        MarkerKind::Footnote {
            label: label.to_string(),
        }
    } else if let Some(kind) = numbered(inner) {
        kind
    } else if is_bare_at(inner) {
        // `[@]`: the Pandoc fix's marker before its key is typed, a
        // citation of nothing (`Stub::EmptyKey`).
        MarkerKind::Pandoc {
            key: String::new(),
            locator: None,
        }
    } else {
        pandoc(inner)?
    };
    Some((close + 1 - i, kind))
}

/// Only the length of `marker_at`, for the figure lexer and the sentence
/// walk: the same checks, without building the marker's strings.
pub(crate) fn marker_len(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    let close = closing_bracket(bytes, i)?;
    let inner = &text[i + 1..close];
    let ok = match inner.strip_prefix('^') {
        Some(label) => footnote_label(label).is_some(),
        None => {
            numbered_digits(inner).is_some() || is_bare_at(inner) || pandoc_key(inner).is_some()
        }
    };
    ok.then_some(close + 1 - i)
}

/// `@` alone, perhaps with spaces: a Pandoc marker with no key.
fn is_bare_at(inner: &str) -> bool {
    inner.trim() == "@"
}

/// The `]` closing the bracket at `open`, on the same line, with no other
/// bracket between.
fn closing_bracket(bytes: &[u8], open: usize) -> Option<usize> {
    let limit = bytes.len().min(open + LONGEST);
    let mut k = open + 1;
    while k < limit {
        match bytes[k] {
            b']' => return (k > open + 1).then_some(k),
            b'[' | b'\n' | b'\r' => return None,
            _ => k += 1,
        }
    }
    None
}

/// A footnote label: no spaces, no brackets, no caret.
fn footnote_label(label: &str) -> Option<()> {
    let ok = !label.is_empty()
        && !label
            .bytes()
            .any(|b| b.is_ascii_whitespace() || b == b'^' || b == b'[' || b == b']');
    ok.then_some(())
}

/// `12`, `3, 4`, `5-7`, `5–7`: a numbered reference (its first number).
fn numbered(inner: &str) -> Option<MarkerKind> {
    let first_len = numbered_digits(inner)?;
    let number = inner[..first_len].parse().ok()?;
    Some(MarkerKind::Numbered { number })
}

/// The length of a numbered reference's first number, when `inner` is one.
fn numbered_digits(inner: &str) -> Option<usize> {
    let first_len = inner.bytes().take_while(u8::is_ascii_digit).count();
    if first_len == 0 || first_len > 6 {
        return None;
    }
    let rest_ok = inner[first_len..]
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ',' | ' ' | '-' | '–'));
    rest_ok.then_some(first_len)
}

/// Pandoc's bracketed citations: `@key`, `@key, p. 4`, `see @key, pp. 3-5;
/// @other`, `-@key`. The first citation's key and locator are kept.
fn pandoc(inner: &str) -> Option<MarkerKind> {
    let (at, key_len) = pandoc_key(inner)?;
    let rest = &inner[at + 1..];
    let key = rest[..key_len]
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_string();
    let after = &rest[key_len..];
    let this_citation = after.split(';').next().unwrap_or("");
    let locator = this_citation
        .trim_start()
        .strip_prefix(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string);
    Some(MarkerKind::Pandoc { key, locator })
}

/// Where the first citation's `@` is in `inner` and how long its key is
/// (braces included), when `inner` is a Pandoc citation.
fn pandoc_key(inner: &str) -> Option<(usize, usize)> {
    let bytes = inner.as_bytes();
    let at = (0..bytes.len()).find(|&k| {
        bytes[k] == b'@' && (k == 0 || matches!(bytes[k - 1], b' ' | b';' | b'-' | b'\t'))
    })?;
    let rest = &inner[at + 1..];
    let key_len = if let Some(braced) = rest.strip_prefix('{') {
        braced.find('}')? + 2
    } else {
        key_length(rest)
    };
    (key_len > 0).then_some((at, key_len))
}

/// A citation key: starts with a letter, digit or `_`, then alphanumerics,
/// `_` and internal punctuation (`:.#$%&-+?<>~/`), never ending in one.
fn key_length(s: &str) -> usize {
    let mut end = 0;
    for (k, c) in s.char_indices() {
        let first_ok = c.is_alphanumeric() || c == '_';
        if k == 0 {
            if !first_ok {
                return 0;
            }
            end = c.len_utf8();
            continue;
        }
        if first_ok {
            end = k + c.len_utf8();
        } else if !":.#$%&-+?<>~/".contains(c) {
            break;
        }
    }
    end
}

/// A footnote definition at byte `i`, the start of a line after at most
/// three spaces: `[^label]: text`. Returns the label and where its text
/// starts.
pub(crate) fn definition_at(text: &str, i: usize) -> Option<(String, usize)> {
    let bytes = text.as_bytes();
    let indent = bytes[i..]
        .iter()
        .take(4)
        .take_while(|&&b| b == b' ')
        .count();
    if indent > 3 {
        return None;
    }
    let open = i + indent;
    if bytes.get(open + 1) != Some(&b'^') {
        return None;
    }
    let close = closing_bracket(bytes, open)?;
    if bytes.get(close + 1) != Some(&b':') {
        return None;
    }
    let label = &text[open + 2..close];
    footnote_label(label)?;
    let mut body = close + 2;
    while bytes.get(body).is_some_and(|&b| b == b' ' || b == b'\t') {
        body += 1;
    }
    Some((label.to_string(), body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same_length(text: &str) {
        for i in 0..text.len() {
            if text.is_char_boundary(i) {
                assert_eq!(
                    marker_len(text, i),
                    marker_at(text, i).map(|(len, _)| len),
                    "{text:?} at {i}"
                );
            }
        }
    }

    #[test]
    fn the_length_alone_agrees_with_the_marker() {
        for text in [
            "[@key] [@key, p. 4] [see @a; @b] [-@x] [@{braced key}] [@{open] [@] [x@y]",
            "[^note] [^] [^a b] [^^] [12] [3, 4] [5-7] [5–7] [1234567] [12a] [] [[1]]",
            "[00:01:02] [@é] [@_k:v.] [ @k] [\t@k]",
        ] {
            same_length(text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        #[test]
        fn the_length_alone_agrees_on_any_bracket(
            inner in "[@^0-9a-z{}:;, \\-–\\[\\]\t.é]{0,14}",
        ) {
            same_length(&format!("[{inner}] and [{inner}"));
        }
    }
}
