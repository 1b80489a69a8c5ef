//! One request over ureq, no redirects followed: the agent (rustls, our transport tap, no
//! connection reuse, statuses as answers), the request as it goes out, and the body read
//! under `--max-body` and the idle limit. What went wrong with the body is told, not
//! thrown: the status is known by then and still judged.

use std::io::Read;
use std::sync::Arc;
use std::time::Duration;

use ureq::http;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{Connector, DefaultConnector};

use super::failure::{self, Limit, describe_io};
use super::redirect::Next;
use super::tap::{TapConnector, Watch};
use super::{Exchange, USER_AGENT};
use crate::exit::{Exit, Failure};
use crate::source::{Request, Response};
use crate::url::authority;

/// An agent for one exchange, and the watch its connections report to.
pub fn agent(ex: &Exchange) -> (ureq::Agent, Arc<Watch>) {
    let tls = ureq::tls::TlsConfig::builder()
        .disable_verification(ex.insecure)
        .build();
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(ex.limits.connect)
        .timeout_recv_response(ex.limits.head)
        .timeout_per_write(ex.limits.idle)
        .tls_config(tls)
        .user_agent(USER_AGENT)
        .allow_non_standard_methods(true)
        // No connection reuse: a server that closed a kept-alive connection would turn
        // the next hop into a spurious failure, and one command makes few requests.
        .max_idle_connections(0)
        .max_idle_connections_per_host(0)
        .build();
    let watch = Watch::new(ex.limits.idle);
    let connector = DefaultConnector::new().chain(TapConnector {
        watch: watch.clone(),
    });
    let agent = ureq::Agent::with_parts(config, connector, DefaultResolver::default());
    (agent, watch)
}

/// How the body ended, when it did not end well.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// A time limit ran out.
    TimedOut,
    /// The connection closed or broke before the body was complete.
    Incomplete,
}

impl Cut {
    /// The exit code the exchange ends with.
    pub fn exit(self) -> Exit {
        match self {
            Cut::TimedOut => Exit::Timeout,
            Cut::Incomplete => Exit::Connect,
        }
    }
}

/// One request, no redirects followed.
pub fn one(
    agent: &ureq::Agent,
    watch: &Watch,
    next: &Next,
    timeout: Option<Duration>,
    ex: &Exchange,
) -> Result<(Response, Request, Option<Cut>), Failure> {
    let Next {
        method,
        url,
        headers,
        body,
    } = next;
    let mut builder = http::Request::builder()
        .method(method.as_str())
        .uri(url.as_str());
    for (name, value) in headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let request = builder
        .body(body.clone().unwrap_or_default())
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
        method: method.clone(),
        url: url.clone(),
        headers: sent_headers(url, headers, body.as_deref()),
    };
    watch.start();
    let mut answer = agent.run(request).map_err(|e| {
        let f = match watch.send_failed() {
            // Writing failed and no response followed: say so, not what came after.
            Some((kind, _)) if !matches!(e, ureq::Error::Timeout(_)) => {
                failure::failure(ureq::Error::Io(kind.into()), url, &ex.limits)
            }
            _ => failure::failure(e, url, &ex.limits),
        };
        failure::blame_proxy(f, failure::proxy_for(agent, url))
    })?;
    watch.body_started();
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
    if let Some((_, sent)) = watch.send_failed() {
        warnings.push(format!(
            "the server answered before the whole request was sent: it stopped taking it after {sent} bytes"
        ));
    }
    let reader = answer.body_mut().with_config().limit(u64::MAX).reader();
    let (bytes, cut) = read_body(reader, watch, ex, &mut warnings);
    // ureq has removed the chunked framing; a compressed body (the user asked for one
    // with -H Accept-Encoding) is decoded as `resp read` decodes it.
    let bytes = crate::source::body::decompress(bytes, &response_headers, &mut warnings);
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
    Ok((response, shown, cut))
}

/// Reads the body up to `--max-body`, telling the watch of each step forward.
fn read_body(
    mut reader: impl Read,
    watch: &Watch,
    ex: &Exchange,
    warnings: &mut Vec<String>,
) -> (Vec<u8>, Option<Cut>) {
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        match reader.read(&mut chunk) {
            Ok(0) => return (bytes, None),
            Ok(n) => {
                watch.progress();
                let room = ex.max_body - bytes.len();
                if n > room {
                    bytes.extend_from_slice(&chunk[..room]);
                    warnings.push(format!(
                        "the body is larger than --max-body ({} bytes): only the first part was read",
                        ex.max_body
                    ));
                    return (bytes, None);
                }
                bytes.extend_from_slice(&chunk[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                let timeout = e
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<ureq::Error>())
                    .and_then(|u| match u {
                        ureq::Error::Timeout(t) => Some(Limit::of_ureq(*t)),
                        _ => None,
                    })
                    .or_else(|| (e.kind() == std::io::ErrorKind::TimedOut).then_some(Limit::Total))
                    .map(|limit| {
                        if watch.idle_ran_out() {
                            Limit::Idle
                        } else {
                            limit
                        }
                    });
                let (why, cut) = match timeout {
                    Some(Limit::Idle) => (
                        format!(
                            "no data for {} ({})",
                            ex.limits.idle.map_or("long".into(), failure::seconds),
                            Limit::Idle.flag()
                        ),
                        Cut::TimedOut,
                    ),
                    Some(limit) => (
                        format!("timed out ({})", limit.describe(&ex.limits)),
                        Cut::TimedOut,
                    ),
                    None => (describe_body_error(&e), Cut::Incomplete),
                };
                warnings.push(format!(
                    "the body is incomplete: {why} after {} bytes",
                    bytes.len()
                ));
                return (bytes, Some(cut));
            }
        }
    }
}

/// A body that broke off, in words.
fn describe_body_error(e: &std::io::Error) -> String {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<ureq::Error>())
    {
        Some(ureq::Error::Io(io)) => describe_io(io),
        Some(other) => other.to_string(),
        None => describe_io(e),
    }
}

/// The request headers as they go out: ours, and the ones ureq adds.
fn sent_headers(
    url: &str,
    headers: &[(String, String)],
    body: Option<&[u8]>,
) -> Vec<(String, String)> {
    let mut out = vec![("Host".to_string(), authority(url).to_string())];
    // The client turns a URL's user:password into Basic authentication.
    if crate::url::split(url).userinfo.is_some()
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
