#!/usr/bin/env bash
# `make bench-scale BENCH`: bench on a store of 1,000,000 transactions (50 series × 20,000
# commits, 4 metrics each) against the same commands on a store of 1,000 (50 series × 20
# commits): the figures of issue 16. Each command's median over 10 runs (hyperfine -N,
# 2 warm-ups), its peak memory (one run under /usr/bin/time) and its goal, the import rates
# (SQLite, and PostgreSQL in a throwaway cluster: PG_FILES files of 100,000, default 10) and
# the bytes per transaction. Prints figures; asserts nothing.
#
# The stores (a generated git repository with its .git/bench/bench.sqlite3) are built once
# under SCALE_DIR (default .build-scale) and kept: building the 1M store takes minutes. A
# store is reused only when its build finished (the file `built` beside it holds its figures).
# SCALE=small measures a store of 10,000 (5 series × 2,000 commits) with 3 runs instead, to
# try the script in under a minute.
set -euo pipefail
bench=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
data=$(mkdir -p "${SCALE_DIR:-.build-scale}" && cd "${SCALE_DIR:-.build-scale}" && pwd)
case "${SCALE:-full}" in
    full) commits=20000 series=50 runs=10 warmup=2 pg_files=10 ;;
    small) commits=2000 series=5 runs=3 warmup=1 pg_files=1 ;;
    *) echo "error: SCALE=${SCALE}: unknown size; use SCALE=full or SCALE=small" >&2; exit 2 ;;
esac
big="$((commits * series / 1000))k"
[ "$big" != 1000k ] || big=1M
changes_timeout="${CHANGES_TIMEOUT:-300}"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost

# shellcheck source=Benchmarks/scale-store.sh
. "$here/scale-store.sh"

# A static hello-world, built as bench's release is: the floor for start-up.
hello="$data/hello"
if [ ! -x "$hello" ]; then
    echo 'print("hello, world")' > "$data/hello.swift"
    swiftc -O -static-stdlib "$data/hello.swift" -o "$hello"
fi

build_store 1k 20 50
build_store "$big" "$commits" "$series"

# The result `record` stores (at HEAD, into model-01): recorded into a copy of the store,
# made afresh for each measurement, so the kept stores stay as built.
printf '{"model_version": "model-01", "metrics": {"precision": 0.86, "recall": 0.84, "f1": 0.85, "latency_ms": 401}}\n' > "$data/result.json"

# The file `import` reads (into a fresh copy of each store): the first 100,000 results of
# the big store's history again (new transactions at its oldest commits), in time order.
imports="$data/import"
if [ ! -s "$imports/part-0000.json" ]; then
    rm -rf "$imports"; mkdir -p "$imports"
    head -n $(( 100000 / series )) "$data/$big/shas" > "$imports/shas"
    python3 "$here/scale-data.py" results "$imports/shas" "$series" "$imports" 100000
fi
import_count=$(( $(wc -l < "$imports/shas") * series ))

# The commands, one a line: label, goal, arguments after `bench` ("-" marks the hello-world).
commands=$(cat <<'EOF'
bench --version|≤ 3× hello|--version
bench --help|≤ 3× hello|--help
static hello-world|-|-
record one result|≤ 10 ms|record --input RESULT
import one file (1 run)|≤ 100 MB|import IMPORTS
current --json|≤ 5 ms|current --json
history model-01 --json|≤ 150 ms|history model-01 --json
history model-01 -n 50|≤ 5 ms|history model-01 -n 50
log -n 50 --metric f1|≤ 10 ms|log -n 50 --metric f1
check|≤ 10 ms|check
changes model-00 --metric f1|≤ 300 ms|changes model-00 --metric f1
changes --all (1 run)|≤ 5 s|changes --all
EOF
)

results="$data/results"
rm -rf "$results"; mkdir -p "$results"
copy="$data/record-copy"

# measure STORE INDEX LABEL ARGS: writes $results/STORE-INDEX.{ms,mb,note}.
measure() {
    local store="$1" index="$2" label="$3" args="$4" out="$results/$1-$2"
    local dir="$data/$store/repo" argv
    if [ "$args" = - ]; then
        argv=("$hello")
    else
        read -r -a argv <<< "$args"
        argv=("$bench" "${argv[@]/RESULT/$data/result.json}")
        argv=("${argv[@]/IMPORTS/$imports/part-0000.json}")
    fi
    if [ "${argv[1]:-}" = record ] || [ "${argv[1]:-}" = import ]; then
        rm -rf "$copy"; cp -a "$data/$store/repo" "$copy"; dir="$copy"
    fi
    # One run under /usr/bin/time: exit code and peak memory (also the time, for the one-run command).
    local status=0
    (cd "$dir" && /usr/bin/time -f '%e %M' -o "$out.time" timeout "$changes_timeout" "${argv[@]}" > /dev/null 2> "$out.err") || status=$?
    # check exits 1 on a regression and 4 when the statistics cannot tell: verdicts, not failures.
    if [ "$status" -ne 0 ] && ! { [ "${argv[1]:-}" = check ] && { [ "$status" = 1 ] || [ "$status" = 4 ]; }; }; then
        if [ "$status" = 124 ]; then
            echo "timed out after ${changes_timeout} s" > "$out.note"
        else
            echo "exit $status: $(grep -m1 -v '^Command exited' "$out.err" | cut -c1-70)" > "$out.note"
        fi
        return
    fi
    awk '{ printf "%.1f\n", $NF / 1024 }' "$out.time" | tail -1 > "$out.mb"
    if [[ "$label" == *"(1 run)"* ]]; then
        awk 'NR == 1 && NF == 2 { printf "%.1f\n", $1 * 1000 }' "$out.time" > "$out.ms"
        return
    fi
    (cd "$dir" && hyperfine -N -i --warmup "$warmup" --runs "$runs" --export-json "$out.json" \
        --command-name "$label" "$(printf '%q ' "${argv[@]}")" > /dev/null 2>&1)
    python3 -c 'import json, sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$out.json" > "$out.ms"
}

echo "measuring ($runs runs each, $warmup warm-ups; changes --all once, at most ${changes_timeout} s)…"
index=0
while IFS='|' read -r label goal args; do
    index=$((index + 1))
    for store in 1k "$big"; do
        measure "$store" "$index" "$label" "$args"
    done
done <<< "$commands"
rm -rf "$copy"

value() { if [ -s "$1" ]; then cat "$1"; else echo "-"; fi; }
echo
printf '%-30s %10s %10s %8s %11s %12s\n' command "ms at 1k" "ms at $big" growth goal "peak MB $big"
index=0
while IFS='|' read -r label goal args; do
    index=$((index + 1))
    small_ms=$(value "$results/1k-$index.ms")
    big_ms=$(value "$results/$big-$index.ms")
    growth=$(awk -v a="$small_ms" -v b="$big_ms" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f×", b / a; else print "-" }')
    printf '%-30s %10s %10s %8s %11s %12s\n' "$label" "$small_ms" "$big_ms" "$growth" "$goal" "$(value "$results/$big-$index.mb")"
    for store in 1k "$big"; do
        [ ! -s "$results/$store-$index.note" ] || echo "    at $store: $(cat "$results/$store-$index.note")"
    done
done <<< "$commands"

echo
for store in 1k "$big"; do
    ms=$(value "$results/$store-$(grep -n '^import ' <<< "$commands" | cut -d: -f1).ms")
    [ "$ms" = - ] || echo "import of $import_count results into the $store store: $(awk -v n="$import_count" -v ms="$ms" 'BEGIN { printf "%d", n * 1000 / ms }') transactions/s"
done
echo "goals: each read command grows at most 1.5× from 1k to $big; peak memory ≤ 100 MB each;"
echo "start-up within 3× the static hello-world; import ≥ 50,000 transactions/s (pre-push hook: make bench-hooks)"
for store in 1k "$big"; do
    transactions=$(cd "$data/$store/repo" && "$bench" db status | sed -n 's/.*rows: \([0-9]*\) transactions.*/\1/p')
    bytes=$(du -cb "$data/$store/repo/.git/bench/"bench.sqlite3* | tail -1 | cut -f1)
    echo "$store store: $(cat "$data/$store/built")"
    echo "$store store: $transactions transactions, $bytes bytes on disk, $(( bytes / transactions )) bytes per transaction"
done

# The PostgreSQL import rate, into a throwaway cluster of its own (Benchmarks/scale-postgres.sh):
# the same generated history, one `bench import` per 100,000 results.
echo
"$here/../scripts/with-postgres.sh" "$here/scale-postgres.sh" "$bench" "$data/$big" "${PG_FILES:-$pg_files}"
