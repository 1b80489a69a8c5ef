#!/usr/bin/env python3
"""Writes a deterministic OpenAPI 3.0 description in JSON shaped like a large code-hosting
API's (GitHub's published one is the model: about 10 MB), for the description-load
benchmark in bench/run.sh, plus a body that answers one of its operations.

What makes it GitHub-like rather than merely large: deep templated paths under
`/repos/{owner}/{repo}/...` and `/orgs/{org}/...` with literal siblings that compete with
templates (`/issues/comments` beside `/issues/{issue_number}`); a component schema per
resource that nests others by `$ref` (users in issues, issues in events), `allOf`
extensions (`private-user` over `public-user` over `simple-user`), `anyOf` of private and
public shapes, `oneOf` with a discriminator, `nullable` members, `format`s and `pattern`s,
`additionalProperties`, long Markdown descriptions, shared `components/responses` and
`components/parameters`, and `examples`.

Standard library only. Usage: gen_github_like.py [--resources N] DESC.json BODY.json
(the default size gives about 10 MB).
"""

import argparse
import json
import random

LOREM = (
    "Lists the resources the authenticated user can see. The response is paginated; "
    "follow the `Link` header for more. Fine-grained tokens need the `metadata` "
    "permission (read). See [the guide](https://docs.example.com/rest/guides) for details. "
)

AREAS = ["issues", "pulls", "actions", "checks", "code-scanning", "deployments", "releases",
         "branches", "hooks", "pages", "projects", "teams", "packages", "secrets"]


def user_schemas():
    simple = {
        "title": "Simple User",
        "type": "object",
        "required": ["login", "id", "node_id", "avatar_url", "url", "type", "site_admin"],
        "properties": {
            "login": {"type": "string", "pattern": "^[A-Za-z0-9-]+$", "maxLength": 39},
            "id": {"type": "integer", "format": "int64", "minimum": 1},
            "node_id": {"type": "string"},
            "name": {"type": "string", "nullable": True},
            "email": {"type": "string", "format": "email", "nullable": True},
            "avatar_url": {"type": "string", "format": "uri"},
            "url": {"type": "string", "format": "uri"},
            "type": {"type": "string"},
            "site_admin": {"type": "boolean"},
        },
    }
    public = {"allOf": [{"$ref": "#/components/schemas/simple-user"}, {
        "type": "object", "required": ["created_at", "followers"],
        "properties": {"created_at": {"type": "string", "format": "date-time"},
                       "followers": {"type": "integer", "minimum": 0},
                       "bio": {"type": "string", "nullable": True}}}]}
    private = {"allOf": [{"$ref": "#/components/schemas/public-user"}, {
        "type": "object", "required": ["two_factor_authentication"],
        "properties": {"two_factor_authentication": {"type": "boolean"},
                       "plan": {"type": "object", "properties": {"name": {"type": "string"}}}}}]}
    return {"simple-user": simple, "public-user": public, "private-user": private}


def resource_schema(name, rng):
    props = {
        "id": {"type": "integer", "format": "int64"},
        "node_id": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "html_url": {"type": "string", "format": "uri"},
        "state": {"type": "string", "enum": ["open", "closed", "all"]},
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time", "nullable": True},
        "user": {"$ref": "#/components/schemas/simple-user"},
        "assignees": {"type": "array", "items": {"$ref": "#/components/schemas/simple-user"},
                      "nullable": True},
        "labels": {"type": "array", "items": {"oneOf": [
            {"type": "string"},
            {"type": "object", "additionalProperties": False,
             "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                            "color": {"type": "string", "pattern": "^[0-9a-fA-F]{6}$"}}}]}},
        "reactions": {"type": "object", "additionalProperties": {"type": "integer"}},
    }
    for k in range(rng.randint(14, 24)):
        props[f"{name.replace('-', '_')}_field_{k}"] = {
            "type": rng.choice(["string", "integer", "boolean"]),
            "description": LOREM[: rng.randint(40, 200)],
        }
    return {
        "title": name.replace("-", " ").title(),
        "description": LOREM * 2,
        "type": "object",
        "required": ["id", "node_id", "url", "state", "user"],
        "properties": props,
    }


def event_schema():
    return {
        "oneOf": [{"$ref": "#/components/schemas/push-event"},
                  {"$ref": "#/components/schemas/watch-event"}],
        "discriminator": {"propertyName": "type", "mapping": {
            "PushEvent": "#/components/schemas/push-event",
            "WatchEvent": "#/components/schemas/watch-event"}},
    }


def description(resources, rng):
    schemas = user_schemas() | {
        "basic-error": {"title": "Basic Error", "type": "object",
                        "properties": {"message": {"type": "string"},
                                       "documentation_url": {"type": "string"},
                                       "status": {"type": "string"}}},
        "validation-error": {"type": "object", "required": ["message", "documentation_url"],
                             "properties": {"message": {"type": "string"},
                                            "documentation_url": {"type": "string"},
                                            "errors": {"type": "array", "items": {
                                                "type": "object", "required": ["code"],
                                                "properties": {"code": {"type": "string"},
                                                               "field": {"type": "string"}}}}}},
        "event": event_schema(),
        "push-event": {"type": "object", "required": ["type", "payload"],
                       "properties": {"type": {"type": "string"},
                                      "payload": {"type": "object", "required": ["size"],
                                                  "properties": {"size": {"type": "integer"}}}}},
        "watch-event": {"type": "object", "required": ["type", "action"],
                        "properties": {"type": {"type": "string"},
                                       "action": {"type": "string", "enum": ["started"]}}},
    }
    responses = {
        "not_found": {"description": "Resource not found", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/basic-error"}}}},
        "validation_failed": {"description": "Validation failed", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/validation-error"}}}},
        "forbidden": {"description": "Forbidden", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/basic-error"}}}},
        "not_modified": {"description": "Not modified"},
    }
    parameters = {
        "owner": {"name": "owner", "in": "path", "required": True, "schema": {"type": "string"}},
        "repo": {"name": "repo", "in": "path", "required": True, "schema": {"type": "string"}},
        "org": {"name": "org", "in": "path", "required": True, "schema": {"type": "string"}},
        "per-page": {"name": "per_page", "in": "query", "schema": {"type": "integer", "default": 30}},
        "page": {"name": "page", "in": "query", "schema": {"type": "integer", "default": 1}},
    }
    paths = {}

    def op(verb, op_id, schema_ref, array, code="200"):
        body = {"type": "array", "items": schema_ref} if array else schema_ref
        return {
            "summary": op_id.replace("/", " ").replace("-", " ").capitalize(),
            "description": LOREM * rng.randint(2, 5),
            "tags": [op_id.split("/")[0]],
            "operationId": op_id,
            "externalDocs": {"description": "API method documentation",
                             "url": f"https://docs.example.com/rest/{op_id}"},
            "parameters": [{"$ref": "#/components/parameters/owner"},
                           {"$ref": "#/components/parameters/repo"},
                           {"$ref": "#/components/parameters/per-page"},
                           {"$ref": "#/components/parameters/page"}],
            "responses": {
                code: {"description": "Response", "content": {"application/json": {
                    "schema": body,
                    "examples": {"default": {"value": {"id": 1, "node_id": "MDU6SXNzdWUx",
                                                       "state": "open"}}}}}},
                "304": {"$ref": "#/components/responses/not_modified"},
                "403": {"$ref": "#/components/responses/forbidden"},
                "404": {"$ref": "#/components/responses/not_found"},
                "422": {"$ref": "#/components/responses/validation_failed"},
            },
            "x-github": {"githubCloudOnly": False, "enabledForGitHubApps": True,
                         "category": op_id.split("/")[0]},
        }

    for r in range(resources):
        area = AREAS[r % len(AREAS)]
        name = f"{area}-{r:04d}"
        schemas[name] = resource_schema(name, rng)
        ref = {"$ref": f"#/components/schemas/{name}"}
        base = f"/repos/{{owner}}/{{repo}}/{area}{r:04d}"
        paths[base] = {"get": op("get", f"{area}/list-{r}", ref, True),
                       "post": op("post", f"{area}/create-{r}", ref, False, "201")}
        paths[f"{base}/{{item_number}}"] = {
            "get": op("get", f"{area}/get-{r}", ref, False),
            "patch": op("patch", f"{area}/update-{r}", ref, False),
            "delete": {"operationId": f"{area}/delete-{r}", "summary": "Delete",
                       "responses": {"204": {"description": "Response"},
                                     "404": {"$ref": "#/components/responses/not_found"}}},
        }
        paths[f"{base}/comments"] = {"get": op("get", f"{area}/list-comments-{r}", ref, True)}
        paths[f"{base}/{{item_number}}/events"] = {
            "get": op("get", f"{area}/list-events-{r}", {"$ref": "#/components/schemas/event"}, True)}
        paths[f"/orgs/{{org}}/{area}{r:04d}"] = {"get": op("get", f"{area}/list-for-org-{r}", ref, True)}
    paths["/user"] = {"get": op("get", "users/get-authenticated", {"anyOf": [
        {"$ref": "#/components/schemas/private-user"},
        {"$ref": "#/components/schemas/public-user"}]}, False)}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Code-hosting-like REST API (generated)", "version": "1.1.4",
                 "description": LOREM * 4},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas, "responses": responses, "parameters": parameters},
    }


def body(rng):
    items = []
    for n in range(200):
        items.append({
            "id": n + 1, "node_id": f"N{n}", "url": "https://api.example.com/x",
            "html_url": "https://example.com/x", "state": "open",
            "created_at": "2024-01-01T00:00:00Z", "updated_at": None,
            "user": {"login": "octo", "id": 1, "node_id": "U1", "avatar_url": "https://a.example/u",
                     "url": "https://api.example.com/users/octo", "type": "User",
                     "site_admin": False},
            "assignees": [], "labels": ["bug", {"id": 1, "name": "x", "color": "ff00ff"}],
            "reactions": {"+1": rng.randint(0, 9)},
        })
    return items


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--resources", type=int, default=385)
    ap.add_argument("desc")
    ap.add_argument("body")
    args = ap.parse_args()
    rng = random.Random(42)
    with open(args.desc, "w") as f:
        json.dump(description(args.resources, rng), f, indent=2)
    with open(args.body, "w") as f:
        json.dump(body(rng), f)


if __name__ == "__main__":
    main()
