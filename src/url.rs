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
