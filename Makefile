# cads_rag — two commands on a fresh machine:
#   make run    set up .venv, build the index when missing or stale, start the advisor UI (127.0.0.1:7860)
#   make test   set up .venv with the test extras (and Debian's chromium for the browser tests), run all tests
# torch is installed first and pinned (the local CPU wheel); an unpinned resolve pulls CUDA builds.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/pip install --quiet --disable-pip-version-check
TORCH  := torch==2.13.0
HOST   ?=
PORT   ?=
# The browser of the end-to-end UI tests: Debian's chromium (Playwright's own browser download needs the
# internet). CI runs as root; elsewhere apt-get runs through sudo.
CHROMIUM ?= /usr/bin/chromium
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-fast bench bench-ui eval index clean

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

# Defaults: settings ui_host / ui_port (127.0.0.1:7860); `make run HOST=0.0.0.0` needs users (cads-rag users add).
run: index
	$(BIN)/python app.py $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

$(CHROMIUM):
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

test: $(VENV)/.deps-test $(CHROMIUM)
	CADS_RAG_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

test-fast: $(VENV)/.deps-test
	$(BIN)/python -m pytest -m "not slow"

bench: $(VENV)/.deps-test
	$(BIN)/python -m evals.bench

# The advisor UI under 10 advisors at once (gradio_client sessions: login, draft, approve): p50/p95 per step.
bench-ui: index $(VENV)/.deps-test
	$(BIN)/python -m cads_rag.ui.loadtest --sessions 10 --rounds 3

# The evaluation suite on the dev set, plus GerLayQA and the contract clauses when ../shared/eval exists;
# the report goes to evals/reports/<timestamp>/. `cads-rag eval --ci` is the small gated suite of the tests.
EVAL_SETS ?= dev $(if $(wildcard ../shared/eval/*.jsonl),gerlayqa clauses)
eval: $(VENV)/.deps-test
	$(BIN)/cads-rag index --if-stale --quiet
	$(BIN)/cads-rag eval --suite all --dataset $(EVAL_SETS)

clean:
	rm -rf var .pytest_cache
