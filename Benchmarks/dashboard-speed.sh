#!/usr/bin/env bash
# `make bench-dashboard`: the dashboard over a store of 1M transactions (50 series over 20,000
# commits): the median server time of each view over 20 requests, and /api/current under wrk.
# Prints figures; asserts nothing. TRANSACTIONS, COMMITS and SERIES change the size.
# DATA=DIR keeps the generated repository and store in DIR and reuses them on the next run
# (generating 1M transactions takes minutes).
set -euo pipefail
bench="$1"
transactions="${TRANSACTIONS:-1000000}"
commits="${COMMITS:-20000}"
series="${SERIES:-50}"
server=""
if [ -n "${DATA:-}" ]; then
    work="$DATA"; mkdir -p "$work"
    trap '[ -z "$server" ] || kill $server 2>/dev/null || true' EXIT
else
    work=$(mktemp -d)
    trap '[ -z "$server" ] || kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
fi
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost
if [ -f "$work/repo/.git/bench/bench.sqlite3" ]; then
    cd "$work/repo"
    echo "reusing $work/repo: $("$bench" db status | grep rows)"
else
rm -rf "$work/repo"
git init -q -b main "$work/repo"
cd "$work/repo"
python3 - "$commits" <<'PY' | git fast-import --quiet
import sys
n = int(sys.argv[1])
out = sys.stdout
for i in range(n):
    msg = "commit %d" % i
    out.write("commit refs/heads/main\nmark :%d\ncommitter bench <bench@localhost> %d +0000\ndata %d\n%s\n" % (i + 1, 1700000000 + i * 60, len(msg), msg))
    if i:
        out.write("from :%d\n" % i)
    out.write("M 100644 inline file.txt\ndata %d\n%d\n" % (len(str(i)) + 1, i))
PY
git checkout -q -f main
echo "generating $transactions transactions over $commits commits and $series series…"
git rev-list --reverse main > "$work/shas"
python3 - "$transactions" "$series" "$work" <<'PY'
import json, random, sys
total, series, work = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
shas = open(work + "/shas").read().split()
random.seed(7)
per_file = 50000
for start in range(0, total, per_file):
    rows = []
    for i in range(start, min(total, start + per_file)):
        commit = shas[min(len(shas) - 1, i * len(shas) // total)]
        rows.append({"model_version": "model-%02d" % (i % series), "commit_sha": commit, "branch_name": "main",
                     "created_at": "2026-01-01T00:00:00Z" if False else None,
                     "metrics": {"f1": round(0.8 + random.random() * 0.1, 4), "latency_ms": round(400 + random.random() * 40, 1)}})
        if rows[-1]["created_at"] is None: del rows[-1]["created_at"]
    json.dump(rows, open("%s/part-%04d.json" % (work, start // per_file), "w"))
PY
start=$(date +%s)
for part in "$work"/part-*.json; do "$bench" import "$part" > /dev/null; rm "$part"; done
echo "imported in $(( $(date +%s) - start )) s: $("$bench" db status | grep rows)"
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bench" serve --port "$port" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/current" > /dev/null && break; sleep 0.1; done

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
printf '%-60s %8s\n' "view (median of 20)" "ms"
for path in / "/trends?metric=f1&range=all&model=model-01" "/trends?metric=f1&range=all" /compare /regressions /history/model-01 "/history/model-01?from=1&to=2" /commits "/commits/$(git rev-parse HEAD)" /api/current; do
    curl -sf "http://127.0.0.1:$port$path" > /dev/null
    ms=$(for _ in $(seq 20); do curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$path"; done | median)
    printf '%-60s %8.1f\n' "$path" "$(echo "$ms * 1000" | bc -l)"
done
if command -v wrk > /dev/null; then
    wrk -t2 -c16 -d10s "http://127.0.0.1:$port/api/current" | grep -E "Requests/sec|Latency"
else
    echo "(install wrk for the throughput figure)"
fi
