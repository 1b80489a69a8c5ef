//! What the retry unit tests share: a fixed clock, a policy, reports built from a status
//! and headers, and short ways to ask for a decision.

use std::time::Duration;

use super::{Attempt, DEFAULT_INTERVAL, DEFAULT_MAX_WAIT, Decision, Policy, Reason, Wait, decide};
use crate::docs::Docs;
use crate::exit::Exit;
use crate::report::{Report, failed, judge};
use crate::source::Response;

/// 2026-11-26T08:00:00Z.
pub const NOW: i64 = 1_795_680_000;
pub const DATE: &str = "Thu, 26 Nov 2026 08:00:00 GMT";

pub fn policy() -> Policy {
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

pub fn report(status: u16, headers: &[(&str, &str)]) -> Report {
    let response = Response {
        source: "t".into(),
        status,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        ..Response::default()
    };
    judge(
        response,
        &Docs::embedded(),
        &[],
        true,
        crate::config::clock(),
    )
}

pub fn failure(exit: Exit) -> Report {
    let err = anyhow::Error::new(crate::exit::Failure {
        exit,
        message: "h: it failed".into(),
        hint: None,
        unsent: false,
        lasting: false,
    });
    failed("t".into(), &err, None, crate::config::clock())
}

pub fn decide_at(policy: &Policy, report: &Report, number: u32) -> Decision {
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
            waited: None,
        },
    )
}

pub fn decide_one(policy: &Policy, report: &Report) -> Decision {
    decide_at(policy, report, 1)
}

/// A TLS failure (exit 7 like a refused connection) would fail the same way again:
/// `--retry` stops at once, even when `--retry-on connect` asks for connections; a
/// poll with `--until` goes on (a certificate may be on its way).
pub fn wait(secs: u64, reason: Reason) -> Decision {
    Decision::Retry(Wait {
        duration: Duration::from_secs(secs),
        reason,
        shortened: false,
        last: false,
    })
}

pub fn secs(d: Decision) -> Option<f64> {
    match d {
        Decision::Retry(w) => Some(w.duration.as_secs_f64()),
        Decision::Stop(_) => None,
    }
}

pub fn until(list: &str) -> Policy {
    Policy {
        retries: None,
        until: list.split(',').map(|s| s.parse().unwrap()).collect(),
        interval: Some(DEFAULT_INTERVAL),
        ..policy()
    }
}
