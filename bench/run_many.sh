#!/usr/bin/env bash
# `resp run` with many requests, against hurl, on a local nginx serving a small file over
# kept-alive HTTP/1.1 connections. Run by bench/run.sh, or alone:
#
#   bench/run_many.sh        # RESP (default target/release/resp), HURL (default
#                            # /opt/hurl/bin/hurl, else hurl on PATH), BENCH_RUNS
#
# Measures, with the targets BENCHMARKS.md judges them by:
#   a. 1,008 requests in one .http file, --jobs 16 / hurl --jobs 16 on 16 files of 63: <= 0.9x
#   b. 1,000 requests, --jobs 1 / hurl on one file of 1,000 (--jobs 1):                  <= 0.9x
#   c. peak RSS of resp run on 10,000 requests (the table, and --json):                  < 64 MiB
#   d. one request: resp run (a file of one) / resp send:                                <= 1x
# Results go to bench/results/many-*.{md,json} and bench/results/many-summary.md.
set -euo pipefail

cd "$(dirname "$0")/.."
. bench/nginx.sh
ROOT=$PWD
RESULTS=$ROOT/bench/results
RESP=${RESP:-${CARGO_TARGET_DIR:-$ROOT/target}/release/resp}
HURL=${HURL:-/opt/hurl/bin/hurl}
[[ -x $HURL ]] || HURL=$(command -v hurl || true)
RUNS=${BENCH_RUNS:-10}
mkdir -p "$RESULTS"
for tool in hyperfine jq nginx curl python3; do
    command -v "$tool" >/dev/null || { echo "bench/run_many.sh: $tool is missing" >&2; exit 1; }
done
[[ -x /usr/bin/time ]] || { echo "bench/run_many.sh: GNU time (/usr/bin/time) is missing" >&2; exit 1; }
[[ -x $RESP ]] || { echo "bench/run_many.sh: $RESP is not built (cargo build --release --locked)" >&2; exit 1; }
note() { printf '\n== %s\n' "$*"; }

WORK=$(mktemp -d)
trap 'stop_nginx "$WORK"' EXIT
PORT=$(free_port)
mkdir -p "$WORK/html"
# nginx's worker runs as another user: the file and its folders must be readable.
chmod 755 "$WORK" "$WORK/html"
printf '{"id": 42, "name": "Ada Lovelace", "roles": ["admin", "editor"]}\n' >"$WORK/html/small.json"
chmod 644 "$WORK/html/small.json"
cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $WORK/nginx.pid;
error_log $WORK/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $WORK/body;
    proxy_temp_path $WORK/proxy;
    fastcgi_temp_path $WORK/fastcgi;
    uwsgi_temp_path $WORK/uwsgi;
    scgi_temp_path $WORK/scgi;
    keepalive_requests 100000;
    keepalive_timeout 60s;
    types { application/json json; }
    server {
        listen 127.0.0.1:$PORT;
        root $WORK/html;
    }
}
CONF
nginx -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/error.log"
URL=http://127.0.0.1:$PORT/small.json
for _ in $(seq 50); do curl -sf -o /dev/null "$URL" && break; sleep 0.1; done
curl -sf -o /dev/null "$URL" || { echo "nginx did not answer on $URL" >&2; cat "$WORK/error.log" >&2; exit 1; }
echo "   nginx on $URL; resp: $RESP; hurl: ${HURL:-absent}"

# N requests as a .http file and as a .hurl file (each checks for 200, as run judges).
http_file() { python3 -c "import sys; sys.stdout.write(''.join(f'### r{i}\nGET $URL\n\n' for i in range(int(sys.argv[1]))))" "$1"; }
hurl_file() { python3 -c "import sys; sys.stdout.write(''.join(f'GET $URL\nHTTP 200\n\n' for i in range(int(sys.argv[1]))))" "$1"; }
http_file 1008 >"$WORK/r1008.http"
http_file 1000 >"$WORK/r1000.http"
http_file 10000 >"$WORK/r10000.http"
http_file 1 >"$WORK/r1.http"
mkdir -p "$WORK/h63"
for i in $(seq 16); do hurl_file 63 >"$WORK/h63/f$i.hurl"; done
hurl_file 1000 >"$WORK/h1000.hurl"

median() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .median' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
ms() { awk -v s="$1" 'BEGIN { if (s == "") print "n/a"; else printf "%.1f ms", s * 1000 }'; }
verdict() { [[ $1 == n/a ]] && { echo n/a; return; }; awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "PASS" : "MISS" }'; }
peak_kib() {
    local log
    log=$(mktemp)
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>&1 || true
    awk -F': ' '/Maximum resident set size/ {print $2}' "$log"
    rm -f "$log"
}
# Every request must have gone well: a broken run is not timed.
"$RESP" run -q --jobs 16 "$WORK/r1008.http" || { echo "resp run failed on $URL" >&2; exit 1; }
[[ -z $HURL ]] || "$HURL" --test --jobs 16 "$WORK"/h63/*.hurl >/dev/null 2>&1 || { echo "hurl failed on $URL" >&2; exit 1; }

note "a. 1,008 requests, 16 at once"
A=(-n "resp run --jobs 16 (1 file of 1008)" "$RESP run -q --jobs 16 $WORK/r1008.http")
[[ -z $HURL ]] || A+=(-n "hurl --test --jobs 16 (16 files of 63)" "$HURL --test --jobs 16 $(echo "$WORK"/h63/*.hurl)")
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$RESULTS/many-a.json" --export-markdown "$RESULTS/many-a.md" "${A[@]}"
A_RESP=$(median "$RESULTS/many-a.json" "resp run --jobs 16 (1 file of 1008)")
A_HURL=$([[ -z $HURL ]] || median "$RESULTS/many-a.json" "hurl --test --jobs 16 (16 files of 63)")

note "b. 1,000 requests, one at a time"
B=(-n "resp run --jobs 1 (1000)" "$RESP run -q --jobs 1 $WORK/r1000.http")
[[ -z $HURL ]] || B+=(-n "hurl --test --jobs 1 (1000)" "$HURL --test --jobs 1 $WORK/h1000.hurl")
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$RESULTS/many-b.json" --export-markdown "$RESULTS/many-b.md" "${B[@]}"
B_RESP=$(median "$RESULTS/many-b.json" "resp run --jobs 1 (1000)")
B_HURL=$([[ -z $HURL ]] || median "$RESULTS/many-b.json" "hurl --test --jobs 1 (1000)")

note "c. peak RSS, 10,000 requests"
C_TABLE=$(peak_kib "$RESP" --color never run --jobs 16 "$WORK/r10000.http")
C_JSON=$(peak_kib "$RESP" run --json --jobs 16 "$WORK/r10000.http")
echo "   table: $C_TABLE KiB; --json: $C_JSON KiB"

note "d. one request: run / send"
hyperfine -N --warmup 5 --runs $((RUNS * 5)) --export-json "$RESULTS/many-d.json" --export-markdown "$RESULTS/many-d.md" \
    -n "resp run (1 request)" "$RESP run -q $WORK/r1.http" \
    -n "resp send" "$RESP send -q $URL"
D_RUN=$(median "$RESULTS/many-d.json" "resp run (1 request)")
D_SEND=$(median "$RESULTS/many-d.json" "resp send")

RA=$(ratio "$A_RESP" "$A_HURL")
RB=$(ratio "$B_RESP" "$B_HURL")
RD=$(ratio "$D_RUN" "$D_SEND")
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
{
    echo "| measure | resp | peer | figure | target | verdict |"
    echo "|---|---|---|---|---|---|"
    echo "| 1,008 requests, --jobs 16: resp (1 file) / hurl (16 files of 63) | $(ms "$A_RESP") | $(ms "$A_HURL") | ${RA}× | ≤ 0.9× | $(verdict "$RA" 0.9) |"
    echo "| 1,000 requests, --jobs 1: resp / hurl (1 file) | $(ms "$B_RESP") | $(ms "$B_HURL") | ${RB}× | ≤ 0.9× | $(verdict "$RB" 0.9) |"
    echo "| 10,000 requests, peak RSS (table) | $(mib "$C_TABLE") MiB | | | < 64 MiB | $(verdict "$(mib "$C_TABLE")" 64) |"
    echo "| 10,000 requests, peak RSS (--json) | $(mib "$C_JSON") MiB | | | < 64 MiB | $(verdict "$(mib "$C_JSON")" 64) |"
    echo "| one request: run / send | $(ms "$D_RUN") | $(ms "$D_SEND") | ${RD}× | ≤ 1× | $(verdict "$RD" 1.0) |"
} >"$RESULTS/many-summary.md"
note "summary (medians; also in $RESULTS/many-summary.md)"
cat "$RESULTS/many-summary.md"
