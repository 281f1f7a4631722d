"""`make moodle`: Moodle XML for Moodle's core question import, well formed, complete, correct
and stable. Each check returns problems naming the file (or the bank and line), so the self-tests
can plant a defect and show it is caught."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import ROOT
from test_qti import BANKS, bank_text, check_feedback_pairs, questions_of, text_of
from course.export import moodle_xml
from course.export import qti_export

# The grades Moodle's import accepts (question_bank::fraction_options_full), as percentages.
MOODLE_GRADES = {"100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
                 "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0"}
CLOZE = re.compile(r"\{1:SHORTANSWER:=((?:\\.|[^}\\])*)\}")


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    first, second = tmp_path_factory.mktemp("moodle-a"), tmp_path_factory.mktemp("moodle-b")
    a, _ = moodle_xml.export(ROOT / "quizzes", first)
    b, _ = moodle_xml.export(ROOT / "quizzes", second)
    return a.read_bytes(), a, b


def grade_ok(fraction: str) -> bool:
    return fraction.lstrip("-") in MOODLE_GRADES


def check_moodle(label: str, data: bytes, banks: list[Path]) -> list[str]:
    try:
        quiz = ET.fromstring(data)
    except ET.ParseError as error:
        return [f"{label}: not well-formed XML: {error}"]
    problems = []
    groups: list[tuple[str, list[ET.Element]]] = []
    for q in quiz.iter("question"):
        if q.get("type") == "category":
            groups.append((q.findtext("category/text"), []))
        elif groups:
            groups[-1][1].append(q)
        else:
            problems.append(f"{label}: a question before any category")
    want = [f"$course$/top/{qti_export.TITLE}/{qti_export.bank_title(b)}" for b in banks]
    if [g[0] for g in groups] != want:
        return problems + [f"{label}: categories {[g[0] for g in groups]}, expected one per module: {want}"]
    names = [q.findtext("name/text") for _, qs in groups for q in qs]
    problems += [f"{label}: question name {n!r} is used twice" for n in sorted(set(names)) if names.count(n) > 1]
    for bank, (_, questions) in zip(banks, groups):
        where = bank.relative_to(ROOT) if bank.is_relative_to(ROOT) else bank
        expected = questions_of(bank)
        if len(questions) != len(expected):
            problems.append(f"{label}: {where} has {len(expected)} questions but its category has {len(questions)}")
            continue
        for want_q, q in zip(expected, questions):
            at = f"{where}:{want_q.line}"
            ident = q.findtext("idnumber")
            if not re.fullmatch(rf"{re.escape(qti_export.bank_slug(bank))}_[0-9a-f]{{12}}", ident or "") \
                    or not q.findtext("name/text", "").endswith(f"[{ident}]"):
                problems.append(f"{at}: question ID number {ident!r} is not its stable identifier, or its name lacks it")
            general = text_of(q.find("generalfeedback/text"))
            if bank_text(want_q.explanation)[:60] not in general:
                problems.append(f"{at}: the explanation is not the general feedback")
            if want_q.blanks:
                if q.get("type") != "cloze":
                    problems.append(f"{at}: a fill-in question exported as {q.get('type')}, not cloze")
                got = [re.sub(r"\\(.)", r"\1", v) for v in CLOZE.findall(q.findtext("questiontext/text", ""))]
                if got != want_q.blanks:
                    problems.append(f"{at}: blanks {got}, the bank says {want_q.blanks}")
                continue
            if q.get("type") != "multichoice":
                problems.append(f"{at}: exported as {q.get('type')}, not multichoice")
                continue
            multiple = want_q.kind == "multiple"
            if q.findtext("single") != ("false" if multiple else "true"):
                problems.append(f"{at}: single is {q.findtext('single')}, but the bank's question is {want_q.kind}")
            answers = [(text_of(a.find("text")), a.get("fraction"), text_of(a.find("feedback/text"))) for a in q.findall("answer")]
            if sorted(t for t, _, _ in answers) != sorted(map(bank_text, want_q.options)):
                problems.append(f"{at}: options {[t for t, _, _ in answers]} differ from the bank's")
            right = sorted(t for t, f, _ in answers if float(f) > 0)
            if right != sorted(map(bank_text, want_q.correct)):
                problems.append(f"{at}: graded right {right}, the bank says {sorted(map(bank_text, want_q.correct))}")
            problems += [f"{at}: grade {f} for {t[:30]!r} is not one Moodle's import accepts" for t, f, _ in answers if not grade_ok(f)]
            total = sum(float(f) for _, f, _ in answers if float(f) > 0)
            if round(total, 2) != 100:
                problems.append(f"{at}: the right options' grades add up to {total}, not 100")
            wrong = [float(f) for t, f, _ in answers if t not in right]
            if multiple and any(f >= 0 for f in wrong):
                problems.append(f"{at}: a wrong option of a multiple-answer question is not negative, so ticking all scores")
            if not multiple and any(f != 0 for f in wrong):
                problems.append(f"{at}: a wrong option of a single-answer question is not graded 0")
            problems += check_feedback_pairs(at, {t: fb for t, _, fb in answers}, want_q)
    return problems


# The tests ------------------------------------------------------------------------------------

def test_the_export_matches_the_banks(exports):
    data, path, _ = exports
    assert BANKS, "quizzes/ holds no learners' banks"
    assert not (problems := check_moodle(path.name, data, BANKS)), "\n".join(problems)


def test_two_exports_are_byte_identical(exports):
    _, a, b = exports
    assert a.read_bytes() == b.read_bytes(), f"{a.name}: two exports of the same banks differ"


def test_no_comment_or_marker_reaches_moodle(exports):
    data, path, _ = exports
    for leak in (b"<!--", b"objective:", b"{{"):
        assert leak not in data, f"{path.name}: {leak.decode()!r} leaks into the export"


def test_fill_in_blanks_become_cloze(tmp_path):
    """No learner bank may have a fill-in question today, so borrow one: Start here's."""
    src = tmp_path / "quizzes"
    src.mkdir()
    shutil.copy(ROOT / "quizzes" / "start-here.md", src / "blanks.md")
    bank = src / "blanks.md"
    if not any(q.blanks for q in questions_of(bank)):
        pytest.fail("quizzes/start-here.md:1: the cloze check borrows its fill-in question, and it has none")
    path, _ = moodle_xml.export(src, tmp_path / "out")
    data = path.read_bytes()
    assert b'type="cloze"' in data
    assert not (problems := check_moodle(path.name, data, [bank])), "\n".join(problems)


# Self-tests: each check catches a planted defect ----------------------------------------------

def test_self_test_a_wrong_grade_is_caught(exports):
    data, path, _ = exports
    text = data.decode()
    planted = text.replace('fraction="100"', 'fraction="90"', 1)
    problems = check_moodle(path.name, planted.encode(), BANKS)
    assert any("add up to 90" in p and p.startswith("quizzes/") for p in problems), problems


def test_self_test_a_positive_wrong_option_and_an_odd_grade_are_caught(exports):
    data, path, _ = exports
    text = data.decode()
    negative = re.search(r'fraction="-([0-9.]+)"', text)
    planted = text.replace(negative.group(0), 'fraction="0"', 1)
    problems = check_moodle(path.name, planted.encode(), BANKS)
    assert any("not negative" in p for p in problems), problems
    odd = text.replace(negative.group(0), 'fraction="-45"', 1)
    problems = check_moodle(path.name, odd.encode(), BANKS)
    assert any("-45 for" in p and "not one Moodle's import accepts" in p for p in problems), problems


def test_self_test_lost_feedback_and_a_lost_question_are_caught(exports):
    data, path, _ = exports
    quiz = ET.fromstring(data)
    first = next(q for q in quiz.iter("question") if q.get("type") == "multichoice")
    first.find("answer/feedback/text").text = ""
    problems = check_moodle(path.name, ET.tostring(quiz), BANKS)
    assert any("shows the feedback ''" in p and p.startswith("quizzes/") for p in problems), problems
    quiz.remove(first)
    problems = check_moodle(path.name, ET.tostring(quiz), BANKS)
    assert any("questions but its category has" in p for p in problems), problems


def test_self_test_feedback_on_the_wrong_option_is_caught(exports):
    """Two options' feedback swapped: each note is still in the question, but on the wrong option."""
    data, path, _ = exports
    quiz = ET.fromstring(data)
    first = next(q for q in quiz.iter("question") if q.get("type") == "multichoice")
    a, b = (answer.find("feedback/text") for answer in first.findall("answer")[:2])
    a.text, b.text = b.text, a.text
    problems = check_moodle(path.name, ET.tostring(quiz), BANKS)
    assert sum("shows the feedback" in p for p in problems) == 2 and all(p.startswith("quizzes/") for p in problems), problems


def test_self_test_malformed_xml_and_a_missing_category_are_caught(exports):
    data, path, _ = exports
    assert "not well-formed" in check_moodle(path.name, data.replace(b"</quiz>", b""), BANKS)[0]
    one_less = re.sub(rb'<question type="category">.*?</question>', b"", data, count=1, flags=re.DOTALL)
    assert any("expected one per module" in p for p in check_moodle(path.name, one_less, BANKS))
