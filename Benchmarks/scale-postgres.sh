#!/usr/bin/env bash
# `make bench-scale`'s PostgreSQL import rate: run by Benchmarks/scale.sh under
# scripts/with-postgres.sh (a throwaway cluster; BENCH_TEST_DATABASE_URL is its superuser).
# Usage: scale-postgres.sh BENCH STORE_DIR FILES: imports FILES files of 100,000 generated
# results (the bench-scale history: 50 series over the commits of STORE_DIR/repo, oldest
# first) one `bench import` each into a fresh database, and prints each file's rate and the
# whole import's, so a rate that falls as the store grows shows. Prints figures; asserts nothing.
set -euo pipefail
bench=$(realpath "$1")
store=$(cd "$2" && pwd)
files="$3"
here=$(cd "$(dirname "$0")" && pwd)
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

work=$(mktemp -d /tmp/bench-scale-pg-XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/json"
per_file=100000
series=50
head -n $(( files * per_file / series )) "$store/shas" > "$work/shas"
python3 "$here/scale-data.py" results "$work/shas" "$series" "$work/json" "$per_file"

url="${BENCH_TEST_DATABASE_URL%/*}/bench_scale"
bindirs=(/usr/lib/postgresql/*/bin)
bindir=$(printf '%s\n' "${bindirs[@]}" | sort -V | tail -n 1)
"$bindir/psql" -q "$BENCH_TEST_DATABASE_URL" -c "CREATE DATABASE bench_scale" > /dev/null
(cd "$store/repo" && "$bench" db migrate --database "$url" > /dev/null)

total_ms=0 total=0 index=0
for part in "$work"/json/part-*.json; do
    index=$((index + 1))
    start=$(now_ms)
    (cd "$store/repo" && "$bench" import "$part" --database "$url" > /dev/null)
    ms=$(( $(now_ms) - start )); [ "$ms" -gt 0 ] || ms=1
    total_ms=$((total_ms + ms)) total=$((total + per_file))
    echo "PostgreSQL import, file $index of $files: $per_file transactions in $((ms / 1000)).$((ms % 1000 / 100)) s, $(( per_file * 1000 / ms )) transactions/s (store then holds $total)"
done
echo "PostgreSQL import: $total transactions in $((total_ms / 1000)).$((total_ms % 1000 / 100)) s, $(( total * 1000 / total_ms )) transactions/s"

# One result recorded into a series the import filled (model-01 at HEAD: 1 of 50 series, so
# files × 2,000 versions), as `bench record` against the shared store does it: a figure that
# grows with the series is a query that reads the whole series.
printf '{"model_version": "model-01", "metrics": {"precision": 0.86, "recall": 0.84, "f1": 0.85, "latency_ms": 401}}\n' > "$work/result.json"
(cd "$store/repo" && hyperfine -N --warmup 2 --runs 20 --export-json "$work/record.json" \
    "$bench record --input $work/result.json --database $url" > /dev/null 2>&1)
python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]; print("PostgreSQL record one result into a series of %d versions: %.1f ms (median of 20)" % (int(sys.argv[2]) * 2000, r["median"] * 1000))' "$work/record.json" "$files"
