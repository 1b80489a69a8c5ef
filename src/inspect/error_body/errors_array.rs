//! `errors` lists (Twitter, GitHub, JSON:API, GraphQL) and field -> messages objects
//! (Rails, ASP.NET), and the reading of one error item that other shapes share.

use serde_json::{Map, Value};

use super::values::{code_of, location_of, text_or_json};
use super::{ApiError, Detail, Shape};

/// `{"errors": [...]}`: every item is a detail. code/message are the object's own
/// (GitHub sends `message` beside `errors`), else the first item's.
pub(super) fn errors_array(obj: &Map<String, Value>) -> Option<ApiError> {
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

/// Details from an `errors`-like member: an array's items, or a field -> message(s) object
/// (each message a detail located at its field).
pub(super) fn details_of(items: &Value) -> Vec<Detail> {
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
/// first key of each list above that holds one (plus JSON:API's `source.pointer`,
/// GraphQL's `extensions.code`, and GitHub's `resource` before the field: `Issue.title`);
/// with no message, the members not used for code or location, as compact JSON, so
/// nothing the server said is lost, or else the code. Other values: compact JSON.
pub(super) fn detail_of(item: &Value) -> Detail {
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
    // GitHub names the resource a field belongs to: `{"resource": "Issue", "field":
    // "title", "code": "missing_field"}` is `Issue.title`.
    let location = match obj.get("resource").and_then(Value::as_str) {
        Some(resource) if !resource.is_empty() => {
            used.push("resource");
            Some(match location {
                Some(field) => format!("{resource}.{field}"),
                None => resource.to_string(),
            })
        }
        _ => location,
    };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::error_body::testing::{d, error, summary};

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
                "missing_field",
                Some("Issue.title")
            )]
        );
        let e = error(r#"{"errors": [{"resource": "Issue", "code": "custom", "field": "body", "message": "body is too long"}, {"resource": "Label", "code": "invalid"}]}"#).unwrap();
        assert_eq!(
            e.details,
            [
                d(Some("custom"), "body is too long", Some("Issue.body")),
                d(Some("invalid"), "invalid", Some("Label"))
            ]
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
}
