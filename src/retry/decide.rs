//! One attempt weighed against the [`Policy`] and the server's hints: another attempt
//! after a [`Wait`], or a [`Stop`] that says why not; and the exit code a run ends with.

use std::time::Duration;

use super::hints::server_hint;
use super::policy::{MIN_WAIT, Policy, backoff, matched, pollable, worth_retrying};
use super::{Reason, Wait};
use crate::exit::Exit;
use crate::report::Report;

/// What a polling run keeps of its time for the last attempt when it cuts the server's
/// wait to what `--retry-max-time` leaves (half of what is left, when that is less).
const LAST_ATTEMPT_ROOM: Duration = Duration::from_secs(1);

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
    /// The wait before this attempt, if any: after one cut to leave a last attempt, the
    /// server's wait is not cut again.
    pub waited: Option<Wait>,
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
        // "Now" says nothing about pace: as when nothing is said, the interval or a
        // backoff that grows with each attempt, never at once.
        Some((Some(0), _)) | None => paced(policy, attempt),
        Some((asked_s, reason)) => {
            let within = |s: u64| {
                policy
                    .max_wait
                    .is_none_or(|max| Duration::from_secs(s) <= max)
            };
            match asked_s.filter(|&s| within(s)) {
                Some(s) => Wait {
                    duration: Duration::from_secs(s),
                    reason,
                    shortened: false,
                    last: false,
                },
                // Waiting for a service is what polling is for: a maintenance page's long
                // wait is cut to the limits below, not a reason to give up.
                None if policy.polling() && (policy.max_wait.or(policy.max_time)).is_some() => {
                    Wait {
                        duration: policy.max_wait.or(policy.max_time).unwrap_or_default(),
                        reason,
                        shortened: true,
                        last: false,
                    }
                }
                None => return Decision::Stop(Stop::WaitTooLong { asked_s, reason }),
            }
        }
    };
    let wait = Wait {
        duration: wait.duration.max(MIN_WAIT),
        ..wait
    };
    // Polling, a server's wait that does not fit in what --retry-max-time leaves (with
    // time for the attempt after it) is cut once, to what is left less room for a last
    // attempt: the service is asked once more before the time runs out, then no more.
    let wait = match policy.max_time {
        Some(max) if policy.polling() && wait.reason.from_server() => {
            let left = max.saturating_sub(attempt.elapsed);
            if wait.duration.saturating_add(MIN_WAIT) <= left {
                wait
            } else {
                let room = left.saturating_sub(LAST_ATTEMPT_ROOM.min(left / 2));
                let after_last = attempt.waited.is_some_and(|w| w.last);
                if after_last || room < MIN_WAIT {
                    return Decision::Stop(Stop::OutOfTime(wait));
                }
                Wait {
                    duration: room,
                    shortened: true,
                    last: true,
                    ..wait
                }
            }
        }
        _ => wait,
    };
    if let Some(max) = policy.max_time
        && attempt.elapsed.saturating_add(wait.duration) > max
    {
        return Decision::Stop(Stop::OutOfTime(wait));
    }
    Decision::Retry(wait)
}

/// The wait when the server sets no pace: `--interval`, else backoff.
fn paced(policy: &Policy, attempt: &Attempt) -> Wait {
    match policy.interval {
        Some(duration) => Wait {
            duration,
            reason: Reason::Interval,
            shortened: false,
            last: false,
        },
        None => Wait {
            duration: backoff(attempt.number, policy.max_wait, attempt.jitter),
            reason: Reason::Backoff,
            shortened: false,
            last: false,
        },
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Expect;
    use crate::retry::RetryOn;
    use crate::retry::fixtures::*;

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
                    waited: None,
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
                    waited: None,
                },
            )
        };
        assert_eq!(at(6), wait(4, Reason::RetryAfter));
        assert_eq!(
            at(7),
            Decision::Stop(Stop::OutOfTime(Wait {
                duration: Duration::from_secs(4),
                reason: Reason::RetryAfter,
                shortened: false,
                last: false,
            }))
        );
        assert!(matches!(at(60), Decision::Stop(Stop::OutOfTime(_))));
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
                reason: Reason::Interval,
                shortened: false,
                last: false,
            })
        );
        assert_eq!(
            decide_one(&p, &report(503, &[("Retry-After", "2")])),
            wait(2, Reason::RetryAfter)
        );
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
            shortened: false,
            last: false,
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

    /// A server that says "now" (`Retry-After: 0`, a date or a reset already past) is
    /// not asked again at once: backoff grows with each attempt, `--interval` keeps its
    /// pace, and no wait is ever under [`MIN_WAIT`], whatever the flags.
    #[test]
    fn now_is_never_at_once() {
        let now_hints: [&[(&str, &str)]; 4] = [
            &[("Retry-After", "0")],
            &[
                ("Date", DATE),
                ("Retry-After", "Thu, 26 Nov 2026 07:00:00 GMT"),
            ],
            &[("RateLimit", "\"default\";r=0;t=0")],
            &[("Date", DATE), ("X-RateLimit-Reset", "1795679000")],
        ];
        for headers in now_hints {
            let r = report(429, headers);
            let mut last = Duration::ZERO;
            for (number, low, high) in [(1, 0.5, 1.0), (2, 1.0, 2.0), (3, 2.0, 4.0)] {
                for jitter in [0.0, 0.999] {
                    let d = decide(
                        &policy(),
                        &Attempt {
                            report: &r,
                            unsent: false,
                            lasting: false,
                            number,
                            elapsed: Duration::ZERO,
                            now: NOW,
                            jitter,
                            waited: None,
                        },
                    );
                    let Decision::Retry(w) = d else {
                        panic!("{headers:?}: {d:?}")
                    };
                    assert_eq!(w.reason, Reason::Backoff, "{headers:?}");
                    let s = w.duration.as_secs_f64();
                    assert!(s >= low && s <= high, "{headers:?} #{number}: {s}");
                    assert!(w.duration > last, "{headers:?} #{number}: grows");
                    last = w.duration;
                }
            }
        }
        // The floor holds under an interval of 0 and under a tiny cap on backoff.
        let now = report(503, &[("Retry-After", "0")]);
        let floor = Decision::Retry(Wait {
            duration: MIN_WAIT,
            reason: Reason::Interval,
            shortened: false,
            last: false,
        });
        for interval in [
            Duration::ZERO,
            Duration::from_nanos(1),
            Duration::from_millis(99),
        ] {
            let p = Policy {
                interval: Some(interval),
                ..policy()
            };
            assert_eq!(decide_one(&p, &now), floor);
            assert_eq!(decide_one(&p, &report(503, &[])), floor);
        }
        let tiny = Policy {
            max_wait: Some(Duration::from_millis(1)),
            ..policy()
        };
        assert_eq!(
            decide_at(&tiny, &now, 4),
            Decision::Retry(Wait {
                duration: MIN_WAIT,
                reason: Reason::Backoff,
                shortened: false,
                last: false,
            })
        );
        // An interval above the floor is kept as given; polling keeps it too.
        let p = Policy {
            interval: Some(Duration::from_millis(250)),
            ..policy()
        };
        assert_eq!(
            decide_one(&p, &now),
            Decision::Retry(Wait {
                duration: Duration::from_millis(250),
                reason: Reason::Interval,
                shortened: false,
                last: false,
            })
        );
        // The floor counts against --retry-max-time.
        let p = Policy {
            interval: Some(Duration::ZERO),
            max_time: Some(Duration::from_millis(1000)),
            ..policy()
        };
        let at = |elapsed: u64| {
            decide(
                &p,
                &Attempt {
                    report: &now,
                    unsent: false,
                    lasting: false,
                    number: 1,
                    elapsed: Duration::from_millis(elapsed),
                    now: NOW,
                    jitter: 0.0,
                    waited: None,
                },
            )
        };
        assert!(matches!(at(900), Decision::Retry(_)));
        assert!(matches!(at(901), Decision::Stop(Stop::OutOfTime(_))));
    }

    #[test]
    fn polling_cuts_a_long_wait_to_its_limits_instead_of_giving_up() {
        let maintenance = report(503, &[("Retry-After", "120")]);
        let p = Policy {
            max_time: Some(Duration::from_secs(20)),
            ..until("2xx")
        };
        let after = |p: &Policy, r: &Report, elapsed_ms: u64, waited: Option<Wait>| {
            decide(
                p,
                &Attempt {
                    report: r,
                    unsent: false,
                    lasting: false,
                    number: 1,
                    elapsed: Duration::from_millis(elapsed_ms),
                    now: NOW,
                    jitter: 0.0,
                    waited,
                },
            )
        };
        let at = |p: &Policy, elapsed: u64| after(p, &maintenance, elapsed * 1000, None);
        let last = |ms: u64| Wait {
            duration: Duration::from_millis(ms),
            reason: Reason::RetryAfter,
            shortened: true,
            last: true,
        };
        // What is left, less a second for the last attempt.
        assert_eq!(at(&p, 0), Decision::Retry(last(19_000)));
        assert_eq!(at(&p, 15), Decision::Retry(last(4000)));
        // Under two seconds left, half of it is kept.
        assert_eq!(at(&p, 19), Decision::Retry(last(500)));
        // Under the floor left: no wait shorter than it, the run stops.
        assert!(matches!(
            after(&p, &maintenance, 19_850, None),
            Decision::Stop(Stop::OutOfTime(_))
        ));
        assert!(matches!(at(&p, 20), Decision::Stop(Stop::OutOfTime(_))));
        // After the last attempt, however much is left, no other: the wait asked (cut to
        // --retry-max-wait) is said as for --retry.
        let stop = after(&p, &maintenance, 19_010, Some(last(19_000)));
        assert_eq!(
            stop,
            Decision::Stop(Stop::OutOfTime(Wait {
                duration: Duration::from_secs(60),
                reason: Reason::RetryAfter,
                shortened: true,
                last: false,
            }))
        );
        // A last attempt then a server that sets no pace: polled on at --interval.
        let plain = report(503, &[]);
        assert!(matches!(
            after(&p, &plain, 19_000, Some(last(500))),
            Decision::Retry(Wait {
                reason: Reason::Interval,
                ..
            })
        ));
        // No time limit: asked again after --retry-max-wait, as often as it takes.
        assert_eq!(
            at(&until("2xx"), 0),
            Decision::Retry(Wait {
                duration: Duration::from_secs(60),
                reason: Reason::RetryAfter,
                shortened: true,
                last: false,
            })
        );
        // Retry-After: 1 under --retry-max-time 2: a second fits in the 1.99 s left and is
        // not said to be cut; with 0.99 s left, one last attempt half-way, then none.
        let p2 = Policy {
            max_time: Some(Duration::from_secs(2)),
            ..until("2xx")
        };
        let one = report(503, &[("Retry-After", "1")]);
        assert_eq!(after(&p2, &one, 10, None), wait(1, Reason::RetryAfter));
        assert_eq!(after(&p2, &one, 1010, None), Decision::Retry(last(495)));
        assert!(matches!(
            after(&p2, &one, 1510, Some(last(495))),
            Decision::Stop(Stop::OutOfTime(Wait {
                shortened: false,
                ..
            }))
        ));
        // A wait within both limits is the server's own.
        let short = report(503, &[("Retry-After", "5")]);
        assert_eq!(decide_one(&p, &short), wait(5, Reason::RetryAfter));
        // Without limits, a time past year 9999 is still not waited for.
        let unlimited = Policy {
            max_wait: None,
            ..until("2xx")
        };
        let far = report(503, &[("Retry-After", "18446744073709551615")]);
        assert!(matches!(
            decide_one(&unlimited, &far),
            Decision::Stop(Stop::WaitTooLong { asked_s: None, .. })
        ));
        // --retry (not polling) still gives up.
        assert!(matches!(
            decide_one(&policy(), &maintenance),
            Decision::Stop(Stop::WaitTooLong { .. })
        ));
    }
}
