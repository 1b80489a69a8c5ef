//! Asking the person at the terminal: a secret read from the controlling terminal
//! (`/dev/tty`, not stdin, which may carry the request body), with echo turned off while it
//! is typed and back on afterwards, even when resp is interrupted meanwhile. termios through
//! rustix, already built for `terminal_size`: no shelling out to `stty`, no `unsafe`.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, Read, Write};
use std::sync::{Mutex, PoisonError};

use anyhow::{Result, bail};
use rustix::termios::{self, LocalModes, OptionalActions, Termios};

/// The most bytes a secret may have: a line past it is no password typed by hand.
const MOST: usize = 4096;

/// The terminal's settings while echo is off, to put back if a signal ends resp.
static SAVED: Mutex<Option<(File, Termios)>> = Mutex::new(None);

/// Writes `prompt` to the terminal and reads one line there without echo; `None` when
/// there is no terminal to ask on.
pub fn ask_secret(prompt: &str) -> Result<Option<String>> {
    let Ok(tty) = OpenOptions::new().read(true).write(true).open("/dev/tty") else {
        return Ok(None);
    };
    let Ok(before) = termios::tcgetattr(&tty) else {
        return Ok(None);
    };
    let mut quiet = before.clone();
    quiet.local_modes.remove(LocalModes::ECHO);
    quiet.local_modes.insert(LocalModes::ECHONL);
    *SAVED.lock().unwrap_or_else(PoisonError::into_inner) =
        Some((tty.try_clone()?, before.clone()));
    crate::interrupt::on_interrupt(restore);
    // Echo off before the question: what is typed once it shows is never echoed.
    if let Err(e) = termios::tcsetattr(&tty, OptionalActions::Flush, &quiet) {
        SAVED.lock().unwrap_or_else(PoisonError::into_inner).take();
        return Err(e.into());
    }
    let asked = (&tty)
        .write_all(prompt.as_bytes())
        .and_then(|()| (&tty).flush());
    if let Err(e) = asked {
        restore();
        return Err(e.into());
    }
    let mut line = Vec::new();
    let read = io::BufReader::new((&tty).take(MOST as u64 + 1)).read_until(b'\n', &mut line);
    let restored = termios::tcsetattr(&tty, OptionalActions::Flush, &before);
    SAVED.lock().unwrap_or_else(PoisonError::into_inner).take();
    read?;
    restored?;
    if line.len() > MOST {
        bail!("the password is longer than {MOST} bytes");
    }
    if !line.ends_with(b"\n") {
        bail!("the terminal closed before the password was given");
    }
    let text = String::from_utf8(line).map_err(|_| anyhow::anyhow!("the password is not UTF-8"))?;
    Ok(Some(text.trim_end_matches(['\n', '\r']).to_string()))
}

/// Puts the terminal back as it was: resp is ending by a signal mid-question.
fn restore() {
    if let Some((tty, before)) = SAVED.lock().unwrap_or_else(PoisonError::into_inner).take() {
        let _ = termios::tcsetattr(&tty, OptionalActions::Flush, &before);
        let _ = (&tty).write_all(b"\n");
    }
}
