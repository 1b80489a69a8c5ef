//! Failures of an exchange, mapped to the exit-code contract: 7 for DNS, refused, TLS and
//! resets before a response; 8 for a time limit, naming which one ran out; 1 for a server
//! that does not speak HTTP or a request ureq would not make. A proxy in the way is named.

use std::time::Duration;

use ureq::http;

use super::Limits;
use super::trust::Refused;
use crate::exit::{Exit, Failure};
use crate::url::authority;

/// One of the time limits of an exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// `--timeout`: the whole exchange, redirects included.
    Total,
    /// `--connect-timeout`: DNS, TCP and TLS.
    Connect,
    /// `--response-timeout`: from the request sent to the response head received.
    Head,
    /// `--idle-timeout`: no progress on the request or the body.
    Idle,
}

impl Limit {
    /// The flag that sets it.
    pub fn flag(self) -> &'static str {
        match self {
            Limit::Total => "--timeout",
            Limit::Connect => "--connect-timeout",
            Limit::Head => "--response-timeout",
            Limit::Idle => "--idle-timeout",
        }
    }

    /// Its value in `limits`.
    pub fn of(self, limits: &Limits) -> Option<Duration> {
        match self {
            Limit::Total => limits.total,
            Limit::Connect => limits.connect,
            Limit::Head => limits.head,
            Limit::Idle => limits.idle,
        }
    }

    /// What was being waited for.
    fn waiting(self) -> &'static str {
        match self {
            Limit::Total => "",
            Limit::Connect => " connecting",
            Limit::Head => " waiting for the response head",
            Limit::Idle => " waiting for the server: no progress",
        }
    }

    /// `(--idle-timeout, 30 s)`.
    pub fn describe(self, limits: &Limits) -> String {
        match self.of(limits) {
            Some(after) => format!("{}, {}", self.flag(), seconds(after)),
            None => "the system's limit".to_string(),
        }
    }

    /// The limit behind one of ureq's timeouts.
    pub fn of_ureq(t: ureq::Timeout) -> Limit {
        match t {
            ureq::Timeout::Connect | ureq::Timeout::Resolve => Limit::Connect,
            ureq::Timeout::RecvResponse => Limit::Head,
            ureq::Timeout::PerRead | ureq::Timeout::PerWrite => Limit::Idle,
            _ => Limit::Total,
        }
    }
}

/// The failure for a time limit that ran out before a response.
pub fn timed_out(url: &str, limit: Limit, limits: &Limits) -> Failure {
    let message = match limit.of(limits) {
        Some(_) => format!(
            "{}: timed out{} ({})",
            authority(url),
            limit.waiting(),
            limit.describe(limits)
        ),
        None => format!(
            "{}: timed out{} (the system's limit)",
            authority(url),
            limit.waiting()
        ),
    };
    Failure {
        exit: Exit::Timeout,
        message,
        hint: Some(format!(
            "raise {} (0 means no limit), or check that the server answers",
            limit.flag()
        )),
        unsent: limit == Limit::Connect,
        lasting: false,
    }
}

/// `30 s`, `0.5 s`.
pub fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

/// An I/O error in words.
pub fn describe_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        ConnectionRefused => "connection refused".into(),
        ConnectionReset => "connection reset by the server".into(),
        ConnectionAborted => "connection aborted".into(),
        UnexpectedEof => "the connection closed early".into(),
        BrokenPipe => "the connection closed while sending".into(),
        TimedOut => "timed out".into(),
        _ => e.to_string(),
    }
}

/// An I/O error before a response: DNS, refused, TLS, reset. The resolver and rustls
/// reach us as I/O errors, told apart by kind and text.
fn io_failure(io: &std::io::Error, url: &str) -> Failure {
    use std::io::ErrorKind::*;
    let host = authority(url);
    let text = io.to_string();
    let lower = text.to_ascii_lowercase();
    if let Some(tls) = io.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()) {
        return tls_failure(tls, url);
    }
    // TLS failing is lasting: sending again would fail the same way.
    let (message, hint, lasting) = if io.kind() == ConnectionRefused {
        (
            format!("{host}: connection refused"),
            "is the server running, and is the port right?",
            false,
        )
    } else if unresolved(&lower) {
        (
            format!("{host}: could not resolve the host name"),
            "check the spelling of the host, and your DNS or proxy settings",
            false,
        )
    } else if url.starts_with("https://")
        && [
            "corrupt message",
            "invalidcontenttype",
            "certificate",
            "handshake",
            "tls",
            "alert",
        ]
        .iter()
        .any(|w| lower.contains(w))
    {
        (
            format!("{host}: TLS failed: {text}"),
            "for a plain-HTTP port use http://; for a self-signed certificate, -k skips the check",
            true,
        )
    } else if matches!(
        io.kind(),
        ConnectionReset | ConnectionAborted | UnexpectedEof | BrokenPipe
    ) {
        (
            format!("{host}: {} before a response", describe_io(io)),
            "the server closed the connection: is it an HTTP server, and does it accept this request?",
            false,
        )
    } else {
        (
            format!("{host}: {text}"),
            "could not get a response from the server",
            false,
        )
    };
    Failure {
        exit: Exit::Connect,
        message,
        hint: Some(hint.to_string()),
        unsent: io.kind() == ConnectionRefused || unresolved(&lower),
        lasting,
    }
}

/// The resolver's words for a name it could not resolve.
fn unresolved(lower: &str) -> bool {
    lower.contains("lookup address") || lower.contains("not known") || lower.contains("no address")
}

/// True when `e` happened before any of the request reached the server: the name did not
/// resolve, the connection was refused or never made.
fn never_sent(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => true,
        ureq::Error::Timeout(t) => Limit::of_ureq(*t) == Limit::Connect,
        ureq::Error::Io(io) => {
            io.kind() == std::io::ErrorKind::ConnectionRefused
                || io.kind() == std::io::ErrorKind::TimedOut
                || unresolved(&io.to_string().to_ascii_lowercase())
        }
        _ => false,
    }
}

/// A TLS failure in words: what was wrong with the certificate, or the handshake. Under
/// roots the user gave, the hint says which ones were trusted rather than offer
/// `--cacert` again.
fn tls_failure(e: &rustls::Error, url: &str) -> Failure {
    let host = authority(url);
    let name = crate::url::split(url).host;
    let rustls::Error::InvalidCertificate(c) = e else {
        return Failure {
            exit: Exit::Connect,
            message: format!("{host}: TLS failed: {e}"),
            hint: Some("for a plain-HTTP port use http://; is this an https server?".into()),
            unsent: false,
            lasting: true,
        };
    };
    const SKIP: &str =
        "-k skips the certificate check (for testing: the connection is then not authenticated)";
    let refused = match c {
        rustls::CertificateError::Other(other) => other.0.downcast_ref::<Refused>(),
        _ => None,
    };
    let (why, hint) = match refused {
        Some(r) => (
            refused_why(&r.error, name, Some(&r.trusted)),
            format!(
                "resp trusted only the certificates in {} (not the built-in roots); {SKIP}",
                r.trusted
            ),
        ),
        None => (
            refused_why(c, name, None),
            format!("--cacert FILE trusts a private CA, or a self-signed certificate; {SKIP}"),
        ),
    };
    Failure {
        exit: Exit::Connect,
        message: format!("{host}: TLS failed: {why}"),
        hint: Some(hint),
        unsent: false,
        lasting: true,
    }
}

/// Why a certificate was refused, for `host`; `trusted`: the user's roots, if given.
fn refused_why(c: &rustls::CertificateError, host: &str, trusted: Option<&str>) -> String {
    use rustls::CertificateError as C;
    let unknown = match trusted {
        Some(trusted) => format!("is not one of the certificates in {trusted}, nor signed by one"),
        None => "no authority resp knows signed it".to_string(),
    };
    match c {
        C::UnknownIssuer => match trusted {
            Some(_) => format!("the server's certificate {unknown}"),
            None => "the server's certificate is not signed by an authority resp knows (self-signed, or a private CA)".into(),
        },
        C::Expired | C::ExpiredContext { .. } => "the server's certificate has expired".into(),
        C::NotValidYet | C::NotValidYetContext { .. } => {
            "the server's certificate is not valid yet".into()
        }
        C::NotValidForName | C::NotValidForNameContext { .. } => {
            format!("the server's certificate is not valid for {host}")
        }
        C::InvalidPurpose | C::InvalidPurposeContext { .. } => {
            "the server's certificate is not meant for TLS servers (its extended key usage)".into()
        }
        C::Revoked => "the server's certificate has been revoked".into(),
        C::Other(other) if format!("{other:?}").contains("CaUsedAsEndEntity") => {
            let and = match trusted {
                Some(_) => format!("it {unknown}"),
                None => unknown,
            };
            format!("the server's certificate is self-signed (a CA certificate used as its own), and {and}")
        }
        other => format!("the server's certificate was refused ({other:?})"),
    }
}

/// The proxy ureq will go through for `url` (from HTTP_PROXY and the rest), if any.
pub fn proxy_for(agent: &ureq::Agent, url: &str) -> Option<String> {
    let proxy = agent.config().proxy()?;
    let uri: http::Uri = url.parse().ok()?;
    (!proxy.is_no_proxy(&uri)).then(|| format!("{}:{}", proxy.host(), proxy.port()))
}

/// A connection failure through a proxy may be the proxy's: say which one was used.
pub fn blame_proxy(mut f: Failure, proxy: Option<String>) -> Failure {
    if let Some(proxy) = proxy
        && f.exit == Exit::Connect
    {
        f.message = format!("{} (through the proxy {proxy})", f.message);
        f.hint = Some(
            "the proxy may be what failed: check HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY"
                .into(),
        );
    }
    f
}

/// Maps a ureq error to the contract.
pub fn failure(e: ureq::Error, url: &str, limits: &Limits) -> Failure {
    let host = authority(url).to_string();
    let unsent = never_sent(&e);
    let connect = |message: String, hint: &str| Failure {
        exit: Exit::Connect,
        message,
        hint: Some(hint.to_string()),
        unsent,
        lasting: false,
    };
    match e {
        ureq::Error::HostNotFound => connect(
            format!("{host}: could not resolve the host name"),
            "check the spelling of the host, and your DNS or proxy settings",
        ),
        ureq::Error::ConnectionFailed => connect(
            format!("{host}: could not connect"),
            "is the server running, and is the port right?",
        ),
        ureq::Error::Timeout(t) => timed_out(url, Limit::of_ureq(t), limits),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => Failure {
            exit: Exit::Timeout,
            message: format!("{host}: timed out connecting (the system's limit)"),
            hint: Some(
                "check that the host is reachable; --connect-timeout sets a shorter limit".into(),
            ),
            unsent,
            lasting: false,
        },
        ureq::Error::Io(io) => io_failure(&io, url),
        ureq::Error::Tls(msg) => Failure {
            lasting: true,
            ..connect(
                format!("{host}: TLS failed: {msg}"),
                "is this an https server? -k skips certificate checks",
            )
        },
        ureq::Error::Rustls(err) => Failure {
            lasting: true,
            ..connect(
                format!("{host}: TLS failed: {err}"),
                "for a plain-HTTP port use http://; for a self-signed certificate, -k skips the check",
            )
        },
        ureq::Error::Protocol(p) if p.to_string().contains("too many headers") => Failure::hinted(
            format!(
                "{host}: the response has too many header fields for the HTTP client (about 100 at most)"
            ),
            "save it with curl -si and use resp read, which takes any number",
        ),
        ureq::Error::Protocol(p) => Failure::hinted(
            format!("{host}: the answer is not valid HTTP ({p})"),
            "is this the right port for an HTTP server? If it is, save the answer with \
             curl -si and use resp read, which shows malformed responses too",
        ),
        ureq::Error::LargeResponseHeader(size, limit) => Failure::hinted(
            format!(
                "{host}: the response headers are too large ({size} bytes, the limit is {limit})"
            ),
            "the server sent more header data than resp accepts",
        ),
        ureq::Error::BadUri(u) => Failure::hinted(
            format!("invalid URL: {u}"),
            "a URL looks like https://api.example.com/path",
        ),
        ureq::Error::Http(h) => Failure::hinted(
            format!("invalid request: {h}"),
            "check the URL, the method and the -H headers",
        ),
        err @ (ureq::Error::InvalidProxyUrl | ureq::Error::ConnectProxyFailed(_)) => connect(
            format!("{host}: the proxy failed: {err}"),
            "check HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY",
        ),
        other => Failure {
            exit: Exit::Error,
            message: format!("{host}: {other}"),
            hint: None,
            unsent: false,
            lasting: false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_failures_before_the_request_left_are_unsent() {
        let url = "http://example.test/x";
        let limits = Limits::DEFAULT;
        let io = |kind: std::io::ErrorKind| ureq::Error::Io(kind.into());
        let unsent = |e| failure(e, url, &limits).unsent;
        assert!(unsent(ureq::Error::HostNotFound));
        assert!(unsent(ureq::Error::ConnectionFailed));
        assert!(unsent(io(std::io::ErrorKind::ConnectionRefused)));
        assert!(unsent(ureq::Error::Timeout(ureq::Timeout::Connect)));
        assert!(unsent(ureq::Error::Io(std::io::Error::other(
            "failed to lookup address information: Name or service not known"
        ))));
        // The request may have reached the server: sending it again is not safe.
        assert!(!unsent(io(std::io::ErrorKind::ConnectionReset)));
        assert!(!unsent(io(std::io::ErrorKind::UnexpectedEof)));
        assert!(!unsent(ureq::Error::Timeout(ureq::Timeout::RecvResponse)));
        assert!(!timed_out(url, Limit::Head, &limits).unsent);
        assert!(timed_out(url, Limit::Connect, &limits).unsent);
    }
}
