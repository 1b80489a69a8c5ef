//! Text a server or a description file controls, at its extremes, through the binary:
//! a word of a megabyte in every place a view lays text out (the card's rows, header
//! values, `explain` tables, HAR tables and their cards) is shown cut with a note of what
//! was left out, every line within the width, in time linear in its length (the inputs
//! here would take minutes if laying out were quadratic: the test is the guard, not a
//! timer). Beside them, what else such text must not get past: session parameters
//! (`sid=`) are masked, and the Unicode line and paragraph separators are escaped.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Temp, resp};

/// A saved raw response with these headers and body (a `Content-Length` is added).
fn http(status: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    out.into_bytes()
}

/// `resp read` of `input` on stdin with `args`: stdout and stderr as text.
fn read(input: Vec<u8>, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let mut cmd = resp();
    cmd.arg("read").args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.write_stdin(input).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

// Masking: session parameters.

#[test]
fn session_ids_in_a_query_are_masked_and_json_ids_shown() {
    let body = r#"{"code":1,"message":"expired","PHPSESSID":"PHPS3SS","sid":"AC-record-7"}"#;
    let input = http(
        "302 Found",
        &[
            ("Location", "/login?sid=L0CS1D&side=left&ticket=ST-T1CKET"),
            ("Content-Type", "application/json"),
        ],
        body,
    );
    let request = "GET https://api.test/items?sid=QS1D&SESS=QSESS&page=2&PHPSESSID=QPHP";
    for args in [vec!["-v"], vec!["--json"]] {
        let mut args = args.clone();
        args.extend(["--body", "full", "--request", request]);
        let (out, _) = read(input.clone(), &args, &[]);
        for secret in ["L0CS1D", "ST-T1CKET", "QS1D", "QSESS", "QPHP", "PHPS3SS"] {
            assert!(
                !out.contains(secret),
                "{secret} shown with {args:?}:\n{out}"
            );
        }
        assert!(out.contains("sid=****&side=left&ticket=****"), "{out}");
        assert!(
            out.contains("items?sid=****&SESS=****&page=2&PHPSESSID=****"),
            "{out}"
        );
    }
    // A JSON key `sid` names a record; `PHPSESSID` is a session.
    let (out, _) = read(input.clone(), &["--body", "full"], &[]);
    assert!(out.contains(r#""sid": "AC-record-7""#), "{out}");
    assert!(out.contains(r#""PHPSESSID": "****""#), "{out}");
    // Asked for, they are shown.
    let (out, _) = read(input, &["--show-secrets", "--request", request], &[]);
    assert!(
        out.contains("sid=L0CS1D") && out.contains("sid=QS1D"),
        "{out}"
    );
}

// Sanitizing: the Unicode line and paragraph separators.

#[test]
fn line_and_paragraph_separators_never_reach_the_terminal_raw() {
    let body = "{\"code\":\"E\u{2028}1\",\"message\":\"one\u{2028}two\u{2029}three\"}";
    let input = http(
        "400 Bad\u{2028}Request",
        &[
            ("Content-Type", "application/json"),
            ("X-Note", "a\u{2029}b"),
            ("Retry-After", "7\u{2028}"),
        ],
        body,
    );
    // (`--body-only` to a pipe writes the body byte for byte, as documented.)
    for args in [vec!["-v", "--body", "full"], vec!["--json"]] {
        let (out, err) = read(input.clone(), &args, &[]);
        for text in [&out, &err] {
            assert!(
                !text.contains(['\u{2028}', '\u{2029}']),
                "raw separator with {args:?}: {text:?}"
            );
        }
        match args[0] {
            "-v" => {
                assert!(out.contains("400 Bad\\u{2028}Request"), "{out}");
                assert!(out.contains("X-Note: a\\u{2029}b"), "{out}");
                assert!(
                    out.contains("E\\u{2028}1: one\\u{2028}two\\u{2029}three"),
                    "{out}"
                );
                // The body as JSON text: the escape a JSON parser reads back.
                assert!(out.contains(r#""one\u2028two\u2029three""#), "{out}");
            }
            _ => {
                assert!(
                    out.contains(r#""message":"one\u2028two\u2029three""#),
                    "{out}"
                );
                let line: serde_json::Value = serde_json::from_str(&out).unwrap();
                assert_eq!(line["error"]["message"], "one\u{2028}two\u{2029}three");
            }
        }
    }
}
