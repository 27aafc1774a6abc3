# Every target sets up what it needs: a fresh machine needs only Python 3.11 and the package registries.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-$(shell cat requirements.txt pyproject.toml | cksum | cut -d' ' -f1)
ASSIGNMENT ?= param-init
SEEDS ?= 200

SUBMISSIONS ?=
OUT ?= out/graded

.PHONY: setup release demo grade bench test mutants false-failures clean

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

# The main job: build the release, make a sample class of 40 (right, partly wrong, broken,
# hostile) from the catalogue, grade it, print a summary and where the outputs are.
demo: release
	rm -rf out/demo
	$(PY) -m autograder sample-class $(ASSIGNMENT) out/demo/submissions --size 40
	$(PY) -m autograder grade $(ASSIGNMENT) out/demo/submissions --out out/demo/graded --timeout 20

# Grade a folder: make grade ASSIGNMENT=param-init SUBMISSIONS=path/to/folder OUT=path/to/out
grade: $(STAMP)
	@test -n "$(SUBMISSIONS)" || { echo "usage: make grade ASSIGNMENT=name SUBMISSIONS=folder OUT=folder"; exit 2; }
	$(PY) -m autograder grade $(ASSIGNMENT) "$(SUBMISSIONS)" --out "$(OUT)"

# Throughput against `otter run` and per-submission time against the floor, in one run.
bench: release
	$(PY) scripts/bench.py $(ASSIGNMENT)

test: $(STAMP)
	$(PY) -m pytest -q

# The catalogue of right and wrong answers, graded by the real hidden tests, as a table.
mutants: release
	$(PY) -m autograder catalogue $(ASSIGNMENT)

# The solution graded under $(SEEDS) grading seeds: how often does a correct answer lose points?
false-failures: release
	$(PY) scripts/seed_sweep.py $(ASSIGNMENT) --seeds $(SEEDS)

clean:
	rm -rf dist build out .venv-cache
