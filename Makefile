# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck pytest chromium cjk-font java bench mutation clean

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
demo: $(RUN_STAMP) cjk-font
	$(BIN)/publiccredit demo --out demo-data --serve $(DEMO_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(DEV_STAMP)
	$(BIN)/mypy --strict src

pytest: $(DEV_STAMP) chromium cjk-font java
	$(BIN)/python -m pytest --cov --cov-branch --cov-report=term $(PYTEST_ARGS)

# Debian packages the tests need, installed by scripts/need-debian-package when
# missing (as root, or through sudo; under CI=true a package that cannot be
# installed fails the run, otherwise the tests that need it skip saying how to
# make them run: docs/testing.md):
# - the browser tests (tests/browser) drive Debian's Chromium through
#   Playwright; Playwright's own browser download is never used;
# - the PDF credit report embeds a subset of Debian's WenQuanYi Micro Hei
#   (docs/portal.md), so any PDF viewer shows its Chinese;
# - the Spark bulk tests run PySpark in local mode on Java 17 (docs/bulk.md).
CHROMIUM := $(or $(PUBLICCREDIT_CHROMIUM),/usr/bin/chromium)
export PUBLICCREDIT_CHROMIUM
CJK_FONT := $(or $(PUBLICCREDIT_CJK_FONT),/usr/share/fonts/truetype/wqy/wqy-microhei.ttc)
export PUBLICCREDIT_CJK_FONT
chromium:
	@sh scripts/need-debian-package "$(CHROMIUM)" "the browser tests' Chromium" chromium chromium-driver

cjk-font:
	@sh scripts/need-debian-package "$(CJK_FONT)" "the PDF report's Chinese font" fonts-wqy-microhei

java:
	@command -v java >/dev/null 2>&1 || [ -n "$${JAVA_HOME:-}" ] || \
	  sh scripts/need-debian-package /usr/bin/java "Java for the Spark tests" openjdk-17-jre-headless

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
	$(BIN)/python bench/screening.py --store /tmp/pc-bench-screening --entities 2000
	$(BIN)/python bench/bulk.py

# Mutation score of the engine's period and list code (mutmut; docs/testing.md).
# Minutes on two cores, so not part of `make test`; fails below 90 %.
mutation: $(DEV_STAMP)
	$(BIN)/python bench/mutation.py

clean:
	rm -rf mutants $(VENV) demo-data .pytest_cache .mypy_cache .ruff_cache .coverage
