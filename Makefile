# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable .
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --editable '.[dev]'
	touch $@ $(RUN_STAMP)

# Builds the demo store through `ingest`, prints demo API keys and serves the
# API on http://127.0.0.1:8000 until Ctrl-C (DEMO_ARGS="--entities 500" to grow it).
demo: $(RUN_STAMP)
	$(BIN)/publiccredit demo --out demo-data --serve $(DEMO_ARGS)

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(DEV_STAMP)
	$(BIN)/mypy --strict src

pytest: $(DEV_STAMP)
	$(BIN)/python -m pytest --cov --cov-branch --cov-report=term $(PYTEST_ARGS)

test: lint typecheck pytest

# Benchmarks print and save JSON to bench/results/ (git-ignored); the ledger
# benchmark builds 10 million leaves and takes several minutes.
bench: $(DEV_STAMP)
	$(BIN)/python bench/synth.py
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/ledger.py

clean:
	rm -rf $(VENV) demo-data .pytest_cache .mypy_cache .ruff_cache .coverage
