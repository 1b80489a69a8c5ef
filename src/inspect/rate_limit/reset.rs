//! Where a reset or a `Retry-After` lands in time: a delay anchored to the response's
//! `Date`, an epoch in seconds or milliseconds, or past year 9999. Checked arithmetic only.

use super::dates::parse_http_date;
use super::headers::{TooLarge, numeral};
use super::{EPOCH_MILLIS_FLOOR, EPOCH_SECONDS_FLOOR, RFC3339_SPAN, in_rfc3339_range};

/// How a reset value counts time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Clock {
    /// Seconds after the response.
    Delay,
    /// Seconds after the response, unless large enough to be an epoch (see the module docs).
    Auto,
}

/// Where a reset value lands in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Resolved {
    /// At this epoch second, within RFC 3339's range.
    At(i64),
    /// A delay, and no `Date` to count it from.
    Unanchored,
    /// Past year 9999, or past what an `i64` holds.
    OutOfRange,
}

pub(super) fn resolve(v: u64, clock: Clock, anchor: Option<i64>) -> Resolved {
    let at = match clock {
        Clock::Auto if v >= EPOCH_MILLIS_FLOOR => i64::try_from(v.div_ceil(1000)).ok(),
        Clock::Auto if v >= EPOCH_SECONDS_FLOOR => i64::try_from(v).ok(),
        _ => {
            let Some(anchor) = anchor else {
                return Resolved::Unanchored;
            };
            i64::try_from(v).ok().and_then(|v| anchor.checked_add(v))
        }
    };
    match at {
        Some(at) if in_rfc3339_range(at) => Resolved::At(at),
        _ => Resolved::OutOfRange,
    }
}

/// `Retry-After`: delay seconds, or an HTTP date made relative to the response (a date
/// already past means now: 0). `Err` for a delay that lands past year 9999: counted from
/// `anchor`, or, without one, from any time RFC 3339 can write.
pub(super) fn retry_after(value: &str, anchor: Option<i64>) -> Option<Result<u64, TooLarge>> {
    if let Some(delay) = numeral(value) {
        return Some(delay.and_then(|delay| {
            let lands = match anchor {
                Some(a) => i64::try_from(delay)
                    .ok()
                    .and_then(|d| a.checked_add(d))
                    .is_some_and(in_rfc3339_range),
                None => delay <= RFC3339_SPAN,
            };
            if lands { Ok(delay) } else { Err(TooLarge) }
        }));
    }
    let at = parse_http_date(value)?;
    let delay = at.checked_sub(anchor?)?;
    Some(Ok(u64::try_from(delay).unwrap_or(0)))
}
