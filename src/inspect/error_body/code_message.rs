//! The `{code, message}` family: the documented shape at top level, Google's and Azure's
//! `error` object, OAuth 2.0's `error`/`error_description` (a string `error` alone is
//! named by itself, not as OAuth), and a bare `message`.

use serde_json::{Map, Value};

use super::errors_array::details_of;
use super::values::{code_of, code_of_str, message_of};
use super::{ApiError, Shape};

/// `{"code": "999", "message": "An error has occurred"}`; `errors`/`details` items, if
/// present, become details.
pub(super) fn documented(obj: &Map<String, Value>) -> Option<ApiError> {
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

/// `{"error": {"code", "message"}}`: `status` stands in for a missing code (Google's
/// `"INVALID_ARGUMENT"`); `details` and `errors` items become details.
pub(super) fn error_object(obj: &Map<String, Value>) -> Option<ApiError> {
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
pub(super) fn oauth(obj: &Map<String, Value>) -> Option<ApiError> {
    let error = obj.get("error")?.as_str()?;
    let (shape, code, message) = match obj.get("error_description").and_then(Value::as_str) {
        Some(description) => (Shape::OAuth, code_of_str(error), description.to_string()),
        None if message_text(obj).is_some() => return None,
        None => (Shape::Error, None, error.to_string()),
    };
    Some(ApiError {
        shape,
        code,
        message: Some(message),
        details: Vec::new(),
        details_omitted: 0,
    })
}

/// `{"message": "..."}` (or `msg`, `error_message`, `errorMessage`); code from
/// `error_code`, `errorCode` or a string `error` when one is there.
pub(super) fn message(obj: &Map<String, Value>) -> Option<ApiError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::error_body::testing::{d, error, summary};

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
        assert_eq!(summary(&e), (Shape::Error, None, Some("Something broke")));
        // A string error beside a message: the message is the message.
        let e = error(r#"{"error": "not_found", "message": "No such user"}"#).unwrap();
        assert_eq!(
            summary(&e),
            (Shape::Message, Some("not_found"), Some("No such user"))
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
}
