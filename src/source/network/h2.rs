//! HTTP/2 for `send`. Over TLS, resp offers `h2` and `http/1.1` by ALPN and speaks what the
//! server picks; `--http2-prior-knowledge` speaks h2c to a plain-text server; `--http1.1`
//! leaves everything to ureq (whose TLS offers `http/1.1` alone, as curl's does). What this module guarantees:
//! - one connection per request, as for HTTP/1.1: when ALPN picks `http/1.1` the connection
//!   made here (its TCP socket and rustls session, DNS, connect and TLS already timed and
//!   recorded) is handed over to ureq's connectors through the [`Watch`]: never a second
//!   handshake, and the timing shown is the one the exchange had;
//! - the same record as the HTTP/1.1 tap: the request as written (the pseudo-headers
//!   `:method`, `:scheme`, `:authority`, `:path`, then the fields in the order they go
//!   out, and the start of the body), the response head as received (HTTP/2 has no reason
//!   phrase: none is invented; the fields in the order h2 hands them over: names in the
//!   order first received, the repeats of a name together, in lower case as HTTP/2 sends
//!   them), the phases of the exchange, the connection and TLS facts and the server's
//!   certificate. It is built here rather than by the tap: h2 owns the connection's bytes
//!   (HPACK-compressed) and hands over the decoded head;
//! - the same limits: connect (DNS, TCP, TLS), head (from the request sent to the head),
//!   idle (each wait for flow-control room while sending, each wait for body data) and the
//!   total; a body that stops early is told, not thrown, as for HTTP/1.1;
//! - a stream reset (`RST_STREAM`) or a `GOAWAY` before the answer is a failure of its own
//!   (exit 7, naming the error code); after the head it cuts the body (exit 7 too); a time
//!   limit is exit 8. `REFUSED_STREAM` and a graceful `GOAWAY` mean the server did not
//!   process the request: safe to send again.
//!
//! The decision. ureq speaks HTTP/1.1 only and stays for it. For h2 resp uses the `h2`
//! crate (hyper's own HTTP/2 layer) directly on a current-thread tokio runtime made per
//! request, with tokio-rustls over the same rustls configuration as HTTP/1.1 (`connect`):
//! hyper on top would add its body and executor layers and hide the `RST_STREAM`/`GOAWAY`
//! codes behind its own error type, for no gain in a client that makes one request at a
//! time. Reads go through a 128 KiB buffer: rustls asks for 4 KiB at a time, which made a
//! 10 MB body cost 2012 `recvfrom` calls instead of HTTP/1.1's 84. Measured on a shared
//! 2-core machine (release, LTO, stripped; `bench/h2.sh`): the binary grows by 0.44 MiB;
//! one small `send` over h2 to a local nginx takes 0.24-0.47x `curl --http2`'s time.
//! `explain` and `read` never reach this module (their start-up differs by clap's three
//! new flags: 1.3% more instructions). A CONNECT proxy is ureq's: through one, resp
//! speaks HTTP/1.1 (`--http2` is refused there).
//!
//! The body. Without `-o` it is read into memory under `--max-body`, as over HTTP/1.1.
//! With `-o` its frames go into the file as they arrive, through the same
//! `download::Stream` as HTTP/1.1's (decoded on the way, only its start kept, not bounded
//! by `--max-body`), each frame's flow-control room given back once it is written. The
//! connection's reads are paced (`pace`): h2's connection task would otherwise read a
//! whole stream window (4 MiB) of frames before the body's reader took any, and that
//! much waited in memory beside the body. Peak RSS, debug build, from a local nginx over
//! TLS (five runs each): a 50 MB download with `-o`, 73.6-75.8 MB when the body was held
//! in memory first, 25.5-26.7 MB streamed, 19.2-19.4 MB streamed and paced (HTTP/1.1:
//! 18.7-18.9 MB); a 10 MB body without `-o`, 33.2-33.4 MB before pacing, 28.2-28.4 MB
//! after (HTTP/1.1: 27.7-27.9 MB; 17.6 MB for a small body). The release build
//! (`bench/h2.sh`): that body peaks at 17.7 MB over h2 as over HTTP/1.1, and with
//! `-o /dev/null` at 8.7 MB (`curl --http2`: 12.6 MB).

mod dial;
mod goaway;
mod pace;
mod stream;

use std::future::Future;
use std::time::{Duration, Instant};

use super::download::Streamed;
use super::failure::{self, Limit};
use super::redirect::Next;
use super::tap::{Handover, Watch};
use super::{Cut, Exchange, Limits};
use crate::exit::{Exit, Failure};
use crate::source::{Request, Response};
use crate::url::authority;

/// Which HTTP `send` speaks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HttpVersion {
    /// Over TLS, what the server picks of `h2` and `http/1.1`; plain `http` is HTTP/1.1.
    #[default]
    Negotiate,
    /// `--http1.1`: HTTP/1.1 only; over TLS, ALPN offers `http/1.1` alone.
    Http1,
    /// `--http2`: h2 over TLS, or a failure naming why not.
    Http2,
    /// `--http2-prior-knowledge`: h2c over plain `http`, h2 over TLS.
    Http2PriorKnowledge,
}

/// What one request came to: the response, the request as it went out, how its body
/// ended early (if it did), and how it went to `-o`'s file (with one).
type Done = (Response, Request, Option<Cut>, Option<Streamed>);

/// Makes the request over HTTP/2 when that is what `ex` asks for and the server speaks;
/// `None` leaves it to ureq (HTTP/1.1), with the connection made here handed over through
/// `watch` when ALPN chose HTTP/1.1. `proxy` is the proxy ureq would use for the URL.
pub fn one(
    watch: &Watch,
    next: &Next,
    timeout: Option<Duration>,
    ex: &Exchange,
    proxy: Option<&str>,
) -> Result<Option<Done>, Failure> {
    // A Unix socket is spoken to in HTTP/1.1, as curl does without --http2.
    if ex.unix_socket.is_some() && ex.http != HttpVersion::Http2PriorKnowledge {
        return Ok(None);
    }
    let secure = crate::url::scheme(&next.url) == "https";
    let insist = match (ex.http, secure) {
        (HttpVersion::Http1, _) | (HttpVersion::Negotiate, false) => return Ok(None),
        (HttpVersion::Http2, false) => {
            return Err(refused(
                format!(
                    "{}: --http2 needs https (ALPN); plain http is HTTP/1.1",
                    authority(&next.url)
                ),
                "--http2-prior-knowledge speaks h2c to a plain-text server",
            ));
        }
        (HttpVersion::Negotiate, true) => false,
        _ => true,
    };
    if let Some(proxy) = proxy {
        if !insist {
            return Ok(None);
        }
        return Err(refused(
            format!(
                "{}: HTTP/2 through a proxy ({proxy}) is not supported",
                authority(&next.url)
            ),
            "--http1.1 goes through the proxy; NO_PROXY skips it for this host",
        ));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Failure::hinted(format!("starting HTTP/2: {e}"), "--http1.1 avoids it"))?;
    let clock = Clock {
        total: timeout.map(|t| Instant::now() + t),
        limits: ex.limits,
        url: next.url.clone(),
    };
    let secure = secure.then_some(insist);
    runtime.block_on(exchange(watch, next, &clock, ex, secure))
}

/// A failure of the exchange (exit 7) with a hint.
fn refused(message: String, hint: &str) -> Failure {
    Failure {
        exit: Exit::Connect,
        message,
        hint: Some(hint.to_string()),
        unsent: true,
        lasting: true,
    }
}

/// Connects (TLS when `secure` is `Some(insist)`), then speaks h2, or hands the connection
/// over when ALPN chose HTTP/1.1 and h2 was not insisted on.
async fn exchange(
    watch: &Watch,
    next: &Next,
    clock: &Clock,
    ex: &Exchange,
    secure: Option<bool>,
) -> Result<Option<Done>, Failure> {
    let url = next.url.as_str();
    let connect_by = ex.limits.connect.map(|d| Instant::now() + d);
    let (tcp, addr) = clock
        .within(
            connect_by,
            Limit::Connect,
            dial::tcp(watch, url, &ex.limits),
        )
        .await??;
    // Reads in large pieces: rustls asks for 4 KB at a time, and h2 for little more, so a
    // 10 MB body would otherwise take thousands of system calls.
    let tcp = tokio::io::BufReader::with_capacity(READ_BUFFER, tcp);
    let Some(insist) = secure else {
        return stream::speak(tcp, watch, next, clock, ex).await.map(Some);
    };
    let tls = clock
        .within(
            connect_by,
            Limit::Connect,
            dial::tls(watch, url, tcp, ex.insecure, &ex.trust, &ex.limits),
        )
        .await??;
    let alpn = tls.get_ref().1.alpn_protocol().map(<[u8]>::to_vec);
    if alpn.as_deref() == Some(b"h2") {
        return stream::speak(tls, watch, next, clock, ex).await.map(Some);
    }
    if insist {
        let chose = match &alpn {
            Some(p) => format!("it chose {}", String::from_utf8_lossy(p)),
            None => "it chose no protocol (ALPN)".to_string(),
        };
        return Err(refused(
            format!(
                "{}: the server does not offer HTTP/2: {chose}",
                authority(url)
            ),
            "without --http2, resp speaks what the server offers",
        ));
    }
    let (buffered, mut conn) = tls.into_inner();
    // Bytes read past the handshake (a TLS 1.3 session ticket) belong to the session.
    let leftover = buffered.buffer().to_vec();
    feed(&mut conn, &leftover)
        .map_err(|e| failure::failure(ureq::Error::Io(e), url, &ex.limits))?;
    let tcp = buffered
        .into_inner()
        .into_std()
        .and_then(|s| s.set_nonblocking(false).map(|()| s))
        .map_err(|e| failure::failure(ureq::Error::Io(e), url, &ex.limits))?;
    watch.hand_over(Handover {
        addr: Some(addr),
        tcp: Some(tcp),
        tls: Some(conn),
    });
    Ok(None)
}

/// The most bytes read from the socket at once.
const READ_BUFFER: usize = 1 << 17;

/// Hands `bytes`, read from the socket past the handshake, to the TLS session.
fn feed(conn: &mut rustls::ClientConnection, mut bytes: &[u8]) -> std::io::Result<()> {
    while !bytes.is_empty() {
        if conn.read_tls(&mut bytes)? == 0 {
            return Err(std::io::Error::other("the TLS session took no more bytes"));
        }
        conn.process_new_packets().map_err(std::io::Error::other)?;
    }
    Ok(())
}

/// The time limits of one request, as deadlines.
struct Clock {
    /// What is left of `--timeout`.
    total: Option<Instant>,
    limits: Limits,
    url: String,
}

impl Clock {
    /// Runs `work` until `by` (the limit `limit`) or the total deadline, whichever comes
    /// first; `Err` names the limit that ran out, as a failure.
    async fn within<F: Future>(
        &self,
        by: Option<Instant>,
        limit: Limit,
        work: F,
    ) -> Result<F::Output, Failure> {
        self.race(by, limit, work)
            .await
            .map_err(|limit| failure::timed_out(&self.url, limit, &self.limits))
    }

    /// As [`Clock::within`], the limit that ran out as it is.
    async fn race<F: Future>(
        &self,
        by: Option<Instant>,
        limit: Limit,
        work: F,
    ) -> Result<F::Output, Limit> {
        let (at, limit) = match (by, self.total) {
            (Some(by), Some(total)) if total <= by => (Some(total), Limit::Total),
            (Some(by), _) => (Some(by), limit),
            (None, total) => (total, Limit::Total),
        };
        match at {
            Some(at) => tokio::time::timeout_at(at.into(), work)
                .await
                .map_err(|_| limit),
            None => Ok(work.await),
        }
    }

    /// A deadline `after` from now, if there is a limit.
    fn from_now(after: Option<Duration>) -> Option<Instant> {
        after.map(|d| Instant::now() + d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earlier_deadline_names_the_limit() {
        let limits = Limits::DEFAULT;
        let clock = Clock {
            total: Some(Instant::now()),
            limits,
            url: "https://h/".into(),
        };
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap_or_else(|e| panic!("{e}"));
        let later = Some(Instant::now() + Duration::from_secs(60));
        let ran_out = rt.block_on(clock.race(later, Limit::Idle, std::future::pending::<()>()));
        assert_eq!(ran_out, Err(Limit::Total));
    }
}
