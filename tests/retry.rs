//! `resp send --retry` and `--until` through the binary, against the scripted servers of
//! `tests/common/server.rs`: every wait hint the server can give (Retry-After in seconds
//! and as a date, the IETF RateLimit field, reset headers), a server that is down and then
//! up, methods that must not be sent twice, the caps, polling, the lines people and
//! scripts see, and Ctrl-C during a wait. Waits are kept to a second; the caps are checked
//! by what resp decides, never by sleeping through them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::server::{Step, closed_port, nothing_more, received, respond, serve, serve_on_port};
use common::{json_lines, resp};

const OK: &str = "200 OK";

fn ok() -> Step {
    respond(
        OK,
        &[("Content-Type", "application/json")],
        "{\"ok\": true}",
    )
}

/// Runs `resp send ARGS URL`, timing it.
fn send(args: &[&str], url: &str) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let out = resp().arg("send").args(args).arg(url).output().unwrap();
    (out, started.elapsed())
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The attempt records of a `--json` run, and its response line.
fn records(out: &std::process::Output) -> (Vec<serde_json::Value>, serde_json::Value) {
    let mut lines = json_lines(out);
    let response = lines.pop().expect("a response line");
    assert_eq!(response["type"], "response", "{response}");
    assert!(lines.iter().all(|l| l["type"] == "attempt"), "{lines:?}");
    (lines, response)
}

#[test]
fn retry_after_seconds_then_success() {
    let (url, rx) = serve(vec![
        respond("429 Too Many Requests", &[("Retry-After", "1")], ""),
        ok(),
    ]);
    let (out, took) = send(&["--retry", "3"], &url);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(took >= Duration::from_millis(950), "waited {took:?}");
    assert!(stdout(&out).starts_with("200 OK\n"), "{}", stdout(&out));
    assert_eq!(
        stderr(&out),
        "resp: attempt 1 of 4: 429 Too Many Requests · waiting 1 s (Retry-After)\n\
         resp: attempt 2 of 4: 200 OK\n"
    );
    assert!(received(&rx).is_some() && received(&rx).is_some());
    assert!(nothing_more(&rx));
}

#[test]
fn each_wait_hint_is_read_and_named() {
    // The response's Date anchors a date or an epoch, whatever this machine's clock says.
    let date = ("Date", "Thu, 26 Nov 2026 07:46:00 GMT");
    let cases = [
        (
            "503 Service Unavailable",
            vec![date, ("Retry-After", "Thu, 26 Nov 2026 07:46:01 GMT")],
            "retry-after",
        ),
        (
            "429 Too Many Requests",
            vec![
                ("RateLimit-Policy", "\"default\";q=100;w=60"),
                ("RateLimit", "\"default\";r=0;t=1"),
            ],
            "ratelimit",
        ),
        (
            "420 ",
            vec![
                date,
                ("x-rate-limit-limit", "15"),
                ("x-rate-limit-remaining", "0"),
                ("x-rate-limit-reset", "1795679161"),
            ],
            "reset",
        ),
        (
            "429 Too Many Requests",
            vec![("RateLimit-Remaining", "0"), ("RateLimit-Reset", "1")],
            "reset",
        ),
        (
            "429 Too Many Requests",
            vec![date, ("X-RateLimit-Reset", "1795679161")],
            "reset",
        ),
    ];
    for (status, headers, reason) in cases {
        let (url, rx) = serve(vec![respond(status, &headers, ""), ok()]);
        let (out, took) = send(&["--json", "--retry", "2"], &url);
        assert_eq!(out.status.code(), Some(0), "{status} {headers:?}");
        let (attempts, response) = records(&out);
        assert_eq!(response["status"], 200);
        assert_eq!(attempts.len(), 2, "{attempts:?}");
        assert_eq!(attempts[0]["status"], status[..3].parse::<u16>().unwrap());
        assert_eq!(attempts[0]["final"], false);
        assert_eq!(attempts[0]["wait_reason"], serde_json::Value::Null);
        assert_eq!(attempts[1]["wait_reason"], reason, "{status} {headers:?}");
        assert_eq!(attempts[1]["waited_s"], 1.0, "{status} {headers:?}");
        assert_eq!(attempts[1]["final"], true);
        assert_eq!(attempts[1]["stop"], "done");
        assert!(
            took >= Duration::from_millis(950),
            "{reason}: waited {took:?}"
        );
        assert!(took < Duration::from_secs(5), "{reason}: waited {took:?}");
        assert!(received(&rx).is_some() && received(&rx).is_some());
    }
}

#[test]
fn the_table_in_use_says_which_statuses_are_rate_limiting() {
    let dir = common::TempDir::new("retry-table");
    let table = dir.join("codes.md");
    std::fs::write(
        &table,
        "Code | Text | Description\n--- | --- | ---\n509 | Slow Down | Your rate limit is used up\n",
    )
    .unwrap();
    let steps = || vec![respond("509 ", &[("Retry-After", "0")], ""), ok()];
    let (url, rx) = serve(steps());
    let table_arg = table.to_str().unwrap();
    let (out, _) = send(&["--table", table_arg, "--retry", "1"], &url);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(received(&rx).is_some() && received(&rx).is_some());
    // The embedded table does not call 509 rate limiting: not retried.
    let (url, rx) = serve(steps());
    let (out, _) = send(&["--retry", "1"], &url);
    assert_eq!(out.status.code(), Some(5));
    assert!(received(&rx).is_some() && nothing_more(&rx));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_server_that_is_down_then_up() {
    let port = closed_port();
    let url = format!("http://127.0.0.1:{port}/health");
    // A POST: it never reached the server while the port refused, so it may go again.
    let child = std::thread::spawn({
        let url = url.clone();
        move || send(&["-X", "POST", "-d", "x=1", "--retry", "3"], &url)
    });
    std::thread::sleep(Duration::from_millis(200));
    let rx = serve_on_port(port, vec![ok()]);
    let (out, _) = child.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let first = stderr(&out).lines().next().unwrap_or_default().to_string();
    assert!(
        first.starts_with("resp: attempt 1 of 4: no response: ")
            && first.contains("connection refused")
            && first.contains("(backoff)"),
        "{first}"
    );
    assert!(received(&rx).is_some_and(|r| r.starts_with("POST /health")));
}

#[test]
fn until_polls_a_service_coming_up() {
    let port = closed_port();
    let url = format!("http://127.0.0.1:{port}/health");
    let child = std::thread::spawn({
        let url = url.clone();
        move || send(&["--until", "2xx", "--interval", "0.3", "--json"], &url)
    });
    std::thread::sleep(Duration::from_millis(500));
    let busy = respond("503 Service Unavailable", &[], "");
    let rx = serve_on_port(port, vec![busy, ok()]);
    let (out, _) = child.join().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (attempts, response) = records(&out);
    assert!(attempts.len() >= 3, "{attempts:?}");
    assert_eq!(attempts[0]["status"], serde_json::Value::Null);
    assert_eq!(attempts[0]["exit_code"], 7);
    assert_eq!(attempts[0]["of"], serde_json::Value::Null);
    let last = attempts.last().unwrap();
    assert_eq!(
        (&last["stop"], &last["final"]),
        (&"matched".into(), &true.into())
    );
    assert_eq!(last["wait_reason"], "interval");
    assert_eq!(response["status"], 200);
    assert!(received(&rx).is_some() && received(&rx).is_some());
}

#[test]
fn until_exits_as_the_last_outcome_or_8_for_the_time_cap() {
    let busy = || respond("503 Service Unavailable", &[("Retry-After", "0")], "");
    // Matched: exit 0, and the card says the status was expected.
    let (url, _) = serve(vec![busy(), respond("404 Not Found", &[], "")]);
    let (out, _) = send(&["--until", "404", "--interval", "0.1"], &url);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("exit code  0 (expected)"),
        "{}",
        stdout(&out)
    );
    // Attempts run out: the last outcome's code.
    let (url, rx) = serve(vec![busy(), busy()]);
    let (out, _) = send(
        &["--until", "2xx", "--retry", "1", "--interval", "0.1"],
        &url,
    );
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stderr(&out).contains("resp: gave up after 2 attempts: no 2xx\n"),
        "{}",
        stderr(&out)
    );
    assert!(received(&rx).is_some() && received(&rx).is_some() && nothing_more(&rx));
    // A success that is not what was waited for: nothing matched.
    let (url, _) = serve(vec![ok()]);
    let (out, _) = send(&["--until", "404", "--retry", "0"], &url);
    assert_eq!(out.status.code(), Some(1));
    // The time cap: the next wait would pass it, so resp stops at once with 8.
    let (url, rx) = serve(vec![respond("503 Service Unavailable", &[], "")]);
    let (out, took) = send(
        &["--until", "2xx", "--interval", "5", "--retry-max-time", "2"],
        &url,
    );
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert!(took < Duration::from_secs(2), "{took:?}");
    assert!(
        stderr(&out).contains("gave up after 1 attempt: --retry-max-time (2 s) ran out before 2xx"),
        "{}",
        stderr(&out)
    );
    assert!(received(&rx).is_some() && nothing_more(&rx));
}

#[test]
fn a_post_that_reached_the_server_is_not_sent_again() {
    let busy = || respond("503 Service Unavailable", &[("Retry-After", "0")], "");
    let (url, rx) = serve(vec![busy(), ok()]);
    let (out, _) = send(&["-X", "POST", "-d", "x=1", "--retry", "3"], &url);
    assert_eq!(out.status.code(), Some(5));
    assert!(
        stderr(&out).contains(
            "resp: not retrying: POST is not idempotent and the request reached the server (--retry-all-methods sends it again)"
        ),
        "{}",
        stderr(&out)
    );
    assert!(received(&rx).is_some() && nothing_more(&rx));
    // Also not after a timeout: the server may have acted on it.
    let (url, rx) = serve(vec![Step::Stall(Duration::from_millis(400)), ok()]);
    let (out, _) = send(
        &["-X", "PATCH", "--retry", "3", "--response-timeout", "0.2"],
        &url,
    );
    assert_eq!(out.status.code(), Some(8));
    assert!(received(&rx).is_some() && nothing_more(&rx));
    // Asked for: sent again.
    let (url, rx) = serve(vec![busy(), ok()]);
    let (out, _) = send(
        &[
            "-X",
            "POST",
            "-d",
            "x=1",
            "--retry",
            "3",
            "--retry-all-methods",
        ],
        &url,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(received(&rx).is_some() && received(&rx).is_some());
}

#[test]
fn timeouts_and_failures_are_retried_by_default_other_statuses_not() {
    // The server stalls the first connection; the second comes after the stall.
    let (url, rx) = serve(vec![Step::Stall(Duration::from_millis(400)), ok()]);
    let (out, _) = send(
        &[
            "--retry",
            "1",
            "--response-timeout",
            "0.2",
            "--interval",
            "0.5",
        ],
        &url,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("timed out"), "{}", stderr(&out));
    assert!(received(&rx).is_some() && received(&rx).is_some());
    for status in ["404 Not Found", "501 Not Implemented", "401 Unauthorized"] {
        let (url, rx) = serve(vec![respond(status, &[("Retry-After", "0")], ""), ok()]);
        let (out, _) = send(&["--retry", "3"], &url);
        assert_ne!(out.status.code(), Some(0), "{status}");
        assert!(received(&rx).is_some() && nothing_more(&rx), "{status}");
        assert!(!stderr(&out).contains("attempt"), "{}", stderr(&out));
    }
}

#[test]
fn retry_on_replaces_the_default_set() {
    let (url, rx) = serve(vec![respond("404 Not Found", &[], ""), ok()]);
    let (out, _) = send(
        &["--retry", "1", "--retry-on", "404", "--interval", "0.1"],
        &url,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(received(&rx).is_some() && received(&rx).is_some());
    let (url, rx) = serve(vec![respond("503 Service Unavailable", &[], ""), ok()]);
    let (out, _) = send(&["--retry", "1", "--retry-on", "4xx,timeout"], &url);
    assert_eq!(out.status.code(), Some(5));
    assert!(received(&rx).is_some() && nothing_more(&rx));
}

#[test]
fn attempts_run_out_and_the_last_outcome_decides() {
    let busy = || respond("503 Service Unavailable", &[("Retry-After", "0")], "");
    let (url, rx) = serve(vec![busy(), busy(), busy(), ok()]);
    let (out, _) = send(&["--retry", "2", "--json"], &url);
    assert_eq!(out.status.code(), Some(5));
    let (attempts, response) = records(&out);
    let numbers: Vec<_> = attempts.iter().map(|a| a["attempt"].clone()).collect();
    assert_eq!(numbers, [1, 2, 3]);
    assert!(attempts.iter().all(|a| a["of"] == 3 && a["status"] == 503));
    assert_eq!(attempts[2]["stop"], "attempts");
    assert_eq!(response["status"], 503);
    assert_eq!(response["exit_code"], 5);
    assert!(stderr(&out).contains("resp: gave up after 3 attempts"));
    for _ in 0..3 {
        assert!(received(&rx).is_some());
    }
    assert!(nothing_more(&rx));
}

#[test]
fn a_server_asking_for_an_hour_is_not_waited_for() {
    let hour = || respond("429 Too Many Requests", &[("Retry-After", "3600")], "");
    let (url, rx) = serve(vec![hour(), ok()]);
    let (out, took) = send(&["--retry", "5"], &url);
    assert_eq!(out.status.code(), Some(4));
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(
        stderr(&out).starts_with(
            "resp: not retrying: the server asks to wait 60 min (Retry-After), longer than --retry-max-wait (60 s)\n\
             hint: --retry-max-wait 3600 waits that long\n"
        ),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).starts_with("429 Too Many Requests"));
    assert!(received(&rx).is_some() && nothing_more(&rx));
    // A reset past the cap, in --json: the stop says why.
    let far = respond(
        "429 Too Many Requests",
        &[
            ("x-rate-limit-remaining", "0"),
            ("x-rate-limit-reset", "99999999999"),
        ],
        "",
    );
    let (url, _) = serve(vec![far]);
    let (out, _) = send(&["--retry", "5", "--json", "--retry-max-wait", "10"], &url);
    assert_eq!(out.status.code(), Some(4));
    let (attempts, _) = records(&out);
    assert_eq!(attempts.len(), 1);
    assert_eq!(attempts[0]["stop"], "max_wait");
    assert!(stderr(&out).contains("longer than --retry-max-wait (10 s)"));
}

#[test]
fn the_whole_run_is_capped() {
    let (url, rx) = serve(vec![
        respond("503 Service Unavailable", &[("Retry-After", "2")], ""),
        ok(),
    ]);
    let (out, took) = send(&["--retry", "3", "--retry-max-time", "1"], &url);
    assert_eq!(out.status.code(), Some(5));
    assert!(took < Duration::from_secs(1), "{took:?}");
    assert!(
        stderr(&out).contains(
            "resp: not retrying: waiting 2 s (Retry-After) would pass --retry-max-time (1 s)"
        ),
        "{}",
        stderr(&out)
    );
    assert!(received(&rx).is_some() && nothing_more(&rx));
}

#[test]
fn quiet_says_nothing_and_one_attempt_adds_nothing() {
    let busy = || respond("503 Service Unavailable", &[("Retry-After", "0")], "");
    let (url, _) = serve(vec![busy(), busy()]);
    let (out, _) = send(&["-q", "--retry", "1"], &url);
    assert_eq!(out.status.code(), Some(5));
    assert_eq!((stdout(&out), stderr(&out)), (String::new(), String::new()));
    // Success at once: the output is what it is without --retry.
    let (url, _) = serve(vec![ok(), ok()]);
    let (with, _) = send(&["--retry", "3"], &url);
    let (without, _) = send(&[], &url);
    assert_eq!(with.status.code(), Some(0));
    assert_eq!((with.stdout, with.stderr), (without.stdout, without.stderr));
}

#[test]
fn a_connection_that_stays_down_ends_as_without_retries() {
    let url = format!("http://127.0.0.1:{}/", closed_port());
    let (out, _) = send(&["--retry", "1", "--retry-max-wait", "0.2", "--json"], &url);
    assert_eq!(out.status.code(), Some(7));
    let (attempts, response) = records(&out);
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[1]["wait_reason"], "backoff");
    let waited = attempts[1]["waited_s"].as_f64().unwrap();
    assert!((0.1..=0.2).contains(&waited), "{waited}");
    assert_eq!(
        response["failure"].as_str().map(|f| f.contains("refused")),
        Some(true)
    );
    let err = stderr(&out);
    assert_eq!(err.matches("resp: error:").count(), 1, "{err}");
    assert!(err.contains("resp: gave up after 2 attempts"), "{err}");
}

#[test]
fn ctrl_c_during_a_wait_reports_the_last_outcome_and_ends_by_the_signal() {
    use std::os::unix::process::ExitStatusExt;
    let (url, rx) = serve(vec![respond(
        "429 Too Many Requests",
        &[("Retry-After", "30")],
        "",
    )]);
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("resp"))
        .env_clear()
        .args(["--color", "never", "send", "--retry", "2", &url])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    assert!(received(&rx).is_some());
    // The answer is in and the wait has begun.
    std::thread::sleep(Duration::from_millis(500));
    let started = Instant::now();
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(out.status.signal(), Some(2), "{:?}", out.status);
    assert!(
        stdout(&out).starts_with("429 Too Many Requests\n"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).starts_with(
            "resp: attempt 1 of 3: 429 Too Many Requests · waiting 30 s (Retry-After)\n"
        ),
        "{}",
        stderr(&out)
    );
    assert!(nothing_more(&rx));
}

#[test]
fn retry_flags_need_retry_or_until() {
    for args in [
        &["--retry-on", "503"][..],
        &["--interval", "1"],
        &["--retry-max-wait", "5"],
        &["--retry-max-time", "5"],
        &["--retry-all-methods"],
        &["--until", "2xx", "--retry-on", "503"],
        &["--retry-on", "dns", "--retry", "1"],
        &["--until", "ok"],
        &["--retry", "-1"],
    ] {
        resp()
            .arg("send")
            .args(args)
            .arg("http://127.0.0.1:1/")
            .assert()
            .code(2);
    }
}

#[test]
fn ctrl_c_outside_a_wait_still_ends_resp_at_once() {
    use std::os::unix::process::ExitStatusExt;
    // The first answer installs the handling of signals for its (empty) wait; the second
    // attempt stalls, and Ctrl-C during it ends resp as it always did.
    let (url, rx) = serve(vec![
        respond("503 Service Unavailable", &[("Retry-After", "0")], ""),
        Step::Stall(Duration::from_secs(10)),
    ]);
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("resp"))
        .env_clear()
        .args(["--color", "never", "send", "--retry", "2", &url])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    assert!(received(&rx).is_some() && received(&rx).is_some());
    let started = Instant::now();
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let out = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(out.status.signal(), Some(2), "{:?}", out.status);
    assert_eq!(stdout(&out), "");
}

#[test]
fn the_time_cap_cuts_an_attempt_that_runs_long() {
    let (url, _) = serve(vec![Step::Stall(Duration::from_secs(6))]);
    let (out, took) = send(
        &[
            "--until",
            "2xx",
            "--retry-max-time",
            "1",
            "--response-timeout",
            "10",
        ],
        &url,
    );
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert!(took < Duration::from_secs(3), "{took:?}");
}

#[test]
fn the_card_and_the_json_line_say_the_code_resp_exits_with() {
    let unavailable = || respond("503 Service Unavailable", &[("Retry-After", "1")], "");
    let (url, _) = serve(vec![unavailable(), unavailable(), unavailable()]);
    let (out, _) = send(
        &["--until", "2xx", "--retry-max-time", "1.5", "--json"],
        &url,
    );
    let (_, response) = records(&out);
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert_eq!(response["exit_code"], 8, "{response}");

    let (url, _) = serve(vec![ok(), ok()]);
    let (out, _) = send(
        &["--until", "404", "--retry", "1", "--interval", "0.1"],
        &url,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("exit code  1"), "{}", stdout(&out));
}

#[test]
fn a_reader_that_goes_away_stops_the_attempts() {
    let unavailable = || respond("503 Service Unavailable", &[("Retry-After", "0")], "");
    let (url, rx) = serve(vec![unavailable(); 6]);
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "set -o pipefail; {} --color never send --retry 5 --interval 0.3 --json {url} | head -c 1 >/dev/null",
            env!("CARGO_BIN_EXE_resp")
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    let mut seen = 0;
    while received(&rx).is_some() {
        seen += 1;
        if nothing_more(&rx) {
            break;
        }
    }
    assert!(seen <= 2, "{seen} attempts were made after the reader left");
}

/// How many requests reached the server: call it after resp has exited.
fn requests(rx: &std::sync::mpsc::Receiver<Vec<u8>>) -> usize {
    std::iter::from_fn(|| rx.recv_timeout(Duration::from_millis(200)).ok()).count()
}

/// The `waited_s` and `wait_reason` of each attempt after the first.
fn waits(attempts: &[serde_json::Value]) -> Vec<(f64, String)> {
    attempts[1..]
        .iter()
        .map(|a| {
            let reason = a["wait_reason"].as_str().unwrap_or_default().to_string();
            (a["waited_s"].as_f64().unwrap(), reason)
        })
        .collect()
}

/// A server that says "now" every time is not asked again at once: `--retry 3` makes
/// exactly 4 requests, each after at least the 0.1 s floor, even with backoff capped
/// under it by `--retry-max-wait` or `--interval 0`.
#[test]
fn now_is_asked_again_after_the_floor_not_at_once() {
    let now = || respond("503 Service Unavailable", &[("Retry-After", "0")], "");
    for (flags, reason) in [
        (&["--retry-max-wait", "0.05"][..], "backoff"),
        (&["--interval", "0"], "interval"),
        (&["--interval", "0.000000000001"], "interval"),
    ] {
        let (url, rx) = serve((0..20).map(|_| now()).collect());
        let (out, took) = send(&[&["--json", "--retry", "3"][..], flags].concat(), &url);
        assert_eq!(out.status.code(), Some(5), "{flags:?}: {}", stderr(&out));
        assert_eq!(requests(&rx), 4, "{flags:?}");
        let (attempts, _) = records(&out);
        assert_eq!(attempts.len(), 4);
        assert_eq!(attempts[3]["stop"], "attempts");
        assert_eq!(
            waits(&attempts),
            vec![(0.1, reason.to_string()); 3],
            "{flags:?}"
        );
        assert!(took >= Duration::from_millis(300), "{flags:?}: {took:?}");
    }
    // --until with --interval 0 is held to the floor too.
    let (url, rx) = serve((0..20).map(|_| now()).collect());
    let (out, took) = send(
        &[
            "--json",
            "--until",
            "2xx",
            "--retry",
            "2",
            "--interval",
            "0",
        ],
        &url,
    );
    assert_eq!(out.status.code(), Some(5), "{}", stderr(&out));
    assert_eq!(requests(&rx), 3);
    let (attempts, _) = records(&out);
    assert_eq!(waits(&attempts), vec![(0.1, "interval".to_string()); 2]);
    assert!(took >= Duration::from_millis(200), "{took:?}");
}

/// "Now", however the server says it (`Retry-After: 0`, a date or a reset already past,
/// the RateLimit field's `t=0`), sets no pace: resp backs off as when nothing is said,
/// longer each time (0.5-1 s, then 1-2 s).
#[test]
fn now_backs_off_more_with_each_attempt() {
    // The response's Date anchors the past, whatever this machine's clock says.
    let date = ("Date", "Thu, 26 Nov 2026 07:46:00 GMT");
    let cases: [Vec<(&str, &str)>; 4] = [
        vec![("Retry-After", "0")],
        vec![date, ("Retry-After", "Thu, 26 Nov 2026 07:00:00 GMT")],
        vec![("RateLimit", "\"default\";r=0;t=0")],
        vec![
            date,
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset", "1795678000"),
        ],
    ];
    std::thread::scope(|scope| {
        let runs: Vec<_> = cases
            .iter()
            .map(|headers| {
                scope.spawn(move || {
                    let busy = respond("429 Too Many Requests", headers, "");
                    let (url, rx) = serve((0..10).map(|_| busy.clone()).collect());
                    let (out, took) = send(&["--json", "--retry", "2"], &url);
                    (out, took, requests(&rx))
                })
            })
            .collect();
        for (headers, run) in cases.iter().zip(runs) {
            let (out, took, made) = run.join().unwrap();
            assert_eq!(out.status.code(), Some(4), "{headers:?}: {}", stderr(&out));
            assert_eq!(made, 3, "{headers:?}");
            let (attempts, _) = records(&out);
            let waits = waits(&attempts);
            assert_eq!(waits.len(), 2, "{headers:?}");
            assert!(waits.iter().all(|(_, r)| r == "backoff"), "{waits:?}");
            let (first, second) = (waits[0].0, waits[1].0);
            assert!((0.5..=1.0).contains(&first), "{headers:?}: {waits:?}");
            assert!((1.0..=2.0).contains(&second), "{headers:?}: {waits:?}");
            assert!(second > first, "{headers:?}: {waits:?}");
            assert!(took >= Duration::from_millis(1500), "{headers:?}: {took:?}");
        }
    });
}

/// A wait past year 9999 is refused the way a date in the year 9999 is, however the
/// server writes it: never read as "nothing said" and retried after backoff. Seconds
/// past what a u64 holds are refused even with the cap turned off.
#[test]
fn every_wait_past_year_9999_is_refused_alike() {
    let huge = "99999999999999999999";
    let t = format!("\"default\";r=0;t={huge}");
    let cases = [
        ("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT", true),
        ("Retry-After", huge, false),
        ("Retry-After", "18446744073709551615", false),
        ("RateLimit", t.as_str(), false),
        ("X-RateLimit-Reset", huge, false),
    ];
    for (name, value, writable) in cases {
        let caps: &[&[&str]] = if writable {
            &[&[]]
        } else {
            &[&[], &["--retry-max-wait", "0"]]
        };
        for cap in caps {
            let busy = respond("429 Too Many Requests", &[(name, value)], "");
            let (url, rx) = serve(vec![busy.clone(), busy, ok()]);
            let (out, took) = send(&[&["--json", "--retry", "3"][..], cap].concat(), &url);
            let case = format!("{name}: {value} {cap:?}");
            assert_eq!(out.status.code(), Some(4), "{case}: {}", stderr(&out));
            assert_eq!(requests(&rx), 1, "{case}");
            let (attempts, _) = records(&out);
            assert_eq!(attempts.len(), 1, "{case}");
            assert_eq!(attempts[0]["stop"], "max_wait", "{case}");
            assert!(
                stderr(&out).starts_with("resp: not retrying: the server asks to wait "),
                "{case}: {}",
                stderr(&out)
            );
            if !writable {
                assert!(
                    stderr(&out).contains("until after the year 9999"),
                    "{case}: {}",
                    stderr(&out)
                );
            }
            assert!(took < Duration::from_secs(3), "{case}: {took:?}");
        }
    }
}
