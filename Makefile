# The two set-up commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install lint unit bench chaos clean

# pip -qq: errors only. A plain -q still printed setuptools' editable-install notice and a warning per package
# for every unreachable index a machine's pip.conf names, pages of noise before the server's address.
$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Alur needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --quiet --upgrade pip

$(STAMP): $(BIN)/python setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Create the venv, migrate, load the SOPs and demo users, and serve on http://127.0.0.1:5000 (with the scheduler)
run: $(STAMP)
	$(BIN)/alur db upgrade
	$(BIN)/alur processes sync
	$(BIN)/alur demo
	$(BIN)/alur serve --scheduler --host $(HOST) --port $(PORT)

lint: $(STAMP)
	$(BIN)/ruff check .

## The whole suite. ALUR_TEST_DATABASE_URL picks the database (default: a SQLite file per test run).
test: $(STAMP) lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

unit: $(STAMP)
	$(BIN)/python -m pytest tests/unit -q

## Seed PostgreSQL at scale and print the figures (ALUR_BENCH_DATABASE_URL; `make bench BENCH_ARGS=--quick`)
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

## Fault tests on PostgreSQL: killed workers and scheduler, a restarted server, racing clients
chaos: $(STAMP)
	$(BIN)/python -m pytest tests/chaos -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .hypothesis test-artifacts
