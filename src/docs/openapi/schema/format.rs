//! The common string `format`s, checked by their grammar alone: `date-time`, `date` and
//! `time` (RFC 3339), `uuid` (RFC 9562's text form), `email` (a local part, `@`, a
//! dotted domain: no mailbox resolved), `uri` (RFC 3986: a scheme, then no spaces or
//! controls) and `ipv4`/`ipv6`. JSON Schema makes formats annotations by default, and
//! so does resp: a value that does not fit is a warning, never a failure. Other formats
//! (`int64`, `byte`, `password`, custom ones) are not checked.

/// `None` when `value` fits `format` or the format is not one checked; otherwise what
/// the value is not (`a date-time`).
pub fn misfit(format: &str, value: &str) -> Option<&'static str> {
    let (fits, name) = match format {
        "date-time" => (date_time(value), "an RFC 3339 date-time"),
        "date" => (date(value), "an RFC 3339 date"),
        "time" => (time(value), "an RFC 3339 time"),
        "uuid" => (uuid(value), "a UUID"),
        "email" => (email(value), "an email address"),
        "uri" => (uri(value), "an absolute URI"),
        "ipv4" => (
            value.parse::<std::net::Ipv4Addr>().is_ok(),
            "an IPv4 address",
        ),
        "ipv6" => (
            value.parse::<std::net::Ipv6Addr>().is_ok(),
            "an IPv6 address",
        ),
        _ => return None,
    };
    (!fits).then_some(name)
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn date(s: &str) -> bool {
    let mut parts = s.split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn time(s: &str) -> bool {
    let upper = s.to_ascii_uppercase();
    let (clock, offset_ok) = if let Some(c) = upper.strip_suffix('Z') {
        (c, true)
    } else if let Some(at) = upper.rfind(['+', '-']) {
        let off = &upper[at + 1..];
        let ok = off.len() == 5
            && off.as_bytes()[2] == b':'
            && digits(&off[..2], 2).is_some_and(|h| h < 24)
            && digits(&off[3..], 2).is_some_and(|m| m < 60);
        (&upper[..at], ok)
    } else {
        return false;
    };
    let (hms, fraction) = match clock.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let mut parts = hms.split(':');
    let (Some(h), Some(m), Some(sec), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    offset_ok
        && digits(h, 2).is_some_and(|h| h < 24)
        && digits(m, 2).is_some_and(|m| m < 60)
        && digits(sec, 2).is_some_and(|s| s <= 60)
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

fn date_time(s: &str) -> bool {
    match s.find(['T', 't', ' ']) {
        Some(at) if s.as_bytes()[at] != b' ' => date(&s[..at]) && time(&s[at + 1..]),
        _ => false,
    }
}

fn uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && local.len() <= 64
        && !local.chars().any(|c| c.is_whitespace() || c.is_control())
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '[' || c == ']' || c == ':')
        })
}

fn uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '\\' | '^' | '`' | '{' | '|' | '}')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        for (f, v, ok) in [
            ("date-time", "2024-02-29T12:30:00Z", true),
            ("date-time", "2024-02-29T12:30:00.123+05:30", true),
            ("date-time", "2023-02-29T12:30:00Z", false),
            ("date-time", "2024-02-29 12:30:00Z", false),
            ("date-time", "yesterday", false),
            ("date", "2024-13-01", false),
            ("uuid", "123e4567-e89b-12d3-a456-426614174000", true),
            ("uuid", "123e4567e89b12d3a456426614174000", false),
            ("email", "octo@github.com", true),
            ("email", "not an email", false),
            ("uri", "https://api.github.com/users/octo", true),
            ("uri", "/users/octo", false),
            ("uri", "https://a b", false),
            ("ipv4", "10.0.0.300", false),
            ("int64", "anything", true),
        ] {
            assert_eq!(misfit(f, v).is_none(), ok, "{f} {v}");
        }
    }
}
