//! URLs as resp handles them, in one place: a URL's parts as written, its origin (scheme,
//! host and effective port, which decides where credentials may go), the port check, and
//! the resolution of a `Location` against the URL it answered. Text in, text out: no URL
//! crate (its parser would rewrite what was typed), and nothing here changes what the user
//! wrote beyond what it is asked. International host names go through UTS #46 (`idna`),
//! percent-encoding through `percent-encoding`.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

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
    // UTS #46 (as browsers and curl with libidn2 do): full-width and other compatibility
    // forms mapped, the text normalized (NFC) and case-folded, then each label that is not
    // ASCII written in Punycode. A host already in ASCII is kept as typed.
    let host = if host.is_ascii() {
        host.to_string()
    } else {
        idna::domain_to_ascii(host).map_err(|_| {
            format!(
                "the host {:?} is not a valid international domain name (UTS #46)",
                host
            )
        })?
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
    out.push_str(&encode(&dedot(rest)));
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

/// What a URL's path, query, fragment or userinfo cannot carry as is: controls, space and
/// `"<>\^`{|}` (non-ASCII is always encoded, as UTF-8 bytes). A `%` is kept: the text may
/// be encoded already.
const UNSAFE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Percent-encodes what [`UNSAFE`] names.
fn encode(text: &str) -> String {
    utf8_percent_encode(text, UNSAFE).to_string()
}

/// `rest` (path, query and fragment) with the dot segments of its path removed.
fn dedot(rest: &str) -> String {
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, after) = rest.split_at(end);
    format!("{}{after}", remove_dot_segments(path))
}

/// RFC 3986 5.2.4: `/a/b/../c` is `/a/c`, `/a/./b` is `/a/b`; `..` never climbs above
/// the root, and a path that ends in `.` or `..` keeps its trailing `/`. Empty segments
/// (`//`) are kept; a `%2e` is a name, not a dot.
fn remove_dot_segments(path: &str) -> String {
    let Some(absolute) = path.strip_prefix('/') else {
        return path.to_string();
    };
    let segments: Vec<&str> = absolute.split('/').collect();
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." => {}
            ".." => {
                out.pop();
            }
            other => {
                out.push(other);
                continue;
            }
        }
        if last {
            out.push("");
        }
    }
    format!("/{}", out.join("/"))
}

/// Resolves a Location against the URL it came from (RFC 3986 5.2), dot segments removed
/// from the path of the result. A URL of another scheme (`data:`) is kept as it is.
pub fn resolve(base: &str, location: &str) -> String {
    if leading_scheme(location).is_some() {
        return match location.split_once("://") {
            Some((scheme, after)) => {
                let end = after.find(['/', '?', '#']).unwrap_or(after.len());
                let (auth, rest) = after.split_at(end);
                format!("{scheme}://{auth}{}", dedot(rest))
            }
            None => location.to_string(),
        };
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if let Some(net) = location.strip_prefix("//") {
        let end = net.find(['/', '?', '#']).unwrap_or(net.len());
        let (auth, rest) = net.split_at(end);
        return format!("{scheme}://{auth}{}", dedot(rest));
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (auth, tail) = rest.split_at(end);
    let path_and_query = tail.split('#').next().unwrap_or_default();
    let path = tail.split(['?', '#']).next().unwrap_or_default();
    if location.is_empty() || location.starts_with('#') {
        return format!("{scheme}://{auth}{path_and_query}{location}");
    }
    if location.starts_with('?') {
        return format!("{scheme}://{auth}{path}{location}");
    }
    let merged = if location.starts_with('/') {
        location.to_string()
    } else {
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        format!("{dir}/{location}")
    };
    format!("{scheme}://{auth}{}", dedot(&merged))
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
    fn international_hosts_follow_uts_46() {
        let n = |s: &str| normalize(s).unwrap();
        // Full-width letters and full stop are mapped, not encoded.
        assert_eq!(
            n("http://\u{ff45}\u{ff58}\u{ff41}\u{ff4d}\u{ff50}\u{ff4c}\u{ff45}\u{ff0e}com/"),
            "http://example.com/"
        );
        // Decomposed and composed forms are one name.
        assert_eq!(
            n("http://bu\u{308}cher.example/"),
            "http://xn--bcher-kva.example/"
        );
        assert_eq!(
            n("http://\u{4f8b}\u{3048}.test/"),
            "http://xn--r8jz45g.test/"
        );
        assert_eq!(
            n("http://\u{43f}\u{440}\u{438}\u{43c}\u{435}\u{440}.test/"),
            "http://xn--e1afmkfd.test/"
        );
        // Nontransitional: the sharp s stays itself.
        assert_eq!(n("http://fa\u{df}.de/"), "http://xn--fa-hia.de/");
        let e = normalize("http://a\u{fffd}b.test/").unwrap_err();
        assert!(e.contains("UTS #46"), "{e}");
    }

    #[test]
    fn dot_segments_are_removed() {
        for (path, want) in [
            ("/a/b/c/./../../g", "/a/g"),
            ("/a/b/..", "/a/"),
            ("/a/.", "/a/"),
            ("/..", "/"),
            ("/../../x", "/x"),
            ("/a//b/../c", "/a//c"),
            ("/a/..b/.c", "/a/..b/.c"),
            ("/a/%2e%2e/b", "/a/%2e%2e/b"),
            ("", ""),
            ("/", "/"),
        ] {
            assert_eq!(remove_dot_segments(path), want, "{path}");
        }
        let base = "http://h/a/b/c?q=1#f";
        assert_eq!(resolve(base, "../d"), "http://h/a/d");
        assert_eq!(resolve(base, "./d?x=../y"), "http://h/a/b/d?x=../y");
        assert_eq!(resolve(base, "/x/../y/./z"), "http://h/y/z");
        assert_eq!(resolve(base, "//o/a/../b"), "http://o/b");
        assert_eq!(resolve(base, "https://o/a/./b/.."), "https://o/a/");
        assert_eq!(resolve(base, "../../../.."), "http://h/");
        assert_eq!(resolve(base, "#top"), "http://h/a/b/c?q=1#top");
        assert_eq!(resolve(base, ""), "http://h/a/b/c?q=1");
        assert_eq!(
            normalize("http://h/a/b/../c/./d?p=/../#/..").unwrap(),
            "http://h/a/c/d?p=/../#/.."
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
