//! HAR 1.2 files (Chrome, Firefox, Playwright): each entry becomes a [`Response`] named
//! `file#N`. The file is streamed (`json_stream`): `log.entries` is walked one entry at a
//! time, so a HAR of hundreds of MB is read in memory bounded by its largest entry. Each
//! entry is read by hand (`entry.rs`) on a thread of its own, and its response is built on
//! the caller's thread while the next entries are read ([`stream`]). Entries whose request
//! failed (status 0 or -1, `_error` / `_failureText`) become responses with a `failure`.
//! `content.text` is already decoded by the browser; base64 (`encoding`) is undone here.
//! Bodies of successful entries are not decoded unless asked for: a summary needs only
//! their size, and most of a HAR's bytes are bodies.

mod cursor;
mod entry;

use std::io::Read;

use anyhow::{Result, anyhow};

use self::entry::{Entry, Status, Timings};
use super::json_stream::{self, Step};
use super::wire::Timing;
use super::{Request, Response, cap_body};

/// Turns entry `index` (1-based) of `file` into a response, with when it started, how
/// long its phases took and how many bytes it moved, where the entry says.
fn to_response(entry: Entry, text: &[u8], file: &str, index: usize, all_bodies: bool) -> Response {
    let started_ms = entry.started.and_then(|s| iso8601_ms(&s.text(text)));
    let timing = timing_of(entry.time, entry.timings);
    let transferred = entry.response.as_ref().and_then(|r| {
        [r.body_size, r.content.size]
            .into_iter()
            .flatten()
            .find_map(|n| u64::try_from(n).ok())
    });
    let mut response = response_of(entry, text, file, index, all_bodies);
    response.started_ms = started_ms;
    response.timing = timing;
    response.transferred = transferred;
    response
}

/// The entry's phases as our [`Timing`]; HAR counts `ssl` inside `connect`, we do not.
fn timing_of(time: Option<f64>, timings: Option<Timings>) -> Option<Timing> {
    // Past about thirty years a figure is not a time (`1e308`): left out.
    let phase = |v: Option<f64>| v.filter(|ms| (0.0..1e12).contains(ms));
    let t = timings.unwrap_or_default();
    let tls = phase(t.ssl);
    let timing = Timing {
        blocked_ms: phase(t.blocked),
        dns_ms: phase(t.dns),
        connect_ms: phase(t.connect).map(|c| (c - tls.unwrap_or(0.0)).max(0.0)),
        tls_ms: tls,
        send_ms: phase(t.send),
        wait_ms: phase(t.wait),
        receive_ms: phase(t.receive),
        total_ms: 0.0,
    };
    let sum: f64 = [timing.blocked_ms, timing.dns_ms, timing.connect_ms, tls]
        .into_iter()
        .chain(timing.phases().iter().skip(3).map(|(_, ms)| *ms))
        .flatten()
        .sum();
    let total = phase(time).unwrap_or(sum);
    if total == 0.0 && sum == 0.0 && phase(time).is_none() {
        return None;
    }
    Some(Timing {
        total_ms: total.max(sum),
        ..timing
    })
}

/// An ISO 8601 date-time (`2026-11-26T07:50:24.817Z`, `…+01:00`) as epoch milliseconds.
fn iso8601_ms(text: &str) -> Option<f64> {
    let text = text.trim();
    let (date, time) = text.split_once(['T', 't', ' '])?;
    let mut ymd = date.splitn(3, '-');
    let year: i64 = ymd.next()?.parse().ok()?;
    let month: u32 = ymd.next()?.parse().ok()?;
    let day: u32 = ymd.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || !(0..=9999).contains(&year) {
        return None;
    }
    // The zone: Z, or ±hh:mm (±hhmm).
    let (clock, offset_min) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => {
            let zone = &time[i..];
            let offset = if zone.eq_ignore_ascii_case("z") {
                0
            } else {
                let sign = if zone.starts_with('-') { -1 } else { 1 };
                let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
                if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let h: i64 = digits[..2].parse().ok()?;
                let m: i64 = digits[2..].parse().ok()?;
                sign * (h * 60 + m)
            };
            (&time[..i], offset)
        }
        None => (time, 0),
    };
    let mut hms = clock.splitn(3, ':');
    let h: i64 = hms.next()?.parse().ok()?;
    let m: i64 = hms.next()?.parse().ok()?;
    let secs: f64 = hms.next().unwrap_or("0").parse().ok()?;
    if h > 23 || m > 59 || !(0.0..61.0).contains(&secs) {
        return None;
    }
    let days = crate::inspect::days_from_civil(year, month, day);
    let whole = days * 86_400 + h * 3600 + m * 60 - offset_min * 60;
    Some(whole as f64 * 1000.0 + secs * 1000.0)
}

/// Turns entry `index` (1-based) of `file` into a response; the body of a 1xx-3xx entry
/// is decoded only when `all_bodies`, else only its size is kept.
fn response_of(entry: Entry, src: &[u8], file: &str, index: usize, all_bodies: bool) -> Response {
    let source = format!("{file}#{index}");
    // A 1xx-3xx entry in a summary is shown as one row: its request headers are not,
    // but for a 304, whose request's conditional headers say whether it was asked for.
    let status_hint = match entry.response.as_ref().map(|r| r.status) {
        Some(Status::Number(n)) => n,
        _ => None,
    };
    let detail = all_bodies || !matches!(status_hint, Some(100..=303 | 305..=399));
    let request = entry.request.map(|r| Request {
        method: r.method.text(src),
        url: r.url.text(src),
        // The entry was read whole, so its header list is valid as far as brackets and
        // strings go; one that is not a list is shown as none.
        headers: match r.headers {
            Some(span) if detail => entry::header_list(src, span, "request.headers")
                .map(|listed| listed.texts(src))
                .unwrap_or_default(),
            _ => Vec::new(),
        },
        ..Request::default()
    });
    let text = |s: Option<cursor::Str>| s.map(|s| s.text(src));
    let Some(resp) = entry.response else {
        // HAR 1.2 requires a response object; browsers write status 0 or -1 for a request
        // that failed. An entry without one is malformed, unless it says why it failed.
        let reason = text(entry.error.or(entry.failure_text));
        return Response {
            source,
            request,
            malformed: reason.is_none(),
            failure: Some(reason.unwrap_or_else(|| "the entry has no response object".into())),
            ..Response::default()
        };
    };
    let failure = text(
        resp.error
            .or(resp.failure_text)
            .or(entry.error)
            .or(entry.failure_text),
    )
    .filter(|f| !f.is_empty());
    let mut warnings = Vec::new();
    let status = match resp.status {
        Status::Number(n) => n,
        Status::Text(s) => {
            let s = s.text(src);
            warnings.push(format!("the status is a string ({s:?}), not a number"));
            s.trim().parse::<i64>().ok()
        }
        Status::Missing | Status::Other => None,
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
    let listed = match resp
        .headers
        .map(|span| entry::header_list(src, span, "response.headers"))
    {
        Some(Ok(listed)) => {
            if listed.left_out > 0 {
                let items = match listed.left_out {
                    1 => "1 item is".to_string(),
                    n => format!("{n} items are"),
                };
                warnings.push(format!(
                    "response.headers: {items} not a {{name, value}} pair of strings, left out"
                ));
            }
            listed.texts(src)
        }
        Some(Err(cursor::Error::Invalid { what, .. })) => {
            warnings.push(format!("{what}: the response's headers were not read"));
            Vec::new()
        }
        Some(Err(_)) | None => Vec::new(),
    };
    // HTTP/2 pseudo-headers carry nothing the status line does not.
    let mut headers = listed;
    headers.retain(|(n, _)| !n.starts_with(':'));
    if resp.redirect_url.written_len() > 0
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("location"))
    {
        headers.push(("Location".into(), resp.redirect_url.text(src)));
    }
    if let Some(mime) = text(resp.content.mime_type).filter(|m| !m.is_empty() && m != "x-unknown")
        && !headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("content-type"))
    {
        headers.push(("Content-Type".into(), mime));
    }
    let raw_text = resp.content.text;
    let mut body_omitted = None;
    let written = if all_bodies || status >= 400 {
        raw_text.map(|raw| {
            let (bytes, flaw) = raw.checked_bytes(src);
            if let Some(flaw) = flaw {
                warnings.push(format!(
                    "content.text is not a valid JSON string ({flaw}): read as written"
                ));
            }
            bytes
        })
    } else {
        let size = resp.content.size.and_then(|s| usize::try_from(s).ok());
        body_omitted = size.or(raw_text.map(|raw| raw.written_len()));
        None
    };
    let base64_encoded = resp
        .content
        .encoding
        .is_some_and(|e| e.text(src).trim().eq_ignore_ascii_case("base64"));
    let mut body = match written {
        Some(written) if base64_encoded => base64(&written).unwrap_or_else(|| {
            warnings.push("content.text is not valid base64: shown as written".into());
            written
        }),
        Some(written) => written,
        None => Vec::new(),
    };
    cap_body(&mut body, &mut warnings);
    Response {
        source,
        status,
        reason: Some(resp.status_text.text(src)).filter(|r| !r.trim().is_empty()),
        // HTTP/2 and HTTP/3 have no reason phrases at all.
        reason_unavailable: is_h2_or_h3(&resp.http_version.text(src)),
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

fn is_h2_or_h3(version: &str) -> bool {
    let v = version.to_ascii_lowercase();
    v.starts_with("h2") || v.starts_with("h3") || v.starts_with("http/2") || v.starts_with("http/3")
}

/// Standard base64 (padding optional, white space ignored; the URL-safe `-` and `_` are
/// taken too). Anything after the padding but padding is not base64.
fn base64(text: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut padded = false;
    for &b in text {
        let v = match b {
            b' ' | b'\n' | b'\r' | b'\t' => continue,
            b'=' => {
                padded = true;
                continue;
            }
            _ if padded => return None,
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
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

/// Entries handed from the reading thread to the caller's at a time: enough that the
/// hand-over costs nothing per entry, few enough (by count and by bytes) that what waits
/// in between stays small.
const BATCH_ENTRIES: usize = 64;
const BATCH_BYTES: usize = 1 << 20;

/// The batches waiting between the threads: the reader stays this far ahead at most.
const BATCHES_AHEAD: usize = 2;

/// Entries read on the reading thread, with their text: their strings are turned into
/// a [`Response`] on the caller's thread, so the allocating is shared out too.
struct Batch {
    text: Vec<u8>,
    entries: Vec<Parsed>,
}

impl Batch {
    fn new() -> Batch {
        // Room for a full batch: growing it as entries arrive copied it over and over.
        Batch {
            text: Vec::with_capacity(BATCH_BYTES + BATCH_BYTES / 4),
            entries: Vec::with_capacity(BATCH_ENTRIES),
        }
    }
}

struct Parsed {
    index: usize,
    /// The entry's text in [`Batch::text`].
    at: std::ops::Range<usize>,
    /// The entry, or what is wrong with it.
    entry: Result<Entry, String>,
    /// Bytes left out of an entry too large to keep whole (0 for most).
    cut: u64,
}

impl Parsed {
    fn response(self, text: &[u8], file: &str, all_bodies: bool) -> Response {
        let entry = match self.entry {
            Ok(entry) => entry,
            Err(problem) => {
                return Response {
                    source: format!("{file}#{}", self.index),
                    failure: Some(problem),
                    malformed: true,
                    ..Response::default()
                };
            }
        };
        let text = text.get(self.at).unwrap_or_default();
        // In an entry too large to keep whole, only strings longer than the cap were cut:
        // the body among them when it is that long.
        let body_cut = self.cut > 0
            && entry
                .response
                .as_ref()
                .and_then(|r| r.content.text)
                .is_some_and(|t| t.written_len() + 8 >= json_stream::STRING_CAP);
        // The body's whole length, as the browser counted it, for a body kept in part.
        let size = entry
            .response
            .as_ref()
            .and_then(|r| r.content.size)
            .and_then(|n| u64::try_from(n).ok());
        let mut response = to_response(entry, text, file, self.index, all_bodies);
        if self.cut > 0 {
            response.body_cut = body_cut;
            if body_cut && !response.body.is_empty() {
                response.body_total = size;
            }
            response.warnings.push(format!(
                "the entry is larger than {} MiB: its strings longer than {} MiB{} were cut there and its members named _… (browser extras) left out, {} bytes in all",
                json_stream::LARGE_ELEMENT >> 20,
                json_stream::STRING_CAP >> 20,
                if body_cut { " (its body)" } else { " (not its body)" },
                self.cut
            ));
        }
        response
    }
}

/// Walks `reader`'s `log.entries`, calling `each` with every entry's response in order
/// (only, when `only` is `(n, after)`, entry `n` and the `after` entries after it, which
/// tell what became of a redirect: the others are skipped unparsed, and the bodies of the
/// ones after `n` are not decoded).
/// Returns the number of
/// entries. An entry that is not a HAR entry but whose brackets pair up becomes a
/// malformed response, and the walk reads on. An error from `each` stops the walk and is
/// returned; so does a file broken past finding the next entry, after the entries read
/// before it are handed to `each`.
///
/// The file is read and its entries found and parsed on a thread of their own, while
/// their responses are built and `each` (the judging and the writing) runs on the
/// caller's: on two cores a large HAR takes about as long as the slower of the two
/// halves, not as their sum.
pub fn stream(
    reader: impl Read + Send,
    file: &str,
    only: Option<(usize, usize)>,
    all_bodies: bool,
    each: &mut dyn FnMut(Response) -> Result<()>,
) -> Result<usize> {
    let (batches, arrived) = std::sync::mpsc::sync_channel::<Batch>(BATCHES_AHEAD);
    std::thread::scope(|scope| {
        let reading = scope.spawn(move || {
            let mut batch = Batch::new();
            let count = walk(reader, only, |index, text, entry, cut| {
                let start = batch.text.len();
                batch.text.extend_from_slice(text);
                batch.entries.push(Parsed {
                    index,
                    at: start..batch.text.len(),
                    entry,
                    cut,
                });
                if batch.entries.len() == BATCH_ENTRIES || batch.text.len() >= BATCH_BYTES {
                    // The caller stopped (its error is the one returned).
                    batches
                        .send(std::mem::replace(&mut batch, Batch::new()))
                        .map_err(|_| anyhow!("stopped"))?;
                }
                Ok(())
            });
            if !batch.entries.is_empty() {
                let _ = batches.send(batch);
            }
            count
        });
        let mut stopped = None;
        'batches: for batch in arrived.iter() {
            for parsed in batch.entries {
                let bodies = all_bodies && only.is_none_or(|(n, _)| n == parsed.index);
                if let Err(e) = each(parsed.response(&batch.text, file, bodies)) {
                    stopped = Some(e);
                    break 'batches;
                }
            }
        }
        // Dropping the receiving end stops a reader that is still sending.
        drop(arrived);
        let read = reading
            .join()
            .unwrap_or_else(|_| Err(anyhow!("reading the HAR file failed unexpectedly")));
        match stopped {
            Some(e) => Err(e),
            None => read,
        }
    })
}

/// [`stream`]'s reading half, on the calling thread: `each(index, text, entry, cut)` gets
/// every entry read (only entry `n` and the `after` entries after it, when `only` is
/// `(n, after)`) with its text, or what is wrong with it.
fn walk(
    reader: impl Read,
    only: Option<(usize, usize)>,
    mut each: impl FnMut(usize, &[u8], Result<Entry, String>, u64) -> Result<()>,
) -> Result<usize> {
    json_stream::array_elements(
        reader,
        &["log", "entries"],
        |index, bytes, line, offered, cut| {
            // Where in the file an offset of `bytes` is: a copy has lost the file's lines.
            let copy = *offered != json_stream::Offered::Text;
            let at = |offset: usize| At { line, offset, copy };
            let last = only.map(|(n, after)| n.saturating_add(after)) == Some(index);
            let wanted =
                only.is_none_or(|(n, after)| (n..=n.saturating_add(after)).contains(&index));
            let step = |used| {
                if last {
                    Step::Last
                } else {
                    Step::Consumed(used)
                }
            };
            if let json_stream::Offered::Broken(what) = offered {
                // Stepped over already: a malformed entry, and the walk reads on.
                if wanted {
                    each(index, &[], Err(format!("not a HAR entry: {what}")), cut)?;
                }
                return Ok(step(0));
            }
            if !wanted {
                // Skipped unparsed: only its end is found.
                return match cursor::skip(bytes) {
                    Ok(used) => Ok(Step::Consumed(used)),
                    // Said as the entry's reader says it, as when it is not skipped.
                    Err(e) => invalid(entry::read(bytes).err().unwrap_or(e), index, at, bytes),
                };
            }
            match entry::read(bytes) {
                Ok((entry, used)) => {
                    each(index, &bytes[..used], Ok(entry), cut)?;
                    Ok(step(used))
                }
                Err(cursor::Error::Invalid { at: offset, what }) => match cursor::skip(bytes) {
                    // A JSON value whose brackets pair up: this entry is lost, not the
                    // ones after it.
                    Ok(used) => {
                        let problem =
                            format!("not a HAR entry: {what} ({})", at(offset).place(bytes));
                        each(index, &bytes[..used], Err(problem), cut)?;
                        Ok(step(used))
                    }
                    Err(cursor::Error::End) => Ok(Step::NeedMore),
                    // Too long to step over: that, not what it is, is what is wrong.
                    Err(long @ cursor::Error::TooLong { .. }) => invalid(long, index, at, bytes),
                    Err(cursor::Error::Invalid { .. }) => invalid(
                        cursor::Error::Invalid { at: offset, what },
                        index,
                        at,
                        bytes,
                    ),
                },
                Err(e) => invalid(e, index, at, bytes),
            }
        },
    )
}

/// Where something is wrong in an entry that starts on `line`: at `offset` of its bytes,
/// unless they are a `copy` (a large entry, cut and without white space).
#[derive(Clone, Copy)]
struct At {
    line: usize,
    offset: usize,
    copy: bool,
}

impl At {
    fn place(self, bytes: &[u8]) -> String {
        if self.copy {
            format!("in the entry from line {}", self.line)
        } else {
            let within = &bytes[..self.offset.min(bytes.len())];
            format!("line {}", self.line + super::scan::count_newlines(within))
        }
    }
}

/// What the walk does with an entry it could neither read nor step over: read on when
/// the bytes ended inside it, else the error, with where it went wrong.
fn invalid(e: cursor::Error, index: usize, at: impl Fn(usize) -> At, bytes: &[u8]) -> Result<Step> {
    match e {
        cursor::Error::End => Ok(Step::NeedMore),
        cursor::Error::Invalid { at: offset, what } => Err(anyhow!(
            "entry {index} ({}): not a HAR entry: {what}",
            at(offset).place(bytes)
        )),
        cursor::Error::TooLong { at: offset } => Err(anyhow!(
            "entry {index} ({}): not a HAR entry: {}",
            at(offset).place(bytes),
            json_stream::LONG_WORD
        )),
    }
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
    fn times_sizes_and_phases_are_kept() {
        let har = r#"{"log": {"entries": [
            {"startedDateTime": "2026-11-26T07:50:24.817Z", "time": 24.5,
             "timings": {"blocked": 1, "dns": -1, "connect": 10, "ssl": 4, "send": 0.5, "wait": 2, "receive": 7},
             "response": {"status": 200, "bodySize": 187, "content": {"size": 400, "mimeType": "text/html"}}},
            {"startedDateTime": "2026-11-26T08:50:24.000+01:00",
             "response": {"status": 301, "bodySize": -1, "content": {"size": 12}}},
            {"startedDateTime": "yesterday", "response": {"status": -1}}
        ]}}"#;
        let rs = all(har).unwrap();
        assert_eq!(rs[0].started_ms, Some(1_795_679_424_817.0));
        assert_eq!(rs[1].started_ms, Some(1_795_679_424_000.0));
        assert_eq!(rs[2].started_ms, None);
        assert_eq!(
            (rs[0].transferred, rs[1].transferred),
            (Some(187), Some(12))
        );
        let t = rs[0].timing.unwrap();
        assert_eq!(
            (t.blocked_ms, t.dns_ms, t.connect_ms, t.tls_ms, t.total_ms),
            (Some(1.0), None, Some(6.0), Some(4.0), 24.5)
        );
        assert!(rs[1].timing.is_none());
        assert_eq!(iso8601_ms("1970-01-01T00:00:01.5Z"), Some(1500.0));
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2026-01-01T25:00:00Z",
            "2026-01-01T00:00:00+1",
        ] {
            assert_eq!(iso8601_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn base64_decodes() {
        assert_eq!(base64(b"SGVsbG8sIHdvcmxk").unwrap(), b"Hello, world");
        assert_eq!(base64(b"YQ==").unwrap(), b"a");
        assert!(base64(b"@@").is_none());
        assert!(base64(b"aGVsbA==extra").is_none());
        assert_eq!(base64(b"aGVs bA==\n").unwrap(), b"hell");
    }
}
