# Vigie — the two commands are `make run` and `make test`; `make check` is the edit-compile-test loop; the rest serve
# them.
SHELL := /bin/bash
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= /etc
CORPUS ?= ../shared/corpus
SWIFT ?= swift
APT_PACKAGES := libxml2-dev libcurl4-openssl-dev libsqlite3-dev libxml2-utils pkg-config python3 logrotate
RELEASE_BIN := .build/release/vigie
# The release binary carries the Swift runtime and Foundation inside it (--static-swift-stdlib), so the installed
# daemon needs only Debian's libraries (libxml2, libcurl, SQLite, ICU...), not the toolchain under /opt/swift. It is
# linked with the toolchain's lld: gold warns about mktemp inside the static Foundation, lld does not.
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -use-ld=lld

.PHONY: all deps build run test check lint format corpus-check bench-parse bench-fetch bench-cycle bench-match bench-stories eval eval-stories systemd-test soak crash-test fault-test fuzz sanitize install uninstall clean

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
	$(SWIFT) build $(RELEASE_FLAGS)

# The daemon in the foreground on Examples/vigie.toml.in (the seed article's feed, local): alerts go to
# .run/alerts.jsonl. Ctrl-C stops it.
run: build
	@mkdir -p .run
	@sed "s|@ROOT@|$(CURDIR)|g" Examples/vigie.toml.in > .run/vigie.toml
	@echo "vigie: running in the foreground with .run/vigie.toml; alerts: .run/alerts.jsonl (Ctrl-C stops)"
	$(RELEASE_BIN) run --config .run/vigie.toml

test: deps lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	bash Tests/Support/systemd-test.sh .build/debug/vigie
	python3 Tools/soak.py --vigie .build/debug/vigie --feeds 500 --minutes 1.5 --interval 20s
	python3 Tools/crash-test.py --vigie .build/debug/vigie --kills 20 --seed 1
	bash Tools/disk-full-test.sh .build/debug/vigie
	bash Tools/fault-cases-test.sh .build/debug/vigie

# The edit-compile-test loop: formatting, the debug build with the tests, the Swift suites only (no systemd, soak,
# crash or fault scripts: `make test` runs those too). One suite: swift test --skip-build --filter SUITE.
check: lint
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# SIGKILLs `vigie run` 200 times at random moments (also during reloads and log rotations) against growing loopback
# feeds, then checks every alert is in the log exactly once and the state passes integrity_check.
crash-test: build
	python3 Tools/crash-test.py --vigie $(RELEASE_BIN) --kills 200

# Disk full and the other faults under a running daemon (root: private mount namespaces; SKIPPED otherwise).
fault-test: build
	bash Tools/disk-full-test.sh $(RELEASE_BIN)
	bash Tools/fault-cases-test.sh $(RELEASE_BIN)

# The long soak of docs/RELIABILITY.md: 5,000 loopback feeds for 30 minutes (memory, descriptors, schedule).
soak: build
	python3 Tools/soak.py --vigie $(RELEASE_BIN) --feeds 5000 --minutes 30 --interval 60s

# The real-systemd test alone (root; skipped with a message where namespaces or systemd are unavailable).
systemd-test: build
	bash Tests/Support/systemd-test.sh $(RELEASE_BIN)

# Installs the binary, the unit (ExecStart rewritten for BINDIR), and, only where they do not exist yet, the
# default configuration, watchlists and logrotate file: an edited configuration is never overwritten.
install: build
	install -D -m 0755 $(RELEASE_BIN) $(DESTDIR)$(BINDIR)/vigie
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|/usr/local/bin/vigie|$(BINDIR)/vigie|' systemd/vigie.service > $(DESTDIR)$(SYSTEMDUNITDIR)/vigie.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/vigie.service
	@for pair in Config/vigie.toml:vigie/vigie.toml Config/logrotate/vigie:logrotate.d/vigie \
	        $$(for f in Config/watchlists/*.toml; do echo "$$f:vigie/watchlists/$$(basename $$f)"; done); do \
	    src=$${pair%%:*}; dst=$(DESTDIR)$(SYSCONFDIR)/$${pair#*:}; \
	    if [ -e "$$dst" ]; then echo "kept $$dst (yours; compare: diff $$src $$dst)"; \
	    else install -D -m 0644 "$$src" "$$dst" && echo "installed $$dst"; fi; \
	done
	@[ -n "$(DESTDIR)" ] || ! command -v systemctl >/dev/null || systemctl daemon-reload 2>/dev/null || true

# Removes the binary and the unit, and the files under /etc still identical to the shipped ones. The state, the
# alerts and edited configuration files are kept.
uninstall:
	@[ -n "$(DESTDIR)" ] || ! command -v systemctl >/dev/null || systemctl disable --now vigie.service 2>/dev/null || true
	rm -f $(DESTDIR)$(BINDIR)/vigie $(DESTDIR)$(SYSTEMDUNITDIR)/vigie.service
	@for pair in Config/vigie.toml:vigie/vigie.toml Config/logrotate/vigie:logrotate.d/vigie \
	        $$(for f in Config/watchlists/*.toml; do echo "$$f:vigie/watchlists/$$(basename $$f)"; done); do \
	    src=$${pair%%:*}; dst=$(DESTDIR)$(SYSCONFDIR)/$${pair#*:}; \
	    if [ -e "$$dst" ] && cmp -s "$$src" "$$dst"; then rm -f "$$dst" && echo "removed $$dst"; \
	    elif [ -e "$$dst" ]; then echo "kept $$dst (edited)"; fi; \
	done
	@rmdir $(DESTDIR)$(SYSCONFDIR)/vigie/watchlists $(DESTDIR)$(SYSCONFDIR)/vigie 2>/dev/null || true

lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift Fuzzing Tools/sanitizers/canary

format:
	$(SWIFT) format --in-place --recursive --parallel Sources Tests Package.swift Fuzzing Tools/sanitizers/canary

# Parses every file of the corpus and compares with the expected outputs shipped with it (see docs/PARSER.md).
corpus-check: build
	python3 Tools/corpus-check.py --vigie $(RELEASE_BIN) --corpus $(CORPUS)

bench-parse: build
	python3 -c "import feedparser" 2>/dev/null || python3 -m pip install --quiet feedparser
	python3 Tools/bench-parse.py --vigie $(RELEASE_BIN) --corpus $(CORPUS)

# Detection precision and recall on the labelled dev set, beside a naive keyword baseline (see README).
eval: build
	python3 Tools/eval.py --vigie $(RELEASE_BIN)

# Story clustering's cost with 100 and with 100,000 open stories (see BENCHMARKS.md): the measured items are the
# labelled sets' real texts, written as feeds by Tools/bench-stories.py.
bench-stories: build
	python3 Tools/bench-stories.py --vigie $(RELEASE_BIN)

# Story clustering (issue 12, in progress) on Tests/Fixtures/eval/stories-dev.tsv: B-cubed and pairwise figures.
eval-stories: build
	python3 Tools/eval-stories.py --vigie $(RELEASE_BIN)

# Matching throughput with 50, 500 and 5,000 phrases on the corpus's real feeds (see BENCHMARKS.md).
bench-match: build
	python3 Tools/bench-match.py --vigie $(RELEASE_BIN) --corpus $(CORPUS)

# One fetch cycle over 1,000 loopback feeds beside curl --parallel and newsboat (see BENCHMARKS.md).
bench-fetch: build
	@for tool in newsboat /usr/bin/time; do command -v $$tool >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq newsboat time; done
	python3 Tools/bench-fetch.py --vigie $(RELEASE_BIN)

# Whole daemon cycles over 10,000 loopback feeds beside curl --parallel: `vigie run --once` on a fresh state (every
# feed 200: parse, match, alert), then again (every feed 304). BASELINE=path/to/old/vigie adds a "before" binary to
# the same run; BENCH_FEEDS=500 for a quick look (see BENCHMARKS.md).
BENCH_FEEDS ?= 10000
bench-cycle: build
	@command -v /usr/bin/time >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time
	python3 Tools/bench-cycle.py$(if $(BASELINE), --baseline $(BASELINE)) --vigie $(RELEASE_BIN) --feeds $(BENCH_FEEDS)

FUZZ_SECONDS ?= 600

# libFuzzer on the parser and the matcher, FUZZ_SECONDS each (Fuzzing/ package; corpus in .build-fuzz/work).
fuzz:
	CORPUS=$(CORPUS) bash Tools/fuzz.sh all $(FUZZ_SECONDS)

# The whole swift test suite under AddressSanitizer, then ThreadSanitizer (.build-asan, .build-tsan).
sanitize: deps
	bash Tools/sanitize.sh

clean:
	rm -rf .build .build-fuzz .build-asan .build-tsan .run
