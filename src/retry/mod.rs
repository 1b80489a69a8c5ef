//! When to send a request again, and how long to wait first (`send --retry`, `--until`):
//! pure decisions from one attempt's judged outcome, the attempts made, the time spent and
//! the [`Policy`] the command line asked for. No sleeping, no clock, no I/O: the caller
//! passes `now` and a jitter value, so every rule is unit-tested beside its code.
//!
//! Three parts, each owning one question: `hints` reads what the server asks for
//! (`Retry-After`, the IETF `RateLimit` field, rate-limit resets); `policy` holds what
//! the command line asked for (what is worth retrying, backoff); `decide` weighs one
//! attempt against both and says whether to wait, how long and why, or why to stop. The
//! words all three speak, [`Reason`] and [`Wait`], live here.
//!
//! The wait, first match wins: the server's `Retry-After` (seconds, or an HTTP date counted
//! from the response's `Date`, else from `now`); the IETF `RateLimit` field's `t=` when its
//! remaining quota `r=` is 0; a rate-limit reset (`RateLimit-Reset`, `X-RateLimit-Reset`,
//! `x-rate-limit-reset`, epoch or delay as [`crate::inspect::rate_limit`] reads them) when
//! nothing is left, or when a rate-limiting status gives no count; else `--interval`, else
//! exponential backoff (1 s, 2 s, 4 s, … under `--retry-max-wait`) with jitter. A server
//! that asks for more than `--retry-max-wait` is not waited for, nor for a time past year
//! 9999 however it is written (a date, seconds past what a `u64` holds), whatever the cap;
//! neither is a wait that would end past `--retry-max-time`. Polling (`--until`) is the
//! exception, since waiting for a service is what it is for: a server that asks for longer
//! than `--retry-max-wait` (a maintenance page's `Retry-After: 3600`) is asked again after
//! `--retry-max-wait`, and a server's wait that would pass `--retry-max-time` is cut,
//! once, to what is left of it less a second (or half of what is left) for one last
//! attempt; the [`Wait`] says it was shortened and that it leads to the last attempt.
//! After that attempt, or when what is left is under [`MIN_WAIT`], polling stops as
//! `--retry` does. Told to come back "now" (a
//! `Retry-After: 0`, a date or a reset already past), resp does as when told nothing: it
//! keeps to `--interval`, else backs off more with each attempt, instead of spinning. No
//! wait is shorter than [`MIN_WAIT`] (0.1 s), whatever the flags.

use std::time::Duration;

mod decide;
#[cfg(test)]
mod fixtures;
mod hints;
mod policy;

pub use decide::{Attempt, Decision, Stop, decide, final_exit};
pub use policy::{
    DEFAULT_INTERVAL, DEFAULT_MAX_WAIT, DEFAULT_STATUSES, MIN_WAIT, Policy, RetryOn, idempotent,
};

/// Why a wait is as long as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The `Retry-After` header.
    RetryAfter,
    /// The IETF `RateLimit` field's `t=`, with nothing left.
    RateLimit,
    /// A rate-limit reset header.
    Reset,
    /// Exponential backoff: the server gave no hint, or said "now".
    Backoff,
    /// `--interval`: the server gave no hint, or said "now".
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

    /// True when the server set the wait (a header), not resp.
    pub fn from_server(self) -> bool {
        matches!(self, Reason::RetryAfter | Reason::RateLimit | Reason::Reset)
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
    /// The server asked for longer: polling (`--until`) waits what `--retry-max-wait` and
    /// `--retry-max-time` allow, and asks again.
    pub shortened: bool,
    /// Cut to what `--retry-max-time` leaves: the attempt after it is the last.
    pub last: bool,
}
