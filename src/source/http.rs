//! Raw HTTP as saved by `curl -i`, `curl -D -`, `curl --raw` or a proxy: one or more
//! header blocks (a redirect chain, a `100 Continue` preamble, a proxy's CONNECT answer)
//! and the final response's body. Status lines `HTTP/1.0`, `HTTP/1.1`, `HTTP/2`, `HTTP/3`,
//! with or without a reason phrase; CRLF or LF; leading blank lines. The last block
//! decides; the others become hops. What `send --save` notes about the exchange (`Resp-*`
//! headers: the request, a reason phrase not known, warnings) comes back as it was.
//! The status lines and header blocks before the body take at most [`MAX_HEAD`] bytes:
//! past that the input is refused with that limit named, whether or not its body is
//! kept whole (the head always fits in what is kept of an input, [`super::KEEP_INPUT`]).

use anyhow::{Result, bail};

use super::{Hop, MAX_HEADERS, MAX_HOPS, Response, body, header, lines};

/// The most bytes of status lines and header blocks (a chain's hops included) before the
/// body. curl keeps at most 300 KB of headers for a response; this is far past that, and
/// well inside [`super::KEEP_INPUT`], so a head is read the same whatever is kept.
pub const MAX_HEAD: usize = 4 * 1024 * 1024;

const _: () = assert!(MAX_HEAD < super::KEEP_INPUT);

/// A parsed status line.
struct StatusLine {
    status: u16,
    reason: Option<String>,
    /// HTTP/2 and HTTP/3 have no reason phrase.
    no_reason_in_version: bool,
}

/// Parses `HTTP/<version> <code>[ <reason>]`; `None` when the line is not a status line.
/// A line that starts like one but whose code is not three digits is an error.
fn status_line(line: &[u8]) -> Result<Option<StatusLine>> {
    let Some(rest) = line.strip_prefix(b"HTTP/") else {
        return Ok(None);
    };
    let Some(space) = rest.iter().position(|&b| b == b' ') else {
        return Ok(None);
    };
    let version = &rest[..space];
    if version.is_empty() || !version.iter().all(|b| b.is_ascii_digit() || *b == b'.') {
        return Ok(None);
    }
    let after = &rest[space + 1..];
    let code_len = after.iter().position(|&b| b == b' ').unwrap_or(after.len());
    let code = &after[..code_len];
    if code.len() != 3 || !code.iter().all(u8::is_ascii_digit) {
        bail!(
            "status code '{}' is not three digits",
            String::from_utf8_lossy(&code[..code.len().min(40)])
        );
    }
    let status = code.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0'));
    let reason = after
        .get(code_len + 1..)
        .map(|r| String::from_utf8_lossy(r).trim().to_string());
    Ok(Some(StatusLine {
        status,
        reason: reason.filter(|r| !r.is_empty()),
        no_reason_in_version: matches!(version.first(), Some(b'2' | b'3')),
    }))
}

/// True when `bytes` begin with a status line (the next block of a chain).
fn starts_block(bytes: &[u8]) -> bool {
    let first = lines(bytes).next().map_or(&b""[..], |(l, _)| l);
    matches!(status_line(first), Ok(Some(_)))
}

/// Parses raw HTTP; `source` names the input in messages.
pub fn parse(bytes: &[u8], source: &str) -> Result<Response> {
    parse_limited(bytes, source, false, (0, &[]))
}

/// As [`parse`], for an input that `cut` at resp's read limit ([`super::MAX_INPUT`]), or
/// whose last `skipped` bytes were read past and not kept ([`super::KEEP_INPUT`]), the
/// last few of them given (`tail`): what the limits left out is then said to be resp's
/// doing, never the server's, and a chunked body read past is still seen to end whole.
pub fn parse_limited(
    bytes: &[u8],
    source: &str,
    cut: bool,
    (skipped, tail): (u64, &[u8]),
) -> Result<Response> {
    let mut at = bytes
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n' | b' ' | b'\t'))
        .unwrap_or(bytes.len());
    // A UTF-8 byte-order mark, as some editors save.
    if bytes[at..].starts_with(b"\xef\xbb\xbf") {
        at += 3;
    }
    if at == bytes.len() {
        bail!("empty input: no HTTP response in it");
    }
    let mut hops = Vec::new();
    let mut hops_dropped = 0usize;
    let mut warnings = Vec::new();
    loop {
        let (line, after_status) = lines(&bytes[at..]).next().unwrap_or((&[], 0));
        // Counted only for a message: chains can be thousands of hops long.
        let line_no = || bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        let Some(status) =
            status_line(line).map_err(|e| e.context(format!("line {}", line_no())))?
        else {
            bail!(
                "line {}: not an HTTP status line: {:?}",
                line_no(),
                String::from_utf8_lossy(&line[..line.len().min(60)])
            );
        };
        at += after_status;
        // Past the limit the head is refused, not read further.
        let head_end = bytes.len().min(MAX_HEAD);
        if at > head_end {
            bail!("{}", head_too_large());
        }
        let mut block_warnings = Vec::new();
        let (headers, consumed, complete) = header_block(&bytes[at..head_end], &mut block_warnings);
        at += consumed;
        // Cut at the limit, the head must have ended before it, on a whole line.
        if head_end < bytes.len() && !(complete && bytes[..at].ends_with(b"\n")) {
            bail!("{}", head_too_large());
        }
        if !complete {
            block_warnings
                .push("the headers end without a blank line: the response may be cut short".into());
        }
        if complete && starts_block(&bytes[at..]) {
            if hops.len() < MAX_HOPS {
                warnings.append(&mut block_warnings);
                hops.push(Hop {
                    status: status.status,
                    reason: status.reason,
                    location: header(&headers, "location").map(str::to_string),
                    headers,
                    ..Hop::default()
                });
            } else {
                hops_dropped += 1;
            }
            continue;
        }
        warnings.append(&mut block_warnings);
        if hops_dropped > 0 {
            warnings.push(format!(
                "the chain has {} earlier responses: only the first {MAX_HOPS} are kept",
                MAX_HOPS + hops_dropped
            ));
        }
        // Where the body ends cannot be known from a length that is no number: refused, as
        // `send` refuses the same bytes from a server.
        if let Some(length) = header(&headers, "content-length")
            && header(&headers, "transfer-encoding").is_none()
            && length.trim().parse::<u64>().is_err()
        {
            bail!(
                "Content-Length {:?} is not a number of bytes: where the body ends cannot be known",
                crate::render::sanitize::line(&length.chars().take(40).collect::<String>())
            );
        }
        // What `resp send --save` noted about the exchange comes back as it was.
        let saved_without_reason = header(&headers, SAVED_REASON).is_some();
        let mut warnings = warnings;
        warnings.extend(
            headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(SAVED_WARNING))
                .map(|(_, v)| format!("when saved: {v}")),
        );
        let mut response = Response {
            source: source.to_string(),
            request: saved_request(&headers),
            status: status.status,
            reason: status.reason,
            reason_unavailable: status.no_reason_in_version || saved_without_reason,
            headers,
            hops,
            warnings,
            ..Response::default()
        };
        let decoded = body::decode(
            &bytes[at..],
            &response.headers,
            response.status,
            cut,
            (skipped, tail),
            &mut response.warnings,
        );
        response.body = decoded.bytes;
        response.cut_short = decoded.cut_short;
        response.body_cut = cut || skipped > 0 || bytes.len() - at > super::MAX_BODY;
        let coded = ["transfer-encoding", "content-encoding"]
            .iter()
            .any(|h| response.header(h).is_some());
        if skipped > 0 && !coded {
            // What follows a Content-Length is not the body.
            let total = (bytes.len() - at) as u64 + skipped;
            let announced = response
                .header("content-length")
                .and_then(|v| v.trim().parse::<u64>().ok());
            response.body_total = Some(announced.map_or(total, |n| n.min(total)));
        }
        return Ok(response);
    }
}

/// One response head as it came over the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// `HTTP/1.1`.
    pub version: String,
    pub status: u16,
    pub reason: Option<String>,
    /// In the order and case the server used.
    pub headers: Vec<(String, String)>,
}

/// The complete heads at the start of `bytes`, in order (interim `1xx` heads, then the
/// final one): recorded wire bytes as `send` reads them. Stops at anything else.
pub fn heads(bytes: &[u8]) -> Vec<Head> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let Some((line, after_status)) = lines(&bytes[at..]).next() else {
            break;
        };
        let Ok(Some(status)) = status_line(line) else {
            break;
        };
        let version = line
            .split(|&b| b == b' ')
            .next()
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .unwrap_or_default();
        let mut ignored = Vec::new();
        let (headers, consumed, complete) = header_block(&bytes[at + after_status..], &mut ignored);
        if !complete {
            break;
        }
        at += after_status + consumed;
        out.push(Head {
            version,
            status: status.status,
            reason: status.reason,
            headers,
        });
    }
    out
}

/// What is said of a head larger than [`MAX_HEAD`].
fn head_too_large() -> String {
    format!(
        "the response headers are too large: more than {} MiB before the body, the most resp reads",
        MAX_HEAD >> 20
    )
}

/// Reads header lines up to the blank line: (headers, bytes consumed, blank line found).
fn header_block(bytes: &[u8], warnings: &mut Vec<String>) -> (Vec<(String, String)>, usize, bool) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut without_colon = 0usize;
    let mut dropped = 0usize;
    for (line, end) in lines(bytes) {
        if line.is_empty() {
            note_skipped(without_colon, dropped, warnings);
            return (headers, end, true);
        }
        if headers.len() >= MAX_HEADERS {
            dropped += 1;
            continue;
        }
        if line[0] == b' ' || line[0] == b'\t' {
            // obs-fold: a continuation of the previous field's value.
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(String::from_utf8_lossy(line).trim());
                continue;
            }
        }
        match line.iter().position(|&b| b == b':') {
            Some(colon) => headers.push((
                String::from_utf8_lossy(&line[..colon]).trim().to_string(),
                String::from_utf8_lossy(&line[colon + 1..])
                    .trim()
                    .to_string(),
            )),
            None => without_colon += 1,
        }
    }
    note_skipped(without_colon, dropped, warnings);
    (headers, bytes.len(), false)
}

fn note_skipped(without_colon: usize, dropped: usize, warnings: &mut Vec<String>) {
    if without_colon > 0 {
        warnings.push(format!(
            "{without_colon} header line(s) without a colon were skipped"
        ));
    }
    if dropped > 0 {
        warnings.push(format!(
            "{dropped} header line(s) after the first {MAX_HEADERS} were skipped"
        ));
    }
}

/// Added by `--save`: the reason phrase was not known (the client does not hand it over).
pub const SAVED_REASON: &str = "Resp-Reason-Phrase";

/// Added by `--save`, one per warning about the exchange (a cut body, a redirect limit).
pub const SAVED_WARNING: &str = "Resp-Warning";

/// Added by `--save`: the request the final response answers, `METHOD URL` (the URL's
/// credentials masked), so that `read` finds its OpenAPI operation without `--request`.
pub const SAVED_REQUEST: &str = "Resp-Request";

/// Writes `response` back as raw HTTP that [`parse`] reads: every head of the chain as
/// received (its headers in the server's case and order where they are known, else just
/// its `Location`), then the final head and the body we hold. That body has its framing
/// removed and its content coding undone where resp decoded it, so `Transfer-Encoding`
/// and that `Content-Encoding` are left out and `Content-Length` says its size: no header
/// contradicts the body. `Resp-Warning` headers say only what resp itself changed (a body
/// cut at `--max-body` or by a time limit, a chain stopped at `--max-redirects`).
pub fn to_raw(response: &Response) -> Vec<u8> {
    let mut out = to_raw_head(response, response.body.len() as u64);
    out.extend_from_slice(&response.body);
    out
}

/// [`to_raw`] without the body: every head, the last one saying `Content-Length:
/// body_len`, for a body that is written after it from elsewhere (`send -o`'s file).
pub fn to_raw_head(response: &Response, body_len: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    let version = response
        .connection
        .as_ref()
        .and_then(|c| c.http_version.as_deref())
        .filter(|v| v.starts_with("HTTP/1") || *v == "HTTP/2")
        .unwrap_or("HTTP/1.1");
    // `HTTP/2 420 `, as curl writes it: the version says there is no reason phrase.
    let h2 = version == "HTTP/2";
    let line = |out: &mut Vec<u8>, status: u16, reason: Option<&str>| {
        out.extend_from_slice(
            format!("{version} {status:03} {}\r\n", reason.unwrap_or("")).as_bytes(),
        );
    };
    let field = |out: &mut Vec<u8>, name: &str, value: &str| {
        out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
    };
    for hop in &response.hops {
        line(&mut out, hop.status, hop.reason.as_deref());
        if hop.headers.is_empty()
            && let Some(location) = &hop.location
        {
            field(&mut out, "Location", location);
        }
        for (name, value) in &hop.headers {
            if !is_ours(name) {
                field(&mut out, name, value);
            }
        }
        out.extend_from_slice(b"\r\n");
    }
    line(&mut out, response.status, response.reason.as_deref());
    if let Some(request) = &response.request {
        let url = crate::render::mask::url(&request.url);
        let text = format!("{} {url}", request.method).replace(['\r', '\n'], " ");
        field(&mut out, SAVED_REQUEST, &text);
    }
    if response.reason_unavailable && !h2 {
        field(&mut out, SAVED_REASON, "unavailable");
    }
    for warning in response
        .warnings
        .iter()
        .filter(|w| w.starts_with("the body is") || w.starts_with("stopped after"))
    {
        field(&mut out, SAVED_WARNING, &warning.replace(['\r', '\n'], " "));
    }
    for (name, value) in &response.headers {
        // Our own notes are written above; a server's headers of those names are dropped,
        // so every note in a saved file is ours.
        let undone = name.eq_ignore_ascii_case("content-encoding")
            && response
                .decoded_from
                .as_deref()
                .is_some_and(|d| d.eq_ignore_ascii_case(value.trim()));
        if name.eq_ignore_ascii_case("transfer-encoding")
            || name.eq_ignore_ascii_case("content-length")
            || is_ours(name)
            || undone
        {
            continue;
        }
        field(&mut out, name, value);
    }
    field(&mut out, "Content-Length", &body_len.to_string());
    out.extend_from_slice(b"\r\n");
    out
}

/// Header names that `--save` uses for its own notes.
fn is_ours(name: &str) -> bool {
    [SAVED_REASON, SAVED_WARNING, SAVED_REQUEST]
        .iter()
        .any(|ours| name.eq_ignore_ascii_case(ours))
}

/// The request a saved `Resp-Request: METHOD URL` names.
fn saved_request(headers: &[(String, String)]) -> Option<super::Request> {
    let mut words = header(headers, SAVED_REQUEST)?.split_whitespace();
    let (method, url) = (words.next()?, words.next()?);
    let token = |m: &str| {
        m.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    (words.next().is_none() && token(method)).then(|| super::Request {
        method: method.to_string(),
        url: url.to_string(),
        ..super::Request::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Response {
        parse(text.as_bytes(), "t").unwrap()
    }

    #[test]
    fn heads_keep_case_order_and_interim_responses() {
        let wire = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 420 Chill Out\r\nX-Mixed-Case: a\r\nset-cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n";
        let h = heads(wire);
        assert_eq!(h.len(), 2);
        assert_eq!(
            (h[0].status, h[0].reason.as_deref()),
            (100, Some("Continue"))
        );
        assert_eq!(h[1].version, "HTTP/1.1");
        assert_eq!(
            (h[1].status, h[1].reason.as_deref()),
            (420, Some("Chill Out"))
        );
        let names: Vec<&str> = h[1].headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["X-Mixed-Case", "set-cookie", "Set-Cookie"]);
        assert!(heads(b"HTTP/1.1 200 OK\r\nA: b\r\n").is_empty());
    }

    #[test]
    fn status_line_forms() {
        for (line, status, reason) in [
            ("HTTP/1.1 200 OK", 200, Some("OK")),
            ("HTTP/1.0 404 Not Found", 404, Some("Not Found")),
            ("HTTP/2 404 ", 404, None),
            ("HTTP/2 420", 420, None),
            (
                "HTTP/3 503 Service Unavailable",
                503,
                Some("Service Unavailable"),
            ),
            ("HTTP/1.1 420 ", 420, None),
            ("HTTP/1.1 999 Weird Thing", 999, Some("Weird Thing")),
        ] {
            let r = ok(&format!("{line}\r\n\r\n"));
            assert_eq!((r.status, r.reason.as_deref()), (status, reason), "{line}");
        }
    }

    #[test]
    fn bad_status_lines_are_errors() {
        for text in [
            "HTTP/1.1 2000 Big\r\n\r\n",
            "HTTP/1.1 abc\r\n\r\n",
            "HTTP/1.1 -42 x\r\n\r\n",
        ] {
            let err = parse(text.as_bytes(), "t").unwrap_err();
            assert!(
                format!("{err:#}").contains("is not three digits"),
                "{text}: {err:#}"
            );
        }
        let err = parse(b"hello\n", "t").unwrap_err();
        assert!(
            err.to_string().contains("line 1: not an HTTP status line"),
            "{err}"
        );
        assert!(parse(b"\r\n \n", "t").is_err());
    }

    #[test]
    fn headers_lf_crlf_and_folding() {
        let r = ok("\n\nHTTP/1.1 200 OK\nA: 1\nB:2\n  folded\nnocolon\n\nbody");
        assert_eq!(
            r.headers,
            [("A".into(), "1".into()), ("B".into(), "2 folded".into())]
        );
        assert_eq!(r.body, b"body");
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    }

    #[test]
    fn chains_keep_every_hop_and_the_last_decides() {
        let r = ok(
            "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\nHTTP/1.1 200 OK\r\n\r\n{}",
        );
        assert_eq!(r.status, 200);
        let hops: Vec<u16> = r.hops.iter().map(|h| h.status).collect();
        assert_eq!(hops, [100, 301]);
        assert_eq!(r.hops[1].location.as_deref(), Some("/b"));
        assert_eq!(r.body, b"{}");
    }

    #[test]
    fn raw_round_trip() {
        let r = ok(
            "HTTP/1.1 301 Moved\r\nLocation: /b\r\n\r\nHTTP/1.1 420 \r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
        );
        let again = parse(&to_raw(&r), "t").unwrap();
        assert_eq!(
            (again.status, again.reason.clone(), again.body.clone()),
            (420, None, b"hi".to_vec())
        );
        assert_eq!(again.hops, r.hops);
        assert_eq!(again.header("x-a"), Some("1"));
        assert!(again.warnings.is_empty(), "{:?}", again.warnings);
        let mut cut = again.clone();
        cut.reason_unavailable = true;
        cut.warnings.push("the body is incomplete: x".into());
        let back = parse(&to_raw(&cut), "t").unwrap();
        assert!(back.reason_unavailable);
        assert_eq!(back.warnings, ["when saved: the body is incomplete: x"]);
    }

    #[test]
    fn heads_past_the_limit_are_refused_whatever_follows() {
        let head = |len: usize, end: &[u8]| {
            let mut wire = b"HTTP/1.1 404 Not Found\r\nX-Big: ".to_vec();
            wire.resize(len, b'a');
            wire.extend_from_slice(end);
            wire
        };
        // The blank line just inside the limit: read; one byte later: refused, cut or not.
        let fits = head(MAX_HEAD - 4, b"\r\n\r\n{}");
        assert_eq!(parse(&fits, "t").unwrap().body, b"{}");
        for wire in [
            head(MAX_HEAD - 3, b"\r\n\r\n{}"),
            head(MAX_HEAD + 10, b""),
            head(MAX_HEAD + 10, b"\r\n\r\n"),
        ] {
            // Not unwrap_err: a response read would print megabytes.
            let Err(e) = parse(&wire, "t") else {
                panic!("a head of {} bytes was read", wire.len());
            };
            let e = e.to_string();
            assert!(e.contains("headers are too large: more than 4 MiB"), "{e}");
        }
    }

    #[test]
    fn missing_blank_line_is_a_warning() {
        let r = ok("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain");
        assert_eq!(r.status, 404);
        assert!(r.warnings[0].contains("without a blank line"));
    }
}
