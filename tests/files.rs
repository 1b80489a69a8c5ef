//! Files `-o` and `--save` write, through the binary: every link on the way is checked
//! (the folder part too, and whatever the link leads to), a failed exchange replaces
//! nothing, `-o` streams a body of any size to disk (decoded, judged from its start),
//! and a file replaced keeps its owner and is not replaced when read-only unless --force.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

use common::resp;
use common::server::{Step, nothing_more, serve};

/// A fresh directory for one test.
fn scratch(test: &str) -> common::TempDir {
    common::TempDir::new(&format!("files-{test}"))
}

/// The names in `dir`, sorted: what a run left behind.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Gives `path` (a link itself, not its target) to uid 65534; false when that takes a
/// root this test does not have (CI runs as root).
fn give_away(path: &Path) -> bool {
    match std::os::unix::fs::lchown(path, Some(65534), Some(65534)) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("skipped: cannot give {} away: {e}", path.display());
            false
        }
    }
}

/// A 200 with `body` and its Content-Length.
fn ok(body: &[u8], headers: &str) -> Step {
    let mut bytes = format!(
        "HTTP/1.1 200 OK\r\n{headers}Content-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    Step::Answer(bytes)
}

/// Bytes that do not compress away and differ from place to place.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u32 = 2_463_534_242;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn another_users_link_in_the_folder_part_is_not_followed() {
    let dir = scratch("folder-link");
    let real = dir.join("real");
    std::fs::create_dir(&real).unwrap();
    std::fs::write(real.join("t"), "precious").unwrap();
    let link = dir.join("dl");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    // Our own link in the folder part is followed: its target's file is replaced.
    let (url, _) = serve(vec![ok(b"mine", "")]);
    resp()
        .args(["send", "-q", &url, "-o"])
        .arg(link.join("t"))
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(real.join("t")).unwrap(), "mine");
    std::fs::write(real.join("t"), "precious").unwrap();
    if !give_away(&link) {
        return;
    }
    for flag in ["-o", "--save"] {
        let (url, rx) = serve(vec![ok(b"theirs", "")]);
        let out = resp()
            .args(["send", &url, flag])
            .arg(link.join("t"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{flag}: {stderr}");
        assert_eq!(
            stderr.lines().next().unwrap(),
            format!(
                "resp: error: not saving through the link {} (to {}): it belongs to another user (uid 65534), who could choose which file is replaced",
                link.display(),
                real.display()
            ),
            "{flag}"
        );
        assert!(
            nothing_more(&rx),
            "{flag}: found out before the request goes"
        );
        assert_eq!(std::fs::read_to_string(real.join("t")).unwrap(), "precious");
        assert_eq!(names(&real), ["t"], "{flag}: nothing else was made there");
    }
    // A relative path through it, and a link further down a chain of our own.
    let (url, _) = serve(vec![ok(b"theirs", "")]);
    std::os::unix::fs::symlink("dl", dir.join("mine")).unwrap();
    let out = resp()
        .current_dir(&dir)
        .args(["send", "-q", &url, "-o", "mine/./t"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("belongs to another user (uid 65534)"));
    assert_eq!(std::fs::read_to_string(real.join("t")).unwrap(), "precious");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn another_users_link_to_a_pipe_is_not_written_into() {
    let dir = scratch("fifo-link");
    let fifo = dir.join("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let link = dir.join("out");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    if !give_away(&link) {
        return;
    }
    for flag in ["-o", "--save"] {
        let (url, _) = serve(vec![ok(b"{}", "")]);
        // Opening the pipe with no reader would block: the timeout catches that failure.
        let out = resp()
            .args(["send", &url, flag])
            .arg(&link)
            .timeout(Duration::from_secs(10))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{flag}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "not saving through the link {} (to {})",
                link.display(),
                fifo.display()
            )),
            "{flag}: {stderr}"
        );
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_body_cut_short_replaces_nothing() {
    let dir = scratch("cut");
    let file = dir.join("body.bin");
    let saved = dir.join("r.http");
    std::fs::write(&file, "old body").unwrap();
    std::fs::write(&saved, "old exchange").unwrap();
    // 500 of the 1000 bytes announced, then the server closes: exit 7.
    let mut cut = b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".to_vec();
    cut.extend_from_slice(&[b'z'; 500]);
    let (url, _) = serve(vec![Step::Answer(cut.clone()), Step::Answer(cut)]);
    let out = resp()
        .env("COLUMNS", "250")
        .args(["send", &url, "-o"])
        .arg(&file)
        .arg("--save")
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    let card = String::from_utf8(out.stdout).unwrap();
    for path in [&saved, &file] {
        assert!(
            card.contains(&format!(
                "nothing was written to {}: the body did not arrive whole",
                path.display()
            )),
            "{card}"
        );
    }
    assert!(!card.contains("body saved to"), "{card}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old body");
    assert_eq!(std::fs::read_to_string(&saved).unwrap(), "old exchange");
    assert_eq!(
        names(&dir),
        ["body.bin", "r.http"],
        "no temporary file is left"
    );
    // No file before: none after.
    let new = dir.join("new.bin");
    let out = resp()
        .args(["send", "-q", &url, "-o"])
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
    assert!(!new.exists());
    assert_eq!(names(&dir), ["body.bin", "r.http"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn output_streams_a_body_past_max_body_whole_and_save_copies_it() {
    let dir = scratch("stream");
    let body = noise(3 << 20);
    let (url, _) = serve(vec![ok(
        &body,
        "Content-Type: application/octet-stream\r\n",
    )]);
    let file = dir.join("big.bin");
    let saved = dir.join("r.http");
    let out = resp()
        .args(["send", "--max-body", "1K", &url, "-o"])
        .arg(&file)
        .arg("--save")
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        std::fs::read(&file).unwrap() == body,
        "the file is the body"
    );
    let card = String::from_utf8(out.stdout).unwrap();
    assert!(
        card.ends_with(&format!(
            "body saved to {} · 3.0 MiB (3145728 bytes)\n",
            file.display()
        )),
        "{card}"
    );
    // --save holds the same body after the head that says its length.
    let raw = std::fs::read(&saved).unwrap();
    let head = b"Content-Length: 3145728\r\n\r\n";
    let at = raw.windows(head.len()).position(|w| w == head).unwrap() + head.len();
    assert!(raw[at..] == body[..]);
    resp().arg("read").arg(&saved).assert().code(0);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_gzip_body_is_decoded_on_its_way_to_the_file() {
    let dir = scratch("gzip");
    // Text that compresses well, 2 MiB of it: past what is kept in memory.
    let text: Vec<u8> = (0..200_000)
        .flat_map(|i| format!("line {i:>5}\n").into_bytes())
        .collect();
    let packed = gzip(&text);
    let (url, _) = serve(vec![ok(&packed, "Content-Encoding: gzip\r\n")]);
    let file = dir.join("text.txt");
    let saved = dir.join("r.http");
    resp()
        .args(["send", "-q", "-H", "Accept-Encoding: gzip", &url, "-o"])
        .arg(&file)
        .arg("--save")
        .arg(&saved)
        .assert()
        .code(0);
    assert!(std::fs::read(&file).unwrap() == text);
    let raw = String::from_utf8(std::fs::read(&saved).unwrap()).unwrap();
    let head = &raw[..raw.find("\r\n\r\n").unwrap()];
    assert!(
        !head.to_ascii_lowercase().contains("content-encoding"),
        "{head}"
    );
    assert!(
        head.contains(&format!("Content-Length: {}", text.len())),
        "{head}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_damaged_gzip_body_writes_nothing() {
    let dir = scratch("damaged");
    let file = dir.join("text.txt");
    std::fs::write(&file, "old").unwrap();
    let mut packed = gzip(&noise(200_000));
    let half = packed.len() / 2;
    packed.truncate(half);
    let (url, _) = serve(vec![ok(&packed, "Content-Encoding: gzip\r\n")]);
    let out = resp()
        .env("COLUMNS", "250")
        .args(["send", &url, "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let card = String::from_utf8(out.stdout).unwrap();
    assert!(
        card.contains(&format!(
            "nothing was written to {}: the compressed body is damaged",
            file.display()
        )),
        "{card}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
    assert_eq!(names(&dir), ["text.txt"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_json_error_body_written_to_a_file_is_still_judged() {
    let dir = scratch("error-body");
    let body = br#"{"error": {"code": "item_missing", "message": "No such item: 42"}}"#;
    let (url, _) = serve(vec![Step::Answer(
        [
            format!(
                "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                body.len()
            )
            .as_bytes(),
            body,
        ]
        .concat(),
    )]);
    let file = dir.join("e.json");
    let out = resp()
        .args(["send", "--json", &url, "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let line = common::json(&out);
    assert_eq!(line["status"], 404);
    assert!(
        line.to_string().contains("No such item: 42"),
        "the error is read from the body: {line}"
    );
    assert_eq!(line["body_bytes"], body.len());
    assert_eq!(std::fs::read(&file).unwrap(), body);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_read_only_file_is_replaced_only_with_force() {
    let dir = scratch("read-only");
    let file = dir.join("ro.json");
    let saved = dir.join("ro.http");
    for path in [&file, &saved] {
        std::fs::write(path, "keep me").unwrap();
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o444)).unwrap();
    }
    for (flag, path) in [("-o", &file), ("--save", &saved)] {
        let (url, rx) = serve(vec![ok(b"{}", "")]);
        let out = resp()
            .args(["send", &url, flag])
            .arg(path)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{flag}: {stderr}");
        assert_eq!(
            stderr,
            format!(
                "resp: error: not replacing {}: it is read-only (0444)\nhint: --force replaces it all the same, or save to another path\n",
                path.display()
            )
        );
        assert!(nothing_more(&rx), "{flag}: refused before the request goes");
        assert_eq!(std::fs::read_to_string(path).unwrap(), "keep me");
    }
    // read -o too.
    let input = dir.join("in.http");
    std::fs::write(&input, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}").unwrap();
    resp()
        .arg("read")
        .arg(&input)
        .arg("-o")
        .arg(&file)
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
    // Asked for: replaced, and still read-only.
    let (url, _) = serve(vec![ok(b"{}", ""), ok(b"{}", "")]);
    for (flag, path) in [("-o", &file), ("--save", &saved)] {
        resp()
            .args(["send", "-q", "--force", &url, flag])
            .arg(path)
            .assert()
            .code(0);
        assert_ne!(std::fs::read_to_string(path).unwrap(), "keep me", "{flag}");
        let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o444, "{flag}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_replaced_keeps_its_owner() {
    let dir = scratch("owner");
    let file = dir.join("theirs.json");
    std::fs::write(&file, "old").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    if std::os::unix::fs::chown(&file, Some(65534), Some(65534)).is_err() {
        eprintln!("skipped: giving a file away takes root");
        return;
    }
    let (url, _) = serve(vec![ok(b"{\"new\": 1}", ""), ok(b"x", "")]);
    resp()
        .args(["send", "-q", &url, "-o"])
        .arg(&file)
        .assert()
        .code(0);
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "{\"new\": 1}");
    assert_eq!(
        (meta.uid(), meta.gid(), meta.mode() & 0o777),
        (65534, 65534, 0o644)
    );
    let saved = dir.join("theirs.http");
    std::fs::write(&saved, "old").unwrap();
    std::os::unix::fs::chown(&saved, Some(65534), Some(65534)).unwrap();
    resp()
        .args(["send", "-q", &url, "--save"])
        .arg(&saved)
        .assert()
        .code(0);
    let meta = std::fs::metadata(&saved).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn read_writes_no_body_it_kept_only_in_part() {
    // An entry over 8 MiB whose 9 MiB body resp keeps only the start of.
    let dir = scratch("read-cut");
    let har = dir.join("big.har");
    std::fs::write(
        &har,
        format!(
            r#"{{"log": {{"entries": [{{"request": {{"method": "GET", "url": "https://a.example/"}}, "response": {{"status": 200, "content": {{"size": 9437184, "text": "{}"}}}}}}]}}}}"#,
            "b".repeat(9 << 20)
        ),
    )
    .unwrap();
    let file = dir.join("body.txt");
    std::fs::write(&file, "old").unwrap();
    let out = resp()
        .env("COLUMNS", "250")
        .arg("read")
        .arg(&har)
        .args(["--entry", "1", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let card = String::from_utf8(out.stdout).unwrap();
    assert!(
        card.contains(&format!(
            "nothing was written to {}: resp kept only the first",
            file.display()
        )),
        "{card}"
    );
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "resp: 200 OK (success), but the body was not written whole (see the warnings)\n"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
    assert_eq!(names(&dir), ["big.har", "body.txt"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_download_interrupted_leaves_no_temporary_file() {
    let dir = scratch("interrupted");
    let file = dir.join("big.bin");
    std::fs::write(&file, "old").unwrap();
    // Half of the body, then the server holds the connection.
    let mut head = b"HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n".to_vec();
    head.extend_from_slice(&[b'a'; 100_000]);
    let (url, _) = serve(vec![Step::Trickle(
        vec![(Duration::ZERO, head)],
        Duration::from_secs(5),
    )]);
    let mut cmd = resp();
    cmd.args(["send", "-q", &url, "-o"]).arg(&file);
    let mut child = common::std_of(&cmd, None).spawn().unwrap();
    // The temporary file appears beside the target as the body arrives.
    let mut waited = 0;
    while names(&dir).len() < 2 && waited < 100 {
        std::thread::sleep(Duration::from_millis(50));
        waited += 1;
    }
    assert_eq!(names(&dir).len(), 2, "a temporary file: {:?}", names(&dir));
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), None, "ended by the signal: {status:?}");
    assert_eq!(names(&dir), ["big.bin"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn the_null_device_takes_the_body_without_a_copy_in_the_temporary_folder() {
    // No temporary folder to gather into: a pipe cannot be written, /dev/null can.
    let missing = scratch("null").join("no-such-folder");
    let body = gzip(&noise(300_000));
    let (url, _) = serve(vec![
        ok(&body, "Content-Encoding: gzip\r\n"),
        ok(&body, "Content-Encoding: gzip\r\n"),
    ]);
    let out = resp()
        .env("TMPDIR", &missing)
        .args(["send", "--json", &url, "-o", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let line = common::json(&out);
    assert_eq!(line["body_bytes"], 300_000, "{line}");
    let out = resp()
        .env("TMPDIR", &missing)
        .args(["send", &url, "-o", "/dev/stdout"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("saving to /dev/stdout"), "{err}");
}

#[test]
fn output_to_dev_stdout_writes_into_the_file_the_shell_opened() {
    let dir = scratch("stdout");
    let path = dir.join("captured");
    let captured = std::fs::File::create(&path).unwrap();
    let (url, _) = serve(vec![ok(b"BODY-BYTES\n", "")]);
    let mut cmd = resp();
    cmd.args(["send", &url, "-o", "/dev/stdout"]);
    let status = common::std_of(&cmd, None)
        .stdout(captured)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    // The body, then the card: both went into the one file, which was not replaced.
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("BODY-BYTES\n200 OK\n"), "{text}");
    assert!(text.contains("body saved to /dev/stdout"), "{text}");
    assert_eq!(names(&dir), ["captured"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_file_that_cannot_take_the_whole_body_is_left_as_it_was() {
    let dir = scratch("full");
    let file = dir.join("big.bin");
    std::fs::write(&file, "old").unwrap();
    let (url, _) = serve(vec![ok(&noise(1 << 20), "")]);
    let mut cmd = resp();
    cmd.env("COLUMNS", "250")
        .args(["send", &url, "-o"])
        .arg(&file);
    // Files of at most 100 blocks of 512 bytes, and writing past that an error (EFBIG)
    // rather than a signal: as a full disk would fail the write.
    let out = common::std_of(
        &cmd,
        Some("trap '' XFSZ; ulimit -f 100; exec \"$0\" \"$@\""),
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let card = String::from_utf8(out.stdout).unwrap();
    assert!(
        card.contains(&format!(
            "nothing was written to {}: writing it failed: File too large",
            file.display()
        )),
        "{card}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old");
    assert_eq!(names(&dir), ["big.bin"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_body_stopped_by_a_time_limit_replaces_nothing() {
    let dir = scratch("stalled");
    let file = dir.join("body.bin");
    std::fs::write(&file, "old body").unwrap();
    let mut head = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".to_vec();
    head.extend_from_slice(&[b's'; 60_000]);
    let (url, _) = serve(vec![Step::Trickle(
        vec![(Duration::ZERO, head)],
        Duration::from_secs(3),
    )]);
    let out = resp()
        .env("COLUMNS", "250")
        .args(["send", "--idle-timeout", "0.5", &url, "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(8), "{out:?}");
    let card = String::from_utf8(out.stdout).unwrap();
    assert!(
        card.contains(&format!(
            "nothing was written to {}: the body did not arrive whole",
            file.display()
        )),
        "{card}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "old body");
    assert_eq!(names(&dir), ["body.bin"]);
    std::fs::remove_dir_all(dir).unwrap();
}
