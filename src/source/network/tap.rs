//! The transport tap: a layer of ours around each connection ureq opens (its
//! `unversioned::transport` API, hence the pinned ureq version). It is where resp sees the
//! wire itself:
//! - it records the request as it went out (head and the start of the body) and the
//!   response heads as they came in (`100 Continue` preambles and the final head), so the
//!   server's reason phrase and its header names, case and order are known;
//! - it times each step into the shared [`Watch`], with the connectors in `connect`;
//! - a body that makes no progress stops the exchange: once the head is in, the wait for
//!   the next body byte is capped by the idle limit, and bytes that carry no body (endless
//!   trailers) do not count as progress;
//! - a server that answers before the upload is done (413 to a large `-d @file`) is heard:
//!   when writing the request fails, the rest of it is dropped and the response the server
//!   already sent is read, instead of reporting the failed write.
//! - a kept-alive connection reused for the next request (`run`'s agents keep them) records
//!   that request too: the tap the request is first written on records it, with the
//!   connection's addresses and TLS facts as they were when it opened, and the record says
//!   it was reused (no DNS, connect or TLS phases: none happened).

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use ureq::unversioned::transport::time::Duration as UreqDuration;
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

use crate::source::wire::Tls;

/// Request bytes kept: the head and the start of the body (`-v -v` shows up to this).
const SENT_KEPT: usize = 1 << 20;

/// Response head bytes kept: ureq refuses larger heads before this matters.
const HEADS_KEPT: usize = 1 << 20;

/// What one request put on the wire and got back, and when.
#[derive(Debug, Default, Clone)]
pub struct Record {
    /// The request as written: head, then the start of the body.
    pub sent: Vec<u8>,
    /// Request bytes written in all.
    pub sent_total: u64,
    /// The response heads as received, the final one last.
    pub heads: Vec<u8>,
    /// The final head is complete.
    pub heads_done: bool,
    pub started: Option<Instant>,
    pub dns: Option<(Instant, Instant)>,
    pub connect: Option<(Instant, Instant)>,
    pub tls: Option<(Instant, Instant)>,
    /// The last request byte was written.
    pub sent_at: Option<Instant>,
    /// The first response byte arrived.
    pub first_byte: Option<Instant>,
    /// The final head was in and the body began.
    pub body_at: Option<Instant>,
    pub remote: Option<String>,
    pub local_port: Option<u16>,
    pub tls_facts: Option<Tls>,
    /// The request went out on a connection kept from an earlier one.
    pub reused: bool,
}

/// What the tap saw of one exchange; shared between the tap, the connectors and the code
/// reading the body.
#[derive(Debug, Default)]
pub struct Watch {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    record: Record,
    /// The longest wait for body progress.
    idle: Option<Duration>,
    /// When the body last moved (or began).
    progress_at: Option<Instant>,
    /// Writing the request failed: how, and after how many bytes of it.
    send_failed: Option<(std::io::ErrorKind, u64)>,
    /// The idle limit ran out.
    idle_ran_out: bool,
    /// Taps made on this watch, ever: each tap's number.
    taps: u64,
    /// The tap recording this request: the newest connection made for it (through a
    /// CONNECT proxy, the tunnel's own tap sees the other's bytes encrypted), else the
    /// kept-alive connection it is first written on.
    current: Option<u64>,
    /// A connection made before ureq's turn, for its connectors to take up.
    handover: Handover,
}

/// A connection the HTTP/2 module made and ALPN gave to HTTP/1.1: ureq's resolver and
/// connectors take it up (and its facts, already recorded) instead of connecting again.
#[derive(Debug, Default)]
pub struct Handover {
    pub addr: Option<std::net::SocketAddr>,
    pub tcp: Option<std::net::TcpStream>,
    pub tls: Option<rustls::ClientConnection>,
}

impl Watch {
    /// A watch whose body waits are capped at `idle` (none: no cap).
    pub fn new(idle: Option<Duration>) -> Arc<Watch> {
        Arc::new(Watch {
            state: Mutex::new(State {
                idle,
                ..State::default()
            }),
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere cannot leave the counters half-written: take them as they are.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new request on this watch: nothing seen yet.
    pub fn start(&self) {
        let mut s = self.state();
        let (idle, taps) = (s.idle, s.taps);
        *s = State {
            idle,
            taps,
            ..State::default()
        };
        s.record.started = Some(Instant::now());
    }

    /// The head is in; the body starts now.
    pub fn body_started(&self) {
        let mut s = self.state();
        let now = Instant::now();
        s.progress_at = Some(now);
        s.record.body_at = Some(now);
    }

    /// Body bytes arrived.
    pub fn progress(&self) {
        self.state().progress_at = Some(Instant::now());
    }

    /// Writing the request failed (and was hidden from ureq): how, after how many bytes.
    pub fn send_failed(&self) -> Option<(std::io::ErrorKind, u64)> {
        self.state().send_failed
    }

    /// The idle limit stopped the body.
    pub fn idle_ran_out(&self) -> bool {
        self.state().idle_ran_out
    }

    /// The request went out on a reused connection and not a byte came back: the
    /// server had closed it.
    pub fn unanswered_on_reuse(&self) -> bool {
        let s = self.state();
        s.record.reused && s.record.first_byte.is_none()
    }

    /// What this request's tap recorded.
    pub fn record(&self) -> Record {
        self.state().record.clone()
    }

    /// Leaves a connection for ureq's connectors (until the next [`Watch::start`]).
    pub fn hand_over(&self, handover: Handover) {
        self.state().handover = handover;
    }

    /// The connection left for ureq, to take parts of.
    pub fn handover<T>(&self, take: impl FnOnce(&mut Handover) -> T) -> T {
        take(&mut self.state().handover)
    }

    /// Notes a phase of connecting that ran from `from` to now.
    pub fn phase(&self, which: Phase, from: Instant) {
        let span = Some((from, Instant::now()));
        let mut s = self.state();
        match which {
            Phase::Dns => s.record.dns = span,
            Phase::Connect => s.record.connect = span,
            Phase::Tls => s.record.tls = span,
        }
    }

    /// Notes the TCP connection's addresses.
    pub fn addresses(&self, remote: String, local_port: Option<u16>) {
        let mut s = self.state();
        s.record.remote = Some(remote);
        s.record.local_port = local_port;
    }

    /// Notes the TLS session.
    pub fn tls(&self, tls: Tls) {
        self.state().record.tls_facts = Some(tls);
    }
}

/// A phase of connecting.
#[derive(Debug, Clone, Copy)]
pub enum Phase {
    Dns,
    Connect,
    Tls,
}

/// The connector that puts a [`Tap`] around each transport the chain makes.
#[derive(Debug)]
pub struct TapConnector {
    pub watch: Arc<Watch>,
}

impl<In: Transport> Connector<In> for TapConnector {
    type Out = Tap;

    fn connect(
        &self,
        _: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Tap>, ureq::Error> {
        Ok(chained.map(|inner| {
            let (id, opened) = {
                let mut s = self.watch.state();
                s.taps += 1;
                s.current = Some(s.taps);
                // Through a CONNECT proxy this is the tunnel's tap: what the proxy's own
                // tap saw (the CONNECT exchange, the TLS handshake's bytes) is not the
                // request or its answer.
                let r = &mut s.record;
                r.sent.clear();
                r.sent_total = 0;
                r.heads.clear();
                r.heads_done = false;
                r.sent_at = None;
                r.first_byte = None;
                // The connectors before this one have noted where it goes.
                let opened = Opened {
                    remote: r.remote.clone(),
                    local_port: r.local_port,
                    tls: r.tls_facts.clone(),
                };
                (s.taps, opened)
            };
            Tap {
                inner: inner.boxed(),
                watch: self.watch.clone(),
                id,
                opened,
            }
        }))
    }
}

/// One connection, watched.
#[derive(Debug)]
pub struct Tap {
    inner: Box<dyn Transport>,
    watch: Arc<Watch>,
    id: u64,
    /// The connection's facts as it opened: a request that reuses it records them again.
    opened: Opened,
}

/// Where a connection goes, noted as it opened.
#[derive(Debug, Clone)]
struct Opened {
    remote: Option<String>,
    local_port: Option<u16>,
    tls: Option<Tls>,
}

/// True when the tap numbered `id` is the one recording for `s`.
fn recording(id: u64, s: &State) -> bool {
    s.current == Some(id)
}

/// A request written on connection `id` while none records: it was kept alive from an
/// earlier request and is reused for this one, which it records from now on.
fn claim(id: u64, opened: &Opened, s: &mut State) {
    if s.current.is_none() {
        s.current = Some(id);
        let r = &mut s.record;
        r.reused = true;
        r.remote = opened.remote.clone();
        r.local_port = opened.local_port;
        r.tls_facts = opened.tls.clone();
    }
}

impl Transport for Tap {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if self.watch.state().send_failed.is_some() {
            // The server stopped taking the request: the rest of it goes nowhere.
            return Ok(());
        }
        {
            let mut s = self.watch.state();
            if amount > 0 {
                claim(self.id, &self.opened, &mut s);
            }
            let output = &self.inner.buffers().output()[..amount];
            if recording(self.id, &s) {
                let room = SENT_KEPT.saturating_sub(s.record.sent.len());
                s.record.sent.extend_from_slice(&output[..amount.min(room)]);
            }
        }
        match self.inner.transmit_output(amount, timeout) {
            Ok(()) => {
                let mut s = self.watch.state();
                // Bytes written once the answer has begun (what ureq flushes late) do not
                // move the end of sending past the start of waiting.
                if recording(self.id, &s) && amount > 0 {
                    s.record.sent_total += amount as u64;
                    if s.record.first_byte.is_none() {
                        s.record.sent_at = Some(Instant::now());
                    }
                }
                Ok(())
            }
            Err(ureq::Error::Io(e))
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::BrokenPipe
                        | std::io::ErrorKind::ConnectionReset
                        | std::io::ErrorKind::ConnectionAborted
                ) =>
            {
                let mut s = self.watch.state();
                let sent = s.record.sent_total;
                s.send_failed = Some((e.kind(), sent));
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    fn await_input(&mut self, mut timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let cap = {
            let s = self.watch.state();
            match (s.progress_at, s.idle) {
                (Some(since), Some(idle)) => Some(idle.saturating_sub(since.elapsed())),
                _ => None,
            }
        };
        if let Some(left) = cap {
            if left.is_zero() {
                self.watch.state().idle_ran_out = true;
                return Err(ureq::Error::Timeout(ureq::Timeout::PerRead));
            }
            if UreqDuration::Exact(left) < timeout.after {
                timeout.after = UreqDuration::Exact(left);
                timeout.reason = ureq::Timeout::PerRead;
            }
        }
        let before = self.inner.buffers().input().len();
        let result = self.inner.await_input(timeout);
        if cap.is_some() && matches!(result, Err(ureq::Error::Timeout(ureq::Timeout::PerRead))) {
            self.watch.state().idle_ran_out = true;
        }
        let input = self.inner.buffers().input();
        if input.len() > before {
            let mut s = self.watch.state();
            if recording(self.id, &s) {
                let record = &mut s.record;
                record.first_byte.get_or_insert_with(Instant::now);
                if !record.heads_done && record.heads.len() < HEADS_KEPT {
                    record.heads.extend_from_slice(&input[before..]);
                    if let Some(end) = final_head_end(&record.heads) {
                        record.heads.truncate(end);
                        record.heads_done = true;
                    }
                }
            }
        }
        result
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// Where the final response head ends in `bytes` (past `100 Continue` and other interim
/// heads, not past `101`), if it is complete.
pub fn final_head_end(bytes: &[u8]) -> Option<usize> {
    let mut at = 0;
    loop {
        let rest = &bytes[at..];
        let end = rest.windows(2).enumerate().find_map(|(i, w)| match w {
            b"\n\n" => Some(i + 2),
            b"\n\r" if rest.get(i + 2) == Some(&b'\n') => Some(i + 3),
            _ => None,
        })?;
        let status = rest
            .splitn(3, |&b| b == b' ')
            .nth(1)
            .and_then(|code| std::str::from_utf8(code).ok())
            .and_then(|code| code.trim().get(..3)?.parse::<u16>().ok());
        at += end;
        match status {
            Some(s) if (100..200).contains(&s) && s != 101 => continue,
            _ => return Some(at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_final_head_ends_past_interim_ones() {
        let one = b"HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody";
        assert_eq!(final_head_end(one), Some(one.len() - 4));
        let two = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 420 Chill\r\n\r\n";
        assert_eq!(final_head_end(two), Some(two.len()));
        assert_eq!(
            final_head_end(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 2"),
            None
        );
        assert_eq!(final_head_end(b"HTTP/1.1 200 OK\r\nA: b\r\n"), None);
        let lf = b"HTTP/1.1 204 No Content\nA: b\n\n";
        assert_eq!(final_head_end(lf), Some(lf.len()));
    }
}
