//! The attempts of `send --retry` and `--until` as they happen: one line per attempt on
//! stderr (`resp: attempt 2 of 5: 429 Too Many Requests · waiting 1 s (Retry-After)`), a
//! live countdown drawn in place when stderr is a terminal, the note that says why the
//! run stopped when that needs saying, and one `--json` record per attempt on stdout. A
//! failure's text names what the server or the network said: it is sanitized.

use std::io::{self, Write};
use std::time::Duration;

use serde::Serialize;

use super::sanitize;
use crate::classify::Expect;
use crate::exit::Exit;
use crate::report::Report;
use crate::retry::{Decision, Policy, Reason, Stop, Wait};

/// One attempt made, and what follows it.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub report: &'a Report,
    /// 1 for the first.
    pub number: u32,
    /// Attempts in all, when limited.
    pub of: Option<u32>,
    /// The wait before this attempt; `None` for the first.
    pub waited: Option<Wait>,
    pub decision: Decision,
}

/// `attempt 2 of 5`, or `attempt 2` when unlimited.
fn attempt_label(number: u32, of: Option<u32>) -> String {
    match of {
        Some(of) => format!("attempt {number} of {of}"),
        None => format!("attempt {number}"),
    }
}

/// An attempt's outcome in a few words: `429 Too Many Requests`, `no response: …`.
pub fn outcome(report: &Report) -> String {
    match &report.verdict {
        Some(v) => {
            let status = format!("{:03} {}", v.code, sanitize::line(&v.text));
            match report.exit {
                Exit::Timeout => format!("{status}, but timed out"),
                Exit::Connect => format!("{status}, but the body was cut short"),
                Exit::TooManyRedirects => format!("{status}, too many redirects"),
                _ => status,
            }
        }
        None => format!(
            "no response: {}",
            sanitize::line(report.response.failure.as_deref().unwrap_or_default())
        ),
    }
}

/// A wait as people read it: `1 s`, `0.5 s`, `37 s`, `5 min`, `2 h`, `3 d` (from two
/// days, as the card says a rate limit's reset).
pub fn duration(d: Duration) -> String {
    // Tenths of a second under ten seconds, rounded up: a wait is never said shorter.
    let tenths = d.as_nanos().div_ceil(100_000_000);
    if tenths < 100 && !tenths.is_multiple_of(10) {
        format!("{}.{} s", tenths / 10, tenths % 10)
    } else {
        whole_seconds(d.as_secs() + u64::from(d.subsec_nanos() > 0))
    }
}

fn whole_seconds(s: u64) -> String {
    match s {
        0..120 => format!("{s} s"),
        120..7200 => format!("{} min", s.div_ceil(60)),
        7200..172_800 => format!("{} h", s.div_ceil(3600)),
        _ => format!("{} d", s.div_ceil(86_400)),
    }
}

/// `waiting 1 s (Retry-After)`; `waiting 19 s (Retry-After asked for longer)` when polling
/// cut the server's wait to its limits.
fn waiting(wait: Wait) -> String {
    let longer = if wait.shortened {
        " asked for longer"
    } else {
        ""
    };
    format!(
        "waiting {} ({}{longer})",
        duration(wait.duration),
        wait.reason.label()
    )
}

/// The line for one attempt: `resp: attempt 2 of 5: 429 Too Many Requests · waiting 1 s
/// (Retry-After)`; the wait is said when another attempt follows.
pub fn line(err: &mut dyn Write, record: &Record) -> io::Result<()> {
    let mut text = format!(
        "resp: {}: {}",
        attempt_label(record.number, record.of),
        outcome(record.report)
    );
    if let Decision::Retry(wait) = record.decision {
        text.push_str(&format!(" · {}", waiting(wait)));
    }
    writeln!(err, "{text}")
}

/// `2xx or 404`.
fn statuses(list: &[Expect]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|e| match e {
            Expect::Code(c) => format!("{c:03}"),
            Expect::Class(d) => format!("{d}xx"),
        })
        .collect();
    items.join(" or ")
}

fn limit(d: Option<Duration>) -> String {
    d.map_or("none".to_string(), duration)
}

/// Why the run stopped, when that needs saying: a wait the server asked for that is not
/// waited, a method not sent again, attempts or time that ran out.
pub fn stop_note(
    err: &mut dyn Write,
    stop: Stop,
    policy: &Policy,
    attempts: u32,
) -> io::Result<()> {
    let tries = if attempts == 1 {
        "1 attempt".to_string()
    } else {
        format!("{attempts} attempts")
    };
    match stop {
        Stop::Done | Stop::Matched => Ok(()),
        Stop::WaitTooLong {
            asked_s: Some(asked),
            reason,
        } => {
            writeln!(
                err,
                "resp: not retrying: the server asks to wait {} ({}), longer than --retry-max-wait ({})",
                whole_seconds(asked),
                reason.label(),
                limit(policy.max_wait)
            )?;
            // No limit a flag takes is that long: the advice is to come back, not to wait.
            if asked as f64 > crate::cli::MOST_SECONDS {
                writeln!(
                    err,
                    "hint: no --retry-max-wait short of 0 (no limit) waits that long: try again much later"
                )
            } else {
                writeln!(err, "hint: --retry-max-wait {asked} waits that long")
            }
        }
        Stop::WaitTooLong {
            asked_s: None,
            reason,
        } => writeln!(
            err,
            "resp: not retrying: the server asks to wait until after the year 9999 ({})",
            reason.label()
        ),
        Stop::Tls => writeln!(
            err,
            "resp: not retrying: TLS failed, and sending again would fail the same way"
        ),
        Stop::NotIdempotent => writeln!(
            err,
            "resp: not retrying: {} is not idempotent and the request reached the server \
             (--retry-all-methods sends it again)",
            sanitize::line(&policy.method)
        ),
        Stop::OutOfAttempts if policy.polling() => writeln!(
            err,
            "resp: gave up after {tries}: no {}",
            statuses(&policy.until)
        ),
        Stop::OutOfAttempts => writeln!(err, "resp: gave up after {tries}"),
        // A server's wait that does not fit is said as for --retry: the last attempt
        // was made, and why there is no other.
        Stop::OutOfTime(wait) if policy.polling() && !wait.reason.from_server() => writeln!(
            err,
            "resp: gave up after {tries}: --retry-max-time ({}) ran out before {}",
            limit(policy.max_time),
            statuses(&policy.until)
        ),
        Stop::OutOfTime(wait) => writeln!(
            err,
            "resp: not retrying: {} would pass --retry-max-time ({})",
            waiting(wait),
            limit(policy.max_time)
        ),
    }
}

/// The countdown drawn in place on a terminal's stderr:
/// `429 Too Many Requests · waiting 37 s (Retry-After) · attempt 2 of 5`.
#[derive(Debug, Default)]
pub struct Live {
    /// Characters drawn by the last update, to blank out.
    drawn: usize,
    /// The most characters a line may take without wrapping.
    width: usize,
}

impl Live {
    /// A countdown for a terminal `width` columns wide.
    pub fn new(width: u16) -> Live {
        Live {
            drawn: 0,
            // Room for the blanking past it, so nothing ever wraps.
            width: usize::from(width).saturating_sub(3).max(20),
        }
    }

    /// Draws the countdown: `left` of the wait for `reason`, before attempt `next`.
    pub fn draw(
        &mut self,
        err: &mut dyn Write,
        report: &Report,
        left: Duration,
        reason: Reason,
        next: u32,
        of: Option<u32>,
    ) -> io::Result<()> {
        let wait = format!(
            " · waiting {} ({}) · {}",
            whole_seconds(left.as_secs() + u64::from(left.subsec_nanos() > 0)),
            reason.label(),
            attempt_label(next, of)
        );
        // The countdown is what the line is for: a long outcome gives way to it.
        let room = self.width.saturating_sub(wait.chars().count());
        let outcome = outcome(report);
        let outcome: String = if outcome.chars().count() > room {
            let keep = room.saturating_sub(1);
            outcome
                .chars()
                .take(keep)
                .chain(std::iter::once('…'))
                .collect()
        } else {
            outcome
        };
        let text = format!("{outcome}{wait}");
        let text: String = text.chars().take(self.width).collect();
        let len = text.chars().count();
        let pad = self.drawn.saturating_sub(len);
        write!(err, "\r{text}{}", " ".repeat(pad))?;
        self.drawn = len;
        err.flush()
    }

    /// Blanks the countdown out, leaving the cursor at the start of its line; also the
    /// `^C` a terminal echoes after it when Ctrl-C ends the wait.
    pub fn clear(&mut self, err: &mut dyn Write) -> io::Result<()> {
        if self.drawn > 0 {
            write!(err, "\r{}\r", " ".repeat(self.drawn + 2))?;
            self.drawn = 0;
        }
        err.flush()
    }
}

#[derive(Serialize)]
struct JsonAttempt<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    attempt: u32,
    of: Option<u32>,
    status: Option<u16>,
    exit_code: u8,
    failure: Option<&'a str>,
    waited_s: f64,
    wait_reason: Option<&'static str>,
    #[serde(rename = "final")]
    last: bool,
    stop: Option<&'static str>,
}

/// One attempt as one line of JSON: `{"type": "attempt", "attempt": 2, …}`.
pub fn json(out: &mut dyn Write, record: &Record) -> io::Result<()> {
    let stop = match record.decision {
        Decision::Stop(stop) => Some(stop),
        Decision::Retry(_) => None,
    };
    let line = JsonAttempt {
        kind: "attempt",
        attempt: record.number,
        of: record.of,
        status: record.report.verdict.as_ref().map(|v| v.code),
        exit_code: record.report.exit.code(),
        failure: record.report.response.failure.as_deref(),
        // Milliseconds are all a wait's length can honestly claim.
        waited_s: record
            .waited
            .map_or(0.0, |w| w.duration.as_millis() as f64 / 1000.0),
        wait_reason: record.waited.map(|w| w.reason.key()),
        last: stop.is_some(),
        stop: stop.map(Stop::key),
    };
    let mut json = serde_json::Serializer::with_formatter(&mut *out, sanitize::JsonFormatter);
    line.serialize(&mut json)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::Docs;
    use crate::report::judge;
    use crate::source::Response;

    fn report(status: u16) -> Report {
        judge(
            Response {
                status,
                ..Response::default()
            },
            &Docs::embedded(),
            &[],
            true,
            crate::config::clock(),
        )
    }

    fn policy() -> Policy {
        Policy {
            retries: Some(4),
            retry_on: None,
            until: Vec::new(),
            method: "POST".into(),
            resend: false,
            max_wait: Some(Duration::from_secs(60)),
            max_time: Some(Duration::from_secs(10)),
            interval: None,
        }
    }

    fn text(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    const RETRY_AFTER_1: Wait = Wait {
        duration: Duration::from_secs(1),
        reason: Reason::RetryAfter,
        shortened: false,
        last: false,
    };

    #[test]
    fn a_long_outcome_gives_way_to_the_countdown() {
        let mut live = Live::new(60);
        let report = crate::report::failed(
            "x".into(),
            &anyhow::anyhow!("localhost:8081: the connection closed early before a response"),
            None,
            crate::config::clock(),
        );
        let mut out = Vec::new();
        live.draw(
            &mut out,
            &report,
            Duration::from_secs(5),
            Reason::Backoff,
            2,
            Some(4),
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.ends_with("· waiting 5 s (backoff) · attempt 2 of 4"),
            "{text}"
        );
        assert!(text.contains('…'), "{text}");
        assert!(
            text.trim_start_matches('\r').chars().count() <= 57,
            "{text}"
        );
    }

    #[test]
    fn one_line_per_attempt() {
        let r = report(429);
        let first = Record {
            report: &r,
            number: 1,
            of: Some(5),
            waited: None,
            decision: Decision::Retry(RETRY_AFTER_1),
        };
        assert_eq!(
            text(|out| line(out, &first)),
            "resp: attempt 1 of 5: 429 Too Many Requests · waiting 1 s (Retry-After)\n"
        );
        let ok = report(200);
        let last = Record {
            report: &ok,
            number: 2,
            of: None,
            waited: Some(RETRY_AFTER_1),
            decision: Decision::Stop(Stop::Done),
        };
        assert_eq!(text(|out| line(out, &last)), "resp: attempt 2: 200 OK\n");
        let mut refused = report(0);
        refused.verdict = None;
        refused.response.failure = Some("h:1: connection refused\x1b[31m".into());
        assert_eq!(
            outcome(&refused),
            "no response: h:1: connection refused\\x1b[31m"
        );
    }

    #[test]
    fn json_records() {
        let r = report(503);
        let record = Record {
            report: &r,
            number: 3,
            of: Some(5),
            waited: Some(Wait {
                duration: Duration::from_millis(1500),
                reason: Reason::Backoff,
                shortened: false,
                last: false,
            }),
            decision: Decision::Stop(Stop::OutOfAttempts),
        };
        let v: serde_json::Value = serde_json::from_str(&text(|out| json(out, &record))).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "type": "attempt", "attempt": 3, "of": 5, "status": 503, "exit_code": 5,
                "failure": null, "waited_s": 1.5, "wait_reason": "backoff", "final": true,
                "stop": "attempts"
            })
        );
        let first = Record {
            waited: None,
            number: 1,
            decision: Decision::Retry(RETRY_AFTER_1),
            ..record
        };
        let v: serde_json::Value = serde_json::from_str(&text(|out| json(out, &first))).unwrap();
        assert_eq!(
            (&v["waited_s"], &v["wait_reason"], &v["final"], &v["stop"]),
            (
                &serde_json::json!(0.0),
                &serde_json::Value::Null,
                &serde_json::json!(false),
                &serde_json::Value::Null
            )
        );
    }

    #[test]
    fn notes_say_why_the_run_stopped() {
        let p = policy();
        let note = |stop| text(|out| stop_note(out, stop, &p, 2));
        assert_eq!(note(Stop::Done), "");
        assert_eq!(note(Stop::Matched), "");
        assert_eq!(
            note(Stop::WaitTooLong {
                asked_s: Some(3600),
                reason: Reason::RetryAfter
            }),
            "resp: not retrying: the server asks to wait 60 min (Retry-After), longer than --retry-max-wait (60 s)\nhint: --retry-max-wait 3600 waits that long\n"
        );
        assert!(
            note(Stop::NotIdempotent).contains("POST is not idempotent and the request reached")
        );
        assert_eq!(
            note(Stop::OutOfAttempts),
            "resp: gave up after 2 attempts\n"
        );
        assert_eq!(
            note(Stop::OutOfTime(RETRY_AFTER_1)),
            "resp: not retrying: waiting 1 s (Retry-After) would pass --retry-max-time (10 s)\n"
        );
        let poll = Policy {
            until: vec!["2xx".parse().unwrap(), "404".parse().unwrap()],
            ..policy()
        };
        let interval = Wait {
            reason: Reason::Interval,
            ..RETRY_AFTER_1
        };
        assert_eq!(
            text(|out| stop_note(out, Stop::OutOfTime(interval), &poll, 7)),
            "resp: gave up after 7 attempts: --retry-max-time (10 s) ran out before 2xx or 404\n"
        );
        // The server's wait that does not fit, after the last attempt: as for --retry.
        assert_eq!(
            text(|out| stop_note(out, Stop::OutOfTime(RETRY_AFTER_1), &poll, 7)),
            "resp: not retrying: waiting 1 s (Retry-After) would pass --retry-max-time (10 s)\n"
        );
        assert_eq!(
            text(|out| stop_note(out, Stop::OutOfAttempts, &poll, 1)),
            "resp: gave up after 1 attempt: no 2xx or 404\n"
        );
    }

    #[test]
    fn the_countdown_is_redrawn_in_place() {
        let r = report(429);
        let mut live = Live::new(100);
        let mut out = Vec::new();
        live.draw(
            &mut out,
            &r,
            Duration::from_millis(36_200),
            Reason::RetryAfter,
            2,
            Some(5),
        )
        .unwrap();
        live.draw(
            &mut out,
            &r,
            Duration::from_secs(9),
            Reason::RetryAfter,
            2,
            Some(5),
        )
        .unwrap();
        live.clear(&mut out).unwrap();
        let first = "429 Too Many Requests · waiting 37 s (Retry-After) · attempt 2 of 5";
        let second = "429 Too Many Requests · waiting 9 s (Retry-After) · attempt 2 of 5";
        let blank = " ".repeat(second.chars().count() + 2);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!("\r{first}\r{second} \r{blank}\r")
        );
        // A narrow terminal: cut, never wrapped.
        let mut narrow = Live::new(30);
        let drawn =
            text(|out| narrow.draw(out, &r, Duration::from_secs(1), Reason::Backoff, 2, None));
        assert_eq!(drawn.chars().count(), 1 + 27);
    }

    #[test]
    fn durations_for_people() {
        let cases = [
            (Duration::from_secs(1), "1 s"),
            (Duration::from_millis(500), "0.5 s"),
            (Duration::from_millis(1750), "1.8 s"),
            (Duration::from_millis(1999), "2 s"),
            (Duration::from_millis(20), "0.1 s"),
            (Duration::from_millis(37_200), "38 s"),
            (Duration::from_secs(300), "5 min"),
            (Duration::from_secs(7200), "2 h"),
            (Duration::from_secs(172_799), "48 h"),
            (Duration::from_secs(172_800), "2 d"),
            (Duration::from_secs(99_999_999_999), "1157408 d"),
            (Duration::ZERO, "0 s"),
        ];
        for (d, want) in cases {
            assert_eq!(duration(d), want, "{d:?}");
        }
    }
}
