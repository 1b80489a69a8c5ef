//! OpenAPI and Swagger descriptions as `--table`: the real Docker Engine API description
//! (OpenAPI 3.0.1, YAML; read in place from `../shared/specs/`) and small documents of our
//! own in `tests/fixtures/openapi/` for what it does not cover. Each response is matched
//! to its operation through `read` (curl -v transcripts, HAR), `send` and `explain`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::PathBuf;

use resp::docs::{Docs, OperationLookup, StatusMatch};

/// The Docker Engine API description, used where it lies (read-only, not copied).
const DOCKER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/specs/docker-engine-v1.46.yaml"
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
    assert!(d.operations().count() > 100);
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
    let check = schema.check(body).unwrap();
    let problem = check.problem.as_ref().unwrap();
    assert_eq!(problem.schema.name.as_deref(), Some("NotFoundProblem"));
    assert_eq!(
        problem.schema.description.as_deref(),
        Some("The resource does not exist.")
    );
    assert_eq!(
        check.problems,
        [
            "missing `resource_type`",
            "`resource_id` is an integer, documented as string"
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
