# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck pytest chromium bench mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[dev]'
	touch $@ $(RUN_STAMP)

# Builds the demo store (20,000 synthetic entities) through `ingest`, prints demo
# API keys and where to click, and serves the portal and the API on
# http://127.0.0.1:8000 until Ctrl-C (DEMO_ARGS="--entities 2000" for a quicker one).
demo: $(RUN_STAMP)
	$(BIN)/publiccredit demo --out demo-data --serve $(DEMO_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(DEV_STAMP)
	$(BIN)/mypy --strict src

pytest: $(DEV_STAMP) chromium
	$(BIN)/python -m pytest --cov --cov-branch --cov-report=term $(PYTEST_ARGS)

# The browser tests (tests/browser) drive Debian's Chromium through Playwright;
# Playwright's own browser download is never used. When the browser is missing
# this installs the Debian packages (as root, or through sudo), running
# `apt-get update` only if the first install fails, and prints each step. If it
# cannot: under CI=true that fails the run; otherwise it says why, and the
# browser tests skip with how to make them run (docs/testing.md).
CHROMIUM := $(or $(PUBLICCREDIT_CHROMIUM),/usr/bin/chromium)
export PUBLICCREDIT_CHROMIUM
APT_INSTALL := apt-get install -y --no-install-recommends chromium chromium-driver
chromium:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	give_up() { \
	  echo "make: $(CHROMIUM) is missing and could not be installed: $$1"; \
	  case "$${CI:-}" in 1|true|True|TRUE|yes) echo "make: CI=true needs the browser"; exit 1;; esac; \
	  echo "make: the browser tests will skip until Chromium is installed"; exit 0; \
	}; \
	command -v apt-get >/dev/null 2>&1 || give_up "no apt-get (set PUBLICCREDIT_CHROMIUM)"; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1; then sudo="sudo"; \
	else give_up "not root and no sudo: run '$(APT_INSTALL)' as root"; fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	echo "make: $(CHROMIUM) is missing; running: $${sudo:+sudo }$(APT_INSTALL)"; \
	$$sudo $(APT_INSTALL) || { \
	  echo "make: the install failed; running: $${sudo:+sudo }apt-get update, then the install again"; \
	  $$sudo apt-get update && $$sudo $(APT_INSTALL); \
	} || give_up "apt-get failed (see above)"; \
	[ -x "$(CHROMIUM)" ] || give_up "the packages are installed but $(CHROMIUM) is not there"

test: lint typecheck pytest

# Benchmarks print and save JSON to bench/results/ (git-ignored); the ledger
# benchmark builds 10 million leaves and takes several minutes. The API
# benchmark runs here at 2,000 entities on SQLite; docs/api.md gives the
# command for 180,000 entities and PostgreSQL.
bench: $(DEV_STAMP)
	$(BIN)/python bench/synth.py
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/ledger.py
	$(BIN)/python bench/api.py

# Mutation score of the engine's period and list code (mutmut; docs/testing.md).
# Minutes on two cores, so not part of `make test`; fails below 90 %.
mutation: $(DEV_STAMP)
	$(BIN)/python bench/mutation.py

clean:
	rm -rf mutants $(VENV) demo-data .pytest_cache .mypy_cache .ruff_cache .coverage
