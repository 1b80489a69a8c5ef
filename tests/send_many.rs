//! `resp send URL URL…` through the binary: a loopback server answering by path keeps
//! every request, so each test checks what went to each URL (the same options on every
//! one, the body read once), what was shown (a card or a JSON record naming each URL,
//! then the summary), the worst exit code, and the flags that take one response refused
//! before anything is sent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;

use common::server::{closed_port, read_request};
use common::{json_lines, resp};

/// A server on loopback answering each request by its path; it keeps the requests.
fn server() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let log = Arc::clone(&log);
            thread::spawn(move || {
                let request = String::from_utf8_lossy(&read_request(&mut stream)).into_owned();
                let path = request.split(' ').nth(1).unwrap_or_default().to_string();
                let (status, extra) = match path.as_str() {
                    "/ok" => ("200 OK", ""),
                    "/missing" => ("404 Not Found", ""),
                    "/busy" => ("503 Service Unavailable", "Retry-After: 0\r\n"),
                    _ => ("418 I'm a teapot", ""),
                };
                let body = match path.as_str() {
                    // A body with terminal escapes in it, as a hostile server sends.
                    "/odd" => "{\"message\":\"\x1b]0;owned\x07\x1b[2Jgone\"}".to_string(),
                    _ => format!("{{\"path\":\"{path}\"}}"),
                };
                let reply = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                log.lock().unwrap().push(request);
                let _ = stream.write_all(reply.as_bytes());
            });
        }
    });
    (url, seen)
}

fn paths(seen: &Arc<Mutex<Vec<String>>>) -> Vec<String> {
    let mut paths: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.split(' ').nth(1).unwrap_or_default().to_string())
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_url_gets_the_same_request_and_the_worst_code_wins() {
    let (url, seen) = server();
    let out = resp()
        .args(["send", "-H", "X-Trace: t1", "-d", "a=1"])
        .arg(format!("{url}/ok"))
        .arg(format!("{url}/missing"))
        .arg(format!("{url}/busy"))
        .output()
        .unwrap();
    // 5xx outranks 4xx, as for several files read.
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 3);
    for r in &requests {
        assert!(r.starts_with("POST "), "{r}");
        assert!(r.to_ascii_lowercase().contains("x-trace: t1"), "{r}");
        assert!(r.ends_with("a=1"), "{r}");
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Each card names its URL, in the order given.
    let ok = stdout.find(&format!("{url}/ok")).unwrap();
    let missing = stdout.find(&format!("{url}/missing")).unwrap();
    let busy = stdout.find(&format!("{url}/busy")).unwrap();
    assert!(ok < missing && missing < busy, "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("3 URLs in "), "{stdout}");
    assert!(last.ends_with(": 1 passed, 2 failed (exit 5)"), "{stdout}");
}

#[test]
fn json_gives_one_record_per_response_naming_it_then_a_summary() {
    let (url, _seen) = server();
    let out = resp()
        .args(["send", "--json"])
        .arg(format!("{url}/missing"))
        .arg(format!("{url}/ok"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["type"], "response");
    assert_eq!(lines[0]["source"], format!("{url}/missing"));
    assert_eq!(lines[0]["status"], 404);
    assert_eq!(lines[1]["source"], format!("{url}/ok"));
    assert_eq!(lines[1]["status"], 200);
    assert_eq!(lines[2]["type"], "summary");
    assert_eq!(lines[2]["requests"], 2);
    assert_eq!(lines[2]["passed"], 1);
    assert_eq!(lines[2]["failed"], 1);
    assert_eq!(lines[2]["exit_code"], 4);
}

#[test]
fn one_failing_connection_is_reported_and_the_rest_still_go() {
    let (url, seen) = server();
    let dead = format!("http://127.0.0.1:{}/gone", closed_port());
    let out = resp()
        .arg("send")
        .arg(format!("{url}/ok"))
        .arg(&dead)
        .arg(format!("{url}/missing"))
        .output()
        .unwrap();
    // A connection failure outranks any status.
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    assert_eq!(paths(&seen), ["/missing", "/ok"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("resp: error:"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("3 URLs in ") && stdout.contains("1 passed, 2 failed (exit 7)"),
        "{stdout}"
    );
}

#[test]
fn a_body_from_stdin_is_read_once_and_sent_to_each() {
    let (url, seen) = server();
    // Larger than a pipe's buffer, generated here.
    let body: String = (0..20_000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let out = resp()
        .args(["send", "--json", "-d", "@-"])
        .arg(format!("{url}/ok"))
        .arg(format!("{url}/ok"))
        .write_stdin(body.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 2);
    for r in &requests {
        assert!(r.ends_with(&body), "a request without the whole body");
    }
}

#[test]
fn retry_applies_to_each_url_on_its_own() {
    let (url, seen) = server();
    let out = resp()
        .args(["send", "--retry", "1", "--json"])
        .arg(format!("{url}/busy"))
        .arg(format!("{url}/ok"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{out:?}");
    // The busy URL twice (first try, one retry); the healthy one once.
    assert_eq!(paths(&seen), ["/busy", "/busy", "/ok"]);
    let lines = json_lines(&out);
    assert_eq!(lines.last().unwrap()["type"], "summary");
    assert_eq!(lines.last().unwrap()["requests"], 2);
}

#[test]
fn flags_that_take_one_response_refuse_several_urls_before_sending() {
    let (url, seen) = server();
    let dir = common::TempDir::new("send-many");
    let file = dir.join("out");
    let file = file.to_str().unwrap();
    for flags in [vec!["-o", file], vec!["--save", file], vec!["-b"]] {
        let out = resp()
            .arg("send")
            .args(&flags)
            .arg(format!("{url}/ok"))
            .arg(format!("{url}/missing"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {out:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("2 URLs were given"), "{stderr}");
        assert!(!std::path::Path::new(file).exists());
    }
    assert!(seen.lock().unwrap().is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_url_anywhere_sends_nothing_and_is_shown_escaped() {
    let (url, seen) = server();
    let out = resp()
        .arg("send")
        .arg(format!("{url}/ok"))
        .arg("http://127.0.0.1:99999/\x1b[2Jx")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(!out.stderr.contains(&0x1b), "a raw escape reached stderr");
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn what_a_server_sends_is_escaped_in_every_card() {
    let (url, _seen) = server();
    let out = resp()
        .arg("send")
        .arg(format!("{url}/ok"))
        .arg(format!("{url}/odd"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{out:?}");
    assert!(!out.stdout.contains(&0x1b), "a raw escape reached stdout");
    assert!(!out.stdout.contains(&0x07), "a raw BEL reached stdout");
    // The body is shown, its escapes spelled out.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("gone") && stdout.contains("\\x1b"),
        "{stdout}"
    );
}
