//! What a new user of `resp read` tripped on, through the binary: a redirect a browser
//! followed after other requests in between, a HAR whose exit code comes from entries
//! that must then be listed, a header block too large to read, a tab in a header name,
//! GitHub's validation errors and a bare `{"error"}` body. Every input is written here,
//! small, and read from stdin or a temporary file.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Temp, json_lines, resp};
use serde_json::{Value, json};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `resp read` of `input` on stdin with `args`: stdout, stderr and the exit code.
fn read(input: impl Into<Vec<u8>>, args: &[&str]) -> (String, String, Option<i32>) {
    let out = resp()
        .arg("read")
        .args(args)
        .arg("-")
        .write_stdin(input.into())
        .output()
        .unwrap();
    (text(&out.stdout), text(&out.stderr), out.status.code())
}

/// One HAR entry: a GET of `url` answered with `status`, the request's and the
/// response's headers as given.
fn entry(url: &str, status: u16, request: &[(&str, &str)], response: &[(&str, &str)]) -> Value {
    let headers = |list: &[(&str, &str)]| -> Vec<Value> {
        list.iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect()
    };
    json!({
        "startedDateTime": "2026-12-07T05:00:00.000Z",
        "time": 12,
        "request": {"method": "GET", "url": url, "httpVersion": "HTTP/1.1",
                    "headers": headers(request), "queryString": [], "cookies": [],
                    "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1",
                     "headers": headers(response), "cookies": [],
                     "content": {"size": 2, "mimeType": "application/json", "text": "{}"},
                     "redirectURL": "", "headersSize": -1, "bodySize": 2},
        "cache": {},
        "timings": {"send": 1, "wait": 10, "receive": 1}
    })
}

fn ok(url: &str) -> Value {
    entry(url, 200, &[], &[])
}

fn redirect(url: &str, status: u16, to: &str) -> Value {
    entry(url, status, &[], &[("Location", to)])
}

fn har(entries: Vec<Value>) -> Vec<u8> {
    serde_json::to_vec(
        &json!({"log": {"version": "1.2", "creator": {"name": "test"},
                                       "entries": entries}}),
    )
    .unwrap()
}

const SITE: &str = "https://app.example.test";

fn at(path: &str) -> String {
    format!("{SITE}{path}")
}

/// A 307 to /dest, `between` other requests, then /dest.
fn interleaved(between: usize) -> Vec<u8> {
    let mut entries = vec![redirect(&at("/go"), 307, "/dest")];
    entries.extend((0..between).map(|i| ok(&at(&format!("/other/{i}")))));
    entries.push(ok(&at("/dest")));
    har(entries)
}

#[test]
fn a_redirect_followed_after_other_requests_is_no_failure() {
    let (out, err, code) = read(interleaved(1), &[]);
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains("followed: Temporary Redirect"), "{out}");
    assert!(!out.contains("failing"), "{out}");
    assert_eq!(err, "");
    // --json: every entry, in the file's order, the redirect saying why it passed.
    let out = resp()
        .args(["read", "--json", "-"])
        .write_stdin(interleaved(1))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    let sources: Vec<&str> = lines
        .iter()
        .map(|l| l["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["stdin#1", "stdin#2", "stdin#3"]);
    assert_eq!(lines[0]["passed"], "redirect followed");
    assert_eq!(lines[0]["exit_code"], 0);
    // --entry 1 judges it the same way.
    let (out, _, code) = read(interleaved(1), &["--entry", "1"]);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn the_follow_up_is_looked_for_in_the_next_64_entries() {
    // /dest as the 64th entry after the redirect: followed; as the 65th: not.
    for (between, expected) in [(63, 0), (64, 3)] {
        let input = interleaved(between);
        let (out, err, code) = read(input.clone(), &["--all"]);
        assert_eq!(code, Some(expected), "{between}: {out}{err}");
        let (_, _, code) = read(input.clone(), &["--entry", "1"]);
        assert_eq!(code, Some(expected), "--entry 1, {between}");
        let (failing, _, code) = read(input, &["--failing"]);
        assert_eq!(code, Some(expected));
        if expected == 0 {
            assert!(out.contains("followed: Temporary Redirect"), "{out}");
            assert!(failing.contains("0 shown (--failing)"), "{failing}");
        } else {
            assert!(out.contains("1 entry failing:"), "{out}");
            assert!(
                err.contains(&format!("1 of {} entries failed", between + 2)),
                "{err}"
            );
            assert!(failing.contains("1 shown (--failing)"), "{failing}");
            assert!(failing.contains("/go"), "{failing}");
        }
    }
}

#[test]
fn one_request_follows_one_redirect_and_chains_settle_in_order() {
    // Two redirects to one place and one request for it: the first was followed.
    let input = har(vec![
        redirect(&at("/a"), 302, "/dest"),
        redirect(&at("/b"), 302, "/dest"),
        ok(&at("/dest")),
    ]);
    let (out, err, code) = read(input, &[]);
    assert_eq!(code, Some(3), "{out}");
    assert!(out.contains("1 entry failing:"), "{out}");
    assert!(out.contains("stdin#2 ──"), "{out}");
    assert!(err.contains("1 of 3 entries failed"), "{err}");
    // A chain of 500 redirects, each followed by the next, the last leading nowhere in
    // the file: the last alone fails, and the rows stay in order.
    let mut entries: Vec<Value> = (0..500)
        .map(|i| redirect(&at(&format!("/r/{i}")), 302, &format!("/r/{}", i + 1)))
        .collect();
    entries.insert(250, ok(&at("/elsewhere")));
    let out = resp()
        .args(["read", "--json", "-"])
        .write_stdin(har(entries))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 501);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["source"], format!("stdin#{}", i + 1));
    }
    let failing: Vec<&Value> = lines.iter().filter(|l| l["exit_code"] != 0).collect();
    assert_eq!(failing.len(), 1);
    assert_eq!(failing[0]["source"], "stdin#501");
}

#[test]
fn what_makes_a_hars_exit_code_is_listed() {
    // A 304 no conditional request asked for and a 302 whose target is not in the file
    // make the exit code 3: both are failing, in the table's list, --failing and stderr.
    let input = har(vec![
        ok(&at("/new")),
        entry(&at("/img.png"), 304, &[], &[]),
        redirect(&at("/login"), 302, "https://sso.example.test/auth"),
        entry(&at("/style.css"), 304, &[("If-None-Match", "\"v1\"")], &[]),
    ]);
    let (out, err, code) = read(input.clone(), &[]);
    assert_eq!(code, Some(3), "{out}");
    assert!(out.contains("2 entries failing:"), "{out}");
    assert!(
        out.contains("stdin#2 ──") && out.contains("stdin#3 ──"),
        "{out}"
    );
    assert!(!out.contains("stdin#4 ──"), "{out}");
    assert!(out.contains("conditional: Not Modified"), "{out}");
    assert_eq!(err.trim_end(), "resp: stdin: 2 of 4 entries failed");
    let (out, err, code) = read(input, &["--failing"]);
    assert_eq!(code, Some(3));
    assert!(out.contains("4 entries, 2 shown (--failing)"), "{out}");
    // --failing narrows the view, not what the note counts among.
    assert_eq!(err.trim_end(), "resp: stdin: 2 of 4 entries failed");
    assert!(out.contains("/img.png") && out.contains("/login"), "{out}");
    assert!(
        !out.contains("/new") && !out.contains("/style.css"),
        "{out}"
    );
}

/// A saved 404 whose header block holds one `X-Big` line of `len` bytes.
fn big_header(len: usize) -> Vec<u8> {
    let mut input = b"HTTP/1.1 404 Not Found\r\nX-Big: ".to_vec();
    input.resize(input.len() + len, b'a');
    input.extend_from_slice(b"\r\nContent-Type: application/json\r\n\r\n{\"message\":\"gone\"}");
    input
}

#[test]
fn a_header_block_past_the_limit_is_refused_the_same_way_whatever_is_kept() {
    let file = Temp::new("big-head.http", &big_header(9_000_000));
    let said = "the response headers are too large: more than 4 MiB";
    for args in [&[][..], &["--body", "full"]] {
        let out = resp()
            .arg("read")
            .args(args)
            .arg(file.path())
            .output()
            .unwrap();
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(text(&out.stdout), "", "{args:?}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("resp: error: ") && err.contains(said),
            "{args:?}: {err}"
        );
    }
    // --json: the input's line says it.
    let out = resp()
        .args(["read", "--json", file.path()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = common::json(&out);
    assert_eq!(v["exit_code"], 1);
    assert!(v["failure"].as_str().unwrap().contains(said), "{v}");
    // Under the limit, a large header line reads the same with the body kept or not.
    let input = big_header(3 << 20);
    for args in [&[][..], &["--body", "full"]] {
        let (out, err, code) = read(input.clone(), args);
        assert_eq!(code, Some(4), "{args:?}: {err}");
        assert!(
            out.contains("error      gone"),
            "{args:?}: {}",
            &out[..out.len().min(600)]
        );
        assert!(!out.contains("warning"), "{args:?}");
    }
}

#[test]
fn a_tab_in_a_header_name_is_escaped_and_kept_in_a_value() {
    let (out, _, code) = read(
        "HTTP/1.1 200 OK\r\nX-A\tB: 1\r\nX-C: a\tb\r\nContent-Length: 0\r\n\r\n",
        &["-v"],
    );
    assert_eq!(code, Some(0));
    assert!(out.contains("  X-A\\x09B: 1\n"), "{out}");
    assert!(out.contains("  X-C: a\tb\n"), "{out}");
    assert!(!out.contains("X-A\tB"), "{out}");
}

fn body(body: &str, status: &str) -> (String, Value) {
    let (out, err, _) = read(body, &["--status", status]);
    assert_eq!(err.lines().count(), 1, "{err}");
    let out_json = resp()
        .args(["read", "--json", "--status", status, "-"])
        .write_stdin(body)
        .output()
        .unwrap();
    (out, common::json(&out_json))
}

#[test]
fn githubs_validation_errors_name_the_resource_and_field() {
    let (out, v) = body(
        r#"{"message":"Validation Failed","errors":[{"resource":"Issue","field":"title","code":"missing_field"}]}"#,
        "422",
    );
    assert!(
        out.contains("detail      Issue.title: missing_field\n"),
        "{out}"
    );
    assert!(!out.contains("{\"resource\""), "{out}");
    assert_eq!(v["error"]["details"][0]["location"], "Issue.title");
    assert_eq!(v["error"]["details"][0]["code"], "missing_field");
    // With a message of its own, it is said with its code.
    let (out, _) = body(
        r#"{"message":"Validation Failed","errors":[{"resource":"Issue","code":"custom","field":"body","message":"body is too long"},{"resource":"Label","field":"name","code":"invalid"}]}"#,
        "422",
    );
    assert!(
        out.contains("Issue.body: body is too long (custom)"),
        "{out}"
    );
    assert!(out.contains("Label.name: invalid\n"), "{out}");
}

#[test]
fn an_error_string_alone_is_not_called_oauth() {
    let (out, v) = body(r#"{"error":"slow"}"#, "429");
    assert!(out.contains("shape       {\"error\": \"...\"}\n"), "{out}");
    assert!(!out.contains("OAuth"), "{out}");
    assert_eq!(v["error"]["shape"], "error");
    assert_eq!(v["error"]["message"], "slow");
    let (out, v) = body(
        r#"{"error":"invalid_grant","error_description":"Token expired"}"#,
        "400",
    );
    assert!(
        out.contains(r#"{"error", "error_description"} (OAuth 2.0)"#),
        "{out}"
    );
    assert_eq!(v["error"]["shape"], "oauth");
}
