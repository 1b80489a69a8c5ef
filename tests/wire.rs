//! `send` on the wire, through the binary against scripted servers: the server's own
//! reason phrase and header case and order, a saved `-L` chain read back with the same
//! hops, the timing of every phase, the connection and its certificate, the request as it
//! went out, and URLs as people type them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::server::{Step, answer, connect_proxy, received, serve, serve_tls, serve_tls_expired};
use common::{json, resp};
use predicates::prelude::*;
use serde_json::Value;

const CHILL: &str = "HTTP/1.1 420 Chill Out\r\nX-Mixed-Case: one\r\nset-cookie: a=1\r\nContent-Type: application/json\r\nSet-Cookie: b=2\r\nX-RateLimit-Remaining: 0\r\nContent-Length: 2\r\n\r\n{}";

#[test]
fn the_servers_reason_phrase_and_header_names_as_sent() {
    let (url, _) = serve(vec![answer(CHILL), answer(CHILL), answer(CHILL)]);
    let out = resp().args(["send", "-v", &url]).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("420 Enhance Your Calm\n"), "{text}");
    assert!(text.contains("server said  420 Chill Out"), "{text}");
    // Case and order as the server wrote them, repeated fields kept apart.
    let headers = text.split("response headers\n").nth(1).unwrap();
    let names: Vec<&str> = headers
        .lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().split(':').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "X-Mixed-Case",
            "set-cookie",
            "Content-Type",
            "Set-Cookie",
            "X-RateLimit-Remaining",
            "Content-Length"
        ]
    );
    assert_eq!(
        json(&resp().args(["send", "--json", &url]).output().unwrap())["reason"],
        "Chill Out"
    );

    // --save writes the head as received; read of it says the same.
    let saved_dir = common::TempDir::new("wire");
    let saved = saved_dir.join("wire.http");
    resp()
        .args(["send", &url, "--save"])
        .arg(&saved)
        .assert()
        .code(4);
    let raw = std::fs::read_to_string(&saved).unwrap();
    assert!(
        raw.starts_with(&format!(
            "HTTP/1.1 420 Chill Out\r\nResp-Request: GET {url}\r\nX-Mixed-Case: one\r\nset-cookie: a=1\r\n"
        )),
        "{raw}"
    );
    assert!(!raw.contains("Resp-Reason-Phrase"), "{raw}");
    resp()
        .arg("read")
        .arg(&saved)
        .assert()
        .code(4)
        .stdout(predicate::str::contains("server said  420 Chill Out"));
    std::fs::remove_file(saved).unwrap();
}

fn redirect(to: &str) -> Step {
    Step::Answer(
        format!(
            "HTTP/1.1 302 Over There\r\nLocation: {to}\r\nX-Hop: yes\r\nContent-Length: 0\r\n\r\n"
        )
        .into_bytes(),
    )
}

#[test]
fn a_saved_chain_reads_back_with_the_same_hops() {
    let ok = "HTTP/1.1 201 Made\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
    let (url, _) = serve(vec![
        redirect("/b"),
        redirect("/c"),
        answer(ok),
        redirect("/b"),
        redirect("/c"),
        answer(ok),
    ]);
    let saved_dir = common::TempDir::new("chain");
    let saved = saved_dir.join("chain.http");
    let sent = json(
        &resp()
            .args(["send", "-L", "--json", &format!("{url}/a"), "--save"])
            .arg(&saved)
            .output()
            .unwrap(),
    );
    let read = json(
        &resp()
            .args(["read", "--json"])
            .arg(&saved)
            .output()
            .unwrap(),
    );
    let raw = std::fs::read_to_string(&saved).unwrap();
    std::fs::remove_file(&saved).unwrap();
    let strip = |v: &Value| -> Vec<(Value, Value, Value)> {
        v["hops"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["status"].clone(),
                    h["reason"].clone(),
                    h["location"].clone(),
                )
            })
            .collect()
    };
    assert_eq!(strip(&sent), strip(&read));
    assert_eq!(strip(&sent).len(), 2);
    assert_eq!(sent["hops"][0]["url"], format!("{url}/a"));
    assert_eq!(sent["hops"][0]["next"], format!("{url}/b"));
    assert_eq!(sent["hops"][1]["next"], format!("{url}/c"));
    assert_eq!(
        (&sent["status"], &read["status"]),
        (&Value::from(201), &Value::from(201))
    );
    assert_eq!(
        (&sent["reason"], &read["reason"]),
        (&Value::from("Made"), &Value::from("Made"))
    );
    // Every head as received, the framing of the body removed and its length said.
    assert_eq!(raw.matches("X-Hop: yes\r\n").count(), 2, "{raw}");
    assert!(!raw.contains("Transfer-Encoding"), "{raw}");
    assert!(raw.ends_with("Content-Length: 2\r\n\r\n{}"), "{raw}");

    // On screen: each hop with where it led, no dangling arrow.
    let (url, _) = serve(vec![redirect("/b"), answer(ok)]);
    let text = String::from_utf8(
        resp()
            .args(["send", "-L", &format!("{url}/a")])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        text.starts_with(&format!("via 302 Over There · {url}/a → {url}/b · ")),
        "{text}"
    );
    assert!(!text.contains("→\n"), "{text}");
}

fn phases(t: &Value) -> f64 {
    [
        "dns_ms",
        "connect_ms",
        "tls_ms",
        "send_ms",
        "wait_ms",
        "receive_ms",
    ]
    .iter()
    .map(|k| {
        assert!(t.get(*k).is_some(), "{k} missing: {t}");
        t[*k].as_f64().unwrap_or(0.0)
    })
    .sum()
}

#[test]
fn every_phase_is_timed_and_they_add_up() {
    let (url, _) = serve(vec![redirect("/b"), answer(CHILL)]);
    let v = json(
        &resp()
            .args(["send", "-L", "--json", &format!("{url}/a")])
            .output()
            .unwrap(),
    );
    for t in [&v["timing"], &v["hops"][0]["timing"]] {
        let total = t["total_ms"].as_f64().unwrap();
        assert!(total > 0.0, "{t}");
        assert!(phases(t) <= total + 0.01, "phases exceed the total: {t}");
        // An IP address needs no lookup; plain http has no TLS.
        assert_eq!(t["dns_ms"], Value::Null, "{t}");
        assert_eq!(t["tls_ms"], Value::Null, "{t}");
        for k in ["connect_ms", "send_ms", "wait_ms", "receive_ms"] {
            assert!(t[k].as_f64().is_some(), "{k}: {t}");
        }
    }
    // The picture, on request.
    let (url, _) = serve(vec![answer(CHILL)]);
    let text = String::from_utf8(
        resp()
            .args(["send", "--timing", &url])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let picture = text.split("\ntiming\n").nth(1).expect("a timing picture");
    for phase in [
        "DNS lookup",
        "TCP connect",
        "TLS handshake",
        "request sent",
        "waiting (TTFB)",
        "body",
        "total",
    ] {
        assert!(picture.contains(phase), "{phase}: {text}");
    }
    assert!(picture.contains('█'), "{text}");
}

#[test]
fn the_connection_and_its_certificate() {
    let (url, _) = serve_tls(vec![answer(CHILL), answer(CHILL)]);
    let v = json(
        &resp()
            .args(["send", "-k", "--json", &url])
            .output()
            .unwrap(),
    );
    let c = &v["connection"];
    assert_eq!(c["remote"], url.trim_start_matches("https://"), "{c}");
    assert!(c["local_port"].as_u64().is_some(), "{c}");
    assert_eq!(c["http_version"], "HTTP/1.1");
    assert_eq!(c["proxy"], Value::Null);
    let tls = &c["tls"];
    assert!(
        tls["version"].as_str().unwrap().starts_with("TLS 1."),
        "{tls}"
    );
    assert!(!tls["cipher"].as_str().unwrap().is_empty(), "{tls}");
    assert_eq!(tls["verified"], false, "-k was given");
    let cert = &tls["certificate"];
    assert_eq!(cert["subject"], "CN=localhost");
    assert_eq!(cert["matched"], serde_json::json!(["127.0.0.1"]));
    assert!(cert["days_left"].as_i64().unwrap() > 30_000, "{cert}");
    assert!(
        cert["not_after"].as_str().unwrap().starts_with("2126-"),
        "{cert}"
    );
    assert!(v["timing"]["tls_ms"].as_f64().is_some(), "{v}");

    let text = String::from_utf8(
        resp()
            .args(["send", "-k", "-v", &url])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        text.contains("certificate  CN=localhost · issued by CN=localhost · matches 127.0.0.1"),
        "{text}"
    );
    assert!(text.contains("certificate not checked (-k)"), "{text}");
}

#[test]
fn an_expired_certificate_is_refused_and_flagged_when_k_gets_past_it() {
    let (url, _) = serve_tls_expired(vec![answer(CHILL), answer(CHILL), answer(CHILL)]);
    resp()
        .args(["send", &url])
        .assert()
        .code(7)
        .stderr(predicate::str::contains("TLS failed"));
    let v = json(
        &resp()
            .args(["send", "-k", "--json", &url])
            .output()
            .unwrap(),
    );
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("certificate expired")),
        "{v}"
    );
    resp()
        .args(["send", "-k", &url])
        .assert()
        .code(4)
        .stdout(predicate::str::contains(
            "warning      the server's certificate expired",
        ))
        .stdout(predicate::str::contains("-k got past it"));
}

#[test]
fn verbose_shows_the_request_as_it_went_out() {
    let (url, rx) = serve(vec![answer(CHILL), answer(CHILL)]);
    let body = format!("user=ann&password=hunter2&note={}", "x".repeat(3000));
    let text = String::from_utf8(
        resp()
            .args(["send", "-v", "-d", &body, &format!("{url}/login?page=1")])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        text.contains("request: POST /login?page=1 HTTP/1.1\n"),
        "{text}"
    );
    // ureq's own headers too, as written.
    assert!(text.contains("  Host: 127.0.0.1:"), "{text}");
    assert!(text.contains("  Content-Length: 3031"), "{text}");
    assert!(text.contains("request body · 3031 bytes"), "{text}");
    assert!(text.contains("user=ann&password=****&note=xxx"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
    assert!(text.contains("more bytes (-v -v shows more)"), "{text}");
    let first = received(&rx).unwrap();
    assert!(
        first.contains("password=hunter2"),
        "the server gets it whole"
    );
    let all = String::from_utf8(
        resp()
            .args(["send", "-v", "-v", "-d", &body, &url])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(!all.contains("more bytes"), "{all}");
    assert!(all.contains(&"x".repeat(3000)), "the whole body");
}

#[test]
fn urls_as_people_type_them() {
    let (url, rx) = serve(vec![answer(CHILL), answer(CHILL)]);
    let port = url.rsplit(':').next().unwrap();
    resp()
        .args(["send", &format!("{url}/caf\u{e9} menu?q=a b")])
        .assert()
        .code(4);
    let request = received(&rx).unwrap();
    assert!(
        request.starts_with("GET /caf%C3%A9%20menu?q=a%20b HTTP/1.1\r\n"),
        "{request}"
    );
    // HTTPie's shorthand for localhost.
    resp()
        .args(["send", &format!(":{port}/short")])
        .assert()
        .code(4);
    let request = received(&rx).unwrap();
    assert!(request.starts_with("GET /short HTTP/1.1\r\n"), "{request}");
    assert!(
        request
            .to_ascii_lowercase()
            .contains(&format!("host: localhost:{port}")),
        "{request}"
    );
    resp()
        .args(["send", "http://exa mple.test/"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("' ' at position 11"));
}

#[test]
fn through_a_connect_proxy_the_origins_answer_is_the_one_shown() {
    for tls in [false, true] {
        let (origin, _) = if tls {
            serve_tls(vec![answer(CHILL)])
        } else {
            serve(vec![answer(CHILL)])
        };
        let (proxy, lines) = connect_proxy(1);
        let var = if tls { "HTTPS_PROXY" } else { "HTTP_PROXY" };
        let out = resp()
            .env(var, &proxy)
            .args([
                "send",
                "-k",
                "-v",
                "--bearer",
                "S3CRET",
                &format!("{origin}/x"),
            ])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(out.status.code(), Some(4), "{text}");
        assert!(lines.recv().unwrap().starts_with("CONNECT 127.0.0.1:"));
        assert!(text.contains("server said  420 Chill Out"), "{text}");
        assert!(text.contains("request: GET /x HTTP/1.1\n"), "{text}");
        assert!(text.contains("X-Mixed-Case: one"), "{text}");
        assert!(text.contains("through the proxy 127.0.0.1:"), "{text}");
        assert!(!text.contains("S3CRET"), "{text}");
        assert!(!text.contains("Connection established"), "{text}");
        assert!(!text.contains("request body"), "{text}");
    }
}

#[test]
fn certificate_failures_say_what_was_wrong() {
    let (url, _) = serve_tls(vec![answer(CHILL)]);
    resp()
        .args(["send", &url])
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "the server's certificate is self-signed",
        ))
        .stderr(predicate::str::contains("-k skips the certificate check"));
    let (url, _) = serve_tls_expired(vec![answer(CHILL)]);
    resp()
        .args(["send", &url])
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "TLS failed: the server's certificate",
        ));
}

/// A refused certificate would be refused again: `--retry` stops after the first attempt
/// and says why (curl's --retry does not retry it either).
#[test]
fn a_tls_failure_is_not_retried() {
    let (url, _) = serve_tls_expired(vec![answer(CHILL), answer(CHILL), answer(CHILL)]);
    let out = resp()
        .args(["send", "--retry", "3", "--json", &url])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7), "{out:?}");
    let attempts: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "attempt")
        .collect();
    assert_eq!(attempts.len(), 1, "{attempts:?}");
    assert_eq!(attempts[0]["stop"], "tls", "{attempts:?}");
    resp()
        .args(["send", "--retry", "3", &url])
        .assert()
        .code(7)
        .stderr(predicate::str::contains(
            "resp: not retrying: TLS failed, and sending again would fail the same way",
        ));
}

#[test]
fn a_binary_request_body_is_not_printed() {
    let (url, _) = serve(vec![answer(CHILL)]);
    let file_dir = common::TempDir::new("bin");
    let file = file_dir.join("bin.dat");
    std::fs::write(&file, b"\x00\x01\x1b[31mbinary").unwrap();
    let out = resp()
        .args(["send", "-v", &url, "-d"])
        .arg(format!("@{}", file.display()))
        .output()
        .unwrap();
    std::fs::remove_file(&file).unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("request body · 13 bytes\nbinary, not shown"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "{text}");
}
