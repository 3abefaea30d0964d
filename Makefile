# Haven: build, run and test. `make help` lists the targets; `make test` is what CI runs.
#
# Python: the system python3.11, a uv (pinned) in .tools/, the locked environment in .venv/.
# uv never downloads an interpreter. Debian packages (Chromium, PostgreSQL) are installed with
# apt-get when missing and running as root; otherwise the command to run is printed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:
MAKEFLAGS += --no-builtin-rules --no-print-directory

PORT ?= 8000
UV_VERSION := 0.13.8
# The system python3.11 (resolved through pyenv shims to the real interpreter).
SYSTEM_PYTHON ?= $(shell for p in python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; print(sys.executable)' 2>/dev/null && break; \
	done)
TOOLS := .tools
UV := $(TOOLS)/bin/uv
RUN := $(UV) run --no-sync --python $(SYSTEM_PYTHON)
MANAGE := $(RUN) python manage.py
PYTEST := $(RUN) pytest
PYTEST_WORKERS ?= 2
XDIST := $(if $(filter-out 0 1,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS),-p no:xdist)
PYTEST_ARGS ?=
ARTIFACTS := test-artifacts
SCREENSHOTS := $(CURDIR)/$(ARTIFACTS)/screenshots
CHROMIUM_PACKAGES := chromium fonts-liberation
# PyICU (followthemoney's text normalisation) is published as source only: it builds against ICU.
BUILD_PACKAGES := libicu-dev pkg-config g++
# Local (not production) settings for the test runs, whatever the caller's environment says.
TEST_ENV := HAVEN_ENV=local DEBUG=0 DATABASE_URL=sqlite:///$(CURDIR)/var/test.sqlite3
# test-postgres and the moved-clock journeys run at this instant (HAVEN_TEST_NOW, read by the
# root conftest.py): a Friday afternoon before an English bank-holiday weekend (Monday 30 August
# 2027 is the summer bank holiday), so working-day clocks cross a weekend and a bank holiday and
# fixed dates in tests show up. See docs/how-to/testing.md.
MOVED_NOW ?= 2027-08-27T15:30:00+01:00
# The date-sensitive tests: screening clocks, tasks, meetings, the front door and cases, held
# forms, break-glass references, investigations (update cadence, outcome and order dates).
# make test runs them at the moved clock in test-postgres, with every other database test (those
# of them that need no database too: --every-test-in); test-moved-clock runs them on SQLite.
MOVED_CLOCK_TESTS := haven/core/tests/test_test_clock.py haven/screening haven/actions \
	haven/meetings haven/cases haven/drafts haven/documents haven/workflows tests/security/test_insider_threats.py \
	haven/investigations
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(SYSTEM_PYTHON)
export UV_NO_PROGRESS := 1
export DEBIAN_FRONTEND := noninteractive
# Python writes its bytecode caches (git ignores them): with none, each of make test's dozen Python
# processes compiled every module it imported again, about 3 s each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help tools venv node deps assets migrate demo run lint format checks docs-screenshots \
	test test-sqlite test-postgres test-browser test-moved-clock test-moved-journeys chromium bench-matching bench clean

help: ## List the targets
	@echo "Haven make targets (PORT=$(PORT), python=$(SYSTEM_PYTHON)):"
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-15s %s\n", $$1, $$2}'

tools: ## Install the pinned uv into .tools/ (with the system python3.11) if missing
	@if [ -z "$(SYSTEM_PYTHON)" ]; then echo "python3.11 not found" >&2; exit 1; fi
	@$(SYSTEM_PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "$(SYSTEM_PYTHON) is not Python 3.11" >&2; exit 1; }
	@if [ -x $(UV) ] && [ "$$($(UV) --version 2>/dev/null | cut -d' ' -f2)" = "$(UV_VERSION)" ]; then \
		:; \
	else \
		echo "Installing uv $(UV_VERSION) into $(TOOLS)/"; \
		rm -rf $(TOOLS); \
		$(SYSTEM_PYTHON) -m venv $(TOOLS); \
		$(TOOLS)/bin/pip install -q --disable-pip-version-check uv==$(UV_VERSION); \
	fi

venv: tools ## Python dependencies from uv.lock into .venv/ (dev group)
	@scripts/apt_ensure.sh $(BUILD_PACKAGES)
	@$(UV) sync --frozen --python $(SYSTEM_PYTHON) --quiet

# npm ci only when package.json or package-lock.json changed since the last install.
node: node_modules/.haven-installed ## Front-end packages from package-lock.json into node_modules/

node_modules/.haven-installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm not found: install Node.js 20+ and npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

# Only when it is missing (it is committed): npm install writes it.
package-lock.json:
	@echo "package-lock.json is missing: creating it with npm install (commit it)"
	npm install --no-audit --no-fund --ignore-scripts --loglevel=error

assets: node ## Copy GOV.UK Frontend, Chart.js and axe-core into haven/static/vendor/
	@$(SYSTEM_PYTHON) scripts/vendor_assets.py

deps: venv node assets ## venv + node + assets

migrate: venv ## Apply migrations to the local SQLite database in var/
	@mkdir -p var
	$(MANAGE) migrate --noinput

demo: migrate ## Load the demo data (idempotent; prints the demo log-ins)
	$(MANAGE) load_demo

run: deps demo ## Serve on http://127.0.0.1:PORT (default 8000) with the background worker and the job schedule
	@echo "Haven: http://127.0.0.1:$(PORT)/  (the task worker runs beside it; Ctrl+C stops both)"
	@$(MANAGE) db_worker --queue-name '*' --no-reload & worker=$$!; \
	$(MANAGE) run_schedule >/dev/null & clocks=$$!; \
	trap 'kill -TERM $$worker $$clocks 2>/dev/null || true; wait $$worker $$clocks 2>/dev/null || true' EXIT; \
	trap 'exit 130' INT TERM; \
	$(MANAGE) runserver 127.0.0.1:$(PORT) --noreload

lint: venv ## ruff check, ruff format --check and the import-linter layer contracts (decision 0012)
	@rc=0; \
	$(RUN) ruff check . || rc=1; \
	$(RUN) ruff format --check . || rc=1; \
	$(RUN) lint-imports || rc=1; \
	exit $$rc

format: venv ## Apply ruff's fixes and formatting
	$(RUN) ruff check --fix .
	$(RUN) ruff format .

checks: venv ## uv.lock up to date; no missing migrations; `check --deploy` clean in production settings
	@mkdir -p var
	$(UV) lock --check --python $(SYSTEM_PYTHON)
	$(MANAGE) makemigrations --check --dry-run
	HAVEN_ENV=production \
	SECRET_KEY="$$($(SYSTEM_PYTHON) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	AUDIT_CHAIN_KEY="$$($(SYSTEM_PYTHON) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	ALLOWED_HOSTS=haven.example.org \
	DATABASE_URL=sqlite:///$(CURDIR)/var/checks.sqlite3 \
	$(MANAGE) check --deploy --fail-level WARNING

test-sqlite: deps ## pytest (all but browser tests) on SQLite
	@mkdir -p var $(ARTIFACTS)
	$(TEST_ENV) $(PYTEST) -m "not browser" $(XDIST) --junitxml=$(ARTIFACTS)/junit-sqlite.xml $(PYTEST_ARGS)

# test-postgres runs the suite's database tests on a throwaway cluster at the moved clock
# (MOVED_NOW), so each runs at two dates, today's on SQLite and this one here (decision 0055).
# Left out: the pure rules pytest-django lets no database reach (they ran on SQLite), except the
# date-sensitive ones (MOVED_CLOCK_TESTS); of the access matrix, all but one cell for each row
# and outcome (marked matrix_repeat); tests marked postgresql_repeat (decision 0055). Then the
# replica reads again with a streaming standby as DATABASE_REPLICA_URL (decision 0041); they
# skip the first time.
REPLICA_TESTS := haven/reporting/tests/test_replica_reads.py

test-postgres: deps ## pytest (the database tests) on a throwaway PostgreSQL cluster at MOVED_NOW, then the replica reads
	@mkdir -p var $(ARTIFACTS)
	@rc=0; \
	trap 'scripts/pg_test_cluster.sh stop' EXIT; \
	trap 'exit 130' INT TERM; \
	database_url="$$(scripts/pg_test_cluster.sh start)"; \
	$(TEST_ENV) HAVEN_TEST_NOW=$(MOVED_NOW) DATABASE_URL="$$database_url" \
		$(PYTEST) -m "not browser and not matrix_repeat and not postgresql_repeat" --database-tests-only \
		$(addprefix --every-test-in=,$(MOVED_CLOCK_TESTS)) $(XDIST) \
		--junitxml=$(ARTIFACTS)/junit-postgres.xml $(PYTEST_ARGS) \
		|| rc=$$?; \
	replica_url="$$(scripts/pg_test_cluster.sh replica)" || rc=1; \
	$(TEST_ENV) HAVEN_TEST_NOW=$(MOVED_NOW) DATABASE_URL="$$database_url" \
		DATABASE_REPLICA_URL="$$replica_url" \
		$(PYTEST) $(REPLICA_TESTS) -p no:xdist -rs \
		--junitxml=$(ARTIFACTS)/junit-postgres-replica.xml $(PYTEST_ARGS) || rc=$$?; \
	exit $$rc

chromium: ## Debian's Chromium (and Arial-compatible fonts) for the browser tests
	@scripts/apt_ensure.sh $(CHROMIUM_PACKAGES)

# Which journeys: all of them by default; make test leaves out those marked moved_clock (the
# journeys that show dates: tests/browser/conftest.py), which test-moved-journeys runs at MOVED_NOW.
BROWSER_MARKS ?= browser
# Until the journeys exist, "no tests collected" (pytest exit 5) is reported, not failed. Two
# workers, each with its own live server, database and Chromium: a journey mostly waits for
# the other processes, so two finish in about 85% of the time one takes (189 s against 219 s).
test-browser: deps chromium ## Playwright journeys in headless Chromium; screenshots in test-artifacts/screenshots/
	@mkdir -p var $(SCREENSHOTS)
	@rc=0; \
	$(TEST_ENV) HAVEN_SCREENSHOT_DIR=$(SCREENSHOTS) \
		$(PYTEST) tests/browser -m "$(BROWSER_MARKS)" $(XDIST) --junitxml=$(ARTIFACTS)/junit-browser.xml \
		$(PYTEST_ARGS) \
		|| rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "test-browser: no browser tests collected yet"; rc=0; fi; \
	exit $$rc

# test-moved-clock: both runs happen even if the first fails; the step fails if either did.
# make test runs only the journeys (the date-sensitive tests ran at MOVED_NOW in test-postgres).
test-moved-clock: deps chromium ## The date-sensitive tests on SQLite and the browser journeys at MOVED_NOW
	@mkdir -p var $(ARTIFACTS)
	@rc=0; \
	$(TEST_ENV) HAVEN_TEST_NOW=$(MOVED_NOW) \
		$(PYTEST) $(MOVED_CLOCK_TESTS) -m "not browser" $(XDIST) \
		--junitxml=$(ARTIFACTS)/junit-moved-clock.xml $(PYTEST_ARGS) || rc=$$?; \
	$(MAKE) test-moved-journeys || rc=$$?; \
	exit $$rc

test-moved-journeys: deps chromium ## The browser journeys that show dates (marked moved_clock), at MOVED_NOW
	@mkdir -p var $(SCREENSHOTS)/moved-clock
	$(TEST_ENV) HAVEN_TEST_NOW=$(MOVED_NOW) HAVEN_SCREENSHOT_DIR=$(SCREENSHOTS)/moved-clock \
		$(PYTEST) tests/browser -m "browser and moved_clock" $(XDIST) \
		--junitxml=$(ARTIFACTS)/junit-moved-browser.xml $(PYTEST_ARGS)

test: ## Everything CI runs: tools, deps, lint, checks, the three test suites (PostgreSQL's at a moved clock), the journeys at it
	@rm -f $(ARTIFACTS)/junit-*.xml
	@start=$$(date +%s); failed=(); \
	for step in tools deps lint checks test-sqlite test-postgres test-browser test-moved-journeys; do \
		echo "=== make $$step"; \
		step_start=$$(date +%s); \
		options=(); \
		if [ $$step = test-browser ]; then options=("BROWSER_MARKS=browser and not moved_clock"); fi; \
		if $(MAKE) $$step "$${options[@]}"; then status=ok; else status=FAILED; failed+=("$$step"); fi; \
		echo "=== make $$step: $$status in $$(( $$(date +%s) - step_start ))s"; \
		if [ "$$status" = FAILED ] && { [ $$step = tools ] || [ $$step = deps ]; }; then break; fi; \
	done; \
	echo "=== make test finished in $$(( $$(date +%s) - start ))s"; \
	if [ $${#failed[@]} -gt 0 ]; then echo "=== FAILED: $${failed[*]}"; fi; \
	$(SYSTEM_PYTHON) scripts/test_summary.py $(ARTIFACTS)/junit-sqlite.xml \
		$(ARTIFACTS)/junit-postgres.xml $(ARTIFACTS)/junit-postgres-replica.xml \
		$(ARTIFACTS)/junit-browser.xml $(ARTIFACTS)/junit-moved-browser.xml; \
	[ $${#failed[@]} -eq 0 ]

bench-matching: tools ## Matching benchmark (installs the bench dependency group)
	$(UV) run --frozen --group bench --python $(SYSTEM_PYTHON) python bench/matching.py

# The load benchmark (issue 16, decision 0037; never part of `make test`): a throwaway PostgreSQL
# on BENCH_PG_PORT filled by generate_scale_data, gunicorn and locust on loopback. The default
# size fits this 2-core machine in about ten minutes; BENCH_ARGS=--full is the national size.
BENCH_PG_PORT ?= 54349
BENCH_ARGS ?=
bench: tools ## Load benchmark: gunicorn + locust (50 users) on PostgreSQL at scale (BENCH_ARGS=--full)
	@rc=0; \
	trap 'PGTEST_PORT=$(BENCH_PG_PORT) scripts/pg_test_cluster.sh stop' EXIT; \
	trap 'exit 130' INT TERM; \
	database_url="$$(PGTEST_PORT=$(BENCH_PG_PORT) scripts/pg_test_cluster.sh start)"; \
	HAVEN_ENV=local DEBUG=0 DATABASE_URL="$$database_url" \
		nice $(UV) run --frozen --group bench --python $(SYSTEM_PYTHON) python bench/load.py $(BENCH_ARGS) \
		|| rc=$$?; \
	exit $$rc

docs-screenshots: deps chromium ## The README's screenshots from the demo data (docs/start-page.png, docs/case-page.png)
	$(RUN) python -m scripts.docs_screenshots

clean: ## Remove generated assets, test artifacts and collected static files (keeps var/ and .venv/)
	rm -rf haven/static/vendor $(ARTIFACTS) staticfiles node_modules/.haven-installed
	@scripts/pg_test_cluster.sh stop

# --- Backup and restore (decision 0039; docs/how-to/backup-and-restore.md) ------------------
# The database DATABASE_URL names (the local SQLite database in var/ by default): PostgreSQL
# with pg_dump/pg_restore (custom format), SQLite with its online backup API. Each backup has
# its row counts beside it (<file>.counts.json); a restore checks them and runs audit_verify.
BACKUP_DIR := var/backups
TO ?= $(BACKUP_DIR)/haven-$(shell date -u +%Y%m%dT%H%M%SZ).backup

.PHONY: backup restore

backup: venv ## Back up the database (DATABASE_URL) to TO=file (default var/backups/haven-<UTC time>.backup)
	$(RUN) python -m scripts.backup backup --to "$(TO)"

restore: venv ## Replace the database (DATABASE_URL) with FROM=file, then check row counts and audit_verify
	@if [ -z "$(FROM)" ]; then echo "make restore FROM=path/to/file.backup (it replaces the database)" >&2; exit 2; fi
	$(RUN) python -m scripts.backup restore --from "$(FROM)"
