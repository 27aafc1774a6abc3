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

# The main job, and a TA's week after a deadline, on a sample class of 40 made from the catalogue
# (right, partly wrong, broken, hostile, one disguised copy) with a roster (two students who
# submitted nothing, one late submission): grade, similarity, the written answers' page and a
# TA's first points merged, a resubmission regraded with its diff, the course gradebook for Canvas.
DEMO     := out/demo
DEADLINE := --roster $(DEMO)/roster.csv --deadline 2025-03-14T23:59:00+08:00 --late-policy per-day=10,cap=50
demo: release
	rm -rf $(DEMO)
	$(PY) -m autograder sample-class $(ASSIGNMENT) $(DEMO)/submissions --size 40 --roster $(DEMO)/roster.csv
	$(PY) -m autograder grade $(ASSIGNMENT) $(DEMO)/submissions --out $(DEMO)/graded --timeout 20 $(DEADLINE)
	$(PY) -m autograder similarity $(ASSIGNMENT) $(DEMO)/submissions --out $(DEMO)/similarity
	$(PY) -m autograder manual $(ASSIGNMENT) $(DEMO)/graded
	$(PY) scripts/demo_week.py fill-manual $(ASSIGNMENT) $(DEMO)/graded
	$(PY) -m autograder merge-manual $(ASSIGNMENT) $(DEMO)/graded
	$(PY) scripts/demo_week.py resubmit $(ASSIGNMENT) $(DEMO)/submissions $(DEMO)/graded
	$(PY) -m autograder grade $(ASSIGNMENT) $(DEMO)/submissions --out $(DEMO)/graded --timeout 20 $(DEADLINE)
	printf 'assignment,weight\n$(ASSIGNMENT),1\n' > $(DEMO)/weights.csv
	$(PY) -m autograder course $(DEMO)/graded --weights $(DEMO)/weights.csv --out $(DEMO)/course --lms canvas

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
