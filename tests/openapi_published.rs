//! Descriptions shaped the way APIs publish them: JSON with sorted keys (the `openapi` or
//! `swagger` member far from the top), extension names (`x-…`) used as names of headers and
//! schemas, property names that are also keywords (`tags`, `description`, `parameters`), a
//! byte-order mark, OpenAPI 3.1's integers and multi-line summaries. Written for the
//! project (`tests/fixtures/openapi/`) or generated here, each through the binary.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Temp, json, resp};

fn spec(name: &str) -> String {
    format!(
        "{}/tests/fixtures/openapi/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `explain --json` of `request` against `table`: the first answer.
fn explain(table: &str, request: &str) -> serde_json::Value {
    let out = resp()
        .args(["explain", "--json", "--table", table, request])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json(&out)[0].clone()
}

/// A Swagger 2.0 description with its keys sorted, as Kubernetes publishes one:
/// `definitions` (many KB of them) before `swagger`.
fn sorted_swagger() -> String {
    let definitions: Vec<String> = (0..200)
        .map(|i| {
            format!(r#""io.k8s.api.core.v1.Thing{i}": {{"description": "A thing, number {i}, of the core API.", "type": "object"}}"#)
        })
        .collect();
    format!(
        r##"{{"definitions": {{{}}},
 "info": {{"title": "Kubernetes", "version": "unversioned"}},
 "paths": {{"/api/v1/namespaces/{{namespace}}/pods/{{name}}": {{"get": {{"operationId": "readCoreV1NamespacedPod",
   "responses": {{"200": {{"description": "OK", "schema": {{"$ref": "#/definitions/io.k8s.api.core.v1.Thing7"}}}},
                 "401": {{"description": "Unauthorized"}}}}}}}}}},
 "swagger": "2.0"}}"##,
        definitions.join(",\n")
    )
}

#[test]
fn json_with_sorted_keys_is_a_description() {
    let doc = sorted_swagger();
    assert!(doc.find("\"swagger\"").unwrap() > 4096);
    let file = Temp::new("swagger.json", doc.as_bytes());
    let v = explain(file.path(), "GET /api/v1/namespaces/default/pods/web-1");
    assert_eq!(v["operation"]["id"], "readCoreV1NamespacedPod");
    assert_eq!(v["responses"][0]["schema"], "io.k8s.api.core.v1.Thing7");
    // The same with `openapi` last, under `components` first, as Stripe's.
    let doc = format!(
        r##"{{"components": {{"schemas": {{"error": {{"type": "object", "description": "{}"}}}}}},
            "info": {{"title": "Stripe"}}, "openapi": "3.0.0",
            "paths": {{"/v1/customers/{{customer}}": {{"get": {{"operationId": "GetCustomersCustomer",
              "responses": {{"default": {{"description": "Error response.", "content": {{"application/json":
                {{"schema": {{"$ref": "#/components/schemas/error"}}}}}}}}}}}}}}}}}}"##,
        "x".repeat(5_000)
    );
    let file = Temp::new("spec3.json", doc.as_bytes());
    let v = explain(file.path(), "GET /v1/customers/cus_1");
    assert_eq!(v["operation"]["id"], "GetCustomersCustomer");
    assert_eq!(v["responses"][0]["schema"], "error");
}

#[test]
fn a_json_table_naming_openapi_inside_is_still_a_table() {
    // Only a top-level member makes a description.
    let doc = r#"{"420": {"text": "Enhance Your Calm", "description": "see the openapi docs", "openapi": "3.0.0"}}"#;
    let file = Temp::new("codes.json", doc.as_bytes());
    let out = resp()
        .args(["explain", "420", "--table", file.path()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Enhance Your Calm"), "{text}");
    // A description that is not valid JSON still says where.
    let file = Temp::new("broken.json", b"{\"openapi\": \"3.0.0\",\n \"paths\": }");
    let out = resp()
        .args(["explain", "404", "--table", file.path()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("description") && err.contains("line 2, column"),
        "{err}"
    );
}

/// `read --json` of a saved 200 with `body`, answering `GET /repos/o/r/issues/1`.
fn read_issue(table: &str, body: &str) -> serde_json::Value {
    let saved = Temp::new(
        "issue.http",
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{body}").as_bytes(),
    );
    let out = resp()
        .args([
            "--table",
            table,
            "read",
            "--json",
            "--request",
            "GET https://api.github.com/repos/o/r/issues/1",
            saved.path(),
        ])
        .output()
        .unwrap();
    json(&out)
}

#[test]
fn extension_and_keyword_names_are_read_where_they_are_names() {
    let table = spec("extension-names.json");
    // A header named `x-…`, reached by `$ref`, once refused the whole description.
    let v = explain(&table, "GET /repos/o/r/issues/1");
    assert_eq!(v["operation"]["id"], "issues/get");
    let statuses: Vec<&str> = v["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "response",
            "Resource not found",
            "Gone: the issue was deleted"
        ]
    );
    let v = read_issue(
        &table,
        r#"{"id": 1, "title": "x", "tags": "bug", "parameters": 3, "x-rate": "fast"}"#,
    );
    let r = &v["operation_response"];
    assert_eq!(r["schema"], "issue");
    assert_eq!(
        r["body"]["problems"],
        serde_json::json!([
            "/tags: a string, documented as array",
            "/parameters: an integer, documented as object",
            "/x-rate: a string, documented as integer",
            "/description: missing, documented as required"
        ])
    );
    let v = read_issue(
        &table,
        r#"{"id": 1, "title": "x", "tags": ["bug"], "description": null}"#,
    );
    assert_eq!(v["operation_response"]["body"]["fits"], true, "{v}");
    let bare = Temp::new("ok.http", b"HTTP/1.1 200 OK\r\n\r\n");
    let text = String::from_utf8(
        resp()
            .args([
                "--table",
                &table,
                "read",
                "--request",
                "GET /repos/o/r/issues/1",
                bare.path(),
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(
        text.contains("x-common-marker-version: documented as required, missing"),
        "{text}"
    );
}

#[test]
fn a_byte_order_mark_is_read_past() {
    let description = r#"{"openapi": "3.0.0", "info": {"title": "t"},
        "paths": {"/a": {"get": {"operationId": "getA", "responses": {"404": {"description": "no a"}}}}}}"#;
    let file = Temp::new("bom.json", format!("\u{feff}{description}").as_bytes());
    let v = explain(file.path(), "GET /a");
    assert_eq!(v["operation"]["id"], "getA");
    assert_eq!(v["responses"][0]["description"], "no a");
    let yaml = "openapi: 3.0.0\npaths:\n  /a:\n    get:\n      operationId: getA\n      responses: {'404': {description: no a}}\n";
    let file = Temp::new("bom.yaml", format!("\u{feff}{yaml}").as_bytes());
    assert_eq!(explain(file.path(), "GET /a")["operation"]["id"], "getA");
    // Tables too, in either format.
    for (name, table) in [
        (
            "bom.json",
            r#"[{"code": 420, "text": "Enhance Your Calm"}]"#,
        ),
        (
            "bom.md",
            "| Code | Text |\n|---|---|\n| 420 | Enhance Your Calm |\n",
        ),
        ("bom-table", r#"{"420": {"text": "Enhance Your Calm"}}"#),
    ] {
        let file = Temp::new(name, format!("\u{feff}{table}").as_bytes());
        let out = resp()
            .args(["explain", "420", "--table", file.path()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name}: {out:?}");
        assert!(text.contains("Enhance Your Calm"), "{name}: {text}");
    }
}

/// `read --json` of a saved 200 with `body` against `description`, answering `GET /count`.
fn read_count(description: &str, body: &str) -> serde_json::Value {
    let table = Temp::new("count.json", description.as_bytes());
    let saved = Temp::new(
        "count.http",
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{body}").as_bytes(),
    );
    let out = resp()
        .args([
            "--table",
            table.path(),
            "read",
            "--json",
            "--request",
            "GET /count",
            saved.path(),
        ])
        .output()
        .unwrap();
    json(&out)["operation_response"]["body"].clone()
}

#[test]
fn openapi_3_1_integers_are_whole_numbers_however_written() {
    let description = |version: &str| {
        format!(
            r##"{{"openapi": "{version}", "paths": {{"/count": {{"get": {{"responses": {{"200": {{
            "description": "a count", "content": {{"application/json": {{"schema": {{
              "type": "object", "required": ["count"],
              "properties": {{"count": {{"type": "integer"}}, "limit": {{"type": "integer"}}}}}}}}}}}}}}}}}}}}}}"##
        )
    };
    let body = r#"{"count": 50001.0, "limit": 5e4}"#;
    let v = read_count(&description("3.1.0"), body);
    assert_eq!(v["fits"], true, "{v}");
    let v = read_count(&description("3.1.0"), r#"{"count": 1.5, "limit": 1e-3}"#);
    assert_eq!(
        v["problems"],
        serde_json::json!([
            "/count: a number, documented as integer",
            "/limit: a number, documented as integer"
        ])
    );
    // OpenAPI 3.0 takes an integer as written without a fraction or exponent.
    let v = read_count(&description("3.0.3"), body);
    assert_eq!(
        v["problems"],
        serde_json::json!([
            "/count: a number, documented as integer",
            "/limit: a number, documented as integer"
        ])
    );
    let v = read_count(&description("3.0.3"), r#"{"count": 50001, "limit": -7}"#);
    assert_eq!(v["fits"], true, "{v}");
}

#[test]
fn multi_line_summaries_are_folded_in_headings() {
    let description = "openapi: 3.1.0\npaths:\n  /audio/speech:\n    post:\n      operationId: createSpeech\n      summary: |\n        Generates audio from the input text.\n\n        Returns the audio file content,\n        or a stream.\n      responses:\n        '400':\n          x-summary: \"Bad\\n\\tinput\"\n          description: the input was refused\n";
    let file = Temp::new("speech.yaml", description.as_bytes());
    let out = resp()
        .args([
            "explain",
            "--table",
            file.path(),
            "POST /audio/speech",
            "400",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let heading = text.lines().next().unwrap_or_default();
    assert_eq!(
        heading,
        "POST /audio/speech · createSpeech · Generates audio from the input text. Returns the audio file content, or a stream."
    );
    assert!(!text.contains("\\x0a") && !text.contains("\\t"), "{text}");
    let v = explain(file.path(), "POST /audio/speech");
    assert_eq!(
        v["operation"]["summary"],
        "Generates audio from the input text. Returns the audio file content, or a stream."
    );
    assert_eq!(v["responses"][0]["summary"], "Bad input");
}
