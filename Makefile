# annot — two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_TEST := $(VENV)/.installed-test

.PHONY: run test bench lint typecheck contracts pytest screenshot clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP_RUN)

## Open the app on the default project (the sample corpus on a first launch).
run: $(STAMP_RUN)
	@bash tools/ensure-qt-libs.sh
	$(BIN)/annot

## Every check: ruff, mypy (strict on annot/core), import-linter contracts, pytest (offscreen Qt).
test: $(STAMP_TEST)
	@bash tools/ensure-qt-libs.sh
	$(BIN)/ruff check annot tests benchmarks tools
	$(BIN)/mypy annot
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

## Benchmarks: each figure beside its floor measured in the same run.
bench: $(STAMP_TEST)
	@bash tools/ensure-qt-libs.sh
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

## Regenerate the pictures in docs/ (screenshot, review, claims, timeline) from the real app (under Xvfb when xvfb-run exists).
screenshot: $(STAMP_RUN)
	@ANNOT_XCB=1 bash tools/ensure-qt-libs.sh
	@if command -v xvfb-run >/dev/null; then \
		QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python tools/screenshot.py; \
		QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python tools/review_screenshot.py; \
		QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python tools/claims_screenshot.py; \
		QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python tools/timeline_screenshot.py; \
	else QT_QPA_PLATFORM=offscreen $(BIN)/python tools/screenshot.py; \
		QT_QPA_PLATFORM=offscreen $(BIN)/python tools/review_screenshot.py; \
		QT_QPA_PLATFORM=offscreen $(BIN)/python tools/claims_screenshot.py; \
		QT_QPA_PLATFORM=offscreen $(BIN)/python tools/timeline_screenshot.py; fi

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
