"""Guidance editions come from docs/_data/guidance.yml: pages name the edition in force, and the
build goes red when a new edition is due, so next September's KCSIE cannot be missed."""

from __future__ import annotations

import datetime as dt

from conftest import ROOT, project_copy
import coursechecks


def test_pages_name_the_editions_in_force(today):
    problems = coursechecks.check_guidance(ROOT, today)
    assert not problems, "\n".join(map(str, problems))


def test_a_superseded_edition_on_a_page_is_caught(tmp_path, today):
    copy = project_copy(tmp_path)
    page = copy / "docs" / "start-here.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nRead KCSIE 2025 and Working together to safeguard children 2023.\n", encoding="utf-8")
    found = [str(p) for p in coursechecks.check_guidance(copy, today)]
    assert any("docs/start-here.md" in p and "'KCSIE 2025'" in p for p in found), found
    assert any("docs/start-here.md" in p and "Working together to safeguard children 2023" in p for p in found), found


def test_other_ways_of_naming_an_old_edition_are_caught(tmp_path, today):
    copy = project_copy(tmp_path)
    page = copy / "docs" / "start-here.md"
    planted = ["the filtering and monitoring standards (October 2024)", "Keeping children safe in education, 2025",
               "the 2025 edition of KCSIE", "KCSIE September 2025", "National Guidance for Child Protection in Scotland 2014"]
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "\n".join(f"Read {p}." for p in planted) + "\n", encoding="utf-8")
    bank = copy / "quizzes" / "grooming.md"
    bank.write_text(bank.read_text(encoding="utf-8") + "\nAs Working Together 2018 said.\n", encoding="utf-8")
    glossary = copy / "docs" / "_data" / "glossary.yml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\n# Keeping learners safe 2020\n", encoding="utf-8")
    found = [str(p) for p in coursechecks.check_guidance(copy, today)]
    for words in planted:
        assert any("docs/start-here.md" in p and words.split(" (")[0][-12:] in p for p in found), (words, found)
    assert any("quizzes/grooming.md" in p and "Working Together 2018" in p for p in found), found
    assert any("glossary.yml" in p and "Keeping learners safe 2020" in p for p in found), found


def test_the_change_log_may_name_past_editions(tmp_path, today):
    copy = project_copy(tmp_path)
    page = copy / "docs" / "reference" / "changes.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nKCSIE 2025 was replaced.\n", encoding="utf-8")
    assert not [p for p in coursechecks.check_guidance(copy, today) if "changes.md" in str(p)]


def test_a_new_edition_due_turns_the_build_red(tmp_path):
    copy = project_copy(tmp_path)
    later = dt.date(2027, 7, 16)  # the day after KCSIE's next_expected
    found = [str(p) for p in coursechecks.check_guidance(copy, later)]
    assert any("guidance.yml" in p and "kcsie: next_expected" in p for p in found), found


def test_a_marker_naming_no_field_is_caught(tmp_path, today):
    copy = project_copy(tmp_path)
    page = copy / "docs" / "start-here.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ guidance:kcsie:colour }}\n", encoding="utf-8")
    found = [str(p) for p in coursechecks.check_guidance(copy, today)]
    assert any("docs/start-here.md" in p and "guidance:kcsie:colour" in p for p in found), found
