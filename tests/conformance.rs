//! Requests as servers expect them, and saved exchanges judged as sent ones, through the
//! binary against loopback servers that record what they read: the framing of a request
//! without a body, dot segments, international host names, proxy variables that cannot be
//! used, a saved body cut short or longer than announced, and a certificate not valid yet.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::server::{Step, answer, nothing_more, received, serve, serve_tls_future};
use common::{Temp, json, resp};
use predicates::prelude::*;

const OK: &str = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

/// The request head as the server read it, its header names in lower case.
fn head_of(request: &str) -> String {
    let head = request.split("\r\n\r\n").next().unwrap_or_default();
    head.lines()
        .map(|l| match l.split_once(':') {
            Some((n, v)) => format!("{}:{v}", n.to_ascii_lowercase()),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_request_without_a_body_is_framed_as_its_method_asks() {
    // POST, PUT and PATCH give content a meaning: Content-Length: 0, never chunked.
    // The others send no framing at all, as curl -X does.
    let cases = [
        ("POST", Some("content-length: 0")),
        ("PUT", Some("content-length: 0")),
        ("patch", Some("content-length: 0")),
        ("DELETE", None),
        ("OPTIONS", None),
        ("GET", None),
        ("PURGE", None),
    ];
    let (url, rx) = serve(cases.iter().map(|_| answer(OK)).collect());
    for (method, want) in cases {
        resp()
            .args(["send", "-q", "-X", method, &format!("{url}/x")])
            .assert()
            .code(0);
        let request = received(&rx).expect("the request arrived");
        let head = head_of(&request);
        assert!(
            head.starts_with(&format!("{} /x HTTP/1.1", method.to_ascii_uppercase())),
            "{head}"
        );
        assert!(!head.contains("transfer-encoding"), "{method}: {head}");
        match want {
            Some(line) => assert!(head.lines().any(|l| l == line), "{method}: {head}"),
            None => assert!(!head.contains("content-length"), "{method}: {head}"),
        }
        // Nothing follows the head: no last chunk of an empty chunked body.
        assert!(request.ends_with("\r\n\r\n"), "{method}: {request:?}");
    }

    // A body given stays as it was; a framing set by hand is the user's.
    let (url, rx) = serve(vec![answer(OK), answer(OK)]);
    resp()
        .args(["send", "-q", "-X", "PUT", "-d", "abc", &url])
        .assert()
        .code(0);
    let head = head_of(&received(&rx).unwrap());
    assert!(head.lines().any(|l| l == "content-length: 3"), "{head}");
    resp()
        .args(["send", "-q", "-X", "POST", "-H", "Content-Length: 0", &url])
        .assert()
        .code(0);
    let head = head_of(&received(&rx).unwrap());
    assert_eq!(head.matches("content-length").count(), 1, "{head}");

    // -v shows what went out.
    let (url, _rx) = serve(vec![answer(OK)]);
    resp()
        .args(["send", "-v", "-X", "POST", &url])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Content-Length: 0"))
        .stdout(predicate::str::contains("chunked").not());
}

#[test]
fn dot_segments_are_removed_from_typed_urls_and_locations() {
    let redirect = |to: &str| {
        answer(&format!(
            "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\n\r\n"
        ))
    };
    let (url, rx) = serve(vec![
        redirect("../d?next=../x"),
        redirect("./e/./f/../g"),
        redirect("/../../h/.."),
        answer(OK),
    ]);
    resp()
        .args(["send", "-L", "-q", &format!("{url}/a/./b/../b/c")])
        .assert()
        .code(0);
    let targets: Vec<String> = (0..4)
        .map(|_| {
            let request = received(&rx).expect("a request per hop");
            request.split(' ').nth(1).unwrap_or_default().to_string()
        })
        .collect();
    assert_eq!(targets, ["/a/b/c", "/a/d?next=../x", "/a/e/g", "/"]);

    // The chain shown names each hop as it was requested.
    let (url, _rx) = serve(vec![redirect("../d"), answer(OK)]);
    let v = json(
        &resp()
            .args(["send", "-L", "--json", &format!("{url}/a/b/c")])
            .output()
            .unwrap(),
    );
    let text = v.to_string();
    assert!(text.contains(&format!("{url}/a/d")), "{text}");
    assert!(!text.contains("/a/b/../d"), "{text}");
}

/// A server that plays a proxy refusing every CONNECT: what resp asked of it is recorded,
/// and no request goes further than loopback.
fn refusing_proxy(times: usize) -> (String, std::sync::mpsc::Receiver<Vec<u8>>) {
    let refuse = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
    serve((0..times).map(|_| answer(refuse)).collect())
}

#[test]
fn international_host_names_follow_uts_46() {
    // Full-width letters and full stop, and a decomposed ü: what is asked of the proxy
    // shows the name resp made of them.
    let cases = [
        (
            "http://\u{ff45}\u{ff58}\u{ff41}\u{ff4d}\u{ff50}\u{ff4c}\u{ff45}\u{ff0e}test/",
            "CONNECT example.test:80 ",
        ),
        (
            "http://bu\u{308}cher.test/",
            "CONNECT xn--bcher-kva.test:80 ",
        ),
        ("http://B\u{fc}cher.test/", "CONNECT xn--bcher-kva.test:80 "),
    ];
    let (proxy, rx) = refusing_proxy(cases.len());
    for (typed, want) in cases {
        let out = resp()
            .env("HTTP_PROXY", &proxy)
            .args(["send", typed])
            .output()
            .unwrap();
        assert_ne!(out.status.code(), Some(0));
        let asked = received(&rx).expect("the proxy was asked");
        assert!(asked.starts_with(want), "{typed}: {asked:?}");
    }

    // A name UTS #46 refuses is a usage error that says why.
    resp()
        .args(["send", "http://a\u{fffd}b.test/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("UTS #46"));
}

#[test]
fn a_proxy_variable_that_cannot_be_used_is_a_usage_error_naming_it() {
    let (url, rx) = serve(vec![answer(OK)]);
    let hostile = format!("http://127.0.0.1:{}", "9".repeat(40));
    let cases = [
        (
            "HTTP_PROXY",
            "http://127.0.0.1:99999",
            "'99999' is not a port",
        ),
        (
            "HTTPS_PROXY",
            "socks9://127.0.0.1:1080",
            "'socks9://' is not a proxy scheme",
        ),
        (
            "ALL_PROXY",
            "socks5://127.0.0.1:1080",
            "does not speak SOCKS",
        ),
        ("http_proxy", "http://[::1", "'[' is not closed"),
        (
            "all_proxy",
            "http://127.0.0.1:3128/junk",
            "something follows the host",
        ),
        (
            "https_proxy",
            "http://user:s3cret@127.0.0.1:80x",
            "'80x' is not a port",
        ),
        ("HTTP_PROXY", hostile.as_str(), "is not a port"),
    ];
    for (name, value, why) in cases {
        let out = resp()
            .env(name, value)
            .args(["send", &url])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}={value}: {stderr}");
        assert!(
            stderr.contains(&format!("{name} is not a proxy resp can use")) && stderr.contains(why),
            "{name}={value}: {stderr}"
        );
        assert!(
            !stderr.contains("s3cret"),
            "the value is not echoed: {stderr}"
        );
        assert_eq!(
            stderr.lines().filter(|l| l.contains("error")).count(),
            1,
            "{stderr}"
        );
    }
    // No direct connection was made instead.
    assert!(nothing_more(&rx));

    // An empty one is unset, and a good one is used.
    resp()
        .env("HTTP_PROXY", "")
        .args(["send", "-q", &url])
        .assert()
        .code(0);
    assert!(received(&rx).is_some());
    let (proxy, prx) = refusing_proxy(1);
    resp()
        .env("HTTP_PROXY", proxy.trim_start_matches("http://"))
        .args(["send", "http://target.test/"])
        .assert()
        .code(7);
    assert!(
        received(&prx)
            .unwrap()
            .starts_with("CONNECT target.test:80 ")
    );
    // `read` makes no connection: a proxy variable is not its business.
    let saved = Temp::new("ok.http", OK.as_bytes());
    resp()
        .env("HTTP_PROXY", "http://127.0.0.1:99999")
        .args(["read", "-q", saved.path()])
        .assert()
        .code(0);
}

/// `read` of `bytes` saved, and `send` to a server that writes them: each one's exit
/// code and `--json` line.
fn read_and_send(bytes: &[u8]) -> [(Option<i32>, serde_json::Value); 2] {
    let saved = Temp::new("saved.http", bytes);
    let read = resp()
        .args(["read", "--json", saved.path()])
        .output()
        .unwrap();
    let (url, _rx) = serve(vec![Step::Answer(bytes.to_vec())]);
    let sent = resp().args(["send", "--json", &url]).output().unwrap();
    [
        (read.status.code(), json(&read)),
        (sent.status.code(), json(&sent)),
    ]
}

#[test]
fn read_judges_a_body_cut_short_as_send_does() {
    let head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    // Chunked without its last chunk, a negative chunk size, a size that is not hex,
    // and a body shorter than its Content-Length.
    let big = "x".repeat(5000);
    for bytes in [
        format!("{head}3\r\nabc\r\n"),
        format!("{head}3\r\nabc\r\n4\r\nde"),
        format!("{head}-3\r\nabc\r\n0\r\n\r\n"),
        format!("{head}3\r\nabc\r\nzz\r\n"),
        format!("HTTP/1.1 200 OK\r\nContent-Length: 9000\r\n\r\n{big}"),
        "HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\n\r\nabc".to_string(),
    ] {
        let [(read, line), (sent, sent_line)] = read_and_send(bytes.as_bytes());
        assert_eq!(read, Some(7), "{bytes:?}: {line}");
        assert_eq!(read, sent, "{bytes:?}: {line}\n---\n{sent_line}");
        assert_eq!(line["exit_code"], 7, "{line}");
        let warnings = line["warnings"].to_string();
        assert!(
            warnings.contains("cut short") || warnings.contains("invalid chunked framing"),
            "{warnings}"
        );
    }
    // Whole bodies: both succeed.
    for bytes in [
        format!("{head}3\r\nabc\r\n0\r\n\r\n"),
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc".to_string(),
    ] {
        let [(read, line), (sent, _)] = read_and_send(bytes.as_bytes());
        assert_eq!((read, sent), (Some(0), Some(0)), "{bytes:?}: {line}");
        assert_eq!(line["warnings"], serde_json::json!([]), "{line}");
    }
    // The card says it too.
    let saved = Temp::new("cut.http", format!("{head}3\r\nabc\r\n").as_bytes());
    resp()
        .args(["read", saved.path()])
        .assert()
        .code(7)
        .stdout(predicate::str::contains("exit code  7"))
        .stdout(predicate::str::contains("the chunked body ends early"));
    // Saved by curl -i without --raw: the framing is gone, the header stays. No damage.
    let saved = Temp::new("dechunked.http", format!("{head}-3 degrees\n").as_bytes());
    resp()
        .args(["read", saved.path()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning").not());
}

#[test]
fn a_chunked_body_longer_than_read_keeps_is_still_seen_to_end_whole_or_not() {
    // 9 MiB in 64 KiB chunks: past the 8 MiB `read` keeps by default, so only the end of
    // what it reads past says whether the last chunk came.
    let mut whole = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    for i in 0..144u8 {
        whole.extend_from_slice(b"10000\r\n");
        whole.extend(std::iter::repeat_n(b'a' + i % 26, 0x10000));
        whole.extend_from_slice(b"\r\n");
    }
    let mut cut = whole.clone();
    cut.extend_from_slice(b"10000\r\nonly this");
    whole.extend_from_slice(b"0\r\nX-Trailer: 1\r\n\r\n");
    let read = |bytes: &[u8], extra: &[&str]| {
        let saved = Temp::new("big-chunked.http", bytes);
        let out = resp()
            .args(["read", "--json"])
            .args(extra)
            .arg(saved.path())
            .output()
            .unwrap();
        (out.status.code(), json(&out))
    };
    let (code, line) = read(&whole, &[]);
    assert_eq!(code, Some(0), "{line}");
    assert!(
        !line["warnings"].to_string().contains("ends early"),
        "{line}"
    );
    let (code, line) = read(&cut, &[]);
    assert_eq!(code, Some(7), "{line}");
    assert!(
        line["warnings"].to_string().contains("ends early"),
        "{line}"
    );
    // Kept whole (--body full): the framing itself says it.
    assert_eq!(read(&cut, &["--body", "full"]).0, Some(7));
    assert_eq!(read(&whole, &["--body", "full"]).0, Some(0));
}

#[test]
fn read_leaves_out_what_follows_the_content_length_as_send_does() {
    let bytes = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 200 OK\r\n\r\nsmuggled";
    let saved = Temp::new("longer.http", bytes);
    let out = resp().args(["read", "-b", saved.path()]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, b"hello");
    let (url, _rx) = serve(vec![Step::Answer(bytes.to_vec())]);
    let sent = resp().args(["send", "-b", &url]).output().unwrap();
    assert_eq!(
        (sent.status.code(), sent.stdout),
        (Some(0), b"hello".to_vec())
    );
    resp()
        .args(["read", saved.path()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "27 bytes follow the body's Content-Length (5 bytes)",
        ));
    // Saved with curl --compressed: the body is decoded, the coded length kept.
    let saved = Temp::new(
        "compressed.http",
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\n{\"a\": 1}",
    );
    resp()
        .args(["read", saved.path()])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("warning").not());
}

#[test]
fn a_certificate_not_valid_yet_is_refused_and_flagged_when_k_gets_past_it() {
    let chill = "HTTP/1.1 420 Enhance Your Calm\r\nContent-Length: 0\r\n\r\n";
    let (url, _rx) = serve_tls_future(vec![answer(chill), answer(chill), answer(chill)]);
    resp()
        .args(["send", &url])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("not valid yet"));
    resp()
        .args(["send", "-k", &url])
        .assert()
        .code(4)
        .stdout(predicate::str::is_match(
            r"warning +the server's certificate is not valid until 2090-01-01 00:00:00 UTC: -k got past it",
        ).unwrap());
    let v = json(
        &resp()
            .args(["send", "-k", "--json", &url])
            .output()
            .unwrap(),
    );
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("not valid until 2090")),
        "{v}"
    );
}
