# Balai Warga: `make run` serves the site with demo data, `make test` runs every test.
# Both set everything up first; running them again only redoes what changed.

VENV    ?= .venv
PY      := $(VENV)/bin/python
PORT    ?= 8000
MANAGE  := $(PY) manage.py
# Development defaults; an environment variable of the same name wins.
DEV_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test test-unit test-e2e lint setup install vendor messages static migrate demo bench screenshots clean

# The worker (mail, the response clock, rounds, upkeep) runs beside the server and stops with it.
run: setup demo
	@$(DEV_ENV) $(MANAGE) run_worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  PORT=$(PORT) $(DEV_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install messages static
	$(MAKE) --no-print-directory test-unit test-e2e

test-unit:
	$(PY) -m pytest

# Browser tests run in a process of their own: Playwright's sync API and pytest-asyncio
# cannot share one event loop (see ../shared/design/stack-notes.md).
test-e2e: vendor
	DJANGO_ALLOW_ASYNC_UNSAFE=1 $(PY) -m pytest -m e2e tests/e2e; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "no browser tests collected"; exit 1; fi; exit $$status

# What CI runs before the tests: ruff's lint rules (ruff.toml) and its formatting.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

setup: install messages static migrate

# A fresh virtualenv with uv when it is there (seconds), pip otherwise (a minute or two).
$(VENV)/.installed: requirements.txt
	@if command -v uv >/dev/null 2>&1; then \
	  uv venv -q --allow-existing $(VENV) && VIRTUAL_ENV=$(VENV) uv pip install -q -r requirements.txt; \
	else \
	  python3 -m venv $(VENV) && $(VENV)/bin/pip install -q uv && \
	  VIRTUAL_ENV=$(VENV) $(VENV)/bin/uv pip install -q -r requirements.txt || \
	  $(VENV)/bin/pip install -q -r requirements.txt; \
	fi
	@touch $@

install: $(VENV)/.installed

messages: install
	@$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv -v 0

# Front-end libraries (Leaflet and its cluster plugin, versions pinned in package-lock.json) come
# from the npm registry into static/vendor/, which collectstatic serves like our own files;
# axe-core (a dev dependency) stays in node_modules/ for the browser tests to inject. The source maps
# come too: the production static storage follows each file's sourceMappingURL and refuses a missing one.
VENDOR := static/vendor/.installed
$(VENDOR): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf static/vendor && mkdir -p static/vendor/leaflet static/vendor/leaflet.markercluster
	cp -r node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css \
	  node_modules/leaflet/dist/images \
	  node_modules/leaflet/LICENSE static/vendor/leaflet/
	cp node_modules/leaflet.markercluster/dist/leaflet.markercluster.js node_modules/leaflet.markercluster/dist/leaflet.markercluster.js.map \
	  node_modules/leaflet.markercluster/dist/*.css \
	  node_modules/leaflet.markercluster/MIT-LICENCE.txt static/vendor/leaflet.markercluster/
	@touch $@

vendor: $(VENDOR)

static: install vendor
	@$(DEV_ENV) $(MANAGE) collectstatic --noinput -v 0

migrate: install
	@$(DEV_ENV) $(MANAGE) migrate --noinput -v 0

demo: migrate
	@$(DEV_ENV) $(MANAGE) seed_demo

# Screenshots of the main pages at a phone's and a laptop's size, into docs/screenshots/.
screenshots: install messages static
	$(PY) bench/screenshots.py

bench: install
	$(PY) bench/pages.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media node_modules static/vendor
