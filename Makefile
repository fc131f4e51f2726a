# pvkit: two commands do everything (see README "Quick start").
#   make start  - set up .venv and open the course in JupyterLab
#   make test   - set up .venv (and Chromium) and run the whole test suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
STAMP := $(VENV)/.pvkit-installed
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8888
ifndef TOKEN
TOKEN := $(shell od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
endif
# nbgrader shells out to alembic: the venv's bin must be on PATH whoever calls us.
export PATH := $(BIN):$(PATH)

.PHONY: setup start test bench site chromium node-tools clean

setup: $(STAMP)

VOILA_TEMPLATE := src/pvkit/voila_template
$(STAMP): pyproject.toml $(wildcard $(VOILA_TEMPLATE)/*)
	@if ! $(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11)' 2>/dev/null; then \
	  echo "pvkit needs Python 3.11 or newer (found: $(PYTHON))."; exit 1; fi
	@if ! $(PYTHON) -m venv $(VENV); then \
	  echo "Could not create a virtual environment; installing Debian's venv module..."; \
	  $(call apt_install,python3-venv python3.11-venv) && $(PYTHON) -m venv $(VENV); fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@# An editable install skips pyproject's data-files: put pvkit's Voila template where Voila looks.
	mkdir -p $(VENV)/share/jupyter/voila/templates/pvkit
	cp $(VOILA_TEMPLATE)/conf.json $(VOILA_TEMPLATE)/index.html.j2 $(VENV)/share/jupyter/voila/templates/pvkit/
	@# The offline chart bundle, made once for the install instead of by every kernel.
	$(BIN)/pvkit prepare
	touch $(STAMP)

start: setup
	@echo ""
	@echo "pvkit course in JupyterLab (headless; Ctrl-C stops the server):"
	@echo "  lessons:    http://127.0.0.1:$(PORT)/lab/tree/lessons?token=$(TOKEN)"
	@echo "  dashboards: http://127.0.0.1:$(PORT)/voila/tree/lessons/dashboards?token=$(TOKEN)"
	@echo "              (each opens in Voila, no code shown, e.g. /voila/render/lessons/dashboards/case_sorter.ipynb)"
	@echo "  (another port: make start PORT=8890)"
	@echo ""
	$(BIN)/jupyter lab --no-browser --ip=127.0.0.1 --port=$(PORT) --ServerApp.port_retries=0 \
	  --IdentityProvider.token=$(TOKEN) --ServerApp.root_dir=$(CURDIR) \
	  --ServerApp.default_url=/lab/tree/lessons $(if $(filter 0,$(shell id -u)),--allow-root)

test: setup chromium node-tools
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python -m pvkit.bench

# The course as a static site in _site/ (every lesson executed; opens from file:// or any static host).
site: setup
	$(BIN)/python -m pvkit.site --out _site

chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "Installing Debian's Chromium for the browser tests..."; \
	  $(call apt_install,chromium); fi
	@test -x "$(CHROMIUM)" || { echo "Chromium not found at $(CHROMIUM)"; exit 1; }

# axe-core (accessibility audits) and configurable-http-proxy (the real-hub test), pinned in tests/node.
NODE_STAMP := tests/node/node_modules/.pvkit-installed
node-tools: $(NODE_STAMP)

$(NODE_STAMP): tests/node/package.json tests/node/package-lock.json
	@if ! command -v npm >/dev/null; then \
	  echo "Installing Debian's Node.js and npm for the accessibility and hub tests..."; \
	  $(call apt_install,nodejs npm); fi
	npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

clean:
	rm -rf $(VENV) _site tests/node/node_modules .pytest_cache .hypothesis course/release course/submitted course/autograded course/feedback course/gradebook.db course/.pvkit course/reports

define apt_install
if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
export DEBIAN_FRONTEND=noninteractive; \
$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends $(1)
endef
