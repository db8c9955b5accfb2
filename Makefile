# SPUK-beheer: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: install install-test run test migrate demo worker beat lint clean

$(VENV)/.installed: pyproject.toml
	bash scripts/system-packages.sh runtime
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml package.json
	bash scripts/system-packages.sh test
	$(PY) -m pip install --quiet -e '.[test]'
	npm ci --silent --no-audit --no-fund
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo_data

run: demo
	@echo "SPUK-beheer draait op http://127.0.0.1:$(PORT)/ (demo-accounts: zie README)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install-test
	$(VENV)/bin/pytest $(PYTEST_ARGS)

worker: install
	$(VENV)/bin/celery -A config worker -l info

beat: install
	$(VENV)/bin/celery -A config beat -l info

clean:
	rm -rf $(VENV) node_modules
