"""The course's Python is one installed package: nothing edits sys.path, and the package and
the hooks never import from tests/ (README "Where things live, and how it is built")."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

PYTHON = sorted(p for folder in ("course", "overrides", "tests") for p in (ROOT / folder).rglob("*.py")
                if "node_modules" not in p.parts)
PATH_EDIT = re.compile(r"\bsys\.path\.(insert|append|extend)\b|\bsys\.path\s*(\+=|=)")
FROM_TESTS = re.compile(r"^\s*(from|import)\s+(conftest|coursechecks|spelling|preflight|test_\w+)\b", re.MULTILINE)


def path_edits(files: list[Path], root: Path = ROOT) -> list[str]:
    return [f"{p.relative_to(root)}:{n}: edits sys.path; import the course package by name instead"
            for p in files for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
            if PATH_EDIT.search(line)]


def imports_from_tests(files: list[Path], root: Path = ROOT) -> list[str]:
    return [f"{p.relative_to(root)}:{p.read_text(encoding='utf-8')[: m.start()].count(chr(10)) + 1}: imports "
            f"{m.group(2)} from tests/; shared code belongs in course/"
            for p in files for m in FROM_TESTS.finditer(p.read_text(encoding="utf-8"))]


def test_no_file_edits_sys_path():
    problems = path_edits(PYTHON)
    assert not problems, "\n".join(problems)


def test_the_package_and_hooks_never_import_from_tests():
    problems = imports_from_tests([p for p in PYTHON if p.relative_to(ROOT).parts[0] != "tests"])
    assert not problems, "\n".join(problems)


def test_the_layout_checks_can_fail(tmp_path):
    planted = tmp_path / "course" / "planted.py"
    planted.parent.mkdir()
    planted.write_text("import sys\nsys.path.insert(0, 'tools')\nfrom conftest import CHROMIUM\n", encoding="utf-8")
    assert path_edits([planted], tmp_path) == ["course/planted.py:2: edits sys.path; import the course package by name instead"]
    assert imports_from_tests([planted], tmp_path) == ["course/planted.py:3: imports conftest from tests/; shared code belongs in course/"]


def test_a_file_with_a_shared_fixture_stays_on_one_worker_and_page_tests_spread():
    """conftest.work_unit: the units pytest-xdist hands out whole."""
    from conftest import work_unit

    assert work_unit("tests/test_print.py::test_a") == work_unit("tests/test_print.py::test_b[x]") == "tests/test_print.py"
    spread = ["tests/test_browser_quality.py::test_page_in_the_browser[a.md]", "tests/test_browser_quality.py::test_page_in_the_browser[b.md]"]
    assert work_unit(spread[0]) != work_unit(spread[1])
