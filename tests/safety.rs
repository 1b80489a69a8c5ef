//! What a server or file controls never drives the terminal, and credentials never show:
//! escape sequences (OSC title and clipboard, CSI clear screen and colours), BEL, lone CR,
//! DEL, C1 controls and bidi overrides reach stdout and stderr escaped, through every
//! field that shows text; Authorization-like headers, cookies, URL passwords and token
//! query values are masked in human output and `--json` unless `--show-secrets`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Temp, resp};
use serde_json::Value;

/// Every kind of terminal attack we guard against, as the server sends it.
const EVIL: &str = "\x1b]0;x\x07|\x1b]52;c;aGk=\x07|\x1b[2J\x1b[31m|\x07|a\rb|\u{85}|\u{9b}|\u{202e}|\u{2066}|\x7f";

/// How sanitized output shows [`EVIL`] on one line.
const EVIL_SHOWN: &str = "\\x1b]0;x\\x07|\\x1b]52;c;aGk=\\x07|\\x1b[2J\\x1b[31m|\\x07|a\\x0db|\\u{85}|\\u{9b}|\\u{202e}|\\u{2066}|\\x7f";

/// How a pretty-printed JSON string shows [`EVIL`] (JSON's own escapes).
const EVIL_JSON: &str = "\\u001b]0;x\\u0007|\\u001b]52;c;aGk=\\u0007|\\u001b[2J\\u001b[31m|\\u0007|a\\rb|\\u0085|\\u009b|\\u202e|\\u2066|\\u007f";

/// [`EVIL`] written as a JSON string's contents, with JSON escapes for the controls.
fn evil_json_escaped() -> String {
    serde_json::to_string(EVIL)
        .unwrap()
        .trim_matches('"')
        .to_string()
}

/// [`EVIL`] without `|` and `:`, for places where those mean something (table cells,
/// header names).
fn evil_plain() -> String {
    EVIL.replace(['|', ':'], "/")
}

fn evil_plain_shown() -> String {
    EVIL_SHOWN.replace(['|', ':'], "/")
}

fn is_unsafe(c: char) -> bool {
    (c < ' ' && c != '\n' && c != '\t')
        || ('\u{7f}'..='\u{9f}').contains(&c)
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Output that is safe on a terminal: UTF-8, no control but `\n` and `\t`, no bidi control.
fn assert_safe(what: &str, bytes: &[u8]) -> String {
    let text =
        String::from_utf8(bytes.to_vec()).unwrap_or_else(|e| panic!("{what} is not UTF-8: {e}"));
    if let Some((at, c)) = text.char_indices().find(|&(_, c)| is_unsafe(c)) {
        panic!("{what} has U+{:04X} raw at byte {at}: {text:?}", c as u32);
    }
    assert!(!text.contains("panicked"), "{what}: {text}");
    text
}

struct Out {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `resp ARGS` (stdin `input`) and checks both streams are safe. Tables are drawn
/// wide, so long cells are not wrapped.
fn run(args: &[&str], input: &[u8]) -> Out {
    let out = resp()
        .env("COLUMNS", "1000")
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap();
    Out {
        code: out.status.code(),
        stdout: assert_safe(&format!("stdout of {args:?}"), &out.stdout),
        stderr: assert_safe(&format!("stderr of {args:?}"), &out.stderr),
    }
}

// ---------------------------------------------------------------------------------------
// Terminal safety

#[test]
fn reason_phrases_and_chains() {
    let input =
        format!("HTTP/1.1 302 Hop {EVIL}\r\nLocation: /x\r\n\r\nHTTP/1.1 404 Gone {EVIL}\r\n\r\n");
    let out = run(&["read"], input.as_bytes());
    assert_eq!(out.code, Some(4));
    assert!(
        out.stdout.contains(&format!("via 302 Hop {EVIL_SHOWN} →")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("404 Gone {EVIL_SHOWN}")),
        "{}",
        out.stdout
    );
    assert_eq!(out.stderr, "resp: 404 Not Found (client error)\n");
    let out = run(&["read", "--json"], input.as_bytes());
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    // The JSON carries the text exactly; only its spelling is escaped.
    assert_eq!(v["reason"], format!("Gone {EVIL}"));
    assert_eq!(v["hops"][0]["reason"], format!("Hop {EVIL}"));
    assert!(
        out.stdout.contains("\\u009b|\\u202e|\\u2066|\\u007f"),
        "{}",
        out.stdout
    );
}

#[test]
fn header_names_and_values_with_verbose() {
    let input = format!(
        "HTTP/1.1 200 OK\r\nX-{}: v {EVIL}\r\nContent-Type: text/plain{}\r\n\r\nok",
        evil_plain(),
        evil_plain()
    );
    let out = run(&["read", "-v"], input.as_bytes());
    assert_eq!(out.code, Some(0));
    assert!(
        out.stdout
            .contains(&format!("  X-{}: v {EVIL_SHOWN}\n", evil_plain_shown())),
        "{}",
        out.stdout
    );
    // The media type (up to the first `;`) is shown above the body too.
    assert!(
        out.stdout.contains("\ntext/plain\\x1b]0 · 2 bytes\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn text_bodies() {
    let input =
        format!("HTTP/1.1 500 Oops\r\nContent-Type: text/plain\r\n\r\nline one\r\n{EVIL}\r\n");
    for body in ["auto", "full"] {
        let out = run(&["read", "--body", body], input.as_bytes());
        assert_eq!(out.code, Some(5));
        assert!(
            out.stdout.contains(&format!("line one\n{EVIL_SHOWN}\n")),
            "{}",
            out.stdout
        );
    }
    let html = format!(
        "HTTP/1.1 502 Bad\r\nContent-Type: text/html\r\n\r\n<html><title>T {EVIL}</title></html>"
    );
    let out = run(&["read"], html.as_bytes());
    // A title's white space (CR and U+0085 among it) is folded to single spaces.
    let title = "title: T \\x1b]0;x\\x07|\\x1b]52;c;aGk=\\x07|\\x1b[2J\\x1b[31m|\\x07|a b| |\\u{9b}|\\u{202e}|\\u{2066}|\\x7f\n";
    assert!(out.stdout.contains(title), "{}", out.stdout);
}

#[test]
fn json_bodies_whose_escapes_decode_to_controls() {
    let escaped = evil_json_escaped();
    let body = format!(
        r#"{{"code": "c{escaped}", "message": "m{escaped}", "errors": [{{"message": "d{escaped}", "field": "f{escaped}"}}, "x"], "k{escaped}": 1}}"#
    );
    let input = format!("HTTP/1.1 422 Bad\r\nContent-Type: application/json\r\n\r\n{body}");
    let out = run(&["read"], input.as_bytes());
    assert_eq!(out.code, Some(4));
    assert!(
        out.stdout
            .contains(&format!("c{EVIL_SHOWN}: m{EVIL_SHOWN}")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains(&format!("f{EVIL_SHOWN}: d{EVIL_SHOWN}")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("\"k{EVIL_JSON}\": 1")),
        "{}",
        out.stdout
    );
    let out = run(&["read", "--json"], input.as_bytes());
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["error"]["message"], format!("m{EVIL}"));
    assert_eq!(v["error"]["details"][0]["location"], format!("f{EVIL}"));
    // A body that does not parse: its error message is server text too.
    let broken =
        format!("HTTP/1.1 400 Bad\r\nContent-Type: application/json\r\n\r\n{{\"a\": {EVIL}");
    let out = run(&["read"], broken.as_bytes());
    assert!(
        out.stdout.contains("the JSON body does not parse"),
        "{}",
        out.stdout
    );
}

#[test]
fn curl_verbose_transcripts() {
    let input = format!(
        "> GET /{} HTTP/1.1\r\n> Host: h\r\n> X-Req: {EVIL}\r\n>\r\n< HTTP/1.1 401 No {EVIL}\r\n< Content-Type: text/plain\r\n<\r\nbody {EVIL}\n",
        evil_plain().replace(' ', "")
    );
    let out = run(&["read", "-v"], input.as_bytes());
    assert_eq!(out.code, Some(4));
    assert!(
        out.stdout.contains(&format!("X-Req: {EVIL_SHOWN}")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("body {EVIL_SHOWN}")),
        "{}",
        out.stdout
    );
}

fn evil_har() -> String {
    let entry = |status: i64, extra: &str| {
        format!(
            r#"{{"request": {{"method": "GET{e}", "url": "http://h/{e}", "headers": [{{"name": "X-{e}", "value": "{e}"}}]}},
               "response": {{"status": {status}, "statusText": "S{e}", "headers": [{{"name": "X-R", "value": "{e}"}}],
                             "content": {{"mimeType": "text/plain{e}", "text": "T{e}"}}{extra}}}}}"#,
            e = evil_json_escaped()
        )
    };
    format!(
        r#"{{"log": {{"entries": [{}, {}]}}}}"#,
        entry(404, ""),
        entry(0, &format!(r#", "_error": "F{}""#, evil_json_escaped()))
    )
}

#[test]
fn har_urls_status_texts_and_failures() {
    let har = Temp::new("evil.har", evil_har().as_bytes());
    let out = run(&["read", har.path()], b"");
    assert_eq!(out.code, Some(7));
    // The summary table may wrap long cells: look for pieces.
    assert!(out.stdout.contains("\\x1b]0;x\\x07"), "{}", out.stdout);
    assert!(out.stdout.contains("\\u{202e}"), "{}", out.stdout);
    assert!(
        out.stderr.ends_with(": 2 of 2 entries failed\n"),
        "{}",
        out.stderr
    );
    let out = run(&["read", "-v", "--entry", "1", har.path()], b"");
    assert_eq!(out.code, Some(4));
    assert!(
        out.stdout.contains(&format!("404 S{EVIL_SHOWN}")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("  X-R: {EVIL_SHOWN}\n")),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("T{EVIL_SHOWN}")),
        "{}",
        out.stdout
    );
    let out = run(&["read", "--entry", "2", har.path()], b"");
    assert_eq!(out.code, Some(7));
    assert!(
        out.stderr.starts_with("resp: no response: F\\x1b]0;x\\x07"),
        "{}",
        out.stderr
    );
    let out = run(&["read", "--json", har.path()], b"");
    let first: Value = serde_json::from_str(out.stdout.lines().next().unwrap()).unwrap();
    assert_eq!(first["reason"], format!("S{EVIL}"));
}

#[test]
fn table_files_text() {
    let plain = evil_plain();
    let md = format!(
        "| Code | Text | Description |\n|---|---|---|\n| 404 | T{plain} | D{plain} |\n\n## Error codes\n\n| Code | Text | Description |\n|---|---|---|\n| 88 | E{plain} | F{plain} |\n"
    );
    let json = serde_json::to_string(&serde_json::json!([
        {"code": 404, "text": format!("T{plain}"), "description": format!("D{plain}")}
    ]))
    .unwrap();
    let md = Temp::new("evil.md", md.as_bytes());
    let json = Temp::new("evil.json", json.as_bytes());
    let response = b"HTTP/1.1 404 X\r\nContent-Type: application/json\r\n\r\n{\"code\": 88, \"message\": \"m\"}";
    for table in [md.path(), json.path()] {
        let out = run(&["--table", table, "read"], response);
        assert_eq!(out.code, Some(4));
        // Markdown folds white space runs (and so the CR): look for the escapes.
        assert!(
            out.stdout
                .contains("404 T\\x1b]0;x\\x07/\\x1b]52;c;aGk=\\x07"),
            "{}",
            out.stdout
        );
        assert!(
            out.stderr.starts_with("resp: 404 T\\x1b]0;x\\x07"),
            "{}",
            out.stderr
        );
        let out = run(&["--table", table, "explain", "404"], b"");
        assert!(out.stdout.contains("D\\x1b]0;x\\x07"), "{}", out.stdout);
        run(&["--table", table, "explain"], b"");
    }
    let out = run(&["--table", md.path(), "read"], response);
    assert!(
        out.stdout.contains("error 88: E\\x1b]0;x\\x07"),
        "{}",
        out.stdout
    );
}

#[test]
fn file_names_in_messages() {
    let name = format!("\x1b]0;x\x07{}.http", '\u{202e}');
    let bad = Temp::new(&name, b"garbage");
    let out = run(&["read", bad.path()], b"");
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("\\x1b]0;x\\x07\\u{202e}.http: not a response"),
        "{}",
        out.stderr
    );
}

// ---------------------------------------------------------------------------------------
// Credentials

/// Every secret below contains this; none may be shown.
const SECRET: &str = "SeCrEt";

const TRANSCRIPT: &str = "*   Trying 10.0.0.1:443...\r
* Connected to api.test\r
> GET https://joe:SeCrEt-pw@api.test/v1/x?access_token=SeCrEt-at&api_key=SeCrEt-ak&token=SeCrEt-tk&key=SeCrEt-ky&sig=SeCrEt-sg&page=2 HTTP/1.1\r
> Host: api.test\r
> Authorization: Bearer SeCrEt-bearer\r
> Proxy-Authorization: Basic SeCrEt-proxy\r
> Cookie: sid=SeCrEt-cookie; theme=dark\r
> X-API-Key: SeCrEt-apikey\r
>\r
< HTTP/1.1 302 Found\r
< Location: https://app.test/cb#access_token=SeCrEt-frag&token_type=bearer\r
< Set-Cookie: sid=SeCrEt-setcookie; Path=/; HttpOnly\r
<\r
< HTTP/1.1 401 Unauthorized\r
< Content-Type: application/json\r
< WWW-Authenticate: Bearer error=\"invalid_token\"\r
<\r
{\"error\": \"invalid_token\", \"error_description\": \"expired\"}\r
";

const MASKED_URL: &str = "https://joe:****@api.test/v1/x?access_token=****&api_key=****&token=****&key=****&sig=****&page=2";

fn assert_no_secret(out: &Out) {
    assert!(!out.stdout.contains(SECRET), "{}", out.stdout);
    assert!(!out.stderr.contains(SECRET), "{}", out.stderr);
}

#[test]
fn curl_verbose_credentials_are_masked() {
    let out = run(&["read", "-v"], TRANSCRIPT.as_bytes());
    assert_eq!(out.code, Some(4));
    assert_no_secret(&out);
    for shown in [
        "  Authorization: Bearer ****\n",
        "  Proxy-Authorization: Basic ****\n",
        "  Cookie: sid=****; theme=****\n",
        "  X-API-Key: ****\n",
        "  Host: api.test\n",
    ] {
        assert!(out.stdout.contains(shown), "no {shown:?} in {}", out.stdout);
    }
    let out = run(&["read", "--json", "-v"], TRANSCRIPT.as_bytes());
    assert_no_secret(&out);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["request"]["url"], MASKED_URL);
    assert_eq!(
        v["hops"][0]["location"],
        "https://app.test/cb#access_token=****&token_type=bearer"
    );
}

#[test]
fn show_secrets_shows_them() {
    let out = run(&["read", "-v", "--show-secrets"], TRANSCRIPT.as_bytes());
    for secret in [
        "Bearer SeCrEt-bearer",
        "sid=SeCrEt-cookie",
        "SeCrEt-apikey",
        "SeCrEt-proxy",
    ] {
        assert!(out.stdout.contains(secret), "no {secret} in {}", out.stdout);
    }
    let out = run(&["read", "--json", "--show-secrets"], TRANSCRIPT.as_bytes());
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        v["request"]["url"]
            .as_str()
            .unwrap()
            .contains("joe:SeCrEt-pw@")
    );
    assert!(
        v["hops"][0]["location"]
            .as_str()
            .unwrap()
            .contains("SeCrEt-frag")
    );
}

#[test]
fn response_credentials_are_masked() {
    // The last response of a chain: its own Set-Cookie and Location.
    let input = "HTTP/1.1 303 See Other\r\nSet-Cookie: sid=SeCrEt-sc; Path=/; HttpOnly\r\nSet-Cookie: SeCrEt-bare\r\nLocation: /next?code=SeCrEt-code&state=ok\r\nX-Auth-Token: SeCrEt-xat\r\n\r\n";
    let out = run(&["read", "-v"], input.as_bytes());
    assert_eq!(out.code, Some(3));
    assert_no_secret(&out);
    for shown in [
        "  Set-Cookie: sid=****; Path=/; HttpOnly\n",
        "  Set-Cookie: ****\n",
        "  Location: /next?code=****&state=ok\n",
        "  X-Auth-Token: ****\n",
    ] {
        assert!(out.stdout.contains(shown), "no {shown:?} in {}", out.stdout);
    }
}

#[test]
fn har_credentials_are_masked() {
    let har = serde_json::json!({"log": {"entries": [{
        "request": {
            "method": "POST",
            "url": "https://joe:SeCrEt-pw@api.test/v1/x?access_token=SeCrEt-at&api_key=SeCrEt-ak&token=SeCrEt-tk&key=SeCrEt-ky&sig=SeCrEt-sg&page=2",
            "headers": [
                {"name": "authorization", "value": "Bearer SeCrEt-bearer"},
                {"name": "proxy-authorization", "value": "Basic SeCrEt-proxy"},
                {"name": "cookie", "value": "sid=SeCrEt-cookie"},
                {"name": "x-api-key", "value": "SeCrEt-apikey"}
            ]
        },
        "response": {
            "status": 403, "statusText": "Forbidden",
            "headers": [{"name": "set-cookie", "value": "sid=SeCrEt-setcookie; Secure"}],
            "redirectURL": "https://app.test/cb?access_token=SeCrEt-redirect",
            "content": {"mimeType": "application/json", "text": "{\"message\": \"no\"}"}
        }
    }]}});
    let har = Temp::new("secrets.har", har.to_string().as_bytes());
    for args in [
        vec!["read", har.path()],
        vec!["read", "-v", "--body", "full", har.path()],
        vec!["read", "-v", "--entry", "1", har.path()],
        vec!["read", "--json", har.path()],
    ] {
        let out = run(&args, b"");
        assert_eq!(out.code, Some(4), "{args:?}");
        assert_no_secret(&out);
    }
    let out = run(&["read", "-v", "--entry", "1", har.path()], b"");
    for shown in [
        "  authorization: Bearer ****\n",
        "  proxy-authorization: Basic ****\n",
        "  cookie: sid=****\n",
        "  x-api-key: ****\n",
        "  set-cookie: sid=****; Secure\n",
        "  Location: https://app.test/cb?access_token=****\n",
    ] {
        assert!(out.stdout.contains(shown), "no {shown:?} in {}", out.stdout);
    }
    let out = run(&["read", "--json", har.path()], b"");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["request"]["url"], MASKED_URL);
    let out = run(&["read", "--json", "--show-secrets", har.path()], b"");
    assert!(out.stdout.contains("joe:SeCrEt-pw@"), "{}", out.stdout);
}
