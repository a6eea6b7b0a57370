# `make demo` and `make test` each do all their own set-up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint bench soak translations dist clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/fieldsales demo $(ARGS)

# The whole suite, one worker process per core (pytest-xdist; tests/conftest.py says what keeps
# the workers apart). PYTEST_ARGS="-n 0" runs it in this process, e.g. to use a debugger.
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

# The pure rules, the laptop database's tests that need no server, the docs' references:
# seconds, not minutes. Run it after every change; run `make test` before landing.
test-fast: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not server" tests/domain tests/local_db tests/test_docs.py $(PYTEST_ARGS)

# Format and lint, as CI checks them: `ruff format .` fixes the first, `ruff check --fix .` much of the second.
lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

# Sync, customer search and cold start, each recording its figures in docs/BENCHMARKS.md.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.bench_sync --write-doc
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.bench_search --write-doc
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.bench_startup --write-doc

# Many more randomized fault-injection and scope-change runs than the suite does (SOAK_RUNS each store).
SOAK_RUNS ?= 2000
soak: $(STAMP)
	FIELDSALES_FAULT_RUNS=$(SOAK_RUNS) $(BIN)/python -m pytest tests/sync/test_faults.py -k random -q
	FIELDSALES_SCOPE_RUNS=$(SOAK_RUNS) $(BIN)/python -m pytest tests/sync/test_scope_random.py -q

translations: $(STAMP)
	$(BIN)/python -m ui.i18n_tool update

# The desktop app as a self-contained one-folder bundle in dist/fieldsales/ (PyInstaller;
# slow: minutes). Check it: dist/fieldsales/fieldsales --version (docs/DEPLOYING.md).
dist: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dist]"
	$(BIN)/pyinstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller packaging/fieldsales.spec

clean:
	rm -rf $(VENV) build dist *.egg-info
