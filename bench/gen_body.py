#!/usr/bin/env python3
"""Writes a deterministic ~50 MB JSON document and a raw HTTP response around it.

OUT_DIR/body.json        the body: compact JSON, as an API sends it (an object with a
                         "data" array of nested records: strings with non-ASCII text and
                         escapes, integers, floats, booleans, nulls, arrays, objects)
OUT_DIR/resp-50mb.http   "HTTP/1.1 200 OK" with the headers a server sends, a blank line,
                         then exactly the bytes of body.json (Content-Length matches)

Standard library only; streamed record by record. Usage:
gen_body.py [--mb 50] [--seed S] OUT_DIR
"""

import argparse
import json
import os
import random
import sys

WORDS = (
    "alpha beta gamma delta order invoice customer account session token widget "
    "report metric status region cluster node shard queue worker event stream batch"
).split()
NAMES = ["Ada Lovelace", "Grace Hopper", "Édith Piaf", "山田 太郎", "Zoë Ångström", "José Núñez"]


def record(rng, i):
    return {
        "id": i,
        "uuid": f"{rng.getrandbits(128):032x}",
        "name": rng.choice(NAMES),
        "active": rng.random() < 0.7,
        "balance": round(rng.uniform(-1e4, 1e6), 2),
        "ratio": rng.random(),
        "count": rng.randint(0, 2**40),
        "tags": rng.sample(WORDS, rng.randint(0, 5)),
        "parent": None if rng.random() < 0.5 else rng.randint(0, i + 1),
        "note": " ".join(rng.choices(WORDS, k=rng.randint(2, 12))) + ' "quoted"\tand\\escaped',
        "history": [
            {"at": 1_700_000_000 + rng.randint(0, 10**7), "event": rng.choice(WORDS), "ok": rng.random() < 0.9}
            for _ in range(rng.randint(0, 4))
        ],
        "geo": {"lat": round(rng.uniform(-90, 90), 6), "lon": round(rng.uniform(-180, 180), 6)},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--mb", type=float, default=50.0, help="body size in MB (10^6 bytes)")
    ap.add_argument("--seed", type=int, default=420)
    args = ap.parse_args()

    rng = random.Random(args.seed)
    target = int(args.mb * 1_000_000)
    body_path = os.path.join(args.out_dir, "body.json")
    http_path = os.path.join(args.out_dir, "resp-50mb.http")
    os.makedirs(args.out_dir, exist_ok=True)

    tail = b'],"meta":{"page":1,"per_page":null,"generated_by":"bench/gen_body.py"}}'
    size = 0
    n = 0
    with open(body_path, "wb", buffering=1 << 20) as f:
        head = b'{"data":['
        f.write(head)
        size += len(head)
        while size + len(tail) < target:
            chunk = (b"," if n else b"") + json.dumps(
                record(rng, n), ensure_ascii=False, separators=(",", ":")
            ).encode()
            f.write(chunk)
            size += len(chunk)
            n += 1
        f.write(tail)
        size += len(tail)

    head = (
        "HTTP/1.1 200 OK\r\n"
        "Server: nginx/1.22.1\r\n"
        "Date: Thu, 26 Nov 2026 07:50:24 GMT\r\n"
        "Content-Type: application/json; charset=utf-8\r\n"
        f"Content-Length: {size}\r\n"
        "Connection: keep-alive\r\n"
        "Cache-Control: no-store\r\n"
        "X-Request-Id: 0f3a9c7e5b2d4e6f\r\n"
        "x-rate-limit-limit: 900\r\n"
        "x-rate-limit-remaining: 899\r\n"
        "x-rate-limit-reset: 1795680263\r\n"
        "\r\n"
    ).encode()
    with open(http_path, "wb", buffering=1 << 20) as out, open(body_path, "rb") as body:
        out.write(head)
        while chunk := body.read(1 << 20):
            out.write(chunk)
    print(f"{body_path}: {n} records, {size} bytes; {http_path}: {size + len(head)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
