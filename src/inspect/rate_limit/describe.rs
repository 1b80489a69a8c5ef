//! A [`RateLimit`] said for people, and the next step it asks for: waits in the unit that
//! reads best, times on the response's day alone and with their date otherwise.

use super::dates::{utc_datetime, utc_time};
use super::{DAY, RateLimit, in_rfc3339_range};

/// For people: `0 of 15 left, resets at 08:00:00 UTC (14 min after the response), retry
/// after 120 s (at 08:02:00 UTC)`; parts omitted when unknown. `anchor` is the response's
/// `Date` (epoch) if known: without it there is no "after the response" clause, and times
/// carry their date (as they do when not on the anchor's day, or when the anchor is not
/// the day of `now`: an old capture). The policy text is left to
/// the caller: it is server text, to be sanitized and shown on its own.
pub fn describe(rl: &RateLimit, anchor: Option<i64>, now: Option<i64>) -> String {
    // Retry-After wins over the rate-limit fields (draft-ietf-httpapi-ratelimit-headers):
    // it comes first.
    let parts: Vec<String> = retry_time(rl, anchor, now)
        .map(|t| format!("retry after {t}"))
        .into_iter()
        .chain(quota(rl, anchor, now))
        .collect();
    if parts.is_empty() {
        return "no limit, count or reset given".to_string();
    }
    parts.join(", ")
}

/// The `Retry-After` alone, for people: `120 s (at 08:02:00 UTC)`, or a delay past year
/// 9999 as sent; None without one. A retry time, which any status may carry: not in
/// itself a rate limit.
pub fn retry_time(rl: &RateLimit, anchor: Option<i64>, now: Option<i64>) -> Option<String> {
    if let Some(delay) = rl.retry_after_s {
        let mut part = wait(delay);
        let at = anchor.and_then(|a| a.checked_add(i64::try_from(delay).ok()?));
        if let Some(at) = at {
            part.push_str(&format!(" (at {})", at_time(at, anchor, now)));
        }
        Some(part)
    } else {
        rl.retry_after_raw
            .as_ref()
            .map(|raw| format!("{raw} s is past year 9999"))
    }
}

/// The rate-limit figures without the `Retry-After`: `0 of 15 left, resets at 08:00:00
/// UTC (14 min after the response)`; None when the headers give none.
pub fn quota(rl: &RateLimit, anchor: Option<i64>, now: Option<i64>) -> Option<String> {
    let mut parts = Vec::new();
    let mut count = match (rl.remaining, rl.limit) {
        (Some(remaining), Some(limit)) => format!("{remaining} of {limit} left"),
        (Some(remaining), None) => format!("{remaining} left"),
        (None, Some(limit)) => format!("limit {limit}"),
        (None, None) => String::new(),
    };
    if !count.is_empty() {
        if let Some(w) = rl.window_s {
            count.push_str(&format!(" per {}", wait(w)));
        }
        match (&rl.policy_name, rl.policies) {
            (Some(name), n) if n > 1 => {
                count.push_str(&format!(" (policy \"{name}\", the tightest of {n})"))
            }
            (Some(name), _) => count.push_str(&format!(" (policy \"{name}\")")),
            (None, _) => {}
        }
        parts.push(count);
    }
    if let Some(at) = rl.reset_at {
        let mut part = format!("resets at {}", at_time(at, anchor, now));
        if let Some(after) = anchor.and_then(|a| at.checked_sub(a)) {
            if after < 0 {
                part.push_str(" (before the response's Date: the header looks stale)");
            } else {
                part.push_str(&format!(" ({} after the response)", duration(after)));
            }
        }
        parts.push(part);
    } else if let Some(raw) = &rl.reset_raw {
        parts.push(format!("reset {raw} is past year 9999"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The hint for a `Retry-After` that lands past year 9999: no time to retry at, and no
/// other header's time is to be preferred to the server's own answer.
pub const FAR_RETRY_AFTER: &str = "The server's Retry-After lands past year 9999, so it gives no time to retry at: try again much later.";

/// What to do next when rate limited, with the figures the headers gave: `Retry after
/// 13:05:00 UTC (in 60 s), and slow down.`; that there is no time to wait for when the
/// `Retry-After` lands past year 9999 ([`FAR_RETRY_AFTER`]); None when they give none.
/// `anchor` is the response's `Date`, which a relative wait counts from; `now`, when
/// known, tells an old capture (`60 s after the response`, times with their date).
pub fn next_step(rl: &RateLimit, anchor: Option<i64>, now: Option<i64>) -> Option<String> {
    let (at, secs) = match (rl.retry_after_s, rl.reset_at) {
        (Some(0), _) => return Some("Retry now, and slow down.".to_string()),
        // Retry-After wins, and gives no time that comes: said, rather than pointing at
        // the reset headers.
        (None, _) if rl.retry_after_raw.is_some() => return Some(FAR_RETRY_AFTER.to_string()),
        (Some(s), _) => (
            anchor.and_then(|a| a.checked_add(i64::try_from(s).ok()?)),
            Some(s),
        ),
        // A reset before the response's own Date is stale: no time to name from it.
        (None, Some(reset)) if anchor.is_some_and(|a| reset < a) => return None,
        (None, Some(reset)) if rl.remaining.is_none_or(|r| r == 0) => {
            let secs = anchor.map(|a| reset.saturating_sub(a).max(0) as u64);
            (Some(reset), secs)
        }
        _ => return None,
    };
    let when = match (at.filter(|&t| in_rfc3339_range(t)), secs) {
        (Some(t), Some(s)) => format!(
            "after {} ({})",
            at_time(t, anchor, now),
            from_response(s, anchor, now)
        ),
        (Some(t), None) => format!("after {}", at_time(t, anchor, now)),
        (None, Some(s)) => format!("in {}", wait(s)),
        (None, None) => return None,
    };
    Some(format!("Retry {when}, and slow down."))
}

/// What to do next when the server sent a `Retry-After` and the status is not rate
/// limiting (a 503 during maintenance): `Retry after 07:48:00 UTC (in 2 min), as the
/// server's Retry-After asks.`; [`FAR_RETRY_AFTER`] for one past year 9999; None without
/// one.
pub fn retry_step(rl: &RateLimit, anchor: Option<i64>, now: Option<i64>) -> Option<String> {
    if rl.retry_after_s.is_none() && rl.retry_after_raw.is_some() {
        return Some(FAR_RETRY_AFTER.to_string());
    }
    let secs = rl.retry_after_s?;
    if secs == 0 {
        return Some("Retry now: the server's Retry-After says so.".to_string());
    }
    let at = anchor
        .and_then(|a| a.checked_add(i64::try_from(secs).ok()?))
        .filter(|&t| in_rfc3339_range(t));
    let when = match at {
        Some(t) => format!(
            "after {} ({})",
            at_time(t, anchor, now),
            from_response(secs, anchor, now)
        ),
        None => format!("in {}", wait(secs)),
    };
    Some(format!("Retry {when}, as the server's Retry-After asks."))
}

/// A wait in seconds: `45 s`, `2 min`, `10 h 15 min`; a number too large for the clock
/// stays in seconds.
fn wait(secs: u64) -> String {
    match i64::try_from(secs) {
        Ok(s) => duration(s),
        Err(_) => format!("{secs} s"),
    }
}

/// True when the response's `Date` is not today: an old capture, whose times are told
/// with their date and counted from the response, never from now.
pub fn before_today(anchor: Option<i64>, now: Option<i64>) -> bool {
    matches!((anchor, now), (Some(a), Some(n)) if a.div_euclid(DAY) != n.div_euclid(DAY))
}

/// The time alone when on the anchor's day and the anchor is today (or today is not
/// known), else with its date.
fn at_time(at: i64, anchor: Option<i64>, now: Option<i64>) -> String {
    match anchor {
        Some(a) if a.div_euclid(DAY) == at.div_euclid(DAY) && !before_today(anchor, now) => {
            utc_time(at)
        }
        _ => utc_datetime(at),
    }
}

/// A wait counted from the response: `in 60 s` for a response of today, `60 s after the
/// response` for an old capture (its wait is long over).
fn from_response(secs: u64, anchor: Option<i64>, now: Option<i64>) -> String {
    if before_today(anchor, now) {
        format!("{} after the response", wait(secs))
    } else {
        format!("in {}", wait(secs))
    }
}

/// `45 s` under 2 minutes, `14 min` under 2 hours, then `10 h 15 min` and, past two
/// days, `3 d 4 h`; rounded to the nearest of the smallest unit shown.
fn duration(secs: i64) -> String {
    let rounded = |unit: i64| secs / unit + i64::from(secs % unit >= unit / 2);
    match secs {
        ..120 => format!("{secs} s"),
        120..7200 => format!("{} min", rounded(60)),
        7200..172_800 => {
            let minutes = rounded(60);
            match minutes % 60 {
                0 => format!("{} h", minutes / 60),
                m => format!("{} h {m} min", minutes / 60),
            }
        }
        _ => {
            let hours = rounded(3600);
            match hours % 24 {
                0 => format!("{} d", hours / 24),
                h => format!("{} d {h} h", hours / 24),
            }
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOV_26_8AM: i64 = 1_795_680_000; // Thu, 26 Nov 2026 08:00:00 GMT

    #[test]
    fn the_next_step_has_the_figures() {
        let date = Some(1_795_679_160); // 07:46:00 UTC
        let after = RateLimit {
            retry_after_s: Some(60),
            ..RateLimit::default()
        };
        assert_eq!(
            next_step(&after, date, None).as_deref(),
            Some("Retry after 07:47:00 UTC (in 60 s), and slow down.")
        );
        assert_eq!(
            next_step(&after, None, None).as_deref(),
            Some("Retry in 60 s, and slow down.")
        );
        let reset = RateLimit {
            remaining: Some(0),
            reset_at: Some(1_795_680_000),
            ..RateLimit::default()
        };
        assert_eq!(
            next_step(&reset, date, None).as_deref(),
            Some("Retry after 08:00:00 UTC (in 14 min), and slow down.")
        );
        // Quota left: no wait to name.
        let left = RateLimit {
            remaining: Some(3),
            ..reset
        };
        assert_eq!(next_step(&left, date, None), None);
        assert_eq!(next_step(&RateLimit::default(), date, None), None);
        let stale = RateLimit {
            remaining: Some(0),
            reset_at: Some(1_700_000_000),
            ..RateLimit::default()
        };
        assert_eq!(next_step(&stale, date, None), None);
        let now = RateLimit {
            retry_after_s: Some(0),
            ..RateLimit::default()
        };
        assert_eq!(
            next_step(&now, date, None).as_deref(),
            Some("Retry now, and slow down.")
        );
    }

    #[test]
    fn the_retry_time_apart_from_the_quota() {
        let rl = RateLimit {
            retry_after_s: Some(120),
            remaining: Some(0),
            limit: Some(15),
            ..RateLimit::default()
        };
        assert_eq!(
            retry_time(&rl, Some(NOV_26_8AM), None).as_deref(),
            Some("2 min (at 08:02:00 UTC)")
        );
        assert_eq!(quota(&rl, None, None).as_deref(), Some("0 of 15 left"));
        let alone = RateLimit {
            retry_after_s: Some(120),
            ..RateLimit::default()
        };
        assert_eq!(quota(&alone, None, None), None);
        assert_eq!(
            retry_step(&alone, Some(NOV_26_8AM), None).as_deref(),
            Some("Retry after 08:02:00 UTC (in 2 min), as the server's Retry-After asks.")
        );
        assert_eq!(
            retry_step(&alone, None, None).as_deref(),
            Some("Retry in 2 min, as the server's Retry-After asks.")
        );
        assert_eq!(retry_step(&RateLimit::default(), None, None), None);
    }

    #[test]
    fn an_old_capture_is_told_from_the_response() {
        let rl = RateLimit {
            retry_after_s: Some(60),
            ..RateLimit::default()
        };
        let sent = Some(NOV_26_8AM);
        let later = Some(NOV_26_8AM + 3 * DAY);
        assert!(before_today(sent, later));
        assert!(!before_today(sent, Some(NOV_26_8AM + 600)));
        assert!(!before_today(sent, None) && !before_today(None, later));
        assert_eq!(
            next_step(&rl, sent, later).as_deref(),
            Some("Retry after 2026-11-26 08:01:00 UTC (60 s after the response), and slow down.")
        );
        assert_eq!(
            next_step(&rl, sent, sent).as_deref(),
            Some("Retry after 08:01:00 UTC (in 60 s), and slow down.")
        );
        assert_eq!(
            retry_time(&rl, sent, later).as_deref(),
            Some("60 s (at 2026-11-26 08:01:00 UTC)")
        );
        assert_eq!(
            retry_step(&rl, sent, later).as_deref(),
            Some(
                "Retry after 2026-11-26 08:01:00 UTC (60 s after the response), as the server's Retry-After asks."
            )
        );
    }

    #[test]
    fn describe_for_people() {
        let anchor = NOV_26_8AM - 14 * 60;
        let rl = RateLimit {
            limit: Some(15),
            remaining: Some(0),
            reset_at: Some(NOV_26_8AM),
            ..RateLimit::default()
        };
        assert_eq!(
            describe(&rl, Some(anchor), None),
            "0 of 15 left, resets at 08:00:00 UTC (14 min after the response)"
        );
        assert_eq!(
            describe(&rl, None, None),
            "0 of 15 left, resets at 2026-11-26 08:00:00 UTC"
        );
        assert_eq!(
            describe(&rl, Some(NOV_26_8AM + 5), None),
            "0 of 15 left, resets at 08:00:00 UTC (before the response's Date: the header looks stale)"
        );
        assert_eq!(
            describe(&rl, Some(NOV_26_8AM - DAY), None),
            "0 of 15 left, resets at 2026-11-26 08:00:00 UTC (24 h after the response)"
        );
        let retry = RateLimit {
            retry_after_s: Some(120),
            ..RateLimit::default()
        };
        assert_eq!(
            describe(&retry, Some(NOV_26_8AM), None),
            "retry after 2 min (at 08:02:00 UTC)"
        );
        assert_eq!(describe(&retry, None, None), "retry after 2 min");
        let long = RateLimit {
            retry_after_s: Some(36_907),
            ..RateLimit::default()
        };
        assert_eq!(describe(&long, None, None), "retry after 10 h 15 min");
        let partial = RateLimit {
            remaining: Some(3),
            retry_after_s: Some(30),
            ..RateLimit::default()
        };
        // Retry-After wins: it comes first.
        assert_eq!(describe(&partial, None, None), "retry after 30 s, 3 left");
        let limit_only = RateLimit {
            limit: Some(100),
            policy: Some("p".into()),
            ..RateLimit::default()
        };
        assert_eq!(describe(&limit_only, None, None), "limit 100");
        assert_eq!(
            describe(&RateLimit::default(), None, None),
            "no limit, count or reset given"
        );
    }

    #[test]
    fn durations_pick_their_unit() {
        let cases = [
            (0, "0 s"),
            (119, "119 s"),
            (120, "2 min"),
            (149, "2 min"),
            (150, "3 min"),
            (7199, "120 min"),
            (7200, "2 h"),
            (9000, "2 h 30 min"),
            (36_907, "10 h 15 min"),
            (172_800, "2 d"),
            (190_000, "2 d 5 h"),
            (i64::MAX, "106751991167300 d 16 h"),
        ];
        for (secs, text) in cases {
            assert_eq!(duration(secs), text, "{secs}");
        }
    }

    proptest! {
        #[test]
        fn describe_never_panics(
            limit in any::<Option<u64>>(),
            remaining in any::<Option<u64>>(),
            reset_at in any::<Option<i64>>(),
            reset_raw in prop::option::of("[0-9]{1,25}"),
            retry_after_s in any::<Option<u64>>(),
            anchor in any::<Option<i64>>(),
        ) {
            let rl = RateLimit { limit, remaining, reset_at, reset_raw, retry_after_s, ..RateLimit::default() };
            let _ = describe(&rl, anchor, None);
        }

    }
}
