# Writers killed with SIGKILL at random moments (sourced by run.sh): every write is all or
# nothing, and the store stays whole.

# run_killed MILLISECONDS COMMAND…: runs COMMAND in the background and kills it with SIGKILL
# after MILLISECONDS unless it ended first; prints its exit status (137 when killed).
run_killed() {
    local delay=$1 pid status
    shift
    "$@" > /dev/null 2>&1 &
    pid=$!
    sleep_ms "$delay"
    kill -9 "$pid" 2> /dev/null
    wait "$pid"
    status=$?
    echo "$status"
}

# results_file FILE COUNT [DATED]: COUNT bench-json results over five series (DATED: with
# created_at, as `bench export` writes them; the day is left as DAY for each import).
results_file() {
    local j
    {
        echo "["
        for j in $(seq "$2"); do
            [ "$j" -gt 1 ] && echo ","
            printf '{"model_version": "m%d", "metrics": {"f1": 0.%03d, "latency_ms": %d}' $((j % 5)) $((j % 1000)) "$j"
            [ -n "${3:-}" ] && printf ', "created_at": "2026-DAYT%02d:%02d:%02d.000Z"' $((j / 3600)) $((j / 60 % 60)) $((j % 60))
            printf ', "run_id": "RUN"}'
        done
        echo "]"
    } > "$1"
}

# killed_writes sqlite|postgres: `bench import` into SQLite (KILLED_IMPORTS times), or
# `bench record` into PostgreSQL (KILLED_RECORDS times), each killed at a random moment
# within about the time one takes; after each, the checks.
killed_writes() {
    local kind=$1 repo dir store database count results size command
    repo=$(new_repo)
    dir=$(mktemp -d "$WORK/killed-XXXXXX")
    if [ "$kind" = postgres ]; then
        database=$(new_database) store=$database count=$KILLED_RECORDS size=$RECORD_SIZE command=record
        results_file "$dir/template.json" "$size"
    else
        database=sqlite store="$repo/.git/bench/bench.sqlite3" count=$KILLED_IMPORTS size=$IMPORT_SIZE command=import
        results_file "$dir/template.json" "$size" dated
    fi
    # The command, with the input's run id and day set: in WRITE.
    prepare() {
        sed "s/\"RUN\"/\"$1\"/; s/2026-DAYT/2026-$2T/" "$dir/template.json" > "$dir/input.json"
        if [ "$command" = record ]; then WRITE=("$BENCH" record --input "$dir/input.json" --database "$database")
        else WRITE=("$BENCH" import "$dir/input.json" --database "$database"); fi
    }
    # How long one takes, unkilled: the kills land anywhere from start-up to the end.
    local started full
    started=$(now_ms)
    prepare calibration 01-01
    (cd "$repo" && "${WRITE[@]}" > /dev/null) || { echo "the calibration $command failed" >&2; return 1; }
    full=$(( $(now_ms) - started ))
    echo "$count × bench $command of $size results into $kind, killed within $((full * 6 / 5)) ms (one takes $full ms)…" >&2

    local i day status rows killed=0 finished=0 partial=0 corrupt=0 orphans=0 bad=0 fk=0
    for i in $(seq "$count"); do
        day=$(printf '%02d-%02d' $((1 + i / 28 % 12)) $((1 + i % 28)))
        prepare "run-$i" "$day"
        status=$(cd "$repo" && run_killed $((RANDOM * RANDOM % (full * 6 / 5 + 1))) "${WRITE[@]}")
        if [ "$status" = 137 ]; then killed=$((killed + 1)); else finished=$((finished + 1)); fi
        if [ "$kind" = postgres ]; then wait_for_backends "$store"; fi
        rows=$(sql "$store" "SELECT count(*) FROM benchmark_transactions WHERE run_id = 'run-$i'")
        if [ "$rows" != 0 ] && [ "$rows" != "$size" ]; then partial=$((partial + 1)); fi
        orphans=$((orphans + $(sql "$store" "$ORPHANS")))
        bad=$((bad + $(sql "$store" "$BAD_SERIES")))
        if [ "$kind" = sqlite ]; then
            [ "$(sql "$store" "PRAGMA integrity_check")" = ok ] || corrupt=$((corrupt + 1))
            fk=$((fk + $(sql "$store" "PRAGMA foreign_key_check" | wc -l)))
        fi
    done
    local what="bench $command x $count ($size results)"
    figure kill-9 "$kind" "$what: killed while running" "$killed" ""
    figure kill-9 "$kind" "$what: finished before the kill" "$finished" ""
    figure kill-9 "$kind" "writes neither all nor nothing" "$partial" 0
    figure kill-9 "$kind" "orphan rows (after every kill, summed)" "$orphans" 0
    figure kill-9 "$kind" "series with a gap or != 1 current (summed)" "$bad" 0
    if [ "$kind" = sqlite ]; then
        figure kill-9 "$kind" "PRAGMA integrity_check not ok" "$corrupt" 0
        figure kill-9 "$kind" "PRAGMA foreign_key_check rows" "$fk" 0
    fi
}

# wait_for_backends URL: until no other session is connected to the database (the server
# ends a killed client's session, rolling back what it had not committed).
wait_for_backends() {
    local tries=0
    while [ "$(sql "$1" "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")" != 0 ]; do
        tries=$((tries + 1))
        [ "$tries" -gt 500 ] && { echo "a killed session did not end" >&2; return 1; }
        sleep 0.01
    done
}
