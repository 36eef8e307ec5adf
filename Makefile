# Two entry points for a fresh machine: `make run` and `make test`.
# Both create .venv and install the project with its test and Ray extras (the
# corpus tests run the Ray engine); the install runs again only when
# pyproject.toml changes.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
# torch comes in through argostranslate -> stanza. Installing the pinned CPU
# build first keeps pip from pulling the multi-GB CUDA build. On a machine
# without a local wheel, set e.g.
#   TORCH_PIP_ARGS="--index-url https://download.pytorch.org/whl/cpu"
TORCH_VERSION  ?= 2.13.0
TORCH_PIP_ARGS ?=

.PHONY: run test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==$(TORCH_VERSION) $(TORCH_PIP_ARGS)
	$(PY) -m pip install -q -e '.[test,ray]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m pipeline run

# The lint and type gates run before the tests: new code is born clean.
lint: $(VENV)/.installed
	$(VENV)/bin/ruff check pipeline tests benchmarks
	$(VENV)/bin/ruff format --check pipeline tests benchmarks
	$(VENV)/bin/mypy

test: lint
	$(PY) -m pytest -q

bench: $(VENV)/.installed
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) logs .cache
