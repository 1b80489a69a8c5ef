//! Bodies as the application sees them: chunked framing removed when it is valid, gzip
//! and deflate decoded when the body was saved without `--compressed`, both under
//! [`MAX_BODY`]. What cannot be decoded is kept as received, with a warning; nothing here
//! fails. A body is held to its framing as a client holds it: what follows its
//! `Content-Length` is left out, and one its sender cut short (shorter than announced,
//! chunked without its last chunk, broken framing) is marked so ([`Decoded::cut_short`]).
//! A body that resp's own read limit cut is said to be so, never blamed on the server.
//! Also the bare-body reader (`--format body --status N`).

use std::io::Read;

use super::{MAX_BODY, MAX_INPUT, Response, cap_body, header, input_cut_note};

/// Decodes a final response's `raw` body per its headers, noting damage in `warnings`.
/// `cut`: the input was cut at resp's read limit ([`MAX_INPUT`]), so a body shorter than
/// announced is our doing, not a response cut short. `skipped`: bytes of the body that
/// followed `raw` and were read past, not kept (the body is not shown in full), and the
/// last few of them (`tail`): a chunked body read past must end in the blank line after
/// its last chunk.
pub fn decode(
    raw: &[u8],
    headers: &[(String, String)],
    status: u16,
    cut: bool,
    (skipped, tail): (u64, &[u8]),
    warnings: &mut Vec<String>,
) -> Decoded {
    let mut raw = raw;
    let mut skipped = skipped;
    let mut total = raw.len() as u64 + skipped;
    if raw.is_empty() && skipped == 0 {
        if cut {
            warnings.push(input_cut_note());
        }
        return Decoded::default();
    }
    if matches!(status, 100..=199 | 204 | 304) {
        warnings.push(format!(
            "a {status} response has no body, but {total} bytes follow its headers"
        ));
    }
    let chunked = header(headers, "transfer-encoding")
        .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"));
    let announced = (!chunked && length_holds(raw, headers))
        .then(|| header(headers, "content-length"))
        .flatten()
        .and_then(|v| v.trim().parse::<u64>().ok());
    // What follows the announced length is not this response's body: a client reads no
    // further (`send` does not), so neither does this.
    if let Some(expected) = announced.filter(|&e| total > e) {
        warnings.push(format!(
            "{} bytes follow the body's Content-Length ({expected} bytes): they are not part of the response and are left out",
            total - expected
        ));
        if let Ok(keep) = usize::try_from(expected)
            && keep <= raw.len()
        {
            raw = &raw[..keep];
            skipped = 0;
        } else {
            skipped = expected - raw.len() as u64;
        }
        total = expected;
    }
    let short_of = announced.filter(|&expected| total < expected);
    let mut cut_short = short_of.is_some() && !cut;
    // What the limit left out is said once, in the body's own terms where it has them.
    match (short_of, cut) {
        (Some(expected), true) => warnings.push(format!(
            "the body is larger than resp reads ({} MiB): {total} of {expected} bytes read",
            MAX_INPUT >> 20,
        )),
        (Some(expected), false) => warnings.push(format!(
            "the body is shorter than Content-Length ({total} of {expected} bytes): the response was cut short",
        )),
        (None, true) => warnings.push(input_cut_note()),
        (None, false) => {}
    }
    // The cap's own warning says it for a body kept up to the cap.
    if skipped > 0 && raw.len() <= MAX_BODY {
        warnings.push(format!(
            "the body is {}{total} bytes: only the first {} are kept (--body full keeps up to {} MiB)",
            if cut { "over " } else { "" },
            raw.len(),
            MAX_BODY >> 20
        ));
    }
    let partial = cut || skipped > 0;
    let mut bytes = if chunked {
        let (bytes, damaged) = unchunk(raw, partial, warnings);
        cut_short |= damaged;
        // Only the start was kept: the stream's end says whether the last chunk came.
        let framed = !damaged && looks_framed(raw);
        if framed && skipped > 0 && !cut && !(tail.ends_with(b"\n\r\n") || tail.ends_with(b"\n\n"))
        {
            warnings.push("the chunked body ends early: the response was cut short".into());
            cut_short = true;
        }
        bytes
    } else {
        kept(raw)
    };
    cap_body(&mut bytes, warnings);
    Decoded {
        bytes: decompress_part(bytes, headers, partial, warnings),
        cut_short,
    }
}

/// A saved body decoded, and whether its sender cut it short.
#[derive(Debug, Default)]
pub struct Decoded {
    pub bytes: Vec<u8>,
    /// The body did not arrive whole, by the sender's doing: shorter than its
    /// Content-Length, chunked without its last chunk, or its chunk framing broken. `send`
    /// fails such an exchange (exit 7); `read` judges the saved one the same way.
    pub cut_short: bool,
}

/// True when the body's length can be held to its `Content-Length`: it is as the server
/// sent it. `curl --compressed` saves the body decoded and keeps the coded length, so a
/// body that is not in the coding its header names says nothing about that length.
fn length_holds(raw: &[u8], headers: &[(String, String)]) -> bool {
    match header(headers, "content-encoding").map(|e| e.trim().to_ascii_lowercase()) {
        None => true,
        Some(e) if e.is_empty() || e == "identity" => true,
        Some(e) if e == "gzip" || e == "x-gzip" => raw.starts_with(&[0x1f, 0x8b]),
        Some(e) if e == "deflate" => {
            raw.len() >= 2 && (u16::from(raw[0]) << 8 | u16::from(raw[1])) % 31 == 0
        }
        Some(e) if e == "zstd" => raw.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]),
        // Brotli has no magic number: nothing tells a coded body from a decoded one.
        Some(_) => false,
    }
}

/// The body with its chunked framing removed, or as received when the framing is invalid;
/// and whether the framing shows the body damaged (ended early, or broken).
fn unchunk(raw: &[u8], cut: bool, warnings: &mut Vec<String>) -> (Vec<u8>, bool) {
    match dechunk(raw) {
        Ok(body) => (body, false),
        // Framing that runs into resp's read limit is not a response cut short.
        Err(Dechunk::Truncated(body)) => {
            if !cut {
                warnings.push("the chunked body ends early: the response was cut short".into());
            }
            (body, !cut)
        }
        Err(Dechunk::Invalid(at)) => {
            // curl without --raw has already removed the framing: then it is no error.
            let framed = looks_framed(raw);
            if framed {
                warnings.push(format!(
                    "invalid chunked framing at byte {at}: the body is shown as received"
                ));
            }
            (kept(raw), framed)
        }
    }
}

/// [`decompress`], and the coding undone when one was (`None` when the body was not
/// compressed, or could not be decoded and is kept as received, with a warning).
pub fn decompress_told(
    bytes: Vec<u8>,
    headers: &[(String, String)],
    warnings: &mut Vec<String>,
) -> (Vec<u8>, Option<String>) {
    let before = warnings.len();
    let bytes = decompress(bytes, headers, warnings);
    let decoded_from = super::header(headers, "content-encoding")
        .map(str::trim)
        .filter(|c| {
            ["gzip", "x-gzip", "deflate"]
                .iter()
                .any(|d| c.eq_ignore_ascii_case(d))
        })
        .filter(|_| warnings.len() == before)
        .map(str::to_string);
    (bytes, decoded_from)
}

/// Undoes a gzip or deflate `Content-Encoding` (under the cap); other codings are kept
/// as received, with a warning.
pub fn decompress(
    bytes: Vec<u8>,
    headers: &[(String, String)],
    warnings: &mut Vec<String>,
) -> Vec<u8> {
    decompress_part(bytes, headers, false, warnings)
}

/// As [`decompress`]; `partial`: `bytes` are only the start of the body (resp kept no
/// more), so a stream that ends early is no damage.
fn decompress_part(
    bytes: Vec<u8>,
    headers: &[(String, String)],
    partial: bool,
    warnings: &mut Vec<String>,
) -> Vec<u8> {
    match header(headers, "content-encoding").map(|e| e.trim().to_ascii_lowercase()) {
        Some(enc) if enc == "gzip" || enc == "x-gzip" => {
            inflate(bytes, Coding::Gzip, partial, warnings)
        }
        Some(enc) if enc == "deflate" => inflate(bytes, Coding::Deflate, partial, warnings),
        Some(enc) if enc == "br" || enc == "zstd" => {
            warnings.push(format!(
                "{enc}-encoded bodies are not decoded: shown as received"
            ));
            bytes
        }
        _ => bytes,
    }
}

/// A copy of at most one byte more than [`MAX_BODY`] of `raw`: enough for the cap's check
/// and warning, without doubling what a 256 MiB input costs.
fn kept(raw: &[u8]) -> Vec<u8> {
    raw[..raw.len().min(MAX_BODY + 1)].to_vec()
}

enum Dechunk {
    Truncated(Vec<u8>),
    Invalid(usize),
}

/// True when the body opens with a chunk-size line: hex digits, or a size with a sign
/// (`-3`, no chunk size at all) on a line that ends in CRLF as framing does.
fn looks_framed(raw: &[u8]) -> bool {
    let first = raw.split(|&b| b == b'\n').next().unwrap_or_default();
    let crlf = first.ends_with(b"\r") && first.len() < raw.len();
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    let size = first.split(|&b| b == b';').next().unwrap_or_default();
    let hex = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_hexdigit);
    hex(size)
        || (crlf
            && size
                .strip_prefix(b"-")
                .or_else(|| size.strip_prefix(b"+"))
                .is_some_and(hex))
}

/// Removes chunked transfer framing.
fn dechunk(raw: &[u8]) -> Result<Vec<u8>, Dechunk> {
    let mut out = Vec::with_capacity(raw.len().min(MAX_BODY));
    let mut at = 0;
    loop {
        let Some(nl) = raw[at..].iter().position(|&b| b == b'\n') else {
            return Err(if at == raw.len() {
                Dechunk::Truncated(out)
            } else {
                Dechunk::Invalid(at)
            });
        };
        let line = &raw[at..at + nl];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let size_hex = line
            .split(|&b| b == b';')
            .next()
            .unwrap_or_default()
            .trim_ascii();
        if size_hex.is_empty() || size_hex.len() > 15 || !size_hex.iter().all(u8::is_ascii_hexdigit)
        {
            return Err(Dechunk::Invalid(at));
        }
        let size = size_hex.iter().fold(0usize, |n, &d| {
            n * 16 + (d as char).to_digit(16).unwrap_or(0) as usize
        });
        at += nl + 1;
        if size == 0 {
            return Ok(out); // trailers, if any, are not body
        }
        // Past one byte over the cap nothing more is copied (cap_body says so), but the
        // framing is still followed to its end: a body over the cap may be whole.
        let room = (MAX_BODY + 1).saturating_sub(out.len());
        let available = raw.len() - at;
        if size > available {
            out.extend_from_slice(&raw[at..at + available.min(room)]);
            return Err(Dechunk::Truncated(out));
        }
        out.extend_from_slice(&raw[at..at + size.min(room)]);
        at += size;
        // The CRLF that ends the chunk's data.
        if raw[at..].starts_with(b"\r\n") {
            at += 2;
        } else if raw[at..].starts_with(b"\n") {
            at += 1;
        } else if at == raw.len() {
            return Err(Dechunk::Truncated(out));
        } else {
            return Err(Dechunk::Invalid(at));
        }
    }
}

enum Coding {
    Gzip,
    Deflate,
}

/// Decompresses under the cap; a body that is not compressed after all (saved with
/// `--compressed`, which leaves the header) is returned as it is.
fn inflate(bytes: Vec<u8>, coding: Coding, partial: bool, warnings: &mut Vec<String>) -> Vec<u8> {
    let compressed = match coding {
        Coding::Gzip => bytes.starts_with(&[0x1f, 0x8b]),
        // zlib: CMF 0x78 with a header checksum; else try raw deflate only when not text.
        Coding::Deflate => {
            bytes.len() >= 2
                && (u16::from(bytes[0]) << 8 | u16::from(bytes[1])) % 31 == 0
                && bytes[0] & 0x0f == 8
        }
    };
    if !compressed {
        return bytes;
    }
    let mut out = Vec::new();
    let limit = MAX_BODY as u64 + 1;
    let result = match coding {
        Coding::Gzip => flate2::read::MultiGzDecoder::new(&bytes[..])
            .take(limit)
            .read_to_end(&mut out),
        Coding::Deflate => flate2::read::ZlibDecoder::new(&bytes[..])
            .take(limit)
            .read_to_end(&mut out),
    };
    match result {
        Ok(_) if out.len() > MAX_BODY => {
            out.truncate(MAX_BODY);
            warnings.push(format!(
                "the decompressed body is larger than {} MiB: only the first part is kept",
                MAX_BODY >> 20
            ));
            out
        }
        Ok(_) => out,
        Err(_) if partial && !out.is_empty() => out,
        Err(e) if !out.is_empty() => {
            warnings.push(format!(
                "the compressed body is damaged ({e}): showing what could be decoded"
            ));
            out
        }
        Err(e) => {
            warnings.push(format!(
                "the compressed body could not be decoded ({e}): shown as received"
            ));
            bytes
        }
    }
}

/// A saved body without its status line or headers.
pub fn bare(bytes: Vec<u8>, status: u16, source: &str) -> Response {
    let mut warnings = Vec::new();
    let mut body = bytes;
    let body_cut = body.len() > MAX_BODY;
    cap_body(&mut body, &mut warnings);
    Response {
        source: source.to_string(),
        body_cut,
        status,
        // The status was given, not read from a status line: there is no phrase to judge.
        reason_unavailable: true,
        body,
        warnings,
        ..Response::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn decode(
        raw: &[u8],
        headers: &[(String, String)],
        status: u16,
        cut: bool,
        skipped: u64,
        warnings: &mut Vec<String>,
    ) -> Vec<u8> {
        super::decode(raw, headers, status, cut, (skipped, &[]), warnings).bytes
    }

    #[test]
    fn bodies_are_held_to_their_framing() {
        let cl = |n: &str| h(&[("Content-Length", n)]);
        let te = h(&[("Transfer-Encoding", "chunked")]);
        let run = |raw: &[u8], headers: &[(String, String)]| {
            let mut w = Vec::new();
            let d = super::decode(raw, headers, 200, false, (0, &[]), &mut w);
            (d.bytes, d.cut_short, w)
        };
        let (body, short, w) = run(b"abcdef", &cl("3"));
        assert_eq!((body.as_slice(), short), (&b"abc"[..], false));
        assert!(
            w[0].starts_with("3 bytes follow the body's Content-Length (3 bytes)"),
            "{w:?}"
        );
        let (_, short, _) = run(b"ab", &cl("3"));
        assert!(short);
        let (body, short, w) = run(b"3\r\nabc\r\n", &te);
        assert_eq!((body.as_slice(), short), (&b"abc"[..], true));
        assert!(w[0].contains("ends early"), "{w:?}");
        let (_, short, w) = run(b"-3\r\nabc\r\n0\r\n\r\n", &te);
        assert!(
            short && w[0].contains("invalid chunked framing at byte 0"),
            "{w:?}"
        );
        // Already de-chunked by curl: no framing, no damage.
        let (body, short, w) = run(b"-3 degrees\n", &te);
        assert_eq!(
            (body.as_slice(), short, w.len()),
            (&b"-3 degrees\n"[..], false, 0)
        );
        // Kept only in part: the end of what was read past tells.
        let start = b"3\r\nabc\r\n3\r\nde";
        for (tail, want) in [
            (&b"\r\n0\r\n\r\n"[..], false),
            (b"X: 1\n\n", false),
            (b"ab\r\n", true),
        ] {
            let mut w = Vec::new();
            let d = super::decode(start, &te, 200, false, (100, tail), &mut w);
            assert_eq!(d.cut_short, want, "{tail:?}: {w:?}");
            assert_eq!(w.iter().any(|w| w.contains("ends early")), want, "{w:?}");
        }
        // Saved decoded with --compressed: the coded length says nothing.
        let gz = h(&[("Content-Encoding", "gzip"), ("Content-Length", "4")]);
        let (body, short, w) = run(b"{\"a\": 1}", &gz);
        assert_eq!((body.len(), short, w.len()), (8, false, 0));
        let (_, short, _) = run(
            b"{}",
            &h(&[("Content-Encoding", "br"), ("Content-Length", "9")]),
        );
        assert!(!short);
    }

    fn h(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn chunked_bodies_are_dechunked() {
        let mut w = Vec::new();
        let body = decode(
            b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n",
            &h(&[("Transfer-Encoding", "chunked")]),
            200,
            false,
            0,
            &mut w,
        );
        assert_eq!(body, b"Wikipedia");
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn bad_or_cut_chunking_keeps_the_bytes_with_a_warning() {
        let te = h(&[("Transfer-Encoding", "chunked")]);
        let mut w = Vec::new();
        assert_eq!(
            decode(b"4\r\nWikiXX5\r\n", &te, 200, false, 0, &mut w),
            b"4\r\nWikiXX5\r\n"
        );
        assert!(w[0].contains("invalid chunked framing"), "{w:?}");
        let mut w = Vec::new();
        assert_eq!(
            decode(b"ffffffffffff\r\nabc", &te, 200, false, 0, &mut w),
            b"abc"
        );
        assert!(w[0].contains("cut short"), "{w:?}");
        let mut w = Vec::new();
        assert_eq!(
            decode(
                b"fffffffffffffffffffffff\r\nabc",
                &te,
                200,
                false,
                0,
                &mut w
            )
            .len(),
            28
        );
        assert!(w[0].contains("invalid chunked framing"), "{w:?}");
        // Framing already removed by curl: no complaint.
        let mut w = Vec::new();
        assert_eq!(
            decode(b"{\"a\": 1}", &te, 200, false, 0, &mut w),
            b"{\"a\": 1}"
        );
        assert!(w.is_empty());
    }

    #[test]
    fn gzip_and_deflate_are_decoded() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"code\": \"999\"}").unwrap();
        let gz = gz.finish().unwrap();
        let mut w = Vec::new();
        assert_eq!(
            decode(
                &gz,
                &h(&[("Content-Encoding", "gzip")]),
                500,
                false,
                0,
                &mut w
            ),
            b"{\"code\": \"999\"}"
        );
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"hello").unwrap();
        let z = z.finish().unwrap();
        assert_eq!(
            decode(
                &z,
                &h(&[("Content-Encoding", "deflate")]),
                200,
                false,
                0,
                &mut w
            ),
            b"hello"
        );
        // Saved with --compressed: the header stays, the body is plain.
        assert_eq!(
            decode(
                b"plain",
                &h(&[("Content-Encoding", "gzip")]),
                200,
                false,
                0,
                &mut w
            ),
            b"plain"
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_cap() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..(MAX_BODY >> 20) + 2 {
            gz.write_all(&zeros).unwrap();
        }
        let gz = gz.finish().unwrap();
        let mut w = Vec::new();
        let body = decode(
            &gz,
            &h(&[("Content-Encoding", "gzip")]),
            200,
            false,
            0,
            &mut w,
        );
        assert_eq!(body.len(), MAX_BODY);
        assert!(w[0].contains("larger than"), "{w:?}");
    }

    #[test]
    fn a_body_kept_only_in_part_is_counted_whole() {
        let mut w = Vec::new();
        let body = decode(
            b"abc",
            &h(&[("Content-Length", "10")]),
            200,
            false,
            7,
            &mut w,
        );
        assert_eq!(body, b"abc");
        assert_eq!(
            w,
            ["the body is 10 bytes: only the first 3 are kept (--body full keeps up to 64 MiB)"]
        );
        // A compressed stream cut by what is kept is no damage.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&[b'x'; 100_000]).unwrap();
        let gz = gz.finish().unwrap();
        let mut w = Vec::new();
        let head = &gz[..gz.len() / 2];
        let body = decode(
            head,
            &h(&[("Content-Encoding", "gzip")]),
            200,
            false,
            9,
            &mut w,
        );
        assert!(!body.is_empty());
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn short_bodies_against_content_length_warn() {
        let mut w = Vec::new();
        decode(
            b"abc",
            &h(&[("Content-Length", "10")]),
            200,
            false,
            0,
            &mut w,
        );
        assert!(w[0].contains("3 of 10 bytes"), "{w:?}");
    }

    #[test]
    fn a_body_cut_by_our_read_limit_is_not_blamed_on_the_server() {
        let mut w = Vec::new();
        decode(
            b"abc",
            &h(&[("Content-Length", "10")]),
            200,
            true,
            0,
            &mut w,
        );
        assert_eq!(
            w,
            ["the body is larger than resp reads (256 MiB): 3 of 10 bytes read"]
        );
        let mut w = Vec::new();
        let te = h(&[("Transfer-Encoding", "chunked")]);
        assert_eq!(decode(b"a\r\nabc", &te, 200, true, 0, &mut w), b"abc");
        assert_eq!(w, [input_cut_note()]);
        let mut w = Vec::new();
        decode(b"", &te, 200, true, 0, &mut w);
        assert_eq!(w, [input_cut_note()]);
    }
}
