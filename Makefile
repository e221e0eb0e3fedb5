# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in mail and PDFs point at the address being served unless SITE_URL says otherwise.
SITE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)
export SITE_URL

.PHONY: install lock lint messages run serve migrate seed test test-postgres test-browser bench check clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Exactly the versions in requirements.lock (checked against their hashes), then the project itself.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/activate
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

# Re-resolve pyproject.toml's ranges into requirements.lock (newest versions that fit, with hashes).
# `make lock` after changing a dependency; `make lock LOCK_ARGS=--upgrade` to take new releases.
PIP_TOOLS := pip-tools==7.6.2
LOCK_ARGS ?=
lock: | $(BIN)/activate
	$(BIN)/pip install --quiet $(PIP_TOOLS)
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --extra test --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links \
	  $(LOCK_ARGS) -o requirements.lock pyproject.toml

# ruff (rules in pyproject.toml) and mypy with django-stubs, held to tools/mypy-baseline.json.
lint: install
	$(BIN)/ruff check .
	$(PY) tools/typecheck.py

# The Hungarian message catalogue (src/portal/locale/hu): after adding or changing a translatable string.
messages: install
	$(PY) tools/catalogue.py

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
