#!/usr/bin/env bash
# Coverage-guided fuzzing of bench's parsers: libFuzzer with AddressSanitizer, one target
# per parser (Fuzz/FuzzTarget.swift), each on its own corpus in Fuzz/corpus/<target>/.
#
#   Fuzz/fuzz.sh build                  compile .build-fuzz/bench-fuzzer (what changed only)
#   Fuzz/fuzz.sh run SECONDS [TARGET…]  fuzz each target for SECONDS, one line each; any crash,
#                                       broken promise or hang fails
#   Fuzz/fuzz.sh merge [TARGET…]        minimize Fuzz/corpus/<target>: its seed-* and
#                                       regression-* files, plus the inputs that add coverage
#                                       (from the corpus and what runs found in .build-fuzz)
#
# Targets default to every directory of Fuzz/corpus; Fuzz/dict holds their dictionaries.
# FUZZ_BIN and FUZZ_WORK (default .build-fuzz) let a long run use its own copy of the
# binary and its own directory while the code changes. FUZZ_TIMEOUT (seconds, default 2): an
# input running longer is a hang. bench.toml's parser is TOMLKit (Swift over C++ toml++):
# its sources come from SwiftPM's checkout and are compiled here with the same sanitizers.
set -uo pipefail
cd "$(dirname "$0")/.."

OUT=.build-fuzz
BIN=${FUZZ_BIN:-$OUT/bench-fuzzer}
# Where runs keep what they find (corpus/<target>), their logs and artifacts.
WORK=${FUZZ_WORK:-$OUT}
TIMEOUT=${FUZZ_TIMEOUT:-2}
MAX_LEN=16384
SWIFTC=${SWIFTC:-swiftc}
# The toolchain's own clang++, so the C++ objects match the libFuzzer swiftc links.
CXX=${CXX:-$(dirname "$(command -v "$SWIFTC")")/clang++}
TOML=.build/checkouts/TOMLKit/Sources
# Swift's own crash reporter would read memory AddressSanitizer guards and hide the real trap.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS=suppressions=Fuzz/lsan.supp:print_suppressions=0
SWIFT_FLAGS=(-sanitize=fuzzer,address -O -parse-as-library -I "$OUT/modules"
             -Xcc -fmodule-map-file="$TOML/CTOML/include/CTOML/module.modulemap" -Xcc -I"$TOML/CTOML/include")
BENCH_FLAGS=(-swift-version 6 -enable-upcoming-feature MemberImportVisibility)

# Whether $1 is missing or older than a file under the other arguments.
stale() {
    local target=$1; shift
    [ ! -e "$target" ] || [ -n "$(find "$@" -newer "$target" -print -quit)" ]
}

# Every .swift file under a directory, NUL-separated (TOMLKit's paths hold spaces).
swift_files() { find "$1" -name '*.swift' -print0 | sort -z; }

# The linker's notes on symbols it cannot export say nothing about bench.
quiet() { "$@" 2>&1 | grep -v "Cannot export local symbol"; return "${PIPESTATUS[0]}"; }

build() {
    [ -d "$TOML" ] || swift package resolve >/dev/null || return 1
    mkdir -p "$OUT/obj" "$OUT/modules"
    local cpp object running=0 failed=0
    for cpp in "$TOML"/CTOML/Sources/*.cpp; do
        object="$OUT/obj/ctoml-$(basename "$cpp" .cpp | tr -c 'A-Za-z0-9\n' _).o"
        stale "$object" "$TOML/CTOML" || continue
        echo "fuzz: compiling $cpp"
        # Two at a time, as the machine has two cores; -w: toml++'s warnings are not ours.
        "$CXX" -std=c++17 -DTOML_EXCEPTIONS=1 -O1 -w -fsanitize=fuzzer-no-link,address -I "$TOML/CTOML/include" \
            -c "$cpp" -o "$object" &
        running=$((running + 1))
        if [ $running -ge 2 ]; then wait -n || failed=1; running=$((running - 1)); fi
    done
    while [ $running -gt 0 ]; do wait -n || failed=1; running=$((running - 1)); done
    [ $failed -eq 0 ] || return 1
    # Objects, not modules, tell what is built: swiftc leaves an unchanged module file alone.
    if stale "$OUT/obj/TOMLKit.o" "$TOML"; then
        echo "fuzz: compiling TOMLKit"
        swift_files "$TOML/TOMLKit" | xargs -0 "$SWIFTC" "${SWIFT_FLAGS[@]}" -module-name TOMLKit -swift-version 5 \
            -suppress-warnings -wmo -c -o "$OUT/obj/TOMLKit.o" -emit-module -emit-module-path "$OUT/modules/TOMLKit.swiftmodule" \
            || return 1
    fi
    if stale "$OUT/obj/BenchCore.o" Sources/BenchCore "$OUT/obj/TOMLKit.o"; then
        echo "fuzz: compiling BenchCore"
        swift_files Sources/BenchCore | xargs -0 "$SWIFTC" "${SWIFT_FLAGS[@]}" "${BENCH_FLAGS[@]}" -module-name BenchCore \
            -wmo -c -o "$OUT/obj/BenchCore.o" -emit-module -emit-module-path "$OUT/modules/BenchCore.swiftmodule" \
            || return 1
    fi
    if stale "$BIN" Fuzz/*.swift "$OUT"/obj/*.o; then
        echo "fuzz: linking $BIN"
        quiet "$SWIFTC" "${SWIFT_FLAGS[@]}" "${BENCH_FLAGS[@]}" -module-name BenchFuzzer Fuzz/*.swift "$OUT"/obj/*.o \
            -lstdc++ -o "$BIN" || return 1
    fi
}

targets() {
    if [ $# -gt 0 ]; then printf '%s\n' "$@"; else find Fuzz/corpus -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort; fi
}

# The target's libFuzzer dictionary: Fuzz/dict/<target>.dict, else the result formats' one.
dictionary() {
    if [ -f "Fuzz/dict/$1.dict" ]; then echo "Fuzz/dict/$1.dict"; else echo Fuzz/dict/results.dict; fi
}

# Options of one target. TOMLKit (bench.toml's parser) leaks every document it parses
# (suppressed in Fuzz/lsan.supp): bench-toml runs in forked jobs, whose memory comes back
# between them, and without libFuzzer's leak scan after each input (a fifth of the speed).
# Leaks are still looked for when each job exits.
options() {
    case $1 in bench-toml) echo "-fork=1 -detect_leaks=0" ;; esac
}

# Fuzzes one target for $2 seconds and prints its line of the table; false on a finding.
run_target() {
    local target=$1 seconds=$2
    local work=$WORK/corpus/$target artifacts=$WORK/artifacts/$target log=$WORK/logs/$target.log
    rm -rf "$artifacts"
    mkdir -p "$work" "$artifacts" "$WORK/logs"
    # shellcheck disable=SC2046 # the options are words
    BENCH_FUZZ_TARGET=$target "$BIN" -max_total_time="$seconds" -timeout="$TIMEOUT" -max_len=$MAX_LEN ${FUZZ_SEED:+-seed=$FUZZ_SEED} \
        -dict="$(dictionary "$target")" -print_final_stats=1 -artifact_prefix="$artifacts/" $(options "$target") \
        "$work" "Fuzz/corpus/$target" >"$log" 2>&1
    local status=$?
    local executions corpus crashes hangs
    # In process: the final stats; forked: the last status line ("#N: cov: … corp: N …").
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p; s/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
    corpus=$(grep -o 'corp: [0-9/]*[a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2)
    # Forked, the corpus is the work directory, and its size is not in the log.
    [[ $corpus == */* || -z $corpus ]] || corpus="$corpus/$(du -sk --apparent-size "$work" | cut -f1)Kb"
    crashes=$(find "$artifacts" -name 'crash-*' -o -name 'leak-*' -o -name 'oom-*' | wc -l)
    hangs=$(find "$artifacts" -name 'timeout-*' | wc -l)
    [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ] && [ "$hangs" -eq 0 ] && crashes=1
    printf '%-18s %8s %12s %8s %6s  %s\n' "$target" "${seconds}s" "${executions:-?}" "$crashes" "$hangs" "${corpus:-?}"
    [ "$status" -eq 0 ] && return 0
    { grep -m1 -E 'Fatal error|Assertion .* failed' "$log" || grep -m1 -E 'ERROR: ' "$log"; } | sed 's/^/    /'
    for artifact in "$artifacts"/*; do
        [ -e "$artifact" ] && echo "    again: BENCH_FUZZ_TARGET=$target $BIN $artifact"
    done
    echo "    log: $log"
    return 1
}

built() { [ -x "$BIN" ] || { echo "fuzz: $BIN is missing; run Fuzz/fuzz.sh build" >&2; return 1; }; }

run() {
    local seconds=${1:?seconds}; shift
    built || return 1
    printf '%-18s %8s %12s %8s %6s  %s\n' target time executions crashes hangs "corpus (inputs/size)"
    local failed=0 target
    for target in $(targets "$@"); do run_target "$target" "$seconds" || failed=1; done
    return $failed
}

# Minimizes one target's committed corpus; seeds and regressions always stay.
merge_target() {
    local target=$1 merged=$WORK/merge/$1 corpus=Fuzz/corpus/$1
    rm -rf "$merged"
    mkdir -p "$merged" "$WORK/corpus/$target" "$WORK/logs"
    find "$corpus" -maxdepth 1 \( -name 'seed-*' -o -name 'regression-*' \) -exec cp {} "$merged/" \;
    BENCH_FUZZ_TARGET=$target "$BIN" -merge=1 -detect_leaks=0 -timeout="$TIMEOUT" -max_len=$MAX_LEN "$merged" "$corpus" "$WORK/corpus/$target" \
        >"$WORK/logs/$target-merge.log" 2>&1 || { echo "fuzz: merging $target failed, see $WORK/logs/$target-merge.log"; return 1; }
    find "$corpus" -maxdepth 1 -type f -delete
    cp "$merged"/* "$corpus/"
    printf '%-18s %5d inputs %8s\n' "$target" "$(find "$corpus" -type f | wc -l)" "$(du -sh --apparent-size "$corpus" | cut -f1)"
}

merge() {
    local target
    built || return 1
    for target in $(targets "$@"); do merge_target "$target" || return 1; done
}

case "${1:-}" in
    build) build ;;
    run) shift; run "$@" ;;
    merge) shift; merge "$@" ;;
    *) echo "usage: $0 build | run SECONDS [TARGET…] | merge [TARGET…]" >&2; exit 2 ;;
esac
