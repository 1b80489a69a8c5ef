//! The command line itself: clap's own checks, `--help`, the man page, and the committed
//! completion scripts and README kept in step with the code.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use clap_complete::Shell;
use common::resp;
use predicates::prelude::*;
use resp::cli::command;

#[test]
fn clap_definition_is_valid() {
    command().debug_assert();
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
        clap_complete::generate(shell, &mut command(), "resp", &mut fresh);
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
    clap_complete::generate(Shell::Bash, &mut command(), "resp", &mut fresh);
    resp()
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(fresh);
}

/// Each command's options are built late (`defer`), and then a doc comment on its `Args`
/// struct, or one flattened into it, would replace the about text the command's variant
/// gives: `resp help send` once began "The options of the commands that judge statuses".
#[test]
fn each_command_keeps_its_own_about() {
    for (name, about) in [
        (
            "explain",
            "Explain status codes, classes or words without making a request\n\nEach status",
        ),
        (
            "read",
            "Inspect saved responses: curl -i output, curl -v transcripts, HAR files, bare bodies\n\nEach response",
        ),
        (
            "send",
            "Send a request and inspect the response, as `resp read` would inspect it saved\n\nOne request",
        ),
    ] {
        resp()
            .args(["help", name])
            .assert()
            .success()
            .stdout(predicate::str::starts_with(about));
        resp()
            .args(["man", name])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!(
                "resp\\-{name} \\- {}",
                about.split('\n').next().unwrap().replace('-', "\\-")
            )));
    }
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
    for (code, meaning) in resp::exit::rows().0 {
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
        .stdout(predicate::str::contains(".TH RESP 1"));
}

/// The section headings of a rendered page, in order.
fn sections(page: &str) -> Vec<String> {
    page.lines()
        .filter_map(|l| l.strip_prefix(".SH "))
        .map(|s| s.trim_matches('"').to_string())
        .collect()
}

/// Every page resp(1) names (`resp\-send(1)`) is one `resp man` prints: clap's `help`
/// command, which has none, is not listed.
#[test]
fn every_page_the_man_page_names_exists() {
    let out = resp().arg("man").output().unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    let named: Vec<&str> = page
        .split("resp\\-")
        .skip(1)
        .filter_map(|rest| rest.split_once("(1)").map(|(name, _)| name))
        .filter(|name| name.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    assert!(named.contains(&"send"), "{named:?}");
    assert!(!named.contains(&"help"), "{named:?}");
    for name in named {
        resp().args(["man", name]).assert().success();
    }
}

#[test]
fn every_command_has_a_complete_man_page() {
    for which in [
        None,
        Some("explain"),
        Some("read"),
        Some("send"),
        Some("completions"),
        Some("man"),
    ] {
        let mut cmd = resp();
        cmd.arg("man");
        if let Some(w) = which {
            cmd.arg(w);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{which:?}");
        let page = String::from_utf8(out.stdout).unwrap();
        let title = match which {
            Some(w) => format!(".TH RESP-{} 1", w.to_ascii_uppercase()),
            None => ".TH RESP 1".to_string(),
        };
        assert!(page.contains(&title), "{which:?}: {title}");
        // The footer names the program, not the command.
        let footer = format!("\"resp {}\"", env!("CARGO_PKG_VERSION"));
        assert!(
            page.lines()
                .any(|l| l.starts_with(&title) && l.contains(&footer)),
            "{which:?}"
        );
        let found = sections(&page);
        for wanted in [
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "EXIT STATUS",
            "ENVIRONMENT",
            "EXAMPLES",
            "FILES",
            "SEE ALSO",
        ] {
            assert!(
                found.iter().any(|s| s == wanted),
                "{which:?} lacks {wanted}: {found:?}"
            );
        }
        // The reflowed after_help paragraph is gone: its content has sections of its own.
        assert!(!found.iter().any(|s| s == "EXTRA"), "{which:?}: {found:?}");
        // EXIT STATUS is a list, one tagged paragraph a code.
        let exit = page.split(".SH \"EXIT STATUS\"").nth(1).unwrap();
        assert!(exit.contains(".TP\n\\fB0\\fR\n"), "{which:?}: {exit}");
        assert!(exit.contains(".TP\n\\fB2\\fR\nusage error"), "{which:?}");
        let examples = page.split(".SH EXAMPLES").nth(1).unwrap();
        let first = examples.lines().nth(2).unwrap_or_default();
        assert!(
            first.contains("resp "),
            "{which:?}: an example first: {first}"
        );
    }
    let send = String::from_utf8(resp().args(["man", "send"]).output().unwrap().stdout).unwrap();
    for name in [
        "RESP_TABLE",
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "COLUMNS",
        "HTTP_PROXY",
        "NO_PROXY",
    ] {
        assert!(
            send.contains(&format!("\\fB{name}")),
            "resp-send(1) lacks {name}"
        );
    }
    for flag in [
        "\\-\\-expect",
        "\\-\\-body",
        "\\-\\-follow",
        "\\-\\-save",
        "\\-\\-body\\-only",
        "\\-\\-output",
    ] {
        assert!(send.contains(flag), "resp-send(1) lacks {flag}");
    }
    let read = String::from_utf8(resp().args(["man", "read"]).output().unwrap().stdout).unwrap();
    assert!(read.contains("\\-\\-entry"), "resp-read(1) lacks --entry");
    assert!(!read.contains("HTTP_PROXY"), "proxies are send's");
    resp().args(["man", "frobnicate"]).assert().code(2);
}

#[test]
fn options_that_mean_nothing_are_not_offered() {
    for sub in ["completions", "man"] {
        let help = resp().args([sub, "--help"]).output().unwrap();
        let help = String::from_utf8(help.stdout).unwrap();
        assert!(help.contains("--color"), "{sub}: {help}");
        for flag in ["--json", "--table", "--quiet"] {
            assert!(!help.contains(flag), "{sub} --help offers {flag}: {help}");
        }
    }
    let mut bash = Vec::new();
    clap_complete::generate(Shell::Bash, &mut command(), "resp", &mut bash);
    let bash = String::from_utf8(bash).unwrap();
    let man_opts = bash
        .split("resp__subcmd__man)")
        .nth(1)
        .and_then(|s| s.lines().find(|l| l.contains("opts=")))
        .unwrap();
    assert!(
        !man_opts.contains("--json") && man_opts.contains("--color"),
        "{man_opts}"
    );
    // Still accepted where given first, as before.
    resp().args(["--json", "man"]).assert().success();
    let read = String::from_utf8(resp().args(["read", "--help"]).output().unwrap().stdout).unwrap();
    assert!(read.contains("--json"), "read keeps --json");
}

#[test]
fn send_help_groups_its_options() {
    let out = resp().args(["send", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    let at = |heading: &str| {
        help.find(&format!("\n{heading}:\n"))
            .unwrap_or_else(|| panic!("no {heading} heading: {help}"))
    };
    let (request, auth, limits, output, retrying) = (
        at("Request"),
        at("Authentication"),
        at("Redirects and limits"),
        at("Output"),
        at("Retrying"),
    );
    let under = |flag: &str| help.find(flag).unwrap();
    assert!(under("--header") > request && under("--header") < auth);
    assert!(under("--bearer") > auth && under("--bearer") < limits);
    assert!(under("--max-redirects") > limits && under("--max-redirects") < output);
    assert!(under("--body-only") > output && under("--body-only") < retrying);
    assert!(under("--retry-on") > retrying);
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

/// A negative number is a value the flag's own check refuses, in its words; clap used to
/// take it for a flag and suggest `-- -1`, which would have made it the URL.
#[test]
fn numbers_out_of_range_are_refused_in_words() {
    for (args, says) in [
        (
            &["send", "--timeout", "-1"][..],
            "a time limit is 0 (no limit) or more seconds",
        ),
        (&["send", "--retry", "-1"], "a count is 0 or more"),
        (&["send", "--max-redirects", "-2"], "a count is 0 or more"),
        (&["send", "--retry", "abc"], "'abc' is not a whole number"),
        (&["send", "--retry", "99999999999"], "is too large"),
        (&["send", "--max-body", "-5"], "is not a size"),
        (&["read", "--entry", "-1"], "entries are numbered from 1"),
    ] {
        resp()
            .args(args)
            .arg("http://127.0.0.1:9/")
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says))
            .stderr(predicate::str::contains("-- -").not());
    }
}

/// Help and the version that could not be written (a full disk) fail as any output does;
/// a reader that went away (`| head`) is not a failure.
#[test]
fn help_that_cannot_be_written_is_an_error() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    for arg in ["--version", "--help"] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = common::std_of(&resp(), None)
            .arg(arg)
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{arg}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("resp: error: writing output: "), "{err}");
    }
}

/// clap's own help follows `--color` too: `always` colours it in a pipe, `never` not on
/// a terminal (that half needs a terminal; unit-tested in cli.rs).
#[test]
fn help_follows_color() {
    common::bare()
        .args(["--color", "always", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b["));
    common::bare()
        .args(["explain", "--color=always", "-h"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b["));
    common::bare()
        .args(["--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn entry_numbers_say_what_is_wrong_with_them() {
    for (n, says) in [
        ("0", "entries are numbered from 1"),
        ("-3", "entries are numbered from 1"),
        ("x", "entries are numbered from 1"),
        ("99999999999999999999", "no file has that many entries"),
    ] {
        resp()
            .args(["read", &format!("--entry={n}"), "some.har"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(says));
    }
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
