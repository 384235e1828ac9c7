# The two commands of README.md: `make run` and `make test`.
# Both set up .venv (and the Debian libraries the workstation needs, when apt-get is usable) first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system-deps run test lint typecheck contracts generated pytest bench forms clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	bash packaging/install_system_deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

system-deps:
	bash packaging/install_system_deps.sh

run: setup
	$(BIN)/inspector-app --demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

contracts: setup
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

generated: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/build_qt.py --check

pytest: setup
	VENV=$(VENV) bash packaging/run_pytest.sh tests --ignore=tests/benchmarks -p no:cacheprovider

test: lint contracts typecheck generated pytest

# The sync benchmark also pushes into PostgreSQL: run_pytest.sh starts a throwaway server when it can.
bench: setup
	VENV=$(VENV) bash packaging/run_pytest.sh tests/benchmarks --benchmark-only -s -p no:cacheprovider

forms: setup
	$(BIN)/python packaging/build_qt.py

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache
