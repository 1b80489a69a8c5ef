//! Where credentials go when `send -L` follows a redirect, through the binary, against a
//! TLS server (the test certificate, `-k`) and plain servers on loopback: what the second
//! server received is the assertion. Also the redirects resp refuses: another scheme, a bad
//! port, a downgrade from https to http with credentials.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::resp;
use common::server::{Step, answer, nothing_more, received, serve, serve_mixed, serve_tls};
use predicates::prelude::*;

const OK: &str = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";

fn redirect_to(location: &str) -> Step {
    Step::Answer(
        format!("HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n")
            .into_bytes(),
    )
}

/// Every way of giving a credential, as `send` arguments, and the header it must not leak.
const CREDENTIALS: [(&[&str], &str); 6] = [
    (&["--bearer", "T0KEN"], "T0KEN"),
    (&["-u", "user:pw"], "dXNlcjpwdw"),
    (&["-H", "Authorization: Token T0KEN"], "T0KEN"),
    (&["-H", "Cookie: sid=S3SS"], "S3SS"),
    (&["-H", "X-Api-Key: K3Y"], "K3Y"),
    (&["-H", "Proxy-Authorization: Basic UHJveHk="], "UHJveHk="),
];

/// `https://127.0.0.1:P/start` answering `302 Location: http://127.0.0.1:P/plain`: the
/// same host and port, only the scheme changes. Returns the https URL; the requests come
/// back on the channel, the plain one second.
fn downgrading_server() -> (String, std::sync::mpsc::Receiver<Vec<u8>>) {
    let (base, rx) = serve_mixed(|addr| {
        vec![
            (true, redirect_to(&format!("http://{addr}/plain"))),
            (false, answer(OK)),
        ]
    });
    (base.replacen("http://", "https://", 1) + "/start", rx)
}

#[test]
fn https_to_plain_http_with_credentials_is_refused_and_nothing_goes_in_cleartext() {
    for (args, secret) in CREDENTIALS {
        let (url, rx) = downgrading_server();
        resp()
            .args(["send", "-k", "-L"])
            .args(args)
            .arg(&url)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "the server redirected from https to plain http",
            ))
            .stderr(predicate::str::contains("--allow-downgrade"));
        let first = received(&rx).expect("the TLS server got the request");
        assert!(
            first.contains(secret),
            "{args:?} went to the https server: {first}"
        );
        assert!(nothing_more(&rx), "{args:?}: nothing goes over plain http");
    }
}

#[test]
fn an_allowed_downgrade_on_the_same_host_and_port_strips_every_credential() {
    for (args, secret) in CREDENTIALS {
        let (url, rx) = downgrading_server();
        resp()
            .args(["send", "-k", "-L", "--allow-downgrade"])
            .args(args)
            .arg(&url)
            .assert()
            .code(0);
        let _first = received(&rx);
        let second = received(&rx).expect("the plain request arrived");
        assert!(second.starts_with("GET /plain "), "{second}");
        assert!(
            !second.contains(secret),
            "{args:?} leaked in cleartext: {second}"
        );
    }
}

#[test]
fn an_allowed_downgrade_still_strips_every_credential() {
    for (args, secret) in CREDENTIALS {
        let (plain, plain_rx) = serve(vec![answer(OK)]);
        let (tls, _tls_rx) = serve_tls(vec![redirect_to(&format!("{plain}/plain"))]);
        resp()
            .args(["send", "-k", "-L", "--allow-downgrade"])
            .args(args)
            .arg(format!("{tls}/start"))
            .assert()
            .code(0);
        let second = received(&plain_rx).expect("the plain server got the request");
        assert!(second.starts_with("GET /plain "), "{second}");
        assert!(
            !second.contains(secret),
            "{args:?} leaked in cleartext: {second}"
        );
        let lower = second.to_ascii_lowercase();
        for name in [
            "authorization",
            "cookie",
            "x-api-key",
            "proxy-authorization",
        ] {
            assert!(!lower.contains(&format!("\n{name}:")), "{name}: {second}");
        }
    }
}

#[test]
fn another_port_is_another_origin_and_the_same_origin_keeps_credentials() {
    for (args, secret) in CREDENTIALS {
        // https → https on another port: followed, credentials stripped.
        let (other, other_rx) = serve_tls(vec![answer(OK)]);
        let (tls, _) = serve_tls(vec![redirect_to(&format!("{other}/elsewhere"))]);
        resp()
            .args(["send", "-k", "-L"])
            .args(args)
            .arg(format!("{tls}/start"))
            .assert()
            .code(0);
        let second = received(&other_rx).expect("the second server got the request");
        assert!(
            !second.contains(secret),
            "{args:?} crossed origins: {second}"
        );

        // A relative redirect on the same server: credentials kept.
        let (same, same_rx) = serve_tls(vec![redirect_to("/next"), answer(OK)]);
        resp()
            .args(["send", "-k", "-L"])
            .args(args)
            .arg(format!("{same}/start"))
            .assert()
            .code(0);
        let _first = received(&same_rx);
        let second = received(&same_rx).expect("the second request arrived");
        assert!(second.starts_with("GET /next "), "{second}");
        assert!(
            second.contains(secret),
            "{args:?} dropped on the same origin: {second}"
        );
    }
}

#[test]
fn without_credentials_a_downgrade_is_followed() {
    let (plain, plain_rx) = serve(vec![answer(OK)]);
    let (tls, _) = serve_tls(vec![redirect_to(&format!("{plain}/plain"))]);
    resp()
        .args(["send", "-k", "-L", &format!("{tls}/start")])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("200 OK"));
    assert!(received(&plain_rx).is_some());
}

#[test]
fn redirects_to_other_schemes_blame_the_server_and_show_the_chain() {
    for location in [
        "file:///etc/passwd",
        "data:text/plain,hi",
        "ftp://127.0.0.1/x",
    ] {
        let (url, _) = serve(vec![redirect_to("/two"), redirect_to(location)]);
        let out = resp()
            .args(["send", "-L", &format!("{url}/one")])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{location}");
        let err = String::from_utf8(out.stderr).unwrap();
        let scheme = location.split(':').next().unwrap();
        assert!(
            err.starts_with(&format!(
                "resp: error: the server redirected to {location}: resp follows http:// and https:// only, not {scheme}:"
            )),
            "{err}"
        );
        assert!(
            err.contains(&format!("{url}/one → 302 → {url}/two → 302 → {location}")),
            "{err}"
        );
        assert!(!err.contains("check the URL"), "not the user's URL: {err}");
    }
}

/// A hop line wider than the width breaks before its parts, the rest indented (a URL too
/// wide for that on a line of its own); piped without COLUMNS it stays one line.
#[test]
fn hop_lines_fit_the_width() {
    let long = format!("/{}", "segment/".repeat(6));
    let (url, _) = serve(vec![redirect_to(&long), answer(OK)]);
    let out = resp()
        .env("COLUMNS", "60")
        .args(["send", "-L", &url])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let hop: Vec<&str> = text.lines().take_while(|l| !l.starts_with("200")).collect();
    assert!(hop.len() >= 2, "{text}");
    assert!(hop[0].starts_with("via 302"), "{text}");
    // Too wide for the line even so, the URL is on a line of its own, whole.
    assert_eq!(hop[1], "    to:", "{text}");
    assert_eq!(hop[2], format!("{url}{long}"), "{text}");
    assert!(
        hop.iter()
            .all(|l| l.chars().count() <= 60 || !l.contains(" · ")),
        "{text}"
    );
    let (url, _) = serve(vec![redirect_to(&long), answer(OK)]);
    let out = resp().args(["send", "-L", &url]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().next().unwrap().contains(" → "), "{text}");
}

/// `--json` gives the redirect that was not followed, the chain before it, and why: a
/// script sees the same story as the person.
#[test]
fn a_refused_redirect_in_json_keeps_the_chain() {
    let (url, _) = serve(vec![redirect_to("/two"), redirect_to("file:///etc/passwd")]);
    let out = resp()
        .args(["send", "-L", "--json", &format!("{url}/one")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["status"], 302, "{v}");
    assert_eq!(v["exit_code"], 1, "{v}");
    assert_eq!(v["hops"].as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v["hops"][0]["url"], format!("{url}/one"), "{v}");
    assert_eq!(v["hops"][0]["location"], "/two", "{v}");
    assert!(
        v["failure"]
            .as_str()
            .unwrap()
            .starts_with("the server redirected to file:///etc/passwd"),
        "{v}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("resp: error: the server redirected to file:///etc/passwd"),
        "{err}"
    );
}

#[test]
fn a_redirect_to_a_bad_port_is_the_servers_mistake() {
    let (url, _) = serve(vec![redirect_to("http://127.0.0.1:99999/x")]);
    resp()
        .args(["send", "-L", &url])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "the server redirected to http://127.0.0.1:99999/x: '99999' is not a port",
        ));
}

#[test]
fn a_host_set_by_hand_does_not_follow_to_another_origin() {
    let (other, other_rx) = serve(vec![answer(OK)]);
    let (url, _) = serve(vec![redirect_to(&format!("{other}/there"))]);
    resp()
        .args(["send", "-L", "-H", "Host: custom.example", &url])
        .assert()
        .code(0);
    let second = received(&other_rx).unwrap().to_ascii_lowercase();
    assert!(!second.contains("custom.example"), "{second}");
    assert!(
        second.contains(&format!("host: {}", other.trim_start_matches("http://"))),
        "{second}"
    );
}
