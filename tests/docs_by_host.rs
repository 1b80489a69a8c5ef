//! Which docs judge a response: the embedded table named as Twitter's, `--table standard`
//! for the registry alone, descriptions chosen by the host their servers name, and the
//! `.resp.toml` / user config files that name each API's docs, with their precedence.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::{Path, PathBuf};

use common::{json, json_lines, resp};
use predicates::prelude::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh directory for one test.
fn scratch(name: &str) -> common::TempDir {
    common::TempDir::new(&format!("hosts-{name}"))
}

/// A saved response with `status`, written into `dir`.
fn response(dir: &Path, status: u16, reason: &str) -> PathBuf {
    let path = dir.join(format!("{status}.http"));
    let body = r#"{"detail":"nope"}"#;
    std::fs::write(
        &path,
        format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
    .unwrap();
    path
}

/// A Markdown table whose 500 reads `text`.
fn table_500(path: &Path, text: &str) {
    std::fs::write(
        path,
        format!("| Code | Text | Description |\n|---|---|---|\n| 500 | {text} | from {text} |\n"),
    )
    .unwrap();
}

/// `resp` run from `dir`, with no config of the developer's own in the way.
fn resp_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = resp();
    // Wide enough that a long path and its reason stay on one line.
    cmd.current_dir(dir)
        .env_remove("XDG_CONFIG_HOME")
        .env("COLUMNS", "400");
    cmd
}

/// The `operation_id` of the one JSON line `read --json` wrote.
fn operation_id(out: &std::process::Output) -> String {
    let lines = json_lines(out);
    assert_eq!(lines.len(), 1, "{}", String::from_utf8_lossy(&out.stdout));
    lines[0]["operation"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_embedded_table_is_named_as_twitters() {
    let dir = scratch("embedded");
    let out = resp_in(&dir).args(["explain", "500"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("source     documented table (Twitter's API response codes, built in)"),
        "{stdout}"
    );
    let v = json(
        &resp_in(&dir)
            .args(["explain", "--json", "420", "418"])
            .output()
            .unwrap(),
    );
    assert_eq!(v[0]["table"], "Twitter's API response codes, built in");
    // A registry answer names no table.
    assert_eq!(v[1]["source"], "standard");
    assert!(v[1].get("table").is_none(), "{v}");
    let list = resp_in(&dir).args(["explain", "5xx"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&list.stdout)
            .contains("documented table: Twitter's API response codes, built in"),
    );
    // The card and the JSON line of a judged response say whose wording it is.
    let file = response(&dir, 500, "Internal Server Error");
    resp_in(&dir)
        .args(["read"])
        .arg(&file)
        .assert()
        .code(5)
        .stdout(predicate::str::contains(
            "5xx server error · Twitter's API response codes",
        ));
    let line = &json_lines(
        &resp_in(&dir)
            .args(["read", "--json"])
            .arg(&file)
            .output()
            .unwrap(),
    )[0];
    assert_eq!(
        line["documented"]["table"],
        "Twitter's API response codes, built in"
    );
}

#[test]
fn table_standard_is_the_registry_alone() {
    let dir = scratch("standard");
    let file = response(&dir, 500, "Internal Server Error");
    let out = resp_in(&dir)
        .args(["--table", "standard", "read", "-v"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(5), "{stdout}");
    assert!(!stdout.contains("developer forums"), "{stdout}");
    assert!(!stdout.contains("Twitter"), "{stdout}");
    assert!(stdout.contains("standard registry alone"), "{stdout}");
    // 420 is Twitter's own: the registry does not know it.
    let v = json(
        &resp_in(&dir)
            .args(["explain", "--json", "--table", "standard", "420", "422"])
            .output()
            .unwrap(),
    );
    assert_eq!(v[0]["source"], "unknown", "{v}");
    assert_eq!(v[1]["source"], "standard", "{v}");
    assert!(!v.to_string().contains("update_profile_banner"), "{v}");
    // The same through RESP_TABLE, and from a config file.
    resp_in(&dir)
        .env("RESP_TABLE", "standard")
        .args(["explain", "420"])
        .assert()
        .stdout(predicate::str::contains("not in the documented table").or(
            predicate::str::contains("neither in the documented table nor the standard registry"),
        ))
        .stdout(predicate::str::contains("Twitter").not());
    std::fs::write(dir.join(".resp.toml"), "[[api]]\ntable = \"standard\"\n").unwrap();
    resp_in(&dir)
        .args(["explain", "500"])
        .assert()
        .stdout(predicate::str::contains("developer forums").not())
        .stdout(predicate::str::contains("standard registry"));
    // A file named `standard` is still reachable as ./standard.
    table_500(&dir.join("standard"), "Local Standard");
    resp_in(&dir)
        .args(["explain", "--table", "./standard", "500"])
        .assert()
        .stdout(predicate::str::contains("Local Standard"));
}

#[test]
fn two_descriptions_judge_their_own_hosts() {
    let dir = scratch("two");
    let file = response(&dir, 404, "Not Found");
    let alpha = fixture("openapi/files-alpha.yaml");
    let beta = fixture("openapi/files-beta.json");
    let read = |url: &str| {
        resp_in(&dir)
            .arg("--table")
            .arg(&alpha)
            .arg("--table")
            .arg(&beta)
            .args(["read", "--json", "--request", url])
            .arg(&file)
            .output()
            .unwrap()
    };
    // Alpha is asked first, and its /v1 + /files matches the path: only the host tells.
    assert_eq!(
        operation_id(&read("GET https://api.beta.test/v1/files")),
        "GetBetaFiles"
    );
    assert_eq!(
        operation_id(&read("GET https://api.alpha.test/v1/files")),
        "listAlphaFiles"
    );
    assert_eq!(
        operation_id(&read("GET https://API.Beta.test.:8443/v1/files?limit=3")),
        "GetBetaFiles"
    );
    // An operation's own servers name a host too.
    assert_eq!(
        operation_id(&read("POST https://files.beta.test/v1/files")),
        "PostBetaFiles"
    );
    // A host neither names: no operation, and the registry's meaning.
    let lines = json_lines(&read("GET https://api.gamma.test/v1/files"));
    assert!(lines[0]["operation"]["id"].is_null(), "{}", lines[0]);
    // -v says which docs judged it and why.
    let out = resp_in(&dir)
        .arg("--table")
        .arg(&alpha)
        .arg("--table")
        .arg(&beta)
        .args([
            "read",
            "-v",
            "--request",
            "GET https://api.beta.test/v1/files",
        ])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("its servers name api.beta.test"),
        "{stdout}"
    );
    assert!(stdout.contains("files-beta.json"), "{stdout}");
    assert!(!stdout.contains("files-alpha.yaml"), "{stdout}");
    // Given alone, a description judges every host (staging, localhost).
    let out = resp_in(&dir)
        .arg("--table")
        .arg(&alpha)
        .args([
            "read",
            "--json",
            "--request",
            "GET http://127.0.0.1:8080/v1/files",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(operation_id(&out), "listAlphaFiles");
}

#[test]
fn a_table_with_no_servers_applies_to_every_host() {
    let dir = scratch("every");
    let file = response(&dir, 500, "Internal Server Error");
    let out = resp_in(&dir)
        .arg("--table")
        .arg(fixture("openapi/files-alpha.yaml"))
        .arg("--table")
        .arg(fixture("tables/example-errors.md"))
        .args(["read", "--json", "--request", "GET https://anything.test/x"])
        .arg(&file)
        .output()
        .unwrap();
    let line = &json_lines(&out)[0];
    assert_eq!(line["documented"]["text"], "Example Broke", "{line}");
}

#[test]
fn a_project_file_in_a_parent_folder_names_each_apis_docs() {
    let root = scratch("project");
    let specs = root.join("specs");
    std::fs::create_dir_all(&specs).unwrap();
    std::fs::copy(fixture("openapi/files-beta.json"), specs.join("beta.json")).unwrap();
    std::fs::copy(fixture("tables/example-errors.md"), root.join("errors.md")).unwrap();
    std::fs::write(
        root.join(".resp.toml"),
        "# which docs judge which API\n\
         [[api]]\n\
         table = \"specs/beta.json\"          # its servers name the hosts\n\
         [[api]]\n\
         table = \"errors.md\"\n\
         hosts = [\"api.example.test\"]           # for a table without servers\n",
    )
    .unwrap();
    let deeper = root.join("src/deeper");
    std::fs::create_dir_all(&deeper).unwrap();
    let file = response(&deeper, 500, "Internal Server Error");
    let read = |url: &str, extra: &[&str]| {
        resp_in(&deeper)
            .args(["read", "--request", url])
            .args(extra)
            .arg(&file)
            .output()
            .unwrap()
    };
    let out = read("GET https://api.example.test/v2/things", &["--json"]);
    assert_eq!(json_lines(&out)[0]["documented"]["text"], "Example Broke");
    // Beta's servers do not name that host, and errors.md is for api.example.test alone.
    let out = read("GET https://api.beta.test/v1/files", &["--json"]);
    let line = &json_lines(&out)[0];
    assert_eq!(line["operation"]["id"], "GetBetaFiles", "{line}");
    assert!(line["documented"].is_null(), "{line}");
    let out = read("GET https://api.example.test/", &["-v"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let named = format!("{}:4", root.join(".resp.toml").display());
    assert!(stdout.contains(&named), "{named}: {stdout}");
    assert!(
        stdout.contains("its hosts name api.example.test"),
        "{stdout}"
    );
    // Another host: neither applies, so the registry, not Twitter's wording.
    let out = read("GET https://elsewhere.test/", &["-v"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("none names the host elsewhere.test"),
        "{stdout}"
    );
    assert!(!stdout.contains("developer forums"), "{stdout}");
}

#[test]
fn flag_beats_env_beats_project_beats_user_beats_embedded() {
    let root = scratch("precedence");
    let xdg = root.join("xdg");
    let home = root.join("home");
    let project = root.join("project");
    for d in [xdg.join("resp"), home.join(".config/resp"), project.clone()] {
        std::fs::create_dir_all(d).unwrap();
    }
    for name in ["Flag", "Env", "Project", "User", "Home"] {
        table_500(&root.join(format!("{name}.md")), name);
    }
    let config = |dir: &Path, file: &str, table: &str| {
        std::fs::write(
            dir.join(file),
            format!("[[api]]\ntable = '{}'\n", root.join(table).display()),
        )
        .unwrap();
    };
    config(&xdg.join("resp"), "config.toml", "User.md");
    config(&home.join(".config/resp"), "config.toml", "Home.md");
    config(&project, ".resp.toml", "Project.md");
    let text_500 = |cmd: &mut assert_cmd::Command| -> String {
        let v = json(&cmd.args(["explain", "--json", "500"]).output().unwrap());
        v[0]["text"].as_str().unwrap_or_default().to_string()
    };
    let base = || {
        let mut cmd = resp_in(&project);
        cmd.env("XDG_CONFIG_HOME", &xdg).env("HOME", &home);
        cmd
    };
    let flag = root.join("Flag.md");
    let env = root.join("Env.md");
    assert_eq!(
        text_500(base().env("RESP_TABLE", &env).arg("--table").arg(&flag)),
        "Flag"
    );
    assert_eq!(text_500(base().env("RESP_TABLE", &env)), "Env");
    assert_eq!(text_500(&mut base()), "Project");
    // Without the project file: the user's, under XDG_CONFIG_HOME, else under HOME.
    let elsewhere = root.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    assert_eq!(text_500(base().current_dir(&elsewhere)), "User");
    assert_eq!(
        text_500(base().current_dir(&elsewhere).env_remove("XDG_CONFIG_HOME")),
        "Home"
    );
    assert_eq!(
        text_500(
            base()
                .current_dir(&elsewhere)
                .env("XDG_CONFIG_HOME", "relative/ignored")
        ),
        "Home"
    );
    let none = text_500(
        base()
            .current_dir(&elsewhere)
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("HOME"),
    );
    assert_eq!(none, "Internal Server Error");
    // An empty project file names nothing: the user's file answers.
    std::fs::write(project.join(".resp.toml"), "# nothing yet\n").unwrap();
    assert_eq!(text_500(&mut base()), "User");
}

#[test]
fn a_bad_config_file_names_its_file_and_line() {
    let dir = scratch("bad");
    let cases: Vec<(Vec<u8>, usize, &str)> = vec![
        (
            b"[[api]]\ntable = \"x.md\"\ncolor = \"never\"\n".to_vec(),
            3,
            "'color' is not supported",
        ),
        (
            b"# top\n[defaults]\n".to_vec(),
            2,
            "[defaults] is not supported",
        ),
        (
            b"table = \"x.md\"\n".to_vec(),
            1,
            "outside an [[api]] entry",
        ),
        (b"[[api]]\ntable = \"x.md\n".to_vec(), 2, "not closed"),
        (b"[[api]]\nhosts = [\"a.test\"]\n".to_vec(), 1, "no table"),
        (
            b"[[api]]\ntable = \"a\\u0000b\"\nhosts = [\"a.test\",\n  \"b c\"]\n".to_vec(),
            4,
            "not a host",
        ),
        (
            b"[[api]]\ntable = 'x.md'\n\n\xff\n".to_vec(),
            4,
            "not UTF-8",
        ),
        (
            b"[[api]]\ntable = \"x\x1b[31m.md\"\n".to_vec(),
            2,
            "control character",
        ),
        (
            b"[[api]]\ntable = { path = \"x\" }\n".to_vec(),
            2,
            "not supported",
        ),
    ];
    for (text, line, what) in cases {
        std::fs::write(dir.join(".resp.toml"), &text).unwrap();
        let out = resp_in(&dir).args(["explain", "500"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let named = format!("{}:{line}: ", dir.join(".resp.toml").display());
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&named), "{named} / {what}: {stderr}");
        assert!(stderr.contains(what), "{what}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains('\x1b'), "{stderr}");
    }
    // Too large to be a config file: refused without reading it all.
    let mut big = b"[[api]]\ntable = \"x.md\"\n".to_vec();
    big.extend(std::iter::repeat_n(b'#', 2 << 20));
    std::fs::write(dir.join(".resp.toml"), &big).unwrap();
    resp_in(&dir)
        .args(["explain", "500"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not a config file"));
    // A table it names that is not there: the error names the table.
    std::fs::write(dir.join(".resp.toml"), "[[api]]\ntable = \"gone.md\"\n").unwrap();
    resp_in(&dir)
        .args(["explain", "500"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gone.md"));
}

#[test]
fn a_path_with_controls_is_shown_escaped_by_v() {
    let dir = scratch("controls");
    table_500(&dir.join("evil\x1b[2J\u{202e}.md"), "Evil");
    std::fs::write(
        dir.join(".resp.toml"),
        "[[api]]\ntable = \"evil\\u001b[2J\\u202e.md\"\nhosts = [\"api.evil.test\"]\n",
    )
    .unwrap();
    let file = response(&dir, 500, "Internal Server Error");
    let out = resp_in(&dir)
        .args(["read", "-v", "--request", "GET https://api.evil.test/"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Evil"), "{stdout}");
    assert!(stdout.contains("evil\\x1b[2J\\u{202e}.md"), "{stdout}");
    assert!(
        !stdout.contains('\x1b') && !stdout.contains('\u{202e}'),
        "{stdout}"
    );
}

#[test]
fn the_registry_alone_gives_no_api_s_hints_for_a_code_it_does_not_know() {
    // 420 is rate limiting to Twitter's API only: with no API's docs, it gets no such hint.
    let out = resp()
        .args(["--table", "standard", "--json", "explain", "420"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["hints"], serde_json::json!([]), "{v}");
    resp()
        .args(["--table", "standard", "read", "-"])
        .write_stdin("HTTP/1.1 420 Method Failure\r\nContent-Length: 0\r\n\r\n")
        .assert()
        .code(4)
        .stdout(predicate::str::contains("rate limited").not());
    // A registered code keeps resp's own advice; the built-in table keeps 420's.
    resp()
        .args(["--table", "standard", "explain", "429"])
        .assert()
        .stdout(predicate::str::contains("You are rate limited"));
    resp()
        .args(["explain", "420"])
        .assert()
        .stdout(predicate::str::contains("You are rate limited"));
}
