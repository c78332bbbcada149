#!/usr/bin/env bash
# `make reliability` (issue 14, "prove it"): the bench binary given as the argument under
#   - concurrent writers: 8 processes × 100 `bench record` into one series, on SQLite and on
#     PostgreSQL, while a reader samples the series;
#   - kill -9 at random moments: `bench import` ×100 into SQLite, `bench record` ×50 into
#     PostgreSQL, with the checks after every kill;
#   - PostgreSQL stopped and started again in the middle of 200 `bench record`, then `bench sync`.
# Prints a table of figures; exits 1 when one is not what the rules say it must be.
# Runs itself beside a throwaway PostgreSQL cluster (scripts/with-postgres.sh) when it is not
# already beside one. Sizes can be changed through the environment (WRITERS, RECORDS, …), and
# CHECKS picks some of the checks (concurrency kill restart).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
    echo "usage: $0 path/to/bench" >&2
    exit 2
fi
if [ -z "${BENCH_TEST_DATABASE_URL:-}" ] || [ -z "${BENCH_TEST_PG_CTL:-}" ]; then
    exec "$here/../../scripts/with-postgres.sh" "$0" "$@"
fi
for tool in sqlite3 psql git; do
    command -v "$tool" > /dev/null || { echo "reliability: needs $tool" >&2; exit 3; }
done

BENCH=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
WRITERS=${WRITERS:-8} RECORDS=${RECORDS:-100}
KILLED_IMPORTS=${KILLED_IMPORTS:-100} IMPORT_SIZE=${IMPORT_SIZE:-1000}
KILLED_RECORDS=${KILLED_RECORDS:-50} RECORD_SIZE=${RECORD_SIZE:-300}
RESTART_RECORDS=${RESTART_RECORDS:-200}
unset BENCH_DATABASE_URL
WORK=$(mktemp -d /tmp/bench-reliability-XXXXXX)
TABLE="$WORK/table.tsv"
trap 'rm -rf "$WORK"' EXIT

. "$here/lib.sh"
. "$here/concurrent.sh"
. "$here/kill.sh"
. "$here/restart.sh"

echo "bench: $BENCH ($("$BENCH" --version 2> /dev/null || echo "version unknown"))" >&2
for check in ${CHECKS:-concurrency kill restart}; do
    case "$check" in
        concurrency) concurrent_writers sqlite; concurrent_writers postgres ;;
        kill) killed_writes sqlite; killed_writes postgres ;;
        restart) restart_in_the_middle ;;
        *) echo "reliability: no check named $check (concurrency, kill, restart)" >&2; exit 2 ;;
    esac
done

echo
{
    printf 'check\tstore\tfigure\tvalue\texpected\t\n'
    cat "$TABLE"
} | awk -F '\t' '{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > width[i]) width[i] = length($i) } }
    END { for (r = 1; r <= NR; r++) { line = ""; for (i = 1; i <= 6; i++) line = line sprintf("%-" width[i] + 2 "s", cell[r, i]); sub(/ +$/, "", line); print line } }'
off=$(awk -F '\t' '$6 == "OFF"' "$TABLE" | wc -l)
echo
if [ "$off" -eq 0 ]; then
    echo "every figure is as the rules say"
else
    echo "$off figure(s) OFF"
    exit 1
fi
