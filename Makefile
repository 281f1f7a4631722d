# Two commands on a fresh machine: `make serve` and `make test`. Each sets up .venv from the
# pinned requirements.txt first. See README.md.

PYTHON ?= python3
# A school's or trust's copy passes its own file: make build CONFIG=local.yml (see local.example.yml)
CONFIG ?= mkdocs.yml
VENV   := .venv
BIN    := $(VENV)/bin
OFFLINE_DIR := build/offline/safeguarding-course
OFFLINE_ZIP := build/safeguarding-course-offline.zip
# The SCORM 1.2 runtime the tests wrap around the packages: scorm-again, pinned in tests/scorm/
SCORM_RUNTIME := tests/scorm/node_modules/.installed
# Marp CLI, which renders the slide decks as PDF and offline HTML: pinned in course/printing/marp/
SLIDES_TOOL := course/printing/marp/node_modules/.installed
# The site generator: make build MKDOCS=properdocs builds with ProperDocs, the maintained fork of
# MkDocs 1.x, from its own venv (requirements-properdocs.txt). The move is this one line.
MKDOCS ?= mkdocs
ifeq ($(MKDOCS),properdocs)
BUILD_VENV := .venv-properdocs
else
BUILD_VENV := $(VENV)
endif
BUILDER := $(BUILD_VENV)/bin/$(MKDOCS)

# Material prints an end-of-life banner on every run; the README covers the plan instead.
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build offline test same-build canary-zensical canary-materialx pdf slides release bench readability qti moodle scorm check-external clean

# The course's own package (course/, pyproject.toml) goes in editable, without build isolation or
# dependencies: nothing is fetched for it, and an edit to course/ needs no reinstall.
INSTALL_COURSE = pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .

$(BIN)/.installed: requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or later is needed: mkdocs-material 9.8 requires it.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/$(INSTALL_COURSE)
	touch $@

# ProperDocs and the canaries each live in a venv of their own (MaterialX cannot share one with
# mkdocs-material; Zensical is unpinned on purpose: the canary tries the newest).
.venv-properdocs/bin/.installed: requirements-properdocs.txt pyproject.toml
	$(PYTHON) -m venv .venv-properdocs
	.venv-properdocs/bin/pip install --quiet --disable-pip-version-check -r requirements-properdocs.txt
	.venv-properdocs/bin/$(INSTALL_COURSE)
	touch $@

## serve: run the course at http://127.0.0.1:8000/ , rebuilding when a page or quiz bank changes
serve: $(BUILD_VENV)/bin/.installed
	$(BUILDER) serve --strict --config-file $(CONFIG) --dev-addr 127.0.0.1:8000

## build: the web build, in site/
build: $(BUILD_VENV)/bin/.installed
	$(BUILDER) build --strict --config-file $(CONFIG) --site-dir site

## offline: the USB pack, a folder and a zip that open from file:// with no internet
offline: $(BUILD_VENV)/bin/.installed
	rm -rf build/offline $(OFFLINE_ZIP)
	OFFLINE=true OFFLINE_ZIP=$(OFFLINE_ZIP) $(BUILDER) build --strict --config-file $(CONFIG) --site-dir $(OFFLINE_DIR)
	@echo "Offline pack: $(OFFLINE_DIR)/index.html and $(OFFLINE_ZIP)"

## test: every check, including the browser tests, on every core (pytest-xdist; a test file runs whole
## in one worker, and the web and offline builds are made once per run). The preflight first installs Debian's chromium,
## British word list, poppler-utils and nodejs (as root on Debian, like .ci/run) or stops naming
## the one command to run. No test skips for a missing tool.
# The preflight needs only the standard library, so it runs before the venv is built: a bare
# machine hears what to install at once, not after the pip install.
test:
	$(PYTHON) tests/preflight.py
	$(MAKE) --no-print-directory $(BIN)/.installed $(SCORM_RUNTIME) $(SLIDES_TOOL)
	$(BIN)/pytest tests -ra -n auto

$(SCORM_RUNTIME): tests/scorm/package.json tests/scorm/package-lock.json
	cd tests/scorm && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Marp CLI never downloads a browser: it runs Debian's chromium (CHROME_PATH, set by slides.py).
$(SLIDES_TOOL): course/printing/marp/package.json course/printing/marp/package-lock.json
	cd course/printing/marp && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

## same-build: build with MkDocs and with ProperDocs; fail on any difference but the generator line
same-build: $(BIN)/.installed .venv-properdocs/bin/.installed
	$(BIN)/python -m course.maintain.same_build

## canary-zensical, canary-materialx: try the course on the newest Zensical, and on ProperDocs with
## MaterialX; report whether quizzes render, whether an answer key leaks, what else breaks.
## Not part of make test; results are dated in README "Moving off MkDocs and Material".
canary-zensical: $(BIN)/.installed
	rm -rf .venv-zensical && $(PYTHON) -m venv .venv-zensical
	.venv-zensical/bin/pip install --quiet --disable-pip-version-check --upgrade zensical mkdocs-quiz mkdocs-include-markdown-plugin pymdown-extensions PyYAML setuptools
	.venv-zensical/bin/$(INSTALL_COURSE)
	$(BIN)/python -m course.maintain.canary zensical .venv-zensical/bin/zensical

canary-materialx: $(BIN)/.installed
	rm -rf .venv-materialx && $(PYTHON) -m venv .venv-materialx
	.venv-materialx/bin/pip install --quiet --disable-pip-version-check --upgrade properdocs mkdocs-materialx mkdocs-quiz mkdocs-include-markdown-plugin pymdown-extensions PyYAML setuptools
	.venv-materialx/bin/$(INSTALL_COURSE)
	$(BIN)/python -m course.maintain.canary materialx .venv-materialx/bin/properdocs

## pdf: learner workbook, trainer edition, a handout per module, a card per nation and the session
## materials, in build/pdf/, and the slide decks (make slides) in build/pdf/slides/
## (needs Debian's chromium and poppler-utils)
pdf: $(BIN)/.installed slides
	$(BIN)/python -m course.printing.pdf build/pdf $(CONFIG)

## slides: each session plan's deck (docs/trainer/plans/decks/) as a 16:9 PDF, an offline HTML deck
## and an editable PowerPoint file, in build/pdf/slides/ (Marp CLI with Debian's chromium; python-pptx)
slides: $(BIN)/.installed $(SLIDES_TOOL)
	$(BIN)/python -m course.printing.slides build/pdf/slides $(CONFIG)

## release: the PDFs (make pdf), then the web build (site/) and the USB pack with them under
## downloads/, linked from the quick reference cards page
release: pdf
	COURSE_DOWNLOADS=build/pdf $(MAKE) build offline

## qti: the learners' quiz banks as QTI 1.2 and QTI 2.1 zips for Canvas or Blackboard, in build/qti/
qti: $(BIN)/.installed
	$(BIN)/python -m course.export.qti_export build/qti

## moodle: the learners' quiz banks as Moodle XML for Moodle's own question import, in build/moodle/
moodle: $(BIN)/.installed
	$(BIN)/python -m course.export.moodle_xml build/moodle

## scorm: SCORM 1.2 packages (a module, the yearly update, the capstone, the whole course) for a
## learning platform, in build/scorm/, made from the offline build
scorm: offline
	rm -rf build/scorm
	$(BIN)/python -m course.export.scorm build/scorm --site $(OFFLINE_DIR)

## bench: page weight, requests, Lighthouse, build time and pack size against default Material
## (a report, not a test; Lighthouse comes from the npm registry through npx)
bench: $(BIN)/.installed
	$(BIN)/python -m course.maintain.bench

## readability: sentence length and reading ease for every page (a report for writers)
readability: $(BIN)/.installed
	$(BIN)/python -m course.maintain.readability

## check-external: ask every registered source whether it is still there (needs internet)
check-external: $(BIN)/.installed
	$(BIN)/python -m course.maintain.check_external

clean:
	rm -rf site build .pytest_cache tests/scorm/node_modules course/printing/marp/node_modules .venv-zensical .venv-materialx
