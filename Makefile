# Two commands for a fresh machine with Python 3.11:
#   make run   – the demo as of today (a year behind, a round open ahead) on SQLite
#   make test  – lint, types and every test (installs PostgreSQL and Graphviz if missing)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installert
DEMO_DB := $(CURDIR)/data/demo.db

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	TILSKUDD_DATABASE__URL=sqlite:///$(DEMO_DB) $(BIN)/tilskudd database migrer
	TILSKUDD_DATABASE__URL=sqlite:///$(DEMO_DB) $(BIN)/tilskudd demo i-dag
	@echo
	@echo "Nettsidene: http://127.0.0.1:8000  (logg inn som samhandlingssjef, vefsn.soker,"
	@echo "ssu.leder, admin … med passordet helgeland-demo). Stopp med Ctrl+C."
	TILSKUDD_DATABASE__URL=sqlite:///$(DEMO_DB) $(BIN)/tilskudd tjeneste start

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP) lint
	./scripts/systempakker.sh
	$(BIN)/python -m pytest

bench: $(STAMP)
	PYTHONPATH=$(CURDIR) $(BIN)/python bench/alle.py --ut bench/resultater.md

clean:
	rm -rf $(VENV) data .mypy_cache .ruff_cache
