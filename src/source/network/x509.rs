//! The few facts of a server certificate that people ask about, read from its DER bytes:
//! subject, issuer, subject alternative names (and which match the host), validity. A
//! small reader of the DER that X.509 uses, not a validator: rustls has checked the
//! certificate (unless `-k`); anything this reader does not understand gives `None`. The
//! validity period and the extended key usage also serve `trust`, for the one check
//! webpki leaves to us: a server certificate the user trusts itself.

use crate::source::wire::Certificate;

/// One DER element: its tag and contents.
struct Tlv<'a> {
    tag: u8,
    body: &'a [u8],
}

/// Reads the element at the start of `bytes`; returns it and what follows.
fn next(bytes: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = bytes.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |a, &b| a << 8 | usize::from(b));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((
        Tlv {
            tag,
            body: &rest[..len],
        },
        &rest[len..],
    ))
}

/// The elements inside a constructed element's contents.
fn children(mut bytes: &[u8]) -> impl Iterator<Item = Tlv<'_>> {
    std::iter::from_fn(move || {
        let (tlv, rest) = next(bytes)?;
        bytes = rest;
        Some(tlv)
    })
}

const SEQUENCE: u8 = 0x30;
const SAN: &[u8] = &[0x55, 0x1d, 0x11];
const EXTENDED_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25];

/// The parts of a certificate's signed body that these readers use.
struct Parts<'a> {
    issuer: Tlv<'a>,
    validity: Tlv<'a>,
    subject: Tlv<'a>,
    /// The contents of the extensions' SEQUENCE (empty when there are none).
    extensions: &'a [u8],
}

fn parts(der: &[u8]) -> Option<Parts<'_>> {
    let (cert, _) = next(der)?;
    let tbs = children(cert.body).next().filter(|t| t.tag == SEQUENCE)?;
    let mut fields = children(tbs.body).peekable();
    if fields.peek().is_some_and(|f| f.tag == 0xa0) {
        fields.next(); // version
    }
    let _serial = fields.next()?;
    let _algorithm = fields.next()?;
    let issuer = fields.next()?;
    let validity = fields.next()?;
    let subject = fields.next()?;
    let extensions = fields
        .find(|f| f.tag == 0xa3)
        .and_then(|ext| children(ext.body).next())
        .map_or(&[][..], |list| list.body);
    Some(Parts {
        issuer,
        validity,
        subject,
        extensions,
    })
}

/// The certificate's validity period, as Unix seconds: not before, not after.
pub fn validity(der: &[u8]) -> Option<(i64, i64)> {
    let parts = parts(der)?;
    let mut times = children(parts.validity.body);
    Some((time(&times.next()?)?, time(&times.next()?)?))
}

/// True when the certificate may serve TLS: it names no extended key usage, or names
/// `serverAuth` or any usage among them.
pub fn serves_tls(der: &[u8]) -> Option<bool> {
    const SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
    const ANY_USAGE: &[u8] = &[0x55, 0x1d, 0x25, 0x00];
    let parts = parts(der)?;
    let Some(usages) = extension(parts.extensions, EXTENDED_KEY_USAGE) else {
        return Some(true);
    };
    let (list, _) = next(usages)?;
    Some(
        children(list.body)
            .any(|oid| oid.tag == 0x06 && (oid.body == SERVER_AUTH || oid.body == ANY_USAGE)),
    )
}

/// The value (the OCTET STRING's contents) of the extension `oid`, if present.
fn extension<'a>(extensions: &'a [u8], oid: &[u8]) -> Option<&'a [u8]> {
    children(extensions).find_map(|ext| {
        let mut it = children(ext.body);
        (it.next()?.body == oid)
            .then(|| it.find(|t| t.tag == 0x04).map(|v| v.body))
            .flatten()
    })
}

/// The facts of the certificate `der`, with the names matching `host` marked.
pub fn parse(der: &[u8], host: &str) -> Option<Certificate> {
    let parts = parts(der)?;
    let (not_before, not_after) = validity(der)?;
    let names: Vec<String> = alt_names(parts.extensions);
    let matched = names
        .iter()
        .filter(|n| matches_host(n, host))
        .cloned()
        .collect();
    Some(Certificate {
        subject: name(&parts.subject),
        issuer: name(&parts.issuer),
        names,
        matched,
        not_before,
        not_after,
        seen_at: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    })
}

/// `CN=localhost, O=Example` from a Name.
fn name(seq: &Tlv) -> String {
    let mut parts = Vec::new();
    for rdn in children(seq.body) {
        for attr in children(rdn.body) {
            let mut it = children(attr.body);
            let (Some(oid), Some(value)) = (it.next(), it.next()) else {
                continue;
            };
            let key = match oid.body {
                [0x55, 0x04, 0x03] => "CN",
                [0x55, 0x04, 0x06] => "C",
                [0x55, 0x04, 0x07] => "L",
                [0x55, 0x04, 0x08] => "ST",
                [0x55, 0x04, 0x0a] => "O",
                [0x55, 0x04, 0x0b] => "OU",
                _ => continue,
            };
            parts.push(format!("{key}={}", String::from_utf8_lossy(value.body)));
        }
    }
    parts.join(", ")
}

/// The DNS names and IP addresses of the subject alternative names extension.
fn alt_names(extensions: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for ext in children(extensions) {
        let mut it = children(ext.body);
        let Some(oid) = it.next() else { continue };
        if oid.body != SAN {
            continue;
        }
        let Some(value) = it.find(|t| t.tag == 0x04) else {
            continue;
        };
        let Some((list, _)) = next(value.body) else {
            continue;
        };
        for general in children(list.body) {
            match (general.tag, general.body.len()) {
                (0x82, _) => out.push(String::from_utf8_lossy(general.body).into_owned()),
                (0x87, 4) => {
                    let b = general.body;
                    out.push(format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3]));
                }
                (0x87, 16) => {
                    let mut octets = [0u8; 16];
                    octets.copy_from_slice(general.body);
                    out.push(std::net::Ipv6Addr::from(octets).to_string());
                }
                _ => {}
            }
        }
    }
    out
}

/// True when the certificate name `pattern` covers `host` (one `*.` label at most).
fn matches_host(pattern: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if pattern.eq_ignore_ascii_case(host) {
        return true;
    }
    match pattern.strip_prefix("*.") {
        Some(suffix) => host
            .split_once('.')
            .is_some_and(|(label, rest)| !label.is_empty() && rest.eq_ignore_ascii_case(suffix)),
        None => false,
    }
}

/// UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`) as Unix seconds.
fn time(t: &Tlv) -> Option<i64> {
    let text = std::str::from_utf8(t.body).ok()?.strip_suffix('Z')?;
    let (year, rest) = match t.tag {
        0x17 => {
            let yy: i64 = text.get(..2)?.parse().ok()?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, text.get(2..)?)
        }
        0x18 => (text.get(..4)?.parse().ok()?, text.get(4..)?),
        _ => return None,
    };
    let num = |i: usize| -> Option<i64> { rest.get(i..i + 2)?.parse().ok() };
    let (month, day, hour, min, sec) = (num(0)?, num(2)?, num(4)?, num(6)?, num(8)?);
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + min * 60 + sec)
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test certificate in tests/fixtures/tls (CN localhost, SAN localhost and
    /// 127.0.0.1, valid for 100 years from 2026-11-27).
    fn fixture() -> Vec<u8> {
        der(include_str!("../../../tests/fixtures/tls/cert.pem"))
    }

    fn der(pem: &str) -> Vec<u8> {
        let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap_or_default()
    }

    #[test]
    fn the_test_certificate_reads() {
        let c = parse(&fixture(), "127.0.0.1").unwrap();
        assert_eq!(c.subject, "CN=localhost");
        assert_eq!(c.issuer, "CN=localhost");
        assert_eq!(c.names, ["localhost", "127.0.0.1"]);
        assert_eq!(c.matched, ["127.0.0.1"]);
        assert!(c.not_after - c.not_before > 99 * 365 * 86_400);
        assert!(parse(&fixture(), "other.test").unwrap().matched.is_empty());
    }

    #[test]
    fn validity_and_purpose() {
        let (from, to) = validity(&fixture()).unwrap();
        assert_eq!(from, 1_795_789_199); // 2026-11-27 14:19:59
        assert!(to - from > 99 * 365 * 86_400);
        let expired = der(include_str!("../../../tests/fixtures/tls/expired-cert.pem"));
        assert_eq!(validity(&expired), Some((1_577_836_800, 1_580_515_200)));
        // No extended key usage: any; serverAuth: yes; clientAuth only: no.
        assert_eq!(serves_tls(&fixture()), Some(true));
        let server = der(include_str!(
            "../../../tests/fixtures/tls/private-server-cert.pem"
        ));
        assert_eq!(serves_tls(&server), Some(true));
        let client = der(include_str!("../../../tests/fixtures/tls/client-cert.pem"));
        assert_eq!(serves_tls(&client), Some(false));
        assert_eq!(serves_tls(b"\x30\x03\x02\x01"), None);
        assert_eq!(validity(&fixture()[..40]), None);
    }

    #[test]
    fn times_and_names() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        let t = Tlv {
            tag: 0x17,
            body: b"261127120000Z",
        };
        assert_eq!(time(&t), Some(1_795_780_800));
        let g = Tlv {
            tag: 0x18,
            body: b"21261103120000Z",
        };
        assert_eq!(time(&g).map(|s| s > 4_000_000_000), Some(true));
        assert!(matches_host("*.example.com", "api.example.com"));
        assert!(!matches_host("*.example.com", "a.b.example.com"));
        assert!(!matches_host("*.example.com", "example.com"));
        assert!(matches_host("API.example.com", "api.example.com."));
        assert!(parse(b"\x30\x03\x02\x01", "h").is_none());
    }
}
