#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the HQ tests and prints its URL on stdout (the only line
# printed there; progress goes to stderr):
#
#     export INSPECTOR_TEST_POSTGRES_URL="$(bash packaging/start_test_postgres.sh)"
#
# Installs Debian's postgresql package when it is missing (needs root). The cluster lives in
# $INSPECTOR_TEST_POSTGRES_DIR (default /tmp/inspector-test-postgres-$PORT), listens on 127.0.0.1 only, on
# $INSPECTOR_TEST_POSTGRES_PORT (default 55432), with a random password for the user "postgres". Running it again
# while that server runs just prints the URL again. `bash packaging/start_test_postgres.sh stop` stops it.
set -euo pipefail

port="${INSPECTOR_TEST_POSTGRES_PORT:-55432}"
base="${INSPECTOR_TEST_POSTGRES_DIR:-/tmp/inspector-test-postgres-$port}"
data="$base/data"
sockets="$base/sockets"
secret="$base/password"
log="$base/server.log"
database="inspector_hq_test"

say() { echo "start_test_postgres: $*" >&2; }

find_bin() {
    local dir
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return 0; }
    done
    return 1
}

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

bin="$(find_bin || true)"
if [ "${1:-}" = "stop" ]; then
    [ -n "$bin" ] && [ -d "$data" ] && as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true
    exit 0
fi

if [ -z "$bin" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "PostgreSQL is not installed and we are not root: apt-get install postgresql"
        exit 1
    fi
    say "installing postgresql (apt)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    bin="$(find_bin)"
fi

if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    say "the postgres user is missing; reinstall the postgresql package"
    exit 1
fi

url() {
    printf 'postgresql+psycopg://postgres:%s@127.0.0.1:%s/%s\n' "$(cat "$secret")" "$port" "$database"
}

if [ -f "$secret" ] && [ -d "$data" ] && as_postgres "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    url
    exit 0
fi

if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$base"
    mkdir -p "$data" "$sockets"
    # 32 hex characters: nothing in it needs quoting in a URL.
    od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$secret"
    chmod 700 "$base"
    chmod 600 "$secret"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$base"
    say "initdb in $data"
    as_postgres "$bin/initdb" -D "$data" -U postgres -A scram-sha-256 --pwfile="$secret" -E UTF8 \
        --locale=C.UTF-8 >&2
fi

say "starting on 127.0.0.1:$port"
as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $sockets -c fsync=off -c max_connections=200" start >&2

export PGPASSWORD
PGPASSWORD="$(cat "$secret")"
if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
    "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE $database" >&2
fi
url
