# Press-conference analysis notebooks. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help env report test test-fast test-browser lab notebooks bench train-clarity clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

env: $(STAMP) ## Create .venv (if missing) and install the project with its test tools

report: $(STAMP) ## Execute every notebook, regenerate figures/, write build/report/index.html and CSV to build/export
	$(PY) -m helpers report
	$(PY) -m helpers export build/export

test: $(STAMP) ## Run all tests: unit, papermill golden runs, figure bytes, nbval, notebooks in the browser
	$(PY) -m pytest tests notebooks --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -q

test-browser: $(STAMP) ## Run the notebooks in JupyterLab in Chromium (screenshots in build/browser)
	$(PY) -m pytest tests/browser -q -m browser

test-fast: $(STAMP) ## Unit tests only (no notebook runs, no browser)
	$(PY) -m pytest tests -q -m "not notebooks and not browser"

lab: $(STAMP) ## Open JupyterLab on notebooks/ with the project's environment as kernel
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

notebooks: $(STAMP) ## Re-execute the committed notebooks in place (after changing the analysis)
	$(PY) -m helpers refresh

bench: $(STAMP) ## Run the benchmarks under bench/ and write their reports to bench/results/
	for b in bench/bench_*.py; do $(PY) "$$b" || exit 1; done

train-clarity: $(STAMP) ## Retrain the answer-clarity model from data/qevasion (same bytes every time; 5-10 min)
	$(PY) -m helpers.qa._clarity_train

clean: ## Remove build/ (executed notebooks, summaries, exports)
	rm -rf build
