//! What people see, pinned: the rendered output of the main views, fed fixed inputs (the
//! embedded table and saved fixtures) at a fixed width and without colour. A change to the
//! output shows up here as a diff to review (`cargo insta review`, or INSTA_UPDATE=always).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::resp;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// stdout of `resp ARGS` at 100 columns, with fixture paths made relative.
fn shown(args: &[&str]) -> String {
    shown_at("100", args)
}

#[test]
fn explain_one_code() {
    insta::assert_snapshot!("explain_420", shown(&["explain", "420"]));
}

#[test]
fn explain_standard_and_nonstandard() {
    insta::assert_snapshot!("explain_418_999", shown(&["explain", "418", "999"]));
}

#[test]
fn explain_a_class() {
    insta::assert_snapshot!("explain_5xx", shown(&["explain", "5xx"]));
}

#[test]
fn read_an_nginx_420() {
    insta::assert_snapshot!(
        "read_420",
        shown(&["read", &fixture("420-empty-reason.http")])
    );
}

#[test]
fn read_a_verbose_transcript() {
    insta::assert_snapshot!(
        "read_401_verbose",
        shown(&["read", "-v", &fixture("401-verbose.txt")])
    );
}

#[test]
fn read_a_redirect_chain() {
    insta::assert_snapshot!(
        "read_chain",
        shown(&["read", &fixture("redirect-chain.http")])
    );
}

#[test]
fn read_a_har_summary() {
    insta::assert_snapshot!("read_har", shown(&["read", &fixture("browser.har")]));
}

/// stdout of `resp ARGS` at `columns`, fixture paths made relative.
fn shown_at(columns: &str, args: &[&str]) -> String {
    // Run from the checkout with relative paths: where it stands must not change how
    // lines fit.
    let root = format!("{}/", env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = args.iter().map(|a| a.replace(&root, "")).collect();
    let out = resp()
        .current_dir(&root)
        .args(&args)
        .env("COLUMNS", columns)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().replace(&root, "")
}

/// The summary part of a HAR view: up to the failing entries' cards.
fn summary_of(text: &str) -> String {
    text.split("\n\n").next().unwrap_or_default().to_string()
}

#[test]
fn the_har_table_at_80_and_120_columns() {
    for columns in ["80", "120"] {
        let text = shown_at(
            columns,
            &["read", "--body", "none", &fixture("browser.har")],
        );
        let summary = summary_of(&text);
        let widest = summary.lines().map(|l| l.chars().count()).max().unwrap();
        let table_width = summary
            .lines()
            .filter(|l| l.starts_with(['╭', '│', '╞', '╰']))
            .map(|l| l.chars().count())
            .max()
            .unwrap();
        assert!(table_width <= columns.parse().unwrap(), "{summary}");
        assert!(widest < 130, "{summary}");
        // One row a line: eleven entries, eleven rows; no word split across lines.
        assert_eq!(summary.lines().filter(|l| l.starts_with("│ ")).count(), 12);
        assert!(!summary.contains("ERR_CO"), "{summary}");
        insta::assert_snapshot!(format!("read_har_{columns}_columns"), summary);
    }
}

#[test]
fn the_har_waterfall() {
    let text = shown_at(
        "80",
        &[
            "read",
            "--body",
            "none",
            "--waterfall",
            &fixture("browser.har"),
        ],
    );
    let summary = summary_of(&text);
    assert!(
        summary.lines().all(|l| l.chars().count() <= 80),
        "{summary}"
    );
    insta::assert_snapshot!("read_har_waterfall", summary);
}

#[test]
fn a_405_with_its_allow_header() {
    let out = resp()
        .args(["read", "--body", "none"])
        .env("COLUMNS", "80")
        .write_stdin("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nDeprecation: @1688169599\r\nContent-Type: text/html\r\n\r\n{\"detail\": \"Method Not Allowed\"}")
        .output()
        .unwrap();
    insta::assert_snapshot!("read_405_allow", String::from_utf8(out.stdout).unwrap());
}
