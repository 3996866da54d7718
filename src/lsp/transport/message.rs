//! Deciding what to do with one frame's body before the service sees it.
//!
//! The service decodes what it is given and ends the session at the first
//! body it cannot decode, so every body is checked here first: it must be
//! UTF-8 JSON (nested at most as deep as `serde_json` reads, 128 levels)
//! holding one JSON-RPC 2.0 message: a request (`method`, an `id` that is a
//! string, an integer or null, `params` an object or an array), a
//! notification (no `id`) or a response (an `id` and one of `result` or
//! `error`). A good message is passed on, re-encoded with only those
//! members, so the service never meets a shape it would choke on (such as
//! a repeated key). A bad one is answered as JSON-RPC says, `-32700 Parse
//! error` or `-32600 Invalid Request`, with the request's id when it could
//! be read and `null` otherwise; a bad notification has no one to answer
//! and is only logged. Batches are not part of LSP and are refused.
//!
//! A string escape naming half of a UTF-16 surrogate pair (`"\ud800"`) is
//! valid JSON grammar that `serde_json` refuses. Editors built on UTF-16
//! strings can send one when a user deletes half of an emoji, and dropping
//! that `didChange` would leave the server's copy of the document wrong
//! for good, so each lone half is read as U+FFFD instead: one UTF-16 unit
//! for one, so positions after it stay where the editor counts them.

use serde_json::{Map, Value, json};

/// What to do with a body.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Pass this message to the service (`repaired`: lone surrogates were
    /// replaced on the way; `exit`: it is the `exit` notification, after
    /// which the session ends).
    Forward {
        body: Vec<u8>,
        repaired: bool,
        exit: bool,
    },
    /// Answer the client with this error response; the service never sees it.
    Answer(Value),
    /// Nothing can be answered (a bad notification or response): log why.
    Drop(String),
}

pub const PARSE_ERROR: i64 = -32700;
pub const INVALID_REQUEST: i64 = -32600;

/// Checks one body.
pub fn check(body: &[u8]) -> Verdict {
    let Ok(text) = std::str::from_utf8(body) else {
        // The id is worth reading, even from a body that is not UTF-8.
        let lossy = String::from_utf8_lossy(body);
        let value = serde_json::from_str::<Value>(&lossy).ok();
        return refuse(
            value.as_ref(),
            PARSE_ERROR,
            "the message is not UTF-8".into(),
        );
    };
    let (value, repaired) = match serde_json::from_str::<Value>(text) {
        Ok(v) => (v, false),
        Err(e) => match replace_lone_surrogates(text)
            .and_then(|fixed| serde_json::from_str::<Value>(&fixed).ok())
        {
            Some(v) => (v, true),
            None => {
                return refuse(None, PARSE_ERROR, format!("the message is not JSON: {e}"));
            }
        },
    };
    match shape(value) {
        Ok(message) => Verdict::Forward {
            body: serde_json::to_vec(&message).unwrap_or_default(),
            repaired,
            exit: message.get("method").and_then(Value::as_str) == Some("exit"),
        },
        Err(Invalid { value, why }) => refuse(value.as_ref(), INVALID_REQUEST, why),
    }
}

/// A message that is JSON but not JSON-RPC.
struct Invalid {
    value: Option<Value>,
    why: String,
}

fn invalid(value: &Value, why: impl Into<String>) -> Invalid {
    Invalid {
        value: Some(value.clone()),
        why: why.into(),
    }
}

/// The error response to a bad message, or nothing for a notification.
fn refuse(value: Option<&Value>, code: i64, why: String) -> Verdict {
    let object = value.and_then(Value::as_object);
    let notification = object.is_some_and(|o| o.contains_key("method") && !o.contains_key("id"));
    if notification {
        return Verdict::Drop(format!("a notification was dropped: {why}"));
    }
    let answered = object.is_some_and(|o| o.contains_key("result") || o.contains_key("error"))
        && !object.is_some_and(|o| o.contains_key("method"));
    if answered {
        // A response of the client's: answering it would start a loop.
        return Verdict::Drop(format!("a response was dropped: {why}"));
    }
    let id = object
        .and_then(|o| o.get("id"))
        .filter(|id| valid_id(id))
        .cloned()
        .unwrap_or(Value::Null);
    Verdict::Answer(error_response(id, code, &why))
}

/// A JSON-RPC error response.
pub fn error_response(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// An id as the service reads them: a string, an integer that fits in 64
/// bits, or null.
fn valid_id(id: &Value) -> bool {
    match id {
        Value::Null | Value::String(_) => true,
        Value::Number(n) => n.is_i64(),
        _ => false,
    }
}

/// The message with only the members JSON-RPC defines, or why it is not one.
fn shape(value: Value) -> Result<Value, Invalid> {
    let object = match &value {
        Value::Object(o) => o,
        Value::Array(a) if a.is_empty() => return Err(invalid(&value, "an empty batch")),
        Value::Array(_) => return Err(invalid(&value, "batches are not supported by LSP")),
        _ => return Err(invalid(&value, "the message is not a JSON object")),
    };
    let version = object.get("jsonrpc").and_then(Value::as_str) == Some("2.0");
    let response = !object.contains_key("method")
        && (object.contains_key("result") || object.contains_key("error"));
    if !version && !response {
        return Err(invalid(&value, "\"jsonrpc\" must be \"2.0\""));
    }
    if let Some(id) = object.get("id")
        && !valid_id(id)
    {
        // Answered with a null id: this one cannot be echoed.
        return Err(invalid(
            &value,
            format!("the id {} is not a string, an integer or null", short(id)),
        ));
    }
    if let Some(method) = object.get("method") {
        if !method.is_string() {
            return Err(invalid(&value, "\"method\" must be a string"));
        }
        if let Some(p) = object.get("params")
            && !matches!(p, Value::Object(_) | Value::Array(_) | Value::Null)
        {
            return Err(invalid(&value, "\"params\" must be an object or an array"));
        }
        return Ok(kept(value, &["id", "method", "params"]));
    }
    let Some(id) = object.get("id") else {
        return Err(invalid(&value, "neither a request nor a response"));
    };
    match (object.get("result"), object.get("error")) {
        (Some(_), None) if version => Ok(kept(value, &["id", "result"])),
        (None, Some(error)) if version && valid_error(error) => Ok(kept(value, &["id", "error"])),
        // The server waits for this answer: give it an error it can read
        // rather than leave it waiting for good.
        (result, error) => {
            let why = match (result, error) {
                (None, None) => "a response without a result or an error",
                (Some(_), Some(_)) => "a response with both a result and an error",
                _ if !version => "\"jsonrpc\" must be \"2.0\"",
                _ => "a response whose error has no integer code and string message",
            };
            Ok(error_response(
                id.clone(),
                INVALID_REQUEST,
                &format!("the client's response could not be read: {why}"),
            ))
        }
    }
}

/// The message with `"jsonrpc": "2.0"` and only the members `keep` that it
/// has. The members are moved, not copied: `params` may hold a whole
/// transcript.
fn kept(value: Value, keep: &[&str]) -> Value {
    let mut out = Map::new();
    out.insert("jsonrpc".into(), "2.0".into());
    if let Value::Object(mut object) = value {
        for &name in keep {
            if let Some(member) = object.remove(name) {
                out.insert(name.into(), member);
            }
        }
    }
    Value::Object(out)
}

fn valid_error(error: &Value) -> bool {
    error.get("code").is_some_and(|c| c.is_i64())
        && error.get("message").is_some_and(Value::is_string)
}

/// A value for a log line, cut short.
fn short(value: &Value) -> String {
    let s = value.to_string();
    match s.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s,
    }
}

/// The text with every `\uXXXX` escape naming half of a surrogate pair
/// without its other half replaced by `\uFFFD`; `None` if there was none.
pub fn replace_lone_surrogates(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let unit_at = |i: usize| -> Option<u16> {
        if b.get(i) != Some(&b'\\') || b.get(i + 1) != Some(&b'u') {
            return None;
        }
        let hex = std::str::from_utf8(b.get(i + 2..i + 6)?).ok()?;
        u16::from_str_radix(hex, 16).ok()
    };
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            i += 1;
            continue;
        }
        let Some(unit) = unit_at(i) else {
            // Another escape (`\\`, `\"`, …): its second byte is not a
            // backslash that starts one.
            i += 2;
            continue;
        };
        let lone = match unit {
            0xD800..=0xDBFF if matches!(unit_at(i + 6), Some(0xDC00..=0xDFFF)) => {
                i += 12;
                continue;
            }
            0xD800..=0xDFFF => true,
            _ => false,
        };
        if lone {
            out.push_str(&text[copied..i]);
            out.push_str("\\uFFFD");
            copied = i + 6;
        }
        i += 6;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> Value {
        match check(body.as_bytes()) {
            Verdict::Answer(v) => v,
            other => panic!("{body}: {other:?}"),
        }
    }

    fn forwarded(body: &str) -> Value {
        match check(body.as_bytes()) {
            Verdict::Forward { body, .. } => serde_json::from_slice(&body).unwrap(),
            other => panic!("{body}: {other:?}"),
        }
    }

    #[test]
    fn what_is_not_json_is_a_parse_error_with_a_null_id() {
        for body in ["{bad}", "", "{\"jsonrpc\": \"2.0\", \"id\": 1"] {
            let a = answer(body);
            assert_eq!(a["error"]["code"], PARSE_ERROR, "{body}");
            assert_eq!(a["id"], Value::Null, "{body}");
        }
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(answer(&deep)["error"]["code"], PARSE_ERROR);
    }

    #[test]
    fn json_that_is_not_a_message_is_an_invalid_request() {
        for body in [
            "[]",
            "{}",
            "null",
            "3",
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}]",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"shutdown\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"shutdown\"}",
            "{\"jsonrpc\":\"2.0\",\"id\":18446744073709551615,\"method\":\"x\"}",
        ] {
            let a = answer(body);
            assert_eq!(a["error"]["code"], INVALID_REQUEST, "{body}");
            assert_eq!(a["id"], Value::Null, "{body}");
        }
    }

    #[test]
    fn a_readable_id_is_echoed() {
        let a = answer("{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"shutdown\"}");
        assert_eq!(
            (a["id"].clone(), a["error"]["code"].clone()),
            (json!(7), json!(INVALID_REQUEST))
        );
        let a = answer("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"hover\",\"params\":3}");
        assert_eq!(a["id"], "x");
        let bytes = b"{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"a\xff\"}";
        match check(bytes) {
            Verdict::Answer(a) => assert_eq!(
                (a["id"].clone(), a["error"]["code"].clone()),
                (json!(9), json!(PARSE_ERROR))
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_bad_notification_or_response_is_dropped_not_answered() {
        for body in [
            "{\"jsonrpc\":\"1.0\",\"method\":\"initialized\"}",
            "{\"jsonrpc\":\"2.0\",\"method\":3}",
            "{\"jsonrpc\":\"2.0\",\"id\":{},\"result\":null}",
        ] {
            assert!(matches!(check(body.as_bytes()), Verdict::Drop(_)), "{body}");
        }
    }

    #[test]
    fn good_messages_pass_with_only_their_members() {
        let m = forwarded(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\",\"params\":null,\"x\":1,\"x\":2}",
        );
        assert_eq!(
            m,
            json!({"jsonrpc":"2.0","id":1,"method":"shutdown","params":null})
        );
        let m = forwarded("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
        assert_eq!(m, json!({"jsonrpc":"2.0","method":"exit"}));
        let m = forwarded("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"result\":[1]}");
        assert_eq!(m, json!({"jsonrpc":"2.0","id":"a","result":[1]}));
    }

    #[test]
    fn a_broken_response_still_ends_the_wait_for_it() {
        let m = forwarded("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":1,\"error\":{}}");
        assert_eq!(m["id"], 4);
        assert_eq!(m["error"]["code"], INVALID_REQUEST);
        assert!(m.get("result").is_none());
        let m = forwarded("{\"jsonrpc\":\"1.0\",\"id\":3,\"result\":null}");
        assert_eq!(
            (m["id"].clone(), m["error"]["code"].clone()),
            (json!(3), json!(INVALID_REQUEST))
        );
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let body = r#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"text":"a\ud800b\udc00c\ud83d\ude00d\\ud800"}}"#;
        match check(body.as_bytes()) {
            Verdict::Forward { body, repaired, .. } => {
                assert!(repaired);
                let v: Value = serde_json::from_slice(&body).unwrap();
                assert_eq!(v["params"]["text"], "a\u{fffd}b\u{fffd}c😀d\\ud800");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(replace_lone_surrogates(r#""\\ud800""#), None);
        assert_eq!(
            replace_lone_surrogates(r#""\ud800\u0041""#).as_deref(),
            Some(r#""\uFFFD\u0041""#)
        );
        assert_eq!(replace_lone_surrogates(r#""\ud8"#), None);
    }
}
