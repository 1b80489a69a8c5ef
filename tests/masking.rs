//! Credentials are masked by the shape of their name, not by a list: headers, query
//! parameters and JSON body keys containing auth, token, secret, key, signature, password,
//! credential or session (any case, any separator style) are shown as `****`, while the
//! headers that explain a 401 or 407 and ordinary ones stay readable. `--show-secrets`
//! shows everything.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;

use common::resp;

const SECRET: &str = "SeCrEt";

/// Headers that carry credentials: each is sent with the value `SeCrEt-N`.
const SECRET_HEADERS: &[&str] = &[
    "Authorization",
    "X-Api-Key",
    "X-Auth-Key",
    "X-Authorization",
    "X-Access-Key",
    "X-Functions-Key",
    "Authentication",
    "X-Auth-Token",
    "X-Amz-Security-Token",
    "X-Client-Secret",
    "X-Session-Id",
    "X-Request-Signature",
    "X-JWT-Assertion",
];

/// Headers that carry no credential, with their values: shown as sent.
const PLAIN_HEADERS: &[(&str, &str)] = &[
    ("Content-Type", "application/json"),
    ("X-RateLimit-Remaining", "7"),
    (
        "WWW-Authenticate",
        "Bearer realm=\"api\", error=\"invalid_token\"",
    ),
    ("Proxy-Authenticate", "Basic realm=\"proxy\""),
    ("Keep-Alive", "timeout=5, max=100"),
    ("Accept", "application/json"),
    ("Access-Control-Allow-Credentials", "true"),
    ("X-Author", "ann"),
];

/// Query parameters that carry credentials.
const SECRET_PARAMS: &[&str] = &[
    "accessToken",
    "apiToken",
    "access-token",
    "jwt",
    "oauth_signature",
    "X-Amz-Signature",
    "X-Amz-Credential",
    "client_secret",
    "password",
    "code",
    "sig",
    "pwd",
    "passwd",
];

/// Query parameters that carry none.
const PLAIN_PARAMS: &[(&str, &str)] = &[
    ("page", "2"),
    ("state", "xyz"),
    ("token_type", "bearer"),
    ("X-Amz-Date", "20260101T000000Z"),
    ("limit", "10"),
];

/// A 401 with every header above, and a `Location` carrying every parameter above.
fn response_with_headers() -> String {
    let mut head = String::from("HTTP/1.1 401 Unauthorized\r\n");
    for (i, name) in SECRET_HEADERS.iter().enumerate() {
        head.push_str(&format!("{name}: {SECRET}-h{i}\r\n"));
    }
    for (name, value) in PLAIN_HEADERS {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let query: Vec<String> = SECRET_PARAMS
        .iter()
        .enumerate()
        .map(|(i, name)| format!("{name}={SECRET}-q{i}"))
        .chain(PLAIN_PARAMS.iter().map(|(n, v)| format!("{n}={v}")))
        .collect();
    head.push_str(&format!("Location: /cb?{}\r\n", query.join("&")));
    head.push_str("Content-Length: 2\r\n\r\n{}");
    head
}

#[test]
fn headers_and_query_parameters_are_masked_by_pattern() {
    let out = resp()
        .args(["read", "-v"])
        .write_stdin(response_with_headers())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains(SECRET), "a secret shows:\n{text}");
    for name in SECRET_HEADERS {
        let shown = format!("  {name}: ****\n");
        assert!(text.contains(&shown), "no {shown:?} in\n{text}");
    }
    for (name, value) in PLAIN_HEADERS.iter().chain(&[("Content-Length", "2")]) {
        let shown = format!("  {name}: {value}\n");
        assert!(text.contains(&shown), "no {shown:?} in\n{text}");
    }
    let query: Vec<String> = SECRET_PARAMS
        .iter()
        .map(|name| format!("{name}=****"))
        .chain(PLAIN_PARAMS.iter().map(|(n, v)| format!("{n}={v}")))
        .collect();
    let location = format!("  Location: /cb?{}\n", query.join("&"));
    assert!(text.contains(&location), "no {location:?} in\n{text}");

    let shown = resp()
        .args(["read", "-v", "--show-secrets"])
        .write_stdin(response_with_headers())
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    for i in 0..SECRET_HEADERS.len() {
        assert!(shown.contains(&format!("{SECRET}-h{i}\n")), "{shown}");
    }
    for i in 0..SECRET_PARAMS.len() {
        assert!(shown.contains(&format!("{SECRET}-q{i}")), "{shown}");
    }
}

/// A JSON body with secrets at every level: strings, numbers, booleans, objects and
/// arrays under secret keys, a key spelled with an escape, and look-alikes that are not
/// secret.
const BODY: &str = r#"{"access_token":"SeCrEt-b1","token_type":"bearer","expires_in":3600,"refreshToken":987654321,"client_secret":"SeCrEt-b2","user":{"name":"bob","password":"SeCrEt-b3","passwordSet":true},"credentials":{"user":"SeCrEt-b4","keys":["SeCrEt-b5",42,{"deep":"SeCrEt-b6"}],"empty":[]},"api\u005fkey":"SeCrEt-b7","session":null,"id_token":"","code":"E42","author":"ann","message":"hello"}"#;

/// How [`BODY`] is shown with masking.
const BODY_MASKED: &str = r#"{
  "access_token": "****",
  "token_type": "bearer",
  "expires_in": 3600,
  "refreshToken": ****,
  "client_secret": "****",
  "user": {
    "name": "bob",
    "password": "****",
    "passwordSet": ****
  },
  "credentials": {
    "user": "****",
    "keys": [
      "****",
      ****,
      {
        "deep": "****"
      }
    ],
    "empty": []
  },
  "api\u005fkey": "****",
  "session": null,
  "id_token": "",
  "code": "E42",
  "author": "ann",
  "message": "hello"
}
"#;

fn json_response() -> String {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{BODY}",
        BODY.len()
    )
}

#[test]
fn json_body_values_under_secret_keys_are_masked() {
    for args in [
        &["read"][..],
        &["read", "--body", "full"],
        &["read", "-v", "--body", "auto"],
    ] {
        let out = resp()
            .args(args)
            .write_stdin(json_response())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains(SECRET), "{args:?}: a secret shows:\n{text}");
        assert!(!text.contains("987654321"), "{args:?}:\n{text}");
        assert!(text.ends_with(BODY_MASKED), "{args:?}:\n{text}");
    }
}

#[test]
fn show_secrets_shows_json_body_values() {
    let out = resp()
        .args(["read", "--show-secrets"])
        .write_stdin(json_response())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for secret in [
        "\"SeCrEt-b1\"",
        "987654321",
        "\"passwordSet\": true",
        "SeCrEt-b6",
    ] {
        assert!(text.contains(secret), "no {secret} in\n{text}");
    }
    assert!(!text.contains("****"), "{text}");
}

#[test]
fn masked_json_is_still_sanitized() {
    // Escapes that decode to controls, and raw bidi controls (valid JSON) in a value and
    // in a secret key.
    let body = "{\"message\":\"a\\u001b]0;x\\u0007b\u{202e}c\",\"api_key\u{202e}\":\"c\u{202e}d\"}";
    let input = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let out = resp().arg("read").write_stdin(input).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{text:?}");
    assert!(
        text.contains("\"message\": \"a\\u001b]0;x\\u0007b\\u202ec\""),
        "{text}"
    );
    assert!(text.contains("\"api_key\\u202e\": \"****\""), "{text}");
}

/// Answers one request with `response`; returns the URL to send to.
fn serve_once(response: String) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/token", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut buf = [0u8; 4096];
            let _ = s.read(&mut buf);
            let _ = s.write_all(response.as_bytes());
        }
    });
    url
}

#[test]
fn send_masks_json_body_values_too() {
    let url = serve_once(json_response());
    let out = resp().args(["send", &url]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains(SECRET), "a secret shows:\n{text}");
    assert!(text.ends_with(BODY_MASKED), "{text}");

    let url = serve_once(json_response());
    let out = resp()
        .args(["send", "--show-secrets", &url])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"access_token\": \"SeCrEt-b1\""), "{text}");
}

#[test]
fn httpie_words_are_named_with_their_credentials_masked() {
    let out = resp()
        .args([
            "send",
            "POST",
            ":9/x",
            "name=v",
            "Authorization:Bearer SEKRET-1",
            "password=hunter2",
            "token==abc123",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for secret in ["SEKRET-1", "hunter2", "abc123"] {
        assert!(!err.contains(secret), "{secret} shown: {err}");
    }
    assert!(err.contains("-H 'Authorization: Bearer ****'"), "{err}");
    assert!(err.contains("\"password\": \"****\""), "{err}");
    assert!(err.contains("\"name\": \"v\""), "{err}");
}
