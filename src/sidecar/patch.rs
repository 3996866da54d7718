//! Minimal text edits to a JSON file: replace a value, add a member or an
//! item, remove an item with its comma.
//!
//! Each edit touches only the bytes it must, and what it writes follows the
//! file's own style: its line ending, its indentation unit, and whether the
//! container it writes into is laid out one child per line or on one line.
//! Everything else in the file stays byte for byte as it was.

use serde::Serialize;

use super::json::{Kind, Node};
use crate::analysis::Edit;

/// How the file is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Style {
    pub newline: &'static str,
    /// One level of indentation.
    pub indent: String,
}

impl Style {
    /// The file's line ending and indentation unit; CRLF if any line ends so,
    /// the smallest indentation seen, two spaces if none.
    pub fn detect(text: &str) -> Style {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let mut indent: Option<&str> = None;
        for line in text.lines() {
            let ws = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
            if ws.is_empty() || ws.len() == line.len() {
                continue;
            }
            if ws.starts_with('\t') {
                indent = Some("\t");
                break;
            }
            if indent.is_none_or(|i| ws.len() < i.len()) {
                indent = Some(ws);
            }
        }
        Style {
            newline,
            indent: indent.unwrap_or("  ").to_string(),
        }
    }

    /// `value` as JSON, pretty-printed in this style, its lines after the
    /// first indented by `base`; on one line when `compact`.
    pub fn render(&self, value: &impl Serialize, base: &str, compact: bool) -> String {
        if compact {
            return serde_json::to_string(value).expect("notes serialise");
        }
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(self.indent.as_bytes());
        let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
        value.serialize(&mut ser).expect("notes serialise");
        let pretty = String::from_utf8(out).expect("serde_json writes UTF-8");
        pretty.replace('\n', &format!("{}{base}", self.newline))
    }
}

/// The whitespace that starts the line holding `offset`.
pub fn line_indent(text: &str, offset: usize) -> &str {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = &text[line_start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Whether a node starts its own line (only whitespace before it).
fn starts_line(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    text[line_start..offset]
        .trim_matches([' ', '\t'])
        .is_empty()
}

/// The start of each child of a container (members from their key).
fn child_starts(node: &Node) -> Vec<usize> {
    match &node.kind {
        Kind::Object(members) => members.iter().map(|m| m.key_span.start).collect(),
        Kind::Array(items) => items.iter().map(|i| i.span.start).collect(),
        _ => Vec::new(),
    }
}

fn child_ends(node: &Node) -> Vec<usize> {
    match &node.kind {
        Kind::Object(members) => members.iter().map(|m| m.value.span.end).collect(),
        Kind::Array(items) => items.iter().map(|i| i.span.end).collect(),
        _ => Vec::new(),
    }
}

/// Where a container's children go and how they are spaced.
pub struct Layout {
    /// The indentation of a child line; `None` when the children share the
    /// container's line.
    pub child_indent: Option<String>,
}

impl Layout {
    pub fn of(text: &str, style: &Style, container: &Node) -> Layout {
        let starts = child_starts(container);
        let child_indent = match starts.first() {
            Some(&first) if starts_line(text, first) => Some(line_indent(text, first).to_string()),
            Some(_) => None,
            // An empty container opens up one level deeper than its line.
            None => Some(format!(
                "{}{}",
                line_indent(text, container.span.start),
                style.indent
            )),
        };
        Layout { child_indent }
    }

    pub fn compact(&self) -> bool {
        self.child_indent.is_none()
    }
}

/// A child to add to a container.
pub enum Child<'a> {
    /// `"key": value`, for an object.
    Member(&'a str, &'a dyn ErasedSerialize),
    /// A value, for an array.
    Item(&'a dyn ErasedSerialize),
}

impl Child<'_> {
    fn render(&self, style: &Style, indent: &str, compact: bool) -> String {
        match self {
            Child::Member(key, value) => {
                let key = serde_json::to_string(key).expect("keys serialise");
                format!("{key}: {}", value.render(style, indent, compact))
            }
            Child::Item(value) => value.render(style, indent, compact),
        }
    }
}

/// Adds children at the end of an object or array, one edit.
pub fn append(text: &str, style: &Style, container: &Node, children: &[Child]) -> Edit {
    let layout = Layout::of(text, style, container);
    let indent = layout.child_indent.clone().unwrap_or_default();
    let rendered: Vec<String> = children
        .iter()
        .map(|child| child.render(style, &indent, layout.compact()))
        .collect();
    let separator = match &layout.child_indent {
        Some(indent) => format!(",{}{indent}", style.newline),
        None => ", ".to_string(),
    };
    match child_ends(container).last() {
        Some(&last) => Edit {
            span: last..last,
            text: format!("{separator}{}", rendered.join(&separator)),
        },
        None => {
            // `{}` or `[ ]`: open it up, one child per line.
            let inner = container.span.start + 1..container.span.end - 1;
            let close_indent = line_indent(text, container.span.start);
            Edit {
                span: inner,
                text: format!(
                    "{nl}{indent}{}{nl}{close_indent}",
                    rendered.join(&separator),
                    nl = style.newline
                ),
            }
        }
    }
}

/// Appends `"key": value` members to an object.
pub fn append_members(
    text: &str,
    style: &Style,
    object: &Node,
    members: &[(&str, &dyn ErasedSerialize)],
) -> Edit {
    let children: Vec<Child> = members.iter().map(|&(k, v)| Child::Member(k, v)).collect();
    append(text, style, object, &children)
}

/// Appends items to an array.
pub fn append_items(
    text: &str,
    style: &Style,
    array: &Node,
    items: &[&dyn ErasedSerialize],
) -> Edit {
    let children: Vec<Child> = items.iter().map(|&v| Child::Item(v)).collect();
    append(text, style, array, &children)
}

/// Sets members of an object: existing ones get their value replaced, the
/// others are appended together in one edit (after any edit inside the
/// object's last value, if the caller lists that first).
pub fn set_members(
    text: &str,
    style: &Style,
    object: &Node,
    members: &[(&str, &dyn ErasedSerialize)],
) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut missing = Vec::new();
    for &(key, value) in members {
        match object.get(key) {
            Some(node) => edits.push(replace(text, style, node, value)),
            None => missing.push((key, value)),
        }
    }
    if !missing.is_empty() {
        edits.push(append_members(text, style, object, &missing));
    }
    edits
}

/// Replaces a value, rendering the new one in the style of its line.
pub fn replace(text: &str, style: &Style, node: &Node, value: &dyn ErasedSerialize) -> Edit {
    // A container the file wrote on one line stays on one line.
    let one_line = matches!(node.kind, Kind::Object(_) | Kind::Array(_))
        && !child_starts(node).is_empty()
        && !text[node.span.clone()].contains(['\n', '\r']);
    Edit {
        span: node.span.clone(),
        text: value.render(style, line_indent(text, node.span.start), one_line),
    }
}

/// Wraps a value into a list with new items after it (`x` → `[x, y]`),
/// leaving the old value's text as it was.
pub fn wrap_in_list(
    text: &str,
    style: &Style,
    node: &Node,
    extra: &[&dyn ErasedSerialize],
) -> Vec<Edit> {
    let indent = line_indent(text, node.span.start);
    let one_line = !text[node.span.clone()].contains(['\n', '\r']);
    let mut tail = String::new();
    for item in extra {
        tail.push_str(", ");
        tail.push_str(&item.render(style, indent, one_line));
    }
    tail.push(']');
    vec![
        Edit {
            span: node.span.start..node.span.start,
            text: "[".to_string(),
        },
        Edit {
            span: node.span.end..node.span.end,
            text: tail,
        },
    ]
}

/// Removes item `index` of an array with its comma and the space before
/// the next item; an array's only item leaves `[]`.
pub fn remove_item(array: &Node, index: usize) -> Option<Edit> {
    let items = array.items()?;
    let item = items.get(index)?;
    let span = if items.len() == 1 {
        array.span.start + 1..array.span.end - 1
    } else if index + 1 < items.len() {
        item.span.start..items[index + 1].span.start
    } else {
        items[index - 1].span.end..item.span.end
    };
    Some(Edit {
        span,
        text: String::new(),
    })
}

/// A serialisable value behind a trait object, so one list can mix types.
pub trait ErasedSerialize {
    fn render(&self, style: &Style, base: &str, compact: bool) -> String;
}

impl<T: Serialize> ErasedSerialize for T {
    fn render(&self, style: &Style, base: &str, compact: bool) -> String {
        style.render(self, base, compact)
    }
}

/// Applies non-overlapping edits to `text` (in any order).
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    // Stable: inserts at the same offset keep their order.
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.text.len()).sum::<usize>());
    let mut at = 0;
    for e in sorted {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sidecar::json;
    use serde_json::json;

    fn check(before: &str, edit: impl Fn(&str, &Style, &Node) -> Vec<Edit>, after: &str) {
        let root = json::parse(before, 0).unwrap();
        let style = Style::detect(before);
        let result = apply(before, &edit(before, &style, &root));
        assert_eq!(result, after);
        serde_json::from_str::<serde_json::Value>(&result).expect("still JSON");
    }

    #[test]
    fn detects_style() {
        assert_eq!(
            Style::detect("{\r\n    \"a\": {\r\n        \"b\": 1\r\n    }\r\n}"),
            Style {
                newline: "\r\n",
                indent: "    ".into()
            }
        );
        assert_eq!(Style::detect("{\n\t\"a\": 1\n}").indent, "\t");
        assert_eq!(Style::detect("{}").indent, "  ");
    }

    #[test]
    fn appends_in_the_container_style() {
        let add = |t: &str, s: &Style, n: &Node| {
            vec![append_items(
                t,
                s,
                n.get("a").unwrap(),
                &[&json!({"k": [1]})],
            )]
        };
        check(
            "{\n   \"a\": [\n      1\n   ]\n}",
            add,
            "{\n   \"a\": [\n      1,\n      {\n         \"k\": [\n            1\n         ]\n      }\n   ]\n}",
        );
        check("{\"a\": [1, 2]}", add, "{\"a\": [1, 2, {\"k\":[1]}]}");
        check(
            "{\n  \"a\": []\n}",
            add,
            "{\n  \"a\": [\n    {\n      \"k\": [\n        1\n      ]\n    }\n  ]\n}",
        );
    }

    #[test]
    fn appends_members_with_crlf() {
        check(
            "{\r\n  \"a\": 1\r\n}",
            |t, s, n| vec![append_members(t, s, n, &[("b", &"x"), ("c", &2)])],
            "{\r\n  \"a\": 1,\r\n  \"b\": \"x\",\r\n  \"c\": 2\r\n}",
        );
    }

    #[test]
    fn removes_items_with_their_comma() {
        let remove =
            |i: usize| move |_: &str, _: &Style, n: &Node| vec![remove_item(n, i).unwrap()];
        let text = "[\n  1,\n  2 ,\n  3\n]";
        check(text, remove(0), "[\n  2 ,\n  3\n]");
        check(text, remove(1), "[\n  1,\n  3\n]");
        check(text, remove(2), "[\n  1,\n  2\n]");
        check("[ 1 ]", remove(0), "[]");
    }

    #[test]
    fn replaces_and_wraps_values() {
        check(
            "{\n  \"a\": \"old\", \"b\": {\"c\": 1}\n}",
            |t, s, n| {
                let mut edits = vec![replace(t, s, n.get("a").unwrap(), &"new")];
                edits.extend(wrap_in_list(t, s, n.get("b").unwrap(), &[&json!({"d": 2})]));
                edits
            },
            "{\n  \"a\": \"new\", \"b\": [{\"c\": 1}, {\"d\":2}]\n}",
        );
    }
}
