# Concurrent writers (sourced by run.sh): WRITERS processes each run `bench record` RECORDS
# times into one series while a reader samples the series, one statement per sample.

# concurrent_writers sqlite|postgres
concurrent_writers() {
    local kind=$1 label="$WRITERS x $RECORDS records" repo store database dir pids=() w started
    repo=$(new_repo)
    dir=$(mktemp -d "$WORK/writers-XXXXXX")
    if [ "$kind" = postgres ]; then
        database=$(new_database)
        store=$database
    else
        database=sqlite
        (cd "$repo" && "$BENCH" init --database sqlite > /dev/null)
        store="$repo/.git/bench/bench.sqlite3"
    fi
    printf '{"model_version": "clf", "dataset_version": "set-v1", "metrics": {"f1": 0.9, "latency_ms": 400}}\n' > "$dir/result.json"
    echo "$label on $kind…" >&2
    started=$(now_ms)
    for w in $(seq "$WRITERS"); do
        (
            cd "$repo" || exit 1
            for i in $(seq "$RECORDS"); do
                if "$BENCH" record --input "$dir/result.json" --run-id "w$w-$i" --database "$database" \
                    > /dev/null 2>> "$dir/errors"; then echo "w$w-$i"; fi
            done > "$dir/ok-$w"
        ) &
        pids+=($!)
    done
    local samples=0 wrong=0 unread=0 state
    while any_alive "${pids[@]}"; do
        if ! state=$(sql "$store" "$SERIES_STATE" 2>> "$dir/reader-errors"); then unread=$((unread + 1)); continue; fi
        samples=$((samples + 1))
        series_ok "$state" || { wrong=$((wrong + 1)); echo "$state" >> "$dir/wrong-samples"; }
    done
    wait "${pids[@]}"
    local seconds=$(( ($(now_ms) - started) / 1000 ))

    local ok lost versions newest distinct currents current backwards
    ok=$(cat "$dir"/ok-* | wc -l)
    sql "$store" "SELECT run_id FROM benchmark_transactions WHERE transaction_type = 'run'" | sort > "$dir/stored"
    lost=$(cat "$dir"/ok-* | sort | comm -23 - "$dir/stored" | wc -l)
    IFS='|' read -r versions newest distinct currents current backwards <<< "$(sql "$store" "$SERIES_STATE")"
    local total=$((WRITERS * RECORDS)) gapless=no
    [ "$versions" = "$newest" ] && [ "$distinct" = "$versions" ] && gapless=yes
    figure concurrency "$kind" "records that succeeded ($label)" "$ok" "$total"
    figure concurrency "$kind" "records lost" "$lost" 0
    figure concurrency "$kind" "versions (1..N with no gap)" "$versions ($gapless)" "$total (yes)"
    figure concurrency "$kind" "current snapshots at the end" "$currents" 1
    figure concurrency "$kind" "current = newest at the end" "v$current = v$newest" "v$total = v$total"
    figure concurrency "$kind" "adjacent versions whose created_at goes back" "$backwards" 0
    figure concurrency "$kind" "reader samples taken during the run" "$samples" ""
    figure concurrency "$kind" "samples breaking a rule (gap, current != newest, ...)" "$wrong" 0
    figure concurrency "$kind" "samples the reader could not read" "$unread" 0
    figure concurrency "$kind" "wall time, seconds" "$seconds" ""
}
