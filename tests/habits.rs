//! The habits curl and xh users bring to `resp send`, through the binary: `-o -` and
//! `--save -` as stdout, `--fail`, `--unix-socket`, a private CA (`--cacert`,
//! `SSL_CERT_FILE`, `SSL_CERT_DIR`) and client certificates, the headers of a HEAD request
//! and `-i`, header names sent as typed, `-u USER` without a terminal, and `-q` on a failed
//! connection. Servers listen on 127.0.0.1 or on a Unix socket in a temporary folder.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::os::unix::net::UnixListener;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use common::server::{read_request, received, respond, serve};
use common::{Temp, TempDir, resp};

const TLS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls");

fn fixture(name: &str) -> String {
    format!("{TLS}/{name}")
}

const JSON_404: &str = "{\"message\": \"no such item\"}";

#[test]
fn dash_output_is_stdout_and_makes_no_file_named_dash() {
    let (url, _) = serve(vec![respond(
        "200 OK",
        &[("Content-Type", "application/json")],
        "{\"id\": 7}",
    )]);
    let dir = TempDir::new("dash");
    let out = resp()
        .current_dir(&*dir)
        .args(["send", &format!("{url}/items/7"), "-o", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        out.stdout, b"{\"id\": 7}",
        "the body alone, as -b writes it"
    );
    assert!(!dir.join("-").exists(), "no file named '-'");
    // As -b, not with what would mix into the body.
    let out = resp()
        .args(["send", &format!("{url}/items/7"), "-o", "-", "-v"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-o - prints the body alone"), "{err}");
    // A file named '-' is still reachable as ./-.
    let (url, _) = serve(vec![respond("200 OK", &[], "kept")]);
    let out = resp()
        .current_dir(&*dir)
        .args(["send", &format!("{url}/"), "-o", "./-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read(dir.join("-")).unwrap(), b"kept");
}

#[test]
fn dash_save_writes_the_exchange_to_stdout_for_read() {
    let (url, _) = serve(vec![respond(
        "404 Not Found",
        &[("Content-Type", "application/json")],
        JSON_404,
    )]);
    let dir = TempDir::new("save");
    let out = resp()
        .current_dir(&*dir)
        .args(["send", &format!("{url}/items/9"), "--save", "-"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(!dir.join("-").exists());
    let saved = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(saved.starts_with("HTTP/1.1 404 Not Found\r\n"), "{saved}");
    assert!(saved.ends_with(JSON_404), "{saved}");
    let card = String::from_utf8_lossy(&out.stderr);
    assert!(
        card.contains("404 Not Found"),
        "the card, on stderr: {card}"
    );
    // What went to stdout is what `resp read` reads.
    let read = resp()
        .args(["read", "-"])
        .write_stdin(out.stdout)
        .output()
        .unwrap();
    assert_eq!(read.status.code(), Some(4));
    let text = String::from_utf8_lossy(&read.stdout);
    assert!(text.contains("no such item"), "{text}");
    // Two things cannot both be stdout.
    let out = resp()
        .args(["send", &format!("{url}/"), "--save", "-", "-b"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn fail_writes_no_error_body_to_a_pipe_or_a_file() {
    let error = || {
        respond(
            "404 Not Found",
            &[("Content-Type", "application/json")],
            JSON_404,
        )
    };
    let (url, _) = serve(vec![
        error(),
        error(),
        respond("503 Service Unavailable", &[], "<html>down</html>"),
        respond("200 OK", &[], "{\"ok\": true}"),
        error(),
    ]);
    // Without --fail the error body goes down the pipe.
    let out = resp()
        .args(["send", &format!("{url}/x"), "-b"])
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), out.stdout.as_slice()),
        (Some(4), JSON_404.as_bytes())
    );
    // With it, nothing; the exit code and stderr say why.
    let out = resp()
        .args(["send", &format!("{url}/x"), "-b", "--fail"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        out.stdout.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("404 Not Found"), "{err}");
    assert!(err.contains("--fail"), "{err}");
    // -o: the file is not made.
    let dir = TempDir::new("fail");
    let file = dir.join("body.html");
    let out = resp()
        .args(["send", &format!("{url}/x"), "-f", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(!file.exists());
    assert!(String::from_utf8_lossy(&out.stdout).contains("nothing was written to"));
    // A success is written as always.
    let out = resp()
        .args(["send", &format!("{url}/x"), "-f", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read(&file).unwrap(), b"{\"ok\": true}");
    // An expected status is no failure.
    let out = resp()
        .args([
            "send",
            &format!("{url}/x"),
            "-b",
            "--fail",
            "--expect",
            "404",
        ])
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), out.stdout.as_slice()),
        (Some(0), JSON_404.as_bytes())
    );
}

/// A one-connection-at-a-time HTTP server on a Unix socket in `dir`, answering each
/// request with `answer`; the requests come back on the channel.
fn unix_server(dir: &TempDir, answer: &'static str) -> (PathBuf, mpsc::Receiver<Vec<u8>>) {
    let path = dir.join("docker.sock");
    let listener = UnixListener::bind(&path).unwrap();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = tx.send(read_request(&mut stream));
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    (path, rx)
}

#[test]
fn unix_socket_reaches_a_server_without_a_host() {
    let dir = TempDir::new("unix");
    let body = "[{\"Id\": \"abc\"}]";
    let answer: &'static str = Box::leak(
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nApi-Version: 1.43\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    );
    let (socket, rx) = unix_server(&dir, answer);
    let out = resp()
        .args(["send", "--unix-socket"])
        .arg(&socket)
        .args(["http://docker/v1.43/containers/json", "-b"])
        // A proxy would stand between TCP connections, not before a socket.
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, body.as_bytes());
    let request = received(&rx).unwrap();
    assert!(
        request.starts_with("GET /v1.43/containers/json HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(request.contains("\r\nHost: docker\r\n"), "{request}");
    // -v names the socket as the connection.
    let out = resp()
        .args(["send", "-v", "--unix-socket"])
        .arg(&socket)
        .arg("http://localhost/_ping")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("unix:{}", socket.display())),
        "{text}"
    );
    // No socket there: a failed connection, in one error and its hint.
    let out = resp()
        .args(["send", "--unix-socket"])
        .arg(dir.join("absent.sock"))
        .arg("http://docker/_ping")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("resp: error: --unix-socket ") && err.contains("absent.sock"),
        "the socket, not the URL's host, is named: {err}"
    );
}

/// Certificates and a key from the fixtures, for a server of our own.
fn server_config(cert: &str, key: &str, client_ca: Option<&str>) -> Arc<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(fixture(cert))
        .unwrap()
        .map(|c| c.unwrap())
        .collect();
    let key = PrivateKeyDer::from_pem_file(fixture(key)).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap();
    let builder = match client_ca {
        Some(ca) => {
            let mut roots = rustls::RootCertStore::empty();
            for c in CertificateDer::pem_file_iter(fixture(ca)).unwrap() {
                roots.add(c.unwrap()).unwrap();
            }
            let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
                Arc::new(roots),
                provider,
            )
            .build()
            .unwrap();
            builder.with_client_cert_verifier(verifier)
        }
        None => builder.with_no_client_auth(),
    };
    Arc::new(builder.with_single_cert(certs, key).unwrap())
}

/// A TLS server answering 200 on every connection whose handshake succeeds; each request
/// read comes back on the channel. Returns `https://127.0.0.1:PORT`.
fn tls_server(config: Arc<rustls::ServerConfig>) -> (String, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for tcp in listener.incoming() {
            let Ok(tcp) = tcp else { return };
            let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
            let conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            let request = read_request(&mut tls);
            if request.is_empty() {
                continue;
            }
            let _ = tx.send(request);
            let _ = tls.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\ntrusted");
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    (url, rx)
}

#[test]
fn run_trusts_a_private_ca_and_shows_a_client_certificate_as_send_does() {
    let (url, rx) = tls_server(server_config(
        "private-server-cert.pem",
        "private-server-key.pem",
        Some("private-ca.pem"),
    ));
    let dir = TempDir::new("run-tls");
    let file = dir.join("api.http");
    std::fs::write(&file, format!("GET {url}/one\n\n###\nGET {url}/two\n")).unwrap();
    let run = || {
        let mut cmd = resp();
        cmd.arg("run").arg(&file);
        cmd
    };
    // The built-in roots do not know the CA.
    let out = run().output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    // --cacert, and the client certificate the server asks for, as for send.
    let out = run()
        .args(["--cacert", &fixture("private-ca.pem")])
        .args(["--cert", &fixture("client-cert.pem")])
        .args(["--key", &fixture("client-key.pem")])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Vec<Vec<u8>> = rx.try_iter().collect();
    assert!(
        seen.iter().any(|r| r.starts_with(b"GET /two ")),
        "{:?}",
        seen.iter()
            .map(|r| String::from_utf8_lossy(r))
            .collect::<Vec<_>>()
    );
    // SSL_CERT_FILE as for send; a file of it that holds no certificate is said before
    // anything is sent.
    let out = run()
        .env("SSL_CERT_FILE", fixture("private-ca.pem"))
        .args(["--cert", &fixture("client-cert.pem")])
        .args(["--key", &fixture("client-key.pem")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    while rx.recv_timeout(Duration::from_millis(200)).is_ok() {}
    let bad = Temp::new("no-cert.pem", b"not a certificate");
    let out = run().env("SSL_CERT_FILE", bad.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("holds no certificate"), "{err}");
    assert!(rx.try_recv().is_err(), "nothing was sent");
}

#[test]
fn a_private_ca_from_cacert_or_the_environment() {
    let (url, rx) = tls_server(server_config(
        "private-server-cert.pem",
        "private-server-key.pem",
        None,
    ));
    let send = || {
        let mut cmd = resp();
        cmd.args(["send", &format!("{url}/"), "-b"]);
        cmd
    };
    // The built-in roots do not know the CA: a failed connection, and the way past it.
    let out = send().output().unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("hint: --cacert FILE trusts a private CA"),
        "{err}"
    );
    let out = send()
        .args(["--cacert", &fixture("private-ca.pem")])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"trusted");
    assert!(received(&rx).is_some());
    let out = send()
        .env("SSL_CERT_FILE", fixture("private-ca.pem"))
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), out.stdout.as_slice()),
        (Some(0), &b"trusted"[..])
    );
    // A folder of certificates, with a file in it that holds none.
    let dir = TempDir::new("certs");
    std::fs::copy(fixture("private-ca.pem"), dir.join("5c1b2e3a.0")).unwrap();
    std::fs::write(dir.join("README"), "not a certificate").unwrap();
    // A folder that is not there is passed over, as OpenSSL does.
    let out = send()
        .env(
            "SSL_CERT_DIR",
            format!("/nonexistent-{}:{}", std::process::id(), dir.display()),
        )
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), out.stdout.as_slice()),
        (Some(0), &b"trusted"[..])
    );
    // Folders with no certificate at all: said, before anything is sent.
    let empty = TempDir::new("no-certs");
    let out = send().env("SSL_CERT_DIR", &*empty).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("SSL_CERT_FILE/SSL_CERT_DIR") && err.contains("no certificate"),
        "{err}"
    );
    // The same certificate under two names, beside a bundle holding it: read once, trusted.
    let linked = TempDir::new("linked-certs");
    std::fs::copy(fixture("private-ca.pem"), linked.join("private-ca.pem")).unwrap();
    std::os::unix::fs::symlink(linked.join("private-ca.pem"), linked.join("5c1b2e3a.0")).unwrap();
    let out = send()
        .env("SSL_CERT_DIR", &*linked)
        .env("SSL_CERT_FILE", linked.join("private-ca.pem"))
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), out.stdout.as_slice()),
        (Some(0), &b"trusted"[..])
    );
    // -k checks no certificate: the environment's roots are not read, even unusable ones.
    let out = send()
        .arg("-k")
        .env("SSL_CERT_DIR", &*empty)
        .output()
        .unwrap();
    assert_eq!(
        (out.status.code(), out.stdout.as_slice()),
        (Some(0), &b"trusted"[..]),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // --cacert wins over the environment: a CA that did not sign the server fails.
    let out = send()
        .env("SSL_CERT_FILE", fixture("private-ca.pem"))
        .args(["--cacert", &fixture("cert.pem")])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
}

#[test]
fn a_bad_certificate_file_is_a_usage_error_before_anything_is_sent() {
    let (url, rx) = serve(vec![respond("200 OK", &[], "")]);
    // Generated garbage: binary bytes, a PEM block of nonsense, an empty file.
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let nonsense = "-----BEGIN CERTIFICATE-----\n@@@@ not base64 @@@@\n-----END CERTIFICATE-----\n";
    for (name, contents) in [
        ("garbage.pem", garbage.as_slice()),
        ("nonsense.pem", nonsense.as_bytes()),
        ("empty.pem", b"".as_slice()),
    ] {
        let file = Temp::new(name, contents);
        let out = resp()
            .args(["send", &format!("{url}/"), "--cacert", file.path()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("resp: error: --cacert "), "{name}: {err}");
        assert_eq!(
            err.lines().filter(|l| l.starts_with("resp: error")).count(),
            1
        );
    }
    let out = resp()
        .args([
            "send",
            &format!("{url}/"),
            "--cacert",
            "/nonexistent/ca.pem",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // The key of another certificate.
    let out = resp()
        .args([
            "send",
            &format!("{url}/"),
            "--cert",
            &fixture("client-cert.pem"),
        ])
        .args(["--key", &fixture("key.pem")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the key does not belong to the certificate"),
        "{err}"
    );
    // A certificate without its key.
    let out = resp()
        .args([
            "send",
            &format!("{url}/"),
            "--cert",
            &fixture("client-cert.pem"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("holds no private key"));
    assert!(common::server::nothing_more(&rx), "no request was made");
}

#[test]
fn a_client_certificate_for_mutual_tls() {
    let (url, rx) = tls_server(server_config(
        "private-server-cert.pem",
        "private-server-key.pem",
        Some("private-ca.pem"),
    ));
    let send = || {
        let mut cmd = resp();
        cmd.args([
            "send",
            &format!("{url}/"),
            "-b",
            "--cacert",
            &fixture("private-ca.pem"),
        ]);
        cmd
    };
    let out = send().output().unwrap();
    assert_ne!(
        out.status.code(),
        Some(0),
        "the server asks for a certificate"
    );
    let out = send()
        .args([
            "--cert",
            &fixture("client-cert.pem"),
            "--key",
            &fixture("client-key.pem"),
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"trusted");
    assert!(received(&rx).is_some());
    // The key in the certificate's own file.
    let both = Temp::new(
        "both.pem",
        &[
            std::fs::read(fixture("client-cert.pem")).unwrap(),
            std::fs::read(fixture("client-key.pem")).unwrap(),
        ]
        .concat(),
    );
    let out = send().args(["--cert", both.path()]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn head_shows_its_headers_and_dash_i_shows_them_without_the_request() {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nETag: \"v7\"\r\nX-Odd-Case: kept\r\nContent-Length: 12\r\n\r\n";
    let (url, rx) = serve(vec![
        common::server::answer(head),
        common::server::answer(&format!("{head}hello world!")),
    ]);
    let out = resp()
        .args(["send", "-X", "HEAD", &format!("{url}/file")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("response headers"), "{text}");
    assert!(text.contains("ETag: \"v7\""), "{text}");
    assert!(text.contains("X-Odd-Case: kept"), "{text}");
    assert!(!text.contains("request:"), "{text}");
    assert!(received(&rx).unwrap().starts_with("HEAD /file "));
    let out = resp()
        .args(["send", "-i", &format!("{url}/file")])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("response headers"), "{text}");
    assert!(text.contains("ETag: \"v7\""), "{text}");
    assert!(
        !text.contains("request:") && !text.contains("User-Agent"),
        "{text}"
    );
    assert!(text.contains("hello world!"), "{text}");
}

#[test]
fn header_names_go_out_as_typed() {
    // A long name in a case no table holds, made here.
    let odd: String = (0..120)
        .map(|i| {
            let c = (b'a' + (i * 7 % 26) as u8) as char;
            if i % 3 == 0 {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect();
    let (url, rx) = serve(vec![respond("200 OK", &[], "")]);
    let out = resp()
        .args([
            "send",
            &format!("{url}/"),
            "-H",
            "X-Api-Key: k",
            "-H",
            &format!("{odd}: 1"),
        ])
        .args(["-H", "content-type: text/plain", "-d", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let request = received(&rx).unwrap();
    assert!(request.contains("\r\nX-Api-Key: k\r\n"), "{request}");
    assert!(request.contains(&format!("\r\n{odd}: 1\r\n")), "{request}");
    assert!(
        request.contains("\r\ncontent-type: text/plain\r\n"),
        "as typed: {request}"
    );
    assert!(
        request.contains("\r\nHost: "),
        "ours as curl writes them: {request}"
    );
    assert!(request.contains("\r\nContent-Length: 1\r\n"), "{request}");
}

#[test]
fn a_user_without_a_password_and_no_terminal_is_a_usage_error() {
    let (url, rx) = serve(vec![respond("200 OK", &[], "")]);
    let out = resp()
        .args(["send", &format!("{url}/"), "-u", "alice"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-u alice has no password"), "{err}");
    assert!(
        common::server::nothing_more(&rx),
        "no request with an empty password"
    );
    // An empty password, said so, is sent.
    let out = resp()
        .args(["send", &format!("{url}/"), "-u", "alice:"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        received(&rx)
            .unwrap()
            .contains("Authorization: Basic YWxpY2U6\r\n")
    );
}

#[test]
fn quiet_says_a_failed_connection_in_one_line() {
    let port = common::server::closed_port();
    let out = resp()
        .args(["send", "-q", &format!("http://127.0.0.1:{port}/")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("resp: error: "), "{err}");
    // Without -q the hint follows.
    let out = resp()
        .args(["send", &format!("http://127.0.0.1:{port}/")])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.lines().any(|l| l.starts_with("hint: ")), "{err}");
}

#[test]
fn save_keeps_the_request_for_read_to_find_the_operation() {
    // The server's own Resp-Request header is not taken for ours.
    let (url, _) = serve(vec![respond(
        "404 Not Found",
        &[
            ("Content-Type", "application/json"),
            ("Resp-Request", "DELETE /images/spoofed"),
        ],
        "{\"message\": \"No such container: abc\"}",
    )]);
    let dir = TempDir::new("saved");
    let saved = dir.join("saved.http");
    let with_password = url.replacen("http://", "http://alice:s3cret@", 1);
    let out = resp()
        .args([
            "send",
            "-X",
            "POST",
            &format!("{with_password}/containers/abc/start"),
        ])
        .arg("--save")
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let text = std::fs::read_to_string(&saved).unwrap();
    let request_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("Resp-Request:"))
        .collect();
    assert_eq!(request_lines.len(), 1, "{text}");
    assert!(request_lines[0].contains("POST http://alice:"), "{text}");
    assert!(
        request_lines[0].ends_with("/containers/abc/start"),
        "{text}"
    );
    assert!(!text.contains("s3cret"), "no password in the file: {text}");
    let table = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/openapi/docker-like.yaml"
    );
    let out = resp()
        .args(["read", "--table", table])
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let card = String::from_utf8_lossy(&out.stdout);
    assert!(
        card.contains("POST /containers/{id}/start"),
        "the operation: {card}"
    );
    assert!(
        card.contains("no such container"),
        "its documented 404: {card}"
    );
}

#[test]
fn read_dash_i_shows_the_headers_of_a_saved_response() {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/200-json.http");
    let plain = resp().args(["read", fixture]).output().unwrap();
    let with = resp().args(["read", "-i", fixture]).output().unwrap();
    let (plain, with) = (
        String::from_utf8(plain.stdout).unwrap(),
        String::from_utf8(with.stdout).unwrap(),
    );
    assert!(!plain.contains("response headers"), "{plain}");
    assert!(with.contains("response headers"), "{with}");
    let json = common::json(
        &resp()
            .args(["read", "-i", "--json", fixture])
            .output()
            .unwrap(),
    );
    assert!(
        json["headers"].as_array().is_some_and(|h| !h.is_empty()),
        "{json}"
    );
}

#[test]
fn a_unix_socket_that_does_not_accept_meets_the_connect_limit() {
    let dir = TempDir::new("full");
    let path = dir.join("hung.sock");
    let listener = UnixListener::bind(&path).unwrap();
    // Connections never accepted fill the socket's queue (net.core.somaxconn of them);
    // past it, connecting blocks.
    let (tx, rx) = mpsc::channel();
    let target = path.clone();
    thread::spawn(move || {
        let mut held = Vec::new();
        loop {
            match std::os::unix::net::UnixStream::connect(&target) {
                Ok(stream) => held.push(stream),
                // Out of descriptors before the queue filled: said below.
                Err(_) => return,
            }
            let _ = tx.send(held.len());
        }
    });
    // Until the filling thread stops getting through.
    loop {
        match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(_) => continue,
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                eprintln!("the socket's queue could not be filled here (too few descriptors)");
                return;
            }
        }
    }
    let started = std::time::Instant::now();
    let out = resp()
        .args(["send", "--connect-timeout", "0.5", "--unix-socket"])
        .arg(&path)
        .arg("http://docker/_ping")
        .timeout(Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(8),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(started.elapsed() < Duration::from_secs(10));
    drop(listener);
}

#[test]
fn a_user_without_a_password_is_asked_on_the_terminal_without_echo() {
    // A terminal for resp: util-linux's script(1) runs it on a new pseudo-terminal.
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("script(1) is not installed: no terminal to test the question on");
        return;
    }
    let (url, rx) = serve(vec![respond("200 OK", &[], "")]);
    let resp_bin = assert_cmd::cargo::cargo_bin("resp");
    let command = format!(
        "{} --color never send -q -u alice {url}/; echo \"exit=$?\"",
        resp_bin.display()
    );
    let mut child = std::process::Command::new("script")
        .args(["-qefc", &command, "/dev/null"])
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, seen_rx) = mpsc::channel();
    thread::spawn(move || {
        let mut buf = [0u8; 256];
        while let Ok(n) = std::io::Read::read(&mut stdout, &mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                return;
            }
        }
    });
    let mut seen = String::new();
    let mut typed = false;
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while std::time::Instant::now() < deadline {
        match seen_rx.recv_timeout(Duration::from_millis(100)) {
            Ok(bytes) => seen.push_str(&String::from_utf8_lossy(&bytes)),
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        // Typed once the question is asked, as a person would.
        if !typed && seen.contains("Password for alice: ") {
            let stdin = child.stdin.as_mut().unwrap();
            stdin.write_all(b"pa55 w0rd\n").unwrap();
            stdin.flush().unwrap();
            typed = true;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(typed, "{seen}");
    assert!(!seen.contains("pa55"), "the password is not echoed: {seen}");
    assert!(seen.contains("exit=0"), "{seen}");
    let request = received(&rx).unwrap();
    // base64("alice:pa55 w0rd")
    assert!(
        request.contains("\r\nAuthorization: Basic YWxpY2U6cGE1NSB3MHJk\r\n"),
        "{request}"
    );
}

#[test]
fn dash_save_refuses_a_terminal() {
    let has_script = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_script {
        eprintln!("script(1) is not installed: no terminal to test on");
        return;
    }
    // An escape sequence a terminal would act on, were it written there.
    let (url, _) = serve(vec![respond("200 OK", &[], "\u{1b}]0;pwned\u{7}")]);
    let command = format!(
        "{} --color never send {url}/ --save -; echo \"exit=$?\"",
        assert_cmd::cargo::cargo_bin("resp").display()
    );
    let out = std::process::Command::new("script")
        .args(["-qefc", &command, "/dev/null"])
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let seen = String::from_utf8_lossy(&out.stdout);
    assert!(seen.contains("exit=2"), "{seen}");
    assert!(seen.contains("stdout is a terminal"), "{seen}");
    assert!(!seen.contains("pwned"), "{seen}");
}
