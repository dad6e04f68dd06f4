# Rapport — the two commands: `make demo` runs it, `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
FRONTEND_SRC := $(shell find frontend/src frontend/public frontend/index.html frontend/package.json frontend/vite.config.ts frontend/codegen.ts frontend/tsconfig*.json -type f 2>/dev/null)

.PHONY: help install demo test test-py test-frontend e2e lint schema bench chromium frontend

help:
	@echo "make demo   - install everything, seed demo data, run Rapport at http://127.0.0.1:$${PORT:-8000}"
	@echo "make test   - install everything and run the whole test suite"
	@echo "make bench  - benchmarks (PostgreSQL at 127.0.0.1:5432), not part of make test"

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

install: $(UV)
	$(UV) sync --frozen --quiet

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error

frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SRC) schema/schema.graphql
	cd frontend && npm run build

frontend: frontend/dist/index.html

# RAPPORT_ENV=development: GraphiQL, unmasked errors, cookies over plain http (production is the default).
demo: install frontend
	RAPPORT_ENV=development .venv/bin/rapport demo

# Debian's Chromium (no browser download) and CJK fonts, so Chinese renders in screenshots.
chromium:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

test-py: install
	$(UV) run rapport schema-export --check
	$(UV) run rapport conditions-export --check
	$(UV) run rapport scopes-export --check
	$(UV) run ruff check api schema workers tests
	$(UV) run mypy api schema workers
	$(UV) run pytest

test-frontend: frontend/node_modules/.package-lock.json
	cd frontend && npm run codegen:check && npm run typecheck && npm test

e2e: install frontend chromium
	cd frontend && RAPPORT_E2E_START="RAPPORT_ENV=development $(CURDIR)/.venv/bin/rapport demo --port {port} --members 300" npm run e2e

test: test-py test-frontend e2e

lint: install
	$(UV) run ruff check api schema workers tests
	$(UV) run mypy api schema workers

schema: install
	$(UV) run rapport schema-export

bench: install
	$(UV) run pytest tests/bench -s -p no:cacheprovider -o addopts=""
