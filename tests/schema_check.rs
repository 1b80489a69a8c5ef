//! The full body check through the binary: responses generated here, read against
//! descriptions written for these tests (`tests/fixtures/openapi/repos-like.yaml`, shaped
//! like a code-hosting API's, OpenAPI 3.0; `typed-3.1.json`, 3.1's type lists and
//! keywords). Each mismatch is named by its JSON pointer; `--strict` fails on a body
//! that does not fit, and on a request that matches no operation.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Temp, json, resp};
use serde_json::{Value, json};

fn spec(name: &str) -> String {
    format!(
        "{}/tests/fixtures/openapi/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// A saved response with a JSON body.
fn http(status: &str, body: &str) -> Temp {
    Temp::new(
        "r.http",
        format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\n\r\n{body}").as_bytes(),
    )
}

/// `read --json` of `body` answering `request` against `description`: the line, and the
/// exit code.
fn judged(
    description: &str,
    request: &str,
    status: &str,
    body: &str,
    extra: &[&str],
) -> (Value, i32) {
    let file = http(status, body);
    let out = resp()
        .args([
            "--table",
            &spec(description),
            "read",
            "--json",
            "--request",
            request,
        ])
        .args(extra)
        .arg(file.path())
        .output()
        .unwrap();
    (json(&out), out.status.code().unwrap())
}

fn problems(line: &Value) -> Vec<String> {
    line["operation_response"]["body"]["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no body check: {line}"))
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect()
}

fn user(id: Value) -> Value {
    json!({"login": "octo-cat", "id": id, "type": "User", "site_admin": false})
}

fn issue(n: u64) -> Value {
    json!({"id": n, "number": n, "state": "open", "title": "t", "body": null,
           "user": user(json!(n + 1)), "labels": [{"name": "bug", "color": "00ff00"}]})
}

const REPOS: &str = "repos-like.yaml";

#[test]
fn a_wrong_type_one_level_down_and_in_an_array_item_is_named_by_its_pointer() {
    let mut issues: Vec<Value> = (1..=5).map(issue).collect();
    issues[3]["user"]["id"] = json!("12");
    issues[4]["labels"][0]["colour"] = json!("red");
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/repos/o/r/issues",
        "200 OK",
        &Value::Array(issues).to_string(),
        &[],
    );
    assert_eq!(code, 0, "{line}");
    assert_eq!(
        problems(&line),
        [
            "/3/user/id: a string, documented as integer",
            "/4/labels/0/colour: not documented, and the schema allows no other members",
        ]
    );
    assert_eq!(line["operation_response"]["body"]["fits"], false);
    assert_eq!(
        line["operation_response"]["body"]["schema"],
        "array of issue"
    );
}

#[test]
fn a_body_that_fits_fits() {
    let issues: Vec<Value> = (1..=3).map(issue).collect();
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/repos/o/r/issues",
        "200 OK",
        &Value::Array(issues).to_string(),
        &["--strict"],
    );
    assert_eq!(code, 0, "{line}");
    assert_eq!(line["operation_response"]["body"]["fits"], true, "{line}");
    assert!(line["strict_failure"].is_null());
}

#[test]
fn each_keyword_is_checked() {
    let mut i = issue(7);
    i["state"] = json!("merged"); // enum
    i["title"] = json!("x".repeat(300)); // maxLength
    i["assignees"] = Value::Array((0..11).map(|n| user(json!(n + 1))).collect()); // maxItems
    i["user"]["login"] = json!("no spaces allowed"); // pattern
    i["user"]["id"] = json!(0); // minimum
    i["labels"][0]["color"] = json!("GGGGGG"); // pattern in an array item
    i["reactions"] = json!({"+1": 3, "heart": "many"}); // additionalProperties schema
    i["body"] = json!(null); // nullable: fine
    let body = i.to_string();
    let (line, _) = judged(
        REPOS,
        "GET https://api.repos.example/repos/o/r/issues/7",
        "200 OK",
        &body,
        &[],
    );
    let body_check = &line["operation_response"]["body"];
    // Seven mismatches, in the body's order: five listed, all counted.
    assert_eq!(body_check["mismatches"], 7, "{line}");
    assert_eq!(
        problems(&line),
        [
            "/state: \"merged\", not one of the documented values (\"open\", \"closed\")",
            "/title: 300 characters long, documented as at most 256",
            "/user/login: \"no spaces allowed\" does not match the documented pattern \"^[A-Za-z0-9-]+$\"",
            "/user/id: 0, documented as at least 1",
            "/labels/0/color: \"GGGGGG\" does not match the documented pattern \"^[0-9a-f]{6}$\"",
        ]
    );
    // The rest are counted on the card.
    let file = http("200 OK", &body);
    let out = resp()
        .env("COLUMNS", "400")
        .args(["--table", &spec(REPOS), "read", "--request"])
        .arg("GET https://api.repos.example/repos/o/r/issues/7")
        .arg(file.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(and 2 more)"), "{text}");
    // A missing member, and one a response leaves out (writeOnly) that is not missed.
    let mut i = issue(7);
    i.as_object_mut().unwrap().remove("number");
    let (line, _) = judged(
        REPOS,
        "GET https://api.repos.example/repos/o/r/issues/7",
        "200 OK",
        &i.to_string(),
        &[],
    );
    assert_eq!(
        problems(&line),
        ["/number: missing, documented as required"]
    );
}

#[test]
fn formats_are_warnings_not_failures() {
    let mut u = user(json!(1));
    u["created_at"] = json!("yesterday");
    u["email"] = json!("not an address");
    u["html_url"] = json!("https://repos.example/octo-cat");
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/users/octo-cat",
        "200 OK",
        &u.to_string(),
        &["--strict"],
    );
    assert_eq!(code, 0, "{line}");
    let body_check = &line["operation_response"]["body"];
    assert_eq!(body_check["fits"], true, "{line}");
    let warnings: Vec<&str> = body_check["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(
        warnings,
        [
            "/created_at: \"yesterday\" is not an RFC 3339 date-time (format `date-time`)",
            "/email: \"not an address\" is not an email address (format `email`)",
        ]
    );
}

#[test]
fn a_body_under_a_top_level_any_of_is_checked() {
    // Neither alternative fits: the closest is named, with its first mismatch.
    let mut u = user(json!("12"));
    u["created_at"] = json!("2024-01-01T00:00:00Z");
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/users/octo-cat",
        "200 OK",
        &u.to_string(),
        &["--strict"],
    );
    assert_eq!(code, 10, "{line}");
    assert_eq!(line["strict_failure"], "body");
    assert_eq!(
        problems(&line),
        [
            "the body: fits none of the 2 documented alternatives (private-user, public-user); the closest, public-user: /id: a string, documented as integer"
        ]
    );
}

#[test]
fn a_discriminator_picks_the_branch_and_says_which() {
    let events = json!([
        {"type": "PushEvent", "payload": {"size": "3"}},
        {"type": "WatchEvent", "action": "started"},
        {"type": "ForkEvent"},
        {"payload": {}}
    ]);
    let (line, _) = judged(
        REPOS,
        "GET https://api.repos.example/repos/o/r/events",
        "200 OK",
        &events.to_string(),
        &[],
    );
    assert_eq!(
        problems(&line),
        [
            "/0/payload/size: a string, documented as integer",
            "/2/type: \"ForkEvent\", not a value the discriminator maps (PushEvent, WatchEvent)",
            "/3/type: missing, documented as the discriminator that picks the schema",
        ]
    );
    // At the top, the card names the branch.
    let dir = Temp::new("events.yaml", &discriminated_at_top());
    let file = http("200 OK", r#"{"type": "WatchEvent", "action": "stopped"}"#);
    let out = resp()
        .env("COLUMNS", "200")
        .args(["--table", dir.path(), "read", "--request", "GET /event"])
        .arg(file.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("event as watch-event (by `type`) · the body does not match the documented schema: /action: \"stopped\", not one of the documented values (\"started\")"),
        "{text}"
    );
}

/// The fixture with one more path whose body is the discriminated `event` itself.
fn discriminated_at_top() -> Vec<u8> {
    let text = std::fs::read_to_string(spec(REPOS)).unwrap();
    text.replacen(
        "paths:\n",
        "paths:\n  /event:\n    get:\n      responses:\n        '200':\n          description: one event\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/event'}\n",
        1,
    )
    .into_bytes()
}

#[test]
fn a_cyclic_schema_terminates_and_checks_as_deep_as_the_body() {
    // A tree 50 levels deep (100 of JSON, within serde_json's 128), with a wrong type at
    // the bottom.
    let mut tree = json!({"sha": 5});
    for n in 0..49 {
        tree = json!({"sha": format!("s{n}"), "children": [tree]});
    }
    let (line, _) = judged(
        REPOS,
        "GET https://api.repos.example/tree/abc",
        "200 OK",
        &tree.to_string(),
        &[],
    );
    let p = problems(&line);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("/children/0/children/0/"), "{p:?}");
    assert!(
        p[0].ends_with("/sha: an integer, documented as string"),
        "{p:?}"
    );
    // 100,000 levels: judged at the top, skipped below without recursion, no crash.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/tree/abc",
        "200 OK",
        &deep,
        &[],
    );
    assert_eq!(code, 0);
    assert_eq!(
        problems(&line),
        ["the body: an array, documented as object"]
    );
    // The same depth where the cyclic schema goes along (trees in trees): serde_json's
    // nesting limit ends the walk, and the body is said not to parse, not judged.
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/tree/abc",
        "200 OK",
        &format!(
            "{}{}",
            "{\"sha\": \"s\", \"children\": [".repeat(50_000),
            "]}".repeat(50_000)
        ),
        &[],
    );
    assert_eq!(code, 0);
    assert!(line["operation_response"]["body"].is_null(), "{line}");
}

#[test]
fn many_mismatches_are_listed_five_and_counted() {
    let issues: Vec<Value> = (1..=50)
        .map(|n| {
            let mut i = issue(n);
            i["number"] = json!(format!("{n}"));
            i
        })
        .collect();
    let (line, _) = judged(
        REPOS,
        "GET https://api.repos.example/repos/o/r/issues",
        "200 OK",
        &Value::Array(issues).to_string(),
        &[],
    );
    assert_eq!(line["operation_response"]["body"]["mismatches"], 50);
    assert_eq!(problems(&line).len(), 5);
    assert_eq!(
        problems(&line)[4],
        "/4/number: a string, documented as integer"
    );
}

#[test]
fn hostile_member_names_are_escaped_cut_and_sanitized() {
    let name = format!("a/b~c\u{1b}[31m{}", "x".repeat(500));
    let body = json!([{ "id": 1, "number": 1, "state": "open", "title": "t", "user": user(json!(1)),
        "labels": [{"name": "n", (name.clone()): 1}] }]);
    let file = http("200 OK", &body.to_string());
    let out = resp()
        .env("COLUMNS", "400")
        .args([
            "--table",
            &spec(REPOS),
            "read",
            "--body",
            "none",
            "--request",
        ])
        .arg("GET https://api.repos.example/repos/o/r/issues")
        .arg(file.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("/0/labels/0/a~1b~0c\\x1b[31mxxx"), "{text}");
    assert!(!text.contains(&"x".repeat(100)), "{text}");
}

#[test]
fn an_empty_body_where_json_is_documented_is_said() {
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/repos/o/r/issues/1",
        "200 OK",
        "",
        &["--strict"],
    );
    assert_eq!(code, 10, "{line}");
    assert_eq!(
        problems(&line),
        ["the body is empty, and the response documents a JSON body (issue)"]
    );
    // A 304 has no body to check.
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/users/u",
        "304 Not Modified",
        "",
        &["--strict"],
    );
    assert_eq!(code, 3, "{line}");
    assert!(line["operation_response"]["body"].is_null(), "{line}");
}

#[test]
fn a_type_member_is_a_problem_type_only_in_an_error() {
    // `type: card` is the charge's own member in a success.
    let charge = r#"{"id": "ch_1", "object": "charge", "type": "card"}"#;
    let (line, _) = judged(
        REPOS,
        "GET https://api.repos.example/charges/ch_1",
        "200 OK",
        charge,
        &[],
    );
    assert!(
        line["operation_response"]["problem_type"].is_null(),
        "{line}"
    );
    assert_eq!(line["operation_response"]["body"]["fits"], true, "{line}");
    let file = http("200 OK", charge);
    let out = resp()
        .args([
            "--table",
            &spec(REPOS),
            "read",
            "--request",
            "GET /charges/ch_1",
        ])
        .arg(file.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("problem type"), "{text}");
}

#[test]
fn strict_lets_errors_documented_only_as_default_pass_and_says_so() {
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/charges/ch_1",
        "404 Not Found",
        r#"{"error": {"type": "invalid_request_error", "message": "No such charge"}}"#,
        &["--strict"],
    );
    assert_eq!(code, 4, "{line}");
    assert_eq!(line["error_by_default"], true);
    // Its body is still checked.
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/charges/ch_1",
        "404 Not Found",
        r#"{"error": {"type": "oops", "message": "No such charge"}}"#,
        &["--strict"],
    );
    assert_eq!(code, 10, "{line}");
    assert_eq!(line["strict_failure"], "body");
    // A 404 where the operation lists other errors is not excused.
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/repos/o/r/issues/1",
        "404 Not Found",
        r#"{"message": "Not Found"}"#,
        &["--strict"],
    );
    assert_eq!(
        (code, &line["strict_failure"]),
        (10, &json!("status")),
        "{line}"
    );
}

#[test]
fn strict_fails_a_request_that_matches_no_operation() {
    let (line, code) = judged(
        REPOS,
        "GET https://api.repos.example/nowhere",
        "200 OK",
        "{}",
        &["--strict"],
    );
    assert_eq!(code, 10, "{line}");
    assert_eq!(line["strict_failure"], "no_operation");
    let file = http("200 OK", "{}");
    let out = resp()
        .args([
            "--table",
            &spec(REPOS),
            "read",
            "--strict",
            "--request",
            "GET /nowhere",
        ])
        .arg(file.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("exit code  10 (--strict: request matches no documented operation)"),
        "{text}"
    );
}

#[test]
fn a_literal_template_without_the_method_is_path_documented_method_not() {
    let (line, _) = judged(
        REPOS,
        "PATCH https://api.repos.example/repos/o/r/issues/comments",
        "200 OK",
        "[]",
        &[],
    );
    assert!(line["operation"].is_null(), "{line}");
    assert_eq!(
        line["no_operation"],
        "path documented, method not: /repos/{owner}/{repo}/issues/comments is documented for GET, not PATCH"
    );
    // The templated sibling still answers its own requests.
    let (line, _) = judged(
        REPOS,
        "PATCH https://api.repos.example/repos/o/r/issues/12",
        "200 OK",
        &issue(12).to_string(),
        &[],
    );
    assert_eq!(line["operation"]["id"], "issues/update");
}

#[test]
fn a_path_parameter_holding_a_slash_matches_nothing_with_a_hint() {
    let (line, _) = judged(
        REPOS,
        "GET https://api.repos.example/repos/o/r/contents/docs/guide/README.md",
        "200 OK",
        r#"{"path": "docs/guide/README.md"}"#,
        &[],
    );
    assert_eq!(
        line["no_operation"],
        "no documented path matches it (a path parameter holds no `/`); /repos/{owner}/{repo}/contents/{path} would, with `docs/guide/README.md` encoded as `docs%2Fguide%2FREADME.md`"
    );
    let (line, _) = judged(
        REPOS,
        "GET https://api.repos.example/repos/o/r/contents/docs%2Fguide%2FREADME.md",
        "200 OK",
        r#"{"path": "docs/guide/README.md"}"#,
        &[],
    );
    assert_eq!(line["operation"]["id"], "repos/get-content", "{line}");
}

#[test]
fn the_encoded_parameter_hint_wins_over_another_descriptions_plain_miss() {
    // A first description for the same host that knows nothing of the path: its plain
    // "no path" must not hide the hint the second one gives.
    let first = Temp::new(
        "first.yaml",
        b"openapi: 3.0.3\ninfo: {title: Other, version: '1'}\nservers:\n  - url: https://api.repos.example\npaths:\n  /status:\n    get:\n      operationId: status\n      responses:\n        '200': {description: ok}\n",
    );
    let file = http("200 OK", r#"{"path": "docs/guide/README.md"}"#);
    let out = resp()
        .args([
            "--table",
            first.path(),
            "--table",
            &spec(REPOS),
            "read",
            "--json",
        ])
        .args([
            "--request",
            "GET https://api.repos.example/repos/o/r/contents/docs/guide/README.md",
        ])
        .arg(file.path())
        .output()
        .unwrap();
    let line = json(&out);
    let miss = line["no_operation"].as_str().unwrap_or_default();
    assert!(
        miss.contains("would, with `docs/guide/README.md` encoded as `docs%2Fguide%2FREADME.md`"),
        "{line}"
    );
}

#[test]
fn an_operations_statuses_are_in_numeric_order() {
    let out = resp()
        .args(["--table", &spec(REPOS), "explain", "--json", "GET /users/u"])
        .output()
        .unwrap();
    let v = json(&out);
    let statuses: Vec<&str> = v[0]["responses"]
        .as_array()
        .unwrap_or_else(|| panic!("{v}"))
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["200", "304", "404"]);
    let file = http("500 Internal Server Error", "{}");
    let out = resp()
        .args(["--table", &spec(REPOS), "read", "--request", "GET /users/u"])
        .arg(file.path())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(it lists 200, 304, 404)"), "{text}");
}

#[test]
fn dialect_3_1_type_lists_const_prefix_items_and_exclusive_numbers() {
    let ok = r#"{"kind": "point", "at": [1.5, 2], "label": null, "weight": 10.0}"#;
    let (line, _) = judged("typed-3.1.json", "GET /points/1", "200 OK", ok, &[]);
    assert_eq!(line["operation_response"]["body"]["fits"], true, "{line}");
    let bad = r#"{"kind": "line", "at": [1, "2", 3], "label": 4, "weight": 0}"#;
    let (line, _) = judged("typed-3.1.json", "GET /points/1", "200 OK", bad, &[]);
    assert_eq!(
        problems(&line),
        [
            "/kind: \"line\", documented as \"point\"",
            "/at/1: a string, documented as number",
            "/at: 3 items, documented as at most 2",
            "/label: an integer, documented as string or null",
            "/weight: 0, documented as more than 0",
        ]
    );
    let (line, _) = judged(
        "typed-3.1.json",
        "GET /points/1",
        "200 OK",
        r#"{"kind": "point", "at": [0, 0], "weight": 7}"#,
        &[],
    );
    assert_eq!(
        problems(&line),
        ["/weight: 7, documented as a multiple of 5"]
    );
    // An object where only a value is allowed.
    let (line, _) = judged(
        "typed-3.1.json",
        "GET /points/1",
        "200 OK",
        r#"{"kind": {"point": true}, "at": [0, 0], "weight": 5}"#,
        &[],
    );
    assert_eq!(
        problems(&line),
        ["/kind: an object, documented as one of the values \"point\""]
    );
}

#[test]
fn a_har_summary_marks_and_counts_bodies_that_do_not_fit() {
    let entry = |url: &str, status: u16, body: &str| {
        json!({
            "startedDateTime": "2024-01-01T00:00:00Z", "time": 1,
            "request": {"method": "GET", "url": url, "headers": []},
            "response": {"status": status, "statusText": "", "headers": [],
                "content": {"size": body.len(), "mimeType": "application/json", "text": body}},
            "timings": {"send": 0, "wait": 1, "receive": 0}
        })
    };
    let mut bad = issue(2);
    bad["user"]["id"] = json!("x");
    let har = json!({"log": {"version": "1.2", "entries": [
        entry("https://api.repos.example/repos/o/r/issues/1", 200, &issue(1).to_string()),
        entry("https://api.repos.example/repos/o/r/issues/2", 200, &bad.to_string()),
    ]}});
    let file = Temp::new("s.har", har.to_string().as_bytes());
    let out = resp()
        .env("COLUMNS", "160")
        .args(["--table", &spec(REPOS), "read", "--strict", file.path()])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(10), "{text}");
    assert!(text.contains("yes, body ✗"), "{text}");
    assert!(
        text.contains("0 requests matched none · 1 body did not fit the documented schema"),
        "{text}"
    );
    assert!(
        text.contains("/user/id: a string, documented as integer"),
        "{text}"
    );
}

#[test]
fn hostile_patterns_and_bodies_end_quickly() {
    // A pattern that makes backtracking matchers take exponential time, a long string
    // that almost fits it, and a pattern resp does not read (a back-reference).
    let description = json!({
        "openapi": "3.0.3",
        "info": {"title": "written for this test", "version": "1"},
        "paths": {"/w": {"get": {"responses": {"200": {"description": "w", "content": {
            "application/json": {"schema": {"type": "object", "properties": {
                "evil": {"type": "string", "pattern": "^(a+)+$"},
                "echo": {"type": "string", "pattern": "^(a)\\1$"}
            }}}}}}}}}
    });
    let file = Temp::new("evil.json", description.to_string().as_bytes());
    let body = json!({"evil": format!("{}!", "a".repeat(20_000)), "echo": "ab"});
    let started = std::time::Instant::now();
    let (line, _) = judged_at(file.path(), "GET /w", &body.to_string());
    // Generous: a backtracking matcher would not end in any lifetime.
    assert!(started.elapsed().as_secs() < 30);
    let p = problems(&line);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("/evil: \"aaaa")
            && p[0].ends_with("does not match the documented pattern \"^(a+)+$\""),
        "{p:?}"
    );
    assert_eq!(
        line["operation_response"]["body"]["warnings"],
        json!([
            "the pattern \"^(a)\\\\1$\" is not one resp can check: values against it were not checked"
        ])
    );
}

/// `read --json` against a description file given by path.
fn judged_at(description: &str, request: &str, body: &str) -> (Value, i32) {
    let file = http("200 OK", body);
    let out = resp()
        .args([
            "--table",
            description,
            "read",
            "--json",
            "--request",
            request,
        ])
        .arg(file.path())
        .output()
        .unwrap();
    (json(&out), out.status.code().unwrap())
}
