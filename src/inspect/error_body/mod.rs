//! A response body -> [`BodyKind`]: empty, JSON (with the API error it carries, if any),
//! JSON lines (`application/x-ndjson`, or values written one after another), JSON that
//! does not parse (with serde_json's line and column), HTML (its title), text (a
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
//! 6. [`Shape::OAuth`]: `error`, a string, with `error_description`; [`Shape::Error`]:
//!    `error`, a string, alone (the shape is named by the keys present);
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
//!
//! Split by what each part owns: `sniff.rs` tells what a body is (and holds the JSON
//! counting that keeps memory in proportion), `html.rs` reads a page's title; one file per
//! error-shape family (`code_message.rs`: the documented shape, `error` objects, OAuth and
//! bare messages; `problem.rs`; `errors_array.rs`; `detail.rs`: FastAPI's validation list and
//! Django REST framework's string) over the shared readers in `values.rs`.

mod code_message;
mod detail;
mod errors_array;
mod html;
mod problem;
mod sniff;
#[cfg(test)]
mod testing;
mod values;

use serde_json::Value;

pub use sniff::{BodyKind, MAX_JSON_VALUES, MAX_TREE_BYTES, PREVIEW_CHARS, inspect_body};

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
    /// `{"error": "..."}`: a string `error` alone.
    Error,
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
            Shape::Error => "error",
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
            Shape::Error => r#"{"error": "..."}"#,
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

/// The API error a parsed JSON body carries; None for non-objects and unrecognised objects.
/// See the module docs for the shapes and their order.
pub fn api_error(value: &Value) -> Option<ApiError> {
    error_of(value, false)
}

pub(super) fn error_of(value: &Value, problem_type: bool) -> Option<ApiError> {
    let obj = value.as_object()?;

    let found = if problem_type {
        Some(problem::problem(obj))
    } else {
        code_message::documented(obj)
            .or_else(|| problem::is_problem(obj).then(|| problem::problem(obj)))
            .or_else(|| errors_array::errors_array(obj))
            .or_else(|| code_message::error_object(obj))
            .or_else(|| code_message::oauth(obj))
            .or_else(|| detail::validation(obj))
            .or_else(|| detail::detail(obj))
            .or_else(|| code_message::message(obj))
    };
    let mut error = found?;
    if error.details.len() > MAX_DETAILS {
        error.details_omitted = error.details.len() - MAX_DETAILS;
        error.details.truncate(MAX_DETAILS);
        error.details.shrink_to_fit();
    }
    Some(error)
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::error_body::testing::error;
    use proptest::prelude::*;

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
            Shape::Error,
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
                "error",
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
        assert_eq!(Shape::Error.describe(), r#"{"error": "..."}"#);
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

    proptest! {
        #[test]
        fn api_error_never_panics_and_json_round_trips(value in json_value()) {
            let _ = api_error(&value);
            let text = value.to_string();
            let kind = inspect_body(text.as_bytes(), Some("application/json"));
            prop_assert!(matches!(kind, BodyKind::Json { .. }), "{:?}", kind);
        }
    }
}
