# The two commands a newcomer needs: `make run` and `make test`. Each creates .venv and installs
# what it needs on a fresh machine (Debian packages through scripts/ensure-*.sh).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench demo-large clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	bash scripts/ensure-weasyprint.sh $(PY)
	touch $(STAMP)

# The background worker (uploaded imports, the nightly roll-over of the dashboard's summaries) runs
# beside the server and stops with it. Debug on: the development key is accepted (the settings
# refuse to run without INSIDEOUT_SECRET_KEY otherwise).
run: export INSIDEOUT_DEBUG ?= 1
run: $(STAMP)
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load-demo
	$(PY) manage.py schedule-rollover --verbosity 0
	$(PY) manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

# A coach with 1,000 runners and a year of history each (login coach-large / demo, runners
# coach-large-r0000...), to see the dashboard at a club's size; refuses if that coach exists.
demo-large: $(STAMP)
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py demo-large --runners 1000 --days 365

test: $(STAMP)
	bash scripts/test.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache --no-logo

bench: $(STAMP)
	$(PY) benchmarks/bench_advise.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
