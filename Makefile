# Two commands do everything on a fresh Debian machine with Python 3.11:
#   make run    install into .venv, then run the main job on the embedded corpus
#   make test   install into .venv (with test tools), then run the test suite
#   make lock   refresh requirements.lock after editing pyproject.toml (keeps the
#               current pins; `make lock UPGRADE=1` moves every pin to the newest)
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Every dependency (the test tools and the build backend too) pinned with its hashes.
LOCK   := requirements.lock
LOCK_VENV := .venv-lock
PIP_TOOLS := pip-tools==7.7.0

.PHONY: run test install clean bench lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The pinned set first, then the project itself without resolving anything:
# a fresh install gets exactly what the tests passed on.
# nlp/text/_scan.c is compiled by the install: a change to it installs again.
$(STAMP): pyproject.toml $(LOCK) nlp/text/_scan.c | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

lock:
	test -x $(LOCK_VENV)/bin/pip-compile || { $(PYTHON) -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install --quiet '$(PIP_TOOLS)'; }
	CUSTOM_COMPILE_COMMAND='make lock' $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	    --all-build-deps --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
	    $(if $(UPGRADE),--upgrade) -o $(LOCK) pyproject.toml

install: $(STAMP)

run: $(STAMP)
	$(BIN)/cancu run corpus/plans corpus/realdocs

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/extract.py

clean:
	rm -rf $(VENV) $(LOCK_VENV) cancu-home .pytest_cache build nlp/text/_scan.*.so
