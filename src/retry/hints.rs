//! What the server asks for before the next attempt, read from one judged response: the
//! `Retry-After` header, the IETF `RateLimit` field's `t=` when nothing is left, and the
//! rate-limit reset headers when nothing is left or a rate-limiting status gives no count.
//! The headers are parsed by [`crate::inspect::rate_limit`]; this file only chooses among
//! them and turns a time into seconds to wait. Every wait that ends past year 9999 (a far
//! date, or seconds more than a `u64` holds, whichever header sends them) is the same
//! answer: no number of seconds, which no `--retry-max-wait` lets through.

use super::Reason;
use crate::inspect::{RateLimit, rate_limit};
use crate::report::Report;

/// The header names of rate-limit resets.
const RESET_HEADERS: [&str; 4] = [
    "ratelimit-reset",
    "x-ratelimit-reset",
    "x-rate-limit-reset",
    "x-ratelimit-reset-after",
];

/// How long the server asks to wait, in seconds, and which header says so; `None` seconds
/// for a time past year 9999. Times are counted from the response's `Date`, else `now`.
pub(super) fn server_hint(report: &Report, now: i64) -> Option<(Option<u64>, Reason)> {
    let headers = &report.response.headers;
    let anchor = report.date.unwrap_or(now);
    let all = rate_limit(headers, Some(anchor))?;
    if let Some(s) = all.retry_after_s {
        return Some((Some(s), Reason::RetryAfter));
    }
    // A number too large to wait for is a wait past year 9999, as a far date would be.
    if all.retry_after_raw.is_some() {
        return Some((None, Reason::RetryAfter));
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

#[cfg(test)]
mod tests {
    use crate::retry::Reason;
    use crate::retry::fixtures::*;
    use crate::retry::{Decision, Policy, Stop, Wait};

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
        // A date already past: "now", which sets no pace: backoff, as for no hint.
        let r = report(503, &[("Retry-After", "Thu, 26 Nov 2026 07:59:00 GMT")]);
        assert!(matches!(
            decide_one(&p, &r),
            Decision::Retry(Wait {
                reason: Reason::Backoff,
                ..
            })
        ));
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
        // A reset already past: "now", which sets no pace: backoff, as for no hint.
        let r = report(429, &[("X-RateLimit-Reset", "1795679000")]);
        assert!(matches!(
            decide_one(&p, &r),
            Decision::Retry(Wait {
                reason: Reason::Backoff,
                ..
            })
        ));
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

    /// Seconds past what a u64 holds, or a wait that would end past year 9999, are not
    /// "nothing said" (which would retry after backoff): they are waits too long, under
    /// any cap and with none, as a reset past 9999 always was.
    #[test]
    fn every_wait_past_year_9999_is_too_long() {
        let huge = "99999999999999999999";
        let too_long = |reason| {
            Decision::Stop(Stop::WaitTooLong {
                asked_s: None,
                reason,
            })
        };
        let no_cap = Policy {
            max_wait: None,
            ..policy()
        };
        for (headers, reason) in [
            (vec![("Retry-After", huge)], Reason::RetryAfter),
            (
                vec![("Retry-After", "18446744073709551615")],
                Reason::RetryAfter,
            ),
            (
                vec![("Date", DATE), ("Retry-After", "253402300800")],
                Reason::RetryAfter,
            ),
            (
                vec![("RateLimit", "\"default\";r=0;t=99999999999999999999")],
                Reason::RateLimit,
            ),
            (vec![("X-RateLimit-Reset", huge)], Reason::Reset),
            (vec![("X-RateLimit-Reset-After", huge)], Reason::Reset),
        ] {
            let r = report(429, &headers);
            assert_eq!(decide_one(&policy(), &r), too_long(reason), "{headers:?}");
            assert_eq!(decide_one(&no_cap, &r), too_long(reason), "{headers:?}");
        }
        // A far date that can be written is a wait too long for the cap, like an hour.
        let r = report(
            503,
            &[
                ("Date", DATE),
                ("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"),
            ],
        );
        assert_eq!(
            decide_one(&policy(), &r),
            Decision::Stop(Stop::WaitTooLong {
                asked_s: Some(253_402_300_799 - NOW as u64),
                reason: Reason::RetryAfter
            })
        );
    }
}
