//! The one gate between untrusted text (anything a server or a file controls) and the
//! terminal. Control characters that could move the cursor, retitle the window, write the
//! clipboard or reorder text are shown escaped (`\x1b`, `\u{202e}`), never emitted. Run it
//! before adding our own colour codes.

use std::borrow::Cow;

/// Sanitizes text that may span lines: keeps `\n` and `\t` (and `\r\n` as `\n`), escapes
/// every other control character, lone `\r`, DEL, C1 controls and bidi controls.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// Sanitizes one line (a reason phrase, a header value): as [`text`], and `\n` is escaped.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{061c}' | '\u{200e}' | '\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escape(s: &str, multiline: bool) -> Cow<'_, str> {
    let keep = |c: char, next: Option<char>| match c {
        '\t' => true,
        '\n' => multiline,
        '\r' => multiline && next == Some('\n'),
        _ => !needs_escape(c),
    };
    let mut chars = s.chars().peekable();
    let mut clean = true;
    while let Some(c) = chars.next() {
        if !keep(c, chars.peek().copied()) {
            clean = false;
            break;
        }
    }
    if clean && !s.contains('\r') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if c == '\r' && keep(c, next) {
            continue; // CRLF is shown as a plain line break
        }
        if keep(c, next) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        assert!(matches!(text("Enhance Your Calm\n\tok"), Cow::Borrowed(_)));
        assert_eq!(text("naïve café ✓"), "naïve café ✓");
    }

    #[test]
    fn terminal_controls_are_escaped() {
        assert_eq!(text("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(text("\x1b]0;title\x07"), "\\x1b]0;title\\x07");
        assert_eq!(text("\x1b]52;c;aGk=\x1b\\"), "\\x1b]52;c;aGk=\\x1b\\");
        assert_eq!(text("x\u{7f}y\u{9b}z"), "x\\x7fy\\u{9b}z");
        assert_eq!(text("evil\u{202e}txt.exe"), "evil\\u{202e}txt.exe");
        assert_eq!(text("\u{2066}a\u{2069}"), "\\u{2066}a\\u{2069}");
        assert_eq!(text("nul\0"), "nul\\x00");
    }

    #[test]
    fn line_breaks() {
        assert_eq!(text("a\r\nb"), "a\nb");
        assert_eq!(text("over\rwrite"), "over\\x0dwrite");
        assert_eq!(line("a\nb"), "a\\x0ab");
        assert_eq!(line("a\r\nb"), "a\\x0d\\x0ab");
        assert_eq!(line("tab\there"), "tab\there");
    }
}
