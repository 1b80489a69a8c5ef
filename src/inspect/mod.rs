//! What we understand in a response, beyond its status: the body (empty, JSON and the API
//! error it carries, HTML, text, binary), the rate-limit headers and the headers that
//! explain a status. Pure: data in, data out, no I/O and no printing, so every rule is
//! unit-tested beside it. Nothing here panics on what a server sends. Text returned is as the server sent it, decoded but not
//! sanitized: that is the renderer's job.

pub mod error_body;
pub mod rate_limit;
pub mod reason;
pub mod status_headers;

pub use error_body::{ApiError, BodyKind, Detail, PREVIEW_CHARS, Shape, api_error, inspect_body};
pub use rate_limit::{
    RateLimit, before_today, days_from_civil, describe, in_rfc3339_range, next_step,
    parse_http_date, quota, rate_limit, retry_step, retry_time, utc_datetime, utc_time,
};
pub use reason::{headline_text, same_words};
pub use status_headers::{Explaining, explaining};
