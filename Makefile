# `make run` serves the app on its embedded default (SQLite, eager Celery, console email);
# `make test` runs every test. Both set up what they need on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
# every npm project in the tree that has a lock file gets `npm ci`
NODE_LOCKS := $(wildcard ml/tfjs_check/package-lock.json admin_react/package-lock.json)
NODE_DEPS := $(NODE_LOCKS:package-lock.json=node_modules/.installed)
# the front end (calculator page + React admin): rebuilt when a source file changes
WEB_SOURCES := $(shell find admin_react -name node_modules -prune -o -name dist -prune -o -type f -print 2>/dev/null)
WEB_BUILD := admin_react/dist/.built

.PHONY: run dev test lint format worker bot build-web smoke mutate bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade --quiet pip

$(RUNTIME): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(DEV): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(RUNTIME) $@

%/node_modules/.installed: %/package-lock.json
	npm ci --prefix $* --no-audit --no-fund --loglevel=error
	touch $@

$(WEB_BUILD): admin_react/node_modules/.installed $(WEB_SOURCES)
	npm run build --prefix admin_react
	touch $@

build-web: $(WEB_BUILD)

# `make run` / `make dev` serve on 127.0.0.1:PORT
PORT ?= 8000
run: $(RUNTIME) $(WEB_BUILD)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_exercises
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# development with hot reload: runserver on PORT and the Vite dev server on VITE_PORT together
# (Ctrl-C stops both); the pages load their modules from Vite and show a "development" marker
VITE_PORT ?= 5173
dev: $(RUNTIME) admin_react/node_modules/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_exercises
	(cd admin_react && VITE_DEV_PORT=$(VITE_PORT) exec node_modules/.bin/vite) & vite=$$!; \
	trap 'kill $$vite 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=true DJANGO_VITE_DEV_MODE=true DJANGO_VITE_DEV_SERVER_PORT=$(VITE_PORT) \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(DEV) $(NODE_DEPS) build-web
	$(PY) -m pytest $(PYTEST_ARGS)

# mypy (with django-stubs): the plain libraries, every app's services, the accounts app, the API
# views that type-check (request_user gives them a typed user) and the bot
TYPED := facts ml charts bot backend/*/services.py backend/accounts/email_codes.py \
	backend/accounts/sessions.py backend/accounts/profile.py backend/accounts/telegram.py \
	backend/accounts/merge.py backend/accounts/authentication.py backend/accounts/housekeeping.py \
	backend/bot_api.py backend/images.py backend/accounts/api/*.py \
	backend/programs/api/views.py backend/workouts/account_data.py \
	backend/workouts/chart_service.py backend/config/redis_pool.py \
	backend/workouts/plausibility.py backend/workouts/effective_load.py docs/erd.py \
	backend/workouts/plates.py backend/workouts/warmups.py backend/workouts/rpe.py \
	backend/workouts/scores.py backend/workouts/coaching.py backend/workouts/calories.py

lint: $(DEV)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy $(TYPED)
	$(VENV)/bin/lint-imports --no-logo --no-cache

# what requirements.txt alone installs must rank: a fresh venv, the app as `run` starts it, HTTP
smoke:
	PYTHON=$(PYTHON) .ci/smoke_runtime.sh

# mutation testing (slow, not in CI): mutmut over the stable targets in pyproject.toml's
# [tool.mutmut]; MUTATE_ARGS="--every 5" runs a bounded sample, "importers" picks one module,
# "--tests a.py,b.py" runs only those tests (a module's own: a quicker test map).
# Scores and survivors: bench/mutation_scores.md
MUTATE_ARGS ?=
mutate: $(DEV)
	$(PY) bench/mutate.py $(MUTATE_ARGS)

# every benchmark in bench/, each figure beside its floor measured in the same run; writes
# bench/results/<date>.md and fails when a ratio misses its target. BENCH_ARGS="--only api" picks.
BENCH_ARGS ?=
bench: $(DEV) build-web
	$(PY) bench/run.py $(BENCH_ARGS)

format: $(DEV)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: $(RUNTIME)
	$(VENV)/bin/celery -A backend.config worker --loglevel=info

bot: $(RUNTIME)
	$(PY) -m bot
