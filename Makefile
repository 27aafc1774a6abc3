# Every target sets up what it needs: a fresh machine needs only Python 3.11 and the package registries.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
ASSIGNMENT ?= param-init
SEEDS ?= 200

.PHONY: setup release demo test mutants false-failures clean

$(STAMP): requirements.txt pyproject.toml
	rm -f $(VENV)/.installed-*
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $@

setup: $(STAMP)

# Student notebooks (assignments/), Gradescope zips and solutions (dist/) from solutions/.
release: $(STAMP)
	$(PY) -m autograder release

# The main job. Until bulk grading lands: build the release and grade the solution with it.
demo: release
	$(PY) -m autograder grade-notebook $(ASSIGNMENT) dist/$(ASSIGNMENT)/solution.ipynb

test: $(STAMP)
	$(PY) -m pytest -q

# The catalogue of right and wrong answers, graded by the real hidden tests, as a table.
mutants: release
	$(PY) -m autograder catalogue $(ASSIGNMENT)

# The solution graded under $(SEEDS) grading seeds: how often does a correct answer lose points?
false-failures: release
	$(PY) scripts/seed_sweep.py $(ASSIGNMENT) --seeds $(SEEDS)

clean:
	rm -rf dist build out
