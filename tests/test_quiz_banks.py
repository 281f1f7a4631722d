"""Every quiz bank is well formed, included exactly once, and rendered in full."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, project_copy
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
    """The pages that show a bank keep their questions out of the search index. Only those pages'
    entries are read: an option may name a service that another page rightly teaches."""
    import json

    docs = json.loads((web_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    quiz_pages = {coursechecks.url_path(page).strip("/") + "/" for places in coursechecks.bank_includes(ROOT / "docs").values()
                  for page, _ in places}
    indexed = " ".join(d.get("text", "") + " " + d.get("title", "") for d in docs
                       if d.get("location", "").split("#")[0] in quiz_pages)
    problems = []
    for bank in BANKS:
        for q in quizlint.lint_bank(bank)[0]:
            for option in q.options:
                words = re.sub(r"[`*_\[\]()]", "", option).strip()[:40]
                if words and words in indexed:
                    problems.append(f"{bank.relative_to(ROOT)}:{q.line}: option {words!r} is in the search index; give the quiz heading data-search-exclude")
    assert quiz_pages, "no page shows a quiz bank"
    assert not problems, "\n".join(problems)


def test_the_search_index_check_reads_the_quiz_pages(web_site):
    """The check above would see an option if the quiz page's entry held it."""
    import json

    docs = json.loads((web_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = {d.get("location", "").split("#")[0] for d in docs}
    quiz_pages = {coursechecks.url_path(page).strip("/") + "/" for places in coursechecks.bank_includes(ROOT / "docs").values()
                  for page, _ in places}
    assert quiz_pages & locations, f"none of the quiz pages {sorted(quiz_pages)} is in the index under those locations"


# A count of questions written on a page goes stale when a bank changes: pages write
# {{ bank:NAME:questions }} and {{ bank:NAME:dsl }}, which the build fills in from the bank.
NUMBER = (r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
          r"sixteen|seventeen|eighteen|nineteen|twenty(?:-\w+)?|thirty(?:-\w+)?)")
STATED_COUNT = re.compile(rf"\b{NUMBER}\s+(?:self-check\s+|short\s+)?questions\b|\b{NUMBER}\s+(?:of them\s+)?put you in the DSL's seat",
                          re.IGNORECASE)


LINK_TARGET = re.compile(r"\]\(([^)#\s]+\.md)")


def stated_counts(docs) -> list[str]:
    """Lines that state a count of a bank's questions: on a page that includes a bank, and in any
    line that links to such a page."""
    with_bank = {page.resolve() for places in coursechecks.bank_includes(docs).values() for page, _ in places}
    problems = []
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            links_to_bank = any((page.parent / target).resolve() in with_bank for target in LINK_TARGET.findall(line))
            if page.resolve() in with_bank or links_to_bank:
                problems += [f"{page.relative_to(docs.parent)}:{number}: states {found.group(0)!r}; write "
                             "{{ bank:NAME:questions }} (or :dsl) so the count comes from the bank"
                             for found in STATED_COUNT.finditer(line)]
    return problems


def test_pages_take_question_counts_from_the_banks():
    problems = stated_counts(ROOT / "docs")
    assert not problems, "\n".join(problems)


def test_a_stated_count_is_caught(tmp_path):
    copy = project_copy(tmp_path)
    page = copy / "docs" / "modules" / "grooming" / "check-your-understanding.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nTwenty-one questions, and eleven put you in the DSL's seat.\n", encoding="utf-8")
    index = copy / "docs" / "modules" / "grooming" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("{{ bank:grooming:questions }} questions", "21 questions"), encoding="utf-8")
    found = stated_counts(copy / "docs")
    assert any("check-your-understanding.md" in p and "Twenty-one questions" in p for p in found), found
    assert any("check-your-understanding.md" in p and "eleven put you" in p for p in found), found
    assert any("grooming/index.md" in p and "21 questions" in p for p in found), found


def test_built_pages_show_the_banks_own_counts(web_site):
    problems = []
    for bank, places in coursechecks.bank_includes(ROOT / "docs").items():
        questions = quizlint.lint_bank(bank)[0]
        for page, _ in places:
            text = coursechecks.html_of(coursechecks.built_page(web_site, page)).get_text(" ")
            if "{{ bank:" in text:
                problems.append(f"{page.relative_to(ROOT)}: an unexpanded {{{{ bank:... }}}} marker")
            states_count = "{{ bank:" in page.read_text(encoding="utf-8")
            if states_count and f"{len(questions)} questions" not in " ".join(text.split()):
                problems.append(f"{page.relative_to(ROOT)}: does not say '{len(questions)} questions' ({bank.name} has {len(questions)})")
    assert not problems, "\n".join(problems)


def test_no_item_is_a_near_duplicate_or_replays_a_worked_example():
    """Transfer, not recall: across every bank, no two items share most of their words, and no
    stem is cut from a page's worked example (quizlint.transfer_problems; limits and reasons in
    course/checks/quizlint.py)."""
    banks = {bank: quizlint.lint_bank(bank)[0] for bank in BANKS}
    problems = quizlint.transfer_problems(banks, sorted((ROOT / "docs").rglob("*.md")))
    assert not problems, "\n".join(map(str, problems))
