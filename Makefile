# Two commands do all the set-up on a fresh machine with Python 3.11:
#   make demo   installs powdb in .venv, ingests seeds/, shows claims and conflicts, and
#               writes the HTML report to data/report.html
#   make test   installs the test dependencies in .venv and runs the test suite
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Where the demo keeps its database (the default location, data/powdb.db).
DEMO_DB := data/powdb.db

.PHONY: demo test install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,postgres,dask]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/powdb ingest seeds/ --db $(DEMO_DB)
	$(BIN)/powdb sources --db $(DEMO_DB) --format table
	$(BIN)/powdb claims --db $(DEMO_DB) --format table
	$(BIN)/powdb claims --conflicting --db $(DEMO_DB) --format table
	$(BIN)/powdb report --db $(DEMO_DB) -o data/report.html

test: install
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm data/report.html data/report_files
