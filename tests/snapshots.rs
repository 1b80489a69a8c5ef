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
    let out = resp().args(args).env("COLUMNS", "100").output().unwrap();
    let root = format!("{}/", env!("CARGO_MANIFEST_DIR"));
    String::from_utf8(out.stdout).unwrap().replace(&root, "")
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
