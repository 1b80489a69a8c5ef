//! A catalogue of hostile and broken inputs run through `resp read`: each one either is
//! garbage (exit 1, and a one-line `resp: error:` naming the input, perhaps with one
//! `hint:` line) or a damaged response that is still judged (its status's exit code) with a
//! warning. Never a panic, a hang, or memory out of proportion to the caps. Big inputs are
//! generated as they are written to stdin, never held whole.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::{Temp, resp};
use serde_json::Value;

const MIB: usize = 1024 * 1024;

/// What one run printed and exited with.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn of(out: Output) -> Run {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The one JSON line of a `--json` run.
    fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim_end())
            .unwrap_or_else(|e| panic!("not one JSON line ({e}): {}", self.stdout))
    }

    /// Stdout as JSON lines.
    fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| {
                serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}\n{}", self.stdout))
            })
            .collect()
    }
}

/// `resp read ARGS` with `input` on stdin.
fn piped(input: impl Into<Vec<u8>>, args: &[&str]) -> Run {
    Run::of(
        resp()
            .arg("read")
            .args(args)
            .write_stdin(input)
            .output()
            .unwrap(),
    )
}

/// `resp read ARGS FILE` on a temp file holding `contents`; also returns the file's name.
fn saved(name: &str, contents: &[u8], args: &[&str]) -> (Run, String) {
    let file = Temp::new(name, contents);
    let run = Run::of(
        resp()
            .arg("read")
            .args(args)
            .arg(file.path())
            .output()
            .unwrap(),
    );
    (run, file.path().to_string())
}

/// A std `Command` for `resp` with the helper's scrubbed environment; `wrap` runs it
/// through `sh -c` first (to set limits).
fn std_command(args: &[&str], wrap: Option<&str>) -> Command {
    let mut cmd = common::std_of(&resp(), wrap);
    cmd.arg("read").args(args);
    cmd
}

/// `resp read ARGS` reading chunks from `next` on stdin, each made as it is written; the
/// writing stops quietly when resp stops reading.
fn streamed(args: &[&str], mut next: impl FnMut() -> Option<Vec<u8>> + Send + 'static) -> Run {
    let mut child = std_command(args, None)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        while let Some(chunk) = next() {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run::of(out)
}

/// Pseudo-random bytes (xorshift), the same for a seed.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn assert_no_panic(run: &Run) {
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
            "{run:?}"
        );
    }
}

/// Garbage: exit 1, nothing on stdout, one `resp: error:` line naming `input` and saying
/// `says`, and at most one `hint:` line.
fn assert_rejected(run: &Run, input: &str, says: &str) {
    assert_no_panic(run);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert!(matches!(lines.len(), 1 | 2), "{run:?}");
    assert!(lines[0].starts_with("resp: error: "), "{run:?}");
    assert!(lines[0].contains(input), "does not name {input}: {run:?}");
    assert!(lines[0].contains(says), "does not say {says:?}: {run:?}");
    if let Some(hint) = lines.get(1) {
        assert!(hint.starts_with("hint: "), "{run:?}");
    }
}

/// A `--json` run of a damaged response: judged (exit `code`, in the line too) with a
/// warning containing `warning`; stderr quiet.
fn assert_judged(run: &Run, code: i32, warning: &str) -> Value {
    assert_no_panic(run);
    assert_eq!(run.code, Some(code), "{run:?}");
    assert_eq!(run.stderr, "", "{run:?}");
    let v = run.json();
    assert_eq!(v["exit_code"], code, "{v}");
    let warnings = v["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains(warning)),
        "no warning {warning:?} in {warnings:?}"
    );
    v
}

/// A human run: the card has a `warning` row, and an error status adds its stderr line.
fn assert_card_warns(run: &Run, code: i32, warning: &str) {
    assert_no_panic(run);
    assert_eq!(run.code, Some(code), "{run:?}");
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("  warning") && l.contains(warning)),
        "{run:?}"
    );
    match code {
        0 => assert_eq!(run.stderr, ""),
        _ => assert_eq!(run.stderr.lines().count(), 1, "{run:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Not a response at all

#[test]
fn empty_and_blank_inputs() {
    assert_rejected(&piped("", &[]), "stdin", "empty input");
    let (run, name) = saved("blank.http", b"  \r\n\n\t \n", &[]);
    assert_rejected(&run, &name, "empty input");
    // Forced formats do not get past emptiness either.
    assert_rejected(&piped(" \n", &["--format", "http"]), "stdin", "empty input");
}

#[test]
fn binary_files() {
    let (run, name) = saved("random.bin", &noise(64 * 1024, 7), &[]);
    assert_rejected(&run, &name, "not a response resp can read");
    assert!(run.stderr.contains("\nhint: expected an HTTP status line"));
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    let (run, name) = saved("image.png", png, &[]);
    assert_rejected(&run, &name, "not a response resp can read");
    // Forced to be HTTP, it is still not one.
    let (run, name) = saved("image.png", png, &["--format", "http"]);
    assert_rejected(&run, &name, "not an HTTP status line");
}

#[test]
fn bad_status_codes() {
    for (code, shown) in [("2000", "'2000'"), ("-42", "'-42'"), ("abc", "'abc'")] {
        let input = format!("HTTP/1.1 {code} Odd\r\nContent-Type: text/plain\r\n\r\nbody");
        let (run, name) = saved("status.http", input.as_bytes(), &[]);
        assert_rejected(&run, &name, &format!("{shown} is not three digits"));
        assert!(run.stderr.contains("line 1: status code"), "{run:?}");
    }
    // A NUL inside the code is shown escaped, not written raw.
    let run = piped("HTTP/1.1 2\x000 OK\r\n\r\n", &[]);
    assert_rejected(&run, "stdin", "'2\\x000' is not three digits");
}

#[test]
fn truncated_status_lines() {
    assert_rejected(
        &piped("HTTP/1.1 42", &[]),
        "stdin",
        "status code '42' is not three digits",
    );
    assert_rejected(
        &piped("HTTP/1.1", &[]),
        "stdin",
        "line 1: not an HTTP status line",
    );
    assert_rejected(
        &piped("HTTP/1.1 \r\n\r\n", &[]),
        "stdin",
        "status code '' is not three digits",
    );
    // A later block cut inside its status line is no block: it is the body of the last.
    let run = piped(
        "HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\nHTTP/1.1 2",
        &["--json"],
    );
    assert_eq!(run.code, Some(3), "{run:?}");
    assert_eq!(run.json()["body_bytes"], 10);
}

#[test]
fn a_directory_and_a_missing_file() {
    let dir = std::env::temp_dir();
    let dir = dir.to_str().unwrap();
    let run = Run::of(resp().args(["read", dir]).output().unwrap());
    assert_rejected(&run, dir, "is a directory, not a saved response");
    let missing = std::env::temp_dir().join(format!("resp-hostile-{}-absent", std::process::id()));
    let missing = missing.to_str().unwrap();
    let run = Run::of(resp().args(["read", missing]).output().unwrap());
    assert_rejected(&run, &format!("reading {missing}"), "No such file");
}

#[test]
fn one_bad_file_among_good_ones_is_reported_and_the_rest_read() {
    let good = Temp::new("good.http", b"HTTP/1.1 404 Not Found\r\n\r\n");
    let bad = Temp::new("bad.http", b"\0\0\0garbage");
    let run = Run::of(
        resp()
            .args(["read", "--json"])
            .arg(bad.path())
            .arg(good.path())
            .output()
            .unwrap(),
    );
    assert_no_panic(&run);
    assert_eq!(run.code, Some(1), "{run:?}");
    // A line for each input: the bad one with its failure, then the good one.
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2, "{run:?}");
    assert_eq!(lines[0]["exit_code"], 1);
    assert!(
        lines[0]["failure"]
            .as_str()
            .unwrap()
            .contains("not a response")
    );
    assert_eq!(lines[1]["status"], 404);
    let errors: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(errors.len(), 2, "{run:?}");
    assert!(errors[0].starts_with(&format!("resp: error: {}: not a response", bad.path())));
    assert!(errors[1].starts_with("hint: "));
}

#[test]
fn transcripts_and_bodies_without_a_response() {
    assert_rejected(
        &piped(
            "*   Trying 127.0.0.1:80...\n> GET / HTTP/1.1\n> Host: h\n>\n",
            &[],
        ),
        "stdin",
        "no response lines",
    );
    let run = piped(r#"{"code": "88", "message": "x"}"#, &[]);
    assert_rejected(&run, "stdin", "a bare body has no status line");
    assert!(run.stderr.contains("hint: give its status"), "{run:?}");
}

// ---------------------------------------------------------------------------------------
// Bytes where text belongs

#[test]
fn nul_bytes_in_the_status_line_headers_and_body() {
    let input =
        b"HTTP/1.1 404 Not\0Found\r\nX-N\0ul: a\0b\r\nContent-Type: text/plain\r\n\r\nbo\0dy";
    let run = piped(&input[..], &["-v"]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(4), "{run:?}");
    assert!(
        run.stdout.contains("server said  404 Not\\x00Found"),
        "{run:?}"
    );
    assert!(run.stdout.contains("X-N\\x00ul: a\\x00b"), "{run:?}");
    assert!(
        run.stdout.contains("5 bytes · binary, not shown"),
        "{run:?}"
    );
    assert!(!run.stdout.contains('\0'));
    assert_eq!(run.stderr, "resp: 404 Not Found (client error)\n");
}

#[test]
fn invalid_utf8_in_the_reason_headers_and_body() {
    let input = b"HTTP/1.1 500 Bad \xff\xfe\r\nX-\xc3: \xe2\x82\r\nContent-Type: application/json\r\n\r\n{\"message\": \"\xff\"}";
    let run = piped(&input[..], &["-v"]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(5), "{run:?}");
    assert!(
        run.stdout.contains("server said  500 Bad \u{fffd}\u{fffd}"),
        "{run:?}"
    );
    assert!(run.stdout.contains("X-\u{fffd}: \u{fffd}"), "{run:?}");
    let v = assert_judged(&piped(&input[..], &["--json"]), 5, "does not parse");
    assert_eq!(v["reason"], "Bad \u{fffd}\u{fffd}");
}

#[test]
fn mixed_and_odd_line_endings() {
    let mixed = "\n\r\nHTTP/1.1 422 Unprocessable\nContent-Type: application/json\r\nX-A: 1\n\r\n{\"message\": \"bad field\"}\r\n";
    let run = piped(mixed, &["--json"]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(4), "{run:?}");
    let v = run.json();
    assert_eq!(v["content_type"], "application/json");
    assert_eq!(v["error"]["message"], "bad field");
    assert_eq!(v["warnings"], Value::Array(vec![]));
    // Old Mac endings: one long status line whose reason shows every CR escaped.
    let run = piped("HTTP/1.1 200 OK\rA: b\r\rbody", &[]);
    assert_card_warns(&run, 0, "without a blank line");
    assert!(run.stdout.contains("OK\\x0dA: b\\x0d\\x0dbody"), "{run:?}");
}

// ---------------------------------------------------------------------------------------
// Broken framing

#[test]
fn headers_without_a_blank_line_or_a_colon() {
    assert_judged(
        &piped(
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain",
            &["--json"],
        ),
        4,
        "the headers end without a blank line",
    );
    let run = piped(
        "HTTP/1.1 403 Forbidden\r\nno colon here\r\nA: 1\r\n\r\nx",
        &[],
    );
    assert_card_warns(&run, 4, "1 header line(s) without a colon were skipped");
}

#[test]
fn a_one_megabyte_header_line() {
    let mut input = b"HTTP/1.1 200 OK\r\nX-Big: ".to_vec();
    input.resize(input.len() + MIB, b'a');
    input.extend_from_slice(b"\r\nContent-Type: text/plain\r\n\r\nok");
    let run = piped(input.clone(), &["--json"]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(0), "{run:?}");
    let v = run.json();
    assert_eq!(
        (v["body_bytes"].as_u64(), v["content_type"].as_str()),
        (Some(2), Some("text/plain"))
    );
    let shown = piped(input, &["-v"]);
    assert!(
        shown
            .stdout
            .contains(&format!("X-Big: {}\n", "a".repeat(MIB)))
    );
}

#[test]
fn twenty_thousand_headers_are_capped() {
    let mut input = String::from("HTTP/1.1 429 Too Many\r\n");
    for i in 0..20_000 {
        input.push_str(&format!("X-Header-{i}: {i}\r\n"));
    }
    input.push_str("Retry-After: 30\r\n\r\n");
    let run = piped(input, &["--json", "-v"]);
    let v = assert_judged(
        &run,
        4,
        "10001 header line(s) after the first 10000 were skipped",
    );
    // The cap costs what came after it: Retry-After was header 20,001.
    assert_eq!(v["rate_limit"], Value::Null);
}

#[test]
fn a_two_thousand_hop_chain() {
    let mut input = "HTTP/1.1 301 Moved Permanently\r\nLocation: /x\r\n\r\n".repeat(2000);
    input.push_str("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nfinally");
    let run = piped(input.clone(), &["--json"]);
    let v = assert_judged(
        &run,
        0,
        "the chain has 2000 earlier responses: only the first 100 are kept",
    );
    assert_eq!(v["status"], 200);
    assert_eq!(v["hops"].as_array().unwrap().len(), 100);
    assert_eq!(v["hops"][99]["location"], "/x");
    let run = piped(input, &[]);
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.contains("\n200 OK\n"), "{run:?}");
    assert!(run.stdout.contains("finally"), "{run:?}");
}

#[test]
fn a_curl_verbose_body_of_a_million_empty_lines() {
    let mut input = b"< HTTP/1.1 503 Unavailable\r\n< Content-Type: text/plain\r\n< \r\n".to_vec();
    input.resize(input.len() + 1_000_000, b'\n');
    input.extend_from_slice(b"down\n");
    let run = piped(input, &["--json"]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(5), "{run:?}");
    assert_eq!(run.json()["body_bytes"], 1_000_004);
}

#[test]
fn content_length_longer_than_the_body() {
    let input =
        "HTTP/1.1 404 Not Found\r\nContent-Length: 100\r\nContent-Type: text/plain\r\n\r\nshort";
    // A body cut short fails the exchange whatever the status, as `send` says (exit 7).
    assert_judged(
        &piped(input, &["--json"]),
        7,
        "the body is shorter than Content-Length (5 of 100 bytes)",
    );
    assert_card_warns(&piped(input, &[]), 7, "shorter than Content-Length");
}

#[test]
fn chunked_framing_with_bad_and_enormous_sizes() {
    let head =
        "HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n";
    // Broken or cut framing fails the exchange whatever the status, as `send` says (exit 7).
    // A size that is not hex, after a good chunk.
    let v = assert_judged(
        &piped(
            format!("{head}4\r\nWiki\r\nzz\r\npedia\r\n0\r\n\r\n"),
            &["--json"],
        ),
        7,
        "invalid chunked framing at byte 9",
    );
    assert_eq!(v["body_bytes"], 25);
    // A size too big for any body: what there is is kept.
    let v = assert_judged(
        &piped(format!("{head}fffffffffffffff\r\nabc"), &["--json"]),
        7,
        "the chunked body ends early",
    );
    assert_eq!(v["body_bytes"], 3);
    // More hex digits than any size has.
    assert_judged(
        &piped(format!("{head}{}\r\nabc", "f".repeat(40)), &["--json"]),
        7,
        "invalid chunked framing at byte 0",
    );
    // Data running past its chunk.
    assert_judged(
        &piped(format!("{head}3\r\nabcdef\r\n0\r\n\r\n"), &["--json"]),
        7,
        "invalid chunked framing at byte 6",
    );
}

#[test]
fn damaged_compressed_bodies() {
    let head =
        "HTTP/1.1 502 Bad Gateway\r\nContent-Encoding: gzip\r\nContent-Type: text/plain\r\n\r\n";
    let mut input = head.as_bytes().to_vec();
    input.extend_from_slice(b"\x1f\x8b\x08\x00garbage");
    assert_judged(&piped(input, &["--json"]), 5, "could not be decoded");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&noise(100_000, 3)).unwrap();
    let gz = gz.finish().unwrap();
    let mut input = head.as_bytes().to_vec();
    input.extend_from_slice(&gz[..gz.len() / 2]);
    assert_judged(
        &piped(input, &["--json"]),
        5,
        "the compressed body is damaged",
    );
}

/// Runs `resp read ARGS` (with `input` on stdin) under an address-space limit, where
/// `ulimit -v` exists: memory beyond the cap would make it fail instead.
fn under_memory_limit(kib: usize, input: Vec<u8>, args: &[&str]) -> Run {
    let script = format!("ulimit -v {kib} && exec \"$0\" \"$@\"");
    let cmd = std_command(args, Some(&script));
    Run::of(
        assert_cmd::Command::from_std(cmd)
            .write_stdin(input)
            .output()
            .unwrap(),
    )
}

#[test]
fn a_gzip_bomb_stops_at_the_cap_in_bounded_memory() {
    // 1,100 gzip members of 1 MiB of zeros each: 1.1 GiB inflated from about 1 MiB.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&vec![0u8; MIB]).unwrap();
    let member = gz.finish().unwrap();
    let mut input =
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: text/plain\r\n\r\n".to_vec();
    for _ in 0..1100 {
        input.extend_from_slice(&member);
    }
    let warning = "the decompressed body is larger than 64 MiB: only the first part is kept";
    let run = if cfg!(target_os = "linux") {
        under_memory_limit(512 * 1024, input, &["--json"])
    } else {
        piped(input, &["--json"])
    };
    let v = assert_judged(&run, 0, warning);
    assert_eq!(v["body_bytes"], 64 * MIB);
}

// ---------------------------------------------------------------------------------------
// JSON bodies

#[test]
fn json_nested_two_hundred_thousand_deep() {
    let head = "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n\r\n";
    for (body, column) in [
        (
            format!("{}{}", "[".repeat(200_000), "]".repeat(200_000)),
            128,
        ),
        (
            format!("{}1{}", "{\"a\":".repeat(200_000), "}".repeat(200_000)),
            636,
        ),
    ] {
        let input = format!("{head}{body}");
        let v = assert_judged(
            &piped(input.clone(), &["--json"]),
            4,
            &format!(
                "the JSON body does not parse: line 1, column {column}: recursion limit exceeded"
            ),
        );
        assert_eq!(v["error"], Value::Null);
        assert_card_warns(&piped(input, &[]), 4, "recursion limit exceeded");
    }
}

#[test]
fn json_with_millions_of_values_is_shown_without_a_tree() {
    // Legal nesting, two bytes a value: as a tree it would take ~100 times its size.
    let item = format!("{}1{}", "[".repeat(100), "]".repeat(100));
    let body = format!("[{}]", vec![item; 10_000].join(","));
    let input = format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{body}");
    let run = piped(input, &[]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(0), "{run:?}");
    // Re-indented from the text, cut after the first lines, the rest counted.
    assert!(run.stdout.contains("\n[\n  [\n    [\n"), "{run:?}");
    assert!(
        run.stdout.contains("more lines (--body full shows all)"),
        "{run:?}"
    );
    assert!(
        run.stdout.len() < 10_000,
        "{} bytes shown",
        run.stdout.len()
    );
}

#[test]
fn an_error_listing_half_a_million_details() {
    let body = format!("{{\"errors\": [{}1]}}", "1,".repeat(499_999));
    let input =
        format!("HTTP/1.1 422 Unprocessable\r\nContent-Type: application/json\r\n\r\n{body}");
    let run = piped(input.clone(), &["--json"]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(4));
    let v = run.json();
    assert_eq!(v["error"]["details"].as_array().unwrap().len(), 100);
    assert_eq!(v["error"]["details_omitted"], 499_900);
    let run = piped(input, &["--body", "none"]);
    let has = |start: &str, end: &str| {
        run.stdout
            .lines()
            .any(|l| l.starts_with(start) && l.ends_with(end))
    };
    assert!(has("  error ", " 500000 errors"), "{}", run.stdout);
    assert!(
        has("    detail ", " … 499900 more, not kept"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.lines().count() < 120, "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------
// HAR files

#[test]
fn har_entries_not_an_array() {
    let (run, name) = saved("entries.har", br#"{"log": {"entries": {"a": 1}}}"#, &[]);
    assert_rejected(&run, &name, "line 1: log.entries is not an array");
    let (run, name) = saved("none.har", br#"{"log": {"version": "1.2"}}"#, &[]);
    assert_rejected(&run, &name, "not a HAR file: no log.entries");
}

/// An entry that is not a HAR entry, but whose brackets pair up, is one malformed entry
/// (exit 1): the entries after it are still read and judged.
#[test]
fn a_malformed_entry_loses_only_itself() {
    let har = b"{\"log\": {\"entries\": [
        {\"request\": {\"method\": \"GET\", \"url\": \"http://h/a\"}, \"response\": {\"status\": 200}},
        {\"request\": {\"method\" \"GET\", \"url\": \"http://h/b\"}, \"response\": {\"status\": 500}},
        7,
        {\"request\": {\"method\": \"GET\", \"url\": \"http://h/c\"}, \"response\": {\"status\": 404}}
    ]}}";
    let (run, _) = saved("bad-entry.har", har, &["--json"]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(1), "{run:?}");
    let lines = run.json_lines();
    assert_eq!(lines.len(), 4, "{run:?}");
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[3]["status"], 404);
    for (line, at) in [(&lines[1], "line 3"), (&lines[2], "line 4")] {
        let failure = line["failure"].as_str().unwrap_or_default();
        assert!(failure.starts_with("not a HAR entry: "), "{line}");
        assert!(failure.ends_with(&format!("({at})")), "{line}");
    }
    // The summary lists all four, the two as malformed.
    let (run, _) = saved("bad-entry.har", har, &[]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.contains("4 entries"), "{run:?}");
    assert!(run.stdout.contains(" /c "), "{run:?}");
    assert!(run.stdout.contains(" · 2 malformed"), "{run:?}");
}

/// A file broken so that the next entry cannot be found ends there, with an error; the
/// summary of the entries before the break is still printed.
#[test]
fn a_broken_har_still_lists_the_entries_before_the_break() {
    let har = b"{\"log\": {\"entries\": [
        {\"request\": {\"method\": \"GET\", \"url\": \"http://h/a\"}, \"response\": {\"status\": 200}},
        {\"request\": {\"method\": \"GET\", \"url\": \"http://h/b\"}, \"response\": {\"status\": 503}},
        {\"request\": {\"method\": \"GET\", \"url\": \"http://h/c\"}, \"response\": {\"status\": 200]},
        {\"request\": {\"method\": \"GET\", \"url\": \"http://h/d\"}, \"response\": {\"status\": 200}}
    ]}}";
    let (run, name) = saved("broken.har", har, &[]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stdout.contains("2 entries read before the file broke"),
        "{run:?}"
    );
    assert!(run.stdout.contains(" /a "), "{run:?}");
    assert!(run.stdout.contains(" /b "), "{run:?}");
    assert!(!run.stdout.contains(" /d "), "{run:?}");
    let error = run
        .stderr
        .lines()
        .find(|l| l.starts_with("resp: error: "))
        .unwrap_or_else(|| panic!("no error line: {run:?}"));
    assert!(error.contains(&name), "{run:?}");
    assert!(
        error.contains("entry 3 (line 4): not a HAR entry"),
        "{run:?}"
    );
    // --json wrote the lines before the break, then the error's line.
    let (run, _) = saved("broken.har", har, &["--json"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    let lines = run.json_lines();
    assert_eq!(lines.len(), 3, "{run:?}");
    assert_eq!(
        (&lines[0]["status"], &lines[1]["status"]),
        (&200.into(), &503.into())
    );
    let failure = lines[2]["failure"].as_str().unwrap_or_default();
    assert!(
        failure.contains("entry 3 (line 4): not a HAR entry"),
        "{run:?}"
    );
}

/// What is not JSON where an entry goes cannot be stepped over: where it ends is not known
/// (`x]` would end the list and lose the entries after it without a word). It breaks the
/// file, as a broken bracket does.
#[test]
fn a_word_that_is_not_json_breaks_the_file() {
    for junk in ["x]", "x{\"a\": [1", "\u{a0}"] {
        let har = format!(
            "{{\"log\": {{\"entries\": [\n{{\"response\": {{\"status\": 200}}}},\n{junk} {{\"response\": {{\"status\": 500}}}}, {{\"response\": {{\"status\": 404}}}}\n]}}}}"
        );
        let (run, _) = saved("junk.har", har.as_bytes(), &["--json"]);
        assert_no_panic(&run);
        assert_eq!(run.code, Some(1), "{run:?}");
        let lines = run.json_lines();
        assert_eq!(lines.len(), 2, "{run:?}");
        let failure = lines[1]["failure"].as_str().unwrap_or_default();
        assert!(
            failure.contains(
                "entry 2 (line 3): not a HAR entry: an entry is not JSON (it starts with"
            ),
            "{run:?}"
        );
    }
}

/// A number where an entry goes is a malformed entry, unless it runs past 4 KiB: then it
/// breaks the file, whether it arrives in one read or in many.
#[test]
fn a_number_for_an_entry_is_malformed_unless_it_is_huge() {
    for (digits, breaks) in [(1000, false), (5000, true)] {
        let har = format!(
            "{{\"log\": {{\"entries\": [\n{{\"response\": {{\"status\": 200}}}},\n{}, {{\"response\": {{\"status\": 404}}}}\n]}}}}",
            "7".repeat(digits)
        );
        let (run, _) = saved("number.har", har.as_bytes(), &["--json"]);
        assert_no_panic(&run);
        assert_eq!(run.code, Some(1), "{run:?}");
        let lines = run.json_lines();
        let failure = lines[1]["failure"].as_str().unwrap_or_default();
        if breaks {
            assert_eq!(lines.len(), 2, "{run:?}");
            assert!(
                failure.ends_with("entry 2 (line 3): not a HAR entry: a value of over 4096 bytes that is not a string, array or object"),
                "{failure}"
            );
        } else {
            assert_eq!(lines.len(), 3, "{run:?}");
            assert!(
                failure.starts_with("not a HAR entry: an entry is a number, not an object"),
                "{failure}"
            );
        }
    }
}

/// A body whose JSON string JSON would refuse (an unknown escape, a raw control character)
/// is read as written, and a warning says so.
#[test]
fn a_body_json_would_refuse_is_read_with_a_warning() {
    for (text, flaw) in [
        (r"{\x41}", "an unknown escape"),
        ("two\nlines", "a raw control character"),
    ] {
        let har = format!(
            "{{\"log\": {{\"entries\": [{{\"response\": {{\"status\": 500, \"content\": {{\"text\": \"{text}\"}}}}}}]}}}}"
        );
        let (run, _) = saved("flaw.har", har.as_bytes(), &["--json"]);
        let v = assert_judged(&run, 5, flaw);
        assert!(v["body_bytes"].as_u64().unwrap() > 0, "{v}");
    }
}

/// `-o` for an entry that has no response (malformed, or failed in the browser) writes
/// nothing: a file already there is left as it was, not emptied.
#[test]
fn no_response_leaves_the_output_file_alone() {
    let har = br#"{"log": {"entries": [{"response": {"status": 200}}, 7, {"request": {"url": "http://h/"}, "response": {"status": 0, "_error": "net::ERR_FAILED"}}]}}"#;
    for n in ["2", "3"] {
        let kept = Temp::new("kept.json", b"{\"keep\": true}");
        let (run, _) = saved("nothing.har", har, &["--entry", n, "-o", kept.path()]);
        assert_no_panic(&run);
        assert!(matches!(run.code, Some(1 | 7)), "{run:?}");
        assert_eq!(
            std::fs::read(kept.path()).unwrap(),
            b"{\"keep\": true}",
            "{n}"
        );
        assert!(run.stdout.contains("nothing was written to"), "{run:?}");
    }
}

/// `--entry N` stops reading at entry N: a break later in the file does not hide it.
#[test]
fn an_entry_before_a_break_can_be_shown() {
    let har = b"{\"log\": {\"entries\": [
        {\"request\": {\"method\": \"GET\", \"url\": \"http://h/a\"}, \"response\": {\"status\": 200}},
        {\"request\": {\"method\": \"GET\", \"url\": \"http://h/b\"}, \"response\": {\"status\": 503}},
        {\"request\": {\"method\": \"GET\", \"url\": \"http://h/c\"}, \"resp";
    let (run, _) = saved("cut.har", har, &["--entry", "2", "--json"]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(5), "{run:?}");
    assert_eq!(run.json()["status"], 503);
    // Past the break, the break is the answer, said as the summary says it.
    let (run, _) = saved("cut.har", har, &["--entry", "3"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(
        run.stderr
            .contains("the file ends early, after 2 complete entries"),
        "{run:?}"
    );
}

#[test]
fn har_status_as_a_string() {
    let har = br#"{"log": {"entries": [{"request": {"method": "GET", "url": "http://h/x"}, "response": {"status": "404", "statusText": "Not Found"}}]}}"#;
    let (run, _) = saved("string.har", har, &["--json"]);
    let v = assert_judged(&run, 4, "the status is a string (\"404\"), not a number");
    assert_eq!(v["status"], 404);
    // Not a number at all: a malformed entry, an input error (not a failed request).
    let har = br#"{"log": {"entries": [{"response": {"status": "abc"}}]}}"#;
    let (run, _) = saved("abc.har", har, &["--json"]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert_eq!(
        run.json()["failure"],
        "the entry's status is missing or not a number"
    );
}

#[test]
fn har_entry_without_a_response() {
    let har = br#"{"log": {"entries": [{"request": {"method": "GET", "url": "http://h/"}}]}}"#;
    let (run, name) = saved("noresponse.har", har, &[]);
    assert_no_panic(&run);
    // HAR requires a response object: an entry without one is malformed input.
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.contains("malformed entry"), "{run:?}");
    assert!(
        run.stdout.contains("the entry has no response object"),
        "{run:?}"
    );
    assert_eq!(run.stderr, format!("resp: {name}: 1 of 1 entry failed\n"));
}

#[test]
fn a_har_file_cut_in_half() {
    let har = std::fs::read(format!(
        "{}/tests/fixtures/browser.har",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let (run, name) = saved("half.har", &har[..har.len() / 2], &[]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(1), "{run:?}");
    // The four whole entries are listed; then the error.
    assert!(
        run.stdout
            .contains(" · 4 entries read before the file broke · "),
        "{run:?}"
    );
    assert!(run.stdout.contains("/api/rate-limited"), "{run:?}");
    let last = run.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("resp: error: "), "{run:?}");
    assert!(last.contains(&name), "{run:?}");
    assert!(
        last.contains("the file ends early, after 4 complete entries: it was cut short"),
        "{run:?}"
    );
}

#[test]
fn a_har_with_many_entries_piped_lists_each_on_a_line() {
    let entry =
        r#"{"request": {"method": "GET", "url": "http://h/"}, "response": {"status": 200}}"#;
    let har = format!(
        r#"{{"log": {{"entries": [{}]}}}}"#,
        vec![entry; 3000].join(",")
    );
    let (run, name) = saved("many.har", har.as_bytes(), &[]);
    assert_no_panic(&run);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(
        run.stdout
            .starts_with(&format!("{name} · 3000 entries · paths under http://h\n")),
        "{}",
        &run.stdout[..200]
    );
    // Piped, every entry is listed, one row a line (a terminal gets the failing ones
    // past 200 unless --all).
    assert!(run.stdout.contains("│ 3000 ┆"), "row 3000 is listed");
    assert_eq!(
        run.stdout.lines().filter(|l| l.starts_with("│ ")).count(),
        3001
    );
    assert!(!run.stdout.contains("more entries"));
    let (run, _) = saved("many.har", har.as_bytes(), &["--json"]);
    assert_eq!(run.stdout.lines().count(), 3000);
}

// ---------------------------------------------------------------------------------------
// Big streams on stdin

#[test]
fn a_large_garbage_stream_on_stdin() {
    // Garbage from the first byte is refused after the first 64 KiB.
    let chunk = noise(MIB, 11);
    let mut left = 300;
    let run = streamed(&[], move || {
        left -= 1;
        (left > 0).then(|| chunk.clone())
    });
    assert_rejected(&run, "stdin", "not a response resp can read");
    // Garbage behind a status line is read up to the input cap, and no further.
    let chunk = noise(MIB, 13);
    let mut left = 301;
    let run = streamed(&[], move || {
        left -= 1;
        match left {
            0 => None,
            300 => Some(b"HTTP/1.1 200 OK\r\n".to_vec()),
            _ => Some(chunk.clone()),
        }
    });
    // The status line is real: the response is judged from what the cap let in, with
    // warnings for the damage and for the cut.
    assert_no_panic(&run);
    assert_eq!(run.code, Some(0), "{:?}", &run.stderr);
    assert!(
        run.stdout.starts_with("200 OK\n"),
        "{}",
        &run.stdout[..run.stdout.len().min(300)]
    );
    assert!(
        run.stdout
            .contains("the input is larger than 256 MiB: the rest was not read")
    );
}

#[test]
fn a_large_valid_body_on_stdin_beyond_the_body_cap() {
    let line = format!("{}\n", "x".repeat(1023));
    let chunk = line.repeat(1024).into_bytes();
    let mut left = 81;
    let first = chunk.clone();
    let run = streamed(&["--json"], move || {
        left -= 1;
        match left {
            0 => None,
            80 => Some(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n\r\n".to_vec()),
            _ => Some(first.clone()),
        }
    });
    // Not shown in full: only its start is kept, and it is counted whole.
    let v = assert_judged(&run, 4, "only the first 8388556 are kept");
    assert_eq!(v["body_bytes"], 79 * MIB);
    // Shown in full: kept up to the cap.
    let mut left = 81;
    let run = streamed(&["--json", "--body", "full"], move || {
        left -= 1;
        match left {
            0 => None,
            80 => Some(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n\r\n".to_vec()),
            _ => Some(chunk.clone()),
        }
    });
    let v = assert_judged(
        &run,
        4,
        "the body is larger than 64 MiB: only the first part is kept",
    );
    assert_eq!(v["body_bytes"], 79 * MIB);
}
