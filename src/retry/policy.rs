//! What the command line asked of retrying, resolved once into a [`Policy`], and the rules
//! that need nothing from the server: which outcomes are worth another attempt (`--retry`,
//! `--retry-on`), which ones polling (`--until`) goes on from, which methods may be sent
//! twice, and the exponential backoff used when the server gives no hint.

use std::str::FromStr;
use std::time::Duration;

use crate::classify::Expect;
use crate::exit::Exit;
use crate::report::Report;

/// The statuses retried by default, besides the ones the table calls rate limiting and a
/// 403 with no requests left (GitHub's rate limiting).
pub const DEFAULT_STATUSES: [u16; 7] = [408, 425, 429, 500, 502, 503, 504];

/// `--retry-max-wait` when not given.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(60);

/// `--interval` when `--until` polls and it is not given.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(1);

/// The shortest wait between two attempts, whatever the server, `--interval` or a small
/// `--retry-max-wait` says: a server answering at once is never asked again thousands of
/// times a second.
pub const MIN_WAIT: Duration = Duration::from_millis(100);

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

/// `--until`'s status came, whole: a body cut short is not the answer waited for.
pub(super) fn matched(policy: &Policy, report: &Report) -> bool {
    report.exit == Exit::Success
        && report
            .verdict
            .as_ref()
            .is_some_and(|v| policy.until.iter().any(|e| e.matches(v.code)))
}

/// What `--until` polls again: any other status, and the failures that may pass (a
/// connection, a time limit), not a redirect loop or a request resp cannot make.
pub(super) fn pollable(report: &Report) -> bool {
    match report.exit {
        Exit::Connect | Exit::Timeout => true,
        Exit::Error | Exit::Usage | Exit::TooManyRedirects => false,
        _ => report.verdict.is_some(),
    }
}

/// What `--retry` retries: by `--retry-on`, else the default set.
pub(super) fn worth_retrying(policy: &Policy, report: &Report) -> bool {
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
                || report.quota_spent()
        }
    }
}

/// The backoff before attempt `number + 1`: 1 s, 2 s, 4 s, … capped at `max`, then spread
/// by `jitter` (in [0, 1)) over its upper half, so clients that failed together do not
/// come back together.
pub(super) fn backoff(number: u32, max: Option<Duration>, jitter: f64) -> Duration {
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
    use crate::report::judge;
    use crate::retry::fixtures::*;
    use crate::retry::{Attempt, Decision, Reason, Stop, decide};
    use crate::source::Response;

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
            crate::config::clock(),
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
            crate::config::clock(),
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
                waited: None,
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
            crate::config::clock(),
        );
        assert_eq!(decide_one(&p, &gone), Decision::Stop(Stop::Matched));
        assert!(matches!(
            decide_one(&p, &report(200, &[])),
            Decision::Retry(_)
        ));
    }
}
