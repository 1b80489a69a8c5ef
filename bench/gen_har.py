#!/usr/bin/env python3
"""Writes a large, deterministic HAR 1.2 file shaped like a browser's export.

The entries look like what Chrome DevTools and Playwright record (see
tests/fixtures/browser.har): log.version/creator/browser/pages, then entries with
startedDateTime, time, request {method, url, httpVersion, cookies, headers (~10),
queryString, headersSize, bodySize}, response {status, statusText, httpVersion, cookies,
headers (~10), content {size, mimeType, text}, redirectURL, headersSize, bodySize}, cache
and timings, plus Chrome's underscore extras.

Mix: mostly 200s with JSON (API), HTML (documents) and JavaScript bodies of varied,
log-normally distributed size; about 5% 4xx/5xx with JSON error bodies in the shapes APIs
use (the documented {"code", "message"}, errors arrays, RFC 9457 problem details, OAuth),
rate-limit headers on 420/429; about 1% 3xx; and a few failed requests (status -1 with
_failureText). The output is written entry by entry (never held in memory) and is the same
bytes for the same --seed and --entries.

Standard library only. Usage: gen_har.py [--entries N] [--seed S] [--pretty] OUT
"""

import argparse
import datetime
import json
import math
import os
import random
import sys

BASE_TIME = datetime.datetime(2026, 11, 26, 7, 50, 24, 807000, tzinfo=datetime.timezone.utc)
ENTRIES_PER_PAGE = 250
UA = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SEC_CH_UA = '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"'
APP = "app.example.com"
API = "api.example.com"
CDN = "cdn.example.com"

WORDS = (
    "alpha beta gamma delta order invoice customer account session token widget "
    "report metric status region cluster node shard queue worker event stream batch "
    "price amount currency shipping address city country label note comment review"
).split()
NAMES = [
    "Ada Lovelace", "Grace Hopper", "Alan Turing", "Édith Piaf", "Søren Kierkegaard",
    "山田 太郎", "Zoë Ångström", "José Núñez", "Ñandú Çelik", "Łukasz Żółć",
]
ERRORS = [
    # (status, reason, body shape, code, message)
    (400, "Bad Request", "documented", "214", "Bad request: the parameters are invalid"),
    (401, "Unauthorized", "oauth", "invalid_token", "The access token expired"),
    (403, "Forbidden", "documented", "64", "Your account is suspended"),
    (404, "Not Found", "documented", "34", "Sorry, that page does not exist"),
    (409, "Conflict", "problem", "conflict", "The resource was modified by another request"),
    (420, "", "documented", "88", "Rate limit exceeded"),
    (422, "Unprocessable Entity", "errors", "invalid", "Validation failed"),
    (429, "Too Many Requests", "documented", "88", "Rate limit exceeded"),
    (500, "Internal Server Error", "documented", "131", "Internal error"),
    (502, "Bad Gateway", "problem", "upstream", "The upstream service did not answer"),
    (503, "Service Unavailable", "documented", "130", "Over capacity"),
    (504, "Gateway Timeout", "errors", "timeout", "The request took too long"),
]
REDIRECTS = [
    (301, "Moved Permanently"),
    (302, "Found"),
    (304, "Not Modified"),
    (307, "Temporary Redirect"),
]
FAILURES = [
    "net::ERR_CONNECTION_REFUSED",
    "net::ERR_NAME_NOT_RESOLVED",
    "net::ERR_TIMED_OUT",
    "net::ERR_CONNECTION_RESET",
    "net::ERR_BLOCKED_BY_CLIENT",
    "net::ERR_ABORTED",
]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def http_date(t):
    return t.strftime("%a, %d %b %Y %H:%M:%S GMT")


class Pools:
    """Pre-made fragments that bodies are assembled from, so generation stays fast."""

    def __init__(self, rng):
        self.records = [self.record(rng, i) for i in range(4000)]
        self.record_len = sum(len(r) for r in self.records) / len(self.records) + 1
        self.paragraphs = [self.paragraph(rng) for i in range(2000)]
        self.paragraph_len = sum(len(p) for p in self.paragraphs) / len(self.paragraphs)
        self.functions = [self.function(rng, i) for i in range(2000)]
        self.function_len = sum(len(f) for f in self.functions) / len(self.functions)

    @staticmethod
    def record(rng, i):
        rec = {
            "id": 100000 + i,
            "name": rng.choice(NAMES),
            "email": f"user{i}@example.com",
            "active": rng.random() < 0.8,
            "score": round(rng.uniform(0, 100), 3),
            "tags": rng.sample(WORDS, rng.randint(0, 4)),
            "created_at": iso(BASE_TIME - datetime.timedelta(seconds=rng.randint(0, 10**8))),
            "address": None
            if rng.random() < 0.3
            else {"city": rng.choice(["Paris", "Tōkyō", "Zürich", "Lagos"]), "zip": f"{rng.randint(1000, 99999)}"},
            "note": " ".join(rng.choices(WORDS, k=rng.randint(3, 20))),
        }
        return json.dumps(rec, ensure_ascii=False, separators=(",", ":"))

    @staticmethod
    def paragraph(rng):
        words = " ".join(rng.choices(WORDS, k=rng.randint(10, 60)))
        tag = rng.choice(["p", "li", "div class=\"card\"", "span", "td"])
        close = tag.split()[0]
        return f"<{tag}>{words} &amp; <a href=\"/{rng.choice(WORDS)}\">{rng.choice(WORDS)}</a></{close}>\n"

    @staticmethod
    def function(rng, i):
        a, b = rng.choice(WORDS), rng.choice(WORDS)
        n = rng.randint(1, 999)
        return (
            f"function {a}_{i}(e,t){{var n=e.{b}||{n};if(t&&t.{a})return n*{n};"
            f"for(var r=0;r<n;r++)e[\"{a}\"+r]=t?t[r]:null;return \"{b}\"+n}}"
            f"{'window.' + a + '=' + a + '_' + str(i) + ';' if rng.random() < 0.3 else ''}\n"
        )

    def json_body(self, rng, size):
        k = max(1, int(size / self.record_len))
        items = ",".join(rng.choices(self.records, k=k))
        return f'{{"data":[{items}],"page":{rng.randint(1, 50)},"per_page":{k},"has_more":{"true" if rng.random() < 0.5 else "false"}}}'

    def html_body(self, rng, size, title):
        k = max(1, int(size / self.paragraph_len))
        parts = "".join(rng.choices(self.paragraphs, k=k))
        return (
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
            f"<title>{title}</title></head>\n<body>\n{parts}</body>\n</html>\n"
        )

    def js_body(self, rng, size):
        k = max(1, int(size / self.function_len))
        return "\"use strict\";\n" + "".join(rng.choices(self.functions, k=k))


def lognormal_size(rng, median, sigma, cap):
    return int(min(cap, max(16, rng.lognormvariate(math.log(median), sigma))))


def error_body(rng, shape, code, message, status):
    if shape == "documented":
        body = {"code": code, "message": message}
    elif shape == "oauth":
        body = {"error": code, "error_description": message}
    elif shape == "problem":
        body = {
            "type": f"https://api.example.com/problems/{code}",
            "title": message,
            "status": status,
            "detail": f"{message} ({rng.choice(WORDS)})",
            "instance": f"/v2/{rng.choice(WORDS)}/{rng.randint(1, 99999)}",
        }
    else:
        body = {
            "message": message,
            "errors": [
                {"code": code, "message": f"{rng.choice(WORDS)} is invalid", "field": rng.choice(WORDS)}
                for _ in range(rng.randint(1, 3))
            ],
        }
    return json.dumps(body)


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.pools = Pools(self.rng)

    def request(self, method, url, host, http2, kind, referer, query):
        rng = self.rng
        accept = {
            "api": "application/json",
            "doc": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
            "js": "*/*",
        }[kind]
        headers = []
        if http2:
            path = url.split(host, 1)[1]
            headers += [
                {"name": ":authority", "value": host},
                {"name": ":method", "value": method},
                {"name": ":path", "value": path},
                {"name": ":scheme", "value": "https"},
            ]
        headers += [
            {"name": "accept", "value": accept},
            {"name": "accept-encoding", "value": "gzip, deflate, br, zstd"},
            {"name": "accept-language", "value": "en-US,en;q=0.9"},
        ]
        cookies = []
        if host != CDN:
            sid = f"{rng.getrandbits(64):016x}"
            cookies = [
                {"name": "sid", "value": sid, "path": "/", "domain": f".{host}", "expires": None,
                 "httpOnly": True, "secure": True, "sameSite": "Lax"}
            ]
            headers.append({"name": "cookie", "value": f"sid={sid}; theme=dark"})
        if kind == "api":
            headers.append({"name": "authorization", "value": f"Bearer eyJ{rng.getrandbits(128):032x}"})
        if referer:
            headers.append({"name": "referer", "value": referer})
        headers += [
            {"name": "sec-ch-ua", "value": SEC_CH_UA},
            {"name": "sec-ch-ua-mobile", "value": "?0"},
            {"name": "sec-ch-ua-platform", "value": '"Linux"'},
            {"name": "sec-fetch-dest", "value": {"api": "empty", "doc": "document", "js": "script"}[kind]},
            {"name": "sec-fetch-mode", "value": {"api": "cors", "doc": "navigate", "js": "no-cors"}[kind]},
            {"name": "user-agent", "value": UA},
        ]
        req = {
            "method": method,
            "url": url,
            "httpVersion": "h2" if http2 else "HTTP/1.1",
            "headers": headers,
            "queryString": query,
            "cookies": cookies,
            "headersSize": -1 if http2 else sum(len(h["name"]) + len(h["value"]) + 4 for h in headers) + 20,
            "bodySize": 0,
        }
        if method in ("POST", "PUT"):
            text = json.dumps({"name": rng.choice(NAMES), "note": " ".join(rng.choices(WORDS, k=8))}, ensure_ascii=False)
            req["bodySize"] = len(text.encode())
            req["postData"] = {"mimeType": "application/json", "text": text}
        return req

    def entry(self, n, page_id, t, referer):
        rng = self.rng
        r = rng.random()
        kind = "api" if r < 0.75 else ("js" if r < 0.92 else "doc")
        host = {"api": API, "js": CDN, "doc": APP}[kind]
        http2 = host != APP
        word = rng.choice(WORDS)
        query = []
        if kind == "api":
            method = rng.choices(["GET", "POST", "PUT", "DELETE"], [85, 10, 3, 2])[0]
            path = f"/v2/{word}s/{rng.randint(1, 99999)}"
            if method == "GET" and rng.random() < 0.5:
                query = [{"name": "page", "value": str(rng.randint(1, 50))}, {"name": "limit", "value": "50"}]
        elif kind == "js":
            method = "GET"
            path = f"/static/js/{word}.{rng.getrandbits(32):08x}.js"
        else:
            method = "GET"
            path = f"/{word}/{rng.randint(1, 999)}"
        url = f"https://{host}{path}"
        if query:
            url += "?" + "&".join(f"{q['name']}={q['value']}" for q in query)
        request = self.request(method, url, host, http2, kind, referer, query)

        # Outcome: ~94% 2xx, ~5% 4xx/5xx, ~1% 3xx, ~0.2% failed.
        o = rng.random()
        wait = round(rng.lognormvariate(math.log(40), 0.8), 3)
        receive = round(rng.lognormvariate(math.log(3), 1.0), 3)
        timings = {"blocked": round(rng.uniform(0.2, 3), 3), "dns": -1, "ssl": -1, "connect": -1,
                   "send": round(rng.uniform(0.05, 0.4), 3), "wait": wait, "receive": receive,
                   "_blocked_queueing": round(rng.uniform(0.1, 2), 3)}
        entry = {
            "_initiator": {"type": "script" if kind == "api" else "parser"},
            "_priority": {"api": "High", "js": "Low", "doc": "VeryHigh"}[kind],
            "_resourceType": {"api": "fetch", "js": "script", "doc": "document"}[kind],
            "cache": {},
            "connection": str(rng.randint(1000, 9999)),
            "pageref": page_id,
            "request": request,
        }
        if o < 0.002:
            # A failed request: Chrome writes status -1 (Playwright too) and _failureText.
            response = {
                "status": -1, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
                "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "",
                "headersSize": -1, "bodySize": -1, "_transferSize": 0,
                "_error": rng.choice(FAILURES),
            }
            response["_failureText"] = response["_error"]
            timings.update({"wait": -1, "receive": -1})
        else:
            date = {"name": "date", "value": http_date(t)}
            headers = [date]
            redirect = ""
            if o < 0.052:
                status, reason, shape, code, message = rng.choice(ERRORS)
                text = error_body(rng, shape, code, message, status)
                mime = "application/problem+json" if shape == "problem" else "application/json"
                if status in (420, 429, 503):
                    reset = int(t.timestamp()) + rng.randint(1, 900)
                    headers += [
                        {"name": "x-rate-limit-limit", "value": "15"},
                        {"name": "x-rate-limit-remaining", "value": "0"},
                        {"name": "x-rate-limit-reset", "value": str(reset)},
                    ]
                    if status != 420:
                        headers.append({"name": "retry-after", "value": str(rng.randint(1, 120))})
                if status == 401:
                    headers.append({"name": "www-authenticate", "value": 'Bearer realm="api", error="invalid_token"'})
                kind = "error"
            elif o < 0.062:
                status, reason = rng.choice(REDIRECTS)
                mime, text = "text/html", ""
                if status != 304:
                    redirect = f"https://{APP}/{rng.choice(WORDS)}/{rng.randint(1, 999)}"
                    headers.append({"name": "location", "value": redirect})
                kind = "redirect"
            else:
                status, reason = (201, "Created") if method == "POST" else (200, "OK")
                if kind == "api":
                    mime = "application/json; charset=utf-8"
                    text = self.pools.json_body(rng, lognormal_size(rng, 500, 1.0, 2_000_000))
                elif kind == "js":
                    mime = "application/javascript"
                    text = self.pools.js_body(rng, lognormal_size(rng, 1500, 1.2, 3_000_000))
                else:
                    mime = "text/html; charset=utf-8"
                    text = self.pools.html_body(rng, lognormal_size(rng, 3000, 0.8, 1_500_000), f"{word} {n}")
            size = len(text.encode())
            gz = kind in ("js", "doc") and size > 1024
            headers += [
                {"name": "content-type", "value": mime},
                {"name": "server", "value": rng.choice(["nginx", "envoy", "cloudflare"])},
                {"name": "cache-control", "value": "public, max-age=31536000, immutable" if kind == "js" else "no-store"},
                {"name": "vary", "value": "Accept-Encoding, Origin"},
                {"name": "x-request-id", "value": f"{rng.getrandbits(96):024x}"},
                {"name": "strict-transport-security", "value": "max-age=63072000; includeSubDomains"},
                {"name": "access-control-allow-origin", "value": f"https://{APP}"},
            ]
            body_size = max(1, size // 4) if gz else size
            if gz:
                headers.append({"name": "content-encoding", "value": "gzip"})
            else:
                headers.append({"name": "content-length", "value": str(size)})
            content = {"size": size, "mimeType": mime.split(";")[0]}
            if gz:
                content["compression"] = size - body_size
            if text:
                content["text"] = text
            response = {
                "status": status,
                "statusText": "" if http2 else reason,
                "httpVersion": "h2" if http2 else "HTTP/1.1",
                "headers": headers,
                "cookies": [],
                "content": content,
                "redirectURL": redirect,
                "headersSize": -1 if http2 else sum(len(h["name"]) + len(h["value"]) + 4 for h in headers) + 17,
                "bodySize": 0 if status == 304 else body_size,
                "_transferSize": body_size + 300,
                "_error": None,
            }
        entry["response"] = response
        entry["serverIPAddress"] = "93.184.215.14" if response["status"] != -1 else ""
        entry["startedDateTime"] = iso(t)
        entry["time"] = round(sum(v for k, v in timings.items() if v > 0 and not k.startswith("_")), 3)
        entry["timings"] = timings
        return entry


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="the HAR file to write")
    ap.add_argument("--entries", type=int, default=115_000)
    ap.add_argument("--seed", type=int, default=420)
    ap.add_argument("--pretty", action="store_true", help="indent like Chrome DevTools' export (default: compact, like Playwright)")
    args = ap.parse_args()

    gen = Gen(args.seed)
    indent = 2 if args.pretty else None
    seps = (",", ": ") if args.pretty else (",", ":")
    pages = math.ceil(args.entries / ENTRIES_PER_PAGE)
    page_ids = [f"page_{i + 1}" for i in range(pages)]
    head = {
        "version": "1.2",
        "creator": {"name": "WebInspector", "version": "537.36"},
        "browser": {"name": "Chrome", "version": "131.0.6778.85"},
        "pages": [
            {
                "startedDateTime": iso(BASE_TIME + datetime.timedelta(seconds=120 * i)),
                "id": pid,
                "title": f"https://{APP}/{WORDS[i % len(WORDS)]}/{i}",
                "pageTimings": {"onContentLoad": 400 + i % 300, "onLoad": 900 + i % 500},
            }
            for i, pid in enumerate(page_ids)
        ],
    }
    head_text = json.dumps(head, ensure_ascii=False, separators=seps)
    count = 0
    with open(args.out, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        put = f.write
        put('{"log":' + head_text[:-1] + ',"entries":[')
        for p, pid in enumerate(page_ids):
            t = BASE_TIME + datetime.timedelta(seconds=120 * p)
            referer = f"https://{APP}/{WORDS[p % len(WORDS)]}/{p}"
            for _ in range(min(ENTRIES_PER_PAGE, args.entries - count)):
                t += datetime.timedelta(microseconds=gen.rng.randint(0, 400_000))
                e = gen.entry(count + 1, pid, t, referer)
                text = json.dumps(e, ensure_ascii=False, separators=seps, indent=indent)
                put(("," if count else "") + "\n" + text)
                count += 1
        put("\n]}}\n")
    written = os.path.getsize(args.out)
    print(f"{args.out}: {count} entries, {written} bytes ({written / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
