//! What a body is: empty, JSON (searched for the error it carries), JSON lines (several
//! values in a row, counted, never built), JSON that does not parse, HTML, text or binary,
//! from its content type and its bytes. JSON is counted before it is built, so memory
//! stays in proportion to the body.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::html::html_title;
use super::{ApiError, error_of};

/// How many characters of a text body [`BodyKind::Text`] keeps.
pub const PREVIEW_CHARS: usize = 200;

/// JSON bodies with more values than this are not built into a tree (see
/// [`fits_in_a_tree`]); they are shown from their text ([`BodyKind::LargeJson`]).
pub const MAX_JSON_VALUES: usize = 1_000_000;

/// JSON bodies larger than this are checked but not built into a tree, whatever their
/// count of values: an error document is a few KB, and a tree costs up to a hundred
/// times its text, so a bigger body searched for an error would cost more memory than
/// resp allows itself (64 MiB). They are [`BodyKind::Json`] with no error.
pub const MAX_TREE_BYTES: usize = 1024 * 1024;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// What a body is.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    /// No bytes, or only whitespace.
    Empty,
    Json {
        value: Value,
        error: Option<ApiError>,
    },
    /// JSON with more values than [`MAX_JSON_VALUES`]: not built into a tree (so not
    /// searched for an error), shown re-indented from its text.
    LargeJson,
    /// A stream of JSON values, one after another (`application/x-ndjson`, JSON lines, or
    /// values simply written in a row as Docker's progress is): `values` of them, two or
    /// more. Not searched for an error; shown value by value from the text.
    JsonLines {
        values: usize,
    },
    /// The content type says JSON but the body does not parse; `line` and `column` are
    /// serde_json's (1-based, column in bytes, after a UTF-8 byte-order mark if any).
    InvalidJson {
        line: usize,
        column: usize,
        message: String,
    },
    /// `title`: the `<title>` text, entities decoded, whitespace collapsed; None if absent or blank.
    Html {
        title: Option<String>,
    },
    /// `preview`: the first [`PREVIEW_CHARS`] characters of the body with surrounding
    /// whitespace trimmed; `chars`: that trimmed body's length in characters, so the preview
    /// is the whole body exactly when `preview.chars().count() == chars`.
    Text {
        preview: String,
        chars: usize,
    },
    Binary,
}

/// What a body is, given its raw Content-Type header value, if any.
///
/// A body that opens with `{` or `[` and parses is JSON whatever a textual content type
/// says, since servers often label JSON errors `text/plain` or `text/html`. A JSON content
/// type whose body does not parse is [`BodyKind::InvalidJson`], unless the bytes are plainly
/// binary (a compressed body, say): then [`BodyKind::Binary`] is the truer answer. A body
/// cut inside its last UTF-8 character (a capped capture) is still text.
pub fn inspect_body(body: &[u8], content_type: Option<&str>) -> BodyKind {
    let media = Media::of(content_type);
    // serde_json rejects a byte-order mark, and it is not content.
    let body = body.strip_prefix(BOM).unwrap_or(body);
    let Some(first) = body.iter().find(|b| !b.is_ascii_whitespace()) else {
        return BodyKind::Empty;
    };
    if media == Media::Binary {
        return BodyKind::Binary;
    }
    let says_json = matches!(media, Media::Json | Media::Problem | Media::JsonLines);
    if says_json || matches!(first, b'{' | b'[') {
        // Both passes keep serde_json's recursion limit: deep nesting is an error, not a crash.
        match fits_in_a_tree(body) {
            Ok(true) if body.len() > MAX_TREE_BYTES => {
                return BodyKind::Json {
                    value: Value::Null,
                    error: None,
                };
            }
            Ok(true) => {
                if let Ok(value) = serde_json::from_slice::<Value>(body) {
                    let error = error_of(&value, media == Media::Problem);
                    return BodyKind::Json { value, error };
                }
            }
            // Too many values to build: shown from its text, never as a tree.
            Ok(false) => return BodyKind::LargeJson,
            Err(_) if binary_bytes(body) => {}
            // Not one value: perhaps several in a row. A type that says JSON lines is
            // held to that, and its damage is where the stream breaks.
            Err(e) => match json_stream(body) {
                Ok(values) if values > 1 => return BodyKind::JsonLines { values },
                Err(e) if media == Media::JsonLines => return invalid_json(&e),
                _ if says_json => return invalid_json(&e),
                _ => {}
            },
        }
    }
    if binary_bytes(body) {
        return BodyKind::Binary;
    }
    let Some(text) = utf8_text(body) else {
        return BodyKind::Binary;
    };
    if media == Media::Html || opens_like_html(text) {
        return BodyKind::Html {
            title: html_title(text.as_bytes()),
        };
    }
    let text = text.trim();
    let end = text
        .char_indices()
        .nth(PREVIEW_CHARS)
        .map_or(text.len(), |(i, _)| i);
    BodyKind::Text {
        preview: text[..end].to_string(),
        chars: text.chars().count(),
    }
}

/// Whether a JSON body has at most [`MAX_JSON_VALUES`] values (object keys count too), found
/// without building it; a parse error if it is not JSON. A tree costs up to ~150 bytes a
/// value, so a 64 MiB body of `[[[[1]]]]`s would take gigabytes.
fn fits_in_a_tree(body: &[u8]) -> Result<bool, serde_json::Error> {
    let mut count = Count { values: 0 };
    let mut de = serde_json::Deserializer::from_slice(body);
    let result = (&mut count).deserialize(&mut de).and_then(|()| de.end());
    if count.values > MAX_JSON_VALUES {
        return Ok(false);
    }
    result.map(|()| true)
}

/// How many JSON values `body` holds one after another (whitespace between them, or
/// none), read without building any: the stream's first error if one does not parse.
/// serde_json's recursion limit holds for each value.
fn json_stream(body: &[u8]) -> Result<usize, serde_json::Error> {
    let mut values = 0usize;
    for value in serde_json::Deserializer::from_slice(body).into_iter::<IgnoredAny>() {
        value?;
        values += 1;
    }
    Ok(values)
}

/// A JSON visitor that counts values and stops past [`MAX_JSON_VALUES`].
struct Count {
    values: usize,
}

impl Count {
    fn add<E: de::Error>(&mut self) -> Result<(), E> {
        self.values += 1;
        if self.values > MAX_JSON_VALUES {
            return Err(E::custom("too many values"));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for &mut Count {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for &mut Count {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.add()
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.add()
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.add()
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.add()
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.add()
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.add()
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.add()?;
        while seq.next_element_seed(&mut *self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.add()?;
        while map.next_key::<IgnoredAny>()?.is_some() {
            self.add()?;
            map.next_value_seed(&mut *self)?;
        }
        Ok(())
    }
}

fn invalid_json(e: &serde_json::Error) -> BodyKind {
    // Display appends " at line L column C"; the fields carry those already.
    let full = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let message = full.strip_suffix(&position).unwrap_or(&full).to_string();
    BodyKind::InvalidJson {
        line: e.line(),
        column: e.column(),
        message,
    }
}

/// What the Content-Type header tells us, before looking at the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Media {
    /// Absent, textual, or not one we know: the bytes decide.
    Other,
    Json,
    /// JSON lines: `application/x-ndjson`, `application/jsonl` and their kin.
    JsonLines,
    Problem,
    Html,
    Binary,
}

/// `application/*` subtypes that are never text.
const BINARY_APPLICATION: [&str; 20] = [
    "octet-stream",
    "gzip",
    "x-gzip",
    "zip",
    "x-zip-compressed",
    "zstd",
    "x-bzip2",
    "x-xz",
    "x-tar",
    "x-7z-compressed",
    "pdf",
    "wasm",
    "protobuf",
    "x-protobuf",
    "vnd.google.protobuf",
    "grpc",
    "msgpack",
    "x-msgpack",
    "cbor",
    "vnd.apache.avro",
];

impl Media {
    fn of(content_type: Option<&str>) -> Media {
        let Some(raw) = content_type else {
            return Media::Other;
        };
        let essence = raw
            .split_once(';')
            .map_or(raw, |(essence, _)| essence)
            .trim()
            .to_ascii_lowercase();
        let Some((top, sub)) = essence.split_once('/') else {
            return Media::Other;
        };
        let suffix = sub.rsplit_once('+').map(|(_, s)| s);
        match (top, sub, suffix) {
            ("application", "problem+json", _) => Media::Problem,
            ("application", "json", _) | (_, _, Some("json")) => Media::Json,
            (
                "application",
                "x-ndjson" | "ndjson" | "jsonl" | "x-jsonl" | "jsonlines" | "x-jsonlines",
                _,
            ) => Media::JsonLines,
            ("text", "html", _) | ("application", "xhtml+xml", _) => Media::Html,
            // image/svg+xml and friends are text.
            ("text", _, _) | (_, _, Some("xml")) => Media::Other,
            ("image" | "audio" | "video" | "font", _, _) => Media::Binary,
            (_, _, Some("zip" | "gzip" | "cbor")) => Media::Binary,
            ("application", sub, _) if BINARY_APPLICATION.contains(&sub) => Media::Binary,
            _ => Media::Other,
        }
    }
}

/// NUL bytes, or more than one byte in ten a control character that text does not use
/// (tab, newline, form feed, carriage return and ESC are allowed).
fn binary_bytes(body: &[u8]) -> bool {
    let mut controls = 0usize;
    for &b in body {
        match b {
            0 => return true,
            0x01..=0x08 | 0x0b | 0x0e..=0x1a | 0x1c..=0x1f | 0x7f => controls += 1,
            _ => {}
        }
    }
    controls > body.len() / 10
}

/// The body as UTF-8, tolerating a last character cut short; None if not UTF-8 text.
fn utf8_text(body: &[u8]) -> Option<&str> {
    match std::str::from_utf8(body) {
        Ok(text) => Some(text),
        // error_len None: the bytes end inside a character, as a truncated capture does.
        Err(e) if e.error_len().is_none() && e.valid_up_to() > 0 => {
            std::str::from_utf8(&body[..e.valid_up_to()]).ok()
        }
        Err(_) => None,
    }
    .filter(|text| !text.trim().is_empty())
}

fn opens_like_html(text: &str) -> bool {
    let head = text.trim_start().as_bytes();
    [&b"<!doctype html"[..], b"<html"].iter().any(|tag| {
        head.get(..tag.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(tag))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::error_body::Shape;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn json_of_more_values_than_the_cap_is_not_a_tree() {
        let body = format!("[{}0]", "0,".repeat(MAX_JSON_VALUES));
        let kind = inspect_body(body.as_bytes(), Some("application/json"));
        assert!(matches!(kind, BodyKind::LargeJson), "{kind:?}");
        let body = format!("[{}0]", "0,".repeat(MAX_JSON_VALUES - 2));
        assert!(matches!(
            inspect_body(body.as_bytes(), None),
            BodyKind::Json { .. }
        ));
        // A parse error found by the count is the parser's own.
        assert_eq!(
            inspect_body(b"{\"a\": [1, 2}", Some("application/json")),
            BodyKind::InvalidJson {
                line: 1,
                column: 12,
                message: "expected `,` or `]`".into()
            }
        );
    }

    #[test]
    fn empty_and_whitespace_bodies() {
        assert_eq!(inspect_body(b"", None), BodyKind::Empty);
        assert_eq!(
            inspect_body(b" \r\n\t ", Some("application/json")),
            BodyKind::Empty
        );
        assert_eq!(
            inspect_body(b"\xef\xbb\xbf\n", Some("text/plain")),
            BodyKind::Empty
        );
    }

    #[test]
    fn json_by_content_type_and_by_sniffing() {
        let body = br#"{"code": "999", "message": "An error has occurred"}"#;
        for ct in [
            Some("application/json"),
            Some("Application/JSON; charset=UTF-8"),
            Some("application/vnd.api+json"),
            Some("text/plain"),
            Some("text/html"),
            None,
        ] {
            let kind = inspect_body(body, ct);
            let BodyKind::Json { value, error } = kind else {
                panic!("{ct:?}: {kind:?}")
            };
            assert_eq!(value["code"], json!("999"));
            assert_eq!(error.map(|e| e.shape), Some(Shape::Documented));
        }
        let kind = inspect_body(b"\xef\xbb\xbf [1, 2]", None);
        assert_eq!(
            kind,
            BodyKind::Json {
                value: json!([1, 2]),
                error: None
            }
        );
        // A JSON content type with a scalar body is still JSON.
        assert!(matches!(
            inspect_body(b"\"ok\"", Some("application/json")),
            BodyKind::Json { error: None, .. }
        ));
    }

    #[test]
    fn invalid_json_names_line_and_column() {
        let kind = inspect_body(b"{\n  \"code\": 999,\n}", Some("application/json"));
        let BodyKind::InvalidJson {
            line,
            column,
            message,
        } = kind
        else {
            panic!("{kind:?}")
        };
        assert_eq!((line, column), (3, 1));
        assert_eq!(message, "trailing comma");
        let kind = inspect_body(b"<html>502 Bad Gateway</html>", Some("application/json"));
        assert!(
            matches!(
                kind,
                BodyKind::InvalidJson {
                    line: 1,
                    column: 1,
                    ..
                }
            ),
            "{kind:?}"
        );
        // Without a JSON content type, a body that only looks like JSON is text.
        let kind = inspect_body(b"{not json", Some("text/plain"));
        assert_eq!(
            kind,
            BodyKind::Text {
                preview: "{not json".into(),
                chars: 9
            }
        );
    }

    #[test]
    fn json_lines_and_streams() {
        let lines = b"{\"status\": \"Pulling\"}\n{\"status\": \"Done\"}\n";
        for ct in [
            Some("application/x-ndjson"),
            Some("application/jsonl; charset=utf-8"),
            Some("application/json"),
            Some("text/plain"),
            None,
        ] {
            assert_eq!(
                inspect_body(lines, ct),
                BodyKind::JsonLines { values: 2 },
                "{ct:?}"
            );
        }
        // Docker's progress: values written in a row, nothing between them.
        assert_eq!(
            inspect_body(b"{\"a\":1}{\"b\":[2]}[3]", None),
            BodyKind::JsonLines { values: 3 }
        );
        // One value is JSON, whatever the type says.
        assert!(matches!(
            inspect_body(b"{\"a\": 1}\n", Some("application/x-ndjson")),
            BodyKind::Json { .. }
        ));
        // A broken line: where it breaks, when the type says JSON lines.
        let kind = inspect_body(b"{\"a\": 1}\n{\"b\": \n", Some("application/x-ndjson"));
        assert!(
            matches!(kind, BodyKind::InvalidJson { line: 3, .. }),
            "{kind:?}"
        );
        // Deep nesting in a stream is an error, not a stack overflow.
        let deep = format!("{{}}\n{}", "[".repeat(100_000));
        assert!(matches!(
            inspect_body(deep.as_bytes(), Some("application/x-ndjson")),
            BodyKind::InvalidJson { .. }
        ));
    }

    #[test]
    fn compressed_body_labelled_json_is_binary() {
        let gzip = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xab\xae\x05\x00";
        assert_eq!(
            inspect_body(gzip, Some("application/json")),
            BodyKind::Binary
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = "[".repeat(200_000);
        let kind = inspect_body(deep.as_bytes(), Some("application/json"));
        let BodyKind::InvalidJson { message, .. } = kind else {
            panic!("{kind:?}")
        };
        assert!(message.contains("recursion limit"), "{message}");
        let deep = format!("{}{}", "{\"a\":".repeat(200_000), "}".repeat(200_000));
        assert!(matches!(
            inspect_body(deep.as_bytes(), None),
            BodyKind::Text {
                chars: 1_200_000,
                ..
            }
        ));
    }

    #[test]
    fn binary_by_type_and_by_bytes() {
        assert_eq!(inspect_body(b"GIF89a", Some("image/gif")), BodyKind::Binary);
        assert_eq!(
            inspect_body(b"hello", Some("application/octet-stream")),
            BodyKind::Binary
        );
        assert_eq!(
            inspect_body(b"x", Some("application/gzip")),
            BodyKind::Binary
        );
        assert_eq!(inspect_body(b"a\0b", Some("text/plain")), BodyKind::Binary);
        assert_eq!(inspect_body(b"\xff\xfe\xfd", None), BodyKind::Binary);
        assert_eq!(inspect_body(b"\x01\x02\x03abc", None), BodyKind::Binary);
        // SVG is text, whatever its top-level type.
        assert!(matches!(
            inspect_body(b"<svg/>", Some("image/svg+xml")),
            BodyKind::Text { .. }
        ));
    }

    #[test]
    fn text_preview_is_char_safe_and_counts_chars() {
        let body = "\n  ".to_string() + &"é".repeat(250) + "  \n";
        let BodyKind::Text { preview, chars } = inspect_body(body.as_bytes(), None) else {
            panic!()
        };
        assert_eq!((preview.chars().count(), chars), (200, 250));
        assert!(preview.chars().all(|c| c == 'é'));
        // A body cut inside its last character is still text.
        let kind = inspect_body(b"Service Unavailable \xe2\x80", Some("text/plain"));
        assert_eq!(
            kind,
            BodyKind::Text {
                preview: "Service Unavailable".into(),
                chars: 19
            }
        );
        // Terminal escapes are text; the renderer sanitizes them.
        assert!(matches!(
            inspect_body(b"\x1b[31mred\x1b[0m", None),
            BodyKind::Text { .. }
        ));
    }

    fn content_type() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            prop::sample::select(vec![
                "application/json",
                "application/problem+json",
                "text/html",
                "text/plain",
                "image/png",
                "application/xhtml+xml",
            ])
            .prop_map(|s| Some(s.to_string())),
            any::<String>().prop_map(Some),
        ]
    }

    proptest! {
        #[test]
        fn inspect_body_never_panics_on_bytes(
            body in prop::collection::vec(any::<u8>(), 0..512),
            ct in content_type(),
        ) {
            let _ = inspect_body(&body, ct.as_deref());
        }

        #[test]
        fn inspect_body_never_panics_on_markup_and_json_like_text(
            body in r#"[ \n<>/!&#;x0-9a-zA-Z{}\[\]":,é\\]{0,200}"#,
            ct in content_type(),
        ) {
            let kind = inspect_body(body.as_bytes(), ct.as_deref());
            if let BodyKind::Text { preview, chars } = kind {
                prop_assert!(preview.chars().count() <= chars.min(PREVIEW_CHARS));
            }
        }

    }
}
