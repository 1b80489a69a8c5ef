//! Pretty JSON for people, re-indented straight from the body's text: two-space indent,
//! keys and values coloured like jq when colour is on, one line at a time. Working from
//! the text keeps the server's key order, number spelling and duplicate keys, costs no
//! tree, and lets a cut view stop early, so a 50 MB body prints in bounded memory. Strings
//! are re-escaped on the way: no control character, DEL, C1 or bidi control from a server
//! reaches the terminal raw. With masking on, a value under a key that names a credential
//! (by `mask`'s rule: `access_token`, `clientSecret`, …) is shown as `****`, and so is
//! every scalar inside an object or array under such a key; keys stay visible, and so
//! do `null` and `""`, which hold no secret.

use std::fmt::Write as _;

const KEY: &str = "\x1b[1;34m";
const STRING: &str = "\x1b[32m";
const NUMBER: &str = "\x1b[36m";
const LITERAL: &str = "\x1b[33m";
const NULL: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Produces the pretty text of a JSON document line by line.
pub struct Lines<'a> {
    src: &'a [u8],
    pos: usize,
    color: bool,
    /// Open containers: true for an object.
    stack: Vec<bool>,
    /// In an object, the next string is a key.
    expect_key: bool,
    /// Mask values under secret keys.
    mask: bool,
    /// The value about to come belongs to a secret key.
    secret_value: bool,
    /// Inside a container under a secret key, opened at this depth: every scalar is masked
    /// until the stack is back to it.
    masked_from: Option<usize>,
}

impl<'a> Lines<'a> {
    /// Re-indents `src`, which should be JSON (anything else comes out re-spaced, not
    /// rejected: the caller has already judged it).
    pub fn new(src: &'a [u8], color: bool) -> Self {
        Lines {
            src,
            pos: 0,
            color,
            stack: Vec::new(),
            expect_key: false,
            mask: false,
            secret_value: false,
            masked_from: None,
        }
    }

    /// Masks values under keys that name credentials (unless `--show-secrets`).
    pub fn masking_secrets(mut self, mask: bool) -> Self {
        self.mask = mask;
        self
    }

    /// The value being written is to be masked.
    fn masking(&self) -> bool {
        self.secret_value || self.masked_from.is_some()
    }

    /// Writes a scalar value, or the mask in its place when it is under a secret key
    /// (`null` and `""` are kept: they hold nothing). Strings keep their quotes.
    fn scalar(&mut self, line: &mut String, color: &str, text: &str) {
        let masked = self.masking() && text != "null" && text != "\"\"";
        self.secret_value = false;
        match (masked, text.starts_with('"')) {
            (true, true) => self.paint(line, color, &format!("\"{}\"", super::mask::MASK)),
            (true, false) => self.paint(line, color, super::mask::MASK),
            (false, _) => self.paint(line, color, text),
        }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.src.len()
            && matches!(self.src[self.pos], b' ' | b'\t' | b'\r' | b'\n')
        {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.src.get(self.pos).copied()
    }

    fn indent(&self, line: &mut String, depth: usize) {
        for _ in 0..depth {
            line.push_str("  ");
        }
    }

    fn paint(&self, line: &mut String, color: &str, text: &str) {
        if self.color {
            line.push_str(color);
            line.push_str(text);
            line.push_str(RESET);
        } else {
            line.push_str(text);
        }
    }

    /// Writes the next line into `line` (cleared first); false when there is none.
    pub fn next_line(&mut self, line: &mut String) -> bool {
        line.clear();
        let Some(first) = self.peek() else {
            return false;
        };
        let depth = self.stack.len();
        let depth = if matches!(first, b'}' | b']') {
            depth.saturating_sub(1)
        } else {
            depth
        };
        self.indent(line, depth);
        let mut wrote = false;
        while let Some(b) = self.peek() {
            match b {
                b'{' | b'[' => {
                    self.pos += 1;
                    let close = if b == b'{' { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        line.push(b as char);
                        line.push(close as char);
                        self.secret_value = false;
                        wrote = true;
                        continue;
                    }
                    line.push(b as char);
                    if self.secret_value && self.masked_from.is_none() {
                        self.masked_from = Some(self.stack.len());
                    }
                    self.secret_value = false;
                    self.stack.push(b == b'{');
                    self.expect_key = b == b'{';
                    return true;
                }
                b'}' | b']' => {
                    if wrote {
                        return true; // the close goes on a line of its own
                    }
                    self.pos += 1;
                    self.stack.pop();
                    if self.masked_from.is_some_and(|d| self.stack.len() <= d) {
                        self.masked_from = None;
                    }
                    self.secret_value = false;
                    self.expect_key = false;
                    line.push(b as char);
                    wrote = true;
                }
                b',' => {
                    self.pos += 1;
                    self.secret_value = false;
                    line.push(',');
                    self.expect_key = self.stack.last() == Some(&true);
                    return true;
                }
                b':' => {
                    self.pos += 1;
                    line.push_str(": ");
                    self.expect_key = false;
                }
                b'"' => {
                    let start = self.pos;
                    let text = self.string();
                    let is_key = self.expect_key && self.stack.last() == Some(&true);
                    if is_key {
                        self.secret_value = self.mask && is_secret_key(&self.src[start..self.pos]);
                        self.paint(line, KEY, &text);
                    } else {
                        self.scalar(line, STRING, &text);
                    }
                    wrote = true;
                }
                _ => {
                    let start = self.pos;
                    while self.pos < self.src.len()
                        && !matches!(
                            self.src[self.pos],
                            b',' | b'}'
                                | b']'
                                | b':'
                                | b'"'
                                | b' '
                                | b'\t'
                                | b'\r'
                                | b'\n'
                                | b'{'
                                | b'['
                        )
                    {
                        self.pos += 1;
                    }
                    if self.pos == start {
                        self.pos += 1; // a stray byte: keep moving
                    }
                    let src = self.src;
                    let token = String::from_utf8_lossy(&src[start..self.pos]);
                    let color = match token.as_ref() {
                        "true" | "false" => LITERAL,
                        "null" => NULL,
                        _ => NUMBER,
                    };
                    self.scalar(line, color, &escape_controls(&token));
                    wrote = true;
                }
            }
        }
        true
    }

    /// The string token at `pos` (quotes included), re-escaped for a terminal.
    fn string(&mut self) -> String {
        let start = self.pos;
        self.pos += 1;
        while self.pos < self.src.len() {
            match self.src[self.pos] {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        self.pos = self.pos.min(self.src.len());
        escape_controls(&String::from_utf8_lossy(&self.src[start..self.pos])).into_owned()
    }
}

/// True when the key token `quoted` (with its quotes, as the server wrote it) names a
/// credential. Keys are matched as they decode: `"api\u005fkey"` is `api_key`.
fn is_secret_key(quoted: &[u8]) -> bool {
    let inner = quoted
        .strip_prefix(b"\"")
        .map_or(quoted, |q| q.strip_suffix(b"\"").unwrap_or(q));
    if !inner.contains(&b'\\') {
        return super::mask::is_secret_bytes(inner);
    }
    match serde_json::from_slice::<String>(quoted) {
        Ok(key) => super::mask::is_secret_name(&key),
        // Not decodable: judged as written.
        Err(_) => super::mask::is_secret_bytes(inner),
    }
}

/// Raw characters a terminal would act on, written as JSON `\u` escapes.
fn escape_controls(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = super::sanitize::needs_escape;
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The whole pretty text (for tests and small bodies).
pub fn pretty(src: &[u8], color: bool) -> String {
    let mut lines = Lines::new(src, color);
    let (mut out, mut line) = (String::new(), String::new());
    while lines.next_line(&mut line) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_prints_like_jq() {
        assert_eq!(
            pretty(br#"{"code":"999","n":[1,true,null],"e":{},"a":[]}"#, false),
            "{\n  \"code\": \"999\",\n  \"n\": [\n    1,\n    true,\n    null\n  ],\n  \"e\": {},\n  \"a\": []\n}"
        );
        assert_eq!(pretty(b"  42 ", false), "42");
        assert_eq!(
            pretty(b"[[1,[2]],{\"k\":{\"x\":1}}]", false),
            "[\n  [\n    1,\n    [\n      2\n    ]\n  ],\n  {\n    \"k\": {\n      \"x\": 1\n    }\n  }\n]"
        );
    }

    #[test]
    fn the_servers_spelling_and_order_are_kept() {
        assert_eq!(
            pretty(br#"{"z":1.50,"a":1e3,"z":"dup","s":"a\"b\\"}"#, false),
            "{\n  \"z\": 1.50,\n  \"a\": 1e3,\n  \"z\": \"dup\",\n  \"s\": \"a\\\"b\\\\\"\n}"
        );
    }

    #[test]
    fn keys_and_values_are_coloured() {
        let text = pretty(br#"{"k":"v","n":1,"t":true,"z":null}"#, true);
        assert!(
            text.contains("\x1b[1;34m\"k\"\x1b[0m: \x1b[32m\"v\"\x1b[0m"),
            "{text:?}"
        );
        assert!(
            text.contains("\x1b[36m1\x1b[0m")
                && text.contains("\x1b[33mtrue")
                && text.contains("\x1b[2mnull")
        );
    }

    #[test]
    fn raw_controls_stay_escaped() {
        let text = pretty(
            "{\"m\":\"\u{1b}]0;x\u{7} \u{202e} \u{85}\",\"\\u001b\":1}".as_bytes(),
            false,
        );
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(!text.contains('\u{202e}'), "{text:?}");
        assert!(
            text.contains("\\u001b]0;x\\u0007 \\u202e \\u0085"),
            "{text}"
        );
        assert!(text.contains("\"\\u001b\": 1"), "{text}");
    }

    fn masked(src: &str) -> String {
        let mut lines = Lines::new(src.as_bytes(), false).masking_secrets(true);
        let (mut out, mut line) = (Vec::new(), String::new());
        while lines.next_line(&mut line) {
            out.push(line.clone());
        }
        out.join("\n")
    }

    #[test]
    fn values_under_secret_keys_are_masked() {
        assert_eq!(
            masked(r#"{"access_token":"t","n":1,"clientSecret":12,"ok":true,"authKey":false}"#),
            "{\n  \"access_token\": \"****\",\n  \"n\": 1,\n  \"clientSecret\": ****,\n  \"ok\": true,\n  \"authKey\": ****\n}"
        );
        // Containers under a secret key: every scalar leaf, at any depth; keys stay.
        assert_eq!(
            masked(r#"{"credentials":{"u":"a","p":[1,{"x":"b"}]},"after":"c"}"#),
            "{\n  \"credentials\": {\n    \"u\": \"****\",\n    \"p\": [\n      ****,\n      {\n        \"x\": \"****\"\n      }\n    ]\n  },\n  \"after\": \"c\"\n}"
        );
        // Nothing to hide in null, "" or an empty container; masking ends with its value.
        assert_eq!(
            masked(r#"{"token":null,"secret":"","keys":[],"session":{},"x":"v"}"#),
            "{\n  \"token\": null,\n  \"secret\": \"\",\n  \"keys\": [],\n  \"session\": {},\n  \"x\": \"v\"\n}"
        );
        // Arrays of objects, and keys that decode to a secret name.
        assert_eq!(
            masked(r#"[{"password":"p"},{"name":"n"}]"#),
            "[\n  {\n    \"password\": \"****\"\n  },\n  {\n    \"name\": \"n\"\n  }\n]"
        );
        assert_eq!(
            masked(r#"{"api\u005Fkey":"k"}"#),
            "{\n  \"api\\u005Fkey\": \"****\"\n}"
        );
        // A string value that looks like a secret name is not a key.
        assert_eq!(masked(r#"["token","s"]"#), "[\n  \"token\",\n  \"s\"\n]");
        // Off, nothing is masked.
        assert_eq!(
            pretty(br#"{"token":"t"}"#, false),
            "{\n  \"token\": \"t\"\n}"
        );
    }

    #[test]
    fn masked_values_keep_their_colour() {
        let mut lines = Lines::new(br#"{"token":"t","key":7}"#, true).masking_secrets(true);
        let mut text = String::new();
        let mut line = String::new();
        while lines.next_line(&mut line) {
            text.push_str(&line);
        }
        assert!(text.contains("\x1b[32m\"****\"\x1b[0m"), "{text:?}");
        assert!(text.contains("\x1b[36m****\x1b[0m"), "{text:?}");
    }

    #[test]
    fn broken_input_never_loops_or_panics() {
        for bad in [
            "{\"a\":",
            "[1,",
            "\"open",
            "}}}",
            "{\"a\" 1 2}",
            "\\",
            "[tru",
            "",
        ] {
            let _ = pretty(bad.as_bytes(), true);
            let _ = masked(bad);
        }
        let _ = masked("{\"token\":[[{\"a\":}}]]]");
    }
}
