//! The `--json` line for one response: its fields (documented in README's schema section)
//! as serde types of their own, written through the one sanitizing JSON formatter. `-v`
//! adds the `headers` array and `--body full` the body (`body`, `body_base64`); without
//! them the line keeps its fields.

use std::io::{self, Write};

use serde::Serialize;

use super::json::Lines;
use super::mask;
use super::response::{Show, header_value, invalid_json_warning, shown_url};
use super::sanitize;
use crate::cli::BodyMode;
use crate::inspect::{in_rfc3339_range, utc_datetime};
use crate::report::Report;
use crate::source::Response;

#[derive(Serialize)]
struct JsonReport<'a> {
    /// The record's kind, `response`: other kinds (`attempt`) join the same stream.
    #[serde(rename = "type")]
    kind: &'static str,
    source: &'a str,
    status: Option<u16>,
    reason: Option<String>,
    class: Option<&'static str>,
    exit_code: u8,
    expected: bool,
    /// Why a 3xx counts as no failure where it was captured: `redirect followed`,
    /// `conditional request`.
    passed: Option<&'static str>,
    documented: Option<JsonDocumented<'a>>,
    standard: Option<JsonStandard<'a>>,
    error: Option<JsonError>,
    rate_limit: Option<JsonRateLimit>,
    hops: Vec<JsonHop>,
    content_type: Option<String>,
    /// The headers that explain the status (`Allow` on a 405, …), masked.
    status_headers: Vec<JsonHeader>,
    body_bytes: usize,
    failure: Option<String>,
    warnings: Vec<String>,
    request: Option<JsonRequest>,
    timing: Option<super::wire::JsonTiming>,
    connection: Option<super::wire::JsonConnection>,
    // The operation's fields (`operation::JsonFields`), written in line: serde's
    // `flatten` would write the whole line through its slower map path.
    operation: Option<super::operation::JsonOperation>,
    no_operation: Option<String>,
    documented_for_operation: Option<bool>,
    meaning_from: Option<&'static str>,
    operation_response: Option<super::operation::JsonResponse>,
    strict_failure: Option<&'static str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    error_by_default: bool,
    /// With `-v`: every response header in order, secrets masked.
    #[serde(skip_serializing_if = "Option::is_none")]
    headers: Option<Vec<JsonHeader>>,
    /// With `--body full`: the body as text when it is UTF-8 (else null)…
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<Option<String>>,
    /// … or in base64 when it is not (else null).
    #[serde(skip_serializing_if = "Option::is_none")]
    body_base64: Option<Option<String>>,
}

#[derive(Serialize)]
struct JsonHeader {
    name: String,
    value: String,
}

#[derive(Serialize)]
struct JsonDocumented<'a> {
    code: u16,
    text: &'a str,
    description: &'a str,
    /// The table that documents it: a file as given, or the embedded table's name.
    table: Option<String>,
}

#[derive(Serialize)]
struct JsonStandard<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct JsonError {
    shape: &'static str,
    code: Option<String>,
    message: Option<String>,
    details: Vec<JsonDetail>,
    details_omitted: usize,
    documented: Option<JsonErrorDoc>,
}

#[derive(Serialize)]
struct JsonDetail {
    code: Option<String>,
    message: String,
    location: Option<String>,
}

#[derive(Serialize)]
struct JsonErrorDoc {
    code: String,
    text: String,
    description: String,
}

#[derive(Serialize)]
struct JsonRateLimit {
    limit: Option<u64>,
    remaining: Option<u64>,
    reset_at: Option<String>,
    reset_raw: Option<String>,
    retry_after_s: Option<u64>,
    /// The policy the figures are from (`burst`), and its window in seconds.
    policy: Option<String>,
    window_s: Option<u64>,
}

#[derive(Serialize)]
struct JsonHop {
    status: u16,
    reason: Option<String>,
    location: Option<String>,
    /// The URL this hop answered, and where its Location led.
    url: Option<String>,
    next: Option<String>,
    timing: Option<super::wire::JsonTiming>,
}

#[derive(Serialize)]
struct JsonRequest {
    method: String,
    url: String,
}

/// `2026-11-26T08:00:00Z`; None for a time RFC 3339 cannot write (past year 9999).
fn rfc3339(epoch: i64) -> Option<String> {
    in_rfc3339_range(epoch).then(|| {
        utc_datetime(epoch)
            .replacen(' ', "T", 1)
            .replace(" UTC", "Z")
    })
}

/// `--body full`'s `body` and `body_base64`: the body as text when it is UTF-8, else in
/// base64; both null when the body was not read (a successful HAR entry in a summary). A
/// JSON body with values under secret-looking keys is written masked, re-indented as the
/// card shows it, unless `--show-secrets`.
fn body_fields(r: &Response, show: &Show) -> (Option<String>, Option<String>) {
    if r.body_omitted.is_some() {
        return (None, None);
    }
    match std::str::from_utf8(&r.body) {
        Ok(_) if !show.show_secrets && mask::json_has_secret(&r.body) => {
            let mut lines = Lines::new(&r.body, false).masking_secrets(true);
            let (mut text, mut line) = (String::new(), String::new());
            while lines.next_line(&mut line) {
                text.push_str(&line);
                text.push('\n');
            }
            (Some(text), None)
        }
        Ok(text) => (Some(text.to_string()), None),
        Err(_) => (
            None,
            Some(base64::Engine::encode(
                &base64::engine::general_purpose::STANDARD,
                &r.body,
            )),
        ),
    }
}

/// The headers that explain the status, as sent (masked unless `--show-secrets`; URLs
/// masked as everywhere).
fn status_headers(report: &Report, show: &Show) -> Vec<JsonHeader> {
    let Some(v) = &report.verdict else {
        return Vec::new();
    };
    let read = report
        .rate_limit
        .as_ref()
        .is_some_and(|rl| rl.retry_after_s.is_some());
    crate::inspect::explaining(v.code, &report.response.headers, &report.body, read)
        .into_iter()
        .map(|e| {
            let value = match e.label {
                "location" | "content at" => shown_url(&e.value, show).into_owned(),
                _ => header_value(&e.name, &e.value, show).into_owned(),
            };
            JsonHeader {
                name: e.name,
                value,
            }
        })
        .collect()
}

/// Writes one report as one line of JSON.
pub fn json_line(out: &mut dyn Write, report: &Report, show: &Show) -> io::Result<()> {
    let r = &report.response;
    let v = report.verdict.as_ref();
    let documented = v.filter(|v| v.source == crate::classify::Source::Documented);
    let operation = super::operation::json_fields(report);
    let line = JsonReport {
        kind: "response",
        source: &r.source,
        status: v.map(|v| v.code),
        reason: r.reason.clone(),
        class: v.map(|v| v.class.key()),
        exit_code: report.exit.code(),
        expected: report.expected,
        passed: report.passed.map(|p| p.reason()),
        documented: documented.map(|v| JsonDocumented {
            code: v.code,
            text: &v.text,
            description: &v.description,
            table: v.origin.as_ref().map(ToString::to_string),
        }),
        standard: v
            .filter(|v| v.source == crate::classify::Source::Standard)
            .map(|v| JsonStandard { text: &v.text }),
        error: report.api_error().map(|e| JsonError {
            shape: e.shape.key(),
            code: e.code.clone(),
            message: e.message.clone(),
            details: e
                .details
                .iter()
                .map(|d| JsonDetail {
                    code: d.code.clone(),
                    message: d.message.clone(),
                    location: d.location.clone(),
                })
                .collect(),
            details_omitted: e.details_omitted,
            documented: report.error_code.as_ref().map(|d| JsonErrorDoc {
                code: d.code.clone(),
                text: d.text.clone(),
                description: d.description.clone(),
            }),
        }),
        rate_limit: report.rate_limit.as_ref().map(|rl| JsonRateLimit {
            limit: rl.limit,
            remaining: rl.remaining,
            reset_at: rl.reset_at.and_then(rfc3339),
            reset_raw: rl.reset_raw.clone(),
            retry_after_s: rl.retry_after_s,
            policy: rl.policy_name.clone(),
            window_s: rl.window_s,
        }),
        hops: r
            .hops
            .iter()
            .map(|h| JsonHop {
                status: h.status,
                reason: h.reason.clone(),
                location: h
                    .location
                    .as_deref()
                    .map(|l| shown_url(l, show).into_owned()),
                url: h.url.as_deref().map(|u| shown_url(u, show).into_owned()),
                next: h
                    .url
                    .as_deref()
                    .zip(h.location.as_deref())
                    .map(|(u, l)| shown_url(&crate::url::resolve(u, l), show).into_owned()),
                timing: h.timing.as_ref().map(Into::into),
            })
            .collect(),
        content_type: r.header("content-type").map(str::to_string),
        status_headers: status_headers(report, show),
        body_bytes: r
            .body_total
            .and_then(|t| usize::try_from(t).ok())
            .or(r.body_omitted)
            .unwrap_or(r.body.len()),
        failure: r.failure.clone(),
        warnings: r
            .warnings
            .iter()
            .cloned()
            .chain(invalid_json_warning(report))
            .chain(
                r.connection
                    .as_ref()
                    .and_then(super::wire::certificate_warning)
                    .map(|(_, w)| w),
            )
            .collect(),
        request: r.request.as_ref().map(|req| JsonRequest {
            method: req.method.clone(),
            url: shown_url(&req.url, show).into_owned(),
        }),
        timing: r.timing.as_ref().map(Into::into),
        connection: r
            .connection
            .as_ref()
            .map(|c| super::wire::JsonConnection::of(c, rfc3339)),
        operation: operation.operation,
        no_operation: operation.no_operation,
        documented_for_operation: operation.documented_for_operation,
        meaning_from: operation.meaning_from,
        operation_response: operation.operation_response,
        strict_failure: operation.strict_failure,
        error_by_default: operation.error_by_default,
        headers: (show.verbose || show.headers).then(|| {
            r.headers
                .iter()
                .map(|(name, value)| JsonHeader {
                    name: name.clone(),
                    value: header_value(name, value, show).into_owned(),
                })
                .collect()
        }),
        body: None,
        body_base64: None,
    };
    let line = if show.body == BodyMode::Full {
        let (text, base64) = body_fields(r, show);
        JsonReport {
            body: Some(text),
            body_base64: Some(base64),
            ..line
        }
    } else {
        line
    };
    // Written whole: serde writes a line in a hundred small pieces, each a call through
    // `out`'s vtable.
    let mut text = Vec::with_capacity(1024);
    let mut json = serde_json::Serializer::with_formatter(&mut text, sanitize::JsonFormatter);
    line.serialize(&mut json)?;
    text.push(b'\n');
    out.write_all(&text)
}
