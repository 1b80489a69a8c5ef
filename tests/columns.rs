//! Every view at 80 columns (`COLUMNS=80`), with and without colour, fed long inputs as a
//! new user would meet them: no line passes 80 cells unless it is a URL alone on its line,
//! whole (a URL broken over lines no longer copies), and no line ends in blanks. Also
//! HTTPie's habits typed after `resp send`: a usage error with the flags to use, and
//! nothing sent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::server::{Step, answer, nothing_more, serve};
use common::{Temp, bare, resp};
use resp::render::fit::width;

/// `text` without colour codes (SGR sequences), as the terminal shows it.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        assert_eq!(
            after.as_bytes().get(end),
            Some(&b'm'),
            "only colour codes are written: {text:?}"
        );
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Checks `text` at `max` columns: each line fits, or is one of `urls` alone and whole;
/// no line ends in a blank, inside colour codes or not. Returns the lines as shown.
fn fits(text: &str, max: usize, urls: &[&str]) -> Vec<String> {
    let shown: Vec<String> = text.lines().map(plain).collect();
    check(&shown, max, urls);
    shown
}

/// [`fits`] for clap's help, which puts blanks on the empty line before a `[default: …]`:
/// a line with no visible character passes.
fn help_fits(text: &str) -> Vec<String> {
    let shown: Vec<String> = text.lines().map(plain).collect();
    let visible: Vec<String> = shown
        .iter()
        .filter(|l| !l.trim().is_empty())
        .cloned()
        .collect();
    check(&visible, 80, &[]);
    shown
}

fn check(shown: &[String], max: usize, urls: &[&str]) {
    for line in shown {
        assert!(
            width(line) <= max || urls.contains(&line.as_str()),
            "a line of {} cells at {max} columns: {line:?}\n{}",
            width(line),
            shown.join("\n")
        );
        assert_eq!(
            line.trim_end(),
            line,
            "a line ends in blanks:\n{}",
            shown.join("\n")
        );
    }
}

/// `resp` at 80 columns with colour `never` or `always`.
fn at_80(color: &str) -> assert_cmd::Command {
    let mut cmd = bare();
    cmd.env("COLUMNS", "80").args(["--color", color]);
    cmd
}

fn stdout(cmd: &mut assert_cmd::Command) -> String {
    String::from_utf8(cmd.output().unwrap().stdout).unwrap()
}

fn redirect_to(location: &str) -> Step {
    Step::Answer(
        format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n")
            .into_bytes(),
    )
}

/// A 404 whose JSON error message is too long for one line of the card.
fn not_found() -> Step {
    let body = "{\"error\": \"a message long enough to be wrapped by the card at eighty \
columns, and then a few more words\"}";
    answer(&format!(
        "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    ))
}

/// A path of `n` segments, with a query: longer than a line.
fn long_path(n: usize) -> String {
    let segments: Vec<String> = (0..n).map(|i| format!("segment-{i:02}")).collect();
    format!("/{}?query=value&other=thing", segments.join("/"))
}

#[test]
fn the_har_operations_line_fits() {
    for color in ["never", "always"] {
        let text = stdout(at_80(color).args([
            "read",
            "--table",
            "tests/fixtures/openapi/docker-like.yaml",
            "tests/fixtures/openapi/docker-session.har",
        ]));
        let shown = fits(&text, 80, &[]);
        let at = shown
            .iter()
            .position(|l| l.starts_with("operations: "))
            .expect("the count line");
        assert_eq!(
            shown[at],
            "operations: 7 of 8 entries matched one · 1 status not documented for theirs",
            "{color}"
        );
        assert_eq!(
            shown[at + 1],
            "1 request matched none · 1 body did not fit the documented schema",
            "{color}"
        );
    }
}

#[test]
fn hop_lines_with_long_urls_fit_and_keep_each_url_whole() {
    let path = long_path(10);
    for color in ["never", "always"] {
        let (url, _) = serve(vec![redirect_to(&path), not_found()]);
        let start = format!("{url}{}", long_path(8));
        let next = format!("{url}{path}");
        // The body is the server's text, shown as its lines are: not what is checked here.
        let text = stdout(at_80(color).args(["send", "--body", "none", "-L", &start]));
        let shown = fits(&text, 80, &[&start, &next]);
        let hop: Vec<&String> = shown.iter().take_while(|l| !l.starts_with("404")).collect();
        assert_eq!(hop[0], "via 302 Found", "{color}: {shown:#?}");
        assert_eq!(
            hop[1..5],
            ["    from:", &start, "    to:", &next],
            "{color}"
        );
        assert!(
            hop[5].starts_with("    · ") && hop[5].ends_with(" ms"),
            "{hop:?}"
        );
        // The card's request row: the method, then the URL whole on the next line.
        let at = shown
            .iter()
            .position(|l| l.trim_start().starts_with("request "))
            .unwrap();
        assert_eq!(
            shown[at].split_whitespace().collect::<Vec<_>>(),
            ["request", "GET"]
        );
        assert_eq!(shown[at + 1], next);
    }
}

#[test]
fn a_url_that_fits_stays_on_its_row() {
    let (url, _) = serve(vec![redirect_to("/short")]);
    let text = stdout(at_80("never").args(["send", &format!("{url}/a")]));
    let shown = fits(&text, 80, &[]);
    let row = |key: &str| {
        shown
            .iter()
            .find(|l| l.trim_start().starts_with(key))
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
    };
    assert_eq!(row("location"), ["location", "/short"], "{text}");
    assert_eq!(row("request"), ["request", "GET", &format!("{url}/a")]);
}

#[test]
fn the_card_keeps_a_long_or_hostile_location_whole() {
    // A raw escape and a bidi override in the Location (a saved response: a live one is
    // refused by the HTTP parser): shown escaped, and the URL still on one line.
    let location = format!("{}&evil=\x1b]0;title\x07\u{202e}", long_path(9));
    let shown_location = location
        .replace('\x1b', "\\x1b")
        .replace('\x07', "\\x07")
        .replace('\u{202e}', "\\u{202e}");
    let saved = format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n");
    let saved = Temp::new("302.http", saved.as_bytes());
    for color in ["never", "always"] {
        let out = at_80(color).args(["read", saved.path()]).output().unwrap();
        assert_eq!(out.status.code(), Some(3));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\x07') && !text.contains('\u{202e}'),
            "{text:?}"
        );
        let shown = fits(&text, 80, &[&shown_location]);
        let at = shown
            .iter()
            .position(|l| l.trim() == "location")
            .unwrap_or_else(|| panic!("{shown:#?}"));
        assert_eq!(shown[at + 1], shown_location, "{color}");
        // No part of it is left anywhere else.
        assert_eq!(
            shown.iter().filter(|l| l.contains("segment-0")).count(),
            1,
            "{color}: {shown:#?}"
        );
    }
    // Sent, a long Location is kept whole too.
    let path = long_path(9);
    let (url, _) = serve(vec![redirect_to(&path)]);
    let out = at_80("always").args(["send", &url]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let text = String::from_utf8(out.stdout).unwrap();
    let shown = fits(&text, 80, &[&path]);
    assert!(shown.contains(&path), "{shown:#?}");
}

#[test]
fn coloured_values_end_where_their_text_ends() {
    let (url, _) = serve(vec![not_found()]);
    let text = stdout(at_80("always").args(["send", "--body", "none", &format!("{url}/x")]));
    assert!(text.contains("\x1b["), "coloured: {text:?}");
    let shown = fits(&text, 80, &[]);
    // The error row is coloured, and its text is wrapped: both parts end at a word.
    let at = shown
        .iter()
        .position(|l| l.trim_start().starts_with("error "))
        .unwrap();
    assert!(shown[at].ends_with(" eighty columns,"), "{shown:#?}");
    assert!(shown[at + 1].ends_with(" a few more words"), "{shown:#?}");
    for args in [
        &["explain", "420", "429"][..],
        &[
            "read",
            "--body",
            "none",
            "tests/fixtures/429-ietf-ratelimit.http",
        ],
        &[
            "read",
            "--body",
            "none",
            "tests/fixtures/422-errors-array.http",
        ],
        &[
            "read",
            "--body",
            "none",
            "tests/fixtures/redirect-chain.http",
        ],
        &["read", "tests/fixtures/browser.har"],
        &["read", "--waterfall", "tests/fixtures/browser.har"],
    ] {
        let text = stdout(at_80("always").args(args));
        assert!(text.contains("\x1b["), "{args:?} is coloured");
        fits(&text, 80, &[]);
    }
}

/// One HAR entry with every phase of the waterfall, 100 ms each.
fn har_of_all_phases(url: &str) -> String {
    serde_json::json!({"log": {"version": "1.2", "creator": {"name": "test", "version": "1"},
    "entries": [{
        "startedDateTime": "2026-01-01T00:00:00.000Z",
        "time": 700.0,
        "request": {"method": "GET", "url": url, "httpVersion": "HTTP/1.1",
            "headers": [], "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1",
            "headers": [], "cookies": [], "content": {"size": 0, "mimeType": "text/plain"},
            "redirectURL": "", "headersSize": -1, "bodySize": 0},
        "cache": {},
        "timings": {"blocked": 100.0, "dns": 100.0, "connect": 200.0, "ssl": 100.0,
            "send": 100.0, "wait": 100.0, "receive": 100.0}
    }]}})
    .to_string()
}

#[test]
fn without_colour_each_waterfall_phase_has_its_own_shading() {
    let url = format!("https://example.test{}", long_path(12));
    let har = Temp::new("phases.har", har_of_all_phases(&url).as_bytes());
    let text = stdout(at_80("never").args(["read", "--waterfall", har.path()]));
    let shown = fits(&text, 80, &[]);
    let legend: String = shown
        .iter()
        .skip_while(|l| !l.contains("queued"))
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    let phases = [
        "queued",
        "DNS lookup",
        "TCP connect",
        "TLS handshake",
        "request sent",
        "waiting (TTFB)",
        "body",
        "failed",
    ];
    let mut glyphs: Vec<char> = phases
        .iter()
        .map(|name| {
            let at = legend.find(&format!(" {name}")).expect(name);
            legend[..at].chars().last().unwrap()
        })
        .collect();
    let bar = shown.iter().find(|l| l.contains(" 200 ")).unwrap();
    for g in &glyphs[..7] {
        assert!(bar.contains(*g), "the bar shows {g}: {bar}");
    }
    glyphs.sort_unstable();
    glyphs.dedup();
    assert_eq!(glyphs.len(), phases.len(), "no two alike: {legend}");
}

#[test]
fn send_help_examples_break_between_words_of_one_command() {
    let text = stdout(at_80("never").args(["send", "--help"]));
    let shown = help_fits(&text);
    let examples: Vec<&String> = shown
        .iter()
        .skip_while(|l| *l != "Examples:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(examples.len() >= 10, "{text}");
    for pair in examples.windows(2) {
        let continued = pair[0].ends_with(" \\");
        assert_eq!(
            pair[1].starts_with("      "),
            continued,
            "a continuation follows a `\\` and only one: {pair:?}"
        );
        if !continued {
            assert!(pair[1].starts_with("  resp send "), "{pair:?}");
        }
    }
}

#[test]
fn exit_codes_help_indents_what_runs_on() {
    let text = stdout(at_80("never").arg("--help"));
    let shown = help_fits(&text);
    let table: Vec<&String> = shown
        .iter()
        .skip_while(|l| *l != "Exit codes:")
        .skip(1)
        .take_while(|l| !l.starts_with("Several"))
        .collect();
    let codes: Vec<&str> = table
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| w.parse::<u8>().is_ok())
        .collect();
    assert_eq!(
        codes,
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]
    );
    for line in &table {
        let code = line.split_whitespace().next().unwrap();
        let meaning_at = if code.parse::<u8>().is_ok() {
            line.find(code).unwrap() + code.len() + 2
        } else {
            0
        };
        let text_at = line.len() - line[meaning_at..].trim_start().len();
        assert_eq!(
            text_at, 6,
            "codes right-aligned, meanings in one column: {line:?}"
        );
    }
}

#[test]
fn httpie_habits_get_the_flags_to_use_and_send_nothing() {
    let (url, rx) = serve(vec![not_found()]);
    let target = format!("{url}/items");
    let out = resp()
        .args([
            "send",
            "-v",
            "POST",
            &target,
            "name=value",
            "X-Api:1",
            "count:=3",
            "q==a b",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("resp: error: "), "{err}");
    assert!(
        lines.contains(&"hint: the method is a flag: -X POST"),
        "{err}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("hint: a header is a flag: -H"))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("hint: fields go in a JSON body: --json-body"))
    );
    assert_eq!(
        lines.last().unwrap().to_string(),
        format!(
            "hint: resp --color never send -X POST -v -H 'X-Api: 1' \
             --json-body '{{\"name\": \"value\", \"count\": 3}}' '{target}?q=a b'"
        )
    );
    assert!(nothing_more(&rx), "nothing was sent");

    // A method and no URL: not looked up as a host name.
    let out = resp().args(["send", "PATCH"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "resp: error: 'PATCH' is a method, and resp send takes it as a flag, not as the URL\n\
         hint: resp send -X PATCH URL\n"
    );

    // The method alone, after a flag with a value.
    let out = resp()
        .args(["send", "-H", "A: b", "DELETE", &target])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("hint: the method is a flag: -X DELETE"),
        "{err}"
    );
    assert!(
        err.ends_with(&format!(
            "hint: resp --color never send -X DELETE -H 'A: b' {target}\n"
        )),
        "{err}"
    );
    assert!(nothing_more(&rx), "nothing was sent");
}

#[test]
fn a_hostile_habit_is_shown_escaped_and_a_stray_word_is_clap_s_error() {
    let (url, rx) = serve(vec![not_found()]);
    let out = resp()
        .args(["send", &url, "X-Evil:\x1b]0;owned\x07\u{202e}"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        !err.contains('\x1b') && !err.contains('\u{202e}'),
        "{err:?}"
    );
    assert!(
        err.contains("-H 'X-Evil: \\x1b]0;owned\\x07\\u{202e}'"),
        "{err}"
    );
    assert!(nothing_more(&rx), "nothing was sent");
    // A second URL is a URL (send takes several), not an HTTPie item: no hint about flags.
    let (url, rx) = serve(vec![not_found(), not_found()]);
    let out = resp().args(["send", &url, &url]).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("hint:"), "{err}");
    assert!(rx.recv_timeout(std::time::Duration::from_secs(5)).is_ok());
}

#[test]
fn a_hars_count_line_wraps_between_words_at_forty_columns() {
    let entry = |url: &str, status: u16, request: &str, response: &str| {
        format!(
            r#"{{"startedDateTime": "2026-12-07T00:00:00Z", "time": 1,
                "request": {{"method": "GET", "url": "{url}", "headers": [{request}]}},
                "response": {{"status": {status}, "headers": [{response}], "content": {{"size": 0}}}}}}"#
        )
    };
    let entries = [
        entry(
            "https://app.example.test/old",
            301,
            "",
            r#"{"name": "Location", "value": "/new"}"#,
        ),
        entry("https://app.example.test/new", 200, "", ""),
        entry(
            "https://app.example.test/a",
            302,
            "",
            r#"{"name": "Location", "value": "/b"}"#,
        ),
        entry("https://app.example.test/b", 200, "", ""),
        entry(
            "https://app.example.test/style.css",
            304,
            r#"{"name": "If-None-Match", "value": "\"v1\""}"#,
            "",
        ),
    ];
    let har = Temp::new(
        "columns.har",
        format!(r#"{{"log": {{"entries": [{}]}}}}"#, entries.join(",")).as_bytes(),
    );
    for color in ["never", "always"] {
        let out = stdout(
            bare()
                .env("COLUMNS", "40")
                .args(["--color", color, "read", har.path()]),
        );
        // The file's name is one word, kept whole on a line of its own.
        let shown = fits(&out, 40, &[har.path()]);
        let text = shown.join("\n");
        assert!(
            text.contains("(2 redirects followed, 1") && text.contains("conditional request)"),
            "{text}"
        );
    }
}
