//! A JSON tree that remembers where every value is in the file.
//!
//! `serde_json` checks the file and locates its errors, but says nothing
//! about where a value sits. To change one note without rewriting the rest
//! (so that fields this program does not know, and the file's own layout,
//! survive byte for byte) the sidecar needs the byte span of every object,
//! member and string. `parse` is a small recursive-descent scanner for that;
//! it runs only on text `serde_json` has accepted, and still returns `None`
//! rather than panicking if handed anything else.

use crate::text::Span;

/// One JSON value and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Object(Vec<Member>),
    Array(Vec<Node>),
    String(String),
    /// A number, as written.
    Number(String),
    Bool(bool),
    Null,
}

/// `"key": value` inside an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: String,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    /// The value of `key` (the last one if the key is repeated, as
    /// `serde_json` reads it).
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.members()?
            .iter()
            .rev()
            .find(|m| m.key == key)
            .map(|m| &m.value)
    }

    pub fn members(&self) -> Option<&[Member]> {
        match &self.kind {
            Kind::Object(members) => Some(members),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Node]> {
        match &self.kind {
            Kind::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match &self.kind {
            Kind::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// The value itself if it is not an array, else its items: JSON-LD
    /// lets most properties hold one value or several.
    pub fn one_or_many(&self) -> &[Node] {
        match &self.kind {
            Kind::Array(items) => items,
            _ => std::slice::from_ref(self),
        }
    }

    /// Whether `type` (or `@type`) is `name`, or lists it.
    pub fn has_type(&self, name: &str) -> bool {
        let ty = self.get("type").or_else(|| self.get("@type"));
        ty.is_some_and(|t| {
            t.one_or_many()
                .iter()
                .filter_map(Node::as_str)
                .any(|s| s == name || s.strip_prefix("oa:") == Some(name))
        })
    }
}

/// The tree of `text` from byte `start` on (after a byte-order mark, say);
/// `None` unless it is exactly one well-formed JSON value and whitespace.
pub fn parse(text: &str, start: usize) -> Option<Node> {
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: start,
    };
    scanner.skip_ws();
    let node = scanner.value(0)?;
    scanner.skip_ws();
    (scanner.pos == text.len()).then_some(node)
}

/// Deeper than this is not a sidecar (and `serde_json` refuses it too).
const MAX_DEPTH: usize = 128;

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.bytes.get(self.pos) == Some(&byte)).then(|| self.pos += 1)
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.pos;
        let kind = match *self.bytes.get(self.pos)? {
            b'{' => self.object(depth)?,
            b'[' => self.array(depth)?,
            b'"' => Kind::String(self.string()?),
            b't' => self.word("true", Kind::Bool(true))?,
            b'f' => self.word("false", Kind::Bool(false))?,
            b'n' => self.word("null", Kind::Null)?,
            b'-' | b'0'..=b'9' => {
                while let Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') =
                    self.bytes.get(self.pos)
                {
                    self.pos += 1;
                }
                Kind::Number(self.text[start..self.pos].to_string())
            }
            _ => return None,
        };
        Some(Node {
            span: start..self.pos,
            kind,
        })
    }

    fn word(&mut self, word: &str, kind: Kind) -> Option<Kind> {
        self.text[self.pos..].starts_with(word).then(|| {
            self.pos += word.len();
            kind
        })
    }

    fn object(&mut self, depth: usize) -> Option<Kind> {
        self.eat(b'{')?;
        let mut members = Vec::new();
        self.skip_ws();
        if self.eat(b'}').is_some() {
            return Some(Kind::Object(members));
        }
        loop {
            self.skip_ws();
            let key_start = self.pos;
            let key = self.string()?;
            let key_span = key_start..self.pos;
            self.skip_ws();
            self.eat(b':')?;
            self.skip_ws();
            let value = self.value(depth + 1)?;
            members.push(Member {
                key,
                key_span,
                value,
            });
            self.skip_ws();
            if self.eat(b',').is_some() {
                continue;
            }
            self.eat(b'}')?;
            return Some(Kind::Object(members));
        }
    }

    fn array(&mut self, depth: usize) -> Option<Kind> {
        self.eat(b'[')?;
        let mut items = Vec::new();
        self.skip_ws();
        if self.eat(b']').is_some() {
            return Some(Kind::Array(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            if self.eat(b',').is_some() {
                continue;
            }
            self.eat(b']')?;
            return Some(Kind::Array(items));
        }
    }

    /// A string literal, decoded; escapes are left to `serde_json`.
    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        self.eat(b'"')?;
        let mut escaped = false;
        loop {
            match *self.bytes.get(self.pos)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.pos += 2;
                }
                _ => self.pos += 1,
            }
        }
        self.pos += 1;
        let raw = self.text.get(start..self.pos)?;
        if escaped {
            serde_json::from_str(raw).ok()
        } else {
            Some(raw[1..raw.len() - 1].to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_of_members_and_items() {
        let text = "{ \"a\" : [1, \"x\\\"y\", {\"b\": null}], \"é\": true }";
        let root = parse(text, 0).unwrap();
        assert_eq!(root.span, 0..text.len());
        let a = root.get("a").unwrap();
        assert_eq!(&text[a.span.clone()], "[1, \"x\\\"y\", {\"b\": null}]");
        let items = a.items().unwrap();
        assert_eq!(items[0].kind, Kind::Number("1".into()));
        assert_eq!(items[1].as_str(), Some("x\"y"));
        assert_eq!(&text[items[2].span.clone()], "{\"b\": null}");
        let members = root.members().unwrap();
        assert_eq!(&text[members[1].key_span.clone()], "\"é\"");
        assert_eq!(root.get("é").unwrap().kind, Kind::Bool(true));
    }

    #[test]
    fn refuses_what_is_not_json() {
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\" 1}",
            "[1] x",
            "\"open",
            "{\"a\":1,}",
        ] {
            assert_eq!(parse(bad, 0), None, "{bad:?}");
        }
    }

    #[test]
    fn repeated_keys_read_as_the_last() {
        let root = parse("{\"a\": 1, \"a\": 2}", 0).unwrap();
        assert_eq!(root.get("a").unwrap().as_u64(), Some(2));
    }

    #[test]
    fn types_with_or_without_prefix() {
        let root = parse("{\"@type\": [\"oa:Annotation\", \"x\"]}", 0).unwrap();
        assert!(root.has_type("Annotation"));
        assert!(!root.has_type("TextualBody"));
    }
}
