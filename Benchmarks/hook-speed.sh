#!/usr/bin/env bash
# `make bench-hooks`: what bench's pre-push hook adds to `git push` when the pushed commit's
# result is already stored. Median of 20 pushes with the hooks installed, against 20 with
# them uninstalled, to a bare remote on this machine. Prints figures; asserts nothing.
set -euo pipefail
bench="$1"
runs="${RUNS:-20}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost
git init -q --bare -b main "$work/remote.git"
git init -q -b main "$work/repo"
cd "$work/repo"
git remote add origin "$work/remote.git"
printf '[[benchmark]]\nname = "clf"\ncommand = "echo unused"\n' > bench.toml
git add bench.toml && git commit -q -m start && git push -q origin main
echo '{"model_version": "clf", "metrics": {"f1": 0.9}}' > "$work/result.json"

now() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# One timed push of a fresh commit whose result is already recorded.
timed_push() {
    echo "$RANDOM $(now)" > file.txt
    git add file.txt && git commit -q -m "change"
    "$bench" record --input "$work/result.json" > /dev/null
    local start end
    start=$(now)
    git push -q origin main 2> /dev/null
    end=$(now)
    echo $(( (end - start) / 1000 ))
}

for _ in $(seq 3); do timed_push > /dev/null; done   # warm caches
without=$(for _ in $(seq "$runs"); do timed_push; done | median)
"$bench" hooks install > /dev/null
for _ in $(seq 3); do timed_push > /dev/null; done
with=$(for _ in $(seq "$runs"); do timed_push; done | median)
"$bench" hooks uninstall > /dev/null

awk -v a="$without" -v b="$with" -v n="$runs" 'BEGIN {
    printf "git push without hooks: %.1f ms (median of %d)\n", a / 1000, n
    printf "git push with bench pre-push (result stored): %.1f ms (median of %d)\n", b / 1000, n
    printf "added by the hook: %.1f ms (goal: at most 10 ms)\n", (b - a) / 1000
}'
