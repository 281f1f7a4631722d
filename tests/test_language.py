"""The terms file is obeyed in docs/ and quizzes/, and rendered on "Language we use"."""

from __future__ import annotations

from conftest import ROOT, project_copy
import coursechecks
from course import coursedata


def test_no_avoided_terms():
    problems = coursechecks.check_terms(ROOT)
    assert not problems, "\n".join(map(str, problems))


def test_terms_file_is_complete():
    problems = []
    for term in coursedata.load_terms():
        for key in ("avoid", "prefer", "why", "source"):
            if not term.get(key):
                problems.append(f"docs/_data/terms.yml: term {term.get('avoid')!r} has no '{key}'")
        if not term["regex"].search(term["avoid"].split(",")[0]):
            problems.append(f"docs/_data/terms.yml: the pattern for {term['avoid']!r} does not match the term itself")
    assert not problems, "\n".join(problems)


def test_language_page_renders_every_term(web_site):
    html = coursechecks.html_of(web_site / "reference" / "language" / "index.html")
    cells = [td.get_text(" ", strip=True) for td in html.select("article table td:first-child")]
    missing = [t["avoid"] for t in coursedata.load_terms() if t["avoid"] not in cells]
    assert not missing, f"docs/reference/language.md: the terms table lacks {missing}"


def test_an_avoided_term_fails_and_the_marker_allows_a_quote(tmp_path):
    copy = project_copy(tmp_path)
    bank = copy / "quizzes" / "start-here.md"
    lines = bank.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1] + " Some call it sexting."
    lines[2] = lines[2] + " Others say sexting. " + coursedata.TERM_QUOTED_MARKER
    bank.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = coursechecks.check_terms(copy)
    assert [str(p) for p in problems if p.path == bank] == [
        f"{bank}:2: avoided term 'sexting': use 'sharing nudes and semi-nudes' (see docs/_data/terms.yml). "
        f"To quote it in order to teach, end the line with {coursedata.TERM_QUOTED_MARKER}"
    ]
