//! The command line itself: clap's own checks, `--help`, the man page, and the committed
//! completion scripts and README kept in step with the code.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use clap::CommandFactory;
use clap_complete::Shell;
use common::resp;
use predicates::prelude::*;
use resp::cli::Cli;

#[test]
fn clap_definition_is_valid() {
    Cli::command().debug_assert();
}

const COMPLETIONS: [(Shell, &str); 5] = [
    (Shell::Bash, "resp.bash"),
    (Shell::Zsh, "_resp"),
    (Shell::Fish, "resp.fish"),
    (Shell::PowerShell, "_resp.ps1"),
    (Shell::Elvish, "resp.elv"),
];

/// Regenerates each completion script in memory; with RESP_UPDATE_COMPLETIONS=1 it writes
/// them instead.
#[test]
fn committed_completions_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("RESP_UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in COMPLETIONS {
        let mut fresh = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "resp", &mut fresh);
        let path = dir.join(file);
        if update {
            std::fs::write(&path, &fresh).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&fresh[..]) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "completions/{stale:?} are stale: run `RESP_UPDATE_COMPLETIONS=1 cargo test --test cli` and commit completions/"
    );
}

#[test]
fn completions_command_prints_the_same_script() {
    let mut fresh = Vec::new();
    clap_complete::generate(Shell::Bash, &mut Cli::command(), "resp", &mut fresh);
    resp()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(fresh);
}

#[test]
fn help_shows_the_exit_code_contract() {
    resp()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(resp::exit::EXIT_CODES_HELP));
}

#[test]
fn readme_exit_code_table_matches_the_contract() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for line in resp::exit::EXIT_CODES_HELP.lines().skip(1) {
        let Some((code, meaning)) = line.trim().split_once("  ") else {
            continue;
        };
        if code.parse::<u8>().is_err() {
            continue;
        }
        let row = format!("| {code} | {meaning} |");
        assert!(readme.contains(&row), "README lacks the row `{row}`");
    }
}

#[test]
fn man_page_renders() {
    resp()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(".ie \\n(.g .ds Aq \\(aq"))
        .stdout(predicate::str::contains(".TH resp"));
}

#[test]
fn usage_errors_are_clap_exit_2() {
    resp().arg("frobnicate").assert().code(2);
    resp().args(["explain", "--nope"]).assert().code(2);
    resp()
        .args(["--color", "sometimes", "explain"])
        .assert()
        .code(2);
}

#[test]
fn bad_arguments_are_echoed_sanitized_without_colour() {
    // CLICOLOR_FORCE would make clap colour its message: ours has no colour at all.
    for force in [None, Some("1")] {
        let mut cmd = common::bare();
        if let Some(force) = force {
            cmd.env("CLICOLOR_FORCE", force);
        }
        let out = cmd
            .args(["read", "--format", "\x1b]0;PWNED\x07\u{202e}\r"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{force:?}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            !err.contains(['\x1b', '\x07', '\u{202e}', '\r']),
            "{force:?}: {err:?}"
        );
        assert!(
            err.contains(
                "error: invalid value '\\x1b]0;PWNED\\x07\\u{202e}\\x0d' for '--format <FORMAT>'"
            ),
            "{force:?}: {err}"
        );
        assert!(err.contains("possible values: "), "{err}");
        assert!(err.contains("For more information, try '--help'."), "{err}");
    }
    // Values clap did not parse as a flag's value, and a validator's own message.
    let out = resp()
        .args(["read", "--entry", "\x1b[2J", "\u{9b}31m"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains(['\x1b', '\u{9b}']), "{err:?}");
    assert!(err.contains("\\x1b[2J"), "{err}");
}

#[test]
fn help_and_version_still_print_as_clap_does() {
    resp()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("resp {}\n", env!("CARGO_PKG_VERSION")));
    resp()
        .args(["read", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Usage: resp read"));
    // Coloured when clap is told to colour (help is our own text, not the user's).
    common::bare()
        .env("CLICOLOR_FORCE", "1")
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b["));
}
