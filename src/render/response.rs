//! The response card: one response for people (status, meaning, error, rate limit,
//! operation, connection, headers, timings, body), and the one-line note for scripts on
//! stderr. Its helpers serve the JSON line (`json_line.rs`) and the HAR view (`har.rs`);
//! the sections that tell what the server said (error, retry time, rate limit, JSON
//! lines) are in `sections.rs`.
//! Every string a server or file controls is sanitized and credentials are masked before
//! they are written. A URL row (request, location) is never broken mid-string: a URL too
//! wide for its row goes whole on a line of its own (`url_rows.rs`), up to the length a
//! cell shows; one longer is cut with a note and wrapped, as any text.

use std::io::{self, Write};

use colored::Colorize;
use comfy_table::{Attribute, Color};

use super::json::Lines;
use super::sections;
use super::{cell, class_color, class_colored, kv_table, kv_text, mask, sanitize};
use crate::classify::class_line;
use crate::cli::BodyMode;
use crate::config::Config;
use crate::exit::Exit;
use crate::inspect::{ApiError, BodyKind};
use crate::report::Report;
use crate::source::Response;

/// Lines of body shown before `--body auto` cuts it.
pub const BODY_LINES: usize = 40;

/// Bytes of one body line shown before `--body auto` cuts it: a minified body is one line.
pub const BODY_LINE_BYTES: usize = 2000;

/// How responses are shown.
#[derive(Debug, Clone, Copy)]
pub struct Show {
    pub body: BodyMode,
    pub verbose: bool,
    /// Every response header, without the request (`-i`; `send` of a HEAD request).
    pub headers: bool,
    /// `-v -v`: the whole request body too.
    pub very_verbose: bool,
    /// The timing picture (`send --timing`, `-v`).
    pub timing: bool,
    pub show_secrets: bool,
    /// Name the source above the card (several inputs).
    pub name_source: bool,
}

/// A header's value as shown: masked when it is a secret, unless `--show-secrets`.
pub(super) fn header_value<'a>(
    name: &str,
    value: &'a str,
    show: &Show,
) -> std::borrow::Cow<'a, str> {
    if show.show_secrets {
        value.into()
    } else {
        mask::header_value(name, value)
    }
}

pub(super) fn shown_url<'a>(url: &'a str, show: &Show) -> std::borrow::Cow<'a, str> {
    if show.show_secrets {
        url.into()
    } else {
        mask::url(url)
    }
}

/// The status as people read it: `420 Enhance Your Calm`, or the failure.
pub(super) fn headline(report: &Report) -> String {
    match &report.verdict {
        Some(v) => {
            let registered = crate::registry::lookup(v.code).map(|s| s.text);
            let text = crate::inspect::headline_text(
                &v.text,
                registered,
                report.response.reason.as_deref(),
            );
            format!("{:03} {}", v.code, sanitize::line(text))
        }
        None => "no response".to_string(),
    }
}

/// One-line summary of an API error: `88: Rate limit exceeded`.
pub(super) fn error_summary(e: &ApiError) -> String {
    let message = e.message.as_deref().map(sanitize::line);
    match (e.code.as_deref().map(sanitize::line), message) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(c), None) => c.into_owned(),
        (None, Some(m)) => m.into_owned(),
        (None, None) => "(no message)".to_string(),
    }
}

/// Writes a card for one report.
pub fn card(out: &mut dyn Write, report: &Report, show: &Show, config: &Config) -> io::Result<()> {
    let r = &report.response;
    if show.name_source {
        writeln!(
            out,
            "{}",
            format!("── {} ──", sanitize::line(&r.source)).dimmed()
        )?;
    }
    let max = config.fit_width.then_some(usize::from(config.width));
    super::wire::hop_lines(out, r, &|u| shown_url(u, show).into_owned(), max)?;
    let mut t = kv_table(config);
    let key = |k: &str| cell::of(k).add_attribute(Attribute::Dim);
    match &report.verdict {
        Some(v) => {
            writeln!(
                out,
                "{}",
                headline(report).color(class_colored(v.class)).bold()
            )?;
            let reason = r.reason.as_deref().map(str::trim);
            // A phrase in other case or spelling (`Gateway Time-out`) says nothing new.
            let same = reason.is_some_and(|reason| crate::inspect::same_words(reason, &v.text));
            if !same && !r.reason_unavailable {
                let said = match reason {
                    Some(reason) => format!("{} {}", v.code, sanitize::line(reason)),
                    None => format!("{} with no reason phrase", v.code),
                };
                t.add_row(vec![key("server said"), cell::of(said)]);
            } else if r.reason.is_none() && no_reason_in_version(r) {
                let said = format!("{} (HTTP/2 has no reason phrase)", v.code);
                t.add_row(vec![key("server said"), cell::of(said)]);
            }
            if !v.description.is_empty() {
                t.add_row(vec![
                    key("meaning"),
                    cell::of(sanitize::text(&v.description)),
                ]);
            }
            let source = match v.source {
                _ if super::operation::documented_by_operation(report) => String::new(),
                // The built-in table is one API's: the card says whose.
                crate::classify::Source::Documented
                    if v.origin == Some(crate::docs::Origin::Embedded) =>
                {
                    format!(" · {}", crate::docs::EMBEDDED_NAME)
                }
                crate::classify::Source::Documented => String::new(),
                // The operation row says what the description documents.
                crate::classify::Source::Standard if super::operation::described(report) => {
                    " · meaning from the standard registry".into()
                }
                crate::classify::Source::Standard => {
                    " · standard registry: not in the documented table".into()
                }
                crate::classify::Source::Unknown => " · neither documented nor registered".into(),
            };
            t.add_row(vec![
                key("class"),
                cell::of(format!("{}{source}", class_line(v.class, v.code)))
                    .fg(class_color(v.class)),
            ]);
        }
        None => {
            let failure = sanitize::line(r.failure.as_deref().unwrap_or_default()).into_owned();
            let (headline, why) = if r.malformed {
                ("malformed entry", failure)
            } else {
                ("no response", format!("{failure}: could not connect"))
            };
            writeln!(out, "{}", headline.red().bold())?;
            t.add_row(vec![key("failure"), cell::of(why).fg(Color::Red)]);
        }
    }
    let mut urls = super::url_rows::WholeUrls::default();
    super::operation::rows(&mut t, report, show.verbose, &mut urls);
    // Which docs judged it and why, as the lookup said (a path is the user's text).
    if show.verbose && report.verdict.is_some() {
        for line in report.judged_by.iter() {
            t.add_row(vec![key("docs"), cell::of(sanitize::line(line))]);
        }
    }
    for (label, value) in status_headers(report, show) {
        if matches!(label, "location" | "content at") {
            let cyan = label == "location";
            t.add_row(vec![key(label), urls.hold(String::new(), value, cyan)]);
            continue;
        }
        let cell = cell::of(value);
        let cell = if matches!(
            label,
            "deprecated" | "sunset" | "deprecation" | "content type"
        ) {
            cell.fg(Color::Magenta)
        } else {
            cell
        };
        t.add_row(vec![key(label), cell]);
    }
    if let Some(req) = &r.request {
        let method = format!("{} ", sanitize::line(&req.method));
        let url = sanitize::line(&shown_url(&req.url, show)).into_owned();
        t.add_row(vec![key("request"), urls.hold(method, url, false)]);
    }
    if let Some(c) = &r.connection {
        if show.verbose {
            for (k, v) in super::wire::connection_rows(c) {
                t.add_row(vec![key(k), cell::of(v)]);
            }
        }
        if let Some((expired, warning)) = super::wire::certificate_warning(c) {
            let color = if expired { Color::Red } else { Color::Magenta };
            t.add_row(vec![key("warning"), cell::of(warning).fg(color)]);
        }
    }
    let exit = if let Some(why) = report.strict.filter(|_| report.exit == Exit::Undocumented) {
        format!("{} (--strict: {})", report.exit.code(), why.reason())
    } else if report.error_by_default {
        format!(
            "{} (--strict lets it pass: this description documents errors only as `default`)",
            report.exit.code()
        )
    } else if report.expected {
        format!("{} (expected)", report.exit.code())
    } else if let Some(passed) = report.passed {
        format!("{} ({})", report.exit.code(), passed.reason())
    } else {
        report.exit.code().to_string()
    };
    t.add_row(vec![key("exit code"), cell::of(exit)]);
    if let Some(e) = report.api_error() {
        for (label, value) in sections::error_rows(e) {
            let cell = cell::of(value);
            let cell = if label == "error" {
                cell.fg(Color::Yellow)
            } else {
                cell
            };
            t.add_row(vec![key(label), cell]);
        }
    }
    if let Some(doc) = &report.error_code {
        let text = [doc.text.as_str(), doc.description.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| sanitize::line(s).into_owned())
            .collect::<Vec<_>>()
            .join(": ");
        t.add_row(vec![
            key("  documented"),
            cell::of(format!("error {}: {text}", sanitize::line(&doc.code))),
        ]);
    }
    for (label, value, stands_out) in sections::wait_rows(report) {
        let cell = cell::of(sanitize::line(&value));
        // Nothing left, or told to wait: the line that explains the failure stands out.
        let cell = if stands_out {
            cell.fg(Color::Yellow)
        } else {
            cell
        };
        t.add_row(vec![key(label), cell]);
    }
    if let Some(v) = &report.verdict {
        for hint in &v.hints {
            // A table's hint is the table's text: untrusted.
            t.add_row(vec![key("hint"), cell::of(sanitize::line(hint))]);
        }
    }
    for w in &r.warnings {
        t.add_row(vec![
            key("warning"),
            cell::of(sanitize::line(w)).fg(Color::Magenta),
        ]);
    }
    if let Some(w) = invalid_json_warning(report) {
        t.add_row(vec![
            key("warning"),
            cell::of(sanitize::line(&w)).fg(Color::Magenta),
        ]);
    }
    writeln!(
        out,
        "{}",
        urls.place(&kv_text(t), usize::from(config.width))
    )?;
    if show.verbose {
        headers(out, r, show, config)?;
    } else if show.headers {
        header_list(out, "response headers", &r.headers, show, config)?;
    }
    if show.timing {
        timings(out, r, config)?;
    }
    body(out, report, show, config)
}

/// The headers that explain the status (`inspect::explaining`), as the card shows them:
/// label and value, masked and sanitized; dates made readable, a content type the body
/// contradicts said so.
pub(super) fn status_headers(report: &Report, show: &Show) -> Vec<(&'static str, String)> {
    let Some(v) = &report.verdict else {
        return Vec::new();
    };
    let r = &report.response;
    // A Retry-After past year 9999 was read too: its row says so (`sections::wait_rows`).
    let read = report
        .rate_limit
        .as_ref()
        .is_some_and(|rl| rl.retry_after_s.is_some() || rl.retry_after_raw.is_some());
    crate::inspect::explaining(v.code, &r.headers, &report.body, read)
        .into_iter()
        .map(|e| {
            let value = match (e.label, e.body_is) {
                (_, Some(is)) if e.value.is_empty() => format!("none given, and the body is {is}"),
                (_, Some(is)) => format!(
                    "{}, but the body is {is}",
                    header_value(&e.name, &e.value, show)
                ),
                ("location" | "content at", _) => shown_url(&e.value, show).into_owned(),
                ("deprecated", _) => deprecation_date(&e.value),
                ("sunset", _) => sections::sunset(&e.value, report.now),
                _ => header_value(&e.name, &e.value, show).into_owned(),
            };
            (e.label, sanitize::line(&value).into_owned())
        })
        .collect()
}

/// RFC 9745's `Deprecation: @1688169599` as a date; other values as sent.
fn deprecation_date(value: &str) -> String {
    let epoch = value
        .strip_prefix('@')
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|&n| crate::inspect::in_rfc3339_range(n));
    match epoch {
        Some(at) => format!("since {}", crate::inspect::utc_datetime(at)),
        None => value.to_string(),
    }
}

/// The response came over HTTP/2, which has no reason phrase: the card says so rather
/// than leave the registry's text to pass for the server's.
fn no_reason_in_version(r: &Response) -> bool {
    r.connection
        .as_ref()
        .and_then(|c| c.http_version.as_deref())
        .is_some_and(|v| v.starts_with("HTTP/2"))
}

/// The warning for a body that says it is JSON and does not parse: damage, shown with the
/// response's own warnings in both outputs.
pub(super) fn invalid_json_warning(report: &Report) -> Option<String> {
    match &report.body {
        BodyKind::InvalidJson {
            line,
            column,
            message,
        } => Some(format!(
            "the JSON body does not parse: line {line}, column {column}: {message}"
        )),
        _ => None,
    }
}

fn headers(out: &mut dyn Write, r: &Response, show: &Show, config: &Config) -> io::Result<()> {
    if let Some(req) = &r.request {
        // As it went out (send): the request line first, with its HTTP version.
        let title = match &req.version {
            Some(version) => {
                let rest = crate::url::split(&req.url).rest;
                let target = if rest.is_empty() { "/" } else { rest };
                let target = shown_url(target, show);
                format!(
                    "request: {} {} {}",
                    sanitize::line(&req.method),
                    sanitize::line(target.split('#').next().unwrap_or_default()),
                    sanitize::line(version)
                )
            }
            None => "request headers".to_string(),
        };
        header_list(out, &title, &req.headers, show, config)?;
        if let Some((start, total)) = &req.body {
            request_body(out, start, *total, show)?;
        }
    }
    for hop in &r.hops {
        if let Some(title) = super::wire::hop_headers(hop) {
            header_list(out, &sanitize::line(&title), &hop.headers, show, config)?;
        }
    }
    header_list(out, "response headers", &r.headers, show, config)
}

/// Bytes of a request body shown under `-v`; `-v -v` or `--body full` show what was kept.
const REQUEST_BODY_SHOWN: usize = 1024;

/// The start of the request body, secrets masked (JSON keys, form fields).
fn request_body(out: &mut dyn Write, start: &[u8], total: u64, show: &Show) -> io::Result<()> {
    let all = show.very_verbose || show.body == BodyMode::Full;
    let shown = if all {
        start
    } else {
        &start[..start.len().min(REQUEST_BODY_SHOWN)]
    };
    writeln!(
        out,
        "\n{}",
        format!("request body · {}", plural(total as usize, "byte", "bytes")).dimmed()
    )?;
    let trimmed = shown.trim_ascii_start();
    let binary = std::str::from_utf8(shown).is_err_and(|e| e.error_len().is_some())
        || shown
            .iter()
            .any(|&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'));
    if binary {
        return writeln!(out, "{}", "binary, not shown".dimmed());
    }
    if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
        let mut lines = Lines::new(shown, false).masking_secrets(!show.show_secrets);
        let mut line = String::new();
        while lines.next_line(&mut line) {
            writeln!(out, "{line}")?;
        }
    } else {
        let text = String::from_utf8_lossy(shown);
        let text = if show.show_secrets {
            text
        } else {
            mask::form(&text).into_owned().into()
        };
        writeln!(out, "{}", sanitize::text(&text).trim_end_matches('\n'))?;
    }
    if (shown.len() as u64) < total {
        let more = format!(
            "… {} more bytes{}",
            total - shown.len() as u64,
            if all { "" } else { " (-v -v shows more)" }
        );
        writeln!(out, "{}", more.dimmed())?;
    }
    Ok(())
}

/// The timing pictures: each hop's, then the response's.
fn timings(out: &mut dyn Write, r: &Response, config: &Config) -> io::Result<()> {
    for (i, hop) in r.hops.iter().enumerate() {
        if let Some(t) = &hop.timing {
            let title = format!("timing of hop {} ({:03})", i + 1, hop.status);
            super::wire::timing_picture(out, &title, t, config)?;
        }
    }
    match &r.timing {
        // A kept-alive connection has no DNS, connect or TLS phases: said, not left blank.
        Some(t) if r.connection.as_ref().is_some_and(|c| c.reused) => super::wire::timing_picture(
            out,
            "timing (connection reused: no DNS, connect or TLS)",
            t,
            config,
        ),
        Some(t) => super::wire::timing_picture(out, "timing", t, config),
        None => Ok(()),
    }
}

fn header_list(
    out: &mut dyn Write,
    title: &str,
    headers: &[(String, String)],
    show: &Show,
    config: &Config,
) -> io::Result<()> {
    if headers.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{}", title.dimmed())?;
    for (name, value) in headers {
        // Masking goes by the real name, before any colour is added to it.
        let value = sanitize::line(&header_value(name, value, show)).into_owned();
        let name = sanitize::name(name);
        let name = if config.color {
            name.cyan().to_string()
        } else {
            name.into_owned()
        };
        writeln!(out, "  {name}: {value}")?;
    }
    Ok(())
}

fn body(out: &mut dyn Write, report: &Report, show: &Show, config: &Config) -> io::Result<()> {
    let r = &report.response;
    if show.body == BodyMode::None || r.body.is_empty() {
        return Ok(());
    }
    let media = r
        .media_type()
        .unwrap_or_else(|| "no content type".to_string());
    let size = r.body.len();
    // `application/json · 48 bytes`
    let heading = format!(
        "{} · {}",
        sanitize::line(&media),
        plural(size, "byte", "bytes")
    );
    let auto = show.body == BodyMode::Auto;
    let (text, total) = match &report.body {
        BodyKind::Empty => return Ok(()),
        BodyKind::Binary => {
            return writeln!(
                out,
                "\n{}",
                format!("{heading} · binary, not shown").dimmed()
            );
        }
        // Re-indented from the text, a line at a time: a cut view stops early, a full
        // one never holds the whole pretty text.
        BodyKind::Json { .. } | BodyKind::LargeJson => {
            writeln!(out, "\n{}", heading.dimmed())?;
            let mask = !show.show_secrets;
            return json_body(out, &r.body, auto, config.color, mask);
        }
        // JSON lines: each value re-indented in turn, one count of lines for the cut.
        BodyKind::JsonLines { values } => {
            let heading = format!(
                "{heading} · {}",
                plural(*values, "JSON value", "JSON values")
            );
            writeln!(out, "\n{}", heading.dimmed())?;
            let mask = !show.show_secrets;
            return sections::json_stream_body(out, &r.body, auto, config.color, mask);
        }
        BodyKind::Html { title } if auto => {
            let title = title.as_deref().map_or("no title".to_string(), |t| {
                format!("title: {}", sanitize::line(t))
            });
            let heading = format!("{heading} · --body full shows the page");
            return writeln!(out, "\n{}\n{title}", heading.dimmed());
        }
        _ => lines_of(sanitize::text(&String::from_utf8_lossy(&r.body)).into_owned()),
    };
    writeln!(out, "\n{}", heading.dimmed())?;
    if !auto {
        return writeln!(out, "{}", text.trim_end_matches('\n'));
    }
    for line in text.lines().take(BODY_LINES) {
        write_line(out, line, true)?;
    }
    if total > BODY_LINES {
        let more = format!(
            "… {} more lines (--body full shows all)",
            total - BODY_LINES
        );
        writeln!(out, "{}", more.dimmed())?;
    }
    Ok(())
}

/// Writes a JSON body re-indented; `mask` hides values under secret keys.
fn json_body(
    out: &mut dyn Write,
    body: &[u8],
    auto: bool,
    color: bool,
    mask: bool,
) -> io::Result<()> {
    let mut lines = Lines::new(body, color).masking_secrets(mask);
    let mut line = String::new();
    let mut shown = 0usize;
    while lines.next_line(&mut line) {
        if auto && shown == BODY_LINES {
            let mut more = 1usize;
            while lines.next_line(&mut line) {
                more += 1;
            }
            let note = format!("… {more} more lines (--body full shows all)");
            return writeln!(out, "{}", note.dimmed());
        }
        write_line(out, &line, auto)?;
        shown += 1;
    }
    Ok(())
}

/// Writes one body line; in a cut view, a very long line is cut too.
pub(super) fn write_line(out: &mut dyn Write, line: &str, auto: bool) -> io::Result<()> {
    if !auto || line.len() <= BODY_LINE_BYTES {
        return writeln!(out, "{line}");
    }
    let mut end = BODY_LINE_BYTES;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let more = format!("… {} more bytes on this line", line.len() - end);
    writeln!(out, "{}{}", &line[..end], more.dimmed())
}

fn lines_of(text: String) -> (String, usize) {
    let total = text.lines().count();
    (text, total)
}

/// One line to stderr for a failed response when stdout is not a terminal; it names
/// the source when several are read.
pub fn stderr_line(err: &mut dyn Write, report: &Report, show: &Show) -> io::Result<()> {
    let what = match &report.verdict {
        // The status came, the exchange still failed: say both.
        Some(v) if report.exit == Exit::Timeout => {
            format!("{} ({}), but timed out", headline(report), v.class.label())
        }
        Some(v) if report.exit == Exit::Connect => format!(
            "{} ({}), but the connection broke before the body was complete",
            headline(report),
            v.class.label()
        ),
        Some(v) if report.exit == Exit::Error && report.response.body_cut => format!(
            "{} ({}), but the body was not written whole (see the warnings)",
            headline(report),
            v.class.label()
        ),
        Some(v) if report.exit == Exit::TooManyRedirects => format!(
            "{} ({}), too many redirects",
            headline(report),
            v.class.label()
        ),
        Some(v) if report.exit == Exit::Undocumented => format!(
            "{} ({}), --strict: {}",
            headline(report),
            v.class.label(),
            report
                .strict
                .map_or("status not documented for this operation", |s| s.reason())
        ),
        Some(v) => format!("{} ({})", headline(report), v.class.label()),
        None => format!(
            "no response: {}",
            sanitize::line(report.response.failure.as_deref().unwrap_or_default())
        ),
    };
    if show.name_source {
        writeln!(
            err,
            "resp: {}: {what}",
            sanitize::line(&report.response.source)
        )
    } else {
        writeln!(err, "resp: {what}")
    }
}

/// `1 entry`, `3 entries`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(body: &str, auto: bool) -> String {
        let mut out = Vec::new();
        json_body(&mut out, body.as_bytes(), auto, false, true).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_cut_view_shows_the_first_lines_and_counts_the_rest() {
        let body = format!("[{}1]", "1,".repeat(99));
        let text = shown(&body, true);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), BODY_LINES + 1);
        assert_eq!(lines[..3], ["[", "  1,", "  1,"]);
        assert_eq!(lines[BODY_LINES], "… 62 more lines (--body full shows all)");
        assert_eq!(shown(&body, false).lines().count(), 102);
    }

    #[test]
    fn long_lines_are_cut_only_in_a_cut_view() {
        let body = format!("{{\"k\": \"{}\"}}", "x".repeat(BODY_LINE_BYTES * 2));
        assert!(shown(&body, true).contains("more bytes on this line"));
        assert!(!shown(&body, false).contains("more bytes on this line"));
    }
}
