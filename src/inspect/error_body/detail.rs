//! The `detail` family: FastAPI's list of validation failures and Django REST
//! framework's string.

use serde_json::{Map, Value};

use super::errors_array::detail_of;
use super::values::code_of;
use super::{ApiError, Detail, Shape};

/// FastAPI/Pydantic: `{"detail": [{"loc": ["body", "email"], "msg": "...", "type": "..."}]}`.
/// Each item is a detail (location = `loc` joined with "."; code = `type`); code/message
/// are the first item's.
pub(super) fn validation(obj: &Map<String, Value>) -> Option<ApiError> {
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
pub(super) fn detail(obj: &Map<String, Value>) -> Option<ApiError> {
    let message = obj.get("detail")?.as_str()?;
    Some(ApiError {
        shape: Shape::Detail,
        code: obj.get("code").and_then(code_of),
        message: Some(message.to_string()),
        details: Vec::new(),
        details_omitted: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::error_body::testing::{d, error, summary};

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
}
