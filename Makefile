# Two commands for a fresh clone:  `make run` (demo at http://127.0.0.1:8000)  and  `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium
# axe-core for the browser tests' accessibility audit: an npm package pinned by its lock
# file, installed under tests/ (never served; .gitignore and .dockerignore leave it out).
AXE := tests/axe/node_modules/axe-core/axe.min.js
HOST ?= 127.0.0.1:8000
# Exact versions with their hashes (pip-tools): the deployment's (Dockerfile) and, on top
# of the same pins, the test tools (make test, CI). `make lock` refreshes both.
# The English catalogue is compiled in the build (make install/migrate/test, the Dockerfile);
# the .mo file is not committed, so it can never lag behind the .po file.
CATALOGUE := locale/en/LC_MESSAGES/django
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
# Locks are made against PyPI alone, whatever mirrors or wheel folders the machine's pip
# configuration adds, so that every hash is one PyPI serves.
PIP_COMPILE := PIP_CONFIG_FILE=/dev/null $(VENV)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: run test test-fast test-browser test-postgres test-worker test-api bench loadbench lint \
	lock migrate demo clean messages

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Cần Python 3.11 ($(PYTHON) không có)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): $(TEST_LOCK) | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r $(TEST_LOCK)
	@touch $(STAMP)

## Refresh the lock files after a change to pyproject.toml (newest versions its ranges allow).
lock: | $(PY)
	$(PY) -m pip install --quiet pip-tools
	$(PIP_COMPILE) --output-file $(LOCK) pyproject.toml
	$(PIP_COMPILE) --extra test --constraint $(LOCK) --output-file $(TEST_LOCK) pyproject.toml

## The compiled English catalogue (needs gettext's msgfmt: apt-get install gettext).
$(CATALOGUE).mo: $(CATALOGUE).po | $(STAMP)
	$(PY) manage.py compilemessages -l en --ignore=.venv

$(AXE): tests/axe/package.json tests/axe/package-lock.json
	cd tests/axe && npm ci --no-audit --no-fund
	@touch $(AXE)

## After marking new strings: add them to the English catalogue, then translate the
## entries with an empty msgstr (tests/cchc/test_translations.py names any left).
messages: $(STAMP)
	$(PY) manage.py makemessages -l en --add-location=file --no-obsolete \
		--ignore=.venv --ignore=tests --ignore=staticfiles --ignore=node_modules
	@# msgmerge's guesses for new strings (fuzzy) are usually wrong for short interface text:
	@# new strings start untranslated instead.
	msgattrib --clear-fuzzy --empty --clear-previous -o $(CATALOGUE).po $(CATALOGUE).po
	$(PY) manage.py compilemessages -l en --ignore=.venv

install: $(STAMP) $(CATALOGUE).mo

migrate: $(STAMP) $(CATALOGUE).mo
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## Serve the populated demo with Celery tasks executed in-process (no Redis needed).
run: demo
	@echo "Mở http://$(HOST)/ — tài khoản demo: noivu / giamsat / sxd / sgtvt / skhcn / bonoivu / admin, mật khẩu demo12345"
	$(PY) manage.py runserver $(HOST)

## The whole suite: unit/integration tests, then browser tests when Chromium is installed.
test: $(STAMP) $(CATALOGUE).mo
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n 2 -q
	@if [ -x $(CHROMIUM) ]; then $(MAKE) --no-print-directory $(AXE) && \
	 $(PY) -m pytest -m browser -q -p no:xdist; \
	 else echo "Bỏ qua kiểm thử trình duyệt: chưa có $(CHROMIUM) (apt-get install -y chromium)"; fi

test-fast: $(STAMP) $(CATALOGUE).mo
	$(PY) -m pytest -n 2 -q

test-browser: $(STAMP) $(CATALOGUE).mo $(AXE)
	$(PY) -m pytest -m browser -q -p no:xdist

## Same suite on PostgreSQL (DATABASE_URL defaults to the local server with trust auth).
test-postgres: $(STAMP) $(CATALOGUE).mo
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cchc} $(PY) -m pytest -n 2 -q --create-db

## Tests of the queued path against Redis and a real Celery worker (see .ci/run).
test-worker: $(STAMP) $(CATALOGUE).mo
	$(PY) -m pytest -m worker -q -p no:xdist

## The API against its OpenAPI schema: schemathesis against gunicorn on the demo data.
test-api: $(STAMP)
	bash .ci/api-schema.sh

## Recompute and import benchmarks in throwaway databases (docs/benchmarks.md).
bench: $(STAMP)
	$(PY) manage.py bench

## Requests per second under load: gunicorn + PostgreSQL + Redis, measured with wrk.
loadbench: $(STAMP)
	$(PY) demo/loadbench.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles $(CATALOGUE).mo
