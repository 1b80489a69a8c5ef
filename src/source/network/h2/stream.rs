//! One request over an HTTP/2 connection: the request built (pseudo-headers, then the
//! fields in the order they go out; connection-specific fields dropped with a warning), its
//! body sent as flow control allows (a response that comes first ends the sending), the
//! head awaited within the head limit, the body read under the idle and total limits (into
//! memory under `--max-body`, or with `-o` into its file as the frames arrive, through the
//! same `download::Stream` as HTTP/1.1, each frame's flow-control room given back once it
//! is written), and the record of it all: the request as written, the head as received,
//! the phases, the connection.

use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::Poll;
use std::time::Instant;

use ::h2::client::{ResponseFuture, SendRequest};
use ::h2::{RecvStream, SendStream};
use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncWrite};
use ureq::http;

use super::super::download::{self, Stream, Streamed};
use super::super::failure::{self, Limit};
use super::super::redirect::Next;
use super::super::tap::Watch;
use super::super::{Cut, Exchange, Payload, USER_AGENT, client};
use super::goaway::{GoAway, Sniff, describe, h2_failure};
use super::pace::Paced;
use super::{Clock, Done};
use crate::exit::Failure;
use crate::source::wire::Connection;
use crate::source::{Request, Response};
use crate::url::authority;

/// The flow-control window of a response stream: what the server may send ahead of our
/// reading. 4 MiB keeps a 100 ms round trip at 40 MB/s (HTTP/2's default 64 KiB would hold
/// it to 0.6 MB/s). What waits in memory beside the body is not the window but a turn of
/// the paced reads (`pace`): before them, the window's worth did (a 10 MB body read by the
/// debug build peaked 5 MB above HTTP/1.1's with 4 MiB, 8 MB with 8 MiB).
const STREAM_WINDOW: u32 = 4 << 20;

/// The connection's window: one stream at a time, so a little more than it.
const CONNECTION_WINDOW: u32 = 8 << 20;

/// Request body bytes kept for `-v -v`, as the HTTP/1.1 tap keeps.
const SENT_KEPT: usize = 1 << 20;

/// The most body memory reserved up front from the server's `Content-Length`.
const RESERVE_MAX: u64 = 64 << 20;

/// The body bytes gathered before each write to `-o`'s file.
const GATHER: usize = 1 << 16;

/// The largest piece of a request body read and sent at once.
const CHUNK: usize = 1 << 16;

/// Connection-specific fields HTTP/2 forbids (RFC 9113, 8.2.2): dropped from `-H`, with a
/// warning. `Host` becomes `:authority`.
const CONNECTION_FIELDS: [&str; 5] = [
    "connection",
    "keep-alive",
    "proxy-connection",
    "transfer-encoding",
    "upgrade",
];

/// One request over an HTTP/2 connection on `io`.
pub(super) async fn speak<T>(
    io: T,
    watch: &Watch,
    next: &Next,
    clock: &Clock,
    ex: &Exchange,
) -> Result<Done, Failure>
where
    T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let url = next.url.as_str();
    let (io, goaway) = Sniff::new(Paced::new(io));
    let fail = |e: ::h2::Error| h2_failure(e, goaway.get(), url, &ex.limits);
    let mut record = watch.record();
    let mut warnings = Vec::new();
    let (request, mut shown) = request(next, &mut warnings)?;
    let (client, connection) = ::h2::client::Builder::new()
        .initial_window_size(STREAM_WINDOW)
        .initial_connection_window_size(CONNECTION_WINDOW)
        .handshake::<_, Bytes>(io)
        .await
        .map_err(fail)?;
    // The connection is driven beside the request: frames in and out, flow control.
    let driver = tokio::spawn(connection);
    let mut client: SendRequest<Bytes> = clock
        .within(Clock::from_now(ex.limits.head), Limit::Head, client.ready())
        .await?
        .map_err(fail)?;
    let body = next.body.as_ref().filter(|b| !b.is_empty());
    let (answer, mut stream) = client.send_request(request, body.is_none()).map_err(fail)?;
    let mut answer = pin!(answer);
    let mut sent = Sent::default();
    let early = match body {
        Some(payload) => send_body(&mut stream, payload, answer.as_mut(), clock, &mut sent).await?,
        None => None,
    };
    record.sent_at = Some(Instant::now());
    if let Some((start, total)) = sent.kept.take().map(|k| (k, sent.total)) {
        shown.body = Some((start, total));
    }
    let head = match early {
        Some(head) => {
            if sent.failed {
                warnings.push(format!(
                    "the server answered before the whole request was sent: it stopped taking it after {} bytes",
                    sent.total
                ));
            }
            head
        }
        None => {
            clock
                .within(Clock::from_now(ex.limits.head), Limit::Head, answer)
                .await?
        }
    }
    .map_err(fail)?;
    let now = Instant::now();
    record.first_byte = Some(now);
    record.body_at = Some(now);
    let (parts, recv) = head.into_parts();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let announced = crate::source::header(&headers, "content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    let mut file = match &ex.download {
        Some(file) => Some(download::begin(
            file,
            crate::source::header(&headers, "content-encoding"),
        )?),
        None => None,
    };
    let read = read_body(recv, clock, ex, announced, &goaway, file.as_mut()).await;
    let Read {
        bytes,
        cut,
        capped,
        received,
        warning,
    } = read;
    warnings.extend(warning);
    if let Some(progress) = &ex.progress {
        (progress.0)(received, announced, true);
    }
    let mut streamed = file.map(|f| f.finish(cut.is_none()));
    let ended = Instant::now();
    drop(stream);
    drop(client);
    // One turn for the driver to say goodbye (GOAWAY); never a wait on the server.
    tokio::task::yield_now().await;
    driver.abort();
    let body = match &mut streamed {
        Some(s) => Body::Streamed(s),
        None => Body::Read(bytes, capped),
    };
    let response = response(url, parts.status.as_u16(), headers, body, warnings);
    let response = Response {
        timing: Some(client::timing_of(&record, ended)),
        connection: Some(Connection {
            remote: record.remote.clone(),
            local_port: record.local_port,
            http_version: Some("HTTP/2".into()),
            proxy: None,
            tls: record.tls_facts.clone(),
            reused: false,
        }),
        ..response
    };
    Ok((response, shown, cut, streamed))
}

/// A body as it was received: read into memory (and whether `--max-body` stopped it), or
/// streamed to `-o`'s file.
enum Body<'a> {
    Read(Vec<u8>, bool),
    Streamed(&'a mut Streamed),
}

/// The response of ours from the head and body received: the body decoded as `resp read`
/// decodes it, or, streamed, its decoded start.
fn response(
    url: &str,
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    mut warnings: Vec<String>,
) -> Response {
    let (bytes, decoded_from, body_total, capped) = match body {
        Body::Streamed(s) => {
            let (kept, decoded_from, total) = s.take_start();
            (kept, decoded_from, total, false)
        }
        Body::Read(bytes, capped) => {
            let (bytes, decoded_from) =
                crate::source::body::decompress_told(bytes, &headers, &mut warnings);
            (bytes, decoded_from, None, capped)
        }
    };
    Response {
        source: url.to_string(),
        status,
        reason: None,
        // HTTP/2 carries no reason phrase: as `resp read` takes an `HTTP/2` status line.
        reason_unavailable: true,
        headers,
        body: bytes,
        warnings,
        decoded_from,
        // A streamed body larger than its kept start is whole in its file, not here.
        body_cut: capped || body_total.is_some(),
        body_total,
        ..Response::default()
    }
}

/// The request for h2, and as it is shown: pseudo-headers first, then the fields in the
/// order they go out (lower case, as HTTP/2 writes them).
fn request(
    next: &Next,
    warnings: &mut Vec<String>,
) -> Result<(http::Request<()>, Request), Failure> {
    let invalid = |e: String| {
        Failure::hinted(
            format!("invalid request: {e}"),
            "check the URL, the method and the -H headers",
        )
    };
    let parts = crate::url::split(&next.url);
    let scheme = parts.scheme.unwrap_or("http").to_ascii_lowercase();
    let has = |name: &str| {
        next.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    };
    // `Host` given with -H is the authority, as curl sends it.
    let host = next
        .headers
        .iter()
        .rev()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| authority(&next.url).to_string());
    let path = match parts.rest.split('#').next().unwrap_or_default() {
        "" => "/".to_string(),
        p if p.starts_with('?') => format!("/{p}"),
        p => p.to_string(),
    };
    let uri = format!("{scheme}://{host}{path}");
    let mut fields: Vec<(String, String)> = Vec::new();
    if let Some(userinfo) = parts.userinfo
        && !has("authorization")
    {
        fields.push((
            "authorization".into(),
            super::super::basic_authorization(userinfo),
        ));
    }
    if !has("user-agent") {
        fields.push(("user-agent".into(), USER_AGENT.into()));
    }
    if !has("accept") {
        fields.push(("accept".into(), "*/*".into()));
    }
    for (name, value) in &next.headers {
        let lower = name.to_ascii_lowercase();
        if lower == "host" {
            continue;
        }
        let te_other = lower == "te" && !value.trim().eq_ignore_ascii_case("trailers");
        if CONNECTION_FIELDS.contains(&lower.as_str()) || te_other {
            warnings.push(format!(
                "the header {name} is not sent: HTTP/2 forbids connection-specific fields"
            ));
            continue;
        }
        fields.push((lower, value.clone()));
    }
    if let Some(body) = &next.body
        && !has("content-length")
    {
        fields.push(("content-length".into(), body.len().to_string()));
    }
    let mut builder = http::Request::builder()
        .method(next.method.as_str())
        .uri(uri.as_str())
        .version(http::Version::HTTP_2);
    for (name, value) in &fields {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let request = builder.body(()).map_err(|e| invalid(e.to_string()))?;
    let mut headers = vec![
        (":method".to_string(), next.method.clone()),
        (":scheme".to_string(), scheme),
        (":authority".to_string(), host),
        (":path".to_string(), path),
    ];
    headers.extend(fields);
    let shown = Request {
        method: next.method.clone(),
        url: next.url.clone(),
        headers,
        version: Some("HTTP/2".into()),
        body: None,
    };
    Ok((request, shown))
}

/// What went out of the request body.
#[derive(Default)]
struct Sent {
    /// Its start, as kept for `-v -v`.
    kept: Option<Vec<u8>>,
    /// Bytes handed to the stream.
    total: u64,
    /// The server stopped taking it (reset the stream) before its end.
    failed: bool,
}

/// Sends the body as flow control allows, each wait for room capped by the idle limit. A
/// response that comes first (a 413 to a large upload) ends the sending: it is returned.
async fn send_body(
    stream: &mut SendStream<Bytes>,
    payload: &Payload,
    mut answer: Pin<&mut ResponseFuture>,
    clock: &Clock,
    sent: &mut Sent,
) -> Result<Option<Result<http::Response<RecvStream>, ::h2::Error>>, Failure> {
    let mut source = Source::new(payload).map_err(|e| {
        Failure::hinted(
            format!("reading the request body: {e}"),
            "check the file given to -d @FILE",
        )
    })?;
    let kept = sent.kept.get_or_insert_with(Vec::new);
    loop {
        let mut piece = match source.next() {
            Ok(Some(piece)) => piece,
            Ok(None) => break,
            Err(e) => {
                return Err(Failure::hinted(
                    format!("reading the request body: {e}"),
                    "check the file given to -d @FILE",
                ));
            }
        };
        let room = SENT_KEPT.saturating_sub(kept.len());
        kept.extend_from_slice(&piece[..piece.len().min(room)]);
        while !piece.is_empty() {
            stream.reserve_capacity(piece.len());
            let step = clock
                .within(
                    Clock::from_now(clock.limits.idle),
                    Limit::Idle,
                    poll_fn(|cx| {
                        if let Poll::Ready(head) = answer.as_mut().poll(cx) {
                            return Poll::Ready(Err(head));
                        }
                        stream.poll_capacity(cx).map(Ok)
                    }),
                )
                .await?;
            match step {
                Err(head) => {
                    sent.failed = true;
                    return Ok(Some(head));
                }
                Ok(Some(Ok(0))) => {}
                Ok(Some(Ok(room))) => {
                    let part = piece.split_to(room.min(piece.len()));
                    let n = part.len() as u64;
                    if stream.send_data(part, false).is_err() {
                        sent.failed = true;
                        return Ok(Some(answer.await));
                    }
                    sent.total += n;
                }
                Ok(Some(Err(_)) | None) => {
                    sent.failed = true;
                    return Ok(Some(answer.await));
                }
            }
        }
    }
    if stream.send_data(Bytes::new(), true).is_err() {
        sent.failed = true;
        return Ok(Some(answer.await));
    }
    Ok(None)
}

/// A request body, piece by piece: bytes in memory, or a file read from its start.
enum Source<'a> {
    Bytes(&'a [u8]),
    File(&'a std::fs::File),
}

impl<'a> Source<'a> {
    fn new(payload: &'a Payload) -> std::io::Result<Source<'a>> {
        use std::io::{Seek, SeekFrom};
        Ok(match payload {
            Payload::Bytes(bytes) => Source::Bytes(bytes),
            Payload::File(file) => {
                let mut file = &**file;
                file.seek(SeekFrom::Start(0))?;
                Source::File(file)
            }
        })
    }

    fn next(&mut self) -> std::io::Result<Option<Bytes>> {
        use std::io::Read;
        match self {
            Source::Bytes(rest) => {
                if rest.is_empty() {
                    return Ok(None);
                }
                let (piece, after) = rest.split_at(rest.len().min(CHUNK));
                *rest = after;
                Ok(Some(Bytes::copy_from_slice(piece)))
            }
            Source::File(file) => {
                let mut buf = vec![0u8; CHUNK];
                let n = loop {
                    match file.read(&mut buf) {
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        other => break other?,
                    }
                };
                buf.truncate(n);
                Ok((n > 0).then(|| Bytes::from(buf)))
            }
        }
    }
}

/// How the reading of a body went.
struct Read {
    /// The bytes read into memory (none when streamed to a file).
    bytes: Vec<u8>,
    /// How the body broke off, if it did.
    cut: Option<Cut>,
    /// `--max-body` stopped the reading.
    capped: bool,
    /// Body bytes received, as sent (before any decoding).
    received: u64,
    /// What the reader has to say about the body: cut, or capped.
    warning: Option<String>,
}

/// Reads the body under the idle and total limits: up to `--max-body` into memory, or whole
/// into `file` (`-o`), gathered into writes of [`GATHER`] bytes. Each frame's room in the
/// flow-control window is given back once the frame is kept or written.
async fn read_body(
    mut recv: RecvStream,
    clock: &Clock,
    ex: &Exchange,
    announced: Option<u64>,
    goaway: &GoAway,
    mut file: Option<&mut Stream<'_>>,
) -> Read {
    // Room for the body the server announced, within --max-body and a bound of ours: no
    // copies as it grows. An announcement larger than the body costs untouched memory only.
    let room = match file {
        Some(_) => 0,
        None => announced.map_or(0, |n| n.min(RESERVE_MAX)),
    };
    let mut read = Read {
        bytes: Vec::with_capacity(usize::try_from(room).unwrap_or(0).min(ex.max_body)),
        cut: None,
        capped: false,
        received: 0,
        warning: None,
    };
    // Frames for the file, gathered into fewer writes (servers send 8 or 16 KiB frames).
    let mut gathered = Vec::new();
    loop {
        let data = clock
            .race(Clock::from_now(ex.limits.idle), Limit::Idle, recv.data())
            .await;
        let why = match data {
            Ok(None) => {
                if let Some(file) = file {
                    put(file, &mut gathered, &mut recv);
                }
                return read;
            }
            Ok(Some(Ok(data))) => {
                read.received += data.len() as u64;
                if let Some(progress) = &ex.progress {
                    (progress.0)(read.received, announced, false);
                }
                if let Some(file) = file.as_deref_mut() {
                    gathered.extend_from_slice(&data);
                    // A file that cannot take the body ends the reading: the rest is lost.
                    if gathered.len() >= GATHER && !put(file, &mut gathered, &mut recv) {
                        return read;
                    }
                    continue;
                }
                let room = ex.max_body - read.bytes.len();
                if data.len() > room {
                    read.bytes.extend_from_slice(&data[..room]);
                    read.warning = Some(format!(
                        "the body is larger than --max-body ({} bytes): only the first part was read",
                        ex.max_body
                    ));
                    read.capped = true;
                    return read;
                }
                read.bytes.extend_from_slice(&data);
                // Room for more as soon as it is kept: the window stays open.
                let _ = recv.flow_control().release_capacity(data.len());
                continue;
            }
            Ok(Some(Err(e))) => (describe(&e, goaway.get()), Cut::Incomplete),
            Err(Limit::Idle) => (
                format!(
                    "no data for {} ({})",
                    ex.limits.idle.map_or("long".into(), failure::seconds),
                    Limit::Idle.flag()
                ),
                Cut::TimedOut,
            ),
            Err(limit) => (
                format!("timed out ({})", limit.describe(&ex.limits)),
                Cut::TimedOut,
            ),
        };
        if let Some(file) = file {
            put(file, &mut gathered, &mut recv);
        }
        read.warning = Some(format!(
            "the body is incomplete: {} after {} bytes",
            why.0, read.received
        ));
        read.cut = Some(why.1);
        return read;
    }
}

/// Writes the `gathered` frames to `file` and gives their room in the window back; false
/// when the file could not take them.
fn put(file: &mut Stream, gathered: &mut Vec<u8>, recv: &mut RecvStream) -> bool {
    let written = gathered.is_empty() || file.write(gathered);
    let _ = recv.flow_control().release_capacity(gathered.len());
    gathered.clear();
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(url: &str, headers: &[(&str, &str)]) -> Next {
        Next {
            method: "GET".into(),
            url: url.into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: None,
        }
    }
    #[test]
    fn the_request_shows_pseudo_headers_first_and_drops_connection_fields() {
        let mut warnings = Vec::new();
        let n = next(
            "https://u:p@h.test:8443?q=1#frag",
            &[
                ("Connection", "close"),
                ("X-Id", "7"),
                ("Host", "other.test"),
            ],
        );
        let (request, shown) = request(&n, &mut warnings).unwrap_or_else(|f| panic!("{f}"));
        assert_eq!(request.uri().to_string(), "https://other.test/?q=1");
        let names: Vec<&str> = shown.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                ":method",
                ":scheme",
                ":authority",
                ":path",
                "authorization",
                "user-agent",
                "accept",
                "x-id"
            ]
        );
        assert_eq!(shown.headers[3].1, "/?q=1");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("Connection"));
    }
}
