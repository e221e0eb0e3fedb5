# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve migrate seed test test-postgres test-browser bench check clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) -m portal migrate --noinput

# Reference data, the demo accounts, and a sample of the national register for the public search.
NATIONAL_SAMPLE ?= 300
seed: migrate
	$(PY) -m portal load_reference
	$(PY) -m portal load_demo
	$(PY) -m portal load_national_register --limit $(NATIONAL_SAMPLE)

# Installs, migrates, loads reference and demo data, then serves with the worker.
run: seed
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) -m portal outbox_worker & \
	DEBUG=$${DEBUG:-1} $(PY) -m portal runserver $(HOST):$(PORT)

# Production-like: gunicorn serving static files through whitenoise.
serve: seed
	$(PY) -m portal collectstatic --noinput
	@trap 'kill 0' INT TERM EXIT; \
	$(PY) -m portal outbox_worker & \
	$(BIN)/gunicorn portal.wsgi -b $(HOST):$(PORT) -w 3

test: install
	$(BIN)/pytest -n 2 -q

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal} $(BIN)/pytest -n 2 -q

test-browser: install
	$(BIN)/pytest -m browser -q -p no:xdist

# SQLite first, then PostgreSQL when a server answers on 127.0.0.1:5432 (a throw-away database).
bench: install
	$(PY) -m benchmarks
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
	  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS portal_bench" -c "CREATE DATABASE portal_bench" && \
	  DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench BENCH_APPEND=1 $(PY) -m benchmarks; \
	  psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS portal_bench"; \
	fi

check: install
	$(PY) -m portal check
	$(PY) -m portal makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var
