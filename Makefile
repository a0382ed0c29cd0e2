# zhengce — the two commands a new user needs: `make demo` and `make test`.
VENV ?= .venv
PYTHON ?= python3
DB ?= zhengce.db
BIN = $(VENV)/bin

.PHONY: install demo test lint bench clean

# constraints.txt pins every transitive dependency (pip freeze of a working install).
$(BIN)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	touch $@

install: $(BIN)/.installed

HOST ?= 127.0.0.1
PORT ?= 8000

demo: install
	$(BIN)/zhengce ingest data/policy-compilation-2021.txt --db $(DB)
	$(BIN)/zhengce docs --db $(DB)
	$(BIN)/zhengce groundwater demo --db $(DB)
	$(BIN)/zhengce groundwater check --as-of 2024-12-31 --db $(DB) --json > /dev/null
	@echo "地下水检查结果已保存（截至 2024-12-31）"
	$(BIN)/zhengce user demo --db $(DB)
	@echo "试试：$(BIN)/zhengce show 地下水管理条例 22 --db $(DB)"
	@echo "打开 http://$(HOST):$(PORT)/ （Ctrl-C 停止）"
	$(BIN)/zhengce serve --db $(DB) --host $(HOST) --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench

test: lint
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/bench_ingest.py

clean:
	rm -rf $(VENV) zhengce.db zhengce.db-wal zhengce.db-shm .pytest_cache
