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
