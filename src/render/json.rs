//! Pretty JSON for people: two-space indent, keys and values coloured like jq when colour
//! is on. Strings are re-escaped by us, so no control character, DEL, C1 or bidi control
//! from a server reaches the terminal raw, even after JSON unescaping.

use std::fmt::Write as _;

use colored::Colorize;
use serde_json::Value;

/// Renders `value` as indented JSON text.
pub fn pretty(value: &Value, color: bool) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0, color);
    out
}

fn write_value(out: &mut String, value: &Value, depth: usize, color: bool) {
    match value {
        Value::Null => push(out, "null", color, |s| s.dimmed().to_string()),
        Value::Bool(b) => push(out, if *b { "true" } else { "false" }, color, |s| {
            s.yellow().to_string()
        }),
        Value::Number(n) => push(out, &n.to_string(), color, |s| s.cyan().to_string()),
        Value::String(s) => push(out, &quote(s), color, |s| s.green().to_string()),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, depth + 1);
                write_value(out, item, depth + 1, color);
            }
            out.push('\n');
            indent(out, depth);
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, depth + 1);
                push(out, &quote(key), color, |s| s.blue().bold().to_string());
                out.push_str(": ");
                write_value(out, item, depth + 1, color);
            }
            out.push('\n');
            indent(out, depth);
            out.push('}');
        }
    }
}

fn push(out: &mut String, text: &str, color: bool, paint: impl Fn(&str) -> String) {
    if color {
        out.push_str(&paint(text));
    } else {
        out.push_str(text);
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// A JSON string literal that is safe on a terminal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{061c}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_prints_like_jq() {
        let v: Value = serde_json::from_str(r#"{"code":"999","n":[1,true,null],"e":{}}"#).unwrap();
        assert_eq!(
            pretty(&v, false),
            "{\n  \"code\": \"999\",\n  \"n\": [\n    1,\n    true,\n    null\n  ],\n  \"e\": {}\n}"
        );
    }

    #[test]
    fn decoded_controls_stay_escaped() {
        let v: Value =
            serde_json::from_str(r#"{"m":"\u001b]0;pwned\u0007 \u202e x\u0085"}"#).unwrap();
        let text = pretty(&v, false);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(
            text.contains("\\u001b]0;pwned\\u0007 \\u202e x\\u0085"),
            "{text}"
        );
    }
}
