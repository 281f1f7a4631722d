"""Every quiz bank is well formed, included exactly once, and rendered in full."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
import coursechecks
from course import coursedata
from course.checks import quizlint

BANKS = sorted((ROOT / "quizzes").glob("*.md"))


def test_there_are_quiz_banks():
    assert BANKS, "quizzes/ holds no banks"


@pytest.mark.parametrize("bank", BANKS, ids=lambda p: p.name)
def test_bank_passes_the_answer_key_linter(bank):
    _, problems = quizlint.lint_bank(bank)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("bank", BANKS, ids=lambda p: p.name)
def test_bank_items_are_written_to_the_rules(bank):
    """Each item names the misconception behind every wrong option, with its source, says whether
    its key is to act, hold back or a fact, and gives reasons in all of its options or none."""
    questions, problems = quizlint.lint_bank(bank)
    problems += quizlint.writing_problems(questions, bank)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("bank", BANKS, ids=lambda p: p.name)
def test_bank_gives_a_guesser_no_cue(bank):
    """Length, position and absolute words must not beat chance by more than quizlint's margins."""
    problems = quizlint.cue_problems(bank)
    assert not problems, "\n".join(map(str, problems))


def test_the_whole_course_gives_a_guesser_no_cue():
    """Small banks are judged together, so a habit spread across them still shows."""
    questions = [q for bank in BANKS for q in quizlint.lint_bank(bank)[0]]
    problems = quizlint.cue_report(questions).problems(ROOT / "quizzes")
    assert not problems, "\n".join(map(str, problems))


def test_every_bank_is_included_exactly_once():
    includes = coursechecks.bank_includes(ROOT / "docs")
    problems = []
    for bank in BANKS:
        places = includes.pop(bank.resolve(), [])
        if len(places) != 1:
            where = ", ".join(f"{p.relative_to(ROOT)}:{n}" for p, n in places) or "no page"
            problems.append(f"{bank.relative_to(ROOT)}:1: included {len(places)} times ({where}); include each bank once")
    for target, places in includes.items():
        for page, number in places:
            problems.append(f"{page.relative_to(ROOT)}:{number}: includes {target}, which is not a bank in quizzes/")
    assert not problems, "\n".join(problems)


def test_pages_that_include_a_bank_turn_quizzes_on():
    problems = []
    for bank, places in coursechecks.bank_includes(ROOT / "docs").items():
        for page, number in places:
            meta, _ = coursedata.split_front_matter(page.read_text(encoding="utf-8"))
            if not (meta.get("quiz") or {}).get("enabled"):
                problems.append(f"{page.relative_to(ROOT)}:{number}: includes a quiz bank but lacks 'quiz: {{enabled: true}}' in its front matter")
    assert not problems, "\n".join(problems)


def test_each_page_renders_every_question_in_its_bank(web_site):
    problems = []
    for bank, places in coursechecks.bank_includes(ROOT / "docs").items():
        expected = len(quizlint.lint_bank(bank)[0])
        for page, number in places:
            html = coursechecks.html_of(coursechecks.built_page(web_site, page))
            rendered = len(html.select("div.quiz"))
            if rendered != expected:
                problems.append(f"{page.relative_to(ROOT)}:{number}: shows {rendered} quizzes but {bank.name} has {expected}")
    assert not problems, "\n".join(problems)


def test_no_raw_quiz_markup_leaks_into_any_page(web_site):
    """A quiz the plugin did not see shows its answer key as text."""
    problems = []
    for page in sorted(web_site.rglob("*.html")):
        html = coursechecks.html_of(page)
        for code in html.select("pre, code"):
            code.decompose()  # documentation examples of the format are allowed
        text = str(html)
        for leak in ("<quiz>", "</quiz>", "&lt;quiz&gt;", "- [x]", "- [ ]"):
            if leak in text:
                problems.append(f"{page.relative_to(web_site)}: raw quiz markup {leak!r} in the HTML")
    assert not problems, "\n".join(problems)


def test_search_index_does_not_give_the_answers_away(web_site):
    index = (web_site / "search" / "search_index.json").read_text(encoding="utf-8")
    problems = []
    for bank in BANKS:
        for q in quizlint.lint_bank(bank)[0]:
            for option in q.options:
                words = re.sub(r"[`*_\[\]()]", "", option).strip()[:40]
                if words and words in index:
                    problems.append(f"{bank.relative_to(ROOT)}:{q.line}: option {words!r} is in the search index; give the quiz heading data-search-exclude")
    assert not problems, "\n".join(problems)
