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

/// Reset values at or above this are epoch seconds, not delays.
const EPOCH_SECONDS_FLOOR: u64 = 1_000_000_000;
/// Reset values at or above this are epoch milliseconds.
const EPOCH_MILLIS_FLOOR: u64 = 1_000_000_000_000;

const DAY: i64 = 86_400;

/// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range RFC 3339 (four-digit years)
/// can write.
const RFC3339_RANGE: std::ops::RangeInclusive<i64> = -62_167_219_200..=253_402_300_799;

/// The seconds from the first time of [`RFC3339_RANGE`] to its last: a delay past this
/// lands past year 9999 whenever it is counted from.
const RFC3339_SPAN: u64 = 315_569_519_999;

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

/// The rate limits in `headers` ((name, value) in received order, names in any case);
/// `response_date` is the response's `Date` as epoch seconds, the anchor for relative
/// resets. None when no header says anything we can read.
///
/// Where several headers give the same fact, the newest convention wins: the `RateLimit`
/// structured field, then `RateLimit-*`, then `X-RateLimit-*`, then `x-rate-limit-*`. For
/// the reset, the first that resolves wins, so an absolute `X-RateLimit-Reset` beats an
/// un-anchorable `X-RateLimit-Reset-After`. Of several `RateLimit` items the first is used,
/// with the `RateLimit-Policy` item of the same name (else the first policy) for the limit.
pub fn rate_limit(headers: &[(String, String)], response_date: Option<i64>) -> Option<RateLimit> {
    // Every header read below names a rate or a retry: most responses have none, and a HAR
    // asks this of each of its entries.
    if !headers.iter().any(|(n, _)| may_limit(n)) {
        return None;
    }
    let policy = joined(headers, "ratelimit-policy");
    let policies = policy.as_deref().map(sf_list).unwrap_or_default();
    let current = joined(headers, "ratelimit")
        .as_deref()
        .map(sf_list)
        .unwrap_or_default();
    // RFC-style: `"default";r=0;t=30`. Older drafts: `limit=100, remaining=0, reset=30`.
    // Of several policies, the tightest (fewest left) binds: its figures are the ones.
    let items: Vec<&Member> = current.iter().filter(|i| i.value.is_none()).collect();
    let item = items
        .iter()
        .enumerate()
        .min_by_key(|(n, i)| (i.param("r").unwrap_or(u64::MAX), *n))
        .map(|(_, i)| *i);
    let dict_raw = |key: &str| {
        current
            .iter()
            .find(|i| i.name.eq_ignore_ascii_case(key))
            .and_then(|i| i.value.as_deref())
    };
    let dict = |key: &str| dict_raw(key).and_then(number);
    let chosen_policy = item
        .and_then(|i| policies.iter().find(|p| p.name == i.name))
        .or_else(|| policies.first());

    let limit = chosen_policy
        .and_then(|p| p.param("q"))
        .or_else(|| dict("limit"))
        .or_else(|| {
            first_number(
                headers,
                &["ratelimit-limit", "x-ratelimit-limit", "x-rate-limit-limit"],
            )
        });
    let remaining = item
        .and_then(|i| i.param("r"))
        .or_else(|| dict("remaining"))
        .or_else(|| {
            first_number(
                headers,
                &[
                    "ratelimit-remaining",
                    "x-ratelimit-remaining",
                    "x-rate-limit-remaining",
                ],
            )
        });

    // Each reset as sent, with how it counts time.
    let mut resets: Vec<(&str, Clock)> = Vec::new();
    resets.extend(
        item.and_then(|i| i.raw_param("t"))
            .map(|v| (v, Clock::Auto)),
    );
    resets.extend(dict_raw("reset").map(|v| (v, Clock::Auto)));
    for (name, clock) in [
        ("ratelimit-reset", Clock::Auto),
        ("x-ratelimit-reset", Clock::Auto),
        ("x-rate-limit-reset", Clock::Auto),
        ("x-ratelimit-reset-after", Clock::Delay),
    ] {
        resets.extend(values(headers, name).map(|v| (v, clock)));
    }
    let mut reset_at = None;
    let mut reset_raw = None;
    for (raw, clock) in resets {
        let resolved = match numeral(raw) {
            Some(Ok(v)) => resolve(v, clock, response_date),
            // More seconds than a u64 holds: past year 9999 from any anchor.
            Some(Err(TooLarge)) => Resolved::OutOfRange,
            None => continue,
        };
        match resolved {
            Resolved::At(at) => {
                reset_at = Some(at);
                reset_raw = None;
                break;
            }
            Resolved::OutOfRange => {
                reset_raw = reset_raw.or_else(|| Some(raw.to_string()));
            }
            Resolved::Unanchored => {}
        }
    }

    let mut retry_after_s = None;
    let mut retry_after_raw = None;
    for value in values(headers, "retry-after") {
        match retry_after(value, response_date) {
            Some(Ok(delay)) => {
                retry_after_s = Some(delay);
                retry_after_raw = None;
                break;
            }
            Some(Err(TooLarge)) => {
                retry_after_raw = retry_after_raw.or_else(|| Some(value.to_string()));
            }
            None => {}
        }
    }
    // The window: the policy's `w`, or an older draft's `RateLimit-Limit: 100, 100;w=60`.
    let window_s = chosen_policy.and_then(|p| p.param("w")).or_else(|| {
        values(headers, "ratelimit-limit")
            .flat_map(sf_list)
            .find_map(|m| m.param("w"))
    });
    let policy_name = item
        .map(|i| i.name.clone())
        .or_else(|| chosen_policy.map(|p| p.name.clone()))
        .filter(|n| !n.is_empty() && number(n).is_none());

    let found = RateLimit {
        limit,
        remaining,
        reset_at,
        reset_raw,
        retry_after_s,
        retry_after_raw,
        policy,
        ..RateLimit::default()
    };
    // A name or a window alone says nothing to act on.
    (found != RateLimit::default()).then_some(RateLimit {
        policy_name,
        window_s,
        policies: items.len(),
        ..found
    })
}

/// How a reset value counts time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clock {
    /// Seconds after the response.
    Delay,
    /// Seconds after the response, unless large enough to be an epoch (see the module docs).
    Auto,
}

/// Where a reset value lands in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Resolved {
    /// At this epoch second, within RFC 3339's range.
    At(i64),
    /// A delay, and no `Date` to count it from.
    Unanchored,
    /// Past year 9999, or past what an `i64` holds.
    OutOfRange,
}

fn resolve(v: u64, clock: Clock, anchor: Option<i64>) -> Resolved {
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
fn retry_after(value: &str, anchor: Option<i64>) -> Option<Result<u64, TooLarge>> {
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

/// Whether a header name could be one [`rate_limit`] reads: it holds `rate` or `retry`, in
/// any case.
fn may_limit(name: &str) -> bool {
    name.as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"rate") || w.eq_ignore_ascii_case(b"retr"))
}

/// Values of the headers named `name` (lowercase), trimmed, in received order.
fn values<'a>(headers: &'a [(String, String)], name: &'a str) -> impl Iterator<Item = &'a str> {
    headers
        .iter()
        .filter(move |(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// All non-empty values of a list-valued header, joined as HTTP joins repeated fields.
fn joined(headers: &[(String, String)], name: &str) -> Option<String> {
    let parts: Vec<&str> = values(headers, name).filter(|v| !v.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The first readable number among the headers `names`, in that order of preference.
fn first_number(headers: &[(String, String)], names: &[&str]) -> Option<u64> {
    names
        .iter()
        .find_map(|name| values(headers, name).find_map(number))
}

/// A non-negative number of seconds or requests: the first `,`/`;`-separated member of the
/// value (`RateLimit-Limit: 10, 10;w=1` is 10), optionally quoted, with an optional
/// fraction that rounds up. Anything else, or a number past what a `u64` holds, is None.
fn number(value: &str) -> Option<u64> {
    numeral(value)?.ok()
}

/// A number written in digits that a `u64` cannot hold: as a time, past year 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TooLarge;

/// [`number`], telling a number too large apart from no number: None when the value is
/// not one, `Err` when it is one past what a `u64` holds.
fn numeral(value: &str) -> Option<Result<u64, TooLarge>> {
    let first = value.split([',', ';']).next().unwrap_or_default();
    let token = first.trim().trim_matches('"');
    let (whole, fraction) = token.split_once('.').unwrap_or((token, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return None;
    }
    let Ok(n) = whole.parse::<u64>() else {
        return Some(Err(TooLarge));
    };
    if fraction.bytes().any(|b| b != b'0') {
        Some(n.checked_add(1).ok_or(TooLarge))
    } else {
        Some(Ok(n))
    }
}

/// One member of a structured-field list (RFC 9651), read leniently: `"name";k=v;k2=v2`,
/// or an older draft's dictionary member `name=value`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Member {
    name: String,
    /// Set for dictionary members (`limit=100`).
    value: Option<String>,
    params: Vec<(String, String)>,
}

impl Member {
    fn param(&self, key: &str) -> Option<u64> {
        self.raw_param(key).and_then(number)
    }

    /// The parameter's value as sent.
    fn raw_param(&self, key: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
    }
}

fn sf_list(text: &str) -> Vec<Member> {
    split_outside_quotes(text, ',')
        .into_iter()
        .filter_map(|member| {
            let mut parts = split_outside_quotes(member, ';').into_iter();
            let head = parts.next()?.trim();
            if head.is_empty() {
                return None;
            }
            let (name, value) = match head.split_once('=') {
                Some((k, v)) if !head.starts_with('"') => (k.trim(), Some(unquote(v))),
                _ => (head, None),
            };
            let params = parts
                .filter_map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, "?1"));
                    let k = k.trim();
                    (!k.is_empty()).then(|| (k.to_string(), unquote(v)))
                })
                .collect();
            Some(Member {
                name: unquote(name),
                value,
                params,
            })
        })
        .collect()
}

/// Splits on `sep` where it is not inside a quoted string (where `\` escapes).
fn split_outside_quotes(text: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            c if c == sep && !quoted => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    match s
        .strip_prefix('"')
        .and_then(|inner| inner.strip_suffix('"'))
    {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => s.to_string(),
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [(&str, &str); 7] = [
    ("Sun", "Sunday"),
    ("Mon", "Monday"),
    ("Tue", "Tuesday"),
    ("Wed", "Wednesday"),
    ("Thu", "Thursday"),
    ("Fri", "Friday"),
    ("Sat", "Saturday"),
];

/// An HTTP date as epoch seconds, in any of RFC 9110's three forms:
/// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`
/// and asctime `Sun Nov  6 08:49:37 1994`. Lenient where it costs nothing (case, `UTC` for
/// `GMT`, the weekday not checked against the date); strict about the date and time being
/// real. RFC 850's two-digit years are 1970-2069.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let mut tokens = s.split_ascii_whitespace();
    let mut next = || tokens.next();
    let (first, second, third, fourth, fifth, sixth) =
        (next(), next(), next(), next(), next(), next());
    if next().is_some() {
        return None;
    }
    let (year, month, day, time) = match (first?, second?, third?, fourth, fifth, sixth) {
        (wd, d, m, Some(y), Some(t), Some(zone)) => {
            weekday_comma(wd)?;
            gmt(zone)?;
            (year(y, 4)?, month(m)?, d, t)
        }
        (wd, dmy, t, Some(zone), None, None) => {
            weekday_comma(wd)?;
            gmt(zone)?;
            let mut parts = dmy.split('-');
            let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
            if parts.next().is_some() {
                return None;
            }
            let y = match y.len() {
                2 => year(y, 2).map(|y| if y < 70 { 2000 + y } else { 1900 + y })?,
                _ => year(y, 4)?,
            };
            (y, month(m)?, d, t)
        }
        (wd, m, d, Some(t), Some(y), None) => {
            weekday(wd)?;
            (year(y, 4)?, month(m)?, d, t)
        }
        _ => return None,
    };
    let day = small(day, 1, 2)?;
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let mut hms = time.split(':');
    let (h, m, sec) = (hms.next()?, hms.next()?, hms.next()?);
    if hms.next().is_some() {
        return None;
    }
    let (h, m, sec) = (small(h, 2, 2)?, small(m, 2, 2)?, small(sec, 2, 2)?);
    // 60: a leap second, which epoch time folds into the next minute.
    if h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(days * DAY + i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(sec))
}

fn weekday(s: &str) -> Option<()> {
    WEEKDAYS
        .iter()
        .any(|(short, long)| s.eq_ignore_ascii_case(short) || s.eq_ignore_ascii_case(long))
        .then_some(())
}

fn weekday_comma(s: &str) -> Option<()> {
    weekday(s.strip_suffix(',')?)
}

fn gmt(s: &str) -> Option<()> {
    (s.eq_ignore_ascii_case("GMT") || s.eq_ignore_ascii_case("UTC")).then_some(())
}

fn month(s: &str) -> Option<u32> {
    let i = MONTHS.iter().position(|m| s.eq_ignore_ascii_case(m))?;
    u32::try_from(i + 1).ok()
}

fn year(s: &str, len: usize) -> Option<i64> {
    (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A number of `min..=max` ASCII digits.
fn small(s: &str, min: usize, max: usize) -> Option<u32> {
    ((min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`). `month` is 1-12, `day` 1-31.
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400); // [0, 399]
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1; // [0, 365]
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // [0, 146096]
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 as (year, month, day) (Hinnant's `civil_from_days`).
/// Cannot overflow: |days| <= i64::MAX / 86400 for any epoch in seconds.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = yoe + era * 400 + i64::from(month <= 2);
    // Both are in range by construction; the fallbacks are never taken.
    let month = u32::try_from(month).unwrap_or(1);
    let day = u32::try_from(day).unwrap_or(1);
    (year, month, day)
}

fn hms(epoch: i64) -> String {
    let secs = epoch.rem_euclid(DAY);
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// The time of day of `epoch`, in UTC: `08:00:00 UTC`.
pub fn utc_time(epoch: i64) -> String {
    format!("{} UTC", hms(epoch))
}

/// Date and time of `epoch`, in UTC: `2026-11-26 08:00:00 UTC`.
pub fn utc_datetime(epoch: i64) -> String {
    let (y, m, d) = civil_from_days(epoch.div_euclid(DAY));
    format!("{y:04}-{m:02}-{d:02} {} UTC", hms(epoch))
}

/// For people: `0 of 15 left, resets at 08:00:00 UTC (14 min after the response), retry
/// after 120 s (at 08:02:00 UTC)`; parts omitted when unknown. `anchor` is the response's
/// `Date` (epoch) if known: without it there is no "after the response" clause, and times
/// carry their date (as they do when not on the anchor's day). The policy text is left to
/// the caller: it is server text, to be sanitized and shown on its own.
pub fn describe(rl: &RateLimit, anchor: Option<i64>) -> String {
    let mut parts = Vec::new();
    // Retry-After wins over the rate-limit fields (draft-ietf-httpapi-ratelimit-headers):
    // it comes first.
    if let Some(delay) = rl.retry_after_s {
        let mut part = format!("retry after {}", wait(delay));
        let at = anchor.and_then(|a| a.checked_add(i64::try_from(delay).ok()?));
        if let Some(at) = at {
            part.push_str(&format!(" (at {})", at_time(at, anchor)));
        }
        parts.push(part);
    } else if let Some(raw) = &rl.retry_after_raw {
        parts.push(format!("retry after {raw} s is past year 9999"));
    }
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
        let mut part = format!("resets at {}", at_time(at, anchor));
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
    if parts.is_empty() {
        return "no limit, count or reset given".to_string();
    }
    parts.join(", ")
}

/// What to do next when rate limited, with the figures the headers gave: `Retry after
/// 13:05:00 UTC (in 60 s), and slow down.`; None when they give no time to wait for.
/// `anchor` is the response's `Date`, which a relative wait counts from.
pub fn next_step(rl: &RateLimit, anchor: Option<i64>) -> Option<String> {
    let (at, secs) = match (rl.retry_after_s, rl.reset_at) {
        (Some(0), _) => return Some("Retry now, and slow down.".to_string()),
        // Retry-After wins, and gives no time that comes.
        (None, _) if rl.retry_after_raw.is_some() => return None,
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
        (Some(t), Some(s)) => format!("after {} (in {})", at_time(t, anchor), wait(s)),
        (Some(t), None) => format!("after {}", at_time(t, anchor)),
        (None, Some(s)) => format!("in {}", wait(s)),
        (None, None) => return None,
    };
    Some(format!("Retry {when}, and slow down."))
}

/// A wait in seconds: `45 s`, `2 min`, `10 h 15 min`; a number too large for the clock
/// stays in seconds.
fn wait(secs: u64) -> String {
    match i64::try_from(secs) {
        Ok(s) => duration(s),
        Err(_) => format!("{secs} s"),
    }
}

/// The time alone when on the anchor's day, else with its date.
fn at_time(at: i64, anchor: Option<i64>) -> String {
    match anchor {
        Some(a) if a.div_euclid(DAY) == at.div_euclid(DAY) => utc_time(at),
        _ => utc_datetime(at),
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

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    fn rl(pairs: &[(&str, &str)], date: Option<i64>) -> RateLimit {
        rate_limit(&h(pairs), date).unwrap()
    }

    /// IMF-fixdate, to round-trip the parser.
    fn imf(epoch: i64) -> String {
        let days = epoch.div_euclid(DAY);
        let (y, m, d) = civil_from_days(days);
        let wd = WEEKDAYS[(days + 4).rem_euclid(7) as usize].0; // 1970-01-01 was a Thursday
        format!(
            "{wd}, {d:02} {} {y:04} {} GMT",
            MONTHS[m as usize - 1],
            hms(epoch)
        )
    }

    #[test]
    fn the_next_step_has_the_figures() {
        let date = Some(1_795_679_160); // 07:46:00 UTC
        let after = RateLimit {
            retry_after_s: Some(60),
            ..RateLimit::default()
        };
        assert_eq!(
            next_step(&after, date).as_deref(),
            Some("Retry after 07:47:00 UTC (in 60 s), and slow down.")
        );
        assert_eq!(
            next_step(&after, None).as_deref(),
            Some("Retry in 60 s, and slow down.")
        );
        let reset = RateLimit {
            remaining: Some(0),
            reset_at: Some(1_795_680_000),
            ..RateLimit::default()
        };
        assert_eq!(
            next_step(&reset, date).as_deref(),
            Some("Retry after 08:00:00 UTC (in 14 min), and slow down.")
        );
        // Quota left: no wait to name.
        let left = RateLimit {
            remaining: Some(3),
            ..reset
        };
        assert_eq!(next_step(&left, date), None);
        assert_eq!(next_step(&RateLimit::default(), date), None);
        let stale = RateLimit {
            remaining: Some(0),
            reset_at: Some(1_700_000_000),
            ..RateLimit::default()
        };
        assert_eq!(next_step(&stale, date), None);
        let now = RateLimit {
            retry_after_s: Some(0),
            ..RateLimit::default()
        };
        assert_eq!(
            next_step(&now, date).as_deref(),
            Some("Retry now, and slow down.")
        );
    }

    #[test]
    fn http_dates_in_all_three_forms() {
        for s in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "sun, 06 nov 1994 08:49:37 utc",
            "  Sun, 06 Nov 1994 08:49:37 GMT ",
        ] {
            assert_eq!(parse_http_date(s), Some(784_111_777), "{s}");
        }
        assert_eq!(
            parse_http_date("Thu, 26 Nov 2026 08:00:00 GMT"),
            Some(NOV_26_8AM)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse_http_date("Wed, 31 Dec 1969 23:59:59 GMT"), Some(-1));
        assert_eq!(
            parse_http_date("Tue, 29 Feb 2000 00:00:00 GMT"),
            Some(951_782_400)
        );
        assert_eq!(
            parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT"),
            Some(253_402_300_799)
        );
        assert_eq!(
            parse_http_date("Thursday, 26-Nov-26 08:00:00 GMT"),
            Some(NOV_26_8AM)
        );
        assert_eq!(
            parse_http_date("Sat, 30 Jun 2012 23:59:60 GMT"),
            parse_http_date("Sun, 01 Jul 2012 00:00:00 GMT")
        );
    }

    #[test]
    fn bad_http_dates() {
        for s in [
            "",
            "yesterday",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 06 Nov 1994 08:49:37 PST",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 29 Feb 1900 08:49:37 GMT",
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nox 1994 08:49:37 GMT",
            "Sun, 06 Nov 94 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 8:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37:00 GMT",
            "Funday, 06 Nov 1994 08:49:37 GMT",
            "Sun 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sun, 06-Nov-94-1 08:49:37 GMT",
            "Sun, +6 Nov 1994 08:49:37 GMT",
            "Sun Nov  6 08:49:37 94",
        ] {
            assert_eq!(parse_http_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn civil_dates_both_ways() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(
            days_from_civil(1600, 2, 29) * DAY + 12 * 3600,
            -11_670_955_200
        );
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(20_783), (2026, 11, 26));
        assert_eq!(utc_datetime(NOV_26_8AM), "2026-11-26 08:00:00 UTC");
        assert_eq!(utc_time(NOV_26_8AM + 125), "08:02:05 UTC");
        assert_eq!(utc_datetime(-1), "1969-12-31 23:59:59 UTC");
        assert_eq!(utc_datetime(-2_203_891_200), "1900-03-01 00:00:00 UTC");
    }

    #[test]
    fn retry_after_delay_and_date() {
        let date = Some(NOV_26_8AM);
        assert_eq!(rl(&[("Retry-After", "120")], None).retry_after_s, Some(120));
        assert_eq!(
            rl(&[("retry-after", "Thu, 26 Nov 2026 08:02:00 GMT")], date).retry_after_s,
            Some(120)
        );
        // A date already past: retry now.
        assert_eq!(
            rl(&[("RETRY-AFTER", "Thu, 26 Nov 2026 07:00:00 GMT")], date).retry_after_s,
            Some(0)
        );
        // A date with nothing to measure it from says nothing.
        assert_eq!(
            rate_limit(
                &h(&[("Retry-After", "Thu, 26 Nov 2026 08:02:00 GMT")]),
                None
            ),
            None
        );
    }

    #[test]
    fn twitter_headers() {
        let got = rl(
            &[
                ("x-rate-limit-limit", "15"),
                ("x-rate-limit-remaining", "0"),
                ("x-rate-limit-reset", "1795680000"),
            ],
            None,
        );
        assert_eq!(
            got,
            RateLimit {
                limit: Some(15),
                remaining: Some(0),
                reset_at: Some(NOV_26_8AM),
                ..RateLimit::default()
            }
        );
    }

    #[test]
    fn github_headers_epoch_and_delay_resets() {
        let github = [
            ("X-RateLimit-Limit", "60"),
            ("X-RateLimit-Remaining", "59"),
            ("X-RateLimit-Reset", "1795680000"),
            ("X-RateLimit-Used", "1"),
        ];
        let got = rl(&github, Some(1));
        assert_eq!(
            (got.limit, got.remaining, got.reset_at),
            (Some(60), Some(59), Some(NOV_26_8AM))
        );
        // A small reset is a delay: anchored when it can be, dropped when it cannot.
        let delay = [("X-RateLimit-Limit", "60"), ("X-RateLimit-Reset", "60")];
        assert_eq!(rl(&delay, Some(NOV_26_8AM)).reset_at, Some(NOV_26_8AM + 60));
        assert_eq!(rl(&delay, None).reset_at, None);
        assert_eq!(rl(&delay, None).limit, Some(60));
        // Epoch milliseconds.
        assert_eq!(
            rl(&[("x-ratelimit-reset", "1795680000123")], None).reset_at,
            Some(NOV_26_8AM + 1)
        );
    }

    #[test]
    fn discord_reset_after_and_fractions() {
        let discord = [
            ("X-RateLimit-Limit", "5"),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", "1795680000.250"),
            ("X-RateLimit-Reset-After", "1.250"),
        ];
        // The absolute reset wins, rounded up.
        assert_eq!(rl(&discord, None).reset_at, Some(NOV_26_8AM + 1));
        let after = [("x-ratelimit-reset-after", "29.5")];
        assert_eq!(rl(&after, Some(100)).reset_at, Some(130));
        assert_eq!(rate_limit(&h(&after), None), None);
    }

    #[test]
    fn ietf_draft_fields() {
        let got = rl(
            &[
                ("RateLimit-Limit", "100, 100;w=60"),
                ("RateLimit-Remaining", "7"),
                ("RateLimit-Reset", "30"),
            ],
            Some(NOV_26_8AM),
        );
        assert_eq!(
            (got.limit, got.remaining, got.reset_at),
            (Some(100), Some(7), Some(NOV_26_8AM + 30))
        );
        // The older dictionary form of the RateLimit field.
        let got = rl(&[("RateLimit", "limit=10, remaining=2, reset=5")], Some(0));
        assert_eq!(
            (got.limit, got.remaining, got.reset_at),
            (Some(10), Some(2), Some(5))
        );
    }

    #[test]
    fn ietf_structured_fields() {
        let got = rl(
            &[
                ("RateLimit-Policy", r#""default";q=100;w=60"#),
                ("RateLimit", r#""default";r=0;t=30"#),
            ],
            Some(NOV_26_8AM),
        );
        assert_eq!(
            got,
            RateLimit {
                limit: Some(100),
                remaining: Some(0),
                reset_at: Some(NOV_26_8AM + 30),
                reset_raw: None,
                retry_after_s: None,
                retry_after_raw: None,
                policy: Some(r#""default";q=100;w=60"#.into()),
                policy_name: Some("default".into()),
                window_s: Some(60),
                policies: 1,
            }
        );
        // Several policies, over two lines: the tightest RateLimit reports, with the
        // policy of its name.
        let got = rl(
            &[
                ("ratelimit-policy", r#""burst";q=10;w=1"#),
                (
                    "ratelimit-policy",
                    r#""day, total";q=1000;w=86400;pk=:abc=:"#,
                ),
                ("ratelimit", r#""day, total";r=12;t=3600, "burst";r=9;t=1"#),
            ],
            Some(0),
        );
        assert_eq!(
            (got.limit, got.remaining, got.reset_at, got.window_s),
            (Some(10), Some(9), Some(1), Some(1))
        );
        assert_eq!(
            (got.policy_name.as_deref(), got.policies),
            (Some("burst"), 2)
        );
        assert_eq!(
            describe(&got, Some(0)),
            "9 of 10 left per 1 s (policy \"burst\", the tightest of 2), resets at 00:00:01 UTC (1 s after the response)"
        );
        // draft-11's example: one policy named in both fields.
        let one = rl(
            &[
                ("RateLimit-Policy", r#""burst";q=100;w=60"#),
                ("RateLimit", r#""burst";r=50;t=30"#),
            ],
            Some(NOV_26_8AM),
        );
        assert_eq!(
            describe(&one, Some(NOV_26_8AM)),
            "50 of 100 left per 60 s (policy \"burst\"), resets at 08:00:30 UTC (30 s after the response)"
        );
        assert_eq!(
            got.policy.as_deref(),
            Some(r#""burst";q=10;w=1, "day, total";q=1000;w=86400;pk=:abc=:"#)
        );
        // No RateLimit field: the first policy.
        let got = rl(&[("RateLimit-Policy", "a;q=5, b;q=50")], None);
        assert_eq!(got.limit, Some(5));
        // The structured field beats the older ones.
        let got = rl(
            &[("X-RateLimit-Remaining", "99"), ("RateLimit", r#""x";r=1"#)],
            None,
        );
        assert_eq!(got.remaining, Some(1));
    }

    #[test]
    fn garbage_is_ignored() {
        assert_eq!(rate_limit(&[], Some(0)), None);
        assert_eq!(
            rate_limit(
                &h(&[("Content-Type", "text/plain"), ("Date", "x")]),
                Some(0)
            ),
            None
        );
        for value in ["", "abc", "-5", "+5", "1e3", "0x10", "1.2.3", "\""] {
            let headers = h(&[
                ("X-RateLimit-Limit", value),
                ("X-RateLimit-Remaining", value),
                ("X-RateLimit-Reset", value),
                ("Retry-After", value),
                ("RateLimit", value),
            ]);
            assert_eq!(rate_limit(&headers, Some(0)), None, "{value:?}");
        }
        // A bad value does not hide a good one behind it.
        let got = rl(
            &[("X-RateLimit-Limit", "lots"), ("X-RateLimit-Limit", "10")],
            None,
        );
        assert_eq!(got.limit, Some(10));
        // Overflowing anchors and resets are not wrapped: out of range, kept as sent.
        assert_eq!(
            rate_limit(&h(&[("RateLimit-Reset", "100")]), Some(i64::MAX)),
            Some(RateLimit {
                reset_raw: Some("100".into()),
                ..RateLimit::default()
            })
        );
        let huge = rl(&[("Retry-After", "18446744073709551615")], Some(0));
        assert_eq!(
            describe(&huge, Some(0)),
            "retry after 18446744073709551615 s is past year 9999"
        );
    }

    /// A number too large for a u64 is not a count, but as a wait it is one past year
    /// 9999, however it is sent: kept as sent, like a reset that lands there.
    #[test]
    fn numbers_past_a_u64_are_waits_past_year_9999() {
        let huge = "99999999999999999999999";
        let got = rl(
            &[
                ("X-RateLimit-Limit", huge),
                ("X-RateLimit-Remaining", huge),
                ("X-RateLimit-Reset", huge),
                ("Retry-After", huge),
            ],
            Some(0),
        );
        assert_eq!((got.limit, got.remaining), (None, None));
        assert_eq!((got.reset_at, got.reset_raw.as_deref()), (None, Some(huge)));
        assert_eq!(
            (got.retry_after_s, got.retry_after_raw.as_deref()),
            (None, Some(huge))
        );
        // A delay past a u64 with nothing to count it from is past 9999 all the same.
        for (name, value) in [
            ("X-RateLimit-Reset-After", "99999999999999999999.5"),
            ("RateLimit", r#""default";r=0;t=99999999999999999999"#),
            (
                "RateLimit",
                "limit=1, remaining=0, reset=99999999999999999999",
            ),
        ] {
            let got = rl(&[(name, value)], None);
            assert_eq!(got.reset_at, None, "{name}: {value}");
            assert!(
                got.reset_raw
                    .is_some_and(|r| r.starts_with("99999999999999999999"))
            );
        }
        // Retry-After: past 9999 from its Date, or, without one, from any time.
        const LAST: i64 = 253_402_300_799;
        let after = |value: &str, date| {
            let got = rl(&[("Retry-After", value)], date);
            (got.retry_after_s, got.retry_after_raw)
        };
        assert_eq!(after("10", Some(LAST - 10)), (Some(10), None));
        assert_eq!(after("11", Some(LAST - 10)), (None, Some("11".into())));
        assert_eq!(after("315569519999", None), (Some(315_569_519_999), None));
        assert_eq!(
            after("315569520000", None),
            (None, Some("315569520000".into()))
        );
        // One readable Retry-After wins over one past 9999, in either order.
        for pair in [["7", huge], [huge, "7"]] {
            let got = rl(&[("Retry-After", pair[0]), ("Retry-After", pair[1])], None);
            assert_eq!((got.retry_after_s, got.retry_after_raw), (Some(7), None));
        }
        let far = rl(&[("Retry-After", huge)], None);
        assert_eq!(
            describe(&far, None),
            "retry after 99999999999999999999999 s is past year 9999"
        );
        assert_eq!(next_step(&far, None), None);
    }

    #[test]
    fn resets_past_year_9999_are_out_of_range() {
        const LAST: i64 = 253_402_300_799; // 9999-12-31T23:59:59Z
        assert_eq!(utc_datetime(LAST), "9999-12-31 23:59:59 UTC");
        assert_eq!(utc_datetime(-62_167_219_200), "0000-01-01 00:00:00 UTC");
        assert!(in_rfc3339_range(LAST) && !in_rfc3339_range(LAST + 1));
        assert!(in_rfc3339_range(-62_167_219_200) && !in_rfc3339_range(-62_167_219_201));
        let at = |pairs: &[(&str, &str)], date| {
            let got = rl(pairs, date);
            (got.reset_at, got.reset_raw)
        };
        assert_eq!(
            at(&[("x-ratelimit-reset", "253402300799")], None),
            (Some(LAST), None)
        );
        for (name, value) in [
            ("x-ratelimit-reset", "253402300800"),
            ("x-rate-limit-reset", "18446744073709551615"),
            ("RateLimit-Reset", "253402300800000"),
            ("RateLimit", r#""default";r=0;t=253402300800"#),
            ("RateLimit", "limit=10, remaining=0, reset=253402300800"),
        ] {
            let (reset_at, raw) = at(&[(name, value)], None);
            assert_eq!(reset_at, None, "{name}: {value}");
            assert!(raw.is_some_and(|r| r.contains("2534023008") || r.contains("1844674")));
        }
        // A delay that lands past 9999 from its Date.
        assert_eq!(
            at(&[("X-RateLimit-Reset-After", "999999999")], Some(LAST - 10)),
            (None, Some("999999999".into()))
        );
        // The first readable reset wins over an unreadable one before it.
        assert_eq!(
            at(
                &[
                    ("RateLimit-Reset", "253402300800"),
                    ("x-rate-limit-reset", "1795680000")
                ],
                None
            ),
            (Some(NOV_26_8AM), None)
        );
        // An unanchored delay is still dropped, not called out of range.
        assert_eq!(
            rate_limit(&h(&[("X-RateLimit-Reset-After", "30")]), None),
            None
        );
        let far = rl(&[("x-ratelimit-reset", "253402300800")], None);
        assert_eq!(describe(&far, None), "reset 253402300800 is past year 9999");
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
            describe(&rl, Some(anchor)),
            "0 of 15 left, resets at 08:00:00 UTC (14 min after the response)"
        );
        assert_eq!(
            describe(&rl, None),
            "0 of 15 left, resets at 2026-11-26 08:00:00 UTC"
        );
        assert_eq!(
            describe(&rl, Some(NOV_26_8AM + 5)),
            "0 of 15 left, resets at 08:00:00 UTC (before the response's Date: the header looks stale)"
        );
        assert_eq!(
            describe(&rl, Some(NOV_26_8AM - DAY)),
            "0 of 15 left, resets at 2026-11-26 08:00:00 UTC (24 h after the response)"
        );
        let retry = RateLimit {
            retry_after_s: Some(120),
            ..RateLimit::default()
        };
        assert_eq!(
            describe(&retry, Some(NOV_26_8AM)),
            "retry after 2 min (at 08:02:00 UTC)"
        );
        assert_eq!(describe(&retry, None), "retry after 2 min");
        let long = RateLimit {
            retry_after_s: Some(36_907),
            ..RateLimit::default()
        };
        assert_eq!(describe(&long, None), "retry after 10 h 15 min");
        let partial = RateLimit {
            remaining: Some(3),
            retry_after_s: Some(30),
            ..RateLimit::default()
        };
        // Retry-After wins: it comes first.
        assert_eq!(describe(&partial, None), "retry after 30 s, 3 left");
        let limit_only = RateLimit {
            limit: Some(100),
            policy: Some("p".into()),
            ..RateLimit::default()
        };
        assert_eq!(describe(&limit_only, None), "limit 100");
        assert_eq!(
            describe(&RateLimit::default(), None),
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

    fn header_name() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "Retry-After",
                "RateLimit",
                "RateLimit-Policy",
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-RateLimit-Reset",
                "X-RateLimit-Reset-After",
                "x-rate-limit-reset",
            ])
            .prop_map(str::to_string),
            any::<String>(),
        ]
    }

    fn header_value() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            r#"[0-9a-z",;=. \\:-]{0,40}"#,
            any::<u64>().prop_map(|n| n.to_string()),
            (any::<i64>()).prop_map(|e| e.to_string()),
        ]
    }

    proptest! {
        #[test]
        fn rate_limit_never_panics(
            headers in prop::collection::vec((header_name(), header_value()), 0..8),
            date in any::<Option<i64>>(),
        ) {
            if let Some(found) = rate_limit(&headers, date) {
                let _ = describe(&found, date);
                prop_assert!(found.reset_at.is_none_or(in_rfc3339_range));
                prop_assert!(found.reset_at.is_none() || found.reset_raw.is_none());
                prop_assert!(found.retry_after_s.is_none() || found.retry_after_raw.is_none());
                // Sent Dates are within range: from one, no wait ends past 9999.
                if date.is_none_or(in_rfc3339_range) {
                    prop_assert!(found.retry_after_s.is_none_or(|s| s <= RFC3339_SPAN));
                }
                prop_assert_ne!(found, RateLimit::default());
            }
        }

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
            let _ = describe(&rl, anchor);
        }

        #[test]
        fn parse_http_date_never_panics(s in any::<String>()) {
            let _ = parse_http_date(&s);
        }

        #[test]
        fn http_dates_round_trip(epoch in 0i64..253_402_300_800) {
            prop_assert_eq!(parse_http_date(&imf(epoch)), Some(epoch));
        }

        #[test]
        fn civil_round_trip(days in -1_000_000_000i64..1_000_000_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }

        #[test]
        fn utc_datetime_never_panics(epoch in any::<i64>()) {
            prop_assert!(utc_datetime(epoch).ends_with(" UTC"));
        }
    }
}
