# Medskapa: `make demo` runs the app with demo data on SQLite; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: demo test test-postgres test-browser lint install migrate code messages clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py createcachetable

## demo: set up and run the app on http://127.0.0.1:8000 with demo data (SQLite under var/)
demo: migrate
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## code: the current two-step code for the demo staff accounts
code: install
	@$(BIN)/python manage.py demo_code

## lint: ruff, mypy, template and migration checks
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy medskapa
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

## test: the whole suite on SQLite (browser tests included when Chromium is installed)
test: lint
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

## test-postgres: the same suite (without the browser) on the local PostgreSQL server
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/medskapa} \
	  $(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q -m "not browser"

## test-browser: only the Playwright + axe-core tests
test-browser: install
	$(BIN)/python -m pytest -q -m browser

## messages: update and compile the translations
# Domain apps keep their own catalogues (medskapa/<app>/locale), so each app owns its words.
APP_LOCALES := checkins klarsprak conversations events insights projects reports feedback mydata
MAKEMESSAGES := makemessages --no-obsolete --no-location --ignore "tests/*"
messages: install
	cd medskapa && ../$(BIN)/django-admin $(MAKEMESSAGES) -l sv -l ar $(foreach a,$(APP_LOCALES),--ignore "$(a)/*")
	for app in $(APP_LOCALES); do \
	  mkdir -p medskapa/$$app/locale && \
	  (cd medskapa/$$app && ../../$(BIN)/django-admin $(MAKEMESSAGES) -l sv -l ar) || exit 1; \
	done
	cd medskapa && ../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
