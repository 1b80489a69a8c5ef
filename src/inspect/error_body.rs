//! A response body -> [`BodyKind`]: empty, JSON (with the API error it carries, if any),
//! JSON that does not parse (with serde_json's line and column), HTML (its title), text (a
//! preview) or binary. Guarantees: never panics on any bytes; copies the body only to build
//! the parsed JSON value or the short preview; JSON nesting beyond serde_json's recursion
//! limit (128) is a parse error, not a stack overflow.
//!
//! [`api_error`] recognises the error-body shapes seen in the wild, most specific first:
//!
//! 1. [`Shape::Problem`] when the content type is `application/problem+json`;
//! 2. [`Shape::Documented`]: `code` (string or number) and `message` (string) at top level;
//! 3. [`Shape::Problem`] by shape: a string `title` and one of `type`/`status`/`detail`;
//! 4. [`Shape::ErrorsArray`]: `errors`, a non-empty array (Twitter, GitHub, JSON:API,
//!    GraphQL) or a non-empty object of field -> messages (Rails, ASP.NET);
//! 5. [`Shape::ErrorObject`]: `error`, an object (Google, Azure);
//! 6. [`Shape::OAuth`]: `error`, a string, with `error_description`, or alone;
//! 7. [`Shape::Validation`]: `detail`, an array of `{"loc", "msg", "type"}` (FastAPI);
//! 8. [`Shape::Detail`]: `detail`, a string (Django REST framework);
//! 9. [`Shape::Message`]: `message` (or `msg`, `error_message`, `errorMessage`), a string.
//!
//! Codes are strings: a JSON number is rendered without quotes (`88`), an empty string is
//! no code. Anything a server sent is returned as decoded; sanitizing is the renderer's job.
//!
//! Memory stays in proportion to the body: a JSON body of more than [`MAX_JSON_VALUES`]
//! values is shown from its text, not built into a tree, and an error keeps at most
//! [`MAX_DETAILS`] details (counting the rest).

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

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

/// Longest `<title>` content we read, in bytes: a title is a line, not a document.
const MAX_TITLE_BYTES: usize = 4096;

const BOM: &[u8] = b"\xef\xbb\xbf";

/// Which error-body convention a JSON body follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// `{"code", "message"}`: the shape the API documents.
    Documented,
    /// `{"errors": [...]}`, each item an error.
    ErrorsArray,
    /// `{"error": {"code", "message"}}`.
    ErrorObject,
    /// `{"error", "error_description"}` (RFC 6749).
    OAuth,
    /// RFC 9457 problem details.
    Problem,
    /// `{"detail": "..."}`.
    Detail,
    /// `{"detail": [{"loc", "msg", "type"}]}`.
    Validation,
    /// `{"message": "..."}`.
    Message,
}

impl Shape {
    /// The stable name used in `--json`.
    pub fn key(self) -> &'static str {
        match self {
            Shape::Documented => "documented",
            Shape::ErrorsArray => "errors_array",
            Shape::ErrorObject => "error_object",
            Shape::OAuth => "oauth",
            Shape::Problem => "problem_details",
            Shape::Detail => "detail",
            Shape::Validation => "validation",
            Shape::Message => "message",
        }
    }

    /// How a person recognises it.
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Documented => r#"{"code", "message"} (the documented shape)"#,
            Shape::ErrorsArray => r#"{"errors": [...]}"#,
            Shape::ErrorObject => r#"{"error": {"code", "message"}}"#,
            Shape::OAuth => r#"{"error", "error_description"} (OAuth 2.0)"#,
            Shape::Problem => "RFC 9457 problem details",
            Shape::Detail => r#"{"detail": "..."}"#,
            Shape::Validation => r#"{"detail": [{"loc", "msg", "type"}]} (validation errors)"#,
            Shape::Message => r#"{"message": "..."}"#,
        }
    }
}

/// One item of an error body: an entry of `errors`, a validation failure, a problem member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub code: Option<String>,
    pub message: String,
    /// Where it applies: a field, a JSON pointer, a dotted `loc`, a problem member's name.
    pub location: Option<String>,
}

/// The most details an [`ApiError`] keeps; a body can list millions.
pub const MAX_DETAILS: usize = 100;

/// The error a JSON body carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub shape: Shape,
    pub code: Option<String>,
    pub message: Option<String>,
    /// The first [`MAX_DETAILS`] details.
    pub details: Vec<Detail>,
    /// How many more the body listed.
    pub details_omitted: usize,
}

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
    let says_json = matches!(media, Media::Json | Media::Problem);
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
            Err(e) if says_json && !binary_bytes(body) => return invalid_json(&e),
            Err(_) => {}
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

/// The API error a parsed JSON body carries; None for non-objects and unrecognised objects.
/// See the module docs for the shapes and their order.
pub fn api_error(value: &Value) -> Option<ApiError> {
    error_of(value, false)
}

fn error_of(value: &Value, problem_type: bool) -> Option<ApiError> {
    let obj = value.as_object()?;

    let found = if problem_type {
        Some(problem(obj))
    } else {
        documented(obj)
            .or_else(|| is_problem(obj).then(|| problem(obj)))
            .or_else(|| errors_array(obj))
            .or_else(|| error_object(obj))
            .or_else(|| oauth(obj))
            .or_else(|| validation(obj))
            .or_else(|| detail(obj))
            .or_else(|| message(obj))
    };
    let mut error = found?;
    if error.details.len() > MAX_DETAILS {
        error.details_omitted = error.details.len() - MAX_DETAILS;
        error.details.truncate(MAX_DETAILS);
        error.details.shrink_to_fit();
    }
    Some(error)
}

/// `{"code": "999", "message": "An error has occurred"}`; `errors`/`details` items, if
/// present, become details.
fn documented(obj: &Map<String, Value>) -> Option<ApiError> {
    let code = obj.get("code")?;
    let message = obj.get("message")?.as_str()?;
    if !matches!(code, Value::String(_) | Value::Number(_)) {
        return None;
    }
    let mut details = Vec::new();
    for key in ["errors", "details"] {
        if let Some(items) = obj.get(key) {
            details.extend(details_of(items));
        }
    }
    Some(ApiError {
        shape: Shape::Documented,
        code: code_of(code),
        message: Some(message.to_string()),
        details,
        details_omitted: 0,
    })
}

fn is_problem(obj: &Map<String, Value>) -> bool {
    obj.get("title").is_some_and(Value::is_string)
        && ["type", "status", "detail"]
            .iter()
            .any(|k| obj.contains_key(*k))
}

/// RFC 9457. code = `status`; message = `detail`, else `title`. Details, each located by
/// its member name: `title` when `detail` took the message, `type` unless `about:blank`
/// (which adds nothing to the status), `instance`, then every extension member in the
/// map's order, its value as text if a string, else compact JSON. An `errors` extension
/// (RFC 9457's own example, ASP.NET) is expanded item by item instead.
fn problem(obj: &Map<String, Value>) -> ApiError {
    let status = obj.get("status").and_then(code_of);
    let detail = obj.get("detail").and_then(Value::as_str);
    let title = obj.get("title").and_then(Value::as_str);
    let mut details = Vec::new();
    for (name, value) in obj {
        let used = match name.as_str() {
            "status" => status.is_some(),
            "detail" => detail.is_some(),
            "title" => detail.is_none() && title.is_some(),
            "type" => value.as_str() == Some("about:blank"),
            _ => false,
        };
        if used {
            continue;
        }
        if name == "errors" && matches!(value, Value::Array(_) | Value::Object(_)) {
            details.extend(details_of(value));
            continue;
        }
        details.push(Detail {
            code: None,
            message: text_or_json(value),
            location: Some(name.clone()),
        });
    }
    // The standard members first, as RFC 9457 lists them; extensions keep the map's order.
    let rank = |d: &Detail| match d.location.as_deref() {
        Some("title") => 0,
        Some("type") => 1,
        Some("instance") => 2,
        _ => 3,
    };
    details.sort_by_key(rank);
    ApiError {
        shape: Shape::Problem,
        code: status,
        message: detail.or(title).map(str::to_string),
        details,
        details_omitted: 0,
    }
}

/// `{"errors": [...]}`: every item is a detail. code/message are the object's own
/// (GitHub sends `message` beside `errors`), else the first item's.
fn errors_array(obj: &Map<String, Value>) -> Option<ApiError> {
    let errors = obj.get("errors")?;
    let non_empty = match errors {
        Value::Array(items) => !items.is_empty(),
        Value::Object(fields) => !fields.is_empty(),
        _ => false,
    };
    if !non_empty {
        return None;
    }
    let details = details_of(errors);
    let first = details.first();
    Some(ApiError {
        shape: Shape::ErrorsArray,
        code: obj
            .get("code")
            .and_then(code_of)
            .or_else(|| first.and_then(|d| d.code.clone())),
        message: obj
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| first.map(|d| d.message.clone())),
        details,
        details_omitted: 0,
    })
}

/// `{"error": {"code", "message"}}`: `status` stands in for a missing code (Google's
/// `"INVALID_ARGUMENT"`); `details` and `errors` items become details.
fn error_object(obj: &Map<String, Value>) -> Option<ApiError> {
    let error = obj.get("error")?.as_object()?;
    let mut details = Vec::new();
    for key in ["details", "errors"] {
        if let Some(items) = error.get(key).filter(|v| v.is_array()) {
            details.extend(details_of(items));
        }
    }
    Some(ApiError {
        shape: Shape::ErrorObject,
        code: error
            .get("code")
            .and_then(code_of)
            .or_else(|| error.get("status").and_then(code_of)),
        message: error.get("message").and_then(message_of),
        details,
        details_omitted: 0,
    })
}

/// `{"error": "invalid_grant", "error_description": "..."}`, or `{"error": "some text"}`
/// alone. A string `error` beside a `message` is not OAuth: [`message`] takes it.
fn oauth(obj: &Map<String, Value>) -> Option<ApiError> {
    let error = obj.get("error")?.as_str()?;
    let (code, message) = match obj.get("error_description").and_then(Value::as_str) {
        Some(description) => (code_of_str(error), description.to_string()),
        None if message_text(obj).is_some() => return None,
        None => (None, error.to_string()),
    };
    Some(ApiError {
        shape: Shape::OAuth,
        code,
        message: Some(message),
        details: Vec::new(),
        details_omitted: 0,
    })
}

/// FastAPI/Pydantic: `{"detail": [{"loc": ["body", "email"], "msg": "...", "type": "..."}]}`.
/// Each item is a detail (location = `loc` joined with "."; code = `type`); code/message
/// are the first item's.
fn validation(obj: &Map<String, Value>) -> Option<ApiError> {
    let items = obj.get("detail")?.as_array()?;
    let looks_like = items
        .iter()
        .any(|i| i.get("msg").is_some_and(Value::is_string));
    if !looks_like {
        return None;
    }
    let details: Vec<Detail> = items.iter().map(detail_of).collect();
    let first = details.first();
    Some(ApiError {
        shape: Shape::Validation,
        code: first.and_then(|d| d.code.clone()),
        message: first.map(|d| d.message.clone()),
        details,
        details_omitted: 0,
    })
}

/// `{"detail": "Not found."}`, with `code` if present (newer Django REST framework).
fn detail(obj: &Map<String, Value>) -> Option<ApiError> {
    let message = obj.get("detail")?.as_str()?;
    Some(ApiError {
        shape: Shape::Detail,
        code: obj.get("code").and_then(code_of),
        message: Some(message.to_string()),
        details: Vec::new(),
        details_omitted: 0,
    })
}

/// `{"message": "..."}` (or `msg`, `error_message`, `errorMessage`); code from
/// `error_code`, `errorCode` or a string `error` when one is there.
fn message(obj: &Map<String, Value>) -> Option<ApiError> {
    let message = message_text(obj)?;
    let code = ["error_code", "errorCode", "error"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(code_of));
    Some(ApiError {
        shape: Shape::Message,
        code,
        message: Some(message.to_string()),
        details: Vec::new(),
        details_omitted: 0,
    })
}

fn message_text(obj: &Map<String, Value>) -> Option<&str> {
    ["message", "msg", "error_message", "errorMessage"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(Value::as_str))
}

/// Details from an `errors`-like member: an array's items, or a field -> message(s) object
/// (each message a detail located at its field).
fn details_of(items: &Value) -> Vec<Detail> {
    match items {
        Value::Array(items) => items.iter().map(detail_of).collect(),
        Value::Object(fields) => {
            let mut out = Vec::new();
            for (field, value) in fields {
                let located = |mut d: Detail| {
                    d.location.get_or_insert_with(|| field.clone());
                    d
                };
                match value {
                    Value::Array(items) => out.extend(items.iter().map(detail_of).map(located)),
                    other => out.push(located(detail_of(other))),
                }
            }
            out
        }
        other => vec![detail_of(other)],
    }
}

const CODE_KEYS: [&str; 6] = [
    "code",
    "error_code",
    "errorCode",
    "reason",
    "type",
    "status",
];
const MESSAGE_KEYS: [&str; 7] = [
    "message",
    "msg",
    "detail",
    "error_description",
    "description",
    "title",
    "error",
];
const LOCATION_KEYS: [&str; 9] = [
    "loc",
    "location",
    "field",
    "path",
    "pointer",
    "param",
    "parameter",
    "target",
    "property",
];

/// One error item. Strings are the message. Objects: code, message and location from the
/// first key of each list above that holds one (plus JSON:API's `source.pointer` and
/// GraphQL's `extensions.code`); with no message, the members not used for code or
/// location, as compact JSON, so nothing the server said is lost. Other values: compact JSON.
fn detail_of(item: &Value) -> Detail {
    let Value::Object(obj) = item else {
        return Detail {
            code: None,
            message: text_or_json(item),
            location: None,
        };
    };
    let mut used: Vec<&str> = Vec::new();
    let mut pick = |keys: &[&'static str], read: fn(&Value) -> Option<String>| {
        keys.iter().find_map(|k| {
            let found = obj.get(*k).and_then(read)?;
            used.push(*k);
            Some(found)
        })
    };
    let code = pick(&CODE_KEYS, code_of);
    let message = pick(&MESSAGE_KEYS, |v| v.as_str().map(str::to_string));
    let location = pick(&LOCATION_KEYS, location_of);
    let code = code.or_else(|| {
        let found = obj.get("extensions")?.get("code").and_then(code_of)?;
        used.push("extensions");
        Some(found)
    });
    let location = location.or_else(|| {
        let source = obj.get("source")?;
        let found = ["pointer", "parameter", "header"]
            .iter()
            .find_map(|k| source.get(*k).and_then(location_of))?;
        used.push("source");
        Some(found)
    });
    let message = message.unwrap_or_else(|| {
        let rest: Map<String, Value> = obj
            .iter()
            .filter(|(k, _)| !used.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if rest.is_empty() {
            code.clone().unwrap_or_default()
        } else {
            Value::Object(rest).to_string()
        }
    });
    Detail {
        code,
        message,
        location,
    }
}

/// A code: a non-empty string as is, a number as written.
fn code_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => code_of_str(s),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn code_of_str(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

/// A message: a string as is, null as none, anything else as compact JSON.
fn message_of(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        other => Some(text_or_json(other)),
    }
}

fn text_or_json(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A location: a string, or a path array (`["body", "items", 0]`) joined with ".".
fn location_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Array(parts) if !parts.is_empty() => {
            let parts: Vec<String> = parts.iter().map(text_or_json).collect();
            Some(parts.join("."))
        }
        _ => None,
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

/// The first `<title>`'s text: entities decoded, whitespace collapsed, None if blank.
fn html_title(html: &[u8]) -> Option<String> {
    let mut rest = html;
    let content = loop {
        let at = find_ignore_case(rest, b"<title")?;
        rest = &rest[at + b"<title".len()..];
        // `<title>` or `<title lang=en>`, not `<titles>`.
        match rest.first() {
            Some(b'>') => break &rest[1..],
            Some(b) if b.is_ascii_whitespace() => {
                let close = rest.iter().position(|&b| b == b'>')?;
                break &rest[close + 1..];
            }
            _ => continue,
        }
    };
    let end = find_ignore_case(content, b"</title").unwrap_or(content.len());
    let raw = &content[..end.min(MAX_TITLE_BYTES)];
    let decoded = decode_entities(&String::from_utf8_lossy(raw));
    let title = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
    (!title.is_empty()).then_some(title)
}

fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The entities titles use: the five XML ones, `&nbsp;`, and numeric references. Anything
/// else stays as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        // Names are short: look for the `;` nearby only, so stray `&`s cost nothing.
        let entity = rest.as_bytes()[1..]
            .iter()
            .take(11)
            .position(|&b| b == b';')
            .map(|semi| &rest[1..1 + semi]);
        match entity.and_then(entity_char) {
            Some((c, name)) => {
                out.push(c);
                rest = &rest[name.len() + 2..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity_char(name: &str) -> Option<(char, &str)> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            // HTML maps NUL to the replacement character.
            match code {
                0 => char::REPLACEMENT_CHARACTER,
                _ => char::from_u32(code)?,
            }
        }
    };
    Some((c, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn error(body: &str) -> Option<ApiError> {
        api_error(&serde_json::from_str(body).unwrap())
    }

    fn d(code: Option<&str>, message: &str, location: Option<&str>) -> Detail {
        Detail {
            code: code.map(str::to_string),
            message: message.to_string(),
            location: location.map(str::to_string),
        }
    }

    fn summary(e: &ApiError) -> (Shape, Option<&str>, Option<&str>) {
        (e.shape, e.code.as_deref(), e.message.as_deref())
    }

    #[test]
    fn documented_shape_with_string_and_number_codes() {
        let e = error(r#"{"code": "999", "message": "An error has occurred"}"#).unwrap();
        assert_eq!(
            summary(&e),
            (
                Shape::Documented,
                Some("999"),
                Some("An error has occurred")
            )
        );
        assert!(e.details.is_empty());
        let e = error(r#"{"code": 999, "message": "An error has occurred"}"#).unwrap();
        assert_eq!(e.code.as_deref(), Some("999"));
        let e = error(r#"{"code": 3, "message": "bad", "details": [{"@type": "x"}]}"#).unwrap();
        assert_eq!(e.details, [d(None, r#"{"@type":"x"}"#, None)]);
        // A code that is neither string nor number is not the documented shape.
        let e = error(r#"{"code": null, "message": "m"}"#).unwrap();
        assert_eq!(summary(&e), (Shape::Message, None, Some("m")));
    }

    #[test]
    fn details_are_capped_and_counted() {
        let items: Vec<String> = (0..250)
            .map(|i| format!(r#"{{"code": {i}, "message": "m"}}"#))
            .collect();
        let e = error(&format!(r#"{{"errors": [{}]}}"#, items.join(","))).unwrap();
        assert_eq!((e.details.len(), e.details_omitted), (MAX_DETAILS, 150));
        assert_eq!(e.details[99].code.as_deref(), Some("99"));
        let members: Vec<String> = (0..150).map(|i| format!(r#""x{i}": {i}"#)).collect();
        let body = format!(r#"{{"title": "t", "status": 400, {}}}"#, members.join(","));
        let kind = inspect_body(body.as_bytes(), Some("application/problem+json"));
        let BodyKind::Json { error: Some(e), .. } = kind else {
            panic!("{kind:?}")
        };
        assert_eq!((e.details.len(), e.details_omitted), (MAX_DETAILS, 50));
    }

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
    fn errors_array_twitter_style() {
        let e = error(
            r#"{"errors": [{"code": 88, "message": "Rate limit exceeded"}, {"code": "32", "message": "Could not authenticate you"}]}"#,
        )
        .unwrap();
        assert_eq!(
            summary(&e),
            (Shape::ErrorsArray, Some("88"), Some("Rate limit exceeded"))
        );
        assert_eq!(
            e.details,
            [
                d(Some("88"), "Rate limit exceeded", None),
                d(Some("32"), "Could not authenticate you", None)
            ]
        );
    }

    #[test]
    fn errors_array_of_strings_github_jsonapi_graphql_rails() {
        let e = error(r#"{"errors": ["first", "second"]}"#).unwrap();
        assert_eq!(summary(&e), (Shape::ErrorsArray, None, Some("first")));
        assert_eq!(e.details.len(), 2);

        let e = error(r#"{"message": "Validation Failed", "errors": [{"resource": "Issue", "field": "title", "code": "missing_field"}]}"#).unwrap();
        assert_eq!(
            summary(&e),
            (
                Shape::ErrorsArray,
                Some("missing_field"),
                Some("Validation Failed")
            )
        );
        assert_eq!(
            e.details,
            [d(
                Some("missing_field"),
                r#"{"resource":"Issue"}"#,
                Some("title")
            )]
        );

        let e = error(r#"{"errors": [{"status": "422", "source": {"pointer": "/data/attributes/title"}, "title": "Invalid Attribute", "detail": "must be short"}]}"#).unwrap();
        assert_eq!(
            e.details,
            [d(
                Some("422"),
                "must be short",
                Some("/data/attributes/title")
            )]
        );

        let e = error(r#"{"data": null, "errors": [{"message": "no field x", "path": ["user", 0, "x"], "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}}]}"#).unwrap();
        assert_eq!(
            e.details,
            [d(
                Some("GRAPHQL_VALIDATION_FAILED"),
                "no field x",
                Some("user.0.x")
            )]
        );

        let e = error(r#"{"errors": {"email": ["can't be blank", "is invalid"]}}"#).unwrap();
        assert_eq!(
            e.details,
            [
                d(None, "can't be blank", Some("email")),
                d(None, "is invalid", Some("email"))
            ]
        );
        // An empty errors array says nothing.
        assert_eq!(error(r#"{"errors": []}"#), None);
    }

    #[test]
    fn error_object_google_and_azure() {
        let e = error(r#"{"error": {"code": 400, "message": "Invalid value", "status": "INVALID_ARGUMENT", "errors": [{"domain": "global", "reason": "invalid", "message": "Invalid value"}]}}"#).unwrap();
        assert_eq!(
            summary(&e),
            (Shape::ErrorObject, Some("400"), Some("Invalid value"))
        );
        assert_eq!(e.details, [d(Some("invalid"), "Invalid value", None)]);

        let e = error(r#"{"error": {"code": "InvalidResourceName", "message": "Bad name", "details": [{"code": "Len", "message": "Too long", "target": "name"}]}}"#).unwrap();
        assert_eq!(e.code.as_deref(), Some("InvalidResourceName"));
        assert_eq!(e.details, [d(Some("Len"), "Too long", Some("name"))]);

        let e = error(r#"{"error": {"status": "PERMISSION_DENIED", "message": "no"}}"#).unwrap();
        assert_eq!(
            summary(&e),
            (Shape::ErrorObject, Some("PERMISSION_DENIED"), Some("no"))
        );
    }

    #[test]
    fn oauth_with_and_without_description() {
        let e =
            error(r#"{"error": "invalid_grant", "error_description": "Token expired"}"#).unwrap();
        assert_eq!(
            summary(&e),
            (Shape::OAuth, Some("invalid_grant"), Some("Token expired"))
        );
        let e = error(r#"{"error": "Something broke"}"#).unwrap();
        assert_eq!(summary(&e), (Shape::OAuth, None, Some("Something broke")));
        // A string error beside a message: the message is the message.
        let e = error(r#"{"error": "not_found", "message": "No such user"}"#).unwrap();
        assert_eq!(
            summary(&e),
            (Shape::Message, Some("not_found"), Some("No such user"))
        );
    }

    #[test]
    fn problem_details_by_shape_and_by_content_type() {
        let body = r#"{"type": "https://example.com/probs/out-of-credit", "title": "You do not have enough credit.", "status": 403, "detail": "Your current balance is 30, but that costs 50.", "instance": "/account/12345/msgs/abc", "balance": 30, "accounts": ["/account/12345"]}"#;
        let e = error(body).unwrap();
        assert_eq!(
            summary(&e),
            (
                Shape::Problem,
                Some("403"),
                Some("Your current balance is 30, but that costs 50.")
            )
        );
        assert_eq!(
            e.details,
            [
                d(None, "You do not have enough credit.", Some("title")),
                d(
                    None,
                    "https://example.com/probs/out-of-credit",
                    Some("type")
                ),
                d(None, "/account/12345/msgs/abc", Some("instance")),
                // Extension members in the body's own order (serde_json preserve_order).
                d(None, "30", Some("balance")),
                d(None, r#"["/account/12345"]"#, Some("accounts")),
            ]
        );

        // Title as the message, about:blank dropped, string status, errors expanded.
        let e = error(r##"{"type": "about:blank", "title": "Not valid", "status": "400", "errors": [{"detail": "must be positive", "pointer": "#/age"}]}"##).unwrap();
        assert_eq!(
            summary(&e),
            (Shape::Problem, Some("400"), Some("Not valid"))
        );
        assert_eq!(e.details, [d(None, "must be positive", Some("#/age"))]);

        // By content type, even without a title.
        let kind = inspect_body(
            br#"{"status": 404, "detail": "gone"}"#,
            Some("application/problem+json; charset=utf-8"),
        );
        let BodyKind::Json { error: Some(e), .. } = kind else {
            panic!("{kind:?}")
        };
        assert_eq!(summary(&e), (Shape::Problem, Some("404"), Some("gone")));
    }

    #[test]
    fn validation_fastapi() {
        let e = error(r#"{"detail": [{"loc": ["body", "email"], "msg": "field required", "type": "value_error.missing"}, {"loc": ["query", "page", 0], "msg": "not an int", "type": "int_parsing"}]}"#).unwrap();
        assert_eq!(
            summary(&e),
            (
                Shape::Validation,
                Some("value_error.missing"),
                Some("field required")
            )
        );
        assert_eq!(
            e.details,
            [
                d(
                    Some("value_error.missing"),
                    "field required",
                    Some("body.email")
                ),
                d(Some("int_parsing"), "not an int", Some("query.page.0")),
            ]
        );
    }

    #[test]
    fn detail_and_message_shapes() {
        let e = error(r#"{"detail": "Not found."}"#).unwrap();
        assert_eq!(summary(&e), (Shape::Detail, None, Some("Not found.")));
        let e = error(r#"{"detail": "No.", "code": "permission_denied"}"#).unwrap();
        assert_eq!(
            summary(&e),
            (Shape::Detail, Some("permission_denied"), Some("No."))
        );
        let e = error(r#"{"message": "Not Found", "documentation_url": "https://x"}"#).unwrap();
        assert_eq!(summary(&e), (Shape::Message, None, Some("Not Found")));
        let e = error(r#"{"msg": "slow down"}"#).unwrap();
        assert_eq!(summary(&e), (Shape::Message, None, Some("slow down")));
        let e = error(r#"{"errorCode": 17, "errorMessage": "nope"}"#).unwrap();
        assert_eq!(summary(&e), (Shape::Message, Some("17"), Some("nope")));
    }

    #[test]
    fn not_errors() {
        for body in [
            r#"[{"code": 1, "message": "x"}]"#,
            r#""error""#,
            "42",
            "null",
            r#"{"id": 1, "name": "ok"}"#,
            r#"{"code": 1}"#,
            r#"{"detail": [1, 2]}"#,
            r#"{"error": 5}"#,
        ] {
            assert_eq!(error(body), None, "{body}");
        }
    }

    #[test]
    fn shape_keys_and_descriptions() {
        let all = [
            Shape::Documented,
            Shape::ErrorsArray,
            Shape::ErrorObject,
            Shape::OAuth,
            Shape::Problem,
            Shape::Detail,
            Shape::Validation,
            Shape::Message,
        ];
        let keys: Vec<&str> = all.iter().map(|s| s.key()).collect();
        assert_eq!(
            keys,
            [
                "documented",
                "errors_array",
                "error_object",
                "oauth",
                "problem_details",
                "detail",
                "validation",
                "message"
            ]
        );
        assert_eq!(
            Shape::Documented.describe(),
            r#"{"code", "message"} (the documented shape)"#
        );
        assert_eq!(Shape::ErrorsArray.describe(), r#"{"errors": [...]}"#);
        assert_eq!(Shape::Problem.describe(), "RFC 9457 problem details");
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
    fn html_title() {
        let page = b"<!DOCTYPE html>\n<html><head><TITLE lang=en>\n  502 Bad\n\tGateway &amp; &lt;co&gt; &#8212; &#x41;&nbsp;x &bogus; &</title></head></html>";
        assert_eq!(
            inspect_body(page, None),
            BodyKind::Html {
                title: Some("502 Bad Gateway & <co> \u{2014} A x &bogus; &".into())
            }
        );
        assert_eq!(
            inspect_body(b"<p>no title here</p><titles>x</titles>", Some("text/html")),
            BodyKind::Html { title: None }
        );
        assert_eq!(
            inspect_body(b"  <html><title>   </title>", None),
            BodyKind::Html { title: None }
        );
        assert_eq!(
            inspect_body(b"<html><title>Unclosed \xe2\x80\x94 ti", None),
            BodyKind::Html {
                title: Some("Unclosed \u{2014} ti".into())
            }
        );
        // An XML document is not HTML.
        assert!(matches!(
            inspect_body(b"<?xml version=\"1.0\"?><a/>", Some("application/xml")),
            BodyKind::Text { .. }
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

    fn json_value() -> impl Strategy<Value = Value> {
        let key = prop_oneof![
            prop::sample::select(vec![
                "code",
                "message",
                "errors",
                "error",
                "error_description",
                "detail",
                "title",
                "type",
                "status",
                "instance",
                "loc",
                "msg",
                "details",
                "source",
                "pointer",
                "extensions",
                "path",
                "field",
            ])
            .prop_map(str::to_string),
            "[a-z]{0,4}",
        ];
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            ".{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(5, 64, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..6)
                    .prop_map(|kv| Value::Object(kv.into_iter().collect())),
            ]
        })
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

        #[test]
        fn api_error_never_panics_and_json_round_trips(value in json_value()) {
            let _ = api_error(&value);
            let text = value.to_string();
            let kind = inspect_body(text.as_bytes(), Some("application/json"));
            prop_assert!(matches!(kind, BodyKind::Json { .. }), "{:?}", kind);
        }
    }
}
