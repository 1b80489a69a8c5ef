//! `resp explain` through the binary: every documented code, the fallbacks, searches,
//! `--json`, `--exit-status`, colour and errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{bare, json, resp};
use predicates::prelude::*;

/// The documented table: code, text as written, class key, exit code.
const DOCUMENTED: [(u16, &str, &str, i32); 19] = [
    (200, "OK", "success", 0),
    (201, "Created", "success", 0),
    (202, "Accepted", "success", 0),
    (304, "Not Modified", "redirection", 3),
    (400, "Bad Request", "client_error", 4),
    (401, "Unauthorized", "client_error", 4),
    (403, "Forbidden", "client_error", 4),
    (404, "Not Found", "client_error", 4),
    (405, "Method not allowed", "client_error", 4),
    (406, "Not Acceptable", "client_error", 4),
    (410, "Gone", "client_error", 4),
    (420, "Enhance Your Calm", "client_error", 4),
    (422, "Unprocessable Entity", "client_error", 4),
    (429, "Too Many Requests", "client_error", 4),
    (500, "Internal Server Error", "server_error", 5),
    (501, "Not Implemented", "server_error", 5),
    (502, "Bad Gateway", "server_error", 5),
    (503, "Service Unavailable", "server_error", 5),
    (504, "Gateway timeout", "server_error", 5),
];

#[test]
fn every_documented_code_through_the_binary() {
    for (code, text, class, exit) in DOCUMENTED {
        let out = resp()
            .args(["explain", &code.to_string()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{code}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(
            stdout.starts_with(&format!("{code} {text}\n")),
            "{code}: {stdout}"
        );
        assert!(stdout.contains("documented table"), "{code}: {stdout}");
        assert!(
            stdout.contains(&format!("exit code  {exit}")),
            "{code}: {stdout}"
        );

        let out = resp()
            .args(["explain", "--json", &code.to_string()])
            .output()
            .unwrap();
        let v = json(&out);
        assert_eq!(v[0]["code"], code);
        assert_eq!(v[0]["text"], text);
        assert_eq!(v[0]["class"], class);
        assert_eq!(v[0]["source"], "documented");
        assert_eq!(v[0]["exit_code"], exit);

        resp()
            .args(["explain", "--exit-status", "-q", &code.to_string()])
            .assert()
            .code(exit)
            .stdout("");
    }
}

#[test]
fn explain_420_reads_as_documented() {
    resp()
        .args(["explain", "420"])
        .assert()
        .success()
        .stdout(predicate::str::contains("420 Enhance Your Calm"))
        .stdout(predicate::str::contains(
            "rate limited for making too many requests",
        ))
        .stdout(predicate::str::contains("4xx client error"))
        .stdout(predicate::str::contains("rate-limit headers"));
}

#[test]
fn the_504_apostrophe_is_mended() {
    let out = resp().args(["explain", "--json", "504"]).output().unwrap();
    let d = json(&out)[0]["description"].as_str().unwrap().to_string();
    assert!(d.contains("couldn't be serviced"), "{d}");
    assert!(!d.contains('â'), "{d}");
}

#[test]
fn standard_codes_are_flagged_as_not_documented() {
    for (code, text, class) in [
        (418, "I'm a teapot", "client_error"),
        (451, "Unavailable For Legal Reasons", "client_error"),
        (308, "Permanent Redirect", "redirection"),
        (100, "Continue", "informational"),
    ] {
        resp()
            .args(["explain", &code.to_string()])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("{code} {text}")))
            .stdout(predicate::str::contains("not in the documented table"));
        let v = json(
            &resp()
                .args(["explain", "--json", &code.to_string()])
                .output()
                .unwrap(),
        );
        assert_eq!(v[0]["source"], "standard", "{code}");
        assert_eq!(v[0]["class"], class, "{code}");
    }
}

#[test]
fn nonstandard_and_unknown_codes() {
    resp()
        .args(["explain", "999"])
        .assert()
        .success()
        .stdout(predicate::str::contains("999 Nonstandard status"))
        .stdout(predicate::str::contains("outside 100-599"));
    let v = json(
        &resp()
            .args(["explain", "--json", "999", "299", "042"])
            .output()
            .unwrap(),
    );
    assert_eq!(v[0]["class"], "nonstandard");
    assert_eq!(v[0]["source"], "unknown");
    assert_eq!(v[0]["exit_code"], 9);
    assert_eq!(v[1]["class"], "success");
    assert_eq!(v[1]["source"], "unknown");
    assert_eq!(v[2]["code"], 42);
    assert_eq!(v[2]["class"], "nonstandard");
}

#[test]
fn codes_that_are_not_three_digits_are_errors() {
    for bad in ["99999", "42", "-42", "2000"] {
        resp()
            .args(["explain", bad])
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::starts_with(format!(
                "resp: error: '{bad}' is not a three-digit status code, and no table with API error codes was given to explain it as one\nhint: API error codes are explained from a table's error-code section"
            )))
            .stderr(predicate::str::contains(format!(
                "resp explain --table codes.md {bad}; status codes have three digits"
            )));
    }
}

#[test]
fn a_number_the_error_codes_do_not_list_names_those_they_do() {
    let table = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tables/docs-page.md"
    );
    resp()
        .args(["explain", "--table", table, "89"])
        .assert()
        .code(1)
        .stderr(
            "resp: error: '89' is not a three-digit status code, nor an error code the table's error-code section documents\n\
             hint: documented error codes: 32, 88, 130; status codes have three digits: 100-599 are standard, 000-099 and 600-999 nonstandard\n",
        );
    resp()
        .args(["explain", "--table", table, "88"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "error code 88 Rate limit exceeded",
        ));
}

#[test]
fn several_codes_at_once() {
    let out = resp()
        .args(["explain", "401", "403", "420"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let heads: Vec<&str> = stdout
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.is_empty())
        .collect();
    assert_eq!(
        heads,
        ["401 Unauthorized", "403 Forbidden", "420 Enhance Your Calm"]
    );
}

#[test]
fn a_class_lists_its_documented_codes() {
    let v = json(&resp().args(["explain", "--json", "5xx"]).output().unwrap());
    let codes: Vec<u64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_u64().unwrap())
        .collect();
    assert_eq!(codes, [500, 501, 502, 503, 504]);
    resp()
        .args(["explain", "3xx"])
        .assert()
        .success()
        .stdout(predicate::str::contains("304"))
        .stdout(predicate::str::contains("Not Modified"))
        .stdout(predicate::str::contains("301").not());
    let v = json(
        &resp()
            .args(["explain", "--json", "--all", "3xx"])
            .output()
            .unwrap(),
    );
    assert_eq!(v.as_array().unwrap().len(), 9);
    resp()
        .args(["explain", "8xx"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no known codes in 8xx"));
}

#[test]
fn words_search_texts_and_descriptions() {
    let codes = |args: &[&str]| -> Vec<u64> {
        let mut full = vec!["explain", "--json"];
        full.extend_from_slice(args);
        let v = json(&resp().args(&full).output().unwrap());
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| e["code"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(codes(&["rate"]), [420, 429]);
    assert_eq!(codes(&["not found"]), [404]);
    assert_eq!(codes(&["NOT", "Found"]), [404]);
    assert_eq!(codes(&["overloaded"]), [503]);
    resp()
        .args(["explain", "no such thing"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "no status matches 'no such thing'",
        ));
}

#[test]
fn no_argument_lists_the_documented_table_and_all_adds_the_standard() {
    let out = resp().arg("explain").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    for (code, text, _, _) in DOCUMENTED {
        assert!(
            stdout.contains(&format!("{code}")) && stdout.contains(text),
            "{code}"
        );
    }
    assert!(!stdout.contains("Source"), "{stdout}");

    let v = json(&resp().args(["explain", "--json"]).output().unwrap());
    assert_eq!(v.as_array().unwrap().len(), 19);
    let v = json(
        &resp()
            .args(["explain", "--json", "--all"])
            .output()
            .unwrap(),
    );
    let all = v.as_array().unwrap();
    // 63 registered codes, 18 of them documented (420 is not registered).
    assert_eq!(all.len(), 19 + 63 - 18);
    assert!(
        all.iter()
            .any(|e| e["code"] == 418 && e["source"] == "standard")
    );

    let out = resp().args(["explain", "--all"]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("standard*"), "{stdout}");
    assert!(stdout.contains("* standard registry: not in the documented table"));
}

#[test]
fn exit_status_for_every_class() {
    for (code, exit) in [
        ("100", 0),
        ("204", 0),
        ("301", 3),
        ("404", 4),
        ("502", 5),
        ("999", 9),
        ("042", 9),
        // curl's %{http_code} when no response came: could not connect.
        ("000", 7),
    ] {
        resp()
            .args(["explain", "--exit-status", code])
            .assert()
            .code(exit);
    }
    // Several statuses combine: the most severe wins.
    resp()
        .args(["explain", "--exit-status", "304", "503", "404"])
        .assert()
        .code(5);
    // Without the flag, explaining is a success whatever the code.
    resp().args(["explain", "503"]).assert().code(0);
    // Only codes have a status to exit with; an empty query is an error, not everything.
    for args in [vec!["4xx"], vec!["rate"], vec![]] {
        resp()
            .args(["explain", "--exit-status"])
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(
                "--exit-status takes status codes",
            ));
    }
    resp()
        .args(["explain", ""])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("an empty query"));
}

#[test]
fn quiet_prints_nothing() {
    resp()
        .args(["explain", "-q", "420"])
        .assert()
        .success()
        .stdout("");
    // -q would silence --json's lines: together they are a usage error.
    resp()
        .args(["-q", "explain", "--json", "420"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn colour_follows_the_flag_and_the_environment() {
    let esc = predicate::str::contains("\x1b[");
    bare()
        .args(["--color", "always", "explain", "420"])
        .assert()
        .stdout(esc.clone());
    bare()
        .args(["--color", "never", "explain", "420"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .stdout(esc.clone().not());
    // Auto: not a terminal here, so no colour...
    bare()
        .args(["explain", "420"])
        .assert()
        .stdout(esc.clone().not());
    // ...unless forced, and NO_COLOR beats the force.
    bare()
        .args(["explain", "420"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .stdout(esc.clone());
    bare()
        .args(["explain", "420"])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .assert()
        .stdout(esc.clone().not());
    // Colour applies to tables too, and the status is coloured by class.
    bare()
        .args(["--color", "always", "explain", "5xx"])
        .assert()
        .stdout(
            predicate::str::contains("\x1b[38;5;9m")
                .or(predicate::str::contains("\x1b[31m"))
                .or(predicate::str::contains("\x1b[91m")),
        );
}

#[test]
fn tables_fit_the_width() {
    for width in ["60", "100", "160"] {
        let out = resp()
            .args(["explain", "--all"])
            .env("COLUMNS", width)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let widest = stdout.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(
            widest <= width.parse::<usize>().unwrap(),
            "{width}: {widest}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let bin = assert_cmd::cargo::cargo_bin("resp");
    let mut child = Command::new(bin)
        .args(["--color", "never", "explain", "--all"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn a_search_finds_whole_words_in_the_registry_and_the_hints_too() {
    // A standard code is found without --all, and marked as standard.
    resp()
        .env("COLUMNS", "100")
        .args(["explain", "timeout"])
        .assert()
        .success()
        .stdout(predicate::str::contains("408"))
        .stdout(predicate::str::contains("standard*"))
        .stdout(predicate::str::contains("504"));
    // The hint speaks of the cached copy; "cache" finds it.
    resp()
        .args(["explain", "--json", "cache"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("[{\"code\":304,"));
    // "foo" is no word of "April-fools".
    resp()
        .args(["explain", "foo"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no status matches 'foo'"));
}
