//! URLs as resp handles them, in one place: a URL's parts as written, its origin (scheme,
//! host and effective port, which decides where credentials may go), the port check, and
//! the resolution of a `Location` against the URL it answered. Text in, text out: no URL
//! crate, and nothing here changes what the user wrote beyond what it is asked.

/// A URL's parts, borrowed from its text as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts<'a> {
    /// `https`, as written (compare ignoring case).
    pub scheme: Option<&'a str>,
    /// `user:password`, without the `@`.
    pub userinfo: Option<&'a str>,
    /// The host, with an IPv6 address's brackets.
    pub host: &'a str,
    /// The port as written, without the `:`; may be empty or not a number.
    pub port: Option<&'a str>,
    /// Path, query and fragment.
    pub rest: &'a str,
}

/// Splits `url` into its parts. A URL without `scheme://` is taken as `host[:port]/…`.
pub fn split(url: &str) -> Parts<'_> {
    let (scheme, after) = match url.split_once("://") {
        Some((s, a)) => (Some(s), a),
        None => (None, url),
    };
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    // `[::1]:8080`: the port follows the closing bracket.
    let port_from = match hostport.rfind(']') {
        Some(i) => i + 1,
        None => 0,
    };
    let (host, port) = match hostport[port_from..].find(':') {
        Some(i) => (
            &hostport[..port_from + i],
            Some(&hostport[port_from + i + 1..]),
        ),
        None => (hostport, None),
    };
    Parts {
        scheme,
        userinfo,
        host,
        port,
        rest,
    }
}

/// `host:port` of a URL as written, without the userinfo.
pub fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
}

/// Where a request goes, for deciding whether credentials may follow it: scheme and host
/// in lower case, and the port with the scheme's default filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub scheme: String,
    pub host: String,
    pub port: Option<u16>,
}

impl Origin {
    /// True for `https`.
    pub fn is_secure(&self) -> bool {
        self.scheme == "https"
    }
}

/// The origin of `url`: `https://h` and `https://h:443` are one origin, `http://h` another.
pub fn origin(url: &str) -> Origin {
    let parts = split(url);
    let scheme = parts.scheme.unwrap_or("http").to_ascii_lowercase();
    let default = match scheme.as_str() {
        "https" => Some(443),
        "http" => Some(80),
        _ => None,
    };
    let port = match parts.port {
        Some(p) if !p.is_empty() => p.parse().ok(),
        _ => default,
    };
    Origin {
        host: parts.host.trim_end_matches('.').to_ascii_lowercase(),
        scheme,
        port,
    }
}

/// The scheme of `url` in lower case (`https`, `data`), `http` when it has none.
pub fn scheme(url: &str) -> String {
    leading_scheme(url).unwrap_or("http").to_ascii_lowercase()
}

/// `scheme` of a URL that opens with `scheme:`; a `://` later on (a `next=` parameter) is
/// not one.
fn leading_scheme(url: &str) -> Option<&str> {
    let i = url.find(':').filter(|&i| i > 0)?;
    let scheme = &url[..i];
    let valid = scheme.as_bytes()[0].is_ascii_alphabetic()
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    // `localhost:8080` is a host and a port, not a scheme.
    let port_follows = url[i + 1..]
        .bytes()
        .take_while(|b| !matches!(b, b'/' | b'?' | b'#'))
        .all(|b| b.is_ascii_digit())
        && !url[i + 1..].starts_with("//");
    (valid && !port_follows).then_some(scheme)
}

/// Checks the port of `url`: absent, or a number from 1 to 65535. The error names it.
pub fn check_port(url: &str) -> Result<(), String> {
    match split(url).port {
        None | Some("") => Ok(()),
        Some(p) => match p.parse::<u32>() {
            Ok(n) if (1..=65535).contains(&n) && p.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
            _ => Err(format!(
                "'{p}' is not a port: a port is a number from 1 to 65535"
            )),
        },
    }
}

/// A URL as people type it, made into one that can be sent: HTTPie's shorthand
/// (`:8080/path` and `:/path` for `http://localhost…`), `http://` when there is no
/// scheme, an international domain name in its ASCII form (`xn--…`), and spaces and other
/// characters a URL cannot carry in its path, query or fragment percent-encoded, as xh and
/// HTTPie do. What still cannot be sent is an error naming the character and its position.
pub fn normalize(input: &str) -> Result<String, String> {
    let typed = input.trim();
    let with_scheme = match typed.strip_prefix(':') {
        Some(rest) => {
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let port = &rest[..end];
            if !port.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "'{port}' is not a port: a port is a number from 1 to 65535"
                ));
            }
            let colon = if port.is_empty() { "" } else { ":" };
            format!("http://localhost{colon}{rest}")
        }
        None if typed.contains("://") => typed.to_string(),
        None => format!("http://{typed}"),
    };
    let (scheme, after) = with_scheme
        .split_once("://")
        .unwrap_or(("http", with_scheme.as_str()));
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(format!(
            "resp sends http:// and https:// URLs, not {}:",
            scheme.to_ascii_lowercase()
        ));
    }
    let end = after.find(['/', '?', '#']).unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    let (userinfo, hostport) = match authority.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, authority),
    };
    if hostport.starts_with('[') && !hostport.contains(']') {
        return Err("the host's '[' is not closed".to_string());
    }
    let port_from = hostport.rfind(']').map_or(0, |i| i + 1);
    let (host, port) = match hostport[port_from..].find(':') {
        Some(i) => hostport.split_at(port_from + i),
        None => (hostport, ""),
    };
    if host.is_empty() {
        return Err("the URL has no host".to_string());
    }
    // Controls, and characters that change how text is shown (bidi overrides, invisible
    // marks), have no place in a host name.
    if let Some(c) = host.chars().find(|&c| {
        c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
    }) {
        return Err(format!(
            "the host has a character a URL cannot carry: {}",
            c.escape_unicode()
        ));
    }
    // The full stops of other scripts separate labels too (UTS #46).
    let host = host.replace(['\u{3002}', '\u{ff0e}', '\u{ff61}'], ".");
    let host = host.as_str();
    let host = if host.is_ascii() {
        host.to_string()
    } else {
        host.split('.')
            .map(|label| {
                let label = label.to_lowercase();
                if label.is_ascii() {
                    label
                } else {
                    format!("xn--{}", punycode(&label))
                }
            })
            .collect::<Vec<_>>()
            .join(".")
    };
    let prefix = format!("{scheme}://");
    let mut out = prefix.clone();
    if let Some(u) = userinfo {
        out.push_str(&encode(u));
        out.push('@');
    }
    let host_at = out.len();
    out.push_str(&host);
    out.push_str(port);
    out.push_str(&encode(rest));
    // Offsets in the message count characters of what was typed, from 1.
    if let Some((i, c)) = out[host_at..host_at + host.len()]
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=[]:".contains(c)))
    {
        let at = typed.find(c).map_or(i, |b| typed[..b].chars().count()) + 1;
        return Err(format!(
            "the host has a character a URL cannot carry: {c:?} at position {at}"
        ));
    }
    Ok(out)
}

/// Percent-encodes what a URL's path, query, fragment or userinfo cannot carry as is:
/// spaces, controls, non-ASCII (as UTF-8 bytes) and `"<>\^`{|}`. A `%` is kept: the text
/// may be encoded already.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The Punycode form of one label (RFC 3492), without the `xn--`.
fn punycode(label: &str) -> String {
    const BASE: u32 = 36;
    let (t_min, t_max, skew, damp) = (1u32, 26u32, 38u32, 700u32);
    let digit = |d: u32| -> char {
        char::from(if d < 26 {
            b'a' + d as u8
        } else {
            b'0' + (d - 26) as u8
        })
    };
    let adapt = |mut delta: u32, points: u32, first: bool| -> u32 {
        delta /= if first { damp } else { 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - t_min) * t_max) / 2 {
            delta /= BASE - t_min;
            k += BASE;
        }
        k + (BASE - t_min + 1) * delta / (delta + skew)
    };
    let chars: Vec<u32> = label.chars().map(u32::from).collect();
    let mut out: String = label.chars().filter(char::is_ascii).collect();
    let basic = out.len() as u32;
    let mut handled = basic;
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (128u32, 0u32, 72u32);
    while (handled as usize) < chars.len() {
        let m = chars.iter().copied().filter(|&c| c >= n).min().unwrap_or(n);
        delta = delta.saturating_add((m - n).saturating_mul(handled + 1));
        n = m;
        for &c in &chars {
            if c < n {
                delta = delta.saturating_add(1);
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        t_min
                    } else if k >= bias + t_max {
                        t_max
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    out
}

/// Resolves a Location against the URL it came from.
pub fn resolve(base: &str, location: &str) -> String {
    if leading_scheme(location).is_some() {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if let Some(net) = location.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (auth, path) = rest.split_at(end);
    if location.starts_with('/') {
        return format!("{scheme}://{auth}{location}");
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if location.starts_with('?') {
        return format!("{scheme}://{auth}{path}{location}");
    }
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    format!("{scheme}://{auth}{dir}/{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_their_url() {
        let base = "http://h:8080/a/b/c?q=1";
        assert_eq!(resolve(base, "https://x/y"), "https://x/y");
        assert_eq!(resolve(base, "//x/y"), "http://x/y");
        assert_eq!(resolve(base, "/y"), "http://h:8080/y");
        assert_eq!(resolve(base, "d"), "http://h:8080/a/b/d");
        assert_eq!(resolve(base, "?z=2"), "http://h:8080/a/b/c?z=2");
        assert_eq!(resolve("http://h", "d"), "http://h/d");
        assert_eq!(
            resolve(base, "/login?next=http://h/home"),
            "http://h:8080/login?next=http://h/home"
        );
        assert_eq!(resolve(base, "HTTPS://x/"), "HTTPS://x/");
        assert_eq!(resolve(base, "data:text/plain,hi"), "data:text/plain,hi");
        assert_eq!(scheme("data:text/plain,hi"), "data");
        assert_eq!(scheme("FILE:///etc/passwd"), "file");
        assert_eq!(scheme("localhost:8080/x"), "http");
    }

    #[test]
    fn authorities() {
        assert_eq!(authority("https://u:p@h.test:8443/x?y"), "h.test:8443");
        assert_eq!(authority("http://h"), "h");
    }

    #[test]
    fn parts_of_urls() {
        let p = split("https://u:p@[::1]:8443/x?y#z");
        assert_eq!(p.scheme, Some("https"));
        assert_eq!(p.userinfo, Some("u:p"));
        assert_eq!(p.host, "[::1]");
        assert_eq!(p.port, Some("8443"));
        assert_eq!(p.rest, "/x?y#z");
        let p = split("localhost:8080");
        assert_eq!(
            (p.scheme, p.host, p.port),
            (None, "localhost", Some("8080"))
        );
        assert_eq!(split("http://h?q=a:b").port, None);
    }

    #[test]
    fn origins_fill_in_default_ports() {
        assert_eq!(origin("https://H.test/x"), origin("https://h.test:443/y"));
        assert_eq!(origin("http://h.test"), origin("HTTP://h.test:80/"));
        assert_ne!(origin("https://h.test/"), origin("http://h.test/"));
        assert_ne!(origin("https://h.test/"), origin("https://h.test:8443/"));
        assert_ne!(origin("http://h.test/"), origin("http://other.test/"));
        assert_eq!(origin("http://h.test./"), origin("http://h.test/"));
        assert!(origin("https://h/").is_secure());
        assert!(!origin("http://h/").is_secure());
    }

    #[test]
    fn urls_as_people_type_them() {
        let n = |s: &str| normalize(s).unwrap();
        assert_eq!(n(":8080/path"), "http://localhost:8080/path");
        assert_eq!(n(":/path"), "http://localhost/path");
        assert_eq!(n(":"), "http://localhost");
        assert_eq!(n("example.com/a b"), "http://example.com/a%20b");
        assert_eq!(
            n("https://h.test/caf\u{e9}?q=\u{fc}ber alles#x y"),
            "https://h.test/caf%C3%A9?q=%C3%BCber%20alles#x%20y"
        );
        assert_eq!(n("https://h.test/a%20b"), "https://h.test/a%20b");
        assert_eq!(
            n("http://b\u{fc}cher.example/"),
            "http://xn--bcher-kva.example/"
        );
        assert_eq!(
            n("http://M\u{fc}nchen.DE:8080/x"),
            "http://xn--mnchen-3ya.de:8080/x"
        );
        assert_eq!(n("https://u:p w@h/"), "https://u:p%20w@h/");
        let e = normalize("http://bad host/").unwrap_err();
        assert!(e.contains("' ' at position 11"), "{e}");
        assert_eq!(
            n("http://b\u{fc}cher\u{3002}example/"),
            "http://xn--bcher-kva.example/"
        );
        for (bad, why) in [
            (":abc/x", "'abc' is not a port"),
            (":-1", "'-1' is not a port"),
            ("ftp://localhost/", "not ftp:"),
            ("https://", "no host"),
            ("http://a:b@:8081/", "no host"),
            ("http://[::1/", "'[' is not closed"),
            ("http://%41localhost/", "'%'"),
            ("http://evil\u{202e}moc.test/", "\\u{202e}"),
            ("http://x\u{9b}y/", "\\u{9b}"),
        ] {
            let e = normalize(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn punycode_matches_the_rfc() {
        // RFC 3492 7.1 (L) and well-known names.
        assert_eq!(punycode("b\u{fc}cher"), "bcher-kva");
        assert_eq!(punycode("\u{4f8b}\u{3048}"), "r8jz45g");
        assert_eq!(punycode("m\u{fc}nchen"), "mnchen-3ya");
        assert_eq!(
            punycode("\u{43f}\u{440}\u{438}\u{43c}\u{435}\u{440}"),
            "e1afmkfd"
        );
    }

    #[test]
    fn ports_are_checked() {
        assert!(check_port("http://h:8080/").is_ok());
        assert!(check_port("http://h/").is_ok());
        assert!(check_port("http://h:/").is_ok());
        assert!(check_port("http://[::1]:443/").is_ok());
        for bad in [
            "http://h:99999/x",
            "http://h:0/",
            "http://h:http/",
            "http://h:+80/",
        ] {
            let e = check_port(bad).unwrap_err();
            assert!(e.contains("is not a port"), "{bad}: {e}");
        }
    }
}
