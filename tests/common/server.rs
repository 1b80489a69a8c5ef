//! Scripted HTTP servers for the `send` and `retry` tests: a std `TcpListener` on 127.0.0.1 (and, for
//! TLS, rustls with the test certificate in `tests/fixtures/tls/`) that plays one [`Step`]
//! per connection, writing exact bytes, and hands back each request it read.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

/// What the server does on one connection.
#[derive(Clone)]
pub enum Step {
    /// Read the request, then write these bytes and close.
    Answer(Vec<u8>),
    /// Read the request, then write nothing for this long (the client should give up).
    Stall(Duration),
    /// Write these bytes without reading the request, then drop: a reset.
    Reset(Vec<u8>),
    /// Write these bytes at once, before any request arrives, and hold the connection.
    Blurt(Vec<u8>),
    /// Read the request, then write each piece after its pause, then hold the connection
    /// for the last duration.
    Trickle(Vec<(Duration, Vec<u8>)>, Duration),
    /// Read only the request head, answer at once, read a little more of the body, then
    /// close: a server refusing a large upload.
    RefuseUpload(Vec<u8>),
    /// Read only the request head, then hold the connection this long without reading:
    /// an upload that makes no progress.
    Deaf(Duration),
}

/// A step that answers `text`.
pub fn answer(text: &str) -> Step {
    Step::Answer(text.as_bytes().to_vec())
}

/// A step that answers `status` (`429 Too Many Requests`) with `headers` and `body`,
/// its Content-Length filled in.
pub fn respond(status: &str, headers: &[(&str, &str)], body: &str) -> Step {
    let mut text = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    answer(&text)
}

/// Reads one request (headers, and a Content-Length body) from `stream`.
pub fn read_request(stream: &mut impl Read) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).unwrap_or(0);
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let len = content_length(&buf[..end]);
            if buf.len() >= end + 4 + len {
                break;
            }
        }
    }
    buf
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .to_ascii_lowercase()
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0)
}

/// Reads up to the end of the request head.
fn read_head(stream: &mut impl Read) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => buf.push(byte[0]),
            _ => break,
        }
    }
    buf
}

fn play(step: Step, stream: &mut (impl Read + Write), tx: &mpsc::Sender<Vec<u8>>) {
    match step {
        Step::Answer(bytes) => {
            let request = read_request(stream);
            let _ = tx.send(request);
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
        }
        Step::Stall(d) => {
            let _ = tx.send(read_request(stream));
            thread::sleep(d);
        }
        Step::Blurt(bytes) => {
            let _ = stream.write_all(&bytes);
            thread::sleep(Duration::from_millis(500));
        }
        Step::Reset(bytes) => {
            // Unread request bytes make the close a reset.
            thread::sleep(Duration::from_millis(50));
            let _ = stream.write_all(&bytes);
        }
        Step::Trickle(pieces, hold) => {
            let _ = tx.send(read_request(stream));
            for (pause, bytes) in pieces {
                thread::sleep(pause);
                if stream
                    .write_all(&bytes)
                    .and_then(|()| stream.flush())
                    .is_err()
                {
                    return;
                }
            }
            thread::sleep(hold);
        }
        Step::Deaf(hold) => {
            let _ = tx.send(read_head(stream));
            thread::sleep(hold);
        }
        Step::RefuseUpload(bytes) => {
            let head = read_head(stream);
            let _ = tx.send(head);
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
            let mut some = vec![0u8; 64 * 1024];
            let _ = stream.read(&mut some);
        }
    }
}

/// Serves `steps`, one connection each, on a fresh port; the requests come back on the
/// channel. Returns the base URL (`http://127.0.0.1:PORT`).
pub fn serve(steps: Vec<Step>) -> (String, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    (url, serve_listener(listener, steps))
}

/// [`serve`] on a port chosen before: a server that comes up where connections were
/// refused (see [`closed_port`]). Returns once it listens.
pub fn serve_on_port(port: u16, steps: Vec<Step>) -> mpsc::Receiver<Vec<u8>> {
    let listener = TcpListener::bind(("127.0.0.1", port)).unwrap();
    serve_listener(listener, steps)
}

fn serve_listener(listener: TcpListener, steps: Vec<Step>) -> mpsc::Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for step in steps {
            let Ok((mut stream, _)) = listener.accept() else {
                return;
            };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            play(step, &mut stream, &tx);
        }
    });
    rx
}

/// The test certificate's server configuration: `""` for the valid one (CN localhost,
/// SAN localhost and 127.0.0.1), `"expired-"` for one that expired in 2020, `"future-"`
/// for one valid only in 2090.
fn tls_config(which: &str) -> Arc<rustls::ServerConfig> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls");
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_file_iter(format!("{dir}/{which}cert.pem"))
            .unwrap()
            .map(|c| c.unwrap())
            .collect();
    let key = PrivateKeyDer::from_pem_file(format!("{dir}/{which}key.pem")).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    Arc::new(config)
}

/// [`serve`] over TLS: returns `https://127.0.0.1:PORT` (use `-k`: the certificate is
/// self-signed).
pub fn serve_tls(steps: Vec<Step>) -> (String, mpsc::Receiver<Vec<u8>>) {
    let (base, rx) = serve_mixed(|_| steps.into_iter().map(|s| (true, s)).collect());
    (base.replacen("http://", "https://", 1), rx)
}

/// [`serve_tls`] with the certificate that expired in 2020.
pub fn serve_tls_expired(steps: Vec<Step>) -> (String, mpsc::Receiver<Vec<u8>>) {
    let (base, rx) = serve_on(tls_config("expired-"), |_| {
        steps.into_iter().map(|s| (true, s)).collect()
    });
    (base.replacen("http://", "https://", 1), rx)
}

/// [`serve_tls`] with the certificate valid only in January 2090.
pub fn serve_tls_future(steps: Vec<Step>) -> (String, mpsc::Receiver<Vec<u8>>) {
    let (base, rx) = serve_on(tls_config("future-"), |_| {
        steps.into_iter().map(|s| (true, s)).collect()
    });
    (base.replacen("http://", "https://", 1), rx)
}

/// One port that speaks TLS on the connections marked `true` and plain HTTP on the others,
/// in order: `https://h:P/` and `http://h:P/` on the same host and port, as a server
/// behind both schemes would be. `script` gets the `127.0.0.1:PORT` it listens on.
/// Returns `http://127.0.0.1:PORT`.
pub fn serve_mixed(
    script: impl FnOnce(&str) -> Vec<(bool, Step)>,
) -> (String, mpsc::Receiver<Vec<u8>>) {
    serve_on(tls_config(""), script)
}

fn serve_on(
    config: Arc<rustls::ServerConfig>,
    script: impl FnOnce(&str) -> Vec<(bool, Step)>,
) -> (String, mpsc::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let url = format!("http://{addr}");
    let steps = script(&addr);
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for (tls, step) in steps {
            let Ok((mut tcp, _)) = listener.accept() else {
                return;
            };
            let _ = tcp.set_read_timeout(Some(Duration::from_secs(5)));
            if !tls {
                play(step, &mut tcp, &tx);
                continue;
            }
            let conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            play(step, &mut tls, &tx);
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    (url, rx)
}
/// Waits for the next request the server read, up to two seconds.
pub fn received(rx: &mpsc::Receiver<Vec<u8>>) -> Option<String> {
    rx.recv_timeout(Duration::from_secs(2))
        .ok()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

/// True when no further request reached the server. Call it after resp has exited: any
/// request it made has arrived by then, so a short wait is enough.
pub fn nothing_more(rx: &mpsc::Receiver<Vec<u8>>) -> bool {
    rx.recv_timeout(Duration::from_millis(200)).is_err()
}

/// Connects to nothing: a port that was free a moment ago.
pub fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// A CONNECT proxy on 127.0.0.1 for `connections` tunnels: it answers
/// `200 Connection established` and copies bytes both ways to the target. Returns its URL
/// (`http://127.0.0.1:PORT`); the CONNECT lines it got come back on the channel.
pub fn connect_proxy(connections: usize) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for _ in 0..connections {
            let Ok((mut client, _)) = listener.accept() else {
                return;
            };
            let head = String::from_utf8_lossy(&read_head(&mut client)).into_owned();
            let line = head.lines().next().unwrap_or_default().to_string();
            let _ = tx.send(line.clone());
            let target = line.split(' ').nth(1).unwrap_or_default().to_string();
            let Ok(server) = std::net::TcpStream::connect(&target) else {
                let _ = client.write_all(b"HTTP/1.1 502 Bad Gateway\r\n\r\n");
                continue;
            };
            let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
            let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
            let (mut c1, mut s1) = (client, server);
            thread::spawn(move || {
                let _ = std::io::copy(&mut c2, &mut s2);
                let _ = s2.shutdown(std::net::Shutdown::Write);
            });
            let _ = std::io::copy(&mut s1, &mut c1);
            let _ = c1.shutdown(std::net::Shutdown::Both);
        }
    });
    (url, rx)
}
