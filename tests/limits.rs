//! `send`'s time limits and the exchanges that used to be judged wrongly, through the
//! binary against scripted servers on loopback: a stall before the head, headers at a
//! trickle, a body that never comes, endless trailers, a slow body that keeps moving, a
//! server refusing an upload mid-flight, and the arguments that used to wrap or misroute.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::server::{Step, serve};
use common::{json, resp};
use predicates::prelude::*;

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

#[test]
fn a_server_that_never_answers_stops_at_the_response_limit() {
    let (url, _) = serve(vec![Step::Stall(Duration::from_secs(5))]);
    resp()
        .args(["send", "--response-timeout", "0.5", &url])
        .assert()
        .code(8)
        .stderr(predicate::str::contains(
            "timed out waiting for the response head (--response-timeout, 0.5 s)",
        ));
}

#[test]
fn headers_at_a_trickle_stop_at_the_response_limit() {
    // One byte every 100 ms: progress, but the head never completes in time.
    let head = b"HTTP/1.1 200 OK\r\nX-Slow: abcdefghijklmnopqrstuvwxyz\r\n\r\n";
    let pieces = head.iter().map(|&b| (ms(100), vec![b])).collect();
    let (url, _) = serve(vec![Step::Trickle(pieces, ms(0))]);
    let started = Instant::now();
    resp()
        .args(["send", "--response-timeout", "1", &url])
        .assert()
        .code(8)
        .stderr(predicate::str::contains("(--response-timeout, 1 s)"));
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[test]
fn a_promised_body_that_never_comes_stops_at_the_idle_limit_with_the_status_shown() {
    let (url, _) = serve(vec![Step::Trickle(
        vec![(
            ms(0),
            b"HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\npartial".to_vec(),
        )],
        Duration::from_secs(5),
    )]);
    resp()
        .args(["send", "--idle-timeout", "0.5", &url])
        .assert()
        .code(8)
        .stdout(predicate::str::contains("200 OK"))
        .stdout(predicate::str::contains(
            "the body is incomplete: no data for 0.5 s (--idle-timeout) after 7 bytes",
        ))
        .stderr("resp: 200 OK (success), but timed out\n");
}

#[test]
fn endless_trailers_are_not_progress() {
    // The body ends (last chunk), then a trailer field every 100 ms, forever.
    let mut pieces = vec![(
        ms(0),
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n".to_vec(),
    )];
    for i in 0..100 {
        pieces.push((ms(100), format!("X-Trailer-{i}: x\r\n").into_bytes()));
    }
    let (url, _) = serve(vec![Step::Trickle(pieces, ms(0))]);
    let started = Instant::now();
    resp()
        .args(["send", "--idle-timeout", "1", &url])
        .assert()
        .code(8)
        .stdout(predicate::str::contains("(--idle-timeout)"));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_slow_body_that_keeps_moving_finishes() {
    // Ten pieces 300 ms apart: three seconds in all, never idle for one.
    let mut pieces = vec![(
        ms(0),
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".to_vec(),
    )];
    for _ in 0..10 {
        pieces.push((ms(300), b"x".to_vec()));
    }
    let (url, _) = serve(vec![Step::Trickle(pieces, ms(0))]);
    resp()
        .args(["send", "--idle-timeout", "1", "--body", "full", &url])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("xxxxxxxxxx"));
}

#[test]
fn a_total_limit_still_stops_a_slow_body() {
    let mut pieces = vec![(
        ms(0),
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".to_vec(),
    )];
    for _ in 0..10 {
        pieces.push((ms(300), b"x".to_vec()));
    }
    let (url, _) = serve(vec![Step::Trickle(pieces, ms(0))]);
    resp()
        .args(["send", "--timeout", "1", &url])
        .assert()
        .code(8)
        .stdout(predicate::str::contains("timed out (--timeout, 1 s)"));
}

#[test]
fn the_defaults_are_documented() {
    let out = resp().args(["send", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--connect-timeout",
        "[default: 10]",
        "--response-timeout",
        "[default: 30]",
        "--idle-timeout",
        "--timeout 0",
    ] {
        assert!(help.contains(needle), "{needle}: {help}");
    }
}

#[test]
fn a_server_refusing_an_upload_is_heard() {
    let body = vec![b'x'; 5 << 20];
    let file_dir = common::TempDir::new("upload");
    let file = file_dir.join("upload.bin");
    std::fs::write(&file, &body).unwrap();
    let refusal = "HTTP/1.1 413 Content Too Large\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 29\r\n\r\n{\"message\": \"body too large\"}";
    let (url, rx) = serve(vec![
        Step::RefuseUpload(refusal.as_bytes().to_vec()),
        Step::RefuseUpload(refusal.as_bytes().to_vec()),
    ]);
    let out = resp()
        .args(["send", &url, "-d"])
        .arg(format!("@{}", file.display()))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(4),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.starts_with("413 "), "{stdout}");
    assert!(stdout.contains("body too large"), "{stdout}");
    assert!(
        stdout.contains("the server answered before the whole request was sent"),
        "{stdout}"
    );
    assert!(rx.recv().unwrap().starts_with(b"POST / HTTP/1.1"));
    let v = json(
        &resp()
            .args(["send", "--json", &url, "-d"])
            .arg(format!("@{}", file.display()))
            .output()
            .unwrap(),
    );
    std::fs::remove_file(&file).unwrap();
    assert_eq!(v["status"], 413);
    assert_eq!(v["exit_code"], 4);
}

#[test]
fn ports_out_of_range_are_usage_errors_naming_the_port() {
    for (url, port) in [
        ("http://127.0.0.1:99999/x", "99999"),
        ("http://127.0.0.1:0/", "0"),
        ("127.0.0.1:http/", "http"),
        ("https://user:pw@127.0.0.1:65536/", "65536"),
        (":abc/x", "abc"),
        (":-1", "-1"),
    ] {
        let out = resp().args(["send", url]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{url}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(&format!("'{port}' is not a port")), "{err}");
        assert!(!err.contains(":pw@"), "the password is masked: {err}");
    }
}

#[test]
fn sizes_past_what_resp_can_hold_are_refused() {
    for size in [
        "18446744073709551615",
        "9999999999999999999999",
        "17179869184G",
    ] {
        resp()
            .args(["send", "--max-body", size, "http://127.0.0.1:9/"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("is too large"));
    }
}

/// A server whose 2-byte body comes after `pause`.
fn a_pause_in_the_body(pause: Duration) -> String {
    let head = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n".to_vec();
    serve(vec![Step::Trickle(
        vec![(ms(0), head), (pause, b"{}".to_vec())],
        ms(0),
    )])
    .0
}

#[test]
fn a_time_limit_of_zero_is_no_limit_and_negative_ones_are_refused() {
    // --timeout 0 is accepted; a 600 ms pause in the body stops a 0.3 s idle limit, and
    // is waited out when that limit is 0.
    resp()
        .args(["send", "--timeout", "0", "--idle-timeout", "0"])
        .arg(a_pause_in_the_body(ms(600)))
        .assert()
        .code(0);
    resp()
        .args(["send", "--idle-timeout", "0.3"])
        .arg(a_pause_in_the_body(ms(600)))
        .assert()
        .code(8);
    resp()
        .args(["send", "--timeout", "-1", "http://127.0.0.1:9/"])
        .assert()
        .code(2);
}

/// A limit shorter than the clock counts (`1e-12`) used to round to 0, which turned every
/// limit off, the defaults included; one longer than the clock holds (`1e19`) made it
/// overflow. Every time flag refuses both, in its own message; the shortest limit the
/// clock counts still limits.
#[test]
fn time_limits_that_round_to_zero_or_overflow_the_clock_are_refused() {
    let flags = [
        "--timeout",
        "--connect-timeout",
        "--response-timeout",
        "--idle-timeout",
        "--retry-max-wait",
        "--retry-max-time",
        "--interval",
    ];
    let tiny = format!("0.{}1", "0".repeat(11));
    for flag in flags {
        let mut cases = vec![
            ("1e19", "is too long for"),
            ("1000000001", "the most is 1000000000 s"),
            ("inf", "is too long for"),
            ("NaN", "is not a number of seconds"),
        ];
        // An interval is a wait, not a limit: one that rounds to 0 waits the least resp
        // waits (tests/retry.rs).
        if flag != "--interval" {
            cases.push(("1e-12", "is shorter than the clock counts"));
            cases.push((tiny.as_str(), "is shorter than the clock counts"));
        }
        for (value, says) in cases {
            resp()
                .args(["send", "--retry", "1", flag, value, "http://127.0.0.1:9/"])
                .assert()
                .code(2)
                .stderr(predicate::str::contains(format!(
                    "invalid value '{value}' for '{flag} <SECS>'"
                )))
                .stderr(predicate::str::contains(says))
                .stderr(predicate::str::contains("panicked").not());
        }
    }
    // The shortest limit the clock counts is a limit: a stalled server is given up on.
    let (url, _) = serve(vec![Step::Stall(Duration::from_secs(5))]);
    let started = Instant::now();
    resp()
        .args(["send", "--timeout", "0.000000001", &url])
        .assert()
        .code(8)
        .stderr(predicate::str::contains("timed out (--timeout"));
    assert!(started.elapsed() < Duration::from_secs(4));
    // The longest is taken.
    let (url, _) = serve(vec![Step::Answer(
        b"HTTP/1.1 204 No Content\r\n\r\n".to_vec(),
    )]);
    resp()
        .args(["send", "--timeout", "1000000000", &url])
        .assert()
        .code(0);
}

#[test]
fn urls_resp_cannot_send_are_usage_errors_saying_why() {
    for (url, why) in [
        ("ftp://127.0.0.1/", "not ftp:"),
        ("https://", "the URL has no host"),
        ("http://a:b@:8081/", "the URL has no host"),
        ("http://[::1/", "'[' is not closed"),
        ("http://%41localhost/", "'%'"),
    ] {
        resp()
            .args(["send", url])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(why));
    }
}

#[test]
fn an_upload_nobody_reads_stops_at_the_idle_limit() {
    let body = vec![b'x'; 50 << 20];
    let file_dir = common::TempDir::new("deaf");
    let file = file_dir.join("deaf.bin");
    std::fs::write(&file, &body).unwrap();
    let (url, _) = serve(vec![Step::Deaf(Duration::from_secs(10))]);
    let started = Instant::now();
    let out = resp()
        .args(["send", "--idle-timeout", "1", &url, "-d"])
        .arg(format!("@{}", file.display()))
        .output()
        .unwrap();
    std::fs::remove_file(&file).unwrap();
    assert_eq!(out.status.code(), Some(8));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--idle-timeout, 1 s"));
    let took = started.elapsed();
    assert!(took < Duration::from_millis(2500), "took {took:?}");
}

#[test]
fn a_header_with_a_line_break_is_refused_naming_it() {
    resp()
        .args(["send", "-H", "X-A: b\r\nX-B: 1", "http://127.0.0.1:9/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "header 'X-A' has a control character",
        ));
    resp()
        .args(["send", "-H", "X A: b", "http://127.0.0.1:9/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("header name 'X A' is not valid"));
}
