# programtheory — the two commands are `make report` and `make test`; `make` alone lists targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV    ?= .venv
PYTHON  ?= $(shell command -v python3.11 || command -v python3)
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE :=
# pytest's arguments, here only (make benchmark-tests passes TEST_ARGS on to the benchmark).
# Three test processes on two cores: the third works while another waits for a browser, a
# kernel or a shared build (scripts/benchmark_tests.py: 266 s with two, 241 s with three).
TEST_ARGS      := -n 3 --dist worksteal
TEST_FAST_ARGS := -n 2 -m "not browser and not slow"

.PHONY: help setup system-deps browser-deps tex-deps office-deps report validate test test-fast docs benchmark benchmark-tests lab clean

help: ## list the targets
	@echo "programtheory: program theories as YAML, checked, drawn and reported."
	@echo
	@echo "  make report   set everything up, validate the data and build build/index.html"
	@echo "  make test     set everything up and run every test (browser tests included)"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  %-16s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@scripts/check_python.sh "$(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -e '.[test]'
	$(BIN)/python -m programtheory.kernel
	@touch $(STAMP)

setup: $(STAMP) system-deps ## create .venv with the package, its kernel and Graphviz

system-deps: ## install Graphviz (Debian, as root) or say how to
	@scripts/system_deps.sh graphviz

browser-deps: ## install Chromium for the browser tests (Debian, as root) or say how to
	@scripts/system_deps.sh chromium

tex-deps: ## install TeX (xelatex, pdflatex) for the LaTeX export tests (Debian, as root) or say how to
	@scripts/system_deps.sh tex

office-deps: ## install LibreOffice and pdftotext for the office tests (Debian, as root) or say how to
	@scripts/system_deps.sh libreoffice

validate: setup ## check the project's data and list every problem
	$(BIN)/programtheory validate .

report: setup ## the main job: validate the data, then build the full report in build/
	$(BIN)/programtheory validate .
	$(BIN)/programtheory build .

test: setup browser-deps tex-deps office-deps ## run every test tier: unit, data fidelity, golden, build and browser
	$(BIN)/ruff check src tests scripts notebooks
	$(BIN)/python -m programtheory.docs --check
	$(BIN)/python -m pytest $(TEST_ARGS)

test-fast: setup ## the tests without browser and build tiers (for quick iteration)
	$(BIN)/python -m pytest $(TEST_FAST_ARGS)

docs: setup ## regenerate the generated pages in docs/
	$(BIN)/python -m programtheory.docs

benchmark: setup ## run the benchmark scripts and print their figures
	$(BIN)/python scripts/benchmark_load.py
	@for s in scripts/benchmark_render.py scripts/benchmark_build.py scripts/benchmark_notebooks.py \
	    scripts/benchmark_diff.py \
	    scripts/benchmark_exchange.py scripts/benchmark_waves.py \
	    scripts/benchmark_build_large.py; do \
	  if [ -f $$s ]; then $(BIN)/python $$s || exit 1; fi; done

benchmark-tests: setup browser-deps tex-deps office-deps ## time the whole test suite and say where its processor time goes
	$(BIN)/python scripts/benchmark_tests.py -- $(TEST_ARGS)

lab: setup ## open the notebooks in JupyterLab (installs it into .venv on first use; root too)
	$(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode -e '.[test,lab]'
	VENV=$(VENV) scripts/lab.sh

clean: ## remove build outputs (keeps .venv)
	rm -rf build test-artifacts .pytest_cache
