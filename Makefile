# cads_rag — two commands on a fresh machine:
#   make run    set up .venv, build the index when missing or stale, start the advisor UI (127.0.0.1:7860)
#   make test   set up .venv with the test extras and run the whole test suite
# torch is installed first and pinned (the local CPU wheel); an unpinned resolve pulls CUDA builds.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip install --quiet --disable-pip-version-check
TORCH  := torch==2.13.0
HOST   ?= 127.0.0.1
PORT   ?= 7860

.PHONY: run test test-fast bench eval index clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip

$(VENV)/.deps-run: pyproject.toml | $(BIN)/python
	$(PIP) $(TORCH)
	$(PIP) $(TORCH) -e ".[ui,llm]"
	@touch $@

$(VENV)/.deps-test: pyproject.toml | $(BIN)/python
	$(PIP) $(TORCH)
	$(PIP) $(TORCH) -e ".[ui,llm,pg,eval,test]"
	@touch $@ $(VENV)/.deps-run

index: $(VENV)/.deps-run
	$(BIN)/cads-rag index --if-stale

run: index
	$(BIN)/python app.py --host $(HOST) --port $(PORT)

test: $(VENV)/.deps-test
	$(BIN)/python -m pytest

test-fast: $(VENV)/.deps-test
	$(BIN)/python -m pytest -m "not slow"

bench: $(VENV)/.deps-test
	$(BIN)/python -m evals.bench

# The evaluation suite on the dev set, plus GerLayQA and the contract clauses when ../shared/eval exists;
# the report goes to evals/reports/<timestamp>/. `cads-rag eval --ci` is the small gated suite of the tests.
EVAL_SETS ?= dev $(if $(wildcard ../shared/eval/*.jsonl),gerlayqa clauses)
eval: $(VENV)/.deps-test
	$(BIN)/cads-rag index --if-stale --quiet
	$(BIN)/cads-rag eval --suite all --dataset $(EVAL_SETS)

clean:
	rm -rf var .pytest_cache
