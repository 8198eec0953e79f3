# Every target sets itself up: virtualenv, install, Neo4j's jars (fetched on first use).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin

.PHONY: demo test test-fast lint bench install install-jupyter clean

# uv, from PyPI into the virtualenv, installs in a fraction of pip's time and takes ICU from a
# wheel (pyicu-wheels, see overrides.txt): no compiler or ICU headers needed. Extras go in the
# same way (`make install-jupyter`): `pip install` would build pyicu from source. Unlike pip, uv
# writes no bytecode unless asked: a process that may not write it (PYTHONDONTWRITEBYTECODE, a
# read-only install) then compiled some 550 modules from source at every start, 1-4 s of
# `thbgraph key-persons --all` at load 7 (docs/benchmarks.md, "Key persons cold, fourth pass").
PACKAGES := graph ingest queries resolve service server api cli web rules analyst
UV_INSTALL = $(BIN)/uv pip install -q --compile-bytecode --python $(BIN)/python --override overrides.txt "pyicu-wheels>=2.15"

$(BIN)/.installed: pyproject.toml overrides.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q "uv>=0.5"
	$(UV_INSTALL) -e ".[dev]"
	# The package's own modules too (installed editable, they stay in place); one edited later is compiled at import.
	$(BIN)/python -m compileall -q -j 0 $(PACKAGES)
	# An editable install leaves out data files: JupyterLab finds the %%cypher extension through this link.
	mkdir -p $(VENV)/share/jupyter/labextensions
	ln -sfn $(CURDIR)/analyst/labextension/prebuilt $(VENV)/share/jupyter/labextensions/thbgraph-cypher
	touch $@

install: $(BIN)/.installed

# JupyterLab and the notebook helper, for analysts (docs/notebooks.md).
install-jupyter: $(BIN)/.installed
	$(UV_INSTALL) -e ".[dev,jupyter]"

demo: $(BIN)/.installed
	$(BIN)/thbgraph demo

# In two pytest-xdist workers: whole test files to each, the slowest first (tests/conftest.py
# SLOWEST_FIRST), each worker with its own session Neo4j and Chromium. On 2 cores 565 s (docs/benchmarks.md,
# "The suite, seventh pass"); serially 992 s before that pass. `make test TEST_WORKERS=0` runs it in one
# process.
TEST_WORKERS ?= 2
test: $(BIN)/.installed
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# The tier that needs no database (tests using the Neo4j fixtures are marked `neo4j` by tests/conftest.py).
test-fast: $(BIN)/.installed
	$(BIN)/pytest -m "not neo4j and not slow"

# ruff (lint only; no formatter is run) and mypy, as configured in pyproject.toml.
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

# The quick sizes; docs/benchmarks.md gives each benchmark's full-size command.
bench: $(BIN)/.installed
	$(BIN)/python -m bench.bench_ingest --persons 10000 --naive-rows 1000
	$(BIN)/python -m bench.bench_key_persons --sizes 1000 10000
	$(BIN)/python -m bench.bench_plans
	$(BIN)/python -m bench.bench_api

clean:
	rm -rf $(VENV) .pytest_cache build *.egg-info
