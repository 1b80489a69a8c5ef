//! The body for pipes and files: `-b/--body-only` writes exactly the body to stdout (and
//! the verdict to stderr when it is an error), `-o/--output FILE` writes it to a file and
//! shows the card. For `read` (saved responses, a HAR entry) and `send` alike.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::os::unix::fs::PermissionsExt;

use common::resp;
use common::server::{Step, respond, serve};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The body of a saved raw response: what follows the last blank line of its head.
fn saved_body(name: &str) -> Vec<u8> {
    let raw = std::fs::read(fixture(name)).unwrap();
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    raw[at + 4..].to_vec()
}

fn temp_dir(name: &str) -> common::TempDir {
    common::TempDir::new(&format!("body-{name}"))
}

#[test]
fn body_only_is_the_body_byte_for_byte_and_nothing_else() {
    let out = resp()
        .args(["read", "-b", &fixture("200-json.http")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout, saved_body("200-json.http"));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The long form, after the file too.
    let long = resp()
        .args(["read", &fixture("200-json.http"), "--body-only"])
        .output()
        .unwrap();
    assert_eq!(long.stdout, out.stdout);
}

#[test]
fn an_error_status_says_its_verdict_on_stderr_and_exits_with_its_code() {
    let out = resp()
        .args(["read", "-b", &fixture("420-empty-reason.http")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(out.stdout, saved_body("420-empty-reason.http"));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "resp: 420 Enhance Your Calm (client error)\n"
    );
}

#[test]
fn chunked_and_gzip_bodies_are_decoded() {
    let out = resp()
        .args(["read", "-b", &fixture("200-chunked-raw.http")])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "{\"seq\": 1, \"event\": \"started\"}\n{\"seq\": 2, \"event\": \"progress\", \"percent\": 50}\n{\"seq\": 3, \"event\": \"finished\"}\n"
    );
    let out = resp()
        .args(["read", "-b", &fixture("500-gzip-saved-raw.http")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["code"], "500");
}

#[test]
fn a_long_body_is_never_cut_and_never_sanitized_into_a_pipe() {
    // 100 lines (auto would cut at 40) and an escape sequence: the data as it is.
    let mut body = String::new();
    for i in 0..100 {
        body.push_str(&format!("line {i} \x1b[31mred\x1b[0m\n"));
    }
    let (url, _) = serve(vec![respond(
        "200 OK",
        &[("Content-Type", "text/plain")],
        &body,
    )]);
    let out = resp().args(["send", &url, "-b"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), body);
}

#[test]
fn send_body_only_passes_binary_and_gzip_bodies() {
    let binary: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let mut raw = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        binary.len()
    )
    .into_bytes();
    raw.extend_from_slice(&binary);
    let (url, _) = serve(vec![Step::Answer(raw)]);
    let out = resp().args(["send", "-b", &url]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout == binary, "{} bytes", out.stdout.len());

    use std::io::Write as _;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(br#"{"items": [1, 2, 3]}"#).unwrap();
    let gz = gz.finish().unwrap();
    let mut raw = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
        gz.len()
    )
    .into_bytes();
    raw.extend_from_slice(&gz);
    let (url, _) = serve(vec![Step::Answer(raw)]);
    let out = resp()
        .args(["send", "-b", "-H", "Accept-Encoding: gzip", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert_eq!(out.stdout, br#"{"items": [1, 2, 3]}"#);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("resp: 503 Service Unavailable (server error)")
    );
}

#[test]
fn a_body_cut_at_max_body_is_said_on_stderr() {
    let body = "x".repeat(5000);
    let (url, _) = serve(vec![respond("200 OK", &[], &body)]);
    let out = resp()
        .args(["send", "-b", "--max-body", "1K", &url])
        .output()
        .unwrap();
    assert_eq!(out.stdout.len(), 1024);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("resp: warning: the body is larger than --max-body"),
        "{err}"
    );
}

#[test]
fn a_har_entry_gives_its_body_and_a_whole_har_is_refused() {
    let out = resp()
        .args(["read", "-b", &fixture("browser.har")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("-b/-o take one body") && err.contains("--entry"),
        "{err}"
    );

    let har: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fixture("browser.har")).unwrap()).unwrap();
    let entries = har["log"]["entries"].as_array().unwrap();
    let (n, text) = entries
        .iter()
        .enumerate()
        .find_map(|(i, e)| {
            let c = &e["response"]["content"];
            (c["encoding"].is_null() && c["text"].as_str().is_some_and(|t| !t.is_empty()))
                .then(|| (i + 1, c["text"].as_str().unwrap().to_string()))
        })
        .unwrap();
    let out = resp()
        .args([
            "read",
            "--entry",
            &n.to_string(),
            "-b",
            &fixture("browser.har"),
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), text);
}

#[test]
fn body_only_goes_with_neither_json_nor_quiet_nor_output() {
    let file = fixture("200-json.http");
    for args in [
        vec!["read", "-b", "--json", &file],
        vec!["--json", "read", "-b", &file],
        vec!["-q", "read", "-b", &file],
        vec!["read", "-b", "-q", &file],
        vec!["read", "-b", "-o", "/tmp/x", &file],
    ] {
        let out = resp().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn output_writes_the_body_and_shows_the_card_without_it() {
    let dir = temp_dir("read");
    let path = dir.join("body.json");
    let out = resp()
        .args(["read", &fixture("420-empty-reason.http"), "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        saved_body("420-empty-reason.http")
    );
    let card = String::from_utf8(out.stdout).unwrap();
    assert!(card.starts_with("420 Enhance Your Calm\n"), "{card}");
    assert!(
        card.ends_with(&format!("\nbody saved to {} · 48 bytes\n", path.display())),
        "{card}"
    );
    assert!(
        !card.contains("Rate limit exceeded\"}"),
        "the body is not shown again: {card}"
    );
    // Writing over a file keeps its mode, as --save does.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    resp()
        .args(["read", &fixture("200-json.http"), "--output"])
        .arg(&path)
        .assert()
        .success();
    assert_eq!(std::fs::read(&path).unwrap(), saved_body("200-json.http"));
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn output_is_private_when_the_response_carries_credentials() {
    let dir = temp_dir("private");
    let (url, _) = serve(vec![respond(
        "200 OK",
        &[
            ("Set-Cookie", "sid=abc"),
            ("Content-Type", "application/json"),
        ],
        r#"{"ok": true}"#,
    )]);
    let path = dir.join("new.json");
    let out = resp()
        .args(["send", &url, "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read(&path).unwrap(), br#"{"ok": true}"#);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let card = String::from_utf8(out.stdout).unwrap();
    assert!(
        card.starts_with("200 OK\n") && card.contains("body saved to"),
        "{card}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn output_refuses_what_it_must_not_write() {
    let dir = temp_dir("refuse");
    // A link to nothing, as --save refuses it.
    let link = dir.join("dangling");
    std::os::unix::fs::symlink(dir.join("nowhere"), &link).unwrap();
    let out = resp()
        .args(["read", &fixture("200-json.http"), "-o"])
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("does not exist")
    );
    // The input itself.
    let input = dir.join("r.http");
    std::fs::copy(fixture("200-json.http"), &input).unwrap();
    let out = resp()
        .arg("read")
        .arg(&input)
        .arg("-o")
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read(&input).unwrap(),
        std::fs::read(fixture("200-json.http")).unwrap()
    );
    // Several inputs, or a whole HAR: which body?
    let out = resp()
        .args([
            "read",
            &fixture("200-json.http"),
            &fixture("420-empty-reason.http"),
            "-o",
        ])
        .arg(dir.join("x"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = resp()
        .args(["read", &fixture("browser.har"), "-o"])
        .arg(dir.join("x"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!dir.join("x").exists());
    // send: a folder that does not exist is found out before the request goes.
    let (url, rx) = serve(vec![respond("200 OK", &[], "hi")]);
    let out = resp()
        .args(["send", &url, "-o"])
        .arg(dir.join("no/such/file"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(common::server::nothing_more(&rx), "no request was made");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn output_with_json_or_quiet_prints_no_note() {
    let dir = temp_dir("json");
    let path = dir.join("b");
    let out = resp()
        .args(["read", "--json", &fixture("200-json.http"), "-o"])
        .arg(&path)
        .output()
        .unwrap();
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(line["status"], 200);
    assert!(path.exists());
    std::fs::remove_file(&path).unwrap();
    let out = resp()
        .args(["read", "-q", &fixture("200-json.http"), "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert_eq!(std::fs::read(&path).unwrap(), saved_body("200-json.http"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn json_lines_gain_headers_with_verbose_and_the_body_with_body_full() {
    let answer = respond(
        "200 OK",
        &[
            ("Content-Type", "application/json"),
            ("Set-Cookie", "sid=s3cret"),
            ("X-Trace", "t1"),
        ],
        r#"{"token": "abc", "n": 1}"#,
    );
    let (url, _) = serve(vec![
        answer.clone(),
        answer,
        respond(
            "200 OK",
            &[("Set-Cookie", "sid=s3cret")],
            r#"{"token": "abc"}"#,
        ),
    ]);
    let plain = common::json(&resp().args(["send", "--json", &url]).output().unwrap());
    let fields = plain.as_object().unwrap();
    assert!(
        !fields.contains_key("headers") && !fields.contains_key("body"),
        "without the flags the line stays as it is: {plain}"
    );
    let v = common::json(
        &resp()
            .args(["send", "--json", "-v", "--body", "full", &url])
            .output()
            .unwrap(),
    );
    let headers = v["headers"].as_array().unwrap();
    let names: Vec<&str> = headers
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Content-Type", "Set-Cookie", "X-Trace", "Content-Length"],
        "in order: {v}"
    );
    assert_eq!(headers[1]["value"], "sid=****", "secrets masked");
    // A JSON body's secret values are masked too, as on screen.
    let body = v["body"].as_str().unwrap();
    assert!(
        body.contains("\"token\": \"****\"") && body.contains("\"n\": 1"),
        "{body}"
    );
    assert!(v["body_base64"].is_null());
    let shown = common::json(
        &resp()
            .args([
                "send",
                "--json",
                "-v",
                "--body",
                "full",
                "--show-secrets",
                &url,
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(shown["headers"][0]["value"], "sid=s3cret");
    assert_eq!(shown["body"], r#"{"token": "abc"}"#, "as sent");
}

#[test]
fn a_binary_body_goes_into_json_as_base64() {
    let mut raw =
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 6\r\n\r\n".to_vec();
    raw.extend_from_slice(&[0x89, b'P', b'N', b'G', 0xff, 0x00]);
    let (url, _) = serve(vec![Step::Answer(raw)]);
    let v = common::json(
        &resp()
            .args(["send", "--json", "--body", "full", &url])
            .output()
            .unwrap(),
    );
    assert!(v["body"].is_null(), "{v}");
    assert_eq!(v["body_base64"], "iVBOR/8A");
    assert!(v.get("headers").is_none());
}

#[test]
fn every_har_entry_carries_its_body_with_body_full() {
    let out = resp()
        .args(["read", "--json", "--body", "full", &fixture("browser.har")])
        .output()
        .unwrap();
    let lines = common::json_lines(&out);
    let with_text = lines.iter().filter(|l| l["body"].is_string()).count();
    assert!(
        with_text >= 5,
        "successful entries too: {with_text} of {}",
        lines.len()
    );
}

#[test]
fn the_card_of_a_body_written_to_a_file() {
    let dir = temp_dir("snapshot");
    let out = resp()
        .current_dir(&dir)
        .env("COLUMNS", "100")
        .args(["read", &fixture("420-empty-reason.http"), "-o", "body.json"])
        .output()
        .unwrap();
    insta::assert_snapshot!("read_output_card", String::from_utf8(out.stdout).unwrap());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn save_and_output_cannot_share_a_file() {
    let (url, rx) = serve(vec![respond("200 OK", &[], "hi")]);
    let out = resp()
        .args([
            "send",
            &url,
            "--save",
            "/tmp/resp-same",
            "-o",
            "/tmp/resp-same",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(common::server::nothing_more(&rx));
}

#[test]
fn a_body_cut_by_resps_limits_fails_body_only_but_not_output() {
    // 2 KiB of body under --max-body 1K: what -b writes is incomplete, and it says so.
    let body = "x".repeat(2048);
    let raw = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let (url, _) = common::server::serve(vec![
        common::server::answer(&raw),
        common::server::answer(&raw),
    ]);
    let out = resp()
        .args(["send", "--max-body", "1K", "-b", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(out.stdout.len(), 1024);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("but the body was not written whole"), "{err}");
    // -o streams to disk: --max-body does not limit it, and the file gets the whole body.
    let file_dir = common::TempDir::new("cut");
    let file = file_dir.join("cut.bin");
    let out = resp()
        .args(["send", "--max-body", "1K", &url, "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(std::fs::read(&file).unwrap(), body.as_bytes());
    std::fs::remove_file(&file).unwrap();
    // Not cut: exit 0 as before.
    let (url, _) = common::server::serve(vec![common::server::answer(&raw)]);
    resp().args(["send", "-b", &url]).assert().code(0);
}

#[test]
fn max_body_zero_is_no_limit() {
    let body = "y".repeat(5000);
    let raw = format!(
        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let (url, _) = common::server::serve(vec![common::server::answer(&raw)]);
    let out = resp()
        .args(["send", "--max-body", "0", "-b", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(out.stdout.len(), 5000);
}
