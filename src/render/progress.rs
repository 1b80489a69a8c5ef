//! The progress line on stderr while a large input is read (`resp read big.har`) or a
//! large body downloads (`send -o`, `send -b`): drawn in place on a terminal, only once the
//! work has taken long enough to be worth watching ([`DELAY`]), at most every [`EVERY`],
//! and wiped before anything else is written. Whether to draw at all is decided once in
//! `config.rs` (`Config::progress`): a terminal on stderr, not `-q`, not `dumb`.
//!
//! It is hand-written rather than indicatif's: one line with a bar, sizes and a rate is
//! all it shows, and a dependency with its own terminal handling would cost start-up
//! time and binary size for that.
//!
//! The line writes to a stderr handle of its own, handed in at creation: it is drawn from
//! inside a reader (or the network client's body loop) while the command holds its
//! writers, and stderr is unbuffered, so nothing is reordered.

use std::io::Write;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::sanitize;

/// How long work runs before its progress is drawn: quick reads never flash a line.
pub const DELAY: Duration = Duration::from_millis(400);

/// The shortest time between two redraws.
pub const EVERY: Duration = Duration::from_millis(100);

/// Cells in the bar.
const CELLS: usize = 24;

/// One progress line.
pub struct Bar {
    state: Mutex<State>,
}

struct State {
    out: Box<dyn Write + Send>,
    label: String,
    started: Instant,
    drawn_at: Option<Instant>,
}

impl Bar {
    /// A line labelled `label` (sanitized: a file name is untrusted), drawn to `out`.
    pub fn new(out: Box<dyn Write + Send>, label: &str) -> Bar {
        Bar {
            state: Mutex::new(State {
                out,
                label: sanitize::line(label).into_owned(),
                started: Instant::now(),
                drawn_at: None,
            }),
        }
    }

    /// `done` bytes of `total` (when known) so far; redraws when it is time to.
    pub fn update(&self, done: u64, total: Option<u64>) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let elapsed = now.duration_since(s.started);
        if elapsed < DELAY || s.drawn_at.is_some_and(|at| now.duration_since(at) < EVERY) {
            return;
        }
        let text = line(&s.label, done, total, elapsed);
        s.drawn_at = Some(now);
        // A terminal that went away is no reason to stop the work.
        let _ = write!(s.out, "\r\x1b[2K{text}").and_then(|()| s.out.flush());
    }

    /// Wipes the line, if one was drawn.
    pub fn finish(&self) {
        let mut s = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if s.drawn_at.take().is_some() {
            let _ = write!(s.out, "\r\x1b[2K").and_then(|()| s.out.flush());
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.finish();
    }
}

/// `session.har  ██████░░░░░░  12.0 MiB of 48.0 MiB  25%  3.1 MiB/s`.
pub fn line(label: &str, done: u64, total: Option<u64>, elapsed: Duration) -> String {
    let rate = match elapsed.as_secs_f64() {
        s if s > 0.0 => format!("  {}/s", size((done as f64 / s) as u64)),
        _ => String::new(),
    };
    match total.filter(|&t| t > 0) {
        Some(total) => {
            let part = (done.min(total) as f64 / total as f64).clamp(0.0, 1.0);
            let full = (part * CELLS as f64).round() as usize;
            format!(
                "{label}  {}{}  {} of {}  {:>3}%{rate}",
                "█".repeat(full),
                "░".repeat(CELLS - full),
                size(done),
                size(total),
                (part * 100.0).floor() as u64
            )
        }
        None => format!("{label}  {}{rate}", size(done)),
    }
}

/// `512 B`, `3.4 KiB`, `12.0 MiB`, `1.2 GiB`.
pub fn size(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size(0), "0 B");
        assert_eq!(size(1023), "1023 B");
        assert_eq!(size(1536), "1.5 KiB");
        assert_eq!(size(48 << 20), "48.0 MiB");
        assert_eq!(size(3 << 30), "3.0 GiB");
    }

    #[test]
    fn the_line_shows_the_part_done() {
        let l = line("big.har", 12 << 20, Some(48 << 20), Duration::from_secs(4));
        assert_eq!(
            l,
            "big.har  ██████░░░░░░░░░░░░░░░░░░  12.0 MiB of 48.0 MiB   25%  3.0 MiB/s"
        );
        let l = line("downloading", 5 << 20, None, Duration::from_secs(1));
        assert_eq!(l, "downloading  5.0 MiB  5.0 MiB/s");
        // More than announced never draws past the end.
        assert!(line("x", 10, Some(5), Duration::from_secs(1)).contains("100%"));
    }

    /// A writer the test can read back.
    #[derive(Clone, Default)]
    struct Shared(std::sync::Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn quick_work_draws_nothing_and_slow_work_is_wiped_at_the_end() {
        let sink = Shared::default();
        let bar = Bar::new(Box::new(sink.clone()), "quick\x1b[31m");
        bar.update(10, Some(100));
        bar.finish();
        assert!(sink.0.lock().unwrap().is_empty(), "nothing before DELAY");
        std::thread::sleep(DELAY);
        bar.update(50, Some(100));
        drop(bar);
        let drawn = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert!(drawn.starts_with("\r\x1b[2Kquick\\x1b[31m  "), "{drawn:?}");
        assert!(
            drawn.ends_with("\r\x1b[2K"),
            "wiped when dropped: {drawn:?}"
        );
    }
}
