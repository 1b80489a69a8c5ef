//! OpenAPI and Swagger descriptions as `--table`: small documents written for these tests in
//! `tests/fixtures/openapi/`, among them `docker-like.yaml`, shaped like a container
//! engine's description (OpenAPI 3.0.1, YAML, a versioned relative server URL). Each response is matched
//! to its operation through `read` (curl -v transcripts, HAR), `send` and `explain`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use common::server::{answer, serve};
use common::{Temp, json, json_lines, resp};
use predicates::prelude::*;
use resp::docs::{Docs, OperationLookup, StatusMatch};

/// A description shaped like a container engine's, written for these tests.
const DOCKER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/openapi/docker-like.yaml"
);

fn spec(name: &str) -> String {
    format!(
        "{}/tests/fixtures/openapi/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn docker() -> Docs {
    Docs::load(&[PathBuf::from(DOCKER)]).unwrap()
}

#[test]
fn the_docker_description_is_read_and_its_operations_matched() {
    let docs = docker();
    assert!(docs.warnings().is_empty(), "{:?}", docs.warnings());
    let d = &docs.descriptions()[0];
    assert_eq!(d.version.to_string(), "OpenAPI 3.0.1");
    assert_eq!(d.operations().count(), 8);
    let start = |status| {
        docs.operation(
            Some(("POST", "http://localhost/v1.46/containers/abc/start")),
            status,
        )
    };
    let OperationLookup::Matched { operation, status } = start(304) else {
        panic!("no match: {:?}", start(304));
    };
    assert_eq!(operation.path, "/containers/{id}/start");
    assert_eq!(operation.id.as_deref(), Some("ContainerStart"));
    assert_eq!(operation.summary.as_deref(), Some("Start a container"));
    let StatusMatch::Code(r) = status else {
        panic!("{status:?}")
    };
    assert_eq!(r.description, "container already started");
    let OperationLookup::Matched { status, .. } = start(404) else {
        panic!()
    };
    assert_eq!(
        status
            .response()
            .unwrap()
            .schema_name(Some("application/json")),
        Some("ErrorResponse")
    );
    assert_eq!(start(409).documented(), Some(false));
    // Literal beats parameter: /containers/json is not /containers/{id}.
    let OperationLookup::Matched { operation, .. } =
        docs.operation(Some(("GET", "/v1.46/containers/json?all=1")), 200)
    else {
        panic!()
    };
    assert_eq!(operation.id.as_deref(), Some("ContainerList"));
    assert!(matches!(
        docs.operation(Some(("PATCH", "/v1.46/containers/abc/start")), 200),
        OperationLookup::NoMatch(_)
    ));
}

fn load(name: &str) -> Docs {
    Docs::load(&[PathBuf::from(spec(name))]).unwrap()
}

fn matched(docs: &Docs, method: &str, url: &str, status: u16) -> (String, StatusMatch) {
    match docs.operation(Some((method, url)), status) {
        OperationLookup::Matched { operation, status } => (operation.path.clone(), status),
        other => panic!("{method} {url}: {other:?}"),
    }
}

#[test]
fn swagger_2_base_path_definitions_and_top_level_responses() {
    let docs = load("swagger2.yaml");
    assert_eq!(docs.descriptions()[0].version.to_string(), "Swagger 2.0");
    let (path, status) = matched(
        &docs,
        "GET",
        "http://petstore.example.com/api/v2/pets/7",
        404,
    );
    assert_eq!(path, "/pets/{petId}");
    let r = status.response().unwrap();
    assert_eq!(r.description, "no pet with that id");
    assert_eq!(r.schema_name(Some("application/json")), Some("Error"));
    assert!(
        r.contents[0]
            .example
            .as_deref()
            .unwrap()
            .contains("pet not found")
    );
    let (_, status) = matched(&docs, "GET", "/api/v2/pets/7", 429);
    assert_eq!(status.response().unwrap().headers[0].name, "Retry-After");
    let (_, status) = matched(&docs, "GET", "/api/v2/pets", 200);
    assert_eq!(
        status.response().unwrap().schema_name(None),
        Some("array of Pet")
    );
    let (_, status) = matched(&docs, "GET", "/api/v2/pets", 502);
    assert!(matches!(status, StatusMatch::Default(_)));
}

#[test]
fn openapi_3_1_json_ranges_default_servers_and_competing_templates() {
    let docs = load("problems-3.1.json");
    let url = "https://eu.orders.example.com/api/v2/orders/o-1";
    let (_, status) = matched(&docs, "GET", url, 404);
    let StatusMatch::Range(r) = &status else {
        panic!("{status:?}")
    };
    assert_eq!(r.description, "a problem (RFC 9457)");
    assert!(matches!(
        matched(&docs, "GET", url, 500).1,
        StatusMatch::Default(_)
    ));
    let (_, status) = matched(&docs, "GET", url, 503);
    let h = &status.response().unwrap().headers[0];
    assert_eq!((h.name.as_str(), h.required), ("Retry-After", true));
    let (_, status) = matched(&docs, "DELETE", url, 409);
    assert_eq!(
        status.response().unwrap().summary.as_deref(),
        Some("Too late")
    );
    // Literal beats parameter; a patterned segment beats a bare one.
    assert_eq!(
        matched(&docs, "GET", "/api/v1/orders/latest", 200).0,
        "/orders/latest"
    );
    assert_eq!(
        matched(&docs, "GET", "/api/v1/orders/o-1.csv", 200).0,
        "/orders/{orderId}.{format}"
    );
    assert_eq!(
        matched(&docs, "GET", "/api/v1/orders/o%2F1", 200).0,
        "/orders/{orderId}"
    );
    // A path item's own servers replace the document's.
    assert_eq!(
        matched(
            &docs,
            "GET",
            "https://status.orders.example.com/health/status",
            200
        )
        .0,
        "/status"
    );
    assert!(matches!(
        docs.operation(Some(("GET", "/api/v1/status")), 200),
        OperationLookup::NoMatch(_)
    ));
}

#[test]
fn problem_types_and_the_body_check() {
    let docs = load("problems-3.1.json");
    let (_, status) = matched(&docs, "GET", "/api/v1/orders/x", 404);
    let content = status
        .response()
        .unwrap()
        .content_for(Some("application/problem+json"))
        .unwrap();
    let schema = content.schema.as_ref().unwrap();
    let body = br#"{"type": "https://orders.example.com/problems/not-found", "title": "Not found", "resource_id": 7}"#;
    let check = schema.check(body, true).unwrap();
    let problem = check.problem.as_ref().unwrap();
    assert_eq!(problem.schema.name.as_deref(), Some("NotFoundProblem"));
    assert_eq!(
        problem.schema.description.as_deref(),
        Some("The resource does not exist.")
    );
    assert_eq!(
        check.problems,
        [
            "/resource_id: an integer, documented as string",
            "/resource_type: missing, documented as required",
        ]
    );
}

#[test]
fn external_references_are_warned_about_once_and_the_rest_works() {
    let docs = load("external-refs.yaml");
    assert_eq!(docs.warnings().len(), 1);
    let w = &docs.warnings()[0];
    assert!(w.contains("'./schemas/thing.yaml'"), "{w}");
    assert!(
        w.contains("https://example.com/common.yaml#/components/responses/NotFound"),
        "{w}"
    );
    assert_eq!(w.matches("thing.yaml").count(), 1, "{w}");
    let (_, status) = matched(&docs, "GET", "/things/1", 500);
    assert_eq!(status.response().unwrap().description, "server error");
    let (_, status) = matched(&docs, "GET", "/things/1", 404);
    assert!(status.is_documented());
}

#[test]
fn cycles_broken_references_and_syntax_errors_fail_the_load() {
    let err = |name| {
        format!(
            "{:#}",
            Docs::load(&[PathBuf::from(spec(name))]).unwrap_err()
        )
    };
    let e = err("cycle.yaml");
    assert!(e.contains("cycle.yaml") && e.contains("$ref cycle"), "{e}");
    assert!(
        e.contains(
            "'#/components/responses/A' → '#/components/responses/B' → '#/components/responses/A'"
        ),
        "{e}"
    );
    let e = err("broken-ref.yaml");
    assert!(
        e.ends_with("GET /a: response 404: $ref '#/components/responses/Gone' points to nothing"),
        "{e}"
    );
    let e = err("bad-syntax.yaml");
    assert!(
        e.contains("bad-syntax.yaml") && e.contains("line 7, column"),
        "{e}"
    );
}

// ---------------------------------------------------------------------------------------
// Through the binary

fn shown(args: &[&str]) -> (String, Option<i32>) {
    let out = resp().env("COLUMNS", "100").args(args).output().unwrap();
    (String::from_utf8(out.stdout).unwrap(), out.status.code())
}

#[test]
fn read_a_curl_v_transcript_against_the_docker_description() {
    let (text, code) = shown(&["--table", DOCKER, "read", &spec("docker-304-start.txt")]);
    assert_eq!(code, Some(3), "{text}");
    assert!(
        text.contains(
            "operation     POST /containers/{id}/start · ContainerStart · Start a container"
        ),
        "{text}"
    );
    assert!(
        text.contains("documented  304: container already started"),
        "{text}"
    );
    // The general meaning is still shown.
    assert!(text.contains("cached copy is still current"), "{text}");

    let (text, code) = shown(&["--table", DOCKER, "read", &spec("docker-418-pause.txt")]);
    assert_eq!(code, Some(4));
    assert!(
        text.contains("not documented for this operation (it lists 204, 404, 500)"),
        "{text}"
    );
    let (text, _) = shown(&["--table", DOCKER, "read", &spec("docker-500-inspect.txt")]);
    assert!(
        text.contains(
            "ErrorResponse · the body does not match the documented schema: /message: missing,"
        ),
        "{text}"
    );
    let (text, _) = shown(&["--table", DOCKER, "read", &spec("docker-404-start.txt")]);
    assert!(text.contains("ErrorResponse · the body fits"), "{text}");
}

#[test]
fn read_json_names_the_operation_and_where_the_meaning_came_from() {
    let v = json(
        &resp()
            .args([
                "--table",
                DOCKER,
                "read",
                "--json",
                &spec("docker-409-delete.txt"),
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(v["operation"]["method"], "DELETE");
    assert_eq!(v["operation"]["path"], "/containers/{id}");
    assert_eq!(v["operation"]["id"], "ContainerDelete");
    assert_eq!(v["operation"]["summary"], "Remove a container");
    assert_eq!(v["documented_for_operation"], true);
    assert_eq!(v["meaning_from"], "operation_code");
    assert_eq!(v["operation_response"]["status"], "409");
    assert_eq!(v["operation_response"]["matched_by"], "code");
    assert_eq!(v["operation_response"]["description"], "conflict");
    assert_eq!(v["operation_response"]["schema"], "ErrorResponse");
    assert_eq!(v["operation_response"]["body"]["fits"], true);
    assert_eq!(v["no_operation"], serde_json::Value::Null);

    let v = json(
        &resp()
            .args([
                "--table",
                DOCKER,
                "read",
                "--json",
                &spec("docker-418-pause.txt"),
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(v["documented_for_operation"], false);
    assert_eq!(v["meaning_from"], "registry");
    assert_eq!(v["operation_response"], serde_json::Value::Null);

    // Without a description: the fields are there, and null.
    let v = json(
        &resp()
            .args(["read", "--json", &spec("docker-418-pause.txt")])
            .output()
            .unwrap(),
    );
    assert_eq!(v["operation"], serde_json::Value::Null);
    assert_eq!(v["no_operation"], serde_json::Value::Null);
    assert_eq!(v["documented_for_operation"], serde_json::Value::Null);
    assert_eq!(v["meaning_from"], "registry");
    let v = json(
        &resp()
            .args(["read", "--json", &spec("docker-404-start.txt")])
            .output()
            .unwrap(),
    );
    assert_eq!(v["meaning_from"], "table");
}

#[test]
fn a_capture_without_its_request_takes_one_from_request() {
    let capture = spec("docker-404-start.http");
    let (text, _) = shown(&["--table", DOCKER, "read", &capture]);
    assert!(
        text.contains("unknown: the input has no request (give it with --request 'METHOD URL')"),
        "{text}"
    );
    let (text, _) = shown(&[
        "--table",
        DOCKER,
        "read",
        "--request",
        "post http://localhost/v1.46/containers/nope/start",
        &capture,
    ]);
    assert!(
        text.contains("documented  404: no such container"),
        "{text}"
    );
    assert!(
        text.contains("request       POST http://localhost/v1.46/containers/nope/start"),
        "{text}"
    );
    // A bare body too.
    let (text, _) = shown(&[
        "--table",
        DOCKER,
        "read",
        "--status",
        "404",
        "--request",
        "POST /containers/x/start",
        fixture_body().path(),
    ]);
    assert!(text.contains("404: no such container"), "{text}");
    // A request no operation has.
    let (text, _) = shown(&[
        "--table",
        DOCKER,
        "read",
        "--request",
        "GET /v1.46/nothing/here",
        &capture,
    ]);
    assert!(
        text.contains("none documented for this request: no documented path matches it"),
        "{text}"
    );
    // Not with a HAR, whose entries have their own; not a malformed one.
    resp()
        .args([
            "--table",
            DOCKER,
            "read",
            "--request",
            "GET /x",
            &spec("docker-session.har"),
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--request is for an input without its request",
        ));
    resp()
        .args(["read", "--request", "GET /x extra", &capture])
        .assert()
        .code(2);
}

fn fixture_body() -> Temp {
    Temp::new("body.json", b"{\"message\": \"No such container: x\"}")
}

#[test]
fn send_to_a_server_answering_like_docker() {
    let (url, _) = serve(vec![answer(
        "HTTP/1.1 304 Not Modified\r\nApi-Version: 1.46\r\nServer: Docker/27.1.1 (linux)\r\n\r\n",
    )]);
    let out = resp()
        .args([
            "--table",
            DOCKER,
            "send",
            "-X",
            "POST",
            &format!("{url}/v1.46/containers/abc/start"),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(
        text.contains("POST /containers/{id}/start · ContainerStart"),
        "{text}"
    );
    assert!(text.contains("304: container already started"), "{text}");

    let (url, _) = serve(vec![answer(
        "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 25\r\n\r\n{\"message\": \"not found\"}\n",
    )]);
    let lines = json_lines(
        &resp()
            .args([
                "--table",
                DOCKER,
                "send",
                "--json",
                &format!("{url}/v1.46/images/nope/json"),
            ])
            .output()
            .unwrap(),
    );
    assert_eq!(lines[0]["operation"]["id"], "ImageInspect");
    assert_eq!(
        lines[0]["operation_response"]["description"],
        "No such image"
    );
    assert_eq!(lines[0]["operation_response"]["body"]["fits"], true);
}

#[test]
fn a_table_and_a_description_together() {
    let table = format!(
        "{}/tests/fixtures/tables/docs-page.md",
        env!("CARGO_MANIFEST_DIR")
    );
    let v = json(
        &resp()
            .args([
                "--table",
                &table,
                "--table",
                DOCKER,
                "read",
                "--json",
                &spec("docker-500-inspect.txt"),
            ])
            .output()
            .unwrap(),
    );
    // The table's meaning for the whole API, and the operation's own.
    assert_eq!(v["documented"]["text"], "Internal Error");
    assert_eq!(v["operation_response"]["description"], "server error");
    assert_eq!(v["meaning_from"], "operation_code");
    // RESP_TABLE takes several, joined as in PATH.
    let v = json(
        &resp()
            .env("RESP_TABLE", format!("{table}:{DOCKER}"))
            .args(["read", "--json", &spec("docker-500-inspect.txt")])
            .output()
            .unwrap(),
    );
    assert_eq!(v["documented"]["text"], "Internal Error");
    assert_eq!(v["operation"]["id"], "ContainerInspect");
}

#[test]
fn bad_descriptions_exit_1_naming_the_file_and_place() {
    resp()
        .args(["--table", &spec("bad-syntax.yaml"), "explain", "200"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "bad-syntax.yaml: line 7, column 5: not valid YAML",
        ));
    resp()
        .args(["--table", &spec("broken-ref.yaml"), "explain", "200"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "$ref '#/components/responses/Gone' points to nothing",
        ));
    resp()
        .args(["--table", &spec("external-refs.yaml"), "explain", "200"])
        .assert()
        .success()
        .stderr(predicate::str::starts_with("resp: warning: "))
        .stderr(predicate::function(|e: &str| e.lines().count() == 1));
}

#[test]
fn explain_an_operation_its_statuses_and_the_operations_of_a_status() {
    let (text, code) = shown(&["--table", DOCKER, "explain", "POST /containers/abc/start"]);
    assert_eq!(code, Some(0));
    assert!(
        text.starts_with("POST /containers/{id}/start · ContainerStart · Start a container\n"),
        "{text}"
    );
    for row in [
        "304    ┆ container already started",
        "404    ┆ no such container         ┆ ErrorResponse",
    ] {
        assert!(text.contains(row), "{row}\n{text}");
    }
    // Two words work as one request; a status explains that one for it.
    let (text, code) = shown(&[
        "--table",
        DOCKER,
        "explain",
        "POST",
        "/v1.46/containers/abc/start",
        "304",
        "409",
    ]);
    assert_eq!(code, Some(0));
    assert!(
        text.contains("documented  304: container already started"),
        "{text}"
    );
    assert!(
        text.contains("documented  not documented for this operation"),
        "{text}"
    );
    let (_, code) = shown(&[
        "--table",
        DOCKER,
        "explain",
        "--exit-status",
        "POST /containers/abc/start",
        "304",
    ]);
    assert_eq!(code, Some(3));

    let (text, _) = shown(&["--table", DOCKER, "explain", "304"]);
    assert!(text.contains("2 operations document 304:"), "{text}");
    assert!(
        text.contains(
            "POST   ┆ /containers/{id}/stop  ┆ ContainerStop  ┆ container already stopped"
        ),
        "{text}"
    );
    let v = json(
        &resp()
            .args(["--table", DOCKER, "explain", "--json", "304"])
            .output()
            .unwrap(),
    );
    let ids: Vec<&str> = v[0]["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["ContainerStart", "ContainerStop"]);
    // A class lists what the operations document.
    let v = json(
        &resp()
            .args(["--table", DOCKER, "explain", "--json", "3xx"])
            .output()
            .unwrap(),
    );
    assert_eq!(v.as_array().unwrap().len(), 1);

    resp()
        .args(["--table", DOCKER, "explain", "GET /nowhere/at/all"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no operation documented for it"));
    resp()
        .args(["explain", "POST /containers/abc/start"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("none was given"));
}

#[test]
fn snapshots_of_the_operation_views() {
    let (card, _) = shown(&["--table", DOCKER, "read", &spec("docker-404-start.txt")]);
    insta::assert_snapshot!("read_docker_404", card);
    let (card, _) = shown(&[
        "--table",
        &spec("problems-3.1.json"),
        "read",
        "--status",
        "404",
        "--request",
        "GET https://eu.orders.example.com/api/v1/orders/o-1",
        problem_body().path(),
    ]);
    insta::assert_snapshot!("read_problem_type", card);
    // From the checkout, with a relative path: where it stands is not part of the view,
    // nor of how its lines fit.
    let out = resp()
        .env("COLUMNS", "100")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--table",
            "tests/fixtures/openapi/docker-like.yaml",
            "explain",
            "POST /containers/abc/start",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("explain_docker_operation", text);
}

fn problem_body() -> Temp {
    Temp::new(
        "problem.json",
        br#"{"type": "https://orders.example.com/problems/not-found", "title": "Not found", "resource_id": "o-1"}"#,
    )
}

#[test]
fn strict_fails_on_a_status_not_documented_for_its_operation() {
    let (text, code) = shown(&[
        "--table",
        DOCKER,
        "read",
        "--strict",
        &spec("docker-418-pause.txt"),
    ]);
    assert_eq!(code, Some(10), "{text}");
    assert!(
        text.contains("exit code     10 (--strict: status not documented for this operation)"),
        "{text}"
    );
    // --expect does not excuse it; a documented status is judged as ever.
    let (_, code) = shown(&[
        "--table",
        DOCKER,
        "read",
        "--strict",
        "--expect",
        "4xx",
        &spec("docker-418-pause.txt"),
    ]);
    assert_eq!(code, Some(10));
    let (_, code) = shown(&[
        "--table",
        DOCKER,
        "read",
        "--strict",
        &spec("docker-304-start.txt"),
    ]);
    assert_eq!(code, Some(3));
    let (_, code) = shown(&[
        "--table",
        DOCKER,
        "read",
        "--strict",
        "--expect",
        "3xx",
        &spec("docker-304-start.txt"),
    ]);
    assert_eq!(code, Some(0));
    // A request no operation has fails too, saying so.
    let (text, code) = shown(&[
        "--table",
        DOCKER,
        "read",
        "--strict",
        "--request",
        "GET /v1.46/elsewhere",
        &spec("docker-404-start.http"),
    ]);
    assert_eq!(code, Some(10));
    assert!(
        text.contains("(--strict: request matches no documented operation)"),
        "{text}"
    );
    // Nothing to be strict against: a usage error.
    resp()
        .args(["read", "--strict", &spec("docker-418-pause.txt")])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--strict checks statuses against an OpenAPI description",
        ));
    // Without the flag nothing changes.
    let (_, code) = shown(&["--table", DOCKER, "read", &spec("docker-418-pause.txt")]);
    assert_eq!(code, Some(4));
    // A HAR: the undocumented entry wins over the 5xx.
    let out = resp()
        .args([
            "--table",
            DOCKER,
            "read",
            "--strict",
            &spec("docker-session.har"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(10));
    // send, and the line for scripts.
    let (url, _) = serve(vec![answer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")]);
    let out = resp()
        .args([
            "--table",
            DOCKER,
            "send",
            "--strict",
            "-X",
            "POST",
            &format!("{url}/v1.46/containers/abc/start"),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(10));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "resp: 200 OK (success), --strict: status not documented for this operation\n"
    );
}

#[test]
fn a_har_summary_is_a_compliance_report() {
    // From the checkout, with a relative path: where it stands must not change how the
    // title fits.
    let out = resp()
        .env("COLUMNS", "120")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--table",
            DOCKER,
            "read",
            "--body",
            "none",
            "tests/fixtures/openapi/docker-session.har",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(text.contains("┆ Documented "), "{text}");
    assert!(
        text.contains("operations: 7 of 8 entries matched one · 1 status not documented for theirs · 1 request matched none\n1 body did not fit the documented schema"),
        "{text}"
    );
    let summary: String = text
        .lines()
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let summary = summary.replace(&spec(""), "tests/fixtures/openapi/");
    insta::assert_snapshot!("read_docker_har", summary);
    // Without a description, no column and no count.
    let text = String::from_utf8(
        resp()
            .args(["read", &spec("docker-session.har")])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        !text.contains("Documented") && !text.contains("operations:"),
        "{text}"
    );
    // --json: one line per entry, each with its operation.
    let lines = json_lines(
        &resp()
            .args([
                "--table",
                DOCKER,
                "read",
                "--json",
                &spec("docker-session.har"),
            ])
            .output()
            .unwrap(),
    );
    let marks: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| l["documented_for_operation"].clone())
        .collect();
    let t = serde_json::Value::Bool(true);
    let f = serde_json::Value::Bool(false);
    let null = serde_json::Value::Null;
    assert_eq!(marks, [&t, &t, &t, &t, &t, &t, &f, &null].map(Clone::clone));
    assert_eq!(lines[7]["no_operation"], "no documented path matches it");
}

#[test]
fn the_documented_example_with_v_when_the_body_is_empty() {
    let empty = Temp::new(
        "empty.http",
        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
    );
    let file = empty.path().to_string();
    let spec = spec("problems-3.1.json");
    let base = [
        "--table",
        &spec,
        "read",
        "--request",
        "GET /api/v1/orders/o-1",
    ];
    let (text, _) = shown(&[&base[..], &["-v", &file]].concat());
    assert!(
        text.contains(r#"example     {"type":"https://orders.example.com/problems/not-found""#),
        "{text}"
    );
    let (text, _) = shown(&[&base[..], &[file.as_str()]].concat());
    assert!(!text.contains("example"), "{text}");
}

#[test]
fn a_body_in_an_undocumented_content_type_is_said_plainly() {
    let html = Temp::new(
        "html.http",
        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 27\r\n\r\n<html><h1>nope</h1></html>\n",
    );
    let (text, _) = shown(&[
        "--table",
        DOCKER,
        "read",
        "--request",
        "POST /v1.46/containers/x/start",
        html.path(),
    ]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("body the content type text/html is not documented for this response (it documents application/json, text/plain)"),
        "{text}"
    );
}

#[test]
fn the_registrys_advice_gives_way_to_the_operations_meaning() {
    let (card, code) = shown(&["--table", DOCKER, "read", &spec("docker-304-start.txt")]);
    assert_eq!(code, Some(3), "{card}");
    assert!(card.contains("container already started"), "{card}");
    // The registry's meaning is still shown (the issue asks for it); its advice is not.
    assert!(!card.contains("hint"), "{card}");
}

#[test]
fn a_summary_of_paragraphs_is_cut_on_the_operation_line_and_whole_in_json() {
    let words = "Creates a model response for the given conversation, with every parameter \
                 that the model supports and more words after them ";
    let summary = words.repeat(8);
    let spec = Temp::new(
        "long-summary.yaml",
        format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n  /chat:\n    post:\n      \
             operationId: createChat\n      summary: |\n        {summary}\n      responses:\n        \
             '200': {{description: ok}}\n"
        )
        .as_bytes(),
    );
    let out = resp()
        .args(["--table", spec.path(), "explain", "POST /chat"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().next().unwrap_or_default();
    assert!(
        line.starts_with("POST /chat · createChat · Creates a model"),
        "{text}"
    );
    assert!(line.ends_with('…') && line.chars().count() < 140, "{line}");
    let out = resp()
        .args(["--table", spec.path(), "explain", "--json", "POST /chat"])
        .output()
        .unwrap();
    let json = String::from_utf8(out.stdout).unwrap();
    assert!(json.contains(summary.trim()), "{json}");
}
