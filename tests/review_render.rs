//! How things are drawn, as a new user met them: URL rows kept whole on every card, lists
//! and run output within `COLUMNS` without words split, one set of counts in every report,
//! no line ending in blanks, and `run`'s flags as `send` has them. Everything runs through
//! the binary, against files written here and servers on 127.0.0.1.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::thread;

use common::resp;
use common::server::read_request;

/// A URL longer than any line at 80 columns, with `-` and `/` to break at.
const DOCS_URL: &str =
    "https://developer.twitter.com/en/docs/twitter-api/tweets/lookup/api-reference/get-tweets-id";

/// A small OpenAPI description whose one operation links to [`DOCS_URL`].
const SPEC: &str = r#"openapi: 3.0.0
info: {title: Tweets, version: "2"}
servers: [{url: "https://api.twitter.com"}]
paths:
  /2/tweets/{id}:
    get:
      operationId: findTweetById
      summary: Tweet lookup by Tweet ID
      externalDocs:
        url: https://developer.twitter.com/en/docs/twitter-api/tweets/lookup/api-reference/get-tweets-id
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200": {description: The request has succeeded.}
        "429": {description: Too many requests.}
"#;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// `url` appears whole in `text`, on one line.
fn whole_on_a_line(text: &str, url: &str) -> bool {
    text.lines().any(|line| line.contains(url))
}

#[test]
fn url_rows_on_every_card_stay_whole() {
    let dir = common::TempDir::new("review-urls");
    let spec = write(&dir, "tweets.yaml", SPEC);
    let spec = spec.to_str().unwrap();
    for columns in ["80", "60", "120"] {
        let out = resp()
            .env("COLUMNS", columns)
            .args(["explain", "--table", spec, "GET /2/tweets/123", "429"])
            .output()
            .unwrap();
        let text = stdout(&out);
        assert!(whole_on_a_line(&text, DOCS_URL), "at {columns}:\n{text}");
    }

    let limited = write(
        &dir,
        "429.txt",
        "HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\n\r\n{\"title\":\"Too Many Requests\"}",
    );
    let long_request = format!("https://api.twitter.com/2/tweets/123?{}", "q=x&".repeat(20));
    for columns in ["80", "60"] {
        let out = resp()
            .env("COLUMNS", columns)
            .args(["read", "--table", spec, "--request"])
            .arg(format!("GET {long_request}"))
            .arg(&limited)
            .output()
            .unwrap();
        let text = stdout(&out);
        assert!(text.contains("docs"), "{text}");
        assert!(whole_on_a_line(&text, DOCS_URL), "at {columns}:\n{text}");
        assert!(
            whole_on_a_line(&text, &long_request),
            "at {columns}:\n{text}"
        );
        assert!(text.lines().all(|l| l == l.trim_end()), "{text}");
    }

    // Location and Content-Location, longer than the line.
    let moved = write(
        &dir,
        "301.txt",
        &format!(
            "HTTP/1.1 301 Moved Permanently\r\nlocation: {DOCS_URL}\r\ncontent-location: {DOCS_URL}/content\r\n\r\n"
        ),
    );
    let out = resp()
        .env("COLUMNS", "80")
        .args(["read", "--request", "GET https://api.twitter.com/old"])
        .arg(&moved)
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(whole_on_a_line(&text, DOCS_URL), "{text}");
    assert!(
        whole_on_a_line(&text, &format!("{DOCS_URL}/content")),
        "{text}"
    );
}

/// A server on loopback answering each request by the status its path starts with
/// (`/503/…`), with a JSON error body for the failures.
fn server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            thread::spawn(move || {
                let request = String::from_utf8_lossy(&read_request(&mut stream)).into_owned();
                let path = request.split(' ').nth(1).unwrap_or("/");
                let status = match path.get(1..4) {
                    Some("404") => "404 Not Found",
                    Some("500") => "500 Internal Server Error",
                    Some("503") => "503 Service Unavailable",
                    _ => "200 OK",
                };
                let body = if status.starts_with('2') {
                    "{}".to_string()
                } else {
                    r#"{"error":"the service had trouble with this request"}"#.to_string()
                };
                let reply = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(reply.as_bytes());
            });
        }
    });
    url
}

/// A request file of seven: passed, failed, refused and skipped, with a long name and a
/// long path.
fn run_file(dir: &Path, base: &str) -> PathBuf {
    let closed = common::server::closed_port();
    write(
        dir,
        "api.http",
        &format!(
            "### list users\nGET {base}/200/users\n\n\
             ### create a user with a rather long descriptive name\nPOST {base}/200/users/create/a/new/one/with/a/long/path\nContent-Type: application/json\n\n{{\"name\":\"x\"}}\n\n\
             ### missing\nGET {base}/404/missing\n\n\
             ### broken\nGET {base}/500/boom\n\n\
             ### unreachable\nGET http://127.0.0.1:{closed}/x\n\n\
             ### needs\n# @name needs\nGET {base}/503/y\n\n\
             ### uses it\nGET {base}/200/{{{{needs.response.body.$.id}}}}\n"
        ),
    )
}

/// The display width of a line, in terminal cells (the output has no colour).
fn cells(line: &str) -> usize {
    line.chars()
        .map(|c| match c {
            '\u{1100}'..='\u{115f}' | '\u{2e80}'..='\u{a4cf}' | '\u{ac00}'..='\u{d7a3}' => 2,
            _ => 1,
        })
        .sum()
}

/// The words of `text` (letters only: a word split over two lines shows as two that are
/// not in `whole`), each checked against `whole`. A word cut with `…` is a cut, not a
/// split: what is before the `…` is checked as a start of a word, what is after it as an
/// end.
fn split_words(text: &str, whole: &std::collections::HashSet<String>) -> Vec<String> {
    let mut split = Vec::new();
    for token in text.split(|c: char| !(c.is_alphabetic() || c == '…')) {
        for (i, part) in token.split('…').enumerate() {
            if part.is_empty() {
                continue;
            }
            let cut_after = i + 1 < token.split('…').count();
            let ok = match (i > 0, cut_after) {
                (false, false) => whole.contains(part),
                (false, true) => whole.iter().any(|w| w.starts_with(part)),
                (true, false) => whole.iter().any(|w| w.ends_with(part)),
                (true, true) => whole.iter().any(|w| w.contains(part)),
            };
            if !ok {
                split.push(part.to_string());
            }
        }
    }
    split
}

/// The alphabetic words of `texts`.
fn vocabulary<'a>(texts: impl IntoIterator<Item = &'a str>) -> std::collections::HashSet<String> {
    texts
        .into_iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn run_and_explain_lists_fit_narrow_widths_without_splitting_words() {
    let dir = common::TempDir::new("review-narrow");
    let file = run_file(&dir, &server());
    let source = std::fs::read_to_string(&file).unwrap();
    let ui = "Request Method URL Status Time Verdict ok client server error connection \
              failed refused skipped not sent run it uses line which requests request to in \
              s ms passed Not Found Internal Server Error Service Unavailable OK http";
    for columns in [40usize, 60, 80] {
        let out = resp()
            .env("COLUMNS", columns.to_string())
            .arg("run")
            .arg(&file)
            .output()
            .unwrap();
        let text = stdout(&out);
        assert!(!out.status.success(), "{text}");
        for line in text.lines() {
            assert!(
                cells(line) <= columns,
                "wider than {columns}: {line:?}\n{text}"
            );
            assert_eq!(line, line.trim_end(), "{text}");
        }
        let messages = "the service had trouble with this request";
        let whole = vocabulary([ui, source.as_str(), messages]);
        let split = split_words(&text, &whole);
        assert!(split.is_empty(), "split at {columns}: {split:?}\n{text}");
        // Every request is there, and the counts once, whole.
        for name in ["list users", "missing", "broken", "unreachable", "needs"] {
            assert!(text.contains(name), "{name} at {columns}:\n{text}");
        }
        let counts: String = text
            .lines()
            .skip_while(|l| !l.starts_with("7 requests"))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(counts.contains(": 2 passed, 4 failed, 1 skipped"), "{text}");
    }

    let listed = resp().args(["explain", "4xx", "--json"]).output().unwrap();
    let listed = common::json(&listed);
    let mut words: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| {
            ["text", "description", "class"].map(|k| e[k].as_str().unwrap_or_default().to_string())
        })
        .collect();
    words.push(
        "Code Text Class Description client error documented table standard registry not in the \
         operations operation Source Twitter s API response codes built"
            .to_string(),
    );
    let whole = vocabulary(words.iter().map(String::as_str));
    for columns in [40usize, 60, 80] {
        let out = resp()
            .env("COLUMNS", columns.to_string())
            .args(["explain", "4xx"])
            .output()
            .unwrap();
        let text = stdout(&out);
        assert!(out.status.success(), "{text}");
        for line in text.lines() {
            assert!(cells(line) <= columns, "wider than {columns}: {line:?}");
        }
        let split = split_words(&text, &whole);
        assert!(split.is_empty(), "split at {columns}: {split:?}\n{text}");
        for code in ["400", "404", "429"] {
            assert!(text.contains(code), "{code} at {columns}:\n{text}");
        }
    }
}

#[test]
fn the_step_summary_counts_as_the_count_line_does() {
    let dir = common::TempDir::new("review-github");
    let file = run_file(&dir, &server());
    let summary = dir.join("summary.md");
    let out = resp()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .arg("run")
        .arg(&file)
        .args(["--report", "github"])
        .output()
        .unwrap();
    let text = stdout(&out);
    let count_line = text
        .lines()
        .find(|l| l.starts_with("7 requests in "))
        .unwrap_or_else(|| panic!("{text}"));
    let counts = count_line.split_once(": ").unwrap().1;
    assert_eq!(counts, "2 passed, 4 failed, 1 skipped", "{text}");
    let table = std::fs::read_to_string(&summary).unwrap();
    let heading = table.lines().next().unwrap();
    assert!(
        heading.starts_with("### resp run: 7 requests in "),
        "{table}"
    );
    assert!(heading.ends_with(&format!(": {counts}")), "{heading}");
    assert!(
        !heading.contains("ok,") && !heading.contains("failing"),
        "{heading}"
    );
}

#[test]
fn verbose_run_ends_no_line_in_blanks() {
    let dir = common::TempDir::new("review-verbose");
    let file = run_file(&dir, &server());
    for color in ["never", "always"] {
        let out = common::bare()
            .args(["--color", color, "run", "-v"])
            .arg(&file)
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        let text = stdout(&out);
        let separators: Vec<&str> = text.lines().filter(|l| l.contains("── ")).collect();
        assert_eq!(separators.len(), 7, "{text}");
        for line in text.lines() {
            let plain = strip_styles(line);
            assert_eq!(plain, plain.trim_end(), "{line:?}");
        }
        assert!(
            separators
                .iter()
                .any(|l| strip_styles(l).starts_with("── missing (")
                    && strip_styles(l).ends_with("api.http:11)")),
            "{separators:?}"
        );
    }
}

/// `line` without its SGR colour codes.
fn strip_styles(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find('m').map_or(after.len(), |e| e + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn a_report_on_stdout_is_given_a_file_of_its_own_kind() {
    let dir = common::TempDir::new("review-report-hint");
    // Refused before anything is sent: no server needed, none reached.
    let file = write(&dir, "a.http", "GET http://127.0.0.1:9/x\n");
    for (args, kind) in [
        (vec!["--report", "github", "--json"], "github"),
        (vec!["--report", "junit:-", "--json"], "junit"),
        (vec!["--report", "tap:-", "--report", "github"], "github"),
        (vec!["--report", "github", "--report", "tap:-"], "tap"),
    ] {
        let out = resp().arg("run").arg(&file).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        let hint = err
            .lines()
            .find(|l| l.starts_with("hint: "))
            .unwrap_or_else(|| panic!("{err}"));
        assert!(
            hint.contains(&format!("--report {kind}:")),
            "{args:?}: {hint}"
        );
        for other in ["junit", "tap", "github"].iter().filter(|k| **k != kind) {
            assert!(!hint.contains(other), "{args:?}: {hint}");
        }
    }
}

#[test]
fn a_header_refused_names_its_character() {
    for (value, shown, says) in [
        ("\x1b[2J", "\\x1b", "control character"),
        ("a\nb", "\\x0a", "line break"),
        ("a\rb", "\\x0d", "line break"),
        ("a\u{7f}", "\\x7f", "control character"),
        ("a\u{85}b", "\\u{85}", "control character"),
    ] {
        let out = resp()
            .args(["send", "-H"])
            .arg(format!("X-A: {value}"))
            .arg("http://127.0.0.1:9/")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{value:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with(&format!(
                "resp: error: header 'X-A' has a control character ({shown}) in its value\n"
            )),
            "{err}"
        );
        assert!(
            err.contains(says) && err.lines().nth(1).unwrap().contains(shown),
            "{err}"
        );
        // What is shown is escaped: the character itself never reaches the terminal.
        assert!(!err.contains(value), "{err:?}");
        if says == "control character" {
            assert!(!err.contains("line break"), "{err}");
        }
    }
}

/// An h2c server on loopback (HTTP/2 with prior knowledge, no TLS) answering every request
/// `200` with the path it asked; it counts its connections.
fn h2c_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let connections = std::sync::Arc::new(AtomicUsize::new(0));
    let count = connections.clone();
    thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            while let Ok((tcp, _)) = listener.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let Ok(mut conn) = h2::server::handshake(tcp).await else {
                        return;
                    };
                    while let Some(Ok((request, mut respond))) = conn.accept().await {
                        let body = bytes::Bytes::from(format!(
                            "{{\"path\":\"{}\"}}",
                            request.uri().path()
                        ));
                        let head = ureq::http::Response::builder()
                            .status(200)
                            .header("content-type", "application/json")
                            .body(())
                            .unwrap();
                        if let Ok(mut stream) = respond.send_response(head, false) {
                            let _ = stream.send_data(body, true);
                        }
                    }
                });
            }
        });
    });
    (base, connections)
}

#[test]
fn run_speaks_the_http_version_asked_for_every_request() {
    let dir = common::TempDir::new("review-http2");
    let (base, connections) = h2c_server();
    let file = write(
        &dir,
        "h2.http",
        &format!("GET {base}/one\n\n###\nGET {base}/two\n\n###\nPOST {base}/three\n\nx=1\n"),
    );
    let out = resp()
        .args(["run", "--json", "--http2-prior-knowledge"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let records = common::json_lines(&out);
    let responses: Vec<_> = records.iter().filter(|r| r["type"] == "response").collect();
    assert_eq!(responses.len(), 3, "{records:?}");
    for r in &responses {
        assert_eq!(r["status"], 200, "{r}");
        assert_eq!(r["connection"]["http_version"], "HTTP/2", "{r}");
    }
    // HTTP/2 connections are not kept from one request to the next: one each.
    assert_eq!(
        connections.load(std::sync::atomic::Ordering::SeqCst),
        3,
        "{records:?}"
    );

    // Without the flag, plain http:// is HTTP/1.1: the h2c server cannot answer it.
    let out = resp().args(["run", "--json"]).arg(&file).output().unwrap();
    assert!(!out.status.success(), "{out:?}");

    // The three flags exclude one another, as for send.
    for (a, b) in [
        ("--http1.1", "--http2"),
        ("--http2", "--http2-prior-knowledge"),
        ("--http1.1", "--http2-prior-knowledge"),
    ] {
        let out = resp().args(["run", a, b]).arg(&file).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{a} {b}");
    }
    // `--http1.1` is taken, and speaks HTTP/1.1 to a server of HTTP/1.1.
    let file = run_file(&dir, &server());
    let out = resp()
        .args(["run", "--json", "--http1.1"])
        .arg(&file)
        .output()
        .unwrap();
    let records = common::json_lines(&out);
    let first = records.iter().find(|r| r["type"] == "response").unwrap();
    assert_eq!(first["connection"]["http_version"], "HTTP/1.1", "{first}");
}

#[test]
fn error_code_lists_fit_narrow_widths_without_splitting_words() {
    let dir = common::TempDir::new("review-error-codes");
    write(
        &dir,
        "api.md",
        "| Code | Text | Description |\n| --- | --- | --- |\n\
         | 429 | Slow Down | Calm down please |\n\n## Error codes\n\n\
         | Code | Text | Description |\n| --- | --- | --- |\n\
         | ACCOUNT_TEMPORARILY_LOCKED | Account temporarily locked | Too many unsuccessful authentication attempts were made on this account |\n\
         | 88 | Rate limit exceeded | The request limit for this resource has been reached |\n",
    );
    let whole = vocabulary([
        "ACCOUNT_TEMPORARILY_LOCKED Account temporarily locked Too many unsuccessful \
         authentication attempts were made on this account Rate limit exceeded The request \
         limit for this resource has been reached Slow Down Calm down please Error codes Code \
         Text Description Class client error documented table api md standard registry not in \
         the",
    ]);
    for columns in [40usize, 60, 80] {
        // Named from its folder: a long path is kept whole, as a word wider than the line.
        let out = resp()
            .env("COLUMNS", columns.to_string())
            .current_dir(&*dir)
            .args(["--table", "api.md", "explain"])
            .output()
            .unwrap();
        let text = stdout(&out);
        assert!(out.status.success(), "{text}");
        for line in text.lines() {
            assert!(
                cells(line) <= columns,
                "wider than {columns}: {line:?}\n{text}"
            );
        }
        let split = split_words(&text, &whole);
        assert!(split.is_empty(), "split at {columns}: {split:?}\n{text}");
        assert!(text.contains("ACCOUNT_TEMPORARILY_LOCKED"), "{text}");
    }
}
