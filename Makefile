# Two commands on a fresh machine: `make run` (the interview) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check test-oldest lint bench catalogs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the project's metadata changes; the install is editable.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/partnerkit new

test: lint
	$(BIN)/python -m pytest

# The quick loop while working: everything but the tests marked slow (real processes, big files,
# scrypt), on two cores. `make test` (and CI) run them all, one at a time.
check: lint
	$(BIN)/python -m pytest -m "not slow" -q -n 2

# The whole suite again, against the lowest versions pyproject.toml allows (.ci/oldest.txt), in
# a second environment: a lower bound nobody runs is a guess.
OLDEST := .venv-oldest
$(OLDEST)/.installed: pyproject.toml .ci/oldest.txt
	$(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python -m pip install --quiet -e '.[test]' -c .ci/oldest.txt
	touch $@

test-oldest: $(OLDEST)/.installed
	$(OLDEST)/bin/python -m pytest -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

# After changing a message in a catalog (src/partnerkit/locale/LANG/LC_MESSAGES/partnerkit.po):
# compile it. The .mo files are committed: the tool reads them with the standard library's gettext,
# so neither a user nor `make run` needs Babel. tests/test_catalog.py checks they agree.
catalogs: $(STAMP)
	$(BIN)/pybabel --quiet compile --use-fuzzy -d src/partnerkit/locale -D partnerkit

bench: $(STAMP)
	$(BIN)/python benchmarks/startup.py

clean:
	rm -rf $(VENV) $(OLDEST) build dist .pytest_cache
