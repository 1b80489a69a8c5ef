//! `resp read` through the binary, on responses saved by real tools (tests/fixtures).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{json, json_lines, resp};
use predicates::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `resp read --json FILE`, one JSON object.
fn read_json(name: &str) -> Value {
    let out = resp()
        .args(["read", "--json", &fixture(name)])
        .output()
        .unwrap();
    json(&out)
}

fn stdout(name: &str, extra: &[&str]) -> String {
    let mut args = vec!["read".to_string(), fixture(name)];
    args.extend(extra.iter().map(|s| s.to_string()));
    String::from_utf8(resp().args(&args).output().unwrap().stdout).unwrap()
}

#[test]
fn nginx_420_with_an_empty_reason_and_rate_limit_headers() {
    resp()
        .args(["read", &fixture("420-empty-reason.http")])
        .assert()
        .code(4);
    let text = stdout("420-empty-reason.http", &[]);
    assert!(text.starts_with("420 Enhance Your Calm\n"), "{text}");
    assert!(text.contains("420 with no reason phrase"), "{text}");
    assert!(text.contains("88: Rate limit exceeded"), "{text}");
    assert!(text.contains("0 of 15 left, resets at"), "{text}");
    assert!(text.contains("min after the response"), "{text}");

    let v = read_json("420-empty-reason.http");
    assert_eq!(v["status"], 420);
    assert_eq!(v["reason"], Value::Null);
    assert_eq!(v["class"], "client_error");
    assert_eq!(v["exit_code"], 4);
    assert_eq!(v["documented"]["text"], "Enhance Your Calm");
    assert_eq!(v["standard"], Value::Null);
    assert_eq!(v["error"]["shape"], "documented");
    assert_eq!(v["error"]["code"], "88");
    assert_eq!(v["error"]["message"], "Rate limit exceeded");
    assert_eq!(v["rate_limit"]["limit"], 15);
    assert_eq!(v["rate_limit"]["remaining"], 0);
    assert!(v["rate_limit"]["reset_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(v["content_type"], "application/json");
    assert_eq!(v["body_bytes"], 48);
    assert_eq!(v["hops"], Value::Array(vec![]));
}

#[test]
fn the_documented_error_shape() {
    let v = read_json("404-documented-error.http");
    assert_eq!(
        (v["status"].as_u64(), v["exit_code"].as_u64()),
        (Some(404), Some(4))
    );
    assert_eq!(v["error"]["shape"], "documented");
    assert_eq!(v["error"]["code"], "999");
    assert_eq!(v["error"]["message"], "An error has occurred");
}

#[test]
fn success_pretty_prints_the_body() {
    resp()
        .args(["read", &fixture("200-json.http")])
        .assert()
        .success();
    let text = stdout("200-json.http", &[]);
    assert!(text.contains("application/json"), "{text}");
    assert!(text.contains("\n{\n  \""), "{text}");
    let none = stdout("200-json.http", &["--body", "none"]);
    assert!(!none.contains('{'), "{none}");
}

#[test]
fn a_differing_reason_phrase_is_shown_beside_the_documented_text() {
    let text = stdout("405-nginx.http", &[]);
    assert!(text.starts_with("405 Method not allowed\n"), "{text}");
    assert!(text.contains("server said  405 Not Allowed"), "{text}");
    assert!(text.contains("title: 405 Not Allowed"), "{text}");
    assert!(!text.contains("<html>"), "{text}");
    assert!(stdout("405-nginx.http", &["--body", "full"]).contains("<html>"));
}

#[test]
fn redirect_chains_show_every_hop_and_the_last_decides() {
    let v = read_json("redirect-chain.http");
    assert_eq!(v["status"], 200);
    assert_eq!(v["exit_code"], 0);
    let hops: Vec<u64> = v["hops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_u64().unwrap())
        .collect();
    assert_eq!(hops, [301, 302]);
    assert_eq!(
        v["hops"][0]["location"],
        "http://127.0.0.1:18080/v2/users/42"
    );
    let text = stdout("redirect-chain.http", &[]);
    assert!(
        text.starts_with(
            "via 301 Moved Permanently → http://127.0.0.1:18080/v2/users/42\n\
             via 302 Moved Temporarily → http://127.0.0.1:18080/api/users/42\n200 OK\n"
        ),
        "{text}"
    );
}

#[test]
fn retry_after_and_html_titles() {
    resp()
        .args(["read", &fixture("503-retry-after.http")])
        .assert()
        .code(5);
    let v = read_json("503-retry-after.http");
    assert_eq!(v["rate_limit"]["retry_after_s"], 120);
    let text = stdout("503-retry-after.http", &[]);
    assert!(
        text.contains("503 Service Temporarily Unavailable"),
        "{text}"
    );
    assert!(
        text.contains("title: 503 Service Unavailable - Down for maintenance"),
        "{text}"
    );
    // The Retry-After is a retry time, and the advice names it, dated: the capture is old.
    assert!(
        text.contains("Retry after 2026-11-26 07:52:23 UTC (2 min after the response)"),
        "{text}"
    );
}

#[test]
fn problem_details_and_ietf_rate_limits() {
    let v = read_json("429-ietf-ratelimit.http");
    assert_eq!(v["error"]["shape"], "problem_details");
    assert_eq!(
        v["error"]["message"],
        "Request quota of 100 per 60 seconds exhausted; retry in 30 seconds."
    );
    assert_eq!(v["rate_limit"]["limit"], 100);
    assert_eq!(v["rate_limit"]["remaining"], 0);
    assert_eq!(v["rate_limit"]["retry_after_s"], 30);
}

#[test]
fn errors_arrays_list_every_error() {
    let v = read_json("422-errors-array.http");
    assert_eq!(v["error"]["shape"], "errors_array");
    let details = v["error"]["details"].as_array().unwrap();
    assert_eq!(details.len(), 2);
    assert_eq!(details[1]["code"], "88");
    assert_eq!(details[1]["message"], "Rate limit exceeded");
    let text = stdout("422-errors-array.http", &[]);
    assert!(text.contains("Could not authenticate you (32)"), "{text}");
    assert!(text.contains("Rate limit exceeded (88)"), "{text}");
}

#[test]
fn validation_lists() {
    let v = read_json("400-validation.http");
    assert_eq!(v["error"]["shape"], "validation");
    assert_eq!(v["error"]["details"][0]["location"], "body.email");
    assert_eq!(v["error"]["details"][0]["message"], "field required");
}

#[test]
fn gzip_bodies_saved_without_compressed_are_decoded() {
    let v = read_json("500-gzip-saved-raw.http");
    assert_eq!(v["status"], 500);
    assert!(v["error"].is_object(), "{v}");
    assert_eq!(v["warnings"], Value::Array(vec![]));
}

#[test]
fn raw_chunked_bodies_are_dechunked() {
    let text = stdout("200-chunked-raw.http", &[]);
    assert!(
        // JSON lines, each value pretty-printed in turn.
        text.contains(
            "· 3 JSON values\n{\n  \"seq\": 1,\n  \"event\": \"started\"\n}\n{\n  \"seq\": 2,"
        ),
        "{text}"
    );
    assert!(!text.contains("\n1f\n"), "{text}");
    assert!(!text.contains("warning"), "{text}");
}

#[test]
fn curl_verbose_transcripts_mask_credentials() {
    resp()
        .args(["read", &fixture("401-verbose.txt")])
        .assert()
        .code(4);
    let text = stdout("401-verbose.txt", &["-v"]);
    assert!(text.starts_with("401 Unauthorized\n"), "{text}");
    assert!(
        text.contains("GET http://127.0.0.1:18080/api/account"),
        "{text}"
    );
    assert!(text.contains("Authorization: Bearer ****"), "{text}");
    assert!(text.contains("Cookie: session=****"), "{text}");
    assert!(!text.contains("SECRET123"), "{text}");
    assert!(
        text.contains("invalid_token: The access token is invalid"),
        "{text}"
    );
    let coloured = common::bare()
        .args([
            "--color",
            "always",
            "read",
            "-v",
            &fixture("401-verbose.txt"),
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&coloured.stdout).contains("SECRET123"));
    let shown = stdout("401-verbose.txt", &["-v", "--show-secrets"]);
    assert!(shown.contains("Bearer sk_live_SECRET123"), "{shown}");
    let v = read_json("401-verbose.txt");
    assert_eq!(v["error"]["shape"], "oauth");
}

#[test]
fn continue_preambles_and_http2_status_lines() {
    let v = read_json("100-continue.http");
    assert_eq!(v["status"], 201);
    assert_eq!(v["hops"][0]["status"], 100);
    let v = read_json("502-http2.http");
    assert_eq!(
        (v["status"].as_u64(), v["reason"].clone()),
        (Some(502), Value::Null)
    );
    assert_eq!(v["error"]["shape"], "error_object");
    assert_eq!(v["error"]["code"], "bad_gateway");
    resp()
        .args(["read", &fixture("502-http2.http")])
        .assert()
        .code(5);
}

#[test]
fn har_summary_details_and_entries() {
    // Failed requests (no response) are connection failures, and errors win.
    let out = resp()
        .args(["read", &fixture("browser.har")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("11 entries"), "{text}");
    assert!(text.contains("net::ERR_CONNECTION_REFUSED"), "{text}");
    assert!(text.contains("Enhance Your Calm"), "{text}");
    assert!(text.contains("5 entries failing:"), "{text}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("entries failed"));

    let out = resp()
        .args(["read", "--json", &fixture("browser.har")])
        .output()
        .unwrap();
    let lines = common::json_lines(&out);
    assert_eq!(lines.len(), 11);
    assert_eq!(lines[3]["source"], format!("{}#4", fixture("browser.har")));
    assert_eq!(lines[3]["status"], 420);
    // A successful entry's body is not read, but its size is still told.
    assert_eq!(lines[2]["body_bytes"], 278);
    assert_eq!(lines[3]["error"]["code"], "88");
    assert_eq!(lines[9]["exit_code"], 7);
    assert_eq!(lines[9]["failure"], "net::ERR_CONNECTION_REFUSED");

    resp()
        .args(["read", "--entry", "4", &fixture("browser.har")])
        .assert()
        .code(4)
        .stdout(predicate::str::contains("420 Enhance Your Calm"));
    resp()
        .args(["read", "--entry", "3", &fixture("browser.har")])
        .assert()
        .code(0);
    resp()
        .args(["read", "--entry", "99", &fixture("browser.har")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "there is no entry 99: the file has 11 entries",
        ));
}

#[test]
fn stdin_is_read_when_no_file_is_given() {
    let saved = std::fs::read(fixture("420-empty-reason.http")).unwrap();
    resp()
        .arg("read")
        .write_stdin(saved.clone())
        .assert()
        .code(4)
        .stdout(predicate::str::contains("Enhance Your Calm"));
    resp()
        .args(["read", "-"])
        .write_stdin(saved)
        .assert()
        .code(4);
}

#[test]
fn several_files_combine_their_exit_codes() {
    let files = [
        fixture("200-json.http"),
        fixture("420-empty-reason.http"),
        fixture("503-retry-after.http"),
    ];
    let out = resp().arg("read").args(&files).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("200-json.http ──") && text.contains("503-retry-after.http ──"),
        "{text}"
    );
    resp()
        .args([
            "read",
            &fixture("200-json.http"),
            &fixture("301-missing.http"),
        ])
        .assert()
        .code(1);
}

#[test]
fn expect_accepts_codes_and_classes() {
    let f = fixture("404-documented-error.http");
    resp()
        .args(["read", "--expect", "404", &f])
        .assert()
        .code(0);
    resp()
        .args(["read", "--expect", "2xx,4xx", &f])
        .assert()
        .code(0);
    resp()
        .args(["read", "--expect", "2xx,304", &f])
        .assert()
        .code(4);
    resp()
        .args(["read", "--expect", "abc", &f])
        .assert()
        .code(2);
}

#[test]
fn quiet_prints_nothing_and_keeps_the_code() {
    resp()
        .args(["read", "-q", &fixture("420-empty-reason.http")])
        .assert()
        .code(4)
        .stdout("")
        .stderr("");
}

#[test]
fn errors_get_a_line_on_stderr_when_stdout_is_not_a_terminal() {
    resp()
        .args(["read", &fixture("420-empty-reason.http")])
        .assert()
        .stderr("resp: 420 Enhance Your Calm (client error)\n");
    resp()
        .args(["read", &fixture("200-json.http")])
        .assert()
        .stderr("");
}

#[test]
fn bare_bodies_need_a_status() {
    let body = r#"{"code": "999", "message": "An error has occurred"}"#;
    resp()
        .args(["read", "--format", "body", "--status", "420"])
        .write_stdin(body)
        .assert()
        .code(4)
        .stdout(predicate::str::contains("999: An error has occurred"));
    resp()
        .args(["read", "--status", "503"])
        .write_stdin(body)
        .assert()
        .code(5);
    resp()
        .arg("read")
        .write_stdin(body)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--status"));
    resp()
        .args(["read", "--status", "2000"])
        .write_stdin(body)
        .assert()
        .code(2);
}

#[test]
fn unreadable_inputs_are_one_line_errors() {
    resp()
        .args(["read", "/no/such/file"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "resp: error: reading /no/such/file:",
        ));
    resp()
        .args(["read", "/"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is a directory"));
    resp()
        .arg("read")
        .write_stdin("")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty input"));
    resp()
        .arg("read")
        .write_stdin("hello there\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a response resp can read"));
    resp()
        .arg("read")
        .write_stdin("HTTP/1.1 2000 Big\r\n\r\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not three digits"));
}

#[test]
fn server_text_cannot_reach_the_terminal_raw() {
    let evil = "HTTP/1.1 420 \x1b]0;pwned\x07Calm\r\nX-Evil: \x1b[2J\u{202e}\r\nContent-Type: application/json\r\n\r\n{\"message\": \"\\u001b[31mred\\u009b\"}";
    let out = resp()
        .args(["read", "-v"])
        .write_stdin(evil)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains('\x1b')
            && !text.contains('\x07')
            && !text.contains('\u{202e}')
            && !text.contains('\u{9b}'),
        "{text:?}"
    );
    assert!(text.contains("\\x1b]0;pwned\\x07Calm"), "{text}");
    assert!(text.contains("\\x1b[31mred"), "{text}");
}

#[test]
fn a_success_body_is_not_an_error() {
    let ok = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"message\": \"Welcome\"}";
    let v = json(
        &resp()
            .args(["read", "--json"])
            .write_stdin(ok)
            .output()
            .unwrap(),
    );
    assert_eq!(v["error"], Value::Null);
}

#[test]
fn status_and_entry_only_where_they_apply() {
    resp()
        .args(["read", "--status", "500", &fixture("200-json.http")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--status is for a bare body, and this input is an HTTP status line",
        ));
    resp()
        .args(["read", "--entry", "2", &fixture("200-json.http")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--entry picks entries of a HAR file",
        ));
    let out = resp()
        .args(["read", "--status", "420"])
        .write_stdin("{}")
        .output()
        .unwrap();
    resp()
        .args(["read", "--status", "420", "--format", "http"])
        .write_stdin("{}")
        .assert()
        .code(2);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("server said"));
    resp()
        .args(["read"])
        .write_stdin("{}")
        .assert()
        .stderr(predicate::str::starts_with(
            "resp: error: stdin: a bare body has no status line\n",
        ));
}

#[test]
fn a_final_redirect_says_where_it_goes() {
    let moved = "HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.test/new?token=abc\r\nContent-Length: 0\r\n\r\n";
    resp()
        .arg("read")
        .write_stdin(moved)
        .assert()
        .code(3)
        .stdout(predicate::str::contains(
            "location   https://example.test/new?token=****",
        ));
}

#[test]
fn curl_verbose_with_its_progress_meter() {
    let transcript = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0*   Trying 127.0.0.1:80...\n> GET /x HTTP/1.1\r\n> Host: h\r\n> \r\n< HTTP/1.1 420 \r\n< Content-Type: application/json\r\n< \r\n{ [48 bytes data]\n\r100    48  100    48    0     0  41025      0 --:--:-- --:--:-- --:--:-- 48000\n* Connection #0 to host h left intact\n{\"code\": \"88\", \"message\": \"Rate limit exceeded\"}";
    let v = json(
        &resp()
            .args(["read", "--json"])
            .write_stdin(transcript)
            .output()
            .unwrap(),
    );
    assert_eq!(v["error"]["code"], "88");
    assert_eq!(v["warnings"], Value::Array(vec![]));
}

#[test]
fn json_lines_cover_unreadable_inputs_too() {
    let out = resp()
        .args(["read", "--json", &fixture("200-json.http"), "/no/such/file"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let lines = common::json_lines(&out);
    assert_eq!(lines.len(), 2);
    // Every line says its kind, so other kinds of record can join the stream.
    assert!(lines.iter().all(|l| l["type"] == "response"), "{lines:?}");
    assert_eq!(lines[1]["source"], "/no/such/file");
    assert_eq!(lines[1]["status"], Value::Null);
    assert_eq!(lines[1]["exit_code"], 1);
    assert!(
        lines[1]["failure"]
            .as_str()
            .unwrap()
            .starts_with("reading /no/such/file")
    );
}

#[test]
fn a_body_past_the_read_limit_is_not_called_cut_short() {
    // A saved 1 GiB response, sparse: a head and a hole, nothing written past the head.
    let path_dir = common::TempDir::new("read-huge");
    let path = path_dir.join("read-huge.http");
    let head = "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 1073741824\r\n\r\n";
    let file = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut &file, head.as_bytes()).unwrap();
    file.set_len(head.len() as u64 + (1 << 30)).unwrap();
    drop(file);
    let out = resp().args(["read", "--json"]).arg(&path).output().unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(out.status.code(), Some(5));
    let read = (256 << 20) - head.len();
    let v = json(&out);
    let warnings: Vec<&str> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        warnings[0],
        format!("the body is larger than resp reads (256 MiB): {read} of 1073741824 bytes read")
    );
    assert!(
        warnings.iter().all(|w| !w.contains("cut short")),
        "{warnings:?}"
    );
}

/// True for an RFC 3339 UTC time as `--json` writes it: `2026-11-26T08:00:00Z`.
fn is_rfc3339(s: &str) -> bool {
    let shape = "dddd-dd-ddTdd:dd:ddZ";
    s.len() == shape.len()
        && s.bytes().zip(shape.bytes()).all(|(c, want)| {
            if want == b'd' {
                c.is_ascii_digit()
            } else {
                c == want
            }
        })
}

/// `resp read --json` of a 429 carrying `header`.
fn rate_limit_of(header: &str) -> (Value, String) {
    let input = format!(
        "HTTP/1.1 429 Too Many Requests\r\nDate: Thu, 26 Nov 2026 07:46:00 GMT\r\n{header}\r\n\r\n"
    );
    let out = resp()
        .args(["read", "--json"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    let v = json(&out);
    let text = resp().arg("read").write_stdin(input).output().unwrap();
    (
        v["rate_limit"].clone(),
        String::from_utf8(text.stdout).unwrap(),
    )
}

#[test]
fn far_future_resets_are_unreadable_not_bad_rfc3339() {
    // Far, but within year 9999: an RFC 3339 time.
    for (header, at) in [
        ("x-rate-limit-reset: 99999999999", "5138-11-16T09:46:39Z"),
        ("X-RateLimit-Reset: 253402300799", "9999-12-31T23:59:59Z"),
        ("RateLimit-Reset: 99999999999999", "5138-11-16T09:46:40Z"),
    ] {
        let (rl, _) = rate_limit_of(header);
        assert_eq!(rl["reset_at"], at, "{header}");
        assert!(is_rfc3339(at));
        assert_eq!(rl["reset_raw"], Value::Null, "{header}");
    }
    // Past year 9999, in every form a reset is sent in: no time, the value as sent.
    for (header, raw) in [
        ("x-rate-limit-reset: 253402300800", "253402300800"),
        ("X-RateLimit-Reset: 99999999999999999", "99999999999999999"),
        (
            "x-rate-limit-reset: 18446744073709551615",
            "18446744073709551615",
        ),
        ("RateLimit-Reset: 253402300800", "253402300800"),
        ("RateLimit: \"default\";r=0;t=253402300800", "253402300800"),
        (
            "RateLimit: limit=10, remaining=0, reset=253402300800",
            "253402300800",
        ),
        (
            "X-RateLimit-Reset-After: 18446744073709551615",
            "18446744073709551615",
        ),
    ] {
        let (rl, text) = rate_limit_of(header);
        assert_eq!(rl["reset_at"], Value::Null, "{header}: {rl}");
        assert_eq!(rl["reset_raw"], raw, "{header}: {rl}");
        assert!(
            text.contains(&format!("reset {raw} is past year 9999")),
            "{header}: {text}"
        );
    }
    // A readable reset beside an unreadable one wins.
    let (rl, _) = rate_limit_of("RateLimit-Reset: 253402300800\r\nx-rate-limit-reset: 99999999999");
    assert_eq!(
        (&rl["reset_at"], &rl["reset_raw"]),
        (&Value::from("5138-11-16T09:46:39Z"), &Value::Null)
    );
}

#[test]
fn counts_of_one_entry_are_singular() {
    let har = r#"{"log": {"version": "1.2", "entries": [
        {"request": {"method": "GET", "url": "http://h/x"},
         "response": {"status": 500, "statusText": "Internal Server Error", "content": {"size": 0}}}
    ]}}"#;
    let path_dir = common::TempDir::new("one-entry");
    let path = path_dir.join("one-entry.har");
    std::fs::write(&path, har).unwrap();
    let out = resp()
        .arg("read")
        .arg(&path)
        .args(["--entry", "2"])
        .output()
        .unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("there is no entry 2: the file has 1 entry\n"),
        "{err}"
    );
    let out = resp().arg("read").arg(&path).output().unwrap();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.ends_with(": 1 of 1 entry failed\n"), "{err}");
    let _ = std::fs::remove_file(path);
}

#[test]
fn har_filters_list_and_count_only_what_they_keep() {
    let har = fixture("browser.har");
    let listed = |args: &[&str]| {
        let out = resp()
            .env("COLUMNS", "120")
            .args(["read", "--body", "none"])
            .args(args)
            .arg(&har)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let rows: Vec<String> = text
            .lines()
            .take_while(|l| !l.is_empty())
            .filter(|l| l.starts_with("│ "))
            .skip(1)
            .map(|l| {
                l.split('┆')
                    .next()
                    .unwrap()
                    .trim_matches(['│', ' '])
                    .to_string()
            })
            .collect();
        (rows, out.status.code(), text)
    };
    let (rows, code, text) = listed(&["--status", "4xx,503"]);
    assert_eq!(rows, ["4", "5"], "{text}");
    assert_eq!(
        code,
        Some(4),
        "only what is shown counts: no 5xx, no failed connection"
    );
    assert!(
        text.contains("11 entries, 2 shown (--status 4xx,503)"),
        "{text}"
    );
    assert!(text.contains("2 4xx · slowest #4"), "{text}");
    let (rows, code, _) = listed(&["--failing"]);
    assert_eq!(rows, ["4", "5", "6", "10", "11"]);
    assert_eq!(code, Some(7));
    let (rows, code, _) = listed(&["--url", "USERS/42"]);
    assert_eq!(rows, ["3", "7", "8", "9"]);
    assert_eq!(
        code,
        Some(0),
        "the 301 and 302 were followed by the browser"
    );
    let (rows, code, _) = listed(&["--method", "post"]);
    assert!(rows.is_empty());
    assert_eq!(code, Some(0));
    // The filters pick HAR entries; a bare body's --status stays one code.
    resp()
        .args(["read", "--failing", &fixture("200-json.http")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--failing picks entries of a HAR file",
        ));
    resp()
        .args(["read", "--status", "4xx"])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("one status code"));
}

#[test]
fn har_json_lines_follow_the_filters_and_carry_timings() {
    let out = resp()
        .args(["--json", "read", "--status", "420", &fixture("browser.har")])
        .output()
        .unwrap();
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["status"], 420);
    assert_eq!(lines[0]["timing"]["wait_ms"], 0.455);
    assert_eq!(out.status.code(), Some(4));
}

/// The value of a card's row `key`, if it has one.
fn row(card: &str, key: &str) -> Option<String> {
    card.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix(key)?;
        rest.starts_with("  ").then(|| rest.trim().to_string())
    })
}

#[test]
fn the_headers_that_explain_a_status_are_shown_without_v() {
    let card = |input: &str| {
        let out = resp()
            .args(["read", "--body", "none"])
            .write_stdin(input.to_string())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let text = card(
        "HTTP/1.1 405 Method Not Allowed\r\nAllow: POST\r\nContent-Type: application/json\r\n\r\n{\"detail\": \"Method Not Allowed\"}",
    );
    assert!(row(&text, "allow").as_deref() == Some("POST"), "{text}");
    let text = card(
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"\r\n\r\n",
    );
    assert!(
        row(&text, "authenticate").as_deref()
            == Some("Bearer realm=\"api\", error=\"invalid_token\""),
        "{text}"
    );
    // A Location's credentials are masked as everywhere; a 200 does not show it.
    let text = card(
        "HTTP/1.1 201 Created\r\nLocation: https://api.example.com/items/7?access_token=s3cr3t\r\n\r\n",
    );
    assert!(
        row(&text, "location").as_deref()
            == Some("https://api.example.com/items/7?access_token=****"),
        "{text}"
    );
    assert!(!text.contains("s3cr3t"), "{text}");
    let text = card("HTTP/1.1 200 OK\r\nLocation: /x\r\nAllow: GET\r\n\r\n");
    assert!(
        !text.contains("location") && !text.contains("allow"),
        "{text}"
    );
    // Deprecation on any status; a body its content type contradicts; server text escaped.
    let text = card(
        "HTTP/1.1 200 OK\r\nDeprecation: @1688169599\r\nSunset: Wed, 11 Nov 2026 11:11:11 GMT\r\nLink: <https://a/d>; rel=\"deprecation\"\r\nContent-Type: text/html\r\n\r\n{\"a\": 1}",
    );
    assert!(
        row(&text, "deprecated").as_deref() == Some("since 2023-06-30 23:59:59 UTC"),
        "{text}"
    );
    assert!(
        row(&text, "sunset").as_deref() == Some("Wed, 11 Nov 2026 11:11:11 GMT (has passed)"),
        "{text}"
    );
    assert!(
        row(&text, "deprecation").as_deref() == Some("<https://a/d>; rel=\"deprecation\""),
        "{text}"
    );
    assert!(
        row(&text, "content type").as_deref() == Some("text/html, but the body is JSON"),
        "{text}"
    );
    let text = card("HTTP/1.1 405 No\r\nAllow: GET\x1b]0;x\x07\r\n\r\n");
    assert!(text.contains("GET\\x1b]0;x\\x07"), "{text}");
    // And in --json.
    let v = json(
        &resp()
            .args(["--json", "read"])
            .write_stdin("HTTP/1.1 405 No\r\nAllow: POST\r\n\r\n")
            .output()
            .unwrap(),
    );
    assert_eq!(
        v["status_headers"],
        serde_json::json!([{"name": "Allow", "value": "POST"}])
    );
}

#[test]
fn the_rate_limit_line_agrees_with_the_response() {
    let read = |input: &str, json_out: bool| {
        let mut cmd = resp();
        if json_out {
            cmd.arg("--json");
        }
        let out = cmd
            .args(["read", "--body", "none"])
            .env("COLUMNS", "200")
            .write_stdin(input.to_string())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // draft-11 fields, two policies: the tightest, named, with its window; Retry-After
    // first, a long wait in hours and minutes.
    let input = "HTTP/1.1 429 Too Many Requests\r\nDate: Thu, 26 Nov 2026 08:00:00 GMT\r\nRetry-After: 36907\r\nRateLimit-Policy: \"burst\";q=100;w=60, \"day\";q=1000;w=86400\r\nRateLimit: \"day\";r=500;t=36907, \"burst\";r=0;t=30\r\nContent-Type: application/json\r\n\r\n{\"errors\": [{\"code\": 88, \"message\": \"Rate limit exceeded\"}]}";
    let text = read(input, false);
    assert_eq!(
        row(&text, "retry after").as_deref(),
        Some("10 h 15 min (at 2026-11-26 18:15:07 UTC)"),
        "{text}"
    );
    assert_eq!(
        row(&text, "rate limit").as_deref(),
        Some(
            "0 of 100 left per 60 s (policy \"burst\", the tightest of 2), resets at 2026-11-26 08:00:30 UTC (30 s after the response)"
        ),
        "{text}"
    );
    // One error, said once.
    assert_eq!(
        row(&text, "error").as_deref(),
        Some("88: Rate limit exceeded")
    );
    assert!(!text.contains("detail"), "{text}");
    let v: Value = serde_json::from_str(&read(input, true)).unwrap();
    assert_eq!(v["rate_limit"]["policy"], "burst");
    assert_eq!(v["rate_limit"]["window_s"], 60);
    assert_eq!(v["rate_limit"]["remaining"], 0);
    // A reset before the response's Date is stale, not "already reset".
    let text = read(
        "HTTP/1.1 420 \r\nDate: Thu, 26 Nov 2026 08:00:00 GMT\r\nx-rate-limit-limit: 15\r\nx-rate-limit-remaining: 0\r\nx-rate-limit-reset: 1795679000\r\n\r\n",
        false,
    );
    let line = row(&text, "rate limit").unwrap();
    assert!(
        line.contains("the header looks stale") && !line.contains("already reset"),
        "{text}"
    );
    // Older drafts' RateLimit-* fields with a window.
    let text = read(
        "HTTP/1.1 200 OK\r\nDate: Thu, 26 Nov 2026 08:00:00 GMT\r\nRateLimit-Limit: 100, 100;w=60\r\nRateLimit-Remaining: 7\r\nRateLimit-Reset: 30\r\n\r\n",
        false,
    );
    assert_eq!(
        row(&text, "rate limit").as_deref(),
        Some("7 of 100 left per 60 s, resets at 2026-11-26 08:00:30 UTC (30 s after the response)")
    );
}

#[test]
fn a_stale_reset_gives_no_time_to_retry_at_and_a_method_alone_is_no_request() {
    let stale = "HTTP/1.1 429 Too Many Requests\r\nDate: Thu, 26 Nov 2026 07:46:00 GMT\r\nX-RateLimit-Remaining: 0\r\nX-RateLimit-Reset: 1700000000\r\nContent-Length: 0\r\n\r\n";
    let out = resp().arg("read").write_stdin(stale).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("stale"), "{text}");
    assert!(!text.contains("Retry after 2023"), "{text}");
    resp()
        .args(["read", "--status", "404", "--request", "POST", "-"])
        .write_stdin("{}")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'POST' has no URL"));
}

#[test]
fn a_har_header_item_that_is_not_a_pair_is_left_out_alone() {
    let har = r#"{"log": {"entries": [{"request": {"method": "GET", "url": "http://a/"},
        "response": {"status": 429, "headers": [{"name": "Retry-After", "value": "30"},
            {"name": "X-Bad", "value": 5}, 7, {"name": "X-Last", "value": "z"}]}}]}}"#;
    let path_dir = common::TempDir::new("read-items");
    let path = path_dir.join("read-items.har");
    std::fs::write(&path, har).unwrap();
    let out = resp()
        .args(["read", "--json", "-v"])
        .arg(&path)
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = line["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Retry-After", "X-Last"], "{line}");
    assert_eq!(line["rate_limit"]["retry_after_s"], 30, "{line}");
    assert!(
        line["warnings"][0]
            .as_str()
            .unwrap()
            .contains("2 items are not a {name, value} pair of strings, left out"),
        "{line}"
    );
}

/// Header fields as (name, value).
type Fields<'a> = &'a [(&'a str, &'a str)];

/// A HAR of `(method, url, status, response headers, request headers)` entries.
fn har_of(entries: &[(&str, &str, u16, Fields, Fields)]) -> String {
    let pairs = |h: Fields| {
        h.iter()
            .map(|(n, v)| serde_json::json!({"name": n, "value": v}))
            .collect::<Vec<_>>()
    };
    let entries: Vec<Value> = entries
        .iter()
        .map(|(method, url, status, response, request)| {
            serde_json::json!({
                "startedDateTime": "2026-12-07T10:00:00.000Z",
                "time": 1.0,
                "request": {"method": method, "url": url, "headers": pairs(request)},
                "response": {"status": status, "statusText": "", "headers": pairs(response),
                             "content": {"size": 0, "mimeType": "text/html"}},
            })
        })
        .collect();
    serde_json::json!({"log": {"version": "1.2", "entries": entries}}).to_string()
}

#[test]
fn a_har_exits_0_for_redirects_the_browser_followed_and_304s_it_asked_for() {
    let code = |har: &str, args: &[&str]| {
        let file = common::Temp::new("session.har", har.as_bytes());
        resp()
            .args(["read", "--body", "none"])
            .args(args)
            .arg(file.path())
            .output()
            .unwrap()
            .status
            .code()
    };
    let browsed = har_of(&[
        (
            "GET",
            "http://a.test/old",
            301,
            &[("Location", "/a/b/new")],
            &[],
        ),
        (
            "GET",
            "http://a.test/a/b/new",
            302,
            &[("Location", "page")],
            &[],
        ),
        ("GET", "http://a.test/a/b/page", 200, &[], &[]),
        (
            "GET",
            "http://a.test/app.js",
            304,
            &[],
            &[("If-None-Match", "\"v1\"")],
        ),
        (
            "GET",
            "http://a.test/app.css",
            304,
            &[],
            &[("If-Modified-Since", "Mon, 07 Dec 2026 09:00:00 GMT")],
        ),
    ]);
    assert_eq!(code(&browsed, &[]), Some(0));
    assert_eq!(code(&browsed, &["--failing"]), Some(0));
    // A redirect nobody followed, or a 304 nobody asked for, is still a 3xx.
    let unfollowed = har_of(&[
        (
            "GET",
            "http://a.test/old",
            302,
            &[("Location", "/new")],
            &[],
        ),
        ("GET", "http://a.test/elsewhere", 200, &[], &[]),
    ]);
    assert_eq!(code(&unfollowed, &[]), Some(3));
    let last = har_of(&[(
        "GET",
        "http://a.test/old",
        302,
        &[("Location", "/new")],
        &[],
    )]);
    assert_eq!(code(&last, &[]), Some(3));
    let unasked = har_of(&[("GET", "http://a.test/app.js", 304, &[], &[])]);
    assert_eq!(code(&unasked, &[]), Some(3));
    // --failing changes the view, not the exit code.
    assert_eq!(code(&unasked, &["--failing"]), Some(3));
    let failing = har_of(&[
        ("GET", "http://a.test/old", 302, &[("Location", "/x")], &[]),
        ("GET", "http://a.test/y", 404, &[], &[]),
    ]);
    assert_eq!(code(&failing, &[]), Some(4));
    assert_eq!(code(&failing, &["--failing"]), Some(4));
}

#[test]
fn a_content_length_that_is_no_number_is_refused_as_send_refuses_it() {
    for length in ["99999999999999999999999", "abc", "-1"] {
        resp()
            .args(["read", "-"])
            .write_stdin(format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {length}\r\n\r\nabc"
            ))
            .assert()
            .code(1)
            .stderr(predicate::str::contains("is not a number of bytes"));
    }
    // A chunked body's length comes from its chunks.
    resp()
        .args(["read", "-q", "-"])
        .write_stdin("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: x\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        .assert()
        .code(0);
}
