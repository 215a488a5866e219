#!/usr/bin/env bash
# A three-node MiniBitcoin network on this machine, without Docker: nodes on loopback ports
# 8001-8003, node2 and node3 bootstrapped from node1, each with its own SQLite store, or, when
# DATABASE_URL names a PostgreSQL database, its own database beside it (<name>_node1..3,
# created if missing).
#
#   packaging/three-nodes.sh start     builds if needed, starts the nodes, prints their URLs
#   packaging/three-nodes.sh status    each node's height, tip and peers
#   packaging/three-nodes.sh stop      stops them cleanly (SIGTERM)
#
# Settings (environment): NETWORK (regtest), BASE_PORT (8001), SYNC_INTERVAL (5),
# NETWORK_DIR (build/three-nodes: data dirs, logs, pid files), DATABASE_URL (unset: SQLite),
# MBC_BIN_DIR (use the binaries there instead of building).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
network=${NETWORK:-regtest}
base_port=${BASE_PORT:-8001}
sync_interval=${SYNC_INTERVAL:-5}
dir=${NETWORK_DIR:-$root/build/three-nodes}
bin_dir=${MBC_BIN_DIR:-}

url_of() { echo "http://127.0.0.1:$((base_port + $1 - 1))"; }
pid_of() { cat "$dir/node$1.pid" 2>/dev/null || true; }
running() {
    local pid
    pid=$(pid_of "$1")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# node N's database URL: empty for SQLite, else DATABASE_URL with its database name + _nodeN.
database_of() {
    [ -n "${DATABASE_URL:-}" ] || return 0
    local base=${DATABASE_URL%%\?*}
    echo "${base%/*}/${base##*/}_node$1"
}

create_databases() {
    [ -n "${DATABASE_URL:-}" ] || return 0
    command -v psql >/dev/null ||
        { echo "three-nodes: psql is needed to create the node databases (apt-get install postgresql-client)" >&2; exit 1; }
    local base=${DATABASE_URL%%\?*} n name
    for n in 1 2 3; do
        name="${base##*/}_node$n"
        if ! psql "$DATABASE_URL" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
            psql "$DATABASE_URL" -q -c "CREATE DATABASE \"$name\""
        fi
    done
}

start() {
    if [ -z "$bin_dir" ]; then
        "$here/deps.sh" app
        "$here/build.sh" release -DCMAKE_BUILD_TYPE=Release -- minibitcoin minibitcoin-cli
        bin_dir=$root/build/release/app
    fi
    mkdir -p "$dir"
    create_databases
    local n
    for n in 1 2 3; do
        if running "$n"; then
            echo "node$n is already running ($(url_of "$n"))"
            continue
        fi
        local peers=""
        [ "$n" -gt 1 ] && peers=$(url_of 1)
        (umask 077 && mkdir -p "$dir/node$n") # the node refuses a directory others can change
        # From the node's directory, so that no .env of the caller's applies; `exec` makes the
        # recorded pid the node's own.
        (cd "$dir/node$n" &&
            DATABASE_URL=$(database_of "$n") BOOTSTRAP_PEERS=$peers SYNC_INTERVAL=$sync_interval \
            NODE_NAME=node$n exec nohup "$bin_dir/minibitcoin" --daemon --network "$network" \
            --datadir "$dir/node$n" --port $((base_port + n - 1)) --public-url "$(url_of "$n")" \
            >"$dir/node$n.log" 2>&1) &
        echo $! >"$dir/node$n.pid"
    done
    for n in 1 2 3; do
        local tries=0
        until "$bin_dir/minibitcoin-cli" status --node "$(url_of "$n")" >/dev/null 2>&1; do
            if ! running "$n" || [ $tries -ge 300 ]; then
                echo "three-nodes: node$n did not start; the end of $dir/node$n.log:" >&2
                tail -n 20 "$dir/node$n.log" >&2
                exit 1
            fi
            tries=$((tries + 1))
            sleep 0.1
        done
    done
    echo "Three $network nodes are running (logs and data in $dir):"
    for n in 1 2 3; do
        echo "  node$n  $(url_of "$n")"
    done
    echo "Try: $bin_dir/minibitcoin-cli mine --address <ADDR> --node $(url_of 2)"
    echo "Stop them with: $0 stop"
}

stop() {
    local n pid
    for n in 1 2 3; do
        pid=$(pid_of "$n")
        if running "$n"; then
            kill -TERM "$pid"
            for _ in $(seq 300); do
                kill -0 "$pid" 2>/dev/null || break
                sleep 0.1
            done
            if kill -0 "$pid" 2>/dev/null; then
                echo "node$n did not stop within 30 s; killing it" >&2
                kill -KILL "$pid"
            fi
            echo "node$n stopped"
        fi
        rm -f "$dir/node$n.pid"
    done
}

status() {
    local cli=${bin_dir:-$root/build/release/app}/minibitcoin-cli n
    for n in 1 2 3; do
        echo "node$n $(url_of "$n")"
        "$cli" status --node "$(url_of "$n")" || true
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
