# Pathwise: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint format migrations-check setup setup-dev node-deps messages clean help

help:
	@echo "make run    - set up (venv, dependencies, database, demo data) and serve http://$(HOST):$(PORT)"
	@echo "make serve  - production-like serving (gunicorn, WhiteNoise, tasks worker) on http://$(HOST):$(PORT)"
	@echo "make test   - run the whole test suite (DATABASE_URL picks the database; SQLite by default)"
	@echo "make lint   - ruff check and format check"

$(PY):
	@PYBIN=$$(scripts/find-python) && echo "Creating $(VENV) with $$PYBIN" && "$$PYBIN" -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

# Stamps make re-runs fast: dependencies are reinstalled only when the files change.
$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

# A checkout gets a development .env (DJANGO_DEBUG=true) once; an existing .env is kept.
setup: $(VENV)/.installed
	@[ -f .env ] || { cp .env.example .env; echo "Created .env for development (DJANGO_DEBUG=true)"; }
	@$(MAKE) --no-print-directory messages
setup-dev: $(VENV)/.installed-dev node-deps
	@[ -f .env ] || { cp .env.example .env; echo "Created .env for development (DJANGO_DEBUG=true)"; }
	@$(MAKE) --no-print-directory messages

# Translations (docs/i18n.md): locale/*/LC_MESSAGES/django.po -> .mo (build output, not kept).
# Needs GNU gettext (apt-get install gettext).
messages: | $(PY)
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: apt-get install gettext"; exit 1; }
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore=.venv --ignore=.lrs-venv --ignore=node_modules -v 0

# axe-core for the accessibility tests: installed from package-lock.json when missing.
node-deps:
	@if [ -f package.json ] && [ ! -d node_modules/axe-core ]; then npm ci --no-audit --no-fund; fi

run: setup
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py createcachetable
	HOST=$(HOST) PORT=$(PORT) DJANGO_DEBUG=true $(PY) manage.py seed_demo
	@echo "Serving Pathwise on http://$(HOST):$(PORT)/ (Ctrl+C to stop)"
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

# Production settings over plain http on loopback; see scripts/serve and docs/operations.md.
serve: setup
	HOST=$(HOST) PORT=$(PORT) scripts/serve

test: setup-dev
	$(PY) -m pytest $(PYTEST_ARGS)

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: setup
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
