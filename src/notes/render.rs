//! Notes as Markdown and messages, for hovers and diagnostics.
//!
//! The server shows a note when the cursor is on its span, says when a note
//! drifted or was orphaned, and shows on the sidecar what a note is anchored
//! to. The words are decided here, once, so the editor and the command line
//! say the same thing.

use super::{Anchor, Body, Note, number_change};
use crate::text::Span;

/// A note as Markdown: its text, sources, tags, author and date, and a
/// warning when its text changed (`text` is the transcript, to say how).
pub fn hover_markdown(note: &Note, anchor: &Anchor, text: &str) -> String {
    let mut out = Vec::new();
    match anchor {
        Anchor::Drifted(span) => match number_change(quote_of(note), now_at(text, span)) {
            Some(change) => out.push(format!(
                "⚠ *The figure changed since this note was written:* the quote said **{}**; \
                 the transcript now says **{}**",
                escape(&change.was),
                escape(&change.now)
            )),
            None => out.push(format!(
                "⚠ *The text changed since this note was written. It was on:* “{}”",
                one_line(quote_of(note))
            )),
        },
        Anchor::Orphaned => out.push(format!(
            "⚠ *This note's text is no longer in the transcript. It was on:* “{}”",
            one_line(quote_of(note))
        )),
        Anchor::Anchored(_) => {}
    }
    for body in &note.bodies {
        if let Body::Text { value, .. } = body {
            out.push(value.trim().to_string());
        }
    }
    let sources: Vec<String> = note
        .bodies
        .iter()
        .filter_map(|b| match b {
            Body::Link(url) => Some(format!("<{url}>")),
            Body::Citation(key) => Some(format!("`{key}`")),
            _ => None,
        })
        .collect();
    if !sources.is_empty() {
        out.push(format!("**Source:** {}", sources.join(", ")));
    }
    let tags: Vec<String> = note.tags().map(|t| format!("`{t}`")).collect();
    if !tags.is_empty() {
        out.push(format!("**Tags:** {}", tags.join(" ")));
    }
    let mut byline = Vec::new();
    if let Some(who) = &note.creator {
        byline.push(escape(who));
    }
    if let Some(when) = note.modified.as_ref().or(note.created.as_ref()) {
        byline.push(when.chars().take(10).collect());
    }
    if !byline.is_empty() {
        out.push(format!("*— {}*", byline.join(", ")));
    }
    out.join("\n\n")
}

/// The message of a `note-drifted` diagnostic, given the words `now` where
/// the note seems to be: when only its numbers changed, which into which.
pub fn drifted_message(note: &Note, now: &str) -> String {
    match number_change(quote_of(note), now) {
        Some(change) => format!("the figure under {} changed: {change}", which_note(note)),
        None => format!(
            "the text under {} changed; it was on “{}”",
            which_note(note),
            one_line(quote_of(note))
        ),
    }
}

/// The message of a `note-orphaned` diagnostic, naming the note, the file
/// it is kept in (`sidecar`, when the message is read elsewhere) and its quote.
pub fn orphaned_message(note: &Note, sidecar: Option<&str>) -> String {
    let from = sidecar.map(|s| format!(" in {s}")).unwrap_or_default();
    format!(
        "{}{from} is no longer found in the transcript; it was on “{}”",
        which_note(note),
        one_line(quote_of(note))
    )
}

/// `note ID`, or `a note without an id`.
fn which_note(note: &Note) -> String {
    if note.id.is_empty() {
        "a note without an id".to_string()
    } else {
        format!("note {}", note.id)
    }
}

/// The words of `text` at `span`, or none if the span does not fit it.
fn now_at<'t>(text: &'t str, span: &Span) -> &'t str {
    text.get(span.clone()).unwrap_or("")
}

/// `span` of `text` with up to `context` characters either side, as a
/// Markdown quote with the span in bold: what a note is anchored to.
pub fn excerpt(text: &str, span: &Span, context: usize) -> String {
    let mut before: Vec<char> = text[..span.start].chars().rev().take(context).collect();
    before.reverse();
    let before: String = before.into_iter().collect();
    let after: String = text[span.end..].chars().take(context).collect();
    let ellipsis = |cut: bool| if cut { "…" } else { "" };
    format!(
        "> {}{}**{}**{}{}",
        ellipsis(before.len() < span.start),
        escape(&squash(&before)),
        escape(&squash(&text[span.clone()])),
        escape(&squash(&after)),
        ellipsis(span.end + after.len() < text.len()),
    )
}

fn quote_of(note: &Note) -> &str {
    note.target.quote.as_ref().map_or("", |q| q.exact.as_str())
}

/// Folds line breaks and runs of spaces into single spaces.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Turns each run of whitespace (line breaks included) into one space.
fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Escapes the characters Markdown would take as markup.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::notes::{NoteKind, Stamp, target_for};

    fn note(kind: NoteKind) -> Note {
        let text = "A: The rate rose to twelve percent\r\nlast year.";
        let start = text.find("twelve").unwrap();
        Note::new(
            "urn:uuid:1",
            kind,
            target_for(text, start..text.len() - 1),
            &Stamp {
                now: "2026-03-04T05:06:07Z".into(),
                creator: Some("Ada *L*".into()),
            },
        )
    }

    #[test]
    fn hover_of_a_source_note() {
        let n = note(NoteKind::Source {
            reference: "https://example.org/cpi".into(),
            comment: Some("Table 3, *annual*.".into()),
        });
        expect![[r#"
            Table 3, *annual*.

            **Source:** <https://example.org/cpi>

            *— Ada \*L\*, 2026-03-04*"#]]
        .assert_eq(&hover_markdown(&n, &Anchor::Anchored(0..1), ""));
    }

    #[test]
    fn hover_of_a_drifted_tag() {
        let n = note(NoteKind::Tag("economy".into()));
        expect![[r#"
            ⚠ *The text changed since this note was written. It was on:* “twelve percent last year”

            **Tags:** `economy`

            *— Ada \*L\*, 2026-03-04*"#]]
        .assert_eq(&hover_markdown(&n, &Anchor::Drifted(0..1), "A: It rose"));
        expect!["note urn:uuid:1 in t.txt.notes.json is no longer found in the transcript; it was on “twelve percent last year”"]
            .assert_eq(&orphaned_message(&n, Some("t.txt.notes.json")));
    }

    #[test]
    fn a_changed_figure_is_said_in_the_hover_and_the_message() {
        let n = note(NoteKind::Comment("Checked with the bureau.".into()));
        let now = "A: The rate rose to fifteen percent\r\nlast year.";
        let start = now.find("fifteen").unwrap();
        let drifted = Anchor::Drifted(start..now.len() - 1);
        expect![[r#"
            ⚠ *The figure changed since this note was written:* the quote said **twelve percent**; the transcript now says **fifteen percent**

            Checked with the bureau.

            *— Ada \*L\*, 2026-03-04*"#]]
        .assert_eq(&hover_markdown(&n, &drifted, now));
        expect!["the figure under note urn:uuid:1 changed: the quote said twelve percent; the transcript now says fifteen percent"]
            .assert_eq(&drifted_message(&n, &now[start..now.len() - 1]));
        expect!["the text under note urn:uuid:1 changed; it was on “twelve percent last year”"]
            .assert_eq(&drifted_message(&n, "twelve per cent last year"));
    }

    #[test]
    fn excerpts_show_context() {
        let text = "Q: And?\nA: It was *12%* in May, then 14%.";
        let start = text.find("*12%*").unwrap();
        expect![[r#"> …nd? A: It was **\*12%\*** in May, then …"#]].assert_eq(&excerpt(
            text,
            &(start..start + 5),
            14,
        ));
        expect!["> **Q:** And?…"].assert_eq(&excerpt(text, &(0..2), 5));
    }
}
