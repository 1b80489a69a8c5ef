//! `resp run` through the binary: request files written here (and in
//! `tests/fixtures/run/`) run against a server on 127.0.0.1 that answers by path and keeps
//! every request it read, so each test checks what was sent as well as what was shown.
//! Bad files are checked to fail with FILE:LINE before anything is sent.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

use common::server::read_request;
use common::{json_lines, resp};

/// A server on loopback answering each request with what `answer` makes of its text;
/// it keeps the requests, in the order they arrived.
fn server(
    answer: impl Fn(&str) -> String + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let answer = Arc::new(answer);
    let log = Arc::clone(&seen);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let answer = Arc::clone(&answer);
            let log = Arc::clone(&log);
            thread::spawn(move || {
                // Header names as ureq sends them: lower case.
                let request = String::from_utf8_lossy(&read_request(&mut stream)).into_owned();
                let reply = answer(&request);
                log.lock().unwrap().push(request);
                let _ = stream.write_all(reply.as_bytes());
            });
        }
    });
    (url, seen)
}

/// `status` with a JSON body and extra header lines.
fn reply(status: &str, headers: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// The request line of a request's text.
fn first_line(request: &str) -> &str {
    request.lines().next().unwrap_or_default()
}

/// A fresh folder for one test's files.
fn folder(name: &str) -> common::TempDir {
    common::TempDir::new(&format!("run-{name}"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/run")
        .join(name)
}

#[test]
fn a_file_runs_with_its_variables_environment_and_bodies() {
    let (url, seen) = server(|_| reply("200 OK", "", "{}"));
    let dir = folder("vars");
    write(
        &dir,
        "http-client.env.json",
        r#"{"dev": {"token": "t-dev", "host": "unused"}, "prod": {"token": "t-prod"}}"#,
    );
    write(
        &dir,
        "http-client.private.env.json",
        r#"{"dev": {"secret": "s3"}}"#,
    );
    write(&dir, "data.json", "{\"from\": \"file\"}");
    let file = write(
        &dir,
        "api.http",
        &format!(
            "@base = {url}\n@item = 7\n\n### List items\nGET {{{{base}}}}/items\n    ?page=2\n    &size={{{{ item }}}}\nAuthorization: Bearer {{{{token}}}}\nX-Secret: {{{{secret}}}}\nX-Env: {{{{$processEnv RESP_RUN_TEST}}}}\nX-Rand: {{{{$random.integer(10, 11)}}}}-{{{{$randomInt 3 4}}}}\n\n###\n# @name create\nPOST {{{{base}}}}/items HTTP/1.1\nContent-Type: application/json\n\n{{\"id\": {{{{item}}}}}}\n\n###\nPUT {{{{base}}}}/items/{{{{item}}}}\nAuthorization: Basic {{{{item}}}}:{{{{secret}}}}\n\n< ./data.json\n"
        ),
    );
    let out = resp()
        .args(["run", "--env", "dev", "--jobs", "1"])
        .arg(&file)
        .env("RESP_RUN_TEST", "from-process")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3, "{seen:?}");
    let get = seen.iter().find(|r| r.starts_with("GET")).unwrap();
    assert_eq!(first_line(get), "GET /items?page=2&size=7 HTTP/1.1");
    assert!(get.contains("Authorization: Bearer t-dev\r\n"), "{get}");
    assert!(get.contains("X-Secret: s3\r\n"), "{get}");
    assert!(get.contains("X-Env: from-process\r\n"), "{get}");
    assert!(get.contains("X-Rand: 10-3\r\n"), "{get}");
    let post = seen.iter().find(|r| r.starts_with("POST")).unwrap();
    assert!(post.ends_with("\r\n\r\n{\"id\": 7}"), "{post}");
    let put = seen.iter().find(|r| r.starts_with("PUT")).unwrap();
    assert_eq!(first_line(put), "PUT /items/7 HTTP/1.1");
    assert!(put.ends_with("{\"from\": \"file\"}"), "{put}");
    // `Basic user:password` goes out in base64, as the editors send it.
    assert!(put.contains("Authorization: Basic NzpzMw==\r\n"), "{put}");
    // The table names each request: the ### title, the @name, or the line.
    assert!(text.contains("List items"), "{text}");
    assert!(text.contains("create"), "{text}");
    assert!(text.contains("line 21"), "{text}");
    assert!(text.contains("3 requests in"), "{text}");
    // No progress line when stderr is not a terminal.
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The bearer token is masked in what is shown.
    assert!(!text.contains("t-dev"), "{text}");
}

#[test]
fn chained_requests_wait_for_the_one_they_use() {
    let (url, seen) = server(|request| {
        if request.starts_with("POST /login") {
            // Slow, so that a request that did not wait would arrive first.
            thread::sleep(std::time::Duration::from_millis(300));
            reply(
                "201 Created",
                "Location: /sessions/9\r\n",
                r#"{"auth": {"token": "abc"}, "list": [{"id": 5}]}"#,
            )
        } else {
            reply("200 OK", "", "{}")
        }
    });
    let dir = folder("chain");
    let file = write(
        &dir,
        "chain.http",
        &format!(
            "@token = {{{{login.response.body.$.auth.token}}}}\n\n### uses login, written first\nGET {url}/me/{{{{login.response.body.$.list[0].id}}}}\nAuthorization: Bearer {{{{token}}}}\nX-From: {{{{login.response.headers.Location}}}}\n\n### independent\nGET {url}/free\n\n###\n# @name login\nPOST {url}/login\n"
        ),
    );
    let out = resp()
        .args(["run", "--jobs", "4", "--show-secrets"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3);
    let login = seen
        .iter()
        .position(|r| r.starts_with("POST /login"))
        .unwrap();
    let me = seen.iter().position(|r| r.starts_with("GET /me/")).unwrap();
    assert!(login < me, "{seen:?}");
    assert_eq!(first_line(&seen[me]), "GET /me/5 HTTP/1.1");
    assert!(
        seen[me].contains("Authorization: Bearer abc\r\n"),
        "{}",
        seen[me]
    );
    assert!(seen[me].contains("X-From: /sessions/9\r\n"), "{}", seen[me]);
    // The table keeps file order, whatever order they ran in.
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<usize> = ["uses login", "independent", "POST"]
        .iter()
        .map(|w| text.find(w).unwrap())
        .collect();
    assert!(rows[0] < rows[1] && rows[1] < rows[2], "{text}");
}

#[test]
fn a_bad_file_names_its_line_and_sends_nothing() {
    let (url, seen) = server(|_| reply("200 OK", "", "{}"));
    let dir = folder("bad");
    let cases: Vec<(String, &str, usize)> = vec![
        (
            format!("GET {url}/a\n\n###\nGET {url}/{{{{nope}}}}\n"),
            "{{nope}} is not defined",
            4,
        ),
        (
            format!("GET {url}/a\n\n###\n# @expect 2yy\nGET {url}/b\n"),
            "# @expect",
            4,
        ),
        (
            format!("GET {url}/{{{{$nonsense}}}}\n"),
            "{{$nonsense}} is not a dynamic variable",
            1,
        ),
        (
            format!("GET {url}/{{{{other.response.body.$.x}}}}\n"),
            "{{other.response.body.$.x}} is not defined",
            1,
        ),
        (
            format!("# @name a\nGET {url}/{{{{a.response.body.$.x}}}}\n"),
            "a loop",
            2,
        ),
        (
            format!("POST {url}/a\n\n< ./missing.json\n"),
            "no such file",
            3,
        ),
        (
            format!("@a = {{{{b}}}}\n@b = {{{{a}}}}\nGET {url}/{{{{a}}}}\n"),
            "refers to itself",
            1,
        ),
        ("GET /relative\n".to_string(), "has no host", 1),
        (
            format!("GET {url}/a\n\n> {{%\n client.test();\n"),
            "no '%}'",
            3,
        ),
        (
            format!("# @name x\nGET {url}/a\n\n###\n# @name x\nGET {url}/b\n"),
            "already at line 2",
            6,
        ),
    ];
    for (k, (text, message, line)) in cases.iter().enumerate() {
        let file = write(&dir, &format!("bad{k}.http"), text);
        let out = resp().arg("run").arg(&file).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "case {k}: {stderr}");
        let at = format!("bad{k}.http:{line}: ");
        assert!(stderr.contains(&at), "case {k}: {stderr}");
        assert!(stderr.contains(message), "case {k}: {stderr}");
        assert!(out.stdout.is_empty(), "case {k}");
    }
    assert!(
        seen.lock().unwrap().is_empty(),
        "nothing is sent for a bad file"
    );
    // An environment that is not there is a usage mistake.
    write(&dir, "http-client.env.json", r#"{"dev": {}}"#);
    let file = write(&dir, "ok.http", &format!("GET {url}/a\n"));
    resp()
        .args(["run", "--env", "prod"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("no such environment").and(predicates::str::contains("dev")),
        );
    assert!(seen.lock().unwrap().is_empty());
}

use predicates::prelude::*;

#[test]
fn hostile_files_are_refused_or_shown_safely() {
    let (url, seen) = server(|_| {
        reply(
            "400 Bad Request",
            "",
            "{\"error\": {\"code\": \"x\", \"message\": \"bad \\u001b[31mred\\u202e\"}}",
        )
    });
    let dir = folder("hostile");
    // Not UTF-8: refused with its line.
    let path = dir.join("binary.http");
    let mut bytes = format!("GET {url}/a\n\n###\n").into_bytes();
    bytes.extend_from_slice(&[0xff, 0xfe, 0x00, 0x1b]);
    std::fs::write(&path, bytes).unwrap();
    resp()
        .arg("run")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("binary.http:4: not UTF-8"));
    // Controls in a name and a server's message never reach the terminal raw.
    let file = write(
        &dir,
        "names.http",
        &format!("### evil \u{1b}[2J\u{202e} name\nGET {url}/a\n"),
    );
    let out = resp().arg("run").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(text.contains("\\x1b[2J"), "{text}");
    assert!(text.contains("bad \\x1b[31mred"), "{text}");
    // Many requests, deep nesting and long lines: read, checked, never a panic.
    let mut many = String::new();
    for i in 0..300 {
        many.push_str(&format!(
            "###\nGET {url}/{i}\n    ?q={}\n\n",
            "x".repeat(200)
        ));
    }
    let file = write(&dir, "many.http", &many);
    let out = resp()
        .args(["run", "--jobs", "8"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(seen.lock().unwrap().len(), 301);
    let mut deep = String::new();
    for i in 0..100 {
        deep.push_str(&format!("@v{i} = {{{{v{}}}}}\n", i + 1));
    }
    deep.push_str(&format!("@v100 = x\nGET {url}/{{{{v0}}}}\n"));
    let file = write(&dir, "deep.http", &deep);
    resp()
        .arg("run")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("nest more than"));
    // Random bytes of text: read or refused, never a crash.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for k in 0..40 {
        let mut text = String::new();
        for _ in 0..200 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let pieces = [
                "###",
                "\n",
                "{{",
                "}}",
                "# @name a",
                "@x = ",
                "GET ",
                "< ",
                "> {%",
                "%}",
                ":",
                " ",
                "\r\n",
                "$",
                ".response.body.$",
                "a",
                "\u{feff}",
                "?",
                "&",
                "\t",
            ];
            text.push_str(pieces[(seed % pieces.len() as u64) as usize]);
        }
        let file = write(&dir, &format!("random{k}.http"), &text);
        let out = resp()
            .args(["run", "--timeout", "2"])
            .arg(&file)
            .output()
            .unwrap();
        let code = out.status.code().unwrap_or(-1);
        assert!(
            matches!(code, 0..=10),
            "random{k}: {code} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("panicked"),
            "random{k}"
        );
    }
}

#[test]
fn expectations_verdicts_and_the_worst_exit_code() {
    let (url, _) = server(|request| match first_line(request) {
        l if l.starts_with("GET /missing") => reply("404 Not Found", "", "{}"),
        l if l.starts_with("GET /broken") => reply(
            "500 Internal Server Error",
            "",
            "{\"message\": \"it broke\"}",
        ),
        _ => reply("200 OK", "", "{}"),
    });
    let dir = folder("expect");
    let file = write(
        &dir,
        "expect.http",
        &format!(
            "# @expect 404\nGET {url}/missing\n\n###\n# @name broken\nGET {url}/broken\n\n###\nGET {url}/fine\n"
        ),
    );
    let out = resp().arg("run").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("expected"), "{text}");
    assert!(
        text.contains("server error\n") || text.contains("server error"),
        "{text}"
    );
    assert!(text.contains("it broke"), "{text}");
    assert!(
        text.contains("3 requests in") && text.contains("2 passed, 1 failed"),
        "{text}"
    );
    // --failing lists only the failure.
    let out = resp()
        .args(["run", "--failing"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("broken") && !text.contains("/fine"), "{text}");
    // --expect on the command line: a request's own @expect still wins.
    let out = resp()
        .args(["run", "--expect", "2xx,5xx"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // JSON: a record per request in file order, then the summary.
    let out = resp().args(["run", "--json"]).arg(&file).output().unwrap();
    let lines = json_lines(&out);
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["type"], "response");
    assert_eq!(lines[0]["line"], 2);
    assert_eq!(lines[0]["status"], 404);
    assert_eq!(lines[0]["expected"], true);
    assert_eq!(lines[0]["exit_code"], 0);
    assert_eq!(lines[1]["name"], "broken");
    assert_eq!(lines[1]["exit_code"], 5);
    assert_eq!(lines[1]["method"], "GET");
    assert!(lines[1]["file"].as_str().unwrap().ends_with("expect.http"));
    assert_eq!(lines[1]["outcome"], "ran");
    assert_eq!(lines[2]["name"], "line 9");
    assert_eq!(lines[3]["type"], "summary");
    assert_eq!(lines[3]["requests"], 3);
    assert_eq!(lines[3]["failed"], 1);
    assert_eq!(lines[3]["exit_code"], 5);
}

#[test]
fn an_unreachable_host_fails_its_request_only_and_skips_its_dependents() {
    let (url, seen) = server(|_| reply("200 OK", "", "{\"id\": 1}"));
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let dir = folder("unreachable");
    let file = write(
        &dir,
        "down.http",
        &format!(
            "# @name down\nGET http://127.0.0.1:{closed}/x\n\n###\nGET {url}/uses/{{{{down.response.body.$.id}}}}\n\n###\nGET {url}/fine\n"
        ),
    );
    let out = resp().arg("run").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(7));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("connection failed"), "{text}");
    assert!(text.contains("skipped"), "{text}");
    assert!(
        text.contains("uses 'down' (line 2), which failed"),
        "{text}"
    );
    assert!(text.contains("1 passed, 1 failed, 1 skipped"), "{text}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert_eq!(first_line(&seen[0]), "GET /fine HTTP/1.1");
}

#[test]
fn bail_stops_at_the_first_failure() {
    let (url, seen) = server(|request| {
        if first_line(request).starts_with("GET /first") {
            reply("503 Service Unavailable", "", "{}")
        } else {
            reply("200 OK", "", "{}")
        }
    });
    let dir = folder("bail");
    let file = write(
        &dir,
        "bail.http",
        &format!("GET {url}/first\n\n###\nGET {url}/second\n\n###\nGET {url}/third\n"),
    );
    let out = resp()
        .args(["run", "--bail", "--jobs", "1"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0 passed, 1 failed, 2 not run"), "{text}");
    assert_eq!(seen.lock().unwrap().len(), 1);
    // Without --bail the others run.
    let out = resp()
        .args(["run", "--jobs", "1"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert_eq!(seen.lock().unwrap().len(), 4);
}

#[test]
fn other_tools_directives_and_handlers_are_said_once() {
    let (url, seen) = server(|_| reply("200 OK", "", "{}"));
    let dir = folder("handlers");
    let file = write(
        &dir,
        "handlers.http",
        &format!(
            "# @no-redirect\nGET {url}/a\n\n> {{%\n  client.global.set(\"t\", response.body.t);\n%}}\n\n###\n# @no-redirect\nGET {url}/b\n\n> ./check.js\n"
        ),
    );
    let out = resp().arg("run").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("response handlers (> {% … %}, > file.js) not run (lines 4, 12)"),
        "{text}"
    );
    assert!(
        text.contains("# @no-redirect not applied (lines 1, 9)"),
        "{text}"
    );
    assert_eq!(text.matches("not applied").count(), 1, "{text}");
    // The handler is not sent as a body.
    for request in seen.lock().unwrap().iter() {
        assert!(!request.contains("client.global"), "{request}");
    }
    // In the JSON summary too.
    let out = resp().args(["run", "--json"]).arg(&file).output().unwrap();
    let lines = json_lines(&out);
    let notes = lines.last().unwrap()["notes"].as_array().unwrap().len();
    assert_eq!(notes, 2);
}

#[test]
fn crlf_and_bom_files_and_verbose_exchanges() {
    let (url, seen) = server(|_| reply("200 OK", "X-Served: yes\r\n", "{\"ok\": true}"));
    let text = std::fs::read_to_string(fixture("crlf-bom.http")).unwrap();
    assert!(
        text.starts_with('\u{feff}') && text.contains("\r\n"),
        "the fixture keeps its BOM and CRLF"
    );
    let dir = folder("crlf");
    let file = write(&dir, "crlf.http", &text.replace("http://127.0.0.1:1", &url));
    let out = resp().args(["run", "-v"]).arg(&file).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        shown.contains("── Post a form (") && shown.contains("crlf.http:3)"),
        "{shown}"
    );
    assert!(shown.to_ascii_lowercase().contains("x-served"), "{shown}");
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0].starts_with("POST /form?a=1&b=2 HTTP/1.1\r\n"),
        "{}",
        seen[0]
    );
    assert!(seen[0].ends_with("\r\n\r\nname=x&other=y"), "{:?}", seen[0]);
}

#[test]
fn help_says_the_default_jobs() {
    resp()
        .args(["run", "--help"])
        .assert()
        .success()
        .stdout(predicates::str::contains("[default: 4]"));
    resp().arg("run").assert().code(2);
}

#[test]
fn a_terminal_sees_progress_while_requests_run() {
    let (url, _) = server(|request| {
        if first_line(request).starts_with("GET /slow") {
            thread::sleep(std::time::Duration::from_millis(200));
        }
        reply("500 Internal Server Error", "", "{}")
    });
    let dir = folder("progress");
    let file = write(
        &dir,
        "progress.http",
        &format!("GET {url}/slow/1\n\n###\nGET {url}/slow/2\n\n###\nGET {url}/slow/3\n"),
    );
    // util-linux's `script` makes stdin, stdout and stderr a pseudo-terminal.
    let cmd = common::bare();
    let out = std::process::Command::new("script")
        .arg("-qec")
        .arg(format!("\"$RESP\" run --jobs 1 {}", file.display()))
        .arg("/dev/null")
        .env("RESP", assert_cmd::cargo::cargo_bin("resp"))
        .envs(
            cmd.get_envs()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
        )
        .env_remove("NO_COLOR")
        .env_remove("TERM")
        .output()
        .expect("util-linux `script` runs the command on a pseudo-terminal");
    let screen = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(5), "{screen}");
    assert!(
        screen.contains("resp run: 1 of 3 done, 1 failing"),
        "{screen:?}"
    );
    assert!(
        screen.contains("resp run: 3 of 3 done, 3 failing"),
        "{screen:?}"
    );
    // Wiped before the table is drawn.
    let wiped = screen.rfind("\r\u{1b}[2K").unwrap();
    assert!(screen[wiped..].contains("Request"), "{screen:?}");
}

#[test]
fn independent_requests_run_together_up_to_jobs() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let now = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (n, m) = (Arc::clone(&now), Arc::clone(&most));
    let (url, _) = server(move |_| {
        let here = n.fetch_add(1, Ordering::SeqCst) + 1;
        m.fetch_max(here, Ordering::SeqCst);
        thread::sleep(std::time::Duration::from_millis(250));
        n.fetch_sub(1, Ordering::SeqCst);
        reply("200 OK", "", "{}")
    });
    let dir = folder("jobs");
    let text: String = (0..6).map(|i| format!("###\nGET {url}/{i}\n\n")).collect();
    let file = write(&dir, "jobs.http", &text);
    for (jobs, range) in [("1", 1..=1), ("3", 2..=3)] {
        most.store(0, Ordering::SeqCst);
        resp()
            .args(["run", "--jobs", jobs])
            .arg(&file)
            .assert()
            .success();
        let seen = most.load(Ordering::SeqCst);
        assert!(range.contains(&seen), "--jobs {jobs}: {seen} at once");
    }
}

#[test]
fn a_chained_value_that_is_not_there_fails_that_request_unsent() {
    let (url, seen) = server(|_| reply("200 OK", "", "{\"other\": 1}"));
    let dir = folder("unsent");
    let file = write(
        &dir,
        "unsent.http",
        &format!(
            "# @name login\nPOST {url}/login\n\n###\nGET {url}/me\nAuthorization: Bearer {{{{login.response.body.$.token}}}}\n"
        ),
    );
    let out = resp().args(["run", "-v"]).arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("not sent"), "{text}");
    assert!(text.contains("unsent.http:6: {{login.response.body.$.token}}: the response body has no member 'token' there"), "{text}");
    assert!(!text.contains("could not connect"), "{text}");
    assert!(text.contains("1 passed, 1 failed"), "{text}");
    assert_eq!(seen.lock().unwrap().len(), 1, "only the login went out");
    let out = resp().args(["run", "--json"]).arg(&file).output().unwrap();
    let lines = json_lines(&out);
    assert_eq!(lines[1]["outcome"], "not_sent");
    assert_eq!(lines[1]["exit_code"], 1);
    assert_eq!(lines[2]["failed"], 1);
}

#[test]
fn graphql_requests_go_out_as_json() {
    let (url, seen) = server(|_| reply("200 OK", "", "{\"data\": {}}"));
    let dir = folder("graphql");
    let file = write(
        &dir,
        "graphql.http",
        &format!(
            "POST {url}/graphql\nX-Request-Type: GraphQL\n\nquery item($id: ID!) {{\n  item(id: $id) {{ name }}\n}}\n\n{{\"id\": \"7\"}}\n\n###\nGRAPHQL {url}/graphql\n\n{{ items {{ id }} }}\n"
        ),
    );
    resp()
        .args(["run", "--jobs", "1"])
        .arg(&file)
        .assert()
        .success();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert!(
            request.starts_with("POST /graphql HTTP/1.1\r\n"),
            "{request}"
        );
        assert!(
            !request.to_ascii_lowercase().contains("x-request-type"),
            "{request}"
        );
        let body = request.split_once("\r\n\r\n").unwrap().1;
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(body["query"].as_str().unwrap().contains("id"), "{body}");
    }
    let first = seen.iter().find(|r| r.contains("item(id")).unwrap();
    let body: serde_json::Value =
        serde_json::from_str(first.split_once("\r\n\r\n").unwrap().1).unwrap();
    assert_eq!(body["variables"]["id"], "7");
}

#[test]
fn tables_strict_and_time_limits_apply_to_every_request() {
    let (url, _) = server(|request| match first_line(request) {
        l if l.starts_with("GET /stall") => {
            thread::sleep(std::time::Duration::from_millis(1500));
            reply("200 OK", "", "{}")
        }
        l if l.starts_with("POST /v1.46/containers/abc/pause") => {
            reply("418 I'm a teapot", "", "{\"message\": \"no\"}")
        }
        _ => reply("420 Enhance Your Calm", "", "{}"),
    });
    let dir = folder("limits");
    let file = write(
        &dir,
        "limits.http",
        &format!("GET {url}/stall\n\n###\nGET {url}/calm\n"),
    );
    let table =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tables/statuses-object.json");
    let out = resp()
        .args(["run", "--response-timeout", "0.3", "--table"])
        .arg(&table)
        .arg(&file)
        .output()
        .unwrap();
    // The timeout fails its own request; the other is judged by the table given.
    assert_eq!(out.status.code(), Some(8));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("timed out"), "{text}");
    assert!(text.contains("420 Chill Out"), "{text}");
    assert!(text.contains("0 passed, 2 failed"), "{text}");
    // --strict needs a description, and then holds every request to it.
    let strict = write(
        &dir,
        "strict.http",
        &format!("POST {url}/v1.46/containers/abc/pause\n"),
    );
    resp()
        .args(["run", "--strict"])
        .arg(&strict)
        .assert()
        .code(2);
    let spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi/docker-like.yaml");
    let out = resp()
        .args(["run", "--strict", "--table"])
        .arg(&spec)
        .arg(&strict)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(10),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_reader_that_goes_away_stops_the_run() {
    use std::io::BufRead;
    let (url, seen) = server(|_| {
        thread::sleep(std::time::Duration::from_millis(50));
        reply("200 OK", "", "{}")
    });
    let dir = folder("cut");
    let text: String = (0..20).map(|i| format!("###\nGET {url}/{i}\n\n")).collect();
    let file = write(&dir, "cut.http", &text);
    let mut cmd = resp();
    cmd.args(["run", "--json", "--jobs", "1"]).arg(&file);
    let mut child = common::std_of(&cmd, None)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"type\":\"response\""), "{first}");
    drop(reader);
    let status = child.wait().unwrap();
    // Quiet, with the code of what was judged; the requests left are not made.
    assert_eq!(status.code(), Some(0));
    let sent = seen.lock().unwrap().len();
    assert!(sent < 20, "{sent} requests made after the reader left");
}

/// A keep-alive server on loopback: it answers every request on a connection until the
/// client closes it, or, with `close_after`, closes the connection after that many
/// answers without saying so. It counts connections and requests.
fn kept_alive_server(close_after: Option<usize>) -> (String, Arc<Mutex<(usize, usize)>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let counts = Arc::new(Mutex::new((0usize, 0usize)));
    let log = Arc::clone(&counts);
    thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            log.lock().unwrap().0 += 1;
            let log = Arc::clone(&log);
            thread::spawn(move || {
                let mut answered = 0;
                loop {
                    let request = read_request(&mut stream);
                    if request.is_empty() {
                        break;
                    }
                    log.lock().unwrap().1 += 1;
                    let body = format!("{{\"n\":{answered}}}");
                    let reply = format!(
                        "HTTP/1.1 200 Fine\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    if stream.write_all(reply.as_bytes()).is_err() {
                        break;
                    }
                    answered += 1;
                    if close_after == Some(answered) {
                        break;
                    }
                }
            });
        }
    });
    (url, counts)
}

#[test]
fn a_worker_reuses_its_kept_alive_connection_and_records_each_exchange() {
    let (url, counts) = kept_alive_server(None);
    let dir = folder("keepalive");
    let text: String = (0..5).map(|i| format!("###\nGET {url}/{i}\n\n")).collect();
    let file = write(&dir, "k.http", &text);
    let out = resp()
        .args(["run", "--json", "--jobs", "1", "-v"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(
        *counts.lock().unwrap(),
        (1, 5),
        "one connection, five requests"
    );
    let records: Vec<serde_json::Value> = json_lines(&out)
        .into_iter()
        .filter(|r| r["type"] == "response")
        .collect();
    assert_eq!(records.len(), 5);
    let port = &records[0]["connection"]["local_port"];
    for (i, r) in records.iter().enumerate() {
        // Each exchange's own head, as the server wrote it, and its own timing.
        assert_eq!(r["reason"], "Fine", "{r}");
        assert_eq!(r["connection"]["local_port"], *port, "{r}");
        assert_eq!(r["connection"]["reused"], i > 0, "{r}");
        assert!(r["timing"]["wait_ms"].is_number(), "{r}");
        if i > 0 {
            // A reused connection was not opened again: no connect phase.
            assert!(r["timing"]["connect_ms"].is_null(), "{r}");
            assert_eq!(r["request"]["url"], format!("{url}/{i}"), "{r}");
        }
        assert_eq!(r["body_bytes"], 7, "{r}");
    }
    // The card says why the timing has no connecting phases.
    let out = resp()
        .args(["run", "--jobs", "1", "-v"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        text.matches("timing (connection reused: no DNS, connect or TLS)")
            .count(),
        4,
        "{text}"
    );
}

#[test]
fn a_kept_connection_the_server_dropped_is_replaced_not_failed() {
    // The server closes each connection after one answer, without a word.
    let (url, counts) = kept_alive_server(Some(1));
    let dir = folder("dropped");
    let text: String = (0..4).map(|i| format!("###\nGET {url}/{i}\n\n")).collect();
    let file = write(&dir, "d.http", &text);
    let out = resp()
        .args(["run", "--json", "--jobs", "1"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let (connections, requests) = *counts.lock().unwrap();
    assert_eq!(requests, 4);
    assert_eq!(connections, 4);
    let records = json_lines(&out);
    assert!(records.iter().all(|r| r["exit_code"] == 0), "{records:?}");
}

#[test]
fn a_proxy_variable_run_cannot_use_is_refused_before_anything_is_sent() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/a", listener.local_addr().unwrap());
    let dir = common::TempDir::new("run-proxy");
    let file = dir.join("a.http");
    std::fs::write(&file, format!("GET {url}\n")).unwrap();
    for (name, value) in [
        ("HTTP_PROXY", "http://127.0.0.1:99999"),
        ("ALL_PROXY", "socks5://127.0.0.1:9"),
    ] {
        resp()
            .env(name, value)
            .arg("run")
            .arg(&file)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "{name} is not a proxy resp can use"
            )));
    }
    assert!(listener.accept().is_err(), "nothing was sent");
}

#[test]
fn a_file_with_no_request_fails_the_run() {
    let dir = common::TempDir::new("run-empty");
    let file = dir.join("empty.http");
    std::fs::write(
        &file,
        "# only a comment\n@host = http://127.0.0.1:9\n\n###\n",
    )
    .unwrap();
    resp()
        .arg("run")
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("empty.http: no request in it"));
    resp()
        .args(["run", "/dev/null"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no request in it"));
}

#[test]
fn the_coloured_table_has_no_blanks_at_its_line_ends() {
    let (url, _) = server(|request| {
        if first_line(request).contains("/bad") {
            reply("500 Internal Server Error", "", r#"{"message": "down"}"#)
        } else {
            reply("200 OK", "", "{}")
        }
    });
    let dir = folder("colour");
    let file = write(
        &dir,
        "a.http",
        &format!("GET {url}/ok\n\n###\nGET {url}/bad\n"),
    );
    let out = common::bare()
        .env("COLUMNS", "100")
        .args(["--color", "always", "run"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(5));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains('\x1b'), "coloured: {text:?}");
    for line in text.lines() {
        let plain = line.replace("\x1b[0m", "");
        let visible = plain
            .split('\x1b')
            .map(|part| part.find('m').map_or(part, |at| &part[at + 1..]))
            .collect::<String>();
        assert!(!visible.ends_with(' '), "a line ends in blanks: {line:?}");
    }
}

#[test]
fn a_variable_only_a_handler_sets_leaves_its_requests_unsent_and_the_rest_run() {
    let (url, seen) = server(|_| reply("200 OK", "", "{\"token\": \"t1\"}"));
    let dir = folder("handled");
    let file = write(
        &dir,
        "handled.http",
        &format!(
            concat!(
                "@host = {url}\n",
                "@auth = Bearer {{{{token}}}}\n",
                "### login\n",
                "POST {{{{host}}}}/login\n",
                "\n",
                "> {{%\n",
                "  client.global.set(\"token\", response.body.token);\n",
                "  client.global.set('id', 7);\n",
                "%}}\n",
                "\n",
                "### me\n",
                "GET {{{{host}}}}/me?id={{{{id}}}}\n",
                "Authorization: {{{{auth}}}}\n",
                "\n",
                "### open\n",
                "GET {{{{host}}}}/open\n",
                "\n",
                "### upload\n",
                "POST {{{{host}}}}/upload\n",
                "\n",
                "< ./{{{{token}}}}.json\n",
            ),
            url = url
        ),
    );
    write(&dir, "from-env.json", "{\"up\": 1}");
    let out = resp()
        .args(["run", "--jobs", "1"])
        .arg(&file)
        .output()
        .unwrap();
    // The unsent request is a failure of the run, as any request that could not be made.
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    let sent: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|r| first_line(r).to_string())
        .collect();
    assert_eq!(
        sent,
        ["POST /login HTTP/1.1", "GET /open HTTP/1.1"],
        "{text}"
    );
    // The upload's file is named by the handler: never known, not a missing file.
    assert!(text.contains("2 passed, 2 failed"), "{text}");
    assert!(!text.contains("no such file"), "{text}");
    assert!(text.contains("not sent"), "{text}");
    assert!(text.contains("{{id}} (line 8) and {{token}} (line 7) are set only by response handlers, which resp does not run: give them with @name = value, --env or the environment"), "{text}");
    // The row's URL is what is known, the rest left as written.
    let lines = json_lines(
        &resp()
            .args(["run", "--json", "--jobs", "1"])
            .arg(&file)
            .output()
            .unwrap(),
    );
    assert_eq!(lines[1]["outcome"], "not_sent");
    assert_eq!(lines[1]["exit_code"], 1);
    assert_eq!(
        lines[1]["request"]["url"],
        format!("{url}/me?id={{{{id}}}}")
    );
    assert!(
        lines[1]["failure"]
            .as_str()
            .unwrap()
            .contains("handled.http:12: {{id}} (line 8)")
    );
    assert_eq!(lines[3]["outcome"], "not_sent");
    assert_eq!(lines[4]["failed"], 2);
    // Given another way, the value is used and the request sent.
    seen.lock().unwrap().clear();
    let out = resp()
        .args(["run", "--jobs", "1"])
        .arg(&file)
        .env("token", "from-env")
        .env("id", "9")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let me = seen
        .lock()
        .unwrap()
        .iter()
        .find(|r| first_line(r).starts_with("GET /me"))
        .cloned()
        .unwrap();
    assert!(me.starts_with("GET /me?id=9 "), "{me}");
    assert!(
        me.to_ascii_lowercase()
            .contains("authorization: bearer from-env"),
        "{me}"
    );
    let upload = seen
        .lock()
        .unwrap()
        .iter()
        .find(|r| first_line(r).starts_with("POST /upload"))
        .cloned()
        .unwrap();
    assert!(upload.ends_with("{\"up\": 1}"), "{upload}");
    // A variable no handler sets stays an error of the file, and nothing is sent.
    seen.lock().unwrap().clear();
    let file = write(
        &dir,
        "nowhere.http",
        &format!(
            "POST {url}/login\n\n> {{% client.global.set(\"token\", 1) %}}\n\n###\nGET {url}/x?t={{{{token}}}}&n={{{{nowhere}}}}\n"
        ),
    );
    let out = resp().arg("run").arg(&file).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nowhere.http:6: {{nowhere}} is not defined"),
        "{err}"
    );
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn the_table_reads_well_at_80_and_120_columns() {
    let long = "the store name must be between 1 and 20 characters, the categories must not be empty and the contact number is not a phone number";
    let (url, _seen) = server(move |request| {
        if request.starts_with("POST /stores") {
            reply(
                "422 Unprocessable Content",
                "",
                &format!("{{\"message\": \"{long}\"}}"),
            )
        } else {
            reply("200 OK", "", "{}")
        }
    });
    let dir = folder("columns");
    let query: String = (0..12).map(|i| format!("&field{i}=value{i}")).collect();
    let file = write(
        &dir,
        "columns.http",
        &format!(
            concat!(
                "### Log in with the test account\n",
                "POST {url}/login\n\n",
                "> {{% client.global.set(\"token\", response.body.token) %}}\n\n",
                "### Create a store with every field filled in\n",
                "POST {url}/stores\n\n",
                "### Search\n",
                "GET {url}/stores/search?first=1{query}&last=end\n\n",
                "### Mine\n",
                "GET {url}/me/{{{{token}}}}\n",
            ),
            url = url,
            query = query
        ),
    );
    let origin = url.clone();
    for columns in ["80", "120"] {
        let out = resp()
            .args(["run", "--jobs", "1"])
            .arg(&file)
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        let max: usize = columns.parse().unwrap();
        for line in text.lines() {
            assert!(
                line.chars().count() <= max,
                "wider than {max}: {line:?}\n{text}"
            );
        }
        // One line a row: the long URL shortened in its middle, its start and end kept.
        let search = text.lines().find(|l| l.starts_with(" Search")).unwrap();
        assert!(
            search.contains("/stores/") && search.contains("…") && search.contains("last=end"),
            "{text}"
        );
        // On one origin, the rows show paths and the count line says the origin.
        assert!(
            text.contains(&format!("4 requests to {origin} in")),
            "{text}"
        );
        // The not-sent row shows what is unknown as written; the reasons are notes.
        let mine = text.lines().find(|l| l.starts_with(" Mine")).unwrap();
        assert!(
            mine.contains("/me/{{token}}") && mine.contains("not sent [2]"),
            "{text}"
        );
        let create = text.lines().find(|l| l.starts_with(" Create")).unwrap();
        assert!(create.contains("client error [1]"), "{text}");
        assert!(text.contains("\n[1] the store name must be"), "{text}");
        assert!(text.contains("\n[2] "), "{text}");
        let notes: String = text
            .split("\n[1] ")
            .nth(1)
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(notes.starts_with(long), "{text}");
        assert!(
            notes.contains("{{token}} (line 4) is set only by a response handler"),
            "{text}"
        );
    }
    // Without a width (a pipe), rows keep their whole URLs, one a line.
    let out = resp()
        .args(["run", "--jobs", "1"])
        .arg(&file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("{url}/stores/search?first=1{query}&last=end")),
        "{text}"
    );
    assert!(text.contains(&format!("{url}/me/{{{{token}}}}")), "{text}");
}

#[test]
fn run_and_send_take_the_same_time_limit_flags() {
    // Each flag's entry in --help: from its line to the next flag's.
    let entries = |command: &str| -> Vec<String> {
        let out = resp()
            .args([command, "--help"])
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        [
            "--timeout",
            "--connect-timeout",
            "--response-timeout",
            "--idle-timeout",
        ]
        .iter()
        .map(|flag| {
            let from = text.find(&format!("      {flag} <SECS>")).unwrap();
            let rest = &text[from..];
            let end = ["\n  -", "\n      --", "\n\n"]
                .iter()
                .filter_map(|next| rest[1..].find(next))
                .min()
                .map_or(rest.len(), |e| e + 1);
            rest[..end].to_string()
        })
        .collect()
    };
    let run = entries("run");
    assert_eq!(run, entries("send"));
    assert!(
        run.iter().all(|e| e.matches(" <SECS>").count() == 1),
        "{run:?}"
    );
    assert!(run[0].contains("[default: none]"), "{run:?}");
    assert!(run[1].contains("[default: 10]"), "{run:?}");
    // The same parser: a negative limit is refused by both, as a usage error.
    for command in ["run", "send"] {
        let target = if command == "run" {
            "a.http"
        } else {
            "http://127.0.0.1:9/"
        };
        let out = resp()
            .args([command, "--connect-timeout", "-1", target])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains("a time limit is 0 (no limit) or more seconds"),
            "{command}: {out:?}"
        );
    }
}
