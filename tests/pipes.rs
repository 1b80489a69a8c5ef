//! A reader of stdout that goes away early (`resp … | head`): the run ends quietly, with the
//! exit code of what was judged before the cut, wherever the cut falls (in a body, between
//! files, in a HAR summary or its JSON lines, after `send`). Every output here is far
//! larger than a pipe's buffer, so the cut always lands while `resp` is still writing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;

use std::process::Stdio;
use std::thread;

use common::resp;

/// Runs `cmd` (made by the common helper, so with its clean environment) with stdout a
/// pipe whose reader takes a few bytes and then closes; the exit code and stderr.
fn cut_after_a_few_bytes(cmd: &assert_cmd::Command) -> (Option<i32>, String) {
    let mut child = common::std_of(cmd, None)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh directory for one test's inputs.
fn scratch(test: &str) -> common::TempDir {
    common::TempDir::new(&format!("pipes-{test}"))
}

/// A JSON body of about a megabyte.
fn big_json() -> Vec<u8> {
    let items: Vec<String> = (0..20_000).map(|i| format!("\"item {i:>40}\"")).collect();
    format!(
        "{{\"error\": {{\"code\": \"E1\", \"items\": [{}]}}}}",
        items.join(", ")
    )
    .into_bytes()
}

/// A raw response with `body`.
fn raw(status: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A HAR of 3000 entries with long URLs; every 300th entry answered 500.
fn big_har() -> String {
    let entries: Vec<String> = (0..3000)
        .map(|i| {
            let status = if i % 300 == 5 { 500 } else { 200 };
            format!(
                r#"{{"startedDateTime": "2024-01-01T00:00:00Z", "time": 1,
                  "request": {{"method": "GET", "url": "http://api.test/items/{i}/{}", "headers": []}},
                  "response": {{"status": {status}, "statusText": "", "headers": [],
                               "content": {{"mimeType": "application/json", "text": "{{}}"}}}}}}"#,
                "x".repeat(200)
            )
        })
        .collect();
    format!(
        r#"{{"log": {{"version": "1.2", "creator": {{"name": "t"}}, "entries": [{}]}}}}"#,
        entries.join(",\n")
    )
}

#[test]
fn a_body_cut_by_the_reader_keeps_the_status_exit() {
    let dir = scratch("body");
    let file = dir.join("big-500.http");
    std::fs::write(&file, raw("500 Internal Server Error", &big_json())).unwrap();
    let mut cmd = resp();
    cmd.args(["read", "--body", "full"]).arg(&file);
    let (code, stderr) = cut_after_a_few_bytes(&cmd);
    std::fs::remove_dir_all(dir).unwrap();
    assert_eq!(code, Some(5), "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn a_cut_among_several_files_keeps_what_the_earlier_ones_judged() {
    let dir = scratch("several");
    let first = dir.join("a-500.http");
    let second = dir.join("b-200.http");
    std::fs::write(&first, raw("500 Internal Server Error", b"{}")).unwrap();
    std::fs::write(&second, raw("200 OK", &big_json())).unwrap();
    let mut cmd = resp();
    cmd.args(["read", "--body", "full"])
        .arg(&first)
        .arg(&second);
    let (code, stderr) = cut_after_a_few_bytes(&cmd);
    std::fs::remove_dir_all(dir).unwrap();
    assert_eq!(code, Some(5), "{stderr}");
    assert!(!stderr.contains("resp: error"), "{stderr}");
}

#[test]
fn an_unreadable_file_still_wins_over_a_later_cut() {
    let dir = scratch("unreadable");
    let missing = dir.join("missing.http");
    let big = dir.join("big-404.http");
    std::fs::write(&big, raw("404 Not Found", &big_json())).unwrap();
    let mut cmd = resp();
    cmd.args(["read", "--body", "full"]).arg(&missing).arg(&big);
    let (code, stderr) = cut_after_a_few_bytes(&cmd);
    std::fs::remove_dir_all(dir).unwrap();
    assert_eq!(code, Some(1), "{stderr}");
    // The unreadable file is reported; the cut is not.
    assert_eq!(stderr.matches("resp: error:").count(), 1, "{stderr}");
    assert!(stderr.contains("missing.http"), "{stderr}");
    assert!(!stderr.to_lowercase().contains("broken pipe"), "{stderr}");
}

#[test]
fn a_cut_har_summary_keeps_the_exit_of_its_entries() {
    let dir = scratch("har");
    let file = dir.join("many.har");
    std::fs::write(&file, big_har()).unwrap();
    let mut cmd = resp();
    cmd.arg("read").arg(&file);
    let (code, stderr) = cut_after_a_few_bytes(&cmd);
    assert_eq!(code, Some(5), "{stderr}");
    assert_eq!(stderr, "");
    let mut cmd = resp();
    cmd.args(["read", "--json"]).arg(&file);
    let (code, stderr) = cut_after_a_few_bytes(&cmd);
    std::fs::remove_dir_all(dir).unwrap();
    assert_eq!(code, Some(5), "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn a_cut_after_send_keeps_the_status_exit() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/big", listener.local_addr().unwrap());
    let server = thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut request = Vec::new();
        let mut chunk = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            request.extend_from_slice(&chunk[..n]);
        }
        let _ = stream.write_all(&raw("500 Internal Server Error", &big_json()));
    });
    let mut cmd = resp();
    cmd.args(["send", "--body", "full", &url]);
    let (code, stderr) = cut_after_a_few_bytes(&cmd);
    server.join().unwrap();
    assert_eq!(code, Some(5), "{stderr}");
    assert_eq!(stderr, "");
}

/// Where stdout and stderr go to one place (`2>&1 | less`), the card or summary comes
/// before the one-line note for scripts, not after it: stdout is flushed first.
#[test]
fn the_note_on_stderr_follows_what_it_sums_up() {
    let dir = env!("CARGO_MANIFEST_DIR");
    for (input, first, last) in [
        (
            "404-documented-error.http",
            "404 Not Found",
            "resp: 404 Not Found (client error)",
        ),
        (
            "browser.har",
            "tests/fixtures/browser.har · 11 entries",
            "resp: tests/fixtures/browser.har: 5 of 11 entries failed",
        ),
    ] {
        let out = common::std_of(&resp(), Some("exec \"$0\" \"$@\" 2>&1"))
            .current_dir(dir)
            .args(["read", &format!("tests/fixtures/{input}")])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with(first), "{text}");
        assert_eq!(lines.last(), Some(&last), "{text}");
    }
}
