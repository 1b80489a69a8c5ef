//! Where responses come from: saved raw HTTP (`curl -i`), `curl -v` transcripts, HAR
//! files, bare bodies and, later, the network. Every reader turns its input into the same
//! [`Response`] of ours; no parser's types leak past this module. Readers never panic on
//! any input: what cannot be understood is an error that names the input, and what is
//! damaged but usable (a cut body, bad chunk framing) is kept with a warning.

pub mod body;
pub mod counted;
pub mod curl_verbose;
pub mod har;
pub mod http;
pub mod json_stream;
pub mod network;
mod scan;
pub mod wire;

use std::io::{BufRead, Read};

use anyhow::{Result, bail};

/// The most body bytes kept or decoded from one response.
pub const MAX_BODY: usize = 64 * 1024 * 1024;

/// The most bytes read from one non-HAR input.
pub const MAX_INPUT: usize = 256 * 1024 * 1024;

/// The most bytes of a non-HAR input kept when its body is not shown in full (the default
/// view, `--json`, `--body none`): its head and the start of its body. The rest, up to
/// [`MAX_INPUT`], is read past and counted, so memory stays a few tens of MB whatever the
/// input's size.
pub const KEEP_INPUT: usize = 8 * 1024 * 1024;

/// The most bytes of a non-HAR input kept for `--body full`: a body at the cap
/// ([`MAX_BODY`]) and room for its head.
pub const KEEP_INPUT_FULL: usize = MAX_BODY + 1024 * 1024;

/// The most header fields kept from one header block; real responses send dozens.
pub const MAX_HEADERS: usize = 10_000;

/// The most earlier responses of a chain kept as hops (curl follows 50 redirects at most).
pub const MAX_HOPS: usize = 100;

/// One HTTP response, however it reached us.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Response {
    /// Where it came from: a file name, `-` for stdin, `file#N` for a HAR entry.
    pub source: String,
    /// The status code (0-999); 0 with a `failure` means no response came.
    pub status: u16,
    /// The server's reason phrase, when it sent a non-empty one.
    pub reason: Option<String>,
    /// The reason phrase could not be known (the HTTP client does not hand it over).
    pub reason_unavailable: bool,
    /// Header fields in received order, as (name, value).
    pub headers: Vec<(String, String)>,
    /// The body as the application sees it: de-chunked and decompressed where possible.
    pub body: Vec<u8>,
    /// Earlier responses of a chain: redirects, `100 Continue`, a proxy's CONNECT answer.
    pub hops: Vec<Hop>,
    /// The request, where the input holds it (curl -v, HAR).
    pub request: Option<Request>,
    /// Why no response came (a HAR entry whose request failed).
    pub failure: Option<String>,
    /// What was damaged or left out, for the person to know.
    pub warnings: Vec<String>,
    /// The entry itself is malformed (a HAR status outside 0-999, or none): `failure` says
    /// how; it is an input error, not a failed request.
    pub malformed: bool,
    /// The body was not read (a successful HAR entry in a summary): its size in bytes.
    pub body_omitted: Option<usize>,
    /// `body` is only the start of the body: resp's own limits left the rest unread or
    /// unkept (a warning says which). A parse of it that runs out is no fault of the body.
    pub body_cut: bool,
    /// The body did not arrive whole by the sender's doing (shorter than its
    /// Content-Length, chunked without its last chunk, broken framing): a saved exchange
    /// that failed, judged as `send` judges it (exit 7). A warning says how.
    pub cut_short: bool,
    /// The body's whole length when `body` is only its start and the rest was counted
    /// (a body with no transfer or content coding, read past [`KEEP_INPUT`]; a HAR body
    /// cut in an entry too large to keep whole, as its `content.size` says).
    pub body_total: Option<u64>,
    /// How long the exchange took, where known (`send`).
    pub timing: Option<wire::Timing>,
    /// The connection it came over, where known (`send`).
    pub connection: Option<wire::Connection>,
    /// The `Content-Encoding` resp undid on the body, if any (`send`).
    pub decoded_from: Option<String>,
    /// When the request started, epoch milliseconds, where the input says (a HAR entry's
    /// `startedDateTime`): the time axis of a waterfall.
    pub started_ms: Option<f64>,
    /// Bytes of body transferred, where the input says (a HAR's `response.bodySize`, else
    /// `content.size`).
    pub transferred: Option<u64>,
}

/// An earlier response in a chain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Hop {
    pub status: u16,
    pub reason: Option<String>,
    pub location: Option<String>,
    /// The URL this response answered, where known (`send -L`).
    pub url: Option<String>,
    /// Its header fields as received, where known (`send -L`; a saved chain).
    pub headers: Vec<(String, String)>,
    /// How long its exchange took, where known.
    pub timing: Option<wire::Timing>,
}

/// The request that was sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// `HTTP/1.1`, where the input says.
    pub version: Option<String>,
    /// The start of the body as it went out, where known, and its whole length.
    pub body: Option<(Vec<u8>, u64)>,
}

impl Response {
    /// The first header named `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The media type without parameters, lower-cased: `application/json`.
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type").map(|ct| {
            ct.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
    }
}

/// Cuts `body` to [`MAX_BODY`], saying so in `warnings`.
pub(crate) fn cap_body(body: &mut Vec<u8>, warnings: &mut Vec<String>) {
    if body.len() > MAX_BODY {
        warnings.push(format!(
            "the body is larger than {} MiB: only the first part is kept",
            MAX_BODY >> 20
        ));
        body.truncate(MAX_BODY);
    }
}

/// What is said when an input was cut at [`MAX_INPUT`] and nothing more precise can be.
pub(crate) fn input_cut_note() -> String {
    format!(
        "the input is larger than {} MiB: the rest was not read",
        MAX_INPUT >> 20
    )
}

/// The first header named `name` (any case) in `headers`.
pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// How an input is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A raw response: `curl -i`, `curl -D -`, `curl --raw`, a proxy's dump
    Http,
    /// A `curl -v` transcript (`< ` response lines, `> ` request lines)
    CurlVerbose,
    /// A HAR 1.2 file from browser dev tools
    Har,
    /// A bare body with no status line (needs --status)
    Body,
}

/// Guesses the format from the input's first bytes.
pub fn detect(head: &[u8]) -> Option<Format> {
    let text = String::from_utf8_lossy(&head[..head.len().min(64 * 1024)]);
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if trimmed.starts_with("HTTP/") {
        return Some(Format::Http);
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        // A HAR opens with its "log" object; a JSON error body has no such member.
        let har = trimmed.starts_with('{') && trimmed.contains("\"log\"");
        return Some(if har { Format::Har } else { Format::Body });
    }
    let verbose = trimmed.lines().take(200).any(|l| {
        l.starts_with("< HTTP/")
            || l.starts_with("> ")
            || l.starts_with("*   Trying")
            || l.starts_with("* Connected")
    });
    verbose.then_some(Format::CurlVerbose)
}

/// Reads at most `cap` bytes of `reader`; more than that is an error naming the cap.
pub fn read_capped(reader: &mut dyn BufRead, cap: usize) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(cap as u64 + 1).read_to_end(&mut bytes)?;
    if bytes.len() > cap {
        bail!(
            "input is larger than {} MiB; resp reads saved responses up to that size",
            cap / (1024 * 1024)
        );
    }
    Ok(bytes)
}

/// Splits `bytes` into lines at `\n`, each without its `\r\n` or `\n`, with the offset
/// just past its end.
pub(crate) fn lines(bytes: &[u8]) -> impl Iterator<Item = (&[u8], usize)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let (line, next) = match bytes[start..].iter().position(|&b| b == b'\n') {
            Some(i) => (&bytes[start..start + i], start + i + 1),
            None => (&bytes[start..], bytes.len()),
        };
        start = next;
        Some((line.strip_suffix(b"\r").unwrap_or(line), next))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_from_content() {
        assert_eq!(detect(b"HTTP/1.1 200 OK\r\n"), Some(Format::Http));
        assert_eq!(detect(b"\r\n\nHTTP/2 404 \r\n"), Some(Format::Http));
        assert_eq!(
            detect(b"*   Trying 127.0.0.1:80...\n> GET / HTTP/1.1\n"),
            Some(Format::CurlVerbose)
        );
        assert_eq!(
            detect(b"{\"log\": {\"version\": \"1.2\", \"entries\": []}}"),
            Some(Format::Har)
        );
        assert_eq!(
            detect(b"{\"code\": \"999\", \"message\": \"x\"}"),
            Some(Format::Body)
        );
        assert_eq!(detect(b"[1, 2]"), Some(Format::Body));
        assert_eq!(detect(b"garbage"), None);
        assert_eq!(detect(b""), None);
    }

    #[test]
    fn lines_split_on_lf_and_crlf() {
        let got: Vec<&[u8]> = lines(b"a\r\nb\nc").map(|(l, _)| l).collect();
        assert_eq!(got, [&b"a"[..], b"b", b"c"]);
    }
}
