//! What a newcomer reads on the card and how resp waits as the server asks, through the
//! binary: a long `Retry-After` while polling, GitHub's 403 rate limiting, a 503's retry
//! time, RFC 9457 problem details, FastAPI validation errors, reason phrases that differ
//! only in spelling, old captures, and JSON lines bodies. Every input is written here,
//! small, and served on loopback or read from a temporary file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::resp;
use common::server::{nothing_more, received, respond, serve};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `resp read -` of `raw`, a saved response on stdin, with `args`; stdout, stderr and the
/// exit code.
fn read(raw: &str, args: &[&str]) -> (String, String, Option<i32>) {
    let out = resp()
        .arg("read")
        .args(args)
        .arg("-")
        .write_stdin(raw.to_string())
        .output()
        .unwrap();
    (stdout(&out), stderr(&out), out.status.code())
}

/// The card's row labelled `label` (its first line), without the label.
fn row(card: &str, label: &str) -> Option<String> {
    card.lines()
        .find_map(|l| l.strip_prefix(label).filter(|rest| rest.starts_with("  ")))
        .map(|rest| rest.trim().to_string())
}

#[test]
fn until_keeps_polling_through_a_long_retry_after() {
    let maintenance = respond(
        "503 Service Unavailable",
        &[("Retry-After", "120"), ("Content-Type", "text/plain")],
        "down for maintenance",
    );
    let ok = respond("200 OK", &[], "");
    let (url, rx) = serve(vec![maintenance, ok]);
    let started = Instant::now();
    let out = resp()
        .args(["send", "--until", "2xx", "--retry-max-time", "3"])
        .arg(&url)
        .output()
        .unwrap();
    let took = started.elapsed();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("not retrying"), "{err}");
    // The wait is what --retry-max-time leaves, less a second for the last attempt.
    assert!(
        err.contains(
            "resp: attempt 1: 503 Service Unavailable · waiting 2 s (Retry-After asked for longer)"
        ),
        "{err}"
    );
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert!(received(&rx).is_some() && received(&rx).is_some() && nothing_more(&rx));
}
