//! What a newcomer reads on the card and how resp waits as the server asks, through the
//! binary: a long `Retry-After` while polling, GitHub's 403 rate limiting, a 503's retry
//! time, RFC 9457 problem details, FastAPI validation errors, reason phrases that differ
//! only in spelling, old captures, and JSON lines bodies. Every input is written here,
//! small, and served on loopback or read from a temporary file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::resp;
use common::server::{nothing_more, received, respond, serve};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `resp read -` of `raw`, a saved response on stdin, with `args`; stdout, stderr and the
/// exit code.
fn read(raw: &str, args: &[&str]) -> (String, String, Option<i32>) {
    let out = resp()
        .arg("read")
        .args(args)
        .arg("-")
        .write_stdin(raw.to_string())
        .output()
        .unwrap();
    (stdout(&out), stderr(&out), out.status.code())
}

/// The card's row labelled `label` (its first line), without the label.
fn row(card: &str, label: &str) -> Option<String> {
    card.lines()
        .find_map(|l| l.strip_prefix(label).filter(|rest| rest.starts_with("  ")))
        .map(|rest| rest.trim().to_string())
}

#[test]
fn until_keeps_polling_through_a_long_retry_after() {
    let maintenance = respond(
        "503 Service Unavailable",
        &[("Retry-After", "120"), ("Content-Type", "text/plain")],
        "down for maintenance",
    );
    let ok = respond("200 OK", &[], "");
    let (url, rx) = serve(vec![maintenance, ok]);
    let started = Instant::now();
    let out = resp()
        .args(["send", "--until", "2xx", "--retry-max-time", "3"])
        .arg(&url)
        .output()
        .unwrap();
    let took = started.elapsed();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("not retrying"), "{err}");
    // The wait is what --retry-max-time leaves, less a second for the last attempt: about
    // 2 s, not the 120 s asked for, nor the 60 s of --retry-max-wait.
    let line = err
        .lines()
        .find(|l| l.starts_with("resp: attempt 1: 503 Service Unavailable · waiting "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(line.ends_with(" s (Retry-After asked for longer)"), "{err}");
    let secs: f64 = line
        .trim_start_matches("resp: attempt 1: 503 Service Unavailable · waiting ")
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{err}"));
    assert!((1.0..=2.0).contains(&secs), "{err}");
    assert!(took < Duration::from_secs(10), "{took:?}");
    assert!(received(&rx).is_some() && received(&rx).is_some() && nothing_more(&rx));
}

/// A GitHub-like 403: no requests left, the reset as an epoch.
fn github_403(date: &str, reset: i64) -> String {
    format!(
        "HTTP/1.1 403 Forbidden\r\nDate: {date}\r\nX-RateLimit-Limit: 60\r\nX-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: {reset}\r\nContent-Type: application/json\r\n\r\n{{\"message\": \"API rate limit exceeded.\"}}"
    )
}

#[test]
fn a_403_with_no_requests_left_is_rate_limiting() {
    // 07:46 UTC; the reset at 08:00.
    let raw = github_403("Thu, 26 Nov 2026 07:46:00 GMT", 1_795_680_000);
    let (card, _, code) = read(&raw, &[]);
    assert_eq!(code, Some(4));
    assert_eq!(
        row(&card, "  rate limit").as_deref(),
        Some("0 of 60 left, resets at 2026-11-26 08:00:00 UTC (14 min after the response)")
    );
    let hints: Vec<&str> = card.lines().filter(|l| l.starts_with("  hint")).collect();
    assert_eq!(hints.len(), 2, "{card}");
    assert!(
        hints[0].contains("Rate limited: a 403 with no requests left"),
        "{card}"
    );
    assert!(
        hints[1].contains("Retry after 2026-11-26 08:00:00 UTC (14 min after the response)"),
        "{card}"
    );
    assert!(!card.contains("access is not allowed, or"), "{card}");
    // Requests left: a plain 403, its own advice.
    let left = raw.replace("Remaining: 0", "Remaining: 3");
    let (card, _, _) = read(&left, &[]);
    assert!(!card.contains("Rate limited"), "{card}");
}

#[test]
fn retry_waits_for_the_reset_of_a_403() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let limited = respond(
        "403 Forbidden",
        &[
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", &(now + 2).to_string()),
        ],
        "",
    );
    let (url, rx) = serve(vec![limited, respond("200 OK", &[], "")]);
    let out = resp()
        .args(["send", "--retry", "2"])
        .arg(&url)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("resp: attempt 1 of 3: 403 Forbidden · waiting")
            && err.contains("(rate-limit reset)"),
        "{err}"
    );
    assert!(received(&rx).is_some() && received(&rx).is_some() && nothing_more(&rx));
    // A 403 with requests left is not retried.
    let (url, rx) = serve(vec![respond(
        "403 Forbidden",
        &[("X-RateLimit-Remaining", "5")],
        "",
    )]);
    let out = resp()
        .args(["send", "--retry", "2"])
        .arg(&url)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(received(&rx).is_some() && nothing_more(&rx));
}

#[test]
fn a_503_retry_after_is_a_retry_time_and_the_hint_uses_it() {
    let raw = "HTTP/1.1 503 Service Unavailable\r\nDate: Thu, 26 Nov 2026 07:46:00 GMT\r\nRetry-After: 120\r\n\r\n";
    let (card, _, code) = read(raw, &[]);
    assert_eq!(code, Some(5));
    assert_eq!(
        row(&card, "  retry after").as_deref(),
        Some("2 min (at 2026-11-26 07:48:00 UTC)")
    );
    assert_eq!(row(&card, "  rate limit"), None, "{card}");
    assert_eq!(
        row(&card, "  hint").as_deref(),
        Some("Retry after 2026-11-26 07:48:00 UTC (2 min after the response), as the server's"),
        "{card}"
    );
    assert!(!card.contains("with backoff"), "{card}");
    // A 429 keeps both: the retry time, and its figures as the rate limit.
    let raw =
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 30\r\nX-RateLimit-Remaining: 0\r\n\r\n";
    let (card, _, _) = read(raw, &[]);
    assert_eq!(row(&card, "  retry after").as_deref(), Some("30 s"));
    assert_eq!(row(&card, "  rate limit").as_deref(), Some("0 left"));
}

#[test]
fn problem_details_read_as_title_and_detail_with_type_and_instance_apart() {
    let body = r#"{"type": "https://example.com/probs/no-user", "title": "Not Found", "status": 404, "detail": "User 42 does not exist", "instance": "/users/42", "trace": "abc"}"#;
    let raw =
        format!("HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\n\r\n{body}");
    let (card, _, code) = read(&raw, &["--body", "none"]);
    assert_eq!(code, Some(4));
    assert_eq!(
        row(&card, "  error").as_deref(),
        Some("Not Found: User 42 does not exist"),
        "{card}"
    );
    assert_eq!(
        row(&card, "    type").as_deref(),
        Some("https://example.com/probs/no-user")
    );
    assert_eq!(row(&card, "    instance").as_deref(), Some("/users/42"));
    assert_eq!(row(&card, "    detail").as_deref(), Some("trace: abc"));
    assert!(!card.contains("404: "), "{card}");
    assert!(!card.contains("title: "), "{card}");
    // Nor is the status looked up as one of the API's error codes.
    let dir = common::TempDir::new("newcomer");
    let table = dir.join("codes.md");
    std::fs::write(
        &table,
        "| Code | Text | Description |\n| --- | --- | --- |\n| 404 | Not Found | Nothing here |\n\n## Error codes\n\n| Code | Text | Description |\n| --- | --- | --- |\n| 404 | Not found | An error code of ours |\n",
    )
    .unwrap();
    let (card, _, _) = read(
        &raw,
        &["--body", "none", "--table", table.to_str().unwrap()],
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        row(&card, "  meaning").as_deref(),
        Some("Nothing here"),
        "{card}"
    );
    assert!(!card.contains("documented"), "{card}");
    // A title alone is the headline; hostile text in it is escaped.
    let raw = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/problem+json\r\n\r\n{\"title\": \"Bad \\u001b[31mInput\", \"status\": 400}";
    let (card, _, _) = read(raw, &["--body", "none"]);
    assert_eq!(
        row(&card, "  error").as_deref(),
        Some("Bad \\x1b[31mInput"),
        "{card}"
    );
}

#[test]
fn one_fastapi_validation_error_is_said_once() {
    let raw = "HTTP/1.1 422 Unprocessable Entity\r\nContent-Type: application/json\r\n\r\n{\"detail\": [{\"loc\": [\"body\", \"email\"], \"msg\": \"field required\", \"type\": \"value_error.missing\"}]}";
    let (card, _, code) = read(raw, &["--body", "none"]);
    assert_eq!(code, Some(4));
    assert_eq!(
        row(&card, "  error").as_deref(),
        Some("body.email: field required (value_error.missing)")
    );
    assert_eq!(card.matches("field required").count(), 1, "{card}");
    assert!(!card.contains("  detail "), "{card}");
    // Two are counted, then listed.
    let raw = raw.replace(
        "]}",
        ", {\"loc\": [\"query\", \"page\"], \"msg\": \"not an int\", \"type\": \"int_parsing\"}]}",
    );
    let (card, _, _) = read(&raw, &["--body", "none"]);
    assert_eq!(row(&card, "  error").as_deref(), Some("2 errors"));
    assert_eq!(card.matches("    detail").count(), 2, "{card}");
}

#[test]
fn a_reason_phrase_in_other_case_or_spelling_is_not_said_apart() {
    // The table in use documents `Method not allowed`, a lower-case variant of the
    // registry's `Method Not Allowed`: the server's own words headline the card.
    let (card, _, code) = read("HTTP/1.1 405 Method Not Allowed\r\n\r\n", &[]);
    assert_eq!(code, Some(4));
    assert_eq!(
        card.lines().next(),
        Some("405 Method Not Allowed"),
        "{card}"
    );
    assert!(!card.contains("server said"), "{card}");
    let (card, _, _) = read("HTTP/1.1 504 Gateway Time-out\r\n\r\n", &[]);
    assert!(!card.contains("server said"), "{card}");
    // Other words are still said, escaped.
    let (card, _, _) = read("HTTP/1.1 405 Go \x1b[2JAway\r\n\r\n", &[]);
    assert_eq!(
        row(&card, "  server said").as_deref(),
        Some("405 Go \\x1b[2JAway"),
        "{card}"
    );
    assert!(card.starts_with("405 Method not allowed\n"), "{card}");
}

#[test]
fn json_lines_and_json_streams_are_pretty_printed_value_by_value() {
    let lines = "{\"status\": \"Pulling\", \"id\": \"a\"}\n{\"status\": \"Done \\u001b[2J\"}\n";
    let (url, _) = serve(vec![respond(
        "200 OK",
        &[("Content-Type", "application/x-ndjson")],
        lines,
    )]);
    let out = resp().arg("send").arg(&url).output().unwrap();
    let card = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        card.contains("application/x-ndjson · 62 bytes · 2 JSON values\n{\n  \"status\": \"Pulling\",\n  \"id\": \"a\"\n}\n{\n  \"status\": \"Done \\u001b[2J\"\n}\n"),
        "{card}"
    );
    assert!(
        !card.contains("plain text") && !card.contains("does not parse"),
        "{card}"
    );
    // Values in a row with nothing between them, as Docker sends progress, labelled JSON.
    let raw = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"a\": 1}{\"b\": 2}";
    let (card, _, code) = read(raw, &[]);
    assert_eq!(code, Some(0));
    assert!(
        card.contains("· 2 JSON values\n{\n  \"a\": 1\n}\n{\n  \"b\": 2\n}\n"),
        "{card}"
    );
    assert!(!card.contains("warning"), "{card}");
    // Many values: the cut view counts the lines it leaves out.
    let many: String = (0..30).map(|i| format!("{{\"n\": {i}}}\n")).collect();
    let raw = format!("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n\r\n{many}");
    let (card, _, _) = read(&raw, &[]);
    assert!(card.contains("· 30 JSON values"), "{card}");
    assert!(
        card.contains("… 50 more lines (--body full shows all)"),
        "{card}"
    );
    let (card, _, _) = read(&raw, &["--body", "full"]);
    assert!(
        card.contains("\"n\": 29") && !card.contains("more lines"),
        "{card}"
    );
    // A stream broken midway: said where, not shown as a stream.
    let raw = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n\r\n{\"a\": 1}\n{\"b\": ";
    let (card, _, _) = read(raw, &[]);
    assert!(
        card.contains("the JSON body does not parse: line 2"),
        "{card}"
    );
}

/// `epoch` as an HTTP date (IMF-fixdate), for a capture made today.
fn http_date(epoch: i64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let (days, secs) = (epoch.div_euclid(86_400), epoch.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[days.rem_euclid(7) as usize],
        MONTHS[month as usize - 1],
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[test]
fn an_old_capture_is_told_with_dates_counted_from_the_response() {
    let old = "HTTP/1.1 429 Too Many Requests\r\nDate: Fri, 01 Mar 2024 08:00:00 GMT\r\nRetry-After: 60\r\nX-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: 1709280120\r\n\r\n";
    let (card, _, code) = read(old, &[]);
    assert_eq!(code, Some(4));
    assert_eq!(
        row(&card, "  retry after").as_deref(),
        Some("60 s (at 2024-03-01 08:01:00 UTC)")
    );
    assert_eq!(
        row(&card, "  rate limit").as_deref(),
        Some("0 left, resets at 2024-03-01 08:02:00 UTC (2 min after the response)")
    );
    assert!(
        card.contains(
            "Retry after 2024-03-01 08:01:00 UTC (60 s after the response), and slow down."
        ),
        "{card}"
    );
    assert!(
        !card.contains("in 60 s") && !card.contains("at 08:01:00"),
        "{card}"
    );
    // The same response sent now: times of today, waits from now.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    // Far enough from midnight that the wait ends today.
    let sent = now - now.rem_euclid(86_400).saturating_sub(43_200).max(0);
    let fresh = format!(
        "HTTP/1.1 429 Too Many Requests\r\nDate: {}\r\nRetry-After: 60\r\n\r\n",
        http_date(sent)
    );
    let (card, _, _) = read(&fresh, &[]);
    assert!(card.contains("(in 60 s), and slow down."), "{card}");
    let retry = row(&card, "  retry after").unwrap();
    assert!(
        retry.starts_with("60 s (at ") && !retry.contains('-'),
        "{card}"
    );
}

#[test]
fn a_sunset_that_has_passed_is_said_to_have_passed() {
    let raw = "HTTP/1.1 200 OK\r\nSunset: Sat, 01 Jun 2024 00:00:00 GMT\r\n\r\n";
    let (card, _, code) = read(raw, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        row(&card, "  sunset").as_deref(),
        Some("Sat, 01 Jun 2024 00:00:00 GMT (has passed)")
    );
    let raw = "HTTP/1.1 200 OK\r\nSunset: Fri, 31 Dec 9999 23:59:59 GMT\r\n\r\n";
    let (card, _, _) = read(raw, &[]);
    assert_eq!(
        row(&card, "  sunset").as_deref(),
        Some("Fri, 31 Dec 9999 23:59:59 GMT")
    );
    // A value that is no date is shown as sent, escaped.
    let raw = "HTTP/1.1 200 OK\r\nSunset: soon\x1b[5m\r\n\r\n";
    let (card, _, _) = read(raw, &[]);
    assert_eq!(row(&card, "  sunset").as_deref(), Some("soon\\x1b[5m"));
}
