//! Small things a user trips on: what a HAR entry counts for, how an error's title reads,
//! which flag an error names, `-q` with `--json`, what a rate-limit hint points at, a
//! `Retry-After` too far to wait for, and wrapping at a width.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Temp, resp};
use serde_json::{Value, json};

/// Header fields as (name, value).
type Fields<'a> = &'a [(&'a str, &'a str)];

/// A HAR of `(url, status, response headers, request headers)` GET entries.
fn har_of(entries: &[(&str, u16, Fields, Fields)]) -> String {
    let pairs = |h: Fields| {
        h.iter()
            .map(|(n, v)| json!({"name": n, "value": v}))
            .collect::<Vec<_>>()
    };
    let entries: Vec<Value> = entries
        .iter()
        .map(|(url, status, response, request)| {
            json!({
                "startedDateTime": "2026-12-07T10:00:00.000Z",
                "time": 1.0,
                "request": {"method": "GET", "url": url, "headers": pairs(request)},
                "response": {"status": status, "statusText": "", "headers": pairs(response),
                             "content": {"size": 0, "mimeType": "text/html"}},
            })
        })
        .collect();
    json!({"log": {"version": "1.2", "entries": entries}}).to_string()
}

/// A browser's session: a redirect it followed, a 304 it asked for, then a redirect it
/// did not follow and a 304 nobody asked for.
fn session() -> String {
    har_of(&[
        ("http://a.test/old", 301, &[("Location", "/a/new")], &[]),
        ("http://a.test/a/new", 200, &[], &[]),
        (
            "http://a.test/app.js",
            304,
            &[],
            &[("If-None-Match", "\"v1\"")],
        ),
        ("http://a.test/x", 302, &[("Location", "/y")], &[]),
        ("http://a.test/elsewhere", 200, &[], &[]),
        ("http://a.test/app.css", 304, &[], &[]),
    ])
}

#[test]
fn a_har_json_line_says_what_a_followed_redirect_or_a_conditional_304_counts_for() {
    let file = Temp::new("session.har", session().as_bytes());
    let out = resp()
        .args(["read", "--json", file.path()])
        .output()
        .unwrap();
    let lines = common::json_lines(&out);
    let seen: Vec<(u64, Value, Value)> = lines
        .iter()
        .map(|l| {
            (
                l["status"].as_u64().unwrap(),
                l["exit_code"].clone(),
                l["passed"].clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (301, json!(0), json!("redirect followed")),
            (200, json!(0), Value::Null),
            (304, json!(0), json!("conditional request")),
            (302, json!(3), Value::Null),
            (200, json!(0), Value::Null),
            (304, json!(3), Value::Null),
        ]
    );
    // The file's exit code is the worst of its lines'.
    assert_eq!(out.status.code(), Some(3));
    let followed = har_of(&[
        ("http://a.test/old", 302, &[("Location", "new")], &[]),
        ("http://a.test/new", 200, &[], &[]),
    ]);
    let file = Temp::new("followed.har", followed.as_bytes());
    let out = resp()
        .args(["read", "--json", file.path()])
        .output()
        .unwrap();
    let codes: Vec<Value> = common::json_lines(&out)
        .iter()
        .map(|l| l["exit_code"].clone())
        .collect();
    assert_eq!(codes, [json!(0), json!(0)]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn har_entry_n_exits_with_its_lines_code_and_its_card_says_why() {
    let file = Temp::new("session.har", session().as_bytes());
    let entry = |n: &str, json: bool| {
        let mut cmd = resp();
        cmd.args(["read", file.path(), "--entry", n]);
        if json {
            cmd.arg("--json");
        }
        cmd.output().unwrap()
    };
    for (n, code, why) in [
        ("1", 0, Some("redirect followed")),
        ("3", 0, Some("conditional request")),
        ("4", 3, None),
        ("6", 3, None),
    ] {
        let card = entry(n, false);
        let text = String::from_utf8_lossy(&card.stdout);
        assert_eq!(card.status.code(), Some(code), "entry {n}: {text}");
        let row = text
            .lines()
            .find(|l| l.trim_start().starts_with("exit code"))
            .unwrap_or_default();
        let said = match why {
            Some(why) => format!("exit code    {code} ({why})"),
            None => format!("exit code    {code}"),
        };
        assert_eq!(row.trim(), said, "entry {n}: {text}");
        let line = entry(n, true);
        assert_eq!(line.status.code(), Some(code), "entry {n} --json");
        let line = common::json(&line);
        assert_eq!(line["exit_code"], code, "{line}");
        assert_eq!(
            line["passed"],
            why.map_or(Value::Null, |w| json!(w)),
            "{line}"
        );
    }
}

#[test]
fn har_entry_n_of_a_redirect_before_an_unreadable_entry_is_shown_unfollowed() {
    let good = har_of(&[("http://a.test/old", 302, &[("Location", "/new")], &[])]);
    assert!(good.ends_with("}]}}"));
    // The entry after the redirect is no HAR entry, or the file breaks off inside it:
    // entry 1 is still shown, its redirect not known to be followed.
    for next in [
        "}, [1, 2]]}}",
        "}, {\"request\": {\"url\": \"http://a.test/ne",
    ] {
        let text = format!("{}{next}", &good[..good.len() - 4]);
        let file = Temp::new("broken.har", text.as_bytes());
        let out = resp()
            .args(["read", file.path(), "--entry", "1", "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{next}: {out:?}");
        let line = common::json(&out);
        assert_eq!(line["status"], 302, "{line}");
        assert_eq!(line["passed"], Value::Null, "{line}");
    }
}

#[test]
fn a_har_summary_row_says_why_a_3xx_is_no_failure() {
    let file = Temp::new("session.har", session().as_bytes());
    let out = resp()
        .env("COLUMNS", "120")
        .args(["read", file.path()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let row = |path: &str| {
        text.lines()
            .find(|l| l.contains(&format!("┆ {path} ")))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        row("/old").contains("followed: Moved Permanently"),
        "{text}"
    );
    assert!(
        row("/app.js").contains("conditional: Not Modified"),
        "{text}"
    );
    assert!(!row("/x").contains("followed"), "{text}");
    assert!(!row("/app.css").contains("conditional"), "{text}");
    // A narrow table cuts the row's words: the count line says it whole.
    let out = resp()
        .env("COLUMNS", "80")
        .args(["read", file.path()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2 2xx · 4 3xx (1 redirect followed, 1 conditional request)"),
        "{text}"
    );
}

/// A saved problem-details response with this `title` and `detail`.
fn problem(title: &str, detail: &str) -> Vec<u8> {
    let body = json!({"type": "https://example.com/probs/credit", "title": title,
                      "status": 403, "detail": detail})
    .to_string();
    format!(
        "HTTP/1.1 403 Forbidden\r\nContent-Type: application/problem+json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

#[test]
fn a_problem_title_that_ends_a_sentence_is_not_followed_by_a_colon() {
    let detail = "Your balance is 30, but that costs 50.";
    for (title, headline) in [
        ("Not enough credit.", "Not enough credit. Your balance"),
        ("Not enough credit", "Not enough credit: Your balance"),
        ("Not enough credit:", "Not enough credit: Your balance"),
        ("Out of credit?", "Out of credit? Your balance"),
        ("Out of credit!  ", "Out of credit! Your balance"),
    ] {
        let file = Temp::new("problem.http", &problem(title, detail));
        let out = resp().args(["read", file.path()]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let row = text
            .lines()
            .find(|l| l.trim_start().starts_with("error "))
            .unwrap_or_default();
        assert_eq!(
            row.trim_start().trim_start_matches("error").trim_start(),
            format!("{headline} is 30, but that costs 50."),
            "{title:?}: {text}"
        );
        assert!(!row.contains(".:") && !row.contains("::"), "{row}");
    }
}

#[test]
fn the_error_for_a_body_to_stdout_with_json_or_quiet_names_the_flag_typed() {
    let file = Temp::new("problem.http", &problem("t", "d"));
    let cases: [(&[&str], &str, &str); 6] = [
        (&["read", "-o", "-", "--json"], "-o - prints", "--json"),
        (&["--json", "read", "-o", "-"], "-o - prints", "--json"),
        (&["read", "--output", "-", "-q"], "-o - prints", "--quiet"),
        (&["--json", "read", "-b"], "-b/--body-only prints", "--json"),
        (&["-q", "read", "-b"], "-b/--body-only prints", "--quiet"),
        (&["read", "-o", "-", "-v"], "-o - prints", "-v"),
    ];
    for (args, flag, other) in cases {
        let out = resp().args(args).arg(file.path()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let first = err.lines().next().unwrap_or_default();
        assert!(first.contains(flag), "{args:?}: {err}");
        assert!(
            first.ends_with(&format!("cannot be used with {other}")),
            "{args:?}: {err}"
        );
        let typed = if flag.starts_with("-b") { "-b" } else { "-o -" };
        assert!(
            err.contains(&format!(
                "hint: leave one out: resp read FILE {typed} | jq ."
            )),
            "{args:?}: {err}"
        );
    }
    // send says it the same way, before any request is made.
    let out = resp()
        .args(["send", "-o", "-", "--json", "http://127.0.0.1:9/"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.starts_with("resp: error: -o - prints"), "{err}");
    assert!(err.contains("resp send URL -o - | jq ."), "{err}");
}

#[test]
fn quiet_and_json_together_are_a_usage_error_in_every_command() {
    use common::server::{nothing_more, respond, serve};
    let file = Temp::new("problem.http", &problem("t", "d"));
    let plan = Temp::new("plan.http", b"GET http://127.0.0.1:9/\n");
    let (url, rx) = serve(vec![respond("200 OK", &[], "{}")]);
    let commands: [&[&str]; 4] = [
        &["explain", "404"],
        &["read", file.path()],
        &["send", &url],
        &["run", plan.path()],
    ];
    for command in commands {
        let (name, rest) = command.split_first().unwrap();
        // Side by side, or one before the command and one after it.
        let ways: [Vec<&str>; 4] = [
            [&[*name, "-q", "--json"], rest].concat(),
            [&[*name, "--json", "--quiet"], rest].concat(),
            [&["-q", *name, "--json"], rest].concat(),
            [&["--json", *name, "-q"], rest].concat(),
        ];
        for args in ways {
            let out = resp().args(&args).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
            assert!(out.stdout.is_empty(), "{args:?}");
            let first = err.lines().next().unwrap_or_default();
            assert!(
                first.contains("--quiet") && first.contains("--json"),
                "{args:?}: {err}"
            );
        }
    }
    assert!(nothing_more(&rx), "no request is sent");
    // Each alone still works.
    resp()
        .args(["explain", "-q", "404"])
        .assert()
        .code(0)
        .stdout("");
    let out = resp().args(["explain", "--json", "404"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(common::json(&out)[0]["code"], 404);
}

/// The rate-limit hint lines of `resp explain 429` (joined: a hint may wrap).
fn rate_hint(args: &[&str]) -> String {
    let out = resp()
        .env("COLUMNS", "200")
        .arg("explain")
        .args(args)
        .arg("429")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find(|l| l.contains("You are rate limited"))
        .unwrap_or_else(|| panic!("{args:?}: no rate-limit hint in {text}"))
        .to_string()
}

#[test]
fn the_429_hint_names_twitters_header_only_under_twitters_table() {
    assert!(
        rate_hint(&[]).ends_with("(Retry-After, x-rate-limit-reset)."),
        "{}",
        rate_hint(&[])
    );
    let table = Temp::new(
        "codes.json",
        br#"{"429": {"text": "Too Many Requests", "description": "Slow down: you are rate limited."}}"#,
    );
    for args in [&["--table", "standard"][..], &["--table", table.path()]] {
        let hint = rate_hint(args);
        assert!(
            hint.ends_with("(Retry-After, RateLimit-Reset)."),
            "{args:?}: {hint}"
        );
        assert!(
            !hint.to_ascii_lowercase().contains("x-rate-limit"),
            "{args:?}: {hint}"
        );
    }
    // A saved 429 without rate-limit headers, read with the registry alone, says it the
    // same way (one with them is told when to retry instead).
    let saved = Temp::new(
        "429.http",
        b"HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n",
    );
    let out = resp()
        .env("COLUMNS", "200")
        .args(["read", "--table", "standard", saved.path()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(Retry-After, RateLimit-Reset)"), "{text}");
    assert!(!text.contains("x-rate-limit-reset"), "{text}");
}

/// The card's rows labelled `label` (a row's wrapped lines joined to it).
fn rows(card: &str, label: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut inside = false;
    for line in card.lines() {
        let key = line.trim_start();
        if key.starts_with(&format!("{label} ")) {
            found.push(key[label.len()..].trim().to_string());
            inside = true;
        } else if inside && line.starts_with("    ") && !key.contains("  ") {
            if let Some(last) = found.last_mut() {
                last.push(' ');
                last.push_str(key);
            }
        } else {
            inside = false;
        }
    }
    found
}

/// Says one thing about a Retry-After past year 9999: one row, one hint, nothing that
/// sends the reader to other headers or tells them to retry now.
fn says_one_far_retry(card: &str, raw: &str, what: &str) {
    let retry = rows(card, "retry after");
    assert_eq!(
        retry,
        [format!("{raw} s is past year 9999")],
        "{what}: {card}"
    );
    let hints = rows(card, "hint");
    assert_eq!(
        hints,
        [
            "The server's Retry-After lands past year 9999, so it gives no time to retry at: try \
          again much later."
        ],
        "{what}: {card}"
    );
    for misleading in [
        "Retry now",
        "reset time",
        "rate-limit headers",
        "retry later",
    ] {
        assert!(!card.contains(misleading), "{what}: {misleading}: {card}");
    }
}

#[test]
fn a_retry_after_past_year_9999_is_said_once_in_the_card() {
    for raw in ["999999999999", "99999999999999999999"] {
        for status in ["429 Too Many Requests", "503 Service Unavailable"] {
            let saved =
                format!("HTTP/1.1 {status}\r\nRetry-After: {raw}\r\nContent-Length: 0\r\n\r\n");
            let file = Temp::new("far.http", saved.as_bytes());
            let out = resp()
                .env("COLUMNS", "200")
                .args(["read", file.path()])
                .output()
                .unwrap();
            let card = String::from_utf8_lossy(&out.stdout);
            says_one_far_retry(&card, raw, &format!("read {status} {raw}"));
        }
    }
}

#[test]
fn a_retry_after_too_long_to_wait_for_is_said_once_after_retry_stops() {
    use common::server::{nothing_more, received, respond, serve};
    let far = "999999999999";
    let busy = || respond("429 Too Many Requests", &[("Retry-After", far)], "");
    // --retry does not wait past year 9999: one request, and the card says why once.
    let (url, rx) = serve(vec![busy(), busy()]);
    let out = resp()
        .env("COLUMNS", "200")
        .args(["send", "--retry", "2", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(received(&rx).is_some() && nothing_more(&rx));
    says_one_far_retry(&String::from_utf8_lossy(&out.stdout), far, "--retry");
    // --until waits its own longest wait instead, then gives up: the card still says it once.
    let (url, _rx) = serve(vec![busy(), busy()]);
    let out = resp()
        .env("COLUMNS", "200")
        .args([
            "send",
            "--until",
            "2xx",
            "--retry",
            "1",
            "--retry-max-wait",
            "0.1",
            &url,
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("gave up after 2 attempts"), "{err}");
    says_one_far_retry(&String::from_utf8_lossy(&out.stdout), far, "--until");
    // A wait before year 9999 but longer than any --retry-max-wait: no flag to suggest.
    let long = "99999999999";
    let (url, _rx) = serve(vec![respond(
        "429 Too Many Requests",
        &[("Retry-After", long)],
        "",
    )]);
    let out = resp()
        .env("COLUMNS", "200")
        .args(["send", "--retry", "2", &url])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let card = String::from_utf8_lossy(&out.stdout);
    assert!(!err.contains(&format!("--retry-max-wait {long}")), "{err}");
    assert!(
        err.contains(
            "hint: no --retry-max-wait short of 0 (no limit) waits that long: try again much later"
        ),
        "{err}"
    );
    assert_eq!(rows(&card, "retry after").len(), 1, "{card}");
    assert_eq!(rows(&card, "hint").len(), 1, "{card}");
    assert!(rows(&card, "hint")[0].starts_with("Retry in "), "{card}");
    // One within the flag's reach is still offered.
    let (url, _rx) = serve(vec![respond(
        "429 Too Many Requests",
        &[("Retry-After", "3600")],
        "",
    )]);
    let out = resp()
        .args(["send", "--retry", "2", &url])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("hint: --retry-max-wait 3600 waits that long"),
        "{err}"
    );
}

/// `resp explain ARGS` at `COLUMNS=40`, with colour (`always`) or without: its lines, the
/// colour codes taken out.
fn explain_at_40(args: &[&str], color: &str) -> Vec<String> {
    let out = common::bare()
        .env("COLUMNS", "40")
        .args(["--color", color, "explain"])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let plain = plain(&text);
    plain.lines().map(str::to_string).collect()
}

/// `text` without its SGR colour codes (`ESC [ … m`).
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Every line fits 40 cells, but one that is a single word too long to break (a path).
fn fits_40(lines: &[String], whole: &[&str]) {
    for line in lines {
        let cells = resp::render::fit::width(line);
        assert!(
            cells <= 40 || whole.contains(&line.trim()),
            "a line of {cells} cells at 40 columns: {line:?}\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn explain_footers_wrap_at_the_width() {
    for color in ["never", "always"] {
        let lines = explain_at_40(&["4xx", "999"], color);
        fits_40(&lines, &[]);
        let text = lines.join("\n");
        assert!(
            text.contains("* standard registry: not in the\ndocumented table"),
            "{text}"
        );
        assert!(
            text.contains("documented table: Twitter's API response\ncodes, built in"),
            "{text}"
        );
    }
    // A table file's name is a word: kept whole on its own line, the rest wrapped.
    let table = Temp::new(
        "a-table-file-with-a-rather-long-name.json",
        br#"{"420": {"text": "Chill", "description": "Slow down."}}"#,
    );
    let lines = explain_at_40(&["--table", table.path(), "4xx"], "never");
    fits_40(&lines, &[table.path()]);
    let text = lines.join("\n");
    assert!(
        text.contains(&format!("documented table:\n{}", table.path())),
        "{text}"
    );
    // Without a width (a pipe, no COLUMNS), a footer stays one line.
    let out = resp().args(["explain", "4xx"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.ends_with("documented table: Twitter's API response codes, built in\n"),
        "{text}"
    );
}

#[test]
fn an_explain_card_and_its_operations_wrap_at_the_width() {
    // Many operations documenting 404, each with a long summary: the card's headline for
    // them and the note on those not listed wrap too.
    let mut paths = serde_json::Map::new();
    for i in 0..45 {
        paths.insert(
            format!("/things/{i}"),
            json!({"get": {"operationId": format!("getThing{i}"),
                "summary": "Fetch one thing by its number, with all of its parts and their parts",
                "responses": {"200": {"description": "the thing"},
                              "404": {"description": "no thing with that number was ever made here"}}}}),
        );
    }
    let description = json!({"openapi": "3.0.3", "info": {"title": "Things", "version": "1"},
        "servers": [{"url": "http://127.0.0.1/"}], "paths": paths});
    let file = Temp::new("things.json", description.to_string().as_bytes());
    for color in ["never", "always"] {
        let lines = explain_at_40(&["--table", file.path(), "404"], color);
        fits_40(&lines, &[file.path()]);
        let text = lines.join("\n");
        assert!(text.contains("45 operations document 404:"), "{text}");
        assert!(text.contains("… 5 more (--json lists all)"), "{text}");
        // A request asked for: its operation's line wraps as well.
        let lines = explain_at_40(
            &["--table", file.path(), "GET http://127.0.0.1/things/7"],
            color,
        );
        fits_40(&lines, &[file.path()]);
        let text = lines.join("\n");
        assert!(
            text.starts_with("GET /things/7 · getThing7 · Fetch one\nthing by its number"),
            "{text}"
        );
    }
}
