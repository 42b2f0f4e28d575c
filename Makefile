# Spor: the two commands a newcomer needs are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: setup demo test lint typecheck pytest pytest-postgres bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Spor needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

# The locked, hash-checked install; repeated only when the lock file or pyproject changes.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(BIN)/spor migrate --no-input
	$(BIN)/spor demo
	$(BIN)/spor serve 127.0.0.1:8000

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/spor makemigrations --check --dry-run
	$(BIN)/pytest -n 2

# PostgreSQL runs when SPOR_TEST_DATABASE_URL is set (CI sets it); otherwise it says how.
pytest-postgres: setup
	@if [ -n "$$SPOR_TEST_DATABASE_URL" ]; then \
		echo "== test suite on PostgreSQL ($$SPOR_TEST_DATABASE_URL)"; \
		DATABASE_URL="$$SPOR_TEST_DATABASE_URL" $(BIN)/pytest -n 2 -m "not nodb"; \
	else \
		echo "== PostgreSQL run skipped: set SPOR_TEST_DATABASE_URL=$(PG_URL) to run the suite on PostgreSQL too"; \
	fi

test: lint typecheck pytest pytest-postgres

bench: setup
	$(BIN)/python bench/run.py $(BENCH)

clean:
	rm -rf $(VENV) var test-artifacts
