# The shared store goes away (sourced by run.sh): PostgreSQL is stopped and started again in
# the middle of RESTART_RECORDS `bench record`; the outbox keeps what the server could not
# take, and after `bench sync` every run is there exactly once.

# restart_in_the_middle: records in the background; the server stops after a third of them
# and starts again after two thirds.
restart_in_the_middle() {
    local repo dir url pid started
    repo=$(new_repo)
    dir=$(mktemp -d "$WORK/restart-XXXXXX")
    url=$(new_database)
    printf '{"model_version": "clf", "dataset_version": "set-v1", "metrics": {"f1": 0.9, "latency_ms": 400}}\n' > "$dir/result.json"
    echo "$RESTART_RECORDS × bench record into postgres, the server stopped and started in the middle…" >&2
    started=$(now_ms)
    (
        cd "$repo" || exit 1
        for i in $(seq "$RESTART_RECORDS"); do
            if "$BENCH" record --input "$dir/result.json" --run-id "r-$i" --database "$url" > /dev/null 2> "$dir/stderr"; then
                echo "r-$i" >> "$dir/ok"
                grep -q "in the outbox" "$dir/stderr" && echo "r-$i" >> "$dir/queued"
                sed -n 's/.*delivered \([0-9]*\) run(s) from the outbox.*/\1/p' "$dir/stderr" >> "$dir/delivered"
            else
                echo "r-$i" >> "$dir/failed"
                cat "$dir/stderr" >> "$dir/errors"
            fi
            echo "$i" > "$dir/progress"
        done
    ) &
    pid=$!
    until_progress() {
        local done
        while kill -0 "$pid" 2> /dev/null; do
            done=$(cat "$dir/progress" 2> /dev/null)
            [ "${done:-0}" -ge "$1" ] && return
            sleep 0.01
        done
    }
    until_progress $((RESTART_RECORDS / 3))
    "$BENCH_TEST_PG_CTL" stop
    until_progress $((RESTART_RECORDS * 2 / 3))
    "$BENCH_TEST_PG_CTL" start
    wait "$pid"
    local sync
    sync=$(cd "$repo" && "$BENCH" sync --database "$url" 2>&1)
    local seconds=$(( ($(now_ms) - started) / 1000 ))

    local ok queued failed lost duplicated state outbox
    ok=$(wc -l < "$dir/ok" 2> /dev/null || echo 0)
    queued=$(cat "$dir/queued" 2> /dev/null | wc -l)
    failed=$(cat "$dir/failed" 2> /dev/null | wc -l)
    sql "$url" "SELECT run_id FROM benchmark_transactions WHERE transaction_type = 'run'" | sort > "$dir/stored"
    lost=$(sort "$dir/ok" | comm -23 - <(sort -u "$dir/stored") | wc -l)
    duplicated=$(( $(wc -l < "$dir/stored") - $(sort -u "$dir/stored" | wc -l) ))
    state=$(sql "$url" "$SERIES_STATE")
    outbox=$(cd "$repo" && "$BENCH" sync --database "$url" 2>&1)
    figure restart postgres "records that succeeded (of $RESTART_RECORDS)" "$ok" "$RESTART_RECORDS"
    figure restart postgres "records that failed" "$failed" 0
    figure restart postgres "runs kept in the outbox while down" "$queued" ""
    figure restart postgres "delivered by the next record once up" "$(awk '{ n += $1 } END { print n + 0 }' "$dir/delivered" 2> /dev/null || echo 0)" ""
    figure restart postgres "bench sync" "$(echo "$sync" | tail -n 1 | sed 's/postgres:[^ ]*/URL/')" ""
    figure restart postgres "runs lost after sync" "$lost" 0
    figure restart postgres "runs duplicated after sync" "$duplicated" 0
    figure restart postgres "series keeps the rules (gapless, current = newest)" "$(series_ok "$state" && echo yes || echo "no: $state")" yes
    figure restart postgres "outbox after sync" "$(echo "$outbox" | grep -q 'outbox empty' && echo empty || echo "$outbox")" empty
    figure restart postgres "wall time, seconds" "$seconds" ""
    [ -s "$dir/errors" ] && { echo "why records failed:" >&2; grep -h '^error' "$dir/errors" | sort | uniq -c >&2; }
    return 0
}
