# zhengce — the two commands a new user needs: `make demo` and `make test`.
VENV ?= .venv
PYTHON ?= python3
DB ?= zhengce.db
BIN = $(VENV)/bin

.PHONY: install demo test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed

demo: install
	$(BIN)/zhengce ingest data/policy-compilation-2021.txt --db $(DB)
	$(BIN)/zhengce docs --db $(DB)
	$(BIN)/zhengce groundwater demo --db $(DB)
	@echo "试试：$(BIN)/zhengce show 地下水管理条例 22 --db $(DB)"
	@echo "      $(BIN)/zhengce groundwater check --as-of 2024-12-31 --db $(DB)"

lint: install
	$(BIN)/ruff check src tests bench

test: lint
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/bench_ingest.py

clean:
	rm -rf $(VENV) zhengce.db zhengce.db-wal zhengce.db-shm .pytest_cache
