# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := diary

.PHONY: run test test-fast test-browser screenshots bench loadtest validate clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

## run: the app on SQLite in instance/, with a demo account when the database is new, at http://127.0.0.1:5000
run: $(VENV)/.runtime
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	$(BIN)/flask run --host 127.0.0.1 --port 5000

## test: the whole suite (SQLite, or PostgreSQL when TEST_DATABASE_URL is set; browser tests use /usr/bin/chromium).
## The fast tests run on every core; the browser tests one at a time (two Chromiums on two cores miss their timeouts).
test: test-fast test-browser

## test-fast: everything but the browser tests (DIARY_TEST_NOW=<ISO moment> runs them as if it were then)
test-fast: $(VENV)/.dev
	$(BIN)/pytest -n auto --ignore=tests/browser

test-browser: $(VENV)/.dev
	$(BIN)/pytest tests/browser

## screenshots: the browser tests, keeping their screenshots in screenshots/
screenshots: $(VENV)/.dev
	SCREENSHOT_DIR=screenshots $(BIN)/pytest tests/browser

clean:
	rm -rf $(VENV) .pytest_cache

## bench: how long the heavy operations take on this machine (import of a 3-year diary, dashboard of a 10-year one,
## the largest diary the limits let in, and refusing a 20 MB file of ten million faults)
bench: $(VENV)/.runtime
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/dashboard_bench.py
	$(BIN)/python bench/insights_bench.py
	$(BIN)/python bench/hostile_bench.py
	$(BIN)/python bench/report_bench.py
	$(BIN)/python bench/page_weight_bench.py

## loadtest: 20 people for 60 s through gunicorn (2 workers), then a check that every acknowledged write is in the
## database once (SQLite, or PostgreSQL when LOADTEST_DATABASE_URL is set; LOADTEST_SECONDS, LOADTEST_CLIENTS).
## FAULT=worker kills a worker with kill -9 during the load, FAULT=server the whole server (then starts it again)
loadtest: $(VENV)/.dev
	FAULT='$(FAULT)' LOADTEST_DATABASE_URL='$(LOADTEST_DATABASE_URL)' $(BIN)/python bench/loadtest.py

## validate: the insights method against Fisher + BH and naive counting on synthetic diaries with a known truth
validate: $(VENV)/.runtime
	$(BIN)/python bench/validate.py
