#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL server for the test suite, on 127.0.0.1 and the
# first free port from 25432, with its data in a fresh temporary directory. Tests find it
# through <state-file>, which holds "postgresql://mbc@127.0.0.1:<port>/postgres" and the
# directory. As root, the server runs as the `postgres` user (PostgreSQL refuses root).
#   postgres_fixture.sh start   <state-file>
#   postgres_fixture.sh stop    <state-file>   (and delete its data)
# For outage tests, on a server of their own (never the shared one):
#   postgres_fixture.sh restart <state-file>   (fast shutdown: sessions are cut, as an upgrade would)
#   postgres_fixture.sh halt    <state-file>   (stopped, data kept)
#   postgres_fixture.sh resume  <state-file>   (started again on the same port)
set -euo pipefail
action=$1
state=$2

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL server binaries not found (Debian package postgresql)" >&2
    exit 1
fi
as_server() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

server_options() { # <port> <dir>
    echo "-p $1 -k $2 -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
}
# A port stays claimed by its server from start to stop, halted or not, so that a server
# another test starts meanwhile never takes it while this one restarts. A claim whose server's
# directory is gone (a test that was killed) is taken over.
claim_port() { # <port> <dir>
    local claim=/tmp/mbc-postgres-port-$1
    if mkdir "$claim" 2>/dev/null; then
        echo "$2" >"$claim/owner"
        return 0
    fi
    local owner
    owner=$(cat "$claim/owner" 2>/dev/null || true)
    if [ -n "$owner" ] && [ ! -d "$owner" ]; then
        rm -rf "$claim"
        claim_port "$1" "$2"
        return
    fi
    return 1
}
release_port() { rm -rf "/tmp/mbc-postgres-port-$1"; }
state_port() { sed -n 1p "$state" | sed -E 's/.*:([0-9]+)\/.*/\1/'; }
state_dir() { sed -n 2p "$state"; }

case "$action" in
restart | halt | resume)
    [ -f "$state" ] || { echo "no server recorded in $state" >&2; exit 1; }
    dir=$(state_dir)
    case "$action" in
    restart) as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -m fast \
                 -o "$(server_options "$(state_port)" "$dir")" restart >/dev/null ;;
    halt) as_server "$bin/pg_ctl" -D "$dir/data" -w -t 30 -m fast stop >/dev/null ;;
    resume) as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
                -o "$(server_options "$(state_port)" "$dir")" start >/dev/null ;;
    esac
    ;;
start)
    if [ -f "$state" ]; then "$0" stop "$state" || true; fi
    dir=$(mktemp -d /tmp/mbc-postgres.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_server "$bin/initdb" -D "$dir/data" -U mbc --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    # Below Linux's ephemeral range (32768-60999): a halted server's port must stay free for
    # its resume, and any loopback connection the tests make may be given a port of that range
    # as its own, which it then holds for a minute after it closes (TIME_WAIT).
    for port in $(seq 25432 25532); do
        claim_port "$port" "$dir" || continue
        if as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "$(server_options "$port" "$dir")" start >/dev/null 2>&1; then
            printf 'postgresql://mbc@127.0.0.1:%s/postgres\n%s\n' "$port" "$dir" >"$state"
            echo "PostgreSQL test server on 127.0.0.1:$port ($dir)"
            exit 0
        fi
        release_port "$port" # in use by something else
    done
    cat "$dir/server.log" >&2 || true
    echo "could not start PostgreSQL on any port in 25432-25532" >&2
    exit 1
    ;;
stop)
    [ -f "$state" ] || exit 0
    dir=$(sed -n 2p "$state")
    port=$(state_port)
    if [ -n "$dir" ] && [ -d "$dir/data" ]; then
        as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        rm -rf "$dir"
    fi
    [ -n "$port" ] && release_port "$port"
    rm -f "$state"
    ;;
*)
    echo "usage: $0 start|stop|restart|halt|resume <state-file>" >&2
    exit 2
    ;;
esac
