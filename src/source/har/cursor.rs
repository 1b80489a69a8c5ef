//! A forward reader over one HAR entry's JSON text, for `entry.rs`: strings are found
//! eight bytes at a time and kept as where they lie in the text ([`Str`], [`Span`]), so
//! nothing is decoded or allocated until it is asked for; values nobody asked for are
//! stepped over by their brackets and strings ([`Cursor::skip`]). Running out of bytes
//! is [`Error::End`], so the caller can read on; anything that is not JSON where JSON is
//! read is [`Error::Invalid`] with the offset where it went wrong.
//!
//! The parts that are stepped over are checked for their brackets and strings only, not
//! for every JSON rule (a bare word where a number belongs passes unseen there), as a
//! streaming reader that skips does; the parts that are read are checked in full.

use crate::source::json_stream::WORD_CAP;
use crate::source::scan::{find_quote_or_backslash, find_quote_or_bracket};

/// Why an entry could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Error {
    /// The bytes end inside the entry.
    End,
    /// Not an entry: what was wrong, and the offset where.
    Invalid { at: usize, what: String },
    /// A number or word of over [`WORD_CAP`] bytes where a value starts ([`skip`]): where
    /// it ends is not looked for.
    TooLong { at: usize },
}

type Result<T> = std::result::Result<T, Error>;

/// A run of indentation, stepped over whole.
const SPACES: &[u8] = b"        ";

/// A JSON string as written, between its quotes: where it lies in the entry's text, so
/// an entry can travel to another thread with its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Str {
    start: u32,
    len: u32,
    escaped: bool,
}

impl Str {
    /// The string as written in `text`, the entry's text.
    fn raw<'t>(&self, text: &'t [u8]) -> &'t [u8] {
        let start = self.start as usize;
        text.get(start..start + self.len as usize)
            .unwrap_or_default()
    }

    /// The string's bytes with its escapes undone.
    pub(super) fn bytes(&self, text: &[u8]) -> Vec<u8> {
        if self.escaped {
            unescape(self.raw(text)).0
        } else {
            self.raw(text).to_vec()
        }
    }

    /// [`Str::bytes`], and what JSON does not allow in the string as written, if anything:
    /// a raw control character, or an unknown escape (`\x`, `\u12`), which it read
    /// leniently.
    pub(super) fn checked_bytes(&self, text: &[u8]) -> (Vec<u8>, Option<&'static str>) {
        let raw = self.raw(text);
        let (bytes, all_known) = if self.escaped {
            unescape(raw)
        } else {
            (raw.to_vec(), true)
        };
        let flaw = if raw.iter().any(|&b| b < 0x20) {
            Some("a raw control character")
        } else if !all_known {
            Some("an unknown escape")
        } else {
            None
        };
        (bytes, flaw)
    }

    /// The string as text (bytes that are not UTF-8 become U+FFFD).
    pub(super) fn text(&self, text: &[u8]) -> String {
        match String::from_utf8(self.bytes(text)) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        }
    }

    /// The length of the string as written (escapes counted as written).
    pub(super) fn written_len(&self) -> usize {
        self.len as usize
    }
}

/// Where a value lies in the entry's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) start: u32,
    pub(super) end: u32,
}

/// Steps over the value at the front of `bytes`; returns the number of bytes it took.
pub(super) fn skip(bytes: &[u8]) -> Result<usize> {
    let mut c = Cursor { b: bytes, i: 0 };
    let first = c.peek()?;
    if !matches!(first, b'"' | b'{' | b'[') {
        // However the bytes arrive, a word this long is refused here, as in a large
        // element's copy.
        let run = bytes[c.i..]
            .iter()
            .take(WORD_CAP + 1)
            .take_while(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n'))
            .count();
        if run > WORD_CAP {
            return Err(Error::TooLong { at: c.i });
        }
    }
    match first {
        // A word must be one of JSON's, or where it ends cannot be told: `x]` would end
        // the list of entries. (Inside a value, brackets and strings keep the count, and
        // a word is stepped over to the next delimiter unchecked.)
        b'-' | b'0'..=b'9' => c.number("a value").map(drop)?,
        b't' => c.literal(b"true", "a value")?,
        b'f' => c.literal(b"false", "a value")?,
        b'n' => c.literal(b"null", "a value")?,
        b'"' | b'{' | b'[' | b'}' | b']' | b',' | b':' => c.skip()?,
        _ => return c.invalid("a value is not JSON".into()),
    }
    Ok(c.i)
}

/// A number as a whole number, where it is one (`200`, `2e2`; not `200.5`, `1e400`).
pub(super) fn whole(n: f64) -> Option<i64> {
    (n.is_finite() && n.fract() == 0.0 && n.abs() < 9.0e15).then_some(n as i64)
}

/// What a JSON value is, by its first byte, for messages.
fn kind(first: u8) -> &'static str {
    match first {
        b'{' => "an object",
        b'[' => "an array",
        b'"' => "a string",
        b't' | b'f' => "true or false",
        b'n' => "null",
        b'-' | b'0'..=b'9' => "a number",
        _ => "not JSON",
    }
}

pub(super) struct Cursor<'a> {
    /// The entry's text, and the offset read to.
    pub(super) b: &'a [u8],
    pub(super) i: usize,
}

impl<'a> Cursor<'a> {
    fn invalid<T>(&self, what: String) -> Result<T> {
        Err(Error::Invalid { at: self.i, what })
    }

    /// The error for `what`, at the cursor, not being `wanted`: says what it is instead,
    /// or, when it is not JSON, the character it starts with.
    fn not_a<T>(&self, what: &str, wanted: &str) -> Result<T> {
        let rest = self.b.get(self.i..).unwrap_or_default();
        match rest.first().map(|&b| kind(b)) {
            Some("not JSON") | None => self.invalid(format!(
                "{what} is not JSON (it starts with {:?})",
                super::super::scan::char_at(rest)
            )),
            Some(kind) => self.invalid(format!("{what} is {kind}, not {wanted}")),
        }
    }

    /// Steps over white space.
    #[inline]
    pub(super) fn ws(&mut self) {
        while let Some(&b) = self.b.get(self.i) {
            match b {
                b' ' => {
                    // Indentation comes in runs.
                    self.i += 1;
                    while self.b.get(self.i..self.i + 8) == Some(SPACES) {
                        self.i += 8;
                    }
                }
                b'\n' | b'\r' | b'\t' => self.i += 1,
                _ => return,
            }
        }
    }

    /// The next byte that is not white space, not consumed.
    #[inline]
    pub(super) fn peek(&mut self) -> Result<u8> {
        self.ws();
        self.b.get(self.i).copied().ok_or(Error::End)
    }

    /// The rest of a string whose opening quote is at the cursor.
    pub(super) fn string(&mut self) -> Result<Str> {
        self.i += 1;
        let start = self.i;
        let mut escaped = false;
        loop {
            let Some(found) = find_quote_or_backslash(&self.b[self.i..]) else {
                return Err(Error::End);
            };
            self.i += found;
            if self.b[self.i] == b'"' {
                let len = (self.i - start) as u32;
                self.i += 1;
                return Ok(Str {
                    start: start as u32,
                    len,
                    escaped,
                });
            }
            // A backslash: the byte after it belongs to the string, whatever it is.
            escaped = true;
            self.i += 2;
            if self.i > self.b.len() {
                return Err(Error::End);
            }
        }
    }

    /// A string, or `null` (as `None`); anything else is an error naming `what`.
    pub(super) fn string_or_null(&mut self, what: &str) -> Result<Option<Str>> {
        match self.peek()? {
            b'"' => self.string().map(Some),
            b'n' => self.literal(b"null", what).map(|()| None),
            _ => self.not_a(what, "a string"),
        }
    }

    /// A number, or `null` (as `None`).
    pub(super) fn number_or_null(&mut self, what: &str) -> Result<Option<f64>> {
        match self.peek()? {
            b'-' | b'0'..=b'9' => self.number(what).map(Some),
            b'n' => self.literal(b"null", what).map(|()| None),
            _ => self.not_a(what, "a number"),
        }
    }

    /// A whole number, or `null`; a fraction reads as absent.
    pub(super) fn whole_or_null(&mut self, what: &str) -> Result<Option<i64>> {
        Ok(self.number_or_null(what)?.and_then(whole))
    }

    /// A number at the cursor. It must be followed by something: at the end of the bytes
    /// it may go on in the bytes not read yet.
    pub(super) fn number(&mut self, what: &str) -> Result<f64> {
        let start = self.i;
        while let Some(&b) = self.b.get(self.i) {
            if !matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                let text = std::str::from_utf8(&self.b[start..self.i]).unwrap_or_default();
                // Valid JSON may be too large for a double (`1e400`): infinite, then, for
                // the caller to leave out.
                return match text.parse::<f64>() {
                    Ok(n) if is_json_number(text) => Ok(n),
                    _ => {
                        self.i = start;
                        let shown: String = text.chars().take(24).collect();
                        let more = if shown.len() < text.len() { "…" } else { "" };
                        self.invalid(format!("{what}: {shown:?}{more} is not a number"))
                    }
                };
            }
            self.i += 1;
        }
        Err(Error::End)
    }

    /// Exactly `word` (`null`, `true`, `false`) at the cursor.
    pub(super) fn literal(&mut self, word: &[u8], what: &str) -> Result<()> {
        let end = self.i + word.len();
        match self.b.get(self.i..end) {
            Some(got) if got == word => {
                self.i = end;
                Ok(())
            }
            None if word.starts_with(&self.b[self.i..]) => Err(Error::End),
            _ => self.invalid(format!("{what} is not JSON")),
        }
    }

    /// `null` (as `None`), or what `read` makes of the value.
    pub(super) fn nullable<T>(
        &mut self,
        read: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<Option<T>> {
        if self.peek()? == b'n' {
            self.literal(b"null", "a value")?;
            return Ok(None);
        }
        read(self).map(Some)
    }

    /// An object: `member` is called with each key (escapes undone) and the cursor at its
    /// value, which it must consume.
    pub(super) fn object(
        &mut self,
        what: &str,
        mut member: impl FnMut(&mut Self, &[u8]) -> Result<()>,
    ) -> Result<()> {
        match self.peek()? {
            b'{' => self.i += 1,
            _ => return self.not_a(what, "an object"),
        }
        if self.peek()? == b'}' {
            self.i += 1;
            return Ok(());
        }
        loop {
            if self.peek()? != b'"' {
                return self.invalid(format!("{what}: a member's name is not a string"));
            }
            let key = self.string()?;
            if self.peek()? != b':' {
                return self.invalid(format!("{what}: no ':' after a member's name"));
            }
            self.i += 1;
            let text = self.b;
            if key.escaped {
                member(self, &unescape(key.raw(text)).0)?;
            } else {
                member(self, key.raw(text))?;
            }
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.invalid(format!("{what}: no ',' or '}}' after a member")),
            }
        }
    }

    /// An array: `item` is called with the cursor at each element, which it must consume.
    pub(super) fn array(
        &mut self,
        what: &str,
        mut item: impl FnMut(&mut Self) -> Result<()>,
    ) -> Result<()> {
        match self.peek()? {
            b'[' => self.i += 1,
            _ => return self.not_a(what, "an array"),
        }
        if self.peek()? == b']' {
            self.i += 1;
            return Ok(());
        }
        loop {
            item(self)?;
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return self.invalid(format!("{what}: no ',' or ']' after an element")),
            }
        }
    }

    /// Steps over one value by its brackets and strings.
    pub(super) fn skip(&mut self) -> Result<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' | b'[' => self.skip_container(),
            b'}' | b']' | b',' | b':' => self.invalid("a value is missing".into()),
            _ => {
                // A number or a word: runs to the next delimiter.
                while let Some(&b) = self.b.get(self.i) {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n') {
                        return Ok(());
                    }
                    self.i += 1;
                }
                Err(Error::End)
            }
        }
    }

    /// Steps over an object or array at the cursor, checking that its brackets pair up.
    fn skip_container(&mut self) -> Result<()> {
        // The open brackets, one bit each (1 for `{`): deeper than 128 is refused, as
        // serde refuses it.
        let mut open: u128 = 0;
        let mut depth = 0u32;
        while let Some(found) = find_quote_or_bracket(&self.b[self.i..]) {
            self.i += found;
            match self.b[self.i] {
                b'"' => {
                    self.string()?;
                    continue;
                }
                b @ (b'{' | b'[') => {
                    if depth == 128 {
                        return self.invalid("nested more than 128 deep".into());
                    }
                    open = (open << 1) | u128::from(b == b'{');
                    depth += 1;
                }
                b => {
                    if (open & 1 == 1) != (b == b'}') {
                        return self.invalid(format!("unexpected {:?}", char::from(b)));
                    }
                    open >>= 1;
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return Ok(());
                    }
                }
            }
            self.i += 1;
        }
        Err(Error::End)
    }
}

/// Whether `text` is a number as JSON writes them (no `+1`, `.5`, `01`, `1.`).
fn is_json_number(text: &str) -> bool {
    let t = text.strip_prefix('-').unwrap_or(text);
    let (int, rest) = t.split_at(t.find(['.', 'e', 'E']).unwrap_or(t.len()));
    let int_ok = int == "0" || (!int.is_empty() && !int.starts_with('0'));
    let frac_ok = match rest.strip_prefix('.') {
        Some(f) => {
            let digits = f.find(['e', 'E']).unwrap_or(f.len());
            digits > 0
        }
        None => true,
    };
    int_ok && frac_ok && !t.starts_with('+')
}

/// A JSON string's text with its escapes undone; `\u` escapes that are not valid
/// characters (a lone surrogate) become U+FFFD, as browsers decode them. With it, whether
/// every escape was one JSON knows (an unknown one is read as written, or as U+FFFD).
fn unescape(raw: &[u8]) -> (Vec<u8>, bool) {
    let mut out = Vec::with_capacity(raw.len());
    let mut all_known = true;
    let mut i = 0;
    while i < raw.len() {
        let Some(at) = raw[i..].iter().position(|&b| b == b'\\') else {
            out.extend_from_slice(&raw[i..]);
            break;
        };
        out.extend_from_slice(&raw[i..i + at]);
        i += at + 1;
        let Some(&e) = raw.get(i) else {
            all_known = false;
            break;
        };
        i += 1;
        let byte = match e {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'u' => {
                all_known &= raw
                    .get(i..i + 4)
                    .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
                let unit = |at: usize| {
                    raw.get(at..at + 4)
                        .and_then(|h| std::str::from_utf8(h).ok())
                        .and_then(|h| u16::from_str_radix(h, 16).ok())
                };
                let Some(first) = unit(i) else {
                    out.extend_from_slice("\u{fffd}".as_bytes());
                    continue;
                };
                i += 4;
                let c = match first {
                    0xd800..=0xdbff => match (raw.get(i..i + 2), unit(i + 2)) {
                        (Some(b"\\u"), Some(low @ 0xdc00..=0xdfff)) => {
                            i += 6;
                            let c = 0x10000
                                + ((u32::from(first) - 0xd800) << 10)
                                + (u32::from(low) - 0xdc00);
                            char::from_u32(c)
                        }
                        _ => None,
                    },
                    other => char::from_u32(u32::from(other)),
                };
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.unwrap_or('\u{fffd}').encode_utf8(&mut buf).as_bytes());
                continue;
            }
            b'"' | b'\\' | b'/' => e,
            // Anything else written after a backslash.
            other => {
                all_known = false;
                other
            }
        };
        out.push(byte);
    }
    (out, all_known)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn escapes_are_undone() {
        for (raw, want) in [
            (r#"a\"b\\c\/d\n\t\r\b\f"#, "a\"b\\c/d\n\t\r\u{8}\u{c}"),
            (r#"\u00e9\u20AC\ud83d\ude00"#, "é€😀"),
            (r#"\ud83d x"#, "\u{fffd} x"),
            (r#"\udc00"#, "\u{fffd}"),
            (r#"\u12"#, "\u{fffd}12"),
        ] {
            assert_eq!(
                String::from_utf8(unescape(raw.as_bytes()).0).unwrap(),
                want,
                "{raw}"
            );
        }
    }

    #[test]
    fn flaws_are_found() {
        for (json, flaw) in [
            (r#""a\x""#, Some("an unknown escape")),
            (r#""\u12""#, Some("an unknown escape")),
            (r#""\u12g4""#, Some("an unknown escape")),
            ("\"a\u{1b}[31m\"", Some("a raw control character")),
            ("\"two\nlines\"", Some("a raw control character")),
            (r#""\ud83d x \/ \u00E9""#, None),
            (r#""plain""#, None),
        ] {
            let mut c = Cursor {
                b: json.as_bytes(),
                i: 0,
            };
            let s = c.string().unwrap();
            assert_eq!(s.checked_bytes(json.as_bytes()).1, flaw, "{json}");
        }
    }

    proptest! {
        /// Any string serde writes reads back the same, and steps over as one value.
        #[test]
        fn strings_read_back(s in any::<String>()) {
            let json = serde_json::to_string(&s).unwrap();
            let mut c = Cursor { b: json.as_bytes(), i: 0 };
            let got = c.string().unwrap();
            prop_assert_eq!(c.i, json.len());
            prop_assert_eq!(got.text(json.as_bytes()), s);
            prop_assert_eq!(got.checked_bytes(json.as_bytes()).1, None);
            prop_assert_eq!(skip(json.as_bytes()), Ok(json.len()));
        }

        /// Any JSON document steps over whole, compact or indented (a bare number or
        /// word only once what follows it shows where it ends).
        #[test]
        fn documents_step_over_whole(v in json_value()) {
            for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
                prop_assert_eq!(skip(format!("{text},").as_bytes()), Ok(text.len()));
            }
        }
    }

    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<String>().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 8, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner, 0..8)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }
}
