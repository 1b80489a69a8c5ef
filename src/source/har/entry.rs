//! One HAR entry read off the front of its JSON text by hand (over `cursor.rs`). A
//! browser's entry is mostly what a summary never looks at (`_initiator` call stacks,
//! cookies, the request's header list, the body in `content.text`): those are stepped
//! over without decoding, allocating or checking their UTF-8. What is read (the URL, the
//! status, the timings, where the header lists and the body lie) is kept as offsets into
//! the entry's text and decoded only when asked for, on the thread that builds the
//! response.

use super::cursor::{Cursor, Error, Span, Str, whole};

type Result<T> = std::result::Result<T, Error>;

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

impl HeaderList {
    /// The pairs as text, in order (`text`: the entry's text).
    pub(super) fn texts(&self, text: &[u8]) -> Vec<(String, String)> {
        self.pairs
            .iter()
            .map(|(n, v)| (n.text(text), v.text(text)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::cursor::skip;
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

    proptest! {
        /// Any number serde writes reads as the same number.
        #[test]
        fn numbers_read_back(n in any::<f64>().prop_filter("finite", |n| n.is_finite())) {
            let json = format!("{{\"time\": {}}}", serde_json::to_string(&n).unwrap());
            let (e, _) = read(json.as_bytes()).unwrap();
            prop_assert_eq!(e.time, Some(n));
        }
    }
}
