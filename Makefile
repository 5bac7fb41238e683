# Press-conference analysis notebooks. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help env report test test-fast test-browser lab notebooks bench bench-turns train train-topics train-clarity clean

# NumPy without its AVX-512 code paths, so that figures, summaries and models come out with the same
# bytes on machines with and without AVX-512 (helpers.config.REPRODUCIBLE_ENV says the same).
export NPY_DISABLE_CPU_FEATURES ?= X86_V4 AVX512_ICL AVX512_SPR

# The labelled briefing archive (YYYY-MM/*.md) the captions model is trained and evaluated on:
# make train ARCHIVE=dir, make bench-turns ARCHIVE=dir.
ARCHIVE ?=
NEED_ARCHIVE = @test -n "$(ARCHIVE)" || { echo "set ARCHIVE=dir: the labelled briefing archive (YYYY-MM/*.md)" >&2; exit 2; }

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

lab: $(STAMP) ## Open JupyterLab on notebooks/ with the project's environment as kernel (the notebooks trusted)
	$(VENV)/bin/jupyter trust notebooks/[0-9]*.ipynb
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,)

notebooks: $(STAMP) ## Re-execute the committed notebooks in place (after changing the analysis)
	$(PY) -m helpers refresh

bench: $(STAMP) ## Run the benchmarks, reports in bench/results/ (ARCHIVE=dir adds the archive ones)
	@for b in bench/bench_*.py; do \
	  case "$$b" in \
	    *bench_archive.py|*bench_scale.py) \
	      if [ -n "$(ARCHIVE)" ]; then $(PY) "$$b" "$(ARCHIVE)" || exit 1; \
	      else echo "skipping $$b: it needs ARCHIVE=/path/to/unpacked/archive"; fi ;; \
	    *) $(PY) "$$b" || exit 1 ;; \
	  esac; \
	done

train: $(STAMP) ## Retrain the captions turn model on ARCHIVE=dir (writes src/helpers/data/models/, same bytes each time)
	$(NEED_ARCHIVE)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) -m helpers train-turns "$(ARCHIVE)"

bench-turns: $(STAMP) ## Rerun the turn benchmark with the held-out archive files of ARCHIVE=dir
	$(NEED_ARCHIVE)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) bench/bench_turns.py --archive "$(ARCHIVE)"

train-topics: $(STAMP) ## Retrain the topic model on the hand-coded briefing turns of annotations/ (same bytes every time; a few minutes)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) -m helpers.evaluation.topic_training

train-clarity: $(STAMP) ## Retrain the answer-clarity model from data/qevasion (same bytes every time; about a minute)
	$(PY) -m helpers.qa._clarity_train

clean: ## Remove build/ (executed notebooks, summaries, exports)
	rm -rf build
