# Dilemmatafel — the two commands a newcomer needs: `make run` and `make test`.
# The newest of python3.13, python3.12 and python3.11 on the PATH that runs (a pyenv shim
# may name a version that is not installed); another with PYTHON=…
ifeq ($(origin PYTHON),undefined)
PYTHON := $(firstword $(foreach version,3.13 3.12 3.11,\
	$(shell python$(version) -c 'import sys; print(sys.executable)' 2>/dev/null)))
endif
VENV := .venv
BIN := $(VENV)/bin
# One stamp per interpreter, so `make test PYTHON=python3.13` rebuilds .venv for that Python.
STAMP := $(VENV)/.installed-$(notdir $(PYTHON))

.PHONY: install run init test test-postgres test-fast lint format vendor bench clean audit

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "Python 3.11, 3.12 or 3.13 is needed: put python3.1x on the PATH or pass PYTHON=/path/to/python." >&2; exit 1; }
	@if [ -x $(BIN)/python ] && [ "$$($(BIN)/python -c 'import sys; print(sys.version)')" != "$$($(PYTHON) -c 'import sys; print(sys.version)')" ]; then echo "$(VENV) is for another Python; making it anew for $(PYTHON)."; rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install the app with its test tools.

init: install ## Migrate the database and import the shipped content.
	$(BIN)/dilemmatafel init

run: init ## Install, prepare the database with the shipped content, serve on :8000.
	$(BIN)/dilemmatafel serve --host 127.0.0.1 --port 8000

test: lint ## Install, lint and run every test on SQLite with coverage, then again on PostgreSQL.
	$(BIN)/dilemmatafel content check
	$(BIN)/pytest -n 2 --cov=backend --cov-report=term:skip-covered
	$(MAKE) --no-print-directory test-postgres

# The suite on PostgreSQL (needs Debian's `postgresql` package, no running service: each test
# process starts its own throw-away cluster in a temporary folder on a free port and removes it
# afterwards). Only the tests that get a database from a fixture run again here (the others do
# not depend on the database), and those marked sqlite_only are skipped with their reason.
# The browser tests run once, on SQLite: they test the pages, and what PostgreSQL changes
# under them (live events over LISTEN/NOTIFY) has its own tests in the PostgreSQL-only files.
test-postgres: install ## The tests that use a database, on PostgreSQL (browser tests once, on SQLite).
	DT_TEST_DATABASE=postgres DT_REQUIRE_POSTGRES=1 $(BIN)/pytest -n 2 -m "not browser"

test-fast: install ## Every test except the browser tests and the installed-wheel test.
	$(BIN)/pytest -n 2 -m "not browser and not install"

lint: install ## Ruff's checks, its formatting check and mypy --strict (as in .pre-commit-config.yaml).
	$(BIN)/ruff check backend tests bench
	$(BIN)/ruff format --check backend tests bench
	$(BIN)/mypy

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
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.backup
	$(BIN)/python -m bench.backup --items 10000

clean:
	rm -rf $(VENV) data build .pytest_cache .ruff_cache .mypy_cache

audit: install ## Check the pinned dependencies against known vulnerabilities (needs internet).
	$(BIN)/pip install --quiet pip-audit==2.10.1
	$(BIN)/pip-audit --strict --progress-spinner off --skip-editable
