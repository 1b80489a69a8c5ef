#!/usr/bin/env bash
# The resp benchmark: resp against its peers, side by side, with the ratios the
# performance targets are judged by. See BENCHMARKS.md for the figures and what they mean.
#
#   bench/run.sh            # builds target/release/resp if missing, generates bench/data/
#   bench/run.sh many       # only `resp run` with many requests, against hurl
#
# Needs: hyperfine, jq, nginx, curl, python3, GNU time (/usr/bin/time)
#   apt-get install -y hyperfine jq nginx curl python3 time
# Optional peers, skipped with a note when absent: xh, HTTPie (`http`).
# Environment: RESP (the binary to measure), CARGO_TARGET_DIR, BENCH_PORT (nginx's port).
# Results (Markdown and JSON per part, summary.md) go to bench/results/; generated
# inputs to bench/data/ (both gitignored, about 3 GB). Takes about 10 minutes on 2 cores.
set -euo pipefail

cd "$(dirname "$0")/.."
. bench/nginx.sh
# `bench/run.sh many`: only `resp run` with many requests against hurl (bench/run_many.sh).
if [[ ${1:-} == many ]]; then
    exec bench/run_many.sh
fi
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
GH_API=$DATA/openapi-github-like-10mb.json
GH_BODY=$DATA/github-like-body.http
[[ -s $GH_API && -s $GH_BODY ]] || {
    note "generating $GH_API and $GH_BODY"
    python3 bench/gen_github_like.py "$GH_API" "$DATA/github-like-body.json"
    { printf 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n'; cat "$DATA/github-like-body.json"; } >"$GH_BODY"
}
CHROME=$DATA/chromium.har
[[ -s $CHROME ]] || { note "generating $CHROME"; python3 bench/gen_chromium_har.py "$CHROME"; }
for big in resp-1gb.http body-200mb.json har-200mb-entry.har har-300mb-entry.har; do
    [[ -s $DATA/$big ]] || { note "generating $DATA/$big"; python3 bench/gen_big.py "$DATA" "$big"; }
done

# A Rust hello-world built with resp's release profile: the floor for `explain`.
HELLO=$DATA/hello/target/release/hello
if [[ ! -x $HELLO ]]; then
    note "building the hello-world ($HELLO)"
    mkdir -p "$DATA/hello/src"
    {
        printf '[package]\nname = "hello"\nversion = "0.1.0"\nedition = "2024"\n\n[workspace]\n\n'
        sed -n '/^\[profile.release\]/,/^$/p' Cargo.toml
    } >"$DATA/hello/Cargo.toml"
    echo 'fn main() { println!("Hello, world!"); }' >"$DATA/hello/src/main.rs"
    (cd "$DATA/hello" && CARGO_TARGET_DIR=$DATA/hello/target cargo build --release --quiet)
fi

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
note "a. resp explain 420 vs a Rust hello-world (same release profile) and true, no shell"
# Timed as installed copies (cp, as `cargo install` copies): the linker's own output file
# starts measurably slower from the page cache than the same bytes copied (BENCHMARKS.md).
INSTALLED=$(mktemp -d)
cp "$HELLO" "$INSTALLED/hello"
cp "$RESP" "$INSTALLED/resp"
hyperfine -N --warmup 20 --runs 300 \
    --export-markdown "$RESULTS/a-explain.md" --export-json "$RESULTS/a-explain.json" \
    -n true true \
    -n hello "$INSTALLED/hello" \
    -n "resp explain 420" "$INSTALLED/resp explain 420"
rm -rf "$INSTALLED"
A_TRUE=$(median "$RESULTS/a-explain.json" true)
A_HELLO=$(median "$RESULTS/a-explain.json" hello)
A_RESP=$(median "$RESULTS/a-explain.json" "resp explain 420")

# --- b. one request to a local nginx ---------------------------------------------------
note "b. one GET of a small JSON 200 from nginx on loopback"
NGX=$(mktemp -d)
cleanup() { stop_nginx "$NGX"; }
trap cleanup EXIT
PORT=$(free_port)
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
    client_max_body_size 0;
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
# An upload of 200 MB from a pipe, while nginx is up (it reads and drops the body).
M_SEND_KIB=""
if ((HAVE_SEND)); then
    log=$(mktemp)
    /usr/bin/time -v -o "$log" "$RESP" send -d @- "$URL" < <(head -c 200000000 /dev/zero) >/dev/null 2>&1 || true
    M_SEND_KIB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    rm -f "$log"
fi
cleanup
trap - EXIT

# --- c. a big HAR ----------------------------------------------------------------------
HAR_MB=$(awk -v b="$(stat -c %s "$HAR")" 'BEGIN { printf "%.0f", b / 1e6 }')
HAR_N=$(grep -c '"pageref":' "$HAR" || true)
CHROME_MB=$(awk -v b="$(stat -c %s "$CHROME")" 'BEGIN { printf "%.0f", b / 1e6 }')
CHROME_N=$(grep -c '"pageref":' "$CHROME" || true)
note "c. HAR: $HAR ($HAR_MB MB) and $CHROME ($CHROME_MB MB): resp read --json and the summary vs jq, one line per entry"
JQ_HAR='.log.entries[] | {url: .request.url, status: .response.status}'
# resp exits 7 on a HAR with failed requests (both have some), hence -i.
hyperfine -N -i --warmup 1 --runs 5 \
    --export-markdown "$RESULTS/c-har.md" --export-json "$RESULTS/c-har.json" \
    -n "resp read --json" "$RESP read --json $HAR" \
    -n "resp read" "$RESP read $HAR" \
    -n "jq -c entries" "jq -c '$JQ_HAR' $HAR" \
    -n "chromium: resp read --json" "$RESP read --json $CHROME" \
    -n "chromium: resp read" "$RESP read $CHROME" \
    -n "chromium: jq -c entries" "jq -c '$JQ_HAR' $CHROME"
expect_exit "$RESULTS/c-har.json" "resp read --json" 7
expect_exit "$RESULTS/c-har.json" "jq -c entries" 0
expect_exit "$RESULTS/c-har.json" "chromium: resp read --json" 7
expect_exit "$RESULTS/c-har.json" "chromium: jq -c entries" 0
C_RESP=$(median "$RESULTS/c-har.json" "resp read --json")
C_SUM=$(median "$RESULTS/c-har.json" "resp read")
C_JQ=$(median "$RESULTS/c-har.json" "jq -c entries")
C2_RESP=$(median "$RESULTS/c-har.json" "chromium: resp read --json")
C2_SUM=$(median "$RESULTS/c-har.json" "chromium: resp read")
C2_JQ=$(median "$RESULTS/c-har.json" "chromium: jq -c entries")
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
GH_MB=$(awk -v b="$(stat -c %s "$GH_API")" 'BEGIN { printf "%.1f", b / 1e6 }')
note "f2. a $GH_MB MB description shaped like GitHub's: loaded, and a 200-item body checked against its schema"
hyperfine -N --warmup 3 --runs 30 \
    --export-markdown "$RESULTS/f2-github-like.md" --export-json "$RESULTS/f2-github-like.json" \
    -n "load and answer" "$RESP --table $GH_API explain 'GET /repos/o/r/issues0000/7' 404" \
    -n "load and check a body" "$RESP --table $GH_API read --body none --request 'GET https://api.example.com/repos/o/r/issues0000' $GH_BODY"
F2_LOAD=$(median "$RESULTS/f2-github-like.json" "load and answer")
F2_CHECK=$(median "$RESULTS/f2-github-like.json" "load and check a body")
# Entries that fail exit 5 (and 4): -i, then the codes are checked.
hyperfine -N -i --warmup 1 --runs 5 \
    --export-markdown "$RESULTS/g-openapi-har.md" --export-json "$RESULTS/g-openapi-har.json" \
    -n "HAR without a description" "$RESP read --json $API_HAR" \
    -n "HAR matched to operations" "$RESP --table $API read --json $API_HAR"
expect_exit "$RESULTS/g-openapi-har.json" "HAR without a description" 5
expect_exit "$RESULTS/g-openapi-har.json" "HAR matched to operations" 5
G_PLAIN=$(median "$RESULTS/g-openapi-har.json" "HAR without a description")
G_OPS=$(median "$RESULTS/g-openapi-har.json" "HAR matched to operations")

# --- h. memory: inputs far larger than what is shown ---------------------------------------
note "h. peak memory (GNU time -v, one run each) of inputs larger than what resp shows"
M_STDIN_KIB=$(
    log=$(mktemp)
    /usr/bin/time -v -o "$log" "$RESP" read < <(printf 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n'; head -c 3000000000 /dev/zero) >/dev/null 2>&1 || true
    awk -F': ' '/Maximum resident set size/ {print $2}' "$log"
    rm -f "$log"
)
M_1G_KIB=$(peak_kib "$RESP" read "$DATA/resp-1gb.http")
M_1G_JSON_KIB=$(peak_kib "$RESP" read --json "$DATA/resp-1gb.http")
M_1G_NONE_KIB=$(peak_kib "$RESP" read --body none "$DATA/resp-1gb.http")
M_1G_FULL_KIB=$(peak_kib "$RESP" read --body full "$DATA/resp-1gb.http")
M_200_KIB=$(peak_kib "$RESP" read --format body --status 200 "$DATA/body-200mb.json")
M_H200_KIB=$(peak_kib "$RESP" read --json "$DATA/har-200mb-entry.har")
M_H300_KIB=$(peak_kib "$RESP" read --json "$DATA/har-300mb-entry.har")
M_H300_N=$("$RESP" read --json "$DATA/har-300mb-entry.har" 2>/dev/null | grep -c '"type":"response"' || true)
M_CHROME_KIB=$(peak_kib "$RESP" read --json "$CHROME")

# --- e. size -----------------------------------------------------------------------------
SIZE=$(stat -L -c %s "$RESP")
note "e. binary size: $SIZE bytes ($(mib $((SIZE / 1024))))"

# --- summary -----------------------------------------------------------------------------
R_A=$(ratio "$A_RESP" "$A_TRUE")
R_HELLO=$(ratio "$A_RESP" "$A_HELLO")
R_CHROME=$(ratio "$C2_JQ" "$C2_RESP")
R_SUM=$(ratio "$C_SUM" "$C_RESP")
R_CHROME_SUM=$(ratio "$C2_SUM" "$C2_RESP")
mib_n() { awk -v k="$1" 'BEGIN { if (k == "") print "n/a"; else printf "%.1f", k / 1024 }'; }
mem_row() { echo "| $1 | $(mib "$2") | | $(mib_n "$2") MiB | ≤ $3 MiB | $(verdict "$(mib_n "$2")" "<=" "$3") |"; }
R_CURL=$(ratio "$B_SEND" "$B_CURL")
R_XH=$(ratio "$B_SEND" "$B_XH")
R_HAR=$(ratio "$C_JQ" "$C_RESP")
RSS_MIB=$(awk -v k="$C_RESP_KIB" 'BEGIN { if (k == "") print "n/a"; else printf "%.1f", k / 1024 }')
R_BODY=$(ratio "$D_RESP" "$D_JQ")
send_note() { ((HAVE_SEND)) || { echo "no resp send"; return; }; [[ $1 == 1 ]] || echo "$2 not installed"; }

{
    echo "| measure | resp | peer | figure | target | verdict |"
    echo "|---|---|---|---|---|---|"
    echo "| explain 420 / hello-world (same profile) | $(ms "$A_RESP") | $(ms "$A_HELLO") | $(x_of "$R_HELLO") | ≤ 1.2× | $(verdict "$R_HELLO" "<=" 1.2) |"
    echo "| explain 420 / true | $(ms "$A_RESP") | $(ms "$A_TRUE") | $(x_of "$R_A") | ≤ 2× | $(verdict "$R_A" "<=" 2) |"
    echo "| send / curl -si | $(ms "$B_SEND") | $(ms "$B_CURL") | $(x_of "$R_CURL") | ≤ 0.5× | $(verdict "$R_CURL" "<=" 0.5) $(send_note 1 curl) |"
    echo "| send / xh | $(ms "$B_SEND") | $(ms "$B_XH") | $(x_of "$R_XH") | ≤ 0.7× | $(verdict "$R_XH" "<=" 0.7) $(send_note "$HAVE_XH" xh) |"
    echo "| send / http --check-status (info) | $(ms "$B_SEND") | $(ms "$B_HTTP") | $(x_of "$(ratio "$B_SEND" "$B_HTTP")") | none | $(send_note "$HAVE_HTTP" HTTPie) |"
    echo "| HAR $HAR_MB MB, $HAR_N entries: jq / resp --json | $(ms "$C_RESP") | $(ms "$C_JQ") | $(x_of "$R_HAR") | ≥ 10× | $(verdict "$R_HAR" ">=" 10) |"
    echo "| same: summary / --json | $(ms "$C_SUM") | $(ms "$C_RESP") | $(x_of "$R_SUM") | ≤ 1× | $(verdict "$R_SUM" "<=" 1) |"
    echo "| Chromium HAR $CHROME_MB MB, $CHROME_N entries: jq / resp --json | $(ms "$C2_RESP") | $(ms "$C2_JQ") | $(x_of "$R_CHROME") | ≥ 10× | $(verdict "$R_CHROME" ">=" 10) |"
    echo "| same: summary / --json | $(ms "$C2_SUM") | $(ms "$C2_RESP") | $(x_of "$R_CHROME_SUM") | ≤ 1× | $(verdict "$R_CHROME_SUM" "<=" 1) |"
    echo "| HAR peak RSS, resp (jq) | $(mib "$C_RESP_KIB") | $(mib "$C_JQ_KIB") | $RSS_MIB MiB | ≤ 64 MiB | $(verdict "$RSS_MIB" "<=" 64) |"
    echo "| 50 MB pretty-print: resp / jq | $(ms "$D_RESP") | $(ms "$D_JQ") | $(x_of "$R_BODY") | ≤ 0.2× | $(verdict "$R_BODY" "<=" 0.2) |"
    echo "| 50 MB pretty-print peak RSS, resp (jq) | $(mib "$D_RESP_KIB") | $(mib "$D_JQ_KIB") | | none | |"
    echo "| OpenAPI $API_MB MB JSON: load and answer | $(ms "$F_LOAD") | | | ≤ 100 ms | $(verdict "$(awk -v s="$F_LOAD" 'BEGIN { print s * 1000 }')" "<=" 100) |"
    echo "| OpenAPI $GH_MB MB GitHub-like JSON: load and answer | $(ms "$F2_LOAD") | | | ≤ 150 ms | $(verdict "$(awk -v s="$F2_LOAD" 'BEGIN { print s * 1000 }')" "<=" 150) |"
    echo "| same, and a 200-item body checked against its schema | $(ms "$F2_CHECK") | | | none | |"
    echo "| HAR 100,000 entries: matched / plain | $(ms "$G_OPS") | $(ms "$G_PLAIN") | $(x_of "$(ratio "$G_OPS" "$G_PLAIN")") | none | |"
    echo "| release binary size | $SIZE B | | $(mib $((SIZE / 1024))) | none | |"
    echo
    echo "| peak RSS (GNU time -v) | resp | | figure | target | verdict |"
    echo "|---|---|---|---|---|---|"
    mem_row "3 GB body on stdin, read (stops at 256 MiB)" "$M_STDIN_KIB" 64
    mem_row "1 GB raw HTTP, read" "$M_1G_KIB" 64
    mem_row "1 GB raw HTTP, read --json" "$M_1G_JSON_KIB" 64
    mem_row "1 GB raw HTTP, read --body none" "$M_1G_NONE_KIB" 64
    mem_row "200 MB single-line JSON body, read --format body" "$M_200_KIB" 64
    mem_row "HAR with a 200 MB content.text, read --json" "$M_H200_KIB" 64
    mem_row "HAR with a 300 MB content.text, read --json ($M_H300_N of 3 entries out)" "$M_H300_KIB" 64
    mem_row "send -d @- with 200 MB" "$M_SEND_KIB" 64
    mem_row "Chromium HAR $CHROME_MB MB, read --json" "$M_CHROME_KIB" 64
    mem_row "1 GB raw HTTP, read --body full (64 MiB shown: about twice)" "$M_1G_FULL_KIB" 144
} >"$RESULTS/summary.md"

note "summary (medians; also in $RESULTS/summary.md)"
cat "$RESULTS/summary.md"

note "i. hostile tables, descriptions and bodies (bench/hostile.sh; also in $RESULTS/hostile.md)"
bench/hostile.sh "$RESP" | tee "$RESULTS/hostile.md"

# `resp run` with many requests, against hurl: its own nginx and summary.
note "many requests: bench/run_many.sh"
RESP=$RESP bench/run_many.sh
