# The two set-up commands of the README:
#   make demo   classify the shipped Corpus/ with the shipped taxonomy, print the summary, and build
#               the page to publish from a store of those reports (demo-site/)
#   make test   run the whole test suite, then open the page to publish in a headless browser and
#               parse the SKOS export with rdflib (chromium and rdflib installed when missing)
# Both install the system packages the build needs (pkg-config, libxml2-dev, zlib1g-dev) when missing.

SWIFT ?= swift
DEB_PACKAGES := pkg-config libxml2-dev zlib1g-dev
BIN := .build/release/cop-threats

PREFIX ?= /usr/local
# The installed tool is built apart, so switching between it and `make build` rebuilds nothing.
STATIC_BUILD := .build-static
STATIC_BIN := $(STATIC_BUILD)/release/cop-threats
SHARE := $(DESTDIR)$(PREFIX)/share

.PHONY: deps build static-build demo test check-spark evaluate evaluate-incidents benchmark fuzz clean install install-check

# Installs those of the Debian packages given that are missing (as root, else through sudo).
define install-missing
	@missing=""; for p in $(1); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" -eq 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call install-missing,$(DEB_PACKAGES))

build: deps
	$(SWIFT) build -c release --product cop-threats

# The demo ends as a ministry would: the reports kept in a store, and the page to publish built
# from it (demo-site/index.html; Corpus/ reports carry invented dates and countries).
DEMO_DB := .build/demo.sqlite

demo: build
	$(BIN) classify Corpus/ --no-evidence --summary-table -o /dev/null
	rm -f $(DEMO_DB)
	$(BIN) store ingest Corpus/ --db $(DEMO_DB)
	$(BIN) report --db $(DEMO_DB) -o demo-site/
	@echo "The page to publish: demo-site/index.html (with data.csv and data.json beside it)"

# After the suite: the page to publish is opened in headless Chromium (Debian's chromium) in the
# six languages, and any console error or failed load fails the tests; the SKOS export is parsed
# with rdflib; the README's recipes past one machine (Spark in local mode with 4 partitions, and
# split | xargs -P 4) are run and their merged summaries compared with the whole batch's
# (Scripts/check-spark.sh; Spark needs Java 17). Missing Debian packages are installed with apt,
# rdflib and pyspark with pip (pyspark is a 300 MB download, a few minutes on a new machine).
# Last, the tool is installed into a scratch prefix as `make install` does (a release build with
# the Swift runtime linked in) and run from an empty folder, with `ldd` checked (install-check).
TEST_DEB_PACKAGES := chromium openjdk-17-jre-headless

test: deps
	$(call install-missing,$(TEST_DEB_PACKAGES))
	$(SWIFT) test
	Scripts/check-report-page.sh "$$($(SWIFT) build --show-bin-path)/cop-threats" .build/report-check
	python3 -c 'import rdflib' 2>/dev/null || python3 -m pip install --quiet rdflib
	Scripts/check-skos.py "$$($(SWIFT) build --show-bin-path)/cop-threats"
	$(MAKE) --no-print-directory check-spark
	$(MAKE) --no-print-directory install-check

# The Spark and split | xargs check alone (also run by `make test`).
check-spark: deps
	$(call install-missing,openjdk-17-jre-headless)
	$(SWIFT) build --product cop-threats
	Scripts/check-spark.sh "$$($(SWIFT) build --show-bin-path)/cop-threats"

# The eight threat categories of ../shared/eval/dev.jsonl that the quality targets are stated over.
EVAL_CATEGORIES := cyberbullying,hate_speech,self_harm,eating_disorder,substance_use,scam,phishing,data_breach

# Incident reports (the genre the tool exists for), then real posts and messages, then Corpus/.
evaluate: build
	$(BIN) evaluate --gold ../shared/eval/incidents-dev.jsonl --codes eval --by lang
	$(BIN) evaluate --gold ../shared/eval/dev.jsonl --codes eval --categories $(EVAL_CATEGORIES) --by source,lang
	$(BIN) evaluate --gold Corpus/ --codes node --by lang

# Incident reports only, per language and per category, with the worst errors.
evaluate-incidents: build
	$(BIN) evaluate --gold ../shared/eval/incidents-dev.jsonl --codes eval --by lang

# The benchmark's peers and profiler: Hyperscan for Benchmarks/hs-count.c, perf for the profiles of
# missed targets. Installed when missing, as `deps` does. BENCH_ARGS passes options to run.sh.
BENCH_DEB_PACKAGES := libhyperscan-dev linux-perf
BENCH_ARGS ?=

# It measures the tool that `make install` installs (the Swift runtime linked in).
benchmark: static-build
	$(call install-missing,$(BENCH_DEB_PACKAGES))
	COP_THREATS_BIN=$(STATIC_BIN) Benchmarks/run.sh $(BENCH_ARGS)

# The tool with the Swift runtime linked in: it runs where no Swift toolchain is installed, and
# starts and runs faster than `make build`'s, which calls the toolchain's shared runtime.
static-build: deps
	$(SWIFT) build -c release --product cop-threats --static-swift-stdlib --scratch-path $(STATIC_BUILD)

# The static tool, the shipped taxonomy next to it (found from the executable's path), its man
# page and completions.
install: static-build
	$(SWIFT) build --product generate-manual --scratch-path $(STATIC_BUILD)
	mkdir -p .build/man && $(STATIC_BUILD)/debug/generate-manual $(STATIC_BIN) --output-directory .build/man
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)/cop-threats $(SHARE)/man/man1 \
	  $(SHARE)/bash-completion/completions $(SHARE)/zsh/site-functions $(SHARE)/fish/vendor_completions.d
	install -m 755 $(STATIC_BIN) $(DESTDIR)$(PREFIX)/bin/cop-threats
	rm -rf $(SHARE)/cop-threats/Taxonomy && cp -R Taxonomy $(SHARE)/cop-threats/Taxonomy
	install -m 644 .build/man/cop-threats.1 $(SHARE)/man/man1/cop-threats.1
	$(STATIC_BIN) --generate-completion-script bash > $(SHARE)/bash-completion/completions/cop-threats
	$(STATIC_BIN) --generate-completion-script zsh > $(SHARE)/zsh/site-functions/_cop-threats
	$(STATIC_BIN) --generate-completion-script fish > $(SHARE)/fish/vendor_completions.d/cop-threats.fish

# Installs into a scratch prefix and runs the installed tool from an empty folder: it must find
# its taxonomy, and link no library from the Swift toolchain.
install-check:
	rm -rf .build/install-check && $(MAKE) install PREFIX=$(CURDIR)/.build/install-check
	Scripts/install-check.sh $(CURDIR)/.build/install-check

clean:
	rm -rf .build

# The store of reports (`cop-threats store`) needs SQLite for GRDB.
DEB_PACKAGES += libsqlite3-dev

# The statistics of README: a store of Corpus/, its indicators for one quarter, and the page.
.PHONY: report-demo
report-demo: build
	rm -f .build/demo-store.sqlite .build/demo-store.sqlite-*
	$(BIN) store ingest Corpus/ --db .build/demo-store.sqlite
	$(BIN) indicators --db .build/demo-store.sqlite --period 2025-Q1
	$(BIN) report --db .build/demo-store.sqlite -o .build/demo-site
