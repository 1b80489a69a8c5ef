//! Sections of the response card that tell what the server said, each a small function
//! returning rows (or, for the body, lines): the API error (problem details as a person
//! reads them, an error said once), the retry time apart from the rate-limit figures, a
//! `Sunset` that has passed, and a JSON lines body value by value. Every string from the
//! server is sanitized here, before any colour is added.

use std::io::{self, Write};

use colored::Colorize;

use super::json::Lines;
use super::response::{BODY_LINES, error_summary, write_line};
use super::sanitize;
use crate::inspect::{ApiError, Detail, Shape, describe, quota, retry_time};
use crate::report::Report;

/// A problem's `title` and `detail` as one line: `Out of credit: Your balance is 30`, or
/// `You have no credit. Your balance is 30` when the title ends a sentence itself (no `.:`).
fn title_and_detail(title: &str, detail: &str) -> String {
    let title = title.trim_end();
    match title.chars().last() {
        Some('.' | '!' | '?' | ':' | ';' | '…' | '。' | '！' | '？') => {
            format!("{title} {detail}")
        }
        _ => format!("{title}: {detail}"),
    }
}

/// The card's rows for the body's API error, sanitized: the headline, its details, the
/// shape. An error is said once: a single detail that repeats the headline becomes the
/// headline (with its location), and several are counted, not headlined by the first.
/// Problem details (RFC 9457) read as a person reads them: the title and the detail
/// together (the `status` member is the status, not an error code), then `type` and
/// `instance` on their own lines.
pub(super) fn error_rows(e: &ApiError) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    let mut details: Vec<&Detail> = e.details.iter().collect();
    let headline = if e.shape == Shape::Problem {
        let at = |details: &[&Detail], name: &str| {
            details
                .iter()
                .position(|d| d.location.as_deref() == Some(name))
        };
        let title = at(&details, "title").map(|i| details.remove(i).message.clone());
        let message = e.message.as_deref().map(sanitize::line);
        let headline = match (title, message) {
            (Some(t), Some(m)) if t.trim() != m.trim() => title_and_detail(&sanitize::line(&t), &m),
            (_, Some(m)) => m.into_owned(),
            (Some(t), None) => sanitize::line(&t).into_owned(),
            (None, None) => "(no title or detail)".to_string(),
        };
        rows.push(("error", headline));
        for member in ["type", "instance"] {
            if let Some(i) = at(&details, member) {
                let d = details.remove(i);
                rows.push((
                    if member == "type" {
                        "  type"
                    } else {
                        "  instance"
                    },
                    sanitize::line(&d.message).into_owned(),
                ));
            }
        }
        None
    } else if let [d] = details[..]
        && e.message.as_deref().map(str::trim) == Some(d.message.trim())
        && (d.code.is_none() || e.code.is_none() || d.code == e.code)
    {
        // `88: Rate limit exceeded` is not repeated as `Rate limit exceeded (88)`; a
        // FastAPI error is said once, where it applies.
        details.clear();
        Some(match (&d.location, d.code.as_ref().or(e.code.as_ref())) {
            (None, _) => error_summary(e),
            (Some(_), code) => detail_line(&Detail {
                code: code.cloned(),
                ..d.clone()
            }),
        })
    } else if e.details.len() > 1 && matches!(e.shape, Shape::ErrorsArray | Shape::Validation) {
        Some(format!("{} errors", e.details.len() + e.details_omitted))
    } else {
        Some(error_summary(e))
    };
    if let Some(headline) = headline {
        rows.insert(0, ("error", headline));
    }
    for d in details {
        rows.push(("  detail", detail_line(d)));
    }
    if e.details_omitted > 0 {
        rows.push((
            "  detail",
            format!("… {} more, not kept", e.details_omitted),
        ));
    }
    rows.push(("  shape", e.shape.describe().to_string()));
    rows
}

/// One detail: `body.email: field required (value_error.missing)`, sanitized.
fn detail_line(d: &Detail) -> String {
    let mut line = String::new();
    if let Some(loc) = &d.location {
        line.push_str(&format!("{}: ", sanitize::line(loc)));
    }
    line.push_str(&sanitize::line(&d.message));
    // A detail whose only words are its code says it once: `Issue.title: missing_field`.
    if let Some(code) = d.code.as_ref().filter(|c| **c != d.message) {
        line.push_str(&format!(" ({})", sanitize::line(code)));
    }
    line
}

/// The card's rows about waiting: the `Retry-After` as a retry time (any status may send
/// one: a 503 in maintenance is not rate limited), then the rate-limit figures; each with
/// whether it stands out (told to wait, or nothing left).
pub(super) fn wait_rows(report: &Report) -> Vec<(&'static str, String, bool)> {
    let Some(rl) = &report.rate_limit else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    if let Some(time) = retry_time(rl, report.date, report.now) {
        rows.push(("retry after", time, true));
    }
    let spent = rl.remaining == Some(0);
    match quota(rl, report.date, report.now) {
        Some(figures) => rows.push(("rate limit", figures, spent)),
        None if rows.is_empty() => {
            rows.push(("rate limit", describe(rl, report.date, report.now), false))
        }
        None => {}
    }
    rows
}

/// RFC 8594's `Sunset` date as sent, said to have passed when it has (the resource may be
/// gone by now); other values as sent.
pub(super) fn sunset(value: &str, now: Option<i64>) -> String {
    let passed = crate::inspect::parse_http_date(value)
        .zip(now)
        .is_some_and(|(at, now)| at <= now);
    if passed {
        format!("{value} (has passed)")
    } else {
        value.to_string()
    }
}

/// Writes a stream of JSON values (JSON lines), each re-indented from its own text; a
/// cut view stops after [`BODY_LINES`] lines in all and counts the rest.
pub(super) fn json_stream_body(
    out: &mut dyn Write,
    body: &[u8],
    auto: bool,
    color: bool,
    mask: bool,
) -> io::Result<()> {
    let mut stream =
        serde_json::Deserializer::from_slice(body).into_iter::<serde::de::IgnoredAny>();
    let mut start = 0usize;
    let mut line = String::new();
    let (mut shown, mut more) = (0usize, 0usize);
    while let Some(Ok(_)) = stream.next() {
        let end = stream.byte_offset().min(body.len());
        let mut lines = Lines::new(&body[start..end], color).masking_secrets(mask);
        start = end;
        while lines.next_line(&mut line) {
            if auto && shown == BODY_LINES {
                more += 1;
                continue;
            }
            write_line(out, &line, auto)?;
            shown += 1;
        }
    }
    if more > 0 {
        let note = format!("… {more} more lines (--body full shows all)");
        writeln!(out, "{}", note.dimmed())?;
    }
    Ok(())
}
