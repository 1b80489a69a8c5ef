//! Tables and descriptions that would take the machine: each hostile input is generated
//! here, small enough for CI, and the test asserts the outcome through the binary (refused
//! with one clear line and exit 1, or read correctly). Memory and time are measured apart,
//! not here; runs that could eat the machine if a limit broke are run under a generous
//! address-space cap (`ulimit -v`), so a regression fails the test instead.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Temp, resp};

/// The cap a run is guarded by: far above what any of these inputs needs once refused.
const GUARD_KIB: usize = 1024 * 1024;

/// `resp ARGS` under the guard: (exit code, stdout, stderr).
fn run(args: &[&str]) -> (Option<i32>, String, String) {
    run_env(args, &[])
}

fn run_env(args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String, String) {
    let limit = format!("ulimit -v {GUARD_KIB} && exec \"$0\" \"$@\"");
    let mut cmd = common::std_of(&resp(), Some(&limit));
    cmd.args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts a refusal: exit 1, no panic, and an error line that says `what`.
fn assert_refused((code, _, err): &(Option<i32>, String, String), what: &str) {
    assert_eq!(*code, Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let line = err.lines().next().unwrap_or_default();
    assert!(line.starts_with("resp: error: "), "{err}");
    assert!(line.contains(what), "{err}");
}

/// The operation `explain --json` matched for `request`, as `METHOD /template`.
fn matched(table: &str, request: &str) -> String {
    let (code, out, err) = run(&["explain", "--json", "--table", table, request]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let op = &v[0]["operation"];
    format!(
        "{} {}",
        op["method"].as_str().unwrap_or("-"),
        op["path"].as_str().unwrap_or("-")
    )
}

#[test]
fn a_megabyte_scalar_aliased_thousands_of_times_is_refused() {
    let mut doc = format!(
        "openapi: 3.0.0\ninfo: {{title: t}}\nx-big: &big {}\nx-copies:\n",
        "a".repeat(1 << 20)
    );
    doc.push_str(&"  - *big\n".repeat(2_000));
    doc.push_str("paths: {}\n");
    let file = Temp::new("aliased.yaml", doc.as_bytes());
    let out = run(&["explain", "404", "--table", file.path()]);
    assert_refused(
        &out,
        "not read: its anchors and aliases copy more than 24 MiB",
    );
    assert!(out.2.contains("aliased.yaml: line "), "{}", out.2);
}

#[test]
fn a_billion_laughs_is_refused() {
    let mut doc = String::from("openapi: 3.0.0\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let items = vec![format!("*a{}", i - 1); 10].join(", ");
        doc.push_str(&format!("a{i}: &a{i} [{items}]\n"));
    }
    assert!(doc.len() < 600);
    let file = Temp::new("laughs.yaml", doc.as_bytes());
    let out = run(&["explain", "404", "--table", file.path()]);
    assert_refused(&out, "copy more than 24 MiB");
}

#[test]
fn anchors_shared_a_few_times_are_read() {
    let doc = "openapi: 3.0.0\ninfo: {title: t}\n\
        x-gone: &gone {description: gone for good}\n\
        paths:\n  /a:\n    get:\n      responses:\n        '410': *gone\n\
        \x20 /b:\n    get:\n      responses:\n        '410': *gone\n";
    let file = Temp::new("shared.yaml", doc.as_bytes());
    let (code, out, err) = run(&["explain", "--table", file.path(), "GET /b", "410"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("410: gone for good"), "{out}");
}

#[cfg(unix)]
#[test]
fn an_endless_table_is_refused_at_the_size_limit() {
    let out = run(&["explain", "404", "--table", "/dev/zero"]);
    assert_refused(
        &out,
        "table /dev/zero: larger than 64 MiB; resp reads tables and descriptions up to that size",
    );
    let out = run_env(&["explain", "404"], &[("RESP_TABLE", "/dev/zero")]);
    assert_refused(&out, "larger than 64 MiB");
}

#[test]
fn a_file_larger_than_the_limit_is_refused_unread() {
    // Sparse: 65 MiB by its size, nothing on the disk.
    let file = Temp::new("huge.md", b"");
    std::fs::OpenOptions::new()
        .write(true)
        .open(file.path())
        .unwrap()
        .set_len(65 << 20)
        .unwrap();
    let out = run(&["explain", "404", "--table", file.path()]);
    assert_refused(&out, "huge.md: larger than 64 MiB");
}

/// A description with `servers` servers (each with `variables` templated segments) and
/// `paths` templated paths.
fn many_servers(servers: usize, paths: usize, variables: usize) -> String {
    let vars: String = (0..variables).map(|k| format!("/{{v{k}}}")).collect();
    let servers: Vec<String> = (0..servers)
        .map(|i| format!(r#"{{"url": "https://h/s{i}{vars}"}}"#))
        .collect();
    let paths: Vec<String> = (0..paths)
        .map(|i| {
            format!(
                r#""/p{i}/{{id}}": {{"get": {{"responses": {{"404": {{"description": "no"}}}}}}}}"#
            )
        })
        .collect();
    format!(
        r#"{{"openapi": "3.0.0", "info": {{"title": "t"}}, "servers": [{}], "paths": {{{}}}}}"#,
        servers.join(","),
        paths.join(",")
    )
}

#[test]
fn thousands_of_servers_and_templated_paths_are_matched() {
    let doc = many_servers(3_000, 3_000, 0);
    let file = Temp::new("servers.json", doc.as_bytes());
    assert_eq!(
        matched(file.path(), "GET https://h/s2999/p2999/7"),
        "GET /p2999/{id}"
    );
    assert_eq!(matched(file.path(), "GET /s0/p0/x"), "GET /p0/{id}");
    // As it stands, without a server's base path.
    assert_eq!(matched(file.path(), "GET /p1500/x"), "GET /p1500/{id}");
    let (code, _, err) = run(&["explain", "--table", file.path(), "GET /s1/p1"]);
    assert_eq!(code, Some(1), "{err}");
}

#[test]
fn servers_with_many_variables_are_matched() {
    let doc = many_servers(500, 500, 50);
    let file = Temp::new("variables.json", doc.as_bytes());
    let vars: String = (0..50).map(|k| format!("/x{k}")).collect();
    assert_eq!(
        matched(file.path(), &format!("GET https://h/s499{vars}/p7/1")),
        "GET /p7/{id}"
    );
}

#[test]
fn a_path_items_own_servers_replace_the_documents() {
    let doc = r#"{"openapi": "3.0.0", "info": {"title": "t"},
        "servers": [{"url": "/v1"}, {"url": "/v2"}],
        "paths": {
          "/users": {"get": {"responses": {"200": {"description": "users"}}}},
          "/keys": {"servers": [{"url": "https://admin/admin"}],
                    "get": {"responses": {"200": {"description": "keys"}}}}}}"#;
    let file = Temp::new("own.json", doc.as_bytes());
    assert_eq!(matched(file.path(), "GET /v2/users"), "GET /users");
    assert_eq!(matched(file.path(), "GET /admin/keys"), "GET /keys");
    let (code, _, err) = run(&["explain", "--table", file.path(), "GET /v1/keys"]);
    assert_eq!(code, Some(1), "{err}");
    let (code, _, err) = run(&["explain", "--table", file.path(), "GET /admin/users"]);
    assert_eq!(code, Some(1), "{err}");
}

/// A description whose `GET /a` 404 reaches its response through `links` `$ref`s:
/// r0 → r1 → … → r{links-1} → the response.
fn chain(links: usize) -> String {
    let mut responses: Vec<String> = (0..links)
        .map(|i| {
            let next = if i + 1 == links {
                "End".to_string()
            } else {
                format!("r{}", i + 1)
            };
            format!(r##""r{i}": {{"$ref": "#/components/responses/{next}"}}"##)
        })
        .collect();
    responses.push(r#""End": {"description": "at the end"}"#.to_string());
    format!(
        r##"{{"openapi": "3.0.0", "info": {{"title": "t"}},
        "paths": {{"/a": {{"get": {{"responses": {{"404": {{"$ref": "#/components/responses/r0"}}}}}}}}}},
        "components": {{"responses": {{{}}}}}}}"##,
        responses.join(",")
    )
}

#[test]
fn a_long_ref_chain_is_too_long_not_a_cycle() {
    let file = Temp::new("chain.json", chain(100).as_bytes());
    let out = run(&["explain", "--table", file.path(), "GET /a"]);
    assert_refused(
        &out,
        "GET /a: response 404: $ref chain too long: more than 64 references in a row, from '#/components/responses/r0'",
    );
    assert!(!out.2.contains("cycle"), "{}", out.2);
    let file = Temp::new("chain.json", chain(60).as_bytes());
    let (code, out, err) = run(&["explain", "--table", file.path(), "GET /a", "404"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("404: at the end"), "{out}");
}

#[test]
fn a_real_cycle_names_its_pointers_cut_short() {
    // A lead-in, then a cycle of eight: the error names the cycle, a few pointers of it.
    let mut responses = vec![r##""in": {"$ref": "#/components/responses/c0"}"##.to_string()];
    for i in 0..8 {
        responses.push(format!(
            r##""c{i}": {{"$ref": "#/components/responses/c{}"}}"##,
            (i + 1) % 8
        ));
    }
    let doc = format!(
        r##"{{"openapi": "3.0.0", "paths": {{"/a": {{"get": {{"responses": {{"500": {{"$ref": "#/components/responses/in"}}}}}}}}}},
        "components": {{"responses": {{{}}}}}}}"##,
        responses.join(",")
    );
    let file = Temp::new("cycle.json", doc.as_bytes());
    let out = run(&["explain", "--table", file.path(), "GET /a"]);
    assert_refused(
        &out,
        "$ref cycle: '#/components/responses/c0' → '#/components/responses/c1' → \
         '#/components/responses/c2' → '#/components/responses/c3' → … (4 more) → \
         '#/components/responses/c0'",
    );
}

#[test]
fn a_pointer_of_ten_thousand_segments_is_echoed_cut() {
    let pointer = format!("#{}", "/x~1y".repeat(10_000));
    let doc = format!(
        r#"{{"openapi": "3.0.0", "paths": {{"/a": {{"get": {{"responses": {{"404": {{"$ref": "{pointer}"}}}}}}}}}}}}"#
    );
    let file = Temp::new("pointer.json", doc.as_bytes());
    let out = run(&["explain", "--table", file.path(), "GET /a"]);
    assert_refused(&out, "points to nothing");
    assert!(out.2.len() < 400, "{} bytes: {}", out.2.len(), out.2);
    assert!(out.2.contains("#/x~1y/x~1y"), "{}", out.2);
    assert!(out.2.contains("(50001 bytes)"), "{}", out.2);
    // A path template as long is cut where it is named too.
    let template = format!("/{}", "t/".repeat(10_000));
    let doc = format!(
        r##"{{"openapi": "3.0.0", "paths": {{"{template}": {{"get": {{"responses": {{"404": {{"$ref": "#/nowhere"}}}}}}}}}}}}"##
    );
    let file = Temp::new("template.json", doc.as_bytes());
    let out = run(&["explain", "--table", file.path(), "GET /a"]);
    assert_refused(&out, "$ref '#/nowhere' points to nothing");
    assert!(out.2.len() < 400, "{} bytes: {}", out.2.len(), out.2);
}

#[test]
fn references_to_other_documents_are_named_cut_in_the_warning() {
    let far = format!("https://example.com/{}.yaml#/x", "d".repeat(5_000));
    let doc = format!(
        r#"{{"openapi": "3.0.0", "paths": {{"/a": {{"get": {{"responses": {{"404": {{"$ref": "{far}"}}}}}}}}}}}}"#
    );
    let file = Temp::new("far.json", doc.as_bytes());
    let (code, _, err) = run(&["explain", "--table", file.path(), "GET /a"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("not followed"), "{err}");
    assert!(err.len() < 600, "{} bytes: {err}", err.len());
}
