//! One request over ureq, no redirects followed: the agent (our connectors and transport
//! tap, no connection reuse unless asked for, statuses as answers), the request as it goes out, the body read
//! under `--max-body` and the idle limit, and what the wire carried: the response heads as
//! received (reason phrase, header case and order, `1xx` preambles), the request as written,
//! the timings and the connection. What went wrong with the body is told, not thrown: the
//! status is known by then and still judged. With `-o` the body is streamed to its file
//! instead (`download`), and only its start kept.

use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ureq::http;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{ConnectProxyConnector, Connector};

use super::connect::{TcpConnect, TimedResolver, TlsConnect};
use super::download::{self, Stream, Streamed};
use super::failure::{self, Limit, describe_io};
use super::names::NamesConnector;
use super::redirect::Next;
use super::tap::{Record, TapConnector, Watch};
use super::{Exchange, Payload, USER_AGENT};
use crate::exit::{Exit, Failure};
use crate::source::wire::{Connection, Timing};
use crate::source::{Hop, Request, Response, http as raw};
use crate::url::authority;

/// An agent, and the watch its connections report to: for one exchange, or with `keep`
/// for many made one after another (connections kept alive and reused).
pub fn agent(ex: &Exchange, keep: bool) -> (ureq::Agent, Arc<Watch>) {
    let idle = if keep { 4 } else { 0 };
    let mut config = ureq::Agent::config_builder();
    if ex.unix_socket.is_some() {
        // The socket is where the request goes: no proxy stands between.
        config = config.proxy(None);
    }
    let config = config
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(ex.limits.connect)
        .timeout_recv_response(ex.limits.head)
        .timeout_per_write(ex.limits.idle)
        .user_agent(USER_AGENT)
        .allow_non_standard_methods(true)
        // For one exchange no connection reuse: a server that closed a kept-alive
        // connection would turn the next hop into a spurious failure, and one command
        // makes few requests. `run`'s agents keep them: hundreds of requests to one host.
        .max_idle_connections(idle)
        .max_idle_connections_per_host(idle)
        .build();
    let watch = Watch::new(ex.limits.idle);
    let connector = ()
        .chain(ConnectProxyConnector::default())
        .chain(TcpConnect {
            watch: watch.clone(),
            unix_socket: ex.unix_socket.clone(),
        })
        .chain(TlsConnect::new(
            watch.clone(),
            ex.insecure,
            ex.trust.clone(),
        ))
        .chain(TapConnector {
            watch: watch.clone(),
        })
        // Outermost: the tap records the names as they went out.
        .chain(NamesConnector::new(
            ex.headers.iter().map(|(n, _)| n.as_str()),
        ));
    let resolver = TimedResolver {
        watch: watch.clone(),
        inner: DefaultResolver::default(),
        unix_socket: ex.unix_socket.is_some(),
    };
    let agent = ureq::Agent::with_parts(config, connector, resolver);
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
) -> Result<(Response, Request, Option<Cut>, Option<Streamed>), Failure> {
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
    let empty = body.is_none() && says_empty(method, headers);
    let shown = Request {
        method: method.clone(),
        url: url.clone(),
        headers: sent_headers(
            url,
            headers,
            body.as_ref().map(Payload::len).or(empty.then_some(0)),
        ),
        ..Request::default()
    };
    watch.start();
    let proxy = failure::proxy_for(agent, url);
    // Over HTTP/2 the body goes to -o's file as its frames arrive, as below.
    if let Some(done) = super::h2::one(watch, next, timeout, ex, proxy.as_deref())? {
        return Ok(done);
    }
    // No body at all, not an empty one: a GET goes out without `content-length: 0`.
    let result = match body {
        None if empty => run(agent, builder, &[][..], timeout)?,
        Some(Payload::Bytes(bytes)) => run(agent, builder, bytes.as_slice(), timeout)?,
        // Sent from its start each time (a redirect, a retry): ureq reads it as it goes,
        // with the file's length as Content-Length.
        Some(Payload::File(file)) => {
            let mut file = &**file;
            file.seek(SeekFrom::Start(0)).map_err(|e| {
                Failure::hinted(
                    format!("reading the request body: {e}"),
                    "check the file given to -d @FILE",
                )
            })?;
            run(agent, builder, file, timeout)?
        }
        None => run(agent, builder, (), timeout)?,
    };
    let mut answer = result.map_err(|e| {
        let f = match watch.send_failed() {
            // Writing failed and no response followed: say so, not what came after.
            Some((kind, _)) if !matches!(e, ureq::Error::Timeout(_)) => {
                failure::failure(ureq::Error::Io(kind.into()), url, &ex.limits)
            }
            _ => failure::failure(e, url, &ex.limits),
        };
        match &ex.unix_socket {
            Some(socket) => on_socket(f, url, socket, watch.record().connect.is_some()),
            None => failure::blame_proxy(f, failure::proxy_for(agent, url)),
        }
    })?;
    watch.body_started();
    let status = answer.status().as_u16();
    let mut warnings = Vec::new();
    if let Some((_, sent)) = watch.send_failed() {
        warnings.push(format!(
            "the server answered before the whole request was sent: it stopped taking it after {sent} bytes"
        ));
    }
    let announced = answer
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let mut stream = match &ex.download {
        Some(file) => {
            let coding = answer
                .headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok());
            Some(download::begin(file, coding)?)
        }
        None => None,
    };
    let reader = answer.body_mut().with_config().limit(u64::MAX).reader();
    let (bytes, cut, capped, received) =
        read_body(reader, watch, ex, announced, &mut warnings, stream.as_mut());
    if let Some(progress) = &ex.progress {
        (progress.0)(received, announced, true);
    }
    let mut streamed = stream.map(|s| s.finish(cut.is_none()));
    let ended = Instant::now();
    let record = watch.record();
    let mut heads = raw::heads(&record.heads);
    // The head as the server wrote it; ureq's parsed view only if the record is not whole.
    let last = heads.pop().filter(|h| h.status == status);
    let (reason, headers, version) = match last {
        Some(head) => (head.reason, head.headers, Some(head.version)),
        None => {
            heads.clear();
            let parsed = answer
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            (None, parsed, None)
        }
    };
    // ureq has removed the chunked framing; a compressed body (the user asked for one
    // with -H Accept-Encoding) is decoded as `resp read` decodes it.
    let (bytes, decoded_from, body_total) = match &mut streamed {
        // Decoded on its way to the file; its start is what is judged.
        Some(s) => s.take_start(),
        None => {
            let (bytes, decoded_from) =
                crate::source::body::decompress_told(bytes, &headers, &mut warnings);
            (bytes, decoded_from, None)
        }
    };
    let hops = heads
        .into_iter()
        .map(|h| Hop {
            status: h.status,
            reason: h.reason,
            location: None,
            url: Some(url.clone()),
            headers: h.headers,
            timing: None,
        })
        .collect();
    let connection = Connection {
        remote: record.remote.clone(),
        local_port: record.local_port,
        http_version: version.clone(),
        proxy: failure::proxy_for(agent, url),
        tls: record.tls_facts.clone(),
        reused: record.reused,
    };
    let response = Response {
        source: url.to_string(),
        status,
        reason_unavailable: version.is_none(),
        reason,
        headers,
        body: bytes,
        warnings,
        hops,
        timing: Some(timing_of(&record, ended)),
        connection: Some(connection),
        decoded_from,
        // A streamed body larger than its kept start is whole in its file, not here.
        body_cut: capped || body_total.is_some(),
        body_total,
        ..Response::default()
    };
    // The URL stays whole for people; the request line's target is its path.
    let shown = as_sent(&record)
        .map(|sent| Request {
            url: url.clone(),
            ..sent
        })
        .unwrap_or(shown);
    Ok((response, shown, cut, streamed))
}

/// A failure over `--unix-socket`: before the connection is made it is the socket's, named
/// as such (the URL's host is only a name for the Host header).
fn on_socket(mut f: Failure, url: &str, socket: &std::path::Path, connected: bool) -> Failure {
    if connected {
        return f;
    }
    // Nothing was sent: a daemon that is starting may be waited for (`--retry`).
    f.unsent = true;
    let host = authority(url);
    let why = f
        .message
        .strip_prefix(&format!("{host}: "))
        .unwrap_or(&f.message)
        .to_string();
    let why = match why.split_once(" (os error") {
        Some((why, _)) => why.to_lowercase(),
        None => why,
    };
    f.message = format!("--unix-socket {}: {why}", socket.display());
    f.hint = Some(
        "is the server listening on this socket? (the Docker daemon's is /var/run/docker.sock)"
            .into(),
    );
    f
}

/// Builds the request with `body` and makes it; the outer error is a request that cannot
/// be built, the inner one what ureq met.
fn run<B: ureq::AsSendBody>(
    agent: &ureq::Agent,
    builder: http::request::Builder,
    body: B,
    timeout: Option<Duration>,
) -> Result<Result<http::Response<ureq::Body>, ureq::Error>, Failure> {
    let request = builder.body(body).map_err(|e| {
        Failure::hinted(
            format!("invalid request: {e}"),
            "check the URL, the method and the -H headers",
        )
    })?;
    let request = agent
        .configure_request(request)
        .timeout_global(timeout)
        .build();
    Ok(agent.run(request))
}

/// The phases of the recorded exchange, ending at `ended`.
pub(super) fn timing_of(r: &Record, ended: Instant) -> Timing {
    let ms = |a: Instant, b: Instant| b.saturating_duration_since(a).as_secs_f64() * 1000.0;
    let started = r.started.unwrap_or(ended);
    let span = |s: Option<(Instant, Instant)>| s.map(|(a, b)| ms(a, b));
    let ready = [r.dns, r.connect, r.tls]
        .into_iter()
        .flatten()
        .map(|(_, end)| end)
        .max()
        .unwrap_or(started);
    Timing {
        blocked_ms: None,
        dns_ms: span(r.dns),
        connect_ms: span(r.connect),
        tls_ms: span(r.tls),
        send_ms: r.sent_at.map(|at| ms(ready, at)),
        wait_ms: r.sent_at.zip(r.first_byte).map(|(s, f)| ms(s, f)),
        receive_ms: r.body_at.map(|at| ms(at, ended)),
        total_ms: ms(started, ended),
    }
}

/// The request as it went out, from the recorded bytes: request line, every header (ureq's
/// own too) in order, and the start of the body.
fn as_sent(r: &Record) -> Option<Request> {
    let end = r.sent.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&r.sent[..end]);
    let mut lines = head.split("\r\n");
    let mut line = lines.next()?.split(' ');
    let method = line.next()?.to_string();
    let target = line.next()?.to_string();
    let version = line.next().map(str::to_string);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let body = r.sent[end + 4..].to_vec();
    let total = r.sent_total.saturating_sub(end as u64 + 4);
    Some(Request {
        method,
        url: target,
        headers,
        version,
        body: (total > 0).then_some((body, total)),
    })
}

/// Reads the body up to `--max-body`, or whole into `stream` (`-o`), telling the watch of
/// each step forward: the bytes kept, how the body broke off (if it did), whether
/// `--max-body` stopped the reading, and the bytes received.
fn read_body(
    mut reader: impl Read,
    watch: &Watch,
    ex: &Exchange,
    announced: Option<u64>,
    warnings: &mut Vec<String>,
    mut stream: Option<&mut Stream>,
) -> (Vec<u8>, Option<Cut>, bool, u64) {
    let mut bytes = Vec::new();
    let mut received = 0u64;
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        match reader.read(&mut chunk) {
            Ok(0) => return (bytes, None, false, received),
            Ok(n) => {
                watch.progress();
                received += n as u64;
                if let Some(progress) = &ex.progress {
                    (progress.0)(received, announced, false);
                }
                if let Some(stream) = stream.as_deref_mut() {
                    // A file that cannot take the body ends the reading: the rest is lost.
                    if !stream.write(&chunk[..n]) {
                        return (bytes, None, false, received);
                    }
                    continue;
                }
                let room = ex.max_body - bytes.len();
                if n > room {
                    bytes.extend_from_slice(&chunk[..room]);
                    warnings.push(format!(
                        "the body is larger than --max-body ({} bytes): only the first part was read",
                        ex.max_body
                    ));
                    return (bytes, None, true, received);
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
                    "the body is incomplete: {why} after {received} bytes"
                ));
                return (bytes, Some(cut), false, received);
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

/// True when a request without a body says `Content-Length: 0`: its method gives content
/// a meaning (POST, PUT, PATCH; RFC 9110 8.6), as curl's `-d ''` and xh do, and the user
/// set no framing of their own. ureq would send it chunked, with only the last chunk; the
/// other methods go out with no framing at all, as with curl.
fn says_empty(method: &str, headers: &[(String, String)]) -> bool {
    let framed = headers.iter().any(|(n, _)| {
        n.eq_ignore_ascii_case("content-length") || n.eq_ignore_ascii_case("transfer-encoding")
    });
    ["POST", "PUT", "PATCH"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
        && !framed
}

/// The request headers as they go out: ours, and the ones ureq adds.
fn sent_headers(
    url: &str,
    headers: &[(String, String)],
    body: Option<u64>,
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
    if let Some(len) = body
        && !has("content-length")
    {
        out.push(("Content-Length".into(), len.to_string()));
    }
    out
}
