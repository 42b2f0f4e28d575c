# Spor: the two commands a newcomer needs are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: setup vendor browser demo test lint contracts typecheck pytest pytest-postgres bench clean lock

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Spor needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

# The locked, hash-checked install; repeated only when a lock file or pyproject changes.
# A development machine gets requirements-dev.lock (runtime plus test, lint and benchmark tools);
# a production install takes requirements.lock alone (docs/operations.md).
$(VENV)/.installed: requirements-dev.lock requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# The web application's front-end assets come from the npm registry (package-lock.json, `npm ci`)
# and are copied into static files; none of them is committed (docs/architecture.md#html, docs/web.md).
VENDOR := src/spor/web/static/vendor
DKFDS := node_modules/dkfds/dist

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

$(VENDOR)/.copied: node_modules/.installed
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/dkfds/css $(VENDOR)/dkfds/js $(VENDOR)/dkfds/fonts/IBMPlexSans $(VENDOR)/htmx $(VENDOR)/axe-core $(VENDOR)/swagger-ui
	cp $(DKFDS)/css/dkfds.min.css $(VENDOR)/dkfds/css/
	cp $(DKFDS)/js/dkfds.min.js $(VENDOR)/dkfds/js/
	cp -r $(DKFDS)/fonts/IBMPlexSans/complete $(VENDOR)/dkfds/fonts/IBMPlexSans/
	cp -r $(DKFDS)/img $(VENDOR)/dkfds/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/axe-core/axe.min.js $(VENDOR)/axe-core/
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css $(VENDOR)/swagger-ui/
	touch $@

vendor: $(VENDOR)/.copied

# The English catalogues (the web app's, the statistics' and the estimation's) are compiled with
# Babel (installed with Spor): no GNU gettext needed. `spor messages` updates every .po from the
# source; the compiled .mo files are not committed.
CATALOGUES := web stats estimation
LOCALE_MO := $(foreach app,$(CATALOGUES),src/spor/$(app)/locale/en/LC_MESSAGES/django.mo)

src/spor/%/locale/en/LC_MESSAGES/django.mo: src/spor/%/locale/en/LC_MESSAGES/django.po | $(VENV)/.installed
	$(BIN)/pybabel compile -d src/spor/$*/locale -D django

setup: $(VENV)/.installed vendor $(LOCALE_MO)

# The browser tests drive Debian's Chromium; CI runs as root and installs it, never a download.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	else echo "== /usr/bin/chromium is missing: run 'sudo make browser' (browser tests are skipped without it)"; fi

demo: setup
	$(BIN)/spor migrate --no-input
	$(BIN)/spor demo
	$(BIN)/spor serve 127.0.0.1:8000

lint: setup contracts
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

# The import contracts between the apps (pyproject.toml [tool.importlinter], docs/adr/0007-app-structure.md).
contracts: setup
	$(BIN)/lint-imports --no-logo

typecheck: setup
	$(BIN)/mypy

pytest: setup browser
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

# Both lock files from pyproject.toml, the runtime one pinned to the same versions as the dev one.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 --generate-hashes -o requirements-dev.lock
	cp requirements-dev.lock requirements.lock
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes -o requirements.lock

clean:
	rm -rf $(VENV) var test-artifacts
