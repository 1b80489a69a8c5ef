//! RFC 9457 problem details, by content type or by shape.

use serde_json::{Map, Value};

use super::errors_array::details_of;
use super::values::{code_of, text_or_json};
use super::{ApiError, Detail, Shape};

pub(super) fn is_problem(obj: &Map<String, Value>) -> bool {
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
pub(super) fn problem(obj: &Map<String, Value>) -> ApiError {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::error_body::testing::{d, error, summary};
    use crate::inspect::error_body::{BodyKind, inspect_body};

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
}
