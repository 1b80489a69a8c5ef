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

// Long words: laid out in linear time, cut with a note, every line within the width.

/// A word of a million bytes: a megabyte, under the size a JSON body is still read as a
/// tree (so its error message is found).
const MB: usize = 1_000_000;

/// The bytes a table cell shows at most (`render::cell::CELL_BYTES`).
const CELL_BYTES: usize = 2000;

/// Display widths of `text`'s lines.
fn widths(text: &str) -> Vec<usize> {
    use unicode_width::UnicodeWidthStr;
    text.lines().map(UnicodeWidthStr::width).collect()
}

/// The lines of a card row: its first line (which starts with `  {key} `) and the lines
/// under it that continue it (indented, no key).
fn row<'a>(card: &'a str, key: &str) -> Vec<&'a str> {
    let mut lines = card
        .lines()
        .skip_while(|l| !l.starts_with(&format!("  {key} ")));
    let Some(first) = lines.next() else {
        panic!("no {key} row:\n{card}");
    };
    let indent = first.len() - first[2 + key.len()..].trim_start().len();
    std::iter::once(first)
        .chain(lines.take_while(|l| {
            l.len() > indent && l[..indent].trim().is_empty() && !l[indent..].starts_with(' ')
        }))
        .collect()
}

/// A wrapped row's text: its lines without the key and the indentation, joined.
fn row_text(lines: &[&str], key: &str) -> (String, usize) {
    let first = lines[0];
    let indent = first.len() - first[2 + key.len()..].trim_start().len();
    let text = lines.iter().map(|l| &l[indent..]).collect::<String>();
    (text, indent)
}

/// `text` without spaces: wrapping at a space drops it, so wrapped text is compared
/// with what was written this way.
fn squeezed(text: &str) -> String {
    text.replace(' ', "")
}

/// The cells of the column headed `name` in a bordered table, one per line (a wrapped
/// cell takes several), trimmed.
fn column(table: &[&str], name: &str) -> Vec<String> {
    let cells = |l: &str| -> Vec<String> {
        l.trim_matches('│')
            .split('┆')
            .map(|c| c.trim().to_string())
            .collect()
    };
    let at = table
        .iter()
        .find_map(|l| cells(l).iter().position(|c| c == name))
        .unwrap_or_else(|| panic!("no column {name}: {table:?}"));
    table
        .iter()
        .filter(|l| l.starts_with('│'))
        .skip(1)
        .filter_map(|l| cells(l).get(at).cloned())
        .collect()
}

#[test]
fn a_megabyte_word_in_a_json_error_is_shown_cut_and_wrapped() {
    let message = "a".repeat(MB);
    let body = format!(r#"{{"code":1,"message":"{message}"}}"#);
    let input = http(
        "400 Bad Request",
        &[("Content-Type", "application/json")],
        &body,
    );
    let (out, err) = read(input.clone(), &[], &[("COLUMNS", "100")]);
    assert_eq!(err, "resp: 400 Bad Request (client error)\n");
    // The card fits the width (the body under it keeps its lines, cut at 2000 bytes).
    let card = out.split("\n\n").next().unwrap();
    assert!(widths(card).iter().all(|&w| w <= 100), "{out}");
    let lines = row(&out, "error");
    let (text, indent) = row_text(&lines, "error");
    // `1: ` and the word's start, to the bound, then what was left out.
    let kept = CELL_BYTES - "1: ".len();
    let left = "1: ".len() + MB - CELL_BYTES;
    assert_eq!(
        squeezed(&text),
        squeezed(&format!(
            "1: {}… {left} more bytes not shown",
            "a".repeat(kept)
        )),
        "{out}"
    );
    // Wrapped at the width (less the right padding): every line before the note is full.
    let full = 100 - indent - 1;
    let before_note = lines.iter().take_while(|l| !l.contains('…'));
    assert_eq!(
        before_note.clone().count(),
        (CELL_BYTES - 1) / full,
        "{out}"
    );
    for l in before_note {
        assert_eq!(l.len() - indent, full, "{l}");
    }
    // The body under the card is cut on its long line as before.
    let body_line = format!("  \"message\": \"{message}\"");
    assert!(
        out.contains(&format!(
            "{}… {} more bytes on this line",
            &body_line[..2000],
            body_line.len() - 2000
        )),
        "{out}"
    );
    // `--json` carries the whole message.
    let (out, _) = read(input, &["--json"], &[]);
    let line: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(line["error"]["message"].as_str().map(str::len), Some(MB));
}

#[test]
fn a_megabyte_header_value_is_cut_in_the_card_and_whole_under_verbose() {
    let value = format!("/next?q={}", "b".repeat(MB));
    let input = http("302 Found", &[("Location", &value)], "");
    let (out, _) = read(input, &["-v"], &[("COLUMNS", "80")]);
    let lines = row(&out, "location");
    let (text, _) = row_text(&lines, "location");
    assert_eq!(
        squeezed(&text),
        squeezed(&format!(
            "{}… {} more bytes not shown",
            &value[..CELL_BYTES],
            value.len() - CELL_BYTES
        ))
    );
    assert!(lines.iter().all(|l| l.len() <= 80), "{lines:?}");
    // `-v` lists the header as sent, on one line.
    assert!(
        out.lines().any(|l| l == format!("  Location: {value}")),
        "no whole Location line"
    );

    // A challenge: wide characters are cut between characters and wrapped by width.
    let realm = "語".repeat(MB / 3);
    let input = http(
        "401 Unauthorized",
        &[("WWW-Authenticate", &format!("Bearer realm={realm}"))],
        "",
    );
    let (out, _) = read(input, &[], &[("COLUMNS", "80")]);
    assert!(widths(&out).iter().all(|&w| w <= 80), "{out}");
    let lines = row(&out, "authenticate");
    let (text, _) = row_text(&lines, "authenticate");
    let (shown, note) = text.split_once('…').unwrap();
    // `Bearer realm=` (13 bytes) and whole characters of 3 bytes, to the bound.
    let kept = 13 + (CELL_BYTES - 13) / 3 * 3;
    assert_eq!(
        squeezed(shown),
        squeezed(&format!("Bearer realm={}", &realm[..kept - 13]))
    );
    let value_len = "Bearer realm=".len() + realm.len();
    assert_eq!(
        squeezed(note),
        squeezed(&format!(" {} more bytes not shown", value_len - kept))
    );
}

/// A description file for `explain`: a Markdown table with one long description.
fn markdown_table(description: &str) -> String {
    format!(
        "# Response Codes\n\n| Code | Text | Description |\n|---|---|---|\n| 420 | Enhance Your Calm | {description} |\n| 404 | Not Found | short |\n"
    )
}

/// A table's lines: from its top border to its bottom one.
fn table_lines(out: &str) -> Vec<&str> {
    out.lines()
        .skip_while(|l| !l.starts_with('╭'))
        .take_while(|l| !l.is_empty() && !l.starts_with("documented table"))
        .collect()
}

#[test]
fn explain_tables_and_cards_cut_a_megabyte_description() {
    let word = "d".repeat(MB);
    let file = Temp::new("long.md", markdown_table(&word).as_bytes());
    let run = |args: &[&str]| {
        let out = resp()
            .env("COLUMNS", "90")
            .args(["explain", "--table", file.path()])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
        String::from_utf8(out.stdout).unwrap()
    };
    // The table: intact (every line as wide as the borders), the description cut.
    let out = run(&[]);
    let lines = table_lines(&out);
    let w = widths(&lines.join("\n"));
    assert!(w.iter().all(|&x| x == w[0] && x <= 90), "{out}");
    let note = format!("… {} more bytes not shown", MB - CELL_BYTES);
    let descriptions = column(&lines, "Description").concat();
    assert_eq!(
        squeezed(&descriptions),
        squeezed(&format!("short{}{note}", "d".repeat(CELL_BYTES))),
        "{out}"
    );
    // The card.
    let out = run(&["420"]);
    let (text, _) = row_text(&row(&out, "meaning"), "meaning");
    assert_eq!(
        squeezed(&text),
        squeezed(&format!("{}{note}", "d".repeat(CELL_BYTES)))
    );
    // `--json` keeps it whole.
    let out = run(&["--json", "420"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["description"].as_str().map(str::len), Some(MB));
}

#[test]
fn explain_cuts_megabyte_operation_descriptions() {
    let word = "o".repeat(MB);
    let doc = serde_json::json!({
        "openapi": "3.0.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/items": {"post": {
            "operationId": "create",
            "responses": {
                "400": {"description": word},
                "4XX": {"description": format!("other {word}")},
                "201": {"description": "Created"}
            }
        }}}
    });
    let file = Temp::new("long.json", doc.to_string().as_bytes());
    let run = |args: &[&str]| {
        let out = resp()
            .env("COLUMNS", "90")
            .args(["explain", "--table", file.path()])
            .args(args)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let cut = |text: &str| {
        format!(
            "{}… {} more bytes not shown",
            &text[..CELL_BYTES],
            text.len() - CELL_BYTES
        )
    };
    let other = format!("other {word}");
    // The operation's responses, in numeric order.
    let out = run(&["POST /items"]);
    let lines = table_lines(&out);
    let w = widths(&lines.join("\n"));
    assert!(w.iter().all(|&x| x == w[0] && x <= 90), "{out}");
    let expected = format!("Created{}{}", cut(&word), cut(&other));
    assert_eq!(
        squeezed(&column(&lines, "Description").concat()),
        squeezed(&expected),
        "{out}"
    );
    // The operations documenting a status.
    let out = run(&["400"]);
    let lines = table_lines(&out);
    let w = widths(&lines.join("\n"));
    assert!(w.iter().all(|&x| x == w[0] && x <= 90), "{out}");
    assert_eq!(
        squeezed(&column(&lines, "Documented").concat()),
        squeezed(&cut(&word)),
        "{out}"
    );
}

/// A HAR file of one failing entry: a megabyte URL, and a JSON error with `message`.
fn har(url: &str, message: &str) -> Vec<u8> {
    let body = serde_json::json!({"code": 1, "message": message}).to_string();
    serde_json::json!({"log": {"entries": [
        {
            "request": {"method": "GET", "url": "https://a.test/ok", "headers": []},
            "response": {"status": 200, "statusText": "OK", "headers": [],
                "content": {"mimeType": "text/plain", "text": "fine"}}
        },
        {
            "request": {"method": "GET", "url": url, "headers": []},
            "response": {"status": 400, "statusText": "Bad Request",
                "headers": [{"name": "Content-Type", "value": "application/json"}],
                "content": {"mimeType": "application/json", "text": body}}
        }
    ]}})
    .to_string()
    .into_bytes()
}

#[test]
fn har_tables_and_cards_cut_megabyte_urls_and_messages() {
    let url = format!("https://a.test/x?q={}", "u".repeat(MB));
    let input = har(&url, &"m".repeat(MB / 2));
    // Fitted to a width: every line within it.
    let (out, _) = read(input.clone(), &[], &[("COLUMNS", "100")]);
    assert!(widths(&out).iter().all(|&w| w <= 100), "{out}");
    let table = table_lines(&out);
    let urls = column(&table, "URL");
    assert!(
        urls[1].starts_with("/x?q=uu") && urls[1].ends_with("uuu"),
        "{out}"
    );
    assert!(urls[1].contains('…'), "{out}");
    let (text, _) = row_text(&row(&out, "request"), "request");
    let request = format!("GET {url}");
    assert_eq!(
        squeezed(&text),
        squeezed(&format!(
            "{}… {} more bytes not shown",
            &request[..CELL_BYTES],
            request.len() - CELL_BYTES
        ))
    );
    let (text, _) = row_text(&row(&out, "error"), "error");
    assert!(
        squeezed(&text).ends_with(&squeezed(&format!(
            "… {} more bytes not shown",
            3 + MB / 2 - CELL_BYTES
        ))),
        "{text}"
    );
    // No width given (a pipe): columns stop at 2000 cells, the table still lines up.
    let (out, _) = read(input, &[], &[]);
    let table = table_lines(&out);
    let w = widths(&table.join("\n"));
    assert!(w.iter().all(|&x| x == w[0]), "{w:?}");
    let urls = column(&table, "URL");
    let long = &urls[1];
    {
        use unicode_width::UnicodeWidthStr;
        assert_eq!(long.width(), 2000, "{long}");
    }
    assert!(long.starts_with("/x?q=u") && long.ends_with("uuu") && long.contains('…'));
}

#[test]
fn a_megabyte_of_short_words_is_cut_after_a_word() {
    let words = "ab ".repeat(MB / 3);
    let input = har("https://a.test/x", &words);
    let (out, _) = read(input, &[], &[("COLUMNS", "120")]);
    assert!(widths(&out).iter().all(|&w| w <= 120), "{out}");
    // The table's Error column: whole words, then `…`.
    let errors = column(&table_lines(&out), "Error");
    assert_eq!(errors[0], "");
    let error = &errors[1];
    assert!(
        error.starts_with("1: ab ab") && error.ends_with(" ab…"),
        "{error}"
    );
    // The card: the bound, then the note, wrapped between words.
    let lines = row(&out, "error");
    let (text, indent) = row_text(&lines, "error");
    let message = format!("1: {words}");
    assert_eq!(
        squeezed(&text),
        squeezed(&format!(
            "{}… {} more bytes not shown",
            &message[..CELL_BYTES],
            message.len() - CELL_BYTES
        ))
    );
    assert!(
        lines
            .iter()
            .all(|l| !l[indent..].starts_with(' ') && !l.ends_with(' '))
    );
}

#[test]
fn a_waterfall_cuts_a_megabyte_method() {
    let entry = |method: &str, url: &str, start: &str| {
        serde_json::json!({
            "startedDateTime": start, "time": 20.0,
            "timings": {"send": 1.0, "wait": 9.0, "receive": 10.0},
            "request": {"method": method, "url": url, "headers": []},
            "response": {"status": 200, "statusText": "OK", "headers": [],
                "content": {"mimeType": "text/plain", "text": "ok"}}
        })
    };
    let method = "M".repeat(MB);
    let har = serde_json::json!({"log": {"entries": [
        entry("GET", "https://a.test/one", "2026-01-01T00:00:00.000Z"),
        entry(&method, "https://a.test/two", "2026-01-01T00:00:00.010Z"),
    ]}});
    let (out, _) = read(
        har.to_string().into_bytes(),
        &["--waterfall"],
        &[("COLUMNS", "80")],
    );
    assert!(widths(&out).iter().all(|&w| w <= 80), "{out}");
    let rows: Vec<&str> = out.lines().filter(|l| l.contains(" 200 ")).collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert!(rows[0].starts_with("  1 GET        /one "), "{out}");
    assert!(rows[1].starts_with("  2 MMMMMMMMM… /two "), "{out}");
}
