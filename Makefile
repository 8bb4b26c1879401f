# withus: the two commands are `make demo` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: demo test test-postgres test-browser lint bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installs the project and its pinned dependencies, again only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

## Run the platform with the demo local area on SQLite at http://127.0.0.1:8000
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## Run the tests (SQLite; browser tests are separate: make test-browser)
test: install
	$(BIN)/python -m pytest -m "not browser" -q

## The same suite on PostgreSQL
test-postgres: install
	WITHUS_DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest -m "not browser" -q

## Browser tests in Debian's Chromium with axe-core
test-browser: install
	$(BIN)/python -m pytest -m browser -q -p no:randomly

# The plain arithmetic modules (no Django) are type-checked strictly.
PURE := withus/core/chain.py withus/core/dates.py withus/core/csv_files.py withus/cycle/ladder.py withus/insight/tally.py \
	withus/insight/status.py withus/insight/phases.py withus/insight/suggest.py \
	withus/insight/importing.py withus/pooling/ledger.py withus/pooling/matching.py \
	withus/pooling/figures.py withus/tendering/award.py withus/tendering/evaluation_file.py \
	withus/tendering/recompute.py withus/contracts/kpi.py withus/contracts/returns_import.py \
	withus/stories/pii.py withus/stories/figures.py withus/peer_support/matching.py \
	withus/peer_support/reach.py withus/payments/sums.py withus/representation/compare.py \
	withus/representation/population_import.py withus/thread/stops.py \
	withus/core/split.py withus/open_budgets/figures.py withus/open_budgets/budget_import.py \
	withus/pathways/tariff.py withus/social_value/sroi.py withus/outcomes/evaluation.py \
	withus/outcomes/swemwbs.py

lint: install
	$(BIN)/mypy --strict --ignore-missing-imports $(PURE)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/bench_suggestions.py
	$(BIN)/python benchmarks/bench_pooling.py
	$(BIN)/python benchmarks/bench_award.py
	$(BIN)/python benchmarks/bench_stories.py
	$(BIN)/python benchmarks/bench_peer.py
	$(BIN)/python benchmarks/bench_value.py
	$(BIN)/python benchmarks/bench_thread.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
