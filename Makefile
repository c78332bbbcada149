# bench: two commands for a newcomer on a fresh Debian machine.
#   make demo   installs what is missing, builds, and runs `bench demo` on the embedded store
#   make test   installs what is missing, builds, and runs the whole test suite

SWIFT ?= swift
APT_PACKAGES := git pkg-config libgit2-dev libsqlite3-dev

.PHONY: demo test build deps clean

deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

demo: build
	$$($(SWIFT) build --show-bin-path)/bench demo

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test

clean:
	rm -rf .build
