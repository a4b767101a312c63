# The Platform for Partnerships: everyday commands.
#
#   make run     install, migrate, load the data, create demo users, serve on 127.0.0.1:8000
#                with the background worker
#   make test    the whole suite on SQLite, then on PostgreSQL when it answers
#   make lint    formatting, lint, the Dockerfile, missing migrations and a stale lock file
#   make lock    the lock files, after a dependency change in pyproject.toml
#
# With CI=true a missing PostgreSQL or Chromium fails `make test` instead of being skipped.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
PYTHON := $(VENV)/bin/python
MANAGE := $(PYTHON) manage.py
STAMP := $(VENV)/.installed

CI ?= false
# The PostgreSQL server the suite runs against; pytest-django creates and drops test_<name>.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pfp
CHROMIUM ?= /usr/bin/chromium
# The SQLite run never touches the development database; Django tests it in memory.
TEST_ARTIFACTS := $(CURDIR)/test-artifacts
SQLITE_TEST_DATABASE_URL := sqlite:///$(TEST_ARTIFACTS)/test.sqlite3
# pytest-xdist workers; 0 runs in one process. Each worker gets its own test database.
PYTEST_WORKERS ?= 2
# Extra pytest arguments, e.g. PYTEST_ARGS='tests/core -x'.
PYTEST_ARGS ?=
# The slowest tests of each run are listed at its end, to keep the suite inside its budget.
PYTEST_DURATIONS ?= 15

export CHROMIUM DEMO_PASSWORD

.PHONY: help install messages migrate run test test-sqlite test-postgres lint clean

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST)

install: $(STAMP)

# Installs the exact versions of the lock file (hashes checked), then the portal itself in
# editable mode without resolving anything again. Reinstalls only when the lock changes.
$(STAMP): pyproject.toml requirements-dev.txt
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --require-hashes -r requirements-dev.txt
	$(PYTHON) -m pip install --no-deps -e .
	touch $@

# The lock files: requirements.txt (production, what the Dockerfile installs) and
# requirements-dev.txt (plus the test and lint tools). Run after changing dependencies in
# pyproject.toml; versions already locked are kept unless UPGRADE=1.
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \
	--quiet $(if $(filter 1,$(UPGRADE)),--upgrade)
.PHONY: lock
lock:
	test -x $(VENV)/bin/uv || { python3 -m venv $(VENV) && $(PYTHON) -m pip install uv; }
	$(UV_COMPILE) -o requirements.txt
	$(UV_COMPILE) --extra dev -o requirements-dev.txt

# The French and Spanish catalogues (pfp/locale/*/LC_MESSAGES/*.po) compiled to the .mo files
# Django reads; .mo files are generated, not committed. compilemessages walks the current
# directory as well as LOCALE_PATHS: the ignores keep it out of the virtualenv's packages.
# It skips a catalogue whose .mo is newer than its .po.
MESSAGES_IGNORE := --ignore='.venv/*' --ignore='$(VENV)/*' --ignore='test-artifacts/*' \
	--ignore='tests/*' --ignore='staticfiles/*'
messages: install
	$(MANAGE) compilemessages $(MESSAGES_IGNORE)

migrate: install messages
	$(MANAGE) migrate --noinput

# SQLite unless DATABASE_URL says otherwise. seed_demo prints the password it generates,
# unless DEMO_PASSWORD is set.
# The job-queue worker (mail, periodic jobs) runs beside the server and stops with it.
run: migrate
	$(MANAGE) load_pfp_data
	$(MANAGE) seed_demo $${DEMO_PASSWORD:+--password "$$DEMO_PASSWORD"}
	$(MANAGE) qcluster & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

test: install messages
	@$(MAKE) --no-print-directory test-sqlite
	@$(MAKE) --no-print-directory test-postgres

# Both runs pass --create-db: migrations are still being rewritten in place, and a test
# database kept by pyproject's --reuse-db would hide that.
# The e2e tests need a real browser. Without one they are skipped with a message on a
# workstation and fail the run in CI. An empty run (pytest's exit code 5) fails like any other.
E2E_SELECT = $(shell test -x "$(CHROMIUM)" || echo 'not e2e')
define pytest_markers
$(strip $(if $(1),$(if $(E2E_SELECT),$(1) and $(E2E_SELECT),$(1)),$(E2E_SELECT)))
endef

define check_chromium
	if [ -z "$(E2E_SELECT)" ]; then \
		:; \
	elif [ "$(CI)" = "true" ]; then \
		echo "ERROR: Chromium not found at $(CHROMIUM) (set CHROMIUM=...); CI=true requires the e2e tests." >&2; \
		exit 1; \
	else \
		echo "!!! Chromium not found at $(CHROMIUM): SKIPPING the e2e tests (set CHROMIUM=... to run them)." >&2; \
	fi
endef

test-sqlite: install messages
	@$(check_chromium)
	mkdir -p $(TEST_ARTIFACTS)
	DATABASE_URL=$(SQLITE_TEST_DATABASE_URL) $(PYTHON) -m pytest -n $(PYTEST_WORKERS) \
		--create-db --durations=$(PYTEST_DURATIONS) -m "$(call pytest_markers,not postgres)" \
		$(PYTEST_ARGS)

# Exit 1: nothing answers at TEST_DATABASE_URL. Exit 2: a server answers but refuses us (a
# wrong user or password), which is a broken setup to fix rather than a reason to skip.
# It connects to the maintenance database: the project database need not exist, and
# pytest-django creates its own test databases beside it.
define PG_CHECK
import sys, psycopg
try:
    psycopg.connect(sys.argv[1], dbname="postgres", connect_timeout=5).close()
except psycopg.OperationalError as error:
    print(error, file=sys.stderr)
    sys.exit(2 if "FATAL" in str(error) else 1)
endef
export PG_CHECK

test-postgres: install messages
	@$(check_chromium)
	@status=0; err=$$($(PYTHON) -c "$$PG_CHECK" "$(TEST_DATABASE_URL)" 2>&1) || status=$$?; \
	if [ $$status -eq 2 ]; then \
		echo "ERROR: PostgreSQL at $(TEST_DATABASE_URL) answers but refuses the connection:" >&2; \
		echo "$$err" | sed 's/^/  /' >&2; \
		exit 1; \
	elif [ $$status -ne 0 ]; then \
		if [ "$(CI)" = "true" ]; then \
			echo "ERROR: PostgreSQL at $(TEST_DATABASE_URL) is not reachable; CI=true requires it." >&2; \
			echo "$$err" | sed 's/^/  /' >&2; \
			exit 1; \
		fi; \
		echo "" >&2; \
		echo "!!! PostgreSQL at $(TEST_DATABASE_URL) is not reachable: SKIPPING the PostgreSQL run." >&2; \
		echo "$$err" | sed 's/^/!!!   /' >&2; \
		echo "!!! Start it or set TEST_DATABASE_URL=...; only SQLite was tested." >&2; \
		exit 0; \
	fi; \
	echo "DATABASE_URL=$(TEST_DATABASE_URL) pytest"; \
	DATABASE_URL="$(TEST_DATABASE_URL)" $(PYTHON) -m pytest -n $(PYTEST_WORKERS) \
		--create-db --durations=$(PYTEST_DURATIONS) $(if $(E2E_SELECT),-m "$(E2E_SELECT)") \
		$(PYTEST_ARGS)

# The lock must hold what pyproject.toml asks for: it is compiled again into a copy, keeping
# the locked versions, and must come out the same.
LOCK_CHECK_DIR := $(TEST_ARTIFACTS)/lock-check
lint: install
	mkdir -p $(LOCK_CHECK_DIR)
	for lock in requirements.txt requirements-dev.txt; do \
		cp $$lock $(LOCK_CHECK_DIR)/$$lock; \
		$(UV_COMPILE) $$(test $$lock = requirements-dev.txt && echo --extra dev) \
			--no-header -o $(LOCK_CHECK_DIR)/$$lock; \
		diff <(grep -v '^#' $$lock) <(grep -v '^#' $(LOCK_CHECK_DIR)/$$lock) \
			|| { echo "ERROR: $$lock is out of date with pyproject.toml: run make lock" >&2; exit 1; }; \
	done
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/hadolint Dockerfile
	$(MANAGE) makemigrations --check --dry-run

#   make bench   the public pages at 100,000 practices on PostgreSQL: bench/results.json,
#                then make relevance
# Seeds (or reuses) the database at BENCH_DATABASE_URL (default postgres://…/pfp_bench);
# BENCH_PRACTICES and BENCH_REQUESTS change the size and the number of requests per page.
.PHONY: bench
bench: install
	$(PYTHON) -m tests.bench.run
	$(PYTHON) -m tests.relevance.run

#   make relevance  the search scored on judged queries (nDCG@10, P@1, hit@5), on PostgreSQL
#                and SQLite: bench/relevance.json
# Each run drops and creates the database at RELEVANCE_DATABASE_URL (default
# postgres://…/pfp_relevance) and uses a temporary SQLite file; gunicorn serves each on
# RELEVANCE_PORTS (default 8104,8105). RELEVANCE_QUERIES=path adds query files to the
# development set (tests/relevance/relevance_dev.csv); RELEVANCE_DATABASES=sqlite runs one.
# Fails only when something did not run, never on low scores.
.PHONY: relevance
relevance: install
	$(PYTHON) -m tests.relevance.run

#   make loadtest  50 clients for 60 s against gunicorn at 100,000 practices, then the same
#                  through a restart of a throwaway PostgreSQL (not part of CI)
.PHONY: loadtest
loadtest: install
	$(PYTHON) -u -m tests.load.run

# Removes what the commands above generate; keeps .venv and the development database.
clean:
	rm -rf $(TEST_ARTIFACTS) staticfiles .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find pfp/locale -name '*.mo' -delete 2>/dev/null || true
