//! Inputs far larger than what resp keeps, made as they are written (never committed, never
//! held by the test): each is read in memory bounded by `ulimit -v`, judged with the verdict
//! its small parts call for, and keeps what surrounds its large part. The sizes are those
//! of issue #15; each run takes a second or two.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::process::Stdio;

use serde_json::Value;

const MB: usize = 1_000_000;

/// Address space allowed to resp, in KiB: the old readers needed 580 MB for a 200 MB HAR
/// entry and 330 MB for a 1 GB response; the bound for what resp holds is 64 MiB, and
/// the rest is code, thread stacks and the allocator's arenas.
const ADDRESS_SPACE_KIB: usize = 192 * 1024;

/// `resp ARGS` under the address-space limit, fed `head`, then `body_len` bytes of
/// `filler` repeated, then `tail`, on stdin: (exit code, stdout, stderr).
fn run_fed(
    args: &[&str],
    head: Vec<u8>,
    filler: &'static [u8],
    body_len: usize,
    tail: Vec<u8>,
) -> (Option<i32>, String, String) {
    let limit = format!("ulimit -v {ADDRESS_SPACE_KIB} && exec \"$0\" \"$@\"");
    let mut cmd = common::std_of(&common::resp(), Some(&limit));
    cmd.args(args);
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let block: Vec<u8> = filler.iter().copied().cycle().take(1 << 20).collect();
        let _ = stdin.write_all(&head);
        let mut left = body_len;
        while left > 0 {
            let n = left.min(block.len());
            if stdin.write_all(&block[..n]).is_err() {
                return;
            }
            left -= n;
        }
        let _ = stdin.write_all(&tail);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn entry(status: u16, url: &str) -> String {
    format!(
        r#"{{"request": {{"method": "GET", "url": "{url}"}}, "response": {{"status": {status}, "headers": [{{"name": "Content-Type", "value": "application/json"}}], "content": {{"mimeType": "application/json", "text": "#
    )
}

/// JSON text inside a JSON string: mostly plain, with an escape now and then.
const FILLER_ESCAPED: &[u8] = br#"{\"id\": 1, \"name\": \"Zo\u00eb\", \"note\": \"lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur excepteur sint occaecat cupidatat non proident sunt in culpa qui officia deserunt mollit anim id est laborum\"}, "#;

#[test]
fn a_har_entry_of_300_mb_is_judged_and_the_entries_around_it_kept() {
    let head = format!(
        "{{\"log\": {{\"entries\": [\n{}\"{{\\\"ok\\\": 1}}\"}}}}}},\n{}\"[",
        entry(200, "https://a.example/before"),
        entry(503, "https://a.example/huge"),
    );
    let tail = format!(
        "\"}}}}}},\n{}\"{{\\\"code\\\": \\\"34\\\"}}\"}}}}}}\n]}}}}\n",
        entry(404, "https://a.example/after")
    );
    let (code, stdout, stderr) = run_fed(
        &["read", "--json", "-"],
        head.into_bytes(),
        FILLER_ESCAPED,
        300 * MB,
        tail.into_bytes(),
    );
    assert_eq!(stderr, "");
    let got = lines(&stdout);
    let statuses: Vec<&Value> = got.iter().map(|l| &l["status"]).collect();
    assert_eq!(statuses, [200, 503, 404], "{stdout}");
    assert_eq!(got[1]["exit_code"], 5);
    assert!(
        got[1]["warnings"][0]
            .as_str()
            .unwrap()
            .contains("were cut there"),
        "{}",
        got[1]
    );
    assert_eq!(got[2]["exit_code"], 4);
    assert_eq!(code, Some(5));
}

/// An entry over 8 MiB is read from a copy of it (long strings cut, white space gone): a
/// fault in it, nested or where the copy itself reads, still loses only that entry, and
/// says where. A 9 MB number where an entry goes is refused without keeping it.
#[test]
fn a_large_malformed_entry_or_word_is_named_and_bounded() {
    // A fault nested in the entry, and one at its top level, where the copy itself reads.
    for (fault, says) in [
        (
            "\"timings\": {\"wait\" 1}",
            "not a HAR entry: timings: no ':' after a member's name (in the entry from line 4)",
        ),
        (
            "\"timings\" {\"wait\": 1}",
            "not a HAR entry: unexpected '{' (line 4)",
        ),
    ] {
        let head = format!(
            "{{\"log\": {{\"entries\": [\n{}\"1\"}}}}}},\n\n{{{fault}, \"request\": {{\"method\": \"GET\", \"url\": \"https://a.example/big\"}}, \"response\": {{\"status\": 200, \"content\": {{\"text\": \"",
            entry(200, "https://a.example/before"),
        );
        let tail = format!(
            "\"}}}}}},\n{}\"2\"}}}}}}\n]}}}}\n",
            entry(404, "https://a.example/after")
        );
        let (code, stdout, stderr) = run_fed(
            &["read", "--json", "-"],
            head.into_bytes(),
            FILLER_ESCAPED,
            20 * MB,
            tail.into_bytes(),
        );
        assert_eq!(stderr, "");
        let got = lines(&stdout);
        assert_eq!(got.len(), 3, "{stdout}");
        assert_eq!(
            (&got[0]["status"], &got[2]["status"]),
            (&200.into(), &404.into())
        );
        assert_eq!(got[1]["failure"], says, "{}", got[1]);
        assert_eq!(code, Some(1));
    }

    let head = format!(
        "{{\"log\": {{\"entries\": [\n{}\"1\"}}}}}},\n",
        entry(200, "https://a.example/before"),
    );
    let (code, stdout, stderr) = run_fed(
        &["read", "--json", "-"],
        head.into_bytes(),
        b"1234567890",
        9 * MB,
        b"\n]}}\n".to_vec(),
    );
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(lines(&stdout).len(), 2, "{stdout}");
    assert!(
        stderr.contains("entry 2 (line 3): not a HAR entry: a value of over 4096 bytes"),
        "{stderr}"
    );
}

#[test]
fn a_response_of_1_gb_on_stdin_is_judged_from_what_is_kept() {
    let head = b"HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 30\r\nContent-Length: 1000000000\r\n\r\n[".to_vec();
    let (code, stdout, stderr) = run_fed(
        &["read", "--json"],
        head,
        br#"{"id": 1, "name": "Ada"}, "#,
        1000 * MB,
        b"1]".to_vec(),
    );
    assert_eq!(stderr, "");
    let line = &lines(&stdout)[0];
    assert_eq!(line["status"], 429);
    assert_eq!(line["exit_code"], 4);
    assert_eq!(line["rate_limit"]["retry_after_s"], 30, "{line}");
    let warnings = line["warnings"].to_string();
    assert!(warnings.contains("256 MiB"), "{warnings}");
    assert_eq!(code, Some(4));
}

#[test]
fn a_single_line_json_body_of_200_mb_is_judged_and_counted_whole() {
    let (code, stdout, stderr) = run_fed(
        &["read", "--json", "--format", "body", "--status", "500"],
        b"[".to_vec(),
        br#"{"id": 1, "name": "Ada"}, "#,
        200 * MB,
        b"1]".to_vec(),
    );
    assert_eq!(stderr, "");
    let line = &lines(&stdout)[0];
    assert_eq!(line["status"], 500);
    assert_eq!(line["exit_code"], 5);
    assert_eq!(line["body_bytes"], 200 * MB + 3);
    assert_eq!(code, Some(5));
}

#[test]
fn an_upload_of_100_mb_from_stdin_streams_with_its_length() {
    use std::io::{BufRead, BufReader, Read};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/upload", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut length = None;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse::<u64>().ok();
            }
        }
        let got =
            std::io::copy(&mut reader.take(length.unwrap_or(0)), &mut std::io::sink()).unwrap();
        let mut stream = stream;
        stream
            .write_all(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .unwrap();
        (length, got)
    });
    let (code, _, stderr) = run_fed(
        &["send", "--json", "-d", "@-", &url],
        Vec::new(),
        b"abcdefgh",
        100 * MB,
        Vec::new(),
    );
    assert_eq!(stderr, "");
    assert_eq!(code, Some(0));
    assert_eq!(
        server.join().unwrap(),
        (Some(100 * MB as u64), 100 * MB as u64)
    );
}

#[test]
fn a_har_of_many_entries_is_summarised_in_bounded_memory() {
    // Piped, the table lists the first 10,000 entries and says how many more there are;
    // the count line covers every entry.
    let one = |i: usize| {
        let status = if i.is_multiple_of(100) { 503 } else { 200 };
        format!(
            r#"{{"request": {{"method": "GET", "url": "https://a.example/items/{i}"}}, "response": {{"status": {status}, "content": {{"size": 10}}}}, "time": 1.5}}"#
        )
    };
    let entries: Vec<String> = (1..=10_050).map(one).collect();
    let har = format!(
        "{{\"log\": {{\"entries\": [\n{}\n]}}}}\n",
        entries.join(",\n")
    );
    let (code, stdout, stderr) = run_fed(&["read", "-"], har.into_bytes(), b" ", 0, Vec::new());
    assert_eq!(code, Some(5), "{stderr}");
    let top: String = stdout.lines().take(3).collect();
    assert!(stdout.contains("10050 entries"), "{top}");
    assert!(stdout.contains("9950 2xx · 100 5xx"), "{top}");
    let rows: Vec<&str> = stdout.lines().filter(|l| l.starts_with("│ ")).collect();
    // The header and 10,000 rows, one table: the last row listed is entry 10,000.
    assert_eq!(rows.len(), 10_001);
    assert!(rows[10_000].starts_with("│ 10000 "), "{}", rows[10_000]);
    assert_eq!(stdout.matches('╭').count(), 1, "one table, drawn in parts");
    assert!(
        stdout.contains("… 50 more entries not listed (--entry N shows one, --json lists all)"),
        "{top}"
    );
}

#[test]
fn an_entry_large_for_other_reasons_keeps_its_body_whole() {
    // Over 8 MiB because of a field resp does not show: its long strings are cut, but
    // the body is not one of them, so -b writes it whole and succeeds.
    let har = format!(
        r#"{{"log": {{"entries": [{{"_blob": "{}", "request": {{"method": "GET", "url": "https://a.example/"}}, "response": {{"status": 200, "content": {{"text": "hello"}}}}}}]}}}}"#,
        "x".repeat(9 * MB)
    );
    let (code, stdout, stderr) = run_fed(
        &["read", "--entry", "1", "-b", "-"],
        har.into_bytes(),
        b" ",
        0,
        Vec::new(),
    );
    assert_eq!((code, stdout.as_str()), (Some(0), "hello"), "{stderr}");
}

#[test]
fn a_cut_har_body_counts_its_whole_size_in_every_view() {
    let har = format!(
        r#"{{"log": {{"entries": [{{"request": {{"method": "GET", "url": "https://a.example/"}}, "response": {{"status": 200, "content": {{"size": 9000000, "text": "{}"}}}}}}]}}}}"#,
        "b".repeat(9 * MB)
    );
    for args in [
        &["read", "--json", "-"][..],
        &["read", "--json", "--body", "full", "-"],
    ] {
        let (code, stdout, stderr) = run_fed(args, har.clone().into_bytes(), b" ", 0, Vec::new());
        assert_eq!(code, Some(0), "{stderr}");
        let line = &lines(&stdout)[0];
        assert_eq!(line["body_bytes"], 9_000_000, "{args:?}");
    }
}
