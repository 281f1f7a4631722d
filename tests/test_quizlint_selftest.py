"""The answer-key linter rejects each kind of malformed bank, naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest

import quizlint

GOOD = """<quiz>
Which is right?
- [x] Right answer
> Why it is right.
- [ ] Wrong answer
> The misconception, corrected.
- [ ] Another wrong answer
> Another misconception, corrected.

The explanation.
</quiz>
"""

FILL_IN = """<quiz>
In an emergency, call [[999]].
---
The explanation.
</quiz>
"""

# (name, bank text, words the problem must contain, line it must name)
MALFORMED = [
    ("unclosed", GOOD.replace("</quiz>", ""), "never closed", 1),
    ("typo in closing tag", GOOD.replace("</quiz>", "</quiz >"), "malformed quiz tag", 11),
    ("capitalised tag", GOOD.replace("<quiz>", "<Quiz>"), "malformed quiz tag", 1),
    ("nested", GOOD.replace("Which is right?", "Which is right?\n<quiz>"), "opened inside", 3),
    ("stray closing tag", GOOD + "</quiz>\n", "without an opening", 12),
    ("unclosed then closed", GOOD.replace("</quiz>", "") + GOOD, "opened inside", 12),
    ("two options", GOOD.replace("- [ ] Another wrong answer\n> Another misconception, corrected.\n", ""), "at least 3", 1),
    ("no correct option", GOOD.replace("- [x]", "- [ ]"), "correct", 1),
    ("every option correct", GOOD.replace("- [ ]", "- [x]"), "every option is correct", 1),
    ("duplicate option", GOOD.replace("Another wrong answer", "Wrong answer"), "duplicate option", 1),
    ("missing feedback", GOOD.replace("> The misconception, corrected.\n", ""), "no '>' feedback", 1),
    ("missing explanation", GOOD.replace("\nThe explanation.\n", ""), "no explanation", 1),
    ("bad checkbox", GOOD.replace("- [ ] Wrong answer", "- [y] Wrong answer"), "rejects", 1),
    ("orphaned feedback", GOOD.replace("- [ ] Wrong answer\n>", "- [ ] Wrong answer\n\n>"), "rejects", 1),
    ("parsers disagree", GOOD.replace("- [ ] Another wrong answer", "-[ ] Another wrong answer"), "QTI export reads", 1),
    ("empty blank", FILL_IN.replace("[[999]]", "[[ ]] or [[999]]"), "empty fill-in blank", 1),
    ("fill-in without explanation", FILL_IN.replace("---\nThe explanation.\n", ""), "no explanation", 1),
    ("no quizzes at all", "Just prose.\n", "no <quiz> blocks", 1),
    ("recall tagged dsl", "<!-- objective: 2; recall; dsl -->\n" + GOOD, "recall question cannot be tagged dsl", 1),
    ("malformed objective tag", "<!-- objective: 2; dsl; scenario -->\n" + GOOD, "malformed objective tag", 1),
    ("verdict in feedback", GOOD.replace("> The misconception, corrected.", "> Not so. The misconception, corrected."),
     "starts with a verdict", 1),
    ("verdict with a comma", GOOD.replace("> Why it is right.", "> Right, and here is why."), "starts with a verdict", 1),
]


TAGGED = "<!-- objective: 3; scenario; dsl -->\n" + GOOD + "\n<!-- objective: 1; recall -->\n" + GOOD.replace("right?", "true?")


@pytest.mark.parametrize("good", [GOOD, FILL_IN, GOOD + "\n" + FILL_IN, TAGGED], ids=["choice", "fill-in", "both", "tagged"])
def test_a_good_bank_passes(good):
    questions, problems = quizlint.lint_text(good, Path("good.md"))
    assert not problems, "\n".join(map(str, problems))
    assert questions


@pytest.mark.parametrize("name,text,expected,line", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_bank_is_rejected_at_its_line(name, text, expected, line):
    _, problems = quizlint.lint_text(text, Path("bad.md"))
    matching = [p for p in problems if expected in p.message]
    assert matching, f"{name}: expected a problem containing {expected!r}, got {[str(p) for p in problems]}"
    assert any(p.line == line for p in matching), f"{name}: expected line {line}, got {[str(p) for p in matching]}"
    assert str(matching[0]).startswith("bad.md:"), "the problem must name the file"


# Cues: a bank a test-wise guesser could pass without the course ------------------------------

def _single(right_at: int, right: str, wrongs: list[str]) -> str:
    options = list(wrongs)
    options.insert(right_at, right)
    lines = ["<quiz>", "Which would the DSL do?"]
    for text in options:
        lines += [f"- [{'x' if text == right else ' '}] {text}", "> Why."]
    return "\n".join(lines + ["", "The explanation.", "</quiz>", ""])


def _multiple(marks: list[bool], texts: list[str]) -> str:
    lines = ["<quiz>", "Which apply? Choose all that apply."]
    for mark, text in zip(marks, texts):
        lines += [f"- [{'x' if mark else ' '}] {text}", "> Why."]
    return "\n".join(lines + ["", "The explanation.", "</quiz>", ""])


def _report(text: str) -> list[str]:
    questions, problems = quizlint.lint_text(text, Path("quizzes/planted.md"))
    assert not problems, problems
    return [str(p) for p in quizlint.cue_report(questions).problems(Path("quizzes/planted.md"))]


def test_a_bank_whose_right_option_is_always_longest_and_in_the_middle_is_rejected():
    bank = "".join(_single(1, f"Consult children's social care today and record the reasons, case {n}",
                           [f"Wait and see, case {n}", f"Tell the parents first, case {n}"]) for n in range(6))
    found = _report(bank)
    assert any("quizzes/planted.md:1" in p and "longest" in p for p in found), found
    assert any("second option" in p for p in found), found


def test_a_bank_whose_wrong_option_is_always_the_absolute_one_is_rejected():
    bank = "".join(_multiple([True, True, True, False],
                             [f"Record it {n}", f"Tell the DSL {n}", f"Keep the child in view {n}", f"Never tell anyone {n}"])
                   for n in range(4))
    found = _report(bank)
    assert any("absolute word" in p for p in found), found
    assert any("every option but one right" in p for p in found), found


def test_a_bank_without_cues_passes():
    texts = ["Refer to children's social care", "Consult the LADO on the same day", "Record it and monitor in school"]
    bank = "".join(_single(n % 3, texts[n % 3], [t for t in texts if t != texts[n % 3]]) for n in range(6))
    bank += _multiple([True, False, False, True], ["Record the reasons", "Wait for proof", "Ask the child to show it", "Tell the LADO"])
    bank += _multiple([False, True, False, False], ["Delete it from the phone", "Call the police now", "Send it to the DSL", "Ask for a copy"])
    bank += _multiple([True, True, True, False], ["Check the child is safe", "Agree a safety plan", "Tell the parents", "Search the phone"])
    assert _report(bank) == []


def test_tags_are_read_and_a_dsl_question_is_a_scenario():
    questions, problems = quizlint.lint_text(TAGGED, Path("good.md"))
    assert not problems, problems
    assert [(q.objective, q.scenario, q.dsl) for q in questions] == [(3, True, True), (1, False, False)]


def test_a_bank_whose_tone_gives_the_answer_away_is_rejected():
    """Right options always urgent, wrong ones always deferring. Every option is 40 characters and
    the right one moves round, so only the tone guessers can catch it."""
    rights = ["Refer it to children's social care today", "Report it to the police now, with a note",
              "Consult social care today, and record it"]
    wrongs = [["Wait for a second sign, then think again", "Agree with the colleague; file the note."],
              ["Leave it for the termly review, then see", "Log it and look again when more is known"],
              ["Accept the explanation and move on again", "Monitor it for a month before doing more"]]
    assert {len(t) for t in rights + sum(wrongs, [])} == {40}
    bank = "".join(_single(n % 3, rights[n % 3], wrongs[n % 3]) for n in range(6))
    bank += "".join(_multiple([True, False, True, False],
                              [f"Refer it today {n}", f"Wait and see {n}", f"Report it to the police {n}", f"Agree to leave it {n}"])
                    for n in range(3))
    found = _report(bank)
    assert any("quizzes/planted.md:1" in p and "starting Agree, Accept, Wait, Leave" in p for p in found), found
    assert any("saying refer, report, today, now or police scores" in p for p in found), found
    assert any("ticking every option without a deferring verb" in p for p in found), found
    assert any("ticking every option saying refer, report" in p for p in found), found
    assert not any("longest" in p or "shortest" in p or "position" in p for p in found), found


def test_agreeing_or_waiting_can_be_right():
    """The tone guessers measure a habit, not a rule: a bank where agreeing, watching or logging is
    right as often as referring passes them."""
    questions = [("Agree with the deputy and record the reasons", ["Refer to social care today and record it",
                                                                   "Ask the pupil to show you the messages"]),
                 ("Report it to the police now and record it", ["Wait until the parent writes it down first",
                                                                "Ask the teacher for his account of it"]),
                 ("Log it as a low-level concern and thank him", ["Consult the LADO today about the concern",
                                                                 "Search his email for other messages"])]
    bank = "".join(_single(n % 3, *questions[(n + n // 3) % 3]) for n in range(6))
    found = _report(bank)
    assert not any("Agree, Accept" in p or "refer, report, today" in p for p in found), found
