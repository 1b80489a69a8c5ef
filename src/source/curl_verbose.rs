//! `curl -v` transcripts (stderr and stdout together, as `curl -v URL 2>&1` saves them):
//! `< ` lines are the response, `> ` lines the request, `* ` lines and `{ [N bytes data]`
//! notes are curl's own and ignored, and the remaining lines after the last response
//! header block are the body. The response lines are handed to the raw-HTTP reader, so
//! chains and bodies are understood the same way.

use anyhow::{Result, bail};

use super::{MAX_HEADERS, Request, Response, http, lines};

/// True for curl's `{ [93 bytes data]` / `} [5 bytes data]` notes.
fn is_data_note(line: &[u8]) -> bool {
    let rest = match line {
        [b'{' | b'}', b' ', b'[', rest @ ..] => rest,
        _ => return false,
    };
    rest.ends_with(b" bytes data]") && rest.first().is_some_and(u8::is_ascii_digit)
}

/// True for one of curl's progress-meter rows: twelve columns, the 9th to 11th times
/// (`--:--:--` or `0:00:01`).
fn is_meter_row(text: &str) -> bool {
    let cols: Vec<&str> = text.split_whitespace().take(12).collect();
    let time = |c: &str| {
        c.contains(':')
            && c.bytes()
                .all(|b| b.is_ascii_digit() || b == b':' || b == b'-')
    };
    let size = |c: &str| {
        c.trim_end_matches(['k', 'M', 'G', 'T', 'P'])
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.')
    };
    cols.len() == 12
        && cols[8..11].iter().all(|c| time(c))
        && cols[..8].iter().chain(&cols[11..]).all(|c| size(c))
}

/// Removes curl's progress meter, which `curl -v` without `-s` writes to stderr between
/// the other lines: its two heading lines, and each `\r`-started row, wherever it landed.
/// Works on bytes, so a binary or non-UTF-8 body passes through untouched.
fn strip_progress_meter(bytes: &[u8]) -> Option<Vec<u8>> {
    // The meter always opens with its heading; without it the bytes are left alone.
    if !bytes.windows(7).any(|w| w == b"% Total") {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    for line in bytes.split_inclusive(|&b| b == b'\n') {
        let trimmed = line.trim_ascii_start();
        if trimmed.starts_with(b"% Total") || trimmed.starts_with(b"Dload") {
            continue;
        }
        let mut kept: Vec<u8> = Vec::with_capacity(line.len());
        let mut rest = line;
        while let Some(at) = rest.iter().position(|&b| b == b'\r') {
            kept.extend_from_slice(&rest[..at]);
            let after = &rest[at + 1..];
            match meter_row_len(after) {
                Some(len) => rest = &after[len..],
                None => {
                    kept.push(b'\r');
                    rest = after;
                }
            }
        }
        kept.extend_from_slice(rest);
        if !kept.trim_ascii().is_empty() || line.trim_ascii().is_empty() {
            out.extend_from_slice(&kept);
        }
    }
    Some(out)
}

/// The length of the progress-meter row that `bytes` start with, if they do.
fn meter_row_len(bytes: &[u8]) -> Option<usize> {
    // A row is ASCII and short; look at its first line's first 120 bytes at most.
    let end = bytes
        .iter()
        .take(120)
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(bytes.len().min(120));
    let head = std::str::from_utf8(&bytes[..end]).ok().or_else(|| {
        let valid = std::str::from_utf8(&bytes[..end]).err()?.valid_up_to();
        std::str::from_utf8(&bytes[..valid]).ok()
    })?;
    if !is_meter_row(head) {
        return None;
    }
    let mut len = 0;
    for col in head.split_whitespace().take(12) {
        len = head[len..].find(col).map_or(len, |p| len + p) + col.len();
    }
    Some(len)
}

/// Parses a transcript; `source` names the input in messages.
pub fn parse(bytes: &[u8], source: &str) -> Result<Response> {
    let cleaned = strip_progress_meter(bytes);
    let bytes = cleaned.as_deref().unwrap_or(bytes);
    let mut raw: Vec<u8> = Vec::new();
    // The body's lines re-joined with `\n`; built as bytes, not a list of lines, so a body
    // of millions of short lines costs no more than its own size.
    let mut body: Vec<u8> = Vec::new();
    let mut body_lines = 0usize;
    let mut request: Option<Request> = None;
    let mut in_request = false;
    let mut tls = false;
    for (line, _) in lines(bytes) {
        if let Some(rest) = line
            .strip_prefix(b"< ")
            .or_else(|| (line == b"<").then_some(&b""[..]))
        {
            // A new response block after a body (a redirect followed with -L): drop the
            // earlier body, as the raw reader keeps only the final one.
            if rest.starts_with(b"HTTP/") {
                body.clear();
                body_lines = 0;
                // curl prints no `< ` blank line after a 1xx: end that block here.
                if !raw.is_empty() && !raw.ends_with(b"\r\n\r\n") {
                    raw.extend_from_slice(b"\r\n");
                }
            }
            raw.extend_from_slice(rest);
            raw.extend_from_slice(b"\r\n");
        } else if let Some(rest) = line
            .strip_prefix(b"> ")
            .or_else(|| (line == b">").then_some(&b""[..]))
        {
            let text = String::from_utf8_lossy(rest).trim().to_string();
            if text.is_empty() {
                in_request = false;
            } else if !in_request {
                let mut parts = text.split_whitespace();
                request = Some(Request {
                    method: parts.next().unwrap_or_default().to_string(),
                    url: parts.next().unwrap_or_default().to_string(),
                    headers: Vec::new(),
                    version: parts.next().map(str::to_string),
                    body: None,
                });
                in_request = true;
            } else if let (Some(req), Some((name, value))) =
                (request.as_mut(), text.split_once(':'))
                && req.headers.len() < MAX_HEADERS
            {
                req.headers
                    .push((name.trim().to_string(), value.trim().to_string()));
            }
        } else if line.starts_with(b"* ") || line == b"*" || is_data_note(line) {
            // curl's own notes say when the connection is TLS.
            let note = String::from_utf8_lossy(line);
            if note.contains("SSL connection using")
                || note.contains("ALPN:")
                || note.contains("TLS handshake")
            {
                tls = true;
            }
            continue;
        } else if !raw.is_empty() {
            if body_lines > 0 {
                body.push(b'\n');
            }
            body.extend_from_slice(line);
            body_lines += 1;
        }
    }
    if raw.is_empty() {
        bail!("no response lines ('< HTTP/...') in this curl -v transcript");
    }
    // `curl -iv`: stdout repeats the headers before the body. Then stdout alone is the
    // whole `curl -i` response, and the `< ` lines would only repeat it as a phantom hop.
    let mut response = if body.starts_with(b"HTTP/") {
        // Lines were re-joined without their ends: a last blank line (an empty body) needs
        // its line break back to end the header block.
        if body.ends_with(b"\n") {
            body.push(b'\n');
        }
        http::parse(&body, source)?
    } else {
        raw.extend_from_slice(&body);
        http::parse(&raw, source)?
    };
    if let Some(req) = request.as_mut()
        && let Some(host) = req
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        && req.url.starts_with('/')
    {
        let scheme = if tls { "https" } else { "http" };
        req.url = format!("{scheme}://{}{}", host.1, req.url);
    }
    response.request = request;
    // The transcript re-joins the body's lines, so its length can differ from the
    // Content-Length the server sent; that is not damage, nor a body cut short.
    let before = response.warnings.len();
    response.warnings.retain(|w| !w.contains("Content-Length"));
    if response.warnings.len() < before {
        response.cut_short = false;
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRANSCRIPT: &str = "*   Trying 127.0.0.1:80...\n* Connected\n> GET /x HTTP/1.1\r\n> Host: h\r\n> Authorization: Bearer s\r\n> \r\n< HTTP/1.1 401 Unauthorized\r\n< Content-Type: application/json\r\n< \r\n{ [20 bytes data]\n* Connection #0 to host h left intact\n{\"error\": \"invalid\"}";

    #[test]
    fn response_request_and_body() {
        let r = parse(TRANSCRIPT.as_bytes(), "t").unwrap();
        assert_eq!(r.status, 401);
        assert_eq!(r.reason.as_deref(), Some("Unauthorized"));
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_eq!(r.body, b"{\"error\": \"invalid\"}");
        let req = r.request.unwrap();
        assert_eq!(
            (req.method.as_str(), req.url.as_str()),
            ("GET", "http://h/x")
        );
        assert_eq!(
            req.headers[1],
            ("Authorization".to_string(), "Bearer s".to_string())
        );
    }

    #[test]
    fn the_progress_meter_is_not_body() {
        let meter = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0* Trying 127.0.0.1:80...\n";
        let text = format!(
            "{meter}> GET / HTTP/1.1\r\n> \r\n< HTTP/1.1 420 \r\n< Content-Type: application/json\r\n< \r\n{{ [48 bytes data]\n\r100    48  100    48    0     0  41025      0 --:--:-- --:--:-- --:--:-- 48000\n* Connection #0 left intact\n{{\"code\": \"88\", \"message\": \"Rate limit exceeded\"}}"
        );
        let r = parse(text.as_bytes(), "t").unwrap();
        assert_eq!(r.status, 420);
        assert_eq!(
            r.body,
            br#"{"code": "88", "message": "Rate limit exceeded"}"#
        );
        assert!(is_meter_row(
            "100  1234k  100  1234k    0     0  1.2M      0  0:00:01  0:00:01 --:--:-- 1.2M"
        ));
        assert!(!is_meter_row("{\"a\": 1}"));
    }

    #[test]
    fn include_and_verbose_together_make_no_phantom_hop() {
        let text = "* Trying\n> GET / HTTP/1.1\r\n> \r\n< HTTP/1.1 420 \r\n< A: 1\r\n< \r\n* Connection left intact\nHTTP/1.1 420 \r\nA: 1\r\n\r\n{}";
        let r = parse(text.as_bytes(), "t").unwrap();
        assert_eq!(
            (r.status, r.hops.len(), r.body.as_slice()),
            (420, 0, &b"{}"[..])
        );
        assert!(r.request.is_some());
    }

    #[test]
    fn a_continue_without_a_blank_line_is_its_own_block() {
        let text = "> POST /x HTTP/1.1\r\n> Host: h\r\n> \r\n< HTTP/1.1 100 Continue\r\n} [2000 bytes data]\n< HTTP/1.1 422 Unprocessable Entity\r\n< Content-Length: 0\r\n< \r\n";
        let r = parse(text.as_bytes(), "t").unwrap();
        assert_eq!((r.status, r.hops.len()), (422, 1));
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    }

    #[test]
    fn tls_transcripts_keep_https() {
        let text = "* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n> GET /x HTTP/1.1\r\n> Host: h\r\n> \r\n< HTTP/1.1 200 OK\r\n< \r\n";
        let r = parse(text.as_bytes(), "t").unwrap();
        assert_eq!(r.request.unwrap().url, "https://h/x");
    }

    #[test]
    fn the_meter_is_stripped_without_touching_binary_bodies() {
        let mut text = b"  % Total    % Received\n< HTTP/1.1 200 OK\r\n< \r\n".to_vec();
        text.extend_from_slice(&[0x1f, 0x8b, 0xff, 0xfe, b'\r', b'x']);
        let cleaned = strip_progress_meter(&text).unwrap();
        assert!(cleaned.ends_with(&[0x1f, 0x8b, 0xff, 0xfe, b'\r', b'x']));
    }

    #[test]
    fn data_notes_are_recognised() {
        assert!(is_data_note(b"{ [93 bytes data]"));
        assert!(is_data_note(b"} [5 bytes data]"));
        assert!(!is_data_note(b"{ \"a\": 1 }"));
    }

    #[test]
    fn no_response_lines_is_an_error() {
        assert!(parse(b"* Trying\n> GET / HTTP/1.1\n", "t").is_err());
    }
}
