//! `resp send` through the binary against a std `TcpListener` on 127.0.0.1 writing exact
//! bytes: odd reason phrases, rate-limit headers, chains and loops, 1xx preambles, stalls,
//! resets, early closes and garbage. Every exit code `send` can produce is checked.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::thread;
use std::time::Duration;

use common::server::{Step, answer, read_request, serve};
use common::{json, resp};
use predicates::prelude::*;

const CALM: &str = "HTTP/1.1 420 \r\nContent-Type: application/json\r\nx-rate-limit-limit: 15\r\nx-rate-limit-remaining: 0\r\nx-rate-limit-reset: 1795680000\r\nDate: Thu, 26 Nov 2026 07:46:00 GMT\r\nContent-Length: 48\r\n\r\n{\"code\": \"88\", \"message\": \"Rate limit exceeded\"}";

#[test]
fn rate_limited_420_with_an_empty_reason() {
    let (url, _) = serve(vec![answer(CALM), answer(CALM)]);
    let out = resp()
        .args(["send", &format!("{url}/statuses")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("420 Enhance Your Calm\n"), "{text}");
    assert!(
        text.contains("server said  420 with no reason phrase"),
        "the wire's empty reason, as read shows it: {text}"
    );
    assert!(text.contains("88: Rate limit exceeded"), "{text}");
    assert!(
        text.contains(
            "0 of 15 left, resets at 2026-11-26 08:00:00 UTC (14 min after the response)"
        ),
        "{text}"
    );

    let v = json(
        &resp()
            .args(["send", "--json", &format!("{url}/statuses")])
            .output()
            .unwrap(),
    );
    assert_eq!(v["status"], 420);
    assert_eq!(v["reason"], serde_json::Value::Null, "the server sent none");
    assert_eq!(v["error"]["code"], "88");
    assert_eq!(v["rate_limit"]["remaining"], 0);
    assert_eq!(v["rate_limit"]["reset_at"], "2026-11-26T08:00:00Z");
    assert_eq!(v["request"]["method"], "GET");
}

#[test]
fn the_documented_error_body_and_each_status_class() {
    let body = "{\"code\": \"999\", \"message\": \"An error has occurred\"}";
    let with = |status: &str| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let (url, _) = serve(vec![
        answer(&with("500 Internal Server Error")),
        answer(&with("200 OK")),
        answer(&with("404 Not Found")),
        answer(&with("999 Odd")),
        answer(&with("304 Not Modified")),
    ]);
    resp()
        .args(["send", &url])
        .assert()
        .code(5)
        .stdout(predicate::str::contains("999: An error has occurred"));
    resp().args(["send", &url]).assert().code(0);
    resp().args(["send", &url]).assert().code(4);
    resp().args(["send", &url]).assert().code(9);
    resp().args(["send", &url]).assert().code(3);
}

#[test]
fn expect_and_quiet() {
    let (url, _) = serve(vec![
        answer(
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        );
        2
    ]);
    resp()
        .args(["send", "-q", "--expect", "404", &url])
        .assert()
        .code(0)
        .stdout("");
    resp()
        .args(["send", "-q", "--expect", "2xx", &url])
        .assert()
        .code(4)
        .stdout("")
        .stderr("");
}

#[test]
fn redirects_are_answers_unless_followed() {
    let moved = |to: &str| {
        format!("HTTP/1.1 301 Moved Permanently\r\nLocation: {to}\r\nContent-Length: 0\r\n\r\n")
    };
    let found = "HTTP/1.1 302 Found\r\nLocation: /c\r\nContent-Length: 0\r\n\r\n";
    let ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
    let (url, rx) = serve(vec![
        answer(&moved("/b")),
        answer(&moved("/b")),
        answer(found),
        answer(ok),
    ]);
    resp()
        .args(["send", &format!("{url}/a")])
        .assert()
        .code(3)
        .stdout(predicate::str::starts_with("301 Moved Permanently"));
    let out = resp()
        .args(["send", "--json", "-L", &format!("{url}/a")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["status"], 200);
    let hops: Vec<u64> = v["hops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_u64().unwrap())
        .collect();
    assert_eq!(hops, [301, 302]);
    let paths: Vec<String> = rx
        .try_iter()
        .map(|r| {
            String::from_utf8_lossy(&r)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "GET /a HTTP/1.1",
            "GET /a HTTP/1.1",
            "GET /b HTTP/1.1",
            "GET /c HTTP/1.1"
        ]
    );
}

#[test]
fn a_redirect_loop_stops_at_the_limit_with_exit_6() {
    let loop_step = answer("HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n");
    let (url, _) = serve(vec![loop_step; 4]);
    resp()
        .args(["send", "-L", "--max-redirects", "3", &format!("{url}/loop")])
        .assert()
        .code(6)
        .stdout(predicate::str::contains(format!(
            "via 302 Found · {url}/loop → {url}/loop ·"
        )))
        .stdout(predicate::str::contains(
            "stopped after 3 redirects (--max-redirects): the redirects loop",
        ));
}

#[test]
fn a_continue_preamble_before_the_answer() {
    let (url, _) = serve(vec![answer(
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}",
    )]);
    // The preamble is a hop, as `read` shows a saved one.
    resp()
        .args(["send", "-d", "x=1", &url])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(format!(
            "via 100 Continue · {url}\n201 Created"
        )));
}

#[test]
fn a_stall_is_a_timeout_exit_8() {
    let (url, _) = serve(vec![Step::Stall(Duration::from_secs(3))]);
    resp()
        .args(["send", "--timeout", "0.5", &url])
        .assert()
        .code(8)
        .stderr(predicate::str::contains("timed out (--timeout, 0.5 s)"));
}

#[test]
fn a_reset_mid_headers_is_exit_7() {
    let (url, _) = serve(vec![Step::Reset(b"HTTP/1.1 200 OK\r\nContent-Ty".to_vec())]);
    resp()
        .args(["send", &url])
        .assert()
        .code(7)
        .stderr(predicate::str::starts_with("resp: error: 127.0.0.1:"));
}

#[test]
fn a_body_cut_short_fails_the_exchange_with_the_status_shown() {
    // Shorter than Content-Length, and chunked without its last chunk: exit 7 (the
    // connection broke), whatever the status said; the status is still shown and in JSON.
    for raw in [
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100\r\n\r\nonly part",
        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n9\r\nonly part\r\n",
    ] {
        let (url, _) = serve(vec![answer(raw), answer(raw)]);
        let status = &raw[9..12];
        resp()
            .args(["send", &url])
            .assert()
            .code(7)
            .stdout(predicate::str::contains(status))
            .stdout(predicate::str::contains("the body is incomplete"))
            .stderr(predicate::str::contains(
                "but the connection broke before the body was complete",
            ));
        let out = resp().args(["send", "--json", &url]).output().unwrap();
        assert_eq!(out.status.code(), Some(7), "{raw}");
        let v = json(&out);
        assert_eq!(v["status"].to_string(), status);
        assert_eq!(v["exit_code"], 7);
    }
}

#[test]
fn garbage_instead_of_http_is_an_error() {
    let (url, _) = serve(vec![answer("SSH-2.0-OpenSSH_9.2\r\n\r\n")]);
    let out = resp()
        .args(["send", "--timeout", "3", &url])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(1 | 7)), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("resp: error: 127.0.0.1:") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn refused_dns_and_tls_failures_are_exit_7() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    resp()
        .args(["send", &format!("http://127.0.0.1:{port}/")])
        .assert()
        .code(7)
        .stderr(predicate::str::contains(format!(
            "127.0.0.1:{port}: connection refused"
        )));
    resp()
        .args(["send", "http://no-such-host.invalid/"])
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "no-such-host.invalid: could not resolve the host name",
        ));
    // A plain-HTTP server answering a TLS hello, as nginx does with a 400.
    let (url, _) = serve(vec![Step::Blurt(
        b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".to_vec(),
    )]);
    resp()
        .args([
            "send",
            "--timeout",
            "3",
            &url.replace("http://", "https://"),
        ])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("TLS failed"));
}

#[test]
fn requests_are_built_from_the_flags() {
    let ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
    let (url, rx) = serve(vec![answer(ok), answer(ok), answer(ok)]);
    resp()
        .args([
            "send",
            "--json-body",
            r#"{"a": 1}"#,
            "--bearer",
            "tok123",
            &format!("{url}/j"),
        ])
        .assert()
        .code(0);
    let req = String::from_utf8(rx.recv().unwrap()).unwrap();
    assert!(req.starts_with("POST /j HTTP/1.1\r\n"), "{req}");
    let lower = req.to_ascii_lowercase();
    assert!(lower.contains("content-type: application/json"), "{req}");
    assert!(lower.contains("accept: application/json"), "{req}");
    assert!(req.contains("Bearer tok123"), "{req}");
    assert!(req.ends_with(r#"{"a": 1}"#), "{req}");

    let body_file_dir = common::TempDir::new("send-body");
    let body_file = body_file_dir.join("send-body");
    std::fs::write(&body_file, "from a file").unwrap();
    resp()
        .args([
            "send",
            "-X",
            "put",
            "-H",
            "X-Trace: 7",
            "-u",
            "bob:pw",
            "-d",
        ])
        .arg(format!("@{}", body_file.display()))
        .arg(&url)
        .assert()
        .code(0);
    let req = String::from_utf8(rx.recv().unwrap()).unwrap();
    assert!(req.starts_with("PUT / HTTP/1.1\r\n"), "{req}");
    assert!(req.to_ascii_lowercase().contains("x-trace: 7"), "{req}");
    assert!(req.contains("Basic Ym9iOnB3"), "{req}");
    assert!(req.ends_with("from a file"), "{req}");

    resp()
        .args(["send", "-d", "@-", &url])
        .write_stdin("piped body")
        .assert()
        .code(0);
    assert!(
        String::from_utf8(rx.recv().unwrap())
            .unwrap()
            .ends_with("piped body")
    );
    std::fs::remove_file(body_file).unwrap();

    resp()
        .args(["send", "-H", "NoColon", &url])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("has no colon"));
    resp()
        .args(["send", "--json-body", "{bad", &url])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid JSON"));
}

#[test]
fn verbose_masks_credentials_unless_asked() {
    let ok =
        "HTTP/1.1 401 Unauthorized\r\nSet-Cookie: sid=s3cr3t; Path=/\r\nContent-Length: 0\r\n\r\n";
    let (url, _) = serve(vec![answer(ok), answer(ok)]);
    let target = format!("{url}/x?access_token=tok-in-url");
    let out = resp()
        .args([
            "send",
            "-v",
            "--bearer",
            "sk_live_123",
            "-H",
            "Cookie: a=b",
            &target,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // Request header names go out as typed (ours as curl writes them): shown as sent.
    assert!(
        text.contains("Authorization: Bearer ****") && text.contains("Cookie: a=****"),
        "{text}"
    );
    assert!(text.contains("Set-Cookie: sid=****; Path=/"), "{text}");
    assert!(text.contains("access_token=****"), "{text}");
    assert!(
        !text.contains("sk_live_123") && !text.contains("s3cr3t") && !text.contains("tok-in-url"),
        "{text}"
    );
    let shown = resp()
        .args([
            "send",
            "-v",
            "--show-secrets",
            "--bearer",
            "sk_live_123",
            &target,
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(shown.stdout)
            .unwrap()
            .contains("Bearer sk_live_123")
    );
}

#[test]
fn max_body_cuts_the_body_and_still_classifies() {
    let body = "x".repeat(5000);
    let (url, _) = serve(vec![answer(&format!(
        "HTTP/1.1 500 Oops\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    ))]);
    resp()
        .args(["send", "--max-body", "1K", &url])
        .assert()
        .code(5)
        .stdout(predicate::str::contains(
            "larger than --max-body (1024 bytes)",
        ));
}

#[test]
fn saved_responses_read_back_to_the_same_verdict() {
    let (url, _) = serve(vec![answer(CALM)]);
    let dir = common::TempDir::new("save");
    let saved = dir.join("r.http");
    let sent = resp()
        .args(["send", "--json", &url, "--save"])
        .arg(&saved)
        .output()
        .unwrap();
    let read = resp()
        .args(["read", "--json"])
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(sent.status.code(), Some(4));
    assert_eq!(read.status.code(), Some(4));
    let (a, b) = (json(&sent), json(&read));
    for field in [
        "status",
        "class",
        "exit_code",
        "documented",
        "error",
        "rate_limit",
        "body_bytes",
    ] {
        assert_eq!(a[field], b[field], "{field}");
    }
    // Only the file itself is left: the temporary one was renamed over it.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);

    // --save never overwrites the body file.
    let body = dir.join("body.json");
    std::fs::write(&body, "{}").unwrap();
    resp()
        .args(["send", &url, "-d"])
        .arg(format!("@{}", body.display()))
        .arg("--save")
        .arg(&body)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "would overwrite the request body file",
        ));
    assert_eq!(std::fs::read_to_string(&body).unwrap(), "{}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn usage_errors() {
    resp().args(["send"]).assert().code(2);
    resp()
        .args(["send", ""])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("an empty URL"));
    resp()
        .args(["send", "-X", "BAD METHOD", "http://127.0.0.1:9/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not an HTTP method"));
    resp()
        .args(["send", "--timeout", "-1", "http://127.0.0.1:9/"])
        .assert()
        .code(2);
    resp()
        .args(["send", "--max-body", "lots", "http://127.0.0.1:9/"])
        .assert()
        .code(2);
    resp()
        .args([
            "send",
            "-d",
            "a",
            "--json-body",
            "{}",
            "http://127.0.0.1:9/",
        ])
        .assert()
        .code(2);
}

#[test]
fn compressed_bodies_are_decoded_as_read_decodes_them() {
    use std::io::Write as _;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(br#"{"code": "999", "message": "An error has occurred"}"#)
        .unwrap();
    let gz = gz.finish().unwrap();
    let mut raw = format!("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n", gz.len()).into_bytes();
    raw.extend_from_slice(&gz);
    let (url, _) = serve(vec![Step::Answer(raw)]);
    let v = json(
        &resp()
            .args(["send", "--json", "-H", "Accept-Encoding: gzip", &url])
            .output()
            .unwrap(),
    );
    assert_eq!(v["error"]["code"], "999");
    assert_eq!(v["warnings"], serde_json::Value::Array(vec![]));
}

#[test]
fn a_stall_mid_body_is_a_timeout_with_the_status_shown() {
    // Headers and part of the body, then the connection is held open, silent.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let slow = format!("http://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let _ = read_request(&mut s);
            let _ = s.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial");
            thread::sleep(Duration::from_secs(3));
        }
    });
    resp()
        .args(["send", "--timeout", "0.5", &slow])
        .assert()
        .code(8)
        .stdout(predicate::str::contains("200 OK"))
        .stdout(predicate::str::contains(
            "the body is incomplete: timed out (--timeout, 0.5 s) after 7 bytes",
        ));
}

#[test]
fn megabytes_of_headers_are_refused_with_a_message() {
    let mut raw = b"HTTP/1.1 200 OK\r\n".to_vec();
    for i in 0..40_000 {
        raw.extend_from_slice(format!("X-Filler-{i}: {}\r\n", "y".repeat(40)).as_bytes());
    }
    raw.extend_from_slice(b"Content-Length: 0\r\n\r\n");
    let (url, _) = serve(vec![Step::Answer(raw)]);
    resp()
        .args(["send", "--timeout", "5", &url])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the response has too many header fields",
        ));
}

#[test]
fn a_failed_exchange_still_gives_a_json_line() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = resp()
        .args([
            "send",
            "--json",
            &format!("http://127.0.0.1:{port}/x?token=t0k"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let v = json(&out);
    assert_eq!(v["status"], serde_json::Value::Null);
    assert_eq!(v["exit_code"], 7);
    assert!(
        v["failure"]
            .as_str()
            .unwrap()
            .contains("connection refused"),
        "{v}"
    );
    assert_eq!(v["source"], format!("http://127.0.0.1:{port}/x?token=****"));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("resp: error: "));
}

#[test]
fn a_relative_redirect_with_a_url_in_its_query_is_followed() {
    let (url, rx) = serve(vec![
        answer(
            "HTTP/1.1 302 Found\r\nLocation: /login?next=http://elsewhere/home\r\nContent-Length: 0\r\n\r\n",
        ),
        answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"),
    ]);
    resp()
        .args(["send", "-L", &format!("{url}/start")])
        .assert()
        .code(0);
    let paths: Vec<String> = rx
        .try_iter()
        .map(|r| {
            String::from_utf8_lossy(&r)
                .lines()
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        paths,
        [
            "GET /start HTTP/1.1",
            "GET /login?next=http://elsewhere/home HTTP/1.1"
        ]
    );
}

#[test]
fn bearer_replaces_an_authorization_header() {
    let (url, rx) = serve(vec![answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")]);
    resp()
        .args([
            "send",
            "-H",
            "Authorization: Basic old",
            "--bearer",
            "new",
            &url,
        ])
        .assert()
        .code(0);
    let req = String::from_utf8(rx.recv().unwrap())
        .unwrap()
        .to_ascii_lowercase();
    assert_eq!(req.matches("authorization:").count(), 1, "{req}");
    assert!(req.contains("authorization: bearer new"), "{req}");
}

#[test]
fn save_of_a_body_cut_short_leaves_the_old_file() {
    let (url, _) = serve(vec![answer(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100\r\n\r\nonly part",
    )]);
    let saved_dir = common::TempDir::new("save-cut");
    let saved = saved_dir.join("save-cut.http");
    std::fs::write(&saved, "the old exchange").unwrap();
    // Wide enough for the warning naming the file to stay on one line.
    let out = resp()
        .env("COLUMNS", "200")
        .args(["send", &url, "--save"])
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    // Judged by its status with the warning, and the file left whole as it was.
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("the body is incomplete"), "{text}");
    assert!(
        text.contains(&format!(
            "nothing was written to {}: the body did not arrive whole",
            saved.display()
        )),
        "{text}"
    );
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), "the old exchange");
    std::fs::remove_file(&saved).unwrap();
}

#[test]
fn a_failing_proxy_is_named() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    resp()
        .args(["send", "http://127.0.0.1:9/x"])
        .env("HTTP_PROXY", format!("http://127.0.0.1:{port}"))
        .assert()
        .code(7)
        .stderr(predicate::str::contains(format!(
            "(through the proxy 127.0.0.1:{port})"
        )));
}

#[cfg(unix)]
#[test]
fn save_writes_into_devices_and_through_links_without_replacing_them() {
    use std::os::unix::fs::FileTypeExt;
    let ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    let (url, _) = serve(vec![answer(ok), answer(ok)]);
    resp()
        .args(["send", &url, "--save", "/dev/null"])
        .assert()
        .code(0);
    assert!(
        std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device()
    );

    let dir = common::TempDir::new("save-link");
    let target = dir.join("real.http");
    let link = dir.join("link.http");
    std::fs::write(&target, "old").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    resp()
        .args(["send", &url, "--save"])
        .arg(&link)
        .assert()
        .code(0);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );
    std::fs::remove_dir_all(dir).unwrap();
}
