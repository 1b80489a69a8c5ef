//! JSON status tables: an array of `{code, text, description, hint}` or an object keyed
//! by code. Errors name the line of the item at fault, read from the text, since the parsed
//! tree keeps neither lines nor duplicate keys.

use serde_json::Value;

use super::markdown::plain;
use super::table::{Entry, TableError, fail, status_code};

pub(super) fn parse_json(text: &str) -> Result<Vec<Entry>, TableError> {
    let value: Value = serde_json::from_str(text).map_err(|e| TableError {
        line: Some(e.line()),
        message: format!("not valid JSON: {e}"),
    })?;
    let starts = item_starts(text);
    // Items in file order with their line; an object's keys are read from the text, since
    // the parsed map neither keeps their order nor their duplicates.
    let items: Vec<(Option<String>, &Value, Option<usize>)> = match &value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(n, v)| (None, v, starts.get(n).map(|s| s.0)))
            .collect(),
        Value::Object(map) => starts
            .iter()
            .filter_map(|&(line, offset)| {
                let key = serde_json::Deserializer::from_str(&text[offset..])
                    .into_iter::<String>()
                    .next()?
                    .ok()?;
                let v = map.get(&key)?;
                Some((Some(key), v, Some(line)))
            })
            .collect(),
        _ => {
            return fail(
                Some(1),
                "a JSON table is an array of {code, text, description} or an object keyed by code",
            );
        }
    };
    if items.is_empty() {
        return fail(None, "the status table has no rows");
    }
    let mut out: Vec<(Entry, Option<usize>)> = Vec::new();
    for (key, item, line) in items {
        let field = |names: &[&str]| -> String {
            names
                .iter()
                .find_map(|k| item.get(k))
                .map(|v| match v {
                    Value::String(s) => plain(s),
                    // `"hints": ["…", "…"]`: one text.
                    Value::Array(items) => items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(plain)
                        .collect::<Vec<_>>()
                        .join(" "),
                    other => other.to_string(),
                })
                .unwrap_or_default()
        };
        let code_text = match key {
            Some(k) => k.trim().to_string(),
            None => match item.get("code").or_else(|| item.get("status")) {
                Some(Value::String(s)) => s.trim().to_string(),
                Some(other) => other.to_string(),
                None => return fail(line, "an entry has no \"code\""),
            },
        };
        let code = status_code(&code_text).ok_or_else(|| TableError {
            line,
            message: format!("code {code_text:?} is not a number from 100 to 999"),
        })?;
        let (text, description, hint) = match item {
            Value::String(s) => (plain(s), String::new(), String::new()),
            Value::Object(_) => (
                field(&["text", "name", "reason", "title"]),
                field(&["description", "meaning", "details"]),
                field(&["hint", "hints"]),
            ),
            _ => {
                return fail(
                    line,
                    format!("the entry for {code} is not an object or a string"),
                );
            }
        };
        if let Some((_, first)) = out.iter().find(|(e, _)| e.code == code) {
            let first = first.map_or(String::new(), |l| format!(" (first on line {l})"));
            return fail(line, format!("code {code} appears twice{first}"));
        }
        out.push((
            Entry {
                code,
                text,
                description,
                hint,
            },
            line,
        ));
    }
    Ok(out.into_iter().map(|(e, _)| e).collect())
}

/// Where each item of the top-level array or object starts: 1-based line, byte offset.
fn item_starts(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let (mut depth, mut line) = (0usize, 1usize);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    for (offset, b) in text.bytes().enumerate() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if expecting && depth == 1 && !b.is_ascii_whitespace() && b != b']' && b != b'}' {
            lines.push((line, offset));
            expecting = false;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                expecting = depth == 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    lines
}
