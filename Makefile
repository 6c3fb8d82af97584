# The two commands: `make run` and `make test`. Everything else is a step they share.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup lint suite check-migrations demo bench clean chromium screenshots

## setup: create .venv, install pinned Python packages and the npm packages (make test also installs Chromium)
setup: $(STAMP) node_modules/.installed

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "WaRP needs Python 3.11 or newer")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

## chromium: Debian's Chromium, which the browser tests drive (Playwright never downloads a browser).
## Installed with apt-get when missing and we are root; otherwise the browser tests skip, loudly.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Chromium for the browser tests (apt-get)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
	  echo "!!! Chromium is missing at /usr/bin/chromium and cannot be installed here (not root, or no apt-get)."; \
	  echo "!!! The browser tests will be SKIPPED. Install it with: sudo apt-get install chromium"; \
	fi

## run: set up, migrate, load the demo centre on first run, serve http://$(HOST):$(PORT)
run: setup
	$(BIN)/warp migrate
	$(BIN)/warp serve --demo --host $(HOST) --port $(PORT)

## test: set up, then lint, check for missing migrations, and run the whole suite
test: setup chromium lint check-migrations suite

lint:
	$(BIN)/ruff check warp tests bench
	$(BIN)/ruff format --check warp tests bench
	$(BIN)/mypy warp

check-migrations:
	$(BIN)/warp manage makemigrations --check --dry-run

suite:
	$(BIN)/pytest $(PYTEST_ARGS)

## screenshots: run the browser tests and write their screenshots to docs/screenshots/ (the README's pictures);
## `make test` writes them to the ignored test-output/screenshots/ instead
screenshots: setup chromium
	WARP_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(BIN)/pytest -q tests/browser

## bench: build a synthetic centre of BENCH_STUDENTS students in its own database, measure, write bench/results/
BENCH_STUDENTS ?= 100000
BENCH_REPEATS ?= 20
BENCH_DATABASE_URL ?= sqlite:///$(CURDIR)/bench/work/bench.sqlite3
bench: setup
	$(BIN)/python -m bench.run --students $(BENCH_STUDENTS) --repeats $(BENCH_REPEATS) --database-url $(BENCH_DATABASE_URL)

## demo: (re)build the demo centre in the configured database
demo: setup
	$(BIN)/warp migrate
	$(BIN)/warp demo

clean:
	rm -rf $(VENV) node_modules staticfiles
