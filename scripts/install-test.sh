#!/usr/bin/env bash
# make install-test: `make install` and `make uninstall` of a given bench binary into a
# temporary DESTDIR, as a user would, then what a user would try: the binary runs, bash
# loads the completion (complete -p bench), zsh and fish read theirs, man renders the page.
# Takes BIN (default: the debug build), so `make test` never builds a release for it.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:?usage: scripts/install-test.sh path/to/bench}
root=$(mktemp -d /tmp/bench-install-XXXXXX)
trap 'rm -rf "$root"' EXIT
prefix=/usr/local
failures=0
check() {  # check WHAT COMMAND…: one line per check
    local what=$1; shift
    if "$@" > "$root/out" 2>&1; then echo "ok    $what"; else echo "FAIL  $what"; sed 's/^/      /' "$root/out"; failures=$((failures + 1)); fi
}

make --no-print-directory install BIN="$bin" DESTDIR="$root" PREFIX="$prefix" > "$root/install.log"
files=(bin/bench share/bash-completion/completions/bench share/zsh/site-functions/_bench
       share/fish/vendor_completions.d/bench.fish share/man/man1/bench.1)
for file in "${files[@]}"; do check "installed $prefix/$file" test -s "$root$prefix/$file"; done
check "the installed binary runs" sh -c "'$root$prefix/bin/bench' --version | grep -q '^bench '"
check "bash loads the completion" bash -c "source '$root$prefix/share/bash-completion/completions/bench' && complete -p bench | grep -q ' bench\$'"
check "bash completes bench che to check, checkout" bash -c "source '$root$prefix/share/bash-completion/completions/bench'
    COMP_WORDS=(bench che); COMP_CWORD=1; COMP_LINE='bench che'; COMP_POINT=9
    \$(complete -p bench | sed -E 's/.* -F ([^ ]+) .*/\\1/') bench che bench; [ \"\${COMPREPLY[*]}\" = \"check checkout\" ]"
if command -v zsh > /dev/null; then check "zsh parses the completion" zsh -n "$root$prefix/share/zsh/site-functions/_bench"; fi
if command -v fish > /dev/null; then check "fish parses the completion" fish -n "$root$prefix/share/fish/vendor_completions.d/bench.fish"; fi
check "man renders the page" sh -c "MANWIDTH=100 man -l '$root$prefix/share/man/man1/bench.1' 2>&1 | grep -q 'bench — Link benchmark'"
every_command() {  # each subcommand `bench --help` lists has its entry in the page
    "$bin" --help | sed -n '/^SUBCOMMANDS:/,/^ *$/p' | awk '/^  [a-z]/ { print $1 }' | while read -r command; do
        grep -q "^\.It Em $command\$" "$root$prefix/share/man/man1/bench.1" || { echo "no '$command' in the man page"; exit 1; }
    done
}
check "the man page has every command" every_command

make --no-print-directory uninstall DESTDIR="$root" PREFIX="$prefix" > "$root/uninstall.log"
for file in "${files[@]}"; do check "uninstall removed $prefix/$file" test ! -e "$root$prefix/$file"; done
left=$(find "$root" -type f ! -name '*.log' ! -name out | wc -l)
check "nothing else left behind" test "$left" = 0

if [ "$failures" -gt 0 ]; then echo "install-test: $failures check(s) failed"; exit 1; fi
echo "install-test: make install and make uninstall work"
