# SPUK-beheer: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# pytest-xdist processes for `make test` (each gets its own test database); 0 runs in one process.
PYTEST_WORKERS ?= 2
XDIST := $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadgroup --no-loadscope-reorder)
# The whole tree follows `ruff format`.
FORMAT_CHECKED := .

.PHONY: lock lock-upgrade install install-test run test test-fast faults bench migrate demo worker beat relay lint clean

# The install is locked: every Python package at the version and hashes in requirements/lock*.txt
# (`make lock` regenerates them after a change to pyproject.toml), the project itself without deps.
$(VENV)/.installed: requirements/lock.txt pyproject.toml
	bash scripts/system-packages.sh runtime
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/lock.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/lock-test.txt package.json package-lock.json
	bash scripts/system-packages.sh test
	$(PY) -m pip install --quiet --require-hashes -r requirements/lock-test.txt
	npm ci --silent --no-audit --no-fund
	touch $@

# Regenerate the lock files from pyproject.toml: run after adding or changing a dependency there.
# Pins already in the lock stay where they are (only new or conflicting packages move); `make
# lock-upgrade` moves every package to its newest allowed release. One resolution for CPython 3.11
# on x86-64 Linux (the Dockerfile's and CI's platform); the hashes cover every published file of
# each pinned release, so other platforms install the same versions. The test lock is resolved
# first and constrains the runtime lock, so both name the same versions.
UV_VERSION := 0.13.9
LOCK_FLAGS := --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 \
	--index-url https://pypi.org/simple --no-header --quiet $(LOCK_ARGS)
$(VENV)/bin/uv:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)

lock: $(VENV)/bin/uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra test $(LOCK_FLAGS) -o requirements/lock-test.txt
	$(VENV)/bin/uv pip compile pyproject.toml -c requirements/lock-test.txt $(LOCK_FLAGS) -o requirements/lock.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --extra bench -c requirements/lock-test.txt $(LOCK_FLAGS) -o requirements/lock-bench.txt

lock-upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo_data

run: demo
	@echo "SPUK-beheer draait op http://127.0.0.1:$(PORT)/ (demo-accounts: zie README)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite on a fresh test database (what CI runs).
test: install-test
	$(VENV)/bin/pytest $(XDIST) --create-db $(PYTEST_ARGS)

# Local runs: keep the test database(s) between runs (migrations are applied when they change;
# add --create-db after changing a migration in place).
test-fast: install-test
	$(VENV)/bin/pytest $(XDIST) --reuse-db $(PYTEST_ARGS)

# Fault injection (issue 18): own Redis servers, real gunicorn/Celery/relay processes, broker stopped
# and workers killed. Excluded from `make test` (marker `faults`); one process, about a minute and a half.
faults: install-test
	$(VENV)/bin/pytest -m faults tests/faults --create-db $(PYTEST_ARGS)

# Benchmark on the national data set (issue 15): not part of `make test` or CI. Needs PostgreSQL in
# DATABASE_URL (it creates its own database BENCH_DB, default spuk_bench_run, on that server).
# BENCH_SCHAAL (default 0.1; 1.0 = national), BENCH_DUUR seconds per role mix, BENCH_USERS (20).
bench: install-test
	$(PY) -m pip install --quiet --require-hashes -r requirements/lock-bench.txt
	$(PY) bench/run.py

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check $(FORMAT_CHECKED)
	$(VENV)/bin/mypy

worker: install
	$(VENV)/bin/celery -A config worker -l info

beat: install
	$(VENV)/bin/celery -A config beat -l info

relay: install
	$(PY) manage.py relay_outbox

clean:
	rm -rf $(VENV) node_modules
