//! Properties of the readers, the table parser, the inspectors and the sanitizer, called
//! directly: arbitrary bytes and mutations of the real fixtures (tests/fixtures) never
//! make them panic, what they return stays within the documented caps, and sanitized text
//! never holds a control character other than `\n` and `\t`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::OnceLock;

use proptest::prelude::*;
use resp::docs::{Format, Table};
use resp::inspect::{BodyKind, inspect_body, rate_limit};
use resp::render::{json, sanitize};
use resp::source::{MAX_BODY, MAX_HEADERS, MAX_HOPS, Response, curl_verbose, har, http};

/// The fixtures by kind: raw HTTP, curl -v, HAR.
struct Fixtures {
    http: Vec<Vec<u8>>,
    verbose: Vec<Vec<u8>>,
    har: Vec<u8>,
}

fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut http = Vec::new();
        let mut verbose = Vec::new();
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .collect();
        names.sort();
        for path in names {
            let bytes = std::fs::read(&path).unwrap();
            match path.extension().and_then(|e| e.to_str()) {
                Some("http") => {
                    // The same response as a curl -v transcript would show it.
                    let mut transcript = b"> GET /x HTTP/1.1\r\n> Host: h\r\n>\r\n".to_vec();
                    let (head, body) = split_head(&bytes);
                    for line in head.split(|&b| b == b'\n') {
                        transcript.extend_from_slice(b"< ");
                        transcript.extend_from_slice(line);
                        transcript.push(b'\n');
                    }
                    transcript.extend_from_slice(body);
                    verbose.push(transcript);
                    http.push(bytes);
                }
                Some("txt") => verbose.push(bytes),
                _ => {}
            }
        }
        assert!(http.len() >= 10 && verbose.len() > http.len());
        let har = std::fs::read(format!("{dir}/browser.har")).unwrap();
        Fixtures { http, verbose, har }
    })
}

/// The headers (through the blank line) and the body of a saved response.
fn split_head(bytes: &[u8]) -> (&[u8], &[u8]) {
    let end = bytes
        .windows(4)
        .rposition(|w| w == b"\r\n\r\n")
        .map_or(bytes.len(), |i| i + 4);
    bytes.split_at(end)
}

/// Bits that mean something to the readers, for mutations to insert.
const TOKENS: [&[u8]; 16] = [
    b"\r\n",
    b"\n",
    b"\r\n\r\n",
    b"HTTP/1.1 ",
    b"HTTP/2 200\r\n",
    b": ",
    b"Transfer-Encoding: chunked\r\n",
    b"Content-Encoding: gzip\r\n",
    b"ffffffffffffffff\r\n",
    b"0\r\n\r\n",
    b"{\"",
    b"[[[[",
    b"\"status\": ",
    b"\\u0000",
    b"\x1b[2J",
    b"\xff\xfe",
];

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Remove(usize, usize),
    Token(usize, usize),
    Repeat(usize, usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = any::<usize>();
    prop_oneof![
        (at, any::<u8>()).prop_map(|(a, b)| Edit::Set(a, b)),
        (at, any::<u8>()).prop_map(|(a, b)| Edit::Insert(a, b)),
        (at, 1..64usize).prop_map(|(a, n)| Edit::Remove(a, n)),
        (at, 0..TOKENS.len()).prop_map(|(a, t)| Edit::Token(a, t)),
        (at, 1..64usize, 2..50usize).prop_map(|(a, n, k)| Edit::Repeat(a, n, k)),
        at.prop_map(Edit::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len();
        let pos = |at: usize| if len == 0 { 0 } else { at % (len + 1) };
        match *edit {
            Edit::Set(at, b) if len > 0 => bytes[at % len] = b,
            Edit::Set(..) => {}
            Edit::Insert(at, b) => bytes.insert(pos(at), b),
            Edit::Remove(at, n) => {
                let start = pos(at);
                bytes.drain(start..(start + n).min(len));
            }
            Edit::Token(at, t) => {
                let at = pos(at);
                bytes.splice(at..at, TOKENS[t].iter().copied());
            }
            Edit::Repeat(at, n, k) => {
                let start = pos(at);
                let piece = bytes[start..(start + n).min(len)].to_vec();
                for _ in 1..k {
                    bytes.splice(start..start, piece.iter().copied());
                }
            }
            Edit::Truncate(at) => bytes.truncate(pos(at)),
        }
    }
    bytes
}

/// A fixture of `pick` (by index) with a few edits.
fn mutated(pick: fn(&Fixtures) -> Vec<&[u8]>) -> impl Strategy<Value = Vec<u8>> {
    (
        any::<prop::sample::Index>(),
        prop::collection::vec(edit(), 0..6),
    )
        .prop_map(move |(index, edits)| {
            let all = pick(fixtures());
            apply(index.get(&all).to_vec(), &edits)
        })
}

fn http_fixtures(f: &Fixtures) -> Vec<&[u8]> {
    f.http.iter().map(Vec::as_slice).collect()
}

fn verbose_fixtures(f: &Fixtures) -> Vec<&[u8]> {
    f.verbose.iter().map(Vec::as_slice).collect()
}

fn har_fixture(f: &Fixtures) -> Vec<&[u8]> {
    vec![&f.har]
}

/// What every parsed response keeps to.
fn assert_within_caps(r: &Response) {
    assert!(r.body.len() <= MAX_BODY);
    assert!(r.hops.len() <= MAX_HOPS);
    assert!(r.headers.len() <= MAX_HEADERS);
    assert!(r.status <= 999);
}

/// Streams a HAR, checking every entry; the count when it parses.
fn stream_har(bytes: &[u8]) -> Option<usize> {
    let mut seen = 0;
    let count = har::stream(bytes, "t.har", None, true, &mut |r| {
        seen += 1;
        assert_eq!(r.source, format!("t.har#{seen}"));
        assert_within_caps(&r);
        // A response without a failure has a status; a failure has none.
        assert!(r.failure.is_some() || r.status > 0, "{r:?}");
        Ok(())
    })
    .ok()?;
    assert_eq!(count, seen);
    Some(count)
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Strings heavy in what the sanitizer must escape.
fn hostile_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        3 => any::<char>(),
        2 => prop::char::range('\0', '\u{20}'),
        2 => prop::char::range('\u{7f}', '\u{a0}'),
        1 => prop::sample::select(vec!['\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\r', '\n', '\t']),
    ];
    prop::collection::vec(c, 0..64).prop_map(|cs| cs.into_iter().collect())
}

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop::sample::select(vec![
        "application/json".to_string(),
        "application/problem+json".to_string(),
        "text/html; charset=utf-8".to_string(),
        "text/plain".to_string(),
        "application/octet-stream".to_string(),
        "image/png".to_string(),
    ]))
}

/// A table's text in either format, a valid one for mutating.
fn table_text() -> impl Strategy<Value = (Format, String)> {
    let json = serde_json::to_string_pretty(&serde_json::json!([
        {"code": 200, "text": "OK", "description": "Success!"},
        {"code": 420, "text": "Enhance Your Calm", "description": "Rate limited"},
        {"status": "503", "name": "Unavailable"}
    ]))
    .unwrap();
    let keyed =
        r#"{"404": "Not Found", "429": {"text": "Too Many", "meaning": "slow"}}"#.to_string();
    (
        prop::sample::select(vec![
            (Format::Markdown, resp::docs::table::EMBEDDED.to_string()),
            (Format::Json, json),
            (Format::Json, keyed),
        ]),
        prop::collection::vec(edit(), 0..6),
    )
        .prop_map(|((format, text), edits)| {
            let bytes = apply(text.into_bytes(), &edits);
            (format, String::from_utf8_lossy(&bytes).into_owned())
        })
}

fn assert_table_holds(table: &Table) {
    let codes: Vec<u16> = table.entries().iter().map(|e| e.code).collect();
    assert!(codes.iter().all(|c| (100..=999).contains(c)), "{codes:?}");
    assert!(
        codes.windows(2).all(|w| w[0] < w[1]),
        "sorted, no duplicates: {codes:?}"
    );
    let errors: HashSet<&str> = table
        .error_codes()
        .iter()
        .map(|e| e.code.as_str())
        .collect();
    assert_eq!(errors.len(), table.error_codes().len());
    for code in codes {
        assert!(table.get(code).is_some());
    }
}

// proptest's default of 256 cases a property keeps this file to a few seconds in debug;
// PROPTEST_CASES=20000 makes it a soak.
proptest! {

    #[test]
    fn http_reads_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(r) = http::parse(&bytes, "t") {
            assert_within_caps(&r);
        }
    }

    #[test]
    fn http_reads_mutated_fixtures(bytes in mutated(http_fixtures)) {
        if let Ok(r) = http::parse(&bytes, "t") {
            assert_within_caps(&r);
            prop_assert_eq!(r.source, "t");
        }
    }

    #[test]
    fn curl_verbose_reads_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        if let Ok(r) = curl_verbose::parse(&bytes, "t") {
            assert_within_caps(&r);
        }
    }

    #[test]
    fn curl_verbose_reads_mutated_fixtures(bytes in mutated(verbose_fixtures)) {
        if let Ok(r) = curl_verbose::parse(&bytes, "t") {
            assert_within_caps(&r);
        }
    }

    #[test]
    fn har_streams_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..1024)) {
        stream_har(&bytes);
    }

    #[test]
    fn har_streams_mutated_fixtures(bytes in mutated(har_fixture)) {
        stream_har(&bytes);
    }

    #[test]
    fn tables_parse_any_text(text in any::<String>(), json in any::<bool>()) {
        let format = if json { Format::Json } else { Format::Markdown };
        if let Ok(table) = Table::parse(&text, "t", format) {
            assert_table_holds(&table);
        }
    }

    #[test]
    fn tables_parse_mutated_tables((format, text) in table_text()) {
        if let Ok(table) = Table::parse(&text, "t", format) {
            assert_table_holds(&table);
        }
    }

    #[test]
    fn bodies_of_any_bytes(body in prop::collection::vec(any::<u8>(), 0..1024), ct in content_type()) {
        let _ = inspect_body(&body, ct.as_deref());
    }

    #[test]
    fn bodies_of_mutated_fixtures(bytes in mutated(http_fixtures), ct in content_type()) {
        let (_, body) = split_head(&bytes);
        if let BodyKind::Text { preview, chars } = inspect_body(body, ct.as_deref()) {
            prop_assert!(preview.chars().count() <= chars);
        }
    }

    #[test]
    fn rate_limits_of_any_values(
        values in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "Retry-After", "RateLimit", "RateLimit-Policy", "RateLimit-Reset",
                    "RateLimit-Remaining", "X-RateLimit-Limit", "X-RateLimit-Remaining",
                    "X-RateLimit-Reset", "X-RateLimit-Reset-After", "x-rate-limit-reset",
                    "x-rate-limit-limit", "x-rate-limit-remaining",
                ]),
                prop_oneof![
                    any::<String>(),
                    "[0-9 .,;=a-z\"-]{0,40}",
                    any::<i64>().prop_map(|n| n.to_string()),
                    any::<u64>().prop_map(|n| format!("{n}.{n}")),
                ],
            ),
            0..8,
        ),
        date in prop::option::of(any::<i64>()),
    ) {
        let headers: Vec<(String, String)> =
            values.into_iter().map(|(n, v)| (n.to_string(), v)).collect();
        if let Some(rl) = rate_limit(&headers, date) {
            let _ = resp::inspect::describe(&rl, date, date.map(|d| d.saturating_add(86_400)));
        }
    }

    #[test]
    fn sanitized_text_has_no_controls(s in hostile_text()) {
        let text = sanitize::text(&s);
        prop_assert!(!text.chars().any(is_unsafe), "{:?} -> {:?}", s, text);
        let line = sanitize::line(&s);
        prop_assert!(!line.chars().any(|c| is_unsafe(c) || c == '\n'), "{:?} -> {:?}", s, line);
        // What needs no escape is left as it is.
        if !s.chars().any(|c| is_unsafe(c) || c == '\r') {
            prop_assert_eq!(text.as_ref(), s.as_str());
        }
    }

    #[test]
    fn sanitized_any_string_has_no_controls(s in any::<String>()) {
        prop_assert!(!sanitize::text(&s).chars().any(is_unsafe));
        prop_assert!(!sanitize::line(&s).chars().any(|c| is_unsafe(c) || c == '\n'));
    }

    #[test]
    fn pretty_json_has_no_controls_but_line_breaks(
        pairs in prop::collection::vec((hostile_text(), hostile_text()), 0..8),
    ) {
        let value: serde_json::Value = pairs
            .into_iter()
            .map(|(k, v)| (k, serde_json::Value::String(v)))
            .collect::<serde_json::Map<_, _>>()
            .into();
        // serde_json writes C1 and bidi characters raw: the re-indenter must escape them.
        let text = json::pretty(&serde_json::to_vec(&value).unwrap(), false);
        prop_assert!(!text.chars().any(|c| is_unsafe(c) || c == '\t'), "{:?}", text);
    }

    #[test]
    fn pretty_json_of_any_bytes_ends_and_stays_safe(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = json::pretty(&bytes, true);
        prop_assert!(!text.chars().any(|c| (is_unsafe(c) && c != '\u{1b}') || c == '\t'), "{:?}", text);
    }
}
