#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: initdb in a temp dir, a free
# loopback port, password auth over TCP. The command sees BENCH_TEST_DATABASE_URL (a
# superuser URL) and BENCH_TEST_PG_CTL (a script taking stop|start, for tests that take the
# server away). The cluster is stopped and removed afterwards, also when the command fails.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
    echo "with-postgres: no PostgreSQL server binaries (install the postgresql package)" >&2
    exit 3
fi
dir=$(mktemp -d /tmp/bench-pg-XXXXXX)
chmod 755 "$dir"
as_postgres() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
as_postgres sh -c "umask 077; printf '%s\n' '$password' > '$dir/pw'"

port=""
for candidate in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "with-postgres: no free port found" >&2; exit 3; }

as_postgres "$bindir/initdb" -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$dir/pw" -E UTF8 --locale=C.UTF-8 > "$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 3; }
options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200"
cat > "$dir/pgctl.sh" <<CTL
#!/bin/sh
# stop | start the throwaway cluster
if [ "\$(id -u)" = 0 ]; then run="runuser -u postgres --"; else run=""; fi
case "\$1" in
  stop) exec \$run "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null ;;
  start) exec \$run "$bindir/pg_ctl" -D "$dir/data" -o "$options" -l "$dir/server.log" -w start > /dev/null ;;
esac
CTL
chmod 755 "$dir/pgctl.sh"

child=""
stop() {
    set +e
    [ -n "$child" ] && kill "$child" 2>/dev/null
    "$dir/pgctl.sh" stop 2>/dev/null
    rm -rf "$dir"
}
trap stop EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
"$dir/pgctl.sh" start || { cat "$dir/server.log" >&2; exit 3; }

export BENCH_TEST_DATABASE_URL="postgres://postgres:$password@127.0.0.1:$port/postgres"
export BENCH_TEST_PG_CTL="$dir/pgctl.sh"
# For a test that runs a private cluster in the background: where to find it.
if [ -n "${BENCH_PG_INFO_FILE:-}" ]; then
    printf '%s\n%s\n' "$BENCH_TEST_DATABASE_URL" "$BENCH_TEST_PG_CTL" > "$BENCH_PG_INFO_FILE.tmp"
    mv "$BENCH_PG_INFO_FILE.tmp" "$BENCH_PG_INFO_FILE"
fi
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
# In the background and waited for, so a TERM stops the cluster at once.
"$@" &
child=$!
wait "$child"
