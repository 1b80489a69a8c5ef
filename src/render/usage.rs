//! Command-line errors from clap. They quote what was typed (`invalid value '…' for
//! '--format'`), and what was typed can hold escape sequences, so a real error is written
//! without clap's colours and every line of it goes through [`sanitize`]: nothing typed
//! reaches the terminal raw. Help and version are our own text and are left to clap.

use std::io::{self, Write};

use super::sanitize;

/// Writes clap's `err` to `out`: clap's wording, no colour, sanitized a line at a time.
pub fn usage_error(out: &mut dyn Write, err: &clap::Error) -> io::Result<()> {
    let styled = err.render().ansi().to_string();
    for line in without_styles(&styled).lines() {
        writeln!(out, "{}", sanitize::line(line))?;
    }
    Ok(())
}

/// `text` without SGR sequences (`ESC [ 1 ; 31 m`): the only escapes clap's own styling
/// writes. Any other escape (a typed `ESC ] 0 ;` title, `ESC [ 2 J`) is left for the
/// sanitizer to show.
fn without_styles(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let params = after
            .bytes()
            .take_while(|b| b.is_ascii_digit() || matches!(b, b';' | b':'))
            .count();
        if after.as_bytes().get(params) == Some(&b'm') {
            rest = &after[params + 1..];
        } else {
            out.push('\x1b');
            rest = &rest[at + 1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_colour_sequences_are_removed() {
        assert_eq!(
            without_styles(
                "\x1b[1m\x1b[31merror:\x1b[0m bad '\x1b]0;x\x07' \x1b[2J\x1b[38;5;9mz\x1b["
            ),
            "error: bad '\x1b]0;x\x07' \x1b[2Jz\x1b["
        );
        assert_eq!(without_styles("plain"), "plain");
    }

    #[test]
    fn typed_escapes_are_shown_sanitized() {
        let err = clap::Error::raw(
            clap::error::ErrorKind::InvalidValue,
            "bad '\x1b]0;PWNED\x07\u{202e}'\n",
        );
        let mut out = Vec::new();
        usage_error(&mut out, &err).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "error: bad '\\x1b]0;PWNED\\x07\\u{202e}'\n");
    }
}
