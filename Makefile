# Every developer task. CI runs `make test` (.ci/run).
VENV := .venv
PY := $(VENV)/bin/python
export DJANGO_SETTINGS_MODULE := performa.config.settings
SOURCES := src tests bench

.PHONY: install demo test check fmt test-fast test-sqlite test-postgres e2e bench messages

install:
	@scripts/install

demo: install
	$(VENV)/bin/performa demo

test: install check test-sqlite test-postgres

test-sqlite:
	$(PY) -m pytest -q

# The database-backed tests again, on a PostgreSQL server the run starts and removes.
test-postgres:
	scripts/with-postgres $(PY) -m pytest -q -m "not e2e" tests --ignore=tests/scoring --ignore=tests/workbook

test-fast: install
	$(PY) -m pytest -q tests/scoring tests/workbook

check: install
	$(VENV)/bin/ruff format --check $(SOURCES)
	$(VENV)/bin/ruff check $(SOURCES)
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m django check --fail-level WARNING
	$(PY) -m django makemigrations --check --dry-run

fmt: install
	$(VENV)/bin/ruff format $(SOURCES)
	$(VENV)/bin/ruff check --fix $(SOURCES)

e2e: install
	$(PY) -m pytest -q -m e2e

bench: install
	$(PY) bench/run.py

# Refreshes each app's English catalogue (needs GNU gettext) and compiles it with Babel.
messages: install
	$(PY) -m performa.config.catalogues
