# Dilemmatafel — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run init test test-fast lint format vendor bench clean audit

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the app with its test tools.

init: install ## Migrate the database and import the shipped content.
	$(BIN)/dilemmatafel init

run: init ## Install, prepare the database with the shipped content, serve on :8000.
	$(BIN)/dilemmatafel serve --host 127.0.0.1 --port 8000

test: lint ## Install, lint and run every test, browser tests included (needs Chromium), with coverage.
	$(BIN)/dilemmatafel content check
	$(BIN)/pytest --cov=backend --cov-report=term:skip-covered

test-fast: install ## Every test except the browser tests.
	$(BIN)/pytest -m "not browser"

lint: install ## Ruff's checks and its formatting check (the same as .pre-commit-config.yaml).
	$(BIN)/ruff check backend tests bench
	$(BIN)/ruff format --check backend tests bench

format: install ## Rewrite content files in canonical form.
	$(BIN)/dilemmatafel content format

vendor: ## Refresh the vendored NL Design System CSS and htmx from the npm registry.
	bash scripts/vendor.sh

bench: install ## Run the benchmarks (figures go to docs/performance.md by hand).
	$(BIN)/python bench/browse.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/agenda.py
	$(BIN)/python -m bench.live --participants 500
	$(BIN)/python -m bench.live --participants 2000

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache

audit: install ## Check the pinned dependencies against known vulnerabilities (needs internet).
	$(BIN)/pip install --quiet pip-audit==2.10.1
	$(BIN)/pip-audit --strict --progress-spinner off --skip-editable
