//! `--table` and `RESP_TABLE`: the API's own docs page (Markdown or JSON) drives
//! `explain`, `read` and `send`; bad tables stop everything with the file and line named.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;

use common::{json, resp};
use predicates::prelude::*;

fn table(name: &str) -> String {
    format!(
        "{}/tests/fixtures/tables/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_real_docs_page_is_understood() {
    let v = json(
        &resp()
            .args(["--table", &table("docs-page.md"), "explain", "--json"])
            .output()
            .unwrap(),
    );
    let rows: Vec<(u64, String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["code"].is_u64())
        .map(|e| {
            (
                e["code"].as_u64().unwrap(),
                e["text"].as_str().unwrap().into(),
                e["description"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (200, "OK".into(), "The request succeeded.".into()),
            (
                410,
                "Gone".into(),
                "The resource is gone for good & will not return.".into()
            ),
            (
                420,
                "Slow Down".into(),
                "You are being rate limited; slow down.".into()
            ),
            (
                500,
                "Internal Error".into(),
                "Something broke on our side. Try again.".into()
            ),
        ]
    );
    let errors: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["error_code"].as_str())
        .collect();
    assert_eq!(errors, ["32", "88", "130"]);

    // As understood, for a person to check: both tables.
    let out = resp()
        .args(["--table", &table("docs-page.md"), "explain"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Slow Down")
            && text.contains("Error codes")
            && text.contains("Over capacity"),
        "{text}"
    );
    assert!(
        !text.contains("999"),
        "the fenced table is not a table: {text}"
    );
}

#[test]
fn codes_outside_the_file_fall_back_to_the_registry() {
    resp()
        .args(["--table", &table("docs-page.md"), "explain", "404"])
        .assert()
        .success()
        .stdout(predicate::str::contains("404 Not Found"))
        .stdout(predicate::str::contains("not in the documented table"));
}

#[test]
fn json_tables_in_both_forms() {
    let text = |file: &str| {
        let v = json(
            &resp()
                .args(["--table", &table(file), "explain", "--json", "420"])
                .output()
                .unwrap(),
        );
        (
            v[0]["text"].as_str().unwrap().to_string(),
            v[0]["source"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(
        text("statuses-array.json"),
        ("Chill".into(), "documented".into())
    );
    assert_eq!(
        text("statuses-object.json"),
        ("Chill Out".into(), "documented".into())
    );
}

#[test]
fn the_flag_beats_the_variable_and_both_beat_the_default() {
    let first_line = |cmd: &mut assert_cmd::Command| {
        let out = cmd.output().unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        first_line(resp().args(["explain", "420"])),
        "420 Enhance Your Calm"
    );
    assert_eq!(
        first_line(
            resp()
                .args(["explain", "420"])
                .env("RESP_TABLE", table("statuses-array.json"))
        ),
        "420 Chill"
    );
    assert_eq!(
        first_line(
            resp()
                .args(["--table", &table("statuses-object.json"), "explain", "420"])
                .env("RESP_TABLE", table("statuses-array.json"))
        ),
        "420 Chill Out"
    );
    // An empty variable is no table at all.
    assert_eq!(
        first_line(resp().args(["explain", "420"]).env("RESP_TABLE", "")),
        "420 Enhance Your Calm"
    );
    // A bad variable is an error even for a good query...
    resp()
        .args(["explain", "420"])
        .env("RESP_TABLE", table("bad-code.md"))
        .assert()
        .code(1);
    // ...unless the flag overrides it.
    resp()
        .args(["--table", &table("statuses-array.json"), "explain", "420"])
        .env("RESP_TABLE", table("bad-code.md"))
        .assert()
        .success();
}

#[test]
fn bad_tables_name_the_file_and_line_and_nothing_else_runs() {
    let cases = [
        (
            "bad-code.md",
            "line 4: code \"4O4\" is not a number from 100 to 999",
        ),
        (
            "duplicate.md",
            "line 7: code 200 appears twice (first on line 5)",
        ),
        ("no-table.md", "no status table found"),
        (
            "bad-code.json",
            "line 3: code \"1000\" is not a number from 100 to 999",
        ),
        ("syntax.json", "not valid JSON"),
    ];
    for (file, message) in cases {
        let path = table(file);
        for args in [
            vec!["explain", "420"],
            vec!["read", &fixture("200-json.http")],
        ] {
            resp()
                .arg("--table")
                .arg(&path)
                .args(&args)
                .assert()
                .code(1)
                .stdout("")
                .stderr(predicate::str::starts_with(format!(
                    "resp: error: table {path}: "
                )))
                .stderr(predicate::str::contains(message));
        }
    }
    resp()
        .args(["--table", "/no/such/table.md", "explain"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "resp: error: reading table /no/such/table.md:",
        ));
}

#[test]
fn read_shows_the_documented_meaning_of_an_error_code() {
    let out = resp()
        .args([
            "--table",
            &table("docs-page.md"),
            "read",
            &fixture("420-empty-reason.http"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("420 Slow Down\n"), "{text}");
    assert!(
        text.contains("error 88: Rate limit exceeded: The request limit for this resource"),
        "{text}"
    );
    let v = json(
        &resp()
            .args([
                "--json",
                "--table",
                &table("docs-page.md"),
                "read",
                &fixture("422-errors-array.http"),
            ])
            .output()
            .unwrap(),
    );
    // The first documented code among the errors.
    assert_eq!(v["error"]["documented"]["code"], "32");
    assert_eq!(v["standard"]["text"], "Unprocessable Content");
}

#[test]
fn send_uses_the_table_too() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut buf = [0u8; 2048];
            let _ = s.read(&mut buf);
            let body = r#"{"code": 130, "message": "Over capacity"}"#;
            let _ = write!(
                s,
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
        }
    });
    resp()
        .args(["send", &url])
        .env("RESP_TABLE", table("docs-page.md"))
        .assert()
        .code(5)
        .stdout(predicate::str::contains(
            "error 130: Over capacity: Corresponds to HTTP 503.",
        ));
}

#[test]
fn explain_json_escapes_controls_from_a_table_file() {
    let path_dir = common::TempDir::new("evil-table");
    let path = path_dir.join("evil-table.md");
    std::fs::write(
        &path,
        "Code | Text | Description\n--- | --- | ---\n420 | Calm\u{9b}\u{202e} | x\u{7f}y\n",
    )
    .unwrap();
    let out = resp()
        .arg("--table")
        .arg(&path)
        .args(["explain", "--json"])
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text
            .chars()
            .any(|c| c == '\u{9b}' || c == '\u{202e}' || c == '\u{7f}'),
        "{text:?}"
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v[0]["text"], "Calm\u{9b}\u{202e}");
    assert_eq!(v[0]["description"], "x\u{7f}y");
}

#[test]
fn a_tables_hint_is_shown_escaped_on_every_card() {
    let dir = common::TempDir::new("evil-hint");
    let md = dir.join("codes.md");
    std::fs::write(
        &md,
        "| Code | Text | Description | Hint |\n|---|---|---|---|\n| 420 | Calm | Too fast | wait \u{1b}[2J\u{202e} |\n",
    )
    .unwrap();
    let json_table = dir.join("codes.json");
    std::fs::write(
        &json_table,
        r#"[{"code": 420, "text": "A", "description": "B", "hint": "x \u001b[2J"}]"#,
    )
    .unwrap();
    let saved = dir.join("r.http");
    std::fs::write(&saved, "HTTP/1.1 420 X\r\nContent-Length: 0\r\n\r\n").unwrap();
    for table in [&md, &json_table] {
        for args in [
            vec!["explain", "420"],
            vec!["read", saved.to_str().unwrap()],
        ] {
            let out = resp()
                .arg("--table")
                .arg(table)
                .args(&args)
                .output()
                .unwrap();
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.contains("hint"), "{text}");
            assert!(text.contains("\\x1b[2J"), "{text}");
            assert!(
                !text.chars().any(|c| c == '\u{1b}' || c == '\u{202e}'),
                "{args:?}: {text:?}"
            );
        }
    }
}

#[test]
fn hints_follow_the_table_in_use() {
    let hints = |code: &str| {
        let v = json(
            &resp()
                .args(["--table", &table("hints.md"), "explain", "--json", code])
                .output()
                .unwrap(),
        );
        v[0]["hints"].clone()
    };
    // The table's own hint replaces the built-in "retrying will not help".
    assert_eq!(hints("410"), serde_json::json!(["retry in 5 minutes"]));
    // 420 is no rate limit here: no "You are rate limited".
    assert_eq!(hints("420"), serde_json::json!([]));
    // 429 speaks of rate limiting: the built-in hints apply.
    assert!(
        hints("429")[0]
            .as_str()
            .unwrap()
            .starts_with("You are rate limited")
    );
    // Not in the table: the registry's meaning, and the built-in hint with it.
    assert!(hints("401")[0].as_str().unwrap().contains("credentials"));
    let out = resp()
        .args(["--table", &table("hints.md"), "read", "--body", "none"])
        .write_stdin("HTTP/1.1 420 Method Failure\r\n\r\n")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("rate limited"), "{text}");
}
