#!/usr/bin/env python3
"""Writes a large, deterministic HAR in the shape Chromium's DevTools exports.

Where gen_har.py's entries are compact and carry a body each, these are what "Export HAR
(with content)" writes from Chrome 131: indented by two spaces, full request and response
header lists (HTTP/2 pseudo-headers, sec-ch-*, cookies, security headers), parsed
`cookies` on both sides, `queryString`, an `_initiator` with a script's call stack,
`_priority`, `_resourceType`, `cache`, `timings` with Chrome's underscore extras
(`_blocked_queueing`, `_workerStart`, ...), `_transferSize`, `_fromCache`. One entry in
ten carries a JSON body of 1-5 KB in `content.text`; the others keep only its size and
type, as Chrome does for images and bodies it did not keep. About 5% of the entries are
4xx/5xx (with a JSON error body), 1% 3xx, 0.2% failed (status 0 and `_error`).

The default (75,000 entries) writes about 0.5 GB, the size of the HAR in issue #15 (whose
entries were smaller: 120,000 of them).
Standard library only; the same bytes for the same --seed and --entries.
Usage: gen_chromium_har.py [--entries N] [--seed S] OUT
"""

import argparse
import datetime
import json
import os
import random
import sys

BASE = datetime.datetime(2026, 11, 28, 9, 12, 3, 118000, tzinfo=datetime.timezone.utc)
UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      "Chrome/131.0.0.0 Safari/537.36")
WORDS = ("alpha beta gamma delta order invoice customer account session token widget report "
         "metric status region cluster node shard queue worker event stream batch price").split()
HOSTS = ["www.shop.example", "api.shop.example", "static.shopcdn.example", "img.shopcdn.example",
         "www.googletagmanager.example", "fonts.gstatic.example"]
TYPES = [("fetch", "application/json", "High"), ("script", "application/javascript", "Low"),
         ("image", "image/webp", "Low"), ("stylesheet", "text/css", "VeryHigh"),
         ("xhr", "application/json", "High"), ("font", "font/woff2", "VeryHigh"),
         ("document", "text/html", "VeryHigh"), ("ping", "text/plain", "VeryLow")]
ERRORS = [(400, "Bad Request"), (401, "Unauthorized"), (403, "Forbidden"), (404, "Not Found"),
          (409, "Conflict"), (422, "Unprocessable Entity"), (429, "Too Many Requests"),
          (500, "Internal Server Error"), (502, "Bad Gateway"), (503, "Service Unavailable")]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def h(name, value):
    return {"name": name, "value": value}


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        rng = self.rng
        self.scripts = [f"https://{HOSTS[2]}/_next/static/chunks/{rng.getrandbits(48):012x}.js"
                        for _ in range(40)]
        self.functions = [f"{rng.choice(WORDS)}{rng.choice(WORDS).title()}" for _ in range(200)]

    def json_text(self, size):
        rng = self.rng
        items = []
        total = 20
        while total < size:
            item = {"id": rng.randint(1, 10**7), "sku": f"{rng.choice(WORDS)}-{rng.randint(100, 999)}",
                    "name": " ".join(rng.choices(WORDS, k=3)), "price": round(rng.uniform(1, 500), 2),
                    "currency": "EUR", "in_stock": rng.random() < 0.8,
                    "tags": rng.sample(WORDS, 3)}
            s = json.dumps(item)
            items.append(s)
            total += len(s) + 1
        return '{"items":[' + ",".join(items) + '],"next":null}'

    def initiator(self, page_url):
        rng = self.rng
        if rng.random() < 0.3:
            return {"type": "parser", "url": page_url, "lineNumber": rng.randint(1, 400)}
        frames = [{"functionName": rng.choice(self.functions), "scriptId": str(rng.randint(10, 900)),
                   "url": rng.choice(self.scripts), "lineNumber": rng.randint(0, 5),
                   "columnNumber": rng.randint(100, 90000)} for _ in range(rng.randint(1, 4))]
        stack = {"callFrames": frames}
        if rng.random() < 0.2:
            stack["parent"] = {"description": "Promise.then", "callFrames": frames[:2]}
        return {"type": "script", "stack": stack}

    def entry(self, n, t, page):
        rng = self.rng
        rtype, mime, priority = rng.choice(TYPES)
        host = rng.choice(HOSTS)
        path = f"/{rng.choice(WORDS)}/{rng.choice(WORDS)}/{rng.randint(1, 99999)}"
        query = [{"name": "v", "value": str(rng.randint(1, 9))}] if rng.random() < 0.4 else []
        url = f"https://{host}{path}" + ("?" + "&".join(f"{q['name']}={q['value']}" for q in query) if query else "")
        page_url = f"https://{HOSTS[0]}/{page}"
        method = "POST" if rtype in ("fetch", "xhr") and rng.random() < 0.15 else "GET"
        sid = f"{rng.getrandbits(96):024x}"
        cookies = [{"name": "sid", "value": sid, "path": "/", "domain": ".shop.example", "expires": "2027-01-01T00:00:00.000Z",
                    "httpOnly": True, "secure": True, "sameSite": "Lax"},
                   {"name": "_ga", "value": f"GA1.1.{rng.randint(10**8, 10**9)}.{rng.randint(10**8, 10**9)}",
                    "path": "/", "domain": ".shop.example", "expires": "2027-06-01T00:00:00.000Z",
                    "httpOnly": False, "secure": False}]
        req_headers = [
            h(":authority", host), h(":method", method), h(":path", path), h(":scheme", "https"),
            h("accept", "application/json, text/plain, */*" if mime == "application/json" else "*/*"),
            h("accept-encoding", "gzip, deflate, br, zstd"), h("accept-language", "en-GB,en;q=0.9,fr;q=0.8"),
            h("cookie", f"sid={sid}; _ga={cookies[1]['value']}"), h("priority", "u=1, i"),
            h("referer", page_url + "/"),
            h("sec-ch-ua", '"Google Chrome";v="131", "Chromium";v="131", "Not_A Brand";v="24"'),
            h("sec-ch-ua-mobile", "?0"), h("sec-ch-ua-platform", '"Linux"'),
            h("sec-fetch-dest", "empty"), h("sec-fetch-mode", "cors"), h("sec-fetch-site", "same-site"),
            h("user-agent", UA),
        ]
        request = {"method": method, "url": url, "httpVersion": "http/2.0", "headers": req_headers,
                   "queryString": query, "cookies": cookies, "headersSize": -1, "bodySize": 0}
        if method == "POST":
            text = json.dumps({"cart": rng.randint(1, 10**6), "sku": rng.choice(WORDS), "qty": rng.randint(1, 5)})
            request["bodySize"] = len(text)
            request["postData"] = {"mimeType": "application/json", "text": text}
        o = rng.random()
        timings = {"blocked": round(rng.uniform(0.5, 40), 3), "dns": -1, "ssl": -1, "connect": -1,
                   "send": round(rng.uniform(0.05, 0.5), 3), "wait": round(rng.uniform(5, 400), 3),
                   "receive": round(rng.uniform(0.1, 30), 3), "_blocked_queueing": round(rng.uniform(0.2, 30), 3),
                   "_workerStart": -1, "_workerReady": -1, "_workerFetchStart": -1, "_workerRespondWithSettled": -1}
        text = None
        if o < 0.002:
            status, reason = 0, ""
        elif o < 0.052:
            status, reason = rng.choice(ERRORS)
            mime = "application/json"
            text = json.dumps({"error": {"code": f"E{status}{rng.randint(10, 99)}", "message": f"{reason}: {rng.choice(WORDS)}",
                                         "request_id": sid}})
        elif o < 0.062:
            status, reason = rng.choice([(301, "Moved Permanently"), (302, "Found"), (304, "Not Modified")])
        else:
            status, reason = 200, "OK"
            if n % 10 == 0:
                mime = "application/json"
                text = self.json_text(rng.randint(1000, 5000))
        size = len(text) if text is not None else rng.randint(200, 60000)
        resp_headers = [
            h("access-control-allow-credentials", "true"), h("access-control-allow-origin", f"https://{HOSTS[0]}"),
            h("cache-control", "private, max-age=0, must-revalidate"),
            h("content-encoding", "br"), h("content-length", str(size // 3 + 1)),
            h("content-type", mime + ("; charset=utf-8" if mime.startswith(("application/json", "text")) else "")),
            h("date", t.strftime("%a, %d %b %Y %H:%M:%S GMT")), h("etag", f'W/"{rng.getrandbits(64):x}"'),
            h("server", "envoy"), h("strict-transport-security", "max-age=63072000; includeSubDomains; preload"),
            h("vary", "Origin, Accept-Encoding"),
            h("x-cache", rng.choice(["HIT", "MISS"])), h("x-content-type-options", "nosniff"),
            h("x-request-id", f"{rng.getrandbits(128):032x}"),
        ]
        resp_cookies = []
        if rng.random() < 0.2:
            resp_cookies = [{"name": "sid", "value": sid, "path": "/", "domain": ".shop.example",
                             "expires": "2027-01-01T00:00:00.000Z", "httpOnly": True, "secure": True, "sameSite": "Lax"}]
            resp_headers.append(h("set-cookie", f"sid={sid}; Path=/; Domain=.shop.example; Secure; HttpOnly; SameSite=Lax"))
        if status == 429:
            resp_headers += [h("retry-after", "30"), h("x-ratelimit-remaining", "0")]
        redirect = ""
        if status in (301, 302):
            redirect = f"https://{HOSTS[0]}/{rng.choice(WORDS)}"
            resp_headers.append(h("location", redirect))
        content = {"size": size, "mimeType": mime}
        if text is not None:
            content["text"] = text
        if status == 0:
            response = {"status": 0, "statusText": "", "httpVersion": "", "headers": [], "cookies": [],
                        "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "",
                        "headersSize": -1, "bodySize": -1, "_transferSize": 0,
                        "_error": rng.choice(["net::ERR_ABORTED", "net::ERR_BLOCKED_BY_CLIENT", "net::ERR_CONNECTION_RESET"])}
        else:
            response = {"status": status, "statusText": reason, "httpVersion": "http/2.0",
                        "headers": resp_headers, "cookies": resp_cookies, "content": content,
                        "redirectURL": redirect, "headersSize": -1, "bodySize": size // 3 + 1,
                        "_transferSize": size // 3 + 900, "_error": None,
                        "_fetchedViaServiceWorker": False}
        return {
            "_connectionId": str(rng.randint(1000, 99999)),
            "_initiator": self.initiator(page_url),
            "_priority": priority,
            "_resourceType": rtype,
            "cache": {},
            "connection": "443",
            "pageref": "page_1",
            "request": request,
            "response": response,
            "serverIPAddress": "" if status == 0 else "203.0.113.7",
            "startedDateTime": iso(t),
            "time": round(sum(v for k, v in timings.items() if v > 0 and not k.startswith("_")), 3),
            "timings": timings,
        }


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--entries", type=int, default=75_000)
    ap.add_argument("--seed", type=int, default=15)
    args = ap.parse_args()
    gen = Gen(args.seed)
    head = {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
            "pages": [{"startedDateTime": iso(BASE), "id": "page_1", "title": f"https://{HOSTS[0]}/",
                       "pageTimings": {"onContentLoad": 812.4, "onLoad": 1490.2}}]}
    with open(args.out, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as f:
        head_text = json.dumps(head, indent=2)
        # Chrome's layout: {"log": {...head..., "entries": [ entry, entry ]}}, two-space indent.
        f.write('{\n  "log": ' + head_text[:-2].replace("\n", "\n  ") + ',\n    "entries": [')
        t = BASE
        for n in range(1, args.entries + 1):
            t += datetime.timedelta(microseconds=gen.rng.randint(0, 300_000))
            text = json.dumps(gen.entry(n, t, f"{gen.rng.choice(WORDS)}/{n % 97}"), indent=2)
            f.write(("," if n > 1 else "") + "\n      " + text.replace("\n", "\n      "))
        f.write("\n    ]\n  }\n}\n")
    size = os.path.getsize(args.out)
    print(f"{args.out}: {args.entries} entries, {size} bytes ({size / 1e6:.1f} MB)", file=sys.stderr)


if __name__ == "__main__":
    main()
