//! HAR 1.2 files (Chrome, Firefox, Playwright): each entry becomes a [`Response`] named
//! `file#N`. The file is streamed (`json_stream`): `log.entries` is walked one entry at a
//! time, so a HAR of hundreds of MB is read in memory bounded by its largest entry. Entries whose request
//! failed (status 0 or -1, `_error` / `_failureText`) become responses with a `failure`.
//! `content.text` is already decoded by the browser; base64 (`encoding`) is undone here.
//! Bodies of successful entries are not decoded unless asked for: a summary needs only
//! their size, and most of a HAR's bytes are bodies.

use std::io::Read;

use anyhow::{Result, anyhow};
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use serde_json::value::RawValue;

use super::json_stream::{self, Step};
use super::{Request, Response, cap_body};

#[derive(Deserialize, Default)]
#[serde(default)]
struct Entry<'a> {
    #[serde(borrow)]
    request: Option<HarRequest<'a>>,
    #[serde(borrow)]
    response: Option<HarResponse<'a>>,
    #[serde(rename = "_error")]
    error: Option<String>,
    #[serde(rename = "_failureText")]
    failure_text: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HarRequest<'a> {
    method: String,
    url: String,
    /// Parsed only for entries shown in detail (see `to_response`).
    #[serde(borrow)]
    headers: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HarResponse<'a> {
    status: Value,
    #[serde(rename = "statusText")]
    status_text: String,
    headers: Vec<Header>,
    #[serde(borrow)]
    content: Content<'a>,
    #[serde(rename = "redirectURL")]
    redirect_url: String,
    #[serde(rename = "httpVersion")]
    http_version: String,
    #[serde(rename = "_error")]
    error: Option<String>,
    #[serde(rename = "_failureText")]
    failure_text: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Content<'a> {
    /// Left as raw JSON until we know the body is wanted: most entries' bodies are not.
    #[serde(borrow)]
    text: Option<&'a RawValue>,
    size: Option<i64>,
    encoding: Option<String>,
    #[serde(rename = "mimeType")]
    mime_type: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Header {
    name: String,
    value: String,
}

fn pairs(headers: Vec<Header>) -> Vec<(String, String)> {
    headers.into_iter().map(|h| (h.name, h.value)).collect()
}

/// Turns entry `index` (1-based) of `file` into a response.
/// Turns entry `index` (1-based) of `file` into a response; the body of a 1xx-3xx entry
/// is decoded only when `all_bodies`, else only its size is kept.
fn to_response(entry: Entry, file: &str, index: usize, all_bodies: bool) -> Response {
    let source = format!("{file}#{index}");
    // A 1xx-3xx entry in a summary is shown as one row: its request headers are not.
    let status_hint = entry.response.as_ref().and_then(|r| r.status.as_i64());
    let detail = all_bodies || !matches!(status_hint, Some(100..=399));
    let request = entry.request.map(|r| Request {
        method: r.method,
        url: r.url,
        headers: match r.headers {
            Some(raw) if detail => serde_json::from_str::<Vec<Header>>(raw.get())
                .map(pairs)
                .unwrap_or_default(),
            _ => Vec::new(),
        },
        ..Request::default()
    });
    let Some(resp) = entry.response else {
        // HAR 1.2 requires a response object; browsers write status 0 or -1 for a request
        // that failed. An entry without one is malformed, unless it says why it failed.
        let reason = entry.error.or(entry.failure_text);
        return Response {
            source,
            request,
            malformed: reason.is_none(),
            failure: Some(reason.unwrap_or_else(|| "the entry has no response object".into())),
            ..Response::default()
        };
    };
    let failure = resp
        .error
        .or(resp.failure_text)
        .or(entry.error)
        .or(entry.failure_text)
        .filter(|f| !f.is_empty());
    let mut warnings = Vec::new();
    let status = match &resp.status {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => {
            warnings.push(format!("the status is a string ({s:?}), not a number"));
            s.trim().parse::<i64>().ok()
        }
        _ => None,
    };
    // Browsers write 0 or -1 for a request that got no response; any other status outside
    // 0-999, or none, is a malformed entry: an input error, not a connection failure.
    let status = match status {
        Some(s @ 1..=999) => s as u16,
        Some(s @ (0 | -1)) => {
            return Response {
                source,
                request,
                failure: Some(failure.unwrap_or_else(|| format!("no response (status {s})"))),
                warnings,
                ..Response::default()
            };
        }
        Some(s) => {
            return Response {
                source,
                request,
                failure: Some(format!("status {s} is not a three-digit code")),
                malformed: true,
                warnings,
                ..Response::default()
            };
        }
        None => {
            return Response {
                source,
                request,
                failure: Some(
                    failure
                        .unwrap_or_else(|| "the entry's status is missing or not a number".into()),
                ),
                malformed: true,
                warnings,
                ..Response::default()
            };
        }
    };
    let mut headers = pairs(resp.headers);
    // HTTP/2 pseudo-headers carry nothing the status line does not.
    headers.retain(|(n, _)| !n.starts_with(':'));
    if !resp.redirect_url.is_empty()
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("location"))
    {
        headers.push(("Location".into(), resp.redirect_url));
    }
    if let Some(mime) = resp
        .content
        .mime_type
        .filter(|m| !m.is_empty() && m != "x-unknown")
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        headers.push(("Content-Type".into(), mime));
    }
    let raw_text = resp.content.text;
    let mut body_omitted = None;
    let text = if all_bodies || status >= 400 {
        raw_text.and_then(|raw| serde_json::from_str::<String>(raw.get()).ok())
    } else {
        let size = resp.content.size.and_then(|s| usize::try_from(s).ok());
        body_omitted = size.or(raw_text.map(|raw| raw.get().len().saturating_sub(2)));
        None
    };
    let body = match (text, resp.content.encoding.as_deref()) {
        (Some(text), Some("base64")) => base64(&text).unwrap_or_else(|| {
            warnings.push("content.text is not valid base64: shown as written".into());
            text.into_bytes()
        }),
        (Some(text), _) => text.into_bytes(),
        (None, _) => Vec::new(),
    };
    let mut body = body;
    cap_body(&mut body, &mut warnings);
    Response {
        source,
        status,
        reason: Some(resp.status_text).filter(|r| !r.trim().is_empty()),
        // HTTP/2 and HTTP/3 have no reason phrases at all.
        reason_unavailable: is_h2_or_h3(&resp.http_version),
        headers,
        body,
        request,
        failure: None,
        warnings,
        hops: Vec::new(),
        malformed: false,
        body_omitted,
        ..Response::default()
    }
}

/// The byte offset of a 1-based line and column in `bytes`.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line - 2)
            .map_or(bytes.len(), |(i, _)| i + 1)
    };
    (line_start + column).min(bytes.len())
}

fn is_h2_or_h3(version: &str) -> bool {
    let v = version.to_ascii_lowercase();
    v.starts_with("h2") || v.starts_with("h3") || v.starts_with("http/2") || v.starts_with("http/3")
}

/// Standard base64 (padding optional, white space ignored).
fn base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in text.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' | b' ' | b'\n' | b'\r' | b'\t' => continue,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Walks `reader`'s `log.entries`, calling `each` with every entry's response in order
/// (only entry `only`, when given: the others are skipped unparsed). Returns the number of
/// entries. An error from `each` stops the walk and is returned.
pub fn stream(
    reader: impl Read,
    file: &str,
    only: Option<usize>,
    all_bodies: bool,
    each: &mut dyn FnMut(Response) -> Result<()>,
) -> Result<usize> {
    json_stream::array_elements(
        reader,
        &["log", "entries"],
        |index, bytes, line, at_end, cut| {
            let de = serde_json::Deserializer::from_slice(bytes);
            let parsed = if only.is_some_and(|n| n != index) {
                // Skipped unparsed: only its end is found.
                let mut it = de.into_iter::<IgnoredAny>();
                it.next().map(|r| r.map(|_| (None, it.byte_offset())))
            } else {
                let mut it = de.into_iter::<Entry>();
                it.next()
                    .map(|r| r.map(|entry| (Some(entry), it.byte_offset())))
            };
            match parsed.unwrap_or_else(|| Err(serde::de::Error::custom("EOF"))) {
                Ok((entry, consumed)) => {
                    if let Some(entry) = entry {
                        let mut response = to_response(entry, file, index, all_bodies);
                        if cut > 0 {
                            response.body_cut = true;
                            response.warnings.push(format!(
                            "the entry is larger than {} MiB: its strings longer than {} MiB (its body) were cut there, {cut} bytes left out",
                            json_stream::LARGE_ELEMENT >> 20,
                            json_stream::STRING_CAP >> 20
                        ));
                        }
                        each(response)?;
                    }
                    Ok(Step::Consumed(consumed))
                }
                Err(e) if e.is_eof() || bytes.iter().all(u8::is_ascii_whitespace) => {
                    Ok(Step::NeedMore)
                }
                // A number or literal cut by the end of the buffer reads as invalid, not as
                // the end: near the end of what is buffered, read on before judging.
                Err(e) if !at_end && offset_of(bytes, e.line(), e.column()) + 64 >= bytes.len() => {
                    Ok(Step::NeedMore)
                }
                Err(e) => Err(anyhow!(
                    "entry {index} (line {}): not a HAR entry: {}",
                    line + e.line() - 1,
                    e.to_string().split(" at line ").next().unwrap_or_default()
                )),
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str) -> Result<Vec<Response>> {
        let mut out = Vec::new();
        stream(text.as_bytes(), "f.har", None, true, &mut |r| {
            out.push(r);
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn entries_become_responses() {
        let har = r#"{"log": {"version": "1.2", "creator": {"name": "x"}, "entries": [
            {"request": {"method": "GET", "url": "http://a/x", "headers": [{"name": "Cookie", "value": "s=1"}]},
             "response": {"status": 420, "statusText": "", "headers": [{"name": "x-rate-limit-remaining", "value": "0"}],
                          "content": {"mimeType": "application/json", "text": "{\"code\": \"88\"}"}}},
            {"request": {"method": "POST", "url": "http://a/y"},
             "response": {"status": 200, "statusText": "OK", "content": {"text": "aGk=", "encoding": "base64"}}}
        ]}}"#;
        let rs = all(har).unwrap();
        assert_eq!(rs.len(), 2);
        assert_eq!(
            (rs[0].source.as_str(), rs[0].status, rs[0].reason.as_deref()),
            ("f.har#1", 420, None)
        );
        assert_eq!(rs[0].header("content-type"), Some("application/json"));
        assert_eq!(rs[0].body, b"{\"code\": \"88\"}");
        assert_eq!(
            rs[0].request.as_ref().map(|r| r.url.as_str()),
            Some("http://a/x")
        );
        assert_eq!(rs[1].body, b"hi");
    }

    #[test]
    fn failed_requests_are_failures() {
        let har = r#"{"log": {"entries": [
            {"request": {"url": "http://a:9/"}, "response": {"status": -1, "_failureText": "net::ERR_CONNECTION_REFUSED"}},
            {"request": {"url": "http://b/"}, "response": {"status": 0, "_error": "net::ERR_NAME_NOT_RESOLVED"}},
            {"request": {"url": "http://c/"}}
        ]}}"#;
        let rs = all(har).unwrap();
        let failures: Vec<_> = rs.iter().map(|r| r.failure.as_deref()).collect();
        assert_eq!(
            failures,
            [
                Some("net::ERR_CONNECTION_REFUSED"),
                Some("net::ERR_NAME_NOT_RESOLVED"),
                Some("the entry has no response object")
            ]
        );
    }

    #[test]
    fn odd_statuses() {
        let rs = all(r#"{"log": {"entries": [{"response": {"status": "404"}}, {"response": {"status": 2000}}]}}"#).unwrap();
        assert_eq!(rs[0].status, 404);
        assert!(rs[0].warnings[0].contains("string"));
        assert!(rs[1].failure.as_deref().unwrap().contains("2000"));
        assert!(rs[1].malformed);
    }

    #[test]
    fn broken_files_are_errors() {
        for bad in [
            r#"{"log": {"entries": {"a": 1}}}"#,
            r#"{"log": {"entries": [{"response": {"status": 200}}"#,
            r#"{"log": {"version": "1.2"}}"#,
            r#"[1, 2]"#,
        ] {
            assert!(all(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn entries_cut_by_the_read_buffer_are_read_whole() {
        // A reader that hands over two bytes at a time cuts every number somewhere.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(2).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let har = r#"{"log": {"entries": [{"response": {"status": -1, "_failureText": "x"}}, {"response": {"status": 404, "content": {"size": 12345, "text": "{\"a\": 1.5e3}"}}}]}}"#;
        let mut statuses = Vec::new();
        stream(Trickle(har.as_bytes()), "f", None, true, &mut |r| {
            statuses.push(r.status);
            Ok(())
        })
        .unwrap();
        assert_eq!(statuses, [0, 404]);
    }

    #[test]
    fn base64_decodes() {
        assert_eq!(base64("SGVsbG8sIHdvcmxk").unwrap(), b"Hello, world");
        assert_eq!(base64("YQ==").unwrap(), b"a");
        assert!(base64("@@").is_none());
    }
}
