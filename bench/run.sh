#!/usr/bin/env bash
# The resp benchmark: resp against its peers, side by side, with the ratios the
# performance targets are judged by. See BENCHMARKS.md for the figures and what they mean.
#
#   bench/run.sh            # builds target/release/resp if missing, generates bench/data/
#
# Needs: hyperfine, jq, nginx, curl, python3, GNU time (/usr/bin/time)
#   apt-get install -y hyperfine jq nginx curl python3 time
# Optional peers, skipped with a note when absent: xh, HTTPie (`http`).
# Environment: RESP (the binary to measure), CARGO_TARGET_DIR, BENCH_PORT (nginx's port).
# Results (Markdown and JSON per part, summary.md) go to bench/results/; generated
# inputs to bench/data/ (both gitignored). Takes about 4 minutes on 2 cores.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=$ROOT/bench/data
RESULTS=$ROOT/bench/results
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
RESP=${RESP:-$TARGET/release/resp}
mkdir -p "$DATA" "$RESULTS"

note() { printf '\n== %s\n' "$*"; }
skip() { printf '   SKIPPED: %s\n' "$*"; }

missing=()
for tool in hyperfine jq nginx curl python3; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
[[ -x /usr/bin/time ]] || missing+=("time (GNU time, /usr/bin/time)")
if ((${#missing[@]})); then
    echo "bench/run.sh: missing: ${missing[*]}" >&2
    echo "install them with: apt-get install -y hyperfine jq nginx curl python3 time" >&2
    exit 1
fi

# --- the binary ---------------------------------------------------------------------
if [[ ! -x $RESP ]]; then
    if [[ $RESP != "$TARGET/release/resp" ]]; then
        echo "bench/run.sh: RESP=$RESP is not an executable" >&2
        exit 1
    fi
    note "building the release binary ($RESP)"
    CARGO_TARGET_DIR=$TARGET cargo build --release --locked
fi
note "resp: $RESP ($("$RESP" --version))"

# --- inputs ---------------------------------------------------------------------------
HAR=$DATA/big.har
BODY=$DATA/body.json
RAW=$DATA/resp-50mb.http
API=$DATA/openapi-5mb.json
API_HAR=$DATA/openapi-100k.har
[[ -s $HAR ]] || { note "generating $HAR"; python3 bench/gen_har.py "$HAR"; }
[[ -s $BODY && -s $RAW ]] || { note "generating $BODY and $RAW"; python3 bench/gen_body.py "$DATA"; }
[[ -s $API && -s $API_HAR ]] || { note "generating $API and $API_HAR"; python3 bench/gen_openapi.py "$API" "$API_HAR"; }

# --- helpers --------------------------------------------------------------------------
# median SECONDS of command NAME in hyperfine JSON export FILE (empty when absent)
median() { jq -r --arg n "$2" '.results[] | select(.command == $n) | .median' "$1" 2>/dev/null || true; }
# max RSS in KiB of one run of a command, from GNU time -v (output to /dev/null)
peak_kib() {
    local log
    log=$(mktemp)
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>&1 || true
    awk -F': ' '/Maximum resident set size/ {print $2}' "$log"
    rm -f "$log"
}
# fail when command NAME in hyperfine JSON FILE exited with anything but CODE (hyperfine -i
# would otherwise time a broken run)
expect_exit() {
    local bad
    bad=$(jq -r --arg n "$2" --argjson c "$3" '.results[] | select(.command == $n) | .exit_codes[] | select(. != $c)' "$1" | head -1)
    if [[ -n $bad ]]; then
        echo "bench/run.sh: '$2' exited $bad, expected $3" >&2
        exit 1
    fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
x_of() { [[ $1 == n/a ]] && echo "n/a" || echo "$1×"; }
ms() { awk -v s="$1" 'BEGIN { if (s == "") print "n/a"; else if (s < 0.1) printf "%.2f ms", s * 1000; else printf "%.3f s", s }'; }
mib() { awk -v k="$1" 'BEGIN { if (k == "") print "n/a"; else printf "%.1f MiB", k / 1024 }'; }
# verdict VALUE OP LIMIT: PASS/MISS, or n/a
verdict() {
    [[ $1 == n/a || -z $1 ]] && { echo "n/a"; return; }
    awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == "<=") ? (v <= t) : (v >= t); print ok ? "PASS" : "MISS" }'
}

# --- a. process start ------------------------------------------------------------------
note "a. resp explain 420 vs a bare process start (true), no shell"
hyperfine -N --warmup 20 --runs 300 \
    --export-markdown "$RESULTS/a-explain.md" --export-json "$RESULTS/a-explain.json" \
    -n true true \
    -n "resp explain 420" "$RESP explain 420"
A_TRUE=$(median "$RESULTS/a-explain.json" true)
A_RESP=$(median "$RESULTS/a-explain.json" "resp explain 420")

# --- b. one request to a local nginx ---------------------------------------------------
note "b. one GET of a small JSON 200 from nginx on loopback"
NGX=$(mktemp -d)
cleanup() {
    if [[ -s $NGX/nginx.pid ]]; then
        local pid
        pid=$(cat "$NGX/nginx.pid")
        kill -QUIT "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$NGX"
}
trap cleanup EXIT
PORT=${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
cat >"$NGX/nginx.conf" <<EOF
worker_processes 1;
daemon on;
pid $NGX/nginx.pid;
error_log $NGX/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $NGX/body;
    proxy_temp_path $NGX/proxy;
    fastcgi_temp_path $NGX/fastcgi;
    uwsgi_temp_path $NGX/uwsgi;
    scgi_temp_path $NGX/scgi;
    server {
        listen 127.0.0.1:$PORT;
        location / {
            default_type application/json;
            return 200 '{"id": 42, "name": "Ada Lovelace", "roles": ["admin", "editor"]}\n';
        }
    }
}
EOF
nginx -p "$NGX" -c "$NGX/nginx.conf" -e "$NGX/error.log"
URL=http://127.0.0.1:$PORT/x
for _ in $(seq 50); do curl -sf -o /dev/null "$URL" && break; sleep 0.1; done
curl -sf -o /dev/null "$URL" || { echo "nginx did not answer on $URL" >&2; cat "$NGX/error.log" >&2; exit 1; }
echo "   nginx on $URL (config $NGX/nginx.conf)"

B_CMDS=()
if "$RESP" send --help >/dev/null 2>&1; then
    HAVE_SEND=1
    B_CMDS+=(-n "resp send" "$RESP send $URL")
else
    HAVE_SEND=0
    skip "resp send: '$RESP send --help' fails (the subcommand is not in this build); the peers below are measured as a baseline only"
fi
B_CMDS+=(-n "curl -si" "curl -si $URL")
if command -v xh >/dev/null; then
    HAVE_XH=1
    B_CMDS+=(-n "xh" "xh --ignore-stdin $URL")
else
    HAVE_XH=0
    skip "xh: not installed (Debian 12 has no 'xh' package: 'apt-get install xh' fails)"
fi
if command -v http >/dev/null; then
    HAVE_HTTP=1
    B_CMDS+=(-n "http --check-status" "http --ignore-stdin --check-status $URL")
else
    HAVE_HTTP=0
    skip "HTTPie: 'http' not installed (apt-get install -y httpie)"
fi
hyperfine -N --warmup 10 --runs 60 \
    --export-markdown "$RESULTS/b-send.md" --export-json "$RESULTS/b-send.json" \
    "${B_CMDS[@]}"
B_SEND=$(median "$RESULTS/b-send.json" "resp send")
B_CURL=$(median "$RESULTS/b-send.json" "curl -si")
B_XH=$(median "$RESULTS/b-send.json" "xh")
B_HTTP=$(median "$RESULTS/b-send.json" "http --check-status")
cleanup
trap - EXIT

# --- c. a big HAR ----------------------------------------------------------------------
HAR_MB=$(awk -v b="$(stat -c %s "$HAR")" 'BEGIN { printf "%.0f", b / 1e6 }')
HAR_N=$(grep -c '"pageref":' "$HAR" || true)
note "c. HAR: $HAR ($HAR_MB MB): resp read --json vs jq, one line per entry"
JQ_HAR='.log.entries[] | {url: .request.url, status: .response.status}'
# resp exits 7 on a HAR with failed requests (it has some), hence -i.
hyperfine -N -i --warmup 1 --runs 5 \
    --export-markdown "$RESULTS/c-har.md" --export-json "$RESULTS/c-har.json" \
    -n "resp read --json" "$RESP read --json $HAR" \
    -n "jq -c entries" "jq -c '$JQ_HAR' $HAR"
expect_exit "$RESULTS/c-har.json" "resp read --json" 7
expect_exit "$RESULTS/c-har.json" "jq -c entries" 0
C_RESP=$(median "$RESULTS/c-har.json" "resp read --json")
C_JQ=$(median "$RESULTS/c-har.json" "jq -c entries")
echo "   peak memory (GNU time -v, one run each):"
C_RESP_KIB=$(peak_kib "$RESP" read --json "$HAR")
C_JQ_KIB=$(peak_kib jq -c "$JQ_HAR" "$HAR")
printf '   %-20s %s\n   %-20s %s\n' "resp read --json" "$(mib "$C_RESP_KIB")" "jq -c entries" "$(mib "$C_JQ_KIB")"

# --- d. a 50 MB body, pretty-printed -----------------------------------------------------
note "d. 50 MB JSON body pretty-printed: resp read --body full vs jq ., output to /dev/null"
hyperfine -N --warmup 1 --runs 10 --output=null \
    --export-markdown "$RESULTS/d-body.md" --export-json "$RESULTS/d-body.json" \
    -n "resp read --body full" "$RESP read --body full $RAW" \
    -n "jq ." "jq . $BODY"
D_RESP=$(median "$RESULTS/d-body.json" "resp read --body full")
D_JQ=$(median "$RESULTS/d-body.json" "jq .")
D_RESP_KIB=$(peak_kib "$RESP" read --body full "$RAW")
D_JQ_KIB=$(peak_kib jq . "$BODY")
printf '   peak memory: resp %s, jq %s\n' "$(mib "$D_RESP_KIB")" "$(mib "$D_JQ_KIB")"

# --- f. an OpenAPI description ------------------------------------------------------------
API_MB=$(awk -v b="$(stat -c %s "$API")" 'BEGIN { printf "%.1f", b / 1e6 }')
note "f. OpenAPI: a $API_MB MB JSON description loaded and one request answered; a 100,000-entry HAR matched"
hyperfine -N --warmup 3 --runs 30 \
    --export-markdown "$RESULTS/f-openapi.md" --export-json "$RESULTS/f-openapi.json" \
    -n "explain with the description" "$RESP --table $API explain 'GET /v1/r0042/items/7' 404"
F_LOAD=$(median "$RESULTS/f-openapi.json" "explain with the description")
# Entries that fail exit 5 (and 4): -i, then the codes are checked.
hyperfine -N -i --warmup 1 --runs 5 \
    --export-markdown "$RESULTS/g-openapi-har.md" --export-json "$RESULTS/g-openapi-har.json" \
    -n "HAR without a description" "$RESP read --json $API_HAR" \
    -n "HAR matched to operations" "$RESP --table $API read --json $API_HAR"
expect_exit "$RESULTS/g-openapi-har.json" "HAR without a description" 5
expect_exit "$RESULTS/g-openapi-har.json" "HAR matched to operations" 5
G_PLAIN=$(median "$RESULTS/g-openapi-har.json" "HAR without a description")
G_OPS=$(median "$RESULTS/g-openapi-har.json" "HAR matched to operations")

# --- e. size -----------------------------------------------------------------------------
SIZE=$(stat -L -c %s "$RESP")
note "e. binary size: $SIZE bytes ($(mib $((SIZE / 1024))))"

# --- summary -----------------------------------------------------------------------------
R_A=$(ratio "$A_RESP" "$A_TRUE")
R_CURL=$(ratio "$B_SEND" "$B_CURL")
R_XH=$(ratio "$B_SEND" "$B_XH")
R_HAR=$(ratio "$C_JQ" "$C_RESP")
RSS_MIB=$(awk -v k="$C_RESP_KIB" 'BEGIN { if (k == "") print "n/a"; else printf "%.1f", k / 1024 }')
R_BODY=$(ratio "$D_RESP" "$D_JQ")
send_note() { ((HAVE_SEND)) || { echo "no resp send"; return; }; [[ $1 == 1 ]] || echo "$2 not installed"; }

{
    echo "| measure | resp | peer | figure | target | verdict |"
    echo "|---|---|---|---|---|---|"
    echo "| explain 420 / true | $(ms "$A_RESP") | $(ms "$A_TRUE") | $(x_of "$R_A") | ≤ 2× | $(verdict "$R_A" "<=" 2) |"
    echo "| send / curl -si | $(ms "$B_SEND") | $(ms "$B_CURL") | $(x_of "$R_CURL") | ≤ 0.5× | $(verdict "$R_CURL" "<=" 0.5) $(send_note 1 curl) |"
    echo "| send / xh | $(ms "$B_SEND") | $(ms "$B_XH") | $(x_of "$R_XH") | ≤ 0.7× | $(verdict "$R_XH" "<=" 0.7) $(send_note "$HAVE_XH" xh) |"
    echo "| send / http --check-status (info) | $(ms "$B_SEND") | $(ms "$B_HTTP") | $(x_of "$(ratio "$B_SEND" "$B_HTTP")") | none | $(send_note "$HAVE_HTTP" HTTPie) |"
    echo "| HAR $HAR_MB MB, $HAR_N entries: jq / resp | $(ms "$C_RESP") | $(ms "$C_JQ") | $(x_of "$R_HAR") | ≥ 5× | $(verdict "$R_HAR" ">=" 5) |"
    echo "| HAR peak RSS, resp (jq) | $(mib "$C_RESP_KIB") | $(mib "$C_JQ_KIB") | $RSS_MIB MiB | ≤ 64 MiB | $(verdict "$RSS_MIB" "<=" 64) |"
    echo "| 50 MB pretty-print: resp / jq | $(ms "$D_RESP") | $(ms "$D_JQ") | $(x_of "$R_BODY") | ≤ 1× | $(verdict "$R_BODY" "<=" 1) |"
    echo "| 50 MB pretty-print peak RSS, resp (jq) | $(mib "$D_RESP_KIB") | $(mib "$D_JQ_KIB") | | none | |"
    echo "| OpenAPI $API_MB MB JSON: load and answer | $(ms "$F_LOAD") | | | ≤ 100 ms | $(verdict "$(awk -v s="$F_LOAD" 'BEGIN { print s * 1000 }')" "<=" 100) |"
    echo "| HAR 100,000 entries: matched / plain | $(ms "$G_OPS") | $(ms "$G_PLAIN") | $(x_of "$(ratio "$G_OPS" "$G_PLAIN")") | none | |"
    echo "| release binary size | $SIZE B | | $(mib $((SIZE / 1024))) | none | |"
} >"$RESULTS/summary.md"

note "summary (medians; also in $RESULTS/summary.md)"
cat "$RESULTS/summary.md"
