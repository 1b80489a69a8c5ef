//! YAML text to a JSON tree, so that a description written in YAML and one written in
//! JSON are read by the same code. Built on saphyr-parser's events (YAML 1.2, pure Rust),
//! without recursion: plain scalars are typed by the YAML 1.2 core schema, mapping keys
//! keep their text as written (`200:` is the key `"200"`), `<<` merge keys are honoured,
//! and aliases are expanded up to a budget of bytes copied ([`MAX_COPIED`]: each node and
//! each scalar's text counted, and the copy kept of every anchored node), so neither a
//! "billion laughs" of tiny nodes nor a megabyte scalar aliased thousands of times can
//! take more than a few tens of MB: they are errors, not an exhausted machine. Syntax
//! errors carry the line and column.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde_json::{Map, Number, Value};

/// Nodes a document may grow to once its aliases are expanded.
const MAX_NODES: usize = 5_000_000;

/// Bytes that anchors and aliases may copy, all told: a node counts [`NODE_BYTES`] and a
/// scalar its text too. A description that shares a few responses or schemas by alias
/// copies well under a megabyte.
const MAX_COPIED: usize = 24 * 1024 * 1024;

/// What one node costs in the tree, about: a `Value` and its place in an array or map.
const NODE_BYTES: usize = 64;

/// How deep collections may nest (a tree is dropped recursively).
const MAX_DEPTH: usize = 200;

/// A YAML document that could not be read; `line` and `column` are 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The text is YAML, but past one of resp's limits (aliases, nodes, depth).
    pub limit: bool,
}

/// How big a node is once built: its nodes, and about the bytes they take.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    nodes: usize,
    bytes: usize,
}

impl Size {
    fn add(&mut self, other: Size) {
        self.nodes += other.nodes;
        self.bytes += other.bytes;
    }
}

/// A collection being built, with its anchor and the size it holds so far.
enum Frame {
    Seq {
        items: Vec<Value>,
        anchor: usize,
        size: Size,
    },
    Map {
        map: Map<String, Value>,
        key: Option<String>,
        anchor: usize,
        size: Size,
        line: usize,
        column: usize,
    },
}

/// Parses the first document of `text` into a JSON tree.
pub fn parse(text: &str) -> Result<Value, YamlError> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Value, Size)> = HashMap::new();
    let mut total = 0usize;
    // Bytes copied by anchors (the copy kept) and aliases (the copy made).
    let mut copied = 0usize;
    let mut done: Option<Value> = None;
    let one = Size {
        nodes: 1,
        bytes: NODE_BYTES,
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| YamlError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_string(),
            limit: false,
        })?;
        let (line, column) = (span.start.line(), span.start.col() + 1);
        let fail = |message: String| YamlError {
            line,
            column,
            message,
            limit: false,
        };
        let over = |message: String| YamlError {
            limit: true,
            ..fail(message)
        };
        let copies_too_much = || {
            over(format!(
                "its anchors and aliases copy more than {} MiB",
                MAX_COPIED >> 20
            ))
        };
        let (value, size, anchor) = match event {
            Event::DocumentEnd if done.is_some() => break,
            Event::Scalar(text, style, anchor, tag) => {
                let core_str = tag.as_ref().is_some_and(|t| {
                    (t.is_yaml_core_schema() && t.suffix == "str") || t.suffix.ends_with(":str")
                });
                // A key keeps its text: `200:` and `"200":` are the same key.
                let is_key = matches!(stack.last(), Some(Frame::Map { key: None, .. }));
                let size = Size {
                    nodes: 1,
                    bytes: NODE_BYTES + text.len(),
                };
                let value = if style == ScalarStyle::Plain && !core_str && !is_key {
                    plain(&text)
                } else {
                    Value::String(text.into_owned())
                };
                (value, size, anchor)
            }
            Event::Alias(id) => {
                let (value, size) = anchors
                    .get(&id)
                    .ok_or_else(|| fail("an alias to an anchor not defined before it".into()))?;
                // Counted before the copy is made.
                copied = copied.saturating_add(size.bytes);
                if copied > MAX_COPIED {
                    return Err(copies_too_much());
                }
                (value.clone(), *size, 0)
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(over(format!("nested more than {MAX_DEPTH} levels deep")));
                }
                stack.push(match event {
                    Event::SequenceStart(..) => Frame::Seq {
                        items: Vec::new(),
                        anchor,
                        size: one,
                    },
                    _ => Frame::Map {
                        map: Map::new(),
                        key: None,
                        anchor,
                        size: one,
                        line,
                        column,
                    },
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq {
                    items,
                    anchor,
                    size,
                }) => (Value::Array(items), size, anchor),
                Some(Frame::Map {
                    map, anchor, size, ..
                }) => (Value::Object(map), size, anchor),
                None => continue,
            },
            _ => continue,
        };
        total += size.nodes;
        if total > MAX_NODES {
            return Err(over(format!(
                "more than {MAX_NODES} nodes once its aliases are expanded"
            )));
        }
        if anchor > 0 {
            copied = copied.saturating_add(size.bytes);
            if copied > MAX_COPIED {
                return Err(copies_too_much());
            }
            anchors.insert(anchor, (value.clone(), size));
        }
        match stack.last_mut() {
            None => {
                if done.is_none() {
                    done = Some(value);
                }
            }
            Some(Frame::Seq { items, size: s, .. }) => {
                items.push(value);
                s.add(size);
            }
            Some(Frame::Map {
                map,
                key,
                size: s,
                line: map_line,
                column: map_column,
                ..
            }) => {
                s.add(size);
                match key.take() {
                    None => {
                        *key = Some(match value {
                            Value::String(s) => s,
                            Value::Null => String::new(),
                            Value::Bool(_) | Value::Number(_) => value.to_string(),
                            _ => {
                                return Err(YamlError {
                                    line,
                                    column,
                                    message: "a mapping key that is not a scalar".into(),
                                    limit: false,
                                });
                            }
                        });
                    }
                    Some(k) if k == "<<" => merge(map, value).map_err(|message| YamlError {
                        line: *map_line,
                        column: *map_column,
                        message,
                        limit: false,
                    })?,
                    Some(k) => {
                        map.insert(k, value);
                    }
                }
            }
        }
    }
    Ok(done.unwrap_or(Value::Null))
}

/// `<<: *base` (or a list of them): the entries not already set are added.
fn merge(map: &mut Map<String, Value>, value: Value) -> Result<(), String> {
    let sources = match value {
        Value::Object(o) => vec![o],
        Value::Array(items) => items
            .into_iter()
            .map(|i| match i {
                Value::Object(o) => Ok(o),
                _ => Err("a merge key (<<) with something other than mappings".to_string()),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("a merge key (<<) with something other than a mapping".into()),
    };
    for source in sources {
        for (k, v) in source {
            map.entry(k).or_insert(v);
        }
    }
    Ok(())
}

/// A plain scalar typed by the YAML 1.2 core schema: null, booleans, integers (decimal,
/// `0o`, `0x`) and floats; anything else (and `.inf`, `.nan`, which JSON lacks) is text.
fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let int = |digits: &str, radix| {
        (!digits.is_empty() && !digits.starts_with(['+', '-']))
            .then(|| i64::from_str_radix(digits, radix).ok())
            .flatten()
    };
    if let Some(n) = text.strip_prefix("0o").and_then(|d| int(d, 8)) {
        return Value::Number(n.into());
    }
    if let Some(n) = text.strip_prefix("0x").and_then(|d| int(d, 16)) {
        return Value::Number(n.into());
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = text.parse::<i64>() {
            return Value::Number(n.into());
        }
        if let Ok(n) = text.trim_start_matches('+').parse::<u64>() {
            return Value::Number(n.into());
        }
    }
    let float_like = unsigned
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && unsigned.bytes().any(|b| b.is_ascii_digit());
    if float_like
        && let Ok(f) = text.parse::<f64>()
        && let Some(n) = Number::from_f64(f)
    {
        return Value::Number(n);
    }
    Value::String(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_keys_and_collections() {
        let v = parse(
            "openapi: 3.0.1\npaths:\n  /a:\n    get:\n      responses:\n        200:\n          description: OK\n        '404': {description: gone}\nflags: [true, ~, 0x1F, 1.5, -3, '7', .inf, 2XX]\n",
        )
        .unwrap();
        assert_eq!(
            v,
            json!({
                "openapi": "3.0.1",
                "paths": {"/a": {"get": {"responses": {
                    "200": {"description": "OK"},
                    "404": {"description": "gone"}
                }}}},
                "flags": [true, null, 31, 1.5, -3, "7", ".inf", "2XX"]
            })
        );
    }

    #[test]
    fn block_scalars_anchors_and_merges() {
        let v = parse(
            "base: &b\n  type: object\n  required: [message]\nerr:\n  <<: *b\n  type: string\ntext: |\n  line one\n  line two\nalias: *b\n",
        )
        .unwrap();
        assert_eq!(v["err"], json!({"type": "string", "required": ["message"]}));
        assert_eq!(v["text"], "line one\nline two\n");
        assert_eq!(v["alias"], v["base"]);
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let err = parse("openapi: 3.0.0\npaths:\n  /a: [1, 2\n").unwrap_err();
        assert!(err.line >= 3, "{err:?}");
        let err = parse("a: b\n  c: d\n").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
        assert!(err.column > 0);
        let err = parse("a: *nothing\n").unwrap_err();
        assert!(err.message.contains("anchor") || err.line == 1, "{err:?}");
    }

    #[test]
    fn a_billion_laughs_is_refused() {
        let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            doc.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let err = parse(&doc).unwrap_err();
        assert!(err.message.contains("aliases"), "{err:?}");
    }

    #[test]
    fn a_large_scalar_aliased_many_times_is_refused() {
        let big = "a".repeat(100_000);
        let copies = "  - *big\n".repeat(400);
        let err = parse(&format!("big: &big {big}\ncopies:\n{copies}")).unwrap_err();
        assert!(err.message.contains("copy more than 24 MiB"), "{err:?}");
        assert!(err.limit);
        // A few copies are what anchors are for.
        let v = parse(&format!("big: &big {big}\ncopies: [*big, *big]\n")).unwrap();
        assert_eq!(v["copies"][1].as_str().map(str::len), Some(100_000));
    }

    #[test]
    fn nested_anchors_count_the_copies_they_keep() {
        // Each anchor keeps a copy of everything under it: 150 nested anchors over a
        // 300 KB scalar would keep 45 MB of copies.
        let mut doc = String::new();
        for i in 0..150 {
            doc.push_str(&format!("{}k{i}: &a{i}\n", "  ".repeat(i)));
        }
        doc.push_str(&format!(
            "{}leaf: {}\n",
            "  ".repeat(150),
            "b".repeat(300_000)
        ));
        let err = parse(&doc).unwrap_err();
        assert!(err.message.contains("copy more than"), "{err:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let doc = "[".repeat(100_000);
        assert!(parse(&doc).is_err());
    }
}
