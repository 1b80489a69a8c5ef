//! Response headers -> [`RateLimit`]: how many requests are allowed and left, when the
//! window resets, how long to wait before retrying. Reads `Retry-After`, the IETF
//! `RateLimit`/`RateLimit-Policy` structured fields and their older `RateLimit-*` draft
//! form, and the `X-RateLimit-*`/`x-rate-limit-*` conventions (GitHub, Twitter, Discord).
//! Header names match in any case. Guarantees: never panics, whatever the values; a value
//! we cannot read is ignored, never guessed at; all date math is checked, by hand (no date
//! crate), for any `i64` epoch.
//!
//! Resets are absolute epoch seconds. A reset sent as seconds-from-now is anchored to the
//! response's `Date`; without one it is dropped (what is absolute is kept). A reset value
//! of 1,000,000,000 or more (September 2001 as an epoch, 31 years as a delay) is an epoch,
//! whatever the header's convention; 1,000,000,000,000 or more is epoch milliseconds.
//! Fractions of a second (Discord sends them) round up: never promise a reset too early.
//! A reset after 9999-12-31T23:59:59Z (the last time RFC 3339 can write) is out of range:
//! it is not a time, and is kept only as sent ([`RateLimit::reset_raw`]); so is a reset or
//! a `Retry-After` delay too large for a `u64`, which lands past it from any time. A
//! `Retry-After` delay that lands past year 9999 (from the response's `Date`, else from
//! any time it could be sent) is kept as sent too ([`RateLimit::retry_after_raw`]).
//!
//! Split by what each part owns: `headers.rs` reads the fields, `reset.rs` places a reset
//! or a `Retry-After` in time, `dates.rs` reads and writes dates (HTTP dates, the civil
//! calendar, UTC times), `describe.rs` says it all for people and names the next step.

mod dates;
mod describe;
mod headers;
mod reset;

pub use dates::{days_from_civil, parse_http_date, utc_datetime, utc_time};
pub use describe::{before_today, describe, next_step, quota, retry_step, retry_time};
pub use headers::rate_limit;

/// Reset values at or above this are epoch seconds, not delays.
pub(super) const EPOCH_SECONDS_FLOOR: u64 = 1_000_000_000;
/// Reset values at or above this are epoch milliseconds.
pub(super) const EPOCH_MILLIS_FLOOR: u64 = 1_000_000_000_000;

pub(super) const DAY: i64 = 86_400;

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range RFC 3339 (four-digit years)
/// can write.
const RFC3339_RANGE: std::ops::RangeInclusive<i64> = -62_167_219_200..=253_402_300_799;

/// The seconds from the first time of [`RFC3339_RANGE`] to its last: a delay past this
/// lands past year 9999 whenever it is counted from.
pub(super) const RFC3339_SPAN: u64 = 315_569_519_999;

/// True when `epoch` can be written as an RFC 3339 time (years 0000 to 9999).
pub fn in_rfc3339_range(epoch: i64) -> bool {
    RFC3339_RANGE.contains(&epoch)
}

/// What a response says about rate limiting; every part is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RateLimit {
    pub limit: Option<u64>,
    pub remaining: Option<u64>,
    /// Epoch seconds, absolute; always within [`in_rfc3339_range`].
    pub reset_at: Option<i64>,
    /// A reset that was sent but lands past year 9999 (or overflows), as sent, when no
    /// other reset was readable; unsanitized. `reset_at` is then None.
    pub reset_raw: Option<String>,
    /// Seconds after the response; a wait that ends within year 9999.
    pub retry_after_s: Option<u64>,
    /// A `Retry-After` delay that lands past year 9999 (or overflows), as sent, when no
    /// other `Retry-After` was readable; unsanitized. `retry_after_s` is then None.
    pub retry_after_raw: Option<String>,
    /// The `RateLimit-Policy` text as sent (every line, joined with ", "); unsanitized.
    pub policy: Option<String>,
    /// The name of the policy the figures are from (`"burst"` in `RateLimit:
    /// "burst";r=0;t=30`), as sent; unsanitized.
    pub policy_name: Option<String>,
    /// The policy's window in seconds (`w=60`), where the headers give one.
    pub window_s: Option<u64>,
    /// How many policies the `RateLimit` field reports (the figures are the tightest's).
    pub policies: usize,
}
