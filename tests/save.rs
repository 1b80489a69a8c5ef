//! `resp send --save` through the binary: who can read the saved file (a file saved over
//! keeps its mode, a new one holding credentials is 0600, others follow the umask), and
//! which links it follows (the user's own; not another user's, nor one to nothing).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::thread;

use common::resp;

/// Answers one request on a fresh port with `response`; the URL.
fn serve_once(response: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let response = response.as_bytes().to_vec();
    thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut request = Vec::new();
        let mut chunk = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => request.extend_from_slice(&chunk[..n]),
            }
        }
        let _ = stream.write_all(&response);
    });
    url
}

const PLAIN: &str = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
const COOKIE: &str =
    "HTTP/1.1 200 OK\r\nSet-Cookie: session=s3cr3t; HttpOnly\r\nContent-Length: 2\r\n\r\n{}";
const TOKEN: &str = "HTTP/1.1 200 OK\r\nX-Auth-Token: t0k3n\r\nContent-Length: 2\r\n\r\n{}";

/// A fresh directory for one test.
fn scratch(test: &str) -> common::TempDir {
    common::TempDir::new(&format!("save-{test}"))
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The umask resp inherits from this test process.
fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("Umask:")).unwrap();
    u32::from_str_radix(line["Umask:".len()..].trim(), 8).unwrap()
}

/// `resp send URL --save PATH`.
fn save(response: &str, path: &Path) -> std::process::Output {
    resp()
        .args(["send", "-q", &serve_once(response), "--save"])
        .arg(path)
        .output()
        .unwrap()
}

#[test]
fn a_private_file_saved_over_stays_private() {
    let dir = scratch("over");
    let file = dir.join("r.http");
    std::fs::write(&file, "old").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = save(PLAIN, &file);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );
    assert_eq!(mode(&file), 0o600);
    // And a file others may read stays so: the mode is the file's, not ours.
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    assert_eq!(save(COOKIE, &file).status.code(), Some(0));
    assert_eq!(mode(&file), 0o640);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_link_of_ours_is_followed_and_its_target_keeps_its_mode() {
    let dir = scratch("own-link");
    let target = dir.join("real.http");
    let link = dir.join("link.http");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert_eq!(save(PLAIN, &link).status.code(), Some(0));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("HTTP/1.1 200")
    );
    assert_eq!(mode(&target), 0o600);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_new_file_holding_credentials_is_private_and_others_follow_the_umask() {
    let dir = scratch("new");
    for (response, name, expected) in [
        (COOKIE, "cookie.http", 0o600),
        (TOKEN, "token.http", 0o600),
        (PLAIN, "plain.http", 0o666 & !umask()),
    ] {
        let file = dir.join(name);
        assert_eq!(save(response, &file).status.code(), Some(0), "{name}");
        assert_eq!(mode(&file), expected, "{name}: {:o}", mode(&file));
    }
    // The credentials really are in the file: that is why it is private.
    let saved = std::fs::read_to_string(dir.join("cookie.http")).unwrap();
    assert!(saved.contains("session=s3cr3t"), "{saved}");
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 3, "no temporary file is left behind");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_link_owned_by_another_user_is_not_followed() {
    let dir = scratch("foreign-link");
    let target = dir.join("bashrc");
    let link = dir.join("r.http");
    std::fs::write(&target, "precious").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    if let Err(e) = std::os::unix::fs::lchown(&link, Some(65534), Some(65534)) {
        // Giving a link away takes root; CI runs as root.
        eprintln!("skipped: cannot give the link to another user: {e}");
        std::fs::remove_dir_all(dir).unwrap();
        return;
    }
    let out = save(PLAIN, &link);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.lines().next().unwrap(),
        format!(
            "resp: error: not saving through the link {} (to {}): it belongs to another user (uid 65534), who could choose which file is replaced",
            link.display(),
            target.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(left.len(), 2, "nothing else was created");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_link_to_nothing_is_an_error_naming_both() {
    let dir = scratch("dangling");
    let link = dir.join("r.http");
    let nowhere = dir.join("gone").join("r.http");
    std::os::unix::fs::symlink(&nowhere, &link).unwrap();
    let out = save(PLAIN, &link);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!(
            "resp: error: not saving through the link {}: it points to {}, which does not exist",
            link.display(),
            nowhere.display()
        )
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn devices_and_pipes_are_written_into() {
    // /dev/stdout is a link (to /proc/self/fd/1) to the pipe the test reads.
    let out = resp()
        .args(["send", "-q", &serve_once(COOKIE), "--save", "/dev/stdout"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("HTTP/1.1 200 OK\r\n"), "{stdout}");
    assert!(stdout.ends_with("\r\n\r\n{}"), "{stdout}");
}

#[test]
fn a_cookie_in_a_redirect_or_a_token_in_the_body_keeps_the_file_private() {
    let hop = "HTTP/1.1 302 Found\r\nLocation: /b\r\nSet-Cookie: session=HOPSECRET\r\nContent-Length: 0\r\n\r\n";
    let token = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 25\r\n\r\n{\"access_token\": \"t0k3n\"}";
    let plain = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
    let dir = common::TempDir::new("save-private");
    for (name, steps, follow) in [
        ("hop.http", vec![hop, plain], true),
        ("token.http", vec![token], false),
    ] {
        let url = common::server::serve(steps.into_iter().map(common::server::answer).collect()).0;
        let path = dir.join(name);
        let mut cmd = resp();
        cmd.arg("send");
        if follow {
            cmd.arg("-L");
        }
        cmd.arg(&url).arg("--save").arg(&path).assert().code(0);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name}");
    }
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_save_into_a_missing_folder_fails_before_the_request_goes() {
    let (url, rx) = common::server::serve(vec![common::server::answer(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
    )]);
    resp()
        .args([
            "send",
            "-d",
            "x=1",
            &url,
            "--save",
            "/nonexistent-resp-dir/x.http",
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "the folder /nonexistent-resp-dir does not exist",
        ));
    assert!(common::server::nothing_more(&rx), "no request was made");
}
