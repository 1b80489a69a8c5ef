//! Responses from the network: one request over ureq (rustls), redirects followed here,
//! hop by hop, so every hop's status is known and the limit is ours. 4xx and 5xx are
//! answers, not errors. Failures become [`Failure`]s with the contract's exit codes: 7 for
//! DNS, refused, TLS and resets before a response, 8 for timeouts (naming which), 1 for a
//! server that does not speak HTTP. ureq reads `HTTP_PROXY`/`HTTPS_PROXY`/`ALL_PROXY` and
//! `NO_PROXY` itself: the one environment read below `config.rs`, kept inside ureq.
//! ureq does not hand over the server's reason phrase, so sent responses have none.

use std::io::Read;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use ureq::http;

use super::{Hop, Request, Response};
use crate::exit::{Exit, Failure};

/// Everything needed to make the exchange.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    /// For the whole exchange, redirects included.
    pub timeout: Option<Duration>,
    pub connect_timeout: Option<Duration>,
    pub insecure: bool,
    pub follow: bool,
    pub max_redirects: u32,
    pub max_body: usize,
}

/// What came back.
#[derive(Debug)]
pub struct Answer {
    pub response: Response,
    /// `-L` stopped at `--max-redirects` with a redirect still to follow.
    pub too_many_redirects: bool,
    /// The time limit ran out while the body was arriving: the status is known, the
    /// body is cut.
    pub body_timed_out: bool,
}

/// The User-Agent we send unless the user sets one.
pub const USER_AGENT: &str = concat!("resp/", env!("CARGO_PKG_VERSION"));

/// Makes the exchange.
pub fn send(ex: &Exchange) -> Result<Answer> {
    let started = Instant::now();
    let agent = agent(ex);
    let mut method = ex.method.clone();
    let mut body = ex.body.clone();
    let mut url = ex.url.clone();
    let mut headers = ex.headers.clone();
    let mut hops: Vec<Hop> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    loop {
        let remaining = match ex.timeout {
            Some(total) => Some(
                total
                    .checked_sub(started.elapsed())
                    .ok_or_else(|| timeout_failure(&url, "--timeout", total))?,
            ),
            None => None,
        };
        let (mut response, request, body_timed_out) = one(
            &agent,
            &method,
            &url,
            &headers,
            body.as_deref(),
            remaining,
            ex,
        )?;
        let location = response.header("location").map(str::to_string);
        let redirect = matches!(response.status, 301 | 302 | 303 | 307 | 308);
        if !(ex.follow && redirect) || location.is_none() {
            response.hops = hops;
            response.request = Some(request);
            return Ok(Answer {
                response,
                too_many_redirects: false,
                body_timed_out,
            });
        }
        let location = location.unwrap_or_default();
        if hops.len() as u32 >= ex.max_redirects {
            let looped = seen.contains(&url);
            response.hops = hops;
            response.request = Some(request);
            response.warnings.push(format!(
                "stopped after {} redirects (--max-redirects){}",
                ex.max_redirects,
                if looped { ": the redirects loop" } else { "" }
            ));
            return Ok(Answer {
                response,
                too_many_redirects: true,
                body_timed_out,
            });
        }
        seen.push(url.clone());
        hops.push(Hop {
            status: response.status,
            reason: None,
            location: Some(location.clone()),
        });
        let next = resolve(&url, &location);
        // 303, and 301/302 after a POST, turn into a GET without a body, as browsers do.
        if response.status == 303 || (matches!(response.status, 301 | 302) && method == "POST") {
            method = "GET".to_string();
            body = None;
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
        }
        // Credentials stay with the host they were given for.
        if authority(&next) != authority(&url) {
            headers.retain(|(n, _)| {
                !n.eq_ignore_ascii_case("authorization") && !n.eq_ignore_ascii_case("cookie")
            });
        }
        url = next;
    }
}

fn agent(ex: &Exchange) -> ureq::Agent {
    let tls = ureq::tls::TlsConfig::builder()
        .disable_verification(ex.insecure)
        .build();
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(ex.connect_timeout)
        .tls_config(tls)
        .user_agent(USER_AGENT)
        .allow_non_standard_methods(true)
        // No connection reuse: a server that closed a kept-alive connection would turn
        // the next hop into a spurious failure, and one command makes few requests.
        .max_idle_connections(0)
        .max_idle_connections_per_host(0)
        .build();
    ureq::Agent::new_with_config(config)
}

/// One request, no redirects followed.
fn one(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    headers: &[(String, String)],
    body: Option<&[u8]>,
    timeout: Option<Duration>,
    ex: &Exchange,
) -> Result<(Response, Request, bool)> {
    let mut builder = http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let request = builder
        .body(body.map(<[u8]>::to_vec).unwrap_or_default())
        .map_err(|e| {
            Failure::hinted(
                format!("invalid request: {e}"),
                "check the URL, the method and the -H headers",
            )
        })?;
    let request = agent
        .configure_request(request)
        .timeout_global(timeout)
        .build();
    let shown = Request {
        method: method.to_string(),
        url: url.to_string(),
        headers: sent_headers(url, headers, body),
    };
    let mut answer = agent
        .run(request)
        .map_err(|e| blame_proxy(failure(e, url, ex), proxy_for(agent, url)))?;
    let status = answer.status().as_u16();
    let response_headers: Vec<(String, String)> = answer
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut warnings = Vec::new();
    let mut bytes = Vec::new();
    let mut timed_out = false;
    let reader = answer.body_mut().with_config().limit(u64::MAX).reader();
    match reader.take(ex.max_body as u64 + 1).read_to_end(&mut bytes) {
        Ok(_) if bytes.len() > ex.max_body => {
            bytes.truncate(ex.max_body);
            warnings.push(format!(
                "the body is larger than --max-body ({} bytes): only the first part was read",
                ex.max_body
            ));
        }
        Ok(_) => {}
        Err(e) => {
            timed_out = e.kind() == std::io::ErrorKind::TimedOut
                || e.to_string().to_ascii_lowercase().contains("timeout");
            let why = if timed_out {
                format!(
                    "timed out (--timeout, {})",
                    seconds(ex.timeout.unwrap_or_default())
                )
            } else {
                describe_io(&e)
            };
            warnings.push(format!(
                "the body is incomplete: {why} after {} bytes",
                bytes.len()
            ));
        }
    }
    // ureq has removed the chunked framing; a compressed body (the user asked for one
    // with -H Accept-Encoding) is decoded as `resp read` decodes it.
    let bytes = super::body::decompress(bytes, &response_headers, &mut warnings);
    let response = Response {
        source: url.to_string(),
        status,
        reason: None,
        reason_unavailable: true,
        headers: response_headers,
        body: bytes,
        warnings,
        ..Response::default()
    };
    Ok((response, shown, timed_out))
}

/// The request headers as they go out: ours, and the ones ureq adds.
fn sent_headers(
    url: &str,
    headers: &[(String, String)],
    body: Option<&[u8]>,
) -> Vec<(String, String)> {
    let mut out = vec![("Host".to_string(), authority(url).to_string())];
    // The client turns a URL's user:password into Basic authentication.
    let has_userinfo = url.split_once("://").is_some_and(|(_, rest)| {
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        rest[..end].contains('@')
    });
    if has_userinfo
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"))
    {
        out.push(("Authorization".into(), "Basic (from the URL)".into()));
    }
    let has = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    if !has("user-agent") {
        out.push(("User-Agent".into(), USER_AGENT.into()));
    }
    if !has("accept") {
        out.push(("Accept".into(), "*/*".into()));
    }
    out.extend(headers.iter().cloned());
    if let Some(body) = body
        && !has("content-length")
    {
        out.push(("Content-Length".into(), body.len().to_string()));
    }
    out
}

/// `host:port` of a URL, as written.
pub fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
}

/// Resolves a Location against the URL it came from.
pub fn resolve(base: &str, location: &str) -> String {
    // Absolute when it opens with a scheme; a `://` later on (a `next=` parameter) is not one.
    let scheme_len = location
        .find(':')
        .filter(|&i| i > 0)
        .filter(|&i| {
            location[..i]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        })
        .filter(|_| location.as_bytes()[0].is_ascii_alphabetic());
    if scheme_len.is_some() {
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

fn timeout_failure(url: &str, which: &str, after: Duration) -> Failure {
    Failure {
        exit: Exit::Timeout,
        message: format!(
            "{}: timed out ({which}, {})",
            authority(url),
            seconds(after)
        ),
        hint: Some("raise --timeout or --connect-timeout, or check that the server answers".into()),
    }
}

/// A timeout of the system's (connecting takes too long), with no limit of ours set.
fn system_timeout(url: &str) -> Failure {
    Failure {
        exit: Exit::Timeout,
        message: format!(
            "{}: timed out (the system's connect timeout)",
            authority(url)
        ),
        hint: Some(
            "check that the host is reachable; --connect-timeout sets a shorter limit".into(),
        ),
    }
}

fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{s:.0} s")
    } else {
        format!("{s} s")
    }
}

fn describe_io(e: &std::io::Error) -> String {
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
    let (message, hint) = if io.kind() == ConnectionRefused {
        (
            format!("{host}: connection refused"),
            "is the server running, and is the port right?",
        )
    } else if lower.contains("lookup address")
        || lower.contains("not known")
        || lower.contains("no address")
    {
        (
            format!("{host}: could not resolve the host name"),
            "check the spelling of the host, and your DNS or proxy settings",
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
        )
    } else if matches!(
        io.kind(),
        ConnectionReset | ConnectionAborted | UnexpectedEof | BrokenPipe
    ) {
        (
            format!("{host}: {} before a response", describe_io(io)),
            "the server closed the connection: is it an HTTP server, and does it accept this request?",
        )
    } else {
        (
            format!("{host}: {text}"),
            "could not get a response from the server",
        )
    };
    Failure {
        exit: Exit::Connect,
        message,
        hint: Some(hint.to_string()),
    }
}

/// The proxy ureq will go through for `url` (from HTTP_PROXY and the rest), if any.
fn proxy_for(agent: &ureq::Agent, url: &str) -> Option<String> {
    let proxy = agent.config().proxy()?;
    let uri: http::Uri = url.parse().ok()?;
    (!proxy.is_no_proxy(&uri)).then(|| format!("{}:{}", proxy.host(), proxy.port()))
}

/// A connection failure through a proxy may be the proxy's: say which one was used.
fn blame_proxy(err: anyhow::Error, proxy: Option<String>) -> anyhow::Error {
    let Some(proxy) = proxy else { return err };
    match err.downcast::<Failure>() {
        Ok(mut f) if f.exit == Exit::Connect => {
            f.message = format!("{} (through the proxy {proxy})", f.message);
            f.hint = Some("the proxy may be what failed: check HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY".into());
            anyhow::Error::new(f)
        }
        Ok(f) => anyhow::Error::new(f),
        Err(other) => other,
    }
}

/// Maps a ureq error to the contract.
fn failure(e: ureq::Error, url: &str, ex: &Exchange) -> anyhow::Error {
    let host = authority(url).to_string();
    let connect = |message: String, hint: &str| Failure {
        exit: Exit::Connect,
        message,
        hint: Some(hint.to_string()),
    };
    let f = match e {
        ureq::Error::HostNotFound => connect(
            format!("{host}: could not resolve the host name"),
            "check the spelling of the host, and your DNS or proxy settings",
        ),
        ureq::Error::ConnectionFailed => connect(
            format!("{host}: could not connect"),
            "is the server running, and is the port right?",
        ),
        ureq::Error::Timeout(t) => {
            let (which, after) = match t {
                ureq::Timeout::Connect | ureq::Timeout::Resolve => {
                    ("--connect-timeout", ex.connect_timeout)
                }
                _ => ("--timeout", ex.timeout),
            };
            match after {
                Some(after) => timeout_failure(url, which, after),
                None => system_timeout(url),
            }
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => match ex.timeout {
            Some(after) => timeout_failure(url, "--timeout", after),
            None => system_timeout(url),
        },
        ureq::Error::Io(io) => io_failure(&io, url),
        ureq::Error::Tls(msg) => connect(
            format!("{host}: TLS failed: {msg}"),
            "is this an https server? -k skips certificate checks",
        ),
        ureq::Error::Rustls(err) => connect(
            format!("{host}: TLS failed: {err}"),
            "for a plain-HTTP port use http://; for a self-signed certificate, -k skips the check",
        ),
        ureq::Error::Protocol(p) if p.to_string().contains("too many headers") => Failure::hinted(
            format!(
                "{host}: the response has too many header fields for the HTTP client (about 100 at most)"
            ),
            "save it with curl -si and use resp read, which takes any number",
        ),
        ureq::Error::Protocol(p) => Failure::hinted(
            format!("{host}: the answer is not HTTP ({p})"),
            "is this the right port for an HTTP server?",
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
        other => return anyhow!("{host}: {other}"),
    };
    anyhow::Error::new(f)
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
    }

    #[test]
    fn authorities() {
        assert_eq!(authority("https://u:p@h.test:8443/x?y"), "h.test:8443");
        assert_eq!(authority("http://h"), "h");
    }
}
