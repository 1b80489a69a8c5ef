//! The one gate between untrusted text (anything a server or a file controls) and the
//! terminal. Control characters that could move the cursor, retitle the window, write the
//! clipboard or reorder text are shown escaped (`\x1b`, `\u{202e}`), never emitted, and so
//! are the Unicode line and paragraph separators (U+2028, U+2029), which some terminals
//! and viewers break lines at, so a one-line value could pass for two. Run it before adding
//! our own colour codes.

use std::borrow::Cow;
use std::io;

/// Sanitizes text that may span lines: keeps `\n` and `\t` (and `\r\n` as `\n`), escapes
/// every other control character, lone `\r`, DEL, C1 controls, bidi controls and the
/// Unicode line and paragraph separators.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, true)
}

/// Sanitizes one line (a reason phrase, a header value): as [`text`], and `\n` is escaped.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, false)
}

/// Sanitizes a header name: as [`line`], and a tab is escaped too (a name holds no tab;
/// a raw one would pass for the space after the colon).
pub fn name(s: &str) -> Cow<'_, str> {
    match line(s) {
        Cow::Borrowed(clean) if !clean.contains('\t') => Cow::Borrowed(clean),
        escaped => Cow::Owned(escaped.replace('\t', "\\x09")),
    }
}

/// A `serde_json` formatter for `--json` lines: compact, with DEL, C1 controls, bidi
/// controls and the line and paragraph separators in strings written as `\uXXXX` escapes. serde_json escapes only C0, and JSON
/// lines are printed to terminals too; the value a JSON parser reads is unchanged.
pub struct JsonFormatter;

impl serde_json::ser::Formatter for JsonFormatter {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Most strings are printable ASCII: checked a word at a time, written at once.
        if fragment.bytes().all(|b| (0x20..0x7f).contains(&b)) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                // Every character escaped here is in the Basic Multilingual Plane.
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// The characters a terminal would act on: C0 controls, DEL, C1 controls, bidi controls,
/// and the line and paragraph separators (U+2028, U+2029).
pub(crate) fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{061c}' | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
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
    fn names_escape_tabs_values_keep_them() {
        assert_eq!(name("X-A\tB"), "X-A\\x09B");
        assert_eq!(name("X-A\x1bB"), "X-A\\x1bB");
        assert!(matches!(name("X-Plain"), Cow::Borrowed("X-Plain")));
        assert_eq!(line("a\tb"), "a\tb");
    }

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
    fn unicode_line_and_paragraph_separators_are_escaped() {
        assert_eq!(line("a\u{2028}b"), "a\\u{2028}b");
        assert_eq!(text("a\u{2029}b\nc"), "a\\u{2029}b\nc");
        // Their neighbours are ordinary text.
        assert_eq!(text("a\u{2027}b\u{202f}c"), "a\u{2027}b\u{202f}c");
    }

    #[test]
    fn json_lines_escape_what_serde_json_leaves_raw() {
        let value = serde_json::json!({"k\u{9b}": "a\u{7f}b\u{85}\u{202e}c\u{1b}\n✓\u{2028}"});
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, JsonFormatter);
        serde::Serialize::serialize(&value, &mut ser).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            r#"{"k\u009b":"a\u007fb\u0085\u202ec\u001b\n✓\u2028"}"#
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
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
