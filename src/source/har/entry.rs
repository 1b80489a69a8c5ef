//! One HAR entry read off the front of its JSON text by hand. A browser's entry is mostly
//! what a summary never looks at (`_initiator` call stacks, cookies, the request's header
//! list, the body in `content.text`): those are stepped over by their brackets and
//! strings, eight bytes at a time, without decoding, allocating or checking their UTF-8.
//! What is read (the URL, the status, the response headers, the timings) is borrowed from
//! the text and decoded only when asked for. Running out of bytes inside the entry is
//! [`Error::End`], so the caller can read on; anything else that is not an entry is
//! [`Error::Invalid`] with the offset where it went wrong.
//!
//! The parts that are stepped over are checked for their brackets and strings only, not
//! for every JSON rule (a bare word where a number belongs passes unseen there), as a
//! streaming reader that skips does; the parts that are read are checked in full.

use crate::source::scan::{find_quote_or_backslash, find_quote_or_bracket};

/// Why an entry could not be read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Error {
    /// The bytes end inside the entry.
    End,
    /// Not an entry: what was wrong, and the offset where.
    Invalid { at: usize, what: String },
}

type Result<T> = std::result::Result<T, Error>;

/// A run of indentation, stepped over whole.
const SPACES: &[u8] = b"        ";

/// A JSON string as written, between its quotes: where it lies in the entry's text (the
/// bytes [`read`] was given), so an entry can travel to another thread with its text.
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
            unescape(self.raw(text))
        } else {
            self.raw(text).to_vec()
        }
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

    /// Whether the string, decoded, starts with `prefix`.
    pub(super) fn starts_with(&self, text: &[u8], prefix: &str) -> bool {
        if self.escaped {
            self.bytes(text).starts_with(prefix.as_bytes())
        } else {
            self.raw(text).starts_with(prefix.as_bytes())
        }
    }
}

/// Where a value lies in the entry's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    start: u32,
    end: u32,
}

/// `response.status` as written: browsers write a number, some tools a string.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) enum Status {
    #[default]
    Missing,
    /// A number; `None` when it is not a whole number.
    Number(Option<i64>),
    Text(Str),
    /// An object, an array, `true`, `false`.
    Other,
}

/// An entry's `timings`, milliseconds; -1 (or absent) for a phase that did not happen.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(super) struct Timings {
    pub blocked: Option<f64>,
    pub dns: Option<f64>,
    pub connect: Option<f64>,
    pub ssl: Option<f64>,
    pub send: Option<f64>,
    pub wait: Option<f64>,
    pub receive: Option<f64>,
}

#[derive(Debug, Default, PartialEq)]
pub(super) struct Request {
    pub method: Str,
    pub url: Str,
    /// The `headers` array as written: read (with [`headers`]) only for entries shown in
    /// detail.
    pub headers: Option<Span>,
}

#[derive(Debug, Default, PartialEq)]
pub(super) struct Content {
    /// The body as written: decoded only when it is shown.
    pub text: Option<Str>,
    pub size: Option<i64>,
    pub encoding: Option<Str>,
    pub mime_type: Option<Str>,
}

#[derive(Debug, Default, PartialEq)]
pub(super) struct Response {
    pub status: Status,
    pub status_text: Str,
    /// The `headers` array as written: read (with [`header_list`]) on the thread that
    /// builds the response, which has less to do than the one that reads entries.
    pub headers: Option<Span>,
    pub content: Content,
    pub redirect_url: Str,
    pub http_version: Str,
    pub body_size: Option<i64>,
    pub error: Option<Str>,
    pub failure_text: Option<Str>,
}

#[derive(Debug, Default, PartialEq)]
pub(super) struct Entry {
    pub request: Option<Request>,
    pub response: Option<Response>,
    pub error: Option<Str>,
    pub failure_text: Option<Str>,
    pub started: Option<Str>,
    /// The whole exchange in milliseconds.
    pub time: Option<f64>,
    pub timings: Option<Timings>,
}

/// Reads the entry at the front of `bytes` (white space before it allowed); returns it
/// and the number of bytes it took.
pub(super) fn read(bytes: &[u8]) -> Result<(Entry, usize)> {
    let mut c = Cursor { b: bytes, i: 0 };
    let mut entry = Entry::default();
    c.object("an entry", |c, key| {
        match key {
            b"request" => entry.request = c.nullable(request)?,
            b"response" => entry.response = c.nullable(response)?,
            b"_error" => entry.error = c.string_or_null("_error")?,
            b"_failureText" => entry.failure_text = c.string_or_null("_failureText")?,
            b"startedDateTime" => entry.started = c.string_or_null("startedDateTime")?,
            b"time" => entry.time = c.number_or_null("time")?,
            b"timings" => entry.timings = c.nullable(timings)?,
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok((entry, c.i))
}

/// Steps over the value at the front of `bytes`; returns the number of bytes it took.
pub(super) fn skip(bytes: &[u8]) -> Result<usize> {
    let mut c = Cursor { b: bytes, i: 0 };
    c.skip()?;
    Ok(c.i)
}

/// A `headers` array ([`Request::headers`], [`Response::headers`] in `text`, the
/// entry's text) as (name, value) pairs; `what` names it in errors.
pub(super) fn header_list(text: &[u8], span: Span, what: &str) -> Result<HeaderList> {
    // The cursor starts at the span in the whole text, so offsets stay the entry's.
    let mut c = Cursor {
        b: text.get(..span.end as usize).unwrap_or_default(),
        i: span.start as usize,
    };
    Ok(c.nullable(|c| name_values(c, what))?.unwrap_or_default())
}

/// The value at the cursor, stepped over and kept as where it lies.
fn span(c: &mut Cursor) -> Result<Span> {
    c.ws();
    let start = c.i as u32;
    c.skip()?;
    Ok(Span {
        start,
        end: c.i as u32,
    })
}

fn request(c: &mut Cursor) -> Result<Request> {
    let mut r = Request::default();
    c.object("request", |c, key| {
        match key {
            b"method" => r.method = c.string_or_null("request.method")?.unwrap_or_default(),
            b"url" => r.url = c.string_or_null("request.url")?.unwrap_or_default(),
            b"headers" => r.headers = Some(span(c)?),
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(r)
}

fn response(c: &mut Cursor) -> Result<Response> {
    let mut r = Response::default();
    c.object("response", |c, key| {
        match key {
            b"status" => r.status = status(c)?,
            b"statusText" => {
                r.status_text = c.string_or_null("response.statusText")?.unwrap_or_default();
            }
            b"headers" => r.headers = Some(span(c)?),
            b"content" => r.content = c.nullable(content)?.unwrap_or_default(),
            b"redirectURL" => {
                r.redirect_url = c
                    .string_or_null("response.redirectURL")?
                    .unwrap_or_default();
            }
            b"httpVersion" => {
                r.http_version = c
                    .string_or_null("response.httpVersion")?
                    .unwrap_or_default();
            }
            b"bodySize" => r.body_size = c.whole_or_null("response.bodySize")?,
            b"_error" => r.error = c.string_or_null("response._error")?,
            b"_failureText" => r.failure_text = c.string_or_null("response._failureText")?,
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(r)
}

fn status(c: &mut Cursor) -> Result<Status> {
    Ok(match c.peek()? {
        b'"' => Status::Text(c.string()?),
        b'n' => {
            c.literal(b"null", "response.status")?;
            Status::Missing
        }
        b'-' | b'0'..=b'9' => {
            let n = c.number("response.status")?;
            Status::Number(whole(n))
        }
        _ => {
            c.skip()?;
            Status::Other
        }
    })
}

fn content(c: &mut Cursor) -> Result<Content> {
    let mut r = Content::default();
    c.object("response.content", |c, key| {
        match key {
            b"text" => r.text = c.string_or_null("response.content.text")?,
            b"size" => r.size = c.whole_or_null("response.content.size")?,
            b"encoding" => r.encoding = c.string_or_null("response.content.encoding")?,
            b"mimeType" => r.mime_type = c.string_or_null("response.content.mimeType")?,
            _ => c.skip()?,
        }
        Ok(())
    })?;
    Ok(r)
}

fn timings(c: &mut Cursor<'_>) -> Result<Timings> {
    let mut t = Timings::default();
    c.object("timings", |c, key| {
        let (slot, what) = match key {
            b"blocked" => (&mut t.blocked, "timings.blocked"),
            b"dns" => (&mut t.dns, "timings.dns"),
            b"connect" => (&mut t.connect, "timings.connect"),
            b"ssl" => (&mut t.ssl, "timings.ssl"),
            b"send" => (&mut t.send, "timings.send"),
            b"wait" => (&mut t.wait, "timings.wait"),
            b"receive" => (&mut t.receive, "timings.receive"),
            _ => return c.skip(),
        };
        *slot = c.number_or_null(what)?;
        Ok(())
    })?;
    Ok(t)
}

/// A header list: `[{"name": …, "value": …}, …]`; other members of each item are
/// skipped, and so is an item that is not such an object (its name or value not a
/// string): the list keeps the rest, and counts the items it left out.
fn name_values(c: &mut Cursor, what: &str) -> Result<HeaderList> {
    let mut list = HeaderList::default();
    c.array(what, |c| {
        if c.peek()? != b'{' {
            list.left_out += 1;
            return c.skip();
        }
        let (mut name, mut value, mut usable) = (Str::default(), Str::default(), true);
        c.object(what, |c, key| {
            let slot = match key {
                b"name" => &mut name,
                b"value" => &mut value,
                _ => return c.skip(),
            };
            match c.peek()? {
                b'"' => *slot = c.string()?,
                _ => {
                    usable = false;
                    c.skip()?;
                }
            }
            Ok(())
        })?;
        if usable {
            list.pairs.push((name, value));
        } else {
            list.left_out += 1;
        }
        Ok(())
    })?;
    Ok(list)
}

/// A header list as read: its (name, value) pairs, and how many items were not such
/// pairs.
#[derive(Debug, Default)]
pub(super) struct HeaderList {
    pub pairs: Vec<(Str, Str)>,
    pub left_out: usize,
}

/// A number as a whole number, where it is one (`200`, `2e2`; not `200.5`, `1e400`).
fn whole(n: f64) -> Option<i64> {
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

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn invalid<T>(&self, what: String) -> Result<T> {
        Err(Error::Invalid { at: self.i, what })
    }

    /// Steps over white space.
    #[inline]
    fn ws(&mut self) {
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
    fn peek(&mut self) -> Result<u8> {
        self.ws();
        self.b.get(self.i).copied().ok_or(Error::End)
    }

    /// The rest of a string whose opening quote is at the cursor.
    fn string(&mut self) -> Result<Str> {
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
    fn string_or_null(&mut self, what: &str) -> Result<Option<Str>> {
        match self.peek()? {
            b'"' => self.string().map(Some),
            b'n' => self.literal(b"null", what).map(|()| None),
            other => self.invalid(format!("{what} is {}, not a string", kind(other))),
        }
    }

    /// A number, or `null` (as `None`).
    fn number_or_null(&mut self, what: &str) -> Result<Option<f64>> {
        match self.peek()? {
            b'-' | b'0'..=b'9' => self.number(what).map(Some),
            b'n' => self.literal(b"null", what).map(|()| None),
            other => self.invalid(format!("{what} is {}, not a number", kind(other))),
        }
    }

    /// A whole number, or `null`; a fraction reads as absent.
    fn whole_or_null(&mut self, what: &str) -> Result<Option<i64>> {
        Ok(self.number_or_null(what)?.and_then(whole))
    }

    /// A number at the cursor. It must be followed by something: at the end of the bytes
    /// it may go on in the bytes not read yet.
    fn number(&mut self, what: &str) -> Result<f64> {
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
    fn literal(&mut self, word: &[u8], what: &str) -> Result<()> {
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
    fn nullable<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.peek()? == b'n' {
            self.literal(b"null", "a value")?;
            return Ok(None);
        }
        read(self).map(Some)
    }

    /// An object: `member` is called with each key (escapes undone) and the cursor at its
    /// value, which it must consume.
    fn object(
        &mut self,
        what: &str,
        mut member: impl FnMut(&mut Self, &[u8]) -> Result<()>,
    ) -> Result<()> {
        match self.peek()? {
            b'{' => self.i += 1,
            other => return self.invalid(format!("{what} is {}, not an object", kind(other))),
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
                member(self, &unescape(key.raw(text)))?;
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
    fn array(&mut self, what: &str, mut item: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        match self.peek()? {
            b'[' => self.i += 1,
            other => return self.invalid(format!("{what} is {}, not an array", kind(other))),
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
    fn skip(&mut self) -> Result<()> {
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
                        return self.invalid(format!("unexpected {:?}", b as char));
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
/// characters (a lone surrogate) become U+FFFD, as browsers decode them.
fn unescape(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let Some(at) = raw[i..].iter().position(|&b| b == b'\\') else {
            out.extend_from_slice(&raw[i..]);
            break;
        };
        out.extend_from_slice(&raw[i..i + at]);
        i += at + 1;
        let Some(&e) = raw.get(i) else { break };
        i += 1;
        let byte = match e {
            b'n' => b'\n',
            b't' => b'\t',
            b'r' => b'\r',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'u' => {
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
            // `\"`, `\\`, `\/`, and anything else written after a backslash.
            other => other,
        };
        out.push(byte);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(text: &str) -> Entry {
        let (entry, used) = read(text.as_bytes()).unwrap();
        assert_eq!(text[used..].trim(), "", "{text}");
        entry
    }

    #[test]
    fn reads_what_it_needs_and_steps_over_the_rest() {
        let text = r#"  {"_initiator": {"type": "script", "stack": {"callFrames": [{"url": "a\"}]"}]}},
            "request": {"method": "POST", "url": "http://a/x?q=\u00e9", "headers": [{"name": "A", "value": "1"}], "cookies": []},
            "response": {"status": 420, "statusText": "Enhance", "headers": [{"name": "X", "value": "y", "comment": ""}],
                         "content": {"size": 12, "mimeType": "application/json", "text": "{\"code\": 1}", "encoding": null},
                         "redirectURL": "", "httpVersion": "h2", "bodySize": -1, "_error": null},
            "startedDateTime": "2026-11-26T07:50:24.817Z", "time": 1.5e1,
            "timings": {"blocked": -1, "dns": 0.25, "_queued": 3}}"#;
        let e = entry(text);
        let t = text.as_bytes();
        let req = e.request.as_ref().unwrap();
        assert_eq!(req.method.text(t), "POST");
        assert_eq!(req.url.text(t), "http://a/x?q=é");
        let listed = header_list(t, req.headers.unwrap(), "request.headers")
            .unwrap()
            .pairs;
        assert_eq!(
            (listed[0].0.text(t), listed[0].1.text(t)),
            ("A".into(), "1".into())
        );
        let resp = e.response.as_ref().unwrap();
        assert_eq!(resp.status, Status::Number(Some(420)));
        assert_eq!(resp.status_text.text(t), "Enhance");
        let listed = header_list(t, resp.headers.unwrap(), "response.headers")
            .unwrap()
            .pairs;
        assert_eq!(
            (listed[0].0.text(t), listed[0].1.text(t)),
            ("X".into(), "y".into())
        );
        assert_eq!(resp.content.text.unwrap().bytes(t), b"{\"code\": 1}");
        assert_eq!(resp.content.size, Some(12));
        assert!(resp.content.encoding.is_none());
        assert_eq!((resp.body_size, resp.error), (Some(-1), None));
        assert_eq!(resp.http_version.text(t), "h2");
        assert_eq!(e.time, Some(15.0));
        let phases = e.timings.unwrap();
        assert_eq!(
            (phases.blocked, phases.dns, phases.wait),
            (Some(-1.0), Some(0.25), None)
        );
    }

    #[test]
    fn the_end_of_the_bytes_asks_for_more() {
        let text = r#"{"request": {"url": "http://a/"}, "response": {"status": 200, "content": {"size": 125}}, "_x": [1, {"y": "z\\"}], "time": 12.5}"#;
        let whole = read(text.as_bytes()).unwrap();
        assert_eq!(whole.1, text.len());
        for cut in 0..text.len() {
            assert_eq!(
                read(&text.as_bytes()[..cut]).err(),
                Some(Error::End),
                "{cut}"
            );
            assert_eq!(
                skip(&text.as_bytes()[..cut]).err(),
                Some(Error::End),
                "{cut}"
            );
        }
        assert_eq!(skip(text.as_bytes()), Ok(text.len()));
    }

    #[test]
    fn what_is_not_an_entry_says_what_and_where() {
        for (text, at, says) in [
            ("1", 0, "an entry is a number, not an object"),
            (r#"{"request": "x"}"#, 12, "request is a string"),
            (r#"{"time": "12"}"#, 9, "time is a string, not a number"),
            (r#"{"time": 01}"#, 9, "\"01\" is not a number"),
            (r#"{"a": [1, 2}}"#, 11, "unexpected '}'"),
            (r#"{"a" 1}"#, 5, "no ':'"),
            (r#"{"a": 1 "b": 2}"#, 8, "no ',' or '}'"),
            (r#"{"time": nul}"#, 9, "time is not JSON"),
            (
                r#"{"timings": {"wait": "2"}}"#,
                21,
                "timings.wait is a string",
            ),
        ] {
            match read(text.as_bytes()) {
                Err(Error::Invalid { at: got, what }) => {
                    assert!(what.contains(says), "{text}: {what}");
                    assert_eq!(got, at, "{text}: {what}");
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        // A number too large for a double is still JSON; a long bad one is shown cut.
        let (e, _) = read(br#"{"time": 1e400}"#).unwrap();
        assert_eq!(e.time, Some(f64::INFINITY));
        let long = format!(r#"{{"time": 1{}e}}"#, "0".repeat(1000));
        match read(long.as_bytes()) {
            Err(Error::Invalid { what, .. }) => assert!(what.len() < 80, "{what}"),
            other => panic!("{other:?}"),
        }
        // A header list is read where the response is built: its errors come from there.
        let text = r#"{"response": {"headers": {"a": [1]}}}"#;
        let (e, _) = read(text.as_bytes()).unwrap();
        let listed = header_list(text.as_bytes(), e.response.unwrap().headers.unwrap(), "h");
        assert!(
            matches!(&listed, Err(Error::Invalid { what, .. }) if what == "h is an object, not an array"),
            "{listed:?}"
        );
        // One bad item is left out; the others are kept.
        let text = r#"{"response": {"headers": [{"name": "A", "value": "1"}, {"name": "B", "value": 5}, 7, null, {"name": "C", "value": "3"}]}}"#;
        let (e, _) = read(text.as_bytes()).unwrap();
        let t = text.as_bytes();
        let listed = header_list(t, e.response.unwrap().headers.unwrap(), "h").unwrap();
        let names: Vec<String> = listed.pairs.iter().map(|(n, _)| n.text(t)).collect();
        assert_eq!(
            (names, listed.left_out),
            (vec!["A".to_string(), "C".into()], 3)
        );
        let deep = format!("{{\"a\": {}{}}}", "[".repeat(200), "]".repeat(200));
        assert!(matches!(read(deep.as_bytes()), Err(Error::Invalid { .. })));
    }

    #[test]
    fn statuses_as_written() {
        let status = |s: &str| {
            let text = format!(r#"{{"response": {{"status": {s}}}}}"#);
            let (e, _) = read(text.as_bytes()).unwrap();
            match e.response.unwrap().status {
                Status::Text(t) => format!("text {}", t.text(text.as_bytes())),
                Status::Number(n) => format!("number {n:?}"),
                Status::Missing => "missing".into(),
                Status::Other => "other".into(),
            }
        };
        assert_eq!(status("404"), "number Some(404)");
        assert_eq!(status("-1"), "number Some(-1)");
        assert_eq!(status("200.5"), "number None");
        assert_eq!(status("null"), "missing");
        assert_eq!(status("{\"a\": 1}"), "other");
        assert_eq!(status("\"404\""), "text 404");
    }

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
                String::from_utf8(unescape(raw.as_bytes())).unwrap(),
                want,
                "{raw}"
            );
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
            prop_assert_eq!(skip(json.as_bytes()), Ok(json.len()));
        }

        /// Any number serde writes reads as the same number.
        #[test]
        fn numbers_read_back(n in any::<f64>().prop_filter("finite", |n| n.is_finite())) {
            let json = format!("{{\"time\": {}}}", serde_json::to_string(&n).unwrap());
            let (e, _) = read(json.as_bytes()).unwrap();
            prop_assert_eq!(e.time, Some(n));
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
