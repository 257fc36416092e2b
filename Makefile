# Vigie — the two commands are `make run` and `make test`; the rest serve them.
SHELL := /bin/bash
PREFIX ?= /usr/local
DESTDIR ?=
CORPUS ?= ../shared/corpus
SWIFT ?= swift
APT_PACKAGES := libxml2-dev libcurl4-openssl-dev libsqlite3-dev libxml2-utils pkg-config python3
RELEASE_BIN := .build/release/vigie

.PHONY: all deps build run test lint format corpus-check bench-parse clean

all: build

# Installs the Debian packages the build needs, only when something is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release

# Until the daemon lands, `make run` parses the bundled sample feed (the seed article as RSS 2.0 in ISO-8859-1).
run: build
	$(RELEASE_BIN) parse Tests/Fixtures/seed/la-tribune-rss20-latin1.xml

test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift

format:
	$(SWIFT) format --in-place --recursive --parallel Sources Tests Package.swift

# Parses every file of the corpus and compares with the expected outputs shipped with it (see docs/PARSER.md).
corpus-check: build
	python3 Tools/corpus-check.py --vigie $(RELEASE_BIN) --corpus $(CORPUS)

bench-parse: build
	python3 -c "import feedparser" 2>/dev/null || python3 -m pip install --quiet feedparser
	python3 Tools/bench-parse.py --vigie $(RELEASE_BIN) --corpus $(CORPUS)

clean:
	rm -rf .build
