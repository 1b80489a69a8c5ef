//! The body on its own (`-b`) and the note for a body written to a file (`-o`). A body is
//! the data itself: to a pipe or a file it goes byte for byte, never masked, sanitized or
//! cut. To a terminal it is still untrusted text that the terminal would act on, so control
//! characters and escape sequences are shown escaped by the one sanitizer, and a binary
//! body is not written at all: a note on stderr says how to get it. Damage resp knows of
//! (a body cut at `--max-body` or by a time limit) is said on stderr, so a pipe's reader
//! never takes a part for the whole unwarned.

use std::io::{self, Write};
use std::path::Path;

use colored::Colorize;

use super::response::{Show, plural, stderr_line};
use super::sanitize;
use crate::config::{Config, Mode};
use crate::report::Report;

/// Writes the body of `report` alone to `out`; warnings and, for an error, the verdict
/// line to `err`.
pub fn body_only(
    out: &mut dyn Write,
    err: &mut dyn Write,
    report: &Report,
    show: &Show,
    config: &Config,
) -> io::Result<()> {
    let r = &report.response;
    if config.stdout_is_terminal {
        to_terminal(out, err, &r.body, r.media_type().as_deref())?;
    } else {
        out.write_all(&r.body)?;
    }
    out.flush()?;
    super::warnings(err, &r.warnings);
    if report.is_error() {
        // stderr may be gone; the exit code still says it.
        let _ = stderr_line(err, report, show);
    }
    Ok(())
}

/// A body shown on a terminal: text sanitized and ended with a line break; binary left out.
fn to_terminal(
    out: &mut dyn Write,
    err: &mut dyn Write,
    body: &[u8],
    media: Option<&str>,
) -> io::Result<()> {
    let text = std::str::from_utf8(body).ok().filter(|t| !t.contains('\0'));
    let Some(text) = text else {
        let what = media.map_or(String::new(), |m| format!(" of {}", sanitize::line(m)));
        let _ = writeln!(
            err,
            "resp: the body is binary ({}{what}): not written to a terminal; pipe it (| xxd) or save it (-o FILE)",
            plural(body.len(), "byte", "bytes")
        );
        return Ok(());
    };
    let text = sanitize::text(text);
    out.write_all(text.as_bytes())?;
    if !text.is_empty() && !text.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(())
}

/// Under the card: where `-o` wrote the body. Nothing in the other modes.
pub fn saved(out: &mut dyn Write, path: &Path, bytes: usize, config: &Config) -> io::Result<()> {
    if config.mode != Mode::Card {
        return Ok(());
    }
    // A large body in the unit people read, with the exact count beside it.
    let size = match plural(bytes, "byte", "bytes") {
        exact if bytes < 1024 => exact,
        exact => format!("{} ({exact})", super::progress::size(bytes as u64)),
    };
    let note = format!(
        "body saved to {} · {size}",
        sanitize::line(&path.display().to_string())
    );
    writeln!(out, "\n{}", note.dimmed())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_terminal(body: &[u8]) -> (String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        to_terminal(&mut out, &mut err, body, Some("image/png")).unwrap();
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn a_terminal_gets_control_characters_escaped() {
        let (out, err) = on_terminal(b"ok \x1b]0;pwned\x07 \xe2\x80\xae done");
        assert_eq!(out, "ok \\x1b]0;pwned\\x07 \\u{202e} done\n");
        assert!(err.is_empty());
        let (out, _) = on_terminal(b"line\r\nnext\n");
        assert_eq!(out, "line\nnext\n");
    }

    #[test]
    fn a_terminal_gets_no_binary_body() {
        let (out, err) = on_terminal(b"\x89PNG\r\n\x1a\n\0\0");
        assert!(out.is_empty());
        assert_eq!(
            err,
            "resp: the body is binary (10 bytes of image/png): not written to a terminal; pipe it (| xxd) or save it (-o FILE)\n"
        );
    }
}
