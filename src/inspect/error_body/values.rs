//! Readers every shape shares: a code, a message, a location from a JSON value.

use serde_json::Value;

/// A code: a non-empty string as is, a number as written.
pub(super) fn code_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => code_of_str(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(super) fn code_of_str(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// A message: a string as is, null as none, anything else as compact JSON.
pub(super) fn message_of(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        other => Some(text_or_json(other)),
    }
}

pub(super) fn text_or_json(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A location: a string, or a path array (`["body", "items", 0]`) joined with ".".
pub(super) fn location_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Array(parts) if !parts.is_empty() => {
            let parts: Vec<String> = parts.iter().map(text_or_json).collect();
            Some(parts.join("."))
        }
        _ => None,
    }
}
