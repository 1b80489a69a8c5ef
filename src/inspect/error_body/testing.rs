//! What the error-shape tests share: a body parsed and searched, a detail in one line.

use super::{ApiError, Detail, Shape, api_error};

pub(super) fn error(body: &str) -> Option<ApiError> {
    api_error(&serde_json::from_str(body).unwrap())
}

pub(super) fn d(code: Option<&str>, message: &str, location: Option<&str>) -> Detail {
    Detail {
        code: code.map(str::to_string),
        message: message.to_string(),
        location: location.map(str::to_string),
    }
}

pub(super) fn summary(e: &ApiError) -> (Shape, Option<&str>, Option<&str>) {
    (e.shape, e.code.as_deref(), e.message.as_deref())
}
