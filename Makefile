# The two README commands: `make run` (build the bundled corpus) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run

.PHONY: run test lint format clean neo4j-start neo4j-stop

# `make run` needs graphbuild and its dependencies only; the test suite adds the dev
# extra (pytest, ruff, Dask, Playwright, matplotlib).
$(RUN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(RUN_STAMP)
	$(BIN)/graphbuild build --out out

test: $(STAMP)
	bash scripts/setup-test-deps
	$(BIN)/ruff check graphbuild tests scripts
	$(BIN)/ruff format --check graphbuild tests scripts
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check graphbuild tests scripts

format: $(STAMP)
	$(BIN)/ruff format graphbuild tests scripts
	$(BIN)/ruff check --fix graphbuild tests scripts

clean:
	rm -rf out .pytest_cache
