//! Two things a new user met, through the binary: a self-signed server certificate given
//! to `--cacert` (or `SSL_CERT_FILE`) is trusted as curl trusts it, while an expired one,
//! one for another name or one of a server the user did not name still fails, with a hint
//! that says what was trusted; and `--until` under `--retry-max-time`, when the server asks
//! to wait longer than the time left, makes one last attempt, not a burst. Servers listen
//! on 127.0.0.1 and count what they receive.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use common::server::{read_request, serve_tls_expired};
use common::{TempDir, resp};

const TLS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls");

fn fixture(name: &str) -> String {
    format!("{TLS}/{name}")
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A TLS server with the fixture certificate `cert` and its `key`: each connection whose
/// handshake succeeds gets the next of `answers` (the last one again when they run out);
/// each request read comes back on the channel. Returns `https://127.0.0.1:PORT`.
fn tls_server(cert: &str, key: &str, answers: Vec<String>) -> (String, mpsc::Receiver<Vec<u8>>) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(fixture(cert))
        .unwrap()
        .map(|c| c.unwrap())
        .collect();
    let key = PrivateKeyDer::from_pem_file(fixture(key)).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut answers = answers.into_iter().peekable();
        let mut last = String::new();
        for tcp in listener.incoming() {
            let Ok(tcp) = tcp else { return };
            let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
            let conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            let request = read_request(&mut tls);
            if request.is_empty() {
                continue; // the client refused the certificate
            }
            let _ = tx.send(request);
            if let Some(next) = answers.next() {
                last = next;
            }
            let _ = tls.write_all(last.as_bytes());
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    (url, rx)
}

const OK: &str = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\ntrusted";

/// The fixture `cert.pem` (what `openssl req -x509` makes: CA:TRUE, SAN localhost and
/// 127.0.0.1) on a server of its own.
fn self_signed(answers: &[&str]) -> (String, mpsc::Receiver<Vec<u8>>) {
    tls_server(
        "cert.pem",
        "key.pem",
        answers.iter().map(|a| a.to_string()).collect(),
    )
}

#[test]
fn a_self_signed_certificate_given_to_cacert_is_trusted() {
    let (url, rx) = self_signed(&[OK]);
    let out = resp()
        .args(["send", "-b", "--cacert", &fixture("cert.pem")])
        .arg(format!("{url}/ping"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "trusted");
    let request = rx.recv_timeout(Duration::from_secs(2)).unwrap();
    assert!(request.starts_with(b"GET /ping "));
    // The same file named by SSL_CERT_FILE.
    let out = resp()
        .env("SSL_CERT_FILE", fixture("cert.pem"))
        .args(["send", "-b"])
        .arg(format!("{url}/env"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let request = rx.recv_timeout(Duration::from_secs(2)).unwrap();
    assert!(request.starts_with(b"GET /env "));
    // The built-in roots still refuse it, and the hint offers --cacert.
    let out = resp()
        .args(["send", "-b"])
        .arg(format!("{url}/builtin"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let err = stderr(&out);
    assert!(
        err.contains("TLS failed: the server's certificate is self-signed"),
        "{err}"
    );
    assert!(err.contains("hint: --cacert FILE trusts"), "{err}");
    assert!(rx.try_recv().is_err(), "nothing was sent");
}

#[test]
fn a_trusted_self_signed_certificate_through_redirects_and_run() {
    let (url, rx) = self_signed(&[
        "HTTP/1.1 302 Found\r\nLocation: /there\r\nContent-Length: 0\r\n\r\n",
        OK,
    ]);
    let out = resp()
        .args(["send", "-b", "-L", "--cacert", &fixture("cert.pem")])
        .arg(format!("{url}/here"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "trusted");
    let first = rx.recv_timeout(Duration::from_secs(2)).unwrap();
    let second = rx.recv_timeout(Duration::from_secs(2)).unwrap();
    assert!(first.starts_with(b"GET /here "));
    assert!(second.starts_with(b"GET /there "));

    let dir = TempDir::new("tls-run");
    let file = dir.join("api.http");
    std::fs::write(&file, format!("GET {url}/one\n\n###\nGET {url}/two\n")).unwrap();
    let out = resp()
        .args(["run", "--cacert", &fixture("cert.pem")])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let seen: Vec<Vec<u8>> = (0..2)
        .filter_map(|_| rx.recv_timeout(Duration::from_secs(2)).ok())
        .collect();
    assert_eq!(seen.len(), 2);
    assert!(seen.iter().any(|r| r.starts_with(b"GET /one ")));
    assert!(seen.iter().any(|r| r.starts_with(b"GET /two ")));
    // Without the flag, run refuses it as send does.
    let out = resp().arg("run").arg(&file).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(rx.try_recv().is_err(), "nothing was sent");
}

#[test]
fn a_trusted_certificate_must_still_be_valid_now_and_for_the_name() {
    // Expired in 2020, given as --cacert: still expired, and the hint says what was
    // trusted instead of offering --cacert again.
    let (url, rx) = serve_tls_expired(vec![common::server::answer(OK)]);
    let out = resp()
        .args(["send", "-b", "--cacert", &fixture("expired-cert.pem")])
        .arg(format!("{url}/"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let err = stderr(&out);
    assert!(
        err.contains("TLS failed: the server's certificate has expired"),
        "{err}"
    );
    assert!(
        err.contains("hint: resp trusted only the certificates in --cacert ")
            && err.contains("expired-cert.pem (not the built-in roots)"),
        "{err}"
    );
    assert!(!err.contains("--cacert FILE"), "{err}");
    // The scripted server hands back what it read: nothing, the handshake having failed.
    let read = rx.recv_timeout(Duration::from_secs(2)).unwrap_or_default();
    assert!(read.is_empty(), "{}", String::from_utf8_lossy(&read));

    // A certificate with no name for 127.0.0.1 (the fixture client certificate, which has
    // no subject alternative name), trusted byte for byte: refused for the name.
    let (url, rx) = tls_server("client-cert.pem", "client-key.pem", vec![OK.into()]);
    let out = resp()
        .env("SSL_CERT_FILE", fixture("client-cert.pem"))
        .args(["send", "-b"])
        .arg(format!("{url}/"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let err = stderr(&out);
    assert!(
        err.contains("TLS failed: the server's certificate is not valid for 127.0.0.1"),
        "{err}"
    );
    assert!(err.contains("SSL_CERT_FILE"), "{err}");
    assert!(!err.contains("--cacert FILE"), "{err}");
    assert!(rx.try_recv().is_err(), "nothing was sent");
}

#[test]
fn another_trusted_certificate_does_not_vouch_for_a_self_signed_one() {
    let (url, rx) = self_signed(&[OK]);
    let out = resp()
        .args(["send", "-b", "--cacert", &fixture("private-ca.pem")])
        .arg(format!("{url}/"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let err = stderr(&out);
    assert!(
        err.contains("self-signed (a CA certificate used as its own), and it is not one of the certificates in --cacert "),
        "{err}"
    );
    assert!(
        err.contains("private-ca.pem (not the built-in roots)"),
        "{err}"
    );
    assert!(!err.contains("--cacert FILE"), "{err}");
    assert!(rx.try_recv().is_err(), "nothing was sent");
}

/// A plain HTTP server on 127.0.0.1 answering every request with `answer`; the time each
/// request arrived comes back on the channel. Returns `http://127.0.0.1:PORT/`.
fn counting_server(answer: &'static str) -> (String, mpsc::Receiver<Instant>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for tcp in listener.incoming() {
            let Ok(mut tcp) = tcp else { return };
            let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
            if read_request(&mut tcp).is_empty() {
                continue;
            }
            let _ = tx.send(Instant::now());
            let _ = tcp.write_all(answer.as_bytes());
        }
    });
    (url, rx)
}

const RETRY_AFTER_1: &str =
    "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n";
const RETRY_AFTER_120: &str =
    "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 120\r\nContent-Length: 0\r\n\r\n";

/// The gaps between the requests the server saw, in seconds.
fn gaps(rx: &mpsc::Receiver<Instant>) -> Vec<f64> {
    let times: Vec<Instant> = rx.try_iter().collect();
    times
        .windows(2)
        .map(|w| (w[1] - w[0]).as_secs_f64())
        .collect()
}

#[test]
fn until_makes_one_last_attempt_when_the_server_asks_for_longer_than_is_left() {
    // Retry-After: 1 under --retry-max-time 2: a second fits in what is left and is waited
    // as asked; then less than a second is left: one last attempt half-way, then none
    // (it was 1 s, 1 s, 0.5, 0.3, 0.2 s: a burst at the end).
    let (url, rx) = counting_server(RETRY_AFTER_1);
    let out = resp()
        .args(["send", "--until", "2xx", "--retry-max-time", "2", &url])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(8), "{err}");
    let gaps = gaps(&rx);
    assert_eq!(gaps.len(), 2, "{gaps:?} {err}");
    assert!(gaps.iter().all(|&g| g >= 0.4), "{gaps:?}");
    assert!(
        err.contains("resp: attempt 1: 503 Service Unavailable · waiting 1 s (Retry-After)\n"),
        "{err}"
    );
    assert!(
        err.contains("resp: attempt 2: 503 Service Unavailable · waiting 0.5 s (Retry-After asked for longer)\n"),
        "{err}"
    );
    assert!(
        err.contains(
            "resp: not retrying: waiting 1 s (Retry-After) would pass --retry-max-time (2 s)\n"
        ),
        "{err}"
    );
    assert_eq!(err.matches("asked for longer").count(), 1, "{err}");
}

#[test]
fn until_asks_once_more_before_the_time_runs_out_then_stops() {
    // Retry-After: 120 under --retry-max-time 2: the wait is cut once, to what is left
    // less room for the last attempt; after it, no wait under the floor, no other attempt.
    let (url, rx) = counting_server(RETRY_AFTER_120);
    let out = resp()
        .args([
            "send",
            "--until",
            "2xx",
            "--retry-max-time",
            "2",
            "--json",
            &url,
        ])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(8), "{err}");
    let gaps = gaps(&rx);
    assert_eq!(gaps.len(), 1, "{gaps:?} {err}");
    assert!(gaps[0] >= 0.5, "{gaps:?}");
    let lines = common::json_lines(&out);
    let attempts: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["type"] == "attempt").collect();
    assert_eq!(attempts.len(), 2, "{lines:?}");
    assert_eq!(attempts[1]["stop"], "max_time", "{lines:?}");
}
