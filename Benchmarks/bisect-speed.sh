#!/usr/bin/env bash
# `make bench-bisect`: bench bisect and git bisect run side by side on the same generated
# 1000-commit repository and the same benchmark script (f1 drops at one commit). Prints the
# benchmark runs and wall time of each, and bench's second pass. Measurement, not a test.
# Both start from what a team knows: the two ends' results (CI recorded them for bench;
# git bisect is told good and bad).
set -euo pipefail
bench="$1"
count="${COMMITS:-1000}"
step="${STEP:-613}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost
counter="$work/runs"
git init -q -b main "$work/repo"
cd "$work/repo"
eval_script='n=$(cat "$COUNTER" 2>/dev/null || echo 0); echo $((n+1)) > "$COUNTER"
sleep 0.02
printf "{\"model_version\": \"clf\", \"metrics\": {\"f1\": %s}}" "$(cat score.txt)"
'
config="[[benchmark]]
name = \"clf\"
command = \"sh eval.sh\"
env = { COUNTER = \"$counter\" }
"
{
    for i in $(seq 0 $((count - 1))); do
        score=0.90; [ "$i" -ge "$step" ] && score=0.80
        printf 'commit refs/heads/main\nmark :%d\ncommitter bench <bench@localhost> %d +0000\ndata 11\ncommit %04d\n' $((i + 1)) $((1700000000 + i * 60)) "$i"
        [ "$i" -gt 0 ] && printf 'from :%d\n' "$i"
        printf 'M 100644 inline score.txt\ndata %d\n%s\n' $(( ${#score} + 1 )) "$score"
        if [ "$i" -eq 0 ]; then
            printf 'M 100644 inline eval.sh\ndata %d\n%s\n' "$(printf '%s' "$eval_script" | wc -c)" "$eval_script"
            printf 'M 100644 inline bench.toml\ndata %d\n%s\n' "$(printf '%s' "$config" | wc -c)" "$config"
        fi
    done
} | git fast-import --quiet
git checkout -q -f main
good=$(git rev-list --max-parents=0 HEAD)
culprit=$(git rev-list --reverse HEAD | sed -n "$((step + 1))p")

now() { date +%s%N; }
runs() { cat "$counter" 2>/dev/null || echo 0; }

"$bench" run --at "$good" > /dev/null
"$bench" run --at main > /dev/null
rm -f "$counter"
start=$(now)
"$bench" bisect --good "$good" --bad main --metric f1 --json > "$work/bench.json" 2> /dev/null
bench_ms=$(( ($(now) - start) / 1000000 ))
bench_runs=$(runs)
grep -q "$culprit" "$work/bench.json" || { echo "bench bisect did not find the culprit" >&2; exit 1; }

rm -f "$counter"
start=$(now)
"$bench" bisect --good "$good" --bad main --metric f1 --json > /dev/null 2>&1
again_ms=$(( ($(now) - start) / 1000000 ))
again_runs=$(runs)

rm -f "$counter"
cat > "$work/judge.sh" <<'JUDGE'
#!/bin/sh
sh eval.sh | grep -q '"f1": 0.90'
JUDGE
chmod +x "$work/judge.sh"
start=$(now)
git bisect start main "$good" > /dev/null
COUNTER="$counter" git bisect run "$work/judge.sh" > "$work/git.log" 2>&1 || { tail -5 "$work/git.log" >&2; exit 1; }
git bisect reset -q > /dev/null 2>&1 || true
git_ms=$(( ($(now) - start) / 1000000 ))
git_runs=$(runs)
grep -q "$culprit is the first bad commit" "$work/git.log" || { echo "git bisect did not find the culprit" >&2; exit 1; }

bench_overhead=$(( bench_ms - bench_runs * 20 ))
git_overhead=$(( git_ms - git_runs * 20 ))
echo "1000 commits, the step at commit $step; benchmark: a script that takes ~20 ms"
printf '%-34s %4s runs  %6s ms wall  %6s ms outside the benchmark\n' "bench bisect" "$bench_runs" "$bench_ms" "$bench_overhead"
printf '%-34s %4s runs  %6s ms wall\n' "bench bisect again (all stored)" "$again_runs" "$again_ms"
printf '%-34s %4s runs  %6s ms wall  %6s ms outside the benchmark\n' "git bisect run" "$git_runs" "$git_ms" "$git_overhead"
