//! The rate-limit headers read: which field gives which figure, and in what order of
//! preference when several do. Values are read leniently (structured fields, older draft
//! dictionaries, quoted or fractional numbers); what cannot be read is ignored.

use super::RateLimit;
use super::reset::{Clock, Resolved, resolve, retry_after};

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
pub(super) struct TooLarge;

/// [`number`], telling a number too large apart from no number: None when the value is
/// not one, `Err` when it is one past what a `u64` holds.
pub(super) fn numeral(value: &str) -> Option<Result<u64, TooLarge>> {
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
#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::in_rfc3339_range;
    use crate::inspect::rate_limit::RFC3339_SPAN;
    use crate::inspect::rate_limit::{describe, next_step, utc_datetime};
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
            describe(&got, Some(0), None),
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
            describe(&one, Some(NOV_26_8AM), None),
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
            describe(&huge, Some(0), None),
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
            describe(&far, None, None),
            "retry after 99999999999999999999999 s is past year 9999"
        );
        assert_eq!(
            next_step(&far, None, None).as_deref(),
            Some(crate::inspect::rate_limit::describe::FAR_RETRY_AFTER)
        );
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
        assert_eq!(
            describe(&far, None, None),
            "reset 253402300800 is past year 9999"
        );
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
                let _ = describe(&found, date, None);
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

    }
}
