#!/usr/bin/env python3
"""Writes the big inputs of the memory table in BENCHMARKS.md (issue #15), streaming.

  resp-1gb.http       HTTP/1.1 200 with a 1,000,000,000-byte JSON body (Content-Length)
  body-200mb.json     a 200 MB JSON array on one line, no head (read --format body)
  har-200mb-entry.har three entries, the second a 500 with a 200 MB content.text
  har-300mb-entry.har the same with 300 MB

Each body is a JSON text: records repeated, with escapes (the HAR's text is JSON inside a
JSON string). Nothing is held in memory. Standard library only.
Usage: gen_big.py DIR [NAME ...]   (all four when no NAME is given)
"""

import os
import sys

RECORD = '{"id":123456,"name":"Zoë Ångström","email":"ada@example.com","tags":["a","b"],"score":12.5},'
CHUNK = RECORD * 10_000


def json_body(put, size):
    """Writes a JSON array of exactly `size` bytes (UTF-8)."""
    put("[")
    written = 1
    chunk = CHUNK.encode()
    while written + len(chunk) < size - 20:
        put(CHUNK)
        written += len(chunk)
    tail = '{"end":true}]'
    put(" " * (size - written - len(tail)) + tail)


def http_1gb(path):
    size = 1_000_000_000
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\n\r\n")
        json_body(f.write, size)


def body_200mb(path):
    with open(path, "w", encoding="utf-8") as f:
        json_body(f.write, 200_000_000)


def har(path, text_size):
    def entry(status, url, text):
        return (
            '{"request":{"method":"GET","url":"' + url + '","headers":[]},'
            '"response":{"status":' + str(status) + ',"statusText":"","headers":'
            '[{"name":"content-type","value":"application/json"}],'
            '"content":{"size":' + str(text_size if text is None else len(text)) + ',"mimeType":"application/json","text":'
        )

    with open(path, "w", encoding="utf-8") as f:
        f.write('{"log":{"version":"1.2","creator":{"name":"gen_big"},"entries":[\n')
        f.write(entry(200, "https://a.example/before", '{"ok":1}') + '"{\\"ok\\":1}"}}},\n')
        f.write(entry(500, "https://a.example/huge", None) + '"[')
        escaped = CHUNK.replace('"', '\\"')
        put = f.write
        written = 1
        # text_size bytes of the escaped text, in whole records.
        while written + len(escaped.encode()) <= text_size:
            put(escaped)
            written += len(escaped.encode())
        put("x" * (text_size - written))
        f.write('"}}},\n')
        f.write(entry(404, "https://a.example/after", '{"code":"34"}') + '"{\\"code\\":\\"34\\"}"}}}\n')
        f.write("]}}\n")


FILES = {
    "resp-1gb.http": http_1gb,
    "body-200mb.json": body_200mb,
    "har-200mb-entry.har": lambda p: har(p, 200_000_000),
    "har-300mb-entry.har": lambda p: har(p, 300_000_000),
}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    for name in sys.argv[2:] or FILES:
        path = os.path.join(out, name)
        FILES[name](path)
        print(f"{path}: {os.path.getsize(path)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
