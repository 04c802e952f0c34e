# The two commands a newcomer needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
# Inside an activated (or `uv run`) environment, its python3 has neither pip nor uv:
# look past it, as a user at a plain shell would.
ifdef VIRTUAL_ENV
export PATH := $(subst $(VIRTUAL_ENV)/bin:,,$(PATH))
unexport VIRTUAL_ENV
endif
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
INPUT ?= input
OUTPUT ?= output

.PHONY: setup run test lint typecheck bench readers-eval qa-eval clean fuzz kill-test

# uv is installed with pip when missing; the environment is rebuilt only when the
# lock file (or this recipe) changes. Bytecode is compiled there, as pip does: where
# PYTHONDONTWRITEBYTECODE is set nothing caches it, and every command compiled
# some 300 modules again (0.5 s of a 0.5 s short release).
setup: .venv/.synced

.venv/.synced: pyproject.toml uv.lock Makefile
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 \
	  || python3 -m pip install --quiet --user uv 2>/dev/null \
	  || python3 -m pip install --quiet --user --break-system-packages uv
	$(UV) sync --frozen --quiet --compile-bytecode
	@.venv/bin/python -m compileall -q src >/dev/null || true
	@touch $@

# An engine first: an installed Argos model, else one from the Argos index, else
# Apertium (installed with apt-get as root by scripts/system-deps.sh); `ensure`
# prints the one it chose and why, or one line saying what to install (exit 1).
run: setup
	@$(UV) run --frozen bilingue models ensure --quiet-if-missing; status=$$?; \
	if [ $$status -eq 3 ]; then \
	  bash scripts/system-deps.sh engine; \
	  $(UV) run --frozen bilingue models ensure --offline || exit 1; \
	elif [ $$status -ne 0 ]; then exit $$status; fi
	$(UV) run --frozen bilingue batch $(INPUT) $(OUTPUT)

test: setup
	@bash scripts/system-deps.sh
	$(UV) run --frozen ruff check src tests benchmarks devtools
	$(UV) run --frozen mypy
	$(UV) run --frozen pytest

lint:
	$(UV) run --frozen ruff check src tests benchmarks devtools
	$(UV) run --frozen ruff format --check src tests benchmarks devtools

typecheck:
	$(UV) run --frozen mypy

bench: setup
	$(UV) run --frozen python -m benchmarks.run_all

# Block accuracy per kind, split/glued PDF segments, furniture leaks and lost words
# over the readers' labelled set (tests/readers_eval/).
readers-eval: setup
	$(UV) run --frozen python -m tests.readers_eval.evaluate

# Precision and recall of every QA check on tests/qa_eval (targets: tests/test_qa_eval.py).
qa-eval: setup
	$(UV) run --frozen python -m tests.qa_eval.evaluate

clean:
	rm -rf .venv .pytest_cache .mypy_cache .ruff_cache

# Issue 12: every reader fuzzed for FUZZ_SECONDS each (atheris from the fuzz group,
# Hypothesis where atheris does not install); not part of `make test`.
FUZZ_SECONDS ?= 60
fuzz: setup
	$(UV) sync --frozen --quiet --group fuzz || true
	$(UV) run --frozen --group fuzz python -m tests.fuzz.run --seconds $(FUZZ_SECONDS)

# Issue 12: a batch, a glossary add and a model install killed at random points
# (CI runs KILL_TEST_ITERATIONS=40 inside `make test`).
kill-test: setup
	KILL_TEST_ITERATIONS=200 $(UV) run --frozen pytest -q tests/hostile/test_kill.py
