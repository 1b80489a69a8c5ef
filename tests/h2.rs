//! `send` over HTTP/2, through the binary against an h2 server written here with the same
//! crates resp uses (h2 on tokio, tokio-rustls with the test certificate), on 127.0.0.1:
//! ALPN picking h2 or HTTP/1.1 (one connection either way), `--http1.1`, `--http2`, h2c
//! with prior knowledge, `-L`, `--save` read back, a 10 MB body, request bodies, stream
//! resets, GOAWAY and a stalled body.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::future::poll_fn;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use bytes::Bytes;
use common::{Temp, json, resp};
use h2::server::SendResponse;
use h2::{Reason, RecvStream, SendStream};
use predicates::prelude::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// What the server does with a request.
#[derive(Clone)]
enum Act {
    /// A status, header fields and a body.
    Answer(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// `RST_STREAM` before any head.
    Reset(Reason),
    /// The head and `n` body bytes of a longer body, then `RST_STREAM`.
    ResetAfter(usize, Reason),
    /// `GOAWAY` before any head.
    GoAway(Reason),
    /// The head and `n` body bytes, then nothing.
    Stall(usize),
    /// Nothing at all.
    Silent,
}

/// What the server saw of one request.
#[derive(Debug)]
struct Seen {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    version: &'static str,
}

/// How the server takes a connection.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// TLS offering h2 and http/1.1 by ALPN.
    Both,
    /// TLS offering http/1.1 only.
    Http1Only,
    /// Plain text, h2 with prior knowledge.
    Cleartext,
}

struct Server {
    base: String,
    seen: mpsc::Receiver<Seen>,
    connections: Arc<AtomicUsize>,
    /// The protocols each TLS connection's client offered by ALPN, in its order.
    offered: Arc<Mutex<Vec<Vec<String>>>>,
}

fn tls_config(mode: Mode) -> Arc<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls");
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(format!("{dir}/cert.pem"))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    let key = PrivateKeyDer::from_pem_file(format!("{dir}/key.pem")).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    config.alpn_protocols = match mode {
        Mode::Both => vec![b"h2".to_vec(), b"http/1.1".to_vec()],
        _ => vec![b"http/1.1".to_vec()],
    };
    Arc::new(config)
}

/// Serves on 127.0.0.1 in a thread of its own; `route` answers each request by its path.
fn serve(mode: Mode, route: fn(&str) -> Act) -> Server {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, seen) = mpsc::channel();
    let connections = Arc::new(AtomicUsize::new(0));
    let count = connections.clone();
    let offered = Arc::new(Mutex::new(Vec::new()));
    let offers = offered.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = TcpListener::from_std(listener).unwrap();
            let config = tls_config(mode);
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                let tx = tx.clone();
                let config = config.clone();
                let offers = offers.clone();
                tokio::spawn(async move {
                    if mode == Mode::Cleartext {
                        return h2_conn(tcp, route, tx).await;
                    }
                    let acceptor = rustls::server::Acceptor::default();
                    let Ok(start) = tokio_rustls::LazyConfigAcceptor::new(acceptor, tcp).await
                    else {
                        return;
                    };
                    let alpn = start.client_hello().alpn().map(|protocols| {
                        protocols
                            .map(|p| String::from_utf8_lossy(p).into_owned())
                            .collect()
                    });
                    offers.lock().unwrap().push(alpn.unwrap_or_default());
                    let Ok(tls) = start.into_stream(config).await else {
                        return;
                    };
                    if tls.get_ref().1.alpn_protocol() == Some(b"h2") {
                        h2_conn(tls, route, tx).await
                    } else {
                        http1_conn(tls, route, tx).await
                    }
                });
            }
        });
    });
    let scheme = if mode == Mode::Cleartext {
        "http"
    } else {
        "https"
    };
    Server {
        base: format!("{scheme}://127.0.0.1:{port}"),
        seen,
        connections,
        offered,
    }
}

async fn h2_conn<T>(io: T, route: fn(&str) -> Act, tx: mpsc::Sender<Seen>)
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let Ok(mut conn) = h2::server::handshake(io).await else {
        return;
    };
    while let Some(Ok((request, respond))) = conn.accept().await {
        let act = route(request.uri().path());
        if let Act::GoAway(reason) = act {
            conn.abrupt_shutdown(reason);
            continue;
        }
        let tx = tx.clone();
        tokio::spawn(async move {
            let (parts, body) = request.into_parts();
            let body = read_all(body).await;
            let _ = tx.send(Seen {
                method: parts.method.to_string(),
                uri: parts.uri.to_string(),
                headers: parts
                    .headers
                    .iter()
                    .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_string()))
                    .collect(),
                body,
                version: "h2",
            });
            respond_h2(respond, act).await;
        });
    }
}

async fn read_all(mut body: RecvStream) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(Ok(data)) = body.data().await {
        let _ = body.flow_control().release_capacity(data.len());
        out.extend_from_slice(&data);
    }
    out
}

async fn respond_h2(mut respond: SendResponse<Bytes>, act: Act) {
    let head = |status: u16, fields: &[(&str, String)]| {
        let mut b = ureq::http::Response::builder().status(status);
        for (n, v) in fields {
            b = b.header(*n, v.as_str());
        }
        b.body(()).unwrap()
    };
    match act {
        Act::Answer(status, fields, body) => {
            let empty = body.is_empty();
            let mut stream = respond.send_response(head(status, &fields), empty).unwrap();
            if !empty {
                send_all(&mut stream, &body).await;
                let _ = stream.send_data(Bytes::new(), true);
            }
        }
        Act::Reset(reason) => respond.send_reset(reason),
        Act::ResetAfter(n, reason) => {
            let fields = [("content-length", (n * 4).to_string())];
            let mut stream = respond.send_response(head(200, &fields), false).unwrap();
            send_all(&mut stream, &vec![b'x'; n]).await;
            tokio::time::sleep(Duration::from_millis(50)).await;
            stream.send_reset(reason);
        }
        Act::Stall(n) => {
            let mut stream = respond.send_response(head(200, &[]), false).unwrap();
            send_all(&mut stream, &vec![b'x'; n]).await;
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Act::Silent => tokio::time::sleep(Duration::from_secs(30)).await,
        Act::GoAway(_) => unreachable!("handled by the connection"),
    }
    // Keep the stream's frames flowing until they are out.
    tokio::time::sleep(Duration::from_millis(200)).await;
}

async fn send_all(stream: &mut SendStream<Bytes>, body: &[u8]) {
    let mut rest = Bytes::copy_from_slice(body);
    while !rest.is_empty() {
        stream.reserve_capacity(rest.len());
        match poll_fn(|cx| stream.poll_capacity(cx)).await {
            Some(Ok(n)) if n > 0 => {
                let part = rest.split_to(n.min(rest.len()));
                stream.send_data(part, false).unwrap();
            }
            Some(Ok(_)) => {}
            _ => return,
        }
    }
}

/// HTTP/1.1 over the TLS connection, for the requests ALPN gave to it: each request head
/// answered with the route's status, fields and body.
async fn http1_conn<T>(mut io: T, route: fn(&str) -> Act, tx: mpsc::Sender<Seen>)
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
            match io.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            }
            continue;
        };
        let head = String::from_utf8_lossy(&buf[..end]).to_string();
        buf.drain(..end + 4);
        let mut line = head.lines().next().unwrap_or_default().split(' ');
        let method = line.next().unwrap_or_default().to_string();
        let path = line.next().unwrap_or_default().to_string();
        let _ = tx.send(Seen {
            method,
            uri: path.clone(),
            headers: Vec::new(),
            body: Vec::new(),
            version: "http/1.1",
        });
        let (status, fields, body) = match route(&path) {
            Act::Answer(status, fields, body) => (status, fields, body),
            _ => (500, Vec::new(), Vec::new()),
        };
        let mut answer = format!("HTTP/1.1 {status} Over One\r\n");
        for (name, value) in fields.iter().filter(|(n, _)| *n != "content-length") {
            answer.push_str(&format!("{name}: {value}\r\n"));
        }
        answer.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        if io.write_all(answer.as_bytes()).await.is_err()
            || io.write_all(&body).await.is_err()
            || io.flush().await.is_err()
        {
            return;
        }
    }
}

fn chill(_: &str) -> Act {
    Act::Answer(
        420,
        vec![
            ("content-type", "application/json".into()),
            ("x-ratelimit-remaining", "0".into()),
        ],
        br#"{"error":"too many requests, calm down"}"#.to_vec(),
    )
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn alpn_picks_h2_and_the_card_and_json_say_so() {
    let server = serve(Mode::Both, chill);
    let v = json(
        &resp()
            .args(["send", "-k", "--json", &server.base])
            .output()
            .unwrap(),
    );
    assert_eq!(v["status"], 420, "{v}");
    assert_eq!(v["connection"]["http_version"], "HTTP/2", "{v}");
    assert!(
        v["connection"]["tls"]["certificate"]["subject"] == "CN=localhost",
        "{v}"
    );
    for phase in ["connect_ms", "tls_ms", "send_ms", "wait_ms", "receive_ms"] {
        assert!(v["timing"][phase].as_f64().is_some(), "{phase}: {v}");
    }
    let seen = server.seen.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(seen.version, "h2");
    assert_eq!(seen.method, "GET");
    assert!(
        seen.headers
            .iter()
            .any(|(n, v)| n == "user-agent" && v.starts_with("resp/")),
        "{seen:?}"
    );

    let out = resp()
        .args(["send", "-k", "-v", &format!("{}/limits?x=1", server.base)])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let text = stdout(&out);
    assert!(text.starts_with("420 Enhance Your Calm\n"), "{text}");
    assert!(
        text.contains("server said  420 (HTTP/2 has no reason phrase)"),
        "{text}"
    );
    assert!(text.contains("HTTP/2"), "{text}");
    // The request as it went out: the pseudo-headers, then the fields.
    let request = text
        .split("request: GET /limits?x=1 HTTP/2\n")
        .nth(1)
        .expect(&text);
    let names: Vec<&str> = request
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().rsplit_once(':').map_or(l, |(n, _)| n))
        .map(|l| l.split(": ").next().unwrap())
        .collect();
    assert_eq!(
        names[..4],
        [":method", ":scheme", ":authority", ":path"],
        "{text}"
    );
    assert!(text.contains("x-ratelimit-remaining"), "{text}");
    assert_eq!(server.connections.load(Ordering::SeqCst), 2);
}

#[test]
fn http1_when_asked_or_when_alpn_picks_it_on_the_same_connection() {
    let server = serve(Mode::Both, chill);
    let v = json(
        &resp()
            .args(["send", "-k", "--json", "--http1.1", &server.base])
            .output()
            .unwrap(),
    );
    assert_eq!(v["connection"]["http_version"], "HTTP/1.1", "{v}");
    assert_eq!(v["reason"], "Over One", "{v}");
    assert_eq!(
        server
            .seen
            .recv_timeout(Duration::from_secs(5))
            .unwrap()
            .version,
        "http/1.1"
    );

    // A server that offers only http/1.1: one connection, its TLS facts kept.
    let one = serve(Mode::Http1Only, chill);
    let v = json(
        &resp()
            .args(["send", "-k", "--json", &one.base])
            .output()
            .unwrap(),
    );
    assert_eq!(v["status"], 420, "{v}");
    assert_eq!(v["connection"]["http_version"], "HTTP/1.1", "{v}");
    assert!(v["timing"]["tls_ms"].as_f64().is_some(), "{v}");
    assert_eq!(
        v["connection"]["tls"]["certificate"]["subject"],
        "CN=localhost"
    );
    assert_eq!(one.connections.load(Ordering::SeqCst), 1, "one handshake");

    // --http2 insists: exit 7 naming why.
    resp()
        .args(["send", "-k", "--http2", &one.base])
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "the server does not offer HTTP/2: it chose http/1.1",
        ));
    // One version at a time: a usage error.
    resp()
        .args(["send", "--http1.1", "--http2", "http://127.0.0.1:9/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
    resp()
        .args(["send", "--http2", "http://127.0.0.1:9/"])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("--http2 needs https"));
}

#[test]
fn alpn_offers_h2_and_http1_or_with_http1_1_http1_alone() {
    let server = serve(Mode::Both, chill);
    let offered = |args: &[&str]| {
        let before = server.offered.lock().unwrap().len();
        let out = resp()
            .args(["send", "-k", "--json"])
            .args(args)
            .arg(&server.base)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{out:?}");
        let offers = server.offered.lock().unwrap();
        assert_eq!(offers.len(), before + 1, "one connection: {offers:?}");
        (
            offers[before].clone(),
            json(&out)["connection"]["http_version"].clone(),
        )
    };
    assert_eq!(
        offered(&["--http1.1"]),
        (vec!["http/1.1".to_string()], "HTTP/1.1".into()),
        "as curl --http1.1 offers"
    );
    assert_eq!(
        offered(&[]),
        (
            vec!["h2".to_string(), "http/1.1".to_string()],
            "HTTP/2".into()
        )
    );
    assert_eq!(
        offered(&["--http2"]),
        (
            vec!["h2".to_string(), "http/1.1".to_string()],
            "HTTP/2".into()
        )
    );
}

#[test]
fn h2c_with_prior_knowledge() {
    let server = serve(Mode::Cleartext, chill);
    let v = json(
        &resp()
            .args(["send", "--json", "--http2-prior-knowledge", "-d", "a=1"])
            .arg(format!("{}/form", server.base))
            .output()
            .unwrap(),
    );
    assert_eq!(v["status"], 420, "{v}");
    assert_eq!(v["connection"]["http_version"], "HTTP/2", "{v}");
    assert!(v["connection"]["tls"].is_null(), "{v}");
    let seen = server.seen.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.uri, format!("{}/form", server.base));
    assert_eq!(seen.body, b"a=1");
    assert!(
        seen.headers
            .iter()
            .any(|(n, v)| n == "content-length" && v == "3"),
        "{seen:?}"
    );
}

fn chain(path: &str) -> Act {
    match path {
        "/a" => Act::Answer(302, vec![("location", "/b".into())], Vec::new()),
        _ => chill(path),
    }
}

#[test]
fn redirects_over_h2_and_the_saved_exchange_reads_back() {
    let server = serve(Mode::Both, chain);
    let url = format!("{}/a", server.base);
    let out = resp().args(["send", "-k", "-L", &url]).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let text = stdout(&out);
    assert!(text.contains("via 302"), "{text}");
    assert!(text.contains("/b"), "{text}");

    let saved_dir = common::TempDir::new("h2");
    let saved = saved_dir.join("h2.http");
    let sent = resp()
        .args(["send", "-k", "-L", &url, "--save"])
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(sent.status.code(), Some(4));
    let raw = std::fs::read_to_string(&saved).unwrap();
    assert!(raw.starts_with("HTTP/2 302 \r\nlocation: /b\r\n"), "{raw}");
    assert!(raw.contains("\r\n\r\nHTTP/2 420 \r\n"), "{raw}");
    let read = resp().arg("read").arg(&saved).output().unwrap();
    assert_eq!(read.status.code(), Some(4));
    let verdict = |t: &str| {
        t.lines()
            .find(|l| l.starts_with("420"))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(verdict(&stdout(&read)), verdict(&stdout(&sent)));
    assert_eq!(verdict(&stdout(&read)), "420 Enhance Your Calm");
    std::fs::remove_file(saved).unwrap();
}

fn large(_: &str) -> Act {
    let body: Vec<u8> = (0..10 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    Act::Answer(
        200,
        vec![
            ("content-type", "application/octet-stream".into()),
            ("content-length", body.len().to_string()),
        ],
        body,
    )
}

#[test]
fn a_10_mb_body_arrives_whole() {
    let server = serve(Mode::Both, large);
    let file = Temp::new("h2-large.bin", b"");
    resp()
        .args(["send", "-k", &server.base, "-o", file.path()])
        .assert()
        .code(0);
    let got = std::fs::read(file.path()).unwrap();
    let want: Vec<u8> = (0..10 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(got.len(), want.len());
    assert!(got == want, "the body differs");
}

/// Bytes that do not compress away and differ from place to place.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u32 = 2_463_534_242;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

/// Text that compresses well, as a JSON API's large answer would.
fn text() -> Vec<u8> {
    (0..60_000u32)
        .flat_map(|i| format!("{{\"id\": {i}, \"name\": \"item {}\"}}\n", i % 97).into_bytes())
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Bodies for `-o`: 3 MB of noise, gzip-encoded text, a gzip stream cut in half, and
/// bodies that break off (a reset, a stall).
fn downloads(path: &str) -> Act {
    let gzipped = |body: Vec<u8>| {
        Act::Answer(
            200,
            vec![
                ("content-type", "application/x-ndjson".into()),
                ("content-encoding", "gzip".into()),
                ("content-length", body.len().to_string()),
            ],
            body,
        )
    };
    match path {
        "/noise" => {
            let body = noise(3 << 20);
            Act::Answer(200, vec![("content-length", body.len().to_string())], body)
        }
        "/gzip" => gzipped(gzip(&text())),
        "/damaged" => {
            let mut packed = gzip(&noise(200_000));
            packed.truncate(packed.len() / 2);
            gzipped(packed)
        }
        "/cut" => Act::ResetAfter(300_000, Reason::INTERNAL_ERROR),
        "/stall" => Act::Stall(300_000),
        _ => chill(path),
    }
}

#[test]
fn o_streams_an_h2_body_past_max_body_into_the_file_http1_would_write() {
    let server = serve(Mode::Both, downloads);
    for (path, want) in [("/noise", noise(3 << 20)), ("/gzip", text())] {
        let url = format!("{}{path}", server.base);
        let h2 = Temp::new("h2-body", b"old");
        let out = resp()
            .args(["send", "-k", "--max-body", "1000", &url, "-o", h2.path()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{path}: {out:?}");
        let card = stdout(&out);
        assert!(card.contains("HTTP/2"), "{card}");
        assert!(!card.contains("--max-body"), "{card}");
        assert!(
            card.contains(&format!("({} bytes)", want.len())),
            "{path}: {card}"
        );
        let got = std::fs::read(h2.path()).unwrap();
        assert_eq!(got.len(), want.len(), "{path}");
        assert!(got == want, "{path}: the body differs");
        let seen = server.seen.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(seen.version, "h2");

        // The same body over HTTP/1.1: the same file.
        let h1 = Temp::new("h1-body", b"old");
        resp()
            .args(["send", "-k", "--http1.1", &url, "-o", h1.path()])
            .assert()
            .code(0);
        assert_eq!(
            server
                .seen
                .recv_timeout(Duration::from_secs(5))
                .unwrap()
                .version,
            "http/1.1"
        );
        assert!(
            std::fs::read(h1.path()).unwrap() == got,
            "{path}: HTTP/1.1 wrote another file"
        );
    }
    // --json counts the body decoded, as it is in the file.
    let file = Temp::new("h2-json", b"");
    let v = json(
        &resp()
            .args(["send", "-k", "--json", &format!("{}/gzip", server.base)])
            .args(["-o", file.path()])
            .output()
            .unwrap(),
    );
    assert_eq!(v["status"], 200, "{v}");
    assert_eq!(v["connection"]["http_version"], "HTTP/2", "{v}");
    assert_eq!(v["body_bytes"], text().len(), "{v}");
}

#[test]
fn an_h2_body_that_breaks_off_or_is_damaged_leaves_the_old_file() {
    let server = serve(Mode::Both, downloads);
    let cases = [
        ("/cut", &[][..], 7, "the body did not arrive whole"),
        (
            "/stall",
            &["--idle-timeout", "0.5"][..],
            8,
            "the body did not arrive whole",
        ),
        ("/damaged", &[][..], 1, "the compressed body is damaged"),
    ];
    for (path, extra, code, why) in cases {
        let file = Temp::new("h2-old", b"old body");
        let out = resp()
            .env("COLUMNS", "250")
            .args(["send", "-k", &format!("{}{path}", server.base)])
            .args(extra)
            .args(["-o", file.path()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{path}: {out:?}");
        let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
        assert!(
            all.contains(&format!("nothing was written to {}: {why}", file.path())),
            "{path}: {all}"
        );
        assert!(!all.contains("body saved to"), "{path}: {all}");
        assert_eq!(std::fs::read(file.path()).unwrap(), b"old body", "{path}");
    }
    // The reset is named, with the bytes that came before it.
    let file = Temp::new("h2-old", b"old body");
    let out = resp()
        .args(["send", "-k", "--json", &format!("{}/cut", server.base)])
        .args(["-o", file.path()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(
        all.contains("the body is incomplete: the server reset the HTTP/2 stream (RST_STREAM INTERNAL_ERROR) after 300000 bytes"),
        "{all}"
    );
}

fn hostile(path: &str) -> Act {
    match path {
        "/refused" => Act::Reset(Reason::REFUSED_STREAM),
        "/internal" => Act::Reset(Reason::INTERNAL_ERROR),
        "/cut" => Act::ResetAfter(100_000, Reason::INTERNAL_ERROR),
        "/away" => Act::GoAway(Reason::ENHANCE_YOUR_CALM),
        "/stall" => Act::Stall(1000),
        "/silent" => Act::Silent,
        "/evil" => Act::Answer(
            200,
            vec![("x-evil", "\u{202e}txt.exe \u{9b}31m".into())],
            b"\x1b]0;owned\x07".to_vec(),
        ),
        _ => chill(path),
    }
}

#[test]
fn resets_and_goaway_are_failures_of_their_own() {
    let server = serve(Mode::Both, hostile);
    let base = &server.base;
    resp()
        .args(["send", "-k", &format!("{base}/refused")])
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "the server reset the HTTP/2 stream (RST_STREAM REFUSED_STREAM) before a response",
        ))
        .stderr(predicate::str::contains("sending it again is safe"));
    resp()
        .args(["send", "-k", &format!("{base}/internal")])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("RST_STREAM INTERNAL_ERROR"));
    resp()
        .args(["send", "-k", &format!("{base}/away")])
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "the server closed the HTTP/2 connection (GOAWAY ENHANCE_YOUR_CALM)",
        ));
    // After the head: the status is known, the body is cut, the exchange failed.
    let out = resp()
        .args(["send", "-k", "--json", &format!("{base}/cut")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(
        all.contains("the body is incomplete: the server reset the HTTP/2 stream (RST_STREAM INTERNAL_ERROR) after 100000 bytes"),
        "{all}"
    );
    // A stalled body runs into the idle limit: exit 8.
    let out = resp()
        .args(["send", "-k", "--json", "--idle-timeout", "0.5"])
        .arg(format!("{base}/stall"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{out:?}");
    let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(
        all.contains("the body is incomplete: no data for 0.5 s (--idle-timeout) after 1000 bytes"),
        "{all}"
    );
}

static FLAKY: AtomicUsize = AtomicUsize::new(0);
static POLLED: AtomicUsize = AtomicUsize::new(0);

/// `/flaky` refuses its first stream; `/poll` is 503 twice, then 200.
fn flaky(path: &str) -> Act {
    match path {
        "/flaky" if FLAKY.fetch_add(1, Ordering::SeqCst) == 0 => Act::Reset(Reason::REFUSED_STREAM),
        "/poll" if POLLED.fetch_add(1, Ordering::SeqCst) < 2 => {
            Act::Answer(503, Vec::new(), Vec::new())
        }
        _ => Act::Answer(200, Vec::new(), b"ok".to_vec()),
    }
}

#[test]
fn retry_and_until_send_again_over_h2() {
    let server = serve(Mode::Both, flaky);
    // A refused stream was never processed: sent again, even for a POST.
    let out = resp()
        .args([
            "send",
            "-k",
            "--retry",
            "2",
            "--retry-max-wait",
            "0.1",
            "-d",
            "x=1",
        ])
        .arg(format!("{}/flaky", server.base))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(FLAKY.load(Ordering::SeqCst), 2);
    let out = resp()
        .args([
            "send",
            "-k",
            "--json",
            "--until",
            "2xx",
            "--interval",
            "0.1",
        ])
        .arg(format!("{}/poll", server.base))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(POLLED.load(Ordering::SeqCst), 3);
}

#[test]
fn time_limits_and_hostile_text_over_h2() {
    let server = serve(Mode::Both, hostile);
    let base = &server.base;
    resp()
        .args(["send", "-k", "--response-timeout", "0.5"])
        .arg(format!("{base}/silent"))
        .assert()
        .code(8)
        .stderr(predicate::str::contains(
            "timed out waiting for the response head (--response-timeout, 0.5 s)",
        ));
    resp()
        .args(["send", "-k", "--timeout", "0.5"])
        .arg(format!("{base}/silent"))
        .assert()
        .code(8)
        .stderr(predicate::str::contains("(--timeout, 0.5 s)"));
    // What the server controls reaches the terminal escaped.
    let out = resp()
        .args(["send", "-k", "-v", "--body", "full"])
        .arg(format!("{base}/evil"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert!(
        !text.contains('\u{202e}') && !text.contains('\u{9b}'),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "{text}");
    assert!(text.contains("x-evil"), "{text}");
    // Through a proxy resp speaks HTTP/1.1; --http2 there is refused, naming it.
    resp()
        .env("HTTPS_PROXY", "http://127.0.0.1:9")
        .args(["send", "-k", "--http2", base])
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "HTTP/2 through a proxy (127.0.0.1:9)",
        ));
}

#[test]
fn max_body_stops_an_h2_body() {
    let server = serve(Mode::Both, large);
    let v = json(
        &resp()
            .args(["send", "-k", "--json", "--max-body", "1000", &server.base])
            .output()
            .unwrap(),
    );
    assert_eq!(v["status"], 200, "{v}");
    let all = v.to_string();
    assert!(
        all.contains("the body is larger than --max-body (1000 bytes)"),
        "{all}"
    );
}
