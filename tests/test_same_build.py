"""course/maintain/same_build.py, which .ci/run uses to prove the course builds the same on ProperDocs,
can fail: a one-byte difference, a file in one build only, and a 'ProperDocs' build that
MkDocs made are each caught. (The real comparison runs in .ci/run as make same-build.)"""

from __future__ import annotations

from course.maintain import same_build

PAGE = '<html><head><meta name="generator" content="{g}"></head><body>{body}</body></html>'


def two_builds(tmp_path, body_b="Same", generator_b="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2"):
    a, b = tmp_path / "a", tmp_path / "b"
    for site, g, body in ((a, "mkdocs-1.6.1, mkdocs-material-9.8.2", "Same"), (b, generator_b, body_b)):
        (site / "page").mkdir(parents=True)
        (site / "index.html").write_text(PAGE.format(g=g, body="Home"))
        (site / "page" / "index.html").write_text(PAGE.format(g=g, body=body))
    return a, b


def test_builds_identical_but_the_generator_line_pass(tmp_path):
    a, b = two_builds(tmp_path)
    assert same_build.generator_problems(a, b) + same_build.compare(a, b) == []


def test_a_one_byte_difference_is_named_with_its_line(tmp_path):
    a, b = two_builds(tmp_path, body_b="Sane")
    problems = same_build.compare(a, b)
    assert len(problems) == 1 and problems[0].startswith("page/index.html:1: differs"), problems


def test_a_file_in_one_build_only_is_named(tmp_path):
    a, b = two_builds(tmp_path)
    (b / "extra.js").write_text("x")
    assert same_build.compare(a, b) == ["extra.js: only in the ProperDocs build"]


def test_a_properdocs_build_made_by_mkdocs_is_caught(tmp_path):
    a, b = two_builds(tmp_path, generator_b="mkdocs-1.6.1, mkdocs-material-9.8.2")
    problems = same_build.generator_problems(a, b)
    assert len(problems) == 1 and "was it built by MkDocs?" in problems[0], problems
