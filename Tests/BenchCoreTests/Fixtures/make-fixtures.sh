#!/usr/bin/env bash
# Regenerates the result-format fixtures with the real tools (see README.md for versions).
# Tests assert the values in these files: after regenerating, update them in
# ResultFormatTests and RecordFormatTests.
#
#   Tests/BenchCoreTests/Fixtures/make-fixtures.sh [OUT]     (OUT defaults to this directory)
#
# Tools (Debian 12 and PyPI):
#   apt-get install -y catch2 libbenchmark-dev golang-go cargo librust-criterion-dev nodejs node-benchmark hyperfine
#   pip install pyperf asv pytest-benchmark
# jmh.json, benchmarkdotnet.json and lm-eval.json follow the tools' documented shapes (no
# JVM benchmark harness, .NET SDK or model is installable here) and are not regenerated.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$HERE/sources
OUT=$(mkdir -p "${1:-$HERE}" && cd "${1:-$HERE}" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

echo "hyperfine"
hyperfine --runs 5 --warmup 1 --export-json "$OUT/hyperfine.json" 'sleep 0.01' 'sleep 0.02' >/dev/null

echo "Google Benchmark"
g++ -O2 "$SRC/bm.cc" -o bm -lbenchmark -lpthread
./bm --benchmark_format=json --benchmark_min_time=0.01 > "$OUT/google-basic.json" 2>/dev/null
./bm --benchmark_format=json --benchmark_min_time=0.01 --benchmark_repetitions=3 > "$OUT/google-repetitions.json" 2>/dev/null
./bm --benchmark_format=json --benchmark_min_time=0.01 --benchmark_repetitions=3 --benchmark_report_aggregates_only=true > "$OUT/google-aggregates.json" 2>/dev/null
# The CSV reporter aborts when a later benchmark adds a counter the header lacks: one family per file.
./bm --benchmark_format=csv --benchmark_min_time=0.01 --benchmark_filter=BM_Copy > "$OUT/google.csv" 2>/dev/null
./bm --benchmark_format=csv --benchmark_min_time=0.01 --benchmark_repetitions=3 --benchmark_filter=BM_Sort > "$OUT/google-repetitions.csv" 2>/dev/null

echo "pytest-benchmark and JUnit XML"
cp "$SRC/test_sort.py" "$SRC/test_durations.py" .
python3 -m pytest test_sort.py -q -p no:cacheprovider --benchmark-json="$OUT/pytest-benchmark.json" \
    --benchmark-min-rounds=5 --benchmark-max-time=0.000001 --benchmark-warmup=off >/dev/null
python3 -m pytest test_durations.py -q -p no:cacheprovider -p no:benchmark --junitxml="$OUT/junit.xml" >/dev/null

echo "go test"
mkdir gomod && cp "$SRC/sort_test.go.txt" gomod/sort_test.go
(cd gomod && go mod init example.com/sortbench >/dev/null 2>&1 &&
    go test -run='^$' -bench=. -benchmem -count=3 -benchtime=2000x > "$OUT/go-test.txt")

echo "criterion"
mkdir -p crit/benches crit/src && cp "$SRC/criterion_sort.rs.txt" crit/benches/sort.rs && touch crit/src/lib.rs
cat > crit/Cargo.toml <<'TOML'
[package]
name = "sortbench"
version = "0.1.0"
edition = "2021"
[dev-dependencies]
criterion = "0.3"
[[bench]]
name = "sort"
harness = false
TOML
mkdir -p crit/.cargo && cat > crit/.cargo/config.toml <<'TOML'
[source.crates-io]
replace-with = "debian"
[source.debian]
directory = "/usr/share/cargo/registry"
TOML
(cd crit && cargo bench --offline --bench sort >/dev/null 2>&1 && cp target/criterion/sort_1024/new/estimates.json "$OUT/criterion-estimates.json" &&
    cargo bench --offline --bench sort -- --output-format bencher > "$OUT/criterion-bencher.txt" 2>&1)

echo "Catch2"
g++ -O2 "$SRC/catch_sort.cpp" -o catch_sort
./catch_sort --reporter xml --benchmark-samples 20 > "$OUT/catch2.xml"

echo "pyperf"
python3 "$SRC/bench_sort.py" -p 3 -n 3 -w 1 -l 100 -q -o pyperf.json && mv pyperf.json "$OUT/pyperf.json"

echo "benchmark.js"
NODE_PATH=/usr/share/nodejs node "$SRC/bench_sort.js" > "$OUT/benchmark-js.txt"

echo "asv"
mkdir -p asvproj/benchmarks && cp "$SRC/asv.conf.json" asvproj/ && cp "$SRC/asv_bench_sort.py" asvproj/benchmarks/bench_sort.py
touch asvproj/benchmarks/__init__.py
(cd asvproj && git init -q && git add -A && git -c user.email=fixtures@example.com -c user.name=fixtures commit -qm fixtures &&
    asv machine --yes >/dev/null && asv run --environment existing:python3 --record-samples -a repeat=5 -a number=10 \
        -a warmup_time=0 --set-commit-hash "$(git rev-parse HEAD)" >/dev/null 2>&1 &&
    cp .asv/results/*/"$(git rev-parse --short=8 HEAD)"-existing-*.json "$OUT/asv.json")
echo "fixtures written to $OUT"
