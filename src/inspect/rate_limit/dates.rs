//! Dates, by hand (no date crate): HTTP dates in RFC 9110's three forms, the proleptic
//! Gregorian calendar both ways, and UTC times for people. Every function takes any `i64`
//! epoch without overflowing.

use super::DAY;

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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NOV_26_8AM: i64 = 1_795_680_000; // Thu, 26 Nov 2026 08:00:00 GMT

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

    proptest! {
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
