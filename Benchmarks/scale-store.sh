# shellcheck shell=bash disable=SC2154  # bench, here and data are set by the sourcing script
# The generated stores of `make bench-scale` (Benchmarks/scale.sh), shared with `make
# bench-dashboard` (Benchmarks/dashboard-speed.sh): sourced, with $bench (the binary), $here
# (this directory) and $data (where the stores live) set. A store is built once and kept.

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# build_store NAME COMMITS SERIES: the repository and store in $data/NAME, unless built before.
# The results go in with one `bench import` per file of 100,000 (one transaction each).
build_store() {
    local dir="$data/$1" commits="$2" series="$3"
    if [ -f "$dir/built" ]; then
        echo "$1 store: reusing $dir ($(cat "$dir/built"))"
        # A store kept from an older bench is brought to this one's schema before anything is
        # timed (SQLite's migration 7 takes about 15 s at 1M), and says which migrations it applied.
        (cd "$dir/repo" && "$bench" db migrate)
        return
    fi
    rm -rf "$dir"
    mkdir -p "$dir/json"
    local start; start=$(now_ms)
    git init -q -b main "$dir/repo"
    python3 "$here/scale-data.py" commits "$commits" | git -C "$dir/repo" fast-import --quiet
    git -C "$dir/repo" checkout -q -f main
    git -C "$dir/repo" rev-list --reverse main > "$dir/shas"
    python3 "$here/scale-data.py" results "$dir/shas" "$series" "$dir/json" 100000
    echo "$1 store: $commits commits and $((commits * series)) results generated in $(( ($(now_ms) - start) / 1000 )) s; importing…"
    local import_start; import_start=$(now_ms)
    for part in "$dir"/json/part-*.json; do
        (cd "$dir/repo" && "$bench" import "$part" > /dev/null)
        rm "$part"
    done
    local end; end=$(now_ms)
    local import_ms=$(( end - import_start ))
    [ "$import_ms" -gt 0 ] || import_ms=1
    echo "built in $(( (end - start) / 1000 )) s; import: $((commits * series)) transactions in $((import_ms / 1000)).$(( import_ms % 1000 / 100 )) s, $(( commits * series * 1000 / import_ms )) transactions/s" > "$dir/built"
    rmdir "$dir/json"
    echo "$1 store: $(cat "$dir/built")"
}

