# Sourced by the benchmarks that run nginx on loopback: a free port, and nginx stopped
# (gracefully, waited for) with its scratch folder removed.

# A port on 127.0.0.1 nobody listens on now; BENCH_PORT when set.
free_port() {
    echo "${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
}

# Stops the nginx whose pid file is in folder $1, then removes the folder.
stop_nginx() {
    if [[ -s $1/nginx.pid ]]; then
        local pid
        pid=$(cat "$1/nginx.pid")
        kill -QUIT "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$1"
}
