"""The answer-key linter rejects each kind of malformed bank, naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from course.checks import quizlint

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


# How each item is written: the item's comment and reasons in options ------------------------

META = """<!-- misconceptions
key: act
2: Believing the wrong thing. Source: a practice review.
3: Believing another wrong thing. Source: the guidance's own warning.
-->
"""

WRITING = [
    ("no comment", GOOD, "no <!-- misconceptions", 1),
    ("a wrong option without a misconception", META.replace("3: Believing another wrong thing. Source: the guidance's own warning.\n", "") + GOOD,
     "wrong option 3", 1),
    ("a misconception for the right option", META.replace("2:", "1:") + GOOD, "which is a right option", 1),
    ("a misconception without its source", META.replace("Source: a practice review.", "from nowhere") + GOOD, "names no 'Source:'", 3),
    ("no key line", META.replace("key: act\n", "") + GOOD, "no 'key: act|hold|fact'", 1),
    ("a bad key", META.replace("key: act", "key: soon") + GOOD, "should be act, hold or fact", 2),
    ("a bad speaker", META.replace("key: act", "key: act\nspeaker: deputy") + GOOD, "should be 'ROLE, right'", 3),
    ("an unreadable line", META.replace("key: act", "key: act\nwhatever this is") + GOOD, "unreadable line", 3),
    ("a fill-in without its blank line", META.replace("2: Believing", "x2: Believing").replace("x2: Believing the wrong thing. Source: a practice review.\n", "").replace("3: Believing another wrong thing. Source: the guidance's own warning.\n", "") + FILL_IN,
     "needs a 'blank:", 1),
    ("one option justifies itself", META + GOOD.replace("- [ ] Wrong answer", "- [ ] Wrong answer, since it is safer"),
     "carry their own reason", 6),
    ("a reason with 'so that'", META + GOOD.replace("- [ ] Another wrong answer", "- [ ] Another wrong answer so that nobody worries"),
     "carry their own reason", 6),
]


@pytest.mark.parametrize("name,text,expected,line", WRITING, ids=[w[0] for w in WRITING])
def test_a_badly_written_item_is_rejected_at_its_line(name, text, expected, line):
    questions, problems = quizlint.lint_text(text, Path("bad.md"))
    assert not problems, problems
    found = quizlint.writing_problems(questions, Path("bad.md"))
    matching = [p for p in found if expected in p.message]
    assert matching, f"{name}: expected a problem containing {expected!r}, got {[str(p) for p in found]}"
    assert any(p.line == line for p in matching), f"{name}: expected line {line}, got {[str(p) for p in matching]}"


@pytest.mark.parametrize("good", [META + GOOD, META + GOOD.replace("Right answer", "Right answer, since it works")
                                  .replace("- [ ] Wrong answer", "- [ ] Wrong answer, since it is safer")
                                  .replace("- [ ] Another wrong answer", "- [ ] Another wrong answer, since it is quick"),
                                  "<!-- misconceptions\nkey: fact\nblank: 101, the police non-emergency number. Source: a common training question.\n-->\n" + FILL_IN],
                         ids=["plain", "reasons in every option", "fill-in"])
def test_a_well_written_item_passes(good):
    questions, problems = quizlint.lint_text(good, Path("good.md"))
    assert not problems, problems
    assert quizlint.writing_problems(questions, Path("good.md")) == []


def _meta_single(right_at: int, right: str, wrongs: list[str], stem: str = "Which would the DSL do?",
                 key: str = "act", speaker: str | None = None) -> str:
    numbers = [n for n in range(1, len(wrongs) + 2) if n != right_at + 1]
    lines = ["<!-- misconceptions", f"key: {key}"] + ([f"speaker: {speaker}"] if speaker else [])
    lines += [f"{n}: A belief. Source: a review." for n in numbers] + ["-->"]
    return "\n".join(lines) + "\n" + _single(right_at, right, wrongs).replace("Which would the DSL do?", stem)


# (name, the key, the wrong options, the question, words the guesser's problem must contain)
WORD_CUES = [
    ("a key that echoes the question", "Phone the duty social worker about the bruise, case {n}",
     ["Tell the head before lunch, case {n}", "Ask the form tutor to watch, case {n}"],
     "A pupil has a bruise. Who should phone the duty social worker?", "repeats most of the question's words"),
    ("a key the wrong options converge on", "Consult the LADO about the teacher today, item {n}",
     ["Consult the head about the teacher today, item {n}", "Phone a parent this week, item {n}"],
     "Which would the DSL do?", "shares most words with the other options"),
    ("the most specific key", "Ring CEOP within 24 hours as set out in KCSIE {n}",
     ["ring the helpline about it before the end of day {n}", "talk it over with the team in the staff room {n}"],
     "Which would the DSL do?", "most numbers, names and abbreviations"),
    ("the most hedged key", "It may apply, usually where the harm test is met {n}",
     ["It applies to every concern about any adult here {n}", "It applies to staff but not to the volunteers {n}"],
     "Which would the DSL do?", "most hedging words"),
]


@pytest.mark.parametrize("name,key,wrongs,stem,expected", WORD_CUES, ids=[c[0] for c in WORD_CUES])
def test_a_bank_with_a_word_cue_is_rejected(name, key, wrongs, stem, expected):
    bank = "".join(_meta_single(n % 3, key.format(n=n), [w.format(n=n) for w in wrongs], stem=stem) for n in range(6))
    found = _report(bank)
    assert any(expected in p for p in found), f"{name}: {found}"


def test_a_bank_where_rank_predicts_the_key_is_rejected():
    texts = ["Agree with the proposal and record why", "Refer it to social care today instead", "Ask the pupil for more detail first"]
    bank = ""
    for n, role in enumerate(["deputy", "head of year", "a colleague", "a governor", "the IT lead", "headteacher"]):
        senior = role in ("deputy", "head of year", "headteacher")
        right = 0 if senior else 1
        bank += _meta_single(n % 3, texts[right], [t for t in texts if t != texts[right]], key="hold" if senior else "act",
                             speaker=f"{role}, {'right' if senior else 'wrong'}")
    found = _report(bank)
    assert any("follows a head, deputy or head of year" in p for p in found), found


def test_a_bank_where_the_speaker_is_always_wrong_is_rejected():
    texts = ["Agree with the proposal and record why", "Refer it to social care today instead", "Ask the pupil for more detail first"]
    bank = "".join(_meta_single(n % 3, texts[1], [texts[0], texts[2]], key="act" if n % 2 else "hold",
                                speaker=f"{'deputy' if n % 2 else 'a colleague'}, wrong") for n in range(6))
    found = _report(bank)
    assert any("agreeing must not be always right or always wrong" in p for p in found), found


def test_a_bank_where_acting_is_always_the_key_is_rejected():
    texts = ["Refer it to social care today", "Record it and watch with a plan", "Ask the parents to come in"]
    bank = "".join(_meta_single(n % 3, texts[n % 3], [t for t in texts if t != texts[n % 3]], key="act") for n in range(6))
    found = _report(bank)
    assert any("neither acting now nor holding back" in p for p in found), found


def test_a_balanced_bank_with_speakers_passes_the_role_and_outcome_rules():
    texts = ["Agree with the proposal and record why", "Refer it to social care today instead", "Ask the pupil for more detail first"]
    plan = [("deputy", True, "hold"), ("a colleague", True, "hold"), ("head of year", False, "act"),
            ("a governor", False, "act"), ("headteacher", True, "act"), ("the IT lead", True, "hold")]
    bank = ""
    for n, (role, agree, key) in enumerate(plan):
        right = texts[0] if agree else texts[1]
        bank += _meta_single(n % 3, right, [t for t in texts if t != right], key=key,
                             speaker=f"{role}, {'right' if agree else 'wrong'}")
    found = _report(bank)
    assert not any("head, deputy" in p or "agreeing must not" in p or "holding back" in p for p in found), found


# Transfer, not recall -------------------------------------------------------------------------

ITEM = """<quiz>
A Year 6 boy in Cardiff tells his teacher that an older cousin keeps sending him game credits and
asks him to delete their chats each evening. What does the DSL do first?
- [x] Record his words and consult the local authority's children's services today.
> The pattern of gifts and secrecy meets the threshold.
- [ ] Ask his parents to check the console and report back next week.
> Parents may not see the risk, and a week is too long.
- [ ] Note it in the file and review the chats with him at half term.
> Waiting lets the pattern go on.

Gifts and secrecy together are a warning sign.
</quiz>
"""

OTHER = """<quiz>
In Belfast, a teaching assistant sees a sixth-former filming a younger pupil in the changing room
on her phone. Which body does the designated teacher contact?
- [x] The Gateway team in the Health and Social Care Trust.
> Gateway takes referrals about children at risk.
- [ ] The Education Authority's Child Protection Support Service.
> CPSS advises schools; it does not take the referral.
- [ ] The General Teaching Council for Northern Ireland.
> The GTCNI regulates teachers, not pupils.

The Trust's Gateway team takes the referral.
</quiz>
"""


def transfer(banks: dict[str, str], page_text: str, tmp_path: Path) -> list[str]:
    page = tmp_path / "page.md"
    page.write_text(page_text, encoding="utf-8")
    parsed = {}
    for name, text in banks.items():
        questions, problems = quizlint.lint_text(text, tmp_path / name)
        assert not problems, problems
        parsed[tmp_path / name] = questions
    return [str(p) for p in quizlint.transfer_problems(parsed, [page])]


EXAMPLE = ("# Page\n\n## Scenario 2: the game credits\n\nA Year 6 boy in Cardiff tells his teacher that an older cousin keeps "
           "sending him game credits and asks him to delete their chats each evening.\n\n"
           f"**{quizlint.SCENARIO_PROMPT}**\n\n??? example \"Model answer\"\n\n    Notice the gifts.\n")


def test_distinct_items_and_a_new_situation_pass(tmp_path):
    unrelated = EXAMPLE.replace("A Year 6 boy in Cardiff tells", "A parent in Leeds emails the office to say")
    unrelated = unrelated.replace("an older cousin keeps sending him game credits and asks him to delete their chats each evening",
                                  "the after-school club ran late twice this month without a register being kept")
    assert transfer({"a.md": ITEM, "b.md": OTHER}, unrelated, tmp_path) == []


def test_an_item_copied_with_a_few_words_changed_is_a_near_duplicate(tmp_path):
    copy = ITEM.replace("Cardiff", "Swansea").replace("Year 6", "Year 5").replace("first", "now")
    found = transfer({"a.md": ITEM, "b.md": OTHER + "\n" + copy}, "# Page\n", tmp_path)
    assert len(found) == 1 and "b.md:14" in found[0] and "near-duplicate of a.md:1" in found[0], found


def test_a_stem_cut_from_a_worked_example_is_a_replay(tmp_path):
    found = transfer({"a.md": ITEM, "b.md": OTHER}, EXAMPLE, tmp_path)
    assert len(found) == 1 and "a.md:1" in found[0] and "replays the worked example at page.md:3" in found[0], found
