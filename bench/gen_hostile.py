#!/usr/bin/env python3
"""Hostile inputs for bench/hostile.sh: tables, descriptions and responses that would cost
memory or time out of proportion to their size if resp were careless. Written into DIR."""
import json
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def write(name, text):
    with open(os.path.join(out, name), "w") as f:
        f.write(text)


# 1 MB scalar aliased 2,000 times: 2 GB if every alias were copied.
big = "x" * 1_000_000
aliases = "\n".join(f"    - *big" for _ in range(2000))
write("alias-2000.yaml", f"openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\nx-big: &big {big}\nx-copies:\n{aliases}\npaths: {{}}\n")

# Billion laughs: ten levels of ten aliases each.
levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
for i in range(1, 10):
    refs = ", ".join([f"*a{i - 1}"] * 10)
    levels.append(f"a{i}: &a{i} [{refs}]")
write("laughs.yaml", "openapi: 3.0.0\ninfo: {title: t, version: '1'}\nx-l:\n" + "\n".join("  " + l for l in levels) + "\npaths: {}\n")

# 3,000 servers x 3,000 templated paths.
servers = [{"url": f"https://s{i}.example.test/v{{version}}/{{region}}", "variables": {"version": {"default": "1"}, "region": {"default": "eu"}}} for i in range(3000)]
paths = {f"/r{i}/{{id}}/items/{{item}}": {"get": {"responses": {"200": {"description": "ok"}}}} for i in range(3000)}
write("servers-paths.json", json.dumps({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "servers": servers, "paths": paths}))

# A 1 MB one-word error message, and a 1 MB one-word header value.
word = "a" * 1_000_000
body = json.dumps({"code": 1, "message": word})
write("word-message.http", f"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n{body}")
write("word-header.http", f"HTTP/1.1 404 Not Found\r\nLocation: /{word}\r\nContent-Length: 0\r\n\r\n")

# A description whose response description is one 1 MB word.
write("word-description.json", json.dumps({"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/items": {"post": {"responses": {"400": {"description": word}}}}}}))
