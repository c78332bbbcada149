#!/usr/bin/env bash
# The steps of the GitHub Action (action.yml at the repository root), one subcommand each,
# so that they run the same here, in a test (with a stand-in for `gh`), as on a runner:
#
#   action.sh resolve    the release to install: BENCH_VERSION_INPUT (a tag, or latest), else
#                        the release of the action's own source (its VERSION file); writes
#                        version= to $GITHUB_OUTPUT
#   action.sh install    puts that release under BENCH_TOOL_DIR (kept by actions/cache), or
#                        builds bench from the action's own source when there is no release
#                        binary for this machine; adds its bin/ to $GITHUB_PATH
#   action.sh measure    bench run --ci (on the default branch, a regression opens an alert)
#   action.sh alerts     the live alerts (`bench alerts`), added to $GITHUB_STEP_SUMMARY when any
#   action.sh check      on a pull request: measures the merge-base when it has no result,
#                        then bench check --markdown (and --junit) against BENCH_AGAINST;
#                        the report goes to $GITHUB_STEP_SUMMARY and to BENCH_COMMENT_FILE
#   action.sh comment    (with `gh`, installed when missing) posts BENCH_COMMENT_FILE as the pull request's one bench comment,
#                        or updates it: the comment carries the hidden marker <!-- bench -->
#   action.sh verdict    exits 1 when the check's verdict is one BENCH_FAIL_ON names
#
# Inputs come as environment variables (never spliced into the script), GitHub's own
# variables (GITHUB_REPOSITORY, GITHUB_REF, GITHUB_EVENT_NAME, …) as on any runner, and
# GH_TOKEN for `gh api`. Releases are downloaded with curl from the action's own repository.
set -euo pipefail

marker='<!-- bench -->'
state=${RUNNER_TEMP:-/tmp}/bench-action
mkdir -p "$state"

fail() { echo "error: $1" >&2; echo "hint: $2" >&2; exit 2; }
output() { if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$1" >> "$GITHUB_OUTPUT"; fi; }
release_repository() { echo "${BENCH_RELEASE_REPOSITORY:-${GITHUB_ACTION_REPOSITORY:-$GITHUB_REPOSITORY}}"; }

# The pull request's number, from refs/pull/N/merge.
pull_request_number() {
    case "${GITHUB_REF:-}" in
    refs/pull/*/merge|refs/pull/*/head) echo "${GITHUB_REF#refs/pull/}" | cut -d/ -f1 ;;
    *) return 1 ;;
    esac
}

resolve() {
    local version=${BENCH_VERSION_INPUT:-}
    case "$version" in
    "")  # the release of the action's own source (`uses: …@v1` runs the source of the newest v1.x.y)
        version=v$(tr -d '[:space:]' < "$(source_directory)/VERSION") ;;
    latest)  # …/releases/latest redirects to …/releases/tag/vX, or to …/releases when there is none
        version=$(curl -fsSLI -o /dev/null -w '%{url_effective}' "$(releases)/latest" 2>/dev/null || true)
        case "$version" in */tag/v[0-9]*) version=${version##*/} ;; *) version=source ;; esac ;;
    esac
    echo "bench $version"
    output "version=$version"
}

source_directory() { echo "${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"; }

releases() { echo "${GITHUB_SERVER_URL:-https://github.com}/$(release_repository)/releases"; }

install_bench() {
    local version=${BENCH_VERSION:?} tool=${BENCH_TOOL_DIR:?}
    local arch; arch=$(uname -m)
    if [ ! -x "$tool/bin/bench" ] && [ "$version" != source ]; then
        local name="bench-$version-linux-$arch" download="$state/download"
        mkdir -p "$download"
        if curl -fsSL -o "$download/$name.tar.gz" "$(releases)/download/$version/$name.tar.gz" \
            && curl -fsSL -o "$download/SHA256SUMS" "$(releases)/download/$version/SHA256SUMS"; then
            (cd "$download" && grep " $name.tar.gz\$" SHA256SUMS | sha256sum -c -)
            mkdir -p "$tool"
            tar -xzf "$download/$name.tar.gz" -C "$tool" --strip-components 1
        else
            echo "no release binary $name: building bench from source"
        fi
    fi
    # The release links libgit2 and SQLite in and loads libpq only for a PostgreSQL store;
    # a binary that still names a missing library (an older release) gets it installed.
    if [ -x "$tool/bin/bench" ] && ldd "$tool/bin/bench" | grep -q "not found"; then
        runtime_libraries "$tool/bin/bench" || true
    fi
    if [ ! -x "$tool/bin/bench" ] || ! "$tool/bin/bench" --version > /dev/null 2>&1; then
        build_from_source "$tool"
    fi
    "$tool/bin/bench" --version
    if [ -n "${GITHUB_PATH:-}" ]; then echo "$tool/bin" >> "$GITHUB_PATH"; fi
}

runtime_libraries() {
    local packages
    mapfile -t packages < <(ldd "$1" | awk '/not found/ { print $1 }' | sed -E \
        -e 's/^libgit2\.so\.([0-9.]+)$/libgit2-\1/' -e 's/^libpq\.so\.([0-9]+)$/libpq\1/' -e 's/^libsqlite3\.so\.0$/libsqlite3-0/')
    echo "installing the libraries bench links: ${packages[*]}"
    as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
}

build_from_source() {
    local tool=$1 source; source=$(source_directory)
    command -v swift > /dev/null || fail "no bench release for $(uname -m) and no Swift toolchain to build one" \
        "use a released version (input version), or run the job in a Swift container (container: swift:6.1)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make pkg-config libgit2-dev libsqlite3-dev libpq5
    make -C "$source" install PREFIX="$tool"
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

measure() {
    git config --global --add safe.directory "$PWD" 2>/dev/null || true
    bench run --ci
}

alerts() {
    local listed
    listed=$(bench alerts)
    echo "$listed"
    if [ "$listed" != "No open alerts." ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
        { echo "### bench alerts"; echo; echo '```'; echo "$listed"; echo '```'; } >> "$GITHUB_STEP_SUMMARY"
    fi
}

check() {
    local comment=${BENCH_COMMENT_FILE:-$state/comment.md} against=${BENCH_AGAINST:-merge-base}
    local arguments=(check --markdown)
    if [ "$against" = merge-base ] && [ -n "${GITHUB_BASE_REF:-}" ]; then
        local base
        base=$(git merge-base "origin/$GITHUB_BASE_REF" HEAD)
        # The merge-base is measured once; later runs reuse its stored result.
        bench log -n 1 --json "$base" | grep -q snapshot_version || bench run --ci --at "$base" --branch-name "$GITHUB_BASE_REF"
        against=$base
    fi
    arguments+=(--against "$against")
    if [ -n "${BENCH_REPORT_URL:-}" ]; then arguments+=(--report-url "$BENCH_REPORT_URL"); fi
    if [ -n "${BENCH_JUNIT:-}" ]; then arguments+=(--junit "$BENCH_JUNIT"); fi
    local status=0
    { echo "$marker"; bench "${arguments[@]}"; } > "$comment" || status=$?
    local verdict
    case $status in
    0) verdict=pass ;;
    1) verdict=regression ;;
    4) verdict=inconclusive ;;
    *) echo "bench check failed (exit $status)" >&2; exit "$status" ;;
    esac
    sed 1d "$comment"
    echo "$verdict" > "$state/verdict"
    output "verdict=$verdict"
}

comment() {
    local body=${BENCH_COMMENT_FILE:-$state/comment.md} repository=${GITHUB_REPOSITORY:?} number
    number=$(pull_request_number) || { echo "not a pull request: no comment"; return 0; }
    [ -s "$body" ] || fail "no report to post ($body is empty)" "run 'action.sh check' first"
    # GitHub refuses a comment over 65536 characters: fold away the unchanged rows first
    # (the step summary keeps them), then cut what is still too long.
    if [ "$(wc -m < "$body")" -gt 65000 ]; then
        awk '/^<details>/ { skip = 1; print "_The unchanged rows are in the run'"'"'s step summary._"; next }
             skip && /^<\/details>/ { skip = 0; next } !skip' "$body" > "$body.short"
        if [ "$(wc -m < "$body.short")" -gt 65000 ]; then
            { head -c 60000 "$body.short" | sed '$d'; printf '\n_Cut: the whole report is in the run'"'"'s step summary._\n'; } > "$body.cut"
            mv "$body.cut" "$body.short"
        fi
        body=$body.short
    fi
    command -v gh > /dev/null || { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gh; }
    local existing
    existing=$(gh api --paginate "repos/$repository/issues/$number/comments" \
        --jq "[.[] | select(.body | startswith(\"$marker\"))][0].id // empty" | head -n 1)
    if [ -n "$existing" ]; then
        gh api --method PATCH "repos/$repository/issues/comments/$existing" -F "body=@$body" > /dev/null
        echo "updated the bench comment on #$number"
    else
        gh api --method POST "repos/$repository/issues/$number/comments" -F "body=@$body" > /dev/null
        echo "posted the bench comment on #$number"
    fi
}

verdict() {
    local verdict; verdict=$(cat "$state/verdict" 2>/dev/null || echo pass)
    case "${BENCH_FAIL_ON:-regression}:$verdict" in
    regression:regression|inconclusive:regression|inconclusive:inconclusive)
        echo "bench check: $verdict (fail-on: ${BENCH_FAIL_ON:-regression})" >&2; exit 1 ;;
    regression:*|inconclusive:*|never:*) echo "bench check: $verdict" ;;
    *) fail "fail-on '${BENCH_FAIL_ON}' is not one of regression, inconclusive, never" "set the action's fail-on input to one of them" ;;
    esac
}

case "${1:-}" in
resolve) resolve ;;
install) install_bench ;;
measure) measure ;;
alerts) alerts ;;
check) check ;;
comment) comment ;;
verdict) verdict ;;
*) fail "unknown step '${1:-}'" "use one of resolve, install, measure, alerts, check, comment, verdict" ;;
esac
