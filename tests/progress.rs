//! Progress lines on stderr: while `send -o` (or `-b`) downloads a body and while `read`
//! works through an input, on a terminal only, and wiped before anything else is written.
//! The terminal is a pseudo-terminal made by util-linux's `script`, which these tests
//! need (they say so and fail without it).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::server::{Step, serve};

/// Runs `shell` (a command line using `$RESP`) under `script`, so stdin, stdout and stderr
/// are a terminal; returns what the terminal received and the exit code.
fn on_a_terminal(shell: &str) -> (String, Option<i32>) {
    let resp = assert_cmd::cargo::cargo_bin("resp");
    let cmd = common::bare();
    let out = std::process::Command::new("script")
        .args(["-qec", shell, "/dev/null"])
        .env("RESP", resp)
        .envs(
            cmd.get_envs()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
        )
        .env_remove("NO_COLOR")
        .env_remove("TERM")
        .output()
        .expect("util-linux `script` runs the command on a pseudo-terminal");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    )
}

/// A body of `pieces` × 64 KiB, one piece every 150 ms, with its Content-Length.
fn slow_body(pieces: usize) -> Step {
    let piece = vec![b'x'; 64 * 1024];
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        piece.len() * pieces
    );
    let mut steps = vec![(Duration::ZERO, head.into_bytes())];
    steps.extend((0..pieces).map(|_| (Duration::from_millis(150), piece.clone())));
    Step::Trickle(steps, Duration::ZERO)
}

#[test]
fn a_slow_download_to_a_file_shows_progress_on_a_terminal_then_wipes_it() {
    let dir = common::TempDir::new("progress");
    let file = dir.join("big.bin");
    let (url, _) = serve(vec![slow_body(8)]);
    let (screen, code) = on_a_terminal(&format!(
        "$RESP --color never send {url} -o {}",
        file.display()
    ));
    assert_eq!(code, Some(0), "{screen}");
    assert_eq!(std::fs::metadata(&file).unwrap().len(), 8 * 64 * 1024);
    assert!(
        screen.contains("\r\x1b[2Kdownloading  ") && screen.contains(" of 512.0 KiB "),
        "{screen:?}"
    );
    // Wiped before the card starts.
    assert!(screen.contains("\r\x1b[2K200 OK"), "{screen:?}");
    assert!(
        screen.contains(&format!(
            "body saved to {} · 512.0 KiB (524288 bytes)",
            file.display()
        )),
        "{screen:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn no_progress_when_piped_or_quiet() {
    let dir = common::TempDir::new("progress-q");
    let (url, _) = serve(vec![slow_body(5), slow_body(5)]);
    // stderr is not a terminal.
    let out = common::resp()
        .args(["send", &url, "-o"])
        .arg(dir.join("a"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A terminal, and -q.
    let (screen, code) = on_a_terminal(&format!(
        "$RESP -q send {url} -o {}",
        dir.join("b").display()
    ));
    assert_eq!(code, Some(0));
    assert!(!screen.contains("downloading"), "{screen:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_slow_input_shows_how_much_was_read() {
    let har = format!("{}/tests/fixtures/browser.har", env!("CARGO_MANIFEST_DIR"));
    // Half the file, a pause, the rest: stdin from a pipe, stderr a terminal.
    let shell = format!(
        "(head -c 2000 {har}; sleep 1; tail -c +2001 {har}) | $RESP --color never read - > /dev/null"
    );
    let (screen, code) = on_a_terminal(&shell);
    assert_eq!(code, Some(7), "{screen:?}");
    assert!(screen.contains("\r\x1b[2Kstdin  "), "{screen:?}");
    // Wiped before the count of failures goes to the same terminal.
    assert!(
        screen.contains("\r\x1b[2Kresp: stdin: 5 of 11 entries failed"),
        "{screen:?}"
    );
    // Piped stderr: nothing.
    let out = std::process::Command::new("sh")
        .args([
            "-c",
            &format!(
                "(head -c 2000 {har}; sleep 1; tail -c +2001 {har}) | $RESP read - > /dev/null"
            ),
        ])
        .env("RESP", assert_cmd::cargo::cargo_bin("resp"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("stdin  "));
}
