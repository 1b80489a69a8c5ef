#!/usr/bin/env bash
# `send` over HTTP/2 against a local nginx, beside `curl --http2`: the time of one small
# request over TLS (ALPN h2), of h2c with prior knowledge, and of a 10 MB body, with the
# ratio the target is judged by (resp at most 0.7x curl's time), and the peak memory of the
# 10 MB download (to a file beside curl's, and read into memory beside resp's own HTTP/1.1).
# nginx listens on 127.0.0.1 only and is stopped at the end.
#
#   bench/h2.sh            # RESP=path/to/resp to measure another build
#
# Needs: hyperfine, nginx (with http_v2), curl with HTTP/2, GNU time (/usr/bin/time)
#   apt-get install -y hyperfine nginx-light curl time
set -euo pipefail

cd "$(dirname "$0")/.."
. bench/nginx.sh
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
RESP=${RESP:-$TARGET/release/resp}
TLS_PORT=${BENCH_H2_PORT:-18443}
H2C_PORT=$((TLS_PORT + 1))
WORK=$(mktemp -d)
trap 'stop_nginx "$WORK"' EXIT

for tool in hyperfine nginx curl; do
    command -v "$tool" >/dev/null || { echo "bench/h2.sh: missing $tool" >&2; exit 1; }
done
nginx -V 2>&1 | grep -q http_v2_module || { echo "bench/h2.sh: nginx lacks http_v2" >&2; exit 1; }
[[ -x $RESP ]] || { echo "bench/h2.sh: build $RESP first (cargo build --release --locked)" >&2; exit 1; }

# nginx's workers read the files as another user.
chmod 755 "$WORK"
mkdir -p "$WORK/html"
printf '{"error":"calm down"}\n' > "$WORK/html/small.json"
head -c $((10 * 1024 * 1024)) /dev/urandom > "$WORK/html/big.bin"
cat > "$WORK/nginx.conf" <<EOF
worker_processes 1;
daemon on;
pid $WORK/nginx.pid;
error_log $WORK/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $WORK/body;
  proxy_temp_path $WORK/proxy;
  fastcgi_temp_path $WORK/fcgi;
  uwsgi_temp_path $WORK/uwsgi;
  scgi_temp_path $WORK/scgi;
  server {
    listen 127.0.0.1:$TLS_PORT ssl http2;
    listen 127.0.0.1:$H2C_PORT http2;
    ssl_certificate $ROOT/tests/fixtures/tls/cert.pem;
    ssl_certificate_key $ROOT/tests/fixtures/tls/key.pem;
    root $WORK/html;
    location = /limited { return 420; }
  }
}
EOF
nginx -c "$WORK/nginx.conf"
sleep 0.3

TLS=https://127.0.0.1:$TLS_PORT
H2C=http://127.0.0.1:$H2C_PORT
version=$({ "$RESP" send -k --json "$TLS/small.json" || true; } | jq -r .connection.http_version)
[[ $version == HTTP/2 ]] || { echo "bench/h2.sh: resp spoke $version, not HTTP/2" >&2; exit 1; }
"$RESP" send -k -o /dev/null "$TLS/big.bin" 2>/dev/null \
    || { echo "bench/h2.sh: the 10 MB body did not arrive" >&2; exit 1; }

run() { # name, resp command, curl command
    hyperfine -N -i --warmup 5 --runs 50 --export-json "$WORK/$1.json" \
        -n resp "$2" -n curl "$3" >/dev/null
    jq -r --arg name "$1" '
        (.results[] | select(.command == "resp") | .mean) as $r
        | (.results[] | select(.command == "curl") | .mean) as $c
        | "\($name): resp \($r * 1000 | .*100 | round / 100) ms, curl --http2 \($c * 1000 | .*100 | round / 100) ms, ratio \($r / $c | .*100 | round / 100)"' \
        "$WORK/$1.json"
}

run "small over TLS (h2)" \
    "$RESP send -k --body none $TLS/limited" \
    "curl -sk --http2 -o /dev/null $TLS/limited"
run "small over h2c" \
    "$RESP send --http2-prior-knowledge --body none $H2C/limited" \
    "curl -s --http2-prior-knowledge -o /dev/null $H2C/limited"
run "10 MB body over TLS (h2)" \
    "$RESP send -k -o /dev/null $TLS/big.bin" \
    "curl -sk --http2 -o /dev/null $TLS/big.bin"

rss() { /usr/bin/time -o "$WORK/rss" -f %M "$@" >/dev/null 2>&1 || true; cat "$WORK/rss"; }
echo "peak RSS, 10 MB body: resp $(rss "$RESP" send -k -o /dev/null "$TLS/big.bin") KB," \
    "curl $(rss curl -sk --http2 -o /dev/null "$TLS/big.bin") KB"
echo "peak RSS, 10 MB body in memory (no -o): resp $(rss "$RESP" send -k --body none "$TLS/big.bin") KB," \
    "resp --http1.1 $(rss "$RESP" send -k --http1.1 --body none "$TLS/big.bin") KB"
