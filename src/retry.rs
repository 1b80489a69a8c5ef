//! When to send a request again, and how long to wait first (`send --retry`, `--until`):
//! pure decisions from one attempt's judged outcome, the attempts made, the time spent and
//! the [`Policy`] the command line asked for. No sleeping, no clock, no I/O: the caller
//! passes `now` and a jitter value, so every rule is unit-tested below.
//!
//! The wait, first match wins: the server's `Retry-After` (seconds, or an HTTP date counted
//! from the response's `Date`, else from `now`); the IETF `RateLimit` field's `t=` when its
//! remaining quota `r=` is 0; a rate-limit reset (`RateLimit-Reset`, `X-RateLimit-Reset`,
//! `x-rate-limit-reset`, epoch or delay as [`crate::inspect::rate_limit`] reads them) when
//! nothing is left, or when a rate-limiting status gives no count; else `--interval`, else
//! exponential backoff (1 s, 2 s, 4 s, … under `--retry-max-wait`) with jitter. A server
//! that asks for more than `--retry-max-wait` is not waited for; neither is a wait that
//! would end past `--retry-max-time`. Polling (`--until`) told to come back "now" (a
//! `Retry-After: 0`, a reset already past) keeps to `--interval` instead of spinning.

use std::str::FromStr;
use std::time::Duration;

use crate::classify::Expect;
use crate::exit::Exit;
use crate::inspect::{RateLimit, rate_limit};
use crate::report::Report;

/// The statuses retried by default, besides the ones the table calls rate limiting.
pub const DEFAULT_STATUSES: [u16; 7] = [408, 425, 429, 500, 502, 503, 504];

/// `--retry-max-wait` when not given.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(60);

/// `--interval` when `--until` polls and it is not given.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(1);

/// The first backoff wait; each next one doubles.
const FIRST_BACKOFF: Duration = Duration::from_secs(1);

/// Methods that mean the same when sent twice (RFC 9110 §9.2.2).
const IDEMPOTENT: [&str; 6] = ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"];

/// True when sending `method` twice means the same as sending it once.
pub fn idempotent(method: &str) -> bool {
    IDEMPOTENT.iter().any(|m| m.eq_ignore_ascii_case(method))
}

/// One item of `--retry-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryOn {
    /// A status code (`503`).
    Code(u16),
    /// A class (`5xx`).
    Class(u8),
    /// A failed connection, or a body cut short (exit 7).
    Connect,
    /// A time limit ran out (exit 8).
    Timeout,
}

impl FromStr for RetryOn {
    type Err = String;
    fn from_str(s: &str) -> Result<RetryOn, String> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("connect") {
            return Ok(RetryOn::Connect);
        }
        if s.eq_ignore_ascii_case("timeout") {
            return Ok(RetryOn::Timeout);
        }
        match s.parse::<Expect>() {
            Ok(Expect::Code(c)) => Ok(RetryOn::Code(c)),
            Ok(Expect::Class(d)) => Ok(RetryOn::Class(d)),
            Err(_) => Err(format!(
                "'{s}' is not a status code (503), a class (5xx), connect or timeout"
            )),
        }
    }
}

/// How a run retries, resolved once from the command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Attempts after the first; `None`: as many as the time allows (`--until` alone).
    pub retries: Option<u32>,
    /// What is worth retrying; `None`: the default set (see [`DEFAULT_STATUSES`]).
    pub retry_on: Option<Vec<RetryOn>>,
    /// `--until`: poll until the status is one of these; empty: not polling.
    pub until: Vec<Expect>,
    /// The method, for what is said when it is not sent again.
    pub method: String,
    /// The request may be sent again after it reached the server: the method is
    /// idempotent, or `--retry-all-methods`.
    pub resend: bool,
    /// The longest wait between attempts; a server asking for more is not waited for.
    pub max_wait: Option<Duration>,
    /// No attempt starts, and no wait runs, past this much time since the first attempt.
    pub max_time: Option<Duration>,
    /// The wait when the server gives no hint; `None`: backoff.
    pub interval: Option<Duration>,
}

impl Policy {
    /// True when polling with `--until`.
    pub fn polling(&self) -> bool {
        !self.until.is_empty()
    }

    /// How many attempts in all, when limited.
    pub fn attempts(&self) -> Option<u32> {
        self.retries.map(|n| n.saturating_add(1))
    }
}

/// One attempt made, as the decision sees it.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// Its outcome, judged (a failed exchange is a report with no verdict).
    pub report: &'a Report,
    /// The exchange failed before the request reached the server.
    pub unsent: bool,
    /// The exchange failed in a way that sending again would repeat (TLS).
    pub lasting: bool,
    /// 1 for the first attempt.
    pub number: u32,
    /// Time since the first attempt started, now.
    pub elapsed: Duration,
    /// Now, in epoch seconds: counts a `Retry-After` date or a reset when the response
    /// has no `Date`.
    pub now: i64,
    /// A number in [0, 1) that spreads backoff waits.
    pub jitter: f64,
}

/// Why a wait is as long as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The `Retry-After` header.
    RetryAfter,
    /// The IETF `RateLimit` field's `t=`, with nothing left.
    RateLimit,
    /// A rate-limit reset header.
    Reset,
    /// Exponential backoff: the server gave no hint.
    Backoff,
    /// `--interval`: the server gave no hint.
    Interval,
}

impl Reason {
    /// The stable name used in `--json`.
    pub fn key(self) -> &'static str {
        match self {
            Reason::RetryAfter => "retry-after",
            Reason::RateLimit => "ratelimit",
            Reason::Reset => "reset",
            Reason::Backoff => "backoff",
            Reason::Interval => "interval",
        }
    }

    /// How a person reads it: `Retry-After`.
    pub fn label(self) -> &'static str {
        match self {
            Reason::RetryAfter => "Retry-After",
            Reason::RateLimit => "RateLimit",
            Reason::Reset => "rate-limit reset",
            Reason::Backoff => "backoff",
            Reason::Interval => "--interval",
        }
    }
}

/// A wait before the next attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wait {
    pub duration: Duration,
    pub reason: Reason,
}

/// Why no further attempt is made.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stop {
    /// Nothing to retry: a success, an expected status, or an outcome not worth retrying.
    Done,
    /// `--until`'s status came.
    Matched,
    /// Worth retrying, but the method is not idempotent and the request reached the server.
    NotIdempotent,
    /// A failed connection, but TLS failed (the server's certificate was refused, or no
    /// TLS server answered): sending again would fail the same way. `--until` polls on.
    Tls,
    /// Worth retrying, and no attempts are left.
    OutOfAttempts,
    /// The server asks to wait longer than `--retry-max-wait`: `None` seconds when it asks
    /// for a time past year 9999.
    WaitTooLong {
        asked_s: Option<u64>,
        reason: Reason,
    },
    /// The wait would end past `--retry-max-time`.
    OutOfTime(Wait),
}

impl Stop {
    /// The stable name used in `--json`.
    pub fn key(self) -> &'static str {
        match self {
            Stop::Done => "done",
            Stop::Matched => "matched",
            Stop::NotIdempotent => "not_idempotent",
            Stop::Tls => "tls",
            Stop::OutOfAttempts => "attempts",
            Stop::WaitTooLong { .. } => "max_wait",
            Stop::OutOfTime(_) => "max_time",
        }
    }
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    Retry(Wait),
    Stop(Stop),
}

/// Decides what follows `attempt` under `policy`.
pub fn decide(policy: &Policy, attempt: &Attempt) -> Decision {
    let report = attempt.report;
    if policy.polling() && matched(policy, report) {
        return Decision::Stop(Stop::Matched);
    }
    let worth = if policy.polling() {
        pollable(report)
    } else {
        worth_retrying(policy, report)
    };
    if !worth {
        return Decision::Stop(Stop::Done);
    }
    if attempt.lasting && !policy.polling() {
        return Decision::Stop(Stop::Tls);
    }
    if !policy.resend && !attempt.unsent {
        return Decision::Stop(Stop::NotIdempotent);
    }
    if policy.retries.is_some_and(|n| attempt.number > n) {
        return Decision::Stop(Stop::OutOfAttempts);
    }
    let wait = match server_hint(report, attempt.now) {
        Some((asked_s, reason)) => {
            let within = |s: u64| {
                policy
                    .max_wait
                    .is_none_or(|max| Duration::from_secs(s) <= max)
            };
            match (asked_s.filter(|&s| within(s)), policy.interval) {
                // "Now" says nothing about pace: polling, which may go on for ever, keeps
                // to its interval rather than asking again at once.
                (Some(0), Some(interval)) if policy.polling() => Wait {
                    duration: interval,
                    reason: Reason::Interval,
                },
                (Some(s), _) => Wait {
                    duration: Duration::from_secs(s),
                    reason,
                },
                (None, _) => return Decision::Stop(Stop::WaitTooLong { asked_s, reason }),
            }
        }
        None => match policy.interval {
            Some(duration) => Wait {
                duration,
                reason: Reason::Interval,
            },
            None => Wait {
                duration: backoff(attempt.number, policy.max_wait, attempt.jitter),
                reason: Reason::Backoff,
            },
        },
    };
    if let Some(max) = policy.max_time
        && attempt.elapsed.saturating_add(wait.duration) > max
    {
        return Decision::Stop(Stop::OutOfTime(wait));
    }
    Decision::Retry(wait)
}

/// The exit code a run ends with, once `stop` ended it with `last` as its last outcome:
/// the last outcome's, as without retries; for `--until`, 0 when it matched, 8 when
/// `--retry-max-time` ran out, and 1 (nothing matched) for a success that was not the one
/// waited for.
pub fn final_exit(policy: &Policy, stop: Stop, last: &Report) -> Exit {
    match stop {
        Stop::Matched => Exit::Success,
        _ if !policy.polling() => last.exit,
        Stop::OutOfTime(_) => Exit::Timeout,
        _ if last.exit == Exit::Success => Exit::Error,
        _ => last.exit,
    }
}

/// `--until`'s status came, whole: a body cut short is not the answer waited for.
fn matched(policy: &Policy, report: &Report) -> bool {
    report.exit == Exit::Success
        && report
            .verdict
            .as_ref()
            .is_some_and(|v| policy.until.iter().any(|e| e.matches(v.code)))
}

/// What `--until` polls again: any other status, and the failures that may pass (a
/// connection, a time limit), not a redirect loop or a request resp cannot make.
fn pollable(report: &Report) -> bool {
    match report.exit {
        Exit::Connect | Exit::Timeout => true,
        Exit::Error | Exit::Usage | Exit::TooManyRedirects => false,
        _ => report.verdict.is_some(),
    }
}

/// What `--retry` retries: by `--retry-on`, else the default set.
fn worth_retrying(policy: &Policy, report: &Report) -> bool {
    if report.exit == Exit::Success {
        return false;
    }
    let code = report.verdict.as_ref().map(|v| v.code);
    let connect = report.exit == Exit::Connect;
    let timeout = report.exit == Exit::Timeout;
    match &policy.retry_on {
        Some(list) => list.iter().any(|item| match *item {
            RetryOn::Code(c) => code == Some(c),
            RetryOn::Class(d) => code.is_some_and(|code| code / 100 == u16::from(d)),
            RetryOn::Connect => connect,
            RetryOn::Timeout => timeout,
        }),
        None => {
            connect
                || timeout
                || code.is_some_and(|c| DEFAULT_STATUSES.contains(&c))
                || report
                    .verdict
                    .as_ref()
                    .is_some_and(|v| v.about_rate_limiting())
        }
    }
}

/// The header names of rate-limit resets.
const RESET_HEADERS: [&str; 4] = [
    "ratelimit-reset",
    "x-ratelimit-reset",
    "x-rate-limit-reset",
    "x-ratelimit-reset-after",
];

/// How long the server asks to wait, in seconds, and which header says so; `None` seconds
/// for a time past year 9999. Times are counted from the response's `Date`, else `now`.
fn server_hint(report: &Report, now: i64) -> Option<(Option<u64>, Reason)> {
    let headers = &report.response.headers;
    let anchor = report.date.unwrap_or(now);
    let all = rate_limit(headers, Some(anchor))?;
    if let Some(s) = all.retry_after_s {
        return Some((Some(s), Reason::RetryAfter));
    }
    let only = |names: &[&str]| {
        let picked: Vec<(String, String)> = headers
            .iter()
            .filter(|(n, _)| names.iter().any(|w| n.trim().eq_ignore_ascii_case(w)))
            .cloned()
            .collect();
        rate_limit(&picked, Some(anchor))
    };
    let until = |rl: &RateLimit| match (rl.reset_at, &rl.reset_raw) {
        (Some(at), _) => Some(Some(u64::try_from(at.saturating_sub(anchor)).unwrap_or(0))),
        (None, Some(_)) => Some(None),
        (None, None) => None,
    };
    if let Some(ietf) = only(&["ratelimit"])
        && ietf.remaining == Some(0)
        && let Some(wait) = until(&ietf)
    {
        return Some((wait, Reason::RateLimit));
    }
    let limited = match all.remaining {
        Some(left) => left == 0,
        None => report
            .verdict
            .as_ref()
            .is_some_and(|v| v.code == 429 || v.about_rate_limiting()),
    };
    if limited
        && let Some(resets) = only(&RESET_HEADERS)
        && let Some(wait) = until(&resets)
    {
        return Some((wait, Reason::Reset));
    }
    None
}

/// The backoff before attempt `number + 1`: 1 s, 2 s, 4 s, … capped at `max`, then spread
/// by `jitter` (in [0, 1)) over its upper half, so clients that failed together do not
/// come back together.
fn backoff(number: u32, max: Option<Duration>, jitter: f64) -> Duration {
    let doubled = FIRST_BACKOFF.saturating_mul(1u32 << number.saturating_sub(1).min(31));
    let capped = max.map_or(doubled, |max| doubled.min(max));
    capped
        .mul_f64(0.5 + jitter.clamp(0.0, 1.0) / 2.0)
        .min(capped)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::Docs;
    use crate::report::{failed, judge};
    use crate::source::Response;

    /// 2026-11-26T08:00:00Z.
    const NOW: i64 = 1_795_680_000;
    const DATE: &str = "Thu, 26 Nov 2026 08:00:00 GMT";

    fn policy() -> Policy {
        Policy {
            retries: Some(4),
            retry_on: None,
            until: Vec::new(),
            method: "GET".into(),
            resend: true,
            max_wait: Some(DEFAULT_MAX_WAIT),
            max_time: None,
            interval: None,
        }
    }

    fn report(status: u16, headers: &[(&str, &str)]) -> Report {
        let response = Response {
            source: "t".into(),
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            ..Response::default()
        };
        judge(response, &Docs::embedded(), &[], true)
    }

    fn failure(exit: Exit) -> Report {
        let err = anyhow::Error::new(crate::exit::Failure {
            exit,
            message: "h: it failed".into(),
            hint: None,
            unsent: false,
            lasting: false,
        });
        failed("t".into(), &err, None)
    }

    fn decide_at(policy: &Policy, report: &Report, number: u32) -> Decision {
        decide(
            policy,
            &Attempt {
                report,
                unsent: false,
                lasting: false,
                number,
                elapsed: Duration::ZERO,
                now: NOW,
                jitter: 0.999,
            },
        )
    }

    fn decide_one(policy: &Policy, report: &Report) -> Decision {
        decide_at(policy, report, 1)
    }

    /// A TLS failure (exit 7 like a refused connection) would fail the same way again:
    /// `--retry` stops at once, even when `--retry-on connect` asks for connections; a
    /// poll with `--until` goes on (a certificate may be on its way).
    #[test]
    fn tls_failures_are_not_retried_but_polled() {
        let tls = failure(Exit::Connect);
        let after = |policy: &Policy, lasting: bool| {
            decide(
                policy,
                &Attempt {
                    report: &tls,
                    unsent: false,
                    lasting,
                    number: 1,
                    elapsed: Duration::ZERO,
                    now: NOW,
                    jitter: 0.0,
                },
            )
        };
        let retrying = policy();
        assert!(matches!(after(&retrying, false), Decision::Retry(_)));
        assert_eq!(after(&retrying, true), Decision::Stop(Stop::Tls));
        let connect = Policy {
            retry_on: Some(vec![RetryOn::Connect]),
            ..policy()
        };
        assert_eq!(after(&connect, true), Decision::Stop(Stop::Tls));
        let polling = Policy {
            until: vec![Expect::Code(200)],
            ..policy()
        };
        assert!(matches!(after(&polling, true), Decision::Retry(_)));
        assert_eq!(Stop::Tls.key(), "tls");
    }

    fn wait(secs: u64, reason: Reason) -> Decision {
        Decision::Retry(Wait {
            duration: Duration::from_secs(secs),
            reason,
        })
    }

    fn secs(d: Decision) -> Option<f64> {
        match d {
            Decision::Retry(w) => Some(w.duration.as_secs_f64()),
            Decision::Stop(_) => None,
        }
    }

    #[test]
    fn the_default_set() {
        let p = policy();
        for code in [408, 425, 429, 500, 502, 503, 504, 420] {
            assert!(
                matches!(decide_one(&p, &report(code, &[])), Decision::Retry(_)),
                "{code}"
            );
        }
        for code in [200, 204, 301, 304, 400, 401, 403, 404, 410, 501, 505, 999] {
            assert_eq!(
                decide_one(&p, &report(code, &[])),
                Decision::Stop(Stop::Done),
                "{code}"
            );
        }
        for exit in [Exit::Connect, Exit::Timeout] {
            assert!(matches!(decide_one(&p, &failure(exit)), Decision::Retry(_)));
        }
        assert_eq!(
            decide_one(&p, &failure(Exit::Error)),
            Decision::Stop(Stop::Done)
        );
    }

    #[test]
    fn a_rate_limiting_status_of_the_table_in_use() {
        let table = Docs::of_tables(vec![
            crate::docs::Table::parse(
                "Code | Text | Description\n--- | --- | ---\n509 | Slow Down | Rate limit exceeded\n",
                "t.md",
                crate::docs::Format::Markdown,
            )
            .unwrap(),
        ]);
        let r = judge(
            Response {
                status: 509,
                ..Response::default()
            },
            &table,
            &[],
            true,
        );
        assert!(matches!(decide_one(&policy(), &r), Decision::Retry(_)));
    }

    #[test]
    fn retry_on_replaces_the_set() {
        let p = Policy {
            retry_on: Some(vec![
                RetryOn::Code(404),
                RetryOn::Class(5),
                RetryOn::Timeout,
            ]),
            ..policy()
        };
        assert!(matches!(
            decide_one(&p, &report(404, &[])),
            Decision::Retry(_)
        ));
        assert!(matches!(
            decide_one(&p, &report(501, &[])),
            Decision::Retry(_)
        ));
        assert!(matches!(
            decide_one(&p, &failure(Exit::Timeout)),
            Decision::Retry(_)
        ));
        for r in [report(429, &[]), report(408, &[]), failure(Exit::Connect)] {
            assert_eq!(decide_one(&p, &r), Decision::Stop(Stop::Done));
        }
        let p = Policy {
            retry_on: Some(vec![RetryOn::Connect]),
            ..policy()
        };
        assert!(matches!(
            decide_one(&p, &failure(Exit::Connect)),
            Decision::Retry(_)
        ));
    }

    #[test]
    fn retry_on_items_parse() {
        let parse = |s: &str| s.parse::<RetryOn>();
        assert_eq!(parse("503"), Ok(RetryOn::Code(503)));
        assert_eq!(parse("5XX"), Ok(RetryOn::Class(5)));
        assert_eq!(parse(" Connect "), Ok(RetryOn::Connect));
        assert_eq!(parse("TIMEOUT"), Ok(RetryOn::Timeout));
        for bad in ["", "50", "5x", "dns", "5000"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_expected_status_is_an_answer() {
        let r = judge(
            Response {
                status: 503,
                ..Response::default()
            },
            &Docs::embedded(),
            &["503".parse().unwrap()],
            true,
        );
        assert_eq!(decide_one(&policy(), &r), Decision::Stop(Stop::Done));
    }

    #[test]
    fn a_body_cut_short_is_a_connection_failure() {
        let mut r = report(200, &[]);
        r.exit = Exit::Connect;
        assert!(matches!(decide_one(&policy(), &r), Decision::Retry(_)));
        let p = Policy {
            retry_on: Some(vec![RetryOn::Class(5)]),
            ..policy()
        };
        assert_eq!(decide_one(&p, &r), Decision::Stop(Stop::Done));
    }

    #[test]
    fn methods_that_are_not_idempotent() {
        for m in ["GET", "head", "PUT", "DELETE", "OPTIONS", "TRACE"] {
            assert!(idempotent(m), "{m}");
        }
        for m in ["POST", "PATCH", "CONNECT", "PURGE", ""] {
            assert!(!idempotent(m), "{m}");
        }
        let p = Policy {
            method: "POST".into(),
            resend: false,
            ..policy()
        };
        // Reached the server: not sent again.
        assert_eq!(
            decide_one(&p, &report(503, &[])),
            Decision::Stop(Stop::NotIdempotent)
        );
        assert_eq!(
            decide_one(&p, &failure(Exit::Timeout)),
            Decision::Stop(Stop::NotIdempotent)
        );
        // Never reached it: safe.
        let refused = failure(Exit::Connect);
        let d = decide(
            &p,
            &Attempt {
                report: &refused,
                unsent: true,
                lasting: false,
                number: 1,
                elapsed: Duration::ZERO,
                now: NOW,
                jitter: 0.0,
            },
        );
        assert!(matches!(d, Decision::Retry(_)));
        // Nothing to retry is still nothing to retry.
        assert_eq!(
            decide_one(&p, &report(201, &[])),
            Decision::Stop(Stop::Done)
        );
    }

    #[test]
    fn attempts_run_out() {
        let p = policy();
        let r = report(503, &[]);
        assert!(matches!(decide_at(&p, &r, 4), Decision::Retry(_)));
        assert_eq!(decide_at(&p, &r, 5), Decision::Stop(Stop::OutOfAttempts));
        assert_eq!(p.attempts(), Some(5));
        let none = Policy {
            retries: Some(0),
            ..policy()
        };
        assert_eq!(decide_at(&none, &r, 1), Decision::Stop(Stop::OutOfAttempts));
        let unlimited = Policy {
            retries: None,
            ..policy()
        };
        assert!(matches!(
            decide_at(&unlimited, &r, u32::MAX),
            Decision::Retry(_)
        ));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        let p = policy();
        assert_eq!(
            decide_one(&p, &report(429, &[("Retry-After", "7")])),
            wait(7, Reason::RetryAfter)
        );
        // A date counts from the response's Date, whatever our clock says.
        let r = report(
            503,
            &[
                ("Date", "Thu, 26 Nov 2026 07:00:00 GMT"),
                ("Retry-After", "Thu, 26 Nov 2026 07:00:30 GMT"),
            ],
        );
        assert_eq!(decide_one(&p, &r), wait(30, Reason::RetryAfter));
        // Without a Date, from now.
        let r = report(503, &[("Retry-After", "Thu, 26 Nov 2026 08:00:12 GMT")]);
        assert_eq!(decide_one(&p, &r), wait(12, Reason::RetryAfter));
        // A date already past: at once.
        let r = report(503, &[("Retry-After", "Thu, 26 Nov 2026 07:59:00 GMT")]);
        assert_eq!(decide_one(&p, &r), wait(0, Reason::RetryAfter));
        // Retry-After wins over every other hint.
        let r = report(
            429,
            &[
                ("RateLimit", "\"default\";r=0;t=50"),
                ("X-RateLimit-Reset", "40"),
                ("Retry-After", "3"),
            ],
        );
        assert_eq!(decide_one(&p, &r), wait(3, Reason::RetryAfter));
        // Unreadable: backoff.
        let r = report(503, &[("Retry-After", "soon")]);
        assert!(matches!(
            decide_one(&p, &r),
            Decision::Retry(Wait {
                reason: Reason::Backoff,
                ..
            })
        ));
    }

    #[test]
    fn ietf_ratelimit_when_nothing_is_left() {
        let p = policy();
        let r = report(429, &[("RateLimit", "\"default\";r=0;t=5")]);
        assert_eq!(decide_one(&p, &r), wait(5, Reason::RateLimit));
        let r = report(
            429,
            &[
                ("Date", DATE),
                ("RateLimit-Policy", "\"default\";q=100;w=60"),
                ("RateLimit", "\"default\";r=0;t=9"),
            ],
        );
        assert_eq!(decide_one(&p, &r), wait(9, Reason::RateLimit));
        // The older dictionary form.
        let r = report(429, &[("RateLimit", "limit=10, remaining=0, reset=4")]);
        assert_eq!(decide_one(&p, &r), wait(4, Reason::RateLimit));
        // Quota left: the reset is not what the server is waiting for.
        let r = report(503, &[("RateLimit", "\"default\";r=3;t=50")]);
        assert!(matches!(
            decide_one(&p, &r),
            Decision::Retry(Wait {
                reason: Reason::Backoff,
                ..
            })
        ));
    }

    #[test]
    fn reset_headers_epoch_and_delay() {
        let p = policy();
        // Epoch seconds, counted from the response's Date.
        let r = report(
            420,
            &[
                ("Date", "Thu, 26 Nov 2026 07:59:00 GMT"),
                ("x-rate-limit-remaining", "0"),
                ("x-rate-limit-reset", "1795680000"),
            ],
        );
        assert_eq!(decide_one(&p, &r), wait(60, Reason::Reset));
        // Epoch seconds without a Date: from now.
        let r = report(429, &[("X-RateLimit-Reset", "1795680020")]);
        assert_eq!(decide_one(&p, &r), wait(20, Reason::Reset));
        // A delay.
        let r = report(
            429,
            &[("RateLimit-Remaining", "0"), ("RateLimit-Reset", "2")],
        );
        assert_eq!(decide_one(&p, &r), wait(2, Reason::Reset));
        let r = report(429, &[("X-RateLimit-Reset-After", "1.5")]);
        assert_eq!(decide_one(&p, &r), wait(2, Reason::Reset));
        // A reset already past: at once.
        let r = report(429, &[("X-RateLimit-Reset", "1795679000")]);
        assert_eq!(decide_one(&p, &r), wait(0, Reason::Reset));
        // Quota left, or a status that is not about rate limiting and gives no count:
        // the reset is only the window's, not a wait.
        for r in [
            report(
                503,
                &[("X-RateLimit-Remaining", "10"), ("X-RateLimit-Reset", "30")],
            ),
            report(
                429,
                &[("X-RateLimit-Remaining", "1"), ("X-RateLimit-Reset", "30")],
            ),
            report(503, &[("X-RateLimit-Reset", "30")]),
        ] {
            assert!(matches!(
                decide_one(&p, &r),
                Decision::Retry(Wait {
                    reason: Reason::Backoff,
                    ..
                })
            ));
        }
        // Nothing left says it, whatever the status.
        let r = report(
            503,
            &[("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "30")],
        );
        assert_eq!(decide_one(&p, &r), wait(30, Reason::Reset));
    }

    #[test]
    fn a_wait_past_the_cap_is_not_waited_for() {
        let p = policy();
        let hour = report(429, &[("Retry-After", "3600")]);
        assert_eq!(
            decide_one(&p, &hour),
            Decision::Stop(Stop::WaitTooLong {
                asked_s: Some(3600),
                reason: Reason::RetryAfter
            })
        );
        assert_eq!(
            decide_one(&p, &report(429, &[("Retry-After", "60")])),
            wait(60, Reason::RetryAfter)
        );
        let far = report(
            429,
            &[
                ("x-rate-limit-remaining", "0"),
                ("x-rate-limit-reset", "253402300800"),
            ],
        );
        assert_eq!(
            decide_one(&p, &far),
            Decision::Stop(Stop::WaitTooLong {
                asked_s: None,
                reason: Reason::Reset
            })
        );
        let huge = report(503, &[("Retry-After", "18446744073709551615")]);
        assert!(matches!(
            decide_one(&p, &huge),
            Decision::Stop(Stop::WaitTooLong { .. })
        ));
        // The cap raised, or none.
        let raised = Policy {
            max_wait: Some(Duration::from_secs(7200)),
            ..policy()
        };
        assert_eq!(decide_one(&raised, &hour), wait(3600, Reason::RetryAfter));
        let none = Policy {
            max_wait: None,
            ..policy()
        };
        assert_eq!(decide_one(&none, &hour), wait(3600, Reason::RetryAfter));
    }

    #[test]
    fn the_whole_run_is_capped() {
        let p = Policy {
            max_time: Some(Duration::from_secs(10)),
            ..policy()
        };
        let r = report(503, &[("Retry-After", "4")]);
        let at = |elapsed: u64| {
            decide(
                &p,
                &Attempt {
                    report: &r,
                    unsent: false,
                    lasting: false,
                    number: 1,
                    elapsed: Duration::from_secs(elapsed),
                    now: NOW,
                    jitter: 0.0,
                },
            )
        };
        assert_eq!(at(6), wait(4, Reason::RetryAfter));
        assert_eq!(
            at(7),
            Decision::Stop(Stop::OutOfTime(Wait {
                duration: Duration::from_secs(4),
                reason: Reason::RetryAfter
            }))
        );
        assert!(matches!(at(60), Decision::Stop(Stop::OutOfTime(_))));
    }

    #[test]
    fn backoff_doubles_under_the_cap_with_jitter_in_its_upper_half() {
        let max = Some(DEFAULT_MAX_WAIT);
        for (number, nominal) in [
            (1, 1.0),
            (2, 2.0),
            (3, 4.0),
            (6, 32.0),
            (7, 60.0),
            (40, 60.0),
        ] {
            for jitter in [0.0, 0.25, 0.5, 0.999_999] {
                let got = backoff(number, max, jitter).as_secs_f64();
                assert!(
                    got >= nominal / 2.0 && got <= nominal,
                    "attempt {number}, jitter {jitter}: {got}"
                );
            }
            assert_eq!(backoff(number, max, 0.0).as_secs_f64(), nominal / 2.0);
        }
        // Jitter spreads: different values, different waits.
        assert_ne!(backoff(3, max, 0.1), backoff(3, max, 0.9));
        // Out-of-range jitter is clamped, never past the cap.
        assert!(backoff(3, max, 7.0) <= Duration::from_secs(4));
        assert!(backoff(3, max, -1.0) >= Duration::from_secs(2));
        // No cap: doubling stops growing, never overflows.
        assert!(backoff(u32::MAX, None, 0.5) > Duration::from_secs(1 << 30));
        assert_eq!(
            secs(decide_at(&policy(), &report(503, &[]), 2)).map(|s| (1.0..=2.0).contains(&s)),
            Some(true)
        );
    }

    #[test]
    fn the_interval_replaces_backoff_not_hints() {
        let p = Policy {
            interval: Some(Duration::from_millis(2500)),
            ..policy()
        };
        assert_eq!(
            decide_at(&p, &report(503, &[]), 3),
            Decision::Retry(Wait {
                duration: Duration::from_millis(2500),
                reason: Reason::Interval
            })
        );
        assert_eq!(
            decide_one(&p, &report(503, &[("Retry-After", "2")])),
            wait(2, Reason::RetryAfter)
        );
    }

    fn until(list: &str) -> Policy {
        Policy {
            retries: None,
            until: list.split(',').map(|s| s.parse().unwrap()).collect(),
            interval: Some(DEFAULT_INTERVAL),
            ..policy()
        }
    }

    #[test]
    fn until_polls_every_other_outcome() {
        let p = until("2xx");
        assert_eq!(
            decide_one(&p, &report(204, &[])),
            Decision::Stop(Stop::Matched)
        );
        for r in [
            report(404, &[]),
            report(301, &[]),
            report(501, &[]),
            failure(Exit::Connect),
            failure(Exit::Timeout),
        ] {
            assert_eq!(decide_one(&p, &r), wait(1, Reason::Interval));
        }
        assert_eq!(
            decide_one(&p, &report(503, &[("Retry-After", "5")])),
            wait(5, Reason::RetryAfter)
        );
        // "Now" does not make polling ask again at once.
        assert_eq!(
            decide_one(&p, &report(503, &[("Retry-After", "0")])),
            wait(1, Reason::Interval)
        );
        // What polling cannot fix ends it.
        assert_eq!(
            decide_one(&p, &failure(Exit::Error)),
            Decision::Stop(Stop::Done)
        );
        let mut looped = report(301, &[]);
        looped.exit = Exit::TooManyRedirects;
        assert_eq!(decide_one(&p, &looped), Decision::Stop(Stop::Done));
        // A 200 whose body was cut short is not the answer waited for.
        let mut cut = report(200, &[]);
        cut.exit = Exit::Connect;
        assert!(matches!(decide_one(&p, &cut), Decision::Retry(_)));
        // Waiting for a 404: a 200 is polled again.
        let p = until("404,410");
        let gone = judge(
            Response {
                status: 404,
                ..Response::default()
            },
            &Docs::embedded(),
            &p.until,
            true,
        );
        assert_eq!(decide_one(&p, &gone), Decision::Stop(Stop::Matched));
        assert!(matches!(
            decide_one(&p, &report(200, &[])),
            Decision::Retry(_)
        ));
    }

    #[test]
    fn final_exit_codes() {
        let retry = policy();
        let poll = until("2xx");
        let busy = report(503, &[]);
        let ok = report(200, &[]);
        let out_of_time = Stop::OutOfTime(Wait {
            duration: Duration::from_secs(1),
            reason: Reason::Interval,
        });
        assert_eq!(
            final_exit(&retry, Stop::OutOfAttempts, &busy),
            Exit::ServerError
        );
        assert_eq!(final_exit(&retry, out_of_time, &busy), Exit::ServerError);
        assert_eq!(final_exit(&retry, Stop::Done, &ok), Exit::Success);
        assert_eq!(final_exit(&poll, Stop::Matched, &ok), Exit::Success);
        assert_eq!(final_exit(&poll, out_of_time, &busy), Exit::Timeout);
        assert_eq!(
            final_exit(&poll, Stop::OutOfAttempts, &failure(Exit::Connect)),
            Exit::Connect
        );
        assert_eq!(
            final_exit(&poll, Stop::OutOfAttempts, &busy),
            Exit::ServerError
        );
        // A success that was not the status waited for: nothing matched.
        assert_eq!(
            final_exit(&until("404"), Stop::OutOfAttempts, &ok),
            Exit::Error
        );
    }
}
