"""The course's Python, installed into the venv by `make` (pyproject.toml), found by name.

  course.coursedata   the data files (docs/_data/) and the {{ route:... }} / {{ guidance:... }} markers
  course.browser      how every browser run starts Debian's chromium
  course.checks       linters that tools and tests share (quizlint: the quiz banks)
  course.export       learning-platform exports: QTI, Moodle XML, SCORM
  course.printing     the printed editions and slide decks (PDF)
  course.maintain     maintainers' commands: bench, readability, external links, same build, canaries

The build hooks MkDocs loads stay in overrides/hooks/ and import from here; tests/ holds tests.
"""
