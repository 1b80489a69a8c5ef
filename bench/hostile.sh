#!/usr/bin/env bash
# Hostile tables, descriptions and responses: peak memory and time of each, against the
# limits resp promises (README "Limits"). Measured, not tested: a test cannot time honestly
# on a shared machine. Called by bench/run.sh; runs alone too:
#
#   bench/hostile.sh [RESP]      # default target/release/resp
set -uo pipefail
cd "$(dirname "$0")/.."
RESP=${1:-${RESP:-target/release/resp}}
DATA=bench/data/hostile
[[ -s $DATA/word-description.json ]] || python3 bench/gen_hostile.py "$DATA"

# one run: peak RSS in MiB, wall seconds, exit code
measure() {
    local log
    log=$(mktemp)
    /usr/bin/time -f '%M %e %x' -o "$log" "$@" >/dev/null 2>&1
    tail -n 1 "$log" | awk '{ printf "%.1f %.2f %s", $1 / 1024, $2, $3 }'
    rm -f "$log"
}
row() { # what, wanted MiB, wanted s, wanted exit, command...
    local what=$1 mib=$2 secs=$3 code=$4
    shift 4
    read -r m s x <<<"$(measure "$@")"
    local ok=PASS
    awk -v m="$m" -v t="$mib" 'BEGIN { exit !(m <= t) }' || ok=MISS
    awk -v s="$s" -v t="$secs" 'BEGIN { exit !(s <= t) }' || ok=MISS
    [[ $x == "$code" ]] || ok="MISS (exit $x)"
    echo "| $what | $m MiB | ≤ $mib MiB | $s s | ≤ $secs s | exit $x | $ok |"
}
echo "| hostile input | peak RSS | target | time | target | exit | verdict |"
echo "|---|---|---|---|---|---|---|"
row "YAML: 1 MB scalar aliased 2,000 times" 256 2 1 "$RESP" --table "$DATA/alias-2000.yaml" explain 200
row "YAML: billion laughs" 64 2 1 "$RESP" --table "$DATA/laughs.yaml" explain 200
row "--table /dev/zero" 128 2 1 "$RESP" --table /dev/zero explain 200
row "3,000 servers × 3,000 templated paths" 256 2 0 "$RESP" --table "$DATA/servers-paths.json" explain 'GET https://s2999.example.test/v1/eu/r2999/7/items/8' 200
row "1 MB one-word error message, read" 64 1 4 "$RESP" --color always read "$DATA/word-message.http"
row "1 MB one-word header value, read" 64 1 4 "$RESP" --color always read "$DATA/word-header.http"
row "1 MB one-word OpenAPI description, explain" 64 1 0 "$RESP" --table "$DATA/word-description.json" explain 'POST /items' 400

# A 100 MB download with -o: streamed to disk, not held.
[[ -s $DATA/100mb.bin ]] || head -c 100000000 /dev/urandom >"$DATA/100mb.bin"
PORT=${HOSTILE_PORT:-18571}
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$DATA" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$DATA/out.bin"' EXIT
for _ in $(seq 50); do curl -so /dev/null "http://127.0.0.1:$PORT/" 2>/dev/null && break; sleep 0.1; done
row "send -o: a 100 MB body to disk" 64 10 0 "$RESP" send -q -o "$DATA/out.bin" "http://127.0.0.1:$PORT/100mb.bin"
cmp -s "$DATA/100mb.bin" "$DATA/out.bin" || echo "| send -o: the file written differs from the body | | | | | | MISS |"
