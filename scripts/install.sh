#!/usr/bin/env bash
# `make install` and `make uninstall`:
#   scripts/install.sh install BIN ROOT MANUAL_TOOL   puts BIN, its completions and its man page under ROOT
#   scripts/install.sh uninstall ROOT                 removes them again
# ROOT is $(DESTDIR)$(PREFIX). The completions come from the binary itself
# (`bench --generate-completion-script`), the man page from ArgumentParser's generate-manual
# (MANUAL_TOOL), which reads the binary's command tree: both always match the binary.
# The release workflow stages its tarballs with the same script.
set -euo pipefail

files=(
    bin/bench
    share/bash-completion/completions/bench
    share/zsh/site-functions/_bench
    share/fish/vendor_completions.d/bench.fish
    share/man/man1/bench.1
)

case "${1:-}" in
install)
    bin=$2 root=$3 manual_tool=$4
    if [ ! -x "$bin" ]; then
        echo "error: no bench binary at '$bin'" >&2
        echo "hint: build it first (make install builds the static release) or pass BIN=path/to/bench" >&2
        exit 2
    fi
    for dir in bin share/bash-completion/completions share/zsh/site-functions share/fish/vendor_completions.d share/man/man1; do
        install -d -m 755 "$root/$dir"
    done
    install -m 755 "$bin" "$root/bin/bench"
    # Symbols only: the release binary goes from about 128 MB to 74 MB and runs the same.
    if command -v strip > /dev/null; then strip "$root/bin/bench"; fi
    "$bin" --generate-completion-script bash > "$root/share/bash-completion/completions/bench"
    "$bin" --generate-completion-script zsh > "$root/share/zsh/site-functions/_bench"
    "$bin" --generate-completion-script fish > "$root/share/fish/vendor_completions.d/bench.fish"
    manual=$(mktemp -d)
    trap 'rm -rf "$manual"' EXIT
    # The page's date is the build's, so installing the same binary twice gives the same page.
    date=$("$bin" version --json | sed -n 's/^ *"date" : "\([0-9-]*\)".*/\1/p')
    "$manual_tool" "$bin" --output-directory "$manual" ${date:+--date "$date"}
    install -m 644 "$manual/bench.1" "$root/share/man/man1/bench.1"
    chmod 644 "$root"/share/*/*/bench* "$root"/share/zsh/site-functions/_bench
    for file in "${files[@]}"; do echo "installed $root/$file"; done
    ;;
uninstall)
    root=$2
    for file in "${files[@]}"; do
        if [ -e "$root/$file" ]; then rm -f "$root/$file" && echo "removed $root/$file"; fi
    done
    ;;
*)
    echo "usage: scripts/install.sh install BIN ROOT MANUAL_TOOL | uninstall ROOT" >&2
    exit 2
    ;;
esac
