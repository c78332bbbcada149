#!/usr/bin/env bash
# `make bench-dashboard BENCH`: the dashboard over the 1M store of `make bench-scale` (50
# series × 20,000 commits, 4 metrics each; built once under SCALE_DIR, default .build-scale,
# and kept: building it takes minutes). For each view: the median server time over 20
# requests and the page's weight, against the goals of issue 20 (every page ≤ 100 ms and
# ≤ 300 KB); then /api/current under load, in requests per second (goal ≥ 1,000), with wrk
# (16 connections, 10 s). Prints figures; asserts nothing. SCALE=small uses the 10k store.
set -euo pipefail
bench=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
data=$(mkdir -p "${SCALE_DIR:-.build-scale}" && cd "${SCALE_DIR:-.build-scale}" && pwd)
case "${SCALE:-full}" in
    full) commits=20000 series=50 name=1M ;;
    small) commits=2000 series=5 name=10k ;;
    *) echo "error: SCALE=${SCALE}: unknown size; use SCALE=full or SCALE=small" >&2; exit 2 ;;
esac
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost
# shellcheck source=Benchmarks/scale-store.sh
. "$here/scale-store.sh"
build_store "$name" "$commits" "$series"
cd "$data/$name/repo"

server=""
trap '[ -z "$server" ] || kill "$server" 2> /dev/null || true' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bench" serve --port "$port" > "$data/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/current" > /dev/null && break; sleep 0.1; done

head=$(git rev-parse HEAD)
older=$(git rev-parse HEAD~1000)
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
printf '%-62s %9s %9s  %s\n' "view ($name results)" "ms (med)" "KB" "goal ≤ 100 ms, ≤ 300 KB"
for path in / "/?q=model-0" "/trends?metric=f1" "/trends?metric=f1&model=model-00" "/trends?metric=f1&model=model-00&from=5000&to=6000" \
    "/trends?metric=latency_ms&model=model-00&axis=time" "/compare" "/compare?a=$older&b=$head" "/regressions" "/history/model-01" \
    /commits "/commits/$head" /api/current "/api/trends?metric=f1&model=model-00"; do
    bytes=$(curl -sf -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port$path")
    ms=$(for _ in $(seq 20); do curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$path"; done | median)
    verdict=$(awk -v ms="$ms" -v bytes="$bytes" 'BEGIN { print (ms * 1000 <= 100 && bytes <= 300 * 1024 ? "ok" : "over") }')
    printf '%-62s %9.1f %9.1f  %s\n' "$(echo "$path" | sed "s/$older/HEAD~1000/; s/$head/HEAD/")" "$(awk -v ms="$ms" 'BEGIN { print ms * 1000 }')" "$(awk -v b="$bytes" 'BEGIN { print b / 1024 }')" "$verdict"
done
echo
if command -v wrk > /dev/null; then
    echo "/api/current under wrk (2 threads, 16 connections, 10 s; goal ≥ 1,000 requests/s):"
    wrk -t2 -c16 -d10s "http://127.0.0.1:$port/api/current" | grep -E "Requests/sec|Latency"
else
    echo "(install wrk for the /api/current throughput: make bench-dashboard installs it)"
fi
