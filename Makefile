# quartiers-kg: two commands on a fresh machine.
#   make run    set up, build the graph from data/sources, validate, serve on 127.0.0.1:8000
#   make test   set up, then lint, type-check and run the whole test suite
# Re-running is fast: nothing is reinstalled unless pyproject.toml or package-lock.json change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HASH   := $(shell cat pyproject.toml package-lock.json | sha1sum | cut -c1-12)
STAMP  := $(VENV)/.installed-$(HASH)
# the CKAN harvester the tests run, apart from the project's environment (CKAN pins its own deps)
HARVEST_REQ   := tests/harvesters/requirements.txt
HARVEST_VENV  := .venv-harvest
HARVEST_STAMP := $(HARVEST_VENV)/.installed-$(shell sha1sum < $(HARVEST_REQ) | cut -c1-12)
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test setup build serve lint bench browser harvester clean

run: setup build serve

setup: $(STAMP)

$(STAMP): pyproject.toml package-lock.json
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "python3 -m venv failed: installing Debian's python3-venv"; \
	  apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error
	@rm -f $(VENV)/.installed-*
	@touch $@

build: setup
	$(BIN)/quartiers build

serve: setup
	$(BIN)/quartiers serve --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check quartiers server tests bench
	$(BIN)/ruff format --check quartiers server tests bench
	$(BIN)/mypy

# Debian's Chromium drives the YASGUI end-to-end test (no browser download at test time)
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed: the browser test will be skipped"; fi; }

harvester: $(HARVEST_STAMP)

$(HARVEST_STAMP): $(HARVEST_REQ)
	@test -x $(HARVEST_VENV)/bin/python || $(PYTHON) -m venv $(HARVEST_VENV)
	$(HARVEST_VENV)/bin/python -m pip install -q --upgrade pip
	$(HARVEST_VENV)/bin/python -m pip install -q -r $(HARVEST_REQ)
	@rm -f $(HARVEST_VENV)/.installed-*
	@touch $@

test: setup browser harvester lint
	$(BIN)/python -m pytest -n 2 --dist loadscope -q

bench: setup
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(HARVEST_VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
