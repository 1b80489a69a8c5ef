#!/usr/bin/env python3
"""Writes a large, deterministic OpenAPI 3.0 description in JSON, and a HAR of requests
against it, for the description benchmarks in bench/run.sh.

The description has RESOURCES resources, each with a collection and an item path and a
few sub-resources (`/r0042/items`, `/r0042/items/{id}`, `/r0042/items/{id}/events`,
`/r0042/items/mine`, ...), GET/POST/PUT/DELETE operations with summaries, descriptions and
four to six documented responses each (codes, a `4XX` range, `default`, `$ref`s into
`components/responses`), and a schema per resource with properties. About 5 MB with the
default sizes. The HAR holds ENTRIES entries spread over every path (items by id, literal
sub-paths that compete with templates, and a few paths no operation has), with small JSON
bodies: what a recorded session of a large API looks like to the index.

Standard library only. Usage: gen_openapi.py [--resources N] [--entries N] DESC.json OUT.har
"""

import argparse
import json
import random


def description(resources, rng):
    paths = {}
    schemas = {
        "Error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
        }
    }
    lorem = ("The request is checked against the resource's current state and the caller's "
             "permissions before anything changes; see the guide for the details. ")
    for r in range(resources):
        name = f"r{r:04d}"
        schema = f"Item{r:04d}"
        schemas[schema] = {
            "type": "object",
            "required": ["id", "name"],
            "description": lorem,
            "properties": {f"field{k}": {"type": "string", "description": lorem[:60]}
                           for k in range(12)} | {"id": {"type": "string"}, "name": {"type": "string"}},
        }
        ref = {"$ref": f"#/components/schemas/{schema}"}

        def op(method, code, summary):
            responses = {
                str(code): {"description": f"{summary}: done",
                            "content": {"application/json": {"schema": ref}}},
                "404": {"$ref": "#/components/responses/NotFound"},
                "4XX": {"$ref": "#/components/responses/ClientError"},
                "default": {"$ref": "#/components/responses/Unexpected"},
            }
            if rng.random() < 0.5:
                responses["429"] = {"description": "slow down",
                                    "headers": {"Retry-After": {"schema": {"type": "integer"}}}}
            return {
                "operationId": f"{method}{name.capitalize()}{summary.replace(' ', '')}",
                "summary": summary,
                "description": lorem * 2,
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "string"}, "description": lorem[:80]}],
                "responses": responses,
            }

        paths[f"/{name}/items"] = {"get": op("get", 200, "List items"),
                                   "post": op("post", 201, "Create item")}
        paths[f"/{name}/items/{{id}}"] = {"get": op("get", 200, "Get item"),
                                          "put": op("put", 200, "Replace item"),
                                          "delete": op("delete", 204, "Delete item")}
        paths[f"/{name}/items/mine"] = {"get": op("get", 200, "My items")}
        paths[f"/{name}/items/{{id}}/events"] = {"get": op("get", 200, "Item events")}
    return {
        "openapi": "3.0.3",
        "info": {"title": "A large API", "version": "1.0", "description": lorem * 20},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {
            "responses": {
                "NotFound": {"description": "no such item",
                             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "ClientError": {"description": "the request was refused",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "Unexpected": {"description": "an unexpected error",
                               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
            },
            "schemas": schemas,
        },
    }


def har(resources, entries, rng, out):
    out.write('{"log": {"version": "1.2", "creator": {"name": "gen_openapi.py", "version": "1"},\n"entries": [\n')
    for i in range(entries):
        r = rng.randrange(resources)
        pick = rng.random()
        if pick < 0.4:
            method, path, status = "GET", f"/r{r:04d}/items/{rng.randrange(10**6)}", 200
        elif pick < 0.55:
            method, path, status = "GET", f"/r{r:04d}/items/mine", 200
        elif pick < 0.7:
            method, path, status = "POST", f"/r{r:04d}/items", 201
        elif pick < 0.8:
            method, path, status = "GET", f"/r{r:04d}/items/{rng.randrange(10**6)}/events", 200
        elif pick < 0.9:
            method, path, status = "DELETE", f"/r{r:04d}/items/{rng.randrange(10**6)}", rng.choice([204, 404, 409, 503])
        else:
            method, path, status = "GET", f"/elsewhere/{rng.randrange(10**6)}", 404
        body = (json.dumps({"id": str(i), "name": "x"}) if status < 400
                else json.dumps({"code": status, "message": "no"}))
        entry = {
            "startedDateTime": "2026-11-27T15:00:00.000Z", "time": 1,
            "request": {"method": method, "url": f"https://api.example.com/v1{path}",
                        "httpVersion": "HTTP/1.1", "headers": [], "queryString": [],
                        "cookies": [], "headersSize": -1, "bodySize": 0},
            "response": {"status": status, "statusText": "", "httpVersion": "HTTP/1.1",
                         "headers": [{"name": "Content-Type", "value": "application/json"}],
                         "cookies": [], "content": {"size": len(body), "mimeType": "application/json",
                                                    "text": body},
                         "redirectURL": "", "headersSize": -1, "bodySize": len(body)},
            "cache": {}, "timings": {"send": 0, "wait": 1, "receive": 0},
        }
        out.write(("," if i else "") + json.dumps(entry) + "\n")
    out.write("]}}\n")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--resources", type=int, default=480)
    p.add_argument("--entries", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("description")
    p.add_argument("har")
    a = p.parse_args()
    rng = random.Random(a.seed)
    with open(a.description, "w") as f:
        json.dump(description(a.resources, rng), f, indent=1)
        f.write("\n")
    with open(a.har, "w") as f:
        har(a.resources, a.entries, rng, f)


if __name__ == "__main__":
    main()
