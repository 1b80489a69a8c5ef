//! Ctrl-C (SIGINT) and SIGTERM, for the moments when resp has something to do about them:
//! a half-written `--save` file to remove ([`on_interrupt`]), or a wait between attempts
//! to cut short ([`Waiter`], `send --retry`). Installed on first need: a thread per signal
//! that decides under one lock, so the two never race. During a wait the signal goes to
//! the waiter, which reports what it has and then ends resp by the signal ([`die`]); at
//! any other moment the cleanups run and resp ends by the signal's default action, as it
//! would have without us (exit status 130 for Ctrl-C). A signal resp was started ignoring
//! (`nohup`, a background job) stays ignored.

use std::io::Read;
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};
use std::time::Duration;

/// The signals handled: SIGINT and SIGTERM.
const SIGNALS: [i32; 2] = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];

#[derive(Default)]
struct State {
    /// A wait in progress: a signal goes here instead of ending resp.
    waiter: Option<Sender<i32>>,
    /// What runs before resp ends by a signal.
    cleanups: Vec<fn()>,
}

static STATE: Mutex<State> = Mutex::new(State {
    waiter: None,
    cleanups: Vec::new(),
});

fn state() -> MutexGuard<'static, State> {
    STATE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `cleanup` if resp is ended by SIGINT or SIGTERM, on the signal's thread, just
/// before it ends. It may leave a lock of its own held, so the main thread cannot undo
/// what it cleaned up in the moment before the end.
pub fn on_interrupt(cleanup: fn()) {
    install();
    state().cleanups.push(cleanup);
}

/// Ends resp by `signal`'s default action, as if there were no handler (exit status
/// 128 + signal where it cannot).
pub fn die(signal: i32) -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(signal);
    std::process::exit(128 + signal)
}

/// A wait that a signal cuts short. While one exists, SIGINT and SIGTERM do not end resp:
/// they end the wait, and the waiter decides what follows.
pub struct Waiter {
    signals: Receiver<i32>,
}

impl Waiter {
    /// Starts listening; only one waiter at a time.
    pub fn new() -> Waiter {
        install();
        let (tx, signals) = mpsc::channel();
        state().waiter = Some(tx);
        Waiter { signals }
    }

    /// Sleeps for `d`, or until a signal comes: then `Some(signal)`.
    pub fn sleep(&self, d: Duration) -> Option<i32> {
        match self.signals.recv_timeout(d) {
            Ok(signal) => Some(signal),
            Err(RecvTimeoutError::Timeout) => None,
            // No signal can come through any more (another waiter took over): still wait.
            Err(RecvTimeoutError::Disconnected) => {
                std::thread::sleep(d);
                None
            }
        }
    }

    /// Stops listening: signals end resp again. A signal that came since the last sleep
    /// is returned, so it is not lost.
    pub fn finish(self) -> Option<i32> {
        state().waiter = None;
        self.signals.try_recv().ok()
    }
}

impl Default for Waiter {
    fn default() -> Waiter {
        Waiter::new()
    }
}

impl Drop for Waiter {
    fn drop(&mut self) {
        state().waiter = None;
    }
}

/// A thread per signal not ignored at start, once.
fn install() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        for signal in SIGNALS {
            if ignored_at_start(signal) {
                continue;
            }
            let Ok((mut woken, waker)) = UnixStream::pair() else {
                continue;
            };
            if signal_hook::low_level::pipe::register(signal, waker).is_err() {
                continue;
            }
            std::thread::spawn(move || {
                let mut byte = [0u8];
                while woken.read_exact(&mut byte).is_ok() {
                    arrived(signal);
                }
            });
        }
    });
}

/// A signal came: to the waiter if there is one, else the cleanups and the end. Decided
/// under the lock, which is held to the end: no wait can begin meanwhile.
fn arrived(signal: i32) {
    let state = state();
    if let Some(waiter) = &state.waiter
        && waiter.send(signal).is_ok()
    {
        return;
    }
    for cleanup in &state.cleanups {
        cleanup();
    }
    die(signal)
}

/// True when `signal` was ignored when resp started (`SigIgn` in `/proc/self/status`).
fn ignored_at_start(signal: i32) -> bool {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return false;
    };
    status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| signal > 0 && mask & (1 << (signal - 1)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_ends_by_itself_or_by_a_signal() {
        let waiter = Waiter::new();
        assert_eq!(waiter.sleep(Duration::from_millis(10)), None);
        // A signal delivered while waiting ends the wait, not the process.
        let sent = state().waiter.clone();
        let _ = sent.map(|tx| tx.send(signal_hook::consts::SIGINT));
        assert_eq!(
            waiter.sleep(Duration::from_secs(5)),
            Some(signal_hook::consts::SIGINT)
        );
        assert_eq!(waiter.finish(), None);
        assert!(state().waiter.is_none());
    }
}
