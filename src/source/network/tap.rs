//! The transport tap: a layer of ours around each connection ureq opens (its
//! `unversioned::transport` API, hence the pinned ureq version). It is where resp sees the
//! wire itself, and it guarantees two things ureq alone does not:
//! - a body that makes no progress stops the exchange: once the head is in, the wait for
//!   the next body byte is capped by the idle limit, and bytes that carry no body (endless
//!   trailers) do not count as progress;
//! - a server that answers before the upload is done (413 to a large `-d @file`) is heard:
//!   when writing the request fails, the rest of it is dropped and the response the server
//!   already sent is read, instead of reporting the failed write.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use ureq::unversioned::transport::time::Duration as UreqDuration;
use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// What the tap saw of one exchange; shared between the tap and the code reading the body.
#[derive(Debug, Default)]
pub struct Watch {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// The head is in and the body is being read: the idle limit applies.
    body_since: Option<Instant>,
    /// The longest wait for body progress.
    idle: Option<Duration>,
    /// Writing the request failed: how, and after how many bytes of it.
    send_failed: Option<(std::io::ErrorKind, u64)>,
    /// Request bytes written so far.
    sent: u64,
    /// The idle limit ran out.
    idle_ran_out: bool,
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
        let idle = s.idle;
        *s = State {
            idle,
            ..State::default()
        };
    }

    /// The head is in; the body starts now.
    pub fn body_started(&self) {
        self.state().body_since = Some(Instant::now());
    }

    /// Body bytes arrived.
    pub fn progress(&self) {
        self.state().body_since = Some(Instant::now());
    }

    /// Writing the request failed (and was hidden from ureq): how, after how many bytes.
    pub fn send_failed(&self) -> Option<(std::io::ErrorKind, u64)> {
        self.state().send_failed
    }

    /// The idle limit stopped the body.
    pub fn idle_ran_out(&self) -> bool {
        self.state().idle_ran_out
    }
}

/// The connector that puts a [`Tap`] around each transport the default chain makes.
#[derive(Debug)]
pub struct TapConnector {
    pub watch: Arc<Watch>,
}

impl Connector<Box<dyn Transport>> for TapConnector {
    type Out = Tap;

    fn connect(
        &self,
        _: &ConnectionDetails,
        chained: Option<Box<dyn Transport>>,
    ) -> Result<Option<Tap>, ureq::Error> {
        Ok(chained.map(|inner| Tap {
            inner,
            watch: self.watch.clone(),
        }))
    }
}

/// One connection, watched.
#[derive(Debug)]
pub struct Tap {
    inner: Box<dyn Transport>,
    watch: Arc<Watch>,
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
        match self.inner.transmit_output(amount, timeout) {
            Ok(()) => {
                self.watch.state().sent += amount as u64;
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
                s.send_failed = Some((e.kind(), s.sent));
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    fn await_input(&mut self, mut timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let cap = {
            let s = self.watch.state();
            match (s.body_since, s.idle) {
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
        let result = self.inner.await_input(timeout);
        if cap.is_some() && matches!(result, Err(ureq::Error::Timeout(ureq::Timeout::PerRead))) {
            self.watch.state().idle_ran_out = true;
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
