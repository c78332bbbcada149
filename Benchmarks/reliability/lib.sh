# Shared by the reliability checks (sourced by run.sh): repositories and databases to
# record into, one SQL statement on either store, the rules every check asks of a store,
# and the table of figures.

# A git repository with one commit in a new directory under $WORK; prints its path.
new_repo() {
    local dir
    dir=$(mktemp -d "$WORK/repo-XXXXXX")
    git -C "$dir" init -q -b main
    git -C "$dir" -c user.name=bench -c user.email=bench@example.com commit -q --allow-empty -m first
    echo "$dir"
}

# An empty, migrated database on the throwaway cluster; prints its URL.
new_database() {
    local name url
    name="reliability_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
    psql "$BENCH_TEST_DATABASE_URL" -XqAt -c "CREATE DATABASE $name" > /dev/null
    url="${BENCH_TEST_DATABASE_URL%/*}/$name"
    "$BENCH" db migrate --database "$url" > /dev/null
    echo "$url"
}

# sql STORE STATEMENT: runs one statement on STORE (a SQLite file or a postgres:// URL) and
# prints its rows, fields separated by |. One statement reads one committed state.
sql() {
    case "$1" in
        postgres://*) psql "$1" -XqAt -F '|' -c "$2" ;;
        *) sqlite3 -cmd ".timeout 10000" "$1" "$2" ;;
    esac
}

# The state of series `clf` in one statement: versions|newest|distinct versions|currents|
# current version|adjacent versions whose created_at goes back.
SERIES_STATE="SELECT count(*), coalesce(max(snapshot_version), 0), count(DISTINCT snapshot_version),
    coalesce(sum(CASE WHEN is_current THEN 1 ELSE 0 END), 0), coalesce(max(CASE WHEN is_current THEN snapshot_version END), 0),
    (SELECT count(*) FROM benchmark_snapshots a JOIN benchmark_snapshots b ON b.model_version = a.model_version
        AND b.branch_name = a.branch_name AND b.snapshot_version = a.snapshot_version + 1
      WHERE a.model_version = 'clf' AND b.created_at < a.created_at)
  FROM benchmark_snapshots WHERE model_version = 'clf'"

# series_ok STATE: whether a SERIES_STATE row keeps the rules (an empty series does):
# versions 1…N with no gap, exactly one current and it the newest, no time going back.
series_ok() {
    local versions newest distinct currents current backwards
    IFS='|' read -r versions newest distinct currents current backwards <<< "$1"
    [ "$versions" = 0 ] && return 0
    [ "$versions" = "$newest" ] && [ "$distinct" = "$versions" ] && [ "$currents" = 1 ] \
        && [ "$current" = "$newest" ] && [ "$backwards" = 0 ]
}

# Rows that point at nothing or lack what they must have: snapshots without their run,
# metric rows without a snapshot, runs without a snapshot, runs without metric rows.
ORPHANS="SELECT
    (SELECT count(*) FROM benchmark_snapshots s
      WHERE NOT EXISTS (SELECT 1 FROM benchmark_transactions t WHERE t.id = s.transaction_id))
  + (SELECT count(*) FROM benchmark_metrics m WHERE NOT EXISTS (SELECT 1 FROM benchmark_transactions t
        JOIN benchmark_snapshots s ON s.transaction_id = t.id WHERE t.seq = m.transaction_seq))
  + (SELECT count(*) FROM benchmark_transactions t WHERE t.transaction_type = 'run'
        AND NOT EXISTS (SELECT 1 FROM benchmark_snapshots s WHERE s.transaction_id = t.id))
  + (SELECT count(*) FROM benchmark_transactions t WHERE t.transaction_type = 'run'
        AND NOT EXISTS (SELECT 1 FROM benchmark_metrics m WHERE m.transaction_seq = t.seq))"

# Series whose versions are not 1…N or that have not exactly one current snapshot.
BAD_SERIES="SELECT count(*) FROM (SELECT count(*) AS n, max(snapshot_version) AS newest,
    count(DISTINCT snapshot_version) AS distinct_versions, sum(CASE WHEN is_current THEN 1 ELSE 0 END) AS currents
  FROM benchmark_snapshots GROUP BY model_version, dataset_version, prompt_version, environment, branch_name) AS g
  WHERE n <> newest OR distinct_versions <> n OR currents <> 1"

# figure CHECK STORE WHAT VALUE EXPECTED: one row of the table; a value other than the
# expected one is marked OFF and fails the run.
figure() {
    local mark=ok
    [ -n "$5" ] && [ "$4" != "$5" ] && mark=OFF
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5:--}" "$mark" >> "$TABLE"
    printf '  %-8s %-40s %s\n' "$2" "$3" "$4" >&2
}

# Milliseconds since the epoch.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# sleep_ms N: sleeps N milliseconds.
sleep_ms() { sleep "$(printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 )))"; }

# any_alive PID…: whether one of the processes still runs.
any_alive() {
    local pid
    for pid in "$@"; do kill -0 "$pid" 2> /dev/null && return 0; done
    return 1
}
