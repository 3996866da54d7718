//! The table of speaker-label layouts, one small recogniser each.
//!
//! A recogniser looks at the start of one line and says whether a speaker
//! label stands there: where the label and the name are, the title and the
//! timestamp if any, where the speech starts, and how telling the label's
//! form is (its `base` trust, see `labels`). Supporting a new layout is one
//! function and one row in `LAYOUTS`.
//!
//! Every line of a transcript passes through here, so the work is arranged to
//! be cheap: one scan of the line's first words (`prefix`) rules out prose
//! (a sentence soon has a word in lower case) and finds the first mark (`:`,
//! `(`, `[`, or `.` or `,` ending a word); each recogniser then looks at that
//! mark and reads a bounded prefix of the line, and names are looked up in
//! `Names`, which works out each distinct name's shape once.

use std::ops::Range;

use super::lines::{is_space, trim_end, trim_start};
use super::names::{self, NameId, Names, Shape};
use super::timestamps;

/// A label found at the start of a line. Offsets are relative to the line.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct LabelMatch {
    /// The label itself: `MS. JEAN-PIERRE:`, `Q`, `CHAIR POWELL.`.
    pub label: Range<usize>,
    /// The speaker as written, without colon, period or title.
    pub name: Range<usize>,
    /// The name's index in `Names`.
    pub name_id: NameId,
    /// A title after a comma (`WHITE HOUSE PRESS SECRETARY`) or two dashes
    /// (`Dana Ruiz--Chief Financial Officer`).
    pub title: Option<Range<usize>>,
    /// An affiliation in brackets after the name (`(Riverside North, Lib.)`,
    /// `(R-TX)`), without the brackets.
    pub affiliation: Option<Range<usize>>,
    /// The block's start time in seconds.
    pub timestamp: Option<f64>,
    /// Where the speech starts on the line (the line's length if it starts on
    /// a later line): past the label, its timestamp and the space after them.
    pub speech_from: usize,
    /// How much the label's form alone tells: 3 for a timestamped label, 2 for
    /// a role word or an honorific, 1 for names in capitals, 0 for one word.
    pub base: i32,
    /// Whether the rest of the line is written in capitals, as a heading is
    /// (only worked out for weak labels, the only ones it can count against).
    pub capital_rest: bool,
}

/// What the first scan of a line found.
#[derive(Debug, Clone, Copy)]
pub(super) struct Prefix {
    /// Where the text starts, past the indentation.
    pub start: usize,
    /// Where the first mark is: `:`, `(`, `[`, or a `.` or `,` ending a word
    /// (the line's length if none).
    pub mark: usize,
}

/// A recogniser: the line, its prefix, and the names met so far.
type Recognise = for<'a> fn(&'a str, Prefix, &mut Names<'a>) -> Option<LabelMatch>;

/// One layout of speaker labels.
pub(super) struct Layout {
    /// The shape's name, as `outline --format json` reports it.
    pub shape: &'static str,
    /// What the layout looks like, for people reading the table.
    #[allow(dead_code)]
    pub example: &'static str,
    pub recognise: Recognise,
}

/// Every layout, tried in order on each line; the first match wins.
pub(super) const LAYOUTS: &[Layout] = &[
    Layout {
        shape: "clock-name-colon",
        example: "[00:01:23] Name: text",
        recognise: clock_then_name,
    },
    Layout {
        shape: "name-clock-colon",
        example: "Name (00:00): text",
        recognise: name_clock_colon,
    },
    Layout {
        shape: "name-clock-line",
        example: "Jane Doe  00:01:23 / Speaker 1  0:03 (text on the next lines)",
        recognise: name_then_clock,
    },
    Layout {
        shape: "clock-name",
        example: "00:01:23 Name: text / 00:01:23 Jane Doe (text below)",
        recognise: clock_then_bare_name,
    },
    Layout {
        shape: "name-colon",
        example: "Name: text, NAME, TITLE: text, Name: (01:27) text",
        recognise: name_colon,
    },
    Layout {
        shape: "bare-q",
        example: "Q\u{a0}\u{a0} text (a bare Q for a reporter)",
        recognise: bare_q,
    },
    Layout {
        shape: "q-a-period",
        example: "Q. text / A. text (depositions, courts)",
        recognise: q_or_a_period,
    },
    Layout {
        shape: "name-period",
        example: "CHAIR POWELL. text / Mr. SMITH. text (hearings, the Fed)",
        recognise: name_period,
    },
    Layout {
        shape: "bold-name",
        example: "**Name:** text / **Name**: text (Markdown)",
        recognise: bold_name,
    },
    Layout {
        shape: "name-line",
        example: "Dana Ruiz--Chief Financial Officer / Operator (alone on a line, the speech below)",
        recognise: name_line,
    },
];

/// Label shapes that the caption scanners and the change marks add to
/// `LAYOUTS`, numbered after it.
pub(super) const CUE_LABEL: usize = LAYOUTS.len();
pub(super) const VOICE: usize = CUE_LABEL + 1;
pub(super) const BRACKETED_NAME: usize = CUE_LABEL + 2;
pub(super) const DIALOGUE_DASH: usize = CUE_LABEL + 3;
pub(super) const CHANGE_MARK: usize = CUE_LABEL + 4;
/// No label at all: the whole text read as one unnamed speaker's.
pub(super) const UNLABELLED: usize = CUE_LABEL + 5;

/// The name of each label shape, `LAYOUTS` first.
pub(super) fn shape_name(layout: usize) -> &'static str {
    match layout.checked_sub(LAYOUTS.len()) {
        None => LAYOUTS[layout].shape,
        Some(0) => "cue-name-colon",
        Some(1) => "voice-span",
        Some(2) => "bracketed-name",
        Some(3) => "dialogue-dash",
        Some(4) => "change-marker",
        _ => "none",
    }
}

/// The label shape named `name` (as `shape_name` gives it), if any; `none`
/// is no shape to look for.
pub(super) fn shape_of(name: &str) -> Option<usize> {
    (0..UNLABELLED).find(|&i| shape_name(i) == name)
}

/// The first layout that recognises a label at the start of `line`, with its
/// index in `LAYOUTS`.
pub(super) fn recognise<'a>(line: &'a str, names: &mut Names<'a>) -> Option<(usize, LabelMatch)> {
    let prefix = prefix(line)?;
    LAYOUTS
        .iter()
        .enumerate()
        .find_map(|(i, layout)| (layout.recognise)(line, prefix, names).map(|m| (i, m)))
}

/// Most words before the mark that ends a label's name.
const MAX_WORDS_BEFORE_MARK: usize = 8;

/// Longest prefix of a line searched for a label's colon or period.
const LABEL_REACH: usize = 100;

/// The first scan of a line: `None` when no label can start it, because it
/// starts in lower case or with a digit, or a word in lower case (other than a
/// particle such as `von`) comes before any mark.
pub(super) fn prefix(line: &str) -> Option<Prefix> {
    let start = line.len() - trim_start(line).len();
    let s = &line.as_bytes()[start..];
    match s {
        [] => return None,
        // A bracket (a clock first), a bare `Q` or Markdown bold: the
        // recognisers decide.
        [b'[' | b'(', ..] | [b'Q'] | [b'*', b'*', ..] | [b'_', b'_', ..] => {
            return Some(Prefix { start, mark: start });
        }
        [b'Q', next, ..] if !next.is_ascii_alphanumeric() => {
            return Some(Prefix {
                start,
                mark: start + 1,
            });
        }
        // An app export's clock before the name (`00:01:23 Jane Doe`).
        [first, ..] if first.is_ascii_digit() && timestamps::clock(&line[start..]).is_some() => {
            return Some(Prefix { start, mark: start });
        }
        [first, ..] if first.is_ascii_lowercase() || first.is_ascii_digit() => return None,
        _ => {}
    }
    // Bytes, not characters: every mark looked for is ASCII.
    let mut words = 0;
    let mut i = 0;
    while i < s.len() && i < LABEL_REACH {
        let word_start = i;
        while i < s.len() && !matches!(s[i], b' ' | b'\t') {
            let ends_word = || {
                s.get(i + 1)
                    .is_none_or(|b| b.is_ascii_whitespace() || *b >= 0x80)
            };
            match s[i] {
                b':' | b'(' | b'[' => {
                    return Some(Prefix {
                        start,
                        mark: start + i,
                    });
                }
                // After `NAME,` comes a title, after `NAME.` the speech or the
                // rest of `MR. NAME:`: neither starts in lower case, while
                // `Overall, a…` and `In 2027, the…` do.
                b'.' | b',' if ends_word() => {
                    let next = s[i + 1..].iter().find(|b| !b.is_ascii_whitespace());
                    return match next {
                        Some(b) if b.is_ascii_lowercase() => None,
                        _ => Some(Prefix {
                            start,
                            mark: start + i,
                        }),
                    };
                }
                _ => i += 1,
            }
        }
        if s[word_start].is_ascii_lowercase() && !names::is_particle_bytes(&s[word_start..i]) {
            return None;
        }
        words += 1;
        if words >= MAX_WORDS_BEFORE_MARK {
            return None;
        }
        while i < s.len() && matches!(s[i], b' ' | b'\t') {
            i += 1;
        }
    }
    // A short line of capitalised words and no mark: a name alone on its
    // line, perhaps.
    (i >= s.len()).then_some(Prefix {
        start,
        mark: line.len(),
    })
}

/// `from` moved past whitespace in `line`.
fn skip_space(line: &str, from: usize) -> usize {
    from + (line[from..].len() - trim_start(&line[from..]).len())
}

/// Whether `line[at..]` starts with whitespace or is empty.
fn space_or_end(line: &str, at: usize) -> bool {
    line[at..].chars().next().is_none_or(is_space)
}

/// Whether the letters of `s` are all capitals (and there is at least one).
fn capitals_only(s: &str) -> bool {
    let mut letters = false;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        letters |= c.is_alphabetic();
    }
    letters
}

/// The label's trust from its name's shape.
fn base_of(shape: Shape) -> i32 {
    match shape {
        Shape::Role | Shape::Honorific { .. } => 2,
        Shape::Capitals | Shape::Capitalised => 1,
        Shape::Single => 0,
    }
}

/// A match for a label `label` naming `name`, with speech from `speech_from`.
fn label_match(label: Range<usize>, name: Range<usize>, name_id: NameId, base: i32) -> LabelMatch {
    LabelMatch {
        speech_from: label.end,
        label,
        name,
        name_id,
        title: None,
        affiliation: None,
        timestamp: None,
        base,
        capital_rest: false,
    }
}

/// `NAME[, TITLE]` then `:` at `line[from..]`, the colon at or after `mark`.
/// Returns the match with `speech_from` just past the colon.
fn colon_label_at<'a>(
    line: &'a str,
    from: usize,
    mark: usize,
    names: &mut Names<'a>,
) -> Option<LabelMatch> {
    let end = line.len().min(from + LABEL_REACH);
    let reach = line.as_bytes().get(mark..end)?;
    let colon = mark + reach.iter().position(|&b| b == b':')?;
    let after = colon + 1;
    // `Name:` ends a word: `12:30` and `http://` are no labels.
    if !space_or_end(line, after) {
        return None;
    }
    let head = &line[from..colon];
    let (name, title) = match comma_outside_brackets(head) {
        Some(comma) => {
            let title = &head[comma + 1..];
            if !names::is_title(title) {
                return None;
            }
            let t_start = from + comma + 1 + (title.len() - trim_start(title).len());
            let t_end = from + comma + 1 + trim_end(title).len();
            (&head[..comma], Some(t_start..t_end))
        }
        None => (head, None),
    };
    let full = trim_end(name);
    let name = without_aside(full);
    let (name_id, shape) = names.shaped(name);
    let mut m = label_match(
        from..after,
        from..from + name.len(),
        name_id,
        base_of(shape?),
    );
    if title.is_some() {
        m.base += 1;
        m.title = title;
    }
    m.affiliation = affiliation(full, name.len()).map(|r| from + r.start..from + r.end);
    Some(m)
}

/// The first comma of `head` outside brackets: `Ms. Ada Brook (Riverside
/// North, Lib.), Minister` has one, after the bracket.
fn comma_outside_brackets(head: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, b) in head.bytes().enumerate() {
        match b {
            b'(' | b'[' => depth += 1,
            b')' | b']' => depth -= 1,
            b',' if depth <= 0 => return Some(i),
            _ => {}
        }
    }
    None
}

/// The affiliation in the aside after a name, as a range of `full` (the
/// name and its aside): a constituency and party, a state, an outlet. An
/// aside in lower case says how the speaker speaks (`through interpreter`),
/// not who they are.
fn affiliation(full: &str, name_len: usize) -> Option<Range<usize>> {
    let rest = &full[name_len..];
    let open = name_len + rest.find('(')?;
    let close = full
        .len()
        .checked_sub(1)
        .filter(|&c| full.as_bytes()[c] == b')')?;
    let inner = &full[open + 1..close];
    inner
        .starts_with(|c: char| c.is_uppercase())
        .then_some(open + 1..close)
}

/// Longest aside in brackets after a name, in bytes.
const MAX_ASIDE: usize = 40;

/// `name` without a short aside in brackets at its end: a party and state
/// (`SEN. ANA ROE (R-TX)`) or a manner of speaking (`MR. LI (through
/// interpreter)`).
fn without_aside(name: &str) -> &str {
    if !name.ends_with(')') {
        return name;
    }
    match name.rfind('(') {
        Some(open) if open > 0 && name.len() - open <= MAX_ASIDE => trim_end(&name[..open]),
        _ => name,
    }
}

/// Finishes a match: a clock right after the label (`Name: (01:27) text`),
/// then the space before the speech; notes a heading-like rest of line.
fn finish(line: &str, mut m: LabelMatch) -> LabelMatch {
    let mut at = skip_space(line, m.speech_from);
    if m.timestamp.is_none()
        && matches!(line.as_bytes().get(at), Some(b'(' | b'['))
        && let Some((seconds, len)) = timestamps::bracketed(&line[at..])
    {
        m.timestamp = Some(seconds);
        m.base = m.base.max(3);
        at = skip_space(line, at + len);
    }
    m.speech_from = at;
    m.capital_rest = m.base < 2 && capitals_only(&line[at..]);
    m
}

/// `[00:01:23] Name: text` or `(00:01:23) Name: text`.
fn clock_then_name<'a>(line: &'a str, p: Prefix, names: &mut Names<'a>) -> Option<LabelMatch> {
    if !matches!(line.as_bytes()[p.start], b'[' | b'(') {
        return None;
    }
    let (seconds, len) = timestamps::bracketed(&line[p.start..])?;
    let from = skip_space(line, p.start + len);
    let mut m = colon_label_at(line, from, from, names)?;
    m.timestamp = Some(seconds);
    m.base = 3;
    Some(finish(line, m))
}

/// `Jane Doe  00:01:23` or `Speaker 1  0:03` alone on a line, as
/// transcription apps export a paragraph's speaker and time; the speech
/// starts on the next line.
fn name_then_clock<'a>(line: &'a str, p: Prefix, names: &mut Names<'a>) -> Option<LabelMatch> {
    let head = trim_end(line);
    if !head.as_bytes().last()?.is_ascii_digit() || head.len() - p.start > LABEL_REACH {
        return None;
    }
    let gap = head.rfind([' ', '\t']).filter(|&gap| gap >= p.start)?;
    let (seconds, len) = timestamps::clock(&head[gap + 1..])?;
    if gap + 1 + len != head.len() {
        return None;
    }
    let name = trim_end(&head[p.start..gap]);
    let (name_id, shape) = names.shaped(name);
    shape?;
    let mut m = label_match(
        p.start..head.len(),
        p.start..p.start + name.len(),
        name_id,
        3,
    );
    m.timestamp = Some(seconds);
    m.speech_from = line.len();
    Some(m)
}

/// `00:01:23 Name: text`, or `00:01:23 Jane Doe` alone on a line with the
/// speech below: a clock, unbracketed, before the name.
fn clock_then_bare_name<'a>(line: &'a str, p: Prefix, names: &mut Names<'a>) -> Option<LabelMatch> {
    if !line.as_bytes()[p.start].is_ascii_digit() {
        return None;
    }
    let (seconds, len) = timestamps::clock(&line[p.start..])?;
    let after = p.start + len;
    if !line[after..].starts_with([' ', '\t']) {
        return None;
    }
    let from = skip_space(line, after);
    let mut m = match colon_label_at(line, from, from, names) {
        Some(m) => finish(line, m),
        None => {
            let name = trim_end(&line[from..]);
            if name.is_empty() || name.len() > LABEL_REACH {
                return None;
            }
            let (name_id, shape) = names.shaped(name);
            shape?;
            let mut m = label_match(from..from + name.len(), from..from + name.len(), name_id, 3);
            m.speech_from = line.len();
            m
        }
    };
    m.label.start = p.start;
    m.timestamp = Some(seconds);
    m.base = 3;
    Some(m)
}

/// `Name (00:00):` (text after it or on a later line).
fn name_clock_colon<'a>(line: &'a str, p: Prefix, names: &mut Names<'a>) -> Option<LabelMatch> {
    let bytes = line.as_bytes();
    let open = p.mark;
    if open == p.start || !matches!(bytes.get(open), Some(b'(' | b'[')) {
        return None;
    }
    // The colon stands right after the bracket: look for that before reading
    // the clock, which `Name: (00:00)` has too.
    let close = if bytes[open] == b'(' { b')' } else { b']' };
    let shut = open + bytes[open..].iter().take(16).position(|&b| b == close)?;
    if bytes.get(shut + 1) != Some(&b':') || !space_or_end(line, shut + 2) {
        return None;
    }
    let (seconds, len) = timestamps::bracketed(&line[open..])?;
    if open + len != shut + 1 {
        return None;
    }
    let name = trim_end(&line[p.start..open]);
    let (name_id, shape) = names.shaped(name);
    shape?;
    let mut m = label_match(p.start..shut + 2, p.start..p.start + name.len(), name_id, 3);
    m.timestamp = Some(seconds);
    Some(finish(line, m))
}

/// `Name: text`, `NAME, TITLE: text`, `Name: (01:27) text`, `Name:` alone.
fn name_colon<'a>(line: &'a str, p: Prefix, names: &mut Names<'a>) -> Option<LabelMatch> {
    let m = colon_label_at(line, p.start, p.mark.min(line.len()), names)?;
    Some(finish(line, m))
}

/// `Name:` at the start of a line, for the caption scanner. Most cue lines
/// hold no colon within a label's reach: those are passed over on a search
/// for one, before any word is read.
pub(super) fn colon_label<'a>(line: &'a str, names: &mut Names<'a>) -> Option<LabelMatch> {
    let indent = line.len() - trim_start(line).len();
    let reach = &line.as_bytes()[..line.len().min(indent + LABEL_REACH)];
    memchr::memchr(b':', reach)?;
    name_colon(line, prefix(line)?, names)
}

/// A bare `Q` for a reporter: alone on its line, or followed by a tab, NBSPs
/// or several spaces (`Q   Thanks.`). After one plain space it is weaker
/// evidence, since prose may start `Q and A`.
fn bare_q<'a>(line: &'a str, p: Prefix, names: &mut Names<'a>) -> Option<LabelMatch> {
    let start = p.start;
    if line.as_bytes()[start] != b'Q' {
        return None;
    }
    let after = start + 1;
    let gap = &line[after..];
    let spaces = gap.len() - trim_start(gap).len();
    if spaces == 0 && !gap.is_empty() {
        return None;
    }
    let base = if spaces == gap.len() || !gap.starts_with(' ') || gap.starts_with("  ") {
        2
    } else {
        1
    };
    // `Q and A sessions…`: after one space, a lower-case word is prose.
    if base == 1 && gap[spaces..].starts_with(char::is_lowercase) {
        return None;
    }
    let name_id = names.intern(&line[start..after]);
    Some(finish(
        line,
        label_match(start..after, start..after, name_id, base),
    ))
}

/// `Q.` or `A.` and the text after it, as depositions and courts write them.
fn q_or_a_period<'a>(line: &'a str, p: Prefix, names: &mut Names<'a>) -> Option<LabelMatch> {
    let start = p.start;
    if !matches!(&line.as_bytes()[start..], [b'Q' | b'A', b'.', ..])
        || !space_or_end(line, start + 2)
    {
        return None;
    }
    let name_id = names.intern(&line[start..start + 1]);
    Some(finish(
        line,
        label_match(start..start + 2, start..start + 1, name_id, 1),
    ))
}

/// A name in Markdown bold, with the colon inside or outside the bold:
/// `**Name:** text`, `**Name**: text`, `__Name:__ text`.
fn bold_name<'a>(line: &'a str, p: Prefix, names: &mut Names<'a>) -> Option<LabelMatch> {
    let marker: &[u8] = match &line.as_bytes()[p.start..] {
        [b'*', b'*', ..] => b"**",
        [b'_', b'_', ..] => b"__",
        _ => return None,
    };
    let inner = p.start + 2;
    let reach = &line.as_bytes()[inner..line.len().min(inner + LABEL_REACH)];
    let close = inner + reach.windows(2).position(|w| w == marker)?;
    let (name_end, label_end) = if line.as_bytes()[close - 1] == b':' {
        (close - 1, close + 2)
    } else if line.as_bytes().get(close + 2) == Some(&b':') {
        (close, close + 3)
    } else {
        return None;
    };
    if !space_or_end(line, label_end) {
        return None;
    }
    let name = trim_end(trim_start(&line[inner..name_end]));
    let name_start =
        inner + (line[inner..name_end].len() - trim_start(&line[inner..name_end]).len());
    let (name_id, shape) = names.shaped(name);
    // Bold at the start of a line, then a colon, is set apart as a label.
    let base = base_of(shape?) + 1;
    let m = label_match(
        p.start..label_end,
        name_start..name_start + name.len(),
        name_id,
        base,
    );
    Some(finish(line, m))
}

/// What separates a name on a line of its own from its title:
/// `Dana Ruiz--Chief Financial Officer`, `Dana Ruiz -- CFO`, `Dana Ruiz — CFO`.
const TITLE_DASHES: [&str; 3] = ["--", "—", " – "];

/// A name alone on its line, with its title after two dashes if any
/// (`Dana Ruiz--Chief Financial Officer`, `Sam Lee--Coastline
/// Securities--Analyst`, `Operator`), as earnings calls and some
/// transcription services write a speaker above their speech. The speech
/// starts on the next line.
///
/// A heading is written the same way, so the form alone is weak: a bare
/// name earns a point less than the same name before a colon, and is taken
/// only when the document labels that speaker again, or many speakers so.
fn name_line<'a>(line: &'a str, p: Prefix, names: &mut Names<'a>) -> Option<LabelMatch> {
    let head = trim_end(line);
    // No mark but the period of an honorific or an initial (`Ms. Ode`,
    // `Dana J. Ruiz`), and no sentence's end.
    let marked = p.mark < line.len() && line.as_bytes()[p.mark] != b'.';
    if marked
        || head.len() - p.start > LABEL_REACH
        || head.ends_with(['.', ',', ';', ':', '?', '!'])
        || head[p.start..].contains([':', '(', '['])
    {
        return None;
    }
    let body = &head[p.start..];
    let dash = TITLE_DASHES
        .iter()
        .filter_map(|d| body.find(d).map(|at| (at, d.len())))
        .min();
    let (name, title) = match dash {
        Some((at, len)) => {
            let title = trim_start(&body[at + len..]);
            if title.is_empty() || !names::is_title(&title.replace("--", " ")) {
                return None;
            }
            let t_start = head.len() - title.len();
            (trim_end(&body[..at]), Some(t_start..head.len()))
        }
        None => (body, None),
    };
    let (name_id, shape) = names.shaped(name);
    let base = base_of(shape?) - 1 + i32::from(title.is_some());
    let mut m = label_match(
        p.start..head.len(),
        p.start..p.start + name.len(),
        name_id,
        base,
    );
    m.title = title;
    m.speech_from = line.len();
    Some(m)
}

/// A name ending in a period: `CHAIR POWELL. text`, `Mr. SMITH. text`,
/// `Chairman Lee. text`. Only names in capitals or led by an honorific count:
/// a sentence such as `Closer ties with neighbours. We…` is no label.
fn name_period<'a>(line: &'a str, p: Prefix, names: &mut Names<'a>) -> Option<LabelMatch> {
    let start = p.start;
    if line.as_bytes().get(p.mark) != Some(&b'.') {
        return None;
    }
    let rest = &line[start..];
    let reach = &rest.as_bytes()[..rest.len().min(LABEL_REACH)];
    // Walk the words; the label ends at the first one with a final period that
    // is neither an honorific (`Mr.`) nor an initial (`W.`).
    let mut pos = 0;
    let mut word_index = 0;
    let end = loop {
        let word_len = reach[pos..]
            .iter()
            .position(|&b| b == b' ' || b == b'\t')
            .unwrap_or(reach.len() - pos);
        // A word cut by the reach is too long for a label (and the cut may
        // split a character).
        if word_len == 0 || pos + word_len >= LABEL_REACH {
            return None;
        }
        let word = &rest[pos..pos + word_len];
        if let Some(core) = word.strip_suffix('.') {
            let initial = word_index > 0 && core.chars().count() == 1;
            let honorific = word_index == 0 && names::is_honorific(core);
            if !initial && !honorific {
                break pos + core.len();
            }
        }
        word_index += 1;
        pos += word_len;
        pos += reach[pos..]
            .iter()
            .position(|&b| b != b' ' && b != b'\t')
            .unwrap_or(0);
        if pos >= reach.len() {
            return None;
        }
    };
    let after = start + end + 1;
    if !space_or_end(line, after) {
        return None;
    }
    let name = &rest[..end];
    let (name_id, shape) = names.shaped(name);
    let base = match shape? {
        Shape::Honorific { capital_name: true } => 2,
        Shape::Role if capitals_only(name) => 2,
        Shape::Capitals => 1,
        Shape::Honorific {
            capital_name: false,
        } => 0,
        _ => return None,
    };
    Some(finish(
        line,
        label_match(start..after, start..start + end, name_id, base),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders what the layouts see at the start of `line`.
    fn show(line: &str) -> String {
        match recognise(line, &mut Names::default()) {
            None => "-".to_string(),
            Some((layout, m)) => {
                let mut out = format!(
                    "{}: label {:?} name {:?}",
                    shape_name(layout),
                    &line[m.label.clone()],
                    &line[m.name.clone()]
                );
                if let Some(t) = &m.title {
                    out += &format!(" title {:?}", &line[t.clone()]);
                }
                if let Some(a) = &m.affiliation {
                    out += &format!(" of {:?}", &line[a.clone()]);
                }
                if let Some(ts) = m.timestamp {
                    out += &format!(" at {ts}s");
                }
                out += &format!(" base {} speech {:?}", m.base, &line[m.speech_from..]);
                if m.capital_rest {
                    out += " (capitals)";
                }
                out
            }
        }
    }

    fn check(lines: &str, expect: expect_test::Expect) {
        let out: Vec<String> = lines
            .lines()
            .map(|l| format!("{l:?} => {}", show(l)))
            .collect();
        expect.assert_eq(&out.join("\n"));
    }

    #[test]
    fn each_layout_recognises_its_labels() {
        check(
            "[00:01:23] Dana Ortiz: Welcome back.
Lin Hua (02:05): 
Question: What changed this year?
\tLin Hua: A great deal.
OLGA BRANDT, DEPUTY TRADE REPRESENTATIVE: Thank you all.
BRANDT: Next.
MR. OKAFOR:\u{a0} Good morning.
Speaker 2: (01:27) How many?
Tom Reyes: (00:00)
Q\u{a0}\u{a0}\u{a0} Thanks for doing this.
Q
Q. Where were you that night?
A. At home.
CHAIR LINDQVIST. Good afternoon.
Mr. HALVORSEN. Thank you, Madam Chair.
Chairman Abara. The committee will come to order.
SEN. ANA ROE (R-TX), CHAIR OF THE PANEL: Welcome.
MR. LI (through interpreter): Thank you.
Ms. Ada Brook (Riverside North, Lib.): Will the minister answer?
**Interviewer:** So what happened next?
__Dana Ortiz__: It rained.
Dana Ruiz--Chief Financial Officer
Sam Lee -- Coastline Securities -- Analyst
Operator
Dana Ruiz",
            expect_test::expect![[r#"
                "[00:01:23] Dana Ortiz: Welcome back." => clock-name-colon: label "Dana Ortiz:" name "Dana Ortiz" at 83s base 3 speech "Welcome back."
                "Lin Hua (02:05): " => name-clock-colon: label "Lin Hua (02:05):" name "Lin Hua" at 125s base 3 speech ""
                "Question: What changed this year?" => name-colon: label "Question:" name "Question" base 2 speech "What changed this year?"
                "\tLin Hua: A great deal." => name-colon: label "Lin Hua:" name "Lin Hua" base 1 speech "A great deal."
                "OLGA BRANDT, DEPUTY TRADE REPRESENTATIVE: Thank you all." => name-colon: label "OLGA BRANDT, DEPUTY TRADE REPRESENTATIVE:" name "OLGA BRANDT" title "DEPUTY TRADE REPRESENTATIVE" base 2 speech "Thank you all."
                "BRANDT: Next." => name-colon: label "BRANDT:" name "BRANDT" base 0 speech "Next."
                "MR. OKAFOR:\u{a0} Good morning." => name-colon: label "MR. OKAFOR:" name "MR. OKAFOR" base 2 speech "Good morning."
                "Speaker 2: (01:27) How many?" => name-colon: label "Speaker 2:" name "Speaker 2" at 87s base 3 speech "How many?"
                "Tom Reyes: (00:00)" => name-colon: label "Tom Reyes:" name "Tom Reyes" at 0s base 3 speech ""
                "Q\u{a0}\u{a0}\u{a0} Thanks for doing this." => bare-q: label "Q" name "Q" base 2 speech "Thanks for doing this."
                "Q" => bare-q: label "Q" name "Q" base 2 speech ""
                "Q. Where were you that night?" => q-a-period: label "Q." name "Q" base 1 speech "Where were you that night?"
                "A. At home." => q-a-period: label "A." name "A" base 1 speech "At home."
                "CHAIR LINDQVIST. Good afternoon." => name-period: label "CHAIR LINDQVIST." name "CHAIR LINDQVIST" base 2 speech "Good afternoon."
                "Mr. HALVORSEN. Thank you, Madam Chair." => name-period: label "Mr. HALVORSEN." name "Mr. HALVORSEN" base 2 speech "Thank you, Madam Chair."
                "Chairman Abara. The committee will come to order." => name-period: label "Chairman Abara." name "Chairman Abara" base 0 speech "The committee will come to order."
                "SEN. ANA ROE (R-TX), CHAIR OF THE PANEL: Welcome." => name-colon: label "SEN. ANA ROE (R-TX), CHAIR OF THE PANEL:" name "SEN. ANA ROE" title "CHAIR OF THE PANEL" of "R-TX" base 3 speech "Welcome."
                "MR. LI (through interpreter): Thank you." => name-colon: label "MR. LI (through interpreter):" name "MR. LI" base 2 speech "Thank you."
                "Ms. Ada Brook (Riverside North, Lib.): Will the minister answer?" => name-colon: label "Ms. Ada Brook (Riverside North, Lib.):" name "Ms. Ada Brook" of "Riverside North, Lib." base 2 speech "Will the minister answer?"
                "**Interviewer:** So what happened next?" => bold-name: label "**Interviewer:**" name "Interviewer" base 3 speech "So what happened next?"
                "__Dana Ortiz__: It rained." => bold-name: label "__Dana Ortiz__:" name "Dana Ortiz" base 2 speech "It rained."
                "Dana Ruiz--Chief Financial Officer" => name-line: label "Dana Ruiz--Chief Financial Officer" name "Dana Ruiz" title "Chief Financial Officer" base 1 speech ""
                "Sam Lee -- Coastline Securities -- Analyst" => name-line: label "Sam Lee -- Coastline Securities -- Analyst" name "Sam Lee" title "Coastline Securities -- Analyst" base 1 speech ""
                "Operator" => name-line: label "Operator" name "Operator" base 1 speech ""
                "Dana Ruiz" => name-line: label "Dana Ruiz" name "Dana Ruiz" base 0 speech """#]],
        );
    }

    #[test]
    fn prose_lines_are_no_labels() {
        check(
            "The theme is: \"build together\".
Here is what we can do: three things.
At core, the point is to say: Are we ready?
Closer ties with our neighbours. We met often.
3:49 P.M. EDT
Note: figures are provisional.
Q and A sessions ran long.
Quarterly results: mixed.
U.S. TRADE. The figures
http://example.com/a:b
The meeting ended at 12:30 sharp.
Page 4 of 28March 3, 2031 Committee Briefing FINAL",
            expect_test::expect![[r#"
                "The theme is: \"build together\"." => -
                "Here is what we can do: three things." => -
                "At core, the point is to say: Are we ready?" => -
                "Closer ties with our neighbours. We met often." => -
                "3:49 P.M. EDT" => -
                "Note: figures are provisional." => -
                "Q and A sessions ran long." => -
                "Quarterly results: mixed." => -
                "U.S. TRADE. The figures" => -
                "http://example.com/a:b" => -
                "The meeting ended at 12:30 sharp." => -
                "Page 4 of 28March 3, 2031 Committee Briefing FINAL" => -"#]],
        );
    }

    #[test]
    fn headings_in_capitals_are_marked() {
        check(
            "PRESS BRIEFING: DAY TWO",
            expect_test::expect![[
                r#""PRESS BRIEFING: DAY TWO" => name-colon: label "PRESS BRIEFING:" name "PRESS BRIEFING" base 1 speech "DAY TWO" (capitals)"#
            ]],
        );
    }
}
